// Inputs an attacker would try, through the wasm package as the worker uses it: each gets the
// right answer or one clear message, within seconds. Each test is named after what broke.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SITE, FIXTURES } from '../lib/paths.mjs';
import Papa from 'papaparse';

const pkg = await import(pathToFileURL(path.join(SITE, 'pkg/tribes_wasm.js')));
pkg.initSync({ module: readFileSync(path.join(SITE, 'pkg/tribes_wasm_bg.wasm')) });

const encode = (text) => new TextEncoder().encode(text);
const decode = (bytes) => new TextDecoder().decode(bytes);
const messy = new Uint8Array(readFileSync(path.join(FIXTURES, 'customers-messy.csv')));

/** A session that has read `bytes` in chunks of `size`. */
function session(bytes, size = 65536) {
  const s = new pkg.Session({}, bytes.length);
  for (let i = 0; i < bytes.length; i += size) s.push(bytes.subarray(i, i + size));
  s.finish({});
  return s;
}

/** `rows` rows of `columns` cells under `header(c)`, each cell `cell(r, c)`. */
function table(rows, columns, header, cell) {
  const lines = [Array.from({ length: columns }, (_, c) => header(c)).join(',')];
  for (let r = 0; r < rows; r++) lines.push(Array.from({ length: columns }, (_, c) => cell(r, c)).join(','));
  return encode(`${lines.join('\n')}\n`);
}

/** A small pseudo-random number from a row and a column, the same on every run. */
const mix = (r, c) => ((r * 7919 + c * 104729 + ((r * c) % 13)) * 2654435761) % 1000003;

function timed(f) {
  const started = performance.now();
  const value = f();
  return [value, (performance.now() - started) / 1000];
}

test('options of the wrong type name the option and the type it needs instead of "Reflect.get called on non-object"', () => {
  const cases = [
    [{ columns: 5 }, 'option columns: expected an array (got a number)'],
    [{ exclude: 'spend' }, 'option exclude: expected an array (got a string)'],
    [{ kinds: 'x' }, 'option kinds: expected an object (got a string)'],
    [{ sampleRows: '100' }, 'option sampleRows: expected a number (got a string)'],
    [{ stem: 'yes' }, 'option stem: expected true or false (got a string)'],
    [{ delimiter: 5 }, 'option delimiter: expected a string (got a number)'],
    [{ k: true }, 'option k: expected a number of segments or "auto" (got a boolean)'],
    [5, 'options: expected an object such as {k: 4} (got a number)'],
    ['k=2', 'options: expected an object such as {k: 4} (got a string)'],
    [[2], 'options: expected an object such as {k: 4} (got an array)'],
  ];
  for (const [options, message] of cases) {
    assert.throws(() => pkg.analyze(messy, options), (e) => e instanceof Error && e.message === message,
      JSON.stringify(options));
  }
  // A fraction is refused, not rounded.
  assert.throws(() => pkg.analyze(messy, { sampleRows: 100.5 }), /option sampleRows \(--sample-rows\): 100\.5/);
});

test('exportCsv with segment "0" or 99 is refused by name instead of exporting every row or a header only', () => {
  const s = session(messy);
  try {
    const r = s.analyze({ seed: 1, k: 3 });
    assert.throws(() => s.exportCsv({ segment: '0' }), { message: 'option segment: expected a number (got a string)' });
    assert.throws(() => s.exportCsv({ segment: 99 }), { message: 'option segment: 99 is not a segment id; the segments are 0 to 2' });
    assert.throws(() => s.exportCsv({ segmnt: 0 }), /options: unknown field `segmnt`/);
    // A segment that exists gives exactly its rows (counted as records: a quoted cell of the
    // messy file holds a line break).
    const records = Papa.parse(decode(s.exportCsv({ segment: 2 })).trimEnd()).data;
    assert.equal(records.length - 1, r.segments.find((g) => g.id === 2).size);
  } finally {
    s.free();
  }
});

test('export cells with full-width or hidden formula signs are guarded instead of written as they are', () => {
  const risky = ['\uFF1D1+1', '\uFF0B1', '\uFF0D1+A1', '\uFF20SUM(A1)', ' =1+1', '\u00A0=1+1', '\u200B=1+1',
    '\u200C=1+1', '\u200D=1+1', '\u2060=1+1', '\uFEFF=1+1'];
  const lines = ['note,spend,age'];
  for (let i = 0; i < 80; i++) lines.push(`${risky[i] ?? 'plain'},${(i * 37) % 100},${20 + (i % 30)}`);
  const s = session(encode(`${lines.join('\n')}\n`));
  try {
    s.analyze({ seed: 1, k: 2 });
    const notes = decode(s.exportCsv({})).split('\n').slice(1).map((l) => l.split(',')[0]);
    risky.forEach((cell, i) => assert.equal(notes[i], `'${cell}`, `row ${i + 1}`));
    assert.equal(notes[risky.length], 'plain');
  } finally {
    s.free();
  }
});

test('a NUL byte after the first 64 KiB is refused as one before them instead of read into a cell', () => {
  let text = 'name,spend,age\n';
  for (let i = 0; text.length < 70000; i++) text += `p${i},${i % 100},${20 + (i % 50)}\n`;
  // The NUL follows the eight bytes of `pnul,5,3`.
  const at = text.length + 8;
  const bytes = encode(`${text}pnul,5,3\u00000\nlast,1,2\n`);
  const message = `the file is binary, not text: it has a NUL byte at offset ${at}`;
  assert.throws(() => pkg.inspect(bytes, {}), { message });
  for (const size of [1000, 65536]) assert.throws(() => session(bytes, size), { message }, `chunks of ${size}`);
});

test('orders all on one day give a note instead of every customer "Lost"', () => {
  let text = 'customer_id,order_date,amount\n';
  for (let i = 0; i < 120; i++) text += `C${String(i % 40).padStart(3, '0')},2024-03-01,${10 + ((i * 7) % 50)}\n`;
  const { rfm } = pkg.rfm(encode(text), { seed: 1 });
  assert.match(rfm.note, /^every customer's last order is on 2024-03-01, so recency cannot rank them/);
  assert.ok(rfm.customers.every((c) => c.r === 3 && c.segment !== 'Lost'));
});

test('an rfm total that overflows names the orders file\'s row instead of the per-customer table\'s', () => {
  let text = 'customer_id,order_date,amount\n';
  for (let i = 0; i < 40; i++) {
    const amount = i === 10 || i === 20 ? '1e308' : String(10 + i);
    text += `C${String(i % 10).padStart(2, '0')},2024-0${1 + (i % 9)}-1${i % 9},${amount}\n`;
  }
  assert.throws(() => pkg.rfm(encode(text), { seed: 1 }),
    { message: 'rfm: row 21, column "amount": customer "C00"\'s total passes the largest number a total can hold (about 1.8e308) here; check the amounts' });
});

test('many feature dimensions and 20,000 copies of one header finish within 10 s instead of minutes', () => {
  const categorical = table(400, 200, (c) => `c${c}`, (r, c) => ['north', 'south', 'east', 'west'][mix(r, c) % 4]);
  const [r, took] = timed(() => pkg.analyze(categorical, { seed: 1, k: 3 }));
  assert.equal(r.projection.x.length, 400);
  assert.ok(took < 10, `200 categorical columns: ${took} s`);

  const numeric = table(20, 800, (c) => `n${c}`, (r, c) => `${mix(r, c) % 100}.${mix(c, r) % 10}`);
  const [n, tookN] = timed(() => pkg.analyze(numeric, { seed: 1, k: 2 }));
  assert.equal(n.input.rows, 20);
  assert.ok(tookN < 10, `800 numeric columns: ${tookN} s`);

  // 20,000 copies are past the columns' limit now; the most it lets through are renamed at once.
  const copies = table(1, 2000, () => 'x', () => '1');
  const [i, tookI] = timed(() => pkg.inspect(copies, {}));
  assert.equal(i.columns[1999].name, 'x_2000');
  assert.ok(tookI < 10, `2,000 copies of x: ${tookI} s`);
});
