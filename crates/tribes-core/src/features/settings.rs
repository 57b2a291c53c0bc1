//! The features stage's settings, checked: which columns, and how numbers are scaled and logged.

use serde::{Deserialize, Serialize};

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
}

impl Default for FeatureSettings {
    fn default() -> Self {
        FeatureSettings {
            columns: None,
            exclude: Vec::new(),
            scale: Scale::Zscore,
            log: LogChoice::Auto,
            text_weight: 0.0,
        }
    }
}
