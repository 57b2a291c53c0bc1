//! Times `tribes_core::parts::kmeans::fit` on a numeric CSV, for `tests/bench/kmeans-speed.py`.
//!
//! ```sh
//! cargo run --release -p tribes-core --example kmeans_bench -- FILE.csv K INIT RUNS [N_INIT [METHOD [SEED]]]
//! ```
//!
//! FILE.csv is a header line, then rows of plain numbers separated by commas (no quoting). INIT is
//! `first` (the first K rows) or `kmeans++`. The fit runs RUNS times with N_INIT starts (default
//! 1), `tol` 1e-4, `max_iter` 300 and seed SEED (default 0); reading the file is not timed. METHOD
//! is `auto` (default: `kmeans::fit`, which switches to mini-batch above `MINIBATCH_ROWS` rows),
//! `lloyd` (`kmeans::fit_lloyd`, always every row) or `minibatch` (`minibatch::fit`, always).
//! Prints one line of JSON: `{"rows":..,"cols":..,"k":..,"init":..,"method":..,"n_init":..,
//! "runs_ms":[..],"median_ms":..,"inertia":..,"iterations":..,"converged":..}`.

use std::process::ExitCode;
use std::time::Instant;

use ndarray::Array2;
use tribes_core::parts::kmeans::{self, Init, Params};
use tribes_core::parts::minibatch;

const USAGE: &str = "usage: kmeans_bench FILE.csv K INIT RUNS [N_INIT [METHOD [SEED]]]  \
                     (INIT: first or kmeans++; METHOD: auto, lloyd or minibatch)";

fn main() -> ExitCode {
    match run() {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("kmeans_bench: {message}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<String, String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (file, k, init, runs, rest) = match args.as_slice() {
        [file, k, init, runs, rest @ ..] if rest.len() <= 3 => (file, k, init, runs, rest),
        _ => return Err(USAGE.to_string()),
    };
    let k: usize = k
        .parse()
        .map_err(|_| format!("K must be a positive integer, not \"{k}\""))?;
    let (init, init_name) = match init.as_str() {
        "first" => (Init::First, "first"),
        "kmeans++" => (Init::KMeansPlusPlus, "kmeans++"),
        other => return Err(format!("INIT must be first or kmeans++, not \"{other}\"")),
    };
    let runs: usize = match runs.parse() {
        Ok(r) if r > 0 => r,
        _ => return Err(format!("RUNS must be a positive integer, not \"{runs}\"")),
    };

    let n_init: usize = match rest.first().map(|s| s.parse()) {
        None => 1,
        Some(Ok(v)) if v > 0 => v,
        Some(_) => {
            return Err(format!(
                "N_INIT must be a positive integer, not \"{}\"",
                rest[0]
            ))
        }
    };
    let method = rest.get(1).map_or("auto", String::as_str);
    let fit = match method {
        "auto" => kmeans::fit,
        "lloyd" => kmeans::fit_lloyd,
        "minibatch" => minibatch::fit,
        other => {
            return Err(format!(
                "METHOD must be auto, lloyd or minibatch, not \"{other}\""
            ))
        }
    };
    let seed: u64 = match rest.get(2).map(|s| s.parse()) {
        None => 0,
        Some(Ok(v)) => v,
        Some(_) => return Err(format!("SEED must be an integer, not \"{}\"", rest[2])),
    };

    let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
    let x = parse_csv(&text).map_err(|e| format!("{file}: {e}"))?;

    let params = Params {
        k,
        init,
        n_init,
        tol: 1e-4,
        max_iter: 300,
        seed,
        threads: 1,
    };
    let mut runs_ms = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let f = fit(x.view(), &params, &mut |_| true).map_err(|e| format!("fit: {e}"))?;
        runs_ms.push(start.elapsed().as_secs_f64() * 1e3);
        last = Some(f);
    }
    let f = last.ok_or("no run")?;

    let mut sorted = runs_ms.clone();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    let median = if sorted.len() % 2 == 1 {
        sorted[mid]
    } else {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    };
    let list: Vec<String> = runs_ms.iter().map(|ms| format!("{ms:.3}")).collect();
    Ok(format!(
        "{{\"rows\":{},\"cols\":{},\"k\":{},\"init\":\"{}\",\"method\":\"{}\",\"n_init\":{},\"runs_ms\":[{}],\"median_ms\":{:.3},\"inertia\":{},\"iterations\":{},\"converged\":{}}}",
        x.nrows(),
        x.ncols(),
        k,
        init_name,
        method,
        n_init,
        list.join(","),
        median,
        json_number(f.inertia),
        f.iterations,
        f.converged
    ))
}

/// Reads a header line, then rows of f64 separated by commas, into a rows x columns array.
fn parse_csv(text: &str) -> Result<Array2<f64>, String> {
    let mut lines = text.lines().enumerate();
    let (_, header) = lines.next().ok_or("the file is empty")?;
    let cols = header.split(',').count();
    let mut values = Vec::new();
    let mut rows = 0;
    for (i, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let before = values.len();
        for cell in line.split(',') {
            let v: f64 = cell
                .trim()
                .parse()
                .map_err(|_| format!("line {}: \"{cell}\" is not a number", i + 1))?;
            values.push(v);
        }
        if values.len() - before != cols {
            return Err(format!(
                "line {}: {} fields, the header has {cols}",
                i + 1,
                values.len() - before
            ));
        }
        rows += 1;
    }
    Array2::from_shape_vec((rows, cols), values).map_err(|e| e.to_string())
}

/// JSON has no NaN or infinity: those become null.
fn json_number(v: f64) -> String {
    if v.is_finite() {
        format!("{v}")
    } else {
        "null".to_string()
    }
}
