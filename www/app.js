// The page: DOM only. All reading and analysis happens in the worker (see protocol.js); this file
// turns the user's actions into messages and the worker's answers into the page. Every string that
// comes from the file is set as text, never as HTML.

import { TO_WORKER, TO_PAGE, checkMessage } from './protocol.js';
import { WORKER_SOURCE } from './worker-src.js';
import { SEGMENT_COLORS } from './palette.js';
import { stageWords } from './words.js';
import { scatter, sizes, heatmap, kSelection, keywordBars, svgBlob, pngBlob } from './charts.js';

const $ = (id) => document.getElementById(id);
const ui = {
  drop: $('drop'), file: $('file'), sample: $('sample'), fileSummary: $('file-summary'),
  fileNotes: $('file-notes'), skippedBox: $('skipped-box'), skippedSummary: $('skipped-summary'),
  skipped: $('skipped'), readBox: $('read-box'), reread: $('reread'),
  readDelimiter: $('read-delimiter'), readQuote: $('read-quote'), readHeader: $('read-header'), readDecimal: $('read-decimal'),
  readEncoding: $('read-encoding'),
  plan: document.createElement('span'),
  columnsBox: $('columns-box'), columns: document.querySelector('#columns tbody'),
  k: $('k'), seed: $('seed'), run: $('run'), cancel: $('cancel'),
  progressBox: $('progress-box'), progress: $('progress'), progressText: $('progress-text'),
  error: $('error'), resultSummary: $('result-summary'), formedOn: $('formed-on'), cards: $('cards'),
  talkBox: $('talk-box'), talk: $('talk'), compareText: $('compare-text'), compareBy: $('compare-by'),
  compare: $('compare'), compareRun: $('compare-run'),
  ordersBox: $('orders-box'), ordersEvidence: $('orders-evidence'), ordersCustomer: $('orders-customer'),
  ordersDate: $('orders-date'), ordersAmount: $('orders-amount'), ordersOrder: $('orders-order'), ordersAsOf: $('orders-as-of'), ordersRun: $('orders-run'),
  rfmBox: $('rfm-box'), rfmSummary: $('rfm-summary'), rfmRows: document.querySelector('#rfm-table tbody'),
  charts: $('charts'), exports: $('exports'), forget: $('forget'), forgotten: $('forgotten'), downloadCsv: $('download-csv'), downloadJson: $('download-json'), bom: $('bom'),
};


const KINDS = ['numeric', 'ordinal', 'boolean', 'date', 'categorical', 'text', 'identifier'];
const DELIMITER_NAMES = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

let worker = null;
/** What the worker has loaded: a File, or 'sample'. Kept so Cancel can start again with it. */
let source = null;
/** The columns as inspected: [{ name, kind }], the kinds as detected. */
let detected = [];
let busy = false;
/** The last analysis, for the exports. */
let lastResult = null;
/** The fresh worker after a Cancel is reading the file again. */
let reloading = false;
/** After "One row per customer": the options of its k-means step (log, kMin, kinds)... */
let rfmOptions = null;
/** ...and the columns it was made with, to make it again in a fresh worker after Cancel. */
let rfmRequest = null;
let rfmPending = null;

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
      setProgress(stageWords(msg.stage), msg.fraction);
      break;
    case TO_PAGE.LOADED:
      setBusy(false);
      if (reloading && rfmRequest) {
        // The orders are back; the customers are made from them again, as before.
        ui.run.disabled = true;
        send(TO_WORKER.RFM, { options: rfmRequest });
      } else if (reloading) {
        reloading = false;
      } else {
        rfmOptions = null;
        rfmRequest = null;
        ui.rfmBox.hidden = true;
        showFile(msg);
        showOrders(msg.orders, msg.inspection.columns);
      }
      break;
    case TO_PAGE.RFM:
      setBusy(false);
      if (reloading) {
        reloading = false;
        break;
      }
      rfmRequest = rfmPending;
      showFile(msg);
      showRfm(msg.rfm, msg.segmentOptions);
      break;
    case TO_PAGE.RESULT:
      setBusy(false);
      showResult(msg.result);
      break;
    case TO_PAGE.KEYWORDS:
      setBusy(false);
      showComparison(msg.keywords);
      break;
    case TO_PAGE.EXPORTED: {
      const base = baseName();
      const which = msg.segment == null ? 'segments' : `segment-${msg.segment}`;
      download(new Blob([msg.bytes], { type: 'text/csv' }), `${base}-${which}.csv`);
      break;
    }
    case TO_PAGE.ERROR:
      setBusy(false);
      reloading = false;
      showError(msg.message);
      break;
  }
}

function fillKChoices() {
  if (ui.k.options.length > 1) return;
  for (let k = 2; k <= 12; k++) ui.k.append(el('option', { value: String(k), text: String(k) }));
  restoreSettings();
}

// Settings remembered on this device (localStorage): the choices below, never the data, the file's
// name or its columns.
const SETTINGS_KEY = 'tribes.settings';

function saveSettings() {
  try {
    localStorage.setItem(SETTINGS_KEY, JSON.stringify({ k: ui.k.value, bom: ui.bom.checked }));
  } catch {
    // Storage may be off (a private window): the settings then last as long as the page.
  }
}

function restoreSettings() {
  let saved = null;
  try {
    saved = JSON.parse(localStorage.getItem(SETTINGS_KEY) || 'null');
  } catch {
    saved = null;
  }
  if (!saved || typeof saved !== 'object') return;
  if ([...ui.k.options].some((o) => o.value === saved.k)) ui.k.value = saved.k;
  ui.bom.checked = saved.bom === true;
}

/** Forgets the settings and the file: a fresh page, as on first visit. */
function forgetEverything() {
  try {
    localStorage.removeItem(SETTINGS_KEY);
  } catch {
    // Nothing stored.
  }
  worker.terminate();
  source = null;
  lastResult = null;
  detected = [];
  reloading = false;
  ui.k.value = 'auto';
  ui.seed.value = '';
  ui.bom.checked = false;
  ui.file.value = '';
  ui.cards.replaceChildren();
  ui.charts.replaceChildren();
  ui.talkBox.hidden = true;
  ui.exports.hidden = true;
  ui.columnsBox.hidden = true;
  ui.readBox.hidden = true;
  ui.skippedBox.hidden = true;
  ui.fileSummary.hidden = true;
  ui.fileNotes.hidden = true;
  ui.resultSummary.textContent = 'Segments appear here.';
  ui.formedOn.textContent = '';
  setBusy(false);
  showError('');
  ui.forgotten.textContent = 'Forgotten: no setting or file is kept by this page now.';
  startWorker();
}

/** The reading options chosen in "How the file is read" (absent = detect). */
function readOptions() {
  const read = {};
  if (ui.readDelimiter.value) read.delimiter = ui.readDelimiter.value;
  if (ui.readQuote.value) read.quote = ui.readQuote.value;
  if (ui.readHeader.value !== 'auto') read.header = ui.readHeader.value;
  if (ui.readDecimal.value) read.decimal = ui.readDecimal.value;
  if (ui.readEncoding.value) read.encoding = ui.readEncoding.value;
  return read;
}

function load(what) {
  source = what;
  showError('');
  ui.cards.replaceChildren();
  ui.resultSummary.textContent = 'Segments appear here.';
  ui.formedOn.textContent = '';
  ui.talkBox.hidden = true;
  ui.exports.hidden = true;
  ui.charts.replaceChildren();
  lastResult = null;
  setBusy(true, 'Reading');
  if (what === 'sample') send(TO_WORKER.SAMPLE, { read: readOptions() });
  else send(TO_WORKER.LOAD, { file: what, read: readOptions() });
}

function plural(n, one, many = `${one}s`) {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

/** Shows what was detected beside each "Detect" choice, so the user sees what to override. */
function showDetected(input) {
  const label = (select, text) => { select.options[0].textContent = `Detect (${text})`; };
  label(ui.readDelimiter, DELIMITER_NAMES[input.delimiter] || `"${input.delimiter}"`);
  label(ui.readQuote, input.quote === "'" ? 'single' : 'double');
  label(ui.readHeader, input.header ? 'names the columns' : 'is data');
  label(ui.readDecimal, input.decimal === ',' ? 'comma' : 'point');
  label(ui.readEncoding, input.encoding);
}

function columnRow(c) {
  const use = el('input', { type: 'checkbox', 'aria-label': `Use column ${c.name}` });
  use.checked = c.kind !== 'identifier';
  const kind = el('select', { 'aria-label': `Kind of ${c.name}` },
    ...KINDS.map((k) => el('option', { value: k, text: k })));
  kind.value = c.kind;
  const row = el('tr', { 'data-column': c.name },
    el('td', { class: 'use' }, use),
    el('th', { scope: 'row', text: c.name }),
    el('td', {}, kind),
    el('td', { text: (c.missing + c.invalid).toLocaleString() }),
    el('td', { class: 'examples', text: c.examples.join(', ') }),
    el('td', { class: 'why', text: c.evidence }));
  const sync = () => {
    row.classList.toggle('off', !use.checked);
    showPlan();
  };
  use.addEventListener('change', sync);
  kind.addEventListener('change', sync);
  row.classList.toggle('off', !use.checked);
  return row;
}

/** Kinds the analysis segments on (tribes-core features::usable). */
const USABLE = new Set(['numeric', 'ordinal', 'boolean', 'categorical']);

/** "Segmenting on ...": the ticked columns of a usable kind, as the analysis will use them. */
function showPlan() {
  const names = [...ui.columns.rows]
    .filter((row) => row.querySelector('input').checked && USABLE.has(row.querySelector('select').value))
    .map((row) => row.dataset.column);
  const texts = [...ui.columns.rows]
    .filter((row) => row.querySelector('input').checked && row.querySelector('select').value === 'text')
    .map((row) => row.dataset.column);
  ui.plan.textContent = (names.length
    ? `Segmenting on ${names.join(', ')}.`
    : 'No column to segment on is ticked: tick one, or set a column\'s kind to numeric or categorical.')
    + (texts.length ? ` Their words from ${texts.join(', ')}.` : '');
}

/** The rows left out and why (the first 200). */
function showSkipped(skipped, what = 'row') {
  ui.skippedBox.hidden = !skipped.length;
  ui.skippedSummary.textContent = `${plural(skipped.length, what)} skipped: why`;
  ui.skipped.replaceChildren(...skipped.slice(0, 200).map((s) =>
    el('li', { text: `row ${s.row} (line ${s.line}): ${s.reason}` })));
  if (skipped.length > 200) ui.skipped.append(el('li', { text: `…and ${skipped.length - 200} more` }));
}

function showFile({ name, size, inspection }) {
  const { input, columns } = inspection;
  detected = columns.map((c) => ({ name: c.name, kind: c.kind }));
  const usable = columns.filter((c) => USABLE.has(c.kind));
  const skipped = input.skipped.length ? `, ${plural(input.skipped.length, 'row')} skipped` : '';
  const kb = size >= 1 << 20 ? `${number.format(size / (1 << 20))} MB` : `${number.format(size / 1024)} KB`;
  ui.fileSummary.hidden = false;
  ui.fileSummary.replaceChildren(
    `${name} (${kb}, ${input.encoding}): ${plural(input.rows, 'row')} used${skipped}, `
    + `${plural(input.columns, 'column')}. `,
    ui.plan,
  );
  ui.fileNotes.replaceChildren(...input.warnings.map((w) => el('li', { text: w })));
  ui.fileNotes.hidden = !input.warnings.length;
  showSkipped(input.skipped);
  showDetected(input);
  ui.readBox.hidden = false;
  ui.columns.replaceChildren(...columns.map(columnRow));
  showPlan();
  ui.columnsBox.hidden = false;
  ui.run.disabled = false;
  if (!usable.length) showError(`${name} has no column to segment on (only identifiers, dates or free text): set a column's kind to numeric or categorical.`);
}

/** The offer to turn an orders export into one row per customer, with the columns guessed. */
function showOrders(orders, columns) {
  ui.ordersBox.hidden = !(orders && orders.transactions);
  if (ui.ordersBox.hidden) return;
  ui.ordersEvidence.textContent = orders.evidence;
  const fill = (select, chosen, none) => {
    select.replaceChildren(...(none ? [el('option', { value: '', text: none })] : []),
      ...columns.map((c) => el('option', { value: c.name, text: c.name })));
    select.value = chosen || '';
  };
  fill(ui.ordersCustomer, orders.customer);
  fill(ui.ordersDate, orders.date);
  const product = orders.quantity && orders.price ? `${orders.quantity} × ${orders.price}` : null;
  fill(ui.ordersAmount, orders.amount, product);
  fill(ui.ordersOrder, orders.order, '(none: each row is an order)');
  ui.ordersAmount.dataset.quantity = orders.quantity || '';
  ui.ordersAmount.dataset.price = orders.price || '';
}

function makeCustomers() {
  const options = { customer: ui.ordersCustomer.value, date: ui.ordersDate.value };
  if (ui.ordersAmount.value) options.amount = ui.ordersAmount.value;
  else Object.assign(options, { quantity: ui.ordersAmount.dataset.quantity, price: ui.ordersAmount.dataset.price });
  if (ui.ordersOrder.value) options.order = ui.ordersOrder.value;
  if (ui.ordersAsOf.value) options.asOf = ui.ordersAsOf.value;
  showError('');
  setBusy(true, stageWords('aggregate'));
  rfmPending = options;
  send(TO_WORKER.RFM, { options });
}

const money = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

/** The named RFM segments, and the per-customer table set up for its k-means step. */
function showRfm(rfm, segmentOptions) {
  rfmOptions = { log: segmentOptions.log, kMin: segmentOptions.kMin, kinds: segmentOptions.kinds };
  ui.ordersBox.hidden = true;
  const { input } = rfm;
  ui.rfmSummary.textContent = `${plural(input.customers, 'customer')} from ${plural(input.rows_used, 'order row')}`
    + ` (${plural(input.returns, 'return')} netted out${input.skipped.length ? `, ${plural(input.skipped.length, 'row')} skipped: see above` : ''}),`
    + ` as of ${rfm.as_of}. Segment them below on recency, frequency and monetary value (log-scaled), or untick and tick columns.`;
  const cell = (v, f = (x) => x) => el('td', { text: v == null ? '–' : f(v) });
  ui.rfmRows.replaceChildren(...rfm.segments.map((s) => el('tr', { 'data-rfm-segment': s.name },
    el('th', { scope: 'row', text: s.name }),
    el('td', { text: `${s.size.toLocaleString()} (${percent.format(s.share)})` }),
    el('td', { text: s.rule }),
    cell(s.median_recency_days, (v) => whole.format(v)),
    cell(s.median_frequency, (v) => number.format(v)),
    cell(s.median_monetary_total, (v) => money.format(v)),
    el('td', { text: s.action }))));
  ui.rfmBox.hidden = false;
  // The rows of the orders file that no customer got, and why.
  showSkipped(input.skipped, 'order row');
  // Segment on the three measures by default; the other columns stay to read and to tick.
  const on = new Set(segmentOptions.columns);
  for (const row of ui.columns.rows) {
    const use = row.querySelector('input');
    use.checked = on.has(row.dataset.column);
    row.classList.toggle('off', !use.checked);
  }
  showPlan();
}

function options() {
  const opts = { k: ui.k.value === 'auto' ? 'auto' : Number(ui.k.value) };
  if (rfmOptions) Object.assign(opts, { log: rfmOptions.log, kMin: rfmOptions.kMin });
  if (ui.seed.value.trim() !== '') opts.seed = Number(ui.seed.value);
  const exclude = [];
  const kinds = {};
  const textColumns = [];
  for (const row of ui.columns.rows) {
    const name = row.dataset.column;
    const used = row.querySelector('input').checked;
    if (!used) exclude.push(name);
    const kind = row.querySelector('select').value;
    if (used && kind === 'text') textColumns.push(name);
    const was = detected.find((c) => c.name === name);
    if (was && was.kind !== kind) kinds[name] = kind;
  }
  if (exclude.length) opts.exclude = exclude;
  if (rfmOptions) Object.assign(kinds, rfmOptions.kinds, kinds);
  if (Object.keys(kinds).length) opts.kinds = kinds;
  if (textColumns.length) opts.textColumns = textColumns;
  return opts;
}

/** Terms as a list of labelled bars, the longest the most frequent of the list. */
function termBars(terms, label) {
  const most = Math.max(1, ...terms.map((t) => t.count));
  return el('ul', { class: 'bars', 'aria-label': label }, ...terms.map((t) => {
    const bar = el('span', { class: 'bar' });
    bar.style.width = `${(100 * t.count / most).toFixed(1)}%`;
    return el('li', {}, el('span', { class: 'term', text: t.term }), el('span', { class: 'track' }, bar),
      el('span', { class: 'v', text: t.count.toLocaleString() }));
  }));
}

/** "What they talk about": each text column's most frequent terms, and the comparison picker. */
function showTalk(result) {
  ui.talkBox.hidden = !result.text.length;
  if (!result.text.length) return;
  ui.talk.replaceChildren(...result.text.map((t) => el('div', { class: 'talk' },
    el('h3', { text: `${t.column}: most frequent` }),
    el('p', { class: 'hint', text: `${t.docs.toLocaleString()} rows with text, language ${t.language}`
      + `${t.urls + t.emails ? `; ${t.urls} links and ${t.emails} e-mail addresses left out` : ''}.` }),
    figure(keywordBars(`Most frequent terms in ${t.column}`, t.terms, '#2f5bd3', 'number of times each term occurs'),
      `words-${slug(t.column)}`))));
  ui.compareText.replaceChildren(...result.text.map((t) => el('option', { value: t.column, text: t.column })));
  const groupable = result.columns.filter((c) => ['categorical', 'boolean', 'ordinal'].includes(c.kind));
  ui.compareBy.replaceChildren(el('option', { value: '', text: 'segment' }),
    ...groupable.map((c) => el('option', { value: c.name, text: c.name })));
  ui.compare.replaceChildren();
}

function compareKeywords() {
  if (!source || busy) return;
  const opts = { ...options(), textColumns: [ui.compareText.value] };
  if (ui.compareBy.value) opts.by = ui.compareBy.value;
  showError('');
  setBusy(true, 'Comparing');
  send(TO_WORKER.KEYWORDS, { options: opts });
}

function showComparison(answer) {
  const by = answer.by === 'segment' ? 'segment' : answer.by;
  ui.compare.replaceChildren(...answer.groups.map((g, i) => el('div', { class: 'talk' },
    el('h3', { text: `${by}: ${g.group}` }),
    el('p', { class: 'hint', text: `${plural(g.size, 'row')}` }),
    figure(keywordBars(`Distinctive terms of ${by} ${g.group}`, g.terms, SEGMENT_COLORS[i % SEGMENT_COLORS.length],
      'number of times each term occurs in the group'), `words-${slug(by)}-${slug(g.group)}`))));
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
  showError('Cancelled. Your file and your choices are kept: press Segment to run again.');
  startWorker();
  // The fresh worker needs the file again; the user does not. Until it has it, Segment waits, and
  // the column table keeps the user's choices (the answer is not shown again).
  if (source) {
    reloading = true;
    ui.run.disabled = true;
    if (source === 'sample') send(TO_WORKER.SAMPLE, { read: readOptions() });
    else send(TO_WORKER.LOAD, { file: source, read: readOptions() });
  }
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
  // The name is the user's to change: plain text only, used by the exports.
  const name = el('span', { class: 'name', contenteditable: 'plaintext-only', spellcheck: 'false',
    role: 'textbox', 'aria-label': `Name of segment ${segment.id + 1} (editable)`, text: segment.name });
  name.addEventListener('input', () => {
    const text = name.textContent.replace(/\s+/g, ' ').trim();
    if (lastResult) lastResult.segments[segment.id].name = text || segment.name;
  });
  name.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); name.blur(); } });
  card.append(
    el('h3', {}, name),
    el('p', { class: 'size', text: `${segment.size.toLocaleString()} customers · ${percent.format(segment.share)}` }),
    bar,
  );
  if (segment.traits.length) {
    card.append(el('h4', { text: 'What sets it apart' }),
      el('ul', { class: 'traits' }, ...segment.traits.map((t) => el('li', { text: t.text }))));
  }
  const numeric = segment.profile.numeric.filter((s) => Number.isFinite(s.median)).map((s) => {
    const idx = s.index == null ? '' : ` · ${Math.round(s.index)}`;
    const cls = s.index == null ? '' : s.index >= 115 ? 'up' : s.index <= 87 ? 'down' : '';
    return [s.column, `${average(s.median)} (${average(s.q1)}–${average(s.q3)})${idx}`, cls];
  });
  if (numeric.length) card.append(el('h4', { text: 'Median (middle half) · index' }), traitList(numeric));
  const cats = segment.profile.categorical
    .filter((c) => c.values.length)
    .map((c) => {
      const top = c.values[0];
      const lift = top.lift / 100;
      const cls = lift >= 1.5 ? 'up' : '';
      return [`${c.column}: ${top.value}`, `${percent.format(top.share)} · ${number.format(lift)}×`, cls];
    });
  if (cats.length) card.append(el('h4', { text: 'Most common · times as likely' }), traitList(cats));
  for (const set of segment.keywords) {
    if (!set.terms.length) continue;
    card.append(el('h4', { text: `Their words · ${set.column}` }),
      termBars(set.terms.slice(0, 6), `Distinctive terms of ${segment.name} in ${set.column}`));
  }
  if (segment.representatives.length && lastResult) {
    const headers = lastResult.columns.map((c) => c.name);
    card.append(el('h4', { text: 'Typical customers' }), el('ul', { class: 'typical' },
      ...segment.representatives.map((r) => el('li', {
        text: `row ${r.row}: ${r.cells.map((c, i) => [headers[i], c]).filter(([, c]) => c.trim() !== '')
          .slice(0, 6).map(([h, c]) => `${h} ${c}`).join(' · ')}`,
      }))));
  }
  const list = el('button', { type: 'button', class: 'small', text: 'Download CSV of this segment' });
  list.setAttribute('aria-label', `Download CSV of this segment, ${segment.name}`);
  list.addEventListener('click', () => exportCsv(segment.id));
  const print = el('button', { type: 'button', class: 'small', text: 'Print persona' });
  print.setAttribute('aria-label', `Print persona of ${segment.name}`);
  print.addEventListener('click', () => printPersona(card));
  card.append(el('div', { class: 'row card-actions' }, list, print));
  return card;
}

/** Prints one card as a persona page (the print style sheet hides the rest). */
function printPersona(card) {
  document.body.classList.add('printing');
  card.classList.add('print-me');
  const done = () => {
    document.body.classList.remove('printing');
    card.classList.remove('print-me');
    window.removeEventListener('afterprint', done);
  };
  window.addEventListener('afterprint', done);
  window.print();
}

/** The loaded file's name without its extension, for the names of downloads. */
function baseName() {
  const name = lastResult && lastResult.file ? lastResult.file : 'customers.csv';
  return name.replace(/\.[^.]*$/, '') || 'customers';
}

/** Saves `blob` as `filename` through a temporary link (nothing leaves the machine). */
function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function exportCsv(segment) {
  if (!lastResult) return;
  const opts = { names: lastResult.segments.map((s) => s.name), bom: ui.bom.checked };
  if (segment != null) opts.segment = segment;
  send(TO_WORKER.EXPORT, { options: opts });
}

/** The result as JSON: typed arrays as plain arrays, so that it reads back anywhere. */
function exportJson() {
  if (!lastResult) return;
  const plain = {
    ...lastResult,
    labels: Array.from(lastResult.labels),
    projection: { ...lastResult.projection, x: Array.from(lastResult.projection.x), y: Array.from(lastResult.projection.y) },
  };
  download(new Blob([JSON.stringify(plain, null, 2)], { type: 'application/json' }), `${baseName()}-segments.json`);
}

/** A file-name-safe form of a name. */
function slug(text) {
  return String(text).toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'x';
}

/** A chart in a figure, with its downloads. */
function figure(svg, slug) {
  const title = svg.querySelector('title').textContent;
  const asSvg = el('button', { type: 'button', class: 'small', text: 'Download SVG' });
  asSvg.setAttribute('aria-label', `Download SVG of ${title}`);
  asSvg.addEventListener('click', () => download(svgBlob(svg), `${baseName()}-${slug}.svg`));
  const asPng = el('button', { type: 'button', class: 'small', text: 'Download PNG' });
  asPng.setAttribute('aria-label', `Download PNG of ${title}`);
  asPng.addEventListener('click', () => pngBlob(svg)
    .then((b) => download(b, `${baseName()}-${slug}.png`))
    .catch((e) => showError(e.message)));
  return el('figure', { class: 'chart', 'data-chart': slug }, el('div', { class: 'chart-scroll' }, svg),
    el('figcaption', {}, el('span', { text: title }), asSvg, asPng));
}

function showCharts(result) {
  const figures = [
    figure(scatter(result, SEGMENT_COLORS), 'map'),
    figure(sizes(result, SEGMENT_COLORS), 'sizes'),
  ];
  if (result.segments[0] && result.segments[0].profile.numeric.length) figures.push(figure(heatmap(result), 'index-heatmap'));
  if (result.k_selection.length) figures.push(figure(kSelection(result), 'choosing-k'));
  ui.charts.replaceChildren(...figures);
}

function showResult(result) {
  lastResult = result;
  ui.exports.hidden = false;
  const skipped = result.input.skipped.length;
  const sil = result.metrics.silhouette == null ? '' : `, silhouette ${result.metrics.silhouette.toFixed(2)}`;
  const chosen = result.k_selection.length ? ' (chosen by silhouette)' : '';
  ui.resultSummary.textContent = `${result.k} segments${chosen} of ${result.input.rows.toLocaleString()} customers`
    + `${skipped ? ` (${skipped} rows skipped)` : ''}${sil}. Seed ${result.seed}: enter it to repeat this run.`;
  const used = result.columns.filter((c) => c.role === 'feature').map((c) => c.name);
  ui.formedOn.textContent = `Formed on: ${used.join(', ')}.`;
  ui.cards.replaceChildren(...result.segments.map((s, i) => segmentCard(s, SEGMENT_COLORS[i % SEGMENT_COLORS.length])));
  showCharts(result);
  showTalk(result);
}

ui.file.addEventListener('change', () => {
  if (ui.file.files.length) load(ui.file.files[0]);
});
ui.sample.addEventListener('click', () => load('sample'));
ui.run.addEventListener('click', runAnalysis);
ui.ordersRun.addEventListener('click', makeCustomers);
ui.cancel.addEventListener('click', cancel);
ui.compareRun.addEventListener('click', compareKeywords);
ui.downloadCsv.addEventListener('click', () => exportCsv(null));
ui.k.addEventListener('change', saveSettings);
ui.bom.addEventListener('change', saveSettings);
ui.forget.addEventListener('click', forgetEverything);
ui.downloadJson.addEventListener('click', exportJson);
ui.reread.addEventListener('click', () => { if (source && !busy) load(source); });
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
