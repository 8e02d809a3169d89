//! `POST /emails` in the shape of Resend's API: bearer key, `Idempotency-Key`, a JSON body, 200
//! `{"id"}`, and errors as `{"statusCode", "name", "message"}` with Resend's names.
//!
//! Stricter than Resend where that catches a sender's mistake early: fields mail-local does not
//! implement (`cc`, `bcc`, `headers`, `tags`, `scheduled_at`, attachments by `path`) and unknown ones are
//! refused rather than ignored, a subject or address with a line break is refused, and either `html`
//! or `text` is required.

use base64::Engine;
use hyper::header::AUTHORIZATION;
use hyper::{HeaderMap, StatusCode};
use jiff::Timestamp;
use serde_json::{json, Map, Value};

use crate::http::{self, BodyError, Reply};
use crate::store::{self, bare_address, Attachment, Channel, Incoming, Message, Outcome, Store};

/// Resend accepts at most this many recipients in `to`.
const MAX_RECIPIENTS: usize = 50;

const FIELDS: [&str; 7] = [
    "from",
    "to",
    "reply_to",
    "subject",
    "html",
    "text",
    "attachments",
];
const ATTACHMENT_FIELDS: [&str; 3] = ["filename", "content", "content_type"];

/// A refusal in Resend's error shape.
struct Refusal {
    status: StatusCode,
    name: &'static str,
    message: String,
}

fn refusal(status: StatusCode, name: &'static str, message: impl Into<String>) -> Refusal {
    Refusal {
        status,
        name,
        message: message.into(),
    }
}

impl Refusal {
    fn reply(self) -> (Reply, String) {
        let body = json!({
            "statusCode": self.status.as_u16(),
            "name": self.name,
            "message": self.message,
        });
        (http::json(self.status, &body), self.name.to_owned())
    }
}

fn missing(field: &str) -> Refusal {
    refusal(
        StatusCode::UNPROCESSABLE_ENTITY,
        "missing_required_field",
        format!("Missing `{field}` field."),
    )
}

fn invalid(field: &str, why: &str) -> Refusal {
    refusal(
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_error",
        format!("Invalid `{field}` field: {why}"),
    )
}

const ADDRESS_FORMAT: &str =
    "the email address needs to follow the `email@example.com` or `Name <email@example.com>` format.";

/// The answer to a fault a test asked for, named as Resend names that status.
fn fault(status: StatusCode) -> (Reply, String) {
    let name = match status.as_u16() {
        429 => "rate_limit_exceeded",
        500 => "internal_server_error",
        s if s >= 500 => "application_error",
        _ => "validation_error",
    };
    let message = status.canonical_reason().unwrap_or("Fault");
    let (reply, _) = refusal(status, name, message).reply();
    (reply, format!("fault {}", status.as_u16()))
}

/// The answer to a body that could not be read.
pub fn unreadable(problem: BodyError) -> (Reply, String) {
    match problem {
        BodyError::TooLarge => refusal(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("The request body is over {} bytes.", http::MAX_BODY),
        ),
        BodyError::Broken => refusal(
            StatusCode::BAD_REQUEST,
            "validation_error",
            "The request body could not be read.",
        ),
    }
    .reply()
}

/// Handles `POST /emails`.
pub fn send(store: &Store, headers: &HeaderMap, body: &[u8]) -> (Reply, String) {
    match accept(store, headers, body) {
        Ok(done) => done,
        Err(refused) => refused.reply(),
    }
}

fn accept(store: &Store, headers: &HeaderMap, body: &[u8]) -> Result<(Reply, String), Refusal> {
    authorize(headers)?;
    let key = http::idempotency_key(headers).map_err(|http::InvalidKey| {
        refusal(
            StatusCode::BAD_REQUEST,
            "invalid_idempotency_key",
            "The key must be between 1-256 chars.",
        )
    })?;
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        refusal(
            StatusCode::BAD_REQUEST,
            "validation_error",
            format!("The request body is not valid JSON: {e}."),
        )
    })?;
    let Value::Object(fields) = &value else {
        return Err(refusal(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_error",
            "The request body must be a JSON object.",
        ));
    };
    let mut message = parse(fields)?;
    message.idempotency_key = key;
    let incoming = Incoming {
        message,
        fingerprint: value,
    };
    Ok(
        match store.accept(incoming, |m| (StatusCode::OK, json!({ "id": m.id }))) {
            Outcome::Stored(status, body) => (
                http::json(status, &body),
                format!("stored {}", body["id"].as_str().unwrap_or_default()),
            ),
            Outcome::Replayed(status, body) => (http::json(status, &body), "replayed".to_owned()),
            Outcome::KeyReused => {
                return Err(refusal(
                    StatusCode::CONFLICT,
                    "invalid_idempotent_request",
                    "Same idempotency key used with a different request payload.",
                ))
            }
            Outcome::Fault(status) => fault(status),
        },
    )
}

/// Requires `Authorization: Bearer <non-empty key>`. Any key is accepted: there is no account.
fn authorize(headers: &HeaderMap) -> Result<(), Refusal> {
    let Some(value) = headers.get(AUTHORIZATION) else {
        return Err(refusal(
            StatusCode::UNAUTHORIZED,
            "missing_api_key",
            "Missing API key in the authorization header.",
        ));
    };
    let key = value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match key {
        Some(key) if !key.is_empty() => Ok(()),
        _ => Err(refusal(
            StatusCode::UNAUTHORIZED,
            "validation_error",
            "API key is invalid",
        )),
    }
}

/// The body's fields as a message, or the first problem, in Resend's order: required fields first.
fn parse(fields: &Map<String, Value>) -> Result<Message, Refusal> {
    let from = match fields.get("from") {
        None | Some(Value::Null) => return Err(missing("from")),
        Some(Value::String(from)) if is_address(from) => from.clone(),
        Some(_) => {
            return Err(refusal(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_from_address",
                format!("Invalid `from` field: {ADDRESS_FORMAT}"),
            ))
        }
    };
    let to = addresses(fields, "to")?;
    if to.is_empty() {
        return Err(missing("to"));
    }
    if to.len() > MAX_RECIPIENTS {
        return Err(invalid(
            "to",
            &format!("at most {MAX_RECIPIENTS} recipients are allowed."),
        ));
    }
    let subject = match optional_text(fields, "subject")? {
        Some(subject) if !subject.trim().is_empty() => subject,
        _ => return Err(missing("subject")),
    };
    if subject.chars().any(char::is_control) {
        return Err(invalid(
            "subject",
            "it contains a line break or another control character.",
        ));
    }
    if let Some(unknown) = fields.keys().find(|k| !FIELDS.contains(&k.as_str())) {
        return Err(refusal(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_error",
            format!(
                "Unknown field `{unknown}`: mail-local implements {}.",
                FIELDS.join(", ")
            ),
        ));
    }
    let reply_to = addresses(fields, "reply_to")?;
    let html = optional_text(fields, "html")?;
    let text = optional_text(fields, "text")?;
    if html.is_none() && text.is_none() {
        return Err(missing("html` or `text"));
    }
    let attachments = match fields.get("attachments") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| attachment(i, item))
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(invalid("attachments", "expected an array.")),
    };
    Ok(Message {
        id: store::uuid_v4(),
        channel: Channel::Email,
        to,
        from,
        reply_to,
        subject: Some(subject),
        text,
        html,
        attachments,
        idempotency_key: None,
        received_at: Timestamp::now(),
    })
}

/// A string field that may be absent or null.
fn optional_text(fields: &Map<String, Value>, field: &str) -> Result<Option<String>, Refusal> {
    match fields.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(invalid(field, "expected a string.")),
    }
}

/// One address or an array of them, as Resend takes `to` and `reply_to`; empty when absent.
fn addresses(fields: &Map<String, Value>, field: &str) -> Result<Vec<String>, Refusal> {
    let values: Vec<&Value> = match fields.get(field) {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) => items.iter().collect(),
        Some(one) => vec![one],
    };
    values
        .into_iter()
        .map(|v| match v.as_str() {
            Some(address) if is_address(address) => Ok(address.to_owned()),
            _ => Err(invalid(field, ADDRESS_FORMAT)),
        })
        .collect()
}

/// `email@example.com` or `Name <email@example.com>`, with no control character anywhere (a line
/// break in an address would become a header of its own).
fn is_address(value: &str) -> bool {
    if value.chars().any(char::is_control) {
        return false;
    }
    let address = bare_address(value);
    if value.contains('<') {
        let name = &value[..value.rfind('<').unwrap_or(0)];
        if name.contains('>') || name.contains('<') || !value.trim_end().ends_with('>') {
            return false;
        }
    }
    let Some((local, domain)) = address.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && !local
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '<' | '>' | ',' | ';' | '@'));
    let domain_ok = !domain.is_empty()
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
    local_ok && domain_ok
}

fn attachment(i: usize, item: &Value) -> Result<Attachment, Refusal> {
    let field = |name: &str| format!("attachments[{i}].{name}");
    let Value::Object(fields) = item else {
        return Err(invalid(&format!("attachments[{i}]"), "expected an object."));
    };
    if fields.contains_key("path") {
        return Err(refusal(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_attachment",
            format!(
                "Invalid `{}` field: mail-local does not fetch attachments; send `content`.",
                field("path")
            ),
        ));
    }
    if let Some(unknown) = fields
        .keys()
        .find(|k| !ATTACHMENT_FIELDS.contains(&k.as_str()))
    {
        return Err(refusal(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_error",
            format!(
                "Unknown field `{}`: mail-local implements {}.",
                field(unknown),
                ATTACHMENT_FIELDS.join(", ")
            ),
        ));
    }
    let filename = match optional_text(fields, "filename")
        .map_err(|_| invalid(&field("filename"), "expected a string."))?
    {
        Some(name) if !name.trim().is_empty() => name,
        _ => return Err(missing(&field("filename"))),
    };
    if filename.chars().any(char::is_control) {
        return Err(invalid(
            &field("filename"),
            "it contains a control character.",
        ));
    }
    let content = match fields.get("content") {
        None | Some(Value::Null) => {
            return Err(refusal(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_attachment",
                format!("Attachment `attachments[{i}]` must have either a `content` or `path`."),
            ))
        }
        Some(Value::String(encoded)) => base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .map_err(|e| {
            refusal(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_attachment",
                format!("Invalid `{}` field: not base64 ({e}).", field("content")),
            )
        })?,
        Some(_) => return Err(invalid(&field("content"), "expected a base64 string.")),
    };
    let content_type = optional_text(fields, "content_type")
        .map_err(|_| invalid(&field("content_type"), "expected a string."))?
        .unwrap_or_else(|| store::content_type_for(&filename).to_owned());
    Ok(Attachment {
        filename,
        content_type,
        content,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_bare_or_named_and_without_line_breaks() {
        for good in [
            "a@example.com",
            "Chairtime <bookings@chairtime.localhost>",
            "\"Zoé, M.\" <zoé@exemple.fr>",
            "x+tag@sub.example.org",
        ] {
            assert!(is_address(good), "{good}");
        }
        for bad in [
            "",
            "example.com",
            "a@",
            "@example.com",
            "a b@example.com",
            "a@example..com",
            "Name <a@example.com",
            "Name a@example.com>",
            "a@example.com\r\nBcc: b@example.com",
            "A <a@example.com> <b@example.com>",
        ] {
            assert!(!is_address(bad), "{bad}");
        }
    }
}
