//! The features stage's settings, checked: which columns, and how numbers are scaled and logged.

use serde::{Deserialize, Serialize};

use crate::read::values::AsOf;
use crate::schema::Lens;

/// A numeric column whose skewness is at least this (and whose values are never negative) is
/// log-transformed when `log` is `auto`. An exponential distribution has skewness 2, a log-normal
/// spend with sigma 1 about 6; ages and scores sit near 0.
pub const LOG_MIN_SKEW: f64 = 2.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Scale {
    /// (x - mean) / standard deviation, as scikit-learn's StandardScaler.
    Zscore,
    /// (x - median) / interquartile range: outliers pull less.
    Robust,
    /// The values as they are.
    None,
}

/// Whether heavily skewed columns are log-transformed before scaling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum LogChoice {
    /// `ln(1 + x)` for a numeric column that is never negative and whose skewness is at least 2,
    /// when the log lowers it (reported per column as `transform: "log1p"`).
    Auto,
    /// `ln(1 + x)` for every numeric column that is never negative, skewed or not (recency,
    /// frequency and monetary value in `tribes rfm`).
    All,
    /// The values as they are.
    None,
}

impl LogChoice {
    /// The option's value that means this choice.
    pub fn as_str(self) -> &'static str {
        match self {
            LogChoice::Auto => "auto",
            LogChoice::All => "all",
            LogChoice::None => "none",
        }
    }
}

/// What the features are made of and how.
#[derive(Debug, Clone, PartialEq)]
pub struct FeatureSettings {
    /// Only these columns (by name); every usable column when `None`.
    pub columns: Option<Vec<String>>,
    /// Never these columns.
    pub exclude: Vec<String>,
    pub scale: Scale,
    pub log: LogChoice,
    /// The weight of each text column as a feature (0: text gives keywords only).
    pub text_weight: f64,
    /// Which columns segments are formed on: those that carry structure, or one lens's.
    pub lens: LensChoice,
    /// Derived columns count days to this date; the file's last date when absent.
    pub as_of: Option<AsOf>,
}

/// The lens segments are formed through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LensChoice {
    /// Every column that carries segment structure (linked to another, or with groups of its
    /// own), whatever its lens.
    #[default]
    Auto,
    /// The lens's own columns, whatever their structure.
    Only(Lens),
}

impl LensChoice {
    /// The option's value that means this choice.
    pub fn as_str(self) -> &'static str {
        match self {
            LensChoice::Auto => "auto",
            LensChoice::Only(l) => l.as_str(),
        }
    }

    /// A choice by name: `auto` or a lens.
    pub fn parse(name: &str) -> Option<LensChoice> {
        if name.trim().eq_ignore_ascii_case("auto") {
            return Some(LensChoice::Auto);
        }
        Lens::parse(name).map(LensChoice::Only)
    }
}

impl Default for FeatureSettings {
    fn default() -> Self {
        FeatureSettings {
            columns: None,
            exclude: Vec::new(),
            scale: Scale::Zscore,
            log: LogChoice::Auto,
            text_weight: 0.0,
            lens: LensChoice::Auto,
            as_of: None,
        }
    }
}
