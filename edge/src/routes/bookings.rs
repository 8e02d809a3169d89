//! Making a booking, and the client's view of it.
//!
//! The write path: validate every field in `shared`, check the start with the slot engine, then one
//! statement inserts the booking and its idempotency record. The exclusion constraint is the final
//! arbiter: if a concurrent request took the time first, Postgres refuses with 23P01 and the client gets
//! 409. An "any staff" request that loses such a race tries the next free person.

use shared::api::ErrorCode;
use shared::api::{BookingCreated, BookingRequestWire, BookingStatus};
use shared::client::{parse_instant, BookingInput, StaffChoice};
use shared::slots::{self, Query, Unavailable};

use super::salons::{busy_by_staff, busy_window, staff_inputs};
use super::{request_locale, Services};
use crate::db::{self, Inserted, NewBooking};
use crate::error::ApiError;
use crate::http::{Incoming, Reply};
use crate::secrets;

/// How often a random booking code may collide before giving up (each try has odds below 1e-6).
const CODE_ATTEMPTS: usize = 5;

/// Reads the `Idempotency-Key` header: 1 to 100 visible ASCII characters.
pub fn idempotency_key(req: &Incoming) -> Result<&str, ApiError> {
    let key = req.header("idempotency-key").ok_or_else(|| {
        ApiError::bad_request(
            ErrorCode::IdempotencyKeyRequired,
            "Send an Idempotency-Key header so a retried request cannot book twice.",
        )
    })?;
    let valid = (1..=100).contains(&key.len()) && key.bytes().all(|b| (0x21..=0x7e).contains(&b));
    if !valid {
        return Err(ApiError::bad_request(
            ErrorCode::InvalidIdempotencyKey,
            "The Idempotency-Key must be 1 to 100 visible ASCII characters.",
        ));
    }
    Ok(key)
}

/// `POST /v1/salons/{slug}/bookings`.
pub async fn create(services: &Services, req: &Incoming, slug: &str) -> Result<Reply, ApiError> {
    let key = idempotency_key(req)?;
    let wire: BookingRequestWire = req.json()?;
    let request_hash =
        secrets::sha256_hex(serde_json::to_string(&wire).expect("wire types serialize"));

    let around = parse_instant(&wire.start).unwrap_or(services.now);
    let date = around.to_zoned(jiff::tz::TimeZone::UTC).date();
    let (window_start, window_end) = busy_window(date, 1)?;
    let (salon, busy, earlier) =
        db::booking_context(&services.neon, slug, key, window_start, window_end)
            .await?
            .ok_or(ApiError::NotFound("salon"))?;
    if !super::origin_allowed(req, &salon.config.allowed_origins) {
        return Err(ApiError::Refused {
            code: ErrorCode::OriginNotAllowed,
            message: "This website may not make bookings for this salon.".to_owned(),
        });
    }
    if let Some(earlier) = earlier {
        return replayed(services, req, &salon, &earlier, &request_hash);
    }
    let config = &salon.config;
    let locale = request_locale(req, &config.locale);
    let input = BookingInput::parse(&wire, &config.country)
        .map_err(|problems| ApiError::Validation(problems.render(locale)))?;
    let service = config
        .service(input.service.as_ref())
        .ok_or(ApiError::NotFound("service"))?;

    let grouped = busy_by_staff(config, &busy);
    let inputs = staff_inputs(config, &service.key, &grouped, None);
    let query = Query {
        tz: &config.timezone,
        policy: &config.policy,
        service: service.timing(),
        staff: &inputs,
        from: date,
        days: 1,
        now: services.now,
    };
    let timing = service.timing();
    let start_second = input.start.as_second();
    let appointment = timing.appointment(start_second);
    let occupied = timing.occupied(start_second);
    let local_date = input.start.to_zoned(config.timezone.clone()).date();
    // A refusal points to that day's fresh availability, and purges this location's cached inputs
    // for it: they may be what made the client pick a time that is gone.
    let staff_param = input.staff.to_string();
    let availability = format!(
        "/v1/salons/{slug}/availability?service={}&staff={staff_param}&from={local_date}&days=1",
        service.key
    );
    let taken = |reason: Unavailable| ApiError::SlotUnavailable {
        reason: reason.code(),
        availability: availability.clone(),
    };
    // Staff in the order to try: the named one, or everyone free by the "any staff" rule.
    let choice: Result<Vec<usize>, ApiError> = match &input.staff {
        StaffChoice::Named(k) => {
            let index = config
                .staff
                .iter()
                .position(|s| &s.key == k)
                .ok_or(ApiError::NotFound("staff"))?;
            match slots::check_start(&query, index, input.start) {
                Ok(()) => Ok(vec![index]),
                Err(Unavailable::StaffDoesNotPerformService) => {
                    let mut fields = std::collections::BTreeMap::new();
                    fields.insert(
                        "staff".to_owned(),
                        shared::client::Problem::InvalidKey.to_field_error(locale),
                    );
                    return Err(ApiError::Validation(fields));
                }
                Err(reason) => Err(taken(reason)),
            }
        }
        StaffChoice::Any => {
            let mut free = Vec::new();
            let mut last_reason = Unavailable::OutsideWorkingTime;
            for i in 0..config.staff.len() {
                match slots::check_start(&query, i, input.start) {
                    Ok(()) => free.push(i),
                    Err(Unavailable::StaffDoesNotPerformService) => {}
                    Err(reason) => last_reason = reason,
                }
            }
            if free.is_empty() {
                Err(taken(last_reason))
            } else {
                let counts: Vec<u32> = config
                    .staff
                    .iter()
                    .map(|s| {
                        busy.iter()
                            .filter(|b| {
                                b.staff_key == s.key.as_ref()
                                    && b.starts_at.to_zoned(config.timezone.clone()).date()
                                        == local_date
                            })
                            .count() as u32
                    })
                    .collect();
                let mut ordered = Vec::with_capacity(free.len());
                while let Some(next) = slots::assign_any(&free, &counts) {
                    ordered.push(next);
                    free.retain(|&i| i != next);
                }
                Ok(ordered)
            }
        }
    };
    let mut candidates = match choice {
        Ok(candidates) => candidates,
        Err(e) => {
            if matches!(e, ApiError::SlotUnavailable { .. }) {
                super::salons::purge(services, &salon.slug).await;
            }
            return Err(e);
        }
    };

    let booking_id = secrets::new_booking_id();
    let token = secrets::manage_token(&services.token_secret, &booking_id);
    let token_hash = secrets::sha256_hex(&token);
    let at =
        |second: i64| jiff::Timestamp::from_second(second).expect("booking instants are in range");

    candidates.reverse();
    let mut code_attempts = 0;
    while let Some(&staff_index) = candidates.last() {
        let code = secrets::new_booking_code();
        let new = NewBooking {
            salon_id: salon.id,
            idempotency_key: key,
            request_hash: &request_hash,
            id: &booking_id,
            code: &code,
            service_key: service.key.as_ref(),
            staff_key: config.staff[staff_index].key.as_ref(),
            starts_at: input.start,
            ends_at: at(appointment.end),
            occupied_start: at(occupied.start),
            occupied_end: at(occupied.end),
            client_name: input.client.name.as_ref(),
            client_email: input.client.email.as_ref().map(AsRef::as_ref),
            client_phone: input.client.phone.as_ref().map(AsRef::as_ref),
            notes: input.notes.as_ref(),
            manage_token_hash: &token_hash,
        };
        match db::insert_booking(&services.neon, &new).await? {
            Inserted::Created(result) => {
                let row = result
                    .first()
                    .ok_or_else(|| ApiError::Internal("insert returned no row".to_owned()))?;
                let booking = db::booking_view(row, &config.timezone)?;
                super::salons::purge(services, &salon.slug).await;
                return Ok(created_reply(req, booking, token));
            }
            Inserted::KeyExists => return replay(services, req, &salon, key, &request_hash).await,
            // Taken meanwhile, or the staff member or service was removed meanwhile: try the next person.
            Inserted::Overlap | Inserted::ConfigChanged => {
                candidates.pop();
            }
            Inserted::CodeTaken => {
                code_attempts += 1;
                if code_attempts >= CODE_ATTEMPTS {
                    return Err(ApiError::Internal(
                        "booking codes keep colliding".to_owned(),
                    ));
                }
            }
        }
    }
    super::salons::purge(services, &salon.slug).await;
    Err(taken(Unavailable::OverlapsBooking))
}

fn created_reply(req: &Incoming, booking: shared::api::BookingView, token: String) -> Reply {
    let manage_url = format!("{}/v1/bookings/{token}", req.origin);
    Reply::json(
        201,
        &BookingCreated {
            booking,
            manage_token: token,
            manage_url,
        },
    )
}

/// Answers a request whose idempotency key was used before: the same response for the same body, 422
/// for a different one.
async fn replay(
    services: &Services,
    req: &Incoming,
    salon: &db::Salon,
    key: &str,
    request_hash: &str,
) -> Result<Reply, ApiError> {
    let result = db::idempotent_replay(&services.neon, salon.id, key)
        .await?
        .ok_or_else(|| ApiError::Internal("idempotency record vanished".to_owned()))?;
    replayed(services, req, salon, &result, request_hash)
}

/// The answer to a request whose key has `earlier` as its recorded outcome.
fn replayed(
    services: &Services,
    req: &Incoming,
    salon: &db::Salon,
    earlier: &crate::neon::QueryResult,
    request_hash: &str,
) -> Result<Reply, ApiError> {
    let row = earlier
        .first()
        .ok_or_else(|| ApiError::Internal("empty idempotency record".to_owned()))?;
    if row.get::<String>("request_hash")? != request_hash {
        return Err(ApiError::Unprocessable {
            code: ErrorCode::IdempotencyKeyReused,
            message: "This Idempotency-Key was already used with a different request.".to_owned(),
        });
    }
    let booking = db::booking_view(row, &salon.config.timezone)?;
    let token = secrets::manage_token(&services.token_secret, &booking.id);
    Ok(created_reply(req, booking, token))
}

/// The booking behind a manage token, or 404.
async fn managed(services: &Services, token: &str) -> Result<db::ManagedBooking, ApiError> {
    db::booking_by_token_hash(&services.neon, &secrets::sha256_hex(token))
        .await?
        .ok_or(ApiError::NotFound("booking"))
}

fn managed_reply(m: &db::ManagedBooking) -> Result<Reply, ApiError> {
    let booking = db::booking_view(m.row(), &m.config.timezone)?;
    let start = m.row().get::<jiff::Timestamp>("starts_at")?;
    let cancellable_until = Some(db::local_time(
        m.config.policy.change_deadline(start),
        &m.config.timezone,
    ));
    Ok(Reply::json(
        200,
        &serde_json::json!({ "booking": booking, "salon": m.config.name, "cancellable_until": cancellable_until }),
    )
    .header("cache-control", "no-store"))
}

/// `GET /v1/bookings/{manage_token}`.
pub async fn view(services: &Services, token: &str) -> Result<Reply, ApiError> {
    managed_reply(&managed(services, token).await?)
}

/// `POST /v1/bookings/{manage_token}/cancel`: until `cancel_cutoff_minutes` before the start.
/// Cancelling a cancelled booking answers its current state.
pub async fn cancel(services: &Services, token: &str) -> Result<Reply, ApiError> {
    let current = managed(services, token).await?;
    if db::booking_status(&current.row())? == BookingStatus::Cancelled {
        return managed_reply(&current);
    }
    let start: jiff::Timestamp = current.row().get("starts_at")?;
    let policy = current.config.policy;
    if !policy.allows_change(start, services.now) {
        return Err(ApiError::Conflict {
            code: ErrorCode::CancelCutoffPassed,
            message: format!(
                "This booking can no longer be cancelled online (less than {} minutes before it starts); \
                 please call the salon.",
                policy.cancel_cutoff_minutes
            ),
        });
    }
    let hash = secrets::sha256_hex(token);
    match db::cancel_by_token(&services.neon, &hash, services.now, start).await? {
        Some(cancelled) => {
            let row = cancelled.row();
            super::salons::purge(services, &row.get::<String>("slug")?).await;
            managed_reply(&cancelled)
        }
        // Cancelled by someone else meanwhile: answer the state it is in now.
        None => managed_reply(&managed(services, token).await?),
    }
}

/// `GET /v1/bookings/{manage_token}/calendar.ics`.
pub async fn calendar(services: &Services, req: &Incoming, token: &str) -> Result<Reply, ApiError> {
    let m = managed(services, token).await?;
    let row = m.row();
    let (id, code): (String, String) = (row.get("id")?, row.get("code")?);
    let status = db::booking_status(&row)?;
    let service_key: String = row.get("service_key")?;
    let staff_key: String = row.get("staff_key")?;
    let service_name = m
        .config
        .service(&service_key)
        .map_or(service_key.clone(), |s| s.name.clone());
    let staff_name = m
        .config
        .staff_member(&staff_key)
        .map_or(staff_key.clone(), |s| s.name.clone());
    let manage_url = format!("{}/v1/bookings/{token}", req.origin);
    let ics = crate::ics::calendar(&crate::ics::Event {
        booking_id: &id,
        code: &code,
        cancelled: status == BookingStatus::Cancelled,
        start: row.get("starts_at")?,
        end: row.get("ends_at")?,
        stamp: services.now,
        salon_name: &m.config.name,
        service_name: &service_name,
        staff_name: &staff_name,
        manage_url: &manage_url,
        tz: &m.config.timezone,
        tz_name: &m.config.timezone_name,
    });
    Ok(
        Reply::with_type(200, "text/calendar; charset=utf-8", ics.into_bytes())
            .header(
                "content-disposition",
                format!("attachment; filename=\"booking-{code}.ics\""),
            )
            .header("cache-control", "no-store"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_key(key: Option<&str>) -> Incoming {
        Incoming {
            headers: key
                .map(|k| vec![("idempotency-key".to_owned(), k.to_owned())])
                .unwrap_or_default(),
            ..Incoming::default()
        }
    }

    #[test]
    fn idempotency_keys_are_required_and_must_be_visible_ascii() {
        assert_eq!(
            idempotency_key(&with_key(Some("abc-123"))).unwrap(),
            "abc-123"
        );
        assert!(idempotency_key(&with_key(None)).is_err());
        assert!(idempotency_key(&with_key(Some(""))).is_err());
        assert!(idempotency_key(&with_key(Some("has space"))).is_err());
        assert!(idempotency_key(&with_key(Some("é"))).is_err());
        assert!(idempotency_key(&with_key(Some(&"k".repeat(101)))).is_err());
        assert!(idempotency_key(&with_key(Some(&"k".repeat(100)))).is_ok());
    }
}
