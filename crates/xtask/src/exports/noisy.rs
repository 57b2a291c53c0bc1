//! Planted tables for choosing k and for weighing columns: groups in four behaviour columns,
//! next to five columns of pure noise (three numeric, two categorical) that carry no group.
//!
//! - `noisy-planted`: four groups of 40, 30, 20 and 10%, well apart in the behaviour columns.
//! - `noisy-unequal`: three groups of 55, 33 and 12%.
//! - `noisy-overlapping`: four groups whose behaviour overlaps (about 1.6 standard deviations
//!   between neighbouring centres).
//! - `noisy-few-distinct`: only four distinct behaviour rows, repeated (40/30/20/10%), and no
//!   noise columns: a rule for k must never pick more segments than distinct points.

use super::common::{Dataset, Rng, Table, PLAIN};

const BEHAVIOUR: &[&str] = &[
    "visits_per_month",
    "avg_basket",
    "days_since_visit",
    "discount_share",
];

const NOISE: &[&str] = &["age", "income", "satisfaction", "region", "device"];

/// Group centres in units of each behaviour column's spread: (name, share, centre).
type Group = (&'static str, f64, [f64; 4]);

const PLANTED: &[Group] = &[
    ("A", 0.40, [0.0, 0.0, 0.0, 0.0]),
    ("B", 0.30, [3.0, 3.0, 0.0, 0.0]),
    ("C", 0.20, [0.0, 3.0, 3.0, 0.0]),
    ("D", 0.10, [0.0, 0.0, 3.0, 3.0]),
];

const UNEQUAL: &[Group] = &[
    ("A", 0.55, [0.0, 0.0, 0.0, 0.0]),
    ("B", 0.33, [3.0, 0.0, 3.0, 0.0]),
    ("C", 0.12, [0.0, 3.0, 0.0, 3.0]),
];

const OVERLAPPING: &[Group] = &[
    ("A", 0.40, [0.0, 0.0, 0.0, 0.0]),
    ("B", 0.30, [1.6, 1.6, 0.0, 0.0]),
    ("C", 0.20, [0.0, 1.6, 1.6, 0.0]),
    ("D", 0.10, [0.0, 0.0, 1.6, 1.6]),
];

/// Each behaviour column's natural scale: (offset, unit) so that centre 0 sits at a plausible
/// value.
const SCALE: [(f64, f64); 4] = [(4.0, 1.2), (45.0, 9.0), (40.0, 9.0), (0.10, 0.04)];

fn table(rng: &mut Rng, rows: usize, groups: &[Group], spread: f64, noise: bool) -> Dataset {
    let mut header: Vec<&str> = vec!["customer_id"];
    header.extend_from_slice(BEHAVIOUR);
    if noise {
        header.extend_from_slice(NOISE);
    }
    let mut t = Table::new(&header);
    let mut truth = Vec::new();
    let shares: Vec<f64> = groups.iter().map(|g| g.1).collect();
    for i in 0..rows {
        let (name, _, centre) = groups[rng.weighted(&shares)];
        let mut cells: Vec<(&str, String)> = vec![("customer_id", format!("N{:05}", i + 1))];
        for (k, column) in BEHAVIOUR.iter().enumerate() {
            let z = centre[k] + rng.normal(0.0, spread);
            let (offset, unit) = SCALE[k];
            let x = (offset + z * unit).max(0.0);
            let text = match k {
                0 => format!("{:.1}", x),
                1 => format!("{:.2}", x),
                2 => format!("{}", x.round()),
                _ => format!("{:.3}", x.min(1.0)),
            };
            cells.push((column, text));
        }
        if noise {
            cells.push((
                "age",
                format!("{}", rng.normal(42.0, 13.0).clamp(18.0, 90.0).round()),
            ));
            cells.push((
                "income",
                format!("{}", (rng.lognormal(52_000.0, 0.5) / 100.0).round() * 100.0),
            ));
            cells.push(("satisfaction", rng.between(1, 10).to_string()));
            cells.push((
                "region",
                rng.pick(&["North", "South", "East", "West", "Central", "Islands"])
                    .to_string(),
            ));
            cells.push((
                "device",
                rng.pick(&["mobile", "desktop", "tablet"]).to_string(),
            ));
        }
        t.push(&cells);
        truth.push(name);
    }
    Dataset::csv(t, truth, PLAIN)
}

pub fn planted(rng: &mut Rng, rows: usize) -> Dataset {
    table(rng, rows, PLANTED, 0.6, true)
}

pub fn unequal(rng: &mut Rng, rows: usize) -> Dataset {
    table(rng, rows, UNEQUAL, 0.6, true)
}

pub fn overlapping(rng: &mut Rng, rows: usize) -> Dataset {
    table(rng, rows, OVERLAPPING, 0.6, true)
}

pub fn few_distinct(rng: &mut Rng, rows: usize) -> Dataset {
    table(rng, rows, PLANTED, 0.0, false)
}
