//! Every row of a file given its segment while the file streams by, chunk after chunk: the CSV
//! of `tribes apply` made where the file cannot be held whole (a file segmented on a sample of
//! its rows, then labelled in full). Memory holds one part of the file at a time.
//!
//! A model whose days-since columns count to the file's last date needs that date before the
//! first row is labelled, as `tribes apply` does: the file is then read twice, first for its
//! last dates ([`Labelling::scan`]), then for the labels ([`Labelling::push`]).

use crate::error::{Error, Result};
use crate::export::{csv_part, ExportSettings};
use crate::model::{Applied, Applying, LastDates, Model};
use crate::options::Options;
use crate::read::{Reader, Table};

/// A model applied to a file read chunk by chunk; see the module's documentation.
pub struct Labelling {
    options: Options,
    /// The model, until the first row is labelled (its days fixed to the file's last dates).
    model: Option<Model>,
    /// The first reading, for the last dates, when the model needs them.
    dates: Option<(LastDates, Reader)>,
    /// The second reading, with what has been labelled so far.
    labels: Option<(Reader, Applying<'static>)>,
    names: Vec<String>,
    export: ExportSettings,
    header: bool,
    /// The first record of the next part.
    first: usize,
}

impl Labelling {
    /// `options`: the reading options (the others are not looked at); `export`: the byte-order
    /// mark, the names and the one segment of the CSV, as `exportCsv` takes them.
    pub fn new(model: Model, options: &Options, export: ExportSettings) -> Result<Labelling> {
        // The reading options are checked before any chunk.
        let read = options.check_read()?;
        let dates = LastDates::of(&model).map(|last| (last, Reader::new(read)));
        let names = model.segments.iter().map(|s| s.name.clone()).collect();
        Ok(Labelling {
            options: options.clone(),
            model: Some(model),
            dates,
            labels: None,
            names,
            export,
            header: true,
            first: 0,
        })
    }

    /// Whether the file must be read once for its last dates (`scan`, then `scanned`) before it
    /// is read for its labels.
    pub fn needs_dates(&self) -> bool {
        self.dates.is_some()
    }

    /// One chunk of the first reading.
    pub fn scan(&mut self, chunk: &[u8]) -> Result<()> {
        let Some((last, reader)) = self.dates.as_mut() else {
            return Ok(());
        };
        reader.push(chunk)?;
        if let Some(part) = reader.take() {
            Self::columns(self.model.as_ref(), &part)?;
            last.scan(&part);
        }
        Ok(())
    }

    /// The end of the first reading: the model now counts to the file's last dates.
    pub fn scanned(&mut self) -> Result<()> {
        let Some((mut last, reader)) = self.dates.take() else {
            return Ok(());
        };
        let part = reader.finish()?;
        Self::columns(self.model.as_ref(), &part)?;
        last.scan(&part);
        self.model = self.model.take().map(|m| last.fix(&m));
        Ok(())
    }

    /// A file that lacks a column of the model is refused at its header, before a row is read.
    fn columns(model: Option<&Model>, part: &Table) -> Result<()> {
        model.map_or(Ok(()), |m| Applying::check_columns(m, &part.headers))
    }

    /// One chunk of the labelling reading: the CSV of the rows it completed (empty while a
    /// record is still open), each with its segment, the first part with the header. When the
    /// model needs the file's last dates, after `scanned` (which the first `push` calls, and
    /// which refuses a first reading that read nothing).
    pub fn push(&mut self, chunk: &[u8]) -> Result<Vec<u8>> {
        self.start()?;
        let Some((reader, _)) = self.labels.as_mut() else {
            return Ok(Vec::new());
        };
        reader.push(chunk)?;
        match reader.take() {
            Some(part) => self.emit(&part, None),
            None => Ok(Vec::new()),
        }
    }

    /// The end of the file: the CSV of its last rows, and the segments' sizes with the drift,
    /// as `tribes apply` reports them.
    pub fn finish(mut self) -> Result<(Vec<u8>, Applied)> {
        self.start()?;
        let (reader, mut applying) = self.labels.take().ok_or(Error::Empty)?;
        let part = reader.finish()?;
        let bytes = self.emit(&part, Some(&mut applying))?;
        Ok((bytes, applying.finish()))
    }

    /// The labelling reading, from the first chunk on.
    fn start(&mut self) -> Result<()> {
        if self.labels.is_some() {
            return Ok(());
        }
        self.scanned()?;
        let model = self.model.take().ok_or(Error::Empty)?;
        let reader = Reader::new(self.options.check_read()?);
        self.labels = Some((reader, Applying::owning(model)));
        Ok(())
    }

    /// One part's CSV, labelled by `applying` (the labelling reading's own when `None`).
    fn emit(&mut self, part: &Table, applying: Option<&mut Applying<'static>>) -> Result<Vec<u8>> {
        let labels = match applying {
            Some(a) => a.part(part)?,
            None => match self.labels.as_mut() {
                Some((_, a)) => a.part(part)?,
                None => return Ok(Vec::new()),
            },
        };
        let bytes = csv_part(
            part,
            &labels,
            self.first,
            self.header,
            &self.names,
            &self.export,
        );
        self.header = false;
        self.first += labels.len();
        Ok(bytes)
    }
}
