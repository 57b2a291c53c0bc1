//! The keywords' settings, checked: which text columns, how their words are read, how many terms
//! each group lists, and what the groups are.

use super::corpus::CorpusSettings;

/// Keywords listed per group.
pub const DEFAULT_TOP: u32 = 10;

#[derive(Debug, Clone, PartialEq)]
pub struct KeywordSettings {
    /// The free-text columns, by name: each segment gets their distinctive terms.
    pub columns: Vec<String>,
    /// Words to leave out, besides the language's stop words.
    pub stop_words: Vec<String>,
    /// Group words by their Snowball stem (the build can stem: checked).
    pub stem: bool,
    /// Terms listed per group.
    pub top: usize,
    /// Group the rows by this column's values instead of by segment (`tribes keywords --by`).
    pub by: Option<String>,
}

impl Default for KeywordSettings {
    fn default() -> Self {
        KeywordSettings {
            columns: Vec::new(),
            stop_words: Vec::new(),
            stem: false,
            top: DEFAULT_TOP as usize,
            by: None,
        }
    }
}

impl KeywordSettings {
    /// How the text columns are read.
    pub fn corpus(&self) -> CorpusSettings {
        CorpusSettings {
            stop_words: self.stop_words.clone(),
            stem: self.stem,
            ..CorpusSettings::default()
        }
    }
}
