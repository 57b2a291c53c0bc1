// How sure the segments are and how to find them again, as the page shows them: the verdict with
// its figures one click away, each card's stability in words, and each card's rule with a copy
// button that gives the rule's plain text.
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

async function segmented(file, width) {
  const context = await site.browser.newContext({ viewport: { width, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(site.server.url).origin });
  const page = await context.newPage();
  const errors = watchConsole(page);
  await page.goto(site.server.url, { waitUntil: 'load' });
  await page.getByLabel('CSV file').setInputFiles(path.join(EXPORTS, file));
  const run = page.getByRole('button', { name: 'Segment', exact: true });
  await page.waitForFunction(() => !document.getElementById('run').disabled);
  await run.click();
  const cards = page.getByRole('region', { name: 'Segments' }).locator('article[data-segment]');
  await cards.nth(1).waitFor({ timeout: 60_000 });
  return { context, page, cards, errors };
}

for (const [file, width] of [['telco-churn.csv', 1200], ['shopify-customers.csv', 1200],
  ['telco-churn.csv', 390], ['shopify-customers.csv', 390]]) {
  test(`${file} at ${width} px: a verdict, each segment's stability in words, and its rule`, async () => {
    const { context, page, cards, errors } = await segmented(file, width);
    const quality = page.locator('#quality');
    await quality.waitFor();
    const verdict = await quality.locator('.verdict').textContent();
    assert.match(verdict, /^(Clear|Some|Weak) structure: /);
    await quality.getByText('The figures behind this').click();
    const figures = await quality.locator('details').textContent();
    assert.match(figures, /20 resamples of [\d,.\s]+ customers/);
    // The verdict's count of segments that hold is the count of cards that say they hold.
    let holds = 0;
    const count = await cards.count();
    for (let i = 0; i < count; i += 1) {
      const words = await cards.nth(i).locator('.stability').textContent();
      assert.match(words, /^(Holds|A pattern, though who is in it shifts|Dissolves when resampled): back in \d+ of 20 resamples, \d+% of its customers the same on average/);
      if (words.startsWith('Holds')) holds += 1;
    }
    const held = figures.match(/Segments that hold \(stability 0\.85 or more\)\D*(\d+) of (\d+)/);
    assert.ok(held, figures);
    assert.deepEqual([Number(held[1]), Number(held[2])], [holds, count], 'the figures count the cards that hold');
    const said = verdict.match(/(\d+) of (\d+) segments hold|all (\d+) segments hold/);
    if (said) assert.equal(Number(said[1] ?? said[3]), holds, `${verdict} against ${holds} cards that hold`);
    await page.screenshot({ path: path.join(OUT, `trust-${file.replace('.csv', '')}-${width}.png`), fullPage: true });
    assert.deepEqual(errors, [], 'no console error');
    await context.close();
  });
}

test('the copy button gives the rule as its card shows it, numbers without separators', async () => {
  const { context, page, errors } = await segmented('shopify-customers.csv', 1200);
  const rule = page.locator('.rule').filter({ has: page.locator('.rule-text') }).first();
  const text = await rule.locator('.rule-text').textContent();
  assert.match(text, / (<|<=|>|>=|=|!=|in) /);
  assert.doesNotMatch(text, /\d,\d{3}/, 'no thousands separators');
  await rule.getByRole('button', { name: /^Copy rule of / }).click();
  await rule.getByRole('button', { name: /^Copy rule of / }).filter({ hasText: 'Copied' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), text);
  assert.deepEqual(errors, [], 'no console error');
  await context.close();
});
