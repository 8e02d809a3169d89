//! The settings screens: one per [`Section`] of the configuration, each an [`Editor`] of the whole
//! document showing its own part, with a save bar that says what is unsaved and what went wrong.

use leptos::prelude::*;
use shared::config::{parse_hhmm, ServiceWire, StaffWire, TimeOffWire, DAYS, SLOT_STEPS};

use super::editor::Editor;
use super::fields::{self, Look};
use super::words as w;
use crate::api::ApiFailure;
use crate::app::Loading;
use crate::components::{Heading, NavLink, Problem};
use crate::route::{Page, Section};
use crate::state::Console;
use crate::timeline::hhmm;

/// The title of a section.
pub fn title(section: Section) -> &'static str {
    match section {
        Section::Details => w::DETAILS,
        Section::Policy => w::POLICY,
        Section::Services => w::SERVICES,
        Section::Staff => w::STAFF,
        Section::Notifications => w::NOTIFICATIONS,
        Section::Sites => w::SITES,
    }
}

/// A key for a new service or staff member from its name: `a-z0-9-`, at most 40 characters, not
/// one of `taken`, never `any`.
pub fn key_from(name: &str, taken: &[String], fallback: &str) -> String {
    let mut key = String::new();
    for c in name.trim().chars().flat_map(char::to_lowercase) {
        let c = match c {
            'a'..='z' | '0'..='9' => c,
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            _ => '-',
        };
        if !(c == '-' && (key.is_empty() || key.ends_with('-'))) {
            key.push(c);
        }
    }
    key.truncate(34);
    let key = key.trim_end_matches('-');
    let base = if key.is_empty() || key == shared::keys::ANY_STAFF {
        fallback
    } else {
        key
    };
    let mut candidate = base.to_owned();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    candidate
}

/// A service as "Add a service" starts it: half an hour, no name yet.
pub fn new_service(key: String) -> ServiceWire {
    ServiceWire {
        key,
        name: String::new(),
        category: String::new(),
        description: String::new(),
        duration_minutes: 30,
        buffer_before_minutes: 0,
        buffer_after_minutes: 0,
        price_cents: 0,
    }
}

/// A settings screen.
#[component]
pub fn SettingsScreen(console: Console, slug: String, section: Section) -> impl IntoView {
    let editor = Editor::new(console, slug.clone(), section);
    let body = move || match editor.loaded.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) if e != ApiFailure::SignedOut => {
            view! { <Problem message=Signal::derive(move || Some(e.message())) /> }.into_any()
        }
        Some(Err(_)) => ().into_any(),
        Some(Ok(())) => match section {
            Section::Details => details(editor).into_any(),
            Section::Policy => policy(editor).into_any(),
            Section::Services => services(editor).into_any(),
            Section::Staff => staff(editor).into_any(),
            Section::Notifications => notifications(editor).into_any(),
            Section::Sites => sites(editor).into_any(),
        },
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        editor.save();
    };
    view! {
        <main id="main" class="ct-main">
            <SectionNav console slug=slug.clone() current=Some(section) />
            <Heading console text=title(section).to_owned() />
            <form class="ct-form ct-settings" novalidate on:submit=submit data-testid="settings-form">
                {body}
                <SaveBar editor />
            </form>
        </main>
    }
}

/// Links to every section and the other set-up screens.
#[component]
pub fn SectionNav(console: Console, slug: String, current: Option<Section>) -> impl IntoView {
    let setup = Page::Setup {
        salon: slug.clone(),
    };
    let links = Section::ALL.map(|section| {
        let page = Page::Settings {
            salon: slug.clone(),
            section,
        };
        view! { <NavLink console page current=current == Some(section) class="ct-tab" text=title(section).to_owned() /> }
    });
    view! {
        <nav class="ct-tabs" aria-label=w::SECTIONS>
            <NavLink console page=setup current=current.is_none() class="ct-tab" text=w::SET_UP.to_owned() />
            {links.into_iter().collect_view()}
        </nav>
    }
}

/// What is unsaved, the save button, and a refused save's explanation; after a conflict, a way to
/// take the latest document without losing what was typed.
#[component]
fn SaveBar(editor: Editor) -> impl IntoView {
    let conflict = move || {
        editor.conflict.get().then(|| {
            view! {
                <div class="ct-conflict" role="alert" data-testid="conflict">
                    <p>{w::CONFLICT}</p>
                    <button type="button" class="ct-secondary" data-testid="reload-keep"
                        on:click=move |_| editor.reload_keeping()>{w::RELOAD_KEEP}</button>
                </div>
            }
        })
    };
    view! {
        <div class="ct-savebar">
            {conflict}
            <Problem message=Signal::derive(move || editor.problem.get().filter(|_| !editor.conflict.get())) />
            <div class="ct-actions">
                <button type="submit" class="ct-primary" data-testid="save"
                    aria-disabled=move || editor.busy.get().to_string()>{w::SAVE}</button>
                <span class="ct-saved" data-testid="save-state">
                    {move || if editor.dirty() { w::UNSAVED } else { w::ALL_SAVED }}
                </span>
            </div>
        </div>
    }
}

fn look(hint: &'static str) -> Look {
    Look {
        hint,
        ..Look::default()
    }
}

fn required() -> Look {
    Look {
        required: true,
        ..Look::default()
    }
}

fn details(editor: Editor) -> impl IntoView {
    let zones = zone_names()
        .into_iter()
        .map(|n| (n.clone(), n.replace('_', " ")))
        .collect();
    let languages = w::LANGUAGES
        .map(|(v, t)| (v.to_owned(), t.to_owned()))
        .to_vec();
    let optional = |value: String| Some(value).filter(|v| !v.trim().is_empty());
    view! {
        {fields::text(editor, "name".into(), w::SALON_NAME, required(), |d| d.name.clone(), |d, v| d.name = v)}
        {fields::select(editor, "timezone".into(), w::TIMEZONE, Look::default(), zones, |d| d.timezone.clone(), |d, v| d.timezone = v)}
        <div class="ct-row2">
            {fields::text(editor, "currency".into(), w::CURRENCY, Look { hint: w::CURRENCY_HINT, required: true, ..Look::default() },
                |d| d.currency.clone(), |d, v| d.currency = v.to_ascii_uppercase())}
            {fields::text(editor, "country".into(), w::COUNTRY, Look { hint: w::COUNTRY_HINT, required: true, ..Look::default() },
                |d| d.country.clone(), |d, v| d.country = v.to_ascii_uppercase())}
        </div>
        {fields::select(editor, "locale".into(), w::LANGUAGE, Look::default(), languages, |d| d.locale.clone(), |d, v| d.locale = v)}
        <h2 class="ct-h2">{w::CONTACT}</h2>
        {fields::text(editor, "contact.phone".into(), w::PHONE, Look { kind: "tel", autocomplete: "tel", ..Look::default() },
            |d| d.contact.phone.clone().unwrap_or_default(), move |d, v| d.contact.phone = optional(v))}
        {fields::text(editor, "contact.email".into(), w::EMAIL, Look { kind: "email", autocomplete: "email", ..Look::default() },
            |d| d.contact.email.clone().unwrap_or_default(), move |d, v| d.contact.email = optional(v))}
        {fields::area(editor, "contact.address".into(), w::ADDRESS, Look::default(),
            |d| d.contact.address.clone().unwrap_or_default(), move |d, v| d.contact.address = optional(v))}
    }
}

fn policy(editor: Editor) -> impl IntoView {
    let steps = SLOT_STEPS
        .iter()
        .map(|s| (s.to_string(), w::MINUTES.replace("{n}", &s.to_string())))
        .collect();
    view! {
        {fields::select(editor, "policy.slot_step_minutes".into(), w::SLOT_STEP, Look::default(), steps,
            |d| d.policy.slot_step_minutes.to_string(),
            |d, v| if let Ok(n) = v.parse() { d.policy.slot_step_minutes = n })}
        {fields::number(editor, "policy.min_notice_minutes".into(), w::MIN_NOTICE, look(w::MIN_NOTICE_HINT),
            |d| d.policy.min_notice_minutes, |d, v| d.policy.min_notice_minutes = v, fields::read_u32, |v| v.to_string())}
        {fields::number(editor, "policy.max_advance_days".into(), w::MAX_ADVANCE, Look::default(),
            |d| u32::from(d.policy.max_advance_days), |d, v| d.policy.max_advance_days = u16::try_from(v).unwrap_or(u16::MAX),
            fields::read_u32, |v| v.to_string())}
        {fields::number(editor, "policy.cancel_cutoff_minutes".into(), w::CANCEL_CUTOFF, look(w::CANCEL_CUTOFF_HINT),
            |d| d.policy.cancel_cutoff_minutes, |d, v| d.policy.cancel_cutoff_minutes = v, fields::read_u32, |v| v.to_string())}
    }
}

/// Move, remove: the buttons of an item of a list.
fn item_tools(
    label: String,
    index: usize,
    on_move: impl Fn(usize, usize) + Copy + Send + Sync + 'static,
    on_remove: impl Fn(usize) + Copy + Send + Sync + 'static,
    len: Memo<usize>,
) -> impl IntoView {
    let (label_up, label_down) = (label.clone(), label.clone());
    view! {
        <div class="ct-actions ct-item-tools">
            {move || (index > 0).then(|| view! {
                <button type="button" class="ct-quiet" aria-label=format!("{}: {label_up}", w::MOVE_UP)
                    on:click=move |_| on_move(index, index - 1)>{w::MOVE_UP}</button>
            })}
            {move || (index + 1 < len.get()).then(|| view! {
                <button type="button" class="ct-quiet" aria-label=format!("{}: {label_down}", w::MOVE_DOWN)
                    on:click=move |_| on_move(index, index + 1)>{w::MOVE_DOWN}</button>
            })}
            <button type="button" class="ct-quiet ct-danger" data-testid="remove" aria-label=format!("{}: {label}", w::REMOVE)
                on:click=move |_| on_remove(index)>{w::REMOVE}</button>
        </div>
    }
}

fn services(editor: Editor) -> impl IntoView {
    let len = Memo::new(move |_| editor.draft.with(|d| d.services.len()));
    let saved_key = move |key: &str| {
        editor
            .saved
            .with_untracked(|s| s.services.iter().any(|x| x.key == key))
    };
    let add = move |_| {
        editor.edit(|d| {
            let taken: Vec<String> = d.services.iter().map(|s| s.key.clone()).collect();
            d.services
                .push(new_service(key_from("", &taken, "service")));
        });
        focus_last("service-name");
    };
    let on_move = move |from: usize, to: usize| editor.edit(|d| d.services.swap(from, to));
    let on_remove = move |i: usize| {
        editor.edit(|d| {
            let key = d.services.remove(i).key;
            for member in &mut d.staff {
                member.services.retain(|s| *s != key);
            }
        })
    };
    let card = move |i: usize| {
        let p = |field: &str| format!("services[{i}].{field}");
        let currency = editor.draft.with_untracked(|d| d.currency.clone());
        let name = move || {
            editor.draft.with(|d| {
                d.services
                    .get(i)
                    .map(|s| s.name.clone())
                    .filter(|n| !n.trim().is_empty())
                    .unwrap_or_else(|| w::NEW_SERVICE.to_owned())
            })
        };
        let label = editor.draft.with_untracked(|d| {
            d.services
                .get(i)
                .map(|s| s.name.clone())
                .unwrap_or_default()
        });
        view! {
            <li class="ct-card" data-testid="service">
                <h2 class="ct-h2">{name}</h2>
                <div data-role="service-name">
                {fields::text(editor, p("name"), w::SERVICE_NAME, required(),
                    move |d| d.services.get(i).map(|s| s.name.clone()).unwrap_or_default(),
                    move |d, v| {
                        let taken: Vec<String> = d.services.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, s)| s.key.clone()).collect();
                        if let Some(s) = d.services.get_mut(i) {
                            if !saved_key(&s.key) {
                                s.key = key_from(&v, &taken, "service");
                            }
                            s.name = v;
                        }
                    })}
                </div>
                {fields::text(editor, p("category"), w::CATEGORY, look(w::CATEGORY_HINT),
                    move |d| d.services.get(i).map(|s| s.category.clone()).unwrap_or_default(),
                    move |d, v| if let Some(s) = d.services.get_mut(i) { s.category = v })}
                {fields::area(editor, p("description"), w::DESCRIPTION, Look::default(),
                    move |d| d.services.get(i).map(|s| s.description.clone()).unwrap_or_default(),
                    move |d, v| if let Some(s) = d.services.get_mut(i) { s.description = v })}
                <div class="ct-row2">
                    {fields::number(editor, p("duration_minutes"), w::DURATION, required(),
                        move |d| d.services.get(i).map_or(0, |s| s.duration_minutes),
                        move |d, v| if let Some(s) = d.services.get_mut(i) { s.duration_minutes = v },
                        fields::read_u32, |v| v.to_string())}
                    {fields::number(editor, p("price_cents"), format!("{}, {}", w::PRICE, currency), Look { inputmode: "decimal", ..Look::default() },
                        move |d| d.services.get(i).map_or(0, |s| s.price_cents),
                        move |d, v| if let Some(s) = d.services.get_mut(i) { s.price_cents = v },
                        fields::read_price, fields::show_price)}
                    {fields::number(editor, p("buffer_before_minutes"), w::BUFFER_BEFORE, Look::default(),
                        move |d| d.services.get(i).map_or(0, |s| s.buffer_before_minutes),
                        move |d, v| if let Some(s) = d.services.get_mut(i) { s.buffer_before_minutes = v },
                        fields::read_u32, |v| v.to_string())}
                    {fields::number(editor, p("buffer_after_minutes"), w::BUFFER_AFTER, Look::default(),
                        move |d| d.services.get(i).map_or(0, |s| s.buffer_after_minutes),
                        move |d, v| if let Some(s) = d.services.get_mut(i) { s.buffer_after_minutes = v },
                        fields::read_u32, |v| v.to_string())}
                </div>
                {item_tools(label, i, on_move, on_remove, len)}
            </li>
        }
    };
    view! {
        {move || (len.get() == 0).then(|| view! { <p class="ct-empty">{w::NO_SERVICES}</p> })}
        <ul class="ct-list ct-cards">{move || (0..len.get()).map(card).collect_view()}</ul>
        <div class="ct-actions">
            <button type="button" class="ct-secondary" data-testid="add-service" on:click=add>{w::ADD_SERVICE}</button>
        </div>
    }
}

/// Focuses the input inside the last element marked `data-role=role`, once it is drawn.
fn focus_last(role: &'static str) {
    request_animation_frame(move || {
        let selector = format!("[data-role={role}] input");
        if let Ok(list) = document().query_selector_all(&selector) {
            if let Some(node) = list.item(list.length().saturating_sub(1)) {
                use wasm_bindgen::JsCast;
                let _ = node.unchecked_into::<web_sys::HtmlElement>().focus();
            }
        }
    });
}

/// The text a time input shows for a stored bound. A time input cannot hold `24:00`, so the end of a
/// day is shown as `00:00` ("12:00 AM" in a 12-hour browser), as salons write "until midnight".
fn shown_time(stored: &str, end: bool) -> String {
    if end && stored == "24:00" {
        "00:00".to_owned()
    } else {
        stored.to_owned()
    }
}

/// The bound stored for what a time input holds: an interval that ends at `00:00` ends at midnight,
/// the end of the day (`24:00`), never before it starts.
fn stored_time(typed: &str, end: bool) -> String {
    if end && typed == "00:00" {
        "24:00".to_owned()
    } else {
        typed.to_owned()
    }
}

/// Splits a day's last interval around its middle hour for a one-hour break, if it is long enough.
fn with_break(intervals: &mut Vec<[String; 2]>) {
    let Some(last) = intervals.last() else {
        return;
    };
    let (Some(a), Some(b)) = (parse_hhmm(&last[0]), parse_hhmm(&last[1])) else {
        return;
    };
    if b < a + 180 {
        return;
    }
    let middle = (a + (b - a) / 2) / 60 * 60;
    let end = last[1].clone();
    if let Some(last) = intervals.last_mut() {
        last[1] = hhmm(middle);
    }
    intervals.push([hhmm(middle + 60), end]);
}

fn staff(editor: Editor) -> impl IntoView {
    let len = Memo::new(move |_| editor.draft.with(|d| d.staff.len()));
    let saved_key = move |key: &str| {
        editor
            .saved
            .with_untracked(|s| s.staff.iter().any(|x| x.key == key))
    };
    let add = move |_| {
        editor.edit(|d| {
            let taken: Vec<String> = d.staff.iter().map(|s| s.key.clone()).collect();
            let weekday = || vec![["09:00".to_owned(), "17:00".to_owned()]];
            d.staff.push(StaffWire {
                key: key_from("", &taken, "staff"),
                name: String::new(),
                services: d.services.iter().map(|s| s.key.clone()).collect(),
                hours: DAYS[..5]
                    .iter()
                    .map(|day| ((*day).to_owned(), weekday()))
                    .collect(),
                time_off: Vec::new(),
            });
        });
        focus_last("staff-name");
    };
    let on_move = move |from: usize, to: usize| editor.edit(|d| d.staff.swap(from, to));
    let on_remove = move |i: usize| {
        editor.edit(|d| {
            d.staff.remove(i);
        })
    };
    let card = move |i: usize| {
        let p = |field: &str| format!("staff[{i}].{field}");
        let name = move || {
            editor.draft.with(|d| {
                d.staff
                    .get(i)
                    .map(|s| s.name.clone())
                    .filter(|n| !n.trim().is_empty())
                    .unwrap_or_else(|| w::NEW_STAFF.to_owned())
            })
        };
        let label = editor
            .draft
            .with_untracked(|d| d.staff.get(i).map(|s| s.name.clone()).unwrap_or_default());
        let services = move || {
            let all: Vec<(String, String)> = editor.draft.with(|d| {
                d.services
                    .iter()
                    .map(|s| (s.key.clone(), s.name.clone()))
                    .collect()
            });
            if all.is_empty() {
                return view! { <p class="ct-hint">{w::NO_SERVICES_YET}</p> }.into_any();
            }
            all.into_iter()
                .map(|(key, service_name)| {
                    let (k1, k2) = (key.clone(), key.clone());
                    fields::check(
                        editor,
                        service_name,
                        format!("performs-{key}"),
                        move |d| d.staff.get(i).is_some_and(|s| s.services.contains(&k1)),
                        move |d, on| {
                            if let Some(s) = d.staff.get_mut(i) {
                                s.services.retain(|x| *x != k2);
                                if on {
                                    s.services.push(k2.clone());
                                }
                            }
                        },
                    )
                })
                .collect_view()
                .into_any()
        };
        view! {
            <li class="ct-card" data-testid="staff">
                <h2 class="ct-h2">{name}</h2>
                <div data-role="staff-name">
                {fields::text(editor, p("name"), w::STAFF_NAME, required(),
                    move |d| d.staff.get(i).map(|s| s.name.clone()).unwrap_or_default(),
                    move |d, v| {
                        let taken: Vec<String> = d.staff.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, s)| s.key.clone()).collect();
                        if let Some(s) = d.staff.get_mut(i) {
                            if !saved_key(&s.key) {
                                s.key = key_from(&v, &taken, "staff");
                            }
                            s.name = v;
                        }
                    })}
                </div>
                <fieldset class="ct-fieldset">
                    <legend class="ct-label">{w::PERFORMS}</legend>
                    {services}
                    <p class="ct-field-error" data-path=format!("staff[{i}].services")>{move || editor.error(&format!("staff[{i}].services"))}</p>
                </fieldset>
                <fieldset class="ct-fieldset">
                    <legend class="ct-label">{w::HOURS}</legend>
                    {(0..7).map(|day| week_day(editor, i, day)).collect_view()}
                </fieldset>
                {time_off(editor, i)}
                {item_tools(label, i, on_move, on_remove, len)}
            </li>
        }
    };
    view! {
        {move || (len.get() == 0).then(|| view! { <p class="ct-empty">{w::NO_STAFF}</p> })}
        <ul class="ct-list ct-cards">{move || (0..len.get()).map(card).collect_view()}</ul>
        <div class="ct-actions">
            <button type="button" class="ct-secondary" data-testid="add-staff" on:click=add>{w::ADD_STAFF}</button>
        </div>
    }
}

/// One weekday of staff member `i`: whether they work, and their intervals.
fn week_day(editor: Editor, i: usize, day: usize) -> impl IntoView {
    let key = DAYS[day];
    let intervals = Memo::new(move |_| {
        editor.draft.with(|d| {
            d.staff
                .get(i)
                .and_then(|s| s.hours.get(key))
                .map_or(0, Vec::len)
        })
    });
    let change = move |f: &dyn Fn(&mut Vec<[String; 2]>)| {
        editor.edit(|d| {
            if let Some(s) = d.staff.get_mut(i) {
                let list = s.hours.entry(key.to_owned()).or_default();
                f(list);
                if list.is_empty() {
                    s.hours.remove(key);
                }
            }
        })
    };
    let works = move |on: bool| {
        change(&|list| {
            list.clear();
            if on {
                list.push(["09:00".to_owned(), "17:00".to_owned()]);
            }
        })
    };
    let copy = move |_| {
        editor.edit(|d| {
            if let Some(s) = d.staff.get_mut(i) {
                let this = s.hours.get(key).cloned().unwrap_or_default();
                for other in DAYS {
                    if other != key && s.hours.contains_key(other) {
                        s.hours.insert(other.to_owned(), this.clone());
                    }
                }
            }
        });
        editor.announce(w::COPIED);
    };
    let day_name = w::DAYS[day];
    let interval = move |j: usize| {
        let path = format!("staff[{i}].hours.{key}[{j}]");
        let (p1, shown) = (path.clone(), path.clone());
        // "Saturday Until", then "Saturday 2 Until" for a second interval, as its Remove button
        // says "Remove Saturday 2": two inputs of a day never share a name.
        let day = if j == 0 {
            day_name.to_owned()
        } else {
            format!("{day_name} {}", j + 1)
        };
        let bound = move |end: usize| {
            let id = format!("{}-{end}", fields::id_of(&path));
            let label = if end == 0 { w::FROM } else { w::UNTIL };
            let p = path.clone();
            view! {
                <label class="ct-time">
                    <span>{label}</span>
                    <input id=id class="ct-input" type="time" step="300"
                        aria-label=format!("{day} {label}")
                        prop:value=move || editor.draft.with(|d| d.staff.get(i).and_then(|s| s.hours.get(key)).and_then(|l| l.get(j)).map(|x| shown_time(&x[end], end == 1)).unwrap_or_default())
                        on:input=move |ev| { let v = stored_time(&event_target_value(&ev), end == 1); change(&|list| if let Some(x) = list.get_mut(j) { x[end] = v.clone() }) }
                        on:blur=move |_| editor.touch(&p) />
                </label>
            }
        };
        view! {
            <div class="ct-interval">
                {bound(0)}{bound(1)}
                {(j > 0).then(|| view! {
                    <button type="button" class="ct-quiet" aria-label=format!("{} {day_name} {}", w::REMOVE, j + 1)
                        on:click=move |_| change(&|list| { if j < list.len() { list.remove(j); } })>{w::REMOVE}</button>
                })}
                <p class="ct-field-error" data-path=shown>{move || editor.error(&p1)}</p>
            </div>
        }
    };
    view! {
        <div class="ct-weekday" data-testid=format!("day-{key}")>
            <label class="ct-check">
                <input type="checkbox" data-testid="works" prop:checked=move || { intervals.get() > 0 }
                    on:change=move |ev| works(event_target_checked(&ev)) />
                {w::WORKS_ON.replace("{day}", day_name)}
            </label>
            {move || (0..intervals.get()).map(interval).collect_view()}
            {move || (intervals.get() > 0).then(|| view! {
                <div class="ct-actions">
                    <button type="button" class="ct-quiet" data-testid="add-break"
                        on:click=move |_| change(&with_break)>{w::ADD_BREAK}</button>
                    <button type="button" class="ct-quiet" data-testid="copy-day" on:click=copy>{w::COPY_DAY}</button>
                </div>
            })}
        </div>
    }
}

/// The periods off of staff member `i`, edited as local date-times in the salon's zone.
fn time_off(editor: Editor, i: usize) -> impl IntoView {
    let len = Memo::new(move |_| {
        editor
            .draft
            .with(|d| d.staff.get(i).map_or(0, |s| s.time_off.len()))
    });
    let add = move |_| {
        editor.edit(|d| {
            let zone = d.timezone.clone();
            if let Some(s) = d.staff.get_mut(i) {
                let today = jiff::Zoned::now().with_time_zone(zone_of(&zone)).date();
                let start = local_to_instant(&format!("{today}T00:00"), &zone).unwrap_or_default();
                let end = today
                    .tomorrow()
                    .ok()
                    .and_then(|t| local_to_instant(&format!("{t}T00:00"), &zone))
                    .unwrap_or_default();
                s.time_off.push(TimeOffWire { start, end });
            }
        })
    };
    let period = move |j: usize| {
        let bound = move |end: bool| {
            let path = format!(
                "staff[{i}].time_off[{j}].{}",
                if end { "end" } else { "start" }
            );
            let (p, shown) = (path.clone(), path.clone());
            view! {
                <div class="ct-field">
                    <label class="ct-label" for=fields::id_of(&path)>{if end { w::BACK_ON } else { w::OFF_FROM }}</label>
                    <input id=fields::id_of(&path) class="ct-input" type="datetime-local"
                        prop:value=move || editor.draft.with(|d| {
                            d.staff.get(i).and_then(|s| s.time_off.get(j)).map(|t| instant_to_local(if end { &t.end } else { &t.start }, &d.timezone)).unwrap_or_default()
                        })
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            editor.edit(|d| {
                                let zone = d.timezone.clone();
                                if let (Some(t), Some(at)) = (d.staff.get_mut(i).and_then(|s| s.time_off.get_mut(j)), local_to_instant(&v, &zone)) {
                                    if end { t.end = at } else { t.start = at }
                                }
                            })
                        } />
                    <p class="ct-field-error" data-path=shown>{move || editor.error(&p)}</p>
                </div>
            }
        };
        view! {
            <div class="ct-row2 ct-period">
                {bound(false)}{bound(true)}
                <button type="button" class="ct-quiet" on:click=move |_| editor.edit(|d| if let Some(s) = d.staff.get_mut(i) { if j < s.time_off.len() { s.time_off.remove(j); } })>{w::REMOVE}</button>
            </div>
        }
    };
    view! {
        <fieldset class="ct-fieldset">
            <legend class="ct-label">{w::TIME_OFF}</legend>
            <p class="ct-hint">{w::TIME_OFF_HINT}</p>
            {move || (0..len.get()).map(period).collect_view()}
            <button type="button" class="ct-quiet" data-testid="add-time-off" on:click=add>{w::ADD_TIME_OFF}</button>
        </fieldset>
    }
}

/// The zones a salon can be in: the database's regional names (`Europe/Paris`), not `Etc/…` or
/// the old aliases without a region.
pub fn zone_names() -> Vec<String> {
    jiff::tz::db()
        .available()
        .map(|n| n.as_str().to_owned())
        .filter(|n| n.contains('/') && !n.starts_with("Etc/"))
        .collect()
}

fn zone_of(name: &str) -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::get(name).unwrap_or(jiff::tz::TimeZone::UTC)
}

/// `2026-12-24T09:00` in `zone` as RFC 3339 with the offset of that moment there.
pub fn local_to_instant(local: &str, zone: &str) -> Option<String> {
    let civil: jiff::civil::DateTime = local.parse().ok()?;
    let zoned = civil.to_zoned(zone_of(zone)).ok()?;
    Some(
        zoned
            .timestamp()
            .display_with_offset(zoned.offset())
            .to_string(),
    )
}

/// An RFC 3339 instant as `2026-12-24T09:00` in `zone`.
pub fn instant_to_local(instant: &str, zone: &str) -> String {
    match instant.parse::<jiff::Timestamp>() {
        Ok(t) => t
            .to_zoned(zone_of(zone))
            .datetime()
            .strftime("%Y-%m-%dT%H:%M")
            .to_string(),
        Err(_) => String::new(),
    }
}

fn notifications(editor: Editor) -> impl IntoView {
    let leads = w::LEADS.map(|(lead, text)| {
        fields::check(
            editor,
            text,
            format!("lead-{lead}"),
            move |d| d.notifications.reminder_minutes_before.contains(&lead),
            move |d, on| {
                let list = &mut d.notifications.reminder_minutes_before;
                list.retain(|m| *m != lead);
                if on {
                    list.push(lead);
                    list.sort_unstable_by(|a, b| b.cmp(a));
                }
            },
        )
    });
    view! {
        {fields::area(editor, "notifications.owner_emails".into(), w::OWNER_EMAILS, look(w::OWNER_EMAILS_HINT),
            |d| d.notifications.owner_emails.join("\n"),
            |d, v| d.notifications.owner_emails = v.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect())}
        {fields::text(editor, "notifications.reply_to".into(), w::REPLY_TO, Look { kind: "email", hint: w::REPLY_TO_HINT, ..Look::default() },
            |d| d.notifications.reply_to.clone().unwrap_or_default(),
            |d, v| d.notifications.reply_to = Some(v).filter(|v| !v.trim().is_empty()))}
        <fieldset class="ct-fieldset">
            <legend class="ct-label">{w::REMINDERS}</legend>
            {leads.into_iter().collect_view()}
            <p class="ct-field-error" data-path="notifications.reminder_minutes_before">{move || editor.error("notifications.reminder_minutes_before")}</p>
        </fieldset>
        {fields::check(editor, w::SMS, "sms".to_owned(), |d| d.notifications.sms_reminders, |d, on| d.notifications.sms_reminders = on)}
    }
}

fn sites(editor: Editor) -> impl IntoView {
    let len = Memo::new(move |_| editor.draft.with(|d| d.allowed_origins.len()));
    let add = move |_| {
        editor.edit(|d| d.allowed_origins.push("https://".to_owned()));
        focus_last("site");
    };
    let row = move |i: usize| {
        view! {
            <div class="ct-site" data-role="site">
                {fields::text(editor, format!("allowed_origins[{i}]"), format!("{} {}", w::SITE, i + 1),
                    Look { kind: "url", inputmode: "url", ..Look::default() },
                    move |d| d.allowed_origins.get(i).cloned().unwrap_or_default(),
                    move |d, v| if let Some(o) = d.allowed_origins.get_mut(i) { *o = v.trim().trim_end_matches('/').to_owned() })}
                <button type="button" class="ct-quiet" aria-label=format!("{} {} {}", w::REMOVE, w::SITE, i + 1)
                    on:click=move |_| editor.edit(|d| if i < d.allowed_origins.len() { d.allowed_origins.remove(i); })>{w::REMOVE}</button>
            </div>
        }
    };
    view! {
        <p class="ct-sub">{w::SITES_HINT}</p>
        {move || (len.get() == 0).then(|| view! { <p class="ct-empty">{w::NO_SITES}</p> })}
        {move || (0..len.get()).map(row).collect_view()}
        <div class="ct-actions">
            <button type="button" class="ct-secondary" data-testid="add-site" on:click=add>{w::ADD_SITE}</button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_come_from_names_and_never_repeat() {
        let none: Vec<String> = Vec::new();
        assert_eq!(key_from("Coupe femme", &none, "service"), "coupe-femme");
        assert_eq!(
            key_from("  Brushing & Soin!! ", &none, "service"),
            "brushing-soin"
        );
        assert_eq!(
            key_from("Éclaircissement", &none, "service"),
            "eclaircissement"
        );
        assert_eq!(key_from("", &none, "service"), "service");
        assert_eq!(key_from("Any", &none, "staff"), "staff");
        let taken = vec!["cut".to_owned(), "cut-2".to_owned()];
        assert_eq!(key_from("Cut", &taken, "service"), "cut-3");
        let long = key_from(&"x".repeat(100), &none, "s");
        assert!(shared::keys::Key::parse(&long).is_ok() && long.len() <= 40);
    }

    #[test]
    fn an_interval_that_ends_at_00_00_ends_at_midnight() {
        assert_eq!(stored_time("00:00", true), "24:00");
        assert_eq!(shown_time("24:00", true), "00:00");
        // A start at midnight is the start of the day.
        assert_eq!(stored_time("00:00", false), "00:00");
        assert_eq!(shown_time("00:00", false), "00:00");
        for typed in ["09:00", "18:30", "23:55", ""] {
            assert_eq!(stored_time(typed, true), typed);
            assert_eq!(shown_time(&stored_time(typed, true), true), typed);
        }
        let stored = stored_time("00:00", true);
        assert_eq!(parse_hhmm(&stored), Some(24 * 60));
    }

    #[test]
    fn a_break_splits_the_last_interval_around_its_middle_hour() {
        let mut day = vec![["09:00".to_owned(), "18:00".to_owned()]];
        with_break(&mut day);
        assert_eq!(
            day,
            [["09:00", "13:00"], ["14:00", "18:00"]].map(|[a, b]| [a.to_owned(), b.to_owned()])
        );
        let mut short = vec![["09:00".to_owned(), "11:00".to_owned()]];
        with_break(&mut short);
        assert_eq!(short.len(), 1);
    }

    #[test]
    fn time_off_is_written_with_the_offset_of_that_moment_in_the_salon_s_zone() {
        // Paris is UTC+1 in winter and UTC+2 in summer; the change is 2027-03-28 at 02:00.
        assert_eq!(
            local_to_instant("2026-12-24T09:00", "Europe/Paris").unwrap(),
            "2026-12-24T09:00:00+01:00"
        );
        assert_eq!(
            local_to_instant("2027-03-28T03:00", "Europe/Paris").unwrap(),
            "2027-03-28T03:00:00+02:00"
        );
        assert_eq!(
            local_to_instant("2028-02-29T00:00", "America/New_York").unwrap(),
            "2028-02-29T00:00:00-05:00"
        );
        assert_eq!(
            instant_to_local("2026-12-31T23:30:00Z", "Europe/Paris"),
            "2027-01-01T00:30"
        );
        assert_eq!(local_to_instant("2026-02-30T09:00", "Europe/Paris"), None);
    }
}
