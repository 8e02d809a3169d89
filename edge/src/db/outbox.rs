//! The notification outbox: claiming due rows under a lease, recording what became of them, and the
//! housekeeping the scheduled job does.

use shared::notices::{Channel, Kind};
use shared::Locale;

use super::bookings::Booking;
use super::{stored_config, DbError};
use crate::neon::params;
use crate::neon::{Neon, QueryResult};

/// How long a sender owns the rows it claimed. A sender that dies leaves them to the next sweep
/// after this; the provider's idempotency key keeps that retry from sending twice.
pub const LEASE_SECONDS: i64 = 120;

/// A row claimed for sending, with what its message needs.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub id: i64,
    pub kind: Kind,
    pub channel: Channel,
    pub recipient: String,
    pub locale: Locale,
    pub due_at: jiff::Timestamp,
    /// Tries so far, this one included.
    pub attempts: u32,
    pub booking: Booking,
    pub notes: String,
    /// The salon's words to the client with a cancellation; empty when none.
    pub cancel_message: String,
    pub config: shared::config::SalonConfig,
}

/// Claims up to `limit` rows due at `now`, of one booking or of all: a conditional update that
/// skips rows another sender holds, so two sweeps at once never take the same row.
pub async fn claim(
    neon: &Neon,
    now: jiff::Timestamp,
    limit: u32,
    booking_id: Option<&str>,
) -> Result<Vec<Claimed>, DbError> {
    const SQL: &str = concat!(
        "WITH due AS ( \
           SELECT n.id FROM notifications n \
           WHERE n.state = 'pending' AND n.next_attempt_at <= $1::timestamptz \
             AND (n.leased_until IS NULL OR n.leased_until <= $1::timestamptz) \
             AND ($3::uuid IS NULL OR n.booking_id = $3::uuid) \
           ORDER BY n.next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED \
         ), claimed AS ( \
           UPDATE notifications n SET attempts = n.attempts + 1, \
             leased_until = $1::timestamptz + make_interval(secs => $4) \
           FROM due WHERE n.id = due.id \
           RETURNING n.id AS notification_id, n.kind, n.channel, n.recipient, n.locale AS message_locale, \
             n.due_at, n.attempts, n.booking_id, n.salon_id \
         ) SELECT c.*, s.config, b.notes, COALESCE(b.cancel_message, '') AS cancel_message, ",
        booking_columns!(),
        " FROM claimed c JOIN bookings b ON b.id = c.booking_id JOIN salons s ON s.id = c.salon_id \
          ORDER BY c.due_at"
    );
    let result = neon
        .query(
            SQL,
            params![now, i64::from(limit), booking_id, LEASE_SECONDS],
        )
        .await?;
    rows(&result)
}

fn rows(result: &QueryResult) -> Result<Vec<Claimed>, DbError> {
    result
        .rows()
        .map(|row| {
            let unknown =
                |what: &str, v: &str| DbError::Unexpected(format!("unknown {what} {v:?}"));
            let kind: String = row.get("kind")?;
            let channel: String = row.get("channel")?;
            let (_, config) = stored_config(&row)?;
            Ok(Claimed {
                id: row.get("notification_id")?,
                kind: Kind::parse(&kind).ok_or_else(|| unknown("kind", &kind))?,
                channel: Channel::parse(&channel).ok_or_else(|| unknown("channel", &channel))?,
                recipient: row.get("recipient")?,
                locale: Locale::from_tag(&row.get::<String>("message_locale")?),
                due_at: row.get("due_at")?,
                attempts: u32::try_from(row.get::<i64>("attempts")?).unwrap_or(u32::MAX),
                booking: Booking::from_row(&row)?,
                notes: row.get("notes")?,
                cancel_message: row.get("cancel_message")?,
                config,
            })
        })
        .collect()
}

/// Records that a row was sent.
pub async fn sent(
    neon: &Neon,
    id: i64,
    provider_id: &str,
    now: jiff::Timestamp,
) -> Result<(), DbError> {
    const SQL: &str =
        "UPDATE notifications SET state = 'sent', provider_id = $2, sent_at = $3::timestamptz, \
                         leased_until = NULL, last_error = NULL WHERE id = $1";
    neon.query(SQL, params![id, provider_id, now]).await?;
    Ok(())
}

/// Records a failed try: the row waits until `retry_at`, or, without one, is given up (`dead`).
pub async fn failed(
    neon: &Neon,
    id: i64,
    error: &str,
    retry_at: Option<jiff::Timestamp>,
) -> Result<(), DbError> {
    const SQL: &str = "UPDATE notifications SET \
                         state = CASE WHEN $3::timestamptz IS NULL THEN 'dead' ELSE 'pending' END, \
                         next_attempt_at = COALESCE($3::timestamptz, next_attempt_at), \
                         leased_until = NULL, last_error = $2 WHERE id = $1";
    let error: String = error.chars().take(500).collect();
    neon.query(SQL, params![id, error, retry_at]).await?;
    Ok(())
}

/// What housekeeping removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Swept {
    pub idempotency_keys: u64,
    /// Sign-in links and sessions.
    pub secrets: u64,
}

/// Deletes idempotency records older than a day (a retry that late is a new request), sessions that
/// expired, and sign-in links an hour after they expired (until then they count towards the
/// hourly limit of links an address may be sent).
pub async fn housekeeping(neon: &Neon, now: jiff::Timestamp) -> Result<Swept, DbError> {
    const SQL: &str = "WITH gone AS (DELETE FROM idempotency_keys \
                         WHERE created_at < $1::timestamptz - interval '24 hours' RETURNING 1), \
                       links AS (DELETE FROM sign_in_links \
                         WHERE expires_at < $1::timestamptz - interval '1 hour' RETURNING 1), \
                       sessions AS (DELETE FROM sessions WHERE expires_at < $1::timestamptz RETURNING 1) \
                       SELECT (SELECT count(*) FROM gone) AS n, \
                         (SELECT count(*) FROM links) + (SELECT count(*) FROM sessions) AS secrets";
    let result = neon.query(SQL, params![now]).await?;
    let row = super::only_row(&result)?;
    let count =
        |name| -> Result<u64, DbError> { Ok(u64::try_from(row.get::<i64>(name)?).unwrap_or(0)) };
    Ok(Swept {
        idempotency_keys: count("n")?,
        secrets: count("secrets")?,
    })
}

/// Seconds since the oldest message still waiting to go was due, or `None` when none waits.
pub async fn oldest_undelivered_seconds(
    neon: &Neon,
    now: jiff::Timestamp,
) -> Result<Option<i64>, DbError> {
    const SQL: &str = "SELECT extract(epoch FROM $1::timestamptz - min(due_at))::bigint AS age \
                       FROM notifications WHERE state = 'pending' AND due_at <= $1::timestamptz";
    let result = neon.read(SQL, params![now]).await?;
    Ok(super::only_row(&result)?.opt("age")?)
}
