// Screenshots of the page's main states, for looking at (not a test):
//   node tests/tools/states.mjs [OUT_DIR]
// empty (desktop, light), columns and results at 360 px (light), results on a desktop in dark.
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { serve } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';
import { ROOT } from '../lib/paths.mjs';

const out = process.argv[2] || path.join(ROOT, 'tests/.out');
mkdirSync(out, { recursive: true });
const server = await serve();
const browser = await launch();
try {
  const shots = [
    { name: 'state-empty', width: 1200, scheme: 'light', run: false, load: false },
    { name: 'state-360-columns', width: 360, scheme: 'light', run: false, load: true },
    { name: 'state-360-results', width: 360, scheme: 'light', run: true, load: true },
    { name: 'state-dark-results', width: 1200, scheme: 'dark', run: true, load: true },
  ];
  for (const s of shots) {
    const page = await browser.newPage({ viewport: { width: s.width, height: 800 }, colorScheme: s.scheme });
    await page.goto(server.url, { waitUntil: 'load' });
    if (s.load) {
      await page.getByRole('button', { name: 'Try sample data' }).click();
      await page.locator('#columns tbody tr').first().waitFor();
    }
    if (s.run) {
      await page.waitForFunction(() => !document.getElementById('run').disabled);
      await page.getByRole('button', { name: 'Segment', exact: true }).click();
      await page.locator('article[data-segment]').nth(1).waitFor({ timeout: 30_000 });
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await page.screenshot({ path: path.join(out, `${s.name}.png`), fullPage: true });
    console.log(`${s.name}.png${overflow > 0 ? ` (the page is ${overflow}px wider than the window)` : ''}`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
