//! Decimal text to `f64`, for the numbers in a file's cells.
//!
//! `str::parse::<f64>` is correct for every input, and costs the wasm module 13 KB gzipped (a
//! 10 KB table of powers of five, which does not compress, and the code around it): the largest
//! single item in the embeddable build, whose whole budget is 200 KB. The numbers in customer
//! files are short (prices, counts, ages, amounts with a few decimals), and for those this parser
//! gives exactly the `f64` that `str::parse` gives: up to 15 significant digits and a decimal
//! exponent within ±22, the product or quotient of two exact `f64`s is correctly rounded
//! (Clinger's fast path, the first thing `str::parse` itself tries). Beyond that (16 or more
//! significant digits, which in a customer file are identifiers, or exponents past ±22) the value
//! is within a few units in the last place of the exact one, far below anything a segmentation
//! can see; and it is the same value on every platform, so the CLI and the browser still agree
//! bit for bit.

/// Powers of ten that `f64` holds exactly.
const EXACT: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Parses `[+-]digits[.digits][(e|E)[+-]digits]` (digits on at least one side of the point), or
/// `None`. Finite or not is the caller's question: `1e400` is infinity, as with `str::parse`.
pub fn parse(text: &str) -> Option<f64> {
    let b = text.as_bytes();
    let mut i = 0;
    let negative = match b.first() {
        Some(b'-') => {
            i = 1;
            true
        }
        Some(b'+') => {
            i = 1;
            false
        }
        _ => false,
    };
    // The significant digits as an integer (at most 19, which fit a u64), and the power of ten
    // that scales it; digits past the 19th only move the exponent.
    let (mut mantissa, mut exponent, mut digits, mut significant) = (0u64, 0i64, 0usize, 0usize);
    let mut take = |d: u8, fraction: bool, exponent: &mut i64| {
        if significant < 19 {
            if mantissa > 0 || d > 0 {
                significant += 1;
            }
            mantissa = mantissa * 10 + u64::from(d);
            if fraction {
                *exponent -= 1;
            }
        } else if !fraction {
            *exponent += 1;
        }
    };
    while let Some(&c) = b.get(i).filter(|c| c.is_ascii_digit()) {
        take(c - b'0', false, &mut exponent);
        digits += 1;
        i += 1;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while let Some(&c) = b.get(i).filter(|c| c.is_ascii_digit()) {
            take(c - b'0', true, &mut exponent);
            digits += 1;
            i += 1;
        }
    }
    if digits == 0 {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        let sign = match b.get(i) {
            Some(b'-') => {
                i += 1;
                -1
            }
            Some(b'+') => {
                i += 1;
                1
            }
            _ => 1,
        };
        let start = i;
        let mut e = 0i64;
        while let Some(&c) = b.get(i).filter(|c| c.is_ascii_digit()) {
            e = (e * 10 + i64::from(c - b'0')).min(100_000);
            i += 1;
        }
        if i == start {
            return None;
        }
        exponent += sign * e;
    }
    if i != b.len() {
        return None;
    }
    let value = scale(mantissa, exponent);
    Some(if negative { -value } else { value })
}

/// `mantissa x 10^exponent`.
fn scale(mantissa: u64, exponent: i64) -> f64 {
    if mantissa == 0 {
        return 0.0;
    }
    let m = mantissa as f64;
    // Exact operands, one rounding: the correctly rounded result.
    if mantissa <= 1 << 53 && (-22..=22).contains(&exponent) {
        return if exponent < 0 {
            m / EXACT[(-exponent) as usize]
        } else {
            m * EXACT[exponent as usize]
        };
    }
    if exponent > 308 + 20 {
        return f64::INFINITY;
    }
    if exponent < -343 {
        return 0.0;
    }
    // The rest: a few roundings, each within half a unit in the last place.
    let mut v = m;
    let mut e = exponent;
    while e > 22 {
        v *= 1e22;
        e -= 22;
    }
    while e < -22 {
        v /= 1e22;
        e += 22;
    }
    if e < 0 {
        v / EXACT[(-e) as usize]
    } else {
        v * EXACT[e as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_what_cells_hold_and_refuses_the_rest() {
        for (text, want) in [
            ("0", 0.0),
            ("-0.5", -0.5),
            ("+12", 12.0),
            (".5", 0.5),
            ("5.", 5.0),
            ("1234.56", 1234.56),
            ("1e3", 1000.0),
            ("2.5E-3", 0.0025),
            ("0.1", 0.1),
            ("000123", 123.0),
            ("9007199254740993", 9007199254740992.0),
        ] {
            assert_eq!(parse(text), Some(want), "{text}");
        }
        for text in [
            "", "-", ".", "e5", "1e", "1e+", "1.2.3", "12a", " 1", "1 ", "--1", "0x10",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
        }
        assert_eq!(parse("1e400"), Some(f64::INFINITY));
        assert_eq!(parse("1e-400"), Some(0.0));
        assert_eq!(parse("-0").map(f64::is_sign_negative), Some(true));
    }

    proptest! {
        /// Up to 15 significant digits and exponents within ±22: the very `f64` of `str::parse`.
        #[test]
        fn short_numbers_are_exactly_std_s(m in 0u64..1_000_000_000_000_000, e in -22i64..=22, neg: bool) {
            let text = format!("{}{m}e{e}", if neg { "-" } else { "" });
            prop_assert_eq!(parse(&text).map(f64::to_bits), text.parse::<f64>().ok().map(f64::to_bits));
            // The same number written with a decimal point.
            let digits = m.to_string();
            if e < 0 && (-e as usize) < digits.len() {
                let cut = digits.len() - (-e) as usize;
                let text = format!("{}.{}", &digits[..cut], &digits[cut..]);
                prop_assert_eq!(parse(&text), text.parse::<f64>().ok());
            }
        }

        /// Anything `f64` prints: within 4 units in the last place of `str::parse`.
        #[test]
        fn any_printed_double_is_within_a_few_ulp(bits in any::<u64>()) {
            let x = f64::from_bits(bits);
            prop_assume!(x.is_finite() && (x == 0.0 || x.abs() > 1e-300));
            for text in [format!("{x}"), format!("{x:e}")] {
                let ours = parse(&text).unwrap();
                let std: f64 = text.parse().unwrap();
                let ulp = (std.abs() * f64::EPSILON).max(f64::MIN_POSITIVE);
                prop_assert!((ours - std).abs() <= 4.0 * ulp, "{text}: {ours} against {std}");
            }
        }

        #[test]
        fn never_panics(text in "\\PC{0,40}") {
            let _ = parse(&text);
        }
    }
}
