//! `cargo xtask build`: the wasm builds and the static site, with wasm-pack.toml's settings.
//!
//! `target/site/` is `www/` copied as it is, plus:
//! - `pkg/tribes_wasm.js` and `pkg/tribes_wasm_bg.wasm`: wasm-bindgen's `--target web` output of
//!   the site's build, for Node tests and anyone who wants the module;
//! - `worker-src.js`: the source of the page's classic Blob worker, as one string. It is the
//!   wasm-bindgen glue with its `export`s and its `import.meta.url` default removed (both are errors
//!   in a classic script), `protocol.js` likewise, the module as text (pack.rs), the sample CSV,
//!   and `worker.js`. docs/architecture.md ("The page") and the README ("How it is built") say
//!   why the worker is a Blob worker;
//! - `tribes.html`: the same page as one file, for use from disk: the CSS in a `<style>`, the
//!   page's modules and the worker's source in one classic `<script>`, both allowed by `sha256`
//!   sources in its CSP in place of `'self'`;
//! - `embed.js`: the `<tribes-segments>` element (www/tribes-segments.js) as one classic script,
//!   with a worker of its own built from the embeddable wasm build (wasm-pack.toml's `[embed]`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::{pack, root, run, sample, step, Result};

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Settings {
    build: Common,
    site: Variant,
    embed: Variant,
    #[serde(rename = "wasm-opt")]
    wasm_opt: WasmOpt,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Common {
    #[serde(rename = "crate")]
    krate: String,
    target: String,
}

/// One wasm build: its cargo profile and features, and where wasm-bindgen writes it.
#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Variant {
    profile: String,
    out_dir: String,
    out_name: String,
    #[serde(default = "yes")]
    default_features: bool,
    #[serde(default)]
    features: Vec<String>,
    /// Rows of the built-in sample (the whole sample when absent).
    sample_rows: Option<usize>,
}

fn yes() -> bool {
    true
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

/// A wasm build's output: the glue's source and the optimised module.
struct Built {
    glue: String,
    wasm: Vec<u8>,
}

/// Compiles one variant to wasm32, runs wasm-bindgen and wasm-opt on it.
fn compile(s: &Settings, v: &Variant) -> Result<Built> {
    let krate = &s.build.krate;
    step(&format!(
        "building {krate} for wasm32 (profile {}, features [{}])",
        v.profile,
        v.features.join(", ")
    ));
    let mut cargo = Command::new("cargo");
    cargo.args([
        "build",
        "-p",
        krate,
        "--target",
        "wasm32-unknown-unknown",
        "--profile",
        &v.profile,
    ]);
    if !v.default_features {
        cargo.arg("--no-default-features");
    }
    if !v.features.is_empty() {
        cargo.args(["--features", &v.features.join(",")]);
    }
    run(&mut cargo)?;

    let out = root().join(&v.out_dir);
    let input = root()
        .join("target/wasm32-unknown-unknown")
        .join(&v.profile)
        .join(format!("{}.wasm", krate.replace('-', "_")));
    step("wasm-bindgen");
    run(Command::new("wasm-bindgen")
        .args([
            "--target",
            &s.build.target,
            "--no-typescript",
            "--out-name",
            &v.out_name,
            "--out-dir",
        ])
        .arg(&out)
        .arg(&input))?;
    let wasm = out.join(format!("{}_bg.wasm", v.out_name));
    let before = size(&wasm);
    step(&format!("wasm-opt {}", s.wasm_opt.flags.join(" ")));
    run(Command::new(wasm_opt())
        .args(&s.wasm_opt.flags)
        .arg(&wasm)
        .arg("-o")
        .arg(&wasm))
    .map_err(|e| format!("{e} (run `cargo xtask setup` to install wasm-opt)"))?;
    let bytes = std::fs::read(&wasm).map_err(|e| format!("cannot read {}: {e}", wasm.display()))?;
    step(&format!(
        "{}: {before} bytes before wasm-opt, {} after, {} gzipped",
        wasm.display(),
        bytes.len(),
        gzipped(&bytes)
    ));
    Ok(Built {
        glue: read(&out.join(format!("{}.js", v.out_name)))?,
        wasm: bytes,
    })
}

pub fn build() -> Result {
    let s = settings()?;
    let site = site_dir();
    if site.exists() {
        std::fs::remove_dir_all(&site)
            .map_err(|e| format!("cannot clear {}: {e}", site.display()))?;
    }
    let full = compile(&s, &s.site)?;
    let lean = compile(&s, &s.embed)?;

    let www = root().join("www");
    copy_dir(&www, &site)?;
    // Sources that only exist inside the built files below.
    for source in ["worker.js", "tribes-segments.js"] {
        std::fs::remove_file(site.join(source)).ok();
    }
    let protocol = read(&www.join("protocol.js"))?;
    let worker = read(&www.join("worker.js"))?;
    let charts = read(&www.join("charts.js"))?;

    let sample = |v: &Variant| match v.sample_rows {
        Some(rows) => sample::generate_rows(rows),
        None => sample::generate(),
    };
    let source = worker_source(&full.glue, &protocol, &worker, &full.wasm, &sample(&s.site))?;
    let literal = js_string(&source)?;
    write(
        &site.join("worker-src.js"),
        &format!("// Built by `cargo xtask build`: the source of the page's classic Blob worker.\nexport const WORKER_SOURCE = {literal};\n"),
    )?;

    // tribes.html: the page as one file.
    let bundle = format!(
        "(() => {{\n'use strict';\n{}const WORKER_SOURCE = {literal};\n{}{}}})();\n",
        classic(&protocol, "protocol.js")?,
        classic(&charts, "charts.js")?,
        classic(&read(&www.join("app.js"))?, "app.js")?,
    );
    let html = single_file(
        &read(&www.join("index.html"))?,
        &read(&www.join("style.css"))?,
        &bundle,
    )?;
    write(&site.join("tribes.html"), &html)?;

    // embed.js: the element, with a worker of the embeddable build.
    let source = worker_source(
        &lean.glue,
        &protocol,
        &worker,
        &lean.wasm,
        &sample(&s.embed),
    )?;
    let embed = format!(
        "// Tribes: the <tribes-segments> element. Segments a CSV in the reader's browser; makes no\n\
         // request. Built by `cargo xtask build` from www/tribes-segments.js; see the README.\n\
         (() => {{\n'use strict';\nif (customElements.get('tribes-segments')) return;\n{}const WORKER_SOURCE = {};\n{}}})();\n",
        classic(&protocol, "protocol.js")?,
        js_string(&source)?,
        classic(&read(&www.join("tribes-segments.js"))?, "tribes-segments.js")?,
    );
    write(&site.join("embed.js"), &embed)?;

    for name in ["tribes.html", "embed.js", "pkg/tribes_wasm_bg.wasm"] {
        let bytes = std::fs::read(site.join(name)).unwrap_or_default();
        step(&format!(
            "{name}: {} bytes, {} gzipped",
            bytes.len(),
            gzipped(&bytes)
        ));
    }
    step(&format!("site written to {}", site.display()));
    Ok(())
}

/// A JS string literal for `text`, safe inside an inline `<script>` too: JSON, with `</` written
/// `<\/` so that no `</script>` can end the element.
fn js_string(text: &str) -> Result<String> {
    serde_json::to_string(text)
        .map(|s| s.replace("</", "<\\/"))
        .map_err(|e| e.to_string())
}

/// `'sha256-…'`: the CSP source that allows exactly this inline script or style.
fn csp_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// index.html as one file: the stylesheet and the page's script inline, allowed by their hashes
/// in the CSP instead of `'self'`, and without the link to itself.
fn single_file(index: &str, css: &str, script: &str) -> Result<String> {
    let lower = script.to_ascii_lowercase();
    if lower.contains("</script") || lower.contains("<!--") {
        return Err("the inline script would contain </script or <!--; escape it".into());
    }
    let mut html = String::with_capacity(index.len() + css.len() + script.len() + 256);
    let mut seen = [false; 4];
    for line in index.lines() {
        let t = line.trim();
        if t.starts_with("<meta http-equiv=\"Content-Security-Policy\"") {
            let csp = line
                .replace(
                    "script-src 'self'",
                    &format!("script-src {}", csp_hash(script)),
                )
                .replace("style-src 'self'", &format!("style-src {}", csp_hash(css)));
            if csp.contains("'self' 'wasm") || csp.contains("style-src 'self'") {
                return Err(
                    "index.html's CSP has no script-src 'self' or style-src 'self' to replace"
                        .into(),
                );
            }
            html.push_str(&csp);
            seen[0] = true;
        } else if t == "<link rel=\"stylesheet\" href=\"style.css\">" {
            html.push_str(&format!("  <style>{css}</style>"));
            seen[1] = true;
        } else if t == "<script type=\"module\" src=\"app.js\"></script>" {
            seen[2] = true;
            continue;
        } else if t.contains("id=\"offline-link\"") {
            seen[3] = true;
            continue;
        } else if t == "</body>" {
            html.push_str(&format!("<script>{script}</script>\n{line}"));
        } else {
            html.push_str(line);
        }
        html.push('\n');
    }
    if seen.contains(&false) || !html.contains("<script>") {
        return Err(format!(
            "index.html changed shape: found [CSP, stylesheet link, app.js script, offline link] = {seen:?}, and </body>: {}",
            html.contains("<script>")
        ));
    }
    Ok(html)
}

/// Turns an ES module into classic-script source: `export function f` becomes `function f`, and
/// `export { ... };` and `import` lines go. Fails if anything module-only is left, so a change in
/// the glue's shape breaks the build rather than the page.
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
    let url_default = "module_or_path = new URL(";
    if let Some(at) = out.find(url_default) {
        let end = out[at..].find(';').map_or(out.len(), |e| at + e + 1);
        out.replace_range(
            at..end,
            "throw new Error('tribes: pass the wasm bytes to initSync');",
        );
    }
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
    let sample = serde_json::to_string(sample).map_err(|e| e.to_string())?;
    Ok(format!(
        "'use strict';\n{}\n{}\n{}const TRIBES_SAMPLE_CSV = {sample};\n{}",
        classic(glue, "wasm-bindgen glue")?,
        classic(protocol, "protocol.js")?,
        pack::pack(wasm).js_constants(),
        classic(worker, "worker.js")?,
    ))
}

/// The size gzip -9 makes of `bytes`, as a static host would serve them.
pub fn gzipped(bytes: &[u8]) -> usize {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = e.write_all(bytes);
    e.finish().map_or(0, |v| v.len())
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
    let keywords = schemars::schema_for!(tribes_core::KeywordsResult);
    let rfm = schemars::schema_for!(tribes_core::RfmResult);
    let doc = serde_json::json!({
        "$comment": "Generated by `cargo xtask schema` from tribes-core's result types; do not edit.",
        "analyze": analysis,
        "inspect": inspection,
        "keywords": keywords,
        "rfm": rfm,
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

    /// The interfaces of `types.d.ts`, each with its property names.
    fn interfaces(ts: &str) -> std::collections::BTreeMap<String, Vec<String>> {
        let mut out = std::collections::BTreeMap::new();
        let mut current: Option<(String, Vec<String>)> = None;
        for line in ts.lines() {
            if let Some(rest) = line.strip_prefix("export interface ") {
                let name = rest.trim_end_matches(" {").trim().to_owned();
                current = Some((name, Vec::new()));
            } else if line == "}" {
                if let Some((name, props)) = current.take() {
                    out.insert(name, props);
                }
            } else if let Some((_, props)) = current.as_mut() {
                let field = line.trim_start();
                if let Some(end) = field.find([':', '?']) {
                    if !field.starts_with("/*") && !field.starts_with('*') && line.starts_with("  ")
                    {
                        props.push(field[..end].to_owned());
                    }
                }
            }
        }
        out
    }

    #[test]
    fn the_typescript_types_name_every_property_of_the_options_and_results() {
        let ts = std::fs::read_to_string(root().join("crates/tribes-wasm/src/types.d.ts"))
            .expect("types.d.ts is readable");
        let ts = interfaces(&ts);
        let mut options = ts["Options"].clone();
        options.sort();
        let mut names = tribes_core::OPTION_NAMES.map(str::to_owned).to_vec();
        names.sort();
        assert_eq!(options, names, "interface Options");
        let doc: serde_json::Value = serde_json::from_str(&schema_text().unwrap()).unwrap();
        let mut checked = 0;
        for root in ["analyze", "inspect", "keywords", "rfm"] {
            let root = &doc[root];
            let mut types = vec![(root["title"].as_str().unwrap_or_default(), root)];
            if let Some(defs) = root["$defs"].as_object() {
                types.extend(defs.iter().map(|(name, def)| (name.as_str(), def)));
            }
            for (name, def) in types {
                let Some(properties) = def["properties"].as_object() else {
                    continue;
                };
                let mut want: Vec<String> = properties.keys().cloned().collect();
                want.sort();
                let mut have = ts
                    .get(name)
                    .unwrap_or_else(|| panic!("types.d.ts has no interface {name}"))
                    .clone();
                have.sort();
                assert_eq!(have, want, "interface {name}");
                checked += 1;
            }
        }
        assert!(checked > 20, "{checked} interfaces checked");
    }
}
