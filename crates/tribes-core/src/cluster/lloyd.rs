//! k-means on every row: greedy k-means++ seeding and Lloyd iterations (with Hamerly's bounds),
//! with restarts.
//!
//! The iteration follows scikit-learn's `_kmeans_single_lloyd` step for step, so that from the
//! same start both reach the same centres: assign every row to its nearest centre and recompute
//! the centres; stop when no label changed ("strict convergence") or when the summed squared
//! centre shift is at most `tol` times the mean variance of the columns. Empty clusters are given
//! the row farthest from its own centre, as scikit-learn does.

use ndarray::{Array2, ArrayView1, ArrayView2};

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
    let mut best: Option<Fit> = None;
    for run in 0..runs {
        let centroids = match p.init {
            Init::First => x.select(ndarray::Axis(0), &(0..p.k).collect::<Vec<_>>()),
            Init::KMeansPlusPlus => kmeans_plus_plus(x, p.k, &mut rng),
        };
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

/// scikit-learn's tolerance: `tol` times the mean of the columns' variances. `data` holds rows of
/// `d` values one after the other; both passes run along the rows, the order they are stored in.
fn absolute_tol(data: &[f64], d: usize, tol: f64) -> f64 {
    if d == 0 || tol == 0.0 || data.len() < d {
        return 0.0;
    }
    let n = (data.len() / d) as f64;
    let mut mean = vec![0.0; d];
    for row in data.chunks_exact(d) {
        for (m, v) in mean.iter_mut().zip(row) {
            *m += v;
        }
    }
    for m in &mut mean {
        *m /= n;
    }
    let mut var = vec![0.0; d];
    for row in data.chunks_exact(d) {
        for ((s, v), m) in var.iter_mut().zip(row).zip(&mean) {
            *s += (v - m) * (v - m);
        }
    }
    var.iter().map(|s| s / n).sum::<f64>() / d as f64 * tol
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
struct Moves {
    own: Vec<f64>,
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

/// Lloyd's iterations with Hamerly's bounds (Hamerly 2010, "Making k-means even faster"): each row
/// keeps an upper bound on the distance to its centre and a lower bound on the distance to any
/// other; when the upper bound is below both the lower bound and half the distance from its centre
/// to the nearest other centre, the row cannot change segment and no distance is computed. The
/// assignments are those of plain Lloyd; only the work differs.
///
/// One pass over the rows per iteration does everything a row needs: move its bounds by the last
/// centre moves, check them, compute distances only if they fail, count a changed label, and add
/// the row to its centre's sum. The sums add the rows in order, as scikit-learn's single-threaded
/// loop does, so the centres match it to the last bits.
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
    let row = |i: usize| &data[i * d..(i + 1) * d];
    let tol = absolute_tol(data, d, p.tol);
    let mut cs = Centres::new(centres, k, d);
    let mut scratch = cs.scratch();
    let mut labels = vec![UNASSIGNED; n];
    let mut upper = vec![f64::INFINITY; n];
    let mut lower = vec![0.0f64; n];
    let mut sums = vec![0.0f64; k * d];
    let mut counts = vec![0usize; k];
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
        sums.fill(0.0);
        counts.fill(0);
        let mut changed = 0usize;
        for i in 0..n {
            let r = row(i);
            let mut a = labels[i];
            let mut settled = false;
            if a != UNASSIGNED {
                moves.widen(a, &mut upper[i], &mut lower[i]);
                let bound = larger(half_gap[a], lower[i]);
                settled = upper[i] <= bound;
                if !settled {
                    upper[i] = sq(r, cs.row(a)).sqrt();
                    computed += 1;
                    settled = upper[i] <= bound;
                }
            }
            if !settled {
                // Every distance: the nearest centre (the first of equals, as plain Lloyd) and
                // the second nearest.
                let (best, d1, d2) = cs.nearest_two(r, &mut scratch);
                computed += k as u64;
                changed += usize::from(best != a);
                a = best;
                labels[i] = best;
                upper[i] = d1.sqrt();
                lower[i] = d2.sqrt();
            }
            counts[a] += 1;
            for (s, v) in sums[a * d..(a + 1) * d].iter_mut().zip(r) {
                *s += v;
            }
        }
        let relocated = counts.contains(&0);
        if relocated {
            // Rare: exact distances for the relocation, and bounds reset for the rows it moves.
            let dist: Vec<f64> = (0..n).map(|i| sq(row(i), cs.row(labels[i]))).collect();
            let before = labels.clone();
            relocate_empty(data, &mut labels, &dist, &mut sums, &mut counts, d);
            for i in 0..n {
                if labels[i] != before[i] {
                    upper[i] = f64::INFINITY;
                    lower[i] = 0.0;
                }
            }
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
    let inertia = if strict {
        // The labels are those of the final centres already.
        (0..n).map(|i| sq(row(i), cs.row(labels[i]))).sum()
    } else {
        // The centres moved after the last assignment: label the rows by the final centres. The
        // exact distance to the current centre, which the inertia needs anyway, decides with the
        // bounds whether the other centres must be looked at.
        cs.half_gaps(&mut half_gap);
        let mut inertia = 0.0;
        for i in 0..n {
            let r = row(i);
            let a = labels[i];
            let mut kept = None;
            if a != UNASSIGNED {
                moves.widen(a, &mut upper[i], &mut lower[i]);
                let dist = sq(r, cs.row(a));
                if dist.sqrt() <= larger(half_gap[a], lower[i]) {
                    kept = Some(dist);
                }
            }
            inertia += match kept {
                Some(dist) => dist,
                None => {
                    let (best, d1, _) = cs.nearest_two(r, &mut scratch);
                    labels[i] = best;
                    d1
                }
            };
        }
        inertia
    };
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

/// Gives each empty cluster the row farthest from its own centre (taken from a cluster with more
/// than one row), updating the sums and counts so the centre update sees the move.
fn relocate_empty(
    data: &[f64],
    labels: &mut [usize],
    dist: &[f64],
    sums: &mut [f64],
    counts: &mut [usize],
    d: usize,
) {
    let empty: Vec<usize> = (0..counts.len()).filter(|&c| counts[c] == 0).collect();
    if empty.is_empty() {
        return;
    }
    let mut far: Vec<usize> = (0..labels.len()).collect();
    crate::util::order::sort_indices(&mut far, &mut |a, b| dist[b].total_cmp(&dist[a]));
    let mut donors = far.into_iter();
    for c in empty {
        for i in donors.by_ref() {
            let from = labels[i];
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
                labels[i] = c;
                break;
            }
        }
    }
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
