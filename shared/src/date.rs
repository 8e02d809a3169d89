//! Calendar dates without a time zone (`2026-12-02`), as the API writes them and the widget pages
//! through them.
//!
//! A [`CalendarDate`] is a count of days since 1970-01-01, so moving by days is integer arithmetic that
//! cannot wrap, cannot land on the 0th or the 32nd, and needs no time zone. It is deliberately small:
//! the widget links it, and it must not pull a calendar library into the download.

use std::fmt;

/// The first year a date or an instant may fall in.
pub const MIN_YEAR: i32 = 1970;
/// The last year a date or an instant may fall in. Far enough for any booking, and far enough from
/// the calendar library's own limit (9999) that every window and horizon computed from a date stays
/// inside it.
pub const MAX_YEAR: i32 = 2999;

/// A date of the proleptic Gregorian calendar from [`MIN_YEAR`]-01-01 to [`MAX_YEAR`]-12-31.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CalendarDate(i32);

/// Why a text is not a supported date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not `YYYY-MM-DD`, or a day the month does not have.
    #[error("not a date written YYYY-MM-DD")]
    Invalid,
    /// A real date outside [`MIN_YEAR`]..=[`MAX_YEAR`].
    #[error("years from {MIN_YEAR} to {MAX_YEAR} are supported")]
    OutOfRange,
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i32, month: u8, day: u8) -> i32 {
    let (m, d) = (i32::from(month), i32::from(day));
    let y = if m <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i32) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i32::from(month <= 2);
    // Both fit: a day is 1..=31 and a month 1..=12 by construction.
    (year, month as u8, day as u8)
}

/// Whether `year` has a 29 February.
pub fn is_leap_year(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// How many days `month` (1..=12) of `year` has.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl CalendarDate {
    /// The first supported date.
    pub const MIN: CalendarDate = CalendarDate(0);
    /// The last supported date, 2999-12-31.
    pub const MAX: CalendarDate = CalendarDate(376_199);

    /// The date of a year, month (1..=12) and day, if it exists and is supported.
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Result<Self, DateError> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(DateError::Invalid);
        }
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return Err(DateError::OutOfRange);
        }
        Ok(Self(days_from_civil(year, month, day)))
    }

    /// Reads exactly `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let b = text.as_bytes();
        let digits = |range: std::ops::Range<usize>| -> Option<i32> {
            b.get(range.clone())?.iter().try_fold(0i32, |n, c| {
                c.is_ascii_digit().then(|| n * 10 + i32::from(c - b'0'))
            })
        };
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(DateError::Invalid);
        }
        match (digits(0..4), digits(5..7), digits(8..10)) {
            // Months and days are two digits, so they fit a u8.
            (Some(y), Some(m), Some(d)) => Self::from_ymd(y, m as u8, d as u8),
            _ => Err(DateError::Invalid),
        }
    }

    /// The date with this many days since 1970-01-01, if supported.
    pub fn from_days_since_epoch(days: i32) -> Option<Self> {
        (Self::MIN.0..=Self::MAX.0)
            .contains(&days)
            .then_some(Self(days))
    }

    /// Days since 1970-01-01.
    pub fn days_since_epoch(self) -> i32 {
        self.0
    }

    /// The year, month (1..=12) and day (1..=31).
    pub fn ymd(self) -> (i32, u8, u8) {
        civil_from_days(self.0)
    }

    /// The date `days` later (earlier when negative), if it is still supported.
    pub fn add_days(self, days: i32) -> Option<Self> {
        Self::from_days_since_epoch(self.0.checked_add(days)?)
    }

    /// Days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: CalendarDate) -> i32 {
        later.0 - self.0
    }

    /// The same date as the calendar library's type, for time-zone arithmetic.
    pub fn to_civil(self) -> jiff::civil::Date {
        let (y, m, d) = self.ymd();
        // Every supported date (years 1970..=2999) is inside jiff's range, and `ymd` only yields
        // real dates.
        jiff::civil::Date::new(y as i16, m as i8, d as i8).expect("supported dates exist in jiff")
    }

    /// The calendar library's date, if it is supported here.
    pub fn from_civil(date: jiff::civil::Date) -> Result<Self, DateError> {
        Self::from_ymd(i32::from(date.year()), date.month() as u8, date.day() as u8)
    }
}

impl fmt::Display for CalendarDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl std::str::FromStr for CalendarDate {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl serde::Serialize for CalendarDate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for CalendarDate {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn date(text: &str) -> CalendarDate {
        CalendarDate::parse(text).unwrap()
    }

    #[test]
    fn moving_back_from_early_in_a_month_crosses_into_the_month_before() {
        // The widget pages back 14 days from the first day it shows; from the 1st to the 13th of
        // a month that lands in the previous month.
        for day in 1..=13 {
            let first = CalendarDate::from_ymd(2026, 12, day).unwrap();
            let earlier = first.add_days(-14).unwrap();
            assert_eq!(earlier.ymd(), (2026, 11, day + 16));
        }
        assert_eq!(
            date("2027-01-01").add_days(-14).unwrap(),
            date("2026-12-18")
        );
        assert_eq!(date("2028-03-01").add_days(-1).unwrap(), date("2028-02-29"));
        assert_eq!(date("2027-03-01").add_days(-1).unwrap(), date("2027-02-28"));
        assert_eq!(date("2026-12-31").add_days(1).unwrap(), date("2027-01-01"));
        assert_eq!(date("2026-12-18").add_days(14).unwrap(), date("2027-01-01"));
    }

    #[test]
    fn dates_round_trip_through_text_and_agree_with_the_calendar_library() {
        let mut d = CalendarDate::MIN;
        let mut civil = jiff::civil::date(1970, 1, 1);
        // Every date of the supported range, one by one.
        loop {
            assert_eq!(d.to_civil(), civil);
            assert_eq!(CalendarDate::from_civil(civil), Ok(d));
            assert_eq!(date(&d.to_string()), d);
            assert_eq!(d.to_string(), civil.to_string());
            match d.add_days(1) {
                Some(next) => {
                    d = next;
                    civil = civil.tomorrow().unwrap();
                }
                None => break,
            }
        }
        assert_eq!(d, CalendarDate::MAX);
        assert_eq!(d.to_string(), "2999-12-31");
    }

    #[test]
    fn only_real_dates_written_yyyy_mm_dd_are_read() {
        for bad in [
            "",
            "2026-1-01",
            "2026-01-1",
            "20260101",
            "2026/01/01",
            "2026-13-01",
            "2026-00-10",
            "2026-01-00",
            "2026-02-29",
            "2026-04-31",
            "2026-01-32",
            "+202-01-01",
            "2026-01-0a",
            "２０２６-01-01",
            " 2026-01-01",
            "2026-01-01 ",
            "2026-01-01T00:00:00Z",
        ] {
            assert_eq!(CalendarDate::parse(bad), Err(DateError::Invalid), "{bad:?}");
        }
        assert_eq!(date("2028-02-29").ymd(), (2028, 2, 29));
        assert_eq!(date("2000-02-29").ymd(), (2000, 2, 29));
        assert!(CalendarDate::parse("2100-02-29").is_err());
    }

    #[test]
    fn years_outside_the_supported_range_are_refused_as_such() {
        for far in ["0000-01-01", "1969-12-31", "3000-01-01", "9999-12-31"] {
            assert_eq!(
                CalendarDate::parse(far),
                Err(DateError::OutOfRange),
                "{far}"
            );
        }
        assert_eq!(CalendarDate::MIN.add_days(-1), None);
        assert_eq!(CalendarDate::MAX.add_days(1), None);
        assert_eq!(CalendarDate::MIN.add_days(i32::MIN), None);
        assert_eq!(CalendarDate::MAX.add_days(i32::MAX), None);
    }

    #[test]
    fn serde_writes_and_reads_the_text_form() {
        let d = date("2026-02-28");
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2026-02-28\"");
        assert_eq!(
            serde_json::from_str::<CalendarDate>("\"2026-02-28\"").unwrap(),
            d
        );
        assert!(serde_json::from_str::<CalendarDate>("\"2026-02-30\"").is_err());
    }
}
