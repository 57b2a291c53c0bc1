//! The committed export fixtures (`tests/fixtures/exports`, in the platforms' published
//! layouts): each is recognised as its format, in full and with a third of its columns dropped
//! and the rest shuffled, and the orders formats name the columns their orders are read from.

// A file is matched to a known export by the feature `full-report`.
#![cfg(feature = "full-report")]

use std::io::Read;
use std::path::PathBuf;

use tribes_core::{inspect, Options};

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/exports")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The first entry of a ZIP (Mailchimp's subscribed members).
fn first_entry(name: &str) -> Vec<u8> {
    let bytes = fixture(name);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP");
    let mut entry = archive.by_index(0).expect("an entry");
    let mut out = Vec::new();
    entry.read_to_end(&mut out).expect("inflates");
    out
}

/// The known format of a file, its share of documented columns and its orders columns.
fn recognised(bytes: &[u8]) -> (String, f64, Option<[Option<String>; 3]>, String) {
    let inspection = inspect(bytes, &Options::default()).expect("reads");
    let format = inspection.input.format.expect("a known export");
    let orders = format
        .orders
        .map(|o| [o.customer.clone(), o.date.clone(), o.amount.clone()]);
    (format.name, format.confidence, orders, format.mapping)
}

#[test]
fn every_known_export_is_recognised_in_full_and_with_a_third_of_its_columns_dropped() {
    let people = [
        ("shopify-customers", "csv"),
        ("hubspot-contacts", "csv"),
        ("klaviyo-profiles", "csv"),
        ("salesforce-contacts", "csv"),
        ("salesforce-leads", "csv"),
        ("mailchimp-audience", "zip"),
    ];
    for (name, ext) in people {
        for file in [format!("{name}.{ext}"), format!("{name}-drop-third.{ext}")] {
            let bytes = if ext == "zip" {
                first_entry(&file)
            } else {
                fixture(&file)
            };
            let (got, confidence, orders, mapping) = recognised(&bytes);
            assert_eq!(got, name, "{file}");
            assert_eq!(orders, None, "{file}: a list of people has no orders");
            assert!(confidence >= 0.5, "{file}: {confidence}");
            assert!(mapping.contains("documented columns"), "{file}: {mapping}");
        }
    }
}

#[test]
fn the_orders_exports_are_recognised_with_the_columns_of_their_orders() {
    let some = |s: &str| Some(s.to_owned());
    let cases = [
        (
            "shopify-orders.csv",
            "shopify-orders",
            [some("Email"), some("Created at"), some("Total")],
        ),
        // Email went with the dropped third: the mapping says it is missing.
        (
            "shopify-orders-drop-third.csv",
            "shopify-orders",
            [None, some("Created at"), some("Total")],
        ),
        (
            "woocommerce-orders.csv",
            "woocommerce-orders",
            [
                some("billing_email"),
                some("order_date"),
                some("order_total"),
            ],
        ),
        (
            "woocommerce-orders-drop-third.csv",
            "woocommerce-orders",
            [None, some("order_date"), None],
        ),
        (
            "stripe-payments.csv",
            "stripe-payments",
            [
                some("Customer ID"),
                some("Created date (UTC)"),
                some("Amount"),
            ],
        ),
        // Without Customer ID and Amount, the e-mail and the converted amount stand in.
        (
            "stripe-payments-drop-third.csv",
            "stripe-payments",
            [
                some("Customer Email"),
                some("Created date (UTC)"),
                some("Converted Amount"),
            ],
        ),
    ];
    for (file, name, columns) in cases {
        let (got, _, orders, mapping) = recognised(&fixture(file));
        assert_eq!(got, name, "{file}");
        assert_eq!(orders.as_ref(), Some(&columns), "{file}: {mapping}");
    }
    let (_, _, _, mapping) = recognised(&fixture("shopify-orders.csv"));
    assert!(
        mapping.starts_with(
            "Shopify orders export: customer = Email, date = Created at, amount = Total per \
             order, order = Name"
        ),
        "{mapping}"
    );
    let (_, _, _, mapping) = recognised(&fixture("shopify-orders-drop-third.csv"));
    assert!(
        mapping.contains("customer = (not in the file)"),
        "{mapping}"
    );
}

#[test]
fn a_plain_purchase_history_is_no_known_export() {
    let inspection = inspect(&fixture("purchase-history.csv"), &Options::default()).unwrap();
    assert_eq!(inspection.input.format, None);
}

/// `customer -> (recency, frequency, monetary)` of a `NAME.rfm.csv` sidecar, worked out by the
/// fixtures' generator from what it planted (the fixtures' README says what counts per format).
fn sidecar(name: &str) -> std::collections::BTreeMap<String, (i64, u64, f64)> {
    let bytes = fixture(name);
    let mut rows = csv::Reader::from_reader(bytes.as_slice());
    rows.records()
        .map(|r| {
            let r = r.expect("a sidecar row");
            (
                r[0].to_owned(),
                (
                    r[1].parse().expect("recency"),
                    r[2].parse().expect("frequency"),
                    r[3].parse().expect("monetary"),
                ),
            )
        })
        .collect()
}

/// The RFM step on an orders fixture with no column named by hand, against its sidecar.
fn rfm_matches_sidecar(file: &str, rfm: &str) -> tribes_core::RfmResult {
    let analysis = tribes_core::rfm(
        &fixture(file),
        &Options::default(),
        1,
        &mut tribes_core::no_progress,
    )
    .unwrap_or_else(|e| panic!("{file}: {e}"));
    let want = sidecar(rfm);
    let got: std::collections::BTreeMap<String, (i64, u64, f64)> = analysis
        .rfm
        .customers
        .iter()
        .map(|c| {
            (
                c.customer.clone(),
                (c.recency_days, c.frequency, c.monetary_total),
            )
        })
        .collect();
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>(),
        "{file}: the customers"
    );
    for (customer, &(r, f, m)) in &want {
        let (gr, gf, gm) = got[customer];
        assert_eq!(
            (gr, gf),
            (r, f),
            "{file}: {customer}: recency and frequency"
        );
        // The sidecar rounds each order's net value to the cent.
        assert!(
            (gm - m).abs() <= 0.006 * f.max(1) as f64,
            "{file}: {customer}: monetary {gm} against {m}"
        );
    }
    // Every row is accounted for: used (line items included) or skipped with its reason.
    let input = &analysis.rfm.input;
    assert_eq!(input.rows_used + input.skipped.len(), input.rows, "{file}");
    analysis.rfm
}

#[test]
fn woocommerce_orders_give_the_rfm_worked_out_from_what_was_planted() {
    let r = rfm_matches_sidecar("woocommerce-orders.csv", "woocommerce-orders.rfm.csv");
    assert_eq!(r.columns.customer, "billing_email");
    assert_eq!(r.columns.status.as_deref(), Some("status"));
    // Refunded, cancelled and failed orders are left out with their status as the reason.
    assert!(r
        .input
        .skipped
        .iter()
        .any(|s| s.reason == "column \"status\" is \"failed\": not an order"));
}

#[test]
fn stripe_payments_net_out_refunds_and_leave_out_failed_payments() {
    let r = rfm_matches_sidecar("stripe-payments.csv", "stripe-payments.rfm.csv");
    assert_eq!(r.columns.customer, "Customer ID");
    assert_eq!(r.columns.refunded.as_deref(), Some("Amount Refunded"));
    let failed = r
        .input
        .skipped
        .iter()
        .filter(|s| s.reason == "column \"Status\" is \"Failed\": not an order")
        .count();
    assert_eq!(failed, 63);
}

#[test]
fn shopify_orders_count_later_line_items_with_their_order() {
    let r = rfm_matches_sidecar("shopify-orders.csv", "shopify-orders.rfm.csv");
    assert_eq!(
        (r.columns.customer.as_str(), r.columns.date.as_str()),
        ("Email", "Created at")
    );
    assert_eq!(r.columns.order.as_deref(), Some("Name"));
    // 138 later line items leave Total blank: none is skipped for it.
    assert!(r.input.line_items > 0);
    assert!(
        r.input.skipped.iter().all(|s| !s.reason.contains("amount")),
        "{:?}",
        r.input.skipped
    );
}

#[test]
fn a_purchase_history_gives_the_rfm_worked_out_from_what_was_planted() {
    rfm_matches_sidecar("purchase-history.csv", "purchase-history.rfm.csv");
}

#[test]
fn a_contact_list_with_an_activity_date_is_never_offered_as_orders() {
    let guess = |bytes: &[u8]| {
        let table = tribes_core::read(bytes, &tribes_core::ReadSettings::default()).unwrap();
        tribes_core::Dataset::new(table).rfm_guess()
    };
    let hubspot = fixture("hubspot-contacts.csv");
    let g = guess(&hubspot);
    assert!(!g.transactions, "{}", g.evidence);
    assert!(g.evidence.contains("one row per person"), "{}", g.evidence);
    // The same list under headers no format knows: still one row per contact.
    let text = String::from_utf8(hubspot).unwrap();
    let (head, body) = text.split_once('\n').unwrap();
    let plain = head
        .replace("Record ID", "contact")
        .replace("Last Activity Date", "last activity")
        .replace("Annual Revenue", "revenue total")
        .replace("Email", "customer email");
    let g = guess(format!("{plain}\n{body}").as_bytes());
    assert!(!g.transactions, "{}", g.evidence);
    // And the orders are.
    assert!(guess(&fixture("woocommerce-orders.csv")).transactions);
}
