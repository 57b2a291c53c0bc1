// Two files, one customer, in the page: a Shopify customers export and its orders export dropped
// together (the orders first), told apart by their shapes, joined, and segmented on who the
// customers are and how they buy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { watchConsole } from '../lib/browser.mjs';
import { FIXTURES } from '../lib/paths.mjs';
import { servedSite } from '../lib/site.mjs';

const site = servedSite();

test('the Shopify pair dropped at once is joined on the e-mail and segmented on the orders too', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors = watchConsole(page);
  await page.goto(site.server.url);
  const files = ['shopify-pair-orders.csv', 'shopify-pair-customers.csv'].map((name) => ({
    name, text: readFileSync(path.join(FIXTURES, 'exports', name), 'utf8'),
  }));
  // A drop of two files, as the browser makes it: a DataTransfer holding both.
  const dataTransfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([f.text], f.name, { type: 'text/csv' }));
    return dt;
  }, files);
  await page.dispatchEvent('#drop', 'drop', { dataTransfer });

  const summary = page.locator('#join-summary');
  await summary.waitFor();
  // 179 of the 200 customers ordered, 21 never did (tests/fixtures/exports/README.md); 15 order
  // rows are guest checkouts of 8 people not in the customers file.
  assert.match(await summary.textContent(),
    /^Joined 179 of 200 customers to their orders in shopify-pair-orders\.csv on Email; 21 never ordered; 15 order rows for 8 customers not in this file; 56 order rows skipped\./);
  // The customers file is the one shown, with the orders' columns in its table.
  assert.match(await page.locator('#file-summary').textContent(), /^shopify-pair-customers\.csv/);
  for (const column of ['orders', 'order_total', 'days_since_last_order']) {
    assert.equal(await page.locator(`#columns tr[data-column="${column}"] input`).isChecked(), true, column);
  }

  await page.getByLabel('Seed').fill('1');
  await page.getByRole('button', { name: 'Segment', exact: true }).click();
  const cards = page.getByRole('region', { name: 'Segments' }).locator('article[data-segment]');
  await cards.nth(1).waitFor({ timeout: 60_000 });
  const formedOn = await page.locator('#formed-on').textContent();
  assert.match(formedOn, /days_since_last_order/, formedOn);
  // The customers who never ordered are a segment of their own, named for it.
  const names = await cards.locator('h3').allTextContents();
  assert.ok(names.some((n) => /never ordered/i.test(n)), names.join(' | '));
  assert.deepEqual(errors, []);
  await page.close();
});
