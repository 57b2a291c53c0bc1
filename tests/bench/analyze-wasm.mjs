// The wasm side of auto-vs-sklearn.py and memory.py: the whole analysis of Tribes, timed under Node.
//
// What it measures
//   One request per line on stdin, one JSON answer per line on stdout, so that the Python script
//   can alternate it with scikit-learn while both processes stay warm. A request is
//     {"file": "x.csv", "options": {...}}
//   The file's bytes are read once and kept (reading the disk is never timed). The answer times
//   `analyze(bytes, options, onProgress)` of target/site/pkg: decoding, reading, typing, the
//   features, choosing k, the final fit, profiles, rules, the map and stability, in one thread.
//   The progress callback stamps the moment each stage first reports, so the answer also says
//     labels_ms  from the call to the first `profile` report: CSV bytes to every row's label;
//     cards_ms   from the call to the first `stability` report: everything the cards show;
//     total_ms   the whole call, stability included (it may arrive after the cards);
//   and each stage's share (`stages`, ms from its first report to the next stage's).
//   `{"memory": true}` in a request adds the wasm linear memory after the call, in bytes
//   (memory.buffer.byteLength: it only grows, so it is the peak of the module's memory).
//
// How to run (from the repository root, after `cargo xtask build`): it is started by
//   python3 tests/bench/auto-vs-sklearn.py     and     python3 tests/bench/memory.py
// By hand: echo '{"file":"t.csv","options":{"seed":1}}' | node tests/bench/analyze-wasm.mjs [--pkg DIR]

import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { SITE } from '../lib/paths.mjs';

// `--pkg DIR` loads another build of the package (to compare two builds on the same files).
const at = process.argv.indexOf('--pkg');
const PKG = at > 0 ? path.resolve(process.argv[at + 1]) : path.join(SITE, 'pkg');
const pkgJs = path.join(PKG, 'tribes_wasm.js');
const wasmPath = path.join(PKG, 'tribes_wasm_bg.wasm');
if (!fs.existsSync(pkgJs) || !fs.existsSync(wasmPath)) {
  console.error(`analyze-wasm: ${wasmPath} is missing; run \`cargo xtask build\` first`);
  process.exit(2);
}
const pkg = await import(pathToFileURL(pkgJs));
const wasm = pkg.initSync({ module: fs.readFileSync(wasmPath) });

const files = new Map();
function bytesOf(file) {
  if (!files.has(file)) files.set(file, new Uint8Array(fs.readFileSync(file)));
  return files.get(file);
}

function run(req) {
  const bytes = bytesOf(req.file);
  const firsts = [];
  const t0 = performance.now();
  const onProgress = (stage) => {
    if (!firsts.length || firsts[firsts.length - 1][0] !== stage) {
      if (!firsts.some(([s]) => s === stage)) firsts.push([stage, performance.now() - t0]);
    }
    return true;
  };
  const result = pkg.analyze(bytes, req.options ?? {}, onProgress);
  const total = performance.now() - t0;
  const at = (stage) => firsts.find(([s]) => s === stage)?.[1];
  const stages = {};
  firsts.forEach(([s, t], i) => {
    stages[s] = +((i + 1 < firsts.length ? firsts[i + 1][1] : total) - t).toFixed(1);
  });
  const sizes = new Array(result.k).fill(0);
  for (const l of result.labels) sizes[l] += 1;
  return {
    total_ms: +total.toFixed(1),
    labels_ms: +(at('profile') ?? total).toFixed(1),
    cards_ms: +(at('stability') ?? total).toFixed(1),
    stages,
    k: result.k,
    rows: result.labels.length,
    sizes,
    bytes: bytes.length,
    memory: req.memory ? wasm.memory.buffer.byteLength : undefined,
  };
}

const rl = readline.createInterface({ input: process.stdin });
for await (const line of rl) {
  if (!line.trim()) continue;
  let answer;
  try {
    answer = run(JSON.parse(line));
  } catch (e) {
    answer = { error: String(e && e.message ? e.message : e) };
  }
  process.stdout.write(JSON.stringify(answer) + '\n');
}
