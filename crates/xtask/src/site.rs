//! `cargo xtask build`: the wasm package and the static site, with wasm-pack.toml's settings.
//!
//! The site is `www/` copied as it is, plus:
//! - `pkg/tribes_wasm.js` and `pkg/tribes_wasm_bg.wasm`: wasm-bindgen's `--target web` output, for
//!   Node tests and anyone who wants the module;
//! - `worker-src.js`: the source of the page's classic Blob worker, as one string. It is the
//!   wasm-bindgen glue with its `export`s and its `import.meta.url` default removed (both are errors
//!   in a classic script), `protocol.js` likewise, the wasm as base64, the sample CSV, and
//!   `worker.js`. DESIGN.md ("In the browser") says why the worker is a Blob worker.

use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine;
use serde::Deserialize;

use crate::{root, run, sample, step, Result};

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Settings {
    build: BuildSettings,
    #[serde(rename = "wasm-opt")]
    wasm_opt: WasmOpt,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct BuildSettings {
    #[serde(rename = "crate")]
    krate: String,
    profile: String,
    target: String,
    out_dir: String,
    out_name: String,
    #[serde(default)]
    features: Vec<String>,
}

#[derive(Deserialize)]
struct WasmOpt {
    flags: Vec<String>,
}

fn settings() -> Result<Settings> {
    let path = root().join("wasm-pack.toml");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    toml::from_str(&text).map_err(|e| format!("wasm-pack.toml: {e}"))
}

pub fn site_dir() -> PathBuf {
    root().join("target/site")
}

pub fn wasm_opt() -> PathBuf {
    root().join("tests/node_modules/.bin/wasm-opt")
}

pub fn build() -> Result {
    let s = settings()?;
    let b = &s.build;
    step(&format!(
        "building {} for wasm32 (profile {})",
        b.krate, b.profile
    ));
    let mut cargo = Command::new("cargo");
    cargo.args([
        "build",
        "-p",
        &b.krate,
        "--target",
        "wasm32-unknown-unknown",
        "--profile",
        &b.profile,
    ]);
    if !b.features.is_empty() {
        cargo.args(["--features", &b.features.join(",")]);
    }
    run(&mut cargo)?;

    let site = site_dir();
    if site.exists() {
        std::fs::remove_dir_all(&site)
            .map_err(|e| format!("cannot clear {}: {e}", site.display()))?;
    }
    let out = root().join(&b.out_dir);
    let input = root()
        .join("target/wasm32-unknown-unknown")
        .join(&b.profile)
        .join(format!("{}.wasm", b.krate.replace('-', "_")));
    step("wasm-bindgen");
    run(Command::new("wasm-bindgen")
        .args([
            "--target",
            &b.target,
            "--no-typescript",
            "--out-name",
            &b.out_name,
            "--out-dir",
        ])
        .arg(&out)
        .arg(&input))?;
    let wasm = out.join(format!("{}_bg.wasm", b.out_name));
    let before = size(&wasm);
    step(&format!("wasm-opt {}", s.wasm_opt.flags.join(" ")));
    run(Command::new(wasm_opt())
        .args(&s.wasm_opt.flags)
        .arg(&wasm)
        .arg("-o")
        .arg(&wasm))
    .map_err(|e| format!("{e} (run `cargo xtask setup` to install wasm-opt)"))?;
    step(&format!(
        "{}: {} bytes before wasm-opt, {} after",
        wasm.display(),
        before,
        size(&wasm)
    ));

    copy_dir(&root().join("www"), &site)?;
    let glue = read(&out.join(format!("{}.js", b.out_name)))?;
    let protocol = read(&root().join("www/protocol.js"))?;
    let worker = read(&root().join("www/worker.js"))?;
    let bytes = std::fs::read(&wasm).map_err(|e| format!("cannot read {}: {e}", wasm.display()))?;
    let sample = sample::generate();
    let source = worker_source(&glue, &protocol, &worker, &bytes, &sample)?;
    // JSON is a JS string literal: the page imports the worker's source as data.
    let literal = serde_json::to_string(&source).map_err(|e| e.to_string())?;
    write(
        &site.join("worker-src.js"),
        &format!("// Built by `cargo xtask build`: the source of the page's classic Blob worker.\nexport const WORKER_SOURCE = {literal};\n"),
    )?;
    std::fs::remove_file(site.join("worker.js")).ok();
    step(&format!("site written to {}", site.display()));
    Ok(())
}

/// Turns an ES module into classic-script source: `export function f` becomes `function f`, and
/// `export { ... };` lines go. Fails if anything module-only is left, so a change in the glue's
/// shape breaks the build rather than the page.
pub fn classic(module: &str, what: &str) -> Result<String> {
    let mut out = String::with_capacity(module.len());
    for line in module.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("export {") || trimmed.starts_with("import ") {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line);
        out.push_str(line);
        out.push('\n');
    }
    // The glue's default path for the .wasm file: the worker always passes the bytes instead.
    let url_default = "module_or_path = new URL('tribes_wasm_bg.wasm', import.meta.url);";
    let out = out.replace(
        url_default,
        "throw new Error('tribes: pass the wasm bytes to initSync');",
    );
    if out.contains("import.meta") || out.lines().any(|l| l.trim_start().starts_with("export ")) {
        return Err(format!(
            "{what}: module syntax left after removing exports; the classic worker cannot load it"
        ));
    }
    Ok(out)
}

fn worker_source(
    glue: &str,
    protocol: &str,
    worker: &str,
    wasm: &[u8],
    sample: &str,
) -> Result<String> {
    let b64 = base64::engine::general_purpose::STANDARD.encode(wasm);
    let sample = serde_json::to_string(sample).map_err(|e| e.to_string())?;
    Ok(format!(
        "'use strict';\n{}\n{}\nconst TRIBES_WASM_BASE64 = '{b64}';\nconst TRIBES_SAMPLE_CSV = {sample};\n{}",
        classic(glue, "wasm-bindgen glue")?,
        classic(protocol, "protocol.js")?,
        classic(worker, "worker.js")?,
    ))
}

fn size(p: &Path) -> u64 {
    std::fs::metadata(p).map_or(0, |m| m.len())
}

fn read(p: &Path) -> Result<String> {
    std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()))
}

fn write(p: &Path, text: &str) -> Result {
    std::fs::write(p, text).map_err(|e| format!("cannot write {}: {e}", p.display()))
}

fn copy_dir(from: &Path, to: &Path) -> Result {
    std::fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    let entries =
        std::fs::read_dir(from).map_err(|e| format!("cannot read {}: {e}", from.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let dest = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &dest)?;
        } else {
            std::fs::copy(&path, &dest)
                .map_err(|e| format!("cannot copy {}: {e}", path.display()))?;
        }
    }
    Ok(())
}

/// `cargo xtask schema`: the JSON Schema of the result and of `inspect`'s output, generated from
/// the types so that it cannot drift from them.
pub fn schema() -> Result {
    let text = schema_text()?;
    let path = root().join("docs/result.schema.json");
    write(&path, &text)?;
    step(&format!("wrote {}", path.display()));
    Ok(())
}

pub fn schema_text() -> Result<String> {
    let analysis = schemars::schema_for!(tribes_core::AnalysisResult);
    let inspection = schemars::schema_for!(tribes_core::Inspection);
    let keywords = schemars::schema_for!(tribes_core::result::KeywordsResult);
    let doc = serde_json::json!({
        "$comment": "Generated by `cargo xtask schema` from tribes-core's result types; do not edit.",
        "analyze": analysis,
        "inspect": inspection,
        "keywords": keywords,
    });
    serde_json::to_string_pretty(&doc)
        .map(|s| s + "\n")
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classic_strips_exports_and_refuses_leftovers() {
        let m = "export function a() {}\nexport const B = 1;\nexport { a as default };\nfunction c() {}\n";
        assert_eq!(
            classic(m, "t").unwrap(),
            "function a() {}\nconst B = 1;\nfunction c() {}\n"
        );
        assert!(classic("const u = import.meta.url;\n", "t").is_err());
    }

    #[test]
    fn committed_schema_is_up_to_date() {
        let committed =
            std::fs::read_to_string(root().join("docs/result.schema.json")).unwrap_or_default();
        assert!(
            committed == schema_text().unwrap(),
            "docs/result.schema.json is stale: run `cargo xtask schema`"
        );
    }
}
