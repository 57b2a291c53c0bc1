// The single-file build as someone offline meets it: tribes.html opened from disk (file://), with
// every request but the file itself refused, still reads a CSV, segments it and exports the same
// bytes as the CLI. Its CSP allows its inline script and style by hash, never by 'unsafe-inline',
// and a fetch from the page or its worker is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, watchConsole, PROBE } from '../lib/browser.mjs';
import { CLI, FIXTURES, ROOT, SITE } from '../lib/paths.mjs';

const OUT = path.join(ROOT, 'tests/.out');
mkdirSync(OUT, { recursive: true });

const FILE = path.join(SITE, 'tribes.html');
const FILE_URL = pathToFileURL(FILE).href;

// The page makes blob: URLs for its worker and its downloads, and the favicon may be a data: URL:
// neither can reach a network. Anything else, the file itself aside, is a request that should
// not exist in a page that works offline.
const LOCAL = /^(blob|data):/;

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** The CSP of tribes.html, as its <meta> says, by directive: { 'script-src': [...], ... }. */
function csp(html) {
  const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/i);
  assert.ok(meta, 'tribes.html has a CSP <meta>');
  return Object.fromEntries(meta[1].split(';').map((d) => d.trim()).filter(Boolean)
    .map((d) => { const [name, ...values] = d.split(/\s+/); return [name, values]; }));
}

test('tribes.html allows its inline script and style by hash only, and no connection', () => {
  const policy = csp(readFileSync(FILE, 'utf8'));
  assert.deepEqual(policy['connect-src'], ["'none'"]);
  assert.deepEqual(policy['default-src'], ["'none'"]);
  for (const directive of ['script-src', 'style-src']) {
    const sources = policy[directive] || [];
    assert.ok(sources.some((s) => /^'sha256-[A-Za-z0-9+/]{43}='$/.test(s)), `${directive} has a sha256 source: ${sources}`);
    assert.ok(!sources.includes("'unsafe-inline'"), `${directive} has no 'unsafe-inline'`);
    assert.ok(!sources.includes("'self'"), `${directive} has no 'self': the file has nothing to load beside it`);
  }
});

/**
 * Opens tribes.html from disk in a fresh context where every request but the file itself is
 * refused, and records every request the page or its workers make, and the refused ones.
 */
async function openOffline(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, acceptDownloads: true, ...options });
  const requests = [];
  const refused = [];
  context.on('request', (r) => requests.push(r.url()));
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url === FILE_URL) return route.continue();
    refused.push(url);
    return route.abort('internetdisconnected');
  });
  const page = await context.newPage();
  const errors = watchConsole(page);
  await page.goto(FILE_URL, { waitUntil: 'load' });
  return { context, page, errors, requests, refused };
}

const PROBE_TARGET = 'http://127.0.0.1:9/probe';

test('opened from disk with every request refused, a CSV becomes segments and the CLI\'s export', async () => {
  const { context, page, errors, requests, refused } = await openOffline();
  const messy = path.join(FIXTURES, 'customers-messy.csv');
  await page.getByLabel('CSV file').setInputFiles(messy);
  await page.locator('tr[data-column="Notes"]').waitFor();
  await page.getByLabel('Seed').fill('11');
  const run = page.getByRole('button', { name: 'Segment', exact: true });
  await page.waitForFunction(() => !document.getElementById('run').disabled);
  await run.click();
  const cards = page.getByRole('region', { name: 'Segments' }).locator('article[data-segment]');
  await cards.nth(1).waitFor({ timeout: 30_000 });
  assert.ok((await cards.count()) >= 2, 'at least two segment cards');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download CSV', exact: true }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'customers-messy-segments.csv');
  const got = readFileSync(await download.path());
  // The page's options for this file: k auto, the seed typed above, and the one text column it
  // detects (Notes) for the words.
  const cli = execFileSync(CLI, ['analyze', messy, '--seed', '11', '--text-columns', 'Notes', '--format', 'csv']);
  assert.ok(got.equals(cli), `the offline page's export and the CLI's differ:\n${got.subarray(0, 400)}\n---\n${cli.subarray(0, 400)}`);
  await page.screenshot({ path: path.join(OUT, 'offline.png'), fullPage: true });

  // Checked before the probes, whose refusals the CSP reports as console errors.
  assert.deepEqual(errors, [], 'no console error');

  // The probes: refused by the CSP in the page and in its worker, so they never reach the route
  // in openOffline either (which would record them in `refused`). A probe the route aborted
  // would also answer 'refused': the check of `refused` below is what tells the two apart.
  assert.equal(await page.evaluate(PROBE, PROBE_TARGET), 'refused', 'page fetch');
  const workers = page.workers();
  assert.ok(workers.length >= 1, 'the page runs a worker');
  for (const w of workers) assert.equal(await w.evaluate(PROBE, PROBE_TARGET), 'refused', `worker ${w.url()}`);

  assert.deepEqual(refused, [], 'nothing but the file itself was requested');
  const other = requests.filter((u) => u !== FILE_URL && !LOCAL.test(u));
  assert.deepEqual(other, [], 'no request other than the file, blob: and data:');
  assert.ok(requests.includes(FILE_URL), 'the file itself was requested (the recording works)');
  await context.close();
});

test('tribes.html reads a Windows-1252 export through the browser\'s decoder and offers CSV files only', async () => {
  const { context, page, errors } = await openOffline();
  // Before any file (once the worker is ready): the drop zone and the file input say what this
  // copy reads.
  await page.locator('#drop-text').filter({ hasText: 'reads no workbooks or ZIP archives' }).waitFor();
  assert.equal(await page.locator('#file').getAttribute('accept'), '.csv,.tsv,.txt,text/csv');
  // A German shop's export in Windows-1252, with euro signs (byte 0x80) in its amounts.
  await page.getByLabel('CSV file').setInputFiles(path.join(FIXTURES, 'kunden-1252.csv'));
  await page.locator('tr[data-column="Jahresumsatz"]').waitFor();
  assert.match(await page.locator('#file-summary').textContent(), /windows-1252/);
  assert.match(await page.locator('tr[data-column="Stadt"] td.examples').textContent(), /Düsseldorf|München|Köln/);
  assert.match(await page.locator('tr[data-column="Jahresumsatz"] td.examples').textContent(), /€/, 'byte 0x80 is the euro sign');
  assert.match(await page.locator('#file-notes').textContent(), /not UTF-8 and was read as windows-1252/);
  // A workbook is refused with what to do.
  await page.getByLabel('CSV file').setInputFiles(path.join(FIXTURES, 'files', 'customers.xlsx'));
  await page.locator('#error').filter({ hasText: 'save or export it as CSV first' }).waitFor();
  await page.screenshot({ path: path.join(OUT, 'offline-1252.png'), fullPage: true });
  assert.deepEqual(errors, [], 'no console error');
  await context.close();
});

test('with the CSP bypassed, the same probes reach the route and are recorded, so the test above can fail', async () => {
  const { context, page, refused } = await openOffline({ bypassCSP: true });
  await page.getByRole('button', { name: 'Try sample data' }).click();
  await page.locator('tr[data-column]').first().waitFor();
  await page.evaluate(PROBE, PROBE_TARGET);
  const workers = page.workers();
  assert.ok(workers.length >= 1, 'the page runs a worker');
  await workers[0].evaluate(PROBE, `${PROBE_TARGET}?worker`);
  assert.deepEqual(refused, [PROBE_TARGET, `${PROBE_TARGET}?worker`]);
  await context.close();
});
