//! `cargo xtask test`: sets up what is missing, then runs every check and test, stopping at the
//! first failure. The Node and browser tests run last, in one `node --test` run, so the output
//! ends with the runners' summary lines.

use std::process::Command;

use crate::{root, run, setup, site, step, Result};

fn cargo(args: &[&str]) -> Result {
    step(&format!("cargo {}", args.join(" ")));
    run(Command::new("cargo").args(args))
}

pub fn main() -> Result {
    setup::all()?;
    cargo(&["fmt", "--all", "--", "--check"]).map_err(|e| format!("{e}: run `cargo fmt --all`"))?;
    cargo(&[
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ])?;
    cargo(&["build", "-p", "tribes-cli"])?;
    step("the README's tribes command lines, on the sample files");
    crate::readme::main()?;
    // The wasm builds also show the core building for the browser as it is, with no wasm-only
    // dependency (a separate `cargo check` for wasm32 cost a minute of CI and checked nothing more).
    site::build()?;
    cargo(&["test", "--workspace"])?;
    // The embeddable build's core: UTF-8 only, and saying so (decode's and options' tests).
    cargo(&[
        "test",
        "-p",
        "tribes-core",
        "--no-default-features",
        "--lib",
        "--",
        "decode",
        "options",
    ])?;
    // The single-file page's core: encodings known by label, decoded by the host.
    cargo(&[
        "test",
        "-p",
        "tribes-core",
        "--no-default-features",
        "--features",
        "encoding-labels",
        "--lib",
        "--",
        "decode",
        "options",
        "reader",
    ])?;

    step("node --test: the wasm package under Node, then the page in Chromium");
    let bin = root().join("tests/node_modules/.bin");
    let path = std::env::var("PATH").unwrap_or_default();
    run(Command::new("node")
        .args([
            "--test",
            "--test-concurrency=1",
            "tests/node",
            "tests/browser",
        ])
        .env("PATH", format!("{}:{path}", bin.display()))
        .env("TRIBES_CHROMIUM", setup::CHROMIUM))
}
