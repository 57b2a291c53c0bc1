// Known exports in the page: a Shopify-layout orders export reaches the named RFM segments with
// no column chosen by hand, and a HubSpot contacts export is recognised and never offered as
// orders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { watchConsole } from '../lib/browser.mjs';
import { ROOT } from '../lib/paths.mjs';
import { servedSite } from '../lib/site.mjs';

const OUT = path.join(ROOT, 'tests/.out');
const EXPORTS = path.join(ROOT, 'tests/fixtures/exports');
mkdirSync(OUT, { recursive: true });

const site = servedSite();

test('a Shopify orders export reaches the named RFM segments with no column chosen by hand', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors = watchConsole(page);
  await page.goto(site.server.url);
  await page.getByLabel('CSV file').setInputFiles(path.join(EXPORTS, 'shopify-orders.csv'));
  const make = page.getByRole('button', { name: 'One row per customer' });
  await make.waitFor();
  assert.match(await page.locator('#format-mapping').textContent(),
    /^Recognised: Shopify orders export: customer = Email, date = Created at, amount = Total per order, order = Name/);
  assert.equal(await page.getByLabel('Customer', { exact: true }).inputValue(), 'Email');
  assert.equal(await page.getByLabel('Date', { exact: true }).inputValue(), 'Created at');
  assert.equal(await page.getByLabel('Amount', { exact: true }).inputValue(), 'Total');
  await page.screenshot({ path: path.join(OUT, 'exports-shopify-orders.png'), fullPage: true });
  await make.click();
  const table = page.getByRole('table', { name: /Named RFM segments/ });
  await table.waitFor();
  const sizes = await table.locator('tbody tr').evaluateAll((rows) =>
    rows.map((r) => parseInt(r.cells[1].textContent.replace(/,/g, ''), 10)));
  // The 88 customers of the fixture's RFM sidecar, every one in a named segment.
  assert.equal(sizes.reduce((a, b) => a + b, 0), 88);
  assert.match(await page.locator('#rfm-summary').textContent(), /^88 customers from /);
  // The customers made from the orders carry some of the export's columns, but they are not a
  // Shopify orders export: the mapping is not shown for them (it named columns they lack).
  assert.equal(await page.locator('#format-mapping').isVisible(), false);
  await page.screenshot({ path: path.join(OUT, 'exports-shopify-rfm.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a HubSpot contacts export is recognised and not offered as orders', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors = watchConsole(page);
  await page.goto(site.server.url);
  await page.getByLabel('CSV file').setInputFiles(path.join(EXPORTS, 'hubspot-contacts.csv'));
  await page.locator('#format-mapping').waitFor();
  assert.match(await page.locator('#format-mapping').textContent(),
    /^Recognised: HubSpot contacts export: 21 of its 21 documented columns/);
  assert.equal(await page.locator('#orders-box').isHidden(), true);
  await page.screenshot({ path: path.join(OUT, 'exports-hubspot.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});
