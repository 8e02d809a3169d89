//! Making a booking, and the client's view of it: HTTP in and out of the `booking` use cases.

use shared::api::{
    BookingCreated, BookingRequestWire, BookingStatus, ContactView, ErrorCode, ManagedBookingWire,
    RescheduleWire,
};
use shared::paths::ApiPath;

use super::Services;
use crate::booking;
use crate::db::local_time;
use crate::error::ApiError;
use crate::http::{Incoming, Reply};

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
    let idempotency_key = idempotency_key(req)?;
    let body: BookingRequestWire = req.json()?;
    let made = booking::make(
        services,
        &booking::Request {
            slug,
            idempotency_key,
            body: &body,
            origin: req.header("origin"),
            own_origin: &req.origin,
            accept_language: req.header("accept-language"),
            by_salon: None,
        },
    )
    .await?;
    let manage_url = format!(
        "{}{}",
        req.origin,
        ApiPath::ManagePage {
            token: &made.manage_token
        }
    );
    let id = made.booking.id.clone();
    Ok(Reply::json(
        201,
        &BookingCreated {
            booking: made.booking,
            manage_token: made.manage_token,
            manage_url,
        },
    )
    .notifying(&id))
}

fn viewed_reply(viewed: &booking::Viewed) -> Reply {
    let tz = &viewed.config.timezone;
    Reply::json(
        200,
        &ManagedBookingWire {
            booking: viewed.booking.view(tz),
            salon: viewed.config.name.clone(),
            slug: viewed.slug.clone(),
            cancellable_until: Some(local_time(viewed.changeable_until(), tz)),
            contact: ContactView::of(&viewed.config.contact),
        },
    )
    .header("cache-control", "no-store")
}

/// `GET /v1/bookings/{manage_token}`.
pub async fn view(services: &Services, token: &str) -> Result<Reply, ApiError> {
    Ok(viewed_reply(&booking::view(services, token).await?))
}

/// `POST /v1/bookings/{manage_token}/cancel`: until `cancel_cutoff_minutes` before the start.
/// Cancelling a cancelled booking answers its current state.
pub async fn cancel(services: &Services, token: &str) -> Result<Reply, ApiError> {
    let cancelled = booking::cancel(services, token).await?;
    Ok(viewed_reply(&cancelled).notifying(&cancelled.booking.id))
}

/// `POST /v1/bookings/{manage_token}/reschedule`: another time, with the same staff member, another
/// or anyone free, until `cancel_cutoff_minutes` before the current start.
pub async fn reschedule(
    services: &Services,
    req: &Incoming,
    token: &str,
) -> Result<Reply, ApiError> {
    idempotency_key(req)?;
    let body: RescheduleWire = req.json()?;
    let moved = booking::reschedule(
        services,
        &booking::Reschedule {
            token_hash: &crate::secrets::sha256_hex(token),
            by_salon: None,
            body: &body,
            accept_language: req.header("accept-language"),
        },
    )
    .await?;
    Ok(viewed_reply(&moved).notifying(&moved.booking.id))
}

/// `GET /v1/bookings/{manage_token}/calendar.ics`.
pub async fn calendar(services: &Services, req: &Incoming, token: &str) -> Result<Reply, ApiError> {
    let viewed = booking::view(services, token).await?;
    let (b, config) = (&viewed.booking, &viewed.config);
    let service_name = config
        .service(&b.service_key)
        .map_or(b.service_key.clone(), |s| s.name.clone());
    let staff_name = config
        .staff_member(&b.staff_key)
        .map_or(b.staff_key.clone(), |s| s.name.clone());
    let manage_url = format!("{}{}", req.origin, ApiPath::ManagePage { token });
    let ics = crate::ics::calendar(&crate::ics::Event {
        booking_id: &b.id,
        code: &b.code,
        cancelled: b.status == BookingStatus::Cancelled,
        sequence: b.sequence,
        start: b.starts_at,
        end: b.ends_at,
        stamp: services.now,
        salon_name: &config.name,
        service_name: &service_name,
        staff_name: &staff_name,
        manage_url: &manage_url,
        tz: &config.timezone,
        tz_name: &config.timezone_name,
    });
    Ok(
        Reply::with_type(200, "text/calendar; charset=utf-8", ics.into_bytes())
            .header(
                "content-disposition",
                format!("attachment; filename=\"booking-{}.ics\"", b.code),
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
