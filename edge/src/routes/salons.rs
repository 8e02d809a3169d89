//! The public salon profile and its availability.

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use shared::api::ErrorCode;
use shared::api::{AvailabilityWire, SalonProfile, ServiceProfile, StaffProfile};
use shared::client::{Problem, StaffChoice};
use shared::config::SalonConfig;
use shared::date::{CalendarDate, DateError};
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

/// A salon, the confirmed bookings touching a window, and whether they came from the edge cache.
pub struct Inputs {
    pub salon: Salon,
    pub busy: Vec<Busy>,
    pub hit: bool,
}

fn touches(busy: &Busy, window: Option<(i64, i64)>) -> bool {
    window.is_none_or(|(from, to)| busy.occupied.start < to && busy.occupied.end > from)
}

/// Reads a salon's inputs from this location's cache when they cover `window`; otherwise loads the
/// salon and its bookable horizon in one round trip and caches them. A window outside the horizon (the
/// past, or beyond the last bookable day) is read from the database and not cached.
pub async fn cached_inputs(
    services: &Services,
    slug: &str,
    window: Option<(Timestamp, Timestamp)>,
) -> Result<Inputs, ApiError> {
    let window = window.map(|(a, b)| (a.as_second(), b.as_second()));
    let key = cache::inputs_key(slug);
    let entry = services
        .cache
        .get(&key)
        .await
        .and_then(|text| serde_json::from_str::<cache::CachedInputs>(&text).ok());
    if let Some(entry) = entry {
        let covers =
            window.is_none_or(|(from, to)| entry.horizon_start <= from && to <= entry.horizon_end);
        if let (true, Ok(config)) = (covers, SalonConfig::parse(&entry.document)) {
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
            return Ok(Inputs {
                salon,
                busy,
                hit: true,
            });
        }
    }
    let today = services.now.to_zoned(jiff::tz::TimeZone::UTC).date();
    let (start, _) = horizon(today, 0)?;
    let at = |second: i64| Timestamp::from_second(second).expect("horizons are in range");
    let (salon, horizon_busy) = db::salon_with_horizon(&services.neon, slug, start)
        .await?
        .ok_or(ApiError::NotFound("salon"))?;
    let (start, end) = horizon(today, salon.config.policy.max_advance_days)?;
    let (horizon_start, horizon_end) = (start.as_second(), end.as_second());
    let staff: Vec<String> = salon
        .config
        .staff
        .iter()
        .map(|s| s.key.to_string())
        .collect();
    let entry = cache::CachedInputs {
        id: salon.id,
        slug: salon.slug.clone(),
        document: salon.document.clone(),
        horizon_start,
        horizon_end,
        busy: horizon_busy
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
    };
    let text = serde_json::to_string(&entry).expect("inputs serialize");
    services.cache.put(&key, text, cache::MAX_AGE).await;
    let busy = match window {
        Some((from, to)) if !(horizon_start <= from && to <= horizon_end) => {
            db::busy_between(&services.neon, salon.id, at(from), at(to)).await?
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

/// `GET /v1/salons/{slug}`.
pub async fn profile(services: &Services, req: &Incoming, slug: &str) -> Result<Reply, ApiError> {
    let inputs = cached_inputs(services, slug, None).await?;
    Ok(super::revalidated_json(
        req,
        &profile_of(&inputs.salon),
        inputs.hit,
    ))
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
    let out_of_range =
        || ApiError::bad_request(ErrorCode::InvalidParameter, "from is out of range");
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

/// What a salon's cached inputs cover: the [`busy_window`] of every bookable local date, wherever
/// the salon is. Local dates run from a day behind UTC's (UTC−12) to a day ahead (UTC+14). Its length
/// is [`db::horizon_days`], which the database also uses.
pub fn horizon(today_utc: Date, max_advance_days: u16) -> Result<(Timestamp, Timestamp), ApiError> {
    let out_of_range =
        || ApiError::bad_request(ErrorCode::InvalidParameter, "from is out of range");
    let (start, _) = busy_window(today_utc.yesterday().map_err(|_| out_of_range())?, 0)?;
    let (_, end) = busy_window(
        today_utc.tomorrow().map_err(|_| out_of_range())?,
        i64::from(max_advance_days) + 1,
    )?;
    Ok((start, end))
}

/// The parameters of an availability request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AvailabilityParams {
    pub service: String,
    pub staff: String,
    pub from: Option<Date>,
    pub days: u16,
}

/// Reads a local date parameter through `shared`'s rules: not a date written `YYYY-MM-DD` is 400, a
/// real date outside the supported years is 422 on that parameter.
pub fn query_date(name: &str, value: &str) -> Result<Date, ApiError> {
    match CalendarDate::parse(value) {
        Ok(date) => Ok(date.to_civil()),
        Err(DateError::Invalid) => Err(ApiError::bad_request(
            ErrorCode::InvalidParameter,
            format!("{name} must be a date written YYYY-MM-DD"),
        )),
        Err(DateError::OutOfRange) => Err(unsupported_date(name)),
    }
}

/// 422 on a date parameter whose dates leave the supported years.
fn unsupported_date(name: &str) -> ApiError {
    let mut fields = std::collections::BTreeMap::new();
    fields.insert(
        name.to_owned(),
        Problem::OutOfRange.to_field_error(shared::Locale::En),
    );
    ApiError::Validation(fields)
}

/// Reads and checks availability parameters; unknown parameters are refused so typos do not go unnoticed.
pub fn parse_availability_params(req: &Incoming) -> Result<AvailabilityParams, ApiError> {
    let mut params = AvailabilityParams {
        service: String::new(),
        staff: StaffChoice::ANY.to_owned(),
        from: None,
        days: 7,
    };
    for (key, value) in req.query_pairs() {
        match key.as_str() {
            "service" => params.service = value,
            "staff" => params.staff = value,
            "from" => {
                params.from = Some(query_date("from", &value)?);
            }
            "days" => {
                params.days = value
                    .parse::<u16>()
                    .ok()
                    .filter(|d| (1..=31).contains(d))
                    .ok_or_else(|| {
                        ApiError::bad_request(
                            ErrorCode::InvalidParameter,
                            "days must be a whole number from 1 to 31",
                        )
                    })?;
            }
            other => {
                return Err(ApiError::bad_request(
                    ErrorCode::UnknownParameter,
                    format!("unknown parameter {other:?}; expected service, staff, from, days"),
                ))
            }
        }
    }
    if params.service.is_empty() {
        return Err(ApiError::bad_request(
            ErrorCode::MissingParameter,
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
    let Inputs { salon, busy, hit } =
        cached_inputs(services, slug, Some((window_start, window_end))).await?;
    let config = &salon.config;
    let service = config
        .service(&params.service)
        .ok_or(ApiError::NotFound("service"))?;
    let only = match StaffChoice::parse(&params.staff) {
        Ok(StaffChoice::Any) => None,
        // A value that is not even a key names nobody, like an unknown key.
        Ok(StaffChoice::Named(_)) | Err(_) => Some(
            config
                .staff
                .iter()
                .position(|s| s.key.as_ref() == params.staff)
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
    // A window that runs past the last supported date is the only way to fail here.
    let wire = AvailabilityWire::from_days(&config.timezone_name, &days, &keys)
        .map_err(|_| unsupported_date("from"))?;
    Ok(super::revalidated_json(req, &wire, hit))
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
    fn the_horizon_covers_every_bookable_date_in_every_time_zone() {
        let max_advance = 60;
        for now in [
            "2026-06-01T00:30:00Z",
            "2026-06-01T11:00:00Z",
            "2026-06-01T23:30:00Z",
        ] {
            let now: Timestamp = now.parse().unwrap();
            let today_utc = now.to_zoned(jiff::tz::TimeZone::UTC).date();
            let (start, end) = horizon(today_utc, max_advance).unwrap();
            assert_eq!(
                (end.as_second() - start.as_second()) / 86_400,
                db::horizon_days(max_advance),
                "the database reads the same span"
            );
            for zone in ["Etc/GMT+12", "UTC", "Pacific/Kiritimati"] {
                let today = now.to_zoned(jiff::tz::TimeZone::get(zone).unwrap()).date();
                for ahead in 0..=i64::from(max_advance) {
                    let from = today.checked_add(ahead.days()).unwrap();
                    let (a, b) = busy_window(from, 1).unwrap();
                    assert!(start <= a && b <= end, "{zone} at {now}: {from} is outside");
                }
                let (a, b) = busy_window(today, 14).unwrap();
                assert!(start <= a && b <= end, "{zone} at {now}: the first page");
            }
        }
    }

    #[test]
    fn availability_parameters_have_defaults_and_bounds() {
        let p = parse_availability_params(&req("service=cut")).unwrap();
        assert_eq!(
            (p.staff.as_str(), p.days, p.from),
            (StaffChoice::ANY, 7, None)
        );
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
        for far in ["0000-01-01", "1969-12-31", "3000-01-01", "9999-12-31"] {
            let err = parse_availability_params(&req(&format!("service=cut&from={far}")));
            match err.unwrap_err() {
                ApiError::Validation(fields) => assert_eq!(fields["from"].code, "out_of_range"),
                other => panic!("{far}: {other:?}"),
            }
        }
    }
}
