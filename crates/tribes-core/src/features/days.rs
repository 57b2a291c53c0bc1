//! Dates as numbers: the days from each date to a reference day, and the reference itself.
//!
//! A derived column counts the days from its date to the file's last date (the latest date of
//! the file's date columns that look back, not forward), or to the day the user gives (`asOf`).
//! A saved model keeps the rule, not the day: applied to next month's export, it counts to that
//! file's last date.

use serde::{Deserialize, Serialize};

use super::parsed::Parsed;
use crate::read::values::DateOrder;
use crate::read::Table;
use crate::schema::DateFormat;

/// The day a derived column counts to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum DaysTo {
    /// The latest date of these columns (each read in its order) in the file encoded.
    Latest { columns: Vec<(String, DateFormat)> },
    /// A day the user gave, as days since 1970-01-01 (and as written, for people).
    Day { day: i64, written: String },
}

impl DaysTo {
    /// The day, in `table`; `None` when none of its columns holds a date.
    pub fn day(&self, table: &Table) -> Option<i64> {
        match self {
            DaysTo::Day { day, .. } => Some(*day),
            DaysTo::Latest { columns } => columns
                .iter()
                .filter_map(|(name, format)| {
                    let c = table.headers.iter().position(|h| h == name)?;
                    table
                        .column(c)
                        .iter()
                        .filter_map(|cell| day_of(cell, format.order()))
                        .max()
                })
                .max(),
        }
    }
}

/// A cell's date as days since 1970-01-01, read in `order` (every form the reader knows: zone
/// offsets, month names, compact and serial dates).
pub use crate::read::values::day_of;

/// A date column as the days from each date to `to` (`NAN` where missing or not a date).
pub fn days_since(table: &Table, c: usize, order: DateOrder, to: i64) -> Parsed {
    Parsed::from_cells(table.column(c).iter(), |cell| {
        day_of(cell, order).map(|d| (to - d) as f64)
    })
}
