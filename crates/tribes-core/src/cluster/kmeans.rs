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
pub fn fit(x: ArrayView2<f64>, p: &Params, progress: &mut dyn FnMut(Step) -> bool) -> Result<Fit> {
    if p.init != Init::First && x.nrows() > MINIBATCH_ROWS {
        super::minibatch::fit(x, p, progress)
    } else {
        super::lloyd::fit_lloyd(x, p, progress)
    }
}
