// Workbooks and ZIP archives in the page: dropped or chosen, read by the worker (which holds
// them whole), the sheet or archive file chosen in the page, and segments at the end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { watchConsole } from '../lib/browser.mjs';
import { ROOT, FIXTURES } from '../lib/paths.mjs';
import { servedSite } from '../lib/site.mjs';

const OUT = path.join(ROOT, 'tests/.out');
mkdirSync(OUT, { recursive: true });

const site = servedSite();

/** Drops `file` on the drop zone as a user dragging it from their desktop would. */
async function drop(page, file) {
  const bytes = readFileSync(file).toString('base64');
  await page.evaluate(({ bytes, name }) => {
    const data = Uint8Array.from(atob(bytes), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([data], name));
    const zone = document.getElementById('drop');
    zone.dispatchEvent(new DragEvent('dragenter', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, { bytes, name: path.basename(file) });
}

async function segments(page) {
  await page.getByLabel('Seed').fill('1');
  await page.getByRole('button', { name: 'Segment', exact: true }).click();
  const cards = page.getByRole('region', { name: 'Segments' }).locator('article[data-segment]');
  await cards.nth(1).waitFor({ timeout: 60_000 });
  return cards.locator('h3').allTextContents();
}

test('a dropped Excel workbook is read from its first sheet with data and segmented', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors = watchConsole(page);
  await page.goto(site.server.url);
  await drop(page, path.join(FIXTURES, 'exports/hubspot-contacts.xlsx'));
  const summary = page.locator('#file-summary');
  await summary.waitFor();
  assert.match(await summary.textContent(), /hubspot-contacts\.xlsx \(.* KB, Excel workbook, sheet ".+"\): 400 rows used/);
  // The reading options of a CSV mean nothing for a workbook.
  assert.equal(await page.locator('#read-box').isHidden(), true);
  const names = await segments(page);
  assert.ok(names.length >= 2, `segments: ${names}`);
  await page.screenshot({ path: path.join(OUT, 'files-xlsx.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a workbook with several sheets offers them, and the one chosen is read', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors = watchConsole(page);
  await page.goto(site.server.url);
  await page.getByLabel('CSV file').setInputFiles(path.join(FIXTURES, 'files/customers.xlsx'));
  const summary = page.locator('#file-summary');
  await summary.waitFor();
  assert.match(await summary.textContent(), /sheet "Customers"\): 11 rows used, 1 row skipped, 7 columns/);
  const sheet = page.getByLabel('Sheet');
  assert.deepEqual(await sheet.locator('option').allTextContents(), ['Customers', 'Notes']);
  // The skipped row is named by its sheet and its row there, as Excel numbers it.
  assert.match(await page.locator('#skipped').textContent(), /sheet "Customers", row 5: every field is empty/);
  await sheet.selectOption('Notes');
  await page.waitForFunction(() => /sheet "Notes"/.test(document.getElementById('file-summary').textContent));
  assert.match(await summary.textContent(), /1 row used, 1 column/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a dropped Mailchimp audience export is one table with a status, and is segmented', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors = watchConsole(page);
  await page.goto(site.server.url);
  await drop(page, path.join(FIXTURES, 'exports/mailchimp-audience.zip'));
  const summary = page.locator('#file-summary');
  await summary.waitFor();
  assert.match(await summary.textContent(), /Mailchimp audience export: its 3 files joined, with a status column from their names\): 400 rows used/);
  // The three files can be read one by one too.
  const part = page.getByLabel('File in the archive');
  assert.deepEqual(await part.locator('option').allTextContents(), [
    'All 3 files, joined',
    'cleaned_members_export_a16f9021f7.csv',
    'subscribed_members_export_a16f9021f7.csv',
    'unsubscribed_members_export_a16f9021f7.csv',
  ]);
  assert.equal(await page.locator('#columns tr[data-column="status"]').count(), 1);
  const names = await segments(page);
  assert.ok(names.length >= 2, `segments: ${names}`);
  await page.screenshot({ path: path.join(OUT, 'files-zip.png'), fullPage: true });
  await part.selectOption('cleaned_members_export_a16f9021f7.csv');
  await page.waitForFunction(() => /ZIP archive, cleaned_members/.test(document.getElementById('file-summary').textContent));
  assert.deepEqual(errors, []);
  await page.close();
});
