//! What a client types into the booking form, parsed into types that can only hold valid values.
//!
//! The widget runs exactly this code as the client types, and the edge runs it again on receipt, so both
//! show the same message for the same mistake.

use std::collections::BTreeMap;
use std::fmt;

use crate::api::{BookingRequestWire, ClientWire};
use crate::keys::Key;
use crate::phone::{self, PhoneError};
use crate::{FieldError, Locale};

/// Longest name, in characters.
pub const NAME_MAX: usize = 100;
/// Longest email address, in bytes (RFC 5321).
pub const EMAIL_MAX: usize = 254;
/// Longest note, in characters.
pub const NOTES_MAX: usize = 500;

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
    /// Not an email address of the form `name@example.com`.
    InvalidEmail,
    /// Not a phone number that can be dialled.
    InvalidPhone,
    /// Neither an email address nor a phone number was given.
    ContactRequired,
    /// Not an RFC 3339 date-time with an offset.
    InvalidDateTime,
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
            Problem::InvalidEmail => "invalid_email",
            Problem::InvalidPhone => "invalid_phone",
            Problem::ContactRequired => "contact_required",
            Problem::InvalidDateTime => "invalid_datetime",
            Problem::InvalidKey => "invalid_key",
        }
    }

    /// A sentence for the client, in `locale`.
    pub fn message(self, locale: Locale) -> String {
        match self {
            Problem::Required => locale
                .pick([
                    "Please fill in this field.",
                    "Veuillez remplir ce champ.",
                    "Por favor, rellena este campo.",
                    "Bitte füllen Sie dieses Feld aus.",
                ])
                .to_owned(),
            Problem::TooLong { max } => {
                let template = locale.pick([
                    "Please use at most {} characters.",
                    "Veuillez utiliser au plus {} caractères.",
                    "Usa como máximo {} caracteres.",
                    "Bitte höchstens {} Zeichen verwenden.",
                ]);
                template.replace("{}", &max.to_string())
            }
            Problem::ControlCharacters => locale
                .pick([
                    "Please remove line breaks and special control characters.",
                    "Veuillez retirer les retours à la ligne et caractères de contrôle.",
                    "Elimina los saltos de línea y caracteres de control.",
                    "Bitte entfernen Sie Zeilenumbrüche und Steuerzeichen.",
                ])
                .to_owned(),
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

fn has_control(value: &str) -> bool {
    value.chars().any(char::is_control)
}

/// A client's name: trimmed, 1 to 100 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientName(String);

impl ClientName {
    /// Trims and checks a name.
    pub fn parse(input: &str) -> Result<Self, Problem> {
        let value = input.trim();
        if value.is_empty() {
            return Err(Problem::Required);
        }
        if value.chars().count() > NAME_MAX {
            return Err(Problem::TooLong { max: NAME_MAX });
        }
        if has_control(value) {
            return Err(Problem::ControlCharacters);
        }
        Ok(Self(value.to_owned()))
    }
}

/// An email address: `local@domain.tld`, at most 254 bytes, no spaces. The domain is lower-cased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    /// Trims and checks an address.
    pub fn parse(input: &str) -> Result<Self, Problem> {
        let value = input.trim();
        if value.is_empty() {
            return Err(Problem::Required);
        }
        if value.len() > EMAIL_MAX {
            return Err(Problem::TooLong { max: EMAIL_MAX });
        }
        let (local, domain) = value.rsplit_once('@').ok_or(Problem::InvalidEmail)?;
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
        Ok(Self(format!("{local}@{}", domain.to_lowercase())))
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

/// Free-text notes for the salon: at most 500 characters. Line breaks are allowed here.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Notes(String);

impl Notes {
    /// Trims and checks notes; other control characters than line breaks and tabs are refused.
    pub fn parse(input: &str) -> Result<Self, Problem> {
        let value = input.trim();
        if value.chars().count() > NOTES_MAX {
            return Err(Problem::TooLong { max: NOTES_MAX });
        }
        if value
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            return Err(Problem::ControlCharacters);
        }
        Ok(Self(value.to_owned()))
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

impl ClientDetails {
    /// Parses the client part of a booking, collecting every problem under `client.*`.
    pub fn parse(wire: &ClientWire, country: &str) -> Result<Self, Problems> {
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
        if email_in.is_none() && phone_in.is_none() {
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
    /// Reads `any` or a staff key.
    pub fn parse(value: &str) -> Result<Self, Problem> {
        if value == "any" {
            return Ok(StaffChoice::Any);
        }
        Key::parse(value)
            .map(StaffChoice::Named)
            .map_err(|_| Problem::InvalidKey)
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

/// Parses an RFC 3339 date-time that carries an offset (`Z` or `±HH:MM`).
pub fn parse_instant(value: &str) -> Result<jiff::Timestamp, Problem> {
    // RFC 3339 requires the `T` separator, seconds and an offset; jiff is more lenient, so check the shape.
    let bytes = value.as_bytes();
    let shaped = bytes.len() >= 20 && bytes.get(10) == Some(&b'T') && bytes.get(16) == Some(&b':');
    if !shaped || value.contains('[') {
        return Err(Problem::InvalidDateTime);
    }
    value.parse().map_err(|_| Problem::InvalidDateTime)
}

impl BookingInput {
    /// Parses a whole booking request, collecting every problem at once.
    pub fn parse(wire: &BookingRequestWire, country: &str) -> Result<Self, Problems> {
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
        let client = ClientDetails::parse(&wire.client, country)
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
            Problem::InvalidEmail,
            Problem::InvalidPhone,
            Problem::ContactRequired,
            Problem::InvalidDateTime,
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
    }

    #[test]
    fn instants_need_rfc3339_with_an_offset() {
        assert!(parse_instant("2026-03-29T09:00:00+02:00").is_ok());
        assert!(parse_instant("2026-03-29T07:00:00Z").is_ok());
        for bad in [
            "2026-03-29T09:00:00",
            "2026-03-29 09:00",
            "2026-02-30T09:00:00+01:00",
            "2026-03-29T09:00:00+02:00[Europe/Paris]",
            "tomorrow",
        ] {
            assert_eq!(parse_instant(bad), Err(Problem::InvalidDateTime), "{bad}");
        }
    }
}
