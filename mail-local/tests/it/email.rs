//! `POST /emails`, Resend's shape.

use serde_json::{json, Value};

use crate::support::{b64, email_to, Server};

fn assert_resend_error(answer: &crate::support::Answer, status: u16, name: &str, field: &str) {
    assert_eq!(answer.status, status, "{}", answer.text());
    let body = answer.json();
    assert_eq!(body["statusCode"], status, "{body}");
    assert_eq!(body["name"], name, "{body}");
    let message = body["message"].as_str().unwrap_or_default();
    assert!(
        message.contains(&format!("`{field}`")),
        "{message} names {field}"
    );
}

#[test]
fn an_email_is_answered_with_an_id_and_listed_with_every_field() {
    let server = Server::start();
    let ics = b"BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n";
    let sent = server.email(
        Some("booking-1/confirmation"),
        &json!({
            "from": "Chairtime <bookings@chairtime.localhost>",
            "to": "zoe@example.com",
            "reply_to": ["hello@fifi.example"],
            "subject": "Your booking is confirmed",
            "text": "See you on Tuesday.",
            "html": "<p>See you on Tuesday.</p>",
            "attachments": [{ "filename": "booking.ics", "content": b64(ics) }],
        }),
    );
    assert_eq!(sent.status, 200, "{}", sent.text());
    assert_eq!(sent.content_type, "application/json");
    let id = sent.json()["id"].as_str().expect("an id").to_owned();
    assert_eq!(id.len(), 36, "a UUID: {id}");

    let listed = server.messages(None);
    assert_eq!(listed.len(), 1);
    let m = &listed[0];
    assert_eq!(m["id"], id.as_str());
    assert_eq!(m["channel"], "email");
    assert_eq!(m["to"], json!(["zoe@example.com"]));
    assert_eq!(m["from"], "Chairtime <bookings@chairtime.localhost>");
    assert_eq!(m["reply_to"], json!(["hello@fifi.example"]));
    assert_eq!(m["subject"], "Your booking is confirmed");
    assert_eq!(m["text"], "See you on Tuesday.");
    assert_eq!(m["html"], "<p>See you on Tuesday.</p>");
    assert_eq!(
        m["attachments"],
        json!([{ "filename": "booking.ics", "content_type": "text/calendar", "size": ics.len() }])
    );
    assert_eq!(m["idempotency_key"], "booking-1/confirmation");
    let received = m["received_at"].as_str().expect("received_at");
    assert!(
        received.ends_with('Z') && received.parse::<jiff::Timestamp>().is_ok(),
        "{received}"
    );
}

#[test]
fn to_may_be_one_address_or_an_array_of_named_addresses() {
    let server = Server::start();
    let mut body = email_to("a@example.com");
    body["to"] = json!(["a@example.com", "Bea <bea@example.com>"]);
    assert_eq!(server.email(None, &body).status, 200);
    let listed = server.messages(Some("BEA@example.com"));
    assert_eq!(
        listed.len(),
        1,
        "the filter matches any recipient, in any case"
    );
    assert_eq!(
        listed[0]["to"],
        json!(["a@example.com", "Bea <bea@example.com>"])
    );
    assert_eq!(listed[0]["idempotency_key"], Value::Null);
    assert_eq!(listed[0]["reply_to"], json!([]));
}

#[test]
fn a_missing_or_empty_bearer_key_is_401_and_stores_nothing() {
    let server = Server::start();
    let body = email_to("zoe@example.com").to_string();
    let without = Server::send(server.request("POST", "/emails"), Some(body.as_bytes()));
    assert_eq!(without.status, 401);
    assert_eq!(without.json()["name"], "missing_api_key");
    assert_eq!(without.json()["statusCode"], 401);
    for header in ["Bearer ", "Bearer", "Basic cmU6eA==", "re_test_key"] {
        let answer = Server::send(
            server
                .request("POST", "/emails")
                .set("authorization", header),
            Some(body.as_bytes()),
        );
        assert_eq!(answer.status, 401, "{header:?}: {}", answer.text());
        assert!(answer.json()["message"].is_string());
    }
    assert!(server.messages(None).is_empty());
}

#[test]
fn a_missing_from_to_or_subject_is_422_naming_the_field() {
    let server = Server::start();
    for field in ["from", "to", "subject"] {
        let mut body = email_to("zoe@example.com");
        body.as_object_mut().unwrap().remove(field);
        assert_resend_error(
            &server.email(None, &body),
            422,
            "missing_required_field",
            field,
        );
    }
    let mut empty = email_to("zoe@example.com");
    empty["to"] = json!([]);
    assert_resend_error(
        &server.email(None, &empty),
        422,
        "missing_required_field",
        "to",
    );
    let mut neither = email_to("zoe@example.com");
    neither.as_object_mut().unwrap().remove("text");
    neither.as_object_mut().unwrap().remove("html");
    assert_resend_error(
        &server.email(None, &neither),
        422,
        "missing_required_field",
        "html",
    );
    assert!(server.messages(None).is_empty());
}

#[test]
fn wrong_types_bad_addresses_and_unknown_fields_are_422_naming_the_field() {
    let server = Server::start();
    let cases: [(&str, Value, &str, &str); 7] = [
        ("subject", json!(5), "validation_error", "subject"),
        ("to", json!(["not an address"]), "validation_error", "to"),
        (
            "to",
            json!({"email": "a@example.com"}),
            "validation_error",
            "to",
        ),
        ("reply_to", json!("nope"), "validation_error", "reply_to"),
        ("from", json!("Chairtime"), "invalid_from_address", "from"),
        ("cc", json!(["a@example.com"]), "validation_error", "cc"),
        ("attachments", json!({}), "validation_error", "attachments"),
    ];
    for (field, value, name, named) in cases {
        let mut body = email_to("zoe@example.com");
        body[field] = value;
        assert_resend_error(&server.email(None, &body), 422, name, named);
    }
    let mut injected = email_to("zoe@example.com");
    injected["subject"] = json!("Hello\r\nBcc: all@example.com");
    assert_resend_error(
        &server.email(None, &injected),
        422,
        "validation_error",
        "subject",
    );
    let mut crowd = email_to("zoe@example.com");
    crowd["to"] = (0..51).map(|i| format!("c{i}@example.com")).collect();
    assert_resend_error(&server.email(None, &crowd), 422, "validation_error", "to");
    assert!(server.messages(None).is_empty());
}

#[test]
fn attachments_must_carry_a_file_name_and_base64_content() {
    let server = Server::start();
    let cases = [
        (
            json!({"filename": "a.ics", "content": "not base64!"}),
            "invalid_attachment",
            "attachments[0].content",
        ),
        (
            json!({"filename": "a.ics"}),
            "invalid_attachment",
            "attachments[0]",
        ),
        (
            json!({"filename": "a.ics", "path": "https://example.com/a.ics"}),
            "invalid_attachment",
            "attachments[0].path",
        ),
        (
            json!({"content": "QQ=="}),
            "missing_required_field",
            "attachments[0].filename",
        ),
        (
            json!({"filename": "a.ics", "content": "QQ==", "inline": true}),
            "validation_error",
            "attachments[0].inline",
        ),
    ];
    for (attachment, name, field) in cases {
        let mut body = email_to("zoe@example.com");
        body["attachments"] = json!([attachment]);
        assert_resend_error(&server.email(None, &body), 422, name, field);
    }
    let mut typed = email_to("zoe@example.com");
    typed["attachments"] =
        json!([{"filename": "notes", "content": "QQ==", "content_type": "text/plain"}]);
    assert_eq!(server.email(None, &typed).status, 200);
    assert_eq!(
        server.messages(None)[0]["attachments"],
        json!([{"filename": "notes", "content_type": "text/plain", "size": 1}]),
        "a given content_type wins over the guess"
    );
}

#[test]
fn a_body_that_is_not_json_is_400() {
    let server = Server::start();
    let answer = Server::send(
        server
            .request("POST", "/emails")
            .set("authorization", "Bearer re_test_key"),
        Some(b"{\"from\":"),
    );
    assert_eq!(answer.status, 400);
    assert_eq!(answer.json()["name"], "validation_error");
}

#[test]
fn a_repeated_idempotency_key_with_the_same_body_returns_the_same_id_and_stores_once() {
    let server = Server::start();
    let body = email_to("zoe@example.com");
    let first = server.email(Some("k-1"), &body);
    assert_eq!(first.status, 200);
    // The same JSON written in another order is the same request.
    let reordered: Value = serde_json::from_str(
        r#"{"html": "<p>See you on <b>Tuesday</b>.</p>", "text": "See you on Tuesday.",
            "subject": "Your booking is confirmed", "to": ["zoe@example.com"],
            "from": "Chairtime <bookings@chairtime.localhost>"}"#,
    )
    .unwrap();
    let second = server.email(Some("k-1"), &reordered);
    assert_eq!(second.status, 200);
    assert_eq!(first.json()["id"], second.json()["id"]);
    assert_eq!(server.messages(None).len(), 1);

    let other = server.email(Some("k-2"), &body);
    assert_ne!(
        other.json()["id"],
        first.json()["id"],
        "another key is another email"
    );
    assert_eq!(server.messages(None).len(), 2);
}

#[test]
fn requests_racing_with_one_key_store_one_email() {
    let server = Server::start();
    let body = email_to("zoe@example.com");
    let ids: Vec<Value> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|_| s.spawn(|| server.email(Some("race"), &body).json()["id"].clone()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(
        ids.iter().all(|id| id == &ids[0] && id.is_string()),
        "{ids:?}"
    );
    assert_eq!(server.messages(None).len(), 1);
}

#[test]
fn a_repeated_key_with_another_body_is_409_and_stores_nothing_new() {
    let server = Server::start();
    assert_eq!(
        server.email(Some("k"), &email_to("zoe@example.com")).status,
        200
    );
    let reused = server.email(Some("k"), &email_to("someone.else@example.com"));
    assert_eq!(reused.status, 409, "{}", reused.text());
    assert_eq!(reused.json()["name"], "invalid_idempotent_request");
    assert_eq!(server.messages(None).len(), 1);
}

#[test]
fn an_idempotency_key_over_256_characters_is_400() {
    let server = Server::start();
    let answer = server.email(Some(&"k".repeat(257)), &email_to("zoe@example.com"));
    assert_eq!(answer.status, 400);
    assert_eq!(answer.json()["name"], "invalid_idempotency_key");
    assert_eq!(
        server
            .email(Some(&"k".repeat(256)), &email_to("zoe@example.com"))
            .status,
        200
    );
}
