//! Times `tribes_core::kmeans::fit` on a numeric CSV, for `tests/bench/kmeans-speed.py`.
//!
//! ```sh
//! cargo run --release -p tribes-core --example kmeans_bench -- FILE.csv K INIT RUNS
//! ```
//!
//! FILE.csv is a header line, then rows of plain numbers separated by commas (no quoting). INIT is
//! `first` (the first K rows) or `kmeans++`. The fit runs RUNS times with one start (`n_init` 1),
//! `tol` 1e-4, `max_iter` 300 and seed 0; reading the file is not timed. Prints one line of JSON:
//! `{"rows":..,"cols":..,"k":..,"init":..,"runs_ms":[..],"median_ms":..,"inertia":..,"iterations":..}`.

use std::process::ExitCode;
use std::time::Instant;

use ndarray::Array2;
use tribes_core::kmeans::{fit, Params};
use tribes_core::options::Init;

const USAGE: &str = "usage: kmeans_bench FILE.csv K INIT RUNS  (INIT: first or kmeans++)";

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
    let [file, k, init, runs] = args.as_slice() else {
        return Err(USAGE.to_string());
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

    let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
    let x = parse_csv(&text).map_err(|e| format!("{file}: {e}"))?;

    let params = Params {
        k,
        init,
        n_init: 1,
        tol: 1e-4,
        max_iter: 300,
        seed: 0,
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
        "{{\"rows\":{},\"cols\":{},\"k\":{},\"init\":\"{}\",\"runs_ms\":[{}],\"median_ms\":{:.3},\"inertia\":{},\"iterations\":{}}}",
        x.nrows(),
        x.ncols(),
        k,
        init_name,
        list.join(","),
        median,
        json_number(f.inertia),
        f.iterations
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
