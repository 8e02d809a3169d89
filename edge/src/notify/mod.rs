//! Delivering the outbox (SPEC §9). Right after a change (`ctx.wait_until`) and every minute (the
//! Cron Trigger), a sweep claims the rows that are due, renders each message, sends it through its
//! channel with the row's idempotency key, and records the outcome: sent, retried later with
//! exponential backoff, or given up a day after it was due (`dead`, for the owner to see).

pub mod providers;
pub mod render;

use jiff::Timestamp;
use shared::notices::{self, Channel, Kind};
use shared::paths::ApiPath;

use crate::db::{self, outbox::Claimed, DbError};
use crate::neon::Neon;
use crate::secrets;
use providers::{Attachment, Email, Mailer, ResendApi, SendError, Texter, TwilioApi};
use render::Booked;

/// How many rows one sweep claims at most; the next sweep takes the rest.
pub const SWEEP_LIMIT: u32 = 50;

/// Where messages go out, as the Worker's variables configure it. A channel without its settings
/// leaves its rows waiting (and `/readyz` shows their age).
pub struct Channels {
    pub mail: Option<ResendApi>,
    pub sms: Option<TwilioApi>,
}

/// What a sweep needs besides the database.
pub struct Sender<'a> {
    pub neon: &'a Neon,
    pub channels: &'a Channels,
    /// The key manage tokens are derived with, for the links in messages.
    pub token_secret: &'a str,
    /// Where the API is reached from outside, such as `https://book.chairtime.example`.
    pub public_url: &'a str,
}

/// What a sweep did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Report {
    pub sent: u32,
    pub retried: u32,
    pub dead: u32,
    pub waiting: u32,
}

/// Sends what is due at `now`: every due row, or only those of one booking (right after a change).
pub async fn sweep(
    sender: &Sender<'_>,
    now: Timestamp,
    booking_id: Option<&str>,
) -> Result<Report, DbError> {
    let claimed = db::outbox::claim(sender.neon, now, SWEEP_LIMIT, booking_id).await?;
    let mut report = Report::default();
    for row in &claimed {
        let key = format!("chairtime-notification-{}", row.id);
        let error = match deliver(sender, row, now, &key).await {
            Delivery::Sent(provider_id) => {
                db::outbox::sent(sender.neon, row.id, &provider_id, now).await?;
                report.sent += 1;
                continue;
            }
            Delivery::Skip(reason) => SendError::Refused(reason),
            Delivery::Waiting => {
                // No channel configured: put the lease back and try again on a later sweep.
                db::outbox::failed(
                    sender.neon,
                    row.id,
                    "no provider configured for this channel",
                    Some(notices::retry_at(now, 1)),
                )
                .await?;
                report.waiting += 1;
                continue;
            }
            Delivery::Failed(e) => e,
        };
        let retry = match &error {
            SendError::Temporary(_) if !notices::gives_up(row.due_at, now) => {
                Some(notices::retry_at(now, row.attempts))
            }
            _ => None,
        };
        db::outbox::failed(sender.neon, row.id, &error.to_string(), retry).await?;
        if retry.is_some() {
            report.retried += 1;
        } else {
            report.dead += 1;
        }
    }
    Ok(report)
}

/// What a message may say about the booking of `row`, as it is now.
fn booked<'a>(row: &'a Claimed, manage_url: &'a str, now: Timestamp) -> Booked<'a> {
    let (b, config) = (&row.booking, &row.config);
    let service = config.service(&b.service_key);
    Booked {
        salon: &config.name,
        client: &b.client_name,
        service: service.map_or(b.service_key.as_str(), |s| s.name.as_str()),
        staff: config
            .staff_member(&b.staff_key)
            .map_or(b.staff_key.as_str(), |s| s.name.as_str()),
        start: b.starts_at,
        tz: &config.timezone,
        tz_name: &config.timezone_name,
        duration_minutes: service.map_or(0, |s| s.duration_minutes),
        price_cents: service.map_or(0, |s| s.price_cents),
        currency: &config.currency,
        code: &b.code,
        manage_url,
        deadline: config.policy.change_deadline(b.starts_at),
        sent_at: now,
        client_email: b.client_email.as_deref(),
        client_phone: b.client_phone.as_deref(),
        notes: &row.notes,
        cancel_message: &row.cancel_message,
        address: &config.contact.address,
        salon_phone: config.contact.phone.as_ref().map(AsRef::as_ref),
        salon_email: config.contact.email.as_ref().map(AsRef::as_ref),
    }
}

/// The email of `row`: the rendered message, replies to the salon, and for a confirmation, a move or
/// a cancellation the booking as a calendar file.
fn email_of(row: &Claimed, booked: &Booked<'_>) -> Email {
    let (b, config) = (&row.booking, &row.config);
    let rendered = render::email(row.kind, row.locale, booked);
    let attachments = match row.kind {
        Kind::Confirmation | Kind::Cancellation | Kind::Rescheduled => vec![Attachment {
            filename: format!("booking-{}.ics", b.code),
            content: crate::ics::calendar(&crate::ics::Event {
                booking_id: &b.id,
                code: &b.code,
                cancelled: row.kind == Kind::Cancellation,
                sequence: b.sequence,
                start: b.starts_at,
                end: b.ends_at,
                stamp: booked.sent_at,
                salon_name: &config.name,
                service_name: booked.service,
                staff_name: booked.staff,
                manage_url: booked.manage_url,
                tz: &config.timezone,
                tz_name: &config.timezone_name,
            })
            .into_bytes(),
        }],
        _ => Vec::new(),
    };
    let reply_to = config
        .notifications
        .reply_to
        .as_ref()
        .or(config.notifications.owner_emails.first())
        .map(|e| e.as_ref().to_owned());
    Email {
        to: row.recipient.clone(),
        reply_to,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        attachments,
    }
}

enum Delivery {
    Sent(String),
    /// Not worth sending any more (the appointment has begun, the booking was cancelled).
    Skip(String),
    /// The channel has no provider.
    Waiting,
    Failed(SendError),
}

async fn deliver(sender: &Sender<'_>, row: &Claimed, now: Timestamp, key: &str) -> Delivery {
    let b = &row.booking;
    if row.kind == Kind::Reminder {
        if b.status != shared::api::BookingStatus::Confirmed {
            return Delivery::Skip("the booking was cancelled".to_owned());
        }
        if b.starts_at <= now {
            return Delivery::Skip("the appointment has begun".to_owned());
        }
    }
    let token = secrets::manage_token(sender.token_secret, &b.id);
    let manage_url = format!(
        "{}{}",
        sender.public_url.trim_end_matches('/'),
        ApiPath::ManagePage { token: &token }
    );
    let booked = booked(row, &manage_url, now);
    let sent = match (row.channel, &sender.channels.sms, &sender.channels.mail) {
        (Channel::Sms, Some(sms), _) => {
            let body = render::sms(row.kind, row.locale, &booked);
            sms.send(&row.recipient, &body, key).await
        }
        (Channel::Email, _, Some(mail)) => mail.send(&email_of(row, &booked), key).await,
        _ => return Delivery::Waiting,
    };
    match sent {
        Ok(id) => Delivery::Sent(id),
        Err(e) => Delivery::Failed(e),
    }
}
