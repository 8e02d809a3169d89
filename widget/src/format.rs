//! Prices and dates in the salon's language, through the browser's `Intl`.

use js_sys::{Array, Function, Object, Reflect};
use shared::date::CalendarDate;
use wasm_bindgen::JsValue;

/// An object with the given string properties.
pub fn options(pairs: &[(&str, &str)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    o
}

fn locales(locale: &str) -> Array {
    Array::of1(&JsValue::from_str(locale))
}

/// What a formatter is for; one formatter per kind and locale is made, then reused.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    LongDate,
    Weekday,
    Price,
}

thread_local! {
    /// Made formatters: building an `Intl` formatter costs far more than using one, and a page of
    /// free times formats dozens of dates.
    static MADE: std::cell::RefCell<Vec<(Kind, String, Function)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The `format` function of the formatter of `kind` for `locale` (and `currency`, for prices).
fn formatter(kind: Kind, locale: &str, currency: &str) -> Function {
    let key = [locale, currency].concat();
    MADE.with(|made| {
        if let Some((_, _, f)) = made
            .borrow()
            .iter()
            .find(|(k, l, _)| *k == kind && *l == key)
        {
            return f.clone();
        }
        let f = match kind {
            Kind::Price => js_sys::Intl::NumberFormat::new(
                &locales(locale),
                &options(&[("style", "currency"), ("currency", currency)]),
            )
            .format(),
            Kind::LongDate => js_sys::Intl::DateTimeFormat::new(
                &locales(locale),
                &options(&[
                    ("weekday", "long"),
                    ("day", "numeric"),
                    ("month", "long"),
                    ("timeZone", "UTC"),
                ]),
            )
            .format(),
            Kind::Weekday => js_sys::Intl::DateTimeFormat::new(
                &locales(locale),
                &options(&[("weekday", "short"), ("timeZone", "UTC")]),
            )
            .format(),
        };
        made.borrow_mut().push((kind, key, f.clone()));
        f
    })
}

/// `35,00 €` or `€35.00`, as the locale writes it.
pub fn price(cents: u32, currency: &str, locale: &str) -> String {
    formatter(Kind::Price, locale, currency)
        .call1(&JsValue::NULL, &JsValue::from_f64(f64::from(cents) / 100.0))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| format!("{}.{:02} {currency}", cents / 100, cents % 100))
}

/// A local date as the browser's `Date` at noon UTC, which `Intl` formats in UTC: no zone can shift it.
fn noon_utc(date: CalendarDate) -> js_sys::Date {
    let ms = (f64::from(date.days_since_epoch()) + 0.5) * 86_400_000.0;
    js_sys::Date::new(&JsValue::from_f64(ms))
}

/// `Tuesday 1 December` for a local date.
pub fn long_date(date: CalendarDate, locale: &str) -> String {
    formatter(Kind::LongDate, locale, "")
        .call1(&JsValue::NULL, &noon_utc(date))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| date.to_string())
}

/// `45 min` or `1 h 30`.
pub fn duration(minutes: u16) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m:02}"),
    }
}

/// `("Tue", "1")` for a local date, for a compact day strip.
pub fn short_date(date: CalendarDate, locale: &str) -> (String, String) {
    let weekday = formatter(Kind::Weekday, locale, "")
        .call1(&JsValue::NULL, &noon_utc(date))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    (weekday, date.ymd().2.to_string())
}
