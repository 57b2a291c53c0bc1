//! Every committed fuzz input, replayed on stable: the seeds each target starts from and every
//! input that once found something (`fuzz/regressions/<target>/`). A finding's fix keeps its input
//! here, so `cargo xtask test` fails if it comes back, with no nightly toolchain.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// An input that takes longer than this is a finding too (the issue: an answer within 10 s; the
/// tests run unoptimised, so keep the margin).
const SLOW: Duration = Duration::from_secs(10);

fn inputs(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.is_file() && p.file_name().is_none_or(|n| n != "README.md"))
        .collect();
    out.sort();
    out
}

#[test]
fn every_committed_fuzz_input_replays_without_a_broken_promise() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let mut replayed = 0;
    let mut failures = Vec::new();
    for (name, target) in tribes_fuzz::TARGETS {
        for kind in ["seeds", "regressions"] {
            for path in inputs(&root.join(kind).join(name)) {
                let data = std::fs::read(&path).expect("a readable input");
                let start = Instant::now();
                let outcome = std::panic::catch_unwind(|| target(&data));
                let took = start.elapsed();
                replayed += 1;
                let shown = path
                    .strip_prefix(&root)
                    .unwrap_or(&path)
                    .display()
                    .to_string();
                match outcome {
                    Err(_) => failures.push(format!("{name}: {shown} panicked")),
                    Ok(()) if took > SLOW => {
                        failures.push(format!("{name}: {shown} took {took:?}"))
                    }
                    Ok(()) => {}
                }
            }
        }
    }
    assert!(
        replayed > 0,
        "no fuzz inputs found under {}",
        root.display()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
