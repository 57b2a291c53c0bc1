//! Workbooks (`.xlsx`, `.xls`, `.ods`, with calamine) and ZIP archives of CSV files (with zip),
//! known by their first bytes, read into the same `Table` a CSV file gives.
//!
//! A sheet's cells come out as the text the CSV reader would have seen: dates as ISO dates,
//! numbers as Excel shows them (15 significant digits, no float noise), booleans as `true` and
//! `false`. An archive's CSV files go through the CSV reader one by one; Mailchimp's audience
//! export (subscribed, unsubscribed and cleaned contacts in three files) becomes one table with a
//! `status` column taken from the file names.
//!
//! Neither kind can be read in pieces, so the whole file is held: its size is checked against
//! `MAX_BYTES` before it is, and an archive's inflated size against `MAX_INFLATED_BYTES` from
//! the sizes it declares before anything is inflated, and again while inflating.

use std::io::{Cursor, Read};

use calamine::{Data, Range, Reader as _};

use super::settings::ReadSettings;
use super::table::unique_headers;

/// The CSV reader, handed in by the reader that called this one (the two would otherwise import
/// each other): an archive's files are CSV files.
pub type CsvRead = fn(&[u8], &ReadSettings) -> Result<Table>;
use super::table::{Cells, Skipped, Source, Span, Table};
use crate::error::{Error, ParamError, Result};

/// The largest workbook or archive read (they are held whole in memory).
pub const MAX_BYTES: u64 = 100 * 1024 * 1024;
/// The most files an archive may hold.
pub const MAX_ENTRIES: usize = 1000;
/// The most an archive's files (or a workbook's parts) may inflate to, together.
pub const MAX_INFLATED_BYTES: u64 = 512 * 1024 * 1024;

/// The kinds of file told by their first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A ZIP archive: an `.xlsx` or `.ods` workbook, or an archive of CSV files.
    Zip,
    /// An OLE2 compound file: an `.xls` workbook.
    Xls,
}

/// The format of a file from its first bytes, if it is a workbook or an archive.
pub fn sniff(head: &[u8]) -> Option<Format> {
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        Some(Format::Zip)
    } else if head.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        Some(Format::Xls)
    } else {
        None
    }
}

/// Refuses a workbook or archive over `MAX_BYTES`, before it is held.
pub fn check_size(format: Format, bytes: u64) -> Result<()> {
    if bytes <= MAX_BYTES {
        return Ok(());
    }
    let what = match format {
        Format::Zip => "workbook or ZIP archive",
        Format::Xls => "workbook",
    };
    Err(Error::Container(format!(
        "the file is a {what} of {}, over the limit of {} MB for workbooks and archives (they are read whole); save the sheet as CSV, or unpack the archive, and read that",
        megabytes(bytes),
        MAX_BYTES / 1_000_000
    )))
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// Reads a workbook or an archive held whole.
pub fn read(
    format: Format,
    bytes: &[u8],
    settings: &ReadSettings,
    read_csv: CsvRead,
) -> Result<Table> {
    check_size(format, bytes.len() as u64)?;
    // An .xls is checked as calamine will read it, and may come back as a copy with a claim of
    // its sheets' sizes blanked out (super::xls says why).
    let checked = match format {
        Format::Xls => super::xls::check(bytes)?,
        Format::Zip => std::borrow::Cow::Borrowed(bytes),
    };
    let bytes = &checked[..];
    // calamine indexes into what a damaged workbook declares, and some damage makes it panic
    // (fuzzing found one within seconds). Where panics unwind (the CLI), one is caught here and
    // said as a damaged file, without the panic's own message; in wasm a panic aborts the
    // worker, so what is known to make calamine panic is refused before it runs (the header
    // check above), and the page says when a worker stops.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_checked(format, bytes, settings, read_csv)
    }));
    std::panic::set_hook(previous);
    read.unwrap_or(Err(Error::Damaged))
}

fn read_checked(
    format: Format,
    bytes: &[u8],
    settings: &ReadSettings,
    read_csv: CsvRead,
) -> Result<Table> {
    match format {
        Format::Xls => {
            let book = calamine::Xls::new(Cursor::new(bytes))
                .map_err(|e| unreadable("an Excel .xls workbook", e))?;
            workbook(calamine::Sheets::Xls(book), "xls", bytes.len(), settings)
        }
        Format::Zip => {
            let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
                Error::Container(format!("the file starts as a ZIP archive but cannot be read as one ({e}); is it complete?"))
            })?;
            check_entries(&mut archive)?;
            let has = |name: &str| archive.index_for_name(name).is_some();
            if has("xl/workbook.xml") || has("xl/workbook.bin") {
                let kind = if has("xl/workbook.bin") {
                    "xlsb"
                } else {
                    "xlsx"
                };
                check_sheet_grids(&mut archive, kind)?;
                let book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
                    .map_err(|e| unreadable("an Excel workbook", e))?;
                return workbook(book, kind, bytes.len(), settings);
            }
            if has("content.xml") && has("mimetype") {
                check_sheet_grids(&mut archive, "ods")?;
                let book = calamine::Ods::new(Cursor::new(bytes))
                    .map_err(|e| unreadable("an OpenDocument workbook", e))?;
                return workbook(calamine::Sheets::Ods(book), "ods", bytes.len(), settings);
            }
            archive_of_csv(&mut archive, bytes.len(), settings, read_csv)
        }
    }
}

fn unreadable(what: &str, e: impl std::fmt::Display) -> Error {
    Error::Container(format!(
        "the file looks like {what} but cannot be read ({e}); open it and save it again, or save the sheet as CSV"
    ))
}

/// Refuses an archive with too many files, or whose files declare more than the limit inflated,
/// before any is inflated.
fn check_entries<R: Read + std::io::Seek>(archive: &mut zip::ZipArchive<R>) -> Result<()> {
    if archive.len() > MAX_ENTRIES {
        return Err(Error::Container(format!(
            "the ZIP archive holds {} files, over the limit of {MAX_ENTRIES}",
            archive.len()
        )));
    }
    let declared: u64 = (0..archive.len())
        .filter_map(|i| archive.by_index_raw(i).ok().map(|f| f.size()))
        .fold(0u64, u64::saturating_add);
    if declared > MAX_INFLATED_BYTES {
        return Err(Error::Container(format!(
            "the ZIP archive's files unpack to {}, over the limit of {} MB",
            megabytes(declared),
            MAX_INFLATED_BYTES / 1_000_000
        )));
    }
    Ok(())
}

/// Checks each sheet of a zipped workbook (`.xlsx`, `.xlsb`, `.ods`) as calamine will lay it out,
/// before it does (super::grid says what is checked).
fn check_sheet_grids<R: Read + std::io::Seek>(
    archive: &mut zip::ZipArchive<R>,
    kind: &str,
) -> Result<()> {
    let sheets: Vec<String> = archive
        .file_names()
        .filter(|n| match kind {
            "ods" => *n == "content.xml",
            "xlsb" => n.starts_with("xl/worksheets/") && n.ends_with(".bin"),
            _ => n.starts_with("xl/worksheets/") && n.ends_with(".xml"),
        })
        .map(str::to_owned)
        .collect();
    for name in sheets {
        let mut part = Vec::new();
        // What inflates is checked even when the entry then fails (its checksum is only known
        // at its end): calamine parses a sheet as it inflates it.
        if let Ok(entry) = archive.by_name(&name) {
            let _ = entry.take(MAX_INFLATED_BYTES + 1).read_to_end(&mut part);
        }
        match kind {
            "ods" => super::grid::check_ods(&part)?,
            "xlsb" => super::grid::xlsb_span(&part).check(&format!("{name:?}"))?,
            _ => super::grid::xlsx_span(&part)
                .map_err(|bad| Error::Container(format!(
                    "the workbook's sheet {name} holds the cell reference {bad:?}, which no workbook can hold: the file is damaged; open it and save it again, or save the sheet as CSV"
                )))?
                .check(&format!("{name:?}"))?,
        }
    }
    Ok(())
}

// ---- Workbooks ----

fn workbook<R: Read + std::io::Seek>(
    mut book: calamine::Sheets<R>,
    format: &str,
    bytes: usize,
    settings: &ReadSettings,
) -> Result<Table> {
    let names = book.sheet_names();
    let mut with_data: Vec<(String, Range<Data>)> = Vec::new();
    for name in names {
        // A sheet that cannot be read (a chart sheet) has no data to offer.
        let Ok(range) = book.worksheet_range(&name) else {
            continue;
        };
        if range
            .used_cells()
            .any(|(_, _, d)| !cell_text(d).trim().is_empty())
        {
            with_data.push((name, range));
        }
    }
    let choices: Vec<String> = with_data.iter().map(|(n, _)| n.clone()).collect();
    let index = match &settings.sheet {
        None => 0,
        Some(wanted) => find_name(&choices, wanted).ok_or_else(|| ParamError::NoSuchSheet {
            name: wanted.clone(),
            available: listed(&choices),
        })?,
    };
    let Some((name, range)) = with_data.into_iter().nth(index) else {
        return Err(Error::Container(format!(
            "the {format} workbook has no sheet with data"
        )));
    };
    let label = format!("sheet \"{name}\"");
    let mut table = sheet_table(&range, settings).map_err(|e| match e {
        Error::NoRows => Error::Container(format!("{label} has a header row but no data rows")),
        e => e,
    })?;
    table.bytes = bytes as u64;
    for s in &mut table.skipped {
        s.place = Some(format!("{label}, row {}", s.line));
    }
    table.spans = vec![Span {
        label,
        first_record: 0,
        sheet_rows: true,
    }];
    table.source = Source {
        format: format.into(),
        part: Some(name),
        choices,
    };
    Ok(table)
}

/// A name as given, or failing that the one name equal to it ignoring case and outer spaces.
fn find_name(names: &[String], wanted: &str) -> Option<usize> {
    names.iter().position(|n| n == wanted).or_else(|| {
        let w = wanted.trim().to_lowercase();
        let mut found = names
            .iter()
            .enumerate()
            .filter(|(_, n)| n.trim().to_lowercase() == w);
        match (found.next(), found.next()) {
            (Some((i, _)), None) => Some(i),
            _ => None,
        }
    })
}

fn listed(names: &[String]) -> String {
    if names.is_empty() {
        return "none".into();
    }
    names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A sheet's used range as a table: its first row names the columns (unless `header` is `no`);
/// a record's line is its row number in the sheet.
fn sheet_table(range: &Range<Data>, settings: &ReadSettings) -> Result<Table> {
    let (top, _) = range.start().unwrap_or((0, 0));
    let width = range.width();
    if width > crate::util::limits::MAX_COLUMNS {
        return Err(Error::TooManyColumns {
            columns: width,
            limit: crate::util::limits::MAX_COLUMNS,
        });
    }
    let mut rows = range.rows().enumerate().map(|(i, row)| {
        let cells: Vec<String> = row.iter().map(cell_text).collect();
        (u64::from(top) + i as u64 + 1, cells)
    });
    let header = settings.dialect.header.unwrap_or(true);
    let headers = if header {
        let (_, names) = rows.next().ok_or(Error::Empty)?;
        unique_headers(&names)
    } else {
        unique_headers(&vec![String::new(); width])
    };
    let mut builder = TableBuilder::new(headers);
    for (line, cells) in rows {
        builder.add(line, &cells, None)?;
    }
    let errors = range
        .used_cells()
        .filter(|(_, _, d)| matches!(d, Data::Error(_)))
        .count();
    if errors > 0 {
        builder.warnings.push(format!(
            "{errors} cells hold an Excel error (#N/A, #DIV/0!, ...) and are read as empty"
        ));
    }
    let mut table = builder.finish()?;
    table.dialect.header = header;
    Ok(table)
}

/// A cell as the CSV reader would see it written.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "true" } else { "false" }.into(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, mo, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
            if (h, mi, s, ms) == (0, 0, 0, 0) {
                format!("{y:04}-{mo:02}-{d:02}")
            } else {
                format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
            }
        }
        Data::DateTime(dt) => number_text(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
    }
}

/// A number as Excel shows it: at most 15 significant digits, so a sum's binary noise
/// (0.30000000000000004) does not reach the text; whole numbers without a decimal point.
fn number_text(f: f64) -> String {
    if !f.is_finite() {
        return String::new();
    }
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{}", f as i64);
    }
    let rounded: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    format!("{rounded}")
}

// ---- Archives of CSV files ----

/// The files of an audience export, by how their names start, and the status each gives.
const AUDIENCE_FILES: [(&str, &str); 5] = [
    ("subscribed_", "subscribed"),
    ("unsubscribed_", "unsubscribed"),
    ("cleaned_", "cleaned"),
    ("nonsubscribed_", "nonsubscribed"),
    ("members_export", "subscribed"),
];

fn base_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn audience_status(path: &str) -> Option<&'static str> {
    let base = base_name(path).to_ascii_lowercase();
    AUDIENCE_FILES
        .iter()
        .find(|(prefix, _)| base.starts_with(prefix))
        .map(|&(_, status)| status)
}

fn archive_of_csv<R: Read + std::io::Seek>(
    archive: &mut zip::ZipArchive<R>,
    bytes: usize,
    settings: &ReadSettings,
    read_csv: CsvRead,
) -> Result<Table> {
    let csv_files: Vec<String> = archive
        .file_names()
        .filter(|n| {
            let lower = n.to_ascii_lowercase();
            !n.ends_with('/')
                && !lower.starts_with("__macosx/")
                && !base_name(n).starts_with('.')
                && [".csv", ".txt", ".tsv"].iter().any(|e| lower.ends_with(e))
        })
        .map(str::to_owned)
        .collect();
    let mut csv_files = csv_files;
    // Archive order is the order the files were added: sort for a stable, readable list.
    crate::util::order::sort_by(&mut csv_files, |a, b| a.cmp(b));
    if csv_files.is_empty() {
        let names: Vec<String> = archive.file_names().take(10).map(str::to_owned).collect();
        return Err(Error::Container(format!(
            "the ZIP archive holds no CSV file (it holds: {})",
            if names.is_empty() {
                "nothing".into()
            } else {
                names.join(", ")
            }
        )));
    }
    let source = |part: Option<String>| Source {
        format: "zip".into(),
        part,
        choices: csv_files.clone(),
    };
    let chosen = match &settings.entry {
        Some(wanted) => Some(
            find_name(&csv_files, wanted)
                .or_else(|| {
                    let bases: Vec<String> =
                        csv_files.iter().map(|n| base_name(n).to_owned()).collect();
                    find_name(&bases, wanted)
                })
                .ok_or_else(|| ParamError::NoSuchEntry {
                    name: wanted.clone(),
                    available: listed(&csv_files),
                })?,
        ),
        None => None,
    };
    let audience = chosen.is_none() && csv_files.iter().all(|n| audience_status(n).is_some());
    if audience {
        let mut parts = Vec::new();
        for name in &csv_files {
            let status = audience_status(name).unwrap_or("subscribed");
            match entry_table(archive, name, settings, read_csv) {
                Ok(t) => parts.push((name.clone(), status, Some(t))),
                // A file with its header alone (nobody was cleaned) adds no rows.
                Err(Error::In { error, .. }) if *error == Error::NoRows => {
                    parts.push((name.clone(), status, None))
                }
                Err(e) => return Err(e),
            }
        }
        let mut table = join_audience(parts)?;
        table.bytes = bytes as u64;
        table.source = source(None);
        return Ok(table);
    }
    let index = chosen.unwrap_or(0);
    let name = csv_files[index].clone();
    let mut table = entry_table(archive, &name, settings, read_csv)?;
    if chosen.is_none() && csv_files.len() > 1 {
        table.warnings.insert(
            0,
            format!(
                "the ZIP archive holds {} CSV files; this is {name} (choose another with entry, --entry NAME)",
                csv_files.len()
            ),
        );
    }
    for s in &mut table.skipped {
        s.place = Some(format!("{name}, row {}", s.row));
    }
    table.spans = vec![Span {
        label: name.clone(),
        first_record: 0,
        sheet_rows: false,
    }];
    table.bytes = bytes as u64;
    table.source = source(Some(name));
    Ok(table)
}

/// One CSV file of an archive, inflated (at most `MAX_INFLATED_BYTES`, whatever its header
/// declares) and read; its errors name it.
fn entry_table<R: Read + std::io::Seek>(
    archive: &mut zip::ZipArchive<R>,
    name: &str,
    settings: &ReadSettings,
    read_csv: CsvRead,
) -> Result<Table> {
    let named = |error: Error| Error::In {
        place: name.to_owned(),
        error: Box::new(error),
    };
    let file = archive.by_name(name).map_err(|e| {
        named(Error::Container(format!(
            "this file of the archive cannot be read ({e})"
        )))
    })?;
    let mut data = Vec::with_capacity(file.size().min(MAX_INFLATED_BYTES) as usize);
    file.take(MAX_INFLATED_BYTES + 1)
        .read_to_end(&mut data)
        .map_err(|e| {
            named(Error::Container(format!(
                "this file of the archive cannot be unpacked ({e})"
            )))
        })?;
    if data.len() as u64 > MAX_INFLATED_BYTES {
        return Err(named(Error::Container(format!(
            "this file unpacks to more than {} MB, the limit",
            MAX_INFLATED_BYTES / 1_000_000
        ))));
    }
    let entry_settings = ReadSettings {
        sheet: None,
        entry: None,
        ..settings.clone()
    };
    read_csv(&data, &entry_settings).map_err(named)
}

/// The files of an audience export as one table: every column of any file (in the order they
/// first appear; a file without one leaves it empty), and `status` from the file's name.
fn join_audience(parts: Vec<(String, &'static str, Option<Table>)>) -> Result<Table> {
    let mut names: Vec<String> = Vec::new();
    for (_, _, t) in &parts {
        for h in t.iter().flat_map(|t| &t.headers) {
            if !names.contains(h) {
                names.push(h.clone());
            }
        }
    }
    if names.is_empty() {
        return Err(Error::NoRows);
    }
    names.push("status".into());
    let headers = unique_headers(&names);
    let width = headers.len();
    let mut builder = TableBuilder::new(headers);
    let mut first = None;
    for (name, status, table) in parts {
        let Some(t) = table else { continue };
        first.get_or_insert((t.dialect, t.encoding.clone()));
        builder.spans.push(Span {
            label: name.clone(),
            first_record: builder.records,
            sheet_rows: false,
        });
        let map: Vec<usize> = t
            .headers
            .iter()
            .map(|h| names.iter().position(|n| n == h).unwrap_or(0))
            .collect();
        let base = builder.records;
        let mut next_row = 0;
        let mut skipped = t.skipped.iter().zip(&t.skipped_fields).peekable();
        for record in 0..t.records {
            if t.record_of_row.get(next_row) == Some(&record) {
                let mut cells = vec![String::new(); width];
                for (c, &to) in map.iter().enumerate() {
                    cells[to] = t.cells.get(next_row, c).to_owned();
                }
                cells[width - 1] = status.into();
                builder.push_row(base + record, t.line_of_row[next_row], &cells)?;
                next_row += 1;
            } else if let Some((s, fields)) = skipped.next() {
                builder.skipped.push(Skipped {
                    row: (base + record) as u64 + 1,
                    line: s.line,
                    reason: s.reason.clone(),
                    place: Some(format!("{name}, row {}", s.row)),
                });
                builder.skipped_fields.push(fields.clone());
            }
        }
        builder.records = base + t.records;
        builder.padded += t.padded;
        builder
            .warnings
            .extend(t.warnings.iter().map(|w| format!("{name}: {w}")));
    }
    let mut table = builder.finish()?;
    if let Some((dialect, encoding)) = first {
        table.dialect = dialect;
        table.encoding = encoding;
    }
    Ok(table)
}

/// A table built row by row from cells as text.
struct TableBuilder {
    headers: Vec<String>,
    cells: Cells,
    record_of_row: Vec<usize>,
    line_of_row: Vec<u64>,
    records: usize,
    skipped: Vec<Skipped>,
    skipped_fields: Vec<Vec<String>>,
    padded: usize,
    warnings: Vec<String>,
    spans: Vec<Span>,
}

impl TableBuilder {
    fn new(headers: Vec<String>) -> TableBuilder {
        TableBuilder {
            cells: Cells::new(headers.len()),
            headers,
            record_of_row: Vec::new(),
            line_of_row: Vec::new(),
            records: 0,
            skipped: Vec::new(),
            skipped_fields: Vec::new(),
            padded: 0,
            warnings: Vec::new(),
            spans: Vec::new(),
        }
    }

    /// The next record, at `line`: kept, or skipped when every cell is empty.
    fn add(&mut self, line: u64, cells: &[String], place: Option<String>) -> Result<()> {
        let record = self.records;
        self.records += 1;
        if cells.iter().all(|c| c.trim().is_empty()) {
            self.skipped.push(Skipped {
                row: record as u64 + 1,
                line,
                reason: "every field is empty".into(),
                place,
            });
            self.skipped_fields.push(cells.to_vec());
            return Ok(());
        }
        self.push_row(record, line, cells)
    }

    fn push_row(&mut self, record: usize, line: u64, cells: &[String]) -> Result<()> {
        let mut text = String::new();
        let mut ends = Vec::with_capacity(cells.len());
        for c in cells.iter().take(self.headers.len()) {
            text.push_str(c);
            ends.push(text.len());
        }
        self.cells
            .push_row(&text, &ends)
            .map_err(|_| Error::Container("the table holds more than 4 GiB of text".into()))?;
        self.record_of_row.push(record);
        self.line_of_row.push(line);
        Ok(())
    }

    fn finish(self) -> Result<Table> {
        if self.records == 0 {
            return Err(Error::NoRows);
        }
        // A workbook keeps a cell's text guard as formatting, not as a character of the value, so
        // no column comes back guarded.
        let guarded = vec![false; self.headers.len()];
        Ok(Table {
            headers: self.headers,
            cells: self.cells,
            guarded,
            record_of_row: self.record_of_row,
            line_of_row: self.line_of_row,
            records: self.records,
            skipped: self.skipped,
            skipped_fields: self.skipped_fields,
            padded: self.padded,
            warnings: self.warnings,
            open_quote: None,
            dialect: super::dialect::Dialect {
                delimiter: b',',
                quote: b'"',
                header: true,
                number: super::values::NumberFormat { decimal: '.' },
                line_ending: super::dialect::LineEnding::None,
                sep_line: 0,
            },
            encoding: "UTF-8".into(),
            bytes: 0,
            source: Source::default(),
            spans: self.spans,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Position;
    use crate::read::reader::Reader;

    /// The reading tests' own files (`tests/fixtures/files/make.py` says what each holds).
    macro_rules! fixture {
        ($name:literal) => {
            include_bytes!(concat!("../../../../tests/fixtures/files/", $name)).as_slice()
        };
    }

    /// Found by fuzzing: an `.xls` cut short within its last sector made calamine panic (a trap
    /// that ends the page's worker). The header and the length are checked first, and the file
    /// refused saying so.
    #[test]
    fn a_damaged_or_cut_short_xls_is_refused_instead_of_panicking() {
        let mut bytes = fixture!("customers.xls").to_vec();
        assert!(read_with(&bytes, None, None).is_ok());
        bytes[0x1E] = 3;
        let e = read_with(&bytes, None, None).unwrap_err().to_string();
        assert!(
            e.contains("an Excel .xls workbook") && e.contains("header is damaged"),
            "{e}"
        );
        // Cut short within its header, or within a sector (as the fuzzer's input was).
        for cut in [300, 4851] {
            let e = read_with(&fixture!("customers.xls")[..cut], None, None).unwrap_err();
            assert!(e.to_string().contains("cut short"), "{e}");
        }
    }

    fn read_with(bytes: &[u8], sheet: Option<&str>, entry: Option<&str>) -> Result<Table> {
        let settings = ReadSettings {
            sheet: sheet.map(str::to_owned),
            entry: entry.map(str::to_owned),
            ..ReadSettings::default()
        };
        crate::read::read(bytes, &settings)
    }

    fn row(t: &Table, r: usize) -> Vec<&str> {
        t.row(r).collect()
    }

    #[test]
    fn workbooks_read_as_the_csv_reader_would_see_them() {
        for (bytes, format) in [
            (fixture!("customers.xlsx"), "xlsx"),
            (fixture!("customers.xls"), "xls"),
            (fixture!("customers.ods"), "ods"),
        ] {
            let t = read_with(bytes, None, None).unwrap();
            // The first sheet with data ("Cover" is empty).
            assert_eq!(t.source.format, format);
            assert_eq!(t.source.part.as_deref(), Some("Customers"), "{format}");
            assert_eq!(t.source.choices, ["Customers", "Notes"], "{format}");
            assert_eq!(
                t.headers,
                [
                    "Email",
                    "Signup date",
                    "Orders",
                    "Spend",
                    "VIP",
                    "Region",
                    "Score"
                ]
            );
            // Dates as ISO dates, 0.1 + 0.2 without its binary noise, whole floats without a
            // point, booleans as words.
            assert_eq!(
                row(&t, 0),
                [
                    "ana@example.com",
                    "2024-01-05",
                    "3",
                    "0.3",
                    "true",
                    "North",
                    "7"
                ],
                "{format}"
            );
            assert_eq!(
                row(&t, 1),
                [
                    "ben@example.com",
                    "2024-02-29",
                    "1",
                    "120",
                    "false",
                    "South",
                    "n/a"
                ],
                "{format}"
            );
            assert_eq!(row(&t, 3)[3], "80.25", "{format}");
            // Every record is accounted for: 11 kept, the empty sheet row 5 skipped and named.
            assert_eq!((t.rows(), t.records), (11, 12), "{format}");
            assert_eq!(t.skipped.len(), 1, "{format}");
            assert_eq!(
                t.skipped[0].place.as_deref(),
                Some("sheet \"Customers\", row 5"),
                "{format}"
            );
            // A record's line is its row in the sheet.
            assert_eq!(t.line_of_row[..4], [2, 3, 4, 6], "{format}");
        }
    }

    #[test]
    fn sheet_option_chooses_the_sheet_and_a_wrong_name_lists_those_with_data() {
        let xlsx = fixture!("customers.xlsx");
        for name in ["Notes", " notes "] {
            let t = read_with(xlsx, Some(name), None).unwrap();
            assert_eq!(t.headers, ["Note"]);
            assert_eq!(row(&t, 0), ["Exported for the spring campaign"]);
            assert_eq!(t.source.part.as_deref(), Some("Notes"));
        }
        let e = read_with(xlsx, Some("Orders"), None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "option sheet (--sheet): the workbook has no sheet named \"Orders\" with data (sheets with data: \"Customers\", \"Notes\")"
        );
        // An empty sheet is not offered.
        assert!(read_with(xlsx, Some("Cover"), None).is_err());
    }

    #[test]
    fn a_workbook_pushed_in_pieces_reads_as_a_whole() {
        let xlsx = fixture!("customers.xlsx");
        let mut r = Reader::new(ReadSettings::default());
        for piece in xlsx.chunks(5) {
            r.push(piece).unwrap();
        }
        assert_eq!(r.finish().unwrap(), read_with(xlsx, None, None).unwrap());
    }

    #[test]
    fn a_workbook_over_the_size_limit_is_refused_before_it_is_held() {
        let mut r = Reader::with_size_hint(ReadSettings::default(), MAX_BYTES + 1);
        let e = r.push(&fixture!("customers.xlsx")[..64]).unwrap_err();
        assert!(
            e.to_string()
                .contains("over the limit of 104 MB for workbooks and archives"),
            "{e}"
        );
    }

    #[test]
    fn audience_export_files_become_one_table_with_a_status() {
        let t = read_with(fixture!("audience.zip"), None, None).unwrap();
        assert_eq!(
            t.headers,
            [
                "Email Address",
                "First Name",
                "MEMBER_RATING",
                "Favourite Category",
                "LAST_CHANGED",
                "CLEAN_TIME",
                "UNSUB_TIME",
                "UNSUB_REASON",
                "status"
            ]
        );
        // 2 cleaned (and an empty record), 8 subscribed, 4 unsubscribed.
        assert_eq!((t.rows(), t.records), (14, 15));
        let status: Vec<&str> = t.column(8).iter().collect();
        let count = |s: &str| status.iter().filter(|&&v| v == s).count();
        assert_eq!(
            (count("cleaned"), count("subscribed"), count("unsubscribed")),
            (2, 8, 4)
        );
        // A column of one file is empty in the others' rows.
        assert_eq!(row(&t, 0)[5], "2024-09-02 08:00:00");
        assert_eq!(row(&t, 2)[5], "");
        assert_eq!(row(&t, 13)[7], "too many emails");
        assert_eq!(t.skipped.len(), 1);
        assert_eq!(t.skipped[0].row, 2);
        assert_eq!(
            t.skipped[0].place.as_deref(),
            Some("cleaned_members_export_0f3a.csv, row 2")
        );
        assert_eq!(t.source.format, "zip");
        assert_eq!(t.source.part, None);
        assert_eq!(t.source.choices.len(), 3);
        // An error about a record names its file and its row there.
        let e = t.locate(Error::NotANumber {
            position: Position {
                record: Some(5),
                line: 3,
                column: Some(2),
            },
            column: "MEMBER_RATING".into(),
            value: "x".into(),
            more: 0,
        });
        assert_eq!(
            e.to_string(),
            "subscribed_members_export_0f3a.csv, row 2, column \"MEMBER_RATING\": \"x\" is not a number"
        );
        // One file of it can still be read alone.
        let t = read_with(
            fixture!("audience.zip"),
            None,
            Some("cleaned_members_export_0f3a.csv"),
        )
        .unwrap();
        assert_eq!((t.rows(), t.headers.len()), (2, 6));
    }

    #[test]
    fn other_archives_read_the_chosen_csv_file() {
        let two = fixture!("two-csv.zip");
        // Not chosen: the first, with a warning that names how to choose.
        let t = read_with(two, None, None).unwrap();
        assert_eq!(t.headers, ["name", "age"]);
        assert_eq!(t.source.choices, ["data/people.csv", "data/stores.csv"]);
        assert_eq!(
            t.warnings[0],
            "the ZIP archive holds 2 CSV files; this is data/people.csv (choose another with entry, --entry NAME)"
        );
        for name in ["data/stores.csv", "stores.csv", "STORES.CSV"] {
            let t = read_with(two, None, Some(name)).unwrap();
            assert_eq!(t.headers, ["store", "city", "sales"], "{name}");
            assert_eq!(t.source.part.as_deref(), Some("data/stores.csv"));
        }
        let one = read_with(fixture!("one-csv.zip"), None, None).unwrap();
        assert_eq!((one.rows(), one.warnings.len()), (3, 0));
        let cases: [(&[u8], Option<&str>, &str); 4] = [
            (
                two,
                Some("nope.csv"),
                "option entry (--entry): the archive has no CSV file named \"nope.csv\" (its CSV files: \"data/people.csv\", \"data/stores.csv\")",
            ),
            (
                fixture!("no-csv.zip"),
                None,
                "the ZIP archive holds no CSV file (it holds: photo.jpg)",
            ),
            (
                fixture!("many-files.zip"),
                None,
                "the ZIP archive holds 1001 files, over the limit of 1000",
            ),
            (
                fixture!("declares-4gb.zip"),
                None,
                "the ZIP archive's files unpack to 4295.0 MB, over the limit of 536 MB",
            ),
        ];
        for (bytes, entry, message) in cases {
            let e = read_with(bytes, None, entry).unwrap_err();
            assert_eq!(e.to_string(), message);
        }
    }

    #[test]
    fn numbers_lose_their_float_noise_and_nothing_else() {
        for (f, text) in [
            (0.1 + 0.2, "0.3"),
            (120.0, "120"),
            (-3.0, "-3"),
            (1450.5, "1450.5"),
            (15.99, "15.99"),
            (1.0 / 3.0, "0.333333333333333"),
            (1e20, "100000000000000000000"),
            (0.000123, "0.000123"),
        ] {
            assert_eq!(number_text(f), text, "{f}");
        }
    }

    /// calamine lays a sheet out as a grid from its first cell to its last, before any is read:
    /// one cell added in Excel's last corner of a small workbook asked for 17 billion cells.
    #[test]
    fn an_xlsx_cell_in_the_far_corner_is_refused_before_the_grid_is_laid_out() {
        use std::io::Write;
        let mut archive = zip::ZipArchive::new(Cursor::new(fixture!("customers.xlsx"))).unwrap();
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let mut sheets = 0;
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i).unwrap();
            let name = entry.name().to_owned();
            let mut body = Vec::new();
            entry.read_to_end(&mut body).unwrap();
            if name.starts_with("xl/worksheets/") && name.ends_with(".xml") {
                let xml = String::from_utf8(body).unwrap();
                let far = r#"<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>"#;
                body = xml.replacen("</sheetData>", far, 1).into_bytes();
                sheets += 1;
            }
            let stored = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored);
            out.start_file(name, stored).unwrap();
            out.write_all(&body).unwrap();
        }
        assert!(sheets > 0);
        let far = out.finish().unwrap().into_inner();
        let e = read_with(&far, None, None).unwrap_err().to_string();
        assert!(
            e.contains("spans 1,048,576 rows by 16,384 columns") && e.contains("over the limit"),
            "{e}"
        );
        // The sheets as they were span what they hold.
        let span =
            super::super::grid::xlsx_span(br#"<row r="2"><c r="B2"/><c r="D9"/></row>"#).unwrap();
        assert_eq!((span.rows(), span.columns()), (8, 3));
    }

    #[test]
    fn cell_references_past_excel_s_last_cell_are_found() {
        let sheet = br#"<worksheet><dimension ref="A1:XFD1048576"/><sheetData><row r="2"><c r='B2' t="s"/></row></sheetData><mergeCell ref="A1:B2 C3:D4"/></worksheet>"#;
        assert_eq!(super::super::grid::bad_reference(sheet), None);
        assert_eq!(
            super::super::grid::bad_reference(br#"<dimension ref="A1:A2age1"/>"#).as_deref(),
            Some("A1:A2age1")
        );
        assert_eq!(
            super::super::grid::bad_reference(br#"<row r="12345678901">"#).as_deref(),
            Some("12345678901")
        );
        assert_eq!(
            super::super::grid::bad_reference(br#"<c r="&#65;1">"#).as_deref(),
            Some("&#65;1")
        );
        // Other attributes, and a value cut short, are left to calamine.
        assert_eq!(
            super::super::grid::bad_reference(br#"<c sqref="AAAAAAAAA1" rr="x" r="A1"#),
            None
        );
    }
}
