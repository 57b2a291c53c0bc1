//! Who moved: one model applied to two files (last month's and this month's), the customers
//! matched by an id column, and counted by the segment they were in and the one they are in now.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::file::Model;
use crate::error::Result;
use crate::export::guard;
use crate::read::values::NumberFormat;
use crate::read::Table;

/// One file's customers by id, each with their segment.
#[derive(Debug, Default)]
pub struct Keyed {
    segment: HashMap<String, usize>,
    /// Rows whose id was already seen (the last one counts), and rows with no id.
    pub repeated: usize,
    pub blank: usize,
}

impl Keyed {
    /// Adds a part of a file (`Reader::take`, or the whole table): `labels` are the part's labels
    /// per record from record `first` on, as `Applying::part` gives them.
    pub fn add(&mut self, part: &Table, id: &str, labels: &[i32], first: usize) -> Result<()> {
        let c = part.find("id", id)?;
        for (r, cell) in part.column(c).iter().enumerate() {
            let label = part.record_of_row[r]
                .checked_sub(first)
                .and_then(|i| labels.get(i))
                .and_then(|&l| usize::try_from(l).ok());
            let Some(label) = label else { continue };
            let key = cell.trim();
            if key.is_empty() {
                self.blank += 1;
                continue;
            }
            if self.segment.insert(key.to_owned(), label).is_some() {
                self.repeated += 1;
            }
        }
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.segment.len()
    }

    pub fn is_empty(&self) -> bool {
        self.segment.is_empty()
    }
}

/// How many customers moved from each segment to each other.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Movement {
    /// `matrix[a][b]`: customers in segment `a` in the first file and in `b` in the second.
    pub matrix: Vec<Vec<usize>>,
    /// The model's segments, by id.
    pub segments: Vec<MovementSegment>,
    /// Per segment of the first file, its customers absent from the second (and per segment of
    /// the second, those new in it).
    pub only_before: Vec<usize>,
    pub only_after: Vec<usize>,
    /// Customers in both files, and those that changed segment.
    pub matched: usize,
    pub moved: usize,
    /// Rows whose id repeated one seen earlier in the same file (the last counts), or was empty,
    /// in the first file and in the second.
    pub repeated_ids: [usize; 2],
    pub blank_ids: [usize; 2],
    /// For a model made from orders, the same movement between the named RFM segments
    /// (Champions to At risk), every name of the rules in their order, by the model's cut-offs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rfm: Option<Box<Movement>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MovementSegment {
    pub id: usize,
    pub name: String,
}

/// The movement between two files' customers under one model.
pub fn compare(model: &Model, before: &Keyed, after: &Keyed) -> Movement {
    let names = model.segments.iter().map(|s| s.name.clone());
    between(names.collect(), before, after)
}

/// The movement between two files' customers among segments named `names` (by id), whatever
/// gave them their segments.
pub fn between(names: Vec<String>, before: &Keyed, after: &Keyed) -> Movement {
    let k = names.len();
    let mut m = Movement {
        matrix: vec![vec![0; k]; k],
        segments: names
            .into_iter()
            .enumerate()
            .map(|(id, name)| MovementSegment { id, name })
            .collect(),
        only_before: vec![0; k],
        only_after: vec![0; k],
        matched: 0,
        moved: 0,
        repeated_ids: [before.repeated, after.repeated],
        blank_ids: [before.blank, after.blank],
        rfm: None,
    };
    for (id, &a) in &before.segment {
        match after.segment.get(id) {
            Some(&b) => {
                m.matrix[a][b] += 1;
                m.matched += 1;
                m.moved += usize::from(a != b);
            }
            None => m.only_before[a] += 1,
        }
    }
    for (id, &b) in &after.segment {
        if !before.segment.contains_key(id) {
            m.only_after[b] += 1;
        }
    }
    m
}

/// The ids of the customers in segment `from` in the first file and `to` in the second, sorted:
/// one cell of the matrix as a list.
pub fn cell(before: &Keyed, after: &Keyed, from: usize, to: usize) -> Vec<String> {
    let ids: BTreeMap<&str, ()> = before
        .segment
        .iter()
        .filter(|(id, &a)| a == from && after.segment.get(*id) == Some(&to))
        .map(|(id, _)| (id.as_str(), ()))
        .collect();
    ids.into_keys().map(str::to_owned).collect()
}

/// One cell of the matrix as the CSV file a user downloads: a header naming the id column, then
/// each id on its own line, with the exports' guard against spreadsheet formulas (an id such as
/// `=HYPERLINK(...)` is written `'=HYPERLINK(...)`).
pub fn cell_csv(id_column: &str, ids: &[String]) -> Vec<u8> {
    let format = NumberFormat::default();
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    // Writing to a Vec cannot fail; an error here would be a bug in the csv crate.
    let _ = w.write_record([guard(id_column, format).as_ref()]);
    for id in ids {
        let _ = w.write_record([guard(id, format).as_ref()]);
    }
    w.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_list_guards_formulas_and_quotes_what_csv_must() {
        let ids = [
            "C-1".to_owned(),
            "=HYPERLINK(\"x\")".to_owned(),
            "a,b".to_owned(),
            "-7".to_owned(),
        ];
        let text = String::from_utf8(cell_csv("Customer ID", &ids)).unwrap();
        assert_eq!(
            text,
            "Customer ID\nC-1\n\"'=HYPERLINK(\"\"x\"\")\"\n\"a,b\"\n-7\n"
        );
    }
}
