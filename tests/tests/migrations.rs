//! The migration runner over Neon's HTTP protocol, on fresh databases of the real Postgres.

use std::path::PathBuf;

use chairtime_tests::sql_for;
use xtask::migrate::{self, split_statements, Migration};
use xtask::neon::Sql;

fn fresh_database(label: &str) -> Sql {
    sql_for(&chairtime_tests::fresh_database(&format!(
        "migrations_{label}"
    )))
}

fn migrations() -> Vec<Migration> {
    migrate::load(&xtask::root().join("migrations")).unwrap()
}

fn fixture(version: u32) -> PathBuf {
    xtask::root().join(format!("tests/fixtures/migrations/{version:04}.sql"))
}

/// Row counts of every table in the public schema except the runner's own.
fn counts(sql: &Sql) -> Vec<(String, String)> {
    let tables = sql
        .query(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY 1",
            &[],
        )
        .unwrap();
    tables
        .into_iter()
        .map(|row| {
            let table = row[0].clone().unwrap();
            let n = sql
                .query(&format!("SELECT count(*) FROM {table}"), &[])
                .unwrap()[0][0]
                .clone()
                .unwrap();
            (table, n)
        })
        .collect()
}

fn load_fixture(sql: &Sql, version: u32) {
    let text = std::fs::read_to_string(fixture(version)).unwrap_or_else(|_| {
        panic!(
            "every migration but the last needs data written under it: {}",
            fixture(version).display()
        )
    });
    for statement in split_statements(&text) {
        sql.query(&statement, &[]).unwrap();
    }
}

#[test]
fn each_migration_keeps_the_data_written_under_the_previous_one() {
    let all = migrations();
    for k in 1..=all.len() {
        let sql = fresh_database(&format!("step{k}"));
        migrate::apply(&sql, &all[..k - 1]).unwrap();
        if k > 1 {
            load_fixture(&sql, all[k - 2].version);
        }
        let before = counts(&sql);
        assert_eq!(migrate::apply(&sql, &all[..k]).unwrap(), 1);
        let after = counts(&sql);
        for (table, n) in before {
            let kept = after
                .iter()
                .find(|(t, _)| *t == table)
                .map(|(_, n)| n.clone());
            assert_eq!(kept, Some(n), "migration {k} lost rows of {table}");
        }
    }
    // Data written under the newest schema survives a second run of the runner too.
    let sql = fresh_database("latest");
    migrate::apply(&sql, &all).unwrap();
    load_fixture(&sql, all.last().unwrap().version);
    let before = counts(&sql);
    assert!(
        before.iter().all(|(_, n)| n != "0"),
        "the fixture fills every table: {before:?}"
    );
    assert_eq!(migrate::apply(&sql, &all).unwrap(), 0);
    assert_eq!(counts(&sql), before);
}

#[test]
fn running_the_migrations_twice_changes_nothing() {
    let sql = fresh_database("twice");
    let all = migrations();
    assert_eq!(migrate::apply(&sql, &all).unwrap(), all.len());
    let recorded = sql
        .query(
            "SELECT version, name, checksum FROM schema_migrations ORDER BY version",
            &[],
        )
        .unwrap();
    assert_eq!(migrate::apply(&sql, &all).unwrap(), 0);
    assert_eq!(
        sql.query(
            "SELECT version, name, checksum FROM schema_migrations ORDER BY version",
            &[]
        )
        .unwrap(),
        recorded
    );
    assert_eq!(recorded.len(), all.len());
}

#[test]
fn a_changed_applied_migration_stops_the_runner_before_it_does_anything() {
    let sql = fresh_database("changed");
    let all = migrations();
    migrate::apply(&sql, &all).unwrap();
    let mut edited = all.clone();
    edited[0].sql.push_str("\n-- an innocent-looking edit\n");
    edited[0].checksum = "0".repeat(64);
    edited.push(Migration {
        version: all.len() as u32 + 1,
        name: "would_be_next".to_owned(),
        sql: "CREATE TABLE must_not_exist (x int)".to_owned(),
        checksum: "1".repeat(64),
    });
    let err = migrate::apply(&sql, &edited).unwrap_err();
    assert!(err.contains("was changed after it was applied"), "{err}");
    let created = sql
        .query("SELECT to_regclass('must_not_exist')::text", &[])
        .unwrap();
    assert_eq!(created, vec![vec![None]]);
}

#[test]
fn a_failing_migration_leaves_nothing_behind() {
    let sql = fresh_database("failing");
    let all = migrations();
    migrate::apply(&sql, &all).unwrap();
    let mut extended = all.clone();
    extended.push(Migration {
        version: all.len() as u32 + 1,
        name: "half_broken".to_owned(),
        sql: "CREATE TABLE half (x int);\nSELECT no_such_function();".to_owned(),
        checksum: "2".repeat(64),
    });
    assert!(migrate::apply(&sql, &extended).is_err());
    assert_eq!(
        sql.query("SELECT to_regclass('half')::text", &[]).unwrap(),
        vec![vec![None]]
    );
    assert_eq!(
        sql.query("SELECT count(*) FROM schema_migrations", &[])
            .unwrap()[0][0]
            .as_deref(),
        Some(all.len().to_string().as_str())
    );
}
