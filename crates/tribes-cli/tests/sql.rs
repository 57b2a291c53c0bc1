//! `tribes sql` on a real engine: the SQL it prints, run in SQLite on a table that holds the file
//! as SQLite's own `.import` makes it (every column text), gives every row the label `tribes
//! apply` gives it. Ties (a row as near two centres within 1e-9) go to the lower id on both
//! sides; they are counted, and a row that disagrees is allowed only as one of them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn exports(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/exports")
        .join(name)
}

fn tribes(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tribes"))
        .args(args)
        .output()
        .expect("the tribes binary runs")
}

fn ok(out: &Output) -> &[u8] {
    assert!(
        out.status.success(),
        "tribes failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    &out.stdout
}

/// A scratch folder of this call's own (tests run at once), emptied first.
fn scratch(name: &str) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir =
        std::env::temp_dir().join(format!("tribes-sql-test-{}-{n}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The file as `sqlite3 .import --csv` loads it into a new table: the header names the columns,
/// every column is TEXT, every cell its text (a byte-order mark dropped). A `tribes_row` column
/// numbers the records, so that each output row can be matched to its record.
fn load(db: &rusqlite::Connection, csv_path: &Path) -> usize {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(csv_path)
        .unwrap();
    let headers: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_owned())
        .collect();
    let quoted: Vec<String> = headers
        .iter()
        .map(|h| format!("\"{}\" TEXT", h.replace('"', "\"\"")))
        .collect();
    db.execute(
        &format!(
            "CREATE TABLE customers (tribes_row INTEGER, {})",
            quoted.join(", ")
        ),
        [],
    )
    .unwrap();
    let marks: Vec<String> = (0..=headers.len()).map(|i| format!("?{}", i + 1)).collect();
    let insert = format!("INSERT INTO customers VALUES ({})", marks.join(", "));
    let mut statement = db.prepare(&insert).unwrap();
    let mut rows = 0;
    for (r, record) in reader.records().enumerate() {
        let record = record.unwrap();
        let mut values = vec![rusqlite::types::Value::Integer(r as i64)];
        for c in 0..headers.len() {
            // A short row's missing cells are empty, as .import leaves them.
            values.push(rusqlite::types::Value::Text(
                record.get(c).unwrap_or("").to_owned(),
            ));
        }
        statement
            .execute(rusqlite::params_from_iter(values))
            .unwrap();
        rows += 1;
    }
    rows
}

/// What one comparison found.
#[derive(Debug)]
struct Compared {
    rows: usize,
    ties: usize,
    differ: usize,
}

/// Makes a model of `source` (with `analyze` flags), applies it to `target`, runs its SQL on
/// `target` in SQLite, and compares the labels row by row.
fn compare(source: &Path, target: &Path, flags: &[&str], sql_flags: &[&str]) -> Compared {
    let dir = scratch(source.file_stem().unwrap().to_str().unwrap());
    let model = dir.join("m.tribes.json");
    let mut args = vec![
        "analyze",
        source.to_str().unwrap(),
        "--seed",
        "7",
        "--model-out",
        model.to_str().unwrap(),
    ];
    args.extend_from_slice(flags);
    ok(&tribes(&args));
    let applied: serde_json::Value = serde_json::from_slice(ok(&tribes(&[
        "apply",
        model.to_str().unwrap(),
        target.to_str().unwrap(),
        "--format",
        "json",
    ])))
    .unwrap();
    let want: Vec<i64> = applied["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_i64().unwrap())
        .collect();
    let ties = applied["ties"].as_u64().unwrap() as usize;
    let mut args = vec![
        "sql",
        model.to_str().unwrap(),
        "--table",
        "customers",
        "--dialect",
        "sqlite",
    ];
    args.extend_from_slice(sql_flags);
    let query = String::from_utf8(ok(&tribes(&args)).to_vec()).unwrap();

    let db = rusqlite::Connection::open_in_memory().unwrap();
    let rows = load(&db, target);
    assert_eq!(rows, want.len(), "records in the CSV and labels from apply");
    let names: Vec<String> =
        serde_json::from_str::<serde_json::Value>(&std::fs::read_to_string(&model).unwrap())
            .unwrap()["segments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["name"].as_str().unwrap().to_owned())
            .collect();
    let mut statement = db
        .prepare(&format!(
            "SELECT tribes_row, segment, segment_name FROM ({query})"
        ))
        .unwrap_or_else(|e| panic!("SQLite refuses the query: {e}\n{query}"));
    let mut got = vec![None; rows];
    let out = statement
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .unwrap();
    let mut returned = 0;
    for row in out {
        let (r, segment, name) = row.unwrap();
        assert_eq!(
            name, names[segment as usize],
            "segment_name of segment {segment}"
        );
        assert!(got[r as usize].replace(segment).is_none(), "row {r} twice");
        returned += 1;
    }
    assert_eq!(returned, rows, "every row of the table, once");
    let mut differ = 0;
    for (r, (&want, got)) in want.iter().zip(&got).enumerate() {
        // A record the reader skipped (label -1) has no segment in apply's output.
        if want >= 0 && Some(want) != *got {
            differ += 1;
            eprintln!("row {r}: apply {want}, SQL {got:?}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    Compared { rows, ties, differ }
}

/// The first `rows` records of `file`, with its header, as a file of their own: the month
/// before. Its model meets, in the whole file, categories and dates it never saw.
fn first_rows(file: &Path, rows: usize, dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(file).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut writer = csv::Writer::from_writer(Vec::new());
    for record in reader.records().take(rows + 1) {
        writer.write_record(&record.unwrap()).unwrap();
    }
    let path = dir.join(file.file_name().unwrap());
    std::fs::write(&path, writer.into_inner().unwrap()).unwrap();
    path
}

/// A model of `file` applied to `file` itself, and a model of its first 250 rows applied to
/// the whole of it.
fn check(file: &str, flags: &[&str]) {
    let whole = exports(file);
    let dir = scratch(&format!("first-{file}"));
    let month_before = first_rows(&whole, 250, &dir);
    for source in [&whole, &month_before] {
        let c = compare(source, &whole, flags, &[]);
        eprintln!("{file} (model of {}): {c:?}", source.display());
        assert!(
            c.differ <= c.ties,
            "{file}: {} of {} labels differ from tribes apply ({} ties)",
            c.differ,
            c.rows,
            c.ties
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sqlite_has_its_math_functions() {
    // The bundled SQLite is built with SQLITE_ENABLE_MATH_FUNCTIONS (.cargo/config.toml);
    // without it, ln() is no function and every query with a log fails.
    let db = rusqlite::Connection::open_in_memory().unwrap();
    let v: f64 = db
        .query_row("SELECT ln(1 + 1.0)", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, std::f64::consts::LN_2);
}

#[test]
fn shopify_labels_equal_apply() {
    // Logged amounts and counts, and a list column (Tags).
    check("shopify-customers.csv", &[]);
}

#[test]
fn hubspot_labels_equal_apply() {
    // A category with rare values taken as (other), logged revenue, missing cells.
    check("hubspot-contacts.csv", &[]);
}

#[test]
fn telco_labels_equal_apply() {
    // Categories, plain numbers, blank charges imputed; and yes/no columns made features.
    check("telco-churn.csv", &[]);
    check(
        "telco-churn.csv",
        &[
            "--columns",
            "tenure,Contract,MonthlyCharges,Partner,PaperlessBilling,SeniorCitizen",
        ],
    );
}

#[test]
fn klaviyo_labels_equal_apply() {
    // Days since dates counted to the table's latest date, logged values, many missing cells.
    check("klaviyo-profiles.csv", &[]);
}

#[test]
fn days_count_to_the_models_day_or_the_one_given() {
    // A model made with --as-of counts days to that day (not to the table's latest date), in
    // apply and in the SQL; --as-of on `tribes sql` sets the day the query counts to.
    let file = exports("klaviyo-profiles.csv");
    let c = compare(&file, &file, &["--as-of", "2025-03-01"], &[]);
    assert!(c.differ <= c.ties, "{c:?}");
    let dir = scratch("as-of");
    let model = dir.join("m.tribes.json");
    let m = model.to_str().unwrap();
    ok(&tribes(&[
        "analyze",
        file.to_str().unwrap(),
        "--seed",
        "7",
        "--as-of",
        "2025-03-01",
        "--model-out",
        m,
    ]));
    let query = |extra: &[&str]| {
        let mut args = vec!["sql", m, "--table", "t", "--dialect", "duckdb"];
        args.extend_from_slice(extra);
        String::from_utf8(ok(&tribes(&args)).to_vec()).unwrap()
    };
    let days = |q: &str| q.matches("20148 - ").count();
    // 2025-03-01 is day 20148 since 1970-01-01.
    assert!(days(&query(&[])) > 0);
    assert_eq!(query(&[]), query(&["--as-of", "2025-03-01"]));
    let other = query(&["--as-of", "2025-04-01"]);
    assert_eq!(days(&other), 0);
    assert!(other.contains("20179 - "));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn refusals_are_one_line() {
    let dir = scratch("refusals");
    let model = dir.join("m.tribes.json");
    ok(&tribes(&[
        "analyze",
        exports("telco-churn.csv").to_str().unwrap(),
        "--seed",
        "7",
        "--model-out",
        model.to_str().unwrap(),
    ]));
    let m = model.to_str().unwrap();
    for (args, needle) in [
        (
            vec!["--table", "t", "--dialect", "mysql"],
            "--dialect: \"mysql\" is not one of sqlite, duckdb, postgres, bigquery, spark",
        ),
        (
            vec!["--table", "a..b", "--dialect", "sqlite"],
            "--table \"a..b\" is not a table name",
        ),
        (
            vec![
                "--table",
                "t",
                "--dialect",
                "sqlite",
                "--as-of",
                "31/12/2024",
            ],
            "(--as-of): \"31/12/2024\" is not a date (write it as 2024-12-31)",
        ),
        (
            vec!["--table", "t", "--dialect", "sqlite", "--decimal", ";"],
            "--decimal: \";\" is not . or ,",
        ),
    ] {
        let mut all = vec!["sql", m];
        all.extend(args);
        let out = tribes(&all);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with("tribes: ") && err.contains(needle), "{err}");
        assert!(out.stdout.is_empty());
    }
    // A model segmented on free text: refused, naming the column.
    let text = dir.join("text.tribes.json");
    ok(&tribes(&[
        "analyze",
        exports("hubspot-contacts.csv").to_str().unwrap(),
        "--seed",
        "7",
        "--text-columns",
        "Job Title",
        "--text-weight",
        "1",
        "--model-out",
        text.to_str().unwrap(),
    ]));
    let out = tribes(&[
        "sql",
        text.to_str().unwrap(),
        "--table",
        "t",
        "--dialect",
        "duckdb",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("sql: column \"Job Title\" is free text"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
