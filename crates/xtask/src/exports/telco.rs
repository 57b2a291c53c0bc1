//! A telecom churn table in the column layout of IBM's public "Telco customer churn" sample
//! (customerID, gender, SeniorCitizen 0/1, Partner, Dependents, tenure, PhoneService,
//! MultipleLines, InternetService, OnlineSecurity, OnlineBackup, DeviceProtection, TechSupport,
//! StreamingTV, StreamingMovies, Contract, PaperlessBilling, PaymentMethod, MonthlyCharges,
//! TotalCharges, Churn), as IBM's sample is republished at
//! <https://www.kaggle.com/datasets/blastchar/telco-customer-churn> (7,043 rows, hence the
//! default size).
//! The values are generated, not the sample's; its quirks are kept: "No internet service" and
//! "No phone service" as answers, and TotalCharges blank (a single space) for customers whose
//! tenure is 0, which turns the column into text for a naive reader.
//!
//! Four groups are planted in tenure, MonthlyCharges, Contract and InternetService, with churn
//! concentrated in one: month-to-month fiber (about half churn), long-contract fiber,
//! month-to-month DSL and long-contract DSL. Phone, add-ons, billing and the demographic
//! columns are drawn alike for everyone.

use super::common::{money, Dataset, Rng, Table, PLAIN};

const COLUMNS: &[&str] = &[
    "customerID",
    "gender",
    "SeniorCitizen",
    "Partner",
    "Dependents",
    "tenure",
    "PhoneService",
    "MultipleLines",
    "InternetService",
    "OnlineSecurity",
    "OnlineBackup",
    "DeviceProtection",
    "TechSupport",
    "StreamingTV",
    "StreamingMovies",
    "Contract",
    "PaperlessBilling",
    "PaymentMethod",
    "MonthlyCharges",
    "TotalCharges",
    "Churn",
];

/// (group, share, contracts, internet, tenure, monthly charges, churn rate).
type Plan = (
    &'static str,
    f64,
    &'static [&'static str],
    &'static str,
    (i64, i64),
    (f64, f64),
    f64,
);

const PLANS: &[Plan] = &[
    (
        "month-to-month fiber",
        0.30,
        &["Month-to-month"],
        "Fiber optic",
        (0, 18),
        (80.0, 105.0),
        0.50,
    ),
    (
        "long-contract fiber",
        0.20,
        &["Two year", "Two year", "One year"],
        "Fiber optic",
        (48, 72),
        (95.0, 118.0),
        0.03,
    ),
    (
        "month-to-month DSL",
        0.25,
        &["Month-to-month"],
        "DSL",
        (0, 18),
        (45.0, 65.0),
        0.20,
    ),
    (
        "long-contract DSL",
        0.25,
        &["One year", "Two year"],
        "DSL",
        (36, 72),
        (50.0, 70.0),
        0.05,
    ),
];

const PAYMENT: &[&str] = &[
    "Electronic check",
    "Mailed check",
    "Bank transfer (automatic)",
    "Credit card (automatic)",
];

fn yes(rng: &mut Rng, p: f64) -> &'static str {
    if rng.chance(p) {
        "Yes"
    } else {
        "No"
    }
}

pub fn churn(rng: &mut Rng, rows: usize) -> Dataset {
    let mut table = Table::new(COLUMNS);
    let mut truth = Vec::new();
    let shares: Vec<f64> = PLANS.iter().map(|p| p.1).collect();
    let letters = |rng: &mut Rng| -> String {
        (0..5)
            .map(|_| char::from(b'A' + rng.between(0, 25) as u8))
            .collect()
    };
    for _ in 0..rows {
        let (group, _, contracts, internet, tenure, charges, churn) = PLANS[rng.weighted(&shares)];
        // A few new customers have not been billed yet: tenure 0 (and a blank TotalCharges), as
        // in the sample (11 of its 7,043 rows).
        let tenure = if tenure.0 == 0 && rng.chance(0.01) {
            0
        } else {
            rng.between(tenure.0.max(1), tenure.1)
        };
        let monthly = charges.0 + rng.uniform() * (charges.1 - charges.0);
        let phone = internet == "No" || rng.chance(0.9);
        let service = |rng: &mut Rng, p: f64| -> String {
            if internet == "No" {
                "No internet service".into()
            } else {
                yes(rng, p).into()
            }
        };
        // Add-ons are about as common in every internet group: they are not what sets the
        // groups apart.
        let total = if tenure == 0 {
            " ".to_string()
        } else {
            money(tenure as f64 * monthly * (0.97 + rng.uniform() * 0.06))
        };
        let contract = *rng.pick(contracts);
        let electronic = if group == "month-to-month fiber" {
            0.6
        } else {
            0.2
        };
        let payment = if rng.chance(electronic) {
            PAYMENT[0]
        } else {
            *rng.pick(&PAYMENT[1..])
        };
        table.push(&[
            (
                "customerID",
                format!("{:04}-{}", rng.between(0, 9999), letters(rng)),
            ),
            (
                "gender",
                if rng.chance(0.5) { "Female" } else { "Male" }.into(),
            ),
            (
                "SeniorCitizen",
                if rng.chance(0.16) { "1" } else { "0" }.into(),
            ),
            ("Partner", yes(rng, 0.48).into()),
            ("Dependents", yes(rng, 0.3).into()),
            ("tenure", tenure.to_string()),
            ("PhoneService", if phone { "Yes" } else { "No" }.into()),
            (
                "MultipleLines",
                if phone {
                    yes(rng, 0.42).to_string()
                } else {
                    "No phone service".into()
                },
            ),
            ("InternetService", internet.into()),
            ("OnlineSecurity", service(rng, 0.35)),
            ("OnlineBackup", service(rng, 0.4)),
            ("DeviceProtection", service(rng, 0.4)),
            ("TechSupport", service(rng, 0.35)),
            ("StreamingTV", service(rng, 0.5)),
            ("StreamingMovies", service(rng, 0.5)),
            ("Contract", contract.into()),
            ("PaperlessBilling", yes(rng, 0.6).into()),
            ("PaymentMethod", payment.into()),
            (
                "MonthlyCharges",
                format!("{:.2}", (monthly * 20.0).round() / 20.0),
            ),
            ("TotalCharges", total),
            ("Churn", yes(rng, churn).into()),
        ]);
        truth.push(group);
    }
    Dataset::csv(table, truth, PLAIN)
}
