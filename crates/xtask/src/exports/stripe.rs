//! Stripe's payments export (`unified_payments.csv`, from the Dashboard's Payments page).
//!
//! Layout: the Dashboard's payments export ("Exporting a report of all transactions",
//! <https://support.stripe.com/questions/exporting-a-report-of-all-transactions>, which says the
//! payments export includes failed payments); its columns (id, Created date (UTC), Amount,
//! Amount Refunded, Currency, Captured, Converted Amount, ..., Status, ..., Customer ID,
//! Customer Description, Customer Email, the Card columns, Invoice ID, Transfer, PaymentIntent
//! ID) are the ones public code that reads the export tests against; Status is Paid, Refunded
//! or Failed there, as here.
//!
//! Four groups are planted per customer: monthly subscribers (a payment every month of the same
//! price), big one-off buyers, lapsed payers whose card started failing, and occasional small
//! buyers. In `NAME.rfm.csv` a customer is their Customer ID; Paid payments count, with Amount
//! minus Amount Refunded; Refunded and Failed ones neither count nor add.

use super::common::{self, daytime, hms, iso, money, person, Dataset, Rng, Table, PLAIN};
use super::shopify::Behaviour;

const COLUMNS: &[&str] = &[
    "id",
    "Created date (UTC)",
    "Amount",
    "Amount Refunded",
    "Currency",
    "Captured",
    "Converted Amount",
    "Converted Amount Refunded",
    "Converted Currency",
    "Decline Reason",
    "Description",
    "Fee",
    "Is Link",
    "Mode",
    "Payment Source Type",
    "Refunded date (UTC)",
    "Statement Descriptor",
    "Status",
    "Seller Message",
    "Taxes On Fee",
    "Card ID",
    "Customer ID",
    "Customer Description",
    "Customer Email",
    "Card Brand",
    "Card Funding",
    "Card Last4",
    "Card Exp Month",
    "Card Exp Year",
    "Card Country",
    "Card Fingerprint",
    "Invoice ID",
    "Transfer",
    "PaymentIntent ID",
];

const END: i64 = 20_088;

/// (group, share, payments, days between payments, days from the last payment to the end,
/// price median).
const GROUPS: &[Behaviour] = &[
    ("subscriber", 0.25, (8, 18), (28, 31), (0, 25), 39.0),
    ("big one-off", 0.15, (1, 1), (0, 0), (0, 150), 650.0),
    ("lapsed payer", 0.20, (4, 8), (28, 31), (100, 250), 29.0),
    ("occasional", 0.40, (1, 2), (40, 200), (250, 600), 35.0),
];

struct Card {
    brand: &'static str,
    funding: &'static str,
    last4: String,
    month: i64,
    year: i64,
    fingerprint: String,
}

pub fn payments(rng: &mut Rng, rows: usize) -> Dataset {
    let customers = (rows * 10 / 45).max(8);
    struct Payment {
        day: i64,
        seconds: i64,
        customer: usize,
        amount: f64,
        status: &'static str,
        refunded: f64,
        decline: &'static str,
    }
    let shares: Vec<f64> = GROUPS.iter().map(|g| g.1).collect();
    let mut groups = Vec::new();
    let mut payments: Vec<Payment> = Vec::new();
    for c in 0..customers {
        let (group, _, count, gap, last, price) = GROUPS[rng.weighted(&shares)];
        groups.push(group);
        let n = rng.between(count.0, count.1);
        let plan = (rng.lognormal(price, 0.3)).round() - 0.01;
        let mut day = END - rng.between(last.0, last.1);
        let mut days = vec![day];
        for _ in 1..n {
            day -= rng.between(gap.0, gap.1);
            days.push(day);
        }
        days.reverse();
        for (k, &d) in days.iter().enumerate() {
            let amount = if group == "subscriber" || group == "lapsed payer" {
                plan
            } else {
                (rng.lognormal(plan, 0.25) * 100.0).round() / 100.0
            };
            let newest = k + 1 == days.len();
            let (status, refunded, decline) = if newest {
                ("Paid", 0.0, "")
            } else if rng.chance(0.03) {
                ("Refunded", amount, "")
            } else if rng.chance(0.04) {
                ("Failed", 0.0, "card_declined")
            } else if rng.chance(0.03) {
                ("Paid", (amount * 0.3 * 100.0).round() / 100.0, "")
            } else {
                ("Paid", 0.0, "")
            };
            payments.push(Payment {
                day: d,
                seconds: daytime(rng),
                customer: c,
                amount,
                status,
                refunded,
                decline,
            });
        }
        // A lapsed payer's card failed on the renewals after their last payment.
        if group == "lapsed payer" {
            for k in 1..=rng.between(2, 3) {
                payments.push(Payment {
                    day: day + 30 * k,
                    seconds: daytime(rng),
                    customer: c,
                    amount: plan,
                    status: "Failed",
                    refunded: 0.0,
                    decline: ["insufficient_funds", "expired_card", "card_declined"]
                        [rng.between(0, 2) as usize],
                });
            }
        }
    }
    // The export lists the newest payment first.
    payments.sort_by_key(|p| std::cmp::Reverse((p.day, p.seconds)));
    let people: Vec<_> = (0..customers).map(|c| person(rng, c)).collect();
    let ids: Vec<String> = (0..customers)
        .map(|_| format!("cus_{}", rng.alnum(14)))
        .collect();
    let cards: Vec<Card> = (0..customers)
        .map(|_| Card {
            brand: rng.word(&["Visa", "Visa", "MasterCard", "American Express"]),
            funding: rng.word(&["credit", "credit", "debit"]),
            last4: format!("{:04}", rng.between(0, 9999)),
            month: rng.between(1, 12),
            year: rng.between(2025, 2030),
            fingerprint: rng.alnum(16),
        })
        .collect();
    let mut table = Table::new(COLUMNS);
    let mut truth = Vec::new();
    let mut counted = Vec::new();
    for p in &payments {
        let who = &people[p.customer];
        let card = &cards[p.customer];
        let fee = if p.status == "Failed" {
            0.0
        } else {
            p.amount * 0.029 + 0.30
        };
        let subscription = matches!(groups[p.customer], "subscriber" | "lapsed payer");
        table.push(&[
            ("id", format!("ch_3{}", rng.alnum(23))),
            (
                "Created date (UTC)",
                format!("{} {}", iso(p.day), hms(p.seconds)),
            ),
            ("Amount", money(p.amount)),
            ("Amount Refunded", money(p.refunded)),
            ("Currency", "usd".into()),
            ("Captured", (p.status != "Failed").to_string()),
            ("Converted Amount", money(p.amount)),
            ("Converted Amount Refunded", money(p.refunded)),
            ("Converted Currency", "usd".into()),
            ("Decline Reason", p.decline.into()),
            (
                "Description",
                if subscription {
                    "Subscription update".into()
                } else {
                    format!("Order {}", rng.between(10_000, 99_999))
                },
            ),
            ("Fee", money(fee)),
            ("Is Link", "false".into()),
            ("Mode", "Live".into()),
            ("Payment Source Type", "card".into()),
            (
                "Refunded date (UTC)",
                if p.refunded > 0.0 {
                    format!("{} {}", iso(p.day + rng.between(1, 9)), hms(daytime(rng)))
                } else {
                    String::new()
                },
            ),
            ("Statement Descriptor", "NORTHWIND".into()),
            ("Status", p.status.into()),
            (
                "Seller Message",
                if p.status == "Failed" {
                    "The bank did not return any further details with this decline."
                } else {
                    "Payment complete."
                }
                .into(),
            ),
            ("Taxes On Fee", "0.00".into()),
            ("Card ID", format!("card_{}", rng.alnum(24))),
            ("Customer ID", ids[p.customer].clone()),
            (
                "Customer Description",
                if rng.chance(0.5) {
                    format!("{} {}", who.first, who.last)
                } else {
                    String::new()
                },
            ),
            ("Customer Email", who.email.clone()),
            ("Card Brand", card.brand.to_string()),
            ("Card Funding", card.funding.to_string()),
            ("Card Last4", card.last4.clone()),
            ("Card Exp Month", card.month.to_string()),
            ("Card Exp Year", card.year.to_string()),
            ("Card Country", who.place.country_code.into()),
            ("Card Fingerprint", card.fingerprint.clone()),
            (
                "Invoice ID",
                if subscription {
                    format!("in_{}", rng.alnum(24))
                } else {
                    String::new()
                },
            ),
            ("Transfer", String::new()),
            ("PaymentIntent ID", format!("pi_3{}", rng.alnum(23))),
        ]);
        truth.push(groups[p.customer]);
        let counts = p.status == "Paid";
        let net = if counts { p.amount - p.refunded } else { 0.0 };
        counted.push((ids[p.customer].clone(), p.day, net, counts));
    }
    let as_of = payments.iter().map(|p| p.day).max().unwrap_or(END);
    let mut data = Dataset::csv(table, truth, PLAIN);
    data.rfm = Some(common::rfm(&counted, as_of));
    data
}
