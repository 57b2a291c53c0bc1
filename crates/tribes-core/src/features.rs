//! From table to feature matrix: choose the columns, parse, impute, scale.
//!
//! This version uses numeric columns. A missing cell is imputed with its column's median and
//! counted. Scaling is z-score (population standard deviation, as scikit-learn's StandardScaler),
//! robust (median and interquartile range) or none; a constant column scales to zeros.

use ndarray::Array2;

use crate::error::{Error, ParamError, Result};
use crate::ingest::Table;
use crate::options::{Checked, Scale};
use crate::schema::{is_missing, ColumnSchema, Kind};
use crate::values::parse_number;

/// The matrix k-means runs on, and what is needed to explain it.
#[derive(Debug, Clone)]
pub struct Features {
    /// Scaled values, one row per table row.
    pub x: Array2<f64>,
    /// Unscaled values with missing cells imputed (for profiles).
    pub raw: Array2<f64>,
    /// Table column index of each feature.
    pub columns: Vec<usize>,
    /// Imputed cells per feature.
    pub imputed: Vec<usize>,
}

/// Which table columns are features: those named in `columns`, or every numeric column, less
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
                if schema[i].kind != Kind::Numeric {
                    return Err(ParamError::NotNumeric {
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
            .filter(|&i| schema[i].kind == Kind::Numeric)
            .collect(),
    };
    Ok(chosen
        .into_iter()
        .filter(|i| !excluded.contains(i))
        .collect())
}

/// Share of a numeric column's present cells that may fail to parse before the column is refused
/// (the same share the schema allows when it detects a numeric column).
const MAX_INVALID: f64 = 0.05;

/// Builds the feature matrix for the chosen columns. Cells that are missing, or present but not
/// numbers (at most 5% of a column), are imputed with the column's median and counted.
pub fn build(table: &Table, columns: &[usize], scale: Scale) -> Result<Features> {
    let format = table.dialect.number;
    let n = table.rows();
    let d = columns.len();
    if d == 0 {
        return Err(Error::NoFeatures(
            "the file has no numeric column that is not excluded (this version segments on numbers)"
                .into(),
        ));
    }
    let mut raw = Array2::<f64>::zeros((n, d));
    let mut x = Array2::<f64>::zeros((n, d));
    let mut imputed = Vec::with_capacity(d);
    for (j, &c) in columns.iter().enumerate() {
        let cells = table.column(c);
        let mut values = Vec::with_capacity(n);
        let mut gaps = Vec::new();
        let mut invalid: Option<(usize, usize)> = None; // (first row, count)
        for (r, cell) in cells.iter().enumerate() {
            if is_missing(cell) {
                gaps.push(r);
                values.push(f64::NAN);
                continue;
            }
            match parse_number(cell, format) {
                Some(v) => values.push(v),
                None => {
                    invalid = Some(invalid.map_or((r, 1), |(first, k)| (first, k + 1)));
                    gaps.push(r);
                    values.push(f64::NAN);
                }
            }
        }
        if let Some((first, count)) = invalid {
            let present = n - gaps.len() + count;
            if count as f64 > MAX_INVALID * present as f64 {
                return Err(Error::NotANumber {
                    row: table.record_of_row[first] as u64 + 1,
                    column: table.headers[c].clone(),
                    value: cells[first].to_owned(),
                    more: count - 1,
                });
            }
        }
        let mut present: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
        if present.is_empty() {
            return Err(Error::NoFeatures(format!(
                "column \"{}\" has no values",
                table.headers[c]
            )));
        }
        present.sort_by(f64::total_cmp);
        let median = quantile(&present, 0.5);
        for &r in &gaps {
            values[r] = median;
        }
        imputed.push(gaps.len());
        let (center, spread) = match scale {
            Scale::Zscore => {
                let mean = values.iter().sum::<f64>() / n as f64;
                let var = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n as f64;
                (mean, var.sqrt())
            }
            Scale::Robust => (median, quantile(&present, 0.75) - quantile(&present, 0.25)),
            Scale::None => (0.0, 1.0),
        };
        // A constant column carries no information; scaling it by 1 keeps it at zero after centring.
        let spread = if spread > 0.0 && spread.is_finite() {
            spread
        } else {
            1.0
        };
        for (r, v) in values.into_iter().enumerate() {
            raw[[r, j]] = v;
            x[[r, j]] = (v - center) / spread;
        }
    }
    Ok(Features {
        x,
        raw,
        columns: columns.to_vec(),
        imputed,
    })
}

/// Linear-interpolated quantile of sorted values (numpy's default), `q` in [0, 1].
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::read;
    use crate::options::Options;
    use crate::schema::infer;

    #[test]
    fn quantiles_match_numpy() {
        // numpy.quantile([1, 2, 3, 4], [0.25, 0.5, 0.75]) = [1.75, 2.5, 3.25]
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&v, 0.25), 1.75);
        assert_eq!(quantile(&v, 0.5), 2.5);
        assert_eq!(quantile(&v, 0.75), 3.25);
    }

    #[test]
    fn imputes_median_and_zscores() {
        // spend: 1, NA, 3, 5 -> median of present values 3 -> 1, 3, 3, 5; mean 3,
        // population variance (4 + 0 + 0 + 4) / 4 = 2, so z = (x - 3) / sqrt(2).
        let t = read(b"spend,city\n1,A\nNA,B\n3,A\n5,B\n", &Default::default()).unwrap();
        let s = infer(&t);
        let o = Options::default().check(0).unwrap();
        let cols = select_columns(&s, &o).unwrap();
        assert_eq!(cols, [0]);
        let f = build(&t, &cols, Scale::Zscore).unwrap();
        assert_eq!(f.imputed, [1]);
        assert_eq!(f.raw.column(0).to_vec(), [1.0, 3.0, 3.0, 5.0]);
        let r2 = 2f64.sqrt();
        let want = [-2.0 / r2, 0.0, 0.0, 2.0 / r2];
        for (got, want) in f.x.column(0).iter().zip(want) {
            assert!((got - want).abs() < 1e-12);
        }
    }

    #[test]
    fn robust_scale_uses_median_and_iqr() {
        // 1, 2, 3, 4, 100: median 3, q1 2, q3 4, IQR 2 -> (x - 3) / 2
        let t = read(b"v\n1\n2\n3\n4\n100\n", &Default::default()).unwrap();
        let f = build(&t, &[0], Scale::Robust).unwrap();
        assert_eq!(f.x.column(0).to_vec(), [-1.0, -0.5, 0.0, 0.5, 48.5]);
    }

    #[test]
    fn constant_column_becomes_zero() {
        let t = read(b"v,w\n5,1\n5,2\n", &Default::default()).unwrap();
        let f = build(&t, &[0], Scale::Zscore).unwrap();
        assert_eq!(f.x.column(0).to_vec(), [0.0, 0.0]);
    }

    #[test]
    fn a_few_invalid_cells_are_imputed_many_are_refused_by_row_and_column() {
        // 20 rows, one "abc": 5% of 20 -> imputed with the median of the rest (5).
        let mut csv = String::from("spend\n");
        for i in 0..20 {
            csv.push_str(if i == 13 { "abc\n" } else { "5\n" });
        }
        let t = read(csv.as_bytes(), &Default::default()).unwrap();
        let f = build(&t, &[0], Scale::None).unwrap();
        assert_eq!(f.imputed, [1]);
        assert_eq!(f.raw[[13, 0]], 5.0);
        // Two of four is too many: the error names the first.
        let t = read(b"spend,x\n1,a\nn/b,b\n3,c\nfoo,d\n", &Default::default()).unwrap();
        let e = build(&t, &[0], Scale::None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "row 2, column \"spend\": \"n/b\" is not a number (and 1 more cell)"
        );
    }

    #[test]
    fn names_unknown_and_non_numeric_columns() {
        let t = read(b"spend,city\n1,A\n2,B\n", &Default::default()).unwrap();
        let s = infer(&t);
        let mut o = Options::default().check(0).unwrap();
        o.columns = Some(vec!["city".into()]);
        let e = select_columns(&s, &o).unwrap_err();
        assert!(e.to_string().contains("\"city\" is categorical"), "{e}");
        o.columns = Some(vec!["age".into()]);
        let e = select_columns(&s, &o).unwrap_err();
        assert!(e.to_string().contains("no column named \"age\""), "{e}");
        o.columns = None;
        o.exclude = vec!["spend".into()];
        assert!(select_columns(&s, &o).unwrap().is_empty());
    }
}
