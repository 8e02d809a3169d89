use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::{
    BookingStatus, ClientDetail, ClientNoteRequest, ClientsWire, ErasureRequest, Outcome,
    OwnerBooking,
};
use shared::paths::ApiPath;

use crate::api;
use crate::components::{BookingDialog, Heading, NavLink, Problem};
use crate::route::Page;
use crate::state::{Console, Salon};
use crate::texts::TEXTS;
use crate::timeline::parse_stamp;
use crate::zone;

/// Writes `q` for a query string: everything but unreserved characters percent-encoded.
fn encode(q: &str) -> String {
    q.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Everyone who booked, most recent first, searchable by name, email or phone as one types.
#[component]
pub fn ClientsScreen(console: Console, salon: Salon) -> impl IntoView {
    let slug = salon.profile.slug.clone();
    let export = view! { <Export slug=slug.clone() /> };
    let zone_name = StoredValue::new(salon.zone().to_owned());
    let typed = RwSignal::new(String::new());
    let query = RwSignal::new(String::new());
    // Searches start when typing pauses, so a name typed quickly is one request.
    let generation = StoredValue::new(0u32);
    Effect::new(move |_| {
        let text = typed.get();
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        set_timeout(
            move || {
                let text = text.trim();
                if generation.get_value() == mine && query.get_untracked() != text {
                    query.set(text.to_owned());
                }
            },
            std::time::Duration::from_millis(250),
        );
    });
    let base = ApiPath::AdminClients { slug: &slug }.to_string();
    let data = api::Loaded::<ClientsWire>::new(base.clone());
    Effect::new(move |first: Option<()>| {
        let q = query.get();
        if first.is_some() {
            data.load(if q.is_empty() {
                base.clone()
            } else {
                format!("{base}?q={}", encode(&q))
            });
        }
    });
    Effect::new(move |_| {
        if let Some(Err(e)) = data.get() {
            console.check(&e);
        }
    });
    let list = move || match data.get() {
        None => view! { <div class="ct-skeleton" aria-busy="true"></div> }.into_any(),
        Some(Err(e)) => view! { <Problem message=Some(e.message()) /> }.into_any(),
        Some(Ok(c)) if c.clients.is_empty() => {
            view! { <p class="ct-empty" data-testid="no-clients">{TEXTS.no_clients}</p> }.into_any()
        }
        Some(Ok(c)) => {
            let zone_name = zone_name.get_value();
            view! {
                <ul class="ct-list" data-testid="clients">
                    {c.clients.into_iter().map(|c| {
                        let contact = [c.email.clone(), c.phone.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ");
                        let last = c.last_visit.as_deref().and_then(parse_stamp)
                            .map(|s| format!("{} {}", TEXTS.last_visit, zone::date_time(&zone_name, s.secs)));
                        let page = Page::Client { salon: slug.clone(), id: c.id.clone() };
                        view! {
                            <li class="ct-client">
                                <NavLink console page=page class="ct-client-name" text=c.name.clone() />
                                <span class="ct-row-meta">{contact}</span>
                                <span class="ct-row-meta">
                                    {format!("{} {} · {} {}", c.visits, TEXTS.visits, c.no_shows, TEXTS.no_shows)}
                                    {last.map(|l| format!(" · {l}"))}
                                </span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
            .into_any()
        }
    };
    view! {
        <main id="main" class="ct-main" data-testid="clients-screen">
            <Heading console text=TEXTS.clients.to_owned() />
            <form role="search" class="ct-search" on:submit=move |ev| { ev.prevent_default(); query.set(typed.get_untracked().trim().to_owned()); }>
                <label class="ct-label" for="ct-client-search">{TEXTS.search_clients}</label>
                <input id="ct-client-search" class="ct-input" type="search" autocomplete="off"
                    prop:value=typed on:input=move |ev| typed.set(event_target_value(&ev)) />
            </form>
            {list}
            {export}
        </main>
    }
}

/// Links that download everything the salon keeps: the whole export (JSON) and its two tables
/// (CSV). Plain links: the browser sends the session cookie and saves the file.
#[component]
fn Export(slug: String) -> impl IntoView {
    let base = ApiPath::AdminExport { slug: &slug }.to_string();
    view! {
        <section class="ct-export" aria-labelledby="ct-export">
            <h2 class="ct-h2" id="ct-export">{TEXTS.export}</h2>
            <p class="ct-hint">{TEXTS.export_hint}</p>
            <ul class="ct-list ct-links">
                <li><a class="ct-link" href=base.clone() download data-testid="export-json">{TEXTS.export_all}</a></li>
                <li><a class="ct-link" href=format!("{base}?format=csv&part=bookings") download>{TEXTS.export_bookings}</a></li>
                <li><a class="ct-link" href=format!("{base}?format=csv&part=clients") download>{TEXTS.export_clients}</a></li>
            </ul>
        </section>
    }
}

/// Erasing a client's personal data, after a confirmation: their name, email, phone and notes are
/// replaced on every booking (the times stay, so the calendar stays true); then the list of clients.
#[component]
fn Erase(console: Console, slug: String, id: String) -> impl IntoView {
    let asking = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let url = ApiPath::AdminErasures { slug: &slug }.to_string();
    let erase = move |_| {
        if busy.get_untracked() {
            return;
        }
        let (url, slug) = (url.clone(), slug.clone());
        let body = ErasureRequest {
            email: None,
            phone: None,
            client_id: Some(id.clone()),
        };
        busy.set(true);
        spawn_local(async move {
            let result = api::act("POST", &url, Some(&body)).await;
            busy.set(false);
            match result {
                Ok(()) => {
                    console.announce.set(TEXTS.erased.to_owned());
                    console.go(Page::Clients { salon: slug });
                }
                Err(e) => {
                    console.check(&e);
                    problem.set(Some(e.message()));
                }
            }
        });
    };
    view! {
        <section class="ct-erase" aria-labelledby="ct-erase">
            <h2 class="ct-h2" id="ct-erase">{TEXTS.erase_title}</h2>
            <p class="ct-hint">{TEXTS.erase_hint}</p>
            <Problem message=problem />
            <Show when=move || asking.get() fallback=move || view! {
                <button type="button" class="ct-secondary ct-danger" data-testid="erase"
                    on:click=move |_| asking.set(true)>{TEXTS.erase}</button>
            }>
                <p class="ct-problem" role="alert">{TEXTS.erase_confirm}</p>
                <div class="ct-actions">
                    <button type="button" class="ct-primary ct-danger-fill" data-testid="erase-confirm"
                        aria-disabled=move || busy.get().to_string() on:click=erase.clone()>{TEXTS.erase_yes}</button>
                    <button type="button" class="ct-secondary" on:click=move |_| asking.set(false)>{TEXTS.erase_no}</button>
                </div>
            </Show>
        </section>
    }
}

/// One client: how to reach them, their visits and no-shows, the salon's private note about them and
/// every booking they made, newest first.
///
/// - `id`: the client's id in the salon.
#[component]
pub fn ClientScreen(console: Console, salon: Salon, id: String) -> impl IntoView {
    let slug = salon.profile.slug.clone();
    let salon = StoredValue::new(salon);
    let url = ApiPath::AdminClient {
        slug: &slug,
        id: &id,
    }
    .to_string();
    let note_url = StoredValue::new(
        ApiPath::AdminClientNote {
            slug: &slug,
            id: &id,
        }
        .to_string(),
    );
    let data = api::Loaded::<ClientDetail>::new(url);
    let (slug, id) = (StoredValue::new(slug), StoredValue::new(id));
    Effect::new(move |_| {
        if let Some(Err(e)) = data.get() {
            console.check(&e);
        }
    });
    let dialog = RwSignal::new(None::<OwnerBooking>);
    let body = move || match data.get() {
        None => view! { <div class="ct-skeleton" aria-busy="true"></div> }.into_any(),
        Some(Err(e)) => view! {
            <Heading console text=TEXTS.client.to_owned() />
            <Problem message=Some(e.message()) />
        }
        .into_any(),
        Some(Ok(detail)) => {
            let zone_name = salon.with_value(|s| s.zone().to_owned());
            let c = detail.client;
            let when = |v: &Option<String>| {
                v.as_deref()
                    .and_then(parse_stamp)
                    .map(|s| zone::date_time(&zone_name, s.secs))
            };
            let (last, next) = (when(&c.last_visit), when(&c.next_visit));
            let history = detail
                .bookings
                .into_iter()
                .map(|b| {
                    let start = parse_stamp(&b.booking.start)
                        .map_or_else(|| b.booking.start.clone(), |s| zone::date_time(&zone_name, s.secs));
                    let status = match (b.booking.status, b.outcome) {
                        (BookingStatus::Cancelled, _) => TEXTS.cancelled,
                        (_, Some(Outcome::Completed)) => TEXTS.completed,
                        (_, Some(Outcome::NoShow)) => TEXTS.no_show,
                        _ => TEXTS.confirmed,
                    };
                    let what = salon.with_value(|s| {
                        format!("{} · {}", s.service_name(&b.booking.service), s.staff_name(&b.booking.staff))
                    });
                    let booking = b.clone();
                    view! {
                        <li>
                            <button type="button" class="ct-wk-item" data-status=b.booking.status.as_str()
                                on:click=move |_| dialog.set(Some(booking.clone()))>
                                <span class="ct-b-time">{start}</span>
                                <span class="ct-b-svc">{what}</span>
                                <span class="ct-b-outcome">{status}</span>
                            </button>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <Heading console text=c.name.clone() />
                <dl class="ct-facts">
                    {c.email.clone().map(|e| view! { <div class="ct-fact"><dt>{TEXTS.email}</dt><dd><a class="ct-link" href=format!("mailto:{e}")>{e.clone()}</a></dd></div> })}
                    {c.phone.clone().map(|p| view! { <div class="ct-fact"><dt>{TEXTS.phone}</dt><dd><a class="ct-link" href=format!("tel:{p}")>{p.clone()}</a></dd></div> })}
                    <div class="ct-fact"><dt>{TEXTS.visits_label}</dt><dd data-testid="visits">{c.visits}</dd></div>
                    <div class="ct-fact"><dt>{TEXTS.no_shows_label}</dt><dd data-testid="no-shows">{c.no_shows}</dd></div>
                    {last.map(|l| view! { <div class="ct-fact"><dt>{TEXTS.last_visit}</dt><dd>{l}</dd></div> })}
                    {next.map(|n| view! { <div class="ct-fact"><dt>{TEXTS.next_visit}</dt><dd>{n}</dd></div> })}
                </dl>
                <NoteEditor console url=note_url.get_value() note=detail.note />
                <h2 class="ct-h2">{TEXTS.history}</h2>
                <ul class="ct-wk-list" data-testid="history">{history}</ul>
                <Erase console slug=slug.get_value() id=id.get_value() />
            }
            .into_any()
        }
    };
    let dialog_view = move || {
        dialog.get().map(|booking| {
            view! {
                <BookingDialog console salon booking
                    on_changed=Callback::new(move |_| data.refetch())
                    on_close=Callback::new(move |_| dialog.set(None)) />
            }
        })
    };
    let back = Page::Clients {
        salon: slug.get_value(),
    };
    view! {
        <main id="main" class="ct-main" data-testid="client-screen">
            <p><NavLink console page=back class="ct-back" text=format!("← {}", TEXTS.all_clients) /></p>
            {body}
            {dialog_view}
        </main>
    }
}

/// The salon's private note about a client, saved on request.
///
/// - `url`: where the note is put.
/// - `note`: the note as loaded.
#[component]
fn NoteEditor(console: Console, url: String, note: String) -> impl IntoView {
    let text = RwSignal::new(note);
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let body = ClientNoteRequest {
            note: text.get_untracked(),
        };
        let url = url.clone();
        busy.set(true);
        problem.set(None);
        saved.set(false);
        spawn_local(async move {
            let result = api::act("PUT", &url, Some(&body)).await;
            busy.set(false);
            match result {
                Ok(()) => {
                    saved.set(true);
                    console.announce.set(TEXTS.note_saved.to_owned());
                }
                Err(e) => {
                    console.check(&e);
                    problem.set(Some(e.message()));
                }
            }
        });
    };
    view! {
        <form class="ct-form ct-note" on:submit=submit data-testid="note-form">
            <label class="ct-label" for="ct-note">{TEXTS.private_note}</label>
            <p class="ct-hint" id="ct-note-hint">{TEXTS.private_note_hint}</p>
            <textarea id="ct-note" class="ct-input" rows="4" aria-describedby="ct-note-hint"
                prop:value=text on:input=move |ev| { saved.set(false); text.set(event_target_value(&ev)); }></textarea>
            <Problem message=problem />
            <div class="ct-actions">
                <button type="submit" class="ct-secondary" aria-disabled=move || busy.get().to_string()>
                    {move || if busy.get() { TEXTS.saving } else { TEXTS.save_note }}
                </button>
                <Show when=move || saved.get()><span class="ct-saved">{TEXTS.note_saved}</span></Show>
            </div>
        </form>
    }
}
