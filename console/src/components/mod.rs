//! The pieces screens are built from. Each takes plain values, signals and callbacks.

// The day-to-day screens' pieces; the set-up build has none of them.
#[cfg(not(feature = "setup"))]
mod booking_dialog;
#[cfg(not(feature = "setup"))]
mod forms;
#[cfg(not(feature = "setup"))]
mod modal;

#[cfg(not(feature = "setup"))]
pub use booking_dialog::BookingDialog;
#[cfg(not(feature = "setup"))]
pub use forms::{BlockForm, NewBookingForm};
#[cfg(not(feature = "setup"))]
pub use modal::Modal;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::route::Page;
use crate::state::Console;

/// The screen's one `h1`. After the console moved to another screen it takes focus, so keyboard and
/// screen-reader users start there; on the first screen shown focus stays where the browser put it.
///
/// - `text`: the heading.
#[component]
pub fn Heading(console: Console, #[prop(into)] text: Signal<String>) -> impl IntoView {
    let heading = NodeRef::<leptos::html::H1>::new();
    Effect::new(move |_| document().set_title(&format!("{} · Chairtime", text.get())));
    if console.has_moved() {
        request_animation_frame(move || {
            if let Some(h) = heading.get_untracked() {
                let _ = h.focus();
            }
        });
    }
    view! { <h1 class="ct-h1" tabindex="-1" node_ref=heading data-testid="heading">{text}</h1> }
}

/// A link to another screen of the console. A plain click stays in the app (a history entry, no
/// reload); a click with a modifier key or the middle button is the browser's (a new tab).
///
/// - `page`: where it leads.
/// - `current`: whether it is the screen shown (`aria-current="page"`).
/// - `text`: the link's text.
#[component]
pub fn NavLink(
    console: Console,
    #[prop(into)] page: Signal<Page>,
    #[prop(into, optional)] current: Signal<bool>,
    #[prop(into)] text: Signal<String>,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    view! {
        <a class=if class.is_empty() { "ct-navlink" } else { class }
            href=move || page.get().href()
            aria-current=move || current.get().then_some("page")
            on:click=move |ev| follow(console, ev, page.get_untracked())>
            {text}
        </a>
    }
}

/// Follows an in-app link unless the browser should (modifier keys, another button).
pub fn follow(console: Console, ev: leptos::ev::MouseEvent, page: Page) {
    if ev.button() != 0 || ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key() {
        return;
    }
    ev.prevent_default();
    console.go(page);
}

/// Moves a roving tabindex among `selector` elements inside the event's current target: arrows move
/// (up and down in a column), Home and End jump. The column is then one stop of the Tab key.
pub fn rove(ev: &leptos::ev::KeyboardEvent, selector: &str) {
    let step: i32 = match ev.key().as_str() {
        "ArrowDown" => 1,
        "ArrowUp" => -1,
        "Home" => i32::MIN,
        "End" => i32::MAX,
        _ => return,
    };
    let Some(list) = ev
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let Ok(items) = list.query_selector_all(selector) else {
        return;
    };
    let count = items.length() as i32;
    if count == 0 {
        return;
    }
    ev.prevent_default();
    let active = document().active_element();
    let current = (0..count)
        .find(|&i| {
            items
                .item(i as u32)
                .map(|n| n.unchecked_into::<web_sys::Element>())
                == active
        })
        .unwrap_or(0);
    let next = match step {
        i32::MIN => 0,
        i32::MAX => count - 1,
        s => (current + s).clamp(0, count - 1),
    };
    for i in 0..count {
        if let Some(el) = items.item(i as u32) {
            let el = el.unchecked_into::<web_sys::HtmlElement>();
            let _ = el.set_attribute("tabindex", if i == next { "0" } else { "-1" });
            if i == next {
                let _ = el.focus();
            }
        }
    }
}

/// A message the API or the console gave, shown where the owner is looking and announced.
///
/// - `message`: nothing when `None`.
#[component]
pub fn Problem(#[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    move || {
        message
            .get()
            .map(|m| view! { <p class="ct-problem" role="alert" data-testid="problem">{m}</p> })
    }
}
