//! Every SQL statement the edge runs, behind small typed functions.

use serde_json::Value;
use shared::api::{BookingStatus, BookingView, ClientView};
use shared::config::{Policy, SalonConfig, SalonConfigWire};
use shared::slots::Interval;

use crate::error::ApiError;
use crate::neon::params;
use crate::neon::{Neon, NeonError, QueryResult, Row, Statement, TxOptions};

/// A salon and its validated configuration.
#[derive(Debug, Clone)]
pub struct Salon {
    pub id: i64,
    pub slug: String,
    pub config: SalonConfig,
    pub document: SalonConfigWire,
}

/// A confirmed booking as the slot engine needs it.
#[derive(Debug, Clone)]
pub struct Busy {
    pub staff_key: String,
    pub starts_at: jiff::Timestamp,
    pub occupied: Interval,
}

/// The `config` column of a row: the stored document and its validated form.
fn stored_config(row: &Row<'_>) -> Result<(SalonConfigWire, SalonConfig), ApiError> {
    let document: SalonConfigWire = serde_json::from_value(row.get::<Value>("config")?)
        .map_err(|e| ApiError::Internal(format!("stored configuration does not parse: {e}")))?;
    let config = SalonConfig::parse(&document).map_err(|problems| {
        ApiError::Internal(format!("stored configuration is invalid: {problems:?}"))
    })?;
    Ok((document, config))
}

fn salon_from_row(row: Row<'_>) -> Result<Salon, ApiError> {
    let (document, config) = stored_config(&row)?;
    Ok(Salon {
        id: row.get("id")?,
        slug: row.get("slug")?,
        config,
        document,
    })
}

const SALON_BY_SLUG: &str = "SELECT id, slug, config FROM salons WHERE slug = $1";

/// The start of every query for [`Busy`] rows: confirmed bookings, without client data.
macro_rules! busy_select {
    ($($condition:literal),+) => {
        concat!(
            "SELECT b.staff_key, b.starts_at, \
               extract(epoch FROM lower(b.occupied))::bigint AS occupied_start, \
               extract(epoch FROM upper(b.occupied))::bigint AS occupied_end \
             FROM bookings b JOIN salons s ON s.id = b.salon_id \
             WHERE b.status = 'confirmed'",
            $(" AND ", $condition),+
        )
    };
}

const BUSY_IN_WINDOW: &str = busy_select!(
    "s.slug = $1",
    "b.occupied && tstzrange($2::timestamptz, $3::timestamptz)"
);

fn busy_rows(result: &QueryResult) -> Result<Vec<Busy>, ApiError> {
    result
        .rows()
        .map(|r| {
            Ok(Busy {
                staff_key: r.get("staff_key")?,
                starts_at: r.get("starts_at")?,
                occupied: Interval {
                    start: r.get("occupied_start")?,
                    end: r.get("occupied_end")?,
                },
            })
        })
        .collect::<Result<Vec<_>, NeonError>>()
        .map_err(Into::into)
}

/// The confirmed bookings of a salon whose occupied interval touches `[from, to)`, without client data.
pub async fn busy_between(
    neon: &Neon,
    salon_id: i64,
    from: jiff::Timestamp,
    to: jiff::Timestamp,
) -> Result<Vec<Busy>, ApiError> {
    const SQL: &str = busy_select!(
        "b.salon_id = $1",
        "b.occupied && tstzrange($2::timestamptz, $3::timestamptz)"
    );
    busy_rows(&neon.read(SQL, params![salon_id, from, to]).await?)
}

/// Days after `horizon_start` that a salon's cached inputs cover (`routes::salons::horizon`): its
/// bookable days and margins. The query in [`salon_with_horizon`] adds the same.
pub fn horizon_days(max_advance_days: u16) -> i64 {
    i64::from(max_advance_days) + 7
}

/// A salon and its confirmed bookings over its horizon (`horizon_start` plus [`horizon_days`]), in one
/// round trip and one snapshot.
pub async fn salon_with_horizon(
    neon: &Neon,
    slug: &str,
    horizon_start: jiff::Timestamp,
) -> Result<Option<(Salon, Vec<Busy>)>, ApiError> {
    const BUSY: &str = busy_select!(
        "s.slug = $1",
        "b.occupied && tstzrange($2::timestamptz, $2::timestamptz \
           + make_interval(days => COALESCE((s.config->'policy'->>'max_advance_days')::int, $3) + 7))"
    );
    let results = neon
        .transaction(
            vec![
                Statement::new(SALON_BY_SLUG, params![slug]),
                Statement::new(
                    BUSY,
                    params![
                        slug,
                        horizon_start,
                        i32::from(Policy::default().max_advance_days)
                    ],
                ),
            ],
            SNAPSHOT,
        )
        .await?;
    let mut results = results.into_iter();
    let (Some(salon), Some(busy)) = (results.next(), results.next()) else {
        return Err(ApiError::Internal("expected two results".to_owned()));
    };
    salon_and_busy(&salon, &busy)
}

/// What a booking request needs to know before it writes: the salon, the bookings around the start,
/// and the earlier outcome of its idempotency key, if any. One round trip, one snapshot.
pub async fn booking_context(
    neon: &Neon,
    slug: &str,
    idempotency_key: &str,
    from: jiff::Timestamp,
    to: jiff::Timestamp,
) -> Result<Option<(Salon, Vec<Busy>, Option<QueryResult>)>, ApiError> {
    let results = neon
        .transaction(
            vec![
                Statement::new(SALON_BY_SLUG, params![slug]),
                Statement::new(BUSY_IN_WINDOW, params![slug, from, to]),
                Statement::new(IDEMPOTENT_REPLAY_BY_SLUG, params![slug, idempotency_key]),
            ],
            SNAPSHOT,
        )
        .await?;
    let mut results = results.into_iter();
    let (Some(salon), Some(busy), Some(replay)) = (results.next(), results.next(), results.next())
    else {
        return Err(ApiError::Internal("expected three results".to_owned()));
    };
    Ok(salon_and_busy(&salon, &busy)?
        .map(|(s, b)| (s, b, (!replay.rows.is_empty()).then_some(replay))))
}

/// A read-only snapshot: every statement of the batch sees the same committed state.
const SNAPSHOT: TxOptions = TxOptions {
    isolation: crate::neon::Isolation::RepeatableRead,
    read_only: true,
};

fn salon_and_busy(
    salon: &QueryResult,
    busy: &QueryResult,
) -> Result<Option<(Salon, Vec<Busy>)>, ApiError> {
    let Some(salon) = salon.first().map(salon_from_row).transpose()? else {
        return Ok(None);
    };
    Ok(Some((salon, busy_rows(busy)?)))
}

/// An instant in RFC 3339 with the salon's offset at that instant.
pub fn local_time(ts: jiff::Timestamp, tz: &jiff::tz::TimeZone) -> String {
    ts.display_with_offset(tz.to_offset(ts)).to_string()
}

/// The status column of a booking row.
pub fn booking_status(row: &Row<'_>) -> Result<BookingStatus, ApiError> {
    let text: String = row.get("status")?;
    BookingStatus::parse(&text)
        .ok_or_else(|| ApiError::Internal(format!("unknown booking status {text:?}")))
}

/// Renders a booking row with instants in the salon's time zone.
pub fn booking_view(row: Row<'_>, tz: &jiff::tz::TimeZone) -> Result<BookingView, ApiError> {
    let local = |ts: jiff::Timestamp| local_time(ts, tz);
    Ok(BookingView {
        id: row.get("id")?,
        code: row.get("code")?,
        status: booking_status(&row)?,
        service: row.get("service_key")?,
        staff: row.get("staff_key")?,
        start: local(row.get("starts_at")?),
        end: local(row.get("ends_at")?),
        client: ClientView {
            name: row.get("client_name")?,
            email: row.opt("client_email")?,
            phone: row.opt("client_phone")?,
        },
    })
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
}

/// What happened to an insert.
#[derive(Debug)]
pub enum Inserted {
    /// The booking exists now; the result holds its row.
    Created(QueryResult),
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
pub fn booking_dependency(service_key: &str, staff_key: &str) -> Value {
    serde_json::json!({
        "services": [{ "key": service_key }],
        "staff": [{ "key": staff_key, "services": [service_key] }],
    })
}

/// One statement, so one transaction: it share-locks the salon row while checking that the
/// configuration still has the service and staff member (a configuration change waits for it, and a
/// later one sees the booking), records the idempotency key, and inserts the booking. It always
/// returns one row: `salon_ok` is 0 when the configuration no longer allows the booking, and the
/// booking columns are null when the key was used before.
const INSERT_BOOKING: &str = "WITH salon AS ( \
       SELECT id FROM salons WHERE id = $1 AND config @> $17::jsonb FOR SHARE \
     ), idem AS ( \
       INSERT INTO idempotency_keys (salon_id, key, request_hash, booking_id) \
       SELECT id, $2, $3, $4::uuid FROM salon ON CONFLICT (salon_id, key) DO NOTHING RETURNING booking_id \
     ), ins AS ( \
       INSERT INTO bookings (id, salon_id, code, service_key, staff_key, starts_at, ends_at, occupied, \
                             client_name, client_email, client_phone, notes, manage_token_hash) \
       SELECT $4::uuid, $1, $5, $6, $7, $8::timestamptz, $9::timestamptz, \
              tstzrange($10::timestamptz, $11::timestamptz), $12, $13, $14, $15, $16 \
       FROM idem \
       RETURNING id::text AS id, code, status, service_key, staff_key, starts_at, ends_at, \
                 client_name, client_email, client_phone \
     ) SELECT (SELECT count(*) FROM salon) AS salon_ok, ins.* FROM (SELECT 1) AS one LEFT JOIN ins ON true";

/// Inserts a booking and its idempotency record in one statement (one transaction).
pub async fn insert_booking(neon: &Neon, b: &NewBooking<'_>) -> Result<Inserted, ApiError> {
    let dependency = booking_dependency(b.service_key, b.staff_key);
    let result = neon
        .query(
            INSERT_BOOKING,
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
                &dependency
            ],
        )
        .await;
    match result {
        Ok(result) => {
            let row = result
                .first()
                .ok_or_else(|| ApiError::Internal("the insert returned no row".to_owned()))?;
            if row.get::<i64>("salon_ok")? == 0 {
                Ok(Inserted::ConfigChanged)
            } else if row.opt::<String>("id")?.is_none() {
                Ok(Inserted::KeyExists)
            } else {
                Ok(Inserted::Created(result))
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

const IDEMPOTENT_REPLAY_BY_SLUG: &str = "SELECT i.request_hash, b.id::text AS id, b.code, b.status, b.service_key, \
       b.staff_key, b.starts_at, b.ends_at, b.client_name, b.client_email, b.client_phone \
     FROM idempotency_keys i JOIN bookings b ON b.id = i.booking_id JOIN salons s ON s.id = i.salon_id \
     WHERE s.slug = $1 AND i.key = $2";

const IDEMPOTENT_REPLAY: &str =
    "SELECT i.request_hash, b.id::text AS id, b.code, b.status, b.service_key, \
       b.staff_key, b.starts_at, b.ends_at, b.client_name, b.client_email, b.client_phone \
     FROM idempotency_keys i JOIN bookings b ON b.id = i.booking_id \
     WHERE i.salon_id = $1 AND i.key = $2";

/// The earlier outcome of an idempotency key: the request hash it was used with and its booking row.
pub async fn idempotent_replay(
    neon: &Neon,
    salon_id: i64,
    key: &str,
) -> Result<Option<QueryResult>, ApiError> {
    let result = neon
        .query(IDEMPOTENT_REPLAY, params![salon_id, key])
        .await?;
    Ok((!result.rows.is_empty()).then_some(result))
}

/// A booking with its salon's configuration, as the manage endpoints need it.
#[derive(Debug, Clone)]
pub struct ManagedBooking {
    pub result: QueryResult,
    pub config: SalonConfig,
}

impl ManagedBooking {
    pub fn row(&self) -> Row<'_> {
        self.result.first().expect("a managed booking has its row")
    }
}

fn managed(result: QueryResult) -> Result<Option<ManagedBooking>, ApiError> {
    let Some(row) = result.first() else {
        return Ok(None);
    };
    let (_, config) = stored_config(&row)?;
    Ok(Some(ManagedBooking { result, config }))
}

/// Columns of a booking and its salon, for the manage endpoints.
macro_rules! managed_columns {
    () => {
        "s.config, s.slug, b.salon_id, b.id::text AS id, b.code, b.status, b.service_key, b.staff_key, b.starts_at, b.ends_at, \
         b.client_name, b.client_email, b.client_phone"
    };
}

/// Loads a booking by the hash of its manage token.
pub async fn booking_by_token_hash(
    neon: &Neon,
    token_hash: &str,
) -> Result<Option<ManagedBooking>, ApiError> {
    const SQL: &str = concat!(
        "SELECT ",
        managed_columns!(),
        " FROM bookings b JOIN salons s ON s.id = b.salon_id WHERE b.manage_token_hash = $1"
    );
    managed(neon.read(SQL, params![token_hash]).await?)
}

/// Cancels a confirmed booking by its manage token at `now`, if it still starts at `start` (the start
/// the caller judged against the salon's cutoff: a booking moved meanwhile is left alone). Returns the
/// cancelled booking, or `None` when nothing changed.
pub async fn cancel_by_token(
    neon: &Neon,
    token_hash: &str,
    now: jiff::Timestamp,
    start: jiff::Timestamp,
) -> Result<Option<ManagedBooking>, ApiError> {
    const SQL: &str = concat!(
        "UPDATE bookings b SET status = 'cancelled', cancelled_at = $2::timestamptz FROM salons s \
         WHERE s.id = b.salon_id AND b.manage_token_hash = $1 AND b.status = 'confirmed' \
           AND b.starts_at = $3::timestamptz \
         RETURNING ",
        managed_columns!()
    );
    managed(neon.query(SQL, params![token_hash, now, start]).await?)
}

/// Columns of a booking as its salon's owner sees it.
macro_rules! owner_columns {
    () => {
        "id::text AS id, code, status, service_key, staff_key, starts_at, ends_at, client_name, client_email, \
         client_phone, notes, created_at, cancelled_at"
    };
}

/// A salon's bookings that start in `[from, to)`, by start.
pub async fn bookings_between(
    neon: &Neon,
    salon_id: i64,
    from: jiff::Timestamp,
    to: jiff::Timestamp,
) -> Result<QueryResult, ApiError> {
    const SQL: &str = concat!(
        "SELECT ",
        owner_columns!(),
        " FROM bookings WHERE salon_id = $1 AND starts_at >= $2::timestamptz AND starts_at < $3::timestamptz \
         ORDER BY starts_at, staff_key"
    );
    Ok(neon.read(SQL, params![salon_id, from, to]).await?)
}

/// Cancels a booking of a salon, whenever it starts (the owner is not bound by the client cutoff).
/// Cancelling twice keeps the first cancellation time. `None` when the salon has no such booking.
pub async fn owner_cancel(
    neon: &Neon,
    salon_id: i64,
    booking_id: &str,
    now: jiff::Timestamp,
) -> Result<Option<QueryResult>, ApiError> {
    const SQL: &str = concat!(
        "UPDATE bookings SET status = 'cancelled', cancelled_at = COALESCE(cancelled_at, $3::timestamptz) \
         WHERE salon_id = $1 AND id = $2::uuid RETURNING ",
        owner_columns!()
    );
    let result = neon.query(SQL, params![salon_id, booking_id, now]).await?;
    Ok((!result.rows.is_empty()).then_some(result))
}

/// Creates a salon; `None` when the slug is taken.
pub async fn create_salon(
    neon: &Neon,
    slug: &str,
    owner_key_hash: &str,
    config: &Value,
) -> Result<Option<i64>, ApiError> {
    const SQL: &str =
        "INSERT INTO salons (slug, owner_key_hash, config) VALUES ($1, $2, $3::jsonb) \
         ON CONFLICT (slug) DO NOTHING RETURNING id";
    let result = neon
        .query(SQL, params![slug, owner_key_hash, config])
        .await?;
    Ok(result.first().map(|r| r.get::<i64>("id")).transpose()?)
}

/// The stored owner-key hash and configuration of a salon.
pub async fn salon_owner(
    neon: &Neon,
    slug: &str,
) -> Result<Option<(i64, String, Value)>, ApiError> {
    const SQL: &str = "SELECT id, owner_key_hash, config FROM salons WHERE slug = $1";
    let result = neon.read(SQL, params![slug]).await?;
    match result.first() {
        None => Ok(None),
        Some(row) => Ok(Some((
            row.get("id")?,
            row.get("owner_key_hash")?,
            row.get("config")?,
        ))),
    }
}

/// Future confirmed bookings whose service or staff member the configuration `$3` no longer has.
macro_rules! orphaned_by {
    () => {
        "b.status = 'confirmed' AND b.ends_at > $4::timestamptz \
         AND NOT ($3::jsonb @> jsonb_build_object( \
           'services', jsonb_build_array(jsonb_build_object('key', b.service_key)), \
           'staff', jsonb_build_array(jsonb_build_object('key', b.staff_key, 'services', jsonb_build_array(b.service_key)))))"
    };
}

/// A future booking that blocks a configuration change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blocking {
    pub code: String,
    pub service_key: String,
    pub staff_key: String,
    pub starts_at: jiff::Timestamp,
}

/// Replaces a salon's configuration when the owner key hash matches and no future booking depends on
/// a service or staff member it removes. One transaction: the salon row is locked first, so a booking
/// being inserted either committed before (and is seen) or waits and then sees the new configuration.
/// Returns the blocking bookings when it refused.
pub async fn put_config(
    neon: &Neon,
    slug: &str,
    owner_key_hash: &str,
    config: &Value,
    now: jiff::Timestamp,
) -> Result<Result<(), Vec<Blocking>>, ApiError> {
    const LOCK: &str = "SELECT id FROM salons WHERE slug = $1 AND owner_key_hash = $2 FOR UPDATE";
    const UPDATE: &str = concat!(
        "UPDATE salons SET config = $3::jsonb, updated_at = now() \
         WHERE slug = $1 AND owner_key_hash = $2 \
           AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.salon_id = salons.id AND ",
        orphaned_by!(),
        ") RETURNING id"
    );
    const BLOCKING: &str = concat!(
        "SELECT b.code, b.service_key, b.staff_key, b.starts_at FROM bookings b JOIN salons s ON s.id = b.salon_id \
         WHERE s.slug = $1 AND s.owner_key_hash = $2 AND ",
        orphaned_by!(),
        " ORDER BY b.starts_at LIMIT 20"
    );
    let p = || params![slug, owner_key_hash, config, now];
    let results = neon
        .transaction(
            vec![
                Statement::new(LOCK, params![slug, owner_key_hash]),
                Statement::new(UPDATE, p()),
                Statement::new(BLOCKING, p()),
            ],
            TxOptions::default(),
        )
        .await?;
    let [_, updated, blocking]: [QueryResult; 3] = results
        .try_into()
        .map_err(|_| ApiError::Internal("expected three results".to_owned()))?;
    if !updated.rows.is_empty() {
        return Ok(Ok(()));
    }
    let list = blocking
        .rows()
        .map(|r| {
            Ok(Blocking {
                code: r.get("code")?,
                service_key: r.get("service_key")?,
                staff_key: r.get("staff_key")?,
                starts_at: r.get("starts_at")?,
            })
        })
        .collect::<Result<Vec<_>, NeonError>>()?;
    Ok(Err(list))
}

/// Whether the database answers a trivial query.
pub async fn ping(neon: &Neon) -> Result<(), ApiError> {
    neon.query("SELECT 1 AS ok", vec![]).await?;
    Ok(())
}
