//! From table to feature matrix: choose the columns, encode, impute, scale.
//!
//! Each usable column becomes one or more columns of the matrix k-means runs on:
//!
//! - numeric: parsed in the file's number format; a heavily skewed column of values that are
//!   never negative (spend, headcount) is replaced by `ln(1 + x)` when `log` is `auto` (its
//!   skewness is at least `LOG_MIN_SKEW` and the log lowers it); then scaled.
//! - ordinal: the rank of its band (0 for the lowest), then scaled like a number.
//! - boolean: 0 or 1, then scaled like a number.
//! - categorical: one indicator per value (the 29 most frequent plus "other" when there are more
//!   than 30), each multiplied by `1 / sqrt(1 - sum p²)`, where p are the values' shares. That
//!   makes the column's total variance 1, the variance of a z-scored number, so one categorical
//!   column weighs as much as one numeric column; for a yes/no split it gives exactly the
//!   distances of a z-scored 0/1 column. (Why one-hot rather than k-prototypes: one algorithm,
//!   with its bounds, its metrics and its PCA, serves every kind; with this weighting the squared
//!   distance between two categories equals k-prototypes' mismatch cost with a weight chosen from
//!   the data, which k-prototypes leaves to the user. Measured in `examples/mixed_weighting.rs`:
//!   with this weight, ARI against planted segments beat numbers alone and k-prototypes' usual
//!   scale, and heavier weights let a noise category take over.)
//!
//! Identifiers, dates and free text are never features here (free text has its own analysis,
//! keywords; dates wait for recency). A missing cell, or a present one that does not fit the kind (at most 5% of a
//! column), is imputed (the median for numbers, ranks and yes/no; the most frequent value for
//! categories) and counted. Scaling is z-score (population standard deviation, as scikit-learn's
//! StandardScaler), robust (median and interquartile range) or none; a constant column scales to
//! zeros.

use std::collections::HashMap;

use ndarray::Array2;
use serde::Serialize;

use crate::error::{Error, ParamError, Result};
use crate::options::{Checked, LogChoice, Scale};
use crate::read::values::{parse_bool, parse_number};
use crate::read::Table;
use crate::schema::{is_missing, ColumnSchema, Kind};
use crate::util::stats::{quantile, short, skewness};

/// A numeric column whose skewness is at least this (and whose values are never negative) is
/// log-transformed when `log` is `auto`. An exponential distribution has skewness 2, a log-normal
/// spend with sigma 1 about 6; ages and scores sit near 0.
pub const LOG_MIN_SKEW: f64 = 2.0;
/// A categorical column keeps at most this many values; the rest become "other".
pub const MAX_LEVELS: usize = 30;
/// The name of the value that gathers the rare ones.
pub const OTHER: &str = "(other)";

/// Share of a column's present cells that may fail to fit its kind before the column is refused
/// (the same share the schema allows when it detects a kind).
const MAX_INVALID: f64 = 0.05;

/// How one table column became feature columns.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FeatureInfo {
    /// Cells imputed: missing, or present but not fitting the kind.
    pub imputed: usize,
    /// What they were imputed with, in words ("median 120", "most frequent \"SaaS\"").
    pub imputed_with: String,
    /// `log1p` when the column was log-transformed before scaling.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transform: Option<String>,
    /// Columns of the feature matrix this column became.
    pub dims: usize,
    /// For a categorical column: the encoded values, most frequent first ("(other)" last).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<String>>,
    /// For a categorical column: the weight of its indicators.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
}

/// One table column in the matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct FeatureColumn {
    /// Table column index.
    pub column: usize,
    pub kind: Kind,
    /// First matrix column.
    pub start: usize,
    pub info: FeatureInfo,
}

/// The matrix k-means runs on, and what is needed to explain it.
#[derive(Debug, Clone)]
pub struct Features {
    /// Encoded and scaled values, one row per table row.
    pub x: Array2<f64>,
    pub columns: Vec<FeatureColumn>,
    /// A name for each matrix column: `spend`, `industry = SaaS`.
    pub names: Vec<String>,
}

/// Whether a kind can be a feature.
pub fn usable(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Numeric | Kind::Ordinal | Kind::Boolean | Kind::Categorical
    )
}

/// Which table columns are features: those named in `columns`, or every usable column, less
/// those in `exclude`.
pub fn select_columns(
    schema: &[ColumnSchema],
    options: &Checked,
) -> Result<Vec<usize>, ParamError> {
    let find = |option: &'static str, name: &str| {
        schema
            .iter()
            .position(|c| c.name == name)
            .ok_or_else(|| ParamError::UnknownColumn {
                option,
                name: name.to_owned(),
                available: schema
                    .iter()
                    .map(|c| c.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    };
    let mut excluded = Vec::new();
    for name in &options.exclude {
        excluded.push(find("exclude", name)?);
    }
    let chosen = match &options.columns {
        Some(names) => {
            let mut idx = Vec::new();
            for name in names {
                let i = find("columns", name)?;
                if !usable(schema[i].kind) {
                    return Err(ParamError::NotUsable {
                        option: "columns",
                        name: name.clone(),
                        kind: schema[i].kind.as_str().to_owned(),
                    });
                }
                if !idx.contains(&i) {
                    idx.push(i);
                }
            }
            idx
        }
        None => (0..schema.len())
            .filter(|&i| usable(schema[i].kind))
            .collect(),
    };
    Ok(chosen
        .into_iter()
        .filter(|i| !excluded.contains(i))
        .collect())
}

/// A column's values as numbers (`NAN` where missing or not a number), and how many were not.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub values: Vec<f64>,
    pub missing: usize,
    /// Present cells that did not fit, with the first one's row.
    pub invalid: usize,
    pub first_invalid: Option<usize>,
}

impl Parsed {
    fn from_cells<'a>(
        cells: impl Iterator<Item = &'a str>,
        mut value: impl FnMut(&str) -> Option<f64>,
    ) -> Parsed {
        let mut p = Parsed {
            values: Vec::new(),
            missing: 0,
            invalid: 0,
            first_invalid: None,
        };
        for (r, cell) in cells.enumerate() {
            if is_missing(cell) {
                p.missing += 1;
                p.values.push(f64::NAN);
                continue;
            }
            match value(cell) {
                Some(v) if v.is_finite() => p.values.push(v),
                _ => {
                    p.invalid += 1;
                    p.first_invalid.get_or_insert(r);
                    p.values.push(f64::NAN);
                }
            }
        }
        p
    }

    /// Refuses the column when more than 5% of its present cells did not fit, naming the first.
    fn check(&self, table: &Table, c: usize, kind: Kind) -> Result<()> {
        let Some(first) = self.first_invalid else {
            return Ok(());
        };
        let present = self.values.len() - self.missing;
        if (self.invalid as f64) <= MAX_INVALID * present as f64 {
            return Ok(());
        }
        let value = table.column(c).get(first).to_owned();
        let row = table.record_of_row.get(first).map_or(0, |&r| r as u64 + 1);
        let column = table.headers[c].clone();
        let more = self.invalid - 1;
        Err(match kind {
            Kind::Numeric => Error::NotANumber {
                row,
                column,
                value,
                more,
            },
            _ => Error::NotOfKind {
                row,
                column,
                value,
                expected: if kind == Kind::Boolean {
                    "a yes/no value"
                } else {
                    "one of the column's bands"
                },
                more,
            },
        })
    }
}

/// A numeric column parsed in the file's number format.
pub fn numeric_values(table: &Table, c: usize) -> Parsed {
    let format = table.dialect.number;
    Parsed::from_cells(table.column(c).iter(), |cell| parse_number(cell, format))
}

/// Builds the feature matrix for the chosen columns.
pub fn build(
    table: &Table,
    schema: &[ColumnSchema],
    columns: &[usize],
    scale: Scale,
    log: LogChoice,
) -> Result<Features> {
    build_with(table, schema, columns, scale, log, &[])
}

/// `build`, reusing numeric columns already parsed (`(table column, parsed)`): the analysis
/// parses every numeric column once, for the features and the profiles alike.
pub fn build_with(
    table: &Table,
    schema: &[ColumnSchema],
    columns: &[usize],
    scale: Scale,
    log: LogChoice,
    parsed: &[(usize, Parsed)],
) -> Result<Features> {
    let n = table.rows();
    if columns.is_empty() {
        return Err(Error::NoFeatures(
            "every column is excluded, or is an identifier, a date or free text".into(),
        ));
    }
    let mut blocks: Vec<(FeatureColumn, Vec<Vec<f64>>, Vec<String>)> = Vec::new();
    let mut start = 0;
    for &c in columns {
        let kind = schema[c].kind;
        let name = &table.headers[c];
        let (info, dims, names) = match kind {
            Kind::Categorical => categorical(table, c, scale)?,
            _ => {
                let parsed = match kind {
                    Kind::Ordinal => {
                        let levels = schema[c].levels.as_deref().unwrap_or(&[]);
                        let rank: HashMap<&str, f64> = levels
                            .iter()
                            .enumerate()
                            .map(|(i, l)| (l.trim(), i as f64))
                            .collect();
                        Parsed::from_cells(table.column(c).iter(), |cell| {
                            rank.get(cell.trim()).copied()
                        })
                    }
                    Kind::Boolean => Parsed::from_cells(table.column(c).iter(), |cell| {
                        parse_bool(cell).map(|b| if b { 1.0 } else { 0.0 })
                    }),
                    _ => match parsed.iter().find(|(pc, _)| *pc == c) {
                        Some((_, p)) => p.clone(),
                        None => numeric_values(table, c),
                    },
                };
                parsed.check(table, c, kind)?;
                let levels = schema[c].levels.as_deref();
                let (info, values) = numeric(parsed, kind, scale, log, levels)
                    .ok_or_else(|| Error::NoFeatures(format!("column \"{name}\" has no values")))?;
                (info, vec![values], vec![name.clone()])
            }
        };
        let width = dims.len();
        blocks.push((
            FeatureColumn {
                column: c,
                kind,
                start,
                info,
            },
            dims,
            names,
        ));
        start += width;
    }
    let mut x = Array2::<f64>::zeros((n, start));
    let mut feature_columns = Vec::with_capacity(blocks.len());
    let mut names = Vec::with_capacity(start);
    for (fc, dims, dim_names) in blocks {
        for (j, values) in dims.into_iter().enumerate() {
            for (slot, v) in x.column_mut(fc.start + j).iter_mut().zip(values) {
                *slot = v;
            }
        }
        names.extend(dim_names);
        feature_columns.push(fc);
    }
    Ok(Features {
        x,
        columns: feature_columns,
        names,
    })
}

/// Numbers, ranks and yes/no: impute the median, maybe take the log, scale.
fn numeric(
    parsed: Parsed,
    kind: Kind,
    scale: Scale,
    log: LogChoice,
    levels: Option<&[String]>,
) -> Option<(FeatureInfo, Vec<f64>)> {
    let imputed = parsed.missing + parsed.invalid;
    let mut values = parsed.values;
    let mut present: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
    if present.is_empty() {
        return None;
    }
    present.sort_by(f64::total_cmp);
    let median = quantile(&present, 0.5);
    for v in values.iter_mut().filter(|v| v.is_nan()) {
        *v = median;
    }
    let mut transform = None;
    if kind == Kind::Numeric && log != LogChoice::None && present[0] >= 0.0 {
        let skew = skewness(&present);
        if log == LogChoice::All || skew >= LOG_MIN_SKEW {
            let logged: Vec<f64> = present.iter().map(|&v| libm::log1p(v)).collect();
            if log == LogChoice::All || skewness(&logged).abs() < skew {
                transform = Some("log1p".to_owned());
                for v in values.iter_mut() {
                    *v = libm::log1p(*v);
                }
                present = logged;
            }
        }
    }
    let (center, spread) = match scale {
        Scale::Zscore => zscore(&values),
        // A yes/no column has no useful interquartile range: it is z-scored whatever the scale.
        Scale::Robust if kind == Kind::Boolean => zscore(&values),
        Scale::Robust => (
            quantile(&present, 0.5),
            quantile(&present, 0.75) - quantile(&present, 0.25),
        ),
        Scale::None => (0.0, 1.0),
    };
    // A constant column carries no information; scaling it by 1 keeps it at zero after centring.
    let spread = if spread > 0.0 && spread.is_finite() {
        spread
    } else {
        1.0
    };
    for v in values.iter_mut() {
        *v = (*v - center) / spread;
    }
    let imputed_with = match kind {
        Kind::Boolean => format!("the median, {}", if median >= 0.5 { "yes" } else { "no" }),
        Kind::Ordinal => match levels.and_then(|l| l.get(median.round() as usize)) {
            Some(band) => format!("the median band, \"{band}\""),
            None => format!("the median rank, {median}"),
        },
        _ => format!("the median, {}", short(median)),
    };
    Some((
        FeatureInfo {
            imputed,
            imputed_with,
            transform,
            dims: 1,
            values: None,
            weight: None,
        },
        values,
    ))
}

fn zscore(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let var = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
    (mean, var.sqrt())
}

type Dims = (FeatureInfo, Vec<Vec<f64>>, Vec<String>);

/// One-hot with the variance weight; the most frequent value fills the gaps.
/// A column's values, most frequent first (ties by text): all of them, or the first
/// `MAX_LEVELS - 1` and `OTHER` when there are more than `MAX_LEVELS`. `codes` gives each row's
/// value index (`None` for a missing cell), `missing` counts those.
pub struct Levels {
    pub values: Vec<String>,
    pub codes: Vec<Option<usize>>,
    pub missing: usize,
}

pub fn levels(cells: crate::read::ColumnRef) -> Levels {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    let mut missing = 0;
    for cell in cells.iter() {
        if is_missing(cell) {
            missing += 1;
        } else {
            *counts.entry(cell.trim()).or_insert(0) += 1;
        }
    }
    let mut by_count: Vec<(&str, usize)> = counts.into_iter().collect();
    crate::util::order::sort_by(&mut by_count, |a, b| {
        b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0))
    });
    let kept = if by_count.len() > MAX_LEVELS {
        MAX_LEVELS - 1
    } else {
        by_count.len()
    };
    let index: HashMap<&str, usize> = by_count[..kept]
        .iter()
        .enumerate()
        .map(|(i, v)| (v.0, i))
        .collect();
    let codes = cells
        .iter()
        .map(|cell| (!is_missing(cell)).then(|| index.get(cell.trim()).copied().unwrap_or(kept)))
        .collect();
    let mut values: Vec<String> = by_count[..kept].iter().map(|v| v.0.to_owned()).collect();
    if by_count.len() > kept {
        values.push(OTHER.to_owned());
    }
    Levels {
        values,
        codes,
        missing,
    }
}

fn categorical(table: &Table, c: usize, scale: Scale) -> Result<Dims> {
    let Levels {
        values,
        codes,
        missing,
    } = levels(table.column(c));
    let name = &table.headers[c];
    if values.is_empty() {
        return Err(Error::NoFeatures(format!(
            "column \"{name}\" has no values"
        )));
    }
    // A missing cell takes the most frequent value, the first after sorting.
    let mode = 0;
    let codes: Vec<usize> = codes.into_iter().map(|c| c.unwrap_or(mode)).collect();
    let n = codes.len().max(1) as f64;
    let mut sizes = vec![0usize; values.len()];
    for &code in &codes {
        sizes[code] += 1;
    }
    let purity: f64 = sizes.iter().map(|&s| (s as f64 / n) * (s as f64 / n)).sum();
    let weight = match scale {
        Scale::None => 1.0,
        _ if purity < 1.0 => 1.0 / (1.0 - purity).sqrt(),
        // One value everywhere: nothing to tell rows apart with.
        _ => 0.0,
    };
    let mut dims = vec![vec![0.0; codes.len()]; values.len()];
    for (r, &code) in codes.iter().enumerate() {
        dims[code][r] = weight;
    }
    let names = values.iter().map(|v| format!("{name} = {v}")).collect();
    Ok((
        FeatureInfo {
            imputed: missing,
            imputed_with: format!("the most frequent value, \"{}\"", values[mode]),
            transform: None,
            dims: values.len(),
            values: Some(values),
            weight: Some(weight),
        },
        dims,
        names,
    ))
}

/// Hashed TF-IDF buckets per text column, before they are reduced.
pub const TEXT_BUCKETS: usize = 64;
/// A text column joins the features as this many principal axes of its hashed TF-IDF.
pub const TEXT_DIMS: usize = 5;

/// Appends a text column to the features: its hashed TF-IDF (`Corpus::embed`) reduced to its
/// `TEXT_DIMS` principal axes (a truncated SVD of the centred matrix), scaled so that the block's
/// total variance is `weight` squared: at weight 1 the column weighs as much as one numeric
/// column.
pub fn append_text(
    features: &mut Features,
    column: usize,
    name: &str,
    corpus: &crate::text::Corpus,
    weight: f64,
    seed: u64,
) {
    let tfidf = corpus.embed(TEXT_BUCKETS);
    let pca = crate::util::pca::Pca::fit_axes(tfidf.view(), seed, TEXT_DIMS);
    let total: f64 = pca.variance.iter().sum();
    let scale = if total > 0.0 {
        weight / total.sqrt()
    } else {
        0.0
    };
    let n = features.x.nrows();
    let d = features.x.ncols();
    let mut x = Array2::<f64>::zeros((n, d + TEXT_DIMS));
    x.slice_mut(ndarray::s![.., ..d]).assign(&features.x);
    for (r, row) in tfidf.rows().into_iter().enumerate() {
        for a in 0..TEXT_DIMS {
            x[[r, d + a]] = pca.coordinate(row, a) * scale;
        }
    }
    features.x = x;
    features.columns.push(FeatureColumn {
        column,
        kind: Kind::Text,
        start: d,
        info: FeatureInfo {
            imputed: 0,
            imputed_with: "nothing: a row without text has no terms".into(),
            transform: Some(format!(
                "tf-idf hashed into {TEXT_BUCKETS} buckets, {TEXT_DIMS} principal axes, weight {weight}"
            )),
            dims: TEXT_DIMS,
            values: None,
            weight: Some(weight),
        },
    });
    features
        .names
        .extend((1..=TEXT_DIMS).map(|a| format!("{name} (text axis {a})")));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::Options;
    use crate::read::read;
    use crate::schema::infer;

    fn table(csv: &str) -> (Table, Vec<ColumnSchema>) {
        let t = read(csv.as_bytes(), &Default::default()).unwrap();
        let s = infer(&t);
        (t, s)
    }

    fn build_all(csv: &str, scale: Scale, log: LogChoice) -> Result<Features> {
        let (t, s) = table(csv);
        let o = Options::default().check(0).unwrap();
        let cols = select_columns(&s, &o).unwrap();
        build(&t, &s, &cols, scale, log)
    }

    #[test]
    fn imputes_median_and_zscores() {
        // spend: 1, NA, 3, 5 -> median of present values 3 -> 1, 3, 3, 5; mean 3,
        // population variance (4 + 0 + 0 + 4) / 4 = 2, so z = (x - 3) / sqrt(2).
        let f = build_all("spend\n1\nNA\n3\n5\n", Scale::Zscore, LogChoice::Auto).unwrap();
        assert_eq!(f.columns.len(), 1);
        assert_eq!(f.columns[0].info.imputed, 1);
        assert_eq!(f.columns[0].info.imputed_with, "the median, 3");
        let r2 = 2f64.sqrt();
        let want = [-2.0 / r2, 0.0, 0.0, 2.0 / r2];
        for (got, want) in f.x.column(0).iter().zip(want) {
            assert!((got - want).abs() < 1e-12);
        }
    }

    #[test]
    fn robust_scale_uses_median_and_iqr() {
        // 1, 2, 3, 4, 100: median 3, q1 2, q3 4, IQR 2 -> (x - 3) / 2
        let f = build_all("v\n1\n2\n3\n4\n100\n", Scale::Robust, LogChoice::None).unwrap();
        assert_eq!(f.x.column(0).to_vec(), [-1.0, -0.5, 0.0, 0.5, 48.5]);
    }

    #[test]
    fn skewed_positive_columns_are_logged_and_reported() {
        // Spend 1, 2, 4, ... 2^18: skewness 2.81 (scipy.stats.skew), 0.07 after log1p -> logged.
        // Age 20..38 is not skewed. Rows are shuffled (i x 7 mod 19) so that neither column
        // increases row by row like an identifier; 2^0 is row 0, 2^18 row 8.
        let mut csv = String::from("spend,age\n");
        for i in 0..19 {
            csv.push_str(&format!("{},{}\n", 1u32 << (i * 7 % 19), 20 + i * 5 % 19));
        }
        let f = build_all(&csv, Scale::None, LogChoice::Auto).unwrap();
        assert_eq!(f.columns[0].info.transform.as_deref(), Some("log1p"));
        assert_eq!(f.columns[1].info.transform, None);
        assert_eq!(f.x[[0, 0]], libm::log(2.0));
        assert_eq!(f.x[[8, 0]], libm::log(262_145.0));
        // Not with log = none, and never with a negative value.
        let f = build_all(&csv, Scale::None, LogChoice::None).unwrap();
        assert_eq!(f.columns[0].info.transform, None);
        let f = build_all(
            &csv.replacen("\n1,", "\n-1,", 1),
            Scale::None,
            LogChoice::Auto,
        );
        assert_eq!(f.unwrap().columns[0].info.transform, None);
        // log = all: the unskewed age too, and still never a column with a negative value.
        let f = build_all(&csv, Scale::None, LogChoice::All).unwrap();
        assert_eq!(f.columns[1].info.transform.as_deref(), Some("log1p"));
        assert_eq!(f.x[[0, 1]], libm::log1p(20.0));
        let f = build_all(
            &csv.replacen("\n1,", "\n-1,", 1),
            Scale::None,
            LogChoice::All,
        );
        assert_eq!(f.unwrap().columns[0].info.transform, None);
    }

    #[test]
    fn categories_are_one_hot_and_weigh_like_one_numeric_column() {
        // city: A A B B (shares 1/2, 1/2): sum p² = 1/2 -> weight sqrt(2). Two rows of different
        // cities are 2 x 2 = 4 apart, squared, as two rows at -1 and +1 of a z-scored column.
        let f = build_all(
            "city,n\nA,1\nA,2\nB,3\nB,4\n",
            Scale::Zscore,
            LogChoice::None,
        )
        .unwrap();
        assert_eq!(f.names, ["city = A", "city = B", "n"]);
        let w = 2f64.sqrt();
        assert!((f.columns[0].info.weight.unwrap() - w).abs() < 1e-15);
        let w = f.columns[0].info.weight.unwrap();
        assert_eq!(f.x.row(0).to_vec()[..2], [w, 0.0]);
        assert_eq!(f.x.row(2).to_vec()[..2], [0.0, w]);
        // Total variance of the two indicator columns: 1.
        let var: f64 = (0..2)
            .map(|j| {
                let c = f.x.column(j);
                let m = c.mean().unwrap();
                c.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / 4.0
            })
            .sum();
        assert!((var - 1.0).abs() < 1e-12);
    }

    #[test]
    fn a_missing_category_takes_the_most_frequent_value() {
        let f = build_all(
            "plan,n\nPro,1\nPro,2\nFree,3\n,4\nPro,5\nFree,6\n",
            Scale::Zscore,
            LogChoice::None,
        )
        .unwrap();
        assert_eq!(f.columns[0].info.imputed, 1);
        assert_eq!(
            f.columns[0].info.imputed_with,
            "the most frequent value, \"Pro\""
        );
        assert!(f.x[[3, 0]] > 0.0 && f.x[[3, 1]] == 0.0);
    }

    #[test]
    fn more_than_thirty_values_keep_29_and_other() {
        // 40 cities: c00 x 41, c01 x 40, ... c39 x 2: c00..c28 kept, c29..c39 become "other".
        let mut csv = String::from("city,n\n");
        for i in 0..40 {
            for _ in 0..(41 - i) {
                csv.push_str(&format!("c{i:02},{i}\n"));
            }
        }
        let f = build_all(&csv, Scale::Zscore, LogChoice::None).unwrap();
        let values = f.columns[0].info.values.as_ref().unwrap();
        assert_eq!(values.len(), 30);
        assert_eq!(values[28], "c28");
        assert_eq!(values[29], OTHER);
        // The last row is c39: "other".
        let last = f.x.nrows() - 1;
        assert!(f.x[[last, 29]] > 0.0);
    }

    #[test]
    fn ordinal_bands_are_ranks_and_booleans_zero_one() {
        // Bands 1-10 < 11-50 < 51-200 -> ranks 0, 1, 2; scale none keeps them.
        let f = build_all(
            "size,active\n11-50,yes\n1-10,no\n51-200,yes\n1-10,no\n",
            Scale::None,
            LogChoice::None,
        )
        .unwrap();
        assert_eq!(f.columns[0].kind, Kind::Ordinal);
        assert_eq!(f.x.column(0).to_vec(), [1.0, 0.0, 2.0, 0.0]);
        assert_eq!(f.columns[1].kind, Kind::Boolean);
        assert_eq!(f.x.column(1).to_vec(), [1.0, 0.0, 1.0, 0.0]);
    }

    #[test]
    fn constant_column_becomes_zero() {
        let f = build_all("v,w\n5,1\n5,2\n", Scale::Zscore, LogChoice::None).unwrap();
        assert_eq!(f.x.column(0).to_vec(), [0.0, 0.0]);
    }

    #[test]
    fn a_few_invalid_cells_are_imputed_many_are_refused_by_row_and_column() {
        // 20 rows, one "abc": 5% of 20 -> imputed with the median of the rest (5).
        let mut csv = String::from("spend\n");
        for i in 0..20 {
            csv.push_str(if i == 13 { "abc\n" } else { "5\n" });
        }
        let (t, s) = table(&csv);
        let f = build(&t, &s, &[0], Scale::None, LogChoice::None).unwrap();
        assert_eq!(f.columns[0].info.imputed, 1);
        assert_eq!(f.x[[13, 0]], 5.0);
        // Two of four is too many: the error names the first.
        let (t, mut s) = table("spend,x\n1,a\nn/b,b\n3,c\nfoo,d\n");
        s[0].kind = Kind::Numeric;
        let e = build(&t, &s, &[0], Scale::None, LogChoice::None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "row 2, column \"spend\": \"n/b\" is not a number (and 1 more cell)"
        );
    }

    #[test]
    fn names_unknown_and_unusable_columns() {
        let (_, mut s) = table("spend,id,city\n1,a1,A\n2,a2,B\n3,a3,A\n");
        s[1].kind = Kind::Identifier;
        let mut o = Options::default().check(0).unwrap();
        assert_eq!(select_columns(&s, &o).unwrap(), [0, 2]);
        o.columns = Some(vec!["id".into()]);
        let e = select_columns(&s, &o).unwrap_err();
        assert!(e.to_string().contains("\"id\" is identifier"), "{e}");
        o.columns = Some(vec!["age".into()]);
        let e = select_columns(&s, &o).unwrap_err();
        assert!(e.to_string().contains("no column named \"age\""), "{e}");
        o.columns = None;
        o.exclude = vec!["spend".into(), "city".into()];
        assert!(select_columns(&s, &o).unwrap().is_empty());
    }
}
