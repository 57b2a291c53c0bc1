#![cfg(test)]
//! Regression tests of the core: each is named after what broke, and fails on the code before its
//! fix. (The CLI's are in `crates/tribes-cli/tests/regressions.rs`.)

use crate::describe::segment::NumericStat;
use crate::describe::traits::{about, numeric_trait};
use crate::read::values::parse_band;

#[test]
fn a_numeric_trait_never_contradicts_the_numbers_it_quotes() {
    // A skewed column: the segment's median is above the overall median while its mean is
    // well below the overall mean. The trait said "low: median 39.3 against 38.365".
    let stat = NumericStat {
        column: "avg_bill".into(),
        mean: 32.0,
        median: 39.3,
        q1: 20.0,
        q3: 41.0,
        overall_mean: 57.0,
        overall_median: 38.365,
        effect: -0.6,
        index: Some(56.0),
        above: 0.55,
        below: 0.45,
    };
    let t = numeric_trait(&stat).unwrap();
    assert_eq!(
        t.text,
        "low avg bill: average 32 against 57 overall (index 56)"
    );
    assert!(t.segment < t.overall);
    assert_eq!(
        [25913.8, 57.8914, 38.649, 3.0, 0.126, -2509.76].map(about),
        ["25914", "57.9", "38.6", "3", "0.13", "-2510"]
    );
}

#[test]
fn a_band_opening_with_a_multibyte_sign_is_not_cut_inside_it() {
    // The band parser cut "€1-€5" at a byte offset inside the euro sign, and panicked.
    for (cell, want) in [("€1-€5", Some(1.0)), ("€-", None)] {
        assert_eq!(parse_band(cell), want, "{cell:?}");
    }
}

#[test]
fn an_early_open_quote_is_named_instead_of_advising_a_k_that_fails_too() {
    // A quote opened on line 2 and never closed takes the rest of the file into one cell. The
    // error said "only 1 usable rows ... give k (--k 2)", and with --k 2 it failed again.
    let bytes = b"a,b\n\"1,2\n3,4\n5,6\n7,8\n";
    for k in [crate::KChoice::Auto, crate::KChoice::Fixed(2.0)] {
        let options = crate::Options {
            k,
            ..Default::default()
        };
        let e = crate::analyze(bytes, &options, 0, &mut crate::no_progress).unwrap_err();
        assert_eq!(
            e.to_string(),
            "line 2: a quote opened there is never closed, so the rest of the file was read into \
             one cell, leaving only 1 usable row: close the quote, or take it out of the file"
        );
    }
    // One good row and no quote: no advice to give k, which could not help either.
    let e = crate::analyze(
        b"a,b\n1,2\n",
        &Default::default(),
        0,
        &mut crate::no_progress,
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "only 1 usable row: choosing the number of segments needs at least 3"
    );
}

#[test]
fn a_quote_a_digit_or_a_letter_is_refused_as_the_delimiter() {
    // `--delimiter '"'` and `--delimiter 5` were accepted and the file then read wrong; "é" was
    // refused as "not a single character", which it is.
    for d in ["\"", "'", "5", "x", "é"] {
        let options = crate::Options {
            delimiter: Some(d.into()),
            ..Default::default()
        };
        let e = crate::analyze(
            b"a;b\n1;2\n3;4\n5;6\n",
            &options,
            0,
            &mut crate::no_progress,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "option delimiter (--delimiter): \"{d}\" cannot separate fields: give one ASCII \
                 character that is not a letter, a digit or a quote (or tab, comma, semicolon, \
                 pipe, space)"
            )
        );
    }
}

/// A Telco-shaped export whose segments were formed on `PhoneService` (Yes/No) could not be saved
/// as a model, nor every row of it labelled in the page: the name holds "phone", and the model
/// refused it as a personal column, which the analysis had rightly not found it to be.
#[cfg(feature = "full-report")]
#[test]
fn a_yes_no_column_named_for_a_phone_does_not_stop_the_model() {
    use crate::options::{KChoice, Options};
    use crate::pipeline::dataset::Dataset;
    let mut csv = String::from("PhoneService,MonthlyCharges,Mobile Number\n");
    for i in 0..120 {
        let (service, charge) = if i % 2 == 0 {
            ("Yes", 80 + i % 7)
        } else {
            ("No", 20 + i % 5)
        };
        csv.push_str(&format!("{service},{charge},+1 555 01{:02}\n", i % 100));
    }
    let data = Dataset::new(crate::read::read(csv.as_bytes(), &Default::default()).unwrap());
    let options = Options {
        k: KChoice::Fixed(2.0),
        seed: Some(1.0),
        ..Options::default()
    };
    let result = data
        .analyze(&options.check(0).unwrap(), &mut crate::no_progress)
        .unwrap();
    let features: Vec<&str> = result
        .model
        .features
        .columns
        .iter()
        .map(|t| t.column.as_str())
        .collect();
    assert!(features.contains(&"PhoneService"), "{features:?}");
    assert!(!features.contains(&"Mobile Number"), "{features:?}");
    let text = result.model.to_json().unwrap();
    assert!(text.contains("PhoneService"));
    // A column of phone numbers is still refused by its name.
    let mut model = result.model.clone();
    model.features.columns[0].column = "Phone".into();
    model.features.columns[0].encoding = crate::features::model::Encoding::Number {
        read: crate::features::model::NumberRead::Number,
        impute: 5_550_100.0,
        log: false,
        center: 5_550_100.0,
        spread: 1.0,
    };
    assert!(model.to_json().is_err());
}

/// The same file and seed gave another result from run to run: the chi-square of two columns'
/// link, and a correlation ratio, were summed in a HashMap's order, which changes with every
/// map, so their last bits, and the column a Shopify orders export's evidence named as linked
/// ("linked to \"Tax 1 Name\"", or "\"Risk Level\""), changed too.
#[cfg(feature = "full-report")]
#[test]
fn the_same_seed_gives_the_same_result_in_every_run() {
    use crate::options::Options;
    use crate::pipeline::dataset::Dataset;
    let bytes = include_bytes!("../../../tests/fixtures/exports/shopify-orders.csv");
    let settings = Options {
        seed: Some(3.0),
        ..Options::default()
    }
    .check(0)
    .unwrap();
    let run = || {
        let data = Dataset::new(crate::read::read(bytes, &Default::default()).unwrap());
        let result = data.analyze(&settings, &mut crate::no_progress).unwrap();
        serde_json::to_string(&result).unwrap()
    };
    let first = run();
    for _ in 0..3 {
        assert!(run() == first, "another run, another result");
    }
}
