// <tribes-segments> in a blog post, as a blogger and their readers meet it: one script, one
// element, segments drawn from the built-in sample or from a CSV inside the element. Nothing
// leaves the blog's host, the blog's CSS and the element's do not reach each other, and bad data
// is explained in the element rather than breaking the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve } from '../lib/server.mjs';
import { launch, watchConsole } from '../lib/browser.mjs';
import { ROOT, SITE } from '../lib/paths.mjs';

const OUT = path.join(ROOT, 'tests/.out');
mkdirSync(OUT, { recursive: true });

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/**
 * Opens `url` in a fresh context, recording every request (the page's and its workers') and the
 * element's events. The events do not bubble, so they are caught on their way down, at the window.
 */
async function openBlog(url) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  await context.addInitScript(() => {
    window.__tribesEvents = [];
    for (const type of ['tribes-result', 'tribes-error']) {
      window.addEventListener(type, (e) => window.__tribesEvents.push({ type, id: e.target.id, detail: e.detail }), true);
    }
  });
  const page = await context.newPage();
  const errors = watchConsole(page);
  await page.goto(url, { waitUntil: 'load' });
  return { context, page, errors, requests };
}

/**
 * Waits until every <tribes-segments> has drawn its segments or an alert, then says what each
 * shows: its number of segment cards and the text of its alert, if any.
 */
async function settled(page) {
  await page.waitForFunction(() => [...document.querySelectorAll('tribes-segments')].every((el) =>
    el.shadowRoot && el.shadowRoot.querySelector('article[data-segment], [role="alert"]')), null, { timeout: 60_000 });
  return page.$$eval('tribes-segments', (els) => els.map((el) => ({
    segments: el.shadowRoot.querySelectorAll('article[data-segment]').length,
    alert: el.shadowRoot.querySelector('[role="alert"]')?.textContent ?? null,
  })));
}

/** The requests that left `origin`: anything but its own URLs and blob: or data: URLs. */
function leaving(requests, origin) {
  return requests.filter((u) => !/^(blob|data):/.test(u) && new URL(u).origin !== origin);
}

test('the sample blog post: both elements draw their segments, and nothing leaves the blog', async () => {
  const server = await serve();
  try {
    const { context, page, errors, requests } = await openBlog(`${server.url}embed-demo.html`);
    const shown = await settled(page);
    assert.deepEqual(shown.map((s) => s.alert), [null, null], 'no element shows an error');
    assert.ok(shown[0].segments >= 2, `the sample: ${shown[0].segments} segments`);
    assert.equal(shown[1].segments, 3, 'the inline CSV with k="3": three segments');
    const results = await page.evaluate(() => window.__tribesEvents.filter((e) => e.type === 'tribes-result').map((e) => e.detail));
    assert.equal(results.length, 2, 'each element announced its result');
    assert.ok(results.some((d) => d.k === 3 && d.segments === 3), JSON.stringify(results));

    // The blog's broad rule (article, h3, ul, li in Comic Sans, in the accent colour) stops at the
    // shadow root; and the element's own rules (a card's background and thick top border) stay
    // inside it, so the post's article keeps the blog's look.
    const inside = await page.locator('tribes-segments').nth(1).locator('article[data-segment] h3').first()
      .evaluate((h3) => ({ font: getComputedStyle(h3).fontFamily, color: getComputedStyle(h3).color }));
    const post = await page.locator('article.post').evaluate((a) => {
      const s = getComputedStyle(a);
      return { font: s.fontFamily, color: s.color, borderTop: s.borderTopWidth, background: s.backgroundColor };
    });
    assert.ok(!/comic sans/i.test(inside.font), `a card's heading is not in the blog's font: ${inside.font}`);
    assert.notEqual(inside.color, post.color, 'a card\'s heading is not in the blog\'s accent colour');
    assert.match(post.font, /comic sans/i, 'the post keeps the blog\'s font');
    assert.equal(post.borderTop, '0px', 'the post has no card border');
    assert.equal(post.background, 'rgba(0, 0, 0, 0)', 'the post has no card background');
    await page.screenshot({ path: path.join(OUT, 'embed-demo.png'), fullPage: true });

    assert.deepEqual(leaving(requests, new URL(server.url).origin), [], 'no request leaves the blog\'s host');
    // The element itself asks the host for nothing: its worker, module and sample are in embed.js.
    assert.deepEqual([...new Set(server.hits)].sort(), ['/embed-demo.css', '/embed-demo.html', '/embed.js']);
    assert.deepEqual(errors, [], 'no console error');
    await context.close();
  } finally {
    await server.close();
  }
});

/** A CSV of 30 customers in three clear groups of ten: students, families and businesses. */
function threeGroups() {
  const rows = ['customer,plan,monthly_spend,visits_per_week'];
  for (let i = 0; i < 10; i++) {
    rows.push(`S${i},Basic,${8 + (i % 5)},${5 + (i % 3)}`);
    rows.push(`F${i},Family,${60 + (i % 7)},2`);
    rows.push(`B${i},Business,${300 + 4 * i},${i % 2}`);
  }
  return rows;
}

/** Writes a blog page with no CSP beside a copy of embed.js into a new temporary folder. */
function plainBlog(body) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tribes-blog-'));
  copyFileSync(path.join(SITE, 'embed.js'), path.join(dir, 'embed.js'));
  writeFileSync(path.join(dir, 'index.html'), `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>A plain blog</title>
  <link rel="icon" href="data:,">
  <script src="embed.js"></script>
</head>
<body>
  <h1>A plain blog</h1>
${body}
</body>
</html>
`);
  return dir;
}

test('a plain blog with no CSP: one script, an empty element and an indented inline CSV', async () => {
  // Indented as an author would indent it inside the HTML, with a blank line at either end.
  const csv = threeGroups().map((line) => `        ${line}`).join('\n');
  const server = await serve(plainBlog(`
  <p>Our sample:</p>
  <tribes-segments id="sample"></tribes-segments>
  <p>Our customers:</p>
  <tribes-segments id="ours" k="3">
    <script type="text/csv">

${csv}

    </script>
  </tribes-segments>`));
  try {
    const { context, page, errors, requests } = await openBlog(server.url);
    const shown = await settled(page);
    assert.deepEqual(shown.map((s) => s.alert), [null, null], 'no element shows an error');
    assert.ok(shown[0].segments >= 2, `the sample: ${shown[0].segments} segments`);
    assert.equal(shown[1].segments, 3);
    // The three planted groups are the three segments: ten customers each, all 30 used.
    const sizes = await page.locator('#ours article[data-segment] .size').allTextContents();
    assert.deepEqual(sizes.map((s) => s.split(' ')[0]), ['10', '10', '10'], sizes.join(' | '));
    assert.match(await page.locator('#ours .head').textContent(), /30 customers in 3 segments/);
    await page.screenshot({ path: path.join(OUT, 'embed-plain.png'), fullPage: true });

    assert.deepEqual(leaving(requests, new URL(server.url).origin), [], 'no request leaves the blog\'s host');
    assert.deepEqual([...new Set(server.hits)].sort(), ['/', '/embed.js']);
    assert.deepEqual(errors, [], 'no console error');
    await context.close();
  } finally {
    await server.close();
  }
});

test('an inline CSV with only a header row is explained in the element, role="alert"', async () => {
  const server = await serve(plainBlog(`
  <tribes-segments id="empty" k="3">
    <script type="text/csv">
      customer,plan,monthly_spend
    </script>
  </tribes-segments>
  <p id="after">The rest of the post.</p>`));
  try {
    const { context, page, errors } = await openBlog(server.url);
    const [shown] = await settled(page);
    assert.equal(shown.segments, 0);
    assert.match(shown.alert ?? '', /^Tribes could not segment this data: .*no data rows/);
    const events = await page.evaluate(() => window.__tribesEvents);
    assert.deepEqual(events.map((e) => [e.type, e.id]), [['tribes-error', 'empty']]);
    assert.match(events[0].detail.message, /no data rows/);
    // The rest of the page is untouched, and nothing was thrown.
    assert.equal(await page.locator('#after').isVisible(), true);
    await page.screenshot({ path: path.join(OUT, 'embed-malformed.png'), fullPage: true });
    assert.deepEqual(errors, [], 'no console error or page error');
    await context.close();
  } finally {
    await server.close();
  }
});
