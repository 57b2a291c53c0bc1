//! What every generated export shares: the seeded draws, calendar arithmetic, people and places,
//! and the tables a format hands back before they are written out.

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

/// A seeded source of draws. Each format gets its own stream, derived from the seed and the
/// format's name, so `--only NAME` writes the same bytes as a run of every format.
pub struct Rng(ChaCha8Rng);

impl Rng {
    pub fn new(seed: u64, stream: &str) -> Rng {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(fnv1a(stream));
        Rng(rng)
    }

    /// Uniform on [0, 1).
    pub fn uniform(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A whole number from `lo` to `hi`, both included.
    pub fn between(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.uniform() * (hi - lo + 1) as f64) as i64
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.uniform() < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.uniform() * items.len() as f64) as usize % items.len()]
    }

    /// One of a list of fixed words.
    pub fn word(&mut self, items: &[&'static str]) -> &'static str {
        items[(self.uniform() * items.len() as f64) as usize % items.len()]
    }

    /// An index drawn with the given weights (which need not sum to 1).
    pub fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut r = self.uniform() * total;
        for (i, w) in weights.iter().enumerate() {
            r -= w;
            if r < 0.0 {
                return i;
            }
        }
        weights.len() - 1
    }

    /// A normal draw (Box-Muller).
    pub fn normal(&mut self, mean: f64, sd: f64) -> f64 {
        let u1 = self.uniform().max(1e-12);
        let u2 = self.uniform();
        mean + sd * (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// A log-normal draw with the given median and spread of the logarithm: spend and headcounts
    /// are skewed like this, with a long right tail.
    pub fn lognormal(&mut self, median: f64, sigma: f64) -> f64 {
        median * self.normal(0.0, sigma).exp()
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.between(0, i as i64) as usize;
            items.swap(i, j);
        }
    }

    /// Lower-case hex digits, for Stripe-style and Mailchimp-style ids.
    pub fn hex(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| char::from_digit(self.between(0, 15) as u32, 16).unwrap_or('0'))
            .collect()
    }

    /// Letters and digits, for Stripe's `ch_...` and `cus_...` ids.
    pub fn alnum(&mut self, len: usize) -> String {
        const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        (0..len).map(|_| *self.pick(CHARS) as char).collect()
    }
}

fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Days since 1970-01-01 of a calendar date (Howard Hinnant's algorithm).
pub fn days(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The calendar date of a day count.
pub fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

pub fn iso(days: i64) -> String {
    let (y, m, d) = civil(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Whether US daylight saving time is in force on a day: from the second Sunday of March to
/// the first Sunday of November. Stores in New York write `-0400` then and `-0500` otherwise.
pub fn us_dst(day: i64) -> bool {
    let (y, _, _) = civil(day);
    // 1970-01-01 was a Thursday: (days + 4) % 7 is 0 on Sundays.
    let sunday_on_or_after = |d: i64| d + (7 - (d + 4).rem_euclid(7)) % 7;
    let start = sunday_on_or_after(days(y, 3, 8));
    let end = sunday_on_or_after(days(y, 11, 1));
    day >= start && day < end
}

/// A time of day as seconds, drawn with most activity in the daytime.
pub fn daytime(rng: &mut Rng) -> i64 {
    let hour = rng.pick(&[
        8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 0, 7,
    ]);
    hour * 3600 + rng.between(0, 59) * 60 + rng.between(0, 59)
}

pub fn hms(seconds: i64) -> String {
    format!(
        "{:02}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// Money with two decimals.
pub fn money(x: f64) -> String {
    format!("{:.2}", (x * 100.0).round() / 100.0)
}

/// A city and what it determines: its region, country, postal code pattern, phone prefix,
/// position and time zone. Postal codes are drawn from the city's own prefix, so a zip always
/// agrees with its city.
pub struct Place {
    pub city: &'static str,
    pub region_code: &'static str,
    pub region: &'static str,
    pub country_code: &'static str,
    pub country: &'static str,
    /// `#` is a digit, `@` a capital letter; the rest is written as it is.
    pub zip: &'static str,
    pub phone: &'static str,
    pub lat: f64,
    pub lon: f64,
    pub tz: &'static str,
    pub gmtoff: i32,
}

// One argument per column of the table below, which reads better than a struct literal per row.
#[allow(clippy::too_many_arguments)]
const fn place(
    city: &'static str,
    region_code: &'static str,
    region: &'static str,
    country_code: &'static str,
    country: &'static str,
    zip: &'static str,
    phone: &'static str,
    (lat, lon): (f64, f64),
    (tz, gmtoff): (&'static str, i32),
) -> Place {
    Place {
        city,
        region_code,
        region,
        country_code,
        country,
        zip,
        phone,
        lat,
        lon,
        tz,
        gmtoff,
    }
}

const NY: (&str, i32) = ("America/New_York", -5);
const CHI: (&str, i32) = ("America/Chicago", -6);
const DEN: (&str, i32) = ("America/Denver", -7);
const LA: (&str, i32) = ("America/Los_Angeles", -8);
const TOR: (&str, i32) = ("America/Toronto", -5);
const VAN: (&str, i32) = ("America/Vancouver", -8);
const LON: (&str, i32) = ("Europe/London", 0);
const BER: (&str, i32) = ("Europe/Berlin", 1);
const PAR: (&str, i32) = ("Europe/Paris", 1);
const AMS: (&str, i32) = ("Europe/Amsterdam", 1);
const SYD: (&str, i32) = ("Australia/Sydney", 10);
const MEL: (&str, i32) = ("Australia/Melbourne", 10);

/// Forty cities in eight countries. Several New England and eastern German postal codes start
/// with 0, which is what Shopify's `'` guard is for.
pub const PLACES: &[Place] = &[
    place(
        "Boston",
        "MA",
        "Massachusetts",
        "US",
        "United States",
        "021##",
        "+1617555",
        (42.36, -71.06),
        NY,
    ),
    place(
        "Cambridge",
        "MA",
        "Massachusetts",
        "US",
        "United States",
        "0213#",
        "+1617555",
        (42.37, -71.11),
        NY,
    ),
    place(
        "Worcester",
        "MA",
        "Massachusetts",
        "US",
        "United States",
        "016##",
        "+1508555",
        (42.26, -71.80),
        NY,
    ),
    place(
        "Hartford",
        "CT",
        "Connecticut",
        "US",
        "United States",
        "061##",
        "+1860555",
        (41.76, -72.67),
        NY,
    ),
    place(
        "Providence",
        "RI",
        "Rhode Island",
        "US",
        "United States",
        "029##",
        "+1401555",
        (41.82, -71.41),
        NY,
    ),
    place(
        "Newark",
        "NJ",
        "New Jersey",
        "US",
        "United States",
        "071##",
        "+1973555",
        (40.74, -74.17),
        NY,
    ),
    place(
        "New York",
        "NY",
        "New York",
        "US",
        "United States",
        "100##",
        "+1212555",
        (40.71, -74.01),
        NY,
    ),
    place(
        "Buffalo",
        "NY",
        "New York",
        "US",
        "United States",
        "142##",
        "+1716555",
        (42.89, -78.88),
        NY,
    ),
    place(
        "Philadelphia",
        "PA",
        "Pennsylvania",
        "US",
        "United States",
        "191##",
        "+1215555",
        (39.95, -75.17),
        NY,
    ),
    place(
        "Atlanta",
        "GA",
        "Georgia",
        "US",
        "United States",
        "303##",
        "+1404555",
        (33.75, -84.39),
        NY,
    ),
    place(
        "Miami",
        "FL",
        "Florida",
        "US",
        "United States",
        "331##",
        "+1305555",
        (25.76, -80.19),
        NY,
    ),
    place(
        "Chicago",
        "IL",
        "Illinois",
        "US",
        "United States",
        "606##",
        "+1312555",
        (41.88, -87.63),
        CHI,
    ),
    place(
        "Minneapolis",
        "MN",
        "Minnesota",
        "US",
        "United States",
        "554##",
        "+1612555",
        (44.98, -93.27),
        CHI,
    ),
    place(
        "Austin",
        "TX",
        "Texas",
        "US",
        "United States",
        "787##",
        "+1512555",
        (30.27, -97.74),
        CHI,
    ),
    place(
        "Houston",
        "TX",
        "Texas",
        "US",
        "United States",
        "770##",
        "+1713555",
        (29.76, -95.37),
        CHI,
    ),
    place(
        "Denver",
        "CO",
        "Colorado",
        "US",
        "United States",
        "802##",
        "+1303555",
        (39.74, -104.99),
        DEN,
    ),
    place(
        "Seattle",
        "WA",
        "Washington",
        "US",
        "United States",
        "981##",
        "+1206555",
        (47.61, -122.33),
        LA,
    ),
    place(
        "Portland",
        "OR",
        "Oregon",
        "US",
        "United States",
        "972##",
        "+1503555",
        (45.52, -122.68),
        LA,
    ),
    place(
        "San Francisco",
        "CA",
        "California",
        "US",
        "United States",
        "941##",
        "+1415555",
        (37.77, -122.42),
        LA,
    ),
    place(
        "Los Angeles",
        "CA",
        "California",
        "US",
        "United States",
        "900##",
        "+1213555",
        (34.05, -118.24),
        LA,
    ),
    place(
        "Toronto",
        "ON",
        "Ontario",
        "CA",
        "Canada",
        "M5V #@#",
        "+1416555",
        (43.65, -79.38),
        TOR,
    ),
    place(
        "Ottawa",
        "ON",
        "Ontario",
        "CA",
        "Canada",
        "K1P #@#",
        "+1613555",
        (45.42, -75.70),
        TOR,
    ),
    place(
        "Montreal",
        "QC",
        "Quebec",
        "CA",
        "Canada",
        "H2X #@#",
        "+1514555",
        (45.50, -73.57),
        TOR,
    ),
    place(
        "Vancouver",
        "BC",
        "British Columbia",
        "CA",
        "Canada",
        "V6B #@#",
        "+1604555",
        (49.28, -123.12),
        VAN,
    ),
    place(
        "London",
        "ENG",
        "England",
        "GB",
        "United Kingdom",
        "SW1A #@@",
        "+44207946",
        (51.51, -0.13),
        LON,
    ),
    place(
        "Manchester",
        "ENG",
        "England",
        "GB",
        "United Kingdom",
        "M1 #@@",
        "+44161496",
        (53.48, -2.24),
        LON,
    ),
    place(
        "Edinburgh",
        "SCT",
        "Scotland",
        "GB",
        "United Kingdom",
        "EH1 #@@",
        "+44131496",
        (55.95, -3.19),
        LON,
    ),
    place(
        "Berlin",
        "BE",
        "Berlin",
        "DE",
        "Germany",
        "101##",
        "+4930555",
        (52.52, 13.40),
        BER,
    ),
    place(
        "Hamburg",
        "HH",
        "Hamburg",
        "DE",
        "Germany",
        "204##",
        "+4940555",
        (53.55, 9.99),
        BER,
    ),
    place(
        "Munich",
        "BY",
        "Bavaria",
        "DE",
        "Germany",
        "803##",
        "+4989555",
        (48.14, 11.58),
        BER,
    ),
    place(
        "Dresden",
        "SN",
        "Saxony",
        "DE",
        "Germany",
        "010##",
        "+49351555",
        (51.05, 13.74),
        BER,
    ),
    place(
        "Leipzig",
        "SN",
        "Saxony",
        "DE",
        "Germany",
        "041##",
        "+49341555",
        (51.34, 12.37),
        BER,
    ),
    place(
        "Paris",
        "IDF",
        "Île-de-France",
        "FR",
        "France",
        "750##",
        "+3319955",
        (48.86, 2.35),
        PAR,
    ),
    place(
        "Lyon",
        "ARA",
        "Auvergne-Rhône-Alpes",
        "FR",
        "France",
        "6900#",
        "+3347255",
        (45.76, 4.84),
        PAR,
    ),
    place(
        "Amsterdam",
        "NH",
        "North Holland",
        "NL",
        "Netherlands",
        "101# @@",
        "+3120555",
        (52.37, 4.90),
        AMS,
    ),
    place(
        "Rotterdam",
        "ZH",
        "South Holland",
        "NL",
        "Netherlands",
        "301# @@",
        "+3110555",
        (51.92, 4.48),
        AMS,
    ),
    place(
        "Sydney",
        "NSW",
        "New South Wales",
        "AU",
        "Australia",
        "20##",
        "+61255501",
        (-33.87, 151.21),
        SYD,
    ),
    place(
        "Newcastle",
        "NSW",
        "New South Wales",
        "AU",
        "Australia",
        "23##",
        "+61249001",
        (-32.93, 151.78),
        SYD,
    ),
    place(
        "Melbourne",
        "VIC",
        "Victoria",
        "AU",
        "Australia",
        "30##",
        "+61395501",
        (-37.81, 144.96),
        MEL,
    ),
    place(
        "Brisbane",
        "QLD",
        "Queensland",
        "AU",
        "Australia",
        "40##",
        "+61735501",
        (-27.47, 153.03),
        SYD,
    ),
];

/// A place drawn with big cities more likely, as in a real customer list.
pub fn some_place(rng: &mut Rng) -> &'static Place {
    // The first US cities and the capitals weigh more; the weights follow the list's order.
    let weights: Vec<f64> = PLACES
        .iter()
        .map(|p| match p.city {
            "New York" | "London" | "Los Angeles" | "Toronto" | "Berlin" | "Sydney" => 3.0,
            "Boston" | "Chicago" | "San Francisco" | "Paris" | "Melbourne" => 2.0,
            _ => 1.0,
        })
        .collect();
    &PLACES[rng.weighted(&weights)]
}

impl Place {
    pub fn postal_code(&self, rng: &mut Rng) -> String {
        self.zip
            .chars()
            .map(|c| match c {
                '#' => char::from(b'0' + rng.between(0, 9) as u8),
                '@' => char::from(b'A' + rng.between(0, 25) as u8),
                c => c,
            })
            .collect()
    }

    /// A phone number in E.164 form, from the fictional ranges (555-01xx in North America).
    pub fn phone_number(&self, rng: &mut Rng) -> String {
        let tail: String = if self.phone.starts_with("+1") {
            format!("01{:02}", rng.between(0, 99))
        } else {
            format!("{:04}", rng.between(0, 9999))
        };
        format!("{}{tail}", self.phone)
    }
}

pub const FIRST_NAMES: &[&str] = &[
    "Olivia", "Liam", "Emma", "Noah", "Ava", "Mateo", "Sofia", "Lucas", "Mia", "Amir", "Chloé",
    "Jonas", "Hannah", "Leon", "Aisha", "Kenji", "Priya", "Diego", "Fatima", "Ethan", "Zoe",
    "Marta", "Oskar", "Ines", "Tomás", "Grace", "Yusuf", "Lena", "Chen", "Nora", "Ravi", "Elif",
    "Samuel", "Camille", "Dana", "Felix", "Ingrid", "Kwame", "Lucía", "Mei", "Owen", "Rosa",
];

pub const LAST_NAMES: &[&str] = &[
    "Smith",
    "García",
    "Müller",
    "Nguyen",
    "Johnson",
    "Rossi",
    "Dubois",
    "Kowalski",
    "Reyes",
    "O'Brien",
    "Schneider",
    "Tanaka",
    "Patel",
    "Silva",
    "Jansen",
    "Brown",
    "Martin",
    "Fischer",
    "Kim",
    "Hernández",
    "Novak",
    "Lefèvre",
    "Okafor",
    "Larsen",
    "Cohen",
    "Walsh",
    "Moreau",
    "Haddad",
    "Weber",
    "Andersson",
    "Costa",
    "Ito",
    "Murphy",
    "Bauer",
    "Sato",
    "Ferreira",
];

pub const COMPANY_WORDS: &[&str] = &[
    "Northwind",
    "Bluebird",
    "Summit",
    "Harbor",
    "Cedar",
    "Lumen",
    "Atlas",
    "Maple",
    "Orbit",
    "Pioneer",
    "Quarry",
    "Riverbend",
    "Sable",
    "Tidewater",
    "Union",
    "Vertex",
    "Willow",
    "Zephyr",
];

pub const COMPANY_SUFFIXES: &[&str] = &[
    "Inc.", "LLC", "GmbH", "Ltd", "Co.", "Group", "Labs", "& Sons", "SARL", "B.V.", "Pty Ltd",
];

pub struct Person {
    pub first: &'static str,
    pub last: &'static str,
    pub email: String,
    pub place: &'static Place,
    pub phone: String,
    pub street: String,
}

pub const STREETS: &[&str] = &[
    "Main St",
    "Elm Street",
    "Harbor Rd",
    "Maple Ave",
    "King Street",
    "Hauptstraße",
    "Rue de la Paix",
    "High Street",
    "Keizersgracht",
    "George St",
    "Oak Lane",
    "Market St",
];

/// A made-up person: the e-mail domains are reserved test domains, the phone numbers
/// fictional ranges.
pub fn person(rng: &mut Rng, n: usize) -> Person {
    let first = *rng.pick(FIRST_NAMES);
    let last = *rng.pick(LAST_NAMES);
    let place = some_place(rng);
    let local: String = format!("{}.{}", ascii(first), ascii(last))
        .to_lowercase()
        .replace('\'', "");
    let domain = rng.pick(&[
        "example.com",
        "example.org",
        "example.net",
        "mail.example",
        "post.test",
    ]);
    let email = if rng.chance(0.5) {
        format!("{local}{n}@{domain}")
    } else {
        format!("{local}.{n}@{domain}")
    };
    let phone = place.phone_number(rng);
    let street = format!("{} {}", rng.between(1, 999), rng.pick(STREETS));
    Person {
        first,
        last,
        email,
        place,
        phone,
        street,
    }
}

pub fn company(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(COMPANY_WORDS), rng.pick(COMPANY_SUFFIXES))
}

/// Letters without accents, as e-mail local parts are usually written.
fn ascii(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            'á' | 'à' => 'a',
            'é' | 'è' => 'e',
            'í' => 'i',
            'ó' | 'ö' => 'o',
            'ú' | 'ü' => 'u',
            'ç' => 'c',
            'ß' => 's',
            c => c,
        })
        .collect()
}

/// One table of an export: a CSV file, a ZIP entry or a sheet.
pub struct Table {
    /// The ZIP entry's name; empty for a file that is written on its own.
    pub entry: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(header: &[&str]) -> Table {
        Table {
            entry: String::new(),
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// Appends a row given as (column, value) pairs; columns not named stay blank. Naming a
    /// column the header lacks is a bug in the format's code, caught by the tests.
    pub fn push(&mut self, cells: &[(&str, String)]) {
        let mut row = vec![String::new(); self.header.len()];
        for (name, value) in cells {
            match self.header.iter().position(|h| h == name) {
                Some(i) => row[i] = value.clone(),
                None => panic!("no column {name:?} in {:?}", self.header),
            }
        }
        self.rows.push(row);
    }
}

/// How a format's tables become files.
pub enum Layout {
    /// One CSV file.
    Csv(Style),
    /// One CSV file and the same table as an `.xlsx` workbook.
    CsvAndXlsx(Style),
    /// A ZIP archive of CSV files, one per table.
    Zip(Style),
    /// Whitespace-aligned text without a header (`.txt`), and the same rows as a CSV file.
    AlignedAndCsv,
    /// Two CSV files, `-customers` and `-orders`: a customers export and its orders export.
    Pair(Style),
}

#[derive(Clone, Copy)]
pub struct Style {
    pub bom: bool,
    pub crlf: bool,
    pub quote: Quote,
}

/// Which fields are quoted.
#[derive(Clone, Copy, PartialEq)]
pub enum Quote {
    /// Those that hold a comma, a quote, a line break or an edge space.
    Needed,
    /// Those, and every field that holds a space (Mailchimp).
    Spaces,
    /// Every field (Salesforce's report export).
    All,
}

pub const PLAIN: Style = Style {
    bom: false,
    crlf: false,
    quote: Quote::Needed,
};

/// One customer's recency, frequency and monetary value, worked out from what was planted.
pub struct Rfm {
    pub customer: String,
    pub recency: i64,
    pub frequency: usize,
    pub monetary: f64,
}

/// What a format generates: its tables, the planted group of each data record (in the order
/// the records are written, across tables), and for orders the per-customer RFM.
pub struct Dataset {
    pub tables: Vec<Table>,
    pub truth: Vec<&'static str>,
    pub rfm: Option<Vec<Rfm>>,
    pub layout: Layout,
    /// Lines written after the data (Salesforce's report footer), which are not records.
    pub footer: Vec<String>,
    /// Localized headers the platform documents: (language, English header, localized header).
    pub translations: &'static [(&'static str, &'static str, &'static str)],
}

impl Dataset {
    pub fn csv(table: Table, truth: Vec<&'static str>, style: Style) -> Dataset {
        Dataset {
            tables: vec![table],
            truth,
            rfm: None,
            layout: Layout::Csv(style),
            footer: Vec::new(),
            translations: &[],
        }
    }
}

/// Each customer's RFM from their orders, as (date as days, net amount, counts as an order).
/// Recency counts whole days from the customer's last counted order to `as_of`.
pub fn rfm(orders: &[(String, i64, f64, bool)], as_of: i64) -> Vec<Rfm> {
    let mut out: Vec<Rfm> = Vec::new();
    let mut index = std::collections::HashMap::new();
    for (customer, day, amount, counts) in orders {
        let i = *index.entry(customer.clone()).or_insert_with(|| {
            out.push(Rfm {
                customer: customer.clone(),
                recency: i64::MAX,
                frequency: 0,
                monetary: 0.0,
            });
            out.len() - 1
        });
        let r = &mut out[i];
        r.monetary += amount;
        if *counts {
            r.frequency += 1;
            r.recency = r.recency.min(as_of - day);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_round_trips_and_knows_its_sundays() {
        assert_eq!(days(1970, 1, 1), 0);
        assert_eq!(days(2024, 12, 31), 20_088);
        for d in [-1000, 0, 19_000, 20_088, 20_089] {
            let (y, m, dd) = civil(d);
            assert_eq!(days(y, m, dd), d);
        }
        // 2024: DST from March 10 to November 3.
        assert!(!us_dst(days(2024, 3, 9)));
        assert!(us_dst(days(2024, 3, 10)));
        assert!(us_dst(days(2024, 11, 2)));
        assert!(!us_dst(days(2024, 11, 3)));
    }

    #[test]
    fn postal_codes_follow_their_city() {
        let mut rng = Rng::new(1, "test");
        for p in PLACES {
            let zip = p.postal_code(&mut rng);
            assert_eq!(zip.len(), p.zip.len(), "{}", p.city);
            let fixed: String = p
                .zip
                .chars()
                .take_while(|c| *c != '#' && *c != '@')
                .collect();
            assert!(zip.starts_with(&fixed), "{} {zip}", p.city);
        }
    }
}
