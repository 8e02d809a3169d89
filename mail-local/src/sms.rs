//! `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` in the shape of Twilio's Messages API: basic
//! auth as the account, form fields `To`, `From`, `Body`, 201 with a message resource, and errors as
//! `{"code", "message", "more_info", "status"}` with Twilio's codes.
//!
//! Twilio does not document `Idempotency-Key` on this endpoint; mail-local honours it as for email,
//! because our sender sends one on every request and a repeat must be stored once. Errors Twilio has no
//! code of its own for here (a fault, a reused key) use 20000 + the HTTP status, as its 20429, 20500
//! and 20503 do. Other parameters are ignored, as Twilio ignores those it does not know.

use base64::Engine;
use hyper::header::{HeaderValue, AUTHORIZATION, CONTENT_TYPE, WWW_AUTHENTICATE};
use hyper::{HeaderMap, StatusCode};
use jiff::Timestamp;
use serde_json::{json, Value};

use crate::http::{self, header, BodyError, Reply};
use crate::store::{self, Channel, Incoming, Message, Outcome, Store};

const PREFIX: &str = "/2010-04-01/Accounts/";
const SUFFIX: &str = "/Messages.json";
/// Twilio's longest message body, in characters.
const MAX_BODY_CHARS: usize = 1600;

/// The account SID in a Messages path, if `path` is one.
pub fn account_in(path: &str) -> Option<&str> {
    path.strip_prefix(PREFIX)?
        .strip_suffix(SUFFIX)
        .filter(|sid| !sid.is_empty() && !sid.contains('/'))
}

/// A refusal in Twilio's error shape.
struct Refusal {
    status: StatusCode,
    code: u32,
    message: String,
}

fn refusal(status: StatusCode, code: u32, message: impl Into<String>) -> Refusal {
    Refusal {
        status,
        code,
        message: message.into(),
    }
}

/// A code of our own for a status Twilio gives none here (see the module's comment).
fn code_for(status: StatusCode) -> u32 {
    20_000 + u32::from(status.as_u16())
}

impl Refusal {
    fn reply(self) -> (Reply, String) {
        let body = json!({
            "code": self.code,
            "message": self.message,
            "more_info": format!("https://www.twilio.com/docs/errors/{}", self.code),
            "status": self.status.as_u16(),
        });
        let mut reply = http::json(self.status, &body);
        if self.status == StatusCode::UNAUTHORIZED {
            reply.headers_mut().insert(
                WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"Twilio API\""),
            );
        }
        (reply, format!("error {}", self.code))
    }
}

/// The answer to a fault a test asked for.
fn fault(status: StatusCode) -> (Reply, String) {
    let message = status.canonical_reason().unwrap_or("Fault");
    let (reply, _) = refusal(status, code_for(status), message).reply();
    (reply, format!("fault {}", status.as_u16()))
}

/// The answer to a body that could not be read.
pub fn unreadable(problem: BodyError) -> (Reply, String) {
    let (status, message) = match problem {
        BodyError::TooLarge => (
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("The request body is over {} bytes.", http::MAX_BODY),
        ),
        BodyError::Broken => (
            StatusCode::BAD_REQUEST,
            "The request body could not be read.".to_owned(),
        ),
    };
    refusal(status, code_for(status), message).reply()
}

/// Handles `POST` on a Messages path of account `account`.
pub fn send(store: &Store, account: &str, headers: &HeaderMap, body: &[u8]) -> (Reply, String) {
    match accept(store, account, headers, body) {
        Ok(done) => done,
        Err(refused) => refused.reply(),
    }
}

fn accept(
    store: &Store,
    account: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(Reply, String), Refusal> {
    authorize(headers, account)?;
    let key = http::idempotency_key(headers).map_err(|http::InvalidKey| {
        let status = StatusCode::BAD_REQUEST;
        refusal(
            status,
            code_for(status),
            "Idempotency-Key must have 1 to 256 visible ASCII characters.",
        )
    })?;
    // Like Twilio, a body of another type has no parameters, so `To` is missing (21604).
    let is_form = header(headers, CONTENT_TYPE.as_str()).is_some_and(|t| {
        t.split(';').next().is_some_and(|t| {
            t.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
    });
    let mut params: Vec<(String, String)> = if is_form {
        form_urlencoded::parse(body).into_owned().collect()
    } else {
        Vec::new()
    };
    let message = parse(&params, key)?;
    params.sort();
    let incoming = Incoming {
        message,
        fingerprint: json!({ "account": account, "params": params }),
    };
    Ok(
        match store.accept(incoming, |m| (StatusCode::CREATED, resource(m, account))) {
            Outcome::Stored(status, body) => (
                http::json(status, &body),
                format!("stored {}", body["sid"].as_str().unwrap_or_default()),
            ),
            Outcome::Replayed(status, body) => (http::json(status, &body), "replayed".to_owned()),
            Outcome::KeyReused => {
                let status = StatusCode::CONFLICT;
                return Err(refusal(
                    status,
                    code_for(status),
                    "Idempotency-Key was used before with different parameters.",
                ));
            }
            Outcome::Fault(status) => fault(status),
        },
    )
}

/// Basic auth whose user is the account in the path and whose password is not empty. Any password
/// is accepted: there is no account to check it against.
fn authorize(headers: &HeaderMap, account: &str) -> Result<(), Refusal> {
    let credentials = header(headers, AUTHORIZATION.as_str())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|v| {
            base64::engine::general_purpose::STANDARD
                .decode(v.trim())
                .ok()
        })
        .and_then(|v| String::from_utf8(v).ok());
    let valid = credentials
        .as_deref()
        .and_then(|c| c.split_once(':'))
        .is_some_and(|(user, password)| {
            user == account && !password.is_empty() && is_account_sid(account)
        });
    if valid {
        Ok(())
    } else {
        Err(refusal(StatusCode::UNAUTHORIZED, 20003, "Authenticate"))
    }
}

/// `AC` and 32 hexadecimal digits.
fn is_account_sid(sid: &str) -> bool {
    sid.strip_prefix("AC")
        .is_some_and(|hex| hex.len() == 32 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(n, v)| n == name && !v.is_empty())
        .map(|(_, v)| v.as_str())
}

fn parse(params: &[(String, String)], key: Option<String>) -> Result<Message, Refusal> {
    let bad = StatusCode::BAD_REQUEST;
    let to = param(params, "To")
        .ok_or_else(|| refusal(bad, 21604, "A 'To' phone number is required."))?;
    let from = param(params, "From")
        .ok_or_else(|| refusal(bad, 21603, "A 'From' phone number is required."))?;
    let body =
        param(params, "Body").ok_or_else(|| refusal(bad, 21602, "Message body is required."))?;
    if !is_e164(to) {
        return Err(refusal(
            bad,
            21211,
            format!("Invalid 'To' Phone Number: {to}"),
        ));
    }
    if !(is_e164(from) || is_short_code(from) || is_alphanumeric_sender(from)) {
        return Err(refusal(
            bad,
            21212,
            format!("Invalid From Number (caller ID): {from}"),
        ));
    }
    if body.chars().count() > MAX_BODY_CHARS {
        return Err(refusal(
            bad,
            21617,
            "The concatenated message body exceeds the 1600 character limit.",
        ));
    }
    Ok(Message {
        id: format!("SM{}", store::hex(&store::random_bytes::<16>())),
        channel: Channel::Sms,
        to: vec![to.to_owned()],
        from: from.to_owned(),
        reply_to: Vec::new(),
        subject: None,
        text: Some(body.to_owned()),
        html: None,
        attachments: Vec::new(),
        idempotency_key: key,
        received_at: Timestamp::now(),
    })
}

/// `+`, then 7 to 15 digits, the first not zero.
fn is_e164(number: &str) -> bool {
    number.strip_prefix('+').is_some_and(|digits| {
        (7..=15).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.starts_with('0')
    })
}

fn is_short_code(number: &str) -> bool {
    (5..=6).contains(&number.len()) && number.bytes().all(|b| b.is_ascii_digit())
}

/// Up to 11 letters, digits and spaces, at least one letter.
fn is_alphanumeric_sender(from: &str) -> bool {
    from.len() <= 11
        && from.bytes().all(|b| b.is_ascii_alphanumeric() || b == b' ')
        && from.bytes().any(|b| b.is_ascii_alphabetic())
}

/// The message resource Twilio answers with: queued, not yet sent.
fn resource(m: &Message, account: &str) -> Value {
    let body = m.text.as_deref().unwrap_or_default();
    let date = m
        .received_at
        .strftime("%a, %d %b %Y %H:%M:%S +0000")
        .to_string();
    let base = format!("{PREFIX}{account}/Messages/{}", m.id);
    json!({
        "account_sid": account,
        "api_version": "2010-04-01",
        "body": body,
        "date_created": date,
        "date_sent": null,
        "date_updated": date,
        "direction": "outbound-api",
        "error_code": null,
        "error_message": null,
        "from": m.from,
        "messaging_service_sid": null,
        "num_media": "0",
        "num_segments": segments(body).to_string(),
        "price": null,
        "price_unit": "USD",
        "sid": m.id,
        "status": "queued",
        "subresource_uris": { "media": format!("{base}/Media.json") },
        "to": m.to.first(),
        "uri": format!("{base}.json"),
    })
}

/// GSM 03.38's basic character set: one septet each.
const GSM_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
                         ¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/// Its extension table: two septets each.
const GSM_EXTENDED: &str = "^{}\\[~]|€\u{c}";

/// How many SMS a body takes: 160 GSM septets alone or 153 in each part, else 70 UTF-16 units
/// alone or 67 in each part.
fn segments(body: &str) -> usize {
    let septets: Option<usize> = body
        .chars()
        .map(|c| {
            if GSM_BASIC.contains(c) {
                Some(1)
            } else if GSM_EXTENDED.contains(c) {
                Some(2)
            } else {
                None
            }
        })
        .sum();
    let (units, single, part) = match septets {
        Some(septets) => (septets, 160, 153),
        None => (body.encode_utf16().count(), 70, 67),
    };
    if units <= single {
        1
    } else {
        units.div_ceil(part)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_paths_name_their_account() {
        assert_eq!(
            account_in("/2010-04-01/Accounts/AC123/Messages.json"),
            Some("AC123")
        );
        assert_eq!(account_in("/2010-04-01/Accounts//Messages.json"), None);
        assert_eq!(account_in("/2010-04-01/Accounts/A/B/Messages.json"), None);
        assert_eq!(account_in("/emails"), None);
    }

    #[test]
    fn segments_count_gsm_septets_or_utf16_units() {
        assert_eq!(segments(&"a".repeat(160)), 1);
        assert_eq!(segments(&"a".repeat(161)), 2);
        assert_eq!(segments(&"€".repeat(80)), 1);
        assert_eq!(segments(&"€".repeat(81)), 2);
        assert_eq!(segments(&"ł".repeat(70)), 1);
        assert_eq!(segments(&"ł".repeat(71)), 2);
        assert_eq!(segments(&format!("{}ł", "a".repeat(134))), 3);
    }

    #[test]
    fn senders_are_numbers_short_codes_or_names() {
        assert!(is_e164("+15005550006"));
        assert!(!is_e164("+0612345678"));
        assert!(!is_e164("0612345678"));
        assert!(is_short_code("12345"));
        assert!(is_alphanumeric_sender("Chairtime"));
        assert!(!is_alphanumeric_sender("12345678"));
        assert!(!is_alphanumeric_sender("Chairtime Salon"));
    }
}
