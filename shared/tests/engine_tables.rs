//! Table tests of the slot engine on fixed dates: DST gaps and folds, odd offsets, hours across
//! midnight, buffers, time off, minimum notice, the booking window and "any staff".

mod common;

use common::*;
use shared::slots::{assign_any, Unavailable};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

/// One staff member working `hours`, a service, and a wide-open policy, over one local date.
fn one_day(
    zone: &str,
    day: &str,
    hours: shared::config::WeeklyHours,
    step: u16,
    duration: u16,
) -> Case {
    Case {
        tz: tz(zone),
        policy: policy(step, 0, 365),
        service: service(duration, 0, 0),
        staff: vec![Person::new(hours)],
        from: date(day),
        days: 1,
        now: ts("2026-01-01T00:00:00Z"),
    }
}

#[test]
fn paris_spring_forward_skips_the_missing_hour() {
    let case = one_day(
        "Europe/Paris",
        "2026-03-29",
        every_day(&[("00:00", "24:00")]),
        30,
        30,
    );
    let listing = case.listing();
    let times: Vec<&str> = listing.iter().map(|(_, t, _)| t.as_str()).collect();
    assert_eq!(times.len(), 46, "{times:?}");
    assert!(!times.contains(&"02:00") && !times.contains(&"02:30"));
    let start_of = |t: &str| listing.iter().find(|(_, x, _)| x == t).unwrap().2.clone();
    assert_eq!(start_of("01:30"), "2026-03-29T01:30:00+01:00");
    assert_eq!(start_of("03:00"), "2026-03-29T03:00:00+02:00");
    assert_eq!(case.check(0, ts("2026-03-29T01:00:00Z")), Ok(()));
}

#[test]
fn paris_fall_back_offers_the_repeated_hour_once_at_the_earlier_instant() {
    let case = one_day(
        "Europe/Paris",
        "2026-10-25",
        every_day(&[("00:00", "24:00")]),
        30,
        30,
    );
    let listing = case.listing();
    assert_eq!(listing.len(), 48);
    let start_of = |t: &str| listing.iter().find(|(_, x, _)| x == t).unwrap().2.clone();
    assert_eq!(start_of("02:00"), "2026-10-25T02:00:00+02:00");
    assert_eq!(start_of("02:30"), "2026-10-25T02:30:00+02:00");
    assert_eq!(start_of("03:00"), "2026-10-25T03:00:00+01:00");
    // 02:30 the second time (CET) is not offered: it would show the same local time twice.
    assert_eq!(
        case.check(0, ts("2026-10-25T01:30:00Z")),
        Err(Unavailable::Misaligned)
    );
    assert_eq!(case.check(0, ts("2026-10-25T00:30:00Z")), Ok(()));
}

#[test]
fn new_york_gap_and_fold_follow_the_same_rules() {
    let spring = one_day(
        "America/New_York",
        "2026-03-08",
        every_day(&[("00:00", "24:00")]),
        60,
        60,
    );
    let listing = spring.listing();
    assert_eq!(listing.len(), 23);
    assert!(!listing.iter().any(|(_, t, _)| t == "02:00"));
    assert_eq!(listing[1].2, "2026-03-08T01:00:00-05:00");
    assert_eq!(listing[2].2, "2026-03-08T03:00:00-04:00");

    let fall = one_day(
        "America/New_York",
        "2026-11-01",
        every_day(&[("00:00", "24:00")]),
        60,
        60,
    );
    let listing = fall.listing();
    assert_eq!(listing.len(), 24);
    assert_eq!(
        listing[1],
        (
            "2026-11-01".into(),
            "01:00".into(),
            "2026-11-01T01:00:00-04:00".into()
        )
    );
    assert_eq!(listing[2].2, "2026-11-01T02:00:00-05:00");
}

#[test]
fn lord_howe_shifts_by_thirty_minutes_both_ways() {
    let fall = one_day(
        "Australia/Lord_Howe",
        "2026-04-05",
        every_day(&[("00:00", "24:00")]),
        15,
        15,
    );
    let listing = fall.listing();
    assert_eq!(listing.len(), 96, "each local time once");
    let start_of = |l: &[(String, String, String)], t: &str| {
        l.iter().find(|(_, x, _)| x == t).unwrap().2.clone()
    };
    assert_eq!(start_of(&listing, "01:30"), "2026-04-05T01:30:00+11:00");
    assert_eq!(start_of(&listing, "01:45"), "2026-04-05T01:45:00+11:00");
    assert_eq!(start_of(&listing, "02:00"), "2026-04-05T02:00:00+10:30");

    let spring = one_day(
        "Australia/Lord_Howe",
        "2026-10-04",
        every_day(&[("00:00", "24:00")]),
        15,
        15,
    );
    let listing = spring.listing();
    assert_eq!(listing.len(), 94);
    assert!(!listing.iter().any(|(_, t, _)| t == "02:00" || t == "02:15"));
    assert_eq!(start_of(&listing, "01:45"), "2026-10-04T01:45:00+10:30");
    assert_eq!(start_of(&listing, "02:30"), "2026-10-04T02:30:00+11:00");
}

#[test]
fn half_and_three_quarter_hour_zones_keep_local_times() {
    for (zone, expected) in [
        (
            "Asia/Kolkata",
            ["2026-06-01T09:00:00+05:30", "2026-06-01T09:30:00+05:30"],
        ),
        (
            "Asia/Kathmandu",
            ["2026-06-01T09:00:00+05:45", "2026-06-01T09:30:00+05:45"],
        ),
    ] {
        let case = one_day(zone, "2026-06-01", every_day(&[("09:00", "10:00")]), 30, 30);
        let starts: Vec<String> = case.listing().into_iter().map(|(_, _, s)| s).collect();
        assert_eq!(starts, expected, "{zone}");
    }
    assert_eq!(
        one_day(
            "Asia/Kathmandu",
            "2026-06-01",
            every_day(&[("09:00", "10:00")]),
            30,
            30
        )
        .run()[0]
            .slots[0]
            .start,
        ts("2026-06-01T03:15:00Z")
    );
}

#[test]
fn hours_that_end_at_24_00_join_the_next_day_starting_at_00_00() {
    // Friday 20:00–24:00, Saturday 00:00–02:00: one stretch of working time across midnight.
    let hours = on_days(&[(4, &[("20:00", "24:00")]), (5, &[("00:00", "02:00")])]);
    let mut case = one_day("Europe/Paris", "2026-06-05", hours, 60, 180);
    case.days = 2;
    assert_eq!(
        case.times_on("2026-06-05"),
        ["20:00", "21:00", "22:00", "23:00"]
    );
    assert!(case.times_on("2026-06-06").is_empty());
}

#[test]
fn buffers_may_reach_past_closing_but_not_into_another_booking() {
    let mut case = one_day(
        "UTC",
        "2026-06-01",
        every_day(&[("09:00", "17:00")]),
        60,
        60,
    );
    case.service = service(60, 30, 30);
    case.staff[0].bookings = vec![interval("2026-06-01T12:00:00Z", "2026-06-01T13:00:00Z")];
    assert_eq!(
        case.times_on("2026-06-01"),
        ["09:00", "10:00", "14:00", "15:00", "16:00"]
    );
    assert_eq!(
        case.check(0, ts("2026-06-01T13:00:00Z")),
        Err(Unavailable::OverlapsBooking)
    );
}

#[test]
fn time_off_covering_part_of_a_day_removes_only_those_times() {
    let mut case = one_day(
        "UTC",
        "2026-06-01",
        every_day(&[("09:00", "17:00")]),
        60,
        60,
    );
    case.staff[0].time_off = vec![interval("2026-06-01T12:00:00Z", "2026-06-01T14:00:00Z")];
    assert_eq!(
        case.times_on("2026-06-01"),
        ["09:00", "10:00", "11:00", "14:00", "15:00", "16:00"]
    );
    assert_eq!(
        case.check(0, ts("2026-06-01T12:00:00Z")),
        Err(Unavailable::OverlapsTimeOff)
    );
    assert_eq!(
        case.check(0, ts("2026-06-01T17:00:00Z")),
        Err(Unavailable::OutsideWorkingTime)
    );
}

#[test]
fn minimum_notice_cuts_into_today() {
    let mut case = one_day(
        "Europe/Paris",
        "2026-06-01",
        every_day(&[("09:00", "17:00")]),
        15,
        30,
    );
    case.now = ts("2026-06-01T08:07:00Z"); // 10:07 in Paris
    case.policy.min_notice_minutes = 60;
    assert_eq!(
        case.times_on("2026-06-01").first().map(String::as_str),
        Some("11:15")
    );
    assert_eq!(
        case.check(0, ts("2026-06-01T09:00:00Z")),
        Err(Unavailable::TooSoon)
    );
    assert_eq!(case.check(0, ts("2026-06-01T09:15:00Z")), Ok(()));
}

#[test]
fn the_last_bookable_day_is_today_plus_max_advance_days() {
    let mut case = one_day(
        "Europe/Paris",
        "2026-06-01",
        every_day(&[("09:00", "17:00")]),
        60,
        60,
    );
    case.now = ts("2026-06-01T10:00:00Z");
    case.policy.max_advance_days = 2;
    case.days = 5;
    let days = case.run();
    let counts: Vec<usize> = days.iter().map(|d| d.slots.len()).collect();
    assert_eq!(
        counts,
        [5, 8, 8, 0, 0],
        "12:00 to 16:00 today, full days until 06-03"
    );
    assert_eq!(
        case.check(0, ts("2026-06-04T07:00:00Z")),
        Err(Unavailable::TooFarAhead)
    );
    assert_eq!(case.check(0, ts("2026-06-03T14:00:00Z")), Ok(()));
}

#[test]
fn any_staff_is_the_union_listing_who_is_free() {
    let mut case = one_day(
        "UTC",
        "2026-06-01",
        every_day(&[("09:00", "12:00")]),
        60,
        60,
    );
    case.staff
        .push(Person::new(every_day(&[("11:00", "14:00")])));
    let day = &case.run()[0];
    let got: Vec<(String, Vec<u16>)> = day
        .slots
        .iter()
        .map(|s| (format!("{:02}:00", s.time.hour()), s.staff.clone()))
        .collect();
    let expected: Vec<(String, Vec<u16>)> = vec![
        ("09:00".into(), vec![0]),
        ("10:00".into(), vec![0]),
        ("11:00".into(), vec![0, 1]),
        ("12:00".into(), vec![1]),
        ("13:00".into(), vec![1]),
    ];
    assert_eq!(got, expected);

    case.staff[1].performs = false;
    assert_eq!(case.run()[0].slots.len(), 3);
    assert_eq!(
        case.check(1, ts("2026-06-01T12:00:00Z")),
        Err(Unavailable::StaffDoesNotPerformService)
    );
}

#[test]
fn any_staff_assignment_prefers_fewest_bookings_then_configured_order() {
    assert_eq!(assign_any(&[0, 1], &[1, 0]), Some(1));
    assert_eq!(assign_any(&[0, 1], &[0, 0]), Some(0));
    assert_eq!(assign_any(&[1, 2], &[0, 3, 3]), Some(1));
    assert_eq!(assign_any(&[2, 0], &[5, 0, 5]), Some(0));
    assert_eq!(assign_any(&[], &[0]), None);
}

#[test]
fn starts_off_the_grid_are_misaligned() {
    let case = one_day(
        "UTC",
        "2026-06-01",
        every_day(&[("09:00", "17:00")]),
        15,
        30,
    );
    assert_eq!(
        case.check(0, ts("2026-06-01T10:10:00Z")),
        Err(Unavailable::Misaligned)
    );
    assert_eq!(
        case.check(0, ts("2026-06-01T10:15:30Z")),
        Err(Unavailable::Misaligned)
    );
    assert_eq!(case.check(0, ts("2026-06-01T10:15:00Z")), Ok(()));
}

#[test]
fn dates_without_slots_are_listed_empty() {
    let hours = on_days(&[(0, &[("09:00", "10:00")])]);
    let mut case = one_day("UTC", "2026-06-01", hours, 30, 30);
    case.days = 7;
    let days = case.run();
    assert_eq!(days.len(), 7);
    assert_eq!(days[0].slots.len(), 2);
    assert!(days[1..].iter().all(|d| d.slots.is_empty()));
    assert_eq!(days[6].date, date("2026-06-07"));
}
