//! Which columns become features.

use crate::error::ParamError;
use crate::schema::{ColumnSchema, Kind};

/// Whether a kind can be a feature.
pub fn usable(kind: Kind) -> bool {
    kind.forms_segments()
}

/// The index of the column `name`, or the error for `option` that lists the columns there are.
pub fn column_index(
    schema: &[ColumnSchema],
    option: &'static str,
    name: &str,
) -> Result<usize, ParamError> {
    schema
        .iter()
        .position(|c| c.name == name)
        .ok_or_else(|| ParamError::UnknownColumn {
            option,
            name: name.to_owned(),
            available: schema
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        })
}

/// Which table columns are features: those named in `columns`, or every usable column, less
/// those in `exclude`.
pub fn select_columns(
    schema: &[ColumnSchema],
    columns: Option<&[String]>,
    exclude: &[String],
) -> Result<Vec<usize>, ParamError> {
    let find = |option: &'static str, name: &str| column_index(schema, option, name);
    let mut excluded = Vec::new();
    for name in exclude {
        excluded.push(find("exclude", name)?);
    }
    let chosen = match columns {
        Some(names) => {
            let mut idx = Vec::new();
            for name in names {
                let i = find("columns", name)?;
                if !usable(schema[i].kind) {
                    return Err(ParamError::NotUsable {
                        option: "columns",
                        name: name.clone(),
                        kind: schema[i].kind.as_str().to_owned(),
                    });
                }
                if !idx.contains(&i) {
                    idx.push(i);
                }
            }
            idx
        }
        None => (0..schema.len())
            .filter(|&i| usable(schema[i].kind))
            .collect(),
    };
    Ok(chosen
        .into_iter()
        .filter(|i| !excluded.contains(i))
        .collect())
}
