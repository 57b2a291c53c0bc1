//! The fuzz targets' bodies. Each takes any bytes, runs one entry point of the core on them, and
//! panics only when the core breaks a promise: a panic of its own, a row not accounted for, a
//! label out of range, an empty segment, or chunked reading that disagrees with whole reading.
//! An `Err` is a fine answer to bad input; the fuzzer looks for everything else.
//!
//! `fuzz/fuzz_targets/*.rs` hand libFuzzer's bytes to these functions (nightly, `cargo xtask
//! fuzz`); `tests/replay.rs` runs them on the committed seeds and findings (stable, every test
//! run), so a crash found once stays fixed.

#![deny(unsafe_code)]

use std::sync::OnceLock;

use tribes_core::{
    AnalysisResult, Applying, Dataset, KChoice, LastDates, Model, Options, ReadSettings, Table,
};

/// A target's body: any bytes in; a panic means a promise broken.
pub type Target = fn(&[u8]);

/// The targets by name, for the replay test (`fuzz/fuzz_targets/` has one file per name).
pub const TARGETS: [(&str, Target); 10] = [
    ("read", read),
    ("inspect", inspect),
    ("analyze", analyze),
    ("rfm", rfm),
    ("keywords", keywords),
    ("options", options),
    ("workbook", workbook),
    ("zip", zip),
    ("model", model),
    ("apply", apply),
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
    // (`minmax` here made every such run a refused option: the scales are standard, robust, none.)
    if first & 0b1000 != 0 {
        options.scale = "robust".into();
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

/// A workbook (`.xlsx`, `.ods`, `.xls`: the seeds are real ones, so the fuzzer starts inside
/// calamine's parsers): read whole and as the page streams it, the same table, every record
/// accounted for; then inspected.
pub fn workbook(data: &[u8]) {
    undamaged(data);
    read(data);
    inspect(data);
}

/// A panic of the workbook or archive reader, caught and said as a damaged file, is still a
/// finding: in wasm it would have stopped the worker, so its cause must be checked before.
fn undamaged(data: &[u8]) {
    let read = tribes_core::read(capped(data), &ReadSettings::default());
    assert!(
        !matches!(read, Err(tribes_core::Error::Damaged)),
        "the workbook reader panicked (caught natively; it would abort in wasm)"
    );
}

/// A ZIP archive of CSV files (Mailchimp's audience export): the same promises as a workbook,
/// with the archive's limits (entries, declared and inflated sizes) in the way.
pub fn zip(data: &[u8]) {
    undamaged(data);
    read(data);
    inspect(data);
}

/// A model file as a user may hand one over: truncated, edited, from another version. One that
/// reads must write back as it read, and apply to a table of its own columns with labels in
/// range; one that does not is an error, never a panic.
pub fn model(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(capped(data)) else {
        return;
    };
    let Ok(model) = Model::from_json(text) else {
        return;
    };
    let written = model.to_json().expect("a model that reads writes");
    let again = Model::from_json(&written).expect("a model written reads back");
    assert_eq!(
        again.to_json().expect("written again"),
        written,
        "a model changes when written and read back"
    );
    // A table with the model's columns, every cell of a few shapes: a number, a date, a word,
    // a list, blank.
    let columns: Vec<String> = model
        .features
        .columns
        .iter()
        .map(|t| t.column.clone())
        .collect();
    let mut csv = String::new();
    let line = |cells: &mut dyn Iterator<Item = String>| cells.collect::<Vec<_>>().join(",");
    csv.push_str(&line(&mut columns.iter().map(|c| quoted(c))));
    csv.push('\n');
    for cell in ["12.5", "2024-03-01", "yes", "\"a, b\"", ""] {
        csv.push_str(&line(&mut columns.iter().map(|_| cell.to_owned())));
        csv.push('\n');
    }
    let Ok(table) = tribes_core::read(csv.as_bytes(), &ReadSettings::default()) else {
        return;
    };
    if let Ok((labels, applied)) = Dataset::new(table).apply(&model) {
        check_applied(&model, &labels, &applied);
    }
}

/// A CSV field, quoted as the reader reads it back.
fn quoted(cell: &str) -> String {
    format!("\"{}\"", cell.replace('"', "\"\""))
}

/// Applying a model: a label per record, each a segment of the model or -1 for a skipped
/// record, the segments' sizes those of the labels.
fn check_applied(model: &Model, labels: &[i32], applied: &tribes_core::Applied) {
    let k = model.segments.len();
    assert!(
        labels
            .iter()
            .all(|&l| l == -1 || (l >= 0 && (l as usize) < k)),
        "labels in 0..k"
    );
    assert_eq!(
        labels.iter().filter(|&&l| l >= 0).count(),
        applied.rows,
        "a label per row"
    );
    assert_eq!(
        labels.iter().filter(|&&l| l == -1).count(),
        applied.skipped,
        "-1 exactly for the skipped records"
    );
    for s in &applied.segments {
        let size = labels.iter().filter(|&&l| l == s.id as i32).count();
        assert_eq!(s.size, size, "segment {} size", s.id);
    }
    for d in &applied.drift.columns {
        assert!(!d.psi.is_nan(), "{}: drift is NaN", d.column);
    }
}

/// The models `apply` applies: made once from a table with every kind of column a model
/// encodes (numbers, a band, yes/no, a category, tags, a date counted in days).
fn models() -> &'static [Model] {
    static MODELS: OnceLock<Vec<Model>> = OnceLock::new();
    MODELS.get_or_init(|| {
        let mut csv = String::from(
            "Customer ID,Total Spent,Employees,Accepts Marketing,Plan,Tags,Last Order Date\n",
        );
        for i in 0..240usize {
            let g = i % 3;
            csv.push_str(&format!(
                "{i},{},{},{},{},\"{}\",2024-{:02}-{:02}\n",
                [40, 400, 4000][g] + i % 17,
                ["1-10", "11-50", "51-200"][g],
                ["yes", "no", "yes"][(i / 3) % 3],
                ["basic", "pro", "team"][(g + i / 7) % 3],
                ["vip, newsletter", "newsletter", "wholesale"][g],
                1 + (g * 4 + i % 3),
                1 + i % 28,
            ));
        }
        let table = tribes_core::read(csv.as_bytes(), &ReadSettings::default())
            .expect("the model's table reads");
        let data = Dataset::new(table);
        [2.0, 3.0]
            .iter()
            .map(|&k| {
                let options = Options {
                    k: KChoice::Fixed(k),
                    seed: Some(1.0),
                    exclude: vec!["Customer ID".into()],
                    ..Options::default()
                };
                let settings = options.check(0).expect("the options are valid");
                data.analyze(&settings, &mut tribes_core::no_progress)
                    .expect("the model's table segments")
                    .model
            })
            .collect()
    })
}

/// A saved model applied to any file: whole (as the page applies it) and part by part (as the
/// CLI streams it, counting days to the whole file's last date), the same labels, each in range,
/// every record accounted for. The first byte chooses the model and the parts' size.
pub fn apply(data: &[u8]) {
    let Some((&first, file)) = data.split_first() else {
        return;
    };
    let file = capped(file);
    let models = models();
    let model = &models[usize::from(first) % models.len()];
    let settings = ReadSettings::default();
    let whole = tribes_core::read(file, &settings).map(Dataset::new);
    let whole = whole.and_then(|d| d.apply(model));
    // The CLI's way: the parts, read once for their last dates, then applied.
    let step = usize::from(first / 2 % 61) + 1;
    let parts = |file: &[u8]| -> tribes_core::Result<Vec<Table>> {
        let mut reader = tribes_core::Reader::new(settings.clone());
        let mut parts = Vec::new();
        for chunk in file.chunks(step) {
            reader.push(chunk)?;
            parts.extend(reader.take());
        }
        parts.push(reader.finish()?);
        Ok(parts)
    };
    let streamed = parts(file).and_then(|parts| {
        let fixed;
        let model = match LastDates::of(model) {
            Some(mut last) => {
                parts.iter().for_each(|p| last.scan(p));
                fixed = last.fix(model);
                &fixed
            }
            None => model,
        };
        let mut applying = Applying::new(model);
        let mut labels = Vec::new();
        for part in &parts {
            labels.extend(applying.part(part)?);
        }
        Ok((labels, applying.finish()))
    });
    match (&whole, &streamed) {
        (Ok((a, report)), Ok((b, _))) => {
            assert_eq!(a, b, "labels differ whole and part by part");
            check_applied(model, a, report);
        }
        // A part that lacks a column the whole file lacks too, read so far: both refuse.
        (Err(_), Err(_)) => {}
        (a, b) => panic!(
            "whole and part by part disagree: {:?} against {:?}",
            a.as_ref().map(|r| r.0.len()).map_err(|e| e.to_string()),
            b.as_ref().map(|r| r.0.len()).map_err(|e| e.to_string())
        ),
    }
}
