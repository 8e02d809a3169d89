//! The booking use cases: make one, look at one through its manage link, cancel one.
//!
//! Each function takes the services (database, cache, the manage-token key and "now", the request's
//! clock reading) and a domain input, owns its transaction and its rules, and returns a domain result
//! or an [`Error`]; `routes::bookings` turns them into HTTP, and anything else (a scheduled job, the
//! owner's console) may call them too.
//!
//! Making a booking: validate every field in `shared`, ask `shared::booking::who_may_take` who may
//! take the start, then one statement inserts the booking and its idempotency record. The exclusion
//! constraint is the final arbiter: if a concurrent request took the time first, Postgres refuses and
//! an "anyone available" request tries the next person; a named one gets [`Error::Unavailable`].

use std::collections::BTreeMap;

use jiff::Timestamp;
use shared::api::{BookingRequestWire, BookingStatus, BookingView, RescheduleWire};
use shared::booking::{who_may_take, Refusal};
use shared::client::{parse_instant, BookingInput, Contact, Problem, StaffChoice};
use shared::config::SalonConfig;
use shared::horizon::busy_window;
use shared::notices::{self, Facts, Planned};
use shared::slots::Unavailable;
use shared::{FieldError, Locale};

use crate::availability;
use crate::db::bookings::{Booking, Inserted, Managed, Moved, NewBooking, Replay};
use crate::db::{self, DbError, Salon};
use crate::routes::Services;
use crate::secrets;

/// How often a random booking code may collide before giving up (each try has odds below 1e-6).
const CODE_ATTEMPTS: usize = 5;

/// Why a booking use case refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no such {0}")]
    NotFound(&'static str),
    /// The request came from a website the salon did not allow.
    #[error("origin not allowed")]
    OriginNotAllowed,
    /// The idempotency key was used before with a different request.
    #[error("idempotency key reused")]
    KeyReused,
    /// Fields that do not validate, rendered in the client's language.
    #[error("invalid fields")]
    Invalid(BTreeMap<String, FieldError>),
    /// The time cannot be booked (any more); `day` is its local date, whose fresh availability the
    /// client should read.
    #[error("unavailable: {}", reason.code())]
    Unavailable {
        reason: Unavailable,
        slug: String,
        service: String,
        staff: StaffChoice,
        day: jiff::civil::Date,
    },
    /// The salon's cutoff has passed: too late to cancel online.
    #[error("the cancel cutoff of {cutoff_minutes} minutes has passed")]
    CancelCutoffPassed { cutoff_minutes: u32 },
    /// The salon's cutoff has passed: too late to move online.
    #[error("the cutoff of {cutoff_minutes} minutes has passed")]
    MoveCutoffPassed { cutoff_minutes: u32 },
    /// The booking was cancelled; it cannot be moved.
    #[error("the booking is cancelled")]
    Cancelled,
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("{0}")]
    Internal(&'static str),
}

/// A request to book.
pub struct Request<'a> {
    pub slug: &'a str,
    pub idempotency_key: &'a str,
    pub body: &'a BookingRequestWire,
    /// The requesting page's `Origin`, when a browser sent one.
    pub origin: Option<&'a str>,
    /// The API's own origin, which may always book (the demo page, direct links).
    pub own_origin: &'a str,
    /// The client's `Accept-Language`, when sent.
    pub accept_language: Option<&'a str>,
    /// Set when the salon books for a client (the console, the owner API): the caller is already
    /// authorized, the client may leave no contact, and the salon hears nothing of its own act.
    pub by_salon: Option<BySalon>,
}

/// How a booking the salon makes differs from a client's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BySalon {
    /// Book outside the policy's notice and window (never over another booking).
    pub override_rules: bool,
    /// No confirmation to the client (bookings imported from another tool, which they know of).
    pub silent: bool,
}

/// The configuration a salon's own act is judged by: with `override_rules`, no minimum notice and
/// the longest window, so a walk-in can be booked now and a regular a year ahead.
pub fn as_salon(config: &SalonConfig, by: BySalon) -> std::borrow::Cow<'_, SalonConfig> {
    if !by.override_rules {
        return std::borrow::Cow::Borrowed(config);
    }
    let mut relaxed = config.clone();
    relaxed.policy.min_notice_minutes = 0;
    relaxed.policy.max_advance_days = shared::policy::MAX_ADVANCE_DAYS;
    std::borrow::Cow::Owned(relaxed)
}

/// Only the client's messages: the salon is not told of what it did itself.
pub fn for_client_only(mut planned: Vec<Planned>) -> Vec<Planned> {
    planned.retain(|p| {
        !matches!(
            p.kind,
            notices::Kind::OwnerNew | notices::Kind::OwnerMoved | notices::Kind::OwnerCancelled
        )
    });
    planned
}

/// A booking made (or the one an earlier request with the same key made) and its manage token.
#[derive(Debug, Clone)]
pub struct Made {
    pub booking: BookingView,
    pub manage_token: String,
}

/// Whether a page on `origin` may make bookings for a salon: the salon's `allowed_origins`, or the
/// API's own origin. Requests without `Origin` (servers, apps) are not cross-origin browser requests.
pub fn origin_allowed(origin: Option<&str>, own_origin: &str, allowed_origins: &[String]) -> bool {
    match origin {
        None => true,
        Some(origin) => origin == own_origin || allowed_origins.iter().any(|o| o == origin),
    }
}

/// The language of client-facing messages: the first of `Accept-Language`, else the salon's.
pub fn locale_for(accept_language: Option<&str>, salon_locale: &str) -> Locale {
    let Some(value) = accept_language else {
        return Locale::from_tag(salon_locale);
    };
    let first = value.split([',', ';']).next().unwrap_or("").trim();
    let chosen = Locale::from_tag(first);
    if chosen == Locale::En && !first.starts_with("en") {
        Locale::from_tag(salon_locale)
    } else {
        chosen
    }
}

/// Makes a booking, or answers what an earlier request with the same idempotency key got.
pub async fn make(services: &Services, request: &Request<'_>) -> Result<Made, Error> {
    let wire = request.body;
    let request_hash =
        secrets::sha256_hex(serde_json::to_string(wire).expect("wire types serialize"));
    // Bookings around the start are read with the salon; an unreadable start reads around now, and
    // validation refuses it below.
    let around = parse_instant(&wire.start).unwrap_or(services.now);
    let window = busy_window(around.to_zoned(jiff::tz::TimeZone::UTC).date(), 1)
        .map_err(|_| Error::Internal("a parsed start is in range"))?;
    let context = db::bookings::context(
        &services.neon,
        request.slug,
        request.idempotency_key,
        window.0,
        window.1,
    )
    .await?
    .ok_or(Error::NotFound("salon"))?;
    let salon = &context.salon;
    let config = &salon.config;
    if request.by_salon.is_none()
        && !origin_allowed(request.origin, request.own_origin, &config.allowed_origins)
    {
        return Err(Error::OriginNotAllowed);
    }
    if let Some(earlier) = &context.earlier {
        return replayed(services, salon, earlier, &request_hash);
    }
    let locale = locale_for(request.accept_language, &config.locale);
    let contact = match request.by_salon {
        Some(_) => Contact::Optional,
        None => Contact::Required,
    };
    let input = BookingInput::parse_with(wire, &config.country, contact)
        .map_err(|problems| Error::Invalid(problems.render(locale)))?;
    let judged = as_salon(config, request.by_salon.unwrap_or_default());
    let service = config
        .service(input.service.as_ref())
        .ok_or(Error::NotFound("service"))?;
    let unavailable = |reason| Error::Unavailable {
        reason,
        slug: salon.slug.clone(),
        service: service.key.to_string(),
        staff: input.staff.clone(),
        day: input.start.to_zoned(config.timezone.clone()).date(),
    };
    let candidates = match who_may_take(
        &judged,
        service,
        &context.busy,
        &input.staff,
        input.start,
        services.now,
    ) {
        Ok(candidates) => candidates,
        Err(refusal) => {
            return Err(refused(services, &salon.slug, refusal, locale, unavailable).await)
        }
    };
    let facts = Facts {
        start: input.start,
        client_email: input.client.email.as_ref().map(AsRef::as_ref),
        client_phone: input.client.phone.as_ref().map(AsRef::as_ref),
        client_locale: locale,
        salon_locale: Locale::from_tag(&config.locale),
        sequence: 0,
    };
    let mut notices = notices::on_created(&config.notifications, &facts, services.now);
    if let Some(by) = request.by_salon {
        notices = for_client_only(notices);
        if by.silent {
            notices.retain(|p| p.kind != notices::Kind::Confirmation);
        }
    }
    let attempt = Attempt {
        salon,
        input: &input,
        locale,
        notices: &notices,
        request,
        request_hash: &request_hash,
    };
    match insert_first_free(services, &attempt, &candidates).await? {
        Some(made) => {
            availability::purge(services, &salon.slug).await;
            Ok(made)
        }
        None => {
            availability::purge(services, &salon.slug).await;
            Err(unavailable(Unavailable::OverlapsBooking))
        }
    }
}

/// A validated booking request on its way to the database.
struct Attempt<'a> {
    salon: &'a Salon,
    input: &'a BookingInput,
    locale: Locale,
    notices: &'a [Planned],
    request: &'a Request<'a>,
    request_hash: &'a str,
}

/// The error for a start nobody may take. When the time is gone, this location's cached inputs
/// of the salon are purged: they may be what made the client pick it.
async fn refused(
    services: &Services,
    slug: &str,
    refusal: Refusal,
    locale: Locale,
    unavailable: impl Fn(Unavailable) -> Error,
) -> Error {
    match refusal {
        Refusal::UnknownStaff => Error::NotFound("staff"),
        Refusal::NotPerformed => {
            let mut fields = BTreeMap::new();
            fields.insert(
                "staff".to_owned(),
                Problem::InvalidKey.to_field_error(locale),
            );
            Error::Invalid(fields)
        }
        Refusal::Unavailable(reason) => {
            availability::purge(services, slug).await;
            unavailable(reason)
        }
    }
}

/// Inserts the booking with the first of `candidates` the database accepts; `None` when every one
/// was taken meanwhile.
async fn insert_first_free(
    services: &Services,
    attempt: &Attempt<'_>,
    candidates: &[usize],
) -> Result<Option<Made>, Error> {
    let Attempt {
        salon,
        input,
        request,
        request_hash,
        ..
    } = *attempt;
    let config = &salon.config;
    let service = config
        .service(input.service.as_ref())
        .ok_or(Error::NotFound("service"))?;
    let booking_id = secrets::new_booking_id();
    let token = secrets::manage_token(&services.token_secret, &booking_id);
    let token_hash = secrets::sha256_hex(&token);
    let timing = service.timing();
    let start = input.start.as_second();
    let (appointment, occupied) = (timing.appointment(start), timing.occupied(start));
    let at = |second: i64| Timestamp::from_second(second).expect("booking instants are in range");
    let mut code_attempts = 0;
    let mut remaining = candidates.iter();
    let mut next = remaining.next();
    while let Some(&staff_index) = next {
        let code = secrets::new_booking_code();
        let new = NewBooking {
            salon_id: salon.id,
            idempotency_key: request.idempotency_key,
            request_hash,
            id: &booking_id,
            code: &code,
            service_key: service.key.as_ref(),
            staff_key: config.staff[staff_index].key.as_ref(),
            starts_at: input.start,
            ends_at: at(appointment.end),
            occupied_start: at(occupied.start),
            occupied_end: at(occupied.end),
            client_name: input.client.name.as_ref(),
            client_email: input.client.email.as_ref().map(AsRef::as_ref),
            client_phone: input.client.phone.as_ref().map(AsRef::as_ref),
            notes: input.notes.as_ref(),
            manage_token_hash: &token_hash,
            locale: attempt.locale,
            notices: attempt.notices,
        };
        match db::bookings::insert(&services.neon, &new).await? {
            Inserted::Created(booking) => {
                return Ok(Some(Made {
                    booking: booking.view(&config.timezone),
                    manage_token: token,
                }))
            }
            Inserted::KeyExists => {
                let earlier =
                    db::bookings::replay_of(&services.neon, salon.id, request.idempotency_key)
                        .await?
                        .ok_or(Error::Internal("an idempotency record vanished"))?;
                return replayed(services, salon, &earlier, request_hash).map(Some);
            }
            // Taken meanwhile, or the staff member or service was removed meanwhile: the next person.
            Inserted::Overlap | Inserted::ConfigChanged => next = remaining.next(),
            Inserted::CodeTaken => {
                code_attempts += 1;
                if code_attempts >= CODE_ATTEMPTS {
                    return Err(Error::Internal("booking codes keep colliding"));
                }
            }
        }
    }
    Ok(None)
}

/// The answer to a request whose key has `earlier` as its recorded outcome: the same booking for the
/// same request, [`Error::KeyReused`] for a different one.
fn replayed(
    services: &Services,
    salon: &Salon,
    earlier: &Replay,
    request_hash: &str,
) -> Result<Made, Error> {
    if earlier.request_hash != request_hash {
        return Err(Error::KeyReused);
    }
    Ok(Made {
        booking: earlier.booking.view(&salon.config.timezone),
        manage_token: secrets::manage_token(&services.token_secret, &earlier.booking.id),
    })
}

/// A booking seen through its manage link: the stored booking with its salon.
pub type Viewed = Managed;

impl Managed {
    /// The last instant the client may still cancel or move it.
    pub fn changeable_until(&self) -> Timestamp {
        self.config.policy.change_deadline(self.booking.starts_at)
    }
}

/// The booking behind a manage token.
pub async fn view(services: &Services, token: &str) -> Result<Viewed, Error> {
    view_hash(services, &secrets::sha256_hex(token)).await
}

/// The booking whose manage token has the hash `token_hash`.
async fn view_hash(services: &Services, token_hash: &str) -> Result<Viewed, Error> {
    db::bookings::by_token_hash(&services.neon, token_hash)
        .await?
        .ok_or(Error::NotFound("booking"))
}

/// Cancels the booking behind a manage token, until the salon's cutoff before its start. Cancelling a
/// cancelled booking answers its current state.
pub async fn cancel(services: &Services, token: &str) -> Result<Viewed, Error> {
    let current = view(services, token).await?;
    if current.booking.status == BookingStatus::Cancelled {
        return Ok(current);
    }
    let start = current.booking.starts_at;
    let policy = current.config.policy;
    if !policy.allows_change(start, services.now) {
        return Err(Error::CancelCutoffPassed {
            cutoff_minutes: policy.cancel_cutoff_minutes,
        });
    }
    let hash = secrets::sha256_hex(token);
    let notices = notices::on_cancelled(
        &current.config.notifications,
        &facts_of(&current.booking, &current.config),
        services.now,
    );
    let cancelled =
        db::bookings::cancel_by_token(&services.neon, &hash, services.now, start, &notices);
    match cancelled.await? {
        Some(cancelled) => {
            availability::purge(services, &cancelled.slug).await;
            Ok(cancelled)
        }
        // Cancelled by someone else meanwhile: answer the state it is in now.
        None => view(services, token).await,
    }
}

/// A request to move the booking behind a manage token.
pub struct Reschedule<'a> {
    /// The SHA-256 of the booking's manage token (the client's link, or looked up for the salon).
    pub token_hash: &'a str,
    /// Set when the salon moves it: no cutoff, the salon's own rules, no alert to itself.
    pub by_salon: Option<BySalon>,
    pub body: &'a RescheduleWire,
    /// The client's `Accept-Language`, when sent.
    pub accept_language: Option<&'a str>,
}

/// Moves a booking to another start, with the same staff member, another, or anyone free, until
/// the salon's cutoff before its current start. The old time is released only if the new one is
/// taken, in one statement. Asking again for the time it already has answers its current state, so
/// a retried request changes nothing.
pub async fn reschedule(services: &Services, request: &Reschedule<'_>) -> Result<Viewed, Error> {
    let current = view_hash(services, request.token_hash).await?;
    let config = &current.config;
    let locale = locale_for(request.accept_language, &config.locale);
    let (start, choice) = parse_move(request.body, locale)?;
    let b = &current.booking;
    if b.status == BookingStatus::Cancelled {
        return Err(Error::Cancelled);
    }
    let same_person = match &choice {
        StaffChoice::Any => true,
        StaffChoice::Named(key) => key.as_ref() == b.staff_key,
    };
    if b.starts_at == start && same_person {
        return Ok(current);
    }
    if request.by_salon.is_none() && !config.policy.allows_change(b.starts_at, services.now) {
        return Err(Error::MoveCutoffPassed {
            cutoff_minutes: config.policy.cancel_cutoff_minutes,
        });
    }
    let service = config
        .service(&b.service_key)
        .ok_or(Error::NotFound("service"))?;
    let window = busy_window(start.to_zoned(jiff::tz::TimeZone::UTC).date(), 1)
        .map_err(|_| Error::Internal("a parsed start is in range"))?;
    let busy =
        db::bookings::busy_except(&services.neon, current.salon_id, &b.id, window.0, window.1)
            .await?;
    let slug = current.slug.clone();
    let unavailable = |reason| Error::Unavailable {
        reason,
        slug: slug.clone(),
        service: service.key.to_string(),
        staff: choice.clone(),
        day: start.to_zoned(config.timezone.clone()).date(),
    };
    let judged = as_salon(config, request.by_salon.unwrap_or_default());
    let candidates = match who_may_take(&judged, service, &busy, &choice, start, services.now) {
        Ok(candidates) => candidates,
        Err(refusal) => return Err(refused(services, &slug, refusal, locale, unavailable).await),
    };
    let facts = Facts {
        start,
        sequence: b.sequence + 1,
        ..facts_of(b, config)
    };
    let mut notices = notices::on_moved(&config.notifications, &facts, services.now);
    if request.by_salon.is_some() {
        notices = for_client_only(notices);
    }
    let timing = service.timing();
    let (appointment, occupied) = (
        timing.appointment(start.as_second()),
        timing.occupied(start.as_second()),
    );
    let at = |second: i64| Timestamp::from_second(second).expect("booking instants are in range");
    for &staff_index in &candidates {
        let m = db::bookings::Move {
            token_hash: request.token_hash,
            from_start: b.starts_at,
            service_key: service.key.as_ref(),
            staff_key: config.staff[staff_index].key.as_ref(),
            starts_at: start,
            ends_at: at(appointment.end),
            occupied_start: at(occupied.start),
            occupied_end: at(occupied.end),
            notices: &notices,
        };
        match db::bookings::move_to(&services.neon, &m).await? {
            Moved::Done(moved) => {
                availability::purge(services, &slug).await;
                return Ok(*moved);
            }
            Moved::Overlap | Moved::ConfigChanged => continue,
            // Cancelled or moved by someone else meanwhile: judge the request against that.
            Moved::Changed => {
                let now = view_hash(services, request.token_hash).await?;
                return match now.booking.status {
                    BookingStatus::Cancelled => Err(Error::Cancelled),
                    BookingStatus::Confirmed if now.booking.starts_at == start => Ok(now),
                    BookingStatus::Confirmed => Err(unavailable(Unavailable::OverlapsBooking)),
                };
            }
        }
    }
    availability::purge(services, &slug).await;
    Err(unavailable(Unavailable::OverlapsBooking))
}

/// The new start and staff of a move, or the fields' problems in the client's language.
fn parse_move(body: &RescheduleWire, locale: Locale) -> Result<(Timestamp, StaffChoice), Error> {
    let mut fields = BTreeMap::new();
    let start = parse_instant(&body.start)
        .map_err(|p| fields.insert("start".to_owned(), p.to_field_error(locale)))
        .ok();
    let staff = StaffChoice::parse(&body.staff)
        .map_err(|p| fields.insert("staff".to_owned(), p.to_field_error(locale)))
        .ok();
    match (start, staff) {
        (Some(start), Some(staff)) => Ok((start, staff)),
        _ => Err(Error::Invalid(fields)),
    }
}

/// What the notification rules need to know about a stored booking.
fn facts_of<'a>(booking: &'a Booking, config: &SalonConfig) -> Facts<'a> {
    Facts {
        start: booking.starts_at,
        client_email: booking.client_email.as_deref(),
        client_phone: booking.client_phone.as_deref(),
        client_locale: booking.locale,
        salon_locale: Locale::from_tag(&config.locale),
        sequence: booking.sequence,
    }
}

/// Cancels a booking of the salon `salon_id` on its owner's behalf, whenever it starts. Cancelling a
/// cancelled booking keeps its first cancellation and tells nobody again. `None` when the salon has no
/// such booking.
pub async fn cancel_for_owner(
    services: &Services,
    salon_id: i64,
    config: &SalonConfig,
    booking_id: &str,
    message: Option<&str>,
) -> Result<Option<db::bookings::OwnerBooking>, Error> {
    let Some(current) = db::bookings::of_salon(&services.neon, salon_id, booking_id).await? else {
        return Ok(None);
    };
    let notices = match current.booking.status {
        BookingStatus::Confirmed => notices::on_cancelled(
            &config.notifications,
            &facts_of(&current.booking, config),
            services.now,
        ),
        BookingStatus::Cancelled => Vec::new(),
    };
    let cancelled = db::bookings::owner_cancel(
        &services.neon,
        salon_id,
        booking_id,
        services.now,
        &notices,
        message,
    )
    .await?;
    Ok(cancelled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_salons_origins_and_the_apis_own_may_book() {
        let allowed = ["https://fifi.example".to_owned()];
        let own = "https://api.example";
        assert!(origin_allowed(None, own, &allowed));
        assert!(origin_allowed(Some(own), own, &allowed));
        assert!(origin_allowed(Some("https://fifi.example"), own, &allowed));
        assert!(!origin_allowed(Some("https://evil.example"), own, &allowed));
        assert!(!origin_allowed(
            Some("https://fifi.example.evil"),
            own,
            &allowed
        ));
    }

    #[test]
    fn messages_follow_the_clients_language_else_the_salons() {
        assert_eq!(locale_for(Some("fr-CA,fr;q=0.9"), "en"), Locale::Fr);
        assert_eq!(locale_for(Some("en-GB"), "de"), Locale::En);
        assert_eq!(locale_for(Some("ja"), "es"), Locale::Es);
        assert_eq!(locale_for(None, "de"), Locale::De);
    }
}
