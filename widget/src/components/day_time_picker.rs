use leptos::prelude::*;
use shared::api::{AvailabilityWire, SlotWire};

use super::rove;
use crate::format;
use crate::texts::Texts;

/// The date `days` after a `YYYY-MM-DD` date, computed in UTC so no time zone can shift it.
fn add_days(date: &str, days: i32) -> String {
    let d = js_sys::Date::new(&format!("{date}T12:00:00Z").into());
    d.set_utc_date((d.get_utc_date() as i32 + days) as u32);
    d.to_iso_string()
        .as_string()
        .unwrap_or_default()
        .chars()
        .take(10)
        .collect()
}

/// A strip of days (a WAI-ARIA listbox: arrows move, days without free times are marked) and the free
/// times of the chosen day, grouped into morning, afternoon and evening (another listbox). Labels say
/// the full date.
///
/// - `availability`: one page of days.
/// - `locale`, `texts`: the interface language.
/// - `selected_day`: the chosen date, kept by the flow so going back keeps it.
/// - `on_select`: called with the date and the chosen time.
/// - `on_page`: called with the first date of the page to show (earlier or later days).
#[component]
pub fn DayTimePicker(
    availability: AvailabilityWire,
    locale: String,
    texts: &'static Texts,
    selected_day: RwSignal<Option<String>>,
    on_select: Callback<(String, SlotWire)>,
    on_page: Callback<Option<String>>,
) -> impl IntoView {
    let days = StoredValue::new(availability.days);
    let locale = StoredValue::new(locale);
    let first = days.with_value(|d| d.first().map(|d| d.date.clone()).unwrap_or_default());
    let last = days.with_value(|d| d.last().map(|d| d.date.clone()).unwrap_or_default());
    let page_len = days.with_value(|d| d.len() as i32);
    let any_slots = days.with_value(|d| d.iter().any(|d| !d.slots.is_empty()));

    let day_strip = move || {
        days.with_value(|all| {
            all.iter()
                .map(|d| {
                    let date = d.date.clone();
                    let empty = d.slots.is_empty();
                    let label = format::long_date(&date, &locale.get_value());
                    let label = if empty {
                        format!("{label}, {}", texts.no_times_day)
                    } else {
                        label
                    };
                    let short = format::short_date(&date, &locale.get_value());
                    let selected = {
                        let date = date.clone();
                        Memo::new(move |_| selected_day.get().as_deref() == Some(date.as_str()))
                    };
                    let choose = {
                        let date = date.clone();
                        move |_| selected_day.set(Some(date.clone()))
                    };
                    view! {
                        <button
                            type="button"
                            role="option"
                            class="ct-daybtn"
                            class:ct-day-empty=empty
                            data-testid="day"
                            data-date=date
                            aria-label=label
                            aria-selected=move || if selected.get() { "true" } else { "false" }
                            tabindex=move || if selected.get() { "0" } else { "-1" }
                            on:click=choose
                        >
                            <span class="ct-daybtn-week">{short.0}</span>
                            <span class="ct-daybtn-num">{short.1}</span>
                        </button>
                    }
                })
                .collect_view()
        })
    };

    let times = move || {
        let Some(date) = selected_day.get() else {
            return ().into_any();
        };
        let slots = days.with_value(|all| {
            all.iter()
                .find(|d| d.date == date)
                .map(|d| d.slots.clone())
                .unwrap_or_default()
        });
        let full_date = format::long_date(&date, &locale.get_value());
        if slots.is_empty() {
            return view! { <p class="ct-empty" data-testid="no-slots">{texts.no_times_day}</p> }
                .into_any();
        }
        let periods = [
            (texts.morning, 0, 12),
            (texts.afternoon, 12, 17),
            (texts.evening, 17, 24),
        ];
        let mut first_option = true;
        let groups = periods
            .into_iter()
            .filter_map(|(name, from, to)| {
                let in_period: Vec<SlotWire> = slots
                    .iter()
                    .filter(|s| {
                        s.time
                            .get(..2)
                            .and_then(|h| h.parse::<u32>().ok())
                            .is_some_and(|h| from <= h && h < to)
                    })
                    .cloned()
                    .collect();
                if in_period.is_empty() {
                    return None;
                }
                let options = in_period
                    .into_iter()
                    .map(|slot| {
                        let tabindex = if std::mem::take(&mut first_option) {
                            "0"
                        } else {
                            "-1"
                        };
                        let label = format!("{full_date}, {}", slot.time);
                        let (date, chosen) = (date.clone(), slot.clone());
                        view! {
                            <button
                                type="button"
                                role="option"
                                aria-selected="false"
                                class="ct-time"
                                data-testid="slot"
                                data-start=slot.start.clone()
                                aria-label=label
                                tabindex=tabindex
                                on:click=move |_| on_select.run((date.clone(), chosen.clone()))
                            >
                                {slot.time.clone()}
                            </button>
                        }
                    })
                    .collect_view();
                Some(view! {
                    <div role="group" class="ct-period" aria-label=name>
                        <h4 class="ct-category" aria-hidden="true">{name}</h4>
                        <div class="ct-times">{options}</div>
                    </div>
                })
            })
            .collect_view();
        view! {
            <div role="listbox" class="ct-timelist" data-testid="slots" aria-label=full_date
                on:keydown=move |ev| { rove(&ev, "[role=option]", true); }>
                {groups}
            </div>
        }
        .into_any()
    };

    let earlier = add_days(&first, -page_len);
    let later = add_days(&last, 1);
    view! {
        <div class="ct-days" data-testid="days">
            <div class="ct-strip" role="listbox" aria-orientation="horizontal" aria-label=texts.day
                on:keydown=move |ev| {
                    if let Some(el) = rove(&ev, "[role=option]", false) {
                        if let Some(date) = el.get_attribute("data-date") {
                            selected_day.set(Some(date));
                        }
                    }
                }>
                {day_strip}
            </div>
            <div class="ct-pager">
                <button type="button" class="ct-link-button" data-testid="earlier" on:click=move |_| on_page.run(Some(earlier.clone()))>
                    <span aria-hidden="true">"‹ "</span>{texts.earlier}
                </button>
                <button type="button" class="ct-link-button" data-testid="later" on:click=move |_| on_page.run(Some(later.clone()))>
                    {texts.later}<span aria-hidden="true">" ›"</span>
                </button>
            </div>
            {(!any_slots).then(|| view! { <p class="ct-empty" data-testid="no-slots-page">{texts.no_times}</p> })}
            {times}
        </div>
    }
}
