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
    /// Give every row of FILE the segment of a saved model (from `analyze --model-out`), with the
    /// model's own transforms and centres, and report how far FILE has drifted from the model's
    /// source. Streams: memory does not grow with the file.
    Apply(Box<ApplyArgs>),
    /// Apply one saved model to two files (BEFORE and AFTER, say last month's and this month's)
    /// and count the customers, matched by --id, that moved from each segment to each other.
    Compare(Box<CompareArgs>),
    /// Write campaign audiences from FILE with a saved model's segments: a Google Ads Customer
    /// Match upload, a Meta custom audience (contact details normalized and SHA-256 hashed on
    /// this machine), or e-mail addresses with their segment as a tag (Mailchimp, Klaviyo).
    /// Contacts who did not agree to marketing are left out; a summary goes to stderr.
    Audience(Box<AudienceArgs>),
    /// Print one SQL SELECT that adds segment and segment_name to every row of a table holding
    /// the model's columns, with the model's transforms and centres (the labels of `tribes
    /// apply`), for SQLite, DuckDB, PostgreSQL (and DataFusion), BigQuery or Spark SQL.
    Sql(Box<SqlArgs>),
    /// Print what was read from FILE: dialect, skipped rows, each column's kind and evidence.
    Inspect {
        file: PathBuf,
        /// Also print every row as decoded strings.
        #[arg(long)]
        rows: bool,
        // Boxed as the other commands' arguments are, so the commands stay small to move.
        #[command(flatten)]
        read: Box<ReadArgs>,
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
    #[arg(long, default_value = "auto", allow_negative_numbers = true)]
    k: String,
    /// Seed of the k-means start; drawn and reported when not given.
    #[arg(long, allow_negative_numbers = true)]
    seed: Option<f64>,
    /// csv (the per-customer table with both segments) or json.
    #[arg(long, default_value = "csv")]
    format: String,
    /// Indent the JSON.
    #[arg(long)]
    pretty: bool,
    /// Also save the customers' segments as a model file (`M.tribes.json`): `tribes apply M
    /// NEXT-ORDERS` makes next month's customers as these were, scores them by these R, F and M
    /// cut-offs and gives them these segments; `tribes compare` shows who moved. It holds no row
    /// of the file.
    #[arg(long, value_name = "M.tribes.json")]
    model_out: Option<PathBuf>,
    #[command(flatten)]
    read: ReadArgs,
}

#[derive(Args)]
struct ApplyArgs {
    /// The model file (`*.tribes.json`).
    model: PathBuf,
    /// The file to segment: the model's columns, by name, in any order.
    file: PathBuf,
    /// What to print: csv (the file with segment and segment_name columns) or json (labels,
    /// segments and drift).
    #[arg(long, default_value = "csv")]
    format: String,
    /// The date days since a date are counted to (YYYY-MM-DD); FILE's last date when not given.
    #[arg(long)]
    as_of: Option<String>,
    /// With --format csv: start with a UTF-8 byte-order mark (for Excel).
    #[arg(long)]
    bom: bool,
    /// Threads, 1 to 256: from 2, the next part of FILE is read while the last one is
    /// labelled, with the same output. Default: the machine's cores, at most 8.
    #[arg(long)]
    threads: Option<usize>,
    /// How to read FILE; when not given, as the model's source was read (else detected).
    #[command(flatten)]
    read: ReadArgs,
}

#[derive(Args)]
struct CompareArgs {
    /// The model file (`*.tribes.json`).
    model: PathBuf,
    before: PathBuf,
    after: PathBuf,
    /// The column that names each customer in both files (with a model made from orders, its
    /// customer column, which need not be given).
    #[arg(long)]
    id: Option<String>,
    /// Print the ids of one cell of the matrix instead, as CSV: FROM,TO (segment ids).
    #[arg(long, value_name = "FROM,TO")]
    cell: Option<String>,
    /// Indent the JSON.
    #[arg(long)]
    pretty: bool,
    /// How to read the files; when not given, as the model's source was read (else detected).
    #[command(flatten)]
    read: ReadArgs,
}

#[derive(Args)]
struct AudienceArgs {
    /// The model file (`*.tribes.json`).
    model: PathBuf,
    /// The customers: the model's columns, and their e-mail, phone or name and address.
    file: PathBuf,
    /// google (Customer Match: Email, Phone, First Name, Last Name hashed; Country, Zip in
    /// clear), meta (email, phone, fn, ln, ct, st, zip, country, all hashed) or tags (Email
    /// Address, Tags: plain, for e-mail tools).
    #[arg(long)]
    format: String,
    /// Only this segment's customers (its id). Without it, google and meta write one file per
    /// segment into the folder -o names; tags writes every segment, each row tagged.
    #[arg(long, allow_negative_numbers = true)]
    segment: Option<f64>,
    /// The country of phone numbers written without +44 or 0044 (and of rows without a country
    /// column): an ISO code such as US or DE.
    #[arg(long)]
    country: Option<String>,
    /// Keep contacts whose consent column says they did not agree to marketing (unsubscribed,
    /// cleaned, never subscribed, opted out).
    #[arg(long)]
    include_unsubscribed: bool,
    /// Use a column for a field instead of the one found: COLUMN=FIELD (repeatable), FIELD one of
    /// email, phone, first-name, last-name, city, state, zip, country, birth-year, gender,
    /// consent, opt-out, or none to leave a column out.
    #[arg(long = "field", value_name = "COLUMN=FIELD")]
    fields: Vec<String>,
    /// Write to this file (or, for google and meta without --segment, into this folder, one file
    /// per segment); stdout when not given. An existing file is replaced.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    output: Option<PathBuf>,
    /// How to read FILE; when not given, as the model's source was read (else detected).
    #[command(flatten)]
    read: ReadArgs,
}

#[derive(Args)]
struct SqlArgs {
    /// The model file (`*.tribes.json`).
    model: PathBuf,
    /// The table: a name, or dotted parts (schema.table, project.dataset.table).
    #[arg(long)]
    table: String,
    /// sqlite, duckdb, postgres (also DataFusion's PostgreSQL dialect), bigquery or spark.
    #[arg(long)]
    dialect: String,
    /// Count days since dates to this date (YYYY-MM-DD); when not given, to the table's latest
    /// date (or the day the model was made with).
    #[arg(long)]
    as_of: Option<String>,
    /// The decimal mark of numbers stored as text in the table: . or , (default: the model's).
    #[arg(long)]
    decimal: Option<String>,
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
    /// A workbook's sheet to read (.xlsx, .xls, .ods); the first sheet with data when not given.
    #[arg(long)]
    sheet: Option<String>,
    /// A ZIP archive's CSV file to read; when not given, a Mailchimp audience export's files are
    /// joined (with a status column), or the first CSV file is read.
    #[arg(long)]
    entry: Option<String>,
    /// Read a sample of the rows: the share kept (above 0, at most 1), spread over the whole
    /// file; for a file over the memory limits (README, "Limits").
    #[arg(long)]
    sample: Option<f64>,
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
            sheet: self.sheet.clone(),
            entry: self.entry.clone(),
            sample: self.sample,
            ..Options::default()
        }
    }
}

#[derive(Args)]
struct AnalyzeArgs {
    file: PathBuf,
    /// Number of segments, 2 to 50, or "auto" to choose (README, "Choosing k").
    #[arg(long, default_value = "auto", allow_negative_numbers = true)]
    k: String,
    /// k = auto: the smallest k tried (2 to 50).
    #[arg(long, allow_negative_numbers = true)]
    k_min: Option<f64>,
    /// k = auto: the largest k tried (2 to 50).
    #[arg(long, allow_negative_numbers = true)]
    k_max: Option<f64>,
    /// k = auto: each k is fitted on a seeded sample of at most this many rows.
    #[arg(long, allow_negative_numbers = true)]
    sample_rows: Option<f64>,
    /// The silhouette is scored on at most this many rows (stratified by segment).
    #[arg(long, allow_negative_numbers = true)]
    silhouette_rows: Option<f64>,
    /// Seed of the random start (0 to 4294967295); drawn and reported when not given.
    #[arg(long, allow_negative_numbers = true)]
    seed: Option<f64>,
    /// Use only these columns (comma-separated names).
    #[arg(long, value_delimiter = ',')]
    columns: Option<Vec<String>>,
    /// Leave out these columns (comma-separated names).
    #[arg(long, value_delimiter = ',')]
    exclude: Vec<String>,
    /// Scaling of numeric columns: zscore, robust or none.
    #[arg(long, default_value = "zscore")]
    scale: String,
    /// Log-transform numeric columns that are never negative: auto (the skewed ones the log makes more symmetric),
    /// all, or none.
    #[arg(long, default_value = "auto")]
    log: String,
    /// Start: kmeans++ or first (the first k rows).
    #[arg(long, default_value = "kmeans++")]
    init: String,
    /// k-means restarts, 1 to 100; the run with the lowest inertia is kept.
    #[arg(long, allow_negative_numbers = true)]
    n_init: Option<f64>,
    /// Convergence tolerance on the centre shift, relative to the data's variance.
    #[arg(long, allow_negative_numbers = true)]
    tol: Option<f64>,
    /// Lloyd iterations at most, 1 to 10000.
    #[arg(long, allow_negative_numbers = true)]
    max_iter: Option<f64>,
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
    #[arg(long, allow_negative_numbers = true)]
    text_weight: Option<f64>,
    /// Keywords listed per group, 1 to 100.
    #[arg(long, allow_negative_numbers = true)]
    top: Option<f64>,
    /// Threads, 1 to 256: k-means' fits per k, restarts and blocks of 65,536 rows run side by
    /// side, with the same result as on one thread. Default: the machine's cores, at most 8.
    #[arg(long)]
    threads: Option<usize>,
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
    /// Also save the segmentation as a model file (`M.tribes.json`), which `tribes apply` uses
    /// on next month's file. It holds no row of the file.
    #[arg(long, value_name = "M.tribes.json")]
    model_out: Option<PathBuf>,
    /// The customers' orders file (an orders export): each customer gets the orders' figures
    /// (orders, order_total, average_order, days since the last and first order, rfm_segment)
    /// beside their own columns. The orders file's dialect and encoding are detected.
    #[arg(long, value_name = "ORDERS")]
    orders: Option<PathBuf>,
    /// With --orders: the key, CUSTOMERS_COLUMN=ORDERS_COLUMN (default: the pair of columns whose
    /// values match best on both files).
    #[arg(long, value_name = "CUSTOMERS_COLUMN=ORDERS_COLUMN")]
    join: Option<String>,
    /// With --orders: the orders' customer id column (detected when not given).
    #[arg(long)]
    customer: Option<String>,
    /// With --orders: the order date column (detected when not given).
    #[arg(long)]
    date: Option<String>,
    /// With --orders: the order amount column (detected when not given); or --quantity and --price.
    #[arg(long)]
    amount: Option<String>,
    /// With --orders: quantity column, multiplied by --price when there is no amount column.
    #[arg(long)]
    quantity: Option<String>,
    /// With --orders: unit price column.
    #[arg(long)]
    price: Option<String>,
    /// With --orders: order id column (detected when not given).
    #[arg(long)]
    order: Option<String>,
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

/// Threads by default: the machine's cores, at most this many.
const DEFAULT_THREADS_MAX: usize = 8;

/// The threads of `--threads`, checked, or the default: the cores the machine has, at most
/// [`DEFAULT_THREADS_MAX`].
fn threads(given: Option<usize>) -> Result<usize, String> {
    match given {
        Some(n @ 1..=256) => Ok(n),
        Some(n) => Err(format!("--threads: {n} is not from 1 to 256")),
        None => Ok(std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(DEFAULT_THREADS_MAX)),
    }
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
        seed: a.seed,
        k_min: a.k_min.unwrap_or(defaults.k_min),
        k_max: a.k_max.unwrap_or(defaults.k_max),
        sample_rows: a.sample_rows.unwrap_or(defaults.sample_rows),
        silhouette_rows: a.silhouette_rows.unwrap_or(defaults.silhouette_rows),
        columns: a.columns.clone(),
        exclude: a.exclude.clone(),
        scale: a.scale.clone(),
        log: a.log.clone(),
        init: a.init.clone(),
        n_init: a.n_init.unwrap_or(defaults.n_init),
        tol: a.tol.unwrap_or(defaults.tol),
        max_iter: a.max_iter.unwrap_or(defaults.max_iter),
        text_columns: a.text_columns.clone(),
        stop_words: a.stop_words.clone(),
        stem: a.stem,
        text_weight: a.text_weight.unwrap_or(defaults.text_weight),
        top: a.top.unwrap_or(defaults.top),
        join: a.join.clone(),
        customer: a.customer.clone(),
        date: a.date.clone(),
        amount: a.amount.clone(),
        quantity: a.quantity.clone(),
        price: a.price.clone(),
        order: a.order.clone(),
        ..defaults
    })
}

/// What a command prints on stdout.
enum Output {
    Json(Vec<u8>),
    Csv(Vec<u8>),
    Sql(Vec<u8>),
    /// The command wrote its output as it went.
    Nothing,
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
    let data = read_file(file, settings.read.clone())?;
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
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return argument_error(&e),
    };
    let outcome = match cli.command {
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
        Command::Apply(a) => apply(&a),
        Command::Compare(c) => compare(&c),
        Command::Audience(a) => audience(&a),
        Command::Sql(a) => sql(&a),
    };
    match outcome.and_then(|out| write_out(&out)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("tribes: {message}");
            ExitCode::from(2)
        }
    }
}

/// Help and version print as clap writes them. An argument error becomes one line on stderr
/// starting `tribes: `, with exit status 2, like every other error of the command: clap's own
/// form spans several lines, and its tip for a value that starts with `-` (`-- -1`) misleads.
fn argument_error(e: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = e.print();
        return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
    }
    eprintln!("tribes: {}", one_line(&e.render().to_string()));
    ExitCode::from(2)
}

/// clap's rendered error in one line: its message and any suggestion of a similar name, without
/// the `-- VALUE` tip and the pointer to --help; the usage line is kept, as it is short.
fn one_line(rendered: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut usage = None;
    for line in rendered.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(u) = line.strip_prefix("Usage: ") {
            usage = Some(u.to_owned());
        } else if line.starts_with("For more information") || line.starts_with("tip: to pass") {
            continue;
        } else {
            let line = line.strip_prefix("error: ").unwrap_or(line);
            let line = line.strip_prefix("tip: ").unwrap_or(line);
            // A line that ends in a colon is continued by the next ("not provided:\n  <FILE>").
            match parts.last_mut() {
                Some(last) if last.ends_with(':') => {
                    last.push(' ');
                    last.push_str(line);
                }
                _ => parts.push(line.to_owned()),
            }
        }
    }
    let mut text = parts.join("; ");
    if let Some(u) = usage {
        text.push_str(&format!(" (usage: {u})"));
    }
    text
}

/// Writes stdout. A reader that stops early (`tribes ... | head`) closes the pipe: that ends the
/// run quietly and successfully, as the reader wanted no more.
fn write_out(output: &Output) -> Result<(), String> {
    let (bytes, what) = match output {
        Output::Json(bytes) => (bytes, "JSON"),
        Output::Csv(bytes) => (bytes, "the CSV"),
        Output::Sql(bytes) => (bytes, "the SQL"),
        Output::Nothing => return Ok(()),
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
    if !matches!(a.format.as_str(), "json" | "csv") {
        return Err(format!(
            "--format: \"{}\" is not one of json, csv",
            a.format
        ));
    }
    let options = options_from(a)?;
    let orders_only = [
        ("--join", options.join.is_some()),
        ("--customer", options.customer.is_some()),
        ("--date", options.date.is_some()),
        ("--amount", options.amount.is_some()),
        ("--quantity", options.quantity.is_some()),
        ("--price", options.price.is_some()),
        ("--order", options.order.is_some()),
    ];
    if let (None, Some((flag, _))) = (&a.orders, orders_only.iter().find(|(_, given)| *given)) {
        return Err(format!(
            "{flag} is about an orders file: give it with --orders ORDERS"
        ));
    }
    let threads = threads(a.threads)?;
    let (mut settings, data) = checked(&a.file, &options)?;
    settings.kmeans.threads = threads;
    // With an orders file, the customers file with the orders' figures is what is segmented
    // and exported.
    let data = match &a.orders {
        None => data,
        Some(path) => {
            let orders = read_file(path, tribes_core::ReadSettings::default())?;
            let joined = data
                .join(&orders, &settings, &mut tribes_core::no_progress)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            let r = joined
                .analyze(&settings, &mut tribes_core::no_progress)
                .map_err(|e| e.to_string())?;
            return finish_analysis(a, &joined.data, r);
        }
    };
    let r = data
        .analyze(&settings, &mut tribes_core::no_progress)
        .map_err(|e| e.to_string())?;
    finish_analysis(a, &data, r)
}

/// What `analyze` prints and saves, from the table that was segmented and its result.
fn finish_analysis(a: &AnalyzeArgs, data: &Dataset, r: tribes_core::AnalysisResult) -> Outcome {
    let csv = a.format == "csv";
    // Segments that are cuts through one population, or one segment of identical rows, must not
    // pass for a finding: the note goes to stderr whatever the format.
    if let Some(note) = &r.structure_note {
        eprintln!("tribes: note: {note}");
    }
    if let Some(path) = &a.model_out {
        save_model(r.model.clone(), &a.file, path)?;
    }
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
    if kw.analysis.orders.is_some() {
        return Err("--orders: keywords read one file; join the orders with tribes analyze".into());
    }
    // These belong to analyze's output; keywords printed its JSON whatever they said.
    if kw.analysis.format != "json" {
        return Err(format!(
            "--format: keywords prints JSON only (\"{}\" is for tribes analyze)",
            kw.analysis.format
        ));
    }
    if kw.analysis.bom || kw.analysis.model_out.is_some() {
        let flag = if kw.analysis.bom {
            "--bom"
        } else {
            "--model-out"
        };
        return Err(format!(
            "{flag}: keywords prints JSON only; {flag} is for tribes analyze"
        ));
    }
    let options = Options {
        text_columns: vec![kw.text_column.clone()],
        by: kw.by.clone(),
        ..options_from(&kw.analysis)?
    };
    let threads = threads(kw.analysis.threads)?;
    let (mut settings, data) = checked(&kw.analysis.file, &options)?;
    settings.kmeans.threads = threads;
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
        seed: a.seed,
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
    if let Some(note) = &r.rfm.note {
        eprintln!("tribes: note: {note}");
    }
    if let Some(why) = &r.without_segments {
        if a.model_out.is_some() {
            return Err(format!(
                "--model-out: no k-means segments, so there is no model to save: {why}"
            ));
        }
        eprintln!("tribes: note: no k-means segments: {why}");
    }
    if let (Some(path), Some(segments)) = (&a.model_out, &r.segments) {
        save_model(segments.model.clone(), &a.file, path)?;
    }
    if !as_json {
        return Ok(Output::Csv(r.csv()));
    }
    // Through a JSON value, whose objects list their keys in order: the rfm JSON has always been
    // written so.
    let value = serde_json::to_value(&r).map_err(|e| format!("cannot write JSON: {e}"))?;
    json(&value, a.pretty)
}

/// Writes the model file, naming the source file by its name only (no folder).
fn save_model(mut model: tribes_core::Model, source: &Path, path: &Path) -> Result<(), String> {
    model.source.file = source.file_name().map(|n| n.to_string_lossy().into_owned());
    let text = model.to_json().map_err(|e| format!("--model-out: {e}"))?;
    std::fs::write(path, text)
        .map_err(|e| format!("cannot write the model {}: {e}", path.display()))
}

/// Reads and checks a model file.
fn load_model(path: &Path) -> Result<tribes_core::Model, String> {
    let text = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let text = String::from_utf8(text)
        .map_err(|_| format!("{}: model: the file is not UTF-8 text", path.display()))?;
    tribes_core::Model::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn apply(a: &ApplyArgs) -> Outcome {
    let csv = match a.format.as_str() {
        "csv" => true,
        "json" => false,
        other => return Err(format!("--format: \"{other}\" is not one of csv, json")),
    };
    let model = load_model(&a.model)?;
    let options = model_reading(&a.read, &model);
    if model.rfm.is_some() {
        return apply_orders(a, &model, &options, csv);
    }
    let model = days_counted(model, &a.file, &options, plain, a.as_of.as_deref())?;
    let names: Vec<String> = model.segments.iter().map(|s| s.name.clone()).collect();
    let export = ExportSettings {
        bom: a.bom,
        ..ExportSettings::default()
    };
    let mut applying = tribes_core::Applying::new(&model);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut emit = Emit {
        csv,
        header: true,
        first: 0,
        labels_written: 0,
    };
    each_part_on(threads(a.threads)?, &a.file, &options, plain, |part| {
        let labels = applying.part(part).map_err(|e| e.to_string())?;
        emit.part(&mut out, part, &labels, &names, &export)
    })?;
    let applied = applying.finish();
    if csv {
        eprintln!("{}", summary_line(&applied));
    } else {
        let rest =
            serde_json::to_string(&applied).map_err(|e| format!("cannot write JSON: {e}"))?;
        if emit.labels_written == 0 {
            written(out.write_all(b"{\"labels\":["))?;
        }
        // `rest` is an object: its fields follow the labels.
        written(out.write_all(b"],"))?;
        written(out.write_all(&rest.as_bytes()[1..]))?;
        written(out.write_all(b"\n"))?;
    }
    written(out.flush())?;
    Ok(Output::Nothing)
}

/// `tribes apply` with a model made from orders: FILE is next month's orders, read whole (a
/// customer's orders may be anywhere in it), made into customers as the model's were, scored by
/// its cut-offs and given its segments. Prints the customers' table with `segment` and
/// `segment_name`, or the JSON of `apply` with `rfm`, the named segments now beside their share
/// in the model's source.
fn apply_orders(
    a: &ApplyArgs,
    model: &tribes_core::Model,
    options: &Options,
    csv: bool,
) -> Outcome {
    let read = options.check(0).map_err(|e| e.to_string())?.read;
    let data = read_file(&a.file, read)?;
    let done = data
        .apply_orders(model, a.as_of.as_deref())
        .map_err(|e| e.to_string())?;
    let names: Vec<String> = model.segments.iter().map(|s| s.name.clone()).collect();
    if csv {
        let export = ExportSettings {
            bom: a.bom,
            ..ExportSettings::default()
        };
        let bytes =
            tribes_core::export_csv_part(&done.customers, &done.labels, 0, true, &names, &export);
        eprintln!(
            "{} (customers from {} orders, recency to {})",
            summary_line(&done.applied),
            done.rfm.input.rows_used,
            done.rfm.as_of
        );
        return Ok(Output::Csv(bytes));
    }
    let mut value =
        serde_json::to_value(&done.applied).map_err(|e| format!("cannot write JSON: {e}"))?;
    value["labels"] = serde_json::json!(done.labels);
    value["customers"] = serde_json::json!(done
        .rfm
        .customers
        .iter()
        .map(|c| &c.customer)
        .collect::<Vec<_>>());
    value["rfm"] =
        serde_json::to_value(done.summary(model)).map_err(|e| format!("cannot write JSON: {e}"))?;
    json(&value, false)
}

/// `file` read part by part (about a megabyte of it at a time, so that memory does not grow with
/// the file), each part given to `f` in file order, the last one (which may have no rows) too.
/// The reader's errors are told by `at`.
fn each_part(
    file: &Path,
    options: &Options,
    at: impl Fn(tribes_core::Error) -> String,
    f: impl FnMut(&tribes_core::Table) -> Result<(), String>,
) -> Result<(), String> {
    each_part_on(1, file, options, at, f)
}

/// Why reading a part stopped: the reader's error, or the file's.
enum Unread {
    Reader(tribes_core::Error),
    File(String),
}

/// [`each_part`] on `threads` threads: from 2, one thread reads and parses the next parts (at
/// most two ahead, so memory stays bounded) while the calling thread runs `f` on the last one.
/// The parts, and what `f` sees, are the same as on one thread.
fn each_part_on(
    threads: usize,
    file: &Path,
    options: &Options,
    at: impl Fn(tribes_core::Error) -> String,
    mut f: impl FnMut(&tribes_core::Table) -> Result<(), String>,
) -> Result<(), String> {
    let reader = tribes_core::reader(options, None).map_err(&at)?;
    let input =
        std::fs::File::open(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    if threads < 2 {
        return read_parts(input, file, reader, &mut |part| {
            f(&part).map_err(Unread::File).map(|()| true)
        })
        .map_err(|e| unread(e, &at));
    }
    std::thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Result<tribes_core::Table, Unread>>(2);
        let reading = s.spawn(move || {
            let tx2 = tx.clone();
            // A send fails when the calling thread stopped (`f` failed): stop reading.
            let done = read_parts(input, file, reader, &mut |part| {
                Ok(tx.send(Ok(part)).is_ok())
            });
            if let Err(e) = done {
                let _ = tx2.send(Err(e));
            }
        });
        let mut outcome = Ok(());
        for part in rx {
            outcome = part.and_then(|part| f(&part).map_err(Unread::File));
            if outcome.is_err() {
                break;
            }
        }
        // Dropping the receiver ends the reading thread at its next part.
        reading
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        outcome.map_err(|e| unread(e, &at))
    })
}

/// The message of a part that could not be read.
fn unread(e: Unread, at: &impl Fn(tribes_core::Error) -> String) -> String {
    match e {
        Unread::Reader(e) => at(e),
        Unread::File(message) => message,
    }
}

/// Reads `input` into `reader` a megabyte at a time, giving each part to `f` as it is complete
/// and the last one at the end; `f` answers whether to go on.
fn read_parts(
    mut input: std::fs::File,
    file: &Path,
    mut reader: tribes_core::Reader,
    f: &mut dyn FnMut(tribes_core::Table) -> Result<bool, Unread>,
) -> Result<(), Unread> {
    use std::io::Read;
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = match input.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Unread::File(format!("cannot read {}: {e}", file.display()))),
        };
        reader.push(&buf[..n]).map_err(Unread::Reader)?;
        if let Some(part) = reader.take() {
            if !f(part)? {
                return Ok(());
            }
        }
    }
    f(reader.finish().map_err(Unread::Reader)?)?;
    Ok(())
}

/// The model as it applies to `file`: its days-since columns counting to `as_of` when given, else
/// to the file's last date. A file is labelled part by part, and a part's own last date is not
/// the file's, so when the model counts to the file's last date the file is read once for it
/// first.
fn days_counted(
    model: tribes_core::Model,
    file: &Path,
    options: &Options,
    at: impl Fn(tribes_core::Error) -> String,
    as_of: Option<&str>,
) -> Result<tribes_core::Model, String> {
    if let Some(text) = as_of {
        if !tribes_core::counts_days(&model) {
            return Err(
                "--as-of: this model has no column of days since a date, so there is nothing to count to"
                    .into(),
            );
        }
        let day = tribes_core::as_of_day(text).map_err(|e| e.to_string())?;
        return Ok(tribes_core::counting_to(&model, day));
    }
    let Some(mut last) = tribes_core::LastDates::of(&model) else {
        return Ok(model);
    };
    // The columns are checked here too, so that a file lacking one is refused before it is read
    // a second time.
    let mut checked = false;
    each_part(file, options, &at, |part| {
        if !checked {
            tribes_core::Applying::check_columns(&model, &part.headers).map_err(&at)?;
            checked = true;
        }
        last.scan(part);
        Ok(())
    })?;
    Ok(last.fix(&model))
}

fn sql(a: &SqlArgs) -> Outcome {
    let dialect = tribes_core::SqlDialect::parse(&a.dialect).ok_or_else(|| {
        format!(
            "--dialect: \"{}\" is not one of {}",
            a.dialect,
            tribes_core::SqlDialect::NAMES.join(", ")
        )
    })?;
    let decimal = match a.decimal.as_deref().map(str::trim) {
        None => None,
        Some(".") => Some('.'),
        Some(",") => Some(','),
        Some(other) => return Err(format!("--decimal: \"{other}\" is not . or ,")),
    };
    let model = load_model(&a.model)?;
    let settings = tribes_core::SqlSettings {
        table: a.table.clone(),
        dialect,
        as_of: a.as_of.clone(),
        decimal,
    };
    let text = tribes_core::sql(&model, &settings).map_err(|e| e.to_string())?;
    Ok(Output::Sql(text.into_bytes()))
}

/// What `apply` has written of its output so far.
struct Emit {
    csv: bool,
    header: bool,
    /// The first record of the next part.
    first: usize,
    labels_written: usize,
}

impl Emit {
    /// Writes one part's rows (CSV) or labels (JSON, which opens with them).
    fn part(
        &mut self,
        out: &mut impl Write,
        part: &tribes_core::Table,
        labels: &[i32],
        names: &[String],
        export: &ExportSettings,
    ) -> Result<(), String> {
        if self.csv {
            let bytes =
                tribes_core::export_csv_part(part, labels, self.first, self.header, names, export);
            self.header = false;
            written(out.write_all(&bytes))?;
        } else {
            let mut text = String::with_capacity(labels.len() * 3 + 16);
            for l in labels {
                text.push_str(if self.labels_written == 0 {
                    "{\"labels\":["
                } else {
                    ","
                });
                text.push_str(&l.to_string());
                self.labels_written += 1;
            }
            written(out.write_all(text.as_bytes()))?;
        }
        self.first += labels.len();
        Ok(())
    }
}

/// A write's error in words; a closed pipe (`| head`) ends the run quietly.
fn written(r: std::io::Result<()>) -> Result<(), String> {
    match r {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => Err(format!("cannot write the output: {e}")),
        Ok(()) => Ok(()),
    }
}

/// One line for stderr after a CSV: how many rows went where, and what drifted.
fn summary_line(a: &tribes_core::Applied) -> String {
    let drifted: Vec<&str> = a
        .drift
        .columns
        .iter()
        .filter(|c| c.drifted)
        .map(|c| c.column.as_str())
        .collect();
    let unseen: usize = a.unseen.iter().map(|u| u.cells).sum();
    format!(
        "tribes: {} segmented ({} skipped, {} values outside the model's categories taken as (other)); {}",
        if a.rows == 1 {
            "1 row".to_owned()
        } else {
            format!("{} rows", a.rows)
        },
        a.skipped,
        unseen,
        if drifted.is_empty() {
            "no column drifted (population stability index at most 0.2)".to_owned()
        } else {
            format!("drifted (population stability index above 0.2): {}", drifted.join(", "))
        }
    )
}

/// The reading flags given, else the model source's own reading options.
fn model_reading(read: &ReadArgs, model: &tribes_core::Model) -> Options {
    let given = read.options();
    let saved = &model.options;
    let defaults = Options::default();
    Options {
        delimiter: given.delimiter.or_else(|| saved.delimiter.clone()),
        quote: given.quote.or_else(|| saved.quote.clone()),
        header: if given.header == defaults.header {
            saved.header.clone()
        } else {
            given.header
        },
        decimal: given.decimal.or_else(|| saved.decimal.clone()),
        encoding: given.encoding.or_else(|| saved.encoding.clone()),
        ..defaults
    }
}

/// One file's customers by id under the model, read part by part.
fn keyed(
    model: &tribes_core::Model,
    file: &Path,
    id: &str,
    options: &Options,
) -> Result<tribes_core::Keyed, String> {
    let at = |e: tribes_core::Error| format!("{}: {e}", file.display());
    let model = days_counted(model.clone(), file, options, at, None)?;
    let mut applying = tribes_core::Applying::new(&model);
    let mut keyed = tribes_core::Keyed::default();
    let mut first = 0;
    each_part(file, options, at, |part| {
        let labels = applying.part(part).map_err(at)?;
        keyed.add(part, id, &labels, first).map_err(at)?;
        first += labels.len();
        Ok(())
    })?;
    Ok(keyed)
}

/// A core error as it is, for a command that reads one file.
fn plain(e: tribes_core::Error) -> String {
    e.to_string()
}

fn compare(c: &CompareArgs) -> Outcome {
    let model = load_model(&c.model)?;
    let cell = match &c.cell {
        None => None,
        Some(text) => {
            let k = model.segments.len();
            let parsed = text.split_once(',').and_then(|(a, b)| {
                Some((
                    a.trim().parse::<usize>().ok()?,
                    b.trim().parse::<usize>().ok()?,
                ))
            });
            match parsed {
                Some((a, b)) if a < k && b < k => Some((a, b)),
                _ => {
                    return Err(format!(
                        "--cell: \"{text}\" is not two segment ids FROM,TO from 0 to {}",
                        k - 1
                    ))
                }
            }
        }
    };
    let options = model_reading(&c.read, &model);
    if model.rfm.is_some() {
        return compare_orders(c, &model, &options, cell);
    }
    let id =
        c.id.as_deref()
            .ok_or("--id: give the column that names each customer in both files")?;
    let before = keyed(&model, &c.before, id, &options)?;
    let after = keyed(&model, &c.after, id, &options)?;
    if let Some((from, to)) = cell {
        let ids = tribes_core::movement_cell(&before, &after, from, to);
        return Ok(Output::Csv(tribes_core::movement_cell_csv(id, &ids)));
    }
    json(&tribes_core::compare(&model, &before, &after), c.pretty)
}

/// `tribes compare` with a model made from orders: each file's customers made, scored and
/// segmented as `apply` does, matched by the model's customer column; the movement between the
/// model's segments, and between the named RFM segments (`rfm`).
fn compare_orders(
    c: &CompareArgs,
    model: &tribes_core::Model,
    options: &Options,
    cell: Option<(usize, usize)>,
) -> Outcome {
    let customer = &model
        .rfm
        .as_ref()
        .expect("a model made from orders")
        .columns
        .customer;
    if let Some(id) = c.id.as_deref().filter(|id| id != customer) {
        return Err(format!(
            "--id {id}: the model was made from orders, whose customers are named by its customer column, {customer}"
        ));
    }
    let read = options.check(0).map_err(|e| e.to_string())?.read;
    let applied = |file: &Path| -> Result<_, String> {
        let data = read_file(file, read.clone())?;
        let at = |e: tribes_core::Error| format!("{}: {e}", file.display());
        data.apply_orders(model, None).map_err(at)
    };
    let (before, after) = (applied(&c.before)?, applied(&c.after)?);
    if let Some((from, to)) = cell {
        let (before, _) = tribes_core::keyed_orders(&before).map_err(|e| e.to_string())?;
        let (after, _) = tribes_core::keyed_orders(&after).map_err(|e| e.to_string())?;
        let ids = tribes_core::movement_cell(&before, &after, from, to);
        return Ok(Output::Csv(tribes_core::movement_cell_csv(customer, &ids)));
    }
    let movement =
        tribes_core::compare_orders(model, &before, &after).map_err(|e| e.to_string())?;
    json(&movement, c.pretty)
}

/// Where `audience` writes: stdout, one file, or one file per segment in a folder.
enum Sink {
    Stdout(std::io::BufWriter<std::io::Stdout>),
    Files(Vec<(PathBuf, std::io::BufWriter<std::fs::File>)>),
}

fn audience(a: &AudienceArgs) -> Outcome {
    let model = load_model(&a.model)?;
    let reading = model_reading(&a.read, &model);
    let model = days_counted(model, &a.file, &reading, plain, None)?;
    let mut fields = tribes_core::ByColumn::default();
    for pair in &a.fields {
        let (column, field) = pair.split_once('=').ok_or_else(|| {
            format!("--field {pair}: use COLUMN=FIELD, for example --field \"Work Email=email\"")
        })?;
        fields.insert(column.to_owned(), field.to_owned());
    }
    let options = tribes_core::AudienceOptions {
        format: a.format.clone(),
        segment: a.segment,
        country: a.country.clone(),
        include_unsubscribed: a.include_unsubscribed,
        fields,
    };
    let settings = options.check(&model).map_err(|e| e.to_string())?;
    let mut writer = tribes_core::AudienceWriter::new(&model, settings);
    let files = writer.files();
    if files.len() > 1 && a.output.is_none() {
        return Err(format!(
            "--format {}: an audience per segment goes to one file each; give --segment N for one segment on stdout, or -o FOLDER for every segment",
            a.format.trim()
        ));
    }
    if let Some(out) = &a.output {
        refuse_overwriting(out, &[&a.file, &a.model])?;
    }
    // The output is opened with the first part that has rows: a Meta file's header depends on
    // the columns found in it, and a file refused at its start leaves no empty output behind.
    let mut sink: Option<Sink> = None;
    let write =
        |sink: &mut Option<Sink>, header: &str, lines: Vec<Vec<u8>>| -> Result<(), String> {
            if sink.is_none() {
                *sink = Some(open_sink(a.output.as_deref(), &files)?);
                for out in sink_writers(sink) {
                    written(out.write_all(header.as_bytes()))?;
                }
            }
            for (out, bytes) in sink_writers(sink).into_iter().zip(lines) {
                written(out.write_all(&bytes))?;
            }
            Ok(())
        };
    each_part(&a.file, &reading, plain, |part| {
        let lines = writer.part(part).map_err(|e| e.to_string())?;
        if part.rows() > 0 || sink.is_some() {
            write(&mut sink, &writer.header(), lines)?;
        }
        Ok(())
    })?;
    // A file with no rows still gets its header.
    if sink.is_none() {
        write(&mut sink, &writer.header(), vec![Vec::new(); files.len()])?;
    }
    for out in sink_writers(&mut sink) {
        written(out.flush())?;
    }
    let summary = writer.finish();
    eprintln!("{}", audience_summary(&summary));
    Ok(Output::Nothing)
}

/// Refuses an output that is one of the files read: the user's files are only ever read.
fn refuse_overwriting(out: &Path, read: &[&Path]) -> Result<(), String> {
    let Ok(out_path) = out.canonicalize() else {
        // Not there yet: it cannot be a file that is read.
        return Ok(());
    };
    for path in read {
        if path.canonicalize().is_ok_and(|p| p == out_path) {
            return Err(format!(
                "-o {}: that is a file this command reads; write the audience to another file",
                out.display()
            ));
        }
    }
    Ok(())
}

/// Opens where the audience goes: stdout, the file -o names, or one file per segment in the
/// folder -o names (made when missing).
fn open_sink(output: Option<&Path>, files: &[(Option<usize>, String)]) -> Result<Sink, String> {
    let create = |path: &Path| {
        std::fs::File::create(path)
            .map(|f| {
                (
                    path.to_owned(),
                    std::io::BufWriter::with_capacity(1 << 16, f),
                )
            })
            .map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    match output {
        None => Ok(Sink::Stdout(std::io::BufWriter::with_capacity(
            1 << 16,
            std::io::stdout(),
        ))),
        Some(path) if files.len() == 1 => Ok(Sink::Files(vec![create(path)?])),
        Some(folder) => {
            std::fs::create_dir_all(folder)
                .map_err(|e| format!("cannot make the folder {}: {e}", folder.display()))?;
            let files = files
                .iter()
                .map(|(_, name)| create(&folder.join(name)))
                .collect::<Result<_, _>>()?;
            Ok(Sink::Files(files))
        }
    }
}

fn sink_writers(sink: &mut Option<Sink>) -> Vec<&mut dyn Write> {
    match sink {
        None => Vec::new(),
        Some(Sink::Stdout(out)) => vec![out as &mut dyn Write],
        Some(Sink::Files(files)) => files.iter_mut().map(|(_, f)| f as &mut dyn Write).collect(),
    }
}

/// One line for stderr: where every record went, and what was read.
fn audience_summary(s: &tribes_core::AudienceSummary) -> String {
    let columns: Vec<String> = s
        .columns
        .iter()
        .map(|c| format!("{} = {}", c.field.as_str(), c.column))
        .collect();
    let per_segment: Vec<String> = s
        .segments
        .iter()
        .filter(|g| g.kept > 0)
        .map(|g| format!("{} {}", g.name, g.kept))
        .collect();
    let mut text = format!(
        "tribes: {} of {} records kept{}, {} in other segments, {} left out for consent, {} left out with no usable identifier, {} skipped",
        s.kept,
        s.records,
        if per_segment.is_empty() {
            String::new()
        } else {
            format!(" ({})", per_segment.join(", "))
        },
        s.other_segments,
        s.without_consent,
        s.without_identifier,
        s.skipped,
    );
    if s.included_without_consent > 0 {
        text.push_str(&format!(
            "; {} kept without consent (--include-unsubscribed)",
            s.included_without_consent
        ));
    }
    if s.malformed_emails > 0 || s.unusable_phones > 0 {
        text.push_str(&format!(
            "; {} malformed e-mails and {} phones that could not be made international were not written",
            s.malformed_emails, s.unusable_phones
        ));
    }
    if s.format != tribes_core::AudienceFormat::Tags {
        text.push_str("; hashed (SHA-256) on this machine");
    }
    text.push_str(&format!(
        "; columns: {}",
        if columns.is_empty() {
            "none".to_owned()
        } else {
            columns.join(", ")
        }
    ));
    text
}
