//! Booking through the API of the running Worker, checked against the database.

use chairtime_tests::{booking_body, offered_starts, open_salon_config, unique, Api, Db};

#[test]
fn booking_the_same_slot_twice_gives_201_then_409_and_the_second_writes_nothing() {
    let api = Api::new();
    let db = Db::new();
    let salon = api.create_salon(&open_salon_config());
    let slot = api.first_slot(&salon.slug, "cut", "ana");
    let start = slot["start"].as_str().unwrap();

    let first = api.book(
        &salon.slug,
        &unique("key"),
        &booking_body("cut", "ana", start, "Zoé"),
    );
    assert_eq!(first.status, 201, "{}", first.text);
    assert_eq!(first.body["booking"]["status"], "confirmed");
    assert_eq!(first.body["booking"]["start"], start);
    assert_eq!(db.confirmed_bookings(&salon.slug), 1);

    let second = api.book(
        &salon.slug,
        &unique("key"),
        &booking_body("cut", "ana", start, "Yann"),
    );
    assert_eq!(second.status, 409, "{}", second.text);
    assert_eq!(second.body["error"]["code"], "slot_unavailable");
    assert_eq!(db.confirmed_bookings(&salon.slug), 1);
    let names = db.query(
        "SELECT client_name FROM bookings b JOIN salons s ON s.id = b.salon_id WHERE s.slug = $1",
        &[&salon.slug],
    );
    assert_eq!(names, vec![vec![Some("Zoé".to_owned())]]);
}

#[test]
fn the_same_idempotency_key_and_body_replays_the_same_response_and_a_different_body_is_refused() {
    let api = Api::new();
    let db = Db::new();
    let salon = api.create_salon(&open_salon_config());
    let start = api.first_start(&salon.slug, "cut", "any");
    let key = unique("key");
    let body = booking_body("cut", "any", &start, "Zoé");

    let first = api.book(&salon.slug, &key, &body);
    let again = api.book(&salon.slug, &key, &body);
    assert_eq!(first.status, 201, "{}", first.text);
    assert_eq!(again.status, 201, "{}", again.text);
    assert_eq!(first.text, again.text);

    let other = api.book(
        &salon.slug,
        &key,
        &booking_body("cut", "any", &start, "Someone else"),
    );
    assert_eq!(other.status, 422, "{}", other.text);
    assert_eq!(other.body["error"]["code"], "idempotency_key_reused");
    assert_eq!(db.confirmed_bookings(&salon.slug), 1);
}

#[test]
fn a_booked_slot_disappears_from_availability_for_that_staff_member() {
    let api = Api::new();
    let salon = api.create_salon(&open_salon_config());
    let (start, _) = api.book_first(&salon.slug, "cut", "ana");
    let after = api.get(&format!(
        "/v1/salons/{}/availability?service=cut&staff=ana&days=31",
        salon.slug
    ));
    let starts = offered_starts(&after);
    assert!(!starts.contains(&start), "{start} is still offered");
}

#[test]
fn invalid_requests_get_clear_errors_and_change_nothing() {
    let api = Api::new();
    let db = Db::new();
    let salon = api.create_salon(&open_salon_config());
    let path = format!("/v1/salons/{}/bookings", salon.slug);
    let key = [("idempotency-key", "k-1")];

    let malformed = api.call("POST", &path, &key, Some("{\"service\": "));
    assert_eq!(
        (malformed.status, malformed.body["error"]["code"].as_str()),
        (400, Some("malformed_json"))
    );
    let wrong_type = api.call(
        "POST",
        &path,
        &key,
        Some(r#"{"service": 5, "staff": "any", "start": "x", "client": {"name": "a"}}"#),
    );
    assert_eq!(
        (wrong_type.status, wrong_type.body["error"]["code"].as_str()),
        (400, Some("invalid_body"))
    );
    let unknown_key = api.call(
        "POST",
        &path,
        &key,
        Some(r#"{"service": "cut", "staff": "any", "start": "2030-01-01T10:00:00+01:00", "client": {"name": "a", "email": "a@b.co"}, "admin": true}"#),
    );
    assert_eq!(unknown_key.status, 400, "{}", unknown_key.text);
    let no_key = api.call(
        "POST",
        &path,
        &[],
        Some(&booking_body("cut", "any", "2030-01-01T10:00:00+01:00", "A").to_string()),
    );
    assert_eq!(
        (no_key.status, no_key.body["error"]["code"].as_str()),
        (400, Some("idempotency_key_required"))
    );
    let oversize = api.call(
        "POST",
        &path,
        &key,
        Some(&format!("{{\"notes\": \"{}\"}}", "x".repeat(70 * 1024))),
    );
    assert_eq!(
        (oversize.status, oversize.body["error"]["code"].as_str()),
        (413, Some("payload_too_large"))
    );
    let unknown_salon = api.book(
        "no-such-salon",
        "k-2",
        &booking_body("cut", "any", "2030-01-01T10:00:00+01:00", "A"),
    );
    assert_eq!(unknown_salon.status, 404);
    let unknown_service = api.book(
        &salon.slug,
        "k-3",
        &booking_body("perm", "any", "2030-01-01T10:00:00+01:00", "A"),
    );
    assert_eq!(unknown_service.status, 404, "{}", unknown_service.text);
    let invalid = api.book(&salon.slug, "k-4", &serde_json::json!({
        "service": "cut", "staff": "any", "start": "tomorrow", "client": {"name": " ", "email": "nope"}
    }));
    assert_eq!(invalid.status, 422, "{}", invalid.text);
    let fields = &invalid.body["error"]["fields"];
    assert_eq!(fields["start"]["code"], "invalid_datetime");
    assert_eq!(fields["client.name"]["code"], "required");
    assert_eq!(fields["client.email"]["code"], "invalid_email");
    assert!(!invalid.text.contains("SELECT"));
    assert_eq!(db.confirmed_bookings(&salon.slug), 0);
}
