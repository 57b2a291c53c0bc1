//! How well each segment holds when the data are resampled: Hennig's bootstrap stability
//! (`clusterboot` in the R package fpc, with k-means as the method).
//!
//! A seeded sample of at most [`STABILITY_ROWS`] rows keeps the labels the fit gave them. Each of
//! [`RESAMPLES`] bootstrap resamples (the sample's size, drawn with replacement) is clustered
//! afresh with the same k and settings; each segment is matched to the resample's cluster it
//! overlaps most, by the Jaccard similarity of the distinct rows they share (rows the resample
//! did not draw do not count), and its stability is the mean of those Jaccards. Hennig reads a
//! mean of 0.85 and above as a segment that holds, 0.6 to 0.75 as one that shows a pattern but
//! whose members are uncertain, and below 0.6 as one that dissolves; a resample whose Jaccard is
//! above 0.75 "recovers" the segment.
//!
//! The cost is bounded whatever the file: [`RESAMPLES`] fits of k-means on at most
//! [`STABILITY_ROWS`] rows (Lloyd with the analysis' restarts and limits).

use ndarray::{ArrayView2, Axis};
use serde::Serialize;

use crate::cluster::metrics::stratified_sample;
use crate::cluster::{self, parallel, Init, Params, Step};
use crate::error::{Error, Result};
use crate::util::rng;

/// Rows resampled: enough for a segment of 1% to have 20 rows, few enough that the 20 refits
/// cost about as much as one sweep of k on a small file.
pub const STABILITY_ROWS: usize = 2_000;
/// Bootstrap resamples (fpc's `clusterboot` uses 100; 20 keeps the cost down and the mean's
/// standard error under 0.05 for a segment whose Jaccards spread by 0.2).
pub const RESAMPLES: usize = 20;
/// A resample whose Jaccard is above this recovers the segment (fpc's `recover`).
pub const RECOVERED: f64 = 0.75;

/// One segment's stability.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Recovery {
    /// Resamples whose best Jaccard for the segment is above 0.75: "comes back in 19 of 20".
    pub count: usize,
    /// Resamples that drew at least one of the segment's sampled rows (usually all of them).
    pub resamples: usize,
}

/// Each segment's mean Jaccard over the resamples (`None` for a segment no resample drew) and its
/// recoveries.
#[derive(Debug, Clone, PartialEq)]
pub struct Stability {
    pub mean: Vec<Option<f64>>,
    pub recovery: Vec<Recovery>,
    /// Rows in the resampled sample.
    pub rows: usize,
}

/// The stability of the segments `labels` gives the rows of `x` (k segments), refitting k-means
/// with the settings of `params` (its `k` is `k`; its start is always k-means++, since a fixed
/// start would make every refit the same). `progress` gets the share of resamples done; `false`
/// cancels.
pub fn stability(
    x: ArrayView2<f64>,
    labels: &[usize],
    params: &Params,
    progress: &mut dyn FnMut(f64) -> bool,
) -> Result<Stability> {
    let k = params.k;
    let rows = stratified_sample(labels, k, STABILITY_ROWS, params.seed ^ 0x57ab_1e00);
    let m = rows.len();
    let own: Vec<usize> = rows.iter().map(|&r| labels[r]).collect();
    let sample = x.select(Axis(0), &rows);
    let mut sums = vec![0.0; k];
    let mut recovery = vec![
        Recovery {
            count: 0,
            resamples: 0
        };
        k
    ];
    if m < k || k == 0 {
        return Ok(Stability {
            mean: vec![None; k],
            recovery,
            rows: m,
        });
    }
    let mut r = rng::seeded(params.seed ^ 0x0b00_75a7);
    // Every resample's draws first, in order, as one loop would draw them: the refits are then
    // jobs of their own, on `params.threads` threads, their Jaccards added in resample order.
    let draws: Vec<Vec<usize>> = (0..RESAMPLES)
        .map(|_| (0..m).map(|_| rng::below(&mut r, m)).collect())
        .collect();
    let jaccards = parallel::jobs(
        parallel::for_values(params.threads, m * x.ncols()),
        RESAMPLES,
        &|b, tick| {
            if !tick(0.0) {
                return Err(Error::Cancelled);
            }
            let draws = &draws[b];
            let resample = sample.select(Axis(0), draws);
            let p = Params {
                k,
                init: Init::KMeansPlusPlus,
                seed: params.seed.wrapping_add(1 + b as u64),
                threads: 1,
                ..params.clone()
            };
            let fit = cluster::fit(resample.view(), &p, &mut |_: Step| true)?;
            // The resample's cluster of each distinct sampled row it drew (copies of a row share
            // their coordinates, hence their cluster).
            let mut theirs: Vec<Option<usize>> = vec![None; m];
            for (&d, &l) in draws.iter().zip(&fit.labels) {
                theirs[d] = Some(l);
            }
            Ok(best_jaccards(&own, &theirs, k))
        },
        progress,
    )?;
    for resample in jaccards {
        for (c, j) in resample.into_iter().enumerate() {
            if let Some(j) = j {
                sums[c] += j;
                recovery[c].resamples += 1;
                if j > RECOVERED {
                    recovery[c].count += 1;
                }
            }
        }
    }
    progress(1.0);
    let mean = (0..k)
        .map(|c| (recovery[c].resamples > 0).then(|| sums[c] / recovery[c].resamples as f64))
        .collect();
    Ok(Stability {
        mean,
        recovery,
        rows: m,
    })
}

/// For each of the `k` original segments (`own`, per sampled row), its best Jaccard similarity
/// with a cluster of the resample (`theirs`, per sampled row, `None` where the resample did not
/// draw the row), over the rows the resample drew; `None` for a segment none of whose rows were
/// drawn.
fn best_jaccards(own: &[usize], theirs: &[Option<usize>], k: usize) -> Vec<Option<f64>> {
    // both[c * k + l]: rows in segment c and in cluster l.
    let mut both = vec![0usize; k * k];
    let mut in_own = vec![0usize; k];
    let mut in_theirs = vec![0usize; k];
    for (&c, t) in own.iter().zip(theirs) {
        if let Some(l) = *t {
            both[c * k + l] += 1;
            in_own[c] += 1;
            in_theirs[l] += 1;
        }
    }
    (0..k)
        .map(|c| {
            (in_own[c] > 0).then(|| {
                (0..k)
                    .map(|l| {
                        let shared = both[c * k + l];
                        shared as f64 / (in_own[c] + in_theirs[l] - shared) as f64
                    })
                    .fold(0.0, f64::max)
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array2;

    #[test]
    fn jaccard_by_hand() {
        // Segment 0 = rows 0, 1, 2; segment 1 = rows 3, 4. The resample drew rows 0, 1, 3, 4
        // (not 2) and put 0 and 3 together in cluster 1, 1 and 4 in cluster 0.
        // Segment 0 (drawn: 0, 1) against cluster 1 {0, 3}: 1 shared of 3 -> 1/3; against cluster
        // 0 {1, 4}: 1/3. Segment 1 (3, 4): the same, 1/3.
        let own = [0, 0, 0, 1, 1];
        let theirs = [Some(1), Some(0), None, Some(1), Some(0)];
        assert_eq!(
            best_jaccards(&own, &theirs, 2),
            [Some(1.0 / 3.0), Some(1.0 / 3.0)]
        );
        // The same rows, clustered as the segments: 1 for both. A segment not drawn: None.
        let theirs = [Some(1), Some(1), None, Some(0), Some(0)];
        assert_eq!(best_jaccards(&own, &theirs, 2), [Some(1.0), Some(1.0)]);
        let theirs = [Some(0), Some(0), Some(0), None, None];
        assert_eq!(best_jaccards(&own, &theirs, 2), [Some(1.0), None]);
    }

    fn params(k: usize) -> Params {
        Params {
            k,
            init: Init::KMeansPlusPlus,
            n_init: 3,
            tol: 1e-4,
            max_iter: 300,
            seed: 7,
            threads: 1,
        }
    }

    #[test]
    fn separated_blobs_hold_and_uniform_noise_dissolves() {
        use crate::describe::tests_support::{blobs, fit_labels, uniform};
        // Four blobs 12 spreads apart in 8 dimensions, 2,400 rows: every segment comes back in
        // every resample.
        let x = blobs(4, 8, 600, 12.0, 3);
        let labels = fit_labels(x.view(), 4, 3);
        let s = stability(x.view(), &labels, &params(4), &mut |_| true).unwrap();
        assert_eq!(s.rows, STABILITY_ROWS);
        for (mean, rec) in s.mean.iter().zip(&s.recovery) {
            assert!(mean.unwrap() >= 0.85, "{:?}", s.mean);
            assert_eq!(rec.resamples, RESAMPLES);
            assert!(rec.count >= 19, "{rec:?}");
        }
        // Uniform noise in 8 dimensions, 2,400 rows, cut in 4: the cuts move with every
        // resample.
        let x = uniform(2_400, 8, 5);
        let labels = fit_labels(x.view(), 4, 5);
        let s = stability(x.view(), &labels, &params(4), &mut |_| true).unwrap();
        for mean in &s.mean {
            assert!(mean.unwrap() < 0.6, "{:?}", s.mean);
        }
    }

    #[test]
    fn stability_repeats_for_a_seed_and_can_be_cancelled() {
        let x = Array2::from_shape_fn((300, 2), |(i, j)| {
            (i % 3) as f64 * 10.0 + ((i * 7 + j * 3) % 11) as f64 / 11.0
        });
        let labels: Vec<usize> = (0..300).map(|i| i % 3).collect();
        let a = stability(x.view(), &labels, &params(3), &mut |_| true).unwrap();
        let b = stability(x.view(), &labels, &params(3), &mut |_| true).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.rows, 300);
        assert!(a.mean.iter().all(|m| *m == Some(1.0)), "{:?}", a.mean);
        let e = stability(x.view(), &labels, &params(3), &mut |f| f < 0.5).unwrap_err();
        assert_eq!(e, Error::Cancelled);
    }
}
