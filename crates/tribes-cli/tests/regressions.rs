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

/// Writes `text` to a file of its own in the temporary directory and returns its path.
fn temp_csv(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("tribes-regressions-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("the CSV is written");
    path.to_str().expect("a UTF-8 path").to_owned()
}

fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tribes"))
        .args(args)
        .output()
        .expect("the tribes binary runs")
}

fn result(out: &std::process::Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "tribes failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

/// The segments' sizes, each checked to be the number of rows labelled with its id.
fn sizes(r: &serde_json::Value) -> Vec<u64> {
    let labels: Vec<i64> = r["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_i64().unwrap())
        .collect();
    r["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let id = s["id"].as_i64().unwrap();
            let size = s["size"].as_u64().unwrap();
            assert_eq!(labels.iter().filter(|&&l| l == id).count() as u64, size);
            size
        })
        .collect()
}

/// Fifty identical rows came out as two segments of 49 and 1: k-means split rows that are the
/// same. They are one segment now, and the result and stderr say why.
#[test]
fn fifty_identical_rows_are_one_segment_said_clearly_instead_of_49_and_1() {
    let mut csv = String::from("orders,spend,plan\n");
    for _ in 0..50 {
        csv.push_str("3,120.5,Pro\n");
    }
    let file = temp_csv("identical.csv", &csv);
    let out = run(&["analyze", &file, "--seed", "1"]);
    let r = result(&out);
    assert_eq!(sizes(&r), [50]);
    assert_eq!(r["k"], 1);
    assert_eq!(r["structure"], "identical");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("every row is the same"), "{err}");
    assert_eq!(
        r["structure_note"].as_str(),
        err.trim().strip_prefix("tribes: note: ")
    );
}

/// Four distinct rows, repeated: auto k chose 5 and left a segment empty. Now at most four
/// segments, none empty; and a given k above the number of different rows is refused.
#[test]
fn four_distinct_rows_give_at_most_four_segments_and_none_empty_instead_of_five() {
    let rows = ["1,10,0.1", "1,40,0.5", "6,10,0.5", "6,40,0.1"];
    let mut csv = String::from("visits,basket,discount\n");
    for i in 0..200 {
        // Uneven repeats (40/30/20/10%), as real duplicates are.
        let pick = [0, 0, 0, 0, 1, 1, 1, 2, 2, 3][i % 10];
        csv.push_str(rows[pick]);
        csv.push('\n');
    }
    let file = temp_csv("four-distinct.csv", &csv);
    let r = result(&run(&["analyze", &file, "--seed", "1"]));
    let s = sizes(&r);
    assert!(s.len() <= 4 && s.len() >= 2, "{s:?}");
    assert!(s.iter().all(|&n| n > 0), "{s:?}");
    assert_eq!(s.iter().sum::<u64>(), 200);
    assert_eq!(r["k"].as_u64(), Some(s.len() as u64));
    let out = run(&["analyze", &file, "--seed", "1", "--k", "5"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("only 4 different rows among the 200"), "{err}");
}

/// A column with values near 1e154 squared to infinity in its standard deviation: every value
/// scaled to NaN and every row fell into one segment, silently. The column is now scaled before
/// summing and its three planted groups come out; without scaling it is refused, by name.
#[test]
fn a_column_near_1e154_keeps_its_groups_instead_of_one_nan_segment() {
    let mut csv = String::from("balance,visits\n");
    let mut state = 7u64;
    let mut noise = || {
        // A small linear congruential generator: reproducible noise in [-0.5, 0.5).
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 11) as f64 / (1u64 << 53) as f64 - 0.5
    };
    let mut truth = Vec::new();
    for i in 0..300 {
        let g = i % 3;
        let balance = (1.0 + 3.0 * g as f64 + noise()) * 1e154;
        let visits = 2.0 + 5.0 * g as f64 + noise();
        csv.push_str(&format!("{balance:e},{visits:.3}\n"));
        truth.push(g);
    }
    let file = temp_csv("huge.csv", &csv);
    let r = result(&run(&["analyze", &file, "--seed", "1", "--k", "auto"]));
    assert_eq!(sizes(&r), [100, 100, 100]);
    // Every planted group is one segment.
    let labels = r["labels"].as_array().unwrap();
    for g in 0..3 {
        let first = &labels[g];
        assert!(
            (g..300).step_by(3).all(|i| &labels[i] == first),
            "group {g}"
        );
    }
    let mean = &r["segments"][0]["profile"]["numeric"][0]["mean"];
    assert!(mean.as_f64().is_some_and(f64::is_finite), "{mean}");
    let out = run(&["analyze", &file, "--seed", "1", "--scale", "none"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("column \"balance\"") && err.contains("too large"),
        "{err}"
    );
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

/// The one line of stderr of a run that must fail with status 2.
fn refused_line(args: &[&str]) -> String {
    let out = run(args);
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    assert!(out.stdout.is_empty(), "{args:?}");
    let err = String::from_utf8(out.stderr).expect("stderr is UTF-8");
    assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    assert!(err.starts_with("tribes: "), "{args:?}: {err}");
    err.trim_end().to_owned()
}

/// An unknown flag, a flag without its value, a misspelt command or a missing file printed clap's
/// three to seven lines starting `error:`; every other error of the command is one line starting
/// `tribes: `. Now they are too, naming the argument, with exit status 2.
#[test]
fn argument_errors_are_one_tribes_line_instead_of_clap_s_several() {
    let file = fixture("customers-messy.csv");
    let err = refused_line(&["analyze", &file, "--bogus"]);
    assert!(err.contains("'--bogus'"), "{err}");
    let err = refused_line(&["analyze", &file, "--k-mx", "3"]);
    assert!(
        err.contains("'--k-mx'") && err.contains("'--k-max'"),
        "{err}"
    );
    let err = refused_line(&["analyze", &file, "--seed"]);
    assert!(err.contains("'--seed <SEED>'"), "{err}");
    let err = refused_line(&["frob", &file]);
    assert!(err.contains("'frob'"), "{err}");
    let err = refused_line(&["analyze"]);
    assert!(err.contains("<FILE>"), "{err}");
    let err = refused_line(&["analyze", &file, "--seed", "abc"]);
    assert!(err.contains("'abc'") && err.contains("--seed"), "{err}");
    // Help and version are not errors: stdout, status 0.
    for args in [["analyze", "--help"], ["--version", ""]] {
        let args: Vec<&str> = args.into_iter().filter(|a| !a.is_empty()).collect();
        let out = run(&args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(!out.stdout.is_empty(), "{args:?}");
    }
}

/// `--tol -1` (and `--seed -1`, `--k -3`, `--text-weight -1`) was taken for a flag: "unexpected
/// argument '-1'", with a tip to write `-- -1`. Only `--tol=-1` reached the option's range. Both
/// forms now give the same message, the option's own.
#[test]
fn a_negative_number_after_a_space_is_the_option_s_value_instead_of_a_flag() {
    let file = fixture("customers-messy.csv");
    for (flag, needle) in [
        ("--tol", "option tol (--tol): -1 is out of range"),
        ("--seed", "option seed (--seed): -1 is out of range"),
        ("--k", "option k (--k): -1 is out of range"),
        (
            "--text-weight",
            "option textWeight (--text-weight): -1 is out of range",
        ),
        ("--k-min", "option kMin (--k-min): -1 is out of range"),
        ("--top", "option top (--top): -1 is out of range"),
    ] {
        let spaced = refused_line(&["analyze", &file, flag, "-1"]);
        let joined = refused_line(&["analyze", &file, &format!("{flag}=-1")]);
        assert_eq!(spaced, joined);
        assert!(spaced.starts_with(&format!("tribes: {needle}")), "{spaced}");
    }
    let err = refused_line(&["rfm", &file, "--seed", "-1"]);
    assert!(err.starts_with("tribes: option seed (--seed): -1"), "{err}");
    // A fraction of a count is shown as given, not rounded toward zero.
    let err = refused_line(&["analyze", &file, "--sample-rows", "100.5"]);
    assert!(err.contains("100.5 is out of range"), "{err}");
}

/// `--k 2.5`, `--k many` and `--k ''` said "is out of range", as if a larger or smaller number
/// would do; they are no whole number at all.
#[test]
fn a_k_that_is_no_whole_number_says_so_instead_of_out_of_range() {
    let file = fixture("customers-messy.csv");
    for (k, shown) in [("2.5", "2.5"), ("many", "\"many\""), ("", "\"\"")] {
        let err = refused_line(&["analyze", &file, "--k", k]);
        assert_eq!(
            err,
            format!(
                "tribes: option k (--k): {shown} is not a whole number; use an integer from 2 to 50, or \"auto\""
            )
        );
    }
    let err = refused_line(&["rfm", &file, "--k", "2.5"]);
    assert!(err.contains("2.5 is not a whole number"), "{err}");
}

/// `--k-max 3 --k-min 6` blamed --k-max alone ("3 is out of range ... at least kMin"), and
/// `--k-max 51` spoke of kMin though none was given. The crossed pair is named with both values;
/// a kMax out of range says only its range.
#[test]
fn crossed_k_min_and_k_max_name_both_values_instead_of_blaming_k_max() {
    let file = fixture("customers-messy.csv");
    let err = refused_line(&["analyze", &file, "--k-max", "3", "--k-min", "6"]);
    assert!(
        err.contains("kMin (--k-min) 6 is above kMax (--k-max) 3"),
        "{err}"
    );
    let err = refused_line(&["analyze", &file, "--k-max", "51"]);
    assert_eq!(
        err,
        "tribes: option kMax (--k-max): 51 is out of range; use an integer from 2 to 50"
    );
}

/// `--log all` is accepted, and the help said "auto or none".
#[test]
fn the_log_help_lists_all_instead_of_only_auto_and_none() {
    let out = run(&["analyze", "--help"]);
    let help = String::from_utf8(out.stdout).expect("help is UTF-8");
    let start = help.find("--log <LOG>").expect("--log in the help");
    let end = help[start..]
        .find("\n  -")
        .map_or(help.len(), |e| start + e);
    let log = help[start..end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for word in ["auto", "all", "none"] {
        assert!(log.contains(word), "{log}");
    }
}

/// "only 1 usable rows", "1 rows had fewer fields than the header", "(1 rows skipped; ...)": one
/// row is one row.
#[test]
fn one_row_is_counted_in_the_singular_instead_of_1_rows() {
    let err = refused_line(&["analyze", &temp_csv("one-row.csv", "spend,visits\n1,2\n")]);
    assert!(err.contains("only 1 usable row:"), "{err}");
    let short = temp_csv("one-short-row.csv", "a,b,c\n1,2,3\n4,5\n7,8,9\n");
    let inspection = result(&run(&["inspect", &short]));
    assert_eq!(
        inspection["input"]["warnings"][0],
        "1 row had fewer fields than the header; its missing fields are empty"
    );
    let orders = temp_csv("one-order.csv", "customer,date,amount\n,2024-01-01,5\n");
    let err = refused_line(&["rfm", &orders, "--customer", "customer"]);
    assert!(err.contains("(1 row skipped;"), "{err}");
}

/// "options: rfm: no customer column was found" and "options: rfm: no row has a customer, ..."
/// spoke of options where the data lacks something; only an option's own error names it so.
#[test]
fn data_errors_of_rfm_say_rfm_instead_of_options() {
    let err = refused_line(&["rfm", &fixture("customers-messy.csv")]);
    assert_eq!(
        err,
        "tribes: rfm: no customer column was found; name it with customer (--customer)"
    );
    let orders = temp_csv("no-customer.csv", "customer,date,amount\n,2024-01-01,5\n");
    let err = refused_line(&["rfm", &orders, "--customer", "customer"]);
    assert!(
        err.starts_with("tribes: rfm: no row has a customer, a date and an amount"),
        "{err}"
    );
    assert!(
        err.contains("row 1: no customer id in column \"customer\""),
        "{err}"
    );
    let err = refused_line(&["rfm", &orders, "--as-of", "someday"]);
    assert!(err.starts_with("tribes: option asOf (--as-of): "), "{err}");
}

/// A header one field short skips every row; `analyze` then blamed the columns ("no column to
/// segment on: every column is excluded, or is an identifier, ..."). It says no row is left, and
/// why.
#[test]
fn a_file_whose_every_row_is_skipped_says_no_row_is_left_instead_of_no_column() {
    let file = temp_csv("all-skipped.csv", "a,b\n1,2,3\n4,5,6\n7,8,9\n");
    for args in [
        vec!["analyze", file.as_str()],
        vec!["analyze", file.as_str(), "--k", "2"],
        vec!["keywords", file.as_str(), "--text-column", "a"],
        vec!["keywords", file.as_str(), "--text-column", "a", "--by", "b"],
    ] {
        let err = refused_line(&args);
        assert!(
            err.starts_with(
                "tribes: no row is left to segment: every row was skipped (3 rows; the first, row 1 at line 2: has 3 fields but the header has 2)"
            ),
            "{args:?}: {err}"
        );
    }
}

/// A UTF-8 file read with `--encoding utf-16le` said "the file has a header row but no data
/// rows"; a UTF-16LE file read with `--encoding utf-8` said "invalid UTF-8 (BOM) text", naming a
/// byte-order mark it does not have. Both say the file does not look like the encoding chosen.
#[test]
fn a_chosen_encoding_the_file_does_not_fit_is_said_instead_of_no_data_rows() {
    let text = "name,spend\nAnn,1\nBob,2\nZoë,3\n";
    let utf8 = temp_csv("fit-utf8.csv", text);
    let err = refused_line(&["inspect", &utf8, "--encoding", "utf-16le"]);
    assert!(
        err.starts_with(
            "tribes: option encoding (--encoding): the file does not look like UTF-16LE"
        ),
        "{err}"
    );
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let path = std::path::Path::new(&utf8).with_file_name("fit-utf16le.csv");
    std::fs::write(&path, utf16).expect("the file is written");
    let path = path.to_str().expect("a UTF-8 path");
    let err = refused_line(&["analyze", path, "--encoding", "utf-8"]);
    assert!(
        err.starts_with("tribes: option encoding (--encoding): the file does not look like UTF-8: it starts with the byte-order mark of UTF-16LE"),
        "{err}"
    );
    // Detected, the same file reads.
    let inspection = result(&run(&["inspect", path]));
    assert_eq!(inspection["input"]["encoding"], "UTF-16LE (BOM)");
    assert_eq!(inspection["input"]["rows"], 3);
}

#[test]
fn a_phone_behind_a_spreadsheet_text_guard_is_hashed_without_the_quote() {
    // Shopify writes phones as `'+441614966977` so that spreadsheets keep the `+`; the quote is
    // no part of the number, and a hash of it would match no one.
    let mut csv = String::from("spend,Email,Phone,Accepts Email Marketing\n");
    for i in 0..30 {
        let spend = if i % 2 == 0 { 10 + i % 3 } else { 900 + i % 4 };
        csv.push_str(&format!(
            "{spend},c{i}@example.com,'+4416149669{i:02},yes\n"
        ));
    }
    let file = temp_csv("guarded-phones.csv", &csv);
    let model = file.replace(".csv", ".tribes.json");
    let made = run(&[
        "analyze",
        &file,
        "--k",
        "2",
        "--seed",
        "1",
        "--model-out",
        &model,
    ]);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let out = run(&[
        "audience",
        &model,
        &file,
        "--format",
        "google",
        "--segment",
        "0",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    // The segment's first customer is row 0 or row 1, whichever segment 0 is; its phone must be
    // the hash of one of the numbers as E.164, without the quote.
    let first = text.lines().nth(1).expect("a row");
    let phone = first.split(',').nth(1).unwrap();
    assert!(
        (0..2).any(|i| sha256_hex(&format!("+4416149669{i:02}")) == phone),
        "{first}"
    );
    assert!(!text.contains('\''));
}

/// SHA-256 in hex, as `sha256sum` prints it.
fn sha256_hex(text: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A customers file sorted by its last order date, big enough to be applied in several parts:
/// three groups by recency and spend, dates written day first with a zone offset as Shopify
/// writes them.
fn date_sorted_customers(rows: usize) -> String {
    let mut csv = String::from("Customer ID,Last Order Date,Total Spent,Total Orders\n");
    let mut lines: Vec<(i64, String)> = (0..rows)
        .map(|i| {
            let group = i % 3;
            // Days before 2024-12-31: recent, lapsing, lost.
            let back = [5, 200, 520][group] + (i * 7919 % 60) as i64;
            let spend = [900, 300, 80][group] + (i * 104_729 % 200);
            let orders = [12, 5, 1][group] + i % 3;
            (back, format!("{spend},{orders}"))
        })
        .collect();
    // Oldest first: each part of the file has its own, earlier, last date.
    lines.sort_by_key(|(back, _)| -back);
    let last = 20_088; // 2024-12-31 as days since 1970-01-01
    for (i, (back, rest)) in lines.iter().enumerate() {
        let day = tribes_core::iso_date(last - back);
        csv.push_str(&format!("{i},{day} 10:15:00 -0500,{rest}\n"));
    }
    csv
}

fn labels(r: &serde_json::Value) -> Vec<i64> {
    r["labels"]
        .as_array()
        .expect("labels")
        .iter()
        .map(|l| l.as_i64().unwrap())
        .collect()
}

/// `tribes apply` counted days since a date to each streamed part's own last date, not the
/// file's: on a date-sorted file of several parts, half the rows left their segment. Applying a
/// model to the file it came from gives its labels again, and `--as-of` the file's last date
/// gives them too.
#[test]
fn a_file_applied_in_parts_counts_days_to_its_last_date_instead_of_each_part_s() {
    let csv = date_sorted_customers(60_000);
    assert!(csv.len() > 2 << 20, "the file must span several parts");
    let file = temp_csv("date-sorted.csv", &csv);
    let model = file.replace(".csv", ".tribes.json");
    let analysis = result(&run(&[
        "analyze",
        &file,
        "--k",
        "3",
        "--seed",
        "1",
        "--model-out",
        &model,
    ]));
    let text = std::fs::read_to_string(&model).expect("the model is written");
    assert!(
        text.contains("\"latest\""),
        "the model counts days to the file's last date"
    );
    let expected = labels(&analysis);
    assert_eq!(expected.len(), 60_000);
    let applied = result(&run(&["apply", &model, &file, "--format", "json"]));
    let got = labels(&applied);
    let differ = got.iter().zip(&expected).filter(|(a, b)| a != b).count();
    assert_eq!(differ, 0, "{differ} of 60000 labels differ");
    let as_of = result(&run(&[
        "apply",
        &model,
        &file,
        "--format",
        "json",
        "--as-of",
        "2024-12-31",
    ]));
    assert_eq!(labels(&as_of), expected);
    // A year later, every customer is 365 days further from their last order.
    let later = result(&run(&[
        "apply",
        &model,
        &file,
        "--format",
        "json",
        "--as-of",
        "2025-12-31",
    ]));
    assert_ne!(labels(&later), expected);
}

/// `--as-of` with a model that counts no days was accepted by a model made from orders and
/// then ignored; it is refused, saying why, for any model without a days-since column.
#[test]
fn as_of_with_a_model_that_counts_no_days_is_refused_instead_of_ignored() {
    let mut csv = String::from("spend,visits\n");
    for i in 0..40 {
        csv.push_str(&format!("{},{}\n", [10, 900][i % 2] + i, i % 5));
    }
    let file = temp_csv("no-days.csv", &csv);
    let model = file.replace(".csv", ".tribes.json");
    result(&run(&["analyze", &file, "--k", "2", "--model-out", &model]));
    let err = refused_line(&["apply", &model, &file, "--as-of", "2024-12-31"]);
    assert!(
        err.starts_with("tribes: --as-of: this model has no column of days since a date"),
        "{err}"
    );
}

/// A model made from orders applied to a customers file said `option date: there is no column
/// named "Created at"`, an option the user never gave; it now says the model wants an orders
/// export, by the columns it was made from.
#[test]
fn an_orders_model_on_a_customers_file_says_it_wants_orders_instead_of_blaming_an_option() {
    let orders = fixture("exports/shopify-orders.csv");
    let model = temp_csv("orders-model.csv", "").replace(".csv", ".tribes.json");
    result(&run(&[
        "rfm",
        &orders,
        "--seed",
        "1",
        "--format",
        "json",
        "--model-out",
        &model,
    ]));
    let err = refused_line(&["apply", &model, &fixture("exports/shopify-customers.csv")]);
    assert!(
        err.contains(
            "made from an orders export (customers by Email, dated by Created at): this file has no column \"Created at\""
        ),
        "{err}"
    );
}
/// A table of `rows` rows of `columns` columns, each cell made by `cell(row, column)`, under a
/// header of `header(column)`.
fn table(
    rows: usize,
    columns: usize,
    header: impl Fn(usize) -> String,
    cell: impl Fn(usize, usize) -> String,
) -> String {
    let mut text = (0..columns).map(&header).collect::<Vec<_>>().join(",");
    text.push('\n');
    for r in 0..rows {
        let line: Vec<String> = (0..columns).map(|c| cell(r, c)).collect();
        text.push_str(&line.join(","));
        text.push('\n');
    }
    text
}

/// A small pseudo-random number from a row and a column, the same on every run.
fn mix(r: usize, c: usize) -> usize {
    (r * 7919 + c * 104_729 + (r * c) % 13).wrapping_mul(2_654_435_761) >> 7
}

/// Runs `args`, which must succeed within `seconds`, and returns the result JSON.
fn within(seconds: u64, args: &[&str]) -> serde_json::Value {
    let started = std::time::Instant::now();
    let out = run(args);
    let took = started.elapsed();
    let r = result(&out);
    assert!(took.as_secs() < seconds, "{args:?} took {took:?}");
    r
}

/// The 2-D map's PCA grew with the cube of the feature dimensions and reported no progress: 200
/// categorical columns of 400 rows (160 KB) took over 90 s, 800 numeric columns of 20 rows 30 s,
/// and a header of 10,000 empty names over 60 s and 1.6 GB. Past 128 dimensions the axes come
/// from randomized subspace iteration now; each finishes in seconds (the budget is generous for
/// a debug build on a busy machine; the release build takes well under one).
#[test]
fn the_map_of_many_feature_dimensions_finishes_in_seconds_instead_of_minutes() {
    let categorical = temp_csv(
        "200-categorical.csv",
        &table(
            400,
            200,
            |c| format!("c{c}"),
            |r, c| ["north", "south", "east", "west"][mix(r, c) % 4].to_owned(),
        ),
    );
    let r = within(60, &["analyze", &categorical, "--seed", "1", "--k", "3"]);
    assert_eq!(r["input"]["rows"], 400);
    let explained = r["projection"]["explained"].as_array().unwrap();
    assert!(explained[0].as_f64().unwrap() > 0.0, "{explained:?}");
    assert_eq!(r["projection"]["x"].as_array().unwrap().len(), 400);

    let numeric = temp_csv(
        "800-numeric.csv",
        &table(
            20,
            800,
            |c| format!("n{c}"),
            |r, c| format!("{}.{}", mix(r, c) % 100, mix(c, r) % 10),
        ),
    );
    let r = within(60, &["analyze", &numeric, "--seed", "1", "--k", "2"]);
    assert_eq!(r["input"]["rows"], 20);

    // 10,000 unnamed columns are past the columns' limit (2,000): refused at the header, in one
    // line. Just under the limit, every pair of candidates is no longer measured.
    let unnamed = temp_csv(
        "10000-unnamed.csv",
        &table(
            4,
            10_000,
            |_| String::new(),
            |r, c| (mix(r, c) % 10).to_string(),
        ),
    );
    let started = std::time::Instant::now();
    let out = run(&["inspect", &unnamed]);
    assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("tribes: the file has 10,000 columns, over the limit of 2,000"),
        "{err}"
    );
    let unnamed = temp_csv(
        "1900-unnamed.csv",
        &table(
            4,
            1_900,
            |_| String::new(),
            |r, c| (mix(r, c) % 10).to_string(),
        ),
    );
    let out = run(&["inspect", &unnamed]);
    let r = result(&out);
    assert_eq!(r["columns"][1_899]["name"], "column_1900");
    let started = std::time::Instant::now();
    let out = run(&["analyze", &unnamed, "--seed", "1", "--k", "2"]);
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
    // Four rows make two segments, or are refused with one line; never a hang.
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.starts_with("tribes: ") && err.lines().count() == 1,
            "{err}"
        );
    }
}

/// A header of 40,000 copies of `x` took 80 s in `inspect`: each copy tried `x_2`, `x_3`...
/// from the start. Past the columns' limit now, it is refused at the header; the renaming's
/// linear time is checked on 40,000 names by the reader's own test, and here up to the limit.
#[test]
fn forty_thousand_copies_of_one_header_are_read_in_seconds_instead_of_80() {
    let file = temp_csv(
        "40000-x.csv",
        &table(1, 40_000, |_| "x".to_owned(), |_, _| "1".to_owned()),
    );
    let started = std::time::Instant::now();
    let out = run(&["inspect", &file]);
    assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("tribes: the file has 40,000 columns, over the limit of 2,000"),
        "{err}"
    );
    let file = temp_csv(
        "2000-x.csv",
        &table(1, 2_000, |_| "x".to_owned(), |_, _| "1".to_owned()),
    );
    let r = within(30, &["inspect", &file]);
    let columns = r["columns"].as_array().unwrap();
    assert_eq!(columns.len(), 2_000);
    assert_eq!(columns[1]["name"], "x_2");
    assert_eq!(columns[1_999]["name"], "x_2000");
}

/// `keywords --format csv` printed JSON: the flag was taken and ignored.
#[test]
fn keywords_with_format_csv_is_refused_instead_of_printing_json() {
    let file = fixture("customers-messy.csv");
    let err = refused_line(&[
        "keywords",
        &file,
        "--text-column",
        "interests",
        "--format",
        "csv",
    ]);
    assert_eq!(
        err,
        "tribes: --format: keywords prints JSON only (\"csv\" is for tribes analyze)"
    );
}

/// When every order was on one day, every customer scored R 1, and 40 buyers of the same
/// day were all "Lost" or "Hibernating", with no word of why.
#[test]
fn orders_all_on_one_day_give_a_note_instead_of_everyone_lost() {
    let mut text = String::from("customer_id,order_date,amount\n");
    for i in 0..120 {
        text.push_str(&format!(
            "C{:03},2024-03-01,{}\n",
            i % 40,
            10 + (i * 7) % 50
        ));
    }
    let file = temp_csv("one-day.csv", &text);
    let out = run(&["rfm", &file, "--seed", "1", "--format", "json"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    let r = result(&out);
    let note = "every customer's last order is on 2024-03-01, so recency cannot rank them: each \
                scores R 3, the middle, and only frequency sets their named segment";
    assert_eq!(r["rfm"]["note"], note);
    assert!(err.contains(&format!("tribes: note: {note}")), "{err}");
    let customers = r["rfm"]["customers"].as_array().unwrap();
    assert_eq!(customers.len(), 40);
    for c in customers {
        assert_eq!(c["r"], 3, "{c}");
        assert_ne!(c["segment"], "Lost", "{c}");
    }
}

/// A NUL byte in the first 64 KiB refused the file as binary; one after them ended up in a cell.
#[test]
fn a_nul_byte_after_64_kib_is_refused_as_one_before_instead_of_read_into_a_cell() {
    let mut text = String::from("name,spend,age\n");
    let mut i = 0;
    while text.len() < 70_000 {
        text.push_str(&format!("p{i},{},{}\n", i % 100, 20 + i % 50));
        i += 1;
    }
    // The NUL follows the eight bytes of `pnul,5,3`.
    let at = text.len() + 8;
    text.push_str("pnul,5,3\u{0}0\nlast,1,2\n");
    let file = temp_csv("late-nul.csv", &text);
    for command in ["inspect", "analyze"] {
        let err = refused_line(&[command, &file]);
        assert_eq!(
            err,
            format!("tribes: the file is binary, not text: it has a NUL byte at offset {at}")
        );
    }
}

/// An export cell of a full-width `＝`, or an `=` behind a space, a no-break space, a
/// zero-width space or a byte-order mark, was written as it was: a spreadsheet runs it.
#[test]
fn full_width_and_hidden_formula_signs_are_guarded_in_the_export_instead_of_written_as_is() {
    let cells = [
        "\u{FF1D}1+1",
        "\u{FF0B}1",
        "\u{FF0D}1+A1",
        "\u{FF20}SUM(A1)",
        " =1+1",
        "\u{A0}=1+1",
        "\u{200B}=1+1",
        "\u{FEFF}=1+1",
    ];
    let mut text = String::from("note,spend,age\n");
    for i in 0..80 {
        let note = cells.get(i).copied().unwrap_or("plain");
        text.push_str(&format!("{note},{},{}\n", (i * 37) % 100, 20 + i % 30));
    }
    let file = temp_csv("formulas.csv", &text);
    let out = run(&[
        "analyze", &file, "--seed", "1", "--k", "2", "--format", "csv",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    let notes: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    for (i, cell) in cells.iter().enumerate() {
        assert_eq!(notes[i], format!("'{cell}"), "row {}", i + 1);
    }
    assert_eq!(notes[8], "plain");
}

/// A customer whose amounts summed past the largest number was refused as `row 1, column
/// "monetary_total": "inf" is not a number`: a row and column of the per-customer table the
/// program makes, which the user never saw. The orders file's row and column are named now.
#[test]
fn an_rfm_total_that_overflows_names_the_orders_file_s_row_instead_of_the_internal_table_s() {
    let mut text = String::from("customer_id,order_date,amount\n");
    for i in 0..40 {
        let amount = if i == 10 || i == 20 {
            "1e308".to_owned()
        } else {
            format!("{}", 10 + i)
        };
        text.push_str(&format!(
            "C{:02},2024-0{}-1{},{amount}\n",
            i % 10,
            1 + i % 9,
            i % 9
        ));
    }
    let file = temp_csv("overflow-orders.csv", &text);
    let err = refused_line(&["rfm", &file, "--seed", "1"]);
    assert_eq!(
        err,
        "tribes: rfm: row 21, column \"amount\": customer \"C00\"'s total passes the largest \
         number a total can hold (about 1.8e308) here; check the amounts"
    );
}

/// A customer id may be one letter: an orders file whose `customer` column holds A to H is read
/// as eight customers (a short id was once taken for something other than an id).
#[test]
fn one_letter_customer_ids_are_customers_instead_of_refused() {
    let mut text = String::from("customer,date,amount\n");
    for i in 0..60 {
        text.push_str(&format!(
            "{},2024-{:02}-{:02},{}\n",
            &"ABCDEFGH"[i % 8..i % 8 + 1],
            1 + i % 12,
            1 + i % 27,
            10 + (i * 13) % 70
        ));
    }
    let file = temp_csv("one-letter-customers.csv", &text);
    let r = result(&run(&["rfm", &file, "--seed", "1", "--format", "json"]));
    assert_eq!(r["rfm"]["columns"]["customer"], "customer");
    let ids: Vec<&str> = r["rfm"]["customers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["customer"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["A", "B", "C", "D", "E", "F", "G", "H"]);
}
