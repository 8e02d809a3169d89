//! What "now" is for one request.
//!
//! Everything the edge decides about time (minimum notice, the booking window, the cancel cutoff, the
//! cache horizon) takes the instant read here, once per request. Locally and in tests a request may
//! move that instant with the `X-Chairtime-Clock-Offset` header (seconds, may be negative), so a test
//! can prove that a rule holds at 00:30, 07:59 or on 29 February without waiting for it. The header is
//! honoured only where the Worker variable `CLOCK_OVERRIDE` is `allow` (written to `.dev.vars` by
//! `cargo xtask dev` and the test stack, which only `wrangler dev` reads) and `ENVIRONMENT` is neither
//! `staging` nor `production` (set in `wrangler.toml`). Anywhere else a request that carries it is
//! refused, so a deployed Worker can never be talked into another time.

use jiff::{SignedDuration, Timestamp};
use shared::api::ErrorCode;

use crate::error::ApiError;

/// The header that moves a request's clock, in lower case.
pub const OFFSET_HEADER: &str = "x-chairtime-clock-offset";

/// The largest offset accepted, about 100 years either way: enough for any test date, and far from
/// the calendar library's limits.
const MAX_OFFSET_SECONDS: i64 = 100 * 366 * 86_400;

/// Whether this Worker lets requests move their clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Override {
    /// Local development and tests.
    Allowed,
    /// Staging, production, or anything not explicitly local.
    Refused,
}

impl Override {
    /// The policy of a Worker with these variables.
    pub fn from_vars(clock_override: Option<&str>, environment: Option<&str>) -> Self {
        let deployed = matches!(environment, Some("staging" | "production"));
        if clock_override == Some("allow") && !deployed {
            Override::Allowed
        } else {
            Override::Refused
        }
    }
}

/// "Now" for a request: the runtime's clock, moved by the offset header where that is allowed.
pub fn now(real: Timestamp, header: Option<&str>, policy: Override) -> Result<Timestamp, ApiError> {
    let Some(value) = header else {
        return Ok(real);
    };
    if policy == Override::Refused {
        return Err(ApiError::bad_request(
            ErrorCode::ClockOverrideRefused,
            "This server does not accept a clock offset.",
        ));
    }
    let invalid = || {
        ApiError::bad_request(
            ErrorCode::InvalidClockOffset,
            format!("{OFFSET_HEADER} must be whole seconds within ±{MAX_OFFSET_SECONDS}"),
        )
    };
    let seconds: i64 = value.trim().parse().map_err(|_| invalid())?;
    if seconds.abs() > MAX_OFFSET_SECONDS {
        return Err(invalid());
    }
    real.checked_add(SignedDuration::from_secs(seconds))
        .map_err(|_| invalid())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn real() -> Timestamp {
        "2026-12-02T11:29:00Z".parse().unwrap()
    }

    #[test]
    fn only_a_local_worker_may_move_its_clock() {
        assert_eq!(Override::from_vars(Some("allow"), None), Override::Allowed);
        assert_eq!(
            Override::from_vars(Some("allow"), Some("dev")),
            Override::Allowed
        );
        for env in ["staging", "production"] {
            assert_eq!(
                Override::from_vars(Some("allow"), Some(env)),
                Override::Refused
            );
        }
        assert_eq!(Override::from_vars(None, None), Override::Refused);
        assert_eq!(Override::from_vars(Some("yes"), None), Override::Refused);
    }

    #[test]
    fn the_offset_moves_now_by_whole_seconds_either_way() {
        let moved = now(real(), Some("-3600"), Override::Allowed).unwrap();
        assert_eq!(moved, "2026-12-02T10:29:00Z".parse().unwrap());
        let moved = now(real(), Some("86400"), Override::Allowed).unwrap();
        assert_eq!(moved, "2026-12-03T11:29:00Z".parse().unwrap());
        assert_eq!(now(real(), None, Override::Refused).unwrap(), real());
    }

    #[test]
    fn a_refused_or_malformed_offset_is_a_400_and_never_ignored() {
        let refused = now(real(), Some("60"), Override::Refused).unwrap_err();
        assert_eq!(refused.status(), 400);
        for bad in ["", "1.5", "ten", "99999999999999999999", "4000000000"] {
            let error = now(real(), Some(bad), Override::Allowed).unwrap_err();
            assert_eq!(error.status(), 400, "{bad:?}");
        }
    }
}
