// Times the page on 1,000,000 order rows (200,000 customers, generated here): reading the file,
// "One row per customer", and segmenting the customers. While the worker works, the page's frames
// are timed (the longest gap between two animation frames), so a frozen page would show; and the
// progress text is sampled. Usage: node tests/tools/rfm-1m.mjs [rows]
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { launch, watchConsole } from '../lib/browser.mjs';
import { serve } from '../lib/server.mjs';
import { ROOT } from '../lib/paths.mjs';

const rows = Number(process.argv[2] || 1_000_000);
const out = path.join(ROOT, 'tests/.out');
mkdirSync(out, { recursive: true });
const file = path.join(out, `orders-${rows}.csv`);
let seed = 1;
const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
const lines = ['order_id,customer,order_date,amount,channel'];
for (let i = 0; i < rows; i++) {
  const day = new Date(Date.UTC(2023, 0, 1) + Math.floor(rand() * 730) * 86_400_000).toISOString().slice(0, 10);
  lines.push(`${100000 + i},c${String(Math.floor(rand() * rows / 5)).padStart(6, '0')},${day},${(5 + rand() * 295).toFixed(2)},${['web', 'app', 'shop'][Math.floor(rand() * 3)]}`);
}
writeFileSync(file, lines.join('\n') + '\n');

const server = await serve();
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
const errors = watchConsole(page);
await page.goto(server.url);
// Frame gaps and progress texts, recorded in the page.
await page.evaluate(() => {
  window.gaps = [];
  window.progress = new Set();
  let last = performance.now();
  const frame = (now) => { window.gaps.push(now - last); last = now; requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
  new MutationObserver(() => window.progress.add(document.getElementById('progress-text').textContent))
    .observe(document.getElementById('progress-text'), { childList: true, characterData: true, subtree: true });
});
const stage = async (name, act, done) => {
  await page.evaluate(() => { window.gaps = []; window.progress = new Set(); });
  const t = Date.now();
  await act();
  await done();
  const ms = Date.now() - t;
  const { worst, seen } = await page.evaluate(() => ({ worst: Math.max(...window.gaps), seen: [...window.progress] }));
  console.log(`${name}: ${(ms / 1000).toFixed(1)} s; longest frame gap ${Math.round(worst)} ms; progress seen: ${seen.slice(0, 4).join(' | ')}${seen.length > 4 ? ` ... (${seen.length})` : ''}`);
};
await stage('read', () => page.getByLabel('CSV file').setInputFiles(file),
  () => page.getByRole('button', { name: 'One row per customer' }).waitFor({ timeout: 300_000 }));
await stage('one row per customer', () => page.getByRole('button', { name: 'One row per customer' }).click(),
  () => page.locator('#rfm-box:not([hidden])').waitFor({ timeout: 300_000 }));
console.log(await page.locator('#rfm-summary').textContent());
await page.screenshot({ path: path.join(out, 'rfm-1m.png') });
await stage('segment the customers', () => page.getByRole('button', { name: 'Segment', exact: true }).click(),
  () => page.locator('article[data-segment]').nth(1).waitFor({ timeout: 300_000 }));
console.log(errors.length ? `console errors: ${errors.join('\n')}` : 'no console errors');
await browser.close();
await server.close();
