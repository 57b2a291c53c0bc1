//! The saved model: made by an analysis, written and read back, applied to the file it came from
//! (the same labels) and to other files (drift, unseen values, missing columns), read part by
//! part, and refused clearly when it cannot be used.

// The saved model is made by the feature `full-report`.
#![cfg(feature = "full-report")]

use std::path::PathBuf;

use tribes_core::{read, Applying, Dataset, KChoice, Model, Options, ReadSettings, Reader};

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn dataset(bytes: &[u8]) -> Dataset {
    Dataset::new(read(bytes, &ReadSettings::default()).unwrap())
}

fn options(k: f64, exclude: &[&str]) -> Options {
    Options {
        k: KChoice::Fixed(k),
        seed: Some(11.0),
        exclude: exclude.iter().map(|s| s.to_string()).collect(),
        ..Options::default()
    }
}

/// The model of an analysis, through its file and back.
fn model_of(data: &Dataset, options: &Options) -> (Vec<i32>, Model) {
    let settings = options.check(0).unwrap();
    let r = data
        .analyze(&settings, &mut tribes_core::no_progress)
        .unwrap();
    let text = r.model.to_json().unwrap();
    let model = Model::from_json(&text).unwrap();
    assert_eq!(model, r.model, "the model reads back as written");
    (r.labels, model)
}

/// A table of customers: spend (a number), a plan (a category) and a visits count.
fn customers(rows: usize, spend_scale: f64, plans: &[&str]) -> String {
    let mut s = String::from("spend,plan,visits\n");
    for i in 0..rows {
        let group = i % 3;
        let spend = (10.0 + 40.0 * group as f64 + (i % 7) as f64) * spend_scale;
        let plan = plans[(i / 3) % plans.len()];
        let visits = 1 + group * 5 + i % 4;
        s.push_str(&format!("{spend},{plan},{visits}\n"));
    }
    s
}

#[test]
fn a_model_applied_to_its_own_file_gives_the_same_labels() {
    for (name, exclude) in [
        ("customers-messy.csv", &["Customer ID"][..]),
        ("lloyd-blobs.csv", &[][..]),
        (
            "exports/klaviyo-profiles.csv",
            &[
                "Email",
                "Phone Number",
                "First Name",
                "Last Name",
                "Address",
                "Address 2",
                "Zip Code",
            ][..],
        ),
    ] {
        let data = dataset(&fixture(name));
        for k in [2.0, 4.0] {
            let (labels, model) = model_of(&data, &options(k, exclude));
            let (applied, report) = data.apply(&model).unwrap();
            assert_eq!(applied, labels, "{name}, k {k}");
            for d in &report.drift.columns {
                assert!(d.psi.abs() < 1e-9 && !d.drifted, "{name}: {d:?}");
            }
            for (s, d) in report.segments.iter().zip(&report.drift.segments) {
                assert_eq!(s.share, d.share_before, "{name}");
            }
        }
    }
}

#[test]
fn a_file_read_part_by_part_gets_the_labels_of_the_whole() {
    let bytes = fixture("customers-messy.csv");
    let data = dataset(&bytes);
    let (labels, model) = model_of(&data, &options(3.0, &["Customer ID"]));
    let mut reader = Reader::new(ReadSettings::default());
    let mut applying = Applying::new(&model);
    let mut got = Vec::new();
    for chunk in bytes.chunks(97) {
        reader.push(chunk).unwrap();
        if let Some(part) = reader.take() {
            got.extend(applying.part(&part).unwrap());
        }
    }
    got.extend(applying.part(&reader.finish().unwrap()).unwrap());
    assert_eq!(got, labels);
    assert_eq!(applying.finish().rows, data.table.rows());
}

#[test]
fn a_shifted_column_is_flagged_and_a_steady_one_is_not() {
    let before = dataset(customers(600, 1.0, &["basic", "pro"]).as_bytes());
    let (_, model) = model_of(&before, &options(3.0, &[]));
    // Next month: the same people, spend ten times higher, plans as before.
    let after = dataset(customers(900, 10.0, &["basic", "pro"]).as_bytes());
    let (_, report) = after.apply(&model).unwrap();
    let psi = |c: &str| {
        report
            .drift
            .columns
            .iter()
            .find(|d| d.column == c)
            .unwrap()
            .clone()
    };
    assert!(
        psi("spend").drifted && psi("spend").psi > 0.2,
        "{:?}",
        psi("spend")
    );
    assert!(
        !psi("plan").drifted && psi("plan").psi < 0.01,
        "{:?}",
        psi("plan")
    );
    assert!(!psi("visits").drifted, "{:?}", psi("visits"));
    assert_eq!(report.rows, 900);
}

#[test]
fn an_unseen_category_goes_to_other_and_is_counted() {
    let before = dataset(customers(300, 1.0, &["basic", "pro"]).as_bytes());
    let (_, model) = model_of(&before, &options(3.0, &[]));
    let after = dataset(customers(300, 1.0, &["basic", "pro", "enterprise"]).as_bytes());
    let (labels, report) = after.apply(&model).unwrap();
    let unseen = report.unseen.iter().find(|u| u.column == "plan").unwrap();
    // Blocks of three rows take the plans in turn: 33 blocks of 3 are "enterprise".
    assert_eq!(unseen.cells, 99);
    assert!(labels.iter().all(|&l| l >= 0));
    assert!(report
        .drift
        .columns
        .iter()
        .any(|c| c.column == "plan" && c.drifted));
}

#[test]
fn a_missing_column_is_an_error_naming_it() {
    let before = dataset(customers(300, 1.0, &["basic", "pro"]).as_bytes());
    let (_, model) = model_of(&before, &options(3.0, &[]));
    let after = dataset(b"spend,visits\n1,2\n3,4\n");
    let e = after.apply(&model).unwrap_err().to_string();
    assert!(e.contains("no column \"plan\""), "{e}");
    assert!(e.contains("spend, visits"), "{e}");
}

#[test]
fn a_model_holds_no_row_and_no_personal_data() {
    let bytes = fixture("exports/hubspot-contacts.csv");
    let data = dataset(&bytes);
    // On the columns as detected, names, e-mails, phones and owners are personal or owner columns:
    // they form no segment, and the model is written.
    let settings = options(3.0, &[]).check(0).unwrap();
    let r = data
        .analyze(&settings, &mut tribes_core::no_progress)
        .unwrap();
    for c in &r.columns {
        if [
            "First Name",
            "Last Name",
            "Email",
            "Phone Number",
            "Contact owner",
        ]
        .contains(&c.name.as_str())
        {
            assert_ne!(c.role.as_str(), "feature", "{}", c.name);
        }
    }
    assert!(r.model.to_json().is_ok());
    let personal = [
        "Record ID",
        "First Name",
        "Last Name",
        "Email",
        "Phone Number",
        "Postal Code",
        "Primary Associated Company ID",
    ];
    let settings = options(3.0, &personal).check(0).unwrap();
    let r = data
        .analyze(&settings, &mut tribes_core::no_progress)
        .unwrap();
    let text = r.model.to_json().unwrap();
    // Every value the file holds: its texts and its numbers.
    let mut strings = Vec::new();
    let mut numbers = Vec::new();
    fn leaves(v: &serde_json::Value, s: &mut Vec<String>, n: &mut Vec<f64>) {
        match v {
            serde_json::Value::String(t) => s.push(t.clone()),
            serde_json::Value::Number(x) => n.push(x.as_f64().unwrap()),
            serde_json::Value::Array(a) => a.iter().for_each(|v| leaves(v, s, n)),
            serde_json::Value::Object(o) => o.values().for_each(|v| leaves(v, s, n)),
            _ => {}
        }
    }
    leaves(
        &serde_json::from_str(&text).unwrap(),
        &mut strings,
        &mut numbers,
    );
    let t = &data.table;
    for column in personal {
        let c = t.headers.iter().position(|h| h == column).unwrap();
        for cell in t.column(c).iter().map(str::trim).filter(|c| !c.is_empty()) {
            assert!(
                !strings.iter().any(|s| s == cell),
                "the model holds {column} {cell:?}"
            );
            let digits: String = cell.chars().filter(char::is_ascii_digit).collect();
            if digits.len() >= 5 {
                let v: f64 = digits.parse().unwrap();
                assert!(!numbers.contains(&v), "the model holds {column} {cell:?}");
            }
        }
    }
    // No row: no record's full set of cells appears, and the file's rows are not listed.
    assert!(text.len() < bytes.len());
}

#[test]
fn models_of_this_major_version_are_read_and_others_refused_clearly() {
    let data = dataset(customers(120, 1.0, &["basic", "pro"]).as_bytes());
    let (_, model) = model_of(&data, &options(3.0, &[]));
    let text = model.to_json().unwrap();
    let written = format!("\"version\": \"{}\"", Model::version_text());
    let with_version = |v: &str| text.replacen(&written, &format!("\"version\": \"{v}\""), 1);
    assert!(text.contains(&written), "{written}");
    // An older minor version of this major version is read (1.0 is the first; a file written
    // without the fields a later minor version adds reads with their defaults).
    assert!(Model::from_json(&with_version("1.0")).is_ok());
    let refused = |t: &str, needles: &[&str]| {
        let e = Model::from_json(t).unwrap_err().to_string();
        assert!(e.starts_with("model: "), "{e}");
        for n in needles {
            assert!(e.contains(n), "{e} lacks {n}");
        }
    };
    refused(&with_version("2.0"), &["2.0", "newer Tribes"]);
    refused(&with_version("1.7"), &["1.7", "newer Tribes"]);
    refused(&with_version("0.9"), &["0.9", "older Tribes"]);
    refused(&with_version("one"), &["not a version"]);
    refused(&text[..text.len() / 2], &["cut short"]);
    refused("", &["empty"]);
    refused("name,spend\nAnn,3\n", &["not JSON"]);
    refused(
        "{\"format\": \"other\", \"version\": \"1.0\"}",
        &["not a Tribes model"],
    );
    refused("[1, 2]", &["not a Tribes model"]);
    // Edited by hand into nonsense: each refused with where.
    let mut bad = model.clone();
    bad.centres[1].pop();
    refused(
        &serde_json::to_string(&bad).unwrap(),
        &["centres", "segment 1"],
    );
    let mut bad = model.clone();
    bad.segments.swap(0, 1);
    refused(&serde_json::to_string(&bad).unwrap(), &["segments", "id"]);
    let edited = text.replacen("\"spread\": ", "\"spread\": -", 1);
    refused(&edited, &["spread", "above 0"]);
    let unknown = text.replacen("\"seed\":", "\"colour\": 1, \"seed\":", 1);
    refused(&unknown, &["colour"]);
}

/// Customers with tags: VIP goes with the big spenders, `extra` with a tenth of the small ones,
/// newsletter with every other row.
fn tagged(rows: usize, extra: &str) -> String {
    let mut s = String::from("spend,visits,Tags\n");
    for i in 0..rows {
        let big = i % 3 == 0;
        let spend = if big { 900 + i % 50 } else { 20 + i % 40 };
        let visits = if big { 30 + i % 7 } else { 2 + i % 5 };
        let mut tags: Vec<&str> = Vec::new();
        if big {
            tags.push(if i % 4 == 0 { "vip" } else { "VIP" });
        }
        if i % 2 == 0 {
            tags.push("newsletter");
        }
        if i % 10 == 1 && !big {
            tags.push(extra);
        }
        s.push_str(&format!("{spend},{visits},\"{}\"\n", tags.join(", ")));
    }
    s
}

#[test]
fn a_list_column_is_encoded_the_same_way_by_its_model_and_unseen_items_are_counted() {
    let data = dataset(tagged(300, "wholesale").as_bytes());
    let (labels, model) = model_of(&data, &options(3.0, &[]));
    let tags = model
        .features
        .columns
        .iter()
        .find(|t| t.column == "Tags")
        .expect("Tags is a feature");
    let json = serde_json::to_value(&tags.encoding).unwrap();
    assert_eq!(json["items"]["separator"], ",");
    // VIP is in its most frequent spelling; newsletter is linked to nothing and left out.
    assert_eq!(
        json["items"]["items"],
        serde_json::json!(["VIP", "wholesale"])
    );
    assert!(model.dimensions.contains(&"Tags contains VIP".to_owned()));
    // Its own file: the same labels, no drift, and no item unseen.
    let (applied, report) = data.apply(&model).unwrap();
    assert_eq!(applied, labels);
    assert!(report.drift.columns.iter().all(|d| d.psi.abs() < 1e-9));
    let unseen = |r: &tribes_core::Applied| {
        r.unseen
            .iter()
            .find(|u| u.column == "Tags")
            .map(|u| u.cells)
    };
    assert_eq!(unseen(&report), Some(0));
    // Next month's file calls its wholesale customers "trade": 20 cells with an item the model
    // never saw, ignored; every other row is encoded as before and keeps its segment.
    let next = dataset(tagged(300, "trade").as_bytes());
    let (again, report) = next.apply(&model).unwrap();
    assert_eq!(unseen(&report), Some(20));
    for (i, (a, b)) in again.iter().zip(&labels).enumerate() {
        let traded = i % 10 == 1 && i % 3 != 0;
        assert!(traded || a == b, "row {i}: segment {a}, was {b}");
    }
}

/// A model made from orders applied as a customers model (the page's `Session.apply`) used to
/// fail naming `recency_days` as a missing column; it says what the model is and how to apply it.
#[test]
fn a_model_made_from_orders_applied_to_a_plain_file_says_how_to_apply_it() {
    let orders = fixture("exports/shopify-orders.csv");
    let options = Options {
        seed: Some(1.0),
        ..Options::default()
    };
    let found = tribes_core::rfm(&orders, &options, 0, &mut tribes_core::no_progress).unwrap();
    let model = found.segments.clone().expect("k-means segments").model;
    assert!(
        model.rfm.is_some(),
        "the model keeps how customers were made"
    );
    let e = dataset(&orders).apply(&model).unwrap_err().to_string();
    assert!(
        e.contains("made from an orders file (customers by Email)") && e.contains("tribes apply"),
        "{e}"
    );
    // Its own customers' table is what it segments, and applies.
    let customers = dataset(&found.csv());
    let (labels, _) = customers.apply(&model).unwrap();
    assert_eq!(labels.len(), found.rfm.customers.len());
}
