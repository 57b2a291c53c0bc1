// Benchmark: the wasm `inspect` of Tribes against Papa Parse, in one Node process.
//
// What it measures
//   A customer CSV of at least --mb MiB (default 50) is generated in memory from a seeded PRNG
//   (mulberry32), so every run reads the same bytes. Then, after one warm-up run of each, the two
//   sides are timed --runs times (default 5), alternating, to spread machine noise over both:
//     tribes  pkg.inspect(bytes, {})   on the Uint8Array: UTF-8 decoding, CSV reading and typing
//                                      every cell are all inside the timing.
//     papa    Papa.parse(text, { header: true, dynamicTyping: true, skipEmptyLines: true })
//                                      on a JS string decoded once with TextDecoder, outside the
//                                      timing (the decode time is reported on its own line).
//   With --udsv DIR (a directory where the npm package `udsv` is installed, outside the
//   repository: it is not one of the test packages CI installs), uDSV is timed too, alternating
//   with the other two: initParser(inferSchema(text)).typedCols(text) on the same string, its
//   fastest typed form.
//   A third line times a tribes Session fed the same bytes in 1 MiB chunks (push, then finish);
//   it is not part of the ratio. Both sides must agree on the number of data rows, or the script
//   exits with status 1.
//
// How to run (from the repository root, after `cargo xtask build`, which writes target/site/pkg/):
//   node tests/bench/inspect-vs-papaparse.mjs [--mb 50] [--runs 5] [--udsv DIR]
//   (for uDSV: mkdir DIR && cd DIR && npm install udsv)
//   (add `node --expose-gc ...` to collect garbage before every timed run)
//
// Output: a short table, then one line of JSON with every number (prefixed "JSON ").
// The numbers are only comparable within one run: they depend on the machine, its load, the Node
// version and the build; compare tribes and papa from the same output, not across outputs.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import Papa from 'papaparse';
import { SITE } from '../lib/paths.mjs';

// ---------- arguments ----------

function parseArgs(argv) {
  const out = { mb: 50, runs: 5, write: null, udsv: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--write') {
      // Writes the generated CSV to a file and stops: for profiling the native CLI on the same bytes.
      out.write = argv[++i];
      continue;
    }
    if (a === '--udsv') {
      out.udsv = argv[++i];
      continue;
    }
    const m = /^--(mb|runs)(?:=(.*))?$/.exec(a);
    if (!m) {
      console.error(`inspect-vs-papaparse: unknown argument ${JSON.stringify(a)} (use --mb N, --runs N, --write FILE, --udsv DIR)`);
      process.exit(2);
    }
    const raw = m[2] !== undefined ? m[2] : argv[++i];
    const v = Number(raw);
    const ok = m[1] === 'mb' ? Number.isFinite(v) && v > 0 : Number.isInteger(v) && v >= 1;
    if (!ok) {
      console.error(`inspect-vs-papaparse: --${m[1]} needs a ${m[1] === 'mb' ? 'positive number' : 'whole number >= 1'}, got ${JSON.stringify(raw)}`);
      process.exit(2);
    }
    out[m[1]] = v;
  }
  return out;
}

let papaVersion = null;
try {
  papaVersion = createRequire(import.meta.url)('papaparse/package.json').version;
} catch {
  // left null
}

const args = parseArgs(process.argv.slice(2));

// uDSV, from a directory of its own when asked for.
let udsv = null;
let udsvVersion = null;
if (args.udsv) {
  const req = createRequire(path.join(path.resolve(args.udsv), 'package.json'));
  try {
    udsv = await import(pathToFileURL(req.resolve('udsv')));
    udsvVersion = req('udsv/package.json').version;
  } catch (e) {
    console.error(`inspect-vs-papaparse: udsv is not installed in ${args.udsv} (${e.message})`);
    process.exit(2);
  }
}
const MiB = 1024 * 1024;
const TARGET_BYTES = Math.ceil(args.mb * MiB);
const CHUNK = 1 * MiB;
const SEED = 20240601;

// ---------- the wasm package ----------

const pkgJs = path.join(SITE, 'pkg/tribes_wasm.js');
const wasmPath = path.join(SITE, 'pkg/tribes_wasm_bg.wasm');
if (!fs.existsSync(pkgJs) || !fs.existsSync(wasmPath)) {
  console.error(`inspect-vs-papaparse: ${path.relative(process.cwd(), wasmPath)} is missing; run \`cargo xtask build\` first`);
  process.exit(2);
}
const pkg = await import(pathToFileURL(pkgJs));
const wasmExports = pkg.initSync({ module: fs.readFileSync(wasmPath) });
const wasmMemory = wasmExports && wasmExports.memory instanceof WebAssembly.Memory ? wasmExports.memory : null;

// ---------- data ----------

function mulberry32(a) {
  return function () {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CITIES = [
  'Zürich', 'São Paulo', 'München', 'Kraków', 'Málaga', 'Göteborg', 'Montréal', 'Reykjavík',
  'London', 'Paris', 'Berlin', 'Madrid', 'Lisbon', 'Amsterdam', 'New York', 'Chicago',
  'Toronto', 'Sydney', 'Singapore', 'Tokyo',
];
const INDUSTRIES = ['Retail', 'Software', 'Healthcare', 'Manufacturing', 'Finance', 'Education', 'Logistics', 'Hospitality'];
const BANDS = ['1-10', '11-50', '51-200', '201-1000', '1000+'];
const BAND_SPEND = [2000, 8000, 25000, 60000, 150000];
const INTERESTS = [
  'analytics', 'automation', 'security', 'cloud', 'mobile', 'payments', 'marketing', 'support',
  'integrations', 'reporting', 'compliance', 'training', 'hardware', 'sustainability', 'ai',
];
const NOTE_PLAIN = [
  'renewal due', 'asked for a demo', 'prefers email', 'new contact', 'pilot running',
  'price sensitive', 'referral', 'expanding team', '', '', '',
];
const NOTE_COMMA = [
  'called twice, no answer', 'happy, wants more seats', 'late payer, but loyal',
  'moved office, new address', 'trial ended, follow up', 'said "maybe", check again',
];

function csvField(s) {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function pad2(n) {
  return n < 10 ? `0${n}` : String(n);
}

function generate(targetBytes, seed) {
  const rnd = mulberry32(seed);
  const pick = (arr) => arr[Math.floor(rnd() * arr.length)];
  const header = 'customer_id,city,industry,employees,annual_spend,age,signup_date,churned,nps,interests,note\n';
  const parts = [header];
  let bytes = Buffer.byteLength(header);
  let rows = 0;
  const day0 = Date.UTC(2015, 0, 1);
  const days = 3650;
  while (bytes < targetBytes) {
    rows++;
    const id = `C${String(rows).padStart(6, '0')}`;
    const city = pick(CITIES);
    const industry = pick(INDUSTRIES);
    const b = Math.min(BANDS.length - 1, Math.floor(rnd() * rnd() * 2 * BANDS.length));
    const spend = (BAND_SPEND[b] * (0.4 + 1.2 * rnd()) + rnd()).toFixed(2);
    const age = 22 + Math.floor(rnd() * 45);
    const d = new Date(day0 + Math.floor(rnd() * days) * 86400000);
    const date = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
    const churned = rnd() < 0.18 ? 'yes' : 'no';
    const nps = rnd() < 0.1 ? '' : String(Math.floor(rnd() * 11));
    const n = 2 + Math.floor(rnd() * 3);
    const words = [];
    while (words.length < n) {
      const w = pick(INTERESTS);
      if (!words.includes(w)) words.push(w);
    }
    const note = rnd() < 0.15 ? pick(NOTE_COMMA) : pick(NOTE_PLAIN);
    const line = `${id},${city},${industry},${BANDS[b]},${spend},${age},${date},${churned},${nps},${words.join('; ')},${csvField(note)}\n`;
    parts.push(line);
    bytes += Buffer.byteLength(line);
  }
  return { text: parts.join(''), rows, bytes };
}

// ---------- helpers ----------

const gc = typeof globalThis.gc === 'function' ? globalThis.gc : () => {};

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

// The largest growth of the resident set over one run of each side. Runs are synchronous, so this
// is the RSS left right after the call, not a true peak; a side's garbage may still be resident
// then (run with --expose-gc to start each run from a collected heap).
const growth = { tribes: 0, papa: 0, session: 0, udsv: 0 };
function timeIt(side, fn) {
  gc();
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  const out = fn();
  const ms = performance.now() - t0;
  const d = process.memoryUsage().rss - rss0;
  if (d > growth[side]) growth[side] = d;
  return { ms, out };
}

function runTribes(bytes) {
  const r = pkg.inspect(bytes, {});
  return r.input.rows;
}

function runPapa(text) {
  const r = Papa.parse(text, { header: true, dynamicTyping: true, skipEmptyLines: true });
  if (r.errors.length) {
    throw new Error(`Papa Parse reported ${r.errors.length} errors, the first: ${JSON.stringify(r.errors[0])}`);
  }
  return r.data.length;
}

function runUdsv(text) {
  const cols = udsv.initParser(udsv.inferSchema(text)).typedCols(text);
  return cols[0].length;
}

function runSession(bytes) {
  const s = new pkg.Session({}, bytes.length);
  try {
    for (let off = 0; off < bytes.length; off += CHUNK) {
      s.push(bytes.subarray(off, Math.min(off + CHUNK, bytes.length)));
    }
    return s.finish({}).input.rows;
  } finally {
    s.free();
  }
}

// ---------- run ----------

const tGen = performance.now();
const gen = generate(TARGET_BYTES, SEED);
const bytes = new TextEncoder().encode(gen.text);
gen.text = null;
const genMs = performance.now() - tGen;
if (bytes.length !== gen.bytes) throw new Error(`byte count mismatch: ${bytes.length} != ${gen.bytes}`);
if (args.write) {
  fs.writeFileSync(args.write, bytes);
  console.log(`wrote ${bytes.length} bytes to ${args.write}`);
  process.exit(0);
}

const tDec = performance.now();
const text = new TextDecoder('utf-8').decode(bytes);
const decodeMs = performance.now() - tDec;

console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown cpu'} x${os.cpus().length}, papaparse ${papaVersion ?? '?'}`);
console.log(`csv: ${(bytes.length / MiB).toFixed(1)} MiB, ${gen.rows} data rows, 11 columns, seed ${SEED} (generated in ${genMs.toFixed(0)} ms)`);
console.log(`warm-up, then ${args.runs} alternating runs per side${globalThis.gc ? ', gc before each' : ''}`);

// warm-up (also the row-count check)
const warmTribes = timeIt('tribes', () => runTribes(bytes));
const warmPapa = timeIt('papa', () => runPapa(text));
const warmSession = timeIt('session', () => runSession(bytes));
const warmUdsv = udsv ? timeIt('udsv', () => runUdsv(text)) : null;

const times = { tribes: [], papa: [], session: [], udsv: [] };
const runs = { tribes: () => runTribes(bytes), papa: () => runPapa(text), udsv: () => runUdsv(text) };
for (let i = 0; i < args.runs; i++) {
  // alternate who goes first, so neither side always runs right after the other's garbage
  const sides = udsv ? ['tribes', 'papa', 'udsv'] : ['tribes', 'papa'];
  const order = i % 2 === 0 ? sides : [...sides].reverse();
  for (const side of order) {
    times[side].push(timeIt(side, runs[side]).ms);
  }
}
for (let i = 0; i < args.runs; i++) times.session.push(timeIt('session', () => runSession(bytes)).ms);

const mibs = bytes.length / MiB;
const stats = {};
for (const side of udsv ? ['tribes', 'papa', 'session', 'udsv'] : ['tribes', 'papa', 'session']) {
  const med = median(times[side]);
  const min = Math.min(...times[side]);
  stats[side] = {
    median_ms: +med.toFixed(1),
    min_ms: +min.toFixed(1),
    mib_per_s: +(mibs / (med / 1000)).toFixed(1),
    warmup_ms: +{ tribes: warmTribes, papa: warmPapa, session: warmSession, udsv: warmUdsv }[side].ms.toFixed(1),
    rss_growth_mib: +(growth[side] / MiB).toFixed(0),
    runs_ms: times[side].map((x) => +x.toFixed(1)),
  };
}
const ratio = stats.papa.median_ms / stats.tribes.median_ms;

const rows = { generated: gen.rows, tribes: warmTribes.out, papa: warmPapa.out, session: warmSession.out };
if (udsv) rows.udsv = warmUdsv.out;
const udsvRatio = udsv ? stats.udsv.median_ms / stats.tribes.median_ms : null;

const pad = (s, n) => String(s).padStart(n);
console.log('');
console.log(`${'side'.padEnd(26)}${pad('median ms', 11)}${pad('min ms', 10)}${pad('MiB/s', 9)}${pad('rows', 10)}`);
const line = (label, st, r) =>
  console.log(`${label.padEnd(26)}${pad(st.median_ms.toFixed(1), 11)}${pad(st.min_ms.toFixed(1), 10)}${pad(st.mib_per_s.toFixed(1), 9)}${pad(r, 10)}`);
line('tribes inspect (bytes)', stats.tribes, rows.tribes);
line('papaparse (string)', stats.papa, rows.papa);
line('tribes Session 1 MiB', stats.session, rows.session);
if (udsv) line(`udsv ${udsvVersion} typedCols`, stats.udsv, rows.udsv);
console.log(`${'TextDecoder (once, papa)'.padEnd(26)}${pad(decodeMs.toFixed(1), 11)}`);
console.log('');
console.log(ratio >= 1
  ? `Tribes is ${ratio.toFixed(2)} times faster than Papa Parse (median vs median).`
  : `Tribes is ${(1 / ratio).toFixed(2)} times slower than Papa Parse (median vs median).`);
if (udsv) console.log(`uDSV / tribes: ${udsvRatio.toFixed(2)} (above 1: tribes is faster).`);
console.log(`largest RSS growth over one run (MiB), tribes / papa / session: ${stats.tribes.rss_growth_mib} / ${stats.papa.rss_growth_mib} / ${stats.session.rss_growth_mib}` +
  (wasmMemory ? `; wasm linear memory now ${(wasmMemory.buffer.byteLength / MiB).toFixed(0)} MiB` : ''));

const agree = rows.tribes === rows.papa && rows.session === rows.tribes && rows.tribes === gen.rows &&
  (!udsv || rows.udsv === rows.tribes);
if (!agree) {
  console.log(`ROW COUNT MISMATCH: generated ${rows.generated}, tribes ${rows.tribes}, session ${rows.session}, papa ${rows.papa}, udsv ${rows.udsv}`);
}

console.log('JSON ' + JSON.stringify({
  bench: 'inspect-vs-papaparse',
  node: process.version,
  papaparse: papaVersion,
  mib: +mibs.toFixed(2),
  bytes: bytes.length,
  rows,
  runs: args.runs,
  seed: SEED,
  decode_ms: +decodeMs.toFixed(1),
  tribes: stats.tribes,
  papa: stats.papa,
  session: stats.session,
  udsv_version: udsvVersion,
  udsv: stats.udsv ?? null,
  ratio_papa_over_tribes: +ratio.toFixed(3),
  ratio_udsv_over_tribes: udsvRatio === null ? null : +udsvRatio.toFixed(3),
  rss_end_mib: +(process.memoryUsage().rss / MiB).toFixed(0),
  wasm_memory_mib: wasmMemory ? +(wasmMemory.buffer.byteLength / MiB).toFixed(0) : null,
  rows_agree: agree,
}));

process.exit(agree ? 0 : 1);
