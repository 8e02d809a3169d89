//! The salon's side of the calendar: blocked time, whether a client came, and the client list built
//! from bookings with the salon's private notes.
//!
//! A block is a row of `bookings` of kind `block`: no service, no client, no messages, but the same
//! exclusion constraint, so a block and an appointment of one staff member can never overlap,
//! whichever is written first, and availability (which reads every confirmed row) loses the time at
//! once.

use shared::api::Outcome;

use super::bookings::{owner_bookings, OwnerBooking};
use super::DbError;
use crate::neon::params;
use crate::neon::{Neon, QueryResult, Row, Statement, TxOptions};

/// A staff member's blocked time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub id: String,
    pub staff_key: String,
    pub starts_at: jiff::Timestamp,
    pub ends_at: jiff::Timestamp,
    pub note: String,
}

const BLOCK_COLUMNS: &str = "id::text AS id, staff_key, starts_at, ends_at, notes";

fn block(row: Row<'_>) -> Result<Block, DbError> {
    Ok(Block {
        id: row.get("id")?,
        staff_key: row.get("staff_key")?,
        starts_at: row.get("starts_at")?,
        ends_at: row.get("ends_at")?,
        note: row.get("notes")?,
    })
}

/// The blocks of a salon that touch `[from, to)`, by start.
pub async fn blocks_between(
    neon: &Neon,
    salon_id: i64,
    from: jiff::Timestamp,
    to: jiff::Timestamp,
) -> Result<Vec<Block>, DbError> {
    const SQL: &str = "SELECT id::text AS id, staff_key, starts_at, ends_at, notes FROM bookings \
         WHERE salon_id = $1 AND kind = 'block' AND status = 'confirmed' \
           AND occupied && tstzrange($2::timestamptz, $3::timestamptz) ORDER BY starts_at, staff_key";
    let result = neon.read(SQL, params![salon_id, from, to]).await?;
    result.rows().map(block).collect()
}

/// A block to add.
#[derive(Debug, Clone)]
pub struct NewBlock<'a> {
    pub salon_id: i64,
    pub id: &'a str,
    pub code: &'a str,
    pub staff_key: &'a str,
    pub starts_at: jiff::Timestamp,
    pub ends_at: jiff::Timestamp,
    pub note: &'a str,
    /// A hash nobody has the token of: blocks have no manage link.
    pub token_hash: &'a str,
}

/// What happened to a block.
#[derive(Debug)]
pub enum Blocked {
    Done(Block),
    /// The time overlaps a booking or another block of that staff member.
    Overlap,
    /// The staff member is not in the configuration (any more).
    NoStaff,
    /// The random code collided; try another.
    CodeTaken,
}

/// Adds a block in one statement, while the configuration still has the staff member (the salon
/// row is share-locked, as a booking's insert does).
pub async fn add_block(neon: &Neon, b: &NewBlock<'_>) -> Result<Blocked, DbError> {
    let sql = format!(
        "WITH salon AS (SELECT id FROM salons WHERE id = $1 AND config @> $9::jsonb FOR SHARE) \
         INSERT INTO bookings (id, salon_id, code, service_key, staff_key, starts_at, ends_at, occupied, \
           client_name, notes, manage_token_hash, kind) \
         SELECT $2::uuid, salon.id, $3, '', $4, $5::timestamptz, $6::timestamptz, \
           tstzrange($5::timestamptz, $6::timestamptz), '', $7, $8, 'block' FROM salon \
         RETURNING {BLOCK_COLUMNS}"
    );
    let dependency = serde_json::json!({ "staff": [{ "key": b.staff_key }] });
    let result = neon
        .query(
            sql,
            params![
                b.salon_id,
                b.id,
                b.code,
                b.staff_key,
                b.starts_at,
                b.ends_at,
                b.note,
                b.token_hash,
                &dependency
            ],
        )
        .await;
    match result {
        Ok(result) => match result.first() {
            Some(row) => Ok(Blocked::Done(block(row)?)),
            None => Ok(Blocked::NoStaff),
        },
        Err(e) if e.sqlstate() == Some(crate::neon::EXCLUSION_VIOLATION) => Ok(Blocked::Overlap),
        Err(e) if e.sqlstate() == Some(crate::neon::UNIQUE_VIOLATION) => Ok(Blocked::CodeTaken),
        Err(e) => Err(e.into()),
    }
}

/// Removes a block (it stays on record, cancelled), only of `only_staff` when given. `None` when
/// the salon has no such block.
pub async fn remove_block(
    neon: &Neon,
    salon_id: i64,
    id: &str,
    only_staff: Option<&str>,
    now: jiff::Timestamp,
) -> Result<Option<Block>, DbError> {
    let sql = format!(
        "UPDATE bookings SET status = 'cancelled', cancelled_at = COALESCE(cancelled_at, $3::timestamptz) \
         WHERE salon_id = $1 AND id = $2::uuid AND kind = 'block' \
           AND ($4::text IS NULL OR staff_key = $4) RETURNING {BLOCK_COLUMNS}"
    );
    let result = neon
        .query(sql, params![salon_id, id, now, only_staff])
        .await?;
    result.first().map(block).transpose()
}

/// The SHA-256 of the manage token of an appointment of the salon, which moves go through.
pub async fn token_hash_of(
    neon: &Neon,
    salon_id: i64,
    id: &str,
) -> Result<Option<String>, DbError> {
    const SQL: &str = "SELECT manage_token_hash FROM bookings \
         WHERE salon_id = $1 AND id = $2::uuid AND kind = 'appointment'";
    let result = neon.read(SQL, params![salon_id, id]).await?;
    Ok(result
        .first()
        .map(|r| r.get::<String>("manage_token_hash"))
        .transpose()?)
}

/// What happened to recording an outcome.
#[derive(Debug)]
pub enum Recorded {
    Done(Box<OwnerBooking>),
    /// The booking is cancelled or has not begun: there is nothing to record yet.
    NotApplicable,
    NotFound,
}

/// Records whether the client of a confirmed appointment that has begun came (`None` clears it).
pub async fn set_outcome(
    neon: &Neon,
    salon_id: i64,
    id: &str,
    outcome: Option<Outcome>,
    now: jiff::Timestamp,
) -> Result<Recorded, DbError> {
    const SQL: &str = concat!(
        "WITH upd AS (UPDATE bookings b SET outcome = $3 \
           WHERE b.salon_id = $1 AND b.id = $2::uuid AND b.kind = 'appointment' \
             AND b.status = 'confirmed' AND b.starts_at <= $4::timestamptz RETURNING b.id) \
         SELECT (SELECT count(*) FROM upd) AS changed, ",
        owner_columns!(),
        " FROM bookings b WHERE b.salon_id = $1 AND b.id = $2::uuid AND b.kind = 'appointment'"
    );
    let result = neon
        .query(
            SQL,
            params![salon_id, id, outcome.map(Outcome::as_str), now],
        )
        .await?;
    let Some(row) = result.first() else {
        return Ok(Recorded::NotFound);
    };
    if row.get::<i64>("changed")? == 0 {
        return Ok(Recorded::NotApplicable);
    }
    // The select saw the row before the update (one snapshot); the outcome is the one just set.
    let mut booking = owner_bookings(&result)?
        .into_iter()
        .next()
        .ok_or_else(|| DbError::Unexpected("an updated booking has its row".to_owned()))?;
    booking.outcome = outcome;
    Ok(Recorded::Done(Box::new(booking)))
}

/// A client of the salon, built from their bookings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub visits: i64,
    pub no_shows: i64,
    pub last_visit: Option<jiff::Timestamp>,
    pub next_visit: Option<jiff::Timestamp>,
}

/// The clients of salon `$1` at instant `$2` whose rows pass `$condition`, grouped from bookings.
macro_rules! clients_select {
    ($condition:literal) => {
        concat!(
            "SELECT c.cid AS id, \
               (array_agg(c.client_name ORDER BY c.created_at DESC))[1] AS name, \
               (array_agg(c.client_email ORDER BY c.created_at DESC) \
                  FILTER (WHERE c.client_email IS NOT NULL))[1] AS email, \
               (array_agg(c.client_phone ORDER BY c.created_at DESC) \
                  FILTER (WHERE c.client_phone IS NOT NULL))[1] AS phone, \
               count(*) FILTER (WHERE c.visited) AS visits, \
               count(*) FILTER (WHERE c.outcome = 'no_show') AS no_shows, \
               max(c.starts_at) FILTER (WHERE c.visited) AS last_visit, \
               min(c.starts_at) FILTER (WHERE c.status = 'confirmed' AND c.starts_at > $2::timestamptz) \
                 AS next_visit, \
               max(c.created_at) AS latest \
             FROM (SELECT b.*, ",
            client_key!(),
            " AS cid, \
                 (b.status = 'confirmed' AND b.starts_at <= $2::timestamptz \
                  AND b.outcome IS DISTINCT FROM 'no_show') AS visited \
               FROM bookings b WHERE b.salon_id = $1 AND b.kind = 'appointment') c \
             GROUP BY c.cid HAVING ",
            $condition
        )
    };
}

fn clients(result: &QueryResult) -> Result<Vec<Client>, DbError> {
    result
        .rows()
        .map(|row| {
            Ok(Client {
                id: row.get("id")?,
                name: row.get("name")?,
                email: row.opt("email")?,
                phone: row.opt("phone")?,
                visits: row.get("visits")?,
                no_shows: row.get("no_shows")?,
                last_visit: row.opt("last_visit")?,
                next_visit: row.opt("next_visit")?,
            })
        })
        .collect()
}

/// Up to `limit` clients whose name, email or phone contains `query` (all when it is empty), the
/// most recently booked first. `digits` is the query's digits, matched against phone numbers.
pub async fn search_clients(
    neon: &Neon,
    salon_id: i64,
    now: jiff::Timestamp,
    query: &str,
    digits: &str,
    limit: i64,
) -> Result<Vec<Client>, DbError> {
    const SQL: &str = concat!(
        clients_select!(
            "$3 = '' OR bool_or(strpos(lower(c.client_name), $3) > 0 \
               OR strpos(lower(COALESCE(c.client_email, '')), $3) > 0 \
               OR ($4 <> '' AND strpos(COALESCE(c.client_phone, ''), $4) > 0))"
        ),
        " ORDER BY latest DESC LIMIT $5"
    );
    let result = neon
        .read(
            SQL,
            params![salon_id, now, query.to_lowercase(), digits, limit],
        )
        .await?;
    clients(&result)
}

/// One client, their private note and every booking of theirs, newest first.
pub async fn client(
    neon: &Neon,
    salon_id: i64,
    now: jiff::Timestamp,
    id: &str,
) -> Result<Option<(Client, String, Vec<OwnerBooking>)>, DbError> {
    const CLIENT: &str = clients_select!("c.cid = $3");
    const NOTE: &str = "SELECT note FROM client_notes WHERE salon_id = $1 AND client_key = $2";
    const BOOKINGS: &str = concat!(
        "SELECT ",
        owner_columns!(),
        " FROM bookings b WHERE b.salon_id = $1 AND b.kind = 'appointment' AND ",
        client_key!(),
        " = $2 ORDER BY b.starts_at DESC LIMIT 500"
    );
    let results = neon
        .transaction(
            vec![
                Statement::new(CLIENT, params![salon_id, now, id]),
                Statement::new(NOTE, params![salon_id, id]),
                Statement::new(BOOKINGS, params![salon_id, id]),
            ],
            super::SNAPSHOT,
        )
        .await?;
    let [client, note, bookings]: [QueryResult; 3] = results
        .try_into()
        .map_err(|_| DbError::Unexpected("expected three results".to_owned()))?;
    let Some(client) = clients(&client)?.into_iter().next() else {
        return Ok(None);
    };
    let note = note
        .first()
        .map(|r| r.get::<String>("note"))
        .transpose()?
        .unwrap_or_default();
    Ok(Some((client, note, owner_bookings(&bookings)?)))
}

/// Sets the salon's private note about client `id` (an empty note removes it); `false` when the
/// salon has no such client.
pub async fn set_note(
    neon: &Neon,
    salon_id: i64,
    id: &str,
    note: &str,
    now: jiff::Timestamp,
) -> Result<bool, DbError> {
    const EXISTS: &str = concat!(
        "SELECT 1 AS one FROM bookings b WHERE b.salon_id = $1 AND b.kind = 'appointment' AND ",
        client_key!(),
        " = $2 LIMIT 1"
    );
    const UPSERT: &str = "INSERT INTO client_notes (salon_id, client_key, note, updated_at) \
         SELECT $1, $2, $3, $4::timestamptz WHERE $3 <> '' \
         ON CONFLICT (salon_id, client_key) DO UPDATE SET note = EXCLUDED.note, updated_at = EXCLUDED.updated_at";
    const CLEAR: &str =
        "DELETE FROM client_notes WHERE salon_id = $1 AND client_key = $2 AND $3 = ''";
    let known = !neon
        .read(EXISTS, params![salon_id, id])
        .await?
        .rows
        .is_empty();
    if !known {
        return Ok(false);
    }
    neon.transaction(
        vec![
            Statement::new(UPSERT, params![salon_id, id, note, now]),
            Statement::new(CLEAR, params![salon_id, id, note]),
        ],
        TxOptions::default(),
    )
    .await?;
    Ok(true)
}

/// Which client to erase: their id in the client list, or the key it is derived from (their email
/// address in lower case, else their phone in E.164).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientRef {
    Id(String),
    Key(String),
}

/// Erases a client's personal data from every booking of theirs (name, email, phone, notes, the
/// salon's message), from their messages' recipients (pending ones are given up) and their note,
/// keeping the times so the calendar stays true, and records who did it, in one statement. Returns
/// the client's id and how many bookings it touched (0: no such client).
pub async fn erase_client(
    neon: &Neon,
    salon_id: i64,
    client: &ClientRef,
    actor: &str,
    now: jiff::Timestamp,
) -> Result<(String, i64), DbError> {
    const SQL: &str = concat!(
        "WITH who AS (SELECT COALESCE($2::text, md5($6::text)) AS id), \
         target AS ( \
           SELECT b.id FROM bookings b, who WHERE b.salon_id = $1 AND b.kind = 'appointment' AND ",
        client_key!(),
        " = who.id FOR UPDATE OF b), \
         upd AS ( \
           UPDATE bookings b SET client_name = $5, client_email = NULL, client_phone = NULL, \
             notes = '', cancel_message = NULL \
           FROM target WHERE b.id = target.id RETURNING b.id), \
         messages AS ( \
           UPDATE notifications n SET recipient = $5, \
             state = CASE WHEN n.state = 'pending' THEN 'dead' ELSE n.state END, \
             last_error = CASE WHEN n.state = 'pending' THEN 'client erased' ELSE n.last_error END \
           FROM target WHERE n.booking_id = target.id \
             AND n.kind IN ('confirmation', 'cancellation', 'reminder', 'rescheduled') RETURNING 1), \
         note AS (DELETE FROM client_notes c USING who WHERE c.salon_id = $1 AND c.client_key = who.id \
                  RETURNING 1), \
         audit AS ( \
           INSERT INTO audit_log (salon_id, actor, action, detail, at) \
           SELECT $1, $3, 'erase_client', (SELECT id FROM who) || ': ' || count(*) || ' bookings', \
             $4::timestamptz \
           FROM upd HAVING count(*) > 0 RETURNING 1) \
         SELECT (SELECT id FROM who) AS id, (SELECT count(*) FROM upd) AS n, \
           (SELECT count(*) FROM messages) AS m, (SELECT count(*) FROM note) AS k, \
           (SELECT count(*) FROM audit) AS a"
    );
    let (id, key) = match client {
        ClientRef::Id(id) => (Some(id.as_str()), None),
        ClientRef::Key(key) => (None, Some(key.as_str())),
    };
    let result = neon
        .query(SQL, params![salon_id, id, actor, now, ERASED_NAME, key])
        .await?;
    let row = super::only_row(&result)?;
    Ok((row.get("id")?, row.get("n")?))
}

/// The name an erased client's bookings keep.
pub const ERASED_NAME: &str = "(erased)";

/// Records an export.
pub async fn audit_export(
    neon: &Neon,
    salon_id: i64,
    actor: &str,
    detail: &str,
    now: jiff::Timestamp,
) -> Result<(), DbError> {
    const SQL: &str = "INSERT INTO audit_log (salon_id, actor, action, detail, at) \
         VALUES ($1, $2, 'export', $3, $4::timestamptz)";
    neon.query(SQL, params![salon_id, actor, detail, now])
        .await?;
    Ok(())
}
