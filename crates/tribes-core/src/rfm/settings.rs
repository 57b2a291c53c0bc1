//! The rfm stage's settings: which columns hold what, and the date recency is counted to.

use serde::{Deserialize, Serialize};

/// Which columns hold what, by name, as the user gives them (`tribes rfm --customer ...`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct RfmOptions {
    pub customer: Option<String>,
    pub date: Option<String>,
    /// The order's amount; or `quantity` times `price` when there is no amount column.
    pub amount: Option<String>,
    pub quantity: Option<String>,
    pub price: Option<String>,
    /// Order ids: frequency counts distinct ids instead of rows.
    pub order: Option<String>,
    /// Recency is counted to this date (any form the date column uses, or ISO `2024-12-31`);
    /// the file's last order date when absent.
    pub as_of: Option<String>,
}
