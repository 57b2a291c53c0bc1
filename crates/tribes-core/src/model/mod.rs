//! The saved segmentation: the model file (`file`), made from a finished analysis (`build`), the
//! one rule that gives a row its segment (`assign`), which the analysis' last step and applying a
//! model both follow, applying it to another file part by part (`apply`), and who moved between
//! two files under one model (`compare`), the day days-since columns count to in a file read
//! part by part (`days`), and the SQL that gives a warehouse table's rows their
//! segments (`sql`, with the feature `sql`).

pub mod apply;
pub mod assign;
pub mod build;
pub mod compare;
pub mod days;
pub mod file;
#[cfg(feature = "sql")]
pub mod sql;

pub use apply::{Applied, Applying};
#[cfg(feature = "full-report")]
pub use build::{build, Fitting};
pub use days::{as_of_day, counting_to, counts_days, LastDates};
pub use file::{Model, ModelSegment, RfmModel, FORMAT, VERSION};
