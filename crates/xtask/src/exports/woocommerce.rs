//! WooCommerce orders, one row per order, as the order export documented on woocommerce.com
//! writes them.
//!
//! Layout: "Import and Export of WooCommerce Orders",
//! <https://woocommerce.com/document/import-and-export-of-woocommerce-orders/> (the order CSV's
//! column headings: order_id, order_number, order_date as `MM/DD/YYYY H:i:s`, paid_date,
//! status, the totals, payment and shipping methods, customer_id, customer_email, the billing_
//! and shipping_ address columns, customer_note, and one line_item_N column per item as
//! `name:...|product_id:...|sku:...|quantity:...|total:...`). Statuses are WooCommerce's
//! (completed, processing, on-hold, refunded, cancelled, failed). Guest orders have customer_id
//! 0, so customers are told apart by their e-mail.
//!
//! The same four buying behaviours as the Shopify orders are planted. In `NAME.rfm.csv` a
//! customer is their billing e-mail; completed, processing and on-hold orders count, and their
//! value is order_total; refunded, cancelled and failed orders neither count nor add.

use super::common::{self, civil, daytime, money, person, Dataset, Rng, Table, PLAIN};
use super::shopify::{buyers, BEHAVIOURS, END, PRODUCTS};

const COLUMNS: &[&str] = &[
    "order_id",
    "order_number",
    "order_date",
    "paid_date",
    "status",
    "shipping_total",
    "shipping_tax_total",
    "fee_total",
    "fee_tax_total",
    "tax_total",
    "cart_discount",
    "order_discount",
    "discount_total",
    "order_total",
    "order_subtotal",
    "order_currency",
    "payment_method",
    "payment_method_title",
    "transaction_id",
    "customer_ip_address",
    "customer_user_agent",
    "shipping_method",
    "customer_id",
    "customer_user",
    "customer_email",
    "billing_first_name",
    "billing_last_name",
    "billing_company",
    "billing_email",
    "billing_phone",
    "billing_address_1",
    "billing_address_2",
    "billing_postcode",
    "billing_city",
    "billing_state",
    "billing_country",
    "shipping_first_name",
    "shipping_last_name",
    "shipping_company",
    "shipping_address_1",
    "shipping_address_2",
    "shipping_postcode",
    "shipping_city",
    "shipping_state",
    "shipping_country",
    "customer_note",
    "line_item_1",
    "line_item_2",
    "line_item_3",
];

/// `9/6/2016 6:29:00`: month and day without leading zeros, as the documentation shows.
fn woo_time(day: i64, seconds: i64) -> String {
    let (y, m, d) = civil(day);
    format!(
        "{m}/{d}/{y} {}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

pub fn orders(rng: &mut Rng, rows: usize) -> Dataset {
    let customers = (rows * 10 / 32).max(8);
    let buyers = buyers(rng, customers, BEHAVIOURS, END);
    let people: Vec<_> = (0..customers).map(|c| person(rng, c)).collect();
    let zips: Vec<String> = people.iter().map(|p| p.place.postal_code(rng)).collect();
    // One customer in ten checks out as a guest.
    let account: Vec<u64> = (0..customers)
        .map(|c| {
            if rng.chance(0.1) {
                0
            } else {
                12 + c as u64 * 3
            }
        })
        .collect();
    let mut orders: Vec<(i64, i64, usize, f64)> = Vec::new();
    for (c, b) in buyers.iter().enumerate() {
        for &(day, amount) in &b.orders {
            orders.push((day, daytime(rng), c, amount));
        }
    }
    orders.sort_by_key(|o| (o.0, o.1));
    let mut last_of = vec![0; customers];
    for (i, o) in orders.iter().enumerate() {
        last_of[o.2] = i;
    }
    let mut table = Table::new(COLUMNS);
    let mut truth = Vec::new();
    let mut counted = Vec::new();
    for (i, &(day, seconds, c, amount)) in orders.iter().enumerate() {
        let p = &people[c];
        let status = if last_of[c] == i {
            "completed"
        } else {
            [
                "completed",
                "processing",
                "on-hold",
                "refunded",
                "cancelled",
                "failed",
            ][rng.weighted(&[0.85, 0.03, 0.02, 0.04, 0.03, 0.03])]
        };
        let lines = [1, 1, 1, 2, 2, 3][rng.between(0, 5) as usize];
        let mut items = Vec::new();
        let mut subtotal = 0.0;
        for _ in 0..lines {
            let (name, sku, list) = *rng.pick(PRODUCTS);
            let quantity = if rng.chance(0.15) { 2 } else { 1 };
            let price = ((amount / lines as f64 / quantity as f64) * 0.6 + list * 0.4).round();
            let total = price * quantity as f64;
            subtotal += total;
            items.push(format!(
                "name:{name}|product_id:{}|sku:{sku}|quantity:{quantity}|total:{}",
                100 + PRODUCTS.iter().position(|p| p.0 == name).unwrap_or(0),
                money(total)
            ));
        }
        let discount = if rng.chance(0.1) {
            (subtotal * 0.15).round()
        } else {
            0.0
        };
        let shipping = if subtotal >= 60.0 { 0.0 } else { 4.95 };
        let tax = ((subtotal - discount) * 0.2 * 100.0).round() / 100.0;
        let total = subtotal - discount + shipping + tax;
        let paid = matches!(status, "completed" | "processing" | "refunded");
        let method = rng.weighted(&[0.6, 0.3, 0.1]);
        let item = |k: usize| items.get(k).cloned().unwrap_or_default();
        table.push(&[
            ("order_id", (4_000 + i * 3).to_string()),
            ("order_number", (4_000 + i * 3).to_string()),
            ("order_date", woo_time(day, seconds)),
            ("paid_date", if paid { woo_time(day, (seconds + 60).min(86_399)) } else { String::new() }),
            ("status", status.into()),
            ("shipping_total", money(shipping)),
            ("shipping_tax_total", "0.00".into()),
            ("fee_total", "0.00".into()),
            ("fee_tax_total", "0.00".into()),
            ("tax_total", money(tax)),
            ("cart_discount", money(discount)),
            ("order_discount", "0.00".into()),
            ("discount_total", money(discount)),
            ("order_total", money(total)),
            ("order_subtotal", money(subtotal)),
            ("order_currency", "EUR".into()),
            ("payment_method", ["stripe", "ppcp-gateway", "bacs"][method].into()),
            ("payment_method_title", ["Credit Card (Stripe)", "PayPal", "Direct bank transfer"][method].into()),
            ("transaction_id", if paid && method < 2 { format!("ch_{}", rng.alnum(24)) } else { String::new() }),
            ("customer_ip_address", format!("{}.{}.{}.{}", rng.between(20, 200), rng.between(0, 255), rng.between(0, 255), rng.between(1, 254))),
            (
                "customer_user_agent",
                rng.pick(&[
                    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
                    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
                ])
                .to_string(),
            ),
            ("shipping_method", if shipping > 0.0 { "Flat rate" } else { "Free shipping" }.into()),
            ("customer_id", account[c].to_string()),
            ("customer_user", account[c].to_string()),
            ("customer_email", p.email.clone()),
            ("billing_first_name", p.first.into()),
            ("billing_last_name", p.last.into()),
            ("billing_email", p.email.clone()),
            ("billing_phone", if rng.chance(0.7) { p.phone.clone() } else { String::new() }),
            ("billing_address_1", p.street.clone()),
            ("billing_postcode", zips[c].clone()),
            ("shipping_postcode", zips[c].clone()),
            ("billing_city", p.place.city.into()),
            ("billing_state", p.place.region_code.into()),
            ("billing_country", p.place.country_code.into()),
            ("shipping_first_name", p.first.into()),
            ("shipping_last_name", p.last.into()),
            ("shipping_address_1", p.street.clone()),
            ("shipping_city", p.place.city.into()),
            ("shipping_state", p.place.region_code.into()),
            ("shipping_country", p.place.country_code.into()),
            ("customer_note", if rng.chance(0.03) { "Bitte beim Nachbarn abgeben, falls niemand da ist.".into() } else { String::new() }),
            ("line_item_1", item(0)),
            ("line_item_2", item(1)),
            ("line_item_3", item(2)),
        ]);
        truth.push(buyers[c].group);
        let counts = matches!(status, "completed" | "processing" | "on-hold");
        counted.push((
            p.email.clone(),
            day,
            if counts { total } else { 0.0 },
            counts,
        ));
    }
    let as_of = orders.iter().map(|o| o.0).max().unwrap_or(END);
    let mut data = Dataset::csv(table, truth, PLAIN);
    data.rfm = Some(common::rfm(&counted, as_of));
    data
}
