//! Every rule of a booking request, one field at a time, through the API: a 422 naming the field with
//! its stable code, and nothing written.

use chairtime_tests::{booking_body, open_salon_config, unique, Api, Db};
use shared::api::{BookingRequestWire, ErrorCode};
use shared::client::{Problem, StaffChoice, EMAIL_MAX, NAME_MAX, NOTES_MAX};
use shared::paths::ApiPath;

#[test]
fn every_field_rule_is_enforced_with_a_stable_code() {
    let api = Api::new();
    let db = Db::new();
    let salon = api.create_salon(&open_salon_config());
    let start = api.first_start(&salon.slug, "cut", StaffChoice::ANY);
    let mut valid = booking_body("cut", StaffChoice::ANY, &start, "Zoé");
    valid.client.email = Some("zoe@example.com".to_owned());
    valid.client.phone = Some("06 12 34 56 78".to_owned());
    valid.notes = Some(String::new());
    let with = |change: &dyn Fn(&mut BookingRequestWire)| {
        let mut body = valid.clone();
        change(&mut body);
        body
    };
    let cases: Vec<(BookingRequestWire, &str, Problem)> = vec![
        (
            with(&|b| b.client.name = "  ".to_owned()),
            "client.name",
            Problem::Required,
        ),
        (
            with(&|b| b.client.name = "x".repeat(101)),
            "client.name",
            Problem::TooLong { max: NAME_MAX },
        ),
        (
            with(&|b| b.client.name = "Zoé\u{7}".to_owned()),
            "client.name",
            Problem::ControlCharacters,
        ),
        (
            with(&|b| b.client.email = Some("zoe@localhost".to_owned())),
            "client.email",
            Problem::InvalidEmail,
        ),
        (
            with(&|b| b.client.email = Some(format!("{}@example.com", "z".repeat(250)))),
            "client.email",
            Problem::TooLong { max: EMAIL_MAX },
        ),
        (
            with(&|b| b.client.phone = Some("call me maybe".to_owned())),
            "client.phone",
            Problem::InvalidPhone,
        ),
        (
            with(&|b| b.client.phone = Some("12".to_owned())),
            "client.phone",
            Problem::InvalidPhone,
        ),
        (
            with(&|b| {
                b.client.email = None;
                b.client.phone = None;
                b.notes = None;
            }),
            "client.email",
            Problem::ContactRequired,
        ),
        (
            with(&|b| b.notes = Some("n".repeat(501))),
            "notes",
            Problem::TooLong { max: NOTES_MAX },
        ),
        (
            with(&|b| b.start = "2030-01-01 10:00".to_owned()),
            "start",
            Problem::InvalidDateTime,
        ),
        (
            with(&|b| b.start = "2030-01-01T10:00:00".to_owned()),
            "start",
            Problem::InvalidDateTime,
        ),
        (
            with(&|b| b.service = "Cut!".to_owned()),
            "service",
            Problem::InvalidKey,
        ),
        (
            with(&|b| b.staff = "Not A Key".to_owned()),
            "staff",
            Problem::InvalidKey,
        ),
    ];
    for (body, field, problem) in cases {
        let code = problem.code();
        let answer = api.book(&salon.slug, &unique("v"), &body);
        assert_eq!(answer.status, 422, "{field}/{code}: {}", answer.text);
        assert_eq!(answer.error().code, ErrorCode::Validation.as_str());
        let named = answer.field(field);
        assert_eq!(named.code, code, "{field}: {}", answer.text);
        assert!(!named.message.is_empty());
    }
    let unknown_staff = api.book(
        &salon.slug,
        &unique("v"),
        &with(&|b| b.staff = "zed".to_owned()),
    );
    assert_eq!(unknown_staff.status, 404);
    let misaligned = api.book(
        &salon.slug,
        &unique("v"),
        &with(&|b| b.start = format!("{}:07:00{}", &start[..13], &start[19..])),
    );
    assert_eq!(misaligned.status, 409, "{}", misaligned.text);
    assert_eq!(db.confirmed_bookings(&salon.slug), 0);
}

#[test]
fn messages_follow_the_clients_language() {
    let api = Api::new();
    let salon = api.create_salon(&open_salon_config());
    let mut body = booking_body("cut", StaffChoice::ANY, "2030-01-01T10:00:00+01:00", "");
    body.client.email = Some("a@b.co".to_owned());
    let body = serde_json::to_string(&body).unwrap();
    let mut seen = Vec::new();
    for lang in ["en", "fr-FR", "es", "de-AT"] {
        let answer = api.call(
            "POST",
            &ApiPath::Bookings { slug: &salon.slug }.to_string(),
            &[("idempotency-key", &unique("l")), ("accept-language", lang)],
            Some(&body),
        );
        assert_eq!(answer.status, 422);
        seen.push(answer.field("client.name").message);
    }
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 4, "{seen:?}");
}
