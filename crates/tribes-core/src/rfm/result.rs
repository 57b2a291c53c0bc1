//! What the rfm stage reports: each customer's figures, the named segments and the rows used.

use serde::{Deserialize, Serialize};

use crate::read::Skipped;

/// The columns an orders file was read with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RfmColumns {
    pub customer: String,
    pub date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<String>,
    /// Refunds netted out of each order's amount.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refunded: Option<String>,
    /// The status that says which rows are not orders (failed or voided payments...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

/// One customer's behaviour.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CustomerRfm {
    pub customer: String,
    /// ISO dates of the first and last order.
    pub first_order: String,
    pub last_order: String,
    pub recency_days: i64,
    pub frequency: u64,
    pub monetary_total: f64,
    /// Net total per order (the total when the customer has only returns).
    pub monetary_mean: f64,
    pub tenure_days: i64,
    pub r: u8,
    pub f: u8,
    pub m: u8,
    /// The named segment of the R and F scores.
    pub segment: String,
    /// The other columns: the most frequent value, the mean (numbers) or the texts joined (free
    /// text), in the order of `RfmResult::other_columns`.
    pub other: Vec<String>,
}

/// One named segment: its rule and its customers.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RfmSegment {
    pub name: String,
    /// The rule, as `R 4-5, F 4-5`.
    pub rule: String,
    /// What a marketer usually does with it.
    pub action: String,
    pub size: usize,
    pub share: f64,
    pub median_recency_days: Option<f64>,
    pub median_frequency: Option<f64>,
    pub median_monetary_total: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RfmInput {
    /// Data rows read (orders or order lines).
    pub rows: usize,
    /// Rows that went into a customer's figures (later line items of an order included).
    pub rows_used: usize,
    /// Later line items of an order (the order's fields blank, its id repeated): counted with
    /// their order, whose first line carries its total.
    pub line_items: usize,
    /// Rows with a negative amount (returns and refunds), netted out.
    pub returns: usize,
    pub customers: usize,
    /// Rows left out, with the reason: the file's own skipped records, then rows without a
    /// customer, a date or an amount, and rows that are not orders (failed or voided payments).
    pub skipped: Vec<Skipped>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RfmResult {
    pub input: RfmInput,
    pub columns: RfmColumns,
    /// ISO date recency is counted to.
    pub as_of: String,
    pub other_columns: Vec<String>,
    pub customers: Vec<CustomerRfm>,
    /// Every named segment of [`RULES`], in that order, empty ones included.
    pub segments: Vec<RfmSegment>,
    /// What the user should know about the scores, in a sentence: when every customer's last
    /// order is on one day, recency cannot rank them and each scores R 3.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}
