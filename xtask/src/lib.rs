//! Chairtime's developer commands (`cargo xtask <command>`).
//!
//! - `dev [--port N]`: installs what is missing, starts Postgres, the local Neon-protocol server,
//!   mail-local and `wrangler dev` with the demo salon, and stops them all on Ctrl-C.
//! - `test`: every check and test: formatting, lints (native and wasm32), unit tests, integration tests
//!   against the real stack, and the end-to-end browser tests.
//! - `build`: the widget and the Worker, release builds.
//! - `fuzz [TARGET] [--seconds N]`: coverage-guided fuzzing of the parsers in `shared` (libFuzzer).
//! - `import --salon SLUG FILE.csv [--apply]`: future appointments from another tool's CSV export.
//! - `migrate --database-url URL [--endpoint URL]`: applies `migrations/` over Neon's HTTP protocol.
//! - `salon create|apply <slug> <file.json> [--api URL]`: the owner API from the command line.
//! - `bench-engine`: times the slot engine natively (criterion) and compiled to wasm32 (Node).
//! - `bench-edge`: load on loopback against a fresh stack; requests per second and latency percentiles.
//! - `bench-widget`: the widget on emulated Fast 3G in Chromium; time until free times show.
//! - `bench-console`: the console on emulated Fast 3G in Chromium; time until a signed-in owner's day shows.
//! - `setup`: installs the pinned tools only.

pub mod backup;
pub mod bench;
pub mod build;
pub mod fuzz;
pub mod import;
pub mod migrate;
pub mod neon;
pub mod proc;
pub mod salon;
pub mod stack;
pub mod test;
pub mod tools;

use std::path::PathBuf;

/// What went wrong, for the person at the terminal.
pub type Result<T> = std::result::Result<T, String>;

/// The repository root.
pub fn root() -> PathBuf {
    // Read when the command runs, not when it was compiled: two checkouts that share a
    // CARGO_TARGET_DIR can end up running one xtask binary, which must then work on the checkout
    // it was started from. `cargo run` and `cargo test` set the variable to the package being run
    // (xtask/ or tests/), both one level below the root.
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest_dir
        .parent()
        .expect("xtask and tests live one level below the root")
        .to_path_buf()
}

/// Where cargo builds: `CARGO_TARGET_DIR`, or `target/` at the root.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

/// Whether this process runs as root.
pub fn is_root() -> bool {
    proc::output(std::process::Command::new("id").arg("-u")).is_ok_and(|s| s.trim() == "0")
}

/// Lower-case hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
