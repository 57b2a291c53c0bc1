//! The rfm stage's settings, checked: which columns hold what, and the date recency is counted to.

pub use crate::read::values::AsOf;

/// Which columns hold what, by name (each detected when absent), and the as-of date.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RfmSettings {
    pub customer: Option<String>,
    pub date: Option<String>,
    /// The order's amount; or `quantity` times `price` when there is no amount column.
    pub amount: Option<String>,
    pub quantity: Option<String>,
    pub price: Option<String>,
    /// Order ids: frequency counts distinct ids instead of rows.
    pub order: Option<String>,
    /// Recency is counted to this date; the file's last order date when absent.
    pub as_of: Option<AsOf>,
    /// Joining orders onto a customers file: the customers file's key column and the orders
    /// file's customer column; measured on both files when absent. Only in builds with the
    /// join (the feature `full-report`).
    #[cfg(feature = "full-report")]
    pub join: Option<(String, String)>,
}
