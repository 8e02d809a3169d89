//! A blocking SQL-over-HTTP call, for the migration runner and for seeding. The edge has the
//! production client; this one only needs to send statements and read raw-text rows.

use std::time::Duration;

use serde_json::{json, Value};

use crate::Result;

/// Where to send SQL: Neon's endpoint and the connection string.
#[derive(Debug, Clone)]
pub struct Sql {
    pub endpoint: String,
    pub connection_string: String,
}

impl Sql {
    /// Neon's endpoint for a connection string's host, unless one is given.
    pub fn new(connection_string: &str, endpoint: Option<&str>) -> Result<Sql> {
        let endpoint = match endpoint {
            Some(e) => e.to_owned(),
            None => {
                let rest = connection_string
                    .split_once("://")
                    .map(|(_, r)| r)
                    .ok_or("the database URL must start with postgres://")?;
                let authority = rest.split(['/', '?']).next().unwrap_or("");
                let host = authority
                    .rsplit('@')
                    .next()
                    .unwrap_or("")
                    .split(':')
                    .next()
                    .unwrap_or("");
                if host.is_empty() {
                    return Err("the database URL has no host".to_owned());
                }
                format!("https://{host}/sql")
            }
        };
        Ok(Sql {
            endpoint,
            connection_string: connection_string.to_owned(),
        })
    }

    fn post(&self, body: Value, extra: &[(&str, &str)]) -> Result<Value> {
        let agent = ureq::AgentBuilder::new()
            .timeout(Duration::from_secs(60))
            .build();
        let mut req = agent
            .post(&self.endpoint)
            .set("Neon-Connection-String", &self.connection_string)
            .set("Neon-Raw-Text-Output", "true")
            .set("Neon-Array-Mode", "true");
        for (k, v) in extra {
            req = req.set(k, v);
        }
        match req.send_json(body) {
            Ok(r) => r
                .into_json()
                .map_err(|e| format!("unreadable answer from {}: {e}", self.endpoint)),
            Err(ureq::Error::Status(status, r)) => {
                let text = r.into_string().unwrap_or_default();
                Err(format!("{} answered {status}: {text}", self.endpoint))
            }
            Err(e) => Err(format!("cannot reach {}: {e}", self.endpoint)),
        }
    }

    /// Runs one statement; returns its rows as raw text values.
    pub fn query(&self, sql: &str, params: &[Option<&str>]) -> Result<Vec<Vec<Option<String>>>> {
        let result = self.post(json!({ "query": sql, "params": params }), &[])?;
        Ok(rows(&result))
    }

    /// Runs statements as one transaction.
    pub fn transaction(
        &self,
        statements: &[(String, Vec<Option<String>>)],
    ) -> Result<Vec<Vec<Vec<Option<String>>>>> {
        let queries: Vec<Value> = statements
            .iter()
            .map(|(sql, params)| json!({ "query": sql, "params": params }))
            .collect();
        let result = self.post(
            json!({ "queries": queries }),
            &[("Neon-Batch-Isolation-Level", "Serializable")],
        )?;
        Ok(result["results"]
            .as_array()
            .map(|rs| rs.iter().map(rows).collect())
            .unwrap_or_default())
    }
}

fn rows(result: &Value) -> Vec<Vec<Option<String>>> {
    result["rows"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|row| {
                    row.as_array()
                        .map(|cells| {
                            cells
                                .iter()
                                .map(|c| c.as_str().map(str::to_owned))
                                .collect()
                        })
                        .unwrap_or_default()
                })
                .collect()
        })
        .unwrap_or_default()
}
