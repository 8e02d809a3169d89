//! Request handlers, one module per resource. Each takes the request and the services and returns a reply
//! or an [`ApiError`]; none touches the Worker runtime, so all of them run natively too.

pub mod admin;
pub mod auth;
pub mod bookings;
pub mod calendar;
pub mod clients;
pub mod data;
pub mod keys;
pub mod ops;
pub mod salons;
pub mod team;

use jiff::Timestamp;

use crate::error::ApiError;
use crate::http::{Incoming, Reply};
use crate::neon::Neon;
use crate::router::{route, Route};

/// What handlers need besides the request.
pub struct Services {
    /// The edge cache of availability inputs.
    pub cache: std::rc::Rc<dyn crate::cache::InputCache>,
    /// The database.
    pub neon: Neon,
    /// The platform token that may create salons, when configured.
    pub platform_token: Option<String>,
    /// The key manage tokens are derived with.
    pub token_secret: String,
    /// The current instant, read once per request.
    pub now: Timestamp,
}

/// Dispatches a request to its handler.
pub async fn handle(services: &Services, req: &Incoming) -> Result<Reply, ApiError> {
    match route(&req.method, &req.path) {
        Route::Healthz => ops::healthz(),
        Route::Readyz => ops::readyz(services).await,
        Route::SalonProfile { slug } => salons::profile(services, req, slug).await,
        Route::Availability { slug } => salons::availability(services, req, slug).await,
        Route::CreateBooking { slug } => bookings::create(services, req, slug).await,
        Route::ManageBooking { token } => bookings::view(services, token).await,
        Route::CancelBooking { token } => bookings::cancel(services, token).await,
        Route::RescheduleBooking { token } => bookings::reschedule(services, req, token).await,
        Route::BookingCalendar { token } => bookings::calendar(services, req, token).await,
        Route::ManagePage => Ok(crate::pages::manage()),
        Route::SalonPage { slug } => crate::pages::salon(services, req, slug).await,
        Route::AdminCreateSalon => admin::create_salon(services, req).await,
        Route::AdminGetConfig { slug } => admin::get_config(services, req, slug).await,
        Route::AdminPutConfig { slug } => admin::put_config(services, req, slug).await,
        Route::AdminListBookings { slug } => calendar::list(services, req, slug).await,
        Route::AdminCancelBooking { slug, id } => calendar::cancel(services, req, slug, id).await,
        Route::AdminCreateBooking { slug } => calendar::create(services, req, slug).await,
        Route::AdminRescheduleBooking { slug, id } => {
            calendar::reschedule(services, req, slug, id).await
        }
        Route::AdminBookingOutcome { slug, id } => calendar::outcome(services, req, slug, id).await,
        Route::AdminListBlocks { slug } => calendar::blocks(services, req, slug).await,
        Route::AdminCreateBlock { slug } => calendar::block(services, req, slug).await,
        Route::AdminDeleteBlock { slug, id } => calendar::unblock(services, req, slug, id).await,
        Route::AdminClients { slug } => clients::search(services, req, slug).await,
        Route::AdminClient { slug, id } => clients::one(services, req, slug, id).await,
        Route::AdminClientNote { slug, id } => clients::note(services, req, slug, id).await,
        Route::AdminListKeys { slug } => keys::list(services, req, slug).await,
        Route::AdminCreateKey { slug } => keys::create(services, req, slug).await,
        Route::AdminRevokeKey { slug, id } => keys::revoke(services, req, slug, id).await,
        Route::ConsolePage => Ok(crate::pages::console(&req.path)),
        Route::AuthEmailLink => auth::email_link(services, req).await,
        Route::AuthSignUp => auth::sign_up(services, req).await,
        Route::CreateOwnSalon => auth::create_own_salon(services, req).await,
        Route::SlugCheck { slug } => auth::slug_check(services, req, slug).await,
        Route::AdminExport { slug } => data::export(services, req, slug).await,
        Route::AdminErase { slug } => data::erase(services, req, slug).await,
        Route::AdminListMembers { slug } => team::list(services, req, slug).await,
        Route::AdminInviteMember { slug } => team::invite(services, req, slug).await,
        Route::AdminUpdateMember { slug, id } => team::update(services, req, slug, id).await,
        Route::AdminRemoveMember { slug, id } => team::remove(services, req, slug, id).await,
        Route::AuthSession => auth::session(services, req).await,
        Route::AuthSignOut => auth::sign_out(services, req).await,
        Route::Me => auth::me(services, req).await,
        Route::Preflight => preflight(services, req).await,
        Route::MethodNotAllowed => Err(ApiError::MethodNotAllowed),
        Route::NotFound => Err(ApiError::NotFound("endpoint")),
    }
}

/// Answers a CORS preflight. Booking creation is open only to the salon's `allowed_origins`; the rest
/// of the API (public reads, manage links, the bearer-authenticated owner API) to any origin.
async fn preflight(services: &Services, req: &Incoming) -> Result<Reply, ApiError> {
    let origin = req.header("origin").unwrap_or("*").to_owned();
    if let Route::CreateBooking { slug } = route("POST", &req.path) {
        // The cached configuration is enough to answer; the booking itself checks the database's.
        let salon = crate::availability::inputs(services, slug, None)
            .await?
            .salon;
        let origin = req.header("origin");
        if !crate::booking::origin_allowed(origin, &req.origin, &salon.config.allowed_origins) {
            return Err(ApiError::Forbidden);
        }
    }
    Ok(Reply::with_type(204, "text/plain", Vec::new())
        .header("access-control-allow-origin", origin)
        .header("vary", "Origin")
        .header(
            "access-control-allow-methods",
            "GET, POST, PUT, DELETE, OPTIONS",
        )
        .header(
            "access-control-allow-headers",
            "content-type, idempotency-key, authorization, accept-language",
        )
        .header("access-control-max-age", "86400"))
}

/// A public JSON answer that may be revalidated: an `ETag` of its body, `304` when the client already
/// has it, and `Cache-Status` saying whether its inputs came from the edge cache.
pub fn revalidated_json<T: serde::Serialize>(req: &Incoming, value: &T, hit: bool) -> Reply {
    let body = serde_json::to_vec(value).expect("API types serialize");
    let etag = format!("\"{}\"", &crate::secrets::sha256_hex(&body)[..32]);
    let status = if hit { "HIT" } else { "MISS" };
    let matches = req.header("if-none-match").is_some_and(|v| {
        v.split(',')
            .any(|t| t.trim().trim_start_matches("W/") == etag)
    });
    let reply = if matches {
        Reply::with_type(304, "application/json; charset=utf-8", Vec::new())
    } else {
        Reply::with_type(200, "application/json; charset=utf-8", body)
    };
    reply
        .header("etag", etag)
        .header("cache-status", status)
        .header("cache-control", "no-cache")
}

/// The locale for client-facing messages: the request's `Accept-Language`, else the salon's.
pub fn request_locale(req: &Incoming, salon_locale: &str) -> shared::Locale {
    crate::booking::locale_for(req.header("accept-language"), salon_locale)
}
