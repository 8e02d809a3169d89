//! `cargo xtask fuzz`: coverage-guided fuzzing of every parser in `shared` with libFuzzer.
//!
//! The targets live in `fuzz/`, a workspace of its own (the layout `cargo fuzz` reads). They are
//! built here with the compiler's stable coverage instrumentation (`-Cpasses=sancov-module` and the
//! `sanitizer-coverage` options `cargo fuzz` passes), so no nightly compiler and no extra tool is
//! needed; `shared` forbids `unsafe`, so an address sanitizer would find nothing more.
//!
//! Each target starts from its committed seeds (`fuzz/seeds/<target>`, plus the demo salon's document
//! for the configuration) and a corpus kept under the target directory, which grows from run to run
//! on one machine. A failing input is written to `<target dir>/fuzz/artifacts/<target>/`; run the
//! target's binary on that file to reproduce it, and commit it to the seeds with the fix.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::proc::{output, run};
use crate::{root, target_dir, Result};

/// How long `cargo xtask test` fuzzes each target.
pub const TEST_SECONDS: u32 = 10;

/// The instrumentation `cargo fuzz` asks of the compiler, minus the sanitizer.
const RUSTFLAGS: &str = "--cfg fuzzing \
     -Cpasses=sancov-module \
     -Cllvm-args=-sanitizer-coverage-level=4 \
     -Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
     -Cllvm-args=-sanitizer-coverage-pc-table \
     -Cllvm-args=-sanitizer-coverage-trace-compares";

fn fuzz_dir() -> PathBuf {
    root().join("fuzz")
}

fn work_dir() -> PathBuf {
    target_dir().join("fuzz")
}

/// The fuzz targets: one per file in `fuzz/fuzz_targets/`, in a stable order.
pub fn targets() -> Result<Vec<String>> {
    let dir = fuzz_dir().join("fuzz_targets");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".rs").map(str::to_owned)
        })
        .collect();
    names.sort();
    Ok(names)
}

/// The compiler's host triple.
fn host() -> Result<String> {
    output(Command::new("rustc").arg("-vV"))?
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_owned))
        .ok_or_else(|| "rustc -vV names no host".to_owned())
}

/// A cargo command in `fuzz/`, instrumented, for `host` (naming the target keeps the flags away
/// from build scripts and procedural macros).
fn cargo(host: &str, args: &[&str]) -> Command {
    let mut command = Command::new("cargo");
    command
        .args(args)
        .args(["--release", "--locked", "--target", host, "--target-dir"])
        .arg(work_dir())
        .env("RUSTFLAGS", RUSTFLAGS)
        .current_dir(fuzz_dir());
    command
}

/// Checks the targets' formatting and lints, builds them, and returns where the binaries are.
pub fn build() -> Result<PathBuf> {
    run(Command::new("cargo")
        .args(["fmt", "--manifest-path", "fuzz/Cargo.toml", "--check"])
        .current_dir(root()))?;
    let host = host()?;
    run(cargo(&host, &["clippy", "--all-targets"]).args(["--", "-D", "warnings"]))?;
    run(&mut cargo(&host, &["build", "--bins"]))?;
    Ok(work_dir().join(host).join("release"))
}

/// Fuzzes one target for `seconds`; fails with the failing input's path when libFuzzer finds one.
fn fuzz(bin_dir: &Path, target: &str, seconds: u32) -> Result<()> {
    let corpus = work_dir().join("corpus").join(target);
    let artifacts = work_dir().join("artifacts").join(target);
    for dir in [&corpus, &artifacts] {
        fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    if target == "config_document" {
        let demo = root().join("demo-salon.json");
        fs::copy(&demo, corpus.join("demo-salon.json"))
            .map_err(|e| format!("cannot copy {}: {e}", demo.display()))?;
    }
    let started = Instant::now();
    // New inputs go to the first directory, the corpus; the seeds, if the target has any, are only
    // read.
    let seeds = Some(fuzz_dir().join("seeds").join(target)).filter(|d| d.is_dir());
    let out = Command::new(bin_dir.join(target))
        .arg(&corpus)
        .args(seeds)
        .arg(format!("-max_total_time={seconds}"))
        .arg(format!("-artifact_prefix={}/", artifacts.display()))
        // An input that takes a second is a bug of its own (a parser is linear in its input).
        .arg("-timeout=1")
        .arg("-rss_limit_mb=1024")
        .arg("-print_final_stats=1")
        .output()
        .map_err(|e| format!("cannot start the fuzz target {target}: {e}"))?;
    let log = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return Err(format!(
            "fuzz target {target} failed ({}); the input is in {}\n{log}",
            out.status,
            artifacts.display()
        ));
    }
    let stat = |name: &str| {
        log.lines()
            .find_map(|l| l.strip_prefix(name)?.trim().strip_prefix(':'))
            .map_or("?", str::trim)
            .to_owned()
    };
    println!(
        "xtask: fuzz {target}: {} inputs in {:.0} s, {} in the corpus, no failure",
        stat("stat::number_of_executed_units"),
        started.elapsed().as_secs_f64(),
        fs::read_dir(&corpus).map_or(0, |d| d.count()),
    );
    Ok(())
}

/// Builds the targets and fuzzes each in turn for `seconds`.
pub fn run_all(seconds: u32) -> Result<()> {
    let bin_dir = build()?;
    for target in targets()? {
        fuzz(&bin_dir, &target, seconds)?;
    }
    Ok(())
}

/// `cargo xtask fuzz [TARGET] [--seconds N]`: every target, or one, for N seconds each (60 unless
/// given).
pub fn command(args: &[String]) -> Result<()> {
    let mut seconds = 60;
    let mut only = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seconds" => {
                seconds = args
                    .next()
                    .and_then(|s| s.parse().ok())
                    .ok_or("--seconds needs a whole number")?;
            }
            name if !name.starts_with('-') && only.is_none() => only = Some(name.to_owned()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let all = targets()?;
    match only {
        None => run_all(seconds),
        Some(target) if all.contains(&target) => fuzz(&build()?, &target, seconds),
        Some(target) => Err(format!(
            "no fuzz target {target}; there are: {}",
            all.join(", ")
        )),
    }
}
