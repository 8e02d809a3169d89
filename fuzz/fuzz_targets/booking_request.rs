//! A client's booking request as the edge reads it: the JSON body into `BookingRequestWire`, then
//! `BookingInput::parse`. Every problem is on a named field with a sentence in every language, and an
//! accepted request's parts read back the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shared::api::BookingRequestWire;
use shared::client::{BookingInput, ClientName, Email, Notes, Phone};
use shared::instant::parse_instant;

fuzz_target!(|data: &[u8]| {
    let Some((country, body)) = fuzz::choose(data, &fuzz::COUNTRIES) else {
        return;
    };
    let Ok(wire) = serde_json::from_slice::<BookingRequestWire>(body) else {
        return;
    };
    match BookingInput::parse(&wire, country) {
        Ok(input) => {
            assert_eq!(parse_instant(&input.start.to_string()), Ok(input.start));
            let client = &input.client;
            assert!(client.email.is_some() || client.phone.is_some());
            assert_eq!(
                ClientName::parse(client.name.as_ref()),
                Ok(client.name.clone())
            );
            if let Some(email) = &client.email {
                assert_eq!(Email::parse(email.as_ref()), Ok(email.clone()));
            }
            if let Some(phone) = &client.phone {
                assert_eq!(Phone::parse(phone.as_ref(), country), Ok(phone.clone()));
            }
            assert_eq!(Notes::parse(input.notes.as_ref()), Ok(input.notes.clone()));
        }
        Err(problems) => {
            assert!(!problems.is_empty());
            for (field, problem) in &problems.0 {
                assert!(!field.is_empty());
                fuzz::assert_told(|l| problem.message(l));
            }
        }
    }
});
