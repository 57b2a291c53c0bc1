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
//! - `readme`: run the README's `tribes` command lines on the sample files (needs `cargo build -p
//!   tribes-cli`; part of `test`).
//! - `exports [--rows N] [--seed S] [--only NAME] [--drop-third] [--translated LANG] DIR`: write
//!   realistic exports with planted groups.
//! - `fuzz [TARGET] [--time S] [--list]`: run the libFuzzer targets of `fuzz/` (installs nightly
//!   and cargo-fuzz on first use; never part of the build or the tests).
//!
//! Each task prints its usage with `--help`; unknown tasks and arguments are refused.

mod exports;
mod fuzz;
mod orders;
mod pack;
mod readme;
mod sample;
mod serve;
mod setup;
mod site;
mod test;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use clap::{Parser, Subcommand};

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

/// Developer tasks for Tribes, run as `cargo xtask <TASK>`.
#[derive(Parser)]
#[command(
    name = "xtask",
    bin_name = "cargo xtask",
    arg_required_else_help = true,
    subcommand_value_name = "TASK",
    subcommand_help_heading = "Tasks"
)]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Install what the build and the tests need, skipping what is there.
    Setup,
    /// Build the wasm modules and the static site in target/site/ (with tribes.html and embed.js).
    Build,
    /// Build, then serve target/site on 127.0.0.1.
    Serve(serve::Args),
    /// Setup, then every check and test: fmt, clippy, Rust tests, the core built for wasm32, the
    /// wasm package under Node, the page in Chromium.
    Test,
    /// Write docs/result.schema.json from the result types.
    Schema,
    /// Write the sample customers CSV, or with --orders the sample orders export.
    Sample(sample::Args),
    /// Run the README's tribes command lines on the sample files, with the CLI that `cargo build
    /// -p tribes-cli` built.
    Readme,
    /// Write realistic exports in the platforms' published layouts, with planted groups.
    #[command(override_usage = &exports::USAGE["usage: ".len()..])]
    Exports(ExportsArgs),
    /// Fuzz the core with libFuzzer (nightly and cargo-fuzz, installed on first use), each target
    /// for --time seconds from the committed seeds.
    Fuzz(fuzz::Args),
}

/// `cargo xtask exports`'s arguments, which the task reads itself: its parser checks each value
/// and its tests hold its messages.
#[derive(clap::Args)]
struct ExportsArgs {
    /// --rows N (20 to 10,000,000), --seed S, --only NAME (one format), --drop-third,
    /// --translated LANG, and the directory to write to.
    #[arg(
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "ARGS"
    )]
    args: Vec<String>,
}

impl Task {
    /// The task's name, as typed, for error messages.
    fn name(&self) -> &'static str {
        match self {
            Task::Setup => "setup",
            Task::Build => "build",
            Task::Serve(_) => "serve",
            Task::Test => "test",
            Task::Schema => "schema",
            Task::Sample(_) => "sample",
            Task::Readme => "readme",
            Task::Exports(_) => "exports",
            Task::Fuzz(_) => "fuzz",
        }
    }
}

fn main() -> ExitCode {
    let task = Cli::parse().task;
    let result = match &task {
        Task::Setup => setup::all(),
        Task::Build => setup::for_build().and_then(|_| site::build()),
        Task::Serve(args) => serve::main(args),
        Task::Test => test::main(),
        Task::Schema => site::schema(),
        Task::Sample(args) => sample::main(args),
        Task::Readme => readme::main(),
        Task::Exports(args) => exports::main(&args.args),
        Task::Fuzz(args) => fuzz::main(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask {}: error: {e}", task.name());
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::{error::ErrorKind, CommandFactory};

    use super::*;

    pub fn parse(args: &[&str]) -> std::result::Result<Task, ErrorKind> {
        Cli::try_parse_from(std::iter::once("xtask").chain(args.iter().copied()))
            .map(|cli| cli.task)
            .map_err(|e| e.kind())
    }

    #[test]
    fn arguments_are_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn unknown_arguments_and_tasks_are_refused() {
        assert_eq!(
            parse(&["sample", "--bogus"]).err(),
            Some(ErrorKind::UnknownArgument)
        );
        assert_eq!(
            parse(&["sample", "a.csv", "b.csv"]).err(),
            Some(ErrorKind::UnknownArgument)
        );
        assert_eq!(
            parse(&["test", "--quick"]).err(),
            Some(ErrorKind::UnknownArgument)
        );
        assert_eq!(
            parse(&["serve", "--port", "http"]).err(),
            Some(ErrorKind::ValueValidation)
        );
        assert_eq!(
            parse(&["serve", "--port", "65536"]).err(),
            Some(ErrorKind::ValueValidation)
        );
        assert_eq!(parse(&["bogus"]).err(), Some(ErrorKind::InvalidSubcommand));
        assert_eq!(
            parse(&[]).err(),
            Some(ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand)
        );
    }

    #[test]
    fn every_task_and_flag_parses_as_before() {
        assert!(matches!(parse(&["setup"]), Ok(Task::Setup)));
        assert!(matches!(parse(&["build"]), Ok(Task::Build)));
        assert!(matches!(parse(&["test"]), Ok(Task::Test)));
        assert!(matches!(parse(&["schema"]), Ok(Task::Schema)));
        let Ok(Task::Serve(s)) = parse(&["serve"]) else {
            panic!("serve")
        };
        assert_eq!((s.port, s.no_build), (8080, false));
        let Ok(Task::Serve(s)) = parse(&["serve", "--port", "9000", "--no-build"]) else {
            panic!("serve --port 9000 --no-build")
        };
        assert_eq!((s.port, s.no_build), (9000, true));
        let Ok(Task::Sample(s)) = parse(&["sample"]) else {
            panic!("sample")
        };
        assert_eq!((s.orders, s.file), (false, None));
        let Ok(Task::Sample(s)) = parse(&["sample", "--orders", "orders.csv"]) else {
            panic!("sample --orders orders.csv")
        };
        assert_eq!((s.orders, s.file), (true, Some("orders.csv".into())));
        // exports reads its own arguments, flags and all, as it did before.
        let given = [
            "--rows",
            "400",
            "--only",
            "stripe-payments",
            "--drop-third",
            "dir",
        ];
        let Ok(Task::Exports(e)) = parse(&[&["exports"][..], &given].concat()) else {
            panic!("exports")
        };
        assert_eq!(e.args, given);
        // A file really named like a flag can still be written, after `--`.
        let Ok(Task::Sample(s)) = parse(&["sample", "--", "--help"]) else {
            panic!("sample -- --help")
        };
        assert_eq!(s.file, Some("--help".into()));
    }
}

/// Bugs fixed, each with the test that would have caught it.
#[cfg(test)]
mod regressions {
    use clap::{error::ErrorKind, CommandFactory};

    use super::tests::parse;
    use super::*;

    #[test]
    fn sample_help_prints_usage_instead_of_writing_a_file_named_help() {
        assert_eq!(
            parse(&["sample", "--help"]).err(),
            Some(ErrorKind::DisplayHelp)
        );
        for task in ["setup", "build", "serve", "test", "schema", "exports"] {
            assert_eq!(parse(&[task, "--help"]).err(), Some(ErrorKind::DisplayHelp));
        }
        let help = Cli::command()
            .find_subcommand_mut("sample")
            .unwrap()
            .render_help()
            .to_string();
        assert!(help.contains("--orders"), "{help}");
        assert!(help.contains("[FILE]"), "{help}");
    }
}
