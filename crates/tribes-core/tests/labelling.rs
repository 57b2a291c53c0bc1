//! A file labelled while it streams by (`Labelling`): the same CSV, byte for byte, as the model
//! applied to the whole file read at once, whatever the chunks, with the file read twice when
//! the model counts days to the file's last date.

// The saved model is made by the feature `full-report`.
#![cfg(feature = "full-report")]

use std::path::PathBuf;

use tribes_core::{
    counts_days, export_csv_part, read, Dataset, ExportSettings, Labelling, Model, Options,
    ReadSettings,
};

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The model of an automatic analysis of `bytes`.
fn model_of(bytes: &[u8]) -> Model {
    let data = Dataset::new(read(bytes, &ReadSettings::default()).unwrap());
    let settings = Options {
        seed: Some(3.0),
        ..Options::default()
    }
    .check(0)
    .unwrap();
    data.analyze(&settings, &mut tribes_core::no_progress)
        .unwrap()
        .model
}

/// What the page downloaded before for a file read whole: the model applied to the whole table.
fn whole(bytes: &[u8], model: &Model, export: &ExportSettings) -> Vec<u8> {
    let data = Dataset::new(read(bytes, &ReadSettings::default()).unwrap());
    let (labels, _) = data.apply(model).unwrap();
    let names: Vec<String> = model.segments.iter().map(|s| s.name.clone()).collect();
    export_csv_part(&data.table, &labels, 0, true, &names, export)
}

fn streamed(
    bytes: &[u8],
    model: &Model,
    export: &ExportSettings,
    chunk: usize,
) -> (Vec<u8>, usize) {
    let mut l = Labelling::new(model.clone(), &Options::default(), export.clone()).unwrap();
    if l.needs_dates() {
        for c in bytes.chunks(chunk) {
            l.scan(c).unwrap();
        }
        l.scanned().unwrap();
    }
    let mut out = Vec::new();
    for c in bytes.chunks(chunk) {
        out.extend(l.push(c).unwrap());
    }
    let (tail, applied) = l.finish().unwrap();
    out.extend(tail);
    (out, applied.rows)
}

/// Customers sorted by their last order date, oldest first, so that every part of the file has
/// its own, earlier, last date: three groups by recency and spend, dates as Shopify writes them.
fn date_sorted_customers(rows: usize) -> Vec<u8> {
    let mut lines: Vec<(i64, String)> = (0..rows)
        .map(|i| {
            let group = i % 3;
            let back = [5, 200, 520][group] + (i * 7919 % 60) as i64;
            let spend = [900, 300, 80][group] + (i * 104_729 % 200);
            (back, format!("{spend},{}", [12, 5, 1][group] + i % 3))
        })
        .collect();
    lines.sort_by_key(|(back, _)| -back);
    let mut csv = String::from("Customer ID,Last Order Date,Total Spent,Total Orders\n");
    for (i, (back, rest)) in lines.iter().enumerate() {
        let day = tribes_core::iso_date(20_088 - back);
        csv.push_str(&format!("{i},{day} 10:15:00 -0500,{rest}\n"));
    }
    csv.into_bytes()
}

#[test]
fn a_file_labelled_as_it_streams_is_the_file_labelled_whole() {
    let mut with_days = 0;
    for (name, bytes) in [
        ("customers-messy.csv", fixture("customers-messy.csv")),
        (
            "shopify-customers.csv",
            fixture("exports/shopify-customers.csv"),
        ),
        (
            "hubspot-contacts.csv",
            fixture("exports/hubspot-contacts.csv"),
        ),
        ("telco-churn.csv", fixture("exports/telco-churn.csv")),
        ("date-sorted customers", date_sorted_customers(3_000)),
    ] {
        let model = model_of(&bytes);
        with_days += usize::from(counts_days(&model));
        for export in [
            ExportSettings::default(),
            ExportSettings {
                bom: true,
                segment: Some(1),
                names: Some(
                    (0..model.segments.len())
                        .map(|i| format!("Tribe {i}"))
                        .collect(),
                ),
            },
        ] {
            let expected = whole(&bytes, &model, &export);
            for chunk in [7, 4096, bytes.len() + 1] {
                let (got, rows) = streamed(&bytes, &model, &export, chunk);
                assert!(rows > 0, "{name}");
                assert!(
                    got == expected,
                    "{name}, chunks of {chunk}: the streamed CSV differs from the whole file's ({} bytes against {})",
                    got.len(),
                    expected.len()
                );
            }
        }
    }
    assert!(
        with_days > 0,
        "one of the files' models counts days to the file's last date"
    );
}

#[test]
fn a_file_without_a_column_of_the_model_is_refused_at_its_header() {
    let model = model_of(&fixture("exports/telco-churn.csv"));
    let mut l = Labelling::new(model, &Options::default(), ExportSettings::default()).unwrap();
    let other = b"a,b\n1,2\n3,4\n";
    let err = if l.needs_dates() {
        l.scan(other).and_then(|_| l.scanned()).unwrap_err()
    } else {
        match l.push(other) {
            Err(e) => e,
            Ok(_) => l.finish().map(|_| ()).unwrap_err(),
        }
    };
    assert!(err.to_string().contains("tenure"), "{err}");
}
