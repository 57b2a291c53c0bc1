//! The saved segmentation: the model file (`file`), made from a finished analysis (`build`), the
//! one rule that gives a row its segment (`assign`), which the analysis' last step and applying a
//! model both follow, applying it to another file part by part (`apply`), and who moved between
//! two files under one model (`compare`).

pub mod apply;
pub mod assign;
pub mod build;
pub mod compare;
pub mod file;

pub use apply::{Applied, Applying};
#[cfg(feature = "full-report")]
pub use build::{build, Fitting};
pub use file::{Model, ModelSegment, RfmModel, FORMAT, VERSION};
