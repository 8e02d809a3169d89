//! The salon configuration document (SPEC §4) and its validated form.
//!
//! [`SalonConfigWire`] mirrors the JSON an owner uploads and rejects unknown fields. [`SalonConfig::parse`]
//! checks every rule and reports every problem with its JSON path, so an owner can fix them all at once:
//! each [`ConfigProblem`] is a path and a [`ConfigIssue`], which has a stable code and a message in
//! every language of [`Locale`].

use std::collections::{BTreeMap, HashSet};

use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::instant::{parse_instant, InstantError};
use crate::keys::{Key, ANY_STAFF};
use crate::locale::Locale;
use crate::phone::is_known_country;
use crate::slots::Interval;
use crate::text::{Lines, TextRule};

pub use crate::policy::{Policy, WeeklyHours};
pub use contact::{Contact, ContactWire};
pub use issue::ConfigIssue;
pub use notifications::{Notifications, NotificationsWire};

mod contact;
mod issue;
mod notifications;

/// Allowed slot steps, in minutes.
pub const SLOT_STEPS: [u16; 6] = [5, 10, 15, 20, 30, 60];

/// A name (of the salon, a service, a staff member): one line, required, at most 100 characters. Names
/// go into mail subjects and headers, so they follow [`crate::text`]'s one-line rule.
pub const NAME_RULE: TextRule = TextRule {
    lines: Lines::One,
    required: true,
    max: 100,
};
/// A service's category: one line, optional, at most 50 characters.
pub const CATEGORY_RULE: TextRule = TextRule {
    lines: Lines::One,
    required: false,
    max: 50,
};
/// A service's description: several lines, optional, at most 500 characters.
pub const DESCRIPTION_RULE: TextRule = TextRule {
    lines: Lines::Many,
    required: false,
    max: 500,
};

/// A service as written in the configuration document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceWire {
    /// `a-z0-9-`, 1 to 40 characters, unique among the salon's services.
    pub key: String,
    /// What clients read: [`NAME_RULE`].
    pub name: String,
    /// A heading to group services under: [`CATEGORY_RULE`].
    #[serde(default)]
    pub category: String,
    /// Free text for clients: [`DESCRIPTION_RULE`].
    #[serde(default)]
    pub description: String,
    /// How long the service takes, 5 to 480 minutes of elapsed time.
    pub duration_minutes: u32,
    /// Time the chair is kept before the start, 0 to 120 minutes.
    #[serde(default)]
    pub buffer_before_minutes: u32,
    /// Time the chair is kept after the end, 0 to 120 minutes.
    #[serde(default)]
    pub buffer_after_minutes: u32,
    /// The price in the currency's minor unit, 0 to 10,000,000.
    #[serde(default)]
    pub price_cents: u64,
}

/// An absolute period off, as written in the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeOffWire {
    /// The first instant off, as [`parse_instant`] reads it.
    pub start: String,
    /// The first instant back at work, after `start`.
    pub end: String,
}

/// A staff member as written in the document. `hours` maps `mon`..`sun` to `[start, end)` pairs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffWire {
    /// `a-z0-9-`, 1 to 40 characters, unique among the staff, and not `any`.
    pub key: String,
    /// What clients read: [`NAME_RULE`].
    pub name: String,
    /// Keys of the services this person performs.
    #[serde(default)]
    pub services: Vec<String>,
    /// Per weekday (`mon`..`sun`), sorted and disjoint `["HH:MM", "HH:MM"]` intervals of local time.
    #[serde(default)]
    pub hours: BTreeMap<String, Vec<[String; 2]>>,
    /// Absolute periods off (holidays, training), whatever the weekly hours say.
    #[serde(default, deserialize_with = "objects")]
    pub time_off: Vec<TimeOffWire>,
}

/// The whole configuration document of a salon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SalonConfigWire {
    /// The salon's name, as mail subjects and the widget show it: [`NAME_RULE`].
    pub name: String,
    /// An IANA time zone such as `Europe/Paris`; every local time of the document is in it.
    pub timezone: String,
    /// An ISO 4217 code such as `EUR`, for prices.
    pub currency: String,
    /// An ISO 3166 alpha-2 code such as `FR`, for reading national phone numbers.
    pub country: String,
    /// A language tag such as `fr` or `fr-FR`; `en` when absent.
    #[serde(default = "default_locale")]
    pub locale: String,
    /// The booking policy; SPEC §2's defaults when absent.
    #[serde(default, deserialize_with = "object")]
    pub policy: Policy,
    /// Origins (`https://salon.example`) whose pages may make bookings, beside Chairtime's own.
    #[serde(default)]
    pub allowed_origins: Vec<String>,
    /// The services offered.
    #[serde(default, deserialize_with = "objects")]
    pub services: Vec<ServiceWire>,
    /// The people who perform them.
    #[serde(default, deserialize_with = "objects")]
    pub staff: Vec<StaffWire>,
    /// Who hears about bookings, and when clients are reminded.
    #[serde(default, deserialize_with = "object")]
    pub notifications: NotificationsWire,
    /// How clients reach the salon.
    #[serde(default, deserialize_with = "object")]
    pub contact: ContactWire,
}

/// Reads a section that must be a JSON object. Serde's derived structs also accept an array of their
/// fields in order, which would let `"policy": [5]` through with a problem path (`policy.…`) that
/// points nowhere in the owner's document.
fn object<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let value = serde_json::Value::deserialize(deserializer)?;
    if !value.is_object() {
        return Err(serde::de::Error::invalid_type(
            serde::de::Unexpected::Other("a value that is not an object"),
            &"an object",
        ));
    }
    T::deserialize(value).map_err(serde::de::Error::custom)
}

/// Reads a list whose every item must be a JSON object (see [`object`]).
fn objects<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let items = Vec::<serde_json::Value>::deserialize(deserializer)?;
    items
        .into_iter()
        .map(|item| {
            if item.is_object() {
                T::deserialize(item).map_err(serde::de::Error::custom)
            } else {
                Err(serde::de::Error::invalid_type(
                    serde::de::Unexpected::Other("a value that is not an object"),
                    &"an object",
                ))
            }
        })
        .collect()
}

fn default_locale() -> String {
    "en".to_owned()
}

/// One problem in a configuration document: where, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    /// JSON path of the offending value, such as `staff[0].hours.mon[1]`; empty for the whole
    /// document.
    pub path: String,
    /// What is wrong there.
    pub problem: ConfigIssue,
}

impl ConfigProblem {
    /// The problem of a body that is not a configuration document, from the JSON reader's error.
    pub fn invalid_document(error: &serde_json::Error) -> Self {
        Self {
            path: String::new(),
            problem: ConfigIssue::InvalidDocument(error.to_string()),
        }
    }

    /// The stable machine code of the problem.
    pub fn code(&self) -> &'static str {
        self.problem.code()
    }

    /// What is wrong, for the owner, in `locale`.
    pub fn message(&self, locale: Locale) -> String {
        self.problem.message(locale)
    }
}

/// A service of a validated configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    /// Unique among the salon's services.
    pub key: Key,
    /// Trimmed, one line, 1 to 100 characters.
    pub name: String,
    /// Trimmed, one line, at most 50 characters; empty when none.
    pub category: String,
    /// Trimmed, at most 500 characters; may hold line feeds and tabs.
    pub description: String,
    /// 5 to 480 minutes of elapsed time.
    pub duration_minutes: u16,
    /// 0 to 120 minutes kept before the start.
    pub buffer_before_minutes: u16,
    /// 0 to 120 minutes kept after the end.
    pub buffer_after_minutes: u16,
    /// In the currency's minor unit.
    pub price_cents: u32,
}

impl Service {
    /// The slot engine's view of this service.
    pub fn timing(&self) -> crate::slots::ServiceTiming {
        crate::slots::ServiceTiming {
            duration_minutes: self.duration_minutes,
            buffer_before_minutes: self.buffer_before_minutes,
            buffer_after_minutes: self.buffer_after_minutes,
        }
    }
}

/// A staff member of a validated configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staff {
    /// Unique among the staff, never `any`.
    pub key: Key,
    /// Trimmed, one line, 1 to 100 characters.
    pub name: String,
    /// The services this person performs, each once, all of them the salon's.
    pub services: Vec<Key>,
    /// Weekly working hours.
    pub hours: WeeklyHours,
    /// Periods off, sorted, each non-empty and within the supported years.
    pub time_off: Vec<Interval>,
}

impl Staff {
    /// Whether this staff member performs `service`.
    pub fn performs(&self, service: &Key) -> bool {
        self.services.contains(service)
    }
}

/// A configuration that satisfies every rule of SPEC §2 and §4.
#[derive(Debug, Clone)]
pub struct SalonConfig {
    /// Trimmed, one line, 1 to 100 characters.
    pub name: String,
    /// The IANA name of the salon's time zone, as the document wrote it.
    pub timezone_name: String,
    /// The salon's time zone.
    pub timezone: TimeZone,
    /// An ISO 4217 code.
    pub currency: String,
    /// An ISO 3166 alpha-2 code whose numbering plan Chairtime knows.
    pub country: String,
    /// A language tag such as `fr` or `fr-FR`.
    pub locale: String,
    /// The booking policy, every value in its range.
    pub policy: Policy,
    /// Origins whose pages may make bookings.
    pub allowed_origins: Vec<String>,
    /// The services offered.
    pub services: Vec<Service>,
    /// The people who perform them.
    pub staff: Vec<Staff>,
    /// Who hears about bookings, and when clients are reminded.
    pub notifications: Notifications,
    /// How clients reach the salon.
    pub contact: Contact,
}

impl SalonConfig {
    /// The service with this key.
    pub fn service(&self, key: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.key.as_ref() == key)
    }

    /// The staff member with this key.
    pub fn staff_member(&self, key: &str) -> Option<&Staff> {
        self.staff.iter().find(|s| s.key.as_ref() == key)
    }
}

/// The keys of a staff member's `hours`, Monday first.
pub const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// The problems found so far, in the order of the document.
struct Collector(Vec<ConfigProblem>);

impl Collector {
    fn add(&mut self, path: impl Into<String>, problem: ConfigIssue) {
        self.0.push(ConfigProblem {
            path: path.into(),
            problem,
        });
    }

    /// Checks a text by `rule` and returns it trimmed (also when it is refused, so parsing goes on).
    fn text(&mut self, path: &str, value: &str, rule: TextRule) -> String {
        match rule.parse(value) {
            Ok(text) => text.to_owned(),
            Err(error) => {
                let lines = rule.lines;
                self.add(path, ConfigIssue::Text { error, lines });
                value.trim().to_owned()
            }
        }
    }

    fn key(&mut self, path: &str, value: &str) -> Option<Key> {
        Key::parse(value)
            .map_err(|_| self.add(path, ConfigIssue::InvalidKey))
            .ok()
    }

    /// Checks that `value` is in `min..=max` and returns it clamped there.
    fn range(&mut self, path: &str, value: u64, min: u64, max: u64) -> u64 {
        if value < min || value > max {
            self.add(path, ConfigIssue::OutOfRange { min, max });
        }
        value.clamp(min, max)
    }
}

/// Reads `HH:MM` (00:00 to 24:00) as minutes after midnight.
pub fn parse_hhmm(value: &str) -> Option<u16> {
    let b = value.as_bytes();
    if b.len() != 5
        || b[2] != b':'
        || !b
            .iter()
            .enumerate()
            .all(|(i, c)| i == 2 || c.is_ascii_digit())
    {
        return None;
    }
    let hours = u16::from(b[0] - b'0') * 10 + u16::from(b[1] - b'0');
    let minutes = u16::from(b[3] - b'0') * 10 + u16::from(b[4] - b'0');
    if minutes >= 60 || hours > 24 || (hours == 24 && minutes != 0) {
        return None;
    }
    Some(hours * 60 + minutes)
}

impl SalonConfig {
    /// Validates a whole document, reporting every problem with its JSON path.
    ///
    /// Each section is checked by a function of its own that returns its part and records its
    /// problems, in the order of the document, so one document yields every problem at once.
    pub fn parse(wire: &SalonConfigWire) -> Result<Self, Vec<ConfigProblem>> {
        let mut c = Collector(Vec::new());
        let (name, timezone) = identity(&mut c, wire);
        policy(&mut c, &wire.policy);
        origins(&mut c, &wire.allowed_origins);
        let (services, service_keys) = services(&mut c, &wire.services);
        let staff = staff(&mut c, &wire.staff, &service_keys);
        let notifications = notifications::notifications(&mut c, &wire.notifications);
        let contact = contact::contact(&mut c, &wire.contact, &wire.country);
        match timezone {
            Some(timezone) if c.0.is_empty() => Ok(SalonConfig {
                name,
                timezone_name: wire.timezone.clone(),
                timezone,
                currency: wire.currency.clone(),
                country: wire.country.clone(),
                locale: wire.locale.clone(),
                policy: wire.policy,
                allowed_origins: wire.allowed_origins.clone(),
                services,
                staff,
                notifications,
                contact,
            }),
            _ => Err(c.0),
        }
    }
}

/// The salon's name (trimmed) and time zone (`None` when unknown); checks currency, country and locale.
fn identity(c: &mut Collector, wire: &SalonConfigWire) -> (String, Option<TimeZone>) {
    let name = c.text("name", &wire.name, NAME_RULE);
    let timezone = TimeZone::get(&wire.timezone).ok();
    if timezone.is_none() {
        c.add("timezone", ConfigIssue::InvalidTimezone);
    }
    if !is_currency_code(&wire.currency) {
        c.add("currency", ConfigIssue::InvalidCurrency);
    }
    if !is_known_country(&wire.country) {
        c.add("country", ConfigIssue::InvalidCountry);
    }
    if !is_language_tag(&wire.locale) {
        c.add("locale", ConfigIssue::InvalidLocale);
    }
    (name, timezone)
}

/// Three capital letters, as ISO 4217 writes a currency.
fn is_currency_code(value: &str) -> bool {
    value.len() == 3 && value.bytes().all(|b| b.is_ascii_uppercase())
}

/// `fr` or `fr-FR`: a language, and optionally a region.
fn is_language_tag(value: &str) -> bool {
    let b = value.as_bytes();
    (b.len() == 2 && b.iter().all(u8::is_ascii_lowercase))
        || (b.len() == 5
            && b[..2].iter().all(u8::is_ascii_lowercase)
            && b[2] == b'-'
            && b[3..].iter().all(u8::is_ascii_uppercase))
}

/// Checks that every value of the policy is in its range.
fn policy(c: &mut Collector, p: &Policy) {
    if !SLOT_STEPS.contains(&p.slot_step_minutes) {
        c.add("policy.slot_step_minutes", ConfigIssue::SlotStep);
    }
    c.range(
        "policy.min_notice_minutes",
        p.min_notice_minutes.into(),
        0,
        10080,
    );
    c.range(
        "policy.max_advance_days",
        p.max_advance_days.into(),
        1,
        crate::policy::MAX_ADVANCE_DAYS.into(),
    );
    c.range(
        "policy.cancel_cutoff_minutes",
        p.cancel_cutoff_minutes.into(),
        0,
        10080,
    );
}

/// Checks that every allowed origin is a scheme and a host, without a path.
fn origins(c: &mut Collector, origins: &[String]) {
    for (i, origin) in origins.iter().enumerate() {
        if !is_origin(origin) {
            c.add(format!("allowed_origins[{i}]"), ConfigIssue::InvalidOrigin);
        }
    }
}

/// `https://host[:port]` or `http://…`, with nothing after the host.
fn is_origin(value: &str) -> bool {
    (value.starts_with("https://") || value.starts_with("http://"))
        && !value.ends_with('/')
        && value
            .split("://")
            .nth(1)
            .is_some_and(|h| !h.is_empty() && !h.contains('/'))
}

/// The key given to a service or staff member whose own key is invalid, so parsing can go on; a
/// document with such a key is refused anyway.
fn placeholder_key() -> Key {
    Key::parse("invalid").expect("literal key")
}

/// The services, and the valid keys among them (each once): the ones staff may perform.
fn services(c: &mut Collector, wires: &[ServiceWire]) -> (Vec<Service>, HashSet<Key>) {
    let mut keys = HashSet::new();
    let mut services = Vec::new();
    for (i, wire) in wires.iter().enumerate() {
        let at = format!("services[{i}]");
        let path = format!("{at}.key");
        let key = c.key(&path, &wire.key);
        if let Some(key) = &key {
            if !keys.insert(key.clone()) {
                c.add(path, ConfigIssue::DuplicateServiceKey);
            }
        }
        services.push(service(c, &at, wire, key.unwrap_or_else(placeholder_key)));
    }
    (services, keys)
}

/// The service at `at`, whose key was already checked.
fn service(c: &mut Collector, at: &str, s: &ServiceWire, key: Key) -> Service {
    let path = |field: &str| format!("{at}.{field}");
    let name = c.text(&path("name"), &s.name, NAME_RULE);
    let category = c.text(&path("category"), &s.category, CATEGORY_RULE);
    let description = c.text(&path("description"), &s.description, DESCRIPTION_RULE);
    // Each value is clamped to its range, so it fits the narrower type.
    let mut minutes =
        |field: &str, value: u32, min, max| c.range(&path(field), value.into(), min, max) as u16;
    let duration_minutes = minutes("duration_minutes", s.duration_minutes, 5, 480);
    let buffer_before_minutes = minutes("buffer_before_minutes", s.buffer_before_minutes, 0, 120);
    let buffer_after_minutes = minutes("buffer_after_minutes", s.buffer_after_minutes, 0, 120);
    let price_cents = c.range(&path("price_cents"), s.price_cents, 0, 10_000_000) as u32;
    Service {
        key,
        name,
        category,
        description,
        duration_minutes,
        buffer_before_minutes,
        buffer_after_minutes,
        price_cents,
    }
}

/// The staff, each performing only services of `service_keys`.
fn staff(c: &mut Collector, wires: &[StaffWire], service_keys: &HashSet<Key>) -> Vec<Staff> {
    let mut keys = HashSet::new();
    let mut staff = Vec::new();
    for (i, wire) in wires.iter().enumerate() {
        let at = format!("staff[{i}]");
        let key = staff_key(c, &at, &wire.key, &mut keys);
        staff.push(Staff {
            key: key.unwrap_or_else(placeholder_key),
            name: c.text(&format!("{at}.name"), &wire.name, NAME_RULE),
            services: performs(c, &at, &wire.services, service_keys),
            hours: weekly_hours(c, &at, &wire.hours),
            time_off: time_off(c, &at, &wire.time_off),
        });
    }
    staff
}

/// The key of the staff member at `at`, if valid, not `any` and not taken (then it joins `taken`).
fn staff_key(c: &mut Collector, at: &str, value: &str, taken: &mut HashSet<Key>) -> Option<Key> {
    let path = format!("{at}.key");
    let key = c.key(&path, value)?;
    if key.as_ref() == ANY_STAFF {
        c.add(path, ConfigIssue::ReservedKey);
    } else if !taken.insert(key.clone()) {
        c.add(path, ConfigIssue::DuplicateStaffKey);
    }
    Some(key)
}

/// The services the staff member at `at` performs: keys of `service_keys`, each once.
fn performs(
    c: &mut Collector,
    at: &str,
    wires: &[String],
    service_keys: &HashSet<Key>,
) -> Vec<Key> {
    let mut performs = Vec::new();
    for (j, service) in wires.iter().enumerate() {
        let path = format!("{at}.services[{j}]");
        match Key::parse(service) {
            Ok(k) if service_keys.contains(&k) => {
                if performs.contains(&k) {
                    c.add(path, ConfigIssue::ServiceListedTwice);
                } else {
                    performs.push(k);
                }
            }
            _ => c.add(
                path,
                ConfigIssue::UnknownService {
                    key: service.clone(),
                },
            ),
        }
    }
    performs
}

/// The weekly hours of the staff member at `at`, by weekday name.
fn weekly_hours(
    c: &mut Collector,
    at: &str,
    wire: &BTreeMap<String, Vec<[String; 2]>>,
) -> WeeklyHours {
    let mut hours = WeeklyHours::default();
    for (day, intervals) in wire {
        let path = format!("{at}.hours.{day}");
        match DAYS.iter().position(|d| d == day) {
            Some(index) => hours.0[index] = day_hours(c, &path, intervals),
            None => c.add(path, ConfigIssue::InvalidWeekday),
        }
    }
    hours
}

/// One day's `[start, end)` intervals in minutes: each well-formed, non-empty, after the previous one.
fn day_hours(c: &mut Collector, at: &str, wire: &[[String; 2]]) -> Vec<(u16, u16)> {
    let mut day = Vec::new();
    let mut previous_end = None;
    for (j, [start, end]) in wire.iter().enumerate() {
        let path = format!("{at}[{j}]");
        let (Some(s), Some(e)) = (parse_hhmm(start), parse_hhmm(end)) else {
            c.add(path, ConfigIssue::InvalidTime);
            continue;
        };
        if s >= e {
            c.add(path, ConfigIssue::EmptyInterval);
            continue;
        }
        if previous_end.is_some_and(|p| s < p) {
            c.add(path, ConfigIssue::UnsortedOrOverlapping);
            continue;
        }
        previous_end = Some(e);
        day.push((s, e));
    }
    day
}

/// The periods off of the staff member at `at`, sorted.
fn time_off(c: &mut Collector, at: &str, wire: &[TimeOffWire]) -> Vec<Interval> {
    let mut periods: Vec<Interval> = wire
        .iter()
        .enumerate()
        .filter_map(|(j, off)| period_off(c, &format!("{at}.time_off[{j}]"), off))
        .collect();
    periods.sort_unstable();
    periods
}

/// One period off, if its start and end are valid instants in order.
fn period_off(c: &mut Collector, path: &str, off: &TimeOffWire) -> Option<Interval> {
    // The same rules as a client's start (`parse_instant`): whatever the engine and the database
    // are given stays within the years every later computation can handle. A malformed text is
    // reported before a range, since fixing it comes first.
    let (start, end) = (parse_instant(&off.start), parse_instant(&off.end));
    let errors = [start.err(), end.err()];
    match (start, end) {
        (Ok(start), Ok(end)) if start < end => return Some(Interval::new(start, end)),
        (Ok(_), Ok(_)) => c.add(path, ConfigIssue::EmptyInterval),
        _ if errors.contains(&Some(InstantError::Invalid)) => {
            c.add(path, ConfigIssue::InvalidDateTime)
        }
        _ => c.add(path, ConfigIssue::YearsOutOfRange),
    }
    None
}

/// Parses a configuration document from JSON text, turning serde's complaint into a problem list.
pub fn parse_document(json: &str) -> Result<SalonConfig, Vec<ConfigProblem>> {
    let wire: SalonConfigWire =
        serde_json::from_str(json).map_err(|e| vec![ConfigProblem::invalid_document(&e)])?;
    SalonConfig::parse(&wire)
}

/// Used by tests and the demo seed: a timestamp that is known to be valid.
///
/// # Panics
///
/// When `parse_instant` refuses `value`, which, for a literal, is a bug in the caller.
pub fn instant(value: &str) -> Timestamp {
    parse_instant(value).expect("a valid RFC 3339 literal")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::TextError;
    use jiff::civil::Weekday;

    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const SPEC_EXAMPLE: &str = r#"{
      "name": "Fifi Hair Salon", "timezone": "Europe/Paris", "currency": "EUR", "country": "FR", "locale": "fr",
      "policy": {"slot_step_minutes": 15, "min_notice_minutes": 60, "max_advance_days": 60, "cancel_cutoff_minutes": 1440},
      "allowed_origins": ["https://fifi.example"],
      "services": [{"key": "cut", "name": "Haircut", "category": "Hair", "description": "", "duration_minutes": 45,
                    "buffer_before_minutes": 0, "buffer_after_minutes": 10, "price_cents": 3500}],
      "staff": [{"key": "ana", "name": "Ana", "services": ["cut"],
                 "hours": {"mon": [["09:00", "12:30"], ["13:30", "18:00"]], "tue": [["09:00", "18:00"]]},
                 "time_off": [{"start": "2026-12-24T00:00:00+01:00", "end": "2026-12-27T00:00:00+01:00"}]}]
    }"#;

    #[test]
    fn the_spec_example_document_is_valid() {
        let config = parse_document(SPEC_EXAMPLE).unwrap();
        assert_eq!(
            config.staff[0].hours.on(Weekday::Monday),
            &[(540, 750), (810, 1080)]
        );
        assert_eq!(config.staff[0].time_off.len(), 1);
        assert_eq!(config.service("cut").unwrap().duration_minutes, 45);
    }

    #[test]
    fn a_section_written_as_an_array_is_not_a_document() {
        // Serde would read both as the fields in order.
        for (from, to) in [
            (
                r#""policy": {"slot_step_minutes": 15, "min_notice_minutes": 60, "max_advance_days": 60, "cancel_cutoff_minutes": 1440}"#,
                r#""policy": [15, 60, 60, 1440]"#,
            ),
            (
                r#"[{"start": "2026-12-24T00:00:00+01:00", "end": "2026-12-27T00:00:00+01:00"}]"#,
                r#"[["2026-12-24T00:00:00+01:00", "2026-12-27T00:00:00+01:00"]]"#,
            ),
        ] {
            let doc = SPEC_EXAMPLE.replacen(from, to, 1);
            assert_ne!(doc, SPEC_EXAMPLE, "{from}");
            let problems = parse_document(&doc).unwrap_err();
            assert_eq!(problems.len(), 1, "{problems:?}");
            assert_eq!(problems[0].problem.code(), "invalid_document", "{from}");
            assert_eq!(problems[0].path, "");
        }
    }

    #[test]
    fn unknown_fields_are_rejected() {
        let doc = SPEC_EXAMPLE.replace(
            "\"locale\": \"fr\",",
            "\"locale\": \"fr\", \"colour\": \"red\",",
        );
        let problems = parse_document(&doc).unwrap_err();
        assert_eq!(problems[0].code(), "invalid_document");
        let message = problems[0].message(Locale::En);
        assert!(message.contains("colour"), "{message}");
    }

    #[test]
    fn every_problem_is_listed_with_its_path() {
        let doc = SPEC_EXAMPLE
            .replace("Europe/Paris", "Europe/Nowhere")
            .replace("[\"13:30\", \"18:00\"]", "[\"12:00\", \"18:00\"]")
            .replace(
                "\"services\": [\"cut\"]",
                "\"services\": [\"cut\", \"colour\"]",
            )
            .replace("\"duration_minutes\": 45", "\"duration_minutes\": 4");
        let problems = parse_document(&doc).unwrap_err();
        let paths: Vec<_> = problems
            .iter()
            .map(|p| (p.path.as_str(), p.code()))
            .collect();
        assert!(
            paths.contains(&("timezone", "invalid_timezone")),
            "{paths:?}"
        );
        assert!(
            paths.contains(&("staff[0].hours.mon[1]", "unsorted_or_overlapping")),
            "{paths:?}"
        );
        assert!(
            paths.contains(&("staff[0].services[1]", "unknown_service")),
            "{paths:?}"
        );
        assert!(
            paths.contains(&("services[0].duration_minutes", "out_of_range")),
            "{paths:?}"
        );
    }

    /// The example document with one value replaced, by JSON pointer.
    fn example_with(pointer: &str, value: serde_json::Value) -> String {
        let mut doc: serde_json::Value = serde_json::from_str(SPEC_EXAMPLE).unwrap();
        *doc.pointer_mut(pointer).unwrap() = value;
        doc.to_string()
    }

    fn codes(json: &str) -> Vec<(String, String)> {
        match parse_document(json) {
            Ok(_) => Vec::new(),
            Err(problems) => problems
                .into_iter()
                .map(|p| (p.path.clone(), p.code().to_owned()))
                .collect(),
        }
    }

    const NAMES: [(&str, &str); 4] = [
        ("/name", "name"),
        ("/services/0/name", "services[0].name"),
        ("/services/0/category", "services[0].category"),
        ("/staff/0/name", "staff[0].name"),
    ];

    #[test]
    fn names_with_header_line_breaks_or_hidden_characters_are_refused() {
        for (pointer, path) in NAMES {
            for (hostile, code) in [
                ("\r\nX-Injected: 1", "control_characters"),
                ("Fifi\n", "control_characters"),
                ("Fifi\tHair", "control_characters"),
                ("\u{200b}", "invisible_characters"),
                ("\u{202e}evil\u{202c}", "invisible_characters"),
                ("Fifi\u{feff}", "invisible_characters"),
            ] {
                let doc = example_with(pointer, hostile.into());
                assert_eq!(
                    codes(&doc),
                    [(path.to_owned(), code.to_owned())],
                    "{pointer} = {hostile:?}"
                );
            }
        }
    }

    #[test]
    fn names_with_emoji_joiners_and_persian_non_joiners_are_accepted() {
        for (pointer, _) in NAMES {
            for fine in ["Ana 👩‍🦰", "می‌خواهم"] {
                let config = parse_document(&example_with(pointer, fine.into()));
                assert!(config.is_ok(), "{pointer} = {fine:?}: {config:?}");
            }
        }
        let config = parse_document(&example_with("/staff/0/name", "  Ana 👩‍🦰 ".into())).unwrap();
        assert_eq!(config.staff[0].name, "Ana 👩‍🦰");
    }

    #[test]
    fn descriptions_keep_line_feeds_and_tabs_but_refuse_carriage_returns_and_hidden_characters() {
        let pointer = "/services/0/description";
        let config =
            parse_document(&example_with(pointer, "Wash,\tcut\nand dry.\n".into())).unwrap();
        assert_eq!(config.services[0].description, "Wash,\tcut\nand dry.");
        for (hostile, code) in [
            ("Wash\r\ncut", "control_characters"),
            ("Wash\u{7}", "control_characters"),
            ("Wash \u{2066}cut\u{2069}", "invisible_characters"),
        ] {
            assert_eq!(
                codes(&example_with(pointer, hostile.into())),
                [("services[0].description".to_owned(), code.to_owned())],
                "{hostile:?}"
            );
        }
    }

    #[test]
    fn time_off_follows_the_client_rules_for_instants() {
        let path = "staff[0].time_off[0]".to_owned();
        for (start, code) in [
            ("2026-12-24T00:00:00+24:00", "invalid_datetime"),
            ("2026-12-24T00:00:00+01:00:00", "invalid_datetime"),
            ("0000-01-01T00:00:00Z", "out_of_range"),
            ("1970-01-01T00:30:00+01:00", "out_of_range"),
        ] {
            let doc = example_with("/staff/0/time_off/0/start", start.into());
            assert_eq!(codes(&doc), [(path.clone(), code.to_owned())], "{start}");
        }
        let doc = example_with("/staff/0/time_off/0/end", "3000-01-01T00:00:00Z".into());
        assert_eq!(codes(&doc), [(path.clone(), "out_of_range".to_owned())]);
        // An invalid end wins over an out-of-range start: fixing the text comes first.
        let doc = example_with(
            "/staff/0/time_off/0",
            serde_json::json!({
                "start": "0000-01-01T00:00:00Z", "end": "soon"
            }),
        );
        assert_eq!(codes(&doc), [(path, "invalid_datetime".to_owned())]);
    }

    /// The problems of a document as (path, issue).
    fn issues(json: &str) -> Vec<(String, ConfigIssue)> {
        match parse_document(json) {
            Ok(_) => Vec::new(),
            Err(problems) => problems.into_iter().map(|p| (p.path, p.problem)).collect(),
        }
    }

    #[test]
    fn each_section_reports_what_is_wrong_as_an_issue_at_its_path() {
        use serde_json::json;
        let text = |error, lines| ConfigIssue::Text { error, lines };
        // (pointer, replacement, path, issue)
        let table = [
            (
                "/name",
                json!(" "),
                "name",
                text(TextError::Required, Lines::One),
            ),
            (
                "/timezone",
                json!("Mars/Olympus"),
                "timezone",
                ConfigIssue::InvalidTimezone,
            ),
            (
                "/currency",
                json!("eur"),
                "currency",
                ConfigIssue::InvalidCurrency,
            ),
            (
                "/country",
                json!("XX"),
                "country",
                ConfigIssue::InvalidCountry,
            ),
            (
                "/locale",
                json!("french"),
                "locale",
                ConfigIssue::InvalidLocale,
            ),
            (
                "/policy/slot_step_minutes",
                json!(7),
                "policy.slot_step_minutes",
                ConfigIssue::SlotStep,
            ),
            (
                "/policy/max_advance_days",
                json!(0),
                "policy.max_advance_days",
                ConfigIssue::OutOfRange { min: 1, max: 365 },
            ),
            (
                "/allowed_origins/0",
                json!("https://fifi.example/"),
                "allowed_origins[0]",
                ConfigIssue::InvalidOrigin,
            ),
            (
                "/staff/0/key",
                json!("Ana"),
                "staff[0].key",
                ConfigIssue::InvalidKey,
            ),
            (
                "/services/0/description",
                json!("a\rb"),
                "services[0].description",
                text(TextError::ControlCharacters, Lines::Many),
            ),
            (
                "/staff/0/key",
                json!("any"),
                "staff[0].key",
                ConfigIssue::ReservedKey,
            ),
            (
                "/staff/0/services",
                json!(["cut", "cut"]),
                "staff[0].services[1]",
                ConfigIssue::ServiceListedTwice,
            ),
            (
                "/staff/0/services",
                json!(["perm"]),
                "staff[0].services[0]",
                ConfigIssue::UnknownService { key: "perm".into() },
            ),
            (
                "/staff/0/hours",
                json!({"monday": []}),
                "staff[0].hours.monday",
                ConfigIssue::InvalidWeekday,
            ),
            (
                "/staff/0/hours/tue/0/1",
                json!("9"),
                "staff[0].hours.tue[0]",
                ConfigIssue::InvalidTime,
            ),
            (
                "/staff/0/hours/tue/0/1",
                json!("09:00"),
                "staff[0].hours.tue[0]",
                ConfigIssue::EmptyInterval,
            ),
            (
                "/staff/0/time_off/0/end",
                json!("2026-12-23T00:00:00+01:00"),
                "staff[0].time_off[0]",
                ConfigIssue::EmptyInterval,
            ),
            (
                "/staff/0/time_off/0/end",
                json!("3000-01-01T00:00:00Z"),
                "staff[0].time_off[0]",
                ConfigIssue::YearsOutOfRange,
            ),
        ];
        for (pointer, value, path, issue) in table {
            let doc = example_with(pointer, value);
            assert_eq!(issues(&doc), [(path.to_owned(), issue)], "{pointer}");
        }
    }

    #[test]
    fn a_key_used_twice_is_reported_on_the_second_with_what_it_is() {
        let mut doc: serde_json::Value = serde_json::from_str(SPEC_EXAMPLE).unwrap();
        let service = doc["services"][0].clone();
        let staff = doc["staff"][0].clone();
        doc["services"].as_array_mut().unwrap().push(service);
        doc["staff"].as_array_mut().unwrap().push(staff);
        assert_eq!(
            issues(&doc.to_string()),
            [
                (
                    "services[1].key".to_owned(),
                    ConfigIssue::DuplicateServiceKey
                ),
                ("staff[1].key".to_owned(), ConfigIssue::DuplicateStaffKey),
            ]
        );
    }

    #[test]
    fn hhmm_accepts_midnight_at_both_ends_only() {
        assert_eq!(parse_hhmm("00:00"), Some(0));
        assert_eq!(parse_hhmm("24:00"), Some(1440));
        assert_eq!(parse_hhmm("24:01"), None);
        assert_eq!(parse_hhmm("9:00"), None);
        assert_eq!(parse_hhmm("09:60"), None);
    }
}
