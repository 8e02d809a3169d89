//! The client's booking page (`/b/{token}`), built only with the `manage` feature into a wasm of its
//! own: the booking in words, add to calendar, cancel with a confirmation, and move with the booking
//! flow's [`DayTimePicker`]. After the cutoff, or for a cancelled or past booking, it says so and shows
//! how to reach the salon. [`state::Manage`] holds the state and the moves; this module the views.

mod state;
mod texts;

use leptos::prelude::*;
use shared::api::{ManagedBookingWire, SalonProfile, SlotWire};
use shared::client::StaffChoice;
use shared::date::CalendarDate;

use crate::api::ApiFailure;
use crate::components::DayTimePicker;
use crate::format;
use state::{closed_reason, Manage, Mode};

const STYLE: &str = concat!(include_str!("../tokens.css"), include_str!("../style.css"));
const MANAGE_STYLE: &str = include_str!("manage.css");

/// The page: the live region, the salon's name, a notice and what the [`Mode`] asks for.
///
/// - `emitter`: events for the host page (`chairtime:cancelled`, `chairtime:rescheduled`).
#[component]
pub fn ManageApp(emitter: crate::events::Emitter) -> impl IntoView {
    let m = Manage::new(emitter);
    m.load();
    let t = m.texts();
    let mt = m.manage_texts();
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(mt.title);
        if let Some(html) = document.document_element() {
            let _ = html.set_attribute("lang", m.locale.tag());
        }
    }
    let body = move || match m.booking.get() {
        None => view! { <div class="ct-skeleton" data-testid="loading" aria-busy="true"></div> }
            .into_any(),
        Some(Err(failure)) => {
            let not_found = matches!(failure, ApiFailure::Api { status: 404, .. });
            view! {
                <h1 class="ct-title">{mt.title}</h1>
                <p class="ct-error" role="alert" data-testid="load-error">
                    {if not_found { mt.not_found } else { t.load_error }}
                </p>
                {(!not_found).then(|| view! {
                    <button type="button" class="ct-secondary" data-testid="retry" on:click=move |_| m.load()>{t.retry}</button>
                })}
            }
            .into_any()
        }
        Some(Ok(b)) => {
            let salon = b.salon.clone();
            let booking = StoredValue::new(b);
            let panel = move || match m.mode() {
                Mode::Overview => view! { <Overview m booking /> }.into_any(),
                Mode::ConfirmCancel => view! { <CancelQuestion m booking /> }.into_any(),
                Mode::Move => view! { <MovePanel m booking /> }.into_any(),
                Mode::ConfirmMove(date, slot) => {
                    view! { <MoveQuestion m date chosen=slot /> }.into_any()
                }
            };
            view! {
                <header class="ct-head">
                    <h1 class="ct-title" data-testid="salon">{salon}</h1>
                </header>
                {move || m.notice.get().map(|n| view! { <p class="ct-notice" data-testid="notice">{n}</p> })}
                {panel}
            }
            .into_any()
        }
    };
    view! {
        <style>{STYLE}{MANAGE_STYLE}</style>
        <section class="ct ct-manage" data-testid="manage" lang=m.locale.tag()>
            <p class="ct-sr" role="status" aria-live="polite" data-testid="announce">{move || m.announce.get()}</p>
            {body}
        </section>
    }
}

/// A panel's heading: it takes focus when the page has changed what it shows, so keyboard and
/// screen-reader users start there; on first load focus stays at the top of the page.
///
/// - `m`: says whether the page has changed yet.
/// - `text`: the heading.
#[component]
fn Heading(m: Manage, text: String) -> impl IntoView {
    let heading = NodeRef::<leptos::html::H2>::new();
    if m.has_moved() {
        request_animation_frame(move || {
            if let Some(heading) = heading.get_untracked() {
                let _ = heading.focus();
            }
        });
    }
    view! { <h2 class="ct-step" tabindex="-1" data-testid="heading" node_ref=heading>{text}</h2> }
}

/// The names of the booking's service and staff member from the profile (the keys until it loads),
/// with the service's duration and price.
fn described(m: Manage, b: &ManagedBookingWire) -> (String, String, String, String) {
    m.profile.with(|p| {
        let p: Option<&SalonProfile> = p.as_ref();
        let service = p.and_then(|p| p.services.iter().find(|s| s.key == b.booking.service));
        let staff = p
            .and_then(|p| p.staff.iter().find(|s| s.key == b.booking.staff))
            .map_or_else(|| b.booking.staff.clone(), |s| s.name.clone());
        match (service, p) {
            (Some(s), Some(p)) => (
                s.name.clone(),
                staff,
                format::duration(s.duration_minutes),
                format::price(s.price_cents, &p.currency, m.locale.tag()),
            ),
            _ => (
                b.booking.service.clone(),
                staff,
                String::new(),
                String::new(),
            ),
        }
    })
}

/// The booking in words (with the salon's address, where the client goes), then what can be done
/// with it: add to calendar, move and cancel while it can be changed online; otherwise why not, and
/// how to reach the salon.
///
/// - `m`: the page.
/// - `booking`: the booking as last answered.
#[component]
fn Overview(m: Manage, booking: StoredValue<ManagedBookingWire>) -> impl IntoView {
    let t = m.texts();
    let mt = m.manage_texts();
    let b = booking.get_value();
    let date = b
        .booking
        .start
        .get(..10)
        .and_then(|d| CalendarDate::parse(d).ok())
        .map_or_else(String::new, |d| format::long_date(d, m.locale.tag()));
    let time = b.booking.start.get(11..16).unwrap_or("").to_owned();
    let cancelled = b.booking.status == shared::api::BookingStatus::Cancelled;
    let status = if cancelled {
        mt.cancelled
    } else {
        mt.confirmed
    };
    let closed = closed_reason(&b, js_sys::Date::now(), mt);
    let calendar = m.calendar_url();
    let address = b.contact.address.clone();
    let facts = move || {
        let (service, staff, duration, price) = described(m, &booking.get_value());
        let row = |label: &'static str, value: String, id: &'static str| {
            (!value.is_empty()).then(|| {
                view! { <div class="ct-fact"><dt>{label}</dt><dd data-testid=id>{value}</dd></div> }
            })
        };
        view! {
            <dl class="ct-facts" data-testid="booking">
                {row(mt.service, service, "service")}
                {row(mt.staff, staff, "staff")}
                {row(mt.date, date.clone(), "date")}
                {row(mt.time, time.clone(), "time")}
                {row(mt.duration, duration, "duration")}
                {row(mt.price, price, "price")}
                {row(t.code, b.booking.code.clone(), "booking-code")}
                {row(mt.status, status.to_owned(), "status")}
                {row(mt.address, address.clone(), "contact-address")}
            </dl>
        }
    };
    let until = b
        .cancellable_until
        .as_deref()
        .map(|u| mt.change_until.replace("{when}", &m.when(u)));
    let contact = b.contact.clone();
    let actions = match closed {
        None => view! {
            <p class="ct-sub" data-testid="until">{until}</p>
            <div class="ct-actions">
                <button type="button" class="ct-primary ct-grow" data-testid="move" on:click=move |_| m.start_move()>{mt.move_booking}</button>
                <a class="ct-secondary" data-testid="calendar" href=calendar download="booking.ics">{t.add_to_calendar}</a>
                <button type="button" class="ct-link-button ct-danger" data-testid="cancel" on:click=move |_| m.ask_cancel()>{mt.cancel}</button>
            </div>
        }
        .into_any(),
        Some(reason) => {
            // The address is among the booking's facts above; this says how to call or write.
            let reachable = contact.phone.is_some() || contact.email.is_some();
            let phone = contact.phone.map(|p| {
                let href = format!("tel:{p}");
                view! { <div class="ct-fact"><dt>{mt.phone}</dt><dd><a class="ct-link" data-testid="contact-phone" href=href>{p}</a></dd></div> }
            });
            let email = contact.email.map(|e| {
                let href = format!("mailto:{e}");
                view! { <div class="ct-fact"><dt>{mt.email}</dt><dd><a class="ct-link" data-testid="contact-email" href=href>{e}</a></dd></div> }
            });
            view! {
                <p class="ct-closed" data-testid="closed">{reason}</p>
                {(!cancelled).then(|| view! {
                    <p class="ct-actions"><a class="ct-secondary" data-testid="calendar" href=calendar download="booking.ics">{t.add_to_calendar}</a></p>
                })}
                {reachable.then(|| view! {
                    <h2 class="ct-step">{mt.contact}</h2>
                    <dl class="ct-facts" data-testid="contact">{phone}{email}</dl>
                })}
            }
            .into_any()
        }
    };
    view! {
        <Heading m text=mt.title.to_owned() />
        {facts}
        {actions}
    }
}

/// "Cancel this booking?" with the booking's time, a button that cancels and one that keeps it.
///
/// - `m`: the page.
/// - `booking`: the booking to cancel.
#[component]
fn CancelQuestion(m: Manage, booking: StoredValue<ManagedBookingWire>) -> impl IntoView {
    let mt = m.manage_texts();
    let when = booking.with_value(|b| m.when(&b.booking.start));
    view! {
        <Heading m text=mt.cancel_question.to_owned() />
        <p data-testid="cancel-when">{when}</p>
        <p class="ct-sub">{mt.cancel_explain}</p>
        <div class="ct-actions">
            <button type="button" class="ct-primary ct-danger-fill ct-grow" data-testid="confirm-cancel"
                aria-disabled=move || if m.busy.get() { "true" } else { "false" }
                on:click=move |_| if !m.busy.get_untracked() { m.cancel() }>{mt.cancel_yes}</button>
            <button type="button" class="ct-secondary" data-testid="keep" on:click=move |_| m.overview()>{mt.keep}</button>
        </div>
    }
}

/// The day and time picker for the same service, with the booking's staff member or anyone, below
/// the time the booking has now.
///
/// - `m`: the page.
/// - `booking`: the booking to move.
#[component]
fn MovePanel(m: Manage, booking: StoredValue<ManagedBookingWire>) -> impl IntoView {
    let t = m.texts();
    let mt = m.manage_texts();
    let (now_booked, own_staff) =
        booking.with_value(|b| (m.when(&b.booking.start), b.booking.staff.clone()));
    let own_name = booking.with_value(|b| described(m, b).1);
    let choice = move |key: String, label: String, id: &'static str| {
        let pressed = {
            let key = key.clone();
            move || {
                if m.staff.get() == key {
                    "true"
                } else {
                    "false"
                }
            }
        };
        view! {
            <button type="button" class="ct-chip" data-testid=id aria-pressed=pressed
                on:click=move |_| m.choose_staff(key.clone())>{label}</button>
        }
    };
    let on_select = Callback::new(move |(date, slot)| m.choose_slot(date, slot));
    let on_page = Callback::new(move |date| m.page(date));
    let times = move || {
        match m.availability.get() {
        None => view! { <div class="ct-skeleton" data-testid="loading" aria-busy="true"></div> }.into_any(),
        Some(Err(_)) => view! {
            <p class="ct-error" role="alert">{t.network_error}</p>
            <button type="button" class="ct-secondary" data-testid="retry" on:click=move |_| m.load_times()>{t.retry}</button>
        }
        .into_any(),
        Some(Ok(a)) => view! {
            <DayTimePicker
                availability=a
                locale=m.locale.tag().to_owned()
                texts=t
                earliest=m.earliest.get_untracked()
                selected_day=m.day
                on_select
                on_page
            />
        }
        .into_any(),
    }
    };
    view! {
        <button type="button" class="ct-back" data-testid="back" on:click=move |_| m.overview()>
            <span aria-hidden="true">"← "</span>{t.back}
        </button>
        <Heading m text=mt.move_title.to_owned() />
        <p class="ct-sub" data-testid="current">{mt.now_booked.replace("{when}", &now_booked)}</p>
        <div class="ct-chips" role="group" aria-label=mt.staff>
            {choice(own_staff, mt.with_name.replace("{name}", &own_name), "same-staff")}
            {choice(StaffChoice::ANY.to_owned(), t.anyone.to_owned(), "any-staff")}
        </div>
        {times}
    }
}

/// "Move your booking to …?" for the chosen time.
///
/// - `m`: the page.
/// - `date`, `chosen`: the chosen local date and time.
#[component]
fn MoveQuestion(m: Manage, date: CalendarDate, chosen: SlotWire) -> impl IntoView {
    let mt = m.manage_texts();
    let t = m.texts();
    let when = format!(
        "{} · {}",
        format::long_date(date, m.locale.tag()),
        chosen.time
    );
    let chosen = StoredValue::new(chosen);
    view! {
        <Heading m text=mt.move_question.replace("{when}", &when) />
        <div class="ct-actions">
            <button type="button" class="ct-primary ct-grow" data-testid="confirm-move"
                aria-disabled=move || if m.busy.get() { "true" } else { "false" }
                on:click=move |_| if !m.busy.get_untracked() { m.confirm_move(chosen.get_value()) }>{mt.move_yes}</button>
            <button type="button" class="ct-secondary" data-testid="back" on:click=move |_| m.pick_again()>{t.back}</button>
        </div>
    }
}
