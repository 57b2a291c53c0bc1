//! Small statistics the stages share: quantiles, skewness, and numbers written for people.

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

/// Sample skewness (Fisher-Pearson, g1) of finite values; 0 when there is no spread.
pub fn skewness(values: &[f64]) -> f64 {
    let n = values.len() as f64;
    if n < 3.0 {
        return 0.0;
    }
    let mean = values.iter().sum::<f64>() / n;
    let (mut m2, mut m3) = (0.0, 0.0);
    for v in values {
        let d = v - mean;
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
pub fn short(v: f64) -> String {
    if v == v.trunc() && v.abs() < 1e15 {
        return format!("{v}");
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
    fn quantiles_match_numpy() {
        // numpy.quantile([1, 2, 3, 4], [0.25, 0.5, 0.75]) = [1.75, 2.5, 3.25]
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&v, 0.25), 1.75);
        assert_eq!(quantile(&v, 0.5), 2.5);
        assert_eq!(quantile(&v, 0.75), 3.25);
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
