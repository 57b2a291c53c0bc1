// Paths shared by the Node and browser tests.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SITE = path.join(ROOT, 'target/site');
export const FIXTURES = path.join(ROOT, 'tests/fixtures');
export const CLI = path.join(ROOT, 'target/debug/tribes');
export const CHROMIUM = process.env.TRIBES_CHROMIUM || '/usr/bin/chromium';
