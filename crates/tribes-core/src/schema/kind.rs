//! The kinds a column can be, how a date column writes its dates, what the schema says of one
//! column, and the missing markers.

use serde::Serialize;

use super::purpose::{Lens, Role};
use crate::read::values::DateOrder;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Numeric,
    Ordinal,
    Boolean,
    Date,
    Categorical,
    /// Several short items per cell, such as tags (`VIP, newsletter`): one indicator per
    /// frequent item.
    List,
    Text,
    Identifier,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Numeric,
        Kind::Ordinal,
        Kind::Boolean,
        Kind::Date,
        Kind::Categorical,
        Kind::List,
        Kind::Text,
        Kind::Identifier,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Numeric => "numeric",
            Kind::Ordinal => "ordinal",
            Kind::Boolean => "boolean",
            Kind::Date => "date",
            Kind::Categorical => "categorical",
            Kind::List => "list",
            Kind::Text => "text",
            Kind::Identifier => "identifier",
        }
    }

    /// Whether a column of this kind can form segments as it is (a date does as days since it).
    /// Lists do in every build but the embeddable one, which leaves them out for its size
    /// (README, "Sizes").
    pub fn forms_segments(self) -> bool {
        matches!(
            self,
            Kind::Numeric | Kind::Ordinal | Kind::Boolean | Kind::Categorical
        ) || (self == Kind::List && cfg!(feature = "full-report"))
    }

    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(name.trim()))
    }
}

/// How a date column writes its dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum DateFormat {
    #[serde(rename = "YMD")]
    YearMonthDay,
    #[serde(rename = "DMY")]
    DayMonthYear,
    #[serde(rename = "MDY")]
    MonthDayYear,
    // Eight digits, year first: `19970101`. (Plain comments, not doc comments: the schema
    // keeps the formats one enum of names.)
    #[serde(rename = "YYYYMMDD")]
    Compact,
    // Excel's serial day numbers: `45615` is 2024-11-19.
    #[serde(rename = "serial")]
    ExcelSerial,
}

impl DateFormat {
    pub fn order(self) -> DateOrder {
        match self {
            DateFormat::YearMonthDay => DateOrder::YearMonthDay,
            DateFormat::DayMonthYear => DateOrder::DayMonthYear,
            DateFormat::MonthDayYear => DateOrder::MonthDayYear,
            DateFormat::Compact => DateOrder::Compact,
            DateFormat::ExcelSerial => DateOrder::ExcelSerial,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ColumnSchema {
    pub name: String,
    pub kind: Kind,
    /// Cells that are empty or a missing marker (NA, N/A, null, NaN, -, ?, none).
    pub missing: usize,
    /// Present cells that do not fit the kind (for example "abc" in a numeric column); they are
    /// treated as missing.
    pub invalid: usize,
    /// Distinct present values.
    pub distinct: usize,
    /// Up to five distinct values, in file order.
    pub examples: Vec<String>,
    /// Why the column got its kind, in words.
    pub evidence: String,
    /// For an ordinal column: its values from the lowest band to the highest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub levels: Option<Vec<String>>,
    /// For a date column: the order of day, month and year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_format: Option<DateFormat>,
    /// For a list column: the character its items are separated by.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub separator: Option<char>,
    /// The kind was set by the user, not detected.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub overridden: bool,
    /// What the column is for: `feature`, `derived`, `identifier`, `personal`, `owner`,
    /// `outcome`, `sparse` (or `ignored`: free text, nothing to use).
    pub role: Role,
    /// Why the column has its role, in words.
    pub role_evidence: String,
    /// The lens its name places it in: behaviour, firmographics, location or demographics.
    pub lens: Lens,
}

/// Missing markers, compared case-insensitively after trimming.
/// `k.a.` and `n.v.` are German exports' "keine Angabe" and "nicht verfügbar"; `n.d.` French and
/// Italian "non disponible/disponibile".
pub(crate) const MISSING: [&str; 13] = [
    "", "na", "n/a", "null", "nan", "-", "?", "none", "#n/a", "nil", "k.a.", "n.v.", "n.d.",
];

pub fn is_missing(cell: &str) -> bool {
    is_missing_trimmed(cell.trim())
}

/// `str::trim`, without its Unicode scan for the common cell that neither starts nor ends with
/// a space.
pub(super) fn trim(cell: &str) -> &str {
    match (cell.as_bytes().first(), cell.as_bytes().last()) {
        (Some(&a), Some(&b)) if a > b' ' && a < 0x80 && b > b' ' && b < 0x80 => cell,
        _ => cell.trim(),
    }
}

pub(super) fn is_missing_trimmed(t: &str) -> bool {
    // Every marker is empty or starts with one of these; most cells are ruled out by one byte.
    match t.as_bytes().first() {
        None => true,
        Some(b'n' | b'N' | b'-' | b'?' | b'#' | b'k' | b'K') if t.len() <= 4 => {
            MISSING.iter().any(|m| t.eq_ignore_ascii_case(m))
        }
        Some(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_markers() {
        for m in [
            "", " ", "NA", "n/a", "NULL", "NaN", "-", "?", "None", "#N/A", "k.A.", "n.v.",
        ] {
            assert!(is_missing(m), "{m:?}");
        }
        for v in ["0", "no", "nan2", "--"] {
            assert!(!is_missing(v), "{v:?}");
        }
    }
}
