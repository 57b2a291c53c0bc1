//! A 2-D map of the rows: principal component analysis of the feature matrix.
//!
//! The covariance of the features is computed on a seeded sample of at most `PCA_SAMPLE_ROWS`
//! rows (the axes of a 20,000-row sample are those of the whole to a few decimals, and the cost
//! no longer grows with the file), its eigenvectors found by cyclic Jacobi rotations (exact for a
//! symmetric matrix, no dependency), and every row projected on the two with the largest
//! eigenvalues. Signs follow scikit-learn's `svd_flip`: each axis's largest loading is positive,
//! so the picture does not flip between runs.
//!
//! Jacobi's cost grows with the cube of the features' dimensions, and the covariance with their
//! square: 200 categorical columns (800 dimensions) took over 90 s and a header of 10,000 columns
//! 1.6 GB. Past `EXACT_DIMS` dimensions the axes are found instead by randomized subspace
//! iteration (Halko, Martinsson and Tropp 2011, algorithm 4.4) on a sample of at most
//! `CELLS / dimensions` rows (and at least `MIN_ROWS`): the covariance is never formed, only
//! multiplied by a few vectors, so the cost is the sample's size times the number of axes wanted.

use ndarray::{ArrayView1, ArrayView2};
use serde::{Deserialize, Serialize};

use crate::util::rng;

/// The covariance is estimated on at most this many rows.
pub const PCA_SAMPLE_ROWS: usize = 20_000;

/// Up to this many dimensions, the covariance is formed and its axes found exactly (Jacobi on
/// 128 dimensions: 0.2 s in wasm).
pub const EXACT_DIMS: usize = 128;

/// Past `EXACT_DIMS`, the rows sampled times the dimensions stay under this (but see `MIN_ROWS`).
pub const CELLS: usize = 2_000_000;

/// Past `EXACT_DIMS`, at least this many rows (or all of them) are sampled.
pub const MIN_ROWS: usize = 500;

/// Randomized iteration: vectors beyond the axes wanted, and multiplications by the covariance.
/// Eight steps with six extra vectors give the top axes of the tests to 1e-6.
#[cfg(feature = "full-report")]
const OVERSAMPLE: usize = 6;
#[cfg(feature = "full-report")]
const POWER_STEPS: usize = 8;

/// Principal axes: enough to project any row (they serialize, as a fitted transform).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Pca {
    pub mean: Vec<f64>,
    /// The axes, largest variance first: unit vectors in feature space (an axis is all zeros when
    /// the features have fewer dimensions of spread than axes were asked for).
    pub axes: Vec<Vec<f64>>,
    /// Share of the total variance along each axis.
    pub explained: Vec<f64>,
    /// The variance along each axis.
    pub variance: Vec<f64>,
}

impl Pca {
    /// The two axes of the 2-D map.
    pub fn fit(x: ArrayView2<f64>, seed: u64) -> Pca {
        Pca::fit_axes(x, seed, 2)
    }

    /// The first `count` principal axes.
    pub fn fit_axes(x: ArrayView2<f64>, seed: u64, count: usize) -> Pca {
        let (n, d) = x.dim();
        // The embeddable build (no feature `full-report`) draws no map: its only axes are a text
        // column's, on `TEXT_BUCKETS` dimensions (within `EXACT_DIMS`), so it leaves the
        // randomized iteration out, and any wider call there is exact, only slower.
        let exact = d <= EXACT_DIMS || cfg!(not(feature = "full-report"));
        let cap = if exact {
            PCA_SAMPLE_ROWS
        } else {
            (CELLS / d).clamp(MIN_ROWS, PCA_SAMPLE_ROWS)
        };
        let mut r = rng::seeded(seed);
        let rows: Vec<usize> = if n > cap {
            rng::sample_indices(&mut r, n, cap)
        } else {
            (0..n).collect()
        };
        let m = rows.len().max(1) as f64;
        let mut mean = vec![0.0; d];
        for &i in &rows {
            for (s, v) in mean.iter_mut().zip(x.row(i)) {
                *s += v;
            }
        }
        for s in &mut mean {
            *s /= m;
        }
        // `vectors` holds the candidate axes as the columns of a d x w matrix, row-major.
        let exact_axes = || {
            let (values, vectors) = jacobi(covariance(x, &rows, &mean), d);
            let total: f64 = values.iter().map(|v| v.max(0.0)).sum();
            (values, vectors, d, total)
        };
        #[cfg(feature = "full-report")]
        let (values, vectors, w, total) = if exact {
            exact_axes()
        } else {
            let w = (count + OVERSAMPLE).min(d);
            let (values, vectors, total) = randomized(x, &rows, &mean, w, &mut r);
            (values, vectors, w, total)
        };
        #[cfg(not(feature = "full-report"))]
        let (values, vectors, w, total) = exact_axes();
        let mut order: Vec<usize> = (0..w).collect();
        crate::util::order::sort_indices(&mut order, &mut |a, b| {
            values[b].total_cmp(&values[a]).then(a.cmp(&b))
        });
        let axis = |rank: usize| -> (Vec<f64>, f64, f64) {
            match order.get(rank) {
                Some(&j) if values[j] > 0.0 && total > 0.0 => {
                    let mut v: Vec<f64> = (0..d).map(|a| vectors[a * w + j]).collect();
                    let largest = v
                        .iter()
                        .copied()
                        .max_by(|p, q| p.abs().total_cmp(&q.abs()))
                        .unwrap_or(0.0);
                    if largest < 0.0 {
                        v.iter_mut().for_each(|c| *c = -*c);
                    }
                    (v, values[j] / total, values[j])
                }
                _ => (vec![0.0; d], 0.0, 0.0),
            }
        };
        let (mut axes, mut explained, mut variance) = (Vec::new(), Vec::new(), Vec::new());
        for rank in 0..count {
            let (a, e, v) = axis(rank);
            axes.push(a);
            explained.push(e);
            variance.push(v);
        }
        Pca {
            mean,
            axes,
            explained,
            variance,
        }
    }

    /// A row's coordinate on one axis.
    pub fn coordinate(&self, row: ArrayView1<f64>, axis: usize) -> f64 {
        match self.axes.get(axis) {
            Some(a) => row
                .iter()
                .zip(&self.mean)
                .zip(a)
                .map(|((v, mu), w)| (v - mu) * w)
                .sum(),
            None => 0.0,
        }
    }

    /// A row's coordinates on the first two axes.
    pub fn project(&self, row: ArrayView1<f64>) -> [f64; 2] {
        [self.coordinate(row, 0), self.coordinate(row, 1)]
    }
}

/// The covariance of the sampled rows, a row-major d x d matrix.
fn covariance(x: ArrayView2<f64>, rows: &[usize], mean: &[f64]) -> Vec<f64> {
    let d = mean.len();
    let m = rows.len().max(1) as f64;
    let mut cov = vec![0.0; d * d];
    let mut centred = vec![0.0; d];
    for &i in rows {
        for ((c, v), mu) in centred.iter_mut().zip(x.row(i)).zip(mean) {
            *c = v - mu;
        }
        for a in 0..d {
            let ca = centred[a];
            if ca == 0.0 {
                continue;
            }
            for b in a..d {
                cov[a * d + b] += ca * centred[b];
            }
        }
    }
    for a in 0..d {
        for b in a..d {
            cov[a * d + b] /= m;
            cov[b * d + a] = cov[a * d + b];
        }
    }
    cov
}

#[cfg(feature = "full-report")]
/// The covariance of the sampled rows times each of `q`'s vectors, without forming it:
/// `Xc^T (Xc v) / m`, with `Xc` the centred rows.
fn times_covariance(
    x: ArrayView2<f64>,
    rows: &[usize],
    mean: &[f64],
    q: &[Vec<f64>],
) -> Vec<Vec<f64>> {
    let d = mean.len();
    let m = rows.len().max(1) as f64;
    let mut out = vec![vec![0.0; d]; q.len()];
    let mut centred = vec![0.0; d];
    for &i in rows {
        for ((c, v), mu) in centred.iter_mut().zip(x.row(i)).zip(mean) {
            *c = v - mu;
        }
        for (o, v) in out.iter_mut().zip(q) {
            let along = dot(&centred, v) / m;
            for (s, c) in o.iter_mut().zip(&centred) {
                *s += c * along;
            }
        }
    }
    out
}

#[cfg(feature = "full-report")]
fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(p, q)| p * q).sum()
}

#[cfg(feature = "full-report")]
/// Makes the vectors orthonormal (modified Gram-Schmidt); one that is (nearly) a combination of
/// those before it becomes zero, as when the rows span fewer dimensions than there are vectors.
fn orthonormalize(q: &mut [Vec<f64>]) {
    for j in 0..q.len() {
        let (done, rest) = q.split_at_mut(j);
        let v = &mut rest[0];
        let before = dot(v, v).sqrt();
        for u in done.iter() {
            let along = dot(u, v);
            for (c, b) in v.iter_mut().zip(u) {
                *c -= along * b;
            }
        }
        let norm = dot(v, v).sqrt();
        let keep = norm > 1e-10 * before && norm > 0.0;
        v.iter_mut()
            .for_each(|c| *c = if keep { *c / norm } else { 0.0 });
    }
}

#[cfg(feature = "full-report")]
/// The `w` leading eigenpairs of the sampled rows' covariance by randomized subspace iteration:
/// random vectors multiplied by the covariance `POWER_STEPS` times (kept orthonormal), then the
/// covariance restricted to the subspace they span, whose w x w eigenproblem Jacobi solves
/// (Rayleigh-Ritz). Returns the eigenvalues, the eigenvectors as the columns of a row-major
/// d x w matrix, and the total variance (the covariance's trace).
fn randomized(
    x: ArrayView2<f64>,
    rows: &[usize],
    mean: &[f64],
    w: usize,
    r: &mut rng::Rng,
) -> (Vec<f64>, Vec<f64>, f64) {
    let d = mean.len();
    let mut q: Vec<Vec<f64>> = (0..w)
        .map(|_| (0..d).map(|_| rng::uniform(r) - 0.5).collect())
        .collect();
    orthonormalize(&mut q);
    for _ in 0..POWER_STEPS {
        q = times_covariance(x, rows, mean, &q);
        orthonormalize(&mut q);
    }
    let cq = times_covariance(x, rows, mean, &q);
    let mut small = vec![0.0; w * w];
    for i in 0..w {
        for j in 0..w {
            small[i * w + j] = (dot(&q[i], &cq[j]) + dot(&q[j], &cq[i])) / 2.0;
        }
    }
    let (values, turn) = jacobi(small, w);
    let mut vectors = vec![0.0; d * w];
    for (i, qi) in q.iter().enumerate() {
        for (a, &qa) in qi.iter().enumerate() {
            for j in 0..w {
                vectors[a * w + j] += qa * turn[i * w + j];
            }
        }
    }
    let m = rows.len().max(1) as f64;
    let mut total = 0.0;
    for &i in rows {
        total += x
            .row(i)
            .iter()
            .zip(mean)
            .map(|(v, mu)| (v - mu) * (v - mu))
            .sum::<f64>()
            / m;
    }
    (values, vectors, total)
}

/// Eigenvalues and eigenvectors (as the columns of a row-major d x d matrix) of a symmetric
/// matrix, by cyclic Jacobi rotations (Golub and Van Loan, 8.5). Converges quadratically; the
/// sweep limit only guards against a matrix of NaNs.
fn jacobi(mut a: Vec<f64>, d: usize) -> (Vec<f64>, Vec<f64>) {
    let mut v = vec![0.0; d * d];
    for i in 0..d {
        v[i * d + i] = 1.0;
    }
    let scale: f64 = a.iter().map(|x| x * x).sum::<f64>().sqrt();
    for _sweep in 0..60 {
        let off: f64 = (0..d)
            .flat_map(|p| (0..d).filter(move |&q| q != p).map(move |q| (p, q)))
            .map(|(p, q)| a[p * d + q] * a[p * d + q])
            .sum::<f64>()
            .sqrt();
        // Done, or NaN (a comparison with NaN is false either way).
        if off.is_nan() || off <= 1e-14 * scale {
            break;
        }
        for p in 0..d {
            for q in p + 1..d {
                let apq = a[p * d + q];
                if apq == 0.0 {
                    continue;
                }
                let theta = (a[q * d + q] - a[p * d + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                // A <- J^T A J, rows and columns p and q.
                for k in 0..d {
                    let akp = a[k * d + p];
                    let akq = a[k * d + q];
                    a[k * d + p] = c * akp - s * akq;
                    a[k * d + q] = s * akp + c * akq;
                }
                for k in 0..d {
                    let apk = a[p * d + k];
                    let aqk = a[q * d + k];
                    a[p * d + k] = c * apk - s * aqk;
                    a[q * d + k] = s * apk + c * aqk;
                }
                for k in 0..d {
                    let vkp = v[k * d + p];
                    let vkq = v[k * d + q];
                    v[k * d + p] = c * vkp - s * vkq;
                    v[k * d + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    let values = (0..d).map(|i| a[i * d + i]).collect();
    (values, v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{array, Array2};

    #[test]
    fn jacobi_by_hand() {
        // [[2, 1], [1, 2]]: eigenvalues 3 (axis (1, 1)/sqrt 2) and 1 (axis (1, -1)/sqrt 2).
        let (values, vectors) = jacobi(vec![2.0, 1.0, 1.0, 2.0], 2);
        let mut sorted = values.clone();
        sorted.sort_by(f64::total_cmp);
        assert!((sorted[0] - 1.0).abs() < 1e-12 && (sorted[1] - 3.0).abs() < 1e-12);
        let big = if values[0] > values[1] { 0 } else { 1 };
        let (x, y) = (vectors[big], vectors[2 + big]);
        assert!((x.abs() - 0.5f64.sqrt()).abs() < 1e-12);
        assert!((x - y).abs() < 1e-12);
    }

    #[test]
    fn points_on_a_line_have_one_axis() {
        // (t, 2t): all variance along (1, 2)/sqrt 5, none across it.
        let x = Array2::from_shape_fn((50, 2), |(i, j)| i as f64 * (j + 1) as f64);
        let p = Pca::fit(x.view(), 0);
        let s5 = 5f64.sqrt();
        assert!((p.axes[0][0] - 1.0 / s5).abs() < 1e-9);
        assert!((p.axes[0][1] - 2.0 / s5).abs() < 1e-9);
        assert!((p.explained[0] - 1.0).abs() < 1e-9);
        assert!(p.explained[1].abs() < 1e-9);
        // The mean row (24.5, 49) projects to the origin; row 0 to -24.5 x sqrt 5.
        let [a, b] = p.project(x.row(0));
        assert!((a + 24.5 * s5).abs() < 1e-9 && b.abs() < 1e-6);
    }

    #[test]
    fn matches_scikit_learn_on_a_small_table() {
        // sklearn.decomposition.PCA(2).fit([[1,0,2],[2,1,0],[4,1,1],[3,3,3]]):
        // components_ [[0.508757, 0.694502, 0.508757], [-0.707107, 0, 0.707107]],
        // explained_variance_ratio_ [0.570355, 0.338983].
        let x = array![
            [1.0, 0.0, 2.0],
            [2.0, 1.0, 0.0],
            [4.0, 1.0, 1.0],
            [3.0, 3.0, 3.0]
        ];
        let p = Pca::fit(x.view(), 0);
        let want = [
            [0.508756637, 0.694502245, 0.508756637],
            [
                -std::f64::consts::FRAC_1_SQRT_2,
                0.0,
                std::f64::consts::FRAC_1_SQRT_2,
            ],
        ];
        for (axis, want) in p.axes.iter().zip(want) {
            for (got, want) in axis.iter().zip(want) {
                assert!((got - want).abs() < 1e-8, "{:?}", p.axes);
            }
        }
        assert!((p.explained[0] - 0.57035545).abs() < 1e-8);
        assert!((p.explained[1] - 0.33898305).abs() < 1e-8);
    }

    #[test]
    #[cfg(feature = "full-report")]
    fn many_dimensions_give_the_exact_axes_without_forming_the_covariance() {
        // 300 rows in 150 dimensions (past EXACT_DIMS): two planted directions with standard
        // deviations 10 and 5, and noise of 0.3 in every dimension. The randomized axes must be
        // those Jacobi finds on the full covariance.
        let (n, d) = (300, 150);
        let mut r = rng::seeded(9);
        let u: Vec<f64> = (0..d).map(|a| if a % 3 == 0 { 1.0 } else { 0.0 }).collect();
        let v: Vec<f64> = (0..d)
            .map(|a| if a % 3 == 1 { 1.0 } else { -0.5 })
            .collect();
        let x = Array2::from_shape_fn((n, d), |_| 0.0);
        let mut x = x;
        for i in 0..n {
            let (p, q) = (rng::uniform(&mut r) - 0.5, rng::uniform(&mut r) - 0.5);
            for a in 0..d {
                x[[i, a]] = 35.0 * p * u[a] + 17.0 * q * v[a] + rng::uniform(&mut r) - 0.5;
            }
        }
        let fast = Pca::fit(x.view(), 3);
        let rows: Vec<usize> = (0..n).collect();
        let (values, vectors) = jacobi(covariance(x.view(), &rows, &fast.mean), d);
        let total: f64 = values.iter().map(|v| v.max(0.0)).sum();
        let mut order: Vec<usize> = (0..d).collect();
        order.sort_by(|&a, &b| values[b].total_cmp(&values[a]));
        for (rank, &j) in order[..2].iter().enumerate() {
            let exact: Vec<f64> = (0..d).map(|a| vectors[a * d + j]).collect();
            let cosine = dot(&exact, &fast.axes[rank]).abs();
            assert!(cosine > 1.0 - 1e-6, "axis {rank}: cosine {cosine}");
            assert!((fast.variance[rank] - values[j]).abs() < 1e-6 * values[j]);
            assert!((fast.explained[rank] - values[j] / total).abs() < 1e-9);
        }
    }

    #[test]
    #[cfg(feature = "full-report")]
    fn ten_thousand_dimensions_on_four_rows_map_at_once_instead_of_hanging() {
        // A header of 10,000 columns made a 10,000 x 10,000 covariance (800 MB) and a Jacobi
        // sweep of 10^12 steps. Four rows span three dimensions: two axes, and the rest zero.
        let x = Array2::from_shape_fn((4, 10_000), |(i, a)| ((i * 7 + a * 3) % 10) as f64);
        let started = std::time::Instant::now();
        let p = Pca::fit_axes(x.view(), 0, 5);
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
        assert!(p.explained[0] > 0.0 && p.explained[1] > 0.0);
        let shown: f64 = p.explained.iter().sum();
        assert!((shown - 1.0).abs() < 1e-9, "{:?}", p.explained);
        assert_eq!(p.explained[3..], [0.0, 0.0]);
    }

    #[test]
    fn one_feature_or_no_spread_does_not_fail() {
        let x = array![[1.0], [2.0], [3.0]];
        let p = Pca::fit(x.view(), 0);
        assert_eq!(p.explained, [1.0, 0.0]);
        let x = array![[1.0, 1.0], [1.0, 1.0]];
        let p = Pca::fit(x.view(), 0);
        assert_eq!(p.explained, [0.0, 0.0]);
        assert_eq!(p.project(x.row(0)), [0.0, 0.0]);
    }
}
