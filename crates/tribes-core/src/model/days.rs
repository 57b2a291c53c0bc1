//! The day a saved model's days-since columns count to in the file it is applied to.
//!
//! A model keeps the rule, not the day: "the file's last date" (of the date columns that look
//! back), or a day the user gave. A file applied whole has its last date in hand; a file applied
//! part by part (`Applying::part`) has it only at its end, and each part counting to its own last
//! date would give the same customer other days than the whole file does. So a file streamed is
//! read once for its last dates (`LastDates`), and the model applied counts to them
//! (`LastDates::fix`), or to the day the user gave (`counting_to`).

use crate::error::{Error, ParamError, Result};
use crate::features::days::DaysTo;
use crate::features::model::{Encoding, NumberRead};
use crate::read::dates::iso_date;
use crate::read::values::{date_parts, days_from_parts, DateOrder};
use crate::read::Table;

use super::file::Model;

/// Whether any of the model's columns counts days.
pub fn counts_days(model: &Model) -> bool {
    days_rules(model).next().is_some()
}

/// The model's day rules, one per days-since column.
fn days_rules(model: &Model) -> impl Iterator<Item = &DaysTo> {
    model
        .features
        .columns
        .iter()
        .filter_map(|t| match &t.encoding {
            Encoding::Number {
                read: NumberRead::Days { to, .. },
                ..
            } => Some(to),
            _ => None,
        })
}

/// Every rule of the model's columns replaced: a rule "the file's last date" by what `day` says
/// of it (`None` leaves the rule as it is), a given day kept.
fn replaced(model: &Model, day: impl Fn(&DaysTo) -> Option<i64>) -> Model {
    let mut model = model.clone();
    for t in &mut model.features.columns {
        if let Encoding::Number {
            read: NumberRead::Days { to, .. },
            ..
        } = &mut t.encoding
        {
            if matches!(to, DaysTo::Latest { .. }) {
                if let Some(d) = day(to) {
                    *to = DaysTo::Day {
                        day: d,
                        written: iso_date(d),
                    };
                }
            }
        }
    }
    model
}

/// `model` counting every days-since column to `day` (days since 1970-01-01) instead of the
/// file's last date: the user's `--as-of`.
pub fn counting_to(model: &Model, day: i64) -> Model {
    replaced(model, |_| Some(day))
}

/// A day the user gives to count to (`--as-of`): a date written year first, such as 2024-11-30,
/// as days since 1970-01-01.
pub fn as_of_day(text: &str) -> Result<i64> {
    date_parts(text.trim())
        .filter(|p| p.year_first && p.named.is_none())
        .and_then(|p| days_from_parts(p, DateOrder::YearMonthDay))
        .ok_or_else(|| Error::Param(ParamError::AsOf(text.trim().to_owned())))
}

/// The last dates of a file read part by part, for each rule of a model that counts to the
/// file's last date.
#[derive(Debug, Clone)]
pub struct LastDates {
    /// Each distinct rule, with the latest day its columns hold in the parts seen so far.
    rules: Vec<(DaysTo, Option<i64>)>,
}

impl LastDates {
    /// What to look for in a file before applying `model`; `None` when the model counts to no
    /// file's last date (no days-since column, or every one counts to a given day), so the file
    /// need not be read twice.
    pub fn of(model: &Model) -> Option<LastDates> {
        let mut rules: Vec<(DaysTo, Option<i64>)> = Vec::new();
        for to in days_rules(model) {
            if matches!(to, DaysTo::Latest { .. }) && !rules.iter().any(|(r, _)| r == to) {
                rules.push((to.clone(), None));
            }
        }
        (!rules.is_empty()).then_some(LastDates { rules })
    }

    /// Takes in one part of the file (or the whole table).
    pub fn scan(&mut self, part: &Table) {
        for (rule, best) in &mut self.rules {
            if let Some(day) = rule.day(part) {
                *best = Some(best.map_or(day, |b| b.max(day)));
            }
        }
    }

    /// `model` counting to the last dates found: what applying it part by part needs to give
    /// the labels of the whole file. A rule whose columns held no date in the whole file is left
    /// as it is (no part has a date to count to either, so every row takes the imputed value).
    pub fn fix(&self, model: &Model) -> Model {
        replaced(model, |to| {
            self.rules
                .iter()
                .find(|(rule, _)| rule == to)
                .and_then(|(_, day)| *day)
        })
    }
}
