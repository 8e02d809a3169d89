//! Release builds of the widget and the Worker.
//!
//! The widget: `cargo build` for wasm32, `wasm-bindgen --target web`, `wasm-opt -Oz` (binaryen from npm),
//! then the loader, the demo page and the asset headers into `dist/public`, which wrangler serves.
//! The Worker: `worker-build --release` in `edge/`, with wasm-bindgen, wasm-opt and esbuild pointed at
//! the pinned installs so it downloads nothing.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::proc::run;
use crate::tools::Tools;
use crate::{root, Result};

/// Where wrangler serves static assets from.
pub fn public_dir() -> PathBuf {
    root().join("dist/public")
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

fn copy(from: &Path, to: &Path) -> Result<()> {
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("copy {} → {}: {e}", from.display(), to.display()))
}

/// Static-asset headers: the loader and the wasm may be fetched from any site that embeds the widget.
const HEADERS: &str = "\
/widget.js
  Access-Control-Allow-Origin: *
  Cache-Control: public, max-age=300
/w/*
  Access-Control-Allow-Origin: *
  Cache-Control: public, max-age=300
";

/// Builds the widget into `dist/public`.
pub fn widget(tools: &Tools) -> Result<()> {
    let root = root();
    run(Command::new("cargo")
        .args([
            "build",
            "--release",
            "--target",
            "wasm32-unknown-unknown",
            "-p",
            "chairtime-widget",
        ])
        .current_dir(&root))?;
    let public = public_dir();
    let out = public.join("w");
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let wasm = target_dir().join("wasm32-unknown-unknown/release/widget.wasm");
    run(Command::new(&tools.wasm_bindgen)
        .arg(&wasm)
        .args([
            "--target",
            "web",
            "--no-typescript",
            "--out-name",
            "chairtime",
            "--out-dir",
        ])
        .arg(&out))?;
    let bg = out.join("chairtime_bg.wasm");
    run(Command::new(tools.npm_bin("wasm-opt"))
        .arg("-Oz")
        .arg(&bg)
        .arg("-o")
        .arg(&bg))?;
    copy(&root.join("widget/loader.js"), &public.join("widget.js"))?;
    copy(&root.join("index.html"), &public.join("index.html"))?;
    std::fs::write(public.join("_headers"), HEADERS).map_err(|e| e.to_string())
}

/// Builds the Worker into `edge/build`.
pub fn worker(tools: &Tools) -> Result<()> {
    let esbuild = tools.node_modules.join("@esbuild/linux-x64/bin/esbuild");
    run(Command::new(&tools.worker_build)
        .arg("--release")
        .current_dir(root().join("edge"))
        .env("WASM_BINDGEN_BIN", &tools.wasm_bindgen)
        .env("WASM_OPT_BIN", tools.npm_bin("wasm-opt"))
        .env("ESBUILD_BIN", esbuild))
}

/// Builds both.
pub fn all(tools: &Tools) -> Result<()> {
    widget(tools)?;
    worker(tools)
}
