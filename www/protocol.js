// The messages between the page (app.js) and the worker (worker.js): the only way they talk.
//
// The page never calls wasm; the worker never touches the DOM. Every message is a plain object
// with a `type` from the lists below; a message with any other type is an error on both sides.
//
// Page -> worker
//   { type: 'load', file, read }  read `file` (a File the user picked or dropped) in chunks and
//                                 inspect it; `read` holds the reading options (delimiter, quote,
//                                 header, decimal, encoding), each detected when absent
//   { type: 'sample', read }      load the sample customers built into the worker
//   { type: 'analyze', options }  segment the loaded file; `options` uses the camelCase names of
//                                 the options table (k, seed, columns, exclude, kinds, scale, init,
//                                 nInit, tol, maxIter, textColumns, stopWords, top)
//   { type: 'export', options }   the file with each row's segment as CSV bytes, after 'analyze':
//                                 options.names (the segment names, as edited), options.bom
//                                 (UTF-8 byte-order mark for Excel), options.segment (one segment)
//   { type: 'keywords', options } the distinctive terms of options.textColumns[0], per value of
//                                 the column options.by (or per segment without it)
//   { type: 'rfm', options }      one row per customer from the loaded orders file; options:
//                                 customer, date, amount (or quantity and price), order, asOf;
//                                 the table made becomes the loaded file
//
// Worker -> page
//   { type: 'ready', defaults }   the wasm module is initialised; `defaults` are the core's options
//   { type: 'loaded', name, size, inspection, orders }
//                                 a file was read: its name, its size in bytes, what `inspect`
//                                 understood (input summary and columns with kinds and evidence),
//                                 and `orders`, whether it is one row per order and its columns
//                                 (rfm::Guess; null in a build without the page's API)
//   { type: 'progress', stage, fraction }
//                                 `stage` is 'read', 'aggregate', 'choose-k', 'fit' or 'profile'; `fraction`
//                                 runs from 0 to 1 within the stage; sent at most every 50 ms
//   { type: 'result', result }    the analysis (the result JSON of the CLI); `result.labels` is an
//                                 Int32Array and `result.projection.x`/`.y` Float32Arrays, whose
//                                 buffers are transferred, not copied
//   { type: 'exported', bytes, segment }
//                                 the CSV of 'export' (a Uint8Array, transferred)
//   { type: 'keywords', keywords } the answer to 'keywords' (the JSON of `tribes keywords`)
//   { type: 'rfm', name, size, inspection, rfm, segmentOptions }
//                                 the per-customer table made from the orders, now the loaded
//                                 file (name, size and inspection as in 'loaded'), the RFM result,
//                                 and the options its k-means segments take (columns, log, kMin)
//   { type: 'error', message }    what went wrong, naming the row and column where it can
//
// Cancel is not a message: the page terminates the worker and starts a fresh one.

export const TO_WORKER = Object.freeze({
  LOAD: 'load',
  SAMPLE: 'sample',
  ANALYZE: 'analyze',
  KEYWORDS: 'keywords',
  EXPORT: 'export',
  RFM: 'rfm',
});

export const TO_PAGE = Object.freeze({
  READY: 'ready',
  LOADED: 'loaded',
  PROGRESS: 'progress',
  RESULT: 'result',
  KEYWORDS: 'keywords',
  EXPORTED: 'exported',
  ERROR: 'error',
  RFM: 'rfm',
});

/** Throws unless `msg` is an object whose type is one of `types` (TO_WORKER or TO_PAGE). */
export function checkMessage(msg, types) {
  const known = Object.values(types);
  if (!msg || typeof msg !== 'object' || !known.includes(msg.type)) {
    const type = msg && typeof msg === 'object' ? String(msg.type) : typeof msg;
    throw new Error(`unknown message type "${type}" (expected one of ${known.join(', ')})`);
  }
  return msg;
}
