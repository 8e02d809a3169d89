//! The languages Chairtime speaks to clients and owners, and [`FieldError`], a problem with one field
//! rendered in one of them.

use std::fmt;

/// A language for client-facing messages. Unknown tags fall back to English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Locale {
    /// English.
    #[default]
    En,
    /// French.
    Fr,
    /// Spanish.
    Es,
    /// German.
    De,
}

impl Locale {
    /// Every supported locale, in a stable order.
    pub const ALL: [Locale; 4] = [Locale::En, Locale::Fr, Locale::Es, Locale::De];

    /// Reads a BCP 47 tag such as `fr`, `fr-CA` or `de_AT`; anything else is English.
    pub fn from_tag(tag: &str) -> Locale {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "fr" => Locale::Fr,
            "es" => Locale::Es,
            "de" => Locale::De,
            _ => Locale::En,
        }
    }

    /// The two-letter language tag.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Fr => "fr",
            Locale::Es => "es",
            Locale::De => "de",
        }
    }

    /// Picks the text for this locale from an `[en, fr, es, de]` table.
    pub fn pick(self, texts: [&'static str; 4]) -> &'static str {
        texts[self as usize]
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// One invalid field: a stable machine code and a message a person can read.
///
/// The code never changes once published; the message follows the locale it was rendered in.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FieldError {
    /// Stable, machine-readable code such as `too_long`.
    pub code: String,
    /// Human-readable message in the requested locale.
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn regional_tags_map_to_their_language_and_unknown_tags_to_english() {
        assert_eq!(Locale::from_tag("fr-CA"), Locale::Fr);
        assert_eq!(Locale::from_tag("DE_at"), Locale::De);
        assert_eq!(Locale::from_tag("es"), Locale::Es);
        assert_eq!(Locale::from_tag("pt-BR"), Locale::En);
        assert_eq!(Locale::from_tag(""), Locale::En);
    }
}
