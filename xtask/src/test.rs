//! `cargo xtask test`: every check and test, in the order that fails fastest.
//!
//! 1. `cargo fmt --check`; `cargo clippy -D warnings` natively and for wasm32.
//! 2. Unit and property tests (`cargo test`), natively, then `shared`'s again and the widget's and
//!    the console's on wasm32 under Node.
//!    Then each parser in `shared` is fuzzed (libFuzzer, coverage-guided) for a few seconds.
//! 3. Release builds of the widget, the console and the Worker.
//! 4. A fresh stack (Postgres, Neon-protocol server, mail-local, `wrangler dev`) on free ports in a
//!    temporary directory; integration tests (`cargo test -p chairtime-tests`), the Neon driver
//!    conformance test and the end-to-end browser tests (`node --test tests/conformance tests/e2e`)
//!    against it; they find mail-local's test API at `CHAIRTIME_MAIL_API`.
//!
//! When something fails, it prints where the logs of every service are.

use std::process::Command;

use crate::proc::run;
use crate::stack;
use crate::{build, fuzz, root, tools, Result};

fn cargo(args: &[&str]) -> Result<()> {
    run(Command::new("cargo").args(args).current_dir(root()))
}

/// Paris wall-clock times the time-sensitive tests run at, besides the real time.
const CLOCKS: [&str; 4] = ["00:30", "07:59", "12:00", "19:50"];

/// Integration test files whose outcome involves "now": notice, cutoffs, today's date, the horizon.
const TIME_SENSITIVE: [&str; 16] = [
    "accounts",
    "availability",
    "bookings",
    "cache",
    "calendar",
    "concurrency",
    "data",
    "hostile",
    "import",
    "logs",
    "manage",
    "notifications",
    "owner",
    "reschedule",
    "team",
    "validation",
];

/// Runs everything.
pub fn run_all() -> Result<()> {
    let tools = tools::ensure()?;
    checks(&tools)?;
    against_a_stack(&tools)
}

/// Formatting, lints and the tests that need no running service.
fn checks(tools: &tools::Tools) -> Result<()> {
    cargo(&["fmt", "--all", "--check"])?;
    // What the dependency tree may hold (`deny.toml`): licences, sources, wildcard versions; the
    // fuzz targets' workspace too. It reads the graph offline, so the crates are fetched first.
    for manifest in ["Cargo.toml", "fuzz/Cargo.toml"] {
        cargo(&["fetch", "--locked", "--manifest-path", manifest])?;
        run(Command::new(&tools.cargo_deny)
            .args([
                "--offline",
                "--config",
                "deny.toml",
                "--manifest-path",
                manifest,
            ])
            .args(["check", "bans", "licenses", "sources"])
            .current_dir(root()))?;
    }
    cargo(&[
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ])?;
    cargo(&[
        "clippy",
        "--target",
        "wasm32-unknown-unknown",
        "--lib",
        "--tests",
        "-p",
        "chairtime-shared",
        "-p",
        "chairtime-widget",
        "-p",
        "chairtime-console",
        "-p",
        "chairtime-edge",
        "--",
        "-D",
        "warnings",
    ])?;
    // The manage page is the widget crate built with `manage`, the console's set-up screens the
    // console crate with `setup`: their code is linted too.
    for (package, feature) in [
        ("chairtime-widget", "manage"),
        ("chairtime-console", "setup"),
    ] {
        cargo(&[
            "clippy",
            "--target",
            "wasm32-unknown-unknown",
            "--lib",
            "--tests",
            "-p",
            package,
            "--features",
            feature,
            "--",
            "-D",
            "warnings",
        ])?;
    }
    cargo(&["test", "--workspace", "--exclude", "chairtime-tests"])?;
    // The set-up build's pure tests (keys from names, prices, time off in a zone, the tag).
    cargo(&["test", "-p", "chairtime-console", "--features", "setup"])?;
    // The domain's tests again, compiled to wasm32 and run under Node, as the widget and edge run it,
    // and the widget's and the console's own, which need a JavaScript engine.
    run(Command::new("cargo")
        .args([
            "test",
            "--target",
            "wasm32-unknown-unknown",
            "-p",
            "chairtime-shared",
            "-p",
            "chairtime-widget",
            "-p",
            "chairtime-console",
        ])
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            tools.wasm_bindgen_test_runner(),
        )
        .current_dir(root()))?;
    // The manage build's JSON mapping (`ManagedBookingWire`, `RescheduleWire`) exists only with its
    // feature, and so do its tests.
    run(Command::new("cargo")
        .args([
            "test",
            "--target",
            "wasm32-unknown-unknown",
            "-p",
            "chairtime-widget",
            "--features",
            "manage",
        ])
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            tools.wasm_bindgen_test_runner(),
        )
        .current_dir(root()))?;
    fuzz::run_all(fuzz::TEST_SECONDS)
}

/// Release builds, a fresh stack, and every test that runs against it.
fn against_a_stack(tools: &tools::Tools) -> Result<()> {
    build::all(tools)?;

    let servers = stack::LocalServers::build()?;
    // The suite fires forty requests at once on a two-core machine, where a burst of new database
    // connections can take longer than production's three-second deadline; the deadline itself is
    // proven by the fault test's own stack, which keeps it.
    let (stack, dir) = stack::start_fresh(tools, "test", servers.clone(), true, Some(10_000))?;
    stack::seed_demo(&stack, &dir)?;
    let with_logs = |e: String| format!("{e}\nlogs of the stack:\n{}", stack.sup.logs());
    let mut env = vec![
        ("CHAIRTIME_API", stack.api()),
        ("CHAIRTIME_MAIL_API", stack.mail_api()),
        ("CHAIRTIME_PLATFORM_TOKEN", stack.platform_token.clone()),
        ("CHAIRTIME_NEON_ENDPOINT", stack.neon_endpoint()),
        ("CHAIRTIME_DATABASE_URL", stack.database_url(stack::DB_NAME)),
        ("CHAIRTIME_CHROMIUM", tools.chromium.display().to_string()),
        ("CHAIRTIME_STACK_DIR", dir.display().to_string()),
    ];
    env.extend(servers.env());
    run(Command::new("cargo")
        .args(["test", "-p", "chairtime-tests"])
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .current_dir(root()))
    .map_err(with_logs)?;
    // The tests whose outcome could depend on the time of day, again with the Worker's clock moved to
    // hours that once broke them: before opening, the first and last minutes around the working day,
    // and midday in Paris, where the test salons are.
    for clock in CLOCKS {
        println!("xtask: time-sensitive tests with the clock at {clock} Paris time");
        let mut command = Command::new("cargo");
        command.args(["test", "-p", "chairtime-tests"]);
        for test in TIME_SENSITIVE {
            command.args(["--test", test]);
        }
        run(command
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .env("CHAIRTIME_TEST_CLOCK", clock)
            .current_dir(root()))
        .map_err(with_logs)?;
    }
    run(Command::new("node")
        .args([
            "--test",
            "--test-concurrency=1",
            "tests/conformance/",
            "tests/e2e/",
        ])
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .current_dir(root()))
    .map_err(with_logs)?;
    drop(stack);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// `cargo xtask test [--stack-only]`: everything, or (while iterating) only what runs against a stack.
pub fn command(args: &[String]) -> Result<()> {
    match args.first().map(String::as_str) {
        None => run_all(),
        Some("--stack-only") => against_a_stack(&tools::ensure()?),
        Some(other) => Err(format!("unknown argument {other}")),
    }
}
