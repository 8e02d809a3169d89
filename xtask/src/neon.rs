//! SQL over Neon's HTTP protocol for the migration runner and for seeding, through the same client
//! the edge uses (`neon_http`), over its blocking transport, with raw-text rows.

use neon_http::{Blocking, Isolation, Neon, NeonError, Param, QueryResult, Statement, TxOptions};

use crate::Result;

/// How long one statement of a tool may take: a migration can rewrite a large table.
const TOOL_CALL_TIMEOUT_MS: u32 = 60_000;

/// Where to send SQL: Neon's endpoint and the connection string.
#[derive(Debug, Clone)]
pub struct Sql {
    client: Neon<Blocking>,
}

/// Rows as raw text values, as Postgres wrote them.
pub type Rows = Vec<Vec<Option<String>>>;

impl Sql {
    /// Neon's endpoint for a connection string's host, unless one is given.
    pub fn new(connection_string: &str, endpoint: Option<&str>) -> Result<Sql> {
        let endpoint = match endpoint {
            Some(e) => e.to_owned(),
            None => neon_http::endpoint_for(connection_string)
                .ok_or("the database URL must be postgres://user:password@host/database")?,
        };
        Ok(Sql {
            client: Neon::new(endpoint, connection_string).with_call_timeout(TOOL_CALL_TIMEOUT_MS),
        })
    }

    fn failed(&self, e: NeonError) -> String {
        format!("{}: {e}", self.client.endpoint)
    }

    /// Runs one statement; returns its rows as raw text values.
    pub fn query(&self, sql: &str, params: &[Option<&str>]) -> Result<Rows> {
        let params = params.iter().map(|p| Param::from(*p)).collect();
        pollster::block_on(self.client.query(sql.to_owned(), params))
            .map(|r| r.rows)
            .map_err(|e| self.failed(e))
    }

    /// Runs statements as one serializable transaction; returns each one's rows.
    pub fn transaction(&self, statements: &[(String, Vec<Option<String>>)]) -> Result<Vec<Rows>> {
        self.batch(statements, Isolation::Serializable, false)
    }

    /// Runs read-only statements in one snapshot (repeatable read): every one sees the same state.
    pub fn snapshot(&self, statements: &[(String, Vec<Option<String>>)]) -> Result<Vec<Rows>> {
        self.batch(statements, Isolation::RepeatableRead, true)
    }

    fn batch(
        &self,
        statements: &[(String, Vec<Option<String>>)],
        isolation: Isolation,
        read_only: bool,
    ) -> Result<Vec<Rows>> {
        let statements = statements
            .iter()
            .map(|(sql, params)| {
                Statement::new(
                    sql.clone(),
                    params.iter().cloned().map(Param::from).collect(),
                )
            })
            .collect();
        let options = TxOptions {
            isolation,
            read_only,
        };
        pollster::block_on(self.client.transaction(statements, options))
            .map(|results| results.into_iter().map(|r: QueryResult| r.rows).collect())
            .map_err(|e| self.failed(e))
    }
}
