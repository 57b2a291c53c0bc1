//! The encode: a [`FeatureModel`] applied to rows, giving the matrix k-means runs on. It needs
//! nothing of the data the model was fitted on: the same model encodes any file with the same
//! columns (found by name), in one piece or in parts.

use std::collections::HashMap;

use ndarray::Array2;

use super::days::days_since;
use super::model::{Encoding, FeatureModel, NumberRead};
use super::parsed::{numeric_values, ranks, yes_no, Parsed};
use crate::error::{Error, Result};
use crate::read::Table;
use crate::schema::is_missing;
#[cfg(feature = "full-report")]
use crate::schema::list::ItemIndex;
use crate::text::{Corpus, CorpusSettings};

/// Columns the caller has already parsed or read, so that encode does not do it again (the
/// analysis parses numbers once for the features and the profiles, and reads text once for the
/// features and the keywords). Anything not here is read from the table.
#[derive(Default)]
pub struct Reuse<'a> {
    /// Numeric columns parsed: `(table column, parsed)`.
    pub numeric: &'a [(usize, Parsed)],
    /// Text columns read with the model's settings: `(table column, corpus)`.
    pub corpora: &'a [(usize, &'a Corpus)],
}

impl Encoding {
    /// The matrix columns the transform fills.
    pub fn width(&self) -> usize {
        match self {
            Encoding::Number { .. } => 1,
            Encoding::Categories { values, .. } => values.len(),
            Encoding::Items { items, .. } => items.len(),
            Encoding::Text { axes, .. } => axes.axes.len(),
        }
    }
}

/// Which of a categorical transform's values a cell is, as encode decides it: a missing cell
/// takes the imputed value; a value the model does not know takes `(other)` when the model has
/// it, and no value (no indicator set) when it has not.
pub struct CategoryIndex<'m> {
    index: HashMap<&'m str, usize>,
    known: usize,
    other: bool,
    impute: usize,
}

/// A cell's value among a categorical transform's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// One of the model's own values (or the imputed one, for a missing cell).
    Known(usize),
    /// A value the model has not seen: `(other)`, at this index, when the model has it; else
    /// `None`, and the row gets no indicator of this column.
    Unseen(Option<usize>),
}

impl<'m> CategoryIndex<'m> {
    pub fn new(values: &'m [String], other: bool, impute: usize) -> Self {
        let known = values.len() - usize::from(other && !values.is_empty());
        let index = values[..known]
            .iter()
            .enumerate()
            .map(|(i, v)| (v.as_str(), i))
            .collect();
        CategoryIndex {
            index,
            known,
            other,
            impute,
        }
    }

    pub fn of(&self, cell: &str) -> Category {
        if is_missing(cell) {
            return Category::Known(self.impute);
        }
        match self.index.get(cell.trim()) {
            Some(&i) => Category::Known(i),
            None => Category::Unseen(self.other.then_some(self.known)),
        }
    }
}

/// Encodes every row of `table`: one row of the matrix per row of the table.
pub fn encode(model: &FeatureModel, table: &Table, reuse: &Reuse) -> Result<Array2<f64>> {
    let n = table.rows();
    let total = model.columns.iter().map(|t| t.encoding.width()).sum();
    let mut x = Array2::<f64>::zeros((n, total));
    let mut start = 0;
    for t in &model.columns {
        let c = table
            .headers
            .iter()
            .position(|h| *h == t.column)
            .ok_or_else(|| Error::NoFeatures(format!("the file has no column \"{}\"", t.column)))?;
        match &t.encoding {
            Encoding::Number {
                read,
                impute,
                log,
                center,
                spread,
            } => {
                let owned;
                let parsed: &Parsed = match read {
                    NumberRead::Number => match reuse.numeric.iter().find(|(pc, _)| *pc == c) {
                        Some((_, p)) => p,
                        None => {
                            owned = numeric_values(table, c);
                            &owned
                        }
                    },
                    NumberRead::Rank(levels) => {
                        owned = ranks(table, c, levels);
                        &owned
                    }
                    NumberRead::YesNo => {
                        owned = yes_no(table, c);
                        &owned
                    }
                    NumberRead::Days { format, to } => {
                        // A file with no date to count to has no days: every row takes the
                        // imputed value.
                        owned = match to.day(table) {
                            Some(day) => days_since(table, c, format.order(), day),
                            None => Parsed::from_cells(table.column(c).iter(), |_| None),
                        };
                        &owned
                    }
                };
                for (slot, &v) in x.column_mut(start).iter_mut().zip(&parsed.values) {
                    let v = if v.is_nan() { *impute } else { v };
                    // The log was only chosen for a column with no value below 0; in another
                    // file, a value below 0 (a refund, say) counts as 0 rather than as no number.
                    let v = match (*log, v < 0.0) {
                        (false, _) => v,
                        (true, false) => libm::log1p(v),
                        (true, true) => 0.0,
                    };
                    *slot = (v - center) / spread;
                }
            }
            Encoding::Categories {
                values,
                other,
                impute,
                weight,
            } => {
                let index = CategoryIndex::new(values, *other, *impute);
                for (r, cell) in table.column(c).iter().enumerate() {
                    let code = match index.of(cell) {
                        Category::Known(i) => Some(i),
                        Category::Unseen(other) => other,
                    };
                    if let Some(code) = code {
                        x[[r, start + code]] = *weight;
                    }
                }
            }
            // The embeddable build fits no list (README, "Sizes"), so it never encodes one.
            #[cfg(not(feature = "full-report"))]
            Encoding::Items { .. } => {}
            #[cfg(feature = "full-report")]
            Encoding::Items {
                separator,
                items,
                weight,
                ..
            } => {
                let index = ItemIndex::new(items, *separator);
                let mut held = Vec::new();
                for (r, cell) in table.column(c).iter().enumerate() {
                    index.of(cell, &mut held);
                    for &i in &held {
                        x[[r, start + i]] = *weight;
                    }
                }
            }
            Encoding::Text {
                language,
                stem,
                stop_words,
                buckets,
                idf,
                axes,
                scale,
            } => {
                let owned;
                let corpus: &Corpus = match reuse.corpora.iter().find(|(pc, _)| *pc == c) {
                    Some((_, corpus)) => corpus,
                    None => {
                        // Every term, even one seen once here: the vocabulary is the model's.
                        let settings = CorpusSettings {
                            min_docs: 1,
                            stop_words: stop_words.clone(),
                            language: Some(language.clone()),
                            stem: *stem,
                        };
                        owned = Corpus::read(table.column(c).iter(), &settings);
                        &owned
                    }
                };
                let known: HashMap<&str, f64> =
                    idf.iter().map(|(term, w)| (term.as_str(), *w)).collect();
                let per_term: Vec<Option<f64>> =
                    corpus.terms().map(|t| known.get(t).copied()).collect();
                let tfidf = corpus.embed(*buckets, &per_term);
                for (r, row) in tfidf.rows().into_iter().enumerate() {
                    for a in 0..axes.axes.len() {
                        x[[r, start + a]] = axes.coordinate(row, a) * scale;
                    }
                }
            }
        }
        start += t.encoding.width();
    }
    Ok(x)
}
