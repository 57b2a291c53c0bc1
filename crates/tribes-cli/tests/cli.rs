//! The `tribes` command as a user runs it: JSON on stdout, or exit status 2 and one line on stderr.

use std::path::PathBuf;
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name)
}

fn ok_path() -> String {
    fixture("customers-messy.csv").to_str().unwrap().to_owned()
}

fn tribes(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tribes"))
        .args(args)
        .output()
        .expect("the tribes binary runs")
}

fn json(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "tribes failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

/// Asserts exit status 2 and exactly one line on stderr containing every `needle`.
fn refused(out: &Output, needles: &[&str]) {
    assert_eq!(out.status.code(), Some(2), "status: {:?}", out.status);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "stderr: {err}");
    for n in needles {
        assert!(err.contains(n), "stderr {err:?} lacks {n:?}");
    }
    assert!(out.stdout.is_empty());
}

#[test]
fn matches_scikit_learn_lloyd_from_the_same_start() {
    // scikit-learn 1.9.1, `python3 tests/sklearn/lloyd_fixture.py`:
    // KMeans(n_clusters=8, init=X[:8], n_init=1, tol=0, max_iter=1000, algorithm="lloyd")
    // on tests/fixtures/lloyd-blobs.csv gave inertia 21681.09534034272 after 27 iterations.
    const SKLEARN_INERTIA: f64 = 21681.09534034272;
    let file = fixture("lloyd-blobs.csv");
    let out = tribes(&[
        "analyze",
        file.to_str().unwrap(),
        "--k",
        "8",
        "--init",
        "first",
        "--scale",
        "none",
        "--tol",
        "0",
        "--max-iter",
        "1000",
    ]);
    let r = json(&out);
    let inertia = r["metrics"]["inertia"].as_f64().unwrap();
    let relative = (inertia - SKLEARN_INERTIA).abs() / SKLEARN_INERTIA;
    assert!(
        relative <= 1e-6,
        "inertia {inertia} vs scikit-learn {SKLEARN_INERTIA}"
    );
    assert!(r["metrics"]["iterations"].as_u64().unwrap() >= 20);
    // sklearn.metrics.calinski_harabasz_score and davies_bouldin_score on the same data and
    // these labels gave 1173.9633439040977 and 1.1778248768065018.
    let ch = r["metrics"]["calinski_harabasz"].as_f64().unwrap();
    let db = r["metrics"]["davies_bouldin"].as_f64().unwrap();
    assert!((ch - 1173.9633439040977).abs() / 1173.96 <= 1e-9, "CH {ch}");
    assert!((db - 1.1778248768065018).abs() / 1.1778 <= 1e-9, "DB {db}");
    assert_eq!(r["metrics"]["converged"], true);
}

#[test]
fn same_seed_same_labels_and_every_record_accounted_for() {
    let file = fixture("customers-messy.csv");
    let f = file.to_str().unwrap();
    let a = json(&tribes(&["analyze", f, "--seed", "42"]));
    let b = json(&tribes(&["analyze", f, "--seed", "42"]));
    assert_eq!(a["labels"], b["labels"]);
    assert_eq!(a["seed"], 42);
    let records = a["input"]["records"].as_u64().unwrap();
    let rows = a["input"]["rows"].as_u64().unwrap();
    let skipped = a["input"]["skipped"].as_array().unwrap();
    assert_eq!(rows + skipped.len() as u64, records);
    let labels = a["labels"].as_array().unwrap();
    assert_eq!(labels.len() as u64, records);
    assert_eq!(
        labels.iter().filter(|l| l.as_i64() == Some(-1)).count(),
        skipped.len()
    );
    // The fixture plants three industries; the silhouette sweep finds them.
    assert_eq!(a["k"], 3);
}

#[test]
fn unseeded_run_reports_the_seed_that_repeats_it() {
    let file = fixture("customers-messy.csv");
    let f = file.to_str().unwrap();
    let a = json(&tribes(&["analyze", f]));
    let seed = a["seed"].as_u64().unwrap().to_string();
    let b = json(&tribes(&["analyze", f, "--seed", &seed]));
    assert_eq!(a["labels"], b["labels"]);
}

#[test]
fn inspect_prints_kinds_and_rows() {
    let file = fixture("customers-messy.csv");
    let r = json(&tribes(&["inspect", file.to_str().unwrap(), "--rows"]));
    let kinds: Vec<&str> = r["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "identifier",
            "categorical",
            "categorical",
            "ordinal",
            "numeric",
            "numeric",
            "text"
        ]
    );
    assert_eq!(
        r["rows"].as_array().unwrap().len() as u64,
        r["input"]["rows"].as_u64().unwrap()
    );
    // The quoted newline survives as one cell.
    let rows = r["rows"].as_array().unwrap();
    assert!(rows.iter().any(|row| row[6] == "line one\nline two"));
}

#[test]
fn reads_a_semicolon_decimal_comma_windows_1252_export() {
    let file = fixture("kunden-1252.csv");
    let r = json(&tribes(&["inspect", file.to_str().unwrap()]));
    let input = &r["input"];
    assert_eq!(input["encoding"], "windows-1252");
    assert_eq!(input["delimiter"], ";");
    assert_eq!(input["decimal"], ",");
    assert_eq!(input["line_ending"], "CRLF");
    assert_eq!(input["rows"], 300);
    let column = |name: &str| {
        r["columns"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(column("Stadt")["kind"], "categorical");
    assert!(column("Stadt")["examples"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e == "München" || e == "Köln" || e == "Düsseldorf"));
    assert_eq!(column("PLZ")["kind"], "categorical");
    assert!(column("PLZ")["examples"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e == "01067"));
    assert_eq!(column("Mitarbeiter")["kind"], "ordinal");
    assert_eq!(column("Jahresumsatz")["kind"], "numeric");
    assert_eq!(column("Newsletter")["kind"], "boolean");
    assert_eq!(column("Kunde seit")["kind"], "date");
    assert_eq!(column("Kunde seit")["date_format"], "DMY");
    // "k.A." (keine Angabe) is a missing marker, not an invalid number.
    assert_eq!(column("Jahresumsatz")["invalid"], 0);
    let analysed = json(&tribes(&["analyze", file.to_str().unwrap(), "--seed", "1"]));
    // 2.350,97 € and friends are read as numbers: Jahresumsatz is a feature.
    let spend = analysed["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Jahresumsatz")
        .unwrap()
        .clone();
    assert_eq!(spend["role"], "feature");
}

#[test]
fn bad_input_exits_2_with_one_line() {
    let dir = std::env::temp_dir().join(format!("tribes-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p.to_str().unwrap().to_owned()
    };
    let empty = write("empty.csv", b"");
    refused(&tribes(&["analyze", &empty]), &["empty"]);
    let header = write("header.csv", b"a,b\n");
    refused(&tribes(&["analyze", &header]), &["no data rows"]);
    let latin1 = write("latin1.csv", b"name,spend\nAnn,1\nJos\xe9,2\n");
    refused(
        &tribes(&["analyze", &latin1, "--encoding", "utf-8"]),
        &["line 3, field 1", "invalid UTF-8"],
    );
    refused(
        &tribes(&["analyze", &latin1]),
        &["only 2 usable rows", "--k"],
    );
    let xlsx = write("book.xlsx", b"PK\x03\x04\x14\x00\x06\x00\x08\x00");
    refused(
        &tribes(&["inspect", &xlsx]),
        &["starts as a ZIP archive", "is it complete?"],
    );
    let binary = write("blob.bin", b"a,b\n\x00\x01\x02\x03");
    refused(&tribes(&["inspect", &binary]), &["binary", "NUL"]);
    refused(
        &tribes(&["inspect", ok_path().as_str(), "--delimiter", "ab"]),
        &["option delimiter"],
    );
    refused(
        &tribes(&["analyze", ok_path().as_str(), "--kind", "City=money"]),
        &["option kinds", "money"],
    );
    refused(
        &tribes(&["analyze", ok_path().as_str(), "--kind", "Town=text"]),
        &["no column named \"Town\""],
    );
    let text_only = write("text.csv", b"customer\nBoston\nAustin\n");
    refused(
        &tribes(&[
            "analyze",
            &text_only,
            "--k",
            "2",
            "--kind",
            "customer=identifier",
        ]),
        &["no column to segment on"],
    );
    let ok = fixture("customers-messy.csv");
    let ok = ok.to_str().unwrap();
    refused(
        &tribes(&["analyze", ok, "--k", "51"]),
        &["option k", "2 to 50"],
    );
    refused(
        &tribes(&["analyze", ok, "--columns", "Notes"]),
        &["\"Notes\" is text"],
    );
    refused(
        &tribes(&["analyze", ok, "--log", "always"]),
        &["option log (--log)", "always"],
    );
    refused(
        &tribes(&["analyze", ok, "--columns", "Spend"]),
        &["no column named \"Spend\""],
    );
    refused(&tribes(&["analyze", ok, "--max-iter", "0"]), &["maxIter"]);
    refused(
        &tribes(&["analyze", "/nonexistent/file.csv"]),
        &["cannot read"],
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// A customer file where each industry has its own words and every industry uses the shared ones
/// alike: `(industry, spend, interests)` rows from a fixed linear congruential draw.
fn planted_words_csv() -> String {
    const PLANTED: [(&str, [&str; 3]); 3] = [
        ("SaaS", ["api", "integrations", "free trial"]),
        ("Retail", ["coupons", "loyalty", "flash sale"]),
        ("Healthcare", ["hipaa", "telehealth", "patient care"]),
    ];
    const SHARED: [&str; 4] = ["newsletter", "webinar", "case studies", "pricing"];
    let mut state: u64 = 12345;
    let mut draw = |n: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) % n as u64) as usize
    };
    let mut csv = String::from("industry,spend,interests\n");
    for row in 0..300 {
        let (industry, own) = PLANTED[row % 3];
        let mut words = vec![own[draw(3)], own[draw(3)], SHARED[draw(4)], SHARED[draw(4)]];
        if draw(5) == 0 {
            words.push("see https://example.com/offer");
        }
        words.dedup();
        let spend = 1000 * (row % 3 + 1) + draw(200);
        csv.push_str(&format!("{industry},{spend},\"{}\"\n", words.join("; ")));
    }
    csv
}

#[test]
fn keywords_put_each_industrys_planted_words_on_top() {
    let dir = std::env::temp_dir().join(format!("tribes-cli-kw-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("planted.csv");
    std::fs::write(&path, planted_words_csv()).unwrap();
    let file = path.to_str().unwrap();
    let r = json(&tribes(&[
        "keywords",
        file,
        "--text-column",
        "interests",
        "--by",
        "industry",
        "--top",
        "3",
    ]));
    assert_eq!(r["by"], "industry");
    assert_eq!(r["overall"]["language"], "en");
    assert!(r["overall"]["urls"].as_u64().unwrap() > 0);
    let planted = [
        ("SaaS", ["api", "integrations", "free trial"]),
        ("Retail", ["coupons", "loyalty", "flash sale"]),
        ("Healthcare", ["hipaa", "telehealth", "patient care"]),
    ];
    for g in r["groups"].as_array().unwrap() {
        let group = g["group"].as_str().unwrap();
        let own = planted.iter().find(|p| p.0 == group).unwrap().1;
        let mut terms: Vec<&str> = g["terms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["term"].as_str().unwrap())
            .collect();
        terms.sort();
        let mut want = own.to_vec();
        want.sort();
        assert_eq!(terms, want, "{group}");
        assert_eq!(g["size"], 100);
    }
    // By segment: the segments follow spend, and so the industries; each segment's top terms
    // are one industry's planted words, never a shared one.
    let r = json(&tribes(&[
        "keywords",
        file,
        "--text-column",
        "interests",
        "--k",
        "3",
        "--seed",
        "1",
        "--top",
        "3",
    ]));
    assert_eq!(r["by"], "segment");
    assert_eq!(r["seed"], 1);
    for g in r["groups"].as_array().unwrap() {
        let terms: Vec<&str> = g["terms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["term"].as_str().unwrap())
            .collect();
        assert!(
            planted
                .iter()
                .any(|p| terms.iter().all(|t| p.1.contains(t))),
            "{terms:?}"
        );
    }
    // analyze --text-columns gives every segment its keywords, and the column's frequencies.
    let a = json(&tribes(&[
        "analyze",
        file,
        "--k",
        "3",
        "--seed",
        "1",
        "--text-columns",
        "interests",
        "--top",
        "3",
    ]));
    assert_eq!(a["text"][0]["column"], "interests");
    for (s, g) in a["segments"]
        .as_array()
        .unwrap()
        .iter()
        .zip(r["groups"].as_array().unwrap())
    {
        assert_eq!(s["keywords"][0]["column"], "interests");
        assert_eq!(s["keywords"][0]["terms"], g["terms"]);
    }
    refused(
        &tribes(&["keywords", file, "--text-column", "notes"]),
        &["option textColumns", "no column named \"notes\""],
    );
    refused(
        &tribes(&[
            "keywords",
            file,
            "--text-column",
            "interests",
            "--by",
            "city",
        ]),
        &["option by", "no column named \"city\""],
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// A German shop's orders (semicolons, decimal commas, day.month.year, a refund on order 1003, a
/// guest order without a customer), worked by hand to 2024-03-05, its last order:
/// - anna: orders 1001 and 1003, 120.50 + 80 - 20 = 180.50; last 2024-02-20 (14 days), first
///   2024-01-03 (62 days).
/// - ben: 1002 and 1006, 77.10; last 2024-03-05 (0 days), first 2024-01-15 (50 days).
/// - carl: 1004, 15.99 on 2024-02-28 (6 days).
///
/// R (anna -14, carl -6, ben 0): 1, 2, 4. F (carl 1; anna, ben 2): 1, 2, 2. M (carl, ben,
/// anna): 1, 2, 4. Three customers are too few for k-means: the table comes alone, with a note.
#[test]
fn rfm_on_a_local_orders_export_worked_by_hand() {
    let out = tribes(&["rfm", fixture("bestellungen.csv").to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "customer,first_order,last_order,recency_days,frequency,monetary_total,monetary_mean,tenure_days,r_score,f_score,m_score,rfm_score,rfm_segment\n\
         anna@example.de,2024-01-03,2024-02-20,14,2,180.5,90.25,62,1,2,4,124,Hibernating\n\
         ben@example.de,2024-01-15,2024-03-05,0,2,77.1,38.55,50,4,2,2,422,Potential loyalist\n\
         carl@example.de,2024-02-28,2024-02-28,6,1,15.99,15.99,6,2,1,1,211,Hibernating\n"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("no k-means segments"));

    let v = json(&tribes(&[
        "rfm",
        fixture("bestellungen.csv").to_str().unwrap(),
        "--format",
        "json",
        "--as-of",
        "10.03.2024",
    ]));
    let rfm = &v["rfm"];
    assert_eq!(rfm["as_of"], "2024-03-10");
    assert_eq!(rfm["columns"]["customer"], "Kunde");
    assert_eq!(rfm["columns"]["order"], "Bestellnummer");
    assert_eq!(rfm["customers"][1]["recency_days"], 5);
    assert_eq!(rfm["input"]["returns"], 1);
    assert_eq!(rfm["input"]["skipped"][0]["row"], 6);
    assert_eq!(
        rfm["input"]["skipped"][0]["reason"],
        "no customer id in column \"Kunde\""
    );
    assert_eq!(rfm["segments"].as_array().unwrap().len(), 11);
}

#[test]
fn rfm_refuses_unknown_columns_and_an_as_of_before_the_last_order() {
    let file = fixture("bestellungen.csv");
    let file = file.to_str().unwrap();
    refused(
        &tribes(&["rfm", file, "--customer", "Kundin"]),
        &["customer", "Kundin", "Kunde"],
    );
    refused(
        &tribes(&["rfm", file, "--as-of", "2024-03-01"]),
        &["before the file's last order, 2024-03-05"],
    );
    refused(&tribes(&["rfm", &ok_path()]), &["no", "column"]);
}

/// A model of `file` written by `analyze --model-out`, in a fresh temporary folder.
fn model_of(tag: &str, file: &str, extra: &[&str]) -> (PathBuf, Output) {
    let dir = std::env::temp_dir().join(format!("tribes-model-{}-{tag}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).unwrap();
    let model = dir.join("m.tribes.json");
    let mut args = vec![
        "analyze",
        file,
        "--seed",
        "5",
        "--k",
        "3",
        "--format",
        "csv",
        "--model-out",
        model.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let out = tribes(&args);
    (model, out)
}

#[test]
fn apply_gives_a_file_its_own_segments_back() {
    let file = ok_path();
    let (model, analyzed) = model_of("same", &file, &["--exclude", "Customer ID"]);
    assert!(
        analyzed.status.success(),
        "{}",
        String::from_utf8_lossy(&analyzed.stderr)
    );
    let m = model.to_str().unwrap();
    let applied = tribes(&["apply", m, &file]);
    assert!(
        applied.status.success(),
        "{}",
        String::from_utf8_lossy(&applied.stderr)
    );
    assert_eq!(
        applied.stdout, analyzed.stdout,
        "the same CSV, byte for byte"
    );
    let result = json(&tribes(&[
        "analyze",
        &file,
        "--seed",
        "5",
        "--k",
        "3",
        "--exclude",
        "Customer ID",
    ]));
    let applied = json(&tribes(&["apply", m, &file, "--format", "json"]));
    assert_eq!(applied["labels"], result["labels"]);
    let shares: f64 = applied["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["share"].as_f64().unwrap())
        .sum();
    assert!((shares - 1.0).abs() < 1e-9);
    for c in applied["drift"]["columns"].as_array().unwrap() {
        assert_eq!(c["drifted"], false, "{c}");
    }
    // Who moved between a file and itself: nobody.
    let moved = json(&tribes(&[
        "compare",
        m,
        &file,
        &file,
        "--id",
        "Customer ID",
    ]));
    assert_eq!(moved["moved"], 0);
    let matrix = moved["matrix"].as_array().unwrap();
    let diagonal: u64 = (0..3).map(|i| matrix[i][i].as_u64().unwrap()).sum();
    assert_eq!(diagonal, moved["matched"].as_u64().unwrap());
    assert!(diagonal > 0);
    let list = tribes(&[
        "compare",
        m,
        &file,
        &file,
        "--id",
        "Customer ID",
        "--cell",
        "0,0",
    ]);
    let text = String::from_utf8(list.stdout).unwrap();
    assert_eq!(text.lines().next(), Some("Customer ID"));
    assert_eq!(
        text.lines().count() as u64 - 1,
        matrix[0][0].as_u64().unwrap()
    );
}

#[test]
fn apply_refuses_a_bad_model_and_a_file_without_its_columns() {
    let file = ok_path();
    let (model, _) = model_of("bad", &file, &["--exclude", "Customer ID"]);
    let m = model.to_str().unwrap();
    let dir = model.parent().unwrap();
    let other = dir.join("other.csv");
    std::fs::write(&other, "City,Notes\nBoston,hi\n").unwrap();
    refused(
        &tribes(&["apply", m, other.to_str().unwrap()]),
        &["no column", "\"Industry\"", "Annual Spend"],
    );
    let text = std::fs::read_to_string(&model).unwrap();
    let cut = dir.join("cut.tribes.json");
    std::fs::write(&cut, &text[..text.len() / 3]).unwrap();
    refused(
        &tribes(&["apply", cut.to_str().unwrap(), &file]),
        &["model:", "cut short"],
    );
    let newer = dir.join("newer.tribes.json");
    let version = "\"version\": \"1.1\"";
    assert!(text.contains(version), "the model is version 1.1");
    std::fs::write(&newer, text.replacen(version, "\"version\": \"2.0\"", 1)).unwrap();
    refused(
        &tribes(&["apply", newer.to_str().unwrap(), &file]),
        &["2.0", "newer Tribes"],
    );
    refused(
        &tribes(&["apply", m, &file, "--as-of", "2024-01-01"]),
        &["--as-of", "no column of days since a date"],
    );
    refused(
        &tribes(&[
            "compare",
            m,
            &file,
            &file,
            "--id",
            "Customer ID",
            "--cell",
            "0,9",
        ]),
        &["--cell"],
    );
}

/// Personal and owner columns never form segments (their role keeps them out), so the model of a
/// contacts export is written and carries none of their values.
#[test]
fn a_model_of_a_contacts_export_holds_no_personal_value() {
    let file = fixture("exports/hubspot-contacts.csv");
    let (model, out) = model_of("personal", file.to_str().unwrap(), &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&model).unwrap();
    let csv = std::fs::read_to_string(&file).unwrap();
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let at = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let columns = [
        "First Name",
        "Last Name",
        "Email",
        "Phone Number",
        "Contact owner",
    ];
    for line in lines.take(50) {
        let cells: Vec<&str> = line.split(',').collect();
        for column in columns {
            let value = cells.get(at(column)).copied().unwrap_or("");
            if value.len() > 3 {
                assert!(
                    !text.contains(&format!("\"{value}\"")),
                    "the model holds {column} {value:?}"
                );
            }
        }
    }
}

fn files(name: &str) -> String {
    fixture(&format!("files/{name}"))
        .to_str()
        .unwrap()
        .to_owned()
}

#[test]
fn reads_workbooks_by_their_bytes_and_the_sheet_asked_for() {
    for (name, format) in [
        ("customers.xlsx", "xlsx"),
        ("customers.xls", "xls"),
        ("customers.ods", "ods"),
    ] {
        let r = json(&tribes(&["inspect", &files(name)]));
        let input = &r["input"];
        assert_eq!(input["source"]["format"], format);
        assert_eq!(input["source"]["part"], "Customers", "{name}");
        assert_eq!(input["rows"], 11, "{name}");
        assert_eq!(input["skipped"][0]["place"], "sheet \"Customers\", row 5");
        let r = json(&tribes(&["inspect", &files(name), "--sheet", "Notes"]));
        assert_eq!(r["input"]["columns"], 1, "{name}");
    }
    // Known by its bytes, not its name: a workbook saved as .csv is still read as one.
    let dir = std::env::temp_dir().join(format!("tribes-cli-book-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let renamed = dir.join("customers.csv");
    std::fs::copy(files("customers.xlsx"), &renamed).unwrap();
    let r = json(&tribes(&["inspect", renamed.to_str().unwrap()]));
    assert_eq!(r["input"]["source"]["format"], "xlsx");
    refused(
        &tribes(&["inspect", &files("customers.xlsx"), "--sheet", "Orders"]),
        &[
            "option sheet (--sheet)",
            "no sheet named \"Orders\"",
            "\"Customers\", \"Notes\"",
        ],
    );
    refused(
        &tribes(&["inspect", &files("customers.xlsx"), "--sheet", ""]),
        &["option sheet (--sheet): the sheet's name is empty"],
    );
    // A cell that does not fit the kind asked for is named by its sheet and its row there, as
    // Excel numbers it ("n/a" reads as missing, so "high" on row 6 is the one that does not fit).
    refused(
        &tribes(&[
            "analyze",
            &files("customers.xlsx"),
            "--kind",
            "Score=numeric",
        ]),
        &["tribes: sheet \"Customers\", row 6, column \"Score\": \"high\" is not a number"],
    );
    let r = json(&tribes(&[
        "analyze",
        &files("customers.ods"),
        "--k",
        "2",
        "--seed",
        "1",
    ]));
    assert_eq!(r["labels"].as_array().unwrap().len(), 12);
}

#[test]
fn reads_zip_archives_of_csv_files() {
    // Mailchimp's audience export: its three files joined, with their status.
    let r = json(&tribes(&[
        "analyze",
        &files("audience.zip"),
        "--k",
        "2",
        "--seed",
        "1",
    ]));
    assert_eq!(r["input"]["source"]["format"], "zip");
    assert_eq!(r["input"]["rows"], 14);
    assert_eq!(r["labels"].as_array().unwrap().len(), 15);
    assert_eq!(
        r["input"]["skipped"][0]["place"],
        "cleaned_members_export_0f3a.csv, row 2"
    );
    let r = json(&tribes(&["inspect", &files("audience.zip")]));
    let names: Vec<&str> = r["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.last(), Some(&"status"));
    // Any other archive: the file asked for.
    let r = json(&tribes(&[
        "inspect",
        &files("two-csv.zip"),
        "--entry",
        "stores.csv",
    ]));
    assert_eq!(r["input"]["source"]["part"], "data/stores.csv");
    assert_eq!(r["input"]["columns"], 3);
    refused(
        &tribes(&["inspect", &files("two-csv.zip"), "--entry", "nope.csv"]),
        &[
            "option entry (--entry)",
            "\"data/people.csv\", \"data/stores.csv\"",
        ],
    );
    refused(
        &tribes(&["inspect", &files("many-files.zip")]),
        &["1001 files, over the limit of 1000"],
    );
    refused(
        &tribes(&["inspect", &files("declares-4gb.zip")]),
        &["unpack to 4295.0 MB, over the limit of 536 MB"],
    );
}

#[test]
fn reads_a_purchase_history_aligned_with_spaces() {
    let r = json(&tribes(&["inspect", &files("purchases.txt"), "--rows"]));
    assert_eq!(r["input"]["source"]["format"], "text");
    assert_eq!(r["input"]["columns"], 4);
    assert_eq!(r["input"]["rows"], 8);
    assert_eq!(
        r["rows"][2],
        serde_json::json!(["00002", "19970112", "5", "77.00"])
    );
}

#[test]
fn analyze_with_orders_exports_the_joined_columns_and_apply_refuses_its_model() {
    let customers = fixture("exports/shopify-pair-customers.csv");
    let orders = fixture("exports/shopify-pair-orders.csv");
    let (c, o) = (customers.to_str().unwrap(), orders.to_str().unwrap());
    let r = json(&tribes(&["analyze", c, "--orders", o, "--seed", "1"]));
    assert_eq!(r["join"]["key"]["customers"], "Email");
    assert_eq!(r["join"]["key"]["orders"], "Email");
    let out = tribes(&[
        "analyze", c, "--orders", o, "--seed", "1", "--format", "csv",
    ]);
    assert!(out.status.success());
    let csv = String::from_utf8(out.stdout).unwrap();
    let header = csv.lines().next().unwrap();
    assert!(
        header.ends_with(",orders,order_total,average_order,days_since_last_order,days_since_first_order,rfm_segment,segment,segment_name"),
        "{header}"
    );
    // 200 customers and the header.
    assert_eq!(csv.lines().count(), 201);
    // The orders' flags need the orders file.
    refused(
        &tribes(&["analyze", c, "--join", "Email=Email"]),
        &["--join is about an orders file"],
    );
    refused(
        &tribes(&["analyze", c, "--orders", o, "--join", "Mail=Email"]),
        &["the customers file has no column named \"Mail\""],
    );
    // A model of the joined pair cannot be applied to one file.
    let model =
        std::env::temp_dir().join(format!("tribes-joined-{}.tribes.json", std::process::id()));
    let m = model.to_str().unwrap();
    assert!(tribes(&[
        "analyze",
        c,
        "--orders",
        o,
        "--seed",
        "1",
        // Its name has "email" in it, which keeps a model from being written.
        "--exclude",
        "Accepts Email Marketing",
        "--model-out",
        m
    ])
    .status
    .success());
    let out = tribes(&["apply", m, c]);
    let _ = std::fs::remove_file(&model);
    refused(&out, &["joined with its orders file (key Email=Email)"]);
}

/// A Shopify orders export cut at a day: the orders before it ("last month"), written beside
/// the model in `dir`.
fn orders_before(dir: &std::path::Path, day: &str) -> PathBuf {
    let text = std::fs::read_to_string(fixture("exports/shopify-orders.csv")).unwrap();
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let created = headers.iter().position(|h| h == "Created at").unwrap();
    let path = dir.join("orders-before.csv");
    let mut w = csv::Writer::from_path(&path).unwrap();
    w.write_record(&headers).unwrap();
    for row in reader.records() {
        let row = row.unwrap();
        if row[created][..10] < *day {
            w.write_record(&row).unwrap();
        }
    }
    w.flush().unwrap();
    path
}

#[test]
fn a_model_made_from_orders_applies_to_next_month_s_orders_and_shows_who_moved() {
    let dir = std::env::temp_dir().join(format!("tribes-orders-model-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).unwrap();
    let before = orders_before(&dir, "2024-10-09");
    let before = before.to_str().unwrap();
    let after = fixture("exports/shopify-orders.csv");
    let after = after.to_str().unwrap();
    let model = dir.join("orders.tribes.json");
    let m = model.to_str().unwrap();
    let made = tribes(&[
        "rfm",
        before,
        "--seed",
        "1",
        "--format",
        "json",
        "--model-out",
        m,
    ]);
    let made = json(&made);
    // Applied to its own orders: every customer in the same segment, with the same RFM name.
    let applied = json(&tribes(&["apply", m, before, "--format", "json"]));
    let customers = made["rfm"]["customers"].as_array().unwrap();
    let labels = made["segments"]["labels"].as_array().unwrap();
    assert_eq!(applied["labels"].as_array().unwrap(), labels);
    for (i, c) in customers.iter().enumerate() {
        assert_eq!(applied["customers"][i], c["customer"]);
    }
    let named = |v: &serde_json::Value| -> Vec<(String, u64)> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["name"].as_str().unwrap().to_owned(),
                    s["size"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(
        named(&applied["rfm"]["segments"]),
        named(&made["rfm"]["segments"])
    );
    // Next month: the customers are made from all the orders, recency counted to the new file's
    // last day, scored by the model's cut-offs.
    let next = json(&tribes(&["apply", m, after, "--format", "json"]));
    assert_eq!(next["rfm"]["as_of"], "2024-12-31");
    let moved = json(&tribes(&["compare", m, before, after]));
    let matched = moved["matched"].as_u64().unwrap();
    let sum = |v: &serde_json::Value| -> u64 {
        v.as_array()
            .unwrap()
            .iter()
            .flat_map(|row| row.as_array().unwrap())
            .map(|c| c.as_u64().unwrap())
            .sum()
    };
    assert_eq!(sum(&moved["matrix"]), matched);
    let rfm = &moved["rfm"];
    assert_eq!(sum(&rfm["matrix"]), matched);
    assert_eq!(rfm["segments"][0]["name"], "Champions");
    assert!(
        rfm["moved"].as_u64().unwrap() > 0,
        "a month later some customers change RFM segment: {rfm}"
    );
    // Everyone of last month is in this month's file, and the new customers are counted.
    assert_eq!(matched as usize, customers.len());
    let new: u64 = rfm["only_after"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_u64().unwrap())
        .sum();
    assert_eq!(
        matched + new,
        next["customers"].as_array().unwrap().len() as u64
    );
    // The customers are named by the model's customer column; another --id is refused, naming it.
    refused(
        &tribes(&["compare", m, before, after, "--id", "Name"]),
        &["--id Name", "customer column, Email"],
    );
}
