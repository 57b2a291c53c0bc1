//! Inferring each column's kind, with the evidence.
//!
//! Each column is read once; every cell is tried as a number (in the file's number format), and,
//! while they can still win, as a yes/no word, a date and a band. A kind needs 95% of the present
//! cells; the rest are counted as `invalid`, treated as missing, and the first is named in the
//! evidence. Codes with leading zeros (ZIP 02134) stay text.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

use super::kind::{is_missing_trimmed, trim, ColumnSchema, DateFormat, Kind};
use super::purpose::{Lens, Role};
use super::role::detect_roles;
use crate::read::dates::{
    compact_parts, date_like_name, excel_serial_day, plausible_day, PLAUSIBLE_YEARS,
};
use crate::read::dialect::Dialect;
use crate::read::values::{
    date_parts, days_from_parts, iso_date, parse_band, parse_bool, parse_number_marked,
    quick_number, DateOrder, DateParts, NumberMarks, Quick,
};
use crate::read::{ColumnRef, Table};
use crate::util::hash::Fx;

/// Share of present cells a kind needs.
const KIND_SHARE: f64 = 0.95;
/// An ordinal column has at most this many bands.
const MAX_LEVELS: usize = 30;

type FxSet<'a> = HashSet<&'a str, BuildHasherDefault<Fx>>;

/// The first day an Excel serial number is taken for, 1920-01-01 (serial 7306): smaller numbers
/// in a column named like a date are more likely day counts or codes than dates a spreadsheet of
/// customers holds.
const FIRST_SERIAL_DAY: i64 = -18_263;

/// Infers the schema of every column.
pub fn infer(table: &Table) -> Vec<ColumnSchema> {
    let mut schema: Vec<ColumnSchema> = table
        .headers
        .iter()
        .enumerate()
        .map(|(c, name)| infer_column(name, table.column(c), &table.dialect, &table.record_of_row))
        .collect();
    let roles = detect_roles(table, &schema);
    for (s, d) in schema.iter_mut().zip(roles) {
        s.role = d.role;
        s.role_evidence = d.evidence;
        s.lens = d.lens;
    }
    schema
}

/// What one pass over a column counted.
struct Tally<'a> {
    present: usize,
    numbers: usize,
    /// Whether the column can still be numeric (numbers are no longer tried once it cannot).
    numbers_alive: bool,
    integers: usize,
    increasing: bool,
    last: i64,
    marks: NumberMarks,
    first_non_number: Option<(usize, &'a str)>,
    bools: Option<usize>,
    dates: Option<Vec<DateParts>>,
    /// `YYYYMMDD` cells, and their days outside the plausible years.
    compact: Option<usize>,
    compact_implausible: usize,
    /// Excel serial day numbers of plausible years, tried only in a column named like a date.
    serials: Option<usize>,
    bands: Option<usize>,
    leading_zero_codes: usize,
    digits_only: usize,
    words: usize,
    /// Bytes of the cells that are not numbers.
    chars: usize,
    /// Cells that are not numbers.
    text_cells: usize,
    /// Cells that are not numbers but carry a unit: a percent sign, a currency sign or code.
    units: usize,
    /// Cells that are not numbers and hold a list separator (`,` `;` `|`).
    separated: usize,
}

/// Distinct values: exactly, by string, while there are few (bands and yes/no need the values
/// themselves), then by a 64-bit hash of each string (two different values collide with odds of
/// about n² / 2^65: under one in ten million for a million values).
struct Distinct<'a> {
    small: Option<FxSet<'a>>,
    hashes: HashSet<u64, BuildHasherDefault<Mixed>>,
}

/// The values kept by string, at most.
const SMALL_DISTINCT: usize = 64;

impl<'a> Distinct<'a> {
    fn new() -> Self {
        Distinct {
            small: Some(FxSet::default()),
            hashes: HashSet::default(),
        }
    }

    /// Adds `v`; true if it was not seen before.
    fn insert(&mut self, v: &'a str) -> bool {
        if let Some(small) = &mut self.small {
            let new = small.insert(v);
            if small.len() > SMALL_DISTINCT {
                let small = self.small.take().unwrap_or_default();
                self.hashes.reserve(small.len() * 4);
                self.hashes.extend(small.iter().map(|v| hash(v)));
            }
            return new;
        }
        self.hashes.insert(hash(v))
    }

    fn len(&self) -> usize {
        self.small.as_ref().map_or(self.hashes.len(), HashSet::len)
    }

    /// The distinct values, when there were few enough to keep them.
    fn values(&self) -> Option<&FxSet<'a>> {
        self.small.as_ref()
    }
}

fn hash(v: &str) -> u64 {
    let mut h = Fx::default();
    h.write(v.as_bytes());
    // Fx leaves the low bits poorly mixed; the hash table indexes by them. murmur3's finalizer:
    let mut x = h.finish() ^ v.len() as u64;
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// A hasher for keys that are already well-mixed hashes.
#[derive(Default)]
struct Mixed(u64);

impl Hasher for Mixed {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

fn infer_column(
    name: &str,
    cells: ColumnRef,
    dialect: &Dialect,
    records: &[usize],
) -> ColumnSchema {
    let n = cells.len();
    let allowed = ((1.0 - KIND_SHARE) * n as f64).floor() as usize;
    let number = dialect.number;
    let decimal = number.decimal;
    let mut seen = Distinct::new();
    let mut examples = Vec::new();
    let date_name = date_like_name(name);
    let mut t = Tally {
        present: 0,
        numbers: 0,
        numbers_alive: true,
        integers: 0,
        increasing: true,
        last: i64::MIN,
        marks: NumberMarks::default(),
        first_non_number: None,
        bools: Some(0),
        dates: Some(Vec::new()),
        compact: Some(0),
        compact_implausible: 0,
        serials: date_name.then_some(0),
        bands: Some(0),
        leading_zero_codes: 0,
        digits_only: 0,
        words: 0,
        chars: 0,
        text_cells: 0,
        units: 0,
        separated: 0,
    };
    for (r, cell) in cells.iter().enumerate() {
        let v = trim(cell);
        if is_missing_trimmed(v) {
            continue;
        }
        t.present += 1;
        if seen.insert(v) && examples.len() < 5 {
            examples.push(v.to_owned());
        }
        let mut is_number = false;
        if t.numbers_alive {
            match quick_number(v, decimal) {
                Quick::Int(x) => {
                    is_number = true;
                    t.integers += 1;
                    t.increasing &= x > t.last;
                    t.last = x;
                    if x >= 0 && !v.starts_with('+') {
                        t.digits_only += 1;
                    }
                }
                Quick::Decimal => {
                    is_number = true;
                    t.increasing = false;
                }
                Quick::Code => {
                    t.digits_only += 1;
                    t.leading_zero_codes += 1;
                }
                Quick::Other => {
                    // Only cells with a digit can be numbers; most text has none.
                    if v.bytes().any(|b| b.is_ascii_digit()) {
                        if let Some((x, m)) = parse_number_marked(v, number) {
                            is_number = true;
                            if x.fract() == 0.0 && x.abs() < 9.0e15 {
                                t.integers += 1;
                                let x = x as i64;
                                t.increasing &= x > t.last;
                                t.last = x;
                            } else {
                                t.increasing = false;
                            }
                            t.marks.currency |= m.currency;
                            t.marks.percent |= m.percent;
                            t.marks.thousands |= m.thousands;
                            t.marks.parentheses |= m.parentheses;
                        }
                    }
                }
            }
            if is_number {
                t.numbers += 1;
            } else {
                if t.first_non_number.is_none() {
                    t.first_non_number = Some((r, v));
                }
                // A numeric column needs 95% of its cells: once that is out of reach, stop trying.
                if t.present - t.numbers > allowed {
                    t.numbers_alive = false;
                }
            }
        } else {
            // Still count digit-only cells: codes with leading zeros are decided on them.
            let b = v.as_bytes();
            if b.iter().all(u8::is_ascii_digit) {
                t.digits_only += 1;
                if b.len() > 1 && b[0] == b'0' {
                    t.leading_zero_codes += 1;
                }
            }
        }
        // The other parsers stop as soon as they cannot reach 95%.
        let tried = t.present;
        if let Some(k) = &mut t.bools {
            if parse_bool(v).is_some() {
                *k += 1;
            }
            if tried - *k > allowed || seen.len() > 2 * 8 {
                t.bools = None;
            }
        }
        if let Some(d) = &mut t.dates {
            if let Some(p) = date_parts(v) {
                d.push(p);
            }
            if tried - d.len() > allowed {
                t.dates = None;
            }
        }
        if let Some(k) = &mut t.compact {
            if let Some(day) = compact_parts(v).and_then(|p| days_from_parts(p, DateOrder::Compact))
            {
                *k += 1;
                t.compact_implausible += usize::from(!plausible_day(day));
            }
            if tried - *k > allowed {
                t.compact = None;
            }
        }
        if let Some(k) = &mut t.serials {
            if excel_serial_day(v).is_some_and(|d| d >= FIRST_SERIAL_DAY && plausible_day(d)) {
                *k += 1;
            }
            if tried - *k > allowed {
                t.serials = None;
            }
        }
        if let Some(k) = &mut t.bands {
            if parse_band(v).is_some() {
                *k += 1;
            }
            if tried - *k > allowed || seen.len() > MAX_LEVELS {
                t.bands = None;
            }
        }
        if !is_number {
            t.units += usize::from(has_unit(v));
            if cfg!(feature = "full-report") {
                t.separated +=
                    usize::from(memchr::memchr3(b',', b';', b'|', v.as_bytes()).is_some());
            }
            t.text_cells += 1;
            t.words += 1 + memchr::memchr_iter(b' ', v.as_bytes()).count();
            t.chars += v.len();
        }
    }
    let distinct = seen.len();
    let (mut kind, mut evidence, levels, date_format, invalid) =
        classify(name, &t, distinct, seen.values(), dialect, records);
    // Cells of text that split into items (tags): only tried on a column that is text of some
    // kind, and where a twentieth of the cells hold a separator. The embeddable build leaves the
    // detection out for its size (README, "Sizes"): there a list is a list only when the user
    // says so.
    let mut separator = None;
    if cfg!(feature = "full-report")
        && matches!(kind, Kind::Categorical | Kind::Text | Kind::Identifier)
        && t.separated >= 3
        && t.separated * 20 >= t.present
    {
        if let Some((sep, why)) = super::list::detect(cells) {
            kind = Kind::List;
            evidence = why;
            separator = Some(sep);
        }
    }
    ColumnSchema {
        name: name.to_owned(),
        kind,
        missing: n - t.present,
        invalid,
        distinct,
        examples,
        evidence,
        levels,
        date_format,
        separator,
        overridden: false,
        // Roles need every column's kind; `infer` sets them once all are known.
        role: Role::Feature,
        role_evidence: String::new(),
        lens: Lens::Behaviour,
    }
}

/// Currency codes a money column may write beside its numbers.
const CURRENCY_CODES: [&str; 16] = [
    "USD", "EUR", "GBP", "CHF", "JPY", "CAD", "AUD", "NZD", "SEK", "NOK", "DKK", "PLN", "CZK",
    "MXN", "BRL", "INR",
];

/// A number with a unit: a digit, and a percent sign, a currency sign or a currency code
/// (`12,5 %`, `EUR 12.50`, `12.50 USD`). Such a column measures something; it never identifies.
fn has_unit(v: &str) -> bool {
    v.bytes().any(|b| b.is_ascii_digit())
        && (v.contains(['%', '$', '€', '£', '¥', '₹', '₽', '₺', '₩'])
            || v.split(|c: char| !c.is_ascii_alphabetic())
                .any(|w| CURRENCY_CODES.contains(&w)))
}

fn id_like_name(name: &str) -> bool {
    let trimmed = name.trim();
    let n = trimmed.to_ascii_lowercase();
    n == "id"
        || n == "#"
        || n.ends_with("_id")
        || n.ends_with(" id")
        || n.ends_with("-id")
        || (trimmed.ends_with("Id") && trimmed.len() > 2)
        || trimmed.ends_with("ID")
        || n.ends_with("_key")
        || n == "key"
        || n.ends_with("uuid")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

type Classified = (Kind, String, Option<Vec<String>>, Option<DateFormat>, usize);

fn classify(
    name: &str,
    t: &Tally,
    distinct: usize,
    seen: Option<&FxSet>,
    dialect: &Dialect,
    records: &[usize],
) -> Classified {
    let n = t.present;
    if n == 0 {
        return (Kind::Text, "every value is missing".into(), None, None, 0);
    }
    let share = |k: usize| k as f64 >= KIND_SHARE * n as f64;
    let row_of = |r: usize| records.get(r).map_or(r + 1, |&x| x + 1);
    if let Some(k) = t.bools.filter(|&k| share(k)) {
        let values: HashSet<bool> = seen
            .into_iter()
            .flatten()
            .filter_map(|v| parse_bool(v))
            .collect();
        // A column of 1 and 0 is yes/no only with both (a column of 1 alone is a count).
        let digits = seen
            .into_iter()
            .flatten()
            .any(|v| v.bytes().all(|b| b.is_ascii_digit()));
        let both = values.len() == 2;
        if !values.is_empty() && (both || !digits) && seen.is_some_and(|s| s.len() <= 16) {
            return (
                Kind::Boolean,
                if digits {
                    format!("{k} of {n} values are 1 or 0 (yes or no)")
                } else {
                    format!("{k} of {n} values are yes/no words")
                },
                None,
                None,
                n - k,
            );
        }
    }
    if let Some(dated) = plain_number_dates(name, t, n) {
        return dated;
    }
    let codes = t.leading_zero_codes > 0 && t.digits_only * 10 >= n * 9;
    if share(t.numbers) && !codes {
        let invalid = n - t.numbers;
        let all_integers = t.integers == t.numbers;
        // A unit (a percent or currency sign) says the numbers measure something.
        let unit = t.marks.currency || t.marks.percent;
        if invalid == 0
            && all_integers
            && !unit
            && distinct == n
            && (id_like_name(name) || (n >= 10 && t.increasing))
        {
            let why = if id_like_name(name) {
                "are unique, and the name says id"
            } else {
                "increase row by row"
            };
            return (
                Kind::Identifier,
                format!("all {n} values are whole numbers that {why}"),
                None,
                None,
                0,
            );
        }
        let mut how = Vec::new();
        if t.marks.currency {
            how.push("currency signs");
        }
        if t.marks.percent {
            how.push("percent signs");
        }
        if t.marks.thousands {
            how.push("thousands separators");
        }
        if t.marks.parentheses {
            how.push("negatives in parentheses");
        }
        if dialect.number.decimal == ',' {
            how.push("decimal comma");
        }
        let mut evidence = if invalid == 0 {
            format!("all {n} values are numbers")
        } else {
            format!("{} of {n} values are numbers", t.numbers)
        };
        if !how.is_empty() {
            evidence.push_str(&format!(" (read with {})", how.join(", ")));
        }
        if let Some((r, v)) = t.first_non_number.filter(|_| invalid > 0) {
            evidence.push_str(&format!(
                "; {} treated as missing, first at row {}: \"{v}\"",
                plural(
                    invalid,
                    "value that is not a number is",
                    "values that are not numbers are"
                ),
                row_of(r)
            ));
        }
        return (Kind::Numeric, evidence, None, None, invalid);
    }
    if let Some(parts) = t.dates.as_ref().filter(|d| share(d.len())) {
        let (format, why) = date_format(parts, dialect);
        let valid = parts
            .iter()
            .filter(|p| days_from_parts(**p, format.order()).is_some())
            .count();
        if share(valid) {
            let times = parts.iter().any(|p| p.has_time);
            let days: Vec<i64> = parts
                .iter()
                .filter_map(|p| days_from_parts(*p, format.order()))
                .collect();
            return (
                Kind::Date,
                format!(
                    "{valid} of {n} values are {} ({why}){}",
                    if times { "dates with times" } else { "dates" },
                    implausible_years(&days)
                ),
                None,
                Some(format),
                n - valid,
            );
        }
    }
    if let Some(k) = t.bands.filter(|&k| share(k) && distinct >= 2) {
        let mut levels: Vec<(&str, f64)> = seen
            .into_iter()
            .flatten()
            .filter_map(|v| parse_band(v).map(|lo| (*v, lo)))
            .collect();
        crate::util::order::sort_by(&mut levels, |a, b| a.1.total_cmp(&b.1).then(a.0.cmp(b.0)));
        let ranges = levels
            .iter()
            .filter(|(v, _)| v.contains(['-', '–', '+', '<', '>']))
            .count();
        if ranges > 0 {
            let names: Vec<String> = levels.iter().map(|(v, _)| (*v).to_owned()).collect();
            return (
                Kind::Ordinal,
                format!(
                    "{k} of {n} values are bands, ordered by their bounds: {}",
                    names.join(" < ")
                ),
                Some(names),
                None,
                n - k,
            );
        }
    }
    if codes {
        // Codes that repeat (ZIP codes, branch numbers) are categories; unique ones identify.
        let kind = if distinct * 2 <= n {
            Kind::Categorical
        } else {
            Kind::Identifier
        };
        return (
            kind,
            format!(
                "codes with leading zeros ({} of {n}) are kept as text; {distinct} distinct",
                t.leading_zero_codes
            ),
            None,
            None,
            0,
        );
    }
    let mean_words = t.words as f64 / t.text_cells.max(1) as f64;
    let mean_chars = t.chars as f64 / t.text_cells.max(1) as f64;
    // Values of several words that come back again and again are a picklist ("Closed - Not
    // Converted", "Information Technology and Services"), not free text: text rarely repeats.
    // A column named for notes stays text however often its notes repeat.
    let noted = {
        use super::lexicon::{phrase_in, NOTE_WORDS};
        phrase_in(&crate::util::words::words(name), NOTE_WORDS).is_some()
    };
    let picklist = !noted && distinct <= PICKLIST_VALUES && distinct * 5 <= n;
    if !picklist && (mean_words >= 3.0 || (mean_chars >= 25.0 && distinct * 2 > n)) {
        return (
            Kind::Text,
            format!("free text: {mean_words:.1} words per value on average, {distinct} distinct"),
            None,
            None,
            0,
        );
    }
    if n >= 10 && distinct * 10 >= n * 9 && t.units * 2 < t.text_cells {
        return (
            Kind::Identifier,
            format!("{distinct} distinct values in {n} rows: nearly every row has its own"),
            None,
            None,
            0,
        );
    }
    (
        Kind::Categorical,
        format!("{distinct} distinct values in {n} rows"),
        None,
        None,
        0,
    )
}

/// A column of words with at most this many values, each back five times on average, is a
/// category however many words its values have.
const PICKLIST_VALUES: usize = 30;

/// A column of plain numbers that are dates: `YYYYMMDD` when the name says date or every value is
/// a date between 1900 and 2100 (CDNOW's `19970101`), Excel's serial day numbers only when the
/// name says date (`45615` alone is as likely a price or a count).
fn plain_number_dates(name: &str, t: &Tally, n: usize) -> Option<Classified> {
    let share = |k: usize| k as f64 >= KIND_SHARE * n as f64;
    let named = date_like_name(name);
    if let Some(k) = t.compact.filter(|&k| share(k)) {
        let every_plausible = k == n && t.compact_implausible == 0 && !id_like_name(name);
        if named || every_plausible {
            let why = if named {
                "the name says date"
            } else {
                "every value is a date between 1900 and 2100"
            };
            let warning = if t.compact_implausible > 0 {
                format!(
                    "; {} outside {}-{}, read as written",
                    plural(t.compact_implausible, "has a year", "have years"),
                    PLAUSIBLE_YEARS.start(),
                    PLAUSIBLE_YEARS.end()
                )
            } else {
                String::new()
            };
            return Some((
                Kind::Date,
                format!("{k} of {n} values are dates written YYYYMMDD ({why}){warning}"),
                None,
                Some(DateFormat::Compact),
                n - k,
            ));
        }
    }
    if let Some(k) = t.serials.filter(|&k| share(k)) {
        return Some((
            Kind::Date,
            format!(
                "{k} of {n} values are Excel serial day numbers (the name says date; 45615 is \
                 2024-11-19)"
            ),
            None,
            Some(DateFormat::ExcelSerial),
            n - k,
        ));
    }
    None
}

/// The warning for dates outside the plausible years, which are read as written (a year `0001`
/// is year 1, never 2001): empty when there are none.
fn implausible_years(days: &[i64]) -> String {
    let outside: Vec<i64> = days
        .iter()
        .copied()
        .filter(|&d| !plausible_day(d))
        .collect();
    let Some(&first) = outside.first() else {
        return String::new();
    };
    format!(
        "; {} outside {}-{} (first {}), read as written",
        plural(outside.len(), "has a year", "have years"),
        PLAUSIBLE_YEARS.start(),
        PLAUSIBLE_YEARS.end(),
        iso_date(first)
    )
}

/// Decides the order of day and month for a column: year first when written so; otherwise a
/// first number above 12 means day first, a second above 12 means month first; if nothing
/// decides, day first in files with a decimal comma or semicolons (European exports), month first
/// otherwise.
fn date_format(parts: &[DateParts], dialect: &Dialect) -> (DateFormat, &'static str) {
    // A month written as a word fixes its date whatever the column's order: only dates written
    // with numbers decide it.
    let named = parts.iter().filter(|p| p.named.is_some()).count();
    if named * 2 > parts.len() {
        let written = parts.iter().find_map(|p| p.named);
        let format = match written {
            Some(DateOrder::YearMonthDay) => DateFormat::YearMonthDay,
            Some(DateOrder::MonthDayYear) => DateFormat::MonthDayYear,
            _ => DateFormat::DayMonthYear,
        };
        return (format, "the month is written as a word");
    }
    let numeric = || parts.iter().filter(|p| p.named.is_none());
    let year_first = numeric().filter(|p| p.year_first).count();
    if year_first * 2 > numeric().count() {
        return (DateFormat::YearMonthDay, "year first");
    }
    if numeric().any(|p| !p.year_first && p.a > 12) {
        return (
            DateFormat::DayMonthYear,
            "day first: a first number is above 12",
        );
    }
    if numeric().any(|p| !p.year_first && p.b > 12) {
        return (
            DateFormat::MonthDayYear,
            "month first: a second number is above 12",
        );
    }
    if dialect.number.decimal == ',' || dialect.delimiter == b';' {
        (
            DateFormat::DayMonthYear,
            "day first is assumed in a European-style file; nothing in the data decides",
        )
    } else {
        (
            DateFormat::MonthDayYear,
            "month first is assumed; nothing in the data decides",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::dialect::LineEnding;
    use crate::read::table::Cells;
    use crate::read::values::NumberFormat;

    fn dialect(decimal: char) -> Dialect {
        Dialect {
            delimiter: b',',
            quote: b'"',
            header: true,
            number: NumberFormat { decimal },
            line_ending: LineEnding::Lf,
            sep_line: 0,
        }
    }

    fn infer_cells(name: &str, cells: &[&str], decimal: char) -> ColumnSchema {
        let col = Cells::from_rows(1, cells.iter().map(|c| [*c]));
        let records: Vec<usize> = (0..cells.len()).collect();
        infer_column(name, col.column(0), &dialect(decimal), &records)
    }

    #[test]
    fn kinds_table() {
        let ids: Vec<String> = (1..=20).map(|i| i.to_string()).collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let shuffled = ["7", "3", "12", "1", "19", "5", "8", "2", "11", "4"];
        let twenty_with_typo: Vec<&str> =
            (0..20).map(|i| if i == 13 { "abc" } else { "5" }).collect();
        let cases: &[(&str, &[&str], char, Kind)] = &[
            ("spend", &["10", "NA", "20.5", "-3"], '.', Kind::Numeric),
            (
                "spend",
                &["$1,200.50", "$99", "($5.00)", "12%"],
                '.',
                Kind::Numeric,
            ),
            ("umsatz", &["1.234,5", "12,5", "-3"], ',', Kind::Numeric),
            ("spend", &twenty_with_typo, '.', Kind::Numeric),
            ("customer", &ids, '.', Kind::Identifier),
            ("customer_id", &shuffled, '.', Kind::Identifier),
            ("score", &shuffled, '.', Kind::Numeric),
            ("zip", &["02134", "10001", "02139"], '.', Kind::Identifier),
            (
                "zip",
                &["02134", "10001", "02134", "10001"],
                '.',
                Kind::Categorical,
            ),
            ("churned", &["yes", "no", "Yes", ""], '.', Kind::Boolean),
            (
                "signup",
                &["2024-01-03", "2023-12-31T10:00"],
                '.',
                Kind::Date,
            ),
            ("datum", &["31.12.2024", "01.02.2023"], ',', Kind::Date),
            (
                "employees",
                &["1-10", "11-50", "51-200", "1000+", "11-50"],
                '.',
                Kind::Ordinal,
            ),
            (
                "city",
                &["Boston", "Austin", "Boston", "Denver"],
                '.',
                Kind::Categorical,
            ),
            (
                "interests",
                &[
                    "hiking and trail running",
                    "free ebook downloads",
                    "yoga on weekends",
                ],
                '.',
                Kind::Text,
            ),
            ("empty", &["", "NA"], '.', Kind::Text),
        ];
        for (name, cells, decimal, want) in cases {
            let s = infer_cells(name, cells, *decimal);
            assert_eq!(s.kind, *want, "{name}: {}", s.evidence);
        }
    }

    /// A Salesforce lead's status ("Closed - Not Converted", four words) was read as free text,
    /// so a column the leads' groups were planted in never formed segments. Values of several
    /// words that come back again and again are a picklist; text that rarely repeats stays text.
    #[test]
    fn a_picklist_of_several_words_is_a_category() {
        let statuses = [
            "Open - Not Contacted",
            "Working - Contacted",
            "Closed - Converted",
            "Closed - Not Converted",
        ];
        let cells: Vec<&str> = (0..40).map(|i| statuses[i % 4]).collect();
        let s = infer_cells("Lead Status", &cells, '.');
        assert_eq!(s.kind, Kind::Categorical, "{}", s.evidence);
        // Named as notes, the same repeated values stay text.
        let s = infer_cells("Notes", &cells, '.');
        assert_eq!(s.kind, Kind::Text, "{}", s.evidence);
        let comments: Vec<String> = (0..40)
            .map(|i| format!("delivery took {i} days and the box was {}", i % 3))
            .collect();
        let cells: Vec<&str> = comments.iter().map(String::as_str).collect();
        let s = infer_cells("comment", &cells, '.');
        assert_eq!(s.kind, Kind::Text, "{}", s.evidence);
    }

    /// Every form of date a column can hold, with the format and the first day it reads.
    #[test]
    fn date_columns_table() {
        use crate::read::values::day_of;
        let cases: &[(&str, &[&str], DateFormat, &str)] = &[
            // Shopify's orders export.
            (
                "Created at",
                &["2024-11-19 02:00:00 -0500", "2024-11-20 17:45:10 -0500"],
                DateFormat::YearMonthDay,
                "2024-11-19",
            ),
            (
                "Paid at",
                &["2024-11-19T02:00:00+01:00", "2024-11-20T17:45:10Z"],
                DateFormat::YearMonthDay,
                "2024-11-19",
            ),
            // CDNOW: named like a date, or not.
            (
                "date",
                &["19970101", "19970102", "19970325"],
                DateFormat::Compact,
                "1997-01-01",
            ),
            (
                "column_2",
                &["19970101", "19970102", "19970325"],
                DateFormat::Compact,
                "1997-01-01",
            ),
            (
                "Order Date",
                &["45615", "45616.5", "45700"],
                DateFormat::ExcelSerial,
                "2024-11-19",
            ),
            (
                "joined",
                &["19 Nov 2024", "3 Dec 2024", "30 Jan 2025"],
                DateFormat::DayMonthYear,
                "2024-11-19",
            ),
            (
                "joined",
                &["Nov 19, 2024", "Dec 3, 2024"],
                DateFormat::MonthDayYear,
                "2024-11-19",
            ),
            (
                "Kunde seit",
                &["19. November 2024", "3. März 2025"],
                DateFormat::DayMonthYear,
                "2024-11-19",
            ),
            (
                "inscription",
                &["19 novembre 2024", "3 décembre 2024"],
                DateFormat::DayMonthYear,
                "2024-11-19",
            ),
            (
                "alta",
                &["19 de noviembre de 2024", "3 de diciembre de 2024"],
                DateFormat::DayMonthYear,
                "2024-11-19",
            ),
            (
                "first",
                &["0001-03-04", "0099-12-31", "2024-01-01"],
                DateFormat::YearMonthDay,
                "0001-03-04",
            ),
        ];
        for (name, cells, format, first) in cases {
            let s = infer_cells(name, cells, '.');
            assert_eq!(s.kind, Kind::Date, "{name} {cells:?}: {}", s.evidence);
            assert_eq!(s.date_format, Some(*format), "{name}: {}", s.evidence);
            assert_eq!(s.invalid, 0, "{name}: {}", s.evidence);
            let day = day_of(cells[0], format.order()).unwrap();
            assert_eq!(iso_date(day), *first, "{name}");
        }
        assert_eq!(
            FIRST_SERIAL_DAY,
            crate::read::dates::days_from_civil(1920, 1, 1),
            "1920-01-01"
        );
        assert_eq!(
            day_of("7306", DateOrder::ExcelSerial),
            Some(FIRST_SERIAL_DAY)
        );
    }

    #[test]
    fn plain_numbers_stay_numbers_unless_they_are_dates() {
        // Serial numbers need a name that says date; eight digits that are not all dates, or an
        // id column's, stay numbers; a count of days is not a date.
        for (name, cells, want) in [
            ("price", &["45615", "45616", "45700"][..], Kind::Numeric),
            (
                "days_since_signup",
                &["45615", "45616", "45700"],
                Kind::Numeric,
            ),
            ("amount", &["19970101", "19971301", "12"], Kind::Numeric),
            (
                "customer_id",
                &["19970101", "19970102", "19970325"],
                Kind::Identifier,
            ),
            ("Order Date", &["3", "7", "12"], Kind::Numeric),
            ("Order Date", &["7305", "45616"], Kind::Numeric),
        ] {
            let s = infer_cells(name, cells, '.');
            assert_eq!(s.kind, want, "{name}: {}", s.evidence);
        }
    }

    /// Yes/no columns in four languages and as 1/0, and numbers with units, which never identify.
    #[test]
    fn cells_table() {
        let pct: Vec<String> = (1..=12).map(|i| format!("{i}%")).collect();
        let pct: Vec<&str> = pct.iter().map(String::as_str).collect();
        let pct_comma: Vec<String> = (1..=12).map(|i| format!("{i},5 %")).collect();
        let pct_comma: Vec<&str> = pct_comma.iter().map(String::as_str).collect();
        let eur: Vec<String> = (1..=12).map(|i| format!("EUR {i}.5x")).collect();
        let eur: Vec<&str> = eur.iter().map(String::as_str).collect();
        let dollars: Vec<String> = (1..=12).map(|i| format!("${i}")).collect();
        let dollars: Vec<&str> = dollars.iter().map(String::as_str).collect();
        let ids: Vec<String> = (1..=12).map(|i| format!("{i}")).collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let cases: &[(&str, &[&str], Kind)] = &[
            ("senior_citizen", &["0", "1", "0", "0", "1"], Kind::Boolean),
            ("churned", &["true", "false", "TRUE"], Kind::Boolean),
            ("aktiv", &["ja", "nein", "Ja"], Kind::Boolean),
            ("abonniert", &["wahr", "falsch"], Kind::Boolean),
            ("actif", &["oui", "non", "vrai", "faux"], Kind::Boolean),
            ("activo", &["sí", "no", "si"], Kind::Boolean),
            // 1 alone is a count, and 0/1/2 a number.
            ("orders", &["1", "1", "1"], Kind::Numeric),
            ("children", &["0", "1", "2", "1"], Kind::Numeric),
            // Units: never an identifier, though unique and increasing.
            ("discount", &pct, Kind::Numeric),
            ("spend", &dollars, Kind::Numeric),
            ("rate", &pct_comma, Kind::Categorical),
            ("price", &eur, Kind::Categorical),
            ("row", &ids, Kind::Identifier),
        ];
        for (name, cells, want) in cases {
            let s = infer_cells(name, cells, '.');
            assert_eq!(s.kind, *want, "{name} {cells:?}: {}", s.evidence);
        }
    }

    #[test]
    fn implausible_years_are_read_as_written_and_warned_about() {
        let s = infer_cells("first", &["0001-03-04", "0099-12-31", "2024-01-01"], '.');
        assert!(
            s.evidence
                .ends_with("; 2 have years outside 1900-2100 (first 0001-03-04), read as written"),
            "{}",
            s.evidence
        );
        let s = infer_cells("date", &["00010304", "19970101"], '.');
        assert_eq!(s.kind, Kind::Date, "{}", s.evidence);
        assert!(
            s.evidence.contains("1 has a year outside 1900-2100"),
            "{}",
            s.evidence
        );
        // Unnamed, an implausible year keeps eight digits a number.
        let s = infer_cells("code", &["00010304", "19970101"], '.');
        assert_ne!(s.kind, Kind::Date, "{}", s.evidence);
    }

    #[test]
    fn evidence_names_the_first_invalid_cell() {
        let cells: Vec<&str> = (0..20).map(|i| if i == 13 { "abc" } else { "5" }).collect();
        let s = infer_cells("spend", &cells, '.');
        assert_eq!(s.invalid, 1);
        assert!(s.evidence.contains("row 14: \"abc\""), "{}", s.evidence);
    }

    #[test]
    fn ordinal_levels_are_ordered_by_bounds() {
        let s = infer_cells(
            "employees",
            &["51-200", "1-10", "1000+", "11-50", "201-1000"],
            '.',
        );
        assert_eq!(
            s.levels.unwrap(),
            ["1-10", "11-50", "51-200", "201-1000", "1000+"]
        );
    }

    #[test]
    fn date_order_is_decided_per_column() {
        let s = infer_cells("d", &["03/04/2024", "13/04/2024"], '.');
        assert_eq!(s.date_format, Some(DateFormat::DayMonthYear));
        let s = infer_cells("d", &["03/04/2024", "04/13/2024"], '.');
        assert_eq!(s.date_format, Some(DateFormat::MonthDayYear));
        let s = infer_cells("d", &["03/04/2024"], '.');
        assert_eq!(s.date_format, Some(DateFormat::MonthDayYear));
        let s = infer_cells("d", &["03.04.2024"], ',');
        assert_eq!(s.date_format, Some(DateFormat::DayMonthYear));
    }

    #[test]
    fn counts_missing_distinct_and_examples() {
        let c = infer_cells("x", &["a", "", "b", "a", "NA"], '.');
        assert_eq!((c.missing, c.distinct), (2, 2));
        assert_eq!(c.examples, ["a", "b"]);
    }

    /// Lists are found by their values: items that recur and have no place of their own in the
    /// cell. Fields of fixed parts, sentences and numbers with commas stay what they were.
    #[test]
    fn list_columns_table() {
        // Cycles through `values` to make `n` cells.
        fn cycle(values: &[&'static str], n: usize) -> Vec<&'static str> {
            values.iter().copied().cycle().take(n).collect()
        }
        let shopify = cycle(
            &[
                "VIP, newsletter",
                "",
                "newsletter",
                "VIP",
                "",
                "newsletter",
                "wholesale",
                "newsletter, wholesale",
                "Imported from Magento, VIP, newsletter",
                "",
                "newsletter, VIP",
                "Imported from Magento",
            ],
            120,
        );
        let mailchimp = cycle(
            &[
                "\"VIP\",\"Wholesale\"",
                "\"VIP\"",
                "",
                "\"Blog\"",
                "\"Blog\",\"Webinar 2023\"",
                "\"Wholesale\"",
                "\"Webinar 2023\"",
            ],
            70,
        );
        let hubspot = cycle(
            &[
                "Email;Webinar",
                "Email",
                "Phone",
                "Webinar;Phone;Email",
                "",
                "Webinar",
                "Email;Phone",
            ],
            70,
        );
        let pipes = cycle(
            &["sports|travel", "music", "travel", "music|sports", "sports"],
            50,
        );
        let cities = cycle(
            &[
                "Boston, MA",
                "Austin, TX",
                "Denver, CO",
                "Cambridge, MA",
                "Dallas, TX",
                "Boulder, CO",
                "Boston, MA",
            ],
            70,
        );
        let people = cycle(
            &[
                "Smith, John",
                "Doe, Jane",
                "Smith, Anna",
                "Brown, John",
                "Doe, Peter",
                "Brown, Jane",
                "Lee, Anna",
                "Lee, Peter",
            ],
            80,
        );
        let addresses: Vec<String> = (0..60)
            .map(|i| {
                format!(
                    "{} {} Street, {}, {}",
                    10 + i * 7,
                    ["Main", "High", "King", "Oak"][i % 4],
                    ["Springfield", "Riverside", "Franklin"][i % 3],
                    ["IL", "OH", "MA"][i % 3]
                )
            })
            .collect();
        let addresses: Vec<&str> = addresses.iter().map(String::as_str).collect();
        let sentences: Vec<String> = (0..60)
            .map(|i| {
                format!(
                    "Called on day {i}, asked about the {} plan, will call back",
                    ["pro", "basic"][i % 2]
                )
            })
            .collect();
        let sentences: Vec<&str> = sentences.iter().map(String::as_str).collect();
        let thousands = cycle(&["1,200", "12,500", "3,400", "950", "2,000,000"], 50);
        let decimal_comma = cycle(&["12,5", "3,25", "7", "0,5", "12,5 kg"], 50);
        let industries = cycle(
            &[
                "Food, Beverage & Tobacco",
                "Software",
                "Retail",
                "Software",
                "Health",
            ],
            50,
        );
        let cases: &[(&str, &[&str], Option<char>, Kind)] = &[
            ("Tags", &shopify, Some(','), Kind::List),
            ("TAGS", &mailchimp, Some(','), Kind::List),
            ("Preferred channels", &hubspot, Some(';'), Kind::List),
            ("interests", &pipes, Some('|'), Kind::List),
            ("Location", &cities, None, Kind::Categorical),
            ("Contact", &people, None, Kind::Categorical),
            ("Mailing address", &addresses, None, Kind::Text),
            ("Notes", &sentences, None, Kind::Text),
            ("Revenue", &thousands, None, Kind::Numeric),
            ("Weight", &decimal_comma, None, Kind::Categorical),
            ("Industry", &industries, None, Kind::Categorical),
        ];
        for (name, cells, separator, want) in cases {
            let s = infer_cells(name, cells, '.');
            assert_eq!(s.kind, *want, "{name}: {}", s.evidence);
            assert_eq!(s.separator, *separator, "{name}: {}", s.evidence);
        }
        let s = infer_cells("Tags", &shopify, '.');
        assert_eq!(
            s.evidence,
            "a list of items separated by \",\": 4 distinct items in 8 distinct values; 40 of 90 \
             values hold several; a blank cell holds none"
        );
    }

    #[test]
    fn kind_names_round_trip() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
        }
        assert_eq!(Kind::parse("Numeric"), Some(Kind::Numeric));
        assert_eq!(Kind::parse("money"), None);
    }
}
