//! `--threads`: the CLI's result on several threads is the one thread's, whole: labels, centres
//! (in the saved model), every field of the JSON, and `tribes apply`'s output (issue 13).

use std::path::PathBuf;
use std::process::Command;

/// A customer table of `rows` rows, four blocks of k-means' 65,536 rows at 250,000: numbers of
/// several scales, a plan and a yes/no column, from a fixed linear congruential generator.
fn write_customers(rows: usize) -> PathBuf {
    let path =
        std::env::temp_dir().join(format!("tribes-threads-{}-{rows}.csv", std::process::id()));
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let plans = ["basic", "plus", "pro", "team"];
    let mut text =
        String::from("customer_id,age,monthly_spend,visits,tenure_months,plan,churned\n");
    for i in 0..rows {
        let group = i % 4;
        let age = 22.0 + group as f64 * 9.0 + next() * 14.0;
        let spend = (10.0 + group as f64 * 35.0) * (0.6 + next());
        let visits = (group * 3) as f64 + (next() * 6.0).floor();
        let tenure = (next() * 60.0).floor() + group as f64 * 4.0;
        let plan = plans[(group + usize::from(next() < 0.2)) % 4];
        let churned = if next() < 0.15 + 0.1 * group as f64 {
            "yes"
        } else {
            "no"
        };
        text.push_str(&format!(
            "C{i:07},{age:.1},{spend:.2},{visits},{tenure},{plan},{churned}\n"
        ));
    }
    std::fs::write(&path, text).expect("the test file is written");
    path
}

fn tribes(args: &[&str]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_tribes"))
        .args(args)
        .output()
        .expect("the tribes binary runs");
    assert!(
        out.status.success(),
        "tribes {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// `tribes analyze` with `k` and `threads`: its JSON, and the model it saved.
fn analyze(file: &str, k: &str, threads: &str) -> (serde_json::Value, serde_json::Value) {
    let model = std::env::temp_dir().join(format!(
        "tribes-threads-{}-{k}-{threads}.tribes.json",
        std::process::id()
    ));
    let model_path = model.to_str().unwrap();
    let out = tribes(&[
        "analyze",
        file,
        "--k",
        k,
        "--seed",
        "7",
        "--threads",
        threads,
        "--model-out",
        model_path,
    ]);
    let saved = std::fs::read(&model).expect("the model is saved");
    let _ = std::fs::remove_file(&model);
    (
        serde_json::from_slice(&out).expect("JSON"),
        serde_json::from_slice(&saved).expect("the model is JSON"),
    )
}

#[test]
fn labels_centres_and_the_whole_result_are_the_same_on_one_and_three_threads() {
    let file = write_customers(250_000);
    let path = file.to_str().unwrap();
    for k in ["4", "auto"] {
        let (one, one_model) = analyze(path, k, "1");
        let (three, three_model) = analyze(path, k, "3");
        assert_eq!(one["labels"].as_array().map(Vec::len), Some(250_000));
        assert!(one_model["centres"]
            .as_array()
            .is_some_and(|c| c.len() >= 2));
        // Every field: labels, segments, metrics, the k sweep's scores, the map.
        assert!(one == three, "k = {k}: the results differ");
        assert!(one_model == three_model, "k = {k}: the models differ");
    }
    // The model applied part by part, on one thread and while the next part is read.
    let model =
        std::env::temp_dir().join(format!("tribes-threads-{}.tribes.json", std::process::id()));
    let model_path = model.to_str().unwrap();
    tribes(&[
        "analyze",
        path,
        "--k",
        "3",
        "--seed",
        "2",
        "--threads",
        "2",
        "--model-out",
        model_path,
    ]);
    for format in ["csv", "json"] {
        let on = |threads: &str| {
            tribes(&[
                "apply",
                model_path,
                path,
                "--format",
                format,
                "--threads",
                threads,
            ])
        };
        let (one, two) = (on("1"), on("2"));
        assert!(one.len() > 250_000, "{format}: {} bytes", one.len());
        assert!(one == two, "apply --format {format}: the outputs differ");
    }
    let _ = std::fs::remove_file(&model);
    let _ = std::fs::remove_file(&file);
}

#[test]
fn zero_threads_are_refused() {
    let out = Command::new(env!("CARGO_BIN_EXE_tribes"))
        .args(["analyze", "no-such-file.csv", "--threads", "0"])
        .output()
        .expect("the tribes binary runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--threads: 0 is not from 1 to 256"), "{err}");
}
