//! What can be wrong in an owner's configuration, independent of language. [`ConfigIssue::code`] is
//! the stable machine code; [`ConfigIssue::message`] says it to a salon owner in en, fr, es or de.

use crate::date::{MAX_YEAR, MIN_YEAR};
use crate::keys::ANY_STAFF;
use crate::locale::{FieldError, Locale};
use crate::text::{Lines, TextError};

use super::{DAYS, SLOT_STEPS};

/// One problem with one value of a configuration document, or with the salon's slug.
///
/// Several variants share a code where the fix differs but the kind of mistake does not (a number
/// out of its range and a period off outside the supported years are both `out_of_range`); the
/// message then says what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigIssue {
    /// The body is not a configuration document: not JSON, a value of the wrong type, a field
    /// missing or one the document does not have. Holds the JSON reader's explanation, in English,
    /// which the message quotes (it names the field and where it is).
    InvalidDocument(String),
    /// A salon's slug is not 3 to 40 characters of `a-z`, `0-9` and `-`.
    InvalidSlug,
    /// A name, category or description breaks its [`crate::text::TextRule`]; `lines` is the rule's.
    Text {
        /// What the text rule refused.
        error: TextError,
        /// Whether the field allows several lines.
        lines: Lines,
    },
    /// Not an IANA time zone.
    InvalidTimezone,
    /// Not an ISO 4217 currency code.
    InvalidCurrency,
    /// Not an ISO 3166 alpha-2 code of a country whose phone numbers Chairtime reads.
    InvalidCountry,
    /// Not a language tag such as `fr` or `fr-FR`.
    InvalidLocale,
    /// A number outside `min..=max`.
    OutOfRange {
        /// The smallest value allowed.
        min: u64,
        /// The largest value allowed.
        max: u64,
    },
    /// A slot step that is not one of [`SLOT_STEPS`]; code `out_of_range`.
    SlotStep,
    /// An allowed origin that is not `https://host` (or `http://`) without a path.
    InvalidOrigin,
    /// A service or staff key that is not 1 to 40 characters of `a-z`, `0-9` and `-`.
    InvalidKey,
    /// A second service with the same key; code `duplicate_key`.
    DuplicateServiceKey,
    /// A second staff member with the same key; code `duplicate_key`.
    DuplicateStaffKey,
    /// A service listed twice for one staff member; code `duplicate_key`.
    ServiceListedTwice,
    /// A staff member keyed [`ANY_STAFF`], which means "anyone available".
    ReservedKey,
    /// A staff member performs a service the salon does not have.
    UnknownService {
        /// The key as the document wrote it.
        key: String,
    },
    /// A key of `hours` that is not `mon` to `sun`.
    InvalidWeekday,
    /// A time that is not `HH:MM` from 00:00 to 24:00.
    InvalidTime,
    /// An interval that ends when or before it starts.
    EmptyInterval,
    /// An interval of working hours that starts before the previous one of its day ends.
    UnsortedOrOverlapping,
    /// A period off whose start or end is not an RFC 3339 date-time with an offset up to ±23:59.
    InvalidDateTime,
    /// A period off outside the supported years, as written or in UTC; code `out_of_range`.
    YearsOutOfRange,
    /// Not an email address.
    InvalidEmail,
    /// Not a phone number of a known country.
    InvalidPhone,
    /// A list longer than it may be.
    TooMany {
        /// The most items allowed.
        max: u64,
    },
    /// A value already in the list.
    Duplicate,
}

impl ConfigIssue {
    /// The stable machine code API clients may depend on.
    pub fn code(&self) -> &'static str {
        match self {
            ConfigIssue::InvalidDocument(_) => "invalid_document",
            ConfigIssue::InvalidSlug => "invalid_slug",
            ConfigIssue::Text { error, .. } => error.code(),
            ConfigIssue::InvalidTimezone => "invalid_timezone",
            ConfigIssue::InvalidCurrency => "invalid_currency",
            ConfigIssue::InvalidCountry => "invalid_country",
            ConfigIssue::InvalidLocale => "invalid_locale",
            ConfigIssue::OutOfRange { .. }
            | ConfigIssue::SlotStep
            | ConfigIssue::YearsOutOfRange => "out_of_range",
            ConfigIssue::InvalidOrigin => "invalid_origin",
            ConfigIssue::InvalidKey => "invalid_key",
            ConfigIssue::DuplicateServiceKey
            | ConfigIssue::DuplicateStaffKey
            | ConfigIssue::ServiceListedTwice => "duplicate_key",
            ConfigIssue::ReservedKey => "reserved_key",
            ConfigIssue::UnknownService { .. } => "unknown_service",
            ConfigIssue::InvalidWeekday => "invalid_weekday",
            ConfigIssue::InvalidTime => "invalid_time",
            ConfigIssue::EmptyInterval => "empty_interval",
            ConfigIssue::UnsortedOrOverlapping => "unsorted_or_overlapping",
            ConfigIssue::InvalidDateTime => "invalid_datetime",
            ConfigIssue::InvalidEmail => "invalid_email",
            ConfigIssue::InvalidPhone => "invalid_phone",
            ConfigIssue::TooMany { .. } => "too_many",
            ConfigIssue::Duplicate => "duplicate",
        }
    }

    /// A sentence for the salon's owner, in `locale`.
    pub fn message(&self, locale: Locale) -> String {
        if let ConfigIssue::Text { error, lines } = self {
            return error.message(*lines, locale);
        }
        let text = locale.pick(self.texts());
        match self {
            ConfigIssue::InvalidDocument(detail) => text.replace("{detail}", detail),
            ConfigIssue::InvalidSlug => text.replace("{min}", "3"),
            ConfigIssue::InvalidKey => text.replace("{min}", "1"),
            ConfigIssue::OutOfRange { min, max } => between(text, min, max),
            ConfigIssue::YearsOutOfRange => between(text, &MIN_YEAR, &MAX_YEAR),
            ConfigIssue::TooMany { max } => text.replace("{max}", &max.to_string()),
            ConfigIssue::SlotStep => one_of(text, SLOT_STEPS),
            ConfigIssue::InvalidWeekday => one_of(text, DAYS),
            ConfigIssue::ReservedKey => text.replace("{any}", ANY_STAFF),
            ConfigIssue::UnknownService { key } => text.replace("{key}", &format!("{key:?}")),
            _ => text.to_owned(),
        }
    }

    /// The problem as the API writes it, in `locale`.
    pub fn to_field_error(&self, locale: Locale) -> FieldError {
        FieldError {
            code: self.code().to_owned(),
            message: self.message(locale),
        }
    }

    /// The sentence in `[en, fr, es, de]`, with `{placeholders}` that [`ConfigIssue::message`] fills.
    /// A text problem has no sentence here (it says what the client's form says, through
    /// [`TextError::message`]), so its row is empty.
    ///
    /// One table, rather than a function per group, so each sentence can be read beside its
    /// translations and its neighbours.
    fn texts(&self) -> [&'static str; 4] {
        match self {
            ConfigIssue::Text { .. } => [""; 4],
            ConfigIssue::InvalidDocument(_) => [
                "This configuration could not be read: {detail}",
                "Cette configuration n'a pas pu être lue : {detail}",
                "No se ha podido leer esta configuración: {detail}",
                "Diese Konfiguration konnte nicht gelesen werden: {detail}",
            ],
            ConfigIssue::InvalidSlug | ConfigIssue::InvalidKey => [
                "Please use {min} to 40 characters: lowercase letters a-z, digits and hyphens.",
                "Veuillez utiliser {min} à 40 caractères : lettres minuscules a-z, chiffres et tirets.",
                "Usa de {min} a 40 caracteres: letras minúsculas a-z, números y guiones.",
                "Bitte {min} bis 40 Zeichen verwenden: Kleinbuchstaben a-z, Ziffern und Bindestriche.",
            ],
            ConfigIssue::InvalidTimezone => [
                "Please choose a time zone such as Europe/Paris.",
                "Veuillez choisir un fuseau horaire comme Europe/Paris.",
                "Elige una zona horaria como Europe/Madrid.",
                "Bitte wählen Sie eine Zeitzone wie Europe/Berlin.",
            ],
            ConfigIssue::InvalidCurrency => [
                "Please enter a three-letter currency code such as EUR.",
                "Veuillez saisir un code de devise à trois lettres, comme EUR.",
                "Introduce un código de moneda de tres letras, como EUR.",
                "Bitte geben Sie einen dreistelligen Währungscode wie EUR ein.",
            ],
            ConfigIssue::InvalidCountry => [
                "Please enter a supported two-letter country code such as FR.",
                "Veuillez saisir un code pays à deux lettres pris en charge, comme FR.",
                "Introduce un código de país de dos letras admitido, como ES.",
                "Bitte geben Sie einen unterstützten zweistelligen Ländercode wie DE ein.",
            ],
            ConfigIssue::InvalidLocale => [
                "Please enter a language code such as en or en-GB.",
                "Veuillez saisir un code de langue comme fr ou fr-FR.",
                "Introduce un código de idioma como es o es-ES.",
                "Bitte geben Sie einen Sprachcode wie de oder de-DE ein.",
            ],
            ConfigIssue::OutOfRange { .. } => [
                "Please enter a number from {min} to {max}.",
                "Veuillez saisir un nombre entre {min} et {max}.",
                "Introduce un número entre {min} y {max}.",
                "Bitte geben Sie eine Zahl von {min} bis {max} ein.",
            ],
            ConfigIssue::SlotStep => [
                "Please choose {first} or {last} minutes.",
                "Veuillez choisir {first} ou {last} minutes.",
                "Elige {first} o {last} minutos.",
                "Bitte wählen Sie {first} oder {last} Minuten.",
            ],
            ConfigIssue::InvalidOrigin => [
                "Please enter a website address without a path, such as https://salon.example.",
                "Veuillez saisir l'adresse d'un site sans chemin, comme https://salon.example.",
                "Introduce la dirección de un sitio web sin ruta, como https://salon.example.",
                "Bitte geben Sie eine Website-Adresse ohne Pfad ein, z. B. https://salon.example.",
            ],
            ConfigIssue::DuplicateServiceKey => [
                "Another service already uses this key.",
                "Un autre service utilise déjà cette clé.",
                "Otro servicio ya usa esta clave.",
                "Eine andere Leistung verwendet diesen Schlüssel bereits.",
            ],
            ConfigIssue::DuplicateStaffKey => [
                "Another staff member already uses this key.",
                "Un autre membre de l'équipe utilise déjà cette clé.",
                "Otra persona del equipo ya usa esta clave.",
                "Ein anderes Teammitglied verwendet diesen Schlüssel bereits.",
            ],
            ConfigIssue::ServiceListedTwice => [
                "This service is already in the list.",
                "Ce service figure déjà dans la liste.",
                "Este servicio ya está en la lista.",
                "Diese Leistung steht bereits in der Liste.",
            ],
            ConfigIssue::ReservedKey => [
                "\"{any}\" is reserved for \"Anyone available\"; please choose another key.",
                "« {any} » est réservé à « Peu importe » ; veuillez choisir une autre clé.",
                "«{any}» está reservado para «Cualquiera disponible»; elige otra clave.",
                "„{any}“ steht für „Egal, wer frei ist“; bitte wählen Sie einen anderen Schlüssel.",
            ],
            ConfigIssue::UnknownService { .. } => [
                "There is no service with the key {key}.",
                "Aucun service n'a la clé {key}.",
                "Ningún servicio tiene la clave {key}.",
                "Keine Leistung hat den Schlüssel {key}.",
            ],
            ConfigIssue::InvalidWeekday => [
                "Please use a day of the week: {first} or {last}.",
                "Veuillez indiquer un jour de la semaine : {first} ou {last}.",
                "Indica un día de la semana: {first} o {last}.",
                "Bitte geben Sie einen Wochentag an: {first} oder {last}.",
            ],
            ConfigIssue::InvalidTime => [
                "Please write times as HH:MM, from 00:00 to 24:00.",
                "Veuillez écrire les heures au format HH:MM, de 00:00 à 24:00.",
                "Escribe las horas como HH:MM, de 00:00 a 24:00.",
                "Bitte schreiben Sie Uhrzeiten als HH:MM, von 00:00 bis 24:00.",
            ],
            ConfigIssue::EmptyInterval => [
                "Please choose an end after the start.",
                "Veuillez choisir une fin après le début.",
                "Elige un final posterior al inicio.",
                "Bitte wählen Sie ein Ende nach dem Beginn.",
            ],
            ConfigIssue::UnsortedOrOverlapping => [
                "Please list a day's hours in order, without overlaps.",
                "Veuillez indiquer les horaires de la journée dans l'ordre, sans chevauchement.",
                "Indica las horas del día en orden y sin solaparlas.",
                "Bitte geben Sie die Zeiten eines Tages der Reihe nach und ohne Überschneidung an.",
            ],
            ConfigIssue::InvalidDateTime => [
                "Please write the start and end like 2026-12-24T09:00:00+01:00 (date, time and offset).",
                "Veuillez écrire le début et la fin comme 2026-12-24T09:00:00+01:00 (date, heure et décalage).",
                "Escribe el inicio y el final como 2026-12-24T09:00:00+01:00 (fecha, hora y desfase).",
                "Bitte schreiben Sie Beginn und Ende wie 2026-12-24T09:00:00+01:00 (Datum, Uhrzeit und Zeitverschiebung).",
            ],
            ConfigIssue::YearsOutOfRange => [
                "Please choose a start and an end between {min} and {max}.",
                "Veuillez choisir un début et une fin entre {min} et {max}.",
                "Elige un inicio y un final entre {min} y {max}.",
                "Bitte wählen Sie Beginn und Ende zwischen {min} und {max}.",
            ],
            ConfigIssue::InvalidEmail => [
                "Please enter an email address such as owner@salon.example.",
                "Veuillez saisir une adresse e-mail comme proprietaire@salon.example.",
                "Introduce una dirección de correo como propietaria@salon.example.",
                "Bitte geben Sie eine E-Mail-Adresse wie inhaber@salon.example ein.",
            ],
            ConfigIssue::InvalidPhone => [
                "Please enter a phone number such as +33 1 42 68 53 00.",
                "Veuillez saisir un numéro de téléphone comme 01 42 68 53 00.",
                "Introduce un número de teléfono como +34 912 345 678.",
                "Bitte geben Sie eine Telefonnummer wie +49 30 1234567 ein.",
            ],
            ConfigIssue::TooMany { .. } => [
                "Please list at most {max}.",
                "Veuillez en indiquer {max} au plus.",
                "Indica {max} como máximo.",
                "Bitte geben Sie höchstens {max} an.",
            ],
            ConfigIssue::Duplicate => [
                "This value is already in the list.",
                "Cette valeur figure déjà dans la liste.",
                "Este valor ya está en la lista.",
                "Dieser Wert steht bereits in der Liste.",
            ],
        }
    }
}

/// Fills `{min}` and `{max}`.
fn between(text: &str, min: &dyn ToString, max: &dyn ToString) -> String {
    text.replace("{min}", &min.to_string())
        .replace("{max}", &max.to_string())
}

/// Fills `{first}` with every item but the last, separated by commas, and `{last}` with the last,
/// so the template's own word for "or" joins them.
fn one_of<T: ToString, const N: usize>(text: &str, items: [T; N]) -> String {
    let words: Vec<String> = items.iter().map(ToString::to_string).collect();
    let (last, first) = words.split_last().expect("a list of choices is not empty");
    text.replace("{first}", &first.join(", "))
        .replace("{last}", last)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// Every variant, and every text problem under both line rules, with its published code.
    fn every_issue() -> Vec<(ConfigIssue, &'static str)> {
        let text = |error, lines| ConfigIssue::Text { error, lines };
        let mut issues = vec![
            (
                ConfigIssue::InvalidDocument("missing field `name`".into()),
                "invalid_document",
            ),
            (ConfigIssue::InvalidSlug, "invalid_slug"),
            (ConfigIssue::InvalidTimezone, "invalid_timezone"),
            (ConfigIssue::InvalidCurrency, "invalid_currency"),
            (ConfigIssue::InvalidCountry, "invalid_country"),
            (ConfigIssue::InvalidLocale, "invalid_locale"),
            (ConfigIssue::OutOfRange { min: 5, max: 480 }, "out_of_range"),
            (ConfigIssue::SlotStep, "out_of_range"),
            (ConfigIssue::InvalidOrigin, "invalid_origin"),
            (ConfigIssue::InvalidKey, "invalid_key"),
            (ConfigIssue::DuplicateServiceKey, "duplicate_key"),
            (ConfigIssue::DuplicateStaffKey, "duplicate_key"),
            (ConfigIssue::ServiceListedTwice, "duplicate_key"),
            (ConfigIssue::ReservedKey, "reserved_key"),
            (
                ConfigIssue::UnknownService { key: "perm".into() },
                "unknown_service",
            ),
            (ConfigIssue::InvalidWeekday, "invalid_weekday"),
            (ConfigIssue::InvalidTime, "invalid_time"),
            (ConfigIssue::EmptyInterval, "empty_interval"),
            (
                ConfigIssue::UnsortedOrOverlapping,
                "unsorted_or_overlapping",
            ),
            (ConfigIssue::InvalidDateTime, "invalid_datetime"),
            (ConfigIssue::YearsOutOfRange, "out_of_range"),
            (ConfigIssue::InvalidEmail, "invalid_email"),
            (ConfigIssue::InvalidPhone, "invalid_phone"),
            (ConfigIssue::TooMany { max: 3 }, "too_many"),
            (ConfigIssue::Duplicate, "duplicate"),
        ];
        for lines in [Lines::One, Lines::Many] {
            issues.extend([
                (text(TextError::Required, lines), "required"),
                (text(TextError::TooLong { max: 50 }, lines), "too_long"),
                (
                    text(TextError::ControlCharacters, lines),
                    "control_characters",
                ),
                (
                    text(TextError::InvisibleCharacters, lines),
                    "invisible_characters",
                ),
            ]);
        }
        issues
    }

    #[test]
    fn every_issue_keeps_its_published_code() {
        for (issue, code) in every_issue() {
            assert_eq!(issue.code(), code, "{issue:?}");
        }
    }

    #[test]
    fn every_issue_is_explained_in_every_locale_and_in_each_language_differently() {
        for (issue, _) in every_issue() {
            let en = issue.message(Locale::En);
            for locale in Locale::ALL {
                let message = issue.message(locale);
                assert!(!message.trim().is_empty(), "{issue:?} in {locale}");
                assert!(
                    !message.contains(['{', '}']),
                    "{issue:?} in {locale}: {message}"
                );
                if locale != Locale::En {
                    assert_ne!(message, en, "{issue:?} in {locale}");
                }
                assert_eq!(issue.to_field_error(locale).message, message);
            }
        }
    }

    #[test]
    fn messages_carry_the_values_an_owner_needs_to_fix_the_problem() {
        // (issue, what every locale's message must contain)
        let table: [(ConfigIssue, &[&str]); 8] = [
            (ConfigIssue::OutOfRange { min: 5, max: 480 }, &["5", "480"]),
            (ConfigIssue::YearsOutOfRange, &["1970", "2999"]),
            (ConfigIssue::SlotStep, &["5, 10, 15, 20, 30", "60"]),
            (
                ConfigIssue::InvalidWeekday,
                &["mon, tue, wed, thu, fri, sat", "sun"],
            ),
            (ConfigIssue::ReservedKey, &["any"]),
            (
                ConfigIssue::UnknownService { key: "perm".into() },
                &["\"perm\""],
            ),
            (ConfigIssue::InvalidSlug, &["3", "40"]),
            (
                ConfigIssue::InvalidDocument("unknown field `colour`".into()),
                &["unknown field `colour`"],
            ),
        ];
        for (issue, parts) in table {
            for locale in Locale::ALL {
                let message = issue.message(locale);
                for part in parts {
                    assert!(message.contains(part), "{issue:?} in {locale}: {message}");
                }
            }
        }
        assert!(ConfigIssue::InvalidKey
            .message(Locale::De)
            .contains("1 bis 40"));
    }
}
