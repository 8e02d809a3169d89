//! The salon's time zone and the owner's way of writing dates and times, through the browser's
//! `Intl`: its time-zone database answers [`offset_at`], which `timeline` needs, so the console ships
//! no copy of its own. Formatters are made once per zone and kind, then reused.

use std::cell::RefCell;

use js_sys::Intl::DateTimeFormat;
use js_sys::{Array, Function, Object, Reflect};
use shared::date::CalendarDate;
use wasm_bindgen::JsValue;

/// What a formatter is for.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// Every field, numeric, to compute offsets.
    Parts,
    /// `10:30` or `10:30 AM`.
    Time,
    /// `Tuesday 1 December 2026`.
    LongDate,
    /// `Tue 1 Dec`.
    ShortDate,
    /// `1 Dec 2026, 10:30`.
    DateTime,
}

/// A made formatter: what for, its zone, its `format`, and itself when its parts are read.
type Made = (Kind, String, Function, Option<DateTimeFormat>);

thread_local! {
    static MADE: RefCell<Vec<Made>> = const { RefCell::new(Vec::new()) };
}

fn options(pairs: &[(&str, &str)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    o
}

/// The language dates are written in: the browser's when it is English (so an American owner sees
/// `3:00 PM`), else British English, whose 24-hour clock and day-month order read naturally across
/// Europe. The interface's words are English (`texts.rs`), so its dates are too.
pub fn owner_locale() -> String {
    let browser = web_sys::window()
        .and_then(|w| w.navigator().language())
        .unwrap_or_default();
    if browser.starts_with("en") {
        browser
    } else {
        "en-GB".to_owned()
    }
}

/// A formatter's `format` function (and the formatter itself, for `formatToParts`).
fn formatter(kind: Kind, zone: &str) -> (Function, Option<DateTimeFormat>) {
    MADE.with(|made| {
        if let Some((_, _, f, o)) = made
            .borrow()
            .iter()
            .find(|(k, z, _, _)| *k == kind && z == zone)
        {
            return (f.clone(), o.clone());
        }
        let locale = match kind {
            Kind::Parts => "en-US".to_owned(),
            _ => owner_locale(),
        };
        let fields: &[(&str, &str)] = match kind {
            Kind::Parts => &[
                ("hourCycle", "h23"),
                ("year", "numeric"),
                ("month", "numeric"),
                ("day", "numeric"),
                ("hour", "numeric"),
                ("minute", "numeric"),
                ("second", "numeric"),
            ],
            Kind::Time => &[("hour", "2-digit"), ("minute", "2-digit")],
            Kind::LongDate => &[
                ("weekday", "long"),
                ("day", "numeric"),
                ("month", "long"),
                ("year", "numeric"),
            ],
            Kind::ShortDate => &[("weekday", "short"), ("day", "numeric"), ("month", "short")],
            Kind::DateTime => &[
                ("weekday", "short"),
                ("day", "numeric"),
                ("month", "short"),
                ("year", "numeric"),
                ("hour", "2-digit"),
                ("minute", "2-digit"),
            ],
        };
        let o = options(fields);
        let _ = Reflect::set(&o, &JsValue::from_str("timeZone"), &JsValue::from_str(zone));
        let locales = Array::of1(&JsValue::from_str(&locale));
        let mut intl = DateTimeFormat::new(&locales, &o);
        // Two digits suit a 24-hour clock (09:15); a 12-hour one writes 9:15 AM.
        let cycle = Reflect::get(&intl.resolved_options(), &JsValue::from_str("hourCycle"))
            .ok()
            .and_then(|c| c.as_string());
        if matches!(cycle.as_deref(), Some("h11" | "h12")) && kind != Kind::Parts {
            let _ = Reflect::set(
                &o,
                &JsValue::from_str("hour"),
                &JsValue::from_str("numeric"),
            );
            intl = DateTimeFormat::new(&locales, &o);
        }
        let f = intl.format();
        let keep = (kind == Kind::Parts).then_some(intl);
        made.borrow_mut()
            .push((kind, zone.to_owned(), f.clone(), keep.clone()));
        (f, keep)
    })
}

fn date_value(secs: i64) -> js_sys::Date {
    js_sys::Date::new(&JsValue::from_f64(secs as f64 * 1000.0))
}

/// Seconds east of UTC in `zone` at `secs`. Zero when the browser does not know the zone.
pub fn offset_at(zone: &str, secs: i64) -> i32 {
    let (_, intl) = formatter(Kind::Parts, zone);
    let Some(intl) = intl else { return 0 };
    let parts = intl.format_to_parts(&date_value(secs));
    let mut fields = [0i64; 6];
    for part in parts.iter() {
        let read = |key: &str| {
            Reflect::get(&part, &JsValue::from_str(key))
                .ok()
                .and_then(|v| v.as_string())
        };
        let (Some(kind), Some(value)) = (read("type"), read("value")) else {
            continue;
        };
        let index = match kind.as_str() {
            "year" => 0,
            "month" => 1,
            "day" => 2,
            "hour" => 3,
            "minute" => 4,
            "second" => 5,
            _ => continue,
        };
        fields[index] = value.parse().unwrap_or(0);
    }
    let Ok(date) = CalendarDate::from_ymd(fields[0] as i32, fields[1] as u8, fields[2] as u8)
    else {
        return 0;
    };
    let local = i64::from(date.days_since_epoch()) * 86_400
        + (fields[3] % 24) * 3600
        + fields[4] * 60
        + fields[5];
    (local - secs) as i32
}

/// The salon's zone as a closure for `timeline`.
pub fn offsets(zone: &str) -> impl Fn(i64) -> i32 + '_ {
    move |secs| offset_at(zone, secs)
}

fn call(kind: Kind, zone: &str, value: &JsValue) -> String {
    formatter(kind, zone)
        .0
        .call1(&JsValue::NULL, value)
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// `10:30` (or `10:30 AM`) at `secs` in `zone`.
pub fn time(zone: &str, secs: i64) -> String {
    call(Kind::Time, zone, &date_value(secs))
}

/// `Tue 1 Dec 2026, 10:30` at `secs` in `zone`.
pub fn date_time(zone: &str, secs: i64) -> String {
    call(Kind::DateTime, zone, &date_value(secs))
}

/// A local date at noon UTC, which formats as itself in UTC whatever the zone.
fn noon(date: CalendarDate) -> js_sys::Date {
    date_value(i64::from(date.days_since_epoch()) * 86_400 + 43_200)
}

/// `Tuesday 1 December 2026`.
pub fn long_date(date: CalendarDate) -> String {
    call(Kind::LongDate, "UTC", &noon(date))
}

/// `Tue 1 Dec`.
pub fn short_date(date: CalendarDate) -> String {
    call(Kind::ShortDate, "UTC", &noon(date))
}

/// A wall-clock time of day (minutes after midnight) as the owner writes times.
pub fn clock(minutes: u16) -> String {
    call(
        Kind::Time,
        "UTC",
        &date_value(i64::from(minutes.min(1439)) * 60),
    )
}

/// The current instant, whole seconds.
pub fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// The salon's today.
pub fn today(zone: &str) -> CalendarDate {
    let now = now();
    crate::timeline::wall_clock(now, offset_at(zone, now))
        .map(|(d, _)| d)
        .unwrap_or_else(|| CalendarDate::from_days_since_epoch(0).expect("the epoch is supported"))
}
