//! Messages as people read them: the outbox row's kind and language, and the booking, become a
//! subject, a plain-text body and a simple HTML body (or an SMS). A pure function of its inputs.
//!
//! The words live in `edge/templates/<language>.txt`, one file per language, in a format a
//! translator can edit without reading code (its header explains it). Dates are written in words in
//! the salon's time zone.

use jiff::tz::TimeZone;
use jiff::Timestamp;
use shared::notices::Kind;
use shared::Locale;

use crate::http::escape_html as escape;

/// The template file of a language.
fn source(locale: Locale) -> &'static str {
    match locale {
        Locale::En => include_str!("../../templates/en.txt"),
        Locale::Fr => include_str!("../../templates/fr.txt"),
        Locale::Es => include_str!("../../templates/es.txt"),
        Locale::De => include_str!("../../templates/de.txt"),
    }
}

/// The text of template `name` in `locale`: the lines after `== name` up to the next `==`, without
/// notes (`#`) and surrounding blank lines. Empty when the file lacks it (a test checks none does).
pub fn template(locale: Locale, name: &str) -> String {
    let mut lines = source(locale).lines();
    let heading = format!("== {name}");
    if !lines.any(|l| l.trim_end() == heading) {
        return String::new();
    }
    let body: Vec<&str> = lines
        .take_while(|l| !l.starts_with("== "))
        .filter(|l| !l.starts_with('#'))
        .collect();
    body.join("\n").trim().to_owned()
}

/// The names of every template a language file must have.
pub fn template_names() -> Vec<String> {
    let mut names = Vec::new();
    for kind in Kind::ALL {
        names.push(format!("{}.subject", kind.as_str()));
        names.push(format!("{}.text", kind.as_str()));
    }
    names.push("reminder.sms".to_owned());
    for name in [
        "label.service",
        "label.staff",
        "label.when",
        "label.price",
        "label.code",
        "label.manage",
        "label.none",
        "label.address",
        "manage.open",
        "manage.closed",
        "format.when",
        "format.duration",
        "names.weekdays",
        "names.months",
        "label.salon_message",
        "signin.subject",
        "signin.text",
        "signup.subject",
        "signup.text",
        "invite.subject",
        "invite.text",
    ] {
        names.push(name.to_owned());
    }
    names
}

/// Replaces each `{name}` of `template` with `value(name)` (left as written when it has none); the
/// text between them goes through `literal`.
fn fill(
    template: &str,
    literal: impl Fn(&str) -> String,
    value: impl Fn(&str) -> Option<String>,
) -> String {
    let mut out = String::with_capacity(template.len() * 2);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|i| open + i) else {
            break;
        };
        out.push_str(&literal(&rest[..open]));
        let name = &rest[open + 1..close];
        match value(name) {
            Some(v) => out.push_str(&v),
            None => out.push_str(&literal(&rest[open..=close])),
        }
        rest = &rest[close + 1..];
    }
    out.push_str(&literal(rest));
    out
}

/// Everything a message may say about a booking.
#[derive(Debug, Clone, Copy)]
pub struct Booked<'a> {
    pub salon: &'a str,
    pub client: &'a str,
    pub service: &'a str,
    pub staff: &'a str,
    pub start: Timestamp,
    pub tz: &'a TimeZone,
    pub tz_name: &'a str,
    pub duration_minutes: u16,
    pub price_cents: u32,
    pub currency: &'a str,
    pub code: &'a str,
    pub manage_url: &'a str,
    /// The last instant the client may cancel or move it online.
    pub deadline: Timestamp,
    /// When the message is sent: past the deadline, it says to contact the salon instead.
    pub sent_at: Timestamp,
    pub client_email: Option<&'a str>,
    pub client_phone: Option<&'a str>,
    pub notes: &'a str,
    /// The salon's words to the client with a cancellation; empty when none.
    pub cancel_message: &'a str,
    /// The salon's contact details; empty when not given.
    pub address: &'a str,
    pub salon_phone: Option<&'a str>,
    pub salon_email: Option<&'a str>,
}

/// An instant in words in the salon's zone: "Tuesday 8 December 2026 at 10:00".
pub fn when(locale: Locale, at: Timestamp, tz: &TimeZone) -> String {
    let local = at.to_zoned(tz.clone());
    let weekdays = template(locale, "names.weekdays");
    let months = template(locale, "names.months");
    let weekday = weekdays
        .split_whitespace()
        .nth(local.weekday().to_monday_zero_offset() as usize)
        .unwrap_or_default()
        .to_owned();
    let month = months
        .split_whitespace()
        .nth(local.month() as usize - 1)
        .unwrap_or_default()
        .to_owned();
    fill(&template(locale, "format.when"), str::to_owned, |name| {
        Some(match name {
            "weekday" => weekday.clone(),
            "day" => local.day().to_string(),
            "month" => month.clone(),
            "year" => local.year().to_string(),
            "time" => format!("{:02}:{:02}", local.hour(), local.minute()),
            _ => return None,
        })
    })
}

/// A price as the language writes it: `€55.00` in English, `55,00 €` elsewhere.
pub fn price(locale: Locale, cents: u32, currency: &str) -> String {
    let symbol = match currency {
        "EUR" => "€",
        "GBP" => "£",
        "USD" => "$",
        other => other,
    };
    let (units, rest) = (cents / 100, cents % 100);
    match locale {
        Locale::En if symbol.chars().count() == 1 => format!("{symbol}{units}.{rest:02}"),
        Locale::En => format!("{symbol} {units}.{rest:02}"),
        _ => format!("{units},{rest:02}\u{a0}{symbol}"),
    }
}

/// The rows of `{details}`: label and value.
fn details(locale: Locale, b: &Booked<'_>) -> Vec<(String, String)> {
    let duration =
        template(locale, "format.duration").replace("{minutes}", &b.duration_minutes.to_string());
    let rows = vec![
        (
            template(locale, "label.service"),
            format!(
                "{} ({duration}, {})",
                b.service,
                price(locale, b.price_cents, b.currency)
            ),
        ),
        (template(locale, "label.staff"), b.staff.to_owned()),
        (
            template(locale, "label.when"),
            format!("{} ({})", when(locale, b.start, b.tz), b.tz_name),
        ),
        (template(locale, "label.code"), b.code.to_owned()),
    ];
    rows.into_iter()
        .chain(
            (!b.address.is_empty())
                .then(|| (template(locale, "label.address"), b.address.to_owned())),
        )
        .collect()
}

/// How the client can change the booking: online until the deadline, else through the salon.
fn manage_template(locale: Locale, b: &Booked<'_>) -> String {
    let open = b.sent_at < b.deadline;
    template(locale, if open { "manage.open" } else { "manage.closed" })
}

/// The value of a placeholder other than `{details}`, as plain text.
fn value(locale: Locale, b: &Booked<'_>, name: &str) -> Option<String> {
    if name == "manage" {
        return Some(fill(&manage_template(locale, b), str::to_owned, |n| {
            value(locale, b, n)
        }));
    }
    let or_none = |v: Option<&str>| {
        v.filter(|v| !v.is_empty())
            .map_or_else(|| template(locale, "label.none"), str::to_owned)
    };
    Some(match name {
        "salon" => b.salon.to_owned(),
        "client" => b.client.to_owned(),
        "service" => b.service.to_owned(),
        "staff" => b.staff.to_owned(),
        "when" => when(locale, b.start, b.tz),
        "deadline" => when(locale, b.deadline, b.tz),
        "duration" => b.duration_minutes.to_string(),
        "price" => price(locale, b.price_cents, b.currency),
        "code" => b.code.to_owned(),
        "manage_url" => b.manage_url.to_owned(),
        "client_email" => or_none(b.client_email),
        "client_phone" => or_none(b.client_phone),
        "notes" => or_none(Some(b.notes)),
        "salon_contact" => {
            let known: Vec<&str> = [b.salon_phone, b.salon_email]
                .into_iter()
                .flatten()
                .collect();
            if known.is_empty() {
                String::new()
            } else {
                format!(" ({})", known.join(", "))
            }
        }
        _ => return None,
    })
}

/// An email: subject, plain text and HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The email of `kind` in `locale`.
pub fn email(kind: Kind, locale: Locale, b: &Booked<'_>) -> Rendered {
    let subject = fill(
        &template(locale, &format!("{}.subject", kind.as_str())),
        str::to_owned,
        |name| value(locale, b, name),
    );
    let body = template(locale, &format!("{}.text", kind.as_str()));
    let rows = details(locale, b);
    let text = fill(&body, str::to_owned, |name| match name {
        "details" => Some(
            rows.iter()
                .map(|(label, v)| format!("{label}: {v}"))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        _ => value(locale, b, name),
    });
    let mut html = String::new();
    for paragraph in body.split("\n\n") {
        if paragraph.trim() == "{details}" {
            html.push_str(&details_table(&rows));
            continue;
        }
        let filled = fill(paragraph, escape, |name| html_value(locale, b, name));
        html.push_str(&format!(
            "<p style=\"margin:0 0 16px\">{}</p>\n",
            filled.replace('\n', "<br>\n")
        ));
    }
    let mut text = text;
    if kind == Kind::Cancellation && !b.cancel_message.is_empty() {
        let label = fill(
            &template(locale, "label.salon_message"),
            str::to_owned,
            |name| value(locale, b, name),
        );
        text.push_str(&format!("\n\n{label}\n{}", b.cancel_message));
        html.push_str(&format!(
            "<p style=\"margin:0 0 16px\"><strong>{}</strong><br>\n{}</p>\n",
            escape(&label),
            escape(b.cancel_message).replace('\n', "<br>\n")
        ));
    }
    let html = document(locale, &subject, &html);
    Rendered {
        subject,
        text,
        html,
    }
}

/// A whole HTML email around `body`.
fn document(locale: Locale, subject: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n</head>\n\
         <body style=\"margin:0;padding:24px 12px;background:#f5f3f0;color:#1f1a17;\
         font:16px/1.5 -apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif\">\n\
         <div style=\"max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px\">\n\
         {body}</div>\n</body>\n</html>\n",
        lang = locale.tag(),
        title = escape(subject),
    )
}

/// The email with a sign-in link to the console.
pub fn sign_in(locale: Locale, link: &str) -> Rendered {
    link_mail(locale, "signin", link, "")
}

/// An email whose point is one link to the console: `signin`, `signup` or `invite` (which names the
/// salon).
pub fn link_mail(locale: Locale, kind: &str, link: &str, salon: &str) -> Rendered {
    let value = |name: &str| match name {
        "link" => Some(link.to_owned()),
        "salon" => Some(salon.to_owned()),
        _ => None,
    };
    let subject = fill(
        &template(locale, &format!("{kind}.subject")),
        str::to_owned,
        value,
    );
    let body = template(locale, &format!("{kind}.text"));
    let text = fill(&body, str::to_owned, value);
    let mut html = String::new();
    for paragraph in body.split("\n\n") {
        let filled = fill(paragraph, escape, |name| match name {
            "salon" => Some(escape(salon)),
            "link" => Some({
                format!(
                    "<a href=\"{}\" style=\"display:inline-block;padding:12px 20px;background:#7a3e1d;\
                     color:#ffffff;border-radius:6px;text-decoration:none;font-weight:600\">{}</a>",
                    escape(link),
                    escape(&subject)
                )
            }),
            _ => None,
        });
        html.push_str(&format!(
            "<p style=\"margin:0 0 16px\">{}</p>\n",
            filled.replace('\n', "<br>\n")
        ));
    }
    let html = document(locale, &subject, &html);
    Rendered {
        subject,
        text,
        html,
    }
}

/// The value of a placeholder as HTML: text escaped, the manage link a link.
fn html_value(locale: Locale, b: &Booked<'_>, name: &str) -> Option<String> {
    match name {
        "manage_url" => Some(format!(
            "<a href=\"{}\" style=\"color:#7a3e1d\">{}</a>",
            escape(b.manage_url),
            escape(&template(locale, "label.manage"))
        )),
        "manage" => Some(fill(&manage_template(locale, b), escape, |n| {
            html_value(locale, b, n)
        })),
        _ => value(locale, b, name).map(|v| escape(&v)),
    }
}

/// The booking's facts as a table with row headers: the one place a table is the right markup.
fn details_table(rows: &[(String, String)]) -> String {
    let mut out = String::from("<table style=\"border-collapse:collapse;margin:0 0 16px\">\n");
    for (label, value) in rows {
        out.push_str(&format!(
            "<tr><th scope=\"row\" style=\"text-align:left;vertical-align:top;padding:4px 16px 4px 0;\
             font-weight:600\">{}</th><td style=\"padding:4px 0\">{}</td></tr>\n",
            escape(label),
            escape(value).replace('\n', "<br>")
        ));
    }
    out.push_str("</table>\n");
    out
}

/// The text message of `kind` in `locale` (only reminders go by SMS).
pub fn sms(kind: Kind, locale: Locale, b: &Booked<'_>) -> String {
    fill(
        &template(locale, &format!("{}.sms", kind.as_str())),
        str::to_owned,
        |name| value(locale, b, name),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn booked(tz: &TimeZone) -> Booked<'_> {
        Booked {
            salon: "Maison <Fifi>",
            client: "Zoé O'Neil",
            service: "Women's cut",
            staff: "Ana",
            start: "2026-12-08T09:00:00Z".parse().unwrap(),
            tz,
            tz_name: "Europe/Paris",
            duration_minutes: 60,
            price_cents: 5500,
            currency: "EUR",
            code: "7KQ4XM",
            manage_url: "https://book.example/b/tok",
            deadline: "2026-12-07T09:00:00Z".parse().unwrap(),
            sent_at: "2026-12-01T18:00:00Z".parse().unwrap(),
            client_email: Some("zoe@example.com"),
            client_phone: None,
            notes: "",
            cancel_message: "",
            address: "",
            salon_phone: None,
            salon_email: None,
        }
    }

    #[test]
    fn every_language_has_every_template_with_the_english_placeholders() {
        let placeholders = |text: &str| {
            let mut names: Vec<String> = text
                .split('{')
                .skip(1)
                .filter_map(|s| s.split_once('}').map(|(n, _)| n.to_owned()))
                .collect();
            names.sort();
            names
        };
        for locale in Locale::ALL {
            for name in template_names() {
                let text = template(locale, &name);
                assert!(!text.is_empty(), "{name} is missing in {}", locale.tag());
                assert_eq!(
                    placeholders(&text),
                    placeholders(&template(Locale::En, &name)),
                    "{name} in {}",
                    locale.tag()
                );
            }
            assert_eq!(
                template(locale, "names.weekdays")
                    .split_whitespace()
                    .count(),
                7
            );
            assert_eq!(
                template(locale, "names.months").split_whitespace().count(),
                12
            );
        }
    }

    #[test]
    fn times_are_words_in_the_salons_zone_on_both_sides_of_a_clock_change() {
        let paris = TimeZone::get("Europe/Paris").unwrap();
        let at = |s: &str| s.parse::<Timestamp>().unwrap();
        // 2027-03-28 01:30 UTC is 03:30 in Paris, just after clocks went forward; a day earlier the
        // same instant of day was 02:30.
        let table = [
            (
                Locale::En,
                "2027-03-28T01:30:00Z",
                "Sunday 28 March 2027 at 03:30",
            ),
            (
                Locale::En,
                "2027-03-27T01:30:00Z",
                "Saturday 27 March 2027 at 02:30",
            ),
            (
                Locale::Fr,
                "2026-12-31T22:59:00Z",
                "jeudi 31 décembre 2026 à 23:59",
            ),
            (
                Locale::Es,
                "2028-02-29T08:00:00Z",
                "martes, 29 de febrero de 2028, a las 09:00",
            ),
            (
                Locale::De,
                "2027-10-31T00:30:00Z",
                "Sonntag, 31. Oktober 2027 um 02:30 Uhr",
            ),
            (
                Locale::De,
                "2027-10-31T01:30:00Z",
                "Sonntag, 31. Oktober 2027 um 02:30 Uhr",
            ),
        ];
        for (locale, instant, expected) in table {
            assert_eq!(when(locale, at(instant), &paris), expected, "{instant}");
        }
    }

    #[test]
    fn prices_follow_the_language() {
        assert_eq!(price(Locale::En, 5500, "EUR"), "€55.00");
        assert_eq!(price(Locale::En, 1805, "CHF"), "CHF 18.05");
        assert_eq!(price(Locale::Fr, 5500, "EUR"), "55,00\u{a0}€");
        assert_eq!(price(Locale::De, 99, "GBP"), "0,99\u{a0}£");
    }

    #[test]
    fn a_confirmation_reads_as_a_person_would_write_it() {
        let paris = TimeZone::get("Europe/Paris").unwrap();
        let m = email(Kind::Confirmation, Locale::En, &booked(&paris));
        assert_eq!(
            m.subject,
            "Booked: Women's cut at Maison <Fifi>, Tuesday 8 December 2026 at 10:00"
        );
        assert_eq!(
            m.text,
            "Hello Zoé O'Neil,\n\n\
             Your booking at Maison <Fifi> is confirmed.\n\n\
             What: Women's cut (60 min, €55.00)\n\
             With: Ana\n\
             When: Tuesday 8 December 2026 at 10:00 (Europe/Paris)\n\
             Booking code: 7KQ4XM\n\n\
             You can cancel or move it online until Monday 7 December 2026 at 10:00: \
             https://book.example/b/tok\n\n\
             The attached calendar file adds it to your calendar."
        );
        assert!(m.html.starts_with("<!doctype html>\n<html lang=\"en\">"));
        assert!(m.html.contains("Maison &lt;Fifi&gt;") && !m.html.contains("<Fifi>"));
        assert!(m.html.contains("Zoé O&#39;Neil"));
        assert!(m.html.contains(
            "<a href=\"https://book.example/b/tok\" style=\"color:#7a3e1d\">Manage your booking</a>"
        ));
        assert!(m.html.contains("<th scope=\"row\""));
        assert_eq!(
            m.html.matches("<table").count(),
            1,
            "only the facts are a table"
        );
    }

    #[test]
    fn past_the_cutoff_a_message_says_to_contact_the_salon_instead() {
        let paris = TimeZone::get("Europe/Paris").unwrap();
        let late = Booked {
            // Booked at 09:30 for 10:00 the same day, with a day's cutoff.
            sent_at: "2026-12-08T08:30:00Z".parse().unwrap(),
            salon_phone: Some("+33142685300"),
            address: "3 rue Blanche\n75009 Paris",
            ..booked(&paris)
        };
        let m = email(Kind::Confirmation, Locale::En, &late);
        assert!(
            m.text.contains(
                "It can no longer be changed online; to change it, please contact Maison <Fifi> \
                 (+33142685300). Your booking: https://book.example/b/tok"
            ),
            "{}",
            m.text
        );
        assert!(!m.text.contains("until"), "{}", m.text);
        assert!(m
            .html
            .contains("please contact Maison &lt;Fifi&gt; (+33142685300). Your booking: <a href="));
        assert!(
            m.text.contains("Where: 3 rue Blanche\n75009 Paris"),
            "{}",
            m.text
        );
        assert!(m
            .html
            .contains("<td style=\"padding:4px 0\">3 rue Blanche<br>75009 Paris</td>"));
        let on_time = email(Kind::Reminder, Locale::Fr, &booked(&paris));
        assert!(
            on_time
                .text
                .contains("jusqu'au lundi 7 décembre 2026 à 10:00"),
            "{}",
            on_time.text
        );
    }

    #[test]
    fn every_message_renders_in_every_language_with_nothing_left_unfilled() {
        let paris = TimeZone::get("Europe/Paris").unwrap();
        let b = booked(&paris);
        for locale in Locale::ALL {
            for kind in Kind::ALL {
                let m = email(kind, locale, &b);
                for part in [&m.subject, &m.text, &m.html] {
                    assert!(
                        !part.contains('{') && !part.contains('}'),
                        "{kind:?} {}: {part}",
                        locale.tag()
                    );
                }
                assert!(m.text.contains("7KQ4XM"), "{kind:?} {}", locale.tag());
                assert!(m.html.contains(&format!("lang=\"{}\"", locale.tag())));
            }
            let sms = sms(Kind::Reminder, locale, &b);
            assert!(sms.contains("https://book.example/b/tok") && !sms.contains('{'));
            assert!(sms.chars().count() <= 160 * 2, "{sms}");
        }
        let owner = email(Kind::OwnerNew, Locale::De, &b);
        assert!(
            owner.text.contains("E-Mail: zoe@example.com")
                && owner.text.contains("Telefon: (keine)")
        );
    }

    #[test]
    fn a_cancellation_by_the_salon_carries_its_message_escaped_in_html() {
        let tz = TimeZone::get("Europe/Paris").unwrap();
        let with_message = Booked {
            cancel_message: "Ana is ill <sorry>.\nCall us to book again.",
            ..booked(&tz)
        };
        for locale in Locale::ALL {
            let mail = email(Kind::Cancellation, locale, &with_message);
            assert!(mail
                .text
                .ends_with("Ana is ill <sorry>.\nCall us to book again."));
            assert!(mail.text.contains(&fill(
                &template(locale, "label.salon_message"),
                str::to_owned,
                |n| value(locale, &with_message, n)
            )));
            assert!(
                mail.html.contains("Ana is ill &lt;sorry&gt;.<br>"),
                "{}",
                mail.html
            );
        }
        let without = email(Kind::Cancellation, Locale::En, &booked(&tz));
        assert!(!without.text.contains("A message from"));
        let confirmation = email(Kind::Confirmation, Locale::En, &with_message);
        assert!(
            !confirmation.text.contains("Ana is ill"),
            "only cancellations carry it"
        );
    }

    #[test]
    fn a_sign_in_mail_holds_its_link_once_in_text_and_as_a_button() {
        let link = "https://book.example/console/sign-in#token=abc_DEF-123";
        for locale in Locale::ALL {
            let mail = sign_in(locale, link);
            assert_eq!(mail.subject, template(locale, "signin.subject"));
            assert_eq!(mail.text.matches(link).count(), 1, "{}", mail.text);
            assert!(
                mail.html.contains(&format!("href=\"{link}\"")),
                "{}",
                mail.html
            );
            assert!(mail.text.contains("15"), "it says how long it works");
        }
    }
}
