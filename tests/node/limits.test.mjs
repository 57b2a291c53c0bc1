// The limits in wasm (README, "Limits"): what trapped the page's worker (a RuntimeError that
// killed it) is now one message, given before the work starts, and a sample reads a share of rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, SITE } from '../lib/paths.mjs';

const pkg = await import(pathToFileURL(path.join(SITE, 'pkg/tribes_wasm.js')));
const wasm = pkg.initSync({ module: readFileSync(path.join(SITE, 'pkg/tribes_wasm_bg.wasm')) });
// The embeddable element's build (embed.js): a blog's reader may paste anything into it.
const lean = await import(pathToFileURL(path.join(ROOT, 'target/embed-pkg/tribes_embed.js')));
lean.initSync({ module: readFileSync(path.join(ROOT, 'target/embed-pkg/tribes_embed_bg.wasm')) });

/** Runs `work`; returns the Error it threw, failing if it was a trap or nothing was thrown. */
function refused(work) {
  try {
    work();
  } catch (err) {
    assert.ok(!(err instanceof WebAssembly.RuntimeError), `a trap: ${err.message}`);
    return err;
  }
  assert.fail('not refused');
}

/** A CSV of `columns` numeric columns and `rows` rows. */
function numbers(columns, rows) {
  const lines = [Array.from({ length: columns }, (_, c) => `c${c}`).join(',')];
  for (let r = 0; r < rows; r++) lines.push(Array.from({ length: columns }, (_, c) => (r * 7 + c * 3) % 10).join(','));
  return new TextEncoder().encode(lines.join('\n'));
}

test('a size hint of 2 GiB, which trapped the worker on its first chunk, is refused with the limit', () => {
  for (const size of [2 ** 31, 2 ** 32 + 5, 50e9]) {
    const err = refused(() => new pkg.Session({}, size));
    assert.match(err.message, /^the file is [\d.]+ GB, over the limit of 1\.1 GB for a file read whole in the page \(its worker has 4 GB of memory for the file and its analysis\): segment a sample of its rows \(sample, --sample 0\.\d+\)$/);
  }
  // The sample the message advises is read, and the module still works.
  const err = refused(() => new pkg.Session({}, 2 ** 31));
  const share = Number(/--sample ([\d.]+)/.exec(err.message)[1]);
  assert.equal(share, 0.5);
  const session = new pkg.Session({ sample: share }, 2 ** 31);
  session.push(numbers(3, 400));
  const inspection = session.finish({});
  assert.ok(inspection.input.rows > 150 && inspection.input.rows < 250, `${inspection.input.rows}`);
  assert.match(inspection.input.warnings.at(-1), /^a sample: \d+ of the file's 400 rows were read \(sample 0\.5\)/);
});

test('20,000 numeric columns of 4 rows, which trapped analyze, are refused at the header', () => {
  const bytes = numbers(20_000, 4);
  const before = wasm.memory.buffer.byteLength;
  const err = refused(() => pkg.analyze(bytes, { seed: 1 }));
  assert.ok(err.message.startsWith('the file has 20,000 columns, over the limit of 2,000'), err.message);
  // Refused before the work: the module's memory did not grow by the pair table (3.2 GB).
  assert.ok(wasm.memory.buffer.byteLength - before < 100e6, `${wasm.memory.buffer.byteLength - before}`);
  const session = new pkg.Session({}, bytes.length);
  assert.ok(refused(() => { session.push(bytes); session.finish({}); }).message.startsWith('the file has 20,000 columns'));
});

test('an analysis of a sample of rows labels the rows read, and -1 the others', () => {
  // The way out of the third trap (7.3M rows that ran analyze out of memory): the page reads a
  // share of the rows, spread over the file, and segments them.
  const bytes = numbers(4, 2_000);
  const r = pkg.analyze(bytes, { seed: 1, k: 3, sample: 0.5 });
  assert.equal(r.labels.length, 2_000);
  const kept = r.labels.filter((l) => l >= 0).length;
  assert.equal(kept, r.input.rows);
  assert.ok(kept > 900 && kept < 1_100, `${kept}`);
  assert.match(r.input.warnings.at(-1), /^a sample: [\d,]+ of the file's 2,000 rows were read \(sample 0\.5\)/);
  const err = refused(() => pkg.analyze(bytes, { sample: 2 }));
  assert.equal(err.message, 'option sample (--sample): 2 is out of range; use the share of rows to keep, above 0 and at most 1 (0.25 keeps one row in four)');
});

test('the embeddable build keeps the limits, and refuses the sample option it has no use for', () => {
  // Its messages ask for fewer rows: it has no sample option to suggest.
  const err = refused(() => new lean.Session({}, 2 ** 31));
  assert.equal(err.message, 'the file is 2.1 GB, over the limit of 1.1 GB: segment fewer rows');
  const wide = numbers(20_000, 4);
  assert.ok(refused(() => lean.analyze(wide, { seed: 1 })).message.startsWith('the file has 20,000 columns, over the limit of 2,000'));
  // A misspelt or unsupported option is never ignored: the element reads every row.
  assert.equal(refused(() => new lean.Session({ sample: 0.5 })).message,
    'option sample: this build reads every row (it was built without the `full-report` feature)');
  assert.equal(refused(() => lean.analyze(numbers(4, 200), { seed: 1, sample: 0.5 })).message,
    'option sample: this build reads every row (it was built without the `full-report` feature)');
  // And it still segments what fits.
  assert.equal(lean.analyze(numbers(4, 200), { seed: 1, k: 3 }).k, 3);
  // An option the element never sends is refused by name, not ignored.
  assert.equal(refused(() => lean.analyze(numbers(4, 200), { seed: 1, nInit: 5 })).message,
    'option nInit: the embeddable build takes only k, seed, columns, textColumns, delimiter, quote, header, decimal, encoding, sample');
});
