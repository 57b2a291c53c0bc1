//! Times keywords on tweet-sized texts: `Corpus::read` (tokens, stop words, phrases, counts) plus
//! the overall frequencies and the distinctive terms of 8 groups.
//!
//! ```sh
//! cargo run --release -p tribes-core --example keywords_bench -- [ROWS] [RUNS]
//! ```
//!
//! ROWS texts (default 20,000) of 12 to 30 words are generated from a seeded draw: English stop
//! words, a shared vocabulary of 2,000 words, each group's own 20 words, a hashtag, sometimes a
//! mention, a number with a unit or a link. Prints one line of JSON with the median of RUNS runs
//! (default 5).

use std::time::Instant;

use tribes_core::parts::{rng, Corpus, CorpusSettings};

const STOP: [&str; 12] = [
    "the", "a", "and", "to", "of", "in", "is", "for", "on", "with", "it", "this",
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rows: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(20_000);
    let runs: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(5).max(1);
    let mut r = rng::seeded(7);
    let shared: Vec<String> = (0..2000).map(|i| format!("word{i}")).collect();
    let own: Vec<Vec<String>> = (0..8)
        .map(|g| (0..20).map(|i| format!("g{g}term{i}")).collect())
        .collect();
    let mut texts = Vec::with_capacity(rows);
    let mut groups = Vec::with_capacity(rows);
    let mut bytes = 0;
    for _ in 0..rows {
        let g = rng::below(&mut r, 8);
        let len = 12 + rng::below(&mut r, 19);
        let mut t = String::new();
        for w in 0..len {
            if w > 0 {
                t.push(' ');
            }
            let u = rng::uniform(&mut r);
            let word = if u < 0.35 {
                STOP[rng::below(&mut r, STOP.len())]
            } else if u < 0.5 {
                &own[g][rng::below(&mut r, 20)]
            } else {
                &shared[rng::below(&mut r, 2000)]
            };
            t.push_str(word);
        }
        t.push_str(&format!(" #tag{}", rng::below(&mut r, 50)));
        match rng::below(&mut r, 4) {
            0 => t.push_str(" @brand"),
            1 => t.push_str(" 10gb for $20"),
            2 => t.push_str(" https://example.com/x"),
            _ => {}
        }
        bytes += t.len();
        texts.push(t);
        groups.push(Some(g));
    }
    let names: Vec<String> = (0..8).map(|g| format!("group {g}")).collect();
    let mut times = Vec::new();
    let mut found = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let corpus = Corpus::read(texts.iter().map(String::as_str), &CorpusSettings::default());
        let overall = corpus.summary("text", 10);
        let g = corpus.distinctive(&groups, &names, 10);
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        // Planted terms found on top: every group's 10 terms should be its own.
        found = g
            .iter()
            .enumerate()
            .map(|(i, k)| {
                k.terms
                    .iter()
                    .filter(|t| t.term.starts_with(&format!("g{i}term")))
                    .count()
            })
            .sum::<usize>();
        assert!(!overall.terms.is_empty());
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{{\"rows\":{rows},\"mean_bytes\":{},\"runs_ms\":{times:?},\"median_ms\":{:.1},\"planted_on_top\":\"{found}/80\"}}",
        bytes / rows.max(1),
        times[times.len() / 2]
    );
}
