//! Release builds of the widget and the Worker.
//!
//! The widget: `cargo build` for wasm32 (with a standard library built for size), `wasm-bindgen --target
//! web`, `wasm-opt -Oz` (binaryen from npm),
//! esbuild's minifier on the glue module and the loader, then the demo page and the asset headers into
//! `dist/public`, which wrangler serves.
//! The Worker: `worker-build --release` in `edge/`, with wasm-bindgen, wasm-opt and esbuild pointed at
//! the pinned installs so it downloads nothing.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::proc::run;
use crate::tools::Tools;
use crate::{root, target_dir, Result};

/// Where wrangler serves static assets from.
pub fn public_dir() -> PathBuf {
    root().join("dist/public")
}

/// The widget's release build has a target directory of its own (see [`widget`]).
fn widget_target_dir() -> PathBuf {
    target_dir().join("widget")
}

fn copy(from: &Path, to: &Path) -> Result<()> {
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("copy {} → {}: {e}", from.display(), to.display()))
}

/// Headers of the static assets (Workers' `_headers` file): `nosniff` everywhere, the demo page's
/// Content-Security-Policy (no inline script; `wasm-unsafe-eval` for the widget), and the widget's
/// files loadable from any site (CORS and `Cross-Origin-Resource-Policy`).
const HEADERS: &str = "\
/*
  X-Content-Type-Options: nosniff
  Referrer-Policy: strict-origin-when-cross-origin
/
  Content-Security-Policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'
  Permissions-Policy: camera=(), microphone=(), geolocation=(), payment=()
/index.html
  Content-Security-Policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'
  Permissions-Policy: camera=(), microphone=(), geolocation=(), payment=()
/widget.js
  Access-Control-Allow-Origin: *
  Cross-Origin-Resource-Policy: cross-origin
  Cache-Control: public, max-age=300
/w/*
  Access-Control-Allow-Origin: *
  Cross-Origin-Resource-Policy: cross-origin
  Cache-Control: public, max-age=300
/m/*
  Cache-Control: public, max-age=300
";

/// Builds the widget into `dist/public`: the booking widget into `w/` with its loader as
/// `widget.js`, then the manage build (the client's booking page, `/b/{token}`) into `m/` with its
/// boot module `manage.js`. The manage build is the same crate with the `manage` feature, a wasm of
/// its own, so nothing it needs adds a byte to what every booking page downloads.
pub fn widget(tools: &Tools) -> Result<()> {
    let root = root();
    let public = public_dir();
    wasm(tools, None, &public.join("w"))?;
    run(Command::new(esbuild(tools))
        .arg(root.join("widget/loader.js"))
        .args(["--minify", "--log-level=warning"])
        .arg(format!("--outfile={}", public.join("widget.js").display())))?;
    wasm(tools, Some("manage"), &public.join("m"))?;
    run(Command::new(esbuild(tools))
        .arg(root.join("widget/manage.js"))
        .args(["--minify", "--format=esm", "--log-level=warning"])
        .arg(format!(
            "--outfile={}",
            public.join("m/manage.js").display()
        )))?;
    copy(&root.join("index.html"), &public.join("index.html"))?;
    std::fs::write(public.join("_headers"), HEADERS).map_err(|e| e.to_string())
}

/// One release build of the widget crate, with `feature` on, as `chairtime.js` and
/// `chairtime_bg.wasm` in `out`.
fn wasm(tools: &Tools, feature: Option<&str>, out: &Path) -> Result<()> {
    let root = root();
    // Size matters most here (every client downloads it), so the release build recompiles the standard
    // library with panics that abort at once instead of formatting a message nobody sees, and without
    // panic locations: 17 KB less gzip. These are unstable options of the pinned compiler, enabled for
    // this one build; its own target directory keeps them from invalidating the other wasm32 builds.
    // Leptos's `erase_components` turns each component's view type into one erased type, so fewer
    // copies of the rendering code are generated: 3 KB less gzip. Both builds share the directory:
    // only the widget crate itself differs between them.
    let target = widget_target_dir();
    let mut cargo = Command::new("cargo");
    cargo.args([
        "build",
        "--release",
        "--target",
        "wasm32-unknown-unknown",
        "-p",
        "chairtime-widget",
        "-Z",
        "build-std=std,panic_abort",
    ]);
    if let Some(feature) = feature {
        cargo.args(["--features", feature]);
    }
    run(cargo
        .env("CARGO_TARGET_DIR", &target)
        .env("RUSTC_BOOTSTRAP", "1")
        .env(
            "RUSTFLAGS",
            "-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none --cfg=erase_components",
        )
        .current_dir(&root))?;
    std::fs::create_dir_all(out).map_err(|e| e.to_string())?;
    let wasm = target.join("wasm32-unknown-unknown/release/widget.wasm");
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
        .arg(out))?;
    let bg = out.join("chairtime_bg.wasm");
    // Optimised until a pass gains nothing more, and without the producers and target-features
    // sections, which only tools read: about 0.8 KB gzipped.
    run(Command::new(tools.npm_bin("wasm-opt"))
        .args([
            "-Oz",
            "--converge",
            "--strip-producers",
            "--strip-target-features",
        ])
        .arg(&bg)
        .arg("-o")
        .arg(&bg))?;
    // The glue module is minified: with the loader, 10 KB gzipped instead of 15.
    let glue = out.join("chairtime.js");
    run(Command::new(esbuild(tools))
        .arg(&glue)
        .args([
            "--minify",
            "--format=esm",
            "--allow-overwrite",
            "--log-level=warning",
        ])
        .arg(format!("--outfile={}", glue.display())))
}

/// The esbuild binary of the npm package.
fn esbuild(tools: &Tools) -> PathBuf {
    tools.node_modules.join("@esbuild/linux-x64/bin/esbuild")
}

/// Builds the Worker into `edge/build`.
pub fn worker(tools: &Tools) -> Result<()> {
    run(Command::new(&tools.worker_build)
        .arg("--release")
        .current_dir(root().join("edge"))
        .env("WASM_BINDGEN_BIN", &tools.wasm_bindgen)
        .env("WASM_OPT_BIN", tools.npm_bin("wasm-opt"))
        .env("ESBUILD_BIN", esbuild(tools)))
}

/// Builds both.
pub fn all(tools: &Tools) -> Result<()> {
    widget(tools)?;
    worker(tools)
}
