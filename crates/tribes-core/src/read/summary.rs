//! What was read, as the results report it: counts, the dialect and encoding, the records left
//! out, and the warnings.

use serde::Serialize;

use super::dialect::LineEnding;
#[cfg(feature = "full-report")]
use super::formats::{recognise, FormatMatch};
use super::table::{Skipped, Source, Table};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct InputSummary {
    /// Data records in the file (the header excluded): `rows` + skipped.
    pub records: usize,
    /// Records used.
    pub rows: usize,
    pub columns: usize,
    /// Bytes read.
    pub bytes: u64,
    /// The delimiter as a character (a tab is "\t").
    pub delimiter: String,
    pub quote: String,
    /// Whether the first row named the columns (when not, they are column_1, column_2, ...).
    pub header: bool,
    /// The decimal mark of numbers: "." or ",".
    pub decimal: String,
    pub encoding: String,
    pub line_ending: LineEnding,
    pub skipped: Vec<Skipped>,
    /// Rows with fewer fields than the header, padded with empty cells.
    pub padded: usize,
    /// What the user should know that did not stop the read.
    pub warnings: Vec<String>,
    /// The kind of file, and the sheet or archive file read.
    pub source: Source,
    /// The known export the headers are (Shopify orders, HubSpot contacts...), with the meaning
    /// of its columns; absent when the file is none of them. Left out of the embeddable
    /// element's build (the feature `full-report`): it changes no segment.
    #[cfg(feature = "full-report")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<FormatMatch>,
}

fn char_name(c: u8) -> String {
    (c as char).to_string()
}

/// What was read, for results and for `inspect`.
pub fn summary(table: &Table) -> InputSummary {
    let d = &table.dialect;
    InputSummary {
        records: table.records,
        rows: table.rows(),
        columns: table.headers.len(),
        bytes: table.bytes,
        delimiter: char_name(d.delimiter),
        quote: char_name(d.quote),
        header: d.header,
        decimal: d.number.decimal.to_string(),
        encoding: table.encoding.clone(),
        line_ending: d.line_ending,
        skipped: table.skipped.clone(),
        padded: table.padded,
        warnings: table.warnings.clone(),
        source: table.source.clone(),
        #[cfg(feature = "full-report")]
        format: if d.header {
            recognise(&table.headers)
        } else {
            None
        },
    }
}
