// CLI parity: builds the `tribes` command at two revisions, runs both on the same matrix of
// invocations and compares their stdout, stderr and exit status byte for byte. Made to show that a
// restructuring left the command's behaviour unchanged (not run by CI: it builds twice).
//
//   node tests/tools/cli-parity.mjs [--before REV] [--after REV | --after-worktree] [--debug]
//                                   [--only TEXT] [--list]
//
// --before REV      the reference (default 0edba02, the last commit before the core was regrouped
//                   into layers), built in a temporary git worktree outside the repository and
//                   removed afterwards.
// --after REV       compare against another commit, built the same way; --after-worktree (the
//                   default) builds the working tree as it is, uncommitted changes included.
// --debug           build with the dev profile instead of release (faster to build, slower to run).
// --only TEXT       run only the invocations whose command line contains TEXT.
// --list            print the invocations and stop, building nothing.
//
// The revisions' builds share `target/cli-parity/` (dependencies are compiled there once); the
// working tree builds into its usual target directory. The input files are written to a temporary
// directory: the sample customers and orders (`cargo xtask sample`), every data file under
// tests/fixtures, and bad and unusual files made here.
//
// One rule relaxes byte equality: stderr may differ where the after-message is the before-message
// with a position inserted (`row 3, column "x": `, `line 4: `, ` (record 2, line 3)`...): errors
// that come from the data may come to say where. Each such case is printed. Everything else, the
// exit status and stdout included, must be identical. The exit status is 1 when anything differs,
// 2 when the builds or the inputs could not be made.

import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, FIXTURES } from '../lib/paths.mjs';

const DEFAULT_BEFORE = '0edba02';
const TIMEOUT_MS = 10 * 60 * 1000;

const { values: flags } = parseArgs({
  options: {
    before: { type: 'string', default: DEFAULT_BEFORE },
    after: { type: 'string' },
    'after-worktree': { type: 'boolean', default: false },
    debug: { type: 'boolean', default: false },
    only: { type: 'string' },
    list: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (flags.help) {
  console.log(
    'usage: node tests/tools/cli-parity.mjs [--before REV] [--after REV | --after-worktree] [--debug] [--only TEXT] [--list]',
  );
  process.exit(0);
}
if (flags.after && flags['after-worktree']) {
  console.error('cli-parity: give --after REV or --after-worktree, not both');
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Input files

/** Bytes of a string in Windows-1252, for the few non-ASCII letters these files use. */
function cp1252(text) {
  const table = { 'é': 0xe9, 'ö': 0xf6, 'ü': 0xfc, 'ä': 0xe4, 'ß': 0xdf, 'Ü': 0xdc, '€': 0x80 };
  return Buffer.from([...text].map((ch) => table[ch] ?? ch.charCodeAt(0)));
}

/** Customer-like rows from a fixed recipe (no randomness: the same bytes every run). */
function customerRows(n) {
  const cities = ['Boston', 'Austin', 'Chicago', 'Zürich', 'Köln'];
  const plans = ['free', 'pro', 'team'];
  const rows = [];
  for (let i = 0; i < n; i++) {
    const spend = 100 + ((i * 7919) % 997) * (1 + (i % 3));
    rows.push([`C${String(i + 1).padStart(4, '0')}`, cities[i % 5], plans[(i * 3) % 7 % 3], spend, 20 + ((i * 31) % 45)]);
  }
  return rows;
}

/** The files the matrix reads, by name, with what the matrix needs to know about each. */
function badFiles() {
  const lines = (rows) => rows.map((r) => r.join(',')).join('\n') + '\n';
  const header = 'id,city,plan,spend,age';
  const rows = customerRows(40);
  const files = {};

  files['bad-empty.csv'] = Buffer.alloc(0);
  files['bad-header-only.csv'] = Buffer.from('name,city,spend\n');
  files['bad-nul.csv'] = Buffer.from('name,spend\nAnn,1\nB\x00b,2\nCid,3\n', 'latin1');
  // A workbook's first bytes: a ZIP local file header naming [Content_Types].xml.
  files['bad-workbook.xlsx'] = Buffer.concat([
    Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00]),
    Buffer.alloc(18),
    Buffer.from('[Content_Types].xml'),
  ]);
  files['bad-workbook.csv'] = files['bad-workbook.xlsx'];
  // Short rows (padded), long rows (skipped), an empty row (skipped).
  const ragged = rows.map((r, i) => (i % 9 === 3 ? r.slice(0, 3) : i % 11 === 5 ? [...r, 'extra', 'more'] : i === 20 ? ['', '', '', '', ''] : r));
  files['bad-ragged.csv'] = Buffer.from(`${header}\n${lines(ragged)}`);
  // A quote opened in row 12 and never closed.
  const open = rows.map((r, i) => (i === 11 ? [r[0], `"${r[1]}`, ...r.slice(2)] : r));
  files['bad-open-quote.csv'] = Buffer.from(`${header}\n${lines(open)}`);
  // Valid UTF-8 well past the 64 KiB that decide the encoding, then one invalid byte, then more rows.
  const many = customerRows(4000);
  const head = Buffer.from(`${header}\n${lines(many.slice(0, 3000))}`);
  if (head.length <= 64 * 1024) throw new Error('the mid-file UTF-8 error must come after the first 64 KiB');
  const tail = Buffer.from(lines(many.slice(3001)));
  const broken = Buffer.concat([Buffer.from('C3001,Bo'), Buffer.from([0xff]), Buffer.from('ston,pro,123,44\n')]);
  files['bad-utf8-mid-file.csv'] = Buffer.concat([head, broken, tail]);
  // Invalid UTF-8 in the first lines, so the detector guesses a legacy encoding.
  files['bad-latin1-short.csv'] = Buffer.from('name,spend\nAnn,1\nJos\xe9,2\n', 'latin1');
  // A German export in Windows-1252: semicolons, decimal comma, euro signs, umlauts.
  const german = ['Kunde;Stadt;Umsatz;Alter;Notiz'];
  for (let i = 0; i < 60; i++) {
    const city = ['Köln', 'München', 'Düsseldorf', 'Straße'][i % 4];
    const euros = `${1000 + ((i * 373) % 9000)},${String((i * 17) % 100).padStart(2, '0')} €`;
    german.push(`K${i};${city};${euros};${25 + (i % 40)};${i % 3 ? 'Grüße an Jürgen' : 'schön & günstig'}`);
  }
  files['bad-windows-1252.csv'] = cp1252(german.join('\r\n') + '\r\n');
  files['bad-one-row.csv'] = Buffer.from('name,spend,age\nAnn,100,30\n');
  // Every data record skipped: too many fields, or every field empty.
  files['bad-all-skipped.csv'] = Buffer.from('a,b\n1,2,3\n,\n4,5,6\n"",""\n');
  files['bad-text-only.csv'] = Buffer.from('customer\nBoston\nAustin\n');
  // A column that types as numbers apart from 10% of cells, so forcing it numeric is refused.
  const dirty = rows.map((r, i) => (i % 10 === 4 ? [...r.slice(0, 3), 'n/a!', r[4]] : r));
  files['bad-dirty-numbers.csv'] = Buffer.from(`${header}\n${lines(dirty)}`);

  // Unusual but good files: byte-order marks, Excel's sep= line, lone CR, quoting.
  files['edge-bom-crlf.csv'] = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${header}\r\n${rows.map((r) => r.join(',')).join('\r\n')}\r\n`)]);
  const utf16 = Buffer.from(`${header}\n${lines(rows)}`, 'utf16le');
  files['edge-utf16le.csv'] = Buffer.concat([Buffer.from([0xff, 0xfe]), utf16]);
  files['edge-sep-line.csv'] = Buffer.from(`sep=;\n${header.replaceAll(',', ';')}\n${rows.map((r) => r.join(';').replace(/;(\d+);/, ';$1,5;')).join('\n')}\n`);
  files['edge-lone-cr.csv'] = Buffer.from(`${header}\r${rows.map((r) => r.join(',')).join('\r')}\r`);
  const quoted = rows.map((r, i) => [r[0], `"${r[1]}, ${i % 2 ? 'MA' : 'TX'}"`, `"${r[2]} ""plan"""`, r[3], r[4], `"line one\nline ${i}"`]);
  files['edge-quoted.csv'] = Buffer.from(`${header},note\n${lines(quoted)}`);
  files['edge-single-quote.csv'] = Buffer.from(`${header}\n${rows.map((r) => `${r[0]},'${r[1]}, x',${r.slice(2).join(',')}`).join('\n')}\n`);
  files['edge-no-header.csv'] = Buffer.from(lines(rows.map((r) => r.slice(3))));
  // Order lines with quantity and price instead of an amount, for rfm --quantity --price.
  const orderLines = ['order,client,day,qty,unit_price,channel'];
  for (let i = 0; i < 240; i++) {
    const client = `cl-${String((i * 37) % 48).padStart(3, '0')}`;
    const day = `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + ((i * 7) % 28)).padStart(2, '0')}`;
    orderLines.push(`${5000 + Math.floor(i / 2)},${client},${day},${1 + (i % 4)},${(9.5 + (i % 13) * 3.25).toFixed(2)},${i % 3 ? 'web' : 'store'}`);
  }
  files['orders-lines.csv'] = Buffer.from(orderLines.join('\n') + '\n');
  return files;
}

// ---------------------------------------------------------------------------------------------
// The matrix

const BAD = Object.keys(badFiles());
/** Every data file under tests/fixtures, as a path relative to it (its READMEs left out). */
function fixtureFiles(dir = '') {
  const files = [];
  for (const e of readdirSync(path.join(FIXTURES, dir), { withFileTypes: true })) {
    const name = path.posix.join(dir, e.name);
    if (e.name.startsWith('.')) continue;
    if (e.isDirectory()) files.push(...fixtureFiles(name));
    else if (e.isFile() && !e.name.endsWith('.md')) files.push(name);
  }
  return files.sort();
}
const FIXTURE_FILES = fixtureFiles();

/** Text columns and a grouping column, where a file has them. */
const TEXT = {
  'customers.csv': { text: 'interests', by: 'industry' },
  'customers-messy.csv': { text: 'Notes', by: 'Industry' },
  'kunden-1252.csv': { text: 'Notiz', by: 'Branche' },
  'bad-windows-1252.csv': { text: 'Notiz', by: 'Stadt' },
  'edge-quoted.csv': { text: 'note', by: 'plan' },
};

function matrix() {
  const m = [];
  const seen = new Set();
  // Each invocation once, though it may be listed both as an example and as part of a sweep.
  const add = (...args) => {
    const key = JSON.stringify(args);
    if (!seen.has(key)) m.push(args.map(String));
    seen.add(key);
  };

  // The command's own surface: help, version, misuse.
  add('--help');
  add('--version');
  for (const c of ['analyze', 'keywords', 'rfm', 'inspect']) add(c, '--help');
  add();
  add('segment', 'customers.csv');
  add('analyze');
  add('analyze', 'customers.csv', '--sead', '1');
  add('keywords', 'customers.csv', '--seed', '1');
  add('analyze', 'no-such-file.csv', '--seed', '1');
  add('inspect', 'no-such-file.csv');
  add('rfm', 'no-such-file.csv', '--seed', '1');

  // Every file through every command.
  const files = ['customers.csv', 'orders.csv', 'customers-rfm.csv', ...FIXTURE_FILES, ...BAD];
  for (const f of files) {
    add('inspect', f);
    add('inspect', f, '--rows');
    add('inspect', f, '--pretty');
    add('analyze', f, '--seed', '1');
    add('analyze', f, '--seed', '1', '--format', 'csv');
    add('analyze', f, '--seed', '1', '--pretty');
    add('analyze', f, '--seed', '1', '--k', '2');
    add('rfm', f, '--seed', '1');
    add('rfm', f, '--seed', '1', '--format', 'json');
    const t = TEXT[f];
    if (t) {
      add('keywords', f, '--text-column', t.text, '--seed', '1');
      add('keywords', f, '--text-column', t.text, '--by', t.by);
      add('analyze', f, '--seed', '1', '--text-columns', t.text);
    }
  }

  // The README's examples, as written.
  add('analyze', 'customers.csv', '--k', 'auto', '--seed', '42', '--pretty');
  add('inspect', 'customers.csv', '--rows');
  add('keywords', 'customers.csv', '--text-column', 'interests', '--by', 'industry', '--top', '10');
  add('analyze', 'customers.csv', '--seed', '42', '--format', 'csv');
  add('rfm', 'orders.csv', '--seed', '1');
  add('rfm', 'orders.csv', '--customer', 'email', '--date', 'created_at', '--amount', 'total', '--as-of', '2024-12-31', '--format', 'json', '--seed', '1');
  add('analyze', 'customers-rfm.csv', '--seed', '1');

  // Each option of the options table, on the sample customers unless it is about reading.
  const c = (...args) => add('analyze', 'customers.csv', '--seed', '1', ...args);
  for (const k of ['2', '3', '4', '8', '50', 'auto']) c('--k', k);
  c('--k-min', '3', '--k-max', '5');
  c('--k-min', '2', '--k-max', '2');
  c('--k-min', '6');
  c('--k-max', '4');
  c('--k-min', '49', '--k-max', '50', '--silhouette-rows', '100');
  c('--sample-rows', '100');
  c('--sample-rows', '1000000');
  c('--silhouette-rows', '100');
  c('--silhouette-rows', '20000', '--k', '3');
  for (const seed of ['0', '7', '4294967295']) add('analyze', 'customers.csv', '--seed', seed);
  c('--columns', 'annual_spend,age');
  c('--columns', 'industry');
  c('--columns', 'city,employees', '--k', '3');
  c('--exclude', 'city,interests');
  c('--exclude', 'annual_spend', '--columns', 'age,industry');
  c('--columns', 'customer_id');
  c('--columns', 'interests');
  for (const s of ['zscore', 'robust', 'none']) c('--scale', s);
  for (const l of ['auto', 'all', 'none']) c('--log', l);
  for (const i of ['kmeans++', 'first']) c('--init', i);
  for (const n of ['1', '10', '100']) c('--n-init', n, '--k', '4');
  for (const t of ['0', '0.01', '1e-4', '1000']) c('--tol', t);
  for (const n of ['1', '5', '10000']) c('--max-iter', n);
  add('analyze', 'lloyd-blobs.csv', '--seed', '1', '--k', '8', '--init', 'first', '--scale', 'none', '--tol', '0', '--max-iter', '1000');
  c('--text-columns', 'interests');
  c('--text-columns', 'interests', '--text-weight', '1');
  c('--text-columns', 'interests', '--text-weight', '0');
  c('--text-columns', 'interests', '--text-weight', '10', '--k', '4');
  c('--text-columns', 'interests', '--text-weight', '0.5', '--format', 'csv');
  c('--text-columns', 'interests', '--stem');
  c('--text-columns', 'interests', '--stop-words', 'api,startup,free');
  c('--text-columns', 'interests', '--top', '1');
  c('--text-columns', 'interests', '--top', '100');
  c('--stem');
  c('--top', '3');
  for (const kind of ['numeric', 'ordinal', 'boolean', 'date', 'categorical', 'text', 'identifier']) c('--kind', `age=${kind}`);
  c('--kind', 'employees=categorical', '--kind', 'industry=text');
  c('--kind', 'customer_id=categorical', '--k', '3');
  c('--kind', 'city=numeric');
  c('--kind', 'industry=boolean');
  c('--kind', 'city=ordinal');
  add('analyze', 'bad-dirty-numbers.csv', '--seed', '1', '--kind', 'spend=numeric');
  add('analyze', 'bad-dirty-numbers.csv', '--seed', '1', '--kind', 'spend=ordinal');
  add('analyze', 'bad-dirty-numbers.csv', '--seed', '1', '--kind', 'plan=boolean');
  c('--format', 'json');
  c('--format', 'csv', '--bom');
  c('--bom');
  c('--pretty', '--format', 'csv');
  for (const d of [',', 'comma', 'tab', 'semicolon', 'pipe', 'space', ';', '|']) c('--delimiter', d);
  for (const q of ['"', "'"]) c('--quote', q);
  for (const h of ['auto', 'yes', 'no']) c('--header', h);
  for (const d of ['.', ',']) c('--decimal', d);
  for (const e of ['utf-8', 'UTF8', 'windows-1252', 'latin1', 'iso-8859-2', 'utf-16le', 'utf-16be', 'shift_jis']) c('--encoding', e);
  // Reading options where they matter.
  const k = (...args) => add('analyze', 'kunden-1252.csv', '--seed', '1', ...args);
  k('--delimiter', 'semicolon', '--decimal', ',', '--encoding', 'windows-1252');
  k('--encoding', 'utf-8');
  k('--encoding', 'iso-8859-2');
  k('--decimal', '.');
  k('--delimiter', ',');
  k('--header', 'no');
  k('--kind', 'PLZ=numeric');
  k('--kind', 'Kunde seit=date', '--exclude', 'Notiz');
  add('inspect', 'kunden-1252.csv', '--encoding', 'utf-16le');
  add('inspect', 'kunden-1252.csv', '--delimiter', 'tab');
  add('inspect', 'customers-messy.csv', '--quote', "'");
  add('inspect', 'customers-messy.csv', '--header', 'no', '--rows');
  add('inspect', 'edge-single-quote.csv', '--quote', "'", '--rows');
  add('inspect', 'edge-single-quote.csv', '--rows');
  add('inspect', 'edge-no-header.csv', '--header', 'yes');
  add('inspect', 'edge-no-header.csv', '--header', 'no');
  add('inspect', 'edge-sep-line.csv', '--delimiter', 'comma');
  add('inspect', 'edge-sep-line.csv', '--decimal', '.');
  add('inspect', 'edge-utf16le.csv', '--encoding', 'utf-8');
  add('inspect', 'bad-windows-1252.csv', '--encoding', 'utf-8');
  add('inspect', 'bad-windows-1252.csv', '--encoding', 'windows-1252', '--delimiter', ';', '--decimal', ',');
  add('inspect', 'bad-utf8-mid-file.csv', '--encoding', 'windows-1252');
  add('inspect', 'bad-latin1-short.csv', '--encoding', 'utf-8');
  add('analyze', 'bad-latin1-short.csv', '--encoding', 'utf-8', '--seed', '1');
  add('analyze', 'bad-text-only.csv', '--k', '2', '--kind', 'customer=identifier', '--seed', '1');
  add('analyze', 'bad-one-row.csv', '--k', '2', '--seed', '1');
  add('analyze', 'bad-ragged.csv', '--k', '3', '--seed', '1', '--format', 'csv');
  add('analyze', 'customers-messy.csv', '--seed', '1', '--kind', 'Customer ID=identifier', '--columns', 'City,Annual Spend');
  add('analyze', 'customers-messy.csv', '--seed', '1', '--columns', 'Notes');

  // keywords: its own options.
  const w = (...args) => add('keywords', 'customers.csv', '--text-column', 'interests', ...args);
  w('--seed', '1', '--top', '3');
  w('--seed', '1', '--k', '4');
  w('--seed', '1', '--stem');
  w('--seed', '1', '--stop-words', 'free,api');
  w('--by', 'city', '--top', '5');
  w('--by', 'employees', '--stem');
  w('--by', 'interests');
  w('--by', 'nosuch');
  w('--seed', '1', '--columns', 'annual_spend,age', '--k', '3');
  w('--seed', '1', '--text-weight', '1');
  w('--seed', '1', '--top', '0');
  w('--seed', '1', '--format', 'csv');
  add('keywords', 'customers.csv', '--text-column', 'nosuch', '--seed', '1');
  add('keywords', 'customers.csv', '--text-column', 'annual_spend', '--seed', '1');
  add('keywords', 'customers.csv', '--text-column', 'industry', '--by', 'city');

  // rfm: its columns, --as-of, --k, reading options.
  const r = (file, ...args) => add('rfm', file, '--seed', '1', ...args);
  r('orders.csv', '--customer', 'customer', '--date', 'order_date', '--amount', 'amount', '--order', 'order_id');
  r('orders.csv', '--customer', 'customer', '--date', 'order_date', '--amount', 'amount', '--as-of', '2024-12-31', '--format', 'json');
  r('orders.csv', '--as-of', '31.12.2025');
  r('orders.csv', '--k', '3');
  r('orders.csv', '--k', '8', '--format', 'json', '--pretty');
  r('orders.csv', '--k', 'auto', '--pretty');
  r('orders.csv', '--order', 'channel');
  r('orders.csv', '--amount', 'order_id');
  r('orders.csv', '--date', 'amount');
  r('orders.csv', '--date', 'channel');
  r('orders.csv', '--customer', 'channel');
  r('orders.csv', '--delimiter', 'semicolon');
  r('orders-lines.csv');
  r('orders-lines.csv', '--quantity', 'qty', '--price', 'unit_price');
  r('orders-lines.csv', '--quantity', 'qty', '--price', 'unit_price', '--customer', 'client', '--date', 'day', '--order', 'order', '--format', 'json');
  r('orders-lines.csv', '--quantity', 'qty');
  r('orders-lines.csv', '--price', 'unit_price');
  r('orders-lines.csv', '--amount', 'unit_price', '--quantity', 'qty');
  r('bestellungen.csv', '--as-of', '10.03.2024', '--format', 'json');
  r('bestellungen.csv', '--delimiter', ';', '--decimal', ',', '--customer', 'Kunde', '--date', 'Datum', '--amount', 'Betrag', '--order', 'Bestellnummer');
  r('bestellungen.csv', '--decimal', '.');
  r('bestellungen.csv', '--header', 'no');

  // Rejected options: out of range, unknown values, malformed.
  const bad = (...args) => add('analyze', 'customers.csv', ...args);
  bad('--seed', '1', '--k', '1');
  bad('--seed', '1', '--k', '51');
  bad('--seed', '1', '--k', '2.5');
  bad('--seed', '1', '--k', 'many');
  bad('--seed', '1', '--k', '');
  bad('--seed', '1', '--k', '-3');
  bad('--seed', '1', '--k-min', '1');
  bad('--seed', '1', '--k-max', '51');
  bad('--seed', '1', '--k-max', '3', '--k-min', '6');
  bad('--seed', '1', '--k-min', 'two');
  bad('--seed', '1', '--sample-rows', '99');
  bad('--seed', '1', '--sample-rows', '1000001');
  bad('--seed', '1', '--silhouette-rows', '99');
  bad('--seed', '1', '--silhouette-rows', '20001');
  bad('--seed', '4294967296');
  bad('--seed', '-1');
  bad('--seed=-1');
  bad('--seed', 'x');
  bad('--seed', '1', '--n-init', '0');
  bad('--seed', '1', '--n-init', '101');
  bad('--seed', '1', '--max-iter', '0');
  bad('--seed', '1', '--max-iter', '10001');
  bad('--seed', '1', '--tol', '-1');
  bad('--seed', '1', '--tol=-1');
  bad('--seed', '1', '--tol', 'NaN');
  bad('--seed', '1', '--tol', 'inf');
  bad('--seed', '1', '--scale', 'minmax');
  bad('--seed', '1', '--log', 'always');
  bad('--seed', '1', '--init', 'random');
  bad('--seed', '1', '--kind', 'zip=postcode');
  bad('--seed', '1', '--kind', 'zip');
  bad('--seed', '1', '--kind', 'nosuch=numeric');
  bad('--seed', '1', '--kind', 'age=money');
  bad('--seed', '1', '--text-weight', '11');
  bad('--seed', '1', '--text-weight', '-1');
  bad('--seed', '1', '--text-weight=-1', '--text-columns', 'interests');
  bad('--seed', '1', '--text-weight', '1');
  bad('--seed', '1', '--top', '0');
  bad('--seed', '1', '--top', '101');
  bad('--seed', '1', '--delimiter', ';;');
  bad('--seed', '1', '--delimiter', '');
  bad('--seed', '1', '--quote', '`');
  bad('--seed', '1', '--header', 'maybe');
  bad('--seed', '1', '--decimal', ';');
  bad('--seed', '1', '--encoding', 'klingon');
  bad('--seed', '1', '--columns', 'nosuch');
  bad('--seed', '1', '--columns', 'age,nosuch');
  bad('--seed', '1', '--exclude', 'nosuch');
  bad('--seed', '1', '--format', 'xml');
  bad('--seed', '1', '--text-columns', 'nosuch');
  bad('--seed', '1', '--text-columns', 'interests,nosuch');
  bad('--seed', '1', '--stop-words', '');
  bad('--seed', '1', '--k', '1', '--scale', 'minmax');
  bad('--seed', '1', '--k', '51', '--delimiter', ';;', '--columns', 'nosuch');
  add('inspect', 'customers.csv', '--delimiter', 'ab');
  add('inspect', 'customers.csv', '--encoding', 'klingon');
  add('inspect', 'customers.csv', '--seed', '1');
  add('inspect', 'customers.csv', '--rows', '--rows');
  add('keywords', 'customers.csv', '--text-column', 'interests', '--by', 'nosuch', '--seed', '1');
  add('keywords', 'customers.csv', '--text-column', 'interests', '--seed', '1', '--k', '1');
  const rb = (...args) => add('rfm', 'orders.csv', '--seed', '1', ...args);
  rb('--customer', 'nosuch');
  rb('--date', 'nosuch');
  rb('--amount', 'nosuch');
  rb('--order', 'nosuch');
  rb('--quantity', 'nosuch', '--price', 'amount');
  rb('--as-of', 'yesterday');
  rb('--as-of', '2024-13-01');
  rb('--as-of', '2020-01-01');
  rb('--as-of', '');
  rb('--k', '1');
  rb('--k', 'many');
  rb('--format', 'xml');
  rb('--encoding', 'klingon');
  rb('--delimiter', ';;');
  r('bestellungen.csv', '--customer', 'Kundin');
  r('bestellungen.csv', '--as-of', '2024-03-01');
  r('customers.csv', '--date', 'age');
  return m;
}

// ---------------------------------------------------------------------------------------------
// Building

function git(args, options = {}) {
  const out = spawnSync('git', args, { cwd: ROOT, encoding: 'utf8', ...options });
  if (out.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${out.stderr.trim()}`);
  return out.stdout.trim();
}

const cleanups = [];
function cleanUp() {
  while (cleanups.length) {
    try {
      cleanups.pop()();
    } catch (e) {
      console.error(`cli-parity: cleaning up: ${e.message}`);
    }
  }
}

/** Adds a detached worktree of `commit` outside the repository, removed when the script ends. */
function worktree(commit) {
  // A fixed path per commit keeps cargo's artifacts for it at one name in target/cli-parity.
  const dir = path.join(os.tmpdir(), `tribes-parity-${commit.slice(0, 12)}`);
  if (existsSync(dir)) {
    spawnSync('git', ['worktree', 'remove', '--force', dir], { cwd: ROOT });
    rmSync(dir, { recursive: true, force: true });
  }
  // --force: a worktree left registered by an interrupted run may still name this path.
  git(['worktree', 'add', '--force', '--detach', '--quiet', dir, commit]);
  cleanups.push(() => {
    git(['worktree', 'remove', '--force', dir]);
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/** Builds `tribes` in `dir` and copies it to `into`, so that a later build cannot replace it. */
function buildCli(dir, targetDir, into) {
  const args = ['build', '-p', 'tribes-cli', '--bin', 'tribes', '--message-format=json-render-diagnostics'];
  if (!flags.debug) args.push('--release');
  const env = { ...process.env };
  if (targetDir) env.CARGO_TARGET_DIR = targetDir;
  const out = spawnSync('cargo', args, {
    cwd: dir,
    env,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (out.status !== 0) throw new Error(`cargo build in ${dir} failed`);
  let exe = null;
  for (const line of out.stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const msg = JSON.parse(line);
    if (msg.reason === 'compiler-artifact' && msg.target?.name === 'tribes' && msg.executable) exe = msg.executable;
  }
  if (!exe) throw new Error(`cargo build in ${dir} named no tribes executable`);
  mkdirSync(path.dirname(into), { recursive: true });
  copyFileSync(exe, into);
  return into;
}

// ---------------------------------------------------------------------------------------------
// Comparing

// A position as the messages write one: `row 3`, `line 4`, `record 2`, `field 1`, `byte 9`,
// `column "x"` or `column 3`, alone or several joined by ", ".
const UNIT = String.raw`(?:record|row|line|field|byte|column) (?:\d+|"(?:[^"\\]|\\.)*")`;
const POS = String.raw`${UNIT}(?:, ${UNIT})*`;
// The ways a position may be inserted, each matched against the whole inserted text.
const INSERTIONS = [
  new RegExp(String.raw`^${POS}: $`), // "tribes: row 3, column "x": " + the old message
  new RegExp(String.raw`^ \(${POS}\)$`), // the old message + " (line 4)"
  new RegExp(String.raw`^ (?:at|in|on) ${POS}$`), // "... at row 3"
];
// A position added to one already there: "line 4" becoming "line 4, column 2" or "row 3, line 4".
const EXTENSIONS = [
  { inserted: new RegExp(String.raw`^, ${POS}$`), before: new RegExp(`${UNIT}$`) },
  { inserted: new RegExp(String.raw`^${POS}, $`), after: new RegExp(`^${UNIT}`) },
];

/**
 * The position phrase inserted into `before` to make `after`, or null when `after` is not
 * `before` with exactly one such phrase inserted.
 */
function insertedPosition(before, after) {
  const extra = after.length - before.length;
  if (extra <= 0) return null;
  let prefix = 0;
  while (prefix < before.length && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  while (suffix < before.length && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  // Every split point where `after` is `before` with `extra` characters inserted.
  for (let at = Math.max(0, before.length - suffix); at <= Math.min(prefix, before.length); at++) {
    const inserted = after.slice(at, at + extra);
    if (INSERTIONS.some((re) => re.test(inserted))) return inserted;
    for (const e of EXTENSIONS) {
      if (!e.inserted.test(inserted)) continue;
      if (e.before && e.before.test(before.slice(0, at))) return inserted;
      if (e.after && e.after.test(before.slice(at))) return inserted;
    }
  }
  return null;
}

/** Compares two stderr texts line by line under the position rule; returns the inserted phrases. */
function positionsOnly(before, after) {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let b, a;
  try {
    b = decoder.decode(before).split('\n');
    a = decoder.decode(after).split('\n');
  } catch {
    return null;
  }
  if (a.length !== b.length) return null;
  const phrases = [];
  for (let i = 0; i < b.length; i++) {
    if (a[i] === b[i]) continue;
    const inserted = insertedPosition(b[i], a[i]);
    if (inserted === null) return null;
    phrases.push(inserted);
  }
  return phrases;
}

// The rule on examples, checked at every start so that it cannot quietly widen or break.
function checkRule() {
  const cases = [
    ['tribes: "x" is not a number', 'tribes: row 3, column "spend": "x" is not a number', 'row 3, column "spend": '],
    ['tribes: the file is not UTF-8 text', 'tribes: line 4: the file is not UTF-8 text', 'line 4: '],
    ['tribes: a quote is left open', 'tribes: a quote is left open (record 12, line 13)', ' (record 12, line 13)'],
    ['tribes: a quote is left open', 'tribes: a quote is left open at line 13', ' at line 13'],
    ['tribes: line 4: bad', 'tribes: line 4, column 2: bad', ', column 2'],
    ['tribes: line 4: bad', 'tribes: record 3, line 4: bad', 'record 3, '],
    ['tribes: bad', 'tribes: bad', null],
    ['tribes: bad', 'tribes: worse', null],
    ['tribes: bad', 'tribes: row 3: very bad', null],
    ['tribes: bad', 'tribes: row three: bad', null],
    ['tribes: bad', 'tribes: bad (see row 3)', null],
    ['tribes: line 4: bad', 'tribes: line 5: bad', null],
    ['tribes: row 3: bad', 'tribes: bad', null],
  ];
  for (const [before, after, want] of cases) {
    const got = before === after ? null : insertedPosition(before, after);
    if (got !== want) throw new Error(`the position rule is broken: ${JSON.stringify([before, after])} gave ${JSON.stringify(got)}`);
  }
}

function excerpt(text, at, width = 60) {
  const start = Math.max(0, at - 20);
  const s = JSON.stringify(text.slice(start, start + width));
  return (start > 0 ? '…' : '') + s + (start + width < text.length ? '…' : '');
}

/** Where two outputs first differ, in one short line. */
function firstDifference(before, after) {
  const b = before.toString('utf8');
  const a = after.toString('utf8');
  let i = 0;
  while (i < b.length && b[i] === a[i]) i++;
  const line = b.slice(0, i).split('\n').length;
  return `${before.length} -> ${after.length} bytes, first difference on line ${line}: before ${excerpt(b, i)}, after ${excerpt(a, i)}`;
}

function compare(before, after) {
  const problems = [];
  if (before.error || after.error) {
    problems.push(`could not run: ${before.error ?? ''} ${after.error ?? ''}`.trim());
    return { verdict: 'differs', problems };
  }
  if (before.status !== after.status) problems.push(`exit status ${before.status} -> ${after.status}`);
  if (!before.stdout.equals(after.stdout)) problems.push(`stdout: ${firstDifference(before.stdout, after.stdout)}`);
  let phrases = [];
  if (!before.stderr.equals(after.stderr)) {
    phrases = positionsOnly(before.stderr, after.stderr);
    if (phrases === null) {
      phrases = [];
      problems.push(`stderr: ${firstDifference(before.stderr, after.stderr)}`);
    }
  }
  if (problems.length) return { verdict: 'differs', problems };
  return phrases.length ? { verdict: 'position', phrases } : { verdict: 'same' };
}

// ---------------------------------------------------------------------------------------------
// Running

function run(exe, args, cwd) {
  return new Promise((resolve) => {
    const env = { ...process.env };
    // Both builds run in the same environment, without what would make their output vary.
    for (const v of ['RUST_BACKTRACE', 'RUST_LIB_BACKTRACE', 'CLICOLOR_FORCE', 'COLUMNS']) delete env[v];
    const child = spawn(exe, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: TIMEOUT_MS });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', (e) => resolve({ error: e.message }));
    child.on('close', (status, signal) => {
      const result = { status: signal ? `signal ${signal}` : status, stdout: Buffer.concat(out), stderr: Buffer.concat(err) };
      if (signal) result.error = `${path.basename(path.dirname(exe))} ended by ${signal}`;
      resolve(result);
    });
  });
}

function shown(args) {
  return args.map((a) => (/^[\w.,=+\-/:]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`)).join(' ');
}

async function main() {
  checkRule();
  let invocations = matrix();
  if (flags.only) invocations = invocations.filter((args) => shown(args).includes(flags.only));
  if (flags.list) {
    for (const args of invocations) console.log(`tribes ${shown(args)}`);
    console.log(`${invocations.length} invocations`);
    return 0;
  }

  const tmp = mkdtempSync(path.join(os.tmpdir(), 'tribes-parity-run-'));
  cleanups.push(() => rmSync(tmp, { recursive: true, force: true }));
  const targetDir = process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target');
  const revTarget = path.join(targetDir, 'cli-parity');

  const beforeCommit = git(['rev-parse', '--verify', `${flags.before}^{commit}`]);
  const afterCommit = flags.after ? git(['rev-parse', '--verify', `${flags.after}^{commit}`]) : null;
  const beforeName = `${flags.before} (${beforeCommit.slice(0, 9)})`;
  const afterName = afterCommit ? `${flags.after} (${afterCommit.slice(0, 9)})` : 'the working tree';

  console.log(`cli-parity: building tribes at ${beforeName}`);
  const beforeExe = buildCli(worktree(beforeCommit), revTarget, path.join(tmp, 'before', 'tribes'));
  console.log(`cli-parity: building tribes at ${afterName}`);
  const afterExe = afterCommit
    ? buildCli(worktree(afterCommit), revTarget, path.join(tmp, 'after', 'tribes'))
    : buildCli(ROOT, process.env.CARGO_TARGET_DIR, path.join(tmp, 'after', 'tribes'));

  // The inputs, made once and read by both builds from the same directory.
  const data = path.join(tmp, 'data');
  mkdirSync(data);
  console.log('cli-parity: writing the input files');
  const xtask = (args) => {
    const out = spawnSync('cargo', ['xtask', 'sample', ...args], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    if (out.status !== 0) throw new Error(`cargo xtask sample ${args.join(' ')} failed`);
  };
  xtask([path.join(data, 'customers.csv')]);
  xtask(['--orders', path.join(data, 'orders.csv')]);
  for (const f of FIXTURE_FILES) {
    mkdirSync(path.dirname(path.join(data, f)), { recursive: true });
    copyFileSync(path.join(FIXTURES, f), path.join(data, f));
  }
  for (const [name, bytes] of Object.entries(badFiles())) writeFileSync(path.join(data, name), bytes);
  // The README's chain: the per-customer table from rfm, analysed like any other file.
  const rfm = await run(beforeExe, ['rfm', 'orders.csv', '--seed', '1'], data);
  if (rfm.status !== 0) throw new Error(`tribes rfm orders.csv failed: ${rfm.stderr}`);
  writeFileSync(path.join(data, 'customers-rfm.csv'), rfm.stdout);

  const counts = { same: 0, position: 0, differs: 0 };
  const started = Date.now();
  for (const args of invocations) {
    const [before, after] = await Promise.all([run(beforeExe, args, data), run(afterExe, args, data)]);
    const c = compare(before, after);
    counts[c.verdict]++;
    const line = `tribes ${shown(args)} (exit ${before.status})`;
    if (c.verdict === 'same') console.log(`same      ${line}`);
    else if (c.verdict === 'position') {
      console.log(`position  ${line}`);
      for (const p of c.phrases) console.log(`          stderr gained ${JSON.stringify(p)}`);
    } else {
      console.log(`DIFFERS   ${line}`);
      for (const p of c.problems) console.log(`          ${p}`);
    }
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(
    `cli-parity: ${invocations.length} invocations, ${counts.same} same, ${counts.position} same but for a position added to the message, ${counts.differs} differ (before ${beforeName}, after ${afterName}; ${seconds} s)`,
  );
  return counts.differs ? 1 : 0;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    cleanUp();
    process.exit(130);
  });
}
let status;
try {
  status = await main();
} catch (e) {
  console.error(`cli-parity: ${e.message}`);
  status = 2;
} finally {
  cleanUp();
}
process.exit(status);
