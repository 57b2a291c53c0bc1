//! The one error type of tribes-core.
//!
//! Errors that come from the data say where (a `Position`: record, line, column) and what; errors
//! that come from the options name the option and the range it accepts. Both become one line on
//! the CLI's stderr and a JS `Error` in the page, so every message is a full sentence a user can
//! act on.

use thiserror::Error;

/// An option that is out of range or malformed. One variant per rejected option (and per way an
/// option can be rejected), so a test can check each.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum ParamError {
    #[error("options: unknown option \"{name}\" (known: {known})")]
    UnknownOption { name: String, known: String },
    /// The value as shown: a number, or the text in quotes.
    #[error("option k (--k): {0} is out of range; use an integer from 2 to 50, or \"auto\"")]
    K(String),
    /// A k that is not a whole number (2.5, "many", ""): it is not out of range, it is no count.
    #[error("option k (--k): {0} is not a whole number; use an integer from 2 to 50, or \"auto\"")]
    KNotWhole(String),
    #[error("option kMin (--k-min): {0} is out of range; use an integer from 2 to 50")]
    KMin(f64),
    #[error("option kMax (--k-max): {0} is out of range; use an integer from 2 to 50")]
    KMax(f64),
    /// Each in range, but crossed: the message names both, with the values in force.
    #[error("options kMin and kMax: kMin (--k-min) {k_min} is above kMax (--k-max) {k_max}; the smallest k tried must be at most the largest")]
    KMinAboveKMax { k_min: u64, k_max: u64 },
    #[error("option sampleRows (--sample-rows): {0} is out of range; use an integer from 100 to 1000000")]
    SampleRows(f64),
    #[cfg(feature = "full-report")]
    #[error("option sample (--sample): {0} is out of range; use the share of rows to keep, above 0 and at most 1 (0.25 keeps one row in four)")]
    Sample(f64),
    /// The embeddable element's build reads every row of its inline text.
    #[cfg(not(feature = "full-report"))]
    #[error("option sample: this build reads every row (it was built without the `full-report` feature)")]
    NoSample,
    #[error("option silhouetteRows (--silhouette-rows): {0} is out of range; use an integer from 100 to 20000")]
    SilhouetteRows(f64),
    #[error("option seed (--seed): {0} is out of range; use an integer from 0 to 4294967295")]
    Seed(f64),
    #[error("option nInit (--n-init): {0} is out of range; use an integer from 1 to 100")]
    NInit(f64),
    #[error("option maxIter (--max-iter): {0} is out of range; use an integer from 1 to 10000")]
    MaxIter(f64),
    #[error("option tol (--tol): {0} is out of range; use a number of 0 or more")]
    Tol(f64),
    #[error("option scale (--scale): \"{0}\" is not one of zscore, robust, none")]
    Scale(String),
    #[error("option init (--init): \"{0}\" is not one of kmeans++, first")]
    Init(String),
    #[error("option {option}: there is no column named \"{name}\" (columns are: {available})")]
    UnknownColumn {
        option: &'static str,
        name: String,
        available: String,
    },
    #[error("option {option}: column \"{name}\" is {kind}, and identifiers, dates and free text are not segmented on (set its kind to categorical or numeric if it should be)")]
    NotUsable {
        option: &'static str,
        name: String,
        kind: String,
    },
    #[error("option roles (--role): \"{role}\" for column \"{column}\" is not one of feature, derived, identifier, personal, owner, outcome, sparse")]
    Role { column: String, role: String },
    #[error("option roles (--role): column \"{column}\" is {kind}, and a {kind} column cannot be a {role} (feature takes numeric, ordinal, boolean and categorical columns; derived takes dates)")]
    RoleKind {
        column: String,
        role: &'static str,
        kind: &'static str,
    },
    #[error("option roles (--role): column \"{column}\" holds personal data ({evidence}), which never forms segments or shows in results, so it cannot be {role}; if that is wrong and the column holds no names, addresses, e-mails or phone numbers, rename it to say what it holds")]
    PersonalRole {
        column: String,
        role: &'static str,
        evidence: String,
    },
    #[error("option {option}: column \"{name}\" is {role}, and {role} columns are not segmented on (give it the role feature with roles, --role, if it should be)")]
    RoleNotUsable {
        option: &'static str,
        name: String,
        role: String,
    },
    #[error("option lens (--lens): \"{0}\" is not one of auto, behaviour, firmographics, location, demographics")]
    Lens(String),
    #[error("option stem (--stem): this build has no stemming (it was built without the `stem` feature)")]
    Stem,
    #[error("option textWeight (--text-weight): {0} is out of range; use a number from 0 to 10")]
    TextWeight(f64),
    #[error("options: textWeight (--text-weight) needs textColumns (--text-columns): the text to segment on")]
    TextWeightWithoutText,
    #[error("options: keywords needs a text column (textColumns, --text-column)")]
    KeywordsWithoutText,
    #[error("option top (--top): {0} is out of range; use an integer from 1 to 100")]
    Top(f64),
    #[error("option log (--log): \"{0}\" is not one of auto, all, none")]
    Log(String),
    #[error("option kinds (--kind): \"{kind}\" for column \"{column}\" is not one of numeric, ordinal, boolean, date, categorical, text, identifier")]
    Kind { column: String, kind: String },
    #[error("option delimiter (--delimiter): \"{0}\" cannot separate fields: give one ASCII character that is not a letter, a digit or a quote (or tab, comma, semicolon, pipe, space)")]
    Delimiter(String),
    #[error("option quote (--quote): \"{0}\" is not \" or '")]
    Quote(String),
    #[error("option header (--header): \"{0}\" is not one of auto, yes, no")]
    Header(String),
    #[error("option decimal (--decimal): \"{0}\" is not . or ,")]
    Decimal(String),
    #[error("option decimal (--decimal): \"{0} (it is also the delimiter)\" is not . or ,")]
    DecimalIsDelimiter(char),
    #[cfg_attr(
        feature = "encoding-labels",
        error("option encoding (--encoding): \"{0}\" is not an encoding label this program knows (try utf-8, windows-1252, latin1, utf-16le, utf-16be)")
    )]
    #[cfg_attr(
        not(feature = "encoding-labels"),
        error(
            "option encoding (--encoding): \"{0}\" is not utf-8, and this build reads UTF-8 only"
        )
    )]
    Encoding(String),
    #[error("option asOf (--as-of): \"{0}\" is not a date (write it as 2024-12-31)")]
    AsOf(String),
    #[error("option asOf (--as-of): {as_of} is before the file's last order, {last}")]
    AsOfBeforeLastOrder { as_of: String, last: String },
    /// `join` not of the form `CUSTOMERS_COLUMN=ORDERS_COLUMN`. The join and its errors are the
    /// feature `full-report`'s: the embeddable element reads one file, and its size budget has
    /// no room for their messages.
    #[cfg(feature = "full-report")]
    #[error("option join (--join): \"{0}\" is not CUSTOMERS_COLUMN=ORDERS_COLUMN; for example Email=Email")]
    Join(String),
    /// A column `join` names that its file does not have.
    #[cfg(feature = "full-report")]
    #[error("option join (--join): the {file} file has no column named \"{name}\" (columns are: {available})")]
    JoinColumn {
        /// `customers` or `orders`.
        file: &'static str,
        name: String,
        available: String,
    },
    #[error("rfm: no customer column was found; name it with customer (--customer)")]
    NoCustomerColumn,
    #[error("rfm: no date column was found; name it with date (--date)")]
    NoDateColumn,
    #[error("rfm: no amount column was found; name it with amount (--amount), or quantity and price (--quantity, --price)")]
    NoAmountColumn,
    #[error("option segment: {segment} is not a segment id; the segments are 0 to {}", .k.saturating_sub(1))]
    ExportSegment { segment: f64, k: usize },
    #[error("option sheet (--sheet): the sheet's name is empty; give a sheet's name as the workbook shows it")]
    EmptySheet,
    #[error("option entry (--entry): the file's name is empty; give the name of a CSV file in the archive")]
    EmptyEntry,
    #[error("option sheet (--sheet): the workbook has no sheet named \"{name}\" with data (sheets with data: {available})")]
    NoSuchSheet { name: String, available: String },
    #[error("option entry (--entry): the archive has no CSV file named \"{name}\" (its CSV files: {available})")]
    NoSuchEntry { name: String, available: String },
    #[cfg(feature = "audience")]
    #[error("option format (--format): \"{0}\" is not one of google, meta, tags")]
    AudienceFormat(String),
    #[cfg(feature = "audience")]
    #[error("option segment (--segment): {segment} is not a segment of the model (its ids are 0 to {})", .k - 1)]
    AudienceSegment { segment: f64, k: usize },
    #[cfg(feature = "audience")]
    #[error("option country (--country): \"{0}\" is not a country with phone numbers; write its ISO 3166 code, such as US, GB or DE")]
    AudienceCountry(String),
    #[cfg(feature = "audience")]
    #[error("option fields (--field): \"{field}\" for column \"{column}\" is not one of email, phone, first-name, last-name, city, state, zip, country, birth-year, gender, consent, opt-out, none")]
    AudienceField { column: String, field: String },
}

/// Everything that can stop an analysis.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum Error {
    #[error(transparent)]
    Param(#[from] ParamError),
    #[error("the file is empty")]
    Empty,
    #[error("the file has a header row but no data rows")]
    NoRows,
    #[error("line {}, field {}: invalid {encoding} text; the start of the file read as {encoding}, so choose the file's encoding (for example windows-1252) or save it as UTF-8", .position.line, .position.field())]
    NotUtf8 {
        position: Position,
        encoding: String,
    },
    #[error("{0}")]
    NotText(String),
    #[error("line {}: {message}", .position.line)]
    Csv { position: Position, message: String },
    #[error("row {}, column \"{column}\": \"{value}\" is not a number{}", .position.row(), more_cells(*.more))]
    NotANumber {
        position: Position,
        /// The column's name.
        column: String,
        value: String,
        /// Further cells of the column that are not numbers either.
        more: usize,
    },
    #[error("row {}, column \"{column}\": \"{value}\" is not {expected}{}", .position.row(), more_cells(*.more))]
    NotOfKind {
        position: Position,
        /// The column's name.
        column: String,
        value: String,
        expected: &'static str,
        more: usize,
    },
    #[error("no column to segment on: {0}")]
    NoFeatures(String),
    /// Every row of the file was skipped while reading (a header one field short, say): there is
    /// nothing to segment, whatever the columns.
    #[error("no row is left to segment: every row was skipped ({}; the first, row {} at line {}: {}); see the skipped rows for each one's reason", rows(*.skipped), .row, .line, .reason)]
    EveryRowSkipped {
        skipped: usize,
        /// The first skipped row: its number, its line and why it was skipped.
        row: u64,
        line: u64,
        reason: String,
    },
    #[error("only {}, and k = {k} segments need at least {k}", usable_rows(*.rows))]
    TooFewRows { rows: usize, k: usize },
    #[error(
        "only {}: choosing the number of segments needs at least {needed}{}", usable_rows(*.rows),
        if *.rows >= 2 { "; give k (--k 2)" } else { "" }
    )]
    TooFewRowsForAuto { rows: usize, needed: usize },
    #[error(
        "line {line}: a quote opened there is never closed, so the rest of the file was read into one cell, leaving only {}: close the quote, or take it out of the file", usable_rows(*.rows)
    )]
    QuoteNeverClosed { line: u64, rows: usize },
    #[error(
        "only {} among the {rows} in the columns segmented on, and k = {k} segments need at least {k} (k = auto never makes more segments than different rows)", different_rows(*.distinct)
    )]
    TooFewDistinctRows {
        rows: usize,
        distinct: usize,
        k: usize,
    },
    #[error("rfm: no row has a customer, a date and an amount ({} skipped; the first: {first})", rows(*.skipped))]
    NoOrderRows { skipped: usize, first: String },
    /// A customer's total too large for a number, named where the orders file has it (the
    /// per-customer table it would have gone into is the program's, not the user's).
    #[error("rfm: row {row}, column \"{column}\": customer \"{customer}\"'s total passes the largest number a total can hold (about 1.8e308) here; check the amounts")]
    TotalOverflow {
        row: u64,
        column: String,
        customer: String,
    },
    /// No column of a customers file holds the customers of its orders file.
    #[cfg(feature = "full-report")]
    #[error("join: no column of the customers file matches the customers of the orders file (tried {tried}); name the pair with join (--join CUSTOMERS_COLUMN=ORDERS_COLUMN)")]
    NoJoinKey { tried: String },
    /// A model made from a customers file joined with its orders, applied to one file.
    #[cfg(feature = "full-report")]
    #[error("the model was made from a customers file joined with its orders file (key {key}), and tribes apply reads one file: segment next month's pair again with tribes analyze CUSTOMERS --orders ORDERS")]
    JoinedModel { key: String },
    /// A model made from orders, applied to a file that is not its customers' table.
    #[cfg(feature = "full-report")]
    #[error("the model was made from an orders file (customers by {customer}): apply it to another orders file with tribes apply M.tribes.json ORDERS, which makes the customers as the model's were")]
    OrdersModel { customer: String },
    /// A model made from orders, applied to a file without the orders' columns it was made from.
    #[cfg(feature = "full-report")]
    #[error("the model was made from an orders export (customers by {customer}, dated by {date}): this file has no column {missing:?}, so it is not such an export; give it next month's orders export")]
    NotOrders {
        customer: String,
        date: String,
        missing: String,
    },
    /// A model file that cannot be used: what is wrong with it, and where.
    #[error("model: {0}")]
    BadModel(String),
    /// A file that lacks columns the model needs.
    #[error("the file has no column {}, which the model needs (the file's columns: {available})", quoted(.missing))]
    ModelColumns {
        missing: Vec<String>,
        available: String,
    },
    /// A model that would carry personal data.
    #[error("the segments were formed on columns that hold personal data ({}); a model file would carry their values, so it is not written: leave them out (exclude) and segment again", .columns.join(", "))]
    PersonalInModel { columns: Vec<String> },
    #[error("column \"{column}\": {value} is too large to segment on with scale {scale} (distances between rows would overflow); {advice}")]
    TooLarge {
        column: String,
        value: String,
        scale: &'static str,
        /// What to do instead: another scale, or leaving the column out.
        advice: &'static str,
    },
    /// A file with more columns than the analysis takes (`util::limits::MAX_COLUMNS`).
    #[error("the file has {} columns, over the limit of {}: every column is typed and measured against the others, so save only the columns to segment on (the limit guards the memory and time of that step)", count(*.columns), count(*.limit))]
    TooManyColumns { columns: usize, limit: usize },
    /// Features with more dimensions than the analysis takes (`util::limits::MAX_DIMENSIONS`).
    #[error("the columns chosen make {} dimensions to segment on (a number is one, each category value kept one, each list item one, a text column five), over the limit of {}: choose fewer columns (columns, exclude) or a lens", count(*.dimensions), count(*.limit))]
    TooManyDimensions { dimensions: usize, limit: usize },
    /// A file larger than the reader holds (`util::limits::MAX_FILE_BYTES`), known from its size
    /// before it is read.
    /// The embeddable element's build has no `sample` option to suggest.
    #[cfg_attr(feature = "full-report", error("the file is {}, over the limit of {} for a file read whole{}: segment a sample of its rows (sample, --sample {})", crate::util::limits::size_text(*.bytes), crate::util::limits::size_text(*.limit), where_limit(), sample_text(*.fits)))]
    #[cfg_attr(not(feature = "full-report"), error("the file is {}, over the limit of {}: segment fewer rows", crate::util::limits::size_text(*.bytes), crate::util::limits::size_text(*.limit)))]
    FileTooLarge {
        bytes: u64,
        limit: u64,
        /// The share of rows that would fit.
        fits: f64,
    },
    /// An analysis whose memory estimate (`util::limits::analysis_bytes`) is over the budget.
    #[cfg_attr(feature = "full-report", error("segmenting {} rows on {} dimensions needs about {} of memory with the file held, over the limit of {}: segment a sample of the rows (sample, --sample {}), or fewer columns", count(*.rows), count(*.dimensions), crate::util::limits::size_text(*.needed), crate::util::limits::size_text(*.limit), sample_text(*.fits)))]
    #[cfg_attr(not(feature = "full-report"), error("segmenting {} rows on {} dimensions needs about {} of memory with the file held, over the limit of {}: segment fewer rows or columns", count(*.rows), count(*.dimensions), crate::util::limits::size_text(*.needed), crate::util::limits::size_text(*.limit)))]
    TooLargeForMemory {
        rows: usize,
        dimensions: usize,
        needed: u64,
        limit: u64,
        /// The share of rows that would fit.
        fits: f64,
    },
    #[error("cancelled")]
    Cancelled,
    /// An error in one sheet of a workbook or one file of an archive: `place` names it
    /// (`sheet "Customers"`, `cleaned_members.csv`), and the row of `error` counts in it.
    #[error("{place}, {error}")]
    In { place: String, error: Box<Error> },
    /// A workbook or an archive that cannot be read, or is over a limit; the message says which.
    #[error("{0}")]
    Container(String),
    /// A workbook or archive whose reading broke on damage no check foresaw (a panic of the
    /// workbook library, caught where panics unwind). The fuzz targets treat it as a finding.
    #[error("the file looks like a workbook or a ZIP archive but is damaged where it could not be read; open it and save it again, or save the sheet as CSV")]
    Damaged,
    /// A file in which no column holds what an audience format matches on.
    #[cfg(feature = "audience")]
    #[error("audience ({format}): no column of the file holds {needs} (its columns: {available}); name one with fields (--field COLUMN=email)")]
    NoContactColumns {
        format: &'static str,
        needs: &'static str,
        available: String,
    },
    /// A model the SQL cannot score as `tribes apply` does, or a bad SQL option: what, and the
    /// column when there is one.
    #[cfg(feature = "sql")]
    #[error("sql: {0}")]
    Sql(String),
    /// An audience too large to make in memory.
    #[cfg(feature = "audience")]
    #[error("audience: the files would take about {megabytes} MB, more than the page makes in memory (1,000 MB); make them with the tribes command, which writes as it reads")]
    TooLargeAudience { megabytes: usize },
}

fn count(n: usize) -> String {
    crate::util::limits::count_text(n as u64)
}

/// Where the file-size limit comes from, for its message.
#[cfg(feature = "full-report")]
fn where_limit() -> &'static str {
    if cfg!(target_pointer_width = "32") {
        " in the page (its worker has 4 GB of memory for the file and its analysis)"
    } else {
        ""
    }
}

/// A share of rows to sample, rounded down to two significant digits so that it fits.
#[cfg(feature = "full-report")]
fn sample_text(fits: f64) -> String {
    crate::util::limits::sample_share(fits).to_string()
}

/// Names in quotes, joined with commas and a final "and".
fn quoted(names: &[String]) -> String {
    let q: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    match q.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

impl Error {
    /// Where in the file the error is, for an error that comes from the data.
    pub fn position(&self) -> Option<&Position> {
        match self {
            Error::NotUtf8 { position, .. }
            | Error::Csv { position, .. }
            | Error::NotANumber { position, .. }
            | Error::NotOfKind { position, .. } => Some(position),
            Error::In { error, .. } => error.position(),
            _ => None,
        }
    }
}

impl Error {
    /// The position of an error from the data, to renumber it in its sheet or archive file.
    pub(crate) fn position_mut(&mut self) -> Option<&mut Position> {
        match self {
            Error::NotUtf8 { position, .. }
            | Error::Csv { position, .. }
            | Error::NotANumber { position, .. }
            | Error::NotOfKind { position, .. } => Some(position),
            _ => None,
        }
    }
}

/// Where in the file an error is (as rust-csv's `Position`): the data record (1-based, the header
/// not counted; none for the header itself), the line the record starts on (1-based), and the
/// column (0-based) when the error is about one field.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Position {
    pub record: Option<u64>,
    pub line: u64,
    pub column: Option<usize>,
}

impl Position {
    /// The record as messages number it ("row 14").
    pub fn row(&self) -> u64 {
        self.record.unwrap_or(0)
    }

    /// The column as messages number it ("field 2"): 1-based.
    pub fn field(&self) -> usize {
        self.column.map_or(0, |c| c + 1)
    }
}

/// "1 usable row", "4 usable rows".
fn usable_rows(n: usize) -> String {
    format!("{n} usable row{}", if n == 1 { "" } else { "s" })
}

/// "1 row", "4 rows".
fn rows(n: usize) -> String {
    format!("{n} row{}", if n == 1 { "" } else { "s" })
}

/// "1 different row", "4 different rows".
fn different_rows(n: usize) -> String {
    format!("{n} different row{}", if n == 1 { "" } else { "s" })
}

fn more_cells(more: usize) -> String {
    match more {
        0 => String::new(),
        1 => " (and 1 more cell)".into(),
        n => format!(" (and {n} more cells)"),
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
