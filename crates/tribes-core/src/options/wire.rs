//! The options as they arrive: camelCase fields from JS, the same from the CLI's flags, numbers
//! as `f64` and choices as text. Defaults are defined here once; the wasm layer gives them to the
//! page (`defaultOptions()`), so the UI and the core never disagree.

use serde::{Deserialize, Serialize};

use crate::cluster::settings::{
    AUTO_K_MAX, AUTO_K_MIN, AUTO_SAMPLE_ROWS, DEFAULT_MAX_ITER, DEFAULT_N_INIT, DEFAULT_TOL,
    SILHOUETTE_SAMPLE_ROWS,
};
use crate::error::ParamError;
use crate::text::DEFAULT_TOP;
use crate::util::by_column::ByColumn;

/// The camelCase names of `Options`' fields, for bindings whose deserializer only looks up known
/// fields (serde-wasm-bindgen) and so cannot refuse a misspelt one by itself.
pub const OPTION_NAMES: [&str; 40] = [
    "k",
    "kMin",
    "kMax",
    "sampleRows",
    "silhouetteRows",
    "seed",
    "columns",
    "exclude",
    "scale",
    "log",
    "init",
    "nInit",
    "tol",
    "maxIter",
    "kinds",
    "roles",
    "lens",
    "textColumns",
    "stopWords",
    "stem",
    "textWeight",
    "by",
    "top",
    "delimiter",
    "quote",
    "header",
    "decimal",
    "encoding",
    "sheet",
    "entry",
    "sample",
    "customer",
    "date",
    "amount",
    "quantity",
    "price",
    "order",
    "asOf",
    "join",
    "rows",
];

/// `k`: a number of segments, or `"auto"`.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum KChoice {
    #[default]
    Auto,
    /// As given; range-checked by `Options::check`.
    Fixed(f64),
}

impl Serialize for KChoice {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            KChoice::Auto => s.serialize_str("auto"),
            KChoice::Fixed(k) => s.serialize_f64(*k),
        }
    }
}

impl<'de> Deserialize<'de> for KChoice {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // A visitor rather than an untagged enum: serde buffers an untagged value in its generic
        // `Content` first, and that machinery was 10 KB of the wasm module.
        struct Visit;
        impl serde::de::Visitor<'_> for Visit {
            type Value = KChoice;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number of segments or \"auto\"")
            }
            fn visit_f64<E: serde::de::Error>(self, k: f64) -> Result<KChoice, E> {
                Ok(KChoice::Fixed(k))
            }
            fn visit_i64<E: serde::de::Error>(self, k: i64) -> Result<KChoice, E> {
                Ok(KChoice::Fixed(k as f64))
            }
            fn visit_u64<E: serde::de::Error>(self, k: u64) -> Result<KChoice, E> {
                Ok(KChoice::Fixed(k as f64))
            }
            fn visit_str<E: serde::de::Error>(self, t: &str) -> Result<KChoice, E> {
                KChoice::parse(t).map_err(E::custom)
            }
        }
        d.deserialize_any(Visit)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for KChoice {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "KChoice".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A number of segments, or \"auto\".",
            "anyOf": [{ "type": "number" }, { "const": "auto" }]
        })
    }
}

impl KChoice {
    /// Parses the CLI's `--k` value: `auto` or a number.
    pub fn parse(text: &str) -> Result<Self, ParamError> {
        let t = text.trim();
        if t.eq_ignore_ascii_case("auto") {
            return Ok(KChoice::Auto);
        }
        crate::util::decimal::parse(t)
            .map(KChoice::Fixed)
            .ok_or_else(|| ParamError::KNotWhole(format!("\"{t}\"")))
    }
}

/// The options as a user gives them. Field names are the camelCase names of the README's table;
/// numbers are `f64` because that is what JS sends, and `check` insists on whole numbers where
/// the option needs one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Options {
    pub k: KChoice,
    /// `k = auto`: the smallest and largest k tried.
    pub k_min: f64,
    pub k_max: f64,
    /// `k = auto`: each k is fitted on a seeded sample of at most this many rows...
    pub sample_rows: f64,
    /// ...and its silhouette scored on at most this many of them (and so is the final fit's).
    pub silhouette_rows: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub columns: Option<Vec<String>>,
    pub exclude: Vec<String>,
    pub scale: String,
    /// `auto` (log-transform heavily skewed columns that are never negative) or `none`.
    pub log: String,
    pub init: String,
    pub n_init: f64,
    pub tol: f64,
    pub max_iter: f64,
    /// Kinds set by the user, by column name: `{"zip": "identifier"}`.
    #[serde(skip_serializing_if = "ByColumn::is_empty")]
    pub kinds: ByColumn<String>,
    /// Roles set by the user, by column name: `{"Churn": "feature", "Region": "sparse"}`.
    #[serde(skip_serializing_if = "ByColumn::is_empty")]
    pub roles: ByColumn<String>,
    /// `auto` (every column that carries segment structure) or one lens: `behaviour`,
    /// `firmographics`, `location`, `demographics`.
    pub lens: String,
    /// Free-text columns whose distinctive terms each segment gets.
    pub text_columns: Vec<String>,
    /// Words to leave out of keywords, besides the language's stop words.
    pub stop_words: Vec<String>,
    /// Keywords: group words by their Snowball stem, shown in their most frequent form.
    pub stem: bool,
    /// Weight of the text columns as segmentation features (0, the default: keywords only).
    pub text_weight: f64,
    /// Keywords: group the rows by this column's values instead of by segment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// Keywords: terms listed per group.
    pub top: f64,
    /// Reading: `,` `;` `tab` `|` or any single character; detected when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    /// Reading: `"` or `'`; detected when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// Reading: `auto`, `yes` (the first row names the columns) or `no`.
    pub header: String,
    /// Reading: `.` or `,`; detected when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decimal: Option<String>,
    /// Reading: an encoding label (`utf-8`, `windows-1252`, `latin1`, `utf-16le`...); detected
    /// when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// Reading a workbook: the sheet to read; the first sheet with data when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// Reading a ZIP archive: the CSV file to read; when absent, an audience export's files are
    /// joined, or the first CSV file is read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry: Option<String>,
    /// Reading: the share of the file's rows to keep (0 to 1), a sample spread over the whole
    /// file; every row when absent. For a file too large to segment whole.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sample: Option<f64>,
    /// Orders (`rfm`): the customer id column; detected when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
    /// Orders: the order date column; detected when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Orders: the amount column; or `quantity` times `price`. Detected when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantity: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price: Option<String>,
    /// Orders: the order id column (frequency counts distinct ids); detected when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<String>,
    /// Recency (orders) and days since a date (derived columns) are counted to this date (the
    /// form the date columns use, or ISO `2024-12-31`); the file's last date when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// Joining an orders file onto a customers file: `CUSTOMERS_COLUMN=ORDERS_COLUMN`, the
    /// customers file's key and the orders file's customer column; measured on both files when
    /// absent (the pair whose values match best).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub join: Option<String>,
    /// Inspecting a file: every row as decoded strings too.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub rows: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            k: KChoice::Auto,
            k_min: AUTO_K_MIN as f64,
            k_max: AUTO_K_MAX as f64,
            sample_rows: AUTO_SAMPLE_ROWS as f64,
            silhouette_rows: SILHOUETTE_SAMPLE_ROWS as f64,
            seed: None,
            columns: None,
            exclude: Vec::new(),
            scale: "zscore".into(),
            log: "auto".into(),
            init: "kmeans++".into(),
            n_init: DEFAULT_N_INIT as f64,
            tol: DEFAULT_TOL,
            max_iter: DEFAULT_MAX_ITER as f64,
            kinds: ByColumn::default(),
            roles: ByColumn::default(),
            lens: "auto".into(),
            text_columns: Vec::new(),
            stop_words: Vec::new(),
            stem: false,
            text_weight: 0.0,
            by: None,
            top: DEFAULT_TOP as f64,
            delimiter: None,
            quote: None,
            header: "auto".into(),
            decimal: None,
            encoding: None,
            sheet: None,
            entry: None,
            sample: None,
            customer: None,
            date: None,
            amount: None,
            quantity: None,
            price: None,
            order: None,
            as_of: None,
            join: None,
            rows: false,
        }
    }
}
