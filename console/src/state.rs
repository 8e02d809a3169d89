//! What every screen shares: [`Console`] holds the current [`Page`], the signed-in user, the salon on
//! screen (its public profile and, for owners, its working hours) and the live region. It is a `Copy`
//! struct of signal handles built once by `App` and passed to each screen as a prop, as the widget's
//! `Flow` is. Its methods are the only ways to move between pages: [`Console::go`] pushes a history
//! entry, [`Console::replace`] replaces the current one, and the browser's back and forward buttons
//! come back through `popstate`.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::{MeWire, MembershipWire, Role, SalonProfile};
use shared::date::CalendarDate;
use shared::paths::ApiPath;

use crate::api::{self, ApiFailure};
use crate::json::ConfigHours;
use crate::route::Page;
use crate::timeline::parse_hhmm;
use crate::zone;

/// A staff member's working hours: per weekday (Monday first), wall-clock intervals in minutes.
pub type WeekHours = [Vec<(u16, u16)>; 7];

/// The salon on screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Salon {
    pub profile: SalonProfile,
    /// Each staff member's weekly hours, by key, when the configuration could be read (owners).
    pub hours: BTreeMap<String, WeekHours>,
}

impl Salon {
    /// The salon's zone.
    pub fn zone(&self) -> &str {
        &self.profile.timezone
    }

    /// The salon's today.
    pub fn today(&self) -> CalendarDate {
        zone::today(self.zone())
    }

    /// The earliest opening and latest closing of anyone on `date`'s weekday, if known.
    pub fn hours_on(&self, date: CalendarDate) -> Option<(u16, u16)> {
        let weekday = (date.days_since_epoch() + 3).rem_euclid(7) as usize;
        self.hours
            .values()
            .flat_map(|week| week[weekday].iter().copied())
            .reduce(|(a, b), (c, d)| (a.min(c), b.max(d)))
    }

    /// A staff member's name, or their key when the profile does not list them.
    pub fn staff_name(&self, key: &str) -> String {
        self.profile
            .staff
            .iter()
            .find(|s| s.key == key)
            .map_or_else(|| key.to_owned(), |s| s.name.clone())
    }

    /// A service's name, or its key.
    pub fn service_name(&self, key: &str) -> String {
        self.profile
            .services
            .iter()
            .find(|s| s.key == key)
            .map_or_else(|| key.to_owned(), |s| s.name.clone())
    }
}

/// Reads weekly hours from the configuration's `"mon": [["09:00", "12:30"], …]` shape.
fn week_hours(hours: &BTreeMap<String, Vec<(String, String)>>) -> WeekHours {
    let mut week: WeekHours = Default::default();
    for (i, day) in shared::config::DAYS.iter().enumerate() {
        for (from, to) in hours.get(*day).into_iter().flatten() {
            if let (Some(a), Some(b)) = (parse_hhmm(from), parse_hhmm(to)) {
                week[i].push((a, b));
            }
        }
    }
    week
}

/// The console's shared state; see the module's documentation.
#[derive(Clone, Copy)]
pub struct Console {
    page: RwSignal<Page>,
    /// The signed-in user; `None` while it loads.
    pub me: RwSignal<Option<Result<MeWire, ApiFailure>>>,
    /// The salon on screen and its slug; `None` while it loads.
    pub salon: RwSignal<Option<(String, Result<Salon, ApiFailure>)>>,
    /// What the live region says.
    pub announce: RwSignal<String>,
    /// The current instant, updated every half minute (for the now-line).
    pub now: RwSignal<i64>,
    /// Whether the console has moved from the page it opened on: headings take focus only then.
    moved: StoredValue<bool>,
    /// The salon whose profile is being loaded, so that asking again does not load it twice.
    loading: StoredValue<Option<String>>,
}

impl Console {
    /// The console at the browser's current address.
    pub fn new() -> Console {
        let console = Console {
            page: RwSignal::new(Page::parse(&current_path())),
            me: RwSignal::new(None),
            salon: RwSignal::new(None),
            announce: RwSignal::new(String::new()),
            now: RwSignal::new(zone::now()),
            moved: StoredValue::new(false),
            loading: StoredValue::new(None),
        };
        let _ = window_event_listener(leptos::ev::popstate, move |_| {
            console.moved.set_value(true);
            console.page.set(Page::parse(&current_path()));
        });
        set_interval(
            move || console.now.set(zone::now()),
            std::time::Duration::from_secs(30),
        );
        console
    }

    /// The page on screen (tracked).
    pub fn page(self) -> Page {
        self.page.get()
    }

    /// The page on screen, untracked.
    pub fn page_untracked(self) -> Page {
        self.page.get_untracked()
    }

    /// Whether the console has left the page it opened on.
    pub fn has_moved(self) -> bool {
        self.moved.get_value()
    }

    /// Opens `page` as a new history entry; a page of the other build is loaded from the server.
    pub fn go(self, page: Page) {
        if !page.in_this_build() {
            load(&page, false);
            return;
        }
        self.moved.set_value(true);
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ =
                history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&page.href()));
        }
        self.page.set(page);
        scroll_to_top();
    }

    /// Shows `page` in place of the current history entry (a redirect).
    pub fn replace(self, page: Page) {
        if !page.in_this_build() {
            load(&page, true);
            return;
        }
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&page.href()),
            );
        }
        self.page.set(page);
    }

    /// Loads the signed-in user.
    pub fn load_me(self) {
        spawn_local(async move {
            let me = api::get::<MeWire>(&ApiPath::Me.to_string()).await;
            self.me.set(Some(me));
        });
    }

    /// The session has ended: forget the user and go to the sign-in page.
    pub fn signed_out(self) {
        self.me.set(Some(Err(ApiFailure::SignedOut)));
        self.salon.set(None);
        self.replace(Page::SignIn);
    }

    /// Looks at a failure before a screen shows it: a lost session leads to the sign-in page.
    pub fn check(self, failure: &ApiFailure) {
        if *failure == ApiFailure::SignedOut {
            self.signed_out();
        }
    }

    /// The user's membership of `slug` (tracked).
    pub fn membership(self, slug: &str) -> Option<MembershipWire> {
        self.me.with(|me| match me {
            Some(Ok(me)) => me.memberships.iter().find(|m| m.salon == slug).cloned(),
            _ => None,
        })
    }

    /// The staff key whose calendar alone the user sees, for a staff member.
    pub fn own_staff(self, slug: &str) -> Option<String> {
        self.membership(slug)
            .filter(|m| m.role == Role::Staff)
            .and_then(|m| m.staff)
    }

    /// Loads `slug`'s profile and, when the user may read it, its staff's hours, unless that salon is
    /// already loaded or loading.
    pub fn ensure_salon(self, slug: &str) {
        let loaded = self
            .salon
            .with_untracked(|s| s.as_ref().is_some_and(|(s, r)| s == slug && r.is_ok()));
        let asked = self.loading.with_value(|l| l.as_deref() == Some(slug));
        if loaded || asked {
            return;
        }
        self.salon.set(None);
        self.fetch_salon(slug.to_owned());
    }

    /// The owner changed `slug`'s details: loads the user (whose memberships name the salon) and the
    /// salon again, keeping what is on screen until they arrive.
    #[cfg(feature = "setup")]
    pub fn salon_changed(self, slug: &str) {
        self.load_me();
        self.fetch_salon(slug.to_owned());
    }

    fn fetch_salon(self, slug: String) {
        self.loading.set_value(Some(slug.clone()));
        spawn_local(async move {
            let profile =
                api::get::<SalonProfile>(&ApiPath::Salon { slug: &slug }.to_string()).await;
            let owner = self
                .membership(&slug)
                .is_some_and(|m| m.role == Role::Owner);
            let mut hours = BTreeMap::new();
            if owner && profile.is_ok() {
                // Only the day's range and shading depend on it; without it the day shows 08:00–20:00.
                if let Ok(config) =
                    api::get::<ConfigHours>(&ApiPath::AdminConfig { slug: &slug }.to_string()).await
                {
                    hours = config
                        .staff
                        .into_iter()
                        .map(|s| (s.key, week_hours(&s.hours)))
                        .collect();
                }
            }
            let salon = profile.map(|profile| Salon { profile, hours });
            if let Err(e) = &salon {
                self.check(e);
            }
            self.loading.set_value(None);
            self.salon.set(Some((slug, salon)));
        });
    }

    /// Signs out, whatever the server answers, and shows the sign-in page.
    pub fn sign_out(self) {
        spawn_local(async move {
            let _ = api::act::<()>("POST", &ApiPath::AuthSignOut.to_string(), None).await;
            self.signed_out();
            self.announce
                .set(crate::texts::TEXTS.signed_out_done.to_owned());
        });
    }
}

/// Loads `page` from the server, in place of the current history entry when `replace`.
pub fn load(page: &Page, replace: bool) {
    if let Some(location) = web_sys::window().map(|w| w.location()) {
        let _ = if replace {
            location.replace(&page.href())
        } else {
            location.assign(&page.href())
        };
    }
}

/// The address's path.
fn current_path() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default()
}

fn scroll_to_top() {
    if let Some(w) = web_sys::window() {
        w.scroll_to_with_x_and_y(0.0, 0.0);
    }
}
