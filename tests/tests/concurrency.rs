//! Races for one slot: the database decides, and exactly one booking is made.

use std::sync::Barrier;

use chairtime_tests::{booking_body, open_salon_config, unique, Api, Db};
use serde_json::json;
use shared::api::{BookingCreated, ErrorCode};
use shared::client::StaffChoice;

/// Runs `n` requests at once (released together by a barrier) and returns their answers.
fn at_once<T: Send>(n: usize, request: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let barrier = Barrier::new(n);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..n)
            .map(|i| {
                let (barrier, request) = (&barrier, &request);
                scope.spawn(move || {
                    barrier.wait();
                    request(i)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}

#[test]
fn forty_concurrent_requests_for_one_slot_make_exactly_one_booking() {
    let api = Api::new();
    let db = Db::new();
    let salon = api.create_salon(&open_salon_config());
    let start = api.first_start(&salon.slug, "cut", "ana");
    let answers = at_once(40, |i| {
        api.book(
            &salon.slug,
            &unique("race"),
            &booking_body("cut", "ana", &start, &format!("Client {i}")),
        )
    });
    let created = answers.iter().filter(|a| a.status == 201).count();
    let conflicts: Vec<_> = answers.iter().filter(|a| a.status == 409).collect();
    assert_eq!(
        created,
        1,
        "{:?}",
        answers
            .iter()
            .map(|a| (a.status, &a.text))
            .collect::<Vec<_>>()
    );
    assert_eq!(conflicts.len(), 39);
    assert!(conflicts
        .iter()
        .all(|a| a.error().code == ErrorCode::SlotUnavailable.as_str()));
    assert_eq!(db.confirmed_bookings(&salon.slug), 1);
}

#[test]
fn twenty_concurrent_retries_with_one_key_make_one_booking_and_identical_answers() {
    let api = Api::new();
    let db = Db::new();
    let salon = api.create_salon(&open_salon_config());
    let start = api.first_start(&salon.slug, "cut", StaffChoice::ANY);
    let key = unique("retry");
    let body = booking_body("cut", StaffChoice::ANY, &start, "Zoé");
    let answers = at_once(20, |_| api.book(&salon.slug, &key, &body));
    assert!(
        answers.iter().all(|a| a.status == 201),
        "{:?}",
        answers
            .iter()
            .map(|a| (a.status, &a.text))
            .collect::<Vec<_>>()
    );
    assert!(answers.iter().all(|a| a.text == answers[0].text));
    assert_eq!(db.confirmed_bookings(&salon.slug), 1);
}

#[test]
fn three_concurrent_any_staff_bookings_get_three_people_and_a_fourth_gets_409() {
    let api = Api::new();
    let db = Db::new();
    let mut config = open_salon_config();
    let hours = config["staff"][0]["hours"].clone();
    config["staff"] = json!([
        { "key": "ana", "name": "Ana", "services": ["cut"], "hours": hours, "time_off": [] },
        { "key": "bob", "name": "Bob", "services": ["cut"], "hours": hours, "time_off": [] },
        { "key": "cyd", "name": "Cyd", "services": ["cut"], "hours": hours, "time_off": [] }
    ]);
    let salon = api.create_salon(&config);
    let slot = api.first_slot(&salon.slug, "cut", StaffChoice::ANY);
    assert_eq!(slot.staff.len(), 3, "{slot:?}");
    let start = slot.start;

    let answers = at_once(3, |i| {
        api.book(
            &salon.slug,
            &unique("anyone"),
            &booking_body("cut", StaffChoice::ANY, &start, &format!("Client {i}")),
        )
    });
    let mut people: Vec<String> = answers
        .iter()
        .map(|a| {
            assert_eq!(a.status, 201, "{}", a.text);
            a.json::<BookingCreated>().booking.staff
        })
        .collect();
    people.sort();
    assert_eq!(people, ["ana", "bob", "cyd"]);

    let fourth = api.book(
        &salon.slug,
        &unique("anyone"),
        &booking_body("cut", StaffChoice::ANY, &start, "Late"),
    );
    assert_eq!(fourth.status, 409, "{}", fourth.text);
    assert_eq!(db.confirmed_bookings(&salon.slug), 3);
}
