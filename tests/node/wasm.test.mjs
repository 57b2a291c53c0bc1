// The built wasm package under Node: the same contract as the CLI, through the JS API the worker
// uses (initSync, analyze, inspect, defaultOptions).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SITE, FIXTURES, CLI } from '../lib/paths.mjs';

const pkg = await import(pathToFileURL(path.join(SITE, 'pkg/tribes_wasm.js')));
pkg.initSync({ module: readFileSync(path.join(SITE, 'pkg/tribes_wasm_bg.wasm')) });

const messy = path.join(FIXTURES, 'customers-messy.csv');
const messyBytes = new Uint8Array(readFileSync(messy));

function cli(...args) {
  return JSON.parse(execFileSync(CLI, args, { encoding: 'utf8', maxBuffer: 64 << 20 }));
}

test('same input, options and seed give the same labels as the CLI', () => {
  for (const [k, seed] of [['auto', 42], [4, 7], [2, 4294967295]]) {
    const native = cli('analyze', messy, '--k', String(k), '--seed', String(seed));
    const wasm = pkg.analyze(messyBytes, { k, seed });
    assert.ok(wasm.labels instanceof Int32Array, 'labels are an Int32Array');
    assert.deepEqual(Array.from(wasm.labels), native.labels, `k=${k} seed=${seed}`);
    assert.equal(wasm.k, native.k);
    assert.equal(wasm.seed, seed);
    assert.equal(wasm.metrics.inertia, native.metrics.inertia);
    assert.deepEqual(wasm.segments.map((s) => s.name), native.segments.map((s) => s.name));
    // The profiles are computed in the core: the page gets exactly what the CLI prints.
    assert.deepEqual(wasm.segments, native.segments);
    assert.deepEqual(wasm.k_selection, native.k_selection);
    // The map: Float32Arrays, one pair per used row, the same floats as the CLI's (which prints
    // each f32 in its shortest form, so it is compared after rounding to f32).
    const { x, y } = wasm.projection;
    assert.ok(x instanceof Float32Array && y instanceof Float32Array);
    assert.equal(x.length, native.input.rows);
    assert.ok(native.projection.x.every((v, i) => Math.fround(v) === x[i]), 'x agrees');
    assert.ok(native.projection.y.every((v, i) => Math.fround(v) === y[i]), 'y agrees');
  }
});

test('the scikit-learn comparison holds in wasm too', () => {
  // The figure and how it was obtained: crates/tribes-cli/tests/cli.rs.
  const bytes = new Uint8Array(readFileSync(path.join(FIXTURES, 'lloyd-blobs.csv')));
  const r = pkg.analyze(bytes, { k: 8, init: 'first', scale: 'none', tol: 0, maxIter: 1000 });
  assert.ok(Math.abs(r.metrics.inertia - 21681.09534034272) / 21681.09534034272 <= 1e-6);
});

test('a run without a seed reports a u32 seed that repeats it', () => {
  const a = pkg.analyze(messyBytes, {});
  assert.ok(Number.isInteger(a.seed) && a.seed >= 0 && a.seed <= 0xffffffff, `seed ${a.seed}`);
  const b = pkg.analyze(messyBytes, { seed: a.seed });
  assert.deepEqual(Array.from(b.labels), Array.from(a.labels));
});

test('skipped records are -1 and every record is accounted for', () => {
  const r = pkg.analyze(messyBytes, { seed: 1 });
  const { records, rows, skipped } = r.input;
  assert.equal(rows + skipped.length, records);
  assert.equal(r.labels.length, records);
  for (const s of skipped) assert.equal(r.labels[s.row - 1], -1, `record ${s.row}`);
});

test('progress is reported and returning false cancels', () => {
  const stages = new Set();
  pkg.analyze(messyBytes, { seed: 3 }, (stage, fraction) => {
    assert.ok(fraction >= 0 && fraction <= 1);
    stages.add(stage);
    return true;
  });
  assert.deepEqual([...stages], ['read', 'choose-k', 'fit', 'profile', 'stability']);
  assert.throws(() => pkg.analyze(messyBytes, { seed: 3 }, () => false), /cancelled/);
});

test('errors are JS Errors with the core\'s message', () => {
  assert.throws(() => pkg.analyze(messyBytes, { k: 1 }), (e) => e instanceof Error && /option k/.test(e.message));
  assert.throws(() => pkg.analyze(messyBytes, { nInit: 0 }), /option nInit/);
  assert.throws(() => pkg.analyze(messyBytes, { kk: 3 }), /unknown option "kk"/);
  assert.throws(() => pkg.analyze(new Uint8Array(), {}), /the file is empty/);
  assert.throws(() => pkg.inspect(new TextEncoder().encode('a,b\n'), {}), /no data rows/);
});

test('inspect and defaultOptions return plain objects', () => {
  const i = pkg.inspect(messyBytes, { rows: true });
  assert.equal(i.input.delimiter, ',');
  assert.equal(i.rows.length, i.input.rows);
  assert.equal(Object.getPrototypeOf(i.columns[0]), Object.prototype);
  const d = pkg.defaultOptions();
  assert.equal(d.k, 'auto');
  assert.equal(d.scale, 'zscore');
  assert.equal(d.maxIter, 300);
});

test('vocabulary lists the core\'s kinds, the kinds that form segments, the stages and the files read', () => {
  const v = pkg.vocabulary();
  assert.equal(Object.getPrototypeOf(v), Object.prototype);
  assert.deepEqual(v, {
    kinds: ['numeric', 'ordinal', 'boolean', 'date', 'categorical', 'list', 'text', 'identifier'],
    featureKinds: ['numeric', 'ordinal', 'boolean', 'categorical', 'list'],
    stages: ['read', 'aggregate', 'choose-k', 'fit', 'profile', 'stability'],
    roles: ['feature', 'derived', 'identifier', 'personal', 'owner', 'outcome', 'sparse'],
    hiddenRoles: ['identifier', 'personal', 'owner'],
    lenses: ['auto', 'behaviour', 'firmographics', 'location', 'demographics'],
    formats: ['csv', 'text', 'xlsx', 'xlsb', 'xls', 'ods', 'zip'],
  });
});

test('a Session fed in chunks of 1, 7 and 65536 bytes reads what inspect reads', () => {
  const whole = pkg.inspect(messyBytes, {});
  for (const size of [1, 7, 65536]) {
    const session = new pkg.Session({});
    for (let i = 0; i < messyBytes.length; i += size) session.push(messyBytes.subarray(i, i + size));
    assert.deepEqual(session.finish({}), whole, `chunks of ${size}`);
    const a = session.analyze({ seed: 9 });
    const b = pkg.analyze(messyBytes, { seed: 9 });
    assert.deepEqual(Array.from(a.labels), Array.from(b.labels));
  }
});

test('a Session joins the Shopify pair as tribes analyze --orders does, and segments and exports the joined table', () => {
  const customersFile = path.join(FIXTURES, 'exports/shopify-pair-customers.csv');
  const ordersFile = path.join(FIXTURES, 'exports/shopify-pair-orders.csv');
  const read = (file) => {
    const session = new pkg.Session({});
    session.push(new Uint8Array(readFileSync(file)));
    session.finish({});
    return session;
  };
  const customers = read(customersFile);
  const orders = read(ordersFile);
  try {
    // The shapes the page tells two dropped files apart by.
    assert.equal(orders.rfmGuess().transactions, true);
    assert.equal(customers.rfmGuess().transactions, false);
    const native = cli('analyze', customersFile, '--orders', ordersFile, '--seed', '1');
    const joined = customers.join(orders, {});
    assert.deepEqual(joined.join, native.join);
    assert.equal(joined.join.key.customers, 'Email');
    const names = joined.inspection.columns.map((c) => c.name);
    for (const added of joined.join.added) assert.ok(names.includes(added), `${added} in ${names}`);
    // Segmenting and the export now use the joined table.
    const r = customers.analyze({ seed: 1 });
    assert.deepEqual(Array.from(r.labels), native.labels);
    assert.deepEqual(r.join, native.join);
    assert.ok(r.lens.columns.includes('days_since_last_order'), r.lens.columns.join());
    const header = new TextDecoder().decode(customers.exportCsv({})).split('\n')[0];
    assert.ok(header.endsWith(',orders,order_total,average_order,days_since_last_order,days_since_first_order,rfm_segment,segment,segment_name'), header);
    // A key naming no column is refused by name, and the session keeps the join it had.
    assert.throws(() => customers.join(orders, { join: 'Mail=Email' }), /the customers file has no column named "Mail"/);
    assert.deepEqual(Array.from(customers.analyze({ seed: 1 }).labels), native.labels);
  } finally {
    customers.free();
    orders.free();
  }
});

test('reading options reach the reader, and bad ones are refused by name', () => {
  const semi = new TextEncoder().encode('a;b\n1,5;2\n3,25;4\n');
  assert.equal(pkg.inspect(semi, {}).input.decimal, ',');
  const forced = pkg.inspect(semi, { delimiter: ',', decimal: '.' });
  assert.equal(forced.input.delimiter, ',');
  assert.throws(() => pkg.inspect(semi, { delimiter: 'ab' }), /option delimiter/);
  assert.throws(() => new pkg.Session({ encoding: 'klingon' }), /option encoding/);
  const latin1 = new Uint8Array([...new TextEncoder().encode('name,n\nJos'), 0xe9, ...new TextEncoder().encode(',1\nAnn,2\n')]);
  assert.equal(pkg.inspect(latin1, { rows: true }).rows[0][0], 'José');
});

test('keywords in wasm are the CLI\'s, by column and by segment', async () => {
  // Each industry has its own words; all use the shared ones alike.
  const planted = { SaaS: ['api', 'integrations', 'free trial'], Retail: ['coupons', 'loyalty', 'flash sale'] };
  const shared = ['newsletter', 'webinar', 'pricing'];
  let state = 7;
  const draw = (n) => { state = (state * 1103515245 + 12345) % 2147483648; return state % n; };
  let csv = 'industry,spend,interests\n';
  for (let i = 0; i < 200; i++) {
    const industry = i % 2 ? 'Retail' : 'SaaS';
    const own = planted[industry];
    csv += `${industry},${(i % 2 + 1) * 1000 + draw(100)},"${own[draw(3)]}; ${own[draw(3)]}; ${shared[draw(3)]}"\n`;
  }
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const os = await import('node:os');
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'tribes-kw-')), 'planted.csv');
  writeFileSync(file, csv);
  const bytes = new TextEncoder().encode(csv);
  const byColumn = pkg.keywords(bytes, { textColumns: ['interests'], by: 'industry', top: 3 });
  assert.deepEqual(byColumn, cli('keywords', file, '--text-column', 'interests', '--by', 'industry', '--top', '3'));
  for (const g of byColumn.groups) {
    assert.deepEqual(g.terms.map((t) => t.term).sort(), [...planted[g.group]].sort(), g.group);
  }
  const bySegment = pkg.keywords(bytes, { textColumns: ['interests'], k: 2, seed: 5, top: 3 });
  assert.deepEqual(bySegment, cli('keywords', file, '--text-column', 'interests', '--k', '2', '--seed', '5', '--top', '3'));
  assert.throws(() => pkg.keywords(bytes, {}), /keywords needs a text column/);
});

test('rfm in wasm is the CLI\'s: per customer, the named segments and the k-means segments', () => {
  // The sample orders export (planted behaviour; cargo xtask sample --orders).
  const orders = execFileSync('cargo', ['run', '--quiet', '-p', 'xtask', '--', 'sample', '--orders'], { maxBuffer: 64 << 20 });
  const file = path.join(SITE, '..', 'orders-sample.csv');
  writeFileSync(file, orders);
  const native = cli('rfm', file, '--format', 'json', '--seed', '3');
  const wasm = pkg.rfm(new Uint8Array(orders), { seed: 3 });
  assert.deepEqual(wasm.rfm, native.rfm);
  assert.deepEqual(Array.from(wasm.segments.labels), native.segments.labels);
  assert.deepEqual(wasm.segments.segments, native.segments.segments);
  const named = new Set(wasm.rfm.customers.map((c) => c.segment));
  for (const name of ['Champions', 'New', "Can't lose them", 'Lost']) assert.ok(named.has(name), name);
  // Too few customers for k-means: the RFM table alone, segments null.
  const small = new Uint8Array(readFileSync(path.join(FIXTURES, 'bestellungen.csv')));
  const r = pkg.rfm(small, {});
  assert.equal(r.segments, null);
  assert.deepEqual(r.rfm, cli('rfm', path.join(FIXTURES, 'bestellungen.csv'), '--format', 'json').rfm);
  assert.throws(() => pkg.rfm(small, { customer: 'Kundin' }), /Kundin/);
});

test('audiences in wasm are the CLI\'s, byte for byte, with the same counts', () => {
  const file = path.join(FIXTURES, 'exports/hubspot-contacts.csv');
  const model = path.join(tmpdir(), `tribes-audience-${process.pid}.tribes.json`);
  execFileSync(CLI, ['analyze', file, '--k', '3', '--seed', '5', '--model-out', model]);
  const modelText = readFileSync(model, 'utf8');
  const session = new pkg.Session({});
  session.push(new Uint8Array(readFileSync(file)));
  session.finish();
  for (const format of ['google', 'meta', 'tags']) {
    const native = spawnSync(CLI, ['audience', model, file, '--format', format, '--segment', '1'], {
      encoding: 'utf8',
    });
    assert.equal(native.status, 0, native.stderr);
    const wasm = session.audience(modelText, { format, segment: 1 });
    assert.equal(wasm.files.length, 1);
    assert.equal(wasm.files[0].csv, native.stdout, format);
    const s = wasm.summary;
    assert.equal(s.kept + s.other_segments + s.without_consent + s.without_identifier + s.skipped, s.records);
    assert.ok(native.stderr.startsWith(`tribes: ${s.kept} of ${s.records} records kept`), native.stderr);
    if (format !== 'tags') {
      assert.ok(!/@|\+\d/.test(wasm.files[0].csv), `${format}: no raw e-mail or phone`);
    }
  }
  // Google and Meta take one audience per file: one per segment, named after it.
  const all = session.audience(modelText, { format: 'google' });
  assert.deepEqual(all.files.map((f) => f.segment), [0, 1, 2]);
  assert.match(all.files[2].file_name, /^segment-2-.*-google\.csv$/);
  assert.throws(() => session.audience(modelText, { format: 'linkedin' }), /not one of google, meta, tags/);
  assert.throws(() => session.audience(modelText, { format: 'tags', segment: 7 }), /ids are 0 to 2/);
  assert.throws(() => session.audience(modelText, { format: 'tags', colour: 'red' }), /unknown option "colour"/);
});
