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

pub mod decimal;
pub mod decode;
pub mod dialect;
pub mod error;
pub mod export;
pub mod features;
pub mod ingest;
pub mod keywords;
pub mod kmeans;
pub mod minibatch;
pub mod options;
pub mod order;
pub mod pca;
pub mod profile;
pub mod result;
pub mod rfm;
pub mod rng;
pub mod schema;
pub mod select;
pub mod values;

pub use error::{Error, ParamError, Result};
pub use ingest::{ReadOptions, Reader, Table};
pub use options::{Checked, KChoice, Options};
pub use result::{AnalysisResult, Inspection};

use result::{
    ColumnInfo, InputSummary, KeywordSet, KeywordsResult, Loading, Metrics, Projection, Role,
};
use schema::{ColumnSchema, Kind};

/// A stage of `analyze`, for progress reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Read,
    ChooseK,
    Fit,
    Profile,
    /// `rfm::aggregate`: orders summed up per customer.
    Aggregate,
}

impl Stage {
    /// Every stage, in the order a run can pass through them (`aggregate` only for orders).
    pub const ALL: [Stage; 5] = [
        Stage::Read,
        Stage::Aggregate,
        Stage::ChooseK,
        Stage::Fit,
        Stage::Profile,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Read => "read",
            Stage::ChooseK => "choose-k",
            Stage::Fit => "fit",
            Stage::Profile => "profile",
            Stage::Aggregate => "aggregate",
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

/// The names the core owns and a user interface lists: every column kind, the kinds that can
/// form segments, and the stages progress reports name, each in its order.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Vocabulary {
    pub kinds: Vec<&'static str>,
    pub feature_kinds: Vec<&'static str>,
    pub stages: Vec<&'static str>,
}

/// The core's names for the UI, so that the page never keeps its own copy of them.
pub fn vocabulary() -> Vocabulary {
    Vocabulary {
        kinds: Kind::ALL.map(Kind::as_str).to_vec(),
        feature_kinds: Kind::ALL
            .into_iter()
            .filter(|&k| features::usable(k))
            .map(Kind::as_str)
            .collect(),
        stages: Stage::ALL.map(Stage::as_str).to_vec(),
    }
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
    for (name, &kind) in checked.kinds.iter() {
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
    // Every numeric column is parsed once: for the features and for the profiles.
    let parsed: Vec<(usize, features::Parsed)> = (0..schema.len())
        .filter(|&c| schema[c].kind == Kind::Numeric)
        .map(|c| (c, features::numeric_values(table, c)))
        .collect();
    let mut feats =
        features::build_with(table, &schema, &chosen, checked.scale, checked.log, &parsed)?;
    let n = table.rows();
    // Text columns: read once, for keywords and (with a text weight) as features.
    let mut corpora = Vec::new();
    for name in &checked.text_columns {
        let c = find_column(table, "textColumns", name)?;
        let corpus = keywords::Corpus::read(table.column(c).iter(), &keyword_settings(checked));
        if checked.text_weight > 0.0 {
            features::append_text(
                &mut feats,
                c,
                name,
                &corpus,
                checked.text_weight,
                u64::from(checked.seed),
            );
        }
        corpora.push((name, corpus));
    }

    let base = kmeans::Params {
        k: checked.k.unwrap_or(checked.k_min),
        init: checked.init,
        n_init: checked.n_init,
        tol: checked.tol,
        max_iter: checked.max_iter,
        seed: u64::from(checked.seed),
    };
    let sweep = select::Sweep {
        k_min: checked.k_min,
        k_max: checked.k_max,
        sample_rows: checked.sample_rows,
        silhouette_rows: checked.silhouette_rows,
    };
    let (k, k_selection) = match checked.k {
        Some(k) => (k, Vec::new()),
        None => select::choose_k(feats.x.view(), &base, &sweep, &mut |f| {
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
    let seed = u64::from(checked.seed);
    let silhouettes = select::sampled_silhouette(
        feats.x.view(),
        &fit.labels,
        k,
        checked.silhouette_rows,
        seed ^ 0x0051_1b0e,
    );
    let map = pca::Pca::fit(feats.x.view(), seed ^ 0x0000_00ca);
    let (mut px, mut py) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for row in feats.x.rows() {
        let [a, b] = map.project(row);
        px.push(a as f32);
        py.push(b as f32);
    }
    let centres: Vec<[f64; 2]> = fit
        .centroids
        .rows()
        .into_iter()
        .map(|c| map.project(c))
        .collect();
    let numeric: Vec<(usize, Vec<f64>)> = parsed.into_iter().map(|(c, p)| (c, p.values)).collect();
    let mut segments = profile::segments(&profile::Inputs {
        table,
        schema: &schema,
        numeric: &numeric,
        x: feats.x.view(),
        labels: &fit.labels,
        centroids: &fit.centroids,
        silhouettes: &silhouettes.per_segment,
        centres: &centres,
    });

    let mut text = Vec::new();
    if !checked.text_columns.is_empty() {
        let groups: Vec<Option<usize>> = fit.labels.iter().map(|&l| Some(l)).collect();
        let names: Vec<String> = segments.iter().map(|s| s.name.clone()).collect();
        for (name, corpus) in &corpora {
            text.push(corpus.summary(name, checked.top));
            for (segment, group) in
                segments
                    .iter_mut()
                    .zip(corpus.distinctive(&groups, &names, checked.top))
            {
                segment.keywords.push(KeywordSet {
                    column: (*name).clone(),
                    terms: group.terms,
                });
            }
        }
        // The first text column's most distinctive term completes the name: "SaaS · 'free trial'".
        for segment in &mut segments {
            let top = segment.keywords.first().and_then(|k| k.terms.first());
            if let Some(term) = top {
                segment.name = if segment.name.starts_with("Segment ") {
                    format!("'{}'", term.term)
                } else {
                    format!("{} · '{}'", segment.name, term.term)
                };
            }
        }
    }

    let mut labels = vec![-1i32; table.records];
    for (r, &l) in fit.labels.iter().enumerate() {
        labels[table.record_of_row[r]] = l as i32;
    }
    let columns = schema
        .iter()
        .enumerate()
        .map(|(c, s)| {
            let feature = feats.columns.iter().find(|f| f.column == c);
            ColumnInfo {
                name: s.name.clone(),
                kind: s.kind,
                missing: s.missing,
                invalid: s.invalid,
                role: if feature.is_some() {
                    Role::Feature
                } else if checked.exclude.contains(&s.name) {
                    Role::Excluded
                } else if features::usable(s.kind) {
                    Role::Profile
                } else {
                    Role::Ignored
                },
                evidence: s.evidence.clone(),
                feature: feature.map(|f| f.info.clone()),
            }
        })
        .collect();
    let axes = [
        loadings(&map.axes[0], &feats.names),
        loadings(&map.axes[1], &feats.names),
    ];
    Ok(AnalysisResult {
        input: summary(table),
        columns,
        k,
        seed: checked.seed,
        labels,
        segments,
        metrics: Metrics {
            inertia: fit.inertia,
            silhouette: silhouettes.overall,
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
        projection: Projection {
            explained: [map.explained[0], map.explained[1]],
            axes,
            x: px,
            y: py,
        },
        text,
        options: checked.clone(),
    })
}

fn find_column(table: &Table, option: &'static str, name: &str) -> Result<usize> {
    table.headers.iter().position(|h| h == name).ok_or_else(|| {
        Error::Param(ParamError::UnknownColumn {
            option,
            name: name.to_owned(),
            available: table.headers.join(", "),
        })
    })
}

fn keyword_settings(checked: &Checked) -> keywords::Settings {
    keywords::Settings {
        stop_words: checked.stop_words.clone(),
        stem: checked.stem,
        ..keywords::Settings::default()
    }
}

/// Groups of a `by` column: its values, the most frequent first; past the 29th, "(other)".
fn groups_by(table: &Table, c: usize) -> (Vec<Option<usize>>, Vec<String>) {
    let levels = features::levels(table.column(c));
    (levels.codes, levels.values)
}

/// The distinctive terms of the first of `textColumns`, per segment (the segmentation runs with
/// the other options) or per value of the `by` column.
pub fn keywords_table(
    table: &Table,
    detected: Vec<ColumnSchema>,
    checked: &Checked,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<KeywordsResult> {
    let name = checked.text_columns.first().ok_or_else(|| {
        ParamError::Malformed("keywords needs a text column (textColumns, --text-column)".into())
    })?;
    let c = find_column(table, "textColumns", name)?;
    let settings = keyword_settings(checked);
    let (groups, names, by, seed) = match &checked.by {
        Some(by) => {
            let b = find_column(table, "by", by)?;
            let (groups, names) = groups_by(table, b);
            (groups, names, by.clone(), None)
        }
        None => {
            let plain = Checked {
                text_columns: Vec::new(),
                ..checked.clone()
            };
            let r = analyze_with_schema(table, detected, &plain, progress)?;
            let groups = (0..table.rows())
                .map(|row| {
                    let l = r.labels[table.record_of_row[row]];
                    usize::try_from(l).ok()
                })
                .collect();
            let names = r.segments.iter().map(|s| s.name.clone()).collect();
            (groups, names, "segment".to_owned(), Some(r.seed))
        }
    };
    let corpus = keywords::Corpus::read(table.column(c).iter(), &settings);
    Ok(KeywordsResult {
        input: summary(table),
        by,
        seed,
        overall: corpus.summary(name, checked.top),
        groups: corpus.distinctive(&groups, &names, checked.top),
    })
}

/// `keywords_table` on a file in memory.
pub fn keywords(
    bytes: &[u8],
    options: &Options,
    drawn_seed: u32,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<KeywordsResult> {
    let checked = options.check(drawn_seed)?;
    let table = ingest::read(bytes, &checked.read)?;
    let schema = with_kinds(schema::infer(&table), &checked)?;
    keywords_table(&table, schema, &checked, progress)
}

/// The features weighing most on an axis (at most five, largest first; none below 0.1).
fn loadings(axis: &[f64], names: &[String]) -> Vec<Loading> {
    let mut all: Vec<Loading> = axis
        .iter()
        .zip(names)
        .filter(|(w, _)| w.abs() >= 0.1)
        .map(|(&weight, name)| Loading {
            feature: name.clone(),
            weight,
        })
        .collect();
    order::sort_by(&mut all, |a, b| b.weight.abs().total_cmp(&a.weight.abs()));
    all.truncate(5);
    all
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
            [Role::Ignored, Role::Feature, Role::Feature, Role::Feature]
        );
        assert_eq!(r.columns[2].missing, 1);
        assert_eq!(r.segments[0].size, 5);
        // Austin is 2.7x as common in segment 1, and both its numbers are high: which of them
        // names it depends on decimals (effects 1.23 and 1.24), so the test only checks the shape.
        assert!(
            r.segments[1].name.starts_with("Austin · high "),
            "{}",
            r.segments[1].name
        );
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
    fn text_joins_the_features_only_with_a_text_weight() {
        // Two kinds of customers told apart only by what they write; "score" is the same noise
        // for both. Without text the two segments split the noise; with a text weight of 1 they
        // follow the words.
        let mut csv = String::from("score,notes\n");
        for i in 0..120 {
            let words = if i % 2 == 0 {
                "loves the api and webhooks"
            } else {
                "asks about coupons and loyalty points"
            };
            csv.push_str(&format!(
                "{},{words} {}\n",
                (i * 37) % 100,
                ["today", "again"][i % 3 / 2]
            ));
        }
        let base = Options {
            k: KChoice::Fixed(2.0),
            seed: Some(3.0),
            text_columns: vec!["notes".into()],
            ..Options::default()
        };
        let agree = |r: &AnalysisResult| {
            let same = (0..120)
                .filter(|&i| (r.labels[i] == r.labels[0]) == (i % 2 == 0))
                .count();
            same.max(120 - same)
        };
        let plain = analyze(csv.as_bytes(), &base, 0, &mut no_progress).unwrap();
        assert!(agree(&plain) < 90, "without text: {}", agree(&plain));
        assert_eq!(plain.columns[1].role, Role::Ignored);
        let with_text = Options {
            text_weight: 1.0,
            ..base
        };
        let r = analyze(csv.as_bytes(), &with_text, 0, &mut no_progress).unwrap();
        assert_eq!(agree(&r), 120);
        assert_eq!(r.columns[1].role, Role::Feature);
        assert_eq!(
            r.columns[1].feature.as_ref().unwrap().dims,
            features::TEXT_DIMS
        );
        // And each segment's words are its own (the top term is one of its words or a phrase of
        // them, such as "api and webhooks").
        for s in &r.segments {
            let top = &s.keywords[0].terms[0].term;
            assert!(
                ["api", "webhooks", "coupons", "loyalty"]
                    .iter()
                    .any(|w| top.contains(w)),
                "{top}"
            );
        }
    }

    #[test]
    fn cancel_stops_analyze() {
        let e = analyze(CSV, &Options::default(), 1, &mut |_| false).unwrap_err();
        assert_eq!(e, Error::Cancelled);
    }

    #[test]
    fn vocabulary_lists_kinds_feature_kinds_and_stages_in_order() {
        let v = serde_json::to_value(vocabulary()).unwrap();
        assert_eq!(
            v,
            serde_json::json!({
                "kinds": ["numeric", "ordinal", "boolean", "date", "categorical", "text", "identifier"],
                "featureKinds": ["numeric", "ordinal", "boolean", "categorical"],
                "stages": ["read", "aggregate", "choose-k", "fit", "profile"],
            })
        );
    }

    #[test]
    fn inspect_reports_kinds_and_rows() {
        let i = inspect(CSV, &Options::default(), true).unwrap();
        let kinds: Vec<&str> = i.columns.iter().map(|c| c.kind.as_str()).collect();
        assert_eq!(kinds, ["identifier", "categorical", "numeric", "numeric"]);
        assert_eq!(i.rows.unwrap()[0], ["1", "Boston", "100", "30"]);
    }
}
