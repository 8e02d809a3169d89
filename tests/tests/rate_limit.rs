//! Booking requests are rate-limited per client IP by the Workers rate-limiting binding.
//! The local limit is 1,000 a minute; this test plays one client (a documentation address) going over it.

use chairtime_tests::Api;

#[test]
fn a_client_over_the_limit_gets_429_with_retry_after_and_others_are_not_affected() {
    let api = Api::new();
    let ip = format!("192.0.2.{}", std::process::id() % 250 + 1);
    let send = |ip: &str| {
        api.call(
            "POST",
            "/v1/salons/no-such-salon/bookings",
            &[("cf-connecting-ip", ip)],
            Some("{"),
        )
    };
    let limited = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..8)
            .map(|_| {
                scope.spawn(|| {
                    (0..150)
                        .map(|_| send(&ip))
                        .filter(|a| a.status == 429)
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect::<Vec<_>>()
    });
    assert!(
        !limited.is_empty(),
        "1,200 requests in well under a minute must hit a 1,000-a-minute limit"
    );
    let first = &limited[0];
    assert_eq!(first.body["error"]["code"], "rate_limited");
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
