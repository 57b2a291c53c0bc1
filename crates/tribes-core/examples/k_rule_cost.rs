//! What `k = auto`'s rule costs against the silhouette rule it replaced, on the same matrix in the
//! same run.
//!
//! ```sh
//! cargo run --release -p tribes-core --example k_rule_cost -- [ROWS...] [--runs R]
//! ```
//!
//! For each ROWS (default 20,000 and 200,000) a seeded table is drawn as the features step would
//! encode it: four planted groups (40/30/20/10%) in four behaviour columns, three numeric noise
//! columns, and a region (six values) and a device (three) one-hot encoded, eighteen columns in
//! all. Timed, alternating, R times each (default 3; medians reported):
//!
//! - `old`: the silhouette rule as it was: k-means for every k from 2 to 10 on a sample of at most
//!   20,000 rows, each scored by the sampled silhouette, Calinski-Harabasz and Davies-Bouldin,
//!   then [`pick_k`].
//! - `new`: [`choose_k`]: the same sweep, the BIC test and the prediction strengths.
//! - `fit`: the final fit with the chosen k on every row, which either rule is followed by.
//!
//! Prints one line of JSON per ROWS, with the ratios new / old (the rule alone) and
//! (new + fit) / (old + fit) (what the user waits for, reading and profiling aside).

use std::time::Instant;

use ndarray::Array2;
use tribes_core::parts::choose::{
    calinski_harabasz, choose_k, davies_bouldin, pick_k, sampled_silhouette, KScore, SweepSettings,
};
use tribes_core::parts::kmeans::{fit, Init, Params};
use tribes_core::parts::rng;

fn normal(r: &mut rng::Rng) -> f64 {
    let (u, v) = (1.0 - rng::uniform(r), rng::uniform(r));
    (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
}

/// The planted table, z-scored numbers and one-hot categories scaled by 1 / sqrt(1 - sum p²)
/// (with equal shares: sqrt(6/5) and sqrt(3/2)).
fn table(n: usize, seed: u64) -> Array2<f64> {
    const CENTRES: [[f64; 4]; 4] = [
        [0.0, 0.0, 0.0, 0.0],
        [3.0, 3.0, 0.0, 0.0],
        [0.0, 3.0, 3.0, 0.0],
        [0.0, 0.0, 3.0, 3.0],
    ];
    let mut r = rng::seeded(seed);
    let mut x = Array2::zeros((n, 18));
    for i in 0..n {
        let u = rng::uniform(&mut r);
        let g = [0.4, 0.7, 0.9, 1.0]
            .iter()
            .position(|&c| u < c)
            .unwrap_or(3);
        for j in 0..4 {
            x[[i, j]] = (CENTRES[g][j] + 0.6 * normal(&mut r)) / 1.5;
        }
        for j in 4..7 {
            x[[i, j]] = normal(&mut r);
        }
        x[[i, 7 + rng::below(&mut r, 6)]] = (6.0f64 / 5.0).sqrt();
        x[[i, 13 + rng::below(&mut r, 3)]] = 1.5f64.sqrt();
    }
    x
}

fn params(k: usize) -> Params {
    Params {
        k,
        init: Init::KMeansPlusPlus,
        n_init: 3,
        tol: 1e-4,
        max_iter: 300,
        seed: 1,
        threads: 1,
    }
}

/// The rule before prediction strength, as it was written: the chosen k.
fn old_rule(x: &Array2<f64>, sweep: &SweepSettings) -> usize {
    let n = x.nrows();
    let mut r = rng::seeded(1 ^ 0x5eed_5eed);
    let sample = if n > sweep.sample_rows {
        x.select(
            ndarray::Axis(0),
            &rng::sample_indices(&mut r, n, sweep.sample_rows),
        )
    } else {
        x.clone()
    };
    let scores: Vec<KScore> = (sweep.k_min..=sweep.k_max)
        .map(|k| {
            let f = fit(sample.view(), &params(k), &mut |_| true).expect("the sweep fits");
            let s = sampled_silhouette(
                sample.view(),
                &f.labels,
                k,
                sweep.silhouette_rows,
                1 ^ 0x51_1b0e,
            );
            KScore {
                k,
                inertia: f.inertia,
                silhouette: s.overall,
                calinski_harabasz: calinski_harabasz(sample.view(), &f.labels, &f.centroids),
                davies_bouldin: davies_bouldin(sample.view(), &f.labels, &f.centroids),
                bic: None,
                prediction_strength: None,
            }
        })
        .collect();
    pick_k(&scores).unwrap_or(sweep.k_min)
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut runs = 3usize;
    let mut sizes = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--runs" {
            runs = it.next().and_then(|v| v.parse().ok()).unwrap_or(3).max(1);
        } else if let Ok(n) = a.parse() {
            sizes.push(n);
        }
    }
    if sizes.is_empty() {
        sizes = vec![20_000, 200_000];
    }
    let sweep = SweepSettings::default();
    for n in sizes {
        let x = table(n, 7);
        let (mut old, mut new, mut fits) = (Vec::new(), Vec::new(), Vec::new());
        let (mut k_old, mut k_new, mut strengths) = (0, 0, 0);
        for _ in 0..runs {
            let t = Instant::now();
            k_old = old_rule(&x, &sweep);
            old.push(ms(t));
            let t = Instant::now();
            let c = choose_k(x.view(), &params(2), &sweep, &mut |_| true).expect("auto k");
            new.push(ms(t));
            k_new = c.k;
            strengths = c
                .scores
                .iter()
                .filter(|s| s.prediction_strength.is_some())
                .count();
            let t = Instant::now();
            fit(x.view(), &params(k_new), &mut |_| true).expect("the final fit");
            fits.push(ms(t));
        }
        let (old, new, fit_ms) = (median(&mut old), median(&mut new), median(&mut fits));
        println!(
            "{{\"rows\":{n},\"runs\":{runs},\"old_ms\":{old:.0},\"new_ms\":{new:.0},\
             \"fit_ms\":{fit_ms:.0},\"rule_ratio\":{:.2},\"with_fit_ratio\":{:.2},\
             \"k_old\":{k_old},\"k_new\":{k_new},\"strengths_computed\":{strengths}}}",
            new / old,
            (new + fit_ms) / (old + fit_ms)
        );
    }
}
