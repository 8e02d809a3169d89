//! Notifications against the running stack: the Worker sends through `mail-local`, the provider
//! stand-in, and the scheduled handler is run at chosen instants (`Api::run_scheduled`).
//!
//! The tests of this file share `mail-local`'s fault switch and run the scheduled handler over the
//! whole outbox, so they take turns.

use std::sync::Mutex;

use base64::Engine;
use chairtime_tests::mail::Mail;
use chairtime_tests::{booking_body, now, open_salon_config, unique, Api, Db, TestSalon};
use jiff::{SignedDuration, Timestamp};
use serde_json::json;
use shared::api::BookingCreated;
use shared::paths::ApiPath;

static TURN: Mutex<()> = Mutex::new(());

fn turn() -> std::sync::MutexGuard<'static, ()> {
    TURN.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A salon whose notifications go to a fresh owner address, with `leads` as its reminders.
fn salon_with(api: &Api, leads: &[u32]) -> (TestSalon, String) {
    let owner = format!("{}@salon.example", unique("owner"));
    let mut config = open_salon_config();
    config["notifications"] = json!({ "owner_emails": [owner], "reminder_minutes_before": leads });
    (api.create_salon(&config), owner)
}

/// Books `start` with Ana for a client with a fresh address, sending `headers` too; returns the
/// address and the booking.
fn book_at(
    api: &Api,
    salon: &TestSalon,
    start: &str,
    headers: &[(&str, &str)],
) -> (String, BookingCreated) {
    book_for(api, salon, &new_client(), start, headers)
}

/// An address no other test uses.
fn new_client() -> String {
    format!("{}@example.com", unique("client"))
}

/// Books `start` with Ana for `client`.
fn book_for(
    api: &Api,
    salon: &TestSalon,
    client: &str,
    start: &str,
    headers: &[(&str, &str)],
) -> (String, BookingCreated) {
    let client = client.to_owned();
    let mut body = booking_body("cut", "ana", start, "Zoé");
    body.client.email = Some(client.clone());
    let key = unique("key");
    let mut all = vec![("idempotency-key", key.as_str())];
    all.extend_from_slice(headers);
    let made = api.call(
        "POST",
        &ApiPath::Bookings { slug: &salon.slug }.to_string(),
        &all,
        Some(&serde_json::to_string(&body).unwrap()),
    );
    assert_eq!(made.status, 201, "{}", made.text);
    (client, made.json())
}

/// Books the first free time with Ana for a client with a fresh address.
fn book(api: &Api, salon: &TestSalon, headers: &[(&str, &str)]) -> (String, BookingCreated) {
    let start = api.first_start(&salon.slug, "cut", "ana");
    book_at(api, salon, &start, headers)
}

/// The outbox rows of a salon as `(kind, state, attempts)`.
fn outbox(db: &Db, slug: &str) -> Vec<(String, String, String)> {
    db.query(
        "SELECT n.kind, n.state, n.attempts::text FROM notifications n JOIN salons s ON s.id = n.salon_id \
         WHERE s.slug = $1 ORDER BY n.id",
        &[slug],
    )
    .into_iter()
    .map(|r| {
        let text = |i: usize| r[i].clone().unwrap_or_default();
        (text(0), text(1), text(2))
    })
    .collect()
}

/// Runs the scheduled handler at `at` until no row of the outbox is due then (at most 20 times): a
/// sweep takes fifty rows, and other tests leave rows too.
fn sweep_until_done(api: &Api, db: &Db, at: Timestamp) {
    for _ in 0..20 {
        let ran = api.run_scheduled(at);
        assert_eq!(ran.status, 200, "the scheduled handler: {}", ran.text);
        let due = db.query(
            "SELECT count(*) FROM notifications WHERE state = 'pending' AND next_attempt_at <= $1::timestamptz",
            &[&at.to_string()],
        );
        if due[0][0].as_deref() == Some("0") {
            return;
        }
    }
    panic!("the outbox still has rows due at {at}");
}

#[test]
fn a_booking_sends_one_confirmation_with_its_code_time_link_and_calendar_and_alerts_the_owner() {
    let _turn = turn();
    let (api, mail, db) = (Api::new(), Mail::new(), Db::new());
    let (salon, owner) = salon_with(&api, &[]);
    let (client, made) = book(&api, &salon, &[]);
    let code = made.booking.code.as_str();
    let manage_url = made.manage_url.as_str();

    let messages = mail.wait_for(&client, 1);
    assert_eq!(messages.len(), 1, "{messages:?}");
    let confirmation = &messages[0];
    assert_eq!(confirmation["channel"], "email");
    assert!(confirmation["subject"]
        .as_str()
        .unwrap()
        .starts_with("Booked: Cut at Test Salon, "));
    let text = confirmation["text"].as_str().unwrap();
    assert!(text.contains(&format!("Booking code: {code}")), "{text}");
    assert!(
        text.contains(manage_url),
        "the manage link {manage_url} in {text}"
    );
    let start: Timestamp = made.booking.start.parse().unwrap();
    let paris = jiff::tz::TimeZone::get("Europe/Paris").unwrap();
    let local = start.to_zoned(paris);
    let time = format!(
        "at {:02}:{:02} (Europe/Paris)",
        local.hour(),
        local.minute()
    );
    assert!(text.contains(&time), "{time} in {text}");
    assert!(confirmation["html"]
        .as_str()
        .unwrap()
        .contains(&format!("href=\"{manage_url}\"")));

    let full = mail.message(confirmation["id"].as_str().unwrap());
    let attachment = &full["attachments"][0];
    assert_eq!(attachment["filename"], format!("booking-{code}.ics"));
    assert_eq!(attachment["content_type"], "text/calendar");
    let ics = base64::engine::general_purpose::STANDARD
        .decode(attachment["content"].as_str().unwrap())
        .unwrap();
    let ics = String::from_utf8(ics).unwrap();
    assert!(
        ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.contains("METHOD:PUBLISH"),
        "{ics}"
    );
    let dtstart = format!(
        "DTSTART;TZID=Europe/Paris:{}",
        local.strftime("%Y%m%dT%H%M%S")
    );
    assert!(ics.contains(&dtstart), "{dtstart} in {ics}");

    let alerts = mail.wait_for(&owner, 1);
    assert_eq!(alerts.len(), 1);
    assert!(alerts[0]["subject"]
        .as_str()
        .unwrap()
        .starts_with("New booking: Zoé, Cut, "));

    // Later sweeps find nothing more to send.
    sweep_until_done(&api, &db, now());
    assert_eq!(mail.messages(&client).len(), 1);
    assert_eq!(mail.messages(&owner).len(), 1);
    let rows = outbox(&db, &salon.slug);
    assert_eq!(
        rows,
        vec![
            ("confirmation".to_owned(), "sent".to_owned(), "1".to_owned()),
            ("owner_new".to_owned(), "sent".to_owned(), "1".to_owned()),
        ]
    );
}

#[test]
fn a_cancellation_sends_one_notice_to_the_client_and_the_owner_and_no_reminder() {
    let _turn = turn();
    let (api, mail, db) = (Api::new(), Mail::new(), Db::new());
    let (salon, owner) = salon_with(&api, &[60]);
    let (client, made) = book(&api, &salon, &[]);
    mail.wait_for(&client, 1);
    let cancel = ApiPath::CancelBooking {
        token: &made.manage_token,
    }
    .to_string();
    let cancelled = api.call("POST", &cancel, &[], None);
    assert_eq!(cancelled.status, 200, "{}", cancelled.text);
    let messages = mail.wait_for(&client, 2);
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages[0]["subject"]
        .as_str()
        .unwrap()
        .starts_with("Cancelled: Cut at Test Salon"));
    let full = mail.message(messages[0]["id"].as_str().unwrap());
    let ics = base64::engine::general_purpose::STANDARD
        .decode(full["attachments"][0]["content"].as_str().unwrap())
        .unwrap();
    assert!(String::from_utf8(ics).unwrap().contains("METHOD:CANCEL"));
    let alerts = mail.wait_for(&owner, 2);
    assert_eq!(alerts.len(), 2);
    assert!(alerts[0]["subject"]
        .as_str()
        .unwrap()
        .starts_with("Cancelled: Zoé, Cut, "));

    // Cancelling again tells nobody again, and the reminder an hour before never goes.
    let again = api.call("POST", &cancel, &[], None);
    assert_eq!(again.status, 200);
    let start: Timestamp = made.booking.start.parse().unwrap();
    sweep_until_done(&api, &db, start);
    assert_eq!(mail.messages(&client).len(), 2);
    assert_eq!(mail.messages(&owner).len(), 2);
    let kinds: Vec<String> = outbox(&db, &salon.slug).into_iter().map(|r| r.0).collect();
    assert_eq!(
        kinds,
        [
            "confirmation",
            "owner_new",
            "cancellation",
            "owner_cancelled"
        ]
    );
}

#[test]
fn a_message_the_provider_refuses_three_times_arrives_exactly_once() {
    let _turn = turn();
    let (api, mail, db) = (Api::new(), Mail::new(), Db::new());
    let mut config = open_salon_config();
    config["notifications"] = json!({ "reminder_minutes_before": [] });
    let salon = api.create_salon(&config);
    // Nothing else may be due in the next minutes, so the three failures are this message's.
    sweep_until_done(
        &api,
        &db,
        now().checked_add(SignedDuration::from_mins(10)).unwrap(),
    );
    let client = new_client();
    mail.fail_next(3, &client);
    let start = api.first_start(&salon.slug, "cut", "ana");
    book_for(&api, &salon, &client, &start, &[]);
    let row = || {
        let rows = db.query(
            "SELECT n.state, n.attempts::text, (n.leased_until IS NULL)::text, \
               (extract(epoch FROM n.next_attempt_at) * 1000)::bigint::text \
             FROM notifications n JOIN salons s ON s.id = n.salon_id WHERE s.slug = $1",
            &[&salon.slug],
        );
        let r = &rows[0];
        let text = |i: usize| r[i].clone().unwrap_or_default();
        (text(0), text(1), text(2) == "true", text(3))
    };
    for _ in 0..10 {
        // Wait for the try in progress to end.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        let (mut state, mut attempts, mut free, mut next) = row();
        while !free {
            assert!(std::time::Instant::now() < deadline, "a try never ended");
            std::thread::sleep(std::time::Duration::from_millis(50));
            (state, attempts, free, next) = row();
        }
        if state == "sent" {
            assert_eq!(attempts, "4", "three refusals, then the message");
            break;
        }
        assert_eq!(state, "pending", "after {attempts} tries");
        assert!(
            mail.messages(&client).is_empty(),
            "nothing arrives while the provider fails"
        );
        // The next try is due after the backoff (30 s, 60 s, 120 s): run the cron then.
        let next = Timestamp::from_millisecond(next.parse().expect("milliseconds")).unwrap();
        assert_eq!(api.run_scheduled(next).status, 200);
    }
    let messages = mail.wait_for(&client, 1);
    assert_eq!(messages.len(), 1);
    sweep_until_done(
        &api,
        &db,
        now().checked_add(SignedDuration::from_hours(1)).unwrap(),
    );
    let messages = mail.messages(&client);
    assert_eq!(messages.len(), 1, "exactly once: {messages:?}");
    assert_eq!(row().0, "sent");
}

#[test]
fn two_sweeps_at_the_same_moment_send_each_reminder_once() {
    let _turn = turn();
    let (api, mail, db) = (Api::new(), Mail::new(), Db::new());
    // Six salons booked at the same first free time: six reminders due at one instant, before any
    // of the appointments begins.
    let mut clients = Vec::new();
    let mut latest = now();
    for _ in 0..6 {
        let (salon, _) = salon_with(&api, &[30]);
        let (client, made) = book(&api, &salon, &[]);
        mail.wait_for(&client, 1);
        let start: Timestamp = made.booking.start.parse().unwrap();
        latest = latest.max(start.checked_sub(SignedDuration::from_mins(30)).unwrap());
        clients.push(client);
    }
    std::thread::scope(|s| {
        let sweeps: Vec<_> = (0..2)
            .map(|_| s.spawn(|| api.run_scheduled(latest)))
            .collect();
        for sweep in sweeps {
            assert_eq!(sweep.join().unwrap().status, 200);
        }
    });
    sweep_until_done(&api, &db, latest);
    for client in &clients {
        let messages = mail.messages(client);
        let reminders = messages
            .iter()
            .filter(|m| m["subject"].as_str().unwrap().starts_with("Reminder: "))
            .count();
        assert_eq!(reminders, 1, "{client}: {messages:?}");
    }
}

#[test]
fn a_reminder_is_due_a_day_before_the_start_in_elapsed_time_across_a_clock_change() {
    let _turn = turn();
    let (api, mail, db) = (Api::new(), Mail::new(), Db::new());
    let (salon, _) = salon_with(&api, &[1440]);
    // The Worker's clock at noon on Friday 26 March 2027; Paris springs forward early on Sunday 28.
    let worker_now: Timestamp = "2027-03-26T11:00:00Z".parse().unwrap();
    let offset = (worker_now.as_second() - Timestamp::now().as_second()).to_string();
    let (client, _) = book_at(
        &api,
        &salon,
        "2027-03-28T10:00:00+02:00",
        &[("x-chairtime-clock-offset", &offset)],
    );
    mail.wait_for(&client, 1);
    // 24 hours before 10:00 CEST on Sunday is 09:00 CET on Saturday, not 10:00.
    let due: Timestamp = "2027-03-27T09:00:00+01:00".parse().unwrap();
    sweep_until_done(
        &api,
        &db,
        due.checked_sub(SignedDuration::from_secs(60)).unwrap(),
    );
    assert_eq!(
        mail.messages(&client).len(),
        1,
        "only the confirmation before the reminder is due"
    );
    sweep_until_done(&api, &db, due);
    let messages = mail.messages(&client);
    assert_eq!(messages.len(), 2, "{messages:?}");
    let reminder = &messages[0];
    assert_eq!(
        reminder["subject"],
        "Reminder: Cut at Test Salon, Sunday 28 March 2027 at 10:00"
    );
}

#[test]
fn messages_are_in_the_language_the_client_booked_in() {
    let _turn = turn();
    let (api, mail) = (Api::new(), Mail::new());
    let (salon, owner) = salon_with(&api, &[]);
    for (language, subject) in [
        ("fr-FR", "Réservé : "),
        ("es", "Reservado: "),
        ("de", "Gebucht: "),
    ] {
        let (client, _) = book(&api, &salon, &[("accept-language", language)]);
        let messages = mail.wait_for(&client, 1);
        assert!(
            messages[0]["subject"]
                .as_str()
                .unwrap()
                .starts_with(subject),
            "{language}: {}",
            messages[0]["subject"]
        );
    }
    // The owner hears in the salon's language.
    let alerts = mail.wait_for(&owner, 3);
    assert!(alerts
        .iter()
        .all(|m| m["subject"].as_str().unwrap().starts_with("New booking: ")));
}

#[test]
fn the_cron_triggers_handler_runs_in_the_local_worker() {
    let api = Api::new();
    // wrangler's own trigger, which runs the handler the Cron Trigger runs once deployed.
    let ran = api.get("/__scheduled?cron=*+*+*+*+*");
    assert_eq!(ran.status, 200, "{}", ran.text);
    assert_eq!(ran.text, "Ran scheduled event");
    let bad = api.call("POST", "/__local/scheduled?time=soon", &[], None);
    assert_eq!(bad.status, 400, "{}", bad.text);
}

#[test]
fn an_sms_reminder_reaches_a_client_who_gave_a_phone_where_the_salon_sends_them() {
    let _turn = turn();
    let (api, mail, db) = (Api::new(), Mail::new(), Db::new());
    let mut config = open_salon_config();
    config["notifications"] = json!({ "reminder_minutes_before": [60], "sms_reminders": true });
    let salon = api.create_salon(&config);
    let start = api.first_start(&salon.slug, "cut", "ana");
    let mut body = booking_body("cut", "ana", &start, "Zoé");
    body.client.email = None;
    body.client.phone = Some("06 12 34 56 78".to_owned());
    let made = api.book(&salon.slug, &unique("key"), &body);
    assert_eq!(made.status, 201, "{}", made.text);
    let made: BookingCreated = made.json();
    let start: Timestamp = made.booking.start.parse().unwrap();
    sweep_until_done(
        &api,
        &db,
        start.checked_sub(SignedDuration::from_mins(60)).unwrap(),
    );
    let texts: Vec<_> = mail
        .messages("+33612345678")
        .into_iter()
        .filter(|m| {
            m["text"]
                .as_str()
                .unwrap_or("")
                .contains(&made.booking.code)
        })
        .collect();
    assert_eq!(texts.len(), 1, "{texts:?}");
    assert_eq!(texts[0]["channel"], "sms");
    let text = texts[0]["text"].as_str().unwrap();
    assert!(
        text.starts_with("Reminder: Cut at Test Salon, ") && text.contains(&made.manage_url),
        "{text}"
    );
}

#[test]
fn the_cron_deletes_idempotency_records_older_than_a_day() {
    let _turn = turn();
    let (api, db) = (Api::new(), Db::new());
    let salon = api.create_salon(&open_salon_config());
    let start = api.first_start(&salon.slug, "cut", "ana");
    let (old, fresh) = (unique("old"), unique("fresh"));
    let first = api.book(
        &salon.slug,
        &old,
        &booking_body("cut", "ana", &start, "Zoé"),
    );
    assert_eq!(first.status, 201, "{}", first.text);
    let second = api.first_start(&salon.slug, "cut", "ana");
    let next = api.book(
        &salon.slug,
        &fresh,
        &booking_body("cut", "ana", &second, "Zoé"),
    );
    assert_eq!(next.status, 201, "{}", next.text);
    db.query(
        "UPDATE idempotency_keys SET created_at = $2::timestamptz - interval '25 hours' WHERE key = $1",
        &[&old, &now().to_string()],
    );
    assert_eq!(api.run_scheduled(now()).status, 200);
    let keys = |key: &str| {
        db.query("SELECT 1 FROM idempotency_keys WHERE key = $1", &[key])
            .len()
    };
    assert_eq!((keys(&old), keys(&fresh)), (0, 1));
}

#[test]
fn an_owner_cancellation_tells_the_client_once_however_often_it_is_sent() {
    let _turn = turn();
    let (api, mail, db) = (Api::new(), Mail::new(), Db::new());
    let (salon, owner) = salon_with(&api, &[60]);
    let (client, made) = book(&api, &salon, &[]);
    mail.wait_for(&client, 1);
    let path = ApiPath::AdminCancelBooking {
        slug: &salon.slug,
        id: &made.booking.id,
    }
    .to_string();
    let auth = format!("Bearer {}", salon.owner_key);
    for _ in 0..2 {
        let cancelled = api.call("POST", &path, &[("authorization", &auth)], None);
        assert_eq!(cancelled.status, 200, "{}", cancelled.text);
    }
    let messages = mail.wait_for(&client, 2);
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages[0]["subject"]
        .as_str()
        .unwrap()
        .starts_with("Cancelled: Cut at Test Salon"));
    assert_eq!(mail.wait_for(&owner, 2).len(), 2);
    let start: Timestamp = made.booking.start.parse().unwrap();
    sweep_until_done(&api, &db, start);
    assert_eq!(
        mail.messages(&client).len(),
        2,
        "no reminder after the cancellation"
    );
}
