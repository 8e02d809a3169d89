//! One component per step of the flow. Each takes the [`Flow`] and the salon's profile (steps are only
//! shown once it is loaded), shows the step's heading through [`StepHeading`], which moves focus there,
//! and builds on the pieces in [`crate::components`]. Moving to another step is one of [`Flow`]'s
//! methods; no step sets another's signals by hand.

mod confirmation;
mod details;
mod service;
mod staff;
mod time;

pub use confirmation::ConfirmationStep;
pub use details::DetailsStep;
pub use service::ServiceStep;
pub use staff::StaffStep;
pub use time::TimeStep;

use leptos::prelude::*;
use shared::api::SalonProfile;

use crate::flow::Flow;
use crate::texts::Texts;

/// The step's heading. Once the flow has left the step it started on (a step the tag preselected
/// counts), a new step's heading takes focus on the next frame, so keyboard and screen-reader users
/// start there; the first step a client sees leaves focus where the host page has it.
///
/// - `flow`: says whether the flow has moved yet.
/// - `text`: the heading.
#[component]
fn StepHeading(flow: Flow, text: &'static str) -> impl IntoView {
    let heading = NodeRef::<leptos::html::H3>::new();
    if flow.has_moved() {
        request_animation_frame(move || {
            if let Some(heading) = heading.get_untracked() {
                let _ = heading.focus();
            }
        });
    }
    view! { <h3 class="ct-step" tabindex="-1" node_ref=heading>{text}</h3> }
}

/// "← Back" to the step before.
///
/// - `flow`: the flow to move back.
#[component]
fn BackButton(flow: Flow) -> impl IntoView {
    view! {
        <button type="button" class="ct-back" data-testid="back" on:click=move |_| flow.back()>
            <span aria-hidden="true">"← "</span>{flow.texts().back}
        </button>
    }
}

/// " · with Ana" for a staff key; nothing for "any", which no staff member's key can be.
fn with_staff(profile: StoredValue<SalonProfile>, texts: &Texts, key: &str) -> String {
    profile
        .with_value(|p| {
            p.staff
                .iter()
                .find(|s| s.key == key)
                .map(|s| format!(" · {} {}", texts.with, s.name))
        })
        .unwrap_or_default()
}
