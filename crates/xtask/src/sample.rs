//! The sample customers behind "Try sample data": about 2,000 rows with planted structure, made
//! from a fixed seed so every build ships the same file.
//!
//! Each industry has its own spend and age profile, favourite cities, employee bands and interest
//! words, plus words every industry uses; so the segments of the sample mean something. A few cells
//! are missing (blank or "NA"), as in a real CRM export.

use std::path::PathBuf;

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

const ROWS: usize = 2_000;
const SEED: u64 = 2024;

struct Industry {
    name: &'static str,
    weight: f64,
    spend: (f64, f64),
    age: (f64, f64),
    cities: &'static [&'static str],
    bands: &'static [&'static str],
    words: &'static [&'static str],
}

const INDUSTRIES: &[Industry] = &[
    Industry {
        name: "SaaS",
        weight: 0.30,
        spend: (26_000.0, 3_000.0),
        age: (31.0, 3.0),
        cities: &["Boston", "Austin", "San Francisco"],
        bands: &["11-50", "51-200"],
        words: &[
            "free trial",
            "api",
            "integrations",
            "automation",
            "dashboards",
            "startup",
        ],
    },
    Industry {
        name: "Healthcare",
        weight: 0.25,
        spend: (8_000.0, 1_500.0),
        age: (45.0, 3.5),
        cities: &["Chicago", "Boston", "Minneapolis"],
        bands: &["201-1000", "1000+"],
        words: &[
            "compliance",
            "patient care",
            "hipaa",
            "telehealth",
            "scheduling",
            "clinics",
        ],
    },
    Industry {
        name: "Retail",
        weight: 0.25,
        spend: (2_500.0, 600.0),
        age: (26.0, 3.0),
        cities: &["New York", "Miami", "Los Angeles"],
        bands: &["1-10", "11-50"],
        words: &[
            "coupons",
            "loyalty",
            "instagram",
            "free shipping",
            "flash sale",
            "ebook",
        ],
    },
    Industry {
        name: "Manufacturing",
        weight: 0.20,
        spend: (16_000.0, 2_000.0),
        age: (58.0, 3.5),
        cities: &["Detroit", "Cleveland", "Chicago"],
        bands: &["201-1000", "51-200"],
        words: &[
            "supply chain",
            "erp",
            "quality control",
            "logistics",
            "procurement",
            "lean",
        ],
    },
];

const SHARED_WORDS: &[&str] = &["newsletter", "webinar", "discount", "case studies"];

struct Draw(ChaCha8Rng);

impl Draw {
    fn uniform(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[(self.uniform() * items.len() as f64) as usize % items.len()]
    }
    /// A normal draw (Box-Muller).
    fn normal(&mut self, mean: f64, sd: f64) -> f64 {
        let u1 = self.uniform().max(1e-12);
        let u2 = self.uniform();
        mean + sd * (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }
}

/// The sample CSV, the same bytes on every call.
pub fn generate() -> String {
    generate_rows(ROWS)
}

/// The first `rows` customers of the sample (the embeddable build carries fewer).
pub fn generate_rows(rows: usize) -> String {
    let mut d = Draw(ChaCha8Rng::seed_from_u64(SEED));
    let mut out = String::from("customer_id,city,industry,employees,annual_spend,age,interests\n");
    for i in 0..rows {
        let mut r = d.uniform();
        let ind = INDUSTRIES
            .iter()
            .find(|ind| {
                r -= ind.weight;
                r < 0.0
            })
            .unwrap_or(&INDUSTRIES[INDUSTRIES.len() - 1]);
        // One customer in ten lives somewhere the industry is not concentrated.
        let city = if d.uniform() < 0.1 {
            d.pick(&["Denver", "Seattle", "Atlanta", "Boston", "Chicago"])
        } else {
            d.pick(ind.cities)
        };
        let band = d.pick(ind.bands);
        let spend = d.normal(ind.spend.0, ind.spend.1).max(100.0).round();
        let age = d.normal(ind.age.0, ind.age.1).clamp(18.0, 90.0).round();
        let mut words: Vec<&str> = Vec::new();
        let count = 2 + (d.uniform() * 2.0) as usize;
        for _ in 0..count {
            let w = d.pick(ind.words);
            if !words.contains(&w) {
                words.push(w);
            }
        }
        if d.uniform() < 0.6 {
            words.push(d.pick(SHARED_WORDS));
        }
        // About 1% of spends and ages are missing, written the ways CRMs write them.
        let spend = match d.uniform() {
            u if u < 0.005 => String::new(),
            u if u < 0.01 => "NA".into(),
            _ => format!("{spend}"),
        };
        let age = if d.uniform() < 0.01 {
            String::new()
        } else {
            format!("{age}")
        };
        out.push_str(&format!(
            "C{:05},{city},{},{band},{spend},{age},\"{}\"\n",
            i + 1,
            ind.name,
            words.join("; ")
        ));
    }
    out
}

/// `cargo xtask sample`'s arguments.
#[derive(clap::Args)]
pub struct Args {
    /// Write the sample orders export (1,000 customers, one row per order) instead of the
    /// customers.
    #[arg(long)]
    pub orders: bool,
    /// The file to write; without it, the CSV goes to stdout.
    pub file: Option<PathBuf>,
}

/// `cargo xtask sample [--orders] [FILE]`: the sample customers, or with `--orders` the sample
/// orders export (crates/xtask/src/orders.rs, 1,000 customers).
pub fn main(args: &Args) -> crate::Result {
    let csv = if args.orders {
        crate::orders::generate(1_000).0
    } else {
        generate()
    };
    match &args.file {
        Some(path) => {
            std::fs::write(path, csv).map_err(|e| format!("cannot write {}: {e}", path.display()))
        }
        None => {
            print!("{csv}");
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_is_stable_and_complete() {
        let a = generate();
        assert_eq!(a, generate());
        assert_eq!(a.lines().count(), ROWS + 1);
        for ind in INDUSTRIES {
            assert!(a.contains(&format!(",{},", ind.name)));
        }
    }
}
