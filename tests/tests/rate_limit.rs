//! Booking requests are rate-limited per client IP by the Workers rate-limiting binding.
//! The local limit is 1,000 a minute; this test plays one client (a documentation address) going over it.

use std::sync::atomic::{AtomicUsize, Ordering};

use chairtime_tests::Api;
use shared::api::ErrorCode;
use shared::paths::ApiPath;

#[test]
fn a_client_over_the_limit_gets_429_with_retry_after_and_others_are_not_affected() {
    let api = Api::new();
    let ip = format!("192.0.2.{}", std::process::id() % 250 + 1);
    let path = ApiPath::Bookings {
        slug: "no-such-salon",
    }
    .to_string();
    let send = |ip: &str| api.call("POST", &path, &[("cf-connecting-ip", ip)], Some("{"));
    // The limiter counts in fixed windows aligned to the clock, so a burst can straddle a boundary.
    // Any 2,001 requests sent within one minute span at most two windows, so one of them holds more
    // than 1,000: sending until the first 429, at most 2,001 times, must meet one.
    let sent = AtomicUsize::new(0);
    let limited = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..8)
            .map(|_| {
                scope.spawn(|| loop {
                    if sent.fetch_add(1, Ordering::SeqCst) >= 2_001 {
                        return None;
                    }
                    let answer = send(&ip);
                    if answer.status == 429 {
                        sent.store(usize::MAX / 2, Ordering::SeqCst);
                        return Some(answer);
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .filter_map(|w| w.join().unwrap())
            .collect::<Vec<_>>()
    });
    assert!(
        !limited.is_empty(),
        "2,001 requests in well under a minute must hit a 1,000-a-minute limit"
    );
    let first = &limited[0];
    assert_eq!(first.error().code, ErrorCode::RateLimited.as_str());
    assert!(first
        .header("retry-after")
        .and_then(|v| v.parse::<u32>().ok())
        .is_some_and(|s| s > 0));
    assert_eq!(
        send("198.51.100.7").status,
        400,
        "another client is not limited"
    );
}
