//! `cargo xtask backup` and `cargo xtask restore`: a logical backup of every table over Neon's HTTP
//! protocol, and its restore into an empty database (SPEC §12).
//!
//! A backup reads every table in one read-only snapshot (repeatable read), so it is consistent even
//! while the Worker takes bookings. It is one JSON document: the schema version it was taken at (the
//! `schema_migrations` rows) and each table's rows as Postgres writes them in JSON. A restore
//! applies the migrations up to that version to an empty database, refuses one that already holds
//! data or whose migrations differ, and inserts every row in one transaction, in the order foreign
//! keys need, keeping identity values and moving their sequences past them.
//!
//! For production, Neon's branches and point-in-time restore are the first line (README); this is the
//! portable copy that any Postgres can take back.

use std::path::Path;

use serde_json::{json, Value};

use crate::migrate::{self, Migration};
use crate::neon::Sql;
use crate::{root, Result};

/// The format of a backup document.
pub const FORMAT: &str = "chairtime-backup-1";

/// Every table with data, in the order foreign keys need, with the columns that order its rows.
pub const TABLES: [(&str, &str); 4] = [
    ("salons", "id"),
    ("bookings", "id"),
    ("idempotency_keys", "salon_id, key"),
    ("notifications", "id"),
];

/// Tables whose `id` is an identity column: a restore moves its sequence past the restored ids.
const IDENTITY_TABLES: [&str; 2] = ["salons", "notifications"];

fn table_json(table: &str, order: &str) -> String {
    format!("SELECT COALESCE(json_agg(t ORDER BY {order}), '[]')::text FROM {table} t")
}

/// Reads every table in one snapshot.
pub fn backup(sql: &Sql) -> Result<Value> {
    let mut statements = vec![(
        "SELECT COALESCE(json_agg(m ORDER BY version), '[]')::text FROM schema_migrations m"
            .to_owned(),
        vec![],
    )];
    statements.extend(TABLES.iter().map(|(t, o)| (table_json(t, o), vec![])));
    statements.push(("SELECT now()::text".to_owned(), vec![]));
    let results = sql.snapshot(&statements)?;
    let text = |i: usize| -> Result<Value> {
        let cell = results
            .get(i)
            .and_then(|rows| rows.first())
            .and_then(|row| row.first())
            .cloned()
            .flatten()
            .ok_or("a backup query returned no value")?;
        serde_json::from_str(&cell).map_err(|e| format!("a backup query returned bad JSON: {e}"))
    };
    let mut tables = serde_json::Map::new();
    for (i, (table, _)) in TABLES.iter().enumerate() {
        tables.insert((*table).to_owned(), text(i + 1)?);
    }
    let taken_at = results
        .last()
        .and_then(|rows| rows.first())
        .and_then(|row| row.first())
        .cloned()
        .flatten()
        .unwrap_or_default();
    Ok(json!({
        "format": FORMAT,
        "taken_at": taken_at,
        "schema_migrations": text(0)?,
        "tables": tables,
    }))
}

/// Loads `backup` into the empty database behind `sql`; returns the number of rows restored.
pub fn restore(sql: &Sql, backup: &Value, migrations: &[Migration]) -> Result<usize> {
    if backup["format"] != FORMAT {
        return Err(format!("not a backup in the {FORMAT} format"));
    }
    let recorded = backup["schema_migrations"]
        .as_array()
        .ok_or("the backup has no schema_migrations")?;
    let versions: Vec<(u32, String)> = recorded
        .iter()
        .map(|m| {
            let version = m["version"].as_u64().and_then(|v| u32::try_from(v).ok());
            let checksum = m["checksum"].as_str().map(str::to_owned);
            version
                .zip(checksum)
                .ok_or("a schema_migrations row without version or checksum")
        })
        .collect::<std::result::Result<_, _>>()?;
    let wanted: Vec<Migration> = migrations
        .iter()
        .filter(|m| versions.iter().any(|(v, _)| *v == m.version))
        .cloned()
        .collect();
    for (version, checksum) in &versions {
        match wanted.iter().find(|m| m.version == *version) {
            Some(m) if m.checksum == *checksum => {}
            _ => {
                return Err(format!(
                    "the backup was taken at migration {version}, which this checkout does not have as it was"
                ))
            }
        }
    }
    migrate::apply(sql, &wanted)?;
    for (table, _) in TABLES {
        let rows = sql.query(&format!("SELECT count(*) FROM {table}"), &[])?;
        if rows[0][0].as_deref() != Some("0") {
            return Err(format!(
                "{table} already holds data: restore only into an empty database"
            ));
        }
    }
    let mut statements = Vec::new();
    let mut count = 0;
    for (table, _) in TABLES {
        let rows = &backup["tables"][table];
        count += rows.as_array().map_or(0, Vec::len);
        statements.push((
            format!(
                "INSERT INTO {table} OVERRIDING SYSTEM VALUE \
                 SELECT * FROM json_populate_recordset(NULL::{table}, $1::json)"
            ),
            vec![Some(rows.to_string())],
        ));
    }
    // The runner's own record, as it was: when each migration was first applied.
    for m in recorded {
        statements.push((
            "UPDATE schema_migrations SET applied_at = $2::timestamptz WHERE version = $1::integer"
                .to_owned(),
            vec![
                Some(m["version"].to_string()),
                m["applied_at"].as_str().map(str::to_owned),
            ],
        ));
    }
    for table in IDENTITY_TABLES {
        statements.push((
            format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                 COALESCE((SELECT max(id) FROM {table}), 1), (SELECT count(*) > 0 FROM {table}))"
            ),
            vec![],
        ));
    }
    sql.transaction(&statements)?;
    Ok(count)
}

fn database(args: &mut std::slice::Iter<'_, String>) -> Result<(Sql, Option<String>)> {
    let mut url = std::env::var("DATABASE_URL").ok();
    let mut endpoint = None;
    let mut file = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--database-url" => url = args.next().cloned(),
            "--endpoint" => endpoint = args.next().cloned(),
            other if !other.starts_with("--") && file.is_none() => file = Some(other.to_owned()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let url =
        url.ok_or("give --database-url postgres://user:password@host/db (or set DATABASE_URL)")?;
    Ok((Sql::new(&url, endpoint.as_deref())?, file))
}

/// `cargo xtask backup FILE --database-url URL [--endpoint URL]`.
pub fn backup_command(args: &[String]) -> Result<()> {
    let (sql, file) = database(&mut args.iter())?;
    let file = file.ok_or("name the file to write the backup to")?;
    let document = backup(&sql)?;
    let text = serde_json::to_string(&document).expect("JSON serializes");
    std::fs::write(&file, text).map_err(|e| format!("{file}: {e}"))?;
    let rows: usize = TABLES
        .iter()
        .map(|(t, _)| document["tables"][t].as_array().map_or(0, Vec::len))
        .sum();
    eprintln!("{rows} rows of {} tables written to {file}", TABLES.len());
    Ok(())
}

/// `cargo xtask restore FILE --database-url URL [--endpoint URL]`.
pub fn restore_command(args: &[String]) -> Result<()> {
    let (sql, file) = database(&mut args.iter())?;
    let file = file.ok_or("name the backup file to restore")?;
    let text = std::fs::read_to_string(Path::new(&file)).map_err(|e| format!("{file}: {e}"))?;
    let document: Value =
        serde_json::from_str(&text).map_err(|e| format!("{file} is not a backup: {e}"))?;
    let migrations = migrate::load(&root().join("migrations"))?;
    let rows = restore(&sql, &document, &migrations)?;
    eprintln!("{rows} rows restored from {file}");
    Ok(())
}
