//! Every request body the API reads, by the first byte: what reads as a body writes out and reads back
//! as the same body, as the console and the widget send what they were given (an asymmetry in a
//! default or a skipped field would change a request on its way through).
#![no_main]

use std::fmt::Debug;

use libfuzzer_sys::fuzz_target;
use serde::de::DeserializeOwned;
use serde::Serialize;
use shared::api::{
    ApiKeyRequest, BlockRequest, BookingRequestWire, ClientNoteRequest, ClientWire,
    EmailLinkRequest, ErasureRequest, MemberRequest, MemberUpdate, NewSalonRequest, OutcomeRequest,
    OwnerBookingRequest, OwnerCancelRequest, OwnerRescheduleRequest, RescheduleWire,
    SessionRequest,
};

fn round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(body: &[u8]) {
    let Ok(value) = serde_json::from_slice::<T>(body) else {
        return;
    };
    let written = serde_json::to_vec(&value).expect("a body serialises");
    let again: T = serde_json::from_slice(&written).expect("a written body reads back");
    assert_eq!(again, value);
}

const BODIES: [fn(&[u8]); 16] = [
    round_trip::<BookingRequestWire>,
    round_trip::<ClientWire>,
    round_trip::<RescheduleWire>,
    round_trip::<EmailLinkRequest>,
    round_trip::<SessionRequest>,
    round_trip::<OwnerBookingRequest>,
    round_trip::<OwnerRescheduleRequest>,
    round_trip::<OwnerCancelRequest>,
    round_trip::<OutcomeRequest>,
    round_trip::<BlockRequest>,
    round_trip::<ClientNoteRequest>,
    round_trip::<ApiKeyRequest>,
    round_trip::<NewSalonRequest>,
    round_trip::<MemberRequest>,
    round_trip::<MemberUpdate>,
    round_trip::<ErasureRequest>,
];

fuzz_target!(|data: &[u8]| {
    if let Some((read, body)) = fuzz::choose(data, &BODIES) {
        read(body);
    }
});
