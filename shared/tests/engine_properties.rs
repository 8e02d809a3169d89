//! Property tests of the slot engine against a separate, deliberately simple reference: for random
//! salons around DST transitions in awkward zones, the engine offers exactly the starts that satisfy
//! SPEC §2's four rules, and its output is sorted, round-trips to local time, and only ever shrinks
//! when a booking is added or "now" moves forward.

mod common;

use std::collections::BTreeSet;

use common::*;
use jiff::civil::{Date, Time};
use jiff::tz::{AmbiguousOffset, TimeZone};
use jiff::{Timestamp, ToSpan};
use proptest::prelude::*;
use shared::config::WeeklyHours;
use shared::slots::Interval;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const ZONES: &[&str] = &[
    "Europe/Paris",
    "America/New_York",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Pacific/Chatham",
    "America/St_Johns",
    "UTC",
];

/// Dates a few days before DST transitions in the zones above, and one ordinary week.
const FIRST_DATES: &[&str] = &[
    "2026-03-27",
    "2026-10-23",
    "2026-04-02",
    "2026-10-01",
    "2026-03-06",
    "2026-10-30",
    "2026-09-25",
    "2026-06-10",
];

/// Where a local wall-clock time is: `None` in a gap, else the earlier instant.
fn local_instant(tz: &TimeZone, date: Date, minutes: u16) -> Option<i64> {
    let (date, minutes) = if minutes == 1440 {
        (date.tomorrow().unwrap(), 0)
    } else {
        (date, minutes)
    };
    let dt = date.to_datetime(Time::constant(
        (minutes / 60) as i8,
        (minutes % 60) as i8,
        0,
        0,
    ));
    let amb = tz.to_ambiguous_timestamp(dt);
    let gap = matches!(amb.offset(), AmbiguousOffset::Gap { .. });
    let ts = amb.compatible().unwrap().as_second();
    (!gap).then_some(ts)
}

/// Whether `[from, to)` is covered by the union of `intervals`, by hopping from one to the next.
fn covered(intervals: &[Interval], from: i64, to: i64) -> bool {
    let mut at = from;
    while at < to {
        match intervals
            .iter()
            .filter(|i| i.start <= at && at < i.end)
            .map(|i| i.end)
            .max()
        {
            Some(end) => at = end,
            None => return false,
        }
    }
    true
}

/// SPEC §2, read literally, one candidate at a time.
fn reference(case: &Case) -> BTreeSet<(Date, i64, Vec<u16>)> {
    let tz = &case.tz;
    let today = case.now.to_zoned(tz.clone()).date();
    let last = today
        .checked_add(i64::from(case.policy.max_advance_days).days())
        .unwrap();
    let earliest = case.now.as_second() + i64::from(case.policy.min_notice_minutes) * 60;
    let dur = i64::from(case.service.duration_minutes) * 60;
    let before = i64::from(case.service.buffer_before_minutes) * 60;
    let after = i64::from(case.service.buffer_after_minutes) * 60;
    let mut out = BTreeSet::new();
    let mut date = case.from;
    for _ in 0..case.days {
        // Working time: every interval of every nearby date, each endpoint converted for its own date.
        let working: Vec<Vec<Interval>> = case
            .staff
            .iter()
            .map(|p| {
                let mut v = Vec::new();
                for offset in -2i64..=3 {
                    let d = date.checked_add(offset.days()).unwrap();
                    for &(s, e) in p.hours.on(d.weekday()) {
                        let start = tz.to_ambiguous_timestamp(d.to_datetime(Time::constant(
                            (s / 60) as i8,
                            (s % 60) as i8,
                            0,
                            0,
                        )));
                        let end_date = if e == 1440 { d.tomorrow().unwrap() } else { d };
                        let e = e % 1440;
                        let end = tz.to_ambiguous_timestamp(end_date.to_datetime(Time::constant(
                            (e / 60) as i8,
                            (e % 60) as i8,
                            0,
                            0,
                        )));
                        v.push(Interval {
                            start: start.compatible().unwrap().as_second(),
                            end: end.compatible().unwrap().as_second(),
                        });
                    }
                }
                v
            })
            .collect();
        let mut m = 0u16;
        while m < 1440 {
            if let Some(t) = local_instant(tz, date, m) {
                if t >= earliest && date <= last {
                    let occupied = Interval {
                        start: t - before,
                        end: t + dur + after,
                    };
                    let free: Vec<u16> = case
                        .staff
                        .iter()
                        .enumerate()
                        .filter(|(i, p)| {
                            p.performs
                                && covered(&working[*i], t, t + dur)
                                && !p
                                    .bookings
                                    .iter()
                                    .chain(&p.time_off)
                                    .any(|b| b.overlaps(&occupied))
                        })
                        .map(|(i, _)| i as u16)
                        .collect();
                    if !free.is_empty() {
                        out.insert((date, t, free));
                    }
                }
            }
            m += case.policy.slot_step_minutes;
        }
        date = date.tomorrow().unwrap();
    }
    out
}

fn engine(case: &Case) -> BTreeSet<(Date, i64, Vec<u16>)> {
    case.run()
        .into_iter()
        .flat_map(|d| {
            d.slots
                .into_iter()
                .map(move |s| (d.date, s.start.as_second(), s.staff))
        })
        .collect()
}

fn hours_strategy() -> impl Strategy<Value = WeeklyHours> {
    let day = prop::collection::btree_set(0u16..=288, 0..=4).prop_map(|points| {
        let points: Vec<u16> = points.into_iter().map(|p| p * 5).collect();
        points
            .chunks_exact(2)
            .map(|c| (c[0], c[1]))
            .collect::<Vec<_>>()
    });
    prop::array::uniform7(day).prop_map(WeeklyHours)
}

fn intervals_strategy(base: i64, max: usize) -> impl Strategy<Value = Vec<Interval>> {
    prop::collection::vec((0i64..(6 * 288), 1i64..=60), 0..=max).prop_map(move |v| {
        v.into_iter()
            .map(|(start, len)| Interval {
                start: base + start * 300,
                end: base + (start + len) * 300,
            })
            .collect()
    })
}

fn case_strategy() -> impl Strategy<Value = Case> {
    (
        prop::sample::select(ZONES),
        prop::sample::select(FIRST_DATES),
        prop::sample::select(&[5u16, 10, 15, 20, 30, 60][..]),
        (1u16..=48, 0u16..=12, 0u16..=12),
        (0u32..=600, 1u16..=5, 1u16..=4),
        -2880i64..=4320,
    )
        .prop_flat_map(
            |(zone, first, step, (dur, before, after), (notice, advance, days), now_minutes)| {
                let from = date(first);
                let base = from
                    .to_zoned(TimeZone::UTC)
                    .unwrap()
                    .timestamp()
                    .as_second()
                    - 86_400;
                let person = (
                    hours_strategy(),
                    intervals_strategy(base, 6),
                    intervals_strategy(base, 2),
                    any::<bool>(),
                )
                    .prop_map(|(hours, bookings, time_off, performs)| Person {
                        performs,
                        hours,
                        time_off,
                        bookings,
                    });
                (
                    prop::collection::vec(person, 1..=3),
                    Just((
                        zone,
                        from,
                        step,
                        dur,
                        before,
                        after,
                        notice,
                        advance,
                        days,
                        now_minutes,
                        base,
                    )),
                )
            },
        )
        .prop_map(
            |(
                staff,
                (zone, from, step, dur, before, after, notice, advance, days, now_minutes, base),
            )| Case {
                tz: tz(zone),
                policy: policy(step, notice, advance),
                service: service(dur * 5, before * 5, after * 5),
                staff,
                from,
                days,
                now: Timestamp::from_second(base + 86_400 + now_minutes * 60).unwrap(),
            },
        )
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: if cfg!(target_arch = "wasm32") {
            48
        } else {
            192
        },
        ..ProptestConfig::default()
    }
}

#[test]
fn the_engine_offers_exactly_the_starts_that_satisfy_every_rule() {
    proptest!(config(), |(case in case_strategy())| {
        prop_assert_eq!(engine(&case), reference(&case));
    });
}

#[test]
fn slots_are_sorted_unique_and_round_trip_to_their_local_time() {
    proptest!(config(), |(case in case_strategy())| {
        let days = case.run();
        let mut previous: Option<i64> = None;
        for (i, day) in days.iter().enumerate() {
            prop_assert_eq!(day.date, case.from.checked_add((i as i64).days()).unwrap());
            for slot in &day.slots {
                prop_assert!(previous.is_none_or(|p| p < slot.start.as_second()));
                previous = Some(slot.start.as_second());
                let local = slot.start.to_zoned(case.tz.clone());
                prop_assert_eq!(local.date(), day.date);
                prop_assert_eq!(local.time(), slot.time);
                prop_assert_eq!(local.offset(), slot.offset);
                prop_assert!(slot.staff.windows(2).all(|w| w[0] < w[1]));
                for &s in &slot.staff {
                    prop_assert_eq!(case.check(usize::from(s), slot.start), Ok(()));
                }
            }
        }
    });
}

#[test]
fn adding_a_booking_or_moving_now_forward_never_adds_a_slot() {
    proptest!(config(), |(case in case_strategy(), at in 0i64..(4 * 288), len in 1i64..=48, later in 0i64..=2880)| {
        let pairs = |c: &Case| -> BTreeSet<(i64, u16)> {
            engine(c).into_iter().flat_map(|(_, t, staff)| staff.into_iter().map(move |s| (t, s))).collect()
        };
        let before = pairs(&case);
        let mut booked = case.clone();
        let start = case.from.to_zoned(TimeZone::UTC).unwrap().timestamp().as_second() + at * 300;
        booked.staff[0].bookings.push(Interval { start, end: start + len * 300 });
        prop_assert!(pairs(&booked).is_subset(&before));
        // Rule 4's horizon moves with "now": a later "now" may open a new last day. Among the dates that
        // were already bookable, a later "now" only ever removes slots.
        let mut later_case = case.clone();
        later_case.now = Timestamp::from_second(case.now.as_second() + later * 60).unwrap();
        let horizon = case
            .now
            .to_zoned(case.tz.clone())
            .date()
            .checked_add(i64::from(case.policy.max_advance_days).days())
            .unwrap();
        let within: BTreeSet<(i64, u16)> = engine(&later_case)
            .into_iter()
            .filter(|(d, _, _)| *d <= horizon)
            .flat_map(|(_, t, staff)| staff.into_iter().map(move |s| (t, s)))
            .collect();
        prop_assert!(within.is_subset(&before));
    });
}

#[test]
fn no_offered_slot_overlaps_a_booking_or_time_off() {
    proptest!(config(), |(case in case_strategy())| {
        let dur = i64::from(case.service.duration_minutes) * 60;
        let occupied = |t: i64| Interval {
            start: t - i64::from(case.service.buffer_before_minutes) * 60,
            end: t + dur + i64::from(case.service.buffer_after_minutes) * 60,
        };
        for (_, t, staff) in engine(&case) {
            for s in staff {
                let p = &case.staff[usize::from(s)];
                prop_assert!(!p.bookings.iter().chain(&p.time_off).any(|b| b.overlaps(&occupied(t))));
            }
        }
    });
}
