//! Choosing k, and the silhouette that chooses it.
//!
//! `k = auto` fits every k from `kMin` to `kMax` (2 and 10) on a seeded sample of at most
//! `sampleRows` rows (20,000) and scores each by its mean silhouette on at most `silhouetteRows`
//! of them (2,000), stratified by segment. The highest silhouette wins; ks
//! within 0.01 of it are tied, and the tie goes to the lowest Davies-Bouldin index, then to the
//! smaller k (`pick_k`).

use ndarray::{Array2, ArrayView2, Axis};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::kmeans::{self, sq_dist, Params, Step};
use crate::options::{AUTO_K_MAX, AUTO_K_MIN, AUTO_SAMPLE_ROWS, SILHOUETTE_SAMPLE_ROWS};
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

/// Calinski-Harabasz (1974): between-segment dispersion over within-segment dispersion, each per
/// degree of freedom. `None` with fewer than two segments or no spread within them.
pub fn calinski_harabasz(
    x: ArrayView2<f64>,
    labels: &[usize],
    centroids: &Array2<f64>,
) -> Option<f64> {
    let (n, k) = (x.nrows(), centroids.nrows());
    if k < 2 || n <= k {
        return None;
    }
    // A plain loop rather than `mean_axis`, which brings in ndarray's broadcasting arithmetic:
    // 8 KB of wasm for this one line.
    let mut mean = ndarray::Array1::<f64>::zeros(x.ncols());
    for row in x.rows() {
        for (m, v) in mean.iter_mut().zip(row) {
            *m += v;
        }
    }
    mean.iter_mut().for_each(|m| *m /= n as f64);
    let mut sizes = vec![0usize; k];
    let mut within = 0.0;
    for (i, &l) in labels.iter().enumerate() {
        sizes[l] += 1;
        within += sq_dist(x.row(i), centroids.row(l));
    }
    let between: f64 = (0..k)
        .map(|c| sizes[c] as f64 * sq_dist(centroids.row(c), mean.view()))
        .sum();
    (within > 0.0).then(|| (between / (k - 1) as f64) / (within / (n - k) as f64))
}

/// Davies-Bouldin (1979): for each segment, the worst ratio of the two segments' mean distance to
/// their centres over the distance between the centres; averaged. `None` with fewer than two
/// non-empty segments.
pub fn davies_bouldin(
    x: ArrayView2<f64>,
    labels: &[usize],
    centroids: &Array2<f64>,
) -> Option<f64> {
    let k = centroids.nrows();
    let mut spread = vec![0.0; k];
    let mut sizes = vec![0usize; k];
    for (i, &l) in labels.iter().enumerate() {
        sizes[l] += 1;
        spread[l] += sq_dist(x.row(i), centroids.row(l)).sqrt();
    }
    let live: Vec<usize> = (0..k).filter(|&c| sizes[c] > 0).collect();
    if live.len() < 2 {
        return None;
    }
    for &c in &live {
        spread[c] /= sizes[c] as f64;
    }
    let mut total = 0.0;
    for &a in &live {
        let worst = live
            .iter()
            .filter(|&&b| b != a)
            .map(|&b| {
                let gap = sq_dist(centroids.row(a), centroids.row(b)).sqrt();
                if gap > 0.0 {
                    (spread[a] + spread[b]) / gap
                } else {
                    f64::INFINITY
                }
            })
            .fold(0.0, f64::max);
        total += worst;
    }
    Some(total / live.len() as f64)
}

/// Each row's silhouette (Rousseeuw 1987), for the rows in `rows`, with distances among those rows
/// only, as scikit-learn's `silhouette_samples` on that subset. A row alone in its cluster scores 0.
///
/// The rows are copied next to each other first, and each pair's distance is computed once and
/// added to both rows' sums: half the work of the textbook loop, on contiguous memory.
pub fn silhouette_samples(
    x: ArrayView2<f64>,
    labels: &[usize],
    k: usize,
    rows: &[usize],
) -> Vec<f64> {
    let m = rows.len();
    let d = x.ncols();
    let mut sizes = vec![0usize; k];
    let mut own = Vec::with_capacity(m);
    let mut packed = Vec::with_capacity(m * d);
    for &i in rows {
        sizes[labels[i]] += 1;
        own.push(labels[i]);
        packed.extend(x.row(i).iter());
    }
    // sums[a * k + c]: summed distance from row a to the rows of cluster c.
    let mut sums = vec![0.0f64; m * k];
    for a in 0..m {
        let ra = &packed[a * d..(a + 1) * d];
        for b in a + 1..m {
            let dist = distance(ra, &packed[b * d..(b + 1) * d]);
            sums[a * k + own[b]] += dist;
            sums[b * k + own[a]] += dist;
        }
    }
    (0..m)
        .map(|a| {
            let c = own[a];
            if sizes[c] <= 1 {
                return 0.0;
            }
            let row = &sums[a * k..(a + 1) * k];
            let within = row[c] / (sizes[c] - 1) as f64;
            let nearest = (0..k)
                .filter(|&o| o != c && sizes[o] > 0)
                .map(|o| row[o] / sizes[o] as f64)
                .fold(f64::INFINITY, f64::min);
            let most = within.max(nearest);
            if most > 0.0 && nearest.is_finite() {
                (nearest - within) / most
            } else {
                0.0
            }
        })
        .collect()
}

/// Euclidean distance, summed in four lanes so the compiler can vectorize it.
fn distance(a: &[f64], b: &[f64]) -> f64 {
    let mut lanes = [0.0f64; 4];
    let mut ca = a.chunks_exact(4);
    let mut cb = b.chunks_exact(4);
    for (x, y) in ca.by_ref().zip(cb.by_ref()) {
        for l in 0..4 {
            let t = x[l] - y[l];
            lanes[l] += t * t;
        }
    }
    let mut total = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
    for (x, y) in ca.remainder().iter().zip(cb.remainder()) {
        total += (x - y) * (x - y);
    }
    total.sqrt()
}

/// Mean silhouette over the rows in `rows`. `None` when fewer than two clusters are present
/// among them.
pub fn silhouette(x: ArrayView2<f64>, labels: &[usize], k: usize, rows: &[usize]) -> Option<f64> {
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

/// Each segment gets at least this many scored rows (all of them when it is smaller), so that a
/// small segment's silhouette is measured rather than left to chance.
pub const SILHOUETTE_MIN_PER_SEGMENT: usize = 20;

/// At most `m` rows, stratified by segment: each segment gets its proportional share of `m`
/// (rounded down), and at least `SILHOUETTE_MIN_PER_SEGMENT`; rows are drawn at random within
/// each segment.
pub fn stratified_sample(labels: &[usize], k: usize, m: usize, seed: u64) -> Vec<usize> {
    let n = labels.len();
    if n <= m {
        return (0..n).collect();
    }
    let mut by_segment: Vec<Vec<usize>> = vec![Vec::new(); k];
    for (i, &l) in labels.iter().enumerate() {
        by_segment[l].push(i);
    }
    let mut r = rng::seeded(seed);
    let mut rows = Vec::with_capacity(m + k * SILHOUETTE_MIN_PER_SEGMENT);
    for members in &by_segment {
        let share = members.len() * m / n;
        let take = share.max(SILHOUETTE_MIN_PER_SEGMENT).min(members.len());
        rows.extend(
            rng::sample_indices(&mut r, members.len(), take)
                .into_iter()
                .map(|j| members[j]),
        );
    }
    rows
}

/// The silhouette of a fit, overall and per segment, on a stratified sample of at most `m` rows.
/// Segments are sampled at different rates, so the overall mean weighs each segment's mean by its
/// size: an estimate of the mean over all rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Silhouettes {
    pub overall: Option<f64>,
    pub per_segment: Vec<Option<f64>>,
}

pub fn sampled_silhouette(
    x: ArrayView2<f64>,
    labels: &[usize],
    k: usize,
    m: usize,
    seed: u64,
) -> Silhouettes {
    let rows = stratified_sample(labels, k, m, seed);
    let values = silhouette_samples(x, labels, k, &rows);
    let mut sums = vec![0.0; k];
    let mut scored = vec![0usize; k];
    for (&i, v) in rows.iter().zip(&values) {
        sums[labels[i]] += v;
        scored[labels[i]] += 1;
    }
    let per_segment: Vec<Option<f64>> = (0..k)
        .map(|c| (scored[c] > 0).then(|| sums[c] / scored[c] as f64))
        .collect();
    let mut sizes = vec![0usize; k];
    for &l in labels {
        sizes[l] += 1;
    }
    let present = (0..k).filter(|&c| scored[c] > 0).count();
    let overall = (present >= 2).then(|| {
        let total: usize = (0..k).filter(|&c| scored[c] > 0).map(|c| sizes[c]).sum();
        (0..k)
            .filter_map(|c| per_segment[c].map(|s| s * sizes[c] as f64))
            .sum::<f64>()
            / total as f64
    });
    Silhouettes {
        overall,
        per_segment,
    }
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

/// What the sweep tries, and on how many rows (the options `kMin`, `kMax`, `sampleRows`,
/// `silhouetteRows`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sweep {
    pub k_min: usize,
    pub k_max: usize,
    pub sample_rows: usize,
    pub silhouette_rows: usize,
}

impl Default for Sweep {
    fn default() -> Self {
        Sweep {
            k_min: AUTO_K_MIN,
            k_max: AUTO_K_MAX,
            sample_rows: AUTO_SAMPLE_ROWS,
            silhouette_rows: SILHOUETTE_SAMPLE_ROWS,
        }
    }
}

/// The k values the sweep can try for `n` rows.
pub fn candidate_ks(sweep: &Sweep, n: usize) -> std::ops::RangeInclusive<usize> {
    sweep.k_min..=sweep.k_max.min(n.saturating_sub(1))
}

/// Sweeps k and returns every candidate's scores and the chosen k.
pub fn choose_k(
    x: ArrayView2<f64>,
    base: &Params,
    sweep: &Sweep,
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
    use crate::options::Init;
    use ndarray::array;

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
            let (k, _) = choose_k(x.view(), &base, &Sweep::default(), &mut |_| true).unwrap();
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
        let (k, scores) = choose_k(x.view(), &base, &Sweep::default(), &mut |_| true).unwrap();
        assert_eq!(k, 4);
        assert_eq!(scores.len(), 9);
        assert_eq!(
            scores.iter().map(|s| s.k).collect::<Vec<_>>(),
            (2..=10).collect::<Vec<_>>()
        );
    }
}
