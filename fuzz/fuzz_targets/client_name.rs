//! `ClientName::parse`: an accepted name is trimmed, one line, at most 100 characters, and reads back
//! the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shared::client::{ClientName, NAME_MAX};

fuzz_target!(|data: &[u8]| {
    let Some(input) = fuzz::text(data) else {
        return;
    };
    match ClientName::parse(input) {
        Ok(name) => {
            let text = name.as_ref();
            assert!(!text.is_empty() && text.chars().count() <= NAME_MAX);
            assert_eq!(text, text.trim());
            fuzz::assert_no_control(text, &[]);
            assert_eq!(ClientName::parse(text), Ok(name.clone()));
        }
        Err(problem) => fuzz::assert_told(|l| problem.message(l)),
    }
});
