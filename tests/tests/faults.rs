//! The edge when its database goes away: with the local Neon-protocol server or Postgres stopped, or
//! the Neon-protocol server frozen so that calls hang, it answers 503 `unavailable` with `Retry-After`
//! within its database deadline, and it recovers by itself when they come back.
//!
//! This test runs a stack of its own (Postgres, neon-local, wrangler dev) so it can stop parts of it
//! without disturbing the other tests.

use std::time::{Duration, Instant};

use chairtime_tests::{booking_body, for_service, offered_starts, open_salon_config, Answer};
use serde_json::json;
use shared::api::{BookingCreated, BookingStatus, ErrorCode, OwnerBookings, SalonCreated};
use shared::paths::{ApiPath, AvailabilityQuery};
use xtask::stack::{self, Stack};

static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn get(stack: &Stack, path: &str) -> Answer {
    call(stack, "GET", path, None)
}

/// How long the tests wait for any answer. The edge gives the database 5 s per request in all; this
/// leaves three times that for a loaded machine, and is well under the 30 s a hanging database once
/// cost (three attempts of 10 s each), which this test must not accept again.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(15);

fn call(stack: &Stack, method: &str, path: &str, body: Option<&serde_json::Value>) -> Answer {
    let key = format!(
        "faults-{}",
        COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    call_keyed(stack, method, path, body, &key)
}

/// A request with a given idempotency key, as a client retrying one booking sends it.
fn call_keyed(
    stack: &Stack,
    method: &str,
    path: &str,
    body: Option<&serde_json::Value>,
    key: &str,
) -> Answer {
    let agent = ureq::AgentBuilder::new().timeout(CLIENT_TIMEOUT).build();
    let req = agent
        .request(method, &format!("{}{path}", stack.api()))
        .set("authorization", &format!("Bearer {}", stack.platform_token))
        .set("idempotency-key", key);
    let result = match body {
        Some(b) => req.send_json(b.clone()),
        None => req.call(),
    };
    let response = match result {
        Ok(r) | Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{path}: {e}"),
    };
    let status = response.status();
    let headers = ["retry-after", "cache-status"]
        .iter()
        .filter_map(|h| response.header(h).map(|v| (h.to_string(), v.to_owned())))
        .collect();
    let text = response.into_string().unwrap_or_default();
    Answer {
        status,
        body: serde_json::from_str(&text).unwrap_or_default(),
        text,
        headers,
    }
}

fn assert_unavailable(answer: &Answer) {
    assert_eq!(answer.status, 503, "{}", answer.text);
    assert_eq!(answer.error().code, ErrorCode::Unavailable.as_str());
    let retry: u32 = answer
        .header("retry-after")
        .and_then(|v| v.parse().ok())
        .expect("a Retry-After in seconds");
    assert!(retry >= 1);
    assert!(
        !answer.text.contains("127.0.0.1"),
        "no internal detail: {}",
        answer.text
    );
}

fn wait_ready(stack: &Stack, within: Duration) {
    let deadline = Instant::now() + within;
    while get(stack, &ApiPath::Readyz.to_string()).status != 200 {
        assert!(
            Instant::now() < deadline,
            "the edge did not recover within {within:?}"
        );
        std::thread::sleep(Duration::from_millis(250));
    }
}

#[test]
fn the_edge_answers_503_while_the_database_is_down_and_recovers_by_itself() {
    let tools = xtask::tools::find().expect("tools installed by cargo xtask");
    let servers =
        stack::LocalServers::from_env().expect("the local servers cargo xtask test built");
    let (mut stack, dir) =
        stack::start_fresh(&tools, "faults", servers, true, None).expect("a second stack starts");
    let slug = "faults";
    let (salon, bookings) = (
        ApiPath::Salon { slug }.to_string(),
        ApiPath::Bookings { slug }.to_string(),
    );
    let (readyz, never_seen) = (
        ApiPath::Readyz.to_string(),
        ApiPath::Salon {
            slug: "never-seen-before",
        }
        .to_string(),
    );
    let created = call(
        &stack,
        "POST",
        &ApiPath::AdminSalons.to_string(),
        Some(&json!({ "slug": slug, "config": open_salon_config() })),
    );
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(get(&stack, &salon).status, 200);

    let availability = get(
        &stack,
        &ApiPath::Availability { slug }.with_query(AvailabilityQuery {
            staff: Some("ana"),
            days: Some(7),
            ..for_service("cut")
        }),
    );
    let starts = offered_starts(&availability);
    // Not the first hour of starts: the first can sit on the minimum-notice boundary, and these
    // bookings are made seconds to minutes after this read.
    let booking = |i: usize| json!(booking_body("cut", "ana", &starts[4 + i * 4], "Zoé"));

    for (round, service) in ["neon-local", "postgres"].into_iter().enumerate() {
        assert_eq!(
            get(&stack, &salon).status,
            200,
            "warms this location's cache"
        );
        stack.sup.stop(service).unwrap();
        assert_unavailable(&get(&stack, &readyz));
        assert_unavailable(&get(&stack, &never_seen));
        assert_unavailable(&call(&stack, "POST", &bookings, Some(&booking(round))));
        assert_eq!(
            get(&stack, &ApiPath::Healthz.to_string()).status,
            200,
            "the process itself is up"
        );
        // Cached public reads keep working while the database is away (for at most 30 seconds).
        let cached = get(&stack, &salon);
        assert_eq!(
            (cached.status, cached.header("cache-status")),
            (200, Some("HIT")),
            "{}",
            cached.text
        );

        stack.sup.restart(service).unwrap();
        wait_ready(&stack, Duration::from_secs(60));
        let made = call(&stack, "POST", &bookings, Some(&booking(round)));
        assert_eq!(made.status, 201, "after {service} came back: {}", made.text);
    }

    // Frozen: connections are accepted and nothing ever answers. Each request must give up on its
    // own deadline and say 503, not wait for the client to give up.
    stack.sup.signal("neon-local", "STOP").unwrap();
    let uncached = [
        ("GET", &readyz, None),
        ("GET", &never_seen, None),
        ("POST", &bookings, Some(booking(2))),
    ];
    for (method, path, body) in &uncached {
        let started = Instant::now();
        let answer = call_keyed(&stack, method, path, body.as_ref(), "faults-frozen");
        assert_unavailable(&answer);
        println!(
            "{method} {path} with the database frozen: 503 after {} ms",
            started.elapsed().as_millis()
        );
    }
    stack.sup.signal("neon-local", "CONT").unwrap();
    wait_ready(&stack, Duration::from_secs(60));
    // The frozen server may still have run the insert once it woke: only the same key tells. The
    // client's retry with it gets the booking, made once.
    let made = call_keyed(
        &stack,
        "POST",
        &bookings,
        Some(&booking(2)),
        "faults-frozen",
    );
    assert_eq!(made.status, 201, "after the freeze: {}", made.text);
    let made: BookingCreated = made.json();
    let owner_key = created.json::<SalonCreated>().owner_key;
    let listed: OwnerBookings = ureq::get(&format!(
        "{}{}",
        stack.api(),
        ApiPath::AdminBookings { slug }
    ))
    .set("authorization", &format!("Bearer {owner_key}"))
    .call()
    .expect("the owner's listing")
    .into_json()
    .expect("the owner's bookings");
    let at_that_time = listed
        .bookings
        .iter()
        .filter(|b| {
            b.booking.start == made.booking.start && b.booking.status == BookingStatus::Confirmed
        })
        .count();
    assert_eq!(at_that_time, 1, "{listed:?}");
    drop(stack);
    let _ = std::fs::remove_dir_all(&dir);
}
