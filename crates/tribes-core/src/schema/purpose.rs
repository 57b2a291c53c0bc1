//! What a column is for (its role) and which of the four ways of segmenting customers it belongs
//! to (its lens): the types. `role` detects them.

use serde::Serialize;

/// What a column is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Forms segments, as it is.
    Feature,
    /// Forms segments through a number derived from it: the days from a date to the file's last
    /// date (or `asOf`).
    Derived,
    /// Identifies a record: never segmented on, never described.
    Identifier,
    /// Names, e-mail addresses, phones, street addresses: never segmented on, named or shown.
    Personal,
    /// Who handles the customer (contact owner, account manager): never segmented on or named.
    Owner,
    /// What happened to the customer (churn, converted): shown per segment, not segmented on.
    Outcome,
    /// Mostly missing: left out.
    Sparse,
    /// Could form segments but was left out by the analysis (the lens, a column with no link to
    /// any other): described in the profiles. Only in results.
    Profile,
    /// Left out by the user (`exclude`, or not among `columns`). Only in results.
    Excluded,
    /// Free text (keywords only), or nothing to use. Only in results and inspections.
    Ignored,
}

impl Role {
    /// The roles a user can give a column (`roles`, `--role COLUMN=ROLE`).
    pub const SETTABLE: [Role; 7] = [
        Role::Feature,
        Role::Derived,
        Role::Identifier,
        Role::Personal,
        Role::Owner,
        Role::Outcome,
        Role::Sparse,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Feature => "feature",
            Role::Derived => "derived",
            Role::Identifier => "identifier",
            Role::Personal => "personal",
            Role::Owner => "owner",
            Role::Outcome => "outcome",
            Role::Sparse => "sparse",
            Role::Profile => "profile",
            Role::Excluded => "excluded",
            Role::Ignored => "ignored",
        }
    }

    /// A role a user can set, by name.
    pub fn parse(name: &str) -> Option<Role> {
        Role::SETTABLE
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(name.trim()))
    }

    /// Whether a column of this role forms segments.
    pub fn segments(self) -> bool {
        matches!(self, Role::Feature | Role::Derived)
    }

    /// Whether a column of this role may be shown: in traits, names and typical customers.
    pub fn shown(self) -> bool {
        !matches!(self, Role::Identifier | Role::Personal | Role::Owner)
    }
}

/// The four ways marketers segment customers; each column belongs to one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Lens {
    /// How they buy and engage: spend, orders, recency, visits, plans; and every column no
    /// name places elsewhere.
    Behaviour,
    /// What company they are: industry, employees, annual revenue, account type.
    Firmographics,
    /// Where they are: city, region, country, postal code, coordinates, time zone.
    Location,
    /// Who they are: age, gender, income, household, job title, language.
    Demographics,
}

impl Lens {
    pub const ALL: [Lens; 4] = [
        Lens::Behaviour,
        Lens::Firmographics,
        Lens::Location,
        Lens::Demographics,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Lens::Behaviour => "behaviour",
            Lens::Firmographics => "firmographics",
            Lens::Location => "location",
            Lens::Demographics => "demographics",
        }
    }

    /// A lens by name (`behavior` too).
    pub fn parse(name: &str) -> Option<Lens> {
        let name = name.trim();
        if name.eq_ignore_ascii_case("behavior") {
            return Some(Lens::Behaviour);
        }
        Lens::ALL
            .into_iter()
            .find(|l| l.as_str().eq_ignore_ascii_case(name))
    }
}
