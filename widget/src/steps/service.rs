use leptos::prelude::*;
use shared::api::SalonProfile;

use super::StepHeading;
use crate::components::ServiceList;
use crate::flow::Flow;

/// The first step: the salon's services.
///
/// - `flow`: the booking in progress.
/// - `profile`: the salon's services, currency and language.
#[component]
pub fn ServiceStep(flow: Flow, profile: StoredValue<SalonProfile>) -> impl IntoView {
    view! {
        <StepHeading flow text=flow.texts().choose_service />
        <ServiceList
            services=profile.with_value(|p| p.services.clone())
            currency=profile.with_value(|p| p.currency.clone())
            locale=flow.locale.get().tag().to_owned()
            on_select=Callback::new(move |s| flow.choose_service(s))
        />
    }
}
