//! The edge's Rust Neon client against the local Neon-protocol server: the same cases as the official
//! driver's conformance test (tests/conformance/), with the same expectations.

use edge::neon::{Isolation, Neon, NeonError, Param, SqlValue, Statement, TxOptions};
use serde_json::{json, Value};

fn env(name: &str) -> String {
    std::env::var(name)
        .unwrap_or_else(|_| panic!("{name} is not set: run this with `cargo xtask test`"))
}

fn cases() -> Value {
    serde_json::from_str(include_str!("../conformance/cases.json")).expect("cases.json parses")
}

fn with_database(name: &str) -> String {
    let url = env("CHAIRTIME_DATABASE_URL");
    let (head, _) = url.rsplit_once('/').expect("a database in the URL");
    format!("{head}/{name}")
}

fn client(database: &str) -> Neon {
    Neon {
        endpoint: env("CHAIRTIME_NEON_ENDPOINT"),
        connection_string: with_database(database),
    }
}

/// SQL the client sends: the cases hold strings, the API takes `&'static str`.
fn leak(sql: &str) -> &'static str {
    Box::leak(sql.to_owned().into_boxed_str())
}

fn params(value: &Value) -> Vec<Param> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|p| match p {
            Value::Null => Param::Null,
            Value::String(s) => Param::Text(s.clone()),
            other => Param::Text(other.to_string()),
        })
        .collect()
}

/// The normal form of cases.json.
fn normalise(value: SqlValue) -> Value {
    match value {
        SqlValue::Null => Value::Null,
        SqlValue::Bool(b) => json!(b),
        SqlValue::Int(i) => json!(i),
        SqlValue::Float(f) if f.is_nan() => json!("NaN"),
        SqlValue::Float(f) if f.is_infinite() => {
            json!(if f > 0.0 { "Infinity" } else { "-Infinity" })
        }
        SqlValue::Float(f) => json!(f),
        SqlValue::Numeric(s) | SqlValue::Text(s) | SqlValue::Uuid(s) => json!(s),
        SqlValue::Date(d) => json!(d.to_string()),
        SqlValue::Timestamptz(t) => json!(t.as_millisecond()),
        SqlValue::Json(v) => v,
        SqlValue::TextArray(v) => json!(v),
        SqlValue::IntArray(v) => json!(v),
        SqlValue::Other(oid, text) => panic!("undecoded type {oid}: {text}"),
    }
}

fn rows(result: &edge::neon::QueryResult) -> Value {
    // int8 columns are strings in the normal form whatever their size, as the driver returns them.
    let int8: Vec<bool> = result
        .fields
        .iter()
        .map(|f| f.data_type_id == edge::neon::oid::INT8)
        .collect();
    Value::Array(
        result
            .rows()
            .map(|row| {
                Value::Array(
                    row.values()
                        .unwrap()
                        .into_iter()
                        .zip(&int8)
                        .map(|(v, is_int8)| match (v, is_int8) {
                            (SqlValue::Int(i), true) => json!(i.to_string()),
                            (v, _) => normalise(v),
                        })
                        .collect(),
                )
            })
            .collect(),
    )
}

fn fresh_database(name: &str) -> Neon {
    let admin = client("postgres");
    pollster::block_on(async {
        admin
            .query(leak(&format!("DROP DATABASE IF EXISTS {name}")), vec![])
            .await
            .unwrap();
        admin
            .query(leak(&format!("CREATE DATABASE {name}")), vec![])
            .await
            .unwrap();
    });
    client(name)
}

#[test]
fn the_rust_client_agrees_with_the_official_driver_on_every_case() {
    let cases = cases();
    let neon = fresh_database(&format!("conformance_rust_{}", std::process::id()));
    pollster::block_on(async {
        for statement in cases["setup"].as_array().unwrap() {
            neon.query(leak(statement.as_str().unwrap()), vec![])
                .await
                .unwrap();
        }
        for c in cases["queries"].as_array().unwrap() {
            let result = neon
                .query(leak(c["sql"].as_str().unwrap()), params(&c["params"]))
                .await
                .unwrap_or_else(|e| panic!("{}: {e}", c["name"]));
            assert_eq!(rows(&result), c["expect"], "query: {}", c["name"]);
        }
        for c in cases["errors"].as_array().unwrap() {
            if let Some(setup) = c["setup"].as_str() {
                neon.query(leak(setup), vec![]).await.unwrap();
            }
            match neon
                .query(leak(c["sql"].as_str().unwrap()), params(&c["params"]))
                .await
            {
                Err(NeonError::Db(e)) => {
                    assert_eq!(
                        e.code.as_deref(),
                        c["code"].as_str(),
                        "error: {}",
                        c["name"]
                    );
                    assert_eq!(
                        e.constraint.as_deref(),
                        c["constraint"].as_str(),
                        "error: {}",
                        c["name"]
                    );
                    assert!(!e.message.is_empty());
                }
                other => panic!(
                    "error: {}: expected a database error, got {other:?}",
                    c["name"]
                ),
            }
        }
        for c in cases["batches"].as_array().unwrap() {
            let statements = c["queries"]
                .as_array()
                .unwrap()
                .iter()
                .map(|q| Statement::new(leak(q["sql"].as_str().unwrap()), params(&q["params"])))
                .collect();
            let options = TxOptions {
                isolation: Isolation::Serializable,
                read_only: false,
            };
            let outcome = neon.transaction(statements, options).await;
            match c["code"].as_str() {
                Some(code) => {
                    assert_eq!(
                        outcome.unwrap_err().sqlstate(),
                        Some(code),
                        "batch: {}",
                        c["name"]
                    );
                    let check = &c["check"];
                    let after = neon
                        .query(
                            leak(check["sql"].as_str().unwrap()),
                            params(&check["params"]),
                        )
                        .await
                        .unwrap();
                    assert_eq!(rows(&after), check["expect"], "batch: {}", c["name"]);
                }
                None => {
                    let results: Vec<Value> = outcome.unwrap().iter().map(rows).collect();
                    assert_eq!(Value::Array(results), c["expect"], "batch: {}", c["name"]);
                }
            }
        }
        let read_only = TxOptions {
            isolation: Isolation::ReadCommitted,
            read_only: true,
        };
        let refused = neon
            .transaction(
                vec![Statement::new(
                    "INSERT INTO ledger (amount) VALUES (1)",
                    vec![],
                )],
                read_only,
            )
            .await;
        assert_eq!(refused.unwrap_err().sqlstate(), Some("25006"));
    });
}

#[test]
fn an_unreachable_server_is_unavailable_not_a_database_error() {
    let neon = Neon {
        endpoint: "http://127.0.0.1:9/sql".to_owned(),
        connection_string: with_database("postgres"),
    };
    let outcome = pollster::block_on(neon.query("SELECT 1", vec![]));
    assert!(
        matches!(outcome, Err(NeonError::Unavailable(_))),
        "{outcome:?}"
    );
}
