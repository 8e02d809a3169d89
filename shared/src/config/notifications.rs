//! Who hears about bookings, and when reminders go out (SPEC §9): the `notifications` section of the
//! configuration document.

use serde::{Deserialize, Serialize};

use super::{Collector, ConfigIssue};
use crate::client::Email;

/// The reminder leads a salon gets when it names none: one, a day before.
pub const DEFAULT_REMINDER_MINUTES: [u32; 1] = [1440];

/// The shortest and longest lead of a reminder, in minutes (half an hour, a week).
pub const REMINDER_MINUTES: (u32, u32) = (30, 10080);

/// The most reminders one booking may get.
pub const MAX_REMINDERS: usize = 3;

/// The `notifications` section as the document writes it; every field is optional.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotificationsWire {
    /// Where a client's reply to a message goes; the salon's first owner address when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<String>,
    /// Who at the salon hears about every new, moved or cancelled booking.
    #[serde(default)]
    pub owner_emails: Vec<String>,
    /// How long before the start each reminder goes, in minutes.
    #[serde(default = "default_reminders")]
    pub reminder_minutes_before: Vec<u32>,
    /// Whether reminders also go by SMS to clients who gave a phone number.
    #[serde(default)]
    pub sms_reminders: bool,
}

fn default_reminders() -> Vec<u32> {
    DEFAULT_REMINDER_MINUTES.to_vec()
}

impl Default for NotificationsWire {
    fn default() -> Self {
        NotificationsWire {
            reply_to: None,
            owner_emails: Vec::new(),
            reminder_minutes_before: default_reminders(),
            sms_reminders: false,
        }
    }
}

/// The validated settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notifications {
    pub reply_to: Option<Email>,
    pub owner_emails: Vec<Email>,
    /// Distinct leads in minutes, each in [`REMINDER_MINUTES`], at most [`MAX_REMINDERS`].
    pub reminder_minutes_before: Vec<u32>,
    pub sms_reminders: bool,
}

/// Checks the section; records its problems under `notifications.`.
pub(super) fn notifications(c: &mut Collector, wire: &NotificationsWire) -> Notifications {
    let reply_to = wire
        .reply_to
        .as_deref()
        .and_then(|v| email(c, "notifications.reply_to".to_owned(), v));
    let mut owner_emails: Vec<Email> = Vec::new();
    for (i, value) in wire.owner_emails.iter().enumerate() {
        if let Some(address) = email(c, format!("notifications.owner_emails[{i}]"), value) {
            if owner_emails.contains(&address) {
                c.add(
                    format!("notifications.owner_emails[{i}]"),
                    ConfigIssue::Duplicate,
                );
            } else {
                owner_emails.push(address);
            }
        }
    }
    if owner_emails.len() > 10 {
        c.add(
            "notifications.owner_emails",
            ConfigIssue::TooMany { max: 10 },
        );
    }
    let leads = &wire.reminder_minutes_before;
    if leads.len() > MAX_REMINDERS {
        c.add(
            "notifications.reminder_minutes_before",
            ConfigIssue::TooMany {
                max: MAX_REMINDERS as u64,
            },
        );
    }
    let (min, max) = REMINDER_MINUTES;
    for (i, &lead) in leads.iter().enumerate() {
        let path = format!("notifications.reminder_minutes_before[{i}]");
        if !(min..=max).contains(&lead) {
            c.add(
                path,
                ConfigIssue::OutOfRange {
                    min: min.into(),
                    max: max.into(),
                },
            );
        } else if leads[..i].contains(&lead) {
            c.add(path, ConfigIssue::Duplicate);
        }
    }
    Notifications {
        reply_to,
        owner_emails,
        reminder_minutes_before: leads.clone(),
        sms_reminders: wire.sms_reminders,
    }
}

/// An address, or `None` with its problem recorded.
fn email(c: &mut Collector, path: String, value: &str) -> Option<Email> {
    match Email::parse(value) {
        Ok(email) => Some(email),
        Err(_) => {
            c.add(path, ConfigIssue::InvalidEmail);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::parse_document;

    fn with(notifications: &str) -> Result<super::Notifications, Vec<(String, &'static str)>> {
        let doc = format!(
            r#"{{"name": "Fifi", "timezone": "Europe/Paris", "currency": "EUR", "country": "FR",
                 "notifications": {notifications}}}"#
        );
        parse_document(&doc)
            .map(|c| c.notifications)
            .map_err(|problems| {
                problems
                    .into_iter()
                    .map(|p| (p.path, p.problem.code()))
                    .collect()
            })
    }

    #[test]
    fn every_field_is_optional_and_a_day_ahead_is_the_default_reminder() {
        let n = with("{}").unwrap();
        assert_eq!(n.reminder_minutes_before, vec![1440]);
        assert!(n.owner_emails.is_empty() && n.reply_to.is_none() && !n.sms_reminders);
        let n = with(r#"{"reminder_minutes_before": []}"#).unwrap();
        assert!(
            n.reminder_minutes_before.is_empty(),
            "an owner may turn reminders off"
        );
    }

    #[test]
    fn addresses_and_leads_are_checked_where_they_are() {
        let n = with(
            r#"{"reply_to": "Hello@Fifi.example", "owner_emails": ["a@fifi.example", "b@fifi.example"],
                "reminder_minutes_before": [30, 1440, 10080], "sms_reminders": true}"#,
        )
        .unwrap();
        assert_eq!(n.reply_to.unwrap().as_ref(), "Hello@fifi.example");
        assert_eq!(n.owner_emails.len(), 2);
        assert_eq!(n.reminder_minutes_before, vec![30, 1440, 10080]);
        let problems = with(
            r#"{"reply_to": "nope", "owner_emails": ["a@fifi.example", "a@FIFI.example", "x"],
                "reminder_minutes_before": [29, 60, 60, 10081]}"#,
        )
        .unwrap_err();
        let expected = [
            ("notifications.reply_to", "invalid_email"),
            ("notifications.owner_emails[1]", "duplicate"),
            ("notifications.owner_emails[2]", "invalid_email"),
            ("notifications.reminder_minutes_before", "too_many"),
            ("notifications.reminder_minutes_before[0]", "out_of_range"),
            ("notifications.reminder_minutes_before[2]", "duplicate"),
            ("notifications.reminder_minutes_before[3]", "out_of_range"),
        ];
        let problems: Vec<(&str, &str)> = problems.iter().map(|(p, c)| (p.as_str(), *c)).collect();
        assert_eq!(problems, expected);
        let unknown = with(r#"{"sms": true}"#).unwrap_err();
        assert_eq!(unknown[0].1, "invalid_document");
    }
}
