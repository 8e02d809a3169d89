//! `cargo xtask import --salon SLUG FILE.csv [--apply] [--api URL] [--key OWNER_KEY]`: future
//! appointments (and so their clients) from another tool's CSV export.
//!
//! The columns, by header (case and spaces ignored; the common export names in brackets):
//! `date` (YYYY-MM-DD), `time` (HH:MM, the salon's local time) [`start time`], `service` (its name
//! or key), `staff` (a name or key) [`team member`, `employee`, `stylist`], `client name`
//! [`client`, `customer`, `name`], `email`, `phone` [`mobile`], `notes` (optional). Other columns
//! are ignored.
//!
//! A dry run (the default) checks every row against the salon's configuration and the bookings it
//! already has and prints a report: what would be imported, and each rejected row with why. With
//! `--apply`, each accepted row is booked through the owner API with an idempotency key derived from
//! the row, so applying the same file twice books nothing twice; the database still refuses any
//! overlap, and such a row is reported. Clients hear nothing of it (reminders still come).

use std::collections::BTreeMap;
use std::time::Duration;

use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde_json::{json, Value};
use shared::api::{ClientWire, OwnerBookings};
use shared::client::{ClientDetails, Contact, Notes};
use shared::config::{SalonConfig, SalonConfigWire};

use crate::Result;

/// One appointment to import, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// The file's line number.
    pub line: usize,
    pub service: String,
    pub staff: String,
    /// RFC 3339 with the salon's offset.
    pub start: String,
    pub client: ClientWire,
    pub notes: String,
    /// The time it occupies, in seconds since the epoch, for overlap checks.
    occupied: (i64, i64),
}

impl Planned {
    /// The owner API's body for this row.
    pub fn body(&self) -> Value {
        json!({
            "service": self.service, "staff": self.staff, "start": self.start,
            "client": self.client, "notes": self.notes, "override_rules": true, "silent": true,
        })
    }

    /// The idempotency key of this row: the same row of the same salon, the same key.
    pub fn key(&self, slug: &str) -> String {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(format!("{slug}\n{}", self.body()).as_bytes());
        let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
        format!("import-{hex}")
    }
}

/// What a file holds, row by row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    pub accepted: Vec<Planned>,
    /// A line number and why it was refused.
    pub rejected: Vec<(usize, String)>,
}

/// The column a header names, by its common spellings.
fn column(header: &str) -> Option<&'static str> {
    let name: String = header
        .trim()
        .trim_start_matches('\u{feff}')
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    Some(match name.as_str() {
        "date" | "appointmentdate" => "date",
        "time" | "starttime" | "start" => "time",
        "service" | "servicename" => "service",
        "staff" | "teammember" | "employee" | "stylist" | "staffmember" => "staff",
        "clientname" | "client" | "customer" | "customername" | "name" => "client_name",
        "email" | "clientemail" | "emailaddress" => "email",
        "phone" | "mobile" | "clientphone" | "phonenumber" => "phone",
        "notes" | "note" | "comments" => "notes",
        _ => return None,
    })
}

/// A service or staff member by key or by name (case ignored).
fn find<'a>(what: &str, items: impl Iterator<Item = (&'a str, &'a str)>) -> Option<String> {
    let wanted = what.trim().to_lowercase();
    let mut by_name = None;
    for (key, name) in items {
        if key == what.trim() {
            return Some(key.to_owned());
        }
        if name.to_lowercase() == wanted {
            by_name = Some(key.to_owned());
        }
    }
    by_name
}

/// Checks every row of `text` against `config`, the salon's existing bookings and blocks
/// (`existing`: staff key and occupied seconds) and each other, at instant `now`.
pub fn plan(
    text: &str,
    config: &SalonConfig,
    existing: &[(String, (i64, i64))],
    now: Timestamp,
) -> Result<Plan> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| format!("the header: {e}"))?
        .clone();
    let columns: BTreeMap<&str, usize> = headers
        .iter()
        .enumerate()
        .filter_map(|(i, h)| column(h).map(|c| (c, i)))
        .collect();
    let missing: Vec<&str> = ["date", "time", "service", "staff", "client_name"]
        .into_iter()
        .filter(|c| !columns.contains_key(c))
        .collect();
    if !missing.is_empty() {
        return Err(format!("the file has no column for {}", missing.join(", ")));
    }
    let mut plan = Plan::default();
    let mut taken: Vec<(String, (i64, i64))> = existing.to_vec();
    for (index, record) in reader.records().enumerate() {
        let line = index + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                plan.rejected.push((line, format!("unreadable: {e}")));
                continue;
            }
        };
        let get = |c: &str| {
            columns
                .get(c)
                .and_then(|&i| record.get(i))
                .unwrap_or("")
                .to_owned()
        };
        match row(&get, config, now) {
            Err(reason) => plan.rejected.push((line, reason)),
            Ok(mut planned) => {
                let (start, end) = planned.occupied;
                let overlaps = taken
                    .iter()
                    .any(|(staff, (s, e))| *staff == planned.staff && *s < end && start < *e);
                if overlaps {
                    plan.rejected.push((
                        line,
                        "overlaps another booking of that staff member (in the salon or earlier in the file)"
                            .to_owned(),
                    ));
                    continue;
                }
                taken.push((planned.staff.clone(), planned.occupied));
                planned.line = line;
                plan.accepted.push(planned);
            }
        }
    }
    Ok(plan)
}

/// One row, checked on its own.
fn row(
    get: &dyn Fn(&str) -> String,
    config: &SalonConfig,
    now: Timestamp,
) -> std::result::Result<Planned, String> {
    let service_key = find(
        &get("service"),
        config
            .services
            .iter()
            .map(|s| (s.key.as_ref(), s.name.as_str())),
    )
    .ok_or_else(|| format!("unknown service {:?}", get("service")))?;
    let staff_key = find(
        &get("staff"),
        config
            .staff
            .iter()
            .map(|s| (s.key.as_ref(), s.name.as_str())),
    )
    .ok_or_else(|| format!("unknown staff member {:?}", get("staff")))?;
    let service = config.service(&service_key).expect("found above");
    let staff = config.staff_member(&staff_key).expect("found above");
    if !staff.services.iter().any(|k| k.as_ref() == service_key) {
        return Err(format!("{} does not do {}", staff.name, service.name));
    }
    let start = local_start(&get("date"), &get("time"), &config.timezone)?;
    if start <= now {
        return Err("in the past (history is not imported)".to_owned());
    }
    let wire = ClientWire {
        name: get("client_name"),
        email: Some(get("email")).filter(|e| !e.is_empty()),
        phone: Some(get("phone")).filter(|p| !p.is_empty()),
    };
    let client = ClientDetails::parse_with(&wire, &config.country, Contact::Optional).map_err(
        |problems| {
            let rendered = problems.render(shared::Locale::En);
            rendered
                .iter()
                .map(|(field, e)| format!("{field}: {}", e.message))
                .collect::<Vec<_>>()
                .join("; ")
        },
    )?;
    let notes = Notes::parse(&get("notes"))
        .map_err(|p| format!("notes: {}", p.message(shared::Locale::En)))?;
    let timing = service.timing();
    let occupied = timing.occupied(start.as_second());
    Ok(Planned {
        line: 0,
        service: service_key,
        staff: staff_key,
        start: start
            .display_with_offset(config.timezone.to_offset(start))
            .to_string(),
        client: ClientWire {
            name: client.name.as_ref().to_owned(),
            email: client.email.as_ref().map(|e| e.as_ref().to_owned()),
            phone: client.phone.as_ref().map(|p| p.as_ref().to_owned()),
        },
        notes: notes.as_ref().to_owned(),
        occupied: (occupied.start, occupied.end),
    })
}

/// The instant of a local date and time in `tz`; a time the clocks skip is refused.
fn local_start(date: &str, time: &str, tz: &TimeZone) -> std::result::Result<Timestamp, String> {
    let day = shared::date::CalendarDate::parse(date)
        .map_err(|_| format!("date {date:?} is not written YYYY-MM-DD"))?;
    let at: jiff::civil::Time = format!("{time}:00")
        .parse()
        .map_err(|_| format!("time {time:?} is not written HH:MM"))?;
    let local = day.to_civil().to_datetime(at);
    let ambiguous = tz.to_ambiguous_timestamp(local);
    if let jiff::tz::AmbiguousOffset::Gap { .. } = ambiguous.offset() {
        return Err(format!(
            "{date} {time} does not exist there (the clocks go forward)"
        ));
    }
    ambiguous
        .compatible()
        .map_err(|e| format!("{date} {time}: {e}"))
}

fn agent() -> ureq::Agent {
    ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(30))
        .build()
}

fn get_json(api: &str, path: &str, key: &str) -> Result<Value> {
    agent()
        .get(&format!("{api}{path}"))
        .set("authorization", &format!("Bearer {key}"))
        .call()
        .map_err(|e| format!("GET {path}: {e}"))?
        .into_json()
        .map_err(|e| e.to_string())
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Rows that passed the checks (and, when applied, were booked or were already).
    pub accepted: usize,
    /// A line number and why, sorted.
    pub rejected: Vec<(usize, String)>,
}

/// Checks `text` against the salon behind `api` and, with `apply`, books every accepted row.
pub fn run(api: &str, slug: &str, key: &str, text: &str, apply: bool) -> Result<Report> {
    let document: SalonConfigWire = serde_json::from_value(get_json(
        api,
        &format!("/v1/admin/salons/{slug}/config"),
        key,
    )?)
    .map_err(|e| e.to_string())?;
    let config = SalonConfig::parse(&document).map_err(|p| format!("{p:?}"))?;
    let now = Timestamp::now();
    let today = now.to_zoned(config.timezone.clone()).date();
    let until = today
        .checked_add(jiff::ToSpan::days(366))
        .map_err(|e| e.to_string())?;
    let listed: OwnerBookings = serde_json::from_value(get_json(
        api,
        &format!("/v1/admin/salons/{slug}/bookings?from={today}&to={until}"),
        key,
    )?)
    .map_err(|e| e.to_string())?;
    let seconds = |s: &str| s.parse::<Timestamp>().map(|t| t.as_second()).unwrap_or(0);
    // A booking this file made before (same person, time and client) is the row itself, not in
    // its way: applying a file twice books nothing twice and refuses nothing the first time took.
    let rows = plan(text, &config, &[], now)?;
    let made_by_file = |b: &shared::api::BookingView| {
        rows.accepted
            .iter()
            .any(|p| p.staff == b.staff && p.start == b.start && p.client.name == b.client.name)
    };
    let existing: Vec<(String, (i64, i64))> = listed
        .bookings
        .iter()
        .map(|b| &b.booking)
        .filter(|b| b.status == shared::api::BookingStatus::Confirmed && !made_by_file(b))
        .map(|b| (b.staff.clone(), (seconds(&b.start), seconds(&b.end))))
        .chain(
            listed
                .blocks
                .iter()
                .map(|b| (b.staff.clone(), (seconds(&b.start), seconds(&b.end)))),
        )
        .collect();
    let plan = plan(text, &config, &existing, now)?;
    let mut report = Report {
        accepted: plan.accepted.len(),
        rejected: plan.rejected.clone(),
    };
    if apply {
        for row in &plan.accepted {
            let answer = agent()
                .post(&format!("{api}/v1/admin/salons/{slug}/bookings"))
                .set("authorization", &format!("Bearer {key}"))
                .set("idempotency-key", &row.key(slug))
                .send_json(row.body());
            match answer {
                Ok(_) => {}
                Err(ureq::Error::Status(status, r)) => {
                    let body: Value = r.into_json().unwrap_or(Value::Null);
                    let message = body["error"]["message"].as_str().unwrap_or("refused");
                    report.accepted -= 1;
                    report
                        .rejected
                        .push((row.line, format!("{status}: {message}")));
                }
                Err(e) => return Err(format!("stopped at line {}: {e}", row.line)),
            }
        }
    }
    report.rejected.sort();
    Ok(report)
}

/// Runs `import`.
pub fn command(args: &[String]) -> Result<()> {
    let usage =
        "usage: cargo xtask import --salon SLUG FILE.csv [--apply] [--api URL] [--key OWNER_KEY]";
    let mut api = "http://127.0.0.1:8787".to_owned();
    let mut key = std::env::var("CHAIRTIME_OWNER_KEY").ok();
    let (mut slug, mut file, mut apply) = (None, None, false);
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--salon" => slug = Some(it.next().ok_or(usage)?.clone()),
            "--api" => api = it.next().ok_or(usage)?.trim_end_matches('/').to_owned(),
            "--key" => key = Some(it.next().ok_or(usage)?.clone()),
            "--apply" => apply = true,
            other if file.is_none() && !other.starts_with("--") => file = Some(other.to_owned()),
            _ => return Err(usage.to_owned()),
        }
    }
    let (Some(slug), Some(file)) = (slug, file) else {
        return Err(usage.to_owned());
    };
    let key = key.ok_or("set CHAIRTIME_OWNER_KEY or pass --key with an owner API key")?;
    let text = std::fs::read_to_string(&file).map_err(|e| format!("{file}: {e}"))?;
    let report = run(&api, &slug, &key, &text, apply)?;
    for (line, reason) in &report.rejected {
        println!("line {line}: {reason}");
    }
    if apply {
        println!(
            "{} appointment(s) imported (or already there), {} row(s) rejected",
            report.accepted,
            report.rejected.len()
        );
    } else {
        println!(
            "dry run: {} appointment(s) would be imported, {} row(s) rejected; add --apply to import",
            report.accepted,
            report.rejected.len()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> SalonConfig {
        let document: SalonConfigWire = serde_json::from_value(json!({
            "name": "Fifi", "timezone": "Europe/Paris", "currency": "EUR", "country": "FR",
            "services": [
                {"key": "cut", "name": "Cut & finish", "duration_minutes": 30, "price_cents": 3000},
                {"key": "colour", "name": "Colour", "duration_minutes": 90, "price_cents": 8000}
            ],
            "staff": [
                {"key": "ana", "name": "Ana", "services": ["cut", "colour"]},
                {"key": "bob", "name": "Bob", "services": ["cut"]}
            ]
        }))
        .unwrap();
        SalonConfig::parse(&document).unwrap()
    }

    const NOW: &str = "2027-03-01T09:00:00Z";

    #[test]
    fn rows_map_names_to_keys_and_every_refusal_says_why() {
        let text = "\u{feff}Date,Start Time,Service,Team Member,Client,Email,Mobile,Notes,Price\n\
            2027-03-27,10:00,cut & finish,Ana,Zoé Martin,zoe@example.com,06 12 34 56 78,,30\n\
            2027-03-28,02:30,Cut & finish,Ana,Night Owl,owl@example.com,,,30\n\
            2027-03-28,10:00,Colour,bob,Bad Match,x@example.com,,,80\n\
            2027-03-28,10:00,Balayage,Ana,Unknown,y@example.com,,,80\n\
            2027-02-01,10:00,Cut & finish,Ana,Too Late,z@example.com,,,30\n\
            2027-03-27,10:15,cut,ana,Overlap,o@example.com,,,30\n\
            2027-03-27,10:40,cut,ana,After Buffer,a@example.com,,\"Left-handed, likes tea\",30\n\
            2027-03-29,25:00,cut,ana,Bad Time,b@example.com,,,30\n\
            2027-03-29,11:00,cut,ana,,c@example.com,,,30\n";
        let plan = plan(text, &config(), &[], NOW.parse().unwrap()).unwrap();
        let accepted: Vec<(usize, &str, &str)> = plan
            .accepted
            .iter()
            .map(|p| (p.line, p.start.as_str(), p.client.name.as_str()))
            .collect();
        assert_eq!(
            accepted,
            [
                (2, "2027-03-27T10:00:00+01:00", "Zoé Martin"),
                (8, "2027-03-27T10:40:00+01:00", "After Buffer"),
            ]
        );
        assert_eq!(
            plan.accepted[0].client.phone.as_deref(),
            Some("+33612345678")
        );
        assert_eq!(plan.accepted[1].notes, "Left-handed, likes tea");
        let lines: Vec<usize> = plan.rejected.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [3, 4, 5, 6, 7, 9, 10]);
        let reason = |line: usize| &plan.rejected.iter().find(|(l, _)| *l == line).unwrap().1;
        assert!(reason(3).contains("does not exist"), "{}", reason(3));
        assert!(reason(4).contains("Bob does not do Colour"));
        assert!(reason(5).contains("unknown service \"Balayage\""));
        assert!(reason(6).contains("in the past"));
        assert!(reason(7).contains("overlaps"));
        assert!(reason(9).contains("HH:MM"));
        assert!(reason(10).contains("client.name"));
    }

    #[test]
    fn existing_bookings_are_never_overlapped_and_keys_are_stable() {
        let text = "date,time,service,staff,client name\n2027-03-27,10:00,cut,ana,A\n2027-03-27,10:00,cut,bob,B\n";
        let start: Timestamp = "2027-03-27T09:00:00Z".parse().unwrap();
        let existing = [(
            "ana".to_owned(),
            (start.as_second(), start.as_second() + 1800),
        )];
        let plan1 = plan(text, &config(), &existing, NOW.parse().unwrap()).unwrap();
        assert_eq!(plan1.rejected.len(), 1);
        assert_eq!(plan1.accepted[0].staff, "bob");
        let plan2 = plan(text, &config(), &existing, NOW.parse().unwrap()).unwrap();
        assert_eq!(plan1.accepted[0].key("fifi"), plan2.accepted[0].key("fifi"));
        assert_ne!(
            plan1.accepted[0].key("fifi"),
            plan1.accepted[0].key("other")
        );
        let missing = plan("date,service\n", &config(), &[], NOW.parse().unwrap());
        assert_eq!(
            missing.unwrap_err(),
            "the file has no column for time, staff, client_name"
        );
    }
}
