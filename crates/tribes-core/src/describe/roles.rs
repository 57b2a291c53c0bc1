//! Which columns a rule may name and which are outcomes, from their names and kinds.
//!
//! These stand in for the columns' roles (personal, outcome) until the schema reports them: the
//! rest of the describe layer asks only [`personal`] and [`outcome`], so the roles replace these
//! two functions and nothing else.

use crate::schema::{ColumnSchema, Kind};

/// A column's name in lower case with every run of other characters as one space:
/// "Default Address Address1" -> "default address address1", "is_active" -> "is active".
fn words(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for ch in name.chars() {
        if ch.is_alphanumeric() {
            out.extend(ch.to_lowercase());
        } else if !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    }
    out.trim_end().to_owned()
}

/// Whether a column holds people's names, e-mail addresses, phone numbers or street addresses:
/// such a column never appears in a rule, a persona or a trait's words.
pub fn personal(column: &ColumnSchema) -> bool {
    let w = words(&column.name);
    let has = |word: &str| w.split(' ').any(|x| x == word);
    let ends_with_name = w.ends_with("name")
        && !has("company")
        && !has("account")
        && !has("product")
        && !has("campaign")
        && !has("list")
        && !has("business");
    let mail = (has("email") || has("mail") || w.contains("e mail"))
        && !has("marketing")
        && !has("consent")
        && !has("opt")
        && !has("accepts")
        && !has("status")
        && !has("subscribed")
        && !has("verified");
    let phone = has("phone") || has("mobile") || has("fax") || has("tel") || has("telephone");
    let street = has("street")
        || has("address1")
        || has("address2")
        || (has("address") && !has("ip") && !has("country") && !has("city"));
    let looks_like_mail = column.examples.iter().filter(|e| e.contains('@')).count() * 2
        > column.examples.len()
        && !column.examples.is_empty();
    ends_with_name
        || matches!(
            w.as_str(),
            "surname" | "firstname" | "lastname" | "fullname"
        )
        || mail
        || phone
        || street
        || looks_like_mail
}

/// Words that make a column an outcome: what the segments are compared on, not what forms them.
const OUTCOME_WORDS: [&str; 9] = [
    "churn",
    "churned",
    "exited",
    "attrition",
    "converted",
    "conversion",
    "cancelled",
    "canceled",
    "retained",
];

/// Whether a column is an outcome (churn, conversion, cancellation, or a yes/no `is_...` flag),
/// reported per segment against all rows.
pub fn outcome(column: &ColumnSchema) -> bool {
    let w = words(&column.name);
    // "Converted Amount" and "Converted Currency" (Stripe) are money in another currency.
    let other = [
        "amount", "currency", "fee", "refunded", "date", "reason", "at",
    ];
    let named = w.split(' ').any(|x| OUTCOME_WORDS.contains(&x))
        && !w.split(' ').any(|x| other.contains(&x));
    let flag = (w.starts_with("is ") || w.starts_with("has ")) && column.kind == Kind::Boolean;
    let kind_fits = match column.kind {
        Kind::Boolean | Kind::Numeric => true,
        Kind::Categorical => column.distinct <= 5,
        _ => false,
    };
    kind_fits && (named || flag)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(name: &str, kind: Kind, examples: &[&str]) -> ColumnSchema {
        ColumnSchema {
            name: name.into(),
            kind,
            missing: 0,
            invalid: 0,
            distinct: 2,
            examples: examples.iter().map(|e| e.to_string()).collect(),
            evidence: String::new(),
            levels: None,
            date_format: None,
            overridden: false,
        }
    }

    #[test]
    fn personal_columns_by_name_and_by_their_values() {
        let c = Kind::Categorical;
        for name in [
            "First Name",
            "Last Name",
            "Email",
            "E-mail",
            "Phone Number",
            "Default Address Address1",
            "Default Address Phone",
            "billing_email",
            "Full name",
        ] {
            assert!(personal(&col(name, c, &[])), "{name}");
        }
        for name in [
            "Company Name",
            "Accepts Email Marketing",
            "Default Address City",
            "Industry",
            "Country/Region",
            "Marketing contact status",
        ] {
            assert!(!personal(&col(name, c, &[])), "{name}");
        }
        assert!(personal(&col(
            "contact",
            c,
            &["a@example.org", "b@example.org"]
        )));
    }

    #[test]
    fn outcomes_by_name_and_kind() {
        assert!(outcome(&col("Churn", Kind::Boolean, &[])));
        assert!(outcome(&col("is_converted", Kind::Boolean, &[])));
        assert!(outcome(&col("Exited", Kind::Numeric, &[])));
        assert!(outcome(&col("Churn Label", Kind::Categorical, &[])));
        assert!(!outcome(&col("Churn reason", Kind::Text, &[])));
        assert!(!outcome(&col("tenure", Kind::Numeric, &[])));
        assert!(!outcome(&col("is_region", Kind::Categorical, &[])));
        assert!(!outcome(&col("Converted Amount", Kind::Numeric, &[])));
        assert!(outcome(&col("Churn Probability", Kind::Numeric, &[])));
    }
}
