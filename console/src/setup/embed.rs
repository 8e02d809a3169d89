//! `/console/{slug}/embed`: the script tag for the salon's own site in each mode, with its options,
//! a copy button, and the real widget beside it with the chosen accent and theme.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::SalonProfile;
use shared::paths::ApiPath;
use wasm_bindgen::JsCast;

use super::settings::SectionNav;
use super::words as w;
use crate::api;
use crate::components::{Heading, NavLink};
use crate::route::{Page, Section};
use crate::state::Console;

/// What the tag says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TagOptions {
    pub origin: String,
    pub salon: String,
    pub mode: String,
    pub service: String,
    pub staff: String,
    pub accent: String,
    pub theme: String,
    pub label: String,
}

/// Escapes a value for an HTML attribute in double quotes.
fn attr(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

/// The tag to paste, with only the options that differ from the widget's defaults.
pub fn tag(o: &TagOptions) -> String {
    let mut tag = format!(
        r#"<script src="{}/widget.js" data-salon="{}""#,
        attr(&o.origin),
        attr(&o.salon)
    );
    let mut add = |name: &str, value: &str, default: &str| {
        if !value.is_empty() && value != default {
            tag.push_str(&format!(r#" data-{name}="{}""#, attr(value)));
        }
    };
    add("mode", &o.mode, "inline");
    add("service", &o.service, "");
    add("staff", &o.staff, "");
    add("accent", &o.accent, "#7a3e9d");
    add("theme", &o.theme, "light");
    if o.mode == "floating" {
        add("label", &o.label, "Book now");
    }
    tag.push_str(" async></script>");
    tag
}

/// The embed page.
#[component]
pub fn EmbedScreen(console: Console, slug: String) -> impl IntoView {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let mode = RwSignal::new("inline".to_owned());
    let service = RwSignal::new(String::new());
    let staff = RwSignal::new(String::new());
    let accent = RwSignal::new("#7a3e9d".to_owned());
    let theme = RwSignal::new("light".to_owned());
    let label = RwSignal::new("Book now".to_owned());
    let copied = RwSignal::new(None::<&'static str>);
    let profile = RwSignal::new(None::<SalonProfile>);
    {
        let slug = slug.clone();
        spawn_local(async move {
            if let Ok((p, _)) =
                api::get_versioned::<SalonProfile>(&ApiPath::Salon { slug: &slug }.to_string())
                    .await
            {
                profile.set(Some(p));
            }
        });
    }
    let options = {
        let slug = slug.clone();
        Memo::new(move |_| TagOptions {
            origin: origin.clone(),
            salon: slug.clone(),
            mode: mode.get(),
            service: service.get(),
            staff: staff.get(),
            accent: accent.get(),
            theme: theme.get(),
            label: label.get(),
        })
    };
    let text = Memo::new(move |_| options.with(tag));
    let copy = move |_| {
        let value = text.get_untracked();
        spawn_local(async move {
            let clipboard = web_sys::window().map(|w| w.navigator().clipboard());
            let done = match clipboard {
                Some(c) => wasm_bindgen_futures::JsFuture::from(c.write_text(&value))
                    .await
                    .is_ok(),
                None => false,
            };
            let said = if done { w::COPIED_TAG } else { w::COPY_FAILED };
            copied.set(Some(said));
            console.announce.set(said.to_owned());
        });
    };
    let choice =
        move |name: &'static str, value: RwSignal<String>, (v, t): (&'static str, &'static str)| {
            view! {
                <label class="ct-check">
                    <input type="radio" name=name value=v prop:checked=move || value.get() == v
                        on:change=move |_| value.set(v.to_owned()) />
                    {t}
                </label>
            }
        };
    let preview = NodeRef::<leptos::html::Div>::new();
    // The preview: the real widget, mounted again when what it opens on changes; the accent and
    // theme are the host element's style, changed in place.
    let host = StoredValue::new_local(None::<web_sys::HtmlElement>);
    Effect::new(move |_| {
        let (s, st) = (service.get(), staff.get());
        let Some(container) = preview.get() else {
            return;
        };
        let element: web_sys::HtmlElement = document()
            .create_element("div")
            .expect("a div")
            .unchecked_into();
        let _ = element.set_attribute(
            "data-chairtime",
            &options.with_untracked(|o| o.salon.clone()),
        );
        container.set_inner_html("");
        let _ = container.append_child(&element);
        host.set_value(Some(element.clone()));
        let salon = options.with_untracked(|o| o.salon.clone());
        mount_widget(element, &salon, &s, &st);
    });
    Effect::new(move |_| {
        let (a, t) = (accent.get(), theme.get());
        host.with_value(|h| {
            if let Some(h) = h {
                let _ = h.set_attribute("data-theme", &t);
                let _ = h.style().set_property("--chairtime-accent", &a);
            }
        });
    });
    let service_options = move || {
        profile.get().map(|p| {
            p.services
                .into_iter()
                .map(|s| view! { <option value=s.key.clone()>{s.name}</option> })
                .collect_view()
        })
    };
    let staff_options = move || {
        profile.get().map(|p| {
            p.staff
                .into_iter()
                .map(|s| view! { <option value=s.key.clone()>{s.name}</option> })
                .collect_view()
        })
    };
    view! {
        <main id="main" class="ct-main">
            <SectionNav console slug=slug.clone() current=None />
            <Heading console text=w::EMBED.to_owned() />
            <p class="ct-sub">{w::EMBED_HINT}</p>
            <p class="ct-hint">{w::SITES_NEEDED}" "
                <NavLink console page=Page::Settings { salon: slug.clone(), section: Section::Sites } class="ct-link" text=w::SITES.to_owned() />
            </p>
            <div class="ct-form">
                <fieldset class="ct-fieldset">
                    <legend class="ct-label">{w::MODE}</legend>
                    {w::MODES.map(|m| choice("mode", mode, m)).into_iter().collect_view()}
                </fieldset>
                {move || (mode.get() == "floating").then(|| view! {
                    <label class="ct-label" for="label">{w::BUTTON_LABEL}</label>
                    <input id="label" class="ct-input" prop:value=label on:input=move |ev| label.set(event_target_value(&ev)) />
                })}
                <div class="ct-field">
                    <div class="ct-field">
                        <label class="ct-label" for="service">{w::PRESELECT_SERVICE}</label>
                        <select id="service" class="ct-input" on:change=move |ev| service.set(event_target_value(&ev))>
                            <option value="">{w::NONE_CHOSEN}</option>
                            {service_options}
                        </select>
                    </div>
                    <div class="ct-field">
                        <label class="ct-label" for="staff">{w::PRESELECT_STAFF}</label>
                        <select id="staff" class="ct-input" on:change=move |ev| staff.set(event_target_value(&ev))>
                            <option value="">{w::NONE_CHOSEN}</option>
                            <option value="any">{w::ANYONE}</option>
                            {staff_options}
                        </select>
                    </div>
                </div>
                <div class="ct-row2">
                    <div>
                        <label class="ct-label" for="accent">{w::ACCENT}</label>
                        <input id="accent" class="ct-input ct-colour" type="color" prop:value=accent
                            on:input=move |ev| accent.set(event_target_value(&ev)) />
                    </div>
                    <fieldset class="ct-fieldset">
                        <legend class="ct-label">{w::THEME}</legend>
                        {w::THEMES.map(|t| choice("theme", theme, t)).into_iter().collect_view()}
                    </fieldset>
                </div>
            </div>
            <h2 class="ct-h2">{w::TAG}</h2>
            <pre class="ct-code-block"><code data-testid="tag">{move || text.get()}</code></pre>
            {move || (mode.get() == "popup").then(|| view! {
                <p class="ct-hint">{w::POPUP_HINT}</p>
                <pre class="ct-code-block"><code>{format!("<button data-chairtime-open>{}</button>", "Book now")}</code></pre>
            })}
            <div class="ct-actions">
                <button type="button" class="ct-primary" data-testid="copy-tag" on:click=copy>{w::COPY}</button>
                <span class="ct-saved" data-testid="copied">{move || copied.get()}</span>
            </div>
            <h2 class="ct-h2">{w::PREVIEW}</h2>
            <p class="ct-hint">{w::PREVIEW_HINT}</p>
            <div class="ct-preview" data-testid="preview" node_ref=preview></div>
        </main>
    }
}

/// Mounts the booking widget into `element` through its loader (`/widget.js`, loaded once, without
/// a salon, so it only defines `Chairtime.mount`).
fn mount_widget(element: web_sys::HtmlElement, salon: &str, service: &str, staff: &str) {
    let options = js_sys::Object::new();
    let set = |k: &str, v: &str| {
        if !v.is_empty() {
            let _ = js_sys::Reflect::set(&options, &k.into(), &v.into());
        }
    };
    set("salon", salon);
    set("service", service);
    set("staff", staff);
    let mount = move || {
        let chairtime = js_sys::Reflect::get(&window(), &"Chairtime".into()).ok();
        let mount = chairtime
            .as_ref()
            .and_then(|c| js_sys::Reflect::get(c, &"mount".into()).ok())
            .and_then(|m| m.dyn_into::<js_sys::Function>().ok());
        if let (Some(c), Some(m)) = (chairtime, mount) {
            let _ = m.call2(&c, &element, &options);
        }
    };
    let loaded =
        js_sys::Reflect::get(&window(), &"Chairtime".into()).is_ok_and(|c| !c.is_undefined());
    if loaded {
        mount();
        return;
    }
    let Ok(script) = document().create_element("script") else {
        return;
    };
    let _ = script.set_attribute("src", "/widget.js");
    let onload = wasm_bindgen::closure::Closure::once_into_js(mount);
    let _ = js_sys::Reflect::set(&script, &"onload".into(), &onload);
    if let Some(head) = document().head() {
        let _ = head.append_child(&script);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(mode: &str) -> TagOptions {
        TagOptions {
            origin: "https://book.example".into(),
            salon: "fifi".into(),
            mode: mode.into(),
            accent: "#7a3e9d".into(),
            theme: "light".into(),
            label: "Book now".into(),
            ..TagOptions::default()
        }
    }

    #[test]
    fn the_tag_names_only_what_differs_from_the_defaults() {
        assert_eq!(
            tag(&options("inline")),
            r#"<script src="https://book.example/widget.js" data-salon="fifi" async></script>"#
        );
        let mut o = options("floating");
        o.accent = "#0a7d5a".into();
        o.theme = "dark".into();
        o.label = "Réserver \"vite\"".into();
        o.service = "cut".into();
        o.staff = "any".into();
        assert_eq!(
            tag(&o),
            r##"<script src="https://book.example/widget.js" data-salon="fifi" data-mode="floating" data-service="cut" data-staff="any" data-accent="#0a7d5a" data-theme="dark" data-label="Réserver &quot;vite&quot;" async></script>"##
        );
        assert!(!tag(&options("popup")).contains("data-label"));
    }
}
