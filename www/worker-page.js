// The worker's answers to the page's messages beyond reading and segmenting: customers from an
// orders export (rfm), a customers file joined with its orders (load with `second`, orders), the
// words of a text column (keywords) and the CSV export (export). Built after worker.js into the
// worker of the page and of tribes.html, not into the <tribes-segments> element's, which sends
// none of these messages (and whose wasm build has none of the functions they call).

/* global Session, Labeller, TO_WORKER, TO_PAGE, PAGE_HANDLERS, post, loaded, readInto, progressReporter, current,
   exportApplied, throttled */

/** One row per customer from the loaded orders: the table made becomes the loaded file. */
function rfm(options) {
  const from = loaded();
  const out = from.session.rfmTable(options || {}, progressReporter());
  const session = new Session({}, out.csv.length);
  session.push(out.csv);
  const inspection = session.finish({});
  const name = `${from.name.replace(/\.[^.]*$/, '')}-customers.csv`;
  from.session.free();
  // rfmModel: how the customers were made and scored, which a model of their segments keeps
  // so that it applies to next month's orders.
  current = { name, size: out.csv.length, session, inspection, rfmModel: out.rfmModel };
  post(TO_PAGE.RFM, { name, size: out.csv.length, inspection, rfm: out.rfm, segmentOptions: out.segmentOptions });
}

/**
 * Joins the orders file read into `orders` onto the customers file `customers` (both as
 * `readInto` returns them), which becomes the loaded file; the orders' session is freed, as the
 * joined table holds what the analysis needs of it.
 */
function join(customers, orders, options, swapped) {
  let out;
  try {
    out = customers.session.join(orders.session, options || {}, progressReporter());
  } catch (err) {
    throw new Error(`${orders.name}: ${err.message || err}`);
  } finally {
    orders.session.free();
  }
  current = customers;
  post(TO_PAGE.JOINED, {
    name: customers.name, size: customers.size, ordersName: orders.name, ordersSize: orders.size,
    inspection: out.inspection, join: out.join, swapped,
  });
}

/** Two files dropped together: the one that looks like an orders export (one row per order,
 * with a customer, a date and an amount) is joined onto the other. */
async function loadPair(first, second, read) {
  current = null;
  const a = await readInto(first.name, first.size, first.stream(), read);
  const b = await readInto(second.name, second.size, second.stream(), read);
  const [aOrders, bOrders] = [a, b].map((f) => f.session.rfmGuess().transactions);
  if (aOrders === bOrders) {
    a.session.free();
    b.session.free();
    throw new Error(aOrders
      ? `${a.name} and ${b.name} both look like orders exports (one row per order): drop the customers file, then add its orders`
      : `neither ${a.name} nor ${b.name} looks like an orders export (one row per order, with a customer, a date and an amount): drop one customers file, then add its orders`);
  }
  if (aOrders) join(b, a, {}, true);
  else join(a, b, {}, false);
}

/** The CSV parts of a labelling gathered into Blobs of about this many bytes, so that the file
 * written is never one array in the worker's memory (the browser keeps large Blobs on disk). */
const LABEL_BLOB_BYTES = 32 * 1024 * 1024;

/**
 * The whole of `file`, segmented on a sample, with the segments shown: their model given to
 * every row as the file streams by (worker.js reads a file the same way), the CSV gathered in
 * Blobs. `read`: the sample's reading options without `sample`.
 */
async function labelAll(file, read, options) {
  const from = loaded();
  const text = from.session.model(options.names, from.name, from.rfmModel);
  const labeller = new Labeller(text, read || {}, options);
  try {
    const passes = labeller.needsDates ? 2 : 1;
    const pass = async (n, each) => {
      const report = throttled((fraction) => post(TO_PAGE.PROGRESS, { stage: 'label', fraction }));
      const reader = file.stream().getReader();
      let done = 0;
      for (;;) {
        const { value, done: end } = await reader.read();
        if (end) break;
        each(value);
        done += value.length;
        report(file.size ? (n + done / file.size) / passes : 0);
      }
    };
    post(TO_PAGE.PROGRESS, { stage: 'label', fraction: 0 });
    if (passes === 2) {
      await pass(0, (chunk) => labeller.scan(chunk));
      labeller.scanned();
    }
    const blobs = [];
    let parts = [];
    let held = 0;
    const keep = (bytes) => {
      if (bytes.length) parts.push(bytes);
      held += bytes.length;
      if (held >= LABEL_BLOB_BYTES) {
        blobs.push(new Blob(parts));
        parts = [];
        held = 0;
      }
    };
    await pass(passes - 1, (chunk) => keep(labeller.push(chunk)));
    const { bytes, applied } = labeller.finish();
    keep(bytes);
    blobs.push(new Blob(parts));
    const csv = new Blob(blobs, { type: 'text/csv' });
    post(TO_PAGE.EXPORTED, { bytes: csv, segment: options.segment, labelled: { rows: applied.rows, skipped: applied.skipped } });
  } finally {
    labeller.free();
  }
}

/** A trap in words. */
function crashed(err) {
  const what = String(err && err.message);
  return /memory|unreachable|allocation/i.test(what)
    ? `The analysis ran out of memory (the page has 4 GB at most) and stopped (${what}).`
    : `The analysis stopped on an internal error (${what}).`;
}

Object.assign(PAGE_HANDLERS, {
  // What went wrong, for the page. A trap (out of memory, `unreachable`) leaves the module
  // unusable: 'crashed', and the page starts a fresh worker. Over a limit, the core's message
  // says the share of rows that would fit: the page offers that sample.
  failed: (err) => {
    if (err instanceof WebAssembly.RuntimeError || err instanceof RangeError) {
      post(TO_PAGE.STOPPED, { message: crashed(err) });
      return;
    }
    const message = err && err.message ? err.message : String(err);
    const fits = /--sample ([0-9.]+)/.exec(message);
    post(TO_PAGE.ERROR, fits ? { message, sample: Number(fits[1]) } : { message });
  },
  pair: (msg) => loadPair(msg.file, msg.second, msg.read),
  [TO_WORKER.ORDERS]: async (msg) => {
    const customers = loaded();
    const orders = await readInto(msg.file.name, msg.file.size, msg.file.stream(), {});
    join(customers, orders, msg.options, false);
  },
  [TO_WORKER.RFM]: (msg) => rfm(msg.options),
  [TO_WORKER.KEYWORDS]: (msg) => {
    const answer = loaded().session.keywords(msg.options || {}, progressReporter());
    post(TO_PAGE.KEYWORDS, { keywords: answer });
  },
  [TO_WORKER.LABEL]: (msg) => labelAll(msg.file, msg.read, msg.options || {}),
  [TO_WORKER.EXPORT]: (msg) => {
    // An export given a saved model's segments (worker-saved.js).
    if (msg.options && msg.options.slot) return exportApplied(msg.options);
    const bytes = loaded().session.exportCsv(msg.options || {});
    post(TO_PAGE.EXPORTED, { bytes, segment: (msg.options || {}).segment }, [bytes.buffer]);
  },
});
