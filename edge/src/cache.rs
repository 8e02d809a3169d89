//! The edge cache (SPEC §6): availability is computed from cached *inputs*, not cached answers.
//!
//! Two kinds of entries, neither holding client data:
//! - a salon's configuration document, for 5 minutes (`salon/{slug}`), purged when the owner changes it;
//! - a salon's busy intervals on one UTC date (`busy/{salon id}/{date}`): staff key, start and occupied
//!   interval of each confirmed booking touching that date, for 30 seconds.
//!
//! Any availability query, whatever its service, staff, start date or length, is answered from these by
//! the slot engine in well under a millisecond, so the cache never splits on query shape, and a booking
//! or cancellation purges only the one or two dates its occupied interval touches. The database stays the
//! only authority: a stale entry can make the widget offer a time that is gone, never book it twice.

use std::future::Future;
use std::pin::Pin;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use shared::config::SalonConfigWire;
use shared::slots::Interval;

/// A boxed future that need not be `Send` (Workers are single-threaded).
pub type LocalFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// Where inputs are cached. Every method is best effort: a cache failure is a miss, never an error.
pub trait InputCache {
    fn get<'a>(&'a self, key: &'a str) -> LocalFuture<'a, Option<String>>;
    fn put<'a>(&'a self, key: &'a str, value: String, max_age_seconds: u32) -> LocalFuture<'a, ()>;
    fn delete<'a>(&'a self, key: &'a str) -> LocalFuture<'a, ()>;
}

/// No cache at all: every lookup misses (native runs).
pub struct NoCache;

impl InputCache for NoCache {
    fn get<'a>(&'a self, _key: &'a str) -> LocalFuture<'a, Option<String>> {
        Box::pin(async { None })
    }
    fn put<'a>(&'a self, _key: &'a str, _value: String, _max_age: u32) -> LocalFuture<'a, ()> {
        Box::pin(async {})
    }
    fn delete<'a>(&'a self, _key: &'a str) -> LocalFuture<'a, ()> {
        Box::pin(async {})
    }
}

/// How long busy intervals may be served from the cache: SPEC §6's staleness bound.
pub const BUSY_MAX_AGE: u32 = 30;
/// How long a configuration may be served from the cache; changes through the API purge it at once.
pub const SALON_MAX_AGE: u32 = 300;

const PREFIX: &str = "https://cache.chairtime.internal";

/// The key of a salon's configuration.
pub fn salon_key(slug: &str) -> String {
    format!("{PREFIX}/salon/{slug}")
}

/// The key of a salon's busy intervals on one UTC date.
pub fn busy_key(salon_id: i64, date: Date) -> String {
    format!("{PREFIX}/busy/{salon_id}/{date}")
}

/// A cached configuration: the salon's id and slug and its document. No client data.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CachedSalon {
    pub id: i64,
    pub slug: String,
    pub document: SalonConfigWire,
}

/// One confirmed booking as the slot engine needs it: who, when, and what it occupies. No client data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedBusy {
    pub staff: String,
    pub start: i64,
    pub occupied_start: i64,
    pub occupied_end: i64,
}

/// The UTC dates an interval touches: the dates to purge when it is booked or freed.
pub fn utc_dates(interval: Interval) -> Vec<Date> {
    let day = |second: i64| {
        jiff::Timestamp::from_second(second)
            .map(|t| t.to_zoned(TimeZone::UTC).date())
            .ok()
    };
    let (Some(first), Some(last)) = (day(interval.start), day(interval.end - 1)) else {
        return Vec::new();
    };
    let mut dates = vec![first];
    while let Some(next) = dates
        .last()
        .and_then(|d| d.tomorrow().ok())
        .filter(|d| *d <= last)
    {
        dates.push(next);
    }
    dates
}

/// The seconds of UTC midnight starting a date.
pub fn utc_midnight(date: Date) -> i64 {
    date.to_zoned(TimeZone::UTC)
        .map(|z| z.timestamp().as_second())
        .unwrap_or(0)
}

/// Whether a busy interval touches a UTC date, so belongs to its entry.
pub fn touches(entry: &CachedBusy, date: Date) -> bool {
    let start = utc_midnight(date);
    entry.occupied_start < start + 86_400 && entry.occupied_end > start
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_map_to_every_utc_date_they_touch() {
        let at = |s: &str| s.parse::<jiff::Timestamp>().unwrap().as_second();
        let one = Interval {
            start: at("2026-06-01T09:00:00Z"),
            end: at("2026-06-01T10:00:00Z"),
        };
        assert_eq!(utc_dates(one), vec![jiff::civil::date(2026, 6, 1)]);
        let across = Interval {
            start: at("2026-06-01T23:30:00Z"),
            end: at("2026-06-02T00:30:00Z"),
        };
        assert_eq!(
            utc_dates(across),
            vec![jiff::civil::date(2026, 6, 1), jiff::civil::date(2026, 6, 2)]
        );
        let to_midnight = Interval {
            start: at("2026-06-01T23:00:00Z"),
            end: at("2026-06-02T00:00:00Z"),
        };
        assert_eq!(utc_dates(to_midnight), vec![jiff::civil::date(2026, 6, 1)]);
    }

    #[test]
    fn entries_belong_to_the_dates_they_touch() {
        let entry = CachedBusy {
            staff: "ana".into(),
            start: 0,
            occupied_start: utc_midnight(jiff::civil::date(2026, 6, 2)) - 60,
            occupied_end: utc_midnight(jiff::civil::date(2026, 6, 2)) + 60,
        };
        assert!(touches(&entry, jiff::civil::date(2026, 6, 1)));
        assert!(touches(&entry, jiff::civil::date(2026, 6, 2)));
        assert!(!touches(&entry, jiff::civil::date(2026, 6, 3)));
    }

    #[test]
    fn keys_never_contain_anything_but_ids_slugs_and_dates() {
        assert_eq!(
            salon_key("demo"),
            "https://cache.chairtime.internal/salon/demo"
        );
        assert_eq!(
            busy_key(7, jiff::civil::date(2026, 6, 1)),
            "https://cache.chairtime.internal/busy/7/2026-06-01"
        );
    }
}
