use leptos::prelude::*;
use shared::api::SalonProfile;

use super::{with_staff, BackButton, StepHeading};
use crate::components::DetailsForm;
use crate::flow::Flow;
use crate::format;

/// The fourth step: what is being booked, in one line, and the client's details.
///
/// - `flow`: the booking in progress; a service, staff choice and time are made.
/// - `profile`: the salon's country (for phone numbers) and staff.
#[component]
pub fn DetailsStep(flow: Flow, profile: StoredValue<SalonProfile>) -> impl IntoView {
    let t = flow.texts();
    let locale = flow.locale.get();
    let chosen = flow
        .service
        .get()
        .expect("a service is chosen before details");
    // With "any", who takes the booking is decided when it is made.
    let summary = flow
        .slot
        .get()
        .map(|(date, s)| {
            format!(
                "{} · {} · {}{}",
                chosen.name,
                format::long_date(date, locale.tag()),
                s.time,
                with_staff(profile, t, &flow.staff.get())
            )
        })
        .unwrap_or_default();
    view! {
        <BackButton flow />
        <StepHeading flow text=t.details />
        <p class="ct-sub" data-testid="summary">{summary}</p>
        <DetailsForm
            country=profile.with_value(|p| p.country.clone())
            locale
            name=flow.name
            email=flow.email
            phone=flow.phone
            submitting=flow.submitting
            network_failed=flow.network_failed
            announce=flow.announce
            on_submit=Callback::new(move |client| flow.submit(client))
        />
    }
}
