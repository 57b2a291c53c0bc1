//! `cargo xtask exports [--rows N] [--seed S] [--only NAME] [--drop-third] [--translated LANG] DIR`:
//! realistic exports in the published layouts of the platforms marketers use, with planted
//! groups whose answers are known.
//!
//! Each format writes its file (or files) into DIR, and beside it:
//!
//! - `NAME.truth.csv`: `row,group`, the planted group of each data record, numbered from 1 in
//!   the order the records are written (for a ZIP, entry after entry in archive order);
//! - for the orders formats, `NAME.rfm.csv`: `customer,recency,frequency,monetary` for each
//!   customer, as of the file's last order date, worked out from what was planted (each
//!   format's module says which rows count as orders).
//!
//! `--drop-third` writes `NAME-drop-third.*` instead: a third of the columns dropped and the rest
//! shuffled (seeded), for tests that recognise a format from part of its columns.
//! `--translated LANG` writes `NAME-LANG.*` with the localized headers a platform documents, for
//! the formats that have them; the others are skipped, saying so. None has them yet: HubSpot
//! labels its columns in the user's language, but the full German list of its default contact
//! properties could not be checked, and a header made up here would test nothing real.
//!
//! The same seed, rows and options write the same bytes (a test checks the committed fixtures).

mod cdnow;
mod common;
mod hubspot;
mod klaviyo;
mod mailchimp;
mod noisy;
mod salesforce;
mod shopify;
mod shopify_pair;
mod stripe;
mod telco;
mod woocommerce;

use std::io::Write;
use std::path::PathBuf;

use common::{Dataset, Layout, Quote, Rng, Style, Table};

/// A format: its name, its row count when `--rows` is not given, and its generator, which
/// takes the requested number of data rows (the orders formats aim at about that many rows).
pub struct Format {
    pub name: &'static str,
    pub default_rows: usize,
    pub make: fn(&mut Rng, usize) -> Dataset,
}

pub const FORMATS: &[Format] = &[
    Format {
        name: "shopify-customers",
        default_rows: 2_000,
        make: shopify::customers,
    },
    Format {
        name: "shopify-orders",
        default_rows: 4_000,
        make: shopify::orders,
    },
    Format {
        name: "shopify-pair",
        default_rows: 2_000,
        make: shopify_pair::pair,
    },
    Format {
        name: "hubspot-contacts",
        default_rows: 2_000,
        make: hubspot::contacts,
    },
    Format {
        name: "mailchimp-audience",
        default_rows: 2_000,
        make: mailchimp::audience,
    },
    Format {
        name: "klaviyo-profiles",
        default_rows: 2_000,
        make: klaviyo::profiles,
    },
    Format {
        name: "salesforce-contacts",
        default_rows: 2_000,
        make: salesforce::contacts,
    },
    Format {
        name: "salesforce-leads",
        default_rows: 2_000,
        make: salesforce::leads,
    },
    Format {
        name: "woocommerce-orders",
        default_rows: 4_000,
        make: woocommerce::orders,
    },
    Format {
        name: "stripe-payments",
        default_rows: 4_000,
        make: stripe::payments,
    },
    Format {
        name: "telco-churn",
        default_rows: 7_043,
        make: telco::churn,
    },
    Format {
        name: "purchase-history",
        default_rows: 6_000,
        make: cdnow::history,
    },
    Format {
        name: "noisy-planted",
        default_rows: 2_000,
        make: noisy::planted,
    },
    Format {
        name: "noisy-unequal",
        default_rows: 2_000,
        make: noisy::unequal,
    },
    Format {
        name: "noisy-overlapping",
        default_rows: 2_000,
        make: noisy::overlapping,
    },
    Format {
        name: "noisy-few-distinct",
        default_rows: 2_000,
        make: noisy::few_distinct,
    },
];

/// What to write, checked once from the command line.
pub struct Options {
    pub rows: Option<usize>,
    pub seed: u64,
    pub only: Option<&'static Format>,
    pub drop_third: bool,
    pub translated: Option<String>,
    pub dir: PathBuf,
}

pub const USAGE: &str = "usage: cargo xtask exports [--rows N] [--seed S] [--only NAME] [--drop-third] [--translated LANG] DIR";

pub fn parse(args: &[String]) -> crate::Result<Options> {
    let mut options = Options {
        rows: None,
        seed: 1,
        only: None,
        drop_third: false,
        translated: None,
        dir: PathBuf::new(),
    };
    let mut dir = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--rows" => {
                let v = value("--rows")?;
                let n: usize = v
                    .parse()
                    .map_err(|_| format!("--rows: {v:?} is not a whole number"))?;
                if !(20..=10_000_000).contains(&n) {
                    return Err(format!("--rows: {n} is outside 20..10000000"));
                }
                options.rows = Some(n);
            }
            "--seed" => {
                let v = value("--seed")?;
                options.seed = v
                    .parse()
                    .map_err(|_| format!("--seed: {v:?} is not a whole number"))?;
            }
            "--only" => {
                let v = value("--only")?;
                let names: Vec<&str> = FORMATS.iter().map(|f| f.name).collect();
                options.only = Some(FORMATS.iter().find(|f| f.name == v).ok_or_else(|| {
                    format!("--only: no format {v:?}; the formats: {}", names.join(", "))
                })?);
            }
            "--drop-third" => options.drop_third = true,
            "--translated" => options.translated = Some(value("--translated")?),
            flag if flag.starts_with('-') => return Err(format!("unknown option {flag}\n{USAGE}")),
            path if dir.is_none() => dir = Some(PathBuf::from(path)),
            extra => return Err(format!("one DIR only (also got {extra:?})\n{USAGE}")),
        }
    }
    options.dir = dir.ok_or_else(|| format!("DIR is missing\n{USAGE}"))?;
    Ok(options)
}

pub fn main(args: &[String]) -> crate::Result {
    let options = parse(args)?;
    std::fs::create_dir_all(&options.dir)
        .map_err(|e| format!("cannot create {}: {e}", options.dir.display()))?;
    for (name, bytes) in generate(&options)? {
        let path = options.dir.join(&name);
        std::fs::write(&path, &bytes)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        crate::step(&format!("wrote {} ({} bytes)", path.display(), bytes.len()));
    }
    Ok(())
}

/// Every file the options ask for, as (file name, bytes), in a fixed order.
pub fn generate(options: &Options) -> crate::Result<Vec<(String, Vec<u8>)>> {
    let formats: Vec<&Format> = match options.only {
        Some(f) => vec![f],
        None => FORMATS.iter().collect(),
    };
    let mut files = Vec::new();
    for format in formats {
        let rows = options.rows.unwrap_or(format.default_rows);
        let mut rng = Rng::new(options.seed, format.name);
        let mut data = (format.make)(&mut rng, rows);
        let mut stem = format.name.to_string();
        if options.drop_third && matches!(data.layout, Layout::Pair(_)) {
            // Two files joined on a key: dropping a third of the columns would test nothing
            // about recognising a format, and could drop the key.
            continue;
        }
        if options.drop_third {
            drop_third(
                &mut data,
                &mut Rng::new(options.seed, &format!("{stem} drop")),
            );
            stem.push_str("-drop-third");
        }
        if let Some(lang) = &options.translated {
            if !translate(&mut data, lang) {
                crate::step(&format!(
                    "{}: no documented {lang} headers, skipped",
                    format.name
                ));
                continue;
            }
            stem = format!("{stem}-{lang}");
        }
        files.extend(write(&stem, &data)?);
    }
    Ok(files)
}

/// Drops a third of the columns (chosen by name from the first table, so every table of a ZIP
/// loses the same ones) and shuffles the rest.
fn drop_third(data: &mut Dataset, rng: &mut Rng) {
    let mut names = data.tables[0].header.clone();
    rng.shuffle(&mut names);
    let dropped: Vec<String> = names.drain(..names.len() / 3).collect();
    for table in &mut data.tables {
        // The first table's surviving columns in their shuffled order, then the table's own
        // extra columns (Mailchimp's unsubscribe columns) in theirs.
        let mut order: Vec<usize> = names
            .iter()
            .filter_map(|n| table.header.iter().position(|h| h == n))
            .collect();
        order.extend(
            (0..table.header.len()).filter(|&i| {
                !names.contains(&table.header[i]) && !dropped.contains(&table.header[i])
            }),
        );
        table.header = order.iter().map(|&i| table.header[i].clone()).collect();
        for row in &mut table.rows {
            *row = order.iter().map(|&i| row[i].clone()).collect();
        }
    }
}

/// Renames the headers the platform localizes; false when it documents none in `lang`.
fn translate(data: &mut Dataset, lang: &str) -> bool {
    let map: Vec<_> = data
        .translations
        .iter()
        .filter(|(l, _, _)| *l == lang)
        .collect();
    if map.is_empty() {
        return false;
    }
    for table in &mut data.tables {
        for h in &mut table.header {
            if let Some((_, _, local)) = map.iter().find(|(_, en, _)| en == h) {
                *h = local.to_string();
            }
        }
    }
    true
}

fn write(stem: &str, data: &Dataset) -> crate::Result<Vec<(String, Vec<u8>)>> {
    let mut files = Vec::new();
    match &data.layout {
        Layout::Csv(style) => files.push((
            format!("{stem}.csv"),
            csv(&data.tables[0], *style, &data.footer),
        )),
        Layout::CsvAndXlsx(style) => {
            files.push((
                format!("{stem}.csv"),
                csv(&data.tables[0], *style, &data.footer),
            ));
            files.push((format!("{stem}.xlsx"), hubspot::xlsx(&data.tables[0])?));
        }
        Layout::Zip(style) => files.push((format!("{stem}.zip"), zip(&data.tables, *style)?)),
        Layout::Pair(style) => {
            files.push((
                format!("{stem}-customers.csv"),
                csv(&data.tables[0], *style, &[]),
            ));
            files.push((
                format!("{stem}-orders.csv"),
                csv(&data.tables[1], *style, &[]),
            ));
        }
        Layout::AlignedAndCsv => {
            files.push((format!("{stem}.txt"), cdnow::aligned(&data.tables[0])));
            files.push((
                format!("{stem}.csv"),
                csv(&data.tables[0], common::PLAIN, &[]),
            ));
        }
    }
    // A pair's groups are of its customers file's rows.
    let records: usize = match data.layout {
        Layout::Pair(_) => data.tables[0].rows.len(),
        _ => data.tables.iter().map(|t| t.rows.len()).sum(),
    };
    assert_eq!(
        records,
        data.truth.len(),
        "{stem}: one planted group per record"
    );
    let mut truth = String::from("row,group\n");
    for (i, group) in data.truth.iter().enumerate() {
        truth.push_str(&format!("{},{group}\n", i + 1));
    }
    files.push((format!("{stem}.truth.csv"), truth.into_bytes()));
    if let Some(rfm) = &data.rfm {
        let mut out = String::from("customer,recency,frequency,monetary\n");
        for r in rfm {
            out.push_str(&format!(
                "{},{},{},{}\n",
                field(&r.customer, common::PLAIN),
                r.recency,
                r.frequency,
                common::money(r.monetary)
            ));
        }
        files.push((format!("{stem}.rfm.csv"), out.into_bytes()));
    }
    Ok(files)
}

/// One CSV field, quoted as the style says.
fn field(value: &str, style: Style) -> String {
    let needs = value.contains([',', '"', '\n', '\r'])
        || value.starts_with(' ')
        || value.ends_with(' ')
        || (style.quote == Quote::Spaces && value.contains(' '))
        || style.quote == Quote::All;
    if needs {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

pub fn csv(table: &Table, style: Style, footer: &[String]) -> Vec<u8> {
    let eol = if style.crlf { "\r\n" } else { "\n" };
    let mut out = String::new();
    if style.bom {
        out.push('\u{feff}');
    }
    for row in std::iter::once(&table.header).chain(&table.rows) {
        let line: Vec<String> = row.iter().map(|v| field(v, style)).collect();
        out.push_str(&line.join(","));
        out.push_str(eol);
    }
    for line in footer {
        out.push_str(line);
        out.push_str(eol);
    }
    out.into_bytes()
}

/// A ZIP of the tables as CSV files, with a fixed timestamp so the bytes never change.
fn zip(tables: &[Table], style: Style) -> crate::Result<Vec<u8>> {
    use zip::write::SimpleFileOptions;
    let time = zip::DateTime::from_date_and_time(2024, 12, 31, 12, 0, 0)
        .map_err(|e| format!("zip time: {e}"))?;
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(time)
        .unix_permissions(0o644);
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for table in tables {
        writer
            .start_file(table.entry.as_str(), options)
            .map_err(|e| format!("zip {}: {e}", table.entry))?;
        writer
            .write_all(&csv(table, style, &[]))
            .map_err(|e| format!("zip {}: {e}", table.entry))?;
    }
    let cursor = writer.finish().map_err(|e| format!("zip: {e}"))?;
    Ok(cursor.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The options the committed fixtures were made with (tests/fixtures/exports/README.md).
    const FIXTURE_ROWS: usize = 400;
    const FIXTURE_SEED: u64 = 1;

    fn fixtures_dir() -> PathBuf {
        crate::root().join("tests/fixtures/exports")
    }

    /// The fixture files, as `cargo xtask exports --rows 400 --seed 1` and its `--drop-third`
    /// run write them.
    fn fixture_files() -> crate::Result<Vec<(String, Vec<u8>)>> {
        let mut files = Vec::new();
        for drop_third in [false, true] {
            files.extend(generate(&Options {
                rows: Some(FIXTURE_ROWS),
                seed: FIXTURE_SEED,
                only: None,
                drop_third,
                translated: None,
                dir: fixtures_dir(),
            })?);
        }
        Ok(files)
    }

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn regenerating_the_committed_fixtures_gives_identical_bytes() {
        let dir = fixtures_dir();
        let files = fixture_files().unwrap();
        assert!(files.len() > 40, "{} files", files.len());
        for (name, bytes) in &files {
            let committed = std::fs::read(dir.join(name)).unwrap_or_else(|e| {
                panic!("{name}: {e} (regenerate: see tests/fixtures/exports/README.md)")
            });
            assert!(
                committed == *bytes,
                "{name} differs from what the generator writes now (regenerate: see tests/fixtures/exports/README.md)"
            );
        }
    }

    #[test]
    fn only_writes_the_same_bytes_as_the_full_run() {
        let full = fixture_files().unwrap();
        let one =
            generate(&parse(&args(&["--rows", "400", "--only", "stripe-payments", "x"])).unwrap())
                .unwrap();
        for (name, bytes) in &one {
            let same = full.iter().find(|(n, _)| n == name).unwrap();
            assert!(same.1 == *bytes, "{name}");
        }
    }

    #[test]
    fn a_third_of_the_columns_is_dropped_and_the_rest_kept_whole() {
        for format in FORMATS {
            let full = (format.make)(&mut Rng::new(3, format.name), 60);
            let mut cut = (format.make)(&mut Rng::new(3, format.name), 60);
            drop_third(&mut cut, &mut Rng::new(3, "drop"));
            let (a, b) = (&full.tables[0], &cut.tables[0]);
            assert_eq!(
                b.header.len(),
                a.header.len() - a.header.len() / 3,
                "{}",
                format.name
            );
            // Every kept column holds the same values as before, row for row.
            for (j, name) in b.header.iter().enumerate() {
                let i = a.header.iter().position(|h| h == name).unwrap();
                for (ra, rb) in a.rows.iter().zip(&b.rows) {
                    assert_eq!(ra[i], rb[j], "{} {name}", format.name);
                }
            }
        }
    }

    #[test]
    fn every_row_has_a_cell_per_column_and_a_planted_group() {
        for format in FORMATS {
            let data = (format.make)(&mut Rng::new(5, format.name), 200);
            // A pair's groups are of its customers file's rows.
            let records: usize = match data.layout {
                Layout::Pair(_) => data.tables[0].rows.len(),
                _ => data.tables.iter().map(|t| t.rows.len()).sum(),
            };
            assert_eq!(records, data.truth.len(), "{}", format.name);
            for t in &data.tables {
                assert!(
                    t.rows.iter().all(|r| r.len() == t.header.len()),
                    "{}",
                    format.name
                );
            }
        }
    }

    #[test]
    fn translated_headers_are_renamed_and_formats_without_them_skipped() {
        // No format's platform documents translated headers yet, so a German run writes
        // nothing rather than headers made up here.
        let none = generate(&parse(&args(&["--rows", "40", "--translated", "de", "x"])).unwrap());
        assert!(none.unwrap().is_empty());
        let mut data = Dataset::csv(
            Table::new(&["Email", "Industry"]),
            Vec::new(),
            common::PLAIN,
        );
        data.translations = &[("de", "Industry", "Branche")];
        assert!(!translate(&mut data, "fr"));
        assert!(translate(&mut data, "de"));
        assert_eq!(data.tables[0].header, ["Email", "Branche"]);
    }

    #[test]
    fn bad_options_are_refused_by_name() {
        for (list, message) in [
            (
                vec!["--rows", "ten", "d"],
                "--rows: \"ten\" is not a whole number",
            ),
            (vec!["--rows", "5", "d"], "--rows: 5 is outside"),
            (
                vec!["--only", "shopify", "d"],
                "--only: no format \"shopify\"",
            ),
            (vec!["--color", "d"], "unknown option --color"),
            (vec![], "DIR is missing"),
            (vec!["a", "b"], "one DIR only"),
        ] {
            let error = parse(&args(&list)).err().unwrap();
            assert!(error.starts_with(message), "{error}");
        }
    }
}
