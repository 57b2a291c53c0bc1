//! Mini-batch k-means for large inputs, finished by a few full Lloyd iterations.
//!
//! [`super::kmeans::fit`] comes here above [`super::kmeans::MINIBATCH_ROWS`] rows. Each of the
//! `n_init` restarts
//!
//! 1. draws a sample of [`SAMPLE_ROWS`] rows, seeds it with greedy k-means++ and runs at most
//!    [`SAMPLE_ITER`] Lloyd iterations on it (cheap: the sample stays in cache);
//! 2. refines these centres with [`STEPS`] mini-batch steps of [`BATCH_ROWS`] rows drawn from all
//!    the rows (Sculley 2010, "Web-scale k-means clustering", as scikit-learn's `MiniBatchKMeans`):
//!    each batch row goes to its nearest centre, and each centre moves to the mean of every row it
//!    was given so far, so its learning rate falls as 1 / count. The sample's rows count as given,
//!    so the steps refine the sample's centres rather than restart them;
//! 3. is scored by its inertia on one validation sample shared by all restarts.
//!
//! The best centres then start Lloyd's iterations on all the rows (Hamerly's bounds, the same
//! `tol`), at most [`FINISH_ITER`] of them, and the rows are labelled by the final centres. The
//! result is that of a Lloyd fit: each row's label is its nearest final centre, a cluster left
//! empty is refilled as in the exact path, the inertia is over all rows.
//!
//! Measured against `n_init` full Lloyd runs (same seed, n_init 3, k-means++), on 200,000 rows x 8
//! columns, 6 seeds: the inertia was 0.06% higher on average on skewed customer-like columns
//! (k = 8), 0.3% on uniform noise (k = 8, the worst case: no structure, Lloyd needs 100 to 220
//! iterations), 0.06% on 8 overlapping blobs with k = 12, and identical on the same blobs with
//! k = 8. Without the mini-batch steps one seed in four was 1.8% worse on the customer-like data:
//! a restart that looked best on its 16,384 rows was not, and the steps, which see nearly four
//! times more rows, pick better. Other sizes (samples of 8,192 or 32,768 rows, batches of 1024 or
//! 4096, 60 steps, 1 or 5 finishing passes) moved these means by 0.1% or less, either way, and the
//! larger ones cost more time.

use ndarray::ArrayView2;

use super::lloyd::{self as kmeans, Centres, Fit, Step};
use super::settings::Params;
use crate::error::{Error, Result};
use crate::util::rng::{self, Rng};

/// Rows of each restart's k-means++ and Lloyd sample, and of the validation sample.
pub const SAMPLE_ROWS: usize = 16_384;

/// At most this many Lloyd iterations on a restart's sample: its own fixed point is not the goal.
pub const SAMPLE_ITER: usize = 30;

/// Rows per mini-batch step (scikit-learn's default is 1024).
pub const BATCH_ROWS: usize = 2048;

/// Mini-batch steps per restart.
pub const STEPS: usize = 30;

/// At most this many Lloyd iterations on all the rows to finish (fewer when `max_iter` is lower or
/// Lloyd converges first).
pub const FINISH_ITER: usize = 3;

/// Mini-batch k-means with `p.n_init` restarts (at least one) and Lloyd's finish. `p.init` is not
/// looked at: every restart seeds with k-means++.
///
/// `progress` is called before every Lloyd iteration on a sample and every mini-batch step, as
/// restart `run` of `runs` = `n_init + 1`, `iteration` of [`SAMPLE_ITER`] + [`STEPS`]; then before
/// every iteration of the finish, as the last run (`n_init`) of at most [`FINISH_ITER`]. Returning
/// `false` stops the fit with `Error::Cancelled`.
///
/// In the result, `iterations` and `converged` are those of the finish: the full passes over the
/// rows, and whether they met Lloyd's stopping rule (no label changed, or the centres moved by at
/// most `tol`) within [`FINISH_ITER`]. `skipped` is the finish's share of distances the bounds
/// made unnecessary. Labels are numbered by cluster size, as [`super::kmeans::fit`]'s.
pub fn fit(x: ArrayView2<f64>, p: &Params, progress: &mut dyn FnMut(Step) -> bool) -> Result<Fit> {
    let (n, d) = x.dim();
    let k = p.k;
    if k == 0 || n < k {
        return Err(Error::TooFewRows { rows: n, k });
    }
    let xs = x.as_standard_layout();
    let Some(data) = xs.as_slice() else {
        return kmeans::fit_lloyd(x, p, progress);
    };
    let mut rng = rng::seeded(p.seed);
    let restarts = p.n_init.max(1);
    let runs = restarts + 1;
    let per_run = SAMPLE_ITER + STEPS;
    let sample_params = Params {
        max_iter: p.max_iter.min(SAMPLE_ITER),
        ..p.clone()
    };
    // One validation sample for every restart, so that their inertias compare.
    let validation = sample(data, n, d, &mut rng);
    let mut best: Option<(f64, Vec<f64>)> = None;
    for run in 0..restarts {
        let mut report = |iteration| {
            progress(Step {
                run,
                runs,
                iteration,
                max_iter: per_run,
            })
        };
        let seeds = sample(data, n, d, &mut rng);
        let m = seeds.len() / d.max(1);
        let start = kmeans::plus_plus(&seeds, m, d, k, &mut rng);
        let on_sample = kmeans::lloyd_rows(&seeds, m, d, start, k, &sample_params, &mut report)?;
        let mut given = vec![0.0f64; k];
        for &l in &on_sample.labels {
            given[l] += 1.0;
        }
        let mut centres = Centres::new(on_sample.centroids.iter().copied().collect(), k, d);
        steps(data, n, &mut centres, &mut given, &mut rng, &mut |step| {
            report(SAMPLE_ITER + step)
        })?;
        let score = inertia(&validation, &centres);
        if best.as_ref().is_none_or(|(b, _)| score < *b) {
            best = Some((score, centres.rows));
        }
    }
    let (_, centres) = best.ok_or(Error::TooFewRows { rows: n, k })?;
    let finish = Params {
        max_iter: p.max_iter.min(FINISH_ITER),
        ..p.clone()
    };
    let f = kmeans::lloyd_rows(data, n, d, centres, k, &finish, &mut |iteration| {
        progress(Step {
            run: restarts,
            runs,
            iteration,
            max_iter: finish.max_iter,
        })
    })?;
    Ok(kmeans::number_by_size(f))
}

/// [`SAMPLE_ROWS`] rows drawn at random with replacement (as scikit-learn's init sample), copied
/// one after the other; all the rows when there are no more than that.
fn sample(data: &[f64], n: usize, d: usize, rng: &mut Rng) -> Vec<f64> {
    if n <= SAMPLE_ROWS {
        return data[..n * d].to_vec();
    }
    let mut out = Vec::with_capacity(SAMPLE_ROWS * d);
    for _ in 0..SAMPLE_ROWS {
        let i = rng::below(rng, n);
        out.extend_from_slice(&data[i * d..(i + 1) * d]);
    }
    out
}

/// The sum of squared distances from the rows of `rows` to their nearest centre.
fn inertia(rows: &[f64], centres: &Centres) -> f64 {
    let mut scratch = centres.scratch();
    rows.chunks_exact(centres.d.max(1))
        .map(|r| centres.nearest_two(r, &mut scratch).1)
        .sum()
}

/// [`STEPS`] mini-batch steps of [`BATCH_ROWS`] rows drawn with replacement. `given` holds how
/// many rows each centre was given so far; a centre's new position is the mean of its old one,
/// weighted by that count, and of its rows in the batch (scikit-learn's `_minibatch_update_dense`).
/// A centre no batch row came to stays where it is.
fn steps(
    data: &[f64],
    n: usize,
    centres: &mut Centres,
    given: &mut [f64],
    rng: &mut Rng,
    progress: &mut dyn FnMut(usize) -> bool,
) -> Result<()> {
    let (k, d) = (centres.k, centres.d);
    let mut sums = vec![0.0f64; k * d];
    let mut counts = vec![0usize; k];
    let mut scratch = centres.scratch();
    let mut batch = Vec::with_capacity(BATCH_ROWS * d);
    for step in 0..STEPS {
        if !progress(step) {
            return Err(Error::Cancelled);
        }
        // The batch is copied out first: a loop that only copies keeps many of these scattered
        // reads in flight, where the distance loop would wait for each row in turn (three times
        // slower on 200,000 rows, whose 12.8 MB outgrow the caches).
        batch.clear();
        for _ in 0..BATCH_ROWS {
            let i = rng::below(rng, n);
            batch.extend_from_slice(&data[i * d..(i + 1) * d]);
        }
        sums.fill(0.0);
        counts.fill(0);
        for r in batch.chunks_exact(d.max(1)) {
            let (a, _, _) = centres.nearest_two(r, &mut scratch);
            counts[a] += 1;
            for (s, v) in sums[a * d..(a + 1) * d].iter_mut().zip(r) {
                *s += v;
            }
        }
        for a in 0..k {
            if counts[a] == 0 {
                continue;
            }
            let before = given[a];
            given[a] += counts[a] as f64;
            for (c, s) in centres.rows[a * d..(a + 1) * d]
                .iter_mut()
                .zip(&sums[a * d..(a + 1) * d])
            {
                *c = (*c * before + s) / given[a];
            }
        }
        centres.refresh();
    }
    Ok(())
}
