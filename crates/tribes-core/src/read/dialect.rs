//! Sniffing how a CSV file is written: delimiter, quote, header, decimal mark, line ending, and
//! Excel's `sep=;` first line. Works on a decoded sample of the file's start; every choice can be
//! overridden by the user.

use serde::Serialize;

use super::values::{date_parts, parse_number, NumberFormat};

/// Delimiters tried, in order of preference on a tie.
pub const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];
/// Records of the sample that the sniffer parses.
const SNIFF_RECORDS: usize = 100;

/// What the user fixed; `None` means "detect".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Overrides {
    pub delimiter: Option<u8>,
    pub quote: Option<u8>,
    pub header: Option<bool>,
    pub decimal: Option<char>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum LineEnding {
    #[serde(rename = "LF")]
    Lf,
    #[serde(rename = "CRLF")]
    CrLf,
    #[serde(rename = "CR")]
    Cr,
    /// A single line with no terminator.
    #[serde(rename = "none")]
    None,
}

/// How the file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialect {
    pub delimiter: u8,
    pub quote: u8,
    pub header: bool,
    pub number: NumberFormat,
    pub line_ending: LineEnding,
    /// Bytes of an Excel `sep=X` first line to skip (0 if none).
    pub sep_line: usize,
}

/// Sniffs the dialect from `sample`, the decoded start of the file.
pub fn sniff(sample: &str, o: &Overrides) -> Dialect {
    let (sep_delim, sep_line) = excel_sep_line(sample);
    let body = &sample[sep_line..];
    // A truncated sample ends mid-record; parse whole lines only (unless that leaves nothing).
    let body = match body.rfind(['\n', '\r']) {
        Some(i) if i > 0 => &body[..i],
        _ => body,
    };
    let quote = o.quote.unwrap_or_else(|| sniff_quote(body));
    let delimiter = o
        .delimiter
        .or(sep_delim)
        .unwrap_or_else(|| sniff_delimiter(body, quote));
    let rows = parse_sample(body, delimiter, quote);
    let number = NumberFormat {
        decimal: o.decimal.unwrap_or_else(|| sniff_decimal(&rows)),
    };
    let header = o.header.unwrap_or_else(|| sniff_header(&rows, number));
    Dialect {
        delimiter,
        quote,
        header,
        number,
        line_ending: line_ending(body),
        sep_line,
    }
}

/// `sep=;` (Excel's hint) as the first line: the delimiter and the bytes to skip.
fn excel_sep_line(sample: &str) -> (Option<u8>, usize) {
    let Some(rest) = sample.strip_prefix("sep=") else {
        return (None, 0);
    };
    let mut chars = rest.chars();
    let Some(d) = chars.next().filter(char::is_ascii) else {
        return (None, 0);
    };
    let after = chars.as_str();
    let term = if after.starts_with("\r\n") {
        2
    } else if after.starts_with(['\n', '\r']) || after.is_empty() {
        after.len().min(1)
    } else {
        return (None, 0);
    };
    (Some(d as u8), 4 + 1 + term)
}

fn line_ending(body: &str) -> LineEnding {
    match body.find(['\n', '\r']) {
        None => LineEnding::None,
        Some(i) if body[i..].starts_with("\r\n") => LineEnding::CrLf,
        Some(i) if body.as_bytes()[i] == b'\r' => LineEnding::Cr,
        Some(_) => LineEnding::Lf,
    }
}

/// `"` unless the sample has none and fields open and close with `'` at delimiters. A `'` that
/// only opens fields is a spreadsheet's text guard (`'02108`), not a quote.
fn sniff_quote(body: &str) -> u8 {
    if body.contains('"') {
        return b'"';
    }
    // Fields opening with ' after a delimiter or at the start of a line.
    let quoted = DELIMITERS
        .iter()
        .map(|&d| body.matches(&format!("{}'", d as char)).count())
        .max()
        .unwrap_or(0)
        + body.matches("\n'").count()
        + usize::from(body.starts_with('\''));
    let closed = DELIMITERS
        .iter()
        .map(|&d| body.matches(&format!("'{}", d as char)).count())
        .max()
        .unwrap_or(0)
        + body.matches("'\n").count()
        + body.matches("'\r").count()
        + usize::from(body.ends_with('\''));
    if quoted >= 2 && closed >= 2 && body.matches('\'').count() >= 4 {
        b'\''
    } else {
        b'"'
    }
}

/// The first `SNIFF_RECORDS` records of the sample under a dialect (blank lines skip, as in the
/// reader). Read with csv-core, the `csv` crate's own parser, which the reader uses too: the
/// `csv::Reader` it replaced here cost 6 KB of wasm for this alone.
fn sample_records(body: &str, delimiter: u8, quote: u8) -> Vec<Vec<String>> {
    let mut csv = csv_core::ReaderBuilder::new()
        .delimiter(delimiter)
        .quote(quote)
        .build();
    let mut input = body.as_bytes();
    let mut out = vec![0u8; body.len() + 1];
    let mut ends = vec![0usize; 64];
    let (mut out_len, mut ends_len) = (0, 0);
    let mut rows = Vec::new();
    while rows.len() < SNIFF_RECORDS {
        // An empty `input` tells csv-core the sample has ended.
        let (res, nin, nout, nends) =
            csv.read_record(input, &mut out[out_len..], &mut ends[ends_len..]);
        input = &input[nin..];
        out_len += nout;
        ends_len += nends;
        match res {
            csv_core::ReadRecordResult::InputEmpty => {}
            csv_core::ReadRecordResult::OutputFull => out.resize(out.len() * 2, 0),
            csv_core::ReadRecordResult::OutputEndsFull => ends.resize(ends.len() * 2, 0),
            csv_core::ReadRecordResult::Record => {
                let mut start = 0;
                let row: Vec<String> = ends[..ends_len]
                    .iter()
                    .map(|&end| {
                        let field = String::from_utf8_lossy(&out[start..end]).into_owned();
                        start = end;
                        field
                    })
                    .collect();
                rows.push(row);
                (out_len, ends_len) = (0, 0);
            }
            csv_core::ReadRecordResult::End => break,
        }
    }
    rows
}

/// The delimiter under which the largest share of sample records have the same number of fields
/// (more than one), preferring more fields, then the order of `DELIMITERS`.
fn sniff_delimiter(body: &str, quote: u8) -> u8 {
    let mut best = (b',', 0usize, 0usize);
    let mut best_records = 1usize;
    for &d in &DELIMITERS {
        let counts: Vec<usize> = sample_records(body, d, quote)
            .iter()
            .filter(|r| !(r.len() == 1 && r[0].is_empty()))
            .map(Vec::len)
            .collect();
        // The most common field count, and how many records have it.
        let mut modal = (0usize, 0usize);
        for &c in &counts {
            let n = counts.iter().filter(|&&x| x == c).count();
            if (n, c) > (modal.1, modal.0) {
                modal = (c, n);
            }
        }
        if modal.0 < 2 {
            continue;
        }
        // Compared by the share of records that have the modal count, not their number: under a
        // wrong delimiter, a quoted field's newlines cut one record into many.
        let share = modal.1 * best_records;
        let best_share = best.1 * counts.len();
        if (share, modal.0) > (best_share, best.2) {
            best = (d, modal.1, modal.0);
            best_records = counts.len();
        }
    }
    best.0
}

fn parse_sample(body: &str, delimiter: u8, quote: u8) -> Vec<Vec<String>> {
    sample_records(body, delimiter, quote)
}

/// `,` when more number-like cells read as decimal-comma numbers only (`12,5`, `1.234,5`) than as
/// decimal-point numbers only (`12.5`, `1,234.5`); a comma-delimited file needs quoted cells for
/// that, so it stays `.` unless the evidence is there.
fn sniff_decimal(rows: &[Vec<String>]) -> char {
    let dot = NumberFormat { decimal: '.' };
    let comma = NumberFormat { decimal: ',' };
    let (mut only_dot, mut only_comma) = (0usize, 0usize);
    for cell in rows.iter().skip(1).flatten() {
        let t = cell.trim();
        if !(t.contains(',') || t.contains('.')) {
            continue;
        }
        match (
            parse_number(t, dot).is_some(),
            parse_number(t, comma).is_some(),
        ) {
            (true, false) => only_dot += 1,
            (false, true) => only_comma += 1,
            _ => {}
        }
    }
    if only_comma > only_dot {
        ','
    } else {
        '.'
    }
}

#[derive(Clone, Copy, PartialEq)]
enum CellType {
    Number,
    Date,
    Other,
    Empty,
}

fn cell_type(cell: &str, number: NumberFormat) -> CellType {
    let t = cell.trim();
    if t.is_empty() {
        CellType::Empty
    } else if parse_number(t, number).is_some() {
        CellType::Number
    } else if date_parts(t).is_some() {
        CellType::Date
    } else {
        CellType::Other
    }
}

/// The first row is the header unless it types like the rows below: each column whose cells below
/// are (nearly) all numbers or dates votes "data" if its first cell is of that type too, and
/// "header" if not. No typed column, or a tie: header.
fn sniff_header(rows: &[Vec<String>], number: NumberFormat) -> bool {
    let Some(first) = rows.first() else {
        return true;
    };
    if rows.len() < 2 {
        // A lone row: a header if no cell is a number or date.
        return !first
            .iter()
            .any(|c| matches!(cell_type(c, number), CellType::Number | CellType::Date));
    }
    let (mut header, mut data) = (0, 0);
    for (c, top) in first.iter().enumerate() {
        let below: Vec<CellType> = rows[1..]
            .iter()
            .filter_map(|r| r.get(c))
            .map(|v| cell_type(v, number))
            .filter(|t| *t != CellType::Empty)
            .collect();
        for typed in [CellType::Number, CellType::Date] {
            let n = below.iter().filter(|&&t| t == typed).count();
            if !below.is_empty() && n * 10 >= below.len() * 9 {
                if cell_type(top, number) == typed {
                    data += 1;
                } else {
                    header += 1;
                }
            }
        }
    }
    header >= data
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sniffed(text: &str) -> Dialect {
        sniff(text, &Overrides::default())
    }

    /// A semicolon file whose quoted fields hold newlines and commas was guessed comma-separated:
    /// cut at the newlines, its lines made more (broken) records of two fields than the real
    /// records of three.
    #[test]
    fn quoted_newlines_and_commas_keep_the_semicolon_delimiter() {
        for text in [
            "id;title;data\r\n1;row one;\"{\n  \"\"a\"\": 1,\n  \"\"b\"\": 2,\n}\"\r\n2;row two;\"{\n  \"\"a\"\": 1,\n  \"\"b\"\": 2,\n}\"",
            "name;note;amount\n\"Ana\";\"likes red, blue\nand green\";12,5\n\"Ben\";\"Berlin, Paris\";7,25\n\"Dee\";\"one, two\nthree, four\";4,5\n",
        ] {
            assert_eq!(sniffed(text).delimiter, b';', "{text:?}");
        }
    }

    #[test]
    fn delimiters_table() {
        for (text, want) in [
            ("a,b,c\n1,2,3\n4,5,6\n", b','),
            ("a;b;c\n1,5;2;3\n4;5,5;6\n", b';'),
            ("a\tb\n1\t2\n", b'\t'),
            ("a|b|c\n1|2|3\n", b'|'),
            ("spend\n1\n2\n", b','),
            // Commas inside quotes do not count.
            ("name;note\n\"Ann\";\"a, b, c\"\n\"Bo\";\"d, e\"\n", b';'),
            // A ragged row does not change the majority.
            ("a;b\n1;2\n3;4;5\n6;7\n", b';'),
            ("sep=|\na|b\n1|2\n", b'|'),
        ] {
            assert_eq!(sniffed(text).delimiter as char, want as char, "{text:?}");
        }
    }

    #[test]
    fn excel_sep_line_is_skipped() {
        let d = sniffed("sep=;\r\nname;spend\r\nAnn;1,5\r\n");
        assert_eq!((d.delimiter, d.sep_line), (b';', 7));
        assert_eq!(sniffed("a,b\n1,2\n").sep_line, 0);
    }

    #[test]
    fn headers_table() {
        for (text, want) in [
            ("name,spend\nAnn,10\nBo,20\n", true),
            ("Ann,10\nBo,20\nCy,30\n", false),
            ("2024-01-01,5\n2024-01-02,6\n", false),
            ("date,n\n2024-01-01,5\n2024-01-02,6\n", true),
            // Only text columns: nothing to vote with, so a header.
            ("city,industry\nBoston,SaaS\n", true),
            ("only one row\n", true),
            ("1,2,3\n", false),
        ] {
            assert_eq!(sniffed(text).header, want, "{text:?}");
        }
    }

    #[test]
    fn decimal_comma_table() {
        for (text, want) in [
            ("name;spend\nAnn;12,5\nBo;1.234,75\n", ','),
            ("name;spend\nAnn;12.5\nBo;7\n", '.'),
            ("name,spend\nAnn,\"12,5\"\nBo,\"3,25\"\n", ','),
            // 1,234 is ambiguous (thousands or decimal); 1.5 decides.
            ("a;b\n1,234;1.5\n", '.'),
            ("a,b\n1,2\n", '.'),
        ] {
            assert_eq!(sniffed(text).number.decimal, want, "{text:?}");
        }
    }

    #[test]
    fn quote_and_line_endings() {
        assert_eq!(sniffed("a,b\n'x, y',1\n'z',2\n'w',3\n").quote, b'\'');
        assert_eq!(sniffed("a,b\n\"it's\",1\n").quote, b'"');
        // Shopify's text guards open fields and never close them: not quotes.
        let guards = "zip,phone\n'02108,'+15742654890\n'10001,'+15742654891\n";
        assert_eq!(sniffed(guards).quote, b'"');
        assert_eq!(sniffed("a,b\r\n1,2\r\n").line_ending, LineEnding::CrLf);
        assert_eq!(sniffed("a,b\r1,2\r").line_ending, LineEnding::Cr);
        assert_eq!(sniffed("a,b\n1,2\n").line_ending, LineEnding::Lf);
    }

    #[test]
    fn overrides_win() {
        let o = Overrides {
            delimiter: Some(b';'),
            quote: Some(b'\''),
            header: Some(false),
            decimal: Some(','),
        };
        let d = sniff("a,b\n1,2\n", &o);
        assert_eq!(
            (d.delimiter, d.quote, d.header, d.number.decimal),
            (b';', b'\'', false, ',')
        );
    }
}
