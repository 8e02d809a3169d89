//! `parse_hhmm`: only `HH:MM` from 00:00 to 24:00 is read, and it writes back as the same text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shared::config::parse_hhmm;

fuzz_target!(|data: &[u8]| {
    let Some(input) = fuzz::text(data) else {
        return;
    };
    if let Some(minutes) = parse_hhmm(input) {
        assert!(minutes <= 24 * 60);
        assert_eq!(format!("{:02}:{:02}", minutes / 60, minutes % 60), input);
    }
});
