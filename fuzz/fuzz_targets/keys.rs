//! `Slug::parse`, `Key::parse` and `StaffChoice::parse`: what is accepted is `a-z0-9-` within its
//! length bounds (or `any`) and reads back the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shared::client::StaffChoice;
use shared::keys::{Key, Slug};

fn plain(text: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fuzz_target!(|data: &[u8]| {
    let Some(input) = fuzz::text(data) else {
        return;
    };
    if let Ok(slug) = Slug::parse(input) {
        assert!(plain(slug.as_ref(), 3, 40), "{slug}");
        assert_eq!(slug.as_ref(), input);
    }
    if let Ok(key) = Key::parse(input) {
        assert!(plain(key.as_ref(), 1, 40), "{key}");
        assert_eq!(key.as_ref(), input);
    }
    match StaffChoice::parse(input) {
        Ok(choice) => {
            assert_eq!(choice.to_string(), input);
            assert_eq!(StaffChoice::parse(&choice.to_string()), Ok(choice));
        }
        Err(problem) => fuzz::assert_told(|l| problem.message(l)),
    }
});
