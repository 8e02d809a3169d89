//! JSON shapes of the HTTP API v1 (SPEC §4), shared by the edge that writes them and the widget that
//! reads them. Request types reject unknown fields.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::date::{CalendarDate, DateError};
use crate::locale::FieldError;
use crate::policy::Policy;
use crate::slots::DaySlots;

mod owner;

pub use owner::*;

/// Every error code a client may see in `error.code`. The text of each never changes once published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// The request URL could not be read.
    BadUrl,
    /// The booking was cancelled, so it cannot be moved.
    BookingCancelled,
    /// The booking starts too soon to be cancelled online.
    CancelCutoffPassed,
    /// A clock offset was sent to a server that does not accept one.
    ClockOverrideRefused,
    /// A configuration change would orphan future bookings.
    ConfigConflict,
    /// The booking starts too soon to be moved online.
    CutoffPassed,
    /// The credentials do not grant access to that resource.
    Forbidden,
    /// A booking request came without an `Idempotency-Key`.
    IdempotencyKeyRequired,
    /// An `Idempotency-Key` was used before with another body.
    IdempotencyKeyReused,
    /// A sign-in link that is unknown, used or expired.
    InvalidSignInLink,
    /// Something failed on the server; the details are in its logs.
    Internal,
    /// The JSON body does not have the expected shape.
    InvalidBody,
    /// The clock offset is not a whole number of seconds in range.
    InvalidClockOffset,
    /// `Content-Length` is not a number.
    InvalidContentLength,
    /// The `Idempotency-Key` is not 1 to 100 visible ASCII characters.
    InvalidIdempotencyKey,
    /// A query parameter has a value of the wrong form.
    InvalidParameter,
    /// The change would leave the salon without an owner.
    LastOwner,
    /// The body is not JSON.
    MalformedJson,
    /// The path exists, not with that method.
    MethodNotAllowed,
    /// A required query parameter is missing.
    MissingParameter,
    /// No such salon, service, staff member, booking or endpoint.
    NotFound,
    /// The website may not make bookings for that salon.
    OriginNotAllowed,
    /// The booking has not started, so whether the client came cannot be recorded yet.
    NotStarted,
    /// The body is over 64 KiB.
    PayloadTooLarge,
    /// Too many requests from this caller; see `Retry-After`.
    RateLimited,
    /// The time can no longer be booked; see `availability`.
    SlotUnavailable,
    /// Another salon has that slug.
    SlugTaken,
    /// No credentials, or credentials that are not valid.
    Unauthorized,
    /// The database cannot be reached now; see `Retry-After`.
    Unavailable,
    /// A query parameter that the endpoint does not know.
    UnknownParameter,
    /// The body could not be read.
    UnreadableBody,
    /// Well-formed values that break a rule; `fields` lists each.
    Validation,
}

impl ErrorCode {
    /// The code as it is written on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::BadUrl => "bad_url",
            ErrorCode::BookingCancelled => "booking_cancelled",
            ErrorCode::CancelCutoffPassed => "cancel_cutoff_passed",
            ErrorCode::ClockOverrideRefused => "clock_override_refused",
            ErrorCode::ConfigConflict => "config_conflict",
            ErrorCode::CutoffPassed => "cutoff_passed",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::IdempotencyKeyRequired => "idempotency_key_required",
            ErrorCode::IdempotencyKeyReused => "idempotency_key_reused",
            ErrorCode::InvalidSignInLink => "invalid_sign_in_link",
            ErrorCode::Internal => "internal",
            ErrorCode::InvalidBody => "invalid_body",
            ErrorCode::InvalidClockOffset => "invalid_clock_offset",
            ErrorCode::InvalidContentLength => "invalid_content_length",
            ErrorCode::InvalidIdempotencyKey => "invalid_idempotency_key",
            ErrorCode::InvalidParameter => "invalid_parameter",
            ErrorCode::LastOwner => "last_owner",
            ErrorCode::MalformedJson => "malformed_json",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::MissingParameter => "missing_parameter",
            ErrorCode::NotFound => "not_found",
            ErrorCode::OriginNotAllowed => "origin_not_allowed",
            ErrorCode::NotStarted => "not_started",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::SlotUnavailable => "slot_unavailable",
            ErrorCode::SlugTaken => "slug_taken",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::Unavailable => "unavailable",
            ErrorCode::UnknownParameter => "unknown_parameter",
            ErrorCode::UnreadableBody => "unreadable_body",
            ErrorCode::Validation => "validation",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error body every failing endpoint returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// The error itself.
    pub error: ErrorDetail,
}

/// What went wrong, with per-field detail for validation errors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// Stable machine code, such as `slot_unavailable`: an [`ErrorCode`] as written on the wire.
    pub code: String,
    /// A sentence for a person.
    pub message: String,
    /// Invalid fields by JSON path; only for `validation`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, FieldError>>,
    /// For `slot_unavailable`: where to get fresh availability for that day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<String>,
}

/// The client part of a booking request.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientWire {
    /// The client's name.
    pub name: String,
    /// Email address; an empty string counts as absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone number; an empty string counts as absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// `POST /v1/bookings/{token}/reschedule` body: the new start, and who (a staff key or `any`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RescheduleWire {
    /// RFC 3339 with an offset.
    pub start: String,
    /// A staff key, or `any`.
    pub staff: String,
}

/// `POST /v1/salons/{slug}/bookings` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookingRequestWire {
    /// Service key.
    pub service: String,
    /// Staff key or `any`.
    pub staff: String,
    /// RFC 3339 start with offset.
    pub start: String,
    /// Who is booking.
    pub client: ClientWire,
    /// Notes for the salon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A service as clients see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceProfile {
    pub key: String,
    pub name: String,
    pub category: String,
    pub description: String,
    pub duration_minutes: u16,
    pub price_cents: u32,
}

/// A staff member as clients see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffProfile {
    pub key: String,
    pub name: String,
    pub services: Vec<String>,
}

/// `GET /v1/salons/{slug}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalonProfile {
    pub slug: String,
    pub name: String,
    pub timezone: String,
    pub currency: String,
    pub country: String,
    pub locale: String,
    pub policy: Policy,
    pub services: Vec<ServiceProfile>,
    pub staff: Vec<StaffProfile>,
}

/// One offered start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotWire {
    /// RFC 3339 with the salon's offset at that instant.
    pub start: String,
    /// Local `HH:MM`.
    pub time: String,
    /// Keys of the staff free then.
    pub staff: Vec<String>,
}

/// One local date of availability.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayWire {
    /// The salon's local date, written `YYYY-MM-DD`.
    pub date: CalendarDate,
    /// Its slots, sorted.
    pub slots: Vec<SlotWire>,
}

/// `GET /v1/salons/{slug}/availability`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AvailabilityWire {
    /// The salon's IANA time zone.
    pub timezone: String,
    /// One entry per requested date.
    pub days: Vec<DayWire>,
}

impl AvailabilityWire {
    /// Renders engine output, naming staff by key. Fails only for a date outside the supported
    /// years, which a request can ask for only if its window was not checked.
    pub fn from_days(
        timezone: &str,
        days: &[DaySlots],
        staff_keys: &[&str],
    ) -> Result<Self, DateError> {
        let days = days
            .iter()
            .map(|day| {
                Ok(DayWire {
                    date: CalendarDate::from_civil(day.date)?,
                    slots: day
                        .slots
                        .iter()
                        .map(|slot| SlotWire {
                            start: slot.start.display_with_offset(slot.offset).to_string(),
                            time: format!("{:02}:{:02}", slot.time.hour(), slot.time.minute()),
                            staff: slot
                                .staff
                                .iter()
                                .map(|&i| staff_keys[usize::from(i)].to_owned())
                                .collect(),
                        })
                        .collect(),
                })
            })
            .collect::<Result<_, DateError>>()?;
        Ok(Self {
            timezone: timezone.to_owned(),
            days,
        })
    }
}

/// The client of a booking as returned to the person who made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientView {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// Where a booking stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BookingStatus {
    /// It holds its time.
    Confirmed,
    /// It no longer holds a time; it stays on record.
    Cancelled,
}

impl BookingStatus {
    /// As written on the wire and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            BookingStatus::Confirmed => "confirmed",
            BookingStatus::Cancelled => "cancelled",
        }
    }

    /// Reads the written form.
    pub fn parse(text: &str) -> Option<Self> {
        [BookingStatus::Confirmed, BookingStatus::Cancelled]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

/// A booking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingView {
    pub id: String,
    /// Short code a person can read over the phone.
    pub code: String,
    /// Confirmed or cancelled.
    pub status: BookingStatus,
    pub service: String,
    pub staff: String,
    /// RFC 3339 with the salon's offset.
    pub start: String,
    /// RFC 3339 with the salon's offset.
    pub end: String,
    pub client: ClientView,
}

/// `201` answer to a booking request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingCreated {
    pub booking: BookingView,
    /// Secret that lets the client view or cancel the booking.
    pub manage_token: String,
    /// Where the client manages the booking.
    pub manage_url: String,
}

/// `GET /v1/bookings/{token}` and the answer to cancelling or moving through it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManagedBookingWire {
    pub booking: BookingView,
    /// The salon's name.
    pub salon: String,
    /// The salon's slug, where its profile (service and staff names, prices) and free times are read.
    pub slug: String,
    /// The last instant the client may cancel online, RFC 3339 with the salon's offset.
    pub cancellable_until: Option<String>,
    /// How to reach the salon, for what can no longer be done online.
    pub contact: ContactView,
}

/// The salon's contact as clients see it; each part may be absent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactView {
    /// E.164, such as `+33612345678`.
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Empty when none.
    pub address: String,
}

impl ContactView {
    /// The configuration's contact as clients see it.
    pub fn of(contact: &crate::config::Contact) -> Self {
        ContactView {
            phone: contact.phone.as_ref().map(|p| p.as_ref().to_owned()),
            email: contact.email.as_ref().map(|e| e.as_ref().to_owned()),
            address: contact.address.clone(),
        }
    }

    /// Whether the salon gave no way to reach it.
    pub fn is_empty(&self) -> bool {
        self.phone.is_none() && self.email.is_none() && self.address.is_empty()
    }
}

/// `201` answer to creating a salon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalonCreated {
    pub slug: String,
    /// The owner's key, shown only here; the API keeps its hash.
    pub owner_key: String,
}
