//! What each segment is, in terms a marketer reads: size and share; numeric columns against all
//! rows (median, quartiles, index); the most frequent categories with their lift; the traits that
//! most set it apart, in words; its most typical rows; and a suggested name.
//!
//! Traits of different columns are ranked by one measure, the standardized difference ("effect"):
//! for a number, (segment mean - overall mean) / overall standard deviation; for a category, the
//! same for its 0/1 indicator, (p_segment - p) / sqrt(p (1 - p)). An effect of 0.5 is a
//! half-standard-deviation shift, which is what "medium" means in Cohen's scale.
//!
//! The files: `profile` (the segments), `traits` (what sets each apart, in words), `names` (a
//! suggested name), `segment` (the types reported), `map` (the 2-D map), `stability` (how well
//! each segment holds when the data are resampled), `roles` (which columns are personal or
//! outcomes, by name), `rules` (a filter per segment), `quality` (the verdict on the whole).

// The 2-D map: the embeddable element shows none.
#[cfg(feature = "full-report")]
pub mod map;
pub mod names;
pub mod profile;
// What the feature `full-report` adds: the embeddable build leaves it out (see Cargo.toml).
#[cfg(feature = "full-report")]
pub mod quality;
#[cfg(feature = "full-report")]
pub mod roles;
#[cfg(feature = "full-report")]
pub mod rules;
pub mod segment;
#[cfg(feature = "full-report")]
pub mod stability;
#[cfg(test)]
#[cfg(feature = "full-report")]
pub(crate) mod tests_support;
pub mod traits;

#[cfg(feature = "full-report")]
pub use map::Projection;
pub use profile::{segments, Inputs};
pub use segment::Segment;
