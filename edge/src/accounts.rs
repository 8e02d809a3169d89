//! Accounts (SPEC §11): sign-in by email link, sessions, and who may do what in a salon.
//!
//! A sign-in link's token and a session's cookie are 256 random bits each; the database keeps only
//! their SHA-256, so a copy of it signs no one in. A link works once, for fifteen minutes; a session
//! lasts thirty days after its last use. Asking for a link answers the same whether or not the address
//! is known, and the mail goes out after the answer, so neither the answer nor its timing tells.
//!
//! Every owner endpoint asks [`authorize`] for an [`Access`]: an owner API key (Bearer) or the
//! session cookie, checked against the salon named in the path, with the role the endpoint needs. A
//! write with the cookie must come from the app's own origin, so no other site can act through a
//! signed-in owner's browser.

use shared::api::{ErrorCode, MeWire, MembershipWire, Role};
use shared::client::Email;

use crate::db::accounts::{self, Grant};
use crate::error::ApiError;
use crate::http::Incoming;
use crate::routes::Services;
use crate::secrets;

pub use crate::db::accounts::Access;

/// The session cookie (a `__Host-` cookie: Secure, no Domain, Path `/`).
pub const SESSION_COOKIE: &str = "__Host-chairtime_session";

/// What an endpoint requires of its caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// An owner (or an owner API key).
    Owner,
    /// Any member; a staff member is limited to their own calendar by the endpoint.
    Member,
}

/// A normalised account address: `shared`'s email rules, all lower-case.
pub fn account_email(input: &str) -> Result<String, ApiError> {
    let email = Email::parse(input).map_err(|_| {
        ApiError::bad_request(ErrorCode::InvalidBody, "email must be an email address")
    })?;
    Ok(email.as_ref().to_lowercase())
}

/// A new sign-in link for `email`, when the address has an account and has not asked too often:
/// the token to put in the link. `None` otherwise (and nothing is sent).
pub async fn request_link(services: &Services, email: &str) -> Result<Option<String>, ApiError> {
    let token = secrets::new_secret();
    let recorded = accounts::create_link(
        &services.neon,
        email,
        &secrets::sha256_hex(&token),
        services.now,
    )
    .await?;
    Ok(recorded.then_some(token))
}

/// A new sign-up link for any address (the user is created if new), under the same hourly limit.
pub async fn request_sign_up_link(
    services: &Services,
    email: &str,
) -> Result<Option<String>, ApiError> {
    let token = secrets::new_secret();
    let recorded = accounts::create_sign_up_link(
        &services.neon,
        email,
        &secrets::sha256_hex(&token),
        services.now,
    )
    .await?;
    Ok(recorded.then_some(token))
}

/// The signed-in user of a request (id, email); 401 without a live session. Writes must come from
/// the app's own origin.
pub async fn signed_in(services: &Services, req: &Incoming) -> Result<(i64, String), ApiError> {
    same_origin(req)?;
    let session = session_of(req).ok_or(ApiError::Unauthorized)?;
    accounts::session_user(&services.neon, &secrets::sha256_hex(session), services.now)
        .await?
        .ok_or(ApiError::Unauthorized)
}

/// Exchanges a link's token for a new session; the session's secret, or 401 when the link is
/// unknown, used or expired.
pub async fn open_session(services: &Services, link_token: &str) -> Result<String, ApiError> {
    let session = secrets::new_secret();
    let opened = accounts::open_session(
        &services.neon,
        &secrets::sha256_hex(link_token),
        &secrets::sha256_hex(&session),
        services.now,
    )
    .await?;
    if opened {
        Ok(session)
    } else {
        Err(ApiError::Unauthenticated {
            code: ErrorCode::InvalidSignInLink,
            message: "This sign-in link has expired or was already used. Ask for a new one."
                .to_owned(),
        })
    }
}

/// The session secret of a request's cookie.
pub fn session_of(req: &Incoming) -> Option<&str> {
    req.cookie(SESSION_COOKIE).filter(|v| !v.is_empty())
}

/// Ends the request's session, if any.
pub async fn sign_out(services: &Services, req: &Incoming) -> Result<(), ApiError> {
    same_origin(req)?;
    if let Some(session) = session_of(req) {
        accounts::end_session(&services.neon, &secrets::sha256_hex(session)).await?;
    }
    Ok(())
}

/// The signed-in user and their memberships; 401 without a live session.
pub async fn me(services: &Services, req: &Incoming) -> Result<MeWire, ApiError> {
    let session = session_of(req).ok_or(ApiError::Unauthorized)?;
    let (email, memberships) =
        accounts::me(&services.neon, &secrets::sha256_hex(session), services.now)
            .await?
            .ok_or(ApiError::Unauthorized)?;
    Ok(MeWire {
        email,
        memberships: memberships
            .into_iter()
            .map(|m| MembershipWire {
                salon: m.slug,
                name: m.name,
                role: m.role,
                staff: m.staff_key,
            })
            .collect(),
    })
}

/// A cookie-authenticated write must come from this app's own pages: `Origin` is sent by browsers
/// with every cross-origin request and every POST, so its absence or another value refuses it.
pub fn same_origin(req: &Incoming) -> Result<(), ApiError> {
    if matches!(req.method.as_str(), "GET" | "HEAD") {
        return Ok(());
    }
    match req.header("origin") {
        Some(origin) if origin == req.origin => Ok(()),
        _ => Err(ApiError::Forbidden),
    }
}

/// Who the request acts for in salon `slug`: an owner API key (`Authorization: Bearer`) or the
/// session cookie. No credentials is 401; credentials that are not valid, or valid elsewhere, or a
/// role short of `need`, is 403; an unknown salon is 404 only to a caller with valid credentials.
pub async fn authorize(
    services: &Services,
    req: &Incoming,
    slug: &str,
    need: Need,
) -> Result<Access, ApiError> {
    let grant = if let Some(key) = req.bearer() {
        accounts::key_access(&services.neon, slug, &secrets::sha256_hex(key)).await?
    } else if let Some(session) = session_of(req) {
        same_origin(req)?;
        accounts::session_access(
            &services.neon,
            slug,
            &secrets::sha256_hex(session),
            services.now,
        )
        .await?
    } else {
        return Err(ApiError::Unauthorized);
    };
    let access = match grant {
        Grant::Granted(access) => access,
        Grant::NoSalon => return Err(ApiError::NotFound("salon")),
        Grant::Invalid if req.bearer().is_none() => return Err(ApiError::Unauthorized),
        Grant::Invalid | Grant::Elsewhere => return Err(ApiError::Forbidden),
    };
    if need == Need::Owner && access.role != Role::Owner {
        return Err(ApiError::Forbidden);
    }
    Ok(access)
}

impl Access {
    /// Whether this caller may act on `staff_key`'s calendar: an owner on anyone's, a staff
    /// member on their own.
    pub fn may_act_for(&self, staff_key: &str) -> bool {
        self.role == Role::Owner || self.staff_key.as_deref() == Some(staff_key)
    }

    /// The stored configuration, validated.
    pub fn parsed(&self) -> Result<shared::config::SalonConfig, ApiError> {
        Ok(crate::db::salons::Owned {
            id: self.salon_id,
            config: self.config.clone(),
        }
        .parsed()?)
    }
}
