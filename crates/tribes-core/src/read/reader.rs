//! Reading a CSV file, in chunks, into a columnar `Table` (see `table.rs`).
//!
//! `Reader::push` takes the file piece by piece (the worker feeds it from `File.stream()`), so
//! memory holds the cells kept, not the file twice. The first `SNIFF_BYTES` are held back to detect
//! the encoding and the dialect; from then on bytes are decoded (when not UTF-8) and parsed by
//! `csv-core` as they come. Every data record is accounted for: it becomes a row of the table, or
//! it is listed in `skipped` with its record number, the line it starts on and the reason.

use csv_core::ReadRecordResult;

use super::aligned::{self, Squeeze};
use super::decode::{self, Decoder, Detected};
use super::dialect::{self, Dialect, Overrides};
pub use super::settings::ReadSettings;
use super::table::{unique_headers, Cells, Skipped, Source, Table};
use super::values::text_guarded;
use crate::error::{Error, Position, Result};
use crate::util::limits;

/// How much of the file is looked at before anything is parsed.
pub const SNIFF_BYTES: usize = 64 * 1024;
/// The most text reserved up front from a size hint, and the most bytes of cell offsets.
const MAX_RESERVE: usize = 256 << 20;
/// The longest record accepted. Anything longer is almost always a quote left open.
pub const MAX_RECORD_BYTES: usize = 64 * 1024 * 1024;

/// The chunks [`read`] hands a file in memory to the reader in.
const READ_CHUNK: usize = 1024 * 1024;

/// Reads a whole file held in memory, in chunks as a file streamed from disk is read: pushed
/// whole, the file was decoded and parsed as one piece, which took 2.5 times as long in wasm as
/// the same bytes pushed 1 MiB at a time (a 50 MiB file). Chunks give the same table as the
/// whole file, as they must for any file streamed.
pub fn read(bytes: &[u8], options: &ReadSettings) -> Result<Table> {
    let mut r = Reader::with_size_hint(options.clone(), bytes.len() as u64);
    for chunk in bytes.chunks(READ_CHUNK) {
        r.push(chunk)?;
    }
    r.finish()
}

/// Line numbers from the bytes csv-core consumed. A line ends at LF, CRLF, or a CR on its own
/// (csv-core's own count lags after a CRLF and ignores a lone CR).
#[derive(Debug, Default)]
struct Lines {
    /// Terminators seen so far; the next byte is on line `count + 1`.
    count: u64,
    last_cr: bool,
    /// The line the current record starts on, once its first byte is seen.
    record: Option<u64>,
}

impl Lines {
    fn consume(&mut self, span: &[u8]) {
        let mut i = 0;
        if self.record.is_none() {
            // Terminators before a record (a blank line, the LF of a CRLF) are not part of it.
            while i < span.len() && matches!(span[i], b'\n' | b'\r') {
                self.terminator(span[i]);
                i += 1;
            }
            if i < span.len() {
                self.record = Some(self.count + 1);
            }
        }
        let rest = &span[i..];
        for pos in memchr::memchr2_iter(b'\n', b'\r', rest) {
            let prev_cr = if pos == 0 {
                self.last_cr
            } else {
                rest[pos - 1] == b'\r'
            };
            if rest[pos] == b'\r' || !prev_cr {
                self.count += 1;
            }
        }
        if let Some(&last) = rest.last() {
            self.last_cr = last == b'\r';
        }
    }

    fn terminator(&mut self, b: u8) {
        if b == b'\r' || !self.last_cr {
            self.count += 1;
        }
        self.last_cr = b == b'\r';
    }
}

/// The parse, once the encoding and dialect are known.
struct Parser {
    detected: Detected,
    decoder: Option<Decoder>,
    decoder_finished: bool,
    decoded: Vec<u8>,
    csv: csv_core::Reader,
    out: Vec<u8>,
    ends: Vec<usize>,
    out_len: usize,
    ends_len: usize,
    lines: Lines,
    /// The last byte parsed (to tell a quote left open at the end of the file).
    last_byte: u8,
    dialect: Dialect,
    /// For a table aligned with spaces: the filter that squeezes them, and its output.
    squeeze: Option<Squeeze>,
    squeezed: Vec<u8>,
    builder: Builder,
}

/// Builds the table record by record.
struct Builder {
    headers: Option<Vec<String>>,
    header_row: bool,
    cells: Cells,
    /// Room to reserve once the width is known: (text bytes, rows), from the size hint.
    reserve: Option<(usize, usize)>,
    record_of_row: Vec<usize>,
    line_of_row: Vec<u64>,
    records: usize,
    skipped: Vec<Skipped>,
    skipped_fields: Vec<Vec<String>>,
    padded: usize,
    /// The share of records kept (`sample`), and the records left out of the sample.
    #[cfg(feature = "full-report")]
    sample: Option<f64>,
    #[cfg(feature = "full-report")]
    sampled_out: usize,
    /// The line of a final record whose quote was never closed.
    open_quote_line: Option<u64>,
    /// Per column: a cell had a spreadsheet's text guard (`'02108`), taken off as it was read.
    guarded: Vec<bool>,
    /// A record's text and field ends with text guards taken off.
    unguarded: (String, Vec<usize>),
    /// Records of one field in a table of several, held back: at the end of the file they are a
    /// report's footer ("Copyright ...", "Generated By: ..."), before more data they are rows.
    held: Vec<Held>,
    /// A record of more than one field was read: one-field lines after it may be a footer.
    seen_wide: bool,
}

/// A one-field record held back as a possible footer line.
struct Held {
    row: u64,
    line: u64,
    text: String,
}

/// Held one-field records beyond this many are data, not a footer.
const FOOTER_LINES: usize = 50;

/// A streaming CSV reader: `push` chunks, then `finish`.
pub struct Reader {
    options: ReadSettings,
    pending: Vec<u8>,
    parser: Option<Parser>,
    bytes: u64,
    size_hint: Option<u64>,
    /// A workbook or an archive, known by its first bytes: it is held whole and read at the end.
    #[cfg(feature = "workbooks")]
    container: Option<super::container::Format>,
}

impl Reader {
    pub fn new(options: ReadSettings) -> Reader {
        Reader {
            options,
            pending: Vec::new(),
            parser: None,
            bytes: 0,
            size_hint: None,
            #[cfg(feature = "workbooks")]
            container: None,
        }
    }

    /// A reader told the file's size: it reserves memory for the cells once, instead of growing
    /// (and copying) as they come.
    pub fn with_size_hint(options: ReadSettings, bytes: u64) -> Reader {
        Reader {
            size_hint: Some(bytes),
            ..Reader::new(options)
        }
    }

    /// Bytes pushed so far.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// Refuses a file whose size (as told, or as read so far) is over `MAX_FILE_BYTES` once
    /// sampled, before the cells for it are reserved or held.
    pub fn check_size(&self) -> Result<()> {
        #[cfg(feature = "full-report")]
        let share = self.options.sample.unwrap_or(1.0);
        #[cfg(not(feature = "full-report"))]
        let share = 1.0;
        let bytes = self.size_hint.unwrap_or(0).max(self.bytes);
        if (bytes as f64) * share <= limits::MAX_FILE_BYTES as f64 {
            return Ok(());
        }
        Err(Error::FileTooLarge {
            bytes,
            limit: limits::MAX_FILE_BYTES,
            fits: limits::MAX_FILE_BYTES as f64 / bytes as f64,
        })
    }

    pub fn push(&mut self, chunk: &[u8]) -> Result<()> {
        self.bytes += chunk.len() as u64;
        self.check_size()?;
        #[cfg(feature = "workbooks")]
        if self.parser.is_none() {
            if self.pending.len() < 8 && self.pending.len() + chunk.len() >= 8 {
                let mut head = self.pending.clone();
                head.extend_from_slice(&chunk[..chunk.len().min(8)]);
                self.container = super::container::sniff(&head);
            }
            if let Some(format) = self.container {
                // Checked before a byte more is held: the declared size first, then what came.
                super::container::check_size(format, self.size_hint.unwrap_or(0).max(self.bytes))?;
                self.pending.extend_from_slice(chunk);
                return Ok(());
            }
        }
        match &mut self.parser {
            Some(p) => {
                nul_free(p.detected.encoding, chunk, self.bytes - chunk.len() as u64)?;
                p.feed(chunk, false)
            }
            None => {
                self.pending.extend_from_slice(chunk);
                if self.pending.len() >= SNIFF_BYTES {
                    self.start(false)?;
                }
                Ok(())
            }
        }
    }

    /// The rows read so far, taken out of the reader: a table of the records since the last
    /// `take` (numbered as in the whole file), with the header. Reading on after it, memory holds
    /// one part of the file at a time, which is how a saved model is applied to a file of any
    /// size. `None` until the header has been read.
    pub fn take(&mut self) -> Option<Table> {
        let p = self.parser.as_mut()?;
        let b = &mut p.builder;
        let headers = b.headers.clone()?;
        let width = headers.len();
        Some(Table {
            headers,
            cells: std::mem::replace(&mut b.cells, Cells::new(width)),
            record_of_row: std::mem::take(&mut b.record_of_row),
            line_of_row: std::mem::take(&mut b.line_of_row),
            records: b.records,
            skipped: std::mem::take(&mut b.skipped),
            skipped_fields: std::mem::take(&mut b.skipped_fields),
            padded: std::mem::take(&mut b.padded),
            // The columns seen guarded so far: a flag, once set, holds for the rest of the file.
            guarded: b.guarded.clone(),
            warnings: Vec::new(),
            open_quote: b.open_quote_line,
            dialect: p.dialect,
            encoding: p.detected.name(),
            bytes: self.bytes,
            source: Source {
                format: if p.squeeze.is_some() { "text" } else { "csv" }.into(),
                ..Source::default()
            },
            spans: Vec::new(),
        })
    }

    pub fn finish(mut self) -> Result<Table> {
        #[cfg(feature = "workbooks")]
        if self.parser.is_none() {
            let format = self
                .container
                .or_else(|| super::container::sniff(&self.pending));
            if let Some(format) = format {
                return super::container::read(format, &self.pending, &self.options, read);
            }
        }
        if self.parser.is_none() {
            self.start(true)?;
        }
        let Some(mut p) = self.parser.take() else {
            return Err(Error::Empty);
        };
        p.feed(&[], true)?;
        p.into_table(self.bytes)
    }

    fn start(&mut self, complete: bool) -> Result<()> {
        let pending = std::mem::take(&mut self.pending);
        if pending.iter().all(|b| b.is_ascii_whitespace()) {
            if complete {
                return Err(Error::Empty);
            }
            // Whitespace only so far: keep waiting for content.
            self.pending = pending;
            return Ok(());
        }
        let sample = &pending[..pending.len().min(SNIFF_BYTES)];
        let whole = complete && sample.len() == pending.len();
        let detected = decode::detect(sample, whole, self.options.encoding)?;
        let after = &pending[sample.len()..];
        nul_free(detected.encoding, after, sample.len() as u64)?;
        let body = &pending[detected.bom..];
        let mut decoder = Decoder::new(detected.encoding)?;
        let mut decoded = Vec::new();
        let text: &[u8] = match &mut decoder {
            Some(d) => {
                d.decode_into(body, complete, &mut decoded);
                &decoded
            }
            None => body,
        };
        let sample_end = text.len().min(SNIFF_BYTES);
        let sample = match std::str::from_utf8(&text[..sample_end]) {
            Ok(s) => s,
            Err(e) => std::str::from_utf8(&text[..e.valid_up_to()]).unwrap_or(""),
        };
        // A table aligned with spaces is read as one delimited by single spaces, without quotes,
        // once its runs of spaces are squeezed; a delimiter the user gave means it is not one.
        let squeeze = (self.options.dialect.delimiter.is_none() && aligned::looks_aligned(sample))
            .then(Squeeze::new);
        let dialect = match squeeze {
            Some(_) => {
                let overrides = Overrides {
                    delimiter: Some(b' '),
                    ..self.options.dialect
                };
                dialect::sniff(&Squeeze::text(sample), &overrides)
            }
            None => dialect::sniff(sample, &self.options.dialect),
        };
        let csv = csv_core::ReaderBuilder::new()
            .delimiter(dialect.delimiter)
            .quote(dialect.quote)
            .quoting(squeeze.is_none())
            .build();
        let mut lines = Lines::default();
        if dialect.sep_line > 0 {
            lines.count = 1;
        }
        let skip = dialect.sep_line.min(text.len());
        let first: Vec<u8> = text[skip..].to_vec();
        let mut parser = Parser {
            detected,
            decoder_finished: complete && decoder.is_some(),
            decoder,
            decoded: Vec::new(),
            csv,
            out: vec![0; 64 * 1024],
            ends: vec![0; 256],
            out_len: 0,
            ends_len: 0,
            lines,
            last_byte: 0,
            dialect,
            squeeze,
            squeezed: Vec::new(),
            builder: Builder {
                headers: None,
                header_row: dialect.header,
                cells: Cells::default(),
                reserve: self.size_hint.map(|total| {
                    // Text is at most the file's size; rows are guessed from the sample's lines.
                    let lines = 1 + text.iter().filter(|&&b| b == b'\n').count();
                    let per_row = (text.len() / lines).max(1);
                    // What is reserved is at most what the limit lets be held: a size hint of
                    // 2 GiB once asked wasm32 for more than its address space (a trap).
                    // The rows are guessed from the first chunk, so the reservation is capped
                    // too: past it, the table grows as it is read.
                    #[cfg(feature = "full-report")]
                    let total = (total as f64 * self.options.sample.unwrap_or(1.0)) as u64;
                    let total = total.min(MAX_RESERVE as u64) as usize;
                    (total, total / per_row + 16)
                }),
                record_of_row: Vec::new(),
                line_of_row: Vec::new(),
                guarded: Vec::new(),
                unguarded: (String::new(), Vec::new()),
                held: Vec::new(),
                seen_wide: false,
                records: 0,
                skipped: Vec::new(),
                skipped_fields: Vec::new(),
                padded: 0,
                #[cfg(feature = "full-report")]
                sample: self.options.sample,
                #[cfg(feature = "full-report")]
                sampled_out: 0,
                open_quote_line: None,
            },
        };
        parser.parse_text(&first, false)?;
        self.parser = Some(parser);
        Ok(())
    }
}

/// Refuses a NUL byte past the sample `decode::detect` looked at, as it refuses one inside it
/// (only UTF-16 has NULs in text): read on, it ended up in a cell. `offset` is the file offset of
/// `bytes`.
fn nul_free(encoding: &'static decode::Encoding, bytes: &[u8], offset: u64) -> Result<()> {
    if encoding.name().starts_with("UTF-16") {
        return Ok(());
    }
    match memchr::memchr(0, bytes) {
        Some(pos) => Err(Error::NotText(format!(
            "the file is binary, not text: it has a NUL byte at offset {}",
            offset + pos as u64
        ))),
        None => Ok(()),
    }
}

impl Parser {
    /// Feeds raw file bytes (decoding them first if the file is not UTF-8).
    fn feed(&mut self, chunk: &[u8], last: bool) -> Result<()> {
        if self.decoder_finished {
            // Everything was decoded when the reader started (the file was shorter than the
            // sample); a finished decoder must not be called again.
            return self.parse_text(&[], last);
        }
        self.decoder_finished = last;
        match &mut self.decoder {
            Some(d) => {
                let mut decoded = std::mem::take(&mut self.decoded);
                decoded.clear();
                d.decode_into(chunk, last, &mut decoded);
                let r = self.parse_text(&decoded, last);
                self.decoded = decoded;
                r
            }
            None => self.parse_text(chunk, last),
        }
    }

    /// Parses decoded text, squeezed first when the table is aligned with spaces.
    fn parse_text(&mut self, input: &[u8], last: bool) -> Result<()> {
        let Some(squeeze) = &mut self.squeeze else {
            return self.parse(input, last);
        };
        let mut out = std::mem::take(&mut self.squeezed);
        squeeze.apply(input, &mut out);
        let r = self.parse(&out, last);
        self.squeezed = out;
        r
    }

    /// Parses UTF-8 bytes; with `last`, flushes the final record.
    fn parse(&mut self, input: &[u8], last: bool) -> Result<()> {
        let mut pos = 0;
        loop {
            let rest = &input[pos..];
            // Empty input tells csv-core the file has ended: only say so when it has.
            if rest.is_empty() && !last {
                return Ok(());
            }
            // csv-core reports field ends relative to the start of the record, across calls.
            let (res, nin, nout, nends) = self.csv.read_record(
                rest,
                &mut self.out[self.out_len..],
                &mut self.ends[self.ends_len..],
            );
            self.lines.consume(&rest[..nin]);
            if nin > 0 {
                self.last_byte = rest[nin - 1];
            }
            pos += nin;
            self.out_len += nout;
            self.ends_len += nends;
            match res {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => self.grow_out()?,
                ReadRecordResult::OutputEndsFull => self.grow_ends(),
                ReadRecordResult::Record => self.record(rest.is_empty())?,
                ReadRecordResult::End => return Ok(()),
            }
        }
    }

    fn grow_out(&mut self) -> Result<()> {
        if self.out.len() >= MAX_RECORD_BYTES {
            return Err(Error::Csv {
                position: Position {
                    record: self.builder.next_record(),
                    line: self.lines.record.unwrap_or(self.lines.count + 1),
                    column: None,
                },
                message: format!(
                    "a record longer than {} MiB starts here; is a quote left open?",
                    MAX_RECORD_BYTES >> 20
                ),
            });
        }
        let n = (self.out.len() * 2).min(MAX_RECORD_BYTES);
        self.out.resize(n, 0);
        Ok(())
    }

    fn grow_ends(&mut self) {
        let n = self.ends.len() * 2;
        self.ends.resize(n, 0);
    }

    /// One complete record is in `out[..out_len]`, its field ends in `ends[..ends_len]`.
    fn record(&mut self, at_end: bool) -> Result<()> {
        let line = self.lines.record.take().unwrap_or(self.lines.count + 1);
        let bytes = &self.out[..self.out_len];
        let ends = &self.ends[..self.ends_len];
        self.out_len = 0;
        self.ends_len = 0;
        let text = std::str::from_utf8(bytes).map_err(|e| {
            let column = ends
                .iter()
                .take_while(|&&end| end <= e.valid_up_to())
                .count();
            Error::NotUtf8 {
                position: Position {
                    record: self.builder.next_record(),
                    line,
                    column: Some(column),
                },
                encoding: self.detected.name(),
            }
        })?;
        let fields = Fields { text, ends };
        // A record that csv-core could only end at the end of the file, that spans lines and
        // whose last byte is not the quote, ran to the end inside a quoted field.
        let multiline = || text.as_bytes().iter().any(|&b| b == b'\n' || b == b'\r');
        if at_end
            && self.lines.count + 1 > line
            && self.last_byte != self.dialect.quote
            && multiline()
        {
            self.builder.open_quote_line = Some(line);
        }
        self.builder.add(&fields, line)
    }

    fn into_table(self, bytes: u64) -> Result<Table> {
        let mut b = self.builder;
        b.footer();
        let headers = b.headers.ok_or(Error::Empty)?;
        if b.records == 0 {
            return Err(Error::NoRows);
        }
        let mut warnings: Vec<String> = self.detected.warning().into_iter().collect();
        if let Some(line) = b.open_quote_line {
            warnings.push(format!(
                "line {line}: a quote opened in this record is never closed, so the rest of the file was read as part of it"
            ));
        }
        #[cfg(feature = "full-report")]
        if b.sampled_out > 0 {
            warnings.push(format!(
                "a sample: {} of the file's {} rows were read (sample {}), spread over the whole file; the other {} have no segment",
                limits::count_text((b.records - b.sampled_out) as u64),
                limits::count_text(b.records as u64),
                b.sample.unwrap_or(1.0),
                limits::count_text(b.sampled_out as u64),
            ));
        }
        if b.padded > 0 {
            warnings.push(if b.padded == 1 {
                "1 row had fewer fields than the header; its missing fields are empty".to_owned()
            } else {
                format!(
                    "{} rows had fewer fields than the header; their missing fields are empty",
                    b.padded
                )
            });
        }
        Ok(Table {
            headers,
            cells: b.cells,
            record_of_row: b.record_of_row,
            line_of_row: b.line_of_row,
            records: b.records,
            skipped: b.skipped,
            skipped_fields: b.skipped_fields,
            padded: b.padded,
            guarded: b.guarded,
            warnings,
            open_quote: b.open_quote_line,
            dialect: self.dialect,
            encoding: self.detected.name(),
            bytes,
            source: Source {
                format: if self.squeeze.is_some() {
                    "text"
                } else {
                    "csv"
                }
                .into(),
                ..Source::default()
            },
            spans: Vec::new(),
        })
    }
}

impl Builder {
    /// The number the record being read will have: none for the header row.
    fn next_record(&self) -> Option<u64> {
        (self.headers.is_some() || !self.header_row).then_some(self.records as u64 + 1)
    }

    fn add(&mut self, fields: &Fields, line: u64) -> Result<()> {
        let Some(headers) = &self.headers else {
            let names: Vec<String> = if self.header_row {
                fields.iter().map(str::to_owned).collect()
            } else {
                (1..=fields.len()).map(|i| format!("column_{i}")).collect()
            };
            // Checked before anything is made per column (typing and measuring every column is
            // what grows with their number).
            if names.len() > limits::MAX_COLUMNS {
                return Err(Error::TooManyColumns {
                    columns: names.len(),
                    limit: limits::MAX_COLUMNS,
                });
            }
            let names = unique_headers(&names);
            self.cells = Cells::new(names.len());
            if let Some((bytes, rows)) = self.reserve {
                // At most 256 MiB of offsets, whatever the rows guessed and the width.
                let cells = rows.saturating_mul(names.len()).min(MAX_RESERVE / 4);
                self.cells.reserve(bytes, cells);
            }
            self.guarded = vec![false; names.len()];
            self.headers = Some(names);
            if self.header_row {
                return Ok(());
            }
            return self.add(fields, line);
        };
        let width = headers.len();
        self.records += 1;
        let row = self.records as u64;
        #[cfg(feature = "full-report")]
        if let Some(share) = self.sample {
            if !limits::sampled(row, share) {
                self.sampled_out += 1;
                return Ok(());
            }
        }
        // The embed (no `full-report`) reads a blogger's own small table, which has no report
        // footer: it leaves the rule out to stay within its size budget.
        if cfg!(feature = "full-report")
            && width >= 3
            && fields.len() == 1
            && self.seen_wide
            && self.held.len() < FOOTER_LINES
        {
            self.held.push(Held {
                row,
                line,
                text: fields.text.to_owned(),
            });
            return Ok(());
        }
        if cfg!(feature = "full-report") && !self.held.is_empty() {
            self.release()?;
        }
        self.seen_wide |= fields.len() > 1;
        self.store(fields, row, line)
    }

    /// Held one-field records followed by more data: they are rows after all.
    fn release(&mut self) -> Result<()> {
        for h in std::mem::take(&mut self.held) {
            let ends = [h.text.len()];
            let fields = Fields {
                text: &h.text,
                ends: &ends,
            };
            self.store(&fields, h.row, h.line)?;
        }
        Ok(())
    }

    /// The file ended: one-field records held back since the last row of data are its footer.
    /// Blank ones are skipped as blank, as anywhere else.
    fn footer(&mut self) {
        if !cfg!(feature = "full-report") {
            return;
        }
        for h in std::mem::take(&mut self.held) {
            let reason = if h.text.trim().is_empty() {
                "every field is empty".to_owned()
            } else {
                "a line after the data with one field, such as a report's footer".to_owned()
            };
            self.skipped.push(Skipped {
                row: h.row,
                line: h.line,
                reason,
                place: None,
            });
            self.skipped_fields.push(vec![h.text]);
        }
    }

    fn store(&mut self, fields: &Fields, row: u64, line: u64) -> Result<()> {
        let width = self.headers.as_ref().map_or(0, Vec::len);
        let mut fields = *fields;
        if fields.len() > width {
            // The fields' text is contiguous: the extra fields are blank if the text after the
            // last kept field is.
            let kept = fields.ends[width - 1];
            if fields
                .text
                .get(kept..)
                .is_some_and(|rest| rest.trim().is_empty())
            {
                fields.ends = &fields.ends[..width];
            } else {
                self.skipped.push(Skipped {
                    row,
                    line,
                    reason: format!("has {} fields but the header has {width}", fields.len()),
                    place: None,
                });
                self.skipped_fields
                    .push(fields.iter().map(str::to_owned).collect());
                return Ok(());
            }
        }
        if fields.text.trim().is_empty() {
            self.skipped.push(Skipped {
                row,
                line,
                reason: "every field is empty".into(),
                place: None,
            });
            self.skipped_fields
                .push(fields.iter().map(str::to_owned).collect());
            return Ok(());
        }
        if fields.len() < width {
            self.padded += 1;
        }
        // Spreadsheets' text guards come off as the cells are read, so every layer sees the
        // value; the export puts them back (`Table::guarded`).
        let (text, ends) = if memchr::memchr(b'\'', fields.text.as_bytes()).is_some()
            && fields.iter().any(|f| text_guarded(f).is_some())
        {
            let (text, ends) = &mut self.unguarded;
            text.clear();
            ends.clear();
            for (c, f) in fields.iter().enumerate() {
                match text_guarded(f) {
                    Some(value) => {
                        text.push_str(value);
                        if let Some(g) = self.guarded.get_mut(c) {
                            *g = true;
                        }
                    }
                    None => text.push_str(f),
                }
                ends.push(text.len());
            }
            (text.as_str(), ends.as_slice())
        } else {
            (fields.text, fields.ends)
        };
        self.cells.push_row(text, ends).map_err(|_| Error::Csv {
            position: Position {
                record: Some(row),
                line,
                column: None,
            },
            message: "the table holds more than 4 GiB of text".into(),
        })?;
        // `row` is the record's own number (1-based): a one-field record held back as a possible
        // footer is stored only once the next record has been counted.
        self.record_of_row.push(row as usize - 1);
        self.line_of_row.push(line);
        Ok(())
    }
}

/// The fields of one record: its text and where each field ends, read without a `Vec` per record.
#[derive(Clone, Copy)]
struct Fields<'a> {
    text: &'a str,
    ends: &'a [usize],
}

impl<'a> Fields<'a> {
    fn len(&self) -> usize {
        self.ends.len()
    }

    /// Field `i`, or "" past the end (a short row is padded with empty fields).
    fn get(&self, i: usize) -> &'a str {
        let Some(&end) = self.ends.get(i) else {
            return "";
        };
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text.get(start..end).unwrap_or("")
    }

    fn iter(&self) -> impl Iterator<Item = &'a str> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_default(bytes: &[u8]) -> Result<Table> {
        read(bytes, &ReadSettings::default())
    }

    fn rows_of(t: &Table) -> Vec<Vec<&str>> {
        (0..t.rows()).map(|r| t.row(r).collect()).collect()
    }

    #[test]
    fn a_file_read_in_chunks_is_the_file_pushed_whole() {
        // Over three chunks, with quoted cells holding commas, newlines and a multi-byte
        // character, so that chunk boundaries fall inside records and inside cells.
        let mut text = String::from("id,note,amount\n");
        let mut i = 0;
        while text.len() < 2 * READ_CHUNK + 1000 {
            text.push_str(&format!(
                "{i},\"Zürich, \"\"q\"\"\nline {i}\",{}.5\n",
                i % 97
            ));
            i += 1;
        }
        let chunked = read_default(text.as_bytes()).unwrap();
        let mut whole = Reader::with_size_hint(ReadSettings::default(), text.len() as u64);
        whole.push(text.as_bytes()).unwrap();
        let whole = whole.finish().unwrap();
        assert_eq!(chunked.rows(), i);
        assert_eq!(rows_of(&chunked), rows_of(&whole));
        assert_eq!(chunked.record_of_row, whole.record_of_row);
    }

    #[test]
    fn reads_columns_and_strips_bom() {
        let t =
            read_default("\u{feff}name,spend\r\nAnn,10\r\n\"Bo, Jr.\",20\r\n".as_bytes()).unwrap();
        assert_eq!(t.headers, ["name", "spend"]);
        assert_eq!(rows_of(&t), [["Ann", "10"], ["Bo, Jr.", "20"]]);
        assert_eq!(t.encoding, "UTF-8 (BOM)");
        assert_eq!(t.line_of_row, [2, 3]);
    }

    /// Found by fuzzing `apply`: a one-field line among the data is held back as a possible
    /// footer and stored once the next record is read, and it took that record's number, so
    /// its segment went to the next record and its own stayed -1.
    #[test]
    fn a_one_field_line_in_the_data_keeps_its_own_record_instead_of_the_next_one_s() {
        let text = "id,spend,plan\n1,10,a\n14-11-05\n3,30,c\n";
        let t = read_default(text.as_bytes()).unwrap();
        assert_eq!(t.records, 3);
        assert_eq!(t.rows(), 3);
        assert_eq!(t.record_of_row, [0, 1, 2]);
        assert_eq!(t.line_of_row, [2, 3, 4]);
    }

    #[test]
    fn every_record_is_kept_or_skipped_with_its_line() {
        // Records: 1 ok (its quoted newline moves later lines down), 2 short (padded), 3 too long
        // (skipped), 4 all empty (skipped), 5 trailing empty field (kept). A blank line is not a
        // record.
        let text = "a,b\n\"x\ny\",1\n2\n3,4,5\n,\n\n6,7,\n";
        let t = read_default(text.as_bytes()).unwrap();
        assert_eq!(t.records, 5);
        assert_eq!(t.rows() + t.skipped.len(), t.records);
        assert_eq!(t.record_of_row, [0, 1, 4]);
        assert_eq!(t.line_of_row, [2, 4, 8]);
        assert_eq!(rows_of(&t), [["x\ny", "1"], ["2", ""], ["6", "7"]]);
        assert_eq!(t.padded, 1);
        assert_eq!(
            t.skipped,
            [
                Skipped {
                    row: 3,
                    line: 5,
                    reason: "has 3 fields but the header has 2".into(),
                    place: None,
                },
                Skipped {
                    row: 4,
                    line: 6,
                    reason: "every field is empty".into(),
                    place: None,
                },
            ]
        );
    }

    /// A Salesforce report ends with a blank line and five lines of one field each (the report's
    /// name, copyright, "Generated By: ..."): they were padded into five customers with every
    /// column empty, and segmented. They are skipped as a footer, each with its line; one-field
    /// lines followed by more data stay rows.
    #[test]
    #[cfg(feature = "full-report")]
    fn a_report_footer_is_not_read_as_customers() {
        let text = "name,city,spend\nAnn,Rome,10\nBo\nCy,Oslo,30\n\n\"Leads by Rating\"\n\"Copyright (c) 2000-2024\"\n\"Generated By:  Dana Reyes  12/31/2024 9:14 AM\"\n";
        for chunk in [1, 7, text.len()] {
            let mut r = Reader::new(ReadSettings::default());
            for piece in text.as_bytes().chunks(chunk) {
                r.push(piece).unwrap();
            }
            let t = r.finish().unwrap();
            assert_eq!(
                rows_of(&t),
                [["Ann", "Rome", "10"], ["Bo", "", ""], ["Cy", "Oslo", "30"]]
            );
            assert_eq!(t.padded, 1, "Bo is followed by data, so it is a row");
            assert_eq!(t.records, 6);
            let footer: Vec<(u64, u64)> = t.skipped.iter().map(|s| (s.row, s.line)).collect();
            assert_eq!(footer, [(4, 6), (5, 7), (6, 8)]);
            assert!(
                t.skipped[0].reason.contains("footer"),
                "{}",
                t.skipped[0].reason
            );
            assert_eq!(
                t.skipped_fields[2],
                ["Generated By:  Dana Reyes  12/31/2024 9:14 AM"]
            );
        }
        // A table whose every data line is one field keeps them as rows: that is no footer.
        let t = read_default(b"a,b,c\nx\ny\n").unwrap();
        assert_eq!(t.rows(), 2);
    }

    #[test]
    fn line_endings_lf_crlf_and_lone_cr() {
        for text in [
            "a,b\n1,2\n3,4\n",
            "a,b\r\n1,2\r\n3,4\r\n",
            "a,b\r1,2\r3,4\r",
            "a,b\n1,2\r\n3,4",
        ] {
            let t = read_default(text.as_bytes()).unwrap();
            assert_eq!(rows_of(&t), [["1", "2"], ["3", "4"]], "{text:?}");
            assert_eq!(t.line_of_row, [2, 3], "{text:?}");
        }
    }

    #[test]
    fn chunk_sizes_give_identical_tables() {
        // Long enough to cross the sniffing buffer, with quoted newlines, CRLF and UTF-8.
        let mut text = String::from("id;name;note;spend\r\n");
        for i in 0..3000 {
            text.push_str(&format!(
                "{i};Zoë {i};\"line\r\nbreak; \"\"quoted\"\"\";{},5\r\n",
                i % 97
            ));
        }
        let whole = read_default(text.as_bytes()).unwrap();
        assert_eq!(whole.rows(), 3000);
        for size in [1, 7, 64 * 1024] {
            let mut r = Reader::new(ReadSettings::default());
            for chunk in text.as_bytes().chunks(size) {
                r.push(chunk).unwrap();
            }
            assert_eq!(r.finish().unwrap(), whole, "chunks of {size}");
        }
    }

    #[test]
    fn a_nul_byte_after_the_first_64_kib_is_refused_as_before_it_instead_of_read_into_a_cell() {
        let mut text = b"name,spend\n".to_vec();
        while text.len() < 70_000 {
            text.extend_from_slice(b"Ann,12\n");
        }
        let at = text.len() + 5;
        text.extend_from_slice(b"Bob,1\x002\nCy,3\n");
        let want = format!("the file is binary, not text: it has a NUL byte at offset {at}");
        let e = read_default(&text).unwrap_err();
        assert_eq!(e.to_string(), want);
        for size in [1000, 64 * 1024, 100_000] {
            let mut r = Reader::new(ReadSettings::default());
            let e = text
                .chunks(size)
                .try_for_each(|c| r.push(c))
                .and_then(|()| r.finish().map(|_| ()))
                .unwrap_err();
            assert_eq!(e.to_string(), want, "chunks of {size}");
        }
    }

    #[test]
    fn excel_sep_line_sets_the_delimiter_and_is_not_a_row() {
        let t = read_default(b"sep=;\r\nname;spend\r\nAnn;1,5\r\n").unwrap();
        assert_eq!(t.headers, ["name", "spend"]);
        assert_eq!(t.dialect.number.decimal, ',');
        assert_eq!(t.line_of_row, [3]);
    }

    #[test]
    fn no_header_names_columns() {
        let t = read_default(b"1,2\n3,4\n").unwrap();
        assert_eq!(t.headers, ["column_1", "column_2"]);
        assert_eq!(t.rows(), 2);
        assert_eq!(t.line_of_row, [1, 2]);
    }

    #[test]
    #[cfg(feature = "legacy-encodings")]
    fn legacy_and_utf16_encodings_decode() {
        // Windows-1252: "Zürich", "Café", "Müller" with a decimal comma and semicolons.
        let bytes = b"stadt;name;umsatz\nZ\xfcrich;Caf\xe9;1.234,5\nM\xfcnchen;M\xfcller;12,5\nK\xf6ln;J\xfcrgen;3\n";
        let t = read_default(bytes).unwrap();
        assert_eq!(t.encoding, "windows-1252");
        assert_eq!(rows_of(&t)[0], ["Zürich", "Café", "1.234,5"]);
        assert_eq!(t.dialect.number.decimal, ',');
        // UTF-16LE with BOM.
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "name,spend\r\nZoë,10\r\n".encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        let t = read_default(&utf16).unwrap();
        assert_eq!(t.encoding, "UTF-16LE (BOM)");
        assert_eq!(rows_of(&t), [["Zoë", "10"]]);
        // Forced encoding wins over detection.
        let o = ReadSettings {
            encoding: decode::by_label("latin1"),
            ..Default::default()
        };
        let t = read(b"a\n\xc3\xa9\n", &o).unwrap();
        assert_eq!(rows_of(&t), [["Ã©"]]);
    }

    #[test]
    fn invalid_utf8_after_a_utf8_start_names_line_and_field() {
        let mut text = String::from("a,b\n");
        while text.len() < SNIFF_BYTES + 10 {
            text.push_str("plain,ascii\n");
        }
        let mut bytes = text.into_bytes();
        let line = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
        bytes.extend_from_slice(b"ok,caf\xe9\n");
        let e = read_default(&bytes).unwrap_err();
        assert!(
            matches!(e, Error::NotUtf8 { position, .. } if position.line == line as u64 && position.field() == 2),
            "{e}"
        );
        assert!(e.to_string().contains("windows-1252"));
        // The position says it all: the data record (the header is not one), its line, its
        // field counted from 0; the message numbers the field from 1.
        assert_eq!(
            e.position(),
            Some(&Position {
                record: Some(line as u64 - 1),
                line: line as u64,
                column: Some(1),
            })
        );
        assert!(
            e.to_string().starts_with(&format!("line {line}, field 2:")),
            "{e}"
        );
    }

    #[test]
    fn bad_files_are_refused_with_a_reason() {
        assert_eq!(read_default(b"").unwrap_err(), Error::Empty);
        assert_eq!(read_default(b" \n\r\n").unwrap_err(), Error::Empty);
        assert_eq!(read_default(b"a,b\n").unwrap_err(), Error::NoRows);
        assert_eq!(read_default(b"a,b\n\n\n").unwrap_err(), Error::NoRows);
        let e = read_default(b"a,b\n1,\x002\n").unwrap_err();
        assert!(e.to_string().contains("binary"), "{e}");
        // The start of a ZIP archive, cut short: a build that reads workbooks and archives says
        // it cannot be read as one; one that does not says to save it as CSV.
        let e = read_default(b"PK\x03\x04\x14\x00\x06\x00").unwrap_err();
        #[cfg(feature = "workbooks")]
        assert!(
            e.to_string()
                .starts_with("the file starts as a ZIP archive but cannot be read as one"),
            "{e}"
        );
        #[cfg(not(feature = "workbooks"))]
        assert!(e.to_string().contains("xlsx"), "{e}");
    }

    #[test]
    fn an_unclosed_quote_at_the_end_reads_and_warns() {
        let t = read_default(b"a,b\n1,2\n3,\"open\nrest of file\n").unwrap();
        assert_eq!(t.rows(), 2);
        assert_eq!(&t.column(1)[1], "open\nrest of file\n");
        assert_eq!(t.warnings.len(), 1);
        assert!(
            t.warnings[0].starts_with("line 3: a quote"),
            "{:?}",
            t.warnings
        );
        // A closed quote does not warn.
        assert!(read_default(b"a,b\n3,\"x\ny\"\n")
            .unwrap()
            .warnings
            .is_empty());
    }

    #[test]
    fn a_5_mb_field_and_2000_columns_read_cleanly() {
        let big = "x".repeat(5 << 20);
        let text = format!("id,blob\n1,\"{big}\"\n2,small\n");
        let t = read_default(text.as_bytes()).unwrap();
        assert_eq!(t.column(1)[0].len(), 5 << 20);
        assert_eq!(t.rows(), 2);

        let header: Vec<String> = (0..2000).map(|i| format!("c{i}")).collect();
        let row: Vec<String> = (0..2000).map(|i| i.to_string()).collect();
        let text = format!(
            "{}\n{}\n{}\n",
            header.join(","),
            row.join(","),
            row.join(",")
        );
        let t = read_default(text.as_bytes()).unwrap();
        assert_eq!(t.headers.len(), 2000);
        assert_eq!(&t.column(1999)[1], "1999");
    }

    /// Shopify's text guards (`'02108`, `'+15742654890`, `'7210448300000`) came into the values
    /// and made the sniffer take `'` for the quote.
    #[test]
    fn text_guards_come_off_as_cells_are_read() {
        let t = read_default(
            b"Name,Shipping Zip,Phone,Id,Note\n\
              #1001,'02108,'+15742654890,'7210448300000,'80s vinyl\n\
              #1002,'10001,'+15742654891,'7210448300001,plain\n",
        )
        .unwrap();
        assert_eq!(t.dialect.quote, b'"');
        assert_eq!(
            rows_of(&t),
            [
                [
                    "#1001",
                    "02108",
                    "+15742654890",
                    "7210448300000",
                    "'80s vinyl"
                ],
                ["#1002", "10001", "+15742654891", "7210448300001", "plain"],
            ]
        );
        assert_eq!(t.guarded, [false, true, true, true, false]);
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
    fn forty_thousand_copies_of_one_header_are_named_in_linear_time_instead_of_80_s() {
        // Each copy tried `x_2`, `x_3`... from the start: 800 million names for 40,000 copies.
        let raw = vec!["x".to_owned(); 40_000];
        let started = std::time::Instant::now();
        let names = unique_headers(&raw);
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
        assert_eq!(names[..3], ["x", "x_2", "x_3"]);
        assert_eq!(names[39_999], "x_40000");
        // A suffix already taken by a name of the file is still skipped.
        let raw: Vec<String> = ["x_3", "x", "x", "x", ""].map(String::from).to_vec();
        assert_eq!(unique_headers(&raw), ["x_3", "x", "x_2", "x_4", "column_5"]);
    }
}
