//! A sample orders export with planted buyer behaviour, for `tribes rfm` and its tests: one row
//! per order, from a fixed seed. The file ends on 2024-12-31.
//!
//! | group | customers | orders | last order | amount per order |
//! | --- | --- | --- | --- | --- |
//! | frequent recent big spenders | 8% | 12-20 over the year | 0-10 days ago | 150-300 |
//! | brand-new customers | 8% | 1 | 0-10 days ago | 20-80 |
//! | lapsed former regulars | 8% | 6-10 | 200-299 days ago | 60-120 |
//! | occasional buyers | 56% | 2-4 | 20-199 days ago | 30-80 |
//! | one-time buyers long gone | 20% | 1 | 301-700 days ago | 20-60 |
//!
//! With those shares the scores place the planted groups in one named segment each: the big
//! spenders are the most recent fifth with the most orders (Champions); the new customers are as
//! recent with one order (New); the lapsed regulars have more orders than 80% of customers, and
//! only the one-timers (a fifth) bought longer ago, so their recency scores 2 (R 2, F 5: Can't
//! lose them); the one-timers are the oldest fifth with one order (Lost). About 1% of orders
//! are refunded (a second row with the negative amount) and a few rows are guest checkouts with
//! no customer, which `tribes rfm` reports.

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

const SEED: u64 = 7;
/// 2024-12-31, as days since 1970-01-01.
const LAST_DAY: i64 = 20_088;

/// (name, share of customers, orders, days since the last order, amount).
type Group = (&'static str, f64, (u32, u32), (i64, i64), (f64, f64));

pub const GROUPS: [Group; 5] = [
    ("big spender", 0.08, (12, 20), (0, 10), (150.0, 300.0)),
    ("new", 0.08, (1, 1), (0, 10), (20.0, 80.0)),
    ("lapsed regular", 0.08, (6, 10), (200, 299), (60.0, 120.0)),
    ("occasional", 0.56, (2, 4), (20, 199), (30.0, 80.0)),
    ("one-time", 0.20, (1, 1), (301, 700), (20.0, 60.0)),
];

struct Draw(ChaCha8Rng);

impl Draw {
    fn uniform(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn between(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.uniform() * (hi - lo + 1) as f64) as i64
    }
}

fn iso(days: i64) -> String {
    tribes_core::iso_date(days)
}

/// The orders of `customers` customers, sorted by date, and each customer's planted group.
pub fn generate(customers: usize) -> (String, Vec<(String, &'static str)>) {
    let mut d = Draw(ChaCha8Rng::seed_from_u64(SEED));
    let mut rows: Vec<(i64, String)> = Vec::new();
    let mut planted = Vec::new();
    let mut order = 100_000u64;
    let channels = ["web", "web", "app", "shop"];
    let mut c = 0usize;
    for &(group, share, orders, last, amount) in &GROUPS {
        let n = (customers as f64 * share).round() as usize;
        for _ in 0..n {
            c += 1;
            let id = format!("cust-{c:05}");
            planted.push((id.clone(), group));
            let count = d.between(i64::from(orders.0), i64::from(orders.1));
            let last_day = LAST_DAY - d.between(last.0, last.1);
            let channel = channels[(d.uniform() * 4.0) as usize % 4];
            for k in 0..count {
                // The last order on its day; the others spread over the year before it.
                let day = if k == 0 {
                    last_day
                } else {
                    last_day - d.between(1, 365)
                };
                let value = amount.0 + d.uniform() * (amount.1 - amount.0);
                order += 1;
                rows.push((
                    day,
                    format!("{order},{id},{},{value:.2},{channel}", iso(day)),
                ));
                if d.uniform() < 0.01 {
                    rows.push((
                        day,
                        format!("{order},{id},{},-{value:.2},{channel}", iso(day)),
                    ));
                }
            }
        }
    }
    for g in 0..customers / 100 {
        let day = LAST_DAY - 5 * g as i64;
        order += 1;
        rows.push((day, format!("{order},,{},19.99,web", iso(day))));
    }
    rows.sort_by_key(|r| r.0);
    let mut out = String::from("order_id,customer,order_date,amount,channel\n");
    for (_, row) in rows {
        out.push_str(&row);
        out.push('\n');
    }
    (out, planted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use tribes_core::{Dataset, Options};

    #[test]
    fn each_planted_group_lands_in_its_named_segment_and_its_own_kmeans_segment() {
        let (csv, planted) = generate(1_000);
        let table = tribes_core::read(csv.as_bytes(), &Default::default()).unwrap();
        let options = Options {
            seed: Some(1.0),
            ..Options::default()
        };
        let both = Dataset::new(table)
            .rfm(&options.check(0).unwrap(), &mut tribes_core::no_progress)
            .unwrap();
        let r = &both.rfm;
        assert_eq!(r.columns.customer, "customer");
        assert_eq!(r.columns.order.as_deref(), Some("order_id"));
        assert_eq!(r.as_of, "2024-12-31");
        assert_eq!(r.input.customers, planted.len());
        assert_eq!(r.input.skipped.len(), 10, "the guest checkouts");
        assert!(r.input.returns > 0);
        let group: HashMap<&str, &str> = planted.iter().map(|(c, g)| (c.as_str(), *g)).collect();
        for (planted_group, named) in [
            ("big spender", "Champions"),
            ("new", "New"),
            ("lapsed regular", "Can't lose them"),
            ("one-time", "Lost"),
        ] {
            let members: Vec<_> = r
                .customers
                .iter()
                .filter(|c| group[c.customer.as_str()] == planted_group)
                .collect();
            let hits = members.iter().filter(|c| c.segment == named).count();
            assert_eq!(hits, members.len(), "{planted_group} -> {named}");
        }

        let analysis = both.segments.as_ref().unwrap();
        // Each planted group of the three: one k-means segment holds at least 95% of it, and
        // is at least 95% made of it.
        for planted_group in ["big spender", "new", "lapsed regular"] {
            let mut count: HashMap<i32, usize> = HashMap::new();
            for (c, &label) in r.customers.iter().zip(&analysis.labels) {
                if group[c.customer.as_str()] == planted_group {
                    *count.entry(label).or_default() += 1;
                }
            }
            let size: usize = count.values().sum();
            let (&label, &most) = count.iter().max_by_key(|e| e.1).unwrap();
            let segment_size = analysis.labels.iter().filter(|&&l| l == label).count();
            assert!(
                most * 100 >= size * 95 && most * 100 >= segment_size * 95,
                "{planted_group}: {most} of {size} in segment {label} of {segment_size} (k = {})",
                analysis.k
            );
        }
    }
}
