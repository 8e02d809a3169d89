use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::{EmailLinkRequest, ErrorCode, SessionRequest};
use shared::client::Email;
use shared::paths::ApiPath;
use shared::Locale;

use crate::api::{self, ApiFailure};
use crate::components::{Heading, Problem};
use crate::route::Page;
use crate::state::Console;
use crate::texts::TEXTS;

/// Where the sign-in stands.
#[derive(Debug, Clone, PartialEq)]
enum Stage {
    /// Asking for an address.
    Ask,
    /// A link's token is being exchanged for a session.
    Exchanging,
    /// The link was used or has expired: ask for another.
    Refused,
    /// A link was sent to this address.
    Sent(String),
}

/// Signing in by email link. Without a token: an address, then "check your email". With the token of
/// a link (already taken out of the address by `mount`): the session, then today; a used or expired
/// link says so and asks for another. Signing up is the same screen asking for a sign-up link, which
/// any address gets; its link lands here too, and someone without a salon is then asked for one.
///
/// - `token`: the link's token, if the page was opened from one.
/// - `sign_up`: whether this is `/console/sign-up`.
#[component]
pub fn SignInScreen(console: Console, token: Option<String>, sign_up: bool) -> impl IntoView {
    let stage = RwSignal::new(if token.is_some() {
        Stage::Exchanging
    } else {
        Stage::Ask
    });
    let problem = RwSignal::new(None::<String>);
    if let Some(token) = token {
        spawn_local(async move {
            let result = api::act(
                "POST",
                &ApiPath::AuthSession.to_string(),
                Some(&SessionRequest { token }),
            )
            .await;
            match result {
                Ok(()) => {
                    console.load_me();
                    console.replace(Page::Home);
                }
                Err(e) => {
                    let refused = matches!(&e, ApiFailure::SignedOut)
                        || e.code() == Some(ErrorCode::InvalidSignInLink.as_str());
                    if !refused {
                        problem.set(Some(e.message()));
                    }
                    stage.set(if refused { Stage::Refused } else { Stage::Ask });
                }
            }
        });
    }
    let email = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let field_error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let address = match Email::parse(&email.get_untracked()) {
            Ok(a) => a.to_string(),
            Err(p) => {
                let m = p.message(Locale::En);
                console.announce.set(m.clone());
                field_error.set(Some(m));
                return;
            }
        };
        field_error.set(None);
        problem.set(None);
        busy.set(true);
        spawn_local(async move {
            let body = EmailLinkRequest {
                email: address.clone(),
            };
            let path = if sign_up {
                ApiPath::AuthSignUp
            } else {
                ApiPath::AuthEmailLink
            };
            let result = api::act("POST", &path.to_string(), Some(&body)).await;
            busy.set(false);
            match result {
                Ok(()) => {
                    console.announce.set(TEXTS.check_email.to_owned());
                    stage.set(Stage::Sent(address));
                }
                Err(e) => problem.set(Some(e.message())),
            }
        });
    };
    let form = move || {
        view! {
            <form class="ct-form" novalidate on:submit=submit data-testid="sign-in-form">
                <label class="ct-label" for="ct-email">{TEXTS.email_address}</label>
                <input id="ct-email" class="ct-input" type="email" autocomplete="email" inputmode="email" required
                    aria-invalid=move || field_error.with(Option::is_some).to_string() aria-describedby="ct-email-error"
                    prop:value=email on:input=move |ev| email.set(event_target_value(&ev)) />
                <p id="ct-email-error" class="ct-field-error">{move || field_error.get()}</p>
                <button type="submit" class="ct-primary" aria-disabled=move || busy.get().to_string()>
                    {move || if busy.get() { TEXTS.sending } else { TEXTS.send_link }}
                </button>
            </form>
        }
    };
    let body = move || {
        match stage.get() {
        Stage::Exchanging => view! {
            <Heading console text=TEXTS.signing_in.to_owned() />
            <div class="ct-skeleton" aria-busy="true"></div>
        }
        .into_any(),
        Stage::Ask if sign_up => view! {
            <Heading console text=TEXTS.sign_up.to_owned() />
            <p class="ct-sub">{TEXTS.sign_up_hint}</p>
            <Problem message=problem />
            {form}
            <p class="ct-sub">{TEXTS.have_account}" "<a class="ct-link" href=Page::SignIn.href()>{TEXTS.sign_in}</a></p>
        }
        .into_any(),
        Stage::Ask => view! {
            <Heading console text=TEXTS.sign_in.to_owned() />
            <p class="ct-sub">{TEXTS.sign_in_hint}</p>
            <Problem message=problem />
            {form}
            <p class="ct-sub">{TEXTS.new_here}" "<a class="ct-link" href=Page::SignUp.href() data-testid="to-sign-up">{TEXTS.create_salon}</a></p>
        }
        .into_any(),
        Stage::Refused => view! {
            <Heading console text=TEXTS.link_refused_title.to_owned() />
            <p class="ct-problem" role="alert" data-testid="link-refused">{TEXTS.link_refused}</p>
            <Problem message=problem />
            {form}
        }
        .into_any(),
        Stage::Sent(address) => view! {
            <Heading console text=TEXTS.check_email.to_owned() />
            <p data-testid="link-sent">{TEXTS.link_sent.replace("{email}", &address)}</p>
            <button type="button" class="ct-secondary" on:click=move |_| stage.set(Stage::Ask)>{TEXTS.another_address}</button>
        }
        .into_any(),
    }
    };
    view! {
        <main id="main" class="ct-main ct-narrow">
            <p class="ct-brand">"Chairtime"</p>
            {body}
        </main>
    }
}
