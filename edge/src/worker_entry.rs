//! The Worker's entry point: runtime glue only.

use worker::{event, Context, Env, Headers, Request, Response, Result};

use crate::cache::{InputCache, LocalFuture};
use crate::error::ApiError;
use crate::http::{Incoming, Reply, MAX_BODY_BYTES};
use crate::neon::Neon;
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

fn services(env: &Env) -> std::result::Result<Services, ApiError> {
    let connection_string = secret_or_var(env, "DATABASE_URL")
        .ok_or_else(|| ApiError::Unavailable("DATABASE_URL is not set".to_owned()))?;
    let endpoint = secret_or_var(env, "NEON_HTTP_ENDPOINT")
        .or_else(|| Neon::endpoint_for(&connection_string))
        .ok_or_else(|| ApiError::Unavailable("DATABASE_URL is not a postgres:// URL".to_owned()))?;
    let token_secret = secret_or_var(env, "TOKEN_SECRET")
        .ok_or_else(|| ApiError::Internal("TOKEN_SECRET is not set".to_owned()))?;
    let now = jiff::Timestamp::from_millisecond(worker::Date::now().as_millis() as i64)
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(Services {
        cache: std::rc::Rc::new(WorkerCache(worker::Cache::default())),
        neon: Neon {
            endpoint,
            connection_string,
        },
        platform_token: secret_or_var(env, "PLATFORM_TOKEN"),
        token_secret,
        now,
    })
}

async fn incoming(req: &mut Request) -> std::result::Result<Incoming, ApiError> {
    let url = req
        .url()
        .map_err(|e| ApiError::bad_request("bad_url", e.to_string()))?;
    let declared = req
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES) {
        return Err(ApiError::PayloadTooLarge);
    }
    let body = match req.method() {
        worker::Method::Get | worker::Method::Head | worker::Method::Options => Vec::new(),
        _ => req.bytes().await.unwrap_or_default(),
    };
    if body.len() > MAX_BODY_BYTES {
        return Err(ApiError::PayloadTooLarge);
    }
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

fn to_response(reply: Reply, request_id: &str) -> Result<Response> {
    let headers = Headers::new();
    for (name, value) in &reply.headers {
        headers.append(name, value)?;
    }
    headers.set("x-request-id", request_id)?;
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

/// Requests that write on a client's behalf are rate-limited per client IP.
fn is_limited(method: &str, path: &str) -> bool {
    method == "POST"
        && matches!(
            crate::router::route(method, path),
            crate::router::Route::CreateBooking { .. } | crate::router::Route::CancelBooking { .. }
        )
}

/// Asks the rate-limiting binding whether this client may go on. Without the binding (a
/// misconfiguration), requests are let through and the fact is logged.
async fn within_rate_limit(env: &Env, req: &Request, request_id: &str) -> bool {
    let ip = req
        .headers()
        .get("cf-connecting-ip")
        .ok()
        .flatten()
        .unwrap_or_else(|| "unknown".to_owned());
    match env.rate_limiter("BOOKING_LIMITER") {
        Ok(limiter) => match limiter.limit(ip).await {
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
pub async fn fetch(mut req: Request, env: Env, _ctx: Context) -> Result<Response> {
    let request_id = req
        .headers()
        .get("cf-ray")
        .ok()
        .flatten()
        .unwrap_or_else(|| crate::secrets::hex(&crate::secrets::random_bytes::<8>()));
    let method = req.method().to_string();
    let path = req.path();
    if is_limited(&method, &path) && !within_rate_limit(&env, &req, &request_id).await {
        let error = ApiError::RateLimited {
            retry_after_seconds: 60,
        };
        worker::console_log!("{request_id} {method} {path} 429");
        return to_response(Reply::error(&error), &request_id);
    }
    let outcome = match incoming(&mut req).await {
        Ok(incoming) => match services(&env) {
            Ok(services) => routes::handle(&services, &incoming).await,
            Err(e) => Err(e),
        },
        Err(e) => Err(e),
    };
    let reply = match outcome {
        Ok(reply) => {
            worker::console_log!("{request_id} {method} {path} {}", reply.status);
            reply
        }
        Err(error) => {
            worker::console_error!("{request_id} {method} {path} {} {error}", error.status());
            Reply::error(&error)
        }
    };
    to_response(reply, &request_id)
}
