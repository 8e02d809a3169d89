//! The edge cache (SPEC §6): availability is computed from cached *inputs*, not cached answers.
//!
//! One entry per salon (`inputs/{slug}`), for 30 seconds: its configuration document and, for every
//! confirmed booking over its bookable horizon (`shared::horizon::horizon`), the staff member, the start
//! and the occupied interval. No client data.
//!
//! Any availability query, whatever its service, staff, start date or length, is answered from this one
//! entry by the slot engine in well under a millisecond, so the cache never splits on query shape, a
//! lookup is a single round trip, and a booking, a cancellation or a configuration change purges exactly
//! one entry. The database stays the only authority: a stale entry can make the widget offer a time that
//! is gone, never book it twice.

use std::future::Future;
use std::pin::Pin;

use serde::{Deserialize, Serialize};
use shared::config::SalonConfigWire;

/// A boxed future that need not be `Send` (Workers are single-threaded).
pub type LocalFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// Where inputs are cached. Every method is best effort: a cache failure is a miss, never an error.
pub trait InputCache {
    fn get<'a>(&'a self, key: &'a str) -> LocalFuture<'a, Option<String>>;
    fn put<'a>(&'a self, key: &'a str, value: String, max_age_seconds: u32) -> LocalFuture<'a, ()>;
    fn delete<'a>(&'a self, key: &'a str) -> LocalFuture<'a, ()>;
}

/// No cache at all: every lookup misses (native runs).
pub struct NoCache;

impl InputCache for NoCache {
    fn get<'a>(&'a self, _key: &'a str) -> LocalFuture<'a, Option<String>> {
        Box::pin(async { None })
    }
    fn put<'a>(&'a self, _key: &'a str, _value: String, _max_age: u32) -> LocalFuture<'a, ()> {
        Box::pin(async {})
    }
    fn delete<'a>(&'a self, _key: &'a str) -> LocalFuture<'a, ()> {
        Box::pin(async {})
    }
}

/// How long inputs may be served from the cache: SPEC §6's staleness bound.
pub const MAX_AGE: u32 = 30;

const PREFIX: &str = "https://cache.chairtime.internal";

/// The key of a salon's inputs.
pub fn inputs_key(slug: &str) -> String {
    format!("{PREFIX}/inputs/{slug}")
}

/// A salon's cached inputs. `busy` rows are `[staff index, start, occupied start, occupied end]` in
/// seconds, compact because a busy salon has thousands of them.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CachedInputs {
    pub id: i64,
    pub slug: String,
    pub document: SalonConfigWire,
    /// The bookings of `[horizon_start, horizon_end)` are all here.
    pub horizon_start: i64,
    pub horizon_end: i64,
    pub staff: Vec<String>,
    pub busy: Vec<[i64; 4]>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_never_contain_anything_but_slugs() {
        assert_eq!(
            inputs_key("demo"),
            "https://cache.chairtime.internal/inputs/demo"
        );
    }
}
