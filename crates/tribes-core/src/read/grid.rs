//! The grid a workbook's sheet becomes, measured before calamine lays it out.
//!
//! calamine holds a sheet as a dense grid from its first cell to its last, allocated before a
//! cell is read: two cells far apart in a file of a few hundred bytes asked for billions of
//! cells, and a failed allocation aborts the process (natively too) or ends the page's worker.
//! So each sheet's cells are located first, from the file's own records (the `r` references of
//! `.xlsx`, the row and cell records of `.xlsb`, the repeated rows and cells of `.ods`, the cell
//! records of `.xls` in super::xls), and a sheet spanning over `MAX_SHEET_CELLS` is refused,
//! naming its size.

use crate::error::{Error, Result};

/// The most cells a sheet may span from its first cell to its last: calamine lays a sheet out as
/// a grid of that many cells (16 to 32 bytes each) before any is read. A sheet of a million rows
/// of twenty columns fits.
pub const MAX_SHEET_CELLS: u64 = 20_000_000;

/// The first and last row and column a sheet's cells take.
#[derive(Default)]
pub(super) struct Extent {
    span: Option<(u32, u32, u32, u32)>,
}

impl Extent {
    pub(super) fn add(&mut self, row: u32, col: u32) {
        self.span = Some(match self.span {
            None => (row, row, col, col),
            Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(col), c1.max(col)),
        });
    }

    pub(super) fn rows(&self) -> u64 {
        self.span.map_or(0, |(r0, r1, _, _)| u64::from(r1 - r0) + 1)
    }

    pub(super) fn columns(&self) -> u64 {
        self.span.map_or(0, |(_, _, c0, c1)| u64::from(c1 - c0) + 1)
    }

    fn cells(&self) -> u64 {
        self.rows() * self.columns()
    }

    /// Refuses a sheet (named as the message should say it) whose cells span more than
    /// `MAX_SHEET_CELLS`.
    pub(super) fn check(&self, sheet: &str) -> Result<()> {
        if self.cells() <= MAX_SHEET_CELLS {
            return Ok(());
        }
        let count = crate::util::limits::count_text;
        Err(Error::Container(format!(
            "the workbook's sheet {sheet} spans {} rows by {} columns from its first cell to its last ({} cells), over the limit of {} cells; delete what lies far from the data, or save the sheet as CSV",
            count(self.rows()),
            count(self.columns()),
            count(self.cells()),
            count(MAX_SHEET_CELLS)
        )))
    }
}

/// The first `r` or `ref` attribute value of `xml` that is not cell references within Excel's
/// bounds.
#[cfg(test)]
pub(super) fn bad_reference(xml: &[u8]) -> Option<String> {
    xlsx_span(xml).err()
}

/// The rows and columns an `.xlsx` sheet's cells span, from the references of its `<c r="B5">`
/// elements; or the first `r` or `ref` attribute value that is not cell references (letters
/// then digits, separated by `:` or spaces) within Excel's bounds (more than three letters or
/// seven digits: Excel's last cell is XFD1048576), or written with an XML entity, which no
/// spreadsheet writes. calamine reads such a reference by multiplying without a check: it
/// panicked where overflow is checked, and in the wasm builds, where it is not, it wrapped into
/// a dimension that sized the sheet.
pub(super) fn xlsx_span(xml: &[u8]) -> std::result::Result<Extent, String> {
    let fits = |part: &[u8]| {
        let letters = part.iter().take_while(|b| b.is_ascii_alphabetic()).count();
        let digits = &part[letters..];
        letters <= 3 && digits.len() <= 7 && digits.iter().all(u8::is_ascii_digit)
    };
    let mut extent = Extent::default();
    let mut at = 0;
    while at < xml.len() {
        let rest = &xml[at..];
        // The attribute's name with its leading space and `=`; then its quote.
        let Some(name) = [&b" r="[..], &b" ref="[..]]
            .into_iter()
            .find(|n| rest.starts_with(n))
        else {
            at += 1;
            continue;
        };
        let Some(&quote) = rest.get(name.len()).filter(|&&q| q == b'"' || q == b'\'') else {
            at += name.len();
            continue;
        };
        let start = name.len() + 1;
        let Some(len) = rest[start..].iter().position(|&b| b == quote) else {
            break;
        };
        let value = &rest[start..start + len];
        if value.contains(&b'&') || !value.split(|&b| b == b':' || b == b' ').all(fits) {
            return Err(String::from_utf8_lossy(value).into_owned());
        }
        // A cell's own reference (a row's `r` is its number alone; a `ref` is a range, such as
        // the sheet's declared dimension, which calamine does not lay out).
        let letters = value.iter().take_while(|b| b.is_ascii_alphabetic()).count();
        if name == b" r=" && letters > 0 && letters < value.len() {
            let column = value[..letters].iter().fold(0u32, |n, b| {
                n * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1
            });
            let row = value[letters..]
                .iter()
                .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'));
            extent.add(row, column);
        }
        at += start + len;
    }
    Ok(extent)
}

/// The rows and columns an `.xlsb` sheet's cells span (MS-XLSB 2.1.4: records of a 1- or
/// 2-byte type and a 1- to 4-byte length; a row header, type 0, starts with its row; a cell
/// record, types 1 to 13, with its column), as calamine's cell reader reads them: it stops at
/// the end of the sheet's data, or at a row past Excel's last.
pub(super) fn xlsb_span(bin: &[u8]) -> Extent {
    let mut extent = Extent::default();
    let mut at = 0;
    let mut row = 0u32;
    let byte = |i: usize| bin.get(i).copied();
    while let Some(b) = byte(at) {
        at += 1;
        let kind = if b & 0x80 != 0 {
            let Some(b2) = byte(at) else { break };
            at += 1;
            u16::from(b & 0x7F) | u16::from(b2 & 0x7F) << 7
        } else {
            u16::from(b)
        };
        let mut len = 0usize;
        for i in 0..4 {
            let Some(b) = byte(at) else { return extent };
            at += 1;
            len |= usize::from(b & 0x7F) << (7 * i);
            if b & 0x80 == 0 {
                break;
            }
        }
        let Some(data) = bin.get(at..at + len) else {
            break;
        };
        at += len;
        let first = data
            .get(..4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
        match (kind, first) {
            (0x0000, Some(r)) => {
                if r > 0x0010_0000 {
                    break;
                }
                row = r;
            }
            (0x0001..=0x000D, Some(col)) => extent.add(row, col),
            (0x0092, _) => break,
            _ => {}
        }
    }
    extent
}

/// Checks each sheet of an `.ods` document's content: its rows and cells, counting the
/// repetitions their attributes declare (LibreOffice writes a sheet's empty remainder as one row
/// repeated a million times, which calamine skips; a cell with a value repeated is that many
/// cells). Rows and columns are counted to Excel's bounds, as calamine caps them.
pub(super) fn check_ods(xml: &[u8]) -> Result<()> {
    const ROWS: u64 = 1_048_576;
    const COLUMNS: u64 = 16_384;
    let mut sheet = String::new();
    let mut extent = Extent::default();
    let (mut row, mut col) = (0u64, 0u64);
    let mut row_repeat = 1u64;
    // The first and last columns with a value in the row being read.
    let mut row_cells: Option<(u64, u64)> = None;
    let mut at = 0;
    while let Some(open) = xml[at..].iter().position(|&b| b == b'<') {
        let start = at + open + 1;
        let Some((tag, end)) = element(xml, start) else {
            break;
        };
        at = end;
        let closing = tag.first() == Some(&b'/');
        let body = &tag[usize::from(closing)..];
        let name_end = body
            .iter()
            .position(|b| b.is_ascii_whitespace() || *b == b'/')
            .unwrap_or(body.len());
        let name = &body[..name_end];
        let self_closing = tag.last() == Some(&b'/');
        let repeat = |attr: &str| -> u64 {
            attribute(tag, attr)
                .and_then(|v| std::str::from_utf8(v).ok()?.trim().parse::<u64>().ok())
                .unwrap_or(1)
                .max(1)
        };
        match (name, closing) {
            (b"table:table", false) => {
                sheet = attribute(tag, "table:name")
                    .map(|v| format!("{:?}", String::from_utf8_lossy(v)))
                    .unwrap_or_default();
                extent = Extent::default();
                row = 0;
            }
            (b"table:table", true) => extent.check(&sheet)?,
            (b"table:table-row", false) => {
                row_repeat = repeat("table:number-rows-repeated");
                col = 0;
                row_cells = None;
                if self_closing {
                    row = (row + row_repeat).min(ROWS);
                }
            }
            (b"table:table-row", true) => {
                if let Some((first, last)) = row_cells {
                    let last_row = (row + row_repeat - 1).min(ROWS - 1);
                    extent.add(row as u32, first as u32);
                    extent.add(last_row as u32, last as u32);
                }
                row = (row + row_repeat).min(ROWS);
            }
            (b"table:table-cell" | b"table:covered-table-cell", false) => {
                let n = repeat("table:number-columns-repeated");
                // A cell with a value, or with content, counts; an empty one only moves on.
                if attribute(tag, "office:value-type").is_some() || !self_closing {
                    let last = (col + n - 1).min(COLUMNS - 1);
                    row_cells = Some(match row_cells {
                        None => (col, last),
                        Some((first, _)) => (first, last),
                    });
                }
                col = (col + n).min(COLUMNS);
            }
            _ => {}
        }
    }
    Ok(())
}

/// The inside of the XML tag that starts at `start` (after its `<`) and where it ends, quotes
/// respected.
fn element(xml: &[u8], start: usize) -> Option<(&[u8], usize)> {
    let mut quote = None;
    for (i, &b) in xml.get(start..)?.iter().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'>') => return Some((&xml[start..start + i], start + i + 1)),
            _ => {}
        }
    }
    None
}

/// An attribute's value in a tag's inside.
fn attribute<'a>(tag: &'a [u8], name: &str) -> Option<&'a [u8]> {
    let name = name.as_bytes();
    let mut at = 0;
    while let Some(i) = tag[at..].windows(name.len()).position(|w| w == name) {
        let after = at + i + name.len();
        let before = (at + i).checked_sub(1).map(|j| tag[j]);
        if before.is_some_and(|b| b.is_ascii_whitespace()) && tag.get(after) == Some(&b'=') {
            let quote = *tag.get(after + 1)?;
            let value = &tag[after + 2..];
            let len = value.iter().position(|&b| b == quote)?;
            return Some(&value[..len]);
        }
        at = after;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ods_sheets_count_their_repeated_rows_and_cells() {
        let doc = |rows: u64, cols: u64| {
            format!(
                r#"<office:body><table:table table:name="S"><table:table-row><table:table-cell office:value-type="string"><text:p>a</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="{rows}"><table:table-cell table:number-columns-repeated="{cols}" office:value-type="float" office:value="1"/><table:table-cell table:number-columns-repeated="1000"/></table:table-row><table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table></office:body>"#
            )
        };
        // A million rows of two columns, with LibreOffice's empty remainder: it fits.
        assert!(check_ods(doc(1_000_000, 2).as_bytes()).is_ok());
        let e = check_ods(doc(6_000, 16_000).as_bytes())
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("sheet \"S\" spans 6,001 rows by 16,000 columns"),
            "{e}"
        );
    }

    #[test]
    fn xlsb_cells_are_placed_by_their_row_header_and_column() {
        // A row header (type 0) for row 3, a number cell (type 5) in column 2, a row header for
        // row 900,000, a cell in column 9,000, and the end of the sheet's data (type 0x92).
        let mut bin = Vec::new();
        let record = |bin: &mut Vec<u8>, kind: u8, data: &[u8]| {
            bin.push(kind);
            bin.push(data.len() as u8);
            bin.extend_from_slice(data);
        };
        record(&mut bin, 0, &3u32.to_le_bytes());
        record(
            &mut bin,
            5,
            &[2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        );
        let mut far = bin.clone();
        assert_eq!((xlsb_span(&bin).rows(), xlsb_span(&bin).columns()), (1, 1));
        record(&mut far, 0, &900_000u32.to_le_bytes());
        record(
            &mut far,
            5,
            &[0x28, 0x23, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        );
        record(&mut far, 0x92, &[]);
        let span = xlsb_span(&far);
        assert_eq!((span.rows(), span.columns()), (899_998, 8_999));
        assert!(span.check("\"Sheet1\"").is_err());
    }
}
