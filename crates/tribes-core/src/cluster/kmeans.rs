//! k-means: the exact Lloyd fit up to [`MINIBATCH_ROWS`] rows, the mini-batch fit above.

use ndarray::ArrayView2;

use super::lloyd::{Fit, Step};
use super::settings::{Init, Params};
use crate::error::Result;

/// Above this many rows, [`fit`] with k-means++ switches to mini-batch k-means
/// ([`super::minibatch`]: k-means++, Lloyd and mini-batch steps on samples, then at most
/// [`super::minibatch::FINISH_ITER`] Lloyd passes on all the rows).
///
/// Chosen by measurement with `tests/bench/minibatch-vs-lloyd.py` (release build, one thread,
/// 8 columns, k = 8, n_init 3, k-means++, 4 seeds). Time of the mini-batch fit as a share of the
/// full Lloyd fit's, and its inertia relative to Lloyd's (mean; below 0 it found better minima):
///
/// | rows    | 8 overlapping blobs | skewed customer-like | uniform noise |
/// |---------|---------------------|----------------------|---------------|
/// | 50,000  | 0.91, +0%           | 0.36, -0.4%          | 0.20, +0.4%   |
/// | 100,000 | 0.41, +0%           | 0.18, +0.0%          | 0.12, +0.4%   |
/// | 200,000 | 0.26, +0%           | 0.15, +0.04%         | 0.06, +0.4%   |
///
/// (At 1,000,000 rows: 0.10 to 0.14 on the blobs, 0.06 on the customer-like data, +0.05%; the
/// wasm build in Node took 0.6 s against 12.7 s on the latter.) The
/// mini-batch fit costs a near-constant 0.06 to 0.12 s plus its passes over the rows; the full fit
/// grows with rows times iterations: 0.14 to 1 s at 100,000 rows, 0.3 to 2.4 s at 200,000, 1.5 to
/// 5.5 s at 1,000,000. Up to 100,000 rows the exact fit stays affordable in a browser worker, and
/// it is kept there: it is the reference, comparable with scikit-learn, and at 50,000 rows the
/// mini-batch fit saves little on easy data. Above, the mini-batch fit is 4 to 20 times faster
/// for under half a percent of inertia.
pub const MINIBATCH_ROWS: usize = 100_000;

/// k-means with `n_init` restarts: [`super::lloyd::fit_lloyd`] up to [`MINIBATCH_ROWS`] rows or with the fixed
/// start `Init::First` (kept exact for comparisons with other implementations), else
/// [`super::minibatch::fit`]. `progress` is called at least once per Lloyd iteration or mini-batch
/// step; returning `false` stops the fit with `Error::Cancelled`.
///
/// No segment of the result is empty: one the fit could not fill is left out, and the fit has
/// fewer centres than `k`. (Lloyd gives an empty cluster the row farthest from its centre, which
/// fills it whenever the rows have at least k different values; the pipeline asks for no more.)
pub fn fit(x: ArrayView2<f64>, p: &Params, progress: &mut dyn FnMut(Step) -> bool) -> Result<Fit> {
    // The embeddable build (no feature `full-report`) always runs Lloyd: a blog's inline table
    // is far below `MINIBATCH_ROWS`, and mini-batch's code is 2 KB of `embed.js` gzipped.
    let minibatch = cfg!(feature = "full-report") && p.init != Init::First;
    let fit = if minibatch && x.nrows() > MINIBATCH_ROWS {
        super::minibatch::fit(x, p, progress)?
    } else {
        super::lloyd::fit_lloyd(x, p, progress)?
    };
    Ok(without_empty(fit))
}

/// `fit` without its empty segments. Segments are numbered by size, largest first, so the empty
/// ones are the last.
fn without_empty(mut fit: Fit) -> Fit {
    let mut sizes = vec![0usize; fit.centroids.nrows()];
    for &l in &fit.labels {
        sizes[l] += 1;
    }
    let live = sizes.iter().take_while(|&&s| s > 0).count();
    if live < sizes.len() {
        let kept: Vec<usize> = (0..live).collect();
        fit.centroids = fit.centroids.select(ndarray::Axis(0), &kept);
    }
    fit
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array2;

    /// Every segment of a fit has rows, and there are as many as asked when the rows have that
    /// many different values: from both starts, by the exact and the mini-batch fit alike.
    #[test]
    fn no_segment_is_empty_with_few_distinct_rows() {
        // Five distinct rows, repeated unevenly (the first rows all the same, so that the fixed
        // start puts several centres on one point).
        let values = [0.0, 0.0, 0.0, 4.0, 9.0, 9.0, 1.0, 16.0, 4.0, 0.0, 1.0, 9.0];
        let x = Array2::from_shape_fn((240, 2), |(i, j)| values[i % 12] * (j + 1) as f64);
        for k in 1..=5 {
            for init in [Init::KMeansPlusPlus, Init::First] {
                for seed in 0..5 {
                    let p = Params {
                        k,
                        init,
                        n_init: 2,
                        tol: 1e-4,
                        max_iter: 300,
                        seed,
                        threads: 1,
                    };
                    for f in [
                        fit(x.view(), &p, &mut |_| true).unwrap(),
                        without_empty(
                            super::super::minibatch::fit(x.view(), &p, &mut |_| true).unwrap(),
                        ),
                    ] {
                        assert_eq!(f.centroids.nrows(), k, "k {k}, {init:?}, seed {seed}");
                        let mut sizes = vec![0; k];
                        f.labels.iter().for_each(|&l| sizes[l] += 1);
                        assert!(sizes.iter().all(|&s| s > 0), "{sizes:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_segment_left_empty_is_dropped() {
        // Three centres, the third with no rows (numbered by size, so it is the last).
        let f = Fit {
            centroids: ndarray::array![[0.0], [5.0], [5.0]],
            labels: vec![0, 0, 1, 0, 1],
            inertia: 0.0,
            iterations: 1,
            converged: true,
            skipped: 0.0,
        };
        let f = without_empty(f);
        assert_eq!(f.centroids, ndarray::array![[0.0], [5.0]]);
        assert_eq!(f.labels, [0, 0, 1, 0, 1]);
    }
}
