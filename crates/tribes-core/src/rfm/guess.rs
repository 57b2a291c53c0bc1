//! Whether a file is an orders export, and which of its columns say so.

use serde::Serialize;

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
    /// Why, in words.
    pub evidence: String,
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
