//! Users, memberships, sign-in links, sessions and owner API keys. Secrets are looked up by their
//! SHA-256 only: the database never holds a link's token, a session's cookie or a key.

use serde_json::Value;
use shared::api::Role;

use super::salons::config_version;
use super::DbError;
use crate::neon::params;
use crate::neon::{Neon, Row, Statement, TxOptions};

/// How long a sign-in link works.
pub const LINK_MINUTES: i64 = 15;
/// How many links one address may be sent per hour.
pub const LINKS_PER_HOUR: i64 = 5;
/// How long a session lasts after its last use.
pub const SESSION_DAYS: i64 = 30;

/// Records a sign-in link for the user with `email`, if there is one and they had fewer than
/// [`LINKS_PER_HOUR`] in the past hour. Returns whether a link was recorded (and so may be sent).
pub async fn create_link(
    neon: &Neon,
    email: &str,
    token_hash: &str,
    now: jiff::Timestamp,
) -> Result<bool, DbError> {
    const SQL: &str = "WITH u AS (SELECT id FROM users WHERE email = $1), \
         recent AS (SELECT count(*) AS n FROM sign_in_links l JOIN u ON l.user_id = u.id \
                    WHERE l.created_at > $3::timestamptz - interval '1 hour') \
         INSERT INTO sign_in_links (token_hash, user_id, created_at, expires_at) \
         SELECT $2, u.id, $3::timestamptz, $3::timestamptz + make_interval(mins => $4) \
         FROM u, recent WHERE recent.n < $5 RETURNING user_id";
    let result = neon
        .query(
            SQL,
            params![email, token_hash, now, LINK_MINUTES, LINKS_PER_HOUR],
        )
        .await?;
    Ok(result.first().is_some())
}

/// Uses a sign-in link: if it is known, unused and unexpired, marks it used and opens a session
/// with `session_hash` in the same statement. Returns whether it did.
pub async fn open_session(
    neon: &Neon,
    link_hash: &str,
    session_hash: &str,
    now: jiff::Timestamp,
) -> Result<bool, DbError> {
    const SQL: &str = "WITH used AS ( \
           UPDATE sign_in_links SET used_at = $3::timestamptz \
           WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $3::timestamptz \
           RETURNING user_id) \
         INSERT INTO sessions (token_hash, user_id, created_at, expires_at) \
         SELECT $2, user_id, $3::timestamptz, $3::timestamptz + make_interval(days => $4) FROM used \
         RETURNING user_id";
    let result = neon
        .query(SQL, params![link_hash, session_hash, now, SESSION_DAYS])
        .await?;
    Ok(result.first().is_some())
}

/// Ends a session.
pub async fn end_session(neon: &Neon, session_hash: &str) -> Result<(), DbError> {
    const SQL: &str = "DELETE FROM sessions WHERE token_hash = $1";
    neon.query(SQL, params![session_hash]).await?;
    Ok(())
}

/// A signed-in user's place in one salon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    pub slug: String,
    pub name: String,
    pub role: Role,
    pub staff_key: Option<String>,
}

/// The user of a live session and their memberships, sliding the session's expiry to
/// [`SESSION_DAYS`] after `now`. `None` when the session is unknown or expired.
pub async fn me(
    neon: &Neon,
    session_hash: &str,
    now: jiff::Timestamp,
) -> Result<Option<(String, Vec<Membership>)>, DbError> {
    const SQL: &str = "WITH s AS ( \
           UPDATE sessions SET expires_at = GREATEST(expires_at, $2::timestamptz + make_interval(days => $3)) \
           WHERE token_hash = $1 AND expires_at > $2::timestamptz RETURNING user_id) \
         SELECT u.email, sa.slug, sa.config->>'name' AS name, m.role, m.staff_key \
         FROM s JOIN users u ON u.id = s.user_id \
         LEFT JOIN memberships m ON m.user_id = u.id LEFT JOIN salons sa ON sa.id = m.salon_id \
         ORDER BY sa.slug";
    let result = neon
        .query(SQL, params![session_hash, now, SESSION_DAYS])
        .await?;
    let Some(first) = result.first() else {
        return Ok(None);
    };
    let email: String = first.get("email")?;
    let memberships = result
        .rows()
        .filter(|r| r.opt::<String>("slug").ok().flatten().is_some())
        .map(|r| {
            Ok(Membership {
                slug: r.get("slug")?,
                name: r.get("name")?,
                role: role(&r)?,
                staff_key: r.opt("staff_key")?,
            })
        })
        .collect::<Result<_, DbError>>()?;
    Ok(Some((email, memberships)))
}

fn role(row: &Row<'_>) -> Result<Role, DbError> {
    let text: String = row.get("role")?;
    Role::parse(&text).ok_or_else(|| DbError::Unexpected(format!("unknown role {text:?}")))
}

/// Who a request acts for in one salon, and the salon.
#[derive(Debug, Clone)]
pub struct Access {
    pub salon_id: i64,
    /// The stored configuration document.
    pub config: Value,
    /// Its version (see [`config_version`]).
    pub config_version: i64,
    pub role: Role,
    /// The staff member a staff user is.
    pub staff_key: Option<String>,
    /// The user, when signed in (not with an API key).
    pub user_id: Option<i64>,
    /// The API key, when not signed in.
    pub key_id: Option<i64>,
}

impl Access {
    /// Who acts, as the audit log names them: `user:<id>` or `key:<id>`.
    pub fn actor(&self) -> String {
        match (self.user_id, self.key_id) {
            (Some(user), _) => format!("user:{user}"),
            (None, Some(key)) => format!("key:{key}"),
            (None, None) => "unknown".to_owned(),
        }
    }
}

/// What a credential grants in the salon `slug`.
#[derive(Debug, Clone)]
pub enum Grant {
    /// No such salon.
    NoSalon,
    /// The credential is not valid at all (unknown, revoked or expired).
    Invalid,
    /// Valid, but not for this salon.
    Elsewhere,
    Granted(Access),
}

/// What the owner API key with `key_hash` grants in `slug`.
pub async fn key_access(neon: &Neon, slug: &str, key_hash: &str) -> Result<Grant, DbError> {
    const SQL: &str = concat!(
        "SELECT s.id, s.config, ",
        config_version!("s"),
        " AS config_version, k.salon_id AS key_salon, k.id AS key_id \
         FROM salons s LEFT JOIN api_keys k ON k.key_hash = $2 AND k.revoked_at IS NULL \
         WHERE s.slug = $1"
    );
    let result = neon.read(SQL, params![slug, key_hash]).await?;
    let Some(row) = result.first() else {
        return Ok(Grant::NoSalon);
    };
    let salon_id: i64 = row.get("id")?;
    Ok(match row.opt::<i64>("key_salon")? {
        None => Grant::Invalid,
        Some(owner) if owner != salon_id => Grant::Elsewhere,
        Some(_) => Grant::Granted(Access {
            salon_id,
            config: row.get("config")?,
            config_version: row.get("config_version")?,
            role: Role::Owner,
            staff_key: None,
            user_id: None,
            key_id: row.opt("key_id")?,
        }),
    })
}

/// What the session with `session_hash` grants in `slug`, sliding its expiry.
pub async fn session_access(
    neon: &Neon,
    slug: &str,
    session_hash: &str,
    now: jiff::Timestamp,
) -> Result<Grant, DbError> {
    const SQL: &str = concat!(
        "WITH s AS ( \
           UPDATE sessions SET expires_at = GREATEST(expires_at, $3::timestamptz + make_interval(days => $4)) \
           WHERE token_hash = $2 AND expires_at > $3::timestamptz RETURNING user_id) \
         SELECT sa.id, sa.config, ",
        config_version!("sa"),
        " AS config_version, s.user_id, m.role, m.staff_key \
         FROM salons sa LEFT JOIN s ON true \
         LEFT JOIN memberships m ON m.salon_id = sa.id AND m.user_id = s.user_id \
         WHERE sa.slug = $1"
    );
    let result = neon
        .query(SQL, params![slug, session_hash, now, SESSION_DAYS])
        .await?;
    let Some(row) = result.first() else {
        return Ok(Grant::NoSalon);
    };
    let Some(user_id) = row.opt::<i64>("user_id")? else {
        return Ok(Grant::Invalid);
    };
    if row.opt::<String>("role")?.is_none() {
        return Ok(Grant::Elsewhere);
    }
    Ok(Grant::Granted(Access {
        salon_id: row.get("id")?,
        config: row.get("config")?,
        config_version: row.get("config_version")?,
        role: role(&row)?,
        staff_key: row.opt("staff_key")?,
        user_id: Some(user_id),
        key_id: None,
    }))
}

/// Makes `email` a member of salon `salon_id` with `role`, creating the user if needed.
pub async fn add_member(
    neon: &Neon,
    salon_id: i64,
    email: &str,
    role: Role,
    staff_key: Option<&str>,
) -> Result<(), DbError> {
    const USER: &str = "INSERT INTO users (email) VALUES ($1) ON CONFLICT (email) DO NOTHING";
    const MEMBER: &str = "INSERT INTO memberships (user_id, salon_id, role, staff_key) \
         SELECT id, $2, $3, $4 FROM users WHERE email = $1 \
         ON CONFLICT (user_id, salon_id) DO UPDATE SET role = EXCLUDED.role, staff_key = EXCLUDED.staff_key";
    let statements = vec![
        Statement::new(USER, params![email]),
        Statement::new(MEMBER, params![email, salon_id, role.as_str(), staff_key]),
    ];
    neon.transaction(statements, TxOptions::default()).await?;
    Ok(())
}

/// A named owner API key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    pub id: i64,
    pub name: String,
    pub created_at: jiff::Timestamp,
    pub revoked_at: Option<jiff::Timestamp>,
}

fn api_key(row: Row<'_>) -> Result<ApiKey, DbError> {
    Ok(ApiKey {
        id: row.get("id")?,
        name: row.get("name")?,
        created_at: row.get("created_at")?,
        revoked_at: row.opt("revoked_at")?,
    })
}

/// A salon's keys, oldest first.
pub async fn keys(neon: &Neon, salon_id: i64) -> Result<Vec<ApiKey>, DbError> {
    const SQL: &str = "SELECT id, name, created_at, revoked_at FROM api_keys \
         WHERE salon_id = $1 ORDER BY id";
    let result = neon.read(SQL, params![salon_id]).await?;
    result.rows().map(api_key).collect()
}

/// Adds a key.
pub async fn create_key(
    neon: &Neon,
    salon_id: i64,
    name: &str,
    key_hash: &str,
    now: jiff::Timestamp,
) -> Result<ApiKey, DbError> {
    const SQL: &str = "INSERT INTO api_keys (salon_id, name, key_hash, created_at) \
         VALUES ($1, $2, $3, $4::timestamptz) RETURNING id, name, created_at, revoked_at";
    let result = neon
        .query(SQL, params![salon_id, name, key_hash, now])
        .await?;
    api_key(super::only_row(&result)?)
}

/// Revokes a key of the salon; `None` when it has no such key.
pub async fn revoke_key(
    neon: &Neon,
    salon_id: i64,
    id: i64,
    now: jiff::Timestamp,
) -> Result<Option<ApiKey>, DbError> {
    const SQL: &str = "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $3::timestamptz) \
         WHERE salon_id = $1 AND id = $2 RETURNING id, name, created_at, revoked_at";
    let result = neon.query(SQL, params![salon_id, id, now]).await?;
    result.first().map(api_key).transpose()
}

/// Like [`create_link`], for any address: the user is created first if new (signing up).
pub async fn create_sign_up_link(
    neon: &Neon,
    email: &str,
    token_hash: &str,
    now: jiff::Timestamp,
) -> Result<bool, DbError> {
    const USER: &str = "INSERT INTO users (email) VALUES ($1) ON CONFLICT (email) DO NOTHING";
    neon.query(USER, params![email]).await?;
    create_link(neon, email, token_hash, now).await
}

/// The user of a live session: id and email, sliding its expiry.
pub async fn session_user(
    neon: &Neon,
    session_hash: &str,
    now: jiff::Timestamp,
) -> Result<Option<(i64, String)>, DbError> {
    const SQL: &str = "WITH s AS ( \
           UPDATE sessions SET expires_at = GREATEST(expires_at, $2::timestamptz + make_interval(days => $3)) \
           WHERE token_hash = $1 AND expires_at > $2::timestamptz RETURNING user_id) \
         SELECT u.id, u.email FROM s JOIN users u ON u.id = s.user_id";
    let result = neon
        .query(SQL, params![session_hash, now, SESSION_DAYS])
        .await?;
    result
        .first()
        .map(|r| Ok((r.get("id")?, r.get("email")?)))
        .transpose()
}

/// Whether a salon has the slug.
pub async fn slug_taken(neon: &Neon, slug: &str) -> Result<bool, DbError> {
    const SQL: &str = "SELECT 1 AS one FROM salons WHERE slug = $1";
    Ok(neon.read(SQL, params![slug]).await?.first().is_some())
}

/// A member of a salon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub user_id: i64,
    pub email: String,
    pub role: Role,
    pub staff_key: Option<String>,
}

fn member(row: Row<'_>) -> Result<Member, DbError> {
    Ok(Member {
        user_id: row.get("user_id")?,
        email: row.get("email")?,
        role: role(&row)?,
        staff_key: row.opt("staff_key")?,
    })
}

/// A salon's members, owners first.
pub async fn members(neon: &Neon, salon_id: i64) -> Result<Vec<Member>, DbError> {
    const SQL: &str = "SELECT m.user_id, u.email, m.role, m.staff_key FROM memberships m \
         JOIN users u ON u.id = m.user_id WHERE m.salon_id = $1 ORDER BY m.role, u.email";
    let result = neon.read(SQL, params![salon_id]).await?;
    result.rows().map(member).collect()
}

/// What happened to a change of the team.
#[derive(Debug)]
pub enum TeamChange {
    Done(Option<Member>),
    /// The salon would have no owner left.
    LastOwner,
    NotFound,
}

/// Changes a member's role, or removes them (`role` `None`), never leaving the salon without an
/// owner: the salon row is locked first, so two owners demoting each other at once cannot both win.
pub async fn change_member(
    neon: &Neon,
    salon_id: i64,
    user_id: i64,
    role: Option<(Role, Option<&str>)>,
) -> Result<TeamChange, DbError> {
    const LOCK: &str = "SELECT id FROM salons WHERE id = $1 FOR UPDATE";
    const OTHERS: &str = "SELECT (SELECT count(*) FROM memberships \
           WHERE salon_id = $1 AND role = 'owner' AND user_id <> $2) AS other_owners, \
         (SELECT role FROM memberships WHERE salon_id = $1 AND user_id = $2) AS role";
    const UPDATE: &str = "UPDATE memberships m SET role = $3, staff_key = $4 FROM users u \
         WHERE u.id = m.user_id AND m.salon_id = $1 AND m.user_id = $2 \
           AND ($3 = 'owner' OR (SELECT count(*) FROM memberships \
                WHERE salon_id = $1 AND role = 'owner' AND user_id <> $2) > 0) \
         RETURNING m.user_id, u.email, m.role, m.staff_key";
    const DELETE: &str = "DELETE FROM memberships m USING users u \
         WHERE u.id = m.user_id AND m.salon_id = $1 AND m.user_id = $2 \
           AND (SELECT count(*) FROM memberships \
                WHERE salon_id = $1 AND role = 'owner' AND user_id <> $2) > 0 \
         RETURNING m.user_id, u.email, m.role, m.staff_key";
    let change = match role {
        Some((role, staff)) => {
            Statement::new(UPDATE, params![salon_id, user_id, role.as_str(), staff])
        }
        None => Statement::new(DELETE, params![salon_id, user_id]),
    };
    let results = neon
        .transaction(
            vec![
                Statement::new(LOCK, params![salon_id]),
                Statement::new(OTHERS, params![salon_id, user_id]),
                change,
            ],
            TxOptions::default(),
        )
        .await?;
    let [_, others, changed]: [crate::neon::QueryResult; 3] = results
        .try_into()
        .map_err(|_| DbError::Unexpected("expected three results".to_owned()))?;
    let others = super::only_row(&others)?;
    if others.opt::<String>("role")?.is_none() {
        return Ok(TeamChange::NotFound);
    }
    match changed.first() {
        Some(row) => Ok(TeamChange::Done(Some(member(row)?))),
        None if others.get::<i64>("other_owners")? == 0 => Ok(TeamChange::LastOwner),
        None => Ok(TeamChange::Done(None)),
    }
}
