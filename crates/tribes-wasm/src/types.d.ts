// The types of what the wasm module takes and returns, for TypeScript; wasm-bindgen appends them to
// the generated `.d.ts`. The options are `Options`; the results follow the Rust types they are
// serialized from (`docs/result.schema.json` is generated from the same types, and a test in
// xtask holds the interfaces here to its properties), with the per-row arrays as typed arrays.

/**
 * The options of every function: camelCase, as the README's table lists them with their ranges
 * and defaults (`defaultOptions()` gives the defaults). Each function reads the ones it needs; a
 * misspelt name is refused.
 */
export interface Options {
  /** A number of segments from 2 to 50, or "auto". */
  k?: number | "auto";
  kMin?: number;
  kMax?: number;
  sampleRows?: number;
  silhouetteRows?: number;
  /** 0 to 4294967295; drawn, then reported, when absent. */
  seed?: number;
  columns?: string[];
  exclude?: string[];
  /** "zscore", "robust" or "none". */
  scale?: string;
  /** "auto", "all" or "none". */
  log?: string;
  /** "kmeans++" or "first". */
  init?: string;
  nInit?: number;
  tol?: number;
  maxIter?: number;
  /** Kinds by column name: `{ zip: "categorical" }`. */
  kinds?: { [column: string]: string };
  /** Roles by column name: `{ Churn: "feature" }`; one of feature, derived, identifier, personal, owner, outcome, sparse. */
  roles?: { [column: string]: string };
  /** "auto" (every column that carries structure), "behaviour", "firmographics", "location" or "demographics". */
  lens?: string;
  textColumns?: string[];
  stopWords?: string[];
  stem?: boolean;
  textWeight?: number;
  /** Keywords: group by this column's values instead of by segment. */
  by?: string;
  top?: number;
  /** Reading: a character, or "tab", "comma", "semicolon", "pipe". */
  delimiter?: string;
  quote?: string;
  /** Reading: "auto", "yes" or "no". */
  header?: string;
  decimal?: string;
  encoding?: string;
  /** Reading a workbook: the sheet to read; the first sheet with data when absent. */
  sheet?: string;
  /** Reading a ZIP archive: the CSV file to read; when absent, an audience export's files are joined, or the first CSV file is read. */
  entry?: string;
  /** Reading: the share of the file's rows to keep (0 to 1), a sample spread over the whole file; every row when absent. For a file too large to segment whole. Not in the embeddable element's build, which refuses it. */
  sample?: number;
  /** Orders (`rfm`): the customer id column; detected when absent. */
  customer?: string;
  /** Orders: the order date column. */
  date?: string;
  /** Orders: the amount column; or `quantity` times `price`. */
  amount?: string;
  quantity?: string;
  price?: string;
  /** Orders: the order id column. */
  order?: string;
  /** Recency (orders) and days since a date (derived columns) are counted to this date (default: the file's last date). */
  asOf?: string;
  /** Joining an orders file onto a customers file: `CUSTOMERS_COLUMN=ORDERS_COLUMN` (default: the identifier or e-mail pair that matches best on both files). */
  join?: string;
  /** Inspecting: every row as strings too. */
  rows?: boolean;
}

/** Called during the work with the stage ("read", "aggregate", "choose-k", "fit", "profile") and
 * how far through it (0 to 1); returning `false` stops the work with an error "cancelled". */
export type ProgressCallback = (stage: string, fraction: number) => boolean | void;

/** The names the core owns: every column kind, the kinds that can form segments, the stages, the roles a user can set, the lenses, the file formats read. */
export interface Vocabulary {
  kinds: Kind[];
  featureKinds: Kind[];
  stages: string[];
  /** The roles a user can give a column. */
  roles: Role[];
  /** The roles whose columns never show: the only roles a column found personal can be given. */
  hiddenRoles: Role[];
  /** "auto", then the four lenses. */
  lenses: string[];
  /** The files this build reads, as `input.source.format` names them: "csv" and "text", and in
   * the site's build "xlsx", "xlsb", "xls", "ods" and "zip". */
  formats: string[];
}

/** What `rfm` returns: the customers and named segments, and their k-means segments (null when
 * there are too few customers for k-means). */
export interface RfmAnalysis {
  rfm: RfmResult;
  segments: AnalysisResult | null;
}

/** The page's RFM step: the customers as CSV (to read as the next file), the summary (its
 * `customers` empty), and the options their k-means segments take. */
export interface RfmTable {
  rfm: RfmResult;
  csv: Uint8Array;
  segmentOptions: Options;
  /** How the customers were made and scored (a model's `rfm`): give it to `Session.model` of
   * their segments, so that the model applies to next month's orders. */
  rfmModel: unknown;
}

/** What `Session.join` returns: the customers file with the columns its orders added, and what
 * the join did. */
export interface JoinedFile {
  /** The joined table, as `finish` describes a file read. */
  inspection: Inspection;
  join: JoinReport;
}

/** Whether a file is one row per order, and the columns that say so. */
export interface RfmGuess {
  transactions: boolean;
  customer: string | null;
  date: string | null;
  amount: string | null;
  quantity: string | null;
  price: string | null;
  order: string | null;
  /** The amount refunded of each order, netted out of its amount. */
  refunded: string | null;
  /** The order's or payment's status: rows whose status is in `not_orders` are not orders. */
  status: string | null;
  /** Statuses (folded: lower case, letters and digits only) of rows that are not orders. */
  not_orders: string[];
  /** The amount is the order's total, written on its first line only. */
  per_order: boolean;
  evidence: string;
}

/** How `Session.exportCsv` writes the file with its segments. */
export interface ExportOptions {
  /** The segments' names, as the user edited them (the suggested ones when absent). */
  names?: string[];
  /** Start with a UTF-8 byte-order mark (Excel). */
  bom?: boolean;
  /** Only this segment's rows. */
  segment?: number;
}

/** What `analyze` returns. The embeddable element's build returns only what its cards show:
 * `input`, `k`, `seed`, `labels` and `segments`. */
export interface AnalysisResult {
  columns: ColumnInfo[];
  input: InputSummary;
  /** The number of segments fitted. */
  k: number;
  /** Every k tried by `k = auto` with its scores; empty when k was given. */
  k_selection: KScore[];
  /** One label per data record in file order: the segment id, or -1 for a skipped record. */
  labels: Int32Array;
  metrics: Metrics;
  /** The options after validation, with the seed filled in: enough to reproduce the run. Not in the embeddable element's build. */
  options?: Settings;
  /** The rows on a 2-D map of the features (principal components). Not in the embeddable element's build. */
  projection?: Projection;
  /** The verdict on the whole result (clear, some or weak structure) and the figures behind it; absent until the stability stage has run. Not in the embeddable element's build. */
  quality?: Quality | null;
  /** The seed used; give it back as the `seed` option to repeat this run exactly. */
  seed: number;
  segments: Segment[];
  /** How clearly the rows fall into segments, as `k = auto` judged it; absent when k was given. */
  structure: Structure | null;
  /** What the user should know about the segments' structure, in a sentence, when it is not `clear`. */
  structure_note: string | null;
  /** Each text column named in `textColumns`, as a whole (each segment's own terms are in its `keywords`). Not in the embeddable element's build. */
  text?: TextSummary[];
  /** The lens segments were formed through, the columns it used, and the columns each lens would use. */
  lens: LensReport;
  /** When a customers file was joined with its orders file: the key, the match rates and where every row of both files went. Not in the embeddable element's build. */
  join?: JoinReport;
}

/** What joining an orders file onto a customers file did. */
export interface JoinReport {
  /** The key used, with its match rates. */
  key: KeyPair;
  /** `given` (the option `join`) or `measured`. */
  chosen: string;
  /** The pairs measured, best first (empty when the key was given). */
  candidates: KeyPair[];
  /** The orders file's columns the figures were read from. */
  columns: RfmColumns;
  /** ISO date the days since an order are counted to. */
  as_of: string;
  /** The columns added to the customers file. */
  added: string[];
  /** Rows of the customers file: matched + never_ordered + without_key. */
  customers: number;
  matched: number;
  never_ordered: number;
  without_key: number;
  duplicate_keys: number;
  /** How customers with no order are treated, in words. */
  never_ordered_note: string;
  orders: OrdersAccount;
  warnings: string[];
}

/** A customers column and an orders column, and how well their values match on each side. */
export interface KeyPair {
  customers: string;
  orders: string;
  /** Share of the customers whose key is among the orders' customers. */
  customers_matched: number;
  /** Share of the orders whose customer is in the customers file. */
  orders_matched: number;
}

/** Where each row of the orders file went: records = joined + unmatched + skipped. */
export interface OrdersAccount {
  records: number;
  joined: number;
  unmatched: number;
  skipped: number;
  unmatched_customers: number;
  unmatched_rows: Skipped[];
  skipped_rows: Skipped[];
}

/** The lens used, and the columns each lens would take. */
export interface LensReport {
  /** `auto`, `behaviour`, `firmographics`, `location` or `demographics`. */
  name: string;
  /** The columns the segments were formed on. */
  columns: string[];
  /** Every lens with at least one column: the columns it would segment on. */
  available: LensColumns[];
}

export interface LensColumns {
  name: string;
  columns: string[];
}

export type Lens = "behaviour" | "firmographics" | "location" | "demographics";

/** An outcome column in one segment: "churn 49% against 26% overall". */
export interface Outcome {
  column: string;
  /** Share of the segment's rows with a value that have it, from 0 to 1. */
  share: number;
  /** The same for all rows. */
  overall: number;
  text: string;
  /** The value counted (yes, 1, or a category's rarest value). */
  value: string;
}

export interface ColumnValue {
  column: string;
  value: string;
}

/** A categorical column's most frequent values in one segment (for a list column, its items, each a share of the segment's rows holding it). */
export interface CategoryStat {
  column: string;
  values: CategoryValue[];
}

export interface CategoryValue {
  count: number;
  /** 100 x segment share / overall share (100 = as common as everywhere). */
  lift: number;
  /** Share of the segment's rows with this value, from 0 to 1. */
  share: number;
  value: string;
}

/** How tight a segment is. */
export interface Cohesion {
  /** Sum of squared distances of its rows to its centre, in scaled units. */
  inertia: number;
  /** inertia / size: comparable between segments; lower is tighter. */
  mean_squared_distance: number;
  /** Mean silhouette of its rows in the scored sample, from -1 to 1 (higher: better separated). */
  silhouette: number | null;
}

export interface ColumnInfo {
  evidence: string;
  /** For a feature: how it was encoded, imputed and transformed. */
  feature?: FeatureInfo;
  /** Present cells that do not fit the kind (imputed, for a feature). */
  invalid: number;
  kind: Kind;
  /** For a list column: the character its items are separated by. */
  separator?: string;
  /** Missing cells (imputed, for a feature). */
  missing: number;
  name: string;
  role: Role;
  /** Why the column has its part in the analysis (its role), in words: "personal: e-mail addresses...", "left out: no link with any other column...". */
  role_evidence: string;
  /** The lens its name places it in. */
  lens: Lens;
  /** The other columns of its concept, when one nearly determines the other (city, region, country): they weigh as one. */
  concept?: string[];
}

export interface ColumnSchema {
  /** For a date column: the order of day, month and year. */
  date_format?: DateFormat;
  /** Distinct present values. */
  distinct: number;
  /** Why the column got its kind, in words. */
  evidence: string;
  /** Up to five distinct values, in file order. */
  examples: string[];
  /** Present cells that do not fit the kind (for example "abc" in a numeric column); they are treated as missing. */
  invalid: number;
  kind: Kind;
  /** For an ordinal column: its values from the lowest band to the highest. */
  levels?: string[];
  /** Cells that are empty or a missing marker (NA, N/A, null, NaN, -, ?, none). */
  missing: number;
  name: string;
  /** The kind was set by the user, not detected. */
  overridden?: boolean;
  /** For a list column: the character its items are separated by. */
  separator?: string;
  /** What the column is for: `feature`, `derived`, `identifier`, `personal`, `owner`, `outcome`, `sparse` (or `ignored`: free text, nothing to use). */
  role: Role;
  /** Why the column has its role, in words. */
  role_evidence: string;
  /** The lens its name places it in: behaviour, firmographics, location or demographics. */
  lens: Lens;
}

/** One customer's behaviour. */
export interface CustomerRfm {
  customer: string;
  f: number;
  /** ISO dates of the first and last order. */
  first_order: string;
  frequency: number;
  last_order: string;
  m: number;
  /** Net total per order (the total when the customer has only returns). */
  monetary_mean: number;
  monetary_total: number;
  /** The other columns: the most frequent value, the mean (numbers) or the texts joined (free text), in the order of `RfmResult::other_columns`. */
  other: string[];
  r: number;
  recency_days: number;
  /** The named segment of the R and F scores. */
  segment: string;
  tenure_days: number;
}

/** How a date column writes its dates. */
export type DateFormat = "YMD" | "DMY" | "MDY" | "YYYYMMDD" | "serial";

export type Direction = "more" | "high" | "low";

/** How one table column became feature columns. */
export interface FeatureInfo {
  /** Columns of the feature matrix this column became. */
  dims: number;
  /** Cells imputed: missing, or present but not fitting the kind. */
  imputed: number;
  /** What they were imputed with, in words ("median 120", "most frequent \"SaaS\""). */
  imputed_with: string;
  /** `log1p` when the column was log-transformed before scaling. */
  transform?: string;
  /** For a categorical column: the encoded values, most frequent first ("(other)" last); for a list column, its items. */
  values?: string[];
  /** For a categorical or list column: the weight of its indicators. */
  weight?: number;
}

export type Init = "kmeans++" | "first";

export interface InputSummary {
  /** Bytes read. */
  bytes: number;
  columns: number;
  /** The decimal mark of numbers: "." or ",". */
  decimal: string;
  /** The delimiter as a character (a tab is "\t"). */
  delimiter: string;
  encoding: string;
  /** The known export the headers are (Shopify orders, HubSpot contacts...), with the meaning of its columns; absent when the file is none of them, and in the embeddable element's build. */
  format?: FormatMatch;
  /** Whether the first row named the columns (when not, they are column_1, column_2, ...). */
  header: boolean;
  line_ending: LineEnding;
  /** Rows with fewer fields than the header, padded with empty cells. */
  padded: number;
  quote: string;
  /** Data records in the file (the header excluded): `rows` + skipped. */
  records: number;
  /** Records used. */
  rows: number;
  skipped: Skipped[];
  /** The kind of file, and the sheet or archive file read. */
  source: Source;
  /** What the user should know that did not stop the read. */
  warnings: string[];
}

/** A file recognised as a known export. */
export interface FormatMatch {
  /** The file's columns the format documents, in the file's order, with their meaning. */
  columns: KnownColumn[];
  /** `matched / documented`. */
  confidence: number;
  documented: number;
  /** In words: `Shopify orders export`. */
  label: string;
  /** The recognition in words: `Shopify orders export: customer = Email, date = Created at, amount = Total per order, order = Name`. */
  mapping: string;
  /** The format's documented columns found in the file, of `documented`. */
  matched: number;
  /** The format's id: `shopify-orders`. */
  name: string;
  /** For an orders format: the columns that make its orders. */
  orders?: OrderColumns;
  shape: Shape;
  /** Where the platform documents the layout. */
  source: string;
}

/** A column of the file that a known format documents. */
export interface KnownColumn {
  /** The file's header. */
  column: string;
  /** The header as the platform documents it. */
  documented: string;
  /** What the column holds: `email`, `order_total`, `last_activity`... (docs/result.schema.json lists them). */
  meaning: string;
  topic: Topic;
}

/** The columns of an orders format's file that make its orders, as the file names them. */
export interface OrderColumns {
  amount?: string;
  customer?: string;
  date?: string;
  /** Statuses of rows that are not orders (folded: lower case, letters and digits only). */
  not_orders: string[];
  order?: string;
  /** The amount is the order's total (counted once per order). */
  per_order: boolean;
  refunded?: string;
  status?: string;
}

/** What one row of a known export is. */
export type Shape = "people" | "orders";

/** The kind of information a known column is. */
export type Topic = "personal" | "identifier" | "location" | "firmographic" | "owner" | "activity" | "behaviour" | "consent" | "stage" | "outcome" | "tags" | "note" | "order" | "other";

/** What `inspect` returns: what was read and understood, before any analysis. */
export interface Inspection {
  columns: ColumnSchema[];
  input: InputSummary;
  /** With `--rows`: every kept row, as decoded strings. */
  rows?: string[][];
}

/** One candidate k and how well it did. */
export interface KScore {
  /** BIC of k spherical Gaussians with one shared variance on the fitted sample; higher is better. */
  bic: number | null;
  /** Calinski-Harabasz index on the fitted sample; higher is better. */
  calinski_harabasz: number | null;
  /** Davies-Bouldin index on the fitted sample; lower is better. */
  davies_bouldin: number | null;
  /** Inertia on the sample the sweep fitted. */
  inertia: number;
  k: number;
  /** Prediction strength, from 0 to 1 (0.8 or more: the segments come back on split halves); absent for the ks the rule did not need. */
  prediction_strength: number | null;
  /** Mean silhouette on the scored sample, from -1 to 1; higher is better. */
  silhouette: number | null;
}

/** How clearly the rows fall into segments: `clear`, `unstable` (no k's segments come back on split halves), `weak` (no segment structure) or `identical` (every row the same). */
export type Structure = "clear" | "unstable" | "weak" | "identical";

/** The distinctive terms of one group (a segment, or a value of a column). */
export interface KeywordGroup {
  group: string;
  /** Rows in the group. */
  size: number;
  terms: Term[];
}

/** The distinctive terms of one text column in one segment. */
export interface KeywordSet {
  column: string;
  terms: Term[];
}

/** What `keywords` returns: one text column's distinctive terms per group. */
export interface KeywordsResult {
  /** What the groups are: `segment` (k-means segments, found with the other options), or the name of the column whose values they are. */
  by: string;
  groups: KeywordGroup[];
  input: InputSummary;
  overall: TextSummary;
  /** With `by` = `segment`: the seed of the segmentation (give it back to repeat it). */
  seed?: number;
}

export type Kind = "numeric" | "ordinal" | "boolean" | "date" | "categorical" | "list" | "text" | "identifier";

export type LineEnding = "LF" | "CRLF" | "CR" | "none";

export interface Loading {
  /** A feature: `spend`, or `industry = SaaS` for one category. */
  feature: string;
  weight: number;
}

/** Whether heavily skewed columns are log-transformed before scaling. */
export type LogChoice = "auto" | "all" | "none";

/** The fit's quality, as the result reports it. */
export interface Metrics {
  /** Calinski-Harabasz index (higher is better). */
  calinski_harabasz: number | null;
  converged: boolean;
  /** Davies-Bouldin index (lower is better). */
  davies_bouldin: number | null;
  /** Share of point-to-centre distance computations that Hamerly's bounds skipped in the kept run (0 to 1). */
  distances_skipped: number;
  /** Sum of squared distances of rows to their segment's centre, in scaled units. */
  inertia: number;
  /** Lloyd iterations of the kept run. */
  iterations: number;
  /** Mean silhouette on a sample of at most 2,000 rows; absent with a single populated segment. */
  silhouette: number | null;
}

/** A numeric column in one segment against all rows (missing cells left out). */
export interface NumericStat {
  column: string;
  /** (segment mean - overall mean) / overall standard deviation. */
  effect: number;
  /** 100 x segment mean / overall mean (100 = average); absent when the overall mean is not positive. */
  index: number | null;
  mean: number;
  median: number;
  overall_mean: number;
  overall_median: number;
  /** The segment's first and third quartiles: the middle half of its values. */
  q1: number;
  q3: number;
  /** Shares of the segment's values above and below the overall median. */
  above: number;
  below: number;
}

export interface Profile {
  categorical: CategoryStat[];
  numeric: NumericStat[];
}

/** The 2-D map: every used row projected on the features' two principal components. */
export interface Projection {
  /** The features that weigh most on each axis, largest first (at most five per axis). */
  axes: [Loading[], Loading[]];
  /** Share of the features' variance each axis shows. */
  explained: [number, number];
  /** One coordinate pair per used row, in file order (records with label -1 have none). */
  x: Float32Array;
  y: Float32Array;
}

/** A typical customer of a segment. */
export interface Representative {
  /** Its cells, one per column, as read; empty for identifier, personal and owner columns, which are never shown. */
  cells: string[];
  /** The columns that set its segment apart (those of the traits), with its values. */
  apart: ColumnValue[];
  /** The 1-based data record number. */
  row: number;
}

/** The columns an orders file was read with. */
export interface RfmColumns {
  amount?: string;
  customer: string;
  date: string;
  order?: string;
  price?: string;
  quantity?: string;
  /** Refunds netted out of each order's amount. */
  refunded?: string;
  /** The status that says which rows are not orders (failed or voided payments...). */
  status?: string;
}

export interface RfmInput {
  customers: number;
  /** Later line items of an order (the order's fields blank, its id repeated): counted with their order. */
  line_items: number;
  /** Rows with a negative amount (returns and refunds), netted out. */
  returns: number;
  /** Data rows read (orders or order lines). */
  rows: number;
  /** Rows that went into a customer's figures (later line items of an order included). */
  rows_used: number;
  /** Rows left out, with the reason: the file's own skipped records, then rows without a customer, a date or an amount. */
  skipped: Skipped[];
}

export interface RfmResult {
  /** ISO date recency is counted to. */
  as_of: string;
  columns: RfmColumns;
  customers: CustomerRfm[];
  input: RfmInput;
  /**
   * What the user should know about the scores, in a sentence: when every customer's last
   * order is on one day, recency cannot rank them and each scores R 3.
   */
  note?: string;
  other_columns: string[];
  /** Every named segment of [`RULES`], in that order, empty ones included. */
  segments: RfmSegment[];
}

/** One named segment: its rule and its customers. */
export interface RfmSegment {
  /** What a marketer usually does with it. */
  action: string;
  median_frequency: number | null;
  median_monetary_total: number | null;
  median_recency_days: number | null;
  name: string;
  /** The rule, as `R 4-5, F 4-5`. */
  rule: string;
  share: number;
  size: number;
}

/** What a column is for. */
export type Role = "feature" | "derived" | "identifier" | "personal" | "owner" | "outcome" | "sparse" | "profile" | "excluded" | "ignored";

export type Scale = "zscore" | "robust" | "none";

export interface Segment {
  /** The segment's centre on the 2-D map (`projection`). Not in the embeddable element's build. */
  centre?: [number, number];
  cohesion: Cohesion;
  /** 0 is the largest segment. */
  id: number;
  keywords: KeywordSet[];
  /** A suggested name from the segment's strongest traits. */
  name: string;
  profile: Profile;
  /** In how many resamples the segment came back (Jaccard above 0.75): "19 of 20". Not in the embeddable element's build. */
  recovery?: Recovery | null;
  /** The rows nearest the segment's centre, nearest first: its most typical customers. Not in the embeddable element's build. */
  representatives?: Representative[];
  /** A filter of at most three conditions on the file's columns that finds the segment; absent when no such filter covers 70% of the segment. Not in the embeddable element's build. */
  rule?: Rule | null;
  /** size / rows used, from 0 to 1. */
  share: number;
  size: number;
  /** How well the segment holds when the data are resampled: the mean Jaccard similarity with its best counterpart, 0 to 1 (0.85 and above holds, below 0.6 dissolves). Not in the embeddable element's build. */
  stability?: number | null;
  /** What sets the segment apart, strongest first (at most five). */
  traits: Trait[];
  /** Each outcome column (churn, converted...) in the segment against all rows. Not in the embeddable element's build. */
  outcomes?: Outcome[];
}

/** One segment's stability. */
export interface Recovery {
  /** Resamples whose best Jaccard for the segment is above 0.75: "comes back in 19 of 20". */
  count: number;
  /** Resamples that drew at least one of the segment's sampled rows (usually all of them). */
  resamples: number;
}

/** A segment's rule. */
export interface Rule {
  conditions: Condition[];
  /** Share of the segment's rows the rule selects, from 0 to 1. */
  coverage: number;
  /** Share of the rows the rule selects that are in the segment, from 0 to 1. */
  precision: number;
  /** The conditions joined by "and", numbers written plainly (no thousands separators). */
  text: string;
}

/** One condition: a column of the file, compared with a value of the file. */
export interface Condition {
  column: string;
  op: '<' | '<=' | '>' | '>=' | '=' | '!=' | 'in' | 'contains';
  /** A number (for comparisons), a category as written (for `=`, `!=`), an item of a list column (for `contains`: the cell's items, split at the column's separator, include it, ignoring case), or a list (for `in`). */
  value: number | string | string[];
}

/** The verdict on the whole result and the figures behind it. */
export interface Quality {
  verdict: 'clear' | 'some' | 'weak';
  /** The verdict in a sentence or two. */
  text: string;
  /** The segments' stability, each weighted by its size (0 to 1). */
  stability: number;
  /** The least stable segment's stability. */
  least_stable: number;
  /** Segments that come back in at least 15 of 20 resamples, and all segments. */
  holding: number;
  segments: number;
  /** The silhouette of the whole result (-1 to 1), as in `metrics`. */
  silhouette: number | null;
  /** Rows in the resampled sample, and resamples refitted. */
  sample_rows: number;
  resamples: number;
  /** With weak structure: what to try instead. */
  suggestion?: string;
}

/** The options after `check`: every value in range, the seed chosen. */
export interface Settings {
  by: string | null;
  columns: string[] | null;
  decimal: string | null;
  /** The reading overrides, as given (`None`: detected). */
  delimiter: string | null;
  encoding: string | null;
  exclude: string[];
  header: string;
  init: Init;
  /** `None` for `auto`. */
  k: number | null;
  kMax: number;
  kMin: number;
  kinds: { [column: string]: Kind };
  roles: { [column: string]: Role };
  /** `auto` or the lens segments were formed through. */
  lens: string;
  /** The date derived columns and recency were counted to, as written (`None`: the file's last date). */
  asOf: string | null;
  log: LogChoice;
  maxIter: number;
  nInit: number;
  quote: string | null;
  sampleRows: number;
  scale: Scale;
  seed: number;
  /** The workbook's sheet and the archive's file, as given (`None`: the default one). */
  sheet?: string | null;
  entry?: string | null;
  sample?: number | null;
  silhouetteRows: number;
  stem: boolean;
  stopWords: string[];
  textColumns: string[];
  textWeight: number;
  tol: number;
  top: number;
}

/** A data record that is not in the table, and why. */
export interface Skipped {
  /** The 1-based line the record starts on. */
  line: number;
  /** In a workbook or an archive, the sheet or the file and the row there (`sheet "Customers", row 12`, `cleaned_members.csv, row 3`). */
  place?: string;
  reason: string;
  /** The 1-based number of the data record (the header is not counted). */
  row: number;
}

/** What kind of file the table came from, and which part of it, for a workbook or an archive. */
export interface Source {
  /** The sheets with data, or the archive's CSV files: what the `sheet` or `entry` option can choose. */
  choices: string[];
  /** `csv`, `text` (columns aligned with spaces), `xlsx`, `xls`, `ods` or `zip`. */
  format: string;
  /** The sheet or the archive's file that was read; none for a CSV file and for an audience export whose files were joined. */
  part: string | null;
}

export interface Term {
  /** Times it occurs (in the group, or overall). */
  count: number;
  /** Rows it occurs in. */
  docs: number;
  /** For a group's distinctive terms: the z-score of its log-odds ratio against the other groups (above 1.96: unlikely to be chance). Absent for plain frequencies. */
  score?: number;
  /** A word, a phrase of up to three words, a #hashtag or an @mention, as most often written. */
  term: string;
}

/** One text column as a whole: its language, what was dropped, and its most frequent terms. */
export interface TextSummary {
  column: string;
  /** Rows with text. */
  docs: number;
  emails: number;
  /** The stop-word list that covers most of its words: `en`, `de`, `fr`, `es`, `nl`, `pt`, `it`. */
  language: string;
  /** The most frequent terms (by rows), stop words left out. */
  terms: Term[];
  /** Words read (stop words included). */
  tokens: number;
  /** Web addresses and e-mail addresses dropped (counted, never shown). */
  urls: number;
}

/** One way a segment differs from all rows. */
export interface Trait {
  column: string;
  /** `more` (a category more common), `high` or `low` (a number above or below average). */
  direction: Direction;
  /** Standardized difference (segment minus all, over all rows' standard deviation; for a category, of its 0/1 indicator): how traits of different columns are ranked. */
  effect: number;
  /** The same for all rows. */
  overall: number;
  /** Lift / 100 for a category, index / 100 for a number: 2.3 reads "2.3x". */
  ratio: number | null;
  /** The segment's share (category) or mean (number: the mean, like the effect and index). */
  segment: number;
  /** The trait in words. */
  text: string;
  /** Share of the segment's members the trait is true of: for a category, its share; for "high", the share above the overall median; for "low", below it. */
  holds: number;
  /** For a category: the value over-represented in the segment. */
  value?: string;
}

/** What applying a saved model found (`Session.apply`, `tribes apply --format json`). */
export interface Applied {
  /** Each of the model's segments in the new file, by id. */
  segments: AppliedSegment[];
  drift: Drift;
  /** Per categorical feature, the cells whose value is not among the model's values (taken as "(other)"); per list feature, the cells holding an item not among the model's items (ignored). */
  unseen: Unseen[];
  rows: number;
  skipped: number;
  /** Rows as near two centres (within a relative 1e-9); they went to the lower id. */
  ties: number;
}

/** How `Session.audience` writes campaign audiences (`tribes audience`). */
export interface AudienceOptions {
  /** `google` (Customer Match), `meta` (custom audience) or `tags` (e-mail tools). */
  format: AudienceFormat;
  /** Only this segment's customers; without it, `google` and `meta` give one file per segment. */
  segment?: number;
  /** The country of national phone numbers and of rows without a country column (ISO code or name). */
  country?: string;
  /** Keep contacts whose consent column says they did not agree to marketing. */
  includeUnsubscribed?: boolean;
  /** Columns' fields chosen by the user: `{"Work Email": "email", "Fax": "none"}`. */
  fields?: Record<string, AudienceField | "none">;
}

export type AudienceFormat = "google" | "meta" | "tags";

export type AudienceField =
  | "email"
  | "phone"
  | "first-name"
  | "last-name"
  | "city"
  | "state"
  | "zip"
  | "country"
  | "birth-year"
  | "gender"
  | "consent"
  | "opt-out";

/** `Session.audience`'s answer: the files and where every record went. */
export interface Audience {
  files: AudienceFile[];
  summary: AudienceSummary;
}

/** One audience file: a segment's (or, for tags, every segment chosen). */
export interface AudienceFile {
  segment: number | null;
  /** A name to save it under: `segment-2-loyal-regulars-google.csv`. */
  file_name: string;
  csv: string;
}

/** Where every data record went: `kept + other_segments + without_consent + without_identifier + skipped = records`. */
export interface AudienceSummary {
  format: AudienceFormat;
  records: number;
  kept: number;
  other_segments: number;
  without_consent: number;
  without_identifier: number;
  skipped: number;
  /** Kept with `includeUnsubscribed` although a consent column said no. */
  included_without_consent: number;
  /** E-mail cells that were no well-formed address: not written. */
  malformed_emails: number;
  /** Phone cells that could not be made E.164 numbers: not written. */
  unusable_phones: number;
  segments: AudienceSegment[];
  /** The columns read, by field. */
  columns: FieldColumn[];
  country: string | null;
}

export interface AudienceSegment {
  id: number;
  name: string;
  kept: number;
}

export interface FieldColumn {
  field: AudienceField;
  column: string;
  /** Whether the user named the column (`fields`) rather than it being found. */
  chosen: boolean;
}

/** `Session.apply`'s answer: one segment id per data record (-1 for a skipped one), then the rest. */
export interface ApplyResult extends Applied {
  labels: Int32Array;
  /** A model made from orders applied to orders: the named RFM segments now and before. */
  rfm?: OrdersSummary;
}

/** The orders applied under a model made from orders: the day recency was counted to, the
 * orders read, each named RFM segment now beside its share in the model's source. */
export interface OrdersSummary {
  as_of: string;
  input: RfmInput;
  segments: { name: string; size: number; share: number; share_before: number | null }[];
}

export interface AppliedSegment {
  id: number;
  name: string;
  size: number;
  share: number;
}

/** How far the new file is from the model's source. */
export interface Drift {
  segments: SegmentDrift[];
  columns: ColumnDrift[];
}

export interface SegmentDrift {
  id: number;
  share_before: number;
  share_now: number;
}

/** A feature column's population stability index on the model's bins; `drifted` above 0.2. */
export interface ColumnDrift {
  column: string;
  psi: number;
  drifted: boolean;
}

export interface Unseen {
  column: string;
  cells: number;
}

/** Who moved between two files under one model (`tribes compare`, `Session.compare`). */
export interface Movement {
  /** `matrix[a][b]`: customers in segment a in the first file and in b in the second. */
  matrix: number[][];
  segments: MovementSegment[];
  only_before: number[];
  only_after: number[];
  matched: number;
  moved: number;
  repeated_ids: [number, number];
  blank_ids: [number, number];
  /** A model made from orders (`tribes compare` only): the movement between the named RFM segments. */
  rfm?: Movement;
}

export interface MovementSegment {
  id: number;
  name: string;
}

/** A model file (`*.tribes.json`) as `readModel` reads and checks it: docs/model.schema.json documents every field. */
export interface ModelFile {
  format: "tribes-model";
  version: string;
  written_by: string;
  /** The file the segments were found in: `{file, rows, columns, date}`. */
  source: { file?: string | null; rows: number; columns: number; date?: string | null };
  /** The analysis' options, the reading options among them (`delimiter`, `quote`, `header`, `decimal`, `encoding`). */
  options: Options;
  seed: number;
  columns: { name: string; kind: string; role: string; concept?: string | null }[];
  features: unknown;
  dimensions: string[];
  centres: number[][];
  segments: { id: number; name: string; suggested_name: string; size: number; share: number }[];
  distributions: unknown[];
  rfm?: unknown;
  join?: string;
}
