//! `cargo xtask serve [--port N] [--no-build]`: builds (setting up what is missing), then serves
//! `target/site` on 127.0.0.1 only, with `.wasm` as `application/wasm`, cross-origin isolated
//! (the headers `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy:
//! require-corp`, which the page's helper workers need).

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
    let listener = std::net::TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let addr = listener.local_addr().map_or(port, |a| a.port());
    step(&format!(
        "serving {} at http://127.0.0.1:{addr}/ (Ctrl-C to stop)",
        base.display()
    ));
    // One thread per connection, one request per connection (`Connection: close`): served by
    // tiny_http with keep-alive, one of the page's modules stayed pending in Chromium now and
    // then, and the page never ran.
    for stream in listener.incoming().flatten() {
        let base = base.clone();
        std::thread::spawn(move || answer(&base, stream));
    }
    Ok(())
}

/// Reads one GET request's head from `stream` and answers it with the file it names.
fn answer(base: &Path, mut stream: std::net::TcpStream) {
    use std::io::{BufRead, BufReader, Write};
    let Ok(reader) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(reader);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    // The headers, up to the blank line; nothing in them changes the answer.
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line.trim_end() != "" {
        line.clear();
    }
    let mut words = request_line.split_whitespace();
    let (method, url) = (words.next().unwrap_or(""), words.next().unwrap_or("/"));
    let (status, kind, body) = match (method, resolve(base, url)) {
        ("GET" | "HEAD", Some(path)) => match std::fs::read(&path) {
            Ok(bytes) => ("200 OK", content_type(&path), bytes),
            Err(_) => (
                "500 Internal Server Error",
                "text/plain",
                b"cannot read file".to_vec(),
            ),
        },
        ("GET" | "HEAD", None) => ("404 Not Found", "text/plain", b"not found".to_vec()),
        _ => ("405 Method Not Allowed", "text/plain", b"GET only".to_vec()),
    };
    // Cross-origin isolation (COOP and COEP): the page may then share memory with its helper
    // workers (SharedArrayBuffer), and runs k-means on several of them.
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\
         Cross-Origin-Opener-Policy: same-origin\r\nCross-Origin-Embedder-Policy: require-corp\r\n\
         Connection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    if method != "HEAD" {
        let _ = stream.write_all(&body);
    }
    let _ = stream.flush();
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
