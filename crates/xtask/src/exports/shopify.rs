//! Shopify's customers and orders exports.
//!
//! Layouts, from Shopify's help center:
//! - customers: "Importing and exporting customers" (the customer CSV file format),
//!   <https://help.shopify.com/en/manual/customers/import-export-customers>; the column list
//!   of the export (Customer ID first, then the Default Address columns) matches the header
//!   that public Shopify-reading code tests against.
//! - orders: "Exporting orders" (the order CSV file),
//!   <https://help.shopify.com/en/manual/fulfillment/managing-orders/exporting-orders>, and the
//!   column descriptions and Financial Status values (paid, refunded, partially_refunded,
//!   voided, pending...) of
//!   <https://help.shopify.com/en/manual/migrating-to-shopify/transporter-app/csv-orders>.
//!
//! What Shopify does that readers trip on, and these files do too: the `'` text guard before
//! ZIP codes that start with 0, phone numbers and customer ids (`'02108`, `'+16175550123`);
//! `Created at` as `2024-11-19 02:00:00 -0500` with the store's zone offset; one row per line
//! item, where the later line items of an order repeat only the order's Name, Email and
//! Created at and leave its other fields blank; tags as one cell (`VIP, newsletter`).

use super::common::{
    self, civil, company, daytime, hms, money, person, us_dst, Dataset, Rng, Table, PLAIN,
};

/// The last day of the generated year of orders: 2024-12-31.
pub const END: i64 = 20_088;

pub const CUSTOMER_COLUMNS: &[&str] = &[
    "Customer ID",
    "First Name",
    "Last Name",
    "Email",
    "Accepts Email Marketing",
    "Default Address Company",
    "Default Address Address1",
    "Default Address Address2",
    "Default Address City",
    "Default Address Province Code",
    "Default Address Country Code",
    "Default Address Zip",
    "Default Address Phone",
    "Phone",
    "Accepts SMS Marketing",
    "Total Spent",
    "Total Orders",
    "Note",
    "Tax Exempt",
    "Tags",
];

/// Shopify's text guard: a leading `'` keeps spreadsheets from eating a leading zero or plus.
pub fn guard(value: &str) -> String {
    if value.starts_with('0') || value.starts_with('+') || value.len() >= 12 {
        format!("'{value}")
    } else {
        value.to_string()
    }
}

const NOTES: &[&str] = &[
    "Prefers phone calls",
    "Asked for gift wrapping, twice",
    "Wholesale enquiry, see e-mail",
    "Returned a damaged parcel\nreplacement sent",
    "Met at the Berlin pop-up",
];

/// The planted buyer groups of the customers export: (name, share, orders, spend per order
/// median, tags).
const BUYERS: &[(&str, f64, (i64, i64), f64)] = &[
    ("vip", 0.15, (10, 30), 140.0),
    ("repeat", 0.35, (3, 7), 70.0),
    ("one-time", 0.50, (1, 1), 45.0),
];

/// Shopify's customers export: three buyer groups planted in Total Spent, Total Orders and the
/// VIP tag; everything else (names, places, consent, notes) is drawn the same way for all.
pub fn customers(rng: &mut Rng, rows: usize) -> Dataset {
    let mut table = Table::new(CUSTOMER_COLUMNS);
    let mut truth = Vec::new();
    let shares: Vec<f64> = BUYERS.iter().map(|b| b.1).collect();
    for i in 0..rows {
        let g = rng.weighted(&shares);
        let (group, _, orders, per_order) = BUYERS[g];
        let p = person(rng, i);
        let n = rng.between(orders.0, orders.1);
        // Spend per order varies a lot from one customer to the next (skewed), and each order
        // on its own too.
        let typical = rng.lognormal(per_order, 0.45);
        let spent: f64 = (0..n).map(|_| rng.lognormal(typical, 0.3)).sum();
        let mut tags: Vec<&str> = Vec::new();
        if group == "vip" && rng.chance(0.85) || group != "vip" && rng.chance(0.03) {
            tags.push("VIP");
        }
        if rng.chance(0.4) {
            tags.push("newsletter");
        }
        if rng.chance(0.06) {
            tags.push("wholesale");
        }
        if rng.chance(0.05) {
            tags.push("Imported from Magento");
        }
        let accepts = if rng.chance(0.55) { "yes" } else { "no" };
        let id = format!(
            "{}",
            7_210_448_300_000u64 + i as u64 * 17 + rng.between(0, 16) as u64
        );
        let phone = if rng.chance(0.7) {
            guard(&p.phone)
        } else {
            String::new()
        };
        let address2 = if rng.chance(0.2) {
            format!(
                "{} {}",
                rng.pick(&["Apt", "Suite", "Unit", "Floor"]),
                rng.between(1, 40)
            )
        } else {
            String::new()
        };
        table.push(&[
            ("Customer ID", guard(&id)),
            ("First Name", p.first.into()),
            ("Last Name", p.last.into()),
            ("Email", p.email.clone()),
            ("Accepts Email Marketing", accepts.into()),
            (
                "Default Address Company",
                if rng.chance(0.15) {
                    company(rng)
                } else {
                    String::new()
                },
            ),
            ("Default Address Address1", p.street.clone()),
            ("Default Address Address2", address2),
            ("Default Address City", p.place.city.into()),
            ("Default Address Province Code", p.place.region_code.into()),
            ("Default Address Country Code", p.place.country_code.into()),
            ("Default Address Zip", guard(&p.place.postal_code(rng))),
            ("Default Address Phone", phone.clone()),
            (
                "Phone",
                if rng.chance(0.5) {
                    phone
                } else {
                    String::new()
                },
            ),
            (
                "Accepts SMS Marketing",
                if rng.chance(0.25) { "yes" } else { "no" }.into(),
            ),
            ("Total Spent", money(spent)),
            ("Total Orders", n.to_string()),
            (
                "Note",
                if rng.chance(0.04) {
                    rng.pick(NOTES).to_string()
                } else {
                    String::new()
                },
            ),
            (
                "Tax Exempt",
                if rng.chance(0.03) { "yes" } else { "no" }.into(),
            ),
            ("Tags", tags.join(", ")),
        ]);
        truth.push(group);
    }
    Dataset::csv(table, truth, PLAIN)
}

/// A planted buying behaviour: (name, share of customers, orders, days from the last order to
/// the end of the file, days between the first and the last order, median order value).
pub type Behaviour = (&'static str, f64, (i64, i64), (i64, i64), (i64, i64), f64);

/// Champions, new customers, lapsed regulars and one-timers: the four that issue after issue
/// names, and that R, F and M (log-scaled) separate.
pub const BEHAVIOURS: &[Behaviour] = &[
    ("champion", 0.10, (8, 16), (0, 20), (150, 365), 180.0),
    ("new", 0.20, (1, 1), (0, 30), (0, 0), 60.0),
    (
        "lapsed regular",
        0.20,
        (5, 10),
        (200, 400),
        (120, 300),
        90.0,
    ),
    ("one-timer", 0.50, (1, 1), (120, 700), (0, 0), 45.0),
];

/// One planted customer: their group and their orders as (day, planted amount), oldest first.
pub struct Buyer {
    pub group: &'static str,
    pub orders: Vec<(i64, f64)>,
}

/// Customers with the given behaviours, whose last possible order is on `end`.
pub fn buyers(rng: &mut Rng, customers: usize, behaviours: &[Behaviour], end: i64) -> Vec<Buyer> {
    let shares: Vec<f64> = behaviours.iter().map(|b| b.1).collect();
    (0..customers)
        .map(|_| {
            let (group, _, count, last, span, value) = behaviours[rng.weighted(&shares)];
            let n = rng.between(count.0, count.1);
            let last_day = end - rng.between(last.0, last.1);
            let first_day = last_day - rng.between(span.0, span.1);
            let typical = rng.lognormal(value, 0.35);
            let mut orders: Vec<(i64, f64)> = (0..n)
                .map(|k| {
                    let day = match k {
                        0 => last_day,
                        1 => first_day,
                        _ => rng.between(first_day, last_day),
                    };
                    (day, rng.lognormal(typical, 0.25))
                })
                .collect();
            orders.sort_by_key(|o| o.0);
            Buyer { group, orders }
        })
        .collect()
}

const ORDER_COLUMNS: &[&str] = &[
    "Name",
    "Email",
    "Financial Status",
    "Paid at",
    "Fulfillment Status",
    "Fulfilled at",
    "Accepts Marketing",
    "Currency",
    "Subtotal",
    "Shipping",
    "Taxes",
    "Total",
    "Discount Code",
    "Discount Amount",
    "Shipping Method",
    "Created at",
    "Lineitem quantity",
    "Lineitem name",
    "Lineitem price",
    "Lineitem compare at price",
    "Lineitem sku",
    "Lineitem requires shipping",
    "Lineitem taxable",
    "Lineitem fulfillment status",
    "Billing Name",
    "Billing Street",
    "Billing Address1",
    "Billing Address2",
    "Billing Company",
    "Billing City",
    "Billing Zip",
    "Billing Province",
    "Billing Country",
    "Billing Phone",
    "Shipping Name",
    "Shipping Street",
    "Shipping Address1",
    "Shipping Address2",
    "Shipping Company",
    "Shipping City",
    "Shipping Zip",
    "Shipping Province",
    "Shipping Country",
    "Shipping Phone",
    "Notes",
    "Note Attributes",
    "Cancelled at",
    "Payment Method",
    "Payment Reference",
    "Refunded Amount",
    "Vendor",
    "Outstanding Balance",
    "Employee",
    "Location",
    "Device ID",
    "Id",
    "Tags",
    "Risk Level",
    "Source",
    "Lineitem discount",
    "Tax 1 Name",
    "Tax 1 Value",
    "Phone",
    "Receipt Number",
    "Duties",
    "Billing Province Name",
    "Shipping Province Name",
    "Payment ID",
    "Payment Terms Name",
    "Next Payment Due At",
    "Payment References",
];

/// (product, SKU stem, price).
pub const PRODUCTS: &[(&str, &str, f64)] = &[
    ("Merino Crew Sweater", "MCS", 89.0),
    ("Canvas Tote Bag", "CTB", 24.0),
    ("Organic Cotton Tee", "OCT", 29.0),
    ("Waxed Field Jacket", "WFJ", 249.0),
    ("Wool Beanie", "WBN", 19.0),
    ("Leather Card Holder", "LCH", 39.0),
    ("Linen Button-Down", "LBD", 79.0),
    ("Trail Running Socks (3-pack)", "TRS", 18.0),
    ("Ceramic Pour-Over Set", "CPS", 64.0),
    ("Gift Card", "GFT", 50.0),
];

const SIZES: &[&str] = &["XS", "S", "M", "L", "XL"];

/// `2024-11-19 02:00:00 -0500`: the store is in New York.
pub fn shopify_time(day: i64, seconds: i64) -> String {
    let offset = if us_dst(day) { "-0400" } else { "-0500" };
    format!("{} {} {offset}", common::iso(day), hms(seconds))
}

/// Which rows count as orders in `NAME.rfm.csv`: every order except voided ones and ones
/// refunded in full; its value is Total minus Refunded Amount (a partial refund nets out).
pub fn orders(rng: &mut Rng, rows: usize) -> Dataset {
    // About 4.5 line rows per customer with these behaviours.
    let customers = (rows * 2 / 9).max(8);
    let buyers = buyers(rng, customers, BEHAVIOURS, END);
    let orders = order_times(rng, &buyers);
    let people: Vec<_> = (0..customers).map(|c| person(rng, c)).collect();
    let mut data = order_table(rng, &buyers, &orders, &people);
    data.dataset.rfm = Some(common::rfm(&data.rfm_rows, data.as_of));
    data.dataset
}

/// One planted order: its customer (an index into the buyers), day, time of day and amount.
pub struct Order {
    pub customer: usize,
    pub day: i64,
    pub seconds: i64,
    pub amount: f64,
}

/// The buyers' orders with a time of day each, in the order they were placed.
pub fn order_times(rng: &mut Rng, buyers: &[Buyer]) -> Vec<Order> {
    let mut orders: Vec<Order> = Vec::new();
    for (c, b) in buyers.iter().enumerate() {
        for &(day, amount) in &b.orders {
            orders.push(Order {
                customer: c,
                day,
                seconds: daytime(rng),
                amount,
            });
        }
    }
    orders.sort_by_key(|o| (o.day, o.seconds));
    orders
}

/// An orders export's rows, its planted groups, and what counts as each customer's orders.
pub struct OrderTable {
    pub dataset: Dataset,
    /// (customer e-mail, day, net amount, counts as an order), for `common::rfm`.
    pub rfm_rows: Vec<(String, i64, f64, bool)>,
    /// The last order day.
    pub as_of: i64,
}

/// The orders export of `orders`, placed by `buyers` who are `people`.
pub fn order_table(
    rng: &mut Rng,
    buyers: &[Buyer],
    orders: &[Order],
    people: &[common::Person],
) -> OrderTable {
    let customers = people.len();
    let zips: Vec<String> = people
        .iter()
        .map(|p| guard(&p.place.postal_code(rng)))
        .collect();
    let marketing: Vec<bool> = (0..customers).map(|_| rng.chance(0.6)).collect();
    // The last order of each customer is paid, so that every customer has a counted order.
    let mut last_of = vec![0usize; customers];
    for (i, o) in orders.iter().enumerate() {
        last_of[o.customer] = i;
    }
    let mut table = Table::new(ORDER_COLUMNS);
    let mut truth = Vec::new();
    let mut counted: Vec<(String, i64, f64, bool)> = Vec::new();
    for (number, o) in orders.iter().enumerate() {
        let p = &people[o.customer];
        let status = if last_of[o.customer] == number {
            "paid"
        } else {
            [
                "paid",
                "partially_refunded",
                "refunded",
                "voided",
                "pending",
            ][rng.weighted(&[0.86, 0.04, 0.04, 0.03, 0.03])]
        };
        // Line items whose prices add up to about the planted amount.
        let lines = [1, 1, 1, 1, 2, 2, 3][rng.between(0, 6) as usize];
        let mut items = Vec::new();
        for _ in 0..lines {
            let (name, sku, list) = *rng.pick(PRODUCTS);
            let size = rng.pick(SIZES);
            let quantity = if rng.chance(0.15) { 2 } else { 1 };
            // The planted amount decides the price level of the order; the catalogue price
            // scales to it, as a store with several price tiers would.
            let price =
                ((o.amount / lines as f64 / quantity as f64) * 0.6 + list * 0.4).round() - 0.01;
            items.push((
                format!("{name} - {size}"),
                format!("{sku}-{size}"),
                quantity,
                price.max(4.99),
            ));
        }
        let subtotal: f64 = items.iter().map(|i| i.2 as f64 * i.3).sum();
        let discount = if rng.chance(0.12) {
            (subtotal * 0.1 * 100.0).round() / 100.0
        } else {
            0.0
        };
        let shipping = if subtotal >= 75.0 { 0.0 } else { 7.95 };
        let taxes = ((subtotal - discount) * 0.0625 * 100.0).round() / 100.0;
        let total = subtotal - discount + shipping + taxes;
        let refunded = match status {
            "refunded" => total,
            "partially_refunded" => {
                (total * rng.between(20, 60) as f64 / 100.0 * 100.0).round() / 100.0
            }
            _ => 0.0,
        };
        let created = shopify_time(o.day, o.seconds);
        let paid_at = match status {
            "voided" | "pending" => String::new(),
            _ => shopify_time(o.day, (o.seconds + 120).min(86_399)),
        };
        let fulfilled = matches!(status, "paid" | "partially_refunded") && o.day < END - 2;
        let name = format!("#{}", 1001 + number);
        let zip = zips[o.customer].clone();
        let billing_name = format!("{} {}", p.first, p.last);
        let phone = if rng.chance(0.6) {
            guard(&p.phone)
        } else {
            String::new()
        };
        let (dy, dm, dd) = civil(o.day + 3);
        let method = rng
            .pick(&[
                "Shopify Payments",
                "Shopify Payments",
                "PayPal Express Checkout",
                "Manual",
            ])
            .to_string();
        let source = rng
            .pick(&["web", "web", "web", "shopify_draft_order", "pos", "294517"])
            .to_string();
        for (k, (item, sku, quantity, price)) in items.iter().enumerate() {
            let mut cells: Vec<(&str, String)> = vec![
                ("Name", name.clone()),
                ("Email", p.email.clone()),
                ("Created at", created.clone()),
                ("Lineitem quantity", quantity.to_string()),
                ("Lineitem name", item.clone()),
                ("Lineitem price", money(*price)),
                (
                    "Lineitem compare at price",
                    if rng.chance(0.2) {
                        money(price * 1.25)
                    } else {
                        String::new()
                    },
                ),
                ("Lineitem sku", sku.clone()),
                (
                    "Lineitem requires shipping",
                    (!item.starts_with("Gift")).to_string(),
                ),
                ("Lineitem taxable", "true".into()),
                (
                    "Lineitem fulfillment status",
                    if fulfilled { "fulfilled" } else { "pending" }.into(),
                ),
                ("Vendor", "Northwind Outfitters".into()),
                ("Lineitem discount", "0.00".into()),
            ];
            if k == 0 {
                let street = p.street.clone();
                cells.extend([
                    ("Financial Status", status.to_string()),
                    ("Paid at", paid_at.clone()),
                    (
                        "Fulfillment Status",
                        if fulfilled {
                            "fulfilled"
                        } else {
                            "unfulfilled"
                        }
                        .into(),
                    ),
                    (
                        "Fulfilled at",
                        if fulfilled {
                            shopify_time(o.day + 2, 50_000)
                        } else {
                            String::new()
                        },
                    ),
                    (
                        "Accepts Marketing",
                        if marketing[o.customer] { "yes" } else { "no" }.into(),
                    ),
                    ("Currency", "USD".into()),
                    ("Subtotal", money(subtotal)),
                    ("Shipping", money(shipping)),
                    ("Taxes", money(taxes)),
                    ("Total", money(total)),
                    (
                        "Discount Code",
                        if discount > 0.0 {
                            "WELCOME10".into()
                        } else {
                            String::new()
                        },
                    ),
                    ("Discount Amount", money(discount)),
                    (
                        "Shipping Method",
                        if shipping > 0.0 {
                            "Standard Shipping"
                        } else {
                            "Free Shipping"
                        }
                        .into(),
                    ),
                    ("Billing Name", billing_name.clone()),
                    ("Billing Street", street.clone()),
                    ("Billing Address1", street.clone()),
                    ("Billing City", p.place.city.into()),
                    ("Billing Zip", zip.clone()),
                    ("Billing Province", p.place.region_code.into()),
                    ("Billing Country", p.place.country_code.into()),
                    ("Billing Phone", phone.clone()),
                    ("Shipping Name", billing_name.clone()),
                    ("Shipping Street", street.clone()),
                    ("Shipping Address1", street),
                    ("Shipping City", p.place.city.into()),
                    ("Shipping Zip", zip.clone()),
                    ("Shipping Province", p.place.region_code.into()),
                    ("Shipping Country", p.place.country_code.into()),
                    ("Shipping Phone", phone.clone()),
                    (
                        "Notes",
                        if rng.chance(0.03) {
                            "Please leave at the back door, \"not\" the front".into()
                        } else {
                            String::new()
                        },
                    ),
                    (
                        "Note Attributes",
                        if source == "web" && rng.chance(0.1) {
                            "utm_source: newsletter\nutm_medium: email".into()
                        } else {
                            String::new()
                        },
                    ),
                    (
                        "Cancelled at",
                        if status == "voided" {
                            shopify_time(o.day, (o.seconds + 3_600).min(86_399))
                        } else {
                            String::new()
                        },
                    ),
                    ("Payment Method", method.clone()),
                    (
                        "Payment Reference",
                        format!("c{}.1", 28_000_000_000u64 + number as u64 * 7),
                    ),
                    ("Refunded Amount", money(refunded)),
                    (
                        "Outstanding Balance",
                        money(if status == "pending" { total } else { 0.0 }),
                    ),
                    (
                        "Location",
                        if source == "pos" {
                            "Flagship Store".into()
                        } else {
                            String::new()
                        },
                    ),
                    (
                        "Id",
                        format!("{}", 5_550_000_000_000u64 + number as u64 * 31),
                    ),
                    (
                        "Tags",
                        if rng.chance(0.05) {
                            "gift, rush".into()
                        } else {
                            String::new()
                        },
                    ),
                    ("Risk Level", "Low".into()),
                    ("Source", source.clone()),
                    ("Tax 1 Name", "State Tax 6.25%".into()),
                    ("Tax 1 Value", money(taxes)),
                    ("Phone", phone.clone()),
                    ("Billing Province Name", p.place.region.into()),
                    ("Shipping Province Name", p.place.region.into()),
                    ("Payment ID", format!("r{}", rng.alnum(20))),
                    ("Payment References", format!("r{}", rng.alnum(20))),
                    (
                        "Next Payment Due At",
                        if status == "pending" {
                            format!("{dy:04}-{dm:02}-{dd:02} 00:00:00 -0500")
                        } else {
                            String::new()
                        },
                    ),
                    (
                        "Payment Terms Name",
                        if status == "pending" {
                            "Due on receipt".into()
                        } else {
                            String::new()
                        },
                    ),
                ]);
            }
            table.push(&cells);
            truth.push(buyers[o.customer].group);
        }
        let counts = !matches!(status, "voided" | "refunded");
        let net = if status == "voided" {
            0.0
        } else {
            total - refunded
        };
        counted.push((
            p.email.clone(),
            o.day,
            (net * 100.0).round() / 100.0,
            counts,
        ));
    }
    OrderTable {
        dataset: Dataset::csv(table, truth, PLAIN),
        rfm_rows: counted,
        as_of: orders.iter().map(|o| o.day).max().unwrap_or(END),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exports::common::Rfm;

    #[test]
    fn later_line_items_repeat_only_name_email_and_date() {
        let data = orders(&mut Rng::new(2, "t"), 400);
        let t = &data.tables[0];
        let col = |n: &str| t.header.iter().position(|h| h == n).unwrap();
        let mut seen = std::collections::HashSet::new();
        let mut later = 0;
        for row in &t.rows {
            let first = seen.insert(row[col("Name")].clone());
            assert!(!row[col("Email")].is_empty());
            assert!(!row[col("Created at")].is_empty());
            assert_eq!(row[col("Total")].is_empty(), !first);
            later += usize::from(!first);
        }
        assert!(later > 20, "{later} later line items");
    }

    #[test]
    fn rfm_follows_the_rows() {
        // Every customer's monetary value is the sum of their orders' Total minus Refunded
        // Amount (voided ones excluded), read back from the written rows.
        let data = orders(&mut Rng::new(4, "t"), 300);
        let t = &data.tables[0];
        let col = |n: &str| t.header.iter().position(|h| h == n).unwrap();
        let mut sum: std::collections::HashMap<&str, f64> = Default::default();
        for row in t.rows.iter().filter(|r| !r[col("Total")].is_empty()) {
            if row[col("Financial Status")] == "voided" {
                continue;
            }
            let net: f64 = row[col("Total")].parse::<f64>().unwrap()
                - row[col("Refunded Amount")].parse::<f64>().unwrap();
            *sum.entry(row[col("Email")].as_str()).or_default() += net;
        }
        for r in data.rfm.as_ref().unwrap() {
            assert!(
                (sum[r.customer.as_str()] - r.monetary).abs() < 0.02,
                "{}",
                r.customer
            );
            assert!(r.frequency >= 1);
        }
    }

    #[test]
    fn zips_and_phones_carry_the_text_guard() {
        assert_eq!(guard("02108"), "'02108");
        assert_eq!(guard("+16175550123"), "'+16175550123");
        assert_eq!(guard("94103"), "94103");
    }

    #[test]
    fn rfm_rows_are_one_per_customer() {
        let data = orders(&mut Rng::new(6, "t"), 300);
        let rfm: &Vec<Rfm> = data.rfm.as_ref().unwrap();
        let mut ids: Vec<&str> = rfm.iter().map(|r| r.customer.as_str()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), rfm.len());
    }
}
