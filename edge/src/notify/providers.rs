//! The two delivery channels, each behind a small trait so a provider can be swapped: email through
//! an API in the shape of Resend's, SMS through one in the shape of Twilio's Messages API (SPEC §9).
//! Every request carries the outbox row's `Idempotency-Key`, so a retry after a timeout never gives
//! the recipient a second message.

use base64::Engine;
use neon_http::Transport;

use crate::transport::Http;

/// How long one provider call may take.
const CALL_TIMEOUT_MS: u32 = 10_000;

/// Why a message was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// Worth trying again later: the network, a timeout, a 5xx, 408, 409 or 429.
    #[error("temporary: {0}")]
    Temporary(String),
    /// The provider refused the message itself; trying again would fail the same way.
    #[error("refused: {0}")]
    Refused(String),
}

fn outcome(status: u16, body: &str, id_field: &str) -> Result<String, SendError> {
    let detail = || format!("{status} {}", body.chars().take(300).collect::<String>());
    match status {
        200..=299 => serde_json::from_str::<serde_json::Value>(body)
            .ok()
            .and_then(|v| v[id_field].as_str().map(str::to_owned))
            .ok_or_else(|| SendError::Temporary(format!("no {id_field} in {}", detail()))),
        408 | 409 | 429 | 500..=599 => Err(SendError::Temporary(detail())),
        _ => Err(SendError::Refused(detail())),
    }
}

fn network(e: neon_http::NeonError) -> SendError {
    SendError::Temporary(e.to_string())
}

/// A file attached to an email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub filename: String,
    pub content: Vec<u8>,
}

/// An email ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub to: String,
    pub reply_to: Option<String>,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub attachments: Vec<Attachment>,
}

/// Sends email. Returns the provider's id of the message.
pub trait Mailer {
    fn send(
        &self,
        email: &Email,
        idempotency_key: &str,
    ) -> impl std::future::Future<Output = Result<String, SendError>>;
}

/// Sends text messages. Returns the provider's id of the message.
pub trait Texter {
    fn send(
        &self,
        to: &str,
        body: &str,
        idempotency_key: &str,
    ) -> impl std::future::Future<Output = Result<String, SendError>>;
}

/// An email API in Resend's shape: `POST {url}/emails` with a bearer key.
#[derive(Debug, Clone)]
pub struct ResendApi {
    pub url: String,
    pub key: String,
    /// The sender, such as `Maison Fifi <bookings@chairtime.example>`.
    pub from: String,
}

impl Mailer for ResendApi {
    async fn send(&self, email: &Email, idempotency_key: &str) -> Result<String, SendError> {
        let base64 = base64::engine::general_purpose::STANDARD;
        let body = serde_json::json!({
            "from": self.from,
            "to": [email.to],
            "reply_to": email.reply_to,
            "subject": email.subject,
            "text": email.text,
            "html": email.html,
            "attachments": email.attachments.iter().map(|a| serde_json::json!({
                "filename": a.filename,
                "content": base64.encode(&a.content),
            })).collect::<Vec<_>>(),
        });
        let headers = [
            ("authorization", format!("Bearer {}", self.key)),
            ("content-type", "application/json".to_owned()),
            ("idempotency-key", idempotency_key.to_owned()),
        ];
        let url = format!("{}/emails", self.url.trim_end_matches('/'));
        let (status, text) = Http
            .post(&url, &headers, body.to_string(), CALL_TIMEOUT_MS)
            .await
            .map_err(network)?;
        outcome(status, &text, "id")
    }
}

/// An SMS API in Twilio's shape: `POST {url}/2010-04-01/Accounts/{sid}/Messages.json`, basic auth,
/// form fields `To`, `From`, `Body`.
#[derive(Debug, Clone)]
pub struct TwilioApi {
    pub url: String,
    pub account_sid: String,
    pub auth_token: String,
    /// The sending number, E.164.
    pub from: String,
}

/// `application/x-www-form-urlencoded` for one value.
fn form_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                out.push(byte as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

impl Texter for TwilioApi {
    async fn send(&self, to: &str, body: &str, idempotency_key: &str) -> Result<String, SendError> {
        let credentials = base64::engine::general_purpose::STANDARD
            .encode(format!("{}:{}", self.account_sid, self.auth_token));
        let form = format!(
            "To={}&From={}&Body={}",
            form_encode(to),
            form_encode(&self.from),
            form_encode(body)
        );
        let headers = [
            ("authorization", format!("Basic {credentials}")),
            (
                "content-type",
                "application/x-www-form-urlencoded".to_owned(),
            ),
            ("idempotency-key", idempotency_key.to_owned()),
        ];
        let url = format!(
            "{}/2010-04-01/Accounts/{}/Messages.json",
            self.url.trim_end_matches('/'),
            self.account_sid
        );
        let (status, text) = Http
            .post(&url, &headers, form, CALL_TIMEOUT_MS)
            .await
            .map_err(network)?;
        outcome(status, &text, "sid")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_sorted_into_sent_retry_later_and_refused() {
        assert_eq!(outcome(200, r#"{"id": "m1"}"#, "id"), Ok("m1".to_owned()));
        assert_eq!(
            outcome(201, r#"{"sid": "SM1"}"#, "sid"),
            Ok("SM1".to_owned())
        );
        for status in [408, 409, 429, 500, 503] {
            assert!(
                matches!(outcome(status, "", "id"), Err(SendError::Temporary(_))),
                "{status}"
            );
        }
        for status in [400, 401, 403, 422] {
            assert!(
                matches!(outcome(status, "{}", "id"), Err(SendError::Refused(_))),
                "{status}"
            );
        }
        assert!(matches!(
            outcome(200, "not json", "id"),
            Err(SendError::Temporary(_))
        ));
    }

    #[test]
    fn form_values_cannot_add_fields() {
        assert_eq!(form_encode("+33 6&Body=x"), "%2B33+6%26Body%3Dx");
        assert_eq!(form_encode("Réservé"), "R%C3%A9serv%C3%A9");
    }
}
