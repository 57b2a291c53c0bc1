//! A [`FeatureModel`] read back from a file, checked before anything is encoded with it: a model
//! edited by hand (or damaged) must be refused with a message that says where, never reach the
//! encoder with a number it cannot use.

use super::levels::OTHER;
use super::model::{Encoding, FeatureModel, NumberRead};

impl FeatureModel {
    /// The columns of the matrix the model makes, or what is wrong with it: the transform (by its
    /// position and column) and the value that cannot be used.
    pub fn check(&self) -> Result<usize, String> {
        if self.columns.is_empty() {
            return Err("features: there is no transform".into());
        }
        let mut width = 0;
        for (i, t) in self.columns.iter().enumerate() {
            let at =
                |what: String| format!("features, transform {} (\"{}\"): {what}", i + 1, t.column);
            if t.column.is_empty() {
                return Err(at("the column has no name".into()));
            }
            if self.columns[..i].iter().any(|u| u.column == t.column) {
                return Err(at("a second transform of the same column".into()));
            }
            check_encoding(&t.encoding).map_err(at)?;
            width += t.encoding.width();
        }
        Ok(width)
    }
}

fn finite(name: &str, v: f64) -> Result<(), String> {
    if v.is_finite() {
        Ok(())
    } else {
        Err(format!("{name} is not a finite number"))
    }
}

fn check_encoding(e: &Encoding) -> Result<(), String> {
    match e {
        Encoding::Number {
            read,
            impute,
            log,
            center,
            spread,
        } => {
            finite("impute", *impute)?;
            finite("center", *center)?;
            finite("spread", *spread)?;
            if *spread <= 0.0 {
                return Err(format!("spread is {spread}; it must be above 0"));
            }
            if *log && *impute < 0.0 {
                return Err(format!(
                    "impute is {impute}, below 0, in a column taken as a logarithm"
                ));
            }
            if let NumberRead::Rank(bands) = read {
                if bands.is_empty() {
                    return Err("the bands of an ordinal column are empty".into());
                }
            }
            Ok(())
        }
        Encoding::Categories {
            values,
            other,
            impute,
            weight,
        } => {
            if values.is_empty() {
                return Err("a categorical column has no values".into());
            }
            if *impute >= values.len() {
                return Err(format!(
                    "impute is value {impute}, but there are {} values",
                    values.len()
                ));
            }
            finite("weight", *weight)?;
            if *weight < 0.0 {
                return Err(format!("weight is {weight}, below 0"));
            }
            if *other && values.last().map(String::as_str) != Some(OTHER) {
                return Err(format!(
                    "other is true but the last value is not \"{OTHER}\""
                ));
            }
            Ok(())
        }
        Encoding::Items {
            separator,
            items,
            weight,
            ..
        } => {
            if items.is_empty() {
                return Err("a list column has no items".into());
            }
            if !crate::schema::list::SEPARATORS.contains(separator) {
                return Err(format!("the separator \"{separator}\" is not , ; or |"));
            }
            finite("weight", *weight)?;
            if *weight < 0.0 {
                return Err(format!("weight is {weight}, below 0"));
            }
            Ok(())
        }
        Encoding::Text {
            buckets,
            idf,
            axes,
            scale,
            ..
        } => {
            if *buckets == 0 || *buckets > 1 << 20 {
                return Err(format!(
                    "buckets is {buckets}; it must be from 1 to 1048576"
                ));
            }
            finite("scale", *scale)?;
            if let Some((term, w)) = idf.iter().find(|(_, w)| !w.is_finite()) {
                return Err(format!("the idf of \"{term}\" is {w}, not a finite number"));
            }
            if axes.mean.len() != *buckets {
                return Err(format!(
                    "the axes' mean has {} numbers, but there are {buckets} buckets",
                    axes.mean.len()
                ));
            }
            if axes.axes.is_empty() {
                return Err("a text column has no axes".into());
            }
            for (a, axis) in axes.axes.iter().enumerate() {
                if axis.len() != *buckets {
                    return Err(format!(
                        "axis {} has {} numbers, but there are {buckets} buckets",
                        a + 1,
                        axis.len()
                    ));
                }
            }
            let all = axes.mean.iter().chain(axes.axes.iter().flatten());
            if all.clone().any(|v| !v.is_finite()) {
                return Err("the axes hold a number that is not finite".into());
            }
            Ok(())
        }
    }
}
