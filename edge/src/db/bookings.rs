//! Bookings: the insert that takes a time, idempotent replays, the manage token's booking, cancelling,
//! and the owner's list.

use serde_json::Value;
use shared::api::{BookingStatus, BookingView, ClientView};
use shared::config::SalonConfig;
use shared::notices::Planned;
use shared::Locale;

use super::{local_time, only_row, salons, stored_config, Busy, DbError, Salon, SNAPSHOT};
use crate::neon::params;
use crate::neon::{Neon, NeonError, QueryResult, Row, Statement};

/// The columns of [`Booking`], for a `bookings` table aliased `b`.
macro_rules! booking_columns {
    () => {
        "b.id::text AS id, b.code, b.status, b.service_key, b.staff_key, b.starts_at, b.ends_at, \
         b.client_name, b.client_email, b.client_phone, b.locale, b.sequence"
    };
}

/// A booking as stored, without its notes and token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Booking {
    pub id: String,
    pub code: String,
    pub status: BookingStatus,
    pub service_key: String,
    pub staff_key: String,
    pub starts_at: jiff::Timestamp,
    pub ends_at: jiff::Timestamp,
    pub client_name: String,
    pub client_email: Option<String>,
    pub client_phone: Option<String>,
    /// The language the client booked in.
    pub locale: Locale,
    /// How many times it moved.
    pub sequence: u32,
}

impl Booking {
    pub(super) fn from_row(row: &Row<'_>) -> Result<Self, DbError> {
        let status: String = row.get("status")?;
        Ok(Booking {
            id: row.get("id")?,
            code: row.get("code")?,
            status: BookingStatus::parse(&status)
                .ok_or_else(|| DbError::Unexpected(format!("unknown booking status {status:?}")))?,
            service_key: row.get("service_key")?,
            staff_key: row.get("staff_key")?,
            starts_at: row.get("starts_at")?,
            ends_at: row.get("ends_at")?,
            client_name: row.get("client_name")?,
            client_email: row.opt("client_email")?,
            client_phone: row.opt("client_phone")?,
            locale: Locale::from_tag(&row.get::<String>("locale")?),
            sequence: u32::try_from(row.get::<i64>("sequence")?).unwrap_or(0),
        })
    }

    /// The booking on the wire, with instants in the salon's time zone.
    pub fn view(&self, tz: &jiff::tz::TimeZone) -> BookingView {
        BookingView {
            id: self.id.clone(),
            code: self.code.clone(),
            status: self.status,
            service: self.service_key.clone(),
            staff: self.staff_key.clone(),
            start: local_time(self.starts_at, tz),
            end: local_time(self.ends_at, tz),
            client: ClientView {
                name: self.client_name.clone(),
                email: self.client_email.clone(),
                phone: self.client_phone.clone(),
            },
        }
    }
}

/// The recorded outcome of an idempotency key: the hash of the request that used it, and its booking.
#[derive(Debug, Clone)]
pub struct Replay {
    pub request_hash: String,
    pub booking: Booking,
}

fn replay(result: &QueryResult) -> Result<Option<Replay>, DbError> {
    result
        .first()
        .map(|row| {
            Ok(Replay {
                request_hash: row.get("request_hash")?,
                booking: Booking::from_row(&row)?,
            })
        })
        .transpose()
}

/// What a booking request needs to know before it writes.
#[derive(Debug, Clone)]
pub struct Context {
    pub salon: Salon,
    /// Confirmed bookings that touch the window asked for.
    pub busy: Vec<Busy>,
    /// The earlier outcome of the request's idempotency key.
    pub earlier: Option<Replay>,
}

macro_rules! replay_select {
    ($condition:literal) => {
        concat!(
            "SELECT i.request_hash, ",
            booking_columns!(),
            " FROM idempotency_keys i JOIN bookings b ON b.id = i.booking_id \
              JOIN salons s ON s.id = i.salon_id WHERE ",
            $condition
        )
    };
}

/// The salon, the bookings touching `[from, to)` and the earlier outcome of `idempotency_key`: one
/// round trip, one snapshot. `None` when there is no such salon.
pub async fn context(
    neon: &Neon,
    slug: &str,
    idempotency_key: &str,
    from: jiff::Timestamp,
    to: jiff::Timestamp,
) -> Result<Option<Context>, DbError> {
    const BUSY: &str = busy_select!(
        "s.slug = $1",
        "b.occupied && tstzrange($2::timestamptz, $3::timestamptz)"
    );
    const REPLAY: &str = replay_select!("s.slug = $1 AND i.key = $2");
    let results = neon
        .transaction(
            vec![
                Statement::new(salons::BY_SLUG, params![slug]),
                Statement::new(BUSY, params![slug, from, to]),
                Statement::new(REPLAY, params![slug, idempotency_key]),
            ],
            SNAPSHOT,
        )
        .await?;
    let [salon, busy, earlier]: [QueryResult; 3] = results
        .try_into()
        .map_err(|_| DbError::Unexpected("expected three results".to_owned()))?;
    let Some((salon, busy)) = salons::with_busy(&salon, &busy)? else {
        return Ok(None);
    };
    Ok(Some(Context {
        salon,
        busy,
        earlier: replay(&earlier)?,
    }))
}

/// The earlier outcome of an idempotency key of a salon.
pub async fn replay_of(neon: &Neon, salon_id: i64, key: &str) -> Result<Option<Replay>, DbError> {
    const SQL: &str = replay_select!("i.salon_id = $1 AND i.key = $2");
    replay(&neon.query(SQL, params![salon_id, key]).await?)
}

/// A booking to insert, with everything already validated and checked against the slot engine.
#[derive(Debug, Clone)]
pub struct NewBooking<'a> {
    pub salon_id: i64,
    pub idempotency_key: &'a str,
    pub request_hash: &'a str,
    pub id: &'a str,
    pub code: &'a str,
    pub service_key: &'a str,
    pub staff_key: &'a str,
    pub starts_at: jiff::Timestamp,
    pub ends_at: jiff::Timestamp,
    pub occupied_start: jiff::Timestamp,
    pub occupied_end: jiff::Timestamp,
    pub client_name: &'a str,
    pub client_email: Option<&'a str>,
    pub client_phone: Option<&'a str>,
    pub notes: &'a str,
    pub manage_token_hash: &'a str,
    /// The language the client booked in.
    pub locale: Locale,
    /// The messages the booking causes, from `shared::notices::on_created`.
    pub notices: &'a [Planned],
}

/// Planned messages as the statements read them (`jsonb_to_recordset`).
fn outbox_rows(planned: &[Planned]) -> Value {
    planned
        .iter()
        .map(|p| {
            serde_json::json!({
                "kind": p.kind.as_str(),
                "channel": p.channel.as_str(),
                "recipient": p.recipient,
                "locale": p.locale.tag(),
                "lead_minutes": p.lead_minutes,
                "due_at": p.due_at.to_string(),
                "sequence": p.sequence,
            })
        })
        .collect()
}

/// Adds `$n`'s planned messages (see [`outbox_rows`]) for the booking `source.uid` of salon
/// `source.salon_id`, when `source` has a row.
macro_rules! outbox_insert {
    ($source:literal, $param:literal) => {
        concat!(
            "INSERT INTO notifications (salon_id, booking_id, kind, channel, recipient, locale, \
               lead_minutes, due_at, next_attempt_at, sequence) \
             SELECT src.salon_id, src.uid, p.kind, p.channel, p.recipient, p.locale, p.lead_minutes, \
               p.due_at, p.due_at, p.sequence \
             FROM ", $source, " src CROSS JOIN jsonb_to_recordset(", $param, "::jsonb) AS p(kind text, \
               channel text, recipient text, locale text, lead_minutes integer, due_at timestamptz, \
               sequence integer)"
        )
    };
}

/// Drops the pending reminders of the booking `source.uid`: a cancelled booking is never reminded.
macro_rules! drop_reminders {
    ($source:literal) => {
        concat!(
            "DELETE FROM notifications n USING ",
            $source,
            " src \
             WHERE n.booking_id = src.uid AND n.kind = 'reminder' AND n.state = 'pending'"
        )
    };
}

/// What happened to an insert.
#[derive(Debug)]
pub enum Inserted {
    /// The booking exists now.
    Created(Box<Booking>),
    /// Another request already used this idempotency key.
    KeyExists,
    /// The exclusion constraint refused it: the time is taken.
    Overlap,
    /// The random booking code collided with another of the salon; try another.
    CodeTaken,
    /// The salon's configuration changed meanwhile: the staff member or service is gone.
    ConfigChanged,
}

/// The configuration fragment a booking depends on: its service exists and its staff member performs it.
fn dependency(service_key: &str, staff_key: &str) -> Value {
    serde_json::json!({
        "services": [{ "key": service_key }],
        "staff": [{ "key": staff_key, "services": [service_key] }],
    })
}

/// One statement, so one transaction: it share-locks the salon row while checking that the
/// configuration still has the service and staff member (a configuration change waits for it, and a
/// later one sees the booking), records the idempotency key, inserts the booking and puts its
/// notifications in the outbox. It always
/// returns one row: `salon_ok` is 0 when the configuration no longer allows the booking, and the
/// booking columns are null when the key was used before.
const INSERT: &str = "WITH salon AS ( \
       SELECT id FROM salons WHERE id = $1 AND config @> $17::jsonb FOR SHARE \
     ), idem AS ( \
       INSERT INTO idempotency_keys (salon_id, key, request_hash, booking_id) \
       SELECT id, $2, $3, $4::uuid FROM salon ON CONFLICT (salon_id, key) DO NOTHING RETURNING booking_id \
     ), ins AS ( \
       INSERT INTO bookings (id, salon_id, code, service_key, staff_key, starts_at, ends_at, occupied, \
                             client_name, client_email, client_phone, notes, manage_token_hash, locale) \
       SELECT $4::uuid, $1, $5, $6, $7, $8::timestamptz, $9::timestamptz, \
              tstzrange($10::timestamptz, $11::timestamptz), $12, $13, $14, $15, $16, $19 \
       FROM idem \
       RETURNING id::text AS id, code, status, service_key, staff_key, starts_at, ends_at, \
                 client_name, client_email, client_phone, locale, sequence \
     ), outbox AS ( \
       INSERT INTO notifications (salon_id, booking_id, kind, channel, recipient, locale, lead_minutes, \
                                  due_at, next_attempt_at, sequence) \
       SELECT $1, ins.id::uuid, p.kind, p.channel, p.recipient, p.locale, p.lead_minutes, p.due_at, p.due_at, \
              p.sequence \
       FROM ins CROSS JOIN jsonb_to_recordset($18::jsonb) AS p(kind text, channel text, recipient text, \
                                                               locale text, lead_minutes integer, \
                                                               due_at timestamptz, sequence integer) \
     ) SELECT (SELECT count(*) FROM salon) AS salon_ok, ins.* FROM (SELECT 1) AS one LEFT JOIN ins ON true";

/// Inserts a booking and its idempotency record in one statement (one transaction).
pub async fn insert(neon: &Neon, b: &NewBooking<'_>) -> Result<Inserted, DbError> {
    let dependency = dependency(b.service_key, b.staff_key);
    let result = neon
        .query(
            INSERT,
            params![
                b.salon_id,
                b.idempotency_key,
                b.request_hash,
                b.id,
                b.code,
                b.service_key,
                b.staff_key,
                b.starts_at,
                b.ends_at,
                b.occupied_start,
                b.occupied_end,
                b.client_name,
                b.client_email,
                b.client_phone,
                b.notes,
                b.manage_token_hash,
                &dependency,
                &outbox_rows(b.notices),
                b.locale.tag()
            ],
        )
        .await;
    match result {
        Ok(result) => {
            let row = only_row(&result)?;
            if row.get::<i64>("salon_ok")? == 0 {
                Ok(Inserted::ConfigChanged)
            } else if row.opt::<String>("id")?.is_none() {
                Ok(Inserted::KeyExists)
            } else {
                Ok(Inserted::Created(Box::new(Booking::from_row(&row)?)))
            }
        }
        Err(e) if e.sqlstate() == Some(crate::neon::EXCLUSION_VIOLATION) => Ok(Inserted::Overlap),
        Err(NeonError::Db(e))
            if e.code.as_deref() == Some(crate::neon::UNIQUE_VIOLATION)
                && e.constraint.as_deref() == Some("bookings_code_unique") =>
        {
            Ok(Inserted::CodeTaken)
        }
        Err(e) => Err(e.into()),
    }
}

/// A booking with its salon, as the manage link needs it.
#[derive(Debug, Clone)]
pub struct Managed {
    pub booking: Booking,
    pub salon_id: i64,
    pub slug: String,
    pub config: SalonConfig,
}

fn managed(result: &QueryResult) -> Result<Option<Managed>, DbError> {
    let Some(row) = result.first() else {
        return Ok(None);
    };
    let (_, config) = stored_config(&row)?;
    Ok(Some(Managed {
        booking: Booking::from_row(&row)?,
        salon_id: row.get("salon_id")?,
        slug: row.get("slug")?,
        config,
    }))
}

/// Columns of a booking and its salon, for the manage link.
macro_rules! managed_columns {
    () => {
        concat!("s.config, s.slug, b.salon_id, ", booking_columns!())
    };
}

/// The booking whose manage token hashes to `token_hash`.
pub async fn by_token_hash(neon: &Neon, token_hash: &str) -> Result<Option<Managed>, DbError> {
    const SQL: &str = concat!(
        "SELECT ",
        managed_columns!(),
        " FROM bookings b JOIN salons s ON s.id = b.salon_id WHERE b.manage_token_hash = $1"
    );
    managed(&neon.read(SQL, params![token_hash]).await?)
}

/// Cancels a confirmed booking by its manage token at `now`, if it still starts at `start` (the start
/// the caller judged against the salon's cutoff: a booking moved meanwhile is left alone), drops its
/// pending reminders and adds `notices` to the outbox, in one statement. Returns the cancelled
/// booking, or `None` when nothing changed.
pub async fn cancel_by_token(
    neon: &Neon,
    token_hash: &str,
    now: jiff::Timestamp,
    start: jiff::Timestamp,
    notices: &[Planned],
) -> Result<Option<Managed>, DbError> {
    const SQL: &str = concat!(
        "WITH upd AS ( \
           UPDATE bookings b SET status = 'cancelled', cancelled_at = $2::timestamptz FROM salons s \
           WHERE s.id = b.salon_id AND b.manage_token_hash = $1 AND b.status = 'confirmed' \
             AND b.starts_at = $3::timestamptz \
           RETURNING b.id AS uid, ",
        managed_columns!(),
        "), dropped AS (",
        drop_reminders!("upd"),
        "), outbox AS (",
        outbox_insert!("upd", "$4"),
        ") SELECT * FROM upd"
    );
    let rows = outbox_rows(notices);
    managed(
        &neon
            .query(SQL, params![token_hash, now, start, &rows])
            .await?,
    )
}

/// A booking as its salon's owner sees it.
#[derive(Debug, Clone)]
pub struct OwnerBooking {
    pub booking: Booking,
    pub notes: String,
    pub created_at: jiff::Timestamp,
    pub cancelled_at: Option<jiff::Timestamp>,
    pub outcome: Option<shared::api::Outcome>,
    /// The client's id in the salon's client list.
    pub client_id: String,
}

/// Who a client is within a salon, for a `bookings` row aliased `b`: their email address, else
/// their phone, else (a walk-in who left neither) their name.
macro_rules! client_key {
    () => {
        "md5(COALESCE(lower(b.client_email), b.client_phone, 'name:' || lower(b.client_name)))"
    };
}

macro_rules! owner_columns {
    () => {
        concat!(
            booking_columns!(),
            ", b.notes, b.created_at, b.cancelled_at, b.outcome, ",
            client_key!(),
            " AS client_id"
        )
    };
}

pub(super) fn owner_bookings(result: &QueryResult) -> Result<Vec<OwnerBooking>, DbError> {
    result
        .rows()
        .map(|row| {
            let outcome = row
                .opt::<String>("outcome")?
                .map(|o| {
                    shared::api::Outcome::parse(&o)
                        .ok_or_else(|| DbError::Unexpected(format!("unknown outcome {o:?}")))
                })
                .transpose()?;
            Ok(OwnerBooking {
                booking: Booking::from_row(&row)?,
                notes: row.get("notes")?,
                created_at: row.get("created_at")?,
                cancelled_at: row.opt("cancelled_at")?,
                outcome,
                client_id: row.get("client_id")?,
            })
        })
        .collect()
}

/// A salon's bookings that start in `[from, to)`, by start.
pub async fn between(
    neon: &Neon,
    salon_id: i64,
    from: jiff::Timestamp,
    to: jiff::Timestamp,
) -> Result<Vec<OwnerBooking>, DbError> {
    const SQL: &str = concat!(
        "SELECT ",
        owner_columns!(),
        " FROM bookings b WHERE b.salon_id = $1 AND b.kind = 'appointment' \
          AND b.starts_at >= $2::timestamptz \
          AND b.starts_at < $3::timestamptz ORDER BY b.starts_at, b.staff_key"
    );
    owner_bookings(&neon.read(SQL, params![salon_id, from, to]).await?)
}

/// One booking of a salon, as its owner sees it.
pub async fn of_salon(
    neon: &Neon,
    salon_id: i64,
    booking_id: &str,
) -> Result<Option<OwnerBooking>, DbError> {
    const SQL: &str = concat!(
        "SELECT ",
        owner_columns!(),
        " FROM bookings b WHERE b.salon_id = $1 AND b.id = $2::uuid AND b.kind = 'appointment'"
    );
    let result = neon.read(SQL, params![salon_id, booking_id]).await?;
    Ok(owner_bookings(&result)?.into_iter().next())
}

/// Cancels a booking of a salon, whenever it starts (the owner is not bound by the client cutoff).
/// Cancelling twice keeps the first cancellation time; only the first drops the pending reminders
/// and adds `notices` to the outbox. `None` when the salon has no such booking.
pub async fn owner_cancel(
    neon: &Neon,
    salon_id: i64,
    booking_id: &str,
    now: jiff::Timestamp,
    notices: &[Planned],
    message: Option<&str>,
) -> Result<Option<OwnerBooking>, DbError> {
    const SQL: &str = concat!(
        "WITH before AS ( \
           SELECT id, status FROM bookings \
           WHERE salon_id = $1 AND id = $2::uuid AND kind = 'appointment' FOR UPDATE \
         ), upd AS ( \
           UPDATE bookings b SET status = 'cancelled', \
             cancelled_at = COALESCE(b.cancelled_at, $3::timestamptz), \
             cancel_message = CASE WHEN before.status = 'confirmed' THEN $5 ELSE b.cancel_message END \
           FROM before WHERE b.id = before.id \
           RETURNING b.id AS uid, b.salon_id, before.status AS was, ",
        owner_columns!(),
        "), changed AS (SELECT * FROM upd WHERE was = 'confirmed'), dropped AS (",
        drop_reminders!("changed"),
        "), outbox AS (",
        outbox_insert!("changed", "$4"),
        ") SELECT * FROM upd"
    );
    let rows = outbox_rows(notices);
    let result = neon
        .query(SQL, params![salon_id, booking_id, now, &rows, message])
        .await?;
    Ok(owner_bookings(&result)?.into_iter().next())
}

/// The confirmed bookings of a salon whose occupied interval touches `[from, to)`, but `booking_id`:
/// what a move of that booking must not overlap.
pub async fn busy_except(
    neon: &Neon,
    salon_id: i64,
    booking_id: &str,
    from: jiff::Timestamp,
    to: jiff::Timestamp,
) -> Result<Vec<Busy>, DbError> {
    const SQL: &str = busy_select!(
        "b.salon_id = $1",
        "b.id <> $2::uuid",
        "b.occupied && tstzrange($3::timestamptz, $4::timestamptz)"
    );
    super::busy_rows(
        &neon
            .read(SQL, params![salon_id, booking_id, from, to])
            .await?,
    )
}

/// A booking's new time, with everything already checked against the slot engine.
#[derive(Debug, Clone)]
pub struct Move<'a> {
    pub token_hash: &'a str,
    /// The start the caller judged the move against: a booking moved or cancelled meanwhile is left
    /// alone.
    pub from_start: jiff::Timestamp,
    pub service_key: &'a str,
    pub staff_key: &'a str,
    pub starts_at: jiff::Timestamp,
    pub ends_at: jiff::Timestamp,
    pub occupied_start: jiff::Timestamp,
    pub occupied_end: jiff::Timestamp,
    /// The messages the move causes, from `shared::notices::on_moved`.
    pub notices: &'a [Planned],
}

/// What happened to a move.
#[derive(Debug)]
pub enum Moved {
    /// The booking holds its new time now.
    Done(Box<Managed>),
    /// The exclusion constraint refused the new time: it is taken.
    Overlap,
    /// The configuration no longer has the service, or the staff member no longer performs it.
    ConfigChanged,
    /// The booking was cancelled or moved meanwhile; nothing changed.
    Changed,
}

/// Moves a booking in one statement: the salon row is share-locked while the configuration is
/// checked, the booking takes its new time only if it still starts at `from_start` and the new time
/// is free (the exclusion constraint; the old time is released in the same update, so it is kept if
/// the new one is refused), its pending reminders are dropped and the move's messages added.
pub async fn move_to(neon: &Neon, m: &Move<'_>) -> Result<Moved, DbError> {
    const SQL: &str = concat!(
        "WITH salon AS ( \
           SELECT s.id FROM salons s JOIN bookings b ON b.salon_id = s.id \
           WHERE b.manage_token_hash = $1 AND s.config @> $9::jsonb FOR SHARE OF s \
         ), upd AS ( \
           UPDATE bookings b SET starts_at = $3::timestamptz, ends_at = $4::timestamptz, \
             occupied = tstzrange($5::timestamptz, $6::timestamptz), staff_key = $7, \
             sequence = b.sequence + 1 \
           FROM salons s \
           WHERE s.id = b.salon_id AND s.id IN (SELECT id FROM salon) AND b.manage_token_hash = $1 \
             AND b.status = 'confirmed' AND b.starts_at = $2::timestamptz \
           RETURNING b.id AS uid, ",
        managed_columns!(),
        "), dropped AS (",
        drop_reminders!("upd"),
        "), outbox AS (",
        outbox_insert!("upd", "$8"),
        ") SELECT (SELECT count(*) FROM salon) AS salon_ok, upd.* \
           FROM (SELECT 1) AS one LEFT JOIN upd ON true"
    );
    let dependency = dependency(m.service_key, m.staff_key);
    let result = neon
        .query(
            SQL,
            params![
                m.token_hash,
                m.from_start,
                m.starts_at,
                m.ends_at,
                m.occupied_start,
                m.occupied_end,
                m.staff_key,
                &outbox_rows(m.notices),
                &dependency
            ],
        )
        .await;
    match result {
        Ok(result) => {
            let row = only_row(&result)?;
            if row.get::<i64>("salon_ok")? == 0 {
                return Ok(Moved::ConfigChanged);
            }
            if row.opt::<String>("id")?.is_none() {
                return Ok(Moved::Changed);
            }
            let moved = managed(&result)?
                .ok_or_else(|| DbError::Unexpected("a moved booking has its row".to_owned()))?;
            Ok(Moved::Done(Box::new(moved)))
        }
        Err(e) if e.sqlstate() == Some(crate::neon::EXCLUSION_VIOLATION) => Ok(Moved::Overlap),
        Err(e) => Err(e.into()),
    }
}
