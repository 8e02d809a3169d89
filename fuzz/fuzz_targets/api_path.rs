//! `ApiPath::parse`: whatever a path's segments hold, the endpoint it names keeps its shape when
//! written back (a value is percent-encoded and cannot reach into the next segment), and the log's
//! template never carries a value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shared::paths::{is_console_setup, ApiPath};

fuzz_target!(|data: &[u8]| {
    let Some(input) = fuzz::text(data) else {
        return;
    };
    if is_console_setup(input) {
        assert!(input.starts_with("/console/"), "{input}");
    }
    let Some(path) = ApiPath::parse(input) else {
        return;
    };
    let template = path.template();
    assert!(template.starts_with('/'));
    assert!(
        template
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/{}-._".contains(&b)),
        "{template}"
    );
    let written = path.to_string();
    let again = ApiPath::parse(&written).expect("a written path parses");
    assert_eq!(
        again.template(),
        template,
        "{input} was written as {written}"
    );
});
