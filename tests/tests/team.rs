//! Self-serve sign-up and the team (SPEC §11): a new address signs up by link and creates a salon
//! (once, whatever a double click sends), and owners invite, change and remove members, never the
//! last owner.

use chairtime_tests::accounts::{link_token, unique_email, Session};
use chairtime_tests::mail::Mail;
use chairtime_tests::{open_salon_config, unique, Api};
use serde_json::json;
use shared::api::{ErrorCode, MeWire, MemberWire, MembersWire, MembershipWire, Role, SlugWire};
use shared::paths::ApiPath;

fn signed_up(api: &Api, mail: &Mail, email: &str) -> Session {
    let asked = api.call(
        "POST",
        &ApiPath::AuthSignUp.to_string(),
        &[],
        Some(&json!({ "email": email }).to_string()),
    );
    assert_eq!(asked.status, 202, "{}", asked.text);
    let token = link_token(mail, email, 1);
    let opened = api.open_session(&token);
    assert_eq!(opened.status, 204, "{}", opened.text);
    Session {
        cookie: opened
            .header("set-cookie")
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned(),
        origin: api.base.clone(),
    }
}

#[test]
fn a_new_address_signs_up_and_creates_one_salon_whatever_a_double_click_sends() {
    let (api, mail) = (Api::new(), Mail::new());
    let email = unique_email("newowner");
    let session = signed_up(&api, &mail, &email);
    let me = api
        .as_member(&session, "GET", &ApiPath::Me.to_string(), None)
        .json::<MeWire>();
    assert_eq!(me.email, email);
    assert!(me.memberships.is_empty());

    let slug = unique("maison").to_lowercase();
    let slug = &slug[..slug.len().min(40)];
    let check = api
        .get(&ApiPath::Slug { slug }.to_string())
        .json::<SlugWire>();
    assert!(check.available);
    let body = json!({
        "slug": slug, "name": "Maison Nouvelle", "timezone": "Europe/Paris",
        "currency": "EUR", "country": "FR", "locale": "fr"
    })
    .to_string();
    let salons = ApiPath::Salons.to_string();
    let first = api.as_member(&session, "POST", &salons, Some(&body));
    assert_eq!(first.status, 201, "{}", first.text);
    let again = api.as_member(&session, "POST", &salons, Some(&body));
    assert_eq!(
        again.status, 200,
        "the second click answers the same salon: {}",
        again.text
    );
    assert_eq!(again.json::<MembershipWire>().salon, slug);
    let me = api
        .as_member(&session, "GET", &ApiPath::Me.to_string(), None)
        .json::<MeWire>();
    assert_eq!(me.memberships.len(), 1, "one salon");
    assert_eq!(me.memberships[0].role, Role::Owner);
    assert_eq!(me.memberships[0].name, "Maison Nouvelle");
    assert!(
        !api.get(&ApiPath::Slug { slug }.to_string())
            .json::<SlugWire>()
            .available
    );
    let profile = api.get(&ApiPath::Salon { slug }.to_string());
    assert_eq!(profile.status, 200, "the new salon has a public profile");

    let stranger = signed_up(&api, &mail, &unique_email("other"));
    let taken = api.as_member(&stranger, "POST", &salons, Some(&body));
    assert_eq!(taken.status, 409, "{}", taken.text);
    assert_eq!(taken.error().code, ErrorCode::SlugTaken.as_str());

    let bad = json!({
        "slug": "No Spaces!", "name": "", "timezone": "Mars/Olympus",
        "currency": "EUR", "country": "FR", "locale": "fr"
    });
    let refused = api.as_member(&stranger, "POST", &salons, Some(&bad.to_string()));
    assert_eq!(refused.status, 422, "{}", refused.text);
    let fields = refused.fields();
    for field in ["slug", "name", "timezone"] {
        assert!(fields.contains_key(field), "{field} in {fields:?}");
    }
    assert_eq!(
        api.get(&ApiPath::Slug { slug: "No Spaces!" }.to_string())
            .status,
        422
    );
    let anonymous = api.call("POST", &salons, &[("origin", &api.base)], Some(&body));
    assert_eq!(anonymous.status, 401);
}

#[test]
fn owners_invite_change_and_remove_members_but_never_the_last_owner() {
    let (api, mail) = (Api::new(), Mail::new());
    let owner_email = unique_email("teamowner");
    let salon = api.create_salon_owned_by(&open_salon_config(), &owner_email);
    let owner = api.sign_in(&mail, &owner_email, 1);
    let slug = salon.slug.as_str();
    let members = ApiPath::AdminMembers { slug }.to_string();

    let bob_email = unique_email("bob");
    let invite = json!({ "email": bob_email, "role": "staff", "staff": "bob" }).to_string();
    let invited = api.as_member(&owner, "POST", &members, Some(&invite));
    assert_eq!(invited.status, 201, "{}", invited.text);
    let bob = invited.json::<MemberWire>();
    assert_eq!((bob.role, bob.staff.as_deref()), (Role::Staff, Some("bob")));
    let token = link_token(&mail, &bob_email, 1);
    let message = &mail.messages(&bob_email)[0];
    assert!(
        message["subject"].as_str().unwrap().contains("Test Salon"),
        "{message}"
    );
    let opened = api.open_session(&token);
    assert_eq!(opened.status, 204);
    let bob_session = Session {
        cookie: opened
            .header("set-cookie")
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned(),
        origin: api.base.clone(),
    };
    let me = api
        .as_member(&bob_session, "GET", &ApiPath::Me.to_string(), None)
        .json::<MeWire>();
    assert_eq!(
        me.memberships[0].salon, slug,
        "the invitee lands in the salon"
    );
    assert_eq!(
        api.as_member(&bob_session, "GET", &members, None).status,
        403
    );
    assert_eq!(
        api.as_member(&bob_session, "POST", &members, Some(&invite))
            .status,
        403,
        "staff cannot invite"
    );

    for (body, status) in [
        (json!({ "email": unique_email("x"), "role": "staff" }), 400),
        (
            json!({ "email": unique_email("x"), "role": "staff", "staff": "zed" }),
            404,
        ),
        (json!({ "email": "not an address", "role": "owner" }), 400),
        (json!({ "email": unique_email("x"), "role": "boss" }), 400),
    ] {
        let refused = api.as_member(&owner, "POST", &members, Some(&body.to_string()));
        assert_eq!(refused.status, status, "{body}: {}", refused.text);
    }

    let list = api
        .as_member(&owner, "GET", &members, None)
        .json::<MembersWire>();
    assert_eq!(list.members.len(), 2);
    let me_owner = list
        .members
        .iter()
        .find(|m| m.email == owner_email)
        .unwrap();
    let mine = ApiPath::AdminMember {
        slug,
        id: &me_owner.id,
    }
    .to_string();
    let demote = json!({ "role": "staff", "staff": "ana" }).to_string();
    let last = api.as_member(&owner, "PUT", &mine, Some(&demote));
    assert_eq!(last.status, 409, "{}", last.text);
    assert_eq!(last.error().code, ErrorCode::LastOwner.as_str());
    let gone = api.as_member(&owner, "DELETE", &mine, None);
    assert_eq!(gone.status, 409);

    let promote = ApiPath::AdminMember { slug, id: &bob.id }.to_string();
    let promoted = api.as_member(&owner, "PUT", &promote, Some(r#"{"role": "owner"}"#));
    assert_eq!(promoted.status, 200, "{}", promoted.text);
    let demoted = api.as_member(&owner, "PUT", &mine, Some(&demote));
    assert_eq!(
        demoted.status, 200,
        "another owner exists now: {}",
        demoted.text
    );
    assert_eq!(
        api.as_member(&owner, "GET", &members, None).status,
        403,
        "a demoted owner is staff at once"
    );
    let removed = api.as_member(&bob_session, "DELETE", &mine, None);
    assert_eq!(removed.status, 200, "{}", removed.text);
    let me = api
        .as_member(&owner, "GET", &ApiPath::Me.to_string(), None)
        .json::<MeWire>();
    assert!(me.memberships.is_empty(), "removed from the salon");
}
