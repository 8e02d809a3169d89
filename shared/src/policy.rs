//! What a salon decides about its time: the booking [`Policy`] and each person's [`WeeklyHours`]. The
//! configuration document writes them and the slot engine applies them, so they sit below both.

use jiff::civil::Weekday;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// The longest booking window a salon may set, in days.
pub const MAX_ADVANCE_DAYS: u16 = 365;

/// Booking policy of a salon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Policy {
    /// Offered start times are multiples of this many minutes after local midnight.
    pub slot_step_minutes: u16,
    /// How long before its start a booking must be made.
    pub min_notice_minutes: u32,
    /// How many local days ahead clients may book.
    pub max_advance_days: u16,
    /// How long before its start a client may still cancel.
    pub cancel_cutoff_minutes: u32,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            slot_step_minutes: 15,
            min_notice_minutes: 60,
            max_advance_days: 60,
            cancel_cutoff_minutes: 1440,
        }
    }
}

impl Policy {
    /// The last instant at which a client may still cancel (or move) a booking that starts at
    /// `start`: the cutoff is elapsed time, so a daylight-saving change in between does not move it.
    pub fn change_deadline(&self, start: Timestamp) -> Timestamp {
        start
            .checked_sub(jiff::SignedDuration::from_mins(i64::from(
                self.cancel_cutoff_minutes,
            )))
            // Only starts within a week of the earliest representable instant could fail here.
            .unwrap_or(Timestamp::MIN)
    }

    /// Whether a client may cancel (or move) a booking that starts at `start`, at `now`: until the
    /// cutoff, inclusive.
    pub fn allows_change(&self, start: Timestamp, now: Timestamp) -> bool {
        now <= self.change_deadline(start)
    }
}

/// Weekly working hours in local wall-clock minutes after midnight, Monday first.
/// Each day's intervals are sorted, non-empty and disjoint; an end of 1440 is `24:00`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WeeklyHours(pub [Vec<(u16, u16)>; 7]);

impl WeeklyHours {
    /// The intervals of one weekday.
    pub fn on(&self, weekday: Weekday) -> &[(u16, u16)] {
        &self.0[weekday.to_monday_zero_offset() as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn instant(value: &str) -> Timestamp {
        crate::instant::parse_instant(value).unwrap()
    }

    #[test]
    fn a_booking_may_be_changed_until_its_cutoff_and_not_a_second_later() {
        let start = instant("2027-03-28T10:00:00+02:00");
        let policy = |cancel_cutoff_minutes| Policy {
            cancel_cutoff_minutes,
            ..Policy::default()
        };
        // (cutoff, now, allowed). The day before the start is 23 hours long: Paris springs forward
        // that night, and the cutoff counts elapsed time, not wall-clock time.
        let table = [
            (1440, "2027-03-27T09:00:00+01:00", true),
            (1440, "2027-03-27T09:00:01+01:00", false),
            (1440, "2027-03-27T10:00:00+01:00", false),
            (60, "2027-03-28T09:00:00+02:00", true),
            (60, "2027-03-28T09:00:01+02:00", false),
            (0, "2027-03-28T10:00:00+02:00", true),
            (0, "2027-03-28T10:00:01+02:00", false),
            (10080, "2027-03-21T09:00:00+01:00", true),
            (10080, "2027-03-21T09:30:00+01:00", false),
        ];
        for (cutoff, now, allowed) in table {
            assert_eq!(
                policy(cutoff).allows_change(start, instant(now)),
                allowed,
                "cutoff {cutoff} at {now}"
            );
        }
        assert_eq!(
            Policy::default().change_deadline(start),
            instant("2027-03-27T09:00:00+01:00")
        );
    }
}
