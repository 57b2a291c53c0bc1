//! The fit: every transform of the features learned from the data, as a [`FeatureModel`], with
//! what each column became, in words and numbers, for the result ([`FeatureInfo`]).
//!
//! The matrix itself comes from [`super::encode::encode`], which applies the model to rows; the
//! fit only looks at the data to learn (medians, skewness, scales, levels, weights, the text's
//! vocabulary and axes).

use serde::Serialize;

use super::days::{days_since, DaysTo};
use super::levels::{levels, Levels};
use super::model::{ColumnTransform, Encoding, FeatureModel, NumberRead};
use super::parsed::{numeric_values, ranks, yes_no, Parsed};
use super::plan::Plan;
use super::settings::{log_helps, FeatureSettings, LogChoice, Scale};
use crate::error::{Error, Result};
use crate::read::Table;
use crate::schema::{ColumnSchema, Kind};
use crate::text::{Corpus, CorpusSettings};
use crate::util::pca::Pca;
use crate::util::stats::{mean_and_sd, quantile, short};

/// The largest magnitude a scaled value may have: k-means sums squared differences over the
/// columns and values over the rows, and (2 x 1e100)^2 summed over a million columns is still far
/// below the largest f64. z-scores never come near it; unscaled or robust-scaled values of
/// 1e100 and more do, and are refused, naming the column.
pub const MAX_SCALED: f64 = 1e100;

/// Hashed TF-IDF buckets per text column, before they are reduced.
pub const TEXT_BUCKETS: usize = 64;
// A text column's axes are found exactly, in every build: the embeddable one has no other
// method (`util::pca`).
const _: () = assert!(TEXT_BUCKETS <= crate::util::pca::EXACT_DIMS);
/// A text column joins the features as this many principal axes of its hashed TF-IDF.
pub const TEXT_DIMS: usize = 5;

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
    /// For a categorical column: the encoded values, most frequent first ("(other)" last); for a
    /// list column, its items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<String>>,
    /// For a categorical or list column: the weight of its indicators; for a column sharing a concept
    /// with others, the factor its distances are multiplied by (`1 / sqrt(m)` of m columns).
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

/// What the fit learned, and how each column is reported.
#[derive(Debug, Clone, PartialEq)]
pub struct Fitted {
    pub model: FeatureModel,
    pub columns: Vec<FeatureColumn>,
    /// A name for each matrix column: `spend`, `industry = SaaS`.
    pub names: Vec<String>,
}

/// A free-text column to fit as features, already read.
pub struct TextColumn<'a> {
    /// Table column index.
    pub column: usize,
    pub corpus: &'a Corpus,
    /// How it was read (kept in the model, to read other rows alike).
    pub settings: &'a CorpusSettings,
}

/// Learns the transforms of the chosen table columns (`columns`, from `select_columns`).
/// `parsed` holds numeric columns already parsed (`(table column, parsed)`), so that none is
/// parsed twice. Text columns join afterwards, with [`Fitted::add_text`].
pub fn fit(
    table: &Table,
    schema: &[ColumnSchema],
    columns: &[usize],
    settings: &FeatureSettings,
    parsed: &[(usize, Parsed)],
) -> Result<Fitted> {
    fit_with(table, schema, columns, settings, parsed, None, &[])
}

/// Learns the transforms of the columns the plan chose, each weighed as the plan says (a column
/// in a concept of m columns weighs `1 / sqrt(m)`), dates as the days to the plan's day.
pub fn fit_plan(
    table: &Table,
    schema: &[ColumnSchema],
    plan: &Plan,
    settings: &FeatureSettings,
    parsed: &[(usize, Parsed)],
) -> Result<Fitted> {
    let columns: Vec<usize> = plan.features.iter().map(|f| f.0).collect();
    let mut fitted = fit_with(
        table,
        schema,
        &columns,
        settings,
        parsed,
        plan.days_to.as_ref(),
        &plan.items_left_out,
    )?;
    for (i, &(_, weight)) in plan.features.iter().enumerate() {
        fitted.reweigh(i, weight);
    }
    Ok(fitted)
}

fn fit_with(
    table: &Table,
    schema: &[ColumnSchema],
    columns: &[usize],
    settings: &FeatureSettings,
    parsed: &[(usize, Parsed)],
    days_to: Option<&DaysTo>,
    items_left_out: &[(usize, Vec<String>)],
) -> Result<Fitted> {
    // The embeddable build has no lists (README, "Sizes").
    #[cfg(not(feature = "full-report"))]
    let _ = items_left_out;
    if columns.is_empty() {
        return Err(Error::NoFeatures(
            "every column is excluded, or is an identifier, a date or free text".into(),
        ));
    }
    let mut fitted = Fitted {
        model: FeatureModel {
            columns: Vec::new(),
        },
        columns: Vec::new(),
        names: Vec::new(),
    };
    for &c in columns {
        let kind = schema[c].kind;
        let name = &table.headers[c];
        let learned = match kind {
            Kind::Categorical => categorical(table, c, settings.scale)?,
            #[cfg(feature = "full-report")]
            Kind::List => {
                let out = items_left_out
                    .iter()
                    .find(|(lc, _)| *lc == c)
                    .map_or(&[][..], |(_, o)| o.as_slice());
                list(table, c, schema[c].separator, settings.scale, out)?
            }
            _ => {
                let levels = schema[c].levels.as_deref();
                let (read, values) = match kind {
                    Kind::Ordinal => {
                        let bands = levels.unwrap_or(&[]);
                        (NumberRead::Rank(bands.to_vec()), ranks(table, c, bands))
                    }
                    Kind::Boolean => (NumberRead::YesNo, yes_no(table, c)),
                    Kind::Date => {
                        let (Some(format), Some(to)) = (schema[c].date_format, days_to) else {
                            return Err(Error::NoFeatures(format!(
                                "column \"{name}\" is a date, and there is no date to count days to"
                            )));
                        };
                        let day = to.day(table).ok_or_else(|| {
                            Error::NoFeatures(format!("column \"{name}\" has no dates"))
                        })?;
                        (
                            NumberRead::Days {
                                format,
                                to: to.clone(),
                            },
                            days_since(table, c, format.order(), day),
                        )
                    }
                    _ => {
                        let values = match parsed.iter().find(|(pc, _)| *pc == c) {
                            Some((_, p)) => p.clone(),
                            None => numeric_values(table, c),
                        };
                        (NumberRead::Number, values)
                    }
                };
                values.check(table, c, kind)?;
                let (encoding, info) = number(values, read, kind, settings, levels, name)?
                    .ok_or_else(|| Error::NoFeatures(format!("column \"{name}\" has no values")))?;
                (encoding, info, vec![name.clone()])
            }
        };
        fitted.add(table, c, kind, learned);
    }
    Ok(fitted)
}

impl Fitted {
    /// Multiplies the `i`-th fitted column's part of the distances by `weight` (its scale for a
    /// number, its indicators' weight for categories), and reports it.
    fn reweigh(&mut self, i: usize, weight: f64) {
        if weight == 1.0 {
            return;
        }
        match &mut self.model.columns[i].encoding {
            Encoding::Number { spread, .. } => *spread /= weight,
            Encoding::Categories { weight: w, .. } | Encoding::Items { weight: w, .. } => {
                *w *= weight
            }
            Encoding::Text { scale, .. } => *scale *= weight,
        }
        let info = &mut self.columns[i].info;
        info.weight = Some(info.weight.unwrap_or(1.0) * weight);
    }

    fn add(&mut self, table: &Table, column: usize, kind: Kind, learned: Learned) {
        let (encoding, info, names) = learned;
        let start = self.names.len();
        self.model.columns.push(ColumnTransform {
            column: table.headers[column].clone(),
            encoding,
        });
        self.columns.push(FeatureColumn {
            column,
            kind,
            start,
            info,
        });
        self.names.extend(names);
    }

    /// Adds a text column as features, with `weight` (the option `textWeight`, above 0); `seed`
    /// seeds its principal axes.
    pub fn add_text(&mut self, table: &Table, text: &TextColumn, weight: f64, seed: u64) {
        let name = &table.headers[text.column];
        let learned = text_axes(text, name, weight, seed);
        self.add(table, text.column, Kind::Text, learned);
    }
}

/// A column's transform, its report and the names of its matrix columns.
type Learned = (Encoding, FeatureInfo, Vec<String>);

/// Numbers, ranks and yes/no: the median to impute, whether to take the log, the scale. `None`
/// for a column with no values; an error for one whose scaled values would overflow the
/// distances ([`MAX_SCALED`]).
fn number(
    parsed: Parsed,
    read: NumberRead,
    kind: Kind,
    settings: &FeatureSettings,
    levels: Option<&[String]>,
    name: &str,
) -> Result<Option<(Encoding, FeatureInfo)>> {
    let imputed = parsed.missing + parsed.invalid;
    let mut values = parsed.values;
    let mut present: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
    if present.is_empty() {
        return Ok(None);
    }
    crate::util::order::sort_numbers(&mut present);
    let median = quantile(&present, 0.5);
    for v in values.iter_mut().filter(|v| v.is_nan()) {
        *v = median;
    }
    let log = settings.log;
    let mut logged_all = false;
    let take_log = match log {
        LogChoice::None => false,
        LogChoice::All => present[0] >= 0.0,
        LogChoice::Auto => log_helps(&present),
    };
    if kind == Kind::Numeric && take_log {
        logged_all = true;
        for v in values.iter_mut() {
            *v = libm::log1p(*v);
        }
        for v in present.iter_mut() {
            *v = libm::log1p(*v);
        }
    }
    // The mean and deviation cannot overflow, however large the numbers (a column near 1e154
    // once came out NaN and put every row in one segment).
    let (center, spread) = match settings.scale {
        Scale::Zscore => mean_and_sd(&values),
        // A yes/no column has no useful interquartile range: it is z-scored whatever the scale.
        Scale::Robust if kind == Kind::Boolean => mean_and_sd(&values),
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
    // z-scores are at most sqrt(n) in magnitude; without scaling, or with an interquartile range
    // far smaller than the extremes, a value can be too large for the distances k-means sums.
    if let Some(&far) = values
        .iter()
        .find(|&&v| !((v - center) / spread).abs().le(&MAX_SCALED))
    {
        let value = if logged_all { libm::expm1(far) } else { far };
        // z-scoring scales any finite column into range unless its values span more than the
        // largest f64 (from near -1.8e308 to near 1.8e308): then only leaving it out helps.
        let (scale, advice) = match settings.scale {
            Scale::None => ("none", "use scale zscore, or leave the column out"),
            Scale::Robust => ("robust", "use scale zscore, or leave the column out"),
            Scale::Zscore => ("zscore", "leave the column out"),
        };
        return Err(Error::TooLarge {
            column: name.to_owned(),
            value: short(value),
            scale,
            advice,
        });
    }
    let imputed_with = match kind {
        Kind::Boolean => format!("the median, {}", if median >= 0.5 { "yes" } else { "no" }),
        Kind::Ordinal => match levels.and_then(|l| l.get(median.round() as usize)) {
            Some(band) => format!("the median band, \"{band}\""),
            None => format!("the median rank, {median}"),
        },
        _ => format!("the median, {}", short(median)),
    };
    Ok(Some((
        Encoding::Number {
            read,
            impute: median,
            log: logged_all,
            center,
            spread,
        },
        FeatureInfo {
            imputed,
            imputed_with,
            transform: logged_all.then(|| "log1p".to_owned()),
            dims: 1,
            values: None,
            weight: None,
        },
    )))
}

/// One-hot with the variance weight; the most frequent value fills the gaps.
fn categorical(table: &Table, c: usize, scale: Scale) -> Result<Learned> {
    let Levels {
        values,
        codes,
        missing,
        other,
    } = levels(table.column(c));
    let name = &table.headers[c];
    if values.is_empty() {
        return Err(Error::NoFeatures(format!(
            "column \"{name}\" has no values"
        )));
    }
    // A missing cell takes the most frequent value, the first after sorting.
    let mode = 0;
    let n = codes.len().max(1) as f64;
    let mut sizes = vec![0usize; values.len()];
    for code in &codes {
        sizes[code.unwrap_or(mode)] += 1;
    }
    let purity: f64 = sizes.iter().map(|&s| (s as f64 / n) * (s as f64 / n)).sum();
    let weight = match scale {
        Scale::None => 1.0,
        _ if purity < 1.0 => 1.0 / (1.0 - purity).sqrt(),
        // One value everywhere: nothing to tell rows apart with.
        _ => 0.0,
    };
    let names = values.iter().map(|v| format!("{name} = {v}")).collect();
    let info = FeatureInfo {
        imputed: missing,
        imputed_with: format!("the most frequent value, \"{}\"", values[mode]),
        transform: None,
        dims: values.len(),
        values: Some(values.clone()),
        weight: Some(weight),
    };
    Ok((
        Encoding::Categories {
            values,
            other,
            impute: mode,
            weight,
        },
        info,
        names,
    ))
}

/// One indicator per frequent item, weighted as a categorical column's indicators are: by
/// `1 / sqrt(sum p (1 - p))`, where p are the items' shares of the rows, so that the block's total
/// variance is 1, a z-scored number's, and a list weighs as one column however many items it has
/// (one item alone gives exactly a z-scored 0/1 column's distances). A blank cell holds no items:
/// nothing is imputed.
#[cfg(feature = "full-report")]
fn list(
    table: &Table,
    c: usize,
    separator: Option<char>,
    scale: Scale,
    left_out: &[String],
) -> Result<Learned> {
    let name = &table.headers[c];
    let separator = separator.unwrap_or(',');
    let mut found = crate::schema::list::frequent(table.column(c), separator);
    if !left_out.is_empty() {
        let keep: Vec<bool> = found.items.iter().map(|i| !left_out.contains(i)).collect();
        let mut k = keep.iter();
        found.items.retain(|_| *k.next().unwrap_or(&true));
        let mut k = keep.iter();
        found.rows.retain(|_| *k.next().unwrap_or(&true));
    }
    if found.items.is_empty() {
        return Err(Error::NoFeatures(format!(
            "column \"{name}\" is a list with no item in {}% of the rows",
            crate::schema::list::MIN_ITEM_SHARE * 100.0
        )));
    }
    let n = table.rows().max(1) as f64;
    let variance: f64 = found
        .rows
        .iter()
        .map(|&k| (k as f64 / n) * (1.0 - k as f64 / n))
        .sum();
    let weight = match scale {
        Scale::None => 1.0,
        _ if variance > 0.0 => 1.0 / variance.sqrt(),
        // Every row holds every item: nothing to tell rows apart with.
        _ => 0.0,
    };
    let names = found
        .items
        .iter()
        .map(|v| format!("{name} contains {v}"))
        .collect();
    let mut rare = if found.rare_items == 0 {
        String::new()
    } else {
        let s = |n: usize| if n == 1 { "" } else { "s" };
        format!(
            "; {} rarer item{} (in {} cell{}) left out",
            found.rare_items,
            s(found.rare_items),
            found.rare_cells,
            s(found.rare_cells)
        )
    };
    if !left_out.is_empty() {
        rare.push_str(&format!(
            "; {} left out, linked to no other column",
            left_out.join(", ")
        ));
    }
    let info = FeatureInfo {
        imputed: 0,
        imputed_with: "nothing: a blank cell holds no items".into(),
        transform: Some(format!(
            "one indicator per item in {}% of the rows or more (at most {}){rare}",
            crate::schema::list::MIN_ITEM_SHARE * 100.0,
            crate::schema::list::MAX_ITEMS
        )),
        dims: found.items.len(),
        values: Some(found.items.clone()),
        weight: Some(weight),
    };
    Ok((
        Encoding::Items {
            separator,
            items: found.items,
            ignored: left_out.to_vec(),
            weight,
        },
        info,
        names,
    ))
}

/// A text column as features: its hashed TF-IDF (`Corpus::embed`) reduced to its `TEXT_DIMS`
/// principal axes (a truncated SVD of the centred matrix), scaled so that the block's total
/// variance is `weight` squared: at weight 1 the column weighs as much as one numeric column.
fn text_axes(t: &TextColumn, name: &str, weight: f64, seed: u64) -> Learned {
    let idf = t.corpus.idf();
    let per_term: Vec<Option<f64>> = idf.iter().copied().map(Some).collect();
    let tfidf = t.corpus.embed(TEXT_BUCKETS, &per_term);
    let axes = Pca::fit_axes(tfidf.view(), seed, TEXT_DIMS);
    let total: f64 = axes.variance.iter().sum();
    let scale = if total > 0.0 {
        weight / total.sqrt()
    } else {
        0.0
    };
    let info = FeatureInfo {
        imputed: 0,
        imputed_with: "nothing: a row without text has no terms".into(),
        transform: Some(format!(
            "tf-idf hashed into {TEXT_BUCKETS} buckets, {TEXT_DIMS} principal axes, weight {weight}"
        )),
        dims: TEXT_DIMS,
        values: None,
        weight: Some(weight),
    };
    let names = (1..=TEXT_DIMS)
        .map(|a| format!("{name} (text axis {a})"))
        .collect();
    let encoding = Encoding::Text {
        language: t.corpus.language.to_owned(),
        stem: t.settings.stem,
        stop_words: t.settings.stop_words.clone(),
        buckets: TEXT_BUCKETS,
        idf: t
            .corpus
            .terms()
            .map(str::to_owned)
            .zip(idf.iter().copied())
            .collect(),
        axes,
        scale,
    };
    (encoding, info, names)
}
