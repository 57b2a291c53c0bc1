//! Tribes' analysis, in pure Rust: read a customer CSV, find its segments with k-means, and
//! describe each one. No wasm or JS dependency: the CLI, the wasm layer and the benchmarks all
//! call the same functions.
//!
//! ```text
//! bytes ─ read ─▶ Table ─ schema ─▶ kinds ─ features (fit, encode) ─▶ Array2 ─ cluster ─▶ labels
//!                                    Table + labels ─ describe ─▶ segments ─ report ─▶ result
//! ```
//!
//! The code is in layers, each using only the ones below it (`docs/architecture.md` has the
//! table, and `tests/layers.rs` checks it): `util`, `error`, `read`, `schema`, `text`,
//! `features`, `cluster`, `describe`, `rfm`, `export`, `options`, `model`, `audience`, `report`,
//! `pipeline`. Options arrive as [`Options`] (camelCase in JS, flags in the CLI) and are checked
//! once into [`Settings`], one typed value per stage; a run is a [`Dataset`] method (or a free
//! function on bytes in memory) that takes them.
//!
//! Nothing here panics on any input: every failure is an [`Error`] that says what and where.

#![deny(unsafe_code)]

#[cfg(feature = "audience")]
mod audience;
mod cluster;
mod describe;
mod error;
mod export;
mod features;
mod model;
mod options;
mod pipeline;
mod read;
#[cfg(test)]
mod regressions;
mod report;
mod rfm;
mod schema;
mod text;
mod util;

#[cfg(feature = "audience")]
pub use audience::{
    columns::{Field as AudienceField, FieldColumn},
    Audience, AudienceFile, AudienceOptions, AudienceSegment, AudienceSettings, AudienceSummary,
    Format as AudienceFormat, Writer as AudienceWriter,
};
pub use cluster::host::BlockHost;
pub use cluster::pool::{with_block_pool, BlockPool, PoolError, PoolUse};
pub use describe::Segment;
pub use error::{Error, ParamError, Position, Result};
pub use export::{csv_part as export_csv_part, ExportOptions, ExportSettings};
pub use model::apply::{AppliedSegment, ColumnDrift, Drift, SegmentDrift, Unseen, PSI_DRIFTED};
pub use model::compare::{
    between as movement_between, cell as movement_cell, cell_csv as movement_cell_csv, compare,
    Keyed, Movement, MovementSegment,
};
#[cfg(feature = "sql")]
pub use model::sql::{sql, Dialect as SqlDialect, SqlSettings};
pub use model::{
    as_of_day, counting_to, counts_days, Applied, Applying, LastDates, Model, ModelSegment,
    RfmModel, FORMAT as MODEL_FORMAT, VERSION as MODEL_VERSION,
};
pub use options::{known_option, KChoice, Options, Settings, OPTION_NAMES};
pub use pipeline::analyze::Segmented;
pub use pipeline::dataset::{analyze, inspect, keywords, reader, rfm, Dataset};
#[cfg(feature = "full-report")]
pub use pipeline::join::Joined;
pub use pipeline::label::Labelling;
#[cfg(feature = "full-report")]
pub use pipeline::rfm::{compare_orders, keyed_orders, NamedNow, OrdersApplied, OrdersSummary};
pub use pipeline::{no_progress, vocabulary, Progress, Stage, Vocabulary};
pub use read::decode::{use_host_decoders, HostDecode, HostDecoders};
pub use read::summary::InputSummary;
pub use read::values::{iso_date, text_guarded};
pub use read::{read, ReadSettings, Reader, Table};
pub use report::{AnalysisResult, Inspection, KeywordsResult, RfmAnalysis, RfmTable};
#[cfg(feature = "full-report")]
pub use rfm::join::{JoinReport, KeyPair, OrdersAccount};
pub use rfm::rules::RULES as RFM_RULES;
pub use rfm::RfmResult;
pub use util::by_column::ByColumn;

/// The options' defaults, for the UI.
pub fn default_options() -> Options {
    Options::default()
}

/// The stages one at a time, for the examples and benchmarks that measure them (and their
/// tests): k-means on a matrix, the features of a table, a text column's corpus, the seeded
/// random source.
pub mod parts {
    pub use crate::schema::infer;
    pub use crate::text::{Corpus, CorpusSettings};
    pub use crate::util::rng;

    /// k-means on a matrix: the fit that picks Lloyd or mini-batch, the exact Lloyd fit, and
    /// their types.
    pub mod kmeans {
        pub use crate::cluster::{
            fit, fit_lloyd, sq_dist, Fit, Init, Params, Step, MINIBATCH_ROWS,
        };
    }

    /// Choosing k: the sweep and its rule, and the scores the rule reads.
    pub mod choose {
        pub use crate::cluster::choose::{choose_k, pick_k, Choice, KScore, Structure};
        pub use crate::cluster::metrics::{calinski_harabasz, davies_bouldin, sampled_silhouette};
        pub use crate::cluster::SweepSettings;
    }

    /// Mini-batch k-means alone, with its constants.
    pub mod minibatch {
        pub use crate::cluster::minibatch::{fit, FINISH_ITER, STEPS};
    }

    /// A table's features, fitted and encoded in one.
    pub mod features {
        pub use crate::features::{build, select_columns, Features, LogChoice, Scale};
    }
}
