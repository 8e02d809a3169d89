use leptos::prelude::*;
use shared::api::{AvailabilityWire, SlotWire};
use shared::date::CalendarDate;

use super::rove;
use crate::format;
use crate::texts::Texts;

/// Where the "earlier" and "later" buttons lead from a page of days, if anywhere: a page back starts
/// `len` days before `first`, but never before `earliest` (the salon's today, when known), and there is
/// no page back from it.
pub fn neighbours(
    first: CalendarDate,
    last: CalendarDate,
    earliest: Option<CalendarDate>,
) -> (Option<CalendarDate>, Option<CalendarDate>) {
    let len = first.days_until(last) + 1;
    let earlier = match earliest {
        Some(e) if first <= e => None,
        Some(e) => first.add_days(-len).map(|d| d.max(e)),
        None => first.add_days(-len),
    };
    (earlier, last.add_days(1))
}

/// A strip of days (a WAI-ARIA listbox: arrows move, days without free times are marked) and the free
/// times of the chosen day, grouped into morning, afternoon and evening (another listbox). Labels say
/// the full date.
///
/// - `availability`: one page of days.
/// - `locale`, `texts`: the interface language.
/// - `earliest`: the first date there can be times on (the salon's today), once known.
/// - `selected_day`: the chosen date, kept by the flow so going back keeps it.
/// - `on_select`: called with the date and the chosen time.
/// - `on_page`: called with the first date of the page to show (earlier or later days).
#[component]
pub fn DayTimePicker(
    availability: AvailabilityWire,
    locale: String,
    texts: &'static Texts,
    earliest: Option<CalendarDate>,
    selected_day: RwSignal<Option<CalendarDate>>,
    on_select: Callback<(CalendarDate, SlotWire)>,
    on_page: Callback<Option<CalendarDate>>,
) -> impl IntoView {
    let days = StoredValue::new(availability.days);
    let locale = StoredValue::new(locale);
    let (earlier, later) = days.with_value(|d| match (d.first(), d.last()) {
        (Some(first), Some(last)) => neighbours(first.date, last.date, earliest),
        _ => (None, None),
    });
    let any_slots = days.with_value(|d| d.iter().any(|d| !d.slots.is_empty()));

    let day_strip = move || {
        days.with_value(|all| {
            all.iter()
                .map(|d| {
                    let date = d.date;
                    let empty = d.slots.is_empty();
                    let label = format::long_date(date, &locale.get_value());
                    let label = if empty {
                        format!("{label}, {}", texts.no_times_day)
                    } else {
                        label
                    };
                    let short = format::short_date(date, &locale.get_value());
                    let selected = Memo::new(move |_| selected_day.get() == Some(date));
                    let choose = move |_| selected_day.set(Some(date));
                    view! {
                        <button
                            type="button"
                            role="option"
                            class="ct-daybtn"
                            class:ct-day-empty=empty
                            data-testid="day"
                            data-date=date.to_string()
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
        let full_date = format::long_date(date, &locale.get_value());
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
                        let chosen = slot.clone();
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
                                on:click=move |_| on_select.run((date, chosen.clone()))
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

    view! {
        <div class="ct-days" data-testid="days">
            <div class="ct-strip" role="listbox" aria-orientation="horizontal" aria-label=texts.day
                on:keydown=move |ev| {
                    if let Some(el) = rove(&ev, "[role=option]", false) {
                        if let Some(date) = el.get_attribute("data-date") {
                            if let Ok(date) = CalendarDate::parse(&date) {
                                selected_day.set(Some(date));
                            }
                        }
                    }
                }>
                {day_strip}
            </div>
            <div class="ct-pager">
                {earlier.map(|date| view! {
                    <button type="button" class="ct-link-button" data-testid="earlier" on:click=move |_| on_page.run(Some(date))>
                        <span aria-hidden="true">"‹ "</span>{texts.earlier}
                    </button>
                })}
                {later.map(|date| view! {
                    <button type="button" class="ct-link-button ct-later" data-testid="later" on:click=move |_| on_page.run(Some(date))>
                        {texts.later}<span aria-hidden="true">" ›"</span>
                    </button>
                })}
            </div>
            {(!any_slots).then(|| view! { <p class="ct-empty" data-testid="no-slots-page">{texts.no_times}</p> })}
            {times}
        </div>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn date(text: &str) -> CalendarDate {
        CalendarDate::parse(text).unwrap()
    }

    #[wasm_bindgen_test]
    fn paging_back_from_early_in_a_month_lands_in_the_month_before() {
        for day in 1..=13u8 {
            let first = CalendarDate::from_ymd(2026, 12, day).unwrap();
            let last = first.add_days(13).unwrap();
            let (earlier, later) = neighbours(first, last, None);
            assert_eq!(earlier.unwrap().ymd(), (2026, 11, day + 16));
            assert_eq!(later, last.add_days(1));
        }
        let (earlier, later) = neighbours(date("2028-03-01"), date("2028-03-14"), None);
        assert_eq!(earlier, Some(date("2028-02-16")));
        assert_eq!(later, Some(date("2028-03-15")));
        let (_, later) = neighbours(date("2026-12-18"), date("2026-12-31"), None);
        assert_eq!(later, Some(date("2027-01-01")));
    }

    #[wasm_bindgen_test]
    fn there_is_no_page_before_the_first_bookable_day() {
        let today = date("2026-12-02");
        let (earlier, _) = neighbours(today, date("2026-12-15"), Some(today));
        assert_eq!(earlier, None);
        // A page that starts a few days later goes back to today, not before it.
        let (earlier, _) = neighbours(date("2026-12-09"), date("2026-12-22"), Some(today));
        assert_eq!(earlier, Some(today));
        let (earlier, _) = neighbours(date("2026-12-30"), date("2027-01-12"), Some(today));
        assert_eq!(earlier, Some(date("2026-12-16")));
    }
}
