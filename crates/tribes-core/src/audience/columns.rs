//! Which columns hold the contact details an audience is made of (e-mail, phone, names, the
//! parts of an address), and which say whether the customer agreed to marketing.
//!
//! A column is found by its name, in the words `schema::lexicon` knows for personal columns (in
//! English, German, French and Spanish), and confirmed by its values: an e-mail column must hold
//! addresses, a consent column values such as `yes`, `subscribed` or `UNSUBSCRIBED`, a country
//! column countries. The user's `fields` (`--field COLUMN=FIELD`) come first: a column they name
//! takes that field alone, and a field they give a column is found in no other.

use serde::Serialize;

use super::countries::country;
use super::normalize::{birth_year, email_plain, gender_meta, hashed};
use crate::error::{ParamError, Result};
use crate::read::Table;
use crate::schema::lexicon::{
    phrase_in, stem_in, EMAIL_STEMS, EMAIL_WORDS, PHONE_STEMS, PHONE_WORDS,
};
use crate::util::words::words;

/// What a column holds, for an audience.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Field {
    Email,
    Phone,
    FirstName,
    LastName,
    City,
    State,
    Zip,
    Country,
    BirthYear,
    Gender,
    /// Consent to marketing e-mail: `yes`, `subscribed` and the like consent; an empty cell does
    /// not.
    Consent,
    /// An opt-out: `yes`, `true`, `1` mean the customer opted out; an empty cell did not.
    OptOut,
}

impl Field {
    pub const ALL: [Field; 12] = [
        Field::Email,
        Field::Phone,
        Field::FirstName,
        Field::LastName,
        Field::City,
        Field::State,
        Field::Zip,
        Field::Country,
        Field::BirthYear,
        Field::Gender,
        Field::Consent,
        Field::OptOut,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Field::Email => "email",
            Field::Phone => "phone",
            Field::FirstName => "first-name",
            Field::LastName => "last-name",
            Field::City => "city",
            Field::State => "state",
            Field::Zip => "zip",
            Field::Country => "country",
            Field::BirthYear => "birth-year",
            Field::Gender => "gender",
            Field::Consent => "consent",
            Field::OptOut => "opt-out",
        }
    }

    /// A field by name; `None` for a name that is no field (`none`, which leaves a column out,
    /// is the caller's).
    pub fn parse(name: &str) -> Option<Field> {
        let name = name.trim();
        Field::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(name))
    }
}

/// The user's choice for a column: a field, or none (a column found that must not be used).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Field(Field),
    Nothing,
}

/// A column used for a field, as the summary reports it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FieldColumn {
    pub field: Field,
    pub column: String,
    /// Whether the user named it (`fields`, `--field`) rather than it being found.
    pub chosen: bool,
}

/// The columns of each field, in file order: a row takes the first of them with a usable value.
#[derive(Debug, Clone, Default)]
pub struct Found {
    by_field: Vec<(Field, Vec<usize>)>,
    pub report: Vec<FieldColumn>,
}

impl Found {
    /// The columns of `field`, first to try first.
    pub fn of(&self, field: Field) -> &[usize] {
        self.by_field
            .iter()
            .find(|(f, _)| *f == field)
            .map_or(&[], |(_, c)| c.as_slice())
    }

    pub fn has(&self, field: Field) -> bool {
        !self.of(field).is_empty()
    }

    fn push(&mut self, field: Field, column: usize, name: &str, chosen: bool) {
        match self.by_field.iter_mut().find(|(f, _)| *f == field) {
            Some((_, cols)) => cols.push(column),
            None => self.by_field.push((field, vec![column])),
        }
        self.report.push(FieldColumn {
            field,
            column: name.to_owned(),
            chosen,
        });
    }
}

/// Values looked at per column: the first this many present ones.
const SAMPLE: usize = 200;

/// Finds the fields' columns in `table` (the first part of the file read), the user's `chosen`
/// ones first.
pub fn find(table: &Table, chosen: &[(String, Choice)]) -> Result<Found> {
    let mut found = Found::default();
    let mut taken = vec![false; table.headers.len()];
    let mut given: Vec<Field> = Vec::new();
    for (name, choice) in chosen {
        let c = table
            .headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| ParamError::UnknownColumn {
                option: "fields (--field)",
                name: name.clone(),
                available: table.headers.join(", "),
            })?;
        taken[c] = true;
        if let Choice::Field(f) = choice {
            found.push(*f, c, name, true);
            given.push(*f);
        }
    }
    for (c, name) in table.headers.iter().enumerate() {
        if taken[c] {
            continue;
        }
        let values: Vec<&str> = table
            .column(c)
            .iter()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .take(SAMPLE)
            .collect();
        if let Some(field) = detect(name, &values) {
            if !given.contains(&field) {
                found.push(field, c, name, false);
            }
        }
    }
    Ok(found)
}

/// Share of `values` for which `f` holds (0 with none).
fn share(values: &[&str], f: impl Fn(&str) -> bool) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.iter().filter(|v| f(v)).count() as f64 / values.len() as f64
}

const FIRST_NAME: &[&str] = &[
    "first name",
    "firstname",
    "given name",
    "fname",
    "vorname",
    "prenom",
    "voornaam",
];
const LAST_NAME: &[&str] = &[
    "last name",
    "lastname",
    "family name",
    "surname",
    "lname",
    "nachname",
    "familienname",
    "nom de famille",
    "apellido",
    "apellidos",
    "achternaam",
    "cognome",
    "sobrenome",
];
const CITY: &[&str] = &[
    "city",
    "town",
    "ort",
    "stadt",
    "wohnort",
    "ville",
    "ciudad",
    "localidad",
    "citta",
    "plaats",
];
const STATE: &[&str] = &[
    "state",
    "province",
    "bundesland",
    "provinz",
    "provincia",
    "kanton",
    "departement",
];
const ZIP: &[&str] = &[
    "zip",
    "zipcode",
    "postal",
    "postcode",
    "post code",
    "postleitzahl",
    "plz",
    "code postal",
    "codigo postal",
];
const COUNTRY: &[&str] = &["country", "land", "pays", "pais", "nation"];
const BIRTH_YEAR: &[&str] = &[
    "birth year",
    "year of birth",
    "birthyear",
    "yob",
    "doby",
    "geburtsjahr",
];
const BIRTH_DATE: &[&str] = &[
    "birthday",
    "birthdate",
    "birth date",
    "date of birth",
    "dob",
    "geburtsdatum",
    "date de naissance",
    "fecha de nacimiento",
];
const GENDER: &[&str] = &[
    "gender",
    "sex",
    "geschlecht",
    "genre",
    "sexe",
    "sexo",
    "gen",
];
/// Names of columns that say the customer agreed to marketing e-mail (Shopify's `Accepts Email
/// Marketing`, Klaviyo's `Email Marketing Consent`, HubSpot's `Marketing contact status`).
const CONSENT: &[&str] = &[
    "accepts email marketing",
    "accepts marketing",
    "email marketing consent",
    "marketing contact status",
    "email consent",
    "marketing consent",
    "email opt in",
    "opt in",
    "optin",
    "email subscription status",
    "subscription status",
    "newsletter consent",
];
/// Names of columns that say the customer opted out (Salesforce's `Email Opt Out` and
/// `HasOptedOutOfEmail`, HubSpot's `Unsubscribed from all email`).
const OPT_OUT: &[&str] = &[
    "email opt out",
    "opt out",
    "opted out",
    "optout",
    "has opted out of email",
    "unsubscribed",
    "unsubscribed from all email",
    "do not email",
    "donotemail",
];

/// The field a column holds, by its name and its values; `None` for any other column.
fn detect(name: &str, values: &[&str]) -> Option<Field> {
    let w = words(name);
    // A consent for text messages is not one for e-mail, and a consent's date is no consent.
    let about_sms = w.iter().any(|x| x == "sms" || x == "text");
    let about_time = w.iter().any(|x| {
        matches!(
            x.as_str(),
            "timestamp" | "date" | "time" | "at" | "on" | "source"
        )
    });
    if !about_sms && !about_time {
        if phrase_in(&w, OPT_OUT).is_some() && share(values, |v| yes_no(v).is_some()) >= 0.9 {
            return Some(Field::OptOut);
        }
        if phrase_in(&w, CONSENT).is_some() && share(values, |v| yes_no(v).is_some()) >= 0.9 {
            return Some(Field::Consent);
        }
        // A Mailchimp audience export's files joined: the status each file gave.
        if w == ["status"] && !values.is_empty() && share(values, mailchimp_status) == 1.0 {
            return Some(Field::Consent);
        }
    }
    let addresses = |v: &str| email_plain(v).is_some() || hashed(v).is_some();
    if (phrase_in(&w, EMAIL_WORDS).is_some() || stem_in(&w, EMAIL_STEMS))
        && share(values, addresses) >= 0.5
    {
        return Some(Field::Email);
    }
    // The customers made from orders are named by the orders' customer column, often the
    // e-mail address (`customer` in their table). Only that name: an owner's or a sales rep's
    // address is no customer's.
    if w == ["customer"] && share(values, addresses) >= 0.9 {
        return Some(Field::Email);
    }
    let digits = |v: &str| v.bytes().filter(u8::is_ascii_digit).count() >= 7 || hashed(v).is_some();
    if (phrase_in(&w, PHONE_WORDS).is_some() || stem_in(&w, PHONE_STEMS))
        && !w.iter().any(|x| x == "fax" || x.contains("faxnummer"))
        && share(values, digits) >= 0.5
    {
        return Some(Field::Phone);
    }
    if phrase_in(&w, FIRST_NAME).is_some() {
        return Some(Field::FirstName);
    }
    if phrase_in(&w, LAST_NAME).is_some() || w == ["nom"] {
        return Some(Field::LastName);
    }
    // A card's country or a currency's is not where the customer lives.
    let elsewhere = w
        .iter()
        .any(|x| matches!(x.as_str(), "card" | "ip" | "currency"));
    // Mailchimp calls its country code `CC`.
    if (phrase_in(&w, COUNTRY).is_some() || w == ["cc"])
        && !elsewhere
        && share(values, |v| country(v.trim_start_matches('\'')).is_some()) >= 0.5
    {
        return Some(Field::Country);
    }
    if phrase_in(&w, ZIP).is_some() {
        return Some(Field::Zip);
    }
    if phrase_in(&w, STATE).is_some() {
        return Some(Field::State);
    }
    if phrase_in(&w, CITY).is_some() {
        return Some(Field::City);
    }
    let years = |v: &str| birth_year(v).is_some();
    if (phrase_in(&w, BIRTH_YEAR).is_some() || phrase_in(&w, BIRTH_DATE).is_some())
        && share(values, years) >= 0.9
    {
        return Some(Field::BirthYear);
    }
    if GENDER.iter().any(|g| w.len() == 1 && w[0] == *g)
        && share(values, |v| gender_meta(v).is_some()) >= 0.9
    {
        return Some(Field::Gender);
    }
    None
}

/// A Mailchimp member's status, as the audience export's file names give it.
fn mailchimp_status(v: &str) -> bool {
    matches!(
        v.trim().to_ascii_lowercase().as_str(),
        "subscribed" | "unsubscribed" | "cleaned" | "nonsubscribed" | "pending" | "transactional"
    )
}

/// A consent or opt-out cell read as yes or no: `Some(true)` for yes, true, 1, subscribed,
/// opted in, marketing contact...; `Some(false)` for no, false, 0, unsubscribed, cleaned,
/// never subscribed, non-marketing contact...; `None` for an empty or unknown value.
pub fn yes_no(cell: &str) -> Option<bool> {
    let t: String = cell
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == '_' || c == '-' { ' ' } else { c })
        .collect();
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    match t.as_str() {
        "yes" | "y" | "true" | "1" | "x" | "ja" | "oui" | "si" | "sí" | "subscribed"
        | "opted in" | "opt in" | "marketing contact" | "granted" | "confirmed" => Some(true),
        "no"
        | "n"
        | "false"
        | "0"
        | "nein"
        | "non"
        | "unsubscribed"
        | "cleaned"
        | "nonsubscribed"
        | "non subscribed"
        | "never subscribed"
        | "not subscribed"
        | "non marketing contact"
        | "opted out"
        | "opt out"
        | "suppressed"
        | "pending"
        | "transactional"
        | "archived"
        | "denied"
        | "bounced" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{read, ReadSettings};

    fn table(csv: &str) -> Table {
        read(csv.as_bytes(), &ReadSettings::default()).unwrap()
    }

    fn fields(found: &Found) -> Vec<(&str, &str)> {
        found
            .report
            .iter()
            .map(|f| (f.field.as_str(), f.column.as_str()))
            .collect()
    }

    #[test]
    fn shopify_and_klaviyo_columns_are_found() {
        let t = table(
            "Customer ID,First Name,Last Name,Email,Accepts Email Marketing,Default Address City,\
             Default Address Province Code,Default Address Country Code,Default Address Zip,\
             Default Address Phone,Phone,Accepts SMS Marketing,Total Spent\n\
             '72104,Zoe,Tanaka,zoe@example.net,no,Manchester,ENG,GB,M1 4PJ,'+441614966977,,no,15.5\n\
             '72105,Mia,Nguyen,mia@example.org,yes,Melbourne,VIC,AU,3028,,'+613955014019,yes,3.2\n",
        );
        let found = find(&t, &[]).unwrap();
        assert_eq!(
            fields(&found),
            [
                ("first-name", "First Name"),
                ("last-name", "Last Name"),
                ("email", "Email"),
                ("consent", "Accepts Email Marketing"),
                ("city", "Default Address City"),
                ("state", "Default Address Province Code"),
                ("country", "Default Address Country Code"),
                ("zip", "Default Address Zip"),
                ("phone", "Default Address Phone"),
                ("phone", "Phone"),
            ]
        );
        let t = table(
            "Email,Email Marketing Consent,Email Marketing Consent Timestamp,SMS Marketing Consent,Country\n\
             a@example.net,SUBSCRIBED,2021-05-16 09:37:53,NEVER_SUBSCRIBED,Germany\n\
             b@example.net,NEVER_SUBSCRIBED,,SUBSCRIBED,United States\n",
        );
        let found = find(&t, &[]).unwrap();
        assert_eq!(
            fields(&found),
            [
                ("email", "Email"),
                ("consent", "Email Marketing Consent"),
                ("country", "Country")
            ]
        );
    }

    /// The customers made from an orders export are named by its e-mail column, as `customer`:
    /// their audiences had phones only. An owner's addresses stay no customer's.
    #[test]
    fn customers_made_from_orders_by_e_mail_get_their_e_mail_instead_of_none() {
        let t = table(
            "customer,frequency,Accepts Marketing,Phone\n\
             zoe@example.net,2,yes,+441614966977\n\
             mia@example.org,1,no,\n",
        );
        let found = find(&t, &[]).unwrap();
        assert_eq!(
            fields(&found),
            [
                ("email", "customer"),
                ("consent", "Accepts Marketing"),
                ("phone", "Phone")
            ]
        );
        let t = table("Owner,Spend\nsam@shop.example,3\nsam@shop.example,4\n");
        assert_eq!(fields(&find(&t, &[]).unwrap()), []);
    }

    #[test]
    fn the_users_fields_come_first() {
        let t = table("Work,Private Email,Status\na@example.net,b@example.net,Paid\n");
        let chosen = [
            ("Work".to_owned(), Choice::Field(Field::Email)),
            ("Private Email".to_owned(), Choice::Nothing),
        ];
        let found = find(&t, &chosen).unwrap();
        // Status (Paid) is no Mailchimp status, so no consent column.
        assert_eq!(fields(&found), [("email", "Work")]);
        assert!(found.report[0].chosen);
        let wrong = [("Nope".to_owned(), Choice::Nothing)];
        let e = find(&t, &wrong).unwrap_err().to_string();
        assert!(e.contains("no column named \"Nope\""), "{e}");
    }

    #[test]
    fn consent_values() {
        for (cell, want) in [
            ("yes", Some(true)),
            ("SUBSCRIBED", Some(true)),
            ("Marketing contact", Some(true)),
            ("NEVER_SUBSCRIBED", Some(false)),
            ("Non-marketing contact", Some(false)),
            ("cleaned", Some(false)),
            ("0", Some(false)),
            ("", None),
            ("maybe", None),
        ] {
            assert_eq!(yes_no(cell), want, "{cell}");
        }
    }
}
