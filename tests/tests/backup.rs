//! The restore drill: a database with over a thousand bookings across three salons is backed up
//! over Neon's protocol, restored into an empty database, compared table by table, row by row, and
//! the restored system then takes a booking through the edge's own use case.

use std::rc::Rc;

use chairtime_tests::{booking_body, database_url, fresh_database, open_salon_config, sql_for};
use shared::client::StaffChoice;
use xtask::backup::{self, TABLES};
use xtask::migrate;
use xtask::neon::Sql;

/// Three salons, each with 340 past bookings (some cancelled, some with a phone only), idempotency
/// records and outbox rows in every state.
fn seed(sql: &Sql) {
    let config = open_salon_config().to_string();
    for n in 1..=3 {
        sql.query(
            "INSERT INTO salons (slug, owner_key_hash, config) VALUES ($1, 'h', $2::jsonb)",
            &[Some(&format!("restored-{n}")), Some(&config)],
        )
        .unwrap();
    }
    sql.query(
        "INSERT INTO bookings (id, salon_id, code, service_key, staff_key, starts_at, ends_at, occupied, \
           status, client_name, client_email, client_phone, notes, manage_token_hash, locale, sequence, \
           cancelled_at) \
         SELECT md5(s.id || '-' || staff || '-' || n)::uuid, s.id, upper(substr(md5(staff || n), 1, 6)), \
           'cut', staff, t, t + interval '30 minutes', tstzrange(t, t + interval '40 minutes'), \
           CASE WHEN n % 7 = 0 THEN 'cancelled' ELSE 'confirmed' END, 'Client ' || n, \
           CASE WHEN n % 5 = 0 THEN NULL ELSE 'c' || n || '@example.com' END, \
           CASE WHEN n % 5 = 0 THEN '+3361234' || lpad(n::text, 4, '0') END, \
           CASE WHEN n % 3 = 0 THEN 'line one' || chr(10) || 'ligne deux, « é »' ELSE '' END, \
           md5('token' || s.id || staff || n), CASE WHEN n % 2 = 0 THEN 'fr' ELSE 'en' END, n % 3, \
           CASE WHEN n % 7 = 0 THEN t - interval '1 day' END \
         FROM salons s, (VALUES ('ana'), ('bob')) AS st(staff), generate_series(1, 170) AS n, \
           LATERAL (SELECT timestamptz '2026-01-05 09:00+01' + n * interval '1 hour') AS tt(t)",
        &[],
    )
    .unwrap();
    sql.query(
        "INSERT INTO idempotency_keys (salon_id, key, request_hash, booking_id) \
         SELECT salon_id, 'key-' || code, md5(code), id FROM bookings WHERE staff_key = 'ana'",
        &[],
    )
    .unwrap();
    sql.query(
        "INSERT INTO notifications (salon_id, booking_id, kind, channel, recipient, locale, lead_minutes, \
           due_at, next_attempt_at, state, attempts, last_error, provider_id, sent_at, sequence) \
         SELECT salon_id, id, 'confirmation', 'email', COALESCE(client_email, 'x@example.com'), locale, 0, \
           starts_at - interval '10 days', starts_at - interval '10 days', \
           (ARRAY['pending', 'sent', 'dead'])[1 + (sequence % 3)], sequence, \
           CASE WHEN sequence > 0 THEN '500 provider down' END, \
           CASE WHEN sequence % 3 = 1 THEN 'm-' || code END, \
           CASE WHEN sequence % 3 = 1 THEN starts_at - interval '10 days' END, sequence \
         FROM bookings",
        &[],
    )
    .unwrap();
}

/// Every row of a table as one JSON text, in key order.
fn table(sql: &Sql, name: &str, order: &str) -> String {
    sql.query(
        &format!("SELECT COALESCE(json_agg(t ORDER BY {order}), '[]')::text FROM {name} t"),
        &[],
    )
    .unwrap()[0][0]
        .clone()
        .unwrap()
}

#[test]
fn a_restored_backup_equals_the_original_row_for_row_and_takes_bookings() {
    let migrations = migrate::load(&xtask::root().join("migrations")).unwrap();
    let source_name = fresh_database("backup_source");
    let source = sql_for(&source_name);
    migrate::apply(&source, &migrations).unwrap();
    seed(&source);
    let bookings = source.query("SELECT count(*) FROM bookings", &[]).unwrap();
    assert_eq!(bookings[0][0].as_deref(), Some("1020"));

    // Through text, as a file would carry it.
    let document = backup::backup(&source).unwrap();
    let document: serde_json::Value =
        serde_json::from_str(&serde_json::to_string(&document).unwrap()).unwrap();

    let target_name = fresh_database("backup_target");
    let target = sql_for(&target_name);
    let restored = backup::restore(&target, &document, &migrations).unwrap();
    assert_eq!(restored, 3 + 1020 + 510 + 1020);
    for (name, order) in TABLES {
        assert_eq!(
            table(&target, name, order),
            table(&source, name, order),
            "{name}"
        );
    }
    assert_eq!(
        table(&target, "schema_migrations", "version"),
        table(&source, "schema_migrations", "version")
    );
    let again = backup::restore(&target, &document, &migrations).unwrap_err();
    assert!(again.contains("empty database"), "{again}");

    // The restored system takes a booking, through the same use case as the Worker.
    let services = edge::routes::Services {
        cache: Rc::new(edge::cache::NoCache),
        neon: edge::neon::Neon::new(
            std::env::var("CHAIRTIME_NEON_ENDPOINT").unwrap(),
            database_url(&target_name),
        ),
        platform_token: None,
        token_secret: "a secret of the restore drill".to_owned(),
        now: jiff::Timestamp::now(),
    };
    let question = edge::availability::Question {
        service: "cut".to_owned(),
        staff: StaffChoice::ANY.to_owned(),
        from: None,
        days: 14,
    };
    let (free, _) = pollster::block_on(edge::availability::free_times(
        &services,
        "restored-2",
        &question,
    ))
    .unwrap();
    let start = free
        .days
        .iter()
        .flat_map(|d| &d.slots)
        .nth(12)
        .expect("free times on the restored system")
        .start
        .clone();
    let body = booking_body("cut", StaffChoice::ANY, &start, "After the restore");
    let made = pollster::block_on(edge::booking::make(
        &services,
        &edge::booking::Request {
            slug: "restored-2",
            idempotency_key: "after-restore",
            body: &body,
            origin: None,
            own_origin: "http://127.0.0.1",
            accept_language: None,
            by_salon: None,
        },
    ))
    .unwrap();
    assert_eq!(made.booking.start, start);
    // New rows take ids after the restored ones.
    let new_salon = target
        .query(
            "INSERT INTO salons (slug, owner_key_hash, config) VALUES ('after', 'h', '{}') RETURNING id",
            &[],
        )
        .unwrap();
    assert_eq!(new_salon[0][0].as_deref(), Some("4"));
    for name in [source_name, target_name] {
        sql_for("postgres")
            .query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"), &[])
            .unwrap();
    }
}
