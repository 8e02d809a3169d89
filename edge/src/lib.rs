//! Chairtime's edge: the HTTP API of SPEC §4 as a Cloudflare Worker.
//!
//! `fetch` converts the Worker request into an [`http::Incoming`], hands it to [`routes::handle`], and
//! converts the [`http::Reply`] back. Everything between is plain Rust that also runs natively:
//! `routes` reads HTTP and calls the use cases (`booking`, `availability`), which own the rules and
//! call `db`, the only place with SQL.

pub mod accounts;
pub mod availability;
pub mod booking;
pub mod cache;
pub mod clock;
pub mod db;
pub mod error;
pub mod http;
pub mod ics;
pub mod limits;
pub mod logs;
pub mod neon;
pub mod notify;
pub mod pages;
pub mod router;
pub mod routes;
pub mod secrets;
pub mod transport;

#[cfg(target_arch = "wasm32")]
mod worker_entry;
