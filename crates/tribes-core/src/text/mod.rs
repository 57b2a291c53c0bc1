//! What each group says, in its own words: tokens, stop words, phrases, frequencies, and the terms
//! that set a group apart.
//!
//! - Tokens: Unicode word boundaries (UAX #29, `unicode-segmentation`), lower-cased. `#hashtags`
//!   and `@mentions` keep their sign; a number keeps its unit (`10gb`, `50%`, `$20`). Web and
//!   e-mail addresses are dropped and counted. A cell holding a list (`sports; travel | music`)
//!   is split at `;` and `|`, and no phrase crosses those or any punctuation.
//! - Stop words: NLTK's lists for English, German, French, Spanish, Dutch, Portuguese and Italian
//!   (written into the build by `build.rs`); a column's language is the list that covers most of
//!   its words. Web noise (`rt`, `via`, `amp`, `http`, `https`, `www`) and the user's own words are
//!   stop words too. Single letters are dropped.
//! - Terms: words and phrases of two or three words that neither start nor end with a stop word,
//!   kept when they occur in at least `min_docs` rows. With the `stem` feature, words are grouped
//!   by their Snowball stem and shown in their most frequent form.
//! - Distinctive terms: each group against all the others, by the log-odds ratio with an
//!   informative Dirichlet prior (Monroe, Colaresi and Quinn 2008, "Fightin' Words", eq. 22), the
//!   prior being each term's count in the whole column. A term is distinctive when its z-score is
//!   at least 1.96 and its rate in the group is at least 1.25 times its rate elsewhere, so a term
//!   used alike by every group is never called distinctive. A phrase is shown instead of its words
//!   when it scores at least as high as each of them.

pub mod corpus;
pub mod settings;
pub mod stop_words;
pub mod terms;
pub mod tokens;

pub use corpus::{Corpus, CorpusSettings, CAN_STEM};
pub use settings::{KeywordSettings, DEFAULT_TOP};
pub use terms::{KeywordGroup, KeywordSet, TextSummary};
