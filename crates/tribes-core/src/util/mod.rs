//! The bottom layer: tools every stage may use, none of them about customers or CSV files.
//!
//! One sort for the whole crate (`order`), the seeded random source (`rng`), the cells' decimal
//! parser (`decimal`), quantiles and skewness (`stats`), our hashes (`hash`), principal axes
//! (`pca`: the map and text as features both use it), a small sorted map by column name
//! (`by_column`), and the sizes past which a file is refused or sampled (`limits`); with the feature `schema`, a helper for the generated JSON Schema (`schema`).

pub mod by_column;
pub mod decimal;
pub mod dip;
pub mod hash;
pub mod limits;
pub mod order;
pub mod pca;
pub mod rng;
#[cfg(feature = "schema")]
pub mod schema;
pub mod stats;
pub mod words;
