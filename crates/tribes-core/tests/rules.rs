//! Each segment's rule, checked against the file it came from: the conditions are applied to the
//! CSV's own cells here, independently of the core, and must give the coverage and precision the
//! result reports.

use serde_json::Value;
use tribes_core::{analyze, no_progress, KChoice, Options};

/// 600 customers in three planted groups defined by thresholds: big spenders (Total Orders >= 10
/// and Total Spent >= 1200), small Pro-plan customers and small Basic-plan customers; a noise
/// column; and a phone column that would name each group exactly but is personal.
fn planted() -> String {
    let mut out = String::from("Customer ID,Phone,Total Orders,Total Spent,Plan,Age\n");
    // A small linear congruential generator, so the file is the same on every run.
    let mut state: u64 = 12345;
    let mut next = move |n: u64| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % n
    };
    for i in 0..600 {
        let group = i % 3;
        let (orders, spent, plan) = match group {
            0 => (
                10 + next(15),
                1200 + next(3000),
                ["Pro", "Basic"][next(2) as usize],
            ),
            1 => (1 + next(6), 50 + next(600), "Pro"),
            _ => (1 + next(6), 50 + next(600), "Basic"),
        };
        let phone = ["mobile", "landline", "office"][group];
        let age = 20 + next(50);
        out.push_str(&format!("C{i:04},{phone},{orders},{spent},{plan},{age}\n"));
    }
    out
}

/// Whether a row's cells pass a condition of the result (as JSON), read as a person would; a
/// list column's cell is split at its `separator`.
fn holds(condition: &Value, cell: &str, separator: Option<&str>) -> bool {
    let value = &condition["value"];
    let number = cell.trim().parse::<f64>().ok();
    match condition["op"].as_str().unwrap() {
        "<" => number.is_some_and(|n| n < value.as_f64().unwrap()),
        "<=" => number.is_some_and(|n| n <= value.as_f64().unwrap()),
        ">" => number.is_some_and(|n| n > value.as_f64().unwrap()),
        ">=" => number.is_some_and(|n| n >= value.as_f64().unwrap()),
        "=" => cell.trim() == value.as_str().unwrap(),
        "!=" => cell.trim() != value.as_str().unwrap(),
        "in" => value
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v.as_str() == Some(cell.trim())),
        "contains" => cell.split(separator.unwrap()).any(|item| {
            item.trim().trim_matches('"').to_lowercase() == value.as_str().unwrap().to_lowercase()
        }),
        op => panic!("unknown op {op}"),
    }
}

#[test]
fn rules_find_planted_threshold_segments_and_count_true_against_the_file() {
    let text = planted();
    // "Phone" here holds the kind of phone (mobile, landline, office), which the roles read as a
    // plain category; set as personal, as a user would, it must never appear in a rule although
    // it predicts every segment perfectly.
    let options = Options {
        k: KChoice::Fixed(3.0),
        roles: [("Phone".to_owned(), "personal".to_owned())]
            .into_iter()
            .collect(),
        ..Options::default()
    };
    let result = analyze(text.as_bytes(), &options, 4, &mut no_progress).unwrap();
    let json = serde_json::to_value(&result).unwrap();
    for (rule, coverage, precision) in checked_rules(&text, &json) {
        assert!(coverage >= 0.7 && precision >= 0.8, "{rule}");
        for c in rule["conditions"].as_array().unwrap() {
            assert!(!["Phone", "Customer ID"].contains(&c["column"].as_str().unwrap()));
        }
        // The text is the conditions, numbers written plainly.
        assert!(!rule["text"].as_str().unwrap().contains(','), "{rule}");
    }
}

/// Every segment's rule of `json` (the result on the CSV `text`), checked against the file's own
/// cells: its columns are the file's, and the coverage and precision it reports are counted
/// again here. Returns each rule with its coverage and precision.
fn checked_rules(text: &str, json: &Value) -> Vec<(Value, f64, f64)> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let labels = json["labels"].as_array().unwrap();
    let separator = |column: &str| {
        json["columns"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == column)
            .and_then(|c| c["separator"].as_str())
    };
    let mut out = Vec::new();
    for segment in json["segments"].as_array().unwrap() {
        let id = segment["id"].as_i64().unwrap();
        let rule = &segment["rule"];
        assert!(rule.is_object(), "segment {id} has no rule: {segment}");
        let conditions = rule["conditions"].as_array().unwrap();
        assert!((1..=3).contains(&conditions.len()), "{rule}");
        for c in conditions {
            let column = c["column"].as_str().unwrap();
            assert!(headers.iter().any(|h| h == column), "{column}");
        }
        let (mut own, mut selected, mut hit) = (0, 0, 0);
        for (row, label) in rows.iter().zip(labels) {
            let passes = conditions.iter().all(|c| {
                let column = c["column"].as_str().unwrap();
                let at = headers.iter().position(|h| h == column).unwrap();
                holds(c, &row[at], separator(column))
            });
            let here = label.as_i64() == Some(id);
            own += usize::from(here);
            selected += usize::from(passes);
            hit += usize::from(passes && here);
        }
        let coverage = hit as f64 / own as f64;
        let precision = hit as f64 / selected as f64;
        assert!(
            (coverage - rule["coverage"].as_f64().unwrap()).abs() < 1e-12,
            "{rule}"
        );
        assert!(
            (precision - rule["precision"].as_f64().unwrap()).abs() < 1e-12,
            "{rule}"
        );
        out.push((rule.clone(), coverage, precision));
    }
    out
}

/// A segment told apart by a tag: VIP customers (whose orders and spend overlap the others'),
/// big spenders without the tag, and small spenders; newsletter is on every other row. The VIP
/// segment's rule is `Tags contains VIP`, true of the file's cells as split at the separator.
#[test]
fn a_list_column_gives_a_contains_rule_that_counts_true_against_the_file() {
    let mut text = String::from("Customer ID,Tags,Total Orders,Total Spent\n");
    let mut state: u64 = 777;
    let mut next = move |n: u64| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % n
    };
    for i in 0..600 {
        let (orders, spent) = match i % 3 {
            0 => (5 + next(10), 300 + next(600)),
            1 => (10 + next(15), 1200 + next(3000)),
            _ => (1 + next(6), 50 + next(600)),
        };
        let mut tags = Vec::new();
        if i % 3 == 0 {
            tags.push(if i % 2 == 0 { "VIP" } else { "vip" });
        }
        if next(2) == 0 {
            tags.push("newsletter");
        }
        text.push_str(&format!(
            "C{i:04},\"{}\",{orders},{spent}\n",
            tags.join(", ")
        ));
    }
    let options = Options {
        k: KChoice::Fixed(3.0),
        seed: Some(3.0),
        ..Options::default()
    };
    let result = analyze(text.as_bytes(), &options, 0, &mut no_progress).unwrap();
    let json = serde_json::to_value(&result).unwrap();
    assert_eq!(json["columns"][1]["kind"], "list");
    let rules = checked_rules(&text, &json);
    let vip = rules
        .iter()
        .find(|(rule, _, _)| rule["text"] == "Tags contains VIP")
        .unwrap_or_else(|| panic!("no rule is Tags contains VIP: {rules:?}"));
    assert_eq!((vip.1, vip.2), (1.0, 1.0), "{}", vip.0);
}
