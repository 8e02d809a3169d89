//! The Chairtime booking widget: a Leptos app compiled to WebAssembly.
//!
//! The loader (`widget/loader.js`, served as `/widget.js`) creates a Shadow DOM root for each widget,
//! loads this module once per page, starts the first API requests while it downloads, and calls
//! [`mount`]. This file only mounts: [`app`] is the widget, [`flow`] the state of a booking in progress
//! and its moves, [`steps`] one component per step, built from the pieces in [`components`].
//!
//! With the `manage` feature the crate is the client's booking page instead (`/b/{token}`, see
//! [`mount_manage`]): a second wasm that shares the components, the API client and the texts but
//! leaves out the booking flow, so the widget every booking page downloads does not grow.

mod api;
#[cfg(not(feature = "manage"))]
mod app;
mod components;
mod events;
#[cfg(not(feature = "manage"))]
mod flow;
mod format;
mod json;
#[cfg(feature = "manage")]
mod manage;
#[cfg(not(feature = "manage"))]
mod steps;
mod texts;

use wasm_bindgen::prelude::*;

/// What the embedding page asks for (the script tag's `data-*` attributes, or `Chairtime.mount`'s options).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Options {
    /// The salon's slug.
    pub salon: String,
    /// Origin of the API, e.g. `https://book.example.com`.
    pub api: String,
    /// Preselected service key.
    pub service: Option<String>,
    /// Preselected staff key, or `any`.
    pub staff: Option<String>,
    /// `en`, `fr`, `es` or `de`; the salon's language when absent.
    pub locale: Option<String>,
    /// Prefilled client details.
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// Mounts a widget into `container`, an element inside the shadow root of `host`. `options` is
/// [`Options`] as an object; `prefetched` maps URLs the loader already requested to promises of their text.
#[cfg(not(feature = "manage"))]
#[wasm_bindgen]
pub fn mount(
    host: web_sys::HtmlElement,
    container: web_sys::HtmlElement,
    options: JsValue,
    prefetched: JsValue,
) -> Result<(), JsValue> {
    let options = <Options as json::FromJs>::from_js(&options).ok_or_else(|| {
        JsValue::from_str("chairtime: bad options: `salon` and `api` are required")
    })?;
    api::remember_prefetched(prefetched);
    let emitter = events::Emitter::new(host);
    leptos::mount::mount_to(container, move || {
        app::App(app::AppProps { options, emitter })
    })
    .forget();
    Ok(())
}

/// Mounts the client's booking page (the `manage` build, `/b/{token}`) into `container`, an element
/// inside the shadow root of `host`. The page reads its token from the address.
#[cfg(feature = "manage")]
#[wasm_bindgen]
pub fn mount_manage(host: web_sys::HtmlElement, container: web_sys::HtmlElement) {
    let emitter = events::Emitter::new(host);
    leptos::mount::mount_to(container, move || {
        manage::ManageApp(manage::ManageAppProps { emitter })
    })
    .forget();
}
