// The page's state machine (www/state.js) under Node: every flow of the page as events, checked
// against the phase it ends in, what the page shows (the state) and what it asks of the worker
// (the effects). The browser tests drive the same flows through the DOM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, SITE } from '../lib/paths.mjs';

const www = (file) => import(pathToFileURL(path.join(ROOT, 'www', file)));
const {
  PHASES, PAGE_EVENTS: E, EVENTS, TRANSITIONS, CANCELLED, CANCELLED_READING, CANCELLED_MODEL, initialState, transition,
  segmentOptions, isBusy, canSegment, movementId, crashShare, labelsEveryRow,
} = await www('state.js');
const { TO_PAGE, TO_WORKER, OPTIONS, checkOptions } = await www('protocol.js');
const { stageWords } = await www('words.js');

// The core's vocabulary, as the worker sends it in 'ready'.
const pkg = await import(pathToFileURL(path.join(SITE, 'pkg/tribes_wasm.js')));
pkg.initSync({ module: readFileSync(path.join(SITE, 'pkg/tribes_wasm_bg.wasm')) });
const VOCABULARY = pkg.vocabulary();

/** A stand-in for a File: the machine only passes it on. */
const file = (name) => ({ name, size: 1000 });

/** What the worker says after reading a file whose columns have these kinds. */
function loaded(name, kinds, orders = null) {
  // Each column with the role the core gives such a column when its name says nothing.
  const roleOf = { identifier: 'identifier', date: 'derived', text: 'ignored' };
  const columns = Object.entries(kinds).map(([n, kind]) => ({
    name: n, kind, role: roleOf[kind] || 'feature', missing: 0, invalid: 0, examples: [], evidence: '', role_evidence: '', lens: 'behaviour',
  }));
  const input = { rows: 10, columns: columns.length, skipped: [], warnings: [], encoding: 'utf-8', delimiter: ',', quote: '"', header: true, decimal: '.' };
  return { type: TO_PAGE.LOADED, name, size: 1000, inspection: { input, columns }, orders };
}

const CUSTOMERS = loaded('sample.csv', { id: 'identifier', plan: 'categorical', spend: 'numeric', notes: 'text', joined: 'date' });
const ORDERS = loaded('orders.csv', { customer: 'identifier', order_date: 'date', amount: 'numeric', order_id: 'identifier' },
  { transactions: true, customer: 'customer', date: 'order_date', amount: 'amount', quantity: null, price: null, order: 'order_id', evidence: 'customer ids repeat' });
const MADE = {
  ...loaded('orders-customers.csv', { customer: 'identifier', recency_days: 'numeric', frequency: 'numeric', monetary_total: 'numeric', channel: 'categorical' }),
  type: TO_PAGE.RFM,
  rfm: { input: { customers: 3, rows_used: 9, returns: 0, skipped: [] }, as_of: '2025-01-10', segments: [] },
  segmentOptions: { columns: ['recency_days', 'frequency', 'monetary_total'], log: 'all', kMin: 3, kinds: { recency_days: 'numeric', frequency: 'numeric', monetary_total: 'numeric', customer: 'identifier' } },
};

function resultOf(file, names) {
  return {
    type: TO_PAGE.RESULT,
    result: {
      file, k: names.length, labels: Int32Array.from([0, 1, 0]),
      projection: { x: Float32Array.from([0, 1, 2]), y: Float32Array.from([2, 1, 0]), explained: [0.5, 0.3] },
      segments: names.map((name, id) => ({ id, name, size: 1 })),
    },
  };
}

/**
 * Runs `events` from `state`, checking that every message the page sends names only options
 * protocol.js lists; returns the last state, every effect in order, and whether the last event
 * was ignored.
 */
function run(state, ...events) {
  const effects = [];
  let ignored = false;
  for (const event of events) {
    const out = transition(state, event);
    for (const effect of out.effects) {
      if (effect.type === 'send') checkOptions(effect.message);
      effects.push(effect);
    }
    ({ state, ignored } = out);
  }
  return { state, effects, ignored };
}

const sent = (effects) => effects.filter((e) => e.type === 'send').map((e) => e.message);
const ready = { type: TO_PAGE.READY, defaults: {}, vocabulary: VOCABULARY };
const pickSample = { type: E.PICK, source: 'sample', read: {} };

/** A page with the sample loaded: the columns phase. */
function withSample() {
  return run(initialState(), ready, pickSample, CUSTOMERS).state;
}

test('the happy path: no file, reading, columns, running, results', () => {
  let { state, effects } = run(initialState(), ready);
  assert.equal(state.phase, PHASES.NO_FILE);
  assert.equal(canSegment(state), false);

  ({ state, effects } = run(state, { ...pickSample, read: { delimiter: ';' } }));
  assert.equal(state.phase, PHASES.READING);
  assert.ok(isBusy(state));
  assert.deepEqual(state.progress, { stage: 'read', fraction: 0 });
  assert.deepEqual(sent(effects), [{ type: TO_WORKER.SAMPLE, read: { delimiter: ';' } }]);

  ({ state } = run(state, { type: TO_PAGE.PROGRESS, stage: 'read', fraction: 0.5 }));
  assert.deepEqual(state.progress, { stage: 'read', fraction: 0.5 });

  ({ state } = run(state, CUSTOMERS));
  assert.equal(state.phase, PHASES.COLUMNS);
  assert.ok(canSegment(state));
  assert.equal(state.file.name, 'sample.csv');
  assert.deepEqual(state.loaded, { source: 'sample', read: { delimiter: ';' } });
  // Identifiers start unticked; every other column ticked, with its kind as detected.
  assert.deepEqual(state.choices.columns.map((c) => [c.name, c.use, c.kind]),
    [['id', false, 'identifier'], ['plan', true, 'categorical'], ['spend', true, 'numeric'], ['notes', true, 'text'], ['joined', true, 'date']]);

  ({ state, effects } = run(state, { type: E.SEGMENT }));
  assert.equal(state.phase, PHASES.RUNNING);
  assert.deepEqual(sent(effects), [{ type: TO_WORKER.ANALYZE, options: { k: 'auto', exclude: ['id'], textColumns: ['notes'] } }]);

  ({ state } = run(state, resultOf('sample.csv', ['Big spenders', 'Others'])));
  assert.equal(state.phase, PHASES.RESULTS);
  assert.deepEqual(state.names, ['Big spenders', 'Others']);
  assert.equal(state.progress, null);
  // A result without `workers` (the embed's worker, or one from before) ran on one worker.
  assert.equal(state.workers, 1);
  ({ state } = run(state, { type: E.SEGMENT }, { ...resultOf('sample.csv', ['A', 'B']), workers: 3 }));
  assert.equal(state.workers, 3, 'the workers that ran the blocks, from the result message');
});

test('the choices become the analysis options: k, seed, unticked columns, changed kinds, text columns', () => {
  const { state } = run(withSample(),
    { type: E.EDIT_SETTINGS, k: '4' },
    { type: E.EDIT_SETTINGS, seed: '17' },
    { type: E.EDIT_COLUMN, index: 2, use: false },
    { type: E.EDIT_COLUMN, index: 1, kind: 'text' },
    { type: E.EDIT_COLUMN, index: 0, kind: 'not-a-kind' });
  assert.deepEqual(segmentOptions(state), {
    k: 4, seed: 17, exclude: ['id', 'spend'], kinds: { plan: 'text' }, textColumns: ['plan', 'notes'],
  });
  for (const name of Object.keys(segmentOptions(state))) assert.ok(OPTIONS[TO_WORKER.ANALYZE].includes(name), name);
});

test('a changed role and a lens become the roles and lens options; an unknown role or lens changes nothing', () => {
  const { state } = run(withSample(),
    { type: E.EDIT_COLUMN, index: 2, role: 'outcome' },
    { type: E.EDIT_COLUMN, index: 1, role: 'not-a-role' },
    { type: E.EDIT_SETTINGS, lens: 'behaviour' },
    { type: E.EDIT_SETTINGS, lens: 'not-a-lens' });
  const opts = segmentOptions(state);
  assert.deepEqual(opts.roles, { [state.choices.columns[2].name]: 'outcome' });
  assert.equal(opts.lens, 'behaviour');
  for (const name of Object.keys(opts)) assert.ok(OPTIONS[TO_WORKER.ANALYZE].includes(name), name);
  // Back to the detected role and to auto: neither is sent.
  const detected = state.file.inspection.columns[2].role;
  const back = run(state, { type: E.EDIT_COLUMN, index: 2, role: detected }, { type: E.EDIT_SETTINGS, lens: 'auto' }).state;
  assert.equal(segmentOptions(back).roles, undefined);
  assert.equal(segmentOptions(back).lens, undefined);
});

test('cancel during reading, with no file read before: back to no file', () => {
  const { state, effects } = run(initialState(), ready, { type: E.PICK, source: file('big.csv'), read: {} }, { type: E.CANCEL });
  assert.equal(state.phase, PHASES.NO_FILE);
  assert.equal(state.source, null);
  assert.equal(state.file, null);
  assert.equal(state.error, CANCELLED_READING);
  assert.deepEqual(effects.map((e) => e.type), ['send', 'restart'], 'the worker is ended and nothing is sent to the fresh one');
  // A late answer of the ended worker is not taken for anything.
  assert.equal(run(state, CUSTOMERS).ignored, true);
});

test('cancel during reading goes back to the file read before, as it was read', () => {
  const before = run(withSample(), { type: E.EDIT_COLUMN, index: 2, use: false }).state;
  const big = file('big.csv');
  let { state, effects } = run(before, { type: E.PICK, source: big, read: { encoding: 'utf-16le' } }, { type: E.CANCEL });
  assert.equal(state.phase, PHASES.RELOADING);
  assert.equal(state.error, CANCELLED);
  assert.equal(state.source, 'sample', 'Read again reads the file shown');
  assert.deepEqual(effects.slice(1), [{ type: 'restart' }, { type: 'send', message: { type: TO_WORKER.SAMPLE, read: {} } }]);
  assert.equal(canSegment(state), false, 'Segment waits for the fresh worker');
  ({ state } = run(state, CUSTOMERS));
  assert.equal(state.phase, PHASES.COLUMNS);
  assert.equal(state.file, before.file, 'the table is not drawn again');
  assert.equal(state.choices, before.choices, 'the choices are kept');
  assert.equal(state.error, CANCELLED, 'the message stays until the next action');
});

test('cancel during running keeps the file, the choices and the segments; the fresh worker reads the file again', () => {
  const shown = run(withSample(), { type: E.SEGMENT }, resultOf('sample.csv', ['A', 'B'])).state;
  let { state, effects } = run(shown, { type: E.EDIT_SETTINGS, k: '3' }, { type: E.SEGMENT }, { type: TO_PAGE.PROGRESS, stage: 'fit', fraction: 0.4 }, { type: E.CANCEL });
  assert.equal(state.phase, PHASES.RELOADING);
  assert.equal(state.progress, null);
  assert.equal(state.result, shown.result, 'the segments shown stay');
  assert.deepEqual(effects.slice(-2), [{ type: 'restart' }, { type: 'send', message: { type: TO_WORKER.SAMPLE, read: {} } }]);
  // Segment is refused until the file is back, then runs with the same choices.
  assert.equal(run(state, { type: E.SEGMENT }).ignored, true);
  assert.equal(run(state, { type: E.CANCEL }).ignored, true, 'nothing to cancel: no Cancel button either');
  ({ state } = run(state, CUSTOMERS));
  assert.equal(state.phase, PHASES.RESULTS);
  ({ effects } = run(state, { type: E.SEGMENT }));
  assert.equal(sent(effects)[0].options.k, 3);
});

test('the orders branch: offer, making customers, the customers table, segment', () => {
  let { state, effects } = run(initialState(), ready, { type: E.PICK, source: file('orders.csv'), read: {} }, ORDERS);
  assert.equal(state.phase, PHASES.COLUMNS);
  assert.equal(state.orders.transactions, true);
  ({ state, effects } = run(state, { type: E.MAKE_CUSTOMERS, customer: 'customer', date: 'order_date', amount: 'amount', order: 'order_id', asOf: '2025-01-10' }));
  assert.equal(state.phase, PHASES.MAKING_CUSTOMERS);
  assert.deepEqual(state.progress, { stage: 'aggregate', fraction: 0 });
  const request = { customer: 'customer', date: 'order_date', amount: 'amount', order: 'order_id', asOf: '2025-01-10' };
  assert.deepEqual(sent(effects), [{ type: TO_WORKER.RFM, options: request }]);
  ({ state } = run(state, MADE));
  assert.equal(state.phase, PHASES.COLUMNS);
  assert.equal(state.orders, null, 'the offer is gone');
  assert.deepEqual(state.customers.request, request);
  assert.equal(state.file.name, 'orders-customers.csv');
  // The three measures are ticked, nothing else.
  assert.deepEqual(state.choices.columns.filter((c) => c.use).map((c) => c.name), ['recency_days', 'frequency', 'monetary_total']);
  ({ effects } = run(state, { type: E.EDIT_COLUMN, index: 4, kind: 'text' }, { type: E.SEGMENT }));
  assert.deepEqual(sent(effects)[0].options, {
    k: 'auto', log: 'all', kMin: 3, exclude: ['customer', 'channel'],
    kinds: { channel: 'text', recency_days: 'numeric', frequency: 'numeric', monetary_total: 'numeric', customer: 'identifier' },
  });
});

test('an offer without an amount column asks for quantity × price', () => {
  const orders = loaded('lines.csv', { customer: 'identifier', date: 'date', qty: 'numeric', unit: 'numeric' },
    { transactions: true, customer: 'customer', date: 'date', amount: null, quantity: 'qty', price: 'unit', order: null, evidence: '' });
  const { effects } = run(initialState(), ready, pickSample, orders,
    { type: E.MAKE_CUSTOMERS, customer: 'customer', date: 'date', amount: '', order: '', asOf: '' });
  assert.deepEqual(sent(effects).at(-1).options, { customer: 'customer', date: 'date', quantity: 'qty', price: 'unit' });
  // A customer list gets no offer, and the event is refused.
  assert.equal(run(withSample(), { type: E.MAKE_CUSTOMERS, customer: 'id', date: 'joined' }).ignored, true);
});

test('cancel during the orders aggregation: the orders are read again and the offer stands', () => {
  const offer = run(initialState(), ready, { type: E.PICK, source: file('orders.csv'), read: {} }, ORDERS).state;
  let { state, effects } = run(offer, { type: E.MAKE_CUSTOMERS, customer: 'customer', date: 'order_date', amount: 'amount' }, { type: E.CANCEL });
  assert.equal(state.phase, PHASES.RELOADING);
  assert.equal(state.making, null);
  assert.deepEqual(effects.slice(-2).map((e) => e.type), ['restart', 'send']);
  assert.equal(sent(effects).at(-1).type, TO_WORKER.LOAD);
  ({ state, effects } = run(state, ORDERS));
  assert.equal(state.phase, PHASES.COLUMNS);
  assert.equal(state.orders, offer.orders, 'the offer is shown as before');
  assert.equal(state.customers, null);
  assert.deepEqual(effects, [], 'no customers are made that the user did not get');
  // A late answer of the ended worker's aggregation is not taken.
  assert.equal(run(state, MADE).ignored, true);
});

test('cancel while segmenting the customers made from orders: the fresh worker makes them again', () => {
  const made = run(initialState(), ready, { type: E.PICK, source: file('orders.csv'), read: {} }, ORDERS,
    { type: E.MAKE_CUSTOMERS, customer: 'customer', date: 'order_date', amount: 'amount' }, MADE,
    { type: E.EDIT_SETTINGS, seed: '1' }).state;
  let { state, effects } = run(made, { type: E.SEGMENT }, { type: E.CANCEL });
  assert.equal(state.phase, PHASES.RELOADING);
  assert.equal(sent(effects).at(-1).type, TO_WORKER.LOAD, 'first the orders');
  ({ state, effects } = run(state, ORDERS));
  assert.equal(state.phase, PHASES.REMAKING);
  assert.equal(canSegment(state), false);
  assert.deepEqual(sent(effects), [{ type: TO_WORKER.RFM, options: made.customers.request }], 'then the customers, as the user made them');
  ({ state, effects } = run(state, MADE));
  assert.equal(state.phase, PHASES.COLUMNS);
  assert.equal(state.file, made.file);
  assert.equal(state.customers, made.customers);
  ({ effects } = run(state, { type: E.SEGMENT }));
  assert.deepEqual(sent(effects)[0].options, { ...segmentOptions(made), seed: 1 }, 'Segment runs on the customers');
});

/** What the worker says after joining `orders` onto `customers`: the customers' columns, and
 * those the orders added. */
function joinedOf(customers, ordersName, swapped = false) {
  const added = ['orders', 'order_total', 'days_since_last_order'].map((name) => ({
    name, kind: 'numeric', role: 'feature', missing: 0, invalid: 0, examples: [], evidence: '', role_evidence: '', lens: 'behaviour',
  }));
  const { inspection } = customers;
  const key = { customers: 'email', orders: 'Email', customers_matched: 0.9, orders_matched: 0.95 };
  return {
    type: TO_PAGE.JOINED, name: customers.name, size: 1000, ordersName, ordersSize: 5000, swapped,
    inspection: { ...inspection, columns: [...inspection.columns, ...added] },
    join: {
      key, chosen: 'measured', candidates: [key, { customers: 'id', orders: 'Email', customers_matched: 0, orders_matched: 0 }],
      as_of: '2024-12-30', added: ['orders', 'order_total', 'days_since_last_order'], customers: 10, matched: 9, never_ordered: 1,
      without_key: 0, duplicate_keys: 0, never_ordered_note: '', warnings: [],
      orders: { records: 40, joined: 38, unmatched: 2, skipped: 0, unmatched_customers: 1, unmatched_rows: [], skipped_rows: [] },
    },
  };
}

test('a customers file and its orders: added, joined, segmented on the orders\' columns', () => {
  const orders = file('orders.csv');
  let { state, effects } = run(withSample(), { type: E.ADD_ORDERS, source: orders });
  assert.equal(state.phase, PHASES.JOINING);
  assert.ok(isBusy(state));
  assert.deepEqual(sent(effects), [{ type: TO_WORKER.ORDERS, file: orders, options: {} }]);
  ({ state } = run(state, joinedOf(CUSTOMERS, 'orders.csv')));
  assert.equal(state.phase, PHASES.COLUMNS);
  assert.equal(state.joined.source, orders);
  assert.equal(state.joined.join.matched, 9);
  assert.equal(state.file.name, 'sample.csv', 'the customers file is still the one shown');
  // The orders' columns are ticked like any feature, and segmenting sends no join option: the
  // worker's session segments the joined table.
  const used = state.choices.columns.filter((c) => c.use).map((c) => c.name);
  assert.ok(used.includes('order_total') && used.includes('days_since_last_order'), used.join());
  ({ effects } = run(state, { type: E.SEGMENT }));
  assert.deepEqual(sent(effects)[0].options.exclude, ['id']);

  // Another key, measured the first time, joins again; the pairs measured stay on offer.
  ({ state, effects } = run(state, { type: E.JOIN_ON, key: 'id=Email' }));
  assert.equal(state.phase, PHASES.JOINING);
  assert.deepEqual(sent(effects), [{ type: TO_WORKER.ORDERS, file: orders, options: { join: 'id=Email' } }]);
  const given = joinedOf(CUSTOMERS, 'orders.csv');
  given.join = { ...given.join, chosen: 'given', candidates: [] };
  ({ state } = run(state, given));
  assert.equal(state.joined.candidates.length, 2);
  assert.deepEqual(state.joined.options, { join: 'id=Email' });

  // An orders export itself, and customers made from one, get no offer.
  const ordersLoaded = run(initialState(), ready, { type: E.PICK, source: orders, read: {} }, ORDERS).state;
  assert.equal(run(ordersLoaded, { type: E.ADD_ORDERS, source: file('more.csv') }).ignored, true);
  // A new file forgets the orders joined onto the last one.
  ({ state } = run(state, { type: E.PICK, source: file('other.csv'), read: {} }, CUSTOMERS));
  assert.equal(state.joined, null);
});

test('two files dropped at once: the worker tells which is the orders, in either order', () => {
  const [a, b] = [file('shop-orders.csv'), file('shop-customers.csv')];
  let { state, effects } = run(initialState(), ready, { type: E.PICK, source: a, second: b, read: {} });
  assert.equal(state.phase, PHASES.READING);
  assert.deepEqual(sent(effects), [{ type: TO_WORKER.LOAD, file: a, read: {}, second: b }]);
  ({ state } = run(state, joinedOf({ ...CUSTOMERS, name: 'shop-customers.csv' }, 'shop-orders.csv', true)));
  assert.equal(state.phase, PHASES.COLUMNS);
  // The customers file, second in the drop, is what Read again and a fresh worker read.
  assert.equal(state.source, b);
  assert.deepEqual(state.loaded, { source: b, read: {} });
  assert.equal(state.joined.source, a);
  assert.equal(state.file.name, 'shop-customers.csv');
  // Read again reads the customers, then joins their orders again.
  ({ state, effects } = run(state, { type: E.REREAD, read: { delimiter: ';' } }));
  assert.deepEqual(sent(effects), [{ type: TO_WORKER.LOAD, file: b, read: { delimiter: ';' } }]);
  ({ state, effects } = run(state, CUSTOMERS));
  assert.equal(state.phase, PHASES.JOINING);
  assert.deepEqual(sent(effects), [{ type: TO_WORKER.ORDERS, file: a, options: {} }]);
  // Both, or neither, looking like orders: the worker's message, and no file loaded.
  ({ state } = run(initialState(), ready, { type: E.PICK, source: a, second: b, read: {} },
    { type: TO_PAGE.ERROR, message: 'neither a nor b looks like an orders export' }));
  assert.equal(state.phase, PHASES.UNREADABLE);
  assert.match(state.error, /neither/);
});

test('cancel while joining: the customers are read again with the orders joined before, if any', () => {
  const customers = withSample();
  let { state, effects } = run(customers, { type: E.ADD_ORDERS, source: file('orders.csv') }, { type: E.CANCEL });
  assert.equal(state.phase, PHASES.RELOADING);
  assert.equal(state.joining, null);
  assert.deepEqual(effects.slice(-2).map((e) => e.type), ['restart', 'send']);
  ({ state, effects } = run(state, CUSTOMERS));
  assert.equal(state.phase, PHASES.COLUMNS, 'no orders were joined before');
  assert.deepEqual(effects, []);
  // With orders joined, a cancelled run gets them joined again by the fresh worker.
  const orders = file('orders.csv');
  ({ state } = run(customers, { type: E.ADD_ORDERS, source: orders }, joinedOf(CUSTOMERS, 'orders.csv'),
    { type: E.SEGMENT }, { type: E.CANCEL }, CUSTOMERS));
  assert.equal(state.phase, PHASES.REJOINING);
  const columns = state.choices.columns;
  ({ state, effects } = run(state, joinedOf(CUSTOMERS, 'orders.csv')));
  assert.equal(state.phase, PHASES.COLUMNS);
  assert.equal(state.choices.columns, columns, 'the choices are kept');
  // A failed join goes back to the customers as they were, with the message.
  ({ state } = run(customers, { type: E.ADD_ORDERS, source: orders }, { type: TO_PAGE.ERROR, message: 'orders.csv: join: no column' }));
  assert.equal(state.phase, PHASES.COLUMNS);
  assert.equal(state.joined, null);
  assert.equal(state.joining, null);
  assert.match(state.error, /no column/);
});

test('read again: the same file with other reading options; a failed read can be retried', () => {
  const shown = run(withSample(), { type: E.SEGMENT }, resultOf('sample.csv', ['A', 'B'])).state;
  let { state, effects } = run(shown, { type: E.REREAD, read: { header: 'no' } });
  assert.equal(state.phase, PHASES.READING);
  assert.equal(state.result, null, 'the segments of the old reading go');
  assert.deepEqual(sent(effects), [{ type: TO_WORKER.SAMPLE, read: { header: 'no' } }]);
  ({ state } = run(state, { type: TO_PAGE.ERROR, message: 'row 1: bad' }));
  assert.equal(state.phase, PHASES.UNREADABLE);
  assert.equal(state.loaded, null, 'the worker let go of the file');
  assert.equal(canSegment(state), false);
  assert.equal(state.error, 'row 1: bad');
  assert.equal(state.file, shown.file, 'the last table stays, with its reading options to change');
  ({ state, effects } = run(state, { type: E.REREAD, read: {} }));
  assert.equal(state.phase, PHASES.READING);
  assert.equal(state.error, '');
  ({ state } = run(state, CUSTOMERS));
  assert.equal(state.phase, PHASES.COLUMNS);
  assert.deepEqual(state.loaded, { source: 'sample', read: {} });
});

test('a file picked while the fresh worker restores the last one starts another worker', () => {
  const reloading = run(withSample(), { type: E.SEGMENT }, { type: E.CANCEL }).state;
  const other = file('other.csv');
  const { state, effects } = run(reloading, { type: E.PICK, source: other, read: {} });
  assert.equal(state.phase, PHASES.READING);
  assert.deepEqual(effects, [{ type: 'restart' }, { type: 'send', message: { type: TO_WORKER.LOAD, file: other, read: {} } }]);
});

test('errors: a failed job goes back to where it started, with the message', () => {
  const columns = withSample();
  let { state } = run(columns, { type: E.SEGMENT }, { type: TO_PAGE.ERROR, message: 'no column to segment on' });
  assert.equal(state.phase, PHASES.COLUMNS);
  assert.equal(state.error, 'no column to segment on');
  assert.equal(state.progress, null);
  ({ state } = run(state, { type: E.SEGMENT }));
  assert.equal(state.error, '', 'a new action clears the message');

  const results = run(columns, { type: E.SEGMENT }, resultOf('sample.csv', ['A', 'B'])).state;
  let effects;
  ({ state, effects } = run(results, { type: E.COMPARE, text: 'notes', by: 'plan' }, { type: E.CRASHED, message: 'out of memory' }));
  // A worker that stopped holds nothing: a fresh one is started, and the page says so in words.
  assert.equal(state.phase, PHASES.UNREADABLE);
  assert.equal(state.error, 'The analysis stopped unexpectedly (out of memory).');
  assert.deepEqual(effects.at(-1), { type: 'restart' });
  ({ state } = run(results, { type: E.EXPORT_CSV, segment: null }, { type: TO_PAGE.ERROR, message: 'nothing to export yet' }));
  assert.equal(state.phase, PHASES.RESULTS);
  assert.equal(state.error, 'nothing to export yet');
  ({ state } = run(initialState(), { type: TO_PAGE.ERROR, message: 'the analysis engine could not start' }));
  assert.equal(state.phase, PHASES.NO_FILE);
  assert.equal(state.error, 'the analysis engine could not start');
  // A file with nothing to segment on says so as soon as it is read.
  ({ state } = run(initialState(), ready, pickSample, loaded('notes.csv', { id: 'identifier', notes: 'text' })));
  assert.match(state.error, /^notes\.csv has no column to segment on/);
  // A file whose every row was skipped says so, not that its columns cannot be segmented on.
  const empty = loaded('broken.csv', { id: 'identifier', notes: 'text' });
  empty.inspection.input = { ...empty.inspection.input, rows: 0, skipped: [{ row: 1, line: 2, reason: 'has 3 fields but the header has 2' }, { row: 2, line: 3, reason: 'has 3 fields but the header has 2' }] };
  ({ state } = run(initialState(), ready, pickSample, empty));
  assert.equal(state.error, 'broken.csv has no row left to segment: every row was skipped (2 rows; see why under the skipped rows).');
});

test('an unknown event is refused; an event the phase does not take changes nothing', () => {
  const state = withSample();
  assert.throws(() => transition(state, { type: 'explode' }), /unknown event "explode"/);
  assert.throws(() => transition(state, null), /unknown event "undefined"/);
  assert.throws(() => transition(state, { type: 'constructor' }), /unknown event "constructor"/);
  for (const event of [{ type: TO_PAGE.RESULT, result: {} }, { type: E.CANCEL }, { type: E.COMPARE, text: 'notes' }, { type: E.EXPORT_CSV }]) {
    const out = transition(state, event);
    assert.equal(out.ignored, true, event.type);
    assert.equal(out.state, state, event.type);
    assert.deepEqual(out.effects, [], event.type);
  }
  // Busy: the page takes no other job until this one ends or is cancelled.
  const busy = run(state, { type: E.SEGMENT }).state;
  for (const type of [E.SEGMENT, E.PICK, E.REREAD, E.MAKE_CUSTOMERS]) assert.equal(run(busy, { type, source: 'sample', read: {} }).ignored, true, type);
});

test('compare, rename and the exports', () => {
  let { state, effects } = run(withSample(), { type: E.SEGMENT }, resultOf('sample.csv', ['A', 'B']),
    { type: E.COMPARE, text: 'notes', by: 'plan' });
  assert.equal(state.phase, PHASES.COMPARING);
  assert.deepEqual(state.progress, { stage: 'compare', fraction: 0 });
  assert.deepEqual(sent(effects).at(-1), { type: TO_WORKER.KEYWORDS, options: { k: 'auto', exclude: ['id'], textColumns: ['notes'], by: 'plan' } });
  ({ state } = run(state, { type: TO_PAGE.KEYWORDS, keywords: { by: 'plan', groups: [] } }));
  assert.equal(state.phase, PHASES.RESULTS);
  assert.deepEqual(state.comparison, { by: 'plan', groups: [] });

  ({ state, effects } = run(state,
    { type: E.RENAME, segment: 1, name: '  Loyal \n clinics ' },
    { type: E.RENAME, segment: 0, name: '   ' },
    { type: E.EDIT_SETTINGS, bom: true },
    { type: E.EXPORT_CSV, segment: 1 }));
  assert.deepEqual(state.names, ['A', 'Loyal clinics'], 'an empty name goes back to the suggested one');
  assert.deepEqual(effects.find((e) => e.type === 'save-settings'), { type: 'save-settings', settings: { k: 'auto', bom: true } });
  assert.deepEqual(sent(effects), [{ type: TO_WORKER.EXPORT, options: { names: ['A', 'Loyal clinics'], bom: true, segment: 1 } }]);
  ({ effects } = run(state, { type: TO_PAGE.EXPORTED, bytes: new Uint8Array([65]), segment: 1 }));
  assert.equal(effects[0].filename, 'sample-segment-1.csv');
  ({ effects } = run(state, { type: E.EXPORT_JSON }));
  const json = JSON.parse(effects[0].data);
  assert.equal(effects[0].filename, 'sample-segments.json');
  assert.deepEqual(json.segments.map((s) => s.name), ['A', 'Loyal clinics']);
  assert.deepEqual(json.labels, [0, 1, 0]);
  assert.deepEqual(json.projection.x, [0, 1, 2]);
  assert.equal(state.result.segments[1].name, 'B', 'the result itself is not changed');
});

test('the remembered settings apply at the first ready only; Forget everything starts afresh', () => {
  let { state } = run(initialState({ saved: { k: '3', bom: true } }), ready);
  assert.equal(state.choices.k, '3');
  assert.equal(state.choices.bom, true);
  ({ state } = run(initialState({ saved: { k: '99', bom: 'yes' } }), ready));
  assert.deepEqual([state.choices.k, state.choices.bom], ['auto', false], 'a value that is no choice is not applied');
  ({ state } = run(initialState({ saved: 'junk' }), ready));
  assert.equal(state.choices.k, 'auto');

  const results = run(initialState({ saved: { k: '3', bom: true } }), ready, pickSample, CUSTOMERS,
    { type: E.SEGMENT }, resultOf('sample.csv', ['A', 'B'])).state;
  const { state: forgotten, effects } = run(results, { type: E.FORGET });
  assert.equal(forgotten.phase, PHASES.NO_FILE);
  assert.deepEqual([forgotten.file, forgotten.result, forgotten.source, forgotten.loaded], [null, null, null, null]);
  assert.deepEqual(forgotten.choices, { k: 'auto', seed: '', bom: false, lens: 'auto', columns: [] });
  assert.equal(forgotten.forgotten, true);
  assert.deepEqual(effects, [{ type: 'forget-settings' }, { type: 'restart' }]);
  // The fresh worker's ready brings nothing back.
  assert.equal(run(forgotten, ready).state.choices.k, 'auto');
});

test('the events are the worker\'s messages and the page\'s own, and the table covers every phase', () => {
  const pageOwn = Object.values(E);
  for (const type of Object.values(TO_PAGE)) assert.ok(!pageOwn.includes(type), `${type} is the worker's`);
  assert.deepEqual([...EVENTS].sort(), [...Object.values(TO_PAGE), ...pageOwn].sort());
  const phases = Object.values(PHASES);
  for (const [type, rule] of Object.entries(TRANSITIONS)) {
    for (const p of rule.from) assert.ok(phases.includes(p), `${type} from ${p}`);
  }
  // Every phase can be left: by some event other than those taken everywhere.
  const everywhere = [TO_PAGE.ERROR, TO_PAGE.READY, E.FORGET, E.CRASHED, E.PAGE_FAILED, E.EDIT_COLUMN, E.EDIT_SETTINGS, E.RENAME, E.EXPORT_JSON, TO_PAGE.EXPORTED];
  for (const p of phases) {
    assert.ok(Object.entries(TRANSITIONS).some(([type, rule]) => !everywhere.includes(type) && rule.from.includes(p)), p);
  }
});

/** What the worker says of a saved model and of an export given its segments. */
const MODEL_OPENED = {
  type: TO_PAGE.MODEL_OPENED, name: 'shop.tribes.json',
  model: { version: '1.1', source: { file: 'shop.csv', rows: 10, columns: 3, date: null }, seed: 1, segments: [{ id: 0, name: 'A', size: 6, share: 0.6 }, { id: 1, name: 'B', size: 4, share: 0.4 }], needs: ['spend'], orders: false },
};
function appliedOf(slot, name, columns) {
  const applied = { segments: [{ id: 0, name: 'A', size: 5, share: 0.5 }, { id: 1, name: 'B', size: 5, share: 0.5 }], drift: { segments: [], columns: [] }, unseen: [], rows: 10, skipped: 0, ties: 0 };
  return { type: TO_PAGE.APPLIED, slot, name, size: 100, applied, columns };
}
const SHOP_COLUMNS = [{ name: 'Company', role: 'identifier' }, { name: 'Email', role: 'personal', email: true }, { name: 'Customer ID', role: 'identifier' }, { name: 'spend', role: 'feature' }];
const MOVEMENT = { matrix: [[3, 1], [0, 4]], segments: [{ id: 0, name: 'A' }, { id: 1, name: 'B' }], only_before: [1, 1], only_after: [0, 2], matched: 8, moved: 1, repeated_ids: [0, 0], blank_ids: [0, 0] };

test('saved segments: open a model, apply it to an export and a later one, who moved, its lists, audiences', () => {
  const csv = file('shop.csv');
  let { state, effects } = run(initialState(), ready, { type: E.OPEN_MODEL, source: file('shop.tribes.json') });
  assert.equal(state.phase, PHASES.OPENING_MODEL);
  assert.ok(isBusy(state));
  assert.deepEqual(sent(effects), [{ type: TO_WORKER.OPEN_MODEL, file: file('shop.tribes.json') }]);
  ({ state } = run(state, MODEL_OPENED));
  assert.equal(state.phase, PHASES.NO_FILE, 'back to where it started');
  assert.deepEqual(state.model.summary.needs, ['spend']);
  // A later export waits for the first.
  assert.equal(run(state, { type: E.APPLY_MODEL, source: csv, slot: 'after' }).ignored, true);
  ({ state, effects } = run(state, { type: E.APPLY_MODEL, source: csv, slot: 'before' }));
  assert.equal(state.phase, PHASES.APPLYING);
  assert.deepEqual(sent(effects), [{ type: TO_WORKER.APPLY, file: csv, slot: 'before' }]);
  ({ state, effects } = run(state, appliedOf('before', 'shop.csv', SHOP_COLUMNS)));
  assert.equal(state.phase, PHASES.NO_FILE);
  assert.equal(state.model.before.name, 'shop.csv');
  assert.deepEqual(effects, []);
  // The later export: who moved is counted at once, on the customer id (not the company).
  const next = file('next.csv');
  ({ state, effects } = run(state, { type: E.APPLY_MODEL, source: next, slot: 'after' }, appliedOf('after', 'next.csv', SHOP_COLUMNS)));
  assert.equal(state.phase, PHASES.MOVING);
  assert.deepEqual(sent(effects).pop(), { type: TO_WORKER.MOVEMENT, options: { id: 'Customer ID' } });
  ({ state } = run(state, { type: TO_PAGE.MOVEMENT, movement: MOVEMENT, id: 'Customer ID' }));
  assert.equal(state.phase, PHASES.NO_FILE);
  assert.equal(state.model.movement.moved, 1);
  // Another id column, then one cell's list.
  ({ effects } = run(state, { type: E.MOVE_BY, id: 'Email' }));
  assert.deepEqual(sent(effects), [{ type: TO_WORKER.MOVEMENT, options: { id: 'Email' } }]);
  assert.equal(run(state, { type: E.MOVE_BY, id: 'Not a column' }).ignored, true);
  ({ effects } = run(state, { type: E.LIST_MOVED, from: 0, to: 1 }));
  assert.deepEqual(sent(effects), [{ type: TO_WORKER.MOVED_IDS, options: { id: 'Customer ID', from: 0, to: 1 } }]);
  assert.equal(run(state, { type: E.LIST_MOVED, from: 0, to: 2 }).ignored, true);
  ({ effects } = run(state, { type: TO_PAGE.MOVED_IDS, bytes: new Uint8Array(1), from: 0, to: 1 }));
  assert.equal(effects[0].filename, 'next-moved-from-0-to-1.csv');
  // An audience of the latest export, with the phones' country and the consent choice.
  ({ state, effects } = run(state, { type: E.MAKE_AUDIENCE, format: 'google', segment: 1, country: ' GB ', includeUnsubscribed: false }));
  assert.equal(state.phase, PHASES.HASHING);
  assert.deepEqual(sent(effects), [{ type: TO_WORKER.AUDIENCE, options: { format: 'google', segment: 1, country: 'GB' } }]);
  assert.equal(run(state, { type: E.MAKE_AUDIENCE, format: 'google', segment: 1 }).ignored, true, 'busy');
  const summary = { format: 'google', records: 10, kept: 3, segments: [] };
  ({ state, effects } = run(state, { type: TO_PAGE.AUDIENCE, files: [{ segment: 1, file_name: 'segment-1-b-google.csv', csv: 'Email\n' }], summary, segment: 1 }));
  assert.equal(state.phase, PHASES.NO_FILE);
  assert.deepEqual(state.model.audience, { summary, segment: 1, file: 'next.csv' });
  assert.deepEqual(effects, [{ type: 'download', data: 'Email\n', mime: 'text/csv', filename: 'next-segment-1-b-google.csv' }]);
  assert.equal(run(state, { type: E.MAKE_AUDIENCE, format: 'linkedin', segment: 1 }).ignored, true);
  assert.equal(run(state, { type: E.MAKE_AUDIENCE, format: 'meta', segment: 5 }).ignored, true);
  // The export of an applied file, named after it.
  ({ effects } = run(state, { type: E.EXPORT_APPLIED, slot: 'after' }));
  assert.deepEqual(sent(effects), [{ type: TO_WORKER.EXPORT, options: { slot: 'after', bom: false } }]);
  ({ effects } = run(state, { type: TO_PAGE.EXPORTED, bytes: new Uint8Array(1), slot: 'after' }));
  assert.equal(effects[0].filename, 'next-segments.csv');
  // A new first export lets the later one and the movement go.
  ({ state } = run(state, { type: E.APPLY_MODEL, source: csv, slot: 'before' }, appliedOf('before', 'shop.csv', SHOP_COLUMNS)));
  assert.deepEqual([state.model.after, state.model.movement], [null, null]);
});

test('saved segments beside the segments shown: the model download, errors and Cancel', () => {
  let state = run(initialState(), ready, pickSample, CUSTOMERS, { type: E.SEGMENT }, resultOf('sample.csv', ['Big', 'Small']),
    { type: E.RENAME, segment: 1, name: 'Thrifty' }).state;
  let effects;
  ({ effects } = run(state, { type: E.SAVE_MODEL }));
  assert.deepEqual(sent(effects), [{ type: TO_WORKER.MODEL, options: { names: ['Big', 'Thrifty'] } }]);
  ({ effects } = run(state, { type: TO_PAGE.MODEL, text: '{}' }));
  assert.deepEqual(effects, [{ type: 'download', data: '{}', mime: 'application/json', filename: 'sample.tribes.json' }]);
  // A bad model: its message in the model's part, the segments shown as they were.
  ({ state } = run(state, { type: E.OPEN_MODEL, source: file('bad.tribes.json') }, { type: TO_PAGE.ERROR, message: 'bad.tribes.json: the model is cut short' }));
  assert.equal(state.phase, PHASES.RESULTS);
  assert.equal(state.model.error, 'bad.tribes.json: the model is cut short');
  assert.equal(state.error, '');
  assert.ok(canSegment(state));
  // While the worker applies, nothing else starts; Cancel lets the model go with the old worker.
  ({ state } = run(state, { type: E.OPEN_MODEL, source: file('shop.tribes.json') }, MODEL_OPENED, { type: E.APPLY_MODEL, source: file('shop.csv'), slot: 'before' }));
  assert.equal(state.phase, PHASES.APPLYING);
  assert.equal(canSegment(state), false);
  assert.equal(run(state, { type: E.SEGMENT }).ignored, true);
  ({ state, effects } = run(state, { type: E.CANCEL }));
  assert.equal(state.phase, PHASES.RELOADING);
  assert.equal(state.model, null);
  assert.equal(state.error, CANCELLED_MODEL);
  assert.equal(effects[0].type, 'restart');
  // With no file loaded, Cancel goes back to no file.
  ({ state } = run(initialState(), ready, { type: E.OPEN_MODEL, source: file('shop.tribes.json') }, { type: E.CANCEL }));
  assert.deepEqual([state.phase, state.model, state.error], [PHASES.NO_FILE, null, CANCELLED_MODEL]);
});

test('who moved is counted on an id in both exports: a customer id, else an e-mail, else none', () => {
  const f = (columns) => ({ columns });
  assert.equal(movementId(f(SHOP_COLUMNS), f(SHOP_COLUMNS)), 'Customer ID');
  assert.equal(movementId(f(SHOP_COLUMNS), f(SHOP_COLUMNS), 'Email'), 'Email', 'the one chosen stays');
  const noId = SHOP_COLUMNS.filter((c) => c.name !== 'Customer ID');
  assert.equal(movementId(f(SHOP_COLUMNS), f(noId)), 'Email');
  assert.equal(movementId(f([{ name: 'Record ID', role: 'identifier' }]), f([{ name: 'Record ID', role: 'identifier' }])), 'Record ID');
  assert.equal(movementId(f([{ name: 'spend', role: 'feature' }]), f([{ name: 'spend', role: 'feature' }])), '');
});

test('the page has words for every stage the core reports, and its kinds are the core\'s', () => {
  for (const stage of VOCABULARY.stages) assert.notEqual(stageWords(stage), stage, `words for ${stage}`);
  assert.equal(stageWords('a-new-stage'), 'a-new-stage', 'a stage without words shows its id');
  // The kind menus and the plan follow the vocabulary the worker gave, not a copy.
  const told = { ...VOCABULARY, kinds: [...VOCABULARY.kinds, 'currency'], featureKinds: [...VOCABULARY.featureKinds, 'currency'] };
  let { state } = run(initialState(), { ...ready, vocabulary: told }, pickSample, CUSTOMERS,
    { type: E.EDIT_COLUMN, index: 3, kind: 'currency' });
  assert.equal(state.choices.columns[3].kind, 'currency');
  ({ state } = run(initialState(), ready, pickSample, CUSTOMERS, { type: E.EDIT_COLUMN, index: 3, kind: 'currency' }));
  assert.equal(state.choices.columns[3].kind, 'text', 'a kind the core does not name is refused');
});

test('a worker that runs out of memory: the page says what happened, restarts it and offers a sample', () => {
  const big = { name: 'big.csv', size: 400e6 };
  let { state, effects } = run(initialState(), ready, { type: E.PICK, source: big, read: { delimiter: ',' } },
    { ...CUSTOMERS, name: 'big.csv', size: 400e6 }, { type: E.SEGMENT });
  assert.equal(state.phase, PHASES.RUNNING);
  ({ state, effects } = run(state, { type: TO_PAGE.STOPPED, message: 'The analysis ran out of memory (the page has 4 GB at most) and stopped (unreachable).' }));
  assert.equal(state.phase, PHASES.UNREADABLE);
  assert.match(state.error, /^The analysis ran out of memory .* segment a sample of its rows, or read it again\.$/);
  assert.deepEqual(effects, [{ type: 'restart' }]);
  // About 100 MB of a 400 MB file: one row in four, with the reading options the file had.
  assert.deepEqual(state.offer, { share: 0.25, read: { delimiter: ',' } });
  ({ state, effects } = run(state, { type: E.SEGMENT_SAMPLE }));
  assert.equal(state.phase, PHASES.READING);
  assert.equal(state.offer, null);
  assert.deepEqual(sent(effects), [{ type: TO_WORKER.LOAD, file: big, read: { delimiter: ',', sample: 0.25 } }]);
  // Read, the sample is segmented at once.
  ({ state, effects } = run(state, { ...CUSTOMERS, name: 'big.csv', size: 400e6 }));
  assert.equal(state.phase, PHASES.RUNNING);
  assert.equal(sent(effects)[0].type, TO_WORKER.ANALYZE);
  ({ state } = run(state, resultOf('big.csv', ['A', 'B'])));
  assert.equal(state.phase, PHASES.RESULTS);
  // Segments of a sample: the CSV gives every row of the whole file its segment, streamed.
  assert.equal(labelsEveryRow(state), true);
  ({ state, effects } = run(state, { type: E.RENAME, segment: 0, name: 'Loyal' }, { type: E.EXPORT_CSV, segment: null }));
  assert.equal(state.phase, PHASES.LABELLING);
  assert.equal(isBusy(state), true);
  assert.deepEqual(sent(effects), [{ type: TO_WORKER.LABEL, file: big, read: { delimiter: ',' }, options: { names: ['Loyal', 'B'], bom: false } }]);
  ({ state } = run(state, { type: TO_PAGE.PROGRESS, stage: 'label', fraction: 0.5 }));
  assert.deepEqual(state.progress, { stage: 'label', fraction: 0.5 });
  ({ state, effects } = run(state, { type: TO_PAGE.EXPORTED, bytes: new Blob(['a']), labelled: { rows: 4_000_000, skipped: 2 } }));
  assert.equal(state.phase, PHASES.RESULTS);
  assert.deepEqual(state.labelled, { rows: 4_000_000, skipped: 2 });
  assert.equal(effects[0].type, 'download');
  assert.equal(effects[0].filename, 'big-segments.csv');
  // Cancelled, the fresh worker reads the sample again; the segments stay.
  ({ state, effects } = run(state, { type: E.EXPORT_CSV, segment: 1 }, { type: E.CANCEL }));
  assert.equal(state.phase, PHASES.RELOADING);
  assert.deepEqual(sent(effects).at(-1), { type: TO_WORKER.LOAD, file: big, read: { delimiter: ',', sample: 0.25 } });
  assert.ok(state.result);
  // A file read whole exports what the worker holds, as before.
  ({ state } = run(withSample(), { type: E.SEGMENT }, resultOf('sample.csv', ['A', 'B'])));
  assert.equal(labelsEveryRow(state), false);
  assert.equal(sent(run(state, { type: E.EXPORT_CSV, segment: null }).effects)[0].type, TO_WORKER.EXPORT);
});

test('a file over a memory limit: the message of the core, and the share it says fits offered', () => {
  const big = { name: 'big.csv', size: 3e9 };
  const message = 'the file is 3.0 GB, over the limit of 1.1 GB for a file read whole: segment a sample of its rows (sample, --sample 0.35)';
  let { state } = run(initialState(), ready, { type: E.PICK, source: big, read: {} }, { type: TO_PAGE.ERROR, message, sample: 0.35 });
  assert.equal(state.phase, PHASES.UNREADABLE);
  assert.equal(state.error, message);
  assert.deepEqual(state.offer, { share: 0.35, read: {} });
  // The sample data is never offered a sample; nor a share of 1 or more.
  ({ state } = run(initialState(), ready, pickSample, { type: TO_PAGE.ERROR, message, sample: 0.35 }));
  assert.equal(state.offer, null);
  ({ state } = run(initialState(), ready, { type: E.PICK, source: big, read: {} }, { type: TO_PAGE.ERROR, message: 'x', sample: 1 }));
  assert.equal(state.offer, null);
  assert.equal(run(state, { type: E.SEGMENT_SAMPLE }).ignored, true);
});

test('the share offered after a crash is about 100 MB of the file, at most half of it', () => {
  assert.equal(crashShare(400e6), 0.25);
  assert.equal(crashShare(600e3), 0.5);
  assert.equal(crashShare(2.2e9), 0.045);
  assert.equal(crashShare(0), 0.5);
});
