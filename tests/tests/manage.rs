//! What a client can do with the manage link: view, cancel until the cutoff, add to a calendar.

use chairtime_tests::{open_salon_config, Answer, Api};
use shared::api::{BookingCreated, BookingStatus, ErrorCode, ManagedBookingWire};
use shared::paths::ApiPath;

/// Books the first free cut with Ana in a new salon; returns its slug and the `201` answer, as
/// written and as read.
fn book(api: &Api, config: &serde_json::Value) -> (String, Answer, BookingCreated) {
    let salon = api.create_salon(config);
    let (_, answer) = api.book_first(&salon.slug, "cut", "ana");
    let made = answer.json();
    (salon.slug, answer, made)
}

#[test]
fn a_client_views_and_cancels_a_booking_and_the_time_is_offered_again() {
    let api = Api::new();
    let (slug, answer, made) = book(&api, &open_salon_config());
    let token = made.manage_token.as_str();
    assert_eq!(
        made.manage_url,
        format!("{}{}", api.base, ApiPath::ManagePage { token })
    );

    let view = api.get(&ApiPath::Booking { token }.to_string());
    assert_eq!(view.status, 200, "{}", view.text);
    // The same booking, field for field as written, null and absent fields included.
    assert_eq!(view.body["booking"], answer.body["booking"]);
    assert_eq!(view.json::<ManagedBookingWire>().booking, made.booking);
    assert_eq!(view.header("cache-control"), Some("no-store"));
    let managed = view.json::<ManagedBookingWire>();
    assert_eq!(managed.slug, slug);
    assert_eq!(managed.salon, "Test Salon");

    let cancel = ApiPath::CancelBooking { token }.to_string();
    let cancelled = api.call("POST", &cancel, &[], None);
    assert_eq!(cancelled.status, 200, "{}", cancelled.text);
    assert_eq!(
        cancelled.json::<ManagedBookingWire>().booking.status,
        BookingStatus::Cancelled
    );
    let again = api.call("POST", &cancel, &[], None);
    assert_eq!(again.status, 200, "{}", again.text);
    assert_eq!(
        again.json::<ManagedBookingWire>().booking.status,
        BookingStatus::Cancelled
    );

    assert_eq!(
        api.first_slot(&slug, "cut", "ana").start,
        made.booking.start
    );
}

#[test]
fn cancelling_inside_the_cutoff_is_refused_and_changes_nothing() {
    let api = Api::new();
    let mut config = open_salon_config();
    // A week's cutoff: the first free slot is always inside it.
    config["policy"]["cancel_cutoff_minutes"] = serde_json::json!(10080);
    let (_, _, made) = book(&api, &config);
    let token = made.manage_token.as_str();
    let refused = api.call(
        "POST",
        &ApiPath::CancelBooking { token }.to_string(),
        &[],
        None,
    );
    assert_eq!(refused.status, 409, "{}", refused.text);
    assert_eq!(refused.error().code, ErrorCode::CancelCutoffPassed.as_str());
    assert_eq!(
        api.get(&ApiPath::Booking { token }.to_string())
            .json::<ManagedBookingWire>()
            .booking
            .status,
        BookingStatus::Confirmed
    );
}

#[test]
fn the_calendar_file_is_in_the_salons_time_zone_with_a_stable_uid() {
    let api = Api::new();
    let (_, _, made) = book(&api, &open_salon_config());
    let calendar = ApiPath::BookingCalendar {
        token: &made.manage_token,
    }
    .to_string();
    let ics = api.get(&calendar);
    assert_eq!(ics.status, 200);
    assert!(ics
        .header("content-type")
        .unwrap()
        .starts_with("text/calendar"));
    let id = &made.booking.id;
    assert!(
        ics.text.contains(&format!("UID:{id}@chairtime\r\n")),
        "{}",
        ics.text
    );
    let start = &made.booking.start;
    let local = format!(
        "{}{}{}T{}{}00",
        &start[0..4],
        &start[5..7],
        &start[8..10],
        &start[11..13],
        &start[14..16]
    );
    assert!(
        ics.text
            .contains(&format!("DTSTART;TZID=Europe/Paris:{local}\r\n")),
        "{}",
        ics.text
    );
    assert!(ics
        .text
        .contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\n"));
    // The same file every time, apart from when it was made, so re-importing updates one event.
    let without_stamp = |t: &str| {
        t.lines()
            .filter(|l| !l.starts_with("DTSTAMP:"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let again = api.get(&calendar).text;
    assert_eq!(without_stamp(&ics.text), without_stamp(&again));
}

#[test]
fn unknown_manage_tokens_are_404() {
    let api = Api::new();
    let token = "nope";
    for path in [
        ApiPath::Booking { token },
        ApiPath::BookingCalendar { token },
    ] {
        assert_eq!(api.get(&path.to_string()).status, 404, "{path}");
    }
    assert_eq!(
        api.call(
            "POST",
            &ApiPath::CancelBooking { token }.to_string(),
            &[],
            None
        )
        .status,
        404
    );
}

#[test]
fn the_manage_link_opens_a_page_that_sends_no_referrer_is_never_stored_and_holds_no_booking() {
    let api = Api::new();
    let (_, _, made) = book(&api, &open_salon_config());
    let path = made
        .manage_url
        .strip_prefix(&api.base)
        .expect("the manage link is on the API's origin");
    assert!(path.starts_with("/b/"), "{path}");
    let page = api.get(path);
    assert_eq!(page.status, 200, "{}", page.text);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(page.header("referrer-policy"), Some("no-referrer"));
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    let csp = page.header("content-security-policy").unwrap_or_default();
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval'")
            && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    // The page is the same for every booking: the app reads the token from the address.
    assert!(!page.text.contains(&made.manage_token));
    assert!(!page.text.contains(&made.booking.code));
    assert_eq!(page.text, api.get("/b/another-token").text);
    // Its app is among the static assets.
    assert_eq!(api.get("/manage.js").status, 200);
}

#[test]
fn the_booking_answer_names_the_salon_and_how_to_reach_it() {
    let api = Api::new();
    let mut config = open_salon_config();
    config["contact"] = serde_json::json!({
        "phone": "01 42 68 53 00", "email": "hello@salon.example", "address": "1 rue de la Paix, Paris"
    });
    let (slug, _, made) = book(&api, &config);
    let view = api
        .get(
            &ApiPath::Booking {
                token: &made.manage_token,
            }
            .to_string(),
        )
        .json::<ManagedBookingWire>();
    assert_eq!(view.slug, slug);
    assert_eq!(view.contact.phone.as_deref(), Some("+33142685300"));
    assert_eq!(view.contact.email.as_deref(), Some("hello@salon.example"));
    assert_eq!(view.contact.address, "1 rue de la Paix, Paris");
}
