//! The names the core owns and a user interface lists, so that none keeps its own copy.

use serde::Serialize;

use super::progress::Stage;
use crate::features::usable;
use crate::schema::{Kind, Lens, Role};

/// Every column kind, the kinds that can form segments, and the stages progress reports name,
/// each in its order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Vocabulary {
    pub kinds: Vec<&'static str>,
    pub feature_kinds: Vec<&'static str>,
    pub stages: Vec<&'static str>,
    /// The roles a user can give a column.
    pub roles: Vec<&'static str>,
    /// The roles whose columns never show (identifier, personal, owner): the only roles a column
    /// found personal can be given.
    pub hidden_roles: Vec<&'static str>,
    /// The lenses: `auto`, then the four ways of segmenting.
    pub lenses: Vec<&'static str>,
    /// The files this build reads, as `input.source.format` names them: `csv` and `text`
    /// (columns aligned with spaces) always; `xlsx`, `xlsb`, `xls`, `ods` and `zip` with the
    /// cargo feature `workbooks`, which the single-file page and the embed leave out.
    pub formats: Vec<&'static str>,
}

/// The core's names for the UI.
pub fn vocabulary() -> Vocabulary {
    Vocabulary {
        kinds: Kind::ALL.map(Kind::as_str).to_vec(),
        feature_kinds: Kind::ALL
            .into_iter()
            .filter(|&k| usable(k))
            .map(Kind::as_str)
            .collect(),
        stages: Stage::ALL.map(Stage::as_str).to_vec(),
        roles: Role::SETTABLE.map(Role::as_str).to_vec(),
        hidden_roles: Role::SETTABLE
            .into_iter()
            .filter(|r| !r.shown())
            .map(Role::as_str)
            .collect(),
        lenses: std::iter::once("auto")
            .chain(Lens::ALL.map(Lens::as_str))
            .collect(),
        formats: if cfg!(feature = "workbooks") {
            vec!["csv", "text", "xlsx", "xlsb", "xls", "ods", "zip"]
        } else {
            vec!["csv", "text"]
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabulary_lists_kinds_feature_kinds_stages_roles_and_lenses_in_order() {
        let v = serde_json::to_value(vocabulary()).unwrap();
        let formats: &[&str] = if cfg!(feature = "workbooks") {
            &["csv", "text", "xlsx", "xlsb", "xls", "ods", "zip"]
        } else {
            &["csv", "text"]
        };
        // The embeddable build segments on no list (README, "Sizes").
        let feature_kinds: &[&str] = if cfg!(feature = "full-report") {
            &["numeric", "ordinal", "boolean", "categorical", "list"]
        } else {
            &["numeric", "ordinal", "boolean", "categorical"]
        };
        assert_eq!(
            v,
            serde_json::json!({
                "kinds": ["numeric", "ordinal", "boolean", "date", "categorical", "list", "text", "identifier"],
                "featureKinds": feature_kinds,
                "stages": ["read", "aggregate", "choose-k", "fit", "profile", "stability"],
                "roles": ["feature", "derived", "identifier", "personal", "owner", "outcome", "sparse"],
                "hiddenRoles": ["identifier", "personal", "owner"],
                "lenses": ["auto", "behaviour", "firmographics", "location", "demographics"],
                "formats": formats,
            })
        );
    }
}
