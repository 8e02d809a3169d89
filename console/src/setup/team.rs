//! `/console/{slug}/team` (invite by email, change a role, remove; the API keeps the last owner) and
//! `/console/{slug}/keys` (create, shown once; revoke).

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::{
    ApiKeyCreated, ApiKeyRequest, ApiKeyWire, ApiKeysWire, MemberRequest, MemberUpdate, MemberWire,
    MembersWire, Role, SalonProfile,
};
use shared::paths::ApiPath;

use super::settings::SectionNav;
use super::words as w;
use crate::api::{self, ApiFailure};
use crate::app::Loading;
use crate::components::{Heading, Problem};
use crate::state::Console;

/// The team screen.
#[component]
pub fn TeamScreen(console: Console, slug: String) -> impl IntoView {
    let url = ApiPath::AdminMembers { slug: &slug }.to_string();
    let members = RwSignal::new(None::<Result<MembersWire, ApiFailure>>);
    let staff = RwSignal::new(Vec::<(String, String)>::new());
    let problem = RwSignal::new(None::<String>);
    let me = console.me.with_untracked(|m| match m {
        Some(Ok(me)) => me.email.clone(),
        _ => String::new(),
    });
    api::load_into(console, url.clone(), members);
    {
        let slug = slug.clone();
        spawn_local(async move {
            if let Ok((p, _)) =
                api::get_versioned::<SalonProfile>(&ApiPath::Salon { slug: &slug }.to_string())
                    .await
            {
                staff.set(p.staff.into_iter().map(|s| (s.key, s.name)).collect());
            }
        });
    }
    let email = RwSignal::new(String::new());
    let role = RwSignal::new("staff".to_owned());
    let staff_key = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let reload = {
        let url = url.clone();
        move || api::load_into(console, url.clone(), members)
    };
    let invite = {
        let (url, reload) = (url.clone(), reload.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if busy.get_untracked() {
                return;
            }
            let role = Role::parse(&role.get_untracked()).unwrap_or(Role::Staff);
            let staff =
                Some(staff_key.get_untracked()).filter(|s| !s.is_empty() && role == Role::Staff);
            let body = MemberRequest {
                email: email.get_untracked(),
                role,
                staff,
            };
            let (url, reload) = (url.clone(), reload.clone());
            busy.set(true);
            spawn_local(async move {
                let answer =
                    api::send_serde::<_, MemberWire>("POST", &url, Some(&body), None).await;
                busy.set(false);
                match answer {
                    Ok((m, _)) => {
                        problem.set(None);
                        email.set(String::new());
                        console
                            .announce
                            .set(w::INVITED.replace("{email}", &m.email));
                        reload();
                    }
                    Err(e) => {
                        console.check(&e);
                        problem.set(Some(field_message(&e)));
                    }
                }
            });
        }
    };
    let row = {
        let slug = slug.clone();
        move |m: MemberWire| {
            let member_url = ApiPath::AdminMember {
                slug: &slug,
                id: &m.id,
            }
            .to_string();
            let (u1, u2) = (member_url.clone(), member_url);
            let (r1, r2) = (reload.clone(), reload.clone());
            let current = m.role;
            let staff_of = m.staff.clone();
            let change = move |ev: leptos::ev::Event| {
                let role = Role::parse(&event_target_value(&ev)).unwrap_or(current);
                let staff = (role == Role::Staff)
                    .then(|| {
                        staff_of
                            .clone()
                            .or_else(|| staff.with_untracked(|s| s.first().map(|(k, _)| k.clone())))
                    })
                    .flatten();
                let (url, reload) = (u1.clone(), r1.clone());
                spawn_local(async move {
                    let body = MemberUpdate { role, staff };
                    match api::send_serde::<_, MemberWire>("PUT", &url, Some(&body), None).await {
                        Ok(_) => problem.set(None),
                        Err(e) => {
                            console.check(&e);
                            problem.set(Some(e.message()));
                        }
                    }
                    reload();
                });
            };
            let email = m.email.clone();
            let remove = move |_| {
                let (url, reload, email) = (u2.clone(), r2.clone(), email.clone());
                spawn_local(async move {
                    match api::send_serde::<(), MemberWire>("DELETE", &url, None, None).await {
                        Ok(_) => {
                            problem.set(None);
                            console.announce.set(w::REMOVED.replace("{email}", &email));
                        }
                        Err(e) => {
                            console.check(&e);
                            problem.set(Some(e.message()));
                        }
                    }
                    reload();
                });
            };
            let select_id = format!("role-{}", m.id);
            let label = w::CHANGE_ROLE.replace("{email}", &m.email);
            let you = (m.email == me).then_some(w::YOU);
            let calendar = m.staff.as_ref().map(|k| {
                staff.with(|s| {
                    s.iter()
                        .find(|(key, _)| key == k)
                        .map_or(k.clone(), |(_, n)| n.clone())
                })
            });
            view! {
                <li class="ct-card ct-member" data-testid="member">
                    <p class="ct-client-name">{m.email.clone()}" "{you}</p>
                    {calendar.map(|c| view! { <p class="ct-hint">{c}</p> })}
                    <div class="ct-actions">
                        <label class="ct-sr" for=select_id.clone()>{label}</label>
                        <select id=select_id class="ct-input ct-inline" on:change=change>
                            <option value="owner" selected=current == Role::Owner>{w::OWNER}</option>
                            <option value="staff" selected=current == Role::Staff>{w::STAFF_MEMBER}</option>
                        </select>
                        <button type="button" class="ct-quiet ct-danger" data-testid="remove-member"
                            aria-label=format!("{} {}", w::REMOVE, m.email) on:click=remove>{w::REMOVE}</button>
                    </div>
                </li>
            }
        }
    };
    let list = move || match members.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) => {
            view! { <Problem message=Signal::derive(move || Some(e.message())) /> }.into_any()
        }
        Some(Ok(list)) => view! {
            <ul class="ct-list">{list.members.into_iter().map(row.clone()).collect_view()}</ul>
        }
        .into_any(),
    };
    view! {
        <main id="main" class="ct-main">
            <SectionNav console slug=slug.clone() current=None />
            <Heading console text=w::TEAM.to_owned() />
            <p class="ct-sub">{w::TEAM_HINT}</p>
            <Problem message=problem />
            {list}
            <h2 class="ct-h2">{w::INVITE}</h2>
            <form class="ct-form" novalidate on:submit=invite data-testid="invite">
                <label class="ct-label" for="invite-email">{w::EMAIL}</label>
                <input id="invite-email" class="ct-input" type="email" autocomplete="off" inputmode="email" required
                    prop:value=email on:input=move |ev| email.set(event_target_value(&ev)) />
                <label class="ct-label" for="invite-role">{w::ROLE}</label>
                <select id="invite-role" class="ct-input" on:change=move |ev| role.set(event_target_value(&ev))>
                    <option value="staff" selected=true>{w::STAFF_MEMBER}</option>
                    <option value="owner">{w::OWNER}</option>
                </select>
                {move || (role.get() == "staff").then(|| view! {
                    <label class="ct-label" for="invite-staff">{w::IS_STAFF}</label>
                    <select id="invite-staff" class="ct-input" on:change=move |ev| staff_key.set(event_target_value(&ev))>
                        <option value="">"—"</option>
                        {staff.get().into_iter().map(|(k, n)| view! { <option value=k>{n}</option> }).collect_view()}
                    </select>
                })}
                <button type="submit" class="ct-primary" data-testid="send-invite" aria-disabled=move || busy.get().to_string()>{w::INVITE_SEND}</button>
            </form>
        </main>
    }
}

/// A refusal in one sentence, with the field the API names.
fn field_message(e: &ApiFailure) -> String {
    match e {
        ApiFailure::Api { body, .. } => match &body.error.fields {
            Some(fields) if !fields.is_empty() => fields
                .values()
                .map(|f| f.message.clone())
                .collect::<Vec<_>>()
                .join(" "),
            _ => e.message(),
        },
        _ => e.message(),
    }
}

/// The API keys screen.
#[component]
pub fn KeysScreen(console: Console, slug: String) -> impl IntoView {
    let url = ApiPath::AdminKeys { slug: &slug }.to_string();
    let keys = RwSignal::new(None::<Result<ApiKeysWire, ApiFailure>>);
    api::load_into(console, url.clone(), keys);
    let name = RwSignal::new(String::new());
    let created = RwSignal::new(None::<ApiKeyCreated>);
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let reload = {
        let url = url.clone();
        move || api::load_into(console, url.clone(), keys)
    };
    let create = {
        let (url, reload) = (url.clone(), reload.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if busy.get_untracked() {
                return;
            }
            let body = ApiKeyRequest {
                name: name.get_untracked(),
            };
            let (url, reload) = (url.clone(), reload.clone());
            busy.set(true);
            spawn_local(async move {
                let answer =
                    api::send_serde::<_, ApiKeyCreated>("POST", &url, Some(&body), None).await;
                busy.set(false);
                match answer {
                    Ok((made, _)) => {
                        problem.set(None);
                        name.set(String::new());
                        console.announce.set(w::KEY_ONCE.to_owned());
                        created.set(Some(made));
                        reload();
                    }
                    Err(e) => {
                        console.check(&e);
                        problem.set(Some(field_message(&e)));
                    }
                }
            });
        }
    };
    let row = {
        let slug = slug.clone();
        move |k: ApiKeyWire| {
            let revoke_url = ApiPath::AdminRevokeKey {
                slug: &slug,
                id: &k.id,
            }
            .to_string();
            let reload = reload.clone();
            let revoke = move |_| {
                let (url, reload) = (revoke_url.clone(), reload.clone());
                spawn_local(async move {
                    if let Err(e) =
                        api::send_serde::<(), ApiKeyWire>("POST", &url, None, None).await
                    {
                        console.check(&e);
                        problem.set(Some(e.message()));
                    }
                    reload();
                });
            };
            let date = k.created_at.get(..10).unwrap_or_default().to_owned();
            let revoked = k.revoked_at.is_some();
            view! {
                <li class="ct-card" data-testid="key">
                    <p class="ct-client-name">{k.name.clone()}</p>
                    <p class="ct-hint">{w::CREATED_ON.replace("{date}", &date)}</p>
                    {if revoked {
                        view! { <p class="ct-state">{w::REVOKED}</p> }.into_any()
                    } else {
                        view! {
                            <button type="button" class="ct-quiet ct-danger" data-testid="revoke"
                                aria-label=format!("{} {}", w::REVOKE, k.name) on:click=revoke>{w::REVOKE}</button>
                        }.into_any()
                    }}
                </li>
            }
        }
    };
    let list = move || {
        match keys.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) => view! { <Problem message=Signal::derive(move || Some(e.message())) /> }.into_any(),
        Some(Ok(list)) if list.keys.is_empty() => view! { <p class="ct-empty">{w::NO_KEYS}</p> }.into_any(),
        Some(Ok(list)) => view! { <ul class="ct-list">{list.keys.into_iter().map(row.clone()).collect_view()}</ul> }.into_any(),
    }
    };
    let secret = move || {
        created.get().map(|made| {
            view! {
                <div class="ct-secret" role="status" data-testid="new-key">
                    <p>{w::KEY_ONCE}</p>
                    <pre class="ct-code-block"><code data-testid="secret">{made.secret}</code></pre>
                </div>
            }
        })
    };
    view! {
        <main id="main" class="ct-main">
            <SectionNav console slug=slug.clone() current=None />
            <Heading console text=w::KEYS.to_owned() />
            <p class="ct-sub">{w::KEYS_HINT}</p>
            <Problem message=problem />
            {secret}
            {list}
            <form class="ct-form" novalidate on:submit=create data-testid="create-key">
                <label class="ct-label" for="key-name">{w::KEY_NAME}</label>
                <input id="key-name" class="ct-input" required autocomplete="off"
                    prop:value=name on:input=move |ev| name.set(event_target_value(&ev)) />
                <button type="submit" class="ct-primary" aria-disabled=move || busy.get().to_string()>{w::CREATE_KEY}</button>
            </form>
        </main>
    }
}
