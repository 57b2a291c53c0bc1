//! Sorting with one copy of the standard library's sort.
//!
//! Every `sort_by` with its own closure compiles std's stable sort again: about 4 KB of wasm per
//! call site, and a dozen sites made a tenth of the module. Here every sort goes through one
//! instantiation, over indices with a `dyn` comparator; the elements are then moved into that
//! order. It is a stable sort, like `sort_by`. The hot sort of the analysis, numbers for medians
//! and quantiles, is [`sort_numbers`]: one instantiation of the unstable sort, on integers.
//! Every other sort in the crate, `sort_unstable` and `sort()` of numbers or strings included,
//! goes through here: each slice sort of its own costs the embeddable build 2 to 5 KB.

use std::cmp::Ordering;

/// Sorts `v` by `cmp`, stably, like `slice::sort_by`.
pub fn sort_by<T>(v: &mut Vec<T>, mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let mut index: Vec<usize> = (0..v.len()).collect();
    sort_indices(&mut index, &mut |a, b| cmp(&v[a], &v[b]));
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(index.iter().filter_map(|&i| slots[i].take()));
}

/// Sorts floats in `f64::total_cmp`'s order, giving exactly what `sort_by(f64::total_cmp)` gives:
/// values equal in that order have the same bits, so stability cannot show. The values are
/// sorted as integers that compare as `total_cmp` compares the floats (the sign bit flipped for
/// positive values, every bit for negative ones): a comparison of integers is cheaper than
/// `total_cmp`'s, and the unstable sort needs no buffer of its own. Measured on 100,000 values,
/// 1.4x to 1.6x faster than the stable sort by `total_cmp`, which medians, quantiles and
/// profiles ran on every numeric column several times.
///
/// The embeddable build (no `full-report`) keeps the stable sort: the unstable sort on integers
/// is one more instantiation of a sort there, and took `embed.js` 0.2 KB over its budget.
#[cfg(not(feature = "full-report"))]
pub fn sort_numbers(v: &mut [f64]) {
    v.sort_by(f64::total_cmp);
}

/// See the other `sort_numbers`: the builds with `full-report` sort as integers.
#[cfg(feature = "full-report")]
pub fn sort_numbers(v: &mut [f64]) {
    const SIGN: u64 = 1 << 63;
    let mut keys: Vec<u64> = v
        .iter()
        .map(|x| {
            let b = x.to_bits();
            if b & SIGN == 0 {
                b | SIGN
            } else {
                !b
            }
        })
        .collect();
    keys.sort_unstable();
    for (x, k) in v.iter_mut().zip(keys) {
        *x = f64::from_bits(if k & SIGN != 0 { k & !SIGN } else { !k });
    }
}

/// Sorts numbers (indices, positions, ids) in increasing order, through [`sort_indices`].
pub fn sort_ascending(v: &mut [usize]) {
    sort_indices(v, &mut |a, b| a.cmp(&b));
}

/// Sorts indices by `cmp`, stably: the one instantiation of std's sort behind [`sort_by`].
pub fn sort_indices(index: &mut [usize], cmp: &mut dyn FnMut(usize, usize) -> Ordering) {
    index.sort_by(|&a, &b| cmp(a, b));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_sort_as_total_cmp_sorts_them_bit_for_bit() {
        let mut ours = vec![
            3.5,
            -0.0,
            0.0,
            f64::NAN,
            -f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            -2.25,
            1e-310,
            -1e-310,
            3.5,
            f64::MAX,
            f64::MIN,
            0.0,
        ];
        let mut std = ours.clone();
        std.sort_by(f64::total_cmp);
        sort_numbers(&mut ours);
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&ours), bits(&std));
        let mut empty: Vec<f64> = Vec::new();
        sort_numbers(&mut empty);
        assert!(empty.is_empty());
    }

    #[test]
    fn sorts_stably_like_the_standard_sort() {
        // Pairs sorted by their first item only: equal keys keep their order.
        let pairs: Vec<(u8, usize)> = (0..200).map(|i| ((i * 37 % 11) as u8, i)).collect();
        let mut ours = pairs.clone();
        sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
        let mut std = pairs;
        std.sort_by_key(|p| p.0);
        assert_eq!(ours, std);
        let mut one = vec![String::from("x")];
        sort_by(&mut one, |a, b| a.cmp(b));
        assert_eq!(one, ["x"]);
        let mut numbers = vec![5, 1, 4, 1, 3];
        sort_ascending(&mut numbers);
        assert_eq!(numbers, [1, 1, 3, 4, 5]);
    }
}
