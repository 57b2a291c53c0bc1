//! The wasm-bindgen layer over tribes-core: parse JS options, call the core, hand back plain JS
//! objects. Nothing else lives here. Errors become JS `Error`s carrying the core's message; labels
//! travel as an `Int32Array` the worker can transfer to the page.

#![forbid(unsafe_code)]

use js_sys::{Float32Array, Function, Int32Array, Reflect};
use serde::Serialize;
use tribes_core::Options;
use wasm_bindgen::prelude::*;

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

fn options_from(value: JsValue) -> Result<Options, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(Options::default());
    }
    // serde-wasm-bindgen reads only the fields it knows, so a misspelt option would be ignored
    // silently; refuse it by name instead.
    if let Some(object) = value.dyn_ref::<js_sys::Object>() {
        for key in js_sys::Object::keys(object).iter() {
            let key = key.as_string().unwrap_or_default();
            if !tribes_core::options::OPTION_NAMES.contains(&key.as_str()) {
                return Err(JsError::new(&format!(
                    "options: unknown option \"{key}\" (known: {})",
                    tribes_core::options::OPTION_NAMES.join(", ")
                )));
            }
        }
    }
    serde_wasm_bindgen::from_value(value).map_err(|e| JsError::new(&format!("options: {e}")))
}

#[cfg(target_arch = "wasm32")]
fn draw_seed() -> u32 {
    getrandom::u32().unwrap_or(0)
}

#[cfg(not(target_arch = "wasm32"))]
fn draw_seed() -> u32 {
    0
}

/// The options' defaults, as the core defines them.
#[wasm_bindgen(js_name = defaultOptions)]
pub fn default_options() -> Result<JsValue, JsError> {
    to_js(&tribes_core::default_options())
}

/// The names the core owns, for the page's lists: `{kinds, featureKinds, stages}` (every column
/// kind, the kinds that can form segments, and the progress stages, each in order).
#[wasm_bindgen]
pub fn vocabulary() -> Result<JsValue, JsError> {
    to_js(&tribes_core::vocabulary())
}

/// Reads `bytes` and returns what was understood: dialect, skipped rows, columns and kinds.
/// `options` takes the reading options (delimiter, quote, header, decimal, encoding); `rows: true`
/// adds every row as strings.
#[cfg(feature = "page")]
#[wasm_bindgen]
pub fn inspect(bytes: &[u8], options: JsValue) -> Result<JsValue, JsError> {
    let (options, rows) = split_rows(options)?;
    let inspection = tribes_core::inspect(bytes, &options, rows).map_err(js_error)?;
    to_js(&inspection)
}

/// Takes `rows` (an `inspect`-only flag) out of an options object and parses the rest.
fn split_rows(options: JsValue) -> Result<(Options, bool), JsError> {
    let Some(object) = options.dyn_ref::<js_sys::Object>() else {
        return Ok((options_from(options)?, false));
    };
    let copy = js_sys::Object::assign(&js_sys::Object::new(), object);
    let rows = Reflect::get(&copy, &"rows".into())
        .map(|v| v.is_truthy())
        .unwrap_or(false);
    let _ = Reflect::delete_property(&copy, &"rows".into());
    Ok((options_from(copy.into())?, rows))
}

/// A file read in chunks: `push` each chunk, `finish` to get what `inspect` returns, then
/// `analyze` as often as needed with different analysis options. The reading options are fixed
/// when the session is made; to read the file another way, make a new session.
#[wasm_bindgen]
pub struct Session {
    reader: Option<tribes_core::Reader>,
    /// The file read, with its detected schema (kept so each analysis does not type it again).
    table: Option<(tribes_core::Table, Vec<tribes_core::schema::ColumnSchema>)>,
    /// The last analysis' labels and segment names, for the exports.
    last: Option<(Vec<i32>, Vec<String>)>,
}

#[wasm_bindgen]
impl Session {
    /// `size`, the file's size in bytes when known, lets the reader reserve memory once.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue, size: Option<f64>) -> Result<Session, JsError> {
        let (options, _) = split_rows(options)?;
        let read = options.read_options().map_err(js_error)?;
        let reader = match size {
            Some(bytes) if bytes.is_finite() && bytes > 0.0 => {
                tribes_core::Reader::with_size_hint(read, bytes as u64)
            }
            _ => tribes_core::Reader::new(read),
        };
        Ok(Session {
            reader: Some(reader),
            table: None,
            last: None,
        })
    }

    /// Feeds the next chunk of the file.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), JsError> {
        let reader = self
            .reader
            .as_mut()
            .ok_or_else(|| JsError::new("the file was already read to its end"))?;
        reader.push(chunk).map_err(js_error)
    }

    /// Ends the file; returns the inspection (`options.rows` adds the rows).
    pub fn finish(&mut self, options: JsValue) -> Result<JsValue, JsError> {
        let rows = options.is_object()
            && Reflect::get(&options, &"rows".into()).is_ok_and(|v| v.is_truthy());
        let reader = self
            .reader
            .take()
            .ok_or_else(|| JsError::new("the file was already read to its end"))?;
        let table = reader.finish().map_err(js_error)?;
        let inspection = tribes_core::inspect_table(&table, rows);
        let js = to_js(&inspection);
        self.table = Some((table, inspection.columns));
        js
    }

    /// Segments the file read; like the free function `analyze`, without the bytes. Reading
    /// options in `options` are ignored here (they were fixed by the constructor).
    pub fn analyze(
        &mut self,
        options: JsValue,
        on_progress: Option<Function>,
    ) -> Result<JsValue, JsError> {
        let (table, schema) = self.read()?;
        let checked = checked_options(options)?;
        let mut progress = progress_callback(on_progress);
        let result =
            tribes_core::analyze_with_schema(table, schema.clone(), &checked, &mut progress)
                .map_err(js_error)?;
        let names = result.segments.iter().map(|s| s.name.clone()).collect();
        self.last = Some((result.labels.clone(), names));
        result_to_js(result)
    }

    /// The file with each row's segment, as `tribes analyze --format csv` writes it, after
    /// `analyze`. `options`: `names` (the segments' names, as the user edited them; the suggested
    /// ones when absent), `bom` (a UTF-8 byte-order mark for Excel), `segment` (only that
    /// segment's rows).
    #[cfg(feature = "page")]
    #[wasm_bindgen(js_name = exportCsv)]
    pub fn export_csv(&self, options: JsValue) -> Result<js_sys::Uint8Array, JsError> {
        let (table, _) = self.read()?;
        let (labels, suggested) = self
            .last
            .as_ref()
            .ok_or_else(|| JsError::new("nothing to export yet: segment the file first"))?;
        let get = |key: &str| Reflect::get(&options, &key.into()).unwrap_or(JsValue::UNDEFINED);
        let names: Vec<String> = match get("names") {
            v if v.is_undefined() || v.is_null() => suggested.clone(),
            v => serde_wasm_bindgen::from_value(v)
                .map_err(|e| JsError::new(&format!("options: names: {e}")))?,
        };
        let segment = match get("segment").as_f64() {
            Some(s) if s >= 0.0 && s.fract() == 0.0 => Some(s as usize),
            Some(s) => {
                return Err(JsError::new(&format!(
                    "options: segment {s} is not a segment id"
                )))
            }
            None => None,
        };
        let export = tribes_core::export::ExportOptions {
            bom: get("bom").is_truthy(),
            segment,
        };
        let bytes = tribes_core::export::csv(table, labels, &names, &export);
        Ok(js_sys::Uint8Array::from(bytes.as_slice()))
    }

    /// The distinctive terms of `options.textColumns[0]` per segment, or per value of
    /// `options.by`; like the free function `keywords`, without the bytes.
    /// One row per customer from the orders file read, with RFM scores and named segments, and
    /// k-means segments beside them: `{rfm, segments}` as `tribes rfm --format json` prints
    /// (`segments` is null when there are too few customers for k-means). `options` holds the
    /// columns (`customer`, `date`, `amount`, `quantity`, `price`, `order`, each detected when
    /// absent), `asOf`, and the analysis options of the k-means step (`k`, `seed`...).
    #[cfg(feature = "page")]
    pub fn rfm(&self, options: JsValue, on_progress: Option<Function>) -> Result<JsValue, JsError> {
        let (table, schema) = self.read()?;
        rfm_of(table, schema, options, on_progress)
    }

    /// Whether the file read is one row per order, and its customer, date, amount and order
    /// columns: `{transactions, customer, date, amount, quantity, price, order, evidence}`.
    #[cfg(feature = "page")]
    #[wasm_bindgen(js_name = rfmGuess)]
    pub fn rfm_guess(&self) -> Result<JsValue, JsError> {
        let (table, schema) = self.read()?;
        to_js(&tribes_core::rfm::guess(table, schema))
    }

    /// The page's RFM step: `{rfm, csv, segmentOptions}`, the per-customer table as CSV bytes
    /// (to read into a new Session) and the options its k-means segments take, without running
    /// k-means here (the page runs it as any analysis, with the user's k and seed). `rfm` is the
    /// summary: its `customers` is empty, as they are the CSV's rows.
    #[cfg(feature = "page")]
    #[wasm_bindgen(js_name = rfmTable)]
    pub fn rfm_table(
        &self,
        options: JsValue,
        on_progress: Option<Function>,
    ) -> Result<JsValue, JsError> {
        let (table, schema) = self.read()?;
        let (rfm_options, rest) = split_rfm(&options)?;
        let mut progress = progress_callback(on_progress);
        let mut result = aggregate(table, schema, &rfm_options, &mut progress)?;
        let out = js_sys::Object::new();
        let set = |k: &str, v: &JsValue| Reflect::set(&out, &k.into(), v).map(|_| ());
        let _ = set(
            "csv",
            &js_sys::Uint8Array::from(tribes_core::rfm::to_csv(&result).as_slice()).into(),
        );
        let _ = set(
            "segmentOptions",
            &to_js(&tribes_core::rfm::segment_options(&rest))?,
        );
        // The customers are in the CSV; the page gets the summary (200,000 customer objects
        // took 0.7 s of the page's main thread to receive).
        result.customers = Vec::new();
        let _ = set("rfm", &to_js(&result)?);
        Ok(out.into())
    }

    #[cfg(feature = "page")]
    pub fn keywords(
        &self,
        options: JsValue,
        on_progress: Option<Function>,
    ) -> Result<JsValue, JsError> {
        let (table, schema) = self.read()?;
        let checked = checked_options(options)?;
        let mut progress = progress_callback(on_progress);
        let result = tribes_core::keywords_table(table, schema.clone(), &checked, &mut progress)
            .map_err(js_error)?;
        to_js(&result)
    }
}

/// The distinctive terms of a text column (`options.textColumns[0]`) per segment, or per value of
/// the column `options.by`: `{input, by, seed, overall, groups: [{group, size, terms}]}`.
#[cfg(feature = "page")]
#[wasm_bindgen]
pub fn keywords(
    bytes: &[u8],
    options: JsValue,
    on_progress: Option<Function>,
) -> Result<JsValue, JsError> {
    let options = options_from(options)?;
    let mut progress = progress_callback(on_progress);
    let result =
        tribes_core::keywords(bytes, &options, draw_seed(), &mut progress).map_err(js_error)?;
    to_js(&result)
}

impl Session {
    /// The file read and its schema, once `finish` has run.
    fn read(
        &self,
    ) -> Result<&(tribes_core::Table, Vec<tribes_core::schema::ColumnSchema>), JsError> {
        self.table
            .as_ref()
            .ok_or_else(|| JsError::new("no file has been read yet: push it, then call finish"))
    }
}

/// The RFM step for `Session.rfm` and the free function `rfm`.
#[cfg(feature = "page")]
fn rfm_of(
    table: &tribes_core::Table,
    schema: &[tribes_core::schema::ColumnSchema],
    options: JsValue,
    on_progress: Option<Function>,
) -> Result<JsValue, JsError> {
    let (rfm_options, analysis_options) = split_rfm(&options)?;
    let mut progress = progress_callback(on_progress);
    let result = aggregate(table, schema, &rfm_options, &mut progress)?;
    let seed = analysis_options.seed.map_or_else(draw_seed, |s| s as u32);
    let segments = match tribes_core::rfm::segment(&result, &analysis_options, seed, &mut progress)
    {
        Ok((_, analysis)) => result_to_js(analysis)?,
        Err(
            tribes_core::Error::TooFewRows { .. } | tribes_core::Error::TooFewRowsForAuto { .. },
        ) => JsValue::NULL,
        Err(e) => return Err(js_error(e)),
    };
    let out = js_sys::Object::new();
    let _ = Reflect::set(&out, &"rfm".into(), &to_js(&result)?);
    let _ = Reflect::set(&out, &"segments".into(), &segments);
    Ok(out.into())
}

/// The RFM options (columns and `asOf`) of an options object, and the analysis options beside
/// them.
#[cfg(feature = "page")]
fn split_rfm(options: &JsValue) -> Result<(tribes_core::rfm::RfmOptions, Options), JsError> {
    const RFM_KEYS: [&str; 7] = [
        "customer", "date", "amount", "quantity", "price", "order", "asOf",
    ];
    let rest = js_sys::Object::new();
    let columns = js_sys::Object::new();
    if let Some(object) = options.dyn_ref::<js_sys::Object>() {
        for key in js_sys::Object::keys(object).iter() {
            let name = key.as_string().unwrap_or_default();
            let value = Reflect::get(object, &key).unwrap_or(JsValue::UNDEFINED);
            let target = if RFM_KEYS.contains(&name.as_str()) {
                &columns
            } else {
                &rest
            };
            let _ = Reflect::set(target, &key, &value);
        }
    }
    let rfm_options = serde_wasm_bindgen::from_value(columns.into())
        .map_err(|e| JsError::new(&format!("rfm options: {e}")))?;
    Ok((rfm_options, options_from(rest.into())?))
}

/// `rfm::aggregate` with the page's progress callback (stage `aggregate`).
#[cfg(feature = "page")]
fn aggregate(
    table: &tribes_core::Table,
    schema: &[tribes_core::schema::ColumnSchema],
    options: &tribes_core::rfm::RfmOptions,
    progress: &mut impl FnMut(tribes_core::Progress) -> bool,
) -> Result<tribes_core::rfm::RfmResult, JsError> {
    tribes_core::rfm::aggregate(table, schema, options, &mut |fraction| {
        progress(tribes_core::Progress {
            stage: tribes_core::Stage::Aggregate,
            fraction,
        })
    })
    .map_err(js_error)
}

/// One row per customer from an orders file, as `Session.rfm` (see there), from its bytes.
#[cfg(feature = "page")]
#[wasm_bindgen]
pub fn rfm(
    bytes: &[u8],
    options: JsValue,
    on_progress: Option<Function>,
) -> Result<JsValue, JsError> {
    let (read, _) = split_rows(read_only(&options))?;
    let table = tribes_core::ingest::read(bytes, &read.read_options().map_err(js_error)?)
        .map_err(js_error)?;
    let schema = tribes_core::schema::infer(&table);
    rfm_of(&table, &schema, options, on_progress)
}

/// The reading options of an options object (delimiter, quote, header, decimal, encoding).
#[cfg(feature = "page")]
fn read_only(options: &JsValue) -> JsValue {
    let out = js_sys::Object::new();
    for key in ["delimiter", "quote", "header", "decimal", "encoding"] {
        if let Ok(v) = Reflect::get(options, &key.into()) {
            if !v.is_undefined() {
                let _ = Reflect::set(&out, &key.into(), &v);
            }
        }
    }
    out.into()
}

/// Options from JS, checked, with a drawn seed for a run the user did not seed.
fn checked_options(options: JsValue) -> Result<tribes_core::Checked, JsError> {
    options_from(options)?.check(draw_seed()).map_err(js_error)
}

fn progress_callback(on_progress: Option<Function>) -> impl FnMut(tribes_core::Progress) -> bool {
    move |p: tribes_core::Progress| match &on_progress {
        Some(f) => f
            .call2(&JsValue::NULL, &p.stage.as_str().into(), &p.fraction.into())
            .map(|answer| answer.as_bool() != Some(false))
            .unwrap_or(true),
        None => true,
    }
}

/// The result as a plain object, with its per-row arrays as typed arrays (the worker transfers
/// them to the page without copying): `labels` an `Int32Array`, `projection.x` and `.y`
/// `Float32Array`s.
fn result_to_js(mut result: tribes_core::AnalysisResult) -> Result<JsValue, JsError> {
    let labels = std::mem::take(&mut result.labels);
    let x = std::mem::take(&mut result.projection.x);
    let y = std::mem::take(&mut result.projection.y);
    let object = to_js(&result)?;
    let set = |target: &JsValue, key: &str, value: &JsValue| {
        Reflect::set(target, &key.into(), value)
            .map(|_| ())
            .map_err(|_| JsError::new(&format!("cannot set {key} on the result")))
    };
    set(&object, "labels", &Int32Array::from(labels.as_slice()))?;
    let projection = Reflect::get(&object, &"projection".into())
        .map_err(|_| JsError::new("the result has no projection"))?;
    set(&projection, "x", &Float32Array::from(x.as_slice()))?;
    set(&projection, "y", &Float32Array::from(y.as_slice()))?;
    Ok(object)
}

/// Segments `bytes`. `onProgress(stage, fraction)`, when given, is called during the work; if it
/// returns `false` the analysis stops with an error "cancelled".
#[wasm_bindgen]
pub fn analyze(
    bytes: &[u8],
    options: JsValue,
    on_progress: Option<Function>,
) -> Result<JsValue, JsError> {
    let options = options_from(options)?;
    let mut progress = progress_callback(on_progress);
    let result =
        tribes_core::analyze(bytes, &options, draw_seed(), &mut progress).map_err(js_error)?;
    result_to_js(result)
}
