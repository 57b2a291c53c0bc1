// Benchmark: keywords on tweet-sized texts, wasm (in Node) against the native CLI, on one file.
//
//   cargo xtask build && cargo build --release -p tribes-cli
//   node tests/bench/keywords-wasm.mjs [--rows 20000] [--runs 5]
//
// Writes a CSV of --rows rows (`group,text`): 8 groups, texts of 12 to 30 words drawn with a
// fixed seed from English stop words, 2,000 shared words and each group's own 20 words, plus a
// hashtag, sometimes a mention, a number with a unit or a link. Then times, --runs times each
// (median reported, after one untimed warm-up for wasm):
//   wasm     keywords(bytes, { textColumns: ['text'], by: 'group' }) in this process: reading the
//            CSV, tokens, terms and the distinctive terms of the 8 groups;
//   native   `target/release/tribes keywords FILE --text-column text --by group`, whole process.
// The ratio wasm / native is what to compare between machines; both include reading the CSV.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { ROOT, SITE } from '../lib/paths.mjs';

function parseArgs(argv) {
  const out = { rows: 20000, runs: 5 };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    const v = Number(argv[i + 1]);
    if (!(key in out) || !Number.isInteger(v) || v < 1) {
      console.error('usage: keywords-wasm.mjs [--rows N] [--runs N]');
      process.exit(2);
    }
    out[key] = v;
  }
  return out;
}

const { rows, runs } = parseArgs(process.argv.slice(2));
let state = 7;
const draw = (n) => {
  state = (state * 1103515245 + 12345) % 2147483648;
  return Math.floor((state / 2147483648) * n);
};
const STOP = ['the', 'a', 'and', 'to', 'of', 'in', 'is', 'for', 'on', 'with', 'it', 'this'];
let csv = 'group,text\n';
for (let r = 0; r < rows; r++) {
  const g = draw(8);
  const len = 12 + draw(19);
  const words = [];
  for (let w = 0; w < len; w++) {
    const u = draw(1000) / 1000;
    words.push(u < 0.35 ? STOP[draw(STOP.length)] : u < 0.5 ? `g${g}term${draw(20)}` : `word${draw(2000)}`);
  }
  words.push(`#tag${draw(50)}`);
  words.push(['@brand', '10gb for $20', 'https://example.com/x', ''][draw(4)]);
  csv += `group ${g},"${words.join(' ').trim()}"\n`;
}
const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'tribes-kw-bench-')), 'tweets.csv');
writeFileSync(file, csv);
const bytes = new TextEncoder().encode(csv);

const pkg = await import(pathToFileURL(path.join(SITE, 'pkg/tribes_wasm.js')));
pkg.initSync({ module: readFileSync(path.join(SITE, 'pkg/tribes_wasm_bg.wasm')) });
const options = { textColumns: ['text'], by: 'group', top: 10 };

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function time(fn) {
  const t = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    t.push(performance.now() - start);
  }
  return t;
}

const answer = pkg.keywords(bytes, options); // warm-up, and the check below
const planted = answer.groups.reduce((n, g) => n + g.terms.filter((t) => t.term.startsWith(`g${g.group.split(' ')[1]}term`)).length, 0);
const wasm = time(() => pkg.keywords(bytes, options));
const cli = path.join(ROOT, 'target/release/tribes');
const native = time(() => execFileSync(cli, ['keywords', file, '--text-column', 'text', '--by', 'group'], { maxBuffer: 64 << 20 }));
console.log(JSON.stringify({
  bench: 'keywords-wasm',
  rows,
  mb: +(bytes.length / (1 << 20)).toFixed(2),
  wasm_ms: wasm.map((v) => +v.toFixed(1)),
  native_ms: native.map((v) => +v.toFixed(1)),
  wasm_median_ms: +median(wasm).toFixed(1),
  native_median_ms: +median(native).toFixed(1),
  ratio_wasm_over_native: +(median(wasm) / median(native)).toFixed(2),
  planted_on_top: `${planted}/80`,
}));
