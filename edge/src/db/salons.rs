//! Salons: loading one with the bookings that availability needs, the owner's key, creating one and
//! replacing its configuration.

use serde_json::Value;
use shared::config::Policy;

use super::{busy_rows, stored_config, Busy, DbError, Salon, SNAPSHOT};
use crate::neon::params;
use crate::neon::{Neon, QueryResult, Row, Statement, TxOptions};

pub(super) const BY_SLUG: &str = "SELECT id, slug, config FROM salons WHERE slug = $1";

pub(super) fn from_row(row: Row<'_>) -> Result<Salon, DbError> {
    let (document, config) = stored_config(&row)?;
    Ok(Salon {
        id: row.get("id")?,
        slug: row.get("slug")?,
        config,
        document,
    })
}

/// The salon of the first result and the bookings of the second, or `None` without the salon.
pub(super) fn with_busy(
    salon: &QueryResult,
    busy: &QueryResult,
) -> Result<Option<(Salon, Vec<Busy>)>, DbError> {
    let Some(salon) = salon.first().map(from_row).transpose()? else {
        return Ok(None);
    };
    Ok(Some((salon, busy_rows(busy)?)))
}

/// The confirmed bookings of a salon whose occupied interval touches `[from, to)`, without client data.
pub async fn busy_between(
    neon: &Neon,
    salon_id: i64,
    from: jiff::Timestamp,
    to: jiff::Timestamp,
) -> Result<Vec<Busy>, DbError> {
    const SQL: &str = busy_select!(
        "b.salon_id = $1",
        "b.occupied && tstzrange($2::timestamptz, $3::timestamptz)"
    );
    busy_rows(&neon.read(SQL, params![salon_id, from, to]).await?)
}

/// A salon and its confirmed bookings over its horizon (`shared::horizon`: `horizon_start` and the
/// salon's bookable days plus the margin), in one round trip and one snapshot.
pub async fn with_horizon(
    neon: &Neon,
    slug: &str,
    horizon_start: jiff::Timestamp,
) -> Result<Option<(Salon, Vec<Busy>)>, DbError> {
    const BUSY: &str = busy_select!(
        "s.slug = $1",
        "b.occupied && tstzrange($2::timestamptz, $2::timestamptz \
           + make_interval(days => COALESCE((s.config->'policy'->>'max_advance_days')::int, $3) + $4))"
    );
    let results = neon
        .transaction(
            vec![
                Statement::new(BY_SLUG, params![slug]),
                Statement::new(
                    BUSY,
                    params![
                        slug,
                        horizon_start,
                        i32::from(Policy::default().max_advance_days),
                        i32::from(shared::horizon::MARGIN_DAYS)
                    ],
                ),
            ],
            SNAPSHOT,
        )
        .await?;
    let [salon, busy]: [QueryResult; 2] = results
        .try_into()
        .map_err(|_| DbError::Unexpected("expected two results".to_owned()))?;
    with_busy(&salon, &busy)
}

/// Creates a salon with, when given, its first API key and its owner; `None` when the slug is taken.
pub async fn create(
    neon: &Neon,
    slug: &str,
    key_hash: Option<&str>,
    config: &Value,
    owner_email: Option<&str>,
) -> Result<Option<i64>, DbError> {
    // One statement: a taken slug inserts no salon, and then no key and no membership either.
    const SQL: &str = "WITH s AS ( \
           INSERT INTO salons (slug, config) VALUES ($1, $2::jsonb) \
           ON CONFLICT (slug) DO NOTHING RETURNING id), \
         k AS (INSERT INTO api_keys (salon_id, name, key_hash) SELECT id, 'First key', $3 FROM s \
               WHERE $3::text IS NOT NULL), \
         u AS (INSERT INTO users (email) SELECT $4 FROM s WHERE $4::text IS NOT NULL \
               ON CONFLICT (email) DO UPDATE SET email = EXCLUDED.email RETURNING id), \
         m AS (INSERT INTO memberships (user_id, salon_id, role) SELECT u.id, s.id, 'owner' FROM u, s) \
         SELECT id FROM s";
    let result = neon
        .query(SQL, params![slug, config, key_hash, owner_email])
        .await?;
    Ok(result.first().map(|r| r.get::<i64>("id")).transpose()?)
}

/// A salon as its owner's requests need it.
#[derive(Debug, Clone)]
pub struct Owned {
    pub id: i64,
    /// The stored document, as it was stored.
    pub config: Value,
}

impl Owned {
    /// The stored configuration, validated.
    pub fn parsed(&self) -> Result<shared::config::SalonConfig, DbError> {
        let document: shared::config::SalonConfigWire = serde_json::from_value(self.config.clone())
            .map_err(|e| {
                DbError::Unexpected(format!("stored configuration does not parse: {e}"))
            })?;
        shared::config::SalonConfig::parse(&document).map_err(|problems| {
            DbError::Unexpected(format!("stored configuration is invalid: {problems:?}"))
        })
    }
}

/// Future confirmed appointments whose service or staff member the configuration `$2` no longer
/// has (a block of a removed staff member just stops mattering).
macro_rules! orphaned_by {
    () => {
        "b.status = 'confirmed' AND b.kind = 'appointment' AND b.ends_at > $3::timestamptz \
         AND NOT ($2::jsonb @> jsonb_build_object( \
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

/// The version of a salon's configuration as the API shows it (an `ETag`): the microsecond of its
/// last change. Every read of the configuration selects it with this expression.
macro_rules! config_version {
    ($table:literal) => {
        concat!(
            "(extract(epoch FROM ",
            $table,
            ".updated_at) * 1000000)::bigint"
        )
    };
}
pub(crate) use config_version;

/// What became of a configuration change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PutConfig {
    /// Saved; the new version.
    Saved(i64),
    /// Not saved: the configuration changed since version `expected` was read.
    Stale,
    /// Not saved: future bookings depend on what it removes.
    Blocked(Vec<Blocking>),
    /// No such salon.
    NoSalon,
}

/// Replaces salon `salon_id`'s configuration when no future booking depends on a service or staff
/// member it removes and, given `expected`, when it is still that version (so of two tabs that read
/// the same version, the second to save is told instead of undoing the first). One transaction: the
/// salon row is locked first, so a booking being inserted either committed before (and is seen) or
/// waits and then sees the new configuration.
pub async fn put_config(
    neon: &Neon,
    salon_id: i64,
    config: &Value,
    now: jiff::Timestamp,
    expected: Option<i64>,
) -> Result<PutConfig, DbError> {
    const LOCK: &str = concat!(
        "SELECT id, ",
        config_version!("salons"),
        " AS version FROM salons WHERE id = $1 FOR UPDATE"
    );
    const UPDATE: &str = concat!(
        "UPDATE salons SET config = $2::jsonb, updated_at = clock_timestamp() \
         WHERE id = $1 AND ($4::bigint IS NULL OR ",
        config_version!("salons"),
        " = $4::bigint) \
           AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.salon_id = salons.id AND ",
        orphaned_by!(),
        ") RETURNING ",
        config_version!("salons"),
        " AS version"
    );
    const BLOCKING: &str = concat!(
        "SELECT b.code, b.service_key, b.staff_key, b.starts_at FROM bookings b JOIN salons s ON s.id = b.salon_id \
         WHERE s.id = $1 AND ",
        orphaned_by!(),
        " ORDER BY b.starts_at LIMIT 20"
    );
    let results = neon
        .transaction(
            vec![
                Statement::new(LOCK, params![salon_id]),
                Statement::new(UPDATE, params![salon_id, config, now, expected]),
                Statement::new(BLOCKING, params![salon_id, config, now]),
            ],
            TxOptions::default(),
        )
        .await?;
    let [locked, updated, blocking]: [QueryResult; 3] = results
        .try_into()
        .map_err(|_| DbError::Unexpected("expected three results".to_owned()))?;
    if let Some(row) = updated.first() {
        return Ok(PutConfig::Saved(row.get("version")?));
    }
    let Some(current) = locked.first() else {
        return Ok(PutConfig::NoSalon);
    };
    if expected.is_some_and(|v| current.get::<i64>("version").is_ok_and(|c| c != v)) {
        return Ok(PutConfig::Stale);
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
        .collect::<Result<Vec<_>, DbError>>()?;
    Ok(PutConfig::Blocked(list))
}
