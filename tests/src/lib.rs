//! Helpers for tests that run against the real stack started by `cargo xtask test`: the API served by
//! `wrangler dev`, and the database through the local Neon-protocol server.
//!
//! Every test makes its own salon with a random slug, so tests share the stack but never data.

pub mod accounts;
pub mod mail;

use std::collections::BTreeMap;
use std::sync::OnceLock;
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use shared::api::{
    AvailabilityWire, BookingRequestWire, ClientWire, ErrorBody, ErrorDetail, SalonCreated,
    SalonProfile, SlotWire,
};
use shared::date::CalendarDate;
use shared::paths::{ApiPath, AvailabilityQuery};
use shared::FieldError;

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: these tests run against the real stack; start them with `cargo xtask test`")
    })
}

/// The zone whose wall clock `CHAIRTIME_TEST_CLOCK` names: the test salons' and the demo salon's.
pub const CLOCK_ZONE: &str = "Europe/Paris";

/// How far this run of the suite moves the Worker's clock, in seconds, or `None` to leave it alone.
///
/// `CHAIRTIME_TEST_CLOCK=HH:MM` runs the suite as if it were that time today in Paris (today being the
/// real date there); `cargo xtask test` runs the time-sensitive tests at several such hours, so a test
/// that only passes at some hours of the day fails every time. The offset is sent with every request
/// (`X-Chairtime-Clock-Offset`, honoured only by a local Worker) and [`now`] applies it too.
pub fn clock_offset() -> Option<i64> {
    static OFFSET: OnceLock<Option<i64>> = OnceLock::new();
    *OFFSET.get_or_init(|| {
        let wanted = std::env::var("CHAIRTIME_TEST_CLOCK")
            .ok()
            .filter(|v| !v.is_empty())?;
        Some(
            offset_to_local_time(Timestamp::now(), &wanted).unwrap_or_else(|| {
                panic!("CHAIRTIME_TEST_CLOCK={wanted:?} is not a time written HH:MM")
            }),
        )
    })
}

/// Seconds from `real` to `wanted` (`HH:MM`) on the same date in [`CLOCK_ZONE`].
pub fn offset_to_local_time(real: Timestamp, wanted: &str) -> Option<i64> {
    let time: jiff::civil::Time = format!("{wanted}:00").parse().ok()?;
    let zone = jiff::tz::TimeZone::get(CLOCK_ZONE).ok()?;
    let target = real.to_zoned(zone.clone()).date().to_datetime(time);
    let target = zone.to_ambiguous_timestamp(target).compatible().ok()?;
    Some(target.as_second() - real.as_second())
}

/// "Now" as the Worker sees it in this run: the real clock, moved by [`clock_offset`].
pub fn now() -> Timestamp {
    let real = Timestamp::now();
    match clock_offset() {
        Some(seconds) => real
            .checked_add(SignedDuration::from_secs(seconds))
            .expect("offsets are a day at most"),
        None => real,
    }
}

/// Tomorrow's date where the test salons are, by [`now`]. Availability from there starts at the
/// salon's opening time, which today's two hours of notice can never reach: two reads a second apart
/// agree whatever the hour, and its first start can be booked minutes later.
pub fn tomorrow() -> CalendarDate {
    let zone = jiff::tz::TimeZone::get(CLOCK_ZONE).expect("the zone exists");
    let date = now()
        .to_zoned(zone)
        .date()
        .tomorrow()
        .expect("a date in range");
    CalendarDate::from_civil(date).expect("a supported date")
}

/// An availability query for `service` alone; name other parameters with struct update syntax,
/// `AvailabilityQuery { days: Some(3), ..for_service("cut") }`.
pub fn for_service(service: &str) -> AvailabilityQuery<'_> {
    AvailabilityQuery {
        service,
        staff: None,
        from: None,
        days: None,
    }
}

/// A response: status, headers we care about, and the JSON body (or `Value::Null`).
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub body: Value,
    pub text: String,
    pub headers: Vec<(String, String)>,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body read as the wire type `T`; panics with the status and the body when it is not one.
    pub fn json<T: DeserializeOwned>(&self) -> T {
        serde_json::from_str(&self.text).unwrap_or_else(|e| {
            panic!(
                "not a {}: {e}; {} {}",
                std::any::type_name::<T>(),
                self.status,
                self.text
            )
        })
    }

    /// The `error` of an error body; panics when the body is not one.
    pub fn error(&self) -> ErrorDetail {
        self.json::<ErrorBody>().error
    }

    /// The problems of a validation error, by field; empty when the error names none.
    pub fn fields(&self) -> BTreeMap<String, FieldError> {
        self.error().fields.unwrap_or_default()
    }

    /// The problem the error body names for `field`; panics when it names none.
    pub fn field(&self, field: &str) -> FieldError {
        self.fields()
            .remove(field)
            .unwrap_or_else(|| panic!("no problem with {field}: {} {}", self.status, self.text))
    }
}

/// The API under test.
#[derive(Debug, Clone)]
pub struct Api {
    pub base: String,
    pub platform_token: String,
    agent: ureq::Agent,
}

impl Default for Api {
    fn default() -> Self {
        Self::new()
    }
}

impl Api {
    pub fn new() -> Api {
        Api {
            base: env("CHAIRTIME_API"),
            platform_token: env("CHAIRTIME_PLATFORM_TOKEN"),
            agent: ureq::AgentBuilder::new()
                .timeout(Duration::from_secs(30))
                .build(),
        }
    }

    /// Sends a request; `body` is sent verbatim when given.
    pub fn call(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> Answer {
        let mut req = self.agent.request(method, &format!("{}{path}", self.base));
        // A test that moves the clock itself sends its own offset, which replaces this run's.
        let own_clock = headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("x-chairtime-clock-offset"));
        if let (Some(offset), false) = (clock_offset(), own_clock) {
            req = req.set("x-chairtime-clock-offset", &offset.to_string());
        }
        for (k, v) in headers {
            req = req.set(k, v);
        }
        let result = match body {
            Some(b) => req.set("content-type", "application/json").send_string(b),
            None => req.call(),
        };
        let response = match result {
            Ok(r) | Err(ureq::Error::Status(_, r)) => r,
            Err(e) => panic!("{method} {path}: {e}"),
        };
        let status = response.status();
        let headers = response
            .headers_names()
            .into_iter()
            .map(|n| {
                let v = response.header(&n).unwrap_or("").to_owned();
                (n, v)
            })
            .collect();
        let text = response.into_string().unwrap_or_default();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Answer {
            status,
            body,
            text,
            headers,
        }
    }

    pub fn get(&self, path: &str) -> Answer {
        self.call("GET", path, &[], None)
    }

    /// Books with an idempotency key. Like the widget, it sends the same request again when the
    /// answer did not come from the Worker: `wrangler dev`'s local proxy sometimes drops a request
    /// under a burst of concurrent ones and answers 503 itself (without the Worker's
    /// `x-request-id`), and the key is what makes sending it again safe.
    ///
    /// `body` is a [`BookingRequestWire`], or a `Value` where a test sends what no client should.
    pub fn book(&self, slug: &str, key: &str, body: &impl Serialize) -> Answer {
        let body = serde_json::to_string(body).expect("a body serializes");
        let send = || {
            self.call(
                "POST",
                &ApiPath::Bookings { slug }.to_string(),
                &[("idempotency-key", key)],
                Some(&body),
            )
        };
        let mut answer = send();
        for _ in 0..3 {
            if answer.status != 503 || answer.header("x-request-id").is_some() {
                break;
            }
            eprintln!(
                "the local proxy answered {}: {}",
                answer.status, answer.text
            );
            answer = send();
        }
        answer
    }

    /// Creates a salon with `config`; returns its slug and owner key.
    pub fn create_salon(&self, config: &Value) -> TestSalon {
        let slug = unique("salon");
        let auth = format!("Bearer {}", self.platform_token);
        let answer = self.call(
            "POST",
            &ApiPath::AdminSalons.to_string(),
            &[("authorization", &auth)],
            Some(&json!({ "slug": slug, "config": config }).to_string()),
        );
        assert_eq!(answer.status, 201, "creating a salon: {}", answer.text);
        TestSalon {
            slug,
            owner_key: answer.json::<SalonCreated>().owner_key,
        }
    }

    /// The first offered slot of `service` for `staff`, searching 31 days from the salon's today, that
    /// starts at least ten minutes after the earliest start the salon allows now (its minimum notice
    /// from [`now`]). The very first offered start can sit on that boundary, and a test that books or
    /// checks it a second later would race the clock; this one holds for ten minutes.
    pub fn first_slot(&self, slug: &str, service: &str, staff: &str) -> SlotWire {
        let profile = self.get(&ApiPath::Salon { slug }.to_string());
        assert_eq!(profile.status, 200, "{}", profile.text);
        let notice = profile.json::<SalonProfile>().policy.min_notice_minutes;
        let earliest = now()
            .checked_add(SignedDuration::from_mins(i64::from(notice) + 10))
            .expect("a time in range");
        let query = AvailabilityQuery {
            staff: Some(staff),
            days: Some(31),
            ..for_service(service)
        };
        let a = self.get(&ApiPath::Availability { slug }.with_query(query));
        assert_eq!(a.status, 200, "{}", a.text);
        a.json::<AvailabilityWire>()
            .days
            .into_iter()
            .flat_map(|d| d.slots)
            .find(|slot| {
                slot.start
                    .parse::<Timestamp>()
                    .is_ok_and(|start| start >= earliest)
            })
            .unwrap_or_else(|| panic!("no slot for {service}/{staff} in 31 days: {}", a.text))
    }
    /// Books the first offered slot of `service` for `staff` for a client named Zoé, and checks it was
    /// made; returns the start and the `201` answer.
    pub fn book_first(&self, slug: &str, service: &str, staff: &str) -> (String, Answer) {
        let start = self.first_start(slug, service, staff);
        let made = self.book(
            slug,
            &unique("key"),
            &booking_body(service, staff, &start, "Zoé"),
        );
        assert_eq!(made.status, 201, "{}", made.text);
        (start, made)
    }

    /// The start (RFC 3339) of [`Api::first_slot`].
    pub fn first_start(&self, slug: &str, service: &str, staff: &str) -> String {
        self.first_slot(slug, service, staff).start
    }
}

/// Every offered start of an availability answer, in order; panics when it is not one.
pub fn offered_starts(answer: &Answer) -> Vec<String> {
    answer
        .json::<AvailabilityWire>()
        .days
        .into_iter()
        .flat_map(|d| d.slots)
        .map(|s| s.start)
        .collect()
}

/// A salon made for one test.
#[derive(Debug, Clone)]
pub struct TestSalon {
    pub slug: String,
    pub owner_key: String,
}

/// A name no other test uses: a prefix, the process id and a counter, with nanoseconds for reruns.
pub fn unique(prefix: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "{prefix}-{}-{}-{nanos:x}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// A salon open every day 08:00–20:00 with two staff and two services. Its first free time is at
/// least two hours away (the minimum notice), so a test that books it can still cancel it (the cutoff
/// is one hour) and never races the clock to the start, whatever the hour it runs at. It sends no
/// reminders, so the outbox holds nothing for later that the notification tests would meet.
pub fn open_salon_config() -> Value {
    let every_day = json!([["08:00", "20:00"]]);
    let hours: serde_json::Map<String, Value> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        .iter()
        .map(|d| (d.to_string(), every_day.clone()))
        .collect();
    json!({
        "name": "Test Salon", "timezone": "Europe/Paris", "currency": "EUR", "country": "FR", "locale": "en",
        "policy": { "slot_step_minutes": 15, "min_notice_minutes": 120, "max_advance_days": 60, "cancel_cutoff_minutes": 60 },
        "allowed_origins": [],
        "notifications": { "reminder_minutes_before": [] },
        "services": [
            { "key": "cut", "name": "Cut", "category": "Hair", "description": "", "duration_minutes": 30,
              "buffer_before_minutes": 0, "buffer_after_minutes": 10, "price_cents": 3000 },
            { "key": "colour", "name": "Colour", "category": "Hair", "description": "", "duration_minutes": 90,
              "buffer_before_minutes": 0, "buffer_after_minutes": 0, "price_cents": 8000 }
        ],
        "staff": [
            { "key": "ana", "name": "Ana", "services": ["cut", "colour"], "hours": hours.clone(), "time_off": [] },
            { "key": "bob", "name": "Bob", "services": ["cut"], "hours": hours, "time_off": [] }
        ]
    })
}

/// A booking request, as the widget sends one: a client with an email address and no notes.
pub fn booking_body(service: &str, staff: &str, start: &str, name: &str) -> BookingRequestWire {
    BookingRequestWire {
        service: service.to_owned(),
        staff: staff.to_owned(),
        start: start.to_owned(),
        client: ClientWire {
            name: name.to_owned(),
            email: Some("client@example.com".to_owned()),
            phone: None,
        },
        notes: None,
    }
}

/// The database, through the local Neon-protocol server, for checks the API does not expose: the
/// same client the edge and the tools use, over its blocking transport.
pub struct Db {
    client: neon_http::Neon<neon_http::Blocking>,
}

impl Default for Db {
    fn default() -> Self {
        Self::new()
    }
}

impl Db {
    pub fn new() -> Db {
        Db {
            client: neon_http::Neon::new(
                env("CHAIRTIME_NEON_ENDPOINT"),
                env("CHAIRTIME_DATABASE_URL"),
            ),
        }
    }

    /// Runs a query; returns rows of raw text values.
    pub fn query(&self, sql: &str, params: &[&str]) -> Vec<Vec<Option<String>>> {
        let params = params.iter().map(|p| neon_http::Param::from(*p)).collect();
        pollster::block_on(self.client.query(sql.to_owned(), params))
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
            .rows
    }

    /// Confirmed bookings of a salon.
    pub fn confirmed_bookings(&self, slug: &str) -> usize {
        self.query(
            "SELECT count(*) FROM bookings b JOIN salons s ON s.id = b.salon_id WHERE s.slug = $1 AND b.status = 'confirmed'",
            &[slug],
        )[0][0]
            .as_deref()
            .and_then(|n| n.parse().ok())
            .expect("a count")
    }
}

/// The stack's database URL with another database name.
pub fn database_url(database: &str) -> String {
    let url = env("CHAIRTIME_DATABASE_URL");
    let (head, _) = url
        .rsplit_once('/')
        .expect("a database URL ends with its database");
    format!("{head}/{database}")
}

/// SQL on another database of the stack's Postgres, through the tools' client.
pub fn sql_for(database: &str) -> xtask::neon::Sql {
    xtask::neon::Sql::new(
        &database_url(database),
        Some(&env("CHAIRTIME_NEON_ENDPOINT")),
    )
    .expect("a database URL")
}

/// A new empty database of the stack's Postgres, named after `label` and this process; returns its
/// name.
pub fn fresh_database(label: &str) -> String {
    let name = format!("{label}_{}", std::process::id());
    let admin = sql_for("postgres");
    admin
        .query(&format!("DROP DATABASE IF EXISTS {name}"), &[])
        .expect("the stack's Postgres drops a database");
    admin
        .query(&format!("CREATE DATABASE {name}"), &[])
        .expect("the stack's Postgres creates a database");
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_test_clock_moves_to_that_time_on_the_same_paris_date() {
        // 12:29 in Paris in winter (UTC+1), asked for 07:59 the same day: 4 h 30 min earlier.
        let real: Timestamp = "2026-12-02T11:29:00Z".parse().unwrap();
        assert_eq!(
            offset_to_local_time(real, "07:59"),
            Some(-(4 * 3600 + 30 * 60))
        );
        assert_eq!(
            offset_to_local_time(real, "19:50"),
            Some(7 * 3600 + 21 * 60)
        );
        // 23:10 UTC on 1 December is already 00:10 on 2 December in Paris; the Paris date counts.
        let late: Timestamp = "2026-12-01T23:10:00Z".parse().unwrap();
        assert_eq!(offset_to_local_time(late, "00:30"), Some(20 * 60));
        assert_eq!(
            offset_to_local_time(late, "23:50"),
            Some(23 * 3600 + 40 * 60)
        );
        // Summer time: 12:00 in Paris is 10:00 UTC.
        let summer: Timestamp = "2027-07-01T10:00:00Z".parse().unwrap();
        assert_eq!(offset_to_local_time(summer, "12:00"), Some(0));
        assert_eq!(offset_to_local_time(real, "7:59"), None);
        assert_eq!(offset_to_local_time(real, "24:30"), None);
    }
}
