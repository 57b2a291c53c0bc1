//! The ways a segment differs from all rows, ranked by one measure (the standardized difference)
//! and written out.

use super::names::NAME_MIN_HOLDS;
use super::segment::{CategoryValue, Direction, NumericStat, Trait};
use crate::read::values::parse_bool;
use crate::util::words::humanize;

/// A trait needs at least this effect to be listed...
const TRAIT_MIN_EFFECT: f64 = 0.3;
/// ...and a category at least this ratio of shares.
const TRAIT_MIN_RATIO: f64 = 1.2;
/// Traits listed per segment.
pub(super) const TRAITS: usize = 5;

/// A share as a percentage: whole from 10% up, one decimal below.
pub fn percent(share: f64) -> String {
    let p = share * 100.0;
    if p >= 10.0 || p == 0.0 {
        format!("{p:.0}%")
    } else {
        format!("{p:.1}%")
    }
}

/// An average as a marketer reads it: whole numbers from 100 up, then one or two decimals
/// (25914, 57.9, 3.25), without trailing zeros.
pub fn about(v: f64) -> String {
    let decimals = match v.abs() {
        a if a >= 100.0 => 0,
        a if a >= 10.0 => 1,
        _ => 2,
    };
    let s = format!("{v:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    }
}

pub fn numeric_trait(stat: &NumericStat) -> Option<Trait> {
    // High or low, the effect and the index all compare means, so the words quote means: a
    // skewed column's medians can point the other way ("low: median 39 against 38").
    if stat.effect.abs() < TRAIT_MIN_EFFECT || !stat.mean.is_finite() {
        return None;
    }
    let direction = if stat.effect > 0.0 {
        Direction::High
    } else {
        Direction::Low
    };
    let word = if direction == Direction::High {
        "high"
    } else {
        "low"
    };
    let mut text = format!(
        "{word} {}: average {} against {} overall",
        humanize(&stat.column),
        about(stat.mean),
        about(stat.overall_mean)
    );
    if let Some(index) = stat.index {
        text.push_str(&format!(" (index {index:.0})"));
    }
    Some(Trait {
        column: stat.column.clone(),
        value: None,
        direction,
        segment: stat.mean,
        overall: stat.overall_mean,
        ratio: stat.index.map(|i| i / 100.0),
        effect: stat.effect,
        holds: if direction == Direction::High {
            stat.above
        } else {
            stat.below
        },
        text,
    })
}

/// Holding a list's item, in words: "tagged VIP" for a column of tags or labels, else "with
/// hiking in interests".
fn holding(column: &str, item: &str) -> String {
    let words = crate::util::words::words(column);
    if words
        .iter()
        .any(|w| matches!(w.as_str(), "tag" | "tags" | "label" | "labels"))
    {
        format!("tagged {item}")
    } else {
        format!("with {item} in {}", humanize(column))
    }
}

/// A group of values names a segment when each is at least this many times as common in it...
const UNION_MIN_RATIO: f64 = 1.5;
/// ...and it has at most this many values, and its share stands this many standard errors above
/// the group's overall share: picked after the fact from many values (cities), a small segment's
/// few members fall into some three of them by chance.
const UNION_VALUES: usize = 3;
const UNION_MIN_Z: f64 = 4.0;

/// The category of a column that most sets the segment apart, if any does. A list column's
/// (`list`) values are items, read as shares of the segment holding them: "68% tagged VIP".
///
/// When no single value is held by half the segment, but two or three values each at least 1.5x
/// as common are together ("Retail, Consumer Goods or Restaurants"), the group is the trait: a
/// marketer's segment is often a family of values (four kinds of shop, two of clinic), and the
/// group is true of most of its members where each value alone is true of a third.
pub fn category_trait(column: &str, values: &[CategoryValue], list: bool) -> Option<Trait> {
    let single = single_category_trait(column, values, list);
    if list || single.as_ref().is_some_and(|t| t.holds >= NAME_MIN_HOLDS) {
        return single;
    }
    let mut group: Vec<&CategoryValue> = values
        .iter()
        .filter(|v| v.lift / 100.0 >= UNION_MIN_RATIO && parse_bool(&v.value).is_none())
        .collect();
    crate::util::order::sort_by(&mut group, |a, b| b.share.total_cmp(&a.share));
    let mut share = 0.0;
    let mut overall = 0.0;
    let mut names = Vec::new();
    let mut members = 0.0;
    for v in group.into_iter().take(UNION_VALUES) {
        share += v.share;
        overall += v.share / (v.lift / 100.0);
        names.push(v.value.as_str());
        members = v.count as f64 / v.share;
        if share >= NAME_MIN_HOLDS {
            break;
        }
    }
    if names.len() < 2 || share < NAME_MIN_HOLDS || overall <= 0.0 || overall >= 1.0 {
        return single;
    }
    let ratio = share / overall;
    let effect = (share - overall) / (overall * (1.0 - overall)).sqrt();
    if effect * members.sqrt() < UNION_MIN_Z {
        return single;
    }
    let last = names.pop().unwrap_or_default();
    let value = format!("{} or {last}", names.join(", "));
    Some(Trait {
        column: column.to_owned(),
        text: format!(
            "{} {value}: {} against {} overall ({ratio:.1}x)",
            humanize(column),
            percent(share),
            percent(overall)
        ),
        value: Some(value),
        direction: Direction::More,
        segment: share,
        overall,
        ratio: Some(ratio),
        effect,
        holds: share,
    })
}

fn single_category_trait(column: &str, values: &[CategoryValue], list: bool) -> Option<Trait> {
    values
        .iter()
        .filter_map(|v| {
            let ratio = v.lift / 100.0;
            let overall = v.share / ratio;
            if ratio < TRAIT_MIN_RATIO || overall <= 0.0 || overall >= 1.0 {
                return None;
            }
            let effect = (v.share - overall) / (overall * (1.0 - overall)).sqrt();
            (effect >= TRAIT_MIN_EFFECT).then(|| Trait {
                column: column.to_owned(),
                value: Some(v.value.clone()),
                direction: Direction::More,
                segment: v.share,
                overall,
                ratio: Some(ratio),
                effect,
                holds: v.share,
                text: match parse_bool(&v.value).filter(|_| !list) {
                    None if list => format!(
                        "{} {} against {} overall ({ratio:.1}x)",
                        percent(v.share),
                        holding(column, &v.value),
                        percent(overall)
                    ),
                    // A yes/no column reads as a share: "72% accepts SMS marketing".
                    Some(yes) => format!(
                        "{} {}{} against {} overall",
                        percent(v.share),
                        if yes { "" } else { "not " },
                        humanize(column),
                        percent(overall)
                    ),
                    None => format!(
                        "{} {}: {} against {} overall ({ratio:.1}x)",
                        humanize(column),
                        v.value,
                        percent(v.share),
                        percent(overall)
                    ),
                },
            })
        })
        .max_by(|a, b| a.effect.total_cmp(&b.effect))
}
