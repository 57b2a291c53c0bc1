//! The file back, with each row's segment: what "Download CSV" and `tribes analyze --format csv`
//! write, byte for byte the same.
//!
//! Every data record comes out in file order with its cells as read (decoded to UTF-8), followed
//! by two columns: `segment` (the segment id, 0 the largest; empty for a skipped record) and
//! `segment_name`. The header row comes first (the generated `column_1`... names when the file
//! had none; a name already taken gets a suffix, `segment_2`). The delimiter, the quote and the
//! line ending are the file's own, so the export opens where the file did.
//!
//! One change is made, against spreadsheet formula injection (OWASP's "CSV injection"): a cell
//! that starts with `=`, `+`, `-`, `@` (or their full-width forms `＝` `＋` `－` `＠`, also behind
//! leading spaces, a no-break space, a zero-width space or joiner, a word joiner or a byte-order
//! mark), a tab or a carriage return, and is not a plain number (`-12.5`, `+3`, `-1,5` with a
//! decimal comma), gets a leading `'`, which spreadsheets show as text. A short row comes out padded to the header's width, as it was read. A cell the file
//! wrote behind a spreadsheet's text guard (`'02108`, read as `02108`) gets it back.

use crate::read::values::{text_guarded, NumberFormat};
use serde::Deserialize;

use crate::error::ParamError;
use crate::read::Table;

/// How to write the export, checked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExportSettings {
    /// Start with a UTF-8 byte-order mark, which Excel needs to read UTF-8.
    pub bom: bool,
    /// Only the rows of this segment (a targeting list).
    pub segment: Option<usize>,
    /// The segments' names, as the user edited them (the suggested ones when absent).
    pub names: Option<Vec<String>>,
}

/// The export's options as the page sends them: `{names, bom, segment}`.
/// A misspelt option is refused (`segmnt` would have exported every row).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ExportOptions {
    pub names: Option<Vec<String>>,
    pub bom: bool,
    pub segment: Option<f64>,
}

impl ExportOptions {
    /// Checks the options against the `k` segments exported: a segment that is not one of them
    /// would give a file of the header only.
    pub fn check(&self, k: usize) -> Result<ExportSettings, ParamError> {
        let segment = match self.segment {
            Some(s) if s >= 0.0 && s.fract() == 0.0 && s < k as f64 => Some(s as usize),
            Some(segment) => return Err(ParamError::ExportSegment { segment, k }),
            None => None,
        };
        Ok(ExportSettings {
            bom: self.bom,
            segment,
            names: self.names.clone(),
        })
    }
}

/// A cell as written: the formula guard applied.
pub fn guard(cell: &str, format: NumberFormat) -> std::borrow::Cow<'_, str> {
    if risky(cell, format) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Whether a spreadsheet could read `cell` as a formula. OWASP's list of first characters is `=`
/// `+` `-` `@`, tab and carriage return, and the full-width `＝` `＋` `－` `＠` that spreadsheets
/// take for them. A formula also hides behind what shows as nothing: spreadsheets skip leading
/// spaces (a no-break space among them) before `=`, and a zero-width space, joiner or word
/// joiner, or a byte-order mark, is invisible in the cell; so these are looked through to the
/// first character that shows. A plain number (`-12.5`) is left as it is, so that it stays a
/// number.
fn risky(cell: &str, format: NumberFormat) -> bool {
    if cell.starts_with(['\t', '\r']) {
        return true;
    }
    let shown = cell.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
    });
    shown.starts_with([
        '=', '+', '-', '@', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
    ]) && !plain_number(shown, format.decimal)
}

/// A sign, digits with at most one decimal mark (`.` or the file's), and an optional exponent.
fn plain_number(cell: &str, decimal: char) -> bool {
    let body = cell.strip_prefix(['+', '-']).unwrap_or(cell);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let mut digits = 0;
    let mut marks = 0;
    for c in mantissa.chars() {
        if c.is_ascii_digit() {
            digits += 1;
        } else if c == '.' || c == decimal {
            marks += 1;
        } else {
            return false;
        }
    }
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit())
    });
    digits > 0 && marks <= 1 && exponent_ok
}

/// Names for the two new columns that no column of the file has.
fn new_names(headers: &[String]) -> [String; 2] {
    let free = |base: &str| {
        let mut name = base.to_owned();
        let mut i = 2;
        while headers.iter().any(|h| h == &name) {
            name = format!("{base}_{i}");
            i += 1;
        }
        name
    };
    [free("segment"), free("segment_name")]
}

/// Writes the export. `labels` has one entry per data record (the result's `labels`: a segment
/// id, or -1 for a skipped record); `suggested` names the segments by id, unless the settings
/// hold the user's names.
pub fn csv(
    table: &Table,
    labels: &[i32],
    suggested: &[String],
    options: &ExportSettings,
) -> Vec<u8> {
    csv_part(table, labels, 0, true, suggested, options)
}

/// Writes one part of the export of a file read part by part (`Reader::take`): `table` holds the
/// part's rows, `labels` one label per record from record `first` (0-based) to the part's end.
/// With `header` (for the first part), the part starts with the header row and the byte-order
/// mark; the parts end to end are the export of the whole file.
pub fn csv_part(
    table: &Table,
    labels: &[i32],
    first: usize,
    header: bool,
    suggested: &[String],
    options: &ExportSettings,
) -> Vec<u8> {
    let names = options.names.as_deref().unwrap_or(suggested);
    let d = &table.dialect;
    let terminator = match d.line_ending {
        crate::read::dialect::LineEnding::CrLf => csv::Terminator::CRLF,
        crate::read::dialect::LineEnding::Cr => csv::Terminator::Any(b'\r'),
        _ => csv::Terminator::Any(b'\n'),
    };
    let rows = table.records.saturating_sub(first);
    let mut out = Vec::with_capacity(table.cells_bytes() + rows * 12 + 64);
    if options.bom && header {
        out.extend_from_slice("\u{feff}".as_bytes());
    }
    let mut w = csv::WriterBuilder::new()
        .delimiter(d.delimiter)
        .quote(d.quote)
        .terminator(terminator)
        .flexible(true)
        .from_writer(out);
    let format = d.number;
    let [segment, segment_name] = new_names(&table.headers);
    let header_row = table
        .headers
        .iter()
        .map(|h| guard(h, format))
        .chain([segment.into(), segment_name.into()]);
    // Writing to a Vec cannot fail; an error here would be a bug in the csv crate.
    if header {
        let _ = w.write_record(header_row.map(|c| c.into_owned()));
    }
    let mut skipped = table.skipped_fields.iter();
    let mut next_row = 0;
    let records = labels.iter().enumerate().map(|(i, l)| (first + i, l));
    for (record, &label) in records.take(rows) {
        let keep = match options.segment {
            Some(s) => usize::try_from(label).ok() == Some(s),
            None => true,
        };
        let row_cells: Vec<String> = if table.record_of_row.get(next_row) == Some(&record) {
            let r = next_row;
            next_row += 1;
            if !keep {
                continue;
            }
            table
                .row(r)
                .enumerate()
                .map(|(c, cell)| {
                    if table.guarded.get(c) == Some(&true) {
                        let guarded = format!("'{cell}");
                        if text_guarded(&guarded).is_some() {
                            return guarded;
                        }
                    }
                    guard(cell, format).into_owned()
                })
                .collect()
        } else {
            let fields = skipped.next();
            if !keep {
                continue;
            }
            fields
                .map(|f| f.iter().map(|c| guard(c, format).into_owned()).collect())
                .unwrap_or_default()
        };
        let (id, name) = match usize::try_from(label) {
            Ok(l) => (l.to_string(), names.get(l).cloned().unwrap_or_default()),
            Err(_) => (String::new(), String::new()),
        };
        let name = guard(&name, format).into_owned();
        let _ = w.write_record(row_cells.into_iter().chain([id, name]));
    }
    w.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::read;
    use crate::read::ReadSettings;

    #[test]
    fn formulas_are_neutralised_and_numbers_are_not() {
        let f = NumberFormat::default();
        assert_eq!(guard("=SUM(A1:A9)", f), "'=SUM(A1:A9)");
        assert_eq!(guard("+1 555 0100", f), "'+1 555 0100");
        assert_eq!(guard("@cmd", f), "'@cmd");
        assert_eq!(guard("\tx", f), "'\tx");
        assert_eq!(guard("-x", f), "'-x");
        assert_eq!(guard("-12.5", f), "-12.5");
        assert_eq!(guard("+3", f), "+3");
        assert_eq!(guard("-1e5", f), "-1e5");
        assert_eq!(guard("Boston", f), "Boston");
        assert_eq!(guard("a=b", f), "a=b");
        let comma = NumberFormat { decimal: ',' };
        assert_eq!(guard("-1,5", comma), "-1,5");
        assert_eq!(guard("-1,5,6", comma), "'-1,5,6");
    }

    #[test]
    fn full_width_triggers_and_formulas_behind_blanks_are_guarded_instead_of_written_as_is() {
        // Each of these was written unguarded: a spreadsheet reads the full-width sign as its
        // ASCII twin, skips the leading blank, and shows the zero-width character as nothing.
        let f = NumberFormat::default();
        for cell in [
            "\u{FF1D}1+1",
            "\u{FF0B}cmd",
            "\u{FF0D}2+3",
            "\u{FF20}SUM(A1)",
            " =1+1",
            "  +cmd",
            "\u{A0}=1+1",
            "\u{200B}=1+1",
            "\u{200C}=1+1",
            "\u{200D}@x",
            "\u{2060}=1+1",
            "\u{FEFF}=1+1",
            "\u{200B} \u{FEFF}-x",
            "\u{3000}=1",
            "\n=1+1",
        ] {
            assert_eq!(guard(cell, f), format!("'{cell}"), "{cell:?}");
        }
        // A number behind a space stays a number; a blank or an invisible character before
        // plain text changes nothing.
        for cell in [
            " -12.5",
            "\u{A0}+3",
            " Boston",
            "\u{200B}Ann",
            "\u{FEFF}",
            " ",
            "",
        ] {
            assert_eq!(guard(cell, f), cell, "{cell:?}");
        }
    }

    #[test]
    fn every_record_comes_back_with_its_segment() {
        // Record 3 has a field too many and is skipped: it comes back as read, with no segment.
        let t = read(
            b"name;spend\r\nAnn;1\r\n=HYPERLINK(\"x\");2\r\nBob;3;extra\r\nCy;-4\r\n",
            &Default::default(),
        )
        .unwrap();
        assert_eq!(t.skipped.len(), 1);
        let names = ["Big".to_owned(), "=evil".to_owned()];
        let out = csv(&t, &[0, 1, -1, 0], &names, &ExportSettings::default());
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "name;spend;segment;segment_name\r\n\
             Ann;1;0;Big\r\n\
             \"'=HYPERLINK(\"\"x\"\")\";2;1;'=evil\r\n\
             Bob;3;extra;;\r\n\
             Cy;-4;0;Big\r\n"
        );
        let only = csv(
            &t,
            &[0, 1, -1, 0],
            &names,
            &ExportSettings {
                bom: true,
                segment: Some(0),
                names: None,
            },
        );
        assert_eq!(
            String::from_utf8(only).unwrap(),
            "\u{feff}name;spend;segment;segment_name\r\nAnn;1;0;Big\r\nCy;-4;0;Big\r\n"
        );
    }

    #[test]
    fn text_guards_read_off_are_written_back() {
        let file = "zip,n\n'02108,1\n'10001,2\n";
        let table = read(file.as_bytes(), &ReadSettings::default()).unwrap();
        let out = csv(&table, &[0, 0], &["All".into()], &ExportSettings::default());
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "zip,n,segment,segment_name\n'02108,1,0,All\n'10001,2,0,All\n"
        );
    }

    #[test]
    fn new_column_names_never_clash() {
        let h = ["segment".to_owned(), "segment_2".to_owned()];
        assert_eq!(new_names(&h), ["segment_3", "segment_name"]);
    }
}
