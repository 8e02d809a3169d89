//! Sign-in by email link, the session cookie, sign-out and `GET /v1/me` (SPEC §11).

use shared::api::{EmailLinkRequest, SessionRequest};

use super::{request_locale, Services};
use crate::accounts::{self, SESSION_COOKIE};
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
    let link = format!("{}/console/sign-in#token={token}", req.origin);
    let locale = request_locale(req, shared::Locale::En.tag());
    let rendered = render::sign_in(locale, &link);
    Ok(reply.mailing(Email {
        to: email,
        reply_to: None,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        attachments: Vec::new(),
    }))
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
