//! List columns: cells that hold several short items, such as tags (`VIP, newsletter`, Mailchimp's
//! `"VIP","Wholesale"`, a HubSpot multiple checkboxes property's `Email;Webinar`). How a cell
//! splits into items, how a column is recognised as a list, and which items are frequent enough
//! to become features.
//!
//! Items are matched trimmed and ignoring case ("vip" and "VIP " are one item), and shown in
//! their most frequent spelling. A blank cell holds no items: it is not missing.

use std::collections::{HashMap, HashSet};

use super::kind::is_missing_trimmed;
use crate::read::ColumnRef;

/// The separators a list may use.
pub const SEPARATORS: [char; 3] = [',', ';', '|'];
/// An item is frequent when at least this share of all rows hold it (and at least 2 rows)...
pub const MIN_ITEM_SHARE: f64 = 0.02;
/// ...and a list keeps at most this many of them, the most frequent first; the rest are counted.
pub const MAX_ITEMS: usize = 20;
/// Cells the detection looks at, at most (evenly spread over the column).
const SAMPLE: usize = 20_000;

/// The items of a cell: split at `sep`, each trimmed, a quoted item (`"VIP","Wholesale"`) taken
/// between its quotes (where it may hold the separator), empty items and missing markers left out.
pub fn items(cell: &str, sep: char) -> Items<'_> {
    Items { rest: cell, sep }
}

pub struct Items<'a> {
    rest: &'a str,
    sep: char,
}

impl<'a> Iterator for Items<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let sep = self.sep;
        loop {
            let s = self.rest.trim_start();
            if s.is_empty() {
                return None;
            }
            let after = |t: &'a str| t.find(sep).map_or("", |i| &t[i + sep.len_utf8()..]);
            let (item, rest) = match s.strip_prefix('"').and_then(|q| Some((q, q.find('"')?))) {
                Some((q, end)) => (&q[..end], after(&q[end + 1..])),
                None => match s.find(sep) {
                    Some(i) => (&s[..i], &s[i + sep.len_utf8()..]),
                    None => (s, ""),
                },
            };
            self.rest = rest;
            let item = item.trim();
            if !is_missing_trimmed(item) {
                return Some(item);
            }
        }
    }
}

/// An item's key: trimmed and in lower case.
pub fn key(item: &str) -> String {
    item.trim().to_lowercase()
}

/// What one separator makes of a column, for the detection.
#[derive(Default)]
struct Split {
    present: usize,
    /// Cells of two items or more.
    multi: usize,
    cells: HashSet<String>,
    /// Per item key: rows holding it, whether it stands alone in a cell, first in a cell of
    /// several, or later in one.
    items: HashMap<String, Seen>,
    occurrences: usize,
    with_letters: usize,
    words: usize,
    chars: usize,
}

#[derive(Default, Clone, Copy)]
struct Seen {
    rows: usize,
    alone: bool,
    first: bool,
    later: bool,
    /// Occurrences in cells of several items.
    in_multi: usize,
}

/// The separator of a list column and the evidence, when `cells` read as one: the separator splits
/// at least 5% of the present cells (and 3) into several items, the items are short words (at
/// most 3 words and 30 characters on average, 90% with a letter: not numbers with thousands
/// separators or decimal commas), they recur (fewer distinct items than distinct cells; 70% of
/// item occurrences are of items in two rows or more), one is held by 2% of the rows, and an item
/// has no place of its own: 70% of the occurrences in cells of several items are of items also
/// seen alone, or both first and later in a cell. That last test is what a field of fixed parts
/// fails: "Boston, MA" (a city is always first, a state always second and never alone), "Smith,
/// John", a street address.
pub fn detect(cells: ColumnRef) -> Option<(char, String)> {
    let n = cells.len();
    let step = n.div_ceil(SAMPLE).max(1);
    let sampled = n.div_ceil(step);
    let mut best: Option<(char, Split)> = None;
    for sep in SEPARATORS {
        let s = split(cells, sep, step);
        if !is_list(&s, sampled) {
            continue;
        }
        if best.as_ref().is_none_or(|(_, b)| s.multi > b.multi) {
            best = Some((sep, s));
        }
    }
    let (sep, s) = best?;
    Some((
        sep,
        format!(
            "a list of items separated by \"{sep}\": {} distinct items in {} distinct values; {} of \
             {} values hold several; a blank cell holds none",
            s.items.len(),
            s.cells.len(),
            s.multi,
            s.present
        ),
    ))
}

/// The separator that splits the most cells into several items (`,` when none does): for a
/// column the user says is a list.
pub fn guess_separator(cells: ColumnRef) -> char {
    let step = cells.len().div_ceil(SAMPLE).max(1);
    SEPARATORS
        .into_iter()
        .map(|sep| (sep, split(cells, sep, step).multi))
        .fold((',', 0), |a, b| if b.1 > a.1 { b } else { a })
        .0
}

fn split(cells: ColumnRef, sep: char, step: usize) -> Split {
    let mut s = Split::default();
    for r in (0..cells.len()).step_by(step) {
        let cell = cells.get(r).trim();
        if is_missing_trimmed(cell) {
            continue;
        }
        s.present += 1;
        if !cell.contains(sep) {
            // One item: the cell itself (quotes aside).
            let item = items(cell, sep).next().unwrap_or(cell);
            s.count(item, 0, 1);
        } else {
            let all: Vec<&str> = items(cell, sep).collect();
            s.multi += usize::from(all.len() > 1);
            let mut held = HashSet::new();
            for (i, item) in all.iter().enumerate() {
                let k = key(item);
                let new = held.insert(k);
                if new {
                    s.count(item, i, all.len());
                }
            }
        }
        if s.cells.len() <= SAMPLE {
            s.cells.insert(cell.to_lowercase());
        }
    }
    s
}

impl Split {
    fn count(&mut self, item: &str, at: usize, of: usize) {
        let e = self.items.entry(key(item)).or_default();
        e.rows += 1;
        e.alone |= of == 1;
        e.first |= of > 1 && at == 0;
        e.later |= at > 0;
        e.in_multi += usize::from(of > 1);
        self.occurrences += 1;
        self.with_letters += usize::from(item.chars().any(char::is_alphabetic));
        self.words += item.split_whitespace().count();
        self.chars += item.chars().count();
    }
}

fn is_list(s: &Split, rows: usize) -> bool {
    let occ = s.occurrences.max(1) as f64;
    let recurring: usize = s
        .items
        .values()
        .filter(|e| e.rows >= 2)
        .map(|e| e.rows)
        .sum();
    let in_multi: usize = s.items.values().map(|e| e.in_multi).sum();
    let free: usize = s
        .items
        .values()
        .filter(|e| e.alone || (e.first && e.later))
        .map(|e| e.in_multi)
        .sum();
    let most = s.items.values().map(|e| e.rows).max().unwrap_or(0);
    s.multi >= 3
        && s.multi as f64 >= 0.05 * s.present as f64
        && s.with_letters as f64 >= 0.9 * occ
        && s.words as f64 <= 3.0 * occ
        && s.chars as f64 <= 30.0 * occ
        && s.items.len() < s.cells.len()
        && recurring as f64 >= 0.7 * occ
        && free as f64 >= 0.7 * in_multi.max(1) as f64
        && most >= min_rows(rows)
}

/// The rows an item needs to be frequent, of `rows`.
pub fn min_rows(rows: usize) -> usize {
    ((MIN_ITEM_SHARE * rows as f64).ceil() as usize).max(2)
}

/// A list column's frequent items: held by 2% of the rows or more, at most `MAX_ITEMS`, the most
/// frequent first (ties by key), each in its most frequent spelling; and the rarer ones counted.
#[derive(Debug, Clone, PartialEq)]
pub struct Frequent {
    /// The items as shown.
    pub items: Vec<String>,
    /// Rows holding each.
    pub rows: Vec<usize>,
    /// Distinct items left out, and the cells holding at least one of them.
    pub rare_items: usize,
    pub rare_cells: usize,
}

pub fn frequent(cells: ColumnRef, sep: char) -> Frequent {
    // key -> (rows, spellings with their counts)
    let mut found: HashMap<String, (usize, HashMap<&str, usize>)> = HashMap::new();
    for cell in cells.iter() {
        let mut held = HashSet::new();
        for item in items(cell, sep) {
            let k = key(item);
            if held.insert(k.clone()) {
                let e = found.entry(k).or_default();
                e.0 += 1;
                *e.1.entry(item).or_insert(0) += 1;
            }
        }
    }
    let mut ranked: Vec<(String, usize, String)> = found
        .into_iter()
        .map(|(k, (rows, spellings))| {
            let shown = spellings
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
                .map_or_else(|| k.clone(), |s| s.0.to_owned());
            (k, rows, shown)
        })
        .collect();
    crate::util::order::sort_by(&mut ranked, |a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let least = min_rows(cells.len());
    let kept = ranked
        .iter()
        .take(MAX_ITEMS)
        .take_while(|e| e.1 >= least)
        .count();
    let rare: HashSet<&str> = ranked[kept..].iter().map(|e| e.0.as_str()).collect();
    let rare_cells = if rare.is_empty() {
        0
    } else {
        cells
            .iter()
            .filter(|c| items(c, sep).any(|i| rare.contains(key(i).as_str())))
            .count()
    };
    Frequent {
        items: ranked[..kept].iter().map(|e| e.2.clone()).collect(),
        rows: ranked[..kept].iter().map(|e| e.1).collect(),
        rare_items: rare.len(),
        rare_cells,
    }
}

/// Finds which of a list's items a cell holds.
pub struct ItemIndex {
    index: HashMap<String, usize>,
    sep: char,
}

impl ItemIndex {
    pub fn new(items: &[String], sep: char) -> ItemIndex {
        ItemIndex::with_ignored(items, &[], sep)
    }

    /// The index of `items`, knowing `ignored` too: a cell's ignored items are neither among
    /// its items nor unknown.
    pub fn with_ignored(items: &[String], ignored: &[String], sep: char) -> ItemIndex {
        let ignored = ignored.iter().map(|v| (key(v), usize::MAX));
        ItemIndex {
            index: ignored
                .chain(items.iter().enumerate().map(|(i, v)| (key(v), i)))
                .collect(),
            sep,
        }
    }

    /// The indices of the known items in `cell` (each once), and whether it holds an item not
    /// among them.
    pub fn of(&self, cell: &str, held: &mut Vec<usize>) -> bool {
        held.clear();
        let mut unknown = false;
        for item in items(cell, self.sep) {
            match self.index.get(&key(item)) {
                Some(&i) if i != usize::MAX && !held.contains(&i) => held.push(i),
                Some(_) => {}
                None => unknown = true,
            }
        }
        unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::table::Cells;

    fn column(cells: &[&str]) -> Cells {
        Cells::from_rows(1, cells.iter().map(|c| [*c]))
    }

    #[test]
    fn cells_split_into_trimmed_items() {
        let got: Vec<&str> = items("Imported from Magento, VIP ,newsletter,,", ',').collect();
        assert_eq!(got, ["Imported from Magento", "VIP", "newsletter"]);
        // Mailchimp quotes each tag; a quoted tag may hold the separator.
        let got: Vec<&str> = items("\"VIP\",\"Wholesale, EU\" , \"x\"", ',').collect();
        assert_eq!(got, ["VIP", "Wholesale, EU", "x"]);
        let got: Vec<&str> = items("Email;Webinar;NA", ';').collect();
        assert_eq!(got, ["Email", "Webinar"]);
        assert_eq!(items("  ", ',').count(), 0);
    }

    /// Frequent items: in 2% of rows (and 2), at most 20, matched ignoring case and shown in
    /// their most frequent spelling; the rest counted.
    #[test]
    fn frequent_items_are_counted_by_row_ignoring_case() {
        let mut cells = vec!["VIP, newsletter"; 10];
        cells.extend(["vip"; 3]);
        cells.extend(["newsletter, Newsletter"; 2]);
        cells.extend(["rare one, VIP", ""]);
        let c = column(&cells);
        let f = frequent(c.column(0), ',');
        // VIP: 10 + 3 + 1 = 14 rows; newsletter 10 + 2 (once per row); rare one: 1 row < 2.
        assert_eq!(f.items, ["VIP", "newsletter"]);
        assert_eq!(f.rows, [14, 12]);
        assert_eq!((f.rare_items, f.rare_cells), (1, 1));
        let index = ItemIndex::new(&f.items, ',');
        let mut held = Vec::new();
        assert!(!index.of("NEWSLETTER, vip", &mut held));
        assert_eq!(held, [1, 0]);
        assert!(index.of("rare one", &mut held));
        assert!(held.is_empty());
    }
}
