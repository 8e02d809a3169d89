//! Hostile input on every write of the owner API (SPEC §11): malformed JSON, wrong types, unknown
//! keys, oversize bodies, impossible times and ids of another salon each get a clear error and
//! change nothing.

use chairtime_tests::accounts::unique_email;
use chairtime_tests::mail::Mail;
use chairtime_tests::{open_salon_config, tomorrow, Api, Db};
use shared::api::{BookingCreated, ErrorCode};
use shared::paths::ApiPath;

/// Every row the salon has, as text: bookings with their outcome and status, notes, keys, members.
fn snapshot(db: &Db, slug: &str) -> Vec<Vec<Option<String>>> {
    db.query(
        "SELECT 'b', b.id::text, b.status, b.kind, b.starts_at::text, b.staff_key, \
                COALESCE(b.outcome, ''), b.client_name FROM bookings b JOIN salons s ON s.id = b.salon_id WHERE s.slug = $1 \
         UNION ALL SELECT 'n', n.client_key, n.note, '', '', '', '', '' FROM client_notes n JOIN salons s ON s.id = n.salon_id WHERE s.slug = $1 \
         UNION ALL SELECT 'k', k.id::text, k.name, COALESCE(k.revoked_at::text, ''), '', '', '', '' FROM api_keys k JOIN salons s ON s.id = k.salon_id WHERE s.slug = $1 \
         UNION ALL SELECT 'm', m.user_id::text, m.role, COALESCE(m.staff_key, ''), '', '', '', '' FROM memberships m JOIN salons s ON s.id = m.salon_id WHERE s.slug = $1 \
         ORDER BY 1, 2",
        &[slug],
    )
}

#[test]
fn every_owner_write_refuses_bad_bodies_and_changes_nothing() {
    let (api, mail, db) = (Api::new(), Mail::new(), Db::new());
    let owner_email = unique_email("hostile");
    let salon = api.create_salon_owned_by(&open_salon_config(), &owner_email);
    let other = api.create_salon(&open_salon_config());
    let session = api.sign_in(&mail, &owner_email, 1);
    let slug = salon.slug.as_str();
    let (_, made) = api.book_first(slug, "cut", "ana");
    let id = made.json::<BookingCreated>().booking.id;
    let (_, elsewhere) = api.book_first(&other.slug, "cut", "ana");
    let foreign_id = elsewhere.json::<BookingCreated>().booking.id;
    let client_id = "0123456789abcdef0123456789abcdef";
    let writes = [
        ("POST", ApiPath::AdminBookings { slug }.to_string()),
        (
            "POST",
            ApiPath::AdminRescheduleBooking { slug, id: &id }.to_string(),
        ),
        (
            "POST",
            ApiPath::AdminCancelBooking { slug, id: &id }.to_string(),
        ),
        (
            "POST",
            ApiPath::AdminBookingOutcome { slug, id: &id }.to_string(),
        ),
        ("POST", ApiPath::AdminBlocks { slug }.to_string()),
        (
            "PUT",
            ApiPath::AdminClientNote {
                slug,
                id: client_id,
            }
            .to_string(),
        ),
        ("POST", ApiPath::AdminKeys { slug }.to_string()),
        ("POST", ApiPath::AdminMembers { slug }.to_string()),
        ("POST", ApiPath::AdminErasures { slug }.to_string()),
        ("POST", ApiPath::AuthEmailLink.to_string()),
        ("POST", ApiPath::AuthSignUp.to_string()),
        ("POST", ApiPath::AuthSession.to_string()),
        ("POST", ApiPath::Salons.to_string()),
    ];
    let before = snapshot(&db, slug);
    let oversize = format!("{{\"note\": \"{}\"}}", "x".repeat(70 * 1024));
    for (method, path) in &writes {
        for (body, status, code) in [
            ("{\"start\": ", 400, ErrorCode::MalformedJson),
            ("[1, 2, 3]", 400, ErrorCode::InvalidBody),
            ("{\"surprise\": true}", 400, ErrorCode::InvalidBody),
            (oversize.as_str(), 413, ErrorCode::PayloadTooLarge),
        ] {
            let answer = api.call(
                method,
                path,
                &[
                    ("cookie", &session.cookie),
                    ("origin", &session.origin),
                    ("idempotency-key", "hostile-1"),
                ],
                Some(body),
            );
            assert_eq!(
                (answer.status, answer.error().code.as_str()),
                (status, code.as_str()),
                "{method} {path} with {}: {}",
                &body[..body.len().min(30)],
                answer.text
            );
        }
    }
    let day = tomorrow();
    for (path, body) in [
        (
            ApiPath::AdminBlocks { slug }.to_string(),
            format!(
                r#"{{"staff": "ana", "start": "{day}T25:00:00+01:00", "end": "{day}T26:00:00+01:00"}}"#
            ),
        ),
        (
            ApiPath::AdminBookings { slug }.to_string(),
            format!(
                r#"{{"service": "cut", "staff": "ana", "start": "{day}T10:00:00+99:00", "client": {{"name": "X"}}}}"#
            ),
        ),
        (
            ApiPath::AdminRescheduleBooking { slug, id: &id }.to_string(),
            r#"{"start": "2026-02-30T10:00:00+01:00", "staff": "ana"}"#.to_owned(),
        ),
        (
            ApiPath::AdminBookingOutcome { slug, id: &id }.to_string(),
            r#"{"outcome": 3}"#.to_owned(),
        ),
    ] {
        let answer = api.call(
            "POST",
            &path,
            &[
                ("cookie", &session.cookie),
                ("origin", &session.origin),
                ("idempotency-key", "hostile-2"),
            ],
            Some(&body),
        );
        assert!(
            matches!(answer.status, 400 | 422),
            "{path} {body}: {} {}",
            answer.status,
            answer.text
        );
    }
    for path in [
        ApiPath::AdminCancelBooking {
            slug,
            id: &foreign_id,
        }
        .to_string(),
        ApiPath::AdminBookingOutcome {
            slug,
            id: &foreign_id,
        }
        .to_string(),
        ApiPath::AdminRescheduleBooking {
            slug,
            id: &foreign_id,
        }
        .to_string(),
        ApiPath::AdminBlock {
            slug,
            id: &foreign_id,
        }
        .to_string(),
    ] {
        let method = if path.contains("/blocks/") {
            "DELETE"
        } else {
            "POST"
        };
        let answer = api.call(
            method,
            &path,
            &[("cookie", &session.cookie), ("origin", &session.origin)],
            Some(r#"{"outcome": "no_show", "start": "2030-01-01T10:00:00Z", "staff": "ana"}"#),
        );
        assert!(
            matches!(answer.status, 400 | 404),
            "another salon's booking through this salon's path: {method} {path} {} {}",
            answer.status,
            answer.text
        );
    }
    assert_eq!(snapshot(&db, slug), before, "nothing of the salon changed");
    assert_eq!(
        db.confirmed_bookings(&other.slug),
        1,
        "nor of the other salon"
    );
}
