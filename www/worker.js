// The analysis worker. Built into a classic Blob worker by `cargo xtask build`, after the
// wasm-bindgen glue (initSync, Session, defaultOptions, vocabulary) and protocol.js, with
// TRIBES_WASM (the module as text) and TRIBES_SAMPLE_CSV defined. See protocol.js for the messages.

/* global initSync, Session, defaultOptions, vocabulary, checkMessage, TO_WORKER, TO_PAGE,
   TRIBES_WASM, TRIBES_SAMPLE_CSV */

/** The file read: { name, size, session, inspection }. Kept so the page can run again with
 * other options. */
let current = null;

/** The answers to the page's messages beyond reading and segmenting, by message type: filled by
 * worker-page.js in the page's builds. The <tribes-segments> element sends none of them, so its
 * worker is built without that file (and its wasm build without the functions they call). */
const PAGE_HANDLERS = {};

function post(type, fields = {}, transfer = []) {
  self.postMessage({ type, ...fields }, transfer);
}

/**
 * The wasm module from its text form (crates/xtask/src/pack.rs): one character per frequent byte
 * value, a prefix and a character for the rest, so that the text gzips almost as well as the
 * module itself.
 */
function wasmBytes() {
  const { alphabet, order, length, text } = TRIBES_WASM;
  const index = new Uint8Array(128);
  for (let i = 0; i < alphabet.length; i++) index[alphabet.charCodeAt(i)] = i;
  const singles = alphabet.length - 2;
  const bytes = new Uint8Array(length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const p = index[text.charCodeAt(i)];
    bytes[n++] = p < singles ? order[p] : order[singles + (p - singles) * alphabet.length + index[text.charCodeAt(++i)]];
  }
  if (n !== length) throw new Error(`the built-in wasm module is damaged (${n} of ${length} bytes)`);
  return bytes;
}

/** Calls `send(fraction)` at most every 50 ms. */
function throttled(send) {
  let last = -Infinity;
  return (fraction) => {
    const now = performance.now();
    if (now - last >= 50) {
      last = now;
      send(fraction);
    }
  };
}

/** Reads a file chunk by chunk into a new Session (the file is never held whole in memory):
 * { name, size, session, inspection }. */
async function readInto(name, size, stream, read) {
  const session = new Session(read || {}, size);
  const report = throttled((fraction) => post(TO_PAGE.PROGRESS, { stage: 'read', fraction }));
  const reader = stream.getReader();
  let done = 0;
  for (;;) {
    const { value, done: end } = await reader.read();
    if (end) break;
    session.push(value);
    done += value.length;
    report(size ? done / size : 0);
  }
  return { name, size, session, inspection: session.finish({}) };
}

/** Reads a file into the loaded one, and says what was read. */
async function load(name, size, stream, read) {
  current = null;
  current = await readInto(name, size, stream, read);
  const orders = typeof current.session.rfmGuess === 'function' ? current.session.rfmGuess() : null;
  post(TO_PAGE.LOADED, { name, size, inspection: current.inspection, orders });
}

/** A progress callback for the wasm calls: each new stage at once, then at most every 50 ms. */
function progressReporter() {
  let stageNow = '';
  const report = throttled((fraction) => post(TO_PAGE.PROGRESS, { stage: stageNow, fraction }));
  const onProgress = (stage, fraction) => {
    if (stage !== stageNow) {
      // A new stage is always shown, however soon after the last report.
      stageNow = stage;
      post(TO_PAGE.PROGRESS, { stage, fraction });
    } else {
      report(fraction);
    }
    return true;
  };
  return onProgress;
}

function loaded() {
  if (!current) throw new Error('no file is loaded: choose a CSV file or the sample first');
  return current;
}

function run(options) {
  const { session } = loaded();
  // The page's builds may spread Lloyd's blocks over helper workers (worker-pool.js).
  const { result, workers } = PAGE_HANDLERS.segment
    ? PAGE_HANDLERS.segment(session, options || {}, progressReporter())
    : { result: session.analyze(options || {}, progressReporter()), workers: 1 };
  result.file = current.name;
  // The embeddable build draws no map: its result has no projection to transfer.
  const map = result.projection ? [result.projection.x.buffer, result.projection.y.buffer] : [];
  post(TO_PAGE.RESULT, { result, workers }, [result.labels.buffer, ...map]);
}

/** The answer worker-page.js gives to `type`; this build may have none. */
function pageHandler(type) {
  const handle = PAGE_HANDLERS[type];
  if (!handle) throw new Error(`this build does not answer '${type}'`);
  return handle;
}

self.onmessage = async (event) => {
  try {
    const msg = checkMessage(event.data, TO_WORKER);
    switch (msg.type) {
      case TO_WORKER.LOAD:
        // Two files dropped together are joined: the page's alone (worker-page.js).
        if (msg.second) await pageHandler('pair')(msg);
        else await load(msg.file.name, msg.file.size, msg.file.stream(), msg.read);
        break;
      case TO_WORKER.SAMPLE: {
        const bytes = new TextEncoder().encode(TRIBES_SAMPLE_CSV);
        await load('sample-customers.csv', bytes.length, new Blob([bytes]).stream(), msg.read);
        break;
      }
      case TO_WORKER.ANALYZE:
        run(msg.options);
        break;
      default:
        await pageHandler(msg.type)(msg);
    }
  } catch (err) {
    // The page's builds say more of a trap or a limit (worker-page.js).
    if (PAGE_HANDLERS.failed) PAGE_HANDLERS.failed(err);
    else post(TO_PAGE.ERROR, { message: err && err.message ? err.message : String(err) });
  }
};

try {
  initSync({ module: wasmBytes() });
  post(TO_PAGE.READY, { defaults: defaultOptions(), vocabulary: vocabulary() });
} catch (err) {
  post(TO_PAGE.ERROR, { message: `the analysis engine could not start: ${err.message || err}` });
}
