//! Signing in to the console as a test: an owner's salon, a link read from mail-local, the session
//! cookie, and requests that carry it as the console's own pages do.

use serde_json::{json, Value};
use shared::api::SalonCreated;
use shared::paths::ApiPath;

use crate::mail::Mail;
use crate::{unique, Answer, Api, TestSalon};

/// A signed-in browser: its session cookie, and the app's own origin for writes.
#[derive(Debug, Clone)]
pub struct Session {
    pub cookie: String,
    pub origin: String,
}

impl Session {
    /// The session an answer to `POST /v1/auth/session` opened, for requests from `origin`.
    pub fn opened_by(answer: &Answer, origin: &str) -> Session {
        let set_cookie = answer.header("set-cookie").expect("a session cookie");
        Session {
            cookie: set_cookie
                .split(';')
                .next()
                .expect("a name=value pair")
                .to_owned(),
            origin: origin.to_owned(),
        }
    }

    /// The cookie's value: the session's secret.
    pub fn secret(&self) -> &str {
        self.cookie.split_once('=').map_or("", |(_, v)| v)
    }
}

/// A fresh address for a test's user.
pub fn unique_email(prefix: &str) -> String {
    format!("{}@accounts.example", unique(prefix))
}

/// The token in the newest sign-in link mailed to `email`, waiting for the `count`th message.
pub fn link_token(mail: &Mail, email: &str, count: usize) -> String {
    let messages = mail.wait_for(email, count);
    assert!(
        messages.len() >= count,
        "{email} got {} messages, expected {count}",
        messages.len()
    );
    let text = messages[0]["text"].as_str().unwrap_or_default();
    let start = text
        .find("#token=")
        .unwrap_or_else(|| panic!("no sign-in link in {text:?}"))
        + "#token=".len();
    text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

impl Api {
    /// Creates a salon with `config` whose owner is `owner_email`.
    pub fn create_salon_owned_by(&self, config: &Value, owner_email: &str) -> TestSalon {
        let slug = unique("salon");
        let auth = format!("Bearer {}", self.platform_token);
        let answer = self.call(
            "POST",
            &ApiPath::AdminSalons.to_string(),
            &[("authorization", &auth)],
            Some(
                &json!({ "slug": slug, "config": config, "owner_email": owner_email }).to_string(),
            ),
        );
        assert_eq!(answer.status, 201, "creating a salon: {}", answer.text);
        TestSalon {
            slug,
            owner_key: answer.json::<SalonCreated>().owner_key,
        }
    }

    /// Asks for a sign-in link for `email`.
    pub fn ask_link(&self, email: &str) -> Answer {
        self.call(
            "POST",
            &ApiPath::AuthEmailLink.to_string(),
            &[],
            Some(&json!({ "email": email }).to_string()),
        )
    }

    /// Exchanges a link's token for a session, from the app's own origin.
    pub fn open_session(&self, token: &str) -> Answer {
        self.call(
            "POST",
            &ApiPath::AuthSession.to_string(),
            &[("origin", &self.base)],
            Some(&json!({ "token": token }).to_string()),
        )
    }

    /// Signs `email` in through a mailed link (the `count`th message to that address).
    pub fn sign_in(&self, mail: &Mail, email: &str, count: usize) -> Session {
        let asked = self.ask_link(email);
        assert_eq!(asked.status, 202, "{}", asked.text);
        let token = link_token(mail, email, count);
        let opened = self.open_session(&token);
        assert_eq!(opened.status, 204, "{}", opened.text);
        Session::opened_by(&opened, &self.base)
    }

    /// A request with the session's cookie and the app's origin.
    pub fn as_member(
        &self,
        session: &Session,
        method: &str,
        path: &str,
        body: Option<&str>,
    ) -> Answer {
        self.call(
            method,
            path,
            &[("cookie", &session.cookie), ("origin", &session.origin)],
            body,
        )
    }
}
