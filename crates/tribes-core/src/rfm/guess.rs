//! Whether a file is an orders export, and which of its columns say so.

use serde::Serialize;

use crate::read::formats::{fold, recognise, Shape, NOT_ORDERS};
use crate::read::Table;
use crate::schema::{ColumnSchema, Kind};

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
    /// The amount refunded of each order, netted out of its amount.
    pub refunded: Option<String>,
    /// The order's or payment's status: rows whose status is in `not_orders` are not orders.
    pub status: Option<String>,
    /// Statuses (folded: lower case, letters and digits only) of rows that are not orders.
    pub not_orders: Vec<String>,
    /// The amount is the order's total, written on its first line only: later lines of the
    /// order (with the same order id) belong to it and add nothing.
    pub per_order: bool,
    /// Why, in words.
    pub evidence: String,
}

/// Repeat rows (rows less customers) must be at least this share of the rows for a file to be
/// orders: a contact list where a few people appear twice is still one row per person.
const MIN_REPEAT_SHARE: f64 = 0.05;

/// Whether a file is one row per order, and which columns say so. A known export decides by its
/// layout (a contacts export is never orders; an orders export names its columns); any other
/// file by its columns' names and kinds, and by customers having several rows.
pub fn guess(table: &Table, schema: &[ColumnSchema]) -> Guess {
    let generic = by_names(table, schema);
    let Some(format) = recognise(&table.headers) else {
        return generic;
    };
    match (format.shape, &format.orders) {
        (Shape::People, _) | (_, None) => Guess {
            transactions: false,
            evidence: format!(
                "a {} is one row per person, not one row per order",
                format.label
            ),
            ..generic
        },
        (Shape::Orders, Some(o)) => {
            // The format's columns where present; the guess by names for any it lacks.
            let customer = o.customer.clone().or(generic.customer);
            let date = o.date.clone().or(generic.date);
            let amount = o.amount.clone().or(generic.amount);
            let has_amount =
                amount.is_some() || (generic.quantity.is_some() && generic.price.is_some());
            let transactions = customer.is_some() && date.is_some() && has_amount;
            let evidence = if transactions {
                format.mapping.clone()
            } else {
                format!(
                    "{}; without {} it cannot be read as orders",
                    format.mapping,
                    missing(customer.is_none(), date.is_none(), !has_amount)
                )
            };
            Guess {
                transactions,
                customer,
                date,
                quantity: if amount.is_none() {
                    generic.quantity
                } else {
                    None
                },
                price: if amount.is_none() {
                    generic.price
                } else {
                    None
                },
                per_order: o.per_order && amount.is_some() && o.order.is_some(),
                refunded: if amount == o.amount {
                    o.refunded.clone()
                } else {
                    None
                },
                amount,
                order: o.order.clone().or(generic.order),
                status: o.status.clone(),
                not_orders: o.not_orders.clone(),
                evidence,
            }
        }
    }
}

fn missing(customer: bool, date: bool, amount: bool) -> String {
    let mut missing = Vec::new();
    if customer {
        missing.push("a customer column that repeats across rows");
    }
    if date {
        missing.push("a date column");
    }
    if amount {
        missing.push("an amount column (or quantity and price)");
    }
    missing.join(", ")
}

/// The guess for a file of no known layout: by the columns' names and kinds.
fn by_names(table: &Table, schema: &[ColumnSchema]) -> Guess {
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
        ) && !named(c, &["qty", "quantity", "count", "refund"])
    });
    let quantity = schema
        .iter()
        .filter(numeric)
        .find(|c| named(c, &["qty", "quantity", "units", "menge"]));
    let price = schema
        .iter()
        .filter(numeric)
        .find(|c| named(c, &["price", "preis", "prix"]) && !named(c, &["total"]));
    let refunded = schema
        .iter()
        .filter(numeric)
        .find(|c| named(c, &["refund", "erstatt", "rembours", "reembols"]));
    // A status column says which rows are not orders when it holds the usual words of failed,
    // voided and cancelled payments.
    let status = schema
        .iter()
        .enumerate()
        .find(|(i, c)| {
            named(c, &["status", "state"])
                && table.column(*i).iter().take(5_000).any(|cell| {
                    let f = fold(cell);
                    NOT_ORDERS.iter().any(|n| fold(n) == f)
                })
        })
        .map(|(_, c)| c);
    let has_amount = amount.is_some() || (quantity.is_some() && price.is_some());
    // A list of customers with a date (a contact list's last activity) has a customer column
    // that hardly repeats: orders need customers with several dated rows.
    let one_row_each = customer.is_some_and(|c| {
        ((table.rows() - c.distinct.min(table.rows())) as f64) < MIN_REPEAT_SHARE * rows as f64
    });
    let transactions = customer.is_some() && date.is_some() && has_amount && !one_row_each;
    let name = |c: Option<&ColumnSchema>| c.map(|c| c.name.clone());
    let evidence = match (customer, date, has_amount) {
        (Some(c), Some(_), true) if one_row_each => format!(
            "{} customers in {} rows: nearly every customer (\"{}\") has one row, so this is a \
             list of customers, not of orders",
            c.distinct,
            table.rows(),
            c.name,
        ),
        (Some(c), Some(d), true) => format!(
            "{} customers in {} rows (\"{}\" repeats), dated by \"{}\"",
            c.distinct,
            table.rows(),
            c.name,
            d.name
        ),
        _ => format!(
            "no {}",
            missing(customer.is_none(), date.is_none(), !has_amount)
        ),
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
        refunded: if amount.is_some() {
            name(refunded)
        } else {
            None
        },
        status: name(status),
        not_orders: if status.is_some() {
            NOT_ORDERS.iter().map(|s| fold(s)).collect()
        } else {
            Vec::new()
        },
        per_order: false,
        evidence,
    }
}
