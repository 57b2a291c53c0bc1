// Saved segments between the page and the CLI: a model made in wasm (the page's "Download
// model") applies in `tribes apply` with the same labels and the names as edited, a model made by
// `tribes analyze --model-out` applies in wasm with the same labels, and who moved between two
// exports (`Session.compare`, `movedIds`) is what `tribes compare` prints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SITE, FIXTURES, CLI } from '../lib/paths.mjs';
import { nextMonth, ordersBefore } from '../lib/next-month.mjs';

const pkg = await import(pathToFileURL(path.join(SITE, 'pkg/tribes_wasm.js')));
pkg.initSync({ module: readFileSync(path.join(SITE, 'pkg/tribes_wasm_bg.wasm')) });

const dir = mkdtempSync(path.join(tmpdir(), 'tribes-model-'));
const SHOPIFY = path.join(FIXTURES, 'exports/shopify-customers.csv');
const HUBSPOT = path.join(FIXTURES, 'exports/hubspot-contacts.csv');

function cli(...args) {
  return JSON.parse(execFileSync(CLI, args, { encoding: 'utf8', maxBuffer: 1 << 26 }));
}

function session(file, text = null) {
  const s = new pkg.Session({});
  s.push(text == null ? new Uint8Array(readFileSync(file)) : new TextEncoder().encode(text));
  s.finish();
  return s;
}

test('a model made in wasm applies in the CLI with the same labels and the names as edited', () => {
  const s = session(HUBSPOT);
  const result = s.analyze({ k: 3, seed: 7 });
  const names = ['First', 'Second, with a comma', 'Third'];
  const text = s.model(names, 'hubspot-contacts.csv');
  const model = JSON.parse(text);
  assert.equal(model.format, 'tribes-model');
  assert.equal(model.source.file, 'hubspot-contacts.csv');
  assert.deepEqual(model.segments.map((g) => g.name), names);
  assert.ok(!text.includes('@example'), 'no e-mail address in the model');
  const file = path.join(dir, 'page.tribes.json');
  writeFileSync(file, text);
  const applied = cli('apply', file, HUBSPOT, '--format', 'json');
  assert.deepEqual(applied.labels, Array.from(result.labels));
  assert.deepEqual(applied.segments.map((g) => g.name), names);
  // And the CSV export of the CLI names the segments as edited.
  const csv = execFileSync(CLI, ['apply', file, HUBSPOT], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.match(csv.split('\n')[1], /,(First|"Second, with a comma"|Third)\r?$/);
});

test('a model made by the CLI applies in wasm with the same labels', () => {
  const file = path.join(dir, 'cli.tribes.json');
  const result = cli('analyze', SHOPIFY, '--k', '3', '--seed', '11', '--model-out', file);
  const s = session(SHOPIFY);
  const applied = s.apply(readFileSync(file, 'utf8'));
  assert.ok(applied.labels instanceof Int32Array);
  assert.deepEqual(Array.from(applied.labels), result.labels);
  assert.equal(applied.segments.reduce((n, g) => n + g.size, 0) + applied.skipped, applied.rows + applied.skipped);
  // The export after apply is the file with the model's segment names.
  const csv = new TextDecoder().decode(s.exportCsv({}));
  const names = result.segments.map((g) => g.name);
  const first = csv.split('\n')[1];
  assert.ok(names.some((n) => first.includes(n)), first);
});

test('who moved in wasm is what tribes compare prints, and a cell lists its ids as --cell does', () => {
  const model = path.join(dir, 'shop.tribes.json');
  execFileSync(CLI, ['analyze', SHOPIFY, '--k', '3', '--seed', '3', '--model-out', model]);
  const text = readFileSync(model, 'utf8');
  const { text: later, gone, added } = nextMonth(readFileSync(SHOPIFY, 'utf8'));
  const laterFile = path.join(dir, 'shopify-next-month.csv');
  writeFileSync(laterFile, later);
  const before = session(SHOPIFY);
  const after = session(null, later);
  const moved = before.compare(after, text, 'Customer ID');
  const native = cli('compare', model, SHOPIFY, laterFile, '--id', 'Customer ID');
  assert.deepEqual(moved, native);
  const sum = (xs) => xs.reduce((a, b) => a + b, 0);
  const inMatrix = sum(moved.matrix.map(sum));
  // Every customer of each file is counted once: in the matrix or on one side only.
  assert.equal(inMatrix + sum(moved.only_before), 400);
  assert.equal(inMatrix + sum(moved.only_after), 400 - gone + added);
  assert.equal(sum(moved.only_after), added);
  assert.equal(sum(moved.only_before), gone);
  assert.ok(moved.moved > 0, 'the grown customers changed segment');
  // The busiest off-diagonal cell as a list of ids, byte for byte the CLI's.
  let cell = [0, 1];
  moved.matrix.forEach((row, a) => row.forEach((n, b) => {
    if (a !== b && n > moved.matrix[cell[0]][cell[1]]) cell = [a, b];
  }));
  const bytes = before.movedIds(after, text, 'Customer ID', cell[0], cell[1]);
  const list = spawnSync(CLI, ['compare', model, SHOPIFY, laterFile, '--id', 'Customer ID', '--cell', cell.join(',')], { encoding: 'utf8' });
  assert.equal(list.status, 0, list.stderr);
  assert.equal(new TextDecoder().decode(bytes), list.stdout);
  assert.equal(list.stdout.trim().split('\n').length - 1, moved.matrix[cell[0]][cell[1]]);
  assert.throws(() => before.movedIds(after, text, 'Customer ID', 0, 3), /segment ids are 0 to 2/);
  assert.throws(() => before.compare(after, text, 'Kundennummer'), /Kundennummer/);
});

test('a bad model gets one clear message in wasm, never a panic', () => {
  const file = path.join(dir, 'bad.tribes.json');
  execFileSync(CLI, ['analyze', SHOPIFY, '--k', '3', '--seed', '3', '--model-out', file]);
  const text = readFileSync(file, 'utf8');
  assert.equal(pkg.readModel(text).segments.length, 3);
  assert.throws(() => pkg.readModel(text.slice(0, text.length / 3)), /cut short/);
  assert.throws(() => pkg.readModel(text.replace(/"version": "1\.\d+"/, '"version": "2.0"')), /2\.0.*newer Tribes/);
  assert.throws(() => pkg.readModel('{"name": "not a model"}'), /not a Tribes model/);
  assert.throws(() => pkg.readModel(''), /empty/);
  const s = session(SHOPIFY);
  assert.throws(() => s.apply('[1, 2'), /model/);
  // The session still works after a refusal.
  assert.equal(s.apply(text).rows, 400);
});

test('a model the page makes from orders applies to next month\'s orders, in wasm and in the CLI, and shows who moved between named segments', () => {
  const orders = path.join(FIXTURES, 'exports/shopify-orders.csv');
  const beforeText = ordersBefore(readFileSync(orders, 'utf8'), '2024-10-09');
  const before = path.join(dir, 'orders-before.csv');
  writeFileSync(before, beforeText);
  // The page's RFM step: the customers as a file of their own, segmented as any file.
  const from = session(before);
  const table = from.rfmTable({});
  const customers = new pkg.Session({});
  customers.push(table.csv);
  customers.finish();
  const result = customers.analyze({ ...table.segmentOptions, seed: 3 });
  const text = customers.model(null, 'orders-before.csv', table.rfmModel);
  const model = JSON.parse(text);
  assert.equal(model.rfm.columns.customer, 'Email');
  assert.equal(model.source.date, table.rfm.as_of);
  const file = path.join(dir, 'page-orders.tribes.json');
  writeFileSync(file, text);
  // Applied to its own orders, in the CLI: every customer in the segment the page gave them.
  const own = cli('apply', file, before, '--format', 'json');
  assert.deepEqual(own.labels, Array.from(result.labels));
  // Next month's orders in wasm: what the CLI prints, labels and named segments.
  const after = session(orders);
  const applied = after.apply(text);
  const cliAfter = cli('apply', file, orders, '--format', 'json');
  assert.deepEqual(Array.from(applied.labels), cliAfter.labels);
  assert.deepEqual(applied.rfm, cliAfter.rfm);
  assert.equal(applied.rfm.as_of, '2024-12-31');
  // The export is of the customers made from the orders, one row each, with the model's segments.
  // as tribes apply writes it.
  const exported = new TextDecoder().decode(after.exportCsv({}));
  assert.match(exported.split('\n')[0], /^customer,.*,segment,segment_name\r?$/);
  const printed = execFileSync(CLI, ['apply', file, orders], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.equal(exported, printed);
  // Who moved, by the model's segments and by the named RFM segments, as tribes compare says.
  const last = session(before);
  last.apply(text);
  const movement = last.compare(after, text, 'Email');
  assert.deepEqual(movement, cli('compare', file, before, orders));
  assert.ok(movement.rfm.moved > 0, 'a month later some customers changed RFM segment');
  const [from0, to0] = firstMoved(movement.matrix);
  const ids = new TextDecoder().decode(last.movedIds(after, text, 'Email', from0, to0));
  const listed = execFileSync(CLI, ['compare', file, before, orders, '--cell', `${from0},${to0}`], { encoding: 'utf8' });
  assert.equal(ids, listed);
  assert.throws(() => last.compare(after, text, 'Name'), /Name: the model was made from orders, whose customers are named by its customer column, Email/);
  // A plain customers file is still refused, saying which file the model wants.
  assert.throws(() => session(SHOPIFY).apply(text), /made from an orders export \(customers by Email, dated by Created at\): this file has no column "Created at"/);
});

/** The first cell off the diagonal with customers in it (or the first cell with any). */
function firstMoved(matrix) {
  for (const [a, row] of matrix.entries()) for (const [b, n] of row.entries()) if (a !== b && n > 0) return [a, b];
  for (const [a, row] of matrix.entries()) for (const [b, n] of row.entries()) if (n > 0) return [a, b];
  throw new Error('no customer in the matrix');
}

/** Customers sorted by their last order date, oldest first (each part of the file has its own,
 * earlier, last date): three groups by recency, spend and orders, dates as Shopify writes them. */
function dateSorted(rows) {
  const lines = [];
  for (let i = 0; i < rows; i++) {
    const group = i % 3;
    const back = [5, 200, 520][group] + ((i * 7919) % 60);
    lines.push([back, `${[900, 300, 80][group] + ((i * 104729) % 200)},${[12, 5, 1][group] + (i % 3)}`]);
  }
  lines.sort((a, b) => b[0] - a[0]);
  const last = Date.UTC(2024, 11, 31);
  const day = (back) => new Date(last - back * 86_400_000).toISOString().slice(0, 10);
  return `Customer ID,Last Order Date,Total Spent,Total Orders\n${lines.map(([back, rest], i) => `${i},${day(back)} 10:15:00 -0500,${rest}`).join('\n')}\n`;
}

/** What the page's worker does for "Download CSV of every row": the model of a sample's
 * segments given to every row of the file as it streams by, in chunks of `size` bytes. */
function labelled(model, bytes, read, options, size) {
  const labeller = new pkg.Labeller(model, read, options);
  try {
    if (labeller.needsDates) {
      for (let at = 0; at < bytes.length; at += size) labeller.scan(bytes.subarray(at, at + size));
      labeller.scanned();
    }
    const parts = [];
    for (let at = 0; at < bytes.length; at += size) parts.push(labeller.push(bytes.subarray(at, at + size)));
    const { bytes: tail, applied } = labeller.finish();
    parts.push(tail);
    return { csv: Buffer.concat(parts), applied };
  } finally {
    labeller.free();
  }
}

test('every row of a file segmented on a sample gets its segment as the file streams by, as tribes apply gives it', () => {
  for (const [name, text] of [['hubspot-contacts.csv', readFileSync(HUBSPOT, 'utf8')], ['date-sorted.csv', dateSorted(6_000)]]) {
    const file = path.join(dir, `every-${name}`);
    writeFileSync(file, text);
    const bytes = new Uint8Array(readFileSync(file));
    // The page's sample: a third of the rows, read and segmented.
    const s = new pkg.Session({ sample: 0.3 }, bytes.length);
    s.push(bytes);
    const inspection = s.finish();
    assert.ok(inspection.input.rows < 0.5 * text.split('\n').length, `${name}: a sample was read`);
    const result = s.analyze({ k: 3, seed: 5 });
    const names = result.segments.map((g, i) => `Tribe ${i + 1}`);
    const model = s.model(names, name);
    s.free();
    const modelFile = path.join(dir, `every-${name}.tribes.json`);
    writeFileSync(modelFile, model);
    assert.equal(new pkg.Labeller(model, {}, {}).needsDates, name === 'date-sorted.csv', `${name}: days counted to the file's last date`);
    const cli = execFileSync(CLI, ['apply', modelFile, file], { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
    for (const size of [65_536, 1 << 20]) {
      const { csv, applied } = labelled(model, bytes, {}, { names }, size);
      assert.ok(csv.equals(cli), `${name}, chunks of ${size}: the CSV is tribes apply's`);
      assert.equal(applied.rows + applied.skipped, text.trimEnd().split('\n').length - 1, `${name}: every record of the file`);
    }
    // One segment's rows, for Excel: what the export of the whole file read at once gives.
    const one = labelled(model, bytes, {}, { names, bom: true, segment: 1 }, 65_536).csv;
    const whole = session(file);
    whole.apply(model);
    const expected = Buffer.from(whole.exportCsv({ names, bom: true, segment: 1 }));
    whole.free();
    assert.ok(one.equals(expected), `${name}: segment 1 only, with the byte-order mark`);
  }
  // A file without the model's columns is refused at its header, naming them.
  const s = session(HUBSPOT);
  s.analyze({ k: 3, seed: 5 });
  const model = s.model(null, 'hubspot-contacts.csv');
  s.free();
  assert.throws(() => labelled(model, new TextEncoder().encode('a,b\n1,2\n'), {}, {}, 4), /model|column/i);
});
