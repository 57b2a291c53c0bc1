//! Reading one cell: numbers as people write them, dates, yes/no, and bands such as `11-50`.
//!
//! Every parser here returns `None` for what it does not recognise; the schema decides what a
//! column is from how many of its cells each parser accepts.

use serde::Serialize;

// Dates are read in `dates`; their parsers are the cells' parsers too.
pub use super::dates::{date_parts, day_of, days_from_parts, iso_date, DateOrder, DateParts};

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
pub(crate) const CURRENCY: [char; 8] = ['$', '€', '£', '¥', '₹', '₩', '₽', '¢'];
/// ISO codes recognised before or after a number, with a space or not.
pub(crate) const CURRENCY_CODES: [&str; 8] =
    ["USD", "EUR", "GBP", "CHF", "JPY", "CAD", "AUD", "SEK"];

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

/// The value behind a spreadsheet's text guard: Shopify and Excel write `'02108`, `'+15742654890`
/// and `'7210448300000` so that a spreadsheet keeps the leading zero, the plus and every digit,
/// and CSV writers put `'` before `=`, `+`, `-` and `@` against formula injection. The guard is
/// taken off a cell that is then a number-like code (digits, signs, spaces, dots, commas,
/// slashes, parentheses) or starts with `=` or `@`; other text that starts with `'` (`'80s
/// music`, `'Tis`) is left as written.
pub fn text_guarded(cell: &str) -> Option<&str> {
    let rest = cell.strip_prefix('\'')?;
    let code =
        |c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | '(' | ')' | '.' | ',' | ' ' | '/');
    match rest.chars().next()? {
        '=' | '@' if !rest.contains('\'') => Some(rest),
        '0'..='9' | '+' | '-'
            if rest.chars().all(code) && rest.bytes().any(|b| b.is_ascii_digit()) =>
        {
            Some(rest)
        }
        _ => None,
    }
}

/// Yes/no words in English, German, French and Spanish, and `1`/`0`, as a boolean. (The schema
/// reads a column of `1` and `0` as yes/no only when both are there.)
pub fn parse_bool(cell: &str) -> Option<bool> {
    const YES: [&str; 12] = [
        "true", "yes", "y", "t", "1", "ja", "j", "wahr", "oui", "vrai", "si", "sí",
    ];
    const NO: [&str; 10] = [
        "false", "no", "n", "f", "0", "nein", "falsch", "non", "faux", "falso",
    ];
    let t = cell.trim();
    if t.len() > 6 {
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

/// A date as the user wrote it (`asOf`): its numbers, read in the order the date columns use (or
/// as year-month-day) once they are known.
#[derive(Debug, Clone, PartialEq)]
pub struct AsOf {
    pub parts: DateParts,
    /// As written, for messages.
    pub written: String,
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
            ("1", Some(true)),
            ("0", Some(false)),
            ("falsch", Some(false)),
            ("Vrai", Some(true)),
            ("faux", Some(false)),
            ("Sí", Some(true)),
            ("falso", Some(false)),
            ("2", None),
            ("1.5", None),
            ("verdadero", None),
            ("maybe", None),
        ] {
            assert_eq!(parse_bool(cell), want, "{cell:?}");
        }
    }

    #[test]
    fn text_guards_come_off_codes_and_formulas_only() {
        for (cell, want) in [
            ("'02108", Some("02108")),
            ("'+15742654890", Some("+15742654890")),
            ("'7210448300000", Some("7210448300000")),
            ("'+1 (574) 265-4890", Some("+1 (574) 265-4890")),
            ("'=SUM(A1:A3)", Some("=SUM(A1:A3)")),
            ("'@handle", Some("@handle")),
            ("'80s music", None),
            ("'Tis the season", None),
            ("'", None),
            ("'+", None),
            ("02108", None),
            ("'12' or '13'", None),
        ] {
            assert_eq!(text_guarded(cell), want, "{cell:?}");
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
            let _ = text_guarded(&cell);
        }
    }
}
