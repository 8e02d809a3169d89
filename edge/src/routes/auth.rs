//! Sign-in by email link, the session cookie, sign-out and `GET /v1/me` (SPEC §11).

use std::collections::BTreeMap;

use shared::api::{
    EmailLinkRequest, ErrorCode, MembershipWire, NewSalonRequest, Role, SessionRequest, SlugWire,
};
use shared::config::ConfigIssue;
use shared::keys::Slug;

use super::{request_locale, Services};
use crate::accounts::{self, SESSION_COOKIE};
use crate::db;
use crate::db::accounts::SESSION_DAYS;
use crate::error::ApiError;
use crate::http::{Incoming, Reply};
use crate::notify::{providers::Email, render};

/// The session cookie with `value`, living `max_age` seconds.
fn session_cookie(value: &str, max_age: i64) -> String {
    format!("{SESSION_COOKIE}={value}; HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age={max_age}")
}

/// `POST /v1/auth/email-link`: 202 whatever the address; a known one gets a link by email.
pub async fn email_link(services: &Services, req: &Incoming) -> Result<Reply, ApiError> {
    let body: EmailLinkRequest = req.json()?;
    let email = accounts::account_email(&body.email)?;
    let reply = Reply::with_type(202, "text/plain", Vec::new()).header("cache-control", "no-store");
    let Some(token) = accounts::request_link(services, &email).await? else {
        return Ok(reply);
    };
    // The token rides in the fragment, which browsers never send to a server or in a `Referer`.
    Ok(reply.mailing(link_mail(req, "signin", &email, &token, "")))
}

/// The email carrying a console link with `token`, in the request's language.
pub fn link_mail(req: &Incoming, kind: &str, to: &str, token: &str, salon: &str) -> Email {
    let link = format!("{}/console/sign-in#token={token}", req.origin);
    let locale = request_locale(req, shared::Locale::En.tag());
    let rendered = render::link_mail(locale, kind, &link, salon);
    Email {
        to: to.to_owned(),
        reply_to: None,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        attachments: Vec::new(),
    }
}

/// `POST /v1/auth/sign-up`: 202 for any address; a link to finish signing up goes to it.
pub async fn sign_up(services: &Services, req: &Incoming) -> Result<Reply, ApiError> {
    let body: EmailLinkRequest = req.json()?;
    let email = accounts::account_email(&body.email)?;
    let reply = Reply::with_type(202, "text/plain", Vec::new()).header("cache-control", "no-store");
    match accounts::request_sign_up_link(services, &email).await? {
        Some(token) => Ok(reply.mailing(link_mail(req, "signup", &email, &token, ""))),
        None => Ok(reply),
    }
}

/// A slug from the path or a body, or the validation error the API gives for one.
fn slug_of(text: &str, req: &Incoming) -> Result<Slug, ApiError> {
    Slug::parse(text).map_err(|_| {
        let field = ConfigIssue::InvalidSlug.to_field_error(super::admin::owner_locale(req));
        ApiError::Validation(BTreeMap::from([("slug".to_owned(), field)]))
    })
}

/// `GET /v1/slugs/{slug}`: whether a new salon may take it.
pub async fn slug_check(
    services: &Services,
    req: &Incoming,
    slug: &str,
) -> Result<Reply, ApiError> {
    let slug = slug_of(slug, req)?;
    let taken = db::accounts::slug_taken(&services.neon, slug.as_ref()).await?;
    Ok(Reply::json(
        200,
        &SlugWire {
            slug: slug.to_string(),
            available: !taken,
        },
    )
    .header("cache-control", "no-store"))
}

/// `POST /v1/salons`: the signed-in user's new salon, from the starter configuration (a name and
/// where it is; services and staff come in the set-up screens). Sending the same request again (a
/// double click) answers the salon the first one made.
pub async fn create_own_salon(services: &Services, req: &Incoming) -> Result<Reply, ApiError> {
    let (_, email) = accounts::signed_in(services, req).await?;
    let body: NewSalonRequest = req.json()?;
    let slug = slug_of(&body.slug, req);
    let starter = serde_json::json!({
        "name": body.name, "timezone": body.timezone, "currency": body.currency,
        "country": body.country, "locale": body.locale,
    });
    let config = super::admin::validate_config("", starter, super::admin::owner_locale(req));
    let (slug, config) = match (slug, config) {
        (Ok(slug), Ok(config)) => (slug, config),
        (Err(ApiError::Validation(mut a)), Err(ApiError::Validation(b))) => {
            a.extend(b);
            return Err(ApiError::Validation(a));
        }
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };
    // No key: the owner makes named keys in the console when they need one.
    let created =
        db::salons::create(&services.neon, slug.as_ref(), None, &config, Some(&email)).await?;
    let membership = MembershipWire {
        salon: slug.to_string(),
        name: body.name.trim().to_owned(),
        role: Role::Owner,
        staff: None,
    };
    if created.is_some() {
        return Ok(Reply::json(201, &membership));
    }
    let me = accounts::me(services, req).await?;
    match me
        .memberships
        .into_iter()
        .find(|m| m.salon == slug.as_ref())
    {
        Some(mine) if mine.role == Role::Owner => Ok(Reply::json(200, &mine)),
        _ => Err(ApiError::Conflict {
            code: ErrorCode::SlugTaken,
            message: format!("The address {slug} is already taken; choose another."),
        }),
    }
}

/// `POST /v1/auth/session`: a link's token for the session cookie.
pub async fn session(services: &Services, req: &Incoming) -> Result<Reply, ApiError> {
    accounts::same_origin(req)?;
    let body: SessionRequest = req.json()?;
    let session = accounts::open_session(services, &body.token).await?;
    Ok(Reply::with_type(204, "text/plain", Vec::new())
        .header("cache-control", "no-store")
        .header(
            "set-cookie",
            session_cookie(&session, SESSION_DAYS * 86_400),
        ))
}

/// `POST /v1/auth/sign-out`: ends the session and clears the cookie.
pub async fn sign_out(services: &Services, req: &Incoming) -> Result<Reply, ApiError> {
    accounts::sign_out(services, req).await?;
    Ok(Reply::with_type(204, "text/plain", Vec::new())
        .header("cache-control", "no-store")
        .header("set-cookie", session_cookie("", 0)))
}

/// `GET /v1/me`; the cookie's lifetime slides with the session's.
pub async fn me(services: &Services, req: &Incoming) -> Result<Reply, ApiError> {
    let me = accounts::me(services, req).await?;
    let session = accounts::session_of(req).unwrap_or_default();
    Ok(Reply::json(200, &me)
        .header("cache-control", "no-store")
        .header("set-cookie", session_cookie(session, SESSION_DAYS * 86_400)))
}
