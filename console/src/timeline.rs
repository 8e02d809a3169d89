//! Where things go on the day view's time axis, and the instants a form's local date and time mean.
//! Pure: the salon's zone comes in as `offset_at` (seconds east of UTC at an instant), which the
//! browser answers from its time-zone database (`zone.rs`) and the tests from a fixed rule. Instants
//! are whole seconds since 1970-01-01 UTC.
//!
//! The axis is elapsed time: an hour is always the same height, so a booking's height is its length,
//! even on the 23- and 25-hour days of a clock change. Hour marks are labelled with the wall clock at
//! that instant, so a day when clocks go forward has no 02:00 mark and one when they go back has two.

use shared::date::CalendarDate;

/// Tenths of a pixel per minute on the day view: an hour is 72px.
pub const PX_TENTHS_PER_MINUTE: i64 = 12;

/// An instant read from the API's RFC 3339 text (`2026-03-29T10:00:00+02:00`): seconds since the
/// epoch, and the wall clock it was written in (date and minutes after midnight).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub secs: i64,
    pub date: CalendarDate,
    pub minutes: u16,
}

/// Reads `YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM)`, the shape the API writes. `None` for anything else.
pub fn parse_stamp(text: &str) -> Option<Stamp> {
    let date = CalendarDate::parse(text.get(..10)?).ok()?;
    let rest = text.get(10..)?.strip_prefix(['T', 't', ' '])?;
    let number = |s: &str| -> Option<i64> {
        (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
    };
    let hour = number(rest.get(..2)?)?;
    let minute = number(rest.get(3..5)?)?;
    let mut tail = rest.get(5..)?;
    let mut second = 0;
    if let Some(s) = tail.strip_prefix(':') {
        second = number(s.get(..2)?)?;
        tail = &s[2..];
        if let Some(fraction) = tail.strip_prefix('.') {
            let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
            tail = &fraction[digits..];
        }
    }
    let offset = match tail {
        "Z" | "z" => 0,
        _ => {
            let sign = match tail.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            if tail.len() != 6 || tail.as_bytes()[3] != b':' {
                return None;
            }
            sign * (number(&tail[1..3])? * 3600 + number(&tail[4..6])? * 60)
        }
    };
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let local = i64::from(date.days_since_epoch()) * 86_400 + hour * 3600 + minute * 60 + second;
    Some(Stamp {
        secs: local - offset,
        date,
        minutes: (hour * 60 + minute) as u16,
    })
}

/// The wall clock at `secs` with `offset` seconds east of UTC: the local date and minutes after
/// midnight.
pub fn wall_clock(secs: i64, offset: i32) -> Option<(CalendarDate, u16)> {
    let local = secs + i64::from(offset);
    let days = i32::try_from(local.div_euclid(86_400)).ok()?;
    let date = CalendarDate::from_days_since_epoch(days)?;
    Some((date, (local.rem_euclid(86_400) / 60) as u16))
}

/// The instant of a wall-clock time in the salon's zone, as RFC 5545 reads it ("compatible"): a time
/// that a clock change skips means the instant after the gap (02:30 on a spring-forward night is
/// 03:30), and one it repeats means the earlier of the two.
pub fn instant_of(date: CalendarDate, minutes: u16, offset_at: &dyn Fn(i64) -> i32) -> i64 {
    let local = i64::from(date.days_since_epoch()) * 86_400 + i64::from(minutes) * 60;
    // The offsets a day before and after bound every offset that can apply to this wall time.
    let before = i64::from(offset_at(local - 86_400));
    let after = i64::from(offset_at(local + 86_400));
    let earlier = local - before.max(after);
    let later = local - before.min(after);
    let fits = |t: i64| t + i64::from(offset_at(t)) == local;
    match (fits(earlier), fits(later)) {
        (true, _) => earlier,
        (false, true) => later,
        // In a gap: the wall time read with the offset before the change lands after it.
        (false, false) => local - before,
    }
}

/// An instant written as the API expects it: RFC 3339 with the given offset.
pub fn rfc3339(secs: i64, offset: i32) -> String {
    let (date, minutes) = wall_clock(secs, offset).unwrap_or((
        CalendarDate::from_days_since_epoch(0).expect("the epoch is a supported date"),
        0,
    ));
    let second = (secs + i64::from(offset)).rem_euclid(60);
    let sign = if offset < 0 { '-' } else { '+' };
    let offset = offset.unsigned_abs() / 60;
    format!(
        "{date}T{:02}:{:02}:{second:02}{sign}{:02}:{:02}",
        minutes / 60,
        minutes % 60,
        offset / 60,
        offset % 60
    )
}

/// `HH:MM` as minutes after midnight; `24:00` is allowed (the end of a day).
pub fn parse_hhmm(text: &str) -> Option<u16> {
    let (h, m) = text.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (m < 60 && (h < 24 || (h == 24 && m == 0))).then_some(h * 60 + m)
}

/// `HH:MM` for minutes after midnight.
pub fn hhmm(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// One hour mark of the axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    /// Where it is.
    pub secs: i64,
    /// Minutes after the axis's start.
    pub offset_minutes: i64,
    /// The wall clock there, minutes after midnight.
    pub label: u16,
}

/// The stretch of one local date that the day view shows, from the wall-clock `open` to `close`
/// (minutes after midnight; `close` may be 1440, the next midnight).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Axis {
    pub start: i64,
    pub end: i64,
    pub marks: Vec<Mark>,
}

impl Axis {
    /// The axis of `date` between the wall-clock times `open` and `close`, with a mark on every
    /// whole hour of the wall clock in between.
    pub fn new(date: CalendarDate, open: u16, close: u16, offset_at: &dyn Fn(i64) -> i32) -> Axis {
        let start = instant_of(date, open, offset_at);
        let end = match close {
            1440.. => date
                .add_days(1)
                .map_or(start + 86_400, |next| instant_of(next, 0, offset_at)),
            _ => instant_of(date, close, offset_at),
        }
        .max(start + 3600);
        let mut marks = Vec::new();
        // Hour marks step in elapsed hours from the first whole hour; each takes the wall clock of
        // its instant, so the labels skip or repeat where the clocks do.
        let first = start + i64::from((60 - open % 60) % 60) * 60;
        let mut t = first;
        while t <= end {
            if let Some((_, label)) = wall_clock(t, offset_at(t)) {
                marks.push(Mark {
                    secs: t,
                    offset_minutes: (t - start) / 60,
                    label,
                });
            }
            t += 3600;
        }
        Axis { start, end, marks }
    }

    /// The axis's length in minutes.
    pub fn minutes(&self) -> i64 {
        (self.end - self.start) / 60
    }

    /// Where `[start, end)` sits on the axis, in minutes from its top (clipped to it), or `None` when
    /// it lies wholly outside.
    pub fn place(&self, start: i64, end: i64) -> Option<(i64, i64)> {
        let top = start.max(self.start);
        let bottom = end.min(self.end);
        (bottom > top || (start == end && start >= self.start && start < self.end))
            .then(|| ((top - self.start) / 60, ((bottom - top) / 60).max(1)))
    }

    /// The instant at `minutes` from the top.
    pub fn at(&self, minutes: i64) -> i64 {
        self.start + minutes * 60
    }
}

/// The wall-clock range to show for a day: the salon's working hours (`hours`, minutes after
/// midnight, if known), widened to whole hours and to take in everything on the day (`items`, wall
/// clock start and end minutes; an end of 1440 is midnight), and 08:00 to 20:00 when nothing says.
pub fn visible_range(hours: Option<(u16, u16)>, items: &[(u16, u16)]) -> (u16, u16) {
    let (mut open, mut close) = hours.unwrap_or((8 * 60, 20 * 60));
    for &(s, e) in items {
        open = open.min(s);
        close = close.max(e);
    }
    let open = open / 60 * 60;
    let close = close.div_ceil(60) * 60;
    (open, close.clamp(open + 60, 1440))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> CalendarDate {
        CalendarDate::parse(text).unwrap()
    }

    /// Europe/Paris from 2026 to 2027: CET (+1), and CEST (+2) from the last Sunday of March at
    /// 01:00 UTC to the last Sunday of October at 01:00 UTC.
    fn paris(t: i64) -> i32 {
        let summers = [
            (
                parse_stamp("2026-03-29T01:00:00Z").unwrap().secs,
                parse_stamp("2026-10-25T01:00:00Z").unwrap().secs,
            ),
            (
                parse_stamp("2027-03-28T01:00:00Z").unwrap().secs,
                parse_stamp("2027-10-31T01:00:00Z").unwrap().secs,
            ),
        ];
        if summers.iter().any(|&(from, to)| t >= from && t < to) {
            7200
        } else {
            3600
        }
    }

    #[test]
    fn api_instants_are_read_with_their_offset() {
        let s = parse_stamp("2026-10-25T02:30:00+02:00").unwrap();
        let later = parse_stamp("2026-10-25T02:30:00+01:00").unwrap();
        assert_eq!(later.secs - s.secs, 3600);
        assert_eq!((s.date, s.minutes), (date("2026-10-25"), 150));
        assert_eq!(
            parse_stamp("2026-10-25T00:30:00Z").unwrap().secs,
            parse_stamp("2026-10-25T02:30:00.000+02:00").unwrap().secs
        );
        for bad in [
            "2026-10-25",
            "2026-10-25T25:00:00Z",
            "2026-10-25T10:00:00",
            "2026-10-25T10:00:00+2",
            "2026-02-30T10:00:00Z",
        ] {
            assert_eq!(parse_stamp(bad), None, "{bad}");
        }
    }

    #[test]
    fn wall_times_become_instants_as_rfc_5545_says() {
        // A normal day.
        assert_eq!(
            rfc3339(instant_of(date("2026-12-02"), 600, &paris), 3600),
            "2026-12-02T10:00:00+01:00"
        );
        // 02:30 does not exist on 29 March: it is 03:30 summer time.
        let gap = instant_of(date("2026-03-29"), 150, &paris);
        assert_eq!(rfc3339(gap, paris(gap)), "2026-03-29T03:30:00+02:00");
        // 02:30 happens twice on 25 October: the earlier one, still summer time.
        let fold = instant_of(date("2026-10-25"), 150, &paris);
        assert_eq!(rfc3339(fold, paris(fold)), "2026-10-25T02:30:00+02:00");
        // Either side of the changes.
        let t = instant_of(date("2026-03-29"), 180, &paris);
        assert_eq!(rfc3339(t, paris(t)), "2026-03-29T03:00:00+02:00");
        let t = instant_of(date("2026-10-25"), 180, &paris);
        assert_eq!(rfc3339(t, paris(t)), "2026-10-25T03:00:00+01:00");
    }

    #[test]
    fn a_spring_forward_day_is_23_hours_and_skips_the_2_oclock_mark() {
        let axis = Axis::new(date("2026-03-29"), 0, 1440, &paris);
        assert_eq!(axis.minutes(), 23 * 60);
        let labels: Vec<u16> = axis.marks.iter().map(|m| m.label / 60).collect();
        assert_eq!(&labels[..4], &[0, 1, 3, 4]);
        assert_eq!(labels.len(), 24, "midnight to midnight, marks at both ends");
        // A booking from 01:30 (+01:00) to 03:30 (+02:00) lasts one hour and is drawn so.
        let start = parse_stamp("2026-03-29T01:30:00+01:00").unwrap().secs;
        let end = parse_stamp("2026-03-29T03:30:00+02:00").unwrap().secs;
        assert_eq!(axis.place(start, end), Some((90, 60)));
        // 10:00 summer time is nine elapsed hours after midnight.
        let ten = parse_stamp("2026-03-29T10:00:00+02:00").unwrap().secs;
        assert_eq!(axis.place(ten, ten + 2700), Some((9 * 60, 45)));
    }

    #[test]
    fn a_fall_back_day_is_25_hours_and_has_two_2_oclock_marks() {
        let axis = Axis::new(date("2026-10-25"), 0, 1440, &paris);
        assert_eq!(axis.minutes(), 25 * 60);
        let labels: Vec<u16> = axis.marks.iter().map(|m| m.label / 60).collect();
        assert_eq!(&labels[..5], &[0, 1, 2, 2, 3]);
        // The two 02:30s are an hour apart on the axis.
        let first = parse_stamp("2026-10-25T02:30:00+02:00").unwrap().secs;
        let second = parse_stamp("2026-10-25T02:30:00+01:00").unwrap().secs;
        assert_eq!(axis.place(first, first + 1800), Some((150, 30)));
        assert_eq!(axis.place(second, second + 1800), Some((210, 30)));
        // 10:00 winter time is eleven elapsed hours after midnight.
        let ten = parse_stamp("2026-10-25T10:00:00+01:00").unwrap().secs;
        assert_eq!(axis.place(ten, ten + 3600), Some((11 * 60, 60)));
    }

    #[test]
    fn working_hours_on_a_clock_change_day_are_their_usual_length() {
        for day in ["2026-03-29", "2026-10-25", "2026-12-02"] {
            let axis = Axis::new(date(day), 9 * 60, 19 * 60, &paris);
            assert_eq!(axis.minutes(), 600, "{day}");
            assert_eq!(axis.marks.len(), 11, "{day}");
            assert_eq!(axis.marks[0].label, 9 * 60, "{day}");
            assert_eq!(axis.marks[10].label, 19 * 60, "{day}");
        }
    }

    #[test]
    fn things_outside_the_axis_are_clipped_or_left_out() {
        let axis = Axis::new(date("2026-12-02"), 9 * 60, 18 * 60, &paris);
        let at = |text: &str| parse_stamp(text).unwrap().secs;
        assert_eq!(
            axis.place(
                at("2026-12-02T08:00:00+01:00"),
                at("2026-12-02T10:00:00+01:00")
            ),
            Some((0, 60))
        );
        assert_eq!(
            axis.place(
                at("2026-12-02T17:30:00+01:00"),
                at("2026-12-03T09:00:00+01:00")
            ),
            Some((510, 30))
        );
        assert_eq!(
            axis.place(
                at("2026-12-02T18:00:00+01:00"),
                at("2026-12-02T19:00:00+01:00")
            ),
            None
        );
        assert_eq!(
            axis.place(
                at("2026-12-01T10:00:00+01:00"),
                at("2026-12-01T11:00:00+01:00")
            ),
            None
        );
    }

    #[test]
    fn the_last_day_of_a_month_and_year_ends_at_the_next_months_midnight() {
        for (day, next) in [
            ("2026-12-31", "2027-01-01T00:00:00+01:00"),
            ("2028-02-29", "2028-03-01T00:00:00+01:00"),
            ("2026-04-30", "2026-05-01T00:00:00+02:00"),
        ] {
            let axis = Axis::new(date(day), 0, 1440, &paris);
            assert_eq!(axis.end, parse_stamp(next).unwrap().secs, "{day}");
            assert_eq!(axis.minutes(), 24 * 60, "{day}");
        }
    }

    #[test]
    fn the_visible_range_takes_in_everything_on_the_day_in_whole_hours() {
        assert_eq!(visible_range(None, &[]), (480, 1200));
        assert_eq!(visible_range(Some((570, 1110)), &[]), (540, 1140));
        assert_eq!(
            visible_range(Some((540, 1080)), &[(450, 500), (1170, 1440)]),
            (420, 1440)
        );
    }

    #[test]
    fn hh_mm_reads_and_writes() {
        assert_eq!(parse_hhmm("09:30"), Some(570));
        assert_eq!(parse_hhmm("24:00"), Some(1440));
        assert_eq!(parse_hhmm("24:30"), None);
        assert_eq!(parse_hhmm("9:30"), None);
        assert_eq!(hhmm(570), "09:30");
    }
}
