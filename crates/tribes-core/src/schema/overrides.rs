//! The kinds and roles the user set, over the detected ones.

use super::kind::{ColumnSchema, Kind};
use super::purpose::Role;
use super::role::detect;
use crate::error::ParamError;
use crate::read::Table;
use crate::util::by_column::ByColumn;

fn unknown(schema: &[ColumnSchema], option: &'static str, name: &str) -> ParamError {
    ParamError::UnknownColumn {
        option,
        name: name.to_owned(),
        available: schema
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The detected schema with the user's kinds (by column name) applied; a changed kind says so in
/// its evidence, and the column's role is detected again for its new kind. A name that is no
/// column is refused, with the columns there are.
pub fn with_kinds(
    table: &Table,
    mut schema: Vec<ColumnSchema>,
    kinds: &ByColumn<Kind>,
) -> Result<Vec<ColumnSchema>, ParamError> {
    for (name, &kind) in kinds.iter() {
        let Some(at) = schema.iter().position(|c| &c.name == name) else {
            return Err(unknown(&schema, "kinds", name));
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
            // The embeddable build has no lists (README, "Sizes").
            column.separator = (cfg!(feature = "full-report") && kind == Kind::List)
                .then(|| super::list::guess_separator(table.column(at)));
            let d = detect(column, table.column(at), table.rows());
            column.role = d.role;
            column.role_evidence = d.evidence;
        }
    }
    Ok(schema)
}

/// The schema with the user's roles (by column name) applied, each saying so in its evidence.
pub fn with_roles(
    mut schema: Vec<ColumnSchema>,
    roles: &ByColumn<Role>,
) -> Result<Vec<ColumnSchema>, ParamError> {
    for (name, &role) in roles.iter() {
        let Some(at) = schema.iter().position(|c| &c.name == name) else {
            return Err(unknown(&schema, "roles", name));
        };
        let column = &mut schema[at];
        let fits = match role {
            Role::Derived => column.kind == Kind::Date,
            Role::Feature => column.kind.forms_segments(),
            _ => true,
        };
        // A column found personal keeps a role that shows none of its values: the privacy
        // promise (personal data never forms segments nor shows in names, traits, profiles or
        // typical customers) holds whatever the options say.
        if column.role == Role::Personal && role.shown() {
            return Err(ParamError::PersonalRole {
                column: name.clone(),
                role: role.as_str(),
                evidence: column.role_evidence.clone(),
            });
        }
        if !fits {
            return Err(ParamError::RoleKind {
                column: name.clone(),
                role: role.as_str(),
                kind: column.kind.as_str(),
            });
        }
        if column.role != role {
            column.role_evidence = format!(
                "set by you (detected as {}: {})",
                column.role.as_str(),
                column.role_evidence
            );
            column.role = role;
        }
    }
    Ok(schema)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::read;
    use crate::schema::infer;

    /// `--kind COLUMN=list` makes a column a list with the separator that splits the most cells,
    /// and `--kind COLUMN=categorical` makes a detected list a category again.
    #[test]
    fn a_list_is_set_and_unset_by_the_users_kinds() {
        // One cell of eight with a separator is too few to detect a list of channels.
        let csv = "channels,tags\nEmail|Phone,\"VIP, newsletter\"\nEmail,VIP\nPhone,newsletter\n\
                   Email,\"newsletter, VIP\"\nWebinar,\nEmail,\"VIP, wholesale\"\n\
                   Phone,newsletter\nWebinar,wholesale\n";
        let t = read(csv.as_bytes(), &Default::default()).unwrap();
        let s = infer(&t);
        assert_eq!(s[0].kind, Kind::Categorical, "{}", s[0].evidence);
        assert_eq!(s[1].kind, Kind::List, "{}", s[1].evidence);
        let mut kinds = ByColumn::default();
        kinds.insert("channels".into(), Kind::List);
        kinds.insert("tags".into(), Kind::Categorical);
        let s = with_kinds(&t, s, &kinds).unwrap();
        assert_eq!((s[0].kind, s[0].separator), (Kind::List, Some('|')));
        assert!(s[0].overridden && s[0].evidence.starts_with("set by you"));
        assert_eq!((s[1].kind, s[1].separator), (Kind::Categorical, None));
    }
}
