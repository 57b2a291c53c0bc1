//! From table to feature matrix, in two steps: `fit` learns every transform from the data into a
//! plain [`FeatureModel`] (which serializes), and `encode` applies it to rows. Which columns take
//! part is `select`'s; how number-like cells are read, `parsed`'s; a categorical column's
//! values, `levels`'.
//!
//! Each usable column becomes one or more columns of the matrix k-means runs on:
//!
//! - numeric: parsed in the file's number format; a heavily skewed column of values that are
//!   never negative (spend, headcount) is replaced by `ln(1 + x)` when `log` is `auto` (its
//!   skewness is at least `LOG_MIN_SKEW` and the log lowers it, or at least
//!   `LOG_MIN_SKEW_SYMMETRIC` and the log halves it); then scaled.
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
//! keywords, unless `textWeight` makes each text column five hashed TF-IDF axes; dates wait for
//! recency). A missing cell, or a present one that does not fit the kind (at most 5% of a column),
//! is imputed (the median for numbers, ranks and yes/no; the most frequent value for
//! categories) and counted. Scaling is z-score (population standard deviation, as scikit-learn's
//! StandardScaler), robust (median and interquartile range) or none; a constant column scales to
//! zeros.

pub mod check;
pub mod days;
pub mod encode;
pub mod fit;
pub mod levels;
pub mod model;
pub mod parsed;
pub mod plan;
pub mod select;
pub mod settings;
pub mod structure;

use ndarray::Array2;

pub use encode::{encode, Category, CategoryIndex, Reuse};
pub use fit::{fit, fit_plan, FeatureColumn, FeatureInfo, Fitted, TextColumn};
pub use levels::levels;
pub use parsed::{numeric_values, Parsed};
pub use plan::{plan, LensReport, Plan};
pub use select::{select_columns, usable};
pub use settings::{FeatureSettings, LensChoice, LogChoice, Scale};

use crate::error::Result;
use crate::read::Table;
use crate::schema::ColumnSchema;

/// The matrix k-means runs on, and what is needed to explain it.
#[derive(Debug, Clone)]
pub struct Features {
    /// Encoded and scaled values, one row per table row.
    pub x: Array2<f64>,
    pub columns: Vec<FeatureColumn>,
    /// A name for each matrix column: `spend`, `industry = SaaS`.
    pub names: Vec<String>,
}

/// The fit and the encode in one, on the columns given, without text: for examples and tests.
pub fn build(
    table: &Table,
    schema: &[ColumnSchema],
    columns: &[usize],
    scale: Scale,
    log: LogChoice,
) -> Result<Features> {
    let settings = FeatureSettings {
        scale,
        log,
        ..FeatureSettings::default()
    };
    let fitted = fit(table, schema, columns, &settings, &[])?;
    let x = encode(&fitted.model, table, &Reuse::default())?;
    Ok(Features {
        x,
        columns: fitted.columns,
        names: fitted.names,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::fit::TEXT_DIMS;
    use crate::features::levels::OTHER;
    use crate::features::model::FeatureModel;
    use crate::read::read;
    use crate::schema::{infer, Kind};

    fn table(csv: &str) -> (Table, Vec<ColumnSchema>) {
        let t = read(csv.as_bytes(), &Default::default()).unwrap();
        let s = infer(&t);
        (t, s)
    }

    fn build_all(csv: &str, scale: Scale, log: LogChoice) -> Result<Features> {
        let (t, s) = table(csv);
        let o = FeatureSettings::default();
        let cols = select_columns(&s, o.columns.as_deref(), &o.exclude).unwrap();
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
        assert_eq!(
            e.position(),
            Some(&crate::error::Position {
                record: Some(2),
                line: 3,
                column: Some(0),
            })
        );
    }

    #[test]
    fn names_unknown_and_unusable_columns() {
        let (_, mut s) = table("spend,id,city\n1,a1,A\n2,a2,B\n3,a3,A\n");
        s[1].kind = Kind::Identifier;
        let mut o = FeatureSettings::default();
        assert_eq!(
            select_columns(&s, o.columns.as_deref(), &o.exclude).unwrap(),
            [0, 2]
        );
        o.columns = Some(vec!["id".into()]);
        let e = select_columns(&s, o.columns.as_deref(), &o.exclude).unwrap_err();
        assert!(e.to_string().contains("\"id\" is identifier"), "{e}");
        o.columns = Some(vec!["age".into()]);
        let e = select_columns(&s, o.columns.as_deref(), &o.exclude).unwrap_err();
        assert!(e.to_string().contains("no column named \"age\""), "{e}");
        o.columns = None;
        o.exclude = vec!["spend".into(), "city".into()];
        assert!(select_columns(&s, o.columns.as_deref(), &o.exclude)
            .unwrap()
            .is_empty());
    }

    #[test]
    fn a_list_is_one_indicator_per_frequent_item_and_weighs_like_one_column() {
        // Items in 2 rows or more of 10: newsletter (rows 0, 1, 4, 6, 9: p = 0.5) and VIP (rows
        // 0, 3, 4 as "VIP", "vip", "VIP": p = 0.3); x1 is in one row only. Weight
        // 1 / sqrt(0.5 x 0.5 + 0.3 x 0.7) = 1 / sqrt(0.46). Blank cells hold no items.
        let (t, mut s) = table(
            "tags,n\n\"VIP, newsletter\",1\nnewsletter,2\n,3\nvip,4\n\"Newsletter, VIP\",5\n\
             ,6\nnewsletter,7\nx1,8\n,9\nnewsletter,10\n",
        );
        s[0].kind = Kind::List;
        s[0].separator = Some(',');
        let f = build(&t, &s, &[0], Scale::Zscore, LogChoice::None).unwrap();
        assert_eq!(f.names, ["tags contains newsletter", "tags contains VIP"]);
        let info = &f.columns[0].info;
        assert_eq!(info.values.as_deref().unwrap(), ["newsletter", "VIP"]);
        assert_eq!(info.imputed, 0);
        assert!(
            info.transform
                .as_deref()
                .unwrap()
                .ends_with("; 1 rarer item (in 1 cell) left out"),
            "{info:?}"
        );
        let w = 1.0 / 0.46f64.sqrt();
        assert!((info.weight.unwrap() - w).abs() < 1e-12);
        let w = info.weight.unwrap();
        assert_eq!(f.x.row(0).to_vec(), [w, w]);
        assert_eq!(f.x.row(2).to_vec(), [0.0, 0.0]);
        assert_eq!(f.x.row(3).to_vec(), [0.0, w]);
        assert_eq!(f.x.row(7).to_vec(), [0.0, 0.0]);
        // The block's total variance is 1, a z-scored number's.
        let var: f64 = (0..2)
            .map(|j| {
                let c = f.x.column(j);
                let m = c.mean().unwrap();
                c.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / 10.0
            })
            .sum();
        assert!((var - 1.0).abs() < 1e-12);
    }

    /// Under lens auto, a tag given at random (linked to no other column) is left out of the
    /// features, and a tag that goes with spend is kept.
    #[test]
    fn a_list_item_linked_to_no_other_column_is_left_out() {
        let mut csv = String::from("spend,visits,tags\n");
        for i in 0..300 {
            let big = i % 3 == 0;
            let spend = if big { 900 + i % 50 } else { 20 + i % 40 };
            let visits = if big { 30 + i % 7 } else { 2 + i % 5 };
            // VIP goes with the big spenders; newsletter is every other row, whoever they are.
            let tags = match (big, i % 2 == 0) {
                (true, true) => "\"VIP, newsletter\"",
                (true, false) => "VIP",
                (false, true) => "newsletter",
                (false, false) => "",
            };
            csv.push_str(&format!("{spend},{visits},{tags}\n"));
        }
        let (t, s) = table(&csv);
        assert_eq!(s[2].kind, Kind::List, "{}", s[2].evidence);
        let settings = FeatureSettings::default();
        let p = plan(&t, &s, &settings, &[]).unwrap();
        assert_eq!(p.items_left_out, [(2, vec!["newsletter".to_owned()])]);
        assert!(
            p.parts[2].why.ends_with("left out: newsletter"),
            "{}",
            p.parts[2].why
        );
        let f = fit_plan(&t, &s, &p, &settings, &[]).unwrap();
        assert_eq!(f.columns[2].info.values.as_deref().unwrap(), ["VIP"]);
    }

    /// A table with every kind of feature and a text column, fitted with text as features.
    fn fit_all(csv: &str) -> (Table, Fitted, Array2<f64>) {
        let (t, s) = table(csv);
        let settings = FeatureSettings {
            text_weight: 1.0,
            ..FeatureSettings::default()
        };
        let cols = select_columns(&s, None, &[]).unwrap();
        let mut fitted = fit(&t, &s, &cols, &settings, &[]).unwrap();
        let notes = t.headers.iter().position(|h| h == "notes").unwrap();
        let reading = crate::text::CorpusSettings::default();
        let corpus = crate::text::Corpus::read(t.column(notes).iter(), &reading);
        let column = TextColumn {
            column: notes,
            corpus: &corpus,
            settings: &reading,
        };
        fitted.add_text(&t, &column, 1.0, 7);
        let x = encode(
            &fitted.model,
            &t,
            &Reuse {
                numeric: &[],
                corpora: &[(notes, &corpus)],
            },
        )
        .unwrap();
        (t, fitted, x)
    }

    const MIXED: &str = "spend,size,active,plan,notes\n\
        120,1-10,yes,Pro,loves the api and the webhooks\n\
        80,11-50,no,Free,coupons and loyalty points please\n\
        NA,1-10,yes,Pro,the api docs again\n\
        4000,51-200,no,,coupons coupons and more coupons\n\
        95,11-50,yes,Free,webhooks for the api\n\
        150,1-10,no,Pro,loyalty points and coupons\n";

    #[test]
    fn the_fitted_model_serializes_and_encodes_the_same_matrix_bit_for_bit() {
        let (t, fitted, x) = fit_all(MIXED);
        assert_eq!(x.ncols(), 1 + 1 + 1 + 2 + TEXT_DIMS);
        let json = serde_json::to_string(&fitted.model).unwrap();
        let back: FeatureModel = serde_json::from_str(&json).unwrap();
        assert_eq!(back, fitted.model);
        // Without the columns read already: encode parses the numbers and reads the text itself.
        let again = encode(&back, &t, &Reuse::default()).unwrap();
        let bits = |m: &Array2<f64>| m.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&again), bits(&x));
    }

    #[test]
    fn encode_finds_columns_by_name_and_each_row_on_its_own() {
        // The same customers in reverse order and with the columns reordered encode to the same
        // rows, reversed: nothing of a row's encoding depends on the other rows.
        let (_, fitted, x) = fit_all(MIXED);
        let mut lines: Vec<&str> = MIXED.lines().collect();
        let rows: Vec<Vec<&str>> = lines
            .split_off(1)
            .iter()
            .rev()
            .map(|l| l.splitn(5, ',').collect())
            .collect();
        let mut csv = String::from("notes,plan,active,size,spend\n");
        for r in &rows {
            csv.push_str(&format!("{},{},{},{},{}\n", r[4], r[3], r[2], r[1], r[0]));
        }
        let (other, _) = table(&csv);
        let y = encode(&fitted.model, &other, &Reuse::default()).unwrap();
        let n = x.nrows();
        for r in 0..n {
            assert_eq!(y.row(r), x.row(n - 1 - r), "row {r}");
        }
        // A file without one of the columns is refused, naming it.
        let (short, _) = table("spend,size\n1,1-10\n2,11-50\n");
        let e = encode(&fitted.model, &short, &Reuse::default()).unwrap_err();
        assert!(e.to_string().contains("no column \"active\""), "{e}");
    }
}
