//! The salon's calendar operations (SPEC §11), as the console calls them: walk-ins, moves that
//! ignore the client's cutoff, cancellations with a message, outcomes, blocked time, and clients.

use chairtime_tests::accounts::{unique_email, Session};
use chairtime_tests::mail::Mail;
use chairtime_tests::{
    booking_body, clock_offset, for_service, offered_starts, open_salon_config, tomorrow, Api,
};
use serde_json::json;
use shared::api::{
    BlockReply, BookingCreated, ClientDetail, ClientsWire, ErrorCode, OwnerBookingReply,
    OwnerBookings,
};
use shared::date::CalendarDate;
use shared::paths::{ApiPath, AvailabilityQuery};

/// A salon with a signed-in owner.
struct Counter {
    api: Api,
    mail: Mail,
    slug: String,
    owner: Session,
}

impl Counter {
    fn open() -> Counter {
        let (api, mail) = (Api::new(), Mail::new());
        let email = unique_email("counter");
        let salon = api.create_salon_owned_by(&open_salon_config(), &email);
        let owner = api.sign_in(&mail, &email, 1);
        Counter {
            api,
            mail,
            slug: salon.slug,
            owner,
        }
    }

    fn post(&self, path: ApiPath<'_>, body: serde_json::Value) -> chairtime_tests::Answer {
        let key = chairtime_tests::unique("op");
        self.api.call(
            "POST",
            &path.to_string(),
            &[
                ("cookie", &self.owner.cookie),
                ("origin", &self.owner.origin),
                ("idempotency-key", &key),
            ],
            Some(&body.to_string()),
        )
    }

    fn get(&self, path: &str) -> chairtime_tests::Answer {
        self.api.as_member(&self.owner, "GET", path, None)
    }

    /// Tomorrow at `time` in the salon (Paris), RFC 3339.
    fn tomorrow_at(&self, time: &str) -> String {
        local(tomorrow(), time)
    }

    /// The starts offered for ana tomorrow.
    fn offered_for_ana(&self) -> Vec<String> {
        let query = AvailabilityQuery {
            staff: Some("ana"),
            from: Some(tomorrow()),
            days: Some(1),
            ..for_service("cut")
        };
        offered_starts(
            &self
                .api
                .get(&ApiPath::Availability { slug: &self.slug }.with_query(query)),
        )
    }
}

fn local(date: CalendarDate, time: &str) -> String {
    let zone = jiff::tz::TimeZone::get("Europe/Paris").unwrap();
    let at: jiff::civil::Time = format!("{time}:00").parse().unwrap();
    let zoned = date.to_civil().to_datetime(at).to_zoned(zone).unwrap();
    zoned
        .timestamp()
        .display_with_offset(zoned.offset())
        .to_string()
}

#[test]
fn the_salon_books_a_walk_in_without_contact_and_beyond_the_window_only_when_it_says_so() {
    let c = Counter::open();
    let slug = c.slug.as_str();
    let walk_in = json!({
        "service": "cut", "staff": "ana", "start": c.tomorrow_at("10:00"),
        "client": { "name": "Walk-in Wanda" }, "notes": "Paid cash"
    });
    let made = c.post(ApiPath::AdminBookings { slug }, walk_in);
    assert_eq!(made.status, 201, "{}", made.text);
    let made = made.json::<OwnerBookingReply>().booking;
    assert_eq!(made.booking.client.name, "Walk-in Wanda");
    assert_eq!(made.booking.client.email, None);
    assert_eq!(made.notes, "Paid cash");
    assert!(!c.offered_for_ana().contains(&c.tomorrow_at("10:00")));

    let over = json!({
        "service": "cut", "staff": "ana", "start": c.tomorrow_at("10:15"),
        "client": { "name": "Second", "phone": "06 12 34 56 78" }, "override_rules": true
    });
    let refused = c.post(ApiPath::AdminBookings { slug }, over);
    assert_eq!(
        refused.status, 409,
        "never over another booking: {}",
        refused.text
    );
    assert_eq!(refused.error().code, ErrorCode::SlotUnavailable.as_str());

    let far = tomorrow().add_days(70).unwrap();
    let regular = |override_rules: bool| {
        json!({
            "service": "colour", "staff": "ana", "start": local(far, "11:00"),
            "client": { "name": "Regular Rita", "email": "rita@example.com" },
            "override_rules": override_rules
        })
    };
    let outside = c.post(ApiPath::AdminBookings { slug }, regular(false));
    assert_eq!(
        outside.status, 409,
        "beyond the 60-day window: {}",
        outside.text
    );
    let overridden = c.post(ApiPath::AdminBookings { slug }, regular(true));
    assert_eq!(overridden.status, 201, "{}", overridden.text);
    let confirmation = c.mail.wait_for("rita@example.com", 1);
    assert!(
        confirmation
            .iter()
            .any(|m| m["subject"].as_str().unwrap_or("").contains("Colour")),
        "the client with an email is told"
    );
    let bad = c.post(
        ApiPath::AdminBookings { slug },
        json!({ "service": "cut", "staff": "ana", "start": c.tomorrow_at("12:00"), "client": { "name": "" } }),
    );
    assert_eq!(bad.status, 422, "{}", bad.text);
    assert!(bad.fields().contains_key("client.name"));
    let list = c
        .get(&ApiPath::AdminBookings { slug }.to_string())
        .json::<OwnerBookings>();
    assert_eq!(
        list.bookings.len(),
        1,
        "today to 30 days ahead holds the walk-in only"
    );
}

#[test]
fn the_salon_moves_a_booking_past_the_clients_cutoff_and_cancels_with_a_message() {
    let c = Counter::open();
    let slug = c.slug.as_str();
    let email = unique_email("client");
    let mut body = booking_body("cut", "ana", &c.tomorrow_at("10:00"), "Cleo");
    body.client.email = Some(email.clone());
    let made = c.api.book(slug, &chairtime_tests::unique("k"), &body);
    assert_eq!(made.status, 201, "{}", made.text);
    let created = made.json::<BookingCreated>();
    let id = created.booking.id.clone();

    // Ten minutes before it starts, the client can no longer move it; the salon can.
    let start: jiff::Timestamp = created.booking.start.parse().unwrap();
    let ten_before = (start.as_second() - 600 - chairtime_tests::now().as_second()
        + clock_offset().unwrap_or(0))
    .to_string();
    let clock = [("x-chairtime-clock-offset", ten_before.as_str())];
    let client_move = c.api.call(
        "POST",
        &ApiPath::RescheduleBooking {
            token: &created.manage_token,
        }
        .to_string(),
        &[clock[0], ("idempotency-key", "late-move")],
        Some(&json!({ "start": c.tomorrow_at("15:00"), "staff": "ana" }).to_string()),
    );
    assert_eq!(client_move.status, 422, "{}", client_move.text);
    let salon_move = c.api.call(
        "POST",
        &ApiPath::AdminRescheduleBooking { slug, id: &id }.to_string(),
        &[
            clock[0],
            ("cookie", &c.owner.cookie),
            ("origin", &c.owner.origin),
        ],
        Some(&json!({ "start": c.tomorrow_at("15:00"), "staff": "bob" }).to_string()),
    );
    assert_eq!(salon_move.status, 200, "{}", salon_move.text);
    let moved = salon_move.json::<OwnerBookingReply>().booking;
    assert_eq!(moved.booking.start, c.tomorrow_at("15:00"));
    assert_eq!(moved.booking.staff, "bob");
    assert_eq!(moved.moves, 1);
    assert!(
        c.offered_for_ana().contains(&c.tomorrow_at("10:00")),
        "the old time is free"
    );

    let cancelled = c.post(
        ApiPath::AdminCancelBooking { slug, id: &id },
        json!({ "message": "Bob is ill, sorry. Call us to book again." }),
    );
    assert_eq!(cancelled.status, 200, "{}", cancelled.text);
    let cancelled = cancelled.json::<OwnerBookingReply>().booking;
    assert!(cancelled.cancelled_at.is_some());
    let messages = c.mail.wait_for(&email, 3);
    let subjects: Vec<&str> = messages
        .iter()
        .map(|m| m["subject"].as_str().unwrap())
        .collect();
    assert_eq!(
        subjects.len(),
        3,
        "confirmation, moved, cancelled: {subjects:?}"
    );
    let cancellation = &messages[0];
    assert!(
        cancellation["text"]
            .as_str()
            .unwrap()
            .contains("Bob is ill, sorry. Call us to book again."),
        "{cancellation}"
    );
    let too_long = c.post(
        ApiPath::AdminCancelBooking { slug, id: &id },
        json!({ "message": "x".repeat(5000) }),
    );
    assert_eq!(too_long.status, 422, "{}", too_long.text);
}

#[test]
fn an_outcome_is_recorded_once_the_booking_has_begun_and_counts_for_the_client() {
    let c = Counter::open();
    let slug = c.slug.as_str();
    let mut body = booking_body("cut", "ana", &c.tomorrow_at("11:00"), "Nora No-Show");
    body.client.phone = Some("+33 6 11 22 33 44".to_owned());
    body.client.email = None;
    let made = c.api.book(slug, &chairtime_tests::unique("k"), &body);
    assert_eq!(made.status, 201, "{}", made.text);
    let id = made.json::<BookingCreated>().booking.id;
    let outcome = ApiPath::AdminBookingOutcome { slug, id: &id }.to_string();

    let early = c.api.as_member(
        &c.owner,
        "POST",
        &outcome,
        Some(r#"{"outcome": "no_show"}"#),
    );
    assert_eq!(early.status, 409, "{}", early.text);
    assert_eq!(early.error().code, ErrorCode::NotStarted.as_str());

    let two_days = (clock_offset().unwrap_or(0) + 2 * 86_400).to_string();
    let later = [
        ("cookie", c.owner.cookie.as_str()),
        ("origin", c.owner.origin.as_str()),
        ("x-chairtime-clock-offset", two_days.as_str()),
    ];
    let marked = c
        .api
        .call("POST", &outcome, &later, Some(r#"{"outcome": "no_show"}"#));
    assert_eq!(marked.status, 200, "{}", marked.text);
    assert_eq!(
        marked.json::<OwnerBookingReply>().booking.outcome,
        Some(shared::api::Outcome::NoShow)
    );
    let wrong = c
        .api
        .call("POST", &outcome, &later, Some(r#"{"outcome": "maybe"}"#));
    assert_eq!(wrong.status, 400);

    let clients = ApiPath::AdminClients { slug }.with_query("q=611223");
    let found = c
        .api
        .call("GET", &clients, &later, None)
        .json::<ClientsWire>();
    assert_eq!(found.clients.len(), 1, "found by the phone's digits");
    let client = &found.clients[0];
    assert_eq!(client.name, "Nora No-Show");
    assert_eq!((client.visits, client.no_shows), (0, 1));
    assert_eq!(client.phone.as_deref(), Some("+33611223344"));
    assert!(c
        .get(&ApiPath::AdminClients { slug }.with_query("q=nobody-like-this"))
        .json::<ClientsWire>()
        .clients
        .is_empty());
    let by_name = c
        .get(&ApiPath::AdminClients { slug }.with_query("q=NORA"))
        .json::<ClientsWire>();
    assert_eq!(by_name.clients[0].id, client.id);

    let one = ApiPath::AdminClient {
        slug,
        id: &client.id,
    }
    .to_string();
    let note = ApiPath::AdminClientNote {
        slug,
        id: &client.id,
    }
    .to_string();
    let saved = c.api.as_member(
        &c.owner,
        "PUT",
        &note,
        Some(r#"{"note": "Prefers texts.\nAllergic to latex."}"#),
    );
    assert_eq!(saved.status, 200, "{}", saved.text);
    let detail = c.get(&one).json::<ClientDetail>();
    assert_eq!(detail.note, "Prefers texts.\nAllergic to latex.");
    assert_eq!(detail.bookings.len(), 1);
    assert_eq!(detail.bookings[0].booking.id, id);
    let unknown = ApiPath::AdminClient {
        slug,
        id: "0123456789abcdef0123456789abcdef",
    }
    .to_string();
    assert_eq!(c.get(&unknown).status, 404);
    assert_eq!(
        c.get(&ApiPath::AdminClient { slug, id: "../x" }.to_string())
            .status,
        404
    );
}

#[test]
fn a_block_takes_time_from_availability_at_once_and_never_overlaps_a_booking() {
    let c = Counter::open();
    let slug = c.slug.as_str();
    assert!(c.offered_for_ana().contains(&c.tomorrow_at("10:00")));
    let block = c.post(
        ApiPath::AdminBlocks { slug },
        json!({ "staff": "ana", "start": c.tomorrow_at("10:00"), "end": c.tomorrow_at("11:00"), "note": "Dentist" }),
    );
    assert_eq!(block.status, 201, "{}", block.text);
    let block = block.json::<BlockReply>().block;
    let offered = c.offered_for_ana();
    for gone in ["10:00", "10:30"] {
        assert!(!offered.contains(&c.tomorrow_at(gone)), "{gone} is blocked");
    }
    assert!(offered.contains(&c.tomorrow_at("11:00")));

    let into_block = c.api.book(
        slug,
        &chairtime_tests::unique("k"),
        &booking_body("cut", "ana", &c.tomorrow_at("10:30"), "Too Late"),
    );
    assert_eq!(into_block.status, 409, "{}", into_block.text);

    let (_, booked) = (
        0,
        c.api.book(
            slug,
            &chairtime_tests::unique("k"),
            &booking_body("cut", "ana", &c.tomorrow_at("12:00"), "Booked"),
        ),
    );
    assert_eq!(booked.status, 201, "{}", booked.text);
    let over = c.post(
        ApiPath::AdminBlocks { slug },
        json!({ "staff": "ana", "start": c.tomorrow_at("11:30"), "end": c.tomorrow_at("12:30") }),
    );
    assert_eq!(over.status, 409, "{}", over.text);
    for bad in [
        json!({ "staff": "ana", "start": c.tomorrow_at("14:00"), "end": c.tomorrow_at("13:00") }),
        json!({ "staff": "zed", "start": c.tomorrow_at("14:00"), "end": c.tomorrow_at("15:00") }),
        json!({ "staff": "ana", "start": "tomorrow", "end": c.tomorrow_at("15:00") }),
        json!({ "staff": "ana", "start": c.tomorrow_at("14:00"), "end": c.tomorrow_at("15:00"), "why": "x" }),
    ] {
        let refused = c.post(ApiPath::AdminBlocks { slug }, bad.clone());
        assert!(
            matches!(refused.status, 400 | 404 | 422),
            "{bad}: {} {}",
            refused.status,
            refused.text
        );
    }

    let day = tomorrow().to_string();
    let listed = c
        .get(&ApiPath::AdminBookings { slug }.with_query(format!("from={day}&to={day}")))
        .json::<OwnerBookings>();
    assert_eq!(listed.blocks.len(), 1);
    assert_eq!(listed.blocks[0].note, "Dentist");
    assert_eq!(listed.bookings.len(), 1);

    let removed = c.api.as_member(
        &c.owner,
        "DELETE",
        &ApiPath::AdminBlock {
            slug,
            id: &block.id,
        }
        .to_string(),
        None,
    );
    assert_eq!(removed.status, 200, "{}", removed.text);
    assert!(
        c.offered_for_ana().contains(&c.tomorrow_at("10:00")),
        "the time is back"
    );
}
