//! The test API: listing, one message, clearing, faults.

use serde_json::{json, Value};

use crate::support::{b64, email_to, Server};

fn sms_to(server: &Server, to: &str) -> String {
    let created = server.sms(
        None,
        &[("To", to), ("From", "+15005550006"), ("Body", "Hi")],
    );
    assert_eq!(created.status, 201, "{}", created.text());
    created.json()["sid"].as_str().unwrap().to_owned()
}

fn email_id(server: &Server, key: Option<&str>, body: &Value) -> String {
    let sent = server.email(key, body);
    assert_eq!(sent.status, 200, "{}", sent.text());
    sent.json()["id"].as_str().unwrap().to_owned()
}

#[test]
fn the_listing_is_newest_first_and_filters_on_any_recipient() {
    let server = Server::start();
    let first = email_id(&server, None, &email_to("ana@example.com"));
    let second = sms_to(&server, "+33612345678");
    let mut both = email_to("ana@example.com");
    both["to"] = json!(["ana@example.com", "Bea <bea@example.com>"]);
    let third = email_id(&server, None, &both);

    let ids = |listed: Vec<Value>| -> Vec<String> {
        listed
            .iter()
            .map(|m| m["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        ids(server.messages(None)),
        [third.as_str(), &second, &first]
    );
    assert_eq!(
        ids(server.messages(Some("ana@example.com"))),
        [third.as_str(), &first]
    );
    assert_eq!(
        ids(server.messages(Some("bea@example.com"))),
        [third.as_str()]
    );
    assert_eq!(
        ids(server.messages(Some("+33612345678"))),
        [second.as_str()]
    );
    assert!(server.messages(Some("nobody@example.com")).is_empty());
    // A `+` typed into a URL stays a plus, so a phone number can be looked up by hand.
    let typed = server.get("/api/messages?to=+33612345678");
    assert_eq!(typed.json()["messages"][0]["id"], second.as_str());
}

#[test]
fn unknown_or_repeated_query_parameters_are_400() {
    let server = Server::start();
    for query in ["?too=a@example.com", "?to=a@example.com&to=b@example.com"] {
        let answer = server.get(&format!("/api/messages{query}"));
        assert_eq!(answer.status, 400, "{query}");
        assert_eq!(answer.json()["error"]["code"], "invalid_query");
    }
}

#[test]
fn one_message_carries_its_attachments_contents_in_base64() {
    let server = Server::start();
    let ics = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nSEQUENCE:0\r\nEND:VCALENDAR\r\n";
    let mut body = email_to("zoe@example.com");
    body["attachments"] = json!([{ "filename": "booking.ics", "content": b64(ics.as_bytes()) }]);
    let id = email_id(&server, None, &body);

    let one = server.get(&format!("/api/messages/{id}"));
    assert_eq!(one.status, 200);
    let m = one.json();
    assert_eq!(m["id"], id.as_str());
    assert_eq!(m["attachments"][0]["content"], b64(ics.as_bytes()));
    assert_eq!(m["attachments"][0]["content_type"], "text/calendar");
    assert!(
        server.messages(None)[0]["attachments"][0]
            .get("content")
            .is_none(),
        "the listing stays small"
    );
    let missing = server.get("/api/messages/no-such-id");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.json()["error"]["code"], "not_found");
}

#[test]
fn deleting_forgets_messages_and_their_idempotency_keys() {
    let server = Server::start();
    let before = email_id(&server, Some("k"), &email_to("zoe@example.com"));
    sms_to(&server, "+33612345678");
    let cleared = Server::send(server.request("DELETE", "/api/messages"), None);
    assert_eq!(cleared.status, 200);
    assert_eq!(cleared.json()["deleted"], 2);
    assert!(server.messages(None).is_empty());
    let after = email_id(&server, Some("k"), &email_to("zoe@example.com"));
    assert_ne!(before, after);
    assert_eq!(server.messages(None).len(), 1);
}

#[test]
fn faults_fail_the_next_provider_requests_and_store_nothing() {
    let server = Server::start();
    let armed = server.post_json("/api/faults", &json!({"fail_next": 2, "status": 503}));
    assert_eq!(armed.status, 200, "{}", armed.text());
    assert_eq!(
        armed.json(),
        json!({"fail_next": 2, "status": 503, "to": null})
    );

    let email = server.email(Some("k"), &email_to("zoe@example.com"));
    assert_eq!(email.status, 503);
    assert_eq!(email.json()["statusCode"], 503);
    assert_eq!(email.json()["name"], "application_error");
    let sms = server.sms(
        None,
        &[
            ("To", "+33612345678"),
            ("From", "+15005550006"),
            ("Body", "Hi"),
        ],
    );
    assert_eq!(sms.status, 503);
    assert_eq!(sms.json()["code"], 20503);
    assert_eq!(sms.json()["status"], 503);
    assert!(server.messages(None).is_empty());

    // The failed request recorded nothing, so its retry with the same key is stored.
    let retried = server.email(Some("k"), &email_to("zoe@example.com"));
    assert_eq!(retried.status, 200);
    assert_eq!(server.messages(None).len(), 1);
}

#[test]
fn faults_default_to_500_and_may_target_one_recipient() {
    let server = Server::start();
    let armed = server.post_json(
        "/api/faults",
        &json!({"fail_next": 1, "to": "zoe@example.com"}),
    );
    assert_eq!(armed.json()["status"], 500);
    assert_eq!(server.email(None, &email_to("ana@example.com")).status, 200);
    let failed = server.email(None, &email_to("Zoé <zoe@example.com>"));
    assert_eq!(failed.status, 500);
    assert_eq!(failed.json()["name"], "internal_server_error");
    assert_eq!(
        server.email(None, &email_to("zoe@example.com")).status,
        200,
        "only one"
    );

    server.post_json("/api/faults", &json!({"fail_next": 5}));
    let cancelled = server.post_json("/api/faults", &json!({"fail_next": 0}));
    assert_eq!(cancelled.status, 200);
    assert_eq!(server.email(None, &email_to("ana@example.com")).status, 200);
}

#[test]
fn fault_requests_are_validated() {
    let server = Server::start();
    let cases = [
        json!({}),
        json!({"fail_next": -1}),
        json!({"fail_next": 1.5}),
        json!({"fail_next": "2"}),
        json!({"fail_next": 1, "status": 200}),
        json!({"fail_next": 1, "status": "500"}),
        json!({"fail_next": 1, "status": 600}),
        json!({"fail_next": 1, "to": 5}),
        json!({"fail_next": 1, "fail_after": 2}),
    ];
    for body in cases {
        let answer = server.post_json("/api/faults", &body);
        assert_eq!(answer.status, 422, "{body}: {}", answer.text());
        assert_eq!(answer.json()["error"]["code"], "validation", "{body}");
    }
    let not_json = Server::send(server.request("POST", "/api/faults"), Some(b"fail_next=1"));
    assert_eq!(not_json.status, 400);
    assert_eq!(
        server.email(None, &email_to("zoe@example.com")).status,
        200,
        "nothing armed"
    );
}
