//! The committed export fixtures (`tests/fixtures/exports`, in the platforms' published
//! layouts): each is recognised as its format, in full and with a third of its columns dropped
//! and the rest shuffled, and the orders formats name the columns their orders are read from.

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
