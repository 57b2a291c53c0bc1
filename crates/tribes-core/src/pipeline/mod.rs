//! The runs: `analyze`, `inspect`, `keywords` and `rfm`, on a [`Dataset`] (a file read and typed
//! once) or on bytes in memory, with their progress reports; and the names a user interface
//! lists (`vocabulary`). Each run is the stages below it, in order, on the settings checked once.

pub mod analyze;
pub mod dataset;
#[cfg(feature = "full-report")]
pub mod join;
pub mod keywords;
pub mod label;
pub mod progress;
pub mod rfm;
pub mod vocabulary;

pub use progress::{no_progress, Progress, Stage};
pub use vocabulary::{vocabulary, Vocabulary};
