//! `cargo xtask setup`: installs what the build and the tests need, idempotently. Each step says
//! what it checks, skips what is already there, and fails with a message saying what to do.

use std::path::Path;
use std::process::Command;

use crate::{output, root, run, step, Result};

/// Everything: what the build needs, plus the browser for the browser tests.
pub fn all() -> Result {
    for_build()?;
    chromium()
}

/// What `cargo xtask build` needs: the wasm target, wasm-bindgen, and the npm packages (wasm-opt).
pub fn for_build() -> Result {
    wasm_target()?;
    wasm_bindgen_cli()?;
    npm_packages()
}

fn wasm_target() -> Result {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"]))
        .ok_or("cannot run `rustup target list`: is rustup installed and on PATH?")?;
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        step("wasm32-unknown-unknown target: present");
        return Ok(());
    }
    step("installing the wasm32-unknown-unknown target (rustup target add)");
    run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

/// The version of wasm-bindgen pinned with `=` in the root Cargo.toml.
pub fn pinned_wasm_bindgen() -> Result<String> {
    let text = std::fs::read_to_string(root().join("Cargo.toml"))
        .map_err(|e| format!("cannot read Cargo.toml: {e}"))?;
    let doc: toml::Table = text
        .parse()
        .map_err(|e| format!("cannot parse Cargo.toml: {e}"))?;
    let spec = doc
        .get("workspace")
        .and_then(|w| w.get("dependencies"))
        .and_then(|d| d.get("wasm-bindgen"))
        .and_then(|v| {
            v.as_str()
                .or_else(|| v.get("version").and_then(|v| v.as_str()))
        })
        .ok_or("Cargo.toml has no [workspace.dependencies] wasm-bindgen version")?;
    spec.strip_prefix('=').map(str::to_owned).ok_or_else(|| {
        format!("wasm-bindgen must be pinned with `=` in Cargo.toml (found \"{spec}\")")
    })
}

fn wasm_bindgen_cli() -> Result {
    let want = pinned_wasm_bindgen()?;
    let have = output(Command::new("wasm-bindgen").arg("--version"));
    if have.as_deref().map(str::trim) == Some(&format!("wasm-bindgen {want}")) {
        step(&format!("wasm-bindgen-cli {want}: present"));
        return Ok(());
    }
    step(&format!(
        "installing wasm-bindgen-cli {want} with cargo install (found: {}; takes a few minutes)",
        have.as_deref().map_or("none", str::trim)
    ));
    run(Command::new("cargo").args(["install", "wasm-bindgen-cli", "--version", &want]))
        .map_err(|e| format!("{e}; wasm-bindgen-cli {want} is needed to build the wasm package"))
}

fn newer(a: &Path, b: &Path) -> bool {
    let time = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    matches!((time(a), time(b)), (Some(x), Some(y)) if x >= y)
}

/// tests/node_modules from tests/package-lock.json: playwright-core (drives Chromium) and binaryen
/// (wasm-opt).
fn npm_packages() -> Result {
    let tests = root().join("tests");
    let marker = tests.join("node_modules/.package-lock.json");
    let node = output(Command::new("node").arg("--version"))
        .ok_or("Node.js is not installed: install Node 20 or later (and npm)")?;
    let major: u32 = node
        .trim()
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    if major < 20 {
        return Err(format!(
            "Node {} is too old: the tests need Node 20 or later",
            node.trim()
        ));
    }
    if newer(&marker, &tests.join("package-lock.json"))
        && newer(&marker, &tests.join("package.json"))
    {
        step("npm packages of tests/: present");
        return Ok(());
    }
    step("installing the npm packages of tests/ from package-lock.json (npm ci)");
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--prefix"])
        .arg(&tests))
}

pub const CHROMIUM: &str = "/usr/bin/chromium";

fn chromium() -> Result {
    if Path::new(CHROMIUM).exists() {
        step("Debian chromium: present");
        return Ok(());
    }
    let root_user = output(Command::new("id").arg("-u")).map(|s| s.trim() == "0");
    if root_user != Some(true) {
        return Err(format!(
            "{CHROMIUM} is missing: install Debian's chromium package (sudo apt-get install chromium)"
        ));
    }
    step("installing Debian's chromium (apt-get update, apt-get install chromium)");
    run(Command::new("apt-get")
        .arg("update")
        .env("DEBIAN_FRONTEND", "noninteractive"))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "chromium"])
        .env("DEBIAN_FRONTEND", "noninteractive"))
}
