//! A column's values, ranked by frequency: the levels of a categorical feature, and the groups of
//! a `by` column.

use std::collections::HashMap;

use crate::read::ColumnRef;
use crate::schema::is_missing;

/// A categorical column keeps at most this many values; the rest become "other".
pub const MAX_LEVELS: usize = 30;
/// The name of the value that gathers the rare ones.
pub const OTHER: &str = "(other)";

/// A column's values, most frequent first (ties by text): all of them, or the first
/// `MAX_LEVELS - 1` and `OTHER` when there are more than `MAX_LEVELS`. `codes` gives each row's
/// value index (`None` for a missing cell), `missing` counts those; `other` says whether the last
/// value is `OTHER`.
pub struct Levels {
    pub values: Vec<String>,
    pub codes: Vec<Option<usize>>,
    pub missing: usize,
    pub other: bool,
}

pub fn levels(cells: ColumnRef) -> Levels {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    let mut missing = 0;
    for cell in cells.iter() {
        if is_missing(cell) {
            missing += 1;
        } else {
            *counts.entry(cell.trim()).or_insert(0) += 1;
        }
    }
    let mut by_count: Vec<(&str, usize)> = counts.into_iter().collect();
    crate::util::order::sort_by(&mut by_count, |a, b| {
        b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0))
    });
    let kept = if by_count.len() > MAX_LEVELS {
        MAX_LEVELS - 1
    } else {
        by_count.len()
    };
    let index: HashMap<&str, usize> = by_count[..kept]
        .iter()
        .enumerate()
        .map(|(i, v)| (v.0, i))
        .collect();
    let codes = cells
        .iter()
        .map(|cell| (!is_missing(cell)).then(|| index.get(cell.trim()).copied().unwrap_or(kept)))
        .collect();
    let mut values: Vec<String> = by_count[..kept].iter().map(|v| v.0.to_owned()).collect();
    let other = by_count.len() > kept;
    if other {
        values.push(OTHER.to_owned());
    }
    Levels {
        values,
        codes,
        missing,
        other,
    }
}
