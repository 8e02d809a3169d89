//! Release builds of the browser apps and the Worker.
//!
//! The browser apps (the widget, its manage build, the console) go through one pipeline ([`wasm`]):
//! `cargo build` for wasm32 (with a standard library built for size), `wasm-bindgen --target web`,
//! `wasm-opt -Oz` (binaryen from npm), esbuild's minifier on the glue module and the boot module or
//! loader; then the demo page, the console's stylesheet and the asset headers go into `dist/public`,
//! which wrangler serves.
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

/// The browser apps' release builds have a target directory of their own (see [`wasm`]).
fn wasm_target_dir() -> PathBuf {
    target_dir().join("widget")
}

/// One browser app: a crate built to wasm32 and served from one directory of `dist/public`.
struct WasmApp {
    /// The cargo package.
    package: &'static str,
    /// Its library's name: the `.wasm` file cargo writes.
    lib: &'static str,
    /// A feature to turn on.
    feature: Option<&'static str>,
}

const BOOKING: WasmApp = WasmApp {
    package: "chairtime-widget",
    lib: "widget",
    feature: None,
};

const MANAGE: WasmApp = WasmApp {
    package: "chairtime-widget",
    lib: "widget",
    feature: Some("manage"),
};

const CONSOLE: WasmApp = WasmApp {
    package: "chairtime-console",
    lib: "console",
    feature: None,
};

const SETUP: WasmApp = WasmApp {
    package: "chairtime-console",
    lib: "console",
    feature: Some("setup"),
};

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
  Cache-Control: public, max-age=31536000, immutable
/m/*
  Cache-Control: public, max-age=31536000, immutable
/c/*
  Cache-Control: public, max-age=31536000, immutable
/cs/*
  Cache-Control: public, max-age=31536000, immutable
/manage.js
  Cache-Control: public, max-age=300
/console.js
  Cache-Control: public, max-age=300
/console.css
  Cache-Control: public, max-age=300
/setup.js
  Cache-Control: public, max-age=300
";

/// The content-hashed names of one app's glue module and wasm, as [`wasm`] wrote them.
#[derive(Debug, Clone)]
pub struct Built {
    /// Such as `chairtime.3f9a0c1d2e4b.js`.
    pub glue: String,
    /// Such as `chairtime_bg.77c1e0a9b2d4.wasm`.
    pub wasm: String,
}

/// Renames a file to carry the first 12 hex digits of its SHA-256 before its extension; returns the
/// new name. A changed file gets a new name, so it can be cached for good.
fn content_hashed(path: &Path) -> Result<String> {
    use sha2::Digest;
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let hash = crate::hex(&sha2::Sha256::digest(&bytes));
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .ok_or("a file name")?;
    let ext = path
        .extension()
        .and_then(|s| s.to_str())
        .ok_or("an extension")?;
    let name = format!("{stem}.{}.{ext}", &hash[..12]);
    std::fs::rename(path, path.with_file_name(&name)).map_err(|e| e.to_string())?;
    Ok(name)
}

/// Replaces the one occurrence of each `(from, to)` in `text`; a missing or repeated `from` is an
/// error, so a renamed file can never leave a stale reference behind.
fn replace_once(mut text: String, pairs: &[(&str, &str)], what: &str) -> Result<String> {
    for (from, to) in pairs {
        if text.matches(from).count() != 1 {
            return Err(format!("{what}: expected {from:?} exactly once"));
        }
        text = text.replacen(from, to, 1);
    }
    Ok(text)
}

/// Builds the widget into `dist/public`: the booking widget into `w/` with its loader as
/// `widget.js`, then the manage build (the client's booking page, `/b/{token}`) into `m/` with its
/// boot module `manage.js`. The manage build is the same crate with the `manage` feature, a wasm of
/// its own, so nothing it needs adds a byte to what every booking page downloads.
pub fn widget(tools: &Tools) -> Result<Built> {
    let root = root();
    let public = public_dir();
    let booking = wasm(tools, &BOOKING, &public.join("w"))?;
    let loader = public.join("widget.js");
    run(Command::new(esbuild(tools))
        .arg(root.join("widget/loader.js"))
        .args(["--minify", "--log-level=warning"])
        .arg(format!("--outfile={}", loader.display())))?;
    // The loader is the one file a salon's page names; it stays short-lived and points at this
    // build's immutable files.
    let text = std::fs::read_to_string(&loader).map_err(|e| e.to_string())?;
    let text = replace_once(
        text,
        &[
            ("w/chairtime.js", &format!("w/{}", booking.glue)),
            ("w/chairtime_bg.wasm", &format!("w/{}", booking.wasm)),
        ],
        "widget.js",
    )?;
    std::fs::write(&loader, text).map_err(|e| e.to_string())?;
    let manage = wasm(tools, &MANAGE, &public.join("m"))?;
    boot_module(
        tools,
        &root.join("widget/manage.js"),
        &public.join("manage.js"),
        "m",
        &manage,
    )?;
    copy(&root.join("index.html"), &public.join("index.html"))?;
    std::fs::write(public.join("_headers"), HEADERS).map_err(|e| e.to_string())?;
    Ok(manage)
}

/// The two builds of the console.
pub struct Consoles {
    /// The day-to-day console, `c/`.
    pub day: Built,
    /// The set-up screens, `cs/` (the same crate with the `setup` feature).
    pub setup: Built,
}

/// Builds the console into `dist/public/c/` with its boot module `console.js`, its set-up build into
/// `dist/public/cs/` with `setup.js`, and `console.css` (both builds'), the design tokens the widget
/// uses followed by the console's own rules.
pub fn console(tools: &Tools) -> Result<Consoles> {
    let root = root();
    let public = public_dir();
    let day = wasm(tools, &CONSOLE, &public.join("c"))?;
    boot_module(
        tools,
        &root.join("console/console.js"),
        &public.join("console.js"),
        "c",
        &day,
    )?;
    let setup = wasm(tools, &SETUP, &public.join("cs"))?;
    boot_module(
        tools,
        &root.join("console/setup.js"),
        &public.join("setup.js"),
        "cs",
        &setup,
    )?;
    let read = |path: &str| {
        std::fs::read_to_string(root.join(path)).map_err(|e| format!("read {path}: {e}"))
    };
    let css = read("widget/src/tokens.css")? + &read("console/console.css")?;
    let css_path = public.join("console.css");
    std::fs::write(&css_path, css).map_err(|e| e.to_string())?;
    run(Command::new(esbuild(tools))
        .arg(&css_path)
        .args(["--minify", "--allow-overwrite", "--log-level=warning"])
        .arg(format!("--outfile={}", css_path.display())))?;
    Ok(Consoles { day, setup })
}

/// A boot module (the page's one script, which loads the glue and mounts), minified, pointing at the
/// app's hashed files in `dir`. It keeps a stable, short-lived name, as the loader does.
fn boot_module(tools: &Tools, from: &Path, to: &Path, dir: &str, built: &Built) -> Result<()> {
    let source = std::fs::read_to_string(from).map_err(|e| format!("{}: {e}", from.display()))?;
    let source = replace_once(
        source,
        &[
            ("\"./chairtime.js\"", &format!("\"./{dir}/{}\"", built.glue)),
            (
                "\"chairtime_bg.wasm\"",
                &format!("\"{dir}/{}\"", built.wasm),
            ),
        ],
        &from.display().to_string(),
    )?;
    let staged = wasm_target_dir().join(from.file_name().ok_or("a boot module's name")?);
    std::fs::write(&staged, source).map_err(|e| e.to_string())?;
    run(Command::new(esbuild(tools))
        .arg(&staged)
        .args(["--minify", "--format=esm", "--log-level=warning"])
        .arg(format!("--outfile={}", to.display())))
}

/// One release build of a browser app, as `chairtime.<hash>.js` and `chairtime_bg.<hash>.wasm` in
/// `out`, which holds nothing else (an earlier build's files are removed).
fn wasm(tools: &Tools, app: &WasmApp, out: &Path) -> Result<Built> {
    let root = root();
    // Size matters most here (every client downloads it), so the release build recompiles the standard
    // library with panics that abort at once instead of formatting a message nobody sees, and without
    // panic locations: 17 KB less gzip. These are unstable options of the pinned compiler, enabled for
    // this one build; its own target directory keeps them from invalidating the other wasm32 builds.
    // Leptos's `erase_components` turns each component's view type into one erased type, so fewer
    // copies of the rendering code are generated: 3 KB less gzip. Every app shares the directory:
    // they use the same dependencies with the same flags, so only their own crate is rebuilt.
    let target = wasm_target_dir();
    let mut cargo = Command::new("cargo");
    cargo.args([
        "build",
        "--release",
        "--target",
        "wasm32-unknown-unknown",
        "-p",
        app.package,
        "-Z",
        "build-std=std,panic_abort",
    ]);
    if let Some(feature) = app.feature {
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
    if out.exists() {
        std::fs::remove_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    std::fs::create_dir_all(out).map_err(|e| e.to_string())?;
    let wasm = target.join(format!("wasm32-unknown-unknown/release/{}.wasm", app.lib));
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
        .arg(format!("--outfile={}", glue.display())))?;
    Ok(Built {
        wasm: content_hashed(&bg)?,
        glue: content_hashed(&glue)?,
    })
}

/// The esbuild binary of the npm package.
fn esbuild(tools: &Tools) -> PathBuf {
    tools.node_modules.join("@esbuild/linux-x64/bin/esbuild")
}

/// Builds the Worker into `edge/build`. The pages it serves preload the manage build's and the
/// consoles' glue modules, whose hashed names it is built with.
pub fn worker(tools: &Tools, manage: &Built, consoles: &Consoles) -> Result<()> {
    run(Command::new(&tools.worker_build)
        .arg("--release")
        .current_dir(root().join("edge"))
        .env("CHAIRTIME_MANAGE_GLUE", format!("/m/{}", manage.glue))
        .env(
            "CHAIRTIME_CONSOLE_GLUE",
            format!("/c/{}", consoles.day.glue),
        )
        .env(
            "CHAIRTIME_SETUP_GLUE",
            format!("/cs/{}", consoles.setup.glue),
        )
        .env("WASM_BINDGEN_BIN", &tools.wasm_bindgen)
        .env("WASM_OPT_BIN", tools.npm_bin("wasm-opt"))
        .env("ESBUILD_BIN", esbuild(tools)))
}

/// Builds everything.
pub fn all(tools: &Tools) -> Result<()> {
    let manage = widget(tools)?;
    let consoles = console(tools)?;
    worker(tools, &manage, &consoles)
}
