//! Events for the host page, dispatched on the widget's host element: they bubble and cross the shadow
//! boundary, so `document.addEventListener("chairtime:booked", …)` sees them.

use wasm_bindgen::JsValue;

use crate::api::ApiFailure;

/// Dispatches events on one widget's host element.
#[derive(Clone)]
pub struct Emitter {
    host: web_sys::HtmlElement,
}

impl Emitter {
    pub fn new(host: web_sys::HtmlElement) -> Emitter {
        Emitter { host }
    }

    /// Dispatches `name` with `detail` (JSON) on the host element.
    pub fn emit(&self, name: &str, detail: &serde_json::Value) {
        let init = web_sys::CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_detail(&js_sys::JSON::parse(&detail.to_string()).unwrap_or(JsValue::NULL));
        if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
            let _ = self.host.dispatch_event(&event);
        }
    }

    /// `chairtime:error` with the API's code and message, or `network`.
    pub fn error(&self, failure: &ApiFailure) {
        let detail = match failure {
            ApiFailure::Api { body, .. } => {
                serde_json::json!({ "code": body.error.code, "message": body.error.message })
            }
            ApiFailure::Network => {
                serde_json::json!({ "code": "network", "message": "The booking service could not be reached." })
            }
            ApiFailure::Unexpected(m) => serde_json::json!({ "code": "unexpected", "message": m }),
        };
        self.emit("chairtime:error", &detail);
    }
}
