// The page in Chromium, timed as a user meets it: from choosing a file to the segment cards.
//
// For each file: a fresh page, its worker ready; then the time to read the file (from
// `setInputFiles` to the Segment button enabled), the time to segment it (from the click to the
// cards), and the sum. A file the page cannot hold whole gets its offer of a sample: then the
// read is the time to the offer, and the segment the time from "Segment a sample" to the cards
// (the sample is read again, so it is counted there), and the line says so; then "Download CSV
// of every row" is timed, from the click to the download (every row of the file given its
// segment as the file streams by), and the CSV's data lines are counted. Median of the runs.
//
// How to run, from the repository root, after `cargo xtask build`:
//     python3 tests/bench/telco.py telco /tmp/telco.csv
//     python3 tests/bench/telco.py customers /tmp/c1m.csv --rows 1000000
//     python3 tests/bench/telco.py wide /tmp/wide-1g.csv            # about a gigabyte
//     node tests/bench/page-timings.mjs [--runs 5] /tmp/telco.csv /tmp/c1m.csv /tmp/wide-1g.csv
//     node tests/bench/page-timings.mjs --runs 3 --workers 1,2 --seed 1 /tmp/c1m.csv
// `--workers 1,2` times the page with each number of workers (`?workers=N`), the runs alternating
// between them, a line each; the last column is how many workers the page said ran k-means.
// `--seed N` enters a seed, so that every run does the same work (k = auto picks its k on draws).
// CI does not run it. The machine's load shows in every figure: say what else ran.
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { serve } from '../lib/server.mjs';
import { launch, watchConsole } from '../lib/browser.mjs';

const args = process.argv.slice(2);
let runs = 5;
let workers = [null];
let seed = null;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--runs') runs = Number(args[++i]);
  else if (args[i] === '--workers') workers = args[++i].split(',').map(Number);
  else if (args[i] === '--seed') seed = args[++i];
  else files.push(args[i]);
}
if (!files.length || !(runs >= 1)) {
  console.error('usage: node tests/bench/page-timings.mjs [--runs N] FILE...');
  process.exit(2);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** One run: { read, segment, sampled, segments } in milliseconds. */
async function once(browser, url, file) {
  const page = await browser.newPage();
  const errors = watchConsole(page);
  try {
    await page.goto(url, { waitUntil: 'load' });
    // The k choices come with the worker's 'ready'.
    await page.waitForFunction(() => document.getElementById('k').options.length > 1, null, { timeout: 60_000 });
    const t0 = performance.now();
    await page.getByLabel('CSV file').setInputFiles(file);
    const offer = page.getByRole('button', { name: /^Segment a sample/ });
    const outcome = await page.waitForFunction(() => {
      if (!document.getElementById('run').disabled) return 'read';
      const o = [...document.querySelectorAll('button')].find((b) => /^Segment a sample/.test(b.textContent));
      if (o && !o.hidden && o.offsetParent !== null && !o.disabled) return 'offer';
      const alert = [...document.querySelectorAll('[role=alert]')].find((a) => a.textContent.trim());
      return alert ? `error: ${alert.textContent.trim()}` : false;
    }, null, { timeout: 600_000, polling: 20 }).then((h) => h.jsonValue());
    const t1 = performance.now();
    if (outcome.startsWith('error')) throw new Error(outcome);
    let sampled = outcome === 'offer';
    if (seed !== null) await page.getByLabel('Seed').fill(seed);
    await (sampled ? offer : page.getByRole('button', { name: 'Segment', exact: true })).click();
    const cards = page.getByRole('region', { name: 'Segments' }).locator('article[data-segment]');
    if (!sampled) {
      // A file read whole may still be over the analysis' memory limit: a sample is offered then.
      const next = await Promise.race([
        // The one that loses is still waiting when the page closes: its failure is expected.
        cards.nth(1).waitFor({ timeout: 600_000 }).then(() => 'cards', () => 'none'),
        offer.waitFor({ state: 'visible', timeout: 600_000 }).then(() => 'offer', () => 'none'),
      ]);
      if (next === 'offer') {
        sampled = true;
        await offer.click();
      }
    }
    await cards.nth(1).waitFor({ timeout: 600_000 });
    const t2 = performance.now();
    let label = null;
    let rows = null;
    if (sampled) {
      // Segments of a sample: every row of the file given its segment as it streams by.
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 1_800_000 }),
        page.getByRole('button', { name: 'Download CSV of every row' }).click(),
      ]);
      const saved = await download.path();
      label = performance.now() - t2;
      rows = await lines(saved) - 1;
    }
    if (errors.length) throw new Error(`console errors: ${errors.join('; ')}`);
    const ran = await page.locator('#result-summary').getAttribute('data-workers');
    return { read: t1 - t0, segment: t2 - t1, sampled, segments: await cards.count(), label, rows, workers: ran };
  } catch (err) {
    // Where it stood: the page's progress or message.
    const shown = await page.locator('#progress-text, [role=alert], #result-summary').allTextContents().catch(() => []);
    throw new Error(`${path.basename(file)}: ${err.message.split('\n')[0]}; the page shows: ${shown.filter((x) => x.trim()).join(' / ')}`);
  } finally {
    await page.close();
  }
}

/** The lines of a file, counted as it streams (a downloaded CSV can be a gigabyte). */
async function lines(file) {
  let n = 0;
  for await (const chunk of createReadStream(file)) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n++;
  }
  return n;
}

const server = await serve();
const browser = await launch();
console.log(`Chromium, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}; median of ${runs} runs`);
console.log('file | size | workers asked | read (s) | segment (s) | total (s) | segments | every row labelled (s) | workers that ran | note');
try {
  for (const file of files) {
    const results = workers.map(() => []);
    for (let r = 0; r < runs; r++) {
      for (const [i, w] of workers.entries()) {
        results[i].push(await once(browser, w === null ? server.url : `${server.url}?workers=${w}`, file));
      }
    }
    const size = statSync(file).size;
    for (const [i, w] of workers.entries()) {
      const these = results[i];
      const read = median(these.map((x) => x.read)) / 1000;
      const segment = median(these.map((x) => x.segment)) / 1000;
      const total = median(these.map((x) => x.read + x.segment)) / 1000;
      const sampled = these.filter((x) => x.sampled);
      const note = sampled.length
        ? `too large to hold: a sample was offered and segmented, then every row labelled (${sampled[0].rows.toLocaleString('en-US')} rows in the CSV)`
        : '';
      const label = sampled.length ? (median(sampled.map((x) => x.label)) / 1000).toFixed(2) : '';
      const ran = [...new Set(these.map((x) => x.workers))].join('/');
      console.log(`${path.basename(file)} | ${(size / 1e6).toFixed(1)} MB | ${w ?? 'default'} | ${read.toFixed(2)} | ${segment.toFixed(2)} | ${total.toFixed(2)} | ${these[0].segments} | ${label} | ${ran} | ${note}`);
    }
  }
} finally {
  await browser.close();
  await server.close();
}
