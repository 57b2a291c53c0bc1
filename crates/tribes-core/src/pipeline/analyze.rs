//! The analysis, stage by stage: the user's kinds over the detected ones, the features (fit,
//! then encode), k (given, or chosen by the sweep), the k-means fit, the profiles, each segment's
//! keywords, and the result.

use ndarray::{Array2, ArrayView2};

use super::progress::{Progress, Stage};
use crate::cluster::metrics::{
    calinski_harabasz, davies_bouldin, sampled_silhouette, Metrics, Silhouettes,
};
use crate::cluster::{self, choose::choose_k, choose::KScore, Fit};
use crate::describe::quality::quality;
use crate::describe::stability;
use crate::describe::{self, map::map, Segment};
use crate::error::{Error, Result};
use crate::features::{self, Fitted, Parsed, Reuse, TextColumn};
use crate::options::Settings;
use crate::read::summary::summary;
use crate::read::Table;
use crate::report::{AnalysisResult, ColumnInfo, Role};
use crate::schema::{self, ColumnSchema, Kind};
use crate::text::{Corpus, KeywordSet, TextSummary};

/// The analysis of `table`, whose kinds were detected as `detected`: the segments, then their
/// stability and the verdict.
pub fn analyze(
    table: &Table,
    detected: &[ColumnSchema],
    settings: &Settings,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<AnalysisResult> {
    let mut segmented = segment(table, detected, settings, progress)?;
    segmented.stability(settings, progress)?;
    Ok(segmented.result)
}

/// A result whose segments are known, with what its stability stage needs: the features and the
/// fit's labels. A user interface can show `result` (without stability or verdict), then run
/// [`Segmented::stability`] with its own progress.
pub struct Segmented {
    pub result: AnalysisResult,
    x: Array2<f64>,
    labels: Vec<usize>,
}

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
    let schema = schema::with_kinds(detected.to_vec(), &settings.kinds)?;
    let Prepared {
        fitted,
        x,
        parsed,
        corpora,
    } = prepare(table, &schema, settings)?;
    let seed = u64::from(settings.seed);
    let (k, k_selection) = number_of_segments(x.view(), settings, progress)?;
    let fit = cluster::fit(x.view(), &settings.kmeans.params(k, seed), &mut |s| {
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
    let silhouettes = sampled_silhouette(
        x.view(),
        &fit.labels,
        k,
        settings.sweep.silhouette_rows,
        seed ^ 0x0051_1b0e,
    );
    let (projection, centres) = map(x.view(), &fit.centroids, &fitted.names, seed);
    let numeric: Vec<(usize, Vec<f64>)> = parsed.into_iter().map(|(c, p)| (c, p.values)).collect();
    let mut segments = describe::segments(&describe::Inputs {
        table,
        schema: &schema,
        numeric: &numeric,
        x: x.view(),
        labels: &fit.labels,
        centroids: &fit.centroids,
        silhouettes: &silhouettes.per_segment,
        centres: &centres,
        seed,
    });
    let text = keywords_per_segment(&mut segments, &corpora, &fit.labels, settings);
    let metrics = metrics(x.view(), &fit, &silhouettes);
    let result = AnalysisResult {
        input: summary(table),
        columns: column_infos(&schema, &fitted, settings),
        k,
        seed: settings.seed,
        labels: labels_by_record(table, &fit.labels),
        segments,
        metrics,
        quality: None,
        k_selection,
        projection,
        text,
        options: settings.clone(),
    };
    Ok(Segmented {
        result,
        x,
        labels: fit.labels,
    })
}

/// The features, and what was read for them.
struct Prepared {
    fitted: Fitted,
    x: Array2<f64>,
    /// Every numeric column, parsed once: for the features and for the profiles.
    parsed: Vec<(usize, Parsed)>,
    /// The text columns, read once: for the keywords and (with a text weight) as features.
    corpora: Vec<(usize, Corpus)>,
}

fn prepare(table: &Table, schema: &[ColumnSchema], settings: &Settings) -> Result<Prepared> {
    let f = &settings.features;
    let chosen = features::select_columns(schema, f.columns.as_deref(), &f.exclude)?;
    let parsed: Vec<(usize, Parsed)> = (0..schema.len())
        .filter(|&c| schema[c].kind == Kind::Numeric)
        .map(|c| (c, features::numeric_values(table, c)))
        .collect();
    let mut fitted = features::fit(table, schema, &chosen, f, &parsed)?;
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
    let read: Vec<(usize, &Corpus)> = corpora.iter().map(|(c, corpus)| (*c, corpus)).collect();
    let reuse = Reuse {
        numeric: &parsed,
        corpora: &read,
    };
    let x = features::encode(&fitted.model, table, &reuse)?;
    Ok(Prepared {
        fitted,
        x,
        parsed,
        corpora,
    })
}

/// k as given, or chosen by the sweep (with every k's scores).
fn number_of_segments(
    x: ArrayView2<f64>,
    settings: &Settings,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<(usize, Vec<KScore>)> {
    let (k, scores) = match settings.kmeans.k {
        Some(k) => (k, Vec::new()),
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
    if x.nrows() < k {
        return Err(Error::TooFewRows { rows: x.nrows(), k });
    }
    Ok((k, scores))
}

/// Each segment's distinctive terms in each text column (and the columns' own frequencies); the
/// first column's most distinctive term completes the segment's name: "SaaS · 'free trial'".
fn keywords_per_segment(
    segments: &mut [Segment],
    corpora: &[(usize, Corpus)],
    labels: &[usize],
    settings: &Settings,
) -> Vec<TextSummary> {
    let mut text = Vec::new();
    if corpora.is_empty() {
        return text;
    }
    let top = settings.keywords.top;
    let groups: Vec<Option<usize>> = labels.iter().map(|&l| Some(l)).collect();
    let names: Vec<String> = segments.iter().map(|s| s.name.clone()).collect();
    for ((_, corpus), name) in corpora.iter().zip(&settings.keywords.columns) {
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
            segment.name = if segment.name.starts_with("Segment ") {
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

/// Every column with its kind and its part in the analysis.
fn column_infos(schema: &[ColumnSchema], fitted: &Fitted, settings: &Settings) -> Vec<ColumnInfo> {
    schema
        .iter()
        .enumerate()
        .map(|(c, s)| {
            let feature = fitted.columns.iter().find(|f| f.column == c);
            ColumnInfo {
                name: s.name.clone(),
                kind: s.kind,
                missing: s.missing,
                invalid: s.invalid,
                role: if feature.is_some() {
                    Role::Feature
                } else if settings.features.exclude.contains(&s.name) {
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
