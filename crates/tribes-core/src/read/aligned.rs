//! Text tables whose columns are aligned with runs of spaces, as some purchase histories are
//! shipped (`00001 19970101  1  11.77`): no delimiter character, no quotes. They are recognised
//! on the sample, and read by squeezing every run of spaces into one space (leading and trailing
//! spaces dropped), which csv-core then splits on.

/// Whether `sample` (the decoded start of the file) is a table aligned with spaces: no tab,
/// comma, semicolon, pipe or quote anywhere; every line splits on spaces into the same number of
/// fields, at least two; and some line has a run of two spaces or more (text with single spaces
/// between words is more likely one column of phrases).
pub fn looks_aligned(sample: &str) -> bool {
    if sample.contains(['\t', ',', ';', '|', '"']) {
        return false;
    }
    // A sample cut short ends mid-line: judge whole lines only.
    let body = match sample.rfind(['\n', '\r']) {
        Some(i) if i > 0 => &sample[..i],
        _ => sample,
    };
    let mut lines = body
        .split(['\n', '\r'])
        .filter(|l| !l.trim().is_empty())
        .peekable();
    let Some(first) = lines.peek() else {
        return false;
    };
    let width = first.split_whitespace().count();
    if width < 2 {
        return false;
    }
    let mut runs = false;
    let mut count = 0;
    for line in lines {
        if line.split_whitespace().count() != width {
            return false;
        }
        runs |= line.trim().contains("  ") || line.starts_with(' ');
        count += 1;
    }
    count >= 2 && runs
}

/// Squeezes runs of spaces into one, across chunks: a space is written only once the next field
/// starts, so lines never begin or end with one.
#[derive(Debug, Default)]
pub struct Squeeze {
    /// Spaces were seen after a field on this line.
    space: bool,
    /// Nothing but spaces since the line began.
    line_start: bool,
}

impl Squeeze {
    pub fn new() -> Squeeze {
        Squeeze {
            space: false,
            line_start: true,
        }
    }

    /// `input` squeezed, into `out` (cleared first).
    pub fn apply(&mut self, input: &[u8], out: &mut Vec<u8>) {
        out.clear();
        out.reserve(input.len());
        for &b in input {
            match b {
                b' ' => self.space = !self.line_start,
                b'\n' | b'\r' => {
                    self.space = false;
                    self.line_start = true;
                    out.push(b);
                }
                _ => {
                    if self.space {
                        out.push(b' ');
                    }
                    self.space = false;
                    self.line_start = false;
                    out.push(b);
                }
            }
        }
    }

    /// A whole text squeezed (for the sample the dialect is sniffed on).
    pub fn text(text: &str) -> String {
        let mut out = Vec::new();
        Squeeze::new().apply(text.as_bytes(), &mut out);
        // Only ASCII spaces were removed, so the text is still UTF-8.
        String::from_utf8(out).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_aligned_tables_and_not_others() {
        let cases: [(&str, bool); 8] = [
            // The purchase history as shipped: ids, compact dates, counts and amounts.
            (
                "00001 19970101  1  11.77\n00002 19970112  1  12.00\n00002 19970112  5  77.00\n",
                true,
            ),
            // Leading spaces only (right-aligned numbers).
            ("  1  20\n 12 300\n123   4\n", true),
            // A header aligned with its columns.
            (
                "id    date      amount\n1     20240101  3.50\n2     20240102  10.00\n",
                true,
            ),
            // A CSV file.
            ("id,date\n1,2024-01-01\n2,2024-01-02\n", false),
            // Phrases with single spaces: one column of text, not a table.
            ("good service\nslow delivery\n", false),
            // Ragged: a line with a different number of fields.
            ("1  2  3\n4  5\n", false),
            // One column.
            ("  1\n  2\n", false),
            // One line.
            ("1   2\n", false),
        ];
        for (text, want) in cases {
            assert_eq!(looks_aligned(text), want, "{text:?}");
        }
    }

    #[test]
    fn squeezes_runs_across_chunks() {
        let mut s = Squeeze::new();
        let mut out = Vec::new();
        let mut all = Vec::new();
        for chunk in ["  00001 1997", "0101  ", " 1  11.77  \r\n", "   2   3\n"] {
            s.apply(chunk.as_bytes(), &mut out);
            all.extend_from_slice(&out);
        }
        assert_eq!(
            String::from_utf8(all).unwrap(),
            "00001 19970101 1 11.77\r\n2 3\n"
        );
    }

    #[test]
    fn purchase_histories_aligned_with_spaces_read_as_columns() {
        let read = |bytes: &[u8]| crate::read::read(bytes, &Default::default()).unwrap();
        let t = read(include_bytes!(
            "../../../../tests/fixtures/files/purchases.txt"
        ));
        assert_eq!(t.headers, ["column_1", "column_2", "column_3", "column_4"]);
        assert_eq!((t.rows(), t.records), (8, 8));
        assert_eq!(
            t.row(0).collect::<Vec<_>>(),
            ["00001", "19970101", "1", "11.77"]
        );
        assert_eq!(
            t.row(7).collect::<Vec<_>>(),
            ["00004", "19970118", "2", "29.33"]
        );
        assert_eq!(t.source.format, "text");
        // The realistic history, as shipped: every line a row of four fields.
        let shipped = include_bytes!("../../../../tests/fixtures/exports/purchase-history.txt");
        let t = read(shipped);
        let lines = shipped.iter().filter(|&&b| b == b'\n').count();
        assert_eq!((t.headers.len(), t.rows(), t.skipped.len()), (4, lines, 0));
        // A CSV file is still a CSV file.
        let t = read(b"id,amount\n1,  2.5\n2,  3\n");
        assert_eq!((t.source.format.as_str(), t.headers.len()), ("csv", 2));
    }
}
