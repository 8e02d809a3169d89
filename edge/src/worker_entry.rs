//! The Worker's entry point: runtime glue only.

use shared::api::ErrorCode;
use worker::{event, ByteStream, Context, Env, Headers, Request, Response, Result};

use crate::cache::{InputCache, LocalFuture};
use crate::clock;
use crate::db;
use crate::error::ApiError;
use crate::http::{check_declared_length, BodyReader, Flow, Incoming, Reply};
use crate::neon::Neon;
use crate::notify::{self, providers::ResendApi, providers::TwilioApi, Channels, Sender};
use crate::routes::{self, Services};

fn secret_or_var(env: &Env, name: &str) -> Option<String> {
    env.secret(name)
        .map(|s| s.to_string())
        .or_else(|_| env.var(name).map(|v| v.to_string()))
        .ok()
        .filter(|v| !v.is_empty())
}

/// The Workers Cache API of this location, behind [`InputCache`].
struct WorkerCache(worker::Cache);

impl InputCache for WorkerCache {
    fn get<'a>(&'a self, key: &'a str) -> LocalFuture<'a, Option<String>> {
        Box::pin(async move {
            let mut response = self.0.get(key, false).await.ok()??;
            response.text().await.ok()
        })
    }

    fn put<'a>(&'a self, key: &'a str, value: String, max_age_seconds: u32) -> LocalFuture<'a, ()> {
        Box::pin(async move {
            let headers = Headers::new();
            let _ = headers.set("content-type", "application/json");
            let _ = headers.set(
                "cache-control",
                &format!("public, max-age={max_age_seconds}"),
            );
            if let Ok(response) = Response::ok(value) {
                let _ = self.0.put(key, response.with_headers(headers)).await;
            }
        })
    }

    fn delete<'a>(&'a self, key: &'a str) -> LocalFuture<'a, ()> {
        Box::pin(async move {
            let _ = self.0.delete(key, false).await;
        })
    }
}

/// How long one database call may take: `DATABASE_TIMEOUT_MS`, else the production value. Only the
/// local test stack sets it, longer, because it fires dozens of requests at once on two cores.
fn database_timeout_ms(env: &Env) -> u32 {
    secret_or_var(env, "DATABASE_TIMEOUT_MS")
        .and_then(|v| v.parse().ok())
        .filter(|ms| (100..=60_000).contains(ms))
        .unwrap_or(crate::neon::CALL_TIMEOUT_MS)
}

/// A database client with the Worker's deadline for one call.
fn neon(env: &Env) -> std::result::Result<Neon, ApiError> {
    let connection_string = secret_or_var(env, "DATABASE_URL")
        .ok_or_else(|| ApiError::Unavailable("DATABASE_URL is not set".to_owned()))?;
    let endpoint = secret_or_var(env, "NEON_HTTP_ENDPOINT")
        .or_else(|| crate::neon::endpoint_for(&connection_string))
        .ok_or_else(|| ApiError::Unavailable("DATABASE_URL is not a postgres:// URL".to_owned()))?;
    Ok(Neon::new(endpoint, connection_string).with_call_timeout(database_timeout_ms(env)))
}

/// The delivery channels the Worker's variables configure (SPEC §9).
fn channels(env: &Env) -> Channels {
    let var = |name| secret_or_var(env, name);
    Channels {
        mail: match (var("MAIL_API_URL"), var("MAIL_API_KEY"), var("MAIL_FROM")) {
            (Some(url), Some(key), Some(from)) => Some(ResendApi { url, key, from }),
            _ => None,
        },
        sms: match (
            var("SMS_API_URL"),
            var("SMS_ACCOUNT_SID"),
            var("SMS_AUTH_TOKEN"),
            var("SMS_FROM"),
        ) {
            (Some(url), Some(account_sid), Some(auth_token), Some(from)) => Some(TwilioApi {
                url,
                account_sid,
                auth_token,
                from,
            }),
            _ => None,
        },
    }
}

/// Sends the due notifications of one booking, or all due ones, and logs what happened. Failures
/// only log: the rows stay in the outbox for the next sweep.
async fn deliver(env: Env, now: jiff::Timestamp, booking_id: Option<String>, label: String) {
    let (Ok(neon), Some(token_secret), Some(public_url)) = (
        neon(&env),
        secret_or_var(&env, "TOKEN_SECRET"),
        secret_or_var(&env, "PUBLIC_URL"),
    ) else {
        worker::console_error!(
            "{label} notifications: DATABASE_URL, TOKEN_SECRET or PUBLIC_URL is not set"
        );
        return;
    };
    let channels = channels(&env);
    let sender = Sender {
        neon: &neon,
        channels: &channels,
        token_secret: &token_secret,
        public_url: &public_url,
    };
    match notify::sweep(&sender, now, booking_id.as_deref()).await {
        Ok(r) if r == notify::Report::default() => {}
        Ok(r) => worker::console_log!(
            "{label} notifications: {} sent, {} to retry, {} given up, {} waiting for a provider",
            r.sent,
            r.retried,
            r.dead,
            r.waiting
        ),
        Err(e) => worker::console_error!("{label} notifications: {e}"),
    }
}

fn services(env: &Env, req: &Incoming) -> std::result::Result<Services, ApiError> {
    let token_secret = secret_or_var(env, "TOKEN_SECRET")
        .ok_or_else(|| ApiError::Internal("TOKEN_SECRET is not set".to_owned()))?;
    let real = jiff::Timestamp::from_millisecond(worker::Date::now().as_millis() as i64)
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let policy = clock::Override::from_vars(
        secret_or_var(env, "CLOCK_OVERRIDE").as_deref(),
        secret_or_var(env, "ENVIRONMENT").as_deref(),
    );
    let now = clock::now(real, req.header(clock::OFFSET_HEADER), policy)?;
    Ok(Services {
        cache: std::rc::Rc::new(WorkerCache(worker::Cache::default())),
        neon: neon(env)?.for_one_request(),
        platform_token: secret_or_var(env, "PLATFORM_TOKEN"),
        token_secret,
        now,
    })
}

/// Reads the body as it arrives through [`BodyReader`], which decides at the chunk that passes
/// [`MAX_BODY_BYTES`], whatever the framing; a declared length too long to read is refused before
/// anything is read. When no more of a refused body will be read, its stream is dropped, which
/// cancels it: the answer goes at once, and the runtime closes the connection.
async fn read_body(req: &mut Request) -> std::result::Result<Vec<u8>, ApiError> {
    // A request without a body has no stream. It is taken before anything is checked, so that a
    // refusal cancels the body rather than leave it for someone to wait for.
    let Ok(stream) = req.stream() else {
        return Ok(Vec::new());
    };
    let mut stream = Box::pin(stream);
    if let Some(declared) = req.headers().get("content-length").ok().flatten() {
        check_declared_length(&declared)?;
    }
    let mut reader = BodyReader::default();
    while let Some(chunk) = next_chunk(&mut stream).await {
        let Ok(chunk) = chunk else {
            return Err(ApiError::bad_request(
                ErrorCode::UnreadableBody,
                "The body could not be read.",
            ));
        };
        if reader.push(&chunk) == Flow::Stop {
            break;
        }
    }
    reader.finish()
}

async fn next_chunk(stream: &mut std::pin::Pin<Box<ByteStream>>) -> Option<Result<Vec<u8>>> {
    use futures_core::Stream;
    std::future::poll_fn(|cx| stream.as_mut().poll_next(cx)).await
}

async fn incoming(req: &mut Request) -> std::result::Result<Incoming, ApiError> {
    let url = req
        .url()
        .map_err(|e| ApiError::bad_request(ErrorCode::BadUrl, e.to_string()))?;
    let body = match req.method() {
        worker::Method::Get | worker::Method::Head | worker::Method::Options => Vec::new(),
        _ => read_body(req).await?,
    };
    Ok(Incoming {
        method: req.method().to_string(),
        path: url.path().to_owned(),
        query: url.query().unwrap_or("").to_owned(),
        headers: req
            .headers()
            .entries()
            .map(|(k, v)| (k.to_ascii_lowercase(), v))
            .collect(),
        body,
        origin: url.origin().ascii_serialization(),
    })
}

fn to_response(reply: Reply, request_id: &str, hsts: Option<&str>) -> Result<Response> {
    let headers = Headers::new();
    for (name, value) in &reply.headers {
        headers.append(name, value)?;
    }
    headers.set("x-request-id", request_id)?;
    headers.set("x-content-type-options", "nosniff")?;
    if let Some(hsts) = hsts {
        headers.set("strict-transport-security", hsts)?;
    }
    if !reply
        .headers
        .iter()
        .any(|(n, _)| *n == "access-control-allow-origin")
    {
        headers.set("access-control-allow-origin", "*")?;
    }
    headers.set(
        "access-control-expose-headers",
        "x-request-id, retry-after, etag, cache-status",
    )?;
    let response = if reply.body.is_empty() {
        Response::empty()?
    } else {
        Response::from_bytes(reply.body)?
    };
    Ok(response.with_status(reply.status).with_headers(headers))
}

/// The static file a request names, from the assets binding, with the headers every response
/// carries added; `None` when there is no such file.
async fn asset(
    env: &Env,
    req: &Request,
    request_id: &str,
    hsts: Option<&str>,
) -> Result<Option<Response>> {
    let response = env.assets("ASSETS")?.fetch_request(req.clone()?).await?;
    if response.status_code() == 404 {
        return Ok(None);
    }
    // A fetched response's headers cannot be changed: the file goes out with a copy of them.
    let headers = Headers::new();
    for (name, value) in response.headers().entries() {
        headers.append(&name, &value)?;
    }
    headers.set("x-request-id", request_id)?;
    headers.set("x-content-type-options", "nosniff")?;
    if let Some(hsts) = hsts {
        headers.set("strict-transport-security", hsts)?;
    }
    Ok(Some(response.with_headers(headers)))
}

/// Requests that write on a client's behalf are rate-limited per client IP.
fn is_limited(method: &str, path: &str) -> bool {
    method == "POST"
        && matches!(
            crate::router::route(method, path),
            crate::router::Route::CreateBooking { .. }
                | crate::router::Route::CancelBooking { .. }
                | crate::router::Route::RescheduleBooking { .. }
                | crate::router::Route::AuthEmailLink
                | crate::router::Route::AuthSignUp
                | crate::router::Route::CreateOwnSalon
        )
}

/// Asks the rate-limiting binding whether this client may go on. Without the binding (a
/// misconfiguration), requests are let through and the fact is logged.
async fn within_rate_limit(env: &Env, req: &Request, request_id: &str) -> bool {
    let header = |name: &str| req.headers().get(name).ok().flatten();
    let key = crate::limits::caller_key(
        header("cf-connecting-ip").as_deref(),
        header("x-real-ip").as_deref(),
        header("x-forwarded-for").as_deref(),
        secret_or_var(env, "ENVIRONMENT").as_deref() == Some("development"),
    );
    if let crate::limits::CallerKey::Unidentified(_) = key {
        worker::console_warn!(
            "{request_id} no CF-Connecting-IP: rate limiting on the proxy's forwarding headers or one shared bucket"
        );
    }
    match env.rate_limiter("BOOKING_LIMITER") {
        Ok(limiter) => match limiter.limit(key.into_string()).await {
            Ok(outcome) => outcome.success,
            Err(e) => {
                worker::console_error!("{request_id} rate limiter failed: {e}");
                true
            }
        },
        Err(_) => {
            worker::console_error!("{request_id} no BOOKING_LIMITER binding; not rate limiting");
            true
        }
    }
}

#[event(fetch)]
pub async fn fetch(mut req: Request, env: Env, ctx: Context) -> Result<Response> {
    let request_id = req
        .headers()
        .get("cf-ray")
        .ok()
        .flatten()
        .unwrap_or_else(|| crate::secrets::hex(&crate::secrets::random_bytes::<8>()));
    let method = req.method().to_string();
    let path = req.path();
    if method == "POST" && path == LOCAL_SCHEDULED_PATH {
        return local_scheduled(&env, &req, &request_id).await;
    }
    let started = worker::Date::now().as_millis();
    let hsts =
        crate::http::strict_transport_security(secret_or_var(&env, "ENVIRONMENT").as_deref());
    // Logs name the route, never the path: a manage token is a path segment.
    let log_as = |route: &'static str, status: u16, error: Option<String>| {
        crate::logs::RequestLog {
            request_id: &request_id,
            method: &method,
            route,
            status,
            duration_ms: worker::Date::now().as_millis().saturating_sub(started),
            salon: crate::logs::salon_of(&method, &path),
            error,
        }
        .line()
    };
    let log = |status, error| log_as(crate::router::pattern(&method, &path), status, error);
    // Every request reaches the Worker first (`run_worker_first`), so static files too carry the
    // headers every response has; an address that is no endpoint is a file, or the API's 404.
    if matches!(method.as_str(), "GET" | "HEAD")
        && crate::router::route(&method, &path) == crate::router::Route::NotFound
    {
        if let Some(response) = asset(&env, &req, &request_id, hsts).await? {
            worker::console_log!("{}", log_as("(asset)", response.status_code(), None));
            return Ok(response);
        }
    }
    if is_limited(&method, &path) && !within_rate_limit(&env, &req, &request_id).await {
        let error = ApiError::RateLimited {
            retry_after_seconds: 60,
        };
        worker::console_log!("{}", log(429, None));
        return to_response(Reply::error(&error), &request_id, hsts);
    }
    let mut now = None;
    let outcome = match incoming(&mut req).await {
        Ok(incoming) => match services(&env, &incoming) {
            Ok(services) => {
                now = Some(services.now);
                routes::handle(&services, &incoming).await
            }
            Err(e) => Err(e),
        },
        Err(e) => Err(e),
    };
    // What a change put in the outbox goes out after the answer, not before it.
    if let (
        Ok(Reply {
            notify_booking: Some(booking),
            ..
        }),
        Some(now),
    ) = (&outcome, now)
    {
        ctx.wait_until(deliver(
            env.clone(),
            now,
            Some(booking.clone()),
            request_id.clone(),
        ));
    }
    // A sign-in link goes out after the answer, so the answer's timing says nothing of the address.
    if let Ok(Reply {
        mail: Some(email), ..
    }) = &outcome
    {
        ctx.wait_until(send_mail(env.clone(), email.clone(), request_id.clone()));
    }
    let reply = match outcome {
        Ok(reply) => {
            worker::console_log!("{}", log(reply.status, None));
            reply
        }
        Err(error) => {
            worker::console_error!("{}", log(error.status(), Some(error.to_string())));
            Reply::error(&error)
        }
    };
    to_response(reply, &request_id, hsts)
}

/// Sends one email that is not in the outbox (a sign-in link, whose token is never stored). A
/// failure is logged without the address; the person asks for another link.
async fn send_mail(env: Env, email: notify::providers::Email, label: String) {
    use notify::providers::Mailer;
    let Some(mailer) = channels(&env).mail else {
        worker::console_error!(
            "{label} sign-in mail: MAIL_API_URL, MAIL_API_KEY or MAIL_FROM is not set"
        );
        return;
    };
    let key = format!(
        "chairtime-mail-{}",
        crate::secrets::hex(&crate::secrets::random_bytes::<16>())
    );
    // The provider's explanation may quote the address, so only the kind of failure is logged.
    match mailer.send(&email, &key).await {
        Ok(_) => {}
        Err(notify::providers::SendError::Temporary(_)) => {
            worker::console_error!("{label} sign-in mail not sent: temporary failure")
        }
        Err(notify::providers::SendError::Refused(_)) => {
            worker::console_error!("{label} sign-in mail not sent: refused by the provider")
        }
    }
}

/// Every minute (`[triggers] crons`): everything due in the outbox, and housekeeping. "Now" is the
/// time the run was scheduled for.
#[event(scheduled)]
pub async fn scheduled(event: worker::ScheduledEvent, env: Env, _ctx: worker::ScheduleContext) {
    let Ok(now) = jiff::Timestamp::from_millisecond(event.schedule() as i64) else {
        worker::console_error!("scheduled: the scheduled time is out of range");
        return;
    };
    scheduled_job(&env, now, format!("cron {}", event.cron())).await;
}

/// What the Cron Trigger runs: housekeeping, then every notification due at `now`.
async fn scheduled_job(env: &Env, now: jiff::Timestamp, label: String) {
    match neon(env) {
        Ok(neon) => match db::outbox::housekeeping(&neon, now).await {
            Ok(swept) if swept.idempotency_keys + swept.secrets > 0 => worker::console_log!(
                "{label} housekeeping: {} idempotency records, {} expired sign-in links and sessions deleted",
                swept.idempotency_keys,
                swept.secrets
            ),
            Ok(_) => {}
            Err(e) => worker::console_error!("{label} housekeeping: {e}"),
        },
        Err(e) => worker::console_error!("{label}: {e}"),
    }
    deliver(env.clone(), now, None, label).await;
}

/// Where a local Worker runs [`scheduled_job`] on request, at `?time=` (milliseconds since the
/// epoch) or now: how `cargo xtask dev` and the tests fire the Cron Trigger at the instants they
/// choose (wrangler's own trigger cannot set the time for this Worker). Like a clock offset, it
/// exists only where `CLOCK_OVERRIDE=allow` and the environment is not deployed; elsewhere it is 404.
pub const LOCAL_SCHEDULED_PATH: &str = "/__local/scheduled";

async fn local_scheduled(env: &Env, req: &Request, request_id: &str) -> Result<Response> {
    let policy = clock::Override::from_vars(
        secret_or_var(env, "CLOCK_OVERRIDE").as_deref(),
        secret_or_var(env, "ENVIRONMENT").as_deref(),
    );
    if policy == clock::Override::Refused {
        return to_response(
            Reply::error(&ApiError::NotFound("endpoint")),
            request_id,
            None,
        );
    }
    let time = req
        .url()
        .ok()
        .and_then(|u| {
            u.query_pairs()
                .find(|(k, _)| k == "time")
                .map(|(_, v)| v.into_owned())
        })
        .map(|ms| {
            ms.parse::<i64>()
                .ok()
                .and_then(|ms| jiff::Timestamp::from_millisecond(ms).ok())
        });
    let now = match time {
        Some(Some(at)) => at,
        Some(None) => {
            let error = ApiError::bad_request(
                ErrorCode::InvalidParameter,
                "time must be milliseconds since 1970-01-01",
            );
            return to_response(Reply::error(&error), request_id, None);
        }
        None => jiff::Timestamp::from_millisecond(worker::Date::now().as_millis() as i64)
            .map_err(|e| worker::Error::RustError(e.to_string()))?,
    };
    scheduled_job(env, now, format!("{request_id} local cron")).await;
    to_response(
        Reply::json(200, &serde_json::json!({ "ran_at": now.to_string() })),
        request_id,
        None,
    )
}
