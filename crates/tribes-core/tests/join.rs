//! A Shopify customers export and its orders export for the same customers
//! (`tests/fixtures/exports/shopify-pair-*`), with groups that only the two files joined
//! reveal: wholesale accounts, active and lapsed retail customers, and customers who never
//! ordered. With no option but the orders file, the joined analysis finds them.

mod common;

use common::{ari, fixture, truth};
use tribes_core::{AnalysisResult, Dataset, Options, ReadSettings};

fn data(name: &str) -> Dataset {
    Dataset::new(tribes_core::read(&fixture(name), &ReadSettings::default()).unwrap())
}

fn joined(seed: u32) -> (tribes_core::Joined, AnalysisResult) {
    let settings = Options::default().check(seed).unwrap();
    let j = data("shopify-pair-customers.csv")
        .join(
            &data("shopify-pair-orders.csv"),
            &settings,
            &mut tribes_core::no_progress,
        )
        .unwrap();
    let r = j.analyze(&settings, &mut tribes_core::no_progress).unwrap();
    (j, r)
}

#[test]
fn the_joined_pair_finds_the_groups_neither_file_holds_alone() {
    let planted = truth("shopify-pair");
    for seed in [1, 2, 3] {
        let (_, r) = joined(seed);
        let score = ari(&planted, &r.labels);
        assert!(score >= 0.8, "seed {seed}: ARI {score:.3}, k {}", r.k);
        // No personal or identifier column forms segments or names one.
        for c in r.columns.iter().filter(|c| c.feature.is_some()) {
            assert!(
                !["Email", "First Name", "Last Name", "Customer ID", "Phone"]
                    .contains(&c.name.as_str()),
                "{} is a feature",
                c.name
            );
        }
        for s in &r.segments {
            assert!(!s.name.contains('@'), "{}", s.name);
        }
    }
    // The customers file alone cannot tell active retail customers from lapsed ones.
    let settings = Options::default().check(1).unwrap();
    let alone = data("shopify-pair-customers.csv")
        .analyze(&settings, &mut tribes_core::no_progress)
        .unwrap();
    let score = ari(&planted, &alone.labels);
    assert!(score < 0.5, "the customers file alone scores {score:.3}");
}

#[test]
fn the_pair_is_joined_on_the_e_mail_and_every_row_is_accounted_for() {
    let (j, _) = joined(1);
    let r = &j.report;
    assert_eq!(
        (r.key.customers.as_str(), r.key.orders.as_str()),
        ("Email", "Email")
    );
    assert_eq!(r.chosen, "measured");
    // A fifth of the orders' e-mail addresses are in capitals: they match all the same, so
    // every customer who ordered is matched.
    let planted = truth("shopify-pair");
    let never = planted.iter().filter(|g| *g == "never ordered").count();
    assert_eq!(r.never_ordered, never);
    assert_eq!(r.matched, planted.len() - never);
    assert_eq!(r.customers, planted.len());
    // Guest checkouts are listed; joined + unmatched + skipped is every order row.
    let o = &r.orders;
    assert!(o.unmatched > 0 && o.unmatched_customers > 0);
    assert_eq!(o.unmatched, o.unmatched_rows.len());
    assert_eq!(o.joined + o.unmatched + o.skipped, o.records);
}
