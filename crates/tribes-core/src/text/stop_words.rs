//! The stop-word lists (NLTK's, for seven languages, written into the build by `build.rs`), and
//! choosing a column's language by which list covers most of its words.

use super::tokens::{tokenize, Dropped, Piece};
use crate::util::hash::FxSet;

mod lists {
    include!(concat!(env!("OUT_DIR"), "/stop_words.rs"));
}

/// Words every language treats as stop words here: the noise of web and social text.
pub const WEB_NOISE: [&str; 6] = ["amp", "http", "https", "rt", "via", "www"];

/// The codes of the languages with a stop-word list.
pub fn languages() -> impl Iterator<Item = &'static str> {
    lists::LISTS.iter().map(|l| l.0)
}

pub(super) fn list(code: &str) -> impl Iterator<Item = &'static str> {
    lists::LISTS
        .iter()
        .find(|l| l.0 == code)
        .map_or("", |l| l.2)
        .split('\n')
        .filter(|w| !w.is_empty())
}

/// Rows read to decide a column's language.
const DETECT_ROWS: usize = 5_000;

/// The language whose stop words cover most tokens of the first rows (English on a tie or when
/// none match).
pub(super) fn detect(cells: &[&str]) -> &'static str {
    let sets: Vec<FxSet<&str>> = lists::LISTS
        .iter()
        .map(|l| l.2.split('\n').collect())
        .collect();
    let mut hits = [0usize; 7];
    let mut pieces = Vec::new();
    let mut dropped = Dropped::default();
    for cell in cells.iter().take(DETECT_ROWS) {
        pieces.clear();
        tokenize(cell, &mut pieces, &mut dropped);
        for piece in &pieces {
            if let Piece::Token(t) = piece {
                for (h, set) in hits.iter_mut().zip(&sets) {
                    if set.contains(t.as_str()) {
                        *h += 1;
                    }
                }
            }
        }
    }
    let mut best = 0;
    for (i, &h) in hits.iter().enumerate() {
        if h > hits[best] {
            best = i;
        }
    }
    lists::LISTS[best].0
}
