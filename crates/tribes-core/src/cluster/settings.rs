//! The parameters of a k-means fit, and the defaults of the options that set them.

use serde::Serialize;

/// The parameters of one k-means fit: `k` is at least 1 and at most the rows (the fit says so
/// otherwise), every other value in range.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    pub k: usize,
    pub init: Init,
    pub n_init: usize,
    pub tol: f64,
    pub max_iter: usize,
    pub seed: u64,
    /// Threads the fit may use (1: the calling thread only; always 1 in wasm). The results do
    /// not depend on it: Lloyd adds its rows per block of [`super::lloyd::BLOCK_ROWS`] rows,
    /// merged in block order, and independent fits are each seeded on their own.
    pub threads: usize,
}

/// The user's choices for k-means, checked: `k` (`None` for `auto`, which the sweep decides),
/// the start and restarts, and when Lloyd stops.
#[derive(Debug, Clone, PartialEq)]
pub struct KMeansSettings {
    pub k: Option<usize>,
    pub init: Init,
    pub n_init: usize,
    pub tol: f64,
    pub max_iter: usize,
    /// Threads a fit may use: 1 unless the caller says otherwise (the CLI's `--threads`). Not an
    /// option of the analysis: the result is the same whatever it is, so the result does not
    /// report it.
    pub threads: usize,
}

impl Default for KMeansSettings {
    fn default() -> Self {
        KMeansSettings {
            k: None,
            init: Init::KMeansPlusPlus,
            n_init: DEFAULT_N_INIT as usize,
            tol: DEFAULT_TOL,
            max_iter: DEFAULT_MAX_ITER as usize,
            threads: 1,
        }
    }
}

impl KMeansSettings {
    /// The parameters of a fit with `k` segments, seeded by `seed`.
    pub fn params(&self, k: usize, seed: u64) -> Params {
        Params {
            k,
            init: self.init,
            n_init: self.n_init,
            tol: self.tol,
            max_iter: self.max_iter,
            seed,
            threads: self.threads,
        }
    }
}

/// Default number of k-means restarts, for every k of the sweep and for the final fit.
///
/// Measured over seeds 0-9, inertia relative to the best found: with 1 restart (scikit-learn's
/// `n_init="auto"` for k-means++) the mean is 1-6% worse and the worst run up to 2.4x (the sample
/// at k = 4); with 3, means are within 0.2% at k = 3 and within 2% at k = 8; with 10, within 0.13%
/// everywhere. On a 100,000-row customer export with 47 feature columns (k = 3, seeds 1-10), 3
/// restarts landed in a basin 3.8% worse once in ten seeds, on the exact path and the mini-batch
/// path alike. 10 restarts would cost 2.6x the time there (4.9 s against 1.9 s natively, and the
/// page runs in wasm at about twice that), so 3 it is; `nInit` raises it.
pub const DEFAULT_N_INIT: u32 = 3;
pub const DEFAULT_TOL: f64 = 1e-4;
pub const DEFAULT_MAX_ITER: u32 = 300;
/// The k values `k = auto` tries.
pub const AUTO_K_MIN: usize = 2;
pub const AUTO_K_MAX: usize = 10;
/// `k = auto` fits each candidate k on a seeded sample of at most this many rows...
pub const AUTO_SAMPLE_ROWS: usize = 20_000;
/// ...and scores the silhouette on at most this many of them (the silhouette is quadratic).
pub const SILHOUETTE_SAMPLE_ROWS: usize = 2_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Init {
    /// Greedy k-means++ seeding (2 + floor(ln k) candidates per centre), as scikit-learn.
    #[serde(rename = "kmeans++")]
    KMeansPlusPlus,
    /// The first k rows: a fixed start for exact comparison with other implementations.
    #[serde(rename = "first")]
    First,
}

/// What the sweep tries, and on how many rows (the options `kMin`, `kMax`, `sampleRows`,
/// `silhouetteRows`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SweepSettings {
    pub k_min: usize,
    pub k_max: usize,
    pub sample_rows: usize,
    pub silhouette_rows: usize,
}

impl Default for SweepSettings {
    fn default() -> Self {
        SweepSettings {
            k_min: AUTO_K_MIN,
            k_max: AUTO_K_MAX,
            sample_rows: AUTO_SAMPLE_ROWS,
            silhouette_rows: SILHOUETTE_SAMPLE_ROWS,
        }
    }
}
