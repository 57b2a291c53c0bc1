//! What calamine reads of an `.xls` without checking it, checked before it runs.
//!
//! An `.xls` is a compound file (MS-CFB: a FAT file system in sectors) holding a stream of BIFF
//! records (MS-XLS). calamine trusts both: it follows sector chains without a bound, indexes
//! records at fixed offsets whatever their length, reserves the cells a sheet's DIMENSIONS
//! record claims, and lays every sheet out as a dense grid from its first to its last cell.
//! Natively a panic of calamine's is caught and said as a damaged file, but a failed allocation
//! aborts the process, and in wasm any of them ends the page's worker. So this module reads the
//! same structures first, the way calamine will, and refuses what would make it panic or
//! allocate without bound, with a message that says what is wrong.
//!
//! Two repairs are made in a copy (the user's bytes are never changed), neither of which changes
//! a value read: a DIMENSIONS record that claims more cells than its sheet holds is blanked
//! (calamine uses the claim only to reserve room: blanked, the same cells are read without a
//! reservation of gigabytes), and so is the length of every formula's tokens, in cells and in
//! defined names (calamine turns the tokens into formula text, which Tribes never reads, by
//! indexing them unchecked; a cell keeps the value its formula last gave).

use std::borrow::Cow;

use super::grid::Extent;
use crate::error::{Error, Result};

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const RESERVED: u32 = 0xFFFF_FFFA;
const DIFAT_SECTOR: u32 = 0xFFFF_FFFC;
/// A mini sector's size (MS-CFB 2.2: the header's mini sector shift is always 6).
const MINI: usize = 64;
/// Streams shorter than this live in the mini stream (MS-CFB 2.2, calamine's cut-off).
const MINI_CUTOFF: u64 = 4096;
/// The most bytes calamine may reserve for the DIFAT from the header field it misreads (a
/// `Vec<u32>` with the capacity of the four bytes at offset 62, which straddle the mini FAT's
/// start and length): real files ask for well under a megabyte.
const MAX_DIFAT_RESERVE: u64 = 256 << 20;

/// The bytes calamine should read: `bytes` itself, or a copy with over-claiming DIMENSIONS
/// records and formulas' tokens blanked; or why the file is refused.
pub(super) fn check(bytes: &[u8]) -> Result<Cow<'_, [u8]>> {
    let sector = check_header(bytes)?;
    let file = Compound::open(bytes, sector)?;
    let Some(stream) = file.workbook_stream()? else {
        // No workbook stream: calamine says so itself.
        return Ok(Cow::Borrowed(bytes));
    };
    let data = stream.read(bytes);
    let blank = check_records(&data)?;
    if blank.is_empty() {
        return Ok(Cow::Borrowed(bytes));
    }
    let mut copy = bytes.to_vec();
    for (at, len) in blank {
        for i in at..at + len {
            copy[stream.file_offset(i)] = 0;
        }
    }
    Ok(Cow::Owned(copy))
}

fn damaged(why: &str) -> Error {
    Error::Container(format!(
        "the file looks like an Excel .xls workbook but cannot be read ({why}); open it and save it again, or save the sheet as CSV"
    ))
}

/// The byte order, version and sector sizes of the compound file's header (MS-CFB 2.2), and that
/// the file is whole sectors; the sector size.
fn check_header(bytes: &[u8]) -> Result<usize> {
    let (major, order, shift, mini) = (
        u16_at(bytes, 0x1A),
        u16_at(bytes, 0x1C),
        u16_at(bytes, 0x1E),
        u16_at(bytes, 0x20),
    );
    let sector = if shift == Some(12) { 4096 } else { 512 };
    // A compound file is whole sectors: one cut short in its last sector made calamine panic
    // on the short read (and zeros padded in made it allocate without bound).
    let sound = bytes.len() >= 512
        && (bytes.len() - 512) % sector == 0
        && order == Some(0xFFFE)
        && mini == Some(6)
        && matches!((major, shift), (Some(3), Some(9)) | (Some(4), Some(12)));
    if !sound {
        return Err(damaged("its header is damaged, or the file is cut short"));
    }
    // calamine reserves the DIFAT from the four bytes at 62 (they straddle two header fields).
    let reserve = u64::from(u32_at(bytes, 62).unwrap_or(0)) * 4;
    if reserve > MAX_DIFAT_RESERVE {
        return Err(damaged("its header declares a mini FAT no file has"));
    }
    Ok(sector)
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    bytes
        .get(at..at + 2)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    bytes
        .get(at..at + 4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from(u32_at(bytes, at)?) | u64::from(u32_at(bytes, at + 4)?) << 32)
}

/// The compound file's tables, read as calamine reads them.
struct Compound<'a> {
    bytes: &'a [u8],
    sector: usize,
    /// Sectors after the header.
    sectors: usize,
    fat: Vec<u32>,
    /// The directory's entries (128 bytes each).
    directory: Vec<&'a [u8]>,
    /// The mini stream's sectors and length, and the mini FAT, when the file has a mini FAT.
    mini: Option<(Vec<usize>, u64, Vec<u32>)>,
}

/// A stream's place in the file: its chunks' file offsets, their size, and its length.
struct Stream {
    chunks: Vec<usize>,
    chunk: usize,
    len: usize,
}

impl Stream {
    fn file_offset(&self, at: usize) -> usize {
        self.chunks[at / self.chunk] + at % self.chunk
    }

    fn read(&self, bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.len);
        for &start in &self.chunks {
            let take = self.chunk.min(self.len - out.len());
            out.extend_from_slice(&bytes[start..start + take]);
        }
        out
    }
}

impl<'a> Compound<'a> {
    fn open(bytes: &'a [u8], sector: usize) -> Result<Self> {
        let sectors = (bytes.len() / sector).saturating_sub(1);
        let mut file = Compound {
            bytes,
            sector,
            sectors,
            fat: Vec::new(),
            directory: Vec::new(),
            mini: None,
        };
        let looping = || damaged("its table of sectors loops or points outside the file");
        // The header's 109 DIFAT entries, then the DIFAT sectors' (each ending with the next
        // one). calamine follows this chain without a bound: a loop grew its vectors until
        // memory ran out.
        let mut difat: Vec<u32> = (0..109)
            .filter_map(|i| u32_at(bytes, 0x4C + 4 * i))
            .collect();
        let mut next = u32_at(bytes, 0x44).unwrap_or(END_OF_CHAIN);
        let mut steps = 0;
        while next < RESERVED {
            steps += 1;
            if steps > sectors {
                return Err(looping());
            }
            let more = file.entries(next).ok_or_else(looping)?;
            difat.extend(more);
            next = difat.pop().unwrap_or(END_OF_CHAIN);
        }
        for id in difat.into_iter().filter(|&id| id < DIFAT_SECTOR) {
            let more = file.entries(id).ok_or_else(looping)?;
            file.fat.extend(more);
        }
        // The directory: its whole chain, as calamine reads it.
        let start = u32_at(bytes, 0x30).unwrap_or(END_OF_CHAIN);
        let chain = file.chain(start, u64::MAX).ok_or_else(looping)?;
        file.directory = chain
            .iter()
            .flat_map(|&at| bytes[at..at + sector].chunks_exact(128))
            .collect();
        // calamine reads every entry's size into a usize (32 bits in wasm).
        if file
            .directory
            .iter()
            .any(|e| u64_at(e, 120).unwrap_or(0) > u64::from(u32::MAX))
        {
            return Err(damaged("its directory declares a stream of over 4 GB"));
        }
        let mini_fat_sectors = u64::from(u32_at(bytes, 0x40).unwrap_or(0));
        if mini_fat_sectors > 0 {
            let root = file.directory.first().ok_or_else(looping)?;
            let root_len = file.entry_len(root);
            let stream = file
                .chain(u32_at(root, 116).unwrap_or(END_OF_CHAIN), root_len)
                .ok_or_else(looping)?;
            let stream_len = root_len.min((stream.len() * sector) as u64);
            let fat_chain = file
                .chain(
                    u32_at(bytes, 0x3C).unwrap_or(END_OF_CHAIN),
                    mini_fat_sectors.saturating_mul(sector as u64),
                )
                .ok_or_else(looping)?;
            let mini_fat = fat_chain
                .iter()
                .flat_map(|&at| words(&bytes[at..at + sector]))
                .take((mini_fat_sectors as usize).saturating_mul(sector / 4))
                .collect();
            file.mini = Some((stream, stream_len, mini_fat));
        }
        Ok(file)
    }

    /// A sector's entries, as u32s; none for a sector outside the file.
    fn entries(&self, id: u32) -> Option<Vec<u32>> {
        let at = self.sector_offset(id)?;
        Some(words(&self.bytes[at..at + self.sector]).collect())
    }

    fn sector_offset(&self, id: u32) -> Option<usize> {
        ((id as usize) < self.sectors).then(|| (id as usize + 1) * self.sector)
    }

    /// A directory entry's stream size: 32 bits in a version 3 file (the high half is not
    /// defined there), 64 in version 4.
    fn entry_len(&self, entry: &[u8]) -> u64 {
        if self.sector == 512 {
            u64::from(u32_at(entry, 120).unwrap_or(0))
        } else {
            u64_at(entry, 120).unwrap_or(0)
        }
    }

    /// The file offsets of a chain's sectors, as calamine follows it: until its end, or until
    /// it holds `len` bytes. None when it loops or leaves the file (calamine would loop
    /// until memory ran out, or index past its tables).
    fn chain(&self, start: u32, len: u64) -> Option<Vec<usize>> {
        let mut out = Vec::new();
        let mut id = start;
        while id != END_OF_CHAIN {
            if out.len() >= self.sectors {
                return None;
            }
            out.push(self.sector_offset(id)?);
            if (out.len() * self.sector) as u64 >= len {
                break;
            }
            id = *self.fat.get(id as usize)?;
        }
        Some(out)
    }

    /// The workbook stream, found by the names calamine tries, in its order.
    fn workbook_stream(&self) -> Result<Option<Stream>> {
        let name = |entry: &[u8]| -> String {
            let units: Vec<u16> = entry[..64]
                .chunks_exact(2)
                .map(|b| u16::from_le_bytes([b[0], b[1]]))
                .take_while(|&u| u != 0)
                .collect();
            String::from_utf16_lossy(&units)
        };
        let found = ["Workbook", "Book", "WORKBOOK", "BOOK"]
            .iter()
            .find_map(|wanted| self.directory.iter().find(|e| name(e) == *wanted));
        let Some(entry) = found else {
            return Ok(None);
        };
        let len = self.entry_len(entry);
        let start = u32_at(entry, 116).unwrap_or(END_OF_CHAIN);
        let broken = || damaged("its workbook stream's sectors loop or point outside the file");
        if len < MINI_CUTOFF {
            let Some((stream, stream_len, mini_fat)) = &self.mini else {
                return Err(broken());
            };
            // Mini sectors within the mini stream (calamine reads past it from wherever the
            // file was left, which no real file asks for).
            let count = (*stream_len as usize) / MINI;
            let mut chunks = Vec::new();
            let mut id = start;
            while id != END_OF_CHAIN {
                if (id as usize) >= count || chunks.len() >= count {
                    return Err(broken());
                }
                let at = id as usize * MINI;
                chunks.push(stream[at / self.sector] + at % self.sector);
                if (chunks.len() * MINI) as u64 >= len {
                    break;
                }
                id = *mini_fat.get(id as usize).ok_or_else(broken)?;
            }
            let len = (len as usize).min(chunks.len() * MINI);
            return Ok(Some(Stream {
                chunks,
                chunk: MINI,
                len,
            }));
        }
        let chunks = self.chain(start, len).ok_or_else(broken)?;
        let len = (len as usize).min(chunks.len() * self.sector);
        Ok(Some(Stream {
            chunks,
            chunk: self.sector,
            len,
        }))
    }
}

fn words(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    bytes
        .chunks_exact(4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// One BIFF record as calamine's iterator splits the stream: its type, its data, and where its
/// data starts. CONTINUE records after it are skipped as calamine merges them.
struct Record<'a> {
    kind: u16,
    data: &'a [u8],
    at: usize,
    /// The data of the CONTINUE records after it.
    more: Vec<&'a [u8]>,
}

/// The records from `at` to the first end-of-file record, or to where calamine's iterator would
/// stop with an error (which it then reports itself).
fn records(stream: &[u8], at: usize) -> impl Iterator<Item = Record<'_>> {
    let mut pos = at;
    std::iter::from_fn(move || {
        let head = stream.get(pos..pos + 4)?;
        let kind = u16::from_le_bytes([head[0], head[1]]);
        let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
        let data = stream.get(pos + 4..pos + 4 + len)?;
        let mut record = Record {
            kind,
            data,
            at: pos + 4,
            more: Vec::new(),
        };
        pos += 4 + len;
        while stream.len() > pos + 4 && u16_at(stream, pos) == Some(0x003C) {
            let len = usize::from(u16_at(stream, pos + 2).unwrap_or(0));
            if stream.len() < pos + 4 + len {
                pos = stream.len();
                break;
            }
            record.more.push(&stream[pos + 4..pos + 4 + len]);
            pos += 4 + len;
        }
        Some(record)
    })
    .take_while(|r| r.kind != 0x000A)
}

/// The records calamine reads at fixed offsets, their length checked; each sheet's extent
/// against the limit. Returns the places and lengths of the stream to blank: the DIMENSIONS
/// records that claim more cells than their sheet holds (their rows: calamine reads a claim
/// whose first and last rows are 0 as one cell), and the token lengths of formulas.
fn check_records(stream: &[u8]) -> Result<Vec<(usize, usize)>> {
    let short = |what: &str| damaged(&format!("its {what} record is cut short"));
    let mut sheets = Vec::new();
    let mut blank = Vec::new();
    // BIFF8 strings start with a flags byte; calamine takes the version from the last BOF.
    let mut biff8 = true;
    for r in records(stream, 0) {
        let need = match r.kind {
            // FilePass, CodePage, DateMode, BOF, ExternSheet: a u16 first.
            0x002F | 0x0042 | 0x0022 | 0x0809 | 0x0017 => 2,
            // BoundSheet8: the sheet's place, its state and its kind, then its name.
            0x0085 => 7,
            // Lbl: calamine reads the name's length at 3 and the formula's at 4 (blanked
            // below), the name from byte 14.
            0x0018 => {
                let name = r.data.get(3).map_or(0, |&n| usize::from(n));
                (14 + name + usize::from(biff8)).max(6)
            }
            _ => 0,
        };
        if r.kind == 0x0809 && r.data.len() >= 2 {
            let kind = u16_at(r.data, 2);
            biff8 = match u16_at(r.data, 0) {
                Some(0x0200 | 0x0002 | 0x0007 | 0x0300 | 0x0400 | 0x0500) => false,
                Some(0) => kind != Some(0x1000),
                _ => true,
            };
        }
        if r.data.len() < need {
            return Err(short(match r.kind {
                0x0085 => "sheet",
                0x0018 => "defined name",
                _ => "workbook",
            }));
        }
        if r.kind == 0x0018 {
            blank.push((r.at + 4, 2));
        }
        if r.kind == 0x00FC && !shared_strings_end(&r) {
            return Err(short("shared strings"));
        }
        if r.kind == 0x0085 {
            let place = u32_at(r.data, 0).unwrap_or(0) as usize;
            if place > stream.len() {
                return Err(damaged(
                    "a sheet's place is past the end of its workbook stream",
                ));
            }
            sheets.push((place, sheet_name(&r.data[6..], biff8)));
        }
    }
    for (place, name) in sheets {
        let mut extent = Extent::default();
        let mut cells = 0u64;
        let mut claims = Vec::new();
        for r in records(stream, place) {
            let d = r.data;
            let at = |i: usize| u32::from(u16_at(d, i).unwrap_or(0));
            match r.kind {
                0x0200 if d.len() == 14 || d.len() == 10 => claims.push((r.at, d.len())),
                // Formula: calamine checks 20 bytes, then reads the tokens' length after them.
                0x0006 if d.len() >= 20 => {
                    if d.len() < 22 {
                        return Err(short("formula"));
                    }
                    blank.push((r.at + 20, 2));
                    extent.add(at(0), at(2));
                    cells += 1;
                }
                // Number, Label, BoolErr, RK, LabelSst, Formula: a row and a column first
                // (calamine checks their lengths itself).
                0x0203 | 0x0204 | 0x0205 | 0x027E | 0x00FD if d.len() >= 4 => {
                    extent.add(at(0), at(2));
                    cells += 1;
                }
                // MulRk: a row, a first column, six bytes per cell, a last column. calamine
                // counts its cells as last - first + 1 in 16 bits, unchecked.
                0x00BD if d.len() >= 6 => {
                    let (first, last) = (at(2), at(d.len() - 2));
                    if last < first || last - first == 0xFFFF {
                        return Err(damaged(
                            "a record of several numbers has its last column before its first",
                        ));
                    }
                    let n = (d.len() - 6) / 6;
                    extent.add(at(0), first);
                    extent.add(at(0), first + n.saturating_sub(1) as u32);
                    cells += n as u64;
                }
                // MergeCells: a count, then eight bytes per merged area.
                0x00E5 => {
                    let count = usize::from(u16_at(d, 0).unwrap_or(0));
                    if d.len() < 2 + 8 * count {
                        return Err(short("merged cells"));
                    }
                }
                _ => {}
            }
        }
        extent.check(&name)?;
        for (at, len) in claims {
            if dimension_claim(&stream[at..at + len]).is_none_or(|claim| claim > 4 * cells + 4096) {
                blank.push((at, 8));
            }
        }
    }
    Ok(blank)
}

/// Whether calamine reads the shared strings (SST: two counts, then strings that may run on into
/// CONTINUE records) to their end or to an error of its own, rather than into a panic: a string
/// whose flags announce counts its record has no room for, or that runs on into an empty
/// CONTINUE record.
fn shared_strings_end(r: &Record) -> bool {
    let Some(mut data) = r.data.get(8..) else {
        return true;
    };
    let mut more = r.more.iter();
    loop {
        if data.is_empty() {
            match more.next() {
                Some(next) => {
                    data = next;
                    continue;
                }
                None => return true,
            }
        }
        if data.len() < 3 {
            return true;
        }
        let mut left = usize::from(u16::from_le_bytes([data[0], data[1]]));
        let flags = data[2];
        let mut wide = flags & 1 != 0;
        data = &data[3..];
        let mut runs = 0;
        if flags & 0x8 != 0 {
            let Some(n) = u16_at(data, 0) else {
                return false;
            };
            runs = usize::from(n) * 4;
            data = &data[2..];
        }
        let mut extra = 0;
        if flags & 0x4 != 0 {
            let Some(n) = u32_at(data, 0) else {
                return false;
            };
            extra = n as i32 as usize;
            data = &data[4..];
        }
        // The characters, one or two bytes each, running on with a flags byte of their own.
        while left > 0 {
            let (taken, bytes) = if wide {
                let n = (data.len() / 2).min(left);
                (n, 2 * n)
            } else {
                let n = data.len().min(left);
                (n, n)
            };
            data = &data[bytes..];
            left -= taken;
            if left > 0 {
                match more.next() {
                    Some([]) => return false,
                    Some(next) => {
                        wide = next[0] & 1 != 0;
                        data = &next[1..];
                    }
                    None => return true,
                }
            }
        }
        // The formatting runs and the phonetic block, skipped across records.
        for mut skip in [runs, extra] {
            while skip > 0 {
                if data.is_empty() {
                    match more.next() {
                        Some(next) => data = next,
                        None => return true,
                    }
                }
                let n = skip.min(data.len());
                data = &data[n..];
                skip -= n;
            }
        }
    }
}

/// A BoundSheet record's name (a ShortXLUnicodeString: its length, in BIFF8 a flags byte, then
/// one or two bytes a character), quoted, for messages.
fn sheet_name(d: &[u8], biff8: bool) -> String {
    let len = d.first().map_or(0, |&n| usize::from(n));
    let wide = biff8 && d.get(1).is_some_and(|f| f & 1 == 1);
    let body = d.get(1 + usize::from(biff8)..).unwrap_or_default();
    let name: String = if wide {
        let units: Vec<u16> = body
            .chunks_exact(2)
            .take(len)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        body.iter().take(len).map(|&b| char::from(b)).collect()
    };
    format!("{name:?}")
}

/// The cells a DIMENSIONS record makes calamine reserve, computed as calamine does (MS-XLS
/// 2.4.90: first row, last row + 1, first column, last column + 1); None where calamine's
/// arithmetic would overflow.
fn dimension_claim(d: &[u8]) -> Option<u64> {
    let (first_row, end_row, first_col, end_col) = if d.len() == 14 {
        (
            u32_at(d, 0)?,
            u32_at(d, 4)?,
            u32::from(u16_at(d, 8)?),
            u32::from(u16_at(d, 10)?),
        )
    } else {
        let w = |i| u16_at(d, i).map(u32::from);
        (w(0)?, w(2)?, w(4)?, w(6)?)
    };
    let first_col = if first_col > 0xFF || end_col < first_col {
        0
    } else {
        first_col
    };
    if end_row == 0 || end_col == 0 {
        return Some(1);
    }
    let rows = (end_row - 1).checked_sub(first_row)? as u64 + 1;
    let cols = (end_col - 1).checked_sub(first_col)? as u64 + 1;
    Some(rows * cols)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{read, ReadSettings};

    const BOOK: &[u8] = include_bytes!("../../../../tests/fixtures/files/customers.xls");

    /// The fixture with the data of each record of `kind` changed by `change` (in the file's
    /// bytes, through the workbook stream's sectors).
    fn changed(kind: u16, change: impl Fn(&mut Vec<u8>)) -> Vec<u8> {
        let file = Compound::open(BOOK, check_header(BOOK).unwrap()).unwrap();
        let stream = file.workbook_stream().unwrap().unwrap();
        let data = stream.read(BOOK);
        let mut sheets = vec![0];
        for r in records(&data, 0).filter(|r| r.kind == 0x0085) {
            sheets.push(u32_at(r.data, 0).unwrap() as usize);
        }
        let mut copy = BOOK.to_vec();
        let mut found = 0;
        for place in sheets {
            for r in records(&data, place).filter(|r| r.kind == kind) {
                let mut bytes = r.data.to_vec();
                change(&mut bytes);
                for (i, b) in bytes.into_iter().enumerate() {
                    copy[stream.file_offset(r.at + i)] = b;
                }
                found += 1;
            }
        }
        assert!(found > 0, "no record {kind:#06x} in the fixture");
        copy
    }

    fn cells(bytes: &[u8]) -> Result<Vec<Vec<String>>> {
        let t = read(bytes, &ReadSettings::default())?;
        Ok((0..t.rows())
            .map(|r| t.row(r).map(str::to_owned).collect())
            .collect())
    }

    /// Found by fuzzing: a DIMENSIONS record whose last row comes before its first made calamine
    /// reserve a wrapped-around number of cells, and the failed allocation aborted the process
    /// (natively too, where a panic is caught). A claim the sheet does not bear out is blanked in
    /// a copy, and the sheet reads the same.
    #[test]
    fn a_sheet_that_claims_more_cells_than_it_holds_reads_as_it_is() {
        let whole = cells(BOOK).unwrap();
        let inverted = changed(0x0200, |d| {
            d[0..4].copy_from_slice(&70_000u32.to_le_bytes());
            d[4..8].copy_from_slice(&5u32.to_le_bytes());
        });
        let huge = changed(0x0200, |d| {
            d[4..8].copy_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
            d[10..12].copy_from_slice(&0xFFFFu16.to_le_bytes());
        });
        for bytes in [inverted, huge] {
            assert_eq!(check(&bytes).unwrap().len(), bytes.len());
            assert!(matches!(check(&bytes).unwrap(), Cow::Owned(_)));
            assert_eq!(cells(&bytes).unwrap(), whole);
        }
        // The fixture's own claims are what its sheets hold: left as they are.
        let file = Compound::open(BOOK, check_header(BOOK).unwrap()).unwrap();
        let stream = file.workbook_stream().unwrap().unwrap();
        let blank = check_records(&stream.read(BOOK)).unwrap();
        assert!(blank.iter().all(|&(_, len)| len == 2), "{blank:?}");
    }

    /// calamine lays a sheet out as a grid from its first cell to its last: one number moved
    /// to the far corner of a small file asked for billions of cells.
    #[test]
    fn a_cell_far_from_the_others_is_refused_before_the_grid_is_laid_out() {
        let far = changed(0x0203, |d| {
            d[0..2].copy_from_slice(&60_000u16.to_le_bytes());
            d[2..4].copy_from_slice(&60_000u16.to_le_bytes());
        });
        let e = cells(&far).unwrap_err().to_string();
        assert!(
            e.contains("sheet \"Customers\" spans 60,001 rows by 60,001 columns")
                && e.contains("over the limit of 20,000,000 cells"),
            "{e}"
        );
    }

    /// calamine indexes a sheet's place and state in its BoundSheet record, and slices the
    /// stream from that place, without checking either.
    #[test]
    fn a_sheet_record_cut_short_or_pointing_past_the_stream_is_refused() {
        let past = changed(0x0085, |d| d[0..4].copy_from_slice(&u32::MAX.to_le_bytes()));
        let e = cells(&past).unwrap_err().to_string();
        assert!(e.contains("a sheet's place is past the end"), "{e}");
        // A record cut short: its length field says 3 bytes.
        let file = Compound::open(BOOK, check_header(BOOK).unwrap()).unwrap();
        let stream = file.workbook_stream().unwrap().unwrap();
        let data = stream.read(BOOK);
        let sheet = records(&data, 0).find(|r| r.kind == 0x0085).unwrap();
        let mut short = BOOK.to_vec();
        short[stream.file_offset(sheet.at - 2)] = 3;
        short[stream.file_offset(sheet.at - 1)] = 0;
        let e = cells(&short).unwrap_err().to_string();
        assert!(
            e.contains("an Excel .xls workbook") && e.contains("cut short"),
            "{e}"
        );
    }

    /// Found by fuzzing: a MulRk record (several numbers in a row) whose last column came before
    /// its first made calamine's count of its cells overflow (a panic, which ends the worker).
    #[test]
    fn a_row_of_numbers_whose_last_column_comes_before_its_first_is_refused() {
        let input =
            include_bytes!("../../../../fuzz/regressions/workbook/mulrk-columns-reversed.xls");
        let e = cells(input).unwrap_err().to_string();
        assert!(e.contains("its last column before its first"), "{e}");
    }

    /// calamine parses every formula's tokens into text, indexing them unchecked; Tribes reads
    /// only a formula's last value, so the tokens are blanked in a copy. The cells read are the
    /// ones calamine reads from the file as it is.
    #[test]
    fn formulas_keep_their_values_with_their_tokens_blanked() {
        use calamine::Reader as _;
        let book = include_bytes!("../../../../tests/fixtures/files/formulas.xls");
        let checked = check(book).unwrap();
        assert!(matches!(checked, Cow::Owned(_)));
        let range = |bytes: &[u8]| {
            let mut xls = calamine::Xls::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
            xls.worksheet_range("Orders").unwrap()
        };
        let (original, blanked) = (range(book), range(&checked));
        assert_eq!((original.height(), original.width()), (6, 4));
        assert!(original.cells().eq(blanked.cells()));
        let mut xls = calamine::Xls::new(std::io::Cursor::new(book.to_vec())).unwrap();
        let formulas = xls.worksheet_formula("Orders").unwrap();
        // The file has the tokens (calamine reads them back as text, if not quite as written).
        assert!(formulas
            .get_value((1, 2))
            .is_some_and(|f| f.starts_with("A2*B2+SUM(")));
        let first = &cells(book).unwrap()[0];
        assert_eq!(
            (&first[0], &first[1], &first[3]),
            (&"1".into(), &"2.5".into(), &"row 1".into())
        );
    }

    /// calamine reads a shared string's counts of formatting runs and phonetic bytes, and the
    /// flags byte of a string run on into a CONTINUE record, without checking there is room.
    #[test]
    fn shared_strings_that_would_make_calamine_panic_are_found() {
        let sst = |strings: &[u8], more: Vec<&'static [u8]>| {
            let mut data = vec![0u8; 8];
            data.extend_from_slice(strings);
            let data: &'static [u8] = Box::leak(data.into_boxed_slice());
            shared_strings_end(&Record {
                kind: 0x00FC,
                data,
                at: 0,
                more,
            })
        };
        // "ab", then "cd" with a run of formatting and "efg" running on into a CONTINUE record.
        assert!(sst(
            b"\x02\x00\x00ab\x02\x00\x08\x01\x00cd\x00\x00\x00\x00\x03\x00\x00e",
            vec![b"\x00fg"]
        ));
        // Flags announcing formatting runs, or a phonetic block, with no room for their count.
        assert!(!sst(b"\x01\x00\x08", vec![]));
        assert!(!sst(b"\x01\x00\x04\x00\x00", vec![]));
        // A string running on into an empty CONTINUE record.
        assert!(!sst(b"\x05\x00\x00ab", vec![b""]));
        // Cut short with no CONTINUE: calamine says so itself.
        assert!(sst(b"\x05\x00\x00ab", vec![]));
    }

    /// A workbook stream under 4,096 bytes lives in the compound file's mini stream: the checks
    /// follow it there as calamine does, and the sheet reads (a refusal here would turn away
    /// the small files that some writers make).
    #[test]
    fn a_workbook_kept_in_the_mini_stream_reads() {
        let tiny = include_bytes!("../../../../tests/fixtures/files/tiny.xls");
        let file = Compound::open(tiny, check_header(tiny).unwrap()).unwrap();
        let stream = file.workbook_stream().unwrap().unwrap();
        assert_eq!(stream.chunk, MINI);
        assert!(matches!(check(tiny).unwrap(), Cow::Borrowed(_)));
        assert_eq!(
            cells(tiny).unwrap(),
            [["basic", "12.5"], ["pro", "99"], ["basic", "7.25"]]
        );
        // Its mini FAT sending the stream past the mini stream is refused.
        let mut broken = tiny.to_vec();
        let mini_fat = 512 * 3;
        broken[mini_fat..mini_fat + 4].copy_from_slice(&500u32.to_le_bytes());
        let e = cells(&broken).unwrap_err().to_string();
        assert!(
            e.contains("workbook stream's sectors loop or point outside"),
            "{e}"
        );
    }

    #[test]
    fn dimension_claims_are_counted_as_calamine_counts_them() {
        let biff8 = |rf: u32, rl: u32, cf: u16, cl: u16| {
            let mut d = Vec::new();
            d.extend(rf.to_le_bytes());
            d.extend(rl.to_le_bytes());
            d.extend(cf.to_le_bytes());
            d.extend(cl.to_le_bytes());
            d.extend([0, 0]);
            dimension_claim(&d)
        };
        // Rows 0..=9 by columns 0..=6, as Excel writes a sheet of 10 rows and 7 columns.
        assert_eq!(biff8(0, 10, 0, 7), Some(70));
        assert_eq!(biff8(0, 0, 0, 0), Some(1));
        // A last row before the first, or a last column before the first: calamine overflows.
        assert_eq!(biff8(70_000, 5, 0, 7), None);
        assert_eq!(biff8(0, 10, 5, 5), None);
        // A first column past 255 counts from 0.
        assert_eq!(biff8(0, 1, 300, 4), Some(4));
    }
}
