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

/// A purchase history with CDNOW's dates (`19970101`) read them as numbers, and `tribes rfm` said
/// no date column was found. Customer 3 bought 6 times between 1997-01-02 and 1998-05-28 for
/// 156.46 in all (20.76 + 20.76 + 19.54 + 57.45 + 20.96 + 16.99); the last order in the file is
/// 1998-06-30, 33 days later (3 days of May and 30 of June).
#[test]
fn compact_yyyymmdd_dates_are_found_by_rfm_instead_of_read_as_numbers() {
    let out = Command::new(env!("CARGO_BIN_EXE_tribes"))
        .args(["rfm", &fixture("reading/cdnow-purchases.csv")])
        .output()
        .expect("the tribes binary runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let csv = String::from_utf8(out.stdout).expect("UTF-8");
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let row: Vec<&str> = csv
        .lines()
        .find(|l| l.starts_with("3,"))
        .expect("customer 3")
        .split(',')
        .collect();
    let field = |name: &str| row[header.iter().position(|h| *h == name).unwrap()];
    assert_eq!(field("first_order"), "1997-01-02");
    assert_eq!(field("last_order"), "1998-05-28");
    assert_eq!(field("recency_days"), "33");
    assert_eq!(field("frequency"), "6");
    assert_eq!(field("monetary_total"), "156.46");
}

/// Shopify writes `2024-11-19 02:00:00 -0500`; the zone offset made the column free text, and
/// naming it by hand gave "is not a date". It is a date column, and `tribes rfm` reads it with
/// the customers' e-mails and the order totals.
#[test]
fn shopify_dates_with_a_zone_offset_are_a_date_column_instead_of_text() {
    let file = fixture("reading/shopify-orders-dates.csv");
    let out = Command::new(env!("CARGO_BIN_EXE_tribes"))
        .args(["inspect", &file])
        .output()
        .expect("the tribes binary runs");
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let created = v["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Created at")
        .expect("the Created at column");
    assert_eq!(created["kind"], "date", "{}", created["evidence"]);
    assert_eq!(created["date_format"], "YMD");
    let out = Command::new(env!("CARGO_BIN_EXE_tribes"))
        .args(["rfm", &file, "--date", "Created at", "--customer", "Email"])
        .output()
        .expect("the tribes binary runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let csv = String::from_utf8(out.stdout).expect("UTF-8");
    let ana = csv
        .lines()
        .find(|l| l.starts_with("ana@example.com,"))
        .expect("ana's row");
    // Her orders of 2024-11-19 (the day as written, not UTC's) and 2024-12-02.
    assert!(
        ana.starts_with("ana@example.com,2024-11-19,2024-12-02,"),
        "{ana}"
    );
}
