//! The parsers of single words: notice kinds and channels, booking statuses, roles, outcomes and
//! language tags. What is read writes back as the same word.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shared::api::{BookingStatus, Outcome, Role};
use shared::notices::{Channel, Kind};
use shared::Locale;

fuzz_target!(|data: &[u8]| {
    let Some(input) = fuzz::text(data) else {
        return;
    };
    if let Some(kind) = Kind::parse(input) {
        assert_eq!(kind.as_str(), input);
    }
    if let Some(channel) = Channel::parse(input) {
        assert_eq!(channel.as_str(), input);
    }
    if let Some(status) = BookingStatus::parse(input) {
        assert_eq!(status.as_str(), input);
    }
    if let Some(role) = Role::parse(input) {
        assert_eq!(role.as_str(), input);
    }
    if let Some(outcome) = Outcome::parse(input) {
        assert_eq!(outcome.as_str(), input);
    }
    let locale = Locale::from_tag(input);
    assert_eq!(Locale::from_tag(locale.tag()), locale);
});
