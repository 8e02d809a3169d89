//! `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, Twilio's shape.

use serde_json::json;

use crate::support::{basic, messages_path, Answer, Server, ACCOUNT};

const REMINDER: [(&str, &str); 3] = [
    ("To", "+33612345678"),
    ("From", "+15005550006"),
    ("Body", "Reminder: Haircut with Ana tomorrow at 10:00."),
];

fn assert_twilio_error(answer: &Answer, status: u16, code: u64) {
    assert_eq!(answer.status, status, "{}", answer.text());
    let body = answer.json();
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(body["status"], status, "{body}");
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    assert_eq!(
        body["more_info"],
        format!("https://www.twilio.com/docs/errors/{code}"),
        "{body}"
    );
}

#[test]
fn an_sms_is_created_as_a_queued_message_resource_and_listed() {
    let server = Server::start();
    let created = server.sms(Some("reminder-1"), &REMINDER);
    assert_eq!(created.status, 201, "{}", created.text());
    let m = created.json();
    let sid = m["sid"].as_str().expect("a sid");
    assert!(sid.starts_with("SM") && sid.len() == 34, "{sid}");
    assert_eq!(m["status"], "queued");
    assert_eq!(m["to"], "+33612345678");
    assert_eq!(m["from"], "+15005550006");
    assert_eq!(m["body"], "Reminder: Haircut with Ana tomorrow at 10:00.");
    assert_eq!(m["account_sid"], ACCOUNT);
    assert_eq!(m["direction"], "outbound-api");
    assert_eq!(m["num_segments"], "1");
    assert_eq!(
        m["uri"],
        format!("/2010-04-01/Accounts/{ACCOUNT}/Messages/{sid}.json")
    );
    let date = m["date_created"].as_str().expect("date_created");
    assert!(date.ends_with(" +0000") && date.len() == 31, "{date}");

    let listed = server.messages(Some("+33612345678"));
    assert_eq!(listed.len(), 1);
    let l = &listed[0];
    assert_eq!(l["id"], sid);
    assert_eq!(l["channel"], "sms");
    assert_eq!(l["to"], json!(["+33612345678"]));
    assert_eq!(l["from"], "+15005550006");
    assert_eq!(l["text"], "Reminder: Haircut with Ana tomorrow at 10:00.");
    assert_eq!(l["subject"], serde_json::Value::Null);
    assert_eq!(l["idempotency_key"], "reminder-1");
}

#[test]
fn basic_auth_must_name_the_account_in_the_path_and_carry_a_password() {
    let server = Server::start();
    let other = "ACffffffffffffffffffffffffffffffff";
    let cases = [
        (messages_path(ACCOUNT), None),
        (messages_path(ACCOUNT), Some(basic(other, "token"))),
        (messages_path(ACCOUNT), Some(basic(ACCOUNT, ""))),
        (messages_path(ACCOUNT), Some(format!("Bearer {ACCOUNT}"))),
        (
            messages_path("not-an-account"),
            Some(basic("not-an-account", "token")),
        ),
    ];
    for (path, auth) in cases {
        let mut request = server.request("POST", &path);
        if let Some(auth) = &auth {
            request = request.set("authorization", auth);
        }
        let answer = Server::send(
            request.set("content-type", "application/x-www-form-urlencoded"),
            Some(b"To=%2B33612345678&From=%2B15005550006&Body=Hi"),
        );
        assert_twilio_error(&answer, 401, 20003);
        assert_eq!(
            answer.header("www-authenticate"),
            Some("Basic realm=\"Twilio API\""),
            "{auth:?}"
        );
    }
    assert!(server.messages(None).is_empty());
}

#[test]
fn a_missing_to_from_or_body_is_400_with_twilios_code() {
    let server = Server::start();
    for (missing, code) in [("To", 21604), ("From", 21603), ("Body", 21602)] {
        let params: Vec<(&str, &str)> = REMINDER
            .iter()
            .copied()
            .filter(|(n, _)| *n != missing)
            .collect();
        assert_twilio_error(&server.sms(None, &params), 400, code);
    }
    // Parameters sent as JSON are no parameters at all, as at Twilio.
    let as_json = Server::send(
        server
            .request("POST", &messages_path(ACCOUNT))
            .set("authorization", &basic(ACCOUNT, "token"))
            .set("content-type", "application/json"),
        Some(
            json!({"To": "+33612345678", "From": "+15005550006", "Body": "Hi"})
                .to_string()
                .as_bytes(),
        ),
    );
    assert_twilio_error(&as_json, 400, 21604);
    assert!(server.messages(None).is_empty());
}

#[test]
fn invalid_numbers_and_overlong_bodies_are_400() {
    let server = Server::start();
    let long = "a".repeat(1601);
    let cases = [
        ([("To", "0612345678"), REMINDER[1], REMINDER[2]], 21211),
        ([REMINDER[0], ("From", "+0"), REMINDER[2]], 21212),
        ([REMINDER[0], REMINDER[1], ("Body", long.as_str())], 21617),
    ];
    for (params, code) in cases {
        assert_twilio_error(&server.sms(None, &params), 400, code);
    }
    assert!(server.messages(None).is_empty());
    let longest = "a".repeat(1600);
    let created = server.sms(
        None,
        &[REMINDER[0], ("From", "Chairtime"), ("Body", &longest)],
    );
    assert_eq!(
        created.status, 201,
        "an alphanumeric sender and 1600 characters pass"
    );
    assert_eq!(created.json()["num_segments"], "11");
}

#[test]
fn a_repeated_idempotency_key_returns_the_same_sid_and_stores_once() {
    let server = Server::start();
    let first = server.sms(Some("r-1"), &REMINDER);
    let mut reordered = REMINDER;
    reordered.reverse();
    let second = server.sms(Some("r-1"), &reordered);
    assert_eq!((first.status, second.status), (201, 201));
    assert_eq!(first.json(), second.json(), "the same resource again");
    assert_eq!(server.messages(None).len(), 1);

    let changed = server.sms(
        Some("r-1"),
        &[REMINDER[0], REMINDER[1], ("Body", "Changed")],
    );
    assert_twilio_error(&changed, 409, 20409);
    assert_eq!(server.messages(None).len(), 1);
}

#[test]
fn one_key_on_email_and_on_sms_names_two_messages() {
    let server = Server::start();
    assert_eq!(server.sms(Some("shared"), &REMINDER).status, 201);
    assert_eq!(
        server
            .email(Some("shared"), &crate::support::email_to("zoe@example.com"))
            .status,
        200
    );
    assert_eq!(server.messages(None).len(), 2);
}

#[test]
fn only_post_is_allowed_on_messages() {
    let server = Server::start();
    let listed = server.get(&messages_path(ACCOUNT));
    assert_eq!(listed.status, 405);
    assert_eq!(listed.header("allow"), Some("POST"));
}
