//! A client for Neon's SQL-over-HTTP protocol (SPEC §5).
//!
//! Every query is one `POST /sql` with the connection string in `Neon-Connection-String`, parameters as
//! text or null (as the official driver sends them), and raw-text, array-mode rows. A batch is one
//! transaction on the server. Postgres errors come back as HTTP 400 with the SQLSTATE in `code`.
//!
//! The protocol part (encoding requests, decoding answers, typed values, retries and deadlines) is
//! here, once, for every caller: the edge (whose [`Transport`] is `fetch` inside the Worker), the
//! development tools and the tests (which use [`Blocking`], with the `blocking` feature).

use std::borrow::Cow;
use std::future::Future;

use serde::Deserialize;
use serde_json::{json, Value};

#[cfg(feature = "blocking")]
mod blocking;
#[cfg(feature = "blocking")]
pub use blocking::Blocking;

/// The one HTTP call the client makes, and the clock and timer its deadlines and retries need.
pub trait Transport {
    /// POSTs `body` with `headers`, giving up after `timeout_ms`; returns the status and the body
    /// text. Only network failures ([`NeonError::Unavailable`]) and the timeout
    /// ([`NeonError::TimedOut`]) are errors.
    fn post(
        &self,
        url: &str,
        headers: &[(&'static str, String)],
        body: String,
        timeout_ms: u32,
    ) -> impl Future<Output = Result<(u16, String), NeonError>>;

    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> f64;

    /// Waits `ms` milliseconds.
    fn sleep(&self, ms: u32) -> impl Future<Output = ()>;
}

/// A query parameter, sent as its Postgres text form or as null.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Param {
    /// SQL NULL.
    Null,
    /// A value in Postgres' text input format.
    Text(String),
}

impl From<&str> for Param {
    fn from(v: &str) -> Self {
        Param::Text(v.to_owned())
    }
}
impl From<String> for Param {
    fn from(v: String) -> Self {
        Param::Text(v)
    }
}
impl From<&String> for Param {
    fn from(v: &String) -> Self {
        Param::Text(v.clone())
    }
}
impl From<i64> for Param {
    fn from(v: i64) -> Self {
        Param::Text(v.to_string())
    }
}
impl From<i32> for Param {
    fn from(v: i32) -> Self {
        Param::Text(v.to_string())
    }
}
impl From<bool> for Param {
    fn from(v: bool) -> Self {
        Param::Text(if v { "t" } else { "f" }.to_owned())
    }
}
impl From<jiff::Timestamp> for Param {
    fn from(v: jiff::Timestamp) -> Self {
        Param::Text(v.to_string())
    }
}
impl From<&Value> for Param {
    fn from(v: &Value) -> Self {
        Param::Text(v.to_string())
    }
}
impl<T: Into<Param>> From<Option<T>> for Param {
    fn from(v: Option<T>) -> Self {
        v.map_or(Param::Null, Into::into)
    }
}

/// Builds a parameter list from anything convertible to [`Param`].
#[macro_export]
macro_rules! params {
    ($($value:expr),* $(,)?) => {
        vec![$($crate::Param::from($value)),*]
    };
}

/// One statement with its parameters. The text is usually a constant; tools pass files they read.
#[derive(Debug, Clone)]
pub struct Statement {
    pub sql: Cow<'static, str>,
    pub params: Vec<Param>,
}

impl Statement {
    /// A statement with parameters.
    pub fn new(sql: impl Into<Cow<'static, str>>, params: Vec<Param>) -> Self {
        Self {
            sql: sql.into(),
            params,
        }
    }

    fn to_json(&self) -> Value {
        let params: Vec<Value> = self
            .params
            .iter()
            .map(|p| match p {
                Param::Null => Value::Null,
                Param::Text(t) => Value::String(t.clone()),
            })
            .collect();
        json!({ "query": self.sql, "params": params })
    }
}

/// Isolation level of a transaction batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Isolation {
    ReadCommitted,
    RepeatableRead,
    Serializable,
}

impl Isolation {
    fn header(self) -> &'static str {
        match self {
            Isolation::ReadCommitted => "ReadCommitted",
            Isolation::RepeatableRead => "RepeatableRead",
            Isolation::Serializable => "Serializable",
        }
    }
}

/// Options of a transaction batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TxOptions {
    pub isolation: Isolation,
    pub read_only: bool,
}

impl Default for TxOptions {
    fn default() -> Self {
        Self {
            isolation: Isolation::ReadCommitted,
            read_only: false,
        }
    }
}

/// A column of a result.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Field {
    pub name: String,
    #[serde(rename = "dataTypeID")]
    pub data_type_id: u32,
}

/// The result of one statement: raw text values by row and column.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct QueryResult {
    pub command: String,
    #[serde(rename = "rowCount")]
    pub row_count: Option<u64>,
    #[serde(default)]
    pub fields: Vec<Field>,
    #[serde(default)]
    pub rows: Vec<Vec<Option<String>>>,
}

impl QueryResult {
    /// The rows, each readable by column name.
    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.rows.iter().map(move |values| Row {
            fields: &self.fields,
            values,
        })
    }

    /// The first row, if any.
    pub fn first(&self) -> Option<Row<'_>> {
        self.rows().next()
    }
}

/// One row of a result.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    fields: &'a [Field],
    values: &'a [Option<String>],
}

impl Row<'_> {
    fn raw(&self, column: &str) -> Result<Option<&str>, NeonError> {
        let index = self
            .fields
            .iter()
            .position(|f| f.name == column)
            .ok_or_else(|| NeonError::Protocol(format!("no column named {column}")))?;
        Ok(self.values.get(index).and_then(|v| v.as_deref()))
    }

    /// Every column's value decoded by its type OID, in order.
    pub fn values(&self) -> Result<Vec<SqlValue>, NeonError> {
        self.fields
            .iter()
            .zip(self.values)
            .map(|(f, v)| SqlValue::decode(f.data_type_id, v.as_deref()))
            .collect()
    }

    /// A column's value, decoded from Postgres' text form. NULL is an error; see [`Row::opt`].
    pub fn get<T: FromText>(&self, column: &str) -> Result<T, NeonError> {
        self.opt(column)?
            .ok_or_else(|| NeonError::Protocol(format!("column {column} is null")))
    }

    /// A nullable column's value.
    pub fn opt<T: FromText>(&self, column: &str) -> Result<Option<T>, NeonError> {
        match self.raw(column)? {
            None => Ok(None),
            Some(text) => T::from_text(text).map(Some).ok_or_else(|| {
                NeonError::Protocol(format!("column {column} has an unexpected value"))
            }),
        }
    }
}

/// Decoding from Postgres' text output format.
pub trait FromText: Sized {
    fn from_text(text: &str) -> Option<Self>;
}

impl FromText for String {
    fn from_text(text: &str) -> Option<Self> {
        Some(text.to_owned())
    }
}
impl FromText for i64 {
    fn from_text(text: &str) -> Option<Self> {
        text.parse().ok()
    }
}
impl FromText for i32 {
    fn from_text(text: &str) -> Option<Self> {
        text.parse().ok()
    }
}
impl FromText for bool {
    fn from_text(text: &str) -> Option<Self> {
        match text {
            "t" => Some(true),
            "f" => Some(false),
            _ => None,
        }
    }
}
impl FromText for Value {
    fn from_text(text: &str) -> Option<Self> {
        serde_json::from_str(text).ok()
    }
}
impl FromText for jiff::Timestamp {
    /// Postgres writes `2026-03-29 07:00:00+00` (ISO DateStyle); jiff reads that form.
    fn from_text(text: &str) -> Option<Self> {
        text.parse().ok()
    }
}

/// Type OIDs of the values the edge reads.
pub mod oid {
    pub const BOOL: u32 = 16;
    pub const INT8: u32 = 20;
    pub const INT2: u32 = 21;
    pub const INT4: u32 = 23;
    pub const TEXT: u32 = 25;
    pub const JSON: u32 = 114;
    pub const FLOAT4: u32 = 700;
    pub const FLOAT8: u32 = 701;
    pub const INT2_ARRAY: u32 = 1005;
    pub const INT4_ARRAY: u32 = 1007;
    pub const TEXT_ARRAY: u32 = 1009;
    pub const INT8_ARRAY: u32 = 1016;
    pub const VARCHAR: u32 = 1043;
    pub const DATE: u32 = 1082;
    pub const TIMESTAMPTZ: u32 = 1184;
    pub const NUMERIC: u32 = 1700;
    pub const UUID: u32 = 2950;
    pub const JSONB: u32 = 3802;
}

/// A value decoded according to its column's type.
#[derive(Debug, Clone, PartialEq)]
pub enum SqlValue {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// Exact decimal text, as Postgres wrote it.
    Numeric(String),
    Text(String),
    Uuid(String),
    Date(jiff::civil::Date),
    Timestamptz(jiff::Timestamp),
    Json(Value),
    TextArray(Vec<Option<String>>),
    IntArray(Vec<Option<i64>>),
    /// A type this client does not decode, with its OID and text.
    Other(u32, String),
}

impl SqlValue {
    /// Decodes Postgres' text output of a value of type `type_oid`.
    pub fn decode(type_oid: u32, text: Option<&str>) -> Result<SqlValue, NeonError> {
        let Some(text) = text else {
            return Ok(SqlValue::Null);
        };
        let bad = || NeonError::Protocol(format!("type {type_oid}: cannot decode {text:?}"));
        Ok(match type_oid {
            oid::BOOL => SqlValue::Bool(bool::from_text(text).ok_or_else(bad)?),
            oid::INT2 | oid::INT4 | oid::INT8 => SqlValue::Int(text.parse().map_err(|_| bad())?),
            oid::FLOAT4 | oid::FLOAT8 => SqlValue::Float(text.parse().map_err(|_| bad())?),
            oid::NUMERIC => SqlValue::Numeric(text.to_owned()),
            oid::TEXT | oid::VARCHAR => SqlValue::Text(text.to_owned()),
            oid::UUID => SqlValue::Uuid(text.to_owned()),
            oid::DATE => SqlValue::Date(text.parse().map_err(|_| bad())?),
            oid::TIMESTAMPTZ => {
                SqlValue::Timestamptz(jiff::Timestamp::from_text(text).ok_or_else(bad)?)
            }
            oid::JSON | oid::JSONB => {
                SqlValue::Json(serde_json::from_str(text).map_err(|_| bad())?)
            }
            oid::TEXT_ARRAY => SqlValue::TextArray(parse_array(text).ok_or_else(bad)?),
            oid::INT2_ARRAY | oid::INT4_ARRAY | oid::INT8_ARRAY => SqlValue::IntArray(
                parse_array(text)
                    .ok_or_else(bad)?
                    .into_iter()
                    .map(|e| e.map(|v| v.parse::<i64>()).transpose())
                    .collect::<Result<_, _>>()
                    .map_err(|_| bad())?,
            ),
            other => SqlValue::Other(other, text.to_owned()),
        })
    }
}

/// Parses a one-dimensional Postgres array literal: `{a,"b c",NULL}`.
pub fn parse_array(text: &str) -> Option<Vec<Option<String>>> {
    let inner = text.strip_prefix('{')?.strip_suffix('}')?;
    let mut out = Vec::new();
    if inner.is_empty() {
        return Some(out);
    }
    let mut chars = inner.chars().peekable();
    loop {
        if chars.peek() == Some(&'"') {
            chars.next();
            let mut value = String::new();
            loop {
                match chars.next()? {
                    '\\' => value.push(chars.next()?),
                    '"' => break,
                    c => value.push(c),
                }
            }
            out.push(Some(value));
        } else {
            let mut value = String::new();
            while let Some(&c) = chars.peek() {
                if c == ',' {
                    break;
                }
                if c == '{' || c == '"' {
                    return None;
                }
                value.push(c);
                chars.next();
            }
            out.push((!value.eq_ignore_ascii_case("NULL")).then_some(value));
        }
        match chars.next() {
            None => return Some(out),
            Some(',') => {}
            Some(_) => return None,
        }
    }
}

/// A Postgres error as Neon reports it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DbError {
    pub message: String,
    /// SQLSTATE, such as `23P01`.
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub constraint: Option<String>,
    #[serde(default)]
    pub detail: Option<String>,
}

/// SQLSTATE of an exclusion-constraint violation.
pub const EXCLUSION_VIOLATION: &str = "23P01";
/// SQLSTATE of a unique violation.
pub const UNIQUE_VIOLATION: &str = "23505";
/// SQLSTATE of a serialization failure.
pub const SERIALIZATION_FAILURE: &str = "40001";
/// SQLSTATE of a deadlock: Postgres rolled one of the transactions back.
pub const DEADLOCK_DETECTED: &str = "40P01";

impl NeonError {
    /// Whether Postgres rolled the whole transaction back and says so (a serialization failure or
    /// a deadlock): nothing of it happened, and running it again is safe.
    pub fn rolled_back(&self) -> bool {
        matches!(
            self.sqlstate(),
            Some(SERIALIZATION_FAILURE | DEADLOCK_DETECTED)
        )
    }
}

/// Why a query did not produce a result.
#[derive(Debug, thiserror::Error)]
pub enum NeonError {
    /// Postgres refused the statement.
    #[error("database error {}: {}", .0.code.as_deref().unwrap_or("?"), .0.message)]
    Db(DbError),
    /// The server could not be reached or answered with an unexpected status.
    #[error("database unreachable: {0}")]
    Unavailable(String),
    /// No answer within the time the request had left. Not retried: a server that hangs once will
    /// most likely hang again, and the client is better served by a quick 503.
    #[error("no answer from the database within {after_ms} ms")]
    TimedOut {
        /// How long the call waited.
        after_ms: u32,
    },
    /// The answer could not be understood.
    #[error("unexpected answer from the database: {0}")]
    Protocol(String),
}

impl NeonError {
    /// The SQLSTATE, when Postgres refused the statement.
    pub fn sqlstate(&self) -> Option<&str> {
        match self {
            NeonError::Db(e) => e.code.as_deref(),
            _ => None,
        }
    }
}

/// How long one database round trip may take. Neon answers in tens of milliseconds, and a compute
/// that scaled to zero wakes in well under a second; three seconds of silence means it is not coming.
pub const CALL_TIMEOUT_MS: u32 = 3_000;

/// How long all the database calls of one request may take together, retries included. A request
/// that cannot be served in this time answers 503 with `Retry-After` rather than keep a phone waiting.
pub const REQUEST_BUDGET_MS: u32 = 5_000;

/// Neon's endpoint for a connection string: `https://<host>/sql`.
pub fn endpoint_for(connection_string: &str) -> Option<String> {
    let rest = connection_string
        .strip_prefix("postgres://")
        .or_else(|| connection_string.strip_prefix("postgresql://"))?;
    let authority = rest.split(['/', '?']).next()?;
    let host_port = authority.rsplit('@').next()?;
    let host = host_port.split(':').next()?;
    (!host.is_empty()).then(|| format!("https://{host}/sql"))
}

/// Where and how to reach the database, and until when one request may use it.
#[derive(Debug, Clone)]
pub struct Neon<T> {
    /// `https://<host>/sql`, or a local server's address.
    pub endpoint: String,
    /// `postgres://user:password@host/db`.
    pub connection_string: String,
    /// The instant (milliseconds since the epoch) after which no call is started or waited for; `None`
    /// for tools that run longer than a request, whose calls are bounded by `call_timeout_ms` alone.
    pub deadline_ms: Option<f64>,
    /// How long one round trip may take: [`CALL_TIMEOUT_MS`] unless a tool needs longer (a migration).
    pub call_timeout_ms: u32,
    transport: T,
}

impl<T: Transport + Default> Neon<T> {
    /// A client without an overall deadline, over the default transport.
    pub fn new(endpoint: impl Into<String>, connection_string: impl Into<String>) -> Self {
        Self::with_transport(T::default(), endpoint, connection_string)
    }
}

impl<T: Transport> Neon<T> {
    /// A client without an overall deadline.
    pub fn with_transport(
        transport: T,
        endpoint: impl Into<String>,
        connection_string: impl Into<String>,
    ) -> Self {
        Self {
            endpoint: endpoint.into(),
            connection_string: connection_string.into(),
            deadline_ms: None,
            call_timeout_ms: CALL_TIMEOUT_MS,
            transport,
        }
    }

    /// The same client, whose calls all end within [`REQUEST_BUDGET_MS`] from now.
    /// (Or within the call timeout and two seconds more, where a longer call timeout was set.)
    pub fn for_one_request(self) -> Self {
        let budget = REQUEST_BUDGET_MS.max(self.call_timeout_ms.saturating_add(2_000));
        Self {
            deadline_ms: Some(self.transport.now_ms() + f64::from(budget)),
            ..self
        }
    }

    /// The same client, whose round trips may each take `ms`.
    pub fn with_call_timeout(self, ms: u32) -> Self {
        Self {
            call_timeout_ms: ms,
            ..self
        }
    }

    /// How long the next call may wait: the call timeout, or less when the request's budget is
    /// nearly spent; an error when it is spent.
    fn timeout_ms(&self) -> Result<u32, NeonError> {
        let Some(deadline) = self.deadline_ms else {
            return Ok(self.call_timeout_ms);
        };
        let left = deadline - self.transport.now_ms();
        if left < 1.0 {
            return Err(NeonError::TimedOut {
                after_ms: REQUEST_BUDGET_MS,
            });
        }
        // `left` is positive and below the budget here, so it fits.
        Ok((left as u32).min(self.call_timeout_ms))
    }

    /// Waits before retry `attempt`, if the request's budget leaves time for the wait and a call.
    async fn back_off(&self, attempt: u32) -> bool {
        let wait = backoff_ms(attempt);
        if let Some(deadline) = self.deadline_ms {
            if self.transport.now_ms() + f64::from(wait) + 100.0 > deadline {
                return false;
            }
        }
        self.transport.sleep(wait).await;
        true
    }

    fn headers(&self) -> Vec<(&'static str, String)> {
        vec![
            ("Content-Type", "application/json".to_owned()),
            ("Neon-Connection-String", self.connection_string.clone()),
            ("Neon-Raw-Text-Output", "true".to_owned()),
            ("Neon-Array-Mode", "true".to_owned()),
        ]
    }

    /// Runs one statement in its own implicit transaction. Retried only when Postgres says it rolled
    /// it back (a deadlock or a serialization failure); never after a network failure, since then
    /// nobody knows whether a write happened.
    pub async fn query(
        &self,
        sql: impl Into<Cow<'static, str>>,
        params: Vec<Param>,
    ) -> Result<QueryResult, NeonError> {
        let sql = sql.into();
        self.retrying(
            || self.query_once(sql.clone(), params.clone()),
            NeonError::rolled_back,
        )
        .await
    }

    async fn query_once(
        &self,
        sql: Cow<'static, str>,
        params: Vec<Param>,
    ) -> Result<QueryResult, NeonError> {
        let body = Statement::new(sql, params).to_json().to_string();
        let timeout = self.timeout_ms()?;
        let (status, text) = self
            .transport
            .post(&self.endpoint, &self.headers(), body, timeout)
            .await?;
        let value = decode(status, &text)?;
        serde_json::from_value(value).map_err(|e| NeonError::Protocol(e.to_string()))
    }

    /// Runs a statement that only reads, retrying it after network failures too.
    pub async fn read(
        &self,
        sql: impl Into<Cow<'static, str>>,
        params: Vec<Param>,
    ) -> Result<QueryResult, NeonError> {
        let sql = sql.into();
        self.retrying(
            || self.query_once(sql.clone(), params.clone()),
            |e| matches!(e, NeonError::Unavailable(_)) || e.rolled_back(),
        )
        .await
    }

    /// Runs statements as one transaction: all of them, or none. Retried when that is safe: after a
    /// serialization failure (the server rolled everything back), and after a network failure when
    /// the batch is read-only.
    pub async fn transaction(
        &self,
        statements: Vec<Statement>,
        options: TxOptions,
    ) -> Result<Vec<QueryResult>, NeonError> {
        self.retrying(
            || self.transaction_once(&statements, options),
            |e| (options.read_only && matches!(e, NeonError::Unavailable(_))) || e.rolled_back(),
        )
        .await
    }

    /// Runs `call` until it succeeds, fails in a way `safe_to_retry` does not accept, has been
    /// retried [`RETRIES`] times, or the request's budget leaves no room for another attempt.
    async fn retrying<R, F, Fut>(
        &self,
        call: F,
        safe_to_retry: impl Fn(&NeonError) -> bool,
    ) -> Result<R, NeonError>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Result<R, NeonError>>,
    {
        let mut attempt = 0;
        loop {
            match call().await {
                Err(e) if attempt < RETRIES && safe_to_retry(&e) => {
                    attempt += 1;
                    if !self.back_off(attempt).await {
                        return Err(e);
                    }
                }
                other => return other,
            }
        }
    }

    async fn transaction_once(
        &self,
        statements: &[Statement],
        options: TxOptions,
    ) -> Result<Vec<QueryResult>, NeonError> {
        let queries: Vec<Value> = statements.iter().map(Statement::to_json).collect();
        let body = json!({ "queries": queries }).to_string();
        let mut headers = self.headers();
        headers.push((
            "Neon-Batch-Isolation-Level",
            options.isolation.header().to_owned(),
        ));
        headers.push(("Neon-Batch-Read-Only", options.read_only.to_string()));
        let timeout = self.timeout_ms()?;
        let (status, text) = self
            .transport
            .post(&self.endpoint, &headers, body, timeout)
            .await?;
        #[derive(Deserialize)]
        struct Batch {
            results: Vec<QueryResult>,
        }
        let batch: Batch = serde_json::from_value(decode(status, &text)?)
            .map_err(|e| NeonError::Protocol(e.to_string()))?;
        Ok(batch.results)
    }
}

/// How many times a safe operation is retried.
const RETRIES: u32 = 2;

fn backoff_ms(attempt: u32) -> u32 {
    50 * attempt
}

/// Interprets a `/sql` answer: 200 is a result, 400 with a `code` a Postgres error, anything else means
/// the database is not usable now.
fn decode(status: u16, text: &str) -> Result<Value, NeonError> {
    match status {
        200 => serde_json::from_str(text).map_err(|e| NeonError::Protocol(e.to_string())),
        400 => match serde_json::from_str::<DbError>(text) {
            Ok(e) if e.code.is_some() => Err(NeonError::Db(e)),
            _ => Err(NeonError::Unavailable(format!("400: {}", truncate(text)))),
        },
        _ => Err(NeonError::Unavailable(format!(
            "{status}: {}",
            truncate(text)
        ))),
    }
}

fn truncate(text: &str) -> &str {
    let mut end = text.len().min(200);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    /// A transport on a clock of its own: every call takes its whole timeout and then fails the way
    /// `fail` says, so the budget's arithmetic is seen without waiting for it.
    #[derive(Default)]
    struct Hanging {
        now: Cell<f64>,
        calls: Cell<u32>,
        timeouts: std::cell::RefCell<Vec<u32>>,
        fast_failures: bool,
    }

    impl Transport for Hanging {
        async fn post(
            &self,
            _: &str,
            _: &[(&'static str, String)],
            _: String,
            timeout_ms: u32,
        ) -> Result<(u16, String), NeonError> {
            self.calls.set(self.calls.get() + 1);
            self.timeouts.borrow_mut().push(timeout_ms);
            if self.fast_failures {
                self.now.set(self.now.get() + 10.0);
                return Err(NeonError::Unavailable("connection refused".into()));
            }
            self.now.set(self.now.get() + f64::from(timeout_ms));
            Err(NeonError::TimedOut {
                after_ms: timeout_ms,
            })
        }

        fn now_ms(&self) -> f64 {
            self.now.get()
        }

        async fn sleep(&self, ms: u32) {
            self.now.set(self.now.get() + f64::from(ms));
        }
    }

    #[test]
    fn a_hanging_database_costs_one_call_timeout_and_a_request_never_more_than_its_budget() {
        let neon = Neon::with_transport(Hanging::default(), "http://db/sql", "postgres://x@db/d")
            .for_one_request();
        let outcome = pollster::block_on(neon.read("SELECT 1", vec![]));
        assert!(matches!(
            outcome,
            Err(NeonError::TimedOut { after_ms: 3_000 })
        ));
        assert_eq!(
            neon.transport.calls.get(),
            1,
            "a timed-out read is not retried"
        );
        let _ = pollster::block_on(neon.query("SELECT 2", vec![]));
        let third = pollster::block_on(neon.query("SELECT 3", vec![]));
        assert_eq!(*neon.transport.timeouts.borrow(), vec![3_000, 2_000]);
        assert!(matches!(third, Err(NeonError::TimedOut { .. })));
        assert_eq!(
            neon.transport.calls.get(),
            2,
            "no call starts after the budget"
        );
        assert!(neon.transport.now.get() <= f64::from(REQUEST_BUDGET_MS));
    }

    /// A transport whose database always reports a deadlock.
    #[derive(Default)]
    struct Deadlocking {
        calls: Cell<u32>,
    }

    impl Transport for Deadlocking {
        async fn post(
            &self,
            _: &str,
            _: &[(&'static str, String)],
            _: String,
            _: u32,
        ) -> Result<(u16, String), NeonError> {
            self.calls.set(self.calls.get() + 1);
            Ok((
                400,
                r#"{"code":"40P01","message":"deadlock detected"}"#.into(),
            ))
        }

        fn now_ms(&self) -> f64 {
            0.0
        }

        async fn sleep(&self, _: u32) {}
    }

    #[test]
    fn a_statement_postgres_rolled_back_for_a_deadlock_is_run_again() {
        let neon =
            Neon::with_transport(Deadlocking::default(), "http://db/sql", "postgres://x@db/d");
        let outcome = pollster::block_on(neon.query("INSERT INTO t VALUES (1)", vec![]));
        assert_eq!(outcome.unwrap_err().sqlstate(), Some(DEADLOCK_DETECTED));
        assert_eq!(neon.transport.calls.get(), 1 + RETRIES);
    }

    #[test]
    fn fast_failures_are_retried_only_while_the_budget_lasts() {
        let transport = Hanging {
            fast_failures: true,
            ..Hanging::default()
        };
        let neon =
            Neon::with_transport(transport, "http://db/sql", "postgres://x@db/d").for_one_request();
        let outcome = pollster::block_on(neon.read("SELECT 1", vec![]));
        assert!(matches!(outcome, Err(NeonError::Unavailable(_))));
        assert_eq!(neon.transport.calls.get(), 1 + RETRIES);
        // A tool without a deadline keeps its own, longer, call timeout.
        let tool = Neon::with_transport(Hanging::default(), "http://db/sql", "postgres://x@db/d")
            .with_call_timeout(60_000);
        let _ = pollster::block_on(tool.query("SELECT 1", vec![]));
        assert_eq!(*tool.transport.timeouts.borrow(), vec![60_000]);
    }

    #[test]
    fn array_literals_parse_with_quotes_escapes_and_nulls() {
        assert_eq!(parse_array("{}"), Some(vec![]));
        assert_eq!(
            parse_array(r#"{a,"b c",NULL,"NULL","x\"y"}"#),
            Some(vec![
                Some("a".into()),
                Some("b c".into()),
                None,
                Some("NULL".into()),
                Some("x\"y".into())
            ])
        );
        assert_eq!(
            parse_array("{1,2}"),
            Some(vec![Some("1".into()), Some("2".into())])
        );
        assert_eq!(parse_array("{{1,2},{3,4}}"), None);
        assert_eq!(parse_array("1,2"), None);
    }

    #[test]
    fn values_decode_by_type() {
        assert_eq!(
            SqlValue::decode(oid::INT8, Some("9007199254740993")).unwrap(),
            SqlValue::Int(9007199254740993)
        );
        assert_eq!(
            SqlValue::decode(oid::NUMERIC, Some("1.10")).unwrap(),
            SqlValue::Numeric("1.10".into())
        );
        assert!(
            matches!(SqlValue::decode(oid::FLOAT8, Some("NaN")).unwrap(), SqlValue::Float(f) if f.is_nan())
        );
        assert_eq!(
            SqlValue::decode(oid::FLOAT8, Some("-Infinity")).unwrap(),
            SqlValue::Float(f64::NEG_INFINITY)
        );
        assert_eq!(
            SqlValue::decode(oid::DATE, Some("2026-03-29")).unwrap(),
            SqlValue::Date(jiff::civil::date(2026, 3, 29))
        );
        assert_eq!(
            SqlValue::decode(oid::INT4_ARRAY, Some("{1,NULL,3}")).unwrap(),
            SqlValue::IntArray(vec![Some(1), None, Some(3)])
        );
        assert_eq!(SqlValue::decode(oid::BOOL, None).unwrap(), SqlValue::Null);
        assert!(SqlValue::decode(oid::INT4, Some("x")).is_err());
        assert_eq!(
            SqlValue::decode(600, Some("(1,2)")).unwrap(),
            SqlValue::Other(600, "(1,2)".into())
        );
    }

    #[test]
    fn the_endpoint_is_the_connection_strings_host() {
        assert_eq!(
            endpoint_for("postgres://u:p@ep-cool-1.eu-central-1.aws.neon.tech/db?sslmode=require")
                .as_deref(),
            Some("https://ep-cool-1.eu-central-1.aws.neon.tech/sql")
        );
        assert_eq!(endpoint_for("mysql://x"), None);
    }

    #[test]
    fn parameters_are_sent_as_text_or_null() {
        let s = Statement::new("select $1, $2, $3", params!["a", 5i64, None::<String>]);
        assert_eq!(s.to_json()["params"], json!(["a", "5", null]));
    }

    #[test]
    fn a_postgres_error_keeps_its_sqlstate_and_other_failures_mean_unavailable() {
        let err = decode(400, r#"{"message":"conflicting key value","code":"23P01","constraint":"bookings_no_overlap"}"#)
            .unwrap_err();
        assert_eq!(err.sqlstate(), Some(EXCLUSION_VIOLATION));
        assert!(matches!(
            decode(502, "bad gateway"),
            Err(NeonError::Unavailable(_))
        ));
        assert!(matches!(
            decode(400, "{\"message\":\"bad connection string\"}"),
            Err(NeonError::Unavailable(_))
        ));
    }

    #[test]
    fn rows_decode_by_column_name() {
        let result: QueryResult = serde_json::from_str(
            r#"{"command":"SELECT","rowCount":1,"rows":[["7","t",null,"2026-03-29 07:00:00+00"]],
                "fields":[{"name":"n","dataTypeID":20},{"name":"b","dataTypeID":16},{"name":"x","dataTypeID":25},{"name":"at","dataTypeID":1184}],"rowAsArray":true}"#,
        )
        .unwrap();
        let row = result.first().unwrap();
        assert_eq!(row.get::<i64>("n").unwrap(), 7);
        assert!(row.get::<bool>("b").unwrap());
        assert_eq!(row.opt::<String>("x").unwrap(), None);
        assert_eq!(
            row.get::<jiff::Timestamp>("at").unwrap(),
            "2026-03-29T07:00:00Z".parse::<jiff::Timestamp>().unwrap()
        );
        assert!(row.get::<String>("missing").is_err());
    }
}
