//! The rules for text that people type: names on one line, notes and descriptions on several.
//!
//! Names end up in mail headers and subjects, in SMS, on calendars and on the owner's screen, so
//! one rule for every name and one for every free text live here, and both the client's form
//! ([`crate::client`]) and the owner's configuration ([`crate::config`]) use them.
//!
//! What is refused, and why:
//!
//! - **Control characters** (Unicode `Cc`: U+0000–U+001F, U+007F–U+009F) and the line and paragraph
//!   separators U+2028 and U+2029, *anywhere in the input, before trimming*. A name is one line: a CR
//!   or LF in it, even at an end where trimming would hide it, is someone trying to write a header
//!   of their own. Multi-line texts allow `\n`, and `\t` because an owner pastes descriptions from
//!   documents and spreadsheets, where tabs are common and harmless; never `\r`.
//! - **Invisible characters**, which make two names that look the same compare different, make a name
//!   look empty, or hide text: U+00AD soft hyphen, U+034F combining grapheme joiner, U+115F, U+1160,
//!   U+3164 and U+FFA0 (Hangul fillers), U+17B4 and U+17B5 (Khmer inherent vowels, which Unicode
//!   discourages), U+180E Mongolian vowel separator, U+200B zero-width space, U+2060 word joiner,
//!   U+2061–U+2064 invisible operators, U+2065, U+206A–U+206F (deprecated format characters),
//!   U+2800 braille blank, U+FEFF zero-width no-break space, U+FFF0–U+FFFB (interlinear annotation
//!   and unassigned), U+1BCA0–U+1BCA3 shorthand format controls, U+1D173–U+1D17A musical format
//!   characters, U+E0000–U+E001F, U+E0080–U+E00FF and U+E01F0–U+E0FFF (unassigned ignorables).
//! - **Bidirectional controls**, which reorder what is shown (`"\u{202e}gpj.exe"` reads as
//!   `exe.jpg`): U+061C, U+200E, U+200F, U+202A–U+202E and U+2066–U+2069.
//!
//! Some invisible characters carry meaning in real text, so they are allowed where they have it:
//!
//! - U+200C zero-width non-joiner and U+200D zero-width joiner only between two visible characters
//!   (not spaces, not other invisible ones): Persian `می‌خواهم` and emoji such as `👩‍🦰` keep working,
//!   but a name cannot be, start with or end with a joiner.
//! - Variation selectors (U+FE00–U+FE0F, U+E0100–U+E01EF, and the Mongolian U+180B–U+180D, U+180F)
//!   only right after a visible character that is not itself a selector: `❤️` and the ideographic
//!   variants of Japanese names keep working, while a run of selectors, which can smuggle arbitrary
//!   bytes behind one emoji, is refused.
//! - Tag characters (U+E0020–U+E007F) only as an emoji flag sequence: U+1F3F4, then one to seven tag
//!   letters or digits, then U+E007F (`🏴󠁧󠁢󠁳󠁣󠁴󠁿`). Anywhere else they spell hidden ASCII text.
//!
//! A character is judged by a short table of code points, not by Unicode's category tables, which
//! would weigh more than the widget may download.

use crate::locale::Locale;

/// Whether a text is one line (a name) or may span several (a note).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// One line: no control character at all.
    One,
    /// Several lines: `\n` and `\t` are allowed, no other control character.
    Many,
}

/// The rule for one text field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextRule {
    /// One line or several.
    pub lines: Lines,
    /// Whether the trimmed text may be empty.
    pub required: bool,
    /// The longest trimmed text, in characters (Unicode scalar values).
    pub max: usize,
}

/// Why a text was refused. [`TextError::code`] is stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextError {
    /// The text is empty once trimmed, and the rule requires it.
    Required,
    /// The trimmed text is longer than `max` characters.
    TooLong {
        /// The limit.
        max: usize,
    },
    /// A control character, a line break in a one-line text, or `\r` anywhere.
    ControlCharacters,
    /// An invisible or bidirectional control character, or a joiner, selector or tag out of place.
    InvisibleCharacters,
}

impl TextError {
    /// The stable machine code, the same as [`crate::client::Problem::code`] for the same problem.
    pub fn code(self) -> &'static str {
        match self {
            TextError::Required => "required",
            TextError::TooLong { .. } => "too_long",
            TextError::ControlCharacters => "control_characters",
            TextError::InvisibleCharacters => "invisible_characters",
        }
    }

    /// A sentence for the person who typed the text, in `locale`. `lines` is the rule's: where
    /// several lines are allowed, a control character is not a line break, and the message says so.
    pub fn message(self, lines: Lines, locale: Locale) -> String {
        let text = match (self, lines) {
            (TextError::Required, _) => [
                "Please fill in this field.",
                "Veuillez remplir ce champ.",
                "Por favor, rellena este campo.",
                "Bitte füllen Sie dieses Feld aus.",
            ],
            (TextError::TooLong { max }, _) => {
                return locale
                    .pick([
                        "Please use at most {} characters.",
                        "Veuillez utiliser au plus {} caractères.",
                        "Usa como máximo {} caracteres.",
                        "Bitte höchstens {} Zeichen verwenden.",
                    ])
                    .replace("{}", &max.to_string())
            }
            (TextError::ControlCharacters, Lines::One) => [
                "Please remove line breaks and special control characters.",
                "Veuillez retirer les retours à la ligne et caractères de contrôle.",
                "Elimina los saltos de línea y caracteres de control.",
                "Bitte entfernen Sie Zeilenumbrüche und Steuerzeichen.",
            ],
            (TextError::ControlCharacters, Lines::Many) => [
                "Please remove control characters; line breaks and tabs are fine.",
                "Veuillez retirer les caractères de contrôle ; retours à la ligne et tabulations sont acceptés.",
                "Elimina los caracteres de control; los saltos de línea y las tabulaciones sí se admiten.",
                "Bitte entfernen Sie Steuerzeichen; Zeilenumbrüche und Tabulatoren sind erlaubt.",
            ],
            (TextError::InvisibleCharacters, _) => [
                "Please remove invisible or text-direction characters (type the text instead of pasting it).",
                "Veuillez retirer les caractères invisibles ou de sens d'écriture (tapez le texte au lieu de le coller).",
                "Elimina los caracteres invisibles o de dirección del texto (escríbelo en lugar de pegarlo).",
                "Bitte entfernen Sie unsichtbare Zeichen und Schreibrichtungszeichen (tippen Sie den Text, statt ihn einzufügen).",
            ],
        };
        locale.pick(text).to_owned()
    }
}

impl TextRule {
    /// Checks `input` and returns it trimmed.
    ///
    /// Characters are checked before trimming, so a line break or an invisible character at either end
    /// is refused rather than silently dropped: the person sees what was wrong with what they sent.
    pub fn parse(self, input: &str) -> Result<&str, TextError> {
        check_characters(input, self.lines)?;
        let value = input.trim();
        if value.is_empty() && self.required {
            return Err(TextError::Required);
        }
        if value.chars().count() > self.max {
            return Err(TextError::TooLong { max: self.max });
        }
        Ok(value)
    }
}

/// What a character is to these rules.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Letters, marks, digits, symbols, spaces: everything that shows, even as a gap.
    Shown,
    /// `\n`.
    LineFeed,
    /// `\t`.
    Tab,
    /// Any other control character, or a line or paragraph separator.
    Control,
    /// Refused everywhere.
    Invisible,
    /// ZWNJ or ZWJ: only between two visible characters.
    Joiner,
    /// A variation selector: only right after a visible character.
    Selector,
    /// A tag character: only inside an emoji flag sequence.
    Tag,
}

fn kind(c: char) -> Kind {
    match c {
        '\n' => Kind::LineFeed,
        '\t' => Kind::Tab,
        '\u{2028}' | '\u{2029}' => Kind::Control,
        c if c.is_control() => Kind::Control,
        '\u{200C}' | '\u{200D}' => Kind::Joiner,
        '\u{180B}'..='\u{180D}'
        | '\u{180F}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{E0100}'..='\u{E01EF}' => Kind::Selector,
        '\u{E0020}'..='\u{E007F}' => Kind::Tag,
        '\u{00AD}'
        | '\u{034F}'
        | '\u{061C}'
        | '\u{115F}'
        | '\u{1160}'
        | '\u{17B4}'
        | '\u{17B5}'
        | '\u{180E}'
        | '\u{200B}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}'
        | '\u{2800}'
        | '\u{3164}'
        | '\u{FEFF}'
        | '\u{FFA0}'
        | '\u{FFF0}'..='\u{FFFB}'
        | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E001F}'
        | '\u{E0080}'..='\u{E00FF}'
        | '\u{E01F0}'..='\u{E0FFF}' => Kind::Invisible,
        _ => Kind::Shown,
    }
}

/// A character a joiner or selector may lean on: one that shows and is not a gap.
fn visible(c: char) -> bool {
    kind(c) == Kind::Shown && !c.is_whitespace()
}

/// The black flag that starts an emoji tag sequence.
const TAG_BASE: char = '\u{1F3F4}';
/// The tag that ends one.
const CANCEL_TAG: char = '\u{E007F}';
/// The longest tag spelling between them: a CLDR subdivision code, such as `gbsct`, has at most 7.
const MAX_TAGS: usize = 7;

fn check_characters(input: &str, lines: Lines) -> Result<(), TextError> {
    // Control characters first: they are what can break out of a header, and their message names
    // line breaks, which a person can find and remove.
    let control = |c: char| match kind(c) {
        Kind::LineFeed | Kind::Tab => lines == Lines::One,
        Kind::Control => true,
        _ => false,
    };
    if input.chars().any(control) {
        return Err(TextError::ControlCharacters);
    }
    let mut before: Option<char> = None;
    // How many tag letters the current flag sequence has so far; zero outside one.
    let mut tags = 0;
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        let after = chars.peek().copied();
        let allowed = match kind(c) {
            Kind::Tag if c == CANCEL_TAG => std::mem::take(&mut tags) > 0,
            Kind::Tag => {
                let letter = matches!(c, '\u{E0030}'..='\u{E0039}' | '\u{E0061}'..='\u{E007A}');
                tags += 1;
                letter && (tags > 1 || before == Some(TAG_BASE)) && tags <= MAX_TAGS
            }
            // A flag sequence must end with its cancel tag before anything else comes.
            _ if tags > 0 => false,
            Kind::Shown | Kind::LineFeed | Kind::Tab | Kind::Control => true,
            Kind::Invisible => false,
            // Emoji put a selector before the joiner (`❤️‍🔥`); the selector already leans on a visible
            // character, so it counts as one here.
            Kind::Joiner => {
                before.is_some_and(|b| visible(b) || kind(b) == Kind::Selector)
                    && after.is_some_and(visible)
            }
            Kind::Selector => before.is_some_and(visible),
        };
        if !allowed {
            return Err(TextError::InvisibleCharacters);
        }
        before = Some(c);
    }
    if tags > 0 {
        return Err(TextError::InvisibleCharacters);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const NAME: TextRule = TextRule {
        lines: Lines::One,
        required: true,
        max: 100,
    };
    const NOTE: TextRule = TextRule {
        lines: Lines::Many,
        required: false,
        max: 500,
    };

    #[test]
    fn line_breaks_at_the_ends_of_a_name_are_refused_not_trimmed_away() {
        for hostile in [
            "\r\nX-Injected: 1",
            "Ana\r\n",
            "\nAna",
            "Ana\tBob",
            "Ana\u{85}",
            "Ana\u{2028}Bob",
            "\u{2029}",
        ] {
            assert_eq!(
                NAME.parse(hostile),
                Err(TextError::ControlCharacters),
                "{hostile:?}"
            );
        }
    }

    #[test]
    fn invisible_and_bidi_characters_are_refused_anywhere() {
        for hostile in [
            "\u{200b}",
            "Ana\u{200b}",
            "\u{feff}Ana",
            "A\u{2060}na",
            "\u{202e}evil\u{202c}",
            "Ana\u{200e}",
            "Ana\u{2066}x\u{2069}",
            "\u{61c}Ana",
            "Ana\u{180e}",
            "A\u{2062}b",
            "A\u{206a}b",
            "A\u{fff9}b\u{fffb}",
            "\u{3164}",
            "Ana\u{ad}",
            "\u{2800}",
        ] {
            assert_eq!(
                NAME.parse(hostile),
                Err(TextError::InvisibleCharacters),
                "{hostile:?}"
            );
            assert_eq!(
                NOTE.parse(hostile),
                Err(TextError::InvisibleCharacters),
                "{hostile:?}"
            );
        }
    }

    #[test]
    fn joiners_are_allowed_only_between_two_visible_characters() {
        for fine in ["Ana 👩‍🦰", "می‌خواهم", "❤️‍🔥", "👨🏽‍💻", "क्‍ष"]
        {
            assert_eq!(NAME.parse(fine), Ok(fine), "{fine:?}");
        }
        for hostile in [
            "\u{200d}",
            "\u{200c}",
            "\u{200d}Ana",
            "Ana\u{200c}",
            "Ana \u{200d}Bob",
            "Ana\u{200d} Bob",
            "A\u{200d}\u{200d}B",
            "A\u{200d}\u{fe0f}B",
        ] {
            assert_eq!(
                NAME.parse(hostile),
                Err(TextError::InvisibleCharacters),
                "{hostile:?}"
            );
        }
    }

    #[test]
    fn selectors_must_follow_a_visible_character_one_at_a_time() {
        assert!(NAME.parse("Lou ❤️").is_ok());
        assert!(NAME.parse("葛\u{e0100}城").is_ok());
        for hostile in [
            "\u{fe0f}",
            "Ana \u{fe0f}",
            "😀\u{fe0f}\u{fe0e}",
            "😀\u{e0100}\u{e0101}",
        ] {
            assert_eq!(
                NAME.parse(hostile),
                Err(TextError::InvisibleCharacters),
                "{hostile:?}"
            );
        }
    }

    #[test]
    fn tag_characters_only_spell_an_emoji_flag() {
        let scotland = "Isla 🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}";
        assert_eq!(NAME.parse(scotland), Ok(scotland));
        for hostile in [
            // Hidden "hi" after a name.
            "Ana\u{e0068}\u{e0069}",
            // A flag that never ends.
            "🏴\u{e0067}\u{e0062}",
            "🏴\u{e0067}\u{e0062} x",
            // A cancel tag alone, and a flag without letters.
            "Ana\u{e007f}",
            "🏴\u{e007f}",
            // Upper-case and space tags are not in flag sequences.
            "🏴\u{e0047}\u{e007f}",
            "🏴\u{e0020}\u{e007f}",
            // Too long to be a subdivision: text hidden inside a flag.
            "🏴\u{e0069}\u{e0067}\u{e006e}\u{e006f}\u{e0072}\u{e0065}\u{e0061}\u{e006c}\u{e007f}",
        ] {
            assert_eq!(
                NAME.parse(hostile),
                Err(TextError::InvisibleCharacters),
                "{hostile:?}"
            );
        }
    }

    #[test]
    fn many_lines_allow_line_feeds_and_tabs_but_not_carriage_returns() {
        assert_eq!(NOTE.parse("\n a\n\tb \n"), Ok("a\n\tb"));
        assert_eq!(NOTE.parse("   "), Ok(""));
        assert_eq!(NOTE.parse("a\r\nb"), Err(TextError::ControlCharacters));
        assert_eq!(NOTE.parse("a\u{7}"), Err(TextError::ControlCharacters));
        assert_eq!(NOTE.parse("a\u{2028}b"), Err(TextError::ControlCharacters));
    }

    #[test]
    fn names_are_trimmed_required_and_bounded_in_characters() {
        assert_eq!(NAME.parse("  Zoé\u{a0}"), Ok("Zoé"));
        assert_eq!(NAME.parse(" \u{3000} "), Err(TextError::Required));
        assert_eq!(NAME.parse(&"é".repeat(100)).map(str::len), Ok(200));
        assert_eq!(
            NAME.parse(&"é".repeat(101)),
            Err(TextError::TooLong { max: 100 })
        );
    }
}
