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
    Neon::new(env("CHAIRTIME_NEON_ENDPOINT"), with_database(database))
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
    let neon = Neon::new("http://127.0.0.1:9/sql", with_database("postgres"));
    let outcome = pollster::block_on(neon.query("SELECT 1", vec![]));
    assert!(
        matches!(outcome, Err(NeonError::Unavailable(_))),
        "{outcome:?}"
    );
}

/// A raw `POST /sql`, for what the clients never send.
fn raw(body: &[u8], headers: &[(&str, &str)]) -> (u16, Value) {
    let mut req = ureq::post(&env("CHAIRTIME_NEON_ENDPOINT"))
        .set("Neon-Connection-String", &with_database("postgres"))
        .set("Neon-Raw-Text-Output", "true")
        .set("Neon-Array-Mode", "true");
    for (k, v) in headers {
        req = req.set(k, v);
    }
    match req.send_bytes(body) {
        Ok(r) | Err(ureq::Error::Status(_, r)) => (r.status(), r.into_json().unwrap_or_default()),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn the_server_enforces_neons_size_limits_and_header_rules() {
    // A body over 10 MiB is refused from its Content-Length, before it is sent: speak HTTP by hand,
    // since a client that is still writing sees the early answer as a broken pipe.
    {
        use std::io::{Read, Write};
        let endpoint = env("CHAIRTIME_NEON_ENDPOINT");
        let authority = endpoint
            .trim_start_matches("http://")
            .trim_end_matches("/sql");
        let mut stream = std::net::TcpStream::connect(authority).unwrap();
        write!(
            stream,
            "POST /sql HTTP/1.1\r\nHost: {authority}\r\nNeon-Connection-String: {}\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            with_database("postgres"),
            10 * 1024 * 1024 + 1
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
        assert!(
            answer.contains("request is too large (max is 10485760 bytes)"),
            "{answer}"
        );
    }

    let (status, body) = raw(
        json!({ "query": "SELECT repeat('x', 11 * 1024 * 1024) AS t", "params": [] })
            .to_string()
            .as_bytes(),
        &[],
    );
    assert_eq!(status, 507);
    assert!(body["message"]
        .as_str()
        .unwrap()
        .contains("response is too large"));

    let (status, body) = raw(
        br#"{"query": "SELECT 1", "params": []}"#,
        &[("Neon-Batch-Isolation-Level", "Sloppy")],
    );
    assert_eq!(
        (status, body["message"].as_str()),
        (400, Some("invalid isolation level"))
    );

    let (status, body) = raw(b"{not json", &[]);
    assert_eq!(status, 400);
    assert!(body["message"]
        .as_str()
        .unwrap()
        .starts_with("could not parse the HTTP request body"));

    let (status, body) = raw(br#"{"query": "SELECT 1 AS one", "params": []}"#, &[]);
    assert_eq!(status, 200);
    assert_eq!(body["rows"], json!([["1"]]));
    assert_eq!(body["fields"][0]["dataTypeID"], 23);
    assert_eq!(body["command"], "SELECT");
    assert_eq!(body["rowCount"], 1);
    assert_eq!(body["rowAsArray"], true);
}
