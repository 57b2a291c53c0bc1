//! The realistic exports of `tests/fixtures/exports`, each with groups planted in its behaviour
//! columns and names, ids, owners and places drawn alike for every group: segmented with no
//! option given, the segments must find the planted groups (ARI against the `.truth.csv`
//! sidecar), no personal, owner or identifier column may form them or appear in a name, and every
//! part of a name must be true of at least half the segment's members.
//!
//! These are the fixtures where the pipeline a data scientist writes first (numbers and one-hot
//! categories, standardized, k-means with the true k) scores an ARI of 0.5 or less
//! (`python3 tests/bench/baseline-ari.py`).

mod common;

use common::{ari, fixture, truth};
use tribes_core::{analyze, AnalysisResult, KChoice, Options};

fn run(name: &str, k: Option<usize>) -> AnalysisResult {
    let options = Options {
        seed: Some(1.0),
        k: k.map_or(KChoice::Auto, |k| KChoice::Fixed(k as f64)),
        ..Options::default()
    };
    analyze(&fixture(name), &options, 0, &mut tribes_core::no_progress)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn score(name: &str, r: &AnalysisResult) -> f64 {
    let base = name.trim_end_matches(".csv");
    let planted = truth(base);
    // A report's footer lines after the data are not customers (reading them as such is the
    // reader's business): the score is on the planted records.
    let labels = &r.labels[..planted.len().min(r.labels.len())];
    assert_eq!(labels.len(), planted.len(), "{name}: records");
    ari(labels, &planted)
}

/// The cells of column `c` of the file, by record, as the core reads them (cells may hold line
/// breaks); a skipped record (a report's footer line) has none.
fn cells(bytes: &[u8], c: usize) -> Vec<String> {
    let table = tribes_core::read(bytes, &Default::default()).unwrap();
    let mut by_record = vec![String::new(); table.records];
    for (row, cell) in table.column(c).iter().enumerate() {
        by_record[table.record_of_row[row]] = cell.to_owned();
    }
    by_record
}

/// The values of a name's group of categories: "A, B or C" is A, B and C; one value is itself.
fn one_of(part: &str) -> Vec<&str> {
    match part.rsplit_once(" or ") {
        Some((head, last)) => head.split(", ").chain([last]).collect(),
        None => vec![part],
    }
}

/// A number with the name's suffixes read back: 7, 0.35, 48K, 2.5M, 1.2B.
fn short_number(s: &str) -> Option<f64> {
    let (digits, scale) = match s.chars().last()? {
        'K' => (&s[..s.len() - 1], 1e3),
        'M' => (&s[..s.len() - 1], 1e6),
        'B' => (&s[..s.len() - 1], 1e9),
        _ => (s, 1.0),
    };
    digits.parse::<f64>().ok().map(|v| v * scale)
}

/// For a name's range part ("total spent 270–570"), the share of `members` whose value of that
/// column, read from the file, lies in the range; `None` for any other part.
fn range_share(part: &str, r: &AnalysisResult, bytes: &[u8], members: &[usize]) -> Option<f64> {
    let (column, range) = part.rsplit_once(' ')?;
    let (lo, hi) = match range.split_once('–') {
        Some((lo, hi)) => (short_number(lo)?, short_number(hi)?),
        None => (short_number(range)?, short_number(range)?),
    };
    let c = r
        .columns
        .iter()
        .position(|c| c.name.replace('_', " ").to_lowercase() == column.to_lowercase())?;
    let cells = cells(bytes, c);
    let inside = members
        .iter()
        .filter(|&&m| {
            let v: f64 = cells[m].trim().replace(',', "").parse().unwrap_or(f64::NAN);
            (lo..=hi).contains(&v)
        })
        .count();
    Some(inside as f64 / members.len() as f64)
}

/// Checks what must hold of any result: no hidden column forms segments or shows in a name or a
/// typical customer, and every part of a name is true of half the segment.
fn check_names_and_roles(name: &str, r: &AnalysisResult) {
    let bytes = fixture(name);
    let hidden = ["identifier", "personal", "owner"];
    let roles: Vec<String> = r
        .columns
        .iter()
        .map(|c| {
            serde_json::to_value(c.role)
                .unwrap()
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    for (c, role) in r.columns.iter().zip(&roles) {
        if c.feature.is_some() {
            assert!(
                !hidden.contains(&role.as_str()),
                "{name}: {} is a feature",
                c.name
            );
        }
    }
    let hidden_values: Vec<String> = roles
        .iter()
        .enumerate()
        .filter(|(_, role)| hidden.contains(&role.as_str()))
        .flat_map(|(i, _)| cells(&bytes, i))
        .filter(|v| v.trim().len() > 2)
        .collect();
    for s in &r.segments {
        assert!(!s.name.starts_with("Segment "), "{name}: {}", s.name);
        let parts: Vec<&str> = s.name.split(" · ").collect();
        assert!(parts.len() <= 3, "{name}: {}", s.name);
        for part in &parts {
            assert!(
                !hidden_values.iter().any(|v| v.trim() == *part),
                "{name}: segment named after a personal, owner or identifier value: {}",
                s.name
            );
            assert!(!part.contains('_'), "{name}: raw column name in {}", s.name);
        }
        // Typical customers are the feature `full-report`'s.
        #[cfg(feature = "full-report")]
        for rep in &s.representatives {
            for ((cell, c), role) in rep.cells.iter().zip(&r.columns).zip(&roles) {
                if hidden.contains(&role.as_str()) {
                    assert!(cell.is_empty(), "{name}: typical customer shows {}", c.name);
                }
            }
        }
        // Each part of the name, checked against the file: a category's value is the value of at
        // least half the members; "high X" means above the overall median for half of them.
        let members: Vec<usize> = r
            .labels
            .iter()
            .enumerate()
            .filter(|(_, &l)| l == s.id as i32)
            .map(|(i, _)| i)
            .collect();
        for part in &parts {
            if let Some(share) = range_share(part, r, &bytes, &members) {
                assert!(
                    share >= 0.5,
                    "{name}: \"{part}\" of \"{}\" is true of {share:.2} of its members",
                    s.name
                );
                continue;
            }
            let Some(t) = s.traits.iter().find(|t| {
                t.value.as_deref() == Some(*part)
                    || t.text.starts_with(&format!("{part}:"))
                    || t.text.contains(&format!("% {part} against"))
            }) else {
                continue;
            };
            let c = r.columns.iter().position(|c| c.name == t.column).unwrap();
            let column = cells(&bytes, c);
            let kind = serde_json::to_value(r.columns[c].kind).unwrap();
            let list = r.columns[c].separator.filter(|_| kind == "list");
            let share = if let Some(v) = t.value.as_deref().filter(|v| v == part) {
                // A list's item is held when the cell's items (split here at the separator,
                // quotes and case aside) include it.
                let holds = |cell: &str| match list {
                    Some(sep) => cell.split(sep).any(|i| {
                        i.trim().trim_matches('"').trim().to_lowercase() == v.to_lowercase()
                    }),
                    // A group of values ("Retail, Consumer Goods or Restaurants") holds a
                    // cell that is any of them.
                    None => one_of(v).contains(&cell.trim()),
                };
                members.iter().filter(|&&m| holds(&column[m])).count() as f64 / members.len() as f64
            } else {
                t.holds
            };
            assert!(
                share >= 0.5,
                "{name}: \"{part}\" of \"{}\" is true of {share:.2} of its members",
                s.name
            );
        }
    }
}

/// (fixture, planted groups): found with ARI at least 0.8 when k is the planted one.
const PLANTED: [(&str, usize); 8] = [
    ("shopify-customers.csv", 3),
    ("hubspot-contacts.csv", 4),
    ("salesforce-contacts.csv", 3),
    ("salesforce-leads.csv", 3),
    ("klaviyo-profiles.csv", 3),
    ("telco-churn.csv", 4),
    ("noisy-planted.csv", 4),
    ("noisy-unequal.csv", 3),
];

/// (fixture, planted groups, the ARI reached so far): the right columns are chosen, but k-means
/// on them does not yet find the planted groups. These hold the ground gained over the first
/// pipeline until they pass. (The Salesforce leads were here at 0.33: their Rating, revenue and
/// headcount, the columns the groups were planted in, were weighed as one concept.)
const NOT_YET: [(&str, usize, f64); 0] = [];

#[test]
fn planted_groups_are_found_with_the_true_k() {
    let mut failed = Vec::new();
    for (name, k) in PLANTED {
        let r = run(name, Some(k));
        let a = score(name, &r);
        eprintln!("{name}: ARI {a:.2} with k = {k}, on {:?}", r.lens.columns);
        if std::env::var_os("PLANTED_ROLES").is_some() {
            for c in &r.columns {
                eprintln!(
                    "  {}: {:?} {:?} {}",
                    c.name, c.role, c.lens, c.role_evidence
                );
            }
        }
        check_names_and_roles(name, &r);
        if a < 0.8 {
            failed.push(format!("{name}: {a:.2}"));
        }
    }
    assert!(failed.is_empty(), "ARI below 0.8: {failed:?}");
}

#[test]
fn fixtures_not_yet_at_the_mark_keep_what_they_reached() {
    for (name, k, floor) in NOT_YET {
        let r = run(name, Some(k));
        let a = score(name, &r);
        eprintln!("{name}: ARI {a:.2} with k = {k}, on {:?}", r.lens.columns);
        check_names_and_roles(name, &r);
        assert!(a >= floor, "{name}: ARI {a:.2}, below {floor}");
    }
}

/// (fixture, the ARI reached so far) where the planted groups are found with the true k but k =
/// auto chooses another. (The Salesforce contacts and leads were here at 0.69 and 0.72: a group
/// that stands apart from two closer ones made the silhouette prefer two segments; the rule now
/// takes a third that comes back on split halves.)
const NOT_YET_AUTO: [(&str, f64); 0] = [];

#[test]
fn planted_groups_are_found_with_no_option() {
    // What a marketer gets who gives no option at all: k = auto, every column as found.
    let mut failed = Vec::new();
    for (name, k) in PLANTED
        .into_iter()
        .chain(NOT_YET.into_iter().map(|(n, k, _)| (n, k)))
    {
        let r = run(name, None);
        let a = score(name, &r);
        eprintln!("{name}: auto k = {} (planted {k}), ARI {a:.2}", r.k);
        check_names_and_roles(name, &r);
        let floor = NOT_YET_AUTO
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(0.8, |&(_, f)| f);
        if a < floor {
            failed.push(format!("{name}: {a:.2} with k = {}", r.k));
        }
    }
    assert!(
        failed.is_empty(),
        "ARI below the mark with no option: {failed:?}"
    );
}

/// `--role "First Name=feature"` made people's first names a column of the analysis: left out as
/// having no link, it then showed in every segment's profile and as what set typical customers
/// apart, and it went into the model file. A column found personal now keeps a role that shows
/// none of its values, whatever the options say; the roles that hide are still accepted.
#[test]
fn a_personal_column_cannot_be_given_a_role_that_shows_it() {
    for (column, role) in [
        ("First Name", "feature"),
        ("First Name", "outcome"),
        ("Email", "feature"),
        ("Phone Number", "outcome"),
    ] {
        let options = Options {
            seed: Some(1.0),
            roles: [(column.to_owned(), role.to_owned())].into_iter().collect(),
            ..Options::default()
        };
        let e = analyze(
            &fixture("hubspot-contacts.csv"),
            &options,
            0,
            &mut tribes_core::no_progress,
        )
        .expect_err("a personal column forced to show");
        let e = e.to_string();
        assert!(
            e.starts_with("option roles (--role): column \"")
                && e.contains(column)
                && e.contains("holds personal data")
                && e.contains(&format!("cannot be {role}")),
            "{e}"
        );
    }
    let options = Options {
        seed: Some(1.0),
        roles: [("First Name".to_owned(), "identifier".to_owned())]
            .into_iter()
            .collect(),
        ..Options::default()
    };
    let r = analyze(
        &fixture("hubspot-contacts.csv"),
        &options,
        0,
        &mut tribes_core::no_progress,
    )
    .expect("a role that hides is accepted");
    check_names_and_roles("hubspot-contacts.csv", &r);
}
