//! Chairtime's domain, shared by the widget (wasm32 in the browser) and the edge (wasm32 in workerd).
//!
//! Everything here is pure: no I/O, no clock, no environment. "Now" is always an argument, so the
//! same inputs give the same answers in the browser, in the Worker and in native tests.
//!
//! The modules, from the bottom up: each uses only modules listed before it, so there is no cycle.
//!
//! - [`locale`]: the four languages of messages, and [`FieldError`], a problem rendered in one.
//! - [`text`]: the rules every name (one line) and free text (several lines) follows: no control
//!   characters, nothing invisible, no bidirectional controls.
//! - [`keys`]: slugs and the keys of services and staff.
//! - [`date`]: calendar dates without a time zone, and the years Chairtime supports.
//! - [`phone`]: phone numbers in E.164 form.
//! - [`instant`]: RFC 3339 instants within the supported years.
//! - [`policy`]: the booking policy and weekly hours, which the configuration writes and the engine
//!   applies.
//! - [`slots`]: the slot engine: which start instants are offered, and whether one given start may be booked.
//! - [`config`]: the salon configuration document an owner uploads, its validated form, and what can
//!   be wrong with it (`ConfigIssue`), in every language.
//! - [`booking`]: who may take a booking at one instant, for a named person or "anyone available".
//! - [`horizon`]: which bookings can matter to a range of local dates, before the salon's zone is known.
//! - [`paths`]: the API's paths, built by callers and read by the router from one definition.
//! - [`notices`]: who is told what about a booking and when: the outbox rows a change adds, retries.
//! - [`api`]: the JSON shapes of the HTTP API, used on both sides of the wire.
//! - [`client`]: what a client types into the booking form, parsed into types that can only hold valid
//!   values (`ClientName`, `Email`, `Phone`, `Notes`).

// No `unsafe` anywhere in the domain: memory errors cannot come from here, which is also why the
// fuzz targets run without an address sanitizer.
#![forbid(unsafe_code)]

pub mod api;
pub mod booking;
pub mod client;
pub mod config;
pub mod date;
pub mod horizon;
pub mod instant;
pub mod keys;
pub mod locale;
pub mod notices;
pub mod paths;
pub mod phone;
pub mod policy;
pub mod slots;
pub mod text;

pub use locale::{FieldError, Locale};
