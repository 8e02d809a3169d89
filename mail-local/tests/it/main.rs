//! mail-local over real HTTP: each test starts the binary on a port of its own, so no test sees
//! another's messages or faults.

mod api;
mod email;
mod inbox;
mod server;
mod sms;
mod support;
