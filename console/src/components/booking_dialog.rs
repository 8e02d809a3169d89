use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::{
    BookingStatus, Outcome, OutcomeRequest, OwnerBooking, OwnerBookingReply, OwnerCancelRequest,
    OwnerRescheduleRequest,
};
use shared::date::CalendarDate;
use shared::paths::ApiPath;

use super::{follow, Modal, Problem};
use crate::api::{self, ApiFailure};
use crate::route::Page;
use crate::state::{Console, Salon};
use crate::texts::TEXTS;
use crate::timeline::{self, parse_stamp};
use crate::zone;

/// What the dialog shows.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    Facts,
    Move,
    Cancel,
}

/// A booking's details and what the salon can do with it: move it, cancel it (with a message to the
/// client, after a confirmation), record whether the client came. Every change waits for the API's
/// answer; a refusal shows the API's sentence in the dialog, and a change refreshes the calendar
/// behind it.
///
/// - `salon`: names of services and staff, the zone.
/// - `booking`: the booking as the calendar had it.
/// - `on_changed`: the booking changed; the calendar reloads.
/// - `on_close`: the dialog is done.
#[component]
pub fn BookingDialog(
    console: Console,
    salon: StoredValue<Salon>,
    booking: OwnerBooking,
    on_changed: Callback<()>,
    on_close: Callback<()>,
) -> impl IntoView {
    let shown = RwSignal::new(booking);
    let mode = RwSignal::new(Mode::Facts);
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let zone_name = StoredValue::new(salon.with_value(|s| s.zone().to_owned()));
    let slug = salon.with_value(|s| s.profile.slug.clone());
    let id = shown.with_untracked(|b| b.booking.id.clone());
    let outcome_url = StoredValue::new(
        ApiPath::AdminBookingOutcome {
            slug: &slug,
            id: &id,
        }
        .to_string(),
    );
    let cancel_url = ApiPath::AdminCancelBooking {
        slug: &slug,
        id: &id,
    }
    .to_string();
    let move_url = ApiPath::AdminRescheduleBooking {
        slug: &slug,
        id: &id,
    }
    .to_string();

    // A refusal may come from something new on the calendar (a booking made meanwhile): the day
    // behind reloads too.
    let failed = move |e: ApiFailure| {
        console.check(&e);
        let message = e.message();
        console.announce.set(message.clone());
        problem.set(Some(message));
        on_changed.run(());
    };
    let set_outcome = move |outcome: Option<Outcome>| {
        let url = outcome_url.get_value();
        busy.set(true);
        problem.set(None);
        spawn_local(async move {
            let result: Result<OwnerBookingReply, _> =
                api::call("POST", &url, &OutcomeRequest { outcome }, None).await;
            busy.set(false);
            match result {
                Ok(reply) => {
                    shown.set(reply.booking);
                    console.announce.set(
                        match outcome {
                            Some(Outcome::Completed) => TEXTS.marked_completed,
                            Some(Outcome::NoShow) => TEXTS.marked_no_show,
                            None => TEXTS.outcome_cleared,
                        }
                        .to_owned(),
                    );
                    on_changed.run(());
                }
                Err(e) => failed(e),
            }
        });
    };

    let facts = move || {
        let b = shown.get();
        let zone_name = zone_name.get_value();
        let start = parse_stamp(&b.booking.start);
        let end = parse_stamp(&b.booking.end);
        let when = match (start, end) {
            (Some(s), Some(e)) => format!(
                "{} – {}",
                zone::date_time(&zone_name, s.secs),
                zone::time(&zone_name, e.secs)
            ),
            _ => b.booking.start.clone(),
        };
        let created = parse_stamp(&b.created_at).map_or_else(
            || b.created_at.clone(),
            |s| zone::date_time(&zone_name, s.secs),
        );
        let status = match (b.booking.status, b.outcome) {
            (BookingStatus::Cancelled, _) => TEXTS.cancelled.to_owned(),
            (_, Some(Outcome::Completed)) => TEXTS.completed.to_owned(),
            (_, Some(Outcome::NoShow)) => TEXTS.no_show.to_owned(),
            _ => TEXTS.confirmed.to_owned(),
        };
        let client = b.booking.client.clone();
        let client_page = (!b.client_id.is_empty()).then(|| Page::Client {
            salon: salon.with_value(|s| s.profile.slug.clone()),
            id: b.client_id.clone(),
        });
        let moves = b.moves;
        view! {
            <dl class="ct-facts" data-testid="booking-facts">
                <div class="ct-fact"><dt>{TEXTS.client}</dt><dd>{match client_page {
                    Some(page) => {
                        let href = page.href();
                        view! { <a class="ct-link" href=href on:click=move |ev| { on_close.run(()); follow(console, ev, page.clone()); }>{client.name.clone()}</a> }.into_any()
                    }
                    None => client.name.clone().into_any(),
                }}</dd></div>
                {client.email.clone().map(|e| view! { <div class="ct-fact"><dt>{TEXTS.email}</dt><dd><a class="ct-link" href=format!("mailto:{e}")>{e.clone()}</a></dd></div> })}
                {client.phone.clone().map(|p| view! { <div class="ct-fact"><dt>{TEXTS.phone}</dt><dd><a class="ct-link" href=format!("tel:{p}")>{p.clone()}</a></dd></div> })}
                <div class="ct-fact"><dt>{TEXTS.service}</dt><dd>{salon.with_value(|s| s.service_name(&b.booking.service))}</dd></div>
                <div class="ct-fact"><dt>{TEXTS.staff}</dt><dd>{salon.with_value(|s| s.staff_name(&b.booking.staff))}</dd></div>
                <div class="ct-fact"><dt>{TEXTS.time}</dt><dd data-testid="booking-time">{when}</dd></div>
                <div class="ct-fact"><dt>{TEXTS.code}</dt><dd class="ct-code">{b.booking.code.clone()}</dd></div>
                <div class="ct-fact"><dt>{TEXTS.status}</dt><dd data-testid="booking-status">{status}</dd></div>
                {(!b.notes.is_empty()).then(|| view! { <div class="ct-fact"><dt>{TEXTS.notes}</dt><dd class="ct-pre">{b.notes.clone()}</dd></div> })}
                <div class="ct-fact"><dt>{TEXTS.created}</dt><dd>{created}</dd></div>
                {(moves > 0).then(|| view! { <div class="ct-fact"><dt>{TEXTS.moves}</dt><dd>{moves}</dd></div> })}
            </dl>
        }
    };

    let actions = move || {
        let b = shown.get();
        let confirmed = b.booking.status == BookingStatus::Confirmed;
        let outcome = b.outcome;
        confirmed.then(|| {
            view! {
                <div class="ct-actions">
                    <button type="button" class="ct-secondary" on:click=move |_| { problem.set(None); mode.set(Mode::Move); }>{TEXTS.move_booking}</button>
                    <button type="button" class="ct-secondary ct-danger" on:click=move |_| { problem.set(None); mode.set(Mode::Cancel); }>{TEXTS.cancel_booking}</button>
                </div>
                <div class="ct-actions" role="group" aria-label=TEXTS.outcome>
                    <button type="button" class="ct-chip" aria-pressed=move || (outcome == Some(Outcome::Completed)).to_string()
                        aria-disabled=move || busy.get().to_string()
                        on:click=move |_| if !busy.get_untracked() {
                            set_outcome(if outcome == Some(Outcome::Completed) { None } else { Some(Outcome::Completed) })
                        }>{TEXTS.mark_completed}</button>
                    <button type="button" class="ct-chip" aria-pressed=move || (outcome == Some(Outcome::NoShow)).to_string()
                        aria-disabled=move || busy.get().to_string()
                        on:click=move |_| if !busy.get_untracked() {
                            set_outcome(if outcome == Some(Outcome::NoShow) { None } else { Some(Outcome::NoShow) })
                        }>{TEXTS.mark_no_show}</button>
                </div>
            }
        })
    };

    let body = move || match mode.get() {
        Mode::Facts => view! { {facts} {actions} }.into_any(),
        Mode::Move => view! {
            <MoveForm console salon booking=shown.get_untracked() url=move_url.clone() busy problem
                on_moved=Callback::new(move |b: OwnerBooking| {
                    shown.set(b);
                    mode.set(Mode::Facts);
                    console.announce.set(TEXTS.moved.to_owned());
                    on_changed.run(());
                })
                on_refused=on_changed
                on_back=Callback::new(move |_| { problem.set(None); mode.set(Mode::Facts) }) />
        }
        .into_any(),
        Mode::Cancel => view! {
            <CancelForm url=cancel_url.clone() busy problem
                on_cancelled=Callback::new(move |_| {
                    console.announce.set(TEXTS.cancelled_done.to_owned());
                    on_changed.run(());
                    on_close.run(());
                })
                on_back=Callback::new(move |_| { problem.set(None); mode.set(Mode::Facts) }) />
        }
        .into_any(),
    };
    let title = Signal::derive(move || match mode.get() {
        Mode::Facts => shown.with(|b| b.booking.client.name.clone()),
        Mode::Move => TEXTS.move_title.to_owned(),
        Mode::Cancel => TEXTS.cancel_title.to_owned(),
    });
    view! {
        <Modal title on_close>
            <Problem message=problem />
            {body}
        </Modal>
    }
}

/// Moving a booking: a date, a time and who, and whether to go past the salon's usual notice and
/// booking window. The old time is given up only if the new one is taken.
#[component]
fn MoveForm(
    console: Console,
    salon: StoredValue<Salon>,
    booking: OwnerBooking,
    url: String,
    busy: RwSignal<bool>,
    problem: RwSignal<Option<String>>,
    on_moved: Callback<OwnerBooking>,
    on_refused: Callback<()>,
    on_back: Callback<()>,
) -> impl IntoView {
    let start = parse_stamp(&booking.booking.start);
    let date = RwSignal::new(start.map(|s| s.date.to_string()).unwrap_or_default());
    let time = RwSignal::new(start.map(|s| timeline::hhmm(s.minutes)).unwrap_or_default());
    let staff = RwSignal::new(booking.booking.staff.clone());
    let override_rules = RwSignal::new(false);
    let key = StoredValue::new(api::new_idempotency_key());
    let service = booking.booking.service.clone();
    let slug = salon.with_value(|s| s.profile.slug.clone());
    let choices = salon.with_value(|s| {
        let own = console.own_staff(&slug);
        s.profile
            .staff
            .iter()
            .filter(|m| m.services.contains(&service) || m.key == booking.booking.staff)
            .filter(|m| own.as_ref().is_none_or(|o| *o == m.key))
            .map(|m| (m.key.clone(), m.name.clone()))
            .collect::<Vec<_>>()
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Some(start) =
            salon.with_value(|s| start_of(s.zone(), &date.get_untracked(), &time.get_untracked()))
        else {
            problem.set(Some(TEXTS.date_time_needed.to_owned()));
            return;
        };
        let body = OwnerRescheduleRequest {
            start,
            staff: staff.get_untracked(),
            override_rules: override_rules.get_untracked(),
        };
        let url = url.clone();
        let key = key.get_value();
        busy.set(true);
        problem.set(None);
        spawn_local(async move {
            let result: Result<OwnerBookingReply, ApiFailure> =
                api::call("POST", &url, &body, Some(&key)).await;
            busy.set(false);
            match result {
                Ok(reply) => on_moved.run(reply.booking),
                Err(e) => {
                    console.check(&e);
                    let m = e.message();
                    console.announce.set(m.clone());
                    problem.set(Some(m));
                    on_refused.run(());
                }
            }
        });
    };
    // Another time or person is another attempt: a new idempotency key.
    Effect::new(move |_| {
        date.track();
        time.track();
        staff.track();
        override_rules.track();
        key.set_value(api::new_idempotency_key());
    });
    view! {
        <form class="ct-form" on:submit=submit data-testid="move-form">
            <label class="ct-label" for="ct-move-date">{TEXTS.date}</label>
            <input id="ct-move-date" class="ct-input" type="date" required autofocus
                prop:value=date on:input=move |ev| date.set(event_target_value(&ev)) />
            <label class="ct-label" for="ct-move-time">{TEXTS.time}</label>
            <input id="ct-move-time" class="ct-input" type="time" step="300" required
                prop:value=time on:input=move |ev| time.set(event_target_value(&ev)) />
            <label class="ct-label" for="ct-move-staff">{TEXTS.staff}</label>
            <select id="ct-move-staff" class="ct-input" prop:value=staff on:change=move |ev| staff.set(event_target_value(&ev))>
                {choices.into_iter().map(|(k, n)| {
                    let selected = staff.get_untracked() == k;
                    view! { <option value=k selected=selected>{n}</option> }
                }).collect_view()}
            </select>
            <OverrideBox id="ct-move-override" value=override_rules />
            <div class="ct-actions">
                <button type="submit" class="ct-primary" aria-disabled=move || busy.get().to_string()>
                    {move || if busy.get() { TEXTS.saving } else { TEXTS.move_save }}
                </button>
                <button type="button" class="ct-quiet" on:click=move |_| on_back.run(())>{TEXTS.back}</button>
            </div>
        </form>
    }
}

/// The "outside the usual notice or booking window" checkbox of a new booking or a move.
///
/// - `id`: the input's id.
/// - `value`: checked.
#[component]
pub fn OverrideBox(id: &'static str, value: RwSignal<bool>) -> impl IntoView {
    let hint = format!("{id}-hint");
    view! {
        <div class="ct-check">
            <input id=id type="checkbox" prop:checked=value aria-describedby=hint.clone()
                on:change=move |ev| value.set(event_target_checked(&ev)) />
            <label for=id>{TEXTS.override_rules}</label>
        </div>
        <p class="ct-hint" id=hint>{TEXTS.override_hint}</p>
    }
}

/// Cancelling a booking, after a confirmation: an optional message for the client.
#[component]
fn CancelForm(
    url: String,
    busy: RwSignal<bool>,
    problem: RwSignal<Option<String>>,
    on_cancelled: Callback<()>,
    on_back: Callback<()>,
) -> impl IntoView {
    let message = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let text = message.get_untracked().trim().to_owned();
        let body = OwnerCancelRequest {
            message: (!text.is_empty()).then_some(text),
        };
        let url = url.clone();
        busy.set(true);
        problem.set(None);
        spawn_local(async move {
            let result = api::act("POST", &url, Some(&body)).await;
            busy.set(false);
            match result {
                Ok(()) => on_cancelled.run(()),
                Err(e) => problem.set(Some(e.message())),
            }
        });
    };
    view! {
        <form class="ct-form" on:submit=submit data-testid="cancel-form">
            <p>{TEXTS.cancel_question}</p>
            <label class="ct-label" for="ct-cancel-message">{TEXTS.cancel_message}</label>
            <textarea id="ct-cancel-message" class="ct-input" rows="3" maxlength="500" autofocus
                prop:value=message on:input=move |ev| message.set(event_target_value(&ev))></textarea>
            <div class="ct-actions">
                <button type="submit" class="ct-primary ct-danger-fill" aria-disabled=move || busy.get().to_string()>
                    {move || if busy.get() { TEXTS.saving } else { TEXTS.cancel_confirm }}
                </button>
                <button type="button" class="ct-quiet" on:click=move |_| on_back.run(())>{TEXTS.keep_booking}</button>
            </div>
        </form>
    }
}

/// The RFC 3339 start of a date and time typed in the salon's zone (`YYYY-MM-DD`, `HH:MM`).
pub fn start_of(zone_name: &str, date: &str, time: &str) -> Option<String> {
    let date = CalendarDate::parse(date).ok()?;
    let minutes = timeline::parse_hhmm(time.get(..5)?).filter(|&m| m < 1440)?;
    let offsets = zone::offsets(zone_name);
    let secs = timeline::instant_of(date, minutes, &offsets);
    Some(timeline::rfc3339(secs, offsets(secs)))
}
