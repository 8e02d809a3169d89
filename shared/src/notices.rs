//! Who is told what about a booking, and when (SPEC §9): the rows a change puts in the outbox, and
//! how a failed delivery is retried.
//!
//! Every instant here is an instant, not a wall-clock time: a reminder a day ahead goes 24 hours
//! before the start even when a daylight-saving change falls in between.

use jiff::{SignedDuration, Timestamp};

use crate::config::Notifications;
use crate::locale::Locale;

/// What a message is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// To the client: the booking is made.
    Confirmation,
    /// To the client: the booking is cancelled.
    Cancellation,
    /// To the client: the booking is coming up.
    Reminder,
    /// To the client: the booking moved.
    Rescheduled,
    /// To the salon: a new booking.
    OwnerNew,
    /// To the salon: a booking moved.
    OwnerMoved,
    /// To the salon: a booking was cancelled.
    OwnerCancelled,
}

impl Kind {
    /// Every kind, in a fixed order.
    pub const ALL: [Kind; 7] = [
        Kind::Confirmation,
        Kind::Cancellation,
        Kind::Reminder,
        Kind::Rescheduled,
        Kind::OwnerNew,
        Kind::OwnerMoved,
        Kind::OwnerCancelled,
    ];

    /// How the outbox stores it.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Confirmation => "confirmation",
            Kind::Cancellation => "cancellation",
            Kind::Reminder => "reminder",
            Kind::Rescheduled => "rescheduled",
            Kind::OwnerNew => "owner_new",
            Kind::OwnerMoved => "owner_moved",
            Kind::OwnerCancelled => "owner_cancelled",
        }
    }

    /// Reads [`Kind::as_str`] back.
    pub fn parse(value: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == value)
    }
}

/// How a message travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    Email,
    Sms,
}

impl Channel {
    /// How the outbox stores it.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
        }
    }

    /// Reads [`Channel::as_str`] back.
    pub fn parse(value: &str) -> Option<Channel> {
        [Channel::Email, Channel::Sms]
            .into_iter()
            .find(|c| c.as_str() == value)
    }
}

/// One message to send, as the outbox records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    pub kind: Kind,
    pub channel: Channel,
    /// An email address or an E.164 phone number.
    pub recipient: String,
    pub locale: Locale,
    /// For a reminder, how long before the start it goes; 0 otherwise.
    pub lead_minutes: u32,
    /// When it is to be sent.
    pub due_at: Timestamp,
    /// How many times the booking had moved when this was planned: a move plans its messages
    /// afresh, and each is sent once.
    pub sequence: u32,
}

/// What the rules need to know about a booking.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    pub start: Timestamp,
    pub client_email: Option<&'a str>,
    pub client_phone: Option<&'a str>,
    /// The language the client booked in.
    pub client_locale: Locale,
    /// The salon's own language, for messages to the salon.
    pub salon_locale: Locale,
    /// How many times the booking has moved.
    pub sequence: u32,
}

fn to_owners(
    settings: &Notifications,
    kind: Kind,
    facts: &Facts<'_>,
    now: Timestamp,
) -> Vec<Planned> {
    settings
        .owner_emails
        .iter()
        .map(|address| Planned {
            kind,
            channel: Channel::Email,
            recipient: address.as_ref().to_owned(),
            locale: facts.salon_locale,
            lead_minutes: 0,
            due_at: now,
            sequence: facts.sequence,
        })
        .collect()
}

/// The messages a new booking causes at `now`: the client's confirmation (when they gave an email
/// address), one reminder per lead that is still ahead (by email, and by SMS where the salon sends
/// them and the client gave a phone), and an alert to each owner address.
pub fn on_created(settings: &Notifications, facts: &Facts<'_>, now: Timestamp) -> Vec<Planned> {
    on_booked(settings, facts, now, Kind::Confirmation, Kind::OwnerNew)
}

/// The messages a move to `facts.start` causes at `now`: like a new booking's, with "moved" in
/// place of the confirmation and the owners' "new booking". The move drops the pending reminders of
/// the old time in the same statement, so these are the reminders of the new one.
pub fn on_moved(settings: &Notifications, facts: &Facts<'_>, now: Timestamp) -> Vec<Planned> {
    on_booked(settings, facts, now, Kind::Rescheduled, Kind::OwnerMoved)
}

fn on_booked(
    settings: &Notifications,
    facts: &Facts<'_>,
    now: Timestamp,
    to_client_kind: Kind,
    to_owner_kind: Kind,
) -> Vec<Planned> {
    let mut planned = Vec::new();
    let to_client = |kind, channel, recipient: &str, lead_minutes, due_at| Planned {
        kind,
        channel,
        recipient: recipient.to_owned(),
        locale: facts.client_locale,
        lead_minutes,
        due_at,
        sequence: facts.sequence,
    };
    if let Some(email) = facts.client_email {
        planned.push(to_client(to_client_kind, Channel::Email, email, 0, now));
    }
    for &lead in &settings.reminder_minutes_before {
        let Some(due_at) = reminder_due(facts.start, lead) else {
            continue;
        };
        // A booking made after a reminder's time gets no late reminder for that lead.
        if due_at <= now {
            continue;
        }
        if let Some(email) = facts.client_email {
            planned.push(to_client(
                Kind::Reminder,
                Channel::Email,
                email,
                lead,
                due_at,
            ));
        }
        if let (true, Some(phone)) = (settings.sms_reminders, facts.client_phone) {
            planned.push(to_client(Kind::Reminder, Channel::Sms, phone, lead, due_at));
        }
    }
    planned.extend(to_owners(settings, to_owner_kind, facts, now));
    planned
}

/// The messages a cancellation causes at `now`: the client's notice (when they gave an email
/// address) and an alert to each owner address. Pending reminders are dropped by the same change.
pub fn on_cancelled(settings: &Notifications, facts: &Facts<'_>, now: Timestamp) -> Vec<Planned> {
    let mut planned = Vec::new();
    if let Some(email) = facts.client_email {
        planned.push(Planned {
            kind: Kind::Cancellation,
            channel: Channel::Email,
            recipient: email.to_owned(),
            locale: facts.client_locale,
            lead_minutes: 0,
            due_at: now,
            sequence: facts.sequence,
        });
    }
    planned.extend(to_owners(settings, Kind::OwnerCancelled, facts, now));
    planned
}

/// When a reminder `lead_minutes` before `start` is due: exactly that much elapsed time before it.
pub fn reminder_due(start: Timestamp, lead_minutes: u32) -> Option<Timestamp> {
    start
        .checked_sub(SignedDuration::from_mins(i64::from(lead_minutes)))
        .ok()
}

/// How long a message keeps being retried after it was first due.
pub const GIVE_UP_AFTER: SignedDuration = SignedDuration::from_hours(24);

/// When to try again after `attempts` failed tries (1 for the first): 30 s, doubling, at most an hour.
pub fn retry_at(now: Timestamp, attempts: u32) -> Timestamp {
    let doublings = attempts.saturating_sub(1).min(7);
    let wait = (30i64 << doublings).min(3600);
    now.checked_add(SignedDuration::from_secs(wait))
        .unwrap_or(now)
}

/// Whether a message first due at `due_at` has been retried long enough to be given up at `now`.
pub fn gives_up(due_at: Timestamp, now: Timestamp) -> bool {
    now.duration_since(due_at) >= GIVE_UP_AFTER
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::Email;
    use crate::config::instant;

    fn settings(leads: &[u32], sms: bool, owners: &[&str]) -> Notifications {
        Notifications {
            reply_to: None,
            owner_emails: owners.iter().map(|o| Email::parse(o).unwrap()).collect(),
            reminder_minutes_before: leads.to_vec(),
            sms_reminders: sms,
        }
    }

    fn facts<'a>(start: &str, email: Option<&'a str>, phone: Option<&'a str>) -> Facts<'a> {
        Facts {
            start: instant(start),
            client_email: email,
            client_phone: phone,
            client_locale: Locale::Fr,
            salon_locale: Locale::De,
            sequence: 0,
        }
    }

    fn summary(planned: &[Planned]) -> Vec<(Kind, Channel, String, Locale, u32, Timestamp)> {
        planned
            .iter()
            .map(|p| {
                (
                    p.kind,
                    p.channel,
                    p.recipient.clone(),
                    p.locale,
                    p.lead_minutes,
                    p.due_at,
                )
            })
            .collect()
    }

    #[test]
    fn reminders_are_due_at_elapsed_time_before_the_start_across_clock_changes() {
        // (start, lead in minutes, due). Paris springs forward on 2027-03-28 and falls back on
        // 2027-10-31; a day ahead is 24 hours ahead, so the wall-clock time of the reminder moves.
        let table = [
            (
                "2027-03-28T10:00:00+02:00",
                1440,
                "2027-03-27T09:00:00+01:00",
            ),
            (
                "2027-10-31T10:00:00+01:00",
                1440,
                "2027-10-30T11:00:00+02:00",
            ),
            (
                "2027-03-28T03:30:00+02:00",
                120,
                "2027-03-28T00:30:00+01:00",
            ),
            (
                "2028-03-01T09:00:00+01:00",
                10080,
                "2028-02-23T09:00:00+01:00",
            ),
            ("2028-02-29T00:15:00+01:00", 30, "2028-02-28T23:45:00+01:00"),
        ];
        for (start, lead, due) in table {
            assert_eq!(
                reminder_due(instant(start), lead),
                Some(instant(due)),
                "{start} − {lead} min"
            );
        }
    }

    #[test]
    fn a_new_booking_plans_a_confirmation_future_reminders_and_owner_alerts() {
        let now = instant("2027-03-21T12:00:00+01:00");
        let start = "2027-03-28T10:00:00+02:00";
        let planned = on_created(
            &settings(&[30, 1440, 10080], true, &["owner@fifi.example"]),
            &facts(start, Some("zoe@example.com"), Some("+33612345678")),
            now,
        );
        let due = |lead| reminder_due(instant(start), lead).unwrap();
        let email = "zoe@example.com".to_owned();
        let phone = "+33612345678".to_owned();
        assert_eq!(
            summary(&planned),
            vec![
                (
                    Kind::Confirmation,
                    Channel::Email,
                    email.clone(),
                    Locale::Fr,
                    0,
                    now
                ),
                (
                    Kind::Reminder,
                    Channel::Email,
                    email.clone(),
                    Locale::Fr,
                    30,
                    due(30)
                ),
                (
                    Kind::Reminder,
                    Channel::Sms,
                    phone.clone(),
                    Locale::Fr,
                    30,
                    due(30)
                ),
                (
                    Kind::Reminder,
                    Channel::Email,
                    email,
                    Locale::Fr,
                    1440,
                    due(1440)
                ),
                (
                    Kind::Reminder,
                    Channel::Sms,
                    phone,
                    Locale::Fr,
                    1440,
                    due(1440)
                ),
                (
                    Kind::OwnerNew,
                    Channel::Email,
                    "owner@fifi.example".to_owned(),
                    Locale::De,
                    0,
                    now
                ),
            ],
            "the week-ahead reminder was due before the booking was made"
        );
    }

    #[test]
    fn nothing_goes_where_the_client_gave_no_address_or_the_salon_sends_no_sms() {
        let now = instant("2027-03-20T12:00:00+01:00");
        let start = "2027-03-28T10:00:00+02:00";
        let phone_only = facts(start, None, Some("+33612345678"));
        assert!(on_created(&settings(&[1440], false, &[]), &phone_only, now).is_empty());
        let kinds: Vec<_> = on_created(&settings(&[1440], true, &[]), &phone_only, now)
            .iter()
            .map(|p| (p.kind, p.channel))
            .collect();
        assert_eq!(kinds, vec![(Kind::Reminder, Channel::Sms)]);
        // A reminder due exactly now is already too late.
        let late = on_created(
            &settings(&[60], false, &[]),
            &facts("2027-03-20T13:00:00+01:00", Some("zoe@example.com"), None),
            now,
        );
        assert_eq!(late.len(), 1);
        assert_eq!(late[0].kind, Kind::Confirmation);
    }

    #[test]
    fn a_move_tells_the_client_and_the_owners_and_plans_the_new_times_reminders() {
        let now = instant("2027-03-21T12:00:00+01:00");
        let facts = Facts {
            sequence: 2,
            ..facts("2027-03-28T10:00:00+02:00", Some("zoe@example.com"), None)
        };
        let planned = on_moved(&settings(&[1440], false, &["a@fifi.example"]), &facts, now);
        let kinds: Vec<_> = planned
            .iter()
            .map(|p| (p.kind, p.lead_minutes, p.due_at, p.sequence))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (Kind::Rescheduled, 0, now, 2),
                (
                    Kind::Reminder,
                    1440,
                    instant("2027-03-27T09:00:00+01:00"),
                    2
                ),
                (Kind::OwnerMoved, 0, now, 2),
            ]
        );
    }

    #[test]
    fn a_cancellation_tells_the_client_and_the_owners_at_once() {
        let now = instant("2027-03-20T12:00:00+01:00");
        let planned = on_cancelled(
            &settings(&[1440], true, &["a@fifi.example", "b@fifi.example"]),
            &facts(
                "2027-03-28T10:00:00+02:00",
                Some("zoe@example.com"),
                Some("+33612345678"),
            ),
            now,
        );
        let kinds: Vec<_> = planned
            .iter()
            .map(|p| (p.kind, p.recipient.as_str(), p.due_at))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (Kind::Cancellation, "zoe@example.com", now),
                (Kind::OwnerCancelled, "a@fifi.example", now),
                (Kind::OwnerCancelled, "b@fifi.example", now),
            ]
        );
    }

    #[test]
    fn retries_back_off_to_an_hour_and_stop_after_a_day() {
        let now = instant("2027-03-28T01:59:00+01:00");
        let waits: Vec<i64> = (1..=10)
            .map(|n| retry_at(now, n).as_second() - now.as_second())
            .collect();
        assert_eq!(
            waits,
            vec![30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]
        );
        let due = instant("2027-03-27T02:00:00+01:00");
        assert!(!gives_up(due, instant("2027-03-28T02:59:59+02:00")));
        assert!(
            gives_up(due, instant("2027-03-28T03:00:00+02:00")),
            "24 h, not 23, across the change"
        );
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(Channel::parse("sms"), Some(Channel::Sms));
        assert_eq!(Kind::parse("other"), None);
    }
}
