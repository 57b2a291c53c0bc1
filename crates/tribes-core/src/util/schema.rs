//! A helper for the JSON Schema generated from the result types (`cargo xtask schema`).

/// Takes `fields` out of an object schema's `required` list. The schema is generated with every
/// feature on, so it would require the fields only the feature `full-report` adds; the
/// embeddable build's result has none of them and must be true to the schema too.
pub fn not_required(schema: &mut schemars::Schema, fields: &[&str]) {
    if let Some(serde_json::Value::Array(required)) = schema.get_mut("required") {
        required.retain(|f| !fields.iter().any(|x| f == x));
    }
}
