//! Moving a booking through its manage link (SPEC §10): same id and code, the old time released only
//! if the new one is taken, refused once cancelled or past the cutoff, told to the client and salon.

use chairtime_tests::mail::Mail;
use chairtime_tests::{
    booking_body, for_service, now, offered_starts, open_salon_config, unique, Answer, Api, Db,
};
use jiff::{SignedDuration, Timestamp};
use serde_json::json;
use shared::api::{BookingCreated, BookingStatus, ErrorCode, ManagedBookingWire, RescheduleWire};
use shared::client::StaffChoice;
use shared::paths::{ApiPath, AvailabilityQuery};

/// Ana's free starts in a salon, from the first bookable one, for two days.
fn free_starts(api: &Api, slug: &str) -> Vec<Timestamp> {
    let query = AvailabilityQuery {
        staff: Some("ana"),
        days: Some(2),
        ..for_service("cut")
    };
    let answer = api.get(&ApiPath::Availability { slug }.with_query(query));
    assert_eq!(answer.status, 200, "{}", answer.text);
    let earliest = now().checked_add(SignedDuration::from_mins(130)).unwrap();
    offered_starts(&answer)
        .iter()
        .map(|s| s.parse().unwrap())
        .filter(|s| *s >= earliest)
        .collect()
}

fn book(api: &Api, slug: &str, start: Timestamp, email: &str) -> BookingCreated {
    let mut body = booking_body("cut", "ana", &start.to_string(), "Zoé");
    body.client.email = Some(email.to_owned());
    let made = api.book(slug, &unique("key"), &body);
    assert_eq!(made.status, 201, "{}", made.text);
    made.json()
}

fn reschedule(api: &Api, token: &str, start: Timestamp, staff: &str) -> Answer {
    let body = RescheduleWire {
        start: start.to_string(),
        staff: staff.to_owned(),
    };
    api.call(
        "POST",
        &ApiPath::RescheduleBooking { token }.to_string(),
        &[("idempotency-key", &unique("move"))],
        Some(&serde_json::to_string(&body).unwrap()),
    )
}

#[test]
fn a_move_keeps_the_booking_and_its_code_frees_the_old_time_and_takes_the_new() {
    let (api, db) = (Api::new(), Db::new());
    let salon = api.create_salon(&open_salon_config());
    let starts = free_starts(&api, &salon.slug);
    let (old, new) = (starts[0], starts[8]);
    let made = book(&api, &salon.slug, old, "client@example.com");

    let moved = reschedule(&api, &made.manage_token, new, "ana");
    assert_eq!(moved.status, 200, "{}", moved.text);
    let view = moved.json::<ManagedBookingWire>().booking;
    assert_eq!(
        (view.id.as_str(), view.code.as_str()),
        (made.booking.id.as_str(), made.booking.code.as_str())
    );
    assert_eq!(view.start.parse::<Timestamp>().unwrap(), new);
    assert_eq!(view.status, BookingStatus::Confirmed);

    let free = free_starts(&api, &salon.slug);
    assert!(free.contains(&old), "the old time is offered again");
    assert!(!free.contains(&new), "the new time is taken");
    assert_eq!(db.confirmed_bookings(&salon.slug), 1);
    // The manage link still works, and asking again for the same time changes nothing.
    let again = reschedule(&api, &made.manage_token, new, StaffChoice::ANY);
    assert_eq!(again.status, 200, "{}", again.text);
    assert_eq!(again.json::<ManagedBookingWire>().booking, view);
    let calendar = api.get(
        &ApiPath::BookingCalendar {
            token: &made.manage_token,
        }
        .to_string(),
    );
    assert!(
        calendar.text.contains("SEQUENCE:1\r\n"),
        "{}",
        calendar.text
    );
}

#[test]
fn a_move_into_a_taken_time_is_409_and_keeps_the_old_time() {
    let api = Api::new();
    let salon = api.create_salon(&open_salon_config());
    let starts = free_starts(&api, &salon.slug);
    let mine = book(&api, &salon.slug, starts[0], "client@example.com");
    book(&api, &salon.slug, starts[8], "other@example.com");

    let refused = reschedule(&api, &mine.manage_token, starts[8], "ana");
    assert_eq!(refused.status, 409, "{}", refused.text);
    let error = refused.error();
    assert_eq!(error.code, ErrorCode::SlotUnavailable.as_str());
    assert!(error.availability.is_some_and(|a| a.contains("staff=ana")));
    let view = api.get(
        &ApiPath::Booking {
            token: &mine.manage_token,
        }
        .to_string(),
    );
    let kept = view.json::<ManagedBookingWire>().booking;
    assert_eq!(kept.start.parse::<Timestamp>().unwrap(), starts[0]);
    // With anyone free, Bob takes the new time instead.
    let moved = reschedule(&api, &mine.manage_token, starts[8], StaffChoice::ANY);
    assert_eq!(moved.status, 200, "{}", moved.text);
    assert_eq!(moved.json::<ManagedBookingWire>().booking.staff, "bob");
}

#[test]
fn a_cancelled_booking_cannot_move_nor_one_past_the_cutoff() {
    let api = Api::new();
    let salon = api.create_salon(&open_salon_config());
    let starts = free_starts(&api, &salon.slug);
    let cancelled = book(&api, &salon.slug, starts[0], "client@example.com");
    let token = cancelled.manage_token.as_str();
    assert_eq!(
        api.call(
            "POST",
            &ApiPath::CancelBooking { token }.to_string(),
            &[],
            None
        )
        .status,
        200
    );
    let refused = reschedule(&api, token, starts[8], "ana");
    assert_eq!(refused.status, 409, "{}", refused.text);
    assert_eq!(refused.error().code, ErrorCode::BookingCancelled.as_str());

    // Half an hour before the start, inside the salon's one-hour cutoff.
    let late = book(&api, &salon.slug, starts[4], "client@example.com");
    let at = starts[4]
        .checked_sub(SignedDuration::from_mins(30))
        .unwrap();
    let offset = (at.as_second() - Timestamp::now().as_second()).to_string();
    let body = json!({ "start": starts[12].to_string(), "staff": "ana" }).to_string();
    let answer = api.call(
        "POST",
        &ApiPath::RescheduleBooking {
            token: &late.manage_token,
        }
        .to_string(),
        &[
            ("idempotency-key", "k1"),
            ("x-chairtime-clock-offset", &offset),
        ],
        Some(&body),
    );
    assert_eq!(answer.status, 422, "{}", answer.text);
    assert_eq!(answer.error().code, ErrorCode::CutoffPassed.as_str());
}

#[test]
fn bad_moves_change_nothing() {
    let api = Api::new();
    let salon = api.create_salon(&open_salon_config());
    let starts = free_starts(&api, &salon.slug);
    let made = book(&api, &salon.slug, starts[0], "client@example.com");
    let path = ApiPath::RescheduleBooking {
        token: &made.manage_token,
    }
    .to_string();
    let body = json!({ "start": starts[8].to_string(), "staff": "ana" }).to_string();
    let no_key = api.call("POST", &path, &[], Some(&body));
    assert_eq!(no_key.status, 400, "{}", no_key.text);
    assert_eq!(
        no_key.error().code,
        ErrorCode::IdempotencyKeyRequired.as_str()
    );
    let key = [("idempotency-key", "k1")];
    for (bad, status) in [
        (json!({ "start": "tomorrow", "staff": "ana" }), 422),
        (
            json!({ "start": starts[8].to_string(), "staff": "Ana!" }),
            422,
        ),
        (json!({ "start": starts[8].to_string() }), 400),
        (
            json!({ "start": starts[8].to_string(), "staff": "ana", "code": "X" }),
            400,
        ),
    ] {
        let answer = api.call("POST", &path, &key, Some(&bad.to_string()));
        assert_eq!(answer.status, status, "{bad}: {}", answer.text);
    }
    let misaligned = starts[8].checked_add(SignedDuration::from_mins(7)).unwrap();
    let answer = reschedule(&api, &made.manage_token, misaligned, "ana");
    assert_eq!(answer.status, 409, "{}", answer.text);
    let unknown = api.call(
        "POST",
        &ApiPath::RescheduleBooking { token: "nope" }.to_string(),
        &key,
        Some(&body),
    );
    assert_eq!(unknown.status, 404);
    let view = api.get(
        &ApiPath::Booking {
            token: &made.manage_token,
        }
        .to_string(),
    );
    let kept = view.json::<ManagedBookingWire>().booking;
    assert_eq!(kept.start.parse::<Timestamp>().unwrap(), starts[0]);
}

#[test]
fn a_move_is_told_to_the_client_and_the_owner_and_its_reminder_moves_with_it() {
    let (api, mail, db) = (Api::new(), Mail::new(), Db::new());
    let owner = format!("{}@salon.example", unique("owner"));
    let mut config = open_salon_config();
    config["notifications"] = json!({ "owner_emails": [owner], "reminder_minutes_before": [60] });
    let salon = api.create_salon(&config);
    let starts = free_starts(&api, &salon.slug);
    let client = format!("{}@example.com", unique("client"));
    let made = book(&api, &salon.slug, starts[0], &client);
    mail.wait_for(&client, 1);

    let moved = reschedule(&api, &made.manage_token, starts[8], "ana");
    assert_eq!(moved.status, 200, "{}", moved.text);
    let messages = mail.wait_for(&client, 2);
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages[0]["subject"]
        .as_str()
        .unwrap()
        .starts_with("Moved: Cut at Test Salon, "));
    let full = mail.message(messages[0]["id"].as_str().unwrap());
    use base64::Engine;
    let ics = base64::engine::general_purpose::STANDARD
        .decode(full["attachments"][0]["content"].as_str().unwrap())
        .unwrap();
    assert!(String::from_utf8(ics).unwrap().contains("SEQUENCE:1\r\n"));
    let alerts = mail.wait_for(&owner, 2);
    assert!(alerts[0]["subject"]
        .as_str()
        .unwrap()
        .starts_with("Moved: Zoé, Cut, "));

    let reminders = db.query(
        "SELECT (extract(epoch FROM n.due_at))::bigint::text FROM notifications n \
         JOIN bookings b ON b.id = n.booking_id JOIN salons s ON s.id = b.salon_id \
         WHERE s.slug = $1 AND b.code = $2 AND n.kind = 'reminder' AND n.state = 'pending'",
        &[&salon.slug, &made.booking.code],
    );
    let due = starts[8]
        .checked_sub(SignedDuration::from_mins(60))
        .unwrap();
    assert_eq!(reminders.len(), 1, "one reminder, for the new time");
    assert_eq!(
        reminders[0][0].as_deref(),
        Some(due.as_second().to_string().as_str())
    );
}

#[test]
fn two_moves_at_once_to_two_free_times_leave_one_booking_at_one_of_them() {
    let (api, db) = (Api::new(), Db::new());
    let salon = api.create_salon(&open_salon_config());
    let starts = free_starts(&api, &salon.slug);
    let made = book(&api, &salon.slug, starts[0], "client@example.com");
    let targets = [starts[6], starts[12]];
    let answers: Vec<Answer> = std::thread::scope(|s| {
        let moves: Vec<_> = targets
            .iter()
            .map(|&to| {
                let (api, token) = (&api, made.manage_token.as_str());
                s.spawn(move || reschedule(api, token, to, "ana"))
            })
            .collect();
        moves.into_iter().map(|m| m.join().unwrap()).collect()
    });
    let won: Vec<Timestamp> = answers
        .iter()
        .filter(|a| a.status == 200)
        .map(|a| {
            a.json::<ManagedBookingWire>()
                .booking
                .start
                .parse()
                .unwrap()
        })
        .collect();
    assert!(!won.is_empty(), "{answers:?}");
    for a in answers.iter().filter(|a| a.status != 200) {
        assert_eq!(a.status, 409, "{}", a.text);
    }
    let view = api.get(
        &ApiPath::Booking {
            token: &made.manage_token,
        }
        .to_string(),
    );
    let now_at: Timestamp = view
        .json::<ManagedBookingWire>()
        .booking
        .start
        .parse()
        .unwrap();
    assert!(targets.contains(&now_at), "at one of the two times");
    assert!(won.contains(&now_at));
    assert_eq!(db.confirmed_bookings(&salon.slug), 1);
    let free = free_starts(&api, &salon.slug);
    let other = targets.iter().find(|&&t| t != now_at).unwrap();
    assert!(
        free.contains(other) && free.contains(&starts[0]),
        "the other two times are free"
    );
}
