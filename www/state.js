// The page's state machine: what the page knows and is doing, in one object, changed in one place.
//
// `transition(state, event)` is the only function that makes a new state. It is pure: it returns
// the next state and a list of effects (messages to the worker, restarting it, downloads,
// remembering the settings), which app.js carries out; view.js draws the page from the state.
// DOM events and worker messages only become events. Nothing here touches the DOM or the worker,
// so the whole machine runs under Node (tests/node/state.test.mjs).
//
// Phases (state.phase):
//   no-file           nothing is loaded (the page as first opened, or after Forget everything)
//   reading           the worker reads a file: one picked or dropped, the sample, or Read again
//   unreadable        the last read failed, or the worker stopped (out of memory) and a fresh
//                     one holds no file. Read again retries it; state.offer, when set, offers
//                     a sample of it
//   columns           a file is loaded: its columns, and an orders export's offer to make one row
//                     per customer (state.orders), or the customers made from it (state.customers),
//                     or a customers file's offer to add its orders, or its orders joined
//                     (state.joined)
//   making-customers  the worker makes one row per customer from the loaded orders
//   joining           the worker reads an orders file and joins it onto the loaded customers
//   running           the worker segments
//   comparing         the worker compares the words of a text column
//   results           the segments are shown
//   reloading         after Cancel: a fresh worker reads the loaded file again, out of sight
//   remaking          after Cancel: the fresh worker makes the customers again from the orders
//   rejoining         after Cancel: the fresh worker joins the orders onto the customers again
//   opening-model     the worker reads and checks a saved model (state.model)
//   applying          the worker reads an export and gives it the saved model's segments
//   moving            the worker counts who moved between two exports under the model
//   hashing           the worker writes one segment's campaign audience
//   labelling         after segments of a sample of the file, the worker gives every row of the
//                     whole file its segment as the file streams by, for the CSV download
// The four saved-model phases come back to the phase they started in (state.model.back).
// The transitions are in TRANSITIONS below and in docs/architecture.md ("The page").
//
// Events: the worker's messages as they arrive (protocol.js, TO_PAGE), and the page's own
// (PAGE_EVENTS). An event type known to neither throws; a known event that the current phase
// does not take (a late answer, a click while busy) changes nothing and is reported `ignored`.

import { TO_WORKER, TO_PAGE } from './protocol.js';
import { persona, personaMarkdown } from './persona.js';

export const PHASES = Object.freeze({
  NO_FILE: 'no-file',
  READING: 'reading',
  UNREADABLE: 'unreadable',
  COLUMNS: 'columns',
  MAKING_CUSTOMERS: 'making-customers',
  RUNNING: 'running',
  COMPARING: 'comparing',
  RESULTS: 'results',
  RELOADING: 'reloading',
  REMAKING: 'remaking',
  JOINING: 'joining',
  REJOINING: 'rejoining',
  OPENING_MODEL: 'opening-model',
  APPLYING: 'applying',
  MOVING: 'moving',
  HASHING: 'hashing',
  LABELLING: 'labelling',
});

/** What the page's DOM does, as events; their fields are in the comments of TRANSITIONS. */
export const PAGE_EVENTS = Object.freeze({
  PICK: 'pick',
  REREAD: 'reread',
  EDIT_COLUMN: 'edit-column',
  EDIT_SETTINGS: 'edit-settings',
  MAKE_CUSTOMERS: 'make-customers',
  ADD_ORDERS: 'add-orders',
  JOIN_ON: 'join-on',
  SEGMENT: 'segment',
  COMPARE: 'compare',
  CANCEL: 'cancel',
  RENAME: 'rename',
  PERSONA: 'persona',
  EXPORT_PERSONA: 'export-persona',
  EXPORT_CSV: 'export-csv',
  EXPORT_JSON: 'export-json',
  FORGET: 'forget',
  CRASHED: 'crashed',
  SEGMENT_SAMPLE: 'segment-sample',
  PAGE_FAILED: 'page-failed',
  SAVE_MODEL: 'save-model',
  OPEN_MODEL: 'open-model',
  APPLY_MODEL: 'apply-model',
  MOVE_BY: 'move-by',
  LIST_MOVED: 'list-moved',
  MAKE_AUDIENCE: 'make-audience',
  EXPORT_APPLIED: 'export-applied',
});

/** The choices of "Number of segments": 'auto', then 2 to 12. */
export const K_CHOICES = Object.freeze(['auto', ...Array.from({ length: 11 }, (_, i) => String(i + 2))]);

export const CANCELLED = 'Cancelled. Your file and your choices are kept: press Segment to run again.';
export const CANCELLED_READING = 'Cancelled. No file is loaded: choose a CSV file or the sample data.';
export const CANCELLED_MODEL = 'Cancelled. Open the saved model again to give an export its segments.';

const P = PHASES;
const E = PAGE_EVENTS;
const ALL = Object.freeze(Object.values(P));
/** The worker works with a saved model; done, the page goes back to the phase it came from. */
const MODEL_WORK = Object.freeze([P.OPENING_MODEL, P.APPLYING, P.MOVING, P.HASHING]);
/** The worker is at work for the user: progress shows, Cancel stops it. */
const BUSY = Object.freeze([P.READING, P.MAKING_CUSTOMERS, P.JOINING, P.RUNNING, P.COMPARING, P.LABELLING, ...MODEL_WORK]);
/** A file is loaded and the worker is free: Segment runs. */
const SETTLED = Object.freeze([P.COLUMNS, P.RESULTS]);
/** After Cancel, the fresh worker is given back what the old one held, out of sight. */
const RESTORING = Object.freeze([P.RELOADING, P.REMAKING, P.REJOINING]);
/** The worker is free and holds what the page shows: saved-model work can start. */
const IDLE = Object.freeze([P.NO_FILE, P.UNREADABLE, ...SETTLED]);

// Before the first 'ready' the page knows no kind; no file can be read before it either.
const NO_VOCABULARY = Object.freeze({ kinds: [], featureKinds: [], stages: [], roles: [], lenses: [] });

export function initialState({ saved = null } = {}) {
  return {
    phase: P.NO_FILE,
    /** A worker has said 'ready' (the first time, the remembered settings are applied). */
    ready: false,
    /** The core's default options and vocabulary ({ kinds, featureKinds, stages }), from 'ready'. */
    defaults: null,
    vocabulary: null,
    /** The settings remembered on this device ({ k, bom }), applied at the first 'ready'. */
    saved,
    /** The file chosen last (a File, or 'sample'): what Read again reads. */
    source: null,
    /** The read under way: { source, read, second, rejoin } (read: the reading options; second:
     * a file dropped with source, the two to be joined; rejoin: join the orders again after). */
    reading: null,
    /** The file the worker holds, as { source, read }: what a fresh worker reads after Cancel. */
    loaded: null,
    /** The table shown: { name, size, inspection }; after the orders branch, the customers. */
    file: null,
    /** The loaded file's orders guess, while its offer stands (null once customers are made). */
    orders: null,
    /** The request of the customers being made (the 'rfm' options). */
    making: null,
    /** The customers made from the loaded orders: { request, rfm, segmentOptions }. */
    customers: null,
    /** The orders joined onto the loaded customers: { source, options, name, size, join,
     * candidates } (source: the orders File; options: the 'orders' options; join: the worker's
     * report; candidates: the key pairs measured, kept when a key is then chosen). */
    joined: null,
    /** The join under way: { source, options }. */
    joining: null,
    /** The user's choices: k and seed as typed, the Excel option, the lens, and per column
     * { name, use, kind, role }. */
    choices: { k: 'auto', seed: '', bom: false, lens: 'auto', columns: [] },
    /** The last analysis, the segment names as the user edited them, the words compared. */
    result: null,
    names: [],
    /** How many workers ran the last analysis' k-means blocks (the 'result' message's). */
    workers: 1,
    /** Per segment, the persona's fictional name and role as the user edited them (or none). */
    personas: [],
    comparison: null,
    /** The saved model opened, the exports given its segments, who moved, the last audience:
     * see NO_MODEL. Null until a model is opened, and again when the worker is restarted (a
     * fresh worker holds no model). */
    model: null,
    /** { stage, fraction } while busy: a core stage id, 'compare', or 'hash'. */
    progress: null,
    error: '',
    /** After a file too large for memory, or a worker that stopped: the sample of the file
     * offered, { share, read } (the share of rows, the reading options), or null. */
    offer: null,
    /** The last CSV of every row of a file segmented on a sample: { rows, skipped }. */
    labelled: null,
    /** Forget everything was pressed. */
    forgotten: false,
  };
}

export const isBusy = (state) => BUSY.includes(state.phase);

/** The segments shown are of a sample of a file the page can read again (a File, read with
 * `sample`, neither customers made from orders nor joined with them): the CSV download gives
 * every row of the whole file its segment, as the file streams by. */
export const labelsEveryRow = (state) => Boolean(state.result && state.loaded && state.loaded.source
  && state.loaded.source !== 'sample' && state.loaded.read && state.loaded.read.sample > 0
  && state.loaded.read.sample < 1 && !state.customers && !state.joined);

/** Segment can run: a file is loaded and the worker is free. */
export const canSegment = (state) => SETTLED.includes(state.phase);

/** The core's vocabulary (its column kinds, the kinds segments are formed on, its stages), as
 * the worker gave it in 'ready'. */
export const vocabularyOf = (state) => state.vocabulary || NO_VOCABULARY;

/** Where a finished job leaves the page: the segments if there are any, else the columns. */
const settled = (state) => (state.result ? P.RESULTS : P.COLUMNS);

const RESTART = Object.freeze({ type: 'restart' });
const send = (message) => ({ type: 'send', message });

function readMessage(source, read, second = null) {
  if (source === 'sample') return { type: TO_WORKER.SAMPLE, read };
  return second ? { type: TO_WORKER.LOAD, file: source, read, second } : { type: TO_WORKER.LOAD, file: source, read };
}

const ordersMessage = (request) => send({ type: TO_WORKER.ORDERS, file: request.source, options: request.options });

/** A customers file is loaded, and neither is it an orders export nor made from one: its orders
 * can be added. */
export const canAddOrders = (state) => Boolean(state.file && !state.customers && !(state.orders && state.orders.transactions));

/** The columns' starting choices: identifiers left out; for customers, the measures only. */
function columnChoices(file, customers) {
  const on = customers ? new Set(customers.segmentOptions.columns) : null;
  return file.inspection.columns.map((c) => ({
    name: c.name,
    kind: c.kind,
    role: c.role,
    // Columns never segmented on start unticked; the core decides among the rest.
    use: on ? on.has(c.name) : !(['identifier', 'personal', 'owner'].includes(c.role) || c.kind === 'identifier'),
  }));
}

/** The message for a file none of whose columns segments can be formed on, or ''. */
function noColumnError(state, file) {
  const { input } = file.inspection;
  if (input.rows === 0) {
    const skipped = input.skipped.length;
    return `${file.name} has no row left to segment: every row was skipped (${skipped.toLocaleString()} ${skipped === 1 ? 'row' : 'rows'}; see why under the skipped rows).`;
  }
  const usable = vocabularyOf(state).featureKinds;
  if (file.inspection.columns.some((c) => usable.includes(c.kind))) return '';
  return `${file.name} has no column to segment on (only identifiers, dates or free text): set a column's kind to numeric or categorical.`;
}

/** The analysis options of the user's choices (OPTIONS.analyze in protocol.js). */
export function segmentOptions(state) {
  const { choices, customers } = state;
  const made = customers ? customers.segmentOptions : null;
  const opts = { k: choices.k === 'auto' ? 'auto' : Number(choices.k) };
  if (made) Object.assign(opts, { log: made.log, kMin: made.kMin });
  if (choices.seed.trim() !== '') opts.seed = Number(choices.seed);
  const exclude = [];
  const kinds = {};
  const roles = {};
  const textColumns = [];
  const detected = state.file ? state.file.inspection.columns : [];
  choices.columns.forEach((c, i) => {
    if (!c.use) exclude.push(c.name);
    // A list's items have words too (the keywords split its cells): its card shows them.
    if (c.use && (c.kind === 'text' || c.kind === 'list')) textColumns.push(c.name);
    if (detected[i] && detected[i].kind !== c.kind) kinds[c.name] = c.kind;
    if (detected[i] && c.role && detected[i].role !== c.role) roles[c.name] = c.role;
  });
  if (Object.keys(roles).length) opts.roles = roles;
  if (choices.lens && choices.lens !== 'auto') opts.lens = choices.lens;
  if (exclude.length) opts.exclude = exclude;
  // The kinds the customers table needs, unless the user changed them.
  const allKinds = made ? Object.assign({}, kinds, made.kinds, kinds) : kinds;
  if (Object.keys(allKinds).length) opts.kinds = allKinds;
  if (textColumns.length) opts.textColumns = textColumns;
  return opts;
}

/** The loaded file's name without its extension, for the names of downloads. */
export function baseName(state) {
  const name = state.result && state.result.file ? state.result.file : 'customers.csv';
  return name.replace(/\.[^.]*$/, '') || 'customers';
}

/** What `persona` needs of the state for segment `i`: the names and the persona as edited, and
 * the named RFM segments' advice when the customers were made from orders. */
export function personaInputs(state, i) {
  const actions = {};
  for (const g of (state.customers && state.customers.rfm.segments) || []) actions[g.name] = g.action;
  return { names: state.names, persona: state.personas[i] || null, actions };
}

/** The result as JSON with the names as edited: typed arrays as plain arrays, to read anywhere. */
function resultJson(state) {
  const { result, names } = state;
  const plain = {
    ...result,
    segments: result.segments.map((s, i) => ({ ...s, name: names[i] })),
    labels: Array.from(result.labels),
    projection: { ...result.projection, x: Array.from(result.projection.x), y: Array.from(result.projection.y) },
  };
  return JSON.stringify(plain, null, 2);
}

/** What the page knows of a saved model (state.model): the phase its work returns to (`back`),
 * the model file's name and what the worker read of it (`summary`: source, segments, the
 * columns it needs), the exports given its segments (`before`, and a later one `after`: { name,
 * size, applied, columns }), the id column who moved is counted on, the movement, the last
 * campaign audience's summary, and the last message about it. */
const NO_MODEL = Object.freeze({
  back: P.NO_FILE, name: '', summary: null, before: null, after: null, id: '', movement: null, audience: null, error: '',
});

export const AUDIENCE_FORMATS = Object.freeze(['google', 'meta', 'tags']);

/** A file's name without its extension (and without `.tribes` for a model). */
const fileBase = (name) => String(name).replace(/(\.tribes)?\.[^.]*$/, '') || 'customers';

/** Starts saved-segments work in the worker; its answer brings the page back to this phase. */
function modelWork(s, phase, message, stage = 'read') {
  return {
    state: { ...s, phase, model: { ...(s.model || NO_MODEL), back: s.phase, error: '' }, progress: { stage, fraction: 0 } },
    effects: [send(message)],
  };
}

/** Saved-segments work done: back to the phase it started in, with `changed`. */
function modelDone(s, changed) {
  return { state: { ...s, phase: s.model.back, progress: null, model: { ...s.model, ...changed } } };
}

/** The columns of both exports, in the first one's order. */
export function commonColumns(before, after) {
  const later = new Set(after.columns.map((c) => c.name));
  return before.columns.filter((c) => later.has(c.name)).map((c) => c.name);
}

/**
 * The column that names a customer in both exports: the one chosen before if both have it, else
 * an identifier whose name says id or number, an e-mail column, any identifier; '' if none.
 */
export function movementId(before, after, chosen = '') {
  const common = new Set(commonColumns(before, after));
  if (common.has(chosen)) return chosen;
  const columns = before.columns.filter((c) => common.has(c.name));
  const named = columns.find((c) => c.role === 'identifier' && /(^|[^a-z])(id|no|nr|number|nummer|numéro|número)$|^id[^a-z]/i.test(c.name));
  const email = columns.find((c) => c.email);
  const any = columns.find((c) => c.role === 'identifier');
  return (named || email || any || { name: '' }).name;
}

/** The share of rows offered after a worker stopped: about 100 MB of the file, at most half. */
export function crashShare(size) {
  const share = Math.min(0.5, 1e8 / Math.max(1, size || 0));
  const scale = 10 ** (1 - Math.floor(Math.log10(Math.max(share, 1e-3))));
  return Math.max(0.001, Math.floor(share * scale) / scale);
}

/** The sample offered after `message`, for the file chosen last (none for the sample data). */
function offerFor(state, share) {
  if (!share || !state.source || state.source === 'sample' || state.joined || (state.reading && state.reading.second)) return null;
  const read = { ...((state.reading && state.reading.read) || (state.loaded && state.loaded.read) || {}) };
  delete read.sample;
  return { share, read };
}

/** Reads `source` (with `second`, the two files to join), or with `rejoin` the same customers
 * file, whose orders are then joined again; with `segment`, segments it once read. */
function read(state, source, options, { second = null, rejoin = false, segment = false } = {}) {
  // A fresh worker busy restoring the old file would answer for it first: start another.
  const effects = RESTORING.includes(state.phase) ? [RESTART] : [];
  effects.push(send(readMessage(source, options, second)));
  return {
    state: {
      ...state, phase: P.READING, source, reading: { source, read: options, second, rejoin, segment },
      result: null, labelled: null, names: [], comparison: null, error: '', offer: null, progress: { stage: 'read', fraction: 0 },
    },
    effects,
  };
}

/** The worker failed: what it was doing is not done, and what it holds says where that leaves us. */
function failed(state, message) {
  if (MODEL_WORK.includes(state.phase)) {
    // The worker keeps the model and the exports it had: only the work asked for is not done.
    return { state: { ...state, phase: state.model.back, progress: null, model: { ...state.model, error: message } } };
  }
  if ([P.READING, P.RELOADING, P.REMAKING, P.REJOINING].includes(state.phase)) {
    // The worker let go of its file when it began to read.
    return { state: { ...state, phase: P.UNREADABLE, loaded: null, reading: null, progress: null, error: message } };
  }
  if (BUSY.includes(state.phase)) {
    return { state: { ...state, phase: settled(state), making: null, joining: null, progress: null, error: message } };
  }
  return { state: { ...state, error: message } };
}

/**
 * A worker that stopped holds nothing any more: a fresh one is started, the page says in words
 * what happened, and offers to segment a sample of the file it was given.
 */
function stopped(state, message) {
  const size = state.file ? state.file.size : (state.source && state.source.size) || 0;
  const offer = offerFor(state, crashShare(size));
  const hint = offer ? ' Your file is not lost: segment a sample of its rows, or read it again.' : '';
  // The fresh worker holds no file: Read again (or the sample) reads it anew.
  return {
    state: {
      ...state, phase: state.source ? P.UNREADABLE : P.NO_FILE, loaded: null, reading: null, making: null, joining: null,
      result: null, labelled: null, names: [], comparison: null, progress: null, error: message + hint, offer,
    },
    effects: [RESTART],
  };
}

/**
 * For each event: the phases that take it (`from`) and what it does (`run`, which may still
 * refuse by returning null). The table in docs/architecture.md says the same in words.
 */
export const TRANSITIONS = Object.freeze({
  // { source, read, second }: a file picked or dropped, or 'sample'; read: the reading options;
  // second: another file dropped with it (one of the two the customers, the other their orders).
  [E.PICK]: {
    from: [P.NO_FILE, P.UNREADABLE, ...SETTLED, ...RESTORING],
    run: (s, e) => read(s, e.source, e.read, { second: e.source !== 'sample' && e.second ? e.second : null }),
  },
  // { read }: the file chosen last, read again with these reading options (and its orders joined
  // again, when they were).
  [E.REREAD]: {
    from: [P.UNREADABLE, ...SETTLED, ...RESTORING],
    run: (s, e) => (s.source ? read(s, s.source, e.read, { rejoin: Boolean(s.joined) }) : null),
  },
  // { name, size, inspection, orders }
  [TO_PAGE.LOADED]: {
    from: [P.READING, P.RELOADING],
    run: (s, e) => {
      if (s.phase === P.RELOADING) {
        // The fresh worker has the file again; the user's choices were never touched.
        if (s.customers) return { state: { ...s, phase: P.REMAKING }, effects: [send({ type: TO_WORKER.RFM, options: s.customers.request })] };
        if (s.joined) return { state: { ...s, phase: P.REJOINING }, effects: [ordersMessage(s.joined)] };
        return { state: { ...s, phase: settled(s) } };
      }
      const file = { name: e.name, size: e.size, inspection: e.inspection };
      const rejoin = s.reading.rejoin && s.joined;
      const loaded = { source: s.reading.source, read: s.reading.read };
      const state = {
        ...s, phase: P.COLUMNS, loaded, reading: null, file, orders: e.orders || null,
        customers: null, joined: rejoin ? s.joined : null, choices: { ...s.choices, columns: columnChoices(file, null) },
        progress: null, error: noColumnError(s, file) || s.error,
      };
      // A sample read after a file too large: segmented at once, as the button said.
      if (s.reading.segment && !state.error) {
        return {
          state: { ...state, phase: P.RUNNING, progress: { stage: 'read', fraction: 0 } },
          effects: [send({ type: TO_WORKER.ANALYZE, options: segmentOptions(state) })],
        };
      }
      // Read again with the orders joined: they are joined again onto the file as now read.
      if (rejoin) {
        const joining = { source: s.joined.source, options: s.joined.options };
        return { state: { ...state, phase: P.JOINING, joining, progress: { stage: 'read', fraction: 0 } }, effects: [ordersMessage(joining)] };
      }
      return { state };
    },
  },
  // { customer, date, amount, order, asOf }: the columns chosen in the offer ('' for none), and
  // the day recency counts to ('' for the last order's). No amount: quantity × price, as guessed.
  [E.MAKE_CUSTOMERS]: {
    from: SETTLED,
    run: (s, e) => {
      const { orders } = s;
      if (!orders || !orders.transactions) return null;
      const request = { customer: e.customer, date: e.date };
      if (e.amount) request.amount = e.amount;
      else Object.assign(request, { quantity: orders.quantity || '', price: orders.price || '' });
      if (e.order) request.order = e.order;
      if (e.asOf) request.asOf = e.asOf;
      return {
        state: { ...s, phase: P.MAKING_CUSTOMERS, making: request, error: '', progress: { stage: 'aggregate', fraction: 0 } },
        effects: [send({ type: TO_WORKER.RFM, options: request })],
      };
    },
  },
  // { name, size, inspection, rfm, segmentOptions }
  [TO_PAGE.RFM]: {
    from: [P.MAKING_CUSTOMERS, P.REMAKING],
    run: (s, e) => {
      if (s.phase === P.REMAKING) return { state: { ...s, phase: settled(s) } };
      const file = { name: e.name, size: e.size, inspection: e.inspection };
      const customers = { request: s.making, rfm: e.rfm, segmentOptions: e.segmentOptions };
      return {
        state: {
          ...s, phase: settled(s), file, orders: null, making: null, customers,
          choices: { ...s.choices, columns: columnChoices(file, customers) }, progress: null,
          error: noColumnError(s, file) || s.error,
        },
      };
    },
  },
  // { source }: the orders export of the loaded customers file, picked or dropped.
  [E.ADD_ORDERS]: {
    from: SETTLED,
    run: (s, e) => {
      if (!canAddOrders(s) || !e.source) return null;
      const joining = { source: e.source, options: {} };
      return {
        state: { ...s, phase: P.JOINING, joining, error: '', progress: { stage: 'read', fraction: 0 } },
        effects: [ordersMessage(joining)],
      };
    },
  },
  // { key }: the orders joined again on another pair of columns ('CUSTOMERS_COLUMN=ORDERS_COLUMN').
  [E.JOIN_ON]: {
    from: SETTLED,
    run: (s, e) => {
      if (!s.joined || typeof e.key !== 'string' || !e.key.includes('=')) return null;
      const joining = { source: s.joined.source, options: { join: e.key } };
      return {
        state: { ...s, phase: P.JOINING, joining, error: '', progress: { stage: 'read', fraction: 0 } },
        effects: [ordersMessage(joining)],
      };
    },
  },
  // { name, size, ordersName, ordersSize, inspection, join, swapped }: the customers file with
  // its orders' columns, after 'orders', or after a read of two files dropped together.
  [TO_PAGE.JOINED]: {
    from: [P.READING, P.JOINING, P.REJOINING],
    run: (s, e) => {
      if (s.phase === P.REJOINING) return { state: { ...s, phase: settled(s) } };
      const pair = s.phase === P.READING;
      if (pair && !s.reading.second) return null;
      const customers = pair && e.swapped ? s.reading.second : s.source;
      const request = pair ? { source: e.swapped ? s.reading.source : s.reading.second, options: {} } : s.joining;
      // The pairs measured when no key was given stay on offer once one is chosen.
      const measured = e.join.candidates.length ? e.join.candidates
        : (s.joined && s.joined.source === request.source ? s.joined.candidates : []);
      const file = { name: e.name, size: e.size, inspection: e.inspection };
      const state = {
        ...s, phase: P.COLUMNS, file, orders: null, customers: null, joining: null, result: null, labelled: null, names: [], comparison: null,
        joined: { ...request, name: e.ordersName, size: e.ordersSize, join: e.join, candidates: measured },
        choices: { ...s.choices, columns: columnChoices(file, null) }, progress: null,
        error: noColumnError(s, file) || s.error,
      };
      if (pair) Object.assign(state, { source: customers, loaded: { source: customers, read: s.reading.read }, reading: null });
      return { state };
    },
  },
  // {}: segment with the choices made.
  [E.SEGMENT]: {
    from: SETTLED,
    run: (s) => ({
      state: { ...s, phase: P.RUNNING, error: '', progress: { stage: 'read', fraction: 0 } },
      effects: [send({ type: TO_WORKER.ANALYZE, options: segmentOptions(s) })],
    }),
  },
  // { result, workers }
  [TO_PAGE.RESULT]: {
    from: [P.RUNNING],
    run: (s, e) => ({
      state: {
        ...s, phase: P.RESULTS, result: e.result, labelled: null, names: e.result.segments.map((g) => g.name),
        workers: e.workers || 1, personas: [], comparison: null, progress: null,
      },
    }),
  },
  // { text, by }: the words of the text column `text`, per value of `by` ('' or absent: per segment).
  [E.COMPARE]: {
    from: [P.RESULTS],
    run: (s, e) => {
      const options = { ...segmentOptions(s), textColumns: [e.text] };
      if (e.by) options.by = e.by;
      return {
        state: { ...s, phase: P.COMPARING, error: '', progress: { stage: 'compare', fraction: 0 } },
        effects: [send({ type: TO_WORKER.KEYWORDS, options })],
      };
    },
  },
  // { keywords }
  [TO_PAGE.KEYWORDS]: {
    from: [P.COMPARING],
    run: (s, e) => ({ state: { ...s, phase: P.RESULTS, comparison: e.keywords, progress: null } }),
  },
  // { stage, fraction }
  [TO_PAGE.PROGRESS]: {
    from: BUSY,
    run: (s, e) => ({ state: { ...s, progress: { stage: e.stage, fraction: e.fraction } } }),
  },
  // {}: stop the work at once. The worker is ended and a fresh one given back the loaded file
  // (and the customers made from it); a read cancelled goes back to the file read before it.
  [E.CANCEL]: {
    from: BUSY,
    run: (s) => {
      const stopped = { ...s, reading: null, making: null, joining: null, progress: null };
      const model = MODEL_WORK.includes(s.phase);
      if (!s.loaded) {
        return {
          state: {
            ...stopped, phase: P.NO_FILE, source: null, file: null, orders: null, customers: null, joined: null,
            choices: { ...s.choices, columns: [] }, error: model ? CANCELLED_MODEL : CANCELLED_READING,
          },
          effects: [RESTART],
        };
      }
      return {
        state: { ...stopped, phase: P.RELOADING, source: s.loaded.source, error: model ? CANCELLED_MODEL : CANCELLED },
        effects: [RESTART, send(readMessage(s.loaded.source, s.loaded.read))],
      };
    },
  },
  // { message, sample }: sample, the share of rows that would fit a memory limit (see protocol.js).
  [TO_PAGE.ERROR]: {
    from: ALL,
    run: (s, e) => {
      const out = failed(s, e.message);
      const offer = e.sample > 0 && e.sample < 1 ? offerFor(s, e.sample) : null;
      return offer ? { state: { ...out.state, offer } } : out;
    },
  },
  // { message }: the wasm module stopped (a trap: out of memory, unreachable).
  [TO_PAGE.STOPPED]: { from: ALL, run: (s, e) => stopped(s, e.message) },
  // { message }: the worker threw outside a message (its onerror), or could not be run.
  [E.CRASHED]: {
    from: ALL,
    run: (s, e) => stopped(s, `The analysis stopped unexpectedly${e.message ? ` (${e.message})` : ''}.`),
  },
  // {}: the sample offered, read and segmented.
  [E.SEGMENT_SAMPLE]: {
    from: [P.NO_FILE, P.UNREADABLE, ...SETTLED],
    run: (s) => (s.offer && s.source
      ? read(s, s.source, { ...s.offer.read, sample: s.offer.share }, { segment: true })
      : null),
  },
  // { message }: something in the page failed (an answer of unknown type, a PNG not drawn).
  [E.PAGE_FAILED]: { from: ALL, run: (s, e) => ({ state: { ...s, error: e.message } }) },
  // { defaults, vocabulary }
  [TO_PAGE.READY]: {
    from: ALL,
    run: (s, e) => {
      const next = { ...s, ready: true, defaults: e.defaults || s.defaults, vocabulary: e.vocabulary || s.vocabulary };
      if (s.ready || !s.saved || typeof s.saved !== 'object') return { state: { ...next, saved: null } };
      const { k, bom } = s.saved;
      const choices = { ...s.choices, k: K_CHOICES.includes(k) ? k : s.choices.k, bom: bom === true };
      return { state: { ...next, saved: null, choices } };
    },
  },
  // { index, use, kind }: a column ticked or unticked (use), or its kind changed (kind).
  [E.EDIT_COLUMN]: {
    from: ALL,
    run: (s, e) => {
      const column = s.choices.columns[e.index];
      if (!column) return null;
      const edited = { ...column };
      if (typeof e.use === 'boolean') edited.use = e.use;
      if (vocabularyOf(s).kinds.includes(e.kind)) edited.kind = e.kind;
      if (vocabularyOf(s).roles.includes(e.role)) edited.role = e.role;
      const columns = s.choices.columns.map((c, i) => (i === e.index ? edited : c));
      return { state: { ...s, choices: { ...s.choices, columns } } };
    },
  },
  // { k, seed, bom }, any of them: k and bom are remembered on this device.
  [E.EDIT_SETTINGS]: {
    from: ALL,
    run: (s, e) => {
      const choices = { ...s.choices };
      if (K_CHOICES.includes(e.k)) choices.k = e.k;
      if (typeof e.seed === 'string') choices.seed = e.seed;
      if (typeof e.bom === 'boolean') choices.bom = e.bom;
      if (vocabularyOf(s).lenses.includes(e.lens)) choices.lens = e.lens;
      const remember = 'k' in e || 'bom' in e;
      return {
        state: { ...s, choices },
        effects: remember ? [{ type: 'save-settings', settings: { k: choices.k, bom: choices.bom } }] : [],
      };
    },
  },
  // { segment, name }: a segment renamed; an empty name goes back to the suggested one.
  [E.RENAME]: {
    from: ALL,
    run: (s, e) => {
      const segment = s.result && s.result.segments[e.segment];
      if (!segment) return null;
      const names = [...s.names];
      names[e.segment] = String(e.name).replace(/\s+/g, ' ').trim() || segment.name;
      return { state: { ...s, names } };
    },
  },
  // { segment, name, role }: a persona's fictional name and role, as the user typed them.
  [E.PERSONA]: {
    from: ALL,
    run: (s, e) => {
      if (!(s.result && s.result.segments[e.segment])) return null;
      const personas = [...s.personas];
      personas[e.segment] = { name: String(e.name).trim(), role: String(e.role).trim() };
      return { state: { ...s, personas } };
    },
  },
  // { segment }: a segment's persona as Markdown.
  [E.EXPORT_PERSONA]: {
    from: [P.RESULTS],
    run: (s, e) => {
      if (!s.result.segments[e.segment]) return null;
      const p = persona(s.result, e.segment, personaInputs(s, e.segment));
      return {
        state: s,
        effects: [{ type: 'download', data: personaMarkdown(p), mime: 'text/markdown', filename: `${baseName(s)}-persona-${e.segment + 1}.md` }],
      };
    },
  },
  // { segment }: the file with each row's segment, or one segment's rows (segment: an id).
  [E.EXPORT_CSV]: {
    from: [P.RESULTS],
    run: (s, e) => {
      const options = { names: [...s.names], bom: s.choices.bom };
      if (e.segment != null) options.segment = e.segment;
      if (labelsEveryRow(s)) {
        const { sample, ...read } = s.loaded.read;
        return {
          state: { ...s, phase: P.LABELLING, progress: { stage: 'label', fraction: 0 }, error: '' },
          effects: [send({ type: TO_WORKER.LABEL, file: s.loaded.source, read, options })],
        };
      }
      return { state: s, effects: [send({ type: TO_WORKER.EXPORT, options })] };
    },
  },
  // { bytes, segment, slot }: slot when the export was of a file given a saved model's segments.
  [TO_PAGE.EXPORTED]: {
    from: ALL,
    run: (s, e) => {
      const which = e.segment == null ? 'segments' : `segment-${e.segment}`;
      const applied = e.slot && s.model && s.model[e.slot];
      const base = applied ? fileBase(applied.name) : baseName(s);
      const download = { type: 'download', data: e.bytes, mime: 'text/csv', filename: `${base}-${which}.csv` };
      if (s.phase === P.LABELLING) {
        const labelled = e.labelled ? { rows: e.labelled.rows, skipped: e.labelled.skipped } : null;
        return { state: { ...s, phase: settled(s), progress: null, labelled }, effects: [download] };
      }
      return { state: s, effects: [download] };
    },
  },
  // {}: the result as JSON.
  [E.EXPORT_JSON]: {
    from: ALL,
    run: (s) => (s.result
      ? { state: s, effects: [{ type: 'download', data: resultJson(s), mime: 'application/json', filename: `${baseName(s)}-segments.json` }] }
      : null),
  },
  // {}: the model of the segments shown, with the names as edited, to save as <file>.tribes.json.
  [E.SAVE_MODEL]: {
    from: [P.RESULTS],
    run: (s) => ({ state: s, effects: [send({ type: TO_WORKER.MODEL, options: { names: [...s.names] } })] }),
  },
  // { text }
  [TO_PAGE.MODEL]: {
    from: ALL,
    run: (s, e) => ({ state: s, effects: [{ type: 'download', data: e.text, mime: 'application/json', filename: `${baseName(s)}.tribes.json` }] }),
  },
  // { source }: a saved model (a .tribes.json File), picked or dropped.
  [E.OPEN_MODEL]: {
    from: IDLE,
    run: (s, e) => (e.source ? modelWork(s, P.OPENING_MODEL, { type: TO_WORKER.OPEN_MODEL, file: e.source }) : null),
  },
  // { name, model }: the model read and checked (its source, segments and the columns it needs).
  [TO_PAGE.MODEL_OPENED]: {
    from: [P.OPENING_MODEL],
    run: (s, e) => modelDone(s, { ...NO_MODEL, back: s.model.back, name: e.name, summary: e.model }),
  },
  // { source, slot }: an export to give the saved segments: 'before' (the customers file), or
  // 'after' (a later export of the same customers, once 'before' has them).
  [E.APPLY_MODEL]: {
    from: IDLE,
    run: (s, e) => {
      const m = s.model;
      if (!e.source || !m || !m.summary || !['before', 'after'].includes(e.slot) || (e.slot === 'after' && !m.before)) return null;
      return modelWork(s, P.APPLYING, { type: TO_WORKER.APPLY, file: e.source, slot: e.slot });
    },
  },
  // { slot, name, size, applied, columns }: the export with the model's segments. With both
  // exports, who moved is counted at once, on the id column guessed or chosen before.
  [TO_PAGE.APPLIED]: {
    from: [P.APPLYING],
    run: (s, e) => {
      const file = { name: e.name, size: e.size, applied: e.applied, columns: e.columns };
      const changed = e.slot === 'before' ? { before: file, after: null } : { after: file };
      const model = { ...s.model, ...changed, movement: null, audience: null };
      const id = model.before && model.after ? movementId(model.before, model.after, s.model.id) : '';
      if (!id) return modelDone(s, model);
      return {
        state: { ...s, model: { ...model, id }, progress: { stage: 'compare', fraction: 0 }, phase: P.MOVING },
        effects: [send({ type: TO_WORKER.MOVEMENT, options: { id } })],
      };
    },
  },
  // { id }: who moved, matching the two exports' customers on another column.
  [E.MOVE_BY]: {
    from: IDLE,
    run: (s, e) => {
      const m = s.model;
      if (!m || !m.before || !m.after || !commonColumns(m.before, m.after).includes(e.id)) return null;
      return modelWork(s, P.MOVING, { type: TO_WORKER.MOVEMENT, options: { id: e.id } }, 'compare');
    },
  },
  // { movement, id }
  [TO_PAGE.MOVEMENT]: {
    from: [P.MOVING],
    run: (s, e) => modelDone(s, { movement: e.movement, id: e.id }),
  },
  // { from, to }: the ids of the customers who were in segment `from` and are in `to` now.
  [E.LIST_MOVED]: {
    from: IDLE,
    run: (s, e) => {
      const m = s.model;
      const k = m && m.movement ? m.movement.segments.length : 0;
      if (!(Number.isInteger(e.from) && Number.isInteger(e.to) && e.from >= 0 && e.to >= 0 && e.from < k && e.to < k)) return null;
      return { state: s, effects: [send({ type: TO_WORKER.MOVED_IDS, options: { id: m.id, from: e.from, to: e.to } })] };
    },
  },
  // { bytes, from, to }
  [TO_PAGE.MOVED_IDS]: {
    from: ALL,
    run: (s, e) => {
      const base = s.model && s.model.after ? fileBase(s.model.after.name) : 'customers';
      return { state: s, effects: [{ type: 'download', data: e.bytes, mime: 'text/csv', filename: `${base}-moved-from-${e.from}-to-${e.to}.csv` }] };
    },
  },
  // { format, segment, country, includeUnsubscribed }: one segment's campaign audience, from the
  // latest export given the saved segments; country: the country of phones written without +.
  [E.MAKE_AUDIENCE]: {
    from: IDLE,
    run: (s, e) => {
      const m = s.model;
      if (!m || !m.before || !AUDIENCE_FORMATS.includes(e.format) || !m.summary.segments.some((g) => g.id === e.segment)) return null;
      const options = { format: e.format, segment: e.segment };
      const country = typeof e.country === 'string' ? e.country.trim() : '';
      if (country) options.country = country;
      if (e.includeUnsubscribed) options.includeUnsubscribed = true;
      return modelWork(s, P.HASHING, { type: TO_WORKER.AUDIENCE, options }, 'hash');
    },
  },
  // { files, summary, segment }: the audience file, hashed in the worker, and where every record went.
  [TO_PAGE.AUDIENCE]: {
    from: [P.HASHING],
    run: (s, e) => {
      const now = s.model.after || s.model.before;
      const base = fileBase(now.name);
      const out = modelDone(s, { audience: { summary: e.summary, segment: e.segment, file: now.name } });
      out.effects = e.files.map((f) => ({ type: 'download', data: f.csv, mime: 'text/csv', filename: `${base}-${f.file_name}` }));
      return out;
    },
  },
  // { slot }: an export with the saved segments, as CSV (the Excel option as for Download CSV).
  [E.EXPORT_APPLIED]: {
    from: IDLE,
    run: (s, e) => (s.model && s.model[e.slot] && ['before', 'after'].includes(e.slot)
      ? { state: s, effects: [send({ type: TO_WORKER.EXPORT, options: { slot: e.slot, bom: s.choices.bom } })] }
      : null),
  },
  // {}: a fresh page, as on first visit: no file, no setting kept.
  [E.FORGET]: {
    from: ALL,
    run: (s) => ({
      state: {
        ...initialState(), ready: s.ready, defaults: s.defaults, vocabulary: s.vocabulary, forgotten: true,
      },
      effects: [{ type: 'forget-settings' }, RESTART],
    }),
  },
});

export const EVENTS = Object.freeze(Object.keys(TRANSITIONS));

/**
 * The next state and the effects to carry out, for `event` in `state`. Throws on an event type
 * the machine does not know; an event the phase does not take leaves the state as it is.
 */
export function transition(state, event) {
  const type = event && typeof event === 'object' ? event.type : undefined;
  const rule = Object.prototype.hasOwnProperty.call(TRANSITIONS, type) ? TRANSITIONS[type] : null;
  if (!rule) throw new Error(`unknown event "${String(type)}" (expected one of ${EVENTS.join(', ')})`);
  const out = rule.from.includes(state.phase) ? rule.run(state, event) : null;
  if (!out) return { state, effects: [], ignored: true };
  const effects = out.effects || [];
  // A fresh worker holds no saved model: what the page showed of one goes with the old worker.
  const next = effects.includes(RESTART) && out.state.model ? { ...out.state, model: null } : out.state;
  return { state: next, effects, ignored: false };
}
