//! A saved model as one SQL `SELECT`: every row of a warehouse table gets the segment `tribes
//! apply` would give it, computed by the engine with its own built-in functions, so that the
//! segments reach tables that outgrow one machine.
//!
//! The table holds the file as the engine's own CSV reader typed it: text in SQLite's `.import`,
//! numbers, dates and booleans in DuckDB's `read_csv`. Every cell is therefore read through its
//! text (the engines print a number's text exactly, except SQLite's REAL, which is taken as the
//! number it is) and parsed as Tribes parses a cell: missing markers, numbers as people write
//! them (currency, thousands, percent, parentheses, the decimal comma), bands, yes/no words,
//! dates written with numbers, `YYYYMMDD` and serial days, list items. Days are counted with
//! integer arithmetic from the year, month and day (Howard Hinnant's days-from-civil), so no
//! engine's date parser, with its own idea of formats and zones, is involved.
//!
//! The query's shape, in common table expressions:
//!
//! 1. `tribes_keys`: the distinct combinations of the columns the model reads. The work below is
//!    done once per combination, and the table's own columns pass through untouched.
//! 2. `tribes_s1`, `tribes_s2`...: the cells' text, then each parsing step, one step per
//!    expression so that no step's text is repeated inside the next; then each feature's value
//!    (missing and unreadable cells imputed, `ln(1 + x)`, the z-score), then the squared
//!    distance to each centre, the dimensions added in the order `tribes apply` adds them, so
//!    the sums round alike; then the label: the lowest segment id whose distance is within
//!    1e-9 (relative) of the smallest, the rule of `assign`.
//! 3. The table joined to its combination (a null-safe equality on each column), with `segment`
//!    and `segment_name` added. Engines without `* EXCLUDE` can only add columns to `t.*` so.
//!
//! What SQL cannot do as Tribes does is refused by column (free text, whose terms come from
//! Tribes' own tokenizer) or by model (segments made from orders, whose customers are made by
//! `tribes rfm` first).

use std::fmt::Write;

use super::assign::TIE;
use super::file::Model;
use crate::error::{Error, Result};
use crate::features::days::DaysTo;
use crate::features::model::{Encoding, FeatureModel, NumberRead};
use crate::read::dates::days_from_civil;
use crate::read::values::{CURRENCY, CURRENCY_CODES};
use crate::schema::kind::MISSING;
use crate::schema::DateFormat;

/// The SQL dialects written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Duckdb,
    /// PostgreSQL, and DataFusion (the engine under Apache Ballista) in its PostgreSQL dialect.
    Postgres,
    Bigquery,
    /// Spark SQL.
    Spark,
}

impl Dialect {
    pub const NAMES: [&'static str; 5] = ["sqlite", "duckdb", "postgres", "bigquery", "spark"];

    pub fn parse(name: &str) -> Option<Dialect> {
        Some(match name.trim().to_ascii_lowercase().as_str() {
            "sqlite" => Dialect::Sqlite,
            "duckdb" => Dialect::Duckdb,
            "postgres" | "postgresql" => Dialect::Postgres,
            "bigquery" => Dialect::Bigquery,
            "spark" => Dialect::Spark,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        Dialect::NAMES[self as usize]
    }
}

/// What the query is for.
#[derive(Debug, Clone)]
pub struct SqlSettings {
    /// The table: a name, or dotted parts (`schema.table`, `project.dataset.table`), each
    /// quoted in the query.
    pub table: String,
    pub dialect: Dialect,
    /// The date days are counted to, as `YYYY-MM-DD`; when not given, as the model's rule says:
    /// to the latest date of its date columns over the whole table (or the day it was made with).
    pub as_of: Option<String>,
    /// The decimal mark of numbers written as text in the table; when not given, the model's
    /// (the `decimal` its source was read with), else `.`.
    pub decimal: Option<char>,
}

/// One refusal: what is wrong, naming the column when there is one.
fn refuse(message: String) -> Error {
    Error::Sql(message)
}

/// The query for `model` on the table of `settings`.
pub fn sql(model: &Model, settings: &SqlSettings) -> Result<String> {
    if model.rfm.is_some() {
        return Err(refuse(
            "the model's segments were made from an orders file: its rows are customers that tribes makes from the orders (tribes rfm), which this SQL does not do; use tribes apply on the orders file".into(),
        ));
    }
    if let Some(t) = model
        .features
        .columns
        .iter()
        .find(|t| matches!(t.encoding, Encoding::Text { .. }))
    {
        return Err(refuse(format!(
            "column \"{}\" is free text: its words are weighed with Tribes' own tokenizer and stemmer, which SQL's built-in functions cannot repeat; segment again without it (or with text weight 0) to score in SQL",
            t.column
        )));
    }
    let decimal = match settings.decimal {
        Some(d) => d,
        None => match model.options.decimal.as_deref().map(str::trim) {
            Some(",") => ',',
            _ => '.',
        },
    };
    if decimal != '.' && decimal != ',' {
        return Err(refuse(format!(
            "the decimal mark \"{decimal}\" is not . or ,"
        )));
    }
    let as_of = settings
        .as_of
        .as_deref()
        .map(super::days::as_of_day)
        .transpose()?;
    let w = Writer {
        d: settings.dialect,
    };
    let table = w.table(&settings.table)?;
    let mut q = Query::new(w, decimal);
    q.build(&model.features, &model.centres, as_of);
    Ok(q.finish(model, &table))
}

/// The steps, in order: each is one common table expression that adds columns to the one
/// before. Step numbers are fixed, so that each kind of work lands at its step whichever
/// columns need it.
const TEXT: usize = 0;
/// Parsing steps 1 to 9 (numbers take all of them, dates seven).
const PARSE: usize = 1;
/// Each feature's value (imputed), a category's code, a list cell normalised.
const VALUE: usize = 10;
/// The encoded dimensions.
const DIMS: usize = 11;
const DISTANCES: usize = 12;
const NEAREST: usize = 13;
const STEPS: usize = 14;

/// `parse_bool`'s words, which it keeps inside itself (its file is part of the embeddable build,
/// whose size is held to the byte); a test holds the two lists together.
const YES: [&str; 12] = [
    "true", "yes", "y", "t", "1", "ja", "j", "wahr", "oui", "vrai", "si", "sí",
];
const NO: [&str; 10] = [
    "false", "no", "n", "f", "0", "nein", "falsch", "non", "faux", "falso",
];

/// A day before any date's: stands for "no date" where NULL cannot.
const NO_DAY: i64 = -99_999_999;

/// A prefix for every column the query adds, so that none takes a table column's name.
const P: &str = "tribes_";

struct Query {
    w: Writer,
    decimal: char,
    /// Per step: the columns it adds, as `expression AS alias`.
    steps: Vec<Vec<String>>,
    /// The table's columns the query reads, in the order first needed.
    keys: Vec<String>,
    /// The days computed, by alias.
    dates: Vec<String>,
    /// What the distances add, one term per dimension, for each centre.
    distance_terms: Vec<Vec<String>>,
}

impl Query {
    fn new(w: Writer, decimal: char) -> Query {
        Query {
            w,
            decimal,
            steps: vec![Vec::new(); STEPS],
            keys: Vec::new(),
            dates: Vec::new(),
            distance_terms: Vec::new(),
        }
    }

    fn add(&mut self, step: usize, alias: &str, expr: String) {
        let alias = self.w.id(alias);
        self.steps[step].push(format!("{expr} AS {alias}"));
    }

    /// A column of the query by its alias.
    fn col(&self, alias: &str) -> String {
        self.w.id(alias)
    }

    /// The index of a table column among the keys, adding it (and its text) when new.
    fn key(&mut self, column: &str) -> usize {
        if let Some(i) = self.keys.iter().position(|k| k == column) {
            return i;
        }
        let i = self.keys.len();
        self.keys.push(column.to_owned());
        let c = self.w.id(column);
        let text = format!("TRIM({})", self.w.text(&c));
        let markers = self.w.strings(MISSING.iter().copied());
        self.add(
            TEXT,
            &format!("{P}t{i}"),
            format!(
                "CASE WHEN {c} IS NULL OR LOWER({text}) IN ({markers}) THEN NULL ELSE {text} END"
            ),
        );
        i
    }

    /// Every step of the features' transforms, and the distance terms to `centres`.
    fn build(&mut self, features: &FeatureModel, centres: &[Vec<f64>], as_of: Option<i64>) {
        self.distance_terms = vec![Vec::new(); centres.len()];
        let mut dim = 0;
        for (f, t) in features.columns.iter().enumerate() {
            let i = self.key(&t.column);
            match &t.encoding {
                Encoding::Number {
                    read,
                    impute,
                    log,
                    center,
                    spread,
                } => {
                    let value = match read {
                        NumberRead::Number => self.number(i, &t.column),
                        NumberRead::Rank(levels) => {
                            let text = self.col(&format!("{P}t{i}"));
                            let mut e = String::from("CASE");
                            for (r, level) in levels.iter().enumerate() {
                                let _ = write!(
                                    e,
                                    " WHEN {text} = {} THEN {}",
                                    self.w.string(level.trim()),
                                    self.w.num(r as f64)
                                );
                            }
                            e + " END"
                        }
                        NumberRead::YesNo => {
                            let lower = format!("LOWER({})", self.col(&format!("{P}t{i}")));
                            format!(
                                "CASE WHEN {lower} IN ({}) THEN {} WHEN {lower} IN ({}) THEN {} END",
                                self.w.strings(YES.iter().copied()),
                                self.w.num(1.0),
                                self.w.strings(NO.iter().copied()),
                                self.w.num(0.0)
                            )
                        }
                        NumberRead::Days { format, to } => {
                            let day = self.date(i, *format);
                            let to = match (as_of, to) {
                                (Some(day), _) => self.w.int(day),
                                (None, DaysTo::Day { day, .. }) => self.w.int(*day),
                                (None, DaysTo::Latest { columns }) => self.latest_of(columns),
                            };
                            format!("CAST({to} - {day} AS {})", self.w.double())
                        }
                    };
                    let v = format!("{P}v{f}");
                    self.add(
                        VALUE,
                        &v,
                        format!("COALESCE({value}, {})", self.w.num(*impute)),
                    );
                    let v = self.col(&v);
                    let logged = if *log {
                        format!(
                            "CASE WHEN {v} < {} THEN {} ELSE {} END",
                            self.w.num(0.0),
                            self.w.num(0.0),
                            self.w.ln_1p(&v)
                        )
                    } else {
                        v
                    };
                    let x = format!("{P}x{dim}");
                    self.add(
                        DIMS,
                        &x,
                        format!(
                            "({logged} - {}) / {}",
                            self.w.num(*center),
                            self.w.num(*spread)
                        ),
                    );
                    let x = self.col(&x);
                    for (j, centre) in centres.iter().enumerate() {
                        let c = self.w.num(centre[dim]);
                        self.distance_terms[j].push(format!("({x} - {c}) * ({x} - {c})"));
                    }
                    dim += 1;
                }
                Encoding::Categories {
                    values,
                    other,
                    impute,
                    weight,
                } => {
                    // The code of the cell's value, as `CategoryIndex` decides it; no code (no
                    // indicator set) for an unseen value in a model without `(other)`.
                    let known = values.len() - usize::from(*other && !values.is_empty());
                    let text = self.col(&format!("{P}t{i}"));
                    let mut e = format!("CASE WHEN {text} IS NULL THEN {impute}");
                    for (code, value) in values[..known].iter().enumerate() {
                        let _ = write!(e, " WHEN {text} = {} THEN {code}", self.w.string(value));
                    }
                    if *other {
                        let _ = write!(e, " ELSE {known}");
                    }
                    e.push_str(" END");
                    let code = format!("{P}k{f}");
                    self.add(VALUE, &code, e);
                    let code = self.col(&code);
                    for j in 0..values.len() {
                        let held = format!("{code} = {j}");
                        self.indicator(centres, dim + j, *weight, &held);
                    }
                    dim += values.len();
                }
                Encoding::Items {
                    separator,
                    items,
                    weight,
                    ..
                } => {
                    let cell = self.list(i, *separator);
                    let sep = separator.to_string();
                    for (j, item) in items.iter().enumerate() {
                        let needle = format!("{sep}{}{sep}", self.list_item(item, *separator));
                        let held =
                            format!("{} > 0", self.w.position(&cell, &self.w.string(&needle)));
                        self.indicator(centres, dim + j, *weight, &held);
                    }
                    dim += items.len();
                }
                // Refused in `sql`, before any step is written.
                Encoding::Text { .. } => {}
            }
        }
    }

    /// The distance terms of one indicator dimension: `weight` when `held`, else 0. Both squared
    /// differences are computed here, as apply computes them, so the engine adds the same bits.
    fn indicator(&mut self, centres: &[Vec<f64>], dim: usize, weight: f64, held: &str) {
        for (j, centre) in centres.iter().enumerate() {
            let c = centre[dim];
            let on = (weight - c) * (weight - c);
            let off = (0.0 - c) * (0.0 - c);
            let term = format!(
                "CASE WHEN {held} THEN {} ELSE {} END",
                self.w.num(on),
                self.w.num(off)
            );
            self.distance_terms[j].push(term);
        }
    }

    /// A cell as a number the way `parse_number` reads it (NULL when missing or not a number).
    fn number(&mut self, i: usize, column: &str) -> String {
        if self.w.d == Dialect::Sqlite {
            self.number_in_steps(i, column)
        } else {
            self.number_by_pattern(i)
        }
    }

    /// `number` with regular expressions: the cell's whole shape checked by one pattern (the
    /// grammar of `parse_number`), then its digits and decimal mark kept.
    fn number_by_pattern(&mut self, i: usize) -> String {
        let w = self.w;
        let t = self.col(&format!("{P}t{i}"));
        let dec = self.decimal;
        let ws = "[ \t\u{a0}\u{202f}]*";
        let d = format!("[{dec}]");
        let thousands: &[char] = if dec == ',' {
            &['.', '\'', ' ', '\u{a0}', '\u{202f}']
        } else {
            &[',', '\'', ' ', '\u{a0}', '\u{202f}']
        };
        let mut int = vec!["0".to_owned(), "[1-9][0-9]*".to_owned()];
        for g in thousands {
            int.push(format!("[0-9]{{1,3}}([{g}][0-9]{{3}})+"));
        }
        let num = format!("(({})({d}[0-9]*)?|{d}[0-9]+)", int.join("|"));
        let mut currency: Vec<String> = CURRENCY_CODES.iter().map(|c| c.to_string()).collect();
        currency.push(format!("[{}]", CURRENCY.iter().collect::<String>()));
        let cur = format!("({})", currency.join("|"));
        let pct = format!("({ws}%)?");
        let forms = [
            format!("-{ws}({cur}{ws})?{num}{pct}"),
            format!("-{ws}{num}{pct}({ws}{cur})?"),
            format!("({cur}{ws})?-?{num}{pct}"),
            format!("-?{num}{pct}({ws}{cur})?"),
            format!("[(]{ws}({cur}{ws})?{num}{pct}{ws}[)]"),
            format!("[(]{ws}{num}{pct}({ws}{cur})?{ws}[)]"),
        ];
        let marked = format!("^({})$", forms.join("|"));
        let mut clean = w.regexp_replace(&t, &w.string(&format!("[^0-9{dec}]")), "''");
        if dec == ',' {
            clean = format!("REPLACE({clean}, ',', '.')");
        }
        let negative = format!("({} > 0 OR SUBSTR({t}, 1, 1) = '(')", w.position(&t, "'-'"));
        let value = format!(
            "CASE WHEN {negative} THEN -{} ELSE {} END",
            w.as_double(&clean),
            w.as_double(&clean)
        );
        let marked = w.regex(&t, &marked);
        let e = if dec == '.' {
            // The reader's fast path: a cell of digits, points, signs and `e` only is a plain
            // decimal or no number.
            let plain = w.regex(
                &t,
                "^[+-]?((0|[1-9][0-9]*)([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?$",
            );
            let plain_chars = w.regex(&t, "^[-+.eE0-9]*$");
            format!(
                "CASE WHEN {plain} THEN {} WHEN {plain_chars} THEN NULL WHEN {marked} THEN {value} END",
                w.as_double(&t)
            )
        } else {
            format!("CASE WHEN {marked} THEN {value} END")
        };
        let n = format!("{P}num{i}");
        self.add(PARSE, &n, e);
        self.col(&n)
    }

    /// `number` in SQLite, which has no regular expressions: each mark taken off in a step of
    /// its own, as `parse_number` does, and what is left checked with GLOB patterns.
    fn number_in_steps(&mut self, i: usize, column: &str) -> String {
        let w = self.w;
        let t = self.col(&format!("{P}t{i}"));
        let a = |q: &Query, step: usize| q.col(&format!("{P}n{step}_{i}"));
        let dec = self.decimal;
        let dec_lit = w.string(&dec.to_string());
        // 1: parentheses (a negative amount).
        let paren = format!("SUBSTR({t}, 1, 1) = '(' AND SUBSTR({t}, LENGTH({t}), 1) = ')'");
        self.add(
            PARSE,
            &format!("{P}n1_{i}"),
            format!("CASE WHEN {paren} THEN TRIM(SUBSTR({t}, 2, LENGTH({t}) - 2)) ELSE {t} END"),
        );
        self.add(
            PARSE,
            &format!("{P}p_{i}"),
            format!("CASE WHEN {paren} THEN 1 ELSE 0 END"),
        );
        // 2: a minus before everything (`-$12`).
        let a1 = a(self, 1);
        self.add(
            PARSE + 1,
            &format!("{P}n2_{i}"),
            format!("CASE WHEN SUBSTR({a1}, 1, 1) = '-' THEN LTRIM(SUBSTR({a1}, 2)) ELSE {a1} END"),
        );
        self.add(
            PARSE + 1,
            &format!("{P}m_{i}"),
            format!("CASE WHEN SUBSTR({a1}, 1, 1) = '-' THEN 1 ELSE 0 END"),
        );
        // 3: a currency code before or after, the first of the list that is either.
        let a2 = a(self, 2);
        let mut e = String::from("CASE");
        let mut found = String::from("CASE");
        for code in CURRENCY_CODES {
            let n = code.chars().count();
            let lit = w.string(code);
            let _ = write!(
                e,
                " WHEN SUBSTR({a2}, 1, {n}) = {lit} THEN TRIM(SUBSTR({a2}, {})) WHEN LENGTH({a2}) >= {n} AND SUBSTR({a2}, LENGTH({a2}) - {}, {n}) = {lit} THEN TRIM(SUBSTR({a2}, 1, LENGTH({a2}) - {n}))",
                n + 1,
                n - 1
            );
            let _ = write!(
                found,
                " WHEN SUBSTR({a2}, 1, {n}) = {lit} OR (LENGTH({a2}) >= {n} AND SUBSTR({a2}, LENGTH({a2}) - {}, {n}) = {lit}) THEN 1",
                n - 1
            );
        }
        let _ = write!(e, " ELSE {a2} END");
        found.push_str(" ELSE 0 END");
        self.add(PARSE + 2, &format!("{P}n3_{i}"), e);
        self.add(PARSE + 2, &format!("{P}c_{i}"), found);
        // 4: a currency sign before or after; a second currency mark makes it no number.
        let a3 = a(self, 3);
        let signs: Vec<String> = CURRENCY.iter().map(|c| w.string(&c.to_string())).collect();
        let list = signs.join(", ");
        let first = format!("SUBSTR({a3}, 1, 1) IN ({list})");
        let last = format!("SUBSTR({a3}, LENGTH({a3}), 1) IN ({list})");
        self.add(
            PARSE + 3,
            &format!("{P}n4_{i}"),
            format!(
                "CASE WHEN {first} THEN TRIM(SUBSTR({a3}, 2)) WHEN {last} THEN TRIM(SUBSTR({a3}, 1, LENGTH({a3}) - 1)) ELSE {a3} END"
            ),
        );
        let c = self.col(&format!("{P}c_{i}"));
        self.add(
            PARSE + 3,
            &format!("{P}b_{i}"),
            format!("CASE WHEN ({first} OR {last}) AND {c} = 1 THEN 1 ELSE 0 END"),
        );
        // 5: a percent sign after.
        let a4 = a(self, 4);
        self.add(
            PARSE + 4,
            &format!("{P}n5_{i}"),
            format!(
                "CASE WHEN SUBSTR({a4}, LENGTH({a4}), 1) = '%' THEN RTRIM(SUBSTR({a4}, 1, LENGTH({a4}) - 1)) ELSE {a4} END"
            ),
        );
        // 6: a minus right before the digits (`$-12`), once only.
        let a5 = a(self, 5);
        self.add(
            PARSE + 5,
            &format!("{P}n6_{i}"),
            format!("CASE WHEN SUBSTR({a5}, 1, 1) = '-' THEN SUBSTR({a5}, 2) ELSE {a5} END"),
        );
        let (p, m, b) = (
            self.col(&format!("{P}p_{i}")),
            self.col(&format!("{P}m_{i}")),
            self.col(&format!("{P}b_{i}")),
        );
        self.add(
            PARSE + 5,
            &format!("{P}s_{i}"),
            format!("CASE WHEN SUBSTR({a5}, 1, 1) = '-' THEN {p} + {m} + 1 ELSE {p} + {m} END"),
        );
        self.add(
            PARSE + 5,
            &format!("{P}bb_{i}"),
            format!(
                "CASE WHEN {b} = 1 OR ({p} = 1 AND {m} = 1) OR ({p} + {m} >= 1 AND SUBSTR({a5}, 1, 1) = '-') THEN 1 ELSE 0 END"
            ),
        );
        // 7: the integer part and the fraction, at the decimal mark.
        let a6 = a(self, 6);
        let at = w.position(&a6, &dec_lit);
        self.add(
            PARSE + 6,
            &format!("{P}ip_{i}"),
            format!("CASE WHEN {at} > 0 THEN SUBSTR({a6}, 1, {at} - 1) ELSE {a6} END"),
        );
        self.add(
            PARSE + 6,
            &format!("{P}fp_{i}"),
            format!("CASE WHEN {at} > 0 THEN SUBSTR({a6}, {at} + 1) END"),
        );
        // The plain form, when the cell has only digits, points, signs and exponents (the
        // reader's fast path, which takes no other form for such a cell): a sign, then the
        // mantissa and the exponent split at the `e`.
        if dec == '.' {
            let signless = format!(
                "CASE WHEN SUBSTR({t}, 1, 1) IN ('+', '-') THEN SUBSTR({t}, 2) ELSE {t} END"
            );
            self.add(PARSE, &format!("{P}q1_{i}"), signless);
            let q1 = a_named(self, "q1", i);
            let e_at = w.position(&format!("LOWER({q1})"), "'e'");
            self.add(
                PARSE + 1,
                &format!("{P}qm_{i}"),
                format!("CASE WHEN {e_at} > 0 THEN SUBSTR({q1}, 1, {e_at} - 1) ELSE {q1} END"),
            );
            self.add(
                PARSE + 1,
                &format!("{P}qe_{i}"),
                format!("CASE WHEN {e_at} > 0 THEN SUBSTR({q1}, {e_at} + 1) END"),
            );
            let qe = a_named(self, "qe", i);
            self.add(
                PARSE + 2,
                &format!("{P}qx_{i}"),
                format!(
                    "CASE WHEN SUBSTR({qe}, 1, 1) IN ('+', '-') THEN SUBSTR({qe}, 2) ELSE {qe} END"
                ),
            );
        }
        // 8: the integer part with its thousands separator (the first character after one to
        // three digits that is one) made a comma, so that one pattern checks the grouping; a
        // second kind of separator stays, and fails it.
        let (ip, fp) = (
            self.col(&format!("{P}ip_{i}")),
            self.col(&format!("{P}fp_{i}")),
        );
        let thousands: Vec<char> = if dec == ',' {
            vec!['.', '\'', ' ', '\u{a0}', '\u{202f}']
        } else {
            vec![',', '\'', ' ', '\u{a0}', '\u{202f}']
        };
        let list = w.strings(
            thousands
                .iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .iter()
                .map(String::as_str),
        );
        let mut g = String::from("CASE");
        for at in 2..=4 {
            let _ = write!(
                g,
                " WHEN SUBSTR({ip}, {at}, 1) IN ({list}) THEN SUBSTR({ip}, {at}, 1)"
            );
        }
        g.push_str(" END");
        self.add(
            PARSE + 7,
            &format!("{P}ig_{i}"),
            format!("REPLACE({ip}, {g}, ',')"),
        );
        // 9: the checks, and the number.
        let ig = self.col(&format!("{P}ig_{i}"));
        let (s, bad) = (
            self.col(&format!("{P}s_{i}")),
            self.col(&format!("{P}bb_{i}")),
        );
        let int_ok = [
            format!("{ip} = ''"),
            format!(
                "({} AND NOT (LENGTH({ip}) > 1 AND SUBSTR({ip}, 1, 1) = '0'))",
                w.matches(&ip, &Pattern::Digits)
            ),
            w.matches(&ig, &Pattern::Grouped),
        ];
        let marked_ok = format!(
            "{bad} = 0 AND ({fp} IS NULL OR {fp} = '' OR {}) AND NOT ({ip} = '' AND ({fp} IS NULL OR {fp} = '')) AND ({})",
            w.matches(&fp, &Pattern::Digits),
            int_ok.join(" OR ")
        );
        let digits = format!(
            "CASE WHEN {} THEN {ip} ELSE REPLACE({ig}, ',', '') END",
            w.matches(&ip, &Pattern::Digits)
        );
        let marked_text = format!(
            "{} || '.' || {}",
            w.coalesce_empty(&digits, "0"),
            w.coalesce_empty(&fp, "0")
        );
        let marked = format!(
            "CASE WHEN {s} > 0 THEN -{} ELSE {} END",
            w.as_double(&marked_text),
            w.as_double(&marked_text)
        );
        let parsed = if dec == '.' {
            let (qm, qx, qe) = (
                a_named(self, "qm", i),
                a_named(self, "qx", i),
                a_named(self, "qe", i),
            );
            let plain_cell = w.matches(&t, &Pattern::PlainChars);
            let plain_ok = format!(
                "{} AND ({qe} IS NULL OR {})",
                w.matches(&qm, &Pattern::Mantissa),
                w.matches(&qx, &Pattern::Digits)
            );
            format!(
                "CASE WHEN {plain_cell} THEN CASE WHEN {plain_ok} THEN {} END WHEN {marked_ok} THEN {marked} END",
                w.as_double(&t)
            )
        } else {
            format!("CASE WHEN {marked_ok} THEN {marked} END")
        };
        let parsed = match w.d {
            // SQLite prints a REAL with 15 digits, not always its value: a cell the engine holds
            // as a number is taken as that number.
            Dialect::Sqlite => {
                let c = w.id(column);
                format!(
                    "CASE WHEN typeof({c}) IN ('integer', 'real') THEN CAST({c} AS REAL) ELSE {parsed} END"
                )
            }
            _ => parsed,
        };
        let n = format!("{P}num{i}");
        self.add(PARSE + 8, &n, parsed);
        self.col(&n)
    }

    /// A date cell's day (days since 1970-01-01), NULL when it is not a date of `format`.
    /// Computed once per column, whichever features and `Latest` days need it.
    fn date(&mut self, i: usize, format: DateFormat) -> String {
        let tag = match format {
            DateFormat::YearMonthDay => "ymd",
            DateFormat::DayMonthYear => "dmy",
            DateFormat::MonthDayYear => "mdy",
            DateFormat::Compact => "c8",
            DateFormat::ExcelSerial => "xs",
        };
        let day = format!("{P}day{i}_{tag}");
        if !self.dates.contains(&day) {
            self.dates.push(day.clone());
            if self.w.d == Dialect::Sqlite {
                self.date_in_steps(i, format, tag, &day);
            } else {
                self.date_by_pattern(i, format, tag, &day);
            }
        }
        self.col(&day)
    }

    /// `date` with regular expressions for the shape and the engine's SPLIT_PART for the parts.
    fn date_by_pattern(&mut self, i: usize, format: DateFormat, tag: &str, day: &str) {
        let w = self.w;
        let t = self.col(&format!("{P}t{i}"));
        let name = |q: &Query, what: &str| q.col(&format!("{P}{what}{i}_{tag}"));
        let int = w.integer();
        match format {
            DateFormat::ExcelSerial => {
                let whole = w.split_part(&w.split_part(&t, ".", 1), ",", 1);
                self.add(
                    PARSE,
                    &format!("{P}sn{i}_{tag}"),
                    format!(
                        "CASE WHEN {} THEN CAST({whole} AS {int}) END",
                        w.regex(&t, "^[0-9]{1,7}([.,][0-9]*)?$")
                    ),
                );
                let n = name(self, "sn");
                self.add(PARSE + 1, day, serial_day(&w, &n));
            }
            DateFormat::Compact => {
                let ok = w.regex(&t, "^[0-9]{8}$");
                for (part, start, len) in [("yy", 1, 4), ("mm", 5, 2), ("dd", 7, 2)] {
                    self.add(
                        PARSE,
                        &format!("{P}{part}{i}_{tag}"),
                        format!(
                            "CASE WHEN {ok} THEN CAST(SUBSTR({t}, {start}, {len}) AS {int}) END"
                        ),
                    );
                }
                self.civil_day(i, tag, day, PARSE + 1);
            }
            _ => {
                // The date before a time (`T` or a space).
                let dp = w.split_part(&w.split_part(&t, " ", 1), "T", 1);
                self.add(PARSE, &format!("{P}dp{i}_{tag}"), dp);
                let dp = name(self, "dp");
                // Year first (`2024-11-30`, as typed engines print a DATE): read so whatever the
                // column's order, since an engine's DATE column prints so.
                let year_first = w.regex(
                    &dp,
                    "^[0-9]{4}([-][0-9]{1,2}[-][0-9]{1,2}|[/][0-9]{1,2}[/][0-9]{1,2})$",
                );
                let other = w.regex(
                    &dp,
                    "^[0-9]{1,2}([-][0-9]{1,2}[-]|[/][0-9]{1,2}[/]|[.][0-9]{1,2}[.])([0-9]{2}|[0-9]{4})$",
                );
                let short = w.regex(&dp, "[^0-9][0-9]{2}$");
                self.add(
                    PARSE + 1,
                    &format!("{P}f{i}_{tag}"),
                    format!(
                        "CASE WHEN {year_first} THEN 1 WHEN {other} THEN CASE WHEN {short} THEN 3 ELSE 2 END ELSE 0 END"
                    ),
                );
                self.add(
                    PARSE + 1,
                    &format!("{P}nd{i}_{tag}"),
                    format!("REPLACE(REPLACE({dp}, '/', '-'), '.', '-')"),
                );
                let (f, nd) = (name(self, "f"), name(self, "nd"));
                for (part, n) in [("a", 1), ("b", 2), ("c", 3)] {
                    self.add(
                        PARSE + 2,
                        &format!("{P}{part}{i}_{tag}"),
                        format!(
                            "CASE WHEN {f} > 0 THEN CAST({} AS {int}) END",
                            w.split_part(&nd, "-", n)
                        ),
                    );
                }
                let (a, b, c) = (name(self, "a"), name(self, "b"), name(self, "c"));
                let year =
                    format!("CASE WHEN {f} = 3 THEN CASE WHEN {c} < 70 THEN 2000 + {c} ELSE 1900 + {c} END ELSE {c} END");
                let (yy, mm, dd) = match format {
                    DateFormat::DayMonthYear => (year, b.clone(), a.clone()),
                    DateFormat::MonthDayYear => (year, a.clone(), b.clone()),
                    _ => ("NULL".into(), "NULL".into(), "NULL".into()),
                };
                for (part, year_first, other) in [("yy", &a, yy), ("mm", &b, mm), ("dd", &c, dd)] {
                    self.add(
                        PARSE + 3,
                        &format!("{P}{part}{i}_{tag}"),
                        format!(
                            "CASE WHEN {f} = 1 THEN {year_first} WHEN {f} > 1 THEN {other} END"
                        ),
                    );
                }
                self.civil_day(i, tag, day, PARSE + 4);
            }
        }
    }

    /// `date` in SQLite: the split done with INSTR and SUBSTR, a step each.
    fn date_in_steps(&mut self, i: usize, format: DateFormat, tag: &str, day: &str) {
        let w = self.w;
        let t = self.col(&format!("{P}t{i}"));
        let name = |q: &Query, what: &str| q.col(&format!("{P}{what}{i}_{tag}"));
        let digits = |e: &str| w.matches(e, &Pattern::Digits);
        match format {
            DateFormat::ExcelSerial => {
                // The whole part, before a point or comma followed only by digits.
                let at = format!(
                    "CASE WHEN {} > 0 THEN {} ELSE {} END",
                    w.position(&t, "'.'"),
                    w.position(&t, "'.'"),
                    w.position(&t, "','")
                );
                self.add(PARSE, &format!("{P}at{i}_{tag}"), at);
                let at = name(self, "at");
                self.add(
                    PARSE + 1,
                    &format!("{P}wh{i}_{tag}"),
                    format!("CASE WHEN {at} > 0 THEN SUBSTR({t}, 1, {at} - 1) ELSE {t} END"),
                );
                self.add(
                    PARSE + 1,
                    &format!("{P}fr{i}_{tag}"),
                    format!("CASE WHEN {at} > 0 THEN SUBSTR({t}, {at} + 1) ELSE '' END"),
                );
                let (wh, fr) = (name(self, "wh"), name(self, "fr"));
                self.add(
                    PARSE + 2,
                    &format!("{P}sn{i}_{tag}"),
                    format!(
                        "CASE WHEN {} AND LENGTH({wh}) <= 7 AND ({fr} = '' OR {}) THEN CAST({wh} AS {}) END",
                        digits(&wh),
                        digits(&fr),
                        w.integer()
                    ),
                );
                let n = name(self, "sn");
                self.add(PARSE + 6, day, serial_day(&w, &n));
            }
            DateFormat::Compact => {
                // Eight digits, year first.
                let ok = format!("LENGTH({t}) = 8 AND {}", digits(&t));
                for (part, start, len) in [("yy", 1, 4), ("mm", 5, 2), ("dd", 7, 2)] {
                    self.add(
                        PARSE + 5,
                        &format!("{P}{part}{i}_{tag}"),
                        format!(
                            "CASE WHEN {ok} THEN CAST(SUBSTR({t}, {start}, {len}) AS {}) END",
                            w.integer()
                        ),
                    );
                }
                self.civil_day(i, tag, day, PARSE + 6);
            }
            _ => {
                // The date before a time (`T` or a space), split at its first separator.
                let cut = format!(
                    "CASE WHEN {tp} > 0 AND ({sp} = 0 OR {tp} < {sp}) THEN {tp} ELSE {sp} END",
                    tp = w.position(&t, "'T'"),
                    sp = w.position(&t, "' '")
                );
                self.add(PARSE, &format!("{P}cut{i}_{tag}"), cut);
                let cut = name(self, "cut");
                self.add(
                    PARSE + 1,
                    &format!("{P}dp{i}_{tag}"),
                    format!("CASE WHEN {cut} > 0 THEN SUBSTR({t}, 1, {cut} - 1) ELSE {t} END"),
                );
                let dp = name(self, "dp");
                // The first part is 1, 2 or 4 digits long in a date: its separator is at 2, 3 or
                // 5. (A cell whose first separator stands elsewhere is no date either way.)
                let seps = "('-', '/', '.')";
                self.add(
                    PARSE + 2,
                    &format!("{P}sp{i}_{tag}"),
                    format!(
                        "CASE WHEN SUBSTR({dp}, 2, 1) IN {seps} THEN 2 WHEN SUBSTR({dp}, 3, 1) IN {seps} THEN 3 WHEN SUBSTR({dp}, 5, 1) IN {seps} THEN 5 ELSE 0 END"
                    ),
                );
                let sp = name(self, "sp");
                self.add(
                    PARSE + 3,
                    &format!("{P}x{i}_{tag}"),
                    format!("SUBSTR({dp}, 1, {sp} - 1)"),
                );
                self.add(
                    PARSE + 3,
                    &format!("{P}r{i}_{tag}"),
                    format!("SUBSTR({dp}, {sp} + 1)"),
                );
                self.add(
                    PARSE + 3,
                    &format!("{P}se{i}_{tag}"),
                    format!("SUBSTR({dp}, {sp}, 1)"),
                );
                let (x, r, se) = (name(self, "x"), name(self, "r"), name(self, "se"));
                let at = w.position(&r, &se);
                self.add(
                    PARSE + 4,
                    &format!("{P}y{i}_{tag}"),
                    format!("CASE WHEN {sp} > 0 AND {at} > 0 THEN SUBSTR({r}, 1, {at} - 1) END"),
                );
                self.add(
                    PARSE + 4,
                    &format!("{P}z{i}_{tag}"),
                    format!("CASE WHEN {sp} > 0 AND {at} > 0 THEN SUBSTR({r}, {at} + 1) END"),
                );
                let (y, z) = (name(self, "y"), name(self, "z"));
                let int = w.integer();
                let num = |e: &str| format!("CAST({e} AS {int})");
                let len = |e: &str, lens: &[usize]| {
                    let l: Vec<String> = lens.iter().map(|n| n.to_string()).collect();
                    format!("LENGTH({e}) IN ({})", l.join(", "))
                };
                let shape = format!("{} AND {} AND {}", digits(&x), digits(&y), digits(&z));
                // Year first (`2024-11-30`, as typed engines print a DATE): read so whatever
                // the column's order, since an engine's DATE column prints so.
                let year_first = format!(
                    "{shape} AND LENGTH({x}) = 4 AND {} AND {} AND {se} <> '.'",
                    len(&y, &[1, 2]),
                    len(&z, &[1, 2])
                );
                let other = format!(
                    "{shape} AND {} AND {} AND {}",
                    len(&x, &[1, 2]),
                    len(&y, &[1, 2]),
                    len(&z, &[2, 4])
                );
                let short = |e: &str| {
                    format!(
                        "CASE WHEN LENGTH({z}) = 2 THEN CASE WHEN {n} < 70 THEN 2000 + {n} ELSE 1900 + {n} END ELSE {n} END",
                        n = num(e)
                    )
                };
                let (yy, mm, dd) = match format {
                    DateFormat::DayMonthYear => (short(&z), num(&y), num(&x)),
                    DateFormat::MonthDayYear => (short(&z), num(&x), num(&y)),
                    _ => ("NULL".into(), "NULL".into(), "NULL".into()),
                };
                let pick = |first: String, then: &str| {
                    if format == DateFormat::YearMonthDay {
                        format!("CASE WHEN {year_first} THEN {first} END")
                    } else {
                        format!("CASE WHEN {year_first} THEN {first} WHEN {other} THEN {then} END")
                    }
                };
                let parts = [
                    ("yy", pick(num(&x), &yy)),
                    ("mm", pick(num(&y), &mm)),
                    ("dd", pick(num(&z), &dd)),
                ];
                for (part, e) in parts {
                    self.add(PARSE + 5, &format!("{P}{part}{i}_{tag}"), e);
                }
                self.civil_day(i, tag, day, PARSE + 6);
            }
        }
    }

    /// The day of checked year, month and day parts (at the step after them): NULL when they make
    /// no calendar date, else Hinnant's days-from-civil in integer arithmetic (every quantity
    /// is at least 0, so truncating division is the floor).
    fn civil_day(&mut self, i: usize, tag: &str, day: &str, step: usize) {
        let w = self.w;
        let name = |what: &str| w.id(&format!("{P}{what}{i}_{tag}"));
        let (y, m, d) = (name("yy"), name("mm"), name("dd"));
        let leap = format!(
            "(({} = 0 AND {} <> 0) OR {} = 0)",
            w.rem(&y, 4),
            w.rem(&y, 100),
            w.rem(&y, 400)
        );
        let month_days = format!(
            "CASE WHEN {m} = 2 THEN CASE WHEN {leap} THEN 29 ELSE 28 END WHEN {m} IN (4, 6, 9, 11) THEN 30 ELSE 31 END"
        );
        let valid = format!("{y} >= 1 AND {m} BETWEEN 1 AND 12 AND {d} BETWEEN 1 AND {month_days}");
        let yy = format!("({y} - CASE WHEN {m} <= 2 THEN 1 ELSE 0 END)");
        let era = w.idiv(&yy, 400);
        let yoe = format!("({yy} - {era} * 400)");
        let mp = format!("(CASE WHEN {m} > 2 THEN {m} - 3 ELSE {m} + 9 END)");
        let doy = format!("({} + {d} - 1)", w.idiv(&format!("(153 * {mp} + 2)"), 5));
        let doe = format!(
            "({yoe} * 365 + {} - {} + {doy})",
            w.idiv(&yoe, 4),
            w.idiv(&yoe, 100)
        );
        let e = format!("CASE WHEN {valid} THEN {era} * 146097 + {doe} - 719468 END");
        self.add(step, day, e);
    }

    /// The latest day of `columns` in the whole table (the largest of each one's largest).
    fn latest_of(&mut self, columns: &[(String, DateFormat)]) -> String {
        let mut parts = Vec::new();
        for (column, format) in columns {
            let i = self.key(column);
            let day = self.date(i, *format);
            // Over every combination of the table's values: the table's latest.
            parts.push(format!("MAX({day}) OVER ()"));
        }
        // The largest of values that may be NULL (a column without a date): NULL only when all
        // are. Written with a stand-in for NULL, since the engines' GREATEST differ on NULL.
        match parts.as_slice() {
            [] => "NULL".into(),
            [one] => one.clone(),
            _ => {
                let none = self.w.int(NO_DAY);
                let each: Vec<String> = parts
                    .iter()
                    .map(|p| format!("COALESCE({p}, {none})"))
                    .collect();
                format!("NULLIF({}, {none})", self.w.greatest(&each))
            }
        }
    }

    /// A list cell lower-cased, without quotes, without spaces around its separators, and with a
    /// separator at each end, so that an item is held when `,item,` is in it.
    fn list(&mut self, i: usize, sep: char) -> String {
        let alias = format!("{P}list{i}");
        let col = self.col(&alias);
        if self.steps[VALUE]
            .iter()
            .any(|e| e.ends_with(&format!("AS {col}")))
        {
            return col;
        }
        let w = self.w;
        let t = self.col(&format!("{P}t{i}"));
        let s = w.string(&sep.to_string());
        let mut e = format!("REPLACE(LOWER({t}), '\"', '')");
        e = w.spaces_around(&e, sep);
        let e = format!("{s} || {e} || {s}");
        self.add(VALUE, &alias, e);
        col
    }

    /// An item as `list` writes it: lower case, spaces around separators and runs of spaces as
    /// the dialect's `spaces_around` leaves them.
    fn list_item(&self, item: &str, sep: char) -> String {
        let mut lower = item.trim().to_lowercase().replace('"', "");
        if self.w.d == Dialect::Sqlite {
            while lower.contains("  ") {
                lower = lower.replace("  ", " ");
            }
        }
        let mut out = String::new();
        for (n, part) in lower.split(sep).enumerate() {
            if n > 0 {
                out.push(sep);
            }
            out.push_str(part.trim_matches(' '));
        }
        out
    }

    /// The common table expressions of the keys and the steps, into `q`; returns the last one's
    /// name.
    fn steps_sql(&self, q: &mut String, table: &str) -> String {
        let w = self.w;
        let keys: Vec<String> = self.keys.iter().map(|k| w.id(k)).collect();
        // SQLite works row by row, by rowid (see `finish`); the others once per combination.
        let rows = if w.d == Dialect::Sqlite {
            format!("rowid AS {}, ", w.id(&format!("{P}rowid")))
        } else {
            "DISTINCT ".into()
        };
        let _ = write!(
            q,
            "WITH {} AS (\n  SELECT {rows}{}\n  FROM {table}\n)",
            w.id(&format!("{P}keys")),
            keys.join(", ")
        );
        let mut previous = w.id(&format!("{P}keys"));
        // SQLite would copy each step's expressions into the next wherever a column is used
        // (its query flattener), and the parsing steps use their columns several times each: the
        // query would grow as the product of those counts. Materialized, each step is computed
        // once.
        let materialized = if w.d == Dialect::Sqlite {
            "MATERIALIZED "
        } else {
            ""
        };
        let mut n = 0;
        for columns in &self.steps {
            if columns.is_empty() {
                continue;
            }
            n += 1;
            let name = w.id(&format!("{P}s{n}"));
            let _ = write!(
                q,
                ",\n{name} AS {materialized}(\n  SELECT *,\n    {}\n  FROM {previous}\n)",
                columns.join(",\n    ")
            );
            previous = name;
        }
        previous
    }

    /// The query: the steps, the distances, the label, the join.
    fn finish(mut self, model: &Model, table: &str) -> String {
        let w = self.w;
        let k = model.k();
        for j in 0..k {
            let sum = if self.distance_terms[j].is_empty() {
                w.num(0.0)
            } else {
                self.distance_terms[j].join("\n      + ")
            };
            self.add(DISTANCES, &format!("{P}d{j}"), sum);
        }
        let ds: Vec<String> = (0..k).map(|j| self.col(&format!("{P}d{j}"))).collect();
        self.add(NEAREST, &format!("{P}dmin"), w.least(&ds));
        let dmin = self.col(&format!("{P}dmin"));
        // apply's rule, to the bit: the limit is `smallest + smallest * TIE`.
        let limit = format!("{dmin} + {dmin} * {}", w.num(TIE));
        let mut label = String::from("CASE");
        for (j, d) in ds.iter().enumerate() {
            let _ = write!(label, " WHEN {d} <= {limit} THEN {j}");
        }
        label.push_str(" ELSE 0 END");

        let keys: Vec<String> = self.keys.iter().map(|k| w.id(k)).collect();
        let mut q = String::new();
        let _ = writeln!(
            q,
            "-- Tribes segments ({} dialect): {} segments on {} columns. Adds segment and segment_name\n-- to every row of {table}; rows come in the engine's order.",
            w.d.name(),
            k,
            model.features.columns.len()
        );
        if w.d == Dialect::Sqlite {
            q.push_str("-- Needs SQLite 3.35 or later with its math functions (ln), as the sqlite3 shell has them.\n");
        }
        let previous = self.steps_sql(&mut q, table);
        let labels = w.id(&format!("{P}labels"));
        // SQLite joins by nested loops unless it has an index, and builds none on the fly for
        // the null-safe `IS` (nor, measured, for one key of quoted values on a materialized
        // table): there, the steps run once per row, each carrying the table's rowid, and the
        // labels find their rows by it (CROSS JOIN keeps the labels as the outer loop).
        let (select, on, from) = if w.d == Dialect::Sqlite {
            let rowid = w.id(&format!("{P}rowid"));
            (
                rowid.clone(),
                format!("t.rowid = {labels}.{rowid}"),
                format!("{labels} CROSS JOIN {table} AS t"),
            )
        } else {
            let on: Vec<String> = keys
                .iter()
                .map(|k| w.same(&format!("t.{k}"), &format!("{labels}.{k}")))
                .collect();
            (
                keys.join(", "),
                on.join("\n  AND "),
                format!("{table} AS t\nJOIN {labels}"),
            )
        };
        let materialized = if w.d == Dialect::Sqlite {
            "MATERIALIZED "
        } else {
            ""
        };
        let _ = write!(
            q,
            ",\n{labels} AS {materialized}(\n  SELECT {select},\n    {label} AS {}\n  FROM {previous}\n)\n",
            w.id("segment")
        );
        let mut name = format!("CASE {labels}.{}", w.id("segment"));
        for s in &model.segments {
            let _ = write!(name, " WHEN {} THEN {}", s.id, w.string(&s.name));
        }
        name.push_str(" END");
        let _ = write!(
            q,
            "SELECT t.*, {labels}.{seg}, {name} AS {}\nFROM {from} ON {}\n",
            w.id("segment_name"),
            on,
            seg = w.id("segment")
        );
        q
    }
}

/// Excel's serial day `n` (an integer column) as days since 1970-01-01, as `serial_to_days`.
fn serial_day(w: &Writer, n: &str) -> String {
    format!(
        "CASE WHEN {n} BETWEEN 1 AND 59 THEN {n} + {} WHEN {n} BETWEEN 61 AND 2958465 THEN {n} + {} END",
        w.int(days_from_civil(1899, 12, 31)),
        w.int(days_from_civil(1899, 12, 30))
    )
}

/// A step's column of `what` for key `i`.
fn a_named(q: &Query, what: &str, i: usize) -> String {
    q.col(&format!("{P}{what}_{i}"))
}

/// What a text must look like, written as a regular expression or, in SQLite (which has none),
/// as GLOB patterns.
enum Pattern {
    /// One or more ASCII digits.
    Digits,
    /// Digits in groups of three after a first group of one to three, separated by commas.
    Grouped,
    /// Only digits, points, signs and `e`: the cells the reader parses as plain decimals.
    PlainChars,
    /// A plain decimal's mantissa: digits with at most one point, at least one digit, and no
    /// leading zero before another digit.
    Mantissa,
}

/// Writes one dialect's SQL.
#[derive(Clone, Copy)]
struct Writer {
    d: Dialect,
}

impl Writer {
    /// A quoted identifier.
    fn id(&self, name: &str) -> String {
        match self.d {
            Dialect::Bigquery => format!("`{}`", name.replace('\\', "\\\\").replace('`', "\\`")),
            Dialect::Spark => format!("`{}`", name.replace('`', "``")),
            _ => format!("\"{}\"", name.replace('"', "\"\"")),
        }
    }

    /// The table's name, each dotted part quoted.
    fn table(&self, name: &str) -> Result<String> {
        let name = name.trim();
        let parts: Vec<&str> = name.split('.').map(str::trim).collect();
        if name.is_empty() || parts.iter().any(|p| p.is_empty()) {
            return Err(refuse(format!(
                "--table \"{name}\" is not a table name (a name, or dotted parts such as schema.table)"
            )));
        }
        if name.chars().any(char::is_control) {
            return Err(refuse("--table: the name holds a control character".into()));
        }
        Ok(parts
            .iter()
            .map(|p| self.id(p))
            .collect::<Vec<_>>()
            .join("."))
    }

    /// A string literal.
    fn string(&self, s: &str) -> String {
        match self.d {
            // Both read backslash escapes in string literals.
            Dialect::Bigquery | Dialect::Spark => format!(
                "'{}'",
                s.replace('\\', "\\\\")
                    .replace('\'', "\\'")
                    .replace('\n', "\\n")
                    .replace('\r', "\\r")
            ),
            _ => format!("'{}'", s.replace('\'', "''")),
        }
    }

    fn strings<'a>(&self, items: impl Iterator<Item = &'a str>) -> String {
        items.map(|s| self.string(s)).collect::<Vec<_>>().join(", ")
    }

    /// A double with exactly the value of `v`: the shortest decimal that reads back as `v`,
    /// with an exponent so that DuckDB and Spark read a double, not a decimal; PostgreSQL reads
    /// any literal with a point as numeric, so there it is cast.
    fn num(&self, v: f64) -> String {
        let mut s = format!("{:e}", v.abs());
        if !s.contains('.') {
            if let Some(i) = s.find('e') {
                s.insert_str(i, ".0");
            }
        }
        let s = s.to_uppercase();
        let s = match self.d {
            Dialect::Postgres => format!("CAST({s} AS DOUBLE PRECISION)"),
            _ => s,
        };
        // Negative zero is written as zero: nothing the query computes tells them apart.
        if v < 0.0 {
            format!("(-{s})")
        } else {
            s
        }
    }

    /// An integer literal.
    fn int(&self, v: i64) -> String {
        if v < 0 {
            format!("({v})")
        } else {
            v.to_string()
        }
    }

    fn double(&self) -> &'static str {
        match self.d {
            Dialect::Sqlite => "REAL",
            Dialect::Postgres => "DOUBLE PRECISION",
            Dialect::Bigquery => "FLOAT64",
            Dialect::Duckdb | Dialect::Spark => "DOUBLE",
        }
    }

    fn integer(&self) -> &'static str {
        match self.d {
            Dialect::Bigquery => "INT64",
            Dialect::Spark => "INT",
            _ => "INTEGER",
        }
    }

    /// Text that is a checked decimal, as a double.
    fn as_double(&self, e: &str) -> String {
        format!("CAST({e} AS {})", self.double())
    }

    /// A value's text.
    fn text(&self, e: &str) -> String {
        match self.d {
            Dialect::Sqlite | Dialect::Postgres => format!("CAST({e} AS TEXT)"),
            Dialect::Duckdb => format!("CAST({e} AS VARCHAR)"),
            Dialect::Bigquery | Dialect::Spark => format!("CAST({e} AS STRING)"),
        }
    }

    /// `e`, or `otherwise` when it is NULL or empty.
    fn coalesce_empty(&self, e: &str, otherwise: &str) -> String {
        format!("CASE WHEN {e} IS NULL OR {e} = '' THEN '{otherwise}' ELSE {e} END")
    }

    /// Where `needle` first is in `haystack`, from 1; 0 when it is not.
    fn position(&self, haystack: &str, needle: &str) -> String {
        match self.d {
            Dialect::Sqlite | Dialect::Spark => format!("INSTR({haystack}, {needle})"),
            _ => format!("STRPOS({haystack}, {needle})"),
        }
    }

    /// Integer division of non-negative integers.
    fn idiv(&self, a: &str, b: i64) -> String {
        match self.d {
            Dialect::Duckdb => format!("({a} // {b})"),
            Dialect::Bigquery => format!("DIV({a}, {b})"),
            Dialect::Spark => format!("({a} DIV {b})"),
            Dialect::Sqlite | Dialect::Postgres => format!("({a} / {b})"),
        }
    }

    fn rem(&self, a: &str, b: i64) -> String {
        match self.d {
            Dialect::Bigquery => format!("MOD({a}, {b})"),
            _ => format!("({a} % {b})"),
        }
    }

    /// `ln(1 + e)`.
    fn ln_1p(&self, e: &str) -> String {
        match self.d {
            Dialect::Spark => format!("LOG1P({e})"),
            _ => format!("LN({} + {e})", self.num(1.0)),
        }
    }

    /// The smallest of values that are never NULL.
    fn least(&self, items: &[String]) -> String {
        match items {
            [one] => one.clone(),
            _ if self.d == Dialect::Sqlite => format!("MIN({})", items.join(", ")),
            _ => format!("LEAST({})", items.join(", ")),
        }
    }

    /// The largest of values that are never NULL.
    fn greatest(&self, items: &[String]) -> String {
        match self.d {
            Dialect::Sqlite => format!("MAX({})", items.join(", ")),
            _ => format!("GREATEST({})", items.join(", ")),
        }
    }

    /// Equality that takes two NULLs as equal.
    fn same(&self, a: &str, b: &str) -> String {
        match self.d {
            Dialect::Sqlite => format!("({a} IS {b})"),
            Dialect::Spark => format!("({a} <=> {b})"),
            _ => format!("({a} IS NOT DISTINCT FROM {b})"),
        }
    }

    /// Spaces around separators removed (and, in SQLite, runs of spaces made one first).
    fn spaces_around(&self, e: &str, sep: char) -> String {
        let s = self.string(&sep.to_string());
        match self.d {
            Dialect::Sqlite => {
                let mut e = e.to_owned();
                for _ in 0..4 {
                    e = format!("REPLACE({e}, '  ', ' ')");
                }
                let before = self.string(&format!(" {sep}"));
                let after = self.string(&format!("{sep} "));
                format!("REPLACE(REPLACE({e}, {before}, {s}), {after}, {s})")
            }
            _ => {
                let pattern = self.string(&format!("[ ]*[{sep}][ ]*"));
                self.regexp_replace(e, &pattern, &s)
            }
        }
    }

    fn regexp_replace(&self, e: &str, pattern: &str, with: &str) -> String {
        match self.d {
            Dialect::Duckdb | Dialect::Postgres => {
                format!("REGEXP_REPLACE({e}, {pattern}, {with}, 'g')")
            }
            _ => format!("REGEXP_REPLACE({e}, {pattern}, {with})"),
        }
    }

    /// The `n`th part (from 1) of `e` split at `sep`; empty past the last.
    fn split_part(&self, e: &str, sep: &str, n: usize) -> String {
        let s = self.string(sep);
        match self.d {
            Dialect::Bigquery => {
                format!("COALESCE(SPLIT({e}, {s})[SAFE_OFFSET({})], '')", n - 1)
            }
            _ => format!("SPLIT_PART({e}, {s}, {n})"),
        }
    }

    /// Whether `e` matches the regular expression `pattern` (written with no backslash, so that
    /// it reads the same in every dialect's string literals). Not SQLite, which has none.
    fn regex(&self, e: &str, pattern: &str) -> String {
        let pat = self.string(pattern);
        match self.d {
            Dialect::Duckdb => format!("REGEXP_MATCHES({e}, {pat})"),
            Dialect::Bigquery => format!("REGEXP_CONTAINS({e}, {pat})"),
            Dialect::Spark => format!("({e} RLIKE {pat})"),
            _ => format!("({e} ~ {pat})"),
        }
    }

    /// Whether `e` (not NULL) has the shape of `p`.
    fn matches(&self, e: &str, p: &Pattern) -> String {
        if self.d == Dialect::Sqlite {
            return glob(e, p);
        }
        let re = match p {
            Pattern::Digits => "^[0-9]+$".to_owned(),
            Pattern::Grouped => "^[0-9]{1,3}(,[0-9]{3})+$".to_owned(),
            Pattern::PlainChars => "^[-+.eE0-9]*$".to_owned(),
            Pattern::Mantissa => "^(0|[1-9][0-9]*)?([.][0-9]*)?$".to_owned(),
        };
        let m = self.regex(e, &re);
        match p {
            Pattern::Mantissa => format!("({m} AND {e} <> '' AND {e} <> '.')"),
            _ => format!("({m})"),
        }
    }
}

/// `matches` in SQLite: GLOB patterns, which have character classes but no repetition, so a
/// grouped number is checked against each count of groups a number can have.
fn glob(e: &str, p: &Pattern) -> String {
    match p {
        Pattern::Digits => format!("({e} <> '' AND {e} NOT GLOB '*[^0-9]*')"),
        Pattern::Grouped => {
            let mut alternatives = Vec::new();
            // Up to six groups of three after the first: every number below 10^21.
            for groups in 1..=6 {
                for first in 1..=3 {
                    let pat = "[0-9]".repeat(first) + &",[0-9][0-9][0-9]".repeat(groups);
                    alternatives.push(format!("{e} GLOB '{pat}'"));
                }
            }
            format!("({})", alternatives.join(" OR "))
        }
        Pattern::PlainChars => format!("({e} NOT GLOB '*[^-+.eE0-9]*')"),
        Pattern::Mantissa => format!(
            "({e} GLOB '*[0-9]*' AND {e} NOT GLOB '*[^0-9.]*' AND {e} NOT GLOB '*.*.*' AND {e} NOT GLOB '0[0-9]*')"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_read_back_as_the_same_double() {
        let w = Writer { d: Dialect::Duckdb };
        assert_eq!(w.num(0.1), "1.0E-1");
        assert_eq!(w.num(-2.5), "(-2.5E0)");
        assert_eq!(w.num(3.0), "3.0E0");
        assert_eq!(w.num(-0.0), "0.0E0");
        for v in [
            0.1,
            1.0 / 3.0,
            -123.456e-7,
            6.02214076e23,
            f64::MIN_POSITIVE,
        ] {
            let text = w.num(v).trim_matches(['(', ')']).to_owned();
            assert_eq!(text.parse::<f64>().unwrap(), v, "{text}");
        }
        let pg = Writer {
            d: Dialect::Postgres,
        };
        assert_eq!(pg.num(-2.5), "(-CAST(2.5E0 AS DOUBLE PRECISION))");
    }

    #[test]
    fn identifiers_and_strings_are_quoted_per_dialect() {
        let sqlite = Writer { d: Dialect::Sqlite };
        assert_eq!(sqlite.id("Total \"Spent\""), "\"Total \"\"Spent\"\"\"");
        assert_eq!(sqlite.string("O'Brien"), "'O''Brien'");
        let bq = Writer {
            d: Dialect::Bigquery,
        };
        assert_eq!(bq.id("Total Spent"), "`Total Spent`");
        assert_eq!(bq.string("O'Brien\\"), "'O\\'Brien\\\\'");
        assert_eq!(
            bq.table("proj.shop.customers").unwrap(),
            "`proj`.`shop`.`customers`"
        );
        let spark = Writer { d: Dialect::Spark };
        assert_eq!(spark.id("a`b"), "`a``b`");
        assert!(sqlite.table("shop..customers").is_err());
        assert!(sqlite.table(" ").is_err());
    }

    #[test]
    fn yes_and_no_are_the_readers_words() {
        use crate::read::values::parse_bool;
        for w in YES {
            assert_eq!(parse_bool(w), Some(true), "{w}");
        }
        for w in NO {
            assert_eq!(parse_bool(w), Some(false), "{w}");
        }
        // And no other short word the reader takes.
        for w in ["yep", "nope", "oui!", "2", "-1", "ok", "on", "off"] {
            assert_eq!(parse_bool(w), None, "{w}");
        }
    }

    #[test]
    fn dialects_are_named() {
        for name in Dialect::NAMES {
            assert_eq!(Dialect::parse(name).unwrap().name(), name);
        }
        assert_eq!(Dialect::parse("PostgreSQL"), Some(Dialect::Postgres));
        assert_eq!(Dialect::parse("mysql"), None);
    }

    #[test]
    fn as_of_is_a_year_first_date() {
        assert_eq!(
            super::super::days::as_of_day("2024-11-30").unwrap(),
            days_from_civil(2024, 11, 30)
        );
        let e = super::super::days::as_of_day("30/11/2024")
            .unwrap_err()
            .to_string();
        assert!(e.contains("(--as-of): \"30/11/2024\""), "{e}");
    }

    /// Each cell of one column, read by the SQL in SQLite (every column TEXT, as `.import`
    /// makes it) and by `encode`, gives the same number to the bit: numbers as people write
    /// them, bands, yes/no words, dates of every form SQL reads, missing and unreadable cells
    /// imputed. The SQL reads only the steps up to the dimensions here, not the labels, so a
    /// wrong value cannot hide behind a right segment.
    fn same_values(read: NumberRead, decimal: char, cells: &[&str]) {
        use crate::features::{encode, Reuse};
        use crate::read::{read as read_csv, ReadSettings};

        const IMPUTED: f64 = -777.0;
        let features = FeatureModel {
            columns: vec![crate::features::model::ColumnTransform {
                column: "v".into(),
                encoding: Encoding::Number {
                    read,
                    impute: IMPUTED,
                    log: false,
                    center: 0.0,
                    spread: 1.0,
                },
            }],
        };
        // An id column keeps a row whose cell is empty from being a blank line.
        let mut csv = String::from("id,v\n");
        for (r, cell) in cells.iter().enumerate() {
            let _ = writeln!(csv, "{r},\"{}\"", cell.replace('"', "\"\""));
        }
        let mut settings = ReadSettings::default();
        settings.dialect.decimal = Some(decimal);
        settings.dialect.delimiter = Some(b',');
        settings.dialect.header = Some(true);
        let table = read_csv(csv.as_bytes(), &settings).unwrap();
        assert_eq!(table.rows(), cells.len());
        let want = encode(&features, &table, &Reuse::default()).unwrap();

        let mut q = Query::new(Writer { d: Dialect::Sqlite }, decimal);
        q.build(&features, &[vec![0.0]], None);
        let mut text = String::new();
        let last = q.steps_sql(&mut text, "cells");
        let x = q.col(&format!("{P}x0"));
        let _ = write!(text, "\nSELECT \"v\", {x} FROM {last}");
        let db = rusqlite::Connection::open_in_memory().unwrap();
        db.execute("CREATE TABLE cells (id TEXT, v TEXT)", [])
            .unwrap();
        for (r, cell) in cells.iter().enumerate() {
            db.execute(
                "INSERT INTO cells VALUES (?1, ?2)",
                (r.to_string(), cell.to_string()),
            )
            .unwrap();
        }
        let mut statement = db.prepare(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        let got: std::collections::HashMap<String, f64> = statement
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, f64>(1)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        let mut wrong = Vec::new();
        for (r, cell) in cells.iter().enumerate() {
            let (sql, rust) = (got[*cell], want[[r, 0]]);
            if sql.to_bits() != rust.to_bits() {
                wrong.push(format!("{cell:?}: SQL {sql}, encode {rust}"));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn numbers_read_in_sqlite_as_encode_reads_them() {
        same_values(
            NumberRead::Number,
            '.',
            &[
                "1234.5",
                "-3",
                "+7",
                ".5",
                "5.",
                ".",
                "0",
                "0.25",
                "00",
                "007",
                "1e5",
                "1E+05",
                "2.5e-3",
                "1e",
                "e5",
                "1.2.3",
                "+-5",
                "12abc",
                "NaN",
                "inf",
                "",
                "NA",
                " n/a ",
                "-",
                "1,234.50",
                "1,23",
                "0,123",
                "1,0000",
                "1,000,000",
                "1'234'567.25",
                "1 234",
                "1\u{a0}234,5",
                "$1,200",
                "-$12",
                "$-12",
                "--5",
                "- 5",
                "(45.00)",
                "(-5)",
                "( 5 )",
                "12%",
                "12 %",
                "5.5%",
                "% 5",
                "USD 99",
                "usd 99",
                "99 USD",
                "5%USD",
                "5USD%",
                "$5%",
                "USD$5",
                "(USD 10)",
                "€ 1,000.00",
                "CHF 1'000",
                "£1,000,000",
                "¥1000",
                "₹ 1,00,000",
                "1.000,00",
                "12,5",
                "5-",
                "١٢",
                " 42 ",
            ],
        );
    }

    #[test]
    fn decimal_comma_numbers_read_in_sqlite_as_encode_reads_them() {
        same_values(
            NumberRead::Number,
            ',',
            &[
                "1.234,5",
                "12,5",
                "1 234,5",
                "€ 3,20",
                "(4,00)",
                "1.5",
                "1,2,3",
                "12",
                "-7,5 %",
                ",5",
                "5,",
                "1.000.000",
                "1.00",
                "-3",
                "NA",
            ],
        );
    }

    #[test]
    fn bands_and_yes_no_read_in_sqlite_as_encode_reads_them() {
        let bands = ["1-10", "11-50", "51-200", "500+"]
            .map(String::from)
            .to_vec();
        same_values(
            NumberRead::Rank(bands),
            '.',
            &["1-10", " 11-50 ", "500+", "201-500", "", "NA", "11-50"],
        );
        same_values(
            NumberRead::YesNo,
            '.',
            &[
                "Yes", "NO", "y", "T", "1", "0", "2", "wahr", "Falsch", "oui", "si", "sí", "",
                "N/A", "maybe", "yes ",
            ],
        );
    }

    #[test]
    fn days_read_in_sqlite_as_encode_reads_them() {
        use crate::features::days::DaysTo;
        let latest = |format: DateFormat| DaysTo::Latest {
            columns: vec![("v".into(), format)],
        };
        let dmy = [
            "31/12/2023",
            "1/2/2024 14:05",
            "01.02.24",
            "29/02/2023",
            "29/02/2024",
            "12-31-2023",
            "1/2/24",
            "31/12/99",
            "01/01/69",
            "5-6-2020T10:00:00Z",
            "",
            "NA",
            "not a date",
            "31/04/2024",
            "3/3/0003",
        ];
        for format in [DateFormat::DayMonthYear, DateFormat::MonthDayYear] {
            same_values(
                NumberRead::Days {
                    format,
                    to: latest(format),
                },
                '.',
                &dmy,
            );
        }
        let ymd = [
            "2024-02-29",
            "2024/2/3",
            "2024.02.03",
            "2024-13-01",
            "2023-02-29",
            "2024-01-05 16:08",
            "2024-01-05T16:08:00+01:00",
            "1999-12-31",
            "",
        ];
        same_values(
            NumberRead::Days {
                format: DateFormat::YearMonthDay,
                to: latest(DateFormat::YearMonthDay),
            },
            '.',
            &ymd,
        );
        same_values(
            NumberRead::Days {
                format: DateFormat::Compact,
                to: DaysTo::Day {
                    day: days_from_civil(2025, 1, 1),
                    written: "2025-01-01".into(),
                },
            },
            '.',
            &[
                "20240229",
                "20230229",
                "2024022",
                "19991231",
                "2024-02-29",
                "",
            ],
        );
        same_values(
            NumberRead::Days {
                format: DateFormat::ExcelSerial,
                to: latest(DateFormat::ExcelSerial),
            },
            '.',
            &[
                "45000", "45000.5", "45000,25", "45000.x", "60", "59", "1", "0", "2958465",
                "12345678", "",
            ],
        );
    }
}
