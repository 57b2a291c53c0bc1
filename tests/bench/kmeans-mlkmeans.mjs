// Times ml-kmeans (npm) on a numeric CSV, for tests/bench/kmeans-speed.py.
//
//   node tests/bench/kmeans-mlkmeans.mjs FILE.csv [--k 8] [--runs 5]
//
// FILE.csv is a header line, then rows of plain numbers separated by commas. The start is the
// first k rows (ml-kmeans takes an array of centres as `initialization`), with maxIterations 300
// and tolerance 1e-4. Note that ml-kmeans' tolerance is absolute: it stops when every centre moved
// by a squared distance of at most 1e-4, where scikit-learn and Tribes compare the summed squared
// shift with 1e-4 times the mean column variance. Reading the file is not timed; one untimed
// warm-up run comes first. `inertia` is the sum of squared distances from each row to the nearest
// final centre (ml-kmeans' own labels come from the centres before the last update), computed
// outside the timing. Prints one line of JSON.

import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { kmeans } from 'ml-kmeans';

function parseArgs(argv) {
  const out = { file: null, k: 8, runs: 5 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--k' || a === '--runs') {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 1) throw new Error(`${a} needs a positive integer`);
      out[a.slice(2)] = v;
    } else if (out.file === null && !a.startsWith('--')) {
      out.file = a;
    } else {
      throw new Error(`unknown argument "${a}"`);
    }
  }
  if (out.file === null) throw new Error('usage: kmeans-mlkmeans.mjs FILE.csv [--k 8] [--runs 5]');
  return out;
}

function readCsv(file) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const cols = lines[0].split(',').length;
  const rows = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const row = line.split(',').map(Number);
    if (row.length !== cols || row.some((v) => !Number.isFinite(v))) {
      throw new Error(`${file}: line ${i + 1} is not ${cols} numbers`);
    }
    rows.push(row);
  }
  return rows;
}

function inertiaOf(data, centroids) {
  let total = 0;
  for (const row of data) {
    let best = Infinity;
    for (const c of centroids) {
      let d = 0;
      for (let j = 0; j < row.length; j++) d += (row[j] - c[j]) * (row[j] - c[j]);
      if (d < best) best = d;
    }
    total += best;
  }
  return total;
}

const args = parseArgs(process.argv.slice(2));
const data = readCsv(args.file);
const fitOnce = () =>
  kmeans(data, args.k, {
    // A fresh copy each run, so no run can see centres another one changed.
    initialization: data.slice(0, args.k).map((r) => r.slice()),
    maxIterations: 300,
    tolerance: 1e-4,
  });

fitOnce(); // warm-up: lets V8 compile the hot loops before timing
const runsMs = [];
let result;
for (let r = 0; r < args.runs; r++) {
  const t0 = performance.now();
  result = fitOnce();
  runsMs.push(performance.now() - t0);
}
const sorted = [...runsMs].sort((a, b) => a - b);
const mid = sorted.length >> 1;
const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
console.log(
  JSON.stringify({
    rows: data.length,
    cols: data[0].length,
    k: args.k,
    init: 'first',
    runs_ms: runsMs.map((ms) => Math.round(ms * 1000) / 1000),
    median_ms: Math.round(median * 1000) / 1000,
    inertia: inertiaOf(data, result.centroids),
    iterations: result.iterations,
    converged: result.converged,
    node: process.version,
  }),
);
