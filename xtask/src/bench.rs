//! Benchmarks. They measure and report; nothing here passes or fails on a number.

use std::process::Command;

use crate::proc::run;
use crate::tools::Tools;
use crate::{root, Result};

/// `cargo xtask bench-engine`: the slot engine natively (criterion) and compiled to wasm32 (Node).
pub fn engine(tools: &Tools) -> Result<()> {
    run(Command::new("cargo")
        .args(["bench", "-p", "chairtime-shared", "--bench", "slots"])
        .current_dir(root()))?;
    let out = Command::new("cargo")
        .args([
            "bench",
            "--no-run",
            "--target",
            "wasm32-unknown-unknown",
            "-p",
            "chairtime-shared",
            "--bench",
            "slots",
        ])
        .current_dir(root())
        .output()
        .map_err(|e| e.to_string())?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return Err(format!("building the wasm32 benchmark failed:\n{stderr}"));
    }
    let wasm = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("Executable benches/slots.rs ("))
        .and_then(|l| l.strip_suffix(')'))
        .ok_or("cargo did not say where the wasm32 benchmark is")?;
    let dir = std::env::temp_dir().join(format!("chairtime-bench-{}", std::process::id()));
    run(Command::new(&tools.wasm_bindgen)
        .arg(root().join(wasm))
        .args(["--target", "nodejs", "--out-dir"])
        .arg(&dir))?;
    let js = std::fs::read_dir(&dir)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "js"))
        .ok_or("wasm-bindgen wrote no JavaScript")?;
    let result = run(Command::new("node").arg(js));
    let _ = std::fs::remove_dir_all(&dir);
    result
}
