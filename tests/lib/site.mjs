// The setup every browser suite shares: the site served on 127.0.0.1 and one Chromium for the
// suite, both started before its first test and closed after its last.
import { before, after } from 'node:test';
import { serve } from './server.mjs';
import { launch } from './browser.mjs';

/** `{ server, browser }`, filled before the suite's first test runs. */
export function servedSite() {
  const site = { server: null, browser: null };
  before(async () => {
    site.server = await serve();
    site.browser = await launch();
  });
  after(async () => {
    await site.browser?.close();
    await site.server?.close();
  });
  return site;
}
