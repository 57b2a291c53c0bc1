//! One row per customer from one row per order: the figures, their scores and named segments.

use std::collections::HashMap;

use super::guess::{guess, Guess};
use super::result::{CustomerRfm, RfmColumns, RfmInput, RfmResult, RfmSegment};
use super::rules::{rule_text, scores, segment_of, Cutoffs, RULES};
use super::settings::RfmSettings;
use crate::error::{Error, ParamError, Result};
use crate::read::formats::fold;
use crate::read::values::{day_of, days_from_parts, iso_date as iso, parse_number, DateOrder};
use crate::read::{Skipped, Table};
use crate::schema::{self, ColumnSchema, DateFormat, Kind};

/// The columns to read: the user's, the guess for the rest.
struct Resolved {
    customer: usize,
    date: usize,
    amount: Option<usize>,
    quantity: Option<usize>,
    price: Option<usize>,
    order: Option<usize>,
    /// Refunds netted out of the amount (a known export's, for its own amount column).
    refunded: Option<usize>,
    /// Rows whose status (folded) is in `not_orders` are not orders.
    status: Option<usize>,
    not_orders: Vec<String>,
    /// The amount is the order's total on its first line; later lines of the order add nothing.
    per_order: bool,
}

fn resolve(table: &Table, g: &Guess, o: &RfmSettings) -> Result<Resolved> {
    let pick = |option: &'static str, given: &Option<String>, guessed: &Option<String>| {
        given
            .as_ref()
            .or(guessed.as_ref())
            .map(|name| table.find(option, name))
            .transpose()
    };
    let customer =
        pick("customer", &o.customer, &g.customer)?.ok_or(ParamError::NoCustomerColumn)?;
    let date = pick("date", &o.date, &g.date)?.ok_or(ParamError::NoDateColumn)?;
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
        return Err(ParamError::NoAmountColumn.into());
    }
    let order = pick("order", &o.order, &g.order)?;
    // The refunds and the one-amount-per-order reading belong to the guessed amount and order
    // columns: an amount the user chose is read as written on every row.
    let guessed_amount = amount.is_some() && (o.amount.is_none() || o.amount == g.amount);
    let refunded = if guessed_amount {
        pick("amount", &None, &g.refunded)?
    } else {
        None
    };
    let per_order = g.per_order && guessed_amount && (o.order.is_none() || o.order == g.order);
    let status = pick("status", &None, &g.status)?;
    Ok(Resolved {
        customer,
        date,
        amount,
        quantity,
        price,
        order,
        refunded,
        status,
        not_orders: g.not_orders.clone(),
        per_order,
    })
}

/// The order of day, month and year in a date column: the schema's when it typed the column a
/// date, else the order that reads the most of its cells.
fn date_order(table: &Table, schema: &[ColumnSchema], c: usize) -> DateOrder {
    if let Some(f) = schema.get(c).and_then(|s| s.date_format) {
        return f.order();
    }
    // The order that reads the most cells wins; of equals, `max_by_key` keeps the last (month
    // first, as the schema assumes when nothing decides). A plain number never reads as a date
    // with separators, so the two forms of plain numbers tie with nothing else.
    [
        DateFormat::ExcelSerial,
        DateFormat::Compact,
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
            .filter(|cell| day_of(cell, order).is_some())
            .count()
    })
    .unwrap_or(DateOrder::YearMonthDay)
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
    options: &RfmSettings,
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
        cols.refunded,
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
    let (mut used_rows, mut returns, mut line_items) = (0usize, 0usize, 0usize);
    let rows = table.rows();
    // With one amount per order, the row of each order id that carries it (the first with an
    // amount): the order's other rows are its later line items.
    let heads: HashMap<&str, usize> = match (cols.per_order, cols.order, cols.amount) {
        (true, Some(o), Some(a)) => {
            let mut heads = HashMap::new();
            for r in 0..rows {
                let (id, amount) = (table.cells.get(r, o).trim(), table.cells.get(r, a).trim());
                if !id.is_empty() && !amount.is_empty() && !schema::is_missing(amount) {
                    heads.entry(id).or_insert(r);
                }
            }
            heads
        }
        _ => HashMap::new(),
    };
    // The file's last date, over every dated row of a customer, orders or not: recency counts
    // to the end of what the file covers.
    let mut last_seen: Option<i64> = None;
    let skip = |skipped: &mut Vec<Skipped>, r: usize, reason: String| {
        let (row, line) = (table.record_of_row[r] as u64 + 1, table.line_of_row[r]);
        skipped.push(Skipped {
            row,
            line,
            reason,
            place: table.place(row, line),
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
        let Some(day) = day_of(date_text, order_of_dates) else {
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
        last_seen = Some(last_seen.map_or(day, |d| d.max(day)));
        // A later line of an order belongs to the order, whose first line carries its total
        // and its status.
        let head = cols
            .order
            .and_then(|o| heads.get(cell(o)).copied())
            .filter(|&head| head != r);
        if let Some(s) = cols.status {
            let status = table.cells.get(head.unwrap_or(r), s).trim();
            if cols.not_orders.contains(&fold(status)) {
                let reason = match head {
                    Some(_) => format!(
                        "a line of an order whose \"{}\" is \"{status}\": not an order",
                        name(s)
                    ),
                    None => format!("column \"{}\" is \"{status}\": not an order", name(s)),
                };
                skip(&mut skipped, r, reason);
                continue;
            }
        }
        if head.is_some() {
            line_items += 1;
            used_rows += 1;
            continue;
        }
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
        // A refund nets out of its order (a blank refund is none).
        let refund = match cols.refunded {
            Some(c) => match read(c) {
                Ok(x) => x,
                Err(_) if cell(c).is_empty() || schema::is_missing(cell(c)) => 0.0,
                Err(reason) => {
                    skip(&mut skipped, r, reason.replace("amount", "refund"));
                    continue;
                }
            },
            None => 0.0,
        };
        let amount = amount - refund;
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
        if !acc.total.is_finite() {
            // Said here, at the order that overflowed: read on, the total became "inf" in the
            // per-customer table, whose row and column the error then named.
            let amount = cols.amount.or(cols.price).unwrap_or(cols.customer);
            return Err(Error::TotalOverflow {
                row: table.record_of_row[r] as u64 + 1,
                column: name(amount),
                customer: customer.to_owned(),
            });
        }
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
        return Err(Error::NoOrderRows {
            skipped: skipped.len(),
            first: skipped.first().map_or("none".to_owned(), |s| {
                format!("row {}: {}", s.row, s.reason)
            }),
        });
    }
    let last_day = last_seen.unwrap_or(0);
    let as_of = match &options.as_of {
        None => last_day,
        Some(given) => {
            let day = days_from_parts(given.parts, order_of_dates)
                .or_else(|| days_from_parts(given.parts, DateOrder::YearMonthDay))
                .ok_or_else(|| ParamError::AsOf(given.written.clone()))?;
            if day < last_day {
                return Err(ParamError::AsOfBeforeLastOrder {
                    as_of: iso(day),
                    last: iso(last_day),
                }
                .into());
            }
            day
        }
    };
    let n = accs.len();
    let recency: Vec<i64> = accs
        .iter()
        .map(|a| as_of - a.last_order.unwrap_or(a.last))
        .collect();
    // Fewer days since the last order is better: score the negated recency. When every
    // customer's last order is on one day, recency cannot rank them: the quintile rule gave them
    // all R 1, "Lost" or "Hibernating" for a file of last week's buyers; they score the middle,
    // R 3, and the result says why.
    let one_day = recency.windows(2).all(|w| w[0] == w[1]);
    let r = if one_day {
        vec![3; n]
    } else {
        scores(&recency.iter().map(|&d| -(d as f64)).collect::<Vec<_>>())
    };
    let note = one_day.then(|| {
        format!(
            "every customer's last order is on {}, so recency cannot rank them: each scores R 3, \
             the middle, and only frequency sets their named segment",
            iso(as_of - recency.first().copied().unwrap_or(0))
        )
    });
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
    let segments = named_segments(&customers);
    crate::util::order::sort_by(&mut skipped, |a, b| a.row.cmp(&b.row));
    progress(1.0);
    Ok(RfmResult {
        input: RfmInput {
            rows: table.records,
            rows_used: used_rows,
            line_items,
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
            refunded: cols.refunded.map(name),
            status: cols.status.map(name),
        },
        as_of: iso(as_of),
        other_columns: others.iter().map(|&(c, _)| name(c)).collect(),
        customers,
        segments,
        note,
    })
}

/// Every named segment of [`RULES`], in that order, empty ones included: its rule, its customers'
/// count and share of `customers`, and their medians.
pub fn named_segments(customers: &[CustomerRfm]) -> Vec<RfmSegment> {
    let n = customers.len().max(1);
    RULES
        .iter()
        .map(|rule| {
            let members: Vec<&CustomerRfm> = customers
                .iter()
                .filter(|c| c.segment == rule.name)
                .collect();
            let median = |v: Vec<f64>| -> Option<f64> {
                let mut v = v;
                crate::util::order::sort_numbers(&mut v);
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
        .collect()
}

/// The cut-offs of `result`'s own scores.
pub fn cutoffs(result: &RfmResult) -> Cutoffs {
    let column =
        |f: &dyn Fn(&CustomerRfm) -> f64| -> Vec<f64> { result.customers.iter().map(f).collect() };
    let score =
        |f: &dyn Fn(&CustomerRfm) -> u8| -> Vec<u8> { result.customers.iter().map(f).collect() };
    Cutoffs::of(
        &column(&|c| c.recency_days as f64),
        &column(&|c| c.frequency as f64),
        &column(&|c| c.monetary_total),
        &score(&|c| c.r),
        &score(&|c| c.f),
        &score(&|c| c.m),
    )
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::values::date_parts;
    use crate::read::{read, ReadSettings};
    use crate::rfm::table::to_csv;

    fn as_of(written: &str) -> crate::rfm::settings::AsOf {
        crate::rfm::settings::AsOf {
            parts: date_parts(written).unwrap(),
            written: written.into(),
        }
    }

    fn run(csv: &str, options: &RfmSettings) -> Result<RfmResult> {
        let table = read(csv.as_bytes(), &ReadSettings::default())?;
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
        let o = RfmSettings {
            customer: Some("customer".into()),
            date: Some("date".into()),
            amount: Some("amount".into()),
            order: Some("order_id".into()),
            ..RfmSettings::default()
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
            &RfmSettings {
                as_of: Some(as_of("2024-03-20")),
                ..o.clone()
            },
        )
        .unwrap();
        assert_eq!(later.customers[2].recency_days, 10);
        let e = run(
            TEN,
            &RfmSettings {
                as_of: Some(as_of("2024-03-01")),
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

    /// A Shopify orders export, in its published layout (the header of the committed fixture),
    /// worked by hand (as of 2024-01-20, the last order):
    /// - a: #1001 of 100 on two lines (the second with the order's fields blank: a line item of
    ///   #1001, not a row without an amount), #1002 of 80 less a 30 refund: 2 orders, 150, last
    ///   on 2024-01-11, 9 days before.
    /// - b: #1003 voided (its two lines are no order), #1004 of 40 on 2024-01-20: 1 order, 40,
    ///   0 days.
    #[test]
    fn shopify_line_items_belong_to_their_order_and_voided_orders_are_none() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/exports/shopify-orders.csv"
        );
        let fixture = std::fs::read_to_string(path).unwrap();
        let header = fixture.lines().next().unwrap();
        let names: Vec<&str> = header.split(',').collect();
        let row = |cells: &[(&str, &str)]| {
            names
                .iter()
                .map(|n| {
                    cells
                        .iter()
                        .find(|(k, _)| k == n)
                        .map_or("", |(_, v)| v)
                        .to_owned()
                })
                .collect::<Vec<_>>()
                .join(",")
        };
        let order = |name, email, status, total, refunded, day| {
            row(&[
                ("Name", name),
                ("Email", email),
                ("Financial Status", status),
                ("Total", total),
                ("Refunded Amount", refunded),
                ("Created at", day),
                ("Lineitem quantity", "1"),
            ])
        };
        let line = |name, email, day| {
            row(&[
                ("Name", name),
                ("Email", email),
                ("Created at", day),
                ("Lineitem quantity", "2"),
            ])
        };
        let csv = [
            header.to_owned(),
            order(
                "#1001",
                "a@example.com",
                "paid",
                "100.00",
                "0.00",
                "2024-01-01 10:00:00",
            ),
            line("#1001", "a@example.com", "2024-01-01 10:00:00"),
            order(
                "#1002",
                "a@example.com",
                "partially_refunded",
                "80.00",
                "30.00",
                "2024-01-11 09:00:00",
            ),
            order(
                "#1003",
                "b@example.com",
                "voided",
                "50.00",
                "0.00",
                "2024-01-15 12:00:00",
            ),
            line("#1003", "b@example.com", "2024-01-15 12:00:00"),
            order(
                "#1004",
                "b@example.com",
                "paid",
                "40.00",
                "0.00",
                "2024-01-20 08:00:00",
            ),
        ]
        .join("\n");
        let r = run(&csv, &RfmSettings::default()).unwrap();
        assert_eq!(r.columns.amount.as_deref(), Some("Total"));
        assert_eq!(r.columns.refunded.as_deref(), Some("Refunded Amount"));
        let got: Vec<(&str, i64, u64, f64)> = r
            .customers
            .iter()
            .map(|c| {
                (
                    c.customer.as_str(),
                    c.recency_days,
                    c.frequency,
                    c.monetary_total,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("a@example.com", 9, 2, 150.0),
                ("b@example.com", 0, 1, 40.0)
            ]
        );
        assert_eq!((r.input.rows_used, r.input.line_items), (4, 1));
        let skipped: Vec<(u64, &str)> = r
            .input
            .skipped
            .iter()
            .map(|s| (s.row, s.reason.as_str()))
            .collect();
        assert_eq!(
            skipped,
            [
                (4, "column \"Financial Status\" is \"voided\": not an order"),
                (
                    5,
                    "a line of an order whose \"Financial Status\" is \"voided\": not an order"
                ),
            ]
        );
    }

    /// A failed payment is no order even when no known export says so: a status column with
    /// the usual words is enough.
    #[test]
    fn failed_payments_are_not_orders_in_a_file_of_no_known_layout() {
        let csv = "customer,date,amount,status\n\
                   A,2024-01-01,10,paid\n\
                   A,2024-01-05,10,failed\n\
                   B,2024-01-03,20,paid\n\
                   B,2024-01-04,20,paid\n";
        let r = run(csv, &RfmSettings::default()).unwrap();
        assert_eq!(r.columns.status.as_deref(), Some("status"));
        let a = &r.customers[0];
        assert_eq!((a.frequency, a.monetary_total), (1, 10.0));
        // The failed payment's date still ends the file: A last paid 4 days before it.
        assert_eq!((r.as_of.as_str(), a.recency_days), ("2024-01-05", 4));
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
        let table = read(orders.as_bytes(), &ReadSettings::default()).unwrap();
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
        let r = run(&orders, &RfmSettings::default()).unwrap();
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
        let table = read(customers.as_bytes(), &ReadSettings::default()).unwrap();
        let g = guess(&table, &schema::infer(&table));
        assert!(!g.transactions);
        assert!(g.evidence.contains("a date column"), "{}", g.evidence);
        let e = run(customers, &RfmSettings::default()).unwrap_err();
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
}
