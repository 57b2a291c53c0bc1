//! The sizes that could exhaust memory or time, each with its limit and the reason for its
//! value, in one place (the README's "Limits" table says the same for users). Each is checked
//! before the work it guards starts, so that a file past one gets a message naming the limit and
//! the file's value instead of a worker that runs out of memory.
//!
//! Some limits depend on the address space: a wasm32 page's worker has 4 GiB of memory at most
//! for everything (the file held, the analysis, the result), a 64-bit process far more. The
//! analysis' memory estimate uses the same budget on every target, so that a file gets the same
//! answer from the `tribes` command and from the page.

/// The most columns a file may have. Every column is typed, profiled and, when it may form
/// segments, measured against every other (a square of the columns): 20,000 numeric columns of
/// four rows asked 3.2 GB of the pair table alone. Exports with the most columns we know (survey
/// tools, CRMs with custom fields) have a few hundred.
pub const MAX_COLUMNS: usize = 2_000;

/// The most dimensions the features may have after encoding (one per number, one per category
/// value kept, one per list item, five per text column). The rows are held as a matrix of this
/// many columns, and the map's principal axes grow with their square.
pub const MAX_DIMENSIONS: usize = 1_000;

/// The largest CSV file read: the table holds its text and 4 bytes per cell. In a wasm32 worker
/// this leaves room for the analysis within the 4 GiB of the address space; natively the cells'
/// offsets are 32-bit, so the text can be at most 4 GiB.
#[cfg(target_pointer_width = "32")]
pub const MAX_FILE_BYTES: u64 = 1 << 30;
#[cfg(not(target_pointer_width = "32"))]
pub const MAX_FILE_BYTES: u64 = u32::MAX as u64;

/// The memory the file held and its analysis may take together, by the estimate of
/// [`analysis_bytes`]: three quarters of wasm32's 4 GiB, the rest left for what the estimate
/// leaves out (the sweep's and the stability's samples, the result, the allocator's slack).
pub const MEMORY_BUDGET: u64 = 3 << 30;

// The estimate, per row, measured in wasm (Node 20): 7.3M rows of 4 numeric columns (a 128 MB
// file) grew the module's memory to 400 MB once read and to 1,122 MB at the analysis' peak, so
// about 99 bytes per row beyond the table; the constants below give 144, and the table is
// counted as its text and 32 bytes per row of 4 cells (362 MB): 1.41 GB estimated for 1.12 GB
// measured.
/// Bytes the analysis holds per row and dimension at its peak: the encoded matrix and a copy.
const PER_ROW_DIMENSION: u64 = 16;
/// Bytes per row and numeric column: the parsed values, kept for the profiles.
const PER_ROW_NUMBER: u64 = 8;
/// Bytes per row beyond its dimensions: labels, row indices, the map's points.
const PER_ROW: u64 = 48;

/// The memory an analysis of `rows` rows on `dimensions` dimensions (of which `numbers` numeric
/// columns) takes at its peak, with the table of `table_bytes` held.
pub fn analysis_bytes(table_bytes: u64, rows: u64, dimensions: u64, numbers: u64) -> u64 {
    let per_row = PER_ROW_DIMENSION
        .saturating_mul(dimensions)
        .saturating_add(PER_ROW_NUMBER.saturating_mul(numbers))
        .saturating_add(PER_ROW);
    table_bytes.saturating_add(rows.saturating_mul(per_row))
}

/// A share of rows to sample so that `fits` (the share that fits the limit) is not exceeded:
/// rounded down to two significant digits, at least 0.001.
#[cfg(feature = "full-report")]
pub fn sample_share(fits: f64) -> f64 {
    if fits.is_nan() || fits >= 1.0 {
        return 1.0;
    }
    // Two significant digits without a logarithm (the embed's module has no libm to spare).
    let mut scale = 10.0;
    while fits * scale < 10.0 && scale < 1e3 {
        scale *= 10.0;
    }
    ((fits * scale).floor() / scale).max(0.001)
}

/// Whether the data record numbered `record` is in a sample of `share` of the rows: a hash of its
/// number (SplitMix64's finaliser), so the same rows are kept however the file arrives in chunks,
/// and the sample is spread over the whole file rather than its start.
#[cfg(feature = "full-report")]
pub fn sampled(record: u64, share: f64) -> bool {
    let mut z = record.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    ((z >> 11) as f64) / ((1u64 << 53) as f64) < share
}

/// A size in bytes as people read it: `1.9 GB`, `240 MB`, `12 KB`.
pub fn size_text(bytes: u64) -> String {
    // Whole numbers only: formatting floats to a precision is code the embed's module lacks.
    if bytes >= 999_950_000 {
        let tenths = (bytes + 50_000_000) / 100_000_000;
        format!("{}.{} GB", tenths / 10, tenths % 10)
    } else if bytes >= 1_000_000 {
        format!("{} MB", (bytes + 500_000) / 1_000_000)
    } else {
        format!("{} KB", ((bytes + 500) / 1_000).max(1))
    }
}

/// A count with thousands separators: `7,300,000`.
pub fn count_text(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_counts_read_as_people_write_them() {
        assert_eq!(size_text(1_900_000_000), "1.9 GB");
        assert_eq!(size_text(240_000_000), "240 MB");
        assert_eq!(size_text(12), "1 KB");
        assert_eq!(count_text(7_300_000), "7,300,000");
        assert_eq!(count_text(999), "999");
    }

    #[test]
    #[cfg(feature = "full-report")]
    fn a_sample_share_is_rounded_down_to_fit() {
        assert_eq!(sample_share(0.2741), 0.27);
        assert_eq!(sample_share(0.0456), 0.045);
        assert_eq!(sample_share(1.5), 1.0);
        assert_eq!(sample_share(0.0), 0.001);
        assert_eq!(sample_share(f64::NAN), 1.0);
    }

    #[test]
    #[cfg(feature = "full-report")]
    fn a_sample_keeps_about_its_share_of_rows() {
        let kept = (1..=100_000u64).filter(|&r| sampled(r, 0.25)).count();
        assert!((24_000..26_000).contains(&kept), "{kept}");
        assert!((1..=1000u64).all(|r| sampled(r, 1.0)));
    }

    #[test]
    fn the_estimate_grows_with_rows_and_dimensions() {
        // 1,000 rows of 4 numeric dimensions: 1,000 x (16 x 4 + 8 x 4 + 48) = 144,000 bytes.
        assert_eq!(analysis_bytes(0, 1_000, 4, 4), 144_000);
        assert_eq!(analysis_bytes(10, 0, 4, 4), 10);
        assert_eq!(analysis_bytes(u64::MAX, u64::MAX, 9, 9), u64::MAX);
    }
}
