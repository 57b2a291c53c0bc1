// <tribes-segments>: the embeddable segment demo. `cargo xtask build` makes it, with protocol.js,
// palette.js, words.js and its own worker (the embeddable wasm build, the sample CSV inside),
// into target/site/embed.js, one classic script that makes no request.
//
//   <script src="embed.js"></script>
//   <tribes-segments></tribes-segments>                      the sample customers, segmented
//   <tribes-segments k="3" text-columns="notes">             this CSV, in three segments
//     <script type="text/csv">
//     name,plan,monthly_spend,notes
//     ...
//     </script>
//   </tribes-segments>
//
// Attributes: k (a number or "auto"), columns and text-columns (comma-separated names), seed (the
// same seed gives the same segments; 1 when absent, so every reader sees what the author saw),
// height (a CSS length: the element scrolls beyond it), theme (light, dark or auto).
//
// It renders into an open shadow root, so the blog's CSS cannot reach inside and its own CSS
// cannot leak out; the stylesheet is a constructed one (adoptedStyleSheets), which a blog's
// style-src policy does not govern. Every string from the CSV reaches the page through
// textContent. Each element runs its own Blob worker and ends it when its segments are drawn.

// The build defines WORKER_SOURCE before this module: the source of the element's worker.
/* global WORKER_SOURCE */

import { TO_WORKER, TO_PAGE, checkMessage, checkOptions } from './protocol.js';
import { segmentColor } from './palette.js';
import { stageWords } from './words.js';

const STYLE = `
:host { display: block; margin: 1.5em 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif;
  --bg: #ffffff; --fg: #1d2330; --muted: #5b6472; --line: #d9dee7; --card: #f6f8fb; --bad: #b3261e; }
:host([theme="dark"]) { --bg: #14181f; --fg: #e8ecf2; --muted: #a3adbb; --line: #333b48; --card: #1c222c; --bad: #ff8a80; }
@media (prefers-color-scheme: dark) {
  :host(:not([theme="light"])) { --bg: #14181f; --fg: #e8ecf2; --muted: #a3adbb; --line: #333b48; --card: #1c222c; --bad: #ff8a80; }
}
:host([hidden]) { display: none; }
.box { box-sizing: border-box; background: var(--bg); color: var(--fg); border: 1px solid var(--line);
  border-radius: 10px; padding: 14px 16px; overflow: auto; text-align: left; }
.head { margin: 0 0 10px; }
.head strong { font-size: 1.05em; }
.muted { color: var(--muted); }
.bar { display: flex; height: 14px; border-radius: 7px; overflow: hidden; margin: 0 0 12px; }
.bar span { display: block; height: 100%; min-width: 2px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); gap: 10px; }
article { background: var(--card); border: 1px solid var(--line); border-top: 4px solid var(--c, #888);
  border-radius: 8px; padding: 10px 12px; min-width: 0; }
h3 { font-size: 1em; margin: 0 0 4px; overflow-wrap: anywhere; }
.size { margin: 0 0 6px; color: var(--muted); font-size: 0.92em; }
ul { margin: 0 0 6px; padding-left: 1.1em; font-size: 0.92em; }
li { margin: 0 0 2px; overflow-wrap: anywhere; }
.words { margin: 0; font-size: 0.92em; overflow-wrap: anywhere; }
.error { color: var(--bad); margin: 0; }
.foot { margin: 10px 0 0; font-size: 0.85em; }
`;

let sheet = null;

/** The shared constructed stylesheet, or null where adoptedStyleSheets is missing. */
function styleSheet() {
  if (sheet === null && 'adoptedStyleSheets' in Document.prototype && typeof CSSStyleSheet === 'function') {
    try {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(STYLE);
    } catch {
      sheet = false;
    }
  }
  return sheet || null;
}

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
}

/** A list attribute: comma-separated names, trimmed, empty ones dropped. */
function names(value) {
  return value == null ? [] : value.split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * The CSV inside a child <script type="text/csv">, with the indentation an author gives it in an
 * HTML file removed: blank lines at either end, and the indentation every line shares.
 */
export function inlineCsv(text) {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  while (lines.length && !lines[0].trim()) lines.shift();
  while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
  const indents = lines.filter((l) => l.trim()).map((l) => l.match(/^[ \t]*/)[0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join('\n') + '\n';
}

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 });

class TribesSegments extends HTMLElement {
  static get observedAttributes() {
    return ['k', 'columns', 'text-columns', 'seed', 'height', 'theme'];
  }

  constructor() {
    super();
    this.worker = null;
    this.started = false;
    const root = this.attachShadow({ mode: 'open' });
    const shared = styleSheet();
    if (shared) root.adoptedStyleSheets = [shared];
    else root.append(h('style', { text: STYLE }));
    this.box = h('div', { class: 'box', part: 'box' });
    this.status = h('p', { class: 'muted', role: 'status', text: 'Segmenting…' });
    this.box.append(this.status);
    root.append(this.box);
  }

  connectedCallback() {
    this.applyHeight();
    if (this.started) return;
    this.started = true;
    // The element may be upgraded before its inline CSV has been parsed.
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', () => this.run(), { once: true });
    } else {
      queueMicrotask(() => this.run());
    }
  }

  disconnectedCallback() {
    this.stop();
    this.started = false;
  }

  attributeChangedCallback(name, before, after) {
    if (before === after) return;
    if (name === 'height') this.applyHeight();
    else if (name !== 'theme' && this.started && this.isConnected) this.run();
  }

  applyHeight() {
    const height = this.getAttribute('height');
    const value = height && /^\d+(\.\d+)?$/.test(height.trim()) ? `${height.trim()}px` : height;
    this.box.style.maxHeight = value && CSS.supports('max-height', value) ? value : '';
  }

  stop() {
    if (this.worker) this.worker.terminate();
    this.worker = null;
  }

  /** What to segment: the inline CSV, or the built-in sample when there is none. */
  input() {
    const script = this.querySelector('script[type="text/csv"]');
    if (!script) return null;
    return new File([inlineCsv(script.textContent)], 'inline.csv', { type: 'text/csv' });
  }

  options(inspection) {
    const options = {};
    const k = this.getAttribute('k');
    if (k != null && k.trim() !== '') options.k = /^\d+$/.test(k.trim()) ? Number(k) : k.trim();
    const columns = names(this.getAttribute('columns'));
    if (columns.length) options.columns = columns;
    let text = names(this.getAttribute('text-columns'));
    if (!this.hasAttribute('text-columns')) {
      text = inspection.columns.filter((c) => c.kind === 'text').map((c) => c.name);
    }
    if (text.length) options.textColumns = text;
    const seed = this.getAttribute('seed');
    options.seed = seed != null && seed.trim() !== '' ? Number(seed) : 1;
    if (!Number.isInteger(options.seed) || options.seed < 0) {
      throw new Error(`seed="${seed}" is not a whole number of 0 or more`);
    }
    return options;
  }

  run() {
    this.stop();
    this.showStatus('Starting…');
    let worker;
    try {
      const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
      worker = new Worker(url);
      URL.revokeObjectURL(url);
    } catch (err) {
      this.showError(`this page does not allow the analysis to run (${err.message}). `
        + 'Its Content-Security-Policy needs worker-src blob: and script-src \'wasm-unsafe-eval\'.');
      return;
    }
    this.worker = worker;
    const send = (type, fields = {}) => worker.postMessage(checkOptions({ type, ...fields }));
    worker.onerror = (event) => {
      event.preventDefault();
      this.stop();
      this.showError(event.message || 'the analysis stopped unexpectedly');
    };
    worker.onmessage = (event) => {
      if (worker !== this.worker) return;
      let msg;
      try {
        msg = checkMessage(event.data, TO_PAGE);
        switch (msg.type) {
          case TO_PAGE.READY: {
            const file = this.input();
            if (file) send(TO_WORKER.LOAD, { file, read: {} });
            else send(TO_WORKER.SAMPLE, { read: {} });
            break;
          }
          case TO_PAGE.LOADED:
            send(TO_WORKER.ANALYZE, { options: this.options(msg.inspection) });
            break;
          case TO_PAGE.PROGRESS:
            this.showStatus(`${stageWords(msg.stage)}… ${Math.round(msg.fraction * 100)}%`);
            break;
          case TO_PAGE.RESULT:
            this.stop();
            this.render(msg.result);
            break;
          case TO_PAGE.ERROR:
            this.stop();
            this.showError(msg.message);
            break;
          default:
            break;
        }
      } catch (err) {
        this.stop();
        this.showError(err.message);
      }
    };
  }

  showStatus(text) {
    this.status.className = 'muted';
    this.status.textContent = text;
    this.box.replaceChildren(this.status);
  }

  showError(message) {
    this.status.className = 'error';
    this.status.setAttribute('role', 'alert');
    this.status.textContent = `Tribes could not segment this data: ${message}`;
    this.box.replaceChildren(this.status);
    this.dispatchEvent(new CustomEvent('tribes-error', { detail: { message } }));
  }

  render(result) {
    const used = result.input.rows;
    const color = (s) => segmentColor(s.id);
    const head = h('p', { class: 'head' },
      h('strong', { text: 'Customer segments' }),
      h('span', { class: 'muted', text: ` · ${integer.format(used)} customers in ${result.segments.length} segments` }));
    const bar = h('div', { class: 'bar', role: 'img',
      'aria-label': result.segments.map((s) => `${s.name}: ${percent.format(s.share)}`).join('; ') });
    const cards = h('div', { class: 'cards' });
    for (const s of result.segments) {
      const part = h('span', { title: `${s.id + 1}. ${s.name}: ${percent.format(s.share)}` });
      part.style.background = color(s);
      part.style.flexGrow = String(s.size);
      bar.append(part);
      const card = h('article', { 'data-segment': String(s.id) },
        h('h3', { text: `${s.id + 1}. ${s.name}` }),
        h('p', { class: 'size', text: `${integer.format(s.size)} customers · ${percent.format(s.share)}` }));
      card.style.setProperty('--c', color(s));
      if (s.traits.length) card.append(h('ul', {}, ...s.traits.slice(0, 3).map((t) => h('li', { text: t.text }))));
      const words = s.keywords.flatMap((k) => k.terms.map((t) => t.term)).slice(0, 6);
      if (words.length) card.append(h('p', { class: 'words' }, h('span', { class: 'muted', text: 'Words: ' }), words.join(', ')));
      cards.append(card);
    }
    const skipped = result.input.skipped.length;
    const foot = h('p', { class: 'foot muted', text: `Segmented in your browser by Tribes (k-means, seed ${result.seed})`
      + `${skipped ? `; ${skipped} row${skipped === 1 ? '' : 's'} skipped` : ''}. Nothing was uploaded.` });
    this.box.replaceChildren(head, bar, cards, foot);
    this.dispatchEvent(new CustomEvent('tribes-result', { detail: { k: result.k, segments: result.segments.length } }));
  }
}

customElements.define('tribes-segments', TribesSegments);
