//! The core's layers, checked: every module imports only from its own layer or the layers below,
//! and no two modules import each other (no cycle at all, in fact).
//!
//! The table is the one in `docs/architecture.md`; keep the two in step. A layer is a top-level
//! module of `src/` (a folder, or a single file); its files may use each other, never in a
//! circle. The test reads the source: every `crate::...` path and every `super::...` path in
//! code outside `#[cfg(test)]` blocks, resolved to the file it names. `lib.rs` is the crate's
//! front door (documentation and re-exports), above every layer, and is not checked.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Bottom first. `model` is the saved segmentation (the file, apply, compare), between the
/// stages it uses and the report that shows it; `audience` writes campaign files from it.
const LAYERS: [&str; 15] = [
    "util", "error", "read", "schema", "text", "features", "cluster", "describe", "rfm", "export",
    "options", "model", "audience", "report", "pipeline",
];

/// A source file as a module path: `src/cluster/lloyd.rs` is `["cluster", "lloyd"]`,
/// `src/cluster/mod.rs` is `["cluster"]`.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).expect("a file under src");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().expect("a file name");
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_owned());
    }
    parts
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("src is readable")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") && !test_only(&path) {
            out.push(path);
        }
    }
}

/// A module that exists only in tests (`#![cfg(test)]` at its top), such as the regressions.
fn test_only(path: &Path) -> bool {
    std::fs::read_to_string(path).is_ok_and(|text| {
        text.lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with("//"))
            == Some("#![cfg(test)]")
    })
}

/// The code of a file that ships: everything before its first `#[cfg(test)]` (tests sit at the
/// bottom of each file, and may use whatever helps them), with comments removed.
fn shipped_code(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with("#[cfg(test)]") {
            break;
        }
        if t.starts_with("//") {
            continue;
        }
        let code = match line.find("//") {
            // A `//` inside a string literal ("http://") is rare in paths' lines; keep it simple.
            Some(i) if !line[..i].contains('"') => &line[..i],
            _ => line,
        };
        out.push_str(code);
        out.push('\n');
    }
    out
}

/// Every path that starts with `crate::` or `super::` in `code`, as its segments (up to the
/// first that is not a plain name: `{`, `*`, a generic...). `use crate::a::{b, c::d}` gives
/// `crate::a::b` and `crate::a::c::d`.
fn paths(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !code.is_char_boundary(i) {
            i += 1;
            continue;
        }
        let rest = &code[i..];
        let starts_word = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
        let head = if rest.starts_with("crate::") {
            "crate"
        } else if rest.starts_with("super::") {
            "super"
        } else {
            ""
        };
        if !starts_word || head.is_empty() {
            i += 1;
            continue;
        }
        let (prefix, consumed) = read_path(rest);
        expand(&prefix, &rest[consumed..], &mut out);
        i += consumed.max(1);
    }
    out
}

/// Reads `a::b::c` from the start of `text`: the segments, and the bytes consumed (up to and
/// including a trailing `::` before a `{`).
fn read_path(text: &str) -> (Vec<String>, usize) {
    let mut segments = Vec::new();
    let mut pos = 0;
    loop {
        let word: String = text[pos..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if word.is_empty() {
            break;
        }
        pos += word.len();
        segments.push(word);
        if text[pos..].starts_with("::") {
            pos += 2;
        } else {
            break;
        }
    }
    (segments, pos)
}

/// `prefix::{a, b::c}`: adds `prefix::a` and `prefix::b::c` (nested groups too); a plain path
/// is added as it is.
fn expand(prefix: &[String], after: &str, out: &mut Vec<Vec<String>>) {
    if !after.starts_with('{') {
        out.push(prefix.to_vec());
        return;
    }
    let mut depth = 0;
    let mut end = 0;
    for (i, c) in after.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    end = i;
                    break;
                }
            }
            _ => {}
        }
    }
    let inner = &after[1..end];
    // Split the group at top-level commas.
    let (mut depth, mut start) = (0, 0);
    let mut items = Vec::new();
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&inner[start..]);
    for item in items {
        let item = item.trim();
        if item.is_empty() || item == "self" || item == "*" {
            out.push(prefix.to_vec());
            continue;
        }
        let (more, consumed) = read_path(item);
        let mut path = prefix.to_vec();
        path.extend(more);
        expand(&path, &item[consumed..], out);
    }
}

/// The module a path points into: the longest prefix that is a module of the crate.
fn target(
    path: &[String],
    from: &[String],
    modules: &BTreeSet<Vec<String>>,
) -> Option<Vec<String>> {
    let mut absolute: Vec<String> = from.to_vec();
    let mut segments = path.iter();
    match segments.next().map(String::as_str) {
        Some("crate") => absolute.clear(),
        Some("super") => {
            absolute.pop();
        }
        _ => return None,
    }
    let mut rest: Vec<&String> = segments.collect();
    while rest.first().is_some_and(|s| s.as_str() == "super") {
        absolute.pop();
        rest.remove(0);
    }
    absolute.extend(rest.into_iter().cloned());
    (0..=absolute.len())
        .rev()
        .map(|n| absolute[..n].to_vec())
        .find(|m| modules.contains(m))
}

fn layer_rank(module: &[String]) -> Option<usize> {
    let top = module.first()?;
    LAYERS.iter().position(|l| l == top)
}

/// The crate's module graph: which module (file) uses which.
fn graph(src: &Path) -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let mut all = Vec::new();
    files(src, &mut all);
    let modules: BTreeSet<Vec<String>> = all.iter().map(|f| module_of(src, f)).collect();
    let mut edges = BTreeMap::new();
    for file in &all {
        let from = module_of(src, file);
        let text = std::fs::read_to_string(file).expect("a readable source file");
        let mut to = BTreeSet::new();
        for path in paths(&shipped_code(&text)) {
            if let Some(t) = target(&path, &from, &modules) {
                if t != from && !t.is_empty() {
                    to.insert(t);
                }
            }
        }
        edges.insert(from, to);
    }
    edges
}

/// Every problem: an import from a higher layer, a top-level module missing from the table, and
/// every cycle (a pair of modules importing each other is the shortest).
fn problems(src: &Path) -> Vec<String> {
    let edges = graph(src);
    let mut out = Vec::new();
    for (from, to) in &edges {
        if from.is_empty() {
            continue; // lib.rs
        }
        let Some(own) = layer_rank(from) else {
            out.push(format!(
                "src/{} is in no layer: add `{}` to LAYERS here and to docs/architecture.md",
                from.join("/"),
                from[0]
            ));
            continue;
        };
        for t in to {
            match layer_rank(t) {
                Some(rank) if rank > own => out.push(format!(
                    "{} (layer {}) imports {} from layer {}, above its own",
                    from.join("::"),
                    LAYERS[own],
                    t.join("::"),
                    LAYERS[rank]
                )),
                _ => {}
            }
        }
    }
    // Cycles, by depth-first search from every module in order.
    let mut reported = BTreeSet::new();
    for start in edges.keys() {
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        while let Some((node, trail)) = stack.pop() {
            for next in edges.get(&node).into_iter().flatten() {
                if next == start {
                    let mut cycle = trail.clone();
                    let mut key = cycle.clone();
                    key.sort();
                    if reported.insert(key) {
                        cycle.push(start.clone());
                        let names: Vec<String> = cycle.iter().map(|m| m.join("::")).collect();
                        out.push(format!("import cycle: {}", names.join(" -> ")));
                    }
                } else if !trail.contains(next) && next > start {
                    let mut longer = trail.clone();
                    longer.push(next.clone());
                    stack.push((next.clone(), longer));
                }
            }
        }
    }
    out
}

fn src() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn every_module_imports_only_from_its_layer_or_below_and_none_import_each_other() {
    let problems = problems(&src());
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn every_layer_of_the_table_exists() {
    for layer in LAYERS {
        let folder = src().join(layer);
        let file = src().join(format!("{layer}.rs"));
        assert!(folder.is_dir() || file.is_file(), "layer {layer}");
    }
}

#[test]
fn the_checker_sees_an_upward_import_and_a_cycle() {
    // A small crate written out: `read` uses `cluster` (upward), and two files of `cluster` use
    // each other.
    let dir = std::env::temp_dir().join(format!("tribes-layers-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let write = |path: &str, text: &str| {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write("lib.rs", "mod read;\nmod cluster;\n");
    write("read/mod.rs", "use crate::cluster::fit::Fit;\n");
    write("cluster/mod.rs", "mod fit;\nmod lloyd;\n");
    write(
        "cluster/fit.rs",
        "use super::lloyd::{self, Centres};\npub struct Fit;\n",
    );
    write(
        "cluster/lloyd.rs",
        "pub struct Centres;\nfn f() -> super::fit::Fit { super::fit::Fit }\n#[cfg(test)]\nmod tests { use crate::read; }\n",
    );
    let found = problems(&dir);
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("read (layer read) imports cluster::fit")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|p| p == "import cycle: cluster::fit -> cluster::lloyd -> cluster::fit"),
        "{found:?}"
    );
    // The test module's import of `read` from `cluster::lloyd` is not counted.
    assert_eq!(found.len(), 2, "{found:?}");
}

#[test]
fn paths_in_use_groups_are_each_seen() {
    let code = "use crate::a::{b, c::{d, e}, self};\nlet x = super::f::g(crate::h::i);";
    let seen: Vec<String> = paths(code).iter().map(|p| p.join("::")).collect();
    assert_eq!(
        seen,
        [
            "crate::a::b",
            "crate::a::c::d",
            "crate::a::c::e",
            "crate::a",
            "super::f::g",
            "crate::h::i"
        ]
    );
}
