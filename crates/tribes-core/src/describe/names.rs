//! A suggested name for a segment, from its traits.

use super::segment::{Direction, Trait};
use crate::read::values::parse_bool;
use crate::util::words::humanize;

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
pub fn suggest_name(traits: &[Trait]) -> String {
    let holds = |t: &&Trait| t.holds >= NAME_MIN_HOLDS;
    let strong_category =
        |t: &&Trait| t.direction == Direction::More && t.ratio.is_some_and(|r| r >= NAME_MIN_RATIO);
    let mut parts: Vec<String> = traits
        .iter()
        .filter(holds)
        .filter(strong_category)
        .take(NAME_PARTS - 1)
        .filter_map(category_name)
        .collect();
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
    if parts.is_empty() {
        AVERAGE_NAME.to_owned()
    } else {
        parts.join(" · ")
    }
}
