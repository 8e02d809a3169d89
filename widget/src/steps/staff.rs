use leptos::prelude::*;
use shared::api::SalonProfile;

use super::{BackButton, StepHeading};
use crate::components::StaffPicker;
use crate::flow::Flow;

/// The second step: anyone available, or one of the people who perform the chosen service.
///
/// - `flow`: the booking in progress; a service is chosen.
/// - `profile`: the salon's staff.
#[component]
pub fn StaffStep(flow: Flow, profile: StoredValue<SalonProfile>) -> impl IntoView {
    let chosen = flow
        .service
        .get()
        .expect("a service is chosen before staff");
    let people = profile.with_value(|p| {
        p.staff
            .iter()
            .filter(|s| s.services.contains(&chosen.key))
            .cloned()
            .collect::<Vec<_>>()
    });
    view! {
        <BackButton flow />
        <StepHeading flow text=flow.texts().choose_staff />
        <StaffPicker staff=people texts=flow.texts() on_select=Callback::new(move |key| flow.choose_staff(key)) />
    }
}
