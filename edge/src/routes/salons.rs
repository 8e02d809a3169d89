//! The public salon profile and its availability.

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use shared::api::{AvailabilityWire, SalonProfile, ServiceProfile, StaffProfile};
use shared::config::SalonConfig;
use shared::slots::{self, Interval, Query, StaffInput};

use super::Services;
use crate::cache;
use crate::db::{self, Busy, Salon};
use crate::error::ApiError;
use crate::http::{Incoming, Reply};

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

/// A salon's configuration from the edge cache, or from the database (and then cached). Returns
/// whether it was a cache hit.
pub async fn cached_salon(services: &Services, slug: &str) -> Result<(Salon, bool), ApiError> {
    let key = cache::salon_key(slug);
    if let Some(text) = services.cache.get(&key).await {
        if let Ok(cached) = serde_json::from_str::<cache::CachedSalon>(&text) {
            if let Ok(config) = SalonConfig::parse(&cached.document) {
                let salon = Salon {
                    id: cached.id,
                    slug: cached.slug,
                    config,
                    document: cached.document,
                };
                return Ok((salon, true));
            }
        }
    }
    let salon = db::salon(&services.neon, slug)
        .await?
        .ok_or(ApiError::NotFound("salon"))?;
    let cached = cache::CachedSalon {
        id: salon.id,
        slug: salon.slug.clone(),
        document: salon.document.clone(),
    };
    let text = serde_json::to_string(&cached).expect("a configuration serializes");
    services.cache.put(&key, text, cache::SALON_MAX_AGE).await;
    Ok((salon, false))
}

/// A salon's busy intervals touching UTC dates `[from, to)`: each date from the edge cache, the missing
/// ones from the database in one query (and then cached). Returns whether every date was a hit.
pub async fn cached_busy(
    services: &Services,
    salon_id: i64,
    from: Date,
    to: Date,
) -> Result<(Vec<Busy>, bool), ApiError> {
    let mut dates = Vec::new();
    let mut date = from;
    while date < to {
        dates.push(date);
        date = date
            .tomorrow()
            .map_err(|_| ApiError::bad_request("invalid_parameter", "dates out of range"))?;
    }
    let mut entries: Vec<cache::CachedBusy> = Vec::new();
    let mut missing = Vec::new();
    for &d in &dates {
        match services
            .cache
            .get(&cache::busy_key(salon_id, d))
            .await
            .and_then(|t| serde_json::from_str::<Vec<cache::CachedBusy>>(&t).ok())
        {
            Some(found) => entries.extend(found),
            None => missing.push(d),
        }
    }
    let hit = missing.is_empty();
    if let (Some(&first), Some(&last)) = (missing.first(), missing.last()) {
        let at = |second: i64| {
            Timestamp::from_second(second).expect("dates the engine accepts are in range")
        };
        let (start, end) = (
            cache::utc_midnight(first),
            cache::utc_midnight(last) + 86_400,
        );
        let fetched = db::busy_between(&services.neon, salon_id, at(start), at(end)).await?;
        for &d in &missing {
            let on_date: Vec<cache::CachedBusy> = fetched
                .iter()
                .filter(|b| cache::touches(b, d))
                .cloned()
                .collect();
            let text = serde_json::to_string(&on_date).expect("busy intervals serialize");
            services
                .cache
                .put(&cache::busy_key(salon_id, d), text, cache::BUSY_MAX_AGE)
                .await;
        }
        entries.extend(fetched);
    }
    entries.sort_by(|a, b| {
        (a.occupied_start, a.occupied_end, &a.staff).cmp(&(
            b.occupied_start,
            b.occupied_end,
            &b.staff,
        ))
    });
    entries.dedup();
    let busy = entries
        .into_iter()
        .map(|e| Busy {
            staff_key: e.staff,
            starts_at: Timestamp::from_second(e.start).expect("stored instants are in range"),
            occupied: Interval {
                start: e.occupied_start,
                end: e.occupied_end,
            },
        })
        .collect();
    Ok((busy, hit))
}

/// Removes the cached busy intervals of the dates `occupied` touches, so the next lookup here sees a
/// booking made or freed.
pub async fn purge_busy(services: &Services, salon_id: i64, occupied: Interval) {
    for date in cache::utc_dates(occupied) {
        services
            .cache
            .delete(&cache::busy_key(salon_id, date))
            .await;
    }
}

/// `GET /v1/salons/{slug}`.
pub async fn profile(services: &Services, req: &Incoming, slug: &str) -> Result<Reply, ApiError> {
    let (salon, hit) = cached_salon(services, slug).await?;
    Ok(super::revalidated_json(req, &profile_of(&salon), hit))
}

/// The confirmed bookings of each staff member, in the salon's staff order.
pub fn busy_by_staff(config: &SalonConfig, busy: &[Busy]) -> Vec<Vec<Interval>> {
    let mut grouped = vec![Vec::new(); config.staff.len()];
    for b in busy {
        if let Some(i) = config
            .staff
            .iter()
            .position(|s| s.key.as_ref() == b.staff_key)
        {
            grouped[i].push(b.occupied);
        }
    }
    grouped
}

/// The engine's view of the chosen staff (all when `only` is `None`) for one service.
pub fn staff_inputs<'a>(
    config: &'a SalonConfig,
    service: &shared::keys::Key,
    grouped: &'a [Vec<Interval>],
    only: Option<usize>,
) -> Vec<StaffInput<'a>> {
    config
        .staff
        .iter()
        .zip(grouped)
        .enumerate()
        .filter(|(i, _)| only.is_none_or(|o| o == *i))
        .map(|(_, (staff, bookings))| StaffInput {
            performs: staff.performs(service),
            hours: &staff.hours,
            time_off: &staff.time_off,
            bookings,
        })
        .collect()
}

/// The instants that bound every booking that can matter to local dates `[from, from + days)`. The
/// dates are read as UTC with two days of margin either way, which covers every time zone on Earth,
/// buffers and hours past midnight, so the window can be computed before the salon is loaded.
pub fn busy_window(from: Date, days: i64) -> Result<(Timestamp, Timestamp), ApiError> {
    let out_of_range = || ApiError::bad_request("invalid_parameter", "from is out of range");
    let at_utc_midnight = |date: Date| -> Result<Timestamp, ApiError> {
        Ok(date
            .to_zoned(jiff::tz::TimeZone::UTC)
            .map_err(|_| out_of_range())?
            .timestamp())
    };
    let start = from.checked_sub(2.days()).map_err(|_| out_of_range())?;
    let end = from
        .checked_add((days + 2).days())
        .map_err(|_| out_of_range())?;
    Ok((at_utc_midnight(start)?, at_utc_midnight(end)?))
}

/// The parameters of an availability request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AvailabilityParams {
    pub service: String,
    pub staff: String,
    pub from: Option<Date>,
    pub days: u16,
}

/// Reads and checks availability parameters; unknown parameters are refused so typos do not go unnoticed.
pub fn parse_availability_params(req: &Incoming) -> Result<AvailabilityParams, ApiError> {
    let mut params = AvailabilityParams {
        service: String::new(),
        staff: "any".to_owned(),
        from: None,
        days: 7,
    };
    for (key, value) in req.query_pairs() {
        match key.as_str() {
            "service" => params.service = value,
            "staff" => params.staff = value,
            "from" => {
                let valid =
                    value.len() == 10 && value.as_bytes()[4] == b'-' && value.as_bytes()[7] == b'-';
                let date = value
                    .parse::<Date>()
                    .ok()
                    .filter(|_| valid)
                    .ok_or_else(|| {
                        ApiError::bad_request(
                            "invalid_parameter",
                            "from must be a date written YYYY-MM-DD",
                        )
                    })?;
                params.from = Some(date);
            }
            "days" => {
                params.days = value
                    .parse::<u16>()
                    .ok()
                    .filter(|d| (1..=31).contains(d))
                    .ok_or_else(|| {
                        ApiError::bad_request(
                            "invalid_parameter",
                            "days must be a whole number from 1 to 31",
                        )
                    })?;
            }
            other => {
                return Err(ApiError::bad_request(
                    "unknown_parameter",
                    format!("unknown parameter {other:?}; expected service, staff, from, days"),
                ))
            }
        }
    }
    if params.service.is_empty() {
        return Err(ApiError::bad_request(
            "missing_parameter",
            "service is required",
        ));
    }
    Ok(params)
}

/// `GET /v1/salons/{slug}/availability`.
pub async fn availability(
    services: &Services,
    req: &Incoming,
    slug: &str,
) -> Result<Reply, ApiError> {
    let params = parse_availability_params(req)?;
    let guess_from = params
        .from
        .unwrap_or_else(|| services.now.to_zoned(jiff::tz::TimeZone::UTC).date());
    let (window_start, window_end) = busy_window(guess_from, i64::from(params.days))?;
    let utc_date = |t: Timestamp| t.to_zoned(jiff::tz::TimeZone::UTC).date();
    let (salon, salon_hit) = cached_salon(services, slug).await?;
    let (busy, busy_hit) = cached_busy(
        services,
        salon.id,
        utc_date(window_start),
        utc_date(window_end),
    )
    .await?;
    let config = &salon.config;
    let service = config
        .service(&params.service)
        .ok_or(ApiError::NotFound("service"))?;
    let only = match params.staff.as_str() {
        "any" => None,
        key => Some(
            config
                .staff
                .iter()
                .position(|s| s.key.as_ref() == key)
                .ok_or(ApiError::NotFound("staff"))?,
        ),
    };
    let from = params
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
        days: params.days,
        now: services.now,
    });
    let wire = AvailabilityWire::from_days(&config.timezone_name, &days, &keys);
    Ok(super::revalidated_json(req, &wire, salon_hit && busy_hit))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(query: &str) -> Incoming {
        Incoming {
            query: query.to_owned(),
            ..Incoming::default()
        }
    }

    #[test]
    fn availability_parameters_have_defaults_and_bounds() {
        let p = parse_availability_params(&req("service=cut")).unwrap();
        assert_eq!((p.staff.as_str(), p.days, p.from), ("any", 7, None));
        let p = parse_availability_params(&req("service=cut&staff=ana&from=2026-12-01&days=31"))
            .unwrap();
        assert_eq!(p.from, Some(jiff::civil::date(2026, 12, 1)));
        for bad in [
            "service=cut&days=0",
            "service=cut&days=32",
            "service=cut&days=x",
            "service=cut&from=2026-13-01",
            "service=cut&from=20261201",
            "service=cut&colour=red",
            "staff=ana",
        ] {
            let err = parse_availability_params(&req(bad)).unwrap_err();
            assert_eq!(err.status(), 400, "{bad}");
        }
    }
}
