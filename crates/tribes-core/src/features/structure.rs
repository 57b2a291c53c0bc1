//! Which columns carry segment structure, measured on the data: concepts and links.
//!
//! - **Concepts.** Columns one of which nearly determines the other (city -> region -> country,
//!   a city -> its latitude, four dates that are the same sign-up) say one thing: they weigh as
//!   one concept, each of m members with weight `1 / sqrt(m)`. Determination, not correlation:
//!   a category determines a column when its values, in the groups of rows that share a
//!   category (of at least 3 rows), are nearly constant: for a category, the share of rows
//!   whose value is their group's most common, chance-corrected as Goodman and Kruskal's
//!   lambda, `(purity - p0) / (1 - p0)`, at least `DETERMINES` (0.9); for a number, the
//!   adjusted correlation ratio eta², at least `CATEGORY_NUMBER` (0.99: the spread left within
//!   each category at most a tenth of the column's). A number determines another only when the
//!   second is nearly a function of the first (eta² over groups of 10 neighbouring rows at least
//!   `SAME_NUMBER`, 0.98): spend and orders (0.88 on a Shopify-shaped export) stay two columns.
//!   A category of a few values that separates a number well is a segment, not a second name
//!   for the number: a lead's Rating (hot, warm, cold) and its firm's revenue (medians 300, 20
//!   and 1 million, spread by half a log unit) reach an eta² of 0.95, and weighed as one concept
//!   the columns the groups were planted in counted for less than the noise beside them. A city's
//!   latitude, even geocoded per address, leaves a spread within each city of a thousandth of
//!   the map's.
//! - **Links.** Two columns are linked when a chi-square test of their values (numbers in
//!   quartiles, categories by their most frequent values, missing as a value of its own when
//!   common) rejects independence at 1% after Bonferroni's correction for every pair tested,
//!   with a bias-corrected Cramér's V of at least `MIN_LINK`. Segments are groups of customers
//!   who differ in several columns at once, so a column linked to no other carries no segment
//!   structure unless it has groups of its own: a number with more than one mode (`util::dip`).
//!   Columns linked only among themselves, much more weakly than the main group of linked
//!   columns, are left out too (two dates drawn alike for everyone, related only to each other).
//!
//! Everything is measured on a sample of at most `SAMPLE_ROWS` rows, with a fixed seed, so the
//! columns chosen do not depend on the run's seed.

use std::collections::HashMap;

use crate::util::dip;
use crate::util::order;
use crate::util::rng;

/// Rows the measures are taken on, at most.
pub const SAMPLE_ROWS: usize = 4000;
/// A category determines another from this chance-corrected purity (lambda).
pub const DETERMINES: f64 = 0.9;
/// A category determines a number from this eta².
pub const CATEGORY_NUMBER: f64 = 0.99;
/// A number determines another from this eta².
pub const SAME_NUMBER: f64 = 0.98;
/// The smallest bias-corrected Cramér's V of a link.
pub const MIN_LINK: f64 = 0.1;
/// Familywise error rate of the link tests.
const ALPHA: f64 = 0.01;
/// A group of linked columns apart from the main one is kept when its links are at least this
/// share of the main group's in strength.
const SECOND_GROUP: f64 = 0.5;
/// The seed of the sample and of the unimodality test.
const SEED: u64 = 0x5eed_c0de;
/// Past this many candidate columns the measures are not taken and every candidate is kept:
/// each pair of columns is tested, and 200 categorical columns (19,900 pairs) took seconds,
/// 10,000 unnamed ones (50 million pairs, and an m x m table of links) hours and gigabytes.
/// A customer file has a few dozen.
pub const MAX_MEASURED: usize = 120;

/// One measured variable of a column: its values as numbers (`NAN` where missing), or its
/// values as codes (`None` where missing). A list column gives one 0/1 variable per item.
#[derive(Debug, Clone)]
pub enum Values {
    Number(Vec<f64>),
    Codes(Vec<Option<u32>>),
}

impl Values {
    /// Its number of rows.
    pub fn len(&self) -> usize {
        match self {
            Values::Number(x) => x.len(),
            Values::Codes(x) => x.len(),
        }
    }
}

/// A candidate column: its table index, its name, and its variables.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub column: usize,
    pub name: String,
    pub values: Vec<Values>,
}

/// What the measures decided for one candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub column: usize,
    /// Whether the column forms segments.
    pub kept: bool,
    /// Its weight (1, or `1 / sqrt(m)` in a concept of m columns).
    pub weight: f64,
    /// The concept it belongs to, when it shares one: the other columns' table indices.
    pub concept: Vec<usize>,
    /// Why, in words.
    pub why: String,
    /// The strongest link to a column outside its concept: (column, Cramér's V).
    pub link: Option<(usize, f64)>,
}

/// The candidates' concepts and links, and what to keep.
pub fn measure(candidates: &[Candidate]) -> Vec<Decision> {
    let m = candidates.len();
    if m == 0 {
        return Vec::new();
    }
    if m > MAX_MEASURED {
        let why = format!(
            "kept: with {m} candidate columns, more than the {MAX_MEASURED} whose pairs are \
             measured, every one forms segments"
        );
        return candidates
            .iter()
            .map(|c| Decision {
                column: c.column,
                kept: true,
                weight: 1.0,
                concept: Vec::new(),
                why: why.clone(),
                link: None,
            })
            .collect();
    }
    let rows = candidates
        .iter()
        .flat_map(|c| c.values.first())
        .map(Values::len)
        .next()
        .unwrap_or(0);
    let sample = sample_rows(rows);
    let sampled: Vec<Vec<Values>> = candidates
        .iter()
        .map(|c| c.values.iter().map(|v| take(v, &sample)).collect())
        .collect();

    // Concepts: union-find over "one determines the other".
    let mut parent: Vec<usize> = (0..m).collect();
    for a in 0..m {
        for b in 0..m {
            if a != b && determines(&sampled[a], &sampled[b]) {
                union(&mut parent, a, b);
            }
        }
    }
    let concept_of: Vec<usize> = (0..m).map(|a| find(&mut parent.clone(), a)).collect();

    // Links between columns of different concepts.
    let binned: Vec<Vec<Vec<Option<u32>>>> = sampled
        .iter()
        .map(|vs| vs.iter().map(bins).collect())
        .collect();
    let pairs = (m * (m - 1) / 2).max(1);
    let mut links: Vec<Vec<f64>> = vec![vec![0.0; m]; m];
    for a in 0..m {
        for b in a + 1..m {
            if concept_of[a] == concept_of[b] {
                continue;
            }
            let mut best: f64 = 0.0;
            for x in &binned[a] {
                for y in &binned[b] {
                    if let Some(v) = link(x, y, pairs) {
                        best = best.max(v);
                    }
                }
            }
            links[a][b] = best;
            links[b][a] = best;
        }
    }

    // Groups of linked concepts, and their strength (the sum of the strongest link between each
    // pair of concepts).
    let concepts: Vec<usize> = {
        let mut c: Vec<usize> = concept_of.clone();
        order::sort_ascending(&mut c);
        c.dedup();
        c
    };
    let between = |p: usize, q: usize| -> f64 {
        let mut best: f64 = 0.0;
        for a in (0..m).filter(|&a| concept_of[a] == p) {
            for b in (0..m).filter(|&b| concept_of[b] == q) {
                best = best.max(links[a][b]);
            }
        }
        best
    };
    let mut group: HashMap<usize, usize> = concepts.iter().map(|&c| (c, c)).collect();
    let mut gparent: Vec<usize> = (0..m).collect();
    let mut strength_edges = Vec::new();
    for (i, &p) in concepts.iter().enumerate() {
        for &q in &concepts[i + 1..] {
            let v = between(p, q);
            if v > 0.0 {
                union(&mut gparent, p, q);
                strength_edges.push((p, q, v));
            }
        }
    }
    for &c in &concepts {
        group.insert(c, find(&mut gparent, c));
    }
    let mut strength: HashMap<usize, f64> = HashMap::new();
    let mut size: HashMap<usize, usize> = HashMap::new();
    for &c in &concepts {
        *size.entry(group[&c]).or_insert(0) += 1;
    }
    for &(p, _, v) in &strength_edges {
        *strength.entry(group[&p]).or_insert(0.0) += v;
    }
    let main = strength
        .iter()
        .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(&g, &s)| (g, s));

    let names = |idx: &[usize]| -> String {
        let mut n: Vec<String> = idx
            .iter()
            .map(|&i| format!("\"{}\"", candidates[i].name))
            .collect();
        if n.len() > 3 {
            let more = n.len() - 3;
            n.truncate(3);
            n.push(format!("{more} more"));
        }
        n.join(", ")
    };

    let mut out: Vec<Decision> = (0..m)
        .map(|a| {
            let members: Vec<usize> = (0..m)
                .filter(|&b| b != a && concept_of[b] == concept_of[a])
                .collect();
            let weight = 1.0 / ((members.len() + 1) as f64).sqrt();
            let strongest = (0..m)
                .filter(|&b| links[a][b] > 0.0)
                .max_by(|&x, &y| links[a][x].total_cmp(&links[a][y]));
            let g = group[&concept_of[a]];
            let grouped = size[&g] > 1;
            let concept_note = if members.is_empty() {
                String::new()
            } else {
                format!(
                    "; one concept with {} (one nearly determines the other), so each weighs {weight:.2}",
                    names(&members)
                )
            };
            let (kept, why) = if grouped {
                let s = strength.get(&g).copied().unwrap_or(0.0);
                let is_main = main.is_some_and(|(mg, _)| mg == g);
                let strong = main.is_some_and(|(_, ms)| s >= SECOND_GROUP * ms);
                let partner = strongest.map(|b| {
                    format!(
                        "linked to \"{}\" (Cramér's V {:.2})",
                        candidates[b].name, links[a][b]
                    )
                });
                if is_main || strong {
                    (true, partner.unwrap_or_else(|| "linked through its concept".into()))
                } else {
                    (
                        false,
                        format!(
                            "{}, apart from the columns that carry the segments, and much more weakly than they are linked",
                            partner.unwrap_or_else(|| "linked only to its own group".into())
                        ),
                    )
                }
            } else {
                // A lone number with groups of its own (spend in two modes) carries segments;
                // a concept linked to nothing outside it does not, however many modes its
                // numbers have: a place's latitude and time offset are as lumpy as the map.
                let modes = members.is_empty() && sampled[a].iter().any(|v| match v {
                    Values::Number(x) => {
                        let present: Vec<f64> =
                            x.iter().copied().filter(|v| v.is_finite()).collect();
                        dip::multimodal(&present, SEED ^ a as u64)
                    }
                    Values::Codes(_) => false,
                });
                if modes {
                    (
                        true,
                        "no link with any other column, but its values form groups of their own"
                            .to_owned(),
                    )
                } else {
                    (
                        false,
                        if members.is_empty() {
                            "no link with any other column, and its values form one group: no segment structure"
                        } else {
                            "no link with any other column outside its concept: no segment structure"
                        }
                        .to_owned(),
                    )
                }
            };
            Decision {
                column: candidates[a].column,
                kept,
                weight,
                concept: members.iter().map(|&b| candidates[b].column).collect(),
                why: format!("{why}{concept_note}"),
                link: strongest.map(|b| (candidates[b].column, links[a][b])),
            }
        })
        .collect();
    // A file where nothing is linked and nothing has groups of its own: better every column
    // than none.
    if out.iter().all(|d| !d.kept) {
        for d in &mut out {
            d.kept = true;
            d.why = format!("{}; kept, since no column carries structure", d.why);
        }
    }
    out
}

/// The rows every measure is taken on: all of them, or a seeded sample of `SAMPLE_ROWS`, in
/// file order.
fn sample_rows(rows: usize) -> Vec<usize> {
    let mut r = rng::seeded(SEED);
    let mut idx = if rows > SAMPLE_ROWS {
        rng::sample_indices(&mut r, rows, SAMPLE_ROWS)
    } else {
        (0..rows).collect()
    };
    order::sort_ascending(&mut idx);
    idx
}

fn take(v: &Values, rows: &[usize]) -> Values {
    match v {
        Values::Number(x) => Values::Number(rows.iter().map(|&r| x[r]).collect()),
        Values::Codes(x) => Values::Codes(rows.iter().map(|&r| x[r]).collect()),
    }
}

fn find(parent: &mut [usize], mut a: usize) -> usize {
    while parent[a] != a {
        parent[a] = parent[parent[a]];
        a = parent[a];
    }
    a
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[ra.max(rb)] = ra.min(rb);
    }
}

/// Whether a column (its variables) nearly determines another.
fn determines(a: &[Values], b: &[Values]) -> bool {
    let (Some(x), Some(y)) = (a.first(), b.first()) else {
        return false;
    };
    // A list column's items are many variables: concepts are about single-valued columns.
    if a.len() != 1 || b.len() != 1 {
        return false;
    }
    match (x, y) {
        (Values::Codes(x), Values::Codes(y)) => lambda(x, y) >= DETERMINES,
        (Values::Codes(x), Values::Number(y)) => eta_squared(x, y) >= CATEGORY_NUMBER,
        (Values::Number(x), Values::Number(y)) => eta_squared(&neighbours(x), y) >= SAME_NUMBER,
        (Values::Number(_), Values::Codes(_)) => false,
    }
}

/// Groups of (about) 10 neighbouring rows by value, for a number that may determine another.
fn neighbours(x: &[f64]) -> Vec<Option<u32>> {
    let mut order: Vec<usize> = (0..x.len()).filter(|&i| x[i].is_finite()).collect();
    order::sort_indices(&mut order, &mut |a, b| x[a].total_cmp(&x[b]));
    let n = order.len();
    let groups = (n / 10).max(1);
    let mut out = vec![None; x.len()];
    for (rank, &i) in order.iter().enumerate() {
        out[i] = Some((rank * groups / n.max(1)) as u32);
    }
    out
}

/// A map's entries in the order of their keys (bins and groups: a few each), through the one
/// sort of numbers the crate has (`order::sort_ascending`).
fn in_key_order<T>(mut map: HashMap<u32, T>) -> Vec<(u32, T)> {
    let mut keys: Vec<usize> = map.keys().map(|&k| k as usize).collect();
    order::sort_ascending(&mut keys);
    keys.into_iter()
        .filter_map(|k| map.remove_entry(&(k as u32)))
        .collect()
}

/// Goodman and Kruskal's lambda of `y` given `x`, over the values of `x` with at least 3 rows
/// (which must cover half the rows where both are present); 0 when `y` is nearly constant.
fn lambda(x: &[Option<u32>], y: &[Option<u32>]) -> f64 {
    let mut table: HashMap<(u32, u32), usize> = HashMap::new();
    let mut rows_of: HashMap<u32, usize> = HashMap::new();
    let mut both = 0;
    for (a, b) in x.iter().zip(y) {
        if let (Some(a), Some(b)) = (a, b) {
            *table.entry((*a, *b)).or_insert(0) += 1;
            *rows_of.entry(*a).or_insert(0) += 1;
            both += 1;
        }
    }
    let mut best: HashMap<u32, usize> = HashMap::new();
    let mut ys: HashMap<u32, usize> = HashMap::new();
    for (&(a, b), &n) in &table {
        if rows_of[&a] >= 3 {
            let e = best.entry(a).or_insert(0);
            *e = (*e).max(n);
            *ys.entry(b).or_insert(0) += n;
        }
    }
    let covered: usize = rows_of.values().filter(|&&n| n >= 3).sum();
    if both == 0 || covered * 2 < both || covered == 0 {
        return 0.0;
    }
    let p0 = ys.values().copied().max().unwrap_or(0) as f64 / covered as f64;
    if p0 >= 0.95 {
        return 0.0;
    }
    let purity = best.values().sum::<usize>() as f64 / covered as f64;
    (purity - p0) / (1.0 - p0)
}

/// The adjusted correlation ratio of `y` over the groups of `x` with at least 3 rows (which
/// must cover half the rows where both are present).
fn eta_squared(x: &[Option<u32>], y: &[f64]) -> f64 {
    let mut sums: HashMap<u32, (usize, f64, f64)> = HashMap::new();
    for (g, &v) in x.iter().zip(y) {
        if let (Some(g), true) = (g, v.is_finite()) {
            let e = sums.entry(*g).or_insert((0, 0.0, 0.0));
            e.0 += 1;
            e.1 += v;
            e.2 += v * v;
        }
    }
    // Summed in the groups' order: in a HashMap's order, which differs from run to run, the
    // ratio changed in its last bits, and so which of two linked columns the evidence names.
    let sums = in_key_order(sums);
    let both: usize = sums.iter().map(|(_, e)| e.0).sum();
    let kept: Vec<&(usize, f64, f64)> = sums.iter().map(|(_, e)| e).filter(|e| e.0 >= 3).collect();
    let n: usize = kept.iter().map(|e| e.0).sum();
    let g = kept.len();
    if n * 2 < both || n <= g + 1 || g < 2 {
        return 0.0;
    }
    let total: f64 = kept.iter().map(|e| e.1).sum();
    let mean = total / n as f64;
    let sst: f64 = kept.iter().map(|e| e.2).sum::<f64>() - n as f64 * mean * mean;
    let ssw: f64 = kept.iter().map(|e| e.2 - e.1 * e.1 / e.0 as f64).sum();
    if sst <= 0.0 {
        return 0.0;
    }
    1.0 - (ssw / (n - g) as f64) / (sst / (n - 1) as f64)
}

/// A variable in a few bins for the chi-square test: a number in quartiles, a category by its 8
/// most frequent values and the rest; missing as a bin of its own when at least 5% of rows miss.
fn bins(v: &Values) -> Vec<Option<u32>> {
    let n = match v {
        Values::Number(x) => x.len(),
        Values::Codes(x) => x.len(),
    };
    let missing = match v {
        Values::Number(x) => x.iter().filter(|v| !v.is_finite()).count(),
        Values::Codes(x) => x.iter().filter(|v| v.is_none()).count(),
    };
    let missing_bin = (missing * 20 >= n).then_some(u32::MAX);
    match v {
        Values::Number(x) => {
            let mut order: Vec<usize> = (0..n).filter(|&i| x[i].is_finite()).collect();
            order::sort_indices(&mut order, &mut |a, b| x[a].total_cmp(&x[b]));
            let present = order.len().max(1);
            let mut out = vec![missing_bin; n];
            // Equal values share the bin of the first of them.
            let mut bin = 0;
            for (rank, &i) in order.iter().enumerate() {
                if rank == 0 || x[i] != x[order[rank - 1]] {
                    bin = (rank * 4 / present) as u32;
                }
                out[i] = Some(bin);
            }
            out
        }
        Values::Codes(x) => {
            let mut counts: HashMap<u32, usize> = HashMap::new();
            for c in x.iter().flatten() {
                *counts.entry(*c).or_insert(0) += 1;
            }
            let mut by: Vec<(u32, usize)> = counts.into_iter().collect();
            order::sort_by(&mut by, |a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let top: HashMap<u32, u32> = by
                .iter()
                .take(8)
                .enumerate()
                .map(|(i, &(c, _))| (c, i as u32))
                .collect();
            x.iter()
                .map(|c| match c {
                    None => missing_bin,
                    Some(c) => Some(top.get(c).copied().unwrap_or(8)),
                })
                .collect()
        }
    }
}

/// The bias-corrected Cramér's V of two binned variables, when a chi-square test rejects their
/// independence at `ALPHA` shared among `pairs` tests; `None` otherwise.
fn link(x: &[Option<u32>], y: &[Option<u32>], pairs: usize) -> Option<f64> {
    let mut table: HashMap<(u32, u32), f64> = HashMap::new();
    let mut rows: HashMap<u32, f64> = HashMap::new();
    let mut cols: HashMap<u32, f64> = HashMap::new();
    let mut n = 0.0;
    for (a, b) in x.iter().zip(y) {
        if let (Some(a), Some(b)) = (a, b) {
            *table.entry((*a, *b)).or_insert(0.0) += 1.0;
            *rows.entry(*a).or_insert(0.0) += 1.0;
            *cols.entry(*b).or_insert(0.0) += 1.0;
            n += 1.0;
        }
    }
    let (r, c) = (rows.len(), cols.len());
    if r < 2 || c < 2 || n < 20.0 {
        return None;
    }
    let mut chi2 = 0.0;
    // The chi-square is summed over the bins in their order, the same in every run: in a
    // HashMap's order its last bits, and the column a link names among equals, changed from run
    // to run.
    let (rows, cols) = (in_key_order(rows), in_key_order(cols));
    for (a, na) in &rows {
        let na = *na;
        for (b, nb) in &cols {
            let nb = *nb;
            let expected = na * nb / n;
            let observed = table.get(&(*a, *b)).copied().unwrap_or(0.0);
            chi2 += (observed - expected) * (observed - expected) / expected;
        }
    }
    let df = ((r - 1) * (c - 1)) as f64;
    if upper_tail(chi2, df) > ALPHA / pairs as f64 {
        return None;
    }
    // Bergsma's bias correction (J. Korean Stat. Soc. 42, 2013).
    let phi2 = (chi2 / n - df / (n - 1.0)).max(0.0);
    let rc = r as f64 - (r as f64 - 1.0).powi(2) / (n - 1.0);
    let cc = c as f64 - (c as f64 - 1.0).powi(2) / (n - 1.0);
    let d = (rc - 1.0).min(cc - 1.0);
    if d <= 0.0 {
        return None;
    }
    let v = (phi2 / d).sqrt();
    (v >= MIN_LINK).then_some(v)
}

/// P(X >= x) for a chi-square variable with `df` degrees of freedom, by Wilson and Hilferty's
/// normal approximation of its cube root (good to a few percent in the tail for df >= 1, which
/// is all a test at 1% needs).
fn upper_tail(x: f64, df: f64) -> f64 {
    if x <= 0.0 {
        return 1.0;
    }
    let k = 2.0 / (9.0 * df);
    let z = ((x / df).powf(1.0 / 3.0) - (1.0 - k)) / k.sqrt();
    0.5 * libm::erfc(z / std::f64::consts::SQRT_2)
}

/// For a candidate of several variables (a list column's items): whether each is linked to a
/// variable of another candidate, by the links' test (its level shared among every item's tests
/// with every other variable), on the same sample as `measure`. An item linked to nothing
/// carries no segment structure (a tag given at random), however common it is.
pub fn linked_variables(candidates: &[Candidate], a: usize) -> Vec<bool> {
    let Some(own) = candidates.get(a) else {
        return Vec::new();
    };
    let sample = sample_rows(own.values.first().map_or(0, Values::len));
    let binned = |c: &Candidate| -> Vec<Vec<Option<u32>>> {
        c.values.iter().map(|v| bins(&take(v, &sample))).collect()
    };
    let others: Vec<Vec<Option<u32>>> = candidates
        .iter()
        .enumerate()
        .filter(|&(b, _)| b != a)
        .flat_map(|(_, c)| binned(c))
        .collect();
    let tests = (own.values.len() * others.len()).max(1);
    binned(own)
        .iter()
        .map(|x| others.iter().any(|y| link(x, y, tests).is_some()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_candidates_than_are_measured_are_all_kept_at_once_instead_of_every_pair_tested() {
        // 10,000 unnamed columns of four rows took hours: every pair was tested.
        let candidates: Vec<Candidate> = (0..10_000)
            .map(|c| Candidate {
                column: c,
                name: format!("column_{}", c + 1),
                values: vec![Values::Number(
                    (0..4).map(|r| ((r * 7 + c * 3) % 10) as f64).collect(),
                )],
            })
            .collect();
        let started = std::time::Instant::now();
        let decisions = measure(&candidates);
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
        assert_eq!(decisions.len(), 10_000);
        assert!(decisions.iter().all(|d| d.kept && d.weight == 1.0));
        assert!(
            decisions[0].why.contains("10000 candidate columns"),
            "{}",
            decisions[0].why
        );
    }
    use crate::util::rng::{below, uniform};

    fn normal(r: &mut rng::Rng) -> f64 {
        let (u, v) = (uniform(r).max(1e-12), uniform(r));
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }

    /// 600 rows in three planted groups (50/30/20%) seen in two numbers and a category; a city
    /// with its region and country drawn alike for every group; a noise number and a noise
    /// category.
    fn planted() -> Vec<Candidate> {
        let mut r = rng::seeded(3);
        let n = 600;
        let group: Vec<usize> = (0..n)
            .map(|_| match uniform(&mut r) {
                u if u < 0.5 => 0,
                u if u < 0.8 => 1,
                _ => 2,
            })
            .collect();
        let spend: Vec<f64> = group
            .iter()
            .map(|&g| [1.0, 4.0, 8.0][g] + normal(&mut r))
            .collect();
        let orders: Vec<f64> = group
            .iter()
            .map(|&g| [2.0, 5.0, 4.0][g] + normal(&mut r))
            .collect();
        let plan: Vec<Option<u32>> = group
            .iter()
            .map(|&g| {
                Some(if uniform(&mut r) < 0.8 {
                    g as u32
                } else {
                    below(&mut r, 3) as u32
                })
            })
            .collect();
        let city: Vec<Option<u32>> = (0..n).map(|_| Some(below(&mut r, 30) as u32)).collect();
        let region: Vec<Option<u32>> = city.iter().map(|c| c.map(|c| c / 3)).collect();
        let country: Vec<Option<u32>> = city.iter().map(|c| c.map(|c| c / 10)).collect();
        let age: Vec<f64> = (0..n).map(|_| 40.0 + 12.0 * normal(&mut r)).collect();
        let device: Vec<Option<u32>> = (0..n).map(|_| Some(below(&mut r, 3) as u32)).collect();
        let c = |column: usize, name: &str, v: Values| Candidate {
            column,
            name: name.into(),
            values: vec![v],
        };
        vec![
            c(0, "spend", Values::Number(spend)),
            c(1, "orders", Values::Number(orders)),
            c(2, "plan", Values::Codes(plan)),
            c(3, "city", Values::Codes(city)),
            c(4, "region", Values::Codes(region)),
            c(5, "country", Values::Codes(country)),
            c(6, "age", Values::Number(age)),
            c(7, "device", Values::Codes(device)),
        ]
    }

    #[test]
    fn places_are_one_concept_and_noise_is_left_out() {
        let d = measure(&planted());
        let kept: Vec<usize> = d.iter().filter(|d| d.kept).map(|d| d.column).collect();
        assert_eq!(kept, [0, 1, 2], "{d:#?}");
        // City, region and country: one concept of three, each weighing 1/sqrt(3).
        assert_eq!(d[3].concept, [4, 5]);
        assert!((d[3].weight - 1.0 / 3f64.sqrt()).abs() < 1e-12);
        assert!(
            d[3].why.starts_with("no link with any other column"),
            "{}",
            d[3].why
        );
        assert!(d[6].why.contains("one group"), "{}", d[6].why);
        // Spend and orders are linked, not one concept.
        assert!(d[0].concept.is_empty() && d[0].weight == 1.0);
    }

    /// A Mailchimp audience's LATITUDE, LONGITUDE, GMTOFF and DSTOFF follow the subscriber's
    /// city and nothing else, yet were segmented on: their values form groups of their own (the
    /// map is lumpy). A concept linked to no column outside it is left out, modes or not.
    #[test]
    fn a_place_linked_to_nothing_else_is_left_out_though_lumpy() {
        let mut d = planted();
        let lat: Vec<f64> = match &d[3].values[0] {
            Values::Codes(city) => city
                .iter()
                .map(|c| if c.unwrap() < 15 { 10.0 } else { 50.0 } + c.unwrap() as f64 * 0.01)
                .collect(),
            Values::Number(_) => unreachable!(),
        };
        d.push(Candidate {
            column: 8,
            name: "latitude".into(),
            values: vec![Values::Number(lat)],
        });
        let out = measure(&d);
        assert_eq!(out[8].concept, [3, 4, 5], "{:#?}", out[8]);
        assert!(!out[8].kept, "{}", out[8].why);
        assert!(out[8].why.contains("outside its concept"), "{}", out[8].why);
    }

    /// A Salesforce leads export's Rating (hot, warm, cold) separates its firms' revenue and
    /// headcount (logged) with an eta² near 0.95: the three were weighed as one concept, each at
    /// 1/sqrt(3), and the groups planted in them were lost under a noise date of weight 1 (ARI
    /// 0.33 with the true k). They are three columns; a city's latitude geocoded per address
    /// still makes one concept with the city.
    #[test]
    fn a_rating_that_separates_revenue_is_not_one_concept_with_it() {
        let mut r = rng::seeded(5);
        let n = 400;
        let group: Vec<usize> = (0..n)
            .map(|_| match uniform(&mut r) {
                u if u < 0.2 => 0,
                u if u < 0.55 => 1,
                _ => 2,
            })
            .collect();
        let rating: Vec<Option<u32>> = group
            .iter()
            .map(|&g| (uniform(&mut r) < 0.85).then_some(g as u32))
            .collect();
        let revenue: Vec<f64> = group
            .iter()
            .map(|&g| [300e6f64, 20e6, 1e6][g].ln() + 0.5 * normal(&mut r))
            .collect();
        let staff: Vec<f64> = group
            .iter()
            .map(|&g| [2000f64, 150.0, 10.0][g].ln() + 0.45 * normal(&mut r))
            .collect();
        let city: Vec<Option<u32>> = (0..n).map(|_| Some(below(&mut r, 30) as u32)).collect();
        let latitude: Vec<f64> = city
            .iter()
            .map(|c| -40.0 + 3.0 * c.unwrap() as f64 + 0.05 * normal(&mut r))
            .collect();
        let c = |column: usize, name: &str, v: Values| Candidate {
            column,
            name: name.into(),
            values: vec![v],
        };
        let d = measure(&[
            c(0, "Rating", Values::Codes(rating)),
            c(1, "Annual Revenue", Values::Number(revenue)),
            c(2, "No. of Employees", Values::Number(staff)),
            c(3, "City", Values::Codes(city)),
            c(4, "Latitude", Values::Number(latitude)),
        ]);
        for planted in &d[..3] {
            assert!(planted.kept, "{planted:#?}");
            assert!(planted.concept.is_empty(), "{planted:#?}");
            assert_eq!(planted.weight, 1.0);
        }
        assert_eq!(d[3].concept, [4], "{:#?}", d[3]);
        assert!(!d[3].kept && !d[4].kept, "{d:#?}");
    }

    #[test]
    fn a_lone_number_with_two_groups_is_kept() {
        let mut r = rng::seeded(9);
        let two: Vec<f64> = (0..500)
            .map(|i| normal(&mut r) + if i % 3 == 0 { 4.0 } else { 0.0 })
            .collect();
        let one: Vec<f64> = (0..500).map(|_| normal(&mut r)).collect();
        let d = measure(&[
            Candidate {
                column: 0,
                name: "visits".into(),
                values: vec![Values::Number(two)],
            },
            Candidate {
                column: 1,
                name: "age".into(),
                values: vec![Values::Number(one)],
            },
        ]);
        assert!(d[0].kept && !d[1].kept, "{d:#?}");
    }

    #[test]
    fn nothing_linked_keeps_everything() {
        let mut r = rng::seeded(1);
        let a: Vec<f64> = (0..300).map(|_| normal(&mut r)).collect();
        let b: Vec<f64> = (0..300).map(|_| normal(&mut r)).collect();
        let d = measure(&[
            Candidate {
                column: 0,
                name: "a".into(),
                values: vec![Values::Number(a)],
            },
            Candidate {
                column: 1,
                name: "b".into(),
                values: vec![Values::Number(b)],
            },
        ]);
        assert!(d.iter().all(|d| d.kept));
    }

    #[test]
    fn chi_square_tail_by_hand() {
        // P(chi2 with 1 df >= 3.841) = 0.05; with 9 df, P(>= 21.67) = 0.01.
        assert!((upper_tail(3.841, 1.0) - 0.05).abs() < 0.005);
        assert!((upper_tail(21.67, 9.0) - 0.01).abs() < 0.002);
    }
}
