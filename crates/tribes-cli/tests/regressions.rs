//! Regression tests of the `tribes` command: each is named after what broke, and fails on the
//! code before its fix.

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name)
        .to_str()
        .expect("a UTF-8 path")
        .to_owned()
}

/// Runs `tribes` with its stdout a pipe whose reading end is closed at once, as `tribes ... |
/// head` does once `head` has read enough: every write then fails with a broken pipe.
fn with_stdout_closed(args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tribes"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the tribes binary runs");
    drop(child.stdout.take());
    let mut stderr = String::new();
    if let Some(mut e) = child.stderr.take() {
        e.read_to_string(&mut stderr).expect("stderr is text");
    }
    let status = child.wait().expect("tribes ends");
    (status.code(), stderr)
}

/// `tribes analyze ... --format csv | head` printed "tribes: cannot write the CSV: Broken pipe"
/// and exited with status 2; JSON output panicked ("failed printing to stdout").
#[test]
fn a_reader_that_stops_early_ends_the_run_quietly_instead_of_broken_pipe() {
    let file = fixture("customers-messy.csv");
    for args in [
        vec!["analyze", &file, "--seed", "1", "--format", "csv"],
        vec!["analyze", &file, "--seed", "1"],
        vec!["inspect", &file, "--rows"],
    ] {
        let (status, stderr) = with_stdout_closed(&args);
        assert_eq!(stderr, "", "{args:?}");
        assert_eq!(status, Some(0), "{args:?}");
    }
}

/// A bad option after reading a large file cost the whole read first; now the options are checked
/// before the file is opened, so a bad option is reported even for a file that is not there.
#[test]
fn a_bad_option_is_reported_before_the_file_is_read() {
    let out = Command::new(env!("CARGO_BIN_EXE_tribes"))
        .args(["analyze", "/nonexistent/file.csv", "--k", "51"])
        .output()
        .expect("the tribes binary runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("tribes: option k (--k): 51"), "{err}");
}
