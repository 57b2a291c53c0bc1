//! Choosing k: the sweep, and the rule that picks a k from its scores.
//!
//! `k = auto` fits every k from `kMin` to `kMax` (2 and 10) on a seeded sample of at most
//! `sampleRows` rows (20,000) and scores each by its mean silhouette on at most `silhouetteRows`
//! of them (2,000), stratified by segment. The highest silhouette wins; ks
//! within 0.01 of it are tied, and the tie goes to the lowest Davies-Bouldin index, then to the
//! smaller k (`pick_k`).

use ndarray::{Array2, ArrayView2, Axis};
use serde::Serialize;

use super::kmeans;
use super::lloyd::Step;
use super::metrics::{calinski_harabasz, davies_bouldin, sampled_silhouette};
use super::settings::{Params, SweepSettings};
use crate::error::{Error, Result};
use crate::util::rng;

/// One candidate k and how well it did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct KScore {
    pub k: usize,
    /// Inertia on the sample the sweep fitted.
    pub inertia: f64,
    /// Mean silhouette on the scored sample, from -1 to 1; higher is better.
    pub silhouette: Option<f64>,
    /// Calinski-Harabasz index on the fitted sample; higher is better.
    pub calinski_harabasz: Option<f64>,
    /// Davies-Bouldin index on the fitted sample; lower is better.
    pub davies_bouldin: Option<f64>,
}

/// Silhouettes closer than this to the best count as tied: the standard error of a mean
/// silhouette over 2,000 sampled rows is of this order.
pub const SILHOUETTE_TIE: f64 = 0.01;

/// The rule: the highest silhouette wins; every k within `SILHOUETTE_TIE` of it is tied, and among
/// the tied the lowest Davies-Bouldin index wins (tighter, better separated segments), then the
/// smaller k (the simpler story).
pub fn pick_k(scores: &[KScore]) -> Option<usize> {
    let best = scores
        .iter()
        .filter_map(|s| s.silhouette)
        .fold(f64::NEG_INFINITY, f64::max);
    if !best.is_finite() {
        return scores.first().map(|s| s.k);
    }
    scores
        .iter()
        .filter(|s| s.silhouette.is_some_and(|v| v >= best - SILHOUETTE_TIE))
        .min_by(|a, b| {
            let db = |s: &KScore| s.davies_bouldin.unwrap_or(f64::INFINITY);
            db(a).total_cmp(&db(b)).then(a.k.cmp(&b.k))
        })
        .map(|s| s.k)
}

/// The k values the sweep can try for `n` rows.
pub fn candidate_ks(sweep: &SweepSettings, n: usize) -> std::ops::RangeInclusive<usize> {
    sweep.k_min..=sweep.k_max.min(n.saturating_sub(1))
}

/// Sweeps k and returns every candidate's scores and the chosen k.
pub fn choose_k(
    x: ArrayView2<f64>,
    base: &Params,
    sweep: &SweepSettings,
    progress: &mut dyn FnMut(f64) -> bool,
) -> Result<(usize, Vec<KScore>)> {
    let n = x.nrows();
    let ks = candidate_ks(sweep, n);
    if ks.is_empty() {
        return Err(Error::TooFewRowsForAuto {
            rows: n,
            needed: sweep.k_min + 1,
        });
    }
    let mut r = rng::seeded(base.seed ^ 0x5eed_5eed);
    let sample: Array2<f64> = if n > sweep.sample_rows {
        let idx = rng::sample_indices(&mut r, n, sweep.sample_rows);
        x.select(Axis(0), &idx)
    } else {
        x.to_owned()
    };
    let count = ks.clone().count();
    let mut scores = Vec::with_capacity(count);
    for (done, k) in ks.enumerate() {
        let p = Params { k, ..base.clone() };
        let fit = kmeans::fit(sample.view(), &p, &mut |s: Step| {
            let within = (s.run as f64 + s.iteration as f64 / s.max_iter as f64) / s.runs as f64;
            progress((done as f64 + within) / count as f64)
        })?;
        let silhouette = sampled_silhouette(
            sample.view(),
            &fit.labels,
            k,
            sweep.silhouette_rows,
            base.seed ^ 0x51_1b0e,
        );
        scores.push(KScore {
            k,
            inertia: fit.inertia,
            silhouette: silhouette.overall,
            calinski_harabasz: calinski_harabasz(sample.view(), &fit.labels, &fit.centroids),
            davies_bouldin: davies_bouldin(sample.view(), &fit.labels, &fit.centroids),
        });
    }
    let k = pick_k(&scores).unwrap_or(sweep.k_min);
    Ok((k, scores))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::cluster::metrics::*;
    use crate::cluster::settings::Init;
    use ndarray::array;

    /// Mean silhouette over the rows in `rows`. `None` when fewer than two clusters are present
    /// among them.
    fn silhouette(x: ArrayView2<f64>, labels: &[usize], k: usize, rows: &[usize]) -> Option<f64> {
        let present = rows
            .iter()
            .map(|&i| labels[i])
            .collect::<std::collections::BTreeSet<_>>();
        if present.len() < 2 {
            return None;
        }
        let s = silhouette_samples(x, labels, k, rows);
        Some(s.iter().sum::<f64>() / s.len() as f64)
    }

    /// Gaussian-ish blobs (sums of uniforms) around `centres` random centres at least 20 apart.
    fn blobs(centres: usize, dims: usize, per: usize, seed: u64) -> Array2<f64> {
        let mut r = rng::seeded(seed);
        let mut at: Vec<Vec<f64>> = Vec::new();
        while at.len() < centres {
            let c: Vec<f64> = (0..dims)
                .map(|_| rng::uniform(&mut r) * 100.0 - 50.0)
                .collect();
            let far = at.iter().all(|o| {
                o.iter()
                    .zip(&c)
                    .map(|(a, b)| (a - b) * (a - b))
                    .sum::<f64>()
                    > 400.0
            });
            if far {
                at.push(c);
            }
        }
        Array2::from_shape_fn((centres * per, dims), |(i, j)| {
            // Irwin-Hall(4), centred: sd about 1.15.
            let noise: f64 = (0..4).map(|_| rng::uniform(&mut r)).sum::<f64>() * 2.0 - 4.0;
            at[i % centres][j] + noise
        })
    }

    #[test]
    fn auto_k_finds_the_true_number_of_separated_blobs() {
        for centres in 3..=8 {
            // Two and five dimensions, alternately (each case costs a sweep of nine k).
            let dims = if centres % 2 == 0 { 2 } else { 5 };
            let seed = 11 + centres as u64;
            let x = blobs(centres, dims, 40, seed);
            let base = Params {
                k: 2,
                init: Init::KMeansPlusPlus,
                n_init: 2,
                tol: 1e-4,
                max_iter: 300,
                seed,
            };
            let (k, _) =
                choose_k(x.view(), &base, &SweepSettings::default(), &mut |_| true).unwrap();
            assert_eq!(k, centres, "{centres} blobs in {dims} dimensions");
        }
    }

    #[test]
    fn calinski_harabasz_and_davies_bouldin_by_hand() {
        // Points 0, 2 (centre 1) and 10, 12 (centre 11); overall mean 6.
        // Within: 1 + 1 + 1 + 1 = 4 over n - k = 2 -> 2. Between: 2 x 25 + 2 x 25 = 100 over
        // k - 1 = 1 -> 100. CH = 100 / 2 = 50.
        // DB: each spread is 1, centres 10 apart -> (1 + 1) / 10 = 0.2 for both; mean 0.2.
        let x = array![[0.0], [2.0], [10.0], [12.0]];
        let c = array![[1.0], [11.0]];
        let labels = [0, 0, 1, 1];
        assert!((calinski_harabasz(x.view(), &labels, &c).unwrap() - 50.0).abs() < 1e-12);
        assert!((davies_bouldin(x.view(), &labels, &c).unwrap() - 0.2).abs() < 1e-12);
        // One segment: neither is defined.
        let one = array![[6.0]];
        assert_eq!(calinski_harabasz(x.view(), &[0, 0, 0, 0], &one), None);
        assert_eq!(davies_bouldin(x.view(), &[0, 0, 0, 0], &one), None);
    }

    #[test]
    fn silhouette_by_hand() {
        // Points 0, 1 (cluster 0) and 10 (cluster 1).
        // Row 0: a = 1, b = 10 -> 0.9. Row 1: a = 1, b = 9 -> 8/9. Row 10: alone -> 0.
        // Mean (0.9 + 0.8889 + 0) / 3 = 0.59630.
        let x = array![[0.0], [1.0], [10.0]];
        let s = silhouette(x.view(), &[0, 0, 1], 2, &[0, 1, 2]).unwrap();
        assert!((s - (0.9 + 8.0 / 9.0) / 3.0).abs() < 1e-12);
        assert_eq!(silhouette(x.view(), &[0, 0, 0], 2, &[0, 1, 2]), None);
    }

    #[test]
    fn auto_k_finds_four_separated_groups() {
        let centres = [(0.0, 0.0), (20.0, 0.0), (0.0, 20.0), (20.0, 20.0)];
        let x = Array2::from_shape_fn((200, 2), |(i, j)| {
            let c = centres[i % 4];
            let jitter = ((i * 37 + j * 11) % 13) as f64 / 13.0;
            if j == 0 {
                c.0 + jitter
            } else {
                c.1 + jitter
            }
        });
        let base = Params {
            k: 2,
            init: Init::KMeansPlusPlus,
            n_init: 3,
            tol: 1e-4,
            max_iter: 300,
            seed: 3,
        };
        let (k, scores) =
            choose_k(x.view(), &base, &SweepSettings::default(), &mut |_| true).unwrap();
        assert_eq!(k, 4);
        assert_eq!(scores.len(), 9);
        assert_eq!(
            scores.iter().map(|s| s.k).collect::<Vec<_>>(),
            (2..=10).collect::<Vec<_>>()
        );
    }
}
