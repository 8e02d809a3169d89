//! Chairtime's developer commands (`cargo xtask <command>`).
//!
//! - `dev [--port N]`: installs what is missing, starts Postgres, the local Neon-protocol server and
//!   `wrangler dev` with the demo salon, and stops them all on Ctrl-C.
//! - `test`: every check and test: formatting, lints (native and wasm32), unit tests, integration tests
//!   against the real stack, and the end-to-end browser tests.
//! - `build`: the widget and the Worker, release builds.
//! - `migrate --database-url URL [--endpoint URL]`: applies `migrations/` over Neon's HTTP protocol.
//! - `bench-engine`: times the slot engine natively (criterion) and compiled to wasm32 (Node).
//! - `setup`: installs the pinned tools only.

mod bench;
mod build;
mod migrate;
mod neon;
mod proc;
mod stack;
mod test;
mod tools;

use std::path::PathBuf;
use std::process::ExitCode;

/// What went wrong, for the person at the terminal.
pub type Result<T> = std::result::Result<T, String>;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the root")
        .to_path_buf()
}

fn usage() -> ExitCode {
    eprintln!(
        "usage: cargo xtask <command>\n\
         \n  dev [--port N]                       run the demo salon, the widget and the API locally\
         \n  test                                 run every check and test\
         \n  build                                build the widget and the Worker (release)\
         \n  migrate --database-url URL [--endpoint URL]\
         \n                                       apply migrations/ over Neon's HTTP protocol\
         \n  bench-engine                         time the slot engine natively and in wasm32\
         \n  setup                                install the pinned tools"
    );
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("dev") => stack::dev(&args[1..]),
        Some("test") => test::command(&args[1..]),
        Some("build") => tools::ensure().and_then(|t| build::all(&t)),
        Some("migrate") => migrate::command(&args[1..]),
        Some("bench-engine") => tools::ensure().and_then(|t| bench::engine(&t)),
        Some("setup") => tools::ensure().map(|_| ()),
        _ => return usage(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("\nxtask: {message}");
            ExitCode::FAILURE
        }
    }
}
