//! How good a segmentation is: Calinski-Harabasz, Davies-Bouldin, the silhouette (on a sample
//! stratified by segment, since it is quadratic) and the BIC of spherical Gaussians.

use ndarray::{Array2, ArrayView2};
use serde::Serialize;

use super::lloyd::sq_dist;
use crate::util::rng;

/// The fit's quality, as the result reports it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Metrics {
    /// Sum of squared distances of rows to their segment's centre, in scaled units.
    pub inertia: f64,
    /// Mean silhouette on a sample of at most 2,000 rows; absent with a single populated segment.
    pub silhouette: Option<f64>,
    /// Calinski-Harabasz index (higher is better).
    pub calinski_harabasz: Option<f64>,
    /// Davies-Bouldin index (lower is better).
    pub davies_bouldin: Option<f64>,
    /// Lloyd iterations of the kept run.
    pub iterations: usize,
    pub converged: bool,
    /// Share of point-to-centre distance computations that Hamerly's bounds skipped in the kept
    /// run (0 to 1).
    pub distances_skipped: f64,
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

/// The Bayesian information criterion of k spherical Gaussians sharing one variance, fitted by
/// k-means: the score X-means (Pelleg and Moore 2000) compares splits with. `sizes` are the
/// segments' row counts (empty ones are left out), `inertia` their summed squared distances to
/// their centres, `d` the columns; one segment (`sizes = [n]`, the total sum of squares) is the
/// model "no segments". Higher is better: the log-likelihood at the pooled variance
/// `inertia / (d (n - k))`, less half the `k - 1 + k d + 1` parameters times `ln n`.
///
/// `None` with no degree of freedom left (n <= k). A fit with no spread at all (every row on its
/// centre) is a perfect fit: `+inf`.
pub fn bic(n: usize, d: usize, sizes: &[usize], inertia: f64) -> Option<f64> {
    let k = sizes.iter().filter(|&&s| s > 0).count();
    if n <= k || d == 0 || k == 0 {
        return None;
    }
    let (nf, df, kf) = (n as f64, d as f64, k as f64);
    let variance = inertia / (df * (nf - kf));
    if variance <= 0.0 {
        return Some(f64::INFINITY);
    }
    // Logarithms from libm, as everywhere a result depends on them: the same bits natively and
    // in wasm.
    let mixing: f64 = sizes
        .iter()
        .filter(|&&s| s > 0)
        .map(|&s| s as f64 * libm::log(s as f64 / nf))
        .sum();
    let likelihood = mixing
        - nf * df / 2.0 * libm::log(2.0 * std::f64::consts::PI * variance)
        - df * (nf - kf) / 2.0;
    let parameters = (kf - 1.0) + kf * df + 1.0;
    Some(likelihood - parameters / 2.0 * libm::log(nf))
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
