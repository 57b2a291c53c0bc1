//! Number-like columns (numbers, bands, yes/no) read as numbers, with what did not fit.

use std::collections::HashMap;

use crate::error::{Error, Position, Result};
use crate::read::values::{parse_bool, parse_number};
use crate::read::Table;
use crate::schema::{is_missing, Kind};

/// Share of a column's present cells that may fail to fit its kind before the column is refused
/// (the same share the schema allows when it detects a kind).
const MAX_INVALID: f64 = 0.05;

/// A column's values as numbers (`NAN` where missing or not a number), and how many were not.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub values: Vec<f64>,
    pub missing: usize,
    /// Present cells that did not fit, with the first one's row.
    pub invalid: usize,
    pub first_invalid: Option<usize>,
}

impl Parsed {
    pub(super) fn from_cells<'a>(
        cells: impl Iterator<Item = &'a str>,
        mut value: impl FnMut(&str) -> Option<f64>,
    ) -> Parsed {
        // One value per cell: reserved at once, so that a million rows do not leave a vector
        // of up to twice their size behind the doubling pushes (measured: the parsed numbers
        // were 0.65x a file of 1,000,000 customers).
        let mut p = Parsed {
            values: Vec::with_capacity(cells.size_hint().0),
            missing: 0,
            invalid: 0,
            first_invalid: None,
        };
        for (r, cell) in cells.enumerate() {
            if is_missing(cell) {
                p.missing += 1;
                p.values.push(f64::NAN);
                continue;
            }
            match value(cell) {
                Some(v) if v.is_finite() => p.values.push(v),
                _ => {
                    p.invalid += 1;
                    p.first_invalid.get_or_insert(r);
                    p.values.push(f64::NAN);
                }
            }
        }
        p
    }

    /// Refuses the column when more than 5% of its present cells did not fit, naming the first.
    pub(super) fn check(&self, table: &Table, c: usize, kind: Kind) -> Result<()> {
        let Some(first) = self.first_invalid else {
            return Ok(());
        };
        let present = self.values.len() - self.missing;
        if (self.invalid as f64) <= MAX_INVALID * present as f64 {
            return Ok(());
        }
        let value = table.column(c).get(first).to_owned();
        let position = Position {
            record: table.record_of_row.get(first).map(|&r| r as u64 + 1),
            line: table.line_of_row.get(first).copied().unwrap_or(0),
            column: Some(c),
        };
        let column = table.headers[c].clone();
        let more = self.invalid - 1;
        Err(table.locate(match kind {
            Kind::Numeric => Error::NotANumber {
                position,
                column,
                value,
                more,
            },
            _ => Error::NotOfKind {
                position,
                column,
                value,
                expected: match kind {
                    Kind::Boolean => "a yes/no value",
                    Kind::Date => "a date",
                    _ => "one of the column's bands",
                },
                more,
            },
        }))
    }
}

/// A numeric column parsed in the file's number format.
pub fn numeric_values(table: &Table, c: usize) -> Parsed {
    let format = table.dialect.number;
    Parsed::from_cells(table.column(c).iter(), |cell| parse_number(cell, format))
}

/// An ordinal column as the ranks of its bands (0 for the lowest of `levels`).
pub(super) fn ranks(table: &Table, c: usize, levels: &[String]) -> Parsed {
    let rank: HashMap<&str, f64> = levels
        .iter()
        .enumerate()
        .map(|(i, l)| (l.trim(), i as f64))
        .collect();
    Parsed::from_cells(table.column(c).iter(), |cell| {
        rank.get(cell.trim()).copied()
    })
}

/// A yes/no column as 1 and 0.
pub(super) fn yes_no(table: &Table, c: usize) -> Parsed {
    Parsed::from_cells(table.column(c).iter(), |cell| {
        parse_bool(cell).map(|b| if b { 1.0 } else { 0.0 })
    })
}
