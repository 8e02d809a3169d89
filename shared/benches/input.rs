//! The benchmark's input, shared by the native (criterion) and wasm32 (Node) runs: 31 days across the
//! October DST change in Paris, 20 staff with lunch breaks, 5 services, 2,000 confirmed bookings, a
//! 15-minute step, "any staff".

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use shared::config::{Policy, WeeklyHours};
use shared::slots::{Interval, Query, ServiceTiming, StaffInput};

pub struct Input {
    pub tz: TimeZone,
    pub policy: Policy,
    pub services: Vec<ServiceTiming>,
    pub hours: Vec<WeeklyHours>,
    pub bookings: Vec<Vec<Interval>>,
    pub time_off: Vec<Interval>,
    pub from: Date,
    pub now: Timestamp,
}

/// A small deterministic generator, so every run books the same times.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % bound
    }
}

pub fn input() -> Input {
    let tz = TimeZone::get("Europe/Paris").unwrap();
    let from: Date = "2026-10-10".parse().unwrap();
    let now: Timestamp = "2026-10-09T22:00:00Z".parse().unwrap();
    let services = [30u16, 45, 60, 90, 20]
        .iter()
        .map(|&d| ServiceTiming {
            duration_minutes: d,
            buffer_before_minutes: 0,
            buffer_after_minutes: 10,
        })
        .collect();
    let hours: Vec<WeeklyHours> = (0..20u16)
        .map(|i| {
            let start = 8 * 60 + (i % 4) * 30;
            let lunch = 12 * 60 + (i % 3) * 30;
            let end = 18 * 60 + (i % 5) * 30;
            let day = vec![(start, lunch), (lunch + 60, end)];
            let mut week: [Vec<(u16, u16)>; 7] = std::array::from_fn(|_| day.clone());
            week[usize::from(i % 7)] = Vec::new();
            WeeklyHours(week)
        })
        .collect();
    // 2,000 bookings: 100 per staff member over the 31 days, never overlapping each other.
    let mut rng = Lcg(42);
    let base = from.to_zoned(tz.clone()).unwrap().timestamp().as_second();
    let bookings = (0..20)
        .map(|_| {
            let mut taken: Vec<Interval> = Vec::new();
            while taken.len() < 100 {
                let day = rng.next(31) as i64;
                let minute = 8 * 60 + rng.next(40) as i64 * 15;
                let start = base + day * 86_400 + minute * 60;
                let candidate = Interval {
                    start,
                    end: start + 55 * 60,
                };
                if !taken.iter().any(|t| t.overlaps(&candidate)) {
                    taken.push(candidate);
                }
            }
            taken
        })
        .collect();
    Input {
        tz,
        policy: Policy {
            slot_step_minutes: 15,
            min_notice_minutes: 60,
            max_advance_days: 60,
            cancel_cutoff_minutes: 1440,
        },
        services,
        hours,
        bookings,
        time_off: Vec::new(),
        from,
        now,
    }
}

impl Input {
    pub fn staff(&self) -> Vec<StaffInput<'_>> {
        self.hours
            .iter()
            .zip(&self.bookings)
            .map(|(hours, bookings)| StaffInput {
                performs: true,
                hours,
                time_off: &self.time_off,
                bookings,
            })
            .collect()
    }

    pub fn query<'a>(&'a self, staff: &'a [StaffInput<'a>]) -> Query<'a> {
        Query {
            tz: &self.tz,
            policy: &self.policy,
            service: self.services[1],
            staff,
            from: self.from,
            days: 31,
            now: self.now,
        }
    }
}

/// How many slots the engine offers for `query`, all days together.
pub fn offered(query: &Query<'_>) -> usize {
    shared::slots::slots(query)
        .iter()
        .map(|d| d.slots.len())
        .sum()
}
