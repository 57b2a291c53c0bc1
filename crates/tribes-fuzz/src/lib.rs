//! The fuzz targets' bodies. Each takes any bytes, runs one entry point of the core on them, and
//! panics only when the core breaks a promise: a panic of its own, a row not accounted for, a
//! label out of range, an empty segment, or chunked reading that disagrees with whole reading.
//! An `Err` is a fine answer to bad input; the fuzzer looks for everything else.
//!
//! `fuzz/fuzz_targets/*.rs` hand libFuzzer's bytes to these functions (nightly, `cargo xtask
//! fuzz`); `tests/replay.rs` runs them on the committed seeds and findings (stable, every test
//! run), so a crash found once stays fixed.

#![deny(unsafe_code)]

use tribes_core::{AnalysisResult, KChoice, Options, ReadSettings};

/// A target's body: any bytes in; a panic means a promise broken.
pub type Target = fn(&[u8]);

/// The targets by name, for the replay test (`fuzz/fuzz_targets/` has one file per name).
pub const TARGETS: [(&str, Target); 6] = [
    ("read", read),
    ("inspect", inspect),
    ("analyze", analyze),
    ("rfm", rfm),
    ("keywords", keywords),
    ("options", options),
];

/// Inputs larger than this are cut: the fuzzer's own default is 4 KiB, and a replayed input must
/// run in well under a second.
const MAX_INPUT: usize = 64 * 1024;

fn capped(data: &[u8]) -> &[u8] {
    &data[..data.len().min(MAX_INPUT)]
}

/// The options a run uses, taken from the input's first byte (so the fuzzer explores them too),
/// and the file, the bytes after it.
fn split(data: &[u8]) -> (Options, &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return (Options::default(), data);
    };
    let mut options = Options {
        seed: Some(f64::from(first)),
        // Small samples keep one run fast; the paths they take are the same.
        sample_rows: 500.0,
        silhouette_rows: 200.0,
        n_init: 1.0,
        ..Options::default()
    };
    if first & 0b11 != 0 {
        options.k = KChoice::Fixed(f64::from(first & 0b11) + 1.0);
    }
    if first & 0b100 != 0 {
        options.log = "none".into();
    }
    if first & 0b1000 != 0 {
        options.scale = "minmax".into();
    }
    (options, capped(rest))
}

/// Reading: whole and in chunks give the same table, and every record is a row or a skipped
/// record.
pub fn read(data: &[u8]) {
    let data = capped(data);
    let settings = ReadSettings::default();
    let whole = tribes_core::read(data, &settings);
    // Chunk boundaries from the data itself, so that the fuzzer varies them.
    let step = data.first().map_or(1, |&b| usize::from(b % 7) + 1);
    let mut reader = tribes_core::Reader::new(settings);
    let mut chunked = Ok(());
    for chunk in data.chunks(step) {
        chunked = reader.push(chunk);
        if chunked.is_err() {
            break;
        }
    }
    let chunked = chunked.and_then(|()| reader.finish());
    match (&whole, &chunked) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a.headers, b.headers, "headers differ whole and chunked");
            assert_eq!(a.rows(), b.rows(), "rows differ whole and chunked");
            for r in 0..a.rows() {
                assert!(a.row(r).eq(b.row(r)), "row {r} differs whole and chunked");
            }
            assert_eq!(
                a.rows() + a.skipped.len(),
                a.records,
                "a record neither read nor skipped"
            );
        }
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "errors differ"),
        (a, b) => panic!(
            "whole and chunked reading disagree: {:?} against {:?}",
            a.as_ref().map(|t| t.rows()),
            b.as_ref().map(|t| t.rows())
        ),
    }
}

/// Inspecting: never panics, and its summary accounts for every record.
pub fn inspect(data: &[u8]) {
    let options = Options {
        rows: true,
        ..Options::default()
    };
    if let Ok(found) = tribes_core::inspect(capped(data), &options) {
        let input = &found.input;
        assert_eq!(input.rows + input.skipped.len(), input.records);
        assert_eq!(found.rows.map_or(0, |r| r.len()), input.rows);
    }
}

/// The promises of an analysis: a label per record, each in range or -1 for a skipped record,
/// segments that are not empty and whose sizes add up to the labelled rows.
pub fn check_result(result: &AnalysisResult) {
    let input = &result.input;
    assert_eq!(result.labels.len(), input.records, "a label per record");
    let skipped = result.labels.iter().filter(|&&l| l == -1).count();
    assert_eq!(
        skipped,
        input.skipped.len(),
        "-1 exactly for the skipped records"
    );
    assert!(
        result
            .labels
            .iter()
            .all(|&l| l == -1 || (l >= 0 && (l as usize) < result.k)),
        "labels in 0..k"
    );
    assert_eq!(result.segments.len(), result.k, "one segment per cluster");
    let mut sizes = vec![0usize; result.k];
    for &l in result.labels.iter().filter(|&&l| l >= 0) {
        sizes[l as usize] += 1;
    }
    for segment in &result.segments {
        assert_eq!(
            segment.size, sizes[segment.id],
            "segment {} size",
            segment.id
        );
        assert!(segment.size > 0, "segment {} is empty", segment.id);
        assert!(segment.share.is_finite(), "segment {} share", segment.id);
    }
}

/// A whole analysis.
pub fn analyze(data: &[u8]) {
    let (options, file) = split(data);
    if let Ok(result) = tribes_core::analyze(file, &options, 0, &mut tribes_core::no_progress) {
        check_result(&result);
    }
}

/// An orders file to customers and their segments.
pub fn rfm(data: &[u8]) {
    let (options, file) = split(data);
    if let Ok(found) = tribes_core::rfm(file, &options, 0, &mut tribes_core::no_progress) {
        if let Some(segments) = &found.segments {
            check_result(segments);
        }
        // The customers' CSV is written for every result.
        let _ = found.csv();
    }
}

/// The distinctive words of a text column.
pub fn keywords(data: &[u8]) {
    let (options, file) = split(data);
    let _ = tribes_core::keywords(file, &options, 0, &mut tribes_core::no_progress);
}

/// Options as the page sends them (JSON), checked: a bad value is an error, never a panic.
pub fn options(data: &[u8]) {
    if let Ok(options) = serde_json::from_slice::<Options>(capped(data)) {
        let _ = options.check(0);
    }
}
