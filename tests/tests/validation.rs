//! Every rule of a booking request, one field at a time, through the API: a 422 naming the field with
//! its stable code, and nothing written.

use chairtime_tests::{open_salon_config, unique, Api, Db};
use serde_json::{json, Value};

#[test]
fn every_field_rule_is_enforced_with_a_stable_code() {
    let api = Api::new();
    let db = Db::new();
    let salon = api.create_salon(&open_salon_config());
    let start = api.first_start(&salon.slug, "cut", "any");
    let valid = json!({ "service": "cut", "staff": "any", "start": start,
                        "client": { "name": "Zoé", "email": "zoe@example.com", "phone": "06 12 34 56 78" }, "notes": "" });
    let with = |pointer: &str, value: Value| {
        let mut body = valid.clone();
        *body.pointer_mut(pointer).unwrap() = value;
        body
    };
    let cases: Vec<(Value, &str, &str)> = vec![
        (with("/client/name", json!("  ")), "client.name", "required"),
        (
            with("/client/name", json!("x".repeat(101))),
            "client.name",
            "too_long",
        ),
        (
            with("/client/name", json!("Zoé\u{7}")),
            "client.name",
            "control_characters",
        ),
        (
            with("/client/email", json!("zoe@localhost")),
            "client.email",
            "invalid_email",
        ),
        (
            with(
                "/client/email",
                json!(format!("{}@example.com", "z".repeat(250))),
            ),
            "client.email",
            "too_long",
        ),
        (
            with("/client/phone", json!("call me maybe")),
            "client.phone",
            "invalid_phone",
        ),
        (
            with("/client/phone", json!("12")),
            "client.phone",
            "invalid_phone",
        ),
        (
            json!({ "service": "cut", "staff": "any", "start": start, "client": { "name": "Zoé" } }),
            "client.email",
            "contact_required",
        ),
        (with("/notes", json!("n".repeat(501))), "notes", "too_long"),
        (
            with("/start", json!("2030-01-01 10:00")),
            "start",
            "invalid_datetime",
        ),
        (
            with("/start", json!("2030-01-01T10:00:00")),
            "start",
            "invalid_datetime",
        ),
        (with("/service", json!("Cut!")), "service", "invalid_key"),
        (with("/staff", json!("Not A Key")), "staff", "invalid_key"),
    ];
    for (body, field, code) in cases {
        let answer = api.book(&salon.slug, &unique("v"), &body);
        assert_eq!(answer.status, 422, "{field}/{code}: {}", answer.text);
        assert_eq!(answer.body["error"]["code"], "validation");
        assert_eq!(
            answer.body["error"]["fields"][field]["code"], code,
            "{field}: {}",
            answer.text
        );
        assert!(answer.body["error"]["fields"][field]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()));
    }
    let unknown_staff = api.book(&salon.slug, &unique("v"), &with("/staff", json!("zed")));
    assert_eq!(unknown_staff.status, 404);
    let misaligned = api.book(
        &salon.slug,
        &unique("v"),
        &with(
            "/start",
            json!(format!("{}:07:00{}", &start[..13], &start[19..])),
        ),
    );
    assert_eq!(misaligned.status, 409, "{}", misaligned.text);
    assert_eq!(db.confirmed_bookings(&salon.slug), 0);
}

#[test]
fn messages_follow_the_clients_language() {
    let api = Api::new();
    let salon = api.create_salon(&open_salon_config());
    let body = json!({ "service": "cut", "staff": "any", "start": "2030-01-01T10:00:00+01:00", "client": { "name": "" , "email": "a@b.co" } });
    let mut seen = Vec::new();
    for lang in ["en", "fr-FR", "es", "de-AT"] {
        let answer = api.call(
            "POST",
            &format!("/v1/salons/{}/bookings", salon.slug),
            &[("idempotency-key", &unique("l")), ("accept-language", lang)],
            Some(&body.to_string()),
        );
        assert_eq!(answer.status, 422);
        seen.push(
            answer.body["error"]["fields"]["client.name"]["message"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 4, "{seen:?}");
}
