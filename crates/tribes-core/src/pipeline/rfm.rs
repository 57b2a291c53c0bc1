//! Orders into customers: the RFM step, then k-means on the customers, with the rule for too few
//! customers (the RFM table stands on its own) kept here, once, for every caller.

use super::analyze::analyze;
use super::progress::{Progress, Stage};
use crate::cluster::settings::AUTO_K_MIN;
use crate::error::{Error, ParamError, Result};
use crate::features::LogChoice;
#[cfg(feature = "full-report")]
use crate::model::RfmModel;
use crate::options::{Options, ReadGiven, Settings};
use crate::read::{read, ReadSettings, Table};
use crate::report::{RfmAnalysis, RfmTable};
use crate::rfm::table::{SEGMENT_K_MIN, SEGMENT_ON};
use crate::rfm::{self, RfmResult, RfmSettings};
use crate::schema::{infer, ColumnSchema, Kind};

/// One row per customer from the orders in `table`, and the customers' k-means segments.
pub fn rfm(
    table: &Table,
    schema: &[ColumnSchema],
    settings: &Settings,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<RfmAnalysis> {
    let result = aggregate(table, schema, settings, progress)?;
    match segment(&result, settings, progress) {
        Ok((customers, analysis)) => Ok(RfmAnalysis {
            rfm: result,
            segments: Some(analysis),
            customers: Some(customers),
            without_segments: None,
        }),
        // Too few customers for k-means: the RFM table still stands on its own.
        Err(
            e @ (Error::TooFewRows { .. }
            | Error::TooFewRowsForAuto { .. }
            | Error::TooFewDistinctRows { .. }),
        ) => Ok(RfmAnalysis {
            rfm: result,
            segments: None,
            customers: None,
            without_segments: Some(e),
        }),
        Err(e) => Err(e),
    }
}

/// The page's RFM step: the customers as CSV and the options of their k-means step, which the
/// page runs as any analysis, with the user's k and seed.
pub fn rfm_table(
    table: &Table,
    schema: &[ColumnSchema],
    options: &Options,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<RfmTable> {
    // No k-means here, so no seed is needed.
    let settings = options.check(0)?;
    let mut result = aggregate(table, schema, &settings, progress)?;
    let csv = rfm::to_csv(&result);
    // The cut-offs are the customers' quintiles: taken before the customers are left out.
    #[cfg(feature = "full-report")]
    let rfm_model = RfmModel::of(&result);
    // The customers are in the CSV; the page gets the summary (200,000 customer objects took
    // 0.7 s of the page's main thread to receive).
    result.customers = Vec::new();
    Ok(RfmTable {
        rfm: result,
        csv,
        segment_options: segment_options(options),
        #[cfg(feature = "full-report")]
        rfm_model,
    })
}

/// `rfm::aggregate`, reporting progress as the stage `aggregate`.
fn aggregate(
    table: &Table,
    schema: &[ColumnSchema],
    settings: &Settings,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<RfmResult> {
    rfm::aggregate(table, schema, &settings.rfm, &mut |fraction| {
        progress(Progress {
            stage: Stage::Aggregate,
            fraction,
        })
    })
}

/// k-means beside the named segments: the per-customer table (as `rfm::to_csv` writes it, read
/// back) segmented on log-scaled recency, frequency and monetary total, with the rest of
/// `settings` (k, the seed...). A total below zero (a customer whose returns outweigh their
/// orders) keeps that column from the log, as the option `log` says.
fn segment(
    result: &RfmResult,
    settings: &Settings,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<(Table, crate::report::AnalysisResult)> {
    let customers = read(&rfm::to_csv(result), &ReadSettings::default())?;
    let settings = segment_settings(settings)?;
    #[cfg_attr(not(feature = "full-report"), allow(unused_mut))]
    let mut analysis = analyze(&customers, &infer(&customers), &settings, progress)?;
    // The model keeps how the customers were made and scored, and the orders' date.
    #[cfg(feature = "full-report")]
    {
        analysis.model = analysis.model.made_from_orders(RfmModel::of(result));
    }
    Ok((customers, analysis))
}

/// The settings of the customers' k-means step: the user's, on the columns `SEGMENT_ON`
/// (numbers, all log-scaled), the customer column an identifier, auto k from `SEGMENT_K_MIN`
/// unless the user chose the range; the table is read as written.
fn segment_settings(settings: &Settings) -> Result<Settings, ParamError> {
    let mut s = settings.clone();
    s.read = ReadSettings::default();
    s.read_given = ReadGiven::default();
    s.rfm = RfmSettings::default();
    s.rows = false;
    s.features.columns = Some(SEGMENT_ON.map(str::to_owned).to_vec());
    s.features.exclude.clear();
    s.features.log = LogChoice::All;
    if s.sweep.k_min == AUTO_K_MIN {
        s.sweep.k_min = SEGMENT_K_MIN;
    }
    if s.sweep.k_max < s.sweep.k_min {
        return Err(ParamError::KMinAboveKMax {
            k_min: s.sweep.k_min as u64,
            k_max: s.sweep.k_max as u64,
        });
    }
    for c in SEGMENT_ON {
        s.kinds.insert(c.to_owned(), Kind::Numeric);
    }
    // One row per customer: the customer column names each row, whatever it looks like.
    s.kinds.insert("customer".to_owned(), Kind::Identifier);
    Ok(s)
}

/// An orders file under a model made from orders: its customers, made as the model's were and
/// scored by the model's cut-offs, with the model's k-means segments.
#[cfg(feature = "full-report")]
#[derive(Debug, Clone)]
pub struct OrdersApplied {
    /// The customers, one row each as `tribes rfm` writes them; their R, F and M scores and named
    /// segments are the model's cut-offs', not their own quintiles', so that a customer who did
    /// the same is named the same next month.
    pub rfm: RfmResult,
    /// `rfm`'s customers as a table (what the labels are of).
    pub customers: Table,
    /// Each customer's segment of the model.
    pub labels: Vec<i32>,
    pub applied: crate::model::Applied,
}

/// Applies a model made from orders (`model.rfm`) to another orders file: the customers are made
/// from the model's columns, with recency counted to `as_of` (the file's last order date when
/// absent), scored by the model's cut-offs, and given the model's segments by its transforms
/// (nothing is fitted again).
#[cfg(feature = "full-report")]
pub fn apply_orders(
    table: &Table,
    schema: &[ColumnSchema],
    model: &crate::model::Model,
    as_of: Option<&str>,
) -> Result<OrdersApplied> {
    use crate::read::dates::{compact_parts, date_parts};
    use crate::rfm::aggregate::named_segments;
    use crate::rfm::rules::segment_of;

    let Some(made) = &model.rfm else {
        return Err(Error::BadModel(
            "it was not made from orders, so it applies to a customers file, not to orders".into(),
        ));
    };
    let as_of = match as_of.map(str::trim) {
        None => None,
        Some(text) => Some(crate::rfm::AsOf {
            parts: date_parts(text)
                .or_else(|| compact_parts(text))
                .ok_or_else(|| ParamError::AsOf(text.into()))?,
            written: text.into(),
        }),
    };
    let columns = &made.columns;
    let needed = [Some(&columns.customer), Some(&columns.date)]
        .into_iter()
        .chain([&columns.amount, &columns.quantity, &columns.price].map(Option::as_ref))
        .flatten();
    for column in needed {
        if !table.headers.iter().any(|h| h == column) {
            return Err(Error::NotOrders {
                customer: columns.customer.clone(),
                date: columns.date.clone(),
                missing: column.clone(),
            });
        }
    }
    let settings = RfmSettings {
        customer: Some(columns.customer.clone()),
        date: Some(columns.date.clone()),
        amount: columns.amount.clone(),
        quantity: columns.quantity.clone(),
        price: columns.price.clone(),
        order: columns.order.clone(),
        as_of,
        join: None,
    };
    let mut result = rfm::aggregate(table, schema, &settings, &mut |_| true)?;
    for c in &mut result.customers {
        let [r, f, m] =
            made.cutoffs
                .score(c.recency_days as f64, c.frequency as f64, c.monetary_total);
        (c.r, c.f, c.m) = (r, f, m);
        c.segment = segment_of(r, f).to_owned();
    }
    result.segments = named_segments(&result.customers);
    let customers = read(&rfm::to_csv(&result), &ReadSettings::default())?;
    let mut applying = crate::model::Applying::new(model);
    let labels = applying.part(&customers)?;
    Ok(OrdersApplied {
        rfm: result,
        customers,
        labels,
        applied: applying.finish(),
    })
}

/// The customers of an orders file applied, by their id, twice: in the model's segments, and in
/// the named RFM segments (by their index in the rules), for `compare` and `model::between`.
#[cfg(feature = "full-report")]
pub fn keyed_orders(
    applied: &OrdersApplied,
) -> Result<(crate::model::compare::Keyed, crate::model::compare::Keyed)> {
    use crate::rfm::rules::RULES;
    let mut segments = crate::model::compare::Keyed::default();
    segments.add(&applied.customers, "customer", &applied.labels, 0)?;
    let named: Vec<i32> = applied
        .rfm
        .customers
        .iter()
        .map(|c| {
            RULES
                .iter()
                .position(|r| r.name == c.segment)
                .map_or(-1, |i| i as i32)
        })
        .collect();
    let mut rfm = crate::model::compare::Keyed::default();
    rfm.add(&applied.customers, "customer", &named, 0)?;
    Ok((segments, rfm))
}

/// What an orders file applied under a model made from orders says of its named RFM segments:
/// the day recency was counted to, the orders read, and each named segment now beside its share
/// in the model's source (as `tribes apply --format json` prints it under `rfm`).
#[cfg(feature = "full-report")]
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct OrdersSummary {
    pub as_of: String,
    pub input: crate::rfm::result::RfmInput,
    pub segments: Vec<NamedNow>,
}

/// A named RFM segment in the orders applied: its customers, their share, and the share it had
/// in the model's source (none when the source had no such customer).
#[cfg(feature = "full-report")]
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct NamedNow {
    pub name: String,
    pub size: usize,
    pub share: f64,
    pub share_before: Option<f64>,
}

#[cfg(feature = "full-report")]
impl OrdersApplied {
    /// The named segments now beside their share in `model`'s source.
    pub fn summary(&self, model: &crate::model::Model) -> OrdersSummary {
        let before = model.rfm.as_ref().map_or(&[][..], |r| &r.segments[..]);
        OrdersSummary {
            as_of: self.rfm.as_of.clone(),
            input: self.rfm.input.clone(),
            segments: self
                .rfm
                .segments
                .iter()
                .map(|s| NamedNow {
                    name: s.name.clone(),
                    size: s.size,
                    share: s.share,
                    share_before: before.iter().find(|b| b.name == s.name).map(|b| b.share),
                })
                .collect(),
        }
    }
}

/// Who moved between two orders files under a model made from orders, matched by customer:
/// between the model's segments, and (`rfm`) between the named RFM segments by its cut-offs.
#[cfg(feature = "full-report")]
pub fn compare_orders(
    model: &crate::model::Model,
    before: &OrdersApplied,
    after: &OrdersApplied,
) -> Result<crate::model::compare::Movement> {
    use crate::model::compare::{between, compare};
    let (before, before_named) = keyed_orders(before)?;
    let (after, after_named) = keyed_orders(after)?;
    let mut movement = compare(model, &before, &after);
    let names = crate::rfm::rules::RULES
        .iter()
        .map(|r| r.name.to_owned())
        .collect();
    movement.rfm = Some(Box::new(between(names, &before_named, &after_named)));
    Ok(movement)
}

/// The same as options, for the page, which segments the customers' table as any file: checked,
/// they give `segment_settings` of the options checked.
pub fn segment_options(options: &Options) -> Options {
    let defaults = Options::default();
    let mut o = Options {
        delimiter: None,
        quote: None,
        header: defaults.header.clone(),
        decimal: None,
        encoding: None,
        customer: None,
        date: None,
        amount: None,
        quantity: None,
        price: None,
        order: None,
        as_of: None,
        join: None,
        rows: false,
        ..options.clone()
    };
    o.columns = Some(SEGMENT_ON.map(str::to_owned).to_vec());
    o.exclude.clear();
    o.log = LogChoice::All.as_str().to_owned();
    if o.k_min == defaults.k_min {
        o.k_min = SEGMENT_K_MIN as f64;
    }
    for c in SEGMENT_ON {
        o.kinds
            .insert(c.to_owned(), Kind::Numeric.as_str().to_owned());
    }
    o.kinds
        .insert("customer".to_owned(), Kind::Identifier.as_str().to_owned());
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pages_segment_options_check_into_the_segment_settings() {
        let mut kinds = crate::util::by_column::ByColumn::default();
        kinds.insert("channel".to_owned(), "categorical".to_owned());
        for options in [
            Options::default(),
            Options {
                k: crate::options::KChoice::Fixed(4.0),
                seed: Some(9.0),
                kinds,
                text_columns: vec!["notes".into()],
                delimiter: Some(";".into()),
                customer: Some("email".into()),
                ..Options::default()
            },
            Options {
                k_min: 5.0,
                k_max: 8.0,
                ..Options::default()
            },
        ] {
            let checked = segment_options(&options).check(3).unwrap();
            let typed = segment_settings(&options.check(3).unwrap()).unwrap();
            assert_eq!(
                serde_json::to_value(&checked).unwrap(),
                serde_json::to_value(&typed).unwrap()
            );
        }
        // A range that ends below 3 cannot hold the customers' auto k.
        let low = Options {
            k_max: 2.0,
            ..Options::default()
        };
        assert_eq!(
            segment_settings(&low.check(3).unwrap()).unwrap_err(),
            ParamError::KMinAboveKMax { k_min: 3, k_max: 2 }
        );
    }
}
