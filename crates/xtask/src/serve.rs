//! `cargo xtask serve [--port N] [--no-build]`: builds (setting up what is missing), then serves
//! `target/site` on 127.0.0.1 only, with `.wasm` as `application/wasm`.

use std::path::{Component, Path, PathBuf};

use crate::{setup, site, step, Result};

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

/// Maps a request path to a file under `base`, refusing anything that climbs out of it.
fn resolve(base: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let mut out = base.to_path_buf();
    for part in Path::new(path.trim_start_matches('/')).components() {
        match part {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if out.is_dir() {
        out.push("index.html");
    }
    out.is_file().then_some(out)
}

/// `cargo xtask serve`'s arguments.
#[derive(clap::Args)]
pub struct Args {
    /// The port to listen on, from 0 to 65535 (0: any free port, which the log names).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Serve target/site as it is, without building it first.
    #[arg(long)]
    pub no_build: bool,
}

pub fn main(args: &Args) -> Result {
    let port = args.port;
    if !args.no_build {
        setup::for_build()?;
        site::build()?;
    }
    let base = site::site_dir();
    if !base.join("index.html").exists() {
        return Err("target/site has no index.html: run without --no-build".into());
    }
    let server = tiny_http::Server::http(("127.0.0.1", port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let addr = server.server_addr().to_ip().map_or(port, |a| a.port());
    step(&format!(
        "serving {} at http://127.0.0.1:{addr}/ (Ctrl-C to stop)",
        base.display()
    ));
    for request in server.incoming_requests() {
        let response = match resolve(&base, request.url()) {
            Some(path) => match std::fs::read(&path) {
                Ok(bytes) => {
                    let header = tiny_http::Header::from_bytes("Content-Type", content_type(&path))
                        .expect("static header is valid");
                    tiny_http::Response::from_data(bytes).with_header(header)
                }
                Err(_) => {
                    tiny_http::Response::from_string("cannot read file").with_status_code(500)
                }
            },
            None => tiny_http::Response::from_string("not found").with_status_code(404),
        };
        let _ = request.respond(response);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_outside_the_site() {
        let base = crate::root().join("www");
        assert!(resolve(&base, "/../Cargo.toml").is_none());
        assert!(resolve(&base, "/index.html?x=1").is_some());
        assert!(resolve(&base, "/").is_some());
        assert_eq!(content_type(Path::new("a/b.wasm")), "application/wasm");
    }
}
