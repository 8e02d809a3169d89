//! What the fuzz targets share: reading the fuzzer's bytes as the text a parser is given, and the
//! checks every refusal must pass.
//!
//! Each target in `fuzz_targets/` feeds one parser of `shared` and asserts what it promises beyond
//! not panicking: what it accepts reads back the same, and what it refuses comes with a message in
//! every language.

use shared::Locale;

/// The fuzzer's bytes as text, when they are UTF-8: every parser takes a `&str`, which is what the
/// edge and the widget hand it after decoding a request or an input.
pub fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// Splits off the first byte as a choice among `options` (a country, which body to read): the rest of
/// the bytes are the input.
pub fn choose<'a, T: Copy>(data: &'a [u8], options: &[T]) -> Option<(T, &'a [u8])> {
    let (first, rest) = data.split_first()?;
    Some((options[usize::from(*first) % options.len()], rest))
}

/// Countries whose numbering plan is known, and one that is not, which falls back to the first plan.
pub const COUNTRIES: [&str; 8] = ["FR", "GB", "US", "DE", "ES", "BE", "CH", "ZZ"];

/// Asserts that a refusal can be told to a person in every language: a sentence, not an empty one.
pub fn assert_told(message: impl Fn(Locale) -> String) {
    for locale in Locale::ALL {
        let text = message(locale);
        assert!(
            !text.trim().is_empty(),
            "an empty message in {}",
            locale.tag()
        );
    }
}

/// Asserts that accepted text holds no control character: it goes into headers, mails and HTML.
pub fn assert_no_control(text: &str, allowed: &[char]) {
    assert!(
        !text
            .chars()
            .any(|c| c.is_control() && !allowed.contains(&c)),
        "accepted text holds a control character: {text:?}"
    );
}
