//! The test API (SPEC §9): list, read and clear messages, and make provider requests fail.
//! Errors are `{"error": {"code", "message"}}`, as the product's API writes them.

use hyper::StatusCode;
use serde_json::{json, Value};

use crate::http::{self, BodyError, Reply};
use crate::store::{Faults, Store};

/// The most failures one request may arm.
const MAX_FAIL_NEXT: u64 = 10_000;

fn error(status: StatusCode, code: &str, message: impl Into<String>) -> (Reply, String) {
    let body = json!({ "error": { "code": code, "message": message.into() } });
    (http::json(status, &body), code.to_owned())
}

/// The answer to a body that could not be read.
pub fn unreadable(problem: BodyError) -> (Reply, String) {
    match problem {
        BodyError::TooLarge => error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!("The body is over {} bytes.", http::MAX_BODY),
        ),
        BodyError::Broken => error(
            StatusCode::BAD_REQUEST,
            "unreadable",
            "The body could not be read.",
        ),
    }
}

pub fn not_found() -> (Reply, String) {
    error(
        StatusCode::NOT_FOUND,
        "not_found",
        "No such message or route.",
    )
}

/// `GET /api/messages[?to=ADDRESS]`: newest first; `to` matches any recipient.
pub fn list(store: &Store, query: Option<&str>) -> (Reply, String) {
    let mut to = None;
    for (name, value) in http::query_pairs(query) {
        match name.as_str() {
            "to" if to.is_none() => to = Some(value),
            "to" => {
                return error(
                    StatusCode::BAD_REQUEST,
                    "invalid_query",
                    "`to` may be given once.",
                )
            }
            other => {
                return error(
                    StatusCode::BAD_REQUEST,
                    "invalid_query",
                    format!("Unknown query parameter `{other}`; only `to` is known."),
                )
            }
        }
    }
    let messages = store.list(to.as_deref());
    let what = format!("{} messages", messages.len());
    (
        http::json(StatusCode::OK, &json!({ "messages": messages })),
        what,
    )
}

/// `GET /api/messages/{id}`: one message, with its attachments' contents in base64.
pub fn one(store: &Store, id: &str) -> (Reply, String) {
    match store.with_message(id, |m| m.to_json(true)) {
        Some(message) => (http::json(StatusCode::OK, &message), String::new()),
        None => not_found(),
    }
}

/// `DELETE /api/messages`: forgets every message and idempotency record.
pub fn clear(store: &Store) -> (Reply, String) {
    let deleted = store.clear();
    (
        http::json(StatusCode::OK, &json!({ "deleted": deleted })),
        format!("deleted {deleted}"),
    )
}

/// `POST /api/faults {"fail_next": N, "status": 500, "to": ADDRESS}`: the next N provider requests
/// (to that recipient, if `to` is given) fail with `status` (default 500) and store nothing.
/// `fail_next: 0` cancels pending faults.
pub fn faults(store: &Store, body: &[u8]) -> (Reply, String) {
    let Ok(Value::Object(fields)) = serde_json::from_slice::<Value>(body) else {
        return error(
            StatusCode::BAD_REQUEST,
            "malformed_json",
            "The body must be a JSON object.",
        );
    };
    if let Some(unknown) = fields
        .keys()
        .find(|k| !["fail_next", "status", "to"].contains(&k.as_str()))
    {
        return error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
            format!("Unknown field `{unknown}`; known: fail_next, status, to."),
        );
    }
    let remaining = match fields.get("fail_next").map(Value::as_u64) {
        Some(Some(n)) if n <= MAX_FAIL_NEXT => n as u32,
        _ => {
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation",
                format!("`fail_next` must be a whole number from 0 to {MAX_FAIL_NEXT}."),
            )
        }
    };
    let status = match fields.get("status").map(Value::as_u64) {
        None => StatusCode::INTERNAL_SERVER_ERROR,
        Some(Some(s @ 400..=599)) => {
            StatusCode::from_u16(s as u16).expect("400..=599 are status codes")
        }
        Some(_) => {
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation",
                "`status` must be an HTTP error status, 400 to 599.",
            )
        }
    };
    let to = match fields.get("to") {
        None | Some(Value::Null) => None,
        Some(Value::String(to)) if !to.trim().is_empty() => Some(to.clone()),
        Some(_) => {
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation",
                "`to` must be an address or a phone number.",
            )
        }
    };
    let body = json!({ "fail_next": remaining, "status": status.as_u16(), "to": to });
    store.set_faults(Faults {
        remaining,
        status,
        to,
    });
    (
        http::json(StatusCode::OK, &body),
        format!("armed {remaining} × {}", status.as_u16()),
    )
}
