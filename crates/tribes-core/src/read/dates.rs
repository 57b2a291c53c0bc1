//! Reading one cell as a date: the forms exports write dates in.
//!
//! - Numbers with separators: `2024-11-19`, `19/11/2024`, `11/19/24`, `19.11.2024`, with or
//!   without a time (`T` or a space between them), and the time with or without a zone
//!   (`Z`, `+01:00`, `-0500`, `UTC`, `GMT-0700 (PDT)`) or AM/PM. The order of day and month is
//!   decided per column (`DateOrder`), not per cell.
//! - Month names in English, German, French and Spanish, full or abbreviated, with or without a
//!   dot: `19 Nov 2024`, `Nov 19, 2024`, `19. November 2024`, `19 novembre 2024`,
//!   `19 de noviembre de 2024`, `Tue, 19 Nov 2024 02:00:00 -0500`, `März` or `Maerz`.
//! - `YYYYMMDD` (`19970101`) and Excel's serial day numbers (`45615`), which are also plain
//!   numbers: the schema reads a column so only when its name says date or, for `YYYYMMDD`,
//!   when every value is a date between 1900 and 2100 (`schema::infer`).
//!
//! A date's day is the calendar date as written. A zone offset is accepted and not applied:
//! `2024-11-19 21:00:00 -0500` is the 19th, the day the shop's customer and the marketer reading
//! the export both see, though it was already the 20th in UTC. Converting every date to UTC
//! would move evening orders of a shop west of Greenwich to the next day and make recency
//! disagree with the export by one day; counting days between dates in one zone is what recency
//! and tenure need.
//!
//! Years are read as written when they have four digits (`0001` is year 1, `0099` year 99); only a
//! two-digit year is pivoted (00-69 are 2000-2069, 70-99 are 1970-1999, as POSIX strptime `%y`).
//! The schema warns about years before 1900 or after 2100.

/// How a column writes its dates: the order of day, month and year in dates written with
/// numbers and separators, or one of the two forms that are plain numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// 2024-12-31, 2024/12/31
    YearMonthDay,
    /// 31/12/2024, 31.12.2024
    DayMonthYear,
    /// 12/31/2024
    MonthDayYear,
    /// 20241231
    Compact,
    /// Excel's serial day number: 45657 is 2024-12-31.
    ExcelSerial,
}

/// The three orders of dates written with separators.
pub const SEPARATED_ORDERS: [DateOrder; 3] = [
    DateOrder::YearMonthDay,
    DateOrder::DayMonthYear,
    DateOrder::MonthDayYear,
];

/// A date's three numbers as written, before the order is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateParts {
    pub a: u32,
    pub b: u32,
    pub c: u32,
    /// The first number has four digits (year first).
    pub year_first: bool,
    /// A time of day follows the date.
    pub has_time: bool,
    /// The year was written with two digits (`24`).
    pub short_year: bool,
    /// The month was written as a word: `a`, `b`, `c` are then year, month and day whatever
    /// the column's order, and this is the order they were written in.
    pub named: Option<DateOrder>,
}

/// The days of a cell read as a date of a column written in `order`, since 1970-01-01.
pub fn day_of(cell: &str, order: DateOrder) -> Option<i64> {
    match order {
        DateOrder::Compact => compact_parts(cell).and_then(|p| days_from_parts(p, order)),
        DateOrder::ExcelSerial => excel_serial_day(cell),
        _ => date_parts(cell).and_then(|p| days_from_parts(p, order)),
    }
}

/// Splits a date written with separators or with a month name into its numbers, checking the
/// time if there is one. `YYYYMMDD` and serial numbers are not read here (see `compact_parts`
/// and `excel_serial_day`): alone, they are numbers.
pub fn date_parts(cell: &str) -> Option<DateParts> {
    let t = cell.trim();
    if t.len() < 6 || t.len() > 64 {
        return None;
    }
    if t.as_bytes()[0].is_ascii_digit() {
        if let Some(p) = numeric_date(t) {
            return Some(p);
        }
    }
    named_date(t)
}

/// `2024-12-31`, `31/12/2024`, `12/31/24`, `31.12.2024 14:05`, `2024-11-19T02:00:00+01:00`.
fn numeric_date(t: &str) -> Option<DateParts> {
    let (date, time) = match t.find(['T', ' ']) {
        Some(i) => (&t[..i], Some(t[i + 1..].trim())),
        None => (t, None),
    };
    let sep = date.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
    let mut it = date.split(sep);
    let (x, y, z) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() {
        return None;
    }
    let num = |s: &str, lens: &[usize]| -> Option<u32> {
        (lens.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())?
    };
    let year_first = x.len() == 4;
    let (a, b, c) = if year_first {
        (num(x, &[4])?, num(y, &[1, 2])?, num(z, &[1, 2])?)
    } else {
        (num(x, &[1, 2])?, num(y, &[1, 2])?, num(z, &[2, 4])?)
    };
    if year_first && sep == '.' {
        return None;
    }
    if time.is_some_and(|time| !valid_time(time)) {
        return None;
    }
    let parts = DateParts {
        a,
        b,
        c,
        year_first,
        has_time: time.is_some(),
        short_year: !year_first && z.len() == 2,
        named: None,
    };
    // At least one order must give a real calendar date.
    SEPARATED_ORDERS
        .iter()
        .any(|&o| days_from_parts(parts, o).is_some())
        .then_some(parts)
}

/// Month names and their usual abbreviations in English, German, French and Spanish, lower case
/// and without accents' alternatives spelt out (`märz` and `maerz`, `août` and `aout`).
const MONTHS: &[(&str, u32)] = &[
    ("jan", 1),
    ("january", 1),
    ("januar", 1),
    ("jänner", 1),
    ("jaenner", 1),
    ("janv", 1),
    ("janvier", 1),
    ("ene", 1),
    ("enero", 1),
    ("feb", 2),
    ("february", 2),
    ("februar", 2),
    ("feber", 2),
    ("fév", 2),
    ("fev", 2),
    ("févr", 2),
    ("fevr", 2),
    ("février", 2),
    ("fevrier", 2),
    ("febrero", 2),
    ("mar", 3),
    ("march", 3),
    ("mär", 3),
    ("mrz", 3),
    ("märz", 3),
    ("maerz", 3),
    ("mars", 3),
    ("marzo", 3),
    ("apr", 4),
    ("april", 4),
    ("avr", 4),
    ("avril", 4),
    ("abr", 4),
    ("abril", 4),
    ("may", 5),
    ("mai", 5),
    ("mayo", 5),
    ("jun", 6),
    ("june", 6),
    ("juni", 6),
    ("juin", 6),
    ("junio", 6),
    ("jul", 7),
    ("july", 7),
    ("juli", 7),
    ("juil", 7),
    ("juillet", 7),
    ("julio", 7),
    ("aug", 8),
    ("august", 8),
    ("août", 8),
    ("aout", 8),
    ("ago", 8),
    ("agosto", 8),
    ("sep", 9),
    ("sept", 9),
    ("september", 9),
    ("septembre", 9),
    ("septiembre", 9),
    ("setiembre", 9),
    ("oct", 10),
    ("october", 10),
    ("okt", 10),
    ("oktober", 10),
    ("octobre", 10),
    ("octubre", 10),
    ("nov", 11),
    ("november", 11),
    ("novembre", 11),
    ("noviembre", 11),
    ("dec", 12),
    ("december", 12),
    ("dez", 12),
    ("dezember", 12),
    ("déc", 12),
    ("décembre", 12),
    ("decembre", 12),
    ("dic", 12),
    ("diciembre", 12),
];

/// Words a date written out may hold besides its day, month and year: weekdays (English,
/// German, French, Spanish, full and abbreviated) and the small words between the parts
/// (`19 de noviembre de 2024`, `Nov 19, 2024 at 2:00 PM`).
const FILLERS: &[&str] = &[
    "mon",
    "monday",
    "tue",
    "tues",
    "tuesday",
    "wed",
    "wednesday",
    "thu",
    "thur",
    "thurs",
    "thursday",
    "fri",
    "friday",
    "sat",
    "saturday",
    "sun",
    "sunday",
    "mo",
    "montag",
    "di",
    "dienstag",
    "mi",
    "mittwoch",
    "do",
    "donnerstag",
    "fr",
    "freitag",
    "sa",
    "samstag",
    "so",
    "sonntag",
    "lun",
    "lundi",
    "mardi",
    "mer",
    "mercredi",
    "jeu",
    "jeudi",
    "ven",
    "vendredi",
    "sam",
    "samedi",
    "dim",
    "dimanche",
    "lunes",
    "martes",
    "mié",
    "miércoles",
    "miercoles",
    "jue",
    "jueves",
    "vie",
    "viernes",
    "sáb",
    "sábado",
    "sabado",
    "dom",
    "domingo",
    "de",
    "del",
    "the",
    "of",
    "le",
];

/// Small words that may stand between the date and its time.
const TIME_FILLERS: &[&str] = &["at", "um", "à", "a", "las"];

fn month_of(word: &str) -> Option<u32> {
    MONTHS.iter().find(|(w, _)| *w == word).map(|&(_, m)| m)
}

/// A number token of a written-out date: digits, or a day with an ordinal suffix (`19th`,
/// `1st`, `1er`, `1º`). Returns the value and how many digits it had.
fn number_token(token: &str) -> Option<(u32, usize)> {
    let digits = token.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 4 {
        return None;
    }
    let suffix = &token[digits..];
    let ordinal = matches!(
        suffix,
        "" | "st" | "nd" | "rd" | "th" | "er" | "º" | "o" | "e"
    );
    if !ordinal || (!suffix.is_empty() && digits > 2) {
        return None;
    }
    Some((token[..digits].parse().ok()?, digits))
}

/// `19 Nov 2024`, `Nov 19, 2024`, `19. November 2024`, `19 novembre 2024`,
/// `19 de noviembre de 2024`, `19-Nov-24`, `Tue, 19 Nov 2024 02:00:00 -0500`.
fn named_date(t: &str) -> Option<DateParts> {
    if !t.bytes().any(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    // The time starts with the word holding the first colon.
    let (date, time) = match t.find(':') {
        Some(colon) => {
            let start = t[..colon]
                .char_indices()
                .rfind(|&(_, c)| c.is_whitespace() || c == ',')
                .map_or(0, |(i, c)| i + c.len_utf8());
            (&t[..start], Some(&t[start..]))
        }
        None => (t, None),
    };
    let mut month = None;
    let mut numbers: [(u32, usize); 2] = [(0, 0); 2];
    let mut count = 0;
    // Where the month stands among the three parts: 0, 1 or 2.
    let mut month_at = 0;
    let lower = date.to_lowercase();
    let tokens = lower
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | '-' | '/'))
        .filter(|w| !w.is_empty());
    for token in tokens {
        if let Some(n) = number_token(token) {
            if count == 2 {
                return None;
            }
            numbers[count] = n;
            count += 1;
        } else if let Some(m) = month_of(token) {
            if month.is_some() {
                return None;
            }
            month = Some(m);
            month_at = count;
        } else if FILLERS.contains(&token) || (time.is_some() && TIME_FILLERS.contains(&token)) {
            continue;
        } else {
            return None;
        }
    }
    let month = month?;
    if count != 2 {
        return None;
    }
    let [(n1, d1), (n2, d2)] = numbers;
    let year_len = |d: usize| d == 4 || d == 2;
    let (year, day, year_digits, written) = match month_at {
        // Nov 19, 2024
        0 if d1 <= 2 && year_len(d2) => (n2, n1, d2, DateOrder::MonthDayYear),
        // 2024 Nov 19
        1 if d1 == 4 && d2 <= 2 => (n1, n2, d1, DateOrder::YearMonthDay),
        // 19 Nov 2024
        1 if d1 <= 2 && year_len(d2) => (n2, n1, d2, DateOrder::DayMonthYear),
        _ => return None,
    };
    if time.is_some_and(|time| !valid_time(time.trim())) {
        return None;
    }
    let parts = DateParts {
        a: year,
        b: month,
        c: day,
        year_first: written == DateOrder::YearMonthDay,
        has_time: time.is_some(),
        short_year: year_digits == 2,
        named: Some(written),
    };
    days_from_parts(parts, written).map(|_| parts)
}

/// `HH:MM[:SS[.fff]]`, with AM/PM or a zone: `Z`, `UTC`, `GMT`, `+01:00`, `-0500`, `+01`,
/// `GMT-0700 (PDT)`.
fn valid_time(t: &str) -> bool {
    let mut t = t.trim();
    // A zone's name in parentheses, as JavaScript's Date.toString writes it.
    if let Some(open) = t.rfind(" (").filter(|_| t.ends_with(')')) {
        t = t[..open].trim_end();
    }
    t = strip_zone_name(t);
    // An offset after the time (the time itself is at least `H:MM`).
    if let Some(i) = t.rfind(['+', '-']).filter(|&i| i >= 4) {
        if !valid_offset(&t[i + 1..]) {
            return false;
        }
        t = strip_zone_name(t[..i].trim_end());
    }
    let mut twelve_hour = false;
    for mark in ["AM", "PM", "am", "pm", "a.m.", "p.m."] {
        if let Some(rest) = t.strip_suffix(mark) {
            t = rest.trim_end();
            twelve_hour = true;
            break;
        }
    }
    let mut fields = t.split(':');
    let h = fields.next().and_then(|h| digits_value(h, 2));
    let m = fields.next().and_then(|m| digits_value(m, 2));
    let s = fields.next().map(|s| {
        let whole = s.split_once('.').map_or(s, |(whole, frac)| {
            if frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
                ""
            } else {
                whole
            }
        });
        digits_value(whole, 2)
    });
    let hours_ok = |h: u32| {
        if twelve_hour {
            (1..=12).contains(&h)
        } else {
            h < 24
        }
    };
    matches!((h, m), (Some(h), Some(m)) if hours_ok(h) && m < 60)
        && s.is_none_or(|s| s.is_some_and(|s| s < 61))
        && fields.next().is_none()
}

/// The time without a zone's name at its end (`Z`, `UTC`, `GMT`).
fn strip_zone_name(t: &str) -> &str {
    for name in ["Z", "z", "UTC", "GMT"] {
        if let Some(rest) = t.strip_suffix(name) {
            return rest.trim_end();
        }
    }
    t
}

/// `05`, `0500`, `05:00`: a zone offset of at most 14 hours.
fn valid_offset(t: &str) -> bool {
    if !t.is_ascii() {
        return false;
    }
    let (h, m) = match t.len() {
        1 | 2 => (t, "0"),
        4 => (&t[..2], &t[2..]),
        5 if t.as_bytes()[2] == b':' => (&t[..2], &t[3..]),
        _ => return false,
    };
    matches!((digits_value(h, 2), digits_value(m, 2)), (Some(h), Some(m)) if h <= 14 && m < 60)
}

/// The value of 1 to `max` ASCII digits.
fn digits_value(s: &str, max: usize) -> Option<u32> {
    (!s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())?
}

/// `YYYYMMDD`: eight digits that make a calendar date, as year-first parts.
pub fn compact_parts(cell: &str) -> Option<DateParts> {
    let t = cell.trim();
    let b = t.as_bytes();
    if b.len() != 8 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| t[r].parse::<u32>().ok();
    let parts = DateParts {
        a: n(0..4)?,
        b: n(4..6)?,
        c: n(6..8)?,
        year_first: true,
        has_time: false,
        short_year: false,
        named: None,
    };
    days_from_parts(parts, DateOrder::YearMonthDay).map(|_| parts)
}

/// Excel's serial day number (the whole part; a fraction is the time of day) as days since
/// 1970-01-01. Day 1 is 1900-01-01, and Excel counts a 29 February 1900 that never was (day
/// 60): from day 61 on, day n is n days after 1899-12-30.
pub fn excel_serial_day(cell: &str) -> Option<i64> {
    let t = cell.trim();
    let whole = t.split_once(['.', ',']).map_or(t, |(whole, frac)| {
        if frac.bytes().all(|b| b.is_ascii_digit()) {
            whole
        } else {
            ""
        }
    });
    if whole.is_empty() || whole.len() > 7 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i64 = whole.parse().ok()?;
    serial_to_days(n)
}

/// Days since 1970-01-01 of Excel's serial day `n` (1900 date system).
pub fn serial_to_days(n: i64) -> Option<i64> {
    match n {
        1..=59 => Some(days_from_civil(1899, 12, 31) + n),
        61..=2_958_465 => Some(days_from_civil(1899, 12, 30) + n),
        _ => None,
    }
}

/// Days since 1970-01-01 of a date read in `order`, or `None` if that is not a calendar date.
pub fn days_from_parts(p: DateParts, order: DateOrder) -> Option<i64> {
    let (y, m, d) = match order {
        _ if p.named.is_some() => (p.a, p.b, p.c),
        DateOrder::YearMonthDay | DateOrder::Compact if p.year_first => (p.a, p.b, p.c),
        DateOrder::DayMonthYear if !p.year_first => (p.c, p.b, p.a),
        DateOrder::MonthDayYear if !p.year_first => (p.c, p.a, p.b),
        _ => return None,
    };
    // Two-digit years: 00-69 are 2000-2069, 70-99 are 1970-1999 (as POSIX strptime %y). A year
    // written with four digits is that year, 0001 included.
    let y = match y {
        _ if !p.short_year => y,
        0..=69 => 2000 + y,
        _ => 1900 + y,
    };
    if y == 0 || !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    Some(days_from_civil(i64::from(y), m, d))
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Howard Hinnant's days_from_civil: days since 1970-01-01 in the proleptic Gregorian calendar.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Howard Hinnant's civil_from_days: the year, month and day of `days` since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m as u32, d as u32)
}

/// `days since 1970-01-01` as `YYYY-MM-DD`.
pub fn iso_date(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The years dates are expected in; a date outside them is read, and warned about.
pub const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i64> = 1900..=2100;

/// Whether `days` since 1970-01-01 fall in `PLAUSIBLE_YEARS`.
pub fn plausible_day(days: i64) -> bool {
    PLAUSIBLE_YEARS.contains(&civil_from_days(days).0)
}

/// Whether a column's name says it holds dates, in English, German, French or Spanish:
/// `Order Date`, `InvoiceDate`, `created_at`, `Updated on`, `Bestelldatum`, `Kunde seit`,
/// `date de commande`, `fecha de pedido`, `Member since`, `DOB`. A name that also counts
/// something (`days_since_signup`, `Anzahl Tage`, `birth_year`) does not: its numbers are
/// counts, not dates. Plain numbers (`19970101`, `45615`) are read as dates only in such a column
/// or when every value is a date.
pub fn date_like_name(name: &str) -> bool {
    let words = name_words(name);
    const COUNTS: &[&str] = &[
        "day", "days", "tag", "tage", "tagen", "jour", "jours", "dia", "dias", "día", "días",
        "year", "years", "jahr", "jahre", "année", "annee", "an", "ans", "año", "años", "month",
        "months", "monat", "monate", "mois", "mes", "meses", "week", "weeks", "hours", "count",
        "number", "num", "nb", "anzahl", "nombre", "numero", "número", "age", "alter", "edad",
        "id",
    ];
    const DATES: &[&str] = &[
        "date",
        "dates",
        "datetime",
        "timestamp",
        "dob",
        "birthday",
        "datum",
        "geburtstag",
        "zeitpunkt",
        "fecha",
        "since",
        "seit",
        "depuis",
        "desde",
    ];
    if words.iter().any(|w| COUNTS.contains(&w.as_str())) {
        return false;
    }
    let dated = |w: &str| {
        DATES.contains(&w)
            || (w.ends_with("date")
                && !matches!(w, "update" | "candidate" | "validate" | "mandate"))
            || w.ends_with("datum")
            || w.starts_with("fecha")
    };
    // `created_at`, `Updated on`: a past participle and `at` or `on`.
    let stamped = words.len() >= 2
        && matches!(words[words.len() - 1].as_str(), "at" | "on")
        && words[words.len() - 2].ends_with("ed");
    stamped || words.iter().any(|w| dated(w))
}

/// A column name's words, lower case: split at anything not a letter or digit, and between a
/// lower-case and an upper-case letter (`InvoiceDate` is `invoice date`).
fn name_words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            previous_lower = false;
            continue;
        }
        if c.is_uppercase() && previous_lower && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        previous_lower = c.is_lowercase();
        word.extend(c.to_lowercase());
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use DateOrder::*;

    /// 2024-11-19 is day 20046 since 1970-01-01 (2024-12-31 is day 20088, worked out as 54
    /// years of 365 days plus 13 leap days plus 365; 20088 - 42 days back to 19 November).
    const NOV_19: i64 = 20046;

    #[test]
    fn numeric_dates_table() {
        // 2024-12-31 is day 20088 since 1970-01-01 (worked out: 54 years x 365 + 13 leap days
        // = 19723, plus 365 for day-of-year 366 -> 20088).
        for (cell, order, want) in [
            ("2024-12-31", YearMonthDay, Some(20088)),
            ("2024-12-31T23:59:59Z", YearMonthDay, Some(20088)),
            ("2024-12-31 08:00", YearMonthDay, Some(20088)),
            ("2024/12/31", YearMonthDay, Some(20088)),
            ("31/12/2024", DayMonthYear, Some(20088)),
            ("31.12.2024", DayMonthYear, Some(20088)),
            ("12/31/2024", MonthDayYear, Some(20088)),
            ("12/31/24", MonthDayYear, Some(20088)),
            ("1970-01-01", YearMonthDay, Some(0)),
            ("2024-02-29", YearMonthDay, Some(19782)),
            ("2023-02-29", YearMonthDay, None),
            ("31/12/2024", MonthDayYear, None),
        ] {
            let got = date_parts(cell).and_then(|p| days_from_parts(p, order));
            assert_eq!(got, want, "{cell:?} as {order:?}");
        }
        for bad in [
            "2024-13-01",
            "12/31",
            "1-10",
            "2024-12-31T25:00",
            "hello",
            "20241231",
            "1.5.2",
        ] {
            assert_eq!(date_parts(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn zone_offsets_and_t_separators() {
        for (cell, order, want) in [
            ("2024-11-19 02:00:00 -0500", YearMonthDay, Some(NOV_19)),
            ("2024-11-19 21:59:59 -0500", YearMonthDay, Some(NOV_19)),
            ("2024-11-19T02:00:00+01:00", YearMonthDay, Some(NOV_19)),
            ("2024-11-19T02:00:00Z", YearMonthDay, Some(NOV_19)),
            ("2024-11-19T02:00:00.123Z", YearMonthDay, Some(NOV_19)),
            (
                "2024-11-19T02:00:00.123456+05:30",
                YearMonthDay,
                Some(NOV_19),
            ),
            ("2024-11-19 02:00:00+0100", YearMonthDay, Some(NOV_19)),
            ("2024-11-19 02:00 +01", YearMonthDay, Some(NOV_19)),
            ("2024-11-19 02:00:00 UTC", YearMonthDay, Some(NOV_19)),
            ("2024-11-19T02:00", YearMonthDay, Some(NOV_19)),
            ("19.11.2024 14:05", DayMonthYear, Some(NOV_19)),
            ("11/19/2024 2:05 PM", MonthDayYear, Some(NOV_19)),
            ("11/19/2024 2:05:09 pm", MonthDayYear, Some(NOV_19)),
            // Refused: an hour past 23, a 13 o'clock PM, an offset past 14 hours, words after.
            ("2024-11-19 24:00:00", YearMonthDay, None),
            ("2024-11-19 13:00 PM", YearMonthDay, None),
            ("2024-11-19 02:00:00 +1500", YearMonthDay, None),
            ("2024-11-19 02:00:00 -05:0", YearMonthDay, None),
            ("2024-11-19 02:00 tomorrow", YearMonthDay, None),
        ] {
            assert_eq!(day_of(cell, order), want, "{cell:?} as {order:?}");
        }
    }

    #[test]
    fn month_names_in_four_languages() {
        for cell in [
            "19 Nov 2024",
            "19 nov 2024",
            "19 Nov. 2024",
            "19-Nov-2024",
            "19-NOV-24",
            "Nov 19, 2024",
            "Nov. 19, 2024",
            "November 19, 2024",
            "November 19th, 2024",
            "Tuesday, November 19, 2024",
            "Tue, 19 Nov 2024 02:00:00 -0500",
            "Tue Nov 19 2024 14:08:03 GMT-0700 (PDT)",
            "Nov 19, 2024 at 2:00 PM",
            "2024 Nov 19",
            "19. November 2024",
            "19. Nov. 2024",
            "Di, 19. November 2024",
            "19 novembre 2024",
            "mardi 19 novembre 2024",
            "19 de noviembre de 2024",
            "19 nov. 2024",
            "19 noviembre 2024",
        ] {
            let p = date_parts(cell).unwrap_or_else(|| panic!("{cell:?} is a date"));
            // A named month fixes the order whatever the column's.
            for order in SEPARATED_ORDERS {
                assert_eq!(
                    days_from_parts(p, order),
                    Some(NOV_19),
                    "{cell:?} as {order:?}"
                );
            }
        }
        for (cell, y, m, d) in [
            ("3. März 2024", 2024, 3, 3),
            ("3. Maerz 2024", 2024, 3, 3),
            ("3 Mär 2024", 2024, 3, 3),
            ("1er août 2024", 2024, 8, 1),
            ("1 aout 2024", 2024, 8, 1),
            ("12 févr. 2024", 2024, 2, 12),
            ("12 janv. 2024", 2024, 1, 12),
            ("24. Dez. 2024", 2024, 12, 24),
            ("24 dic. 2024", 2024, 12, 24),
            ("5 de mayo de 2023", 2023, 5, 5),
            ("Sept 5, 2023", 2023, 9, 5),
            ("5 sept. 2023", 2023, 9, 5),
            ("5 Okt 2023", 2023, 10, 5),
            ("29 Feb 2024", 2024, 2, 29),
        ] {
            assert_eq!(
                date_parts(cell).and_then(|p| days_from_parts(p, YearMonthDay)),
                Some(days_from_civil(y, m, d)),
                "{cell:?}"
            );
        }
        for text in [
            "29 Feb 2023",
            "Nov 2024",
            "19 Nov",
            "Nov 19 2024 Edition",
            "Black Friday 2024",
            "May 5, 2-for-1",
            "19 Nov Dec 2024",
            "1234 Main St, Apt 5",
            "19 Foo 2024",
            "Nov 32, 2024",
        ] {
            assert_eq!(date_parts(text), None, "{text:?}");
        }
    }

    #[test]
    fn four_digit_years_are_read_as_written() {
        // 0001-03-04 is 719,528 days before 1970 minus the days of January and February of year
        // 1 and three: days_from_civil(1, 3, 4); the point is the year, checked by the round trip.
        for (cell, order, year) in [
            ("0001-03-04", YearMonthDay, 1),
            ("0099-03-04", YearMonthDay, 99),
            ("04.03.0001", DayMonthYear, 1),
            ("03/04/0099", MonthDayYear, 99),
            ("04/03/01", DayMonthYear, 2001),
            ("04/03/99", DayMonthYear, 1999),
            ("4 Mar 0099", YearMonthDay, 99),
            ("4 Mar 99", YearMonthDay, 1999),
            ("00010304", Compact, 1),
        ] {
            let days = day_of(cell, order).unwrap_or_else(|| panic!("{cell:?}"));
            assert_eq!(civil_from_days(days).0, year, "{cell:?}");
        }
        assert_eq!(
            day_of("0000-03-04", YearMonthDay),
            None,
            "there is no year 0"
        );
    }

    #[test]
    fn compact_dates() {
        assert_eq!(
            day_of("19970101", Compact),
            Some(days_from_civil(1997, 1, 1))
        );
        assert_eq!(day_of(" 20241119 ", Compact), Some(NOV_19));
        for bad in [
            "19971301",
            "19970230",
            "1997011",
            "199701011",
            "1997-01-01",
            "abcdefgh",
        ] {
            assert_eq!(day_of(bad, Compact), None, "{bad:?}");
        }
        // Alone, eight digits are a number: the column decides.
        assert_eq!(date_parts("19970101"), None);
    }

    #[test]
    fn excel_serial_days() {
        // Excel: 45615 is 2024-11-19, 1 is 1900-01-01, 59 is 1900-02-28, 61 is 1900-03-01; 60 is
        // the 29 February 1900 Excel counts and the calendar never had.
        for (serial, want) in [
            ("45615", Some(NOV_19)),
            ("45615.75", Some(NOV_19)),
            ("45615,5", Some(NOV_19)),
            ("1", Some(days_from_civil(1900, 1, 1))),
            ("59", Some(days_from_civil(1900, 2, 28))),
            ("60", None),
            ("61", Some(days_from_civil(1900, 3, 1))),
            ("0", None),
            ("-3", None),
            ("4.5e4", None),
        ] {
            assert_eq!(day_of(serial, ExcelSerial), want, "{serial:?}");
        }
    }

    #[test]
    fn civil_days_round_trip() {
        for (y, m, d) in [
            (1970, 1, 1),
            (2024, 2, 29),
            (1999, 12, 31),
            (2000, 3, 1),
            (1, 1, 1),
        ] {
            let days = days_from_civil(y, m, d);
            assert_eq!(civil_from_days(days), (y, m, d));
            assert_eq!(iso_date(days), format!("{y:04}-{m:02}-{d:02}"));
        }
    }

    #[test]
    fn names_like_a_date() {
        for name in [
            "Order Date",
            "InvoiceDate",
            "date",
            "created_at",
            "Created at",
            "Updated on",
            "Last Activity Date",
            "Bestelldatum",
            "Datum",
            "Kunde seit",
            "date de commande",
            "Date d'achat",
            "fecha de pedido",
            "FechaPedido",
            "Member since",
            "DOB",
            "timestamp",
        ] {
            assert!(date_like_name(name), "{name:?}");
        }
        for name in [
            "days_since_signup",
            "Anzahl Tage",
            "birth_year",
            "update_count",
            "candidate",
            "amount",
            "customer_id",
            "Date ID",
            "Total",
            "Monat",
        ] {
            assert!(!date_like_name(name), "{name:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Every cell of every column may be tried as a date: no input may panic.
        #[test]
        fn date_parsers_never_panic(cell in "\\PC{0,24}|[-+.,:0-9 /TZaAmMpPnNoOvVéäüº()]{0,24}") {
            for order in [YearMonthDay, DayMonthYear, MonthDayYear, Compact, ExcelSerial] {
                let _ = day_of(&cell, order);
            }
        }
    }
}
