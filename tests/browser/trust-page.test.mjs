// The segments as a new user reads them: the map's legend matches the cards, figures are in the
// reader's locale (years never grouped), the focus lands on the results after Segment, a segment
// renamed is renamed in the charts too, each segment's persona prints and downloads as Markdown
// with nothing personal in it, and at 390 px nothing overflows the page sideways.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { watchConsole } from '../lib/browser.mjs';
import { ROOT } from '../lib/paths.mjs';
import { servedSite } from '../lib/site.mjs';

const OUT = path.join(ROOT, 'tests/.out');
const EXPORTS = path.join(ROOT, 'tests/fixtures/exports');
mkdirSync(OUT, { recursive: true });

const site = servedSite();

/** Two planted groups, told apart by the year they signed up and an income in the tens of thousands. */
function yearsCsv() {
  const rows = ['Signup Year,Income'];
  for (let i = 0; i < 300; i += 1) {
    const old = i % 2 === 0;
    const year = old ? 1990 + (i % 11) : 2010 + (i % 11);
    const income = old ? 80000 + ((i * 37) % 10000) : 20000 + ((i * 53) % 10000);
    rows.push(`${year},${income}`);
  }
  return Buffer.from(`${rows.join('\n')}\n`);
}

async function segmented(file, { width = 1200, locale = 'en-US', seed = '1' } = {}) {
  const context = await site.browser.newContext({ viewport: { width, height: 900 }, locale });
  const page = await context.newPage();
  const errors = watchConsole(page);
  await page.goto(site.server.url, { waitUntil: 'load' });
  await page.getByLabel('CSV file').setInputFiles(typeof file === 'string' ? path.join(EXPORTS, file) : file);
  await page.waitForFunction(() => !document.getElementById('run').disabled);
  await page.getByLabel('Seed').fill(seed);
  await page.getByRole('button', { name: 'Segment', exact: true }).click();
  const cards = page.getByRole('region', { name: 'Segments' }).locator('article[data-segment]');
  await cards.nth(1).waitFor({ timeout: 60_000 });
  return { context, page, cards, errors };
}

test('the map has a legend whose numbers, names and sizes are the cards\'', async () => {
  const { context, page, cards, errors } = await segmented('telco-churn.csv');
  const count = await cards.count();
  // Each entry's lines are <tspan>s: joined with a space, they are the entry's text.
  const legend = await page.locator('[data-chart="map"] text.legend').evaluateAll((nodes) => nodes.map((n) => ({
    id: Number(n.dataset.segment), text: [...n.querySelectorAll('tspan')].map((t) => t.textContent).join(' '),
  })));
  assert.equal(legend.length, count, 'one legend entry per card');
  for (let i = 0; i < count; i += 1) {
    const card = cards.nth(i);
    const badge = await card.locator('h3 .badge').textContent();
    const name = await card.locator('h3 .name').textContent();
    const size = (await card.locator('.size').textContent()).split(' customers · ');
    const entry = legend.find((e) => e.id + 1 === Number(badge));
    assert.ok(entry, `a legend entry numbered ${badge}`);
    assert.equal(entry.text, `${name} · ${size[0]} (${size[1]})`);
  }
  // The centres carry the same numbers.
  const marks = await page.locator('[data-chart="map"] text[font-weight="700"]').allTextContents();
  assert.deepEqual([...new Set(marks)].sort(), Array.from({ length: count }, (_, i) => String(i + 1)).sort());
  assert.deepEqual(errors, []);
  await context.close();
});

test('figures are in the reader\'s locale, years are never grouped, and colour says above or below', async () => {
  const { context, page, cards, errors } = await segmented({ name: 'years.csv', mimeType: 'text/csv', buffer: yearsCsv() }, { locale: 'de-DE' });
  const texts = await cards.evaluateAll((all) => all.map((c) => c.textContent));
  const all = texts.join('\n');
  // German groups thousands with a point: an income of about 85,000 reads "85.xxx".
  assert.match(all, /average (8\d|2\d)\.\d{3} against 5\d\.\d{3} overall/, all);
  // The years are whole and plain: "average 1995 against 2005", never "1.995".
  assert.match(all, /average (199\d|201\d) against 200\d overall/);
  assert.doesNotMatch(all, /(^|[^\d.,])(1[.,]99\d|2[.,]0[0-2]\d)(?!\d)/, 'no year grouped');
  // The table says the statistic the traits say, and its legend says above or below average.
  assert.match(texts[0], /Average · index/);
  assert.match(texts[0], /▲ above, ▼ below it \(not good or bad\)/);
  // An index above average is marked ▲ with the "up" class, whatever the column means.
  const up = await page.locator('article[data-segment] .v.up').first().textContent();
  assert.match(up, /▲ \d+/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('after Segment the focus is on the results\' heading, in view', async () => {
  const { context, page, errors } = await segmented('shopify-customers.csv');
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'results-title');
  const top = await page.locator('#results-title').evaluate((h) => h.getBoundingClientRect().top);
  assert.ok(top > -2 && top < 200, `heading at ${top} px from the top of the window`);
  // The next Tab goes on into the results.
  await page.keyboard.press('Tab');
  const inResults = await page.evaluate(() => document.getElementById('results').contains(document.activeElement));
  assert.ok(inResults, 'Tab moves within the results');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a segment renamed is renamed everywhere: charts, buttons and persona', async () => {
  const { context, page, cards, errors } = await segmented('telco-churn.csv');
  const name = page.getByRole('textbox', { name: 'Name of segment 2 (editable)' });
  await name.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Loyal fibre families');
  const charts = ['map', 'sizes', 'index-heatmap'];
  for (const chart of charts) {
    const text = await page.locator(`[data-chart="${chart}"] text[data-segment="1"]`).first()
      .evaluate((n) => [...n.querySelectorAll('tspan')].map((t) => t.textContent).join(' '));
    assert.match(text, /^Loyal fibre families/, `${chart}: ${text}`);
    const desc = await page.locator(`[data-chart="${chart}"] desc`).textContent();
    assert.match(desc, /Loyal fibre families/, `${chart}'s text alternative`);
  }
  await cards.nth(1).getByRole('button', { name: 'Print persona of Loyal fibre families' }).waitFor();
  await cards.nth(1).getByRole('button', { name: 'Copy rule of Loyal fibre families' }).or(
    cards.nth(1).getByText('No simple rule')).first().waitFor();
  await cards.nth(1).locator('details.persona summary').click();
  assert.match(await cards.nth(1).locator('.persona-body').textContent(), /the segment "Loyal fibre families"/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a persona prints as one page and downloads as Markdown, with nothing personal in it', async () => {
  const { context, page, cards, errors } = await segmented('shopify-customers.csv');
  const card = cards.nth(0);
  await card.locator('details.persona summary').click();
  const nameField = card.getByRole('textbox', { name: 'Persona name of the persona of segment 1' });
  await nameField.fill('Ops Olivia');
  await card.getByRole('textbox', { name: 'Role of the persona of segment 1' }).fill('operations lead');
  assert.equal(await card.locator('.persona-title').textContent(), 'Ops Olivia, operations lead');

  await page.evaluate(() => { window.print = () => { window.__printed = true; }; });
  await card.getByRole('button', { name: /^Print persona of / }).click();
  assert.equal(await page.evaluate(() => window.__printed), true);
  await page.emulateMedia({ media: 'print' });
  // Only the persona of that card is on the page: its title and sections, none of the card's rest.
  assert.equal(await page.locator('article[data-segment]').evaluateAll((a) => a.filter((x) => x.offsetParent !== null).length), 1);
  assert.equal(await card.locator('.persona-heading').isVisible(), true);
  assert.equal(await card.locator('.rule').isVisible(), false);
  assert.equal(await page.locator('#charts').isVisible(), false);
  const printed = await card.locator('.persona').innerText();
  for (const heading of ['Who they are', 'How to find them', 'What to do']) assert.match(printed, new RegExp(heading));
  await page.screenshot({ path: path.join(OUT, 'trust-persona-print.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    card.getByRole('button', { name: /^Download persona \(Markdown\) of / }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^shopify-customers-persona-1\.md$/);
  const md = readFileSync(await download.path(), 'utf8');
  assert.match(md, /^# Ops Olivia, operations lead\n/);
  assert.match(md, /\n## Who they are\n/);
  assert.match(md, /\n## How to find them\n/);
  assert.match(md, /\n## What to do\n/);
  // Nothing personal: no e-mail address, phone, last name or street of the file.
  const rows = Papa.parse(readFileSync(path.join(EXPORTS, 'shopify-customers.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
  assert.doesNotMatch(md, /@/);
  for (const r of rows) {
    for (const column of ['Last Name', 'Email', 'Default Address Address1', 'Phone']) {
      const v = (r[column] || '').replace(/^'/, '');
      if (v.length >= 4) assert.ok(!md.includes(v), `${column} "${v}" is in the persona`);
    }
  }
  assert.deepEqual(errors, []);
  await context.close();
});

for (const file of ['telco-churn.csv', 'shopify-customers.csv']) {
  test(`${file} at 390 px: nothing overflows the page sideways, and the heatmap's text stays readable`, async () => {
    const { context, page, cards, errors } = await segmented(file, { width: 390 });
    await cards.first().locator('details.persona summary').click();
    await page.locator('#quality details summary').click();
    const overflow = await page.evaluate(() => {
      const wide = document.documentElement.scrollWidth - document.documentElement.clientWidth;
      const culprits = [...document.querySelectorAll('body *')]
        .filter((n) => n.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !n.closest('.chart-scroll, .table-wrap, .rfm'))
        .slice(0, 5).map((n) => `${n.tagName}.${n.className}`);
      return { wide, culprits };
    });
    assert.equal(overflow.wide, 0, `the page is ${overflow.wide} px wider than the screen: ${overflow.culprits}`);
    // The heatmap is drawn at 80% of its size or more: its 12 px text is 9.6 px or more.
    const scale = await page.locator('[data-chart="index-heatmap"] svg').evaluate((svg) => svg.getBoundingClientRect().width / Number(svg.getAttribute('width')));
    assert.ok(scale >= 0.79, `heatmap drawn at ${scale.toFixed(2)} of its size`);
    await page.screenshot({ path: path.join(OUT, `trust-${file.replace('.csv', '')}-390-page.png`), fullPage: true });
    assert.deepEqual(errors, []);
    await context.close();
  });
}
