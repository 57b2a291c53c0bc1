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
