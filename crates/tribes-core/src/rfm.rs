//! Buyer behaviour from an orders export: one row per order (or order line) in, one row per
//! customer out, with recency, frequency and monetary value (RFM), their scores and the named RFM
//! segment of each customer.
//!
//! - Recency: days from the customer's last order to the as-of date (the file's last order date
//!   unless the user gives one). Frequency: orders, counted as distinct order ids when there is
//!   an order column, else as rows. Monetary: the net total (returns and refunds, negative
//!   amounts, are subtracted) and the mean per order. Tenure: days since the first order.
//! - A row with a negative amount is a return: it nets out of the total but is not an order.
//! - Rows without a customer id, a date or a readable amount are skipped with the reason, row and
//!   column, never silently.
//! - Scores run from 1 to 5 by quintile of rank: a customer's score is `1 + floor(5 b / n)`, where
//!   `b` is the number of customers strictly behind (an older last order for recency, fewer orders
//!   for frequency, a smaller total for monetary). Ties share a score, so when most customers
//!   bought once they all score 1 on frequency, and the next score up may skip a step.
//! - The named segment comes from the recency and frequency scores through [`RULES`], the usual
//!   R x F grid of RFM segmentation; the monetary score is reported beside it.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, ParamError, Result};
use crate::read::values::{date_parts, days_from_parts, parse_number, DateOrder};
use crate::read::{Skipped, Table};
use crate::schema::{self, ColumnSchema, DateFormat, Kind};

/// Which columns hold what, by name, as the user gives them (`tribes rfm --customer ...`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct RfmOptions {
    pub customer: Option<String>,
    pub date: Option<String>,
    /// The order's amount; or `quantity` times `price` when there is no amount column.
    pub amount: Option<String>,
    pub quantity: Option<String>,
    pub price: Option<String>,
    /// Order ids: frequency counts distinct ids instead of rows.
    pub order: Option<String>,
    /// Recency is counted to this date (any form the date column uses, or ISO `2024-12-31`);
    /// the file's last order date when absent.
    pub as_of: Option<String>,
}

/// The columns an orders file was read with.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RfmColumns {
    pub customer: String,
    pub date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantity: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<String>,
}

/// What a file looks like: whether it is one row per order, and the columns that say so.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Guess {
    /// A customer id repeated across rows, a date and an amount were all found.
    pub transactions: bool,
    pub customer: Option<String>,
    pub date: Option<String>,
    pub amount: Option<String>,
    pub quantity: Option<String>,
    pub price: Option<String>,
    pub order: Option<String>,
    /// Why, in words.
    pub evidence: String,
}

/// One customer's behaviour.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CustomerRfm {
    pub customer: String,
    /// ISO dates of the first and last order.
    pub first_order: String,
    pub last_order: String,
    pub recency_days: i64,
    pub frequency: u64,
    pub monetary_total: f64,
    /// Net total per order (the total when the customer has only returns).
    pub monetary_mean: f64,
    pub tenure_days: i64,
    pub r: u8,
    pub f: u8,
    pub m: u8,
    /// The named segment of the R and F scores.
    pub segment: String,
    /// The other columns: the most frequent value, the mean (numbers) or the texts joined (free
    /// text), in the order of `RfmResult::other_columns`.
    pub other: Vec<String>,
}

/// One named segment: its rule and its customers.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RfmSegment {
    pub name: String,
    /// The rule, as `R 4-5, F 4-5`.
    pub rule: String,
    /// What a marketer usually does with it.
    pub action: String,
    pub size: usize,
    pub share: f64,
    pub median_recency_days: Option<f64>,
    pub median_frequency: Option<f64>,
    pub median_monetary_total: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RfmInput {
    /// Data rows read (orders or order lines).
    pub rows: usize,
    /// Rows that went into a customer's figures.
    pub rows_used: usize,
    /// Rows with a negative amount (returns and refunds), netted out.
    pub returns: usize,
    pub customers: usize,
    /// Rows left out, with the reason: the file's own skipped records, then rows without a
    /// customer, a date or an amount.
    pub skipped: Vec<Skipped>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RfmResult {
    pub input: RfmInput,
    pub columns: RfmColumns,
    /// ISO date recency is counted to.
    pub as_of: String,
    pub other_columns: Vec<String>,
    pub customers: Vec<CustomerRfm>,
    /// Every named segment of [`RULES`], in that order, empty ones included.
    pub segments: Vec<RfmSegment>,
}

/// A named segment: recency and frequency score ranges (inclusive), and what to do about it.
pub struct Rule {
    pub name: &'static str,
    pub r: (u8, u8),
    pub f: (u8, u8),
    pub action: &'static str,
}

/// The R x F grid: every pair of scores falls in exactly one rule (a test checks all 25).
pub const RULES: [Rule; 11] = [
    Rule {
        name: "Champions",
        r: (5, 5),
        f: (4, 5),
        action: "Reward them; ask for reviews and referrals; early access to new products",
    },
    Rule {
        name: "Loyal",
        r: (3, 4),
        f: (4, 5),
        action: "Upsell higher-value products; a loyalty programme",
    },
    Rule {
        name: "Potential loyalist",
        r: (4, 5),
        f: (2, 3),
        action: "Membership or loyalty offers; recommend related products",
    },
    Rule {
        name: "New",
        r: (5, 5),
        f: (1, 1),
        action: "Onboarding: a welcome series, help with a second purchase",
    },
    Rule {
        name: "Promising",
        r: (4, 4),
        f: (1, 1),
        action: "Build the habit: a time-limited offer, brand awareness",
    },
    Rule {
        name: "Need attention",
        r: (3, 3),
        f: (3, 3),
        action: "Limited-time offers based on past purchases; reactivate before they slip",
    },
    Rule {
        name: "About to sleep",
        r: (3, 3),
        f: (1, 2),
        action: "Share popular products; a discount to reconnect",
    },
    Rule {
        name: "At risk",
        r: (1, 2),
        f: (3, 4),
        action: "Personal emails and offers to win them back",
    },
    Rule {
        name: "Can't lose them",
        r: (1, 2),
        f: (5, 5),
        action: "Win them back with your best offers; ask what went wrong",
    },
    Rule {
        name: "Hibernating",
        r: (1, 2),
        f: (1, 2),
        action: "Offer other relevant products and special discounts",
    },
    Rule {
        name: "Lost",
        r: (1, 1),
        f: (1, 1),
        action: "Revive interest with a reach-out campaign, or leave them be",
    },
];

/// The named segment of a pair of scores. "Lost" (R 1, F 1) comes before "Hibernating", which
/// covers the rest of R 1-2, F 1-2.
pub fn segment_of(r: u8, f: u8) -> &'static str {
    let inside = |(lo, hi): (u8, u8), v: u8| lo <= v && v <= hi;
    RULES
        .iter()
        .rev()
        .find(|rule| inside(rule.r, r) && inside(rule.f, f))
        .map_or("Unscored", |rule| rule.name)
}

fn rule_text(rule: &Rule) -> String {
    let range = |(lo, hi): (u8, u8)| {
        if lo == hi {
            lo.to_string()
        } else {
            format!("{lo}-{hi}")
        }
    };
    let mut text = format!("R {}, F {}", range(rule.r), range(rule.f));
    if rule.name == "Hibernating" {
        text.push_str(" (but not R 1, F 1)");
    }
    text
}

/// Scores from 1 to 5 by quintile of rank, ties sharing a score: `1 + floor(5 b / n)` with `b`
/// the number of values strictly below.
pub fn scores(values: &[f64]) -> Vec<u8> {
    let n = values.len();
    let mut order: Vec<usize> = (0..n).collect();
    crate::util::order::sort_indices(&mut order, &mut |a, b| values[a].total_cmp(&values[b]));
    let mut out = vec![1u8; n];
    let mut below = 0;
    for (rank, &i) in order.iter().enumerate() {
        if rank > 0 && values[order[rank - 1]] != values[i] {
            below = rank;
        }
        out[i] = (1 + 5 * below / n.max(1)).min(5) as u8;
    }
    out
}

/// Whether a file is one row per order, and which columns say so.
pub fn guess(table: &Table, schema: &[ColumnSchema]) -> Guess {
    let rows = table.rows().max(1);
    let named = |c: &ColumnSchema, words: &[&str]| {
        let n = c.name.to_lowercase();
        words.iter().any(|w| n.contains(w))
    };
    let date = schema.iter().find(|c| c.kind == Kind::Date);
    let order = schema.iter().find(|c| {
        named(
            c,
            &[
                "order",
                "invoice",
                "transaction",
                "receipt",
                "bestell",
                "rechnung",
                "commande",
            ],
        ) && !named(c, &["date", "time", "status", "total", "amount"])
    });
    // A customer id repeats: fewer distinct values than rows, but more than a handful.
    let repeats = |c: &&ColumnSchema| {
        matches!(c.kind, Kind::Identifier | Kind::Categorical | Kind::Numeric)
            && c.distinct >= 2
            && c.distinct < rows
            && Some(c.name.as_str()) != order.map(|o| o.name.as_str())
    };
    let customer = schema.iter().filter(repeats).find(|c| {
        named(
            c,
            &[
                "customer", "client", "email", "user", "member", "account", "buyer", "kunde",
                "shopper",
            ],
        )
    });
    let numeric = |c: &&ColumnSchema| c.kind == Kind::Numeric;
    let amount = schema.iter().filter(numeric).find(|c| {
        named(
            c,
            &[
                "amount", "total", "revenue", "sales", "spend", "value", "betrag", "umsatz",
                "montant",
            ],
        ) && !named(c, &["qty", "quantity", "count"])
    });
    let quantity = schema
        .iter()
        .filter(numeric)
        .find(|c| named(c, &["qty", "quantity", "units", "menge"]));
    let price = schema
        .iter()
        .filter(numeric)
        .find(|c| named(c, &["price", "preis", "prix"]) && !named(c, &["total"]));
    let has_amount = amount.is_some() || (quantity.is_some() && price.is_some());
    let transactions = customer.is_some() && date.is_some() && has_amount;
    let name = |c: Option<&ColumnSchema>| c.map(|c| c.name.clone());
    let evidence = match (customer, date, has_amount) {
        (Some(c), Some(d), true) => format!(
            "{} customers in {} rows (\"{}\" repeats), dated by \"{}\"",
            c.distinct,
            table.rows(),
            c.name,
            d.name
        ),
        _ => {
            let mut missing = Vec::new();
            if customer.is_none() {
                missing.push("a customer column that repeats across rows");
            }
            if date.is_none() {
                missing.push("a date column");
            }
            if !has_amount {
                missing.push("an amount column (or quantity and price)");
            }
            format!("no {}", missing.join(", "))
        }
    };
    Guess {
        transactions,
        customer: name(customer),
        date: name(date),
        amount: name(amount),
        quantity: if amount.is_none() {
            name(quantity)
        } else {
            None
        },
        price: if amount.is_none() { name(price) } else { None },
        order: name(order),
        evidence,
    }
}

/// The columns to read: the user's, the guess for the rest.
struct Resolved {
    customer: usize,
    date: usize,
    amount: Option<usize>,
    quantity: Option<usize>,
    price: Option<usize>,
    order: Option<usize>,
}

fn column(table: &Table, option: &'static str, name: &str) -> Result<usize> {
    table.headers.iter().position(|h| h == name).ok_or_else(|| {
        Error::Param(ParamError::UnknownColumn {
            option,
            name: name.to_owned(),
            available: table.headers.join(", "),
        })
    })
}

fn resolve(table: &Table, g: &Guess, o: &RfmOptions) -> Result<Resolved> {
    let pick = |option: &'static str, given: &Option<String>, guessed: &Option<String>| {
        given
            .as_ref()
            .or(guessed.as_ref())
            .map(|name| column(table, option, name))
            .transpose()
    };
    let need = |what: &str, flag: &str| {
        Error::Param(ParamError::Malformed(format!(
            "rfm: no {what} column was found; name it with {flag}"
        )))
    };
    let customer = pick("customer", &o.customer, &g.customer)?
        .ok_or_else(|| need("customer", "customer (--customer)"))?;
    let date = pick("date", &o.date, &g.date)?.ok_or_else(|| need("date", "date (--date)"))?;
    let given_product = o.quantity.is_some() || o.price.is_some();
    let amount = if given_product && o.amount.is_none() {
        None
    } else {
        pick("amount", &o.amount, &g.amount)?
    };
    let (quantity, price) = if amount.is_some() {
        (None, None)
    } else {
        (
            pick("quantity", &o.quantity, &g.quantity)?,
            pick("price", &o.price, &g.price)?,
        )
    };
    if amount.is_none() && (quantity.is_none() || price.is_none()) {
        return Err(need(
            "amount",
            "amount (--amount), or quantity and price (--quantity, --price)",
        ));
    }
    let order = pick("order", &o.order, &g.order)?;
    Ok(Resolved {
        customer,
        date,
        amount,
        quantity,
        price,
        order,
    })
}

/// The order of day, month and year in a date column: the schema's when it typed the column a
/// date, else the order that reads the most of its cells.
fn date_order(table: &Table, schema: &[ColumnSchema], c: usize) -> DateOrder {
    if let Some(f) = schema.get(c).and_then(|s| s.date_format) {
        return f.order();
    }
    [
        DateFormat::YearMonthDay,
        DateFormat::DayMonthYear,
        DateFormat::MonthDayYear,
    ]
    .into_iter()
    .map(DateFormat::order)
    .max_by_key(|&order| {
        table
            .column(c)
            .iter()
            .take(5_000)
            .filter(|cell| {
                date_parts(cell)
                    .and_then(|p| days_from_parts(p, order))
                    .is_some()
            })
            .count()
    })
    .unwrap_or(DateOrder::YearMonthDay)
}

/// `days since 1970-01-01` as `YYYY-MM-DD`.
pub fn iso(days: i64) -> String {
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

/// A customer's running figures.
#[derive(Default)]
struct Acc {
    first: i64,
    last: i64,
    last_order: Option<i64>,
    rows: u64,
    orders: u64,
    total: f64,
    seen_orders: Option<std::collections::HashSet<String>>,
    other: Vec<Other>,
}

/// A non-RFM column's running summary for one customer.
enum Other {
    Counts(HashMap<String, (usize, usize)>),
    Sum(f64, usize),
    Text(Vec<String>),
}

/// How other columns are summed up: numbers by their mean, free text joined, the rest by their
/// most frequent value.
#[derive(Clone, Copy)]
enum Summary {
    Mode,
    Mean,
    Join,
}

/// Joined free text is cut at this many characters per customer.
const MAX_JOINED: usize = 2_000;

/// One row per customer from one row per order. `progress(fraction)` is called as rows go by;
/// when it returns `false`, the work stops with `Error::Cancelled`.
pub fn aggregate(
    table: &Table,
    schema: &[ColumnSchema],
    options: &RfmOptions,
    progress: &mut dyn FnMut(f64) -> bool,
) -> Result<RfmResult> {
    let guessed = guess(table, schema);
    let cols = resolve(table, &guessed, options)?;
    let order_of_dates = date_order(table, schema, cols.date);
    let number = table.dialect.number;
    let used: Vec<usize> = [
        Some(cols.customer),
        Some(cols.date),
        cols.amount,
        cols.quantity,
        cols.price,
        cols.order,
    ]
    .into_iter()
    .flatten()
    .collect();
    let others: Vec<(usize, Summary)> = (0..table.headers.len())
        .filter(|c| !used.contains(c))
        .map(|c| {
            let summary = match schema.get(c).map(|s| s.kind) {
                Some(Kind::Numeric) => Summary::Mean,
                Some(Kind::Text) => Summary::Join,
                _ => Summary::Mode,
            };
            (c, summary)
        })
        .collect();
    let name = |c: usize| table.headers[c].clone();
    let mut skipped: Vec<Skipped> = table.skipped.clone();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut accs: Vec<Acc> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let (mut used_rows, mut returns) = (0usize, 0usize);
    let rows = table.rows();
    let skip = |skipped: &mut Vec<Skipped>, r: usize, reason: String| {
        skipped.push(Skipped {
            row: table.record_of_row[r] as u64 + 1,
            line: table.line_of_row[r],
            reason,
        });
    };
    for r in 0..rows {
        if r % 65_536 == 0 && !progress(r as f64 / rows.max(1) as f64) {
            return Err(Error::Cancelled);
        }
        let cell = |c: usize| table.cells.get(r, c).trim();
        let customer = cell(cols.customer);
        if customer.is_empty() || schema::is_missing(customer) {
            skip(
                &mut skipped,
                r,
                format!("no customer id in column \"{}\"", name(cols.customer)),
            );
            continue;
        }
        let date_text = cell(cols.date);
        let Some(day) = date_parts(date_text).and_then(|p| days_from_parts(p, order_of_dates))
        else {
            let reason = if date_text.is_empty() || schema::is_missing(date_text) {
                format!("no date in column \"{}\"", name(cols.date))
            } else {
                format!(
                    "column \"{}\": \"{date_text}\" is not a date",
                    name(cols.date)
                )
            };
            skip(&mut skipped, r, reason);
            continue;
        };
        let read = |c: usize| -> std::result::Result<f64, String> {
            let t = cell(c);
            parse_number(t, number).ok_or_else(|| {
                if t.is_empty() || schema::is_missing(t) {
                    format!("no amount in column \"{}\"", name(c))
                } else {
                    format!("column \"{}\": \"{t}\" is not a number", name(c))
                }
            })
        };
        let amount = match (cols.amount, cols.quantity, cols.price) {
            (Some(a), _, _) => read(a),
            (None, Some(q), Some(p)) => read(q).and_then(|q| read(p).map(|p| q * p)),
            _ => Err("no amount".to_owned()),
        };
        let amount = match amount {
            Ok(a) => a,
            Err(reason) => {
                skip(&mut skipped, r, reason);
                continue;
            }
        };
        used_rows += 1;
        let slot = *index.entry(customer.to_owned()).or_insert_with(|| {
            names.push(customer.to_owned());
            accs.push(Acc {
                first: day,
                last: day,
                seen_orders: cols.order.map(|_| Default::default()),
                other: others
                    .iter()
                    .map(|&(_, s)| match s {
                        Summary::Mode => Other::Counts(HashMap::new()),
                        Summary::Mean => Other::Sum(0.0, 0),
                        Summary::Join => Other::Text(Vec::new()),
                    })
                    .collect(),
                ..Acc::default()
            });
            accs.len() - 1
        });
        let acc = &mut accs[slot];
        acc.first = acc.first.min(day);
        acc.last = acc.last.max(day);
        acc.rows += 1;
        acc.total += amount;
        if amount < 0.0 {
            returns += 1;
        } else {
            acc.last_order = Some(acc.last_order.map_or(day, |d| d.max(day)));
            match (&mut acc.seen_orders, cols.order) {
                (Some(seen), Some(o)) => {
                    let id = cell(o);
                    // A line without an order id is an order of its own.
                    if id.is_empty() || seen.insert(id.to_owned()) {
                        acc.orders += 1;
                    }
                }
                _ => acc.orders += 1,
            }
        }
        for (slot, &(c, _)) in acc.other.iter_mut().zip(&others) {
            let v = cell(c);
            if v.is_empty() || schema::is_missing(v) {
                continue;
            }
            match slot {
                Other::Counts(counts) => {
                    let next = counts.len();
                    counts.entry(v.to_owned()).or_insert((0, next)).0 += 1;
                }
                Other::Sum(sum, n) => {
                    if let Some(x) = parse_number(v, number) {
                        *sum += x;
                        *n += 1;
                    }
                }
                Other::Text(texts) => {
                    let len: usize = texts.iter().map(|t| t.len() + 3).sum();
                    if len < MAX_JOINED {
                        texts.push(v.to_owned());
                    }
                }
            }
        }
    }
    if accs.is_empty() {
        return Err(Error::Param(ParamError::Malformed(format!(
            "rfm: no row has a customer, a date and an amount ({} rows skipped; the first: {})",
            skipped.len(),
            skipped.first().map_or("none".to_owned(), |s| format!(
                "row {}: {}",
                s.row, s.reason
            ))
        ))));
    }
    let last_day = accs.iter().map(|a| a.last).max().unwrap_or(0);
    let as_of = match &options.as_of {
        None => last_day,
        Some(text) => {
            let t = text.trim();
            let day = date_parts(t)
                .and_then(|p| {
                    days_from_parts(p, order_of_dates)
                        .or_else(|| days_from_parts(p, DateOrder::YearMonthDay))
                })
                .ok_or_else(|| {
                    Error::Param(ParamError::Malformed(format!(
                        "option asOf (--as-of): \"{t}\" is not a date (write it as 2024-12-31)"
                    )))
                })?;
            if day < last_day {
                return Err(Error::Param(ParamError::Malformed(format!(
                    "option asOf (--as-of): {} is before the file's last order, {}",
                    iso(day),
                    iso(last_day)
                ))));
            }
            day
        }
    };
    let n = accs.len();
    let recency: Vec<i64> = accs
        .iter()
        .map(|a| as_of - a.last_order.unwrap_or(a.last))
        .collect();
    // Fewer days since the last order is better: score the negated recency.
    let r = scores(&recency.iter().map(|&d| -(d as f64)).collect::<Vec<_>>());
    let f = scores(&accs.iter().map(|a| a.orders as f64).collect::<Vec<_>>());
    let m = scores(&accs.iter().map(|a| a.total).collect::<Vec<_>>());
    let customers: Vec<CustomerRfm> = accs
        .into_iter()
        .zip(names)
        .enumerate()
        .map(|(i, (a, customer))| CustomerRfm {
            customer,
            first_order: iso(a.first),
            last_order: iso(a.last_order.unwrap_or(a.last)),
            recency_days: recency[i],
            frequency: a.orders,
            monetary_total: a.total,
            monetary_mean: a.total / a.orders.max(1) as f64,
            tenure_days: as_of - a.first,
            r: r[i],
            f: f[i],
            m: m[i],
            segment: segment_of(r[i], f[i]).to_owned(),
            other: a.other.into_iter().map(summarise).collect(),
        })
        .collect();
    let segments = RULES
        .iter()
        .map(|rule| {
            let members: Vec<&CustomerRfm> = customers
                .iter()
                .filter(|c| c.segment == rule.name)
                .collect();
            let median = |v: Vec<f64>| -> Option<f64> {
                let mut v = v;
                v.sort_by(f64::total_cmp);
                (!v.is_empty()).then(|| crate::util::stats::quantile(&v, 0.5))
            };
            RfmSegment {
                name: rule.name.to_owned(),
                rule: rule_text(rule),
                action: rule.action.to_owned(),
                size: members.len(),
                share: members.len() as f64 / n as f64,
                median_recency_days: median(
                    members.iter().map(|c| c.recency_days as f64).collect(),
                ),
                median_frequency: median(members.iter().map(|c| c.frequency as f64).collect()),
                median_monetary_total: median(members.iter().map(|c| c.monetary_total).collect()),
            }
        })
        .collect();
    skipped.sort_by_key(|s| s.row);
    progress(1.0);
    Ok(RfmResult {
        input: RfmInput {
            rows: table.records,
            rows_used: used_rows,
            returns,
            customers: n,
            skipped,
        },
        columns: RfmColumns {
            customer: name(cols.customer),
            date: name(cols.date),
            amount: cols.amount.map(name),
            quantity: cols.quantity.map(name),
            price: cols.price.map(name),
            order: cols.order.map(name),
        },
        as_of: iso(as_of),
        other_columns: others.iter().map(|&(c, _)| name(c)).collect(),
        customers,
        segments,
    })
}

fn summarise(other: Other) -> String {
    match other {
        Other::Counts(counts) => counts
            .into_iter()
            // The most frequent; on a tie, the first seen.
            .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))
            .map(|(v, _)| v)
            .unwrap_or_default(),
        Other::Sum(sum, n) if n > 0 => crate::util::stats::short(sum / n as f64),
        Other::Sum(..) => String::new(),
        Other::Text(texts) => texts.join(" | "),
    }
}

/// The per-customer table as CSV: what `tribes rfm` prints and `tribes analyze` reads.
pub fn to_csv(result: &RfmResult) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let mut header: Vec<String> = [
        "customer",
        "first_order",
        "last_order",
        "recency_days",
        "frequency",
        "monetary_total",
        "monetary_mean",
        "tenure_days",
        "r_score",
        "f_score",
        "m_score",
        "rfm_score",
        "rfm_segment",
    ]
    .map(str::to_owned)
    .to_vec();
    header.extend(result.other_columns.iter().cloned());
    let _ = w.write_record(&header);
    let money = |v: f64| crate::util::stats::short((v * 100.0).round() / 100.0);
    for c in &result.customers {
        let mut row = vec![
            c.customer.clone(),
            c.first_order.clone(),
            c.last_order.clone(),
            c.recency_days.to_string(),
            c.frequency.to_string(),
            money(c.monetary_total),
            money(c.monetary_mean),
            c.tenure_days.to_string(),
            c.r.to_string(),
            c.f.to_string(),
            c.m.to_string(),
            format!("{}{}{}", c.r, c.f, c.m),
            c.segment.clone(),
        ];
        row.extend(c.other.iter().cloned());
        let _ = w.write_record(&row);
    }
    w.into_inner().unwrap_or_default()
}

/// The columns k-means segments customers on, each log-scaled (`ln(1 + x)`).
pub const SEGMENT_ON: [&str; 3] = ["recency_days", "frequency", "monetary_total"];

/// The options of the k-means step: `options` with the columns, their kinds and the log set for
/// RFM (the page segments the per-customer table with these).
pub fn segment_options(options: &crate::Options) -> crate::Options {
    let mut o = options.clone();
    o.columns = Some(SEGMENT_ON.map(str::to_owned).to_vec());
    o.exclude.clear();
    o.log = "all".into();
    // Two behaviour groups tell a marketer less than the R and F scores already do; unless the
    // user chose the range, auto k starts at 3. On the sample orders (xtask's orders.rs) the
    // silhouette is 0.647 at k = 2 and 0.636 at k = 5, where each planted group is a segment.
    if o.k_min == crate::Options::default().k_min {
        o.k_min = 3.0;
    }
    for c in SEGMENT_ON {
        o.kinds.insert(c.to_owned(), "numeric".to_owned());
    }
    // One row per customer: the customer column names each row, whatever it looks like.
    o.kinds
        .insert("customer".to_owned(), "identifier".to_owned());
    o
}

/// k-means beside the named segments: the per-customer table (as `to_csv` writes it, read back)
/// segmented on log-scaled recency, frequency and monetary total. `options` gives k, the seed and
/// the rest; its columns, kinds and log are set here, and auto k starts at 3. A total below zero (a customer whose
/// returns outweigh their orders) keeps that column from the log, as the option `log` says.
pub fn segment(
    result: &RfmResult,
    options: &crate::Options,
    seed: u32,
    progress: &mut dyn FnMut(crate::Progress) -> bool,
) -> Result<(Table, crate::AnalysisResult)> {
    let table = crate::read::read(&to_csv(result), &crate::ReadOptions::default())?;
    let checked = segment_options(options).check(seed)?;
    let analysis = crate::analyze_table(&table, &checked, progress)?;
    Ok((table, analysis))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{read, ReadOptions};

    fn run(csv: &str, options: &RfmOptions) -> Result<RfmResult> {
        let table = read(csv.as_bytes(), &ReadOptions::default())?;
        let schema = schema::infer(&table);
        aggregate(&table, &schema, options, &mut |_| true)
    }

    /// Ten order lines, worked by hand (as of 2024-03-10, the last order):
    /// - A: orders 1 and 2 (two lines of order 2), 100 + 50 + 25 = 175 over 2 orders; last order
    ///   2024-03-01, 9 days before; first 2024-01-05, 26 + 29 + 10 = 65 days before.
    /// - B: order 3 for 200 and a refund of 50 (not an order): 150 in 1 order; 2024-02-10, 29
    ///   days before (2024 is a leap year).
    /// - C: 30 on 2024-03-10: 0 days. D: 40 on 2024-03-05 with no order id (an order of its
    ///   own): 5 days.
    /// - Three rows skipped: no customer, no date, 2024-13-40.
    ///
    /// Scores, 1 + floor(5 b / 4) with b the customers strictly behind:
    /// - R on -recency (B -29, A -9, D -5, C 0): B 1, A 2, D 3, C 4.
    /// - F (B, C, D 1 order; A 2): B, C, D 1; A 4.
    /// - M (C 30, D 40, B 150, A 175): C 1, D 2, B 3, A 4.
    ///
    /// Segments: A R2 F4 at risk, B R1 F1 lost, C R4 F1 promising, D R3 F1 about to sleep.
    const TEN: &str = "order_id,customer,date,amount,channel
1,A,2024-01-05,100,web
2,A,2024-03-01,50,shop
2,A,2024-03-01,25,shop
3,B,2024-02-10,200,web
4,B,2024-02-10,-50,web
5,C,2024-03-10,30,web
,D,2024-03-05,40,web
6,,2024-03-06,10,web
7,E,,10,web
8,E,2024-13-40,10,web
";

    /// customer, recency, frequency, total, mean, tenure, [r, f, m], segment.
    type Row<'a> = (&'a str, i64, u64, f64, f64, i64, [u8; 3], &'a str);

    #[test]
    fn ten_rows_worked_by_hand() {
        let o = RfmOptions {
            customer: Some("customer".into()),
            date: Some("date".into()),
            amount: Some("amount".into()),
            order: Some("order_id".into()),
            ..RfmOptions::default()
        };
        let r = run(TEN, &o).unwrap();
        assert_eq!(r.as_of, "2024-03-10");
        assert_eq!(
            (
                r.input.rows,
                r.input.rows_used,
                r.input.returns,
                r.input.customers
            ),
            (10, 7, 1, 4)
        );
        let skipped: Vec<(u64, &str)> = r
            .input
            .skipped
            .iter()
            .map(|s| (s.row, s.reason.as_str()))
            .collect();
        assert_eq!(
            skipped,
            [
                (8, "no customer id in column \"customer\""),
                (9, "no date in column \"date\""),
                (10, "column \"date\": \"2024-13-40\" is not a date"),
            ]
        );
        let got: Vec<Row> = r
            .customers
            .iter()
            .map(|c| {
                (
                    c.customer.as_str(),
                    c.recency_days,
                    c.frequency,
                    c.monetary_total,
                    c.monetary_mean,
                    c.tenure_days,
                    [c.r, c.f, c.m],
                    c.segment.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("A", 9, 2, 175.0, 87.5, 65, [2, 4, 4], "At risk"),
                ("B", 29, 1, 150.0, 150.0, 29, [1, 1, 3], "Lost"),
                ("C", 0, 1, 30.0, 30.0, 0, [4, 1, 1], "Promising"),
                ("D", 5, 1, 40.0, 40.0, 5, [3, 1, 2], "About to sleep"),
            ]
        );
        assert_eq!(r.customers[0].first_order, "2024-01-05");
        assert_eq!(r.customers[0].last_order, "2024-03-01");
        assert_eq!(r.other_columns, ["channel"]);
        // A bought twice in the shop and once on the web.
        assert_eq!(r.customers[0].other, ["shop"]);
        let csv = String::from_utf8(to_csv(&r)).unwrap();
        assert_eq!(
            csv.lines().nth(1),
            Some("A,2024-01-05,2024-03-01,9,2,175,87.5,65,2,4,4,244,At risk,shop")
        );
        // Recency to a later date; an earlier one is refused.
        let later = run(
            TEN,
            &RfmOptions {
                as_of: Some("2024-03-20".into()),
                ..o.clone()
            },
        )
        .unwrap();
        assert_eq!(later.customers[2].recency_days, 10);
        let e = run(
            TEN,
            &RfmOptions {
                as_of: Some("2024-03-01".into()),
                ..o
            },
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .contains("before the file's last order, 2024-03-10"),
            "{e}"
        );
    }

    #[test]
    fn an_orders_file_is_recognised_and_a_customer_list_is_not() {
        let mut orders = String::from("Order ID,Customer Email,Order Date,Qty,Unit Price,Note\n");
        for i in 0..40 {
            orders.push_str(&format!(
                "{},c{}@example.com,2024-0{}-1{},{},{}.50,thanks\n",
                1000 + i,
                i % 7,
                1 + i % 9,
                i % 10,
                1 + i % 3,
                10 + i % 5
            ));
        }
        let table = read(orders.as_bytes(), &ReadOptions::default()).unwrap();
        let g = guess(&table, &schema::infer(&table));
        assert!(g.transactions, "{}", g.evidence);
        assert_eq!(g.customer.as_deref(), Some("Customer Email"));
        assert_eq!(g.date.as_deref(), Some("Order Date"));
        assert_eq!(g.order.as_deref(), Some("Order ID"));
        assert_eq!(
            (g.amount, g.quantity.as_deref(), g.price.as_deref()),
            (None, Some("Qty"), Some("Unit Price"))
        );
        // Quantity times price: customer c0 has rows 0, 7, 14, 21, 28, 35.
        let r = run(&orders, &RfmOptions::default()).unwrap();
        let c0 = r
            .customers
            .iter()
            .find(|c| c.customer == "c0@example.com")
            .unwrap();
        let want: f64 = [0, 7, 14, 21, 28, 35]
            .iter()
            .map(|&i| f64::from(1 + i % 3) * (10.5 + f64::from(i % 5)))
            .sum();
        assert_eq!((c0.frequency, c0.monetary_total), (6, want));

        let customers = "id,city,spend\n1,Boston,10\n2,Austin,20\n3,Boston,30\n";
        let table = read(customers.as_bytes(), &ReadOptions::default()).unwrap();
        let g = guess(&table, &schema::infer(&table));
        assert!(!g.transactions);
        assert!(g.evidence.contains("a date column"), "{}", g.evidence);
        let e = run(customers, &RfmOptions::default()).unwrap_err();
        assert!(e.to_string().contains("--customer"), "{e}");
    }

    #[test]
    fn every_named_segment_has_its_cells_of_the_grid() {
        let want = [
            ((5, 5), "Champions"),
            ((5, 4), "Champions"),
            ((4, 4), "Loyal"),
            ((3, 5), "Loyal"),
            ((4, 2), "Potential loyalist"),
            ((5, 3), "Potential loyalist"),
            ((5, 1), "New"),
            ((4, 1), "Promising"),
            ((3, 3), "Need attention"),
            ((3, 1), "About to sleep"),
            ((3, 2), "About to sleep"),
            ((2, 3), "At risk"),
            ((1, 4), "At risk"),
            ((1, 5), "Can't lose them"),
            ((2, 5), "Can't lose them"),
            ((2, 2), "Hibernating"),
            ((1, 2), "Hibernating"),
            ((2, 1), "Hibernating"),
            ((1, 1), "Lost"),
        ];
        for ((r, f), name) in want {
            assert_eq!(segment_of(r, f), name, "R {r} F {f}");
        }
        // All 25 cells are named, each rule names at least one, and only R 1 F 1 matches two
        // rules (Lost is checked first).
        let mut names = std::collections::BTreeSet::new();
        for r in 1..=5 {
            for f in 1..=5 {
                let matching = RULES
                    .iter()
                    .filter(|x| (x.r.0..=x.r.1).contains(&r) && (x.f.0..=x.f.1).contains(&f))
                    .count();
                assert_eq!(
                    matching,
                    if (r, f) == (1, 1) { 2 } else { 1 },
                    "R {r} F {f}"
                );
                names.insert(segment_of(r, f));
            }
        }
        assert_eq!(names.len(), RULES.len());
    }

    #[test]
    fn scores_are_quintiles_of_rank_and_ties_share_one() {
        assert_eq!(scores(&[10.0, 20.0, 30.0, 40.0, 50.0]), [1, 2, 3, 4, 5]);
        assert_eq!(scores(&[1.0, 1.0, 1.0, 2.0]), [1, 1, 1, 4]);
        assert_eq!(scores(&[7.0; 3]), [1, 1, 1]);
        assert_eq!(scores(&[]), Vec::<u8>::new());
        let ten: Vec<f64> = (0..10).map(f64::from).collect();
        assert_eq!(scores(&ten), [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    }

    #[test]
    fn iso_dates_round_trip() {
        for (y, m, d) in [(1970, 1, 1), (2024, 2, 29), (1999, 12, 31), (2000, 3, 1)] {
            let days = crate::read::values::days_from_civil(y, m, d);
            assert_eq!(iso(days), format!("{y:04}-{m:02}-{d:02}"));
        }
    }
}
