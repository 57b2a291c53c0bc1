//! Writes the stop-word lists of the seven languages keywords knows into `OUT_DIR`, from the
//! `stop-words` crate's NLTK lists, so that only these seven ship in the binary and the wasm.
//!
//! Why NLTK's lists and not stopwords-iso's: NLTK keeps to function words (179 in English), while
//! stopwords-iso's English list (1,298) also drops "free", "new", "best" and "help", which are
//! exactly the words a marketer looks for.

use std::fmt::Write;

const LANGUAGES: [(&str, &str); 7] = [
    ("en", "English"),
    ("de", "German"),
    ("fr", "French"),
    ("es", "Spanish"),
    ("nl", "Dutch"),
    ("pt", "Portuguese"),
    ("it", "Italian"),
];

fn main() {
    let mut out = String::from(
        "/// (ISO 639-1 code, name, stop words sorted and lower-case, one per line) for each\n\
         /// language. One string per list, not a slice of strings: the slice's pointers cost more\n\
         /// bytes in the wasm module than the words themselves.\n\
         pub static LISTS: [(&str, &str, &str); 7] = [\n",
    );
    for (code, name) in LANGUAGES {
        let mut words: Vec<String> = stop_words::get(code)
            .iter()
            .map(|w| w.trim().to_lowercase())
            .filter(|w| !w.is_empty())
            .collect();
        words.sort();
        words.dedup();
        let _ = writeln!(out, "    ({code:?}, {name:?}, {:?}),", words.join("\n"));
    }
    out.push_str("];\n");
    let dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    std::fs::write(std::path::Path::new(&dir).join("stop_words.rs"), out)
        .expect("OUT_DIR is writable");
}
