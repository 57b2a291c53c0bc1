//! What each column is: its kind, how many values are missing or do not fit, and the evidence
//! (`infer`), and the kinds themselves (`kind`).

pub mod infer;
pub mod kind;

pub use infer::infer;
pub use kind::{is_missing, ColumnSchema, DateFormat, Kind};
