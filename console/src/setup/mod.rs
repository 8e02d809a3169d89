//! The set-up build's screens (the console with its `setup` feature, served at `/cs/`): a new salon
//! after sign-up, what it still needs before it takes bookings, its settings ([`settings`], each an
//! [`editor::Editor`] of the configuration), the embed page, the team and the API keys. They carry
//! the configuration's validation (serde and `shared::config`), which the day-to-day console does
//! not need, so only those who open them download it.

pub mod editor;
mod embed;
mod fields;
mod new_salon;
pub mod settings;
mod team;
mod words;

pub use embed::EmbedScreen;
pub use new_salon::NewSalonScreen;
pub use settings::SettingsScreen;
pub use team::{KeysScreen, TeamScreen};

use leptos::prelude::*;
use shared::config::SalonConfigWire;
use shared::paths::ApiPath;

use crate::api::{self, ApiFailure};
use crate::app::Loading;
use crate::components::{Heading, NavLink, Problem};
use crate::route::{Page, Section};
use crate::state::Console;
use settings::{title, SectionNav};
use words as w;

/// What a salon still needs before clients can book, each with the screen that does it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Readiness {
    pub service: bool,
    pub staff_with_hours: bool,
    pub staff_with_services: bool,
}

impl Readiness {
    /// Reads it from a configuration: someone must work some hours and do some service.
    pub fn of(config: &SalonConfigWire) -> Readiness {
        let works = |s: &shared::config::StaffWire| s.hours.values().any(|d| !d.is_empty());
        Readiness {
            service: !config.services.is_empty(),
            staff_with_hours: config.staff.iter().any(works),
            staff_with_services: config
                .staff
                .iter()
                .any(|s| works(s) && !s.services.is_empty()),
        }
    }

    /// Whether a client could book.
    pub fn ready(self) -> bool {
        self.service && self.staff_with_hours && self.staff_with_services
    }
}

/// `/console/{slug}/setup`: the guided first run and the way to every set-up screen.
#[component]
pub fn SetupScreen(console: Console, slug: String) -> impl IntoView {
    let config = RwSignal::new(None::<Result<SalonConfigWire, ApiFailure>>);
    let url = ApiPath::AdminConfig { slug: &slug }.to_string();
    api::load_into(console, url, config);
    let settings = {
        let slug = slug.clone();
        move |section| Page::Settings {
            salon: slug.clone(),
            section,
        }
    };
    let step = move |done: bool, text: &'static str, page: Page, id: &'static str| {
        view! {
            <li class="ct-step" data-testid=id data-done=done.to_string()>
                <span class=if done { "ct-state ct-done" } else { "ct-state" }>{if done { w::DONE } else { w::TO_DO }}</span>
                <NavLink console page class="ct-link" text=text.to_owned() />
            </li>
        }
    };
    let (s1, s2) = (slug.clone(), slug.clone());
    let everything = Section::ALL
        .map(|section| view! { <li><NavLink console page=settings(section) class="ct-link" text=title(section).to_owned() /></li> })
        .into_iter()
        .collect_view();
    let checklist = move || match config.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) => {
            view! { <Problem message=Signal::derive(move || Some(e.message())) /> }.into_any()
        }
        Some(Ok(config)) => {
            let r = Readiness::of(&config);
            let page = format!("/s/{}", s1);
            let status = if r.ready() {
                view! {
                    <p class="ct-ready" data-testid="ready">{w::READY}" "
                        <a class="ct-link" href=page.clone() target="_blank" rel="noopener">{w::YOUR_PAGE}</a>
                    </p>
                }
                .into_any()
            } else {
                view! { <h2 class="ct-h2" data-testid="not-ready">{w::NOT_READY}</h2> }.into_any()
            };
            view! {
                {status}
                <ol class="ct-steps">
                    {step(r.service, w::STEP_SERVICE, settings(Section::Services), "step-service")}
                    {step(r.staff_with_hours, w::STEP_STAFF, settings(Section::Staff), "step-staff")}
                    {step(r.staff_with_services, w::STEP_ASSIGN, settings(Section::Staff), "step-assign")}
                </ol>
                <h2 class="ct-h2">{w::OPTIONAL}</h2>
                <ul class="ct-steps">
                    <li class="ct-step"><NavLink console page=Page::Embed { salon: s2.clone() } class="ct-link" text=w::STEP_EMBED.to_owned() /></li>
                </ul>
            }
            .into_any()
        }
    };
    view! {
        <main id="main" class="ct-main">
            <SectionNav console slug=slug.clone() current=None />
            <Heading console text=w::SET_UP.to_owned() />
            {checklist}
            <h2 class="ct-h2">{w::EVERYTHING}</h2>
            <ul class="ct-list ct-links">
                {everything}
                <li><NavLink console page=Page::Embed { salon: slug.clone() } class="ct-link" text=w::EMBED.to_owned() /></li>
                <li><NavLink console page=Page::Team { salon: slug.clone() } class="ct-link" text=w::TEAM.to_owned() /></li>
                <li><NavLink console page=Page::Keys { salon: slug.clone() } class="ct-link" text=w::KEYS.to_owned() /></li>
            </ul>
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_salon_is_ready_once_someone_works_hours_and_does_a_service() {
        let mut config: SalonConfigWire = serde_json::from_str(
            r#"{"name":"Fifi","timezone":"Europe/Paris","currency":"EUR","country":"FR"}"#,
        )
        .unwrap();
        assert!(!Readiness::of(&config).ready());
        config.services =
            serde_json::from_str(r#"[{"key":"cut","name":"Cut","duration_minutes":30}]"#).unwrap();
        config.staff =
            serde_json::from_str(r#"[{"key":"ana","name":"Ana","services":["cut"]}]"#).unwrap();
        let r = Readiness::of(&config);
        assert!(r.service && !r.staff_with_hours && !r.ready());
        config.staff[0]
            .hours
            .insert("sat".into(), vec![["09:00".into(), "12:00".into()]]);
        assert!(Readiness::of(&config).ready());
        config.staff[0].services.clear();
        assert!(!Readiness::of(&config).ready());
    }
}
