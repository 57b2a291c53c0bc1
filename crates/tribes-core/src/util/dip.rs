//! Whether a column's values form one group or several: a test of unimodality in the spirit of
//! Hartigan and Hartigan's dip (Ann. Statist. 13, 1985).
//!
//! A distribution is unimodal when its distribution function is convex up to the mode and
//! concave after it. The statistic measures how far the empirical one is from that: for every
//! candidate mode (each sorted value), the largest gap between the empirical function and its
//! greatest convex minorant to the left, and its least concave majorant to the right; the
//! statistic is the smallest of these over the candidate modes (about twice Hartigan's dip).
//! `O(n²)` for `n` values, so callers test a sample of at most `MAX_VALUES`.
//!
//! Its distribution under the uniform law, the least favourable unimodal one, gives the critical
//! value: about 2% of uniform samples of 100 to 1,000 values have `sqrt(n) x statistic` above
//! `CRITICAL` (measured by `critical_value_holds_on_uniform_samples` below, 400 samples per
//! size). The dip is a cautious test: a third of the values 4 standard deviations from the rest
//! reach 1.14 on 500 values, so a stricter level would call that one group.
//! Values on a grid (whole numbers, prices in cents) are spread evenly within their step first,
//! so that ties do not read as modes.

use crate::util::rng::{self, Rng};

/// Values tested at most; more are sampled.
pub const MAX_VALUES: usize = 1000;
/// `sqrt(n) x statistic` above this rejects unimodality (about 2% of uniform samples exceed it).
pub const CRITICAL: f64 = 1.1;

/// Whether `values` (finite, any order) show more than one group, tested at about the 2% level.
/// Fewer than 20 values never do.
pub fn multimodal(values: &[f64], seed: u64) -> bool {
    let mut r = rng::seeded(seed);
    let mut v: Vec<f64> = if values.len() > MAX_VALUES {
        rng::sample_indices(&mut r, values.len(), MAX_VALUES)
            .into_iter()
            .map(|i| values[i])
            .collect()
    } else {
        values.to_vec()
    };
    if v.len() < 20 {
        return false;
    }
    spread_ties(&mut v, &mut r);
    let n = v.len() as f64;
    statistic(&v) * n.sqrt() > CRITICAL
}

/// Sorts `v` and spreads each value uniformly over the smallest step between distinct values, so
/// that whole numbers 1 to 10 read as the uniform spread they stand for.
fn spread_ties(v: &mut [f64], r: &mut Rng) {
    crate::util::order::sort_numbers(v);
    let step = v
        .windows(2)
        .map(|w| w[1] - w[0])
        .filter(|&d| d > 0.0)
        .fold(f64::INFINITY, f64::min);
    if !step.is_finite() {
        return;
    }
    for x in v.iter_mut() {
        *x += (rng::uniform(r) - 0.5) * step;
    }
    crate::util::order::sort_numbers(v);
}

/// The statistic of sorted values: the smallest, over candidate modes, of the largest distance
/// between the empirical distribution function and the nearest function convex before the mode
/// and concave after it.
pub fn statistic(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n < 4 || sorted[0] == sorted[n - 1] {
        return 0.0;
    }
    let left = sides(sorted, false);
    let right = {
        // The right side is the left side of the mirrored values.
        let mirrored: Vec<f64> = sorted.iter().rev().map(|x| -x).collect();
        let mut r = sides(&mirrored, false);
        r.reverse();
        r
    };
    (0..n)
        .map(|j| left[j].max(right[j]))
        .fold(f64::INFINITY, f64::min)
}

/// For each prefix `[0, j]` of sorted values: the largest amount by which the empirical
/// distribution function (which reaches (i + 1) / n just after x_i) rises above the greatest
/// convex minorant of the points (x_i, i / n).
fn sides(x: &[f64], _unused: bool) -> Vec<f64> {
    let n = x.len();
    let nf = n as f64;
    let mut out = Vec::with_capacity(n);
    let mut hull: Vec<usize> = Vec::with_capacity(n);
    for j in 0..n {
        // The lower hull of points 0..=j (Andrew's monotone chain, points in x order).
        let p = |i: usize| (x[i], i as f64 / nf);
        while hull.len() >= 2 {
            let (a, b) = (p(hull[hull.len() - 2]), p(hull[hull.len() - 1]));
            let c = p(j);
            let cross = (b.0 - a.0) * (c.1 - a.1) - (b.1 - a.1) * (c.0 - a.0);
            if cross <= 0.0 {
                hull.pop();
            } else {
                break;
            }
        }
        hull.push(j);
        // The hull's value at each x_i, segment by segment.
        let mut worst: f64 = 1.0 / nf;
        let mut s = 0;
        for i in 0..=j {
            while s + 1 < hull.len() && x[hull[s + 1]] <= x[i] && hull[s + 1] <= i {
                s += 1;
            }
            let (a, b) = (hull[s], hull[(s + 1).min(hull.len() - 1)]);
            let g = if a == b || x[b] == x[a] {
                a as f64 / nf
            } else {
                a as f64 / nf + (x[i] - x[a]) * ((b - a) as f64 / nf) / (x[b] - x[a])
            };
            worst = worst.max((i + 1) as f64 / nf - g);
        }
        out.push(worst);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uniform(r: &mut Rng, n: usize) -> Vec<f64> {
        (0..n).map(|_| rng::uniform(r)).collect()
    }

    fn normal(r: &mut Rng) -> f64 {
        // Box-Muller.
        let (u, v) = (rng::uniform(r).max(1e-12), rng::uniform(r));
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }

    #[test]
    fn critical_value_holds_on_uniform_samples() {
        // At most 4% of 400 uniform samples of each size reject (about 2% expected, with room
        // for chance).
        let mut r = rng::seeded(11);
        for n in [100, 400, 1000] {
            let mut stats: Vec<f64> = (0..400)
                .map(|_| {
                    let mut v = uniform(&mut r, n);
                    v.sort_by(f64::total_cmp);
                    statistic(&v) * (n as f64).sqrt()
                })
                .collect();
            stats.sort_by(f64::total_cmp);
            let rejected = stats.iter().filter(|&&s| s > CRITICAL).count();
            assert!(
                rejected <= 16,
                "n = {n}: {rejected} of 400 uniform samples rejected (99th percentile {:.3})",
                stats[396]
            );
        }
    }

    #[test]
    fn one_group_is_unimodal_two_apart_are_not() {
        let mut r = rng::seeded(5);
        let one: Vec<f64> = (0..400).map(|_| normal(&mut r)).collect();
        assert!(!multimodal(&one, 1));
        let skewed: Vec<f64> = (0..400).map(|_| normal(&mut r).exp()).collect();
        assert!(!multimodal(&skewed, 1));
        // Two groups 4 standard deviations apart, 2/3 and 1/3.
        let two: Vec<f64> = (0..500)
            .map(|i| normal(&mut r) + if i % 3 == 0 { 4.0 } else { 0.0 })
            .collect();
        assert!(multimodal(&two, 1));
        // Whole numbers 1 to 10 drawn alike: one flat group, not ten.
        let scores: Vec<f64> = (0..400)
            .map(|_| (rng::below(&mut r, 10) + 1) as f64)
            .collect();
        assert!(!multimodal(&scores, 1));
        // Too few values say nothing.
        assert!(!multimodal(&[0.0, 0.0, 9.0, 9.0], 1));
    }

    #[test]
    fn statistic_by_hand() {
        // Four values spread evenly: the empirical function steps 1/4 at each, the hull runs
        // through the step bottoms, the largest step above it is 1/4 (one step).
        let s = statistic(&[0.0, 1.0, 2.0, 3.0]);
        assert!((s - 0.25).abs() < 1e-12, "{s}");
    }
}
