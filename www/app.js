// The page's wiring: the worker, the state, and the DOM's events. All reading and analysis happens
// in the worker (see protocol.js). The page's state lives in state.js's machine: DOM events and
// the worker's messages become events for `dispatch`, which makes the next state with
// `transition`, draws it (view.js) and carries out the effects the machine asks for (messages to
// the worker, a fresh worker, downloads, the remembered settings). Nothing else changes the state.

import { TO_PAGE, TO_WORKER, checkMessage, checkOptions } from './protocol.js';
import { WORKER_HELPERS, WORKER_SOURCE } from './worker-src.js';
import { PAGE_EVENTS, initialState, transition } from './state.js';
import { createRenderer } from './view.js';
import { download } from './dom.js';

const $ = (id) => document.getElementById(id);
const ui = {
  drop: $('drop'), dropText: $('drop-text'), fileLabel: $('file-label'), file: $('file'), sample: $('sample'), fileSummary: $('file-summary'),
  partBox: $('part-box'), partLabel: $('part-label'), part: $('part'),
  fileNotes: $('file-notes'), formatMapping: $('format-mapping'), skippedBox: $('skipped-box'), skippedSummary: $('skipped-summary'),
  skipped: $('skipped'), readBox: $('read-box'), reread: $('reread'),
  readDelimiter: $('read-delimiter'), readQuote: $('read-quote'), readHeader: $('read-header'), readDecimal: $('read-decimal'),
  readEncoding: $('read-encoding'),
  plan: document.createElement('span'),
  columnsBox: $('columns-box'), columns: document.querySelector('#columns tbody'), lens: $('lens'),
  k: $('k'), seed: $('seed'), run: $('run'), cancel: $('cancel'),
  progressBox: $('progress-box'), progress: $('progress'), progressText: $('progress-text'),
  error: $('error'), sampleOffer: $('sample-offer'), resultsTitle: $('results-title'), resultSummary: $('result-summary'), formedOn: $('formed-on'), quality: $('quality'), cards: $('cards'),
  talkBox: $('talk-box'), talk: $('talk'), compareText: $('compare-text'), compareBy: $('compare-by'),
  compare: $('compare'), compareRun: $('compare-run'),
  ordersBox: $('orders-box'), ordersEvidence: $('orders-evidence'), ordersCustomer: $('orders-customer'),
  ordersDate: $('orders-date'), ordersAmount: $('orders-amount'), ordersOrder: $('orders-order'), ordersAsOf: $('orders-as-of'), ordersRun: $('orders-run'),
  joinBox: $('join-box'), joinOffer: $('join-offer'), joinReplace: $('join-replace'), ordersFile: $('orders-file'), joinSummaryBox: $('join-summary-box'),
  joinSummary: $('join-summary'), joinKeyBox: $('join-key-box'), joinKey: $('join-key'), joinNotes: $('join-notes'),
  joinRowsBox: $('join-rows-box'), joinRowsSummary: $('join-rows-summary'), joinRows: $('join-rows'),
  rfmBox: $('rfm-box'), rfmSummary: $('rfm-summary'), rfmRows: document.querySelector('#rfm-table tbody'),
  charts: $('charts'), exports: $('exports'), forget: $('forget'), forgotten: $('forgotten'), downloadCsv: $('download-csv'), labelled: $('labelled'), downloadJson: $('download-json'), bom: $('bom'),
};

// Settings remembered on this device (localStorage): the number of segments and the Excel option,
// never the data, the file's name or its columns.
const SETTINGS_KEY = 'tribes.settings';

function rememberedSettings() {
  try {
    return JSON.parse(localStorage.getItem(SETTINGS_KEY) || 'null');
  } catch {
    // Storage may be off (a private window), or hold something else: nothing is remembered.
    return null;
  }
}

/** The page's state; only `dispatch` assigns it. */
let state = initialState({ saved: rememberedSettings() });
/** The worker now running: Cancel and Forget everything end it and start another. */
let worker = null;
/** Its helper workers (worker-pool.js), ended and started again with it. */
let helpers = [];

/** Numbers in each helper's channel: 8 MB, enough for a round of k-means on 1,000 dimensions;
 * the rows go in parts of that size. The channel's header and its state GONE are worker-pool.js's
 * CHANNEL_HEAD and CHANNEL.GONE. */
const CHANNEL_NUMBERS = 1 << 20;
const CHANNEL_HEAD = 16;
const CHANNEL_GONE = 5;

/**
 * How many helper workers to start beside the analysis worker: the cores, at most 4 workers in
 * all, or the page's `?workers=N` (1: none). None when the page is not cross-origin isolated
 * (served without the COOP and COEP headers, or opened from disk): its workers cannot share
 * memory then; and none in tribes.html, whose worker cannot be a helper (WORKER_HELPERS).
 */
function helperCount() {
  if (!WORKER_HELPERS || !self.crossOriginIsolated || typeof SharedArrayBuffer !== 'function') return 0;
  const asked = Number(new URLSearchParams(location.search).get('workers'));
  const total = Number.isInteger(asked) && asked >= 1 ? Math.min(asked, 16) : Math.min(navigator.hardwareConcurrency || 1, 4);
  return total - 1;
}

const render = createRenderer(ui, dispatch);

function dispatch(event) {
  const { state: next, effects } = transition(state, event);
  const prev = state;
  state = next;
  if (next !== prev) render(prev, next);
  for (const effect of effects) {
    try {
      perform(effect);
    } catch (err) {
      dispatch({ type: PAGE_EVENTS.PAGE_FAILED, message: err.message });
    }
  }
}

function perform(effect) {
  switch (effect.type) {
    case 'send':
      worker.postMessage(checkOptions(effect.message));
      break;
    case 'restart':
      worker.terminate();
      startWorker();
      break;
    case 'download':
      download(new Blob([effect.data], { type: effect.mime }), effect.filename);
      break;
    case 'save-settings':
      try {
        localStorage.setItem(SETTINGS_KEY, JSON.stringify(effect.settings));
      } catch {
        // Storage may be off (a private window): the settings then last as long as the page.
      }
      break;
    case 'forget-settings':
      try {
        localStorage.removeItem(SETTINGS_KEY);
      } catch {
        // Nothing stored.
      }
      break;
    default:
      throw new Error(`unknown effect "${effect.type}"`);
  }
}

/**
 * Starts the helpers from the worker's source at `url`, each told to answer blocks on its own
 * channel; returns the channels. A helper that fails is marked GONE on its channel, so that the
 * analysis worker stops waiting for it and finishes alone.
 */
function startHelpers(url) {
  for (const h of helpers) h.terminate();
  helpers = [];
  const channels = [];
  for (let i = 0; i < helperCount(); i++) {
    const channel = new SharedArrayBuffer(CHANNEL_HEAD + 8 * CHANNEL_NUMBERS);
    const head = new Int32Array(channel, 0, 4);
    const gone = () => {
      Atomics.store(head, 0, CHANNEL_GONE);
      Atomics.notify(head, 0);
    };
    const helper = new Worker(url);
    helper.onmessage = (event) => {
      const type = event.data && event.data.type;
      if (type === TO_PAGE.ERROR || type === TO_PAGE.STOPPED) gone();
    };
    helper.onerror = (event) => {
      event.preventDefault();
      gone();
    };
    helper.postMessage({ type: TO_WORKER.HOST, channel });
    helpers.push(helper);
    channels.push(channel);
  }
  return channels;
}

function startWorker() {
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
  const started = new Worker(url);
  const channels = startHelpers(url);
  URL.revokeObjectURL(url);
  if (channels.length) started.postMessage({ type: TO_WORKER.WORKERS, channels });
  // A message already on its way from a worker that was ended answers for work that is gone.
  started.onmessage = (event) => {
    if (started !== worker) return;
    let msg;
    try {
      msg = checkMessage(event.data, TO_PAGE);
    } catch (err) {
      dispatch({ type: PAGE_EVENTS.PAGE_FAILED, message: err.message });
      return;
    }
    dispatch(msg);
  };
  started.onerror = (event) => {
    event.preventDefault();
    if (started === worker) dispatch({ type: PAGE_EVENTS.CRASHED, message: event.message });
  };
  worker = started;
}

/**
 * The reading options chosen in "How the file is read" (absent = detect), and with `part` the
 * sheet or archive file chosen for the file already read (a new file starts at its default).
 */
function readOptions(part = false) {
  const read = {};
  if (part && !ui.partBox.hidden && ui.part.value) read[ui.part.dataset.option] = ui.part.value;
  if (ui.readDelimiter.value) read.delimiter = ui.readDelimiter.value;
  if (ui.readQuote.value) read.quote = ui.readQuote.value;
  if (ui.readHeader.value !== 'auto') read.header = ui.readHeader.value;
  if (ui.readDecimal.value) read.decimal = ui.readDecimal.value;
  if (ui.readEncoding.value) read.encoding = ui.readEncoding.value;
  return read;
}

/** Dispatches the event `event()` makes when `node` fires `type` (none when it makes null). */
function on(node, type, event) {
  node.addEventListener(type, () => {
    const made = event();
    if (made) dispatch(made);
  });
}

/** A file picked or dropped; two at once are a customers file and its orders, in either order. */
const pick = (files) => (files && files.length
  ? { type: PAGE_EVENTS.PICK, source: files[0], second: files[1] || null, read: readOptions() }
  : null);
on(ui.file, 'change', () => pick(ui.file.files));
on(ui.ordersFile, 'change', () => (ui.ordersFile.files.length
  ? { type: PAGE_EVENTS.ADD_ORDERS, source: ui.ordersFile.files[0] }
  : null));
on(ui.joinKey, 'change', () => ({ type: PAGE_EVENTS.JOIN_ON, key: ui.joinKey.value }));
on(ui.sample, 'click', () => ({ type: PAGE_EVENTS.PICK, source: 'sample', read: readOptions() }));
on(ui.reread, 'click', () => ({ type: PAGE_EVENTS.REREAD, read: readOptions(true) }));
on(ui.part, 'change', () => ({ type: PAGE_EVENTS.REREAD, read: readOptions(true) }));
on(ui.run, 'click', () => ({ type: PAGE_EVENTS.SEGMENT }));
on(ui.cancel, 'click', () => ({ type: PAGE_EVENTS.CANCEL }));
on(ui.sampleOffer, 'click', () => ({ type: PAGE_EVENTS.SEGMENT_SAMPLE }));
on(ui.ordersRun, 'click', () => ({
  type: PAGE_EVENTS.MAKE_CUSTOMERS, customer: ui.ordersCustomer.value, date: ui.ordersDate.value,
  amount: ui.ordersAmount.value, order: ui.ordersOrder.value, asOf: ui.ordersAsOf.value,
}));
on(ui.compareRun, 'click', () => ({ type: PAGE_EVENTS.COMPARE, text: ui.compareText.value, by: ui.compareBy.value }));
on(ui.downloadCsv, 'click', () => ({ type: PAGE_EVENTS.EXPORT_CSV, segment: null }));
on(ui.downloadJson, 'click', () => ({ type: PAGE_EVENTS.EXPORT_JSON }));
on(ui.k, 'change', () => ({ type: PAGE_EVENTS.EDIT_SETTINGS, k: ui.k.value }));
on(ui.lens, 'change', () => ({ type: PAGE_EVENTS.EDIT_SETTINGS, lens: ui.lens.value }));
on(ui.seed, 'input', () => ({ type: PAGE_EVENTS.EDIT_SETTINGS, seed: ui.seed.value }));
on(ui.bom, 'change', () => ({ type: PAGE_EVENTS.EDIT_SETTINGS, bom: ui.bom.checked }));
on(ui.forget, 'click', () => ({ type: PAGE_EVENTS.FORGET }));

// The drop zones' highlight is the view's alone; a file dropped is picked like a chosen one.
function dropZone(zone, event) {
  for (const type of ['dragenter', 'dragover']) {
    zone.addEventListener(type, (e) => { e.preventDefault(); zone.classList.add('over'); });
  }
  for (const type of ['dragleave', 'drop']) {
    zone.addEventListener(type, () => zone.classList.remove('over'));
  }
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    // The orders' zone lies inside the page's section of the file: one drop, one event.
    e.stopPropagation();
    const made = event(e.dataTransfer && e.dataTransfer.files);
    if (made) dispatch(made);
  });
}
dropZone(ui.drop, pick);
dropZone(ui.joinBox, (files) => (files && files.length ? { type: PAGE_EVENTS.ADD_ORDERS, source: files[0] } : null));
// A file dropped outside the zone must not make the browser navigate away from the page.
window.addEventListener('dragover', (e) => e.preventDefault());
window.addEventListener('drop', (e) => e.preventDefault());

render(null, state);
startWorker();
