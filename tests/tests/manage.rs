//! What a client can do with the manage link: view, cancel until the cutoff, add to a calendar.

use chairtime_tests::{open_salon_config, Api};

fn book(api: &Api, config: &serde_json::Value) -> (String, serde_json::Value) {
    let salon = api.create_salon(config);
    let (_, made) = api.book_first(&salon.slug, "cut", "ana");
    (salon.slug, made.body)
}

#[test]
fn a_client_views_and_cancels_a_booking_and_the_time_is_offered_again() {
    let api = Api::new();
    let (slug, made) = book(&api, &open_salon_config());
    let token = made["manage_token"].as_str().unwrap();
    assert!(made["manage_url"].as_str().unwrap().ends_with(token));

    let view = api.get(&format!("/v1/bookings/{token}"));
    assert_eq!(view.status, 200, "{}", view.text);
    assert_eq!(view.body["booking"], made["booking"]);
    assert_eq!(view.header("cache-control"), Some("no-store"));

    let cancelled = api.call("POST", &format!("/v1/bookings/{token}/cancel"), &[], None);
    assert_eq!(cancelled.status, 200, "{}", cancelled.text);
    assert_eq!(cancelled.body["booking"]["status"], "cancelled");
    let again = api.call("POST", &format!("/v1/bookings/{token}/cancel"), &[], None);
    assert_eq!(
        (again.status, again.body["booking"]["status"].as_str()),
        (200, Some("cancelled"))
    );

    let start = made["booking"]["start"].as_str().unwrap();
    assert_eq!(
        api.first_slot(&slug, "cut", "ana")["start"].as_str(),
        Some(start)
    );
}

#[test]
fn cancelling_inside_the_cutoff_is_refused_and_changes_nothing() {
    let api = Api::new();
    let mut config = open_salon_config();
    // A week's cutoff: the first free slot is always inside it.
    config["policy"]["cancel_cutoff_minutes"] = serde_json::json!(10080);
    let (_, made) = book(&api, &config);
    let token = made["manage_token"].as_str().unwrap();
    let refused = api.call("POST", &format!("/v1/bookings/{token}/cancel"), &[], None);
    assert_eq!(refused.status, 409, "{}", refused.text);
    assert_eq!(refused.body["error"]["code"], "cancel_cutoff_passed");
    assert_eq!(
        api.get(&format!("/v1/bookings/{token}")).body["booking"]["status"],
        "confirmed"
    );
}

#[test]
fn the_calendar_file_is_in_the_salons_time_zone_with_a_stable_uid() {
    let api = Api::new();
    let (_, made) = book(&api, &open_salon_config());
    let token = made["manage_token"].as_str().unwrap();
    let ics = api.get(&format!("/v1/bookings/{token}/calendar.ics"));
    assert_eq!(ics.status, 200);
    assert!(ics
        .header("content-type")
        .unwrap()
        .starts_with("text/calendar"));
    let id = made["booking"]["id"].as_str().unwrap();
    assert!(
        ics.text.contains(&format!("UID:{id}@chairtime\r\n")),
        "{}",
        ics.text
    );
    let start = made["booking"]["start"].as_str().unwrap();
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
    let again = api.get(&format!("/v1/bookings/{token}/calendar.ics")).text;
    assert_eq!(without_stamp(&ics.text), without_stamp(&again));
}

#[test]
fn unknown_manage_tokens_are_404() {
    let api = Api::new();
    for path in ["/v1/bookings/nope", "/v1/bookings/nope/calendar.ics"] {
        assert_eq!(api.get(path).status, 404, "{path}");
    }
    assert_eq!(
        api.call("POST", "/v1/bookings/nope/cancel", &[], None)
            .status,
        404
    );
}
