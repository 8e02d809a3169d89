//! The whole widget for one salon: the live region, the salon's name, a notice and the current step.
//! What the steps share and how they move from one to the next is [`Flow`]; each step is a component in
//! [`crate::steps`].

use leptos::prelude::*;

use crate::events::Emitter;
use crate::flow::{Flow, Step};
use crate::steps::{ConfirmationStep, DetailsStep, ServiceStep, StaffStep, TimeStep};
use crate::Options;

/// The design tokens, then the widget's own rules.
const STYLE: &str = concat!(include_str!("tokens.css"), include_str!("style.css"));

/// The widget. Shows a placeholder while the salon's profile loads, an error and a retry if it cannot
/// be loaded, then the flow.
///
/// - `options`: what the embedding page asked for.
/// - `emitter`: events for the host page.
#[component]
pub fn App(options: Options, emitter: Emitter) -> impl IntoView {
    let flow = Flow::new(options, emitter);
    flow.load_profile();
    let body = move || {
        match flow.profile.get() {
        None => view! { <div class="ct-skeleton" data-testid="loading" aria-busy="true"></div> }
            .into_any(),
        Some(Err(_)) => view! {
            <p class="ct-error" role="alert" data-testid="load-error">{flow.texts().load_error}</p>
            <button type="button" class="ct-secondary" data-testid="retry" on:click=move |_| flow.load_profile()>{flow.texts().retry}</button>
        }
        .into_any(),
        Some(Ok(p)) => {
            let name = p.name.clone();
            let profile = StoredValue::new(p);
            let step = move || match flow.step() {
                Step::Services => view! { <ServiceStep flow profile /> }.into_any(),
                Step::Staff => view! { <StaffStep flow profile /> }.into_any(),
                Step::Times => view! { <TimeStep flow profile /> }.into_any(),
                Step::Details => view! { <DetailsStep flow profile /> }.into_any(),
                Step::Done(booking) => {
                    view! { <ConfirmationStep flow profile booking=*booking /> }.into_any()
                }
            };
            view! {
                <header class="ct-head">
                    <h2 class="ct-title">{name}</h2>
                </header>
                {move || flow.notice.get().map(|n| view! { <p class="ct-notice" data-testid="notice">{n}</p> })}
                {step}
            }
            .into_any()
        }
    }
    };
    view! {
        <style>{STYLE}</style>
        <section class="ct" data-testid="chairtime" lang=move || flow.locale.get().tag()>
            <p class="ct-sr" role="status" aria-live="polite" data-testid="announce">{move || flow.announce.get()}</p>
            {body}
        </section>
    }
}
