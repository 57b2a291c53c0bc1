//! The file as read: its cells, column by column on demand, and the records left out.

use std::ops::Index;

use serde::Serialize;

use super::dialect::Dialect;
use crate::error::{Error, ParamError};

/// A data record that is not in the table, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Skipped {
    /// The 1-based number of the data record (the header is not counted).
    pub row: u64,
    /// The 1-based line the record starts on.
    pub line: u64,
    pub reason: String,
    /// In a workbook or an archive, the sheet or the file and the row there
    /// (`sheet "Customers", row 12`, `cleaned_members.csv, row 3`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
}

/// What kind of file the table came from, and which part of it, for a workbook or an archive.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Source {
    /// `csv`, `text` (columns aligned with spaces), `xlsx`, `xls`, `ods` or `zip`.
    pub format: String,
    /// The sheet or the archive's file that was read; none for a CSV file and for an audience
    /// export whose files were joined.
    pub part: Option<String>,
    /// The sheets with data, or the archive's CSV files: what the `sheet` or `entry` option can
    /// choose.
    pub choices: Vec<String>,
}

impl Default for Source {
    fn default() -> Self {
        Source {
            format: "csv".into(),
            part: None,
            choices: Vec::new(),
        }
    }
}

/// Where the records of one sheet or archive file start in a table, for messages.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// How messages name it: `sheet "Customers"` or `cleaned_members.csv`.
    pub label: String,
    /// The index of its first record in the table.
    pub first_record: usize,
    /// Its rows are numbered as the sheet numbers them (the `line` of a record), not from its
    /// first record.
    pub sheet_rows: bool,
}

/// Every cell of the table, row by row, end to end in one string: a record's fields arrive from
/// the parser already contiguous, so storing a row is one copy, and a cell costs 4 bytes beyond
/// its text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cells {
    data: String,
    /// `ends[r * width + c]`: where cell (r, c) ends in `data`; it starts where the previous ends.
    ends: Vec<u32>,
    width: usize,
}

impl Cells {
    pub fn new(width: usize) -> Cells {
        Cells {
            width,
            ..Cells::default()
        }
    }

    pub fn width(&self) -> usize {
        self.width
    }

    /// The bytes of text held.
    pub fn text_len(&self) -> usize {
        self.data.len()
    }

    pub fn rows(&self) -> usize {
        self.ends.len().checked_div(self.width).unwrap_or(0)
    }

    /// Cell (row, column), or "" outside the table.
    pub fn get(&self, row: usize, column: usize) -> &str {
        if column >= self.width {
            return "";
        }
        let i = row * self.width + column;
        let Some(&end) = self.ends.get(i) else {
            return "";
        };
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.data.get(start as usize..end as usize).unwrap_or("")
    }

    pub fn column(&self, column: usize) -> ColumnRef<'_> {
        ColumnRef {
            cells: self,
            column,
        }
    }

    /// Appends a row: its fields' text end to end, and where each field ends in that text (as
    /// csv-core reports them). Missing trailing fields are empty. Fails past 4 GiB of text.
    pub(super) fn push_row(&mut self, text: &str, ends: &[usize]) -> std::result::Result<(), ()> {
        let base = self.data.len();
        let used = ends.get(..self.width).unwrap_or(ends);
        let last = used.last().copied().unwrap_or(0);
        u32::try_from(base + last).map_err(|_| ())?;
        self.data.push_str(text.get(..last).unwrap_or(text));
        self.ends.extend(used.iter().map(|&e| (base + e) as u32));
        let end = (base + last) as u32;
        for _ in used.len()..self.width {
            self.ends.push(end);
        }
        Ok(())
    }

    /// Reserves room for about `bytes` of text in `cells` cells.
    pub(super) fn reserve(&mut self, bytes: usize, cells: usize) {
        self.data.reserve(bytes);
        self.ends.reserve(cells);
    }

    /// A table from rows of strings (for tests and small inputs).
    pub fn from_rows<'a, R: AsRef<[&'a str]>>(
        width: usize,
        rows: impl IntoIterator<Item = R>,
    ) -> Cells {
        let mut cells = Cells::new(width);
        for row in rows {
            let row = row.as_ref();
            let mut text = String::new();
            let mut ends = Vec::new();
            for cell in row {
                text.push_str(cell);
                ends.push(text.len());
            }
            // Small inputs never reach the 4 GiB limit.
            let _ = cells.push_row(&text, &ends);
        }
        cells
    }
}

/// One column of `Cells`.
#[derive(Debug, Clone, Copy)]
pub struct ColumnRef<'a> {
    cells: &'a Cells,
    column: usize,
}

impl<'a> ColumnRef<'a> {
    pub fn len(&self) -> usize {
        self.cells.rows()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, row: usize) -> &'a str {
        self.cells.get(row, self.column)
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = &'a str> + Clone + 'a {
        let (cells, column) = (self.cells, self.column);
        (0..cells.rows()).map(move |r| cells.get(r, column))
    }
}

impl Index<usize> for ColumnRef<'_> {
    type Output = str;
    fn index(&self, row: usize) -> &str {
        self.get(row)
    }
}

/// The file as read.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub headers: Vec<String>,
    pub cells: Cells,
    /// For each kept row, the 0-based index of its data record in the file.
    pub record_of_row: Vec<usize>,
    /// For each kept row, the line it starts on (for messages).
    pub line_of_row: Vec<u64>,
    /// Data records in the file: kept rows + skipped.
    pub records: usize,
    pub skipped: Vec<Skipped>,
    /// The fields of each skipped record, as read (for the export, which gives back every record).
    pub skipped_fields: Vec<Vec<String>>,
    /// Rows that had fewer fields than the header and were padded with empty cells.
    pub padded: usize,
    /// Per column: whether a cell had a spreadsheet's text guard (`'02108`), which the cells hold
    /// without it; the export writes it back. Empty means none.
    pub guarded: Vec<bool>,
    /// Things the user should know that did not stop the read.
    pub warnings: Vec<String>,
    /// The line where a quote opened and was never closed: the rest of the file was read into
    /// that record (a warning says so; an analysis left with too few rows says it instead).
    pub open_quote: Option<u64>,
    pub dialect: Dialect,
    pub encoding: String,
    /// Bytes read.
    pub bytes: u64,
    pub source: Source,
    /// Where each sheet's or archive file's records start (empty for a CSV file).
    pub spans: Vec<Span>,
}

impl Table {
    /// The sheet or archive file of the 1-based record `record`, and its row there.
    pub fn place(&self, record: u64, line: u64) -> Option<String> {
        let (span, row) = self.span_of(record, line)?;
        Some(format!("{}, row {row}", span.label))
    }

    fn span_of(&self, record: u64, line: u64) -> Option<(&Span, u64)> {
        let span = self
            .spans
            .iter()
            .rev()
            .find(|s| record > s.first_record as u64)?;
        let row = if span.sheet_rows {
            line
        } else {
            record - span.first_record as u64
        };
        Some((span, row))
    }

    /// An error about a record, told in the terms of its sheet or archive file: the row there,
    /// and the place named. Errors of a CSV file are unchanged.
    pub fn locate(&self, mut error: Error) -> Error {
        let Some(position) = error.position_mut() else {
            return error;
        };
        let Some(record) = position.record else {
            return error;
        };
        let Some((span, row)) = self.span_of(record, position.line) else {
            return error;
        };
        position.record = Some(row);
        Error::In {
            place: span.label.clone(),
            error: Box::new(error),
        }
    }

    pub fn rows(&self) -> usize {
        self.record_of_row.len()
    }

    pub fn column(&self, c: usize) -> ColumnRef<'_> {
        self.cells.column(c)
    }

    /// The column named `name`, which the option `option` names; refused, with the columns there
    /// are, when there is none.
    pub fn find(&self, option: &'static str, name: &str) -> Result<usize, ParamError> {
        self.headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| ParamError::UnknownColumn {
                option,
                name: name.to_owned(),
                available: self.headers.join(", "),
            })
    }

    /// The bytes of the cells' text (what the table holds, less the cell boundaries).
    pub fn cells_bytes(&self) -> usize {
        self.cells.text_len()
    }

    /// Row `r` as strings.
    pub fn row(&self, r: usize) -> impl Iterator<Item = &str> + '_ {
        (0..self.cells.width()).map(move |c| self.cells.get(r, c))
    }

    /// The same records with other columns: `headers`, and each kept row's cells from
    /// `cell(row, column)`. Everything else (skipped records, lines, dialect, source) is kept,
    /// so the new table reports and exports as the file it came from. Columns past the old ones
    /// have no text guard. Fails past 4 GiB of text.
    pub fn with_columns<'a>(
        &'a self,
        headers: Vec<String>,
        mut cell: impl FnMut(usize, usize) -> std::borrow::Cow<'a, str>,
    ) -> Result<Table, Error> {
        let width = headers.len();
        let mut cells = Cells::new(width);
        cells.reserve(
            self.cells_bytes() + self.rows() * width * 4,
            self.rows() * width,
        );
        let (mut text, mut ends) = (String::new(), Vec::with_capacity(width));
        for r in 0..self.rows() {
            text.clear();
            ends.clear();
            for c in 0..width {
                text.push_str(&cell(r, c));
                ends.push(text.len());
            }
            cells.push_row(&text, &ends).map_err(|()| {
                Error::NotText("the joined table holds more than 4 GiB of text".into())
            })?;
        }
        let mut guarded = self.guarded.clone();
        if !guarded.is_empty() {
            guarded.resize(width, false);
        }
        Ok(Table {
            headers,
            cells,
            guarded,
            ..self.clone_without_cells()
        })
    }

    /// Everything but the cells (which `with_columns` rebuilds, so they are not copied twice).
    fn clone_without_cells(&self) -> Table {
        Table {
            headers: Vec::new(),
            cells: Cells::default(),
            record_of_row: self.record_of_row.clone(),
            line_of_row: self.line_of_row.clone(),
            records: self.records,
            skipped: self.skipped.clone(),
            skipped_fields: self.skipped_fields.clone(),
            padded: self.padded,
            guarded: Vec::new(),
            warnings: self.warnings.clone(),
            open_quote: self.open_quote,
            dialect: self.dialect,
            encoding: self.encoding.clone(),
            bytes: self.bytes,
            source: self.source.clone(),
            spans: self.spans.clone(),
        }
    }
}

/// Gives every column a distinct, non-empty name: an empty name becomes `column_N` (N its 1-based
/// position), and a repeated one gets `_2`, `_3`, ... .
pub fn unique_headers(raw: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(raw.len());
    // Each name taken, with the next suffix to try when it comes again. Trying from `_2` each
    // time made a header of 40,000 copies of one name quadratic (80 s); a suffix below the one
    // kept here was found taken, and names are never freed, so starting from it gives the same
    // names.
    let mut taken: std::collections::HashMap<String, usize> = Default::default();
    for (i, name) in raw.iter().enumerate() {
        let base = match name.trim() {
            "" => format!("column_{}", i + 1),
            t => t.to_owned(),
        };
        let name = match taken.get(&base).copied() {
            None => base,
            Some(mut n) => {
                let mut candidate = format!("{base}_{n}");
                while taken.contains_key(&candidate) {
                    n += 1;
                    candidate = format!("{base}_{n}");
                }
                taken.insert(base, n + 1);
                candidate
            }
        };
        taken.insert(name.clone(), 2);
        out.push(name);
    }
    out
}
