//! A suggested name for a segment, from its traits.

#[cfg(feature = "full-report")]
use super::segment::NumericStat;
use super::segment::{Direction, Trait};
use crate::read::values::parse_bool;
use crate::util::words::{humanize, words};

/// A category names a segment with this ratio of shares.
const NAME_MIN_RATIO: f64 = 1.5;
/// Every part of a name is true of at least this share of the segment's members.
pub const NAME_MIN_HOLDS: f64 = 0.5;
/// A name has at most this many parts.
pub const NAME_PARTS: usize = 3;
/// A number names a segment when its index is outside this range (or, without an index, its
/// effect is at least `NAME_MIN_EFFECT`).
const NAME_PLAIN_INDEX: std::ops::RangeInclusive<f64> = 75.0..=133.0;
const NAME_MIN_EFFECT: f64 = 0.5;
/// The name of a segment nothing sets apart.
pub const AVERAGE_NAME: &str = "close to average";

/// A category as part of a name: its value ("SaaS"), or for a yes/no value the column itself
/// in plain words ("accepts SMS marketing", "not churned"), since "yes" alone says nothing.
fn category_name(t: &Trait) -> Option<String> {
    let value = t.value.as_deref()?;
    Some(match parse_bool(value) {
        Some(true) => humanize(&t.column),
        Some(false) => format!("not {}", humanize(&t.column)),
        None => value.to_owned(),
    })
}

/// Whether two parts of a name say the same thing, their words alike but for case and a "no" or
/// "not": Telco's customers without internet have InternetService "No" ("not internet service")
/// and OnlineSecurity, OnlineBackup... "No internet service", and their segment was named "not
/// internet service · No internet service · low monthly charges".
fn says_the_same(a: &str, b: &str) -> bool {
    let key = |s: &str| -> Vec<String> {
        words(s)
            .into_iter()
            .filter(|w| w != "no" && w != "not")
            .collect()
    };
    key(a) == key(b)
}

fn numeric_name(t: &Trait) -> String {
    let word = if t.direction == Direction::High {
        "high"
    } else {
        "low"
    };
    format!("{word} {}", humanize(&t.column))
}

/// A name from the traits (sorted strongest first), in plain words, of at most three parts, each
/// true of at least half the segment's members: up to two categories at least 1.5x as common,
/// then the number furthest from average ("high total spent"). Failing those, the strongest
/// trait true of half the members; failing that, "close to average". Traits are only ever of
/// columns that may be shown (never personal, owner or identifier columns).
#[cfg(test)]
pub fn suggest_name(traits: &[Trait]) -> String {
    join(name_parts(traits))
}

/// A name's parts joined: "Boston · high total spent", or "close to average" when it has none.
pub fn join(parts: Vec<String>) -> String {
    if parts.is_empty() {
        AVERAGE_NAME.to_owned()
    } else {
        parts.join(" · ")
    }
}

/// The parts of `suggest_name`'s name; none for a segment nothing sets apart.
pub fn name_parts(traits: &[Trait]) -> Vec<String> {
    let holds = |t: &&Trait| t.holds >= NAME_MIN_HOLDS;
    let strong_category =
        |t: &&Trait| t.direction == Direction::More && t.ratio.is_some_and(|r| r >= NAME_MIN_RATIO);
    let mut parts: Vec<String> = Vec::new();
    for name in traits
        .iter()
        .filter(holds)
        .filter(strong_category)
        .filter_map(category_name)
    {
        if parts.len() == NAME_PARTS - 1 {
            break;
        }
        if !parts.iter().any(|p| says_the_same(p, &name)) {
            parts.push(name);
        }
    }
    let number = |t: &&Trait| {
        t.direction != Direction::More
            && match t.ratio {
                Some(r) => !NAME_PLAIN_INDEX.contains(&(r * 100.0)),
                None => t.effect.abs() >= NAME_MIN_EFFECT,
            }
    };
    if let Some(t) = traits.iter().filter(holds).find(number) {
        parts.push(numeric_name(t));
    }
    if parts.is_empty() {
        if let Some(t) = traits.iter().find(holds) {
            parts.extend(match t.direction {
                Direction::More => category_name(t),
                _ => Some(numeric_name(t)),
            });
        }
    }
    parts.dedup();
    parts.truncate(NAME_PARTS);
    parts
}

/// Tells apart segments whose names do not: one named "close to average" (no parts), or several
/// with the same name. Each gets the range of the numeric column where the middle half of its
/// members lies furthest from the middle half of the segments it must be told from ("total
/// orders 4–7"), when those ranges do not overlap and the rounded range holds at least half its
/// members. `names[s]` are segment `s`'s name parts; `stats[c][s]` column `c`'s profile in
/// segment `s`; `scale(c)` its overall spread (ranges are compared in its units); `whole(c)`
/// whether it holds whole numbers only (its range ends are then whole too); `covers(s, c, lo,
/// hi)` the share of segment `s`'s members with column `c` between `lo` and `hi`.
#[cfg(feature = "full-report")]
pub fn distinguish(
    names: &mut [Vec<String>],
    stats: &[Vec<NumericStat>],
    scale: impl Fn(usize) -> f64,
    whole: impl Fn(usize) -> bool,
    covers: impl Fn(usize, usize, f64, f64) -> f64,
) {
    let before = names.to_vec();
    for s in 0..names.len() {
        let average = before[s].is_empty();
        let twins: Vec<usize> = (0..names.len())
            .filter(|&t| t != s && (average || before[t] == before[s]))
            .collect();
        if twins.is_empty() {
            continue;
        }
        let best = stats
            .iter()
            .enumerate()
            .filter_map(|(c, column)| {
                let (q1, q3) = (column[s].q1, column[s].q3);
                let gap = twins
                    .iter()
                    .map(|&t| (q1 - column[t].q3).max(column[t].q1 - q3))
                    .fold(f64::INFINITY, f64::min);
                let spread = scale(c);
                (gap > 0.0 && spread > 0.0 && gap.is_finite()).then_some((c, gap / spread))
            })
            .max_by(|a, b| a.1.total_cmp(&b.1));
        let Some((c, _)) = best else { continue };
        let stat = &stats[c][s];
        let (mut lo, mut hi) = (round_down(stat.q1), round_up(stat.q3));
        if whole(c) {
            (lo, hi) = (lo.floor(), hi.ceil());
        }
        if covers(s, c, lo, hi) < NAME_MIN_HOLDS {
            continue;
        }
        let column = humanize(&stat.column);
        let part = if lo == hi {
            format!("{column} {}", short(lo))
        } else {
            format!("{column} {}–{}", short(lo), short(hi))
        };
        // The range replaces "high X" or "low X" of its own column: it says more.
        let (high, low) = (format!("high {column}"), format!("low {column}"));
        let parts = &mut names[s];
        parts.retain(|p| *p != high && *p != low);
        parts.truncate(NAME_PARTS - 1);
        parts.push(part);
    }
}

/// `v` to two significant digits, rounded down (`round_up`: up), so a range of such ends holds
/// at least what the exact range holds.
#[cfg(feature = "full-report")]
fn round_down(v: f64) -> f64 {
    round_to_two(v, f64::floor)
}

#[cfg(feature = "full-report")]
fn round_up(v: f64) -> f64 {
    round_to_two(v, f64::ceil)
}

#[cfg(feature = "full-report")]
fn round_to_two(v: f64, round: fn(f64) -> f64) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    // The step of the second significant digit, found by multiplying (no logarithm: it would
    // bring a libm routine into the lean build). Whole numbers below 100 stay as they are.
    let a = v.abs();
    let mut step = 1.0;
    if a >= 100.0 {
        while a >= 100.0 * step {
            step *= 10.0;
        }
    } else if v.fract() != 0.0 {
        while a < 10.0 * step {
            step /= 10.0;
        }
    }
    round(v / step) * step
}

/// A range's end in few characters: 7, 0.35, 1250, 48K, 2.5M, 1.2B.
#[cfg(feature = "full-report")]
fn short(v: f64) -> String {
    let (v, unit) = match v.abs() {
        a if a >= 1e9 => (v / 1e9, "B"),
        a if a >= 1e6 => (v / 1e6, "M"),
        a if a >= 1e4 => (v / 1e3, "K"),
        _ => (v, ""),
    };
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("{s}{unit}")
}
