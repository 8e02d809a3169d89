//! Talking to the edge API with the browser's `fetch`.

use serde::de::DeserializeOwned;
use serde::Serialize;
use shared::api::ErrorBody;
use wasm_bindgen::{JsCast, JsValue};
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

fn decode<T: DeserializeOwned>(status: u16, text: &str) -> Result<T, ApiFailure> {
    if (200..300).contains(&status) {
        return serde_json::from_str(text).map_err(|e| ApiFailure::Unexpected(e.to_string()));
    }
    match serde_json::from_str::<ErrorBody>(text) {
        Ok(body) => Err(ApiFailure::Api { status, body }),
        Err(_) => Err(ApiFailure::Unexpected(format!("HTTP {status}"))),
    }
}

/// `GET url` and decode the JSON answer.
pub async fn get<T: DeserializeOwned>(url: &str) -> Result<T, ApiFailure> {
    let init = RequestInit::new();
    init.set_method("GET");
    let request = Request::new_with_str_and_init(url, &init).map_err(|_| ApiFailure::Network)?;
    let (status, text) = send(request).await?;
    decode(status, &text)
}

/// `POST url` with a JSON body and an idempotency key, and decode the answer.
pub async fn post<B: Serialize, T: DeserializeOwned>(
    url: &str,
    body: &B,
    idempotency_key: &str,
) -> Result<T, ApiFailure> {
    let init = RequestInit::new();
    init.set_method("POST");
    let json = serde_json::to_string(body).map_err(|e| ApiFailure::Unexpected(e.to_string()))?;
    init.set_body(&JsValue::from_str(&json));
    let request = Request::new_with_str_and_init(url, &init).map_err(|_| ApiFailure::Network)?;
    let headers = request.headers();
    let _ = headers.set("content-type", "application/json");
    let _ = headers.set("idempotency-key", idempotency_key);
    let (status, text) = send(request).await?;
    decode(status, &text)
}

/// A fresh idempotency key for one booking attempt.
pub fn new_idempotency_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("k{}", js_sys::Date::now()))
}
