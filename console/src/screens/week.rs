use leptos::prelude::*;
use shared::api::{BookingStatus, Outcome, OwnerBooking, OwnerBookings};
use shared::date::CalendarDate;
use shared::paths::ApiPath;

use crate::api;
use crate::components::{BookingDialog, Heading, NavLink, Problem};
use crate::route::{week_start, Page};
use crate::state::{Console, Salon};
use crate::texts::TEXTS;
use crate::timeline::parse_stamp;
use crate::zone;

/// The week holding a date, Monday to Sunday, compact: each day's bookings and blocks in order, the
/// day's name leading to its day view. A booking opens its details, as on the day view.
///
/// - `date`: any date of the week.
#[component]
pub fn WeekScreen(console: Console, salon: Salon, date: CalendarDate) -> impl IntoView {
    let first = week_start(date);
    let last = first.add_days(6).unwrap_or(first);
    let slug = salon.profile.slug.clone();
    let today = salon.today();
    let own = console.own_staff(&slug);
    let several = own.is_none() && salon.profile.staff.len() > 1;
    let salon = StoredValue::new(salon);
    let url = ApiPath::AdminBookings { slug: &slug }.with_query(format!("from={first}&to={last}"));
    let data = api::Loaded::<OwnerBookings>::new(url);
    Effect::new(move |_| {
        if let Some(Err(e)) = data.get() {
            console.check(&e);
        }
    });
    let dialog = RwSignal::new(None::<OwnerBooking>);
    let week = {
        let slug = slug.clone();
        move |d: Option<CalendarDate>| {
            let slug = slug.clone();
            Signal::derive(move || Page::Week {
                salon: slug.clone(),
                date: d.unwrap_or(date),
            })
        }
    };
    let title = format!(
        "{} {} – {}",
        TEXTS.week_of,
        zone::short_date(first),
        zone::short_date(last)
    );
    let days = move || {
        match data.get() {
        None => view! { <div class="ct-skeleton" aria-busy="true"></div> }.into_any(),
        Some(Err(e)) => view! {
            <Problem message=Some(e.message()) />
            <button type="button" class="ct-secondary" on:click=move |_| data.refetch()>{TEXTS.retry}</button>
        }
        .into_any(),
        Some(Ok(d)) => {
            let zone_name = salon.with_value(|s| s.zone().to_owned());
            (0..7)
                .filter_map(|i| first.add_days(i))
                .map(|day| {
                    let mut items: Vec<(i64, AnyView)> = Vec::new();
                    for b in d.bookings.iter().filter(|b| b.booking.status == BookingStatus::Confirmed) {
                        let Some(s) = parse_stamp(&b.booking.start).filter(|s| s.date == day) else {
                            continue;
                        };
                        let who = if several {
                            format!(" · {}", salon.with_value(|x| x.staff_name(&b.booking.staff)))
                        } else {
                            String::new()
                        };
                        let service = salon.with_value(|x| x.service_name(&b.booking.service));
                        let outcome = match b.outcome {
                            Some(Outcome::Completed) => Some(TEXTS.completed),
                            Some(Outcome::NoShow) => Some(TEXTS.no_show),
                            None => None,
                        };
                        let booking = b.clone();
                        items.push((s.secs, view! {
                            <li><button type="button" class="ct-wk-item" data-testid="booking"
                                data-outcome=b.outcome.map(|o| o.as_str())
                                on:click=move |_| dialog.set(Some(booking.clone()))>
                                <span class="ct-b-time">{zone::time(&zone_name, s.secs)}</span>
                                <span class="ct-b-name">{b.booking.client.name.clone()}</span>
                                <span class="ct-b-svc">{service}{who}</span>
                                {outcome.map(|o| view! { <span class="ct-b-outcome">{o}</span> })}
                            </button></li>
                        }.into_any()));
                    }
                    for b in &d.blocks {
                        let (Some(s), Some(e)) = (parse_stamp(&b.start), parse_stamp(&b.end)) else {
                            continue;
                        };
                        if s.date != day {
                            continue;
                        }
                        let who = salon.with_value(|x| x.staff_name(&b.staff));
                        items.push((s.secs, view! {
                            <li class="ct-wk-block">
                                <span class="ct-b-time">{format!("{}–{}", zone::time(&zone_name, s.secs), zone::time(&zone_name, e.secs))}</span>
                                <span>{format!("{} · {who}", TEXTS.blocked_label)}</span>
                            </li>
                        }.into_any()));
                    }
                    items.sort_by_key(|(t, _)| *t);
                    let empty = items.is_empty();
                    let slug = salon.with_value(|s| s.profile.slug.clone());
                    view! {
                        <section class="ct-wk-day" data-today=(day == today).to_string()>
                            <h2 class="ct-wk-title">
                                <NavLink console page={Page::Day { salon: slug, date: day }}
                                    current={day == today} text=zone::short_date(day) />
                            </h2>
                            {if empty {
                                view! { <p class="ct-empty">{TEXTS.nothing}</p> }.into_any()
                            } else {
                                view! { <ul class="ct-wk-list">{items.into_iter().map(|(_, v)| v).collect_view()}</ul> }.into_any()
                            }}
                        </section>
                    }
                })
                .collect_view()
                .into_any()
        }
    }
    };
    let dialog_view = move || {
        dialog.get().map(|booking| {
            view! {
                <BookingDialog console salon booking
                    on_changed=Callback::new(move |_| data.refetch())
                    on_close=Callback::new(move |_| dialog.set(None)) />
            }
        })
    };
    view! {
        <main id="main" class="ct-main ct-wide" data-testid="week">
            <Heading console text=title />
            <nav class="ct-pager" aria-label=TEXTS.weeks>
                <NavLink console page=week(first.add_days(-7)) class="ct-secondary" text=TEXTS.previous_week.to_owned() />
                <NavLink console page=week(Some(today)) class="ct-secondary" text=TEXTS.this_week.to_owned() />
                <NavLink console page=week(first.add_days(7)) class="ct-secondary" text=TEXTS.next_week.to_owned() />
            </nav>
            <div class="ct-week">{days}</div>
            {dialog_view}
        </main>
    }
}
