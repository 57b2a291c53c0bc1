// k-means on several workers: the page, cross-origin isolated, starts helper workers and the
// analysis worker gives them Lloyd's blocks of rows. A 1,000,000-row file is segmented with 2
// workers and with 1 (`?workers=1`), and every label must be the same; the page says how many
// workers ran (the result summary's data-workers), so the test sees that 2 did. A helper that
// fails in the middle of a fit leaves the work to the analysis worker, with the same labels.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { watchConsole } from '../lib/browser.mjs';
import { ROOT } from '../lib/paths.mjs';
import { servedSite } from '../lib/site.mjs';
import { writeCustomers } from '../lib/customers.mjs';

const OUT = path.join(ROOT, 'tests/.out');
const FILE = path.join(OUT, 'customers-1m.csv');
const ROWS = 1_000_000;

const site = servedSite();

before(async () => {
  mkdirSync(OUT, { recursive: true });
  // Written once and kept (about 60 MB): the generator is seeded, so the file is always the same.
  if (!existsSync(FILE) || statSync(FILE).size < 50e6) await writeCustomers(FILE, ROWS);
});

/**
 * Runs in the page before its scripts: every helper worker (any worker after the first, the
 * analysis worker) gets the worker's source with its BlockHost made to throw at its first round
 * of Lloyd's assignment (operation 5 of the core's messages), after its rows came and the
 * tolerance's sums were answered: a helper that fails in the middle of a fit.
 */
const FAILING_HELPERS = () => {
  const NativeBlob = Blob;
  const NativeWorker = Worker;
  let source = null;
  window.Blob = class extends NativeBlob {
    constructor(parts, options) {
      super(parts, options);
      if (parts && typeof parts[0] === 'string' && parts[0].includes('PAGE_HANDLERS')) [source] = parts;
    }
  };
  let made = 0;
  window.Worker = class extends NativeWorker {
    constructor(url, options) {
      made += 1;
      if (made > 1 && source) {
        const failing = `${source}\n{ const handle = BlockHost.prototype.handle; let rounds = 0;
          BlockHost.prototype.handle = function (m) {
            if (m[0] === 5 && ++rounds === 1) throw new Error('a helper failing on purpose');
            return handle.call(this, m);
          }; }`;
        super(URL.createObjectURL(new NativeBlob([failing], { type: 'text/javascript' })), options);
        return;
      }
      super(url, options);
    }
  };
};

/** Segments FILE on a page with `workers` workers and k `k`: { labels, workers, isolated }.
 * `failing`: the helpers fail in the middle of the fit (FAILING_HELPERS). */
async function segment(workers, k, failing = false) {
  const page = await site.browser.newPage();
  const errors = watchConsole(page);
  if (failing) await page.addInitScript(FAILING_HELPERS);
  try {
    await page.goto(`${site.server.url}?workers=${workers}`);
    await page.waitForFunction(() => document.getElementById('k').options.length > 1, null, { timeout: 60_000 });
    const isolated = await page.evaluate(() => self.crossOriginIsolated);
    await page.getByLabel('CSV file').setInputFiles(FILE);
    await page.waitForFunction(() => !document.getElementById('run').disabled, null, { timeout: 120_000, polling: 100 });
    await page.locator('#k').selectOption(String(k));
    await page.getByLabel('Seed').fill('7');
    await page.getByRole('button', { name: 'Segment', exact: true }).click();
    const cards = page.getByRole('region', { name: 'Segments' }).locator('article[data-segment]');
    await cards.nth(1).waitFor({ timeout: 120_000 });
    const ran = Number(await page.locator('#result-summary').getAttribute('data-workers'));
    const [json] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download segments JSON' }).click(),
    ]);
    const result = JSON.parse(readFileSync(await json.path(), 'utf8'));
    assert.deepEqual(errors, [], 'no console error');
    return { labels: result.labels, k: result.k, workers: ran, isolated };
  } finally {
    await page.close();
  }
}

/** The first row whose labels differ, or -1. */
const firstDifference = (a, b) => a.findIndex((l, i) => l !== b[i]);

/** The labels of one worker, by k, for the test of a failing helper. */
const alone = new Map();

for (const k of [4, 'auto']) {
  test(`1,000,000 rows, k = ${k}: 2 workers give every label 1 worker gives`, async () => {
    const two = await segment(2, k);
    assert.ok(two.isolated, 'the test server makes the page cross-origin isolated');
    assert.equal(two.workers, 2, 'two workers ran the blocks');
    const one = await segment(1, k);
    alone.set(k, one.labels);
    assert.equal(one.workers, 1, '?workers=1 starts no helper');
    assert.equal(two.labels.length, ROWS);
    assert.equal(one.labels.length, ROWS);
    assert.equal(two.k, one.k);
    if (k !== 'auto') assert.equal(one.k, k);
    assert.ok(new Set(one.labels).size >= 2, 'at least two segments');
    assert.equal(firstDifference(two.labels, one.labels), -1, 'the first row whose labels differ');
  });
}

test('a helper that fails in the middle of the fit leaves it to the analysis worker: the same labels, on 1 worker', async () => {
  const failed = await segment(2, 4, true);
  assert.equal(failed.workers, 1, 'the result says one worker ran the blocks');
  assert.equal(failed.labels.length, ROWS);
  assert.equal(firstDifference(failed.labels, alone.get(4)), -1, 'the first row whose labels differ');
});
