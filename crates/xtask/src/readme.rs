//! `cargo xtask readme`: runs the command lines of the README's code blocks that read the sample
//! files, so that its examples stay true: an example naming a column the sample does not have
//! fails here instead of in a reader's shell.
//!
//! In a fresh temporary folder, `cargo xtask sample [--orders] FILE` lines write the samples, and
//! each `tribes ...` (or `cargo run -p tribes-cli -- ...`) line runs the CLI built by `cargo build
//! -p tribes-cli`, when every file it reads is a sample or was written by an earlier line. A line
//! that reads another file (`next-month.csv`) cannot run without it and is listed as not run.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{root, step, Result};

/// One command line of a code block, as the README writes it.
#[derive(Debug, PartialEq)]
pub enum Line {
    /// `cargo xtask sample [--orders] FILE`.
    Sample { orders: bool, file: String },
    /// `tribes ARGS [> FILE]`.
    Tribes {
        args: Vec<String>,
        stdout: Option<String>,
    },
}

/// The runnable lines of the code blocks of `markdown`, in order, each with its line number.
pub fn lines(markdown: &str) -> Vec<(usize, Line)> {
    let mut found = Vec::new();
    let mut in_block = false;
    for (i, text) in markdown.lines().enumerate() {
        if text.trim_start().starts_with("```") {
            in_block = !in_block;
            continue;
        }
        if !in_block {
            continue;
        }
        // A comment ends the command: `cmd   # what it does`.
        let command = text.split(" #").next().unwrap_or("").trim();
        let words: Vec<&str> = command.split_whitespace().collect();
        let line = match words.as_slice() {
            ["cargo", "xtask", "sample", rest @ ..] => {
                let orders = rest.contains(&"--orders");
                let file = rest.iter().find(|w| !w.starts_with("--"));
                match file {
                    Some(f) => Line::Sample {
                        orders,
                        file: (*f).to_owned(),
                    },
                    None => continue,
                }
            }
            ["tribes", rest @ ..] | ["cargo", "run", "-p", "tribes-cli", "--", rest @ ..] => {
                let (args, stdout) = match rest.iter().position(|w| *w == ">") {
                    Some(at) => (&rest[..at], rest.get(at + 1).map(|f| (*f).to_owned())),
                    None => (rest, None),
                };
                Line::Tribes {
                    args: args.iter().map(|w| (*w).to_owned()).collect(),
                    stdout,
                }
            }
            _ => continue,
        };
        found.push((i + 1, line));
    }
    found
}

/// The files a `tribes` line reads: its arguments that name a file (a CSV or a model), other
/// than the file `--model-out` writes.
fn reads(args: &[String]) -> Vec<&str> {
    let mut files = Vec::new();
    let mut after_model_out = false;
    for a in args {
        if !after_model_out && (a.ends_with(".csv") || a.ends_with(".json")) {
            files.push(a.as_str());
        }
        after_model_out = a == "--model-out";
    }
    files
}

/// The CLI as `cargo build -p tribes-cli` leaves it.
fn tribes_binary() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"));
    target.join("debug").join("tribes")
}

/// Runs the README's lines that read the samples; fails on the first that fails, naming it.
pub fn main() -> Result {
    let readme = root().join("README.md");
    let markdown = std::fs::read_to_string(&readme)
        .map_err(|e| format!("cannot read {}: {e}", readme.display()))?;
    let binary = tribes_binary();
    if !binary.exists() {
        return Err(format!(
            "{} is not built: run `cargo build -p tribes-cli` first",
            binary.display()
        ));
    }
    let dir = std::env::temp_dir().join(format!("tribes-readme-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let outcome = run_lines(&lines(&markdown), &binary, &dir);
    std::fs::remove_dir_all(&dir).ok();
    outcome
}

fn run_lines(lines: &[(usize, Line)], binary: &Path, dir: &Path) -> Result {
    let mut ran = 0;
    let mut not_run = Vec::new();
    for (number, line) in lines {
        match line {
            Line::Sample { orders, file } => {
                let csv = if *orders {
                    crate::orders::generate(1_000).0
                } else {
                    crate::sample::generate()
                };
                std::fs::write(dir.join(file), csv)
                    .map_err(|e| format!("README line {number}: cannot write {file}: {e}"))?;
            }
            Line::Tribes { args, stdout } => {
                if let Some(missing) = reads(args).into_iter().find(|f| !dir.join(f).exists()) {
                    not_run.push(format!("line {number} (reads {missing})"));
                    continue;
                }
                step(&format!("README line {number}: tribes {}", args.join(" ")));
                let out = Command::new(binary)
                    .args(args)
                    .current_dir(dir)
                    .output()
                    .map_err(|e| format!("README line {number}: cannot run tribes: {e}"))?;
                if !out.status.success() {
                    return Err(format!(
                        "README line {number}: `tribes {}` failed: {}",
                        args.join(" "),
                        String::from_utf8_lossy(&out.stderr).trim()
                    ));
                }
                if let Some(file) = stdout {
                    std::fs::write(dir.join(file), &out.stdout)
                        .map_err(|e| format!("README line {number}: cannot write {file}: {e}"))?;
                }
                ran += 1;
            }
        }
    }
    if ran == 0 {
        return Err("the README has no tribes command line that reads the samples".into());
    }
    step(&format!(
        "README: {ran} tribes command lines ran on the samples; not run, as they read other files: {}",
        if not_run.is_empty() {
            "none".to_owned()
        } else {
            not_run.join(", ")
        }
    ));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_command_lines_of_code_blocks_only() {
        let markdown = "Run `tribes analyze x.csv` here.\n\
            ```sh\n\
            cargo xtask sample --orders orders.csv   # the orders\n\
            cargo run -p tribes-cli -- rfm orders.csv --seed 1 > rfm.csv\n\
            tribes apply m.tribes.json next.csv --format json\n\
            cargo xtask test\n\
            ```\n\
            tribes inspect outside.csv\n";
        assert_eq!(
            lines(markdown),
            [
                (
                    3,
                    Line::Sample {
                        orders: true,
                        file: "orders.csv".into()
                    }
                ),
                (
                    4,
                    Line::Tribes {
                        args: ["rfm", "orders.csv", "--seed", "1"]
                            .map(String::from)
                            .into(),
                        stdout: Some("rfm.csv".into())
                    }
                ),
                (
                    5,
                    Line::Tribes {
                        args: ["apply", "m.tribes.json", "next.csv", "--format", "json"]
                            .map(String::from)
                            .into(),
                        stdout: None
                    }
                ),
            ]
        );
    }

    #[test]
    fn a_model_written_is_not_a_file_read() {
        let args: Vec<String> = [
            "analyze",
            "customers.csv",
            "--model-out",
            "customers.tribes.json",
        ]
        .map(String::from)
        .into();
        assert_eq!(reads(&args), ["customers.csv"]);
    }

    /// The README's own examples name the sample's columns: the rfm example named `email`,
    /// `created_at` and `total`, which the sample orders do not have.
    #[test]
    fn the_readme_s_rfm_example_names_the_sample_orders_columns() {
        let markdown = std::fs::read_to_string(root().join("README.md")).expect("the README");
        let header = crate::orders::generate(10).0;
        let header: Vec<&str> = header.lines().next().unwrap().split(',').collect();
        let mut checked = 0;
        for (number, line) in lines(&markdown) {
            let Line::Tribes { args, .. } = line else {
                continue;
            };
            if args.first().map(String::as_str) != Some("rfm") {
                continue;
            }
            for pair in args.windows(2) {
                if ["--customer", "--date", "--amount", "--order"].contains(&pair[0].as_str()) {
                    assert!(
                        header.contains(&pair[1].as_str()),
                        "README line {number}: {} {} is not a column of {header:?}",
                        pair[0],
                        pair[1]
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 0, "the README names no rfm column");
    }
}
