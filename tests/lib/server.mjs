// A static server for the browser tests: serves target/site on 127.0.0.1 at a free port, with the
// headers that make the page cross-origin isolated.
// Under /nocsp/ it serves the same files with the Content-Security-Policy <meta> removed from
// HTML, so a test can show that its privacy probes would pass without the CSP (and so can fail).
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { SITE } from './paths.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.csv': 'text/csv',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
};
const CSP_META = /<meta http-equiv="Content-Security-Policy"[^>]*>\s*/i;
// Cross-origin isolation, as `cargo xtask serve` sends it: the page may then share memory with
// its helper workers (SharedArrayBuffer), and starts them.
const ISOLATED = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export async function serve(root = SITE) {
  const hits = [];
  const server = http.createServer(async (req, res) => {
    hits.push(req.url);
    let urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const noCsp = urlPath.startsWith('/nocsp/');
    if (noCsp) urlPath = urlPath.slice('/nocsp'.length);
    if (urlPath.endsWith('/')) urlPath += 'index.html';
    const file = path.join(root, path.normalize(urlPath));
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    try {
      let body = await readFile(file);
      const type = TYPES[path.extname(file)] || 'application/octet-stream';
      if (noCsp && type.startsWith('text/html')) body = body.toString('utf8').replace(CSP_META, '');
      res.writeHead(200, { 'Content-Type': type, ...ISOLATED }).end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    hits,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
