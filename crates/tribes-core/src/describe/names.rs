//! A suggested name for a segment, from its traits.

use super::segment::{Direction, Trait};
use crate::read::values::parse_bool;

/// A category names a segment with this ratio of shares, and (first choice) this share of it.
const NAME_MIN_RATIO: f64 = 1.5;
const NAME_MIN_SHARE: f64 = 0.3;
/// A number names a segment when its index is outside this range (or, without an index, its
/// effect is at least `NAME_MIN_EFFECT`).
const NAME_PLAIN_INDEX: std::ops::RangeInclusive<f64> = 75.0..=133.0;
const NAME_MIN_EFFECT: f64 = 0.5;
/// A category as part of a name: its value ("SaaS"), or for a yes/no value the column itself
/// ("churned", "not churned"), since "yes" alone says nothing.
fn category_name(t: &Trait) -> Option<String> {
    let value = t.value.as_deref()?;
    Some(match parse_bool(value) {
        Some(true) => t.column.clone(),
        Some(false) => format!("not {}", t.column),
        None => value.to_owned(),
    })
}

/// A name from the traits (sorted strongest first): up to two categories that are at least 1.5x
/// as common and cover at least 30% of the segment, then the number furthest from average
/// ("high spend"). Failing those, the strongest 1.5x category whatever its share, or a number with
/// a medium effect. "Segment N" only when nothing sets the segment apart.
pub fn suggest_name(id: usize, traits: &[Trait]) -> String {
    let strong_category =
        |t: &&Trait| t.direction == Direction::More && t.ratio.is_some_and(|r| r >= NAME_MIN_RATIO);
    let mut parts: Vec<String> = traits
        .iter()
        .filter(strong_category)
        .filter(|t| t.segment >= NAME_MIN_SHARE)
        .take(2)
        .filter_map(category_name)
        .collect();
    let number = |t: &&Trait| {
        t.direction != Direction::More
            && match t.ratio {
                Some(r) => !NAME_PLAIN_INDEX.contains(&(r * 100.0)),
                None => t.effect.abs() >= NAME_MIN_EFFECT,
            }
    };
    let numeric_name = |t: &Trait| {
        let word = if t.direction == Direction::High {
            "high"
        } else {
            "low"
        };
        format!("{word} {}", t.column)
    };
    if let Some(t) = traits.iter().find(number) {
        parts.push(numeric_name(t));
    }
    if parts.is_empty() {
        if let Some(v) = traits
            .iter()
            .find(strong_category)
            .and_then(|t| t.value.clone())
        {
            parts.push(v);
        } else if let Some(t) = traits
            .iter()
            .find(|t| t.direction != Direction::More && t.effect.abs() >= NAME_MIN_EFFECT)
        {
            parts.push(numeric_name(t));
        }
    }
    if parts.is_empty() {
        format!("Segment {}", id + 1)
    } else {
        parts.join(" · ")
    }
}
