// The two single-file builds and the lean wasm build behind <tribes-segments>: what they weigh
// over the wire, and what the lean build leaves out (legacy encodings, stemming, the page-only
// API) without changing the segments a reader sees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, SITE, FIXTURES } from '../lib/paths.mjs';

// What a static host sends, gzipped, at most. tribes.html is the whole app for use from disk;
// embed.js is what a blog's every reader downloads for one element, so it gets the tighter budget.
// KB here is 1000 bytes.
const TRIBES_HTML_BUDGET = 650 * 1000;
const EMBED_JS_BUDGET = 250 * 1000;

const gzipped = (file) => gzipSync(readFileSync(path.join(SITE, file)), { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;

test('tribes.html gzips within its budget', (t) => {
  const size = gzipped('tribes.html');
  t.diagnostic(`tribes.html: ${kb(size)} gzipped (budget ${kb(TRIBES_HTML_BUDGET)})`);
  assert.ok(size <= TRIBES_HTML_BUDGET, `tribes.html is ${kb(size)} gzipped, over its ${kb(TRIBES_HTML_BUDGET)}`);
});

test('embed.js gzips within its budget', (t) => {
  const size = gzipped('embed.js');
  t.diagnostic(`embed.js: ${kb(size)} gzipped (budget ${kb(EMBED_JS_BUDGET)})`);
  assert.ok(size <= EMBED_JS_BUDGET, `embed.js is ${kb(size)} gzipped, over its ${kb(EMBED_JS_BUDGET)}`);
});

/** Imports a wasm-bindgen `--target web` package and instantiates it from its bytes. */
async function load(glue, wasm) {
  const pkg = await import(pathToFileURL(path.join(ROOT, glue)));
  pkg.initSync({ module: readFileSync(path.join(ROOT, wasm)) });
  return pkg;
}

const full = await load('target/site/pkg/tribes_wasm.js', 'target/site/pkg/tribes_wasm_bg.wasm');
const lean = await load('target/embed-pkg/tribes_embed.js', 'target/embed-pkg/tribes_embed_bg.wasm');

/**
 * The sample an empty <tribes-segments> segments, as embed.js carries it: a string constant in the
 * worker's source, which is itself a string constant of embed.js.
 */
function embeddedSample() {
  const constant = (source, name) => {
    const line = source.split('\n').find((l) => l.startsWith(`const ${name} = `));
    assert.ok(line, `${name} is defined on a line of its own`);
    return JSON.parse(line.slice(`const ${name} = `.length).replace(/;\s*$/, ''));
  };
  return constant(constant(readFileSync(path.join(SITE, 'embed.js'), 'utf8'), 'WORKER_SOURCE'), 'TRIBES_SAMPLE_CSV');
}

/** Reads `bytes` and analyzes them the way each worker does: through a Session. */
function analyze(pkg, bytes, read, options) {
  const session = new pkg.Session(read, bytes.length);
  try {
    session.push(bytes);
    session.finish({});
    return session.analyze(options);
  } finally {
    session.free();
  }
}

test('the lean build segments the embedded sample as the full build does', () => {
  const bytes = new TextEncoder().encode(embeddedSample());
  // The element's options for an empty <tribes-segments>: k auto, seed 1, and the sample's one
  // text column for the words.
  const options = { seed: 1, textColumns: ['interests'] };
  const a = analyze(lean, bytes, {}, options);
  // The lean build has no lists (README, "Sizes"): it reads the sample's interests, a list of
  // items, as text, and the full build segments on them unless told the same.
  assert.equal(analyze(full, bytes, {}, options).columns.find((c) => c.name === 'interests').kind, 'list');
  const b = analyze(full, bytes, {}, { ...options, kinds: { interests: 'text' } });
  // The number of rows wasm-pack.toml's [embed] section asks for.
  const rows = Number(readFileSync(path.join(ROOT, 'wasm-pack.toml'), 'utf8').match(/^sample-rows = (\d+)/m)[1]);
  assert.equal(a.input.rows, rows, `the embed carries ${rows} rows of the sample`);
  assert.equal(a.k, b.k);
  assert.deepEqual(Array.from(a.labels), Array.from(b.labels), 'the same segment for every customer');
  assert.deepEqual(a.segments.map((s) => s.name), b.segments.map((s) => s.name), 'the same names on the cards');
  assert.deepEqual(a.segments.map((s) => s.size), b.segments.map((s) => s.size));
  // The words too: the lean build does not stem, and on the sample's phrases that changes nothing.
  assert.deepEqual(a.segments.map((s) => s.keywords), b.segments.map((s) => s.keywords), 'the same words on the cards');
  assert.deepEqual(a.segments.map((s) => s.traits), b.segments.map((s) => s.traits), 'the same traits on the cards');
  // What the element does not show is the full build's only (tribes-core's feature full-report).
  for (const field of ['quality', 'options', 'text', 'projection']) {
    assert.ok(field in b, `the full build reports ${field}`);
    assert.ok(!(field in a), `the lean build leaves out ${field}`);
  }
  for (const field of ['stability', 'recovery', 'rule', 'outcomes', 'representatives', 'centre']) {
    assert.ok(b.segments.every((s) => field in s), `the full build reports each segment's ${field}`);
    assert.ok(a.segments.every((s) => !(field in s)), `the lean build leaves out each segment's ${field}`);
  }
  assert.ok(b.segments.some((s) => s.stability != null), 'the full build ran the stability stage');
  // docs/result.schema.json is true of the full build: every field it requires, it has. The lean
  // build returns what the element's cards show (the input, k, the seed, the labels and the
  // segments), each segment whole.
  const schema = JSON.parse(readFileSync(path.join(ROOT, 'docs/result.schema.json'), 'utf8')).analyze;
  const segment = schema.$defs.Segment;
  for (const field of schema.required) assert.ok(field in b, `the full build's result has ${field}, which the schema requires`);
  assert.deepEqual(Object.keys(a).sort(), ['input', 'k', 'labels', 'seed', 'segments']);
  assert.deepEqual(a.input, b.input, 'the same summary of the input');
  for (const [name, result] of [['lean', a], ['full', b]]) {
    for (const field of segment.required) {
      assert.ok(result.segments.every((s) => field in s), `the ${name} build's segments have ${field}, which the schema requires`);
    }
  }
});

test('the lean build refuses a Windows-1252 file and encoding latin1, saying it reads UTF-8 only', () => {
  const kunden = new Uint8Array(readFileSync(path.join(FIXTURES, 'kunden-1252.csv')));
  assert.throws(() => analyze(lean, kunden, {}, { seed: 1 }), (e) => e instanceof Error && /UTF-8 only/.test(e.message));
  assert.throws(() => lean.analyze(kunden, { seed: 1 }), /UTF-8 only/);
  assert.throws(() => new lean.Session({ encoding: 'latin1' }), /option encoding.*UTF-8 only/);
  assert.throws(() => lean.analyze(new TextEncoder().encode('a,b\n1,2\n3,4\n'), { encoding: 'latin1' }), /UTF-8 only/);
  // UTF-8, named or not, is read; the full build reads the Windows-1252 file.
  assert.equal(lean.analyze(new TextEncoder().encode('a,b\n1,2\n3,4\n5,6\n'), { encoding: 'utf-8', k: 2, seed: 1 }).k, 2);
  const r = analyze(full, kunden, {}, { seed: 1 });
  assert.equal(r.input.encoding, 'windows-1252');
  assert.ok(r.segments.length >= 2);
});

test('the lean build leaves out the page-only API: inspect and keywords, and Session\'s exportCsv and keywords', () => {
  // Checked against the full build, so that a misspelt name cannot make this pass.
  for (const name of ['inspect', 'keywords']) {
    assert.equal(typeof full[name], 'function', `the full build exports ${name}`);
    assert.equal(lean[name], undefined, `the lean build does not export ${name}`);
  }
  for (const method of ['exportCsv', 'keywords']) {
    assert.equal(typeof full.Session.prototype[method], 'function', `the full Session has ${method}`);
    assert.equal(lean.Session.prototype[method], undefined, `the lean Session has no ${method}`);
  }
  // What the element needs is there.
  for (const method of ['push', 'finish', 'analyze']) assert.equal(typeof lean.Session.prototype[method], 'function', method);
  assert.equal(typeof lean.defaultOptions, 'function');
});

test('the served page links to the single file for offline use, and the single file does not link to itself', () => {
  const index = readFileSync(path.join(SITE, 'index.html'), 'utf8');
  assert.match(index, /<a href="tribes\.html" download="tribes\.html">Save for offline use<\/a>/);
  const single = readFileSync(path.join(SITE, 'tribes.html'), 'utf8');
  assert.doesNotMatch(single, /offline-link|href="tribes\.html"/);
  // Everything inline: no script or stylesheet by URL.
  assert.doesNotMatch(single, /<script[^>]+src=|<link[^>]+stylesheet/);
});
