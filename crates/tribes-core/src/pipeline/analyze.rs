//! The analysis, stage by stage: the user's kinds over the detected ones, the features (fit,
//! then encode), k (given, or chosen by the sweep), the k-means fit, the profiles, each segment's
//! keywords, and the result.

use ndarray::{Array2, ArrayView2};

use super::progress::{Progress, Stage};
use crate::cluster::choose::{choose_k, distinct_rows, Choice, Structure};
use crate::cluster::metrics::{
    calinski_harabasz, davies_bouldin, sampled_silhouette, Metrics, Silhouettes,
};
use crate::cluster::{self, Fit};
#[cfg(feature = "full-report")]
use crate::describe::map::map;
#[cfg(feature = "full-report")]
use crate::describe::quality::quality;
#[cfg(feature = "full-report")]
use crate::describe::stability;
use crate::describe::{self, Segment};
use crate::error::{Error, Result};
use crate::features::{self, Fitted, Parsed, Plan, Reuse, TextColumn};
use crate::model;
use crate::options::Settings;
use crate::read::summary::summary;
use crate::read::Table;
use crate::report::{AnalysisResult, ColumnInfo, Role};
use crate::schema::{self, ColumnSchema, Kind};
use crate::text::{Corpus, KeywordSet, TextSummary};
use crate::util::limits;

/// The analysis of `table`, whose kinds were detected as `detected`: the segments, then (with
/// the feature `full-report`) their stability and the verdict.
pub fn analyze(
    table: &Table,
    detected: &[ColumnSchema],
    settings: &Settings,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<AnalysisResult> {
    #[cfg_attr(not(feature = "full-report"), allow(unused_mut))]
    let mut segmented = segment(table, detected, settings, progress)?;
    #[cfg(feature = "full-report")]
    segmented.stability(settings, progress)?;
    Ok(segmented.result)
}

/// Says what went wrong when a quote never closed left too few rows to segment: the rows are
/// fewer because the rest of the file went into one cell, and giving k cannot help.
pub(crate) fn quote_explains(table: &Table, e: Error) -> Error {
    match (table.open_quote, &e) {
        (Some(line), Error::TooFewRows { .. } | Error::TooFewRowsForAuto { .. }) => {
            Error::QuoteNeverClosed {
                line,
                rows: table.rows(),
            }
        }
        _ => e,
    }
}

/// Refuses a table whose every row was skipped while reading: the columns are not what is wrong.
pub(crate) fn rows_left(table: &Table) -> Result<()> {
    match table.skipped.first() {
        Some(first) if table.rows() == 0 => Err(Error::EveryRowSkipped {
            skipped: table.skipped.len(),
            row: first.row,
            line: first.line,
            reason: first.reason.clone(),
        }),
        _ => Ok(()),
    }
}

/// A result whose segments are known, with what its stability stage needs: the features and the
/// fit's labels. A user interface can show `result` (without stability or verdict), then run
/// [`Segmented::stability`] with its own progress.
pub struct Segmented {
    pub result: AnalysisResult,
    #[cfg(feature = "full-report")]
    x: Array2<f64>,
    #[cfg(feature = "full-report")]
    labels: Vec<usize>,
}

#[cfg(feature = "full-report")]
impl Segmented {
    /// Each segment's stability (refitting k-means on bootstrap resamples of a sample: at most
    /// `STABILITY_ROWS` rows, `RESAMPLES` times) and the verdict on the whole, into `result`.
    pub fn stability(
        &mut self,
        settings: &Settings,
        progress: &mut dyn FnMut(Progress) -> bool,
    ) -> Result<()> {
        let k = self.result.k;
        let params = settings.kmeans.params(k, u64::from(settings.seed));
        let s = stability::stability(self.x.view(), &self.labels, &params, &mut |f| {
            progress(Progress {
                stage: Stage::Stability,
                fraction: f,
            })
        })?;
        for ((segment, mean), recovery) in
            self.result.segments.iter_mut().zip(s.mean).zip(s.recovery)
        {
            segment.stability = mean;
            segment.recovery = Some(recovery);
        }
        self.result.quality = quality(
            &self.result.segments,
            self.result.metrics.silhouette,
            s.rows,
            stability::RESAMPLES,
        );
        Ok(())
    }
}

/// The segments of `table` (every stage but the stability).
pub fn segment(
    table: &Table,
    detected: &[ColumnSchema],
    settings: &Settings,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<Segmented> {
    rows_left(table)?;
    let schema = schema::with_kinds(table, detected.to_vec(), &settings.kinds)?;
    let schema = schema::with_roles(schema, &settings.roles)?;
    let Prepared {
        fitted,
        plan,
        x,
        parsed,
        corpora,
    } = prepare(table, &schema, settings)?;
    let seed = u64::from(settings.seed);
    let Choice {
        k,
        scores: k_selection,
        structure,
    } = number_of_segments(x.view(), settings, progress).map_err(|e| quote_explains(table, e))?;
    let mut fit = cluster::fit(x.view(), &settings.kmeans.params(k, seed), &mut |s| {
        let f = (s.run as f64 + s.iteration as f64 / s.max_iter as f64) / s.runs as f64;
        progress(Progress {
            stage: Stage::Fit,
            fraction: f,
        })
    })?;
    // The fit leaves no segment empty (`cluster::fit` drops one it could not fill).
    let k = fit.centroids.nrows();
    let structure = (settings.kmeans.k.is_none()).then_some(structure);
    if !progress(Progress {
        stage: Stage::Profile,
        fraction: 0.0,
    }) {
        return Err(Error::Cancelled);
    }
    // Each row at its nearest centre by the rule a saved model applies, so that the model
    // applied to this file gives these labels back (only rows within 1e-9 of a tie can move).
    model::assign::settle(x.view(), &fit.centroids, &mut fit.labels);
    let silhouettes = sampled_silhouette(
        x.view(),
        &fit.labels,
        k,
        settings.sweep.silhouette_rows,
        seed ^ 0x0051_1b0e,
    );
    // The map, which the embeddable element does not show, only with the feature `full-report`:
    // its principal axes are a large share of that build's module.
    #[cfg(feature = "full-report")]
    let (projection, centres) = map(x.view(), &fit.centroids, &fitted.names, seed);
    let numeric: Vec<(usize, Vec<f64>)> = parsed.into_iter().map(|(c, p)| (c, p.values)).collect();
    let formed_on: Vec<usize> = fitted.columns.iter().map(|f| f.column).collect();
    let mut segments = describe::segments(&describe::Inputs {
        table,
        schema: &schema,
        numeric: &numeric,
        x: x.view(),
        labels: &fit.labels,
        centroids: &fit.centroids,
        silhouettes: &silhouettes.per_segment,
        #[cfg(feature = "full-report")]
        centres: &centres,
        formed_on: &formed_on,
        seed,
    });
    #[cfg_attr(not(feature = "full-report"), allow(unused_variables))]
    let text = keywords_per_segment(&mut segments, &corpora, &fit.labels, settings);
    let columns = column_infos(&schema, &fitted, &plan);
    #[cfg(feature = "full-report")]
    let model = model::build(&model::Fitting {
        table,
        schema: &schema,
        settings,
        features: &fitted.model,
        dimensions: &fitted.names,
        x: x.view(),
        labels: &fit.labels,
        centroids: &fit.centroids,
        names: &segments.iter().map(|s| s.name.clone()).collect::<Vec<_>>(),
        roles: &columns
            .iter()
            .map(|c| c.role.as_str().to_owned())
            .collect::<Vec<_>>(),
    });
    let metrics = metrics(x.view(), &fit, &silhouettes);
    let result = AnalysisResult {
        input: summary(table),
        columns,
        k,
        seed: settings.seed,
        labels: labels_by_record(table, &fit.labels),
        segments,
        metrics,
        #[cfg(feature = "full-report")]
        quality: None,
        k_selection,
        structure,
        structure_note: structure.and_then(|s| s.note(k)),
        #[cfg(feature = "full-report")]
        projection,
        #[cfg(feature = "full-report")]
        text,
        lens: plan.lens,
        #[cfg(feature = "full-report")]
        options: settings.clone(),
        #[cfg(feature = "full-report")]
        model,
        #[cfg(feature = "full-report")]
        join: None,
    };
    Ok(Segmented {
        result,
        #[cfg(feature = "full-report")]
        x,
        #[cfg(feature = "full-report")]
        labels: fit.labels,
    })
}

/// The features, and what was read for them.
struct Prepared {
    fitted: Fitted,
    /// Which columns form segments, and why each other does not.
    plan: Plan,
    x: Array2<f64>,
    /// Every numeric column, parsed once: for the features and for the profiles.
    parsed: Vec<(usize, Parsed)>,
    /// The text columns, read once: for the keywords and (with a text weight) as features.
    corpora: Vec<(usize, Corpus)>,
}

/// The memory the table holds: its text, 4 bytes per cell, and each row's record and line.
fn table_bytes(table: &Table) -> u64 {
    let rows = table.rows() as u64;
    (table.cells_bytes() as u64)
        .saturating_add(rows.saturating_mul(4 * table.headers.len() as u64 + 16))
}

/// Refuses an analysis whose memory estimate is over the budget, before what it estimates is
/// allocated; the message says what share of the file's rows would fit.
fn check_memory(table: &Table, dimensions: usize, numbers: usize) -> Result<()> {
    within_budget(
        table_bytes(table),
        table.rows(),
        dimensions,
        numbers,
        share_of_file(table),
    )
}

/// [`check_memory`] before the plan has chosen the columns: the check is on `numbers`
/// dimensions, as few as the analysis can have, so that no file that fits is refused; a refusal
/// says the share that fits the most dimensions the columns could give (see
/// [`dimensions_at_most`]), so that the sample it offers fits whatever the plan then chooses. (It
/// said the share for the numbers alone: a 1 GB file of 11 numeric columns was offered 65% of its
/// rows, which the plan's 32 dimensions refused again.)
fn check_memory_before_plan(table: &Table, schema: &[ColumnSchema], numbers: usize) -> Result<()> {
    check_memory(table, numbers, numbers)
        .or_else(|_| check_memory(table, dimensions_at_most(schema).max(numbers), numbers))
}

/// The most dimensions the columns can give the analysis: one per number, date and ordinal, two
/// per yes/no column, one per level (at most `MAX_LEVELS`) of a category or list, for every
/// column whose role lets it form segments. Text columns count only with `textWeight`, which
/// [`check_memory`] checks once the plan has chosen.
fn dimensions_at_most(schema: &[ColumnSchema]) -> usize {
    schema
        .iter()
        .filter(|c| matches!(c.role, Role::Feature | Role::Derived))
        .map(|c| match c.kind {
            Kind::Numeric | Kind::Ordinal | Kind::Date => 1,
            Kind::Boolean => 2,
            Kind::Categorical | Kind::List => c.distinct.clamp(1, features::levels::MAX_LEVELS),
            Kind::Text | Kind::Identifier => 0,
        })
        .sum()
}

/// The share of the file's data records the table holds: below 1 when it was read as a sample
/// (or when records were skipped), so that the share a refusal offers is one of the file's rows,
/// as the `sample` option reads it. (It was one of the table's: a file read at 65% and offered
/// 59% was read again at 59% of the file, more than fits.)
fn share_of_file(table: &Table) -> f64 {
    if table.records == 0 {
        1.0
    } else {
        (table.rows() as f64 / table.records as f64).min(1.0)
    }
}

/// The check of `check_memory` on the table's size in bytes, `held`, the table holding
/// `of_file` of the file's rows.
fn within_budget(
    held: u64,
    rows: usize,
    dimensions: usize,
    numbers: usize,
    of_file: f64,
) -> Result<()> {
    let needed = limits::analysis_bytes(held, rows as u64, dimensions as u64, numbers as u64);
    if needed <= limits::MEMORY_BUDGET {
        return Ok(());
    }
    // The table shrinks with the sample as the analysis does.
    let fits = limits::MEMORY_BUDGET as f64 / needed as f64 * of_file;
    Err(Error::TooLargeForMemory {
        rows,
        dimensions,
        needed,
        limit: limits::MEMORY_BUDGET,
        fits,
    })
}

#[cfg(test)]
mod limit_tests {
    use super::within_budget;
    use crate::error::Error;

    #[test]
    fn an_analysis_over_the_memory_budget_is_refused_with_the_share_that_fits() {
        // The 200 MB file of 7.3M rows and 4 numeric columns, which ran the wasm module
        // out of memory in `analyze`, is within the budget by the estimate (1.48 GB: 200 MB of
        // text, 7.3M x 32 bytes of offsets, 7.3M x 144 bytes of analysis); measured since on a
        // file of that shape (179 MB), the module peaked at 1.15 GB and gave its segments.
        let held = 200_000_000 + 7_300_000 * 32;
        assert!(within_budget(held, 7_300_000, 4, 4, 1.0).is_ok());
        // Thirty million such rows are not: 1.76 GB held (800 MB of text, 30M x 32 bytes of
        // offsets), 30M x 144 = 4.32 GB more.
        let held = 800_000_000 + 30_000_000 * 32;
        let e = within_budget(held, 30_000_000, 4, 4, 1.0).unwrap_err();
        let Error::TooLargeForMemory { needed, fits, .. } = e else {
            panic!("{e:?}")
        };
        assert_eq!(needed, 6_080_000_000);
        assert!((fits - 3_221_225_472.0 / 6_080_000_000.0).abs() < 1e-12);
        assert_eq!(
            e.to_string(),
            "segmenting 30,000,000 rows on 4 dimensions needs about 6.1 GB of memory with the file \
             held, over the limit of 3.2 GB: segment a sample of the rows (sample, --sample 0.52), \
             or fewer columns"
        );
    }

    /// A file read as a sample of 65% and still over the budget was offered 59% "of the rows",
    /// and the page read 59% of the file again: the share offered is now of the file's rows.
    #[test]
    fn the_share_offered_after_a_sampled_read_is_a_share_of_the_file() {
        let held = 800_000_000 + 30_000_000 * 32;
        let share = |of_file: f64| match within_budget(held, 30_000_000, 4, 4, of_file) {
            Err(Error::TooLargeForMemory { fits, .. }) => fits,
            other => panic!("{other:?}"),
        };
        assert!((share(0.65) - 0.65 * share(1.0)).abs() < 1e-12);
        let message = within_budget(held, 30_000_000, 4, 4, 0.65)
            .unwrap_err()
            .to_string();
        assert!(message.contains("--sample 0.34"), "{message}");
    }

    /// The 1 GB export of 10 million rows: 11 numeric columns, but categories and a yes/no
    /// column that the plan encodes in 32 dimensions. The check before the plan refused it on
    /// 11 and offered 65% of the rows, which the plan's 32 refused again; the offer now fits the
    /// most the columns could give.
    #[test]
    fn the_sample_offered_before_the_plan_fits_every_column_the_plan_could_choose() {
        let mut csv = String::from("spend,orders,country,plan,newsletter,email\n");
        for i in 0..200 {
            csv.push_str(&format!(
                "{},{},{},{},{},p{i}@example.com\n",
                i * 7 % 100,
                i % 9,
                ["DE", "FR", "ES", "IT", "NL"][i % 5],
                ["Free", "Pro", "Team"][i % 3],
                ["yes", "no"][i % 2]
            ));
        }
        let table = crate::read::reader::read(csv.as_bytes(), &Default::default()).unwrap();
        let schema = crate::schema::infer(&table);
        // spend, orders: 2; country: 5; plan: 3; newsletter: 2; the e-mail is personal.
        assert_eq!(super::dimensions_at_most(&schema), 12);
        assert_eq!(super::share_of_file(&table), 1.0);
    }
}

/// Refuses features of more dimensions than `MAX_DIMENSIONS`, before the matrix is made.
fn check_dimensions(dimensions: usize) -> Result<()> {
    if dimensions > limits::MAX_DIMENSIONS {
        return Err(Error::TooManyDimensions {
            dimensions,
            limit: limits::MAX_DIMENSIONS,
        });
    }
    Ok(())
}

fn prepare(table: &Table, schema: &[ColumnSchema], settings: &Settings) -> Result<Prepared> {
    let f = &settings.features;
    let numbers = schema.iter().filter(|s| s.kind == Kind::Numeric).count();
    // Before the numbers are parsed: at least one dimension per numeric column.
    check_memory_before_plan(table, schema, numbers)?;
    let parsed: Vec<(usize, Parsed)> = (0..schema.len())
        .filter(|&c| schema[c].kind == Kind::Numeric)
        .map(|c| (c, features::numeric_values(table, c)))
        .collect();
    let plan = features::plan(table, schema, f, &parsed)?;
    let mut fitted = features::fit_plan(table, schema, &plan, f, &parsed)?;
    let reading = settings.keywords.corpus();
    let mut corpora = Vec::new();
    for name in &settings.keywords.columns {
        let c = table.find("textColumns", name)?;
        corpora.push((c, Corpus::read(table.column(c).iter(), &reading)));
    }
    if f.text_weight > 0.0 {
        for (column, corpus) in &corpora {
            let text = TextColumn {
                column: *column,
                corpus,
                settings: &reading,
            };
            fitted.add_text(table, &text, f.text_weight, u64::from(settings.seed));
        }
    }
    // The dimensions are known now, before the matrix of every row is made.
    check_dimensions(fitted.names.len())?;
    check_memory(table, fitted.names.len(), numbers)?;
    let read: Vec<(usize, &Corpus)> = corpora.iter().map(|(c, corpus)| (*c, corpus)).collect();
    let reuse = Reuse {
        numeric: &parsed,
        corpora: &read,
    };
    let x = features::encode(&fitted.model, table, &reuse)?;
    Ok(Prepared {
        fitted,
        plan,
        x,
        parsed,
        corpora,
    })
}

/// k as given, or chosen by the sweep (with every k's scores). A given k needs as many rows, and
/// as many different rows, as segments. (The structure of a given k is not judged: `Clear`.)
fn number_of_segments(
    x: ArrayView2<f64>,
    settings: &Settings,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<Choice> {
    let rows = x.nrows();
    let choice = match settings.kmeans.k {
        Some(k) => {
            if rows >= k {
                let distinct = distinct_rows(x, k);
                if distinct < k {
                    return Err(Error::TooFewDistinctRows { rows, distinct, k });
                }
            }
            Choice {
                k,
                scores: Vec::new(),
                structure: Structure::Clear,
            }
        }
        None => {
            let base = settings
                .kmeans
                .params(settings.sweep.k_min, u64::from(settings.seed));
            choose_k(x, &base, &settings.sweep, &mut |f| {
                progress(Progress {
                    stage: Stage::ChooseK,
                    fraction: f,
                })
            })?
        }
    };
    if rows < choice.k {
        return Err(Error::TooFewRows { rows, k: choice.k });
    }
    Ok(choice)
}

/// Each segment's distinctive terms in each text column (and, with the feature `full-report`,
/// the columns' own frequencies); the first column's most distinctive term completes the
/// segment's name: "SaaS · 'free trial'".
fn keywords_per_segment(
    segments: &mut [Segment],
    corpora: &[(usize, Corpus)],
    labels: &[usize],
    settings: &Settings,
) -> Vec<TextSummary> {
    #[cfg_attr(not(feature = "full-report"), allow(unused_mut))]
    let mut text = Vec::new();
    if corpora.is_empty() {
        return text;
    }
    let top = settings.keywords.top;
    let groups: Vec<Option<usize>> = labels.iter().map(|&l| Some(l)).collect();
    let names: Vec<String> = segments.iter().map(|s| s.name.clone()).collect();
    for ((_, corpus), name) in corpora.iter().zip(&settings.keywords.columns) {
        // Each column as a whole: the full report's (the feature `full-report`).
        #[cfg(feature = "full-report")]
        text.push(corpus.summary(name, top));
        for (segment, group) in segments
            .iter_mut()
            .zip(corpus.distinctive(&groups, &names, top))
        {
            segment.keywords.push(KeywordSet {
                column: name.clone(),
                terms: group.terms,
            });
        }
    }
    for segment in segments {
        let top = segment.keywords.first().and_then(|k| k.terms.first());
        if let Some(term) = top {
            segment.name = if segment.name == describe::names::AVERAGE_NAME {
                format!("'{}'", term.term)
            } else {
                format!("{} · '{}'", segment.name, term.term)
            };
        }
    }
    text
}

/// One label per data record in file order: the segment, or -1 for a record not read.
fn labels_by_record(table: &Table, labels: &[usize]) -> Vec<i32> {
    let mut out = vec![-1i32; table.records];
    for (r, &l) in labels.iter().enumerate() {
        out[table.record_of_row[r]] = l as i32;
    }
    out
}

/// Every column with its kind and its part in the analysis, and why.
fn column_infos(schema: &[ColumnSchema], fitted: &Fitted, plan: &Plan) -> Vec<ColumnInfo> {
    schema
        .iter()
        .zip(&plan.parts)
        .enumerate()
        .map(|(c, (s, part))| {
            let feature = fitted.columns.iter().find(|f| f.column == c);
            ColumnInfo {
                name: s.name.clone(),
                kind: s.kind,
                separator: s.separator,
                missing: s.missing,
                invalid: s.invalid,
                // A text column joins the features outside the plan (textWeight).
                role: if feature.is_some() {
                    Role::Feature
                } else {
                    part.role
                },
                evidence: s.evidence.clone(),
                role_evidence: part.why.clone(),
                lens: part.lens,
                concept: part.concept.clone(),
                feature: feature.map(|f| f.info.clone()),
            }
        })
        .collect()
}

fn metrics(x: ArrayView2<f64>, fit: &Fit, silhouettes: &Silhouettes) -> Metrics {
    Metrics {
        inertia: fit.inertia,
        silhouette: silhouettes.overall,
        calinski_harabasz: calinski_harabasz(x, &fit.labels, &fit.centroids),
        davies_bouldin: davies_bouldin(x, &fit.labels, &fit.centroids),
        iterations: fit.iterations,
        converged: fit.converged,
        distances_skipped: fit.skipped,
    }
}

#[cfg(test)]
// The stability stage and the verdict run with the feature `full-report`.
#[cfg(feature = "full-report")]
mod tests {
    use ndarray::Array2;

    use crate::describe::quality::Verdict;
    use crate::describe::tests_support::{blobs, uniform};
    use crate::options::{KChoice, Options};
    use crate::pipeline::dataset::analyze;
    use crate::pipeline::progress::no_progress;

    /// `x` as a CSV with columns c1, c2, ...
    fn csv(x: &Array2<f64>) -> Vec<u8> {
        let mut out: Vec<String> = vec![(1..=x.ncols())
            .map(|j| format!("c{j}"))
            .collect::<Vec<_>>()
            .join(",")];
        for row in x.rows() {
            out.push(
                row.iter()
                    .map(|v| format!("{v:.4}"))
                    .collect::<Vec<_>>()
                    .join(","),
            );
        }
        out.join("\n").into_bytes()
    }

    #[test]
    fn verdict_is_clear_on_separated_blobs_and_weak_on_uniform_noise() {
        let four = Options {
            k: KChoice::Fixed(4.0),
            ..Options::default()
        };
        // Four blobs 12 spreads apart in 8 dimensions, 2,400 rows.
        let r = analyze(&csv(&blobs(4, 8, 600, 12.0, 3)), &four, 1, &mut no_progress).unwrap();
        let q = r.quality.unwrap();
        assert_eq!(q.verdict, Verdict::Clear, "{q:?}");
        assert!(q.stability >= 0.85 && q.suggestion.is_none(), "{q:?}");
        for s in &r.segments {
            assert!(s.stability.unwrap() >= 0.85, "{:?}", s.stability);
            assert!(s.recovery.as_ref().unwrap().count >= 19);
        }
        // Uniform noise in 8 dimensions, 2,400 rows, with k chosen as usual.
        let r = analyze(
            &csv(&uniform(2_400, 8, 5)),
            &Options::default(),
            1,
            &mut no_progress,
        )
        .unwrap();
        let q = r.quality.unwrap();
        assert_eq!(q.verdict, Verdict::Weak, "{q:?}");
        assert!(q.stability < 0.6, "{q:?}");
        assert!(q.suggestion.unwrap().contains("lens"));
    }

    #[test]
    fn stability_reports_its_stage_and_repeats_with_the_seed() {
        let x = csv(&blobs(3, 4, 100, 10.0, 9));
        let mut stages = Vec::new();
        let a = analyze(&x, &Options::default(), 3, &mut |p| {
            if stages.last() != Some(&p.stage) {
                stages.push(p.stage);
            }
            true
        })
        .unwrap();
        assert_eq!(stages.last(), Some(&crate::pipeline::Stage::Stability));
        let b = analyze(&x, &Options::default(), 3, &mut no_progress).unwrap();
        assert_eq!(a.quality, b.quality);
        assert!(a.quality.is_some());
    }
}
