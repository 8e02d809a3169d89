//! Instants as the API and the configuration write them: RFC 3339 with an offset, inside the
//! supported years. A client's booking start and an owner's time off are read by the same function, so
//! whatever reaches the engine and the database stays within the years every later computation can
//! handle.

use jiff::Timestamp;

use crate::date::{CalendarDate, DateError, MAX_YEAR, MIN_YEAR};

/// Why a text is not a supported instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InstantError {
    /// Not `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, or a date or time that does not exist.
    #[error("not an RFC 3339 date-time with an offset")]
    Invalid,
    /// A real date-time outside the supported years, as written or in UTC.
    #[error("years from {MIN_YEAR} to {MAX_YEAR} are supported")]
    OutOfRange,
}

/// Parses an RFC 3339 date-time with an offset, `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, into an
/// instant.
///
/// Stricter than RFC 3339 and than the calendar library, on purpose:
/// - the offset is `Z` (or `z`) or `±HH:MM` up to ±23:59, as RFC 3339's grammar writes it (the library
///   also reads `+0200`, `+02`, seconds in offsets and up to ±25:59:59); no time-zone annotation;
/// - seconds run to 59: a leap second would name the same instant as :59 and not read back the same;
/// - the written date and the instant in UTC both fall in [`MIN_YEAR`]..=[`MAX_YEAR`], or the result is
///   [`InstantError::OutOfRange`]. Everything downstream (windows, horizons, the database) can then add a
///   few days to an instant without leaving the calendar.
pub fn parse_instant(value: &str) -> Result<Timestamp, InstantError> {
    let b = value.as_bytes();
    let number = |at: usize, len: usize| -> Option<i64> {
        b.get(at..at + len)?.iter().try_fold(0i64, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + i64::from(c - b'0'))
        })
    };
    let invalid = InstantError::Invalid;
    let (Some(hour), Some(minute), Some(second)) = (number(11, 2), number(14, 2), number(17, 2))
    else {
        return Err(invalid);
    };
    if b.get(10) != Some(&b'T')
        || b.get(13) != Some(&b':')
        || b.get(16) != Some(&b':')
        || hour > 23
        || minute > 59
        || second > 59
    {
        return Err(invalid);
    }
    let mut at = 19;
    let mut nanos = 0;
    if b.get(at) == Some(&b'.') {
        let digits = b[at + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if !(1..=9).contains(&digits) {
            return Err(invalid);
        }
        let fraction = number(at + 1, digits).ok_or(invalid)?;
        // At most nine digits, so this is below one second in nanoseconds and fits an i32.
        nanos = (fraction * 10i64.pow(9 - digits as u32)) as i32;
        at += 1 + digits;
    }
    let offset = match &b[at..] {
        b"Z" | b"z" => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (Some(hours), Some(minutes)) = (number(at + 1, 2), number(at + 4, 2)) else {
                return Err(invalid);
            };
            if hours > 23 || minutes > 59 {
                return Err(invalid);
            }
            let seconds = hours * 3600 + minutes * 60;
            if *sign == b'-' {
                -seconds
            } else {
                seconds
            }
        }
        _ => return Err(invalid),
    };
    // Byte 10 is the ASCII `T`, so the first ten bytes are whole characters.
    let date = CalendarDate::parse(&value[..10]).map_err(|e| match e {
        DateError::Invalid => invalid,
        DateError::OutOfRange => InstantError::OutOfRange,
    })?;
    let seconds =
        i64::from(date.days_since_epoch()) * 86_400 + hour * 3600 + minute * 60 + second - offset;
    let end_of_range = (i64::from(CalendarDate::MAX.days_since_epoch()) + 1) * 86_400;
    if !(0..end_of_range).contains(&seconds) {
        return Err(InstantError::OutOfRange);
    }
    Timestamp::new(seconds, nanos).map_err(|_| invalid)
}
