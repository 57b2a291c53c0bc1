//! What each column is: its kind, how many values are missing, and the evidence for the kind.
//!
//! This first version tells numbers (plain decimals, with a leading minus) from categories, free
//! text and identifiers, and recognises booleans and ISO dates so they are not mistaken for
//! categories. Codes with leading zeros (ZIP 02134) stay text.

use std::collections::HashSet;

use serde::Serialize;

use crate::ingest::Table;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Numeric,
    Ordinal,
    Boolean,
    Date,
    Categorical,
    Text,
    Identifier,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Numeric => "numeric",
            Kind::Ordinal => "ordinal",
            Kind::Boolean => "boolean",
            Kind::Date => "date",
            Kind::Categorical => "categorical",
            Kind::Text => "text",
            Kind::Identifier => "identifier",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ColumnSchema {
    pub name: String,
    pub kind: Kind,
    /// Cells that are empty or a missing marker (NA, N/A, null, NaN, -, ?).
    pub missing: usize,
    /// Distinct non-missing values.
    pub distinct: usize,
    /// Up to five distinct values, in file order.
    pub examples: Vec<String>,
    /// Why the column got its kind, in words.
    pub evidence: String,
}

/// Missing markers, compared case-insensitively after trimming.
const MISSING: [&str; 8] = ["", "na", "n/a", "null", "nan", "-", "?", "none"];

pub fn is_missing(cell: &str) -> bool {
    let t = cell.trim();
    t.len() <= 4 && MISSING.iter().any(|m| t.eq_ignore_ascii_case(m))
}

/// Parses a plain decimal number. Refuses what `f64::from_str` would take but a user would not
/// call a number (`inf`, `NaN`, `1e400`), and codes with a leading zero such as `02134`.
pub fn parse_number(cell: &str) -> Option<f64> {
    let t = cell.trim();
    let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
    let first = *digits.as_bytes().first()?;
    if !(first.is_ascii_digit() || first == b'.') {
        return None;
    }
    if digits.len() > 1 && first == b'0' && digits.as_bytes()[1].is_ascii_digit() {
        return None;
    }
    if !digits
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'))
    {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

fn is_boolean(v: &str) -> bool {
    ["true", "false", "yes", "no", "y", "n"]
        .iter()
        .any(|b| v.trim().eq_ignore_ascii_case(b))
}

fn is_iso_date(v: &str) -> bool {
    let b = v.trim().as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
        && (b.len() == 10 || matches!(b[10], b'T' | b' '))
}

fn id_like_name(name: &str) -> bool {
    let n = name.trim().to_ascii_lowercase();
    n == "id"
        || n == "#"
        || n.ends_with("_id")
        || n.ends_with(" id")
        || n.ends_with("id") && n.len() > 2 && name.trim().ends_with("Id")
        || n.ends_with("_key")
        || n == "key"
        || n.ends_with("uuid")
}

/// Infers the schema of every column.
pub fn infer(table: &Table) -> Vec<ColumnSchema> {
    table
        .headers
        .iter()
        .zip(&table.columns)
        .map(|(name, cells)| infer_column(name, cells))
        .collect()
}

fn infer_column(name: &str, cells: &[String]) -> ColumnSchema {
    let present: Vec<&str> = cells
        .iter()
        .map(String::as_str)
        .filter(|c| !is_missing(c))
        .collect();
    let missing = cells.len() - present.len();
    let mut seen = HashSet::new();
    let mut examples = Vec::new();
    for v in &present {
        let v = v.trim();
        if seen.insert(v) && examples.len() < 5 {
            examples.push(v.to_owned());
        }
    }
    let distinct = seen.len();
    let n = present.len();
    let (kind, evidence) = classify(name, &present, distinct);
    ColumnSchema {
        name: name.to_owned(),
        kind,
        missing,
        distinct,
        examples,
        evidence: if n == 0 {
            "every value is missing".into()
        } else {
            evidence
        },
    }
}

fn classify(name: &str, present: &[&str], distinct: usize) -> (Kind, String) {
    let n = present.len();
    if n == 0 {
        return (Kind::Text, String::new());
    }
    let numbers: Vec<f64> = present.iter().filter_map(|v| parse_number(v)).collect();
    if numbers.len() == n {
        let integers = numbers.iter().all(|v| v.fract() == 0.0);
        let increasing = numbers.windows(2).all(|w| w[0] < w[1]);
        if integers && distinct == n && ((n >= 10 && increasing) || id_like_name(name)) {
            let why = if id_like_name(name) {
                "are unique, and the name says id"
            } else {
                "increase row by row"
            };
            return (
                Kind::Identifier,
                format!("all {n} values are whole numbers that {why}"),
            );
        }
        return (Kind::Numeric, format!("all {n} values are numbers"));
    }
    if present.iter().all(|v| is_boolean(v)) {
        return (
            Kind::Boolean,
            format!("all {n} values are yes/no or true/false"),
        );
    }
    if present.iter().all(|v| is_iso_date(v)) {
        return (Kind::Date, format!("all {n} values are ISO dates"));
    }
    let words: usize = present.iter().map(|v| v.split_whitespace().count()).sum();
    let chars: usize = present.iter().map(|v| v.trim().chars().count()).sum();
    let mean_words = words as f64 / n as f64;
    let mean_chars = chars as f64 / n as f64;
    let leading_zero_codes = present
        .iter()
        .filter(|v| {
            let b = v.trim().as_bytes();
            b.len() > 1 && b[0] == b'0' && b.iter().all(u8::is_ascii_digit)
        })
        .count();
    if leading_zero_codes > 0
        && present
            .iter()
            .all(|v| v.trim().bytes().all(|b| b.is_ascii_digit()))
    {
        return (
            Kind::Identifier,
            format!("codes with leading zeros ({leading_zero_codes} of {n}) are kept as text"),
        );
    }
    if mean_words >= 3.0 || (mean_chars >= 25.0 && distinct * 2 > n) {
        return (
            Kind::Text,
            format!("free text: {mean_words:.1} words per value on average, {distinct} distinct"),
        );
    }
    if n >= 10 && distinct * 10 >= n * 9 {
        return (
            Kind::Identifier,
            format!("{distinct} distinct values in {n} rows: nearly every row has its own"),
        );
    }
    (
        Kind::Categorical,
        format!("{distinct} distinct values in {n} rows"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_numbers_a_user_would_call_numbers() {
        for (cell, want) in [
            ("12", Some(12.0)),
            (" -3.5 ", Some(-3.5)),
            ("+7", Some(7.0)),
            (".5", Some(0.5)),
            ("0", Some(0.0)),
            ("0.25", Some(0.25)),
            ("1e3", Some(1000.0)),
            ("02134", None),
            ("inf", None),
            ("NaN", None),
            ("1e400", None),
            ("12 kg", None),
            ("", None),
            ("-", None),
        ] {
            assert_eq!(parse_number(cell), want, "{cell:?}");
        }
    }

    #[test]
    fn missing_markers() {
        for m in ["", " ", "NA", "n/a", "NULL", "NaN", "-", "?", "None"] {
            assert!(is_missing(m), "{m:?}");
        }
        for v in ["0", "no", "nan2", "--"] {
            assert!(!is_missing(v), "{v:?}");
        }
    }

    fn kind_of(name: &str, cells: &[&str]) -> Kind {
        let cells: Vec<String> = cells.iter().map(|s| s.to_string()).collect();
        infer_column(name, &cells).kind
    }

    #[test]
    fn kinds_table() {
        let ids: Vec<String> = (1..=20).map(|i| i.to_string()).collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let shuffled = ["7", "3", "12", "1", "19", "5", "8", "2", "11", "4"];
        let cases: &[(&str, &[&str], Kind)] = &[
            ("spend", &["10", "NA", "20.5", "-3"], Kind::Numeric),
            ("customer", &ids, Kind::Identifier),
            ("customer_id", &shuffled, Kind::Identifier),
            ("score", &shuffled, Kind::Numeric),
            ("zip", &["02134", "10001", "02139"], Kind::Identifier),
            ("churned", &["yes", "no", "Yes", ""], Kind::Boolean),
            ("signup", &["2024-01-03", "2023-12-31T10:00"], Kind::Date),
            (
                "city",
                &["Boston", "Austin", "Boston", "Denver"],
                Kind::Categorical,
            ),
            (
                "interests",
                &[
                    "hiking and trail running",
                    "free ebook downloads",
                    "yoga on weekends",
                ],
                Kind::Text,
            ),
        ];
        for (name, cells, want) in cases {
            assert_eq!(kind_of(name, cells), *want, "{name}");
        }
    }

    #[test]
    fn counts_missing_distinct_and_examples() {
        let cells: Vec<String> = ["a", "", "b", "a", "NA"].map(String::from).to_vec();
        let c = infer_column("x", &cells);
        assert_eq!((c.missing, c.distinct), (2, 2));
        assert_eq!(c.examples, ["a", "b"]);
    }
}
