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

/// The matrix columns a transform fills.
fn width(encoding: &Encoding) -> usize {
    match encoding {
        Encoding::Number { .. } => 1,
        Encoding::Categories { values, .. } => values.len(),
        Encoding::Text { axes, .. } => axes.axes.len(),
    }
}

/// Encodes every row of `table`: one row of the matrix per row of the table.
pub fn encode(model: &FeatureModel, table: &Table, reuse: &Reuse) -> Result<Array2<f64>> {
    let n = table.rows();
    let total = model.columns.iter().map(|t| width(&t.encoding)).sum();
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
                    let v = if *log { libm::log1p(v) } else { v };
                    *slot = (v - center) / spread;
                }
            }
            Encoding::Categories {
                values,
                other,
                impute,
                weight,
            } => {
                let known = values.len() - usize::from(*other);
                let index: HashMap<&str, usize> = values[..known]
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (v.as_str(), i))
                    .collect();
                for (r, cell) in table.column(c).iter().enumerate() {
                    let code = if is_missing(cell) {
                        Some(*impute)
                    } else {
                        index.get(cell.trim()).copied().or(other.then_some(known))
                    };
                    if let Some(code) = code {
                        x[[r, start + code]] = *weight;
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
        start += width(&t.encoding);
    }
    Ok(x)
}
