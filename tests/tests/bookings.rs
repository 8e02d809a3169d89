//! Booking through the API of the running Worker, checked against the database.

use chairtime_tests::{
    booking_body, for_service, offered_starts, open_salon_config, unique, Api, Db,
};
use shared::api::{BookingCreated, BookingRequestWire, BookingStatus, ClientWire, ErrorCode};
use shared::client::{Problem, StaffChoice};
use shared::paths::{ApiPath, AvailabilityQuery};

#[test]
fn booking_the_same_slot_twice_gives_201_then_409_and_the_second_writes_nothing() {
    let api = Api::new();
    let db = Db::new();
    let salon = api.create_salon(&open_salon_config());
    let slot = api.first_slot(&salon.slug, "cut", "ana");
    let start = slot.start.as_str();

    let first = api.book(
        &salon.slug,
        &unique("key"),
        &booking_body("cut", "ana", start, "Zoé"),
    );
    assert_eq!(first.status, 201, "{}", first.text);
    let made: BookingCreated = first.json();
    assert_eq!(made.booking.status, BookingStatus::Confirmed);
    assert_eq!(made.booking.start, start);
    assert_eq!(db.confirmed_bookings(&salon.slug), 1);

    let second = api.book(
        &salon.slug,
        &unique("key"),
        &booking_body("cut", "ana", start, "Yann"),
    );
    assert_eq!(second.status, 409, "{}", second.text);
    assert_eq!(second.error().code, ErrorCode::SlotUnavailable.as_str());
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
    let start = api.first_start(&salon.slug, "cut", StaffChoice::ANY);
    let key = unique("key");
    let body = booking_body("cut", StaffChoice::ANY, &start, "Zoé");

    let first = api.book(&salon.slug, &key, &body);
    let again = api.book(&salon.slug, &key, &body);
    assert_eq!(first.status, 201, "{}", first.text);
    assert_eq!(again.status, 201, "{}", again.text);
    assert_eq!(first.text, again.text);

    let other = api.book(
        &salon.slug,
        &key,
        &booking_body("cut", StaffChoice::ANY, &start, "Someone else"),
    );
    assert_eq!(other.status, 422, "{}", other.text);
    assert_eq!(other.error().code, ErrorCode::IdempotencyKeyReused.as_str());
    assert_eq!(db.confirmed_bookings(&salon.slug), 1);
}

#[test]
fn a_booked_slot_disappears_from_availability_for_that_staff_member() {
    let api = Api::new();
    let salon = api.create_salon(&open_salon_config());
    let (start, _) = api.book_first(&salon.slug, "cut", "ana");
    let after = api.get(&ApiPath::Availability { slug: &salon.slug }.with_query(
        AvailabilityQuery {
            staff: Some("ana"),
            days: Some(31),
            ..for_service("cut")
        },
    ));
    let starts = offered_starts(&after);
    assert!(!starts.contains(&start), "{start} is still offered");
}

#[test]
fn invalid_requests_get_clear_errors_and_change_nothing() {
    let api = Api::new();
    let db = Db::new();
    let salon = api.create_salon(&open_salon_config());
    let path = ApiPath::Bookings { slug: &salon.slug }.to_string();
    let key = [("idempotency-key", "k-1")];

    let malformed = api.call("POST", &path, &key, Some("{\"service\": "));
    assert_eq!(
        (malformed.status, malformed.error().code.as_str()),
        (400, ErrorCode::MalformedJson.as_str())
    );
    let wrong_type = api.call(
        "POST",
        &path,
        &key,
        Some(r#"{"service": 5, "staff": "any", "start": "x", "client": {"name": "a"}}"#),
    );
    assert_eq!(
        (wrong_type.status, wrong_type.error().code.as_str()),
        (400, ErrorCode::InvalidBody.as_str())
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
        Some(
            &serde_json::to_string(&booking_body(
                "cut",
                StaffChoice::ANY,
                "2030-01-01T10:00:00+01:00",
                "A",
            ))
            .unwrap(),
        ),
    );
    assert_eq!(
        (no_key.status, no_key.error().code.as_str()),
        (400, ErrorCode::IdempotencyKeyRequired.as_str())
    );
    let oversize = api.call(
        "POST",
        &path,
        &key,
        Some(&format!("{{\"notes\": \"{}\"}}", "x".repeat(70 * 1024))),
    );
    assert_eq!(
        (oversize.status, oversize.error().code.as_str()),
        (413, ErrorCode::PayloadTooLarge.as_str())
    );
    let unknown_salon = api.book(
        "no-such-salon",
        "k-2",
        &booking_body("cut", StaffChoice::ANY, "2030-01-01T10:00:00+01:00", "A"),
    );
    assert_eq!(unknown_salon.status, 404);
    let unknown_service = api.book(
        &salon.slug,
        "k-3",
        &booking_body("perm", StaffChoice::ANY, "2030-01-01T10:00:00+01:00", "A"),
    );
    assert_eq!(unknown_service.status, 404, "{}", unknown_service.text);
    let invalid = api.book(
        &salon.slug,
        "k-4",
        &BookingRequestWire {
            service: "cut".to_owned(),
            staff: StaffChoice::ANY.to_owned(),
            start: "tomorrow".to_owned(),
            client: ClientWire {
                name: " ".to_owned(),
                email: Some("nope".to_owned()),
                phone: None,
            },
            notes: None,
        },
    );
    assert_eq!(invalid.status, 422, "{}", invalid.text);
    assert_eq!(invalid.field("start").code, Problem::InvalidDateTime.code());
    assert_eq!(invalid.field("client.name").code, Problem::Required.code());
    assert_eq!(
        invalid.field("client.email").code,
        Problem::InvalidEmail.code()
    );
    assert!(!invalid.text.contains("SELECT"));
    assert_eq!(db.confirmed_bookings(&salon.slug), 0);
}
