//! Which confirmed bookings can matter to a question about local dates, answered before the salon (and
//! so its time zone) is known.
//!
//! The edge reads bookings in one round trip with the salon, so it must bound them by instants without
//! the zone. A local date is read as UTC with two days of margin either way: that covers every zone on
//! Earth (UTC−12 to UTC+14), buffers and working hours that run past midnight. The edge cache keeps a
//! salon's bookings over its whole [`horizon`], the window of every date a client may book.

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};

/// Days of margin the [`horizon`] adds to a salon's bookable days: a day either side for the zones
/// behind and ahead of UTC, two either side for [`busy_window`], and one for the last day itself.
pub const MARGIN_DAYS: u16 = 7;

/// A date outside the range the arithmetic supports (years −9999 to 9999, less the margins).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the date is out of range")]
pub struct OutOfRange;

fn at_utc_midnight(date: Date) -> Result<Timestamp, OutOfRange> {
    Ok(date
        .to_zoned(jiff::tz::TimeZone::UTC)
        .map_err(|_| OutOfRange)?
        .timestamp())
}

/// The instants that bound every booking that can matter to local dates `[from, from + days)`, in any
/// time zone.
pub fn busy_window(from: Date, days: i64) -> Result<(Timestamp, Timestamp), OutOfRange> {
    let start = from.checked_sub(2.days()).map_err(|_| OutOfRange)?;
    let end = from
        .checked_add((days + 2).days())
        .map_err(|_| OutOfRange)?;
    Ok((at_utc_midnight(start)?, at_utc_midnight(end)?))
}

/// The [`busy_window`] of every date a salon that books up to `max_advance_days` ahead can offer
/// when it is `today_utc` in UTC, wherever the salon is. It is [`horizon_days`] long.
pub fn horizon(
    today_utc: Date,
    max_advance_days: u16,
) -> Result<(Timestamp, Timestamp), OutOfRange> {
    let (start, _) = busy_window(today_utc.yesterday().map_err(|_| OutOfRange)?, 0)?;
    let (_, end) = busy_window(
        today_utc.tomorrow().map_err(|_| OutOfRange)?,
        i64::from(max_advance_days) + 1,
    )?;
    Ok((start, end))
}

/// How many days a [`horizon`] spans.
pub fn horizon_days(max_advance_days: u16) -> i64 {
    i64::from(max_advance_days) + i64::from(MARGIN_DAYS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_horizon_covers_every_bookable_date_in_every_time_zone() {
        for max_advance in [1u16, 60, 365] {
            for now in [
                "2026-06-01T00:30:00Z",
                "2026-06-01T11:00:00Z",
                "2026-06-01T23:30:00Z",
                "2028-02-28T23:59:59Z",
                "2026-12-31T12:00:00Z",
            ] {
                let now: Timestamp = now.parse().unwrap();
                let today_utc = now.to_zoned(jiff::tz::TimeZone::UTC).date();
                let (start, end) = horizon(today_utc, max_advance).unwrap();
                assert_eq!(
                    (end.as_second() - start.as_second()) / 86_400,
                    horizon_days(max_advance),
                );
                for zone in [
                    "Etc/GMT+12",
                    "UTC",
                    "Pacific/Kiritimati",
                    "Australia/Lord_Howe",
                ] {
                    let today = now.to_zoned(jiff::tz::TimeZone::get(zone).unwrap()).date();
                    for ahead in 0..=i64::from(max_advance) {
                        let from = today.checked_add(ahead.days()).unwrap();
                        let (a, b) = busy_window(from, 1).unwrap();
                        assert!(start <= a && b <= end, "{zone} at {now}: {from} is outside");
                    }
                    let (a, b) = busy_window(today, 14.min(i64::from(max_advance))).unwrap();
                    assert!(start <= a && b <= end, "{zone} at {now}: the first page");
                }
            }
        }
    }

    #[test]
    fn a_window_spans_its_days_and_two_more_either_side() {
        let (a, b) = busy_window(jiff::civil::date(2028, 2, 29), 1).unwrap();
        assert_eq!(a, "2028-02-27T00:00:00Z".parse::<Timestamp>().unwrap());
        assert_eq!(b, "2028-03-03T00:00:00Z".parse::<Timestamp>().unwrap());
    }

    #[test]
    fn dates_at_the_ends_of_the_calendar_are_out_of_range() {
        assert_eq!(busy_window(Date::MAX, 1), Err(OutOfRange));
        assert_eq!(busy_window(Date::MIN, 1), Err(OutOfRange));
        assert_eq!(horizon(Date::MAX, 60), Err(OutOfRange));
    }
}
