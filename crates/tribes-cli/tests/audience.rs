//! `tribes audience` on a Shopify customers export: the files an ad platform or an e-mail tool
//! imports, with every record of the file accounted for and no raw e-mail or phone in the hashed
//! files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name)
}

fn tribes(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tribes"))
        .args(args)
        .output()
        .expect("the tribes binary runs")
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "tribes failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

/// A fresh folder for one test's files.
fn folder(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tribes-audience-{}-{tag}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The Shopify export, a model of it (k = 3, seed 5), and each record's segment under it.
struct Shop {
    file: String,
    model: String,
    rows: Vec<csv::StringRecord>,
    headers: csv::StringRecord,
    labels: Vec<i64>,
}

fn shop(tag: &str) -> Shop {
    let dir = folder(tag);
    let file = fixture("exports/shopify-customers.csv");
    let file = file.to_str().unwrap().to_owned();
    let model = dir.join("m.tribes.json").to_str().unwrap().to_owned();
    let args = [
        "analyze",
        &file,
        "--k",
        "3",
        "--seed",
        "5",
        "--model-out",
        &model,
    ];
    ok(&tribes(&args));
    let applied = ok(&tribes(&["apply", &model, &file, "--format", "json"]));
    let applied: serde_json::Value = serde_json::from_str(&applied).unwrap();
    let labels = applied["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_i64().unwrap())
        .collect();
    let mut reader = csv::Reader::from_path(&file).unwrap();
    let headers = reader.headers().unwrap().clone();
    let rows = reader.records().map(Result::unwrap).collect();
    Shop {
        file,
        model,
        rows,
        headers,
        labels,
    }
}

impl Shop {
    fn column(&self, name: &str) -> Vec<&str> {
        let c = self.headers.iter().position(|h| h == name).unwrap();
        self.rows.iter().map(|r| &r[c]).collect()
    }

    /// Every e-mail and phone of the file as written there and as an E.164 number.
    fn contacts(&self) -> Vec<String> {
        let mut out = Vec::new();
        for name in ["Email", "Phone", "Default Address Phone"] {
            for v in self.column(name) {
                let v = v.trim_start_matches('\'');
                if v.len() > 4 {
                    out.push(v.to_owned());
                    out.push(v.trim_start_matches('+').to_owned());
                }
            }
        }
        out
    }
}

/// The counts of the summary line on stderr: kept, records, other segments, consent, no
/// identifier, skipped.
fn counts(out: &Output) -> [usize; 6] {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "stderr: {err}");
    let number_before = |phrase: &str| -> usize {
        let at = err
            .find(phrase)
            .unwrap_or_else(|| panic!("{phrase:?} in {err}"));
        let head = err[..at].trim_end();
        let start = head
            .rfind(|c: char| !c.is_ascii_digit())
            .map_or(0, |i| i + 1);
        head[start..].parse().unwrap()
    };
    [
        number_before(" of "),
        number_before(" records kept"),
        number_before(" in other segments"),
        number_before(" left out for consent"),
        number_before(" left out with no usable identifier"),
        number_before(" skipped"),
    ]
}

fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (headers, rows)
}

fn is_hash(v: &str) -> bool {
    v.len() == 64 && v.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[test]
fn google_files_hash_every_contact_and_count_every_record() {
    let s = shop("google");
    let out_dir = folder("google-out");
    let out = tribes(&[
        "audience",
        &s.model,
        &s.file,
        "--format",
        "google",
        "-o",
        out_dir.to_str().unwrap(),
    ]);
    ok(&out);
    let [kept, records, other, consent, no_id, skipped] = counts(&out);
    // Shopify's "Accepts Email Marketing" is "no" for 174 of the 400 customers; every other
    // customer has an e-mail, so all of them are kept.
    assert_eq!(records, 400);
    assert_eq!(consent, 174);
    assert_eq!((kept, other, no_id, skipped), (226, 0, 0, 0));
    assert_eq!(kept + other + consent + no_id + skipped, records);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 3, "one file per segment: {files:?}");
    let contacts = s.contacts();
    let mut written = 0;
    let mut emails = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        for c in &contacts {
            assert!(!text.contains(c.as_str()), "{} holds {c}", f.display());
        }
        let (headers, rows) = read_csv(f);
        assert_eq!(
            headers,
            [
                "Email",
                "Phone",
                "First Name",
                "Last Name",
                "Country",
                "Zip"
            ]
        );
        for row in rows {
            assert!(is_hash(&row[0]), "{row:?}");
            for v in &row[1..4] {
                assert!(v.is_empty() || is_hash(v), "{row:?}");
            }
            // Country and zip stay in clear, as Customer Match wants them.
            assert!(
                row[4].len() == 2 && row[4].bytes().all(|b| b.is_ascii_lowercase()),
                "{row:?}"
            );
            assert!(!is_hash(&row[5]), "{row:?}");
            emails.push(row[0].clone());
            written += 1;
        }
    }
    assert_eq!(written, kept);
    // Mia Nguyen accepts e-mail marketing: `printf 'mia.nguyen1@example.org' | sha256sum`.
    assert!(emails
        .contains(&"08b44d0f6d30dc7304ad9c7d3f3665a66b3c7910c8293e205993a6d3b8b8af87".to_owned()));
    // Zoe Tanaka does not: `printf 'zoe.tanaka.0@example.net' | sha256sum` must not be written.
    let zoe = std::fs::read_to_string(&files[0]).unwrap()
        + &std::fs::read_to_string(&files[1]).unwrap()
        + &std::fs::read_to_string(&files[2]).unwrap();
    assert!(!zoe.contains("9dd0e68c5eb401e5acc02ed9e2f0036af177f1dde6946a490abf00e22b01a933"));
}

#[test]
fn meta_hashes_every_value_and_segment_picks_one_segment() {
    let s = shop("meta");
    let accepts = s.column("Accepts Email Marketing");
    for segment in 0..3 {
        let seg = segment.to_string();
        let out = tribes(&[
            "audience",
            &s.model,
            &s.file,
            "--format",
            "meta",
            "--segment",
            &seg,
        ]);
        let text = ok(&out);
        let [kept, records, other, consent, no_id, skipped] = counts(&out);
        assert_eq!(kept + other + consent + no_id + skipped, records);
        let in_segment = s.labels.iter().filter(|&&l| l == segment).count();
        let consenting = s
            .labels
            .iter()
            .zip(&accepts)
            .filter(|(&l, &a)| l == segment && a == "yes")
            .count();
        assert_eq!(other, records - in_segment);
        assert_eq!(kept, consenting);
        for c in s.contacts() {
            assert!(!text.contains(c.as_str()), "segment {segment} holds {c}");
        }
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("email,phone,fn,ln,ct,st,zip,country"));
        let mut n = 0;
        for line in lines {
            for v in line.split(',') {
                assert!(v.is_empty() || is_hash(v), "{line}");
            }
            n += 1;
        }
        assert_eq!(n, kept);
    }
}

#[test]
fn tags_write_each_consenting_address_with_its_segment_name() {
    let s = shop("tags");
    let model: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&s.model).unwrap()).unwrap();
    let names: Vec<&str> = model["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["name"].as_str().unwrap())
        .collect();
    let out = tribes(&["audience", &s.model, &s.file, "--format", "tags"]);
    let text = ok(&out);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(reader.headers().unwrap(), vec!["Email Address", "Tags"]);
    let got: Vec<(String, String)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_owned(), r[1].to_owned())
        })
        .collect();
    let want: Vec<(String, String)> = s
        .column("Email")
        .into_iter()
        .zip(s.column("Accepts Email Marketing"))
        .zip(&s.labels)
        .filter(|((_, accepts), _)| *accepts == "yes")
        .map(|((email, _), &l)| (email.to_owned(), names[l as usize].to_owned()))
        .collect();
    assert_eq!(got, want);
    // With --include-unsubscribed, the 174 who said no are written too, and counted as such.
    let all = tribes(&[
        "audience",
        &s.model,
        &s.file,
        "--format",
        "tags",
        "--include-unsubscribed",
    ]);
    assert_eq!(ok(&all).lines().count(), 401);
    let [kept, records, _, consent, _, _] = counts(&all);
    assert_eq!((kept, records, consent), (400, 400, 0));
    assert!(String::from_utf8_lossy(&all.stderr).contains("174 kept without consent"));
}

#[test]
fn audience_refuses_bad_options_and_files_in_one_line() {
    let s = shop("refused");
    let refused = |args: &[&str], needle: &str| {
        let mut all = vec!["audience", s.model.as_str(), s.file.as_str()];
        all.extend_from_slice(args);
        let out = tribes(&all);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with("tribes: ") && err.contains(needle), "{err}");
        assert!(out.stdout.is_empty());
    };
    refused(
        &["--format", "linkedin"],
        "is not one of google, meta, tags",
    );
    refused(&["--format", "tags", "--segment", "3"], "ids are 0 to 2");
    refused(
        &["--format", "tags", "--segment", "1.5"],
        "is not a segment",
    );
    refused(
        &["--format", "meta", "--country", "Atlantis"],
        "\"Atlantis\" is not a country",
    );
    refused(
        &["--format", "meta", "--field", "Email=mail"],
        "\"mail\" for column \"Email\"",
    );
    refused(
        &[
            "--format",
            "meta",
            "--segment",
            "0",
            "--field",
            "Nope=email",
        ],
        "no column named \"Nope\"",
    );
    refused(
        &["--format", "meta", "--segment", "0", "--field", "Email"],
        "use COLUMN=FIELD",
    );
    refused(&["--format", "google"], "give --segment N");
    // Without an e-mail column, tags have nothing to write.
    refused(
        &["--format", "tags", "--field", "Email=none"],
        "no column of the file holds e-mail addresses",
    );
    // The customers' file is never written to, not even when -o names it.
    refused(
        &["--format", "tags", "-o", s.file.as_str()],
        "is a file this command reads",
    );
    // The model's own file is never touched.
    let before = std::fs::read(&s.file).unwrap();
    ok(&tribes(&[
        "audience", &s.model, &s.file, "--format", "tags",
    ]));
    assert_eq!(std::fs::read(&s.file).unwrap(), before);
}
