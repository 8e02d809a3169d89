//! Editing the salon's configuration document, one section per screen. An [`Editor`] holds the
//! document as last loaded or saved (with its version, the API's `ETag`), the owner's draft, and the
//! draft's problems as `shared` finds them, by JSON path, in the API's own words; a field shows its
//! problem once it was left or a save was tried. Saving sends the whole document with `If-Match`, so
//! a save that races another (a second tab, a colleague) gets `config_conflict` instead of undoing
//! it; the screen then offers to load the latest document and put this section's draft back on top.

use std::collections::{BTreeMap, BTreeSet};

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::ErrorCode;
use shared::config::{NotificationsWire, Policy, SalonConfig, SalonConfigWire};
use shared::paths::ApiPath;
use shared::Locale;

use super::words as w;
use crate::api::{self, ApiFailure};
use crate::route::Section;
use crate::state::Console;

/// An empty document: the draft before the first load, and the base of a new salon's.
pub fn blank() -> SalonConfigWire {
    SalonConfigWire {
        name: String::new(),
        timezone: String::new(),
        currency: String::new(),
        country: String::new(),
        locale: String::new(),
        policy: Policy::default(),
        allowed_origins: Vec::new(),
        services: Vec::new(),
        staff: Vec::new(),
        notifications: NotificationsWire::default(),
        contact: Default::default(),
    }
}

/// Every problem of `draft`, by JSON path, in English.
pub fn problems_of(draft: &SalonConfigWire) -> BTreeMap<String, String> {
    match SalonConfig::parse(draft) {
        Ok(_) => BTreeMap::new(),
        Err(problems) => problems
            .into_iter()
            .map(|p| (p.path.clone(), p.message(Locale::En)))
            .collect(),
    }
}

/// Puts `section`'s part of `mine` into `latest`: what the owner typed on this screen survives a
/// reload, and everything else is the latest document's.
pub fn keep(section: Section, latest: &mut SalonConfigWire, mine: &SalonConfigWire) {
    match section {
        Section::Details => {
            latest.name.clone_from(&mine.name);
            latest.timezone.clone_from(&mine.timezone);
            latest.currency.clone_from(&mine.currency);
            latest.country.clone_from(&mine.country);
            latest.locale.clone_from(&mine.locale);
            latest.contact = mine.contact.clone();
        }
        Section::Policy => latest.policy = mine.policy,
        Section::Services => latest.services.clone_from(&mine.services),
        Section::Staff => latest.staff.clone_from(&mine.staff),
        Section::Notifications => latest.notifications = mine.notifications.clone(),
        Section::Sites => latest.allowed_origins.clone_from(&mine.allowed_origins),
    }
}

/// One section's editor; see the module's documentation.
#[derive(Clone, Copy)]
pub struct Editor {
    console: Console,
    slug: StoredValue<String>,
    section: Section,
    /// `None` while the document loads; the failure if it could not be.
    pub loaded: RwSignal<Option<Result<(), ApiFailure>>>,
    /// The document as the API last gave it.
    pub saved: RwSignal<SalonConfigWire>,
    version: StoredValue<Option<String>>,
    /// What the owner is editing.
    pub draft: RwSignal<SalonConfigWire>,
    touched: RwSignal<BTreeSet<String>>,
    tried: RwSignal<bool>,
    /// Number fields whose text is not a number, by path.
    pub unreadable: RwSignal<BTreeSet<String>>,
    from_api: RwSignal<BTreeMap<String, String>>,
    /// `shared`'s problems with the draft, by path.
    pub problems: Memo<BTreeMap<String, String>>,
    /// What went wrong with the last save, if anything.
    pub problem: RwSignal<Option<String>>,
    /// The last save was refused because the document changed elsewhere.
    pub conflict: RwSignal<bool>,
    pub busy: RwSignal<bool>,
}

impl Editor {
    /// Loads `slug`'s configuration for `section`.
    pub fn new(console: Console, slug: String, section: Section) -> Editor {
        let draft = RwSignal::new(blank());
        let editor = Editor {
            console,
            slug: StoredValue::new(slug),
            section,
            loaded: RwSignal::new(None),
            saved: RwSignal::new(blank()),
            version: StoredValue::new(None),
            draft,
            touched: RwSignal::new(BTreeSet::new()),
            tried: RwSignal::new(false),
            unreadable: RwSignal::new(BTreeSet::new()),
            from_api: RwSignal::new(BTreeMap::new()),
            problems: Memo::new(move |_| draft.with(problems_of)),
            problem: RwSignal::new(None),
            conflict: RwSignal::new(false),
            busy: RwSignal::new(false),
        };
        spawn_local(async move {
            match api::get_versioned::<SalonConfigWire>(&editor.url()).await {
                Ok((config, version)) => {
                    editor.version.set_value(version);
                    editor.saved.set(config.clone());
                    editor.draft.set(config);
                    editor.loaded.set(Some(Ok(())));
                }
                Err(e) => {
                    console.check(&e);
                    editor.loaded.set(Some(Err(e)));
                }
            }
        });
        editor
    }

    fn url(self) -> String {
        self.slug
            .with_value(|slug| ApiPath::AdminConfig { slug }.to_string())
    }

    /// The salon's slug.
    pub fn slug(self) -> String {
        self.slug.get_value()
    }

    /// Says `text` in the live region.
    pub fn announce(self, text: &str) {
        self.console.announce.set(text.to_owned());
    }

    /// Changes the draft.
    pub fn edit(self, change: impl FnOnce(&mut SalonConfigWire)) {
        self.draft.update(change);
        self.from_api.set(BTreeMap::new());
    }

    /// The field at `path` was left: its problem may show.
    pub fn touch(self, path: &str) {
        if !self.touched.with_untracked(|t| t.contains(path)) {
            self.touched.update(|t| {
                t.insert(path.to_owned());
            });
        }
    }

    /// The problem to show at `path` (tracked).
    pub fn error(self, path: &str) -> Option<String> {
        let shown = self.tried.get() || self.touched.with(|t| t.contains(path));
        if !shown {
            return None;
        }
        if self.unreadable.with(|u| u.contains(path)) {
            return Some(w::NOT_A_NUMBER.to_owned());
        }
        // A list edited in one field (addresses one per line) shows its items' first problem.
        let item = format!("{path}[");
        let find = |map: &BTreeMap<String, String>| {
            map.get(path).cloned().or_else(|| {
                map.range(item.clone()..)
                    .next()
                    .filter(|(k, _)| k.starts_with(&item))
                    .map(|(_, v)| v.clone())
            })
        };
        self.from_api
            .with(find)
            .or_else(|| self.problems.with(find))
    }

    /// Problems at `path` or below it (tracked), shown or not: for a section's summary.
    pub fn problems_under(self, prefix: &str) -> usize {
        self.problems
            .with(|p| p.keys().filter(|k| k.starts_with(prefix)).count())
    }

    /// Whether the draft differs from the saved document (tracked).
    pub fn dirty(self) -> bool {
        self.draft.with(|d| self.saved.with(|s| d != s))
    }

    /// Saves the draft, unless a field still has a problem.
    pub fn save(self) {
        if self.busy.get_untracked() {
            return;
        }
        let count = self.problems.with_untracked(BTreeMap::len)
            + self.unreadable.with_untracked(BTreeSet::len);
        if count > 0 {
            self.tried.set(true);
            let message = if count == 1 {
                w::ONE_PROBLEM.to_owned()
            } else {
                w::N_PROBLEMS.replace("{n}", &count.to_string())
            };
            self.console.announce.set(message.clone());
            self.problem.set(Some(message));
            return;
        }
        self.busy.set(true);
        self.problem.set(None);
        spawn_local(async move {
            let draft = self.draft.get_untracked();
            let version = self.version.get_value();
            let answer = api::send_serde::<_, SalonConfigWire>(
                "PUT",
                &self.url(),
                Some(&draft),
                version.as_deref(),
            )
            .await;
            self.busy.set(false);
            match answer {
                Ok((config, version)) => {
                    self.version.set_value(version);
                    self.saved.set(config.clone());
                    self.draft.set(config);
                    self.tried.set(false);
                    self.touched.set(BTreeSet::new());
                    self.console.announce.set(w::SAVED.to_owned());
                    self.console.salon_changed(&self.slug.get_value());
                }
                Err(e) => {
                    self.console.check(&e);
                    if e.code() == Some(ErrorCode::ConfigConflict.as_str()) {
                        self.conflict.set(true);
                    }
                    if let ApiFailure::Api { body, .. } = &e {
                        if let Some(fields) = &body.error.fields {
                            self.tried.set(true);
                            self.from_api.set(
                                fields
                                    .iter()
                                    .map(|(k, v)| (k.clone(), v.message.clone()))
                                    .collect(),
                            );
                        }
                    }
                    self.console.announce.set(e.message());
                    self.problem.set(Some(e.message()));
                }
            }
        });
    }

    /// Loads the latest document and puts this section's draft back on top of it.
    pub fn reload_keeping(self) {
        self.busy.set(true);
        spawn_local(async move {
            let answer = api::get_versioned::<SalonConfigWire>(&self.url()).await;
            self.busy.set(false);
            match answer {
                Ok((latest, version)) => {
                    let mut merged = latest.clone();
                    self.draft
                        .with_untracked(|mine| keep(self.section, &mut merged, mine));
                    self.version.set_value(version);
                    self.saved.set(latest);
                    self.draft.set(merged);
                    self.conflict.set(false);
                    self.problem.set(None);
                    self.console.announce.set(w::RELOADED.to_owned());
                }
                Err(e) => {
                    self.console.check(&e);
                    self.problem.set(Some(e.message()));
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::config::ServiceWire;

    fn config() -> SalonConfigWire {
        let mut c = blank();
        c.name = "Fifi".into();
        c.timezone = "Europe/Paris".into();
        c.currency = "EUR".into();
        c.country = "FR".into();
        c.locale = "fr".into();
        c
    }

    fn service(key: &str) -> ServiceWire {
        ServiceWire {
            name: key.into(),
            ..crate::setup::settings::new_service(key.into())
        }
    }

    #[test]
    fn a_reload_keeps_this_screen_s_part_and_takes_the_rest_from_the_latest() {
        let mut mine = config();
        mine.services.push(service("cut"));
        mine.name = "Typed here".into();
        let mut latest = config();
        latest.allowed_origins.push("https://fifi.example".into());
        latest.services.push(service("colour"));
        let mut merged = latest.clone();
        keep(Section::Services, &mut merged, &mine);
        assert_eq!(merged.services, mine.services);
        assert_eq!(merged.name, "Fifi", "another screen's field is the latest");
        assert_eq!(merged.allowed_origins, latest.allowed_origins);
        let mut merged = latest.clone();
        keep(Section::Details, &mut merged, &mine);
        assert_eq!(merged.name, "Typed here");
        assert_eq!(merged.services, latest.services);
    }

    #[test]
    fn problems_are_the_api_s_by_path() {
        let mut c = config();
        c.services.push(ServiceWire {
            duration_minutes: 1,
            ..service("cut")
        });
        c.currency = "EURO".into();
        let problems = problems_of(&c);
        assert!(problems.contains_key("currency"), "{problems:?}");
        assert!(
            problems.contains_key("services[0].duration_minutes"),
            "{problems:?}"
        );
        assert!(problems_of(&config()).is_empty());
    }
}
