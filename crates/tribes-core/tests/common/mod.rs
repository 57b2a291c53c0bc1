//! What the tests of the exports share: reading a fixture, its planted groups, and the adjusted
//! Rand index that scores segments against them.

use std::collections::HashMap;

pub fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../../tests/fixtures/exports/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The planted group of each record, in file order.
pub fn truth(name: &str) -> Vec<String> {
    let text = String::from_utf8(fixture(&format!("{name}.truth.csv"))).unwrap();
    text.lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| l.split_once(',').unwrap().1.to_owned())
        .collect()
}

/// The adjusted Rand index of two labellings (Hubert and Arabie, 1985).
pub fn ari<A: Eq + std::hash::Hash, B: Eq + std::hash::Hash>(a: &[A], b: &[B]) -> f64 {
    let mut pairs: HashMap<(&A, &B), f64> = HashMap::new();
    let mut rows: HashMap<&A, f64> = HashMap::new();
    let mut cols: HashMap<&B, f64> = HashMap::new();
    for (x, y) in a.iter().zip(b) {
        *pairs.entry((x, y)).or_insert(0.0) += 1.0;
        *rows.entry(x).or_insert(0.0) += 1.0;
        *cols.entry(y).or_insert(0.0) += 1.0;
    }
    let c2 = |n: f64| n * (n - 1.0) / 2.0;
    let index: f64 = pairs.values().map(|&n| c2(n)).sum();
    let ra: f64 = rows.values().map(|&n| c2(n)).sum();
    let cb: f64 = cols.values().map(|&n| c2(n)).sum();
    let expected = ra * cb / c2(a.len() as f64);
    let max = (ra + cb) / 2.0;
    if max == expected {
        return 1.0;
    }
    (index - expected) / (max - expected)
}
