//! One client's booking behind its manage token: [`Manage`] holds what the page shows (the booking,
//! the salon's profile, a page of free times while moving) and its methods are the page's moves, in
//! the manner of the booking flow's `Flow`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::{
    AvailabilityWire, BookingStatus, ErrorCode, ManagedBookingWire, RescheduleWire, SalonProfile,
    SlotWire,
};
use shared::client::StaffChoice;
use shared::date::CalendarDate;
use shared::paths::{ApiPath, AvailabilityQuery};
use shared::Locale;

use super::texts::{manage_texts, ManageTexts};
use crate::api::{self, ApiFailure};
use crate::events::Emitter;
use crate::format;
use crate::texts::{texts, Texts};

/// What the page shows below the salon's name.
#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    /// The booking in words and what can be done with it.
    Overview,
    /// "Cancel this booking?"
    ConfirmCancel,
    /// The day and time picker.
    Move,
    /// "Move your booking to …?" for the chosen time and its local date.
    ConfirmMove(CalendarDate, SlotWire),
}

/// How many days one page of free times shows, as in the booking flow.
const DAYS: u16 = 14;

/// The page's state. Every field is a handle, so it is `Copy` and handlers take it by value.
#[derive(Clone, Copy)]
pub struct Manage {
    /// The API's origin and the manage token, read from the page's address.
    origin: StoredValue<String>,
    token: StoredValue<String>,
    emitter: StoredValue<Emitter, LocalStorage>,
    /// The browser's language (en, fr, es or de; others read as English).
    pub locale: Locale,
    /// The booking; `None` while it loads.
    pub booking: RwSignal<Option<Result<ManagedBookingWire, ApiFailure>>>,
    /// The salon's profile, for the names of the service and staff member and the price.
    pub profile: RwSignal<Option<SalonProfile>>,
    /// Read through [`Manage::mode`].
    mode: RwSignal<Mode>,
    /// Whether the page has changed what it shows since it loaded; headings take focus after that.
    moved: StoredValue<bool>,
    /// Who the new time is with: the booking's staff member, or [`StaffChoice::ANY`].
    pub staff: RwSignal<String>,
    from: RwSignal<Option<CalendarDate>>,
    pub earliest: RwSignal<Option<CalendarDate>>,
    pub day: RwSignal<Option<CalendarDate>>,
    pub availability: RwSignal<Option<Result<AvailabilityWire, ApiFailure>>>,
    /// A message above the booking (an outcome, a refusal).
    pub notice: RwSignal<Option<String>>,
    /// What the live region says.
    pub announce: RwSignal<String>,
    pub busy: RwSignal<bool>,
    /// The idempotency key of the move being confirmed; a new one for each chosen time.
    key: StoredValue<String>,
}

/// A property of a JavaScript object, as a string.
fn js_string(object: &wasm_bindgen::JsValue, key: &str) -> Option<String> {
    js_sys::Reflect::get(object, &key.into()).ok()?.as_string()
}

impl Manage {
    /// The page's state for the address it was opened at; nothing is loaded yet.
    pub fn new(emitter: Emitter) -> Manage {
        let global = js_sys::global();
        let location = js_sys::Reflect::get(&global, &"location".into()).unwrap_or_default();
        let navigator = js_sys::Reflect::get(&global, &"navigator".into()).unwrap_or_default();
        let path = js_string(&location, "pathname").unwrap_or_default();
        // `/b/{token}`: the token is one segment, as the edge routed it.
        let token = path
            .strip_prefix("/b/")
            .unwrap_or_default()
            .trim_end_matches('/')
            .to_owned();
        let language = js_string(&navigator, "language").unwrap_or_default();
        Manage {
            origin: StoredValue::new(js_string(&location, "origin").unwrap_or_default()),
            token: StoredValue::new(token),
            emitter: StoredValue::new_local(emitter),
            locale: Locale::from_tag(&language),
            booking: RwSignal::new(None),
            profile: RwSignal::new(None),
            mode: RwSignal::new(Mode::Overview),
            moved: StoredValue::new(false),
            staff: RwSignal::new(StaffChoice::ANY.to_owned()),
            from: RwSignal::new(None),
            earliest: RwSignal::new(None),
            day: RwSignal::new(None),
            availability: RwSignal::new(None),
            notice: RwSignal::new(None),
            announce: RwSignal::new(String::new()),
            busy: RwSignal::new(false),
            key: StoredValue::new(String::new()),
        }
    }

    pub fn texts(self) -> &'static Texts {
        texts(self.locale)
    }

    pub fn manage_texts(self) -> &'static ManageTexts {
        manage_texts(self.locale)
    }

    /// What the page shows (tracked).
    pub fn mode(self) -> Mode {
        self.mode.get()
    }

    /// Whether a heading shown now should take focus.
    pub fn has_moved(self) -> bool {
        self.moved.get_value()
    }

    fn go(self, to: Mode) {
        self.moved.set_value(true);
        self.mode.set(to);
    }

    fn url(self, path: impl Fn(&str) -> String) -> String {
        let origin = self.origin.get_value();
        self.token.with_value(|t| format!("{origin}{}", path(t)))
    }

    /// Loads the booking, then its salon's profile. The retry button calls it again.
    pub fn load(self) {
        let url = self.url(|token| ApiPath::Booking { token }.to_string());
        self.booking.set(None);
        spawn_local(async move {
            let result: Result<ManagedBookingWire, ApiFailure> = api::get(&url).await;
            if let Ok(b) = &result {
                self.load_profile(&b.slug);
            }
            self.booking.set(Some(result));
        });
    }

    fn load_profile(self, slug: &str) {
        if self.profile.with_untracked(Option::is_some) {
            return;
        }
        let url = format!("{}{}", self.origin.get_value(), ApiPath::Salon { slug });
        spawn_local(async move {
            if let Ok(p) = api::get::<SalonProfile>(&url).await {
                self.profile.set(Some(p));
            }
        });
    }

    /// The loaded booking, if any (untracked).
    fn current(self) -> Option<ManagedBookingWire> {
        self.booking
            .with_untracked(|b| b.as_ref().and_then(|b| b.as_ref().ok().cloned()))
    }

    /// "Tuesday 3 December · 14:30" for an RFC 3339 instant written with the salon's offset.
    pub fn when(self, start: &str) -> String {
        let date = start
            .get(..10)
            .and_then(|d| CalendarDate::parse(d).ok())
            .map_or_else(String::new, |d| format::long_date(d, self.locale.tag()));
        format!("{date} · {}", start.get(11..16).unwrap_or(""))
    }

    /// The booking's `.ics`, as a link.
    pub fn calendar_url(self) -> String {
        self.url(|token| ApiPath::BookingCalendar { token }.to_string())
    }

    /// From the question about a chosen time back to the times, as they were.
    pub fn pick_again(self) {
        self.go(Mode::Move);
    }

    pub fn ask_cancel(self) {
        self.notice.set(None);
        self.go(Mode::ConfirmCancel);
    }

    /// Back to the booking from a question or the picker.
    pub fn overview(self) {
        self.notice.set(None);
        self.go(Mode::Overview);
    }

    /// Cancels the booking (the client has confirmed), then shows it cancelled.
    pub fn cancel(self) {
        let url = self.url(|token| ApiPath::CancelBooking { token }.to_string());
        self.busy.set(true);
        spawn_local(async move {
            let result: Result<ManagedBookingWire, ApiFailure> = api::post_empty(&url).await;
            self.busy.set(false);
            match result {
                Ok(b) => {
                    let message = self.manage_texts().cancelled_done.to_owned();
                    self.emit("chairtime:cancelled", &b);
                    self.booking.set(Some(Ok(b)));
                    self.outcome(message);
                }
                Err(failure) => self.refused(failure),
            }
        });
    }

    /// Opens the picker with the booking's staff member chosen.
    pub fn start_move(self) {
        if let Some(b) = self.current() {
            self.staff.set(b.booking.staff);
        }
        self.from.set(None);
        self.notice.set(None);
        self.go(Mode::Move);
        self.load_times();
    }

    /// Another staff choice: the booking's staff member or anyone.
    pub fn choose_staff(self, key: String) {
        if self.staff.get_untracked() != key {
            self.staff.set(key);
            self.load_times();
        }
    }

    /// Shows the page of days starting at `date` (`None`: the salon's today).
    pub fn page(self, date: Option<CalendarDate>) {
        self.from.set(date);
        self.load_times();
    }

    /// Loads a page of free times for the booking's service and the staff choice.
    pub fn load_times(self) {
        let Some(b) = self.current() else { return };
        let staff = self.staff.get_untracked();
        let from = self.from.get_untracked();
        let query = AvailabilityQuery {
            service: &b.booking.service,
            staff: Some(&staff),
            from,
            days: Some(DAYS),
        };
        let url = format!(
            "{}{}",
            self.origin.get_value(),
            ApiPath::Availability { slug: &b.slug }.with_query(query)
        );
        self.availability.set(None);
        self.announce.set(self.texts().loading.to_owned());
        spawn_local(async move {
            let result: Result<AvailabilityWire, ApiFailure> = api::get(&url).await;
            if let Ok(a) = &result {
                let first = a
                    .days
                    .iter()
                    .find(|d| !d.slots.is_empty())
                    .or(a.days.first());
                self.day.set(first.map(|d| d.date));
                if from.is_none() {
                    self.earliest.set(a.days.first().map(|d| d.date));
                }
                let count: usize = a.days.iter().map(|d| d.slots.len()).sum();
                self.announce.set(
                    self.texts()
                        .times_available
                        .replace("{n}", &count.to_string()),
                );
            }
            self.availability.set(Some(result));
        });
    }

    /// A time is chosen: ask to confirm it, with a new idempotency key.
    pub fn choose_slot(self, date: CalendarDate, slot: SlotWire) {
        self.key.set_value(api::new_idempotency_key());
        self.notice.set(None);
        self.go(Mode::ConfirmMove(date, slot));
    }

    /// Moves the booking to the confirmed time. Refused (taken meanwhile, past the cutoff): the API's
    /// message, and fresh times or the booking as it now is.
    pub fn confirm_move(self, slot: SlotWire) {
        let url = self.url(|token| ApiPath::RescheduleBooking { token }.to_string());
        let body = RescheduleWire {
            start: slot.start,
            staff: self.staff.get_untracked(),
        };
        let key = self.key.get_value();
        self.busy.set(true);
        spawn_local(async move {
            let result: Result<ManagedBookingWire, ApiFailure> = api::post(&url, &body, &key).await;
            self.busy.set(false);
            match result {
                Ok(b) => {
                    let message = self
                        .manage_texts()
                        .moved
                        .replace("{when}", &self.when(&b.booking.start));
                    self.emit("chairtime:rescheduled", &b);
                    self.booking.set(Some(Ok(b)));
                    self.outcome(message);
                }
                Err(failure) => self.refused(failure),
            }
        });
    }

    /// Back to the booking with `message` said above it and in the live region.
    fn outcome(self, message: String) {
        self.notice.set(Some(message.clone()));
        self.announce.set(message);
        self.go(Mode::Overview);
    }

    fn refused(self, failure: ApiFailure) {
        self.emitter.with_value(|e| e.error(&failure));
        let taken = failure.code() == Some(ErrorCode::SlotUnavailable.as_str());
        let message = match &failure {
            ApiFailure::Api { body, .. } => body.error.message.clone(),
            _ => self.texts().network_error.to_owned(),
        };
        self.notice.set(Some(message.clone()));
        self.announce.set(message);
        if taken {
            self.load_times();
            self.go(Mode::Move);
        } else if matches!(failure, ApiFailure::Api { .. }) {
            // Past the cutoff, or cancelled meanwhile: show the booking as it now is.
            self.go(Mode::Overview);
            let url = self.url(|token| ApiPath::Booking { token }.to_string());
            spawn_local(async move {
                if let Ok(b) = api::get::<ManagedBookingWire>(&url).await {
                    self.booking.set(Some(Ok(b)));
                }
            });
        }
    }

    fn emit(self, name: &str, b: &ManagedBookingWire) {
        let v = &b.booking;
        self.emitter.with_value(|e| {
            e.emit(
                name,
                &[
                    ("id", &v.id),
                    ("code", &v.code),
                    ("service", &v.service),
                    ("staff", &v.staff),
                    ("start", &v.start),
                    ("end", &v.end),
                    ("status", v.status.as_str()),
                ],
            )
        });
    }
}

/// Why a booking can no longer be changed online, if it cannot: cancelled, begun, or past the
/// cutoff. `now` is milliseconds since the epoch.
pub fn closed_reason(b: &ManagedBookingWire, now: f64, t: &ManageTexts) -> Option<&'static str> {
    let at = |s: &str| js_sys::Date::parse(s);
    if b.booking.status == BookingStatus::Cancelled {
        Some(t.is_cancelled)
    } else if at(&b.booking.start) <= now {
        Some(t.is_past)
    } else if b
        .cancellable_until
        .as_deref()
        .is_none_or(|until| at(until) < now)
    {
        Some(t.too_late)
    } else {
        None
    }
}
