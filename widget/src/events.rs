//! Events for the host page, dispatched on the widget's host element: they bubble and cross the shadow
//! boundary, so `document.addEventListener("chairtime:booked", …)` sees them.

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

    /// Dispatches `name` with `detail`, an object of the given string fields, on the host element.
    pub fn emit(&self, name: &str, detail: &[(&str, &str)]) {
        let init = web_sys::CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_detail(&crate::format::options(detail));
        if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
            let _ = self.host.dispatch_event(&event);
        }
    }

    /// `chairtime:error` with the API's code and message, or `network`.
    pub fn error(&self, failure: &ApiFailure) {
        let (code, message) = match failure {
            ApiFailure::Api { body, .. } => (body.error.code.as_str(), body.error.message.as_str()),
            ApiFailure::Network => ("network", "The booking service could not be reached."),
            ApiFailure::Unexpected(m) => ("unexpected", m.as_str()),
        };
        self.emit("chairtime:error", &[("code", code), ("message", message)]);
    }
}
