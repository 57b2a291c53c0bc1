//! `cargo xtask fuzz [TARGET] [--time S]`: run the libFuzzer targets of `fuzz/` (cargo-fuzz,
//! nightly), each for S seconds, starting from the committed seeds, and say what they found.
//!
//! Fuzzing is a developer's task, never part of the build or of `cargo xtask test`: the nightly
//! toolchain and cargo-fuzz are installed here, on first use, and nowhere else. What the targets
//! check lives in `crates/tribes-fuzz`, which the tests replay on stable.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::{output, root, run, step, Result};

/// `cargo xtask fuzz`'s arguments.
#[derive(clap::Args)]
pub struct Args {
    /// One target (a file name in fuzz/fuzz_targets/, without `.rs`); every target in turn
    /// without it.
    target: Option<String>,
    /// Seconds to fuzz each target.
    #[arg(long, default_value_t = 60, value_name = "S")]
    time: u64,
    /// List the targets and stop.
    #[arg(long)]
    list: bool,
}

/// The targets: one file each in `fuzz/fuzz_targets/`.
fn targets() -> Result<Vec<String>> {
    let dir = root().join("fuzz/fuzz_targets");
    let entries =
        std::fs::read_dir(&dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let path = e.path();
            let stem = path.file_stem()?.to_string_lossy().into_owned();
            (path.extension()? == "rs").then_some(stem)
        })
        .collect();
    names.sort();
    Ok(names)
}

/// The nightly toolchain (minimal profile) and cargo-fuzz, each installed only when missing.
fn setup() -> Result {
    let toolchains = output(Command::new("rustup").args(["toolchain", "list"])).unwrap_or_default();
    if !toolchains.lines().any(|l| l.starts_with("nightly")) {
        step("installing the nightly toolchain (for fuzzing only)");
        run(Command::new("rustup").args([
            "toolchain",
            "install",
            "nightly",
            "--profile",
            "minimal",
        ]))?;
    }
    if output(Command::new("cargo").args(["+nightly", "fuzz", "--version"])).is_none() {
        step("installing cargo-fuzz");
        run(Command::new("cargo").args(["install", "cargo-fuzz", "--locked"]))?;
    }
    Ok(())
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default()
}

/// What one run did, read off libFuzzer's final statistics.
struct Outcome {
    target: String,
    executions: Option<u64>,
    seconds: f64,
    corpus: usize,
    findings: Vec<PathBuf>,
}

fn fuzz_one(target: &str, seconds: u64) -> Result<Outcome> {
    let fuzz = root().join("fuzz");
    let corpus = fuzz.join("corpus").join(target);
    std::fs::create_dir_all(&corpus)
        .map_err(|e| format!("cannot create {}: {e}", corpus.display()))?;
    let artifacts = fuzz.join("artifacts").join(target);
    let before = files_in(&artifacts);
    step(&format!("fuzzing {target} for {seconds} s"));
    let start = Instant::now();
    // Safe Rust needs no address sanitizer, and runs several times faster without one; debug
    // assertions stay on, so an arithmetic overflow is a finding rather than a wrong answer.
    let out = Command::new("cargo")
        .current_dir(&fuzz)
        .args([
            "+nightly",
            "fuzz",
            "run",
            "--sanitizer",
            "none",
            "--debug-assertions",
            target,
        ])
        .arg(&corpus)
        .arg(fuzz.join("seeds").join(target))
        .arg("--")
        .arg(format!("-max_total_time={seconds}"))
        // The promise is an answer within 10 s; anything slower is a finding.
        .args(["-timeout=10", "-rss_limit_mb=4096", "-print_final_stats=1"])
        .stdout(Stdio::inherit())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("could not start cargo fuzz: {e}"))?;
    let log = String::from_utf8_lossy(&out.stderr);
    // The whole log stays beside the artifacts; on screen, what broke (the panic's message) and
    // the fuzzer's summary, which says how to reproduce it.
    let _ = std::fs::create_dir_all(&artifacts);
    let _ = std::fs::write(artifacts.join("last-run.log"), log.as_bytes());
    let lines: Vec<&str> = log.lines().collect();
    if let Some(at) = lines.iter().position(|l| l.contains("panicked at")) {
        for line in lines.iter().skip(at).take(3) {
            eprintln!("{line}");
        }
    }
    let summary = |l: &&&str| {
        l.starts_with("stat::") || l.contains("Failing input") || l.contains("artifacts/")
    };
    for line in lines.iter().filter(summary) {
        eprintln!("{line}");
    }
    let executions = log
        .lines()
        .find_map(|l| l.strip_prefix("stat::number_of_executed_units:"))
        .and_then(|n| n.trim().parse().ok());
    let findings: Vec<PathBuf> = files_in(&artifacts)
        .into_iter()
        .filter(|p| !before.contains(p) && !p.ends_with("last-run.log"))
        .collect();
    if !out.status.success() && findings.is_empty() {
        return Err(format!(
            "cargo fuzz run {target} failed ({}) without a finding",
            out.status
        ));
    }
    Ok(Outcome {
        target: target.to_owned(),
        executions,
        seconds: start.elapsed().as_secs_f64(),
        corpus: files_in(&corpus).len(),
        findings,
    })
}

pub fn main(args: &Args) -> Result {
    let all = targets()?;
    if args.list {
        println!("{}", all.join("\n"));
        return Ok(());
    }
    let chosen = match &args.target {
        Some(t) if all.contains(t) => vec![t.clone()],
        Some(t) => {
            return Err(format!(
                "no fuzz target named {t:?}; the targets: {}",
                all.join(", ")
            ))
        }
        None => all,
    };
    if args.time == 0 {
        return Err("--time must be at least 1 second".into());
    }
    setup()?;
    let mut outcomes = Vec::new();
    for target in &chosen {
        outcomes.push(fuzz_one(target, args.time)?);
    }
    println!("target      executions   seconds   corpus  findings");
    for o in &outcomes {
        let executions = o.executions.map_or("?".to_owned(), |n| n.to_string());
        println!(
            "{:<10} {:>11} {:>9.0} {:>8}  {}",
            o.target,
            executions,
            o.seconds,
            o.corpus,
            o.findings.len()
        );
        for f in &o.findings {
            println!("  {}", f.display());
        }
    }
    let found: usize = outcomes.iter().map(|o| o.findings.len()).sum();
    if found > 0 {
        return Err(format!(
            "{found} finding(s): reproduce with `cargo +nightly fuzz run TARGET FILE` in fuzz/, fix, \
             and copy the input to fuzz/regressions/TARGET/ so that `cargo xtask test` replays it"
        ));
    }
    Ok(())
}
