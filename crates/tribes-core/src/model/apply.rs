//! A saved model applied to another file: every row encoded with the model's own transforms
//! (nothing is fitted again) and given its nearest segment by the rule of `assign`, part by part,
//! so that a file of any size goes through in the memory of one part. What is counted on the way
//! (segment sizes, each feature's distribution, values the model never saw) becomes the drift
//! report at the end.

use serde::Serialize;

use super::assign::Nearest;
use super::build::{bin_of_category, bin_of_value, count_items};
use super::file::Model;
use crate::error::{Error, Result};
use crate::features::encode;
use crate::features::model::Encoding;
use crate::features::{CategoryIndex, Reuse};
use crate::read::Table;
use crate::schema::list::ItemIndex;

/// A column whose population stability index is above this has drifted (the usual reading of
/// the index: below 0.1 no change, 0.1 to 0.2 some, above 0.2 a shift worth looking at).
pub const PSI_DRIFTED: f64 = 0.2;

/// A bin's share below this counts as this in the index, so that a bin empty on one side gives
/// a large but finite term.
const PSI_FLOOR: f64 = 1e-4;

/// What applying a model found, beside the labels.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Applied {
    /// Each segment of the model in the new file, by id.
    pub segments: Vec<AppliedSegment>,
    pub drift: Drift,
    /// Per categorical feature, the cells whose value is not among the model's values (new ones,
    /// and in the model's own source its rare ones): they were taken as `(other)`. Per list
    /// feature, the cells holding an item not among the model's items: those items were ignored.
    pub unseen: Vec<Unseen>,
    /// Rows labelled, data records skipped (they have label -1), and rows that were as near two
    /// centres (within a relative 1e-9; they went to the lower id).
    pub rows: usize,
    pub skipped: usize,
    pub ties: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AppliedSegment {
    pub id: usize,
    /// The model's name for it (the user's, when they renamed it).
    pub name: String,
    /// Rows of the new file in it, and their share of its rows.
    pub size: usize,
    pub share: f64,
}

/// How far the new file is from the one the model was made from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Drift {
    pub segments: Vec<SegmentDrift>,
    /// Each feature column's population stability index on the model's bins.
    pub columns: Vec<ColumnDrift>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SegmentDrift {
    pub id: usize,
    pub share_before: f64,
    pub share_now: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ColumnDrift {
    pub column: String,
    /// The population stability index: the sum over the model's bins of `(now - before) *
    /// ln(now / before)`, shares below 0.0001 counted as 0.0001.
    pub psi: f64,
    /// Whether `psi` is above 0.2.
    pub drifted: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Unseen {
    pub column: String,
    pub cells: usize,
}

/// A model being applied: give it the file part by part (`part`), then `finish`.
pub struct Applying<'m> {
    /// Borrowed from the caller, or owned (`Applying::owning`) by a run that keeps the model
    /// with its state, as the page's labelling of a whole file does.
    model: std::borrow::Cow<'m, Model>,
    nearest: Nearest,
    /// Records labelled or skipped so far: the next part starts after them.
    records: usize,
    sizes: Vec<usize>,
    /// Per feature column, rows per bin of its distribution.
    bins: Vec<Vec<usize>>,
    unseen: Vec<usize>,
    rows: usize,
    skipped: usize,
    ties: usize,
}

impl<'m> Applying<'m> {
    pub fn new(model: &'m Model) -> Applying<'m> {
        Self::with(std::borrow::Cow::Borrowed(model))
    }

    /// [`Applying::new`] keeping `model` itself.
    pub fn owning(model: Model) -> Applying<'static> {
        Applying::with(std::borrow::Cow::Owned(model))
    }

    fn with(model: std::borrow::Cow<'m, Model>) -> Applying<'m> {
        let (k, d) = (model.k(), model.dims());
        let centres = model.centres.iter().flatten().copied().collect();
        let bins = model
            .distributions
            .iter()
            .map(|d| vec![0; d.shares.len()])
            .collect();
        let unseen = vec![0; model.features.columns.len()];
        Applying {
            model,
            nearest: Nearest::from_rows(centres, k, d),
            records: 0,
            sizes: vec![0; k],
            bins,
            unseen,
            rows: 0,
            skipped: 0,
            ties: 0,
        }
    }

    /// Refuses a table that lacks a column the model's features need, naming every one missing.
    pub fn check_columns(model: &Model, headers: &[String]) -> Result<()> {
        let missing: Vec<String> = model
            .features
            .columns
            .iter()
            .map(|t| t.column.clone())
            .filter(|c| !headers.contains(c))
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        Err(Error::ModelColumns {
            missing,
            available: headers.join(", "),
        })
    }

    /// The labels of one part of the file: one per data record from the end of the previous
    /// part to the end of this one, in file order, the segment id or -1 for a skipped record.
    /// `part` is the rows read since the last part (`Reader::take`), or the whole file.
    pub fn part(&mut self, part: &Table) -> Result<Vec<i32>> {
        #[cfg(feature = "full-report")]
        if let Some(key) = &self.model.join {
            return Err(Error::JoinedModel { key: key.clone() });
        }
        Self::check_columns(&self.model, &part.headers)?;
        let x = encode(&self.model.features, part, &Reuse::default())?;
        let mut labels = vec![-1i32; part.records.saturating_sub(self.records)];
        let xs = x.as_standard_layout();
        for (r, row) in xs.rows().into_iter().enumerate() {
            let (j, tied) = match row.as_slice() {
                Some(row) => self.nearest.label(row),
                None => self.nearest.label(&row.to_vec()),
            };
            self.sizes[j] += 1;
            self.ties += usize::from(tied);
            if let Some(slot) = part
                .record_of_row
                .get(r)
                .and_then(|&rec| rec.checked_sub(self.records))
                .and_then(|i| labels.get_mut(i))
            {
                *slot = j as i32;
            }
        }
        self.count_bins(part, x.view());
        self.rows += part.rows();
        self.skipped += part.skipped.len();
        self.records = self.records.max(part.records);
        Ok(labels)
    }

    /// Each row's bin in each feature's distribution, and the values never seen.
    fn count_bins(&mut self, part: &Table, x: ndarray::ArrayView2<f64>) {
        let mut start = 0;
        for (i, t) in self.model.features.columns.iter().enumerate() {
            let cuts = &self.model.distributions[i].cuts;
            let bins = &mut self.bins[i];
            match &t.encoding {
                Encoding::Categories {
                    values,
                    other,
                    impute,
                    ..
                } => {
                    let index = CategoryIndex::new(values, *other, *impute);
                    let c = part.headers.iter().position(|h| *h == t.column);
                    for cell in c.iter().flat_map(|&c| part.column(c).iter()) {
                        let category = index.of(cell);
                        if matches!(category, crate::features::Category::Unseen(_)) {
                            self.unseen[i] += 1;
                        }
                        bins[bin_of_category(category, values.len())] += 1;
                    }
                }
                Encoding::Items {
                    separator,
                    items,
                    ignored,
                    ..
                } => {
                    let index = ItemIndex::with_ignored(items, ignored, *separator);
                    if let Some(c) = part.headers.iter().position(|h| *h == t.column) {
                        self.unseen[i] += count_items(&index, part, c, bins);
                    }
                }
                _ => {
                    for &v in x.column(start) {
                        bins[bin_of_value(v, cuts)] += 1;
                    }
                }
            }
            start += t.encoding.width();
        }
    }

    /// The segments' sizes and the drift, once every part is in.
    pub fn finish(self) -> Applied {
        let n = self.rows.max(1) as f64;
        let model = self.model;
        let segments = model
            .segments
            .iter()
            .zip(&self.sizes)
            .map(|(s, &size)| AppliedSegment {
                id: s.id,
                name: s.name.clone(),
                size,
                share: size as f64 / n,
            })
            .collect::<Vec<_>>();
        let drift = Drift {
            segments: model
                .segments
                .iter()
                .zip(&segments)
                .map(|(before, now)| SegmentDrift {
                    id: before.id,
                    share_before: before.share,
                    share_now: now.share,
                })
                .collect(),
            columns: model
                .distributions
                .iter()
                .zip(&self.bins)
                .zip(&model.features.columns)
                .map(|((d, bins), t)| {
                    // A list's bins count items, several per row: their shares are of the
                    // items counted, as the model's are.
                    let total = match t.encoding {
                        Encoding::Items { .. } => bins.iter().sum::<usize>().max(1) as f64,
                        _ => n,
                    };
                    let now: Vec<f64> = bins.iter().map(|&c| c as f64 / total).collect();
                    let psi = psi(&d.shares, &now);
                    ColumnDrift {
                        column: d.column.clone(),
                        psi,
                        drifted: psi > PSI_DRIFTED,
                    }
                })
                .collect(),
        };
        let unseen = model
            .features
            .columns
            .iter()
            .zip(&self.unseen)
            .filter(|(t, _)| {
                matches!(
                    t.encoding,
                    Encoding::Categories { .. } | Encoding::Items { .. }
                )
            })
            .map(|(t, &cells)| Unseen {
                column: t.column.clone(),
                cells,
            })
            .collect();
        Applied {
            segments,
            drift,
            unseen,
            rows: self.rows,
            skipped: self.skipped,
            ties: self.ties,
        }
    }
}

/// The population stability index of `now` against `before` (shares per bin).
pub fn psi(before: &[f64], now: &[f64]) -> f64 {
    before
        .iter()
        .zip(now)
        .map(|(&b, &a)| {
            let (b, a) = (b.max(PSI_FLOOR), a.max(PSI_FLOOR));
            (a - b) * (a / b).ln()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn psi_is_zero_for_the_same_shares_and_grows_with_the_shift() {
        let before = [0.25, 0.25, 0.25, 0.25];
        assert_eq!(psi(&before, &before), 0.0);
        // (0.1 - 0.25) ln(0.1 / 0.25) * 2 + (0.4 - 0.25) ln(0.4 / 0.25) * 2 = 0.4158...
        let now = [0.1, 0.1, 0.4, 0.4];
        assert!((psi(&before, &now) - 0.415_888).abs() < 1e-5);
        let slight = [0.24, 0.26, 0.25, 0.25];
        assert!(psi(&before, &slight) < 0.01);
    }
}
