//! `POST /sql` as Neon's proxy answers it (SPEC §5), in front of a local Postgres.
//!
//! A single query is one autocommit statement; a batch is one transaction with the requested isolation,
//! all or nothing. Connections are pooled per credentials and reset with `DISCARD ALL` before reuse, and
//! a connection whose query failed is dropped, so no session state leaks from one request to the next.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderMap, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use percent_encoding::percent_decode_str;
use serde_json::{json, Value};
use tokio::sync::Mutex;

use crate::pg::{self, Conn, ConnectParams, Error, TxStatus};

/// Request and response size limit, as Neon's default.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;
/// Idle connections kept per set of credentials.
const POOL_PER_KEY: usize = 20;

/// Shared state: where Postgres is and the idle connections.
pub struct State {
    pub upstream_host: String,
    pub upstream_port: u16,
    pool: Mutex<HashMap<ConnectParams, Vec<Conn>>>,
}

impl State {
    pub fn new(upstream_host: String, upstream_port: u16) -> Arc<State> {
        Arc::new(State {
            upstream_host,
            upstream_port,
            pool: Mutex::new(HashMap::new()),
        })
    }

    async fn checkout(&self, params: &ConnectParams) -> Result<Conn, Error> {
        if let Some(conn) = self.pool.lock().await.get_mut(params).and_then(Vec::pop) {
            return Ok(conn);
        }
        Conn::connect(params).await
    }

    /// Resets a healthy idle connection and returns it to the pool; anything else is closed.
    async fn checkin(self: Arc<Self>, params: ConnectParams, mut conn: Conn) {
        if conn.status != TxStatus::Idle || conn.simple("DISCARD ALL").await.is_err() {
            return;
        }
        let mut pool = self.pool.lock().await;
        let idle = pool.entry(params).or_default();
        if idle.len() < POOL_PER_KEY {
            idle.push(conn);
        }
    }
}

type Reply = Response<Full<Bytes>>;

fn reply(status: StatusCode, body: &Value) -> Reply {
    let mut response = Response::new(Full::new(Bytes::from(body.to_string())));
    *response.status_mut() = status;
    let h = response.headers_mut();
    h.insert("content-type", HeaderValue::from_static("application/json"));
    h.insert("access-control-allow-origin", HeaderValue::from_static("*"));
    response
}

/// An error that did not come from Postgres: Neon sends its text as `message`, empty `code` and
/// `severity`, and null for the rest.
fn proxy_error(status: StatusCode, message: &str) -> Reply {
    let e = pg::PgError {
        message: message.to_owned(),
        ..pg::PgError::default()
    };
    reply(status, &e.to_json())
}

fn pg_error_reply(e: Error) -> Reply {
    match e {
        Error::Db(e) => reply(StatusCode::BAD_REQUEST, &e.to_json()),
        Error::TooLarge(max) => proxy_error(
            StatusCode::INSUFFICIENT_STORAGE,
            &format!("response is too large (max is {max} bytes)"),
        ),
        other => proxy_error(StatusCode::INTERNAL_SERVER_ERROR, &other.to_string()),
    }
}

/// Reads `postgres[ql]://user:password@host[:port]/database[?…]`; host and port are replaced by the
/// upstream this server fronts.
pub fn parse_connection_string(value: &str, host: &str, port: u16) -> Option<ConnectParams> {
    let rest = value
        .strip_prefix("postgresql://")
        .or_else(|| value.strip_prefix("postgres://"))?;
    let (authority, path) = rest.split_once('/')?;
    let (userinfo, _host) = authority.rsplit_once('@')?;
    let (user, password) = userinfo.split_once(':').unwrap_or((userinfo, ""));
    let database = path.split('?').next()?;
    let decode = |s: &str| {
        percent_decode_str(s)
            .decode_utf8()
            .ok()
            .map(|c| c.into_owned())
    };
    let params = ConnectParams {
        host: host.to_owned(),
        port,
        user: decode(user)?,
        password: decode(password)?,
        database: decode(database)?,
    };
    (!params.user.is_empty() && !params.database.is_empty()).then_some(params)
}

/// A parameter as the driver sends it: text or null. Other JSON values are converted as Neon's proxy
/// does for other clients.
fn param_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        other => Some(other.to_string()),
    }
}

struct Query {
    sql: String,
    params: Vec<Option<String>>,
}

fn parse_query(value: &Value) -> Option<Query> {
    let sql = value.get("query")?.as_str()?.to_owned();
    let params = match value.get("params") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items.iter().map(param_text).collect(),
        Some(_) => return None,
    };
    Some(Query { sql, params })
}

fn flag(headers: &HeaderMap, name: &str) -> bool {
    headers.get(name).and_then(|v| v.to_str().ok()) == Some("true")
}

/// Handles one HTTP request.
pub async fn handle(state: Arc<State>, req: Request<Incoming>) -> Result<Reply, Infallible> {
    let started = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let (response, what) = route(state, req).await;
    eprintln!(
        "neon-local: {method} {path} {} {:.1}ms {what}",
        response.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    Ok(response)
}

async fn route(state: Arc<State>, req: Request<Incoming>) -> (Reply, String) {
    match (req.method(), req.uri().path()) {
        (&Method::OPTIONS, "/sql") => {
            let mut response = reply(StatusCode::OK, &Value::Null);
            let h = response.headers_mut();
            h.insert("allow", HeaderValue::from_static("OPTIONS, POST"));
            h.insert(
                "access-control-allow-headers",
                HeaderValue::from_static(
                    "Authorization, Neon-Connection-String, Neon-Raw-Text-Output, Neon-Array-Mode, \
                     Neon-Pool-Opt-In, Neon-Batch-Read-Only, Neon-Batch-Isolation-Level",
                ),
            );
            h.insert("access-control-max-age", HeaderValue::from_static("86400"));
            (response, "preflight".to_owned())
        }
        (&Method::POST, "/sql") => sql(state, req).await,
        (&Method::GET, "/healthz") => (
            reply(StatusCode::OK, &json!({"status": "ok"})),
            String::new(),
        ),
        _ => (
            reply(StatusCode::BAD_REQUEST, &json!("query is not supported")),
            "unsupported".to_owned(),
        ),
    }
}

async fn sql(state: Arc<State>, req: Request<Incoming>) -> (Reply, String) {
    let headers = req.headers().clone();
    let declared = headers
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    let too_large = || {
        proxy_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            &format!("request is too large (max is {MAX_BYTES} bytes)"),
        )
    };
    if declared.is_some_and(|n| n > MAX_BYTES) {
        return (too_large(), "request too large".to_owned());
    }
    let body = match Limited::new(req.into_body(), MAX_BYTES).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => return (too_large(), "request too large".to_owned()),
    };

    let Some(params) = headers
        .get("neon-connection-string")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| parse_connection_string(v, &state.upstream_host, state.upstream_port))
    else {
        return (
            proxy_error(
                StatusCode::BAD_REQUEST,
                "invalid header: neon-connection-string",
            ),
            "no connection string".to_owned(),
        );
    };
    let raw_text = flag(&headers, "neon-raw-text-output");
    let array_mode = flag(&headers, "neon-array-mode");
    let isolation = match headers
        .get("neon-batch-isolation-level")
        .map(|v| v.to_str().unwrap_or(""))
    {
        None => None,
        Some("ReadUncommitted") => Some("READ UNCOMMITTED"),
        Some("ReadCommitted") => Some("READ COMMITTED"),
        Some("RepeatableRead") => Some("REPEATABLE READ"),
        Some("Serializable") => Some("SERIALIZABLE"),
        Some(_) => {
            return (
                proxy_error(StatusCode::BAD_REQUEST, "invalid isolation level"),
                "bad isolation".to_owned(),
            )
        }
    };
    let read_only = flag(&headers, "neon-batch-read-only");
    let deferrable = flag(&headers, "neon-batch-deferrable");

    let payload: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => {
            return (
                proxy_error(
                    StatusCode::BAD_REQUEST,
                    &format!("could not parse the HTTP request body: {e}"),
                ),
                "bad body".to_owned(),
            )
        }
    };
    let batch = match payload.get("queries") {
        Some(Value::Array(items)) => {
            match items.iter().map(parse_query).collect::<Option<Vec<_>>>() {
                Some(queries) => Some(queries),
                None => return (bad_shape(), "bad body".to_owned()),
            }
        }
        Some(_) => return (bad_shape(), "bad body".to_owned()),
        None => None,
    };
    let single = match &batch {
        Some(_) => None,
        None => match parse_query(&payload) {
            Some(q) => Some(q),
            None => return (bad_shape(), "bad body".to_owned()),
        },
    };

    let mut conn = match state.checkout(&params).await {
        Ok(conn) => conn,
        Err(e) => {
            return (
                pg_error_reply(e),
                format!("connect failed as {}", params.user),
            )
        }
    };

    match (single, batch) {
        (Some(q), _) => match conn.query(&q.sql, &q.params, MAX_BYTES).await {
            Ok(out) => {
                tokio::spawn(state.clone().checkin(params, conn));
                (
                    reply(
                        StatusCode::OK,
                        &pg::output_to_json(&out, array_mode, raw_text),
                    ),
                    "single".to_owned(),
                )
            }
            Err(e) => {
                let what = format!("single failed: {e}");
                conn.close().await;
                (pg_error_reply(e), what)
            }
        },
        (None, Some(queries)) => {
            let mut begin = String::from("START TRANSACTION");
            let mut modes = Vec::new();
            if let Some(level) = isolation {
                modes.push(format!("ISOLATION LEVEL {level}"));
            }
            if read_only {
                modes.push("READ ONLY".to_owned());
            }
            if deferrable {
                modes.push("DEFERRABLE".to_owned());
            }
            if !modes.is_empty() {
                begin.push(' ');
                begin.push_str(&modes.join(", "));
            }
            let outcome = run_batch(&mut conn, &begin, &queries).await;
            match outcome {
                Ok(outputs) => {
                    tokio::spawn(state.clone().checkin(params, conn));
                    let results: Vec<Value> = outputs
                        .iter()
                        .map(|o| pg::output_to_json(o, array_mode, raw_text))
                        .collect();
                    let mut response = reply(StatusCode::OK, &json!({ "results": results }));
                    let h = response.headers_mut();
                    if read_only {
                        h.insert("neon-batch-read-only", HeaderValue::from_static("true"));
                    }
                    if deferrable {
                        h.insert("neon-batch-deferrable", HeaderValue::from_static("true"));
                    }
                    if let Some(level) = headers.get("neon-batch-isolation-level") {
                        h.insert("neon-batch-isolation-level", level.clone());
                    }
                    (response, format!("batch of {}", queries.len()))
                }
                Err(e) => {
                    let what = format!("batch failed: {e}");
                    conn.close().await;
                    (pg_error_reply(e), what)
                }
            }
        }
        (None, None) => unreachable!("one of single or batch is set above"),
    }
}

fn bad_shape() -> Reply {
    proxy_error(
        StatusCode::BAD_REQUEST,
        "could not parse the HTTP request body: expected {\"query\", \"params\"} or {\"queries\": [...]}",
    )
}

/// Runs a batch in one transaction; on any error rolls back and reports it.
async fn run_batch(
    conn: &mut Conn,
    begin: &str,
    queries: &[Query],
) -> Result<Vec<pg::Output>, Error> {
    conn.simple(begin).await?;
    let mut outputs = Vec::with_capacity(queries.len());
    let mut budget = MAX_BYTES;
    for q in queries {
        match conn.query(&q.sql, &q.params, budget).await {
            Ok(out) => {
                budget = budget.saturating_sub(out.bytes);
                outputs.push(out);
            }
            Err(e) => {
                let _ = conn.simple("ROLLBACK").await;
                return Err(e);
            }
        }
    }
    if let Err(e) = conn.simple("COMMIT").await {
        let _ = conn.simple("ROLLBACK").await;
        return Err(e);
    }
    Ok(outputs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connection_strings_give_credentials_and_database() {
        let p = parse_connection_string(
            "postgresql://app%40x:p%2Fw@ep-1.example.tech/main%20db?sslmode=require&application_name=a",
            "127.0.0.1",
            5432,
        )
        .unwrap();
        assert_eq!(
            (p.user.as_str(), p.password.as_str(), p.database.as_str()),
            ("app@x", "p/w", "main db")
        );
        assert_eq!((p.host.as_str(), p.port), ("127.0.0.1", 5432));
        assert!(parse_connection_string("mysql://a:b@h/d", "h", 1).is_none());
        assert!(parse_connection_string("postgres://a:b@h/", "h", 1).is_none());
    }
}
