//! Klaviyo's profile export (a list or segment exported to CSV).
//!
//! Layout: the profile properties of Klaviyo's "Profiles and properties glossary"
//! (<https://help.klaviyo.com/hc/en-us/articles/360053679071>) as the export heads them: Email,
//! Phone Number, First Name, Last Name, Organization, Title, Address, Address 2, City,
//! State / Region, Country, Zip Code, Latitude, Longitude, Source, IP Address, the consent
//! columns, Timezone, Date Added, Last Open, Last Click, First Active, Last Active, Profile
//! Created On ("How to delete, merge, and export a profile",
//! <https://help.klaviyo.com/hc/en-us/articles/115005073847>, and "How to export all people in
//! your account"); then the predictive analytics properties (Historic / Predicted / Total
//! Customer Lifetime Value, Historic / Predicted Number Of Orders, Average Days Between Orders,
//! Average Order Value, Churn Probability, Expected Date Of Next Order), named as Klaviyo's
//! profile pages show them: their exact export headers could not be checked against a published
//! list.
//!
//! Three groups are planted: high-value buyers (many orders, high lifetime value, low churn
//! probability, opening lately), at-risk buyers (a few orders, high churn probability, no open
//! for months) and browsers (no order, so no predictions, opening and clicking lately).

use super::common::{daytime, hms, iso, money, person, Dataset, Rng, Table, PLAIN};

const COLUMNS: &[&str] = &[
    "Email",
    "Phone Number",
    "First Name",
    "Last Name",
    "Organization",
    "Title",
    "Address",
    "Address 2",
    "City",
    "State / Region",
    "Country",
    "Zip Code",
    "Latitude",
    "Longitude",
    "Source",
    "IP Address",
    "Email Marketing Consent",
    "Email Marketing Consent Timestamp",
    "SMS Marketing Consent",
    "Timezone",
    "Date Added",
    "Last Open",
    "Last Click",
    "First Active",
    "Last Active",
    "Profile Created On",
    "Historic Customer Lifetime Value",
    "Predicted Customer Lifetime Value",
    "Total Customer Lifetime Value",
    "Historic Number Of Orders",
    "Predicted Number Of Orders",
    "Average Days Between Orders",
    "Average Order Value",
    "Churn Probability",
    "Expected Date Of Next Order",
    "Klaviyo ID",
];

/// (group, share, orders, order value median, churn probability, days since the last open).
type Group = (&'static str, f64, (i64, i64), f64, (f64, f64), (i64, i64));

const GROUPS: &[Group] = &[
    ("high value", 0.20, (6, 20), 90.0, (0.03, 0.25), (0, 20)),
    ("at risk", 0.30, (2, 5), 60.0, (0.6, 0.95), (120, 400)),
    ("browser", 0.50, (0, 0), 0.0, (0.0, 0.0), (0, 60)),
];

const TODAY: i64 = 20_088;

fn stamp(rng: &mut Rng, day: i64) -> String {
    format!("{} {}", iso(day), hms(daytime(rng)))
}

pub fn profiles(rng: &mut Rng, rows: usize) -> Dataset {
    let mut table = Table::new(COLUMNS);
    let mut truth = Vec::new();
    let shares: Vec<f64> = GROUPS.iter().map(|g| g.1).collect();
    for i in 0..rows {
        let (group, _, orders, value, churn, open) = GROUPS[rng.weighted(&shares)];
        let p = person(rng, i);
        let added = TODAY - rng.between(60, 1_500);
        let n = rng.between(orders.0, orders.1);
        let aov = if n > 0 {
            rng.lognormal(value, 0.3)
        } else {
            0.0
        };
        let historic = aov * n as f64;
        let predicted = historic * rng.uniform() * 0.5;
        let last_open = TODAY - rng.between(open.0, open.1);
        let opened = rng.chance(0.9);
        let consent = if rng.chance(0.8) {
            "SUBSCRIBED"
        } else {
            "NEVER_SUBSCRIBED"
        };
        let buyer = n > 0;
        let predictions = |x: String| if buyer { x } else { String::new() };
        let next_order = TODAY + rng.between(5, 200);
        table.push(&[
            ("Email", p.email.clone()),
            (
                "Phone Number",
                if rng.chance(0.35) {
                    p.phone.clone()
                } else {
                    String::new()
                },
            ),
            ("First Name", p.first.into()),
            (
                "Last Name",
                if rng.chance(0.9) {
                    p.last.into()
                } else {
                    String::new()
                },
            ),
            ("Organization", String::new()),
            ("Title", String::new()),
            (
                "Address",
                if buyer {
                    p.street.clone()
                } else {
                    String::new()
                },
            ),
            ("Address 2", String::new()),
            ("City", p.place.city.into()),
            ("State / Region", p.place.region.into()),
            ("Country", p.place.country.into()),
            (
                "Zip Code",
                if buyer {
                    p.place.postal_code(rng)
                } else {
                    String::new()
                },
            ),
            (
                "Latitude",
                format!("{:.4}", p.place.lat + rng.normal(0.0, 0.03)),
            ),
            (
                "Longitude",
                format!("{:.4}", p.place.lon + rng.normal(0.0, 0.03)),
            ),
            (
                "Source",
                rng.pick(&["Shopify", "Klaviyo Form", "Manually Initiated", "API"])
                    .to_string(),
            ),
            (
                "IP Address",
                format!(
                    "{}.{}.{}.{}",
                    rng.between(20, 200),
                    rng.between(0, 255),
                    rng.between(0, 255),
                    rng.between(1, 254)
                ),
            ),
            ("Email Marketing Consent", consent.into()),
            (
                "Email Marketing Consent Timestamp",
                if consent == "SUBSCRIBED" {
                    stamp(rng, added)
                } else {
                    String::new()
                },
            ),
            (
                "SMS Marketing Consent",
                if rng.chance(0.2) {
                    "SUBSCRIBED"
                } else {
                    "NEVER_SUBSCRIBED"
                }
                .into(),
            ),
            ("Timezone", p.place.tz.into()),
            ("Date Added", stamp(rng, added)),
            (
                "Last Open",
                if opened {
                    stamp(rng, last_open.max(added))
                } else {
                    String::new()
                },
            ),
            (
                "Last Click",
                if opened && rng.chance(0.6) {
                    let day = (last_open - rng.between(0, 30)).max(added);
                    stamp(rng, day)
                } else {
                    String::new()
                },
            ),
            ("First Active", stamp(rng, added)),
            ("Last Active", stamp(rng, last_open.max(added))),
            ("Profile Created On", stamp(rng, added)),
            ("Historic Customer Lifetime Value", money(historic)),
            (
                "Predicted Customer Lifetime Value",
                predictions(money(predicted)),
            ),
            (
                "Total Customer Lifetime Value",
                money(historic + if buyer { predicted } else { 0.0 }),
            ),
            ("Historic Number Of Orders", n.to_string()),
            (
                "Predicted Number Of Orders",
                predictions(format!("{:.2}", n as f64 * rng.uniform() * 0.4)),
            ),
            (
                "Average Days Between Orders",
                if n > 1 {
                    format!("{:.1}", rng.lognormal(45.0, 0.4))
                } else {
                    String::new()
                },
            ),
            ("Average Order Value", money(aov)),
            (
                "Churn Probability",
                predictions(format!(
                    "{:.2}",
                    churn.0 + rng.uniform() * (churn.1 - churn.0)
                )),
            ),
            ("Expected Date Of Next Order", predictions(iso(next_order))),
            ("Klaviyo ID", format!("01H{}", rng.alnum(23).to_uppercase())),
        ]);
        truth.push(group);
    }
    Dataset::csv(table, truth, PLAIN)
}
