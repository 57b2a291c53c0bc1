//! Small statistics the stages share: quantiles, means and spreads that cannot overflow,
//! skewness, and numbers written for people.

/// Linear-interpolated quantile of sorted values (numpy's default), `q` in [0, 1].
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

/// [`quantile`] of `values` at each of `qs`, without sorting them: the values at the ranks the
/// interpolation reads are found by selection (`select_nth_unstable` in `f64::total_cmp`'s order,
/// from the middle rank outwards), so each quantile is the one [`quantile`] gives on the values
/// sorted, to the bit, in O(n log r) for r ranks instead of O(n log n). `values` is reordered.
// Used by the feature `full-report`'s rules and model.
#[cfg_attr(not(feature = "full-report"), allow(dead_code))]
pub fn quantiles_of(values: &mut [f64], qs: &[f64]) -> Vec<f64> {
    let n = values.len();
    if n == 0 {
        return vec![f64::NAN; qs.len()];
    }
    let pos = |q: f64| q * (n - 1) as f64;
    let mut ranks: Vec<usize> = qs
        .iter()
        .flat_map(|&q| [pos(q).floor() as usize, pos(q).ceil() as usize])
        .map(|r| r.min(n - 1))
        .collect();
    crate::util::order::sort_ascending(&mut ranks);
    ranks.dedup();
    select_ranks(values, &ranks, 0);
    qs.iter()
        .map(|&q| {
            let (p, lo, hi) = (pos(q), pos(q).floor() as usize, pos(q).ceil() as usize);
            let (lo, hi) = (lo.min(n - 1), hi.min(n - 1));
            values[lo] + (values[hi] - values[lo]) * (p - lo as f64)
        })
        .collect()
}

/// Puts the value of each rank in `ranks` at its place in `values`, as sorting them in
/// `f64::total_cmp`'s order would (`values[r]` is then the sorted values' `r`th, to the bit),
/// by selection. `ranks` need not be sorted; ranks past the end are left out.
// Used by the feature `full-report`'s rules and model.
#[cfg_attr(not(feature = "full-report"), allow(dead_code))]
pub fn place_ranks(values: &mut [f64], ranks: &[usize]) {
    let mut ranks: Vec<usize> = ranks
        .iter()
        .copied()
        .filter(|&r| r < values.len())
        .collect();
    crate::util::order::sort_ascending(&mut ranks);
    ranks.dedup();
    select_ranks(values, &ranks, 0);
}

/// Puts the value of each rank in `ranks` (ascending, relative to the whole slice, `offset` the
/// first rank `values` holds) at its place, as a sort would.
// Used by the feature `full-report`'s rules and model.
#[cfg_attr(not(feature = "full-report"), allow(dead_code))]
fn select_ranks(values: &mut [f64], ranks: &[usize], offset: usize) {
    if ranks.is_empty() || values.len() < 2 {
        return;
    }
    let mid = ranks.len() / 2;
    let at = ranks[mid] - offset;
    let (left, _, right) = values.select_nth_unstable_by(at, f64::total_cmp);
    select_ranks(left, &ranks[..mid], offset);
    select_ranks(right, &ranks[mid + 1..], ranks[mid] + 1);
}

/// Above this magnitude, sums of values, of squares and of cubes are taken on the values divided
/// by their largest magnitude: the cube of 1e103, or the square of 1e155, is beyond the largest
/// f64 (1.8e308), and a mean or a variance would come out infinite or NaN. Below it, they are
/// taken as they are, bit for bit as before (no real customer column comes near it).
pub const SCALE_ABOVE: f64 = 1e60;

/// The largest magnitude among `values`, when it calls for scaling ([`SCALE_ABOVE`]); else 1.
fn scale_of(values: &[f64]) -> f64 {
    let most = values.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    if most > SCALE_ABOVE && most.is_finite() {
        most
    } else {
        1.0
    }
}

/// The mean of finite values (`NaN` for none), without overflow: a column of values near 1e308
/// has a finite mean.
pub fn mean(values: &[f64]) -> f64 {
    let scale = scale_of(values);
    let n = values.len() as f64;
    if scale == 1.0 {
        values.iter().sum::<f64>() / n
    } else {
        values.iter().map(|v| v / scale).sum::<f64>() / n * scale
    }
}

/// The mean and the population standard deviation of finite values, without overflow: both are
/// computed on the values divided by their largest magnitude when it is above [`SCALE_ABOVE`],
/// then scaled back (the deviation of values at most m in magnitude is at most m, so it stays
/// finite).
pub fn mean_and_sd(values: &[f64]) -> (f64, f64) {
    let scale = scale_of(values);
    let n = values.len() as f64;
    if scale == 1.0 {
        let mean = values.iter().sum::<f64>() / n;
        let var = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
        return (mean, var.sqrt());
    }
    let mean = values.iter().map(|v| v / scale).sum::<f64>() / n;
    let var = values
        .iter()
        .map(|v| (v / scale - mean) * (v / scale - mean))
        .sum::<f64>()
        / n;
    (mean * scale, var.sqrt() * scale)
}

/// Sample skewness (Fisher-Pearson, g1) of finite values; 0 when there is no spread. It does not
/// depend on the unit, so huge values are divided by their largest magnitude first.
pub fn skewness(values: &[f64]) -> f64 {
    let n = values.len() as f64;
    if n < 3.0 {
        return 0.0;
    }
    let scale = scale_of(values);
    let mean = values.iter().map(|v| v / scale).sum::<f64>() / n;
    let (mut m2, mut m3) = (0.0, 0.0);
    for v in values {
        let d = v / scale - mean;
        m2 += d * d;
        m3 += d * d * d;
    }
    let (m2, m3) = (m2 / n, m3 / n);
    if m2 <= 0.0 {
        0.0
    } else {
        // m2^1.5 as m2 x sqrt(m2): exactly rounded operations, the same bits on every target.
        m3 / (m2 * m2.sqrt())
    }
}

/// A number for a message: at most 6 significant digits, no trailing zeros.
/// From 1e21 on, in exponent notation as JavaScript writes such numbers ("7.23305e159"), not
/// as 160 digits.
pub fn short(v: f64) -> String {
    if v == v.trunc() && v.abs() < 1e15 {
        return format!("{v}");
    }
    if v.abs() >= 1e21 && v.is_finite() {
        let s = format!("{v:.5e}");
        let (mantissa, exponent) = s.split_once('e').unwrap_or((&s, "0"));
        let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
        return format!("{mantissa}e{exponent}");
    }
    let digits = (5 - libm::log10(v.abs()).floor() as i32).clamp(0, 12) as usize;
    let s = format!("{v:.digits$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_by_selection_are_the_sorted_quantiles_bit_for_bit() {
        let qs: Vec<f64> = (1..10)
            .map(|i| i as f64 / 10.0)
            .chain([0.0, 0.25, 0.5, 1.0])
            .collect();
        for n in [1, 2, 3, 7, 10, 11, 100, 1_001, 20_000] {
            // Many ties, negative zeros and a wide spread.
            let values: Vec<f64> = (0..n)
                .map(|i| {
                    let x = ((i * 7919 + 13) % 997) as f64;
                    if i % 5 == 0 {
                        -0.0
                    } else {
                        (x - 400.0) * 1.37e3
                    }
                })
                .collect();
            let mut sorted = values.clone();
            crate::util::order::sort_numbers(&mut sorted);
            let mut selected = values.clone();
            let got = quantiles_of(&mut selected, &qs);
            for (q, g) in qs.iter().zip(&got) {
                assert_eq!(g.to_bits(), quantile(&sorted, *q).to_bits(), "n {n}, q {q}");
            }
        }
        assert!(quantiles_of(&mut [], &[0.5])[0].is_nan());
        // Any ranks, in any order, past the end too.
        let values: Vec<f64> = (0..5_000)
            .map(|i| ((i * 7919) % 4_001) as f64 - 2e3)
            .collect();
        let mut sorted = values.clone();
        crate::util::order::sort_numbers(&mut sorted);
        let ranks = [4_999, 0, 17, 2_500, 17, 2_501, 9_999];
        let mut placed = values;
        place_ranks(&mut placed, &ranks);
        for r in ranks.into_iter().filter(|&r| r < 5_000) {
            assert_eq!(placed[r].to_bits(), sorted[r].to_bits(), "rank {r}");
        }
    }

    #[test]
    fn quantiles_match_numpy() {
        // numpy.quantile([1, 2, 3, 4], [0.25, 0.5, 0.75]) = [1.75, 2.5, 3.25]
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&v, 0.25), 1.75);
        assert_eq!(quantile(&v, 0.5), 2.5);
        assert_eq!(quantile(&v, 0.75), 3.25);
    }

    #[test]
    fn means_and_spreads_of_huge_values_stay_finite() {
        // (1e155)^2 and the sum of two 1e308 overflow: the plain formulas give inf and NaN.
        let v = [1e155, 3e155, 2e155, 2e155];
        let (m, sd) = mean_and_sd(&v);
        assert!((m / 2e155 - 1.0).abs() < 1e-12, "{m}");
        assert!((sd / (0.5f64.sqrt() * 1e155) - 1.0).abs() < 1e-12, "{sd}");
        let top = [1.7e308, 1.7e308, -1.7e308];
        assert!((mean(&top) / (1.7e308 / 3.0) - 1.0).abs() < 1e-12);
        assert!(mean_and_sd(&top).1.is_finite());
        // Skewness does not depend on the unit.
        let g = skewness(&[1.0, 2.0, 3.0, 10.0]);
        assert!((skewness(&[1e200, 2e200, 3e200, 1e201]) - g).abs() < 1e-12);
        // Ordinary values: exactly the plain formulas.
        let plain = [1.0, 2.0, 3.0, 10.0];
        assert_eq!(mean_and_sd(&plain), (4.0, 12.5f64.sqrt()));
    }

    #[test]
    fn huge_numbers_are_written_with_an_exponent() {
        assert_eq!(short(7.233_054_675_765e159), "7.23305e159");
        assert_eq!(short(-2e21), "-2e21");
        assert_eq!(short(123456.0), "123456");
        assert_eq!(short(0.000123456), "0.000123456");
    }

    #[test]
    fn skewness_matches_scipy() {
        // scipy.stats.skew([1, 2, 3, 10]) = 1.0978...: mean 4, deviations -3 -2 -1 6,
        // m2 = 50/4 = 12.5, m3 = (-27 - 8 - 1 + 216)/4 = 45, g1 = 45 / 12.5^1.5 = 1.01823.
        let g = skewness(&[1.0, 2.0, 3.0, 10.0]);
        assert!((g - 45.0 / 12.5f64.powf(1.5)).abs() < 1e-12, "{g}");
        assert_eq!(skewness(&[2.0, 2.0, 2.0]), 0.0);
    }
}
