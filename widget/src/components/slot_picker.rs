use leptos::prelude::*;
use shared::api::{DayWire, SlotWire};

use crate::format;

/// Free times per day. Days without a free time say so.
///
/// - `days`: the availability answer's days, in order.
/// - `locale`: for the day headings.
/// - `on_select`: called with the local date and the chosen slot.
#[component]
pub fn SlotPicker(
    days: Vec<DayWire>,
    locale: String,
    on_select: Callback<(String, SlotWire)>,
) -> impl IntoView {
    let any = days.iter().any(|d| !d.slots.is_empty());
    view! {
        <div class="ct-days" data-testid="slots">
            {(!any).then(|| view! { <p class="ct-empty" data-testid="no-slots">"No free times this week."</p> })}
            {days
                .into_iter()
                .filter(|d| !d.slots.is_empty())
                .map(|day| {
                    let heading = format::long_date(&day.date, &locale);
                    let date = day.date.clone();
                    view! {
                        <h4 class="ct-day">{heading}</h4>
                        <div class="ct-times" role="group">
                            {day
                                .slots
                                .into_iter()
                                .map(|slot| {
                                    let date = date.clone();
                                    let time = slot.time.clone();
                                    let start = slot.start.clone();
                                    view! {
                                        <button class="ct-time" data-testid="slot" data-start=start on:click=move |_| on_select.run((date.clone(), slot.clone()))>
                                            {time}
                                        </button>
                                    }
                                })
                                .collect_view()}
                        </div>
                    }
                })
                .collect_view()}
        </div>
    }
}
