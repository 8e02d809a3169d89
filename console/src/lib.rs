//! The Chairtime console: the salon's owners and staff run their day here. A Leptos app compiled to
//! WebAssembly, served by the edge at `/console` and every address below it (`edge/src/pages/`), which
//! loads `/console.js`, the boot module that calls [`mount`].
//!
//! This file only mounts. [`app`] chooses the screen for the address ([`route`]); [`state`] holds what
//! the screens share and the moves between them; [`screens`] has one component per screen, built from
//! the pieces in [`components`]. [`timeline`] places things on the day's time axis and [`zone`] asks
//! the browser about the salon's time zone; [`api`] talks to the API, reading and writing JSON
//! through [`json`], and [`texts`] holds every sentence.
//!
//! Built with the `setup` feature it is the set-up build ([`setup`]: sign-up, a new salon, settings,
//! embed, team, keys), served for those addresses only; each build loads the other's pages from the
//! server ([`route::Page::in_this_build`]).

// The set-up build shares the day-to-day console's state and pieces, not all of which it uses.
#![cfg_attr(feature = "setup", allow(dead_code))]

mod api;
mod app;
mod components;
mod json;
mod route;
mod screens;
#[cfg(feature = "setup")]
mod setup;
mod state;
mod texts;
mod timeline;
mod zone;

use wasm_bindgen::prelude::*;

/// Mounts the console into `<body>`. A sign-in link's token (`#token=…`) is taken from the address
/// and the address rewritten without it before anything else runs, so it is neither kept in the
/// history nor seen by anything the page loads.
#[wasm_bindgen]
pub fn mount() {
    let token = take_token();
    // A link opened in a tab already showing the console changes only the fragment, which loads
    // nothing: the page starts again, and the token is taken as above.
    let _ = leptos::prelude::window_event_listener(leptos::ev::hashchange, |_| {
        let location = leptos::prelude::window().location();
        if location.hash().is_ok_and(|h| route::token_in(&h).is_some()) {
            let _ = location.reload();
        }
    });
    leptos::mount::mount_to_body(move || app::App(app::AppProps { token }));
}

fn take_token() -> Option<String> {
    let window = web_sys::window()?;
    let location = window.location();
    let hash = location.hash().ok()?;
    let token = route::token_in(&hash)?.to_owned();
    let path = location.pathname().ok()?;
    let history = window.history().ok()?;
    let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&path));
    Some(token)
}
