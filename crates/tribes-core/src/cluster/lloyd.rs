//! k-means on every row: greedy k-means++ seeding and Lloyd iterations (with Hamerly's bounds),
//! with restarts.
//!
//! The iteration follows scikit-learn's `_kmeans_single_lloyd` step for step, so that from the
//! same start both reach the same centres: assign every row to its nearest centre and recompute
//! the centres; stop when no label changed ("strict convergence") or when the summed squared
//! centre shift is at most `tol` times the mean variance of the columns. Empty clusters are given
//! the row farthest from its own centre, as scikit-learn does.
//!
//! The rows are summed per block of [`BLOCK_ROWS`] rows, the blocks' partial sums added in block
//! order ([`Block`], [`Partial`]), so that any number of threads gives the same bits; up to one
//! block, the sums are those of one loop over the rows in order (scikit-learn's single-threaded
//! loop adds them so too).

use ndarray::{Array2, ArrayView1, ArrayView2};

use super::parallel;
use super::pool::{self, Incoming, Outgoing, Partial, PoolError, Remote, RoundParts};
use super::settings::{Init, Params};
use crate::error::{Error, Result};
use crate::util::rng::{self, Rng};

#[derive(Debug, Clone)]
pub struct Fit {
    /// k x d centres, numbered by cluster size (largest first).
    pub centroids: Array2<f64>,
    pub labels: Vec<usize>,
    pub inertia: f64,
    pub iterations: usize,
    pub converged: bool,
    /// Share of the point-to-centre distances that the bounds made unnecessary (0 to 1).
    pub skipped: f64,
}

/// Where a fit is, for progress reports: restart `run` of `runs`, Lloyd iteration `iteration`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    pub run: usize,
    pub runs: usize,
    pub iteration: usize,
    pub max_iter: usize,
}

pub fn sq_dist(a: ArrayView1<f64>, b: ArrayView1<f64>) -> f64 {
    a.iter().zip(b.iter()).map(|(x, y)| (x - y) * (x - y)).sum()
}

/// Runs `n_init` restarts of Lloyd's iterations on every row and keeps the one with the lowest
/// inertia. `progress` is called once per Lloyd iteration; returning `false` stops the fit with
/// `Error::Cancelled`.
pub fn fit_lloyd(
    x: ArrayView2<f64>,
    p: &Params,
    progress: &mut dyn FnMut(Step) -> bool,
) -> Result<Fit> {
    let n = x.nrows();
    if p.k == 0 || n < p.k {
        return Err(Error::TooFewRows { rows: n, k: p.k });
    }
    let mut rng = rng::seeded(p.seed);
    // With a fixed start every restart would be the same run.
    let runs = if p.init == Init::First {
        1
    } else {
        p.n_init.max(1)
    };
    let start = |rng: &mut Rng| match p.init {
        Init::First => x.select(ndarray::Axis(0), &(0..p.k).collect::<Vec<_>>()),
        Init::KMeansPlusPlus => kmeans_plus_plus(x, p.k, rng),
    };
    let mut best: Option<Fit> = None;
    let threads = parallel::for_values(p.threads, n * x.ncols());
    if parallel::usable(threads) > 1 && runs > 1 && n <= BLOCK_ROWS {
        // One block of rows: the restarts are what runs side by side. Lloyd draws nothing, so
        // every start is seeded first, in order, as the loop below would draw them.
        let starts: Vec<Array2<f64>> = (0..runs).map(|_| start(&mut rng)).collect();
        let one = Params {
            threads: 1,
            ..p.clone()
        };
        let fits = parallel::jobs(
            p.threads,
            runs,
            &|run, tick| {
                lloyd(x, starts[run].clone(), &one, &mut |iteration| {
                    tick(iteration as f64 / p.max_iter as f64)
                })
            },
            &mut |f| {
                // The fraction of all the restarts done, as a restart and an iteration.
                let at = f * runs as f64;
                let run = (at as usize).min(runs - 1);
                progress(Step {
                    run,
                    runs,
                    iteration: ((at - run as f64) * p.max_iter as f64) as usize,
                    max_iter: p.max_iter,
                })
            },
        )?;
        for f in fits {
            if best.as_ref().is_none_or(|b| f.inertia < b.inertia) {
                best = Some(f);
            }
        }
    } else {
        for run in 0..runs {
            let centroids = start(&mut rng);
            let f = lloyd(x, centroids, p, &mut |iteration| {
                progress(Step {
                    run,
                    runs,
                    iteration,
                    max_iter: p.max_iter,
                })
            })?;
            if best.as_ref().is_none_or(|b| f.inertia < b.inertia) {
                best = Some(f);
            }
        }
    }
    let best = best.ok_or(Error::TooFewRows { rows: n, k: p.k })?;
    Ok(number_by_size(best))
}

/// Greedy k-means++ (Arthur and Vassilvitskii 2007, with scikit-learn's 2 + floor(ln k) local
/// trials): each new centre is the best of several candidates drawn with probability proportional
/// to the squared distance to the nearest centre chosen so far.
pub fn kmeans_plus_plus(x: ArrayView2<f64>, k: usize, rng: &mut Rng) -> Array2<f64> {
    let d = x.ncols();
    let xs = x.as_standard_layout();
    let data = xs.as_slice().unwrap_or(&[]);
    let centres = plus_plus(data, x.nrows(), d, k, rng);
    Array2::from_shape_vec((k, d), centres).unwrap_or_else(|_| Array2::zeros((k, d)))
}

/// [`kmeans_plus_plus`] on `n` rows of `d` values stored row after row in `data`: returns the k
/// centres the same way. The distances are `sq`'s, so the draws are those of the row-view version.
pub(crate) fn plus_plus(data: &[f64], n: usize, d: usize, k: usize, rng: &mut Rng) -> Vec<f64> {
    let mut centroids = vec![0.0; k * d];
    if n == 0 || k == 0 || data.len() < n * d {
        return centroids;
    }
    let row = |i: usize| &data[i * d..(i + 1) * d];
    let trials = 2 + (k as f64).ln().floor() as usize;
    let first = rng::below(rng, n);
    centroids[..d].copy_from_slice(row(first));
    let mut closest: Vec<f64> = (0..n).map(|i| sq(row(i), row(first))).collect();
    let mut cumulative = vec![0.0; n];
    let mut potentials = vec![0.0; trials];
    // Every row's distance to every candidate, candidate after candidate: the chosen one's are
    // the new distances to the nearest centre, which were computed a second time before (a
    // fifth of the k-means++ time with k = 2 to 10).
    let mut to_candidates = vec![0.0; trials * n];
    for c in 1..k {
        let mut total = 0.0;
        for (cum, d) in cumulative.iter_mut().zip(&closest) {
            total += d;
            *cum = total;
        }
        // The candidates only depend on the draws, so all are drawn first and scored in one pass
        // over the rows, as a small set of centres (see `Centres::distances`). Each candidate's
        // potential adds the same numbers in the same order as scoring it alone would.
        let candidates: Vec<usize> = (0..trials)
            .map(|_| {
                if total > 0.0 && total.is_finite() {
                    let r = rng::uniform(rng) * total;
                    cumulative.partition_point(|&s| s <= r).min(n - 1)
                } else {
                    // Every row sits on a centre already: any row will do.
                    rng::below(rng, n)
                }
            })
            .collect();
        let scored = Centres::new(
            candidates.iter().flat_map(|&i| row(i)).copied().collect(),
            trials,
            d,
        );
        let mut dist = scored.scratch();
        potentials.fill(0.0);
        for (i, &old) in closest.iter().enumerate() {
            scored.distances(row(i), &mut dist);
            for (t, (p, &dc)) in potentials.iter_mut().zip(&dist).enumerate() {
                *p += smaller(old, dc);
                to_candidates[t * n + i] = dc;
            }
        }
        // The first of the lowest potentials.
        let mut best: Option<(usize, f64)> = None;
        for (t, &potential) in potentials.iter().enumerate() {
            if best.is_none_or(|(_, p)| potential < p) {
                best = Some((t, potential));
            }
        }
        if let Some((t, _)) = best {
            centroids[c * d..(c + 1) * d].copy_from_slice(row(candidates[t]));
            // `Centres::distances` gives `sq`'s bits, so these are the distances `sq` would give.
            for (slot, &dc) in closest.iter_mut().zip(&to_candidates[t * n..(t + 1) * n]) {
                *slot = smaller(*slot, dc);
            }
        }
    }
    centroids
}

/// scikit-learn's tolerance: `tol` times the mean of the columns' variances. Both passes run
/// along the rows, the order they are stored in, block by block (each block's sums added in block
/// order, as Lloyd's are), wherever the blocks run.
fn absolute_tol(runner: &mut Runner, tol: f64) -> Result<f64> {
    let (n, d) = (runner.n, runner.d);
    if d == 0 || tol == 0.0 || n == 0 {
        return Ok(0.0);
    }
    let added = |parts: Vec<Vec<f64>>| {
        let mut parts = parts.into_iter();
        let mut total = parts.next().unwrap_or_else(|| vec![0.0; d]);
        for p in parts {
            for (t, v) in total.iter_mut().zip(&p) {
                *t += v;
            }
        }
        total
    };
    let mut mean = added(runner.each(
        Outgoing::column_sums,
        &|_, rows| column_sums(rows, d, None),
        |reply| Incoming::sums(reply, d),
    )?);
    for m in &mut mean {
        *m /= n as f64;
    }
    let var = added(runner.each(
        || Outgoing::deviations(&mean),
        &|_, rows| column_sums(rows, d, Some(&mean)),
        |reply| Incoming::sums(reply, d),
    )?);
    Ok(var.iter().map(|s| s / n as f64).sum::<f64>() / d as f64 * tol)
}

/// The sum of every column of `rows` (`d` values each, added in row order), or with `mean` the
/// sum of their squared deviations from it.
pub(crate) fn column_sums(rows: &[f64], d: usize, mean: Option<&[f64]>) -> Vec<f64> {
    let mut s = vec![0.0; d];
    if d == 0 {
        return s;
    }
    match mean {
        None => {
            for row in rows.chunks_exact(d) {
                for (s, v) in s.iter_mut().zip(row) {
                    *s += v;
                }
            }
        }
        Some(mean) => {
            for row in rows.chunks_exact(d) {
                for ((s, v), m) in s.iter_mut().zip(row).zip(mean) {
                    *s += (v - m) * (v - m);
                }
            }
        }
    }
    s
}

/// The smaller of two numbers, as a comparison and a select. `f64::min` would also pass over a
/// NaN, which wasm's `f64.min` instruction does not, so in wasm it is a call to a library function:
/// too slow in the loops over rows. For numbers that are not NaN both agree.
#[inline]
fn smaller(a: f64, b: f64) -> f64 {
    if b < a {
        b
    } else {
        a
    }
}

/// The larger of two numbers; see [`smaller`].
#[inline]
fn larger(a: f64, b: f64) -> f64 {
    if b > a {
        b
    } else {
        a
    }
}

/// The squared distance between two rows, adding the columns in order.
#[inline]
pub(crate) fn sq(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum()
}

/// How many centres [`Centres::distances`] handles at once, one SIMD lane each: eight f64 are four
/// SSE2 or wasm simd128 registers (two AVX ones), enough independent additions to hide their
/// latency and few enough to stay in registers. With at most four centres (k = 2 to 4, or the
/// k-means++ candidates) a group of four wastes no lanes, and measured faster.
const WIDE: usize = 8;
const NARROW: usize = 4;

/// The centres, kept in two layouts. `rows` is k x d, one centre after the other, for a single
/// distance and for the update. `lanes` holds the same numbers transposed in groups of `width`
/// centres: for group g, column j, the group's values are side by side, at
/// `lanes[(g * d + j) * width..][..width]` (missing centres of the last group are zeros).
///
/// The distances from a row to every centre are the hot loop of k-means. Computed centre by centre,
/// each is a short sum over d columns that the compiler cannot vectorise without reordering the
/// additions. With the transposed layout, one accumulator per centre takes the columns in the same
/// order as [`sq`], and the loop over the centres is what runs in SIMD lanes: the distances are
/// bit for bit those of `sq`, so the labels are exactly those of the straightforward loop.
pub(crate) struct Centres {
    pub k: usize,
    pub d: usize,
    pub rows: Vec<f64>,
    width: usize,
    lanes: Vec<f64>,
}

impl Centres {
    pub fn new(rows: Vec<f64>, k: usize, d: usize) -> Self {
        let width = if k <= NARROW { NARROW } else { WIDE };
        let mut c = Centres {
            k,
            d,
            rows,
            width,
            lanes: vec![0.0; k.div_ceil(width) * width * d],
        };
        c.refresh();
        c
    }

    #[inline]
    pub fn row(&self, c: usize) -> &[f64] {
        &self.rows[c * self.d..(c + 1) * self.d]
    }

    /// Copies `rows` into the transposed layout: call it after changing `rows`.
    pub fn refresh(&mut self) {
        let (d, w) = (self.d, self.width);
        for c in 0..self.k {
            let (g, l) = (c / w, c % w);
            for j in 0..d {
                self.lanes[(g * d + j) * w + l] = self.rows[c * d + j];
            }
        }
    }

    /// A buffer for [`Centres::distances`].
    pub fn scratch(&self) -> Vec<f64> {
        vec![0.0; self.k.div_ceil(self.width) * self.width]
    }

    /// The squared distances from `x` to every centre, into `out[..k]` (`out` from `scratch`).
    #[inline]
    pub fn distances(&self, x: &[f64], out: &mut [f64]) {
        if self.width == NARROW {
            distances_in_groups::<NARROW>(&self.lanes, x, out);
        } else {
            distances_in_groups::<WIDE>(&self.lanes, x, out);
        }
    }

    /// The nearest centre of `x` (the first of equals), its squared distance and the squared
    /// distance to the second nearest.
    #[inline]
    pub fn nearest_two(&self, x: &[f64], scratch: &mut [f64]) -> (usize, f64, f64) {
        self.distances(x, scratch);
        let (mut best, mut d1, mut d2) = (0usize, f64::INFINITY, f64::INFINITY);
        for (j, &dj) in scratch.iter().take(self.k).enumerate() {
            // Written without an `else` so that it compiles to selects, not branches the
            // processor would mispredict: the new second is the old one or the larger of the old
            // nearest and this one.
            d2 = smaller(d2, if dj < d1 { d1 } else { dj });
            if dj < d1 {
                d1 = dj;
                best = j;
            }
        }
        (best, d1, d2)
    }

    /// Half the distance from each centre to its nearest other centre, into `out`.
    fn half_gaps(&self, out: &mut [f64]) {
        for (a, slot) in out.iter_mut().enumerate().take(self.k) {
            let mut nearest = f64::INFINITY;
            for b in 0..self.k {
                if a != b {
                    nearest = nearest.min(sq(self.row(a), self.row(b)));
                }
            }
            *slot = 0.5 * nearest.sqrt();
        }
    }
}

/// [`Centres::distances`] for groups of `W` centres.
fn distances_in_groups<const W: usize>(lanes: &[f64], x: &[f64], out: &mut [f64]) {
    let group = x.len() * W;
    for (g, out) in out.chunks_exact_mut(W).enumerate() {
        let Some(block) = lanes.get(g * group..(g + 1) * group) else {
            break;
        };
        group_distances::<W>(block, x, out);
    }
}

/// The squared distances from `x` to one group of `W` centres (`block`: column after column, `W`
/// values each) into `out[..W]`. Written for the compiler to vectorise, which it does at the
/// native release build's opt-level 3.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
fn group_distances<const W: usize>(block: &[f64], x: &[f64], out: &mut [f64]) {
    let mut acc = [0.0f64; W];
    for (&v, column) in x.iter().zip(block.chunks_exact(W)) {
        for (a, &c) in acc.iter_mut().zip(column) {
            *a += (v - c) * (v - c);
        }
    }
    out.copy_from_slice(&acc);
}

/// [`group_distances`] in wasm, with simd128 spelled out: the wasm build is optimised for size
/// (opt-level "s"), where the compiler vectorises and unrolls nothing. Two centres per `f64x2`,
/// one accumulator variable per pair so that they stay in registers; the same operations in the
/// same order as the portable version, so the same bits.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn group_distances<const W: usize>(block: &[f64], x: &[f64], out: &mut [f64]) {
    use core::arch::wasm32::{
        f64x2, f64x2_add, f64x2_extract_lane, f64x2_mul, f64x2_splat, f64x2_sub, v128,
    };
    /// `acc` plus the squared differences between `v` and the centres `c[i]` and `c[i + 1]`.
    #[inline(always)]
    fn add(acc: v128, v: v128, c: &[f64], i: usize) -> v128 {
        let t = f64x2_sub(v, f64x2(c[i], c[i + 1]));
        f64x2_add(acc, f64x2_mul(t, t))
    }
    let zero = f64x2_splat(0.0);
    let (mut a0, mut a1, mut a2, mut a3) = (zero, zero, zero, zero);
    for (&v, c) in x.iter().zip(block.chunks_exact(W)) {
        let v = f64x2_splat(v);
        a0 = add(a0, v, c, 0);
        a1 = add(a1, v, c, 2);
        // W is NARROW (4) or WIDE (8), known when this is compiled.
        if W == WIDE {
            a2 = add(a2, v, c, 4);
            a3 = add(a3, v, c, 6);
        }
    }
    for (a, pair) in [a0, a1, a2, a3].iter().zip(out[..W].chunks_exact_mut(2)) {
        pair[0] = f64x2_extract_lane::<0>(*a);
        pair[1] = f64x2_extract_lane::<1>(*a);
    }
}

/// A label no row has: the row has not been assigned yet.
const UNASSIGNED: usize = usize::MAX;

/// How far the centres moved in the last update, as Hamerly's bounds need it: a row's upper bound
/// grows by its own centre's move, its lower bound shrinks by the largest move of any other centre.
pub(crate) struct Moves {
    pub own: Vec<f64>,
    far: f64,
    far_at: usize,
    second: f64,
}

impl Moves {
    fn none(k: usize) -> Self {
        Moves {
            own: vec![0.0; k],
            far: 0.0,
            far_at: UNASSIGNED,
            second: 0.0,
        }
    }

    /// Finds the largest and second largest move once `own` is filled in.
    fn update(&mut self) {
        let (mut far, mut far_at, mut second) = (0.0f64, UNASSIGNED, 0.0f64);
        for (a, &m) in self.own.iter().enumerate() {
            if m > far {
                second = far;
                far = m;
                far_at = a;
            } else if m > second {
                second = m;
            }
        }
        (self.far, self.far_at, self.second) = (far, far_at, second);
    }

    /// The largest move, its centre (none when no centre moved) and the second largest.
    pub(crate) fn largest(&self) -> (f64, Option<usize>, f64) {
        let at = (self.far_at != UNASSIGNED).then_some(self.far_at);
        (self.far, at, self.second)
    }

    /// The moves as [`Moves::largest`] and `own` gave them (a host's copy of the caller's).
    pub(crate) fn from_parts(own: Vec<f64>, far: f64, far_at: Option<usize>, second: f64) -> Self {
        Moves {
            own,
            far,
            far_at: far_at.unwrap_or(UNASSIGNED),
            second,
        }
    }

    /// Moves the bounds of a row of centre `a`.
    #[inline]
    fn widen(&self, a: usize, upper: &mut f64, lower: &mut f64) {
        *upper += self.own[a];
        *lower -= if a == self.far_at {
            self.second
        } else {
            self.far
        };
    }
}

/// Rows per block of Lloyd's update. Each iteration, every block of this many rows (the last one
/// shorter) adds its rows to its own partial sums, in row order; the blocks' partial sums are then
/// added in block order. The result depends on this size and on nothing else: one thread or eight
/// (or, later, a page's workers or a cluster's nodes, each given whole blocks) give the same
/// centres and labels to the last bit. Up to this many rows there is one block, and the sums are
/// those of one loop over the rows in order, as scikit-learn's single-threaded loop adds them.
pub const BLOCK_ROWS: usize = 65_536;

/// One block's own state across Lloyd's iterations: the first row it holds, and its rows' labels
/// and Hamerly bounds. Nothing else writes them; a worker holding the block's rows and this state
/// can run [`Block::assign`] on its own.
pub(crate) struct Block {
    pub start: usize,
    pub labels: Vec<usize>,
    pub upper: Vec<f64>,
    pub lower: Vec<f64>,
}

/// What every block is given for one iteration: the centres, how far each moved in the last
/// update (for the bounds), and half the distance from each centre to its nearest other.
pub(crate) struct Round<'a> {
    pub centres: &'a Centres,
    pub moves: &'a Moves,
    pub half_gap: &'a [f64],
}

impl Round<'_> {
    /// The round's numbers, as they travel to a pool's hosts.
    pub fn parts(&self) -> RoundParts<'_> {
        let (far, far_at, second) = self.moves.largest();
        RoundParts {
            centres: &self.centres.rows,
            own: &self.moves.own,
            far,
            far_at,
            second,
            half_gap: self.half_gap,
        }
    }
}

impl Block {
    /// A block of `rows` rows from row `start`, none assigned yet.
    pub fn new(start: usize, rows: usize) -> Block {
        Block {
            start,
            labels: vec![UNASSIGNED; rows],
            upper: vec![f64::INFINITY; rows],
            lower: vec![0.0; rows],
        }
    }

    /// The blocks of `n` rows: [`BLOCK_ROWS`] each, the last one shorter.
    pub fn split(n: usize) -> Vec<Block> {
        (0..n.div_ceil(BLOCK_ROWS))
            .map(|b| {
                let start = b * BLOCK_ROWS;
                Block::new(start, (n - start).min(BLOCK_ROWS))
            })
            .collect()
    }

    /// This block's rows out of all the rows (`d` values each, one after the other).
    pub fn rows<'a>(&self, data: &'a [f64], d: usize) -> &'a [f64] {
        &data[self.start * d..(self.start + self.labels.len()) * d]
    }

    /// Gives the block's row `at` to cluster `to` (a relocation): its bounds start again.
    pub fn reset(&mut self, at: usize, to: usize) {
        if at < self.labels.len() {
            self.labels[at] = to;
            self.upper[at] = f64::INFINITY;
            self.lower[at] = 0.0;
        }
    }

    /// The label of the block's row `at`.
    pub fn label(&self, at: usize) -> usize {
        self.labels.get(at).copied().unwrap_or(UNASSIGNED)
    }

    /// One iteration's assignment step on this block's `rows` (`d` values each, the block's own):
    /// the pass over the rows that does everything a row needs. It moves the row's bounds by the
    /// last centre moves, checks them, computes distances only if they fail, counts a changed
    /// label, and adds the row to its centre's sum, rows in order.
    pub fn assign(&mut self, rows: &[f64], round: &Round) -> Partial {
        let cs = round.centres;
        let (k, d) = (cs.k, cs.d);
        let mut scratch = cs.scratch();
        let mut sums = vec![0.0f64; k * d];
        let mut counts = vec![0usize; k];
        let (mut changed, mut computed) = (0usize, 0u64);
        for i in 0..self.labels.len() {
            let r = &rows[i * d..(i + 1) * d];
            let mut a = self.labels[i];
            let mut settled = false;
            if a != UNASSIGNED {
                round.moves.widen(a, &mut self.upper[i], &mut self.lower[i]);
                let bound = larger(round.half_gap[a], self.lower[i]);
                settled = self.upper[i] <= bound;
                if !settled {
                    self.upper[i] = sq(r, cs.row(a)).sqrt();
                    computed += 1;
                    settled = self.upper[i] <= bound;
                }
            }
            if !settled {
                // Every distance: the nearest centre (the first of equals, as plain Lloyd) and
                // the second nearest.
                let (best, d1, d2) = cs.nearest_two(r, &mut scratch);
                computed += k as u64;
                changed += usize::from(best != a);
                a = best;
                self.labels[i] = best;
                self.upper[i] = d1.sqrt();
                self.lower[i] = d2.sqrt();
            }
            counts[a] += 1;
            for (s, v) in sums[a * d..(a + 1) * d].iter_mut().zip(r) {
                *s += v;
            }
        }
        Partial {
            sums,
            counts,
            changed,
            computed,
        }
    }

    /// The `m` rows of this block farthest from their own centre, farthest first (the first row
    /// of equals first): `(squared distance, row number in all the rows, label)`. The blocks'
    /// lists, merged, begin as the list of all the rows would, which is all that the relocation
    /// of empty clusters reads (see [`relocate_empty`]).
    pub fn farthest(&self, rows: &[f64], centres: &Centres, m: usize) -> Vec<(f64, usize, usize)> {
        let d = centres.d;
        let dist: Vec<f64> = (0..self.labels.len())
            .map(|i| sq(&rows[i * d..(i + 1) * d], centres.row(self.labels[i])))
            .collect();
        let mut far: Vec<usize> = (0..dist.len()).collect();
        crate::util::order::sort_indices(&mut far, &mut |a, b| dist[b].total_cmp(&dist[a]));
        far.truncate(m);
        far.into_iter()
            .map(|i| (dist[i], self.start + i, self.labels[i]))
            .collect()
    }

    /// After the last iteration: this block's rows labelled by the final centres, and the sum of
    /// their squared distances to them. With `strict` the labels already are those of the final
    /// centres; otherwise the centres moved after the last assignment, and the exact distance to
    /// the current centre, which the inertia needs anyway, decides with the bounds whether the
    /// other centres must be looked at.
    pub fn finish(&mut self, rows: &[f64], round: &Round, strict: bool) -> f64 {
        let cs = round.centres;
        let d = cs.d;
        let row = |i: usize| &rows[i * d..(i + 1) * d];
        if strict {
            return (0..self.labels.len())
                .map(|i| sq(row(i), cs.row(self.labels[i])))
                .sum();
        }
        let mut scratch = cs.scratch();
        let mut inertia = 0.0;
        for i in 0..self.labels.len() {
            let r = row(i);
            let a = self.labels[i];
            let mut kept = None;
            if a != UNASSIGNED {
                round.moves.widen(a, &mut self.upper[i], &mut self.lower[i]);
                let dist = sq(r, cs.row(a));
                if dist.sqrt() <= larger(round.half_gap[a], self.lower[i]) {
                    kept = Some(dist);
                }
            }
            inertia += match kept {
                Some(dist) => dist,
                None => {
                    let (best, d1, _) = cs.nearest_two(r, &mut scratch);
                    self.labels[i] = best;
                    d1
                }
            };
        }
        inertia
    }
}

/// Lloyd's iterations with Hamerly's bounds (Hamerly 2010, "Making k-means even faster"): each row
/// keeps an upper bound on the distance to its centre and a lower bound on the distance to any
/// other; when the upper bound is below both the lower bound and half the distance from its centre
/// to the nearest other centre, the row cannot change segment and no distance is computed. The
/// assignments are those of plain Lloyd; only the work differs.
///
/// Each iteration runs [`Block::assign`] on every block of [`BLOCK_ROWS`] rows (on `p.threads`
/// threads, contiguous runs of blocks each) and adds their partial sums in block order, so the
/// centres do not depend on the threads.
fn lloyd(
    x: ArrayView2<f64>,
    centroids: Array2<f64>,
    p: &Params,
    progress: &mut dyn FnMut(usize) -> bool,
) -> Result<Fit> {
    let xs = x.as_standard_layout();
    let data = xs.as_slice().unwrap_or(&[]);
    let k = centroids.nrows();
    let (n, d) = x.dim();
    let centres = centroids.iter().copied().collect();
    lloyd_rows(data, n, d, centres, k, p, progress)
}

/// [`lloyd`] on `n` rows of `d` values stored one after the other in `data`, from the `k` centres
/// in `centres` (k x d, one after the other).
///
/// With a [`pool::BlockPool`] installed on this thread and rows that span two blocks or more, the
/// blocks after the first run go to the pool's hosts (see [`Runner::pooled`]); if the pool fails,
/// the fit starts again here, with the same result.
pub(crate) fn lloyd_rows(
    data: &[f64],
    n: usize,
    d: usize,
    centres: Vec<f64>,
    k: usize,
    p: &Params,
    progress: &mut dyn FnMut(usize) -> bool,
) -> Result<Fit> {
    // (Never fewer values than that: a guard, so that no row can be out of bounds.)
    let n = data.len().checked_div(d).map_or(n, |rows| n.min(rows));
    let data = &data[..n * d];
    if let Some(pool) = pool::installed().filter(|_| n > BLOCK_ROWS) {
        let mut runner = Runner::pooled(data, n, d, k, p.threads, pool);
        let fit = runner
            .as_mut()
            .map(|runner| iterate(runner, centres.clone(), p, progress));
        match (fit, runner.and_then(|r| r.broken)) {
            (Some(fit), None) => {
                pool::record(true);
                return fit;
            }
            (_, Some(_)) => pool::record(false),
            // The messages would not fit the pool's: the fit runs here.
            (None, None) => {}
        }
    }
    let mut runner = Runner::local(data, n, d, k, p.threads);
    iterate(&mut runner, centres, p, progress)
}

/// Lloyd's iterations on the blocks of `runner` from `centres`.
fn iterate(
    runner: &mut Runner,
    centres: Vec<f64>,
    p: &Params,
    progress: &mut dyn FnMut(usize) -> bool,
) -> Result<Fit> {
    let (n, d, k) = (runner.n, runner.d, runner.k);
    let data = runner.data;
    let tol = absolute_tol(runner, p.tol)?;
    let mut cs = Centres::new(centres, k, d);
    let mut half_gap = vec![0.0f64; k];
    let mut moves = Moves::none(k);
    let mut strict = false;
    let mut converged = false;
    let mut iterations = 0;
    let (mut computed, mut possible) = (0u64, 0u64);
    for it in 0..p.max_iter {
        if !progress(it) {
            return Err(Error::Cancelled);
        }
        cs.half_gaps(&mut half_gap);
        possible += (n * k) as u64;
        let round = Round {
            centres: &cs,
            moves: &moves,
            half_gap: &half_gap,
        };
        let parts = runner.each(
            || Outgoing::assign(&round.parts()),
            &|b, rows| b.assign(rows, &round),
            |reply| Incoming::partials(reply, k, d),
        )?;
        let Some(Partial {
            mut sums,
            mut counts,
            changed,
            computed: c,
        }) = Partial::merged(parts)
        else {
            break;
        };
        computed += c;
        let relocated = counts.contains(&0);
        if relocated {
            // Rare: exact distances for the relocation, and bounds reset for the rows it moves.
            // At most one row per centre is passed over (see `relocate_empty`), so each block
            // sends its `empty + k` farthest rows.
            let m = counts.iter().filter(|&&c| c == 0).count() + k;
            let lists = runner.each(
                || Outgoing::farthest(&cs.rows, m),
                &|b, rows| b.farthest(rows, &cs, m),
                |reply| Incoming::farthest(reply, k),
            )?;
            let candidates: Vec<(f64, usize, usize)> = lists.into_iter().flatten().collect();
            let moved = relocate_empty(data, &candidates, &mut sums, &mut counts, d);
            runner.reset(&moved)?;
        }
        let mut shift = 0.0;
        for a in 0..k {
            let count = counts[a].max(1) as f64;
            let mut m = 0.0;
            for j in 0..d {
                let new = sums[a * d + j] / count;
                let delta = new - cs.rows[a * d + j];
                m += delta * delta;
                cs.rows[a * d + j] = new;
            }
            shift += m;
            moves.own[a] = m.sqrt();
        }
        moves.update();
        cs.refresh();
        iterations = it + 1;
        // No label changed: the centres are the means of the same rows as before, a fixed point.
        // (An iteration that had to fill an empty cluster does not count as one.)
        if changed == 0 && !relocated {
            strict = true;
            converged = true;
            break;
        }
        if shift <= tol {
            converged = true;
            break;
        }
    }
    if !strict {
        cs.half_gaps(&mut half_gap);
    }
    let round = Round {
        centres: &cs,
        moves: &moves,
        half_gap: &half_gap,
    };
    let inertias = runner.each(
        || Outgoing::finish(&round.parts(), strict),
        &|b, rows| b.finish(rows, &round, strict),
        |reply| Ok(reply.to_vec()),
    )?;
    let inertia = inertias.into_iter().reduce(|a, b| a + b).unwrap_or(0.0);
    let labels = runner.labels()?;
    Ok(Fit {
        centroids: Array2::from_shape_fn((k, d), |(a, j)| cs.rows[a * d + j]),
        labels,
        inertia,
        iterations,
        converged,
        skipped: if possible == 0 {
            0.0
        } else {
            1.0 - computed as f64 / possible as f64
        },
    })
}

/// Where Lloyd's blocks run: all on this thread (on `threads` threads natively), or the first run
/// here and the others on a pool's hosts. Each step gives one answer per block, in block order,
/// however they were spread, and the caller merges them as it would its own.
struct Runner<'a> {
    data: &'a [f64],
    n: usize,
    d: usize,
    k: usize,
    threads: usize,
    /// The blocks run here: every block, or the first run of them with a pool.
    blocks: Vec<Block>,
    remote: Option<Remote>,
    /// What went wrong with the pool: the step then stops with `Error::Cancelled`, and
    /// `lloyd_rows` starts again without the pool.
    broken: Option<PoolError>,
}

impl<'a> Runner<'a> {
    fn local(data: &'a [f64], n: usize, d: usize, k: usize, threads: usize) -> Self {
        Runner {
            data,
            n,
            d,
            k,
            threads,
            blocks: Block::split(n),
            remote: None,
            broken: None,
        }
    }

    /// The blocks split in contiguous runs of equal length, one for this thread and one per host
    /// of `pool` (as `parallel::each` splits them over threads), and each host sent its rows.
    /// None when the messages would not fit the pool's (the fit then runs here); a runner with
    /// `broken` set when sending the rows failed.
    fn pooled(
        data: &'a [f64],
        n: usize,
        d: usize,
        k: usize,
        threads: usize,
        pool: pool::Installed,
    ) -> Option<Self> {
        let (hosts, capacity) = pool::size_of(&pool);
        let mut blocks = Block::split(n);
        let per = blocks.len().div_ceil(hosts + 1);
        // The longest message and reply: a round, a host's partials or farthest rows (at most
        // 2k of each block), its column sums, a part of its rows (one row at least).
        let longest = [
            Outgoing::round_len(k, d),
            per * Incoming::partial_len(k, d),
            per * (1 + 6 * k),
            per * d,
            1 + 2 * k,
            1 + d,
        ];
        if blocks.len() < 2 || d == 0 || longest.iter().any(|&l| l > capacity) {
            return None;
        }
        let theirs = blocks.split_off(per);
        let hosts = theirs
            .chunks(per)
            .map(|run| {
                let rows = run.iter().map(|b| b.labels.len()).sum();
                (run.len(), run[0].start, rows)
            })
            .collect();
        let mut runner = Runner {
            data,
            n,
            d,
            k,
            threads,
            blocks,
            remote: Some(Remote::new(pool, hosts)),
            broken: None,
        };
        if let Err(e) = runner.load() {
            runner.broken = Some(e);
        }
        Some(runner)
    }

    /// Sends each host its rows, whole rows in parts that fit a message.
    fn load(&self) -> std::result::Result<(), PoolError> {
        let Some(remote) = &self.remote else {
            return Ok(());
        };
        let d = self.d;
        let part = (remote.capacity() - 1) / d * d;
        for (h, &(_, first, rows)) in remote.hosts().iter().enumerate() {
            remote.send(h, &Outgoing::load(first, rows, d, self.k))?;
            nothing_back(remote.receive(h)?)?;
            for values in self.data[first * d..(first + rows) * d].chunks(part) {
                remote.send(h, &Outgoing::rows(values))?;
                nothing_back(remote.receive(h)?)?;
            }
        }
        Ok(())
    }

    /// `here` on each of this runner's blocks (with the block's rows) and the hosts' answers to
    /// `message` (read by `there`), one per block, in block order.
    ///
    /// `message` and `there` are generic, not `dyn`: a build without the feature `block-pool`
    /// has no pool, and so keeps none of the messages' code.
    fn each<R: Send>(
        &mut self,
        message: impl Fn() -> Vec<f64>,
        here: &(dyn Fn(&mut Block, &[f64]) -> R + Sync),
        there: impl Fn(&[f64]) -> std::result::Result<Vec<R>, PoolError>,
    ) -> Result<Vec<R>> {
        let sent = self.remote.as_ref().map(|remote| {
            let m = message();
            (0..remote.hosts().len()).try_for_each(|h| remote.send(h, &m))
        });
        if let Some(Err(e)) = sent {
            return Err(self.fail(e));
        }
        let (data, d) = (self.data, self.d);
        let mut out = parallel::each(self.threads, &mut self.blocks, &|b: &mut Block| {
            let rows = b.rows(data, d);
            here(b, rows)
        });
        if let Some(remote) = &self.remote {
            for (h, &(count, _, _)) in remote.hosts().iter().enumerate() {
                let answer = remote.receive(h).and_then(|reply| there(&reply));
                let answer = answer.and_then(|a| {
                    if a.len() == count {
                        Ok(a)
                    } else {
                        Err(PoolError(format!(
                            "host {h} answered for {} blocks of its {count}",
                            a.len()
                        )))
                    }
                });
                match answer {
                    Ok(a) => out.extend(a),
                    Err(e) => return Err(self.fail(e)),
                }
            }
        }
        Ok(out)
    }

    /// Records the pool's failure; the step stops.
    fn fail(&mut self, e: PoolError) -> Error {
        self.broken = Some(e);
        Error::Cancelled
    }

    /// Gives the rows `moved` their new cluster, resetting their bounds, wherever they are.
    fn reset(&mut self, moved: &[(usize, usize)]) -> Result<()> {
        for &(i, to) in moved {
            if let Some(b) = self.blocks.get_mut(i / BLOCK_ROWS) {
                b.reset(i - b.start, to);
            }
        }
        let ours = self.blocks.len() * BLOCK_ROWS;
        let Some(remote) = &self.remote else {
            return Ok(());
        };
        if moved.iter().all(|&(i, _)| i < ours) {
            return Ok(());
        }
        let m = Outgoing::reset(moved);
        let sent = (0..remote.hosts().len()).try_for_each(|h| {
            remote.send(h, &m)?;
            nothing_back(remote.receive(h)?)
        });
        sent.map_err(|e| self.fail(e))
    }

    /// Every row's label, in row order.
    fn labels(&mut self) -> Result<Vec<usize>> {
        let mut labels: Vec<usize> = self.blocks.iter().flat_map(|b| b.labels.clone()).collect();
        let Some(remote) = &self.remote else {
            return Ok(labels);
        };
        let k = self.k;
        let gathered = remote
            .hosts()
            .iter()
            .enumerate()
            .try_for_each(|(h, &(_, _, rows))| {
                let mut from = 0;
                while from < rows {
                    let count = (rows - from).min(remote.capacity());
                    remote.send(h, &Outgoing::labels(from, count))?;
                    let part = Incoming::labels(&remote.receive(h)?, k)?;
                    if part.len() != count {
                        return Err(PoolError(format!(
                            "host {h} sent {} labels of {count}",
                            part.len()
                        )));
                    }
                    labels.extend(part);
                    from += count;
                }
                Ok(())
            });
        gathered.map_err(|e| self.fail(e))?;
        Ok(labels)
    }
}

/// A reply that should hold nothing (to a load or a reset).
fn nothing_back(reply: Vec<f64>) -> std::result::Result<(), PoolError> {
    if reply.is_empty() {
        Ok(())
    } else {
        Err(PoolError(format!(
            "{} numbers in a reply that has none",
            reply.len()
        )))
    }
}

/// Gives each empty cluster the row farthest from its own centre (taken from a cluster with more
/// than one row), updating the sums and counts so the centre update sees the move. `candidates`
/// are `(squared distance to its centre, row, label)`, the blocks' [`Block::farthest`] lists one
/// after the other; they are taken farthest first, the first of equals first, as a stable sort of
/// every row would order them. Returns the rows moved, with their new cluster.
///
/// Each empty cluster takes the next candidate whose cluster has more than one row. A candidate
/// passed over is the last row of its cluster (its count is 1, and a count never grows but
/// for an empty cluster, whose one row was taken already), so at most one per cluster is passed
/// over: the first `empty + k` rows of the order are all that this reads.
fn relocate_empty(
    data: &[f64],
    candidates: &[(f64, usize, usize)],
    sums: &mut [f64],
    counts: &mut [usize],
    d: usize,
) -> Vec<(usize, usize)> {
    let empty: Vec<usize> = (0..counts.len()).filter(|&c| counts[c] == 0).collect();
    let mut moved = Vec::new();
    if empty.is_empty() {
        return moved;
    }
    let mut far: Vec<usize> = (0..candidates.len()).collect();
    crate::util::order::sort_indices(&mut far, &mut |a, b| {
        candidates[b].0.total_cmp(&candidates[a].0)
    });
    let mut donors = far.into_iter().map(|c| candidates[c]);
    for c in empty {
        for (_, i, from) in donors.by_ref() {
            if counts[from] > 1 {
                counts[from] -= 1;
                let row = &data[i * d..(i + 1) * d];
                for (s, v) in sums[from * d..(from + 1) * d].iter_mut().zip(row) {
                    *s -= v;
                }
                counts[c] = 1;
                for (s, v) in sums[c * d..(c + 1) * d].iter_mut().zip(row) {
                    *s = *v;
                }
                moved.push((i, c));
                break;
            }
        }
    }
    moved
}

/// Renumbers clusters by size, largest first (ties keep their order), so segment 0 is the biggest.
pub(crate) fn number_by_size(f: Fit) -> Fit {
    let k = f.centroids.nrows();
    let mut sizes = vec![0usize; k];
    for &l in &f.labels {
        sizes[l] += 1;
    }
    let mut order: Vec<usize> = (0..k).collect();
    crate::util::order::sort_indices(&mut order, &mut |a, b| {
        sizes[b].cmp(&sizes[a]).then(a.cmp(&b))
    });
    let mut new_of = vec![0; k];
    for (new, &old) in order.iter().enumerate() {
        new_of[old] = new;
    }
    let mut centroids = Array2::<f64>::zeros(f.centroids.dim());
    for (new, &old) in order.iter().enumerate() {
        centroids.row_mut(new).assign(&f.centroids.row(old));
    }
    Fit {
        centroids,
        labels: f.labels.iter().map(|&l| new_of[l]).collect(),
        ..f
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::kmeans::fit;
    use ndarray::array;

    /// The nearest centre of a row and its squared distance, the obvious way.
    fn nearest(row: ArrayView1<f64>, centroids: &Array2<f64>) -> (usize, f64) {
        let mut best = (0, f64::INFINITY);
        for (c, centre) in centroids.rows().into_iter().enumerate() {
            let d = sq_dist(row, centre);
            if d < best.1 {
                best = (c, d);
            }
        }
        best
    }

    fn params(k: usize, init: Init) -> Params {
        Params {
            k,
            init,
            n_init: 3,
            tol: 0.0,
            max_iter: 100,
            seed: 1,
            threads: 1,
        }
    }

    #[test]
    fn lloyd_from_first_rows_by_hand() {
        // Rows 0, 1, 10, 11 on a line; k = 2 starting from rows 0 and 1.
        // Iteration 1: 0 -> c0; 1, 10, 11 -> c1 (nearer 1). Centres 0 and 22/3.
        // Iteration 2: 0, 1 -> c0 (1 is 6.33 from c1); 10, 11 -> c1. Centres 0.5 and 10.5.
        // Iteration 3: labels unchanged -> strict convergence. Inertia 4 x 0.25 = 1.
        let x = array![[0.0], [1.0], [10.0], [11.0]];
        let f = fit(x.view(), &params(2, Init::First), &mut |_| true).unwrap();
        assert_eq!(f.iterations, 3);
        assert!(f.converged);
        assert_eq!(f.inertia, 1.0);
        assert_eq!(f.labels, [0, 0, 1, 1]);
        assert_eq!(f.centroids, array![[0.5], [10.5]]);
    }

    /// Plain Lloyd, written the obvious way, to check that the bounds change only the work.
    fn naive_lloyd(x: &Array2<f64>, k: usize, iters: usize) -> (Vec<usize>, f64) {
        let mut c = x.select(ndarray::Axis(0), &(0..k).collect::<Vec<_>>());
        let mut labels = vec![0; x.nrows()];
        let mut old = vec![usize::MAX; x.nrows()];
        for _ in 0..iters {
            for (i, r) in x.rows().into_iter().enumerate() {
                labels[i] = nearest(r, &c).0;
            }
            let mut sums = Array2::<f64>::zeros(c.dim());
            let mut counts = vec![0usize; k];
            for (i, r) in x.rows().into_iter().enumerate() {
                counts[labels[i]] += 1;
                sums.row_mut(labels[i]).zip_mut_with(&r, |s, v| *s += v);
            }
            for (a, &count) in counts.iter().enumerate() {
                if count > 0 {
                    let row = sums.row(a).mapv(|v| v / count as f64);
                    c.row_mut(a).assign(&row);
                }
            }
            if labels == old {
                break;
            }
            old.clone_from(&labels);
        }
        let inertia = x
            .rows()
            .into_iter()
            .zip(&labels)
            .map(|(r, &l)| sq_dist(r, c.row(l)))
            .sum();
        (labels, inertia)
    }

    #[test]
    fn bounds_skip_work_but_not_results() {
        for seed in 0..5u64 {
            let mut r = rng::seeded(seed);
            let x = Array2::from_shape_fn((600, 3), |(i, _)| {
                // Six loose groups, overlapping: plenty of rows near the borders.
                (i % 6) as f64 * 2.0 + rng::uniform(&mut r) * 3.0
            });
            let p = Params {
                k: 6,
                init: Init::First,
                n_init: 1,
                tol: 0.0,
                max_iter: 300,
                seed,
                threads: 1,
            };
            let fit_bounded = lloyd(
                x.view(),
                x.select(ndarray::Axis(0), &[0, 1, 2, 3, 4, 5]),
                &p,
                &mut |_| true,
            )
            .unwrap();
            let (labels, inertia) = naive_lloyd(&x, 6, 300);
            assert_eq!(fit_bounded.labels, labels, "seed {seed}");
            assert!((fit_bounded.inertia - inertia).abs() <= 1e-9 * inertia);
            assert!(fit_bounded.skipped > 0.3, "skipped {}", fit_bounded.skipped);
        }
    }

    #[test]
    fn labels_are_numbered_by_size() {
        // Three rows near 100 and one at 0: the big cluster must be segment 0.
        let x = array![[0.0], [100.0], [101.0], [102.0]];
        let f = fit(x.view(), &params(2, Init::First), &mut |_| true).unwrap();
        assert_eq!(f.labels, [1, 0, 0, 0]);
    }

    #[test]
    fn same_seed_same_labels_other_seed_may_differ() {
        let x = Array2::from_shape_fn((200, 2), |(i, j)| ((i * 7919 + j * 104729) % 997) as f64);
        let a = fit(x.view(), &params(5, Init::KMeansPlusPlus), &mut |_| true).unwrap();
        let b = fit(x.view(), &params(5, Init::KMeansPlusPlus), &mut |_| true).unwrap();
        assert_eq!(a.labels, b.labels);
        assert_eq!(a.inertia, b.inertia);
    }

    #[test]
    fn finds_separated_groups() {
        // Three tight groups far apart: any decent run puts each in its own cluster.
        let mut rows = Vec::new();
        for (cx, cy) in [(0.0, 0.0), (50.0, 0.0), (0.0, 50.0)] {
            for i in 0..20 {
                rows.push([cx + (i % 5) as f64 * 0.1, cy + (i / 5) as f64 * 0.1]);
            }
        }
        let x = Array2::from_shape_fn((60, 2), |(i, j)| rows[i][j]);
        let f = fit(x.view(), &params(3, Init::KMeansPlusPlus), &mut |_| true).unwrap();
        for g in 0..3 {
            let l = f.labels[g * 20];
            assert!(f.labels[g * 20..g * 20 + 20].iter().all(|&v| v == l));
        }
        let mut firsts = [f.labels[0], f.labels[20], f.labels[40]];
        firsts.sort();
        assert_eq!(firsts, [0, 1, 2]);
    }

    #[test]
    fn duplicate_rows_fill_every_cluster_without_panic() {
        // Two distinct points, k = 3: one cluster must take a row from another, none stays empty
        // unless only one row remains to move.
        let x = array![[1.0], [1.0], [1.0], [5.0]];
        let f = fit(x.view(), &params(3, Init::KMeansPlusPlus), &mut |_| true).unwrap();
        assert_eq!(f.labels.len(), 4);
        assert!(f.inertia.is_finite());
    }

    /// `n` rows of `d` columns in loose groups, with values of many magnitudes, so that adding
    /// them in another order changes the last bits of the sums.
    fn rows_for_blocks(n: usize, d: usize, seed: u64) -> Vec<f64> {
        let mut r = rng::seeded(seed);
        (0..n * d)
            .map(|i| {
                let group = ((i / d) % 5) as f64;
                group * 3.0 + rng::uniform(&mut r) * 4.0 + rng::uniform(&mut r) * 1e-7
            })
            .collect()
    }

    /// The sum of every column of each cluster's rows, rows added in order from `from` to `to`.
    fn sums_over(
        data: &[f64],
        d: usize,
        labels: &[usize],
        k: usize,
        rows: std::ops::Range<usize>,
    ) -> Vec<f64> {
        let mut sums = vec![0.0; k * d];
        for i in rows {
            for j in 0..d {
                sums[labels[i] * d + j] += data[i * d + j];
            }
        }
        sums
    }

    #[test]
    fn block_sums_give_the_same_bits_on_any_number_of_threads() {
        // 200,000 rows: three full blocks and a short one.
        let (n, d, k) = (200_000, 3, 5);
        let data = rows_for_blocks(n, d, 11);
        let start = data[..k * d].to_vec();
        let fits: Vec<Fit> = [1, 2, 3, 4, 8]
            .iter()
            .map(|&threads| {
                let p = Params {
                    threads,
                    max_iter: 40,
                    tol: 0.0,
                    ..params(k, Init::First)
                };
                lloyd_rows(&data, n, d, start.clone(), k, &p, &mut |_| true).unwrap()
            })
            .collect();
        let bits = |f: &Fit| f.centroids.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        for f in &fits[1..] {
            assert_eq!(bits(f), bits(&fits[0]));
            assert_eq!(f.labels, fits[0].labels);
            assert_eq!(f.inertia.to_bits(), fits[0].inertia.to_bits());
            assert_eq!(f.iterations, fits[0].iterations);
        }
        // The test can fail: on these rows, sums kept per thread (contiguous halves, or thirds)
        // instead of per block differ in their last bits, and so would the centres.
        let labels = &fits[0].labels;
        let merged = |cuts: &[usize]| {
            let mut total = vec![0.0; k * d];
            for w in cuts.windows(2) {
                for (t, v) in total
                    .iter_mut()
                    .zip(sums_over(&data, d, labels, k, w[0]..w[1]))
                {
                    *t += v;
                }
            }
            total.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
        };
        assert_ne!(merged(&[0, n / 2, n]), merged(&[0, n / 3, 2 * n / 3, n]));
        assert_ne!(merged(&[0, n]), merged(&[0, 65_536, 131_072, 196_608, n]));
    }

    #[test]
    fn one_block_adds_the_rows_in_order() {
        // Up to BLOCK_ROWS rows the centres are the means of sums over the rows in order, as
        // before the blocks: the fixed point's centres are those sums divided by the counts.
        let (n, d, k) = (BLOCK_ROWS, 2, 4);
        let data = rows_for_blocks(n, d, 5);
        let p = Params {
            tol: 0.0,
            max_iter: 300,
            threads: 2,
            ..params(k, Init::First)
        };
        let f = lloyd_rows(&data, n, d, data[..k * d].to_vec(), k, &p, &mut |_| true).unwrap();
        assert!(f.converged);
        let sums = sums_over(&data, d, &f.labels, k, 0..n);
        for a in 0..k {
            let count = f.labels.iter().filter(|&&l| l == a).count() as f64;
            for j in 0..d {
                assert_eq!(
                    f.centroids[[a, j]].to_bits(),
                    (sums[a * d + j] / count).to_bits()
                );
            }
        }
    }

    #[test]
    fn empty_clusters_are_filled_the_same_from_blocks() {
        // The first three rows are one point, so two of the three starting centres are the same
        // and one cluster is empty after the first assignment: the relocation reads the blocks'
        // farthest rows. On 150,000 rows (three blocks) every thread count agrees, and every
        // cluster has rows.
        let (n, d, k) = (150_000, 2, 3);
        let mut data = rows_for_blocks(n, d, 3);
        for i in 1..3 {
            data.copy_within(0..d, i * d);
        }
        let run = |threads| {
            let p = Params {
                threads,
                max_iter: 50,
                ..params(k, Init::First)
            };
            lloyd_rows(&data, n, d, data[..k * d].to_vec(), k, &p, &mut |_| true).unwrap()
        };
        let one = run(1);
        for a in 0..k {
            assert!(one.labels.contains(&a), "cluster {a} empty");
        }
        for threads in [2, 3] {
            let other = run(threads);
            assert_eq!(other.labels, one.labels);
            assert_eq!(other.centroids, one.centroids);
        }
    }

    #[test]
    fn relocation_reads_only_the_first_rows_of_the_order() {
        // Rows at distances given by hand, labels chosen so that rows are passed over: cluster 2
        // has one row (the farthest), cluster 3 and 4 are empty. The blocks' lists cut to
        // empty + k rows give the same moves as the list of every row.
        let d = 1;
        let labels = [0, 0, 2, 1, 0, 1, 0, 1, 1, 0];
        let dist = [1.0, 5.0, 9.0, 5.0, 2.0, 7.0, 7.0, 0.5, 3.0, 6.0];
        let data: Vec<f64> = (0..10).map(|i| i as f64).collect();
        let k = 5;
        let counts = |labels: &[usize]| {
            let mut c = vec![0usize; k];
            labels.iter().for_each(|&l| c[l] += 1);
            c
        };
        let all: Vec<(f64, usize, usize)> = (0..10).map(|i| (dist[i], i, labels[i])).collect();
        let mut sums = vec![0.0; k];
        let mut c = counts(&labels);
        let every = relocate_empty(&data, &all, &mut sums, &mut c, d);
        // Two blocks of five rows, each sending only its 3 farthest (the bound, 2 + 5, would be
        // every row here): the moves are those of the list of every row.
        let cut = |rows: std::ops::Range<usize>, m: usize| {
            let mut part: Vec<(f64, usize, usize)> = all[rows].to_vec();
            part.sort_by(|a, b| b.0.total_cmp(&a.0));
            part.truncate(m);
            part
        };
        let mut candidates = cut(0..5, 3);
        candidates.extend(cut(5..10, 3));
        let mut sums2 = vec![0.0; k];
        let mut c2 = counts(&labels);
        let cut_moves = relocate_empty(&data, &candidates, &mut sums2, &mut c2, d);
        // By hand: farthest first: row 2 (9, cluster 2 has one row: passed over), rows 5 and 6
        // (7, the first of equals first): row 5 goes to cluster 3, row 6 to cluster 4.
        assert_eq!(every, [(5, 3), (6, 4)]);
        assert_eq!(cut_moves, every);
        assert_eq!(c2, c);
    }

    #[test]
    fn too_few_rows_and_cancel_are_errors() {
        let x = array![[1.0]];
        assert!(matches!(
            fit(x.view(), &params(2, Init::First), &mut |_| true),
            Err(Error::TooFewRows { rows: 1, k: 2 })
        ));
        let x = array![[0.0], [1.0], [10.0], [11.0]];
        assert_eq!(
            fit(x.view(), &params(2, Init::First), &mut |_| false).unwrap_err(),
            Error::Cancelled
        );
    }
}
