use leptos::prelude::*;
use shared::api::ClientWire;
use shared::client::ClientDetails;
use shared::Locale;

/// The client's name and contact details, validated as they type with the same rules as the edge.
///
/// - `country`: the salon's country, for national phone numbers.
/// - `locale`: the language of the messages.
/// - `submitting`: true while the booking request is in flight.
/// - `on_submit`: called with valid details.
#[component]
pub fn DetailsForm(
    country: String,
    locale: Locale,
    submitting: RwSignal<bool>,
    on_submit: Callback<ClientWire>,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    let wire = move || ClientWire {
        name: name.get(),
        email: Some(email.get()),
        phone: Some(phone.get()),
    };
    let problems = {
        let country = country.clone();
        Memo::new(move |_| {
            ClientDetails::parse(&wire(), &country)
                .err()
                .map(|p| p.render(locale))
                .unwrap_or_default()
        })
    };
    let message = move |field: &'static str| {
        move || {
            tried
                .get()
                .then(|| problems.with(|p| p.get(field).map(|e| e.message.clone())))
                .flatten()
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        if problems.with(|p| p.is_empty()) && !submitting.get_untracked() {
            on_submit.run(wire());
        }
    };
    view! {
        <form class="ct-form" data-testid="details" novalidate on:submit=submit>
            <label class="ct-label">"Name"
                <input class="ct-input" data-testid="name" autocomplete="name" prop:value=name on:input=move |ev| name.set(event_target_value(&ev)) />
            </label>
            <p class="ct-field-error" data-testid="name-error">{message("client.name")}</p>
            <label class="ct-label">"Email"
                <input class="ct-input" data-testid="email" type="email" autocomplete="email" prop:value=email on:input=move |ev| email.set(event_target_value(&ev)) />
            </label>
            <p class="ct-field-error" data-testid="email-error">{message("client.email")}</p>
            <label class="ct-label">"Phone"
                <input class="ct-input" data-testid="phone" type="tel" autocomplete="tel" prop:value=phone on:input=move |ev| phone.set(event_target_value(&ev)) />
            </label>
            <p class="ct-field-error" data-testid="phone-error">{message("client.phone")}</p>
            <button class="ct-primary" data-testid="book" type="submit" disabled=move || submitting.get()>
                {move || if submitting.get() { "Booking…" } else { "Book" }}
            </button>
        </form>
    }
}
