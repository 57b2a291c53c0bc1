//! Which columns a rule may name and which are outcomes: the columns' roles, as the schema
//! detected them (or the user set them). The rest of the describe layer asks only these two
//! questions.

use crate::schema::{ColumnSchema, Role};

/// Whether a column must never appear in a rule, a persona or a trait's words: people's names,
/// e-mail addresses, phones and street addresses, the customer's owner, and identifiers.
pub fn personal(column: &ColumnSchema) -> bool {
    !column.role.shown()
}

/// Whether a column is an outcome (churn, conversion, cancellation), reported per segment against
/// all rows rather than used to find the segment.
pub fn outcome(column: &ColumnSchema) -> bool {
    column.role == Role::Outcome
}
