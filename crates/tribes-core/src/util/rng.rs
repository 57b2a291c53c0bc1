//! The seeded random source of the analysis, and the two draws it needs.
//!
//! Draws are written out here rather than taken from `rand`'s distributions so that the same
//! seed gives the same numbers on every platform and in every future version: a reported seed
//! must repeat a run exactly, natively and in wasm.

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

pub type Rng = ChaCha8Rng;

pub fn seeded(seed: u64) -> Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

/// A uniform draw in [0, 1) with 53 random bits.
pub fn uniform(rng: &mut Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// A uniform index in `0..n` (`n` > 0), by multiply-shift: the bias is below 2^-32 for any n
/// this program sees.
pub fn below(rng: &mut Rng, n: usize) -> usize {
    ((rng.next_u64() as u128 * n as u128) >> 64) as usize
}

/// `m` distinct indices from `0..n`, in random order (a partial Fisher-Yates shuffle).
pub fn sample_indices(rng: &mut Rng, n: usize, m: usize) -> Vec<usize> {
    let mut all: Vec<usize> = (0..n).collect();
    let m = m.min(n);
    for i in 0..m {
        let j = i + below(rng, n - i);
        all.swap(i, j);
    }
    all.truncate(m);
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_stay_in_range_and_repeat_for_a_seed() {
        let mut a = seeded(9);
        let mut b = seeded(9);
        for _ in 0..1000 {
            let u = uniform(&mut a);
            assert!((0.0..1.0).contains(&u));
            assert_eq!(u, uniform(&mut b));
            assert!(below(&mut a, 7) < 7);
            below(&mut b, 7);
        }
        let s = sample_indices(&mut a, 10, 4);
        assert_eq!(s.len(), 4);
        let mut d = s.clone();
        d.sort();
        d.dedup();
        assert_eq!(d.len(), 4);
    }
}
