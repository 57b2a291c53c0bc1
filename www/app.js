// The page: DOM only. All reading and analysis happens in the worker (see protocol.js); this file
// turns the user's actions into messages and the worker's answers into the page. Every string that
// comes from the file is set as text, never as HTML.

import { TO_WORKER, TO_PAGE, checkMessage } from './protocol.js';
import { WORKER_SOURCE } from './worker-src.js';

const $ = (id) => document.getElementById(id);
const ui = {
  drop: $('drop'), file: $('file'), sample: $('sample'), fileSummary: $('file-summary'),
  columnsBox: $('columns-box'), columns: document.querySelector('#columns tbody'),
  k: $('k'), seed: $('seed'), run: $('run'), cancel: $('cancel'),
  progressBox: $('progress-box'), progress: $('progress'), progressText: $('progress-text'),
  error: $('error'), resultSummary: $('result-summary'), cards: $('cards'),
};

const SWATCHES = ['#2f5bd3', '#d9822b', '#2e9e6b', '#b8408e', '#7a5af5', '#c0392b', '#1f9bb4',
  '#8c7a2a', '#5d6d7e', '#e0559b'];
const STAGES = { read: 'Reading', 'choose-k': 'Choosing the number of segments', fit: 'Segmenting', profile: 'Describing segments' };

let worker = null;
/** What the worker has loaded: a File, or 'sample'. Kept so Cancel can start again with it. */
let source = null;
let busy = false;

const number = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
/** Averages: whole numbers from 100 up (spend), one decimal below (age, ratings). */
const average = (v) => (Math.abs(v) >= 100 ? whole : number).format(v);
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

function startWorker() {
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
  worker = new Worker(url);
  URL.revokeObjectURL(url);
  worker.onmessage = (event) => onMessage(event.data);
  worker.onerror = (event) => {
    event.preventDefault();
    showError(`The analysis stopped unexpectedly: ${event.message || 'worker error'}`);
    setBusy(false);
  };
}

function send(type, fields = {}) {
  worker.postMessage({ type, ...fields });
}

function showError(message) {
  ui.error.textContent = message;
}

function setBusy(on, label = '') {
  busy = on;
  ui.run.disabled = on || !source;
  ui.sample.disabled = on;
  ui.file.disabled = on;
  ui.cancel.hidden = !on;
  ui.progressBox.hidden = !on;
  if (on) setProgress(label, 0);
}

function setProgress(stage, fraction) {
  const pct = Math.round(Math.max(0, Math.min(1, fraction)) * 100);
  ui.progress.setAttribute('aria-valuenow', String(pct));
  ui.progress.setAttribute('aria-valuetext', `${stage} ${pct}%`);
  ui.progress.firstElementChild.style.width = `${pct}%`;
  ui.progressText.textContent = `${stage}… ${pct}%`;
}

function onMessage(msg) {
  try {
    checkMessage(msg, TO_PAGE);
  } catch (err) {
    showError(err.message);
    return;
  }
  switch (msg.type) {
    case TO_PAGE.READY:
      fillKChoices();
      break;
    case TO_PAGE.PROGRESS:
      setProgress(STAGES[msg.stage] || msg.stage, msg.fraction);
      break;
    case TO_PAGE.LOADED:
      setBusy(false);
      showFile(msg);
      break;
    case TO_PAGE.RESULT:
      setBusy(false);
      showResult(msg.result);
      break;
    case TO_PAGE.ERROR:
      setBusy(false);
      showError(msg.message);
      break;
  }
}

function fillKChoices() {
  if (ui.k.options.length > 1) return;
  for (let k = 2; k <= 12; k++) ui.k.append(el('option', { value: String(k), text: String(k) }));
}

function load(what) {
  source = what;
  showError('');
  ui.cards.replaceChildren();
  ui.resultSummary.textContent = 'Segments appear here.';
  setBusy(true, 'Reading');
  if (what === 'sample') send(TO_WORKER.SAMPLE);
  else send(TO_WORKER.LOAD, { file: what });
}

function showFile({ name, size, inspection }) {
  const { input, columns } = inspection;
  const numeric = columns.filter((c) => c.kind === 'numeric').map((c) => c.name);
  const skipped = input.skipped.length ? `, ${input.skipped.length} skipped` : '';
  ui.fileSummary.hidden = false;
  ui.fileSummary.textContent = `${name} (${number.format(size / 1024)} KB): ${input.rows} rows${skipped}, `
    + `${input.columns} columns. Segmenting on ${numeric.length ? numeric.join(', ') : 'no numeric column'}.`;
  ui.columns.replaceChildren(...columns.map((c) => el('tr', {},
    el('td', { text: c.name }),
    el('td', { text: c.kind, title: c.evidence }),
    el('td', { text: String(c.missing) }),
    el('td', { class: 'examples', text: c.examples.join(', ') }))));
  ui.columnsBox.hidden = false;
  ui.run.disabled = false;
  if (!numeric.length) showError(`${name} has no numeric column to segment on.`);
}

function options() {
  const opts = { k: ui.k.value === 'auto' ? 'auto' : Number(ui.k.value) };
  if (ui.seed.value.trim() !== '') opts.seed = Number(ui.seed.value);
  return opts;
}

function runAnalysis() {
  if (!source || busy) return;
  showError('');
  setBusy(true, 'Reading');
  send(TO_WORKER.ANALYZE, { options: options() });
}

function cancel() {
  worker.terminate();
  setBusy(false);
  showError('Cancelled. Your file is still loaded: press Segment to run again.');
  startWorker();
  // The fresh worker needs the file again; the user does not.
  if (source === 'sample') send(TO_WORKER.SAMPLE);
  else if (source) send(TO_WORKER.LOAD, { file: source });
}

function traitList(items) {
  return el('ul', {}, ...items.map(([label, value, cls]) =>
    el('li', {}, el('span', { text: label }), el('span', { class: `v ${cls || ''}`, text: value }))));
}

function segmentCard(segment, color) {
  const card = el('article', { class: 'segment', 'data-segment': String(segment.id) });
  card.style.setProperty('--swatch', color);
  const bar = el('div', { class: 'share' }, el('span'));
  bar.firstElementChild.style.width = `${(segment.share * 100).toFixed(1)}%`;
  card.append(
    el('h3', { text: segment.name }),
    el('p', { class: 'size', text: `${segment.size.toLocaleString()} customers · ${percent.format(segment.share)}` }),
    bar,
  );
  const numeric = segment.profile.numeric.map((s) => {
    const idx = s.index == null ? '' : ` · ${Math.round(s.index)}`;
    const cls = s.index == null ? '' : s.index >= 115 ? 'up' : s.index <= 87 ? 'down' : '';
    return [s.column, `avg ${average(s.mean)}${idx}`, cls];
  });
  if (numeric.length) card.append(el('h4', { text: 'Averages · index (100 = all)' }), traitList(numeric));
  const cats = segment.profile.categorical
    .filter((c) => c.values.length)
    .map((c) => {
      const top = c.values[0];
      const lift = top.lift / 100;
      const cls = lift >= 1.5 ? 'up' : '';
      return [`${c.column}: ${top.value}`, `${percent.format(top.share)} · ${number.format(lift)}×`, cls];
    });
  if (cats.length) card.append(el('h4', { text: 'Most common · times as likely' }), traitList(cats));
  return card;
}

function showResult(result) {
  const skipped = result.input.skipped.length;
  const sil = result.metrics.silhouette == null ? '' : `, silhouette ${result.metrics.silhouette.toFixed(2)}`;
  const chosen = result.k_selection.length ? ' (chosen by silhouette)' : '';
  ui.resultSummary.textContent = `${result.k} segments${chosen} of ${result.input.rows.toLocaleString()} customers`
    + `${skipped ? ` (${skipped} rows skipped)` : ''}${sil}. Seed ${result.seed}: enter it to repeat this run.`;
  ui.cards.replaceChildren(...result.segments.map((s, i) => segmentCard(s, SWATCHES[i % SWATCHES.length])));
}

ui.file.addEventListener('change', () => {
  if (ui.file.files.length) load(ui.file.files[0]);
});
ui.sample.addEventListener('click', () => load('sample'));
ui.run.addEventListener('click', runAnalysis);
ui.cancel.addEventListener('click', cancel);
for (const type of ['dragenter', 'dragover']) {
  ui.drop.addEventListener(type, (e) => { e.preventDefault(); ui.drop.classList.add('over'); });
}
for (const type of ['dragleave', 'drop']) {
  ui.drop.addEventListener(type, () => ui.drop.classList.remove('over'));
}
ui.drop.addEventListener('drop', (e) => {
  e.preventDefault();
  const file = e.dataTransfer && e.dataTransfer.files[0];
  if (file && !busy) load(file);
});
// A file dropped outside the zone must not make the browser navigate away from the page.
window.addEventListener('dragover', (e) => e.preventDefault());
window.addEventListener('drop', (e) => e.preventDefault());

startWorker();
