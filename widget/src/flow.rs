//! One booking in progress: [`Flow`] holds everything the steps read (the salon's profile, a page of
//! free times, what was chosen and typed) and its methods are the moves between steps. `App` builds
//! one and passes it to each step component.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::{
    AvailabilityWire, BookingCreated, BookingRequestWire, ClientWire, ErrorCode, SalonProfile,
    ServiceProfile, SlotWire,
};
use shared::client::StaffChoice;
use shared::date::CalendarDate;
use shared::paths::{ApiPath, AvailabilityQuery};
use shared::Locale;

use crate::api::{self, ApiFailure};
use crate::events::Emitter;
use crate::texts::{texts, Texts};
use crate::Options;

/// Where the client is in the flow.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Services,
    Staff,
    Times,
    Details,
    Done(Box<BookingCreated>),
}

/// How many days one page of availability shows.
const DAYS: u16 = 14;

/// The state of one widget's booking. Every field is a handle to a signal or a stored value, so the
/// flow is `Copy` and event handlers take it by value.
///
/// What was chosen and typed lives in signals of its own rather than in [`Step`], so going back never
/// loses it. The idempotency key changes only when the chosen time does: a retry after a network
/// failure reuses it and can never book twice.
#[derive(Clone, Copy)]
pub struct Flow {
    options: StoredValue<Options>,
    emitter: StoredValue<Emitter, LocalStorage>,
    /// The salon's profile; `None` while it loads.
    pub profile: RwSignal<Option<Result<SalonProfile, ApiFailure>>>,
    /// One page of days for the chosen service and staff; `None` while it loads.
    pub availability: RwSignal<Option<Result<AvailabilityWire, ApiFailure>>>,
    /// Read through [`Flow::step`]; only the moves below set it.
    step: RwSignal<Step>,
    /// Whether the flow has left the step it started on (a step the tag preselected counts); headings
    /// take focus only after that.
    moved: StoredValue<bool>,
    pub service: RwSignal<Option<ServiceProfile>>,
    /// A staff key, or [`StaffChoice::ANY`].
    pub staff: RwSignal<String>,
    /// The first date of the page of days; `None` asks for the salon's today.
    from: RwSignal<Option<CalendarDate>>,
    /// The salon's today, as the first page (asked for without `from`) starts on it.
    pub earliest: RwSignal<Option<CalendarDate>>,
    /// The day whose free times are shown.
    pub day: RwSignal<Option<CalendarDate>>,
    /// The chosen time and its local date.
    pub slot: RwSignal<Option<(CalendarDate, SlotWire)>>,
    pub name: RwSignal<String>,
    pub email: RwSignal<String>,
    pub phone: RwSignal<String>,
    /// A message above the current step (a refused booking, a lost connection).
    pub notice: RwSignal<Option<String>>,
    /// What the live region says.
    pub announce: RwSignal<String>,
    pub submitting: RwSignal<bool>,
    pub network_failed: RwSignal<bool>,
    idempotency_key: RwSignal<String>,
    /// The tag's language, else the salon's, else English.
    pub locale: Memo<Locale>,
}

impl Flow {
    /// A flow at its first step, with the tag's prefilled details; nothing is loaded yet.
    pub fn new(options: Options, emitter: Emitter) -> Flow {
        let profile: RwSignal<Option<Result<SalonProfile, ApiFailure>>> = RwSignal::new(None);
        let wanted = options.locale.clone();
        let locale = Memo::new(move |_| {
            let salon_locale = profile.with(|p| match p {
                Some(Ok(p)) => p.locale.clone(),
                _ => "en".to_owned(),
            });
            Locale::from_tag(wanted.as_deref().unwrap_or(&salon_locale))
        });
        Flow {
            profile,
            availability: RwSignal::new(None),
            step: RwSignal::new(Step::Services),
            moved: StoredValue::new(false),
            service: RwSignal::new(None),
            staff: RwSignal::new(StaffChoice::ANY.to_owned()),
            from: RwSignal::new(None),
            earliest: RwSignal::new(None),
            day: RwSignal::new(None),
            slot: RwSignal::new(None),
            name: RwSignal::new(options.name.clone().unwrap_or_default()),
            email: RwSignal::new(options.email.clone().unwrap_or_default()),
            phone: RwSignal::new(options.phone.clone().unwrap_or_default()),
            notice: RwSignal::new(None),
            announce: RwSignal::new(String::new()),
            submitting: RwSignal::new(false),
            network_failed: RwSignal::new(false),
            idempotency_key: RwSignal::new(api::new_idempotency_key()),
            locale,
            options: StoredValue::new(options),
            emitter: StoredValue::new_local(emitter),
        }
    }

    /// The interface's texts, in the current language (tracked).
    pub fn texts(self) -> &'static Texts {
        texts(self.locale.get())
    }

    /// The current step (tracked).
    pub fn step(self) -> Step {
        self.step.get()
    }

    /// Whether the flow has left the step it started on, so a new step's heading should take focus.
    pub fn has_moved(self) -> bool {
        self.moved.get_value()
    }

    /// Every move between steps goes through here, so [`Flow::has_moved`] cannot miss one.
    fn go(self, to: Step) {
        self.moved.set_value(true);
        self.step.set(to);
    }

    /// The URL of one of the salon's endpoints.
    fn salon_url(
        self,
        path: fn(&str) -> ApiPath<'_>,
        query: Option<AvailabilityQuery<'_>>,
    ) -> String {
        self.options.with_value(|o| {
            let path = path(&o.salon);
            match query {
                Some(query) => format!("{}{}", o.api, path.with_query(query)),
                None => format!("{}{path}", o.api),
            }
        })
    }

    /// Loads the salon's profile, then goes to the step the tag preselected, if any. Called again by
    /// the retry button when the profile could not be loaded.
    pub fn load_profile(self) {
        let url = self.salon_url(|slug| ApiPath::Salon { slug }, None);
        self.profile.set(None);
        spawn_local(async move {
            let result: Result<SalonProfile, ApiFailure> = api::get(&url).await;
            match &result {
                Ok(p) => {
                    self.emitter
                        .with_value(|e| e.emit("chairtime:ready", &[("salon", &p.slug)]));
                    self.preselect(p);
                }
                Err(e) => self.emitter.with_value(|em| em.error(e)),
            }
            self.profile.set(Some(result));
        });
    }

    /// A preselected service skips to the staff step; a preselected staff member as well, to the times.
    /// Keys the salon does not have are ignored.
    fn preselect(self, p: &SalonProfile) {
        let (service, staff) = self
            .options
            .with_value(|o| (o.service.clone(), o.staff.clone()));
        let Some(s) = service.and_then(|k| p.services.iter().find(|s| s.key == k).cloned()) else {
            return;
        };
        self.service.set(Some(s));
        match staff.filter(|k| k == StaffChoice::ANY || p.staff.iter().any(|s| &s.key == k)) {
            Some(k) => {
                self.staff.set(k);
                self.go(Step::Times);
                self.load_times();
            }
            None => self.go(Step::Staff),
        }
    }

    /// Loads the page of days starting at `from` for the chosen service and staff, and selects its
    /// first day with free times. The retry button of the times step calls it again.
    pub fn load_times(self) {
        let Some(service) = self.service.get_untracked() else {
            return;
        };
        self.availability.set(None);
        self.announce
            .set(texts(self.locale.get_untracked()).loading.to_owned());
        let first_page = self.from.get_untracked().is_none();
        // The loader prefetches the first page under this very URL, so its shape must not change.
        let staff = self.staff.get_untracked();
        let url = self.salon_url(
            |slug| ApiPath::Availability { slug },
            Some(AvailabilityQuery {
                service: &service.key,
                staff: Some(&staff),
                from: self.from.get_untracked(),
                days: Some(DAYS),
            }),
        );
        spawn_local(async move {
            let result: Result<AvailabilityWire, ApiFailure> = api::get(&url).await;
            if let Ok(a) = &result {
                let first = a
                    .days
                    .iter()
                    .find(|d| !d.slots.is_empty())
                    .or(a.days.first());
                self.day.set(first.map(|d| d.date));
                if first_page {
                    self.earliest.set(a.days.first().map(|d| d.date));
                }
                let count: usize = a.days.iter().map(|d| d.slots.len()).sum();
                self.announce.set(
                    texts(self.locale.get_untracked())
                        .times_available
                        .replace("{n}", &count.to_string()),
                );
            }
            self.availability.set(Some(result));
        });
    }

    /// Services → staff. Another service than before forgets the staff member and the page of days.
    pub fn choose_service(self, s: ServiceProfile) {
        if self.service.get_untracked().as_ref() != Some(&s) {
            self.staff.set(StaffChoice::ANY.to_owned());
            self.from.set(None);
        }
        self.service.set(Some(s));
        self.notice.set(None);
        self.go(Step::Staff);
    }

    /// Staff → times, loading them unless they are already there for this staff choice.
    pub fn choose_staff(self, key: String) {
        if self.staff.get_untracked() != key || self.availability.get_untracked().is_none() {
            self.staff.set(key);
            self.load_times();
        }
        self.notice.set(None);
        self.go(Step::Times);
    }

    /// Shows the page of days starting at `date` (`None`: the salon's today).
    pub fn page(self, date: Option<CalendarDate>) {
        self.from.set(date);
        self.load_times();
    }

    /// Times → details. Another time than before is another attempt, with a new idempotency key.
    pub fn choose_slot(self, date: CalendarDate, chosen: SlotWire) {
        if self.slot.get_untracked().as_ref().map(|(_, s)| &s.start) != Some(&chosen.start) {
            self.idempotency_key.set(api::new_idempotency_key());
        }
        self.slot.set(Some((date, chosen)));
        self.notice.set(None);
        self.network_failed.set(false);
        self.go(Step::Details);
    }

    /// One step back; the confirmation has none.
    pub fn back(self) {
        self.notice.set(None);
        let to = self.step.with_untracked(|s| match s {
            Step::Staff => Step::Services,
            Step::Times => Step::Staff,
            Step::Details => Step::Times,
            _ => Step::Services,
        });
        self.go(to);
    }

    /// Books the chosen time with valid details: details → confirmation, or a notice (and, if the time
    /// was taken meanwhile, back to fresh times).
    pub fn submit(self, client: ClientWire) {
        let (Some(service), Some((_, chosen))) =
            (self.service.get_untracked(), self.slot.get_untracked())
        else {
            return;
        };
        let body = BookingRequestWire {
            service: service.key,
            staff: self.staff.get_untracked(),
            start: chosen.start,
            client,
            notes: None,
        };
        let url = self.salon_url(|slug| ApiPath::Bookings { slug }, None);
        let key = self.idempotency_key.get_untracked();
        self.submitting.set(true);
        self.network_failed.set(false);
        self.notice.set(None);
        spawn_local(async move {
            let result: Result<BookingCreated, ApiFailure> = api::post(&url, &body, &key).await;
            self.submitting.set(false);
            match result {
                Ok(booking) => self.booked(booking),
                Err(failure) => self.refused(failure),
            }
        });
    }

    fn booked(self, booking: BookingCreated) {
        let b = &booking.booking;
        self.emitter.with_value(|e| {
            e.emit(
                "chairtime:booked",
                &[
                    ("id", &b.id),
                    ("code", &b.code),
                    ("service", &b.service),
                    ("staff", &b.staff),
                    ("start", &b.start),
                    ("end", &b.end),
                ],
            )
        });
        let tx = texts(self.locale.get_untracked());
        self.announce
            .set(format!("{}. {} {}", tx.booked, tx.code, b.code));
        self.go(Step::Done(Box::new(booking)));
    }

    fn refused(self, failure: ApiFailure) {
        self.emitter.with_value(|e| e.error(&failure));
        let tx = texts(self.locale.get_untracked());
        let taken = failure.code() == Some(ErrorCode::SlotUnavailable.as_str());
        let api_answered = matches!(failure, ApiFailure::Api { .. });
        let message = match failure {
            _ if taken => tx.taken.to_owned(),
            ApiFailure::Api { body, .. } => body.error.message,
            _ => tx.network_error.to_owned(),
        };
        self.network_failed.set(!api_answered);
        self.notice.set(Some(message.clone()));
        self.announce.set(message);
        if taken {
            self.load_times();
            self.go(Step::Times);
        }
    }
}
