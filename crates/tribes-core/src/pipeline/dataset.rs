//! A file read and typed once, and every run on it: what the CLI does with a file, and what a
//! page's session does with the file it was given. The free functions do the same from bytes in
//! memory.

use super::progress::{Progress, Stage};
use crate::error::{Error, Result};
use crate::export::{self, ExportSettings};
use crate::model::compare::Keyed;
use crate::model::{Applied, Applying, Model};
use crate::options::{Options, Settings};
use crate::read::summary::summary;
use crate::read::{read, Reader, Table};
use crate::report::{AnalysisResult, Inspection, KeywordsResult, RfmAnalysis, RfmTable};
use crate::rfm::{guess, Guess};
use crate::schema::{infer, ColumnSchema};

/// A table and the kinds detected in it: typed once, however many runs follow.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub table: Table,
    pub schema: Vec<ColumnSchema>,
}

impl Dataset {
    pub fn new(table: Table) -> Dataset {
        let schema = infer(&table);
        Dataset { table, schema }
    }

    /// What was read and understood; with `rows`, every row as strings too.
    pub fn inspection(&self, rows: bool) -> Inspection {
        let table = &self.table;
        let rows = rows.then(|| {
            (0..table.rows())
                .map(|r| table.row(r).map(str::to_owned).collect())
                .collect()
        });
        Inspection {
            input: summary(table),
            columns: self.schema.clone(),
            rows,
        }
    }

    /// The segments described, before their stability: show them, then run
    /// `Segmented::stability` (which `analyze` does in one go).
    pub fn segment(
        &self,
        settings: &Settings,
        progress: &mut dyn FnMut(Progress) -> bool,
    ) -> Result<super::analyze::Segmented> {
        super::analyze::segment(&self.table, &self.schema, settings, progress)
    }

    /// The segments, described, with their stability and the verdict.
    pub fn analyze(
        &self,
        settings: &Settings,
        progress: &mut dyn FnMut(Progress) -> bool,
    ) -> Result<AnalysisResult> {
        super::analyze::analyze(&self.table, &self.schema, settings, progress)
    }

    /// The distinctive terms of the first text column, per segment or per value of `by`.
    pub fn keywords(
        &self,
        settings: &Settings,
        progress: &mut dyn FnMut(Progress) -> bool,
    ) -> Result<KeywordsResult> {
        super::keywords::keywords(&self.table, &self.schema, settings, progress)
    }

    /// One row per customer from an orders file, and the customers' k-means segments.
    pub fn rfm(
        &self,
        settings: &Settings,
        progress: &mut dyn FnMut(Progress) -> bool,
    ) -> Result<RfmAnalysis> {
        super::rfm::rfm(&self.table, &self.schema, settings, progress)
    }

    /// The page's RFM step (see `RfmTable`).
    pub fn rfm_table(
        &self,
        options: &Options,
        progress: &mut dyn FnMut(Progress) -> bool,
    ) -> Result<RfmTable> {
        super::rfm::rfm_table(&self.table, &self.schema, options, progress)
    }

    /// Whether the file is one row per order, and its customer, date, amount and order columns.
    pub fn rfm_guess(&self) -> Guess {
        guess(&self.table, &self.schema)
    }

    /// A saved model applied to the file: each record's segment (-1 for a skipped record) by
    /// the model's transforms and centres, and what was counted on the way (sizes, drift).
    pub fn apply(&self, model: &Model) -> Result<(Vec<i32>, Applied)> {
        // A model made from orders applies to orders through `apply_orders`, whose labels are of
        // customers, not of the file's records; here, only to its own customers' table.
        #[cfg(feature = "full-report")]
        if let (Some(rfm), true) = (&model.rfm, self.needs_orders(model)) {
            return Err(crate::error::Error::OrdersModel {
                customer: rfm.columns.customer.clone(),
            });
        }
        let mut applying = Applying::new(model);
        let labels = applying.part(&self.table)?;
        Ok((labels, applying.finish()))
    }

    /// Whether `model`, made from orders, applies to this file as orders (`apply_orders`): the
    /// file lacks the columns of the model's customers' table.
    #[cfg(feature = "full-report")]
    pub fn needs_orders(&self, model: &Model) -> bool {
        model.rfm.is_some() && Applying::check_columns(model, &self.table.headers).is_err()
    }

    /// The file's customers by the id column `id`, each with the segment `model` gives them:
    /// one side of `compare` (who moved between two files under one model).
    pub fn keyed(&self, model: &Model, id: &str) -> Result<Keyed> {
        let (labels, _) = self.apply(model)?;
        let mut keyed = Keyed::default();
        keyed.add(&self.table, id, &labels, 0)?;
        Ok(keyed)
    }

    /// A model made from orders applied to this orders file (see `rfm::apply_orders`): one row
    /// per customer, scored by the model's cut-offs, with the model's segments.
    #[cfg(feature = "full-report")]
    pub fn apply_orders(
        &self,
        model: &Model,
        as_of: Option<&str>,
    ) -> Result<super::rfm::OrdersApplied> {
        super::rfm::apply_orders(&self.table, &self.schema, model, as_of)
    }

    /// A saved model applied, then its segments written as campaign audiences (`audience`).
    #[cfg(feature = "audience")]
    pub fn audience(
        &self,
        model: &Model,
        options: &crate::audience::AudienceOptions,
    ) -> Result<crate::audience::Audience> {
        let settings = options.check(model)?;
        crate::audience::audience(&self.table, model, settings)
    }

    /// The file with each record's segment (`labels` and the `suggested` names of a result).
    pub fn export_csv(
        &self,
        labels: &[i32],
        suggested: &[String],
        settings: &ExportSettings,
    ) -> Vec<u8> {
        export::csv(&self.table, labels, suggested, settings)
    }
}

/// A streaming reader with the reading options of `options`; `size`, the file's size when known,
/// lets it reserve memory once.
pub fn reader(options: &Options, size: Option<u64>) -> Result<Reader> {
    let read = options.check_read()?;
    let reader = match size {
        Some(bytes) if bytes > 0 => Reader::with_size_hint(read, bytes),
        _ => Reader::new(read),
    };
    // A size over the limit is refused before the first chunk is read.
    reader.check_size()?;
    Ok(reader)
}

/// What a file in memory holds, as read with the reading options (the others are not looked at);
/// `options.rows` adds every row.
pub fn inspect(bytes: &[u8], options: &Options) -> Result<Inspection> {
    let table = read(bytes, &options.check_read()?)?;
    Ok(Dataset::new(table).inspection(options.rows))
}

/// The options checked (a drawn seed for a run the user did not seed), then the file in memory
/// read: a bad option is reported before any work.
fn checked(
    bytes: &[u8],
    options: &Options,
    drawn_seed: u32,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<(Settings, Dataset)> {
    let settings = options.check(drawn_seed)?;
    if !progress(Progress {
        stage: Stage::Read,
        fraction: 0.0,
    }) {
        return Err(Error::Cancelled);
    }
    let table = read(bytes, &settings.read)?;
    Ok((settings, Dataset::new(table)))
}

/// The whole analysis of a file in memory. `drawn_seed` is used when `options` has no seed (the
/// caller draws it; the result reports the seed used). `progress` is called often; returning
/// `false` cancels.
pub fn analyze(
    bytes: &[u8],
    options: &Options,
    drawn_seed: u32,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<AnalysisResult> {
    let (settings, data) = checked(bytes, options, drawn_seed, progress)?;
    data.analyze(&settings, progress)
}

/// `Dataset::keywords` on a file in memory.
pub fn keywords(
    bytes: &[u8],
    options: &Options,
    drawn_seed: u32,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<KeywordsResult> {
    let (settings, data) = checked(bytes, options, drawn_seed, progress)?;
    data.keywords(&settings, progress)
}

/// `Dataset::rfm` on a file in memory.
pub fn rfm(
    bytes: &[u8],
    options: &Options,
    drawn_seed: u32,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<RfmAnalysis> {
    let (settings, data) = checked(bytes, options, drawn_seed, progress)?;
    data.rfm(&settings, progress)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features;
    use crate::options::KChoice;
    use crate::pipeline::progress::no_progress;
    use crate::report::Role;

    // Five Boston rows with low spend and age, three Austin rows with high; row 9 is too long.
    // Boston's missing spend is imputed with the median of the seven present values, 110.
    const CSV: &[u8] = b"id,city,spend,age\n\
        1,Boston,100,30\n2,Boston,110,31\n3,Boston,NA,29\n4,Boston,104,30\n5,Boston,108,28\n\
        6,Austin,900,55\n7,Austin,950,56\n8,Austin,920,54\n9,Boston,1,2,3\n";

    #[test]
    fn analyze_end_to_end_with_a_skipped_row() {
        let o = Options {
            k: KChoice::Fixed(2.0),
            seed: Some(5.0),
            ..Options::default()
        };
        let r = analyze(CSV, &o, 0, &mut no_progress).unwrap();
        assert_eq!(r.input.records, 9);
        assert_eq!(r.input.rows, 8);
        assert_eq!(r.input.skipped[0].row, 9);
        assert_eq!(r.input.skipped[0].line, 10);
        // The larger segment is 0; the skipped record is -1.
        assert_eq!(r.labels, [0, 0, 0, 0, 0, 1, 1, 1, -1]);
        assert_eq!(r.seed, 5);
        let roles: Vec<Role> = r.columns.iter().map(|c| c.role).collect();
        assert_eq!(
            roles,
            [
                Role::Identifier,
                Role::Feature,
                Role::Feature,
                Role::Feature
            ]
        );
        assert_eq!(r.columns[2].missing, 1);
        assert_eq!(r.segments[0].size, 5);
        // Austin is 2.7x as common in segment 1, and both its numbers are high: which of them
        // names it depends on decimals (effects 1.23 and 1.24), so the test only checks the shape.
        assert!(
            r.segments[1].name.starts_with("Austin · high "),
            "{}",
            r.segments[1].name
        );
    }

    #[test]
    fn a_drawn_seed_is_reported_and_repeats_the_run() {
        let a = analyze(CSV, &Options::default(), 1234, &mut no_progress).unwrap();
        assert_eq!(a.seed, 1234);
        let o = Options {
            seed: Some(1234.0),
            ..Options::default()
        };
        let b = analyze(CSV, &o, 99, &mut no_progress).unwrap();
        assert_eq!(a.labels, b.labels);
        assert_eq!(a.k_selection, b.k_selection);
    }

    #[test]
    fn text_joins_the_features_only_with_a_text_weight() {
        // Two kinds of customers told apart only by what they write; "score" is the same noise
        // for both. Without text the two segments split the noise; with a text weight of 1 they
        // follow the words.
        let mut csv = String::from("score,notes\n");
        for i in 0..120 {
            let words = if i % 2 == 0 {
                "loves the api and webhooks"
            } else {
                "asks about coupons and loyalty points"
            };
            // Each note differs a little, as free text does (a note repeated word for word is
            // a picklist, a category).
            csv.push_str(&format!(
                "{},{words} {} in ticket {i}\n",
                (i * 37) % 100,
                ["today", "again"][i % 3 / 2]
            ));
        }
        let base = Options {
            k: KChoice::Fixed(2.0),
            seed: Some(3.0),
            text_columns: vec!["notes".into()],
            ..Options::default()
        };
        let agree = |r: &AnalysisResult| {
            let same = (0..120)
                .filter(|&i| (r.labels[i] == r.labels[0]) == (i % 2 == 0))
                .count();
            same.max(120 - same)
        };
        let plain = analyze(csv.as_bytes(), &base, 0, &mut no_progress).unwrap();
        assert!(agree(&plain) < 90, "without text: {}", agree(&plain));
        assert_eq!(plain.columns[1].role, Role::Ignored);
        let with_text = Options {
            text_weight: 1.0,
            ..base
        };
        let r = analyze(csv.as_bytes(), &with_text, 0, &mut no_progress).unwrap();
        assert_eq!(agree(&r), 120);
        assert_eq!(r.columns[1].role, Role::Feature);
        assert_eq!(
            r.columns[1].feature.as_ref().unwrap().dims,
            features::fit::TEXT_DIMS
        );
        // And each segment's words are its own (the top term is one of its words or a phrase of
        // them, such as "api and webhooks").
        for s in &r.segments {
            let top = &s.keywords[0].terms[0].term;
            assert!(
                ["api", "webhooks", "coupons", "loyalty"]
                    .iter()
                    .any(|w| top.contains(w)),
                "{top}"
            );
        }
    }

    #[test]
    fn cancel_stops_analyze() {
        let e = analyze(CSV, &Options::default(), 1, &mut |_| false).unwrap_err();
        assert_eq!(e, Error::Cancelled);
    }

    #[test]
    fn inspect_reports_kinds_and_rows() {
        let o = Options {
            rows: true,
            ..Options::default()
        };
        let i = inspect(CSV, &o).unwrap();
        let kinds: Vec<&str> = i.columns.iter().map(|c| c.kind.as_str()).collect();
        assert_eq!(kinds, ["identifier", "categorical", "numeric", "numeric"]);
        assert_eq!(i.rows.unwrap()[0], ["1", "Boston", "100", "30"]);
    }

    #[test]
    fn options_refused_once_the_file_is_known_each_have_their_variant() {
        use crate::error::ParamError;
        let data = |csv: &str| Dataset::new(read(csv.as_bytes(), &Default::default()).unwrap());
        let check = |o: Options| o.check(1).unwrap();
        let customers =
            data("id,city,spend,notes\n1,Boston,10,hi\n2,Austin,20,yo\n3,Boston,30,hey\n");
        let refused = |o: Options| customers.keywords(&check(o), &mut no_progress).unwrap_err();
        assert_eq!(
            refused(Options::default()),
            Error::Param(ParamError::KeywordsWithoutText)
        );
        let unknown = |option: &'static str, name: &str| {
            Error::Param(ParamError::UnknownColumn {
                option,
                name: name.into(),
                available: "id, city, spend, notes".into(),
            })
        };
        let notes = || vec!["notes".to_owned()];
        assert_eq!(
            refused(Options {
                text_columns: vec!["bio".into()],
                ..Options::default()
            }),
            unknown("textColumns", "bio")
        );
        assert_eq!(
            refused(Options {
                text_columns: notes(),
                by: Some("town".into()),
                ..Options::default()
            }),
            unknown("by", "town")
        );
        let analyzed = |o: Options| customers.analyze(&check(o), &mut no_progress).unwrap_err();
        let mut kinds = crate::util::by_column::ByColumn::default();
        kinds.insert("town".to_owned(), "text".to_owned());
        assert_eq!(
            analyzed(Options {
                kinds,
                ..Options::default()
            }),
            unknown("kinds", "town")
        );
        assert_eq!(
            analyzed(Options {
                exclude: vec!["town".into()],
                ..Options::default()
            }),
            unknown("exclude", "town")
        );
        assert_eq!(
            analyzed(Options {
                columns: Some(vec!["id".into()]),
                ..Options::default()
            }),
            Error::Param(ParamError::NotUsable {
                option: "columns",
                name: "id".into(),
                kind: "identifier".into(),
            })
        );

        // Orders: each column that could not be found, in the order they are looked for.
        let rfm = |d: &Dataset, o: Options| d.rfm(&check(o), &mut no_progress).unwrap_err();
        assert_eq!(
            rfm(&customers, Options::default()),
            Error::Param(ParamError::NoCustomerColumn)
        );
        let by_city = || Options {
            customer: Some("city".into()),
            ..Options::default()
        };
        assert_eq!(
            rfm(&customers, by_city()),
            Error::Param(ParamError::NoDateColumn)
        );
        let dated = data("customer,day\nA,2024-01-01\nA,2024-01-02\nB,2024-01-03\n");
        assert_eq!(
            rfm(&dated, Options::default()),
            Error::Param(ParamError::NoAmountColumn)
        );
        let empty = data("customer,date,amount\n,2024-01-01,5\nA,,6\n");
        let named = Options {
            customer: Some("customer".into()),
            date: Some("date".into()),
            amount: Some("amount".into()),
            ..Options::default()
        };
        let e = rfm(&empty, named);
        assert_eq!(
            e,
            Error::NoOrderRows {
                skipped: 2,
                first: "row 1: no customer id in column \"customer\"".into(),
            }
        );
        assert_eq!(
            e.to_string(),
            "rfm: no row has a customer, a date and an amount (2 rows skipped; the first: row 1: no customer id in column \"customer\")"
        );

        // The export's segment.
        let export = crate::export::ExportOptions {
            segment: Some(1.5),
            ..Default::default()
        };
        let e = export.check(3).unwrap_err();
        assert_eq!(e, ParamError::ExportSegment { segment: 1.5, k: 3 });
        assert_eq!(
            e.to_string(),
            "option segment: 1.5 is not a segment id; the segments are 0 to 2"
        );
        // A segment there is none of gave a file of the header only.
        let export = crate::export::ExportOptions {
            segment: Some(99.0),
            ..Default::default()
        };
        assert_eq!(
            export.check(3).unwrap_err().to_string(),
            "option segment: 99 is not a segment id; the segments are 0 to 2"
        );
        assert_eq!(
            crate::export::ExportOptions {
                segment: Some(2.0),
                ..Default::default()
            }
            .check(3)
            .unwrap()
            .segment,
            Some(2)
        );
    }
}
