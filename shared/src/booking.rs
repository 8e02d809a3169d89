//! Who may take a booking at one instant: the slot engine's answer for a named staff member, or the
//! order in which the edge tries everyone free for "anyone available".
//!
//! The edge calls this with the confirmed bookings around the start (read in the same snapshot as the
//! salon), then inserts with the first person; the database's exclusion constraint has the last word,
//! and a person lost to a race is skipped for the next in this order.

use jiff::Timestamp;

use crate::client::StaffChoice;
use crate::config::{SalonConfig, Service};
use crate::keys::Key;
use crate::slots::{self, Interval, Query, StaffInput, Unavailable};

/// A confirmed booking as the rules need it: who, when it starts, and the time it occupies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Busy {
    /// The staff member's key as stored; one the configuration no longer has is ignored.
    pub staff_key: String,
    /// The appointment's start.
    pub starts_at: Timestamp,
    /// The appointment with its buffers, in seconds.
    pub occupied: Interval,
}

/// The occupied intervals of each staff member, in the salon's staff order.
pub fn busy_by_staff(config: &SalonConfig, busy: &[Busy]) -> Vec<Vec<Interval>> {
    let mut grouped = vec![Vec::new(); config.staff.len()];
    for b in busy {
        if let Some(i) = staff_index(config, &b.staff_key) {
            grouped[i].push(b.occupied);
        }
    }
    grouped
}

fn staff_index(config: &SalonConfig, key: &str) -> Option<usize> {
    config.staff.iter().position(|s| s.key.as_ref() == key)
}

/// The engine's view of the staff for one service: everyone, or only staff member `only`. `grouped`
/// comes from [`busy_by_staff`].
pub fn staff_inputs<'a>(
    config: &'a SalonConfig,
    service: &Key,
    grouped: &'a [Vec<Interval>],
    only: Option<usize>,
) -> Vec<StaffInput<'a>> {
    config
        .staff
        .iter()
        .zip(grouped)
        .enumerate()
        .filter(|(i, _)| only.is_none_or(|o| o == *i))
        .map(|(_, (staff, bookings))| StaffInput {
            performs: staff.performs(service),
            hours: &staff.hours,
            time_off: &staff.time_off,
            bookings,
        })
        .collect()
}

/// Why nobody may take a booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The named staff member is not in the configuration.
    UnknownStaff,
    /// The named staff member does not perform the service.
    NotPerformed,
    /// Nobody chosen is free then; the reason is the one of the last person checked.
    Unavailable(Unavailable),
}

/// The staff (indexes into `config.staff`) who may take `service` at `start`, in the order to try
/// them: the named one, or everyone free with the fewest confirmed bookings that local day first, ties
/// in the salon's order (the "anyone available" rule of the spec). `busy` must hold every confirmed
/// booking of the start's local day and those that may overlap it.
pub fn who_may_take(
    config: &SalonConfig,
    service: &Service,
    busy: &[Busy],
    choice: &StaffChoice,
    start: Timestamp,
    now: Timestamp,
) -> Result<Vec<usize>, Refusal> {
    let grouped = busy_by_staff(config, busy);
    let inputs = staff_inputs(config, &service.key, &grouped, None);
    let query = Query {
        tz: &config.timezone,
        policy: &config.policy,
        service: service.timing(),
        staff: &inputs,
        from: start.to_zoned(config.timezone.clone()).date(),
        days: 1,
        now,
    };
    match choice {
        StaffChoice::Named(key) => {
            let index = staff_index(config, key.as_ref()).ok_or(Refusal::UnknownStaff)?;
            match slots::check_start(&query, index, start) {
                Ok(()) => Ok(vec![index]),
                Err(Unavailable::StaffDoesNotPerformService) => Err(Refusal::NotPerformed),
                Err(reason) => Err(Refusal::Unavailable(reason)),
            }
        }
        StaffChoice::Any => {
            let mut free = Vec::new();
            let mut last_reason = Unavailable::OutsideWorkingTime;
            for i in 0..config.staff.len() {
                match slots::check_start(&query, i, start) {
                    Ok(()) => free.push(i),
                    Err(Unavailable::StaffDoesNotPerformService) => {}
                    Err(reason) => last_reason = reason,
                }
            }
            if free.is_empty() {
                return Err(Refusal::Unavailable(last_reason));
            }
            let counts = bookings_that_day(config, busy, query.from);
            let mut ordered = Vec::with_capacity(free.len());
            while let Some(next) = slots::assign_any(&free, &counts) {
                ordered.push(next);
                free.retain(|&i| i != next);
            }
            Ok(ordered)
        }
    }
}

/// Each staff member's number of confirmed bookings starting on local date `date`.
fn bookings_that_day(config: &SalonConfig, busy: &[Busy], date: jiff::civil::Date) -> Vec<u32> {
    let mut counts = vec![0; config.staff.len()];
    for b in busy {
        if let Some(i) = staff_index(config, &b.staff_key) {
            if b.starts_at.to_zoned(config.timezone.clone()).date() == date {
                counts[i] += 1;
            }
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{instant, parse_document};

    /// Ana and Bruno cut, Chloé only colours; everyone works 09:00 to 18:00 every day in Paris.
    fn salon() -> SalonConfig {
        let day = r#"[["09:00", "18:00"]]"#;
        let hours = format!(
            r#"{{"mon": {day}, "tue": {day}, "wed": {day}, "thu": {day}, "fri": {day}, "sat": {day}, "sun": {day}}}"#
        );
        let staff = |key: &str, services: &str| {
            format!(
                r#"{{"key": "{key}", "name": "{key}", "services": {services}, "hours": {hours}}}"#
            )
        };
        parse_document(&format!(
            r#"{{"name": "Fifi", "timezone": "Europe/Paris", "currency": "EUR", "country": "FR",
                 "services": [
                   {{"key": "cut", "name": "Cut", "duration_minutes": 30, "price_cents": 100}},
                   {{"key": "colour", "name": "Colour", "duration_minutes": 60, "price_cents": 100}}],
                 "staff": [{}, {}, {}]}}"#,
            staff("ana", r#"["cut"]"#),
            staff("bruno", r#"["cut"]"#),
            staff("chloe", r#"["colour"]"#),
        ))
        .expect("a valid configuration")
    }

    fn busy(staff: &str, start: &str, minutes: i64) -> Busy {
        let starts_at = instant(start);
        Busy {
            staff_key: staff.to_owned(),
            starts_at,
            occupied: Interval {
                start: starts_at.as_second(),
                end: starts_at.as_second() + minutes * 60,
            },
        }
    }

    #[test]
    fn the_rules_say_who_may_take_a_booking_and_in_which_order() {
        let config = salon();
        let cut = config.service("cut").unwrap();
        let any = StaffChoice::Any;
        let named = |key: &str| StaffChoice::Named(Key::parse(key).unwrap());
        // The Sunday Paris springs forward; the start is 10:00 local (08:00 UTC).
        let start = instant("2027-03-28T10:00:00+02:00");
        let now = instant("2027-03-20T12:00:00+01:00");
        let taken = Refusal::Unavailable(Unavailable::OverlapsBooking);
        type Case = (
            &'static str,
            StaffChoice,
            Vec<Busy>,
            Result<Vec<usize>, Refusal>,
        );
        let table: Vec<Case> = vec![
            (
                "nobody booked: the salon's order",
                any.clone(),
                vec![],
                Ok(vec![0, 1]),
            ),
            (
                "the fewest bookings that day first",
                any.clone(),
                vec![busy("ana", "2027-03-28T15:00:00+02:00", 30)],
                Ok(vec![1, 0]),
            ),
            (
                // 23:30 UTC on the 27th is 00:30 on the 28th in Paris: it counts for that local day.
                "bookings count by the salon's local day",
                any.clone(),
                vec![busy("ana", "2027-03-27T23:30:00Z", 30)],
                Ok(vec![1, 0]),
            ),
            (
                "a booking the local day before does not count",
                any.clone(),
                vec![busy("ana", "2027-03-27T22:30:00Z", 30)],
                Ok(vec![0, 1]),
            ),
            (
                "someone busy at the start is left out",
                any.clone(),
                vec![busy("ana", "2027-03-28T09:45:00+02:00", 30)],
                Ok(vec![1]),
            ),
            (
                "a booking of someone no longer on staff is ignored",
                any.clone(),
                vec![busy("zoe", "2027-03-28T10:00:00+02:00", 30)],
                Ok(vec![0, 1]),
            ),
            (
                "everyone busy",
                any.clone(),
                vec![
                    busy("ana", "2027-03-28T10:00:00+02:00", 30),
                    busy("bruno", "2027-03-28T10:15:00+02:00", 30),
                ],
                Err(taken),
            ),
            (
                "a named person who is free",
                named("bruno"),
                vec![],
                Ok(vec![1]),
            ),
            (
                "a named person who is busy",
                named("bruno"),
                vec![busy("bruno", "2027-03-28T10:15:00+02:00", 30)],
                Err(taken),
            ),
            (
                "a named person who does not cut",
                named("chloe"),
                vec![],
                Err(Refusal::NotPerformed),
            ),
            (
                "a name nobody has",
                named("zoe"),
                vec![],
                Err(Refusal::UnknownStaff),
            ),
        ];
        for (case, choice, busy, expected) in table {
            assert_eq!(
                who_may_take(&config, cut, &busy, &choice, start, now),
                expected,
                "{case}"
            );
        }
    }

    #[test]
    fn the_engine_rules_apply_to_everyone() {
        let config = salon();
        let cut = config.service("cut").unwrap();
        let start = instant("2027-03-28T10:00:00+02:00");
        let refused = |now: &str, start| {
            who_may_take(&config, cut, &[], &StaffChoice::Any, start, instant(now))
        };
        assert_eq!(
            refused("2027-03-28T09:30:00+02:00", start),
            Err(Refusal::Unavailable(Unavailable::TooSoon))
        );
        assert_eq!(
            refused(
                "2027-03-20T12:00:00+01:00",
                instant("2027-03-28T10:05:00+02:00")
            ),
            Err(Refusal::Unavailable(Unavailable::Misaligned))
        );
        assert_eq!(
            refused(
                "2027-03-20T12:00:00+01:00",
                instant("2027-03-28T19:00:00+02:00")
            ),
            Err(Refusal::Unavailable(Unavailable::OutsideWorkingTime))
        );
    }
}
