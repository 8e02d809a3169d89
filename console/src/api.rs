//! Talking to the API with the browser's `fetch`, on the console's own origin: the session cookie goes
//! with every request, and JSON is read and written with `shared`'s wire types through [`crate::json`].

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::{ErrorBody, ErrorCode};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestInit, Response};

use crate::json::{self, FromJs, ToJs};
use crate::texts::TEXTS;

/// Why a call failed, in terms a screen can act on.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiFailure {
    /// No answer: offline, or the server is down. Trying again may help.
    Network,
    /// The session has ended (401): the console goes to the sign-in page.
    SignedOut,
    /// The API refused with an error body.
    Api { status: u16, body: ErrorBody },
    /// An answer this console does not understand.
    Unexpected(u16),
}

impl ApiFailure {
    /// The error code, when the API gave one.
    pub fn code(&self) -> Option<&str> {
        match self {
            ApiFailure::Api { body, .. } => Some(&body.error.code),
            _ => None,
        }
    }

    /// What to tell the owner: the API's own sentence where it gave one.
    pub fn message(&self) -> String {
        let t = &TEXTS;
        match self {
            ApiFailure::Api { body, .. } => {
                if body.error.code == ErrorCode::SlotUnavailable.as_str() {
                    format!("{} {}", t.overlaps, body.error.message)
                } else {
                    body.error.message.clone()
                }
            }
            ApiFailure::Network => t.network_error.to_owned(),
            ApiFailure::SignedOut => t.signed_out.to_owned(),
            ApiFailure::Unexpected(status) => format!("{} (HTTP {status})", t.unexpected),
        }
    }
}

/// `method url`, with a JSON body and an idempotency key when given: the status and the text.
async fn send(
    method: &str,
    url: &str,
    body: Option<String>,
    idempotency_key: Option<&str>,
) -> Result<(u16, String), ApiFailure> {
    let headers: &[(&str, &str)] = match idempotency_key {
        Some(key) => &[("idempotency-key", key)],
        None => &[],
    };
    send_with(method, url, body, headers)
        .await
        .map(|(status, text, _)| (status, text))
}

/// `method url` with a JSON body and `headers`: the status, the text and the `ETag`.
async fn send_with(
    method: &str,
    url: &str,
    body: Option<String>,
    extra: &[(&str, &str)],
) -> Result<(u16, String, Option<String>), ApiFailure> {
    let init = RequestInit::new();
    init.set_method(method);
    if let Some(body) = &body {
        init.set_body(&JsValue::from_str(body));
    }
    let request = Request::new_with_str_and_init(url, &init).map_err(|_| ApiFailure::Network)?;
    let headers = request.headers();
    if body.is_some() {
        let _ = headers.set("content-type", "application/json");
    }
    for (name, value) in extra {
        let _ = headers.set(name, value);
    }
    let window = web_sys::window().ok_or(ApiFailure::Network)?;
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| ApiFailure::Network)?
        .unchecked_into();
    let text = JsFuture::from(response.text().map_err(|_| ApiFailure::Network)?)
        .await
        .map_err(|_| ApiFailure::Network)?
        .as_string()
        .unwrap_or_default();
    let status = response.status();
    let etag = response.headers().get("etag").ok().flatten();
    if status == 401 {
        // A refused sign-in link is also a 401, with a code of its own the sign-in page shows.
        return match json::parse::<ErrorBody>(&text) {
            Some(body) if body.error.code == ErrorCode::InvalidSignInLink.as_str() => {
                Err(ApiFailure::Api { status, body })
            }
            _ => Err(ApiFailure::SignedOut),
        };
    }
    if (200..300).contains(&status) {
        return Ok((status, text, etag));
    }
    match json::parse::<ErrorBody>(&text) {
        Some(body) => Err(ApiFailure::Api { status, body }),
        None => Err(ApiFailure::Unexpected(status)),
    }
}

fn decode<T: FromJs>((status, text): (u16, String)) -> Result<T, ApiFailure> {
    json::parse(&text).ok_or(ApiFailure::Unexpected(status))
}

fn encode<B: ToJs>(body: &B) -> Option<String> {
    json::stringify(body)
}

/// `GET url`, decoded.
pub async fn get<T: FromJs>(url: &str) -> Result<T, ApiFailure> {
    decode(send("GET", url, None, None).await?)
}

/// `method url` with a JSON body, decoded.
pub async fn call<B: ToJs, T: FromJs>(
    method: &str,
    url: &str,
    body: &B,
    idempotency_key: Option<&str>,
) -> Result<T, ApiFailure> {
    decode(send(method, url, encode(body), idempotency_key).await?)
}

/// `method url` with an optional JSON body, for answers without one (`204`) or whose body the
/// console does not need.
pub async fn act<B: ToJs>(method: &str, url: &str, body: Option<&B>) -> Result<(), ApiFailure> {
    send(method, url, body.and_then(encode), None)
        .await
        .map(|_| ())
}

/// `method url` with a JSON body and an idempotency key (a booking made by the salon), for answers
/// the console does not need.
pub async fn act_with_key<B: ToJs>(
    method: &str,
    url: &str,
    body: &B,
    idempotency_key: &str,
) -> Result<(), ApiFailure> {
    send(method, url, encode(body), Some(idempotency_key))
        .await
        .map(|_| ())
}

/// `GET url` read with serde (the set-up build, which carries serde_json for the configuration's
/// validation anyway), with the answer's `ETag`.
#[cfg(feature = "setup")]
pub async fn get_versioned<T: serde::de::DeserializeOwned>(
    url: &str,
) -> Result<(T, Option<String>), ApiFailure> {
    send_serde::<(), T>("GET", url, None, None).await
}

/// Loads `url` into `into` with serde, telling the console of a lost session.
#[cfg(feature = "setup")]
pub fn load_into<T: serde::de::DeserializeOwned + Send + Sync + 'static>(
    console: crate::state::Console,
    url: String,
    into: RwSignal<Option<Result<T, ApiFailure>>>,
) {
    spawn_local(async move {
        let answer = get_versioned::<T>(&url).await.map(|(t, _)| t);
        if let Err(e) = &answer {
            console.check(e);
        }
        into.set(Some(answer));
    });
}

/// `method url` with a body written and an answer read with serde; with `if_match`, only if the
/// resource is still that version. The answer and its `ETag`.
#[cfg(feature = "setup")]
pub async fn send_serde<B: serde::Serialize, T: serde::de::DeserializeOwned>(
    method: &str,
    url: &str,
    body: Option<&B>,
    if_match: Option<&str>,
) -> Result<(T, Option<String>), ApiFailure> {
    let body = body.and_then(|b| serde_json::to_string(b).ok());
    let headers: &[(&str, &str)] = match if_match {
        Some(version) => &[("if-match", version)],
        None => &[],
    };
    let (status, text, etag) = send_with(method, url, body, headers).await?;
    let text = if text.is_empty() { "null" } else { &text };
    let value = serde_json::from_str(text).map_err(|_| ApiFailure::Unexpected(status))?;
    Ok((value, etag))
}

/// What a screen reads from one URL of the API: `None` until the first answer, then the latest.
/// Reloading keeps the answer on screen until the next one arrives, and an answer that arrives after
/// a newer request was made is dropped, so a quick search never shows an older result last.
pub struct Loaded<T: Send + Sync + 'static> {
    value: RwSignal<Option<Result<T, ApiFailure>>>,
    url: StoredValue<String>,
    generation: StoredValue<u32>,
}

impl<T: Send + Sync + 'static> Clone for Loaded<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Loaded<T> {}

impl<T: FromJs + Clone + Send + Sync + 'static> Loaded<T> {
    /// Starts loading `url`.
    pub fn new(url: String) -> Self {
        let loaded = Loaded {
            value: RwSignal::new(None),
            url: StoredValue::new(url),
            generation: StoredValue::new(0),
        };
        loaded.refetch();
        loaded
    }

    /// The latest answer (tracked).
    pub fn get(self) -> Option<Result<T, ApiFailure>> {
        self.value.get()
    }

    /// Asks again.
    pub fn refetch(self) {
        self.generation.update_value(|g| *g += 1);
        let mine = self.generation.get_value();
        let url = self.url.get_value();
        spawn_local(async move {
            let answer = get::<T>(&url).await;
            if self.generation.try_get_value() == Some(mine) {
                self.value.try_set(Some(answer));
            }
        });
    }

    /// Loads another URL in place of this one.
    pub fn load(self, url: String) {
        self.url.set_value(url);
        self.refetch();
    }
}

/// A fresh idempotency key: 128 random bits in hex.
pub fn new_idempotency_key() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        let noise = (js_sys::Math::random() * u64::MAX as f64) as u64;
        bytes[..8].copy_from_slice(&(js_sys::Date::now() as u64).to_le_bytes());
        bytes[8..].copy_from_slice(&noise.to_le_bytes());
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
