//! The owner API: creating a salon with the platform token, reading and replacing its configuration with
//! the owner key. Keys are compared by their SHA-256; the plain key exists only in the creation answer.

use shared::api::ErrorCode;
use std::collections::BTreeMap;

use jiff::ToSpan;
use serde::Deserialize;
use serde_json::Value;
use shared::api::{OwnerBooking, OwnerBookingReply, OwnerBookings, SalonCreated};
use shared::config::{ConfigProblem, SalonConfig, SalonConfigWire};
use shared::keys::Slug;
use shared::FieldError;

use super::Services;
use crate::availability;
use crate::db::{self, salons::Owned};
use crate::error::ApiError;
use crate::http::{Incoming, Reply};
use crate::secrets;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateSalon {
    slug: String,
    config: Value,
}

fn problems_to_fields(prefix: &str, problems: Vec<ConfigProblem>) -> ApiError {
    let fields: BTreeMap<String, FieldError> = problems
        .into_iter()
        .map(|p| {
            let path = match (prefix.is_empty(), p.path.is_empty()) {
                (true, _) => p.path,
                (false, true) => prefix.to_owned(),
                (false, false) => format!("{prefix}.{}", p.path),
            };
            (
                path,
                FieldError {
                    code: p.code,
                    message: p.message,
                },
            )
        })
        .collect();
    ApiError::Validation(fields)
}

/// Validates a configuration document given as JSON; returns it in canonical form for storage.
fn validate_config(prefix: &str, document: Value) -> Result<Value, ApiError> {
    let wire: SalonConfigWire = serde_json::from_value(document).map_err(|e| {
        problems_to_fields(
            prefix,
            vec![ConfigProblem {
                path: String::new(),
                code: "invalid_document".to_owned(),
                message: e.to_string(),
            }],
        )
    })?;
    SalonConfig::parse(&wire).map_err(|problems| problems_to_fields(prefix, problems))?;
    Ok(serde_json::to_value(&wire).expect("configuration serializes"))
}

/// `POST /v1/admin/salons`, with the platform token.
pub async fn create_salon(services: &Services, req: &Incoming) -> Result<Reply, ApiError> {
    let expected = services
        .platform_token
        .as_deref()
        .ok_or(ApiError::Forbidden)?;
    let given = req.bearer().ok_or(ApiError::Unauthorized)?;
    if !secrets::constant_time_eq(given, expected) {
        return Err(ApiError::Forbidden);
    }
    let body: CreateSalon = req.json()?;
    let slug = Slug::parse(&body.slug).map_err(|_| {
        let mut fields = BTreeMap::new();
        fields.insert(
            "slug".to_owned(),
            FieldError {
                code: "invalid_slug".to_owned(),
                message: "must be 3 to 40 characters of a-z, 0-9 and -".to_owned(),
            },
        );
        ApiError::Validation(fields)
    })?;
    let config = validate_config("config", body.config)?;
    let owner_key = secrets::new_owner_key();
    let created = db::salons::create(
        &services.neon,
        slug.as_ref(),
        &secrets::sha256_hex(&owner_key),
        &config,
    )
    .await?;
    if created.is_none() {
        return Err(ApiError::Conflict {
            code: ErrorCode::SlugTaken,
            message: format!("The slug {slug} is already taken."),
        });
    }
    Ok(Reply::json(
        201,
        &SalonCreated {
            slug: slug.to_string(),
            owner_key,
        },
    ))
}

/// Checks the owner key of `slug`. No key is 401; a key of another salon is 403.
async fn authorize_owner(
    services: &Services,
    req: &Incoming,
    slug: &str,
) -> Result<Owned, ApiError> {
    let key = req.bearer().ok_or(ApiError::Unauthorized)?;
    let owned = db::salons::owned(&services.neon, slug)
        .await?
        .ok_or(ApiError::NotFound("salon"))?;
    if !secrets::constant_time_eq(&secrets::sha256_hex(key), &owned.key_hash) {
        return Err(ApiError::Forbidden);
    }
    Ok(owned)
}

/// `GET /v1/admin/salons/{slug}/config`.
pub async fn get_config(
    services: &Services,
    req: &Incoming,
    slug: &str,
) -> Result<Reply, ApiError> {
    let owned = authorize_owner(services, req, slug).await?;
    Ok(Reply::json(200, &owned.config).header("cache-control", "no-store"))
}

/// `PUT /v1/admin/salons/{slug}/config`: replaces the whole document in one statement.
pub async fn put_config(
    services: &Services,
    req: &Incoming,
    slug: &str,
) -> Result<Reply, ApiError> {
    let Owned { key_hash, .. } = authorize_owner(services, req, slug).await?;
    let document: Value = req.json()?;
    let config = validate_config("", document)?;
    match db::salons::put_config(&services.neon, slug, &key_hash, &config, services.now).await? {
        Ok(()) => availability::purge(services, slug).await,
        Err(blocking) if blocking.is_empty() => return Err(ApiError::NotFound("salon")),
        Err(blocking) => {
            let list: Vec<String> = blocking
                .iter()
                .map(|b| {
                    format!(
                        "{} ({} with {} at {})",
                        b.code, b.service_key, b.staff_key, b.starts_at
                    )
                })
                .collect();
            return Err(ApiError::Conflict {
                code: ErrorCode::ConfigConflict,
                message: format!(
                    "This configuration removes a service or staff member that future bookings depend on; \
                     cancel or keep them first: {}",
                    list.join(", ")
                ),
            });
        }
    }
    Ok(Reply::json(200, &config))
}

fn owner_booking(b: &db::bookings::OwnerBooking, tz: &jiff::tz::TimeZone) -> OwnerBooking {
    OwnerBooking {
        booking: b.booking.view(tz),
        notes: b.notes.clone(),
        created_at: db::local_time(b.created_at, tz),
        cancelled_at: b.cancelled_at.map(|ts| db::local_time(ts, tz)),
    }
}

fn stored_timezone(config: &Value) -> Result<jiff::tz::TimeZone, ApiError> {
    let name = config["timezone"].as_str().unwrap_or("UTC");
    jiff::tz::TimeZone::get(name)
        .map_err(|e| ApiError::Internal(format!("stored time zone {name}: {e}")))
}

/// `GET /v1/admin/salons/{slug}/bookings?from=YYYY-MM-DD&to=YYYY-MM-DD`: bookings starting on local
/// dates `from` to `to`, both included (default: today and the next 30 days; at most 366 days).
pub async fn list_bookings(
    services: &Services,
    req: &Incoming,
    slug: &str,
) -> Result<Reply, ApiError> {
    let owned = authorize_owner(services, req, slug).await?;
    let tz = stored_timezone(&owned.config)?;
    let today = services.now.to_zoned(tz.clone()).date();
    let mut from = today;
    let mut to = None;
    for (key, value) in req.query_pairs() {
        let date = || super::salons::query_date(&key, &value);
        match key.as_str() {
            "from" => from = date()?,
            "to" => to = Some(date()?),
            other => {
                return Err(ApiError::bad_request(
                    ErrorCode::UnknownParameter,
                    format!("unknown parameter {other:?}; expected from, to"),
                ))
            }
        }
    }
    let to = to.unwrap_or_else(|| from.checked_add(30.days()).unwrap_or(from));
    let days = (to - from).get_days();
    if !(0..=366).contains(&days) {
        return Err(ApiError::bad_request(
            ErrorCode::InvalidParameter,
            "to must be on or after from, at most 366 days later",
        ));
    }
    let instant = |d: jiff::civil::Date| {
        d.to_zoned(tz.clone())
            .map(|z| z.timestamp())
            .map_err(|_| ApiError::bad_request(ErrorCode::InvalidParameter, "dates out of range"))
    };
    let end =
        instant(to.tomorrow().map_err(|_| {
            ApiError::bad_request(ErrorCode::InvalidParameter, "dates out of range")
        })?)?;
    let bookings = db::bookings::between(&services.neon, owned.id, instant(from)?, end)
        .await?
        .iter()
        .map(|b| owner_booking(b, &tz))
        .collect();
    Ok(Reply::json(200, &OwnerBookings { bookings }).header("cache-control", "no-store"))
}

/// `POST /v1/admin/salons/{slug}/bookings/{id}/cancel`: the owner may cancel any booking of the salon.
pub async fn cancel_booking(
    services: &Services,
    req: &Incoming,
    slug: &str,
    id: &str,
) -> Result<Reply, ApiError> {
    let owned = authorize_owner(services, req, slug).await?;
    let is_uuid = id.len() == 36
        && id.chars().enumerate().all(|(i, c)| {
            if [8, 13, 18, 23].contains(&i) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        });
    if !is_uuid {
        return Err(ApiError::NotFound("booking"));
    }
    let cancelled = db::bookings::owner_cancel(&services.neon, owned.id, id, services.now)
        .await?
        .ok_or(ApiError::NotFound("booking"))?;
    let tz = stored_timezone(&owned.config)?;
    availability::purge(services, slug).await;
    Ok(Reply::json(
        200,
        &OwnerBookingReply {
            booking: owner_booking(&cancelled, &tz),
        },
    ))
}
