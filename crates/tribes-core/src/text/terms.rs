//! What the text stage reports: terms with their counts, a column's summary, and each group's
//! distinctive terms.

use serde::Serialize;

/// The distinctive terms of one text column in one segment.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct KeywordSet {
    pub column: String,
    pub terms: Vec<Term>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Term {
    /// A word, a phrase of up to three words, a #hashtag or an @mention, as most often written.
    pub term: String,
    /// Times it occurs (in the group, or overall).
    pub count: usize,
    /// Rows it occurs in.
    pub docs: usize,
    /// For a group's distinctive terms: the z-score of its log-odds ratio against the other
    /// groups (above 1.96: unlikely to be chance). Absent for plain frequencies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
}

/// One text column as a whole: its language, what was dropped, and its most frequent terms.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TextSummary {
    pub column: String,
    /// The stop-word list that covers most of its words: `en`, `de`, `fr`, `es`, `nl`, `pt`, `it`.
    pub language: String,
    /// Rows with text.
    pub docs: usize,
    /// Words read (stop words included).
    pub tokens: usize,
    /// Web addresses and e-mail addresses dropped (counted, never shown).
    pub urls: usize,
    pub emails: usize,
    /// The most frequent terms (by rows), stop words left out.
    pub terms: Vec<Term>,
}

/// The distinctive terms of one group (a segment, or a value of a column).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct KeywordGroup {
    pub group: String,
    /// Rows in the group.
    pub size: usize,
    pub terms: Vec<Term>,
}
