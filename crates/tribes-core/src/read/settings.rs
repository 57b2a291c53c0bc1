//! What a read is told: the dialect the user fixed, the encoding, and for workbooks and archives
//! which sheet or file to read. Its own module, below both the CSV reader and the workbook and
//! archive reader, which each take it (and the second hands archive files to the first).

use super::decode::Encoding;
use super::dialect::Overrides;

/// The settings of a read: what the user fixed, the rest detected.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReadSettings {
    pub dialect: Overrides,
    pub encoding: Option<&'static Encoding>,
    /// A workbook's sheet to read (the first with data when absent).
    pub sheet: Option<String>,
    /// An archive's CSV file to read (when absent: an audience export's files joined, or the
    /// first CSV file).
    pub entry: Option<String>,
    /// The share of the data records kept (`util::limits::sampled` chooses which); all when
    /// absent. Only with the feature `full-report`: the embeddable element reads a page's inline
    /// text, which it never samples.
    #[cfg(feature = "full-report")]
    pub sample: Option<f64>,
}
