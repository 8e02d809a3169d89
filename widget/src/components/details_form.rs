use leptos::prelude::*;
use shared::api::ClientWire;
use shared::client::ClientDetails;
use shared::Locale;
use wasm_bindgen::JsCast;

use crate::texts::texts;

/// The client's name and contact details, validated as they type with the same rules and messages as
/// the edge. Errors show once a field was left or the form submitted, and are tied to their field.
///
/// - `country`: the salon's country, for national phone numbers.
/// - `locale`: the language of labels and messages.
/// - `name`, `email`, `phone`: kept by the flow, so going back and forth keeps them.
/// - `submitting`: true while the booking request is in flight.
/// - `network_failed`: the last attempt got no answer; a "Try again" button submits the form again.
/// - `announce`: the live region; an invalid submit says there how many fields need attention.
/// - `on_submit`: called with valid details.
#[component]
pub fn DetailsForm(
    country: String,
    locale: Locale,
    name: RwSignal<String>,
    email: RwSignal<String>,
    phone: RwSignal<String>,
    submitting: RwSignal<bool>,
    network_failed: RwSignal<bool>,
    announce: RwSignal<String>,
    on_submit: Callback<ClientWire>,
) -> impl IntoView {
    let t = texts(locale);
    let touched = RwSignal::new([false; 3]);
    let tried = RwSignal::new(false);
    let wire = move || ClientWire {
        name: name.get(),
        email: Some(email.get()),
        phone: Some(phone.get()),
    };
    let problems = Memo::new(move |_| {
        ClientDetails::parse(&wire(), &country)
            .err()
            .unwrap_or_default()
    });
    let message = move |field: &'static str, index: usize| {
        move || {
            (tried.get() || touched.get()[index])
                .then(|| {
                    problems.with(|p| p.0.get(field).map(|e| e.to_field_error(locale).message))
                })
                .flatten()
        }
    };
    let invalid = move |field: &'static str, index: usize| {
        move || {
            let shown =
                (tried.get() || touched.get()[index]) && problems.with(|p| p.0.contains_key(field));
            if shown {
                "true"
            } else {
                "false"
            }
        }
    };
    let leave = move |index: usize| move |_| touched.update(|t| t[index] = true);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        let count = problems.with(|p| p.0.len());
        if count == 0 {
            if !submitting.get_untracked() {
                on_submit.run(wire());
            }
            return;
        }
        announce.set(if count == 1 {
            t.check_one.to_owned()
        } else {
            t.check_many.replace("{n}", &count.to_string())
        });
        // The fields' `aria-invalid` is updated when the reactive system next runs, before the next
        // frame; focusing the first field marked then follows exactly what the client sees.
        if let Some(form) = ev.target() {
            let form = form.unchecked_into::<web_sys::Element>();
            request_animation_frame(move || {
                if let Ok(Some(field)) = form.query_selector("[aria-invalid=true]") {
                    let _ = field.unchecked_into::<web_sys::HtmlElement>().focus();
                }
            });
        }
    };
    view! {
        <form class="ct-form" data-testid="details" novalidate on:submit=submit>
            <label class="ct-label" for="ct-name">{t.name}</label>
            <input id="ct-name" class="ct-input" data-testid="name" autocomplete="name" required
                aria-invalid=invalid("client.name", 0) aria-describedby="ct-name-error"
                prop:value=name on:input=move |ev| name.set(event_target_value(&ev)) on:blur=leave(0) />
            <p id="ct-name-error" class="ct-field-error" data-testid="name-error">{message("client.name", 0)}</p>
            <p class="ct-hint" id="ct-contact-hint">{t.contact_hint}</p>
            <label class="ct-label" for="ct-email">{t.email}</label>
            <input id="ct-email" class="ct-input" data-testid="email" type="email" autocomplete="email" inputmode="email"
                aria-invalid=invalid("client.email", 1) aria-describedby="ct-email-error ct-contact-hint"
                prop:value=email on:input=move |ev| email.set(event_target_value(&ev)) on:blur=leave(1) />
            <p id="ct-email-error" class="ct-field-error" data-testid="email-error">{message("client.email", 1)}</p>
            <label class="ct-label" for="ct-phone">{t.phone}</label>
            <input id="ct-phone" class="ct-input" data-testid="phone" type="tel" autocomplete="tel" inputmode="tel"
                aria-invalid=invalid("client.phone", 2) aria-describedby="ct-phone-error ct-contact-hint"
                prop:value=phone on:input=move |ev| phone.set(event_target_value(&ev)) on:blur=leave(2) />
            <p id="ct-phone-error" class="ct-field-error" data-testid="phone-error">{message("client.phone", 2)}</p>
            <button class="ct-primary" data-testid="book" type="submit" aria-disabled=move || if submitting.get() { "true" } else { "false" }>
                {move || if submitting.get() { t.booking } else { t.book }}
            </button>
            <Show when=move || network_failed.get()>
                <button type="submit" class="ct-secondary" data-testid="retry">{t.retry}</button>
            </Show>
        </form>
    }
}
