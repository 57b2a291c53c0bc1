// Debian's Chromium, driven by playwright-core (no browser download: see the README).
import { chromium } from 'playwright-core';
import { CHROMIUM } from './paths.mjs';

export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
    ],
  });
}

/** Records console errors and uncaught page errors, which fail a test. */
export function watchConsole(page) {
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

/** Runs in the page or a worker: does a fetch to `url` go through? */
export const PROBE = async (url) => {
  try {
    await fetch(url);
    return 'allowed';
  } catch {
    return 'refused';
  }
};
