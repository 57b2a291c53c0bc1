// The page's regressions, each named after what broke, in Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { watchConsole } from '../lib/browser.mjs';
import { servedSite } from '../lib/site.mjs';

const site = servedSite();

/** A CSV of `rows` customers unlike the sample: its own columns, so a mix-up shows. */
async function bigFile(rows) {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'tribes-read-')), 'big.csv');
  await new Promise((resolve, reject) => {
    const out = createWriteStream(file);
    out.on('error', reject);
    out.on('finish', resolve);
    let chunk = 'account,revenue,seats,tier\n';
    for (let i = 0; i < rows; i++) {
      chunk += `A${i},${(i * 7919) % 100000},${i % 50},${['Gold', 'Silver', 'Bronze'][i % 3]}\n`;
      if (chunk.length > 1 << 20) { out.write(chunk); chunk = ''; }
    }
    out.end(chunk);
  });
  return file;
}

test('Cancel while a file is read goes back to the file shown before, and Segment runs on it (the fresh worker read the cancelled file and Segment ran on that)', async () => {
  const file = await bigFile(600_000);
  const page = await site.browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors = watchConsole(page);
  await page.goto(site.server.url, { waitUntil: 'load' });
  await page.getByRole('button', { name: 'Try sample data' }).click();
  await page.locator('tr[data-column="industry"]').waitFor();
  await page.getByLabel('Use column age').uncheck();

  await page.getByLabel('CSV file').setInputFiles(file);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('alert').filter({ hasText: 'Cancelled' }).waitFor();
  // The sample's table and the user's choice in it are still there, and Segment runs on the sample.
  await page.waitForFunction(() => !document.getElementById('run').disabled, null, { timeout: 60_000 });
  assert.match(await page.locator('#file-summary').textContent(), /^sample-customers\.csv/);
  assert.equal(await page.getByLabel('Use column age').isChecked(), false);
  assert.equal(await page.locator('tr[data-column="tier"]').count(), 0, 'the cancelled file is not shown');
  await page.getByRole('button', { name: 'Segment', exact: true }).click();
  await page.locator('article[data-segment]').nth(1).waitFor({ timeout: 30_000 });
  assert.match(await page.locator('#result-summary').textContent(), /of 2,000 customers/);
  const formedOn = await page.locator('#formed-on').textContent();
  assert.match(formedOn, /industry/);
  assert.ok(!formedOn.includes('age'), formedOn);
  assert.deepEqual(errors, []);
  await page.close();
});

test('Cancel while the first file is read leaves no file, and Segment stays off (it ran on the file cancelled)', async () => {
  const file = await bigFile(600_000);
  const page = await site.browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors = watchConsole(page);
  await page.goto(site.server.url, { waitUntil: 'load' });
  await page.getByLabel('CSV file').setInputFiles(file);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('alert').filter({ hasText: 'No file is loaded' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Try sample data' }).isEnabled(), true);
  // Long enough for the cancelled file to have been read, had it gone on.
  await page.waitForTimeout(3000);
  assert.equal(await page.locator('#run').isDisabled(), true);
  assert.equal(await page.locator('#columns-box').isHidden(), true);
  // The page works on.
  await page.getByRole('button', { name: 'Try sample data' }).click();
  await page.waitForFunction(() => !document.getElementById('run').disabled);
  assert.deepEqual(errors, []);
  await page.close();
});
