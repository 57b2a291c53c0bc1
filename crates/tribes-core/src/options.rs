//! The options of an analysis: the raw form that arrives from the CLI or from JS, and the checked
//! form the pipeline runs on.
//!
//! Defaults are defined here once; the wasm layer exposes them to the page (`defaultOptions()`),
//! so the UI and the core never disagree. Every option is validated in one place, `Options::check`,
//! and each rejection names the option and its range.

use serde::{Deserialize, Serialize};

use crate::cluster::settings::{
    Init, AUTO_K_MAX, AUTO_K_MIN, AUTO_SAMPLE_ROWS, DEFAULT_MAX_ITER, DEFAULT_N_INIT, DEFAULT_TOL,
    SILHOUETTE_SAMPLE_ROWS,
};
use crate::error::ParamError;
use crate::features::{LogChoice, Scale};
use crate::read::decode;
use crate::read::dialect::Overrides;
use crate::read::ReadOptions;
use crate::schema::Kind;
pub use crate::util::by_column::ByColumn;

/// Keywords listed per group.
pub const DEFAULT_TOP: u32 = 10;
/// The camelCase names of `Options`' fields, for bindings whose deserializer only looks up known
/// fields (serde-wasm-bindgen) and so cannot refuse a misspelt one by itself.
pub const OPTION_NAMES: [&str; 26] = [
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

impl KChoice {
    /// Parses the CLI's `--k` value: `auto` or a number.
    pub fn parse(text: &str) -> Result<Self, ParamError> {
        let t = text.trim();
        if t.eq_ignore_ascii_case("auto") {
            return Ok(KChoice::Auto);
        }
        crate::util::decimal::parse(t)
            .map(KChoice::Fixed)
            .ok_or_else(|| ParamError::K(format!("\"{t}\"")))
    }
}

/// The options as a user gives them. Field names are the camelCase names of DESIGN.md's table;
/// numbers are `f64` because that is what JS sends, and `check` insists on whole numbers where
/// the option needs one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
        }
    }
}

/// Options after `check`: every value in range, the seed chosen.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Checked {
    /// `None` for `auto`.
    pub k: Option<usize>,
    pub k_min: usize,
    pub k_max: usize,
    pub sample_rows: usize,
    pub silhouette_rows: usize,
    pub seed: u32,
    pub columns: Option<Vec<String>>,
    pub exclude: Vec<String>,
    pub scale: Scale,
    pub log: LogChoice,
    pub init: Init,
    pub n_init: usize,
    pub tol: f64,
    pub max_iter: usize,
    pub kinds: ByColumn<Kind>,
    pub text_columns: Vec<String>,
    pub stop_words: Vec<String>,
    pub stem: bool,
    pub text_weight: f64,
    pub by: Option<String>,
    pub top: usize,
    /// The reading overrides, as given (`None`: detected).
    pub delimiter: Option<String>,
    pub quote: Option<String>,
    pub header: String,
    pub decimal: Option<String>,
    pub encoding: Option<String>,
    /// The same, ready for the reader.
    #[serde(skip)]
    pub read: ReadOptions,
}

fn whole_in(value: f64, lo: u64, hi: u64) -> Option<u64> {
    if value.is_finite() && value.fract() == 0.0 && value >= lo as f64 && value <= hi as f64 {
        Some(value as u64)
    } else {
        None
    }
}

fn shown(value: f64) -> u64 {
    // For messages only: a negative or fractional value is shown rounded toward zero, saturated.
    value as u64
}

impl Options {
    /// Validates every option. `drawn_seed` is used when the user gave no seed; callers draw it
    /// (the core itself has no source of randomness) and the result reports it.
    pub fn check(&self, drawn_seed: u32) -> Result<Checked, ParamError> {
        let k = match self.k {
            KChoice::Auto => None,
            KChoice::Fixed(k) => {
                Some(whole_in(k, 2, 50).ok_or_else(|| ParamError::K(format!("{k}")))? as usize)
            }
        };
        let k_min =
            whole_in(self.k_min, 2, 50).ok_or(ParamError::KMin(shown(self.k_min)))? as usize;
        let k_max =
            whole_in(self.k_max, 2, 50).ok_or(ParamError::KMax(shown(self.k_max)))? as usize;
        if k_max < k_min {
            return Err(ParamError::KMax(k_max as u64));
        }
        let sample_rows = whole_in(self.sample_rows, 100, 1_000_000)
            .ok_or(ParamError::SampleRows(shown(self.sample_rows)))?
            as usize;
        let silhouette_rows = whole_in(self.silhouette_rows, 100, 20_000)
            .ok_or(ParamError::SilhouetteRows(shown(self.silhouette_rows)))?
            as usize;
        let seed = match self.seed {
            None => drawn_seed,
            Some(s) => whole_in(s, 0, u32::MAX as u64).ok_or_else(|| {
                ParamError::Malformed(format!(
                    "seed {s} is out of range; use an integer from 0 to 4294967295"
                ))
            })? as u32,
        };
        let n_init =
            whole_in(self.n_init, 1, 100).ok_or(ParamError::NInit(shown(self.n_init)))? as usize;
        let max_iter = whole_in(self.max_iter, 1, 10_000)
            .ok_or(ParamError::MaxIter(shown(self.max_iter)))? as usize;
        if !(self.tol.is_finite() && self.tol >= 0.0) {
            return Err(ParamError::Tol(self.tol));
        }
        let scale = match self.scale.trim().to_ascii_lowercase().as_str() {
            "zscore" | "z-score" | "standard" => Scale::Zscore,
            "robust" => Scale::Robust,
            "none" => Scale::None,
            _ => return Err(ParamError::Scale(self.scale.clone())),
        };
        let log = match self.log.trim().to_ascii_lowercase().as_str() {
            "auto" => LogChoice::Auto,
            "all" => LogChoice::All,
            "none" | "no" | "off" => LogChoice::None,
            _ => return Err(ParamError::Log(self.log.clone())),
        };
        let init = match self.init.trim().to_ascii_lowercase().as_str() {
            "kmeans++" | "k-means++" => Init::KMeansPlusPlus,
            "first" => Init::First,
            _ => return Err(ParamError::Init(self.init.clone())),
        };
        let mut kinds = ByColumn::default();
        for (column, kind) in self.kinds.iter() {
            let k = Kind::parse(kind).ok_or_else(|| ParamError::Kind {
                column: column.clone(),
                kind: kind.clone(),
            })?;
            kinds.insert(column.clone(), k);
        }
        if self.stem && !crate::text::CAN_STEM {
            return Err(ParamError::Stem);
        }
        if !(self.text_weight.is_finite() && (0.0..=10.0).contains(&self.text_weight)) {
            return Err(ParamError::TextWeight(self.text_weight));
        }
        if self.text_weight > 0.0 && self.text_columns.is_empty() {
            return Err(ParamError::Malformed(
                "textWeight (--text-weight) needs textColumns (--text-columns): the text to segment on"
                    .into(),
            ));
        }
        let top = whole_in(self.top, 1, 100).ok_or(ParamError::Top(shown(self.top)))? as usize;
        let read = self.read_options()?;
        Ok(Checked {
            k_min,
            k_max,
            sample_rows,
            silhouette_rows,
            kinds,
            text_columns: self.text_columns.clone(),
            stop_words: self.stop_words.clone(),
            stem: self.stem,
            text_weight: self.text_weight,
            by: self.by.clone(),
            top,
            delimiter: self.delimiter.clone(),
            quote: self.quote.clone(),
            header: self.header.clone(),
            decimal: self.decimal.clone(),
            encoding: self.encoding.clone(),
            read,
            k,
            seed,
            columns: self.columns.clone(),
            exclude: self.exclude.clone(),
            scale,
            log,
            init,
            n_init,
            tol: self.tol,
            max_iter,
        })
    }
}

/// One ASCII character, with names for the ones that are hard to type.
fn single_char(value: &str) -> Option<u8> {
    match value {
        "tab" | "\\t" | "\t" => Some(b'\t'),
        "comma" => Some(b','),
        "semicolon" => Some(b';'),
        "pipe" => Some(b'|'),
        "space" => Some(b' '),
        _ => {
            let mut chars = value.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if c.is_ascii() && c != '\n' && c != '\r' => Some(c as u8),
                _ => None,
            }
        }
    }
}

impl Options {
    /// The reading overrides, checked. Only these matter for `inspect`.
    pub fn read_options(&self) -> Result<ReadOptions, ParamError> {
        let delimiter = match &self.delimiter {
            None => None,
            Some(d) => Some(single_char(d).ok_or_else(|| ParamError::Delimiter(d.clone()))?),
        };
        let quote = match self.quote.as_deref() {
            None => None,
            Some("\"") | Some("double") => Some(b'"'),
            Some("'") | Some("single") => Some(b'\''),
            Some(q) => return Err(ParamError::Quote(q.to_owned())),
        };
        let header = match self.header.trim().to_ascii_lowercase().as_str() {
            "auto" | "" => None,
            "yes" | "true" => Some(true),
            "no" | "false" => Some(false),
            _ => return Err(ParamError::Header(self.header.clone())),
        };
        let decimal = match self.decimal.as_deref() {
            None => None,
            Some(".") | Some("point") => Some('.'),
            Some(",") | Some("comma") => Some(','),
            Some(d) => return Err(ParamError::Decimal(d.to_owned())),
        };
        if let (Some(d), Some(c)) = (delimiter, decimal) {
            if d as char == c && d != b',' {
                return Err(ParamError::Decimal(format!(
                    "{c} (it is also the delimiter)"
                )));
            }
        }
        let encoding = match &self.encoding {
            None => None,
            Some(label) => {
                Some(decode::by_label(label).ok_or_else(|| ParamError::Encoding(label.clone()))?)
            }
        };
        Ok(ReadOptions {
            dialect: Overrides {
                delimiter,
                quote,
                header,
                decimal,
            },
            encoding,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(f: impl FnOnce(&mut Options)) -> Result<Checked, ParamError> {
        let mut o = Options::default();
        f(&mut o);
        o.check(7)
    }

    #[test]
    fn defaults_check_and_use_the_drawn_seed() {
        let c = Options::default().check(42).unwrap();
        assert_eq!(c.k, None);
        assert_eq!(c.seed, 42);
        assert_eq!(c.n_init, DEFAULT_N_INIT as usize);
        assert_eq!(c.max_iter, 300);
        assert_eq!(c.scale, Scale::Zscore);
        assert_eq!(c.init, Init::KMeansPlusPlus);
    }

    #[test]
    fn given_seed_wins_over_drawn_seed() {
        assert_eq!(
            with(|o| o.seed = Some(4_294_967_295.0)).unwrap().seed,
            u32::MAX
        );
    }

    // One test per rejected option, each checking that the message names the option.
    #[test]
    fn rejects_k_below_2() {
        let e = with(|o| o.k = KChoice::Fixed(1.0)).unwrap_err();
        assert!(matches!(e, ParamError::K(_)));
        assert!(e.to_string().starts_with("option k (--k):"), "{e}");
    }

    #[test]
    fn rejects_k_above_50() {
        assert!(matches!(
            with(|o| o.k = KChoice::Fixed(51.0)),
            Err(ParamError::K(_))
        ));
    }

    #[test]
    fn rejects_fractional_k() {
        assert!(matches!(
            with(|o| o.k = KChoice::Fixed(2.5)),
            Err(ParamError::K(_))
        ));
    }

    #[test]
    fn rejects_k_min_and_k_max_out_of_range_or_crossed() {
        let e = with(|o| o.k_min = 1.0).unwrap_err();
        assert_eq!(e, ParamError::KMin(1));
        assert!(e.to_string().starts_with("option kMin (--k-min):"), "{e}");
        let e = with(|o| o.k_max = 51.0).unwrap_err();
        assert!(e.to_string().starts_with("option kMax (--k-max):"), "{e}");
        let e = with(|o| {
            o.k_min = 6.0;
            o.k_max = 4.0;
        })
        .unwrap_err();
        assert_eq!(e, ParamError::KMax(4));
    }

    #[test]
    fn rejects_sample_sizes_out_of_range() {
        let e = with(|o| o.sample_rows = 99.0).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("option sampleRows (--sample-rows):"),
            "{e}"
        );
        let e = with(|o| o.silhouette_rows = 20_001.0).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("option silhouetteRows (--silhouette-rows):"),
            "{e}"
        );
    }

    #[test]
    fn rejects_k_that_is_not_a_number() {
        assert!(matches!(KChoice::parse("many"), Err(ParamError::K(_))));
    }

    #[test]
    fn rejects_seed_out_of_u32() {
        let e = with(|o| o.seed = Some(4_294_967_296.0)).unwrap_err();
        assert!(e.to_string().contains("seed"), "{e}");
        assert!(with(|o| o.seed = Some(-1.0)).is_err());
    }

    #[test]
    fn rejects_n_init_zero() {
        let e = with(|o| o.n_init = 0.0).unwrap_err();
        assert_eq!(e, ParamError::NInit(0));
        assert!(e.to_string().starts_with("option nInit (--n-init):"));
    }

    #[test]
    fn rejects_max_iter_above_10000() {
        let e = with(|o| o.max_iter = 10_001.0).unwrap_err();
        assert_eq!(e, ParamError::MaxIter(10_001));
        assert!(e.to_string().starts_with("option maxIter (--max-iter):"));
    }

    #[test]
    fn rejects_negative_or_nan_tol() {
        assert!(matches!(with(|o| o.tol = -1e-9), Err(ParamError::Tol(_))));
        assert!(matches!(
            with(|o| o.tol = f64::NAN),
            Err(ParamError::Tol(_))
        ));
    }

    #[test]
    fn rejects_unknown_scale() {
        let e = with(|o| o.scale = "minmax".into()).unwrap_err();
        assert!(e.to_string().contains("option scale"), "{e}");
    }

    #[test]
    fn rejects_unknown_log() {
        let e = with(|o| o.log = "always".into()).unwrap_err();
        assert_eq!(e, ParamError::Log("always".into()));
        assert!(e.to_string().starts_with("option log (--log):"), "{e}");
        assert_eq!(
            with(|o| o.log = "none".into()).unwrap().log,
            LogChoice::None
        );
    }

    #[test]
    fn rejects_top_out_of_range() {
        let e = with(|o| o.top = 0.0).unwrap_err();
        assert_eq!(e, ParamError::Top(0));
        assert!(e.to_string().starts_with("option top (--top):"), "{e}");
        assert!(with(|o| o.top = 101.0).is_err());
    }

    #[test]
    fn stem_is_refused_only_by_a_build_without_stemming() {
        let r = with(|o| o.stem = true);
        if crate::text::CAN_STEM {
            assert!(r.unwrap().stem);
        } else {
            let e = r.unwrap_err();
            assert_eq!(e, ParamError::Stem);
            assert!(e.to_string().starts_with("option stem (--stem):"), "{e}");
        }
    }

    #[test]
    fn rejects_text_weight_out_of_range_or_without_text_columns() {
        let e = with(|o| o.text_weight = -1.0).unwrap_err();
        assert_eq!(e, ParamError::TextWeight(-1.0));
        assert!(
            e.to_string()
                .starts_with("option textWeight (--text-weight):"),
            "{e}"
        );
        let e = with(|o| o.text_weight = 1.0).unwrap_err();
        assert!(e.to_string().contains("needs textColumns"), "{e}");
        let ok = with(|o| {
            o.text_weight = 1.0;
            o.text_columns = vec!["notes".into()];
        });
        assert_eq!(ok.unwrap().text_weight, 1.0);
    }

    #[test]
    fn rejects_unknown_init() {
        let e = with(|o| o.init = "random".into()).unwrap_err();
        assert!(e.to_string().contains("option init"), "{e}");
    }

    #[test]
    fn option_names_are_the_serialized_field_names() {
        // With every optional field set, serde writes each field once, under its camelCase name.
        let o = Options {
            seed: Some(1.0),
            columns: Some(vec![]),
            kinds: ByColumn::from_iter([("a".into(), "text".into())]),
            by: Some("city".into()),
            delimiter: Some(",".into()),
            quote: Some("\"".into()),
            decimal: Some(".".into()),
            encoding: Some("utf-8".into()),
            ..Options::default()
        };
        let json = serde_json::to_value(&o).unwrap();
        let mut keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut names = OPTION_NAMES.to_vec();
        keys.sort();
        names.sort();
        assert_eq!(keys, names);
    }

    #[test]
    fn rejects_unknown_kind() {
        let e = with(|o| {
            o.kinds.insert("zip".into(), "postcode".into());
        })
        .unwrap_err();
        assert!(e.to_string().contains("option kinds"), "{e}");
    }

    #[test]
    fn rejects_bad_delimiter() {
        let e = with(|o| o.delimiter = Some(";;".into())).unwrap_err();
        assert!(e.to_string().contains("option delimiter"), "{e}");
        assert_eq!(
            with(|o| o.delimiter = Some("tab".into()))
                .unwrap()
                .read
                .dialect
                .delimiter,
            Some(b'\t')
        );
    }

    #[test]
    fn rejects_bad_quote() {
        let e = with(|o| o.quote = Some("`".into())).unwrap_err();
        assert!(e.to_string().contains("option quote"), "{e}");
    }

    #[test]
    fn rejects_bad_header() {
        let e = with(|o| o.header = "maybe".into()).unwrap_err();
        assert!(e.to_string().contains("option header"), "{e}");
        assert_eq!(
            with(|o| o.header = "no".into())
                .unwrap()
                .read
                .dialect
                .header,
            Some(false)
        );
    }

    #[test]
    fn rejects_bad_decimal() {
        let e = with(|o| o.decimal = Some(";".into())).unwrap_err();
        assert!(e.to_string().contains("option decimal"), "{e}");
        let e = with(|o| {
            o.decimal = Some(",".into());
            o.delimiter = Some(";".into());
        });
        assert!(e.is_ok());
    }

    #[test]
    fn rejects_unknown_encoding() {
        let e = with(|o| o.encoding = Some("klingon".into())).unwrap_err();
        assert!(e.to_string().contains("option encoding"), "{e}");
        #[cfg(feature = "legacy-encodings")]
        {
            let c = with(|o| o.encoding = Some("latin1".into())).unwrap();
            assert_eq!(c.read.encoding.map(|e| e.name()), Some("windows-1252"));
        }
        #[cfg(not(feature = "legacy-encodings"))]
        {
            let e = with(|o| o.encoding = Some("latin1".into())).unwrap_err();
            assert!(e.to_string().contains("UTF-8 only"), "{e}");
        }
    }

    #[test]
    fn k_reads_auto_and_numbers() {
        assert_eq!(KChoice::parse("AUTO").unwrap(), KChoice::Auto);
        assert_eq!(KChoice::parse(" 4 ").unwrap(), KChoice::Fixed(4.0));
    }
}
