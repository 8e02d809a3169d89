//! The salon's calendar (SPEC §11): bookings and blocks of a range of days, and every operation the
//! console offers on them: book a walk-in or phone client, move, cancel with a message, record
//! whether the client came, block and free time. Owners act on every staff member's calendar, a
//! staff user on their own; an owner API key is an owner.

use jiff::ToSpan;
use shared::api::{
    BlockReply, BlockRequest, BlockWire, BookingRequestWire, ErrorCode, OutcomeRequest,
    OwnerBooking, OwnerBookingReply, OwnerBookingRequest, OwnerBookings, OwnerCancelRequest,
    OwnerRescheduleRequest, RescheduleWire, Role,
};
use shared::client::{parse_instant, Notes};
use shared::keys::ANY_STAFF;

use super::Services;
use crate::accounts::{authorize, Access, Need};
use crate::booking::{self, BySalon};
use crate::db::{self, calendar::Blocked, calendar::Recorded};
use crate::error::ApiError;
use crate::http::{Incoming, Reply};
use crate::{availability, secrets};

/// The longest block: a month (longer absences belong in the configuration's time off).
const MAX_BLOCK_DAYS: i64 = 31;

/// A stored booking on the wire, in the salon's zone.
pub fn owner_booking(b: &db::bookings::OwnerBooking, tz: &jiff::tz::TimeZone) -> OwnerBooking {
    OwnerBooking {
        booking: b.booking.view(tz),
        notes: b.notes.clone(),
        created_at: db::local_time(b.created_at, tz),
        cancelled_at: b.cancelled_at.map(|ts| db::local_time(ts, tz)),
        outcome: b.outcome,
        moves: b.booking.sequence,
        client_id: b.client_id.clone(),
    }
}

pub fn block_wire(b: &db::calendar::Block, tz: &jiff::tz::TimeZone) -> BlockWire {
    BlockWire {
        id: b.id.clone(),
        staff: b.staff_key.clone(),
        start: db::local_time(b.starts_at, tz),
        end: db::local_time(b.ends_at, tz),
        note: b.note.clone(),
    }
}

/// A path's booking or block id: a UUID, else there is no such thing.
fn uuid(id: &str, what: &'static str) -> Result<(), ApiError> {
    let is_uuid = id.len() == 36
        && id.chars().enumerate().all(|(i, c)| {
            if [8, 13, 18, 23].contains(&i) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        });
    is_uuid.then_some(()).ok_or(ApiError::NotFound(what))
}

/// Refuses a staff user acting on another staff member's calendar.
fn act_for(access: &Access, staff_key: &str) -> Result<(), ApiError> {
    if access.may_act_for(staff_key) {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}

/// The staff a staff user's request names: their own key for `any`, and only theirs.
fn own_staff(access: &Access, asked: &str) -> Result<String, ApiError> {
    match (&access.role, access.staff_key.as_deref()) {
        (Role::Owner, _) => Ok(asked.to_owned()),
        (Role::Staff, Some(own)) if asked == ANY_STAFF || asked == own => Ok(own.to_owned()),
        (Role::Staff, _) => Err(ApiError::Forbidden),
    }
}

/// The instants of local dates `from` to `to` (both included) given as `?from=&to=`; default today
/// and the next 30 days, at most 366 days.
fn date_range(
    req: &Incoming,
    tz: &jiff::tz::TimeZone,
    now: jiff::Timestamp,
) -> Result<(jiff::Timestamp, jiff::Timestamp), ApiError> {
    let today = now.to_zoned(tz.clone()).date();
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
    let out_of_range = || ApiError::bad_request(ErrorCode::InvalidParameter, "dates out of range");
    let instant = |d: jiff::civil::Date| {
        d.to_zoned(tz.clone())
            .map(|z| z.timestamp())
            .map_err(|_| out_of_range())
    };
    let end = to.tomorrow().map_err(|_| out_of_range())?;
    Ok((instant(from)?, instant(end)?))
}

/// `GET /v1/admin/salons/{slug}/bookings?from=YYYY-MM-DD&to=YYYY-MM-DD`: the bookings starting on
/// those local dates and the blocks touching them; a staff user sees their own.
pub async fn list(services: &Services, req: &Incoming, slug: &str) -> Result<Reply, ApiError> {
    let access = authorize(services, req, slug, Need::Member).await?;
    let tz = access.parsed()?.timezone;
    let (from, to) = date_range(req, &tz, services.now)?;
    let neon = &services.neon;
    let bookings = db::bookings::between(neon, access.salon_id, from, to).await?;
    let blocks = db::calendar::blocks_between(neon, access.salon_id, from, to).await?;
    let list = OwnerBookings {
        bookings: bookings
            .iter()
            .filter(|b| access.may_act_for(&b.booking.staff_key))
            .map(|b| owner_booking(b, &tz))
            .collect(),
        blocks: blocks
            .iter()
            .filter(|b| access.may_act_for(&b.staff_key))
            .map(|b| block_wire(b, &tz))
            .collect(),
    };
    Ok(Reply::json(200, &list).header("cache-control", "no-store"))
}

/// The booking `id` of the salon as the caller may see it, or 404/403.
async fn current(
    services: &Services,
    access: &Access,
    id: &str,
) -> Result<db::bookings::OwnerBooking, ApiError> {
    uuid(id, "booking")?;
    let booking = db::bookings::of_salon(&services.neon, access.salon_id, id)
        .await?
        .ok_or(ApiError::NotFound("booking"))?;
    act_for(access, &booking.booking.staff_key)?;
    Ok(booking)
}

/// An operation's answer: the booking as it is now.
async fn booking_reply(
    services: &Services,
    access: &Access,
    id: &str,
    status: u16,
) -> Result<Reply, ApiError> {
    let tz = access.parsed()?.timezone;
    let booking = db::bookings::of_salon(&services.neon, access.salon_id, id)
        .await?
        .ok_or(ApiError::NotFound("booking"))?;
    Ok(Reply::json(
        status,
        &OwnerBookingReply {
            booking: owner_booking(&booking, &tz),
        },
    )
    .header("cache-control", "no-store")
    .notifying(id))
}

/// `POST /v1/admin/salons/{slug}/bookings`: the salon books a walk-in or phone client.
pub async fn create(services: &Services, req: &Incoming, slug: &str) -> Result<Reply, ApiError> {
    let access = authorize(services, req, slug, Need::Member).await?;
    let idempotency_key = super::bookings::idempotency_key(req)?;
    let body: OwnerBookingRequest = req.json()?;
    let staff = own_staff(&access, &body.staff)?;
    let wire = BookingRequestWire {
        service: body.service,
        staff,
        start: body.start,
        client: body.client,
        notes: body.notes,
    };
    let made = booking::make(
        services,
        &booking::Request {
            slug,
            idempotency_key,
            body: &wire,
            origin: None,
            own_origin: &req.origin,
            accept_language: req.header("accept-language"),
            by_salon: Some(BySalon {
                override_rules: body.override_rules,
                silent: body.silent,
            }),
        },
    )
    .await?;
    booking_reply(services, &access, &made.booking.id, 201).await
}

/// `POST /v1/admin/salons/{slug}/bookings/{id}/reschedule`.
pub async fn reschedule(
    services: &Services,
    req: &Incoming,
    slug: &str,
    id: &str,
) -> Result<Reply, ApiError> {
    let access = authorize(services, req, slug, Need::Member).await?;
    current(services, &access, id).await?;
    let body: OwnerRescheduleRequest = req.json()?;
    let staff = own_staff(&access, &body.staff)?;
    let token_hash = db::calendar::token_hash_of(&services.neon, access.salon_id, id)
        .await?
        .ok_or(ApiError::NotFound("booking"))?;
    booking::reschedule(
        services,
        &booking::Reschedule {
            token_hash: &token_hash,
            by_salon: Some(BySalon {
                override_rules: body.override_rules,
                silent: false,
            }),
            body: &RescheduleWire {
                start: body.start,
                staff,
            },
            accept_language: req.header("accept-language"),
        },
    )
    .await?;
    booking_reply(services, &access, id, 200).await
}

/// `POST /v1/admin/salons/{slug}/bookings/{id}/cancel`, with an optional message to the client.
pub async fn cancel(
    services: &Services,
    req: &Incoming,
    slug: &str,
    id: &str,
) -> Result<Reply, ApiError> {
    let access = authorize(services, req, slug, Need::Member).await?;
    let body: OwnerCancelRequest = if req.body.is_empty() {
        OwnerCancelRequest::default()
    } else {
        req.json()?
    };
    let message = match body.message.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => Some(
            Notes::parse(text)
                .map_err(|p| {
                    let field = p.to_field_error(super::admin::owner_locale(req));
                    ApiError::Validation([("message".to_owned(), field)].into())
                })?
                .as_ref()
                .to_owned(),
        ),
    };
    current(services, &access, id).await?;
    let config = access.parsed()?;
    booking::cancel_for_owner(services, access.salon_id, &config, id, message.as_deref())
        .await?
        .ok_or(ApiError::NotFound("booking"))?;
    availability::purge(services, slug).await;
    booking_reply(services, &access, id, 200).await
}

/// `POST /v1/admin/salons/{slug}/bookings/{id}/outcome`: the client came, or did not.
pub async fn outcome(
    services: &Services,
    req: &Incoming,
    slug: &str,
    id: &str,
) -> Result<Reply, ApiError> {
    let access = authorize(services, req, slug, Need::Member).await?;
    let body: OutcomeRequest = req.json()?;
    current(services, &access, id).await?;
    let tz = access.parsed()?.timezone;
    let recorded = db::calendar::set_outcome(
        &services.neon,
        access.salon_id,
        id,
        body.outcome,
        services.now,
    )
    .await?;
    match recorded {
        Recorded::Done(booking) => Ok(Reply::json(
            200,
            &OwnerBookingReply {
                booking: owner_booking(&booking, &tz),
            },
        )),
        Recorded::NotFound => Err(ApiError::NotFound("booking")),
        Recorded::NotApplicable => Err(ApiError::Conflict {
            code: ErrorCode::NotStarted,
            message:
                "Only a confirmed booking that has started can be marked completed or no-show."
                    .to_owned(),
        }),
    }
}

/// `GET /v1/admin/salons/{slug}/blocks?from=&to=`: the blocks touching those dates.
pub async fn blocks(services: &Services, req: &Incoming, slug: &str) -> Result<Reply, ApiError> {
    let access = authorize(services, req, slug, Need::Member).await?;
    let tz = access.parsed()?.timezone;
    let (from, to) = date_range(req, &tz, services.now)?;
    let blocks = db::calendar::blocks_between(&services.neon, access.salon_id, from, to).await?;
    let blocks: Vec<BlockWire> = blocks
        .iter()
        .filter(|b| access.may_act_for(&b.staff_key))
        .map(|b| block_wire(b, &tz))
        .collect();
    Ok(Reply::json(200, &serde_json::json!({ "blocks": blocks }))
        .header("cache-control", "no-store"))
}

/// `POST /v1/admin/salons/{slug}/blocks`: takes a staff member's time off the calendar at once.
pub async fn block(services: &Services, req: &Incoming, slug: &str) -> Result<Reply, ApiError> {
    let access = authorize(services, req, slug, Need::Member).await?;
    let body: BlockRequest = req.json()?;
    let staff = own_staff(&access, &body.staff)?;
    let locale = super::admin::owner_locale(req);
    let mut fields = std::collections::BTreeMap::new();
    let mut instant = |name: &str, value: &str| {
        parse_instant(value)
            .map_err(|p| fields.insert(name.to_owned(), p.to_field_error(locale)))
            .ok()
    };
    let (start, end) = (instant("start", &body.start), instant("end", &body.end));
    let note = Notes::parse(body.note.as_deref().unwrap_or(""))
        .map_err(|p| fields.insert("note".to_owned(), p.to_field_error(locale)))
        .ok();
    let (Some(start), Some(end), Some(note)) = (start, end, note) else {
        return Err(ApiError::Validation(fields));
    };
    if end <= start || end.duration_since(start).as_secs() > MAX_BLOCK_DAYS * 86_400 {
        return Err(ApiError::bad_request(
            ErrorCode::InvalidBody,
            format!("end must be after start, at most {MAX_BLOCK_DAYS} days later"),
        ));
    }
    let config = access.parsed()?;
    if !config.staff.iter().any(|m| m.key.as_ref() == staff) {
        return Err(ApiError::NotFound("staff"));
    }
    let id = secrets::new_booking_id();
    let token_hash = secrets::sha256_hex(secrets::random_bytes::<32>());
    for _ in 0..5 {
        let code = secrets::new_booking_code();
        let new = db::calendar::NewBlock {
            salon_id: access.salon_id,
            id: &id,
            code: &code,
            staff_key: &staff,
            starts_at: start,
            ends_at: end,
            note: note.as_ref(),
            token_hash: &token_hash,
        };
        match db::calendar::add_block(&services.neon, &new).await? {
            Blocked::Done(block) => {
                availability::purge(services, slug).await;
                return Ok(Reply::json(
                    201,
                    &BlockReply {
                        block: block_wire(&block, &config.timezone),
                    },
                ));
            }
            Blocked::Overlap => {
                return Err(ApiError::Conflict {
                    code: ErrorCode::SlotUnavailable,
                    message: "That time overlaps a booking or another block of this staff member; \
                              move or cancel it first."
                        .to_owned(),
                })
            }
            Blocked::NoStaff => return Err(ApiError::NotFound("staff")),
            Blocked::CodeTaken => continue,
        }
    }
    Err(ApiError::Internal("block codes keep colliding".to_owned()))
}

/// `DELETE /v1/admin/salons/{slug}/blocks/{id}`: gives the time back.
pub async fn unblock(
    services: &Services,
    req: &Incoming,
    slug: &str,
    id: &str,
) -> Result<Reply, ApiError> {
    let access = authorize(services, req, slug, Need::Member).await?;
    uuid(id, "block")?;
    let tz = access.parsed()?.timezone;
    let only_staff = match access.role {
        Role::Owner => None,
        Role::Staff => access.staff_key.as_deref(),
    };
    let removed = db::calendar::remove_block(
        &services.neon,
        access.salon_id,
        id,
        only_staff,
        services.now,
    )
    .await?
    .ok_or(ApiError::NotFound("block"))?;
    availability::purge(services, slug).await;
    Ok(Reply::json(
        200,
        &BlockReply {
            block: block_wire(&removed, &tz),
        },
    ))
}
