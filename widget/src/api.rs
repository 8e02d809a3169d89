//! Talking to the edge API with the browser's `fetch`.

use shared::api::ErrorBody;
use wasm_bindgen::{JsCast, JsValue};

use crate::json::{self, FromJs, ToJs};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestInit, Response};

/// Why a call failed, in terms the interface can act on.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiFailure {
    /// No answer: offline, DNS, CORS. Retrying may help.
    Network,
    /// The API answered with an error body.
    Api { status: u16, body: ErrorBody },
    /// The API answered something this widget does not understand.
    Unexpected(String),
}

impl ApiFailure {
    /// The error code, when the API gave one.
    pub fn code(&self) -> Option<&str> {
        match self {
            ApiFailure::Api { body, .. } => Some(&body.error.code),
            _ => None,
        }
    }
}

async fn send(request: Request) -> Result<(u16, String), ApiFailure> {
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
    Ok((response.status(), text))
}

fn decode<T: FromJs>(status: u16, text: &str) -> Result<T, ApiFailure> {
    if (200..300).contains(&status) {
        return json::parse(text)
            .ok_or_else(|| ApiFailure::Unexpected(format!("HTTP {status}: unexpected answer")));
    }
    match json::parse::<ErrorBody>(text) {
        Some(body) => Err(ApiFailure::Api { status, body }),
        None => Err(ApiFailure::Unexpected(format!("HTTP {status}"))),
    }
}

thread_local! {
    /// Requests the loader started while the wasm was downloading: URL → promise of `[status, text]`.
    static PREFETCHED: std::cell::RefCell<Option<js_sys::Object>> = const { std::cell::RefCell::new(None) };
}

/// Keeps the loader's prefetched requests for [`get`] to use once.
#[cfg(not(feature = "manage"))]
pub fn remember_prefetched(prefetched: JsValue) {
    if let Ok(object) = prefetched.dyn_into::<js_sys::Object>() {
        PREFETCHED.with(|p| *p.borrow_mut() = Some(object));
    }
}

/// Takes the prefetched answer for `url`, if the loader started one.
fn take_prefetched(url: &str) -> Option<js_sys::Promise> {
    PREFETCHED.with(|p| {
        let object = p.borrow();
        let object = object.as_ref()?;
        let key = JsValue::from_str(url);
        let promise = js_sys::Reflect::get(object, &key)
            .ok()?
            .dyn_into::<js_sys::Promise>()
            .ok()?;
        let _ = js_sys::Reflect::delete_property(object, &key);
        Some(promise)
    })
}

/// `GET url` and decode the JSON answer, using the loader's prefetched answer when there is one.
pub async fn get<T: FromJs>(url: &str) -> Result<T, ApiFailure> {
    if let Some(promise) = take_prefetched(url) {
        if let Ok(pair) = JsFuture::from(promise).await {
            let status = js_sys::Reflect::get(&pair, &JsValue::from(0))
                .ok()
                .and_then(|v| v.as_f64());
            let text = js_sys::Reflect::get(&pair, &JsValue::from(1))
                .ok()
                .and_then(|v| v.as_string());
            if let (Some(status), Some(text)) = (status, text) {
                return decode(status as u16, &text);
            }
        }
    }
    let init = RequestInit::new();
    init.set_method("GET");
    let request = Request::new_with_str_and_init(url, &init).map_err(|_| ApiFailure::Network)?;
    let (status, text) = send(request).await?;
    decode(status, &text)
}

/// `POST url` with a JSON body and an idempotency key, and decode the answer.
pub async fn post<B: ToJs, T: FromJs>(
    url: &str,
    body: &B,
    idempotency_key: &str,
) -> Result<T, ApiFailure> {
    let init = RequestInit::new();
    init.set_method("POST");
    let json = json::stringify(body)
        .ok_or_else(|| ApiFailure::Unexpected("unserialisable body".to_owned()))?;
    init.set_body(&JsValue::from_str(&json));
    let request = Request::new_with_str_and_init(url, &init).map_err(|_| ApiFailure::Network)?;
    let headers = request.headers();
    let _ = headers.set("content-type", "application/json");
    let _ = headers.set("idempotency-key", idempotency_key);
    let (status, text) = send(request).await?;
    decode(status, &text)
}

/// A fresh idempotency key for one booking attempt: 128 random bits in hex. `crypto.getRandomValues`
/// works on every page, unlike `crypto.randomUUID`, which plain-HTTP sites do not have.
pub fn new_idempotency_key() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        let now = js_sys::Date::now() as u64;
        let noise = (js_sys::Math::random() * u64::MAX as f64) as u64;
        bytes[..8].copy_from_slice(&now.to_le_bytes());
        bytes[8..].copy_from_slice(&noise.to_le_bytes());
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `POST url` without a body (cancelling through a manage link), and decode the answer.
#[cfg(feature = "manage")]
pub async fn post_empty<T: FromJs>(url: &str) -> Result<T, ApiFailure> {
    let init = RequestInit::new();
    init.set_method("POST");
    let request = Request::new_with_str_and_init(url, &init).map_err(|_| ApiFailure::Network)?;
    let (status, text) = send(request).await?;
    decode(status, &text)
}
