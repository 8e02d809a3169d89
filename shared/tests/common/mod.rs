//! Builders for slot-engine tests. Every instant here is fixed; nothing reads a clock.
#![allow(dead_code)]

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::Timestamp;
use shared::config::{Policy, WeeklyHours};
use shared::slots::{self, DaySlots, Interval, Query, ServiceTiming, StaffInput};

pub fn tz(name: &str) -> TimeZone {
    TimeZone::get(name).unwrap()
}

pub fn ts(rfc3339: &str) -> Timestamp {
    rfc3339.parse().unwrap()
}

pub fn date(s: &str) -> Date {
    s.parse().unwrap()
}

/// Minutes after midnight of `HH:MM` (`24:00` allowed).
pub fn hm(s: &str) -> u16 {
    shared::config::parse_hhmm(s).unwrap()
}

/// The same intervals every day of the week.
pub fn every_day(intervals: &[(&str, &str)]) -> WeeklyHours {
    let day: Vec<(u16, u16)> = intervals.iter().map(|(a, b)| (hm(a), hm(b))).collect();
    WeeklyHours(std::array::from_fn(|_| day.clone()))
}

/// Hours on some weekdays only (0 = Monday).
pub fn on_days(days: &[(usize, &[(&str, &str)])]) -> WeeklyHours {
    let mut hours = WeeklyHours::default();
    for (day, intervals) in days {
        hours.0[*day] = intervals.iter().map(|(a, b)| (hm(a), hm(b))).collect();
    }
    hours
}

pub fn policy(step: u16, min_notice: u32, max_advance_days: u16) -> Policy {
    Policy {
        slot_step_minutes: step,
        min_notice_minutes: min_notice,
        max_advance_days,
        cancel_cutoff_minutes: 0,
    }
}

pub fn service(duration: u16, before: u16, after: u16) -> ServiceTiming {
    ServiceTiming {
        duration_minutes: duration,
        buffer_before_minutes: before,
        buffer_after_minutes: after,
    }
}

pub fn interval(a: &str, b: &str) -> Interval {
    Interval::new(ts(a), ts(b))
}

/// One staff member's inputs, owned.
#[derive(Clone, Debug)]
pub struct Person {
    pub performs: bool,
    pub hours: WeeklyHours,
    pub time_off: Vec<Interval>,
    pub bookings: Vec<Interval>,
}

impl Person {
    pub fn new(hours: WeeklyHours) -> Person {
        Person {
            performs: true,
            hours,
            time_off: vec![],
            bookings: vec![],
        }
    }

    pub fn input(&self) -> StaffInput<'_> {
        StaffInput {
            performs: self.performs,
            hours: &self.hours,
            time_off: &self.time_off,
            bookings: &self.bookings,
        }
    }
}

/// Everything a query needs, owned, so tests can build and tweak it.
#[derive(Clone, Debug)]
pub struct Case {
    pub tz: TimeZone,
    pub policy: Policy,
    pub service: ServiceTiming,
    pub staff: Vec<Person>,
    pub from: Date,
    pub days: u16,
    pub now: Timestamp,
}

impl Case {
    pub fn run(&self) -> Vec<DaySlots> {
        let inputs: Vec<StaffInput<'_>> = self.staff.iter().map(Person::input).collect();
        slots::slots(&self.query(&inputs))
    }

    pub fn query<'a>(&'a self, inputs: &'a [StaffInput<'a>]) -> Query<'a> {
        Query {
            tz: &self.tz,
            policy: &self.policy,
            service: self.service,
            staff: inputs,
            from: self.from,
            days: self.days,
            now: self.now,
        }
    }

    pub fn check(&self, staff: usize, start: Timestamp) -> Result<(), slots::Unavailable> {
        let inputs: Vec<StaffInput<'_>> = self.staff.iter().map(Person::input).collect();
        slots::check_start(&self.query(&inputs), staff, start)
    }

    /// `(date, "HH:MM", start RFC 3339 with offset)` of every slot.
    pub fn listing(&self) -> Vec<(String, String, String)> {
        self.run()
            .iter()
            .flat_map(|d| {
                d.slots.iter().map(move |s| {
                    (
                        d.date.to_string(),
                        format!("{:02}:{:02}", s.time.hour(), s.time.minute()),
                        s.start.display_with_offset(s.offset).to_string(),
                    )
                })
            })
            .collect()
    }

    /// The local times offered on one date.
    pub fn times_on(&self, day: &str) -> Vec<String> {
        self.listing()
            .into_iter()
            .filter(|(d, _, _)| d == day)
            .map(|(_, t, _)| t)
            .collect()
    }
}

pub fn time(h: i8, m: i8) -> Time {
    Time::constant(h, m, 0, 0)
}
