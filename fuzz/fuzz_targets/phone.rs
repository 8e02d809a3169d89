//! `Phone::parse`: an accepted number is E.164 (`+` and 8 to 15 digits) and reads back the same
//! whichever country reads it, since it is international.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shared::client::Phone;

fuzz_target!(|data: &[u8]| {
    let Some((country, rest)) = fuzz::choose(data, &fuzz::COUNTRIES) else {
        return;
    };
    let Some(input) = fuzz::text(rest) else {
        return;
    };
    match Phone::parse(input, country) {
        Ok(phone) => {
            let digits = phone
                .as_ref()
                .strip_prefix('+')
                .expect("E.164 starts with +");
            assert!((8..=15).contains(&digits.len()), "{phone}");
            assert!(digits.bytes().all(|b| b.is_ascii_digit()), "{phone}");
            for other in fuzz::COUNTRIES {
                assert_eq!(Phone::parse(phone.as_ref(), other), Ok(phone.clone()));
            }
        }
        Err(problem) => fuzz::assert_told(|l| problem.message(l)),
    }
});
