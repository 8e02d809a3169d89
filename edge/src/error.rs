//! Every way a request can fail, and the one JSON error body (SPEC §4) each becomes.
//!
//! Internal causes are logged with the request id; the client sees only a code and a sentence.

use shared::api::ErrorCode;
use std::collections::BTreeMap;

use shared::api::{ErrorBody, ErrorDetail};
use shared::FieldError;

use shared::client::Problem;
use shared::date::CalendarDate;
use shared::paths::{ApiPath, AvailabilityQuery};

use crate::db::DbError;
use crate::neon::NeonError;
use crate::{availability, booking};

/// A failed request.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{message}")]
    BadRequest { code: ErrorCode, message: String },
    #[error("missing credentials")]
    Unauthorized,
    /// Credentials of a kind that has its own code, such as a used sign-in link.
    #[error("{message}")]
    Unauthenticated { code: ErrorCode, message: String },
    #[error("credentials do not grant access")]
    Forbidden,
    #[error("{message}")]
    Refused { code: ErrorCode, message: String },
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("{message}")]
    Conflict { code: ErrorCode, message: String },
    #[error("slot unavailable: {reason}")]
    SlotUnavailable {
        reason: &'static str,
        availability: String,
    },
    #[error("request body over 64 KiB")]
    PayloadTooLarge,
    #[error("validation failed")]
    Validation(BTreeMap<String, FieldError>),
    #[error("{message}")]
    Unprocessable { code: ErrorCode, message: String },
    #[error("too many requests")]
    RateLimited { retry_after_seconds: u32 },
    #[error("database unavailable: {0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<NeonError> for ApiError {
    fn from(e: NeonError) -> Self {
        match e {
            NeonError::Unavailable(cause) => ApiError::Unavailable(cause),
            NeonError::TimedOut { .. } => ApiError::Unavailable(e.to_string()),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<DbError> for ApiError {
    fn from(e: DbError) -> Self {
        match e {
            DbError::Neon(e) => e.into(),
            DbError::Unexpected(what) => ApiError::Internal(what),
        }
    }
}

impl From<availability::Error> for ApiError {
    fn from(e: availability::Error) -> Self {
        match e {
            availability::Error::NotFound(what) => ApiError::NotFound(what),
            availability::Error::OutOfRange(name) => out_of_range(name),
            availability::Error::Db(e) => e.into(),
        }
    }
}

impl From<booking::Error> for ApiError {
    fn from(e: booking::Error) -> Self {
        match e {
            booking::Error::NotFound(what) => ApiError::NotFound(what),
            booking::Error::OriginNotAllowed => ApiError::Refused {
                code: ErrorCode::OriginNotAllowed,
                message: "This website may not make bookings for this salon.".to_owned(),
            },
            booking::Error::KeyReused => ApiError::Unprocessable {
                code: ErrorCode::IdempotencyKeyReused,
                message: "This Idempotency-Key was already used with a different request."
                    .to_owned(),
            },
            booking::Error::Invalid(fields) => ApiError::Validation(fields),
            booking::Error::Unavailable {
                reason,
                slug,
                service,
                staff,
                day,
            } => ApiError::SlotUnavailable {
                reason: reason.code(),
                availability: ApiPath::Availability { slug: &slug }.with_query(AvailabilityQuery {
                    service: &service,
                    staff: Some(&staff.to_string()),
                    from: CalendarDate::from_civil(day).ok(),
                    days: Some(1),
                }),
            },
            booking::Error::MoveCutoffPassed { cutoff_minutes } => ApiError::Unprocessable {
                code: ErrorCode::CutoffPassed,
                message: format!(
                    "This booking can no longer be moved online (less than {cutoff_minutes} \
                     minutes before it starts); please call the salon."
                ),
            },
            booking::Error::Cancelled => ApiError::Conflict {
                code: ErrorCode::BookingCancelled,
                message: "This booking was cancelled; make a new one instead.".to_owned(),
            },
            booking::Error::CancelCutoffPassed { cutoff_minutes } => ApiError::Conflict {
                code: ErrorCode::CancelCutoffPassed,
                message: format!(
                    "This booking can no longer be cancelled online (less than {cutoff_minutes} \
                     minutes before it starts); please call the salon."
                ),
            },
            booking::Error::Db(e) => e.into(),
            booking::Error::Internal(what) => ApiError::Internal(what.to_owned()),
        }
    }
}

/// 422 on a date parameter whose dates leave the supported years.
pub fn out_of_range(name: &str) -> ApiError {
    let mut fields = BTreeMap::new();
    fields.insert(
        name.to_owned(),
        Problem::OutOfRange.to_field_error(shared::Locale::En),
    );
    ApiError::Validation(fields)
}

impl ApiError {
    /// A 400 with a code and message.
    pub fn bad_request(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError::BadRequest {
            code,
            message: message.into(),
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        match self {
            ApiError::BadRequest { .. } => 400,
            ApiError::Unauthorized | ApiError::Unauthenticated { .. } => 401,
            ApiError::Forbidden | ApiError::Refused { .. } => 403,
            ApiError::NotFound(_) => 404,
            ApiError::MethodNotAllowed => 405,
            ApiError::Conflict { .. } | ApiError::SlotUnavailable { .. } => 409,
            ApiError::PayloadTooLarge => 413,
            ApiError::Validation(_) | ApiError::Unprocessable { .. } => 422,
            ApiError::RateLimited { .. } => 429,
            ApiError::Unavailable(_) => 503,
            ApiError::Internal(_) => 500,
        }
    }

    /// Seconds the client should wait before retrying, when that is known.
    pub fn retry_after(&self) -> Option<u32> {
        match self {
            ApiError::RateLimited {
                retry_after_seconds,
            } => Some(*retry_after_seconds),
            ApiError::Unavailable(_) => Some(2),
            _ => None,
        }
    }

    /// The body the client sees. Never contains internal detail.
    pub fn body(&self) -> ErrorBody {
        let (code, message, fields) = match self {
            ApiError::BadRequest { code, message } => (*code, message.clone(), None),
            ApiError::Unauthorized => (
                ErrorCode::Unauthorized,
                "Sign in, or send an Authorization: Bearer header with a valid key.".to_owned(),
                None,
            ),
            ApiError::Forbidden => (
                ErrorCode::Forbidden,
                "These credentials do not grant access to that resource.".to_owned(),
                None,
            ),
            ApiError::NotFound(what) => (ErrorCode::NotFound, format!("No such {what}."), None),
            ApiError::MethodNotAllowed => (
                ErrorCode::MethodNotAllowed,
                "This path does not accept that method.".to_owned(),
                None,
            ),
            ApiError::Conflict { code, message }
            | ApiError::Refused { code, message }
            | ApiError::Unauthenticated { code, message } => (*code, message.clone(), None),
            // The engine's reason (`overlaps_booking`, `too_soon`, ...) is for the logs; a client reads
            // this sentence, and the browser shows it as it is.
            ApiError::SlotUnavailable { .. } => (
                ErrorCode::SlotUnavailable,
                "That time can no longer be booked; please choose another.".to_owned(),
                None,
            ),
            ApiError::PayloadTooLarge => (
                ErrorCode::PayloadTooLarge,
                "The request body must be at most 64 KiB.".to_owned(),
                None,
            ),
            ApiError::Validation(fields) => (
                ErrorCode::Validation,
                "Some fields are invalid.".to_owned(),
                Some(fields.clone()),
            ),
            ApiError::Unprocessable { code, message } => (*code, message.clone(), None),
            ApiError::RateLimited { .. } => (
                ErrorCode::RateLimited,
                "Too many requests; please wait a moment.".to_owned(),
                None,
            ),
            ApiError::Unavailable(_) => (
                ErrorCode::Unavailable,
                "The booking service is briefly unavailable; please try again.".to_owned(),
                None,
            ),
            ApiError::Internal(_) => (
                ErrorCode::Internal,
                "Something went wrong on our side.".to_owned(),
                None,
            ),
        };
        let availability = match self {
            ApiError::SlotUnavailable { availability, .. } => Some(availability.clone()),
            _ => None,
        };
        ErrorBody {
            error: ErrorDetail {
                code: code.as_str().to_owned(),
                message,
                fields,
                availability,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_time_says_so_in_words_and_keeps_the_engines_reason_for_the_logs() {
        let err = ApiError::SlotUnavailable {
            reason: "overlaps_booking",
            availability: "/v1/salons/fifi/availability?service=cut".to_owned(),
        };
        let body = err.body();
        assert_eq!(body.error.code, "slot_unavailable");
        assert!(
            !body.error.message.contains("overlaps_booking"),
            "{}",
            body.error.message
        );
        assert!(
            err.to_string().contains("overlaps_booking"),
            "the log line names it"
        );
    }

    #[test]
    fn internal_detail_never_reaches_the_body() {
        let err = ApiError::Internal("syntax error at or near \"SELEC\"".to_owned());
        let body = serde_json::to_string(&err.body()).unwrap();
        assert!(!body.contains("SELEC"), "{body}");
        assert_eq!(err.status(), 500);
        let err = ApiError::Unavailable("connection refused 127.0.0.1:5432".to_owned());
        assert!(!serde_json::to_string(&err.body()).unwrap().contains("5432"));
        assert_eq!(err.retry_after(), Some(2));
    }
}
