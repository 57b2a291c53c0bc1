//! The wasm-bindgen layer over tribes-core: each export parses its arguments, calls one core
//! function and maps the error. Errors become JS `Error`s carrying the core's message; results are
//! plain JS objects, with their per-row arrays as typed arrays the worker can transfer to the page
//! (`labels` an `Int32Array`, `projection.x` and `.y` `Float32Array`s). The types of the options
//! and results are written out for TypeScript in `types.d.ts`.

#![forbid(unsafe_code)]

#[cfg(feature = "page")]
use js_sys::Float32Array;
use js_sys::{Function, Int32Array, Object, Reflect};
use serde::Serialize;
use tribes_core::{AnalysisResult, Dataset, Options, Progress};
use wasm_bindgen::prelude::*;

#[cfg(all(feature = "host-encodings", not(feature = "legacy-encodings")))]
mod decode;
#[cfg(feature = "workers")]
mod pool;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

/// A core error as a JS `Error` with the core's message.
fn js_error(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    // Plain objects (not `Map`s), and u64/i64 as numbers: the page reads this as JSON-like data.
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("cannot return the result: {e}")))
}

/// The options the embeddable build takes: the element's attributes (`k`, `seed`, `columns`,
/// `text-columns`), the reading options of an inline CSV, and `sample`, which `check` refuses by
/// name there. Deserializing these alone, not all of `Options`, is 3.6 KB of `embed.js` gzipped
/// (README, "Sizes"); any other option is refused by name.
#[cfg(not(feature = "page"))]
const ELEMENT_OPTIONS: [&str; 10] = [
    "k",
    "seed",
    "columns",
    "textColumns",
    "delimiter",
    "quote",
    "header",
    "decimal",
    "encoding",
    "sample",
];

#[cfg(not(feature = "page"))]
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct ElementOptions {
    k: Option<tribes_core::KChoice>,
    seed: Option<f64>,
    columns: Option<Vec<String>>,
    text_columns: Option<Vec<String>>,
    delimiter: Option<String>,
    quote: Option<String>,
    header: Option<String>,
    decimal: Option<String>,
    encoding: Option<String>,
    sample: Option<f64>,
}

#[cfg(not(feature = "page"))]
impl From<ElementOptions> for Options {
    fn from(given: ElementOptions) -> Options {
        let defaults = Options::default();
        Options {
            k: given.k.unwrap_or(defaults.k),
            seed: given.seed,
            columns: given.columns,
            text_columns: given.text_columns.unwrap_or_default(),
            delimiter: given.delimiter,
            quote: given.quote,
            header: given.header.unwrap_or(defaults.header),
            decimal: given.decimal,
            encoding: given.encoding,
            sample: given.sample,
            ..defaults
        }
    }
}

/// Options from JS: the defaults for `undefined` or `null`. serde-wasm-bindgen reads only the
/// fields it knows, so a misspelt option would be ignored silently; the core refuses it by name.
fn parse_options(value: JsValue) -> Result<Options, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(Options::default());
    }
    // The element of embed.js writes its own options from its attributes, each of its type: the
    // lean build leaves out naming the field of a wrong type (1.3 KB of embed.js's budget), and
    // takes only the options the element can send (`ElementOptions`).
    #[cfg(not(feature = "page"))]
    {
        if let Some(object) = value.dyn_ref::<Object>() {
            for key in Object::keys(object).iter() {
                let key = key.as_string().unwrap_or_default();
                tribes_core::known_option(&key).map_err(js_error)?;
                if !ELEMENT_OPTIONS.contains(&key.as_str()) {
                    return Err(JsError::new(&format!(
                        "option {key}: the embeddable build takes only {}",
                        ELEMENT_OPTIONS.join(", ")
                    )));
                }
            }
        }
        let given: ElementOptions = serde_wasm_bindgen::from_value(value)
            .map_err(|e| JsError::new(&format!("options: {e}")))?;
        Ok(given.into())
    }
    #[cfg(feature = "page")]
    {
        let keys = fields(&value)?;
        for key in &keys {
            tribes_core::known_option(key).map_err(js_error)?;
        }
        whole_or_by_field(value, &keys)
    }
}

#[cfg(feature = "page")]
/// The keys of an options object; anything else (a number, a string, an array) is refused as
/// such: serde-wasm-bindgen would say only `Reflect.get called on non-object`.
fn fields(value: &JsValue) -> Result<Vec<String>, JsError> {
    match value.dyn_ref::<Object>() {
        Some(object) if !js_sys::Array::is_array(value) => Ok(Object::keys(object)
            .iter()
            .map(|k| k.as_string().unwrap_or_default())
            .collect()),
        _ => Err(JsError::new(&format!(
            "options: expected an object such as {{k: 4}} (got {})",
            kind(value)
        ))),
    }
}

#[cfg(feature = "page")]
/// A JS value's type, for messages: `typeof`, with arrays apart.
fn kind(value: &JsValue) -> String {
    if js_sys::Array::is_array(value) {
        return "an array".into();
    }
    format!("a {}", value.js_typeof().as_string().unwrap_or_default())
}

#[cfg(feature = "page")]
/// Deserializes `value`; when that fails, each field alone, so that the message names the
/// option of the wrong type and the type it needs (`option sampleRows: expected a number (got a
/// string)`) instead of serde's message, which names neither.
fn whole_or_by_field<T: serde::de::DeserializeOwned>(
    value: JsValue,
    keys: &[String],
) -> Result<T, JsError> {
    let whole = serde_wasm_bindgen::from_value(value.clone());
    whole.map_err(|e| {
        for key in keys {
            let field = Reflect::get(&value, &key.into()).unwrap_or(JsValue::UNDEFINED);
            let one = Object::new();
            let _ = Reflect::set(&one, &key.into(), &field);
            if let Err(e) = serde_wasm_bindgen::from_value::<T>(one.into()) {
                let e = e.to_string();
                if e.starts_with("unknown field") {
                    return JsError::new(&format!("options: {e}"));
                }
                return JsError::new(&format!(
                    "option {key}: expected {} (got {})",
                    expected(key, &e),
                    kind(&field)
                ));
            }
        }
        JsError::new(&format!("options: {e}"))
    })
}

#[cfg(feature = "page")]
/// What serde says a field expected, in the words of the README's options table.
fn expected(key: &str, message: &str) -> String {
    match message.rsplit_once("expected ").map_or("", |(_, w)| w) {
        "f64" => "a number".into(),
        "a boolean" => "true or false".into(),
        "a sequence" => "an array".into(),
        "a map" => "an object".into(),
        // A list or a map read from a number or a string fails inside serde-wasm-bindgen's
        // Reflect.get, before serde can say what it expected.
        "" if matches!(key, "kinds" | "roles" | "fields") => "an object".into(),
        "" => "an array".into(),
        other => other.into(),
    }
}

/// The export's options from JS: the defaults for `undefined` or `null`.
#[cfg(feature = "page")]
fn parse_export(value: JsValue) -> Result<tribes_core::ExportOptions, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(Default::default());
    }
    let keys = fields(&value)?;
    // serde-wasm-bindgen looks up only the fields it knows, so `deny_unknown_fields` never sees
    // a misspelt one: it is refused here, as the analysis' options are.
    if let Some(key) = keys
        .iter()
        .find(|k| !matches!(k.as_str(), "names" | "bom" | "segment"))
    {
        return Err(JsError::new(&format!(
            "options: unknown field `{key}`, expected one of `names`, `bom`, `segment`"
        )));
    }
    whole_or_by_field(value, &keys)
}

/// A seed for a run the user did not seed; the result reports it, so the run can be repeated.
#[cfg(target_arch = "wasm32")]
fn draw_seed() -> u32 {
    getrandom::u32().unwrap_or(0)
}

#[cfg(not(target_arch = "wasm32"))]
fn draw_seed() -> u32 {
    0
}

/// `onProgress(stage, fraction)`, when given; returning `false` stops the run ("cancelled").
fn progress(on_progress: Option<Function>) -> impl FnMut(Progress) -> bool {
    move |p: Progress| match &on_progress {
        Some(f) => f
            .call2(&JsValue::NULL, &p.stage.as_str().into(), &p.fraction.into())
            .map(|answer| answer.as_bool() != Some(false))
            .unwrap_or(true),
        None => true,
    }
}

fn set(target: &JsValue, key: &str, value: &JsValue) -> Result<(), JsError> {
    Reflect::set(target, &key.into(), value)
        .map(|_| ())
        .map_err(|_| JsError::new(&format!("cannot set {key} on the result")))
}

/// What the embeddable element shows of a result: the input's summary, k, the seed and the
/// segments (with the labels, set beside them). The rest of `AnalysisResult` (the columns, the
/// metrics, the scores of each k, the lens report) is the page's and the CLI's.
#[cfg(not(feature = "page"))]
#[derive(Serialize)]
struct Shown<'a> {
    input: &'a tribes_core::InputSummary,
    k: usize,
    seed: u32,
    segments: &'a [tribes_core::Segment],
}

/// The result as a plain object, its per-row arrays as typed arrays (the map's only in the
/// page's builds: the embeddable build has none).
fn analysis(mut result: AnalysisResult) -> Result<JsValue, JsError> {
    let labels = std::mem::take(&mut result.labels);
    #[cfg(feature = "page")]
    let x = std::mem::take(&mut result.projection.x);
    #[cfg(feature = "page")]
    let y = std::mem::take(&mut result.projection.y);
    #[cfg(feature = "page")]
    let object = to_js(&result)?;
    #[cfg(not(feature = "page"))]
    let object = to_js(&Shown {
        input: &result.input,
        k: result.k,
        seed: result.seed,
        segments: &result.segments,
    })?;
    set(&object, "labels", &Int32Array::from(labels.as_slice()))?;
    #[cfg(feature = "page")]
    {
        let projection = Reflect::get(&object, &"projection".into())
            .map_err(|_| JsError::new("the result has no projection"))?;
        set(&projection, "x", &Float32Array::from(x.as_slice()))?;
        set(&projection, "y", &Float32Array::from(y.as_slice()))?;
    }
    Ok(object)
}

/// `{rfm, segments}`, `segments` null when there were too few customers for k-means.
#[cfg(feature = "page")]
fn rfm_analysis(result: tribes_core::RfmAnalysis) -> Result<JsValue, JsError> {
    let out: JsValue = Object::new().into();
    set(&out, "rfm", &to_js(&result.rfm)?)?;
    let segments = result.segments.map_or(Ok(JsValue::NULL), analysis)?;
    set(&out, "segments", &segments)?;
    Ok(out)
}

/// The options' defaults, as the core defines them.
#[wasm_bindgen(js_name = defaultOptions, unchecked_return_type = "Options")]
pub fn default_options() -> Result<JsValue, JsError> {
    to_js(&tribes_core::default_options())
}

/// The names the core owns, for the page's lists: `{kinds, featureKinds, stages}` (every column
/// kind, the kinds that can form segments, and the progress stages, each in order).
#[wasm_bindgen(unchecked_return_type = "Vocabulary")]
pub fn vocabulary() -> Result<JsValue, JsError> {
    to_js(&tribes_core::vocabulary())
}

/// Segments `bytes`. `onProgress(stage, fraction)`, when given, is called during the work; if it
/// returns `false` the analysis stops with an error "cancelled".
#[wasm_bindgen(unchecked_return_type = "AnalysisResult")]
pub fn analyze(
    bytes: &[u8],
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ProgressCallback")] on_progress: Option<
        Function,
    >,
) -> Result<JsValue, JsError> {
    let options = parse_options(options)?;
    let result = tribes_core::analyze(bytes, &options, draw_seed(), &mut progress(on_progress));
    analysis(result.map_err(js_error)?)
}

/// Reads `bytes` and returns what was understood: dialect, skipped rows, columns and kinds. Only
/// the reading options matter; `rows: true` adds every row as strings.
#[cfg(feature = "page")]
#[wasm_bindgen(unchecked_return_type = "Inspection")]
pub fn inspect(
    bytes: &[u8],
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: JsValue,
) -> Result<JsValue, JsError> {
    to_js(&tribes_core::inspect(bytes, &parse_options(options)?).map_err(js_error)?)
}

/// The distinctive terms of a text column (`options.textColumns[0]`) per segment, or per value of
/// the column `options.by`.
#[cfg(feature = "page")]
#[wasm_bindgen(unchecked_return_type = "KeywordsResult")]
pub fn keywords(
    bytes: &[u8],
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ProgressCallback")] on_progress: Option<
        Function,
    >,
) -> Result<JsValue, JsError> {
    let options = parse_options(options)?;
    let result = tribes_core::keywords(bytes, &options, draw_seed(), &mut progress(on_progress));
    to_js(&result.map_err(js_error)?)
}

/// One row per customer from an orders file, with RFM scores and named segments, and k-means
/// segments beside them: `{rfm, segments}` as `tribes rfm --format json` prints (`segments` is
/// null when there are too few customers for k-means). The columns are the options `customer`,
/// `date`, `amount`, `quantity`, `price` and `order` (each detected when absent), with `asOf`
/// and the options of the k-means step (`k`, `seed`...).
#[cfg(feature = "page")]
#[wasm_bindgen(unchecked_return_type = "RfmAnalysis")]
pub fn rfm(
    bytes: &[u8],
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ProgressCallback")] on_progress: Option<
        Function,
    >,
) -> Result<JsValue, JsError> {
    let options = parse_options(options)?;
    let result = tribes_core::rfm(bytes, &options, draw_seed(), &mut progress(on_progress));
    rfm_analysis(result.map_err(js_error)?)
}

/// A saved model (the text of a `*.tribes.json`) read and checked, as a plain object: what the
/// page shows of a model before it is applied (its source, segments and columns), and the
/// reading options its source was read with. A model that cannot be applied is refused with the
/// core's one message (cut short, another major version, a field that makes no sense).
#[cfg(feature = "page")]
#[wasm_bindgen(js_name = readModel, unchecked_return_type = "ModelFile")]
pub fn read_model(text: &str) -> Result<JsValue, JsError> {
    to_js(&tribes_core::Model::from_json(text).map_err(js_error)?)
}

/// A file read in chunks: `push` each chunk, `finish` to get what `inspect` returns, then
/// `analyze` (and the rest) as often as needed with different analysis options. The reading
/// options are fixed when the session is made; to read the file another way, make a new session.
#[wasm_bindgen]
pub struct Session {
    reader: Option<tribes_core::Reader>,
    /// The file read, with its detected schema (so that each analysis does not type it again).
    data: Option<Dataset>,
    /// The last analysis' labels and suggested segment names, for the exports.
    last: Option<(Vec<i32>, Vec<String>)>,
    /// The last analysis' model, for "Download model".
    #[cfg(feature = "page")]
    model: Option<tribes_core::Model>,
    /// The file read with its orders' figures, after `join`: what is segmented and exported
    /// then. The file as read stays in `data`, so that it can be joined again on another key.
    #[cfg(feature = "page")]
    joined: Option<tribes_core::Joined>,
    /// The orders file read, made into customers under a saved model made from orders
    /// (`apply`): what `compare` matches them by. `data` is then its customers' table.
    #[cfg(feature = "page")]
    orders: Option<tribes_core::OrdersApplied>,
}

impl Session {
    fn data(&self) -> Result<&Dataset, JsError> {
        self.data
            .as_ref()
            .ok_or_else(|| JsError::new("no file has been read yet: push it, then call finish"))
    }

    /// What is segmented, exported and searched for words: the joined table after `join`, else
    /// the file read.
    #[cfg(feature = "page")]
    fn table(&self) -> Result<&Dataset, JsError> {
        if let Some(joined) = &self.joined {
            return Ok(&joined.data);
        }
        self.data()
    }
}

#[cfg(feature = "page")]
impl Session {
    /// `apply` of a model made from orders to an orders file: the file read becomes its
    /// customers, one row each, made as the model's were and scored by its cut-offs, with the
    /// model's segments (what `exportCsv`, `audience` and `compare` use from then on); the JSON
    /// of `tribes apply` on orders, with `rfm`, the named segments beside their share before.
    fn apply_orders(&mut self, model: tribes_core::Model) -> Result<JsValue, JsError> {
        let done = self.data()?.apply_orders(&model, None).map_err(js_error)?;
        let out = to_js(&done.applied)?;
        set(&out, "labels", &Int32Array::from(done.labels.as_slice()))?;
        set(&out, "rfm", &to_js(&done.summary(&model))?)?;
        let names = model.segments.iter().map(|s| s.name.clone()).collect();
        self.last = Some((done.labels.clone(), names));
        self.data = Some(Dataset::new(done.customers.clone()));
        self.joined = None;
        self.orders = Some(done);
        self.model = Some(model);
        Ok(out)
    }

    /// Both sessions' customers made from orders under `model` (made from orders), matched by
    /// the customer column: `id` must name it. None when either was not applied as orders.
    fn both_orders<'a>(
        before: &'a Session,
        after: &'a Session,
        model: &tribes_core::Model,
        id: &str,
    ) -> Result<
        Option<(
            &'a tribes_core::OrdersApplied,
            &'a tribes_core::OrdersApplied,
        )>,
        JsError,
    > {
        let (Some(made), Some(b), Some(a)) = (&model.rfm, &before.orders, &after.orders) else {
            return Ok(None);
        };
        let customer = &made.columns.customer;
        if id != customer && id != "customer" {
            return Err(JsError::new(&format!(
                "{id}: the model was made from orders, whose customers are named by its customer column, {customer}"
            )));
        }
        Ok(Some((b, a)))
    }
}

#[wasm_bindgen]
impl Session {
    /// `size`, the file's size in bytes when known, lets the reader reserve memory once.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Options")] options: JsValue,
        size: Option<f64>,
    ) -> Result<Session, JsError> {
        let size = size.filter(|s| s.is_finite() && *s > 0.0).map(|s| s as u64);
        Ok(Session {
            reader: Some(tribes_core::reader(&parse_options(options)?, size).map_err(js_error)?),
            data: None,
            last: None,
            #[cfg(feature = "page")]
            model: None,
            #[cfg(feature = "page")]
            joined: None,
            #[cfg(feature = "page")]
            orders: None,
        })
    }

    /// Feeds the next chunk of the file.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsError> {
        let reader = self.reader.as_mut();
        let reader = reader.ok_or_else(|| JsError::new("the file was already read to its end"))?;
        reader.push(chunk).map_err(js_error)
    }

    /// Ends the file; returns the inspection (`options.rows` adds the rows).
    #[wasm_bindgen(unchecked_return_type = "Inspection")]
    pub fn finish(
        &mut self,
        #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: JsValue,
    ) -> Result<JsValue, JsError> {
        let rows = parse_options(options)?.rows;
        let reader = self.reader.take();
        let reader = reader.ok_or_else(|| JsError::new("the file was already read to its end"))?;
        let data = Dataset::new(reader.finish().map_err(js_error)?);
        let inspection = to_js(&data.inspection(rows));
        self.data = Some(data);
        inspection
    }

    /// Segments the file read; like the free function `analyze`, without the bytes. Reading
    /// options in `options` are ignored here (they were fixed by the constructor).
    #[wasm_bindgen(unchecked_return_type = "AnalysisResult")]
    pub fn analyze(
        &mut self,
        #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ProgressCallback")] on_progress: Option<
            Function,
        >,
    ) -> Result<JsValue, JsError> {
        self.segment(options, on_progress)
    }

    /// `analyze` with Lloyd's blocks spread over the page's helper workers: `pool` is
    /// `{hosts, capacity, send(host, message), receive(host)}` (www/worker-pool.js). The labels
    /// are those of `analyze`, bit for bit. Afterwards `pool.used` says whether the helpers ran
    /// blocks, and `pool.failed` whether one failed (the work then ran here alone).
    #[cfg(feature = "workers")]
    #[wasm_bindgen(js_name = analyzeWith, unchecked_return_type = "AnalysisResult")]
    pub fn analyze_with(
        &mut self,
        pool: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ProgressCallback")] on_progress: Option<
            Function,
        >,
    ) -> Result<JsValue, JsError> {
        let pool = std::rc::Rc::new(pool::JsPool::new(pool)?);
        let (result, done) =
            tribes_core::with_block_pool(pool.clone(), || self.segment(options, on_progress));
        pool.report(done);
        result
    }
}

impl Session {
    fn segment(
        &mut self,
        options: JsValue,
        on_progress: Option<Function>,
    ) -> Result<JsValue, JsError> {
        let settings = parse_options(options)?
            .check(draw_seed())
            .map_err(js_error)?;
        let mut on_progress = progress(on_progress);
        #[cfg(feature = "page")]
        let result = match &self.joined {
            Some(joined) => joined.analyze(&settings, &mut on_progress),
            None => self.data()?.analyze(&settings, &mut on_progress),
        };
        #[cfg(not(feature = "page"))]
        let result = self.data()?.analyze(&settings, &mut on_progress);
        let result = result.map_err(js_error)?;
        let names = result.segments.iter().map(|s| s.name.clone()).collect();
        self.last = Some((result.labels.clone(), names));
        #[cfg(feature = "page")]
        {
            self.model = Some(result.model.clone());
        }
        analysis(result)
    }
}

#[wasm_bindgen]
impl Session {
    /// The file with each row's segment, as `tribes analyze --format csv` writes it, after
    /// `analyze`. `options`: `names` (the segments' names, as the user edited them; the suggested
    /// ones when absent), `bom` (a UTF-8 byte-order mark for Excel), `segment` (only that
    /// segment's rows).
    #[cfg(feature = "page")]
    #[wasm_bindgen(js_name = exportCsv)]
    pub fn export_csv(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ExportOptions")] options: JsValue,
    ) -> Result<js_sys::Uint8Array, JsError> {
        let last = self.last.as_ref();
        let (labels, suggested) =
            last.ok_or_else(|| JsError::new("nothing to export yet: segment the file first"))?;
        let settings = parse_export(options)?;
        let settings = settings.check(suggested.len()).map_err(js_error)?;
        let bytes = self.table()?.export_csv(labels, suggested, &settings);
        Ok(js_sys::Uint8Array::from(bytes.as_slice()))
    }

    /// The distinctive terms of `options.textColumns[0]` per segment, or per value of
    /// `options.by`; like the free function `keywords`, without the bytes.
    #[cfg(feature = "page")]
    #[wasm_bindgen(unchecked_return_type = "KeywordsResult")]
    pub fn keywords(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ProgressCallback")] on_progress: Option<
            Function,
        >,
    ) -> Result<JsValue, JsError> {
        let settings = parse_options(options)?
            .check(draw_seed())
            .map_err(js_error)?;
        let result = self
            .table()?
            .keywords(&settings, &mut progress(on_progress));
        to_js(&result.map_err(js_error)?)
    }

    /// One row per customer from the orders file read, and k-means segments beside them; like
    /// the free function `rfm`, without the bytes.
    #[cfg(feature = "page")]
    #[wasm_bindgen(unchecked_return_type = "RfmAnalysis")]
    pub fn rfm(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ProgressCallback")] on_progress: Option<
            Function,
        >,
    ) -> Result<JsValue, JsError> {
        let settings = parse_options(options)?
            .check(draw_seed())
            .map_err(js_error)?;
        let result = self.data()?.rfm(&settings, &mut progress(on_progress));
        rfm_analysis(result.map_err(js_error)?)
    }

    /// The last analysis as a model file's text (`*.tribes.json`), with the segments' names as
    /// the user edited them (`names`, by segment id; the suggested ones when absent) and the
    /// source file's name (`file`, its name only, as `tribes analyze --model-out` records it).
    /// `orders`, for customers made from orders (`rfmTable`'s `rfmModel`): how they were made
    /// and scored, so that the model applies to next month's orders as `tribes rfm --model-out`'s.
    /// Refused when the segments were formed on personal columns, which a model would carry.
    #[cfg(feature = "page")]
    pub fn model(
        &self,
        names: Option<Vec<String>>,
        file: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "RfmModel")] orders: JsValue,
    ) -> Result<String, JsError> {
        let model = self.model.clone();
        let mut model =
            model.ok_or_else(|| JsError::new("no model yet: segment the file first"))?;
        if !orders.is_undefined() && !orders.is_null() {
            let made: tribes_core::RfmModel = serde_wasm_bindgen::from_value(orders)
                .map_err(|e| JsError::new(&format!("orders: {e}")))?;
            model = model.made_from_orders(made);
        }
        let mut model = match names {
            Some(names) => model.with_names(&names).map_err(js_error)?,
            None => model,
        };
        if file.is_some() {
            model.source.file = file;
        }
        model.to_json().map_err(js_error)
    }

    /// A saved model (the text of a `*.tribes.json`) applied to the file read: `{labels,
    /// segments, drift, unseen, rows, skipped, ties}`, `labels` an `Int32Array` with one segment
    /// id per data record (-1 for a skipped record), as `tribes apply --format json` prints.
    #[cfg(feature = "page")]
    #[wasm_bindgen(unchecked_return_type = "ApplyResult")]
    pub fn apply(&mut self, model: &str) -> Result<JsValue, JsError> {
        let model = tribes_core::Model::from_json(model).map_err(js_error)?;
        let data = self.data()?;
        if model.rfm.is_some() && data.needs_orders(&model) {
            return self.apply_orders(model);
        }
        let (labels, applied) = data.apply(&model).map_err(js_error)?;
        let names = model.segments.iter().map(|s| s.name.clone()).collect();
        let out = to_js(&applied)?;
        set(&out, "labels", &Int32Array::from(labels.as_slice()))?;
        self.orders = None;
        self.last = Some((labels, names));
        self.model = Some(model);
        Ok(out)
    }

    /// Campaign audiences of the file read under a saved model (the text of a `*.tribes.json`):
    /// `{files: [{segment, file_name, csv}], summary}`, as `tribes audience` writes them.
    /// `options`: `format` (`google`, `meta` or `tags`), `segment`, `country`,
    /// `includeUnsubscribed` and `fields` (`{"Work Email": "email"}`). The contact details are
    /// normalized and hashed here, in the worker.
    #[cfg(feature = "page")]
    #[wasm_bindgen(unchecked_return_type = "Audience")]
    pub fn audience(
        &self,
        model: &str,
        #[wasm_bindgen(unchecked_param_type = "AudienceOptions")] options: JsValue,
    ) -> Result<JsValue, JsError> {
        let model = tribes_core::Model::from_json(model).map_err(js_error)?;
        if let Some(object) = options.dyn_ref::<Object>() {
            for key in Object::keys(object).iter() {
                let key = key.as_string().unwrap_or_default();
                tribes_core::AudienceOptions::known(&key).map_err(js_error)?;
            }
        }
        let options: tribes_core::AudienceOptions = serde_wasm_bindgen::from_value(options)
            .map_err(|e| JsError::new(&format!("options: {e}")))?;
        to_js(&self.data()?.audience(&model, &options).map_err(js_error)?)
    }

    /// Who moved between this file (the earlier export) and `after` (another session, read to
    /// its end: the later one), both given a saved model's segments (the text of a
    /// `*.tribes.json`) and matched by the id column `id`: `{matrix, segments, only_before,
    /// only_after, matched, moved, repeated_ids, blank_ids}`, as `tribes compare` prints.
    #[cfg(feature = "page")]
    #[wasm_bindgen(unchecked_return_type = "Movement")]
    pub fn compare(&self, after: &Session, model: &str, id: &str) -> Result<JsValue, JsError> {
        let model = tribes_core::Model::from_json(model).map_err(js_error)?;
        if let Some((before, later)) = Session::both_orders(self, after, &model, id)? {
            let movement = tribes_core::compare_orders(&model, before, later).map_err(js_error)?;
            return to_js(&movement);
        }
        let before = self.data()?.keyed(&model, id).map_err(js_error)?;
        let later = after.data()?.keyed(&model, id).map_err(js_error)?;
        to_js(&tribes_core::compare(&model, &before, &later))
    }

    /// One cell of `compare`'s matrix as a CSV file: the ids of the customers in segment `from`
    /// in this file and in segment `to` in `after`, sorted, under a header naming `id`, as
    /// `tribes compare --cell FROM,TO` writes them.
    #[cfg(feature = "page")]
    #[wasm_bindgen(js_name = movedIds)]
    pub fn moved_ids(
        &self,
        after: &Session,
        model: &str,
        id: &str,
        from: usize,
        to: usize,
    ) -> Result<js_sys::Uint8Array, JsError> {
        let model = tribes_core::Model::from_json(model).map_err(js_error)?;
        let k = model.k();
        if from >= k || to >= k {
            return Err(JsError::new(&format!(
                "segments {from} to {to}: the model's segment ids are 0 to {}",
                k.saturating_sub(1)
            )));
        }
        let (before, later) = match Session::both_orders(self, after, &model, id)? {
            Some((before, later)) => (
                tribes_core::keyed_orders(before).map_err(js_error)?.0,
                tribes_core::keyed_orders(later).map_err(js_error)?.0,
            ),
            None => (
                self.data()?.keyed(&model, id).map_err(js_error)?,
                after.data()?.keyed(&model, id).map_err(js_error)?,
            ),
        };
        let ids = tribes_core::movement_cell(&before, &later, from, to);
        let bytes = tribes_core::movement_cell_csv(id, &ids);
        Ok(js_sys::Uint8Array::from(bytes.as_slice()))
    }

    /// Whether the file read is one row per order, and its customer, date, amount and order
    /// columns: `{transactions, customer, date, amount, quantity, price, order, evidence}`.
    #[cfg(feature = "page")]
    #[wasm_bindgen(js_name = rfmGuess, unchecked_return_type = "RfmGuess")]
    pub fn rfm_guess(&self) -> Result<JsValue, JsError> {
        to_js(&self.data()?.rfm_guess())
    }

    /// The page's RFM step: `{rfm, csv, segmentOptions}`, the per-customer table as CSV bytes (to
    /// read into a new Session) and the options its k-means segments take, without running
    /// k-means here (the page runs it as any analysis, with the user's k and seed). `rfm` is the
    /// summary: its `customers` is empty, as they are the CSV's rows.
    #[cfg(feature = "page")]
    #[wasm_bindgen(js_name = rfmTable, unchecked_return_type = "RfmTable")]
    pub fn rfm_table(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ProgressCallback")] on_progress: Option<
            Function,
        >,
    ) -> Result<JsValue, JsError> {
        let options = parse_options(options)?;
        let table = self.data()?.rfm_table(&options, &mut progress(on_progress));
        let table = table.map_err(js_error)?;
        let out = to_js(&table)?;
        set(
            &out,
            "csv",
            &js_sys::Uint8Array::from(table.csv.as_slice()).into(),
        )?;
        Ok(out)
    }

    /// Joins the orders file `orders` (another session, read to its end) onto this customers
    /// file, as `tribes analyze --orders` does: `{inspection, join}`, the customers file with the
    /// orders' six columns (what `analyze`, `exportCsv` and `keywords` use from now on) and what
    /// the join did. `options`: `join` (`CUSTOMERS_COLUMN=ORDERS_COLUMN`; measured on both files
    /// when absent), and the orders' `customer`, `date`, `amount`, `quantity`, `price`, `order`
    /// and `asOf`, each detected when absent. Joining again starts from the file as read; on an
    /// error the session keeps what it had.
    #[cfg(feature = "page")]
    #[wasm_bindgen(unchecked_return_type = "JoinedFile")]
    pub fn join(
        &mut self,
        orders: &Session,
        #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ProgressCallback")] on_progress: Option<
            Function,
        >,
    ) -> Result<JsValue, JsError> {
        let settings = parse_options(options)?
            .check(draw_seed())
            .map_err(js_error)?;
        let joined = self
            .data()?
            .join(orders.data()?, &settings, &mut progress(on_progress))
            .map_err(js_error)?;
        let out: JsValue = Object::new().into();
        set(&out, "inspection", &to_js(&joined.data.inspection(false))?)?;
        set(&out, "join", &to_js(&joined.report)?)?;
        // The last analysis was of the table before this join: nothing of it is exported.
        self.last = None;
        self.model = None;
        self.joined = Some(joined);
        Ok(out)
    }
}

/// A saved model (the text of a `*.tribes.json`) given to every row of a file read chunk by
/// chunk, for a file too large to hold whole: the CSV of `tribes apply`, part by part, in
/// memory that does not grow with the file. `read`: the reading options; `options`: the
/// export's (`names`, `bom`, `segment`). When `needsDates`, the file is read twice: `scan`
/// each chunk, `scanned`, then `push` each chunk and `finish`.
#[cfg(feature = "page")]
#[wasm_bindgen]
pub struct Labeller {
    labelling: Option<tribes_core::Labelling>,
}

#[cfg(feature = "page")]
#[wasm_bindgen]
impl Labeller {
    #[wasm_bindgen(constructor)]
    pub fn new(
        model: &str,
        #[wasm_bindgen(unchecked_param_type = "Options")] read: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ExportOptions")] options: JsValue,
    ) -> Result<Labeller, JsError> {
        let model = tribes_core::Model::from_json(model).map_err(js_error)?;
        let export = parse_export(options)?.check(model.k()).map_err(js_error)?;
        let labelling =
            tribes_core::Labelling::new(model, &parse_options(read)?, export).map_err(js_error)?;
        Ok(Labeller {
            labelling: Some(labelling),
        })
    }

    fn at(&mut self) -> Result<&mut tribes_core::Labelling, JsError> {
        self.labelling
            .as_mut()
            .ok_or_else(|| JsError::new("the file was already labelled to its end"))
    }

    /// Whether the file must be read once for its last dates first.
    #[wasm_bindgen(getter, js_name = needsDates)]
    pub fn needs_dates(&self) -> bool {
        self.labelling.as_ref().is_some_and(|l| l.needs_dates())
    }

    /// One chunk of the first reading (for the file's last dates).
    pub fn scan(&mut self, chunk: &[u8]) -> Result<(), JsError> {
        self.at()?.scan(chunk).map_err(js_error)
    }

    /// The end of the first reading.
    pub fn scanned(&mut self) -> Result<(), JsError> {
        self.at()?.scanned().map_err(js_error)
    }

    /// One chunk of the labelling reading: the CSV of the rows it completed.
    pub fn push(&mut self, chunk: &[u8]) -> Result<js_sys::Uint8Array, JsError> {
        let bytes = self.at()?.push(chunk).map_err(js_error)?;
        Ok(js_sys::Uint8Array::from(bytes.as_slice()))
    }

    /// The end of the file: `{bytes, applied}`, the CSV of its last rows and what `apply`
    /// reports (`{segments, drift, unseen, rows, skipped, ties}`).
    pub fn finish(&mut self) -> Result<JsValue, JsError> {
        let labelling = self
            .labelling
            .take()
            .ok_or_else(|| JsError::new("the file was already labelled to its end"))?;
        let (bytes, applied) = labelling.finish().map_err(js_error)?;
        let out: JsValue = Object::new().into();
        set(
            &out,
            "bytes",
            &js_sys::Uint8Array::from(bytes.as_slice()).into(),
        )?;
        set(&out, "applied", &to_js(&applied)?)?;
        Ok(out)
    }
}
