//! The booking flow: service → staff → day and time → details → confirmation. Every step can go back
//! without losing what was chosen or typed; focus moves to each step's heading, and a live region
//! announces what changed.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::ErrorCode;
use shared::api::{
    AvailabilityWire, BookingCreated, BookingRequestWire, ClientWire, SalonProfile, ServiceProfile,
    SlotWire,
};
use shared::client::StaffChoice;
use shared::date::CalendarDate;
use shared::Locale;
use wasm_bindgen::JsCast;

use crate::api::{self, ApiFailure};
use crate::components::{Confirmation, DayTimePicker, DetailsForm, ServiceList, StaffPicker};
use crate::events::Emitter;
use crate::texts::texts;
use crate::Options;

/// Where the client is in the flow.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Services,
    Staff,
    Times,
    Details,
    Done(Box<BookingCreated>),
}

const STYLE: &str = include_str!("style.css");

/// How many days one page of availability shows.
const DAYS: u16 = 14;

/// The whole widget for one salon.
#[component]
pub fn App(options: Options, emitter: Emitter) -> impl IntoView {
    let base = options.api.clone();
    let salon = options.salon.clone();
    let profile: RwSignal<Option<Result<SalonProfile, ApiFailure>>> = RwSignal::new(None);
    let availability: RwSignal<Option<Result<AvailabilityWire, ApiFailure>>> = RwSignal::new(None);
    let step = RwSignal::new(Step::Services);
    let service: RwSignal<Option<ServiceProfile>> = RwSignal::new(None);
    let staff = RwSignal::new(StaffChoice::ANY.to_owned());
    let from: RwSignal<Option<CalendarDate>> = RwSignal::new(None);
    // The salon's today, as the first page (asked for without `from`) starts on it.
    let earliest: RwSignal<Option<CalendarDate>> = RwSignal::new(None);
    let day: RwSignal<Option<CalendarDate>> = RwSignal::new(None);
    let slot: RwSignal<Option<(CalendarDate, SlotWire)>> = RwSignal::new(None);
    let name = RwSignal::new(options.name.clone().unwrap_or_default());
    let email = RwSignal::new(options.email.clone().unwrap_or_default());
    let phone = RwSignal::new(options.phone.clone().unwrap_or_default());
    let notice: RwSignal<Option<String>> = RwSignal::new(None);
    let announce = RwSignal::new(String::new());
    let submitting = RwSignal::new(false);
    let network_failed = RwSignal::new(false);
    // One key per attempt at one slot: a retry after a network failure can never book twice.
    let idempotency_key = RwSignal::new(api::new_idempotency_key());
    let root = NodeRef::<leptos::html::Section>::new();

    let locale = Memo::new(move |_| {
        let salon_locale = profile.with(|p| match p {
            Some(Ok(p)) => p.locale.clone(),
            _ => "en".to_owned(),
        });
        Locale::from_tag(options.locale.as_deref().unwrap_or(&salon_locale))
    });
    let t = move || texts(locale.get());

    // Focus the heading of each new step, so keyboard and screen-reader users start there.
    Effect::new(move |previous: Option<usize>| {
        let current = match step.get() {
            Step::Services => 0,
            Step::Staff => 1,
            Step::Times => 2,
            Step::Details => 3,
            Step::Done(_) => 4,
        };
        if previous.is_some_and(|p| p != current) {
            if let Some(root) = root.get() {
                let focus = move || {
                    if let Ok(Some(heading)) = root.query_selector(".ct-step") {
                        if let Ok(heading) = heading.dyn_into::<web_sys::HtmlElement>() {
                            let _ = heading.focus();
                        }
                    }
                };
                request_animation_frame(focus);
            }
        }
        current
    });

    let load_times = {
        let (base, salon) = (base.clone(), salon.clone());
        move || {
            let Some(service) = service.get_untracked() else {
                return;
            };
            availability.set(None);
            announce.set(texts(locale.get_untracked()).loading.to_owned());
            let first_page = from.get_untracked().is_none();
            let from_param = from
                .get_untracked()
                .map(|f| format!("&from={f}"))
                .unwrap_or_default();
            let url = format!(
                "{base}/v1/salons/{salon}/availability?service={}&staff={}&days={DAYS}{from_param}",
                service.key,
                staff.get_untracked()
            );
            spawn_local(async move {
                let result: Result<AvailabilityWire, ApiFailure> = api::get(&url).await;
                if let Ok(a) = &result {
                    let first = a
                        .days
                        .iter()
                        .find(|d| !d.slots.is_empty())
                        .or(a.days.first());
                    day.set(first.map(|d| d.date));
                    if first_page {
                        earliest.set(a.days.first().map(|d| d.date));
                    }
                    let count: usize = a.days.iter().map(|d| d.slots.len()).sum();
                    announce.set(
                        texts(locale.get_untracked())
                            .times_available
                            .replace("{n}", &count.to_string()),
                    );
                }
                availability.set(Some(result));
            });
        }
    };

    // The salon's profile, then the preselected step if the tag asked for one. Called again by the
    // retry button when it could not be loaded.
    let load_profile = {
        let (base, salon, load_times, emitter) = (
            base.clone(),
            salon.clone(),
            load_times.clone(),
            emitter.clone(),
        );
        let (want_service, want_staff) = (options.service.clone(), options.staff.clone());
        Callback::new(move |()| {
            let (base, salon, load_times, emitter) = (
                base.clone(),
                salon.clone(),
                load_times.clone(),
                emitter.clone(),
            );
            let (want_service, want_staff) = (want_service.clone(), want_staff.clone());
            profile.set(None);
            spawn_local(async move {
                let result: Result<SalonProfile, ApiFailure> =
                    api::get(&format!("{base}/v1/salons/{salon}")).await;
                match &result {
                    Ok(p) => {
                        emitter.emit("chairtime:ready", &[("salon", &p.slug)]);
                        if let Some(s) = want_service
                            .and_then(|k| p.services.iter().find(|s| s.key == k).cloned())
                        {
                            service.set(Some(s));
                            match want_staff.filter(|k| {
                                k == StaffChoice::ANY || p.staff.iter().any(|s| &s.key == k)
                            }) {
                                Some(k) => {
                                    staff.set(k);
                                    step.set(Step::Times);
                                    load_times();
                                }
                                None => step.set(Step::Staff),
                            }
                        }
                    }
                    Err(e) => emitter.error(e),
                }
                profile.set(Some(result));
            });
        })
    };
    load_profile.run(());

    let choose_service = Callback::new(move |s: ServiceProfile| {
        if service.get_untracked().as_ref() != Some(&s) {
            staff.set(StaffChoice::ANY.to_owned());
            from.set(None);
        }
        service.set(Some(s));
        notice.set(None);
        step.set(Step::Staff);
    });

    let choose_staff = {
        let load_times = load_times.clone();
        Callback::new(move |key: String| {
            if staff.get_untracked() != key || availability.get_untracked().is_none() {
                staff.set(key);
                load_times();
            }
            notice.set(None);
            step.set(Step::Times);
        })
    };

    let page = {
        let load_times = load_times.clone();
        Callback::new(move |date: Option<CalendarDate>| {
            from.set(date);
            load_times();
        })
    };

    let choose_slot = Callback::new(move |(date, chosen): (CalendarDate, SlotWire)| {
        if slot.get_untracked().as_ref().map(|(_, s)| &s.start) != Some(&chosen.start) {
            idempotency_key.set(api::new_idempotency_key());
        }
        slot.set(Some((date, chosen)));
        notice.set(None);
        network_failed.set(false);
        step.set(Step::Details);
    });

    let submit = {
        let (base, salon, load_times, emitter) = (
            base.clone(),
            salon.clone(),
            load_times.clone(),
            emitter.clone(),
        );
        Callback::new(move |client: ClientWire| {
            let (Some(service), Some((_, chosen))) =
                (service.get_untracked(), slot.get_untracked())
            else {
                return;
            };
            let body = BookingRequestWire {
                service: service.key.clone(),
                staff: staff.get_untracked(),
                start: chosen.start.clone(),
                client,
                notes: None,
            };
            let url = format!("{base}/v1/salons/{salon}/bookings");
            let key = idempotency_key.get_untracked();
            let (load_times, emitter) = (load_times.clone(), emitter.clone());
            submitting.set(true);
            network_failed.set(false);
            notice.set(None);
            spawn_local(async move {
                let result: Result<BookingCreated, ApiFailure> = api::post(&url, &body, &key).await;
                submitting.set(false);
                let tx = texts(locale.get_untracked());
                match result {
                    Ok(booking) => {
                        let b = &booking.booking;
                        emitter.emit(
                            "chairtime:booked",
                            &[
                                ("id", &b.id),
                                ("code", &b.code),
                                ("service", &b.service),
                                ("staff", &b.staff),
                                ("start", &b.start),
                                ("end", &b.end),
                            ],
                        );
                        announce.set(format!("{}. {} {}", tx.booked, tx.code, b.code));
                        step.set(Step::Done(Box::new(booking)));
                    }
                    Err(failure) => {
                        emitter.error(&failure);
                        let taken = failure.code() == Some(ErrorCode::SlotUnavailable.as_str());
                        let api_answered = matches!(failure, ApiFailure::Api { .. });
                        let message = match failure {
                            _ if taken => tx.taken.to_owned(),
                            ApiFailure::Api { body, .. } => body.error.message,
                            _ => tx.network_error.to_owned(),
                        };
                        network_failed.set(!api_answered);
                        notice.set(Some(message.clone()));
                        announce.set(message);
                        if taken {
                            load_times();
                            step.set(Step::Times);
                        }
                    }
                }
            });
        })
    };

    let back = move |_| {
        notice.set(None);
        step.update(|s| {
            *s = match s {
                Step::Staff => Step::Services,
                Step::Times => Step::Staff,
                Step::Details => Step::Times,
                _ => Step::Services,
            }
        });
    };
    let back_button = move || {
        view! {
            <button type="button" class="ct-back" data-testid="back" on:click=back>
                <span aria-hidden="true">"← "</span>{t().back}
            </button>
        }
    };

    let body = move || {
        match profile.get() {
        None => view! { <div class="ct-skeleton" data-testid="loading" aria-busy="true"></div> }
            .into_any(),
        Some(Err(_)) => view! {
            <p class="ct-error" role="alert" data-testid="load-error">{t().load_error}</p>
            <button type="button" class="ct-secondary" data-testid="retry" on:click=move |_| load_profile.run(())>{t().retry}</button>
        }
        .into_any(),
        Some(Ok(p)) => {
            let p = StoredValue::new(p);
            // " · with Ana" for a staff key; nothing for "any", which no staff member's key can be.
            let with_staff = move |key: &str| {
                p.with_value(|p| {
                    p.staff
                        .iter()
                        .find(|s| s.key == key)
                        .map(|s| format!(" · {} {}", t().with, s.name))
                })
                .unwrap_or_default()
            };
            let current = move || match step.get() {
                Step::Services => view! {
                    <h3 class="ct-step" tabindex="-1">{t().choose_service}</h3>
                    <ServiceList
                        services=p.with_value(|p| p.services.clone())
                        currency=p.with_value(|p| p.currency.clone())
                        locale=locale.get().tag().to_owned()
                        on_select=choose_service
                    />
                }
                .into_any(),
                Step::Staff => {
                    let chosen = service.get().expect("a service is chosen before staff");
                    let people = p.with_value(|p| {
                        p.staff
                            .iter()
                            .filter(|s| s.services.contains(&chosen.key))
                            .cloned()
                            .collect::<Vec<_>>()
                    });
                    view! {
                        {back_button()}
                        <h3 class="ct-step" tabindex="-1">{t().choose_staff}</h3>
                        <StaffPicker staff=people texts=t() on_select=choose_staff />
                    }
                    .into_any()
                }
                Step::Times => {
                    let chosen = service.get().expect("a service is chosen before times");
                    let subtitle = chosen.name + &with_staff(&staff.get());
                    view! {
                        {back_button()}
                        <h3 class="ct-step" tabindex="-1">{t().choose_time}</h3>
                        <p class="ct-sub">{subtitle}</p>
                        {move || match availability.get() {
                            None => view! { <div class="ct-skeleton" data-testid="loading" aria-busy="true"></div> }.into_any(),
                            Some(Err(_)) => view! {
                                <p class="ct-error" role="alert">{t().network_error}</p>
                                <button type="button" class="ct-secondary" data-testid="retry" on:click=move |_| page.run(from.get_untracked())>{t().retry}</button>
                            }
                            .into_any(),
                            Some(Ok(a)) => view! {
                                <DayTimePicker
                                    availability=a
                                    locale=locale.get().tag().to_owned()
                                    texts=t()
                                    earliest=earliest.get_untracked()
                                    selected_day=day
                                    on_select=choose_slot
                                    on_page=page
                                />
                            }
                            .into_any(),
                        }}
                    }
                    .into_any()
                }
                Step::Details => {
                    let chosen = service.get().expect("a service is chosen before details");
                    // With "any", who takes the booking is decided when it is made.
                    let summary = slot.get().map(|(date, s)| {
                        format!(
                            "{} · {} · {}{}",
                            chosen.name,
                            crate::format::long_date(date, locale.get().tag()),
                            s.time,
                            with_staff(&staff.get())
                        )
                    })
                    .unwrap_or_default();
                    view! {
                        {back_button()}
                        <h3 class="ct-step" tabindex="-1">{t().details}</h3>
                        <p class="ct-sub" data-testid="summary">{summary}</p>
                        <DetailsForm
                            country=p.with_value(|p| p.country.clone())
                            locale=locale.get()
                            name=name
                            email=email
                            phone=phone
                            submitting=submitting
                            network_failed=network_failed
                            announce=announce
                            on_submit=submit
                        />
                    }
                    .into_any()
                }
                Step::Done(booking) => {
                    let chosen = service.get().expect("a service was booked");
                    let with_staff = with_staff(&booking.booking.staff);
                    match slot.get() {
                        Some((date, _)) => view! {
                            <Confirmation booking=*booking service=chosen date=date with_staff locale=locale.get().tag().to_owned() texts=t() />
                        }
                        .into_any(),
                        None => ().into_any(),
                    }
                }
            };
            view! {
                <header class="ct-head">
                    <h2 class="ct-title">{p.with_value(|p| p.name.clone())}</h2>
                </header>
                {move || notice.get().map(|n| view! { <p class="ct-notice" data-testid="notice">{n}</p> })}
                {current}
            }
            .into_any()
        }
    }
    };

    view! {
        <style>{STYLE}</style>
        <section class="ct" data-testid="chairtime" node_ref=root lang=move || locale.get().tag()>
            <p class="ct-sr" role="status" aria-live="polite" data-testid="announce">{move || announce.get()}</p>
            {body}
        </section>
    }
}
