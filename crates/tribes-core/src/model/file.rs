//! The model file, `*.tribes.json`: what a segmentation keeps so that another file (next month's
//! export) gets the same segments. `docs/model.schema.json` is generated from these types.
//!
//! A model holds the fitted transforms of the features (the `FeatureModel` the analysis encoded
//! its rows with), the centres of the segments in that encoded space, the segments' names as the
//! user left them, and what is needed to tell how far a new file has drifted (each feature's
//! deciles, the segments' shares). It holds no customer row: the only values of the file in it
//! are the levels of categorical features (and a text feature's vocabulary), which the transforms
//! need to encode other rows.
//!
//! The format has a version, `major.minor`. A minor version adds what older readers may do without
//! (a field with a default); a major version changes what a field means. This Tribes reads every
//! model of its major version up to its own minor version, and refuses the others by name.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::features::model::{Encoding, FeatureModel, NumberRead};
use crate::options::Options;
use crate::rfm::{Cutoffs, RfmColumns};

/// What a model file says it is, in its `format` field.
pub const FORMAT: &str = "tribes-model";
/// The version of the format this Tribes writes, and the newest it reads: (major, minor).
/// 1.1 added list columns (the transform `items`) and the join of an orders file (`join`).
pub const VERSION: (u32, u32) = (1, 1);

/// A saved segmentation. Field order is the file's order: what it is, where it came from, how it
/// was made, then the transforms, the centres and the segments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Model {
    /// Always `tribes-model`.
    pub format: String,
    /// The format's version, `major.minor` (`1.1`).
    pub version: String,
    /// The Tribes that wrote the file (for people: it is not checked).
    pub written_by: String,
    /// The file the segments were found in.
    pub source: Source,
    /// The options of the analysis, with the seed it used: give them back (with the source file)
    /// to repeat it.
    pub options: Options,
    pub seed: u32,
    /// Every column of the source, with its kind and its part in the segments.
    pub columns: Vec<ModelColumn>,
    /// The fitted transforms: how each feature column becomes numbers. Applying the model runs
    /// exactly these on the new rows; nothing is fitted again.
    pub features: FeatureModel,
    /// A name for each number of the encoded row (`spend`, `industry = SaaS`), in order.
    pub dimensions: Vec<String>,
    /// Each segment's centre, one number per dimension, segment 0 first.
    pub centres: Vec<Vec<f64>>,
    /// The segments, by id (0 the largest when the model was made).
    pub segments: Vec<ModelSegment>,
    /// Each feature column's distribution in the source, in the order of `features`: how a new
    /// file's drift is measured.
    pub distributions: Vec<Distribution>,
    /// When the rows were customers made from an orders file: how to make them again from
    /// another orders file, and score them as the source's customers were.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rfm: Option<RfmModel>,
    /// When the rows were a customers file joined with its orders file: the key, as
    /// `CUSTOMERS_COLUMN=ORDERS_COLUMN`. Applying such a model to one file is refused, since the
    /// order columns would be missing from it (format 1.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub join: Option<String>,
}

/// What the segments were found in: its size and its date. Nothing of its rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The file's name, when the program that read it knew one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Rows segmented (customers, for orders).
    pub rows: usize,
    /// Columns of the table segmented.
    pub columns: usize,
    /// The file's date as an ISO date: its last order's (or the as-of date) for orders, else the
    /// latest date in its date columns; absent when it has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// A column of the source: its name, its kind and its part in the segments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ModelColumn {
    pub name: String,
    /// The column's kind, as the analysis took it (`numeric`, `categorical`...).
    pub kind: String,
    /// Its part: `feature` (it formed the segments), or why it did not (`profile`, `excluded`,
    /// `ignored`, or a role).
    pub role: String,
    /// The concept the column was weighed with, when columns saying one thing were weighed as one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concept: Option<String>,
}

/// A segment of the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ModelSegment {
    pub id: usize,
    /// The name shown: the user's, when they renamed the segment.
    pub name: String,
    /// The name Tribes suggested.
    pub suggested_name: String,
    /// Rows of the source in the segment, and their share of all its rows.
    pub size: usize,
    pub share: f64,
}

/// One feature column's distribution in the source, to compare another file's with (the
/// population stability index).
///
/// For a number-like column (and for a text column, on its first axis), the deciles of its
/// encoded value: `cuts` holds the distinct cut points in ascending order, and a value `v` falls
/// in bin `i`, the number of cuts below `v` (so a value equal to a cut falls in the lower bin);
/// `shares` has one more entry than `cuts`. For a categorical column, `cuts` is empty and
/// `shares` has one entry per value of the transform and a last one for cells that match none
/// (values the model never saw, in a model without `(other)`). For a list column, `cuts` is empty
/// and `shares` has one entry per item and a last one for rows holding none of them: a row counts
/// once in the bin of each item it holds (or in the last), and the shares are of those counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Distribution {
    pub column: String,
    pub cuts: Vec<f64>,
    /// The source's share of rows per bin (they sum to 1).
    pub shares: Vec<f64>,
}

/// How customers are made from orders, and scored, when the model's rows came from orders.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RfmModel {
    /// The orders file's columns: customer, date, amount (or quantity and price), order.
    pub columns: RfmColumns,
    /// The day recency was counted to (ISO).
    pub as_of: String,
    /// The R, F and M scores' thresholds: another file's customers are scored by these, not by
    /// their own quintiles.
    pub cutoffs: Cutoffs,
    /// The named RFM segments' shares of the source's customers, in the order of the rules.
    pub segments: Vec<RfmShare>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RfmShare {
    pub name: String,
    pub share: f64,
}

/// The two fields read before anything else, so that a model of another version is refused by
/// its version, not by a field this Tribes does not know.
#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    version: Option<String>,
}

/// One error for a model that cannot be used: what is wrong, and where when a line is known.
fn bad(message: String) -> Error {
    Error::BadModel(message)
}

/// `serde_json`'s error in words for the model's reader: a file cut short, text that is not JSON,
/// or JSON that is not a model, with the line and column.
fn json_error(e: &serde_json::Error) -> Error {
    use serde_json::error::Category;
    match e.classify() {
        Category::Eof => bad(format!(
            "the file ends too early (at line {}): it is cut short; save the model again",
            e.line()
        )),
        Category::Syntax => bad(format!(
            "line {}, column {}: this is not JSON ({})",
            e.line(),
            e.column(),
            without_position(&e.to_string())
        )),
        Category::Data | Category::Io => bad(format!(
            "line {}, column {}: {}",
            e.line(),
            e.column(),
            without_position(&e.to_string())
        )),
    }
}

/// serde_json's message without its " at line L column C" tail (the message says it first).
fn without_position(message: &str) -> &str {
    message
        .rfind(" at line ")
        .map_or(message, |i| &message[..i])
}

/// A `major.minor` version.
fn parse_version(text: &str) -> Option<(u32, u32)> {
    let (major, minor) = text.trim().split_once('.')?;
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if !digits(major) || !digits(minor) {
        return None;
    }
    Some((major.parse().ok()?, minor.parse().ok()?))
}

impl Model {
    /// The format version this Tribes writes, as text.
    pub fn version_text() -> String {
        format!("{}.{}", VERSION.0, VERSION.1)
    }

    /// A model file read and checked: its format and version first, then its fields, then what
    /// they hold. Every refusal is one [`Error::BadModel`] saying what is wrong and where.
    pub fn from_json(text: &str) -> Result<Model> {
        if text.trim().is_empty() {
            return Err(bad("the file is empty".into()));
        }
        let header: Header = serde_json::from_str(text).map_err(|e| match e.classify() {
            serde_json::error::Category::Data => bad(format!(
                "this is not a Tribes model: it has no \"format\": \"{FORMAT}\" and \"version\" as text ({})",
                without_position(&e.to_string())
            )),
            _ => json_error(&e),
        })?;
        match header.format.as_deref() {
            Some(FORMAT) => {}
            Some(other) => {
                return Err(bad(format!(
                    "this is not a Tribes model: its format is \"{other}\", not \"{FORMAT}\""
                )))
            }
            None => {
                return Err(bad(format!(
                    "this is not a Tribes model: it has no \"format\": \"{FORMAT}\""
                )))
            }
        }
        let Some(written) = header.version else {
            return Err(bad("the model has no version".into()));
        };
        let (major, minor) = parse_version(&written).ok_or_else(|| {
            bad(format!(
                "the model's version \"{written}\" is not a version (major.minor, such as 1.0)"
            ))
        })?;
        if major != VERSION.0 || minor > VERSION.1 {
            let newer = (major, minor) > VERSION;
            return Err(bad(format!(
                "the model is format version {written}, and this Tribes reads versions {}.0 to {}: {}",
                VERSION.0,
                Model::version_text(),
                if newer {
                    "it was made by a newer Tribes; update Tribes to use it"
                } else {
                    "it was made by an older Tribes whose models this one cannot read; segment the file again"
                }
            )));
        }
        let model: Model = serde_json::from_str(text).map_err(|e| json_error(&e))?;
        model.check()?;
        Ok(model)
    }

    /// The model as the JSON of a model file (indented: people read these files too), or a
    /// refusal when its segments were formed on personal columns: the transforms hold their
    /// values (names as categories, a phone number as a median), and a model file must hold none.
    pub fn to_json(&self) -> Result<String> {
        let personal = self.personal_features();
        if !personal.is_empty() {
            return Err(Error::PersonalInModel { columns: personal });
        }
        // Serializing plain data with finite numbers (`check` holds for every model made) cannot
        // fail; an empty string would be refused as empty when read.
        Ok(serde_json::to_string_pretty(self).unwrap_or_default() + "\n")
    }

    /// The feature columns that hold personal data: by their name (e-mail, phone, a person's
    /// name, an address), or by their values (a category that is an e-mail address).
    pub fn personal_features(&self) -> Vec<String> {
        self.features
            .columns
            .iter()
            .filter(|t| {
                // A yes/no answer carries no contact detail, whatever its name ("PhoneService",
                // Telco's "Yes"/"No": its model holds 1 and 0).
                let yes_no = matches!(
                    &t.encoding,
                    Encoding::Number {
                        read: NumberRead::YesNo,
                        ..
                    }
                );
                (personal_name(&t.column) && !yes_no)
                    || match &t.encoding {
                        Encoding::Categories { values, .. }
                        | Encoding::Items { items: values, .. } => {
                            values.iter().any(|v| is_email(v))
                        }
                        _ => false,
                    }
            })
            .map(|t| t.column.clone())
            .collect()
    }

    /// The segments' count.
    pub fn k(&self) -> usize {
        self.centres.len()
    }

    /// The encoded row's length.
    pub fn dims(&self) -> usize {
        self.dimensions.len()
    }

    /// What a model must hold to be applied, each problem named with where it is: the features'
    /// transforms, one centre per segment with one finite number per dimension, the segments
    /// numbered in order, one distribution per feature column.
    pub fn check(&self) -> Result<()> {
        let width = self.features.check().map_err(bad)?;
        if self.dimensions.len() != width {
            return Err(bad(format!(
                "dimensions: {} names, but the features make {width} numbers",
                self.dimensions.len()
            )));
        }
        if self.centres.is_empty() {
            return Err(bad("centres: there is no segment".into()));
        }
        if self.centres.len() != self.segments.len() {
            return Err(bad(format!(
                "{} centres but {} segments",
                self.centres.len(),
                self.segments.len()
            )));
        }
        for (s, centre) in self.centres.iter().enumerate() {
            if centre.len() != width {
                return Err(bad(format!(
                    "centres: segment {s}'s centre has {} numbers, but the features make {width}",
                    centre.len()
                )));
            }
            if let Some(j) = centre.iter().position(|v| !v.is_finite()) {
                return Err(bad(format!(
                    "centres: segment {s}'s number {} (\"{}\") is not a finite number",
                    j + 1,
                    self.dimensions[j]
                )));
            }
        }
        for (i, segment) in self.segments.iter().enumerate() {
            if segment.id != i {
                return Err(bad(format!(
                    "segments: the segment at position {} has id {}; ids run from 0 in order",
                    i + 1,
                    segment.id
                )));
            }
            if !(0.0..=1.0).contains(&segment.share) {
                return Err(bad(format!(
                    "segments: segment {i}'s share {} is not between 0 and 1",
                    segment.share
                )));
            }
        }
        if self.distributions.len() != self.features.columns.len() {
            return Err(bad(format!(
                "distributions: {} for {} feature columns",
                self.distributions.len(),
                self.features.columns.len()
            )));
        }
        for (d, t) in self.distributions.iter().zip(&self.features.columns) {
            self.check_distribution(d, t)
                .map_err(|e| bad(format!("distributions, column \"{}\": {e}", d.column)))?;
        }
        if let Some(rfm) = &self.rfm {
            rfm.cutoffs.check().map_err(bad)?;
            if crate::read::values::date_parts(&rfm.as_of).is_none() {
                return Err(bad(format!("rfm: as_of \"{}\" is not a date", rfm.as_of)));
            }
        }
        Ok(())
    }

    fn check_distribution(
        &self,
        d: &Distribution,
        t: &crate::features::model::ColumnTransform,
    ) -> std::result::Result<(), String> {
        if d.column != t.column {
            return Err(format!("it follows the transform of \"{}\"", t.column));
        }
        let bins = match &t.encoding {
            crate::features::model::Encoding::Categories { values, .. } => {
                if !d.cuts.is_empty() {
                    return Err("a categorical column has no cuts".into());
                }
                values.len() + 1
            }
            crate::features::model::Encoding::Items { items, .. } => {
                if !d.cuts.is_empty() {
                    return Err("a list column has no cuts".into());
                }
                items.len() + 1
            }
            _ => {
                if d.cuts.iter().any(|c| !c.is_finite()) || d.cuts.windows(2).any(|w| w[1] <= w[0])
                {
                    return Err("the cuts are not finite numbers in ascending order".into());
                }
                d.cuts.len() + 1
            }
        };
        if d.shares.len() != bins {
            return Err(format!("{} shares for {bins} bins", d.shares.len()));
        }
        if d.shares.iter().any(|s| !(0.0..=1.0).contains(s)) {
            return Err("a share is not between 0 and 1".into());
        }
        Ok(())
    }
}

/// Whether a column's name says it holds personal data: an e-mail address, a phone number, a
/// person's name, a street address or a birth date.
pub fn personal_name(header: &str) -> bool {
    let lower = header.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let joined = words.concat();
    const CONTAINED: [&str; 8] = [
        "email",
        "phone",
        "mobile",
        "firstname",
        "lastname",
        "fullname",
        "surname",
        "birth",
    ];
    const WORDS: [&str; 11] = [
        "name",
        "mail",
        "tel",
        "telephone",
        "address",
        "street",
        "zip",
        "postcode",
        "postal",
        "dob",
        "birthday",
    ];
    // "Email Marketing Consent", "Phone verified": about the contact, not the contact itself.
    const ABOUT: [&str; 11] = [
        "consent",
        "status",
        "opt",
        "optin",
        "subscribed",
        "subscription",
        "verified",
        "bounced",
        "type",
        "count",
        "valid",
    ];
    let about = words.iter().any(|w| ABOUT.contains(w));
    !about
        && (CONTAINED.iter().any(|w| joined.contains(w))
            || words.iter().any(|w| WORDS.contains(w)) && !is_organisation(&words))
}

/// "Company Name", "Account name": a name that is not a person's.
fn is_organisation(words: &[&str]) -> bool {
    const NOT_PERSON: [&str; 7] = [
        "company",
        "account",
        "organization",
        "organisation",
        "product",
        "campaign",
        "business",
    ];
    words.iter().any(|w| NOT_PERSON.contains(w)) && !words.contains(&"address")
}

/// Whether a value looks like an e-mail address.
fn is_email(value: &str) -> bool {
    let v = value.trim();
    match v.split_once('@') {
        Some((user, domain)) => !user.is_empty() && domain.contains('.') && !v.contains(' '),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_columns_are_known_by_name() {
        for h in [
            "Email",
            "E-mail",
            "email_address",
            "Phone Number",
            "Mobile",
            "First Name",
            "last_name",
            "Name",
            "Street",
            "Postal Code",
            "Zip",
            "Date of birth",
            "Billing Address",
        ] {
            assert!(personal_name(h), "{h}");
        }
        for h in [
            "Company Name",
            "Industry",
            "Annual Revenue",
            "City",
            "Country/Region",
            "Job Title",
            "Lifecycle Stage",
            "Account name",
            "Channel",
            "Email Marketing Consent",
            "Marketing contact status",
        ] {
            assert!(!personal_name(h), "{h}");
        }
        assert!(is_email(" ann@example.com "));
        assert!(!is_email("@home"));
        assert!(!is_email("R&D"));
    }
}
