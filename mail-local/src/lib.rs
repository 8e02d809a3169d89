//! A local stand-in for the providers that send Chairtime's notifications (SPEC §9): Resend's email
//! API (`email.rs`) and Twilio's Messages API (`sms.rs`), with messages kept in memory (`store.rs`),
//! an inbox to read them in a browser (`inbox.rs`) and a test API to list them and inject faults
//! (`api.rs`). Like neon-local, it implements the providers' public API shapes so the production
//! sender runs unchanged; it is never deployed.

pub mod api;
pub mod email;
pub mod http;
pub mod inbox;
pub mod sms;
pub mod store;

use std::convert::Infallible;
use std::future::Future;
use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};

use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, StatusCode};
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use serde_json::json;
use tokio::net::TcpListener;

use crate::http::Reply;
use crate::store::Store;

/// How long requests in progress may take to finish once shutdown begins.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Serves on `listener` until `shutdown` completes, then lets open requests finish (for at most
/// [`SHUTDOWN_GRACE`]) and returns.
pub async fn serve(
    listener: TcpListener,
    store: Arc<Store>,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => accepted?,
            () = &mut shutdown => break,
        };
        stream.set_nodelay(true)?;
        let store = store.clone();
        let service = service_fn(move |req| handle(store.clone(), req));
        let connection = http1::Builder::new()
            .keep_alive(true)
            .serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            let _ = connection.await;
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown()).await;
    Ok(())
}

/// Handles one request and logs one line for it (method, path without the query, status, time).
pub async fn handle(store: Arc<Store>, req: Request<Incoming>) -> Result<Reply, Infallible> {
    let started = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let (reply, what) = route(&store, req).await;
    // A log that cannot be written must not take the server down (eprintln! would panic).
    let _ = writeln!(
        std::io::stderr(),
        "mail-local: {method} {path} {} {:.1}ms {what}",
        reply.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    Ok(reply)
}

async fn route(store: &Store, req: Request<Incoming>) -> (Reply, String) {
    let (parts, body) = req.into_parts();
    let path = parts.uri.path();
    let account = sms::account_in(path);
    // Every body is read before anything is answered, even a refusal: a server that answers first
    // must close the connection, and a client that then reuses it sees a network error instead.
    let body = match http::read_body(&parts.headers, body).await {
        Ok(body) => body,
        Err(e) if account.is_some() => return sms::unreadable(e),
        Err(e) if path == "/emails" => return email::unreadable(e),
        Err(e) => return api::unreadable(e),
    };
    if let Some(account) = account {
        return match parts.method {
            Method::POST => sms::send(store, account, &parts.headers, &body),
            _ => method_not_allowed("POST"),
        };
    }
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match (&parts.method, segments.as_slice()) {
        (&Method::POST, ["emails"]) => email::send(store, &parts.headers, &body),
        (_, ["emails"]) => method_not_allowed("POST"),
        (&Method::GET, ["healthz"]) => (
            http::json(StatusCode::OK, &json!({ "status": "ok" })),
            String::new(),
        ),
        (&Method::GET, ["api", "messages"]) => api::list(store, parts.uri.query()),
        (&Method::DELETE, ["api", "messages"]) => api::clear(store),
        (_, ["api", "messages"]) => method_not_allowed("GET, DELETE"),
        (&Method::GET, ["api", "messages", id]) => api::one(store, id),
        (&Method::POST, ["api", "faults"]) => api::faults(store, &body),
        (_, ["api", "faults"]) => method_not_allowed("POST"),
        (&Method::GET, [""]) => inbox::index(store),
        (&Method::GET, ["messages", id]) => inbox::message(store, id),
        (&Method::GET, ["messages", id, "attachments", n]) => inbox::attachment(store, id, n),
        _ => api::not_found(),
    }
}

fn method_not_allowed(allow: &'static str) -> (Reply, String) {
    let body =
        json!({ "error": { "code": "method_not_allowed", "message": format!("Use {allow}.") } });
    let mut reply = http::json(StatusCode::METHOD_NOT_ALLOWED, &body);
    reply
        .headers_mut()
        .insert("allow", hyper::header::HeaderValue::from_static(allow));
    (reply, "method not allowed".to_owned())
}
