//! `Email::parse`: an accepted address is `local@domain` within 254 bytes, one `@` in its local part's
//! place, a lower-case domain, no space or control character, and reads back the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shared::client::{Email, EMAIL_MAX};

fuzz_target!(|data: &[u8]| {
    let Some(input) = fuzz::text(data) else {
        return;
    };
    match Email::parse(input) {
        Ok(email) => {
            let text = email.as_ref();
            assert!(text.len() <= EMAIL_MAX);
            let (local, domain) = text.rsplit_once('@').expect("an @");
            assert!(!local.is_empty() && !local.contains('@'));
            assert_eq!(domain, domain.to_lowercase());
            assert!(!text.chars().any(char::is_whitespace));
            fuzz::assert_no_control(text, &[]);
            assert_eq!(Email::parse(text), Ok(email.clone()));
        }
        Err(problem) => fuzz::assert_told(|l| problem.message(l)),
    }
});
