//! The options checked: one typed value per stage, which is all the stages ever see.
//!
//! `Settings` serializes as the flat camelCase object a result reports under `options` (every
//! value in range, the seed filled in), with the reading options as the user wrote them: give it
//! back as options and the run repeats.

use serde::Serialize;

use crate::cluster::{Init, KMeansSettings, SweepSettings};
use crate::features::{FeatureSettings, LogChoice, Scale};
use crate::read::ReadSettings;
use crate::rfm::RfmSettings;
use crate::schema::{Kind, Role};
use crate::text::KeywordSettings;
use crate::util::by_column::ByColumn;

use super::wire::{KChoice, Options};

/// Every stage's settings, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The seed of every random choice of the run: the user's, or drawn by the caller.
    pub seed: u32,
    pub read: ReadSettings,
    /// The reading options as written, for the report (the reader takes `read`).
    pub read_given: ReadGiven,
    /// The kinds the user set, by column.
    pub kinds: ByColumn<Kind>,
    /// The roles the user set, by column.
    pub roles: ByColumn<Role>,
    pub features: FeatureSettings,
    pub kmeans: KMeansSettings,
    pub sweep: SweepSettings,
    pub keywords: KeywordSettings,
    pub rfm: RfmSettings,
    /// Inspecting: every row as strings too.
    pub rows: bool,
}

/// The reading options as the user wrote them (`tab`, `yes`, `latin1`...).
#[derive(Debug, Clone, PartialEq)]
pub struct ReadGiven {
    pub delimiter: Option<String>,
    pub quote: Option<String>,
    pub header: String,
    pub decimal: Option<String>,
    pub encoding: Option<String>,
    pub sheet: Option<String>,
    pub entry: Option<String>,
}

impl Default for ReadGiven {
    fn default() -> Self {
        ReadGiven {
            delimiter: None,
            quote: None,
            header: "auto".into(),
            decimal: None,
            encoding: None,
            sheet: None,
            entry: None,
        }
    }
}

/// Options after `check`: every value in range, the seed chosen.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
struct Report<'a> {
    /// `None` for `auto`.
    k: Option<usize>,
    k_min: usize,
    k_max: usize,
    sample_rows: usize,
    silhouette_rows: usize,
    seed: u32,
    columns: Option<&'a [String]>,
    exclude: &'a [String],
    scale: Scale,
    log: LogChoice,
    init: Init,
    n_init: usize,
    tol: f64,
    max_iter: usize,
    kinds: &'a ByColumn<Kind>,
    roles: &'a ByColumn<Role>,
    /// `auto` or the lens segments were formed through.
    lens: &'a str,
    /// The date derived columns and recency were counted to, as written (`None`: the file's
    /// last date).
    as_of: Option<&'a str>,
    text_columns: &'a [String],
    stop_words: &'a [String],
    stem: bool,
    text_weight: f64,
    by: Option<&'a str>,
    top: usize,
    /// The reading overrides, as given (`None`: detected).
    delimiter: Option<&'a str>,
    quote: Option<&'a str>,
    header: &'a str,
    decimal: Option<&'a str>,
    encoding: Option<&'a str>,
    /// The workbook's sheet and the archive's file, as given (`None`: the default one).
    #[serde(skip_serializing_if = "Option::is_none")]
    sheet: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    entry: Option<&'a str>,
    #[cfg(feature = "full-report")]
    #[serde(skip_serializing_if = "Option::is_none")]
    sample: Option<f64>,
}

impl Settings {
    fn report(&self) -> Report<'_> {
        let g = &self.read_given;
        Report {
            k: self.kmeans.k,
            k_min: self.sweep.k_min,
            k_max: self.sweep.k_max,
            sample_rows: self.sweep.sample_rows,
            silhouette_rows: self.sweep.silhouette_rows,
            seed: self.seed,
            columns: self.features.columns.as_deref(),
            exclude: &self.features.exclude,
            scale: self.features.scale,
            log: self.features.log,
            init: self.kmeans.init,
            n_init: self.kmeans.n_init,
            tol: self.kmeans.tol,
            max_iter: self.kmeans.max_iter,
            kinds: &self.kinds,
            roles: &self.roles,
            lens: self.features.lens.as_str(),
            as_of: self.features.as_of.as_ref().map(|a| a.written.as_str()),
            text_columns: &self.keywords.columns,
            stop_words: &self.keywords.stop_words,
            stem: self.keywords.stem,
            text_weight: self.features.text_weight,
            by: self.keywords.by.as_deref(),
            top: self.keywords.top,
            delimiter: g.delimiter.as_deref(),
            quote: g.quote.as_deref(),
            header: &g.header,
            decimal: g.decimal.as_deref(),
            encoding: g.encoding.as_deref(),
            sheet: g.sheet.as_deref(),
            entry: g.entry.as_deref(),
            #[cfg(feature = "full-report")]
            sample: self.read.sample,
        }
    }
}

impl Settings {
    /// The settings as options again (the wire form), the seed filled in: what a saved model
    /// keeps, so that the run it came from can be repeated. Checking them gives these settings.
    pub fn options(&self) -> Options {
        let g = &self.read_given;
        let f = &self.features;
        let kw = &self.keywords;
        let r = &self.rfm;
        Options {
            k: self
                .kmeans
                .k
                .map_or(KChoice::Auto, |k| KChoice::Fixed(k as f64)),
            k_min: self.sweep.k_min as f64,
            k_max: self.sweep.k_max as f64,
            sample_rows: self.sweep.sample_rows as f64,
            silhouette_rows: self.sweep.silhouette_rows as f64,
            seed: Some(f64::from(self.seed)),
            columns: f.columns.clone(),
            exclude: f.exclude.clone(),
            scale: match f.scale {
                Scale::Zscore => "zscore",
                Scale::Robust => "robust",
                Scale::None => "none",
            }
            .to_owned(),
            log: f.log.as_str().to_owned(),
            init: match self.kmeans.init {
                Init::KMeansPlusPlus => "kmeans++",
                Init::First => "first",
            }
            .to_owned(),
            n_init: self.kmeans.n_init as f64,
            tol: self.kmeans.tol,
            max_iter: self.kmeans.max_iter as f64,
            kinds: self
                .kinds
                .iter()
                .map(|(c, k)| (c.clone(), k.as_str().to_owned()))
                .collect(),
            roles: self
                .roles
                .iter()
                .map(|(c, r)| (c.clone(), r.as_str().to_owned()))
                .collect(),
            lens: self.features.lens.as_str().to_owned(),
            text_columns: kw.columns.clone(),
            stop_words: kw.stop_words.clone(),
            stem: kw.stem,
            text_weight: f.text_weight,
            by: kw.by.clone(),
            top: kw.top as f64,
            delimiter: g.delimiter.clone(),
            quote: g.quote.clone(),
            header: g.header.clone(),
            decimal: g.decimal.clone(),
            encoding: g.encoding.clone(),
            sheet: g.sheet.clone(),
            entry: g.entry.clone(),
            #[cfg(feature = "full-report")]
            sample: self.read.sample,
            #[cfg(not(feature = "full-report"))]
            sample: None,
            customer: r.customer.clone(),
            date: r.date.clone(),
            amount: r.amount.clone(),
            quantity: r.quantity.clone(),
            price: r.price.clone(),
            order: r.order.clone(),
            as_of: r.as_of.as_ref().map(|a| a.written.clone()),
            #[cfg(feature = "full-report")]
            join: r.join.as_ref().map(|(c, o)| format!("{c}={o}")),
            #[cfg(not(feature = "full-report"))]
            join: None,
            rows: self.rows,
        }
    }
}

impl Serialize for Settings {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.report().serialize(s)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Settings {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Settings".into()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        Report::json_schema(g)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_as_options_check_into_the_same_settings() {
        let mut kinds = ByColumn::default();
        kinds.insert("zip".to_owned(), "identifier".to_owned());
        for options in [
            Options::default(),
            Options {
                k: KChoice::Fixed(4.0),
                k_min: 3.0,
                seed: Some(77.0),
                columns: Some(vec!["spend".into(), "city".into()]),
                scale: "robust".into(),
                log: "all".into(),
                init: "first".into(),
                kinds,
                text_columns: vec!["notes".into()],
                text_weight: 1.5,
                delimiter: Some(";".into()),
                customer: Some("email".into()),
                as_of: Some("2024-12-31".into()),
                ..Options::default()
            },
        ] {
            let settings = options.check(5).unwrap();
            let again = settings.options().check(9).unwrap();
            assert_eq!(again, settings);
        }
    }
}
