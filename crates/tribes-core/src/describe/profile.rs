//! Each segment's profile: size and share, numeric columns against all rows, the most frequent
//! categories with their lift, the traits that set it apart (`traits`), its suggested name
//! (`names`), its most typical rows and its cohesion.

use std::collections::HashMap;

use ndarray::{Array2, ArrayView2};

#[cfg(feature = "full-report")]
use super::names::distinguish;
use super::names::{join, name_parts};
#[cfg(feature = "full-report")]
use super::segment::Outcome;
use super::segment::{CategoryStat, CategoryValue, Cohesion, NumericStat, Profile, Segment};
#[cfg(feature = "full-report")]
use super::segment::{ColumnValue, Representative};
#[cfg(feature = "full-report")]
use super::traits::percent;
use super::traits::{category_trait, numeric_trait, TRAITS};
use crate::cluster::sq_dist;
#[cfg(feature = "full-report")]
use crate::read::values::{parse_bool, parse_number};
use crate::read::Table;
use crate::schema::{is_missing, ColumnSchema, Kind, Role};
use crate::util::stats::{mean, mean_and_sd, quantile};
#[cfg(feature = "full-report")]
use crate::util::words::humanize;

/// Values listed per categorical column.
const TOP_VALUES: usize = 5;
/// Representative rows per segment.
const REPRESENTATIVES: usize = 3;

/// What the profiles are computed from.
pub struct Inputs<'a> {
    pub table: &'a Table,
    pub schema: &'a [ColumnSchema],
    /// Numeric columns to describe: table column and values (`NAN` where missing).
    pub numeric: &'a [(usize, Vec<f64>)],
    /// The feature matrix and the fit's labels and centres.
    pub x: ArrayView2<'a, f64>,
    pub labels: &'a [usize],
    pub centroids: &'a Array2<f64>,
    /// Per segment: its silhouette in the scored sample, and its centre on the 2-D map (which
    /// only the feature `full-report` draws).
    pub silhouettes: &'a [Option<f64>],
    #[cfg(feature = "full-report")]
    pub centres: &'a [[f64; 2]],
    /// The table columns segments were formed on (empty: not known, any column may tell).
    #[cfg_attr(not(feature = "full-report"), allow(dead_code))]
    pub formed_on: &'a [usize],
    /// Seeds the rules' learning sample.
    #[cfg_attr(not(feature = "full-report"), allow(dead_code))]
    pub seed: u64,
}

/// Each segment's rule, when one is found.
#[cfg(feature = "full-report")]
fn rules(inp: &Inputs, k: usize) -> Vec<Option<super::rules::Rule>> {
    let data = super::rules::Data {
        table: inp.table,
        schema: inp.schema,
        numeric: inp.numeric,
        labels: inp.labels,
        seed: inp.seed,
    };
    super::rules::rules(&data, k)
}

pub fn segments(inp: &Inputs) -> Vec<Segment> {
    let k = inp.centroids.nrows();
    let n = inp.labels.len();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); k];
    for (r, &l) in inp.labels.iter().enumerate() {
        if let Some(m) = members.get_mut(l) {
            m.push(r);
        }
    }
    let numeric: Vec<Vec<NumericStat>> = numeric_stats(inp, &members);
    let (categorical, lists) = categorical_stats(inp, &members);
    #[cfg(feature = "full-report")]
    let outcomes = outcomes(inp, &members);
    #[cfg_attr(not(feature = "full-report"), allow(unused_variables))]
    let (inertia, nearest) = closeness(inp, k);
    #[cfg(feature = "full-report")]
    let mut rules = rules(inp, k).into_iter();

    let mut names = Vec::with_capacity(k);
    let mut segments: Vec<Segment> = (0..k)
        .map(|id| {
            let size = members[id].len();
            let numeric = numeric.iter().map(|c| c[id].clone()).collect::<Vec<_>>();
            let mut traits = Vec::new();
            for stat in &numeric {
                if let Some(t) = numeric_trait(stat) {
                    traits.push(t);
                }
            }
            let mut cats = Vec::new();
            for (column, &list) in categorical.iter().zip(&lists) {
                let (stat, all_values) = &column[id];
                if let Some(t) = category_trait(&stat.column, all_values, list) {
                    traits.push(t);
                }
                cats.push(stat.clone());
            }
            crate::util::order::sort_by(&mut traits, |a, b| {
                b.effect.abs().total_cmp(&a.effect.abs())
            });
            names.push(name_parts(&traits));
            traits.truncate(TRAITS);
            #[cfg(feature = "full-report")]
            let representatives = representatives(inp, &nearest[id], &traits, &numeric, &cats);
            Segment {
                id,
                size,
                share: size as f64 / n.max(1) as f64,
                name: String::new(),
                traits,
                profile: Profile {
                    numeric,
                    categorical: cats,
                },
                #[cfg(feature = "full-report")]
                representatives,
                cohesion: Cohesion {
                    inertia: inertia[id],
                    mean_squared_distance: inertia[id] / size.max(1) as f64,
                    silhouette: inp.silhouettes.get(id).copied().flatten(),
                },
                #[cfg(feature = "full-report")]
                centre: inp.centres.get(id).copied().unwrap_or([0.0; 2]),
                keywords: Vec::new(),
                #[cfg(feature = "full-report")]
                outcomes: outcomes.iter().map(|o| o[id].clone()).collect(),
                #[cfg(feature = "full-report")]
                stability: None,
                #[cfg(feature = "full-report")]
                recovery: None,
                #[cfg(feature = "full-report")]
                rule: rules.next().flatten(),
            }
        })
        .collect();
    // The embeddable build leaves this out, for its size budget (README, "Sizes").
    #[cfg(feature = "full-report")]
    distinguish_names(inp, &members, &numeric, &mut names);
    for (segment, parts) in segments.iter_mut().zip(names) {
        segment.name = join(parts);
    }
    segments
}

/// Gives segments that names do not tell apart the range of a number that does (`names::
/// distinguish`), measured on the profiled numeric columns' values (`numeric`'s columns).
#[cfg(feature = "full-report")]
fn distinguish_names(
    inp: &Inputs,
    members: &[Vec<usize>],
    numeric: &[Vec<NumericStat>],
    names: &mut [Vec<String>],
) {
    let columns: Vec<&Vec<f64>> = inp
        .numeric
        .iter()
        .filter(|(c, _)| profiled(inp, *c))
        .map(|(_, v)| v)
        .collect();
    let scale = |c: usize| {
        let mut all: Vec<f64> = columns[c].iter().copied().filter(|v| !v.is_nan()).collect();
        crate::util::order::sort_numbers(&mut all);
        let iqr = quantile(&all, 0.75) - quantile(&all, 0.25);
        if iqr > 0.0 {
            iqr
        } else {
            mean_and_sd(&all).1
        }
    };
    let whole = |c: usize| columns[c].iter().all(|v| v.is_nan() || v.fract() == 0.0);
    let covers = |s: usize, c: usize, lo: f64, hi: f64| {
        let rows = &members[s];
        let inside = rows
            .iter()
            .filter(|&&r| columns[c].get(r).is_some_and(|v| (lo..=hi).contains(v)))
            .count();
        inside as f64 / rows.len().max(1) as f64
    };
    distinguish(names, numeric, scale, whole, covers);
}

/// Columns shown beside a typical customer of a segment that has no trait.
#[cfg(feature = "full-report")]
const TELLING: usize = 3;

/// The segment's most typical rows (`nearest`, as (distance, row)), with the columns of its
/// `traits`; for a segment with none, the columns that tell it most from all rows, however
/// weakly (`telling`), rather than the file's first columns, which are often where people live.
#[cfg(feature = "full-report")]
fn representatives(
    inp: &Inputs,
    nearest: &[(f64, usize)],
    traits: &[super::segment::Trait],
    numeric: &[NumericStat],
    categorical: &[CategoryStat],
) -> Vec<Representative> {
    let mut columns: Vec<&str> = traits.iter().map(|t| t.column.as_str()).collect();
    if columns.is_empty() {
        // Among the columns the segments were formed on, which set them apart, if any leans.
        let formed = |name: &str| {
            inp.formed_on.is_empty()
                || inp
                    .formed_on
                    .iter()
                    .any(|&c| inp.table.headers.get(c).is_some_and(|h| h == name))
        };
        columns = telling(numeric, categorical, formed);
    }
    let mut apart: Vec<usize> = Vec::new();
    for name in columns {
        if let Some(c) = inp.table.headers.iter().position(|h| h == name) {
            if !apart.contains(&c) && shown(inp, c) {
                apart.push(c);
            }
        }
    }
    nearest
        .iter()
        .map(|&(_, r)| Representative {
            row: inp.table.record_of_row.get(r).map_or(0, |&rec| rec + 1),
            cells: inp
                .table
                .row(r)
                .enumerate()
                .map(|(c, cell)| {
                    if shown(inp, c) {
                        cell.to_owned()
                    } else {
                        String::new()
                    }
                })
                .collect(),
            apart: apart
                .iter()
                .map(|&c| ColumnValue {
                    column: inp.table.headers[c].clone(),
                    value: inp.table.column(c).get(r).trim().to_owned(),
                })
                .collect(),
        })
        .collect()
}

/// The `TELLING` columns of those `formed` whose segment figure stands furthest from all rows',
/// by the traits' measure (the standardized difference; for a category, of its most
/// over-represented value), with no threshold: what a segment without traits still leans to.
#[cfg(feature = "full-report")]
fn telling<'s>(
    numeric: &'s [NumericStat],
    categorical: &'s [CategoryStat],
    formed: impl Fn(&str) -> bool,
) -> Vec<&'s str> {
    let mut ranked: Vec<(f64, &str)> = numeric
        .iter()
        .filter(|s| formed(&s.column) && s.effect.is_finite() && s.effect != 0.0)
        .map(|s| (s.effect.abs(), s.column.as_str()))
        .collect();
    for c in categorical.iter().filter(|c| formed(&c.column)) {
        let best = c
            .values
            .iter()
            .filter_map(|v| {
                let overall = v.share / (v.lift / 100.0);
                (v.lift > 100.0 && overall > 0.0 && overall < 1.0)
                    .then(|| (v.share - overall) / (overall * (1.0 - overall)).sqrt())
            })
            .fold(0.0, f64::max);
        if best > 0.0 {
            ranked.push((best, c.column.as_str()));
        }
    }
    crate::util::order::sort_by(&mut ranked, |a, b| b.0.total_cmp(&a.0));
    ranked.into_iter().take(TELLING).map(|(_, c)| c).collect()
}

/// Whether column `c` may be shown: never an identifier, personal or owner column. A schema
/// shorter than the table (a test's) shows everything.
fn shown(inp: &Inputs, c: usize) -> bool {
    inp.schema.get(c).is_none_or(|s| s.role.shown())
}

/// Whether column `c` is profiled and may give traits: shown, and not an outcome (outcomes have
/// their own line on every card).
fn profiled(inp: &Inputs, c: usize) -> bool {
    shown(inp, c) && inp.schema.get(c).is_none_or(|s| s.role != Role::Outcome)
}

/// Whether a cell has the outcome counted.
#[cfg(feature = "full-report")]
type Event = Box<dyn Fn(&str) -> bool>;

/// Per outcome column, per segment: the share with the outcome against all rows.
#[cfg(feature = "full-report")]
fn outcomes(inp: &Inputs, members: &[Vec<usize>]) -> Vec<Vec<Outcome>> {
    let mut out = Vec::new();
    for (c, s) in inp.schema.iter().enumerate() {
        if s.role != Role::Outcome || c >= inp.table.headers.len() {
            continue;
        }
        let cells = inp.table.column(c);
        let format = inp.table.dialect.number;
        // The value counted: yes, 1, or a category's rarest value overall.
        let (value, event): (String, Event) = match s.kind {
            Kind::Boolean => (
                "yes".into(),
                Box::new(|v: &str| parse_bool(v) == Some(true)),
            ),
            Kind::Numeric => (
                "1".into(),
                Box::new(move |v: &str| parse_number(v, format) == Some(1.0)),
            ),
            _ => {
                let mut counts: HashMap<&str, usize> = HashMap::new();
                for cell in cells.iter().filter(|c| !is_missing(c)) {
                    *counts.entry(cell.trim()).or_insert(0) += 1;
                }
                let Some(rare) = counts
                    .iter()
                    .min_by(|a, b| a.1.cmp(b.1).then(a.0.cmp(b.0)))
                    .map(|(v, _)| (*v).to_owned())
                else {
                    continue;
                };
                let want = rare.clone();
                (rare, Box::new(move |v: &str| v.trim() == want))
            }
        };
        let share = |rows: &mut dyn Iterator<Item = usize>| {
            let (mut n, mut yes) = (0usize, 0usize);
            for r in rows {
                let cell = cells.get(r);
                if !is_missing(cell) {
                    n += 1;
                    yes += usize::from(event(cell));
                }
            }
            if n == 0 {
                0.0
            } else {
                yes as f64 / n as f64
            }
        };
        let overall = share(&mut (0..inp.labels.len()));
        let name = humanize(&s.name);
        let shown_value = if matches!(s.kind, Kind::Boolean | Kind::Numeric) {
            String::new()
        } else {
            format!(" {value}")
        };
        out.push(
            members
                .iter()
                .map(|rows| {
                    let here = share(&mut rows.iter().copied());
                    Outcome {
                        column: s.name.clone(),
                        value: value.clone(),
                        share: here,
                        overall,
                        text: format!(
                            "{name}{shown_value} {} against {} overall",
                            percent(here),
                            percent(overall)
                        ),
                    }
                })
                .collect(),
        );
    }
    out
}

/// Per numeric column, per segment.
fn numeric_stats(inp: &Inputs, members: &[Vec<usize>]) -> Vec<Vec<NumericStat>> {
    inp.numeric
        .iter()
        .filter(|(c, _)| profiled(inp, *c))
        .map(|(c, values)| {
            let mut all: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
            crate::util::order::sort_numbers(&mut all);
            // Means and deviations that cannot overflow, however large the numbers.
            let (overall_mean, sd) = if all.is_empty() {
                (0.0, 0.0)
            } else {
                mean_and_sd(&all)
            };
            let overall_median = quantile(&all, 0.5);
            members
                .iter()
                .map(|rows| {
                    let mut v: Vec<f64> = rows
                        .iter()
                        .filter_map(|&r| values.get(r).copied())
                        .filter(|v| !v.is_nan())
                        .collect();
                    crate::util::order::sort_numbers(&mut v);
                    let mean = if v.is_empty() { f64::NAN } else { mean(&v) };
                    NumericStat {
                        column: inp.table.headers[*c].clone(),
                        mean,
                        median: quantile(&v, 0.5),
                        q1: quantile(&v, 0.25),
                        q3: quantile(&v, 0.75),
                        overall_mean,
                        overall_median,
                        effect: if sd > 0.0 && mean.is_finite() {
                            (mean - overall_mean) / sd
                        } else {
                            0.0
                        },
                        index: (overall_mean > 0.0 && mean.is_finite())
                            .then(|| 100.0 * mean / overall_mean),
                        above: share_of(&v, |x| x > overall_median),
                        below: share_of(&v, |x| x < overall_median),
                    }
                })
                .collect()
        })
        .collect()
}

/// A column's values in a segment, most frequent first (then by value), with the profile's top
/// `TOP_VALUES` of them.
fn ranked(column: &str, mut values: Vec<CategoryValue>) -> (CategoryStat, Vec<CategoryValue>) {
    crate::util::order::sort_by(&mut values, |a, b| {
        b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value))
    });
    let stat = CategoryStat {
        column: column.to_owned(),
        values: values.iter().take(TOP_VALUES).cloned().collect(),
    };
    (stat, values)
}

/// Per categorical, yes/no, band or list column, per segment: the top values, and every value
/// (for traits); and whether each column is a list.
#[allow(clippy::type_complexity)]
fn categorical_stats(
    inp: &Inputs,
    members: &[Vec<usize>],
) -> (Vec<Vec<(CategoryStat, Vec<CategoryValue>)>>, Vec<bool>) {
    let columns: Vec<usize> = (0..inp.schema.len())
        .filter(|&c| {
            (matches!(
                inp.schema[c].kind,
                Kind::Categorical | Kind::Boolean | Kind::Ordinal
            ) || cfg!(feature = "full-report") && inp.schema[c].kind == Kind::List)
                && profiled(inp, c)
        })
        .collect();
    let lists = columns
        .iter()
        .map(|&c| inp.schema[c].kind == Kind::List)
        .collect();
    let stats = columns
        .into_iter()
        .map(|c| {
            if cfg!(feature = "full-report") && inp.schema[c].kind == Kind::List {
                return list_stats(inp, members, c);
            }
            let cells = inp.table.column(c);
            let mut overall: HashMap<&str, usize> = HashMap::new();
            for cell in cells.iter().filter(|c| !is_missing(c)) {
                *overall.entry(cell.trim()).or_insert(0) += 1;
            }
            let n = inp.labels.len().max(1) as f64;
            members
                .iter()
                .map(|rows| {
                    let mut here: HashMap<&str, usize> = HashMap::new();
                    for &r in rows {
                        let cell = cells.get(r);
                        if !is_missing(cell) {
                            *here.entry(cell.trim()).or_insert(0) += 1;
                        }
                    }
                    let values: Vec<CategoryValue> = here
                        .into_iter()
                        .map(|(value, count)| {
                            let share = count as f64 / rows.len().max(1) as f64;
                            let overall_share =
                                overall.get(value).copied().unwrap_or(count) as f64 / n;
                            CategoryValue {
                                value: value.to_owned(),
                                count,
                                share,
                                lift: 100.0 * share / overall_share,
                            }
                        })
                        .collect();
                    ranked(&inp.table.headers[c], values)
                })
                .collect()
        })
        .collect();
    (stats, lists)
}

/// A list column per segment: each frequent item's share of the segment's rows (a row may hold
/// several, so the shares need not sum to 1), most held first.
fn list_stats(
    inp: &Inputs,
    members: &[Vec<usize>],
    c: usize,
) -> Vec<(CategoryStat, Vec<CategoryValue>)> {
    let cells = inp.table.column(c);
    let sep = inp.schema[c].separator.unwrap_or(',');
    let found = crate::schema::list::frequent(cells, sep);
    let index = crate::schema::list::ItemIndex::new(&found.items, sep);
    let n = inp.labels.len().max(1) as f64;
    let mut held = Vec::new();
    members
        .iter()
        .map(|rows| {
            let mut counts = vec![0usize; found.items.len()];
            for &r in rows {
                index.of(cells.get(r), &mut held);
                for &i in &held {
                    counts[i] += 1;
                }
            }
            let values: Vec<CategoryValue> = counts
                .iter()
                .enumerate()
                .filter(|(_, &count)| count > 0)
                .map(|(i, &count)| {
                    let share = count as f64 / rows.len().max(1) as f64;
                    CategoryValue {
                        value: found.items[i].clone(),
                        count,
                        share,
                        lift: 100.0 * share / (found.rows[i] as f64 / n),
                    }
                })
                .collect();
            ranked(&inp.table.headers[c], values)
        })
        .collect()
}

/// Share of `values` for which `f` holds (0 with none).
fn share_of(values: &[f64], f: impl Fn(f64) -> bool) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.iter().filter(|&&x| f(x)).count() as f64 / values.len() as f64
}

/// Per segment: its inertia, and its rows nearest the centre as (squared distance, row).
#[allow(clippy::type_complexity)]
fn closeness(inp: &Inputs, k: usize) -> (Vec<f64>, Vec<Vec<(f64, usize)>>) {
    let mut inertia = vec![0.0; k];
    let mut nearest: Vec<Vec<(f64, usize)>> = vec![Vec::new(); k];
    for (r, &l) in inp.labels.iter().enumerate() {
        if l >= k || r >= inp.x.nrows() {
            continue;
        }
        let d = sq_dist(inp.x.row(r), inp.centroids.row(l));
        inertia[l] += d;
        let best = &mut nearest[l];
        if best.len() < REPRESENTATIVES || d < best[best.len() - 1].0 {
            let at = best.partition_point(|&(e, _)| e <= d);
            best.insert(at, (d, r));
            best.truncate(REPRESENTATIVES);
        }
    }
    (inertia, nearest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::describe::names::suggest_name;
    use crate::describe::segment::*;
    use crate::features::{build, numeric_values};
    use crate::features::{LogChoice, Scale};
    use crate::read::read;
    use crate::schema::infer;
    use ndarray::array;

    fn number(column: &str, index: f64, effect: f64) -> Trait {
        Trait {
            column: column.into(),
            value: None,
            direction: if effect > 0.0 {
                Direction::High
            } else {
                Direction::Low
            },
            segment: index,
            overall: 100.0,
            ratio: Some(index / 100.0),
            effect,
            holds: 0.7,
            text: String::new(),
        }
    }

    fn category(value: &str, share: f64, ratio: f64, effect: f64) -> Trait {
        Trait {
            column: "c".into(),
            value: Some(value.into()),
            direction: Direction::More,
            segment: share,
            overall: share / ratio,
            ratio: Some(ratio),
            effect,
            holds: share,
            text: String::new(),
        }
    }

    #[test]
    fn name_from_strong_categories_then_the_strongest_number() {
        // Traits arrive strongest first. Boston (2x, 60%) and SaaS (1.6x, 55%) qualify; Gold
        // (3x but 10% of the segment) is not true of half its members; spend index 220 is.
        let t = [
            category("Gold", 0.1, 3.0, 1.2),
            number("total_spent", 220.0, 1.1),
            category("Boston", 0.6, 2.0, 0.9),
            category("SaaS", 0.55, 1.6, 0.5),
            number("age", 70.0, -0.6),
        ];
        assert_eq!(suggest_name(&t), "Boston · SaaS · high total spent");
    }

    #[test]
    fn a_name_does_not_say_the_same_thing_twice() {
        // Telco's customers without internet: InternetService "No" and three service columns
        // "No internet service" were named "not internet service · No internet service · low
        // monthly charges".
        let mut internet = category("No", 1.0, 5.0, 1.5);
        internet.column = "InternetService".into();
        let services: Vec<Trait> = ["OnlineSecurity", "OnlineBackup", "TechSupport"]
            .iter()
            .map(|column| {
                let mut t = category("No internet service", 1.0, 5.0, 1.5);
                t.column = (*column).into();
                t
            })
            .collect();
        let mut contract = category("Two year", 0.6, 1.8, 0.7);
        contract.column = "Contract".into();
        let mut t = vec![internet];
        t.extend(services);
        t.push(contract);
        t.push(number("MonthlyCharges", 30.0, -1.2));
        assert_eq!(
            suggest_name(&t),
            "not internet service · Two year · low monthly charges"
        );
    }

    #[test]
    fn every_part_of_a_name_is_true_of_half_the_segment_and_it_is_never_segment_n() {
        // A category at 1.5x covering 12% names nothing: "Austin" would be false of 88%.
        assert_eq!(
            suggest_name(&[category("Austin", 0.12, 1.5, 0.4)]),
            "close to average"
        );
        // A yes/no value is named by its column, in plain words.
        let mut churned = category("yes", 0.5, 2.0, 0.8);
        churned.column = "AcceptsSMS".into();
        let mut loyal = category("no", 0.9, 1.6, 0.6);
        loyal.column = "has_complained".into();
        assert_eq!(
            suggest_name(&[churned, loyal]),
            "accepts SMS · not has complained"
        );
        // Index 120: not far enough for the first choice, but true of 70%: the fallback.
        assert_eq!(suggest_name(&[number("age", 120.0, 0.35)]), "high age");
        // "high age" true of only 40% of the members: not a name.
        let mut few = number("age", 160.0, 0.35);
        few.holds = 0.4;
        assert_eq!(suggest_name(&[few]), "close to average");
    }

    #[cfg(feature = "full-report")]
    #[test]
    fn typical_customers_of_a_segment_without_traits_show_its_telling_columns_not_where_they_live()
    {
        // Every row lives in Boston and spends the same; the two segments differ in visits by a
        // tenth of a standard deviation (means 2.5 and 2.75 against 2.625 overall, sd 1.22), too
        // little for a trait. The typical customers showed the file's first columns (city, zip);
        // they show visits, the one column that leans at all.
        let t = read(
            b"city,zip,visits,spend\n\
              Boston,02101,1,10\nBoston,02101,2,20\nBoston,02101,3,30\nBoston,02101,4,40\n\
              Boston,02101,1,10\nBoston,02101,2,20\nBoston,02101,3,30\nBoston,02101,5,40\n",
            &Default::default(),
        )
        .unwrap();
        let s = infer(&t);
        let f = build(&t, &s, &[2], Scale::Zscore, LogChoice::None).unwrap();
        let labels = [0, 0, 0, 0, 1, 1, 1, 1];
        let numeric = [
            (2, numeric_values(&t, 2).values),
            (3, numeric_values(&t, 3).values),
        ];
        let segs = segments(&Inputs {
            table: &t,
            schema: &s,
            numeric: &numeric,
            x: f.x.view(),
            labels: &labels,
            centroids: &array![[-0.1], [0.1]],
            silhouettes: &[None, None],
            #[cfg(feature = "full-report")]
            centres: &[[0.0, 0.0], [1.0, 0.0]],
            formed_on: &[2],
            seed: 0,
        });
        for seg in &segs {
            assert!(seg.traits.is_empty(), "{:?}", seg.traits);
            for r in &seg.representatives {
                let columns: Vec<&str> = r.apart.iter().map(|a| a.column.as_str()).collect();
                assert_eq!(columns, ["visits"], "segment {}", seg.id);
            }
        }
    }

    #[test]
    fn profile_by_hand() {
        // Segment 0 = rows 0..3 (Boston, Boston, Austin; spend 10, 20, 30),
        // segment 1 = row 3 (Austin; spend 100). Overall mean spend 40, population sd
        // sqrt((900 + 400 + 100 + 3600) / 4) = sqrt(1250) = 35.36.
        // Segment 0: mean 20 -> index 50, effect -20 / 35.36 = -0.566; quartiles 15 and 25.
        // Boston share 2/3 against 2/4 overall -> lift 133.3 (below the 1.2x-and-effect bar?
        // effect (0.667 - 0.5) / 0.5 = 0.333 >= 0.3 and 1.33 >= 1.2: a trait).
        let t = read(
            b"city,spend\nBoston,10\nBoston,20\nAustin,30\nAustin,100\n",
            &Default::default(),
        )
        .unwrap();
        let s = infer(&t);
        let f = build(&t, &s, &[1], Scale::Zscore, LogChoice::None).unwrap();
        let labels = [0, 0, 0, 1];
        let centroids = array![[-0.4], [1.7]];
        let numeric = [(1, numeric_values(&t, 1).values)];
        let segs = segments(&Inputs {
            table: &t,
            schema: &s,
            numeric: &numeric,
            x: f.x.view(),
            labels: &labels,
            centroids: &centroids,
            silhouettes: &[Some(0.5), None],
            #[cfg(feature = "full-report")]
            centres: &[[1.0, 2.0], [3.0, 4.0]],
            formed_on: &[1],
            seed: 0,
        });
        assert_eq!(segs[0].size, 3);
        assert_eq!(segs[0].share, 0.75);
        let spend = &segs[0].profile.numeric[0];
        assert_eq!(
            (spend.mean, spend.median, spend.overall_mean),
            (20.0, 20.0, 40.0)
        );
        assert_eq!((spend.q1, spend.q3), (15.0, 25.0));
        assert_eq!(spend.index, Some(50.0));
        assert!((spend.effect + 20.0 / 1250f64.sqrt()).abs() < 1e-12);
        let city = &segs[0].profile.categorical[0];
        assert_eq!(city.values[0].value, "Boston");
        assert!((city.values[0].lift - 400.0 / 3.0).abs() < 1e-9);
        // Traits, strongest first: spend low (0.566), then Boston (0.333).
        let texts: Vec<&str> = segs[0].traits.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "low spend: average 20 against 40 overall (index 50)",
                "city Boston: 67% against 50% overall (1.3x)"
            ]
        );
        // Segment 1: Austin 2x at 100%; spend index 250 -> "Austin · high spend".
        assert_eq!(segs[1].name, "Austin · high spend");
        // Segment 0: Boston lift 1.33 < 1.5, spend index 50 -> "low spend".
        assert_eq!(segs[0].name, "low spend");
        // Representatives: nearest the centre -0.4 first. z of 10, 20, 30: -0.849, -0.566,
        // -0.283: row 2 (0.117 away) beats row 1 (0.166) and row 0 (0.449). Records are 1-based.
        #[cfg(feature = "full-report")]
        {
            let rows = |s: &Segment| s.representatives.iter().map(|r| r.row).collect::<Vec<_>>();
            assert_eq!(rows(&segs[0]), [3, 2, 1]);
            assert_eq!(rows(&segs[1]), [4]);
            assert_eq!(segs[1].representatives[0].cells, ["Austin", "100"]);
        }
        assert_eq!(segs[0].cohesion.silhouette, Some(0.5));
        #[cfg(feature = "full-report")]
        assert_eq!(segs[1].centre, [3.0, 4.0]);
        // Rules: spend alone parts the two (each covers its whole segment and selects nothing
        // else); city = Austin would select row 2 of segment 0 too.
        #[cfg(feature = "full-report")]
        {
            let rule = |s: &Segment| {
                s.rule
                    .as_ref()
                    .map(|r| (r.text.clone(), r.coverage, r.precision))
            };
            assert_eq!(rule(&segs[0]), Some(("spend <= 30".into(), 1.0, 1.0)));
            assert_eq!(rule(&segs[1]), Some(("spend >= 100".into(), 1.0, 1.0)));
        }
    }

    fn value(value: &str, count: usize, share: f64, lift: f64) -> CategoryValue {
        CategoryValue {
            value: value.into(),
            count,
            share,
            lift,
        }
    }

    #[test]
    fn a_family_of_values_names_a_segment_none_of_whose_values_is_held_by_half() {
        // 100 members: Retail 35% (3x), Restaurants 25% (2.5x), Software 5% (0.5x). No value
        // alone is true of half of them; Retail or Restaurants is true of 60%, against 21.7%.
        let values = [
            value("Retail", 35, 0.35, 300.0),
            value("Restaurants", 25, 0.25, 250.0),
            value("Software", 5, 0.05, 50.0),
        ];
        let t = category_trait("Industry", &values, false).unwrap();
        assert_eq!(t.value.as_deref(), Some("Retail or Restaurants"));
        assert!((t.holds - 0.6).abs() < 1e-12);
        assert!(t
            .text
            .starts_with("industry Retail or Restaurants: 60% against 22% overall"));
        assert_eq!(suggest_name(&[t]), "Retail or Restaurants");
        // The same shares among 9 members are 5 people who happen to share some cities: no group.
        let few = [
            value("London", 3, 0.33, 300.0),
            value("Atlanta", 2, 0.22, 250.0),
        ];
        let t = category_trait("City", &few, false).unwrap();
        assert_eq!(t.value.as_deref(), Some("London"));
        // A value held by half is named alone.
        let half = [
            value("Retail", 55, 0.55, 200.0),
            value("Restaurants", 25, 0.25, 250.0),
        ];
        let t = category_trait("Industry", &half, false).unwrap();
        assert_eq!(t.value.as_deref(), Some("Retail"));
    }

    #[test]
    fn a_middle_segment_is_named_by_its_range_not_close_to_average() {
        // Orders 1-2 (light), 8-9 (regular) and 20-24 (heavy): the regular buyers' average is
        // close to the overall one, so no high or low names them; their middle half does.
        let names = |groups: [[i32; 4]; 3]| {
            let mut csv = String::from("orders\n");
            let mut labels = Vec::new();
            for (label, values) in groups.iter().enumerate() {
                for v in values {
                    csv.push_str(&format!("{v}\n"));
                    labels.push(label);
                }
            }
            let t = read(csv.as_bytes(), &Default::default()).unwrap();
            let s = infer(&t);
            let f = build(&t, &s, &[0], Scale::Zscore, LogChoice::None).unwrap();
            let centroids = array![[-0.8], [-0.3], [1.1]];
            let numeric = [(0, numeric_values(&t, 0).values)];
            segments(&Inputs {
                table: &t,
                schema: &s,
                numeric: &numeric,
                x: f.x.view(),
                labels: &labels,
                centroids: &centroids,
                silhouettes: &[None, None, None],
                #[cfg(feature = "full-report")]
                centres: &[[0.0; 2]; 3],
                formed_on: &[],
                seed: 0,
            })
            .into_iter()
            .map(|s| s.name)
            .collect::<Vec<_>>()
        };
        assert_eq!(
            names([[1, 1, 2, 1], [8, 9, 8, 9], [20, 24, 22, 21]]),
            ["low orders", "orders 8–9", "high orders"]
        );
        // Two segments both low: each says its own range instead (whole numbers stay whole).
        assert_eq!(
            names([[1, 1, 2, 1], [4, 5, 4, 5], [40, 44, 42, 41]]),
            ["orders 1–2", "orders 4–5", "high orders"]
        );
    }

    #[test]
    fn list_items_read_as_shares_and_name_a_segment_held_by_half() {
        // Segment 0 = rows 0..4: VIP in rows 0, 1, 2 (as "VIP" and "vip"): 3 of 4 = 75%, against
        // 3 of 10 overall (2.5x); newsletter in row 0 only. Segment 1 = rows 4..10: newsletter in
        // rows 4, 5, 6 = 50% against 4 of 10 (1.25x: too little for a name), no VIP.
        let t = read(
            b"tags,spend\n\"VIP, newsletter\",1\nvip,1\nVIP,1\n,1\nnewsletter,2\n\
              newsletter,2\nnewsletter,2\n,2\n,2\n,2\n",
            &Default::default(),
        )
        .unwrap();
        let mut s = infer(&t);
        s[0].kind = Kind::List;
        s[0].separator = Some(',');
        let f = build(&t, &s, &[0], Scale::Zscore, LogChoice::None).unwrap();
        let labels = [0, 0, 0, 0, 1, 1, 1, 1, 1, 1];
        let centroids = array![[1.0, 1.0], [0.0, 0.0]];
        let segs = segments(&Inputs {
            table: &t,
            schema: &s,
            numeric: &[],
            x: f.x.view(),
            labels: &labels,
            centroids: &centroids,
            silhouettes: &[None, None],
            #[cfg(feature = "full-report")]
            centres: &[[0.0; 2], [0.0; 2]],
            formed_on: &[],
            seed: 0,
        });
        let tags = &segs[0].profile.categorical[0];
        assert_eq!(tags.values[0].value, "VIP");
        assert_eq!(tags.values[0].count, 3);
        assert!((tags.values[0].lift - 250.0).abs() < 1e-9);
        assert_eq!(
            segs[0].traits[0].text,
            "75% tagged VIP against 30% overall (2.5x)"
        );
        assert_eq!(segs[0].traits[0].holds, 0.75);
        assert_eq!(segs[0].name, "VIP");
        assert_eq!(segs[1].profile.categorical[0].values[0].value, "newsletter");
        assert_eq!(segs[1].name, "close to average");
    }
}
