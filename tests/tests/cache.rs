//! The edge cache: MISS then HIT, revalidation, purge on booking, safety with stale entries, and no
//! client data in any cache entry.

use std::sync::Barrier;

use chairtime_tests::{
    booking_body, for_service, offered_starts as starts, open_salon_config, tomorrow, unique, Api,
    Db,
};
use shared::api::BookingCreated;
use shared::client::StaffChoice;
use shared::paths::{ApiPath, AvailabilityQuery};

/// The path of Ana's free times for cuts over `days` days from the salon's tomorrow.
fn anas_cuts_from_tomorrow(slug: &str, days: u16) -> String {
    ApiPath::Availability { slug }.with_query(AvailabilityQuery {
        staff: Some("ana"),
        from: Some(tomorrow()),
        days: Some(days),
        ..for_service("cut")
    })
}

#[test]
fn availability_is_a_miss_then_a_hit_and_revalidates_with_etags() {
    let api = Api::new();
    let salon = api.create_salon(&open_salon_config());
    let path = anas_cuts_from_tomorrow(&salon.slug, 3);
    let first = api.get(&path);
    assert_eq!(first.header("cache-status"), Some("MISS"));
    let second = api.get(&path);
    assert_eq!(second.header("cache-status"), Some("HIT"));
    assert_eq!(first.body, second.body);
    // Another query shape over the same days is answered from the same inputs.
    let other =
        api.get(&ApiPath::Availability { slug: &salon.slug }.with_query("days=2&service=colour"));
    assert_eq!(other.header("cache-status"), Some("HIT"), "{}", other.text);

    let etag = second.header("etag").expect("an ETag").to_owned();
    let not_modified = api.call("GET", &path, &[("if-none-match", &etag)], None);
    assert_eq!(not_modified.status, 304);
    assert!(not_modified.text.is_empty());
    assert_eq!(
        api.call("GET", &path, &[("if-none-match", "\"stale\"")], None)
            .status,
        200
    );

    let profile = ApiPath::Salon { slug: &salon.slug }.to_string();
    assert_eq!(
        api.get(&profile).header("cache-status"),
        Some("HIT"),
        "the profile shares the cached configuration"
    );
}

#[test]
fn a_booking_through_the_api_removes_its_slot_from_the_next_lookup() {
    let api = Api::new();
    let salon = api.create_salon(&open_salon_config());
    let path = anas_cuts_from_tomorrow(&salon.slug, 2);
    let before = api.get(&path);
    assert_eq!(api.get(&path).header("cache-status"), Some("HIT"));
    let start = starts(&before)[0].clone();
    let made = api.book(
        &salon.slug,
        &unique("key"),
        &booking_body("cut", "ana", &start, "Zoé"),
    );
    assert_eq!(made.status, 201, "{}", made.text);
    let after = api.get(&path);
    assert!(
        !starts(&after).contains(&start),
        "{start} still offered after booking"
    );
    let token = made.json::<BookingCreated>().manage_token;
    assert_eq!(
        api.call(
            "POST",
            &ApiPath::CancelBooking { token: &token }.to_string(),
            &[],
            None
        )
        .status,
        200
    );
    assert!(
        starts(&api.get(&path)).contains(&start),
        "{start} not offered again after cancelling"
    );
}

#[test]
fn a_stale_entry_never_lets_a_booking_overlap_and_the_409_points_to_fresh_availability() {
    let api = Api::new();
    let db = Db::new();
    let salon = api.create_salon(&open_salon_config());
    let path = anas_cuts_from_tomorrow(&salon.slug, 2);
    let start = starts(&api.get(&path))[0].clone();
    // Someone books behind the cache's back (another location, say): the cached inputs are now stale.
    let sneaky = api.book(
        &salon.slug,
        &unique("key"),
        &booking_body("cut", "ana", &start, "First"),
    );
    assert_eq!(sneaky.status, 201);
    let code = sneaky.json::<BookingCreated>().booking.code;
    db.query(
        "UPDATE bookings SET status = 'cancelled' WHERE code = $1",
        &[&code],
    );
    let warm = api.get(&path);
    assert!(starts(&warm).contains(&start));
    db.query(
        "UPDATE bookings SET status = 'confirmed' WHERE code = $1",
        &[&code],
    );
    let stale = api.get(&path);
    assert_eq!(stale.header("cache-status"), Some("HIT"));
    assert!(
        starts(&stale).contains(&start),
        "the cache still offers the taken time"
    );

    let barrier = Barrier::new(6);
    let answers: Vec<_> = std::thread::scope(|scope| {
        (0..6)
            .map(|i| {
                let (api, barrier, slug, start) = (&api, &barrier, &salon.slug, &start);
                scope.spawn(move || {
                    barrier.wait();
                    api.book(
                        slug,
                        &unique("late"),
                        &booking_body("cut", "ana", start, &format!("Late {i}")),
                    )
                })
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|h| h.join().unwrap())
            .collect()
    });
    assert!(
        answers.iter().all(|a| a.status == 409),
        "{:?}",
        answers.iter().map(|a| a.status).collect::<Vec<_>>()
    );
    assert_eq!(db.confirmed_bookings(&salon.slug), 1);
    let pointer = answers[0]
        .error()
        .availability
        .expect("a pointer to fresh availability");
    let fresh = api.get(&pointer);
    assert_eq!(fresh.status, 200, "{pointer}");
    assert!(
        !starts(&fresh).contains(&start),
        "fresh availability no longer offers {start}"
    );
}

#[test]
fn no_cache_entry_contains_client_data() {
    let api = Api::new();
    let dir = std::env::var("CHAIRTIME_STACK_DIR")
        .expect("CHAIRTIME_STACK_DIR: run this with `cargo xtask test`");
    let salon = api.create_salon(&open_salon_config());
    let name = unique("Zora-Private");
    let email = format!("{}@private.example", unique("zora"));
    let path = ApiPath::Availability { slug: &salon.slug }.with_query(AvailabilityQuery {
        from: Some(tomorrow()),
        days: Some(2),
        ..for_service("cut")
    });
    let start = starts(&api.get(&path))[0].clone();
    let mut body = booking_body("cut", StaffChoice::ANY, &start, &name);
    body.client.email = Some(email.clone());
    body.notes = Some("private note".to_owned());
    assert_eq!(api.book(&salon.slug, &unique("key"), &body).status, 201);
    // Warm every kind of entry again after the booking.
    api.get(&path);
    api.get(&ApiPath::Salon { slug: &salon.slug }.to_string());

    let cache_dir = std::path::Path::new(&dir).join("wrangler-state");
    let mut files = 0;
    let mut saw_salon = false;
    let mut stack = vec![cache_dir.clone()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let bytes = std::fs::read(&p).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            files += 1;
            saw_salon |= text.contains(&salon.slug) || text.contains("\"Test Salon\"");
            assert!(
                !text.contains(&name) && !text.contains(&email) && !text.contains("private note"),
                "{}",
                p.display()
            );
        }
    }
    assert!(
        files > 0 && saw_salon,
        "the cache is persisted under {} ({files} files)",
        cache_dir.display()
    );
}
