//! Accounts and the walls around them (SPEC §11): sign-in links work once and for fifteen minutes,
//! unknown addresses learn nothing, sessions end, cookies cannot be used from another site, staff see
//! their own calendar only, one salon's owner cannot touch another's, and secrets are stored hashed.

use chairtime_tests::accounts::{link_token, unique_email};
use chairtime_tests::mail::Mail;
use chairtime_tests::{clock_offset, open_salon_config, Api, Db};
use serde_json::json;
use shared::api::{ApiKeyCreated, ApiKeysWire, ErrorCode, MeWire, Role};
use shared::paths::ApiPath;

use edge::secrets::sha256_hex;

#[test]
fn a_link_signs_in_once_and_signing_out_ends_the_session() {
    let (api, mail) = (Api::new(), Mail::new());
    let email = unique_email("owner");
    let salon = api.create_salon_owned_by(&open_salon_config(), &email);

    assert_eq!(api.ask_link(&email).status, 202);
    let token = link_token(&mail, &email, 1);
    let message = &mail.messages(&email)[0];
    assert!(
        message["text"]
            .as_str()
            .unwrap()
            .contains(&format!("{}/console/sign-in#token={token}", api.base)),
        "the link points at the console: {message}"
    );
    assert!(token.len() >= 43, "at least 256 bits: {token}");

    let opened = api.open_session(&token);
    assert_eq!(opened.status, 204, "{}", opened.text);
    let set_cookie = opened.header("set-cookie").unwrap().to_owned();
    for part in [
        "__Host-chairtime_session=",
        "HttpOnly",
        "Secure",
        "SameSite=Lax",
        "Path=/",
    ] {
        assert!(set_cookie.contains(part), "{part} in {set_cookie}");
    }
    let again = api.open_session(&token);
    assert_eq!(again.status, 401, "a link works once: {}", again.text);
    assert_eq!(again.error().code, ErrorCode::InvalidSignInLink.as_str());

    let session = chairtime_tests::accounts::Session::opened_by(&opened, &api.base);
    let me = api.as_member(&session, "GET", &ApiPath::Me.to_string(), None);
    assert_eq!(me.status, 200, "{}", me.text);
    let me = me.json::<MeWire>();
    assert_eq!(me.email, email);
    assert_eq!(me.memberships.len(), 1);
    assert_eq!(me.memberships[0].salon, salon.slug);
    assert_eq!(me.memberships[0].role, Role::Owner);
    assert_eq!(me.memberships[0].name, "Test Salon");
    let bookings = ApiPath::AdminBookings { slug: &salon.slug }.to_string();
    assert_eq!(api.as_member(&session, "GET", &bookings, None).status, 200);

    let out = api.as_member(&session, "POST", &ApiPath::AuthSignOut.to_string(), None);
    assert_eq!(out.status, 204, "{}", out.text);
    assert!(out.header("set-cookie").unwrap().contains("Max-Age=0"));
    let after = api.as_member(&session, "GET", &ApiPath::Me.to_string(), None);
    assert_eq!(after.status, 401, "the old cookie no longer works");
    assert_eq!(api.as_member(&session, "GET", &bookings, None).status, 401);
}

#[test]
fn a_link_expires_after_fifteen_minutes() {
    let (api, mail) = (Api::new(), Mail::new());
    let email = unique_email("late");
    api.create_salon_owned_by(&open_salon_config(), &email);
    assert_eq!(api.ask_link(&email).status, 202);
    let token = link_token(&mail, &email, 1);
    let later = (clock_offset().unwrap_or(0) + 15 * 60 + 5).to_string();
    let body = json!({ "token": token }).to_string();
    let late = api.call(
        "POST",
        &ApiPath::AuthSession.to_string(),
        &[("origin", &api.base), ("x-chairtime-clock-offset", &later)],
        Some(&body),
    );
    assert_eq!(late.status, 401, "{}", late.text);
    assert_eq!(late.error().code, ErrorCode::InvalidSignInLink.as_str());
    let just_in_time = (clock_offset().unwrap_or(0) + 14 * 60).to_string();
    let in_time = api.call(
        "POST",
        &ApiPath::AuthSession.to_string(),
        &[
            ("origin", &api.base),
            ("x-chairtime-clock-offset", &just_in_time),
        ],
        Some(&body),
    );
    assert_eq!(in_time.status, 204, "{}", in_time.text);
}

#[test]
fn an_unknown_address_gets_the_same_answer_and_no_mail_and_links_are_limited() {
    let (api, mail) = (Api::new(), Mail::new());
    let stranger = unique_email("stranger");
    let answer = api.ask_link(&stranger);
    assert_eq!(answer.status, 202);
    assert!(answer.text.is_empty());
    let bad = api.ask_link("not an address");
    assert_eq!(bad.status, 400);

    let email = unique_email("eager");
    api.create_salon_owned_by(&open_salon_config(), &email);
    for _ in 0..7 {
        assert_eq!(api.ask_link(&email).status, 202);
    }
    let sent = mail.wait_for(&email, 5);
    std::thread::sleep(std::time::Duration::from_secs(2));
    assert_eq!(mail.messages(&email).len(), 5, "five links an hour");
    assert!(
        mail.messages(&stranger).is_empty(),
        "nothing goes to an unknown address"
    );
    assert_eq!(sent.len(), 5);
}

#[test]
fn a_cookie_write_from_another_origin_or_without_one_is_refused() {
    let (api, mail) = (Api::new(), Mail::new());
    let email = unique_email("csrf");
    let salon = api.create_salon_owned_by(&open_salon_config(), &email);
    let session = api.sign_in(&mail, &email, 1);
    let (id, _) = api.book_first(&salon.slug, "cut", "ana");
    let booking_id = api
        .as_member(
            &session,
            "GET",
            &ApiPath::AdminBookings { slug: &salon.slug }.to_string(),
            None,
        )
        .json::<shared::api::OwnerBookings>()
        .bookings
        .into_iter()
        .find(|b| b.booking.code.len() == 6)
        .map(|b| b.booking.id)
        .expect("the booking is listed");
    let _ = id;
    let cancel = ApiPath::AdminCancelBooking {
        slug: &salon.slug,
        id: &booking_id,
    }
    .to_string();
    for origin in [Some("https://evil.example"), None] {
        let mut headers = vec![("cookie", session.cookie.as_str())];
        if let Some(o) = origin {
            headers.push(("origin", o));
        }
        let refused = api.call("POST", &cancel, &headers, Some("{}"));
        assert_eq!(refused.status, 403, "origin {origin:?}: {}", refused.text);
    }
    let config = ApiPath::AdminConfig { slug: &salon.slug }.to_string();
    let put = api.call(
        "PUT",
        &config,
        &[
            ("cookie", &session.cookie),
            ("origin", "https://evil.example"),
        ],
        Some(&open_salon_config().to_string()),
    );
    assert_eq!(put.status, 403);
    let out = api.call(
        "POST",
        &ApiPath::AuthSignOut.to_string(),
        &[
            ("cookie", &session.cookie),
            ("origin", "https://evil.example"),
        ],
        None,
    );
    assert_eq!(out.status, 403, "another site cannot sign the owner out");
    assert_eq!(
        Db::new().confirmed_bookings(&salon.slug),
        1,
        "nothing changed"
    );
    let own = api.as_member(&session, "POST", &cancel, Some("{}"));
    assert_eq!(own.status, 200, "{}", own.text);
}

#[test]
fn a_staff_user_sees_their_own_calendar_and_nothing_of_the_salons_setup() {
    let (api, mail, db) = (Api::new(), Mail::new(), Db::new());
    let owner = unique_email("owner");
    let salon = api.create_salon_owned_by(&open_salon_config(), &owner);
    let staff = unique_email("bob");
    db.query(
        "WITH u AS (INSERT INTO users (email) VALUES ($1) RETURNING id) \
         INSERT INTO memberships (user_id, salon_id, role, staff_key) \
         SELECT u.id, s.id, 'staff', 'bob' FROM u, salons s WHERE s.slug = $2",
        &[&staff, &salon.slug],
    );
    let (_, for_ana) = api.book_first(&salon.slug, "cut", "ana");
    assert_eq!(for_ana.status, 201);
    let (_, for_bob) = api.book_first(&salon.slug, "cut", "bob");
    assert_eq!(for_bob.status, 201);
    let session = api.sign_in(&mail, &staff, 1);
    let slug = salon.slug.as_str();

    let me = api
        .as_member(&session, "GET", &ApiPath::Me.to_string(), None)
        .json::<MeWire>();
    assert_eq!(me.memberships[0].role, Role::Staff);
    assert_eq!(me.memberships[0].staff.as_deref(), Some("bob"));

    let list = api
        .as_member(
            &session,
            "GET",
            &ApiPath::AdminBookings { slug }.to_string(),
            None,
        )
        .json::<shared::api::OwnerBookings>();
    assert_eq!(list.bookings.len(), 1);
    assert_eq!(list.bookings[0].booking.staff, "bob");

    let ana_id = for_ana.json::<shared::api::BookingCreated>().booking.id;
    let cancel_ana = ApiPath::AdminCancelBooking { slug, id: &ana_id }.to_string();
    assert_eq!(
        api.as_member(&session, "POST", &cancel_ana, Some("{}"))
            .status,
        403,
        "not their booking"
    );
    let config = ApiPath::AdminConfig { slug }.to_string();
    assert_eq!(api.as_member(&session, "GET", &config, None).status, 403);
    let put = api.as_member(
        &session,
        "PUT",
        &config,
        Some(&open_salon_config().to_string()),
    );
    assert_eq!(put.status, 403);
    for owner_only in [
        ApiPath::AdminClients { slug }.to_string(),
        ApiPath::AdminKeys { slug }.to_string(),
    ] {
        assert_eq!(
            api.as_member(&session, "GET", &owner_only, None).status,
            403
        );
    }
    assert_eq!(db.confirmed_bookings(slug), 2, "nothing changed");
}

#[test]
fn one_salons_owner_cannot_touch_another_salon_by_cookie_or_key() {
    let (api, mail) = (Api::new(), Mail::new());
    let a_owner = unique_email("a");
    let a = api.create_salon_owned_by(&open_salon_config(), &a_owner);
    let b = api.create_salon_owned_by(&open_salon_config(), &unique_email("b"));
    let (_, made) = api.book_first(&b.slug, "cut", "ana");
    let id = made.json::<shared::api::BookingCreated>().booking.id;
    let session = api.sign_in(&mail, &a_owner, 1);
    let slug = b.slug.as_str();
    let key_a = format!("Bearer {}", a.owner_key);
    for (method, path) in [
        ("GET", ApiPath::AdminBookings { slug }.to_string()),
        ("GET", ApiPath::AdminConfig { slug }.to_string()),
        ("GET", ApiPath::AdminClients { slug }.to_string()),
        ("GET", ApiPath::AdminKeys { slug }.to_string()),
        (
            "POST",
            ApiPath::AdminCancelBooking { slug, id: &id }.to_string(),
        ),
        ("POST", ApiPath::AdminBlocks { slug }.to_string()),
    ] {
        let body = (method == "POST").then_some("{}");
        let by_cookie = api.as_member(&session, method, &path, body);
        assert_eq!(
            by_cookie.status, 403,
            "{method} {path} by cookie: {}",
            by_cookie.text
        );
        let by_key = api.call(method, &path, &[("authorization", &key_a)], body);
        assert_eq!(
            by_key.status, 403,
            "{method} {path} by key: {}",
            by_key.text
        );
    }
    assert_eq!(Db::new().confirmed_bookings(slug), 1);
}

#[test]
fn links_sessions_and_keys_are_stored_only_as_hashes() {
    let (api, mail, db) = (Api::new(), Mail::new(), Db::new());
    let email = unique_email("hashes");
    let salon = api.create_salon_owned_by(&open_salon_config(), &email);
    assert_eq!(api.ask_link(&email).status, 202);
    let token = link_token(&mail, &email, 1);
    let opened = api.open_session(&token);
    let session_value = chairtime_tests::accounts::Session::opened_by(&opened, &api.base)
        .secret()
        .to_owned();
    let stored = |sql: &str| -> Vec<String> {
        db.query(sql, &[&email])
            .into_iter()
            .map(|row| row[0].clone().unwrap_or_default())
            .collect()
    };
    let links = stored(
        "SELECT l.token_hash FROM sign_in_links l JOIN users u ON u.id = l.user_id WHERE u.email = $1",
    );
    assert_eq!(links, vec![sha256_hex(&token)]);
    let sessions = stored(
        "SELECT s.token_hash FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = $1",
    );
    assert_eq!(sessions, vec![sha256_hex(&session_value)]);
    let keys = db.query(
        "SELECT k.key_hash FROM api_keys k JOIN salons s ON s.id = k.salon_id WHERE s.slug = $1",
        &[&salon.slug],
    );
    assert_eq!(keys, vec![vec![Some(sha256_hex(&salon.owner_key))]]);
    let everything = db.query(
        "SELECT count(*) FROM (SELECT row_to_json(t)::text AS j FROM sign_in_links t UNION ALL \
           SELECT row_to_json(t)::text FROM sessions t UNION ALL SELECT row_to_json(t)::text FROM api_keys t) x \
         WHERE strpos(x.j, $1) > 0 OR strpos(x.j, $2) > 0 OR strpos(x.j, $3) > 0",
        &[&token, &session_value, &salon.owner_key],
    );
    assert_eq!(everything, vec![vec![Some("0".to_owned())]]);
}

#[test]
fn owners_name_create_and_revoke_api_keys() {
    let (api, mail) = (Api::new(), Mail::new());
    let email = unique_email("keys");
    let salon = api.create_salon_owned_by(&open_salon_config(), &email);
    let session = api.sign_in(&mail, &email, 1);
    let slug = salon.slug.as_str();
    let keys = ApiPath::AdminKeys { slug }.to_string();
    let created = api.as_member(
        &session,
        "POST",
        &keys,
        Some(r#"{"name": "Booking export"}"#),
    );
    assert_eq!(created.status, 201, "{}", created.text);
    let created = created.json::<ApiKeyCreated>();
    assert!(created.secret.starts_with("ck_"));
    let list = api.as_member(&session, "GET", &keys, None);
    assert!(
        !list.text.contains(&created.secret),
        "a secret is shown once"
    );
    let names: Vec<String> = list
        .json::<ApiKeysWire>()
        .keys
        .into_iter()
        .map(|k| k.name)
        .collect();
    assert_eq!(names, ["First key", "Booking export"]);

    let config = ApiPath::AdminConfig { slug }.to_string();
    let new_key = format!("Bearer {}", created.secret);
    assert_eq!(
        api.call("GET", &config, &[("authorization", &new_key)], None)
            .status,
        200
    );
    let revoke = ApiPath::AdminRevokeKey {
        slug,
        id: &created.key.id,
    }
    .to_string();
    let revoked = api.as_member(&session, "POST", &revoke, None);
    assert_eq!(revoked.status, 200, "{}", revoked.text);
    assert_eq!(
        api.call("GET", &config, &[("authorization", &new_key)], None)
            .status,
        403
    );
    let first = format!("Bearer {}", salon.owner_key);
    assert_eq!(
        api.call("GET", &config, &[("authorization", &first)], None)
            .status,
        200
    );
    let unnamed = api.as_member(&session, "POST", &keys, Some(r#"{"name": "  "}"#));
    assert_eq!(unnamed.status, 422, "{}", unnamed.text);
    let unknown = api.as_member(
        &session,
        "POST",
        &keys,
        Some(r#"{"name": "x", "scope": "all"}"#),
    );
    assert_eq!(unknown.status, 400, "{}", unknown.text);
}

#[test]
fn a_session_slides_thirty_days_from_its_latest_use_and_an_earlier_clock_never_shortens_it() {
    let (api, mail) = (Api::new(), Mail::new());
    let email = unique_email("slide");
    api.create_salon_owned_by(&open_salon_config(), &email);
    let session = api.sign_in(&mail, &email, 1);
    let me = ApiPath::Me.to_string();
    let at_day = |days: i64| {
        let offset = (clock_offset().unwrap_or(0) + days * 86_400).to_string();
        api.call(
            "GET",
            &me,
            &[
                ("cookie", &session.cookie),
                ("x-chairtime-clock-offset", &offset),
            ],
            None,
        )
        .status
    };
    assert_eq!(at_day(20), 200, "used on day 20: now good until day 50");
    assert_eq!(at_day(0), 200, "a request with an earlier clock");
    assert_eq!(at_day(49), 200, "still good on day 49");
    assert_eq!(
        at_day(80),
        401,
        "day 49's use slid it to day 79, no further"
    );
}
