//! Reading one cell: numbers as people write them, dates, yes/no, and bands such as `11-50`.
//!
//! Every parser here returns `None` for what it does not recognise; the schema decides what a
//! column is from how many of its cells each parser accepts.

use serde::Serialize;

/// How numbers are written in a file: the decimal mark and the thousands separator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NumberFormat {
    /// `.` or `,`.
    pub decimal: char,
}

impl Default for NumberFormat {
    fn default() -> Self {
        NumberFormat { decimal: '.' }
    }
}

/// What a number cell carried besides digits, for the evidence of a column's kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NumberMarks {
    pub currency: bool,
    pub percent: bool,
    pub thousands: bool,
    pub parentheses: bool,
}

/// Currency signs recognised before or after a number.
const CURRENCY: [char; 8] = ['$', '€', '£', '¥', '₹', '₩', '₽', '¢'];
/// ISO codes recognised before or after a number, with a space or not.
const CURRENCY_CODES: [&str; 8] = ["USD", "EUR", "GBP", "CHF", "JPY", "CAD", "AUD", "SEK"];

fn is_space(c: char) -> bool {
    // Thousands may be grouped by a space, a no-break space or a narrow no-break space (French).
    matches!(c, ' ' | '\u{a0}' | '\u{202f}')
}

/// Parses a number as a person writes it: `1234.5`, `-3`, `1,234.50`, `$1,200`, `12%`, `(45.00)`,
/// `1.234,5` or `12,5` with a decimal comma, `1 234,5`, `CHF 99`. Refuses codes with a leading zero
/// (`02134`), `inf` and `NaN`, and anything with letters besides a currency code or an exponent.
/// A percentage keeps the number as written (`12%` is 12).
pub fn parse_number(cell: &str, format: NumberFormat) -> Option<f64> {
    parse_number_marked(cell, format).map(|(v, _)| v)
}

pub fn parse_number_marked(cell: &str, format: NumberFormat) -> Option<(f64, NumberMarks)> {
    let t = cell.trim();
    if t.is_empty() {
        return None;
    }
    // Fast path: plain ASCII decimals, the common case in exports.
    let plain = t
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'));
    if plain && format.decimal == '.' {
        return plain_number(t).map(|v| (v, NumberMarks::default()));
    }
    let mut marks = NumberMarks::default();
    let mut s = t;
    let mut negative = false;
    if let Some(inner) = s.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
        s = inner.trim();
        negative = true;
        marks.parentheses = true;
    }
    if let Some(inner) = s.strip_prefix('-') {
        // A minus may stand before the currency sign: -$12.
        if negative {
            return None;
        }
        s = inner.trim_start();
        negative = true;
    }
    for code in CURRENCY_CODES {
        if let Some(rest) = s.strip_prefix(code).or_else(|| s.strip_suffix(code)) {
            s = rest.trim();
            marks.currency = true;
            break;
        }
    }
    if let Some(rest) = s
        .strip_prefix(CURRENCY)
        .or_else(|| s.strip_suffix(CURRENCY))
    {
        if marks.currency {
            return None;
        }
        s = rest.trim();
        marks.currency = true;
    }
    if let Some(rest) = s.strip_suffix('%') {
        s = rest.trim_end();
        marks.percent = true;
    }
    if let Some(inner) = s.strip_prefix('-') {
        if negative {
            return None;
        }
        s = inner;
        negative = true;
    }
    let thousands_ok = |c: char| {
        if format.decimal == ',' {
            c == '.' || c == '\'' || is_space(c)
        } else {
            c == ',' || c == '\'' || is_space(c)
        }
    };
    // Split off the fraction at the decimal mark, then check the grouping of the integer part.
    let (int_part, frac) = match s.rfind(format.decimal) {
        Some(i) => (&s[..i], Some(&s[i + format.decimal.len_utf8()..])),
        None => (s, None),
    };
    // Numbers are short: the digits go to a buffer on the stack, not the heap, as
    // "-<digits>.<fraction>" for `decimal::parse`.
    let mut buf = [0u8; 64];
    let mut len = 0usize;
    let mut put = |b: u8| -> Option<()> {
        *buf.get_mut(len)? = b;
        len += 1;
        Some(())
    };
    if negative {
        put(b'-')?;
    }
    let mut digits = 0usize;
    let mut first_digit = b'0';
    let mut group_sep: Option<char> = None;
    let mut first_group = 0usize;
    let mut bad_group = false;
    let mut run = 0usize;
    for c in int_part.chars() {
        if c.is_ascii_digit() {
            if digits == 0 {
                first_digit = c as u8;
            }
            put(c as u8)?;
            digits += 1;
            run += 1;
        } else if thousands_ok(c) && group_sep.is_none_or(|g| g == c) {
            if group_sep.is_none() {
                first_group = run;
            } else if run != 3 {
                bad_group = true;
            }
            group_sep = Some(c);
            run = 0;
        } else {
            return None;
        }
    }
    if group_sep.is_some() {
        // 1,234,567: a first group of 1 to 3 digits, then groups of exactly 3.
        if !(1..=3).contains(&first_group) || bad_group || run != 3 {
            return None;
        }
        marks.thousands = true;
    }
    if digits == 0 && frac.is_none_or(str::is_empty) {
        return None;
    }
    if digits > 1 && first_digit == b'0' && group_sep.is_none() {
        return None;
    }
    if digits == 0 {
        put(b'0')?;
    }
    if let Some(f) = frac {
        if !f.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        put(b'.')?;
        for b in f.bytes() {
            put(b)?;
        }
    }
    let text = std::str::from_utf8(&buf[..len]).ok()?;
    let v = crate::util::decimal::parse(text).filter(|v| v.is_finite())?;
    Some((v, marks))
}

/// A plain decimal: digits with one optional sign, one optional point, an optional exponent.
fn plain_number(t: &str) -> Option<f64> {
    let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
    let b = digits.as_bytes();
    let first = *b.first()?;
    if !(first.is_ascii_digit() || first == b'.') {
        return None;
    }
    if b.len() > 1 && first == b'0' && b[1].is_ascii_digit() {
        return None;
    }
    crate::util::decimal::parse(t).filter(|v| v.is_finite())
}

/// What a quick look at a cell says, for typing millions of cells without parsing each as a float.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quick {
    /// Plain digits with an optional sign (at most 18 digits), and their value.
    Int(i64),
    /// Plain digits, the decimal mark, digits: a number (its value is not needed to type it).
    Decimal,
    /// Two or more digits starting with 0: a code such as a ZIP, never a number.
    Code,
    /// Anything else: ask `parse_number_marked`.
    Other,
}

/// Classifies the common shapes of number cells by their bytes alone. `t` is already trimmed.
pub fn quick_number(t: &str, decimal: char) -> Quick {
    let b = t.as_bytes();
    let (sign, digits) = match b.first() {
        Some(b'-') => (-1, &b[1..]),
        Some(b'+') => (1, &b[1..]),
        _ => (1, b),
    };
    let int_len = digits.iter().take_while(|c| c.is_ascii_digit()).count();
    if int_len == 0 {
        return Quick::Other;
    }
    if int_len > 1 && digits[0] == b'0' {
        return if int_len == digits.len() && sign == 1 && b.len() == digits.len() {
            Quick::Code
        } else {
            Quick::Other
        };
    }
    if int_len == digits.len() {
        if int_len > 18 {
            return Quick::Other;
        }
        let mut v: i64 = 0;
        for &c in digits {
            v = v * 10 + i64::from(c - b'0');
        }
        return Quick::Int(sign * v);
    }
    let rest = &digits[int_len..];
    if rest.len() >= 2 && rest[0] == decimal as u8 && rest[1..].iter().all(u8::is_ascii_digit) {
        return Quick::Decimal;
    }
    Quick::Other
}

/// Yes/no words, as a boolean.
pub fn parse_bool(cell: &str) -> Option<bool> {
    const YES: [&str; 8] = ["true", "yes", "y", "t", "ja", "oui", "si", "sí"];
    const NO: [&str; 6] = ["false", "no", "n", "f", "nein", "non"];
    let t = cell.trim();
    if t.len() > 5 {
        return None;
    }
    if YES.iter().any(|w| t.eq_ignore_ascii_case(w)) {
        Some(true)
    } else if NO.iter().any(|w| t.eq_ignore_ascii_case(w)) {
        Some(false)
    } else {
        None
    }
}

/// The order of day and month in a date written with numbers only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// 2024-12-31, 2024/12/31
    YearMonthDay,
    /// 31/12/2024, 31.12.2024
    DayMonthYear,
    /// 12/31/2024
    MonthDayYear,
}

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
}

/// Splits `2024-12-31`, `31/12/2024`, `12/31/24`, `31.12.2024 14:05` into numbers, checking the
/// time if there is one. The order is decided per column (`DateOrder`), not per cell.
/// A date as the user wrote it (`asOf`): its numbers, read in the order the date columns use (or
/// as year-month-day) once they are known.
#[derive(Debug, Clone, PartialEq)]
pub struct AsOf {
    pub parts: DateParts,
    /// As written, for messages.
    pub written: String,
}

pub fn date_parts(cell: &str) -> Option<DateParts> {
    let t = cell.trim();
    if t.len() < 6 || t.len() > 35 || !t.as_bytes()[0].is_ascii_digit() {
        return None;
    }
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
    if let Some(time) = time {
        if !valid_time(time) {
            return None;
        }
    }
    let parts = DateParts {
        a,
        b,
        c,
        year_first,
        has_time: time.is_some(),
    };
    // At least one order must give a real calendar date.
    [
        DateOrder::YearMonthDay,
        DateOrder::DayMonthYear,
        DateOrder::MonthDayYear,
    ]
    .iter()
    .any(|&o| days_from_parts(parts, o).is_some())
    .then_some(parts)
}

fn valid_time(t: &str) -> bool {
    // HH:MM[:SS[.fff]] with an optional zone: Z, +01:00, -0500, or AM/PM.
    let t = t.trim_end_matches('Z');
    let t = t
        .strip_suffix("AM")
        .or_else(|| t.strip_suffix("PM"))
        .or_else(|| t.strip_suffix("am"))
        .or_else(|| t.strip_suffix("pm"))
        .map_or(t, str::trim_end);
    let core = match t.rfind(['+', '-']) {
        Some(i) if i >= 4 => &t[..i],
        _ => t,
    };
    let mut fields = core.split(':');
    let h = fields.next().and_then(|h| h.parse::<u32>().ok());
    let m = fields.next().and_then(|m| m.parse::<u32>().ok());
    let s = fields
        .next()
        .map(|s| s.split('.').next().and_then(|s| s.parse::<u32>().ok()));
    matches!((h, m), (Some(h), Some(m)) if h < 24 && m < 60)
        && s.is_none_or(|s| s.is_some_and(|s| s < 61))
        && fields.next().is_none()
}

/// Days since 1970-01-01 of a date read in `order`, or `None` if that is not a calendar date.
pub fn days_from_parts(p: DateParts, order: DateOrder) -> Option<i64> {
    let (y, m, d) = match order {
        DateOrder::YearMonthDay if p.year_first => (p.a, p.b, p.c),
        DateOrder::DayMonthYear if !p.year_first => (p.c, p.b, p.a),
        DateOrder::MonthDayYear if !p.year_first => (p.c, p.a, p.b),
        _ => return None,
    };
    // Two-digit years: 00-69 are 2000-2069, 70-99 are 1970-1999 (as POSIX strptime %y).
    let y = if y < 100 {
        if y < 70 {
            2000 + y
        } else {
            1900 + y
        }
    } else {
        y
    };
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
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

/// A band such as `1-10`, `11 - 50`, `10,000+`, `<5`, `$1M-$5M`, `25 to 34`: its lower bound, for
/// ordering (an open lower band such as `<5` sorts first).
pub fn parse_band(cell: &str) -> Option<f64> {
    let t = cell.trim();
    // Every band has a digit; most cells tried here (names, words) have none.
    if !t.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let bound = |s: &str| -> Option<f64> {
        let s = s.trim();
        let (num, mult) = match s.char_indices().last()? {
            (i, 'k' | 'K') => (&s[..i], 1e3),
            (i, 'm' | 'M') => (&s[..i], 1e6),
            (i, 'b' | 'B') => (&s[..i], 1e9),
            _ => (s, 1.0),
        };
        parse_number(num, NumberFormat::default()).map(|v| v * mult)
    };
    if let Some(rest) = t.strip_suffix('+') {
        return bound(rest);
    }
    for prefix in ["<=", "<", "≤", "under ", "less than ", "below "] {
        if let Some(rest) = t.strip_prefix(prefix) {
            return bound(rest).map(|v| v - 0.5);
        }
    }
    for prefix in [">=", ">", "≥", "over ", "more than ", "above "] {
        if let Some(rest) = t.strip_prefix(prefix) {
            return bound(rest).map(|v| v + 0.5);
        }
    }
    // The separator: a dash after the first character (so "-5" is not split), or " to ".
    let skip = t.chars().next().map_or(0, char::len_utf8);
    let body = &t[skip..];
    let sep = body
        .char_indices()
        .find(|&(_, c)| matches!(c, '-' | '–' | '—'))
        .map(|(i, c)| (i, c.len_utf8()))
        .or_else(|| body.find(" to ").map(|i| (i, 4)));
    let (i, len) = sep?;
    let (lo, hi) = (bound(&t[..skip + i])?, bound(&body[i + len..])?);
    (lo <= hi).then_some(lo)
}

/// `days since 1970-01-01` as `YYYY-MM-DD`.
pub fn iso_date(days: i64) -> String {
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const DOT: NumberFormat = NumberFormat { decimal: '.' };
    const COMMA: NumberFormat = NumberFormat { decimal: ',' };

    #[test]
    fn numbers_table() {
        for (cell, format, want) in [
            ("12", DOT, Some(12.0)),
            (" -3.5 ", DOT, Some(-3.5)),
            ("+7", DOT, Some(7.0)),
            (".5", DOT, Some(0.5)),
            ("0", DOT, Some(0.0)),
            ("1e3", DOT, Some(1000.0)),
            ("1.5e-2", DOT, Some(0.015)),
            ("1,234.50", DOT, Some(1234.5)),
            ("1,234,567", DOT, Some(1_234_567.0)),
            ("$1,200", DOT, Some(1200.0)),
            ("-$12.5", DOT, Some(-12.5)),
            ("€ 99", DOT, Some(99.0)),
            ("99 €", DOT, Some(99.0)),
            ("CHF 1'250.00", DOT, Some(1250.0)),
            ("USD 40", DOT, Some(40.0)),
            ("12%", DOT, Some(12.0)),
            ("(45.00)", DOT, Some(-45.0)),
            ("($1,000)", DOT, Some(-1000.0)),
            ("12,5", COMMA, Some(12.5)),
            ("1.234,5", COMMA, Some(1234.5)),
            ("1 234,5", COMMA, Some(1234.5)),
            ("1\u{202f}234,5 €", COMMA, Some(1234.5)),
            ("-0,75", COMMA, Some(-0.75)),
            ("12,5%", COMMA, Some(12.5)),
            // Refused:
            ("02134", DOT, None),
            ("inf", DOT, None),
            ("NaN", DOT, None),
            ("1e400", DOT, None),
            ("12 kg", DOT, None),
            ("1,23,456", DOT, None),
            ("1,2345", DOT, None),
            ("12,5", DOT, None),
            ("1.234.5", DOT, None),
            ("$", DOT, None),
            ("--1", DOT, None),
            ("(-1)", DOT, None),
            ("", DOT, None),
            ("-", DOT, None),
            ("1-10", DOT, None),
            ("abc", DOT, None),
        ] {
            assert_eq!(
                parse_number(cell, format),
                want,
                "{cell:?} with decimal {}",
                format.decimal
            );
        }
    }

    #[test]
    fn number_marks() {
        let m = parse_number_marked("($1,000)%", DOT);
        assert_eq!(
            m, None,
            "percent outside parentheses is not a form we accept"
        );
        let (_, m) = parse_number_marked("($1,000)", DOT).unwrap();
        assert!(m.currency && m.thousands && m.parentheses && !m.percent);
    }

    #[test]
    fn quick_numbers_agree_with_the_full_parser() {
        for (cell, want) in [
            ("12", Quick::Int(12)),
            ("-7", Quick::Int(-7)),
            ("+3", Quick::Int(3)),
            ("0", Quick::Int(0)),
            ("12.5", Quick::Decimal),
            ("02134", Quick::Code),
            ("-0123", Quick::Other),
            ("12.", Quick::Other),
            ("1,234", Quick::Other),
            ("1e3", Quick::Other),
            ("abc", Quick::Other),
            ("", Quick::Other),
            ("1234567890123456789", Quick::Other),
        ] {
            assert_eq!(quick_number(cell, '.'), want, "{cell:?}");
            // Whatever the quick look calls a number, the full parser reads as the same number.
            match want {
                Quick::Int(v) => assert_eq!(parse_number(cell, DOT), Some(v as f64)),
                Quick::Decimal => assert!(parse_number(cell, DOT).is_some()),
                Quick::Code => assert_eq!(parse_number(cell, DOT), None),
                Quick::Other => {}
            }
        }
        assert_eq!(quick_number("12,5", ','), Quick::Decimal);
    }

    #[test]
    fn booleans() {
        for (cell, want) in [
            ("Yes", Some(true)),
            ("n", Some(false)),
            ("TRUE", Some(true)),
            ("nein", Some(false)),
            ("1", None),
            ("maybe", None),
        ] {
            assert_eq!(parse_bool(cell), want, "{cell:?}");
        }
    }

    #[test]
    fn dates_table() {
        use DateOrder::*;
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
    fn bands_table() {
        for (cell, want) in [
            ("1-10", Some(1.0)),
            ("11 - 50", Some(11.0)),
            ("201–1000", Some(201.0)),
            ("1000+", Some(1000.0)),
            ("10,000+", Some(10_000.0)),
            ("<5", Some(4.5)),
            ("$1M-$5M", Some(1e6)),
            ("25 to 34", Some(25.0)),
            ("65+", Some(65.0)),
            ("50-10", None),
            ("Boston", None),
            ("12", None),
        ] {
            assert_eq!(parse_band(cell), want, "{cell:?}");
        }
    }

    #[test]
    fn iso_dates_round_trip() {
        for (y, m, d) in [(1970, 1, 1), (2024, 2, 29), (1999, 12, 31), (2000, 3, 1)] {
            let days = days_from_civil(y, m, d);
            assert_eq!(iso_date(days), format!("{y:04}-{m:02}-{d:02}"));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The cell parsers see every cell of every file: none may panic on any string.
        #[test]
        fn cell_parsers_never_panic(cell in "\\PC{0,16}|[-+.,0-9 €$%()'kKmM<>≤to–—/:TZ]{0,16}") {
            for decimal in ['.', ','] {
                let _ = parse_number_marked(&cell, NumberFormat { decimal });
                let _ = quick_number(&cell, decimal);
            }
            let _ = parse_band(&cell);
            let _ = parse_bool(&cell);
            if let Some(p) = date_parts(&cell) {
                for order in [DateOrder::YearMonthDay, DateOrder::DayMonthYear, DateOrder::MonthDayYear] {
                    let _ = days_from_parts(p, order);
                }
            }
        }
    }
}
