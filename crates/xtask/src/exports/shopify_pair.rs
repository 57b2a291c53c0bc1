//! Shopify's customers export and its orders export for the same customers: groups planted so
//! that only the two files joined reveal them.
//!
//! Who they are is in the customers file: wholesale accounts (tax exempt, no e-mail marketing,
//! tagged `wholesale`) against retail customers. How they buy is in the orders: active buyers
//! (last order within 45 days) against lapsed ones (240 to 420 days ago), with the same number
//! of orders and the same order values, so the customers file's Total Orders and Total Spent do
//! not tell them apart. The groups: wholesale accounts who buy (wholesale accounts do not lapse
//! here, so who they are and how they buy are linked, as segments need), active and lapsed
//! retail customers, and the customers who never ordered (in the customers file with 0 orders,
//! as Shopify lists newsletter sign-ups). The customers file alone cannot tell active retail
//! customers from lapsed ones; the orders alone cannot tell wholesale accounts from active
//! retail customers. The orders
//! file also has guest checkouts, whose e-mail is in no customer row, and writes a fifth of the
//! customers' e-mail addresses in capitals, as a checkout form may have taken them.

use super::common::{self, money, person, Dataset, Layout, Person, Rng, Table, PLAIN};
use super::shopify::{self, guard, Behaviour, CUSTOMER_COLUMNS, END};

/// The planted groups: (name, share of customers, wholesale, behaviour index or none).
const GROUPS: &[(&str, f64, bool, Option<usize>)] = &[
    ("wholesale active", 0.25, true, Some(0)),
    ("retail active", 0.30, false, Some(0)),
    ("retail lapsed", 0.35, false, Some(1)),
    ("never ordered", 0.10, false, None),
];

/// Active and lapsed buyers: the same orders and values, a different last order; and guests.
const BEHAVIOURS: &[Behaviour] = &[
    ("active", 1.0, (3, 5), (0, 45), (60, 200), 80.0),
    ("lapsed", 1.0, (3, 5), (240, 420), (300, 500), 80.0),
    ("guest", 1.0, (1, 1), (0, 300), (0, 0), 50.0),
];

/// Guest checkouts per customer of the file.
const GUEST_SHARE: f64 = 0.04;

/// The pair: the customers table first (whose rows the planted groups are of), then the orders.
/// `rows` is about the orders file's rows (about two per customer, line items included).
pub fn pair(rng: &mut Rng, rows: usize) -> Dataset {
    let customers = (rows / 2).max(10);
    let shares: Vec<f64> = GROUPS.iter().map(|g| g.1).collect();
    let groups: Vec<usize> = (0..customers).map(|_| rng.weighted(&shares)).collect();
    let people: Vec<Person> = (0..customers).map(|i| person(rng, i)).collect();
    // The customers who ordered, then the guests, as buyers with their orders.
    let mut buyers = Vec::new();
    let mut buyer_people: Vec<Person> = Vec::new();
    for (i, &g) in groups.iter().enumerate() {
        if let Some(b) = GROUPS[g].3 {
            buyers.extend(shopify::buyers(rng, 1, &BEHAVIOURS[b..=b], END));
            let p = &people[i];
            // A fifth of the e-mail addresses in capitals in the orders file.
            let email = if rng.chance(0.2) {
                p.email.to_uppercase()
            } else {
                p.email.clone()
            };
            buyer_people.push(Person {
                email,
                street: p.street.clone(),
                phone: p.phone.clone(),
                ..*p
            });
        }
    }
    let guests = ((customers as f64 * GUEST_SHARE).round() as usize).max(1);
    for g in 0..guests {
        buyers.extend(shopify::buyers(rng, 1, &BEHAVIOURS[2..], END));
        buyer_people.push(person(rng, customers + g));
    }
    let orders = shopify::order_times(rng, &buyers);
    let table = shopify::order_table(rng, &buyers, &orders, &buyer_people);
    // Each customer's counted orders and net total, for the customers file's own columns.
    let rfm = common::rfm(&table.rfm_rows, table.as_of);
    let totals = |email: &str| {
        rfm.iter()
            .find(|r| r.customer.eq_ignore_ascii_case(email))
            .map_or((0, 0.0), |r| (r.frequency, r.monetary))
    };
    let mut out = Table::new(CUSTOMER_COLUMNS);
    let mut truth = Vec::new();
    for (i, p) in people.iter().enumerate() {
        let (name, _, wholesale, _) = GROUPS[groups[i]];
        let (orders, spent) = totals(&p.email);
        let mut tags: Vec<&str> = Vec::new();
        if wholesale && rng.chance(0.9) || !wholesale && rng.chance(0.03) {
            tags.push("wholesale");
        }
        if rng.chance(0.35) {
            tags.push("newsletter");
        }
        let (exempt, accepts) = if wholesale {
            (0.92, 0.15)
        } else {
            (0.04, 0.75)
        };
        let yes = |rng: &mut Rng, p: f64| if rng.chance(p) { "yes" } else { "no" }.to_string();
        let phone = if rng.chance(0.7) {
            guard(&p.phone)
        } else {
            String::new()
        };
        out.push(&[
            (
                "Customer ID",
                guard(&format!("{}", 7_310_448_300_000u64 + i as u64 * 13)),
            ),
            ("First Name", p.first.into()),
            ("Last Name", p.last.into()),
            ("Email", p.email.clone()),
            ("Accepts Email Marketing", yes(rng, accepts)),
            (
                "Default Address Company",
                if wholesale {
                    common::company(rng)
                } else {
                    String::new()
                },
            ),
            ("Default Address Address1", p.street.clone()),
            ("Default Address Address2", String::new()),
            ("Default Address City", p.place.city.into()),
            ("Default Address Province Code", p.place.region_code.into()),
            ("Default Address Country Code", p.place.country_code.into()),
            ("Default Address Zip", guard(&p.place.postal_code(rng))),
            ("Default Address Phone", phone.clone()),
            ("Phone", phone),
            ("Accepts SMS Marketing", yes(rng, 0.25)),
            ("Total Spent", money(spent)),
            ("Total Orders", orders.to_string()),
            ("Note", String::new()),
            ("Tax Exempt", yes(rng, exempt)),
            ("Tags", tags.join(", ")),
        ]);
        truth.push(name);
    }
    let mut tables = vec![out];
    tables.extend(table.dataset.tables);
    Dataset {
        tables,
        truth,
        rfm: None,
        layout: Layout::Pair(PLAIN),
        footer: Vec::new(),
        translations: &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_files_share_their_customers_and_the_orders_have_guests() {
        let data = pair(&mut Rng::new(3, "t"), 800);
        let (customers, orders) = (&data.tables[0], &data.tables[1]);
        let col = |t: &Table, n: &str| t.header.iter().position(|h| h == n).unwrap();
        let emails: std::collections::HashSet<String> = customers
            .rows
            .iter()
            .map(|r| r[col(customers, "Email")].clone())
            .collect();
        let (mut known, mut guests, mut capitals) = (0, 0, 0);
        for r in &orders.rows {
            let e = &r[col(orders, "Email")];
            if emails.contains(&e.to_lowercase()) {
                known += 1;
                capitals += usize::from(*e != e.to_lowercase());
            } else {
                guests += 1;
            }
        }
        assert!(
            known > 400 && guests > 0 && capitals > 50,
            "{known} {guests} {capitals}"
        );
        // Customers who never ordered have 0 orders in the customers file.
        let never = customers
            .rows
            .iter()
            .zip(&data.truth)
            .filter(|(_, g)| **g == "never ordered");
        for (row, _) in never {
            assert_eq!(row[col(customers, "Total Orders")], "0");
        }
        assert_eq!(data.truth.len(), customers.rows.len());
    }
}
