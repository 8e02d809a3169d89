//! The booking flow: service → time → details → confirmation.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::{
    AvailabilityWire, BookingCreated, BookingRequestWire, ClientWire, SalonProfile, ServiceProfile,
    SlotWire,
};
use shared::Locale;

use crate::api::{self, ApiFailure};
use crate::components::{Confirmation, DetailsForm, ServiceList, SlotPicker};
use crate::Options;

/// Where the client is in the flow.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Services,
    Times {
        service: ServiceProfile,
    },
    Details {
        service: ServiceProfile,
        date: String,
        slot: SlotWire,
    },
    Done {
        booking: Box<BookingCreated>,
        service: ServiceProfile,
        date: String,
    },
}

const STYLE: &str = include_str!("style.css");

/// The whole widget for one salon.
#[component]
pub fn App(options: Options) -> impl IntoView {
    let Options { salon, api: base } = options;
    let profile: RwSignal<Option<Result<SalonProfile, ApiFailure>>> = RwSignal::new(None);
    let availability: RwSignal<Option<Result<AvailabilityWire, ApiFailure>>> = RwSignal::new(None);
    let step = RwSignal::new(Step::Services);
    let notice: RwSignal<Option<String>> = RwSignal::new(None);
    let submitting = RwSignal::new(false);
    // One key per attempt at one slot, so a retried request can never book twice.
    let idempotency_key = RwSignal::new(api::new_idempotency_key());

    let profile_url = format!("{base}/v1/salons/{salon}");
    spawn_local(async move {
        profile.set(Some(api::get(&profile_url).await));
    });

    let load_times = {
        let (base, salon) = (base.clone(), salon.clone());
        move |service: &ServiceProfile| {
            availability.set(None);
            let url = format!(
                "{base}/v1/salons/{salon}/availability?service={}&staff=any&days=7",
                service.key
            );
            spawn_local(async move {
                availability.set(Some(api::get(&url).await));
            });
        }
    };

    let choose_service = {
        let load_times = load_times.clone();
        Callback::new(move |service: ServiceProfile| {
            load_times(&service);
            notice.set(None);
            step.set(Step::Times { service });
        })
    };

    let choose_slot = Callback::new(move |(date, slot): (String, SlotWire)| {
        if let Step::Times { service } = step.get_untracked() {
            idempotency_key.set(api::new_idempotency_key());
            notice.set(None);
            step.set(Step::Details {
                service,
                date,
                slot,
            });
        }
    });

    let submit = {
        let (base, salon) = (base.clone(), salon.clone());
        let load_times = load_times.clone();
        Callback::new(move |client: ClientWire| {
            let Step::Details {
                service,
                date,
                slot,
            } = step.get_untracked()
            else {
                return;
            };
            let body = BookingRequestWire {
                service: service.key.clone(),
                staff: "any".to_owned(),
                start: slot.start.clone(),
                client,
                notes: None,
            };
            let url = format!("{base}/v1/salons/{salon}/bookings");
            let key = idempotency_key.get_untracked();
            let load_times = load_times.clone();
            submitting.set(true);
            notice.set(None);
            spawn_local(async move {
                let result: Result<BookingCreated, ApiFailure> = api::post(&url, &body, &key).await;
                submitting.set(false);
                match result {
                    Ok(booking) => step.set(Step::Done {
                        booking: Box::new(booking),
                        service,
                        date,
                    }),
                    Err(failure) if failure.code() == Some("slot_unavailable") => {
                        notice.set(Some(
                            "That time was just taken. Here are the times still free.".to_owned(),
                        ));
                        load_times(&service);
                        step.set(Step::Times { service });
                    }
                    Err(ApiFailure::Api { body, .. }) => notice.set(Some(body.error.message)),
                    Err(_) => notice.set(Some(
                        "We could not reach the salon. Please check your connection and try again."
                            .to_owned(),
                    )),
                }
            });
        })
    };

    let back = move |_| {
        notice.set(None);
        match step.get_untracked() {
            Step::Details { service, .. } => step.set(Step::Times { service }),
            _ => step.set(Step::Services),
        }
    };

    view! {
        <style>{STYLE}</style>
        <section class="ct" data-testid="chairtime" aria-live="polite">
            {move || match profile.get() {
                None => view! { <div class="ct-skeleton" data-testid="loading" aria-busy="true"></div> }.into_any(),
                Some(Err(_)) => view! {
                    <p class="ct-error" data-testid="load-error">"This booking page could not be loaded."</p>
                }.into_any(),
                Some(Ok(p)) => {
                    let locale = p.locale.clone();
                    let lang = Locale::from_tag(&locale);
                    let currency = p.currency.clone();
                    let country = p.country.clone();
                    let services = p.services.clone();
                    let name = p.name.clone();
                    view! {
                        <header class="ct-head">
                            <h2 class="ct-title">{name}</h2>
                        </header>
                        {move || notice.get().map(|n| view! { <p class="ct-notice" role="alert" data-testid="notice">{n}</p> })}
                        {
                            let (locale, currency, country, services) = (locale.clone(), currency.clone(), country.clone(), services.clone());
                            move || match step.get() {
                                Step::Services => view! {
                                    <ServiceList services=services.clone() currency=currency.clone() locale=locale.clone() on_select=choose_service />
                                }.into_any(),
                                Step::Times { service } => view! {
                                    <button class="ct-back" data-testid="back" on:click=back>"← Back"</button>
                                    <h3 class="ct-step">{service.name.clone()}</h3>
                                    {
                                        let locale = locale.clone();
                                        move || match availability.get() {
                                            None => view! { <div class="ct-skeleton" data-testid="loading" aria-busy="true"></div> }.into_any(),
                                            Some(Err(_)) => view! { <p class="ct-error">"Times could not be loaded."</p> }.into_any(),
                                            Some(Ok(a)) => view! { <SlotPicker days=a.days locale=locale.clone() on_select=choose_slot /> }.into_any(),
                                        }
                                    }
                                }.into_any(),
                                Step::Details { service, date, slot } => view! {
                                    <button class="ct-back" data-testid="back" on:click=back>"← Back"</button>
                                    <h3 class="ct-step">{format!("{} · {} {}", service.name, crate::format::long_date(&date, &locale), slot.time)}</h3>
                                    <DetailsForm country=country.clone() locale=lang submitting=submitting on_submit=submit />
                                }.into_any(),
                                Step::Done { booking, service, date } => {
                                    let booking: BookingCreated = *booking;
                                    view! { <Confirmation booking=booking service=service date=date locale=locale.clone() /> }.into_any()
                                }
                            }
                        }
                    }.into_any()
                }
            }}
        </section>
    }
}
