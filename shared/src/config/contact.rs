//! How clients reach the salon (SPEC §10): the optional `contact` section of the configuration
//! document, shown in messages and wherever a booking can no longer be changed online.

use serde::{Deserialize, Serialize};

use super::{Collector, ConfigIssue};
use crate::client::{Email, Phone};
use crate::text::{Lines, TextRule};

/// A postal address: a few lines, at most 300 characters.
pub const ADDRESS_RULE: TextRule = TextRule {
    lines: Lines::Many,
    required: false,
    max: 300,
};

/// The `contact` section as the document writes it; every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactWire {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

/// The validated section: a phone in E.164, an address, lines trimmed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contact {
    pub phone: Option<Phone>,
    pub email: Option<Email>,
    /// Empty when none.
    pub address: String,
}

/// Checks the section, reading a national phone number as `country`'s.
pub(super) fn contact(c: &mut Collector, wire: &ContactWire, country: &str) -> Contact {
    let phone = wire
        .phone
        .as_deref()
        .and_then(|v| match Phone::parse(v, country) {
            Ok(phone) => Some(phone),
            Err(_) => {
                c.add("contact.phone", ConfigIssue::InvalidPhone);
                None
            }
        });
    let email = wire.email.as_deref().and_then(|v| match Email::parse(v) {
        Ok(email) => Some(email),
        Err(_) => {
            c.add("contact.email", ConfigIssue::InvalidEmail);
            None
        }
    });
    let address = c.text(
        "contact.address",
        wire.address.as_deref().unwrap_or(""),
        ADDRESS_RULE,
    );
    Contact {
        phone,
        email,
        address,
    }
}

#[cfg(test)]
mod tests {
    use crate::config::parse_document;

    fn with(contact: &str) -> Result<super::Contact, Vec<(String, &'static str)>> {
        let doc = format!(
            r#"{{"name": "Fifi", "timezone": "Europe/Paris", "currency": "EUR", "country": "FR",
                 "contact": {contact}}}"#
        );
        parse_document(&doc).map(|c| c.contact).map_err(|problems| {
            problems
                .into_iter()
                .map(|p| (p.path, p.problem.code()))
                .collect()
        })
    }

    #[test]
    fn contact_details_are_optional_and_checked_where_they_are() {
        assert_eq!(with("{}").unwrap(), super::Contact::default());
        let c = with(
            r#"{"phone": "01 42 68 53 00", "email": "hello@fifi.example", "address": " 3 rue Blanche\n75009 Paris "}"#,
        )
        .unwrap();
        assert_eq!(c.phone.unwrap().as_ref(), "+33142685300");
        assert_eq!(c.address, "3 rue Blanche\n75009 Paris");
        let problems =
            with(r#"{"phone": "call us", "email": "x", "address": "a\u0007b"}"#).unwrap_err();
        let paths: Vec<(&str, &str)> = problems.iter().map(|(p, c)| (p.as_str(), *c)).collect();
        assert_eq!(
            paths,
            [
                ("contact.phone", "invalid_phone"),
                ("contact.email", "invalid_email"),
                ("contact.address", "control_characters"),
            ]
        );
    }
}
