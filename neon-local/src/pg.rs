//! A minimal Postgres wire-protocol client: exactly what Neon's proxy does with a query.
//!
//! Parameters go as untyped text (Parse with no types, Bind with text formats), results come back in
//! text format, so Postgres infers parameter types and renders values exactly as the proxy relays them.
//! Higher-level drivers always ask for binary results, which is why this speaks the protocol directly.

use std::io;

use bytes::BytesMut;
use fallible_iterator::FallibleIterator;
use postgres_protocol::authentication::{md5_hash, sasl};
use postgres_protocol::message::{backend, frontend};
use postgres_protocol::IsNull;
use serde_json::{Map, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Where and as whom to connect.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ConnectParams {
    pub host: String,
    pub port: u16,
    pub user: String,
    pub password: String,
    pub database: String,
}

/// A Postgres error or notice, with every field Neon reports.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PgError {
    pub severity: String,
    pub code: String,
    pub message: String,
    pub detail: Option<String>,
    pub hint: Option<String>,
    pub position: Option<String>,
    pub internal_position: Option<String>,
    pub internal_query: Option<String>,
    pub where_: Option<String>,
    pub schema: Option<String>,
    pub table: Option<String>,
    pub column: Option<String>,
    pub data_type: Option<String>,
    pub constraint: Option<String>,
    pub file: Option<String>,
    pub line: Option<String>,
    pub routine: Option<String>,
}

impl PgError {
    fn from_fields(body: &backend::ErrorResponseBody) -> io::Result<PgError> {
        let mut e = PgError::default();
        let mut fields = body.fields();
        while let Some(field) = fields.next()? {
            let value = String::from_utf8_lossy(field.value_bytes()).into_owned();
            match field.type_() {
                b'S' => e.severity = value,
                b'V' => {}
                b'C' => e.code = value,
                b'M' => e.message = value,
                b'D' => e.detail = Some(value),
                b'H' => e.hint = Some(value),
                b'P' => e.position = Some(value),
                b'p' => e.internal_position = Some(value),
                b'q' => e.internal_query = Some(value),
                b'W' => e.where_ = Some(value),
                b's' => e.schema = Some(value),
                b't' => e.table = Some(value),
                b'c' => e.column = Some(value),
                b'd' => e.data_type = Some(value),
                b'n' => e.constraint = Some(value),
                b'F' => e.file = Some(value),
                b'L' => e.line = Some(value),
                b'R' => e.routine = Some(value),
                _ => {}
            }
        }
        Ok(e)
    }

    /// The error in the JSON form Neon's proxy answers with: every key present, absent ones null.
    pub fn to_json(&self) -> Value {
        serde_json::json!({
            "message": self.message, "code": self.code, "detail": self.detail, "hint": self.hint,
            "position": self.position, "internalPosition": self.internal_position,
            "internalQuery": self.internal_query, "severity": self.severity, "where": self.where_,
            "table": self.table, "column": self.column, "schema": self.schema, "dataType": self.data_type,
            "constraint": self.constraint, "file": self.file, "line": self.line, "routine": self.routine,
        })
    }
}

/// Why a connection or query failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Postgres answered with an error.
    #[error("postgres error {}: {}", .0.code, .0.message)]
    Db(Box<PgError>),
    /// The connection broke or could not be made.
    #[error("connection: {0}")]
    Io(#[from] io::Error),
    /// The server said something this client does not expect.
    #[error("protocol: {0}")]
    Protocol(String),
    /// The response would exceed the size limit.
    #[error("response is too large (max is {0} bytes)")]
    TooLarge(usize),
}

/// A column of a result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub table_oid: u32,
    pub column_id: i16,
    pub type_oid: u32,
    pub type_size: i16,
    pub type_modifier: i32,
}

/// The outcome of one statement.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Option<String>>>,
    /// The command tag, such as `INSERT 0 1`.
    pub tag: String,
    /// Bytes of row data, for the response-size limit.
    pub bytes: usize,
}

/// The transaction status Postgres reports when it is ready for the next query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TxStatus {
    Idle,
    InTransaction,
    Failed,
}

/// One connection to Postgres.
pub struct Conn {
    stream: TcpStream,
    read: BytesMut,
    write: BytesMut,
    pub status: TxStatus,
}

impl Conn {
    /// Connects and authenticates (trust, cleartext, MD5 or SCRAM-SHA-256).
    pub async fn connect(p: &ConnectParams) -> Result<Conn, Error> {
        let stream = TcpStream::connect((p.host.as_str(), p.port)).await?;
        stream.set_nodelay(true)?;
        let mut conn = Conn {
            stream,
            read: BytesMut::with_capacity(8192),
            write: BytesMut::with_capacity(8192),
            status: TxStatus::Idle,
        };
        frontend::startup_message(
            [
                ("user", p.user.as_str()),
                ("database", p.database.as_str()),
                ("client_encoding", "UTF8"),
                ("DateStyle", "ISO"),
                ("application_name", "neon-local"),
            ],
            &mut conn.write,
        )?;
        conn.flush().await?;
        let mut scram: Option<sasl::ScramSha256> = None;
        loop {
            match conn.next().await? {
                backend::Message::AuthenticationOk => {}
                backend::Message::AuthenticationCleartextPassword => {
                    frontend::password_message(p.password.as_bytes(), &mut conn.write)?;
                    conn.flush().await?;
                }
                backend::Message::AuthenticationMd5Password(body) => {
                    let hash = md5_hash(p.user.as_bytes(), p.password.as_bytes(), body.salt());
                    frontend::password_message(hash.as_bytes(), &mut conn.write)?;
                    conn.flush().await?;
                }
                backend::Message::AuthenticationSasl(body) => {
                    let mut mechanisms = body.mechanisms();
                    let mut found = false;
                    while let Some(m) = mechanisms.next()? {
                        found |= m == sasl::SCRAM_SHA_256;
                    }
                    if !found {
                        return Err(Error::Protocol("no supported SASL mechanism".to_owned()));
                    }
                    let s = sasl::ScramSha256::new(
                        p.password.as_bytes(),
                        sasl::ChannelBinding::unsupported(),
                    );
                    frontend::sasl_initial_response(
                        sasl::SCRAM_SHA_256,
                        s.message(),
                        &mut conn.write,
                    )?;
                    conn.flush().await?;
                    scram = Some(s);
                }
                backend::Message::AuthenticationSaslContinue(body) => {
                    let s = scram
                        .as_mut()
                        .ok_or_else(|| Error::Protocol("unexpected SASL continue".to_owned()))?;
                    s.update(body.data())?;
                    frontend::sasl_response(s.message(), &mut conn.write)?;
                    conn.flush().await?;
                }
                backend::Message::AuthenticationSaslFinal(body) => {
                    let s = scram
                        .as_mut()
                        .ok_or_else(|| Error::Protocol("unexpected SASL final".to_owned()))?;
                    s.finish(body.data())?;
                }
                backend::Message::ErrorResponse(body) => {
                    return Err(Error::Db(Box::new(PgError::from_fields(&body)?)))
                }
                backend::Message::ReadyForQuery(body) => {
                    conn.status = status_of(body.status());
                    return Ok(conn);
                }
                backend::Message::ParameterStatus(_)
                | backend::Message::BackendKeyData(_)
                | backend::Message::NoticeResponse(_) => {}
                _ => {
                    return Err(Error::Protocol(
                        "unexpected message during startup".to_owned(),
                    ))
                }
            }
        }
    }

    async fn flush(&mut self) -> io::Result<()> {
        self.stream.write_all(&self.write).await?;
        self.write.clear();
        Ok(())
    }

    async fn next(&mut self) -> io::Result<backend::Message> {
        loop {
            if let Some(message) = backend::Message::parse(&mut self.read)? {
                return Ok(message);
            }
            let n = self.stream.read_buf(&mut self.read).await?;
            if n == 0 {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "server closed the connection",
                ));
            }
        }
    }

    /// Runs a statement through the simple protocol, ignoring its rows (for BEGIN, COMMIT and resets).
    pub async fn simple(&mut self, sql: &str) -> Result<String, Error> {
        frontend::query(sql, &mut self.write)?;
        self.flush().await?;
        let mut error = None;
        let mut tag = String::new();
        loop {
            match self.next().await? {
                backend::Message::CommandComplete(body) => tag = body.tag()?.to_owned(),
                backend::Message::ErrorResponse(body) => error = Some(PgError::from_fields(&body)?),
                backend::Message::ReadyForQuery(body) => {
                    self.status = status_of(body.status());
                    return match error {
                        Some(e) => Err(Error::Db(Box::new(e))),
                        None => Ok(tag),
                    };
                }
                _ => {}
            }
        }
    }

    /// Runs one statement with text parameters and text results (extended protocol, unnamed statement).
    /// `limit` bounds the bytes of row data; past it the rows are drained and [`Error::TooLarge`] returned.
    pub async fn query(
        &mut self,
        sql: &str,
        params: &[Option<String>],
        limit: usize,
    ) -> Result<Output, Error> {
        frontend::parse("", sql, std::iter::empty(), &mut self.write)?;
        let bound = frontend::bind(
            "",
            "",
            [0i16],
            params.iter(),
            |param, buf| match param {
                None => Ok(IsNull::Yes),
                Some(text) => {
                    buf.extend_from_slice(text.as_bytes());
                    Ok(IsNull::No)
                }
            },
            [0i16],
            &mut self.write,
        );
        if bound.is_err() {
            return Err(Error::Protocol("could not encode parameters".to_owned()));
        }
        frontend::describe(b'P', "", &mut self.write)?;
        frontend::execute("", 0, &mut self.write)?;
        frontend::sync(&mut self.write);
        self.flush().await?;

        let mut out = Output::default();
        let mut error: Option<Error> = None;
        loop {
            match self.next().await? {
                backend::Message::ParseComplete
                | backend::Message::BindComplete
                | backend::Message::NoData => {}
                backend::Message::RowDescription(body) => {
                    let mut fields = body.fields();
                    while let Some(f) = fields.next()? {
                        out.columns.push(Column {
                            name: f.name().to_owned(),
                            table_oid: f.table_oid(),
                            column_id: f.column_id(),
                            type_oid: f.type_oid(),
                            type_size: f.type_size(),
                            type_modifier: f.type_modifier(),
                        });
                    }
                }
                backend::Message::DataRow(body) => {
                    if error.is_some() {
                        continue;
                    }
                    let buffer = body.buffer();
                    let mut row = Vec::with_capacity(out.columns.len());
                    let mut ranges = body.ranges();
                    while let Some(range) = ranges.next()? {
                        row.push(range.map(|r| {
                            out.bytes += r.len();
                            String::from_utf8_lossy(&buffer[r]).into_owned()
                        }));
                    }
                    if out.bytes > limit {
                        error = Some(Error::TooLarge(limit));
                        out.rows.clear();
                    } else {
                        out.rows.push(row);
                    }
                }
                backend::Message::CommandComplete(body) => out.tag = body.tag()?.to_owned(),
                backend::Message::EmptyQueryResponse => out.tag.clear(),
                backend::Message::ErrorResponse(body) => {
                    error = Some(Error::Db(Box::new(PgError::from_fields(&body)?)))
                }
                backend::Message::ReadyForQuery(body) => {
                    self.status = status_of(body.status());
                    return match error {
                        Some(e) => Err(e),
                        None => Ok(out),
                    };
                }
                backend::Message::NoticeResponse(_) | backend::Message::ParameterStatus(_) => {}
                _ => {
                    return Err(Error::Protocol(
                        "unexpected message during a query".to_owned(),
                    ))
                }
            }
        }
    }

    /// Says goodbye politely.
    pub async fn close(mut self) {
        frontend::terminate(&mut self.write);
        let _ = self.flush().await;
    }
}

fn status_of(byte: u8) -> TxStatus {
    match byte {
        b'T' => TxStatus::InTransaction,
        b'E' => TxStatus::Failed,
        _ => TxStatus::Idle,
    }
}

/// Splits a command tag into Neon's `command` and `rowCount`: `INSERT 0 3` → (`INSERT`, 3).
pub fn command_and_count(tag: &str) -> (String, Option<u64>) {
    let mut words = tag.split_whitespace();
    let command = words.next().unwrap_or("").to_owned();
    let count_word = if command == "INSERT" {
        words.nth(1)
    } else {
        words.next()
    };
    (command, count_word.and_then(|w| w.parse().ok()))
}

/// Renders a result the way Neon's proxy does. With `raw_text`, every value is Postgres' text or null;
/// without it, booleans, small integers, floats and JSON become JSON values.
pub fn output_to_json(out: &Output, array_mode: bool, raw_text: bool) -> Value {
    let (command, row_count) = command_and_count(&out.tag);
    let fields: Vec<Value> = out
        .columns
        .iter()
        .map(|c| {
            serde_json::json!({
                "name": c.name, "dataTypeID": c.type_oid, "tableID": c.table_oid, "columnID": c.column_id,
                "dataTypeSize": c.type_size, "dataTypeModifier": c.type_modifier, "format": "text",
            })
        })
        .collect();
    let convert = |value: &Option<String>, column: &Column| -> Value {
        match value {
            None => Value::Null,
            Some(text) if raw_text => Value::String(text.clone()),
            Some(text) => typed_value(text, column.type_oid),
        }
    };
    let rows: Vec<Value> = out
        .rows
        .iter()
        .map(|row| {
            if array_mode {
                Value::Array(
                    row.iter()
                        .zip(&out.columns)
                        .map(|(v, c)| convert(v, c))
                        .collect(),
                )
            } else {
                let mut object = Map::new();
                for (v, c) in row.iter().zip(&out.columns) {
                    object.insert(c.name.clone(), convert(v, c));
                }
                Value::Object(object)
            }
        })
        .collect();
    serde_json::json!({
        "fields": fields, "rows": rows, "command": command, "rowCount": row_count, "rowAsArray": array_mode,
    })
}

/// Neon's conversion of a text value when raw text output is off.
fn typed_value(text: &str, type_oid: u32) -> Value {
    const BOOL: u32 = 16;
    const INT2: u32 = 21;
    const INT4: u32 = 23;
    const FLOAT4: u32 = 700;
    const FLOAT8: u32 = 701;
    const JSON: u32 = 114;
    const JSONB: u32 = 3802;
    match type_oid {
        BOOL => Value::Bool(text == "t"),
        INT2 | INT4 => text
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or_else(|_| Value::String(text.to_owned())),
        FLOAT4 | FLOAT8 => match text.parse::<f64>() {
            Ok(f) if f.is_finite() => Value::from(f),
            _ => Value::String(text.to_owned()),
        },
        JSON | JSONB => {
            serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned()))
        }
        _ => Value::String(text.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_tags_split_like_neons() {
        assert_eq!(
            command_and_count("INSERT 0 3"),
            ("INSERT".to_owned(), Some(3))
        );
        assert_eq!(
            command_and_count("SELECT 1"),
            ("SELECT".to_owned(), Some(1))
        );
        assert_eq!(
            command_and_count("DELETE 0"),
            ("DELETE".to_owned(), Some(0))
        );
        assert_eq!(
            command_and_count("CREATE TABLE"),
            ("CREATE".to_owned(), None)
        );
        assert_eq!(command_and_count(""), (String::new(), None));
    }

    #[test]
    fn typed_values_follow_neons_json_conversion() {
        assert_eq!(typed_value("t", 16), Value::Bool(true));
        assert_eq!(typed_value("42", 23), Value::from(42));
        assert_eq!(typed_value("42", 20), Value::from("42"));
        assert_eq!(typed_value("NaN", 701), Value::from("NaN"));
        assert_eq!(typed_value("{\"a\":1}", 3802), serde_json::json!({"a": 1}));
    }
}
