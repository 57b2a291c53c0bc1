//! Splitting a cell into tokens: Unicode words, lower-cased; `#hashtags`, `@mentions` and numbers
//! with units kept whole; addresses dropped and counted; breaks where a phrase must stop.

use unicode_segmentation::UnicodeSegmentation;

/// A token, and whether a phrase may continue across the gap before it.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Token(String),
    /// Punctuation, a list separator or a dropped address: phrases stop here.
    Break,
}

/// What the tokenizer dropped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Dropped {
    pub urls: usize,
    pub emails: usize,
}

fn is_url(chunk: &str) -> bool {
    let c = chunk.to_ascii_lowercase();
    c.starts_with("http://") || c.starts_with("https://") || c.starts_with("www.")
}

fn is_email(chunk: &str) -> bool {
    match chunk.find('@') {
        Some(at) if at > 0 => chunk[at + 1..].contains('.'),
        _ => false,
    }
}

const CURRENCY: [&str; 4] = ["$", "€", "£", "¥"];

/// Splits one cell into tokens and breaks.
pub fn tokenize(cell: &str, out: &mut Vec<Piece>, dropped: &mut Dropped) {
    for part in cell.split([';', '|', '\n', '\r']) {
        out.push(Piece::Break);
        for chunk in part.split_whitespace() {
            // Addresses first: word boundaries would cut them into words.
            let bare = chunk.trim_matches(|c: char| matches!(c, '(' | ')' | '<' | '>' | ',' | '"'));
            if is_url(bare) {
                dropped.urls += 1;
                out.push(Piece::Break);
                continue;
            }
            if !bare.starts_with('@') && is_email(bare) {
                dropped.emails += 1;
                out.push(Piece::Break);
                continue;
            }
            words(chunk, out);
        }
    }
}

/// The words of a chunk without spaces.
fn words(chunk: &str, out: &mut Vec<Piece>) {
    let segments: Vec<&str> = chunk.split_word_bounds().collect();
    let mut i = 0;
    while i < segments.len() {
        let s = segments[i];
        let next = segments.get(i + 1).copied();
        let wordy = |t: &str| t.chars().any(char::is_alphanumeric);
        if (s == "#" || s == "@") && next.is_some_and(wordy) && (i == 0) {
            out.push(Piece::Token(format!(
                "{s}{}",
                next.unwrap_or("").to_lowercase()
            )));
            i += 2;
            continue;
        }
        if CURRENCY.contains(&s)
            && next.is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()))
        {
            out.push(Piece::Token(format!(
                "{s}{}",
                next.unwrap_or("").to_lowercase()
            )));
            i += 2;
            continue;
        }
        // A hyphen between two words keeps them one word: "e-mail", "follow-up", "b2b-saas".
        if s == "-" && next.is_some_and(wordy) {
            if let (Some(Piece::Token(last)), Some(after)) = (out.last_mut(), next) {
                if i > 0 && wordy(segments[i - 1]) {
                    last.push('-');
                    last.push_str(&after.to_lowercase());
                    i += 2;
                    continue;
                }
            }
        }
        if wordy(s) {
            let mut token = s.to_lowercase();
            if next == Some("%") && s.starts_with(|c: char| c.is_ascii_digit()) {
                token.push('%');
                i += 1;
            }
            out.push(Piece::Token(token));
        } else if !s
            .chars()
            .all(|c| c.is_whitespace() || c == '\'' || c == '’' || c == '-')
        {
            out.push(Piece::Break);
        }
        i += 1;
    }
}
