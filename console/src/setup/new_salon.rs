//! `/console/new`: a signed-in user's new salon, from the starter configuration. The address (slug)
//! follows the name until edited and is checked while typed; the zone, country, currency and
//! language are guessed from the browser.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::{MeWire, MembershipWire, NewSalonRequest, SlugWire};
use shared::config::SalonConfigWire;
use shared::keys::Slug;
use shared::paths::ApiPath;

use super::editor::{blank, problems_of};
use super::settings::{key_from, zone_names};
use super::words as w;
use crate::api::{self, ApiFailure};
use crate::components::{Heading, Problem};
use crate::route::Page;
use crate::state::Console;

/// The browser's time zone, country, currency and language, as a starting point.
fn guesses() -> (String, String, String, String) {
    let zone = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new())
        .resolved_options();
    let zone = js_sys::Reflect::get(&zone, &"timeZone".into())
        .ok()
        .and_then(|z| z.as_string())
        .unwrap_or_else(|| "Europe/London".to_owned());
    let language = web_sys::window()
        .and_then(|w| w.navigator().language())
        .unwrap_or_else(|| "en-GB".to_owned());
    let (locale, country) = guess_from_language(&language);
    let currency = currency_of(&country).to_owned();
    (zone, country, currency, locale)
}

/// `fr-FR` → (`fr`, `FR`); a language Chairtime does not write falls back to English.
pub fn guess_from_language(tag: &str) -> (String, String) {
    let mut parts = tag.split(['-', '_']);
    let language = parts.next().unwrap_or("en").to_ascii_lowercase();
    let region = parts
        .find(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_alphabetic()))
        .map(str::to_ascii_uppercase);
    let locale = if ["en", "fr", "es", "de"].contains(&language.as_str()) {
        language.clone()
    } else {
        "en".to_owned()
    };
    let country = region.unwrap_or_else(|| match language.as_str() {
        "fr" => "FR".to_owned(),
        "de" => "DE".to_owned(),
        "es" => "ES".to_owned(),
        _ => "GB".to_owned(),
    });
    (locale, country)
}

/// The currency most salons of `country` price in.
pub fn currency_of(country: &str) -> &'static str {
    match country {
        "US" => "USD",
        "GB" => "GBP",
        "CA" => "CAD",
        "AU" => "AUD",
        "NZ" => "NZD",
        "CH" => "CHF",
        "SE" => "SEK",
        "NO" => "NOK",
        "DK" => "DKK",
        "PL" => "PLN",
        "MX" => "MXN",
        "IE" | "FR" | "DE" | "ES" | "IT" | "PT" | "BE" | "NL" | "LU" | "AT" | "FI" | "GR" => "EUR",
        _ => "EUR",
    }
}

/// The new salon form.
#[component]
pub fn NewSalonScreen(console: Console) -> impl IntoView {
    let (zone, country, currency, locale) = guesses();
    let name = RwSignal::new(String::new());
    let slug = RwSignal::new(String::new());
    let slug_edited = RwSignal::new(false);
    let zone = RwSignal::new(zone);
    let country = RwSignal::new(country);
    let currency = RwSignal::new(currency);
    let locale = RwSignal::new(locale);
    let available = RwSignal::new(None::<bool>);
    let busy = RwSignal::new(false);
    let tried = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let from_api = RwSignal::new(BTreeMap::<String, String>::new());
    let request = move || NewSalonRequest {
        slug: slug.get(),
        name: name.get(),
        timezone: zone.get(),
        currency: currency.get(),
        country: country.get(),
        locale: locale.get(),
    };
    let problems = Memo::new(move |_| {
        let r = request();
        let wire = SalonConfigWire {
            name: r.name,
            timezone: r.timezone,
            currency: r.currency,
            country: r.country,
            locale: r.locale,
            ..blank()
        };
        let mut problems = problems_of(&wire);
        if Slug::parse(&r.slug).is_err() {
            problems.insert(
                "slug".to_owned(),
                shared::config::ConfigIssue::InvalidSlug.message(shared::Locale::En),
            );
        }
        problems
    });
    // The address follows the name until the owner edits it.
    Effect::new(move |_| {
        let n = name.get();
        if !slug_edited.get_untracked() {
            slug.set(key_from(&n, &[], ""));
        }
    });
    // Whether the address is free, asked a moment after typing stops.
    let asked = StoredValue::new(0u32);
    Effect::new(move |_| {
        let s = slug.get();
        available.set(None);
        asked.update_value(|n| *n += 1);
        let mine = asked.get_value();
        if Slug::parse(&s).is_err() {
            return;
        }
        set_timeout(
            move || {
                if asked.get_value() != mine {
                    return;
                }
                spawn_local(async move {
                    let url = ApiPath::Slug { slug: &s }.to_string();
                    if let Ok((answer, _)) = api::get_versioned::<SlugWire>(&url).await {
                        if asked.get_value() == mine {
                            available.set(Some(answer.available));
                        }
                    }
                });
            },
            std::time::Duration::from_millis(300),
        );
    });
    // Problems show once a creation was tried; the address's as soon as something is typed in it.
    let error = move |path: &str| {
        let shown = tried.get() || (path == "slug" && !slug.with(String::is_empty));
        if !shown {
            return None;
        }
        from_api
            .with(|f| f.get(path).cloned())
            .or_else(|| problems.with(|p| p.get(path).cloned()))
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        tried.set(true);
        if !problems.with_untracked(BTreeMap::is_empty) || available.get_untracked() == Some(false)
        {
            console.announce.set(w::ONE_PROBLEM.to_owned());
            return;
        }
        busy.set(true);
        problem.set(None);
        let body = request();
        spawn_local(async move {
            let answer = api::send_serde::<_, MembershipWire>(
                "POST",
                &ApiPath::Salons.to_string(),
                Some(&body),
                None,
            )
            .await;
            match answer {
                Ok((made, _)) => {
                    let me = api::get_versioned::<MeWire>(&ApiPath::Me.to_string()).await;
                    console.me.set(Some(me.map(|(me, _)| me)));
                    console.go(Page::Setup { salon: made.salon });
                }
                Err(e) => {
                    busy.set(false);
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
                    if e.code() == Some("slug_taken") {
                        available.set(Some(false));
                    }
                    console.announce.set(e.message());
                    problem.set(Some(e.message()));
                }
            }
        });
    };
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let field = move |id: &'static str,
                      label: &'static str,
                      value: RwSignal<String>,
                      kind: &'static str| {
        view! {
            <label class="ct-label" for=id>{label}<span aria-hidden="true">" *"</span></label>
            <input id=id class="ct-input" type=kind required autocomplete="off"
                aria-invalid=move || error(id).is_some().to_string() aria-describedby=format!("{id}-error")
                prop:value=value on:input=move |ev| value.set(event_target_value(&ev)) />
            <p id=format!("{id}-error") class="ct-field-error">{move || error(id)}</p>
        }
    };
    let zones = zone_names();
    view! {
        <main id="main" class="ct-main ct-narrow">
            <p class="ct-brand">"Chairtime"</p>
            <Heading console text=w::NEW_SALON.to_owned() />
            <p class="ct-sub">{w::NEW_SALON_HINT}</p>
            <Problem message=problem />
            <form class="ct-form" novalidate on:submit=submit data-testid="new-salon">
                {field("name", w::SALON_NAME, name, "text")}
                <label class="ct-label" for="slug">{w::SLUG}</label>
                <p class="ct-hint" id="slug-hint">{move || w::SLUG_HINT.replace("{origin}", &origin).replace("{slug}", &slug.get())}</p>
                <input id="slug" class="ct-input" type="text" autocomplete="off" autocapitalize="none" spellcheck="false"
                    aria-invalid=move || (error("slug").is_some() || available.get() == Some(false)).to_string()
                    aria-describedby="slug-hint slug-error"
                    prop:value=slug on:input=move |ev| { slug_edited.set(true); slug.set(event_target_value(&ev).to_ascii_lowercase()) } />
                <p id="slug-error" class="ct-field-error" data-testid="slug-state">{move || match (error("slug"), available.get()) {
                    (Some(e), _) => Some(e),
                    (None, Some(false)) => Some(w::SLUG_TAKEN.to_owned()),
                    _ => None,
                }}</p>
                {move || (available.get() == Some(true) && error("slug").is_none()).then(|| view! { <p class="ct-hint" data-testid="slug-free">{w::SLUG_FREE}</p> })}
                <label class="ct-label" for="timezone">{w::TIMEZONE}</label>
                <select id="timezone" class="ct-input" prop:value=zone on:change=move |ev| zone.set(event_target_value(&ev))>
                    {zones.into_iter().map(|z| {
                        let v = z.clone();
                        view! { <option value=z.clone() selected=move || zone.get() == v>{z.replace('_', " ")}</option> }
                    }).collect_view()}
                </select>
                <p class="ct-field-error">{move || error("timezone")}</p>
                <div class="ct-row2">
                    <div>{field("country", w::COUNTRY, country, "text")}</div>
                    <div>{field("currency", w::CURRENCY, currency, "text")}</div>
                </div>
                <label class="ct-label" for="locale">{w::LANGUAGE}</label>
                <select id="locale" class="ct-input" prop:value=locale on:change=move |ev| locale.set(event_target_value(&ev))>
                    {w::LANGUAGES.map(|(v, t)| view! {
                        <option value=v selected=move || locale.get() == v>{t}</option>
                    }).into_iter().collect_view()}
                </select>
                <button type="submit" class="ct-primary" data-testid="create-salon" aria-disabled=move || busy.get().to_string()>
                    {move || if busy.get() { w::CREATING } else { w::CREATE }}
                </button>
            </form>
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browser_s_language_suggests_the_country_currency_and_language() {
        assert_eq!(guess_from_language("fr-FR"), ("fr".into(), "FR".into()));
        assert_eq!(guess_from_language("en-US"), ("en".into(), "US".into()));
        assert_eq!(guess_from_language("de"), ("de".into(), "DE".into()));
        assert_eq!(guess_from_language("pt-BR"), ("en".into(), "BR".into()));
        assert_eq!(
            guess_from_language("zh-Hant-TW"),
            ("en".into(), "TW".into())
        );
        assert_eq!(currency_of("US"), "USD");
        assert_eq!(currency_of("GB"), "GBP");
        assert_eq!(currency_of("FR"), "EUR");
    }
}
