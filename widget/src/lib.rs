//! The Chairtime booking widget: a Leptos app compiled to WebAssembly.
//!
//! The loader (`widget/loader.js`, served as `/widget.js`) creates a Shadow DOM root next to the site
//! owner's script tag, loads this module once per page, and calls [`mount`] with an element inside that
//! root. This file only mounts; the flow lives in [`app`] and its steps in [`components`].

mod api;
mod app;
mod components;
mod format;

use serde::Deserialize;
use wasm_bindgen::prelude::*;

/// What the embedding page asks for.
#[derive(Debug, Clone, Deserialize)]
pub struct Options {
    /// The salon's slug.
    pub salon: String,
    /// Origin of the API, e.g. `https://book.example.com`.
    pub api: String,
}

/// Mounts a widget into `host`, an element inside a shadow root. `options` is JSON of [`Options`].
#[wasm_bindgen]
pub fn mount(host: web_sys::HtmlElement, options: &str) -> Result<(), JsValue> {
    let options: Options = serde_json::from_str(options)
        .map_err(|e| JsValue::from_str(&format!("chairtime: bad options: {e}")))?;
    leptos::mount::mount_to(host, move || app::App(app::AppProps { options })).forget();
    Ok(())
}
