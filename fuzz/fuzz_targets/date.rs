//! `CalendarDate::parse`: a date is read only from exactly `YYYY-MM-DD`, so what is accepted writes
//! back as the very text it came from, and agrees with the calendar library.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shared::date::CalendarDate;

fuzz_target!(|data: &[u8]| {
    let Some(input) = fuzz::text(data) else {
        return;
    };
    if let Ok(date) = CalendarDate::parse(input) {
        assert_eq!(date.to_string(), input);
        assert_eq!(CalendarDate::from_civil(date.to_civil()), Ok(date));
        assert_eq!(date.to_civil().to_string(), input);
        let days = date.days_since_epoch();
        assert_eq!(CalendarDate::from_days_since_epoch(days), Some(date));
    }
});
