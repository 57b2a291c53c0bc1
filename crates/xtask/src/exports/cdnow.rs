//! A purchase history shaped like CDNOW's, the public data set of Fader and Hardie
//! (<https://www.brucehardie.com/datasets/>, "CDNOW dataset"): the customers of one cohort
//! (first purchase in the first quarter of 1997), each purchase to 1998-06-30 as one line of
//! customer id, date as `YYYYMMDD`, number of items and dollar amount. It is shipped as
//! whitespace-aligned columns without a header (`CDNOW_master.txt`), written here as
//! `NAME.txt`; `NAME.csv` is the same rows with a header.
//!
//! Four groups are planted: one-and-done buyers, early lapsers (a few purchases in the first
//! months, then nothing), steady buyers until the end, and heavy buyers. In `NAME.rfm.csv`
//! every line is an order, worth its amount; recency counts to 1998-06-30, the last date in the
//! file.

use super::common::{self, civil, days, Dataset, Layout, Rng, Table};
use super::shopify::Behaviour;

/// (group, share, purchases, days from the first to the last purchase, days from the last
/// purchase to the end, dollars per item median).
const GROUPS: &[Behaviour] = &[
    ("one-and-done", 0.40, (1, 1), (0, 0), (455, 545), 13.0),
    ("early lapser", 0.25, (3, 5), (90, 180), (270, 460), 14.0),
    ("steady", 0.22, (4, 9), (430, 540), (0, 90), 15.0),
    ("heavy", 0.13, (15, 30), (430, 540), (0, 30), 25.0),
];

pub fn history(rng: &mut Rng, rows: usize) -> Dataset {
    let end = days(1998, 6, 30);
    let start = days(1997, 1, 1);
    let customers = (rows * 10 / 58).max(8);
    let shares: Vec<f64> = GROUPS.iter().map(|g| g.1).collect();
    let mut lines: Vec<(usize, i64, i64, f64)> = Vec::new();
    let mut groups = Vec::new();
    for c in 0..customers {
        let (group, _, count, span, last, per_item) = GROUPS[rng.weighted(&shares)];
        groups.push(group);
        let n = rng.between(count.0, count.1);
        // Everyone's first purchase is in the cohort's quarter; the plan fixes the rest.
        let first = start + rng.between(0, 89);
        let last_day = (first + rng.between(span.0, span.1))
            .min(end - rng.between(last.0, last.1))
            .max(first);
        let mut when: Vec<i64> = vec![first];
        if n > 1 {
            when.push(last_day);
        }
        for _ in 2..n {
            when.push(rng.between(first, last_day));
        }
        when.sort_unstable();
        for day in when {
            let items = 1 + rng.weighted(&[0.6, 0.25, 0.1, 0.05]) as i64;
            // About one line in a hundred is free (0.00), as in the original.
            let amount = if rng.chance(0.01) {
                0.0
            } else {
                (items as f64 * rng.lognormal(per_item, 0.2) * 100.0).round() / 100.0
            };
            lines.push((c, day, items, amount));
        }
    }
    // Sorted by customer, then date, as the original is.
    lines.sort_by_key(|l| (l.0, l.1));
    let mut table = Table::new(&["customer_id", "date", "items", "amount"]);
    let mut truth = Vec::new();
    let mut counted = Vec::new();
    for &(c, day, items, amount) in &lines {
        let (y, m, d) = civil(day);
        let id = format!("{:05}", c + 1);
        table.push(&[
            ("customer_id", id.clone()),
            ("date", format!("{y:04}{m:02}{d:02}")),
            ("items", items.to_string()),
            ("amount", common::money(amount)),
        ]);
        truth.push(groups[c]);
        counted.push((id, day, amount, true));
    }
    let as_of = lines.iter().map(|l| l.1).max().unwrap_or(end);
    Dataset {
        tables: vec![table],
        truth,
        rfm: Some(common::rfm(&counted, as_of)),
        layout: Layout::AlignedAndCsv,
        footer: Vec::new(),
        translations: &[],
    }
}

/// `00001 19970101  1   11.77`: each column right-aligned to its widest value, one space
/// between, no header, as `CDNOW_master.txt` lines up.
pub fn aligned(table: &Table) -> Vec<u8> {
    let widths: Vec<usize> = (0..table.header.len())
        .map(|c| table.rows.iter().map(|r| r[c].len()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in &table.rows {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(v, &w)| format!("{v:>w$}"))
            .collect();
        out.push_str(&cells.join(" "));
        out.push('\n');
    }
    out.into_bytes()
}
