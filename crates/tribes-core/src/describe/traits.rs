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

/// `about`'s figure as a person reads it in a sentence: its whole part in groups of three
/// ("10,375,765"), except in a column of years, whose "2008" is a year, not two thousand and
/// eight. Rules and copied values keep `about`'s plain digits, which a CRM filter takes.
pub fn figure(v: f64, years: bool) -> String {
    let plain = about(v);
    if years {
        return plain;
    }
    let (sign, rest) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", plain.as_str()),
    };
    let (whole, fraction) = rest.split_at(rest.find('.').unwrap_or(rest.len()));
    if whole.len() < 4 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return plain;
    }
    let mut out = String::with_capacity(plain.len() + whole.len() / 3);
    out.push_str(sign);
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out.push_str(fraction);
    out
}

/// Whether a column's name says it holds years, by its words in English, German, French or
/// Spanish: `Year_Birth`, `year built`, `Jahr`, `Année`, `Año`.
pub fn years_column(column: &str) -> bool {
    // `humanize`'s words, which the embeddable build has already: `words` would bring its accent
    // folding into that build for this one test.
    humanize(column).split(' ').any(|w| {
        matches!(
            w.to_lowercase().as_str(),
            "year" | "yr" | "jahr" | "jahrgang" | "année" | "annee" | "año" | "ano" | "anio"
        )
    })
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
    let years = years_column(&stat.column);
    let word = if direction == Direction::High {
        "high"
    } else {
        "low"
    };
    let mut text = format!(
        "{word} {}: average {} against {} overall",
        humanize(&stat.column),
        figure(stat.mean, years),
        figure(stat.overall_mean, years)
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
    // The values come most frequent first, so the group takes the most frequent of the
    // distinctive values.
    let group = values
        .iter()
        .filter(|v| v.lift / 100.0 >= UNION_MIN_RATIO && parse_bool(&v.value).is_none());
    let mut share = 0.0;
    let mut overall = 0.0;
    let mut names = Vec::new();
    let mut members = 0.0;
    for v in group.take(UNION_VALUES) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn stat(column: &str, mean: f64, overall_mean: f64) -> NumericStat {
        NumericStat {
            column: column.into(),
            mean,
            median: mean,
            q1: mean,
            q3: mean,
            overall_mean,
            overall_median: overall_mean,
            effect: if mean > overall_mean { 1.0 } else { -1.0 },
            index: Some(100.0 * mean / overall_mean),
            above: 0.8,
            below: 0.2,
        }
    }

    #[test]
    fn figures_read_with_thousands_separators() {
        let cases = [
            (10_375_765.0, "10,375,765"),
            (920_694.4, "920,694"),
            (1_234.0, "1,234"),
            (999.0, "999"),
            (57.94, "57.9"),
            (3.25, "3.25"),
            (-31_443_022.0, "-31,443,022"),
            (0.0, "0"),
        ];
        for (v, want) in cases {
            assert_eq!(figure(v, false), want, "{v}");
        }
    }

    #[test]
    fn years_never_get_separators() {
        assert_eq!(figure(2008.0, true), "2008");
        for column in ["Year_Birth", "year built", "Jahr", "Année", "año de alta"] {
            assert!(years_column(column), "{column}");
        }
        for column in ["Total Spent", "yearly_spend", "Days since"] {
            assert!(!years_column(column), "{column}");
        }
        let t = numeric_trait(&stat("Year_Birth", 1976.4, 1968.8)).unwrap();
        assert_eq!(
            t.text,
            "high year birth: average 1976 against 1969 overall (index 100)"
        );
    }

    #[test]
    fn trait_text_groups_large_averages_and_keeps_the_plain_figures() {
        // The figures: an average of 10375765 against 31443022 overall.
        let t = numeric_trait(&stat("Total Charges", 10_375_765.0, 31_443_022.0)).unwrap();
        assert_eq!(
            t.text,
            "low total charges: average 10,375,765 against 31,443,022 overall (index 33)"
        );
        // The figures stay numbers, for the page to format in its reader's locale.
        assert_eq!((t.segment, t.overall), (10_375_765.0, 31_443_022.0));
    }
}
