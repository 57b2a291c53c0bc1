//! A rule per segment that a marketer can type into a CRM filter: at most three conditions on
//! the file's own columns and values ("Total Orders >= 10 and Total Spent >= 1200").
//!
//! The rule is found by a small beam search over conjunctions (as a shallow decision tree's path
//! would be, but judged as a whole): every condition a column offers is tried on a learning set
//! of at most [`LEARN_ROWS`] rows; a rule must keep at least [`MIN_COVERAGE`] of the segment, and
//! each added condition must raise the share of what the rule selects that is the segment (its
//! precision) by at least [`MIN_GAIN`]. The best rule is the most precise one (the shorter on a
//! tie). Its coverage and precision are then counted on every row of the file.
//!
//! Conditions use only columns a CRM holds as filters: numbers, categories, yes/no, bands and
//! lists (tags: `Tags contains VIP`, true when the cell's items, split at the column's separator
//! and trimmed, include the value, ignoring case). Personal columns (names, e-mails, phones,
//! addresses), identifiers, text, dates and outcomes never appear. A blank cell fails a
//! comparison of numbers, `=`, `in` and `contains`, and passes `!=`, as filters in CRMs treat an
//! empty field.

use std::collections::HashMap;

use serde::Serialize;

use super::roles::{outcome, personal};
use crate::cluster::metrics::stratified_sample;
use crate::read::Table;
use crate::schema::{is_missing, list, ColumnSchema, Kind};

/// Rows the search learns on (drawn by segment, so a small segment keeps its rows).
pub const LEARN_ROWS: usize = 5_000;
/// A rule must select at least this share of its segment.
pub const MIN_COVERAGE: f64 = 0.7;
/// ...and at least this share of what it selects must be the segment.
pub const MIN_PRECISION: f64 = 0.5;
/// Each added condition must raise the precision by this much.
pub const MIN_GAIN: f64 = 0.02;
/// At most this many conditions.
pub const MAX_CONDITIONS: usize = 3;
/// Rules kept at each depth of the search.
const BEAM: usize = 4;
/// Values tried with `=` and `!=`, and the largest `in` list.
const MAX_VALUES: usize = 8;
const MAX_IN: usize = 5;

/// What the rules are learned from.
pub struct Data<'a> {
    pub table: &'a Table,
    pub schema: &'a [ColumnSchema],
    /// Numeric columns: table column and values (`NAN` where missing).
    pub numeric: &'a [(usize, Vec<f64>)],
    /// Each row's segment.
    pub labels: &'a [usize],
    /// Seeds the learning sample.
    pub seed: u64,
}

/// A segment's rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Rule {
    /// The conditions joined by "and", numbers written plainly (no thousands separators).
    pub text: String,
    pub conditions: Vec<Condition>,
    /// Share of the segment's rows the rule selects, from 0 to 1.
    pub coverage: f64,
    /// Share of the rows the rule selects that are in the segment, from 0 to 1.
    pub precision: f64,
}

/// One condition: a column of the file, compared with a value of the file.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Condition {
    pub column: String,
    pub op: Op,
    pub value: Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Op {
    #[serde(rename = "<")]
    Less,
    #[serde(rename = "<=")]
    AtMost,
    #[serde(rename = ">")]
    More,
    #[serde(rename = ">=")]
    AtLeast,
    #[serde(rename = "=")]
    Is,
    #[serde(rename = "!=")]
    IsNot,
    #[serde(rename = "in")]
    In,
    #[serde(rename = "contains")]
    Contains,
}

impl Op {
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Less => "<",
            Op::AtMost => "<=",
            Op::More => ">",
            Op::AtLeast => ">=",
            Op::Is => "=",
            Op::IsNot => "!=",
            Op::In => "in",
            Op::Contains => "contains",
        }
    }
}

/// A number (for `<`, `<=`, `>`, `>=`: a value that occurs in the column), a category as written
/// in the file (for `=`, `!=`) or an item of a list column (for `contains`), or a list of
/// categories (for `in`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Value {
    Number(f64),
    Text(String),
    List(Vec<String>),
}

impl Condition {
    fn text(&self) -> String {
        let value = match &self.value {
            Value::Number(v) => v.to_string(),
            Value::Text(t) => t.clone(),
            Value::List(l) => format!("({})", l.join(", ")),
        };
        format!("{} {} {}", self.column, self.op.as_str(), value)
    }

    /// Whether the condition compares numbers: it is decided by [`Condition::holds_number`]
    /// alone, and never needs the cell's text.
    fn on_numbers(&self) -> bool {
        matches!(self.value, Value::Number(_))
    }

    /// Whether a row whose number is `number` (`NAN` when blank or not a number) passes a
    /// comparison of numbers.
    fn holds_number(&self, number: f64) -> bool {
        match (&self.value, self.op) {
            (Value::Number(v), Op::Less) => number < *v,
            (Value::Number(v), Op::AtMost) => number <= *v,
            (Value::Number(v), Op::More) => number > *v,
            (Value::Number(v), Op::AtLeast) => number >= *v,
            _ => false,
        }
    }

    /// Whether a row whose cell is `cell` (split at `separator` for `contains`) passes a
    /// condition on text.
    fn holds_cell(&self, cell: &str, separator: Option<char>) -> bool {
        match (&self.value, self.op) {
            (Value::Text(t), Op::Is) => !is_missing(cell) && cell.trim() == t,
            (Value::Text(t), Op::IsNot) => is_missing(cell) || cell.trim() != t,
            (Value::List(l), Op::In) => !is_missing(cell) && l.iter().any(|v| v == cell.trim()),
            (Value::Text(t), Op::Contains) => {
                let want = list::key(t);
                list::items(cell, separator.unwrap_or(',')).any(|i| list::key(i) == want)
            }
            _ => false,
        }
    }
}

/// A column a rule may use: its table column, its numbers when it is numeric, its separator
/// when it is a list.
struct Column<'a> {
    column: usize,
    name: &'a str,
    numbers: Option<&'a [f64]>,
    separator: Option<char>,
}

/// Each segment's rule (or `None`), for the `k` segments of `inp`.
pub fn rules(inp: &Data, k: usize) -> Vec<Option<Rule>> {
    let columns = usable_columns(inp);
    let n = inp.labels.len();
    if columns.is_empty() || n == 0 || k < 2 {
        return vec![None; k];
    }
    let learn = stratified_sample(inp.labels, k, LEARN_ROWS, inp.seed ^ 0x0075_1e5e);
    (0..k)
        .map(|c| {
            let found = search(inp, &columns, &learn, c)?;
            let rule = measured(inp, &columns, c, found);
            (rule.coverage >= MIN_COVERAGE && rule.precision >= MIN_PRECISION).then_some(rule)
        })
        .collect()
}

fn usable_columns<'a>(inp: &'a Data) -> Vec<Column<'a>> {
    let mut out = Vec::new();
    for (c, schema) in inp.schema.iter().enumerate() {
        if personal(schema) || outcome(schema) {
            continue;
        }
        let numbers = match schema.kind {
            Kind::Numeric => match inp.numeric.iter().find(|(col, _)| *col == c) {
                Some((_, values)) => Some(values.as_slice()),
                None => continue,
            },
            Kind::Categorical | Kind::Boolean | Kind::Ordinal | Kind::List => None,
            Kind::Date | Kind::Text | Kind::Identifier => continue,
        };
        out.push(Column {
            column: c,
            name: &inp.table.headers[c],
            numbers,
            separator: (schema.kind == Kind::List).then(|| schema.separator.unwrap_or(',')),
        });
    }
    out
}

/// Rows of the learning set as bits.
struct Bits(Vec<u64>);

impl Bits {
    fn of(len: usize, mut pass: impl FnMut(usize) -> bool) -> Bits {
        let mut words = vec![0u64; len.div_ceil(64)];
        for (i, w) in words.iter_mut().enumerate() {
            for b in 0..64 {
                let j = i * 64 + b;
                if j < len && pass(j) {
                    *w |= 1 << b;
                }
            }
        }
        Bits(words)
    }

    fn and(&self, other: &Bits) -> Bits {
        Bits(self.0.iter().zip(&other.0).map(|(a, b)| a & b).collect())
    }

    fn count(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }

    fn count_and(&self, other: &Bits) -> usize {
        self.0
            .iter()
            .zip(&other.0)
            .map(|(a, b)| (a & b).count_ones() as usize)
            .sum()
    }
}

/// A candidate condition with the learning rows it passes.
struct Candidate {
    /// Index into the usable columns.
    column: usize,
    condition: Condition,
    bits: Bits,
}

/// The conditions of the most precise rule for segment `c` on the learning rows, if any keeps
/// [`MIN_COVERAGE`] of the segment.
fn search(inp: &Data, columns: &[Column], learn: &[usize], c: usize) -> Option<Vec<Condition>> {
    let m = learn.len();
    let segment = Bits::of(m, |j| inp.labels[learn[j]] == c);
    let size = segment.count();
    if size == 0 || size == m {
        return None;
    }
    let candidates = candidates(inp, columns, learn, c);
    let score = |bits: &Bits| {
        let selected = bits.count();
        let hit = bits.count_and(&segment);
        let coverage = hit as f64 / size as f64;
        let precision = if selected == 0 {
            0.0
        } else {
            hit as f64 / selected as f64
        };
        (coverage, precision)
    };
    // A rule in the beam: its candidates, rows and scores.
    struct Partial {
        parts: Vec<usize>,
        bits: Bits,
        coverage: f64,
        precision: f64,
    }
    let mut beam = vec![Partial {
        parts: Vec::new(),
        bits: Bits::of(m, |_| true),
        coverage: 1.0,
        precision: size as f64 / m as f64,
    }];
    let mut best: Option<Partial> = None;
    for _ in 0..MAX_CONDITIONS {
        let mut next: Vec<Partial> = Vec::new();
        for rule in &beam {
            for (i, cand) in candidates.iter().enumerate() {
                // Never two conditions of the same kind on one column (nor one twice).
                let same = rule.parts.iter().any(|&p| {
                    let other = &candidates[p];
                    other.column == cand.column && other.condition.op == cand.condition.op
                });
                if same {
                    continue;
                }
                let bits = rule.bits.and(&cand.bits);
                let (coverage, precision) = score(&bits);
                if coverage < MIN_COVERAGE || precision < rule.precision + MIN_GAIN {
                    continue;
                }
                let mut parts = rule.parts.clone();
                parts.push(i);
                crate::util::order::sort_ascending(&mut parts);
                // The same conditions, reached from another rule of the beam.
                if next.iter().any(|n| n.parts == parts) {
                    continue;
                }
                next.push(Partial {
                    parts,
                    bits,
                    coverage,
                    precision,
                });
            }
        }
        if next.is_empty() {
            break;
        }
        crate::util::order::sort_by(&mut next, |a, b| {
            b.precision
                .total_cmp(&a.precision)
                .then(b.coverage.total_cmp(&a.coverage))
        });
        next.truncate(BEAM);
        let top = &next[0];
        if best
            .as_ref()
            .is_none_or(|b| top.precision >= b.precision + MIN_GAIN)
        {
            best = Some(Partial {
                parts: top.parts.clone(),
                bits: Bits(top.bits.0.clone()),
                coverage: top.coverage,
                precision: top.precision,
            });
        }
        beam = next;
    }
    let best = best?;
    let mut parts = best.parts;
    // In the order of the file's columns: how a reader finds them.
    let key = |p: usize| {
        (
            columns[candidates[p].column].column,
            candidates[p].condition.op as u8,
        )
    };
    crate::util::order::sort_by(&mut parts, |&a, &b| key(a).cmp(&key(b)));
    Some(
        parts
            .into_iter()
            .map(|p| candidates[p].condition.clone())
            .collect(),
    )
}

/// Every condition worth trying for segment `c`: for a number, `>=` the segment's low quantiles
/// and `<=` its high ones (values that occur in the column); for a category, `=` and `!=` its
/// common values, and `in` the values most over-represented in the segment.
fn candidates(inp: &Data, columns: &[Column], learn: &[usize], c: usize) -> Vec<Candidate> {
    let m = learn.len();
    let mut out = Vec::new();
    for (i, col) in columns.iter().enumerate() {
        // The learning rows' numbers, or their cells, gathered once: every condition of the
        // column then reads them in order, instead of looking each cell up in the table again
        // (which took half the time of a 100,000-row analysis with k given).
        let learned = Learned::of(inp, col, learn);
        let mut push = |condition: Condition| {
            let bits = match &learned {
                Learned::Numbers(v) => Bits::of(m, |j| condition.holds_number(v[j])),
                Learned::Cells(cells) => {
                    Bits::of(m, |j| condition.holds_cell(cells[j], col.separator))
                }
            };
            out.push(Candidate {
                column: i,
                condition,
                bits,
            });
        };
        if let Some(numbers) = col.numbers {
            let mut own: Vec<f64> = learn
                .iter()
                .filter(|&&r| inp.labels[r] == c)
                .map(|&r| numbers[r])
                .filter(|v| !v.is_nan())
                .collect();
            if own.is_empty() {
                continue;
            }
            // The values at the ranks read below, placed by selection: what sorting `own`
            // would put there, for a fraction of the time.
            let last = own.len() - 1;
            let rank = |q: f64| (last as f64 * q).round() as usize;
            let ranks: Vec<usize> = (0..=6)
                .flat_map(|step| [rank(0.05 * step as f64), rank(1.0 - 0.05 * step as f64)])
                .collect();
            crate::util::stats::place_ranks(&mut own, &ranks);
            let at = |q: f64| own[rank(q)];
            let mut tried: Vec<(Op, f64)> = Vec::new();
            for step in 0..=6 {
                let q = 0.05 * step as f64;
                for (op, v) in [(Op::AtLeast, at(q)), (Op::AtMost, at(1.0 - q))] {
                    if !tried.contains(&(op, v)) {
                        tried.push((op, v));
                        push(Condition {
                            column: col.name.to_owned(),
                            op,
                            value: Value::Number(v),
                        });
                    }
                }
            }
        } else if let Some(sep) = col.separator {
            // `contains` each of the list's items most common in the segment, and over-represented
            // in it.
            let cells = inp.table.column(col.column);
            let mut counts: HashMap<String, (usize, usize, &str)> = HashMap::new();
            let mut own = 0usize;
            for &r in learn {
                let here = inp.labels[r] == c;
                own += usize::from(here);
                let mut seen: Vec<String> = Vec::new();
                for item in list::items(cells.get(r), sep) {
                    let k = list::key(item);
                    if !seen.contains(&k) {
                        let e = counts.entry(k.clone()).or_insert((0, 0, item));
                        e.0 += usize::from(here);
                        e.1 += 1;
                        seen.push(k);
                    }
                }
            }
            if own == 0 {
                continue;
            }
            let base = own as f64 / m as f64;
            let mut values: Vec<(String, usize, usize, &str)> = counts
                .into_iter()
                .filter(|(_, (a, b, _))| *a > 0 && *a as f64 / *b as f64 > base)
                .map(|(k, (a, b, shown))| (k, a, b, shown))
                .collect();
            crate::util::order::sort_by(&mut values, |a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            for v in values.iter().take(MAX_VALUES) {
                push(Condition {
                    column: col.name.to_owned(),
                    op: Op::Contains,
                    value: Value::Text(v.3.to_owned()),
                });
            }
        } else {
            let cells = inp.table.column(col.column);
            // value -> (rows in the segment, rows in the learning set)
            let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
            let mut own = 0usize;
            for &r in learn {
                let cell = cells.get(r);
                let here = inp.labels[r] == c;
                own += usize::from(here);
                if !is_missing(cell) {
                    let e = counts.entry(cell.trim()).or_insert((0, 0));
                    e.0 += usize::from(here);
                    e.1 += 1;
                }
            }
            if counts.len() < 2 || own == 0 {
                continue;
            }
            let mut values: Vec<(&str, usize, usize)> =
                counts.into_iter().map(|(v, (a, b))| (v, a, b)).collect();
            // Most common in the segment first (ties by value, so the order repeats).
            crate::util::order::sort_by(&mut values, |a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            let lift = |&(_, a, b): &(&str, usize, usize)| a as f64 / b as f64;
            let base = own as f64 / m as f64;
            for v in values.iter().take(MAX_VALUES) {
                if v.1 > 0 {
                    push(Condition {
                        column: col.name.to_owned(),
                        op: Op::Is,
                        value: Value::Text(v.0.to_owned()),
                    });
                }
            }
            for v in values.iter().filter(|v| lift(v) < base).take(MAX_VALUES) {
                push(Condition {
                    column: col.name.to_owned(),
                    op: Op::IsNot,
                    value: Value::Text(v.0.to_owned()),
                });
            }
            let mut over: Vec<&(&str, usize, usize)> = values
                .iter()
                .filter(|v| v.1 > 0 && lift(v) > base)
                .collect();
            crate::util::order::sort_by(&mut over, |a, b| {
                lift(b).total_cmp(&lift(a)).then(a.0.cmp(b.0))
            });
            for j in 2..=over.len().min(MAX_IN) {
                let mut list: Vec<String> = over[..j].iter().map(|v| v.0.to_owned()).collect();
                crate::util::order::sort_by(&mut list, |a, b| a.cmp(b));
                push(Condition {
                    column: col.name.to_owned(),
                    op: Op::In,
                    value: Value::List(list),
                });
            }
        }
    }
    out
}

/// A column's values on the learning rows, in their order: its numbers when it is numeric
/// (`NAN` where missing), else its cells.
enum Learned<'a> {
    Numbers(Vec<f64>),
    Cells(Vec<&'a str>),
}

impl<'a> Learned<'a> {
    fn of(inp: &'a Data, col: &Column, learn: &[usize]) -> Learned<'a> {
        match col.numbers {
            Some(v) => Learned::Numbers(learn.iter().map(|&r| v[r]).collect()),
            None => {
                let cells = inp.table.column(col.column);
                Learned::Cells(learn.iter().map(|&r| cells.get(r)).collect())
            }
        }
    }
}

/// The rule for segment `c` made of `conditions`, with its coverage and precision counted on
/// every row.
fn measured(inp: &Data, columns: &[Column], c: usize, conditions: Vec<Condition>) -> Rule {
    let which: Vec<&Column> = conditions
        .iter()
        .filter_map(|cond| columns.iter().find(|col| col.name == cond.column))
        .collect();
    let (mut own, mut selected, mut hit) = (0usize, 0usize, 0usize);
    for (r, &l) in inp.labels.iter().enumerate() {
        let passes = conditions.iter().zip(&which).all(|(cond, col)| {
            if cond.on_numbers() {
                cond.holds_number(col.numbers.map_or(f64::NAN, |v| v[r]))
            } else {
                cond.holds_cell(inp.table.column(col.column).get(r), col.separator)
            }
        });
        let here = l == c;
        own += usize::from(here);
        selected += usize::from(passes);
        hit += usize::from(passes && here);
    }
    Rule {
        text: conditions
            .iter()
            .map(Condition::text)
            .collect::<Vec<_>>()
            .join(" and "),
        coverage: hit as f64 / own.max(1) as f64,
        precision: hit as f64 / selected.max(1) as f64,
        conditions,
    }
}
