//! Planted data for the describe layer's tests: separated blobs, uniform noise, and the labels a
//! k-means fit gives them.
#![cfg(test)]

use ndarray::{Array2, ArrayView2};

use crate::cluster::{self, Init, Params};
use crate::util::rng;

/// `centres` groups of `per` rows in `dims` dimensions: centre j sits `apart` units along axis j
/// (so any two centres are `apart * sqrt(2)` apart), and each value adds noise with a standard
/// deviation of about 1 (a centred sum of three uniforms, scaled).
pub fn blobs(centres: usize, dims: usize, per: usize, apart: f64, seed: u64) -> Array2<f64> {
    let mut r = rng::seeded(seed);
    Array2::from_shape_fn((centres * per, dims), |(i, j)| {
        let centre = if j == (i % centres) % dims {
            apart
        } else {
            0.0
        };
        let noise: f64 = (0..3).map(|_| rng::uniform(&mut r)).sum::<f64>() - 1.5;
        centre + noise * 2.0
    })
}

/// `n` rows uniform in the unit cube of `dims` dimensions.
pub fn uniform(n: usize, dims: usize, seed: u64) -> Array2<f64> {
    let mut r = rng::seeded(seed);
    Array2::from_shape_fn((n, dims), |_| rng::uniform(&mut r))
}

/// The labels of a k-means fit (3 restarts).
pub fn fit_labels(x: ArrayView2<f64>, k: usize, seed: u64) -> Vec<usize> {
    let p = Params {
        k,
        init: Init::KMeansPlusPlus,
        n_init: 3,
        tol: 1e-4,
        max_iter: 300,
        seed,
        threads: 1,
    };
    cluster::fit(x, &p, &mut |_| true)
        .expect("enough rows for k")
        .labels
}
