//! Mini-batch k-means against full Lloyd, and the mini-batch fit's contract: deterministic for a
//! seed, cancellable, labels numbered by size, `Init::First` kept exact.
//!
//! These fit 100,000 to 200,000 rows: about 5 s together in the dev profile (opt-level 1).

use ndarray::Array2;
use tribes_core::parts::kmeans::{self, Fit, Init, Params, Step, MINIBATCH_ROWS};
use tribes_core::parts::{minibatch, rng};
use tribes_core::Error;

/// `rows` x 8 values around 8 centres drawn uniformly in [-10, 10]^8, with Gaussian noise of
/// standard deviation `spread` (Box-Muller), so neighbouring blobs overlap.
fn blobs(rows: usize, spread: f64, seed: u64) -> Array2<f64> {
    const D: usize = 8;
    let mut r = rng::seeded(seed);
    let centres: Vec<f64> = (0..8 * D)
        .map(|_| rng::uniform(&mut r) * 20.0 - 10.0)
        .collect();
    let mut values = Vec::with_capacity(rows * D);
    for _ in 0..rows {
        let c = rng::below(&mut r, 8);
        for j in 0..D {
            let (u1, u2) = (rng::uniform(&mut r), rng::uniform(&mut r));
            let normal = (-2.0 * (1.0 - u1).ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
            values.push(centres[c * D + j] + spread * normal);
        }
    }
    Array2::from_shape_vec((rows, D), values).expect("rows x 8 values")
}

fn params(k: usize, seed: u64) -> Params {
    Params {
        k,
        init: Init::KMeansPlusPlus,
        n_init: 3,
        tol: 1e-4,
        max_iter: 300,
        seed,
        threads: 1,
    }
}

fn sizes(f: &Fit, k: usize) -> Vec<usize> {
    let mut sizes = vec![0; k];
    for &l in &f.labels {
        sizes[l] += 1;
    }
    sizes
}

/// The slowest test here (~3 s in the dev profile): one full Lloyd fit of 200,000 rows, 3 starts.
#[test]
fn minibatch_inertia_is_within_2_percent_of_full_lloyd_on_200k_rows() {
    let x = blobs(200_000, 3.0, 42);
    assert!(x.nrows() > MINIBATCH_ROWS);
    // Seed 1: its full Lloyd fit finds the 8 blobs (with seed 7 all three of its starts end in a
    // worse local minimum, 20% above the mini-batch fit's, which would make this test too easy).
    let p = params(8, 1);
    let full = kmeans::fit_lloyd(x.view(), &p, &mut |_| true).unwrap();
    let auto = kmeans::fit(x.view(), &p, &mut |_| true).unwrap();
    let mini = minibatch::fit(x.view(), &p, &mut |_| true).unwrap();
    // Above MINIBATCH_ROWS, `fit` is the mini-batch fit.
    assert_eq!(auto.labels, mini.labels);
    assert_eq!(auto.inertia, mini.inertia);
    let ratio = mini.inertia / full.inertia;
    assert!(
        ratio <= 1.02,
        "mini-batch {} vs Lloyd {}",
        mini.inertia,
        full.inertia
    );
    // The labels are those of the nearest final centre, numbered by size, none empty.
    assert_eq!(mini.labels.len(), x.nrows());
    let s = sizes(&mini, 8);
    assert!(s.windows(2).all(|w| w[0] >= w[1]), "sizes {s:?}");
    assert!(s[7] > 0);
    let recomputed: f64 = (0..x.nrows())
        .map(|i| kmeans::sq_dist(x.row(i), mini.centroids.row(mini.labels[i])))
        .sum();
    assert!((recomputed - mini.inertia).abs() <= 1e-9 * mini.inertia);
    assert!(mini.iterations >= 1 && mini.iterations <= minibatch::FINISH_ITER);
}

#[test]
fn minibatch_is_deterministic_for_a_seed_and_reports_progress() {
    let x = blobs(120_000, 2.5, 3);
    let mut calls = Vec::new();
    let a = minibatch::fit(x.view(), &params(6, 11), &mut |s: Step| {
        calls.push(s);
        true
    })
    .unwrap();
    let b = minibatch::fit(x.view(), &params(6, 11), &mut |_| true).unwrap();
    assert_eq!(a.labels, b.labels);
    assert_eq!(a.inertia, b.inertia);
    assert_eq!(a.centroids, b.centroids);
    // Every restart reports each of its mini-batch steps; the finish is the last run.
    for run in 0..3 {
        let steps = calls.iter().filter(|s| s.run == run).count();
        assert!(steps >= minibatch::STEPS, "run {run}: {steps} calls");
    }
    assert!(calls
        .iter()
        .all(|s| s.runs == 4 && s.iteration < s.max_iter));
    assert!(calls.iter().any(|s| s.run == 3));
}

#[test]
fn minibatch_stops_when_progress_says_so() {
    let x = blobs(120_000, 2.5, 5);
    for stop_after in [0, 10, 45, 80] {
        let mut seen = 0;
        let r = minibatch::fit(x.view(), &params(5, 1), &mut |_| {
            seen += 1;
            seen <= stop_after
        });
        assert_eq!(r.unwrap_err(), Error::Cancelled, "stop after {stop_after}");
        assert_eq!(seen, stop_after + 1);
    }
}

#[test]
fn minibatch_copes_with_fewer_distinct_rows_than_k() {
    // 120,000 rows on 3 points, k = 5: duplicate centres and empty clusters to repair, no panic.
    let x = Array2::from_shape_fn((120_000, 2), |(i, j)| ((i % 3) * 10 + j) as f64);
    let f = kmeans::fit(x.view(), &params(5, 2), &mut |_| true).unwrap();
    assert_eq!(f.labels.len(), x.nrows());
    assert!(f.labels.iter().all(|&l| l < 5));
    assert_eq!(f.inertia, 0.0);
    assert!(sizes(&f, 5).iter().filter(|&&s| s > 0).count() >= 3);
}

#[test]
fn a_fixed_start_stays_exact_lloyd_above_the_threshold() {
    let x = blobs(MINIBATCH_ROWS + 1, 2.5, 9);
    let p = Params {
        init: Init::First,
        ..params(4, 0)
    };
    let auto = kmeans::fit(x.view(), &p, &mut |_| true).unwrap();
    let exact = kmeans::fit_lloyd(x.view(), &p, &mut |_| true).unwrap();
    assert_eq!(auto.labels, exact.labels);
    assert_eq!(auto.inertia, exact.inertia);
}
