//! One text column, read: its terms (words and phrases), which rows hold them, its frequencies,
//! the terms that set a group apart, and its rows as TF-IDF vectors.

use super::stop_words::{detect, languages, list, WEB_NOISE};
use super::terms::{KeywordGroup, Term, TextSummary};
use super::tokens::{tokenize, Dropped, Piece};
use crate::util::hash::{fnv1a, FxMap, FxSet};

/// Terms must occur in at least this many rows (by default).
pub const DEFAULT_MIN_DOCS: usize = 2;
/// Longest phrase, in words.
pub const MAX_WORDS: usize = 3;
/// A distinctive term's z-score is at least this (two-sided 5%)...
pub const MIN_Z: f64 = 1.96;
/// ...and its rate in the group at least this many times its rate in the rest.
pub const MIN_RATE_RATIO: f64 = 1.25;
/// A word is hidden behind a phrase that contains it when it occurs at most this many times as
/// often as the phrase (it is mostly said as part of the phrase).
const COVERED: f64 = 1.25;

/// How to read a text column.
#[derive(Debug, Clone, PartialEq)]
pub struct CorpusSettings {
    pub min_docs: usize,
    /// Extra stop words, as the user wrote them (compared lower-cased).
    pub stop_words: Vec<String>,
    /// Forces a language (`en`...); detected when `None`.
    pub language: Option<String>,
    /// Groups words by their Snowball stem (needs the `stem` feature; `Options::check` refuses
    /// it otherwise).
    pub stem: bool,
}

impl Default for CorpusSettings {
    fn default() -> Self {
        CorpusSettings {
            min_docs: DEFAULT_MIN_DOCS,
            stop_words: Vec::new(),
            language: None,
            stem: false,
        }
    }
}

/// One text column, read: its terms and which rows hold them.
#[derive(Debug, Clone)]
pub struct Corpus {
    pub language: &'static str,
    pub docs: usize,
    pub tokens: usize,
    pub dropped: Dropped,
    /// Each term's display form and word count.
    terms: Vec<(String, usize)>,
    /// Per row: (term, occurrences), by term.
    rows: Vec<Vec<(u32, u32)>>,
}

impl Corpus {
    /// Reads the cells of one column, in row order.
    pub fn read<'a>(cells: impl Iterator<Item = &'a str>, settings: &CorpusSettings) -> Corpus {
        let cells: Vec<&str> = cells.collect();
        let mut dropped = Dropped::default();
        let language = settings
            .language
            .as_deref()
            .and_then(|l| languages().find(|c| *c == l))
            .unwrap_or_else(|| detect(&cells));
        let mut stops: FxSet<String> = list(language).map(str::to_owned).collect();
        stops.extend(WEB_NOISE.iter().map(|w| (*w).to_owned()));
        stops.extend(settings.stop_words.iter().map(|w| w.trim().to_lowercase()));
        let stop = |token: &str| {
            (token.chars().count() < 2 && !token.starts_with(|c: char| c.is_ascii_digit()))
                || stops.contains(token)
        };
        let (mut docs, mut tokens) = (0, 0);
        let stemmer = settings.stem.then(|| Stemmer::new(language)).flatten();

        // Words get ids once (with their stop-word flag); a term is up to three word ids, so
        // phrases are counted without building their text, which only the kept ones get.
        let mut word_ids: FxMap<String, u32> = FxMap::default();
        let mut words: Vec<(String, bool)> = Vec::new();
        // With stemming: each word's surface forms and their counts, to show the most frequent.
        let mut surfaces: Vec<FxMap<String, u32>> = Vec::new();
        let mut ids: FxMap<[u32; MAX_WORDS], u32> = FxMap::default();
        let mut keys: Vec<[u32; MAX_WORDS]> = Vec::new();
        let mut rows: Vec<Vec<(u32, u32)>> = Vec::with_capacity(cells.len());
        let mut p: Vec<Piece> = Vec::new();
        let mut here: Vec<u32> = Vec::new();
        let mut run: Vec<u32> = Vec::new();
        for cell in &cells {
            p.clear();
            here.clear();
            tokenize(cell, &mut p, &mut dropped);
            let count = p.iter().filter(|x| matches!(x, Piece::Token(_))).count();
            tokens += count;
            if count > 0 {
                docs += 1;
            }
            for piece in p.drain(..) {
                match piece {
                    Piece::Token(t) => {
                        let id = match &stemmer {
                            None => match word_ids.get(t.as_str()) {
                                Some(&id) => id,
                                None => {
                                    let id = words.len() as u32;
                                    words.push((t.clone(), stop(&t)));
                                    word_ids.insert(t, id);
                                    id
                                }
                            },
                            Some(stemmer) => {
                                // Stop words keep their own ids, so a stem never mixes a stop
                                // word with a content word.
                                let is_stop = stop(&t);
                                let key = if is_stop {
                                    format!("\u{0}{t}")
                                } else {
                                    stemmer.stem(&t)
                                };
                                let id = match word_ids.get(key.as_str()) {
                                    Some(&id) => id,
                                    None => {
                                        let id = words.len() as u32;
                                        words.push((t.clone(), is_stop));
                                        surfaces.push(FxMap::default());
                                        word_ids.insert(key, id);
                                        id
                                    }
                                };
                                if let Some(forms) = surfaces.get_mut(id as usize) {
                                    *forms.entry(t).or_insert(0) += 1;
                                }
                                id
                            }
                        };
                        run.push(id);
                    }
                    Piece::Break => terms_of(&mut run, &words, &mut ids, &mut keys, &mut here),
                }
            }
            terms_of(&mut run, &words, &mut ids, &mut keys, &mut here);
            crate::util::order::sort_by(&mut here, |a, b| a.cmp(b));
            let mut counted: Vec<(u32, u32)> = Vec::new();
            for &id in &here {
                match counted.last_mut() {
                    Some((last, n)) if *last == id => *n += 1,
                    _ => counted.push((id, 1)),
                }
            }
            rows.push(counted);
        }
        // Each stem is shown as its most frequent form (the first in sorted order on a tie).
        for (word, forms) in words.iter_mut().zip(&surfaces) {
            if let Some((form, _)) = forms
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            {
                word.0 = form.clone();
            }
        }
        let names = keys.iter().map(|key| {
            let parts: Vec<&str> = key
                .iter()
                .take_while(|&&w| w != u32::MAX)
                .map(|&w| words[w as usize].0.as_str())
                .collect();
            parts
        });
        let mut df = vec![0usize; keys.len()];
        for r in &rows {
            for &(id, _) in r {
                df[id as usize] += 1;
            }
        }
        // Renumber the terms that occur in enough rows; drop the rest.
        let mut new_id = vec![u32::MAX; keys.len()];
        let mut terms = Vec::new();
        for (id, parts) in names.enumerate() {
            if df[id] >= settings.min_docs.max(1) {
                new_id[id] = terms.len() as u32;
                terms.push((parts.join(" "), parts.len()));
            }
        }
        for r in &mut rows {
            r.retain_mut(|(id, _)| {
                *id = new_id[*id as usize];
                *id != u32::MAX
            });
        }
        Corpus {
            language,
            docs,
            tokens,
            dropped,
            terms,
            rows,
        }
    }

    /// The column as a whole: its `top` most frequent terms by rows (words and phrases).
    pub fn summary(&self, column: &str, top: usize) -> TextSummary {
        let (count, docs) = self.totals(|_| true);
        let mut order: Vec<usize> = (0..self.terms.len()).filter(|&t| docs[t] > 0).collect();
        crate::util::order::sort_indices(&mut order, &mut |a, b| {
            docs[b]
                .cmp(&docs[a])
                .then(count[b].cmp(&count[a]))
                .then_with(|| self.terms[a].0.cmp(&self.terms[b].0))
        });
        // A word said mostly inside a more frequent-or-equal phrase is shown as the phrase.
        let position: FxMap<&str, usize> = order
            .iter()
            .map(|&t| (self.terms[t].0.as_str(), t))
            .collect();
        let mut hidden = vec![false; self.terms.len()];
        for &t in &order {
            for part in sub_phrases(&self.terms[t].0) {
                if let Some(&w) = position.get(part) {
                    if docs[w] as f64 <= COVERED * docs[t] as f64 {
                        hidden[w] = true;
                    }
                }
            }
        }
        order.retain(|&t| !hidden[t]);
        TextSummary {
            column: column.to_owned(),
            language: self.language.to_owned(),
            docs: self.docs,
            tokens: self.tokens,
            urls: self.dropped.urls,
            emails: self.dropped.emails,
            terms: order
                .into_iter()
                .take(top)
                .map(|t| Term {
                    term: self.terms[t].0.clone(),
                    count: count[t],
                    docs: docs[t],
                    score: None,
                })
                .collect(),
        }
    }

    /// The terms, by id (the ids `embed`'s weights are given by).
    pub fn terms(&self) -> impl Iterator<Item = &str> {
        self.terms.iter().map(|(name, _)| name.as_str())
    }

    /// Each term's inverse document frequency, by id: smooth idf, ln((1 + n) / (1 + df)) + 1, as
    /// scikit-learn's TfidfVectorizer.
    pub fn idf(&self) -> Vec<f64> {
        let n = self.rows.len();
        let mut df = vec![0usize; self.terms.len()];
        for row in &self.rows {
            for &(id, _) in row {
                df[id as usize] += 1;
            }
        }
        df.iter()
            .map(|&d| libm::log((1.0 + n as f64) / (1.0 + d as f64)) + 1.0)
            .collect()
    }

    /// Each row as a TF-IDF vector (sublinear term frequency 1 + ln tf, times `idf[term]`; a term
    /// whose idf is `None` is left out), hashed into `dims` signed buckets (the hashing trick)
    /// and scaled to unit length; a row without terms is all zeros. `idf` is by term id: this
    /// corpus's own ([`Corpus::idf`]), or a fitted vocabulary's looked up by term.
    pub fn embed(&self, dims: usize, idf: &[Option<f64>]) -> ndarray::Array2<f64> {
        let n = self.rows.len();
        let mut x = ndarray::Array2::<f64>::zeros((n, dims.max(1)));
        let place: Vec<(usize, f64)> = self
            .terms
            .iter()
            .map(|(name, _)| {
                let h = fnv1a(name.as_bytes());
                let bucket = (h % dims.max(1) as u64) as usize;
                let sign = if (h >> 63) == 0 { 1.0 } else { -1.0 };
                (bucket, sign)
            })
            .collect();
        for (r, row) in self.rows.iter().enumerate() {
            let mut out = x.row_mut(r);
            for &(id, tf) in row {
                let Some(idf) = idf.get(id as usize).copied().flatten() else {
                    continue;
                };
                let w = (1.0 + libm::log(f64::from(tf))) * idf;
                let (bucket, sign) = place[id as usize];
                out[bucket] += sign * w;
            }
            let norm = out.iter().map(|v| v * v).sum::<f64>().sqrt();
            if norm > 0.0 {
                out.mapv_inplace(|v| v / norm);
            }
        }
        x
    }

    /// Occurrences and rows per term, over the rows `keep` accepts.
    fn totals(&self, keep: impl Fn(usize) -> bool) -> (Vec<usize>, Vec<usize>) {
        let mut count = vec![0usize; self.terms.len()];
        let mut docs = vec![0usize; self.terms.len()];
        for (r, row) in self.rows.iter().enumerate() {
            if keep(r) {
                for &(id, n) in row {
                    count[id as usize] += n as usize;
                    docs[id as usize] += 1;
                }
            }
        }
        (count, docs)
    }

    /// The distinctive terms of each group, at most `top` each. `groups[r]` is row r's group, or
    /// `None` for a row in no group; `names` names the groups.
    pub fn distinctive(
        &self,
        groups: &[Option<usize>],
        names: &[String],
        top: usize,
    ) -> Vec<KeywordGroup> {
        let g = names.len();
        let t = self.terms.len();
        let mut count = vec![vec![0usize; t]; g];
        let mut docs = vec![vec![0usize; t]; g];
        let mut sizes = vec![0usize; g];
        for (row, group) in self.rows.iter().zip(groups) {
            let Some(group) = *group else { continue };
            if group >= g {
                continue;
            }
            sizes[group] += 1;
            for &(id, n) in row {
                count[group][id as usize] += n as usize;
                docs[group][id as usize] += 1;
            }
        }
        let overall: Vec<usize> = (0..t).map(|w| (0..g).map(|i| count[i][w]).sum()).collect();
        let total: f64 = overall.iter().sum::<usize>() as f64;
        let alpha0 = total; // the prior: each term's count in the whole column
        (0..g)
            .map(|i| {
                let n_i: f64 = count[i].iter().sum::<usize>() as f64;
                let n_rest = total - n_i;
                let mut scored: Vec<(usize, f64)> = Vec::new();
                for w in 0..t {
                    let y_i = count[i][w] as f64;
                    if y_i == 0.0 || n_rest <= 0.0 {
                        continue;
                    }
                    let y_rest = overall[w] as f64 - y_i;
                    let a = overall[w] as f64;
                    let delta = libm::log((y_i + a) / (n_i + alpha0 - y_i - a))
                        - libm::log((y_rest + a) / (n_rest + alpha0 - y_rest - a));
                    let z = delta / (1.0 / (y_i + a) + 1.0 / (y_rest + a)).sqrt();
                    let rate_here = y_i / n_i;
                    let rate_rest = y_rest / n_rest;
                    let ratio_ok = rate_rest == 0.0 || rate_here >= MIN_RATE_RATIO * rate_rest;
                    if z.is_finite() && z >= MIN_Z && ratio_ok {
                        scored.push((w, z));
                    }
                }
                let chosen = self.prefer_phrases(scored, &count[i]);
                KeywordGroup {
                    group: names[i].clone(),
                    size: sizes[i],
                    terms: chosen
                        .into_iter()
                        .take(top)
                        .map(|(w, z)| Term {
                            term: self.terms[w].0.clone(),
                            count: count[i][w],
                            docs: docs[i][w],
                            score: Some(z),
                        })
                        .collect(),
                }
            })
            .collect()
    }

    /// Keeps a phrase when it scores at least as high as each of its words, and then hides the
    /// words it mostly accounts for; drops it otherwise. Sorted by score.
    fn prefer_phrases(&self, mut scored: Vec<(usize, f64)>, count: &[usize]) -> Vec<(usize, f64)> {
        crate::util::order::sort_by(&mut scored, |a, b| {
            b.1.total_cmp(&a.1)
                .then_with(|| self.terms[a.0].0.cmp(&self.terms[b.0].0))
        });
        let score: FxMap<&str, (usize, f64)> = scored
            .iter()
            .map(|&(w, z)| (self.terms[w].0.as_str(), (w, z)))
            .collect();
        let mut hidden = vec![false; self.terms.len()];
        for &(w, z) in &scored {
            let (name, words) = &self.terms[w];
            if *words < 2 {
                continue;
            }
            let parts = sub_phrases(name);
            let beats_words = parts
                .iter()
                .all(|p| score.get(p).is_none_or(|&(_, pz)| z >= pz));
            if beats_words {
                for p in &parts {
                    if let Some(&(pw, _)) = score.get(p) {
                        if count[pw] as f64 <= COVERED * count[w] as f64 {
                            hidden[pw] = true;
                        }
                    }
                }
            } else {
                hidden[w] = true;
            }
        }
        scored.retain(|&(w, _)| !hidden[w]);
        scored
    }
}

/// The terms of a run of words between breaks: every sequence of one to three words that
/// neither starts nor ends with a stop word, interned by word ids. Empties the run.
fn terms_of(
    run: &mut Vec<u32>,
    words: &[(String, bool)],
    ids: &mut FxMap<[u32; MAX_WORDS], u32>,
    keys: &mut Vec<[u32; MAX_WORDS]>,
    here: &mut Vec<u32>,
) {
    let stop = |w: u32| words.get(w as usize).is_none_or(|x| x.1);
    for start in 0..run.len() {
        if stop(run[start]) {
            continue;
        }
        for len in 1..=MAX_WORDS.min(run.len() - start) {
            let end = start + len - 1;
            if stop(run[end]) {
                continue;
            }
            let mut key = [u32::MAX; MAX_WORDS];
            key[..len].copy_from_slice(&run[start..=end]);
            let next = keys.len() as u32;
            let id = *ids.entry(key).or_insert(next);
            if id == next {
                keys.push(key);
            }
            here.push(id);
        }
    }
    run.clear();
}

/// The shorter phrases inside a phrase, as slices of it: "new address pending" gives "new",
/// "address", "pending", "new address" and "address pending". Nothing for a single word.
fn sub_phrases(phrase: &str) -> Vec<&str> {
    let mut starts = vec![0];
    let mut ends = Vec::new();
    for (i, c) in phrase.char_indices() {
        if c == ' ' {
            ends.push(i);
            starts.push(i + 1);
        }
    }
    ends.push(phrase.len());
    let n = starts.len();
    let mut out = Vec::new();
    for len in 1..n {
        for a in 0..=n - len {
            out.push(&phrase[starts[a]..ends[a + len - 1]]);
        }
    }
    out
}

/// A Snowball stemmer for a language, when this build has them.
struct Stemmer {
    #[cfg(feature = "stem")]
    inner: rust_stemmers::Stemmer,
}

impl Stemmer {
    #[cfg(feature = "stem")]
    fn new(language: &str) -> Option<Stemmer> {
        use rust_stemmers::Algorithm;
        let algorithm = match language {
            "en" => Algorithm::English,
            "de" => Algorithm::German,
            "fr" => Algorithm::French,
            "es" => Algorithm::Spanish,
            "nl" => Algorithm::Dutch,
            "pt" => Algorithm::Portuguese,
            "it" => Algorithm::Italian,
            _ => return None,
        };
        Some(Stemmer {
            inner: rust_stemmers::Stemmer::create(algorithm),
        })
    }

    #[cfg(not(feature = "stem"))]
    fn new(_language: &str) -> Option<Stemmer> {
        None
    }

    /// The stem of a word; tags, mentions and numbers stay as they are.
    #[cfg(feature = "stem")]
    fn stem(&self, word: &str) -> String {
        if word.starts_with(|c: char| !c.is_alphabetic()) {
            return word.to_owned();
        }
        self.inner.stem(word).into_owned()
    }

    #[cfg(not(feature = "stem"))]
    fn stem(&self, word: &str) -> String {
        word.to_owned()
    }
}

/// Whether this build can stem (the `stem` feature).
pub const CAN_STEM: bool = cfg!(feature = "stem");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokens::{tokenize, Dropped, Piece};

    fn tokens(cell: &str) -> Vec<String> {
        let mut out = Vec::new();
        tokenize(cell, &mut out, &mut Dropped::default());
        out.into_iter()
            .filter_map(|p| match p {
                Piece::Token(t) => Some(t),
                Piece::Break => None,
            })
            .collect()
    }

    #[test]
    fn tokens_keep_tags_mentions_and_units_and_drop_addresses() {
        assert_eq!(
            tokens("Loving the #FreeTrial, thanks @Acme! 10GB for $20 = 50% off"),
            [
                "loving",
                "the",
                "#freetrial",
                "thanks",
                "@acme",
                "10gb",
                "for",
                "$20",
                "50%",
                "off"
            ]
        );
        let mut out = Vec::new();
        let mut d = Dropped::default();
        tokenize(
            "see https://x.io/a?b=1 or www.acme.com, mail ann@acme.com",
            &mut out,
            &mut d,
        );
        assert_eq!(d, Dropped { urls: 2, emails: 1 });
        let words: Vec<_> = out
            .iter()
            .filter_map(|p| match p {
                Piece::Token(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(words, ["see", "or", "mail"]);
        assert_eq!(
            tokens("Müller's Straße café"),
            ["müller's", "straße", "café"]
        );
    }

    #[test]
    fn lists_split_and_phrases_stop_at_separators() {
        // "sports; travel | music": three items; "travel music" is never a phrase.
        let c = Corpus::read(
            ["sports; travel | music", "sports; travel | music"].into_iter(),
            &CorpusSettings::default(),
        );
        let names: Vec<&str> = c.terms.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(names, ["sports", "travel", "music"]);
    }

    #[test]
    fn stop_words_are_never_terms_and_the_language_is_detected() {
        // English: "the", "and", "of" are stop words; phrases may hold one inside ("peace of
        // mind") but never start or end with one. "peace" and "mind" occur only inside the
        // phrase, so the phrase stands for them.
        let en = Corpus::read(
            [
                "the peace of mind and the price",
                "peace of mind for the price",
            ]
            .into_iter(),
            &CorpusSettings::default(),
        );
        assert_eq!(en.language, "en");
        let s = en.summary("notes", 10);
        let terms: Vec<&str> = s.terms.iter().map(|t| t.term.as_str()).collect();
        assert_eq!(terms, ["peace of mind", "price"]);
        // German: "und", "der", "die" are German stop words.
        let de = Corpus::read(
            ["der Preis und die Qualität", "die Qualität und der Service"].into_iter(),
            &CorpusSettings::default(),
        );
        assert_eq!(de.language, "de");
        let terms: Vec<String> = de
            .summary("x", 5)
            .terms
            .into_iter()
            .map(|t| t.term)
            .collect();
        assert_eq!(terms, ["qualität"]);
        // The user's own stop words.
        let mine = Corpus::read(
            ["acme price", "acme price"].into_iter(),
            &CorpusSettings {
                stop_words: vec!["ACME".into()],
                ..CorpusSettings::default()
            },
        );
        let terms: Vec<String> = mine
            .summary("x", 5)
            .terms
            .into_iter()
            .map(|t| t.term)
            .collect();
        assert_eq!(terms, ["price"]);
    }

    #[test]
    fn planted_words_win_and_a_word_every_group_uses_never_does() {
        // Group 0's rows list "free ebook" and group 1's "webinar"; both list "newsletter" in
        // every row. Worked out: "newsletter" has the same rate in each group (rate ratio 1),
        // so it cannot be distinctive; "ebook" occurs only in group 0 and "free ebook" as often
        // as "ebook" there, so the phrase hides its words; "webinar" only in group 1.
        let mut cells = Vec::new();
        let mut groups = Vec::new();
        for i in 0..40 {
            if i % 2 == 0 {
                cells.push("free ebook; newsletter");
                groups.push(Some(0));
            } else {
                cells.push("webinar | newsletter");
                groups.push(Some(1));
            }
        }
        let c = Corpus::read(cells.into_iter(), &CorpusSettings::default());
        let names = ["A".to_owned(), "B".to_owned()];
        let g = c.distinctive(&groups, &names, 5);
        let terms =
            |i: usize| -> Vec<&str> { g[i].terms.iter().map(|t| t.term.as_str()).collect() };
        assert_eq!(terms(0)[0], "free ebook");
        assert!(!terms(0).contains(&"ebook") && !terms(0).contains(&"free"));
        assert!(terms(1).contains(&"webinar"));
        for group in &g {
            assert!(
                !group.terms.iter().any(|t| t.term.contains("newsletter")),
                "{:?}",
                group.terms
            );
            assert_eq!(group.size, 20);
        }
        assert!(g[0].terms[0].score.unwrap() >= MIN_Z);
        assert_eq!(g[0].terms[0].docs, 20);
    }

    #[cfg(feature = "stem")]
    #[test]
    fn stems_group_forms_and_show_the_most_frequent() {
        // "integration" x 1, "integrations" x 2: one term, shown as "integrations", in 3 rows.
        let cells = ["integrations", "integrations", "integration"];
        let c = Corpus::read(
            cells.into_iter(),
            &CorpusSettings {
                stem: true,
                ..CorpusSettings::default()
            },
        );
        let s = c.summary("x", 5);
        assert_eq!(s.terms.len(), 1);
        assert_eq!(s.terms[0].term, "integrations");
        assert_eq!(s.terms[0].docs, 3);
    }

    #[test]
    fn min_docs_drops_one_off_terms() {
        let c = Corpus::read(
            ["rare word", "word"].into_iter(),
            &CorpusSettings::default(),
        );
        let terms: Vec<String> = c
            .summary("x", 5)
            .terms
            .into_iter()
            .map(|t| t.term)
            .collect();
        assert_eq!(terms, ["word"]);
    }
}
