// Looks at the page as a user would: opens URL in Debian's Chromium, picks FILE through "CSV file"
// (or presses "Try sample data" when FILE is "sample"), presses Segment, and saves a full-page
// screenshot to OUT. Usage: node tests/tools/shoot.mjs URL FILE OUT.png [width]
import { launch, watchConsole } from '../lib/browser.mjs';

const [url, file, out, width = '1200'] = process.argv.slice(2);
if (!url || !file || !out) {
  console.error('usage: node tests/tools/shoot.mjs URL FILE|sample OUT.png [width]');
  process.exit(2);
}
const browser = await launch();
const page = await browser.newPage({ viewport: { width: Number(width), height: 900 } });
const errors = watchConsole(page);
await page.goto(url);
if (file === 'sample') await page.getByRole('button', { name: 'Try sample data' }).click();
else await page.getByLabel('CSV file').setInputFiles(file);
await page.waitForFunction(() => !document.getElementById('run').disabled);
await page.getByRole('button', { name: 'Segment', exact: true }).click();
await Promise.race([
  page.locator('article[data-segment]').first().waitFor({ timeout: 60_000 }),
  page.locator('[role=alert]:not(:empty)').waitFor({ timeout: 60_000 }),
]);
await page.screenshot({ path: out, fullPage: true });
console.log(errors.length ? `console errors:\n${errors.join('\n')}` : 'no console errors');
await browser.close();
