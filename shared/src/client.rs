//! What a client types into the booking form, parsed into types that can only hold valid values.
//!
//! The widget runs exactly this code as the client types, and the edge runs it again on receipt, so both
//! show the same message for the same mistake.

use std::collections::BTreeMap;
use std::fmt;

use crate::api::{BookingRequestWire, ClientWire};
use crate::date::{MAX_YEAR, MIN_YEAR};
use crate::instant::{self, InstantError};
use crate::keys::Key;
use crate::locale::{FieldError, Locale};
use crate::phone::{self, PhoneError};
use crate::text::{Lines, TextError, TextRule};

/// Longest name, in characters.
pub const NAME_MAX: usize = 100;
/// Longest email address, in bytes (RFC 5321).
pub const EMAIL_MAX: usize = 254;
/// Longest note, in characters.
pub const NOTES_MAX: usize = 500;

/// A client's name: one line, required.
const NAME_RULE: TextRule = TextRule {
    lines: Lines::One,
    required: true,
    max: NAME_MAX,
};

/// Notes: several lines, optional.
const NOTES_RULE: TextRule = TextRule {
    lines: Lines::Many,
    required: false,
    max: NOTES_MAX,
};

/// A problem with one field, independent of language. [`Problem::code`] is stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// The field is empty.
    Required,
    /// The field is longer than `max` characters.
    TooLong {
        /// The limit.
        max: usize,
    },
    /// The field contains control characters such as newlines.
    ControlCharacters,
    /// The field contains invisible characters (zero-width spaces, joiners out of place) or
    /// bidirectional controls that reorder the text; see [`crate::text`].
    InvisibleCharacters,
    /// Not an email address of the form `name@example.com`.
    InvalidEmail,
    /// Not a phone number that can be dialled.
    InvalidPhone,
    /// Neither an email address nor a phone number was given.
    ContactRequired,
    /// Not an RFC 3339 date-time with an offset.
    InvalidDateTime,
    /// A real date-time, but outside the supported years ([`MIN_YEAR`] to [`MAX_YEAR`]).
    OutOfRange,
    /// Not a valid service or staff key.
    InvalidKey,
}

impl Problem {
    /// The stable machine code clients may depend on.
    pub fn code(self) -> &'static str {
        match self {
            Problem::Required => "required",
            Problem::TooLong { .. } => "too_long",
            Problem::ControlCharacters => "control_characters",
            Problem::InvisibleCharacters => "invisible_characters",
            Problem::InvalidEmail => "invalid_email",
            Problem::InvalidPhone => "invalid_phone",
            Problem::ContactRequired => "contact_required",
            Problem::InvalidDateTime => "invalid_datetime",
            Problem::OutOfRange => "out_of_range",
            Problem::InvalidKey => "invalid_key",
        }
    }

    /// A sentence for the client, in `locale`.
    pub fn message(self, locale: Locale) -> String {
        match self {
            // A client's problem does not say which field it is on; clients have always read the
            // one-line wording, notes included.
            Problem::Required => TextError::Required.message(Lines::One, locale),
            Problem::TooLong { max } => TextError::TooLong { max }.message(Lines::One, locale),
            Problem::ControlCharacters => TextError::ControlCharacters.message(Lines::One, locale),
            Problem::InvisibleCharacters => {
                TextError::InvisibleCharacters.message(Lines::One, locale)
            }
            Problem::InvalidEmail => locale
                .pick([
                    "Please enter an email address like name@example.com.",
                    "Veuillez saisir une adresse e-mail comme nom@exemple.fr.",
                    "Introduce un correo como nombre@ejemplo.es.",
                    "Bitte geben Sie eine E-Mail-Adresse wie name@beispiel.de ein.",
                ])
                .to_owned(),
            Problem::InvalidPhone => locale
                .pick([
                    "Please enter a phone number we can call, like +33 6 12 34 56 78.",
                    "Veuillez saisir un numéro joignable, comme 06 12 34 56 78.",
                    "Introduce un teléfono válido, como 612 34 56 78.",
                    "Bitte geben Sie eine gültige Telefonnummer ein, z. B. 030 1234567.",
                ])
                .to_owned(),
            Problem::ContactRequired => locale
                .pick([
                    "Please give an email address or a phone number.",
                    "Veuillez indiquer un e-mail ou un numéro de téléphone.",
                    "Indica un correo electrónico o un teléfono.",
                    "Bitte geben Sie eine E-Mail-Adresse oder Telefonnummer an.",
                ])
                .to_owned(),
            Problem::InvalidDateTime => locale
                .pick([
                    "Please choose a valid date and time.",
                    "Veuillez choisir une date et une heure valides.",
                    "Elige una fecha y hora válidas.",
                    "Bitte wählen Sie ein gültiges Datum und eine gültige Uhrzeit.",
                ])
                .to_owned(),
            Problem::OutOfRange => locale
                .pick([
                    "Please choose a date between {min} and {max}.",
                    "Veuillez choisir une date entre {min} et {max}.",
                    "Elige una fecha entre {min} y {max}.",
                    "Bitte wählen Sie ein Datum zwischen {min} und {max}.",
                ])
                .replace("{min}", &MIN_YEAR.to_string())
                .replace("{max}", &MAX_YEAR.to_string()),
            Problem::InvalidKey => locale
                .pick([
                    "Please choose from the list.",
                    "Veuillez choisir dans la liste.",
                    "Elige una opción de la lista.",
                    "Bitte wählen Sie aus der Liste.",
                ])
                .to_owned(),
        }
    }

    /// The client-facing error for this problem.
    pub fn to_field_error(self, locale: Locale) -> FieldError {
        FieldError {
            code: self.code().to_owned(),
            message: self.message(locale),
        }
    }
}

/// Every invalid field of one form, keyed by JSON path (`client.email`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Problems(pub BTreeMap<String, Problem>);

impl Problems {
    fn add(&mut self, path: &str, problem: Problem) {
        self.0.entry(path.to_owned()).or_insert(problem);
    }

    /// Whether no field is invalid.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Renders every problem in `locale`, for the `fields` object of the error body.
    pub fn render(&self, locale: Locale) -> BTreeMap<String, FieldError> {
        self.0
            .iter()
            .map(|(path, problem)| (path.clone(), problem.to_field_error(locale)))
            .collect()
    }
}

impl From<TextError> for Problem {
    fn from(error: TextError) -> Self {
        match error {
            TextError::Required => Problem::Required,
            TextError::TooLong { max } => Problem::TooLong { max },
            TextError::ControlCharacters => Problem::ControlCharacters,
            TextError::InvisibleCharacters => Problem::InvisibleCharacters,
        }
    }
}

/// A client's name: trimmed, 1 to 100 characters, one line, nothing invisible (the rules of
/// [`crate::text`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientName(String);

impl ClientName {
    /// Checks a name and trims it. A line break is refused even at an end, where trimming would hide it.
    pub fn parse(input: &str) -> Result<Self, Problem> {
        Ok(Self(NAME_RULE.parse(input)?.to_owned()))
    }
}

/// An email address: `local@domain.tld`, at most 254 bytes, no spaces, nothing invisible. The domain
/// is lower-cased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

/// An address is one line. Its limit is in bytes (RFC 5321), not characters, so [`Email::parse`]
/// checks it itself.
const EMAIL_RULE: TextRule = TextRule {
    lines: Lines::One,
    required: true,
    max: usize::MAX,
};

impl Email {
    /// Trims and checks an address.
    pub fn parse(input: &str) -> Result<Self, Problem> {
        // The address goes into a `To:` header: the name's rules apply, so a line break at an end or
        // an invisible character in the local part is refused rather than trimmed or kept. A control
        // character keeps the code an address has always had for it.
        let value = EMAIL_RULE.parse(input).map_err(|e| match e {
            TextError::ControlCharacters => Problem::InvalidEmail,
            other => other.into(),
        })?;
        if value.len() > EMAIL_MAX {
            return Err(Problem::TooLong { max: EMAIL_MAX });
        }
        let (local, domain) = value.rsplit_once('@').ok_or(Problem::InvalidEmail)?;
        // Lower-case before checking: lower-casing can lengthen a domain or add a combining mark
        // (`İ` becomes `i̇`), and the stored address must pass these checks again when read back.
        let domain = domain.to_lowercase();
        if local.len() + 1 + domain.len() > EMAIL_MAX {
            return Err(Problem::TooLong { max: EMAIL_MAX });
        }
        let well_formed = !local.is_empty()
            && local.len() <= 64
            && !local.contains('@')
            && domain.contains('.')
            && domain.split('.').all(|label| {
                !label.is_empty()
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            })
            && !value.chars().any(|c| c.is_whitespace() || c.is_control());
        if !well_formed {
            return Err(Problem::InvalidEmail);
        }
        Ok(Self(format!("{local}@{domain}")))
    }
}

/// A phone number in E.164 form (`+33612345678`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    /// Normalises a number, reading national numbers as `country`'s (ISO 3166 alpha-2).
    pub fn parse(input: &str, country: &str) -> Result<Self, Problem> {
        if input.trim().is_empty() {
            return Err(Problem::Required);
        }
        phone::normalise(input, country)
            .map(Self)
            .map_err(|_: PhoneError| Problem::InvalidPhone)
    }
}

/// Free-text notes for the salon: at most 500 characters, possibly empty. Line feeds and tabs are
/// allowed here; nothing invisible is (the rules of [`crate::text`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Notes(String);

impl Notes {
    /// Checks notes and trims them. `\r` is refused: the widget's text area only ever gives `\n`.
    pub fn parse(input: &str) -> Result<Self, Problem> {
        Ok(Self(NOTES_RULE.parse(input)?.to_owned()))
    }
}

macro_rules! read_as_str {
    ($($name:ident),*) => {$(
        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    )*};
}
read_as_str!(ClientName, Email, Phone, Notes);

/// Who the client is: a name and at least one way to reach them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientDetails {
    /// The client's name.
    pub name: ClientName,
    /// Email address, when given.
    pub email: Option<Email>,
    /// Phone number, when given.
    pub phone: Option<Phone>,
}

/// Whether a booking must say how to reach its client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contact {
    /// An email address or a phone number: every booking a client makes.
    Required,
    /// Neither is needed: a walk-in the salon books for someone standing at the counter.
    Optional,
}

impl ClientDetails {
    /// Parses the client part of a booking, collecting every problem under `client.*`.
    pub fn parse(wire: &ClientWire, country: &str) -> Result<Self, Problems> {
        Self::parse_with(wire, country, Contact::Required)
    }

    /// [`ClientDetails::parse`], with or without a way to reach the client.
    pub fn parse_with(
        wire: &ClientWire,
        country: &str,
        contact: Contact,
    ) -> Result<Self, Problems> {
        let mut problems = Problems::default();
        let name = ClientName::parse(&wire.name)
            .map_err(|p| problems.add("client.name", p))
            .ok();
        let optional = |value: &Option<String>| {
            value
                .as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let email_in = optional(&wire.email);
        let phone_in = optional(&wire.phone);
        let email = match &email_in {
            Some(e) => Email::parse(e)
                .map(Some)
                .map_err(|p| problems.add("client.email", p))
                .unwrap_or(None),
            None => None,
        };
        let phone = match &phone_in {
            Some(p) => Phone::parse(p, country)
                .map(Some)
                .map_err(|p| problems.add("client.phone", p))
                .unwrap_or(None),
            None => None,
        };
        if contact == Contact::Required && email_in.is_none() && phone_in.is_none() {
            problems.add("client.email", Problem::ContactRequired);
        }
        match name {
            Some(name) if problems.is_empty() => Ok(Self { name, email, phone }),
            _ => Err(problems),
        }
    }
}

/// Which staff member a booking asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaffChoice {
    /// Whoever is free, chosen by [`crate::slots::assign_any`].
    Any,
    /// One named staff member.
    Named(Key),
}

impl StaffChoice {
    /// How "whoever is free" is written on the wire, where a staff key could be.
    pub const ANY: &'static str = crate::keys::ANY_STAFF;

    /// Reads `any` or a staff key.
    pub fn parse(value: &str) -> Result<Self, Problem> {
        if value == Self::ANY {
            return Ok(StaffChoice::Any);
        }
        Key::parse(value)
            .map(StaffChoice::Named)
            .map_err(|_| Problem::InvalidKey)
    }
}

impl fmt::Display for StaffChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StaffChoice::Any => f.write_str(Self::ANY),
            StaffChoice::Named(key) => f.write_str(key.as_ref()),
        }
    }
}

/// A booking request whose every field is valid. Whether the slot is free is another question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingInput {
    /// The service's key.
    pub service: Key,
    /// The requested staff member, or anyone.
    pub staff: StaffChoice,
    /// The requested start instant.
    pub start: jiff::Timestamp,
    /// Who is booking.
    pub client: ClientDetails,
    /// Notes for the salon.
    pub notes: Notes,
}

/// Parses an RFC 3339 date-time with an offset into an instant, by the rules of
/// [`crate::instant::parse_instant`]; a refusal is [`Problem::InvalidDateTime`] or
/// [`Problem::OutOfRange`].
pub fn parse_instant(value: &str) -> Result<jiff::Timestamp, Problem> {
    instant::parse_instant(value).map_err(|e| match e {
        InstantError::Invalid => Problem::InvalidDateTime,
        InstantError::OutOfRange => Problem::OutOfRange,
    })
}

impl BookingInput {
    /// Parses a whole booking request, collecting every problem at once.
    pub fn parse(wire: &BookingRequestWire, country: &str) -> Result<Self, Problems> {
        Self::parse_with(wire, country, Contact::Required)
    }

    /// [`BookingInput::parse`], with or without a way to reach the client.
    pub fn parse_with(
        wire: &BookingRequestWire,
        country: &str,
        contact: Contact,
    ) -> Result<Self, Problems> {
        let mut problems = Problems::default();
        let service = Key::parse(&wire.service)
            .map_err(|_| problems.add("service", Problem::InvalidKey))
            .ok();
        let staff = StaffChoice::parse(&wire.staff)
            .map_err(|p| problems.add("staff", p))
            .ok();
        let start = parse_instant(&wire.start)
            .map_err(|p| problems.add("start", p))
            .ok();
        let client = ClientDetails::parse_with(&wire.client, country, contact)
            .map_err(|p| problems.0.extend(p.0))
            .ok();
        let notes = Notes::parse(wire.notes.as_deref().unwrap_or(""))
            .map_err(|p| problems.add("notes", p))
            .ok();
        match (service, staff, start, client, notes) {
            (Some(service), Some(staff), Some(start), Some(client), Some(notes))
                if problems.is_empty() =>
            {
                Ok(Self {
                    service,
                    staff,
                    start,
                    client,
                    notes,
                })
            }
            _ => Err(problems),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn wire(name: &str, email: Option<&str>, phone: Option<&str>) -> ClientWire {
        ClientWire {
            name: name.into(),
            email: email.map(Into::into),
            phone: phone.map(Into::into),
        }
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(ClientName::parse("  Ana  ").unwrap().as_ref(), "Ana");
        assert_eq!(ClientName::parse("   "), Err(Problem::Required));
        assert_eq!(
            ClientName::parse(&"é".repeat(101)),
            Err(Problem::TooLong { max: 100 })
        );
        assert!(ClientName::parse(&"é".repeat(100)).is_ok());
        assert_eq!(
            ClientName::parse("Ana\nBob"),
            Err(Problem::ControlCharacters)
        );
    }

    #[test]
    fn emails_need_a_local_part_and_a_dotted_domain() {
        assert_eq!(
            Email::parse("Ana@Example.COM").unwrap().as_ref(),
            "Ana@example.com"
        );
        for bad in [
            "ana",
            "ana@localhost",
            "@example.com",
            "ana @example.com",
            "ana@ex..com",
            "ana@.com",
        ] {
            assert_eq!(Email::parse(bad), Err(Problem::InvalidEmail), "{bad}");
        }
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(Problem::TooLong { max: 254 }));
    }

    #[test]
    fn a_client_needs_an_email_or_a_phone_and_all_problems_are_reported_at_once() {
        let problems = ClientDetails::parse(&wire("", None, Some("")), "FR").unwrap_err();
        assert_eq!(problems.0.get("client.name"), Some(&Problem::Required));
        assert_eq!(
            problems.0.get("client.email"),
            Some(&Problem::ContactRequired)
        );

        let problems =
            ClientDetails::parse(&wire("Ana", Some("nope"), Some("abc")), "FR").unwrap_err();
        assert_eq!(problems.0.len(), 2);
        assert_eq!(problems.0["client.phone"].code(), "invalid_phone");

        let ok = ClientDetails::parse(&wire("Ana", None, Some("06 12 34 56 78")), "FR").unwrap();
        assert_eq!(ok.phone.unwrap().as_ref(), "+33612345678");
    }

    #[test]
    fn messages_exist_in_every_locale_and_differ_between_languages() {
        let problems = [
            Problem::Required,
            Problem::TooLong { max: 7 },
            Problem::ControlCharacters,
            Problem::InvisibleCharacters,
            Problem::InvalidEmail,
            Problem::InvalidPhone,
            Problem::ContactRequired,
            Problem::InvalidDateTime,
            Problem::OutOfRange,
            Problem::InvalidKey,
        ];
        for problem in problems {
            let en = problem.message(Locale::En);
            for locale in [Locale::Fr, Locale::Es, Locale::De] {
                assert_ne!(problem.message(locale), en, "{problem:?} in {locale}");
            }
        }
        assert!(Problem::TooLong { max: 7 }
            .message(Locale::De)
            .contains('7'));
        for locale in Locale::ALL {
            let message = Problem::OutOfRange.message(locale);
            assert!(
                message.contains("1970") && message.contains("2999"),
                "{message}"
            );
        }
    }

    #[test]
    fn text_problems_keep_their_codes_as_client_problems() {
        for error in [
            TextError::Required,
            TextError::TooLong { max: 3 },
            TextError::ControlCharacters,
            TextError::InvisibleCharacters,
        ] {
            assert_eq!(Problem::from(error).code(), error.code());
        }
        assert_eq!(Problem::InvisibleCharacters.code(), "invisible_characters");
        assert_eq!(Problem::OutOfRange.code(), "out_of_range");
    }

    #[test]
    fn a_name_with_a_header_line_break_or_hidden_characters_is_refused() {
        assert_eq!(
            ClientName::parse("\r\nX-Injected: 1"),
            Err(Problem::ControlCharacters)
        );
        assert_eq!(ClientName::parse("Ana\n"), Err(Problem::ControlCharacters));
        assert_eq!(
            ClientName::parse("\u{200b}"),
            Err(Problem::InvisibleCharacters)
        );
        assert_eq!(
            ClientName::parse("\u{202e}evil\u{202c}"),
            Err(Problem::InvisibleCharacters)
        );
    }

    #[test]
    fn names_with_emoji_joiners_and_persian_non_joiners_are_accepted() {
        assert_eq!(ClientName::parse("Ana 👩‍🦰").unwrap().as_ref(), "Ana 👩‍🦰");
        assert_eq!(ClientName::parse("می‌خواهم").unwrap().as_ref(), "می‌خواهم");
    }

    #[test]
    fn notes_keep_line_feeds_and_tabs_but_refuse_carriage_returns_and_hidden_characters() {
        assert_eq!(
            Notes::parse("  Short hair.\n\tNo dye. ").unwrap().as_ref(),
            "Short hair.\n\tNo dye."
        );
        assert_eq!(Notes::parse("a\r\nb"), Err(Problem::ControlCharacters));
        assert_eq!(
            Notes::parse("ok \u{2067}evil"),
            Err(Problem::InvisibleCharacters)
        );
        assert_eq!(
            Notes::parse(&"n".repeat(501)),
            Err(Problem::TooLong { max: 500 })
        );
    }

    #[test]
    fn emails_refuse_line_breaks_and_hidden_characters_and_read_back_the_same() {
        assert_eq!(
            Email::parse("\r\nana@example.com"),
            Err(Problem::InvalidEmail)
        );
        assert_eq!(
            Email::parse("ana\u{200b}@example.com"),
            Err(Problem::InvisibleCharacters)
        );
        // Lower-casing `İ` adds a combining dot, which is not a letter of a domain label.
        assert_eq!(Email::parse("ana@İ.com"), Err(Problem::InvalidEmail));
        let email = Email::parse("Ana@ÉCOLE.fr").unwrap();
        assert_eq!(email.as_ref(), "Ana@école.fr");
        assert_eq!(Email::parse(email.as_ref()), Ok(email));
    }

    #[test]
    fn instants_need_rfc3339_with_an_offset() {
        let utc = |s: &str| parse_instant(s).unwrap().to_string();
        assert_eq!(utc("2026-03-29T09:00:00+02:00"), "2026-03-29T07:00:00Z");
        assert_eq!(utc("2026-03-29T07:00:00Z"), "2026-03-29T07:00:00Z");
        assert_eq!(utc("2026-03-29T07:00:00z"), "2026-03-29T07:00:00Z");
        assert_eq!(utc("2026-03-29T01:30:00-05:30"), "2026-03-29T07:00:00Z");
        assert_eq!(utc("2026-03-29T07:00:00.25Z"), "2026-03-29T07:00:00.25Z");
        assert_eq!(utc("2026-12-05T10:00:00+23:59"), "2026-12-04T10:01:00Z");
        assert_eq!(utc("2026-12-05T10:00:00-23:59"), "2026-12-06T09:59:00Z");
        for bad in [
            "2026-03-29T09:00:00",
            "2026-03-29 09:00",
            "2026-03-29T09:00+02:00",
            "2026-02-30T09:00:00+01:00",
            "2026-03-29T09:00:00+02:00[Europe/Paris]",
            "2026-03-29T07:00:00Z[UTC]",
            "2026-03-29t07:00:00Z",
            "2026-03-29T24:00:00Z",
            "2026-03-29T23:60:00Z",
            "2026-12-31T23:59:60Z",
            "2026-03-29T07:00:00.Z",
            "2026-03-29T07:00:00.1234567890Z",
            "2026-03-29T07:00:00,5Z",
            "2026-03-29T09:00:00+0200",
            "2026-03-29T09:00:00+02",
            "2026-03-29T09:00:00+02:00:00",
            "2026-03-29T09:00:00+02:60",
            "2026-03-29T09:00:00 +02:00",
            "+2026-03-29T09:00:00Z",
            "２０２６-03-29T09:00:00Z",
            "tomorrow",
            "",
        ] {
            assert_eq!(parse_instant(bad), Err(Problem::InvalidDateTime), "{bad}");
        }
    }

    #[test]
    fn offsets_beyond_23_59_are_refused() {
        for bad in [
            "2026-12-05T10:00:00+24:00",
            "2026-12-05T10:00:00-24:00",
            "2026-12-05T10:00:00+25:59",
            "2026-12-05T10:00:00+99:00",
        ] {
            assert_eq!(parse_instant(bad), Err(Problem::InvalidDateTime), "{bad}");
        }
    }

    #[test]
    fn instants_outside_the_supported_years_are_out_of_range() {
        for far in [
            "0000-01-01T00:00:00Z",
            "1969-12-31T23:59:59Z",
            "3000-01-01T00:00:00Z",
            "9999-12-31T23:59:59-23:59",
            // Written in range, but in another year in UTC.
            "1970-01-01T00:30:00+01:00",
            "2999-12-31T23:30:00-01:00",
        ] {
            assert_eq!(parse_instant(far), Err(Problem::OutOfRange), "{far}");
        }
        assert_eq!(
            parse_instant("1970-01-01T00:00:00Z").unwrap().as_second(),
            0
        );
        assert!(parse_instant("2999-12-31T23:59:59.999999999Z").is_ok());
        // A date that does not exist is invalid, whatever its year.
        assert_eq!(
            parse_instant("0000-02-30T00:00:00Z"),
            Err(Problem::InvalidDateTime)
        );
    }

    #[test]
    fn a_booking_far_in_the_past_reports_out_of_range_on_start() {
        let wire = BookingRequestWire {
            service: "cut".into(),
            staff: "any".into(),
            start: "0000-01-01T00:00:00Z".into(),
            client: wire("Ana", Some("ana@example.com"), None),
            notes: None,
        };
        let problems = BookingInput::parse(&wire, "FR").unwrap_err();
        assert_eq!(problems.0.get("start"), Some(&Problem::OutOfRange));
        assert_eq!(problems.0.len(), 1);
    }

    #[test]
    fn a_one_line_text_problem_reads_the_same_in_the_configuration_as_on_the_client_form() {
        let same = [
            (TextError::Required, Problem::Required),
            (
                TextError::TooLong { max: 100 },
                Problem::TooLong { max: 100 },
            ),
            (TextError::ControlCharacters, Problem::ControlCharacters),
            (TextError::InvisibleCharacters, Problem::InvisibleCharacters),
        ];
        for (error, problem) in same {
            let issue = crate::config::ConfigIssue::Text {
                error,
                lines: Lines::One,
            };
            for locale in Locale::ALL {
                assert_eq!(issue.message(locale), problem.message(locale));
            }
        }
        // Where line breaks are allowed, the message does not ask to remove them.
        let many = crate::config::ConfigIssue::Text {
            error: TextError::ControlCharacters,
            lines: Lines::Many,
        };
        assert_ne!(
            many.message(Locale::En),
            Problem::ControlCharacters.message(Locale::En)
        );
    }
}
