//! The fits on several threads give what one thread gives, bit for bit: the sweep's fits per k
//! and the prediction strengths (`choose_k`), the restarts of the exact fit, and the mini-batch
//! fit whose finish adds blocks of rows. A cancelled run still stops.

use ndarray::Array2;
use tribes_core::parts::choose::{choose_k, Choice, SweepSettings};
use tribes_core::parts::kmeans::{self, Fit, Init, Params};
use tribes_core::parts::rng;
use tribes_core::Error;

/// `rows` x `d` values in `groups` overlapping groups, so that the sweep and the prediction
/// strength have work to do.
fn groups(rows: usize, d: usize, groups: usize, seed: u64) -> Array2<f64> {
    let mut r = rng::seeded(seed);
    Array2::from_shape_fn((rows, d), |(i, j)| {
        ((i % groups) * (j + 1)) as f64 * 1.5 + rng::uniform(&mut r) * 2.0
    })
}

fn params(k: usize, threads: usize) -> Params {
    Params {
        k,
        init: Init::KMeansPlusPlus,
        n_init: 3,
        tol: 1e-4,
        max_iter: 300,
        seed: 9,
        threads,
    }
}

fn bits(f: &Fit) -> Vec<u64> {
    f.centroids.iter().map(|v| v.to_bits()).collect()
}

#[test]
fn choose_k_is_the_same_on_one_two_and_three_threads() {
    let x = groups(4_000, 12, 4, 1);
    let sweep = SweepSettings {
        sample_rows: 3_500,
        ..SweepSettings::default()
    };
    let runs: Vec<Choice> = [1, 2, 3]
        .iter()
        .map(|&t| choose_k(x.view(), &params(2, t), &sweep, &mut |_| true).unwrap())
        .collect();
    assert_eq!(runs[0].scores.len(), 9);
    assert!(runs[0]
        .scores
        .iter()
        .any(|s| s.prediction_strength.is_some()));
    for other in &runs[1..] {
        // `KScore`'s floats compared exactly: PartialEq on f64 is bitwise for these (no NaN).
        assert_eq!(other, &runs[0]);
    }
}

#[test]
fn restarts_and_blocks_are_the_same_on_one_two_and_three_threads() {
    // 20,000 rows: one block, the restarts side by side. 150,000 rows: three blocks (the
    // mini-batch fit's finish, and the exact fit's restarts one after the other).
    for rows in [20_000, 150_000] {
        let x = groups(rows, 3, 5, 2);
        let one = kmeans::fit_lloyd(x.view(), &params(5, 1), &mut |_| true).unwrap();
        let auto = kmeans::fit(x.view(), &params(5, 1), &mut |_| true).unwrap();
        for threads in [2, 3] {
            let p = params(5, threads);
            let other = kmeans::fit_lloyd(x.view(), &p, &mut |_| true).unwrap();
            assert_eq!(bits(&other), bits(&one), "{rows} rows, {threads} threads");
            assert_eq!(other.labels, one.labels);
            assert_eq!(other.inertia.to_bits(), one.inertia.to_bits());
            let other = kmeans::fit(x.view(), &p, &mut |_| true).unwrap();
            assert_eq!(bits(&other), bits(&auto), "{rows} rows, {threads} threads");
            assert_eq!(other.labels, auto.labels);
        }
    }
}

#[test]
fn a_cancel_stops_every_thread() {
    let x = groups(4_000, 12, 4, 3);
    for threads in [1, 2] {
        let mut calls = 0;
        let r = choose_k(
            x.view(),
            &params(2, threads),
            &SweepSettings::default(),
            &mut |_| {
                calls += 1;
                calls < 3
            },
        );
        assert_eq!(r.unwrap_err(), Error::Cancelled, "{threads} threads");
        let r = kmeans::fit_lloyd(x.view(), &params(4, threads), &mut |_| false);
        assert_eq!(r.unwrap_err(), Error::Cancelled, "{threads} threads");
    }
}
