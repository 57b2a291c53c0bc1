//! Sorting with one copy of the standard library's sort.
//!
//! Every `sort_by` with its own closure compiles std's stable sort again: about 4 KB of wasm per
//! call site, and a dozen sites made a tenth of the module. Here every sort goes through one
//! instantiation, over indices with a `dyn` comparator; the elements are then moved into that
//! order. It is a stable sort, like `sort_by`. The hot sort of the analysis, numbers for medians
//! and quantiles (`sort_by(f64::total_cmp)`), stays as it is: it is one instantiation already.
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
