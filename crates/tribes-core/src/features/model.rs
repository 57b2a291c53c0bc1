//! What the features stage learns from the data, as plain values: enough to turn any rows with
//! the same columns into the same feature matrix, with no access to the rows it was fitted on.
//! It serializes (a saved segmentation keeps it) and is all an encoder needs.

use serde::{Deserialize, Serialize};

use super::days::DaysTo;
use crate::schema::DateFormat;
use crate::util::pca::Pca;

/// Every transform the fit learned, in the order of the matrix's columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FeatureModel {
    pub columns: Vec<ColumnTransform>,
}

/// One column of the file and the matrix columns it becomes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ColumnTransform {
    /// The column's name (columns are found by name, so a file may order them differently).
    pub column: String,
    pub encoding: Encoding,
}

/// How one column becomes numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum Encoding {
    /// A number-like column: one matrix column, `(f(v) - center) / spread`, where `v` is the
    /// cell as a number (`impute` when missing or unreadable) and `f` is `ln(1 + v)` when `log`,
    /// else the value itself.
    Number {
        /// How a cell is read: a number, a band's rank, or yes/no as 1 and 0.
        read: NumberRead,
        impute: f64,
        log: bool,
        center: f64,
        spread: f64,
    },
    /// A categorical column: one indicator column per value, `weight` in the row's value's
    /// column and 0 elsewhere. A missing cell takes `values[impute]`; a value not among them
    /// takes the last, `(other)`, when `other`, and no column at all otherwise.
    Categories {
        values: Vec<String>,
        other: bool,
        impute: usize,
        weight: f64,
    },
    /// A list column (tags): one indicator column per item, `weight` when the cell holds the
    /// item and 0 otherwise. A cell is split at `separator` (quoted items taken whole); items
    /// are matched trimmed and ignoring case; a blank cell holds none, and an item not among
    /// `items` sets no column.
    Items {
        separator: char,
        items: Vec<String>,
        /// Frequent items of the source left out of the features (linked to no other column):
        /// known, so another file's are not counted as unseen.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        ignored: Vec<String>,
        weight: f64,
    },
    /// A free-text column: each row's terms as TF-IDF (`idf` by term), hashed into `buckets`
    /// signed buckets and scaled to unit length, then projected on `axes` and multiplied by
    /// `scale`.
    Text {
        /// How the text was read: its stop-word language, stemming, and the user's stop words.
        language: String,
        stem: bool,
        stop_words: Vec<String>,
        buckets: usize,
        idf: Vec<(String, f64)>,
        axes: Pca,
        scale: f64,
    },
}

/// How a number-like cell is read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum NumberRead {
    /// A number in the file's own number format.
    Number,
    /// The rank of its band among these, the lowest first.
    Rank(Vec<String>),
    /// Yes as 1, no as 0.
    YesNo,
    /// A date (written in `format`) as the days from it to `to`: the file's last date, found in
    /// each file encoded, or a day the user gave.
    Days { format: DateFormat, to: DaysTo },
}
