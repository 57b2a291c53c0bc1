//! What each column is for, beside what its values are (its kind): its role, with the evidence,
//! and the lens it belongs to.
//!
//! Roles are read from the column's name (in English, German, French and Spanish, see
//! `lexicon`), then from its values where the name says nothing (e-mail addresses, phone
//! numbers, people's first names, street addresses, IP addresses), then from its kind and how
//! much of it is missing:
//!
//! - `identifier`: a record's id or number (`Record ID`, `Kundennummer`, `N° client`), a
//!   company's own name, or a kind of identifier; never segmented on, never described.
//! - `personal`: names, e-mail addresses, phones, street addresses, IP addresses, birthdays;
//!   never segmented on, never in a name, a trait or a typical customer. Kept in the file for
//!   exports.
//! - `owner`: who handles the customer (`Contact owner`, `Account manager`, `Betreuer`):
//!   a fact about the company's staff, not the customer.
//! - `outcome`: what happened to the customer (`Churn`, `Converted`, `Cancelled`), a yes/no or a
//!   few values: shown per segment, segmented on only when the user says so.
//! - `sparse`: at least 75% missing: left out, saying how much.
//! - `derived`: a date, segmented on as the days from it to the file's last date (or `asOf`).
//! - `feature`: anything else of a kind that can form segments.
//!
//! The analysis adds three roles of its own (`profile`, `excluded`, `ignored`; see `Role`).

use super::kind::{is_missing, ColumnSchema, Kind};
use super::lexicon::*;
pub use super::purpose::{Lens, Role};
use crate::read::values::parse_number;
use crate::read::{ColumnRef, Table};
use crate::util::words::words;

/// Share of missing cells from which a column is `sparse`.
pub const SPARSE_SHARE: f64 = 0.75;
/// Share of sampled values that must fit a pattern (e-mail, phone, IP) for it to decide.
const PATTERN_SHARE: f64 = 0.8;
/// Share of sampled values that must be people's names or street addresses for it to decide
/// (names and streets vary more than e-mail addresses do).
const LOOSE_PATTERN_SHARE: f64 = 0.6;
/// Values looked at for patterns: the first this many present ones.
const PATTERN_SAMPLE: usize = 200;

/// A column's role and lens, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Detected {
    pub role: Role,
    pub evidence: String,
    pub lens: Lens,
}

/// The role and lens of every column of `table`, whose kinds are `schema`.
pub fn detect_roles(table: &Table, schema: &[ColumnSchema]) -> Vec<Detected> {
    schema
        .iter()
        .enumerate()
        .map(|(c, s)| detect(s, table.column(c), table.rows()))
        .collect()
}

/// The role and lens of one column.
pub fn detect(s: &ColumnSchema, cells: ColumnRef, rows: usize) -> Detected {
    let w = words(&s.name);
    let lens = lens_of(&w);
    let found = |role: Role, evidence: String| Detected {
        role,
        evidence,
        lens,
    };
    let values = Sample::of(cells);
    let stringy = matches!(
        s.kind,
        Kind::Categorical | Kind::Identifier | Kind::Text | Kind::List
    );

    // Meaning first: a personal column mostly missing is still personal.
    if let Some(d) = personal(&s.name, &w, s.kind, stringy, &values) {
        return found(Role::Personal, d);
    }
    if let Some(d) = identifier_by_name(&s.name, &w, s.kind) {
        return found(Role::Identifier, d);
    }
    if stringy {
        if let Some(p) = phrase_in(&w, OWNER_PHRASES) {
            return found(
                Role::Owner,
                format!("the name says who handles the customer (\"{p}\"): about the staff, not the customer"),
            );
        }
    }
    if let Some(p) = phrase_in(&w, OUTCOME_WORDS) {
        if outcome_kind(s, &values) {
            return found(
                Role::Outcome,
                format!("an outcome (\"{p}\"): shown per segment, not segmented on"),
            );
        }
    }
    if s.kind == Kind::Identifier {
        return found(Role::Identifier, format!("{}: an identifier", s.evidence));
    }
    if s.kind == Kind::Numeric
        && values.unique_whole_numbers(7)
        && phrase_in(&w, AMOUNT_WORDS).is_none()
    {
        return found(
            Role::Identifier,
            "every value is a different whole number of 7 digits or more: record numbers, not amounts"
                .into(),
        );
    }
    let missing = if rows == 0 {
        0.0
    } else {
        s.missing as f64 / rows as f64
    };
    // A list's blank cell holds no items (no tags): it is not missing.
    if missing >= SPARSE_SHARE && s.kind != Kind::List {
        return found(
            Role::Sparse,
            format!("{:.0}% of values are missing", missing * 100.0),
        );
    }
    match s.kind {
        Kind::Date => {
            let what = if phrase_in(&w, BIRTH_WORDS).is_some() {
                "age: days since this date of birth"
            } else {
                "days since this date"
            };
            found(
                Role::Derived,
                format!("{what}, counted to the file's last date (or asOf)"),
            )
        }
        Kind::Text => found(
            Role::Ignored,
            "free text: its words describe segments when it is among textColumns".into(),
        ),
        _ if s.distinct == 0 => found(Role::Ignored, "every value is missing".into()),
        _ => found(Role::Feature, "can form segments".into()),
    }
}

/// The lens a column's name places it in.
pub fn lens_of(w: &[String]) -> Lens {
    // A date of birth is about the person, wherever else its words point.
    if phrase_in(w, BIRTH_WORDS).is_some() {
        return Lens::Demographics;
    }
    if phrase_in(w, LOCATION_WORDS).is_some() {
        Lens::Location
    } else if phrase_in(w, FIRMOGRAPHIC_WORDS).is_some() {
        Lens::Firmographics
    } else if phrase_in(w, DEMOGRAPHIC_WORDS).is_some() {
        Lens::Demographics
    } else {
        Lens::Behaviour
    }
}

/// Names, e-mail addresses, phones, street addresses, IP addresses and birthdays, by name and
/// by value.
fn personal(
    name: &str,
    w: &[String],
    kind: Kind,
    stringy: bool,
    values: &Sample,
) -> Option<String> {
    let emails = values.share(is_email);
    let phones = values.share(is_phone);
    let by_name = |what: &str| format!("{what}: the name says so (\"{name}\")");
    if (phrase_in(w, EMAIL_WORDS).is_some() || stem_in(w, EMAIL_STEMS)) && emails >= 0.5 {
        return Some(format!(
            "e-mail addresses: the name says so, and {:.0}% of values are addresses",
            emails * 100.0
        ));
    }
    if (phrase_in(w, PHONE_WORDS).is_some() || stem_in(w, PHONE_STEMS))
        && kind != Kind::Boolean
        && values.share(has_seven_digits) >= 0.5
    {
        return Some(by_name("phone numbers"));
    }
    if stringy && (name_is(w, PERSON_NAMES) || phrase_in(w, PERSON_PHRASES).is_some()) {
        return Some(by_name("people's names"));
    }
    if stringy && phrase_in(w, SALUTATIONS).is_some() {
        return Some(by_name("how a person is addressed"));
    }
    if phrase_in(w, IP_WORDS).is_some() && kind != Kind::Boolean {
        return Some(by_name("internet addresses"));
    }
    if stringy && phrase_in(w, BIRTH_WORDS).is_some() && phrase_in(w, LOCATION_WORDS).is_none() {
        // A birthday without a year (Mailchimp's "10/20") cannot become an age.
        return Some(by_name("birthdays"));
    }
    if stringy
        && (phrase_in(w, ADDRESS_WORDS).is_some() || stem_in(w, ADDRESS_STEMS))
        && phrase_in(w, LOCATION_WORDS).is_none()
        && phrase_in(w, &["company", "firma"]).is_none()
    {
        return Some(by_name("street addresses"));
    }
    // The name says nothing: the values may.
    if !stringy && kind != Kind::Numeric {
        return None;
    }
    let pattern = |what: &str, share: f64| {
        format!("{what}: {:.0}% of the values looked at are", share * 100.0)
    };
    if emails >= PATTERN_SHARE {
        return Some(pattern("e-mail addresses", emails));
    }
    if phones >= PATTERN_SHARE {
        return Some(pattern("phone numbers", phones));
    }
    let ips = values.share(is_ip);
    if ips >= PATTERN_SHARE {
        return Some(pattern("IP addresses", ips));
    }
    if !stringy {
        return None;
    }
    let streets = values.share(is_street);
    if streets >= LOOSE_PATTERN_SHARE {
        return Some(pattern("street addresses", streets));
    }
    // A column of a few values (an owner, a plan) may be people's names too, but a list of
    // customers' names has many.
    if values.distinct() >= 8 {
        let names = values.share(is_person_name);
        if names >= LOOSE_PATTERN_SHARE {
            return Some(pattern("people's names", names));
        }
    }
    None
}

/// A record's id or number by its name, or a company's own name.
fn identifier_by_name(name: &str, w: &[String], kind: Kind) -> Option<String> {
    let says = |what: &str| format!("{what}: the name says so (\"{name}\")");
    // Yes/no and dates are what they are, whatever their name.
    if matches!(kind, Kind::Boolean | Kind::Date) {
        return None;
    }
    let last = w.last().map(String::as_str);
    if matches!(last, Some("id" | "ids" | "uuid" | "guid"))
        || w.first().is_some_and(|f| f == "id")
        || name_is(w, ID_NAMES)
    {
        return Some(says("identifies a record"));
    }
    let entity = w.iter().any(|x| ENTITIES.contains(&x.as_str()));
    let number = w.iter().any(|x| NUMBER_WORDS.contains(&x.as_str()));
    // "Number of employees" counts; "Customer number" and "Número de cliente" identify (the
    // entities are singular: "Número de pedidos" counts orders).
    if entity && number && phrase_in(w, &["number of", "no of"]).is_none() {
        return Some(says("identifies a record"));
    }
    // German compounds: Kundennummer, Mitgliedsnr (phone and house numbers were taken before).
    if w.iter().any(|x| {
        NUMBER_STEMS
            .iter()
            .any(|s| x.len() > s.len() + 2 && x.ends_with(s))
    }) {
        return Some(says("identifies a record"));
    }
    if name_is(w, COMPANY_NAMES)
        && matches!(kind, Kind::Categorical | Kind::Identifier | Kind::Text)
    {
        return Some(says(
            "names a company, one per customer: it identifies, it does not describe",
        ));
    }
    None
}

/// An outcome is a yes/no or a handful of values (not a score such as "churn probability").
fn outcome_kind(s: &ColumnSchema, values: &Sample) -> bool {
    match s.kind {
        Kind::Boolean => true,
        Kind::Categorical => s.distinct <= 4,
        Kind::Numeric => values.only_zero_one(),
        _ => false,
    }
}

/// The first present values of a column, trimmed, for patterns.
struct Sample<'a> {
    values: Vec<&'a str>,
}

impl<'a> Sample<'a> {
    fn of(cells: ColumnRef<'a>) -> Self {
        let values = cells
            .iter()
            .filter(|c| !is_missing(c))
            .map(|c| {
                // A cell guarded against spreadsheet formulas ('+4416...) is read without its
                // guard.
                let t = c.trim();
                t.strip_prefix('\'').unwrap_or(t)
            })
            .take(PATTERN_SAMPLE)
            .collect();
        Sample { values }
    }

    /// Share of the values for which `f` holds (0 with no values).
    fn share(&self, f: impl Fn(&str) -> bool) -> f64 {
        if self.values.is_empty() {
            return 0.0;
        }
        self.values.iter().filter(|v| f(v)).count() as f64 / self.values.len() as f64
    }

    fn distinct(&self) -> usize {
        let mut v = self.values.clone();
        crate::util::order::sort_by(&mut v, |a, b| a.cmp(b));
        v.dedup();
        v.len()
    }

    /// Every value a different whole number of at least `digits` digits (at least 10 values).
    fn unique_whole_numbers(&self, digits: usize) -> bool {
        self.values.len() >= 10
            && self.distinct() == self.values.len()
            && self
                .values
                .iter()
                .all(|v| v.len() >= digits && v.bytes().all(|b| b.is_ascii_digit()))
    }

    fn only_zero_one(&self) -> bool {
        !self.values.is_empty()
            && self
                .values
                .iter()
                .all(|v| parse_number(v, Default::default()).is_some_and(|x| x == 0.0 || x == 1.0))
    }
}

fn is_email(v: &str) -> bool {
    let Some((local, domain)) = v.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.len() >= 3
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !v.contains(char::is_whitespace)
        && !domain.contains('@')
}

fn has_seven_digits(v: &str) -> bool {
    v.bytes().filter(u8::is_ascii_digit).count() >= 7
}

/// A phone number as exports write it: 7 to 15 digits with `+`, spaces, dashes, dots, slashes or
/// parentheses, starting with `+` or `0` or grouped by separators (so that an amount is not one).
fn is_phone(v: &str) -> bool {
    let digits = v.bytes().filter(u8::is_ascii_digit).count();
    if !(7..=15).contains(&digits) {
        return false;
    }
    if !v
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b' ' | b'-' | b'.' | b'(' | b')' | b'/'))
    {
        return false;
    }
    let separators = v
        .bytes()
        .filter(|b| matches!(b, b' ' | b'-' | b'(' | b'/'))
        .count();
    v.starts_with('+') || v.starts_with("00") || separators >= 2
}

fn is_ip(v: &str) -> bool {
    let parts: Vec<&str> = v.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.len() <= 3
                && p.bytes().all(|b| b.is_ascii_digit())
                && p.parse::<u16>().is_ok_and(|x| x < 256)
        })
}

/// "96 High Street", "Hauptstraße 5", "12 rue de la Paix", "Calle Mayor 3": a number and a
/// street word.
fn is_street(v: &str) -> bool {
    if !v.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let w = words(v);
    w.iter().any(|x| {
        STREET_WORDS.contains(&x.as_str())
            || (x.len() > 6 && (x.ends_with("strasse") || x.ends_with("weg") || x.ends_with("str")))
    })
}

/// A person's name: one to three capitalized words, the first a common first name or the last a
/// common family name.
fn is_person_name(v: &str) -> bool {
    let parts: Vec<&str> = v.split_whitespace().collect();
    if parts.is_empty() || parts.len() > 3 {
        return false;
    }
    if !parts.iter().all(|p| {
        p.chars().next().is_some_and(char::is_uppercase) && !p.chars().any(|c| c.is_ascii_digit())
    }) {
        return false;
    }
    let first = words(parts[0]).join("");
    let last = words(parts[parts.len() - 1]).join("");
    FIRST_NAMES.contains(&first.as_str()) || LAST_NAMES.contains(&last.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::table::Cells;

    /// The role of a column named `name` of `kind` with these values.
    fn role(name: &str, kind: Kind, cells: &[&str]) -> Detected {
        let col = Cells::from_rows(1, cells.iter().map(|c| [*c]));
        let present = cells.iter().filter(|c| !is_missing(c)).count();
        let s = ColumnSchema {
            name: name.into(),
            kind,
            missing: cells.len() - present,
            invalid: 0,
            distinct: {
                let mut v: Vec<&&str> = cells.iter().filter(|c| !is_missing(c)).collect();
                crate::util::order::sort_by(&mut v, |a, b| a.cmp(b));
                v.dedup();
                v.len()
            },
            examples: Vec::new(),
            evidence: "test".into(),
            levels: None,
            date_format: None,
            separator: None,
            overridden: false,
            role: Role::Feature,
            role_evidence: String::new(),
            lens: Lens::Behaviour,
        };
        detect(&s, col.column(0), cells.len())
    }

    fn many(v: &[&'static str], n: usize) -> Vec<&'static str> {
        v.iter().copied().cycle().take(n).collect()
    }

    /// A Salesforce contacts report's Annual Revenue (12400000, 3250000, ...: every value a
    /// different whole number of 7 digits) was taken for record numbers and left out, though
    /// the contacts' groups were planted in it. A column named as an amount holds amounts; the
    /// same values under a name that says nothing are still record numbers.
    #[test]
    fn revenue_of_unique_seven_digit_numbers_is_an_amount() {
        let cells: Vec<String> = (0..40)
            .map(|i| (1_000_000 + i * 37_013).to_string())
            .collect();
        let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
        for (name, want) in [
            ("Annual Revenue", Role::Feature),
            ("Jahresumsatz", Role::Feature),
            ("Chiffre d'affaires", Role::Feature),
            ("ref", Role::Identifier),
        ] {
            let d = role(name, Kind::Numeric, &cells);
            assert_eq!(d.role, want, "{name}: {}", d.evidence);
        }
    }

    #[test]
    fn roles_by_name_in_four_languages() {
        use Kind::*;
        let names = many(&["Anna", "Ben", "Clara", "Dieter", "Eva"], 20);
        let mails = many(&["a@x.example", "b@y.example", "c@z.example"], 20);
        let ints: Vec<String> = (0..20).map(|i| (i * 7 % 13 + 1).to_string()).collect();
        let ints: Vec<&str> = ints.iter().map(String::as_str).collect();
        let words = many(&["alpha", "beta", "gamma"], 20);
        let yes_no = many(&["yes", "no", "no"], 20);
        let cases: &[(&str, Kind, &[&str], Role)] = &[
            ("Record ID", Identifier, &ints, Role::Identifier),
            (
                "Primary Associated Company ID",
                Numeric,
                &ints,
                Role::Identifier,
            ),
            ("customerID", Categorical, &words, Role::Identifier),
            ("Kundennummer", Numeric, &ints, Role::Identifier),
            ("N° client", Categorical, &words, Role::Identifier),
            ("Número de cliente", Categorical, &words, Role::Identifier),
            ("Number of Employees", Numeric, &ints, Role::Feature),
            ("No. of Employees", Numeric, &ints, Role::Feature),
            ("Company Name", Categorical, &words, Role::Identifier),
            ("First Name", Categorical, &names, Role::Personal),
            ("Vorname", Categorical, &names, Role::Personal),
            ("Prénom", Categorical, &names, Role::Personal),
            ("Apellidos", Categorical, &names, Role::Personal),
            ("Email", Identifier, &mails, Role::Personal),
            ("E-Mail-Adresse", Identifier, &mails, Role::Personal),
            ("Accepts Email Marketing", Boolean, &yes_no, Role::Feature),
            ("Contact owner", Categorical, &names, Role::Owner),
            ("Kundenbetreuer", Categorical, &names, Role::Owner),
            ("Propriétaire", Categorical, &names, Role::Owner),
            ("Churn", Boolean, &yes_no, Role::Outcome),
            ("Gekündigt", Boolean, &yes_no, Role::Outcome),
            ("Churn Probability", Numeric, &ints, Role::Feature),
            ("Mailing Street", Categorical, &words, Role::Personal),
            ("Default Address City", Categorical, &words, Role::Feature),
            ("Salutation", Categorical, &words, Role::Personal),
            ("PhoneService", Boolean, &yes_no, Role::Feature),
        ];
        for (name, kind, cells, want) in cases {
            let d = role(name, *kind, cells);
            assert_eq!(d.role, *want, "{name}: {}", d.evidence);
        }
    }

    #[test]
    fn roles_by_value_where_the_name_says_nothing() {
        use Kind::*;
        let cases: &[(&[&str], Kind, Role)] = &[
            (
                &["ann@shop.example", "bo@mail.example", "cy@x.example"],
                Identifier,
                Role::Personal,
            ),
            (
                &["+44 161 496 6977", "+1 617 555 0123", "+49 30 5558775"],
                Categorical,
                Role::Personal,
            ),
            (
                &["96 High Street", "Hauptstraße 5", "12 rue de la Paix"],
                Categorical,
                Role::Personal,
            ),
            (
                &["95.248.13.176", "99.39.140.82", "51.96.90.9"],
                Identifier,
                Role::Personal,
            ),
            (&["Gold", "Silver", "Bronze"], Categorical, Role::Feature),
            (&["1587.77", "322.16", "1425.34"], Numeric, Role::Feature),
        ];
        for (values, kind, want) in cases {
            let cells = many(values, 24);
            let d = role("x", *kind, &cells);
            assert_eq!(d.role, *want, "{values:?}: {}", d.evidence);
        }
        let people = [
            "Mia", "Noah", "Liam", "Sophie", "Lucas", "Emma", "Jonas", "Camille", "Diego", "Priya",
        ];
        let d = role("Kontakt", Categorical, &many(&people, 30));
        assert_eq!(d.role, Role::Personal, "{}", d.evidence);
    }

    #[test]
    fn dates_are_derived_and_mostly_missing_columns_sparse() {
        let dates = many(&["2024-01-03", "2023-12-31"], 20);
        assert_eq!(
            role("Last Activity", Kind::Date, &dates).role,
            Role::Derived
        );
        let mut few = vec![""; 17];
        few.extend(["a", "b", "c"]);
        let d = role("Note code", Kind::Categorical, &few);
        assert_eq!(d.role, Role::Sparse);
        assert_eq!(d.evidence, "85% of values are missing");
    }

    #[test]
    fn lenses_by_name() {
        let cases = [
            ("Default Address City", Lens::Location),
            ("Postleitzahl", Lens::Location),
            ("Industry", Lens::Firmographics),
            ("Number of Employees", Lens::Firmographics),
            ("Annual Revenue", Lens::Firmographics),
            ("Age", Lens::Demographics),
            ("Geschlecht", Lens::Demographics),
            ("Total Spent", Lens::Behaviour),
            ("Average Order Value", Lens::Behaviour),
        ];
        for (name, want) in cases {
            assert_eq!(lens_of(&words(name)), want, "{name}");
        }
    }

    #[test]
    fn role_and_lens_names_round_trip() {
        for r in Role::SETTABLE {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("profile"), None);
        for l in Lens::ALL {
            assert_eq!(Lens::parse(l.as_str()), Some(l));
        }
        assert_eq!(Lens::parse("behavior"), Some(Lens::Behaviour));
    }
}
