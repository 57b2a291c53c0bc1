// Buyer behaviour in the page: an orders export becomes one row per customer, with the named RFM
// segments, then k-means segments and their personas, and an export of the per-customer table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { watchConsole } from '../lib/browser.mjs';
import { ROOT } from '../lib/paths.mjs';
import { servedSite } from '../lib/site.mjs';

const OUT = path.join(ROOT, 'tests/.out');
mkdirSync(OUT, { recursive: true });

const site = servedSite();

test('an orders export becomes customers in named RFM segments and k-means segments', async () => {
  // 1,000 customers with planted behaviour (crates/xtask/src/orders.rs): 80 frequent recent big
  // spenders, 80 brand-new customers, 80 lapsed former regulars, 200 one-time buyers long gone.
  const file = path.join(OUT, 'orders-sample.csv');
  writeFileSync(file, execFileSync('cargo', ['run', '--quiet', '-p', 'xtask', '--', 'sample', '--orders']));
  const page = await site.browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors = watchConsole(page);
  await page.goto(site.server.url);
  await page.getByLabel('CSV file').setInputFiles(file);
  const make = page.getByRole('button', { name: 'One row per customer' });
  await make.waitFor();
  // The guessed columns, which the user could change.
  assert.equal(await page.getByLabel('Customer', { exact: true }).inputValue(), 'customer');
  assert.equal(await page.getByLabel('Date', { exact: true }).inputValue(), 'order_date');
  assert.equal(await page.getByLabel('Amount', { exact: true }).inputValue(), 'amount');
  assert.equal(await page.getByLabel('Order id').inputValue(), 'order_id');
  // Recency counted to a later date: every customer's recency grows alike, so the ranks, the
  // scores and the segments stay.
  await page.getByLabel('As of').fill('2025-01-10');
  await make.click();
  const table = page.getByRole('table', { name: /Named RFM segments/ });
  await table.waitFor();
  const sizes = Object.fromEntries(await table.locator('tbody tr').evaluateAll((rows) =>
    rows.map((r) => [r.cells[0].textContent, parseInt(r.cells[1].textContent.replace(/,/g, ''), 10)])));
  // A named segment no customer falls in is not listed.
  assert.ok(Object.values(sizes).every((n) => n > 0), JSON.stringify(sizes));
  assert.equal(sizes.New, 80);
  assert.equal(sizes["Can't lose them"], 80);
  assert.equal(sizes.Lost, 200);
  assert.ok(sizes.Champions >= 80, `Champions: ${sizes.Champions}`);
  assert.match(await page.locator('#rfm-summary').textContent(), /1,000 customers from 3,941 order rows.*as of 2025-01-10/);
  // The guest checkouts, reported.
  assert.match(await page.locator('#skipped-summary').textContent(), /10 order rows skipped/);

  // Cancel while segmenting the customers: the fresh worker makes them again from the orders,
  // and Segment then works on the customers, not on the orders.
  await page.waitForFunction(() => !document.getElementById('run').disabled);
  await page.evaluate(() => { document.getElementById('run').click(); document.getElementById('cancel').click(); });
  await page.waitForFunction(() => !document.getElementById('run').disabled);
  await page.getByLabel('Seed').fill('1');
  await page.getByRole('button', { name: 'Segment', exact: true }).click();
  const cards = page.getByRole('region', { name: 'Segments' }).locator('article[data-segment]');
  await cards.nth(2).waitFor({ timeout: 60_000 });
  const names = await cards.locator('h3').allTextContents();
  for (const named of ['Champions', 'New', "Can't lose them", 'Lost']) {
    assert.ok(names.some((n) => n.includes(named)), `a segment named for ${named}: ${names}`);
  }
  assert.match(await page.locator('#formed-on').textContent(), /recency_days, frequency, monetary_total/);
  await page.screenshot({ path: path.join(OUT, 'rfm.png'), fullPage: true });

  // The export: the per-customer table with its scores, named segment and k-means segment.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download CSV', exact: true }).click(),
  ]);
  const csv = readFileSync(await download.path(), 'utf8').trim().split('\n');
  assert.equal(download.suggestedFilename(), 'orders-sample-customers-segments.csv');
  assert.equal(csv.length, 1 + 1000);
  assert.match(csv[0], /^customer,first_order,last_order,recency_days,frequency,monetary_total,monetary_mean,tenure_days,r_score,f_score,m_score,rfm_score,rfm_segment,channel,segment,segment_name/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a customer list gets no orders offer', async () => {
  const page = await site.browser.newPage();
  await page.goto(site.server.url);
  await page.getByRole('button', { name: 'Try sample data' }).click();
  await page.waitForFunction(() => !document.getElementById('run').disabled);
  assert.equal(await page.locator('#orders-box').isHidden(), true);
  await page.close();
});
