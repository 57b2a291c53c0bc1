//! Checking the options, once: each rejection names the option and what it accepts, and what
//! passes becomes the typed settings of each stage.

use super::settings::{ReadGiven, Settings};
use super::wire::{KChoice, Options, OPTION_NAMES};
use crate::cluster::{Init, KMeansSettings, SweepSettings};
use crate::error::ParamError;
use crate::features::{FeatureSettings, LensChoice, LogChoice, Scale};
use crate::read::dates::compact_parts;
use crate::read::decode;
use crate::read::dialect::Overrides;
use crate::read::values::date_parts;
use crate::read::ReadSettings;
use crate::rfm::{AsOf, RfmSettings};
use crate::schema::{Kind, Role};
use crate::text::{KeywordSettings, CAN_STEM};
use crate::util::by_column::ByColumn;

fn whole_in(value: f64, lo: u64, hi: u64) -> Option<u64> {
    if value.is_finite() && value.fract() == 0.0 && value >= lo as f64 && value <= hi as f64 {
        Some(value as u64)
    } else {
        None
    }
}

/// Refuses an option name that `Options` does not have, for bindings whose deserializer only
/// looks up known fields (serde-wasm-bindgen) and so cannot refuse a misspelt one by itself.
pub fn known_option(name: &str) -> Result<(), ParamError> {
    if OPTION_NAMES.contains(&name) {
        Ok(())
    } else {
        Err(ParamError::UnknownOption {
            name: name.to_owned(),
            known: OPTION_NAMES.join(", "),
        })
    }
}

impl Options {
    /// Validates every option, into each stage's settings. `drawn_seed` is used when the user
    /// gave no seed; callers draw it (the core itself has no source of randomness) and the
    /// result reports it.
    pub fn check(&self, drawn_seed: u32) -> Result<Settings, ParamError> {
        let k = match self.k {
            KChoice::Auto => None,
            KChoice::Fixed(k) if !(k.is_finite() && k.fract() == 0.0) => {
                return Err(ParamError::KNotWhole(format!("{k}")))
            }
            KChoice::Fixed(k) => {
                Some(whole_in(k, 2, 50).ok_or_else(|| ParamError::K(format!("{k}")))? as usize)
            }
        };
        let k_min = whole_in(self.k_min, 2, 50).ok_or(ParamError::KMin(self.k_min))? as usize;
        let k_max = whole_in(self.k_max, 2, 50).ok_or(ParamError::KMax(self.k_max))? as usize;
        if k_max < k_min {
            return Err(ParamError::KMinAboveKMax {
                k_min: k_min as u64,
                k_max: k_max as u64,
            });
        }
        let sample_rows = whole_in(self.sample_rows, 100, 1_000_000)
            .ok_or(ParamError::SampleRows(self.sample_rows))? as usize;
        let silhouette_rows = whole_in(self.silhouette_rows, 100, 20_000)
            .ok_or(ParamError::SilhouetteRows(self.silhouette_rows))?
            as usize;
        let seed = match self.seed {
            None => drawn_seed,
            Some(s) => whole_in(s, 0, u32::MAX as u64).ok_or(ParamError::Seed(s))? as u32,
        };
        let n_init = whole_in(self.n_init, 1, 100).ok_or(ParamError::NInit(self.n_init))? as usize;
        let max_iter =
            whole_in(self.max_iter, 1, 10_000).ok_or(ParamError::MaxIter(self.max_iter))? as usize;
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
        let mut roles = ByColumn::default();
        for (column, role) in self.roles.iter() {
            let r = Role::parse(role).ok_or_else(|| ParamError::Role {
                column: column.clone(),
                role: role.clone(),
            })?;
            roles.insert(column.clone(), r);
        }
        let lens =
            LensChoice::parse(&self.lens).ok_or_else(|| ParamError::Lens(self.lens.clone()))?;
        if self.stem && !CAN_STEM {
            return Err(ParamError::Stem);
        }
        if !(self.text_weight.is_finite() && (0.0..=10.0).contains(&self.text_weight)) {
            return Err(ParamError::TextWeight(self.text_weight));
        }
        if self.text_weight > 0.0 && self.text_columns.is_empty() {
            return Err(ParamError::TextWeightWithoutText);
        }
        let top = whole_in(self.top, 1, 100).ok_or(ParamError::Top(self.top))? as usize;
        let read = self.check_read()?;
        let as_of = match &self.as_of {
            None => None,
            Some(text) => {
                let written = text.trim();
                let parts = date_parts(written)
                    .or_else(|| compact_parts(written))
                    .ok_or_else(|| ParamError::AsOf(written.into()))?;
                Some(AsOf {
                    parts,
                    written: written.into(),
                })
            }
        };
        // Only a build with the join reads its key (see `ParamError::Join`).
        #[cfg(feature = "full-report")]
        let join = match &self.join {
            None => None,
            Some(pair) => {
                let (customers, orders) = pair
                    .split_once('=')
                    .map(|(c, o)| (c.trim(), o.trim()))
                    .filter(|(c, o)| !c.is_empty() && !o.is_empty())
                    .ok_or_else(|| ParamError::Join(pair.clone()))?;
                Some((customers.to_owned(), orders.to_owned()))
            }
        };
        Ok(Settings {
            seed,
            read,
            read_given: ReadGiven {
                delimiter: self.delimiter.clone(),
                quote: self.quote.clone(),
                header: self.header.clone(),
                decimal: self.decimal.clone(),
                encoding: self.encoding.clone(),
                sheet: self.sheet.clone(),
                entry: self.entry.clone(),
            },
            kinds,
            roles,
            features: FeatureSettings {
                columns: self.columns.clone(),
                exclude: self.exclude.clone(),
                scale,
                log,
                text_weight: self.text_weight,
                lens,
                as_of: as_of.clone(),
            },
            kmeans: KMeansSettings {
                k,
                init,
                n_init,
                tol: self.tol,
                max_iter,
                threads: 1,
            },
            sweep: SweepSettings {
                k_min,
                k_max,
                sample_rows,
                silhouette_rows,
            },
            keywords: KeywordSettings {
                columns: self.text_columns.clone(),
                stop_words: self.stop_words.clone(),
                stem: self.stem,
                top,
                by: self.by.clone(),
            },
            rfm: RfmSettings {
                customer: self.customer.clone(),
                date: self.date.clone(),
                amount: self.amount.clone(),
                quantity: self.quantity.clone(),
                price: self.price.clone(),
                order: self.order.clone(),
                as_of,
                #[cfg(feature = "full-report")]
                join,
            },
            rows: self.rows,
        })
    }

    /// The reading options alone, checked: all that reading a file needs (`inspect`, and a
    /// session reading a file before any analysis).
    pub fn check_read(&self) -> Result<ReadSettings, ParamError> {
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
                return Err(ParamError::DecimalIsDelimiter(c));
            }
        }
        let encoding = match &self.encoding {
            None => None,
            Some(label) => {
                Some(decode::by_label(label).ok_or_else(|| ParamError::Encoding(label.clone()))?)
            }
        };
        let sheet = match &self.sheet {
            Some(name) if name.trim().is_empty() => return Err(ParamError::EmptySheet),
            name => name.clone(),
        };
        let entry = match &self.entry {
            Some(name) if name.trim().is_empty() => return Err(ParamError::EmptyEntry),
            name => name.clone(),
        };
        #[cfg(feature = "full-report")]
        let sample = match self.sample {
            None => None,
            Some(s) if s > 0.0 && s <= 1.0 => Some(s),
            Some(s) => return Err(ParamError::Sample(s)),
        };
        #[cfg(not(feature = "full-report"))]
        if self.sample.is_some() {
            return Err(ParamError::NoSample);
        }
        Ok(ReadSettings {
            dialect: Overrides {
                delimiter,
                quote,
                header,
                decimal,
            },
            encoding,
            sheet,
            entry,
            #[cfg(feature = "full-report")]
            sample,
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
                // A letter or a digit is part of values, and a quote opens them: none can
                // separate fields.
                (Some(c), None)
                    if c.is_ascii()
                        && !c.is_ascii_alphanumeric()
                        && !matches!(c, '\n' | '\r' | '"' | '\'') =>
                {
                    Some(c as u8)
                }
                _ => None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::settings::DEFAULT_N_INIT;

    fn with(f: impl FnOnce(&mut Options)) -> Result<Settings, ParamError> {
        let mut o = Options::default();
        f(&mut o);
        o.check(7)
    }

    #[test]
    fn defaults_check_and_use_the_drawn_seed() {
        let c = Options::default().check(42).unwrap();
        assert_eq!(c.kmeans.k, None);
        assert_eq!(c.seed, 42);
        assert_eq!(c.kmeans.n_init, DEFAULT_N_INIT as usize);
        assert_eq!(c.kmeans.max_iter, 300);
        assert_eq!(c.features.scale, Scale::Zscore);
        assert_eq!(c.kmeans.init, Init::KMeansPlusPlus);
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
        let e = with(|o| o.k = KChoice::Fixed(2.5)).unwrap_err();
        assert_eq!(e, ParamError::KNotWhole("2.5".into()));
        assert_eq!(
            e.to_string(),
            "option k (--k): 2.5 is not a whole number; use an integer from 2 to 50, or \"auto\""
        );
    }

    #[test]
    fn rejects_k_min_and_k_max_out_of_range_or_crossed() {
        let e = with(|o| o.k_min = 1.0).unwrap_err();
        assert_eq!(e, ParamError::KMin(1.0));
        assert!(e.to_string().starts_with("option kMin (--k-min):"), "{e}");
        let e = with(|o| o.k_max = 51.0).unwrap_err();
        assert!(e.to_string().starts_with("option kMax (--k-max):"), "{e}");
        let e = with(|o| {
            o.k_min = 6.0;
            o.k_max = 4.0;
        })
        .unwrap_err();
        assert_eq!(e, ParamError::KMinAboveKMax { k_min: 6, k_max: 4 });
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
        for text in ["many", ""] {
            let e = KChoice::parse(text).unwrap_err();
            assert!(matches!(e, ParamError::KNotWhole(_)), "{text:?}");
            assert!(e.to_string().contains("is not a whole number"), "{e}");
        }
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
        assert_eq!(e, ParamError::NInit(0.0));
        assert!(e.to_string().starts_with("option nInit (--n-init):"));
    }

    #[test]
    fn rejects_max_iter_above_10000() {
        let e = with(|o| o.max_iter = 10_001.0).unwrap_err();
        assert_eq!(e, ParamError::MaxIter(10_001.0));
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
            with(|o| o.log = "none".into()).unwrap().features.log,
            LogChoice::None
        );
    }

    #[test]
    fn rejects_top_out_of_range() {
        let e = with(|o| o.top = 0.0).unwrap_err();
        assert_eq!(e, ParamError::Top(0.0));
        assert!(e.to_string().starts_with("option top (--top):"), "{e}");
        assert!(with(|o| o.top = 101.0).is_err());
    }

    #[test]
    fn stem_is_refused_only_by_a_build_without_stemming() {
        let r = with(|o| o.stem = true);
        if CAN_STEM {
            assert!(r.unwrap().keywords.stem);
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
        assert_eq!(ok.unwrap().features.text_weight, 1.0);
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
            roles: ByColumn::from_iter([("b".into(), "owner".into())]),
            by: Some("city".into()),
            delimiter: Some(",".into()),
            quote: Some("\"".into()),
            decimal: Some(".".into()),
            encoding: Some("utf-8".into()),
            sheet: Some("Customers".into()),
            entry: Some("customers.csv".into()),
            sample: Some(0.5),
            customer: Some("email".into()),
            date: Some("created".into()),
            amount: Some("total".into()),
            quantity: Some("qty".into()),
            price: Some("price".into()),
            order: Some("id".into()),
            as_of: Some("2024-12-31".into()),
            join: Some("Email=Email".into()),
            rows: true,
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
        #[cfg(feature = "encoding-labels")]
        {
            let c = with(|o| o.encoding = Some("latin1".into())).unwrap();
            assert_eq!(c.read.encoding.map(|e| e.name()), Some("windows-1252"));
        }
        #[cfg(not(feature = "encoding-labels"))]
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

    #[test]
    fn each_rejected_option_has_its_own_variant_and_message() {
        type Set = fn(&mut Options);
        let cases: [(Set, ParamError, &str); 25] = [
            (
                |o| o.k = KChoice::Fixed(1.0),
                ParamError::K("1".into()),
                "option k (--k): 1 is out of range; use an integer from 2 to 50, or \"auto\"",
            ),
            (
                |o| o.k_min = 1.0,
                ParamError::KMin(1.0),
                "option kMin (--k-min): 1 is out of range; use an integer from 2 to 50",
            ),
            (
                |o| o.k_max = 51.0,
                ParamError::KMax(51.0),
                "option kMax (--k-max): 51 is out of range; use an integer from 2 to 50",
            ),
            (
                |o| o.sample_rows = 99.0,
                ParamError::SampleRows(99.0),
                "option sampleRows (--sample-rows): 99 is out of range; use an integer from 100 to 1000000",
            ),
            (
                |o| o.silhouette_rows = 20_001.0,
                ParamError::SilhouetteRows(20_001.0),
                "option silhouetteRows (--silhouette-rows): 20001 is out of range; use an integer from 100 to 20000",
            ),
            (
                |o| o.seed = Some(-1.0),
                ParamError::Seed(-1.0),
                "option seed (--seed): -1 is out of range; use an integer from 0 to 4294967295",
            ),
            (
                |o| o.n_init = 0.0,
                ParamError::NInit(0.0),
                "option nInit (--n-init): 0 is out of range; use an integer from 1 to 100",
            ),
            (
                |o| o.max_iter = 0.0,
                ParamError::MaxIter(0.0),
                "option maxIter (--max-iter): 0 is out of range; use an integer from 1 to 10000",
            ),
            (
                |o| o.tol = -1.0,
                ParamError::Tol(-1.0),
                "option tol (--tol): -1 is out of range; use a number of 0 or more",
            ),
            (
                |o| o.scale = "minmax".into(),
                ParamError::Scale("minmax".into()),
                "option scale (--scale): \"minmax\" is not one of zscore, robust, none",
            ),
            (
                |o| o.log = "always".into(),
                ParamError::Log("always".into()),
                "option log (--log): \"always\" is not one of auto, all, none",
            ),
            (
                |o| o.init = "random".into(),
                ParamError::Init("random".into()),
                "option init (--init): \"random\" is not one of kmeans++, first",
            ),
            (
                |o| o.kinds.insert("zip".into(), "postcode".into()),
                ParamError::Kind {
                    column: "zip".into(),
                    kind: "postcode".into(),
                },
                "option kinds (--kind): \"postcode\" for column \"zip\" is not one of numeric, ordinal, boolean, date, categorical, text, identifier",
            ),
            (
                |o| {
                    o.text_weight = 11.0;
                    o.text_columns = vec!["notes".into()];
                },
                ParamError::TextWeight(11.0),
                "option textWeight (--text-weight): 11 is out of range; use a number from 0 to 10",
            ),
            (
                |o| o.text_weight = 1.0,
                ParamError::TextWeightWithoutText,
                "options: textWeight (--text-weight) needs textColumns (--text-columns): the text to segment on",
            ),
            (
                |o| o.top = 0.0,
                ParamError::Top(0.0),
                "option top (--top): 0 is out of range; use an integer from 1 to 100",
            ),
            (
                |o| o.delimiter = Some(";;".into()),
                ParamError::Delimiter(";;".into()),
                "option delimiter (--delimiter): \";;\" cannot separate fields: give one ASCII character that is not a letter, a digit or a quote (or tab, comma, semicolon, pipe, space)",
            ),
            (
                |o| o.quote = Some("`".into()),
                ParamError::Quote("`".into()),
                "option quote (--quote): \"`\" is not \" or '",
            ),
            (
                |o| o.header = "maybe".into(),
                ParamError::Header("maybe".into()),
                "option header (--header): \"maybe\" is not one of auto, yes, no",
            ),
            (
                |o| o.decimal = Some(";".into()),
                ParamError::Decimal(";".into()),
                "option decimal (--decimal): \";\" is not . or ,",
            ),
            (
                |o| {
                    o.decimal = Some(".".into());
                    o.delimiter = Some(".".into());
                },
                ParamError::DecimalIsDelimiter('.'),
                "option decimal (--decimal): \". (it is also the delimiter)\" is not . or ,",
            ),
            (
                |o| o.encoding = Some("klingon".into()),
                ParamError::Encoding("klingon".into()),
                "option encoding (--encoding): \"klingon\"",
            ),
            (
                |o| o.as_of = Some(" someday ".into()),
                ParamError::AsOf("someday".into()),
                "option asOf (--as-of): \"someday\" is not a date (write it as 2024-12-31)",
            ),
            (
                |o| o.sheet = Some("  ".into()),
                ParamError::EmptySheet,
                "option sheet (--sheet): the sheet's name is empty",
            ),
            (
                |o| o.entry = Some(String::new()),
                ParamError::EmptyEntry,
                "option entry (--entry): the file's name is empty",
            ),
        ];
        for (set, variant, message) in cases {
            let e = with(set).unwrap_err();
            assert_eq!(e, variant);
            assert!(e.to_string().starts_with(message), "{e}");
        }
        let e = known_option("kk").unwrap_err();
        assert!(matches!(&e, ParamError::UnknownOption { name, .. } if name == "kk"));
        assert!(
            e.to_string()
                .starts_with("options: unknown option \"kk\" (known: k, kMin,"),
            "{e}"
        );
        assert_eq!(known_option("asOf"), Ok(()));
    }
}
