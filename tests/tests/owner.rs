//! The owner API: creating salons, replacing configuration, listing and cancelling bookings, and the
//! walls between salons.

use chairtime_tests::{booking_body, open_salon_config, unique, Api, Db};
use serde_json::json;
use shared::api::{
    BookingCreated, BookingStatus, ErrorCode, OwnerBookingReply, OwnerBookings, SalonProfile,
};
use shared::config::{ConfigIssue, SalonConfigWire};
use shared::paths::ApiPath;

fn bearer(key: &str) -> String {
    format!("Bearer {key}")
}

#[test]
fn an_owner_key_of_one_salon_opens_nothing_of_another_and_no_key_opens_nothing() {
    let api = Api::new();
    let a = api.create_salon(&open_salon_config());
    let b = api.create_salon(&open_salon_config());
    let (_, made) = api.book_first(&b.slug, "cut", "ana");
    let id = made.json::<BookingCreated>().booking.id;
    let config = open_salon_config().to_string();
    let slug = b.slug.as_str();
    let endpoints = [
        ("GET", ApiPath::AdminConfig { slug }, None),
        ("PUT", ApiPath::AdminConfig { slug }, Some(config.as_str())),
        ("GET", ApiPath::AdminBookings { slug }, None),
        ("POST", ApiPath::AdminCancelBooking { slug, id: &id }, None),
    ];
    let a_key = bearer(&a.owner_key);
    for (method, path, body) in &endpoints {
        let path = path.to_string();
        let with_a = api.call(method, &path, &[("authorization", &a_key)], *body);
        assert!(
            matches!(with_a.status, 403 | 404),
            "{method} {path} with salon A's key: {}",
            with_a.text
        );
        let without = api.call(method, &path, &[], *body);
        assert_eq!(without.status, 401, "{method} {path} without a key");
        assert_eq!(without.error().code, ErrorCode::Unauthorized.as_str());
    }
    let db = Db::new();
    assert_eq!(db.confirmed_bookings(&b.slug), 1, "nothing of B changed");

    let platform = [("authorization", "Bearer not-the-platform-token")];
    let create = json!({ "slug": unique("x"), "config": open_salon_config() }).to_string();
    let salons = ApiPath::AdminSalons.to_string();
    assert_eq!(
        api.call("POST", &salons, &platform, Some(&create)).status,
        403
    );
    assert_eq!(api.call("POST", &salons, &[], Some(&create)).status, 401);
    assert_eq!(
        api.call("POST", &salons, &[("authorization", &a_key)], Some(&create))
            .status,
        403
    );
}

#[test]
fn creating_a_salon_checks_the_slug_the_document_and_that_the_slug_is_free() {
    let api = Api::new();
    let token = bearer(&api.platform_token);
    let auth = [("authorization", token.as_str())];
    let salon = api.create_salon(&open_salon_config());
    assert!(salon.owner_key.len() >= 40, "at least 128 random bits");
    let salons = ApiPath::AdminSalons.to_string();
    let taken = api.call(
        "POST",
        &salons,
        &auth,
        Some(&json!({ "slug": salon.slug, "config": open_salon_config() }).to_string()),
    );
    assert_eq!(
        (taken.status, taken.error().code.as_str()),
        (409, ErrorCode::SlugTaken.as_str())
    );

    let bad_slug = api.call(
        "POST",
        &salons,
        &auth,
        Some(&json!({ "slug": "No!", "config": open_salon_config() }).to_string()),
    );
    assert_eq!(bad_slug.status, 422);
    assert_eq!(bad_slug.field("slug").code, ConfigIssue::InvalidSlug.code());

    let mut config = open_salon_config();
    config["timezone"] = json!("Mars/Olympus");
    config["staff"][1]["services"] = json!(["cut", "perm"]);
    config["staff"][0]["hours"]["mon"] = json!([["12:00", "14:00"], ["13:00", "15:00"]]);
    config["services"][0]["duration_minutes"] = json!(2);
    let invalid = api.call(
        "POST",
        &salons,
        &auth,
        Some(&json!({ "slug": unique("x"), "config": config }).to_string()),
    );
    assert_eq!(invalid.status, 422, "{}", invalid.text);
    let fields = invalid.fields();
    for path in [
        "config.timezone",
        "config.staff[1].services[1]",
        "config.staff[0].hours.mon[1]",
        "config.services[0].duration_minutes",
    ] {
        assert!(fields.contains_key(path), "{path} missing from {fields:?}");
    }

    let mut unknown = open_salon_config();
    unknown["services"][0]["colour"] = json!("red");
    let refused = api.call(
        "POST",
        &salons,
        &auth,
        Some(&json!({ "slug": unique("x"), "config": unknown }).to_string()),
    );
    assert_eq!(refused.status, 422);
    assert!(refused.text.contains("colour"), "{}", refused.text);
}

#[test]
fn applying_the_same_configuration_again_changes_nothing() {
    let api = Api::new();
    let salon = api.create_salon(&open_salon_config());
    let key = bearer(&salon.owner_key);
    let path = ApiPath::AdminConfig { slug: &salon.slug }.to_string();
    let before = api.call("GET", &path, &[("authorization", &key)], None);
    let (_, made) = api.book_first(&salon.slug, "cut", "ana");
    for _ in 0..2 {
        let put = api.call(
            "PUT",
            &path,
            &[("authorization", &key)],
            Some(&open_salon_config().to_string()),
        );
        assert_eq!(put.status, 200, "{}", put.text);
    }
    let after = api.call("GET", &path, &[("authorization", &key)], None);
    assert_eq!(before.body, after.body);
    let token = made.json::<BookingCreated>().manage_token;
    // The same booking, field for field as written.
    assert_eq!(
        api.get(&ApiPath::Booking { token: &token }.to_string())
            .body["booking"],
        made.body["booking"]
    );
}

#[test]
fn removing_staff_or_services_that_future_bookings_need_is_refused_until_they_are_cancelled() {
    let api = Api::new();
    let salon = api.create_salon(&open_salon_config());
    let key = bearer(&salon.owner_key);
    let path = ApiPath::AdminConfig { slug: &salon.slug }.to_string();
    let (_, made) = api.book_first(&salon.slug, "cut", "bob");
    let made: BookingCreated = made.json();
    let code = made.booking.code.as_str();

    let mut without_bob = open_salon_config();
    without_bob["staff"].as_array_mut().unwrap().truncate(1);
    let refused = api.call(
        "PUT",
        &path,
        &[("authorization", &key)],
        Some(&without_bob.to_string()),
    );
    assert_eq!(refused.status, 409, "{}", refused.text);
    let conflict = refused.error();
    assert_eq!(conflict.code, ErrorCode::ConfigConflict.as_str());
    assert!(conflict.message.contains(code));
    let mut bob_without_cuts = open_salon_config();
    bob_without_cuts["staff"][1]["services"] = json!([]);
    assert_eq!(
        api.call(
            "PUT",
            &path,
            &[("authorization", &key)],
            Some(&bob_without_cuts.to_string())
        )
        .status,
        409
    );
    let current = api.call("GET", &path, &[("authorization", &key)], None);
    assert_eq!(
        current.json::<SalonConfigWire>().staff.len(),
        2,
        "nothing changed"
    );

    let cancel = api.call(
        "POST",
        &ApiPath::AdminCancelBooking {
            slug: &salon.slug,
            id: &made.booking.id,
        }
        .to_string(),
        &[("authorization", &key)],
        None,
    );
    assert_eq!(cancel.status, 200, "{}", cancel.text);
    let applied = api.call(
        "PUT",
        &path,
        &[("authorization", &key)],
        Some(&without_bob.to_string()),
    );
    assert_eq!(applied.status, 200, "{}", applied.text);
    assert_eq!(
        api.get(&ApiPath::Salon { slug: &salon.slug }.to_string())
            .json::<SalonProfile>()
            .staff
            .len(),
        1
    );
}

#[test]
fn owners_list_bookings_with_client_details_and_cancel_any_of_them() {
    let api = Api::new();
    let mut config = open_salon_config();
    config["policy"]["cancel_cutoff_minutes"] = json!(10080);
    let salon = api.create_salon(&config);
    let key = bearer(&salon.owner_key);
    let start = api.first_start(&salon.slug, "cut", "ana");
    let mut body = booking_body("cut", "ana", &start, "Zoé");
    body.notes = Some("Allergic to lavender".to_owned());
    let made = api.book(&salon.slug, &unique("key"), &body);
    assert_eq!(made.status, 201);
    let made: BookingCreated = made.json();

    let slug = salon.slug.as_str();
    let listing = ApiPath::AdminBookings { slug };
    let list = api.call(
        "GET",
        &listing.to_string(),
        &[("authorization", &key)],
        None,
    );
    assert_eq!(list.status, 200, "{}", list.text);
    let bookings = list.json::<OwnerBookings>().bookings;
    assert_eq!(bookings.len(), 1);
    assert_eq!(
        bookings[0].booking.client.email.as_deref(),
        Some("client@example.com")
    );
    assert_eq!(bookings[0].notes, "Allergic to lavender");

    let date = &start[..10];
    let empty = api.call(
        "GET",
        &listing.with_query("from=2030-01-01&to=2030-01-31"),
        &[("authorization", &key)],
        None,
    );
    assert!(
        empty.json::<OwnerBookings>().bookings.is_empty(),
        "{}",
        empty.text
    );
    let that_day = api.call(
        "GET",
        &listing.with_query(format!("from={date}&to={date}")),
        &[("authorization", &key)],
        None,
    );
    assert_eq!(that_day.json::<OwnerBookings>().bookings.len(), 1);
    let bad = api.call(
        "GET",
        &listing.with_query("from=2030-01-31&to=2030-01-01"),
        &[("authorization", &key)],
        None,
    );
    assert_eq!(bad.status, 400);

    // The owner is not bound by the client's cutoff.
    let cancel = api.call(
        "POST",
        &ApiPath::AdminCancelBooking {
            slug,
            id: &made.booking.id,
        }
        .to_string(),
        &[("authorization", &key)],
        None,
    );
    assert_eq!(cancel.status, 200, "{}", cancel.text);
    let cancelled = cancel.json::<OwnerBookingReply>().booking;
    assert_eq!(cancelled.booking.status, BookingStatus::Cancelled);
    assert!(cancelled.cancelled_at.is_some());
    let unknown = api.call(
        "POST",
        &ApiPath::AdminCancelBooking {
            slug,
            id: "00000000-0000-4000-8000-000000000000",
        }
        .to_string(),
        &[("authorization", &key)],
        None,
    );
    assert_eq!(unknown.status, 404);
}

#[test]
fn bookings_from_other_websites_are_refused_unless_the_salon_allows_them() {
    let api = Api::new();
    let mut config = open_salon_config();
    config["allowed_origins"] = json!(["https://salon.example"]);
    let salon = api.create_salon(&config);
    let path = ApiPath::Bookings { slug: &salon.slug }.to_string();
    let start = api.first_start(&salon.slug, "cut", "ana");
    let body = serde_json::to_string(&booking_body("cut", "ana", &start, "Zoé")).unwrap();

    let preflight = |origin: &str| {
        api.call(
            "OPTIONS",
            &path,
            &[
                ("origin", origin),
                ("access-control-request-method", "POST"),
                (
                    "access-control-request-headers",
                    "content-type, idempotency-key",
                ),
            ],
            None,
        )
    };
    let allowed = preflight("https://salon.example");
    assert_eq!(allowed.status, 204);
    assert_eq!(
        allowed.header("access-control-allow-origin"),
        Some("https://salon.example")
    );
    assert!(allowed
        .header("access-control-allow-headers")
        .unwrap()
        .contains("idempotency-key"));
    assert_eq!(preflight("https://evil.example").status, 403);

    let k1 = unique("k");
    let refused = api.call(
        "POST",
        &path,
        &[("origin", "https://evil.example"), ("idempotency-key", &k1)],
        Some(&body),
    );
    assert_eq!(
        (refused.status, refused.error().code.as_str()),
        (403, ErrorCode::OriginNotAllowed.as_str())
    );
    assert_eq!(Db::new().confirmed_bookings(&salon.slug), 0);
    let k2 = unique("k");
    let ok = api.call(
        "POST",
        &path,
        &[
            ("origin", "https://salon.example"),
            ("idempotency-key", &k2),
        ],
        Some(&body),
    );
    assert_eq!(ok.status, 201, "{}", ok.text);

    // Public reads are open to every site.
    let read = api.call(
        "GET",
        &ApiPath::Salon { slug: &salon.slug }.to_string(),
        &[("origin", "https://evil.example")],
        None,
    );
    assert_eq!(read.header("access-control-allow-origin"), Some("*"));
}

#[test]
fn of_two_tabs_that_loaded_one_version_the_second_to_save_is_told_and_the_first_change_stays() {
    let api = Api::new();
    let salon = api.create_salon(&open_salon_config());
    let key = bearer(&salon.owner_key);
    let path = ApiPath::AdminConfig { slug: &salon.slug }.to_string();
    let loaded = api.call("GET", &path, &[("authorization", &key)], None);
    let version = loaded.header("etag").expect("an ETag").to_owned();
    assert_eq!(
        api.call("GET", &path, &[("authorization", &key)], None)
            .header("etag"),
        Some(version.as_str()),
        "an unchanged configuration keeps its version"
    );

    let mut renamed = open_salon_config();
    renamed["name"] = json!("First tab");
    let first = api.call(
        "PUT",
        &path,
        &[("authorization", &key), ("if-match", &version)],
        Some(&renamed.to_string()),
    );
    assert_eq!(first.status, 200, "{}", first.text);
    let saved = first.header("etag").expect("the new version").to_owned();
    assert_ne!(saved, version);

    let mut other = open_salon_config();
    other["name"] = json!("Second tab");
    for stale in [
        version.as_str(),
        "\"c1\"",
        "W/\"c1\"",
        "\"a-version-of-nothing\"",
        "*",
    ] {
        let second = api.call(
            "PUT",
            &path,
            &[("authorization", &key), ("if-match", stale)],
            Some(&other.to_string()),
        );
        assert_eq!(second.status, 409, "If-Match {stale}: {}", second.text);
        assert_eq!(second.error().code, ErrorCode::ConfigConflict.as_str());
    }
    let now = api.call("GET", &path, &[("authorization", &key)], None);
    assert_eq!(now.json::<SalonConfigWire>().name, "First tab");
    assert_eq!(now.header("etag"), Some(saved.as_str()));

    // With the version just read, the second tab's change goes in; a weak tag names it too.
    let weak = format!("W/{saved}");
    let retried = api.call(
        "PUT",
        &path,
        &[("authorization", &key), ("if-match", &weak)],
        Some(&other.to_string()),
    );
    assert_eq!(retried.status, 200, "{}", retried.text);
    assert_eq!(
        api.call("GET", &path, &[("authorization", &key)], None)
            .json::<SalonConfigWire>()
            .name,
        "Second tab"
    );
}
