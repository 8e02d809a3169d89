//! The owner's export and a client's erasure (SPEC §12): everything the salon keeps comes out as JSON
//! and CSV; an erased client's personal data is gone from bookings, messages and notes while the
//! times stay; both are in the audit log with who did it.

use chairtime_tests::accounts::unique_email;
use chairtime_tests::mail::Mail;
use chairtime_tests::{booking_body, open_salon_config, unique, Api, Db};
use serde_json::json;
use shared::api::{ErasureReply, SalonExport};
use shared::paths::ApiPath;

#[test]
fn an_owner_exports_everything_and_erases_one_client_keeping_the_times() {
    let (api, mail, db) = (Api::new(), Mail::new(), Db::new());
    let owner_email = unique_email("dataowner");
    let salon = api.create_salon_owned_by(&open_salon_config(), &owner_email);
    let owner = api.sign_in(&mail, &owner_email, 1);
    let slug = salon.slug.as_str();

    let erased_email = unique_email("forget-me");
    let kept_email = unique_email("keep-me");
    let mut starts = Vec::new();
    for (staff, email, name) in [
        ("ana", &erased_email, "Forget, \"Me\""),
        ("bob", &erased_email, "Forget, \"Me\""),
        ("ana", &kept_email, "=Keep Me"),
    ] {
        let start = api.first_start(slug, "cut", staff);
        let mut body = booking_body("cut", staff, &start, name);
        body.client.email = Some(email.clone());
        body.client.phone = Some("+33 6 98 76 54 32".to_owned());
        body.notes = Some("Left-handed".to_owned());
        let made = api.book(slug, &unique("data"), &body);
        assert_eq!(made.status, 201, "{}", made.text);
        starts.push(start);
    }
    mail.wait_for(&erased_email, 2);

    let export = ApiPath::AdminExport { slug }.to_string();
    let json_export = api.as_member(&owner, "GET", &export, None);
    assert_eq!(json_export.status, 200, "{}", json_export.text);
    assert!(json_export
        .header("content-disposition")
        .unwrap()
        .starts_with(&format!("attachment; filename=\"{slug}-")));
    let everything = json_export.json::<SalonExport>();
    assert_eq!(everything.bookings.len(), 3);
    assert_eq!(everything.clients.len(), 2);
    assert_eq!(everything.config.name, "Test Salon");

    let csv = api.as_member(
        &owner,
        "GET",
        &ApiPath::AdminExport { slug }.with_query("format=csv&part=bookings"),
        None,
    );
    assert_eq!(csv.status, 200);
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    let lines: Vec<&str> = csv.text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 4, "a header and three bookings: {}", csv.text);
    assert!(lines[0].starts_with("code,status,outcome,service,staff,start,end,client_name"));
    assert!(
        csv.text.contains("\"Forget, \"\"Me\"\"\""),
        "quoted: {}",
        csv.text
    );
    assert!(
        csv.text.contains(",'=Keep Me,"),
        "never a formula: {}",
        csv.text
    );
    assert!(csv.text.contains("+33698765432"));
    let clients_csv = api.as_member(
        &owner,
        "GET",
        &ApiPath::AdminExport { slug }.with_query("format=csv&part=clients"),
        None,
    );
    assert_eq!(
        clients_csv
            .text
            .split("\r\n")
            .filter(|l| !l.is_empty())
            .count(),
        3
    );
    let wrong = api.as_member(
        &owner,
        "GET",
        &ApiPath::AdminExport { slug }.with_query("format=xml"),
        None,
    );
    assert_eq!(wrong.status, 400);

    let erasures = ApiPath::AdminErasures { slug }.to_string();
    for bad in [
        json!({}),
        json!({ "email": erased_email, "phone": "+33698765432" }),
        json!({ "email": "nope" }),
    ] {
        let refused = api.as_member(&owner, "POST", &erasures, Some(&bad.to_string()));
        assert_eq!(refused.status, 400, "{bad}: {}", refused.text);
    }
    let unknown = api.as_member(
        &owner,
        "POST",
        &erasures,
        Some(&json!({ "email": unique_email("never") }).to_string()),
    );
    assert_eq!(unknown.status, 404);
    let erased = api.as_member(
        &owner,
        "POST",
        &erasures,
        Some(&json!({ "email": erased_email.to_uppercase() }).to_string()),
    );
    assert_eq!(erased.status, 200, "{}", erased.text);
    let erased = erased.json::<ErasureReply>();
    assert_eq!(erased.bookings, 2);

    let after = api.as_member(&owner, "GET", &export, None);
    assert!(
        !after.text.contains(&erased_email),
        "the address is gone from the export"
    );
    assert!(!after.text.contains("Forget"), "the name too");
    let after = after.json::<SalonExport>();
    let mut erased_starts: Vec<String> = after
        .bookings
        .iter()
        .filter(|b| b.booking.client.name == "(erased)")
        .map(|b| {
            assert_eq!(
                (
                    b.booking.client.email.as_deref(),
                    b.booking.client.phone.as_deref()
                ),
                (None, None)
            );
            assert_eq!(b.notes, "");
            b.booking.start.clone()
        })
        .collect();
    erased_starts.sort();
    let mut expected = starts[..2].to_vec();
    expected.sort();
    assert_eq!(erased_starts, expected, "the times stay");
    assert!(after
        .bookings
        .iter()
        .any(|b| b.booking.client.email.as_deref() == Some(kept_email.as_str())));

    let leftovers = db.query(
        "SELECT count(*) FROM notifications WHERE recipient = $1",
        &[&erased_email],
    );
    assert_eq!(
        leftovers,
        vec![vec![Some("0".to_owned())]],
        "no message row names them"
    );
    let audit = db.query(
        "SELECT a.action, a.actor = 'user:' || u.id FROM audit_log a JOIN salons s ON s.id = a.salon_id, users u \
         WHERE s.slug = $1 AND u.email = $2 ORDER BY a.id",
        &[slug, &owner_email],
    );
    let actions: Vec<(String, String)> = audit
        .into_iter()
        .map(|r| (r[0].clone().unwrap(), r[1].clone().unwrap()))
        .collect();
    assert_eq!(
        actions.iter().map(|(a, _)| a.as_str()).collect::<Vec<_>>(),
        ["export", "export", "export", "erase_client", "export"],
        "JSON, two CSVs, the erasure, JSON again (a refused request is not an export)"
    );
    assert!(
        actions.iter().all(|(_, by_owner)| by_owner == "t"),
        "{actions:?}"
    );
    let by_key = api.call(
        "GET",
        &export,
        &[("authorization", &format!("Bearer {}", salon.owner_key))],
        None,
    );
    assert_eq!(by_key.status, 200);
    let key_rows = db.query(
        "SELECT count(*) FROM audit_log a JOIN salons s ON s.id = a.salon_id WHERE s.slug = $1 AND a.actor LIKE 'key:%'",
        &[slug],
    );
    assert_eq!(key_rows, vec![vec![Some("1".to_owned())]]);
}
