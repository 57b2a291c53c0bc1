//! Keywords: one text column's distinctive terms per group, the groups being the k-means
//! segments (found with the other options) or the values of a `by` column.

use super::analyze::analyze;
use super::progress::Progress;
use crate::error::{ParamError, Result};
use crate::features::levels;
use crate::options::Settings;
use crate::read::summary::summary;
use crate::read::Table;
use crate::report::KeywordsResult;
use crate::schema::ColumnSchema;
use crate::text::{Corpus, KeywordSettings};

/// The distinctive terms of the first of the text columns, per segment or per value of `by`.
pub fn keywords(
    table: &Table,
    detected: &[ColumnSchema],
    settings: &Settings,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<KeywordsResult> {
    super::analyze::rows_left(table)?;
    let k = &settings.keywords;
    let name = k.columns.first().ok_or(ParamError::KeywordsWithoutText)?;
    let c = table.find("textColumns", name)?;
    let (groups, names, by, seed) = match &k.by {
        Some(by) => {
            // The column's values, the most frequent first; past the 29th, "(other)".
            let levels = levels(table.column(table.find("by", by)?));
            (levels.codes, levels.values, by.clone(), None)
        }
        None => {
            let plain = Settings {
                keywords: KeywordSettings {
                    columns: Vec::new(),
                    ..k.clone()
                },
                ..settings.clone()
            };
            let r = analyze(table, detected, &plain, progress)?;
            let groups = (0..table.rows())
                .map(|row| usize::try_from(r.labels[table.record_of_row[row]]).ok())
                .collect();
            let names = r.segments.iter().map(|s| s.name.clone()).collect();
            (groups, names, "segment".to_owned(), Some(r.seed))
        }
    };
    let corpus = Corpus::read(table.column(c).iter(), &k.corpus());
    Ok(KeywordsResult {
        input: summary(table),
        by,
        seed,
        overall: corpus.summary(name, k.top),
        groups: corpus.distinctive(&groups, &names, k.top),
    })
}
