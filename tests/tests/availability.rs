//! The availability endpoint: its parameters, its errors, and what it offers.

use chairtime_tests::{open_salon_config, Api};

#[test]
fn unknown_salon_service_or_staff_is_404_and_bad_parameters_are_400() {
    let api = Api::new();
    let salon = api.create_salon(&open_salon_config());
    let base = format!("/v1/salons/{}/availability", salon.slug);
    for (query, status, code) in [
        ("?service=perm", 404, "not_found"),
        ("?service=cut&staff=zed", 404, "not_found"),
        ("?service=cut&days=0", 400, "invalid_parameter"),
        ("?service=cut&days=32", 400, "invalid_parameter"),
        ("?service=cut&from=2026-02-30", 400, "invalid_parameter"),
        ("?service=cut&from=tomorrow", 400, "invalid_parameter"),
        ("?service=cut&colour=red", 400, "unknown_parameter"),
        ("", 400, "missing_parameter"),
    ] {
        let a = api.get(&format!("{base}{query}"));
        assert_eq!(a.status, status, "{query}: {}", a.text);
        assert_eq!(a.body["error"]["code"], code, "{query}");
    }
    let unknown = api.get("/v1/salons/no-such-salon/availability?service=cut");
    assert_eq!(unknown.status, 404);
}

#[test]
fn availability_lists_each_requested_day_with_local_times_and_free_staff() {
    let api = Api::new();
    let salon = api.create_salon(&open_salon_config());
    let a = api.get(&format!(
        "/v1/salons/{}/availability?service=cut&from=2030-03-29&days=3",
        salon.slug
    ));
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.body["timezone"], "Europe/Paris");
    let days = a.body["days"].as_array().unwrap();
    let dates: Vec<&str> = days.iter().map(|d| d["date"].as_str().unwrap()).collect();
    assert_eq!(dates, ["2030-03-29", "2030-03-30", "2030-03-31"]);
    // Far beyond max_advance_days (60): nothing is bookable yet.
    assert!(days
        .iter()
        .all(|d| d["slots"].as_array().unwrap().is_empty()));

    let soon = api.get(&format!(
        "/v1/salons/{}/availability?service=colour&days=3",
        salon.slug
    ));
    let slots: Vec<&serde_json::Value> = soon.body["days"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["slots"].as_array().unwrap())
        .collect();
    assert!(!slots.is_empty());
    for slot in slots {
        // Only Ana performs colour; times are local and the start carries the salon's offset.
        assert_eq!(slot["staff"], serde_json::json!(["ana"]));
        let start = slot["start"].as_str().unwrap();
        assert!(
            start.ends_with("+01:00") || start.ends_with("+02:00"),
            "{start}"
        );
        assert_eq!(&start[11..16], slot["time"].as_str().unwrap());
    }
}
