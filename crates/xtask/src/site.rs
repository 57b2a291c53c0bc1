//! `cargo xtask build`: the wasm builds and the static site, with wasm-pack.toml's settings.
//!
//! `target/site/` is `www/` copied as it is, plus:
//! - `pkg/tribes_wasm.js` and `pkg/tribes_wasm_bg.wasm`: wasm-bindgen's `--target web` output of
//!   the site's build, for Node tests and anyone who wants the module;
//! - `worker-src.js`: the source of the page's classic Blob worker, as one string. It is the
//!   wasm-bindgen glue with its `export`s and its `import.meta.url` default removed (both are errors
//!   in a classic script), `protocol.js` likewise, the module as text (pack.rs), the sample CSV,
//!   and `worker.js` followed by `worker-page.js`, `worker-saved.js` and `worker-pool.js` (the
//!   page's messages beyond reading and segmenting, and its helper workers), and
//!   `WORKER_HELPERS`, true: the page may start helpers. docs/architecture.md ("The page") and the
//!   README ("How it is built") say why the worker is a Blob worker;
//! - `tribes.html`: the same page as one file, for use from disk: the CSS in a `<style>`, the
//!   page's modules (`PAGE_MODULES`) and the worker's source in one classic `<script>`, both
//!   allowed by `sha256` sources in its CSP in place of `'self'`. Its worker (without
//!   `worker-pool.js`: `WORKER_HELPERS` is false there) carries the
//!   single-file wasm build (wasm-pack.toml's `[single]`: CSV and text files, legacy encodings
//!   decoded by the browser), which fits the file's budget where the site's build does not;
//! - `embed.js`: the `<tribes-segments>` element (www/tribes-segments.js and the modules it
//!   imports, `EMBED_MODULES`) as one classic script, with a worker of its own built from the
//!   embeddable wasm build (wasm-pack.toml's `[embed]`) and `worker.js` alone.
//!
//! Our modules and the glue go into these files without their whole-line comments
//! (`uncommented`).

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
    single: Variant,
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
    /// wasm-opt flags of this build only, after the common ones.
    #[serde(default)]
    wasm_opt_flags: Vec<String>,
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

/// A `--config` value that maps the cargo home and the checkout to fixed names in the wasm
/// build's panic locations.
fn remap_paths() -> String {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".cargo")));
    let mut flags = vec![format!("--remap-path-prefix={}=/tribes", root().display())];
    if let Some(home) = cargo_home {
        flags.push(format!("--remap-path-prefix={}=/cargo", home.display()));
    }
    let quoted: Vec<String> = flags.iter().map(|f| format!("{f:?}")).collect();
    format!(
        "target.wasm32-unknown-unknown.rustflags=[{}]",
        quoted.join(", ")
    )
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
    // Panic locations name their source files: without this, every shipped module carries the
    // build machine's registry and checkout paths (about 3.7 KB), and two machines build
    // different bytes. The flags join the config's rustflags for the target.
    cargo.args(["--config", &remap_paths()]);
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
    let flags: Vec<&String> = s.wasm_opt.flags.iter().chain(&v.wasm_opt_flags).collect();
    step(&format!(
        "wasm-opt {}",
        flags
            .iter()
            .map(|f| f.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    ));
    run(Command::new(wasm_opt())
        .args(&flags)
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
    let single = compile(&s, &s.single)?;
    let lean = compile(&s, &s.embed)?;

    let www = root().join("www");
    copy_dir(&www, &site)?;
    // Sources that only exist inside the built files below.
    for source in [
        "worker.js",
        "worker-page.js",
        "worker-saved.js",
        "worker-pool.js",
        "tribes-segments.js",
    ] {
        std::fs::remove_file(site.join(source)).ok();
    }
    let protocol = read(&www.join("protocol.js"))?;
    let worker = read(&www.join("worker.js"))?;
    // The page's workers answer its every message; the embed's only reading and segmenting.
    // tribes.html's worker has no helpers' code (worker-pool.js): opened from disk, a page is
    // never cross-origin isolated, and its wasm build has no block pool.
    let single_worker = format!(
        "{worker}\n{}\n{}",
        read(&www.join("worker-page.js"))?,
        read(&www.join("worker-saved.js"))?,
    );
    let page_worker = format!("{single_worker}\n{}", read(&www.join("worker-pool.js"))?);

    let sample = |v: &Variant| match v.sample_rows {
        Some(rows) => sample::generate_rows(rows),
        None => sample::generate(),
    };
    let source = worker_source(
        &full.glue,
        &protocol,
        &page_worker,
        &full.wasm,
        &sample(&s.site),
    )?;
    let literal = js_string(&source)?;
    write(
        &site.join("worker-src.js"),
        &format!("// Built by `cargo xtask build`: the source of the page's classic Blob worker, and\n// whether it can be a helper (worker-pool.js).\nexport const WORKER_SOURCE = {literal};\nexport const WORKER_HELPERS = true;\n"),
    )?;

    // tribes.html: the page as one file, with a worker of the single-file build.
    let source = worker_source(
        &single.glue,
        &protocol,
        &single_worker,
        &single.wasm,
        &sample(&s.single),
    )?;
    let script = format!(
        "(() => {{\n'use strict';\nconst WORKER_SOURCE = {};\nconst WORKER_HELPERS = false;\n{}}})();\n",
        js_string(&source)?,
        bundle(&www, PAGE_MODULES, &["worker-src.js"])?,
    );
    let html = single_file(
        &read(&www.join("index.html"))?,
        &read(&www.join("style.css"))?,
        &script,
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
         (() => {{\n'use strict';\nif (customElements.get('tribes-segments')) return;\nconst WORKER_SOURCE = {};\n{}}})();\n",
        js_string(&source)?,
        bundle(&www, EMBED_MODULES, &[])?,
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

/// The page's modules in www/, each after the modules it imports (`bundle` checks the order).
/// A new module of the page goes here, or tribes.html fails to build.
const PAGE_MODULES: &[&str] = &[
    "protocol.js",
    "palette.js",
    "words.js",
    "dom.js",
    "persona.js",
    "state.js",
    "charts.js",
    "results.js",
    "saved.js",
    "view.js",
    "app.js",
];

/// The modules of the `<tribes-segments>` element, likewise.
const EMBED_MODULES: &[&str] = &[
    "protocol.js",
    "palette.js",
    "words.js",
    "tribes-segments.js",
];

/// The ES modules `modules` of www/ as the source of one classic script: each made classic (its
/// imports and `export` keywords removed), in the order given, in one scope. A module may import
/// only those before it and those in `provided` (defined by the caller), and two modules may not
/// declare the same top-level name, which in one scope would be an error or, for two functions,
/// one silently replacing the other.
fn bundle(www: &Path, modules: &[&str], provided: &[&str]) -> Result<String> {
    let mut out = String::new();
    let mut declared: Vec<(String, &str)> = Vec::new();
    for (i, &name) in modules.iter().enumerate() {
        let source = read(&www.join(name))?;
        for import in imports(&source, name)? {
            if !modules[..i].contains(&import.as_str()) && !provided.contains(&import.as_str()) {
                return Err(format!(
                    "{name} imports {import}, which does not come before it in the bundle's list of modules (site.rs)"
                ));
            }
        }
        for top in top_level_names(&source) {
            if let Some((_, first)) = declared.iter().find(|(n, _)| *n == top) {
                return Err(format!(
                    "{name} and {first} both declare `{top}`: the bundle puts them in one scope"
                ));
            }
            declared.push((top, name));
        }
        out.push_str(&classic(&uncommented(&source, name)?, name)?);
    }
    Ok(out)
}

/// `module` without its whole-line comments, `//` lines and `/* ... */` blocks that begin a line
/// and end one: they document the source in www/ (and the wasm-bindgen glue), and every reader
/// of the page or of a blog with the element would download them (protocol.js's header alone is
/// 3 KB gzipped, and embed.js carries it twice, in the element and in its worker; the block
/// comments of our modules and the glue were 1.8 KB more of embed.js). A block comment whose
/// closing line goes on with code is refused, as removing its lines would remove the code.
fn uncommented(module: &str, what: &str) -> Result<String> {
    let mut out = String::with_capacity(module.len());
    let mut in_block = false;
    for (i, line) in module.lines().enumerate() {
        let trimmed = line.trim();
        let opens = !in_block && trimmed.starts_with("/*");
        if in_block || opens {
            // Where this line's block comment closes, if it does (after the `/*` that opens it).
            let from = if opens { 2 } else { 0 };
            match trimmed[from..].find("*/").map(|at| at + from + 2) {
                Some(end) if end == trimmed.len() => in_block = false,
                Some(_) => {
                    return Err(format!(
                        "{what}: line {}: code after a block comment that begins the line; put it on a line of its own",
                        i + 1
                    ))
                }
                None => in_block = true,
            }
            continue;
        }
        if !trimmed.starts_with("//") {
            out.push_str(line);
            out.push('\n');
        }
    }
    if in_block {
        return Err(format!("{what}: a block comment is not closed"));
    }
    Ok(out)
}

/// The modules `module` imports, by file name (`import { a } from './x.js';` gives `x.js`). An
/// import over several lines is refused, as `classic` removes import lines one by one, and so is
/// an import that renames (`a as b`), as in one scope there is only `a`.
fn imports(module: &str, what: &str) -> Result<Vec<String>> {
    let mut found = Vec::new();
    for line in module.lines().filter(|l| l.starts_with("import ")) {
        if line.contains(" as ") {
            return Err(format!(
                "{what}: `{line}` renames an import, which the bundle's one scope cannot do"
            ));
        }
        let path = ["from './", "from \"./"]
            .iter()
            .find_map(|from| line.find(from).map(|at| &line[at + from.len()..]))
            .and_then(|rest| rest.find(['\'', '"']).map(|end| &rest[..end]));
        match path {
            Some(path) if line.trim_end().ends_with(';') => found.push(path.to_owned()),
            _ => {
                return Err(format!(
                    "{what}: `{line}` is not a one-line import from a module beside it"
                ))
            }
        }
    }
    Ok(found)
}

/// The names a module declares at its top level (lines that start with a declaration).
fn top_level_names(module: &str) -> Vec<String> {
    let mut names = Vec::new();
    for line in module.lines() {
        let line = line.strip_prefix("export ").unwrap_or(line);
        let rest = [
            "async function ",
            "function ",
            "const ",
            "let ",
            "var ",
            "class ",
        ]
        .iter()
        .find_map(|keyword| line.strip_prefix(keyword));
        if let Some(rest) = rest {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$')
                .collect();
            if !name.is_empty() {
                names.push(name);
            }
        }
    }
    names
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
        classic(
            &uncommented(glue, "wasm-bindgen glue")?,
            "wasm-bindgen glue"
        )?,
        classic(&uncommented(protocol, "protocol.js")?, "protocol.js")?,
        pack::pack(wasm).js_constants(),
        classic(&uncommented(worker, "worker.js")?, "worker.js")?,
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
    for (file, text) in [
        ("docs/result.schema.json", schema_text()?),
        ("docs/model.schema.json", model_schema_text()?),
    ] {
        let path = root().join(file);
        write(&path, &text)?;
        step(&format!("wrote {}", path.display()));
    }
    Ok(())
}

/// The model file's JSON Schema (`*.tribes.json`), from the core's `Model`.
pub fn model_schema_text() -> Result<String> {
    let mut model = serde_json::to_value(schemars::schema_for!(tribes_core::Model))
        .map_err(|e| e.to_string())?;
    if let Some(o) = model.as_object_mut() {
        o.insert(
            "$comment".into(),
            "Generated by `cargo xtask schema` from tribes-core's Model; do not edit. Files of format version 1.x; a reader of version 1.n reads 1.0 to 1.n.".into(),
        );
    }
    serde_json::to_string_pretty(&model)
        .map(|s| s + "\n")
        .map_err(|e| e.to_string())
}

pub fn schema_text() -> Result<String> {
    let analysis = schemars::schema_for!(tribes_core::AnalysisResult);
    let inspection = schemars::schema_for!(tribes_core::Inspection);
    let keywords = schemars::schema_for!(tribes_core::KeywordsResult);
    let rfm = schemars::schema_for!(tribes_core::RfmResult);
    let apply = schemars::schema_for!(tribes_core::Applied);
    let compare = schemars::schema_for!(tribes_core::Movement);
    let audience = schemars::schema_for!(tribes_core::Audience);
    let doc = serde_json::json!({
        "$comment": "Generated by `cargo xtask schema` from tribes-core's result types; do not edit.",
        "analyze": analysis,
        "inspect": inspection,
        "keywords": keywords,
        "rfm": rfm,
        "apply": apply,
        "compare": compare,
        "audience": audience,
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
    fn bundle_checks_module_order_and_names() {
        let dir = std::env::temp_dir().join(format!("tribes-bundle-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let put = |name: &str, text: &str| std::fs::write(dir.join(name), text).unwrap();
        put("a.js", "export const A = 1;\nexport function f() {}\n");
        put(
            "b.js",
            "import { A } from './a.js';\nimport { W } from './w.js';\nconst B = A + W;\n",
        );
        put("c.js", "function f() {}\n");
        put("d.js", "import {\n  A,\n} from './a.js';\n");
        put("e.js", "import { A as B } from './a.js';\n");
        assert_eq!(
            bundle(&dir, &["a.js", "b.js"], &["w.js"]).unwrap(),
            "const A = 1;\nfunction f() {}\nconst B = A + W;\n"
        );
        assert_eq!(
            uncommented("// why\nconst u = 'http://x'; // kept\n  // gone\n", "t").unwrap(),
            "const u = 'http://x'; // kept\n"
        );
        // Block comments that take whole lines go, one line or several; a block comment that a
        // line's code follows, or within a line, stays or is refused.
        let js = "/** One. */\nconst a = 1; /* kept */\n  /**\n   * Two.\n   */\nconst b = '/* text */';\n";
        assert_eq!(
            uncommented(js, "t").unwrap(),
            "const a = 1; /* kept */\nconst b = '/* text */';\n"
        );
        assert!(uncommented("/* a */ const c = 3;\n", "t").is_err());
        assert!(uncommented("/*\n a */ const c = 3;\n", "t").is_err());
        assert!(uncommented("/* never closed\nconst d = 4;\n", "t").is_err());
        // b.js before the module it imports, a module not provided, a name declared twice, an
        // import over several lines, an import renamed.
        assert!(bundle(&dir, &["b.js", "a.js"], &["w.js"]).is_err());
        assert!(bundle(&dir, &["a.js", "b.js"], &[]).is_err());
        assert!(bundle(&dir, &["a.js", "c.js"], &[]).is_err());
        assert!(bundle(&dir, &["a.js", "d.js"], &[]).is_err());
        assert!(bundle(&dir, &["a.js", "e.js"], &[]).is_err());
        std::fs::remove_dir_all(&dir).ok();
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

    #[test]
    fn committed_model_schema_is_up_to_date() {
        let committed =
            std::fs::read_to_string(root().join("docs/model.schema.json")).unwrap_or_default();
        assert!(
            committed == model_schema_text().unwrap(),
            "docs/model.schema.json is stale: run `cargo xtask schema`"
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
        for root in [
            "analyze", "inspect", "keywords", "rfm", "apply", "compare", "audience",
        ] {
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
