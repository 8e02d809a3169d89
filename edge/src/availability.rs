//! The availability use case: a salon's public profile and its free times, computed by the slot
//! engine from the salon's *inputs* (configuration and confirmed bookings), which this location's edge
//! cache keeps for a short while (SPEC §6, `cache`). Every change to a salon's bookings or
//! configuration calls [`purge`].

use jiff::civil::Date;
use jiff::Timestamp;
use shared::api::{AvailabilityWire, SalonProfile, ServiceProfile, StaffProfile};
use shared::booking::{busy_by_staff, staff_inputs};
use shared::client::StaffChoice;
use shared::config::SalonConfig;
use shared::horizon::{busy_window, horizon, OutOfRange};
use shared::slots::{self, Interval, Query};

use crate::cache;
use crate::db::{self, Busy, DbError, Salon};
use crate::routes::Services;

/// Why a question about availability has no answer.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no such {0}")]
    NotFound(&'static str),
    /// A date of the question, or of the window it spans, is outside the supported years.
    #[error("{0} is out of range")]
    OutOfRange(&'static str),
    #[error(transparent)]
    Db(#[from] DbError),
}

/// The public view of a salon's configuration: no origins, no time off, nothing about clients.
pub fn profile_of(salon: &Salon) -> SalonProfile {
    let c = &salon.config;
    SalonProfile {
        slug: salon.slug.clone(),
        name: c.name.clone(),
        timezone: c.timezone_name.clone(),
        currency: c.currency.clone(),
        country: c.country.clone(),
        locale: c.locale.clone(),
        policy: c.policy,
        services: c
            .services
            .iter()
            .map(|s| ServiceProfile {
                key: s.key.to_string(),
                name: s.name.clone(),
                category: s.category.clone(),
                description: s.description.clone(),
                duration_minutes: s.duration_minutes,
                price_cents: s.price_cents,
            })
            .collect(),
        staff: c
            .staff
            .iter()
            .map(|s| StaffProfile {
                key: s.key.to_string(),
                name: s.name.clone(),
                services: s.services.iter().map(ToString::to_string).collect(),
            })
            .collect(),
    }
}

/// A salon, the confirmed bookings touching a window, and whether they came from the edge cache.
pub struct Inputs {
    pub salon: Salon,
    pub busy: Vec<Busy>,
    pub hit: bool,
}

fn touches(busy: &Busy, window: Option<(i64, i64)>) -> bool {
    window.is_none_or(|(from, to)| busy.occupied.start < to && busy.occupied.end > from)
}

/// The cached entry, when it is there, readable and covers `window`.
async fn from_cache(services: &Services, key: &str, window: Option<(i64, i64)>) -> Option<Inputs> {
    let text = services.cache.get(key).await?;
    let entry = serde_json::from_str::<cache::CachedInputs>(&text).ok()?;
    let covers =
        window.is_none_or(|(from, to)| entry.horizon_start <= from && to <= entry.horizon_end);
    if !covers {
        return None;
    }
    let config = SalonConfig::parse(&entry.document).ok()?;
    let busy = entry
        .busy
        .iter()
        .filter_map(|&[staff, start, occupied_start, occupied_end]| {
            Some(Busy {
                staff_key: entry.staff.get(usize::try_from(staff).ok()?)?.clone(),
                starts_at: Timestamp::from_second(start).ok()?,
                occupied: Interval {
                    start: occupied_start,
                    end: occupied_end,
                },
            })
        })
        .filter(|b| touches(b, window))
        .collect();
    let salon = Salon {
        id: entry.id,
        slug: entry.slug,
        config,
        document: entry.document,
    };
    Some(Inputs {
        salon,
        busy,
        hit: true,
    })
}

/// The cache entry of a salon's inputs over `[horizon_start, horizon_end)`.
fn entry_of(salon: &Salon, busy: &[Busy], horizon: (i64, i64)) -> cache::CachedInputs {
    let staff: Vec<String> = salon
        .config
        .staff
        .iter()
        .map(|s| s.key.to_string())
        .collect();
    cache::CachedInputs {
        id: salon.id,
        slug: salon.slug.clone(),
        document: salon.document.clone(),
        horizon_start: horizon.0,
        horizon_end: horizon.1,
        busy: busy
            .iter()
            .filter_map(|b| {
                let index = staff.iter().position(|k| *k == b.staff_key)?;
                Some([
                    index as i64,
                    b.starts_at.as_second(),
                    b.occupied.start,
                    b.occupied.end,
                ])
            })
            .collect(),
        staff,
    }
}

/// Reads a salon's inputs from this location's cache when they cover `window`; otherwise loads the
/// salon and its bookable horizon in one round trip and caches them. A window outside the horizon (the
/// past, or beyond the last bookable day) is read from the database and not cached.
pub async fn inputs(
    services: &Services,
    slug: &str,
    window: Option<(Timestamp, Timestamp)>,
) -> Result<Inputs, Error> {
    let window = window.map(|(a, b)| (a.as_second(), b.as_second()));
    let key = cache::inputs_key(slug);
    if let Some(inputs) = from_cache(services, &key, window).await {
        return Ok(inputs);
    }
    let out_of_range = |_: OutOfRange| Error::OutOfRange("from");
    let today = services.now.to_zoned(jiff::tz::TimeZone::UTC).date();
    let (start, _) = horizon(today, 0).map_err(out_of_range)?;
    let (salon, horizon_busy) = db::salons::with_horizon(&services.neon, slug, start)
        .await?
        .ok_or(Error::NotFound("salon"))?;
    let (start, end) =
        horizon(today, salon.config.policy.max_advance_days).map_err(out_of_range)?;
    let covered = (start.as_second(), end.as_second());
    let entry = entry_of(&salon, &horizon_busy, covered);
    let text = serde_json::to_string(&entry).expect("inputs serialize");
    services.cache.put(&key, text, cache::MAX_AGE).await;
    let busy = match window {
        Some((from, to)) if !(covered.0 <= from && to <= covered.1) => {
            let at = |second: i64| Timestamp::from_second(second).expect("windows are in range");
            db::salons::busy_between(&services.neon, salon.id, at(from), at(to)).await?
        }
        _ => horizon_busy
            .into_iter()
            .filter(|b| touches(b, window))
            .collect(),
    };
    Ok(Inputs {
        salon,
        busy,
        hit: false,
    })
}

/// Removes a salon's cached inputs in this location, so the next lookup here sees a booking made or
/// freed, or a configuration replaced.
pub async fn purge(services: &Services, slug: &str) {
    services.cache.delete(&cache::inputs_key(slug)).await;
}

/// A question about free times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub service: String,
    /// `any` or a staff key, as asked; anything else names nobody.
    pub staff: String,
    /// The first local date; the salon's today when absent.
    pub from: Option<Date>,
    pub days: u16,
}

/// The free times of a salon for `question`, and whether its inputs came from the edge cache.
pub async fn free_times(
    services: &Services,
    slug: &str,
    question: &Question,
) -> Result<(AvailabilityWire, bool), Error> {
    // The salon's zone is not known yet: today in UTC is within a day of it, inside the window's margin.
    let guess_from = question
        .from
        .unwrap_or_else(|| services.now.to_zoned(jiff::tz::TimeZone::UTC).date());
    let window =
        busy_window(guess_from, i64::from(question.days)).map_err(|_| Error::OutOfRange("from"))?;
    let Inputs { salon, busy, hit } = inputs(services, slug, Some(window)).await?;
    let config = &salon.config;
    let service = config
        .service(&question.service)
        .ok_or(Error::NotFound("service"))?;
    let only = match StaffChoice::parse(&question.staff) {
        Ok(StaffChoice::Any) => None,
        // A value that is not even a key names nobody, like an unknown key.
        Ok(StaffChoice::Named(_)) | Err(_) => Some(
            config
                .staff
                .iter()
                .position(|s| s.key.as_ref() == question.staff)
                .ok_or(Error::NotFound("staff"))?,
        ),
    };
    let from = question
        .from
        .unwrap_or_else(|| services.now.to_zoned(config.timezone.clone()).date());
    let grouped = busy_by_staff(config, &busy);
    let inputs = staff_inputs(config, &service.key, &grouped, only);
    let keys: Vec<&str> = config
        .staff
        .iter()
        .enumerate()
        .filter(|(i, _)| only.is_none_or(|o| o == *i))
        .map(|(_, s)| s.key.as_ref())
        .collect();
    let days = slots::slots(&Query {
        tz: &config.timezone,
        policy: &config.policy,
        service: service.timing(),
        staff: &inputs,
        from,
        days: question.days,
        now: services.now,
    });
    // A window that runs past the last supported date is the only way to fail here.
    let wire = AvailabilityWire::from_days(&config.timezone_name, &days, &keys)
        .map_err(|_| Error::OutOfRange("from"))?;
    Ok((wire, hit))
}
