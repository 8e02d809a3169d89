//! Prices and dates in the salon's language, through the browser's `Intl`.

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::JsValue;

fn options(pairs: &[(&str, &str)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    o
}

fn locales(locale: &str) -> Array {
    Array::of1(&JsValue::from_str(locale))
}

/// `35,00 €` or `€35.00`, as the locale writes it.
pub fn price(cents: u32, currency: &str, locale: &str) -> String {
    let format = js_sys::Intl::NumberFormat::new(
        &locales(locale),
        &options(&[("style", "currency"), ("currency", currency)]),
    );
    let f: Function = format.format();
    f.call1(&JsValue::NULL, &JsValue::from_f64(f64::from(cents) / 100.0))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| format!("{}.{:02} {currency}", cents / 100, cents % 100))
}

/// `Tuesday 1 December` for a local date `YYYY-MM-DD` (formatted at noon UTC, so no zone can shift it).
pub fn long_date(date: &str, locale: &str) -> String {
    let d = js_sys::Date::new(&JsValue::from_str(&format!("{date}T12:00:00Z")));
    let format = js_sys::Intl::DateTimeFormat::new(
        &locales(locale),
        &options(&[
            ("weekday", "long"),
            ("day", "numeric"),
            ("month", "long"),
            ("timeZone", "UTC"),
        ]),
    );
    let f: Function = format.format();
    f.call1(&JsValue::NULL, &d)
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| date.to_owned())
}

/// `45 min` or `1 h 30`.
pub fn duration(minutes: u16) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m:02}"),
    }
}

/// `("Tue", "1")` for a local date `YYYY-MM-DD`, for a compact day strip.
pub fn short_date(date: &str, locale: &str) -> (String, String) {
    let d = js_sys::Date::new(&JsValue::from_str(&format!("{date}T12:00:00Z")));
    let format = js_sys::Intl::DateTimeFormat::new(
        &locales(locale),
        &options(&[("weekday", "short"), ("timeZone", "UTC")]),
    );
    let f: Function = format.format();
    let weekday = f
        .call1(&JsValue::NULL, &d)
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    (weekday, d.get_utc_date().to_string())
}
