//! The migration runner: `migrations/NNNN_name.sql`, forward only, applied in order over Neon's HTTP
//! protocol so the same command works against real Neon.
//!
//! Each file runs in one transaction together with its `schema_migrations` row, which records a SHA-256
//! checksum. A changed applied file stops the runner before it does anything; running it twice changes
//! nothing. A transaction-scoped advisory lock keeps two runners from applying the same file.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::neon::Sql;
use crate::{root, Result};

/// A migration file.
#[derive(Debug, Clone)]
pub struct Migration {
    pub version: u32,
    pub name: String,
    pub sql: String,
    pub checksum: String,
}

/// Reads `dir`'s `NNNN_name.sql` files in version order; refuses gaps, duplicates and other names.
pub fn load(dir: &Path) -> Result<Vec<Migration>> {
    let mut out = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let file = path
            .file_name()
            .and_then(|f| f.to_str())
            .unwrap_or("")
            .to_owned();
        let Some(stem) = file.strip_suffix(".sql") else {
            continue;
        };
        let (number, name) = stem
            .split_once('_')
            .filter(|(n, _)| n.len() == 4 && n.bytes().all(|b| b.is_ascii_digit()))
            .ok_or_else(|| format!("{file}: migration files are named NNNN_name.sql"))?;
        let sql = std::fs::read_to_string(&path).map_err(|e| format!("{file}: {e}"))?;
        let checksum = crate::hex(&Sha256::digest(sql.as_bytes()));
        out.push(Migration {
            version: number.parse().expect("four digits"),
            name: name.to_owned(),
            sql,
            checksum,
        });
    }
    out.sort_by_key(|m| m.version);
    for (i, m) in out.iter().enumerate() {
        if m.version != i as u32 + 1 {
            return Err(format!("migration {:04} is missing or duplicated", i + 1));
        }
    }
    Ok(out)
}

/// Splits SQL text into statements at top-level semicolons, respecting quotes, dollar quotes and comments.
pub fn split_statements(sql: &str) -> Vec<String> {
    let bytes = sql.as_bytes();
    let mut statements = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                    i += 1;
                }
                i += 1;
            }
            quote @ (b'\'' | b'"') => {
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    i += 1;
                }
            }
            b'$' => {
                // A dollar-quote tag is $$ or $name$; $1 is a parameter.
                let tag_end = bytes[i + 1..]
                    .iter()
                    .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_'))
                    .map(|p| i + 1 + p);
                if let Some(end) =
                    tag_end.filter(|&e| bytes[e] == b'$' && !bytes[i + 1].is_ascii_digit())
                {
                    let tag = &sql[i..=end];
                    match sql[end + 1..].find(tag) {
                        Some(close) => i = end + 1 + close + tag.len() - 1,
                        None => i = bytes.len(),
                    }
                }
            }
            b';' => {
                statements.push(sql[start..i].to_owned());
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    statements.push(sql[start.min(sql.len())..].to_owned());
    statements
        .into_iter()
        .filter(|s| {
            s.lines()
                .map(|l| l.split("--").next().unwrap_or("").trim())
                .any(|l| !l.is_empty())
        })
        .map(|s| s.trim().to_owned())
        .collect()
}

const LOCK: &str = "SELECT pg_advisory_xact_lock(7283715)";

/// Applies every pending migration; returns how many were applied.
pub fn apply(sql: &Sql, migrations: &[Migration]) -> Result<usize> {
    sql.transaction(&[
        (LOCK.to_owned(), vec![]),
        (
            "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, \
             checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"
                .to_owned(),
            vec![],
        ),
    ])?;
    let applied = sql.query(
        "SELECT version::text, checksum FROM schema_migrations ORDER BY version",
        &[],
    )?;
    for row in &applied {
        let version: u32 = row[0].as_deref().and_then(|v| v.parse().ok()).unwrap_or(0);
        let checksum = row[1].as_deref().unwrap_or("");
        match migrations.iter().find(|m| m.version == version) {
            None => return Err(format!("the database has migration {version:04}, which this checkout lacks")),
            Some(m) if m.checksum != checksum => {
                return Err(format!(
                    "migration {:04}_{} was changed after it was applied (checksum {} in the database, {} on disk); \
                     migrations are forward-only: add a new file instead",
                    m.version, m.name, checksum, m.checksum
                ))
            }
            Some(_) => {}
        }
    }
    let mut count = 0;
    for m in migrations
        .iter()
        .filter(|m| m.version as usize > applied.len())
    {
        let mut statements = vec![(LOCK.to_owned(), vec![])];
        statements.extend(split_statements(&m.sql).into_iter().map(|s| (s, vec![])));
        statements.push((
            "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1::integer, $2, $3) \
             ON CONFLICT (version) DO NOTHING"
                .to_owned(),
            vec![
                Some(m.version.to_string()),
                Some(m.name.clone()),
                Some(m.checksum.clone()),
            ],
        ));
        sql.transaction(&statements)
            .map_err(|e| format!("migration {:04}_{} failed: {e}", m.version, m.name))?;
        eprintln!("applied migration {:04}_{}", m.version, m.name);
        count += 1;
    }
    Ok(count)
}

/// `cargo xtask migrate --database-url URL [--endpoint URL]`.
pub fn command(args: &[String]) -> Result<()> {
    let mut url = std::env::var("DATABASE_URL").ok();
    let mut endpoint = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--database-url" => url = it.next().cloned(),
            "--endpoint" => endpoint = it.next().cloned(),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let url =
        url.ok_or("give --database-url postgres://user:password@host/db (or set DATABASE_URL)")?;
    let sql = Sql::new(&url, endpoint.as_deref())?;
    let applied = apply(&sql, &load(&root().join("migrations"))?)?;
    eprintln!("{applied} migration(s) applied; the database is up to date");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_split_at_top_level_semicolons_only() {
        let sql = "-- a comment; with a semicolon\nCREATE TABLE a (x text DEFAULT ';');\n\
                   CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;\n\
                   /* block; comment */ SELECT $1;\n  \n";
        let parts = split_statements(sql);
        assert_eq!(parts.len(), 3, "{parts:?}");
        assert!(parts[0].ends_with("DEFAULT ';')"));
        assert!(parts[1].contains("SELECT 1; $body$"));
        assert!(parts[2].ends_with("SELECT $1"));
    }

    #[test]
    fn the_repository_migrations_are_numbered_without_gaps() {
        let migrations = load(&root().join("migrations")).unwrap();
        assert!(!migrations.is_empty());
        assert_eq!(migrations[0].version, 1);
    }
}
