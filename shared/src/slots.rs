//! The slot engine: which start instants are offered (SPEC §2), and whether one start may be booked.
//!
//! All arithmetic is on whole seconds since the Unix epoch. Local wall-clock times become instants with
//! RFC 5545 "compatible" disambiguation: a time in a DST gap moves past the gap, a time in a fold takes the
//! earlier instant. Candidate start times in a gap are not offered at all; in a fold, once, at the earlier
//! instant, so every offered instant shows the local time it was made from.
//!
//! The engine enumerates candidates once per query (one time-zone lookup per local day, or per candidate
//! on the rare days with a transition), then sweeps each staff member's merged working and busy intervals
//! with monotone cursors: linear in candidates plus intervals, no allocation per candidate.

use jiff::civil::{Date, Time};
use jiff::tz::{AmbiguousOffset, Offset, TimeZone};
use jiff::{Timestamp, ToSpan};

use crate::policy::{Policy, WeeklyHours};

/// A half-open interval of instants `[start, end)`, in seconds since the Unix epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Interval {
    /// First second inside the interval.
    pub start: i64,
    /// First second after the interval.
    pub end: i64,
}

impl Interval {
    /// The interval between two instants.
    pub fn new(start: Timestamp, end: Timestamp) -> Self {
        Self {
            start: start.as_second(),
            end: end.as_second(),
        }
    }

    /// Whether the two intervals share at least one second.
    pub fn overlaps(&self, other: &Interval) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// How long a service takes and how much time it blocks around itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceTiming {
    /// Elapsed minutes of the appointment itself.
    pub duration_minutes: u16,
    /// Minutes blocked before the start (preparation).
    pub buffer_before_minutes: u16,
    /// Minutes blocked after the end (cleaning up).
    pub buffer_after_minutes: u16,
}

impl ServiceTiming {
    /// The interval of a booking's appointment, without buffers.
    pub fn appointment(&self, start: i64) -> Interval {
        Interval {
            start,
            end: start + i64::from(self.duration_minutes) * 60,
        }
    }

    /// The interval a booking at `start` occupies: `[start − before, start + duration + after)`.
    pub fn occupied(&self, start: i64) -> Interval {
        Interval {
            start: start - i64::from(self.buffer_before_minutes) * 60,
            end: start
                + (i64::from(self.duration_minutes) + i64::from(self.buffer_after_minutes)) * 60,
        }
    }
}

/// One staff member as the engine sees them for one service.
#[derive(Debug, Clone, Copy)]
pub struct StaffInput<'a> {
    /// Whether they perform the service being booked.
    pub performs: bool,
    /// Their weekly local working hours.
    pub hours: &'a WeeklyHours,
    /// Their periods off, in any order.
    pub time_off: &'a [Interval],
    /// The occupied intervals of their confirmed bookings, in any order.
    pub bookings: &'a [Interval],
}

/// Everything the engine needs to list slots. No field is read from a clock or the environment.
#[derive(Debug, Clone, Copy)]
pub struct Query<'a> {
    /// The salon's time zone.
    pub tz: &'a TimeZone,
    /// The salon's booking policy.
    pub policy: &'a Policy,
    /// The service being booked.
    pub service: ServiceTiming,
    /// The staff to consider, in the salon's configured order.
    pub staff: &'a [StaffInput<'a>],
    /// First local date of the window.
    pub from: Date,
    /// Number of local dates in the window.
    pub days: u16,
    /// The current instant.
    pub now: Timestamp,
}

/// An offered start instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// The start instant.
    pub start: Timestamp,
    /// The salon's UTC offset at `start`.
    pub offset: Offset,
    /// The local wall-clock time at `start`; it always has zero seconds.
    pub time: Time,
    /// Indexes into [`Query::staff`] of everyone free then, ascending.
    pub staff: Vec<u16>,
}

/// The offered slots of one local date, in ascending order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DaySlots {
    /// The local date.
    pub date: Date,
    /// Its slots, sorted by start instant.
    pub slots: Vec<Slot>,
}

/// Why a start instant cannot be booked. Variants are listed in the order they are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unavailable {
    /// The staff member does not perform the service.
    StaffDoesNotPerformService,
    /// The local time is not on the slot grid, or is the later instant of a repeated local time.
    Misaligned,
    /// Less than the minimum notice from now.
    TooSoon,
    /// Later than the last bookable local date.
    TooFarAhead,
    /// The appointment does not lie inside working time.
    OutsideWorkingTime,
    /// The occupied interval overlaps time off.
    OverlapsTimeOff,
    /// The occupied interval overlaps a confirmed booking.
    OverlapsBooking,
}

impl Unavailable {
    /// A stable code for logs and error details.
    pub fn code(self) -> &'static str {
        match self {
            Unavailable::StaffDoesNotPerformService => "staff_does_not_perform_service",
            Unavailable::Misaligned => "misaligned",
            Unavailable::TooSoon => "too_soon",
            Unavailable::TooFarAhead => "too_far_ahead",
            Unavailable::OutsideWorkingTime => "outside_working_time",
            Unavailable::OverlapsTimeOff => "overlaps_time_off",
            Unavailable::OverlapsBooking => "overlaps_booking",
        }
    }
}

/// Converts a local date-time to an instant with RFC 5545 "compatible" disambiguation, and says whether
/// the local time actually exists (it does not in a DST gap).
fn to_instant(tz: &TimeZone, date: Date, minutes: u16) -> (i64, bool) {
    let (date, minutes) = if minutes >= 1440 {
        (date.tomorrow().unwrap_or(date), minutes - 1440)
    } else {
        (date, minutes)
    };
    let time = Time::constant((minutes / 60) as i8, (minutes % 60) as i8, 0, 0);
    let ambiguous = tz.to_ambiguous_timestamp(date.to_datetime(time));
    let exists = !matches!(ambiguous.offset(), AmbiguousOffset::Gap { .. });
    let ts = ambiguous
        .compatible()
        .expect("dates inside jiff's supported range convert");
    (ts.as_second(), exists)
}

/// One local date: its midnight instant and whether the whole day keeps one UTC offset (true on all
/// but the few days with a transition), in which case local minutes map to instants by addition.
#[derive(Clone, Copy)]
struct DayFrame {
    date: Date,
    midnight: i64,
    offset: i32,
    uniform: bool,
}

impl DayFrame {
    fn new(tz: &TimeZone, date: Date) -> DayFrame {
        let (midnight, _) = to_instant(tz, date, 0);
        let (next_midnight, _) = to_instant(tz, date, 1440);
        let at = Timestamp::from_second(midnight).expect("in range");
        let uniform = next_midnight - midnight == 86_400
            && tz
                .following(at)
                .next()
                .is_none_or(|t| t.timestamp().as_second() >= next_midnight);
        DayFrame {
            date,
            midnight,
            offset: tz.to_offset(at).seconds(),
            uniform,
        }
    }

    /// The instant of a local time `minutes` after midnight (1440 is `24:00`), and whether it exists.
    fn instant(&self, tz: &TimeZone, minutes: u16) -> (i64, bool) {
        if self.uniform {
            (self.midnight + i64::from(minutes) * 60, true)
        } else {
            to_instant(tz, self.date, minutes)
        }
    }
}

/// The frames of every date in `[first, last]`.
fn frames(tz: &TimeZone, first: Date, last: Date) -> Vec<DayFrame> {
    let mut out = Vec::new();
    let mut date = first;
    while date <= last {
        out.push(DayFrame::new(tz, date));
        match date.tomorrow() {
            Ok(next) => date = next,
            Err(_) => break,
        }
    }
    out
}

/// The working time of one staff member over the framed dates, as merged instants.
fn working_intervals(tz: &TimeZone, hours: &WeeklyHours, frames: &[DayFrame]) -> Vec<Interval> {
    let mut out: Vec<Interval> = Vec::new();
    for frame in frames {
        for &(start, end) in hours.on(frame.date.weekday()) {
            let interval = Interval {
                start: frame.instant(tz, start).0,
                end: frame.instant(tz, end).0,
            };
            if interval.start >= interval.end {
                continue;
            }
            match out.last_mut() {
                Some(prev) if interval.start <= prev.end => prev.end = prev.end.max(interval.end),
                _ => out.push(interval),
            }
        }
    }
    out
}

/// Sorts and merges intervals that overlap or touch.
fn merged(mut intervals: Vec<Interval>) -> Vec<Interval> {
    intervals.sort_unstable();
    let mut out: Vec<Interval> = Vec::with_capacity(intervals.len());
    for interval in intervals {
        match out.last_mut() {
            Some(prev) if interval.start <= prev.end => prev.end = prev.end.max(interval.end),
            _ => out.push(interval),
        }
    }
    out
}

/// A candidate start: one local grid time that exists, at its (earliest) instant.
#[derive(Clone, Copy)]
struct Candidate {
    ts: i64,
    offset: i32,
    minutes: u16,
}

/// The local date of `now` in `tz` plus `max_advance_days`: the last bookable date.
fn last_bookable_date(tz: &TimeZone, policy: &Policy, now: Timestamp) -> Date {
    let today = now.to_zoned(tz.clone()).date();
    today
        .checked_add(i64::from(policy.max_advance_days).days())
        .unwrap_or(today)
}

/// Lists the grid candidates of one local date that exist and are not before `earliest`.
fn candidates_of_day(
    tz: &TimeZone,
    frame: &DayFrame,
    step: u16,
    earliest: i64,
    out: &mut Vec<Candidate>,
) {
    out.clear();
    let mut minutes = 0u16;
    while minutes < 1440 {
        let (ts, exists) = frame.instant(tz, minutes);
        if exists && ts >= earliest {
            let offset = if frame.uniform {
                frame.offset
            } else {
                tz.to_offset(Timestamp::from_second(ts).expect("in range"))
                    .seconds()
            };
            out.push(Candidate {
                ts,
                offset,
                minutes,
            });
        }
        minutes += step;
    }
}

/// Per staff member, the merged working and busy intervals of a window.
struct Prepared {
    working: Vec<Interval>,
    busy: Vec<Interval>,
    time_off: Vec<Interval>,
    bookings: Vec<Interval>,
}

/// `frames` must reach one day beyond the window on each side, so hours that run across midnight join.
fn prepare(tz: &TimeZone, staff: &StaffInput<'_>, frames: &[DayFrame]) -> Prepared {
    let time_off = merged(staff.time_off.to_vec());
    let bookings = merged(staff.bookings.to_vec());
    let mut all = time_off.clone();
    all.extend_from_slice(&bookings);
    Prepared {
        working: working_intervals(tz, staff.hours, frames),
        busy: merged(all),
        time_off,
        bookings,
    }
}

/// Lists the offered slots of every local date in the window (SPEC §2). Dates without slots are
/// included with an empty list, so a calendar can mark them.
pub fn slots(query: &Query<'_>) -> Vec<DaySlots> {
    let Query {
        tz,
        policy,
        service,
        staff,
        from,
        days,
        now,
    } = *query;
    let last_bookable = last_bookable_date(tz, policy, now);
    let earliest = now.as_second() + i64::from(policy.min_notice_minutes) * 60;
    let step = policy.slot_step_minutes.max(1);
    let last = from
        .checked_add(i64::from(days.saturating_sub(1)).days())
        .unwrap_or(from);
    let frames = frames(
        tz,
        from.yesterday().unwrap_or(from),
        last.tomorrow().unwrap_or(last),
    );
    let prepared: Vec<Option<Prepared>> = staff
        .iter()
        .map(|s| s.performs.then(|| prepare(tz, s, &frames)))
        .collect();
    let duration = i64::from(service.duration_minutes) * 60;
    let before = i64::from(service.buffer_before_minutes) * 60;
    let after = i64::from(service.buffer_after_minutes) * 60;

    let mut cursors = vec![(0usize, 0usize); staff.len()];
    let mut candidates = Vec::with_capacity(usize::from(1440 / step));
    let mut out = Vec::with_capacity(usize::from(days));
    for frame in frames[1..].iter().take(usize::from(days)) {
        let date = frame.date;
        let mut day = DaySlots {
            date,
            slots: Vec::new(),
        };
        if date <= last_bookable {
            candidates_of_day(tz, frame, step, earliest, &mut candidates);
            for c in &candidates {
                let occupied = Interval {
                    start: c.ts - before,
                    end: c.ts + duration + after,
                };
                let mut free = Vec::new();
                for (index, p) in prepared.iter().enumerate() {
                    let Some(p) = p else { continue };
                    let (w, b) = &mut cursors[index];
                    while *w < p.working.len() && p.working[*w].end <= c.ts {
                        *w += 1;
                    }
                    let inside = p
                        .working
                        .get(*w)
                        .is_some_and(|i| i.start <= c.ts && c.ts + duration <= i.end);
                    if !inside {
                        continue;
                    }
                    while *b < p.busy.len() && p.busy[*b].end <= occupied.start {
                        *b += 1;
                    }
                    let clashes = p.busy.get(*b).is_some_and(|i| i.start < occupied.end);
                    if !clashes {
                        free.push(index as u16);
                    }
                }
                if !free.is_empty() {
                    let offset = Offset::from_seconds(c.offset)
                        .expect("offsets from the tz database are valid");
                    day.slots.push(Slot {
                        start: Timestamp::from_second(c.ts).expect("in range"),
                        offset,
                        time: Time::constant((c.minutes / 60) as i8, (c.minutes % 60) as i8, 0, 0),
                        staff: free,
                    });
                }
            }
        }
        out.push(day);
    }
    out
}

/// Says whether a booking may start at `start` with staff member `staff_index` of `query.staff`, and
/// when not, the first rule it breaks. `query.from` and `query.days` are ignored.
pub fn check_start(
    query: &Query<'_>,
    staff_index: usize,
    start: Timestamp,
) -> Result<(), Unavailable> {
    let Query {
        tz,
        policy,
        service,
        now,
        ..
    } = *query;
    let staff = &query.staff[staff_index];
    if !staff.performs {
        return Err(Unavailable::StaffDoesNotPerformService);
    }
    let local = start.to_zoned(tz.clone());
    let minutes = local.hour() as u16 * 60 + local.minute() as u16;
    let aligned = local.second() == 0
        && local.subsec_nanosecond() == 0
        && minutes.is_multiple_of(policy.slot_step_minutes.max(1))
        && to_instant(tz, local.date(), minutes) == (start.as_second(), true);
    if !aligned {
        return Err(Unavailable::Misaligned);
    }
    if start.as_second() < now.as_second() + i64::from(policy.min_notice_minutes) * 60 {
        return Err(Unavailable::TooSoon);
    }
    if local.date() > last_bookable_date(tz, policy, now) {
        return Err(Unavailable::TooFarAhead);
    }
    let date = local.date();
    let p = prepare(
        tz,
        staff,
        &frames(
            tz,
            date.yesterday().unwrap_or(date),
            date.checked_add(2.days()).unwrap_or(date),
        ),
    );
    let appointment = service.appointment(start.as_second());
    let inside = p
        .working
        .iter()
        .any(|i| i.start <= appointment.start && appointment.end <= i.end);
    if !inside {
        return Err(Unavailable::OutsideWorkingTime);
    }
    let occupied = service.occupied(start.as_second());
    if p.time_off.iter().any(|i| i.overlaps(&occupied)) {
        return Err(Unavailable::OverlapsTimeOff);
    }
    if p.bookings.iter().any(|i| i.overlaps(&occupied)) {
        return Err(Unavailable::OverlapsBooking);
    }
    Ok(())
}

/// Chooses who takes an "any staff" booking: among `free` (indexes in the salon's configured order),
/// the one with the fewest confirmed bookings that local day; ties go to the earlier in that order.
/// `bookings_that_day[i]` is staff member `i`'s count. Returns `None` when nobody is free.
pub fn assign_any(free: &[usize], bookings_that_day: &[u32]) -> Option<usize> {
    free.iter()
        .copied()
        .min_by_key(|&i| (bookings_that_day.get(i).copied().unwrap_or(0), i))
}
