//! The kinds the user set, over the detected ones.

use super::kind::{ColumnSchema, Kind};
use crate::error::ParamError;
use crate::util::by_column::ByColumn;

/// The detected schema with the user's kinds (by column name) applied; a changed kind says so in
/// its evidence. A name that is no column is refused, with the columns there are.
pub fn with_kinds(
    mut schema: Vec<ColumnSchema>,
    kinds: &ByColumn<Kind>,
) -> Result<Vec<ColumnSchema>, ParamError> {
    for (name, &kind) in kinds.iter() {
        let Some(at) = schema.iter().position(|c| &c.name == name) else {
            return Err(ParamError::UnknownColumn {
                option: "kinds",
                name: name.clone(),
                available: schema
                    .iter()
                    .map(|c| c.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        };
        let column = &mut schema[at];
        if column.kind != kind {
            column.evidence = format!(
                "set by you (detected as {}: {})",
                column.kind.as_str(),
                column.evidence
            );
            column.kind = kind;
            column.overridden = true;
        }
    }
    Ok(schema)
}
