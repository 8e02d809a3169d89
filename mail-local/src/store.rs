//! The messages, in memory, with the providers' idempotency records and the faults a test asked for.
//!
//! One mutex guards it all: a provider request checks faults, looks up its idempotency key and stores
//! its message in one critical section, so two requests with one key store one message.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use hyper::StatusCode;
use jiff::{Timestamp, Unit};
use serde_json::{json, Value};

/// Which provider API a message came through.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Channel {
    Email,
    Sms,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
        }
    }
}

/// A file attached to an email.
pub struct Attachment {
    pub filename: String,
    pub content_type: String,
    pub content: Vec<u8>,
}

/// A message as the provider accepted it. SMS have one recipient, a body in `text` and no subject.
pub struct Message {
    pub id: String,
    pub channel: Channel,
    /// Recipients as the sender wrote them (`a@example.com` or `Name <a@example.com>`, or a phone number).
    pub to: Vec<String>,
    pub from: String,
    pub reply_to: Vec<String>,
    pub subject: Option<String>,
    pub text: Option<String>,
    pub html: Option<String>,
    pub attachments: Vec<Attachment>,
    pub idempotency_key: Option<String>,
    pub received_at: Timestamp,
}

impl Message {
    /// Whether `address` is one of the recipients: the address inside `Name <…>` is compared, email
    /// addresses without regard to ASCII case.
    pub fn is_to(&self, address: &str) -> bool {
        let wanted = bare_address(address);
        self.to
            .iter()
            .any(|to| bare_address(to).eq_ignore_ascii_case(wanted))
    }

    /// The message as the test API lists it; `with_content` adds each attachment's bytes in base64.
    pub fn to_json(&self, with_content: bool) -> Value {
        let attachments: Vec<Value> = self
            .attachments
            .iter()
            .map(|a| {
                let mut item = json!({
                    "filename": a.filename,
                    "content_type": a.content_type,
                    "size": a.content.len(),
                });
                if with_content {
                    use base64::Engine;
                    item["content"] = base64::engine::general_purpose::STANDARD
                        .encode(&a.content)
                        .into();
                }
                item
            })
            .collect();
        json!({
            "id": self.id,
            "channel": self.channel.as_str(),
            "to": self.to,
            "from": self.from,
            "reply_to": self.reply_to,
            "subject": self.subject,
            "text": self.text,
            "html": self.html,
            "attachments": attachments,
            "idempotency_key": self.idempotency_key,
            "received_at": rfc3339(self.received_at),
        })
    }
}

/// `a@example.com` out of `Name <a@example.com>`; anything else trimmed.
pub fn bare_address(value: &str) -> &str {
    let value = value.trim();
    match (value.rfind('<'), value.ends_with('>')) {
        (Some(open), true) => value[open + 1..value.len() - 1].trim(),
        _ => value,
    }
}

/// A UTC instant with milliseconds, as the test API writes `received_at`.
pub fn rfc3339(at: Timestamp) -> String {
    at.round(Unit::Millisecond).unwrap_or(at).to_string()
}

/// What a provider answered a request with an idempotency key, replayed to a repeat of it.
struct Recorded {
    /// The request as the provider understood it; a repeat must match it.
    fingerprint: Value,
    status: StatusCode,
    body: Value,
}

/// The next requests a test wants to fail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Faults {
    pub remaining: u32,
    pub status: StatusCode,
    /// Only requests to this recipient fail (so tests that share one server do not fail each other's).
    pub to: Option<String>,
}

/// A provider request, validated, before it is stored.
pub struct Incoming {
    pub message: Message,
    /// What identifies the request for idempotency: its parsed body (and, for SMS, the account).
    pub fingerprint: Value,
}

/// What became of a provider request.
pub enum Outcome {
    /// Stored now, with the provider's answer.
    Stored(StatusCode, Value),
    /// A repeat of an earlier request: the same answer again, nothing stored.
    Replayed(StatusCode, Value),
    /// The key was used before for another request.
    KeyReused,
    /// A fault the test asked for: answer with this status, store nothing.
    Fault(StatusCode),
}

#[derive(Default)]
struct Inner {
    /// Oldest first.
    messages: Vec<Message>,
    idempotency: HashMap<(Channel, String), Recorded>,
    faults: Option<Faults>,
}

/// Everything the server holds.
#[derive(Default)]
pub struct Store {
    inner: Mutex<Inner>,
}

impl Store {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves nothing half-written that matters for a dev server.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Accepts a provider request: a fault if one is due, else a replay, a conflict, or a new message
    /// whose answer `answer` builds (it is recorded for the idempotency key, if any).
    pub fn accept(
        &self,
        incoming: Incoming,
        answer: impl FnOnce(&Message) -> (StatusCode, Value),
    ) -> Outcome {
        let mut inner = self.lock();
        if let Some(status) = inner.take_fault(&incoming.message) {
            return Outcome::Fault(status);
        }
        let message = incoming.message;
        let key = message
            .idempotency_key
            .clone()
            .map(|k| (message.channel, k));
        if let Some(recorded) = key.as_ref().and_then(|k| inner.idempotency.get(k)) {
            return if recorded.fingerprint == incoming.fingerprint {
                Outcome::Replayed(recorded.status, recorded.body.clone())
            } else {
                Outcome::KeyReused
            };
        }
        let (status, body) = answer(&message);
        if let Some(key) = key {
            let recorded = Recorded {
                fingerprint: incoming.fingerprint,
                status,
                body: body.clone(),
            };
            inner.idempotency.insert(key, recorded);
        }
        inner.messages.push(message);
        Outcome::Stored(status, body)
    }

    /// Messages newest first, to `to` if given, as the test API lists them.
    pub fn list(&self, to: Option<&str>) -> Vec<Value> {
        self.lock()
            .messages
            .iter()
            .rev()
            .filter(|m| to.is_none_or(|to| m.is_to(to)))
            .map(|m| m.to_json(false))
            .collect()
    }

    /// Runs `f` on the message with this id.
    pub fn with_message<T>(&self, id: &str, f: impl FnOnce(&Message) -> T) -> Option<T> {
        self.lock().messages.iter().find(|m| m.id == id).map(f)
    }

    /// Runs `f` on every message, newest first.
    pub fn with_messages<T>(&self, f: impl FnOnce(&mut dyn Iterator<Item = &Message>) -> T) -> T {
        f(&mut self.lock().messages.iter().rev())
    }

    /// Forgets every message and idempotency record; returns how many messages there were.
    pub fn clear(&self) -> usize {
        let mut inner = self.lock();
        inner.idempotency.clear();
        std::mem::take(&mut inner.messages).len()
    }

    /// Replaces the pending faults (`remaining` 0 clears them).
    pub fn set_faults(&self, faults: Faults) {
        self.lock().faults = (faults.remaining > 0).then_some(faults);
    }
}

impl Inner {
    fn take_fault(&mut self, message: &Message) -> Option<StatusCode> {
        let faults = self.faults.as_mut()?;
        if faults.to.as_deref().is_some_and(|to| !message.is_to(to)) {
            return None;
        }
        faults.remaining -= 1;
        let status = faults.status;
        if faults.remaining == 0 {
            self.faults = None;
        }
        Some(status)
    }
}

/// `n` random bytes from the operating system.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::getrandom(&mut bytes).expect("the operating system provides random bytes");
    bytes
}

/// Lower-case hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A random version-4 UUID, as Resend's email ids are.
pub fn uuid_v4() -> String {
    let mut b = random_bytes::<16>();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex(&b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// The content type an attachment is served with, from its file name's extension.
pub fn content_type_for(filename: &str) -> &'static str {
    let extension = filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "ics" | "ical" | "ifb" => "text/calendar",
        "txt" => "text/plain",
        "html" | "htm" => "text/html",
        "csv" => "text/csv",
        "json" => "application/json",
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_inside_angle_brackets_is_the_one_compared() {
        assert_eq!(bare_address("Zoé <zoe@example.com>"), "zoe@example.com");
        assert_eq!(bare_address("  zoe@example.com "), "zoe@example.com");
        assert_eq!(bare_address("+33612345678"), "+33612345678");
    }

    #[test]
    fn uuids_have_the_version_and_variant_bits() {
        let id = uuid_v4();
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
        assert!(matches!(&id[19..20], "8" | "9" | "a" | "b"), "{id}");
        assert_ne!(id, uuid_v4());
    }

    #[test]
    fn content_types_come_from_the_extension_in_any_case() {
        assert_eq!(content_type_for("invite.ICS"), "text/calendar");
        assert_eq!(content_type_for("a.b.pdf"), "application/pdf");
        assert_eq!(content_type_for("README"), "application/octet-stream");
    }
}
