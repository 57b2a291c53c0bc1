//! The wasm-bindgen layer over tribes-core: parse JS options, call the core, hand back plain JS
//! objects. Nothing else lives here. Errors become JS `Error`s carrying the core's message; labels
//! travel as an `Int32Array` the worker can transfer to the page.

#![forbid(unsafe_code)]

use js_sys::{Function, Int32Array, Reflect};
use serde::Serialize;
use tribes_core::Options;
use wasm_bindgen::prelude::*;

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

/// Reads `bytes` and returns what was understood: dialect, skipped rows, columns and kinds.
/// `options.rows: true` adds every row as strings.
#[wasm_bindgen]
pub fn inspect(bytes: &[u8], options: JsValue) -> Result<JsValue, JsError> {
    let rows = if options.is_object() {
        Reflect::get(&options, &"rows".into())
            .map(|v| v.is_truthy())
            .unwrap_or(false)
    } else {
        false
    };
    let inspection = tribes_core::inspect(bytes, rows).map_err(|e| JsError::new(&e.to_string()))?;
    to_js(&inspection)
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
    let mut progress = |p: tribes_core::Progress| match &on_progress {
        Some(f) => f
            .call2(&JsValue::NULL, &p.stage.as_str().into(), &p.fraction.into())
            .map(|answer| answer.as_bool() != Some(false))
            .unwrap_or(true),
        None => true,
    };
    let mut result = tribes_core::analyze(bytes, &options, draw_seed(), &mut progress)
        .map_err(|e| JsError::new(&e.to_string()))?;
    let labels = std::mem::take(&mut result.labels);
    let object = to_js(&result)?;
    Reflect::set(
        &object,
        &"labels".into(),
        &Int32Array::from(labels.as_slice()),
    )
    .map_err(|_| JsError::new("cannot set labels on the result"))?;
    Ok(object)
}
