// Segments that last, in the page: segment a Shopify customers export, download the model, reload
// the page, apply the model to the export and to next month's (the same customers, some gone,
// some new, some spending more), see who moved, download one cell's ids and one segment's Google
// Customer Match file, which holds hashes and no address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { watchConsole } from '../lib/browser.mjs';
import { FIXTURES, ROOT } from '../lib/paths.mjs';
import { nextMonth, ordersBefore } from '../lib/next-month.mjs';
import { servedSite } from '../lib/site.mjs';

const site = servedSite();

const SHOPIFY = path.join(FIXTURES, 'exports/shopify-customers.csv');
const OUT = path.join(ROOT, 'tests/.out');
mkdirSync(OUT, { recursive: true });

/** The text of the file the page downloads when `click` runs. */
async function downloaded(page, click) {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = await download.path();
  return { name: download.suggestedFilename(), text: readFileSync(file, 'utf8') };
}

/** The movement table's numbers: { matrix, onlyBefore, onlyAfter }. */
async function movementNumbers(page) {
  return page.locator('#movement').evaluate((table) => {
    const n = (cell) => Number(cell.textContent.replace(/[^0-9]/g, ''));
    const rows = [...table.tBodies[0].rows];
    const last = rows.pop();
    return {
      matrix: rows.map((r) => [...r.cells].slice(1, -1).map(n)),
      onlyBefore: rows.map((r) => n(r.cells[r.cells.length - 1])),
      onlyAfter: [...last.cells].slice(1, -1).map(n),
    };
  });
}

test('a model downloaded, the page reloaded, applied to next month: who moved, and a hashed audience', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1200, height: 900 }, acceptDownloads: true });
  const errors = watchConsole(page);
  await page.goto(site.server.url);
  await page.locator('#file').setInputFiles(SHOPIFY);
  await page.locator('#columns tbody tr').first().waitFor();
  await page.getByLabel('Seed').fill('1');
  await page.getByRole('button', { name: 'Segment', exact: true }).click();
  const cards = page.getByRole('region', { name: 'Segments' }).locator('article[data-segment]');
  await cards.nth(1).waitFor({ timeout: 60_000 });

  const model = await downloaded(page, () => page.getByRole('button', { name: 'Download model' }).click());
  assert.equal(model.name, 'shopify-customers.tribes.json');
  const saved = JSON.parse(model.text);
  assert.equal(saved.format, 'tribes-model');
  assert.ok(!/@example|\+44/.test(model.text), 'the model holds no e-mail address or phone');
  const k = saved.segments.length;

  // A new visit: nothing of the first is kept but the model file.
  await page.reload();
  const modelFile = { name: model.name, mimeType: 'application/json', buffer: Buffer.from(model.text) };
  await page.locator('#model-file').setInputFiles(modelFile);
  const summary = page.locator('#model-summary');
  await summary.waitFor();
  assert.match(await summary.textContent(), new RegExp(`^shopify-customers\\.tribes\\.json: ${k} segments found in shopify-customers\\.csv \\(400 rows`));

  await page.locator('#apply-file').setInputFiles(SHOPIFY);
  const first = page.locator('#applied [data-slot="before"]');
  await first.waitFor();
  assert.match(await first.locator('p.summary').textContent(), /^400 rows given the saved segments/);
  // Applied to the file it came from: the same sizes as the model's segments, no drift.
  const sizes = await first.locator('tbody tr td:nth-child(2)').allTextContents();
  assert.deepEqual(sizes.map((s) => Number(s.replace(/\D/g, ''))), saved.segments.map((g) => g.size));
  assert.match(await first.locator('ul.drift').textContent(), /No column changed much/);

  const later = nextMonth(readFileSync(SHOPIFY, 'utf8'));
  await page.locator('#next-file').setInputFiles({ name: 'shopify-customers-next-month.csv', mimeType: 'text/csv', buffer: Buffer.from(later.text) });
  await page.locator('#movement tbody tr').first().waitFor();
  // The grown customers' spend and orders are flagged in words.
  const drift = await page.locator('#applied [data-slot="after"] ul.drift').textContent();
  assert.match(drift, /Total Orders changed a lot since the model was made/);
  // The id column guessed is the customer id, and every customer is counted once.
  assert.equal(await page.getByLabel('Same customer when the same').inputValue(), 'Customer ID');
  const { matrix, onlyBefore, onlyAfter } = await movementNumbers(page);
  const sum = (xs) => xs.reduce((a, b) => a + b, 0);
  assert.equal(matrix.length, k);
  assert.equal(sum(matrix.map(sum)) + sum(onlyBefore), 400);
  assert.equal(sum(matrix.map(sum)) + sum(onlyAfter), 400 - later.gone + later.added);
  assert.equal(sum(onlyAfter), later.added);
  const moved = sum(matrix.map((row, a) => sum(row.filter((_, b) => b !== a))));
  assert.ok(moved > 0, 'some customers changed segment');
  assert.match(await page.locator('#movement-summary').textContent(), new RegExp(`${moved} of them in another segment now`));
  // The table is read by a screen reader with its headers and caption.
  const table = page.getByRole('table', { name: /Customers by segment in shopify-customers\.csv \(rows\)/ });
  assert.equal(await table.getByRole('rowheader').count(), k + 1);
  assert.equal(await table.getByRole('columnheader').count(), k + 1);

  // One cell's customers as a list of their ids.
  const cell = page.locator('#movement td.moved button').first();
  const count = Number((await cell.textContent()).replace(/\D/g, ''));
  const ids = await downloaded(page, () => cell.click());
  const lines = ids.text.trim().split(/\r?\n/);
  assert.equal(lines[0], 'Customer ID');
  assert.equal(lines.length - 1, count);
  assert.ok(lines.slice(1).every((id) => /^\d{13}$/.test(id)), lines.slice(1, 4).join(' '));

  // One segment's Customer Match file: hashes for e-mail, phone and names, no address.
  await page.getByLabel('Country of phone numbers without +').fill('GB');
  const name = saved.segments[0].name;
  await page.getByLabel('Audience for').selectOption('google');
  const audience = await downloaded(page, () => page.getByRole('button', { name: `Download the audience of ${name}`, exact: true }).click());
  assert.match(audience.name, /^shopify-customers-next-month-segment-0-.*-google\.csv$/);
  const [header, ...rows] = audience.text.trim().split(/\r?\n/);
  assert.equal(header, 'Email,Phone,First Name,Last Name,Country,Zip');
  assert.ok(rows.length > 0);
  for (const row of rows) {
    const [email, phone, first, last] = row.split(',');
    for (const value of [email, phone, first, last]) assert.match(value, /^([0-9a-f]{64})?$/, row);
    assert.ok(email || phone, row);
  }
  assert.ok(!audience.text.includes('@'), 'no raw e-mail address');
  const words = await page.locator('#audience-summary').textContent();
  const kept = Number(words.match(/: ([\d,]+) contacts? in the Google/)[1].replace(/,/g, ''));
  assert.equal(kept, rows.length);
  assert.match(words, /left out as they did not agree to marketing/);
  assert.match(words, /Hashed on this device/);

  // The export with the saved segments, as Download CSV writes it.
  const csv = await downloaded(page, () => page.getByRole('button', { name: 'Download shopify-customers-next-month.csv with segments (CSV)' }).click());
  assert.equal(csv.name, 'shopify-customers-next-month-segments.csv');
  assert.match(csv.text.split('\n')[0], /,segment,segment_name\r?$/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a bad model gets one message in an alert, and the page keeps working', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors = watchConsole(page);
  await page.goto(site.server.url);
  const alert = page.locator('#model-error');
  await page.locator('#model-file').setInputFiles({ name: 'cut.tribes.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "tribes-model", "version": "1.1", "written') });
  await page.waitForFunction(() => document.getElementById('model-error').textContent !== '');
  assert.equal(await alert.getAttribute('role'), 'alert');
  assert.match(await alert.textContent(), /^cut\.tribes\.json: .*cut short/);
  await page.locator('#model-file').setInputFiles({ name: 'v9.tribes.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "tribes-model", "version": "9.0"}') });
  await page.waitForFunction(() => /9\.0/.test(document.getElementById('model-error').textContent));
  assert.match(await alert.textContent(), /newer Tribes/);
  assert.equal(await page.locator('#apply-box').isHidden(), true);
  // The page still segments.
  await page.getByRole('button', { name: 'Try sample data' }).click();
  await page.getByLabel('Seed').fill('1');
  await page.getByRole('button', { name: 'Segment', exact: true }).click();
  await page.getByRole('region', { name: 'Segments' }).locator('article[data-segment]').nth(1).waitFor({ timeout: 60_000 });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a model made in the page from orders applies to next month\'s orders after a reload: named segments and who moved', async () => {
  const orders = path.join(FIXTURES, 'exports/shopify-orders.csv');
  const all = readFileSync(orders, 'utf8');
  const lastMonth = { name: 'orders-september.csv', mimeType: 'text/csv', buffer: Buffer.from(ordersBefore(all, '2024-10-09')) };
  const page = await site.browser.newPage({ viewport: { width: 1200, height: 900 }, acceptDownloads: true });
  const errors = watchConsole(page);
  await page.goto(site.server.url);
  await page.locator('#file').setInputFiles(lastMonth);
  await page.getByRole('button', { name: 'One row per customer' }).click();
  await page.getByRole('table', { name: /Named RFM segments/ }).waitFor();
  await page.getByLabel('Seed').fill('1');
  await page.getByRole('button', { name: 'Segment', exact: true }).click();
  const cards = page.getByRole('region', { name: 'Segments' }).locator('article[data-segment]');
  await cards.nth(1).waitFor({ timeout: 60_000 });
  const model = await downloaded(page, () => page.getByRole('button', { name: 'Download model' }).click());
  const saved = JSON.parse(model.text);
  assert.equal(saved.rfm.columns.customer, 'Email', 'the model keeps how the customers were made from orders');
  assert.ok(!model.text.includes('@'), 'the model holds no e-mail address');

  await page.reload();
  await page.locator('#model-file').setInputFiles({ name: model.name, mimeType: 'application/json', buffer: Buffer.from(model.text) });
  await page.locator('#model-summary').waitFor();
  assert.match(await page.locator('#model-summary').textContent(), /made from an orders export/);
  await page.locator('#apply-file').setInputFiles(lastMonth);
  const first = page.locator('#applied [data-slot="before"]');
  await first.waitFor();
  // Its own orders: the customers the model was made of, in the segments it gave them.
  const customers = saved.segments.reduce((n, g) => n + g.size, 0);
  assert.match(await first.locator('p.summary').textContent(), new RegExp(`^${customers} customers made from [\\d,]+ order rows`));
  const sizes = await first.locator('table:not(.named) tbody tr td:nth-child(2)').allTextContents();
  assert.deepEqual(sizes.map((s) => Number(s.replace(/\D/g, ''))), saved.segments.map((g) => g.size));

  await page.locator('#next-file').setInputFiles({ name: 'orders-october.csv', mimeType: 'text/csv', buffer: Buffer.from(all) });
  await page.locator('#movement tbody tr').first().waitFor();
  const named = page.locator('#applied [data-slot="after"] table.named');
  assert.match(await named.locator('caption').textContent(), /Named RFM segments in orders-october\.csv/);
  assert.equal(await page.getByLabel('Same customer when the same').inputValue(), 'Email');
  const { matrix, onlyBefore } = await movementNumbers(page);
  const sum = (xs) => xs.reduce((a, b) => a + b, 0);
  assert.equal(sum(matrix.map(sum)) + sum(onlyBefore), customers, 'every customer of last month counted once');
  // Who moved between named segments (Champions to At risk), counted on the same customers.
  const rfm = page.getByRole('table', { name: /Customers by named RFM segment/ });
  await rfm.waitFor();
  const changed = Number((await rfm.locator('caption').textContent()).match(/: ([\d,]+) customers? changed/)[1].replace(/,/g, ''));
  assert.ok(changed > 0, 'a month later some customers changed RFM segment');
  // The export of next month: its customers with their segments.
  const csv = await downloaded(page, () => page.getByRole('button', { name: /^Download the [\d,]+ customers of orders-october\.csv with segments/ }).click());
  assert.match(csv.text.split('\n')[0], /^customer,.*,segment,segment_name\r?$/);
  // A segment's Customer Match file: the customers' e-mail (the orders' customer column), hashed.
  const include = page.getByLabel('include unsubscribed contacts');
  await include.check();
  const name = saved.segments[0].name;
  const audience = await downloaded(page, () => page.getByRole('button', { name: `Download the audience of ${name}`, exact: true }).click());
  const [header, ...rows] = audience.text.trim().split(/\r?\n/);
  assert.equal(header.split(',')[0], 'Email');
  assert.ok(rows.length > 0 && rows.every((r) => /^[0-9a-f]{64},/.test(r)), rows.slice(0, 3).join(' | '));
  assert.ok(!audience.text.includes('@'), 'no raw e-mail address');
  await page.screenshot({ path: path.join(OUT, 'saved-orders.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});
