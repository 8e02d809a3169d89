//! What a hostile-input run found, each as a request through the real stack: a clear 4xx and nothing
//! changed, where each once got a 500, a 201, a 200 or no answer at all.

use std::time::Duration;

use chairtime_tests::{booking_body, for_service, open_salon_config, unique, Api, Db};
use jiff::civil::date;
use serde_json::json;
use shared::api::{BookingCreated, ErrorCode};
use shared::client::{Problem, StaffChoice};
use shared::date::CalendarDate;
use shared::paths::{ApiPath, AvailabilityQuery};

fn assert_field(answer: &chairtime_tests::Answer, field: &str, code: Problem) {
    assert_eq!(answer.status, 422, "{field}: {}", answer.text);
    assert_eq!(
        answer.error().code,
        ErrorCode::Validation.as_str(),
        "{}",
        answer.text
    );
    assert_eq!(answer.field(field).code, code.code(), "{}", answer.text);
}

#[test]
fn instants_in_unsupported_years_or_with_impossible_offsets_are_422_and_book_nothing() {
    let api = Api::new();
    let db = Db::new();
    let salon = api.create_salon(&open_salon_config());
    let start = api.first_start(&salon.slug, "cut", StaffChoice::ANY);
    for (start, code) in [
        ("0000-01-01T00:00:00Z", Problem::OutOfRange),
        ("9999-12-31T23:59:59Z", Problem::OutOfRange),
        ("1969-12-31T23:59:59Z", Problem::OutOfRange),
        // The first free time, written with an offset a day long.
        (&format!("{}+24:00", &start[..19]), Problem::InvalidDateTime),
        (&format!("{}-24:00", &start[..19]), Problem::InvalidDateTime),
        (
            &format!("{}+01:00:30", &start[..19]),
            Problem::InvalidDateTime,
        ),
    ] {
        let body = booking_body("cut", StaffChoice::ANY, start, "Zoé");
        let answer = api.book(&salon.slug, &unique("h"), &body);
        assert_field(&answer, "start", code);
    }
    assert_eq!(db.confirmed_bookings(&salon.slug), 0);
}

#[test]
fn availability_and_listings_in_unsupported_years_are_422() {
    let api = Api::new();
    let salon = api.create_salon(&open_salon_config());
    let path = ApiPath::Availability { slug: &salon.slug };
    // Dates no CalendarDate can hold, so the query is written by hand.
    for from in [date(0, 1, 1), date(1969, 12, 31), date(3000, 1, 1)] {
        let answer = api.get(&path.with_query(format!(
            "service=cut&staff={}&from={from}&days=1",
            StaffChoice::ANY
        )));
        assert_field(&answer, "from", Problem::OutOfRange);
    }
    let last = api.get(&path.with_query(AvailabilityQuery {
        from: Some(CalendarDate::parse("2999-12-25").unwrap()),
        days: Some(14),
        ..for_service("cut")
    }));
    assert_field(&last, "from", Problem::OutOfRange);
    let auth = format!("Bearer {}", salon.owner_key);
    let listing = api.call(
        "GET",
        &ApiPath::AdminBookings { slug: &salon.slug }.with_query("from=0000-01-01"),
        &[("authorization", &auth)],
        None,
    );
    assert_field(&listing, "from", Problem::OutOfRange);
}

#[test]
fn names_with_line_breaks_invisible_or_direction_characters_are_refused_and_nothing_changes() {
    let api = Api::new();
    let salon = api.create_salon(&open_salon_config());
    let auth = format!("Bearer {}", salon.owner_key);
    let path = ApiPath::AdminConfig { slug: &salon.slug }.to_string();
    let before = api.call("GET", &path, &[("authorization", &auth)], None);
    assert_eq!(before.status, 200);
    for hostile in [
        "\r\nX-Injected: 1",
        "\u{200b}",
        "\u{202e}evil\u{202c}",
        "Ana\n",
    ] {
        for (pointer, field) in [
            ("/name", "name"),
            ("/services/0/name", "services[0].name"),
            ("/staff/0/name", "staff[0].name"),
        ] {
            let mut config = open_salon_config();
            *config.pointer_mut(pointer).unwrap() = json!(hostile);
            let answer = api.call(
                "PUT",
                &path,
                &[("authorization", &auth)],
                Some(&config.to_string()),
            );
            assert_eq!(
                answer.status, 422,
                "{hostile:?} at {pointer}: {}",
                answer.text
            );
            assert!(
                answer.fields().contains_key(field),
                "{hostile:?} names {field}: {}",
                answer.text
            );
            let created = api.call(
                "POST",
                &ApiPath::AdminSalons.to_string(),
                &[("authorization", &format!("Bearer {}", api.platform_token))],
                Some(&json!({ "slug": unique("h"), "config": config }).to_string()),
            );
            assert_eq!(created.status, 422, "{hostile:?}: {}", created.text);
            assert!(
                created.fields().contains_key(&format!("config.{field}")),
                "{}",
                created.text
            );
        }
        let body = booking_body(
            "cut",
            StaffChoice::ANY,
            "2030-01-01T10:00:00+01:00",
            &format!("Zoé{hostile}"),
        );
        let answer = api.book(&salon.slug, &unique("h"), &body);
        assert_eq!(answer.status, 422, "{hostile:?}: {}", answer.text);
        assert!(answer.fields().contains_key("client.name"));
    }
    let after = api.call("GET", &path, &[("authorization", &auth)], None);
    assert_eq!(after.body, before.body);
    // Names in other scripts and emoji sequences stay welcome.
    let mut config = open_salon_config();
    config["name"] = json!("Salon Zoë 👩‍🦰");
    config["staff"][0]["name"] = json!("می‌خواهم");
    let answer = api.call(
        "PUT",
        &path,
        &[("authorization", &auth)],
        Some(&config.to_string()),
    );
    assert_eq!(answer.status, 200, "{}", answer.text);
}

#[test]
fn a_clock_offset_is_refused_unless_it_is_a_whole_number_of_seconds() {
    let api = Api::new();
    for bad in ["soon", "1.5", "99999999999999999999"] {
        let answer = api.call(
            "GET",
            &ApiPath::Salon { slug: "demo" }.to_string(),
            &[("x-chairtime-clock-offset", bad)],
            None,
        );
        assert_eq!(answer.status, 400, "{bad}: {}", answer.text);
        assert_eq!(answer.error().code, ErrorCode::InvalidClockOffset.as_str());
    }
}

#[test]
fn request_logs_name_the_route_never_the_manage_token() {
    let api = Api::new();
    let salon = api.create_salon(&open_salon_config());
    let (_, made) = api.book_first(&salon.slug, "cut", "ana");
    let made: BookingCreated = made.json();
    let token = made.manage_token;
    let (view, calendar) = (
        ApiPath::Booking { token: &token },
        ApiPath::BookingCalendar { token: &token },
    );
    let page = ApiPath::ManagePage { token: &token };
    assert_eq!(api.get(&page.to_string()).status, 200);
    assert_eq!(api.get(&view.to_string()).status, 200);
    assert_eq!(api.get(&calendar.to_string()).status, 200);
    let log = std::path::Path::new(&std::env::var("CHAIRTIME_STACK_DIR").unwrap())
        .join("logs")
        .join("wrangler.log");
    // wrangler writes the Worker's lines as they come; give it a moment to flush them. Lines that
    // start `[wrangler:` are the local development server's own access log, which no deployed
    // Worker has; everything else is what the Worker wrote, one JSON object a request.
    let logged = |text: &str, route: &str| {
        text.lines().any(|l| {
            let at = l.find('{').unwrap_or(l.len());
            serde_json::from_str::<serde_json::Value>(
                l[at..].trim_end_matches(|c: char| c.is_ascii_control() || c == 'm' || c == '['),
            )
            .ok()
            .is_some_and(|v| v["method"] == "GET" && v["route"] == route && v["status"] == 200)
        })
    };
    let mut text = String::new();
    for _ in 0..50 {
        text = std::fs::read_to_string(&log)
            .unwrap_or_default()
            .lines()
            .filter(|l| !l.starts_with("[wrangler:"))
            .collect::<Vec<_>>()
            .join("\n");
        if logged(&text, calendar.template()) {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(
        logged(&text, view.template()),
        "the route pattern is logged"
    );
    assert!(logged(&text, page.template()));
    assert!(!text.contains(&token), "a manage token reached the log");
    let email = made.booking.client.email.expect("an email");
    assert!(!text.contains(&email));
}
