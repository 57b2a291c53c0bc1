//! A 2-D map of the rows: principal component analysis of the feature matrix.
//!
//! The covariance of the features is computed on a seeded sample of at most `PCA_SAMPLE_ROWS`
//! rows (the axes of a 20,000-row sample are those of the whole to a few decimals, and the cost
//! no longer grows with the file), its eigenvectors found by cyclic Jacobi rotations (exact for a
//! symmetric matrix, no dependency), and every row projected on the two with the largest
//! eigenvalues. Signs follow scikit-learn's `svd_flip`: each axis's largest loading is positive,
//! so the picture does not flip between runs.

use ndarray::{ArrayView1, ArrayView2};
use serde::{Deserialize, Serialize};

use crate::util::rng;

/// The covariance is estimated on at most this many rows.
pub const PCA_SAMPLE_ROWS: usize = 20_000;

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
        let mut r = rng::seeded(seed);
        let rows: Vec<usize> = if n > PCA_SAMPLE_ROWS {
            rng::sample_indices(&mut r, n, PCA_SAMPLE_ROWS)
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
        let mut cov = vec![0.0; d * d];
        let mut centred = vec![0.0; d];
        for &i in &rows {
            for ((c, v), mu) in centred.iter_mut().zip(x.row(i)).zip(&mean) {
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
        let (values, vectors) = jacobi(cov, d);
        let total: f64 = values.iter().map(|v| v.max(0.0)).sum();
        let mut order: Vec<usize> = (0..d).collect();
        crate::util::order::sort_indices(&mut order, &mut |a, b| {
            values[b].total_cmp(&values[a]).then(a.cmp(&b))
        });
        let axis = |rank: usize| -> (Vec<f64>, f64, f64) {
            match order.get(rank) {
                Some(&j) if values[j] > 0.0 && total > 0.0 => {
                    let mut v: Vec<f64> = (0..d).map(|a| vectors[a * d + j]).collect();
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
