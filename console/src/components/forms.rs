use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::{BlockRequest, ClientWire, OwnerBookingRequest};
use shared::client::{ClientName, Email, Notes, Phone};
use shared::date::CalendarDate;
use shared::paths::ApiPath;
use shared::Locale;

use super::booking_dialog::{start_of, OverrideBox};
use super::Problem;
use crate::api::{self, ApiFailure};
use crate::state::{Console, Salon};
use crate::texts::TEXTS;
use crate::timeline::hhmm;

/// The client fields' problems by JSON path (`client.name`, …), with the API's messages: the same
/// parsers as the edge, so the form says what the API would.
fn client_problems(
    name: &str,
    email: &str,
    phone: &str,
    notes: &str,
    country: &str,
) -> BTreeMap<&'static str, String> {
    let en = Locale::En;
    let mut problems = BTreeMap::new();
    if let Err(p) = ClientName::parse(name) {
        problems.insert("client.name", p.message(en));
    }
    if !email.trim().is_empty() {
        if let Err(p) = Email::parse(email) {
            problems.insert("client.email", p.message(en));
        }
    }
    if !phone.trim().is_empty() {
        if let Err(p) = Phone::parse(phone, country) {
            problems.insert("client.phone", p.message(en));
        }
    }
    if let Err(p) = Notes::parse(notes) {
        problems.insert("notes", p.message(en));
    }
    problems
}

/// One labelled input with its error underneath, tied together for screen readers.
#[component]
fn Field(
    id: &'static str,
    label: &'static str,
    #[prop(optional)] kind: &'static str,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional)] autofocus: bool,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    on_leave: Callback<()>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <label class="ct-label" for=id>{label}{required.then_some(view! { <span aria-hidden="true">" *"</span> })}</label>
        <input id=id class="ct-input" type=if kind.is_empty() { "text" } else { kind }
            autocomplete=if autocomplete.is_empty() { "off" } else { autocomplete }
            required=required autofocus=autofocus
            aria-invalid=move || error.with(Option::is_some).to_string() aria-describedby=error_id.clone()
            prop:value=value on:input=move |ev| value.set(event_target_value(&ev)) on:blur=move |_| on_leave.run(()) />
        <p id=error_id class="ct-field-error">{move || error.get()}</p>
    }
}

/// A booking the salon makes for a walk-in or phone client: service, staff and time prefilled from
/// where the owner tapped; a name is required, an email or phone optional (without either the client
/// hears nothing). Errors show once a field was left or the form sent, with `shared`'s messages;
/// the API's refusals (a taken time, a field it rejects) show as it words them.
///
/// - `date`, `minutes`: the prefilled local date and time.
/// - `staff`: the prefilled staff member's key.
/// - `on_done`: booked; the calendar reloads and the dialog closes.
#[component]
pub fn NewBookingForm(
    console: Console,
    salon: StoredValue<Salon>,
    date: CalendarDate,
    minutes: u16,
    staff: String,
    on_done: Callback<()>,
) -> impl IntoView {
    let (slug, country, zone_name) = salon.with_value(|s| {
        (
            s.profile.slug.clone(),
            s.profile.country.clone(),
            s.zone().to_owned(),
        )
    });
    let own = console.own_staff(&slug);
    let staff_choices = salon.with_value(|s| {
        s.profile
            .staff
            .iter()
            .filter(|m| own.as_ref().is_none_or(|o| *o == m.key))
            .map(|m| (m.key.clone(), m.name.clone(), m.services.clone()))
            .collect::<Vec<_>>()
    });
    let staff = RwSignal::new(staff);
    let staff_choices = StoredValue::new(staff_choices);
    let first_service = {
        let staff = staff.get_untracked();
        staff_choices.with_value(|c| {
            c.iter()
                .find(|(k, _, _)| *k == staff)
                .and_then(|(_, _, services)| services.first().cloned())
                .unwrap_or_default()
        })
    };
    let service = RwSignal::new(first_service);
    let date = RwSignal::new(date.to_string());
    let time = RwSignal::new(hhmm(minutes));
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let notes = RwSignal::new(String::new());
    let override_rules = RwSignal::new(false);
    let touched = RwSignal::new([false; 4]);
    let tried = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let from_api = RwSignal::new(BTreeMap::<String, String>::new());
    let key = StoredValue::new(api::new_idempotency_key());
    Effect::new(move |_| {
        for text in [service, staff, date, time, name, email, phone, notes] {
            text.track();
        }
        override_rules.track();
        key.set_value(api::new_idempotency_key());
        from_api.set(BTreeMap::new());
    });
    let problems = {
        let country = country.clone();
        Memo::new(move |_| {
            client_problems(
                &name.get(),
                &email.get(),
                &phone.get(),
                &notes.get(),
                &country,
            )
        })
    };
    let error = move |path: &'static str, index: usize| {
        Signal::derive(move || {
            from_api.with(|m| m.get(path).cloned()).or_else(|| {
                (tried.get() || touched.get()[index])
                    .then(|| problems.with(|p| p.get(path).cloned()))
                    .flatten()
            })
        })
    };
    let leave = move |index: usize| Callback::new(move |_| touched.update(|t| t[index] = true));
    // Services the chosen person performs.
    let services = move || {
        let chosen = staff.get();
        let performs = staff_choices.with_value(|c| {
            c.iter()
                .find(|(k, _, _)| *k == chosen)
                .map(|(_, _, s)| s.clone())
                .unwrap_or_default()
        });
        salon.with_value(|s| {
            s.profile
                .services
                .iter()
                .filter(|svc| performs.contains(&svc.key))
                .map(|svc| (svc.key.clone(), svc.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    let url = ApiPath::AdminBookings { slug: &slug }.to_string();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        if busy.get_untracked() {
            return;
        }
        let count = problems.with_untracked(BTreeMap::len);
        if count > 0 {
            console.announce.set(if count == 1 {
                TEXTS.check_one.to_owned()
            } else {
                TEXTS.check_many.replace("{n}", &count.to_string())
            });
            request_animation_frame(|| {
                if let Ok(Some(field)) = document().query_selector("dialog [aria-invalid=true]") {
                    use wasm_bindgen::JsCast;
                    let _ = field.unchecked_into::<web_sys::HtmlElement>().focus();
                }
            });
            return;
        }
        let Some(start) = start_of(&zone_name, &date.get_untracked(), &time.get_untracked()) else {
            problem.set(Some(TEXTS.date_time_needed.to_owned()));
            return;
        };
        let optional = |s: RwSignal<String>| {
            let v = s.get_untracked().trim().to_owned();
            (!v.is_empty()).then_some(v)
        };
        let body = OwnerBookingRequest {
            service: service.get_untracked(),
            staff: staff.get_untracked(),
            start,
            client: ClientWire {
                name: name.get_untracked().trim().to_owned(),
                email: optional(email),
                phone: optional(phone),
            },
            notes: optional(notes),
            override_rules: override_rules.get_untracked(),
            silent: false,
        };
        let url = url.clone();
        let key = key.get_value();
        busy.set(true);
        problem.set(None);
        spawn_local(async move {
            let result = api::act_with_key("POST", &url, &body, &key).await;
            busy.set(false);
            match result {
                Ok(()) => {
                    console.announce.set(TEXTS.booked.to_owned());
                    on_done.run(());
                }
                Err(e) => {
                    console.check(&e);
                    if let ApiFailure::Api { body, .. } = &e {
                        if let Some(fields) = &body.error.fields {
                            from_api.set(
                                fields
                                    .iter()
                                    .map(|(k, v)| (k.clone(), v.message.clone()))
                                    .collect(),
                            );
                        }
                    }
                    let m = e.message();
                    console.announce.set(m.clone());
                    problem.set(Some(m));
                }
            }
        });
    };
    view! {
        <form class="ct-form" novalidate on:submit=submit data-testid="new-booking-form">
            <Problem message=problem />
            <Field id="ct-new-name" label=TEXTS.client_name autocomplete="off" required=true autofocus=true
                value=name error=error("client.name", 0) on_leave=leave(0) />
            <Field id="ct-new-email" label=TEXTS.email kind="email" value=email error=error("client.email", 1) on_leave=leave(1) />
            <Field id="ct-new-phone" label=TEXTS.phone kind="tel" value=phone error=error("client.phone", 2) on_leave=leave(2) />
            <p class="ct-hint">{TEXTS.contact_optional}</p>
            <label class="ct-label" for="ct-new-staff">{TEXTS.staff}</label>
            <select id="ct-new-staff" class="ct-input" on:change=move |ev| {
                staff.set(event_target_value(&ev));
                let first = services().first().map(|(k, _)| k.clone()).unwrap_or_default();
                service.set(first);
            }>
                {staff_choices.get_value().into_iter().map(|(k, n, _)| {
                    let selected = staff.get_untracked() == k;
                    view! { <option value=k selected=selected>{n}</option> }
                }).collect_view()}
            </select>
            <label class="ct-label" for="ct-new-service">{TEXTS.service}</label>
            <select id="ct-new-service" class="ct-input" on:change=move |ev| service.set(event_target_value(&ev))>
                {move || services().into_iter().map(|(k, n)| {
                    let selected = service.get_untracked() == k;
                    view! { <option value=k selected=selected>{n}</option> }
                }).collect_view()}
            </select>
            <div class="ct-row2">
                <div>
                    <label class="ct-label" for="ct-new-date">{TEXTS.date}</label>
                    <input id="ct-new-date" class="ct-input" type="date" required prop:value=date on:input=move |ev| date.set(event_target_value(&ev)) />
                </div>
                <div>
                    <label class="ct-label" for="ct-new-time">{TEXTS.time}</label>
                    <input id="ct-new-time" class="ct-input" type="time" step="300" required prop:value=time on:input=move |ev| time.set(event_target_value(&ev)) />
                </div>
            </div>
            <label class="ct-label" for="ct-new-notes">{TEXTS.notes}</label>
            <textarea id="ct-new-notes" class="ct-input" rows="2" aria-describedby="ct-new-notes-error"
                prop:value=notes on:input=move |ev| notes.set(event_target_value(&ev)) on:blur=move |_| touched.update(|t| t[3] = true)></textarea>
            <p id="ct-new-notes-error" class="ct-field-error">{move || error("notes", 3).get()}</p>
            <OverrideBox id="ct-new-override" value=override_rules />
            <button type="submit" class="ct-primary" aria-disabled=move || busy.get().to_string()>
                {move || if busy.get() { TEXTS.saving } else { TEXTS.book }}
            </button>
        </form>
    }
}

/// Blocking time for a staff member: gone from availability at once. The block lies within one day.
///
/// - `date`, `minutes`: the prefilled day and start.
/// - `staff`: the prefilled staff member.
/// - `on_done`: blocked; the calendar reloads and the dialog closes.
#[component]
pub fn BlockForm(
    console: Console,
    salon: StoredValue<Salon>,
    date: CalendarDate,
    minutes: u16,
    staff: String,
    on_done: Callback<()>,
) -> impl IntoView {
    let slug = salon.with_value(|s| s.profile.slug.clone());
    let zone_name = salon.with_value(|s| s.zone().to_owned());
    let own = console.own_staff(&slug);
    let choices = salon.with_value(|s| {
        s.profile
            .staff
            .iter()
            .filter(|m| own.as_ref().is_none_or(|o| *o == m.key))
            .map(|m| (m.key.clone(), m.name.clone()))
            .collect::<Vec<_>>()
    });
    let staff = RwSignal::new(staff);
    let date = RwSignal::new(date.to_string());
    let from = RwSignal::new(hhmm(minutes));
    let to = RwSignal::new(hhmm((minutes + 60).min(23 * 60 + 55)));
    let note = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let url = ApiPath::AdminBlocks { slug: &slug }.to_string();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let day = date.get_untracked();
        let (Some(start), Some(end)) = (
            start_of(&zone_name, &day, &from.get_untracked()),
            start_of(&zone_name, &day, &to.get_untracked()),
        ) else {
            problem.set(Some(TEXTS.date_time_needed.to_owned()));
            return;
        };
        if to.get_untracked() <= from.get_untracked() {
            problem.set(Some(TEXTS.end_after_start.to_owned()));
            return;
        }
        let text = note.get_untracked().trim().to_owned();
        let body = BlockRequest {
            staff: staff.get_untracked(),
            start,
            end,
            note: (!text.is_empty()).then_some(text),
        };
        let url = url.clone();
        busy.set(true);
        problem.set(None);
        spawn_local(async move {
            let result = api::act("POST", &url, Some(&body)).await;
            busy.set(false);
            match result {
                Ok(()) => {
                    console.announce.set(TEXTS.blocked.to_owned());
                    on_done.run(());
                }
                Err(e) => {
                    console.check(&e);
                    let m = e.message();
                    console.announce.set(m.clone());
                    problem.set(Some(m));
                }
            }
        });
    };
    view! {
        <form class="ct-form" on:submit=submit data-testid="block-form">
            <Problem message=problem />
            <label class="ct-label" for="ct-block-staff">{TEXTS.staff}</label>
            <select id="ct-block-staff" class="ct-input" autofocus on:change=move |ev| staff.set(event_target_value(&ev))>
                {choices.into_iter().map(|(k, n)| {
                    let selected = staff.get_untracked() == k;
                    view! { <option value=k selected=selected>{n}</option> }
                }).collect_view()}
            </select>
            <label class="ct-label" for="ct-block-date">{TEXTS.date}</label>
            <input id="ct-block-date" class="ct-input" type="date" required prop:value=date on:input=move |ev| date.set(event_target_value(&ev)) />
            <div class="ct-row2">
                <div>
                    <label class="ct-label" for="ct-block-from">{TEXTS.from}</label>
                    <input id="ct-block-from" class="ct-input" type="time" step="300" required prop:value=from on:input=move |ev| from.set(event_target_value(&ev)) />
                </div>
                <div>
                    <label class="ct-label" for="ct-block-to">{TEXTS.to}</label>
                    <input id="ct-block-to" class="ct-input" type="time" step="300" required prop:value=to on:input=move |ev| to.set(event_target_value(&ev)) />
                </div>
            </div>
            <label class="ct-label" for="ct-block-note">{TEXTS.block_note}</label>
            <input id="ct-block-note" class="ct-input" type="text" maxlength="200" prop:value=note on:input=move |ev| note.set(event_target_value(&ev)) />
            <button type="submit" class="ct-primary" aria-disabled=move || busy.get().to_string()>
                {move || if busy.get() { TEXTS.saving } else { TEXTS.block_save }}
            </button>
        </form>
    }
}
