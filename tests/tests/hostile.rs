//! What a hostile-input run found, each as a request through the real stack: a clear 4xx and nothing
//! changed, where each once got a 500, a 201, a 200 or no answer at all.

use std::time::Duration;

use chairtime_tests::{open_salon_config, unique, Api, Db};
use serde_json::{json, Value};

fn assert_field(answer: &chairtime_tests::Answer, field: &str, code: &str) {
    assert_eq!(answer.status, 422, "{field}: {}", answer.text);
    assert_eq!(
        answer.body["error"]["code"], "validation",
        "{}",
        answer.text
    );
    assert_eq!(
        answer.body["error"]["fields"][field]["code"], code,
        "{}",
        answer.text
    );
}

#[test]
fn instants_in_unsupported_years_or_with_impossible_offsets_are_422_and_book_nothing() {
    let api = Api::new();
    let db = Db::new();
    let salon = api.create_salon(&open_salon_config());
    let start = api.first_start(&salon.slug, "cut", "any");
    for (start, code) in [
        ("0000-01-01T00:00:00Z", "out_of_range"),
        ("9999-12-31T23:59:59Z", "out_of_range"),
        ("1969-12-31T23:59:59Z", "out_of_range"),
        // The first free time, written with an offset a day long.
        (&format!("{}+24:00", &start[..19]), "invalid_datetime"),
        (&format!("{}-24:00", &start[..19]), "invalid_datetime"),
        (&format!("{}+01:00:30", &start[..19]), "invalid_datetime"),
    ] {
        let body = json!({ "service": "cut", "staff": "any", "start": start,
                           "client": { "name": "Zoé", "email": "zoe@example.com" } });
        let answer = api.book(&salon.slug, &unique("h"), &body);
        assert_field(&answer, "start", code);
    }
    assert_eq!(db.confirmed_bookings(&salon.slug), 0);
}

#[test]
fn availability_and_listings_in_unsupported_years_are_422() {
    let api = Api::new();
    let salon = api.create_salon(&open_salon_config());
    for from in ["0000-01-01", "1969-12-31", "3000-01-01"] {
        let answer = api.get(&format!(
            "/v1/salons/{}/availability?service=cut&staff=any&from={from}&days=1",
            salon.slug
        ));
        assert_field(&answer, "from", "out_of_range");
    }
    let last = api.get(&format!(
        "/v1/salons/{}/availability?service=cut&from=2999-12-25&days=14",
        salon.slug
    ));
    assert_field(&last, "from", "out_of_range");
    let auth = format!("Bearer {}", salon.owner_key);
    let listing = api.call(
        "GET",
        &format!("/v1/admin/salons/{}/bookings?from=0000-01-01", salon.slug),
        &[("authorization", &auth)],
        None,
    );
    assert_field(&listing, "from", "out_of_range");
}

#[test]
fn names_with_line_breaks_invisible_or_direction_characters_are_refused_and_nothing_changes() {
    let api = Api::new();
    let salon = api.create_salon(&open_salon_config());
    let auth = format!("Bearer {}", salon.owner_key);
    let path = format!("/v1/admin/salons/{}/config", salon.slug);
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
                answer.body["error"]["fields"][field]["code"].is_string(),
                "{hostile:?} names {field}: {}",
                answer.text
            );
            let created = api.call(
                "POST",
                "/v1/admin/salons",
                &[("authorization", &format!("Bearer {}", api.platform_token))],
                Some(&json!({ "slug": unique("h"), "config": config }).to_string()),
            );
            assert_eq!(created.status, 422, "{hostile:?}: {}", created.text);
            assert!(
                created.body["error"]["fields"][format!("config.{field}")]["code"].is_string(),
                "{}",
                created.text
            );
        }
        let body = json!({ "service": "cut", "staff": "any", "start": "2030-01-01T10:00:00+01:00",
                           "client": { "name": format!("Zoé{hostile}"), "email": "zoe@example.com" } });
        let answer = api.book(&salon.slug, &unique("h"), &body);
        assert_eq!(answer.status, 422, "{hostile:?}: {}", answer.text);
        assert!(answer.body["error"]["fields"]["client.name"]["code"].is_string());
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
            "/v1/salons/demo",
            &[("x-chairtime-clock-offset", bad)],
            None,
        );
        assert_eq!(answer.status, 400, "{bad}: {}", answer.text);
        assert_eq!(answer.body["error"]["code"], "invalid_clock_offset");
    }
}

#[test]
fn request_logs_name_the_route_never_the_manage_token() {
    let api = Api::new();
    let salon = api.create_salon(&open_salon_config());
    let (_, made) = api.book_first(&salon.slug, "cut", "ana");
    let token = made.body["manage_token"].as_str().unwrap().to_owned();
    assert_eq!(api.get(&format!("/v1/bookings/{token}")).status, 200);
    assert_eq!(
        api.get(&format!("/v1/bookings/{token}/calendar.ics"))
            .status,
        200
    );
    let log = std::path::Path::new(&std::env::var("CHAIRTIME_STACK_DIR").unwrap())
        .join("logs")
        .join("wrangler.log");
    // wrangler writes the Worker's lines as they come; give it a moment to flush them. Lines that
    // start `[wrangler:` are the local development server's own access log, which no deployed
    // Worker has; everything else is what the Worker wrote.
    let mut text = String::new();
    for _ in 0..50 {
        text = std::fs::read_to_string(&log)
            .unwrap_or_default()
            .lines()
            .filter(|l| !l.starts_with("[wrangler:"))
            .collect::<Vec<_>>()
            .join("\n");
        if text.contains("GET /v1/bookings/{token}/calendar.ics 200") {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(
        text.contains("GET /v1/bookings/{token} 200"),
        "the route pattern is logged"
    );
    assert!(!text.contains(&token), "a manage token reached the log");
    let email: Value = made.body["booking"]["client"]["email"].clone();
    assert!(!text.contains(email.as_str().unwrap()));
}
