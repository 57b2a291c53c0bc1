//! `tribes`: the page's analysis from a shell. Prints JSON on stdout; on bad input, one line on
//! stderr saying what is wrong and where, and exit status 2. Each command turns its flags into the
//! core's options, reads the file, and calls the core: what is checked, computed and decided is
//! the core's, the same as in the page.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use tribes_core::ExportSettings;
use tribes_core::{Dataset, KChoice, Options, Reader, Settings};

#[derive(Parser)]
#[command(
    name = "tribes",
    version,
    about = "Find the customer segments in a CSV and describe them."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Segment the rows of FILE and print the result as JSON.
    Analyze(Box<AnalyzeArgs>),
    /// Print the distinctive terms of a text column per segment, or per value of --by COLUMN.
    Keywords(Box<KeywordsArgs>),
    /// One row per customer from an orders export: recency, frequency, monetary value, their
    /// 1-5 scores, the named RFM segment, and a k-means segment on log-scaled R, F and M.
    /// Prints CSV (which `tribes analyze` reads) or, with --format json, both results.
    Rfm(Box<RfmArgs>),
    /// Print what was read from FILE: dialect, skipped rows, each column's kind and evidence.
    Inspect {
        file: PathBuf,
        /// Also print every row as decoded strings.
        #[arg(long)]
        rows: bool,
        #[command(flatten)]
        read: ReadArgs,
        /// Indent the JSON.
        #[arg(long)]
        pretty: bool,
    },
}

#[derive(Args)]
struct RfmArgs {
    file: PathBuf,
    /// The customer id column (detected when not given).
    #[arg(long)]
    customer: Option<String>,
    /// The order date column (detected when not given).
    #[arg(long)]
    date: Option<String>,
    /// The order amount column (detected when not given); or --quantity and --price.
    #[arg(long)]
    amount: Option<String>,
    /// Quantity column, multiplied by --price when there is no amount column.
    #[arg(long)]
    quantity: Option<String>,
    /// Unit price column.
    #[arg(long)]
    price: Option<String>,
    /// Order id column: frequency counts distinct orders instead of rows (detected when not given).
    #[arg(long)]
    order: Option<String>,
    /// Count recency to this date (default: the file's last order date).
    #[arg(long)]
    as_of: Option<String>,
    /// k-means segments: a number from 2 to 50, or auto.
    #[arg(long, default_value = "auto")]
    k: String,
    /// Seed of the k-means start; drawn and reported when not given.
    #[arg(long)]
    seed: Option<u32>,
    /// csv (the per-customer table with both segments) or json.
    #[arg(long, default_value = "csv")]
    format: String,
    /// Indent the JSON.
    #[arg(long)]
    pretty: bool,
    #[command(flatten)]
    read: ReadArgs,
}

/// How to read the file; each is detected when not given.
#[derive(Args)]
struct ReadArgs {
    /// Field delimiter: a character, or tab, comma, semicolon, pipe.
    #[arg(long)]
    delimiter: Option<String>,
    /// Quote character: " or '.
    #[arg(long)]
    quote: Option<String>,
    /// Whether the first row names the columns: auto, yes or no.
    #[arg(long, default_value = "auto")]
    header: String,
    /// Decimal mark of numbers: . or ,
    #[arg(long)]
    decimal: Option<String>,
    /// Text encoding: utf-8, windows-1252, latin1, utf-16le, utf-16be, shift_jis, ...
    #[arg(long)]
    encoding: Option<String>,
}

impl ReadArgs {
    /// The default options with these reading options.
    fn options(&self) -> Options {
        Options {
            delimiter: self.delimiter.clone(),
            quote: self.quote.clone(),
            header: self.header.clone(),
            decimal: self.decimal.clone(),
            encoding: self.encoding.clone(),
            ..Options::default()
        }
    }
}

#[derive(Args)]
struct AnalyzeArgs {
    file: PathBuf,
    /// Number of segments, 2 to 50, or "auto" to choose by silhouette.
    #[arg(long, default_value = "auto")]
    k: String,
    /// k = auto: the smallest k tried (2 to 50).
    #[arg(long)]
    k_min: Option<u32>,
    /// k = auto: the largest k tried (2 to 50).
    #[arg(long)]
    k_max: Option<u32>,
    /// k = auto: each k is fitted on a seeded sample of at most this many rows.
    #[arg(long)]
    sample_rows: Option<u32>,
    /// The silhouette is scored on at most this many rows (stratified by segment).
    #[arg(long)]
    silhouette_rows: Option<u32>,
    /// Seed of the random start (0 to 4294967295); drawn and reported when not given.
    #[arg(long)]
    seed: Option<u32>,
    /// Use only these columns (comma-separated names).
    #[arg(long, value_delimiter = ',')]
    columns: Option<Vec<String>>,
    /// Leave out these columns (comma-separated names).
    #[arg(long, value_delimiter = ',')]
    exclude: Vec<String>,
    /// Scaling of numeric columns: zscore, robust or none.
    #[arg(long, default_value = "zscore")]
    scale: String,
    /// Log-transform heavily skewed columns that are never negative: auto or none.
    #[arg(long, default_value = "auto")]
    log: String,
    /// Start: kmeans++ or first (the first k rows).
    #[arg(long, default_value = "kmeans++")]
    init: String,
    /// k-means restarts, 1 to 100; the run with the lowest inertia is kept.
    #[arg(long)]
    n_init: Option<u32>,
    /// Convergence tolerance on the centre shift, relative to the data's variance.
    #[arg(long)]
    tol: Option<f64>,
    /// Lloyd iterations at most, 1 to 10000.
    #[arg(long)]
    max_iter: Option<u32>,
    /// Set a column's kind instead of detecting it: COLUMN=KIND (repeatable), KIND one of
    /// numeric, ordinal, boolean, date, categorical, text, identifier.
    #[arg(long = "kind", value_name = "COLUMN=KIND")]
    kinds: Vec<String>,
    /// Set a column's role instead of detecting it: COLUMN=ROLE (repeatable), ROLE one of
    /// feature, derived, identifier, personal, owner, outcome, sparse.
    #[arg(long = "role", value_name = "COLUMN=ROLE")]
    roles: Vec<String>,
    /// Which columns form segments: auto (every column that carries structure), behaviour,
    /// firmographics, location or demographics.
    #[arg(long, default_value = "auto")]
    lens: String,
    /// Count the days since each date (derived columns) to this date (default: the file's last
    /// date).
    #[arg(long)]
    as_of: Option<String>,
    /// Free-text columns whose distinctive terms each segment gets (comma-separated names).
    #[arg(long, value_delimiter = ',')]
    text_columns: Vec<String>,
    /// Words to leave out of keywords, besides the language's stop words (comma-separated).
    #[arg(long, value_delimiter = ',')]
    stop_words: Vec<String>,
    /// Keywords: group words by their Snowball stem, shown in their most frequent form.
    #[arg(long)]
    stem: bool,
    /// Segment on the text columns too, with this weight (0 to 10; 1 weighs a text column like
    /// one numeric column). Default 0: text gives keywords only.
    #[arg(long)]
    text_weight: Option<f64>,
    /// Keywords listed per group, 1 to 100.
    #[arg(long)]
    top: Option<u32>,
    #[command(flatten)]
    read: ReadArgs,
    /// Indent the JSON.
    #[arg(long)]
    pretty: bool,
    /// What to print: json (the result) or csv (the file with segment and segment_name columns,
    /// byte for byte what the page's "Download CSV" gives).
    #[arg(long, default_value = "json")]
    format: String,
    /// With --format csv: start with a UTF-8 byte-order mark (for Excel).
    #[arg(long)]
    bom: bool,
}

#[derive(Args)]
struct KeywordsArgs {
    /// The text column to analyse.
    #[arg(long)]
    text_column: String,
    /// Group the rows by this column's values instead of by segment.
    #[arg(long)]
    by: Option<String>,
    #[command(flatten)]
    analysis: AnalyzeArgs,
}

/// The options of `analyze` (and `keywords`) from the command line.
fn options_from(a: &AnalyzeArgs) -> Result<Options, String> {
    let k = KChoice::parse(&a.k).map_err(|e| e.to_string())?;
    let mut kinds = tribes_core::ByColumn::default();
    for pair in &a.kinds {
        let (column, kind) = pair.split_once('=').ok_or_else(|| {
            format!("--kind {pair}: use COLUMN=KIND, for example --kind zip=identifier")
        })?;
        kinds.insert(column.to_owned(), kind.to_owned());
    }
    let mut roles = tribes_core::ByColumn::default();
    for pair in &a.roles {
        let (column, role) = pair.split_once('=').ok_or_else(|| {
            format!("--role {pair}: use COLUMN=ROLE, for example --role Churn=feature")
        })?;
        roles.insert(column.to_owned(), role.to_owned());
    }
    let defaults = a.read.options();
    Ok(Options {
        kinds,
        roles,
        lens: a.lens.clone(),
        as_of: a.as_of.clone(),
        k,
        seed: a.seed.map(f64::from),
        k_min: a.k_min.map_or(defaults.k_min, f64::from),
        k_max: a.k_max.map_or(defaults.k_max, f64::from),
        sample_rows: a.sample_rows.map_or(defaults.sample_rows, f64::from),
        silhouette_rows: a
            .silhouette_rows
            .map_or(defaults.silhouette_rows, f64::from),
        columns: a.columns.clone(),
        exclude: a.exclude.clone(),
        scale: a.scale.clone(),
        log: a.log.clone(),
        init: a.init.clone(),
        n_init: a.n_init.map_or(defaults.n_init, f64::from),
        tol: a.tol.unwrap_or(defaults.tol),
        max_iter: a.max_iter.map_or(defaults.max_iter, f64::from),
        text_columns: a.text_columns.clone(),
        stop_words: a.stop_words.clone(),
        stem: a.stem,
        text_weight: a.text_weight.unwrap_or(defaults.text_weight),
        top: a.top.map_or(defaults.top, f64::from),
        ..defaults
    })
}

/// What a command prints on stdout.
enum Output {
    Json(Vec<u8>),
    Csv(Vec<u8>),
}

/// Where a command ends: its output, or one line for stderr.
type Outcome = Result<Output, String>;

/// Reads FILE in 1 MiB chunks into the streaming reader, as the page does: memory holds the cells,
/// not the file twice. The file itself is only ever opened for reading.
fn read_file(file: &Path, read: tribes_core::ReadSettings) -> Result<Dataset, String> {
    use std::io::Read;
    let mut f =
        std::fs::File::open(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let size = f.metadata().map_or(0, |m| m.len());
    let mut reader = Reader::with_size_hint(read, size);
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = match f.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(format!("cannot read {}: {e}", file.display())),
        };
        reader.push(&buf[..n]).map_err(|e| e.to_string())?;
    }
    reader.finish().map(Dataset::new).map_err(|e| e.to_string())
}

/// The options checked, then the file read: a bad option is reported before a large file is read.
fn checked(file: &Path, options: &Options) -> Result<(Settings, Dataset), String> {
    let settings = options.check(draw_seed()).map_err(|e| e.to_string())?;
    let data = read_file(file, settings.read)?;
    Ok((settings, data))
}

fn json(value: &impl serde::Serialize, pretty: bool) -> Outcome {
    let text = if pretty {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    };
    let mut text = text.map_err(|e| format!("cannot write JSON: {e}"))?;
    text.push('\n');
    Ok(Output::Json(text.into_bytes()))
}

/// A seed for a run the user did not seed; reported in the result so the run can be repeated.
fn draw_seed() -> u32 {
    getrandom::u32().unwrap_or_else(|_| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos())
    })
}

fn main() -> ExitCode {
    let outcome = match Cli::parse().command {
        Command::Inspect {
            file,
            rows,
            read,
            pretty,
        } => inspect(
            &file,
            &Options {
                rows,
                ..read.options()
            },
            pretty,
        ),
        Command::Analyze(a) => analyze(&a),
        Command::Keywords(k) => keywords(&k),
        Command::Rfm(a) => rfm(&a),
    };
    match outcome.and_then(|out| write_out(&out)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("tribes: {message}");
            ExitCode::from(2)
        }
    }
}

/// Writes stdout. A reader that stops early (`tribes ... | head`) closes the pipe: that ends the
/// run quietly and successfully, as the reader wanted no more.
fn write_out(output: &Output) -> Result<(), String> {
    let (bytes, what) = match output {
        Output::Json(bytes) => (bytes, "JSON"),
        Output::Csv(bytes) => (bytes, "the CSV"),
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(format!("cannot write {what}: {e}"))
        }
        _ => Ok(()),
    }
}

fn inspect(file: &Path, options: &Options, pretty: bool) -> Outcome {
    let read = options.check_read().map_err(|e| e.to_string())?;
    json(&read_file(file, read)?.inspection(options.rows), pretty)
}

fn analyze(a: &AnalyzeArgs) -> Outcome {
    let csv = match a.format.as_str() {
        "json" => false,
        "csv" => true,
        other => return Err(format!("--format: \"{other}\" is not one of json, csv")),
    };
    let (settings, data) = checked(&a.file, &options_from(a)?)?;
    let r = data
        .analyze(&settings, &mut tribes_core::no_progress)
        .map_err(|e| e.to_string())?;
    if !csv {
        return json(&r, a.pretty);
    }
    let names: Vec<String> = r.segments.iter().map(|s| s.name.clone()).collect();
    let export = ExportSettings {
        bom: a.bom,
        ..ExportSettings::default()
    };
    Ok(Output::Csv(data.export_csv(&r.labels, &names, &export)))
}

fn keywords(kw: &KeywordsArgs) -> Outcome {
    let options = Options {
        text_columns: vec![kw.text_column.clone()],
        by: kw.by.clone(),
        ..options_from(&kw.analysis)?
    };
    let (settings, data) = checked(&kw.analysis.file, &options)?;
    let r = data
        .keywords(&settings, &mut tribes_core::no_progress)
        .map_err(|e| e.to_string())?;
    json(&r, kw.analysis.pretty)
}

fn rfm(a: &RfmArgs) -> Outcome {
    let as_json = match a.format.as_str() {
        "json" => true,
        "csv" => false,
        other => return Err(format!("--format: \"{other}\" is not one of csv, json")),
    };
    let options = Options {
        k: KChoice::parse(&a.k).map_err(|e| e.to_string())?,
        seed: a.seed.map(f64::from),
        customer: a.customer.clone(),
        date: a.date.clone(),
        amount: a.amount.clone(),
        quantity: a.quantity.clone(),
        price: a.price.clone(),
        order: a.order.clone(),
        as_of: a.as_of.clone(),
        ..a.read.options()
    };
    let (settings, data) = checked(&a.file, &options)?;
    let r = data
        .rfm(&settings, &mut tribes_core::no_progress)
        .map_err(|e| e.to_string())?;
    if let Some(why) = &r.without_segments {
        eprintln!("tribes: note: no k-means segments: {why}");
    }
    if !as_json {
        return Ok(Output::Csv(r.csv()));
    }
    // Through a JSON value, whose objects list their keys in order: the rfm JSON has always been
    // written so.
    let value = serde_json::to_value(&r).map_err(|e| format!("cannot write JSON: {e}"))?;
    json(&value, a.pretty)
}
