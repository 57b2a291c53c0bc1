//! The one error type of tribes-core.
//!
//! Errors that come from the data say where (row, line, column) and what; errors that come from the
//! options name the option and the range it accepts. Both become one line on the CLI's stderr and a
//! JS `Error` in the page, so every message is a full sentence a user can act on.

use thiserror::Error;

/// An option that is out of range or malformed. One variant per option, so a test can check each.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum ParamError {
    #[error("option k (--k): {0} is out of range; use an integer from 2 to 50, or \"auto\"")]
    K(String),
    #[error("option nInit (--n-init): {0} is out of range; use an integer from 1 to 100")]
    NInit(u64),
    #[error("option maxIter (--max-iter): {0} is out of range; use an integer from 1 to 10000")]
    MaxIter(u64),
    #[error("option tol (--tol): {0} is out of range; use a number of 0 or more")]
    Tol(f64),
    #[error("option scale (--scale): \"{0}\" is not one of zscore, robust, none")]
    Scale(String),
    #[error("option init (--init): \"{0}\" is not one of kmeans++, first")]
    Init(String),
    #[error("option {option}: there is no column named \"{name}\" (columns are: {available})")]
    UnknownColumn {
        option: &'static str,
        name: String,
        available: String,
    },
    #[error("option {option}: column \"{name}\" is {kind}, and this version segments on numeric columns only")]
    NotNumeric {
        option: &'static str,
        name: String,
        kind: String,
    },
    #[error("options: {0}")]
    Malformed(String),
}

/// Everything that can stop an analysis.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum Error {
    #[error(transparent)]
    Param(#[from] ParamError),
    #[error("the file is empty")]
    Empty,
    #[error("the file has a header row but no data rows")]
    NoRows,
    #[error("line {line}: the file is not UTF-8 text (invalid byte sequence in field {field}); save it as UTF-8 CSV")]
    NotUtf8 { line: u64, field: usize },
    #[error("line {line}: {message}")]
    Csv { line: u64, message: String },
    #[error("row {row}, column \"{column}\": \"{value}\" is not a number")]
    NotANumber {
        row: u64,
        column: String,
        value: String,
    },
    #[error("no column to segment on: {0}")]
    NoFeatures(String),
    #[error("only {rows} usable rows, and k = {k} segments need at least {k}")]
    TooFewRows { rows: usize, k: usize },
    #[error("cancelled")]
    Cancelled,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
