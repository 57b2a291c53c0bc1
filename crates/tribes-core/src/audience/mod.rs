//! Campaign audiences from a saved model: every customer of a file given the model's segment
//! (applied, never refitted: `model::apply`), then written as the file an ad platform or an
//! e-mail tool imports, with the contact details normalized and SHA-256 hashed here, on the
//! device, as each platform's specification asks (`normalize`).
//!
//! - `google`: a Google Ads Customer Match upload, `Email,Phone,First Name,Last Name,Country,Zip`,
//!   the first four hashed, country (ISO 3166-1 alpha-2) and zip in clear, as Google wants them.
//! - `meta`: a Meta custom audience customer list, `email,phone,fn,ln,ct,st,zip,country` (and
//!   `doby`, `gen` when the file has a year of birth or a gender), every value hashed.
//! - `tags`: `Email Address,Tags` for a Mailchimp or Klaviyo import, the tag being the segment's
//!   name. Plain text: those tools need the address itself.
//!
//! Google and Meta take one audience per file, so without a chosen segment there is one file per
//! segment; the tags file holds every segment chosen. Contacts who did not agree to marketing (a
//! consent column says no: `columns`) are left out unless the user includes them. Every data
//! record of the file is counted once: kept, in another segment, left out for consent, left out
//! for want of a usable e-mail, phone or name and address, or skipped when the file was read.

pub mod columns;
pub mod countries;
pub mod normalize;

use serde::{Deserialize, Serialize};

use self::columns::{find, yes_no, Choice, Field, FieldColumn, Found};
use self::countries::{country, Country};
use self::normalize as n;
use crate::error::{Error, ParamError, Result};
use crate::model::{Applying, Model};
use crate::read::Table;
use crate::util::by_column::ByColumn;

/// Which file to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Google,
    Meta,
    Tags,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Google => "google",
            Format::Meta => "meta",
            Format::Tags => "tags",
        }
    }

    fn parse(name: &str) -> Option<Format> {
        [Format::Google, Format::Meta, Format::Tags]
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(name.trim()))
    }
}

/// The audience's options as the page sends them (`--format`, `--segment`, `--country`,
/// `--include-unsubscribed` and `--field COLUMN=FIELD` in the CLI).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct AudienceOptions {
    /// `google`, `meta` or `tags`.
    pub format: String,
    /// Only this segment's customers (a segment id of the model).
    pub segment: Option<f64>,
    /// The country of national phone numbers (and of rows without a country column), as an
    /// ISO 3166-1 alpha-2 code or a name.
    pub country: Option<String>,
    /// Keep contacts whose consent column says they did not agree to marketing.
    pub include_unsubscribed: bool,
    /// Columns' fields chosen by the user: `{"Work e-mail": "email", "Fax": "none"}`.
    pub fields: ByColumn<String>,
}

/// The audience's options, checked against the model.
#[derive(Debug, Clone, PartialEq)]
pub struct AudienceSettings {
    pub format: Format,
    pub segment: Option<usize>,
    pub country: Option<Country>,
    pub include_unsubscribed: bool,
    pub fields: Vec<(String, Choice)>,
}

impl AudienceOptions {
    /// The options' names as the page sends them.
    pub const NAMES: [&'static str; 5] = [
        "format",
        "segment",
        "country",
        "includeUnsubscribed",
        "fields",
    ];

    /// Refuses an option name that is none of `NAMES` (a binding whose deserializer reads only
    /// the fields it knows would drop a misspelt one silently).
    pub fn known(name: &str) -> Result<(), ParamError> {
        if Self::NAMES.contains(&name) {
            return Ok(());
        }
        Err(ParamError::UnknownOption {
            name: name.to_owned(),
            known: Self::NAMES.join(", "),
        })
    }

    /// Checks every option, the segment against the model's.
    pub fn check(&self, model: &Model) -> Result<AudienceSettings, ParamError> {
        let format = Format::parse(&self.format)
            .ok_or_else(|| ParamError::AudienceFormat(self.format.clone()))?;
        let k = model.k();
        let segment = match self.segment {
            None => None,
            Some(s) if s >= 0.0 && s.fract() == 0.0 && (s as usize) < k => Some(s as usize),
            Some(s) => return Err(ParamError::AudienceSegment { segment: s, k }),
        };
        let country = match &self.country {
            None => None,
            Some(c) => Some(
                country(c)
                    .filter(|c| c.calling > 0)
                    .ok_or_else(|| ParamError::AudienceCountry(c.clone()))?,
            ),
        };
        let mut fields = Vec::new();
        for (column, field) in self.fields.iter() {
            let choice = if field.trim().eq_ignore_ascii_case("none") {
                Choice::Nothing
            } else {
                Choice::Field(
                    Field::parse(field).ok_or_else(|| ParamError::AudienceField {
                        column: column.clone(),
                        field: field.clone(),
                    })?,
                )
            };
            fields.push((column.clone(), choice));
        }
        Ok(AudienceSettings {
            format,
            segment,
            country,
            include_unsubscribed: self.include_unsubscribed,
            fields,
        })
    }
}

/// What making the audience found: where every data record went, and which columns it read.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AudienceSummary {
    pub format: Format,
    /// Data records of the file. Each is counted once in `kept`, `other_segments`,
    /// `without_consent`, `without_identifier` or `skipped`, which add up to it.
    pub records: usize,
    /// Customers written.
    pub kept: usize,
    /// Customers of segments not chosen.
    pub other_segments: usize,
    /// Customers left out because a consent column says they did not agree to marketing (0 with
    /// `includeUnsubscribed`).
    pub without_consent: usize,
    /// Customers left out because they have nothing the platform matches on: no well-formed
    /// e-mail, no phone number that could be made international, and (Google) not all of first
    /// name, last name, country and zip, or (Meta) not all of first name, last name and zip. For
    /// `tags`, no well-formed e-mail.
    pub without_identifier: usize,
    /// Records skipped when the file was read (they have no cells to write).
    pub skipped: usize,
    /// Customers kept, with `includeUnsubscribed`, whom a consent column would have left out.
    pub included_without_consent: usize,
    /// Customers (kept or left out) whose e-mail cell was not a well-formed address: it was not
    /// written, hashed or not.
    pub malformed_emails: usize,
    /// Customers whose phone cell could not be made an E.164 number (letters, a wrong length, or
    /// a national number with no country known): it was not written.
    pub unusable_phones: usize,
    /// Customers written per segment of the model, by id.
    pub segments: Vec<AudienceSegment>,
    /// The columns read, by field.
    pub columns: Vec<FieldColumn>,
    /// The country given for national phone numbers (alpha-2), if any.
    pub country: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AudienceSegment {
    pub id: usize,
    pub name: String,
    pub kept: usize,
}

/// One file of an audience: a segment's (or, for tags, every chosen segment's).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AudienceFile {
    /// The segment it holds; none when it holds several (tags).
    pub segment: Option<usize>,
    /// A name to save it under: `segment-2-loyal-regulars-google.csv`.
    pub file_name: String,
    pub csv: String,
}

/// An audience made in memory (the page's): its files and the summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Audience {
    pub files: Vec<AudienceFile>,
    pub summary: AudienceSummary,
}

/// An audience being made: give it the file part by part (`part`), then `finish`.
pub struct Writer<'m> {
    model: &'m Model,
    applying: Applying<'m>,
    settings: AudienceSettings,
    /// The columns of each field, found in the first part with rows.
    found: Option<Found>,
    /// Records seen so far: the next part starts after them.
    records: usize,
    summary: AudienceSummary,
}

/// A row's values, as the format writes them, and whether one of them lets the platform match.
struct Line {
    cells: Vec<String>,
    usable: bool,
}

impl<'m> Writer<'m> {
    pub fn new(model: &'m Model, settings: AudienceSettings) -> Writer<'m> {
        let summary = AudienceSummary {
            format: settings.format,
            records: 0,
            kept: 0,
            other_segments: 0,
            without_consent: 0,
            without_identifier: 0,
            skipped: 0,
            included_without_consent: 0,
            malformed_emails: 0,
            unusable_phones: 0,
            segments: model
                .segments
                .iter()
                .map(|s| AudienceSegment {
                    id: s.id,
                    name: s.name.clone(),
                    kept: 0,
                })
                .collect(),
            columns: Vec::new(),
            country: settings.country.map(|c| c.code.to_owned()),
        };
        Writer {
            model,
            applying: Applying::new(model),
            settings,
            found: None,
            records: 0,
            summary,
        }
    }

    /// The files this audience is written to, in the order `part` returns their lines: one per
    /// segment for Google and Meta without a chosen segment, else one.
    pub fn files(&self) -> Vec<(Option<usize>, String)> {
        let format = self.settings.format.as_str();
        let name = |id: usize| {
            let slug = slug(&self.model.segments[id].name);
            format!("segment-{id}-{slug}-{format}.csv")
        };
        match (self.settings.segment, self.settings.format) {
            (Some(id), _) => vec![(Some(id), name(id))],
            (None, Format::Tags) => vec![(None, format!("all-segments-{format}.csv"))],
            (None, _) => (0..self.model.k()).map(|id| (Some(id), name(id))).collect(),
        }
    }

    /// The header row, with its line ending. Meta's `doby` and `gen` are in it when the file has
    /// such columns, which is known once a part with rows has been given.
    pub fn header(&self) -> String {
        let mut h = match self.settings.format {
            Format::Google => "Email,Phone,First Name,Last Name,Country,Zip".to_owned(),
            Format::Meta => "email,phone,fn,ln,ct,st,zip,country".to_owned(),
            Format::Tags => "Email Address,Tags".to_owned(),
        };
        if self.settings.format == Format::Meta {
            if let Some(found) = &self.found {
                if found.has(Field::BirthYear) {
                    h.push_str(",doby");
                }
                if found.has(Field::Gender) {
                    h.push_str(",gen");
                }
            }
        }
        h.push('\n');
        h
    }

    /// One part of the file (`Reader::take`, or the whole table): the lines of each file of
    /// `files`, in file order, without the header.
    pub fn part(&mut self, part: &Table) -> Result<Vec<Vec<u8>>> {
        let labels = self.applying.part(part)?;
        let mut out = vec![Vec::new(); self.files().len()];
        self.summary.skipped += part.skipped.len();
        self.summary.records += labels.len();
        let first = self.records;
        self.records = self.records.max(part.records);
        if part.rows() == 0 {
            return Ok(out);
        }
        if self.found.is_none() {
            let found = find(part, &self.settings.fields)?;
            self.check_found(&found, &part.headers)?;
            self.summary.columns = found.report.clone();
            self.found = Some(found);
        }
        let found = self.found.take().unwrap_or_default();
        for r in 0..part.rows() {
            let label = part.record_of_row[r]
                .checked_sub(first)
                .and_then(|i| labels.get(i))
                .and_then(|&l| usize::try_from(l).ok());
            let Some(label) = label else { continue };
            let file = match (self.settings.segment, self.settings.format) {
                (Some(s), _) if s != label => {
                    self.summary.other_segments += 1;
                    continue;
                }
                (Some(_), _) | (None, Format::Tags) => 0,
                (None, _) => label,
            };
            if !consents(part, r, &found) {
                if !self.settings.include_unsubscribed {
                    self.summary.without_consent += 1;
                    continue;
                }
                self.summary.included_without_consent += 1;
            }
            let line = self.line(part, r, &found, label);
            if !line.usable {
                self.summary.without_identifier += 1;
                continue;
            }
            self.summary.kept += 1;
            self.summary.segments[label].kept += 1;
            let bytes = &mut out[file];
            for (i, cell) in line.cells.iter().enumerate() {
                if i > 0 {
                    bytes.push(b',');
                }
                bytes.extend_from_slice(csv_field(cell).as_bytes());
            }
            bytes.push(b'\n');
        }
        self.found = Some(found);
        Ok(out)
    }

    /// Refuses a file with nothing the format can match on.
    fn check_found(&self, found: &Found, headers: &[String]) -> Result<()> {
        let address =
            found.has(Field::FirstName) && found.has(Field::LastName) && found.has(Field::Zip);
        let (ok, needs) = match self.settings.format {
            Format::Tags => (found.has(Field::Email), "e-mail addresses"),
            Format::Google => (
                found.has(Field::Email)
                    || found.has(Field::Phone)
                    || (address && (found.has(Field::Country) || self.settings.country.is_some())),
                "e-mail addresses, phone numbers, or first name, last name, zip and country",
            ),
            Format::Meta => (
                found.has(Field::Email) || found.has(Field::Phone) || address,
                "e-mail addresses, phone numbers, or first name, last name and zip",
            ),
        };
        if ok {
            return Ok(());
        }
        Err(Error::NoContactColumns {
            format: self.settings.format.as_str(),
            needs,
            available: headers.join(", "),
        })
    }

    /// Row `r`'s values as the format writes them.
    fn line(&mut self, part: &Table, r: usize, found: &Found, label: usize) -> Line {
        let format = self.settings.format;
        let hashing = format != Format::Tags;
        // The first value a field's columns give, normalized by `f` (a value hashed already
        // passes through where the format hashes); and whether a present value was unusable.
        let pick = |field: Field, f: &dyn Fn(&str) -> Option<String>| -> (Option<String>, bool) {
            let mut unusable = false;
            for &c in found.of(field) {
                let cell = part.cells.get(r, c);
                if cell.trim().is_empty() {
                    continue;
                }
                if hashing {
                    if let Some(h) = n::hashed(cell) {
                        return (Some(h), false);
                    }
                }
                match f(cell) {
                    Some(v) => return (Some(v), false),
                    None => unusable = true,
                }
            }
            (None, unusable)
        };
        // The row's country: its country column's, else the one given.
        let row_country = found
            .of(Field::Country)
            .iter()
            .find_map(|&c| country(part.cells.get(r, c).trim().trim_start_matches('\'')))
            .or(self.settings.country);
        let rc = row_country.as_ref();
        let email_rule: fn(&str) -> Option<String> = match format {
            Format::Google => n::email_google,
            Format::Meta => n::email_meta,
            Format::Tags => n::email_plain,
        };
        let (email, bad_email) = pick(Field::Email, &email_rule);
        self.summary.malformed_emails += usize::from(bad_email && email.is_none());
        if format == Format::Tags {
            let usable = email.is_some();
            let tag = tag(&self.model.segments[label].name);
            return Line {
                cells: vec![email.unwrap_or_default(), tag],
                usable,
            };
        }
        let phone_rule = |c: &str| match format {
            Format::Google => n::phone_e164(c, rc),
            _ => n::phone_meta(c, rc),
        };
        let (phone, bad_phone) = pick(Field::Phone, &phone_rule);
        self.summary.unusable_phones += usize::from(bad_phone && phone.is_none());
        let hash = |v: Option<String>| match v {
            Some(v) if v.len() == 64 && n::hashed(&v).is_some() => v,
            Some(v) => n::sha256_hex(&v),
            None => String::new(),
        };
        let code = row_country.map(|c| c.code.to_ascii_lowercase());
        if format == Format::Google {
            let first = pick(Field::FirstName, &n::first_name_google).0;
            let last = pick(Field::LastName, &n::last_name_google).0;
            let zip = pick(Field::Zip, &|c: &str| n::zip_google(c, rc)).0;
            let address = first.is_some() && last.is_some() && code.is_some() && zip.is_some();
            let usable = email.is_some() || phone.is_some() || address;
            return Line {
                cells: vec![
                    hash(email),
                    hash(phone),
                    hash(first),
                    hash(last),
                    code.unwrap_or_default(),
                    zip.unwrap_or_default(),
                ],
                usable,
            };
        }
        let first = pick(Field::FirstName, &n::name_meta).0;
        let last = pick(Field::LastName, &n::name_meta).0;
        let city = pick(Field::City, &n::letters_meta).0;
        let state = pick(Field::State, &|c: &str| n::state_meta(c, rc)).0;
        let zip = pick(Field::Zip, &|c: &str| n::zip_meta(c, rc)).0;
        let usable = email.is_some()
            || phone.is_some()
            || (first.is_some() && last.is_some() && zip.is_some());
        let mut cells = vec![
            hash(email),
            hash(phone),
            hash(first),
            hash(last),
            hash(city),
            hash(state),
            hash(zip),
            hash(code),
        ];
        if found.has(Field::BirthYear) {
            cells.push(hash(pick(Field::BirthYear, &n::birth_year).0));
        }
        if found.has(Field::Gender) {
            cells.push(hash(pick(Field::Gender, &n::gender_meta).0));
        }
        Line { cells, usable }
    }

    /// The summary, once every part is in.
    pub fn finish(self) -> AudienceSummary {
        self.summary
    }
}

/// Whether row `r` may get marketing: every consent column says yes, and no opt-out column says
/// anything but no (an empty opt-out is no opt-out; an empty consent is no consent).
fn consents(part: &Table, r: usize, found: &Found) -> bool {
    let agreed = found
        .of(Field::Consent)
        .iter()
        .all(|&c| yes_no(part.cells.get(r, c)) == Some(true));
    let opted_out = found.of(Field::OptOut).iter().any(|&c| {
        let cell = part.cells.get(r, c);
        !cell.trim().is_empty() && yes_no(cell) != Some(false)
    });
    agreed && !opted_out
}

/// A segment's name as a Mailchimp or Klaviyo tag: at most 100 characters; a tag with a comma in
/// quotes (the tools split the Tags field on commas); one a spreadsheet would run as a formula
/// behind a `'`, by the exports' guard (a full-width `＝`, or `=` behind a zero-width space, too).
fn tag(name: &str) -> String {
    let name: String = name.trim().chars().take(100).collect();
    let name = crate::export::guard(&name, Default::default()).into_owned();
    if name.contains(',') {
        format!("\"{}\"", name.replace('"', "'"))
    } else {
        name
    }
}

/// A CSV field, quoted when it must be.
fn csv_field(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\"")).into()
    } else {
        text.into()
    }
}

/// A segment's name for a file name: lower-case letters and digits, words joined by `-`.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for word in name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
        if out.len() > 40 {
            break;
        }
    }
    if out.is_empty() {
        "segment".into()
    } else {
        out
    }
}

/// Bytes an audience of this table may take at most, per row: ten hashed values with their
/// commas for Meta, six for Google, the e-mail and a tag of at most 100 characters for tags.
fn bytes_per_row(format: Format) -> usize {
    match format {
        Format::Google => 6 * 65 + 16,
        Format::Meta => 10 * 65,
        Format::Tags => 2 * 110,
    }
}

/// The most an audience made in memory may take: the page holds the file already, and wasm32 has
/// 4 GB in all.
const MAX_BYTES: usize = 1 << 30;

/// The audience of a table in memory (the page's), in one go. Its size is checked before any work.
pub fn audience(table: &Table, model: &Model, settings: AudienceSettings) -> Result<Audience> {
    let format = settings.format;
    let estimate = table
        .rows()
        .saturating_mul(bytes_per_row(format))
        .saturating_add(if format == Format::Tags {
            table.cells_bytes()
        } else {
            0
        });
    if estimate > MAX_BYTES {
        return Err(Error::TooLargeAudience {
            megabytes: estimate / 1_000_000,
        });
    }
    let mut writer = Writer::new(model, settings);
    let lines = writer.part(table)?;
    let header = writer.header();
    let files = writer
        .files()
        .into_iter()
        .zip(lines)
        .map(|((segment, file_name), lines)| {
            let mut csv = header.clone();
            csv.push_str(&String::from_utf8_lossy(&lines));
            AudienceFile {
                segment,
                file_name,
                csv,
            }
        })
        .collect();
    Ok(Audience {
        files,
        summary: writer.finish(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{read, ReadSettings, Reader};

    /// Forty customers in two groups of spend, with e-mails, phones (national, so `--country`
    /// completes them), a country and Shopify's consent; row 3's e-mail is malformed and it has
    /// no phone, row 4's is malformed and its phone is fine, row 5 gave no consent answer.
    fn customers() -> String {
        let mut csv = String::from("spend,Email,Phone,Accepts Email Marketing\n");
        for i in 0..40 {
            let spend = if i % 2 == 0 { 10 + i % 5 } else { 500 + i % 7 };
            let email = match i {
                3 => "not-an-email".to_owned(),
                4 => "four@@example.com".to_owned(),
                _ => format!("Customer.{i}@Example.com"),
            };
            let phone = if i == 3 {
                String::new()
            } else {
                format!("(201) 555-01{i:02}")
            };
            let consent = match i {
                5 => "",
                _ if i % 10 == 9 => "no",
                _ => "yes",
            };
            csv.push_str(&format!("{spend},{email},{phone},{consent}\n"));
        }
        csv
    }

    #[cfg(feature = "full-report")]
    fn model_of(csv: &str) -> Model {
        let options = crate::Options {
            k: crate::KChoice::Fixed(2.0),
            seed: Some(1.0),
            ..crate::Options::default()
        };
        crate::analyze(csv.as_bytes(), &options, 0, &mut |_| true)
            .unwrap()
            .model
    }

    fn settings(model: &Model, format: &str, country: Option<&str>) -> AudienceSettings {
        AudienceOptions {
            format: format.into(),
            country: country.map(str::to_owned),
            ..AudienceOptions::default()
        }
        .check(model)
        .unwrap()
    }

    #[cfg(feature = "full-report")]
    #[test]
    fn a_malformed_email_is_counted_instead_of_hashed_as_garbage() {
        let csv = customers();
        let model = model_of(&csv);
        let table = read(csv.as_bytes(), &ReadSettings::default()).unwrap();
        let a = audience(&table, &model, settings(&model, "meta", Some("US"))).unwrap();
        let s = &a.summary;
        // Rows 9, 19, 29, 39 said no and row 5 said nothing: 5 left out for consent. Row 3 has
        // neither a usable e-mail nor a phone. Row 4 is kept by its phone.
        assert_eq!(s.records, 40);
        assert_eq!(s.without_consent, 5);
        assert_eq!(s.without_identifier, 1);
        assert_eq!(s.malformed_emails, 2);
        assert_eq!(s.kept, 34);
        assert_eq!(
            s.kept + s.other_segments + s.without_consent + s.without_identifier + s.skipped,
            s.records
        );
        assert_eq!(s.segments.iter().map(|g| g.kept).sum::<usize>(), s.kept);
        let text: String = a.files.iter().map(|f| f.csv.as_str()).collect();
        for garbage in ["not-an-email", "four@@example.com"] {
            assert!(
                !text.contains(&n::sha256_hex(garbage)),
                "{garbage} was hashed"
            );
        }
        // Row 0: `customer.0@example.com` and `(201) 555-0100` in the US, `12015550100`.
        assert!(text.contains(&n::sha256_hex("customer.0@example.com")));
        assert!(text.contains(&n::sha256_hex("12015550100")));
        // Without a country, the national numbers cannot be completed: row 4 has nothing left.
        let a = audience(&table, &model, settings(&model, "meta", None)).unwrap();
        assert_eq!(a.summary.without_identifier, 2);
        assert_eq!(a.summary.unusable_phones, 34);
    }

    #[cfg(feature = "full-report")]
    #[test]
    fn a_file_read_in_parts_gives_the_audience_of_the_whole() {
        let csv = customers();
        let model = model_of(&csv);
        let table = read(csv.as_bytes(), &ReadSettings::default()).unwrap();
        for format in ["google", "meta", "tags"] {
            let whole = audience(&table, &model, settings(&model, format, Some("US"))).unwrap();
            let mut writer = Writer::new(&model, settings(&model, format, Some("US")));
            let mut reader = Reader::new(ReadSettings::default());
            let mut lines = vec![Vec::new(); writer.files().len()];
            let mut add = |w: &mut Writer, part: &Table| {
                for (all, new) in lines.iter_mut().zip(w.part(part).unwrap()) {
                    all.extend(new);
                }
            };
            for chunk in csv.as_bytes().chunks(97) {
                reader.push(chunk).unwrap();
                if let Some(part) = reader.take() {
                    add(&mut writer, &part);
                }
            }
            add(&mut writer, &reader.finish().unwrap());
            let header = writer.header();
            let parts: Vec<String> = lines
                .iter()
                .map(|l| header.clone() + &String::from_utf8_lossy(l))
                .collect();
            let whole_files: Vec<&str> = whole.files.iter().map(|f| f.csv.as_str()).collect();
            assert_eq!(parts, whole_files, "{format}");
            assert_eq!(writer.finish(), whole.summary, "{format}");
        }
    }

    #[test]
    fn tags_are_kept_whole_and_safe() {
        assert_eq!(tag("Loyal regulars"), "Loyal regulars");
        assert_eq!(tag("Big, rich"), "\"Big, rich\"");
        assert_eq!(tag("=HYPERLINK()"), "'=HYPERLINK()");
    }

    #[test]
    fn a_tag_with_a_full_width_or_hidden_formula_sign_is_guarded_instead_of_written_as_is() {
        assert_eq!(tag("\u{FF1D}1+1"), "'\u{FF1D}1+1");
        assert_eq!(tag("\u{200B}=1+1"), "'\u{200B}=1+1");
        assert_eq!(tag("\u{FEFF}@x"), "'\u{FEFF}@x");
        // Google's zip is written in clear: one starting with `-` is not a zip.
        assert_eq!(n::zip_google("-ABC", None), None);
        assert_eq!(n::zip_google("SW1A 1AA", None).as_deref(), Some("SW1A 1AA"));
        assert_eq!(tag(&"x".repeat(150)).len(), 100);
        assert_eq!(csv_field("\"Big, rich\""), "\"\"\"Big, rich\"\"\"");
        assert_eq!(slug("Big spenders, 40+"), "big-spenders-40");
        assert_eq!(slug("—"), "segment");
    }
}
