//! The salon configuration document (SPEC §4) and its validated form.
//!
//! [`SalonConfigWire`] mirrors the JSON an owner uploads and rejects unknown fields. [`SalonConfig::parse`]
//! checks every rule and reports every problem with its JSON path, so an owner can fix them all at once.

use std::collections::{BTreeMap, HashSet};

use jiff::civil::Weekday;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::client::parse_instant;
use crate::keys::Key;
use crate::phone::is_known_country;
use crate::slots::Interval;

/// Allowed slot steps, in minutes.
pub const SLOT_STEPS: [u16; 6] = [5, 10, 15, 20, 30, 60];

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

/// A service as written in the configuration document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceWire {
    pub key: String,
    pub name: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub description: String,
    pub duration_minutes: u32,
    #[serde(default)]
    pub buffer_before_minutes: u32,
    #[serde(default)]
    pub buffer_after_minutes: u32,
    #[serde(default)]
    pub price_cents: u64,
}

/// An absolute period off, as written in the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeOffWire {
    pub start: String,
    pub end: String,
}

/// A staff member as written in the document. `hours` maps `mon`..`sun` to `[start, end)` pairs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffWire {
    pub key: String,
    pub name: String,
    #[serde(default)]
    pub services: Vec<String>,
    #[serde(default)]
    pub hours: BTreeMap<String, Vec<[String; 2]>>,
    #[serde(default)]
    pub time_off: Vec<TimeOffWire>,
}

/// The whole configuration document of a salon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SalonConfigWire {
    pub name: String,
    pub timezone: String,
    pub currency: String,
    pub country: String,
    #[serde(default = "default_locale")]
    pub locale: String,
    #[serde(default)]
    pub policy: Policy,
    #[serde(default)]
    pub allowed_origins: Vec<String>,
    #[serde(default)]
    pub services: Vec<ServiceWire>,
    #[serde(default)]
    pub staff: Vec<StaffWire>,
}

fn default_locale() -> String {
    "en".to_owned()
}

/// One problem in a configuration document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigProblem {
    /// JSON path of the offending value, such as `staff[0].hours.mon[1]`.
    pub path: String,
    /// Stable machine code.
    pub code: String,
    /// What is wrong, for the owner.
    pub message: String,
}

/// A service of a validated configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    pub key: Key,
    pub name: String,
    pub category: String,
    pub description: String,
    pub duration_minutes: u16,
    pub buffer_before_minutes: u16,
    pub buffer_after_minutes: u16,
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

/// A staff member of a validated configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staff {
    pub key: Key,
    pub name: String,
    pub services: Vec<Key>,
    pub hours: WeeklyHours,
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
    pub name: String,
    pub timezone_name: String,
    pub timezone: TimeZone,
    pub currency: String,
    pub country: String,
    pub locale: String,
    pub policy: Policy,
    pub allowed_origins: Vec<String>,
    pub services: Vec<Service>,
    pub staff: Vec<Staff>,
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

const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

struct Collector(Vec<ConfigProblem>);

impl Collector {
    fn add(&mut self, path: impl Into<String>, code: &str, message: impl Into<String>) {
        self.0.push(ConfigProblem {
            path: path.into(),
            code: code.to_owned(),
            message: message.into(),
        });
    }

    fn text(&mut self, path: &str, value: &str, min: usize, max: usize) -> String {
        let trimmed = value.trim();
        let len = trimmed.chars().count();
        if len < min {
            self.add(path, "required", "must not be empty");
        } else if len > max {
            self.add(
                path,
                "too_long",
                format!("must be at most {max} characters"),
            );
        } else if trimmed.chars().any(|c| c.is_control() && c != '\n') {
            self.add(
                path,
                "control_characters",
                "must not contain control characters",
            );
        }
        trimmed.to_owned()
    }

    fn key(&mut self, path: &str, value: &str) -> Option<Key> {
        match Key::parse(value) {
            Ok(key) => Some(key),
            Err(_) => {
                self.add(
                    path,
                    "invalid_key",
                    "must be 1 to 40 characters of a-z, 0-9 and -",
                );
                None
            }
        }
    }

    fn range(&mut self, path: &str, value: u64, min: u64, max: u64) -> u64 {
        if value < min || value > max {
            self.add(
                path,
                "out_of_range",
                format!("must be between {min} and {max}"),
            );
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
    pub fn parse(wire: &SalonConfigWire) -> Result<Self, Vec<ConfigProblem>> {
        let mut c = Collector(Vec::new());
        let name = c.text("name", &wire.name, 1, 100);
        let timezone = match TimeZone::get(&wire.timezone) {
            Ok(tz) => Some(tz),
            Err(_) => {
                c.add(
                    "timezone",
                    "invalid_timezone",
                    "must be an IANA time zone such as Europe/Paris",
                );
                None
            }
        };
        if wire.currency.len() != 3 || !wire.currency.bytes().all(|b| b.is_ascii_uppercase()) {
            c.add(
                "currency",
                "invalid_currency",
                "must be an ISO 4217 code such as EUR",
            );
        }
        if !is_known_country(&wire.country) {
            c.add(
                "country",
                "invalid_country",
                "must be an ISO 3166 alpha-2 code such as FR",
            );
        }
        let locale_ok = {
            let b = wire.locale.as_bytes();
            (b.len() == 2 && b.iter().all(u8::is_ascii_lowercase))
                || (b.len() == 5
                    && b[..2].iter().all(u8::is_ascii_lowercase)
                    && b[2] == b'-'
                    && b[3..].iter().all(u8::is_ascii_uppercase))
        };
        if !locale_ok {
            c.add(
                "locale",
                "invalid_locale",
                "must be a language tag such as fr or fr-FR",
            );
        }
        let p = &wire.policy;
        if !SLOT_STEPS.contains(&p.slot_step_minutes) {
            c.add(
                "policy.slot_step_minutes",
                "out_of_range",
                "must be one of 5, 10, 15, 20, 30, 60",
            );
        }
        c.range(
            "policy.min_notice_minutes",
            p.min_notice_minutes.into(),
            0,
            10080,
        );
        c.range("policy.max_advance_days", p.max_advance_days.into(), 1, 365);
        c.range(
            "policy.cancel_cutoff_minutes",
            p.cancel_cutoff_minutes.into(),
            0,
            10080,
        );
        for (i, origin) in wire.allowed_origins.iter().enumerate() {
            let ok = (origin.starts_with("https://") || origin.starts_with("http://"))
                && !origin.ends_with('/')
                && origin
                    .split("://")
                    .nth(1)
                    .is_some_and(|h| !h.is_empty() && !h.contains('/'));
            if !ok {
                c.add(
                    format!("allowed_origins[{i}]"),
                    "invalid_origin",
                    "must be an origin such as https://salon.example",
                );
            }
        }

        let mut services = Vec::new();
        let mut service_keys = HashSet::new();
        for (i, s) in wire.services.iter().enumerate() {
            let at = |field: &str| format!("services[{i}].{field}");
            let key = c.key(&at("key"), &s.key);
            if let Some(key) = &key {
                if !service_keys.insert(key.clone()) {
                    c.add(at("key"), "duplicate_key", "is used by another service");
                }
            }
            let service = Service {
                key: key.unwrap_or_else(|| Key::parse("invalid").expect("literal key")),
                name: c.text(&at("name"), &s.name, 1, 100),
                category: c.text(&at("category"), &s.category, 0, 50),
                description: c.text(&at("description"), &s.description, 0, 500),
                duration_minutes: c.range(
                    &at("duration_minutes"),
                    s.duration_minutes.into(),
                    5,
                    480,
                ) as u16,
                buffer_before_minutes: c.range(
                    &at("buffer_before_minutes"),
                    s.buffer_before_minutes.into(),
                    0,
                    120,
                ) as u16,
                buffer_after_minutes: c.range(
                    &at("buffer_after_minutes"),
                    s.buffer_after_minutes.into(),
                    0,
                    120,
                ) as u16,
                price_cents: c.range(&at("price_cents"), s.price_cents, 0, 10_000_000) as u32,
            };
            services.push(service);
        }

        let mut staff = Vec::new();
        let mut staff_keys = HashSet::new();
        for (i, s) in wire.staff.iter().enumerate() {
            let at = |field: &str| format!("staff[{i}].{field}");
            let key = c.key(&at("key"), &s.key);
            if let Some(key) = &key {
                if key.as_ref() == "any" {
                    c.add(
                        at("key"),
                        "reserved_key",
                        "\"any\" is reserved for \"anyone available\"",
                    );
                } else if !staff_keys.insert(key.clone()) {
                    c.add(
                        at("key"),
                        "duplicate_key",
                        "is used by another staff member",
                    );
                }
            }
            let name = c.text(&at("name"), &s.name, 1, 100);
            let mut performs = Vec::new();
            for (j, service) in s.services.iter().enumerate() {
                let path = format!("staff[{i}].services[{j}]");
                match Key::parse(service) {
                    Ok(k) if service_keys.contains(&k) => {
                        if performs.contains(&k) {
                            c.add(path, "duplicate_key", "is listed twice");
                        } else {
                            performs.push(k);
                        }
                    }
                    _ => c.add(
                        path,
                        "unknown_service",
                        format!("no service has the key {service:?}"),
                    ),
                }
            }
            let mut hours = WeeklyHours::default();
            for (day, intervals) in &s.hours {
                let Some(index) = DAYS.iter().position(|d| d == day) else {
                    c.add(
                        format!("staff[{i}].hours.{day}"),
                        "invalid_weekday",
                        "must be one of mon, tue, wed, thu, fri, sat, sun",
                    );
                    continue;
                };
                let mut previous_end = None;
                for (j, [start, end]) in intervals.iter().enumerate() {
                    let path = format!("staff[{i}].hours.{day}[{j}]");
                    let (Some(s), Some(e)) = (parse_hhmm(start), parse_hhmm(end)) else {
                        c.add(
                            path,
                            "invalid_time",
                            "times must be HH:MM between 00:00 and 24:00",
                        );
                        continue;
                    };
                    if s >= e {
                        c.add(path, "empty_interval", "must end after it starts");
                        continue;
                    }
                    if previous_end.is_some_and(|p| s < p) {
                        c.add(
                            path,
                            "unsorted_or_overlapping",
                            "intervals must be sorted and must not overlap",
                        );
                        continue;
                    }
                    previous_end = Some(e);
                    hours.0[index].push((s, e));
                }
            }
            let mut time_off = Vec::new();
            for (j, off) in s.time_off.iter().enumerate() {
                let path = format!("staff[{i}].time_off[{j}]");
                match (parse_instant(&off.start), parse_instant(&off.end)) {
                    (Ok(start), Ok(end)) if start < end => time_off.push(Interval::new(start, end)),
                    (Ok(_), Ok(_)) => c.add(path, "empty_interval", "must end after it starts"),
                    _ => c.add(
                        path,
                        "invalid_datetime",
                        "start and end must be RFC 3339 date-times with an offset",
                    ),
                }
            }
            time_off.sort_unstable();
            staff.push(Staff {
                key: key.unwrap_or_else(|| Key::parse("invalid").expect("literal key")),
                name,
                services: performs,
                hours,
                time_off,
            });
        }

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
            }),
            _ => Err(c.0),
        }
    }
}

/// Parses a configuration document from JSON text, turning serde's complaint into a problem list.
pub fn parse_document(json: &str) -> Result<SalonConfig, Vec<ConfigProblem>> {
    let wire: SalonConfigWire = serde_json::from_str(json).map_err(|e| {
        vec![ConfigProblem {
            path: String::new(),
            code: "invalid_document".to_owned(),
            message: e.to_string(),
        }]
    })?;
    SalonConfig::parse(&wire)
}

/// Used by tests and the demo seed: a timestamp that is known to be valid.
pub fn instant(value: &str) -> Timestamp {
    parse_instant(value).expect("a valid RFC 3339 literal")
}

#[cfg(test)]
mod tests {
    use super::*;
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
    fn unknown_fields_are_rejected() {
        let doc = SPEC_EXAMPLE.replace(
            "\"locale\": \"fr\",",
            "\"locale\": \"fr\", \"colour\": \"red\",",
        );
        let problems = parse_document(&doc).unwrap_err();
        assert_eq!(problems[0].code, "invalid_document");
        assert!(
            problems[0].message.contains("colour"),
            "{}",
            problems[0].message
        );
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
            .map(|p| (p.path.as_str(), p.code.as_str()))
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

    #[test]
    fn hhmm_accepts_midnight_at_both_ends_only() {
        assert_eq!(parse_hhmm("00:00"), Some(0));
        assert_eq!(parse_hhmm("24:00"), Some(1440));
        assert_eq!(parse_hhmm("24:01"), None);
        assert_eq!(parse_hhmm("9:00"), None);
        assert_eq!(parse_hhmm("09:60"), None);
    }
}
