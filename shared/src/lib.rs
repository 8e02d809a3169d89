//! Chairtime's domain, shared by the widget (wasm32 in the browser) and the edge (wasm32 in workerd).
//!
//! Everything here is pure: no I/O, no clock, no environment. "Now" is always an argument, so the
//! same inputs give the same answers in the browser, in the Worker and in native tests.
//!
//! - [`client`]: what a client types into the booking form, parsed into types that can only hold valid
//!   values (`ClientName`, `Email`, `Phone`, `Notes`).
//! - [`text`]: the rules every name (one line) and free text (several lines) follows: no control
//!   characters, nothing invisible, no bidirectional controls.
//! - [`date`]: calendar dates without a time zone, and the years Chairtime supports.
//! - [`config`]: the salon configuration document an owner uploads, and its validated form.
//! - [`slots`]: the slot engine: which start instants are offered, and whether one given start may be booked.
//! - [`booking`]: who may take a booking at one instant, for a named person or "anyone available".
//! - [`horizon`]: which bookings can matter to a range of local dates, before the salon's zone is known.
//! - [`paths`]: the API's paths, built by callers and read by the router from one definition.
//! - [`api`]: the JSON shapes of the HTTP API, used on both sides of the wire.

pub mod api;
pub mod booking;
pub mod client;
pub mod config;
pub mod date;
pub mod horizon;
pub mod keys;
pub mod locale;
pub mod paths;
pub mod phone;
pub mod slots;
pub mod text;

pub use locale::Locale;

/// One invalid field: a stable machine code and a message a person can read.
///
/// The code never changes once published; the message follows the locale it was rendered in.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FieldError {
    /// Stable, machine-readable code such as `too_long`.
    pub code: String,
    /// Human-readable message in the requested locale.
    pub message: String,
}
