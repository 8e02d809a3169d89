//! `Notes::parse`: accepted notes are trimmed, at most 500 characters, hold no control character but
//! line feeds and tabs, and read back the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shared::client::{Notes, NOTES_MAX};

fuzz_target!(|data: &[u8]| {
    let Some(input) = fuzz::text(data) else {
        return;
    };
    match Notes::parse(input) {
        Ok(notes) => {
            let text = notes.as_ref();
            assert!(text.chars().count() <= NOTES_MAX);
            assert_eq!(text, text.trim());
            fuzz::assert_no_control(text, &['\n', '\t']);
            assert_eq!(Notes::parse(text), Ok(notes.clone()));
        }
        Err(problem) => fuzz::assert_told(|l| problem.message(l)),
    }
});
