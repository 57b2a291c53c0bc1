//! Two files, one customer: a customers file (who they are) and its orders file (how they buy),
//! joined on a key, so that segments can use both.
//!
//! - The key is a column of the customers file (an identifier, or a personal column such as the
//!   e-mail) and the orders' customer column. Keys are compared trimmed and without regard to
//!   case: exports write the same e-mail address as `Ann@Example.com` and `ann@example.com`.
//! - When the user names no pair, every identifier or personal column of the customers file is
//!   measured against the orders' customer column and the orders' own identifier and personal
//!   columns, on both sides: the share of customers whose key is among the orders' customers,
//!   and the share of orders whose customer is in the customers file. The pair with the highest
//!   sum wins.
//! - Each customer row gets the orders' figures: `orders`, `order_total`, `average_order`,
//!   `days_since_last_order`, `days_since_first_order` and `rfm_segment`. A customer with no
//!   order has 0 orders and a total of 0, and the RFM segment "Never ordered": a group of its
//!   own, not missing data. Their days since an order and their average order are empty, since
//!   there is no order to count them from. A customer row without a key gets empty figures: it
//!   cannot be told whether they ordered.
//! - Orders whose customer is not in the customers file are counted and listed like skipped
//!   rows, so every row of both files is accounted for.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::result::{CustomerRfm, RfmColumns, RfmResult};
use crate::error::Result;
use crate::read::{Skipped, Table};
use crate::schema::{is_missing, ColumnSchema, Kind, Lens, Role};
use crate::util::stats::short;

/// The columns the join adds, in this order.
pub const JOINED: [&str; 6] = [
    "orders",
    "order_total",
    "average_order",
    "days_since_last_order",
    "days_since_first_order",
    "rfm_segment",
];

/// The RFM segment of a customer with no order.
pub const NEVER_ORDERED: &str = "Never ordered";

/// Rows of each file measured when guessing the key: enough to tell a key from a column that
/// merely shares a few values, without a set of every cell of every candidate column.
const MEASURE_ROWS: usize = 100_000;

/// Candidate columns measured per file, at most.
const MAX_CANDIDATES: usize = 16;

/// How a customer with no order, and one without a key, are treated: said in the report.
const NEVER_ORDERED_NOTE: &str = "a customer with no order has orders 0 and order_total 0, and rfm_segment \"Never ordered\": a group of its own, not missing data; days_since_last_order, days_since_first_order and average_order stay empty (there is no order to count from), and segmenting fills them with the median as for any missing value, so the zero orders and total set these customers apart";

/// A key as compared: trimmed and lower-cased; `None` for an empty or missing cell.
pub fn key(cell: &str) -> Option<String> {
    let t = cell.trim();
    if t.is_empty() || is_missing(t) {
        None
    } else {
        Some(t.to_lowercase())
    }
}

/// A pair of columns and how well their values match, on each side.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct KeyPair {
    /// The customers file's column.
    pub customers: String,
    /// The orders file's customer column.
    pub orders: String,
    /// Share of the customers (rows with a key) whose key is among the orders' customers.
    pub customers_matched: f64,
    /// Share of the orders (rows with a customer) whose customer is in the customers file.
    pub orders_matched: f64,
}

/// Where each row of the orders file went.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OrdersAccount {
    /// Data records of the orders file: `joined + unmatched + skipped`.
    pub records: usize,
    /// Rows counted in a customer's figures (later line items of an order included).
    pub joined: usize,
    /// Rows whose customer is not in the customers file (listed in `unmatched_rows`).
    pub unmatched: usize,
    /// Rows the orders step left out (no customer, date or amount; not an order), listed in
    /// `skipped_rows`.
    pub skipped: usize,
    /// Distinct customers of the orders file that are not in the customers file.
    pub unmatched_customers: usize,
    pub unmatched_rows: Vec<Skipped>,
    pub skipped_rows: Vec<Skipped>,
}

/// What the join did: the key, how many matched, and where every row of both files went.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct JoinReport {
    /// The key used, with its match rates.
    pub key: KeyPair,
    /// `given` (the option `join`) or `measured`.
    pub chosen: String,
    /// Every pair measured, best first (empty when the key was given).
    pub candidates: Vec<KeyPair>,
    /// The orders file's columns the figures were read from.
    pub columns: RfmColumns,
    /// ISO date the days since an order are counted to.
    pub as_of: String,
    /// The columns added to the customers file.
    pub added: Vec<String>,
    /// Rows of the customers file (kept rows; its skipped records are in `input.skipped`):
    /// `matched + never_ordered + without_key`.
    pub customers: usize,
    /// Customers with at least one order.
    pub matched: usize,
    /// Customers with a key and no order: "Never ordered".
    pub never_ordered: usize,
    /// Customer rows with an empty key: their order columns are empty.
    pub without_key: usize,
    /// Customer rows whose key an earlier row already has: each gets the same orders.
    pub duplicate_keys: usize,
    /// How customers with no order are treated, in words.
    pub never_ordered_note: String,
    pub orders: OrdersAccount,
    /// What the user should know (a key that matches few orders...).
    pub warnings: Vec<String>,
}

/// The keys of column `c` in the first `MEASURE_ROWS` rows, and how many rows had one.
fn keys_of(table: &Table, c: usize) -> (HashSet<String>, Vec<String>) {
    let mut set = HashSet::new();
    let mut rows = Vec::new();
    for cell in table.column(c).iter().take(MEASURE_ROWS) {
        if let Some(k) = key(cell) {
            set.insert(k.clone());
            rows.push(k);
        }
    }
    (set, rows)
}

/// Share of `rows` whose key is in `set`.
fn share(rows: &[String], set: &HashSet<String>) -> f64 {
    if rows.is_empty() {
        return 0.0;
    }
    rows.iter().filter(|k| set.contains(*k)).count() as f64 / rows.len() as f64
}

/// How well column `c` of the customers matches column `o` of the orders, on both sides.
pub fn rates(customers: &Table, c: usize, orders: &Table, o: usize) -> KeyPair {
    let (ours, our_rows) = keys_of(customers, c);
    let (theirs, their_rows) = keys_of(orders, o);
    KeyPair {
        customers: customers.headers[c].clone(),
        orders: orders.headers[o].clone(),
        customers_matched: share(&our_rows, &theirs),
        orders_matched: share(&their_rows, &ours),
    }
}

/// Whether most of the first present values of column `c` are e-mail addresses.
fn emails(table: &Table, c: usize) -> bool {
    let sample: Vec<&str> = table
        .column(c)
        .iter()
        .map(str::trim)
        .filter(|v| !v.is_empty() && !is_missing(v))
        .take(200)
        .collect();
    let like = |v: &&&str| {
        v.split_once('@')
            .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'))
            && !v.contains(' ')
    };
    !sample.is_empty() && sample.iter().filter(like).count() * 5 >= sample.len() * 4
}

/// Columns that can name a customer in both files: identifiers and e-mail addresses. Not
/// street addresses, phones or names, which a household or two namesakes share.
fn key_columns(table: &Table, schema: &[ColumnSchema], first: Option<usize>) -> Vec<usize> {
    let mut out: Vec<usize> = first.into_iter().collect();
    for (c, s) in schema.iter().enumerate() {
        let key = match s.role {
            Role::Identifier => !matches!(s.kind, Kind::Date | Kind::Boolean),
            Role::Personal => emails(table, c),
            _ => false,
        };
        if key && s.distinct > 1 && !out.contains(&c) {
            out.push(c);
        }
    }
    out.truncate(MAX_CANDIDATES);
    out
}

/// Every pair of key columns measured, best first: the customers file's identifier and
/// personal columns against the orders' customer column (`orders_customer`, first) and the
/// orders' own identifier and personal columns.
pub fn measure(
    customers: &Table,
    customers_schema: &[ColumnSchema],
    orders: &Table,
    orders_schema: &[ColumnSchema],
    orders_customer: Option<usize>,
) -> Vec<KeyPair> {
    let ours: Vec<(usize, HashSet<String>, Vec<String>)> =
        key_columns(customers, customers_schema, None)
            .into_iter()
            .map(|c| {
                let (set, rows) = keys_of(customers, c);
                (c, set, rows)
            })
            .collect();
    let mut pairs = Vec::new();
    for (rank, o) in key_columns(orders, orders_schema, orders_customer)
        .into_iter()
        .enumerate()
    {
        let (theirs, their_rows) = keys_of(orders, o);
        if theirs.is_empty() {
            continue;
        }
        for (c, set, rows) in &ours {
            if rows.is_empty() {
                continue;
            }
            pairs.push((
                rank,
                KeyPair {
                    customers: customers.headers[*c].clone(),
                    orders: orders.headers[o].clone(),
                    customers_matched: share(rows, &theirs),
                    orders_matched: share(&their_rows, set),
                },
            ));
        }
    }
    // The best first. Sums within 0.01 are equals: of those, the orders' customer column
    // first (it is ranked first), then the earlier columns (the sort is stable).
    let score = |p: &KeyPair| ((p.customers_matched + p.orders_matched) * 100.0).round() as i64;
    crate::util::order::sort_by(&mut pairs, |(ra, a), (rb, b)| {
        score(b).cmp(&score(a)).then(ra.cmp(rb))
    });
    pairs.into_iter().map(|(_, p)| p).collect()
}

/// A number as the customers file writes numbers (its decimal mark), to two decimals at most.
fn number(v: f64, decimal: char) -> String {
    let s = short((v * 100.0).round() / 100.0);
    if decimal == '.' {
        s
    } else {
        s.replace('.', &decimal.to_string())
    }
}

/// The joined table: the customers table with the `JOINED` columns, and its schema.
pub struct Joined {
    pub table: Table,
    pub schema: Vec<ColumnSchema>,
    pub report: JoinReport,
}

/// The customers table (`customers`, its column `key_column` the key) with each customer's
/// figures from `rfm`, whose customers are keys as `key` makes them. `orders` is the orders
/// table `rfm` was aggregated from (its customer column `orders_column`), for the account of its
/// rows; `infer` types the joined table.
#[allow(clippy::too_many_arguments)]
pub fn join(
    customers: &Table,
    key_column: usize,
    rfm: &RfmResult,
    orders: &Table,
    orders_column: usize,
    pair: KeyPair,
    candidates: Vec<KeyPair>,
    infer: impl Fn(&Table) -> Vec<ColumnSchema>,
) -> Result<Joined> {
    let by_key: HashMap<&str, &CustomerRfm> = rfm
        .customers
        .iter()
        .map(|c| (c.customer.as_str(), c))
        .collect();
    let decimal = customers.dialect.number.decimal;
    let taken: HashSet<String> = customers.headers.iter().map(|h| h.to_lowercase()).collect();
    let added: Vec<String> = JOINED
        .iter()
        .map(|&name| {
            let mut n = name.to_owned();
            while taken.contains(&n.to_lowercase()) {
                n.push_str("_orders");
            }
            n
        })
        .collect();
    // Each customer row's figures, as cells.
    let (mut matched, mut never, mut without, mut duplicates) = (0, 0, 0, 0);
    let mut seen: HashSet<String> = HashSet::new();
    let mut keys_here: HashSet<String> = HashSet::new();
    let figures: Vec<[String; 6]> = (0..customers.rows())
        .map(|r| {
            let Some(k) = key(customers.cells.get(r, key_column)) else {
                without += 1;
                return Default::default();
            };
            if !seen.insert(k.clone()) {
                duplicates += 1;
            }
            keys_here.insert(k.clone());
            match by_key.get(k.as_str()) {
                Some(c) => {
                    matched += 1;
                    [
                        c.frequency.to_string(),
                        number(c.monetary_total, decimal),
                        number(c.monetary_mean, decimal),
                        c.recency_days.to_string(),
                        c.tenure_days.to_string(),
                        c.segment.clone(),
                    ]
                }
                None => {
                    never += 1;
                    [
                        "0".into(),
                        "0".into(),
                        String::new(),
                        String::new(),
                        String::new(),
                        NEVER_ORDERED.into(),
                    ]
                }
            }
        })
        .collect();
    let width = customers.headers.len();
    let mut headers = customers.headers.clone();
    headers.extend(added.iter().cloned());
    let table = customers.with_columns(headers, |r, c| {
        if c < width {
            Cow::Borrowed(customers.cells.get(r, c))
        } else {
            Cow::Owned(figures[r][c - width].clone())
        }
    })?;
    drop(figures);

    // Every row of the orders file: skipped by the orders step, joined, or unmatched.
    let skipped_records: HashSet<u64> = rfm.input.skipped.iter().map(|s| s.row).collect();
    let mut unmatched_rows = Vec::new();
    let mut unmatched_customers: HashSet<String> = HashSet::new();
    let column_name = &orders.headers[orders_column];
    for r in 0..orders.rows() {
        let row = orders.record_of_row[r] as u64 + 1;
        if skipped_records.contains(&row) {
            continue;
        }
        let Some(k) = key(orders.cells.get(r, orders_column)) else {
            continue;
        };
        if !keys_here.contains(&k) {
            let line = orders.line_of_row[r];
            unmatched_rows.push(Skipped {
                row,
                line,
                reason: format!(
                    "its customer (column \"{column_name}\") is not in the customers file"
                ),
                place: orders.place(row, line),
            });
            unmatched_customers.insert(k);
        }
    }
    let account = OrdersAccount {
        records: rfm.input.rows,
        joined: rfm
            .input
            .rows
            .saturating_sub(rfm.input.skipped.len() + unmatched_rows.len()),
        unmatched: unmatched_rows.len(),
        skipped: rfm.input.skipped.len(),
        unmatched_customers: unmatched_customers.len(),
        unmatched_rows,
        skipped_rows: rfm.input.skipped.clone(),
    };
    let mut warnings = Vec::new();
    if pair.orders_matched < 0.5 {
        warnings.push(format!(
            "only {:.0}% of the orders have a customer in the customers file by \"{}\" = \"{}\": check the key (join)",
            pair.orders_matched * 100.0,
            pair.customers,
            pair.orders
        ));
    }
    if let Some(note) = &rfm.note {
        warnings.push(note.clone());
    }
    if duplicates > 0 {
        warnings.push(format!(
            "{duplicates} customer rows share their \"{}\" with an earlier row: each of them gets the same orders",
            pair.customers
        ));
    }

    // The customers' own columns keep their kinds and roles; the added ones are the orders'
    // behaviour, numbers segmented on, and the named RFM segment, described per segment only
    // (it repeats what the numbers say).
    let mut schema = infer(&table);
    // (kind, role, evidence) of each added column, in `JOINED`'s order.
    let added_schema: [(Kind, Role, &str); 6] = [
        (Kind::Numeric, Role::Feature, "orders counted for the customer in the orders file (0: never ordered)"),
        (Kind::Numeric, Role::Feature, "the net total of the customer's orders (0: never ordered)"),
        (Kind::Numeric, Role::Profile, "the customer's net total per order (empty: never ordered); described per segment, not segmented on, as it is order_total divided by orders"),
        (Kind::Numeric, Role::Feature, "days from the customer's last order to the as-of date (empty: never ordered)"),
        (Kind::Numeric, Role::Feature, "days from the customer's first order to the as-of date (empty: never ordered)"),
        (Kind::Categorical, Role::Profile, "the named RFM segment of the customer's orders (\"Never ordered\" without any); described per segment, not segmented on, as it repeats the order figures"),
    ];
    for (s, &(kind, role, evidence)) in schema.iter_mut().skip(width).zip(&added_schema) {
        s.lens = Lens::Behaviour;
        if s.kind != kind && kind == Kind::Numeric {
            s.evidence = format!("from the orders file, a number ({})", s.evidence);
            s.kind = kind;
        }
        s.role = role;
        s.role_evidence = format!("from the orders file: {evidence}");
    }
    let report = JoinReport {
        key: pair,
        chosen: if candidates.is_empty() {
            "given"
        } else {
            "measured"
        }
        .into(),
        candidates,
        columns: rfm.columns.clone(),
        as_of: rfm.as_of.clone(),
        added,
        customers: customers.rows(),
        matched,
        never_ordered: never,
        without_key: without,
        duplicate_keys: duplicates,
        never_ordered_note: NEVER_ORDERED_NOTE.into(),
        orders: account,
        warnings,
    };
    Ok(Joined {
        table,
        schema,
        report,
    })
}
