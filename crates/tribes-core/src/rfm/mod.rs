//! Buyer behaviour from an orders export: one row per order (or order line) in, one row per
//! customer out, with recency, frequency and monetary value (RFM), their scores and the named RFM
//! segment of each customer.
//!
//! - Recency: days from the customer's last order to the as-of date (the file's last order date
//!   unless the user gives one). Frequency: orders, counted as distinct order ids when there is
//!   an order column, else as rows. Monetary: the net total (returns and refunds, negative
//!   amounts, are subtracted) and the mean per order. Tenure: days since the first order.
//! - A row with a negative amount is a return: it nets out of the total but is not an order.
//! - Rows without a customer id, a date or a readable amount are skipped with the reason, row and
//!   column, never silently.
//! - Scores run from 1 to 5 by quintile of rank: a customer's score is `1 + floor(5 b / n)`, where
//!   `b` is the number of customers strictly behind (an older last order for recency, fewer orders
//!   for frequency, a smaller total for monetary). Ties share a score, so when most customers
//!   bought once they all score 1 on frequency, and the next score up may skip a step.
//! - The named segment comes from the recency and frequency scores through [`RULES`], the usual
//!   R x F grid of RFM segmentation; the monetary score is reported beside it.

pub mod aggregate;
pub mod guess;
#[cfg(feature = "full-report")]
pub mod join;
pub mod result;
pub mod rules;
pub mod settings;
pub mod table;

pub use aggregate::{aggregate, cutoffs};
pub use guess::{guess, Guess};
pub use result::{RfmColumns, RfmResult};
pub use rules::Cutoffs;
pub use settings::{AsOf, RfmSettings};
pub use table::to_csv;
