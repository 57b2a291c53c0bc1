//! A model made from a finished analysis: what the fit learned, the centres, the names, and the
//! source's distributions (for drift), with nothing of its rows.

// Without the feature `full-report` no model is made: only what applying one reads is used.
#![cfg_attr(not(feature = "full-report"), allow(dead_code))]

use ndarray::{Array2, ArrayView2};

use super::file::{
    Distribution, Model, ModelColumn, ModelSegment, RfmModel, RfmShare, Source, FORMAT,
};
use crate::features::model::Encoding;
use crate::features::model::FeatureModel;
use crate::features::{Category, CategoryIndex};
use crate::options::Settings;
use crate::read::values::{date_parts, days_from_parts, iso_date};
use crate::read::Table;
use crate::rfm::{self, RfmResult};
use crate::schema::list::ItemIndex;
use crate::schema::{ColumnSchema, Kind};

/// What an analysis hands over to make its model.
pub struct Fitting<'a> {
    pub table: &'a Table,
    pub schema: &'a [ColumnSchema],
    pub settings: &'a Settings,
    pub features: &'a FeatureModel,
    /// A name for each column of `x`.
    pub dimensions: &'a [String],
    /// The encoded rows and their segments.
    pub x: ArrayView2<'a, f64>,
    pub labels: &'a [usize],
    pub centroids: &'a Array2<f64>,
    /// The suggested names, by segment.
    pub names: &'a [String],
    /// Each table column's part in the segments (`feature`, `profile`...).
    pub roles: &'a [String],
}

/// The model of an analysis.
pub fn build(f: &Fitting) -> Model {
    let n = f.labels.len();
    let k = f.centroids.nrows();
    let mut sizes = vec![0usize; k];
    for &l in f.labels {
        if let Some(s) = sizes.get_mut(l) {
            *s += 1;
        }
    }
    let share = |size: usize| size as f64 / n.max(1) as f64;
    let segments = (0..k)
        .map(|id| {
            let name = f.names.get(id).cloned().unwrap_or_default();
            ModelSegment {
                id,
                name: name.clone(),
                suggested_name: name,
                size: sizes[id],
                share: share(sizes[id]),
            }
        })
        .collect();
    let columns = f
        .schema
        .iter()
        .enumerate()
        .map(|(c, s)| ModelColumn {
            name: s.name.clone(),
            kind: s.kind.as_str().to_owned(),
            role: f.roles.get(c).cloned().unwrap_or_default(),
            concept: None,
        })
        .collect();
    Model {
        format: FORMAT.to_owned(),
        version: Model::version_text(),
        written_by: format!("Tribes {}", env!("CARGO_PKG_VERSION")),
        source: Source {
            file: None,
            rows: n,
            columns: f.table.headers.len(),
            date: last_date(f.table, f.schema),
        },
        options: f.settings.options(),
        seed: f.settings.seed,
        columns,
        features: f.features.clone(),
        dimensions: f.dimensions.to_vec(),
        centres: f.centroids.rows().into_iter().map(|r| r.to_vec()).collect(),
        segments,
        distributions: distributions(f.features, f.table, f.x),
        rfm: None,
        join: None,
    }
}

/// The latest date in the table's date columns, as an ISO date.
fn last_date(table: &Table, schema: &[ColumnSchema]) -> Option<String> {
    let mut last: Option<i64> = None;
    for (c, s) in schema.iter().enumerate() {
        let Some(format) = s.date_format.filter(|_| s.kind == Kind::Date) else {
            continue;
        };
        for cell in table.column(c).iter() {
            if let Some(day) = date_parts(cell).and_then(|p| days_from_parts(p, format.order())) {
                last = Some(last.map_or(day, |l: i64| l.max(day)));
            }
        }
    }
    last.map(iso_date)
}

/// The distribution of each feature column, in the order of the transforms: deciles of the
/// encoded value (a text column's first axis), or a categorical column's shares per value.
pub fn distributions(model: &FeatureModel, table: &Table, x: ArrayView2<f64>) -> Vec<Distribution> {
    let n = x.nrows().max(1) as f64;
    let mut start = 0;
    let mut out = Vec::with_capacity(model.columns.len());
    for t in &model.columns {
        let (cuts, counts) = match &t.encoding {
            Encoding::Categories {
                values,
                other,
                impute,
                ..
            } => {
                let index = CategoryIndex::new(values, *other, *impute);
                let mut counts = vec![0usize; values.len() + 1];
                if let Some(c) = table.headers.iter().position(|h| *h == t.column) {
                    for cell in table.column(c).iter() {
                        counts[bin_of_category(index.of(cell), values.len())] += 1;
                    }
                }
                (Vec::new(), counts)
            }
            Encoding::Items {
                separator,
                items,
                ignored,
                ..
            } => {
                let mut counts = vec![0usize; items.len() + 1];
                if let Some(c) = table.headers.iter().position(|h| *h == t.column) {
                    let index = ItemIndex::with_ignored(items, ignored, *separator);
                    count_items(&index, table, c, &mut counts);
                }
                let total = counts.iter().sum::<usize>().max(1) as f64;
                out.push(Distribution {
                    column: t.column.clone(),
                    cuts: Vec::new(),
                    shares: counts.iter().map(|&c| c as f64 / total).collect(),
                });
                start += t.encoding.width();
                continue;
            }
            _ => {
                let mut values: Vec<f64> = x.column(start).to_vec();
                // The deciles by selection: the values sorted would give the same bits, and the
                // sort was a tenth of a fixed-k analysis of numbers.
                let deciles: Vec<f64> = (1..10).map(|i| i as f64 / 10.0).collect();
                let mut cuts: Vec<f64> = crate::util::stats::quantiles_of(&mut values, &deciles)
                    .into_iter()
                    .filter(|c| c.is_finite())
                    .collect();
                cuts.dedup();
                let mut counts = vec![0usize; cuts.len() + 1];
                for &v in &values {
                    counts[bin_of_value(v, &cuts)] += 1;
                }
                (cuts, counts)
            }
        };
        out.push(Distribution {
            column: t.column.clone(),
            cuts,
            shares: counts.iter().map(|&c| c as f64 / n).collect(),
        });
        start += t.encoding.width();
    }
    out
}

/// Adds a list column's rows to `counts`: one in the bin of each known item a row holds, or in
/// the last bin when it holds none. Returns the cells holding an item not among the model's.
pub fn count_items(index: &ItemIndex, table: &Table, c: usize, counts: &mut [usize]) -> usize {
    let mut held = Vec::new();
    let mut unseen = 0;
    let none = counts.len() - 1;
    for cell in table.column(c).iter() {
        unseen += usize::from(index.of(cell, &mut held));
        for &i in &held {
            counts[i] += 1;
        }
        if held.is_empty() {
            counts[none] += 1;
        }
    }
    unseen
}

/// The bin of an encoded value: the number of cuts below it.
pub fn bin_of_value(v: f64, cuts: &[f64]) -> usize {
    cuts.partition_point(|&c| c < v)
}

/// The bin of a categorical cell: its value's, `(other)`'s, or the last bin for none.
pub fn bin_of_category(c: Category, values: usize) -> usize {
    match c {
        Category::Known(i) | Category::Unseen(Some(i)) => i,
        Category::Unseen(None) => values,
    }
}

impl Model {
    /// The model with the segments' names as the user left them (`names`, by segment id; an
    /// empty name keeps the suggested one). Refused when the count differs from the segments'.
    pub fn with_names(mut self, names: &[String]) -> Result<Model, crate::error::Error> {
        if names.len() != self.segments.len() {
            return Err(crate::error::Error::BadModel(format!(
                "{} names were given for {} segments",
                names.len(),
                self.segments.len()
            )));
        }
        for (segment, name) in self.segments.iter_mut().zip(names) {
            let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
            if !name.is_empty() {
                segment.name = name;
            }
        }
        Ok(self)
    }
}

impl Model {
    /// The model of customers' segments made from orders (`made`: how they were made and
    /// scored), which then applies to next month's orders; the source's date is the orders'.
    pub fn made_from_orders(mut self, made: RfmModel) -> Model {
        self.source.date = Some(made.as_of.clone());
        self.rfm = Some(made);
        self
    }
}

impl RfmModel {
    /// How the customers of `result` were made and scored, for the same from another file.
    pub fn of(result: &RfmResult) -> RfmModel {
        RfmModel {
            columns: result.columns.clone(),
            as_of: result.as_of.clone(),
            cutoffs: rfm::cutoffs(result),
            segments: result
                .segments
                .iter()
                .map(|s| RfmShare {
                    name: s.name.clone(),
                    share: s.share,
                })
                .collect(),
        }
    }
}
