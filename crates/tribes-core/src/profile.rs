//! What each segment is, in terms a marketer reads: size and share, numeric columns against all
//! rows, the most frequent categories with their lift, and a suggested name.

use std::collections::HashMap;

use crate::features::{quantile, Features};
use crate::ingest::Table;
use crate::result::{CategoryStat, CategoryValue, NumericStat, Profile, Segment};
use crate::schema::{is_missing, ColumnSchema, Kind};

/// A category needs this lift (x100) and share to name a segment.
const NAME_MIN_LIFT: f64 = 150.0;
const NAME_MIN_SHARE: f64 = 0.3;
/// Values listed per categorical column.
const TOP_VALUES: usize = 3;

pub fn segments(
    table: &Table,
    schema: &[ColumnSchema],
    features: &Features,
    labels: &[usize],
    k: usize,
) -> Vec<Segment> {
    let n = labels.len();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); k];
    for (r, &l) in labels.iter().enumerate() {
        members[l].push(r);
    }
    let overall_numeric: Vec<(f64, f64)> = features
        .raw
        .columns()
        .into_iter()
        .map(|c| mean_median(c.iter().copied()))
        .collect();
    let categorical: Vec<usize> = (0..schema.len())
        .filter(|&c| {
            matches!(
                schema[c].kind,
                Kind::Categorical | Kind::Boolean | Kind::Ordinal
            )
        })
        .collect();
    let overall_counts: Vec<HashMap<&str, usize>> = categorical
        .iter()
        .map(|&c| counts(table.column(c).iter()))
        .collect();

    members
        .iter()
        .enumerate()
        .map(|(id, rows)| {
            let numeric: Vec<NumericStat> = features
                .columns
                .iter()
                .enumerate()
                .map(|(j, &c)| {
                    let (mean, median) = mean_median(rows.iter().map(|&r| features.raw[[r, j]]));
                    let (overall_mean, overall_median) = overall_numeric[j];
                    NumericStat {
                        column: table.headers[c].clone(),
                        mean,
                        median,
                        overall_mean,
                        overall_median,
                        index: (overall_mean > 0.0).then(|| 100.0 * mean / overall_mean),
                    }
                })
                .collect();
            let categorical: Vec<CategoryStat> = categorical
                .iter()
                .zip(&overall_counts)
                .map(|(&c, overall)| {
                    let cells = table.column(c);
                    let here = counts(rows.iter().map(|&r| cells.get(r)));
                    let mut values: Vec<CategoryValue> = here
                        .into_iter()
                        .map(|(value, count)| {
                            let share = count as f64 / rows.len().max(1) as f64;
                            let overall_share = overall[value] as f64 / n as f64;
                            CategoryValue {
                                value: value.to_owned(),
                                count,
                                share,
                                lift: 100.0 * share / overall_share,
                            }
                        })
                        .collect();
                    values
                        .sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
                    values.truncate(TOP_VALUES);
                    CategoryStat {
                        column: table.headers[c].clone(),
                        values,
                    }
                })
                .collect();
            let profile = Profile {
                numeric,
                categorical,
            };
            Segment {
                id,
                size: rows.len(),
                share: rows.len() as f64 / n.max(1) as f64,
                name: suggest_name(id, &profile),
                profile,
                keywords: Vec::new(),
            }
        })
        .collect()
}

/// Counts non-missing values (trimmed).
fn counts<'a>(cells: impl Iterator<Item = &'a str>) -> HashMap<&'a str, usize> {
    let mut m = HashMap::new();
    for c in cells.filter(|c| !is_missing(c)) {
        *m.entry(c.trim()).or_insert(0) += 1;
    }
    m
}

fn mean_median(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let mut v: Vec<f64> = values.collect();
    if v.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    let mean = v.iter().sum::<f64>() / v.len() as f64;
    v.sort_by(f64::total_cmp);
    (mean, quantile(&v, 0.5))
}

/// Up to three traits: categories over-represented in the segment (lift at least 150 and at
/// least 30% of the segment), strongest first, then the numeric column furthest from average
/// ("high spend", "low age") when its index is outside 75..133.
pub fn suggest_name(id: usize, profile: &Profile) -> String {
    let mut cats: Vec<&CategoryValue> = profile
        .categorical
        .iter()
        .flat_map(|c| c.values.first())
        .filter(|v| v.lift >= NAME_MIN_LIFT && v.share >= NAME_MIN_SHARE)
        .collect();
    cats.sort_by(|a, b| b.lift.total_cmp(&a.lift));
    let mut parts: Vec<String> = cats.iter().take(2).map(|v| v.value.clone()).collect();
    // How far from average, either way: an index of 50 is as strong as one of 200.
    let strength = |index: f64| (index / 100.0).ln().abs();
    let extreme = profile
        .numeric
        .iter()
        .filter_map(|s| s.index.map(|i| (s, i)))
        .filter(|&(_, i)| !(75.0..=133.0).contains(&i))
        .max_by(|a, b| strength(a.1).total_cmp(&strength(b.1)));
    if let Some((stat, index)) = extreme {
        let word = if index > 100.0 { "high" } else { "low" };
        parts.push(format!("{word} {}", stat.column));
    }
    if parts.is_empty() {
        format!("Segment {}", id + 1)
    } else {
        parts.join(" · ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stat(column: &str, index: f64) -> NumericStat {
        NumericStat {
            column: column.into(),
            mean: index,
            median: index,
            overall_mean: 100.0,
            overall_median: 100.0,
            index: Some(index),
        }
    }

    #[test]
    fn name_uses_the_numeric_column_furthest_from_average() {
        // Regression: with indexes 22, 14 and 60 the name said "low tenure" (the mildest).
        // |ln(0.22)| = 1.51, |ln(0.14)| = 1.97, |ln(0.60)| = 0.51: revenue is the strongest.
        let p = Profile {
            numeric: vec![
                stat("seats", 22.0),
                stat("revenue", 14.0),
                stat("tenure", 60.0),
            ],
            categorical: vec![],
        };
        assert_eq!(suggest_name(0, &p), "low revenue");
        // 300 (|ln 3| = 1.10) beats 40 (|ln 0.4| = 0.92).
        let p = Profile {
            numeric: vec![stat("a", 40.0), stat("b", 300.0)],
            categorical: vec![],
        };
        assert_eq!(suggest_name(0, &p), "high b");
    }
    use crate::features::build;
    use crate::ingest::read;
    use crate::options::Scale;
    use crate::schema::infer;

    #[test]
    fn profile_by_hand() {
        // Segment 0 = rows 0..3 (Boston, Boston, Austin; spend 10, 20, 30),
        // segment 1 = row 3 (Austin; spend 100). Overall mean spend 40.
        // Segment 0 mean 20 -> index 50; Boston share 2/3 vs 2/4 overall -> lift 133.3.
        let t = read(
            b"city,spend\nBoston,10\nBoston,20\nAustin,30\nAustin,100\n",
            &Default::default(),
        )
        .unwrap();
        let s = infer(&t);
        let f = build(&t, &[1], Scale::Zscore).unwrap();
        let segs = segments(&t, &s, &f, &[0, 0, 0, 1], 2);
        assert_eq!(segs[0].size, 3);
        assert_eq!(segs[0].share, 0.75);
        let spend = &segs[0].profile.numeric[0];
        assert_eq!(
            (spend.mean, spend.median, spend.overall_mean),
            (20.0, 20.0, 40.0)
        );
        assert_eq!(spend.index, Some(50.0));
        let city = &segs[0].profile.categorical[0];
        assert_eq!(city.values[0].value, "Boston");
        assert!((city.values[0].lift - 400.0 / 3.0).abs() < 1e-9);
        // Segment 1: Austin at 200 lift, 100% share; spend index 250 -> "Austin · high spend".
        assert_eq!(segs[1].name, "Austin · high spend");
        // Segment 0: Boston lift 133 < 150, spend index 50 -> "low spend".
        assert_eq!(segs[0].name, "low spend");
    }
}
