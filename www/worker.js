// The analysis worker. Built into a classic Blob worker by `cargo xtask build`, after the
// wasm-bindgen glue (initSync, analyze, inspect, defaultOptions) and protocol.js, with
// TRIBES_WASM_BASE64 and TRIBES_SAMPLE_CSV defined. See protocol.js for the messages.

/* global initSync, analyze, inspect, defaultOptions, checkMessage, TO_WORKER, TO_PAGE,
   TRIBES_WASM_BASE64, TRIBES_SAMPLE_CSV */

/** The loaded file: { name, bytes }. Kept here so the page can run again with other options. */
let current = null;

function post(type, fields = {}, transfer = []) {
  self.postMessage({ type, ...fields }, transfer);
}

function wasmBytes() {
  const text = atob(TRIBES_WASM_BASE64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

function load(name, bytes) {
  current = { name, bytes };
  post(TO_PAGE.LOADED, { name, size: bytes.length, inspection: inspect(bytes, {}) });
}

function run(options) {
  if (!current) throw new Error('no file is loaded: choose a CSV file or the sample first');
  let last = 0;
  const onProgress = (stage, fraction) => {
    const now = performance.now();
    if (now - last >= 50) {
      last = now;
      post(TO_PAGE.PROGRESS, { stage, fraction });
    }
    return true;
  };
  const result = analyze(current.bytes, options || {}, onProgress);
  result.file = current.name;
  post(TO_PAGE.RESULT, { result }, [result.labels.buffer]);
}

self.onmessage = async (event) => {
  try {
    const msg = checkMessage(event.data, TO_WORKER);
    switch (msg.type) {
      case TO_WORKER.LOAD:
        post(TO_PAGE.PROGRESS, { stage: 'read', fraction: 0 });
        load(msg.file.name, new Uint8Array(await msg.file.arrayBuffer()));
        break;
      case TO_WORKER.SAMPLE:
        load('sample-customers.csv', new TextEncoder().encode(TRIBES_SAMPLE_CSV));
        break;
      case TO_WORKER.ANALYZE:
        run(msg.options);
        break;
    }
  } catch (err) {
    post(TO_PAGE.ERROR, { message: err && err.message ? err.message : String(err) });
  }
};

try {
  initSync({ module: wasmBytes() });
  post(TO_PAGE.READY, { defaults: defaultOptions() });
} catch (err) {
  post(TO_PAGE.ERROR, { message: `the analysis engine could not start: ${err.message || err}` });
}
