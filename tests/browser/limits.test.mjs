// The page at its limits (README, "Limits"), in Chromium: a file over the size the page's worker
// can hold is refused with the limit and the file's size before a byte is read, a sample of it is
// offered, and the page still segments a file afterwards; so after a file with too many columns.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, ftruncateSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve } from '../lib/server.mjs';
import { launch, watchConsole } from '../lib/browser.mjs';

let server;
let browser;
before(async () => {
  server = await serve();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const dir = mkdtempSync(path.join(os.tmpdir(), 'tribes-limits-'));

/** A file of 1.5 GiB that takes no room on disk: a CSV header and rows, then a hole. */
function hugeFile() {
  const file = path.join(dir, 'huge.csv');
  const fd = openSync(file, 'w');
  writeSync(fd, 'spend,visits\n1,2\n3,4\n');
  ftruncateSync(fd, 1.5 * 2 ** 30);
  closeSync(fd);
  return file;
}

async function segmentsSample(page) {
  await page.getByRole('button', { name: 'Try sample data' }).click();
  await page.locator('tr[data-column="industry"]').waitFor();
  await page.getByRole('button', { name: 'Segment', exact: true }).click();
  await page.locator('article[data-segment]').nth(1).waitFor({ timeout: 60_000 });
  assert.match(await page.locator('#result-summary').textContent(), /of 2,000 customers/);
}

test('a file over the size limit gets the limit and its size before it is read, a sample is offered, and the page still segments', async () => {
  const page = await browser.newPage();
  const errors = watchConsole(page);
  await page.goto(server.url, { waitUntil: 'load' });
  await page.getByLabel('CSV file').setInputFiles(hugeFile());
  const alert = page.getByRole('alert').filter({ hasText: 'over the limit' });
  await alert.waitFor({ timeout: 30_000 });
  assert.equal(await alert.textContent(),
    'the file is 1.6 GB, over the limit of 1.1 GB for a file read whole in the page (its worker has 4 GB of memory for the file and its analysis): segment a sample of its rows (sample, --sample 0.66)');
  const offer = page.getByRole('button', { name: /^Segment a sample/ });
  assert.equal(await offer.textContent(), 'Segment a sample (66% of the rows)');
  await segmentsSample(page);
  assert.equal(await offer.isHidden(), true, 'the offer goes with the next file');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a file with more columns than the limit gets one message, and the page still segments', async () => {
  const file = path.join(dir, 'wide.csv');
  const header = Array.from({ length: 2_001 }, (_, i) => `c${i}`).join(',');
  const row = Array.from({ length: 2_001 }, (_, i) => i % 10).join(',');
  writeFileSync(file, `${header}\n${row}\n${row}\n`);
  const page = await browser.newPage();
  const errors = watchConsole(page);
  await page.goto(server.url, { waitUntil: 'load' });
  await page.getByLabel('CSV file').setInputFiles(file);
  const alert = page.getByRole('alert').filter({ hasText: 'columns' });
  await alert.waitFor({ timeout: 30_000 });
  assert.match(await alert.textContent(), /^the file has 2,001 columns, over the limit of 2,000: /);
  // No sample can help: none is offered.
  assert.equal(await page.getByRole('button', { name: /^Segment a sample/ }).isHidden(), true);
  await segmentsSample(page);
  assert.deepEqual(errors, []);
  await page.close();
});
