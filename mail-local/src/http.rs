//! Replies, bounded bodies and query strings.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::{HeaderMap, HeaderValue, CONTENT_LENGTH, CONTENT_TYPE};
use hyper::{Response, StatusCode};
use percent_encoding::percent_decode_str;
use serde_json::Value;

/// The largest request body accepted; larger ones are 413.
pub const MAX_BODY: usize = 10 * 1024 * 1024;

/// How much of a body over the limit is read and thrown away before the 413 goes out. A server that
/// answers while the client is still sending must close the connection, and the client may then see a
/// reset instead of the 413; reading the rest first (up to this much) lets it see the answer.
const DRAIN: usize = 4 * 1024 * 1024;

pub type Reply = Response<Full<Bytes>>;

/// A reply with a body of `content_type`.
pub fn bytes(status: StatusCode, content_type: &str, body: impl Into<Bytes>) -> Reply {
    let mut response = Response::new(Full::new(body.into()));
    *response.status_mut() = status;
    let content_type = HeaderValue::from_str(content_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    response.headers_mut().insert(CONTENT_TYPE, content_type);
    response
}

pub fn json(status: StatusCode, body: &Value) -> Reply {
    bytes(status, "application/json", body.to_string())
}

/// Why a body could not be read.
pub enum BodyError {
    /// It was over [`MAX_BODY`].
    TooLarge,
    /// The connection failed while it was being read.
    Broken,
}

/// Reads the whole body, at most [`MAX_BODY`] bytes.
pub async fn read_body(headers: &HeaderMap, mut body: Incoming) -> Result<Bytes, BodyError> {
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > (MAX_BODY + DRAIN) as u64) {
        return Err(BodyError::TooLarge);
    }
    let mut kept = Vec::new();
    let mut seen = 0usize;
    while let Some(frame) = body.frame().await {
        let Ok(frame) = frame else {
            return Err(BodyError::Broken);
        };
        let Ok(data) = frame.into_data() else {
            continue;
        };
        seen += data.len();
        if seen <= MAX_BODY {
            kept.extend_from_slice(&data);
        } else if seen > MAX_BODY + DRAIN {
            break;
        }
    }
    if seen > MAX_BODY {
        return Err(BodyError::TooLarge);
    }
    Ok(Bytes::from(kept))
}

/// The pairs of a query string. `+` stays a plus (phone numbers are looked up as `?to=+336…`); a
/// space must be written `%20`, which no address contains anyway.
pub fn query_pairs(query: Option<&str>) -> Vec<(String, String)> {
    query
        .unwrap_or("")
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |s: &str| percent_decode_str(s).decode_utf8_lossy().into_owned();
            (decode(name), decode(value))
        })
        .collect()
}

/// The longest `Idempotency-Key` accepted, Resend's limit (Twilio documents none).
const MAX_KEY_CHARS: usize = 256;

/// An `Idempotency-Key` header that is not 1 to 256 visible ASCII characters.
pub struct InvalidKey;

/// The `Idempotency-Key` header, `None` when absent.
pub fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, InvalidKey> {
    match headers.get("idempotency-key") {
        None => Ok(None),
        Some(value) => value
            .to_str()
            .ok()
            .filter(|k| (1..=MAX_KEY_CHARS).contains(&k.len()))
            .map(|k| Some(k.to_owned()))
            .ok_or(InvalidKey),
    }
}

/// A header's value as text, if present and visible ASCII.
pub fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}
