//! The result types: the public contract. The CLI prints them as JSON and the wasm layer returns
//! them as plain JS objects (labels as an `Int32Array`); `docs/result.schema.json` is generated
//! from these definitions (`cargo xtask schema`).

use serde::Serialize;

use crate::cluster::choose::KScore;
use crate::cluster::metrics::Metrics;
use crate::features::FeatureInfo;
use crate::options::Checked;
use crate::read::summary::InputSummary;
use crate::schema::{ColumnSchema, Kind};
use crate::text::{KeywordGroup, KeywordSet, TextSummary};

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
    /// The rows on a 2-D map of the features (principal components).
    pub projection: Projection,
    /// Each text column named in `textColumns`, as a whole (each segment's own terms are in its
    /// `keywords`).
    pub text: Vec<TextSummary>,
    /// The options after validation, with the seed filled in: enough to reproduce the run.
    pub options: Checked,
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
    /// For a feature: how it was encoded, imputed and transformed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feature: Option<FeatureInfo>,
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
    /// What sets the segment apart, strongest first (at most five).
    pub traits: Vec<Trait>,
    pub profile: Profile,
    /// The rows nearest the segment's centre, nearest first: its most typical customers.
    pub representatives: Vec<Representative>,
    pub cohesion: Cohesion,
    /// The segment's centre on the 2-D map (`projection`).
    pub centre: [f64; 2],
    pub keywords: Vec<KeywordSet>,
}

/// A typical customer of a segment.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Representative {
    /// The 1-based data record number.
    pub row: usize,
    /// Its cells, one per column, as read.
    pub cells: Vec<String>,
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

/// The 2-D map: every used row projected on the features' two principal components.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Projection {
    /// Share of the features' variance each axis shows.
    pub explained: [f64; 2],
    /// The features that weigh most on each axis, largest first (at most five per axis).
    pub axes: [Vec<Loading>; 2],
    /// One coordinate pair per used row, in file order (records with label -1 have none).
    pub x: Vec<f32>,
    pub y: Vec<f32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Loading {
    /// A feature: `spend`, or `industry = SaaS` for one category.
    pub feature: String,
    pub weight: f64,
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

/// What `keywords` returns: one text column's distinctive terms per group.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct KeywordsResult {
    pub input: InputSummary,
    /// What the groups are: `segment` (k-means segments, found with the other options), or the
    /// name of the column whose values they are.
    pub by: String,
    /// With `by` = `segment`: the seed of the segmentation (give it back to repeat it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<u32>,
    pub overall: TextSummary,
    pub groups: Vec<KeywordGroup>,
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
