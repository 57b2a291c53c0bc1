//! Clustering: k-means++ and Lloyd's iterations with Hamerly's bounds (`lloyd`), mini-batch
//! k-means for large inputs (`minibatch`, which uses `lloyd`), the fit that picks between them
//! (`kmeans`), the quality metrics (`metrics`) and choosing k (`choose`).

pub mod choose;
pub mod host;
pub mod kmeans;
pub mod lloyd;
pub mod metrics;
pub mod minibatch;
pub mod parallel;
pub mod pool;
pub mod settings;

pub use kmeans::{fit, MINIBATCH_ROWS};
pub use lloyd::{fit_lloyd, sq_dist, Fit, Step};
pub use settings::{Init, KMeansSettings, Params, SweepSettings};
