//! Properties of the whole pipeline, on small tables shaped like customer files and orders
//! exports (numbers, categories, dates with zone offsets, flags, free text, ids, e-mails, blanks)
//! under any valid options: `analyze`, `rfm` and `apply` never panic, finish in time, account for
//! every row, give labels in range and no empty segment, and give the same answer whether the
//! file is read whole or in chunks. An `Err` is a fine answer; anything else is a broken promise.
//!
//! Where the fuzz targets search bytes for crashes, these cover the valid files a user has, with
//! options drawn too. `PROPTEST_CASES` sets the cases per property (64 by default, so that the
//! whole test run stays within CI's budget; run with more by hand).

use std::time::{Duration, Instant};

use proptest::prelude::*;
use tribes_core::{Applying, Dataset, KChoice, Options, Reader, Settings, Table};
use tribes_fuzz::check_result;

/// One case of any property must end within this (a few hundred rows at most: a second is
/// already slow).
const BUDGET: Duration = Duration::from_secs(10);

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(64);
    ProptestConfig {
        cases,
        // A failing case is shrunk for at most this long, so a failure is reported in time.
        max_shrink_time: 30_000,
        ..ProptestConfig::default()
    }
}

/// What a column of a customer file holds.
#[derive(Debug, Clone, Copy)]
enum Column {
    /// Spend: wide, skewed, with a rare huge value.
    Money,
    /// Orders: small counts.
    Count,
    /// A category of a few values.
    Category,
    /// A date with a zone offset, as Shopify writes them.
    Date,
    Flag,
    /// A few words of free text.
    Text,
    /// A unique id.
    Id,
    Email,
    /// Tags: a comma-separated list (quoted in the file).
    Tags,
}

fn column() -> impl Strategy<Value = Column> {
    prop_oneof![
        Just(Column::Money),
        Just(Column::Count),
        Just(Column::Category),
        Just(Column::Date),
        Just(Column::Flag),
        Just(Column::Text),
        Just(Column::Id),
        Just(Column::Email),
        Just(Column::Tags),
    ]
}

const WORDS: [&str; 8] = [
    "fast", "delivery", "love", "the", "colour", "late", "refund", "great",
];
const PLACES: [&str; 5] = ["Boston", "Austin", "Leeds", "Lyon", "Osaka"];

/// Cell `row` of a column of `kind`, from a random number; one in `blank` cells is empty.
fn cell(kind: Column, row: usize, r: u32, blank: u32) -> String {
    if blank > 0 && r % blank == 0 {
        return String::new();
    }
    let x = r / 7;
    match kind {
        Column::Money if x % 97 == 0 => format!("{}", 1e6 + f64::from(x % 1000)),
        Column::Money => format!("{:.2}", f64::from(x % 5000) / 7.0),
        Column::Count => format!("{}", x % 9),
        Column::Category => PLACES[x as usize % PLACES.len()].to_owned(),
        Column::Date => format!(
            "2024-{:02}-{:02} {:02}:{:02}:00 -0{}00",
            x % 12 + 1,
            x % 28 + 1,
            x % 24,
            x % 60,
            x % 6
        ),
        Column::Flag => ["yes", "no"][x as usize % 2].to_owned(),
        Column::Text => (0..x % 5 + 1)
            .map(|i| WORDS[(x as usize + i as usize * 3) % WORDS.len()])
            .collect::<Vec<_>>()
            .join(" "),
        Column::Id => format!("C{:05}", row + 1),
        Column::Email => format!("person{}@example.net", row + 1),
        Column::Tags => (0..x % 3 + 1)
            .map(|i| ["vip", "wholesale", "newsletter", "returning"][(x + i) as usize % 4])
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// A customer file: a header, then rows, as CSV (`csv` quotes what needs it).
fn customers() -> impl Strategy<Value = Vec<u8>> {
    (
        prop::collection::vec(column(), 1..7),
        0usize..120,
        prop::sample::select(vec![0u32, 5, 2]),
    )
        .prop_flat_map(|(kinds, rows, blank)| {
            let cells =
                prop::collection::vec(prop::collection::vec(any::<u32>(), kinds.len()), rows);
            (Just(kinds), cells, Just(blank))
        })
        .prop_map(|(kinds, cells, blank)| {
            let mut w = csv::Writer::from_writer(Vec::new());
            let headers: Vec<String> = kinds
                .iter()
                .enumerate()
                .map(|(i, k)| format!("{k:?} {i}"))
                .collect();
            w.write_record(&headers).expect("header");
            for (row, values) in cells.iter().enumerate() {
                let record: Vec<String> = kinds
                    .iter()
                    .zip(values)
                    .map(|(&k, &r)| cell(k, row, r, blank))
                    .collect();
                w.write_record(&record).expect("row");
            }
            w.into_inner().expect("flush")
        })
}

/// An orders export: customer, date, amount and order id, with blanks, returns (negative
/// amounts), unreadable dates and customers who order many times.
fn orders() -> impl Strategy<Value = Vec<u8>> {
    (
        1usize..40,
        prop::collection::vec((any::<u16>(), any::<u16>(), any::<u32>()), 0..200),
    )
        .prop_map(|(customers, rows)| {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(["Order", "Email", "Created at", "Total"])
                .expect("header");
            for (i, (who, when, amount)) in rows.iter().enumerate() {
                let email = match who % 50 {
                    0 => String::new(),
                    _ => format!("c{}@example.net", usize::from(*who) % customers),
                };
                let day = usize::from(*when) % 700;
                let date = match when % 97 {
                    0 => "soon".to_owned(),
                    1 => String::new(),
                    _ => format!(
                        "{}-{:02}-{:02}T10:00:00+01:00",
                        2023 + day / 365,
                        day % 365 / 31 + 1,
                        day % 28 + 1
                    ),
                };
                let total = match amount % 41 {
                    0 => String::new(),
                    1 => format!("-{}.50", amount % 90),
                    _ => format!("{}.{:02}", amount % 400, amount % 100),
                };
                w.write_record([format!("#{}", 1000 + i), email, date, total])
                    .expect("row");
            }
            w.into_inner().expect("flush")
        })
}

/// Valid options of an analysis, small samples so that a case is quick.
fn options() -> impl Strategy<Value = Options> {
    (
        prop::option::of(2u8..7),
        any::<u16>(),
        prop::sample::select(vec!["auto", "none"]),
        prop::sample::select(vec!["standard", "robust", "none"]),
        prop::sample::select(vec!["auto", "behaviour", "location"]),
    )
        .prop_map(|(k, seed, log, scale, lens)| Options {
            k: k.map_or(KChoice::Auto, |k| KChoice::Fixed(f64::from(k))),
            seed: Some(f64::from(seed)),
            log: log.into(),
            scale: scale.into(),
            lens: lens.into(),
            sample_rows: 300.0,
            silhouette_rows: 150.0,
            n_init: 1.0,
            ..Options::default()
        })
}

fn settings(options: &Options) -> Settings {
    options.check(0).expect("the strategy's options are valid")
}

/// The file read in chunks of `step` bytes, as the page and the CLI stream it.
fn chunked(file: &[u8], settings: &Settings, step: usize) -> tribes_core::Result<Table> {
    let mut reader = Reader::new(settings.read.clone());
    for chunk in file.chunks(step) {
        reader.push(chunk)?;
    }
    reader.finish()
}

proptest! {
    #![proptest_config(config())]

    /// A customer file under any valid options: within the budget, either an error or segments
    /// that keep every promise, the same read whole and in chunks.
    #[test]
    fn analyze_accounts_for_every_row_whole_or_chunked(
        file in customers(),
        options in options(),
        step in 1usize..300,
    ) {
        let started = Instant::now();
        let whole = tribes_core::analyze(&file, &options, 0, &mut tribes_core::no_progress);
        prop_assert!(started.elapsed() < BUDGET, "took {:?}", started.elapsed());
        let settings = settings(&options);
        let streamed = chunked(&file, &settings, step)
            .and_then(|t| Dataset::new(t).analyze(&settings, &mut tribes_core::no_progress));
        match (&whole, &streamed) {
            (Ok(a), Ok(b)) => {
                check_result(a);
                prop_assert_eq!(&a.labels, &b.labels, "labels differ whole and chunked");
                prop_assert_eq!(a.k, b.k);
            }
            (Err(a), Err(b)) => {
                prop_assert_eq!(a.to_string(), b.to_string());
                prop_assert!(!a.to_string().is_empty());
            }
            (a, b) => prop_assert!(false, "whole {:?}, chunked {:?}",
                a.as_ref().map(|r| r.k).map_err(|e| e.to_string()),
                b.as_ref().map(|r| r.k).map_err(|e| e.to_string())),
        }
    }

    /// The model of an analysis applied to the file it came from gives every row the label the
    /// analysis gave it, whole and part by part.
    #[test]
    fn apply_gives_back_the_analysis_labels_whole_and_in_parts(
        file in customers(),
        options in options(),
        step in 1usize..300,
    ) {
        let Ok(result) = tribes_core::analyze(&file, &options, 0, &mut tribes_core::no_progress) else {
            return Ok(());
        };
        let settings = settings(&options);
        let table = tribes_core::read(&file, &settings.read).expect("it read for the analysis");
        let model = &result.model;
        let (labels, applied) = Dataset::new(table).apply(model).expect("a model applies to its own file");
        prop_assert_eq!(&labels, &result.labels);
        prop_assert_eq!(applied.segments.iter().map(|s| s.size).sum::<usize>() + applied.skipped, applied.rows + applied.skipped);
        // Part by part, as `tribes apply` streams a file, each part as the reader hands it out.
        let mut reader = Reader::new(settings.read.clone());
        let mut parts = Vec::new();
        for chunk in file.chunks(step) {
            reader.push(chunk).expect("it read whole");
            parts.extend(reader.take());
        }
        parts.push(reader.finish().expect("it read whole"));
        let mut last = tribes_core::LastDates::of(model);
        let fixed = last.as_mut().map(|l| {
            parts.iter().for_each(|p| l.scan(p));
            l.fix(model)
        });
        let mut applying = Applying::new(fixed.as_ref().unwrap_or(model));
        let mut streamed = Vec::new();
        for part in &parts {
            streamed.extend(applying.part(part).expect("each part applies"));
        }
        prop_assert_eq!(&streamed, &result.labels);
    }

    /// An orders export: every row an order used or a row skipped with its reason, every customer
    /// in one named segment, and the k-means segments of the customers keeping every promise.
    #[test]
    fn rfm_accounts_for_every_order_and_customer(
        file in orders(),
        options in options(),
    ) {
        let options = Options { lens: "auto".into(), ..options };
        let started = Instant::now();
        let found = tribes_core::rfm(&file, &options, 0, &mut tribes_core::no_progress);
        prop_assert!(started.elapsed() < BUDGET, "took {:?}", started.elapsed());
        let Ok(found) = found else { return Ok(()) };
        let input = &found.rfm.input;
        prop_assert_eq!(input.rows_used + input.skipped.len(), input.rows);
        prop_assert_eq!(input.customers, found.rfm.customers.len());
        prop_assert_eq!(found.rfm.segments.iter().map(|s| s.size).sum::<usize>(), input.customers);
        for c in &found.rfm.customers {
            prop_assert!((1..=5).contains(&c.r) && (1..=5).contains(&c.f) && (1..=5).contains(&c.m));
            // A customer whose only row is a return has no order (frequency 0), and is kept.
            prop_assert!(c.monetary_total.is_finite());
        }
        if let Some(segments) = &found.segments {
            check_result(segments);
            prop_assert_eq!(segments.labels.len(), input.customers);
        }
    }
}
