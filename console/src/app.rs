//! The whole console: the live region, and the screen for the address. Salon screens sit in a
//! [`Shell`] (the salon's name, the navigation and sign-out) once the user and the salon are loaded;
//! the sign-in page and the redirects of `/console` stand alone.

use leptos::prelude::*;
use shared::api::{MeWire, Role};

use crate::api::ApiFailure;
use crate::components::{Heading, NavLink};
use crate::route::Page;
use crate::screens::SignInScreen;
use crate::state::{Console, Salon};
use crate::texts::TEXTS;

/// The console.
///
/// - `token`: a sign-in link's token, already taken out of the address.
#[component]
pub fn App(token: Option<String>) -> impl IntoView {
    let console = Console::new();
    let token = StoredValue::new(token);
    // The sign-in page asks nothing of the API until the owner acts: someone who opened it is not
    // signed in, or wants to sign in again.
    let open = |page: &Page| matches!(page, Page::SignIn | Page::SignUp);
    if token.with_value(Option::is_none) && !open(&console.page_untracked()) {
        console.load_me();
    }
    // Every screen but the sign-in and sign-up pages needs a session; a lost one leads to sign-in.
    Effect::new(move |_| {
        let signed_out = console
            .me
            .with(|me| matches!(me, Some(Err(ApiFailure::SignedOut))));
        if signed_out && !open(&console.page()) {
            console.replace(Page::SignIn);
        }
    });
    // The salon of the address, once the user is known.
    Effect::new(move |_| {
        let page = console.page();
        let known = console.me.with(|me| matches!(me, Some(Ok(_))));
        if let (Some(slug), true) = (page.salon(), known) {
            console.ensure_salon(slug);
        }
    });
    let body = move || match console.page() {
        // The other build's page (reached through the history): loaded from the server.
        page if !page.in_this_build() => {
            crate::state::load(&page, true);
            view! { <Loading /> }.into_any()
        }
        // A link's token is used once: a later visit to the sign-in page asks for an address.
        Page::SignIn => {
            let token = token.try_update_value(Option::take).flatten();
            view! { <SignInScreen console token sign_up=false /> }.into_any()
        }
        #[cfg(feature = "setup")]
        Page::SignUp => view! { <SignInScreen console token=None sign_up=true /> }.into_any(),
        #[cfg(feature = "setup")]
        Page::NewSalon => view! { <crate::setup::NewSalonScreen console /> }.into_any(),
        Page::Home => view! { <Home console /> }.into_any(),
        Page::NotFound => view! { <Missing console text=TEXTS.not_found /> }.into_any(),
        page => view! { <Shell console page /> }.into_any(),
    };
    view! {
        <div class="ct ct-console" data-theme="auto">
            <a class="ct-skip" href="#main">{TEXTS.skip}</a>
            <p class="ct-sr" role="status" aria-live="polite" data-testid="announce">{move || console.announce.get()}</p>
            {body}
        </div>
    }
}

/// `/console`: the first salon's today, or the sign-in page. Shows a placeholder meanwhile.
#[component]
fn Home(console: Console) -> impl IntoView {
    Effect::new(move |_| {
        let first = console.me.with(|me| match me {
            Some(Ok(me)) => Some(me.memberships.first().map(|m| m.salon.clone())),
            _ => None,
        });
        match first {
            // Someone with no salon yet (just signed up) creates one.
            Some(None) => console.replace(Page::NewSalon),
            Some(Some(slug)) => {
                console.ensure_salon(&slug);
                let today = console.salon.with(|s| match s {
                    Some((s, Ok(salon))) if *s == slug => Some(salon.today()),
                    _ => None,
                });
                if let Some(date) = today {
                    console.replace(Page::Day { salon: slug, date });
                }
            }
            None => {}
        }
    });
    move || match console.me.get() {
        Some(Err(e)) if e != ApiFailure::SignedOut => {
            view! { <Missing console text=TEXTS.load_error /> }.into_any()
        }
        _ => view! { <Loading /> }.into_any(),
    }
}

/// A placeholder while something loads.
#[component]
pub fn Loading() -> impl IntoView {
    view! { <main id="main" class="ct-main"><div class="ct-skeleton" aria-busy="true" data-testid="loading"></div></main> }
}

/// A page with only a sentence and a way back to the start.
///
/// - `text`: what went wrong.
#[component]
fn Missing(console: Console, text: &'static str) -> impl IntoView {
    view! {
        <main id="main" class="ct-main">
            <Heading console text=text.to_owned() />
            <p><a class="ct-link" href="/console">{TEXTS.go_home}</a></p>
        </main>
    }
}

/// A salon's screens: the header with the salon's name, the navigation and sign-out, and the screen.
///
/// - `page`: a salon page (day, week, clients or client).
#[component]
fn Shell(console: Console, page: Page) -> impl IntoView {
    let slug = page.salon().unwrap_or_default().to_owned();
    // What the screen shows, apart from the salon's details: a newer copy of the user or the salon
    // (the owner renamed it in settings) refreshes the header without building the screen again.
    let status = {
        let slug = slug.clone();
        Memo::new(move |_| {
            let member = console.me.with(|me| match me {
                Some(Ok(me)) => Some(me.memberships.iter().any(|m| m.salon == slug)),
                _ => None,
            });
            console.salon.with(|salon| match (member, salon) {
                (Some(false), _) => Status::NoAccess,
                (Some(true), Some((s, Ok(_)))) if *s == slug => Status::Ready,
                (_, Some((s, Err(e)))) if *s == slug && *e != ApiFailure::SignedOut => {
                    Status::LoadError
                }
                _ => Status::Loading,
            })
        })
    };
    let screen = move || match status.get() {
        Status::NoAccess => view! { <Missing console text=TEXTS.no_access /> }.into_any(),
        Status::LoadError => view! { <Missing console text=TEXTS.load_error /> }.into_any(),
        // Untracked: only `status` decides when the screen is built again.
        Status::Ready => untrack(|| match console.salon.get() {
            Some((_, Ok(salon))) => screen(console, page.clone(), salon).into_any(),
            _ => view! { <Loading /> }.into_any(),
        }),
        Status::Loading => view! { <Loading /> }.into_any(),
    };
    let name = {
        let slug = slug.clone();
        move || {
            console
                .membership(&slug)
                .map(|m| m.name)
                .unwrap_or_default()
        }
    };
    let today = move || {
        console.salon.with(|s| match s {
            Some((_, Ok(salon))) => salon.today(),
            _ => crate::zone::today("UTC"),
        })
    };
    let (day_slug, week_slug, clients_slug) = (slug.clone(), slug.clone(), slug.clone());
    let setup_slug = slug.clone();
    let owner = {
        let slug = slug.clone();
        move || {
            console
                .membership(&slug)
                .is_some_and(|m| m.role == Role::Owner)
        }
    };
    let current = move || console.page();
    view! {
        <header class="ct-top">
            <p class="ct-brand">{name}</p>
            <nav class="ct-nav" aria-label=TEXTS.navigation>
                <NavLink console
                    page=Signal::derive(move || Page::Day { salon: day_slug.clone(), date: today() })
                    current=Signal::derive(move || matches!(current(), Page::Day { .. }))
                    text=TEXTS.day.to_owned() />
                <NavLink console
                    page=Signal::derive(move || Page::Week { salon: week_slug.clone(), date: today() })
                    current=Signal::derive(move || matches!(current(), Page::Week { .. }))
                    text=TEXTS.week.to_owned() />
                <NavLink console
                    page=Signal::derive(move || Page::Clients { salon: clients_slug.clone() })
                    current=Signal::derive(move || matches!(current(), Page::Clients { .. } | Page::Client { .. }))
                    text=TEXTS.clients.to_owned() />
                {move || owner().then(|| {
                    let slug = setup_slug.clone();
                    view! {
                        <NavLink console
                            page=Page::Setup { salon: slug }
                            current=Signal::derive(move || matches!(current(), Page::Setup { .. } | Page::Settings { .. } | Page::Embed { .. } | Page::Team { .. } | Page::Keys { .. }))
                            text=TEXTS.set_up.to_owned() />
                    }
                })}
            </nav>
            <OtherSalons console slug=slug.clone() />
            <button type="button" class="ct-quiet" data-testid="sign-out" on:click=move |_| console.sign_out()>
                {TEXTS.sign_out}
            </button>
        </header>
        {screen}
    }
}

/// Which of a salon page's states the [`Shell`] shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    NoAccess,
    LoadError,
    Ready,
    Loading,
}

/// The screen of a salon page of this build.
#[cfg(not(feature = "setup"))]
fn screen(console: Console, page: Page, salon: Salon) -> impl IntoView {
    use crate::screens::{ClientScreen, ClientsScreen, DayScreen, WeekScreen};
    match page {
        Page::Day { date, .. } => view! { <DayScreen console salon date /> }.into_any(),
        Page::Week { date, .. } => view! { <WeekScreen console salon date /> }.into_any(),
        Page::Clients { .. } => view! { <ClientsScreen console salon /> }.into_any(),
        Page::Client { id, .. } => view! { <ClientScreen console salon id /> }.into_any(),
        _ => ().into_any(),
    }
}

/// The screen of a salon page of this build. Set-up is for owners: a staff member is told so.
#[cfg(feature = "setup")]
fn screen(console: Console, page: Page, salon: Salon) -> impl IntoView {
    use crate::setup::{EmbedScreen, KeysScreen, SettingsScreen, SetupScreen, TeamScreen};
    let slug = salon.profile.slug.clone();
    if console
        .membership(&slug)
        .is_none_or(|m| m.role != Role::Owner)
    {
        return view! { <Missing console text=TEXTS.no_access /> }.into_any();
    }
    match page {
        Page::Setup { .. } => view! { <SetupScreen console slug /> }.into_any(),
        Page::Settings { section, .. } => {
            view! { <SettingsScreen console slug section /> }.into_any()
        }
        Page::Embed { .. } => view! { <EmbedScreen console slug /> }.into_any(),
        Page::Team { .. } => view! { <TeamScreen console slug /> }.into_any(),
        Page::Keys { .. } => view! { <KeysScreen console slug /> }.into_any(),
        _ => ().into_any(),
    }
}

/// Links to the user's other salons, if they have any.
///
/// - `slug`: the salon on screen.
#[component]
fn OtherSalons(console: Console, slug: String) -> impl IntoView {
    let others = move || {
        console.me.with(|me| match me {
            Some(Ok(MeWire { memberships, .. })) => memberships
                .iter()
                .filter(|m| m.salon != slug)
                .map(|m| (m.salon.clone(), m.name.clone(), m.role))
                .collect::<Vec<_>>(),
            _ => Vec::new(),
        })
    };
    move || {
        let others = others();
        (!others.is_empty()).then(|| {
            view! {
                <nav class="ct-salons" aria-label=TEXTS.other_salons>
                    {others.into_iter().map(|(slug, name, role)| {
                        let label = if role == Role::Staff { format!("{name} ({})", TEXTS.staff_role) } else { name };
                        // The salon's own today is known once it loads; the day view's "Today"
                        // corrects a date a few hours off.
                        let page = Page::Day { salon: slug, date: crate::zone::today("UTC") };
                        view! { <NavLink console page class="ct-link" text=label /> }
                    }).collect_view()}
                </nav>
            }
        })
    }
}
