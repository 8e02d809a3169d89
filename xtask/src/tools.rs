//! Installs what the project needs and finds it again: OS packages, the wasm32 target, the cargo tools
//! pinned by `Cargo.lock`, and the npm packages pinned by `package-lock.json`.
//!
//! Versions live in one place each: the Rust toolchain in `rust-toolchain.toml`; wasm-bindgen-cli and
//! worker-build follow the `wasm-bindgen` and `worker` crates in `Cargo.lock`; everything from npm in
//! `package.json` and `package-lock.json`. Cargo tools go to `$CHAIRTIME_TOOLS` (default
//! `~/.cache/chairtime/tools`), outside the clone, one directory per version.

use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

use crate::proc::{output, run};
use crate::{is_root, root, Result};

/// Paths of every tool the other commands use.
#[derive(Debug, Clone)]
pub struct Tools {
    pub wasm_bindgen: PathBuf,
    pub worker_build: PathBuf,
    /// cargo-deny, for the dependency checks of `deny.toml`.
    pub cargo_deny: PathBuf,
    pub pg_bin: PathBuf,
    pub chromium: PathBuf,
    pub node_modules: PathBuf,
}

impl Tools {
    /// The test runner that comes with wasm-bindgen-cli: runs wasm32 tests under Node.
    pub fn wasm_bindgen_test_runner(&self) -> PathBuf {
        self.wasm_bindgen.with_file_name("wasm-bindgen-test-runner")
    }

    /// A binary installed by npm.
    pub fn npm_bin(&self, name: &str) -> PathBuf {
        self.node_modules.join(".bin").join(name)
    }
}

fn tools_dir() -> PathBuf {
    std::env::var_os("CHAIRTIME_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let home = std::env::var_os("HOME")
                .map(PathBuf::from)
                .unwrap_or_else(std::env::temp_dir);
            home.join(".cache/chairtime/tools")
        })
}

/// The version of a package in `Cargo.lock`.
pub fn locked_version(package: &str) -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("Cargo.lock: {e}"))?;
    let needle = format!("name = \"{package}\"\nversion = \"");
    let start = lock
        .find(&needle)
        .ok_or_else(|| format!("{package} is not in Cargo.lock"))?
        + needle.len();
    let end = lock[start..].find('"').ok_or("Cargo.lock is malformed")? + start;
    Ok(lock[start..end].to_owned())
}

/// The newest PostgreSQL server binaries, version 15 or later.
fn find_pg_bin() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            (version >= 15 && bin.join("initdb").exists()).then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

fn find_chromium() -> Option<PathBuf> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

/// Installs missing OS packages with apt-get when that is possible, else says which to install.
fn ensure_os_packages() -> Result<()> {
    let mut missing = Vec::new();
    if find_pg_bin().is_none() {
        missing.push("postgresql");
    }
    if find_chromium().is_none() {
        missing.push("chromium");
    }
    // libFuzzer, which the fuzz targets link, is C++ built from source.
    if !Path::new("/usr/bin/c++").exists() {
        missing.push("g++");
    }
    if missing.is_empty() {
        return Ok(());
    }
    let apt = Path::new("/usr/bin/apt-get").exists();
    if !(is_root() && apt) {
        return Err(format!(
            "please install the OS packages: {} (e.g. sudo apt-get install {0})",
            missing.join(" ")
        ));
    }
    run(Command::new("apt-get").args(["update", "-q"]))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "-q"])
        .args(&missing)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

/// The wasm32 target, and the standard library's source, from which the widget's release build
/// compiles a size-optimised standard library.
fn ensure_wasm_target() -> Result<()> {
    let list = |what: &str| {
        output(
            Command::new("rustup")
                .args([what, "list", "--installed"])
                .current_dir(root()),
        )
    };
    if !list("target")?
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        run(Command::new("rustup")
            .args(["target", "add", "wasm32-unknown-unknown"])
            .current_dir(root()))?;
    }
    if !list("component")?.lines().any(|l| l.trim() == "rust-src") {
        run(Command::new("rustup")
            .args(["component", "add", "rust-src"])
            .current_dir(root()))?;
    }
    Ok(())
}

/// The cargo-deny release the dependency checks run with (installed with its own `Cargo.lock`).
pub const CARGO_DENY: &str = "0.20.2";

/// Installs `crate_name@version` with `cargo install` into its own directory unless it is there.
fn ensure_cargo_tool(crate_name: &str, version: &str, binary: &str) -> Result<PathBuf> {
    ensure_cargo_tool_with(crate_name, version, binary, &[])
}

/// [`ensure_cargo_tool`] with more `cargo install` arguments.
fn ensure_cargo_tool_with(
    crate_name: &str,
    version: &str,
    binary: &str,
    more: &[&str],
) -> Result<PathBuf> {
    let dir = tools_dir().join(format!("{crate_name}-{version}"));
    let bin = dir.join("bin").join(binary);
    if bin.exists() {
        return Ok(bin);
    }
    run(Command::new("cargo")
        .args([
            "install",
            crate_name,
            "--version",
            &format!("={version}"),
            "--root",
        ])
        .arg(&dir)
        .args(more)
        // Build the tool in its own target directory, not the workspace's.
        .env("CARGO_TARGET_DIR", tools_dir().join("target"))
        .current_dir(tools_dir()))?;
    Ok(bin)
}

fn sha256_file(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(crate::hex(&Sha256::digest(&bytes)))
}

/// Runs `npm ci` when `node_modules` was not installed from the current `package-lock.json`.
fn ensure_npm_packages() -> Result<PathBuf> {
    let root = root();
    let node_modules = root.join("node_modules");
    let stamp = node_modules.join(".chairtime-lock-sha256");
    let want = sha256_file(&root.join("package-lock.json"))?;
    if std::fs::read_to_string(&stamp).is_ok_and(|have| have == want) {
        return Ok(node_modules);
    }
    if output(Command::new("node").arg("--version")).is_err() {
        return Err(
            "please install Node.js 20 or later (Debian: apt-get install nodejs npm)".to_owned(),
        );
    }
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(&root))?;
    std::fs::write(&stamp, want).map_err(|e| e.to_string())?;
    Ok(node_modules)
}

/// Makes sure every tool is installed and returns where they are. Fast when nothing is missing.
pub fn ensure() -> Result<Tools> {
    std::fs::create_dir_all(tools_dir()).map_err(|e| format!("{}: {e}", tools_dir().display()))?;
    ensure_os_packages()?;
    ensure_wasm_target()?;
    let node_modules = ensure_npm_packages()?;
    let wasm_bindgen = ensure_cargo_tool(
        "wasm-bindgen-cli",
        &locked_version("wasm-bindgen")?,
        "wasm-bindgen",
    )?;
    let worker_build =
        ensure_cargo_tool("worker-build", &locked_version("worker")?, "worker-build")?;
    let cargo_deny = ensure_cargo_tool_with("cargo-deny", CARGO_DENY, "cargo-deny", &["--locked"])?;
    Ok(Tools {
        wasm_bindgen,
        worker_build,
        cargo_deny,
        pg_bin: find_pg_bin()
            .ok_or("PostgreSQL server binaries not found under /usr/lib/postgresql")?,
        chromium: find_chromium().ok_or("chromium not found")?,
        node_modules,
    })
}

/// Finds the installed tools without installing anything, for tests that start a stack of their own.
pub fn find() -> Result<Tools> {
    let installed = |crate_name: &str, lib: &str, binary: &str| -> Result<PathBuf> {
        let bin = tools_dir()
            .join(format!("{crate_name}-{}", locked_version(lib)?))
            .join("bin")
            .join(binary);
        if bin.exists() {
            Ok(bin)
        } else {
            Err(format!(
                "{} is missing: run `cargo xtask setup`",
                bin.display()
            ))
        }
    };
    Ok(Tools {
        wasm_bindgen: installed("wasm-bindgen-cli", "wasm-bindgen", "wasm-bindgen")?,
        worker_build: installed("worker-build", "worker", "worker-build")?,
        cargo_deny: tools_dir()
            .join(format!("cargo-deny-{CARGO_DENY}"))
            .join("bin")
            .join("cargo-deny"),
        pg_bin: find_pg_bin()
            .ok_or("PostgreSQL server binaries not found under /usr/lib/postgresql")?,
        chromium: find_chromium().ok_or("chromium not found")?,
        node_modules: root().join("node_modules"),
    })
}
