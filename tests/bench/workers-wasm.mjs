// k-means on several workers, timed under Node: the site's wasm module in this thread (the
// analysis worker) and in helper threads (worker_threads, each a BlockHost on a SharedArrayBuffer
// channel, as the page's helpers in www/worker-pool.js), one Session, its analysis run with 1
// worker (`analyze`) and with N (`analyzeWith`), alternating. Each line gives the medians of the
// whole call and of the `fit` stage (from its first progress report to the next stage's), and
// says whether every label was the same as with 1 worker.
//
// How to run (from the repository root, after `cargo xtask build`):
//     python3 tests/bench/telco.py customers /tmp/c1m.csv --rows 1000000
//     node tests/bench/workers-wasm.mjs [--runs 3] [--workers 2] /tmp/c1m.csv
// Options of the analysis: k 4, seed 1, and both the default start (k-means++: above 100,000 rows
// the mini-batch fit, then at most 3 Lloyd passes on every row) and `init: 'first'` (the exact
// fit: Lloyd's passes on every row until they converge, at most 300). CI does not run it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Worker, isMainThread, workerData } from 'node:worker_threads';
import { SITE } from '../lib/paths.mjs';

const PKG = path.join(SITE, 'pkg');
const pkg = await import(pathToFileURL(path.join(PKG, 'tribes_wasm.js')));
pkg.initSync({ module: fs.readFileSync(path.join(PKG, 'tribes_wasm_bg.wasm')) });

// The channel's layout and states: www/protocol.js's CHANNEL and CHANNEL_HEAD.
const IDLE = 1;
const REQUEST = 2;
const REPLY = 3;
const HEAD = 16;

if (!isMainThread) {
  // A helper: answer block messages until the process ends.
  const head = new Int32Array(workerData, 0, 4);
  const data = new Float64Array(workerData, HEAD);
  const host = new pkg.BlockHost();
  Atomics.store(head, 0, IDLE);
  Atomics.notify(head, 0);
  for (;;) {
    const state = Atomics.load(head, 0);
    if (state !== REQUEST) {
      Atomics.wait(head, 0, state);
      continue;
    }
    const reply = host.handle(data.subarray(0, head[1]));
    data.set(reply);
    head[1] = reply.length;
    Atomics.store(head, 0, REPLY);
    Atomics.notify(head, 0);
  }
}

const args = process.argv.slice(2);
let runs = 3;
let workers = 2;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--runs') runs = Number(args[++i]);
  else if (args[i] === '--workers') workers = Number(args[++i]);
  else files.push(args[i]);
}
if (!files.length) {
  console.error('usage: node tests/bench/workers-wasm.mjs [--runs N] [--workers N] FILE...');
  process.exit(2);
}

const channels = [];
const threads = [];
for (let i = 1; i < workers; i++) {
  const channel = new SharedArrayBuffer(HEAD + 8 * (1 << 20));
  channels.push(channel);
  threads.push(new Worker(new URL(import.meta.url), { workerData: channel }));
}
for (const c of channels) {
  const head = new Int32Array(c, 0, 4);
  while (Atomics.load(head, 0) !== IDLE) Atomics.wait(head, 0, 0, 100);
}

/** www/worker-pool.js's pool, over every channel. */
function pool() {
  const hosts = channels.map((c) => ({ head: new Int32Array(c, 0, 4), data: new Float64Array(c, HEAD) }));
  return {
    hosts: hosts.length,
    capacity: hosts[0].data.length,
    send(i, message) {
      const { head, data } = hosts[i];
      data.set(message);
      head[1] = message.length;
      Atomics.store(head, 0, REQUEST);
      Atomics.notify(head, 0);
    },
    receive(i) {
      const { head, data } = hosts[i];
      while (Atomics.load(head, 0) === REQUEST) Atomics.wait(head, 0, REQUEST, 1000);
      if (Atomics.load(head, 0) !== REPLY) throw new Error(`helper ${i} stopped`);
      return data.subarray(0, head[1]);
    },
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** One analysis: { total, fit, labels, used } in milliseconds. */
function once(session, options, withPool) {
  const firsts = [];
  const t0 = performance.now();
  const onProgress = (stage) => {
    if (!firsts.some(([s]) => s === stage)) firsts.push([stage, performance.now() - t0]);
    return true;
  };
  const p = withPool ? pool() : null;
  const result = withPool ? session.analyzeWith(p, options, onProgress) : session.analyze(options, onProgress);
  const total = performance.now() - t0;
  const at = firsts.findIndex(([s]) => s === 'fit');
  const fit = at >= 0 ? (firsts[at + 1]?.[1] ?? total) - firsts[at][1] : NaN;
  return { total, fit, labels: result.labels, used: withPool ? p.used === true : false };
}

console.log(`Node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}; median of ${runs} runs, alternating`);
console.log('file | start | workers | whole analysis (s) | fit stage (s) | helpers used | labels as 1 worker\'s');
try {
  for (const file of files) {
    const session = new pkg.Session({}, fs.statSync(file).size);
    session.push(new Uint8Array(fs.readFileSync(file)));
    session.finish({});
    for (const init of ['kmeans++', 'first']) {
      const options = { k: 4, seed: 1, init };
      const one = [];
      const many = [];
      for (let r = 0; r < runs; r++) {
        one.push(once(session, options, false));
        many.push(once(session, options, true));
      }
      const same = many.every((m) => m.labels.every((l, i) => l === one[0].labels[i]));
      for (const [count, rs] of [[1, one], [workers, many]]) {
        console.log(`${path.basename(file)} | ${init} | ${count} | ${(median(rs.map((x) => x.total)) / 1000).toFixed(2)} | ${(median(rs.map((x) => x.fit)) / 1000).toFixed(2)} | ${count > 1 ? rs.every((x) => x.used) : '-'} | ${count > 1 ? same : '-'}`);
      }
    }
    session.free();
  }
} finally {
  for (const t of threads) t.terminate();
}
