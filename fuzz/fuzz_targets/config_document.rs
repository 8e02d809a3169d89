//! `parse_document`: a salon's configuration, as an owner's `PUT` or the set-up screens send it.
//! Every refusal names a stable code and a sentence in every language, and a document's verdict does
//! not change when it is written out and read again (what the API stores and serves back).
#![no_main]

use libfuzzer_sys::fuzz_target;
use shared::config::{parse_document, SalonConfig, SalonConfigWire};

fuzz_target!(|data: &[u8]| {
    let Some(input) = fuzz::text(data) else {
        return;
    };
    let verdict = parse_document(input);
    if let Err(problems) = &verdict {
        assert!(!problems.is_empty(), "a refusal without a problem");
        for problem in problems {
            assert!(!problem.code().is_empty());
            fuzz::assert_told(|l| problem.message(l));
        }
    }
    let Ok(wire) = serde_json::from_str::<SalonConfigWire>(input) else {
        return;
    };
    let written = serde_json::to_string(&wire).expect("a wire document serialises");
    let again: SalonConfigWire = serde_json::from_str(&written).expect("written text reads back");
    assert_eq!(again, wire);
    let first = format!("{:?}", SalonConfig::parse(&wire));
    assert_eq!(format!("{:?}", SalonConfig::parse(&again)), first);
    assert_eq!(format!("{verdict:?}"), first);
});
