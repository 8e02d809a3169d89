//! Every SQL statement the edge runs, behind typed functions, one module per resource. Nothing outside
//! this module writes SQL or reads a row by column name.
//!
//! - `salons`: a salon with its configuration and the bookings over its horizon, the owner's key,
//!   creating a salon and replacing its configuration.
//! - `bookings`: inserting a booking with its idempotency record and notifications, replays, the
//!   manage token's booking, cancelling, and the owner's list.
//! - `outbox`: claiming due notifications, recording their outcome, housekeeping.
//!
//! Failures are [`DbError`]; `crate::error` maps them to HTTP in one place.

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

pub mod accounts;
#[macro_use]
pub mod bookings;
pub mod calendar;
pub mod outbox;
pub mod salons;

use serde_json::Value;
use shared::config::{SalonConfig, SalonConfigWire};
use shared::slots::Interval;

use crate::neon::{NeonError, QueryResult, Row, TxOptions};

pub use shared::booking::Busy;

/// A failed database call.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The call failed: unreachable, timed out, or refused by Postgres.
    #[error(transparent)]
    Neon(#[from] NeonError),
    /// A row is not what the code expects: a stored document that no longer validates, an unknown
    /// status, a missing result.
    #[error("unexpected data: {0}")]
    Unexpected(String),
}

/// A salon and its validated configuration.
#[derive(Debug, Clone)]
pub struct Salon {
    pub id: i64,
    pub slug: String,
    pub config: SalonConfig,
    pub document: SalonConfigWire,
}

/// A read-only snapshot: every statement of the batch sees the same committed state.
const SNAPSHOT: TxOptions = TxOptions {
    isolation: crate::neon::Isolation::RepeatableRead,
    read_only: true,
};

/// The `config` column of a row: the stored document and its validated form.
fn stored_config(row: &Row<'_>) -> Result<(SalonConfigWire, SalonConfig), DbError> {
    validated(row.get::<Value>("config")?)
}

/// A stored configuration document and its validated form.
fn validated(stored: Value) -> Result<(SalonConfigWire, SalonConfig), DbError> {
    let document: SalonConfigWire = serde_json::from_value(stored)
        .map_err(|e| DbError::Unexpected(format!("stored configuration does not parse: {e}")))?;
    let config = SalonConfig::parse(&document).map_err(|problems| {
        DbError::Unexpected(format!("stored configuration is invalid: {problems:?}"))
    })?;
    Ok((document, config))
}

fn busy_rows(result: &QueryResult) -> Result<Vec<Busy>, DbError> {
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
        .collect()
}

/// The only row of a result that must have one.
fn only_row(result: &QueryResult) -> Result<Row<'_>, DbError> {
    result
        .first()
        .ok_or_else(|| DbError::Unexpected("a statement returned no row".to_owned()))
}

/// An instant in RFC 3339 with the salon's offset at that instant.
pub fn local_time(ts: jiff::Timestamp, tz: &jiff::tz::TimeZone) -> String {
    ts.display_with_offset(tz.to_offset(ts)).to_string()
}
