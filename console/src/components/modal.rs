use std::cell::RefCell;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::texts::TEXTS;

thread_local! {
    /// What had focus when the open dialog opened, to give it back when it closes.
    static OPENER: RefCell<Option<web_sys::HtmlElement>> = const { RefCell::new(None) };
}

/// A modal `<dialog>`, open while it is mounted: the browser keeps focus inside it, Escape closes it,
/// and the page behind is inert. Focus goes to its first field or button when it opens (or to an
/// element marked `autofocus`), and back to what had it when it closes; if that is gone (the day
/// was redrawn), to the screen's heading.
///
/// - `title`: its heading, which also names it.
/// - `on_close`: called on Escape and on its close button; the owner unmounts it.
/// - `children`: its content.
#[component]
pub fn Modal(
    #[prop(into)] title: Signal<String>,
    on_close: Callback<()>,
    children: Children,
) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let opener = document()
        .active_element()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    OPENER.with(|o| *o.borrow_mut() = opener);
    dialog.on_load(|d| {
        let _ = d.show_modal();
    });
    on_cleanup(|| {
        let opener = OPENER.with(|o| o.borrow_mut().take());
        request_animation_frame(move || {
            let back = opener.filter(|e| e.is_connected()).or_else(|| {
                document()
                    .query_selector("h1")
                    .ok()
                    .flatten()
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            });
            if let Some(e) = back {
                let _ = e.focus();
            }
        });
    });
    view! {
        <dialog class="ct-dialog" node_ref=dialog aria-labelledby="ct-dialog-title" data-testid="dialog"
            on:cancel=move |ev: leptos::ev::Event| { ev.prevent_default(); on_close.run(()); }>
            <div class="ct-dialog-head">
                <h2 id="ct-dialog-title" class="ct-h2">{title}</h2>
                <button type="button" class="ct-close" aria-label=TEXTS.close on:click=move |_| on_close.run(())>
                    <span aria-hidden="true">"×"</span>
                </button>
            </div>
            {children()}
        </dialog>
    }
}
