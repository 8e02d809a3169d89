//! The Worker's logs (SPEC §12): after a full booking, manage and sign-in flow, and the console's
//! operations, no line the Worker wrote holds a token, a key, an email address or a phone number.

use std::time::Duration;

use chairtime_tests::accounts::{link_token, unique_email};
use chairtime_tests::mail::Mail;
use chairtime_tests::{booking_body, open_salon_config, tomorrow, unique, Api};
use serde_json::json;
use shared::api::{BookingCreated, MeWire};
use shared::paths::ApiPath;

/// What the Worker wrote to the stack's log, without the local server's own access lines (which a
/// deployed Worker does not have), once a line for `route` has appeared.
fn worker_log_after(route: &str) -> String {
    let log = std::path::Path::new(
        &std::env::var("CHAIRTIME_STACK_DIR").expect("run with cargo xtask test"),
    )
    .join("logs")
    .join("wrangler.log");
    let mut text = String::new();
    for _ in 0..50 {
        text = std::fs::read_to_string(&log)
            .unwrap_or_default()
            .lines()
            .filter(|l| !l.starts_with("[wrangler:"))
            .collect::<Vec<_>>()
            .join("\n");
        if text.contains(route) {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    text
}

#[test]
fn no_log_line_holds_a_secret_an_email_address_or_a_phone_number() {
    let (api, mail) = (Api::new(), Mail::new());
    let owner_email = unique_email("logowner");
    let salon = api.create_salon_owned_by(&open_salon_config(), &owner_email);
    let slug = salon.slug.as_str();

    // A client books with an email and a phone, looks at the booking, moves it and cancels it.
    let client_email = unique_email("logclient");
    let phone_digits = format!("6{:08}", std::process::id() % 100_000_000);
    let start = api.first_start(slug, "cut", "ana");
    let mut body = booking_body("cut", "ana", &start, "Logan Client");
    body.client.email = Some(client_email.clone());
    body.client.phone = Some(format!("+33 {phone_digits}"));
    let made = api.book(slug, &unique("log"), &body);
    assert_eq!(made.status, 201, "{}", made.text);
    let made = made.json::<BookingCreated>();
    let token = made.manage_token.clone();
    assert_eq!(
        api.get(&ApiPath::ManagePage { token: &token }.to_string())
            .status,
        200
    );
    assert_eq!(
        api.get(&ApiPath::Booking { token: &token }.to_string())
            .status,
        200
    );
    let cancel = api.call(
        "POST",
        &ApiPath::CancelBooking { token: &token }.to_string(),
        &[],
        None,
    );
    assert_eq!(cancel.status, 200, "{}", cancel.text);
    mail.wait_for(&client_email, 2);

    // The owner signs in, reads the calendar and the clients, books a walk-in, signs out.
    let answer = api.ask_link(&owner_email);
    assert_eq!(answer.status, 202);
    let link = link_token(&mail, &owner_email, 1);
    let opened = api.open_session(&link);
    let cookie = opened
        .header("set-cookie")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let session_value = cookie.split_once('=').unwrap().1.to_owned();
    let session = chairtime_tests::accounts::Session {
        cookie,
        origin: api.base.clone(),
    };
    let me = api
        .as_member(&session, "GET", &ApiPath::Me.to_string(), None)
        .json::<MeWire>();
    assert_eq!(me.email, owner_email);
    let clients = ApiPath::AdminClients { slug }.with_query(format!("q={client_email}"));
    assert_eq!(api.as_member(&session, "GET", &clients, None).status, 200);
    let walk_in = json!({
        "service": "cut", "staff": "bob", "start": api.first_start(slug, "cut", "bob"),
        "client": { "name": "Walk In", "phone": format!("0{phone_digits}") }
    });
    let key = unique("walkin");
    let booked = api.call(
        "POST",
        &ApiPath::AdminBookings { slug }.to_string(),
        &[
            ("cookie", &session.cookie),
            ("origin", &session.origin),
            ("idempotency-key", &key),
        ],
        Some(&walk_in.to_string()),
    );
    assert_eq!(booked.status, 201, "{}", booked.text);
    let keyed = api.call(
        "GET",
        &ApiPath::AdminConfig { slug }.to_string(),
        &[("authorization", &format!("Bearer {}", salon.owner_key))],
        None,
    );
    assert_eq!(keyed.status, 200);
    let out = api.as_member(&session, "POST", &ApiPath::AuthSignOut.to_string(), None);
    assert_eq!(out.status, 204);
    let _ = tomorrow();

    let text = worker_log_after(ApiPath::AuthSignOut.template());
    assert!(
        text.contains("/v1/auth/sign-out"),
        "the flow was logged: {text}"
    );
    for secret in [
        token.as_str(),
        link.as_str(),
        session_value.as_str(),
        salon.owner_key.as_str(),
        client_email.as_str(),
        owner_email.as_str(),
        phone_digits.as_str(),
    ] {
        assert!(!text.contains(secret), "the log holds {secret:?}");
    }
    assert!(!text.contains('@'), "no email address of any test either");
}
