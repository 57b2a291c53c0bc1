//! What the stability stage costs against the rest of the analysis, and the verdict's figures,
//! per file.
//!
//! ```sh
//! cargo run --release -p tribes-core --example stability_cost -- FILE.csv [FILE.csv ...]
//! ```
//!
//! Each file is read with the default options (seed 1, `k = auto`); reading is not timed. Prints
//! one line of JSON per file: `{"file":..,"rows":..,"k":..,"segment_ms":..,"stability_ms":..,
//! "ratio":..,"verdict":..,"stability":..,"least_stable":..,"silhouette":..,"rules":..}`, where
//! `segment_ms` is every stage before the stability (features, choosing k, the fit, the
//! profiles and rules) and `ratio` is `stability_ms / segment_ms`.

use std::process::ExitCode;
use std::time::Instant;

use tribes_core::{no_progress, read, Dataset, Options};

fn main() -> ExitCode {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        eprintln!("usage: stability_cost FILE.csv [FILE.csv ...]");
        return ExitCode::FAILURE;
    }
    for file in files {
        match measure(&file) {
            Ok(line) => println!("{line}"),
            Err(e) => {
                eprintln!("{file}: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}

fn measure(file: &str) -> Result<String, String> {
    let bytes = std::fs::read(file).map_err(|e| e.to_string())?;
    let settings = Options::default().check(1).map_err(|e| e.to_string())?;
    let data = Dataset::new(read(&bytes, &settings.read).map_err(|e| e.to_string())?);
    let start = Instant::now();
    let mut segmented = data
        .segment(&settings, &mut no_progress)
        .map_err(|e| e.to_string())?;
    let segment_ms = start.elapsed().as_secs_f64() * 1e3;
    let start = Instant::now();
    segmented
        .stability(&settings, &mut no_progress)
        .map_err(|e| e.to_string())?;
    let stability_ms = start.elapsed().as_secs_f64() * 1e3;
    let r = &segmented.result;
    let q = r.quality.as_ref().ok_or("no verdict")?;
    let rules = r.segments.iter().filter(|s| s.rule.is_some()).count();
    Ok(serde_json::json!({
        "file": file,
        "rows": r.input.rows,
        "k": r.k,
        "segment_ms": (segment_ms * 10.0).round() / 10.0,
        "stability_ms": (stability_ms * 10.0).round() / 10.0,
        "ratio": (stability_ms / segment_ms * 100.0).round() / 100.0,
        "verdict": q.verdict,
        "stability": (q.stability * 1000.0).round() / 1000.0,
        "least_stable": (q.least_stable * 1000.0).round() / 1000.0,
        "silhouette": q.silhouette.map(|s| (s * 1000.0).round() / 1000.0),
        "rules": format!("{rules}/{}", r.k),
    })
    .to_string())
}
