//! The results: the public contract. Each stage owns the types of what it reports; these gather
//! them into what `analyze`, `inspect`, `keywords` and `rfm` return. The CLI prints them as JSON
//! and the wasm layer returns them as plain JS objects (labels as an `Int32Array`);
//! `docs/result.schema.json` is generated from these definitions (`cargo xtask schema`).

use serde::Serialize;

use crate::cluster::choose::{KScore, Structure};
use crate::cluster::metrics::Metrics;
#[cfg(feature = "full-report")]
use crate::describe::quality::Quality;
#[cfg(feature = "full-report")]
use crate::describe::Projection;
use crate::describe::Segment;
use crate::error::Error;
use crate::export::{self, ExportSettings};
use crate::features::{FeatureInfo, LensReport};
#[cfg(feature = "full-report")]
use crate::model::Model;
use crate::options::Options;
#[cfg(feature = "full-report")]
use crate::options::Settings;
use crate::read::summary::InputSummary;
use crate::read::Table;
#[cfg(feature = "full-report")]
use crate::rfm::join::JoinReport;
use crate::rfm::{self, RfmResult};
use crate::schema::{ColumnSchema, Kind, Lens};
use crate::text::{KeywordGroup, TextSummary};

/// What `analyze` returns.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(transform = full_report_result))]
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
    /// The verdict on the whole result (clear, some or weak structure) and the figures behind
    /// it; absent until the stability stage has run. Left out of the embeddable element's build
    /// (the feature `full-report`).
    #[cfg(feature = "full-report")]
    pub quality: Option<Quality>,
    /// Every k tried by `k = auto` with its scores; empty when k was given.
    pub k_selection: Vec<KScore>,
    /// How clearly the rows fall into segments, as `k = auto` judged it: `clear`, `unstable`
    /// (no k's segments come back on split halves), `weak` (one group describes the rows as well
    /// as any k: the smallest k is shown) or `identical` (every row the same: one segment).
    /// Absent when k was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub structure: Option<Structure>,
    /// What the user should know about the segments' structure, in a sentence, when it is not
    /// `clear`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub structure_note: Option<String>,
    /// The rows on a 2-D map of the features (principal components). Left out of the embeddable
    /// element's build (the feature `full-report`), which shows no map.
    #[cfg(feature = "full-report")]
    pub projection: Projection,
    /// Each text column named in `textColumns`, as a whole (each segment's own terms are in its
    /// `keywords`). Left out of the embeddable element's build (the feature `full-report`).
    #[cfg(feature = "full-report")]
    pub text: Vec<TextSummary>,
    /// The lens segments were formed through, the columns it used, and the columns each lens
    /// would use.
    pub lens: LensReport,
    /// The options after validation, with the seed filled in: enough to reproduce the run. Left
    /// out of the embeddable element's build (the feature `full-report`), whose options are the
    /// element's attributes.
    #[cfg(feature = "full-report")]
    pub options: Settings,
    /// The segmentation to save and apply to other files (`tribes analyze --model-out`, the
    /// page's "Download model"). Not part of the result's JSON: it is its own file.
    #[cfg(feature = "full-report")]
    #[serde(skip)]
    pub model: Model,
    /// When a customers file was joined with its orders file: the key, the match rates and
    /// where every row of both files went. Absent otherwise, and from the embeddable element's
    /// build (the feature `full-report`).
    #[cfg(feature = "full-report")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub join: Option<JoinReport>,
}

/// What the embeddable build leaves out is not required (see `util::schema::not_required`).
#[cfg(feature = "schema")]
fn full_report_result(schema: &mut schemars::Schema) {
    crate::util::schema::not_required(schema, &["projection", "text", "options"]);
}

pub use crate::schema::Role;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ColumnInfo {
    pub name: String,
    pub kind: Kind,
    /// For a list column: the character its items are separated by.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub separator: Option<char>,
    /// Missing cells (imputed, for a feature).
    pub missing: usize,
    /// Present cells that do not fit the kind (imputed, for a feature).
    pub invalid: usize,
    pub role: Role,
    /// Why the column has its kind, in words.
    pub evidence: String,
    /// Why the column has its part in the analysis (its role), in words: "personal: e-mail
    /// addresses...", "left out: no link with any other column...".
    pub role_evidence: String,
    /// The lens its name places it in.
    pub lens: Lens,
    /// The other columns of its concept, when one nearly determines the other (city, region,
    /// country): they weigh as one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub concept: Vec<String>,
    /// For a feature: how it was encoded, imputed and transformed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feature: Option<FeatureInfo>,
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

/// What `rfm` returns: one row per customer with its scores and named segment, and the
/// customers' k-means segments, unless there are too few customers for k-means (the RFM table
/// then stands on its own, and `without_segments` says why).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RfmAnalysis {
    pub rfm: RfmResult,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub segments: Option<AnalysisResult>,
    /// The per-customer table the segments are of (with `segments`).
    #[serde(skip)]
    pub customers: Option<Table>,
    /// Why there are no k-means segments, when there are none.
    #[serde(skip)]
    pub without_segments: Option<Error>,
}

impl RfmAnalysis {
    /// The per-customer table as CSV: with each customer's k-means segment and its name when
    /// there are segments (as the page's Download CSV writes it), else as the RFM step made it.
    pub fn csv(&self) -> Vec<u8> {
        match (&self.customers, &self.segments) {
            (Some(customers), Some(analysis)) => {
                let names: Vec<String> = analysis.segments.iter().map(|s| s.name.clone()).collect();
                export::csv(
                    customers,
                    &analysis.labels,
                    &names,
                    &ExportSettings::default(),
                )
            }
            _ => rfm::to_csv(&self.rfm),
        }
    }
}

/// The page's RFM step: the per-customer table as CSV (to read as the next file), the summary of
/// the RFM step (its `customers` left out: they are the CSV's rows), and the options its k-means
/// segments take.
/// (Serialized, the CSV is left out: a binding hands it over as bytes.)
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RfmTable {
    pub rfm: RfmResult,
    #[serde(skip)]
    pub csv: Vec<u8>,
    pub segment_options: Options,
    /// How the customers were made and scored (the orders' columns, their date, the R, F and M
    /// cut-offs): what a model of the customers' segments keeps so that it applies to next
    /// month's orders, as `tribes rfm --model-out` writes it.
    #[cfg(feature = "full-report")]
    pub rfm_model: crate::model::RfmModel,
}
