//! What each column is: its kind, how many values are missing or do not fit, and the evidence
//! (`infer`), the kinds themselves (`kind`), and the kinds the user sets (`overrides`).

pub mod infer;
pub mod kind;
pub mod lexicon;
pub mod list;
pub mod overrides;
pub mod purpose;
pub mod role;

pub use infer::infer;
pub use kind::{is_missing, ColumnSchema, DateFormat, Kind};
pub use overrides::{with_kinds, with_roles};
pub use purpose::{Lens, Role};
