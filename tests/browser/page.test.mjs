// The page in Chromium, as a user meets it: pick a CSV, press Segment, read the segment cards.
// And the privacy promise, checked: nothing leaves the page after load, and a fetch from the page
// or its worker is refused by the CSP (while the same probe goes through on a copy without it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { watchConsole, PROBE } from '../lib/browser.mjs';
import { FIXTURES, ROOT } from '../lib/paths.mjs';
import { servedSite } from '../lib/site.mjs';

const OUT = path.join(ROOT, 'tests/.out');
mkdirSync(OUT, { recursive: true });

const site = servedSite();

async function openPage(url) {
  const page = await site.browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors = watchConsole(page);
  const requests = [];
  let loaded = false;
  page.on('request', (r) => requests.push({ url: r.url(), afterLoad: loaded }));
  await page.goto(url, { waitUntil: 'load' });
  loaded = true;
  return { page, errors, requests };
}

async function segment(page) {
  const run = page.getByRole('button', { name: 'Segment', exact: true });
  await run.waitFor();
  await page.waitForFunction(() => !document.getElementById('run').disabled);
  await run.click();
  const cards = page.getByRole('region', { name: 'Segments' }).locator('article[data-segment]');
  await cards.nth(1).waitFor({ timeout: 30_000 });
  return cards;
}

test('a CSV picked with "CSV file" becomes segment cards, and nothing leaves the page', async () => {
  const { page, errors, requests } = await openPage(site.server.url);
  await page.getByLabel('CSV file').setInputFiles(path.join(FIXTURES, 'customers-messy.csv'));
  const cards = await segment(page);
  assert.ok((await cards.count()) >= 2, 'at least two segment cards');
  const names = await cards.locator('h3').allTextContents();
  assert.ok(names.some((n) => /SaaS|Retail|Healthcare/.test(n)), `names: ${names}`);
  await page.screenshot({ path: path.join(OUT, 'page-messy.png'), fullPage: true });

  const leaks = requests.filter((r) => r.afterLoad && /^(https?|wss?):/.test(r.url));
  assert.deepEqual(leaks, [], 'no network request after load');
  assert.deepEqual(errors, [], 'no console error');

  // The probes: refused in the page and in every worker it started.
  const target = `${site.server.url}probe`;
  assert.equal(await page.evaluate(PROBE, target), 'refused', 'page fetch');
  const workers = page.workers();
  assert.ok(workers.length >= 1, 'the page runs a worker');
  for (const w of workers) assert.equal(await w.evaluate(PROBE, target), 'refused', `worker ${w.url()}`);
  assert.ok(!site.server.hits.includes('/probe'), 'the server never saw a probe');
  await page.close();
});

test('without the CSP the same probes go through, so the test above can fail', async () => {
  const { page } = await openPage(`${site.server.url}nocsp/`);
  await page.getByRole('button', { name: 'Try sample data' }).click();
  await segment(page);
  const target = `${site.server.url}probe`;
  assert.equal(await page.evaluate(PROBE, target), 'allowed', 'page fetch without CSP');
  const workers = page.workers();
  assert.ok(workers.length >= 1);
  for (const w of workers) assert.equal(await w.evaluate(PROBE, target), 'allowed', 'worker fetch without CSP');
  await page.close();
});

test('the sample data segments by its planted industries', async () => {
  const { page, errors } = await openPage(site.server.url);
  await page.getByRole('button', { name: 'Try sample data' }).click();
  const cards = await segment(page);
  const count = await cards.count();
  assert.ok(count >= 3 && count <= 6, `${count} segments`);
  const text = (await cards.allTextContents()).join('\n');
  for (const industry of ['SaaS', 'Healthcare', 'Retail', 'Manufacturing']) {
    assert.ok(text.includes(industry), `${industry} appears in a segment card`);
  }
  // Each industry's card leads with its own planted words (crates/xtask/src/sample.rs).
  const planted = {
    SaaS: ['free trial', 'api', 'integrations', 'automation', 'dashboards', 'startup'],
    Healthcare: ['compliance', 'patient care', 'hipaa', 'telehealth', 'scheduling', 'clinics'],
    Retail: ['coupons', 'loyalty', 'instagram', 'free shipping', 'flash sale', 'ebook'],
    Manufacturing: ['erp', 'supply chain', 'lean', 'quality control', 'procurement', 'logistics'],
  };
  const industryOf = (name) => Object.keys(planted).find((i) => name.includes(i));
  for (let i = 0; i < count; i++) {
    const card = cards.nth(i);
    const industry = industryOf(await card.locator('h3').textContent());
    if (!industry) continue;
    const words = await card.locator('ul.bars .term').allTextContents();
    assert.ok(words.length >= 3, `${industry} has words`);
    for (const w of words.slice(0, 3)) assert.ok(planted[industry].includes(w), `${industry}: ${w}`);
  }
  // Compare the words by industry: every industry's top three are its own.
  await page.getByLabel('by', { exact: true }).selectOption('industry');
  await page.getByRole('button', { name: 'Compare' }).click();
  const groups = page.locator('#compare .talk');
  await groups.first().waitFor();
  assert.equal(await groups.count(), 4);
  for (let i = 0; i < 4; i++) {
    const g = groups.nth(i);
    const industry = industryOf(await g.locator('h3').textContent());
    const words = await g.locator('.term').allTextContents();
    for (const w of words.slice(0, 3)) assert.ok(planted[industry].includes(w), `${industry}: ${w}`);
  }
  await page.screenshot({ path: path.join(OUT, 'page-sample.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a file with nothing to segment shows why, in role="alert"', async () => {
  const { page } = await openPage(site.server.url);
  await page.getByLabel('CSV file').setInputFiles({
    name: 'cities.csv', mimeType: 'text/csv', buffer: Buffer.from('id,notes\n1,called about the new pricing page\n2,asked for a demo next week\n'),
  });
  await page.waitForFunction(() => !document.getElementById('run').disabled);
  await page.getByRole('button', { name: 'Segment', exact: true }).click();
  await page.getByRole('alert').filter({ hasText: 'no column to segment on' }).waitFor();
  assert.equal(await page.locator('article[data-segment]').count(), 0);
  await page.close();
});

test('a semicolon, decimal-comma, Windows-1252 export reads right, and its columns can be changed', async () => {
  const { page, errors } = await openPage(site.server.url);
  await page.getByLabel('CSV file').setInputFiles(path.join(FIXTURES, 'kunden-1252.csv'));
  const table = page.locator('#columns');
  await table.locator('tr[data-column="Stadt"]').waitFor();
  assert.match(await page.locator('#file-summary').textContent(), /windows-1252/);
  assert.match(await table.locator('tr[data-column="Stadt"]').textContent(), /München|Köln|Düsseldorf/);
  assert.equal(await page.getByLabel('Kind of Jahresumsatz').inputValue(), 'numeric');
  assert.equal(await page.getByLabel('Kind of Kunde seit').inputValue(), 'date');
  assert.equal(await page.getByLabel('Kind of Mitarbeiter').inputValue(), 'ordinal');
  // Leave Alter out: the segments are formed without it, and still describe it.
  await page.getByLabel('Use column Alter').uncheck();
  const cards = await segment(page);
  const text = (await cards.allTextContents()).join('\n');
  assert.ok(text.includes('Jahresumsatz'), 'the numeric columns describe the segments');
  const formedOn = await page.locator('#formed-on').textContent();
  assert.match(formedOn, /Jahresumsatz/);
  assert.ok(!formedOn.includes('Alter'), `the excluded column is not used: ${formedOn}`);
  await page.screenshot({ path: path.join(OUT, 'page-kunden-1252.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('skipped rows are reported with their line and reason', async () => {
  const { page } = await openPage(site.server.url);
  await page.getByLabel('CSV file').setInputFiles(path.join(FIXTURES, 'customers-messy.csv'));
  await page.locator('#skipped-box').waitFor();
  await page.locator('#skipped-box summary').click();
  const items = await page.locator('#skipped li').allTextContents();
  assert.deepEqual(items, [
    'row 9 (line 11): has 9 fields but the header has 7',
    'row 12 (line 14): every field is empty',
  ]);
  await page.close();
});

test('"How the file is read" overrides what was detected, and the file is read again', async () => {
  const { page, errors } = await openPage(site.server.url);
  await page.getByLabel('CSV file').setInputFiles(path.join(FIXTURES, 'kunden-1252.csv'));
  await page.locator('tr[data-column="Stadt"]').waitFor();
  await page.locator('#read-box summary').click();
  assert.match(await page.getByLabel('Delimiter').locator('option').first().textContent(), /semicolon/);
  assert.match(await page.getByLabel('Encoding').locator('option').first().textContent(), /windows-1252/);
  await page.getByLabel('First row').selectOption('no');
  await page.getByRole('button', { name: 'Read again' }).click();
  await page.locator('tr[data-column="column_1"]').waitFor();
  // The header line is now a data row: 301 rows.
  assert.match(await page.locator('#file-summary').textContent(), /301 rows used/);
  assert.deepEqual(errors, []);
  await page.close();
});

// A file that tries everything: HTML and script in headers and cells, spreadsheet formulas, a
// record with a field too many (skipped), quotes and a line break inside a quoted cell.
const HOSTILE = [
  'name,<img src=x onerror="window.__pwned=1">,spend,plan',
  '<script>window.__pwned=2</script>,a,100,Free',
  '"=HYPERLINK(""http://evil.example"",""click"")",b,120,Free',
  '+1 555 0100,c,-5,Pro',
  '@SUM(1+1),d,900,Pro',
  'Bob,e,950,Pro,extra',
  '"Ann ""the buyer""",f,980,Pro',
  '"two\nlines",g,110,Free',
  '-x,h,105,Free',
  'Cyd,i,930,Pro',
].join('\n') + '\n';

test('HTML in headers and cells is shown as text and runs no script', async () => {
  const { page, errors } = await openPage(site.server.url);
  await page.getByLabel('CSV file').setInputFiles({ name: 'hostile.csv', mimeType: 'text/csv', buffer: Buffer.from(HOSTILE) });
  await page.locator('#columns tbody tr').first().waitFor();
  await page.getByLabel('Number of segments').selectOption('2');
  await segment(page);
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no script ran');
  assert.equal(await page.locator('img[src="x"], #cards script, #columns script').count(), 0, 'no element was made from the file');
  const table = await page.locator('#columns').textContent();
  assert.ok(table.includes('<img src=x onerror="window.__pwned=1">'), 'the header is shown as text');
  assert.deepEqual(errors, []);
  await page.close();
});

test('Download CSV is byte for byte the CLI\'s export: every record back, formulas neutralised', async () => {
  const { mkdtempSync, writeFileSync, readFileSync } = await import('node:fs');
  const os = await import('node:os');
  const { execFileSync } = await import('node:child_process');
  const Papa = (await import('papaparse')).default;
  const { CLI } = await import('../lib/paths.mjs');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tribes-export-'));
  const file = path.join(dir, 'hostile.csv');
  writeFileSync(file, HOSTILE);

  const { page, errors } = await openPage(site.server.url);
  await page.getByLabel('CSV file').setInputFiles(file);
  await page.locator('#columns tbody tr').first().waitFor();
  await page.getByLabel('Number of segments').selectOption('2');
  await page.getByLabel('Seed').fill('3');
  await segment(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download CSV', exact: true }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'hostile-segments.csv');
  const got = readFileSync(await download.path());
  const cli = execFileSync(CLI, ['analyze', file, '--k', '2', '--seed', '3', '--format', 'csv']);
  assert.ok(got.equals(cli), `page and CLI differ:\n${got}\n---\n${cli}`);

  // The round trip: every input record and column, identical but for the guard, plus two columns.
  const input = Papa.parse(HOSTILE, { skipEmptyLines: true }).data;
  const output = Papa.parse(got.toString('utf8'), { skipEmptyLines: true }).data;
  assert.equal(output.length, input.length, 'every record is back, the skipped one too');
  const guarded = (c) => (/^[=+\-@\t\r]/.test(c) && !/^[+-]?\d+([.,]\d+)?$/.test(c) ? `'${c}` : c);
  for (let r = 0; r < input.length; r++) {
    const width = input[r].length;
    assert.deepEqual(output[r].slice(0, width), input[r].map(guarded), `record ${r}`);
    assert.equal(output[r].length, width + 2, `record ${r} has the two new columns`);
  }
  assert.deepEqual(output[0].slice(-2), ['segment', 'segment_name']);
  assert.equal(output[3][0], "'+1 555 0100");
  assert.equal(output[3][2], '-5', 'a negative number is left alone');
  assert.deepEqual(output[5].slice(-2), ['', ''], 'the skipped record has no segment');

  // For Excel: the same bytes after a byte-order mark. And one segment's list.
  await page.getByLabel('for Excel (UTF-8 with byte-order mark)').check();
  const [withBom] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download CSV', exact: true }).click(),
  ]);
  const bom = readFileSync(await withBom.path());
  assert.deepEqual([...bom.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.ok(bom.subarray(3).equals(cli));
  await page.getByLabel('for Excel (UTF-8 with byte-order mark)').uncheck();
  const [one] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('article[data-segment="1"]').getByRole('button', { name: /^Download CSV of / }).click(),
  ]);
  const rows = Papa.parse(readFileSync(await one.path(), 'utf8'), { skipEmptyLines: true }).data;
  assert.ok(rows.length > 1 && rows.slice(1).every((r) => r.at(-2) === '1'), 'only segment 1');

  // The JSON: the result, with the options and the seed that repeat it.
  const [json] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download segments JSON' }).click(),
  ]);
  const result = JSON.parse(readFileSync(await json.path(), 'utf8'));
  assert.equal(result.seed, 3);
  assert.equal(result.options.k, 2);
  assert.ok(Array.isArray(result.labels) && result.labels.length === 9);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the charts are SVG with a title and a text alternative, and download as SVG and PNG', async () => {
  const { readFileSync } = await import('node:fs');
  const { page, errors } = await openPage(site.server.url);
  await page.getByRole('button', { name: 'Try sample data' }).click();
  await segment(page);
  const charts = page.locator('#charts figure');
  assert.deepEqual(await charts.evaluateAll((f) => f.map((x) => x.dataset.chart)),
    ['map', 'sizes', 'index-heatmap', 'choosing-k']);
  for (const svg of await page.locator('#charts svg').all()) {
    assert.equal(await svg.getAttribute('role'), 'img');
    const title = await svg.locator('title').textContent();
    const desc = await svg.locator('desc').textContent();
    assert.ok(title.length > 5 && desc.length > 20, `${title}: ${desc}`);
  }
  // The map draws one dot per customer (the sample has 2,000), one centre per segment and one
  // marker per segment in its legend.
  const segments = await page.locator('article[data-segment]').count();
  assert.equal(await page.locator('[data-chart="map"] circle').count(), 2000 + 2 * segments);
  const [svgFile] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: /^Download SVG of Segment sizes/ }).click(),
  ]);
  const svgText = readFileSync(await svgFile.path(), 'utf8');
  assert.match(svgText, /^<\?xml[^>]*>\s*<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.equal((svgText.match(/<rect /g) || []).length, segments);
  const [pngFile] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: /^Download PNG of Choosing the number/ }).click(),
  ]);
  const png = readFileSync(await pngFile.path());
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  await page.locator('#charts').screenshot({ path: path.join(OUT, 'page-charts.png') });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a segment can be renamed, the exports use the name, and each prints as a persona page', async () => {
  const { readFileSync } = await import('node:fs');
  const Papa = (await import('papaparse')).default;
  const { page, errors } = await openPage(site.server.url);
  await page.getByRole('button', { name: 'Try sample data' }).click();
  const cards = await segment(page);
  const name = page.getByRole('textbox', { name: 'Name of segment 2 (editable)' });
  await name.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('<b>Loyal</b> clinics');
  await page.keyboard.press('Enter');
  assert.equal(await name.textContent(), '<b>Loyal</b> clinics', 'typed markup stays text');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download CSV', exact: true }).click(),
  ]);
  const rows = Papa.parse(readFileSync(await download.path(), 'utf8'), { skipEmptyLines: true }).data;
  const renamed = rows.filter((r) => r.at(-2) === '1');
  assert.ok(renamed.length > 0 && renamed.every((r) => r.at(-1) === '<b>Loyal</b> clinics'));
  // Every card shows its typical customers and each number's average, as its traits say it.
  assert.equal(await cards.first().locator('ul.typical li').count(), 3);
  assert.match(await cards.first().textContent(), /Average · index/);
  // Print: only the chosen card is on the page.
  await page.evaluate(() => { window.print = () => { window.__printed = true; }; });
  await cards.nth(1).getByRole('button', { name: /^Print persona of / }).click();
  assert.equal(await page.evaluate(() => window.__printed), true);
  await page.emulateMedia({ media: 'print' });
  const visible = await page.locator('article[data-segment]').evaluateAll((a) => a.filter((x) => x.offsetParent !== null).length);
  assert.equal(visible, 1);
  assert.equal(await page.locator('#charts').isVisible(), false);
  await page.screenshot({ path: path.join(OUT, 'page-persona-print.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  assert.deepEqual(errors, []);
  await page.close();
});

test('axe-core finds no serious or critical violation, in light and in dark', async () => {
  const { createRequire } = await import('node:module');
  const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  for (const colorScheme of ['light', 'dark']) {
    // The page's CSP allows no inline script; axe is injected for the audit only.
    const page = await site.browser.newPage({ viewport: { width: 1200, height: 900 }, bypassCSP: true, colorScheme });
    await page.goto(site.server.url, { waitUntil: 'load' });
    const audit = async (state) => {
      await page.addScriptTag({ path: axePath });
      const result = await page.evaluate(() => window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      }));
      const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`), [],
        `${colorScheme}, ${state}`);
    };
    await audit('empty');
    await page.getByRole('button', { name: 'Try sample data' }).click();
    await segment(page);
    await audit('results');
    await page.close();
  }
});

test('settings are remembered on this device, never the data, and "Forget everything" clears them', async () => {
  const context = await site.browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  await page.goto(site.server.url, { waitUntil: 'load' });
  await page.getByRole('button', { name: 'Try sample data' }).click();
  await page.getByLabel('Number of segments').selectOption('3');
  await segment(page);
  await page.getByLabel('for Excel (UTF-8 with byte-order mark)').check();
  const stored = await page.evaluate(() => ({ ...localStorage }));
  assert.deepEqual(Object.keys(stored), ['tribes.settings']);
  assert.deepEqual(JSON.parse(stored['tribes.settings']), { k: '3', bom: true });
  await page.reload({ waitUntil: 'load' });
  await page.waitForFunction(() => document.getElementById('k').options.length > 1);
  assert.equal(await page.getByLabel('Number of segments').inputValue(), '3');
  assert.equal(await page.getByLabel('for Excel (UTF-8 with byte-order mark)').isChecked(), true);
  await page.getByRole('button', { name: 'Forget everything' }).click();
  assert.deepEqual(await page.evaluate(() => ({ ...localStorage })), {});
  assert.equal(await page.getByLabel('Number of segments').inputValue(), 'auto');
  assert.match(await page.getByRole('status').textContent(), /Forgotten/);
  // The page still works after forgetting.
  await page.getByRole('button', { name: 'Try sample data' }).click();
  await segment(page);
  await context.close();
});

test('Cancel during a long run on 1,000,000 rows stops at once, keeps the choices, and the page runs again', async () => {
  const { mkdtempSync, createWriteStream } = await import('node:fs');
  const os = await import('node:os');
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'tribes-big-')), 'million.csv');
  await new Promise((resolve, reject) => {
    const out = createWriteStream(file);
    out.on('error', reject);
    out.on('finish', resolve);
    const plans = ['Free', 'Starter', 'Pro', 'Enterprise'];
    let chunk = 'customer,spend,visits,plan,notes\n';
    for (let i = 0; i < 1_000_000; i++) {
      chunk += `C${i},${(i * 7919) % 100000 / 10},${(i * 31) % 97},${plans[i % 4]},order ${i % 13}\n`;
      if (chunk.length > 1 << 20) { out.write(chunk); chunk = ''; }
    }
    out.end(chunk);
  });
  const { page, errors } = await openPage(site.server.url);
  await page.getByLabel('CSV file').setInputFiles(file);
  await page.locator('tr[data-column="plan"]').waitFor({ timeout: 120_000 });
  assert.match(await page.locator('#file-summary').textContent(), /1,000,000 rows used/);
  await page.getByLabel('Use column visits').uncheck();
  await page.getByRole('button', { name: 'Segment', exact: true }).click();
  const bar = page.getByRole('progressbar');
  await bar.waitFor();
  // Wait until the work is under way in the worker, then cancel.
  await page.waitForFunction(() => /Choosing|Segmenting/.test(document.getElementById('progress-text').textContent), null, { timeout: 60_000 });
  const started = Date.now();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('alert').filter({ hasText: 'Cancelled' }).waitFor();
  // The page answers at once, the progress is gone, and the user's choice is still there.
  const answered = await page.evaluate(() => performance.now() >= 0);
  assert.ok(answered && Date.now() - started < 2000, 'the page answered within 2 s of Cancel');
  assert.equal(await bar.isVisible(), false);
  assert.equal(await page.getByLabel('Use column visits').isChecked(), false);
  // The fresh worker reads the file again; then Segment runs again (and is cancelled again).
  await page.waitForFunction(() => !document.getElementById('run').disabled, null, { timeout: 120_000 });
  await page.getByRole('button', { name: 'Segment', exact: true }).click();
  await page.waitForFunction(() => /Choosing|Segmenting/.test(document.getElementById('progress-text').textContent), null, { timeout: 60_000 });
  await page.screenshot({ path: path.join(OUT, 'page-progress.png') });
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('alert').filter({ hasText: 'Cancelled' }).waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('the whole flow works from the keyboard alone', async () => {
  const { page, errors } = await openPage(site.server.url);
  /** Presses Tab until `selector` has the focus (at most 80 times); fails if it never does. */
  const tabTo = async (selector) => {
    for (let i = 0; i < 80; i++) {
      if (await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), selector)) return;
      await page.keyboard.press('Tab');
    }
    assert.fail(`Tab never reached ${selector}`);
  };
  await tabTo('#sample');
  await page.keyboard.press('Enter');
  await page.locator('#columns tbody tr').first().waitFor();
  await page.waitForFunction(() => !document.getElementById('run').disabled);
  await tabTo('#k');
  await page.keyboard.press('ArrowDown'); // "Choose for me" -> 2
  await page.keyboard.press('ArrowDown'); // -> 3
  assert.equal(await page.locator('#k').inputValue(), '3');
  await tabTo('#run');
  await page.keyboard.press('Enter');
  await page.locator('article[data-segment]').nth(2).waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('article[data-segment]').count(), 3);
  await tabTo('article[data-segment="0"] .name');
  await tabTo('#download-csv');
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  assert.equal(download.suggestedFilename(), 'sample-customers-segments.csv');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the whole flow on a realistic messy file: read, adjust, segment, read the personas, export', async () => {
  const { readFileSync } = await import('node:fs');
  const Papa = (await import('papaparse')).default;
  const { page, errors, requests } = await openPage(site.server.url);
  // 1. Read: the summary accounts for every record.
  await page.getByLabel('CSV file').setInputFiles(path.join(FIXTURES, 'customers-messy.csv'));
  await page.locator('tr[data-column="Notes"]').waitFor();
  assert.match(await page.locator('#file-summary').textContent(), /241 rows used, 2 rows skipped/);
  // 2. Adjust: leave Age out, read Employees as categories.
  await page.getByLabel('Use column Age').uncheck();
  await page.getByLabel('Kind of Employees').selectOption('categorical');
  assert.match(await page.locator('#file-summary').textContent(), /Segmenting on City, Industry, Employees, Annual Spend, those that form groups\. Their words from Notes\./);
  // 3. Segment with a seed.
  await page.getByLabel('Seed').fill('11');
  const cards = await segment(page);
  const formed = await page.locator('#formed-on').textContent();
  assert.ok(!formed.includes('Age') && formed.includes('Employees'), formed);
  // 4. Personas: each card has traits, numbers with ranges, typical customers, and actions.
  const count = await cards.count();
  for (let i = 0; i < count; i++) {
    const card = cards.nth(i);
    assert.ok(await card.locator('ul.traits li').count() >= 1, `card ${i} has traits`);
    assert.ok(await card.locator('ul.typical li').count() >= 1, `card ${i} has typical customers`);
    assert.equal(await card.getByRole('button', { name: /^Print persona of / }).count(), 1);
  }
  assert.equal(await page.locator('#charts figure').count(), 4);
  assert.ok(await page.locator('#talk svg').count() >= 1, 'the Notes column has its word chart');
  // 5. Export: every record of the file, each used row with its segment.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download CSV', exact: true }).click(),
  ]);
  const rows = Papa.parse(readFileSync(await download.path(), 'utf8'), { skipEmptyLines: 'greedy' }).data;
  const segmented = rows.slice(1).filter((r) => /^\d+$/.test(r.at(-2))).length;
  assert.equal(segmented, 241, 'every used row has a segment');
  await page.screenshot({ path: path.join(OUT, 'page-whole-flow.png'), fullPage: true });
  assert.deepEqual(requests.filter((r) => r.afterLoad && /^(https?|wss?):/.test(r.url)), []);
  assert.deepEqual(errors, []);
  await page.close();
});
