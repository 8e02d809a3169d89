//! A booking as an iCalendar file (RFC 5545), in the salon's time zone.
//!
//! The event is written with `TZID` and a `VTIMEZONE` built from the time-zone database: one onset per
//! offset change in the two years around the appointment, so calendar apps show it at the salon's local
//! time even across a DST change. The UID is the booking id, so re-importing updates the same event.

use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

/// What the calendar entry says.
#[derive(Debug, Clone)]
pub struct Event<'a> {
    pub booking_id: &'a str,
    pub code: &'a str,
    pub cancelled: bool,
    /// How many times the booking moved; with a cancellation, the calendar's `SEQUENCE`.
    pub sequence: u32,
    pub start: Timestamp,
    pub end: Timestamp,
    /// When the file is made; `DTSTAMP`.
    pub stamp: Timestamp,
    pub salon_name: &'a str,
    pub service_name: &'a str,
    pub staff_name: &'a str,
    pub manage_url: &'a str,
    pub tz: &'a TimeZone,
    pub tz_name: &'a str,
}

/// Escapes TEXT values (RFC 5545 §3.3.11).
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets without splitting a character (RFC 5545 §3.1).
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

fn utc(ts: Timestamp) -> String {
    ts.strftime("%Y%m%dT%H%M%SZ").to_string()
}

fn local(ts: Timestamp, tz: &TimeZone) -> String {
    ts.to_zoned(tz.clone())
        .strftime("%Y%m%dT%H%M%S")
        .to_string()
}

fn offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    if s.is_multiple_of(60) {
        format!("{sign}{:02}{:02}", s / 3600, s / 60 % 60)
    } else {
        format!("{sign}{:02}{:02}{:02}", s / 3600, s / 60 % 60, s % 60)
    }
}

/// The `VTIMEZONE` lines for `tz` around `at`.
fn vtimezone(tz: &TimeZone, tz_name: &str, at: Timestamp) -> Vec<String> {
    let from = at.checked_sub(8784.hours()).unwrap_or(at);
    let to = at.checked_add(8784.hours()).unwrap_or(at);
    let mut lines = vec!["BEGIN:VTIMEZONE".to_owned(), format!("TZID:{tz_name}")];
    // The offset in force at the start of the window, then every change within it.
    let mut before = tz.to_offset(from).seconds();
    let mut onsets = Vec::new();
    for t in tz.following(from) {
        if t.timestamp() > to {
            break;
        }
        onsets.push((
            t.timestamp(),
            t.offset().seconds(),
            t.dst().is_dst(),
            t.abbreviation().to_owned(),
        ));
    }
    if onsets.is_empty() {
        let info = tz.to_offset_info(at);
        lines.extend([
            "BEGIN:STANDARD".to_owned(),
            "DTSTART:19700101T000000".to_owned(),
            format!("TZOFFSETFROM:{}", offset(before)),
            format!("TZOFFSETTO:{}", offset(before)),
            format!("TZNAME:{}", text(info.abbreviation())),
            "END:STANDARD".to_owned(),
        ]);
    }
    for (onset, after, dst, name) in onsets {
        let kind = if dst { "DAYLIGHT" } else { "STANDARD" };
        // DTSTART is the local time of the onset in the offset that was in force just before it.
        let wall = jiff::tz::Offset::from_seconds(before)
            .map(|o| {
                onset
                    .to_zoned(TimeZone::fixed(o))
                    .strftime("%Y%m%dT%H%M%S")
                    .to_string()
            })
            .unwrap_or_else(|_| utc(onset));
        lines.extend([
            format!("BEGIN:{kind}"),
            format!("DTSTART:{wall}"),
            format!("TZOFFSETFROM:{}", offset(before)),
            format!("TZOFFSETTO:{}", offset(after)),
            format!("TZNAME:{}", text(&name)),
            format!("END:{kind}"),
        ]);
        before = after;
    }
    lines.push("END:VTIMEZONE".to_owned());
    lines
}

/// The whole `.ics` file.
pub fn calendar(e: &Event<'_>) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Chairtime//Booking//EN".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        format!("METHOD:{}", if e.cancelled { "CANCEL" } else { "PUBLISH" }),
    ];
    lines.extend(vtimezone(e.tz, e.tz_name, e.start));
    lines.extend([
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}@chairtime", e.booking_id),
        format!("DTSTAMP:{}", utc(e.stamp)),
        format!("DTSTART;TZID={}:{}", e.tz_name, local(e.start, e.tz)),
        format!("DTEND;TZID={}:{}", e.tz_name, local(e.end, e.tz)),
        format!(
            "SUMMARY:{}",
            text(&format!("{} at {}", e.service_name, e.salon_name))
        ),
        format!(
            "DESCRIPTION:{}",
            text(&format!(
                "{} with {}.\nBooking code: {}\nManage or cancel: {}",
                e.service_name, e.staff_name, e.code, e.manage_url
            ))
        ),
        format!("LOCATION:{}", text(e.salon_name)),
        format!("URL:{}", e.manage_url),
        format!(
            "STATUS:{}",
            if e.cancelled {
                "CANCELLED"
            } else {
                "CONFIRMED"
            }
        ),
        // A cancelled event keeps its identity but a later sequence, so calendars replace it.
        format!("SEQUENCE:{}", e.sequence + u32::from(e.cancelled)),
        "END:VEVENT".to_owned(),
        "END:VCALENDAR".to_owned(),
    ]);
    let mut out = String::new();
    for line in lines {
        fold(&line, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event<'a>(tz: &'a TimeZone, name: &'a str, start: &str) -> Event<'a> {
        let start: Timestamp = start.parse().unwrap();
        Event {
            booking_id: "5a0b3e6e-0c1f-4a57-9a3a-1f1d1b8a0001",
            code: "ABC234",
            cancelled: false,
            sequence: 0,
            start,
            end: start.checked_add(45.minutes()).unwrap(),
            stamp: "2026-11-01T10:00:00Z".parse().unwrap(),
            salon_name: "Maison Fifi, Paris",
            service_name: "Cut; wash",
            staff_name: "Ana",
            manage_url: "https://book.example/v1/bookings/tok",
            tz,
            tz_name: name,
        }
    }

    #[test]
    fn events_are_in_the_salons_zone_with_its_transitions_and_a_stable_uid() {
        let tz = TimeZone::get("Europe/Paris").unwrap();
        let ics = calendar(&event(&tz, "Europe/Paris", "2026-10-26T09:00:00Z"));
        assert!(
            ics.contains("DTSTART;TZID=Europe/Paris:20261026T100000\r\n"),
            "{ics}"
        );
        assert!(ics.contains("DTEND;TZID=Europe/Paris:20261026T104500\r\n"));
        assert!(ics.contains("UID:5a0b3e6e-0c1f-4a57-9a3a-1f1d1b8a0001@chairtime\r\n"));
        // The fall-back the day before: 03:00 summer time becomes 02:00 winter time.
        assert!(ics.contains("BEGIN:STANDARD\r\nDTSTART:20261025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n"), "{ics}");
        assert!(ics.contains("BEGIN:DAYLIGHT\r\nDTSTART:20260329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n"));
        assert!(ics.contains("SUMMARY:Cut\\; wash at Maison Fifi\\, Paris\r\n"));
        assert!(ics.lines().all(|l| l.len() <= 75), "folded");
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
    }

    #[test]
    fn zones_without_transitions_get_one_standard_component() {
        let tz = TimeZone::get("Asia/Kolkata").unwrap();
        let ics = calendar(&event(&tz, "Asia/Kolkata", "2026-06-01T03:30:00Z"));
        assert!(
            ics.contains("TZOFFSETFROM:+0530\r\nTZOFFSETTO:+0530\r\n"),
            "{ics}"
        );
        assert!(ics.contains("DTSTART;TZID=Asia/Kolkata:20260601T090000\r\n"));
    }

    #[test]
    fn long_lines_fold_without_splitting_characters() {
        let mut out = String::new();
        fold(&format!("DESCRIPTION:{}", "é".repeat(60)), &mut out);
        let lines: Vec<&str> = out.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| l.len() <= 75));
        assert!(lines[1].starts_with(' '));
    }
}
