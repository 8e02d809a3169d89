use leptos::prelude::*;
use shared::api::SalonProfile;

use super::{with_staff, BackButton, StepHeading};
use crate::components::DayTimePicker;
use crate::flow::Flow;

/// The third step: a day and a free time, one page of days at a time. While a page loads it shows a
/// placeholder; when it could not be loaded, the error and a retry.
///
/// - `flow`: the booking in progress; a service and staff choice are made.
/// - `profile`: the salon's staff, to say who the times are with.
#[component]
pub fn TimeStep(flow: Flow, profile: StoredValue<SalonProfile>) -> impl IntoView {
    let t = flow.texts();
    let chosen = flow
        .service
        .get()
        .expect("a service is chosen before times");
    let subtitle = chosen.name + &with_staff(profile, t, &flow.staff.get());
    let on_select = Callback::new(move |(date, slot)| flow.choose_slot(date, slot));
    let on_page = Callback::new(move |date| flow.page(date));
    let times = move || {
        match flow.availability.get() {
        None => view! { <div class="ct-skeleton" data-testid="loading" aria-busy="true"></div> }
            .into_any(),
        Some(Err(_)) => view! {
            <p class="ct-error" role="alert">{t.network_error}</p>
            <button type="button" class="ct-secondary" data-testid="retry" on:click=move |_| flow.load_times()>{t.retry}</button>
        }
        .into_any(),
        Some(Ok(a)) => view! {
            <DayTimePicker
                availability=a
                locale=flow.locale.get().tag().to_owned()
                texts=t
                earliest=flow.earliest.get_untracked()
                selected_day=flow.day
                on_select
                on_page
            />
        }
        .into_any(),
    }
    };
    view! {
        <BackButton flow />
        <StepHeading flow text=t.choose_time />
        <p class="ct-sub">{subtitle}</p>
        {times}
    }
}
