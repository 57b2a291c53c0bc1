//! The result types: the public contract. The CLI prints them as JSON and the wasm layer returns
//! them as plain JS objects (labels as an `Int32Array`); `docs/result.schema.json` is generated
//! from these definitions (`cargo xtask schema`).

use serde::Serialize;

use crate::dialect::LineEnding;
use crate::ingest::Skipped;
use crate::options::Checked;
use crate::schema::{ColumnSchema, Kind};
use crate::select::KScore;

/// What `analyze` returns.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AnalysisResult {
    pub input: InputSummary,
    pub columns: Vec<ColumnInfo>,
    /// The number of segments fitted.
    pub k: usize,
    /// The seed used; give it back as the `seed` option to repeat this run exactly.
    pub seed: u32,
    /// One label per data record in file order: the segment id, or -1 for a skipped record.
    pub labels: Vec<i32>,
    pub segments: Vec<Segment>,
    pub metrics: Metrics,
    /// Every k tried by `k = auto` with its scores; empty when k was given.
    pub k_selection: Vec<KScore>,
    /// The options after validation, with the seed filled in: enough to reproduce the run.
    pub options: Checked,
}

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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Used to form the segments.
    Feature,
    /// Described in the profiles, not used to form segments.
    Profile,
    /// Left out by the user.
    Excluded,
    /// Not used: identifiers, and kinds this version does not segment on.
    Ignored,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ColumnInfo {
    pub name: String,
    pub kind: Kind,
    /// Missing cells (imputed, for a feature).
    pub missing: usize,
    /// Present cells that do not fit the kind (imputed, for a feature).
    pub invalid: usize,
    pub role: Role,
    pub evidence: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Segment {
    /// 0 is the largest segment.
    pub id: usize,
    pub size: usize,
    /// size / rows used, from 0 to 1.
    pub share: f64,
    /// A suggested name from the segment's strongest traits.
    pub name: String,
    pub profile: Profile,
    pub keywords: Vec<KeywordSet>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Profile {
    pub numeric: Vec<NumericStat>,
    pub categorical: Vec<CategoryStat>,
}

/// A numeric column in one segment against all rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NumericStat {
    pub column: String,
    pub mean: f64,
    pub median: f64,
    pub overall_mean: f64,
    pub overall_median: f64,
    /// 100 x segment mean / overall mean (100 = average); absent when the overall mean is not
    /// positive.
    pub index: Option<f64>,
}

/// A categorical column's most frequent values in one segment.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CategoryStat {
    pub column: String,
    pub values: Vec<CategoryValue>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CategoryValue {
    pub value: String,
    pub count: usize,
    /// Share of the segment's rows with this value, from 0 to 1.
    pub share: f64,
    /// 100 x segment share / overall share (100 = as common as everywhere).
    pub lift: f64,
}

/// The distinctive terms of one text column in one segment.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct KeywordSet {
    pub column: String,
    pub terms: Vec<Term>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Term {
    pub term: String,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Metrics {
    /// Sum of squared distances of rows to their segment's centre, in scaled units.
    pub inertia: f64,
    /// Mean silhouette on a sample of at most 2,000 rows; absent with a single populated segment.
    pub silhouette: Option<f64>,
    /// Calinski-Harabasz index (higher is better).
    pub calinski_harabasz: Option<f64>,
    /// Davies-Bouldin index (lower is better).
    pub davies_bouldin: Option<f64>,
    /// Lloyd iterations of the kept run.
    pub iterations: usize,
    pub converged: bool,
    /// Share of point-to-centre distance computations that Hamerly's bounds skipped in the kept
    /// run (0 to 1).
    pub distances_skipped: f64,
}

/// What `inspect` returns: what was read and understood, before any analysis.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Inspection {
    pub input: InputSummary,
    pub columns: Vec<ColumnSchema>,
    /// With `--rows`: every kept row, as decoded strings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rows: Option<Vec<Vec<String>>>,
}
