//! HubSpot's contacts export, as CSV and as the `.xlsx` workbook HubSpot offers by default.
//!
//! Layout: the export writes one column per selected property, headed by the property's label
//! ("Export your records", <https://knowledge.hubspot.com/import-and-export/export-records>);
//! the labels and their values (Lifecycle Stage: Subscriber, Lead, Marketing Qualified Lead...;
//! Lead Status: New, Open, In Progress...) are HubSpot's default contact properties
//! (<https://knowledge.hubspot.com/properties/hubspots-default-contact-properties>), plus the
//! Record ID and the primary associated company that every contacts export carries.
//!
//! Four firmographic groups are planted in Industry, Number of Employees and Annual Revenue
//! (both skewed, as headcounts and revenues are); the contact owner, lifecycle stage, lead
//! status and location are drawn alike for everyone. HubSpot exports numbers as plain digits
//! and dates as `2024-03-14 09:12`. The CSV carries a byte-order mark and CRLF line ends, as the
//! file does after a round trip through Excel's "CSV UTF-8" (HubSpot does not document its own
//! choice); the workbook has real numbers and Excel dates.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

use super::common::{
    civil, company, daytime, hms, iso, person, Dataset, Layout, Quote, Rng, Style, Table,
};

const COLUMNS: &[&str] = &[
    "Record ID",
    "First Name",
    "Last Name",
    "Email",
    "Phone Number",
    "Contact owner",
    "Lifecycle Stage",
    "Lead Status",
    "Create Date",
    "Last Activity Date",
    "Company Name",
    "Job Title",
    "Industry",
    "Annual Revenue",
    "Number of Employees",
    "City",
    "State/Region",
    "Country/Region",
    "Postal Code",
    "Marketing contact status",
    "Primary Associated Company ID",
];

/// (group, share, main industries, employees median, revenue median).
const FIRMS: &[(&str, f64, &[&str], f64, f64)] = &[
    (
        "enterprise software",
        0.20,
        &["Computer Software", "Information Technology and Services"],
        3_000.0,
        800e6,
    ),
    (
        "mid-market manufacturing",
        0.25,
        &["Machinery", "Industrial Automation", "Automotive"],
        400.0,
        60e6,
    ),
    (
        "small clinics",
        0.25,
        &["Hospital & Health Care", "Medical Practice"],
        35.0,
        4e6,
    ),
    (
        "local retail",
        0.30,
        &["Retail", "Consumer Goods", "Restaurants"],
        8.0,
        0.8e6,
    ),
];

const ALL_INDUSTRIES: &[&str] = &[
    "Computer Software",
    "Information Technology and Services",
    "Machinery",
    "Industrial Automation",
    "Automotive",
    "Hospital & Health Care",
    "Medical Practice",
    "Retail",
    "Consumer Goods",
    "Restaurants",
    "Marketing and Advertising",
    "Financial Services",
];

pub const OWNERS: &[&str] = &[
    "Dana Reyes",
    "Marcus Webb",
    "Priya Shah",
    "Tom Becker",
    "Aiko Mori",
];

const STAGES: &[&str] = &[
    "Subscriber",
    "Lead",
    "Marketing Qualified Lead",
    "Sales Qualified Lead",
    "Opportunity",
    "Customer",
    "Evangelist",
    "Other",
];

const LEAD_STATUS: &[&str] = &[
    "New",
    "Open",
    "In Progress",
    "Open Deal",
    "Unqualified",
    "Attempted to Contact",
    "Connected",
    "Bad Timing",
];

const TITLES: &[&str] = &[
    "Marketing Manager",
    "VP Sales",
    "Office Manager",
    "Owner",
    "Head of Operations",
    "CTO",
    "Practice Manager",
    "Procurement Lead",
];

/// The day the export was taken: 2024-12-31.
const TODAY: i64 = 20_088;

pub fn contacts(rng: &mut Rng, rows: usize) -> Dataset {
    let mut table = Table::new(COLUMNS);
    let mut truth = Vec::new();
    let shares: Vec<f64> = FIRMS.iter().map(|f| f.1).collect();
    for i in 0..rows {
        let (group, _, industries, employees, revenue) = FIRMS[rng.weighted(&shares)];
        let p = person(rng, i);
        // One contact in five sits in an industry outside their group's: industry alone does
        // not give the group away.
        let industry = if rng.chance(0.8) {
            *rng.pick(industries)
        } else {
            *rng.pick(ALL_INDUSTRIES)
        };
        let staff = rng.lognormal(employees, 0.3).round().max(1.0);
        let sales = rng.lognormal(revenue, 0.35);
        let created = TODAY - rng.between(5, 1_400);
        let activity = if rng.chance(0.85) {
            let day = rng.between(created, TODAY);
            format!("{} {}", iso(day), &hms(daytime(rng))[..5])
        } else {
            String::new()
        };
        table.push(&[
            (
                "Record ID",
                (51 + i as u64 * 101 + rng.between(0, 100) as u64).to_string(),
            ),
            ("First Name", p.first.into()),
            ("Last Name", p.last.into()),
            ("Email", p.email.clone()),
            (
                "Phone Number",
                if rng.chance(0.7) {
                    p.phone.clone()
                } else {
                    String::new()
                },
            ),
            (
                "Contact owner",
                if rng.chance(0.9) {
                    rng.pick(OWNERS).to_string()
                } else {
                    String::new()
                },
            ),
            ("Lifecycle Stage", rng.pick(STAGES).to_string()),
            (
                "Lead Status",
                if rng.chance(0.8) {
                    rng.pick(LEAD_STATUS).to_string()
                } else {
                    String::new()
                },
            ),
            (
                "Create Date",
                format!("{} {}", iso(created), &hms(daytime(rng))[..5]),
            ),
            ("Last Activity Date", activity),
            ("Company Name", company(rng)),
            ("Job Title", rng.pick(TITLES).to_string()),
            ("Industry", industry.into()),
            (
                "Annual Revenue",
                if rng.chance(0.96) {
                    format!("{}", (sales / 1000.0).round() * 1000.0)
                } else {
                    String::new()
                },
            ),
            (
                "Number of Employees",
                if rng.chance(0.96) {
                    format!("{staff}")
                } else {
                    String::new()
                },
            ),
            ("City", p.place.city.into()),
            ("State/Region", p.place.region.into()),
            ("Country/Region", p.place.country.into()),
            ("Postal Code", p.place.postal_code(rng)),
            (
                "Marketing contact status",
                if rng.chance(0.6) {
                    "Marketing contact"
                } else {
                    "Non-marketing contact"
                }
                .into(),
            ),
            (
                "Primary Associated Company ID",
                (9_000_000_000u64 + rng.between(0, 999_999_999) as u64).to_string(),
            ),
        ]);
        truth.push(group);
    }
    Dataset {
        tables: vec![table],
        truth,
        rfm: None,
        layout: Layout::CsvAndXlsx(Style {
            bom: true,
            crlf: true,
            quote: Quote::Needed,
        }),
        footer: Vec::new(),
        translations: &[],
    }
}

/// The table as a workbook: numbers as numbers, `YYYY-MM-DD HH:MM` as Excel dates, the rest as
/// text, with a fixed creation time so the bytes never change.
pub fn xlsx(table: &Table) -> crate::Result<Vec<u8>> {
    let err = |e: rust_xlsxwriter::XlsxError| format!("xlsx: {e}");
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(2024, 12, 31).map_err(err)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let date = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let sheet = book.add_worksheet();
    sheet.set_name("All contacts").map_err(err)?;
    for (c, h) in table.header.iter().enumerate() {
        sheet.write_string(0, c as u16, h).map_err(err)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, v) in row.iter().enumerate() {
            let c = c as u16;
            if v.is_empty() {
                continue;
            }
            if let Some(d) = excel_date(v) {
                sheet
                    .write_datetime_with_format(r, c, &d, &date)
                    .map_err(err)?;
            } else if let (Ok(x), false) =
                (v.parse::<f64>(), v.starts_with('+') || v.starts_with('0'))
            {
                sheet.write_number(r, c, x).map_err(err)?;
            } else {
                sheet.write_string(r, c, v).map_err(err)?;
            }
        }
    }
    book.save_to_buffer().map_err(err)
}

/// `2024-03-14 09:12` as an Excel date and time.
fn excel_date(v: &str) -> Option<ExcelDateTime> {
    let b = v.as_bytes();
    if b.len() != 16 || b[4] != b'-' || b[10] != b' ' || b[13] != b':' {
        return None;
    }
    let n = |s: &str| s.parse::<u16>().ok();
    let (y, m, d) = (n(&v[..4])?, n(&v[5..7])?, n(&v[8..10])?);
    let (h, min) = (n(&v[11..13])?, n(&v[14..16])?);
    let min = u8::try_from(min).ok()?;
    // Checks the date is a real one (the generator only writes real ones).
    let day = super::common::days(i64::from(y), i64::from(m), i64::from(d));
    (civil(day) == (i64::from(y), i64::from(m), i64::from(d))).then_some(())?;
    ExcelDateTime::from_ymd(y, m as u8, d as u8)
        .ok()?
        .and_hms(h, min, 0)
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workbook_is_the_same_bytes_every_time() {
        let data = contacts(&mut Rng::new(1, "t"), 50);
        let a = xlsx(&data.tables[0]).unwrap();
        let b = xlsx(&data.tables[0]).unwrap();
        assert_eq!(a, b);
        assert_eq!(&a[..2], b"PK");
    }

    #[test]
    fn dates_become_excel_dates_and_nothing_else_does() {
        assert!(excel_date("2024-03-14 09:12").is_some());
        assert!(excel_date("2024-02-30 09:12").is_none());
        assert!(excel_date("Dana Reyes").is_none());
    }
}
