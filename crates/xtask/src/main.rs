//! Developer tasks, run as `cargo xtask <task>`:
//!
//! - `setup`: install what the build and the tests need, skipping what is there.
//! - `build`: the wasm builds and the static site in `target/site/` (with `tribes.html` and
//!   `embed.js`).
//! - `serve [--port N] [--no-build]`: build, then serve `target/site` on 127.0.0.1.
//! - `test`: setup, then every check and test: fmt, clippy, Rust tests, the core built for wasm32,
//!   the wasm package under Node, the page in Chromium.
//! - `schema`: write `docs/result.schema.json` from the result types.
//! - `sample [--orders] [FILE]`: write the sample customers CSV, or the sample orders export
//!   (to stdout without FILE).

mod exports;
mod orders;
mod pack;
mod sample;
mod serve;
mod setup;
mod site;
mod test;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

pub type Result<T = ()> = std::result::Result<T, String>;

/// The workspace root (xtask lives in crates/xtask).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Prints what is about to happen, like a build log.
pub fn step(message: &str) {
    use std::io::IsTerminal;
    if std::io::stderr().is_terminal() {
        eprintln!("\x1b[1mxtask:\x1b[0m {message}");
    } else {
        eprintln!("xtask: {message}");
    }
}

/// Runs a command from the workspace root, failing with a message that names it.
pub fn run(cmd: &mut Command) -> Result {
    cmd.current_dir(root());
    let shown = format!("{cmd:?}").replace('"', "");
    let status = cmd
        .status()
        .map_err(|e| format!("could not start `{shown}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({status})"))
    }
}

/// Runs a command and returns its stdout, or `None` if it cannot run or fails.
pub fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.current_dir(root()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn usage() -> ExitCode {
    eprintln!("usage: cargo xtask <setup | build | serve [--port N] [--no-build] | test | schema | sample [--orders] [FILE]>");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(task) = args.first() else {
        return usage();
    };
    let rest = &args[1..];
    let result = match task.as_str() {
        "setup" => setup::all(),
        "build" => setup::for_build().and_then(|_| site::build()),
        "serve" => serve::main(rest),
        "test" => test::main(),
        "schema" => site::schema(),
        "sample" => sample::main(rest),
        "exports" => exports::main(rest),
        _ => return usage(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask {task}: error: {e}");
            ExitCode::FAILURE
        }
    }
}
