//! What the describe stage reports of each segment.

use serde::Serialize;

#[cfg(feature = "full-report")]
pub use super::rules::Rule;
#[cfg(feature = "full-report")]
pub use super::stability::Recovery;
use crate::text::KeywordSet;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(transform = full_report_segment))]
pub struct Segment {
    /// 0 is the largest segment.
    pub id: usize,
    pub size: usize,
    /// size / rows used, from 0 to 1.
    pub share: f64,
    /// A suggested name from the segment's strongest traits.
    pub name: String,
    /// What sets the segment apart, strongest first (at most five).
    pub traits: Vec<Trait>,
    pub profile: Profile,
    /// The rows nearest the segment's centre, nearest first: its most typical customers.
    /// Left out of the embeddable element's build (the feature `full-report`).
    #[cfg(feature = "full-report")]
    pub representatives: Vec<Representative>,
    pub cohesion: Cohesion,
    /// The segment's centre on the 2-D map (`projection`). Left out of the embeddable element's
    /// build, as the map is.
    #[cfg(feature = "full-report")]
    pub centre: [f64; 2],
    pub keywords: Vec<KeywordSet>,
    /// How well the segment holds when the data are resampled: the mean Jaccard similarity with
    /// its best counterpart over the bootstrap resamples, from 0 to 1 (0.85 and above holds,
    /// below 0.6 dissolves). Absent until the stability stage has run, or when no resample drew
    /// any of its rows; left out of the embeddable element's build (the feature `full-report`).
    #[cfg(feature = "full-report")]
    pub stability: Option<f64>,
    /// In how many resamples the segment came back (Jaccard above 0.75): "19 of 20". Left out of
    /// the embeddable element's build, as `stability` is.
    #[cfg(feature = "full-report")]
    pub recovery: Option<Recovery>,
    /// A filter of at most three conditions on the file's columns that finds the segment, with
    /// how much of the segment it covers and how much of what it selects is the segment; absent
    /// when no such filter covers 70% of the segment. Left out of the embeddable element's build
    /// (the feature `full-report`).
    #[cfg(feature = "full-report")]
    pub rule: Option<Rule>,
    /// Each outcome column (churn, converted...) in the segment against all rows. Left out of the
    /// embeddable element's build (the feature `full-report`).
    #[cfg(feature = "full-report")]
    pub outcomes: Vec<Outcome>,
}

/// What the embeddable build leaves out is not required (see `util::schema::not_required`).
#[cfg(feature = "schema")]
fn full_report_segment(schema: &mut schemars::Schema) {
    crate::util::schema::not_required(schema, &["representatives", "centre", "outcomes"]);
}

/// An outcome column in one segment: "churn 49% against 26% overall".
#[cfg(feature = "full-report")]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Outcome {
    pub column: String,
    /// The value counted (yes, 1, or a category's rarest value).
    pub value: String,
    /// Share of the segment's rows with a value that have it, from 0 to 1.
    pub share: f64,
    /// The same for all rows.
    pub overall: f64,
    pub text: String,
}

/// A typical customer of a segment.
#[cfg(feature = "full-report")]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Representative {
    /// The 1-based data record number.
    pub row: usize,
    /// Its cells, one per column, as read; empty for identifier, personal and owner columns,
    /// which are never shown.
    pub cells: Vec<String>,
    /// The columns that set its segment apart (those of the traits), with its values.
    pub apart: Vec<ColumnValue>,
}

#[cfg(feature = "full-report")]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ColumnValue {
    pub column: String,
    pub value: String,
}

/// How tight a segment is.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Cohesion {
    /// Sum of squared distances of its rows to its centre, in scaled units.
    pub inertia: f64,
    /// inertia / size: comparable between segments; lower is tighter.
    pub mean_squared_distance: f64,
    /// Mean silhouette of its rows in the scored sample, from -1 to 1 (higher: better separated).
    pub silhouette: Option<f64>,
}

/// One way a segment differs from all rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Trait {
    pub column: String,
    /// For a category: the value over-represented in the segment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// `more` (a category more common), `high` or `low` (a number above or below average).
    pub direction: Direction,
    /// The segment's share (category) or mean (number: the mean, like the effect and index).
    pub segment: f64,
    /// The same for all rows.
    pub overall: f64,
    /// Lift / 100 for a category, index / 100 for a number: 2.3 reads "2.3x".
    pub ratio: Option<f64>,
    /// Standardized difference (segment minus all, over all rows' standard deviation; for a
    /// category, of its 0/1 indicator): how traits of different columns are ranked.
    pub effect: f64,
    /// Share of the segment's members the trait is true of: for a category, its share; for
    /// "high", the share above the overall median; for "low", below it.
    pub holds: f64,
    /// The trait in words.
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    More,
    High,
    Low,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Profile {
    pub numeric: Vec<NumericStat>,
    pub categorical: Vec<CategoryStat>,
}

/// A numeric column in one segment against all rows (missing cells left out).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NumericStat {
    pub column: String,
    pub mean: f64,
    pub median: f64,
    /// The segment's first and third quartiles: the middle half of its values.
    pub q1: f64,
    pub q3: f64,
    pub overall_mean: f64,
    pub overall_median: f64,
    /// (segment mean - overall mean) / overall standard deviation.
    pub effect: f64,
    /// 100 x segment mean / overall mean (100 = average); absent when the overall mean is not
    /// positive.
    pub index: Option<f64>,
    /// Shares of the segment's values above and below the overall median.
    pub above: f64,
    pub below: f64,
}

/// A categorical column's most frequent values in one segment (for a list column, its items, each
/// a share of the segment's rows holding it).
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
