//! The 2-D map: every row on the features' first two principal axes, and the features that
//! weigh most on each.

use ndarray::{Array2, ArrayView2};
use serde::Serialize;

use crate::util::pca::Pca;

/// The 2-D map: every used row projected on the features' two principal components.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Projection {
    /// Share of the features' variance each axis shows.
    pub explained: [f64; 2],
    /// The features that weigh most on each axis, largest first (at most five per axis).
    pub axes: [Vec<Loading>; 2],
    /// One coordinate pair per used row, in file order (records with label -1 have none).
    pub x: Vec<f32>,
    pub y: Vec<f32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Loading {
    /// A feature: `spend`, or `industry = SaaS` for one category.
    pub feature: String,
    pub weight: f64,
}

/// The map of `x` (the feature matrix, whose columns `names` names): every row's coordinates,
/// and each of the fit's `centroids` on the same axes.
pub fn map(
    x: ArrayView2<f64>,
    centroids: &Array2<f64>,
    names: &[String],
    seed: u64,
) -> (Projection, Vec<[f64; 2]>) {
    let pca = Pca::fit(x, seed ^ 0x0000_00ca);
    let n = x.nrows();
    let (mut px, mut py) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for row in x.rows() {
        let [a, b] = pca.project(row);
        px.push(a as f32);
        py.push(b as f32);
    }
    let centres = centroids
        .rows()
        .into_iter()
        .map(|c| pca.project(c))
        .collect();
    let projection = Projection {
        explained: [pca.explained[0], pca.explained[1]],
        axes: [loadings(&pca.axes[0], names), loadings(&pca.axes[1], names)],
        x: px,
        y: py,
    };
    (projection, centres)
}

/// The features weighing most on an axis (at most five, largest first; none below 0.1).
fn loadings(axis: &[f64], names: &[String]) -> Vec<Loading> {
    let mut all: Vec<Loading> = axis
        .iter()
        .zip(names)
        .filter(|(w, _)| w.abs() >= 0.1)
        .map(|(&weight, name)| Loading {
            feature: name.clone(),
            weight,
        })
        .collect();
    crate::util::order::sort_by(&mut all, |a, b| b.weight.abs().total_cmp(&a.weight.abs()));
    all.truncate(5);
    all
}
