//! Tribes' analysis, in pure Rust: read a customer CSV, find its segments with k-means, and
//! describe each one. No wasm or JS dependency: the CLI, the wasm layer and the benchmarks all
//! call the same functions.
//!
//! ```text
//! bytes ─ ingest ─▶ Table ─ schema ─▶ kinds ─ features ─▶ Array2 ─ select/kmeans ─▶ labels
//!                                            Table + labels ─ profile ─▶ segments
//! ```
//!
//! Nothing here panics on any input: every failure is an `Error` that says what and where.

#![deny(unsafe_code)]

pub mod decode;
pub mod dialect;
pub mod error;
pub mod features;
pub mod ingest;
pub mod kmeans;
pub mod minibatch;
pub mod options;
pub mod profile;
pub mod result;
pub mod rng;
pub mod schema;
pub mod select;
pub mod values;

pub use error::{Error, ParamError, Result};
pub use ingest::{ReadOptions, Reader, Table};
pub use options::{Checked, KChoice, Options};
pub use result::{AnalysisResult, Inspection};

use result::{ColumnInfo, InputSummary, Metrics, Role};
use schema::{ColumnSchema, Kind};

/// A stage of `analyze`, for progress reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Read,
    ChooseK,
    Fit,
    Profile,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Read => "read",
            Stage::ChooseK => "choose-k",
            Stage::Fit => "fit",
            Stage::Profile => "profile",
        }
    }
}

/// Progress: the stage, and how far through it (0 to 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    pub stage: Stage,
    pub fraction: f64,
}

/// A progress sink that never stops the work.
pub fn no_progress(_: Progress) -> bool {
    true
}

/// The options' defaults, for the UI.
pub fn default_options() -> Options {
    Options::default()
}

fn char_name(c: u8) -> String {
    (c as char).to_string()
}

/// What was read, for results and for `inspect`.
pub fn summary(table: &Table) -> InputSummary {
    let d = &table.dialect;
    InputSummary {
        records: table.records,
        rows: table.rows(),
        columns: table.headers.len(),
        bytes: table.bytes,
        delimiter: char_name(d.delimiter),
        quote: char_name(d.quote),
        header: d.header,
        decimal: d.number.decimal.to_string(),
        encoding: table.encoding.clone(),
        line_ending: d.line_ending,
        skipped: table.skipped.clone(),
        padded: table.padded,
        warnings: table.warnings.clone(),
    }
}

/// What was read and understood, without analysing it.
pub fn inspect_table(table: &Table, with_rows: bool) -> Inspection {
    let rows = with_rows.then(|| {
        (0..table.rows())
            .map(|r| table.row(r).map(str::to_owned).collect())
            .collect()
    });
    Inspection {
        input: summary(table),
        columns: schema::infer(table),
        rows,
    }
}

/// Reads the file and reports what was understood (only the reading options matter).
pub fn inspect(bytes: &[u8], options: &Options, with_rows: bool) -> Result<Inspection> {
    let read = options.read_options()?;
    let table = ingest::read(bytes, &read)?;
    Ok(inspect_table(&table, with_rows))
}

/// The whole pipeline on a file in memory. `drawn_seed` is used when `options` has no seed (the
/// caller draws it; the result reports the seed used). `progress` is called often; returning
/// `false` cancels.
pub fn analyze(
    bytes: &[u8],
    options: &Options,
    drawn_seed: u32,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<AnalysisResult> {
    let checked = options.check(drawn_seed)?;
    if !progress(Progress {
        stage: Stage::Read,
        fraction: 0.0,
    }) {
        return Err(Error::Cancelled);
    }
    let table = ingest::read(bytes, &checked.read)?;
    analyze_table(&table, &checked, progress)
}

/// Applies the user's kinds to the detected schema.
fn with_kinds(mut schema: Vec<ColumnSchema>, checked: &Checked) -> Result<Vec<ColumnSchema>> {
    for (name, &kind) in &checked.kinds {
        let column = schema.iter_mut().find(|c| &c.name == name).ok_or_else(|| {
            ParamError::UnknownColumn {
                option: "kinds",
                name: name.clone(),
                available: String::new(),
            }
        })?;
        if column.kind != kind {
            column.evidence = format!(
                "set by you (detected as {}: {})",
                column.kind.as_str(),
                column.evidence
            );
            column.kind = kind;
            column.overridden = true;
        }
    }
    Ok(schema)
}

/// The pipeline on a table already read (the worker reads the file in chunks first).
pub fn analyze_table(
    table: &Table,
    checked: &Checked,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<AnalysisResult> {
    analyze_with_schema(table, schema::infer(table), checked, progress)
}

/// The pipeline on a table whose schema was already inferred (`inspect_table` gave it): a
/// session that runs several analyses on one file types its cells once.
pub fn analyze_with_schema(
    table: &Table,
    detected: Vec<ColumnSchema>,
    checked: &Checked,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<AnalysisResult> {
    let schema = with_kinds(detected, checked).map_err(|e| match e {
        Error::Param(ParamError::UnknownColumn { option, name, .. }) => {
            Error::Param(ParamError::UnknownColumn {
                option,
                name,
                available: table.headers.join(", "),
            })
        }
        other => other,
    })?;
    let chosen = features::select_columns(&schema, checked)?;
    let feats = features::build(table, &chosen, checked.scale)?;
    let n = table.rows();

    let base = kmeans::Params {
        k: checked.k.unwrap_or(options::AUTO_K_MIN),
        init: checked.init,
        n_init: checked.n_init,
        tol: checked.tol,
        max_iter: checked.max_iter,
        seed: u64::from(checked.seed),
    };
    let (k, k_selection) = match checked.k {
        Some(k) => (k, Vec::new()),
        None => select::choose_k(feats.x.view(), &base, &mut |f| {
            progress(Progress {
                stage: Stage::ChooseK,
                fraction: f,
            })
        })?,
    };
    if n < k {
        return Err(Error::TooFewRows { rows: n, k });
    }
    let params = kmeans::Params { k, ..base };
    let fit = kmeans::fit(feats.x.view(), &params, &mut |s| {
        let f = (s.run as f64 + s.iteration as f64 / s.max_iter as f64) / s.runs as f64;
        progress(Progress {
            stage: Stage::Fit,
            fraction: f,
        })
    })?;
    if !progress(Progress {
        stage: Stage::Profile,
        fraction: 0.0,
    }) {
        return Err(Error::Cancelled);
    }
    let mut r = rng::seeded(u64::from(checked.seed) ^ 0x0051_1b0e);
    let scored = rng::sample_indices(&mut r, n, options::SILHOUETTE_SAMPLE_ROWS);
    let silhouette = select::silhouette(feats.x.view(), &fit.labels, k, &scored);
    let segments = profile::segments(table, &schema, &feats, &fit.labels, k);

    let mut labels = vec![-1i32; table.records];
    for (r, &l) in fit.labels.iter().enumerate() {
        labels[table.record_of_row[r]] = l as i32;
    }
    let columns = schema
        .iter()
        .enumerate()
        .map(|(c, s)| ColumnInfo {
            name: s.name.clone(),
            kind: s.kind,
            missing: s.missing,
            invalid: s.invalid,
            role: if chosen.contains(&c) {
                Role::Feature
            } else if checked.exclude.contains(&s.name) {
                Role::Excluded
            } else if matches!(s.kind, Kind::Categorical | Kind::Boolean | Kind::Ordinal) {
                Role::Profile
            } else {
                Role::Ignored
            },
            evidence: s.evidence.clone(),
        })
        .collect();
    Ok(AnalysisResult {
        input: summary(table),
        columns,
        k,
        seed: checked.seed,
        labels,
        segments,
        metrics: Metrics {
            inertia: fit.inertia,
            silhouette,
            calinski_harabasz: select::calinski_harabasz(
                feats.x.view(),
                &fit.labels,
                &fit.centroids,
            ),
            davies_bouldin: select::davies_bouldin(feats.x.view(), &fit.labels, &fit.centroids),
            iterations: fit.iterations,
            converged: fit.converged,
            distances_skipped: fit.skipped,
        },
        k_selection,
        options: checked.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // Five Boston rows with low spend and age, three Austin rows with high; row 9 is too long.
    // Boston's missing spend is imputed with the median of the seven present values, 110.
    const CSV: &[u8] = b"id,city,spend,age\n\
        1,Boston,100,30\n2,Boston,110,31\n3,Boston,NA,29\n4,Boston,104,30\n5,Boston,108,28\n\
        6,Austin,900,55\n7,Austin,950,56\n8,Austin,920,54\n9,Boston,1,2,3\n";

    #[test]
    fn analyze_end_to_end_with_a_skipped_row() {
        let o = Options {
            k: KChoice::Fixed(2.0),
            seed: Some(5.0),
            ..Options::default()
        };
        let r = analyze(CSV, &o, 0, &mut no_progress).unwrap();
        assert_eq!(r.input.records, 9);
        assert_eq!(r.input.rows, 8);
        assert_eq!(r.input.skipped[0].row, 9);
        assert_eq!(r.input.skipped[0].line, 10);
        // The larger segment is 0; the skipped record is -1.
        assert_eq!(r.labels, [0, 0, 0, 0, 0, 1, 1, 1, -1]);
        assert_eq!(r.seed, 5);
        let roles: Vec<Role> = r.columns.iter().map(|c| c.role).collect();
        assert_eq!(
            roles,
            [Role::Ignored, Role::Profile, Role::Feature, Role::Feature]
        );
        assert_eq!(r.columns[2].missing, 1);
        assert_eq!(r.segments[0].size, 5);
        assert_eq!(r.segments[1].name, "Austin · high spend");
    }

    #[test]
    fn a_drawn_seed_is_reported_and_repeats_the_run() {
        let a = analyze(CSV, &Options::default(), 1234, &mut no_progress).unwrap();
        assert_eq!(a.seed, 1234);
        let o = Options {
            seed: Some(1234.0),
            ..Options::default()
        };
        let b = analyze(CSV, &o, 99, &mut no_progress).unwrap();
        assert_eq!(a.labels, b.labels);
        assert_eq!(a.k_selection, b.k_selection);
    }

    #[test]
    fn cancel_stops_analyze() {
        let e = analyze(CSV, &Options::default(), 1, &mut |_| false).unwrap_err();
        assert_eq!(e, Error::Cancelled);
    }

    #[test]
    fn inspect_reports_kinds_and_rows() {
        let i = inspect(CSV, &Options::default(), true).unwrap();
        let kinds: Vec<&str> = i.columns.iter().map(|c| c.kind.as_str()).collect();
        assert_eq!(kinds, ["identifier", "categorical", "numeric", "numeric"]);
        assert_eq!(i.rows.unwrap()[0], ["1", "Boston", "100", "30"]);
    }
}
