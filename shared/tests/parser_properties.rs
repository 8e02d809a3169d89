//! Property tests of every parser in `shared`, against hostile input: each one never panics, what it
//! accepts reads back the same (`parse(display(x)) == x`) and breaks none of its rules, what a rule
//! allows is accepted, and what it forbids is refused wherever it appears.
//!
//! The characters a name may not hold are listed again here, independently of `shared::text`, so a
//! slip in either list shows up as a failure.

use jiff::civil::Date;
use jiff::tz::{Offset, TimeZone};
use jiff::Timestamp;
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::Value;
use shared::client::{parse_instant, ClientName, Email, Notes, Phone, Problem};
use shared::config::{
    self, parse_document, parse_hhmm, Policy, SalonConfigWire, ServiceWire, StaffWire, TimeOffWire,
};
use shared::date::{CalendarDate, DateError, MAX_YEAR, MIN_YEAR};
use shared::text::{Lines, TextError, TextRule};
use shared::Locale;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

/// A brief run: the whole file takes a few seconds natively, and less work under Node.
fn config(native_cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases: if cfg!(target_arch = "wasm32") {
            native_cases / 4
        } else {
            native_cases
        },
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Characters

/// Characters that are never allowed in any text: controls other than `\n` and `\t`, line and
/// paragraph separators, zero-width and other invisible characters, bidirectional controls.
fn refused_everywhere(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            '\u{2028}'
                | '\u{2029}'
                // Zero-width and invisible.
                | '\u{200B}'
                | '\u{2060}'
                | '\u{FEFF}'
                | '\u{180E}'
                | '\u{00AD}'
                | '\u{034F}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{2800}'
                | '\u{3164}'
                | '\u{FFA0}'
                | '\u{2061}'..='\u{2065}'
                | '\u{206A}'..='\u{206F}'
                | '\u{FFF0}'..='\u{FFFB}'
                | '\u{1BCA0}'..='\u{1BCA3}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E001F}'
                | '\u{E0080}'..='\u{E00FF}'
                | '\u{E01F0}'..='\u{E0FFF}'
                // Bidirectional controls.
                | '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
        )
}

fn joiner(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}')
}

fn selector(c: char) -> bool {
    matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}' | '\u{180B}'..='\u{180D}' | '\u{180F}')
}

fn tag(c: char) -> bool {
    matches!(c, '\u{E0020}'..='\u{E007F}')
}

/// Something a joiner or selector may lean on.
fn leans(c: char) -> bool {
    !c.is_whitespace()
        && !c.is_control()
        && !refused_everywhere(c)
        && !joiner(c)
        && !selector(c)
        && !tag(c)
}

/// Checks an accepted text against the rules, written out independently of `shared::text`.
fn assert_clean(text: &str, lines: Lines) -> Result<(), TestCaseError> {
    let chars: Vec<char> = text.chars().collect();
    prop_assert_eq!(text, text.trim(), "accepted texts are trimmed");
    for (i, &c) in chars.iter().enumerate() {
        prop_assert!(!refused_everywhere(c), "{:?} in {:?}", c, text);
        if lines == Lines::One {
            prop_assert!(!c.is_control(), "{:?} in {:?}", c, text);
        }
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        if joiner(c) {
            prop_assert!(
                before.is_some_and(|b| leans(b) || selector(b)),
                "{:?}",
                text
            );
            prop_assert!(after.is_some_and(leans), "{:?}", text);
        }
        if selector(c) {
            prop_assert!(before.is_some_and(leans), "{:?}", text);
        }
        if tag(c) {
            prop_assert!(
                before.is_some_and(|b| b == '\u{1F3F4}' || tag(b)),
                "{:?}",
                text
            );
        }
    }
    Ok(())
}

/// Characters hostile input is made of: the ones the rules are about, and a few that matter to
/// other parsers (`@`, `:`, digits, a dotted capital I).
const SPECIAL: &[char] = &[
    '\r',
    '\n',
    '\t',
    '\0',
    '\u{7f}',
    '\u{85}',
    ' ',
    '\u{a0}',
    '\u{3000}',
    '\u{ad}',
    '\u{200b}',
    '\u{200c}',
    '\u{200d}',
    '\u{200e}',
    '\u{200f}',
    '\u{202a}',
    '\u{202e}',
    '\u{2028}',
    '\u{2029}',
    '\u{2060}',
    '\u{2062}',
    '\u{2066}',
    '\u{2069}',
    '\u{206a}',
    '\u{fe0f}',
    '\u{e0100}',
    '\u{feff}',
    '\u{180e}',
    '\u{3164}',
    '\u{fff9}',
    '\u{e0001}',
    '\u{e0020}',
    '\u{e0067}',
    '\u{e0062}',
    '\u{e007f}',
    '\u{1f3f4}',
    '👩',
    '🦰',
    '❤',
    'ی',
    'م',
    'क',
    '्',
    'é',
    'İ',
    '@',
    '.',
    '-',
    '+',
    ':',
    'T',
    'Z',
    '0',
    '9',
    '[',
    '"',
    '\\',
    '{',
    '}',
];

fn hostile_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::sample::select(SPECIAL),
        2 => any::<char>(),
        3 => prop::char::range('a', 'z'),
    ]
}

fn hostile_string(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(hostile_char(), 0..=max).prop_map(|v| v.into_iter().collect())
}

/// Characters that are refused wherever they appear in a name.
fn refused_char() -> impl Strategy<Value = char> {
    prop::sample::select(vec![
        '\r',
        '\n',
        '\t',
        '\0',
        '\u{1b}',
        '\u{7f}',
        '\u{85}',
        '\u{2028}',
        '\u{2029}',
        '\u{200b}',
        '\u{2060}',
        '\u{feff}',
        '\u{180e}',
        '\u{200e}',
        '\u{200f}',
        '\u{61c}',
        '\u{202a}',
        '\u{202b}',
        '\u{202c}',
        '\u{202d}',
        '\u{202e}',
        '\u{2066}',
        '\u{2067}',
        '\u{2068}',
        '\u{2069}',
        '\u{2061}',
        '\u{2064}',
        '\u{206a}',
        '\u{206f}',
        '\u{fff9}',
        '\u{fffb}',
        '\u{ad}',
        '\u{3164}',
        '\u{e0001}',
        '\u{e0041}',
    ])
}

/// Words from many scripts, including joiners, selectors and a tag flag where they belong.
const WORDS: &[&str] = &[
    "Ana",
    "Zoé",
    "José",
    "Ørjan",
    "Łukasz",
    "Þóra",
    "O'Brien",
    "Jean-Luc",
    "Νίκος",
    "Дарья",
    "می‌خواهم",
    "محمد",
    "דוד",
    "राज",
    "क्‍ष",
    "さくら",
    "李",
    "김민준",
    "👩‍🦰",
    "👨🏽‍💻",
    "❤️‍🔥",
    "❤️",
    "葛\u{e0100}城",
    "🏴\u{e0067}\u{e0062}\u{e0077}\u{e006c}\u{e0073}\u{e007f}",
];

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(WORDS).prop_map(str::to_owned),
        "[A-Za-zÀ-ÿ]{1,12}",
    ]
}

/// A valid name: one to four words separated by spaces, at most 100 characters.
fn valid_name() -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 1..=4)
        .prop_map(|words| words.join(" "))
        .prop_filter("at most 100 characters", |name| name.chars().count() <= 100)
}

/// `text` with `c` inserted before its `at`-th character (or at the end).
fn insert(text: &str, at: Index, c: char) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let i = at.index(chars.len() + 1);
    chars.insert(i, c);
    chars.into_iter().collect()
}

// ---------------------------------------------------------------------------------------------
// Names and free text

#[test]
fn client_names_never_panic_and_accepted_names_are_clean_and_read_back_the_same() {
    proptest!(config(256), |(input in hostile_string(40))| {
        if let Ok(name) = ClientName::parse(&input) {
            assert_clean(name.as_ref(), Lines::One)?;
            prop_assert!(!name.as_ref().is_empty());
            prop_assert!(name.as_ref().chars().count() <= 100);
            prop_assert_eq!(ClientName::parse(name.as_ref()), Ok(name.clone()));
            let shown = format!("{name}");
            prop_assert_eq!(ClientName::parse(&shown), Ok(name));
        }
    });
}

#[test]
fn valid_names_are_accepted_trimmed_by_the_client_and_the_configuration() {
    proptest!(config(128), |(name in valid_name(), pad in "[ \u{a0}]{0,2}")| {
        let padded = format!("{pad}{name}{pad}");
        prop_assert_eq!(ClientName::parse(&padded).map(|n| n.to_string()), Ok(name.clone()));
        prop_assert_eq!(config::NAME_RULE.parse(&padded), Ok(name.as_str()));
    });
}

#[test]
fn a_refused_character_anywhere_in_a_name_is_refused() {
    proptest!(config(256), |(name in valid_name(), at in any::<Index>(), c in refused_char())| {
        let hostile = insert(&name, at, c);
        let refused = [Problem::ControlCharacters, Problem::InvisibleCharacters];
        let problem = ClientName::parse(&hostile);
        prop_assert!(problem.as_ref().is_err_and(|p| refused.contains(p)), "{:?}: {:?}", hostile, problem);
        let error = config::NAME_RULE.parse(&hostile);
        prop_assert!(
            matches!(error, Err(TextError::ControlCharacters | TextError::InvisibleCharacters)),
            "{:?}: {:?}", hostile, error
        );
    });
}

#[test]
fn a_joiner_or_selector_at_either_end_of_a_name_is_refused() {
    let ends = prop::sample::select(vec!['\u{200c}', '\u{200d}', '\u{fe0f}', '\u{e0100}']);
    proptest!(config(128), |(name in valid_name(), c in ends, pad in "[ ]{0,2}")| {
        // A selector may follow the name's last character, so only the start is tried for it.
        let before = format!("{pad}{c}{name}");
        prop_assert_eq!(ClientName::parse(&before), Err(Problem::InvisibleCharacters));
        if joiner(c) {
            let after = format!("{name}{c}{pad}");
            prop_assert_eq!(ClientName::parse(&after), Err(Problem::InvisibleCharacters));
        }
    });
}

#[test]
fn notes_never_panic_and_accepted_notes_are_clean_and_read_back_the_same() {
    proptest!(config(256), |(input in hostile_string(60))| {
        if let Ok(notes) = Notes::parse(&input) {
            assert_clean(notes.as_ref(), Lines::Many)?;
            prop_assert!(!notes.as_ref().contains('\r'));
            prop_assert_eq!(Notes::parse(notes.as_ref()), Ok(notes));
        }
    });
}

#[test]
fn multi_line_texts_keep_line_feeds_and_tabs_between_valid_lines() {
    let rule = TextRule {
        lines: Lines::Many,
        required: false,
        max: 500,
    };
    proptest!(config(64), |(lines in prop::collection::vec(valid_name(), 1..=4), tab in any::<bool>())| {
        let separator = if tab { "\n\t" } else { "\n" };
        let text = lines.join(separator);
        prop_assume!(text.chars().count() <= 500);
        prop_assert_eq!(rule.parse(&text), Ok(text.as_str()));
        prop_assert_eq!(Notes::parse(&text).map(|n| n.to_string()), Ok(text.clone()));
        let crlf = lines.join("\r\n");
        if lines.len() > 1 {
            prop_assert_eq!(rule.parse(&crlf), Err(TextError::ControlCharacters));
        }
    });
}

// ---------------------------------------------------------------------------------------------
// Dates and times of day

#[test]
fn dates_never_panic_and_accepted_dates_read_back_the_same() {
    proptest!(config(256), |(input in prop_oneof![hostile_string(12), "[0-9+-]{0,12}"])| {
        if let Ok(date) = CalendarDate::parse(&input) {
            prop_assert_eq!(date.to_string(), input.clone());
            prop_assert_eq!(CalendarDate::parse(&date.to_string()), Ok(date));
        }
    });
}

#[test]
fn dates_agree_with_the_calendar_library_and_the_supported_years() {
    proptest!(config(256), |(year in prop_oneof![1960i32..=3010, 0i32..=9999], month in 0u8..=13, day in 0u8..=32)| {
        let text = format!("{year:04}-{month:02}-{day:02}");
        let expected = match Date::new(year as i16, month as i8, day as i8) {
            Err(_) => Err(DateError::Invalid),
            Ok(_) if !(MIN_YEAR..=MAX_YEAR).contains(&year) => Err(DateError::OutOfRange),
            Ok(civil) => Ok(civil),
        };
        prop_assert_eq!(CalendarDate::parse(&text).map(CalendarDate::to_civil), expected);
    });
}

#[test]
fn every_supported_day_reads_back_the_same() {
    let days = CalendarDate::MIN.days_since_epoch()..=CalendarDate::MAX.days_since_epoch();
    proptest!(config(256), |(n in days)| {
        let date = CalendarDate::from_days_since_epoch(n).unwrap();
        prop_assert_eq!(CalendarDate::parse(&date.to_string()), Ok(date));
        prop_assert_eq!(date.days_since_epoch(), n);
    });
}

#[test]
fn times_of_day_never_panic_and_only_hh_mm_up_to_24_00_is_read() {
    proptest!(config(256), |(input in prop_oneof![hostile_string(6), "[0-9:]{5}"])| {
        if let Some(minutes) = parse_hhmm(&input) {
            prop_assert!(minutes <= 1440);
            let b = input.as_bytes();
            prop_assert!(b.len() == 5 && b[2] == b':');
            prop_assert_eq!(format!("{:02}:{:02}", minutes / 60, minutes % 60), input);
        }
    });
}

#[test]
fn times_of_day_are_read_exactly_when_they_exist() {
    proptest!(config(256), |(hours in 0u16..=99, minutes in 0u16..=99)| {
        let valid = (hours < 24 && minutes < 60) || (hours == 24 && minutes == 0);
        let expected = valid.then_some(hours * 60 + minutes);
        prop_assert_eq!(parse_hhmm(&format!("{hours:02}:{minutes:02}")), expected);
    });
}

// ---------------------------------------------------------------------------------------------
// Instants

/// The offset part of a written instant.
#[derive(Debug, Clone)]
enum WrittenOffset {
    Z,
    LowerZ,
    Minutes {
        negative: bool,
        hours: u8,
        minutes: u8,
    },
    Seconds {
        negative: bool,
        hours: u8,
        minutes: u8,
        seconds: u8,
    },
}

/// An instant as someone might write it, valid or not, and what it should mean.
#[derive(Debug, Clone)]
struct Written {
    year: i32,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
    fraction: Option<String>,
    offset: WrittenOffset,
}

impl Written {
    fn text(&self) -> String {
        let fraction = self
            .fraction
            .as_deref()
            .map(|f| format!(".{f}"))
            .unwrap_or_default();
        let sign = |negative: bool| if negative { '-' } else { '+' };
        let offset = match self.offset {
            WrittenOffset::Z => "Z".to_owned(),
            WrittenOffset::LowerZ => "z".to_owned(),
            WrittenOffset::Minutes {
                negative,
                hours,
                minutes,
            } => {
                format!("{}{hours:02}:{minutes:02}", sign(negative))
            }
            WrittenOffset::Seconds {
                negative,
                hours,
                minutes,
                seconds,
            } => {
                format!("{}{hours:02}:{minutes:02}:{seconds:02}", sign(negative))
            }
        };
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{fraction}{offset}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }

    /// What `parse_instant` should answer, worked out with the calendar library.
    fn expected(&self) -> Result<Timestamp, Problem> {
        let offset_seconds = match self.offset {
            WrittenOffset::Z | WrittenOffset::LowerZ => Some(0),
            WrittenOffset::Minutes {
                negative,
                hours,
                minutes,
            } if hours <= 23 && minutes <= 59 => {
                let s = i32::from(hours) * 3600 + i32::from(minutes) * 60;
                Some(if negative { -s } else { s })
            }
            _ => None,
        };
        let fraction_ok = self
            .fraction
            .as_ref()
            .is_none_or(|f| (1..=9).contains(&f.len()));
        let (Some(offset_seconds), true, true) = (
            offset_seconds,
            fraction_ok,
            self.hour <= 23 && self.minute <= 59 && self.second <= 59,
        ) else {
            return Err(Problem::InvalidDateTime);
        };
        let Ok(date) = Date::new(self.year as i16, self.month as i8, self.day as i8) else {
            return Err(Problem::InvalidDateTime);
        };
        if !(MIN_YEAR..=MAX_YEAR).contains(&self.year) {
            return Err(Problem::OutOfRange);
        }
        let nanos = self
            .fraction
            .as_ref()
            .map(|f| format!("{f:0<9}").parse::<i32>().unwrap())
            .unwrap_or(0);
        let local = date.at(self.hour as i8, self.minute as i8, self.second as i8, nanos);
        let ts = Offset::from_seconds(offset_seconds)
            .unwrap()
            .to_timestamp(local)
            .unwrap();
        let utc_year = i32::from(ts.to_zoned(TimeZone::UTC).year());
        if !(MIN_YEAR..=MAX_YEAR).contains(&utc_year) {
            return Err(Problem::OutOfRange);
        }
        Ok(ts)
    }
}

fn written() -> impl Strategy<Value = Written> {
    let offset = prop_oneof![
        2 => Just(WrittenOffset::Z),
        1 => Just(WrittenOffset::LowerZ),
        6 => (any::<bool>(), prop_oneof![0u8..=23, 0u8..=30], prop_oneof![0u8..=59, 0u8..=61])
            .prop_map(|(negative, hours, minutes)| WrittenOffset::Minutes { negative, hours, minutes }),
        1 => (any::<bool>(), 0u8..=23, 0u8..=59, 0u8..=59)
            .prop_map(|(negative, hours, minutes, seconds)| WrittenOffset::Seconds { negative, hours, minutes, seconds }),
    ];
    (
        prop_oneof![4 => 1968i32..=3001, 1 => 0i32..=9999],
        prop_oneof![4 => 1u8..=12, 1 => 0u8..=13],
        prop_oneof![4 => 1u8..=28, 1 => 0u8..=32],
        (
            prop_oneof![0u8..=23, 0u8..=25],
            prop_oneof![0u8..=59, 0u8..=61],
            prop_oneof![0u8..=59, 0u8..=61],
        ),
        prop::option::weighted(0.3, "[0-9]{0,10}"),
        offset,
    )
        .prop_map(
            |(year, month, day, (hour, minute, second), fraction, offset)| Written {
                year,
                month,
                day,
                hour,
                minute,
                second,
                fraction,
                offset,
            },
        )
}

/// The end of the supported range, exclusive: 3000-01-01T00:00:00Z.
fn end_of_range() -> i64 {
    (i64::from(CalendarDate::MAX.days_since_epoch()) + 1) * 86_400
}

#[test]
fn instants_never_panic_on_hostile_or_damaged_text() {
    let damaged =
        (written(), any::<Index>(), hostile_char(), 0u8..3).prop_map(|(w, at, c, how)| {
            let mut chars: Vec<char> = w.text().chars().collect();
            let i = at.index(chars.len());
            match how {
                0 => chars[i] = c,
                1 => chars.insert(i, c),
                _ => {
                    chars.remove(i);
                }
            }
            chars.into_iter().collect::<String>()
        });
    proptest!(config(256), |(input in prop_oneof![hostile_string(30), damaged])| {
        if let Ok(ts) = parse_instant(&input) {
            prop_assert!((0..end_of_range()).contains(&ts.as_second()), "{}", input);
            prop_assert_eq!(parse_instant(&ts.to_string()), Ok(ts));
        }
    });
}

#[test]
fn instants_mean_what_the_calendar_library_says_within_the_supported_rules() {
    proptest!(config(512), |(w in written())| {
        prop_assert_eq!(parse_instant(&w.text()), w.expected(), "{}", w.text());
    });
}

#[test]
fn offsets_beyond_23_59_or_with_seconds_are_always_refused() {
    let beyond = (24u8..=99, 0u8..=99).prop_map(|(h, m)| format!("{h:02}:{m:02}"));
    let with_seconds =
        (0u8..=23, 0u8..=59, 0u8..=59).prop_map(|(h, m, s)| format!("{h:02}:{m:02}:{s:02}"));
    let far_minutes = (0u8..=23, 60u8..=99).prop_map(|(h, m)| format!("{h:02}:{m:02}"));
    proptest!(config(256), |(
        ts in 0i64..end_of_range(),
        negative in any::<bool>(),
        offset in prop_oneof![beyond, with_seconds, far_minutes],
    )| {
        let ts = Timestamp::from_second(ts).unwrap();
        let local = ts.to_zoned(TimeZone::UTC).datetime();
        let text = format!("{}{}{offset}", local.strftime("%Y-%m-%dT%H:%M:%S"), if negative { '-' } else { '+' });
        prop_assert_eq!(parse_instant(&text), Err(Problem::InvalidDateTime), "{}", text);
    });
}

#[test]
fn supported_instants_read_back_the_same_in_utc_and_at_any_offset() {
    proptest!(config(256), |(
        seconds in 0i64..end_of_range(),
        nanos in prop_oneof![Just(0i32), 0i32..1_000_000_000],
        offset_minutes in -(23 * 60 + 59)..=(23 * 60 + 59),
    )| {
        let ts = Timestamp::new(seconds, nanos).unwrap();
        prop_assert_eq!(parse_instant(&ts.to_string()), Ok(ts));
        let offset = Offset::from_seconds(offset_minutes * 60).unwrap();
        let written = ts.display_with_offset(offset).to_string();
        let local_year = i32::from(ts.to_zoned(TimeZone::fixed(offset)).year());
        let expected = if (MIN_YEAR..=MAX_YEAR).contains(&local_year) {
            Ok(ts)
        } else {
            Err(Problem::OutOfRange)
        };
        prop_assert_eq!(parse_instant(&written), expected, "{}", written);
    });
}

// ---------------------------------------------------------------------------------------------
// Emails and phones

#[test]
fn emails_never_panic_and_accepted_addresses_are_clean_and_read_back_the_same() {
    let shaped = (hostile_string(12), hostile_string(12), "[a-z]{2,4}")
        .prop_map(|(local, domain, tld)| format!("{local}@{domain}.{tld}"));
    proptest!(config(256), |(input in prop_oneof![hostile_string(30), shaped])| {
        if let Ok(email) = Email::parse(&input) {
            let text = email.as_ref();
            assert_clean(text, Lines::One)?;
            prop_assert!(text.len() <= 254);
            prop_assert!(!text.chars().any(char::is_whitespace));
            let (local, domain) = text.rsplit_once('@').unwrap();
            prop_assert!(!local.is_empty() && domain.contains('.'));
            prop_assert_eq!(domain.to_lowercase(), domain);
            prop_assert_eq!(Email::parse(text), Ok(email));
        }
    });
}

#[test]
fn ordinary_addresses_are_accepted_with_a_lower_case_domain() {
    proptest!(config(128), |(
        local in "[A-Za-z0-9][A-Za-z0-9._+-]{0,20}",
        labels in prop::collection::vec("[A-Za-z0-9]{1,10}", 1..=3),
        tld in "[A-Za-z]{2,6}",
    )| {
        let domain = format!("{}.{tld}", labels.join("."));
        let input = format!(" {local}@{domain} ");
        let expected = format!("{local}@{}", domain.to_lowercase());
        prop_assert_eq!(Email::parse(&input).map(|e| e.to_string()), Ok(expected));
    });
}

const COUNTRIES: &[&str] = &[
    "FR", "US", "GB", "DE", "IT", "ES", "HU", "LT", "JP", "XX", "",
];

#[test]
fn phones_never_panic_and_accepted_numbers_are_e164_and_read_back_the_same() {
    let phoneish = "[+0-9 ().\\-/]{0,20}";
    proptest!(config(256), |(
        input in prop_oneof![hostile_string(20), phoneish],
        country in prop::sample::select(COUNTRIES),
        again in prop::sample::select(COUNTRIES),
    )| {
        if let Ok(phone) = Phone::parse(&input, country) {
            let text = phone.as_ref();
            let digits = text.strip_prefix('+').unwrap();
            prop_assert!((8..=15).contains(&digits.len()), "{}", text);
            prop_assert!(digits.bytes().all(|b| b.is_ascii_digit()) && !digits.starts_with('0'));
            // An international number is the same number whatever the salon's country.
            prop_assert_eq!(Phone::parse(text, again), Ok(phone));
        }
    });
}

#[test]
fn separators_do_not_change_a_phone_number() {
    let separators = prop::sample::select(vec!["", " ", "-", ".", " (", ") ", "/", "\u{a0}"]);
    proptest!(config(128), |(
        digits in "[1-9][0-9]{8}",
        seps in prop::collection::vec(separators, 9),
    )| {
        let spaced: String = digits
            .chars()
            .zip(&seps)
            .map(|(d, s)| format!("{s}{d}"))
            .collect();
        let expected = format!("+33{digits}");
        prop_assert_eq!(Phone::parse(&format!("0{spaced}"), "FR").map(|p| p.to_string()), Ok(expected.clone()));
        prop_assert_eq!(Phone::parse(&format!("+33{spaced}"), "US").map(|p| p.to_string()), Ok(expected.clone()));
        prop_assert_eq!(Phone::parse(&format!("0033 {spaced}"), "DE").map(|p| p.to_string()), Ok(expected));
    });
}

// ---------------------------------------------------------------------------------------------
// The configuration document

const ZONES: &[&str] = &[
    "Europe/Paris",
    "America/New_York",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "UTC",
];

fn hhmm(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// One day's working intervals, sorted and disjoint, in minutes.
fn day_hours() -> impl Strategy<Value = Vec<(u16, u16)>> {
    prop::collection::btree_set(0u16..=288, 0..=4).prop_map(|points| {
        let points: Vec<u16> = points.into_iter().map(|p| p * 5).collect();
        points.chunks_exact(2).map(|c| (c[0], c[1])).collect()
    })
}

/// A period off well inside the supported years, written at some offset.
fn time_off() -> impl Strategy<Value = (TimeOffWire, i64, i64)> {
    let margin = 2 * 86_400;
    (
        margin..end_of_range() - 4 * margin,
        1i64..=2 * 86_400,
        -1439i32..=1439,
    )
        .prop_map(|(start, len, offset_minutes)| {
            let offset = Offset::from_seconds(offset_minutes * 60).unwrap();
            let write = |s: i64| {
                Timestamp::from_second(s)
                    .unwrap()
                    .display_with_offset(offset)
                    .to_string()
            };
            (
                TimeOffWire {
                    start: write(start),
                    end: write(start + len),
                },
                start,
                start + len,
            )
        })
}

/// What a generated valid document should parse into, beside the document itself.
#[derive(Debug, Clone)]
struct ValidDocument {
    wire: SalonConfigWire,
    hours: Vec<[Vec<(u16, u16)>; 7]>,
    time_off: Vec<Vec<(i64, i64)>>,
}

fn valid_document() -> impl Strategy<Value = ValidDocument> {
    let service = (
        valid_name(),
        "[A-Za-z ]{0,20}",
        1u32..=96,
        0u32..=120,
        0u32..=120,
        0u64..=10_000_000,
    );
    let staff = (
        valid_name(),
        prop::collection::vec(any::<bool>(), 3),
        prop::array::uniform7(day_hours()),
        prop::collection::vec(time_off(), 0..=2),
    );
    (
        (
            valid_name(),
            prop::sample::select(ZONES),
            prop::sample::select(&["FR", "US", "DE", "GB"][..]),
        ),
        (
            prop::sample::select(config::SLOT_STEPS.to_vec()),
            0u32..=10_080,
            1u16..=365,
            0u32..=10_080,
        ),
        prop::collection::vec(service, 0..=3),
        prop::collection::vec(staff, 0..=3),
    )
        .prop_map(
            |((name, zone, country), (step, notice, advance, cutoff), services, staff)| {
                let services: Vec<ServiceWire> = services
                    .into_iter()
                    .enumerate()
                    .map(
                        |(i, (name, category, duration, before, after, price))| ServiceWire {
                            key: format!("service-{i}"),
                            name,
                            category: category.trim().to_owned(),
                            description: "Wash,\tcut\nand dry.".to_owned(),
                            duration_minutes: duration * 5,
                            buffer_before_minutes: before,
                            buffer_after_minutes: after,
                            price_cents: price,
                        },
                    )
                    .collect();
                let mut hours = Vec::new();
                let mut offs = Vec::new();
                let staff = staff
                    .into_iter()
                    .enumerate()
                    .map(|(i, (name, performs, week, time_off))| {
                        let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
                        let wire_hours = days
                            .iter()
                            .zip(&week)
                            .filter(|(_, intervals)| !intervals.is_empty())
                            .map(|(day, intervals)| {
                                let pairs =
                                    intervals.iter().map(|&(s, e)| [hhmm(s), hhmm(e)]).collect();
                                (day.to_string(), pairs)
                            })
                            .collect();
                        hours.push(week);
                        let mut periods: Vec<(i64, i64)> =
                            time_off.iter().map(|&(_, s, e)| (s, e)).collect();
                        periods.sort_unstable();
                        offs.push(periods);
                        StaffWire {
                            key: format!("staff-{i}"),
                            name,
                            services: services
                                .iter()
                                .zip(&performs)
                                .filter(|(_, &p)| p)
                                .map(|(s, _)| s.key.clone())
                                .collect(),
                            hours: wire_hours,
                            time_off: time_off.into_iter().map(|(w, _, _)| w).collect(),
                        }
                    })
                    .collect();
                ValidDocument {
                    wire: SalonConfigWire {
                        name,
                        timezone: zone.to_owned(),
                        currency: "EUR".to_owned(),
                        country: country.to_owned(),
                        locale: "fr-FR".to_owned(),
                        policy: Policy {
                            slot_step_minutes: step,
                            min_notice_minutes: notice,
                            max_advance_days: advance,
                            cancel_cutoff_minutes: cutoff,
                        },
                        allowed_origins: vec!["https://salon.example".to_owned()],
                        services,
                        staff,
                        notifications: Default::default(),
                        contact: Default::default(),
                    },
                    hours,
                    time_off: offs,
                }
            },
        )
}

/// The value a problem's path (`staff[0].hours.mon[1]`) names in the document, if any.
fn resolve<'a>(document: &'a Value, path: &str) -> Option<&'a Value> {
    if path.is_empty() {
        return Some(document);
    }
    let mut at = document;
    for segment in path.split('.') {
        let (name, indexes) = segment.split_once('[').unwrap_or((segment, ""));
        at = at.get(name)?;
        if !indexes.is_empty() {
            for index in indexes.trim_end_matches(']').split("][") {
                at = at.get(index.parse::<usize>().ok()?)?;
            }
        }
    }
    Some(at)
}

/// Every JSON pointer in a document, the root included.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                pointers(v, format!("{at}/{key}"), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                pointers(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

/// Values hostile or careless owners put in a document.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-2i64..=2000).prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        hostile_string(12).prop_map(Value::String),
        prop::sample::select(vec![
            "\r\nX-Injected: 1",
            "\u{200b}",
            "\u{202e}evil\u{202c}",
            "24:00",
            "25:00",
            "09:00",
            "2026-12-05T10:00:00+24:00",
            "0000-01-01T00:00:00Z",
            "2026-12-05T10:00:00Z",
            "any",
            "cut",
            "mon",
            "Europe/Paris",
            "Mars/Olympus",
            "EUR",
            "FR",
            "",
            " ",
        ])
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..=3).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,4}", inner, 0..=3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Checks what every answer to a document must satisfy: problems have a code, a message, and a path
/// that names a value of the document (checked when `resolve_paths`; a damaged weekday key such as
/// `m.on` makes a path that cannot be followed back).
fn check_answer(document: &str, resolve_paths: bool) -> Result<(), TestCaseError> {
    let Err(problems) = parse_document(document) else {
        return Ok(());
    };
    prop_assert!(!problems.is_empty());
    let value: Option<Value> = serde_json::from_str(document).ok();
    for problem in &problems {
        prop_assert!(
            !problem.code().is_empty()
                && problem
                    .code()
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'_'),
            "{:?}",
            problem
        );
        for locale in Locale::ALL {
            prop_assert!(
                !problem.message(locale).is_empty(),
                "{:?} in {}",
                problem,
                locale
            );
        }
        if problem.code() == "invalid_document" {
            prop_assert_eq!(&problem.path, "");
        } else {
            prop_assert!(!problem.path.is_empty(), "{:?}", problem);
            if resolve_paths {
                let value = value.as_ref().expect("a document that serde read is JSON");
                prop_assert!(
                    resolve(value, &problem.path).is_some(),
                    "{:?} in {}",
                    problem,
                    document
                );
            }
        }
    }
    Ok(())
}

#[test]
fn a_generated_valid_document_parses_into_what_it_says() {
    proptest!(config(64), |(doc in valid_document())| {
        let json = serde_json::to_string(&doc.wire).unwrap();
        let parsed = parse_document(&json);
        prop_assert!(parsed.is_ok(), "{:?}", parsed.err());
        let parsed = parsed.unwrap();
        prop_assert_eq!(&parsed.name, &doc.wire.name);
        prop_assert_eq!(parsed.services.len(), doc.wire.services.len());
        for (service, wire) in parsed.services.iter().zip(&doc.wire.services) {
            prop_assert_eq!(service.key.as_ref(), wire.key.as_str());
            prop_assert_eq!(&service.name, &wire.name);
            prop_assert_eq!(&service.description, &wire.description);
        }
        prop_assert_eq!(parsed.staff.len(), doc.wire.staff.len());
        for (i, staff) in parsed.staff.iter().enumerate() {
            prop_assert_eq!(&staff.name, &doc.wire.staff[i].name);
            prop_assert_eq!(&staff.hours.0, &doc.hours[i]);
            let off: Vec<(i64, i64)> = staff.time_off.iter().map(|p| (p.start, p.end)).collect();
            prop_assert_eq!(&off, &doc.time_off[i]);
        }
    });
}

#[test]
fn a_document_with_one_value_replaced_never_panics_and_every_problem_has_a_path_and_a_code() {
    proptest!(config(256), |(doc in valid_document(), at in any::<Index>(), replacement in json_value())| {
        let mut value = serde_json::to_value(&doc.wire).unwrap();
        let mut all = Vec::new();
        pointers(&value, String::new(), &mut all);
        let pointer = &all[at.index(all.len())];
        if pointer.is_empty() {
            value = replacement;
        } else {
            *value.pointer_mut(pointer).unwrap() = replacement;
        }
        check_answer(&value.to_string(), true)?;
    });
}

#[test]
fn a_hostile_name_in_a_document_is_reported_at_its_path() {
    let fields = prop::sample::select(vec![
        ("/name", "name"),
        ("/services/0/name", "services[0].name"),
        ("/services/0/category", "services[0].category"),
        ("/staff/0/name", "staff[0].name"),
    ]);
    proptest!(config(128), |(name in valid_name(), at in any::<Index>(), c in refused_char(), (pointer, path) in fields)| {
        let example = r#"{"name": "Fifi", "timezone": "Europe/Paris", "currency": "EUR", "country": "FR",
            "services": [{"key": "cut", "name": "Cut", "category": "Hair", "duration_minutes": 30}],
            "staff": [{"key": "ana", "name": "Ana", "services": ["cut"]}]}"#;
        // A category holds at most 50 characters.
        prop_assume!(path != "services[0].category" || name.chars().count() <= 50);
        let mut value: Value = serde_json::from_str(example).unwrap();
        *value.pointer_mut(pointer).unwrap() = Value::from(name.clone());
        prop_assert!(parse_document(&value.to_string()).is_ok(), "{}", name);
        let hostile = insert(&name, at, c);
        *value.pointer_mut(pointer).unwrap() = Value::from(hostile.clone());
        let problems = parse_document(&value.to_string()).unwrap_err();
        prop_assert_eq!(problems.len(), 1, "{:?}", problems);
        prop_assert_eq!(&problems[0].path, path);
        prop_assert!(
            ["control_characters", "invisible_characters"].contains(&problems[0].code()),
            "{:?}: {:?}", hostile, problems
        );
    });
}

#[test]
fn damaged_document_text_never_panics() {
    let damaged = (valid_document(), any::<Index>(), hostile_string(3), 0u8..3).prop_map(
        |(doc, at, text, how)| {
            let json = serde_json::to_string(&doc.wire).unwrap();
            let mut chars: Vec<char> = json.chars().collect();
            let i = at.index(chars.len());
            match how {
                0 => {
                    chars.splice(i..i, text.chars());
                }
                1 => {
                    chars.truncate(i);
                }
                _ => {
                    chars.remove(i);
                }
            }
            chars.into_iter().collect::<String>()
        },
    );
    proptest!(config(128), |(document in prop_oneof![damaged, hostile_string(40)])| {
        check_answer(&document, false)?;
    });
}
