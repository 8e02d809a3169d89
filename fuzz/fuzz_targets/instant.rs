//! `parse_instant`: an accepted instant lies in the supported years and reads back the same from the
//! form the API writes (UTC, `Z`).
#![no_main]

use jiff::tz::TimeZone;
use libfuzzer_sys::fuzz_target;
use shared::date::{MAX_YEAR, MIN_YEAR};
use shared::instant::parse_instant;

fuzz_target!(|data: &[u8]| {
    let Some(input) = fuzz::text(data) else {
        return;
    };
    if let Ok(instant) = parse_instant(input) {
        let year = i32::from(instant.to_zoned(TimeZone::UTC).year());
        assert!((MIN_YEAR..=MAX_YEAR).contains(&year), "{input}");
        assert_eq!(parse_instant(&instant.to_string()), Ok(instant), "{input}");
    }
});
