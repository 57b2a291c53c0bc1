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
//! `features`, `cluster`, `describe`, `rfm`, `export`, `options`, `report`, `pipeline`. Options
//! arrive as [`Options`] (camelCase in JS, flags in the CLI) and are checked once into
//! [`Settings`], one typed value per stage; a run is a [`Dataset`] method (or a free function on
//! bytes in memory) that takes them.
//!
//! Nothing here panics on any input: every failure is an [`Error`] that says what and where.

#![deny(unsafe_code)]

pub mod cluster;
pub mod describe;
pub mod error;
pub mod export;
pub mod features;
pub mod options;
pub mod pipeline;
pub mod read;
pub mod report;
pub mod rfm;
pub mod schema;
pub mod text;
pub mod util;

pub use error::{Error, ParamError, Result};
pub use options::{KChoice, Options, Settings};
pub use pipeline::dataset::{analyze, inspect, keywords, reader, rfm, Dataset};
pub use pipeline::{no_progress, vocabulary, Progress, Stage, Vocabulary};
pub use read::{ReadSettings, Reader, Table};
pub use report::{AnalysisResult, Inspection, KeywordsResult, RfmAnalysis, RfmTable};

/// The options' defaults, for the UI.
pub fn default_options() -> Options {
    Options::default()
}
