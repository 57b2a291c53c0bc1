//! Reading a CSV file into a columnar `Table`.
//!
//! This first version reads UTF-8 (with or without a byte-order mark), takes the first record as
//! the header, and sniffs the delimiter among comma, semicolon, tab and pipe. Every data record is
//! accounted for: it becomes a row of the table, or it is listed in `skipped` with its record
//! number, the line it starts on and the reason.

use serde::Serialize;

use crate::error::{Error, Result};

/// The delimiters the sniffer tries, in order of preference on a tie.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];
/// How much of the file the sniffer looks at.
const SNIFF_BYTES: usize = 64 * 1024;
/// How many records the sniffer parses with each candidate delimiter.
const SNIFF_RECORDS: usize = 50;

/// A data record that is not in the table, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Skipped {
    /// The 1-based number of the data record (the header is not counted).
    pub row: u64,
    /// The 1-based line the record starts on.
    pub line: u64,
    pub reason: String,
}

/// The file as read: one `Vec<String>` per column, plus what was left out.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub headers: Vec<String>,
    /// `columns[c][r]` is the cell of column `c` in kept row `r`.
    pub columns: Vec<Vec<String>>,
    /// For each kept row, the 0-based index of its data record in the file.
    pub record_of_row: Vec<usize>,
    /// For each kept row, the line it starts on (for messages).
    pub line_of_row: Vec<u64>,
    /// Data records in the file: kept rows + skipped.
    pub records: usize,
    pub skipped: Vec<Skipped>,
    pub delimiter: u8,
    pub encoding: &'static str,
}

impl Table {
    pub fn rows(&self) -> usize {
        self.record_of_row.len()
    }
}

/// Reads `bytes` as CSV.
pub fn read(bytes: &[u8]) -> Result<Table> {
    let (bytes, encoding) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, "UTF-8 (BOM)"),
        None => (bytes, "UTF-8"),
    };
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::Empty);
    }
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        let line = 1 + bytes[..pos].iter().filter(|&&b| b == b'\n').count() as u64;
        return Err(Error::Csv {
            line,
            message: "the file contains a NUL byte, so it is binary or UTF-16, not a UTF-8 CSV"
                .into(),
        });
    }
    let delimiter = sniff_delimiter(&bytes[..bytes.len().min(SNIFF_BYTES)]);

    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    let mut lines = LineCounter::default();

    if !read_record(&mut reader, &mut record)? {
        return Err(Error::Empty);
    }
    let header_line = lines.line_of(bytes, &record);
    let headers = unique_headers(&decode(&record, header_line)?);
    let width = headers.len();
    let mut columns: Vec<Vec<String>> = vec![Vec::new(); width];
    let mut record_of_row = Vec::new();
    let mut line_of_row = Vec::new();
    let mut skipped = Vec::new();
    let mut records = 0usize;

    while read_record(&mut reader, &mut record)? {
        let line = lines.line_of(bytes, &record);
        records += 1;
        let row = records as u64;
        let mut fields = decode(&record, line)?;
        if fields.len() > width {
            if fields[width..].iter().all(|f| f.trim().is_empty()) {
                fields.truncate(width);
            } else {
                skipped.push(Skipped {
                    row,
                    line,
                    reason: format!("has {} fields but the header has {width}", fields.len()),
                });
                continue;
            }
        }
        if fields.iter().all(|f| f.trim().is_empty()) {
            skipped.push(Skipped {
                row,
                line,
                reason: "every field is empty".into(),
            });
            continue;
        }
        // A short row is kept: its missing trailing fields are empty, hence missing values.
        fields.resize(width, String::new());
        for (column, field) in columns.iter_mut().zip(fields) {
            column.push(field);
        }
        record_of_row.push(records - 1);
        line_of_row.push(line);
    }
    if records == 0 {
        return Err(Error::NoRows);
    }
    Ok(Table {
        headers,
        columns,
        record_of_row,
        line_of_row,
        records,
        skipped,
        delimiter,
        encoding,
    })
}

/// Line numbers from byte offsets. The `csv` crate's own line count lags by one after a CRLF (it
/// ends a record at the CR and consumes the LF when the next record starts), so lines are counted
/// here: a line ends at LF, CRLF, or a CR on its own.
#[derive(Default)]
struct LineCounter {
    offset: usize,
    line: u64,
}

impl LineCounter {
    fn line_of(&mut self, bytes: &[u8], record: &csv::ByteRecord) -> u64 {
        let mut start = record.position().map_or(self.offset, |p| p.byte() as usize);
        // The record starts after any line terminator left over from the previous one.
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        let start = start.max(self.offset).min(bytes.len());
        let span = &bytes[self.offset..start];
        for (i, &b) in span.iter().enumerate() {
            if b == b'\n' || (b == b'\r' && span.get(i + 1) != Some(&b'\n')) {
                self.line += 1;
            }
        }
        self.offset = start;
        self.line + 1
    }
}

fn read_record(reader: &mut csv::Reader<&[u8]>, record: &mut csv::ByteRecord) -> Result<bool> {
    reader.read_byte_record(record).map_err(|e| Error::Csv {
        line: e.position().map_or(0, |p| p.line()),
        message: e.to_string(),
    })
}

fn decode(record: &csv::ByteRecord, line: u64) -> Result<Vec<String>> {
    record
        .iter()
        .enumerate()
        .map(|(i, field)| {
            std::str::from_utf8(field)
                .map(str::to_owned)
                .map_err(|_| Error::NotUtf8 { line, field: i + 1 })
        })
        .collect()
}

/// Picks the delimiter whose records have the most consistent, largest field count.
fn sniff_delimiter(sample: &[u8]) -> u8 {
    // The last line of a truncated sample may be cut; drop it unless the sample is the whole file.
    let cut = if sample.len() == SNIFF_BYTES {
        sample
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(sample, |p| &sample[..p])
    } else {
        sample
    };
    let mut best = (b',', 0usize, 0usize); // (delimiter, consistent records, fields)
    for &d in &DELIMITERS {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(d)
            .has_headers(false)
            .flexible(true)
            .from_reader(cut);
        let counts: Vec<usize> = reader
            .byte_records()
            .take(SNIFF_RECORDS)
            .filter_map(|r| r.ok())
            .map(|r| r.len())
            .collect();
        let Some(&first) = counts.first() else {
            continue;
        };
        if first < 2 {
            continue;
        }
        let consistent = counts.iter().filter(|&&c| c == first).count();
        if (consistent, first) > (best.1, best.2) {
            best = (d, consistent, first);
        }
    }
    best.0
}

/// Gives every column a distinct, non-empty name: an empty name becomes `column_N` (N its 1-based
/// position), and a repeated one gets `_2`, `_3`, ... .
pub fn unique_headers(raw: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(raw.len());
    for (i, name) in raw.iter().enumerate() {
        let base = match name.trim() {
            "" => format!("column_{}", i + 1),
            t => t.to_owned(),
        };
        let mut candidate = base.clone();
        let mut n = 2;
        while out.contains(&candidate) {
            candidate = format!("{base}_{n}");
            n += 1;
        }
        out.push(candidate);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_each_delimiter() {
        for (text, want) in [
            ("a,b,c\n1,2,3\n4,5,6\n", b','),
            ("a;b;c\n1,5;2;3\n4;5,5;6\n", b';'),
            ("a\tb\n1\t2\n", b'\t'),
            ("a|b|c\n1|2|3\n", b'|'),
            // One column: nothing splits it, and comma is the default.
            ("spend\n1\n2\n", b','),
        ] {
            assert_eq!(read(text.as_bytes()).unwrap().delimiter, want, "{text:?}");
        }
    }

    #[test]
    fn reads_columns_and_strips_bom() {
        let t = read("\u{feff}name,spend\r\nAnn,10\r\n\"Bo, Jr.\",20\r\n".as_bytes()).unwrap();
        assert_eq!(t.headers, ["name", "spend"]);
        assert_eq!(t.columns[0], ["Ann", "Bo, Jr."]);
        assert_eq!(t.columns[1], ["10", "20"]);
        assert_eq!(t.encoding, "UTF-8 (BOM)");
        assert_eq!(t.line_of_row, [2, 3]);
    }

    #[test]
    fn every_record_is_kept_or_skipped_with_its_line() {
        // Records: 1 ok, 2 short (padded), 3 too long (skipped), 4 all empty (skipped),
        // 5 trailing empty field (kept). The quoted newline in record 1 moves later lines down.
        let text = "a,b\n\"x\ny\",1\n2\n3,4,5\n,\n6,7,\n";
        let t = read(text.as_bytes()).unwrap();
        assert_eq!(t.records, 5);
        assert_eq!(t.rows() + t.skipped.len(), t.records);
        assert_eq!(t.record_of_row, [0, 1, 4]);
        assert_eq!(t.columns[1], ["1", "", "7"]);
        assert_eq!(
            t.skipped,
            [
                Skipped {
                    row: 3,
                    line: 5,
                    reason: "has 3 fields but the header has 2".into()
                },
                Skipped {
                    row: 4,
                    line: 6,
                    reason: "every field is empty".into()
                },
            ]
        );
    }

    #[test]
    fn names_duplicate_and_empty_headers() {
        let raw: Vec<String> = ["spend", "", "spend", "spend_2"].map(String::from).to_vec();
        assert_eq!(
            unique_headers(&raw),
            ["spend", "column_2", "spend_2", "spend_2_2"]
        );
    }

    #[test]
    fn refuses_empty_header_only_binary_and_invalid_utf8() {
        assert_eq!(read(b"").unwrap_err(), Error::Empty);
        assert_eq!(read(b" \n\r\n").unwrap_err(), Error::Empty);
        assert_eq!(read(b"a,b\n").unwrap_err(), Error::NoRows);
        assert!(matches!(
            read(b"a,b\n1,\x00\n"),
            Err(Error::Csv { line: 2, .. })
        ));
        assert_eq!(
            read(b"a,b\n1,2\n3,caf\xe9\n").unwrap_err(),
            Error::NotUtf8 { line: 3, field: 2 }
        );
    }
}
