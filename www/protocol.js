// The messages between a page (app.js, or the <tribes-segments> element) and the worker
// (worker.js): the only way they talk.
//
// The page never calls wasm; the worker never touches the DOM. Every message is a plain object
// with a `type` from the lists below; a message with any other type is an error on both sides.
// Every option a page sends is listed in OPTIONS below, and `checkOptions` refuses any other, so
// that this list stays the whole of what the page asks of the core.
//
// Page -> worker
//   { type: 'load', file, read }  read `file` (a File the user picked or dropped) in chunks and
//                                 inspect it. `read`: the reading options, each detected when
//                                 absent (OPTIONS.read):
//                                   delimiter  ',', ';', 'tab', '|' or any one character
//                                   quote      '"' or "'"
//                                   header     'yes' or 'no' (absent: detected)
//                                   decimal    '.' or ','
//                                   encoding   a WHATWG label: 'utf-8', 'windows-1252'...
//                                   sheet      a workbook's sheet (absent: the first with data)
//                                   entry      a ZIP archive's CSV file (absent: an audience
//                                              export's files joined, or the first CSV file)
//                                   sample     the share of the rows to read (above 0, at most
//                                              1), spread over the file: for a file too large
//                                              to segment whole (absent: every row)
//                                 A workbook or a ZIP archive is held whole by the core (it cannot
//                                 be read in pieces); one over 100 MB is refused at its first chunk.
//                                 `second` (the page's builds): another File dropped with `file`;
//                                 both are read with `read`, the one that looks like an orders
//                                 export (one row per order) is joined onto the other as 'orders'
//                                 does, and the answer is 'joined' (an error when both or neither
//                                 look like orders)
//   { type: 'sample', read }      load the sample customers built into the worker; `read` as above
//   { type: 'analyze', options }  segment the loaded file. `options` (OPTIONS.analyze), in the
//                                 camelCase names of the README's options table:
//                                   k            a whole number, or 'auto' (see the README's "Choosing k")
//                                   seed         a whole number (absent: drawn, and reported)
//                                   columns      the columns to segment on (the embed's attribute;
//                                                the page sends exclude instead)
//                                   exclude      the columns left out (unticked in the page)
//                                   kinds        { column: kind } where the user changed a kind
//                                   roles        { column: role } where the user changed a role
//                                                (one of vocabulary.roles)
//                                   lens         one of vocabulary.lenses other than 'auto'
//                                                (absent: 'auto')
//                                   textColumns  the text columns whose words describe segments
//                                   log          'all' for customers made from orders (the
//                                                core's default, 'auto', is not sent)
//                                   kMin         the smallest k 'auto' tries (3 for customers
//                                                made from orders)
//                                 The core accepts every option of the table; these are the ones
//                                 a page sends.
//   { type: 'keywords', options } the distinctive terms of options.textColumns[0], per value of
//                                 the column options.by, or per segment without it (the analysis
//                                 then runs with the other options). OPTIONS.keywords: those of
//                                 'analyze' and `by`
//   { type: 'export', options }   after 'analyze', the loaded file with each row's segment, as CSV
//                                 bytes. OPTIONS.export:
//                                   names    the segment names, as the user edited them
//                                   bom      true: a UTF-8 byte-order mark first, for Excel
//                                   segment  only this segment's rows (a segment id)
//   { type: 'rfm', options }      one row per customer from the loaded orders file; the table made
//                                 becomes the loaded file. OPTIONS.rfm, column names except asOf:
//                                   customer  the customer id
//                                   date      the order date
//                                   amount    the order's amount, or instead both of
//                                   quantity, price  (amount = quantity × price)
//                                   order     the order id (absent: each row is an order)
//                                   asOf      'YYYY-MM-DD', the day recency counts to (absent:
//                                             the last order's date)
//   { type: 'orders', file, options }
//                                 join the orders export `file` (a File; its dialect and encoding
//                                 detected) onto the loaded customers file, as `tribes analyze
//                                 --orders`: each customer gets its orders' figures, and segmenting,
//                                 words and the export use them from then on. OPTIONS.orders:
//                                   join  'CUSTOMERS_COLUMN=ORDERS_COLUMN' (absent: the pair of
//                                         identifier or e-mail columns whose values match best)
//   { type: 'model', options }    after 'analyze', the segments shown as a saved model's text
//                                 (`*.tribes.json`). OPTIONS.model: names (the segment names, as
//                                 the user edited them)
//   { type: 'open-model', file }  read the saved model `file` (a File) and check it; it is the
//                                 model applied from then on, and the exports given an earlier
//                                 model are let go
//   { type: 'apply', file, slot } read the export `file` (with the reading options of the model's
//                                 source) and give every row the model's segment, never fitting
//                                 again. `slot`: 'before' (the customers file; a later one goes)
//                                 or 'after' (a later export of the same customers)
//   { type: 'movement', options } who moved between the exports 'before' and 'after'.
//                                 OPTIONS.movement: id (the column that names a customer in both)
//   { type: 'moved-ids', options } the ids of one cell of the movement, as CSV bytes.
//                                 OPTIONS['moved-ids']: id, from, to (segment ids)
//   { type: 'audience', options } one segment's campaign audience from the latest export applied
//                                 ('after', else 'before'), hashed in the worker. OPTIONS.audience:
//                                   format   'google', 'meta' or 'tags'
//                                   segment  a segment id of the model
//                                   country  the country of phones written without + (a code or
//                                            a name; absent: the row's country column)
//                                   includeUnsubscribed  true: keep contacts who did not agree
//                                            to marketing
//   'export' takes `slot` too: the export of an applied file ('before' or 'after') with the
//   model's segments, instead of the loaded file's
//   { type: 'label', file, read, options }
//                                 after 'analyze' on a sample of `file` (read with `sample`), the
//                                 whole file with the segments shown: the model of those segments
//                                 given to every row as the file streams by (read twice when the
//                                 model counts days to the file's last date), as `tribes apply`
//                                 writes it, in memory that does not grow with the file. `read`:
//                                 the sample's reading options without `sample`. OPTIONS.label:
//                                 names, bom, segment, as 'export' takes them. Answered by
//                                 'exported', whose `bytes` is then a Blob, with `labelled`
//   { type: 'workers', channels } (the page's builds, when the page is cross-origin isolated)
//                                 the helper workers' channels, one SharedArrayBuffer each (see
//                                 worker-pool.js): from now on the analysis worker gives Lloyd's
//                                 blocks after its own to the helpers waiting on them
//   { type: 'host', channel }     makes this worker a helper: it answers the analysis worker's
//                                 block messages on `channel` (a SharedArrayBuffer) and nothing
//                                 else, until the page ends it
//
// Worker -> page
//   { type: 'ready', defaults, vocabulary }
//                                 the wasm module is initialised. `defaults`: the core's options
//                                 with their default values. `vocabulary`: { kinds, featureKinds,
//                                 stages, roles, hiddenRoles, lenses, formats }, the core's column
//                                 kinds, the kinds segments are formed on, the ids of the stages
//                                 'progress' reports, the roles a user can set (a column found
//                                 personal only those in hiddenRoles), the lenses and the files
//                                 the build reads ('csv', 'text', and in the site's build the
//                                 workbooks and 'zip')
//   { type: 'progress', stage, fraction }
//                                 `stage` is one of vocabulary.stages ('read', 'aggregate',
//                                 'choose-k', 'fit', 'profile', 'stability'); `fraction` runs from 0 to 1 within
//                                 the stage. Sent at each new stage, then at most every 50 ms
//   { type: 'loaded', name, size, inspection, orders }
//                                 a file was read. `name`: the file's name; `size`: its size in
//                                 bytes; `inspection`: what the core understood ({ input, columns }:
//                                 the dialect, encoding, rows used and skipped with their reasons,
//                                 warnings, and `source` { format, part, choices }: csv, text, xlsx,
//                                 xls, ods or zip, the sheet or archive file read, and those the
//                                 `sheet` or `entry` option can choose; each column's name, kind, evidence, missing and invalid
//                                 counts and examples); `orders`: whether it is one row per order,
//                                 with its guessed columns and the evidence (the core's RFM guess:
//                                 { transactions, customer, date, amount, quantity, price, order,
//                                 evidence }; null in a build without the page's API)
//   { type: 'rfm', name, size, inspection, rfm, segmentOptions }
//                                 the answer to 'rfm': the per-customer table, now the loaded file
//                                 (`name`, `size` and `inspection` as in 'loaded'); `rfm`: the RFM
//                                 summary (input counts, as_of, the named segments with their rule,
//                                 medians and action); `segmentOptions`: the options its k-means
//                                 segments take ({ columns, log, kMin, kinds })
//   { type: 'joined', name, size, ordersName, ordersSize, inspection, join, swapped }
//                                 the answer to 'orders', and to 'load' with `second`: `name` and
//                                 `size` are the customers file's, `ordersName` and `ordersSize` the
//                                 orders file's; `inspection`: the customers file with the columns
//                                 the orders added (as in 'loaded'); `join`: what the join did (the
//                                 result's `join`: the key and its match rates, the pairs measured,
//                                 customers matched, never ordered and without a key, and every
//                                 orders row as joined, unmatched or skipped); `swapped`: true when
//                                 the customers file was `second`
//   { type: 'result', result, workers }
//                                 the answer to 'analyze': the result JSON of `tribes analyze`, with
//                                 `result.file` the loaded file's name. `result.labels` is an
//                                 Int32Array and `result.projection.x`/`.y` Float32Arrays, whose
//                                 buffers are transferred, not copied. `workers`: how many workers
//                                 ran Lloyd's blocks of rows (1: the analysis worker alone, as
//                                 with fewer than 65,537 rows, no helpers, or a helper that
//                                 failed); the labels are the same whatever the number
//   { type: 'keywords', keywords } the answer to 'keywords': the JSON of `tribes keywords`
//   { type: 'exported', bytes, segment }
//                                 the answer to 'export': the CSV (a Uint8Array, transferred) and
//                                 the segment asked for (undefined for the whole file). The answer
//                                 to 'label' has the CSV as a Blob, and `labelled`: { rows,
//                                 skipped }, the rows of the whole file given a segment and those
//                                 skipped
//   { type: 'model', text }       the answer to 'model': the model file's text
//   { type: 'model-opened', name, model }
//                                 the answer to 'open-model': the file's name and what the page
//                                 shows of the model: { version, source, seed, segments: [{ id,
//                                 name, size, share }], needs (the columns it reads), orders
//                                 (made from an orders export) }
//   { type: 'applied', slot, name, size, applied, columns }
//                                 the answer to 'apply': `applied` is `tribes apply --format
//                                 json` without the labels ({ segments, drift, unseen, rows,
//                                 skipped, ties }); `columns` the export's columns ({ name, kind,
//                                 role, email }: email when its values are e-mail addresses)
//   { type: 'movement', movement, id }
//                                 the answer to 'movement': `tribes compare`'s JSON
//   { type: 'moved-ids', bytes, from, to }
//                                 the answer to 'moved-ids': the CSV (a Uint8Array, transferred)
//   { type: 'audience', files, summary, segment }
//                                 the answer to 'audience': the file ({ segment, file_name, csv })
//                                 and where every record went (`tribes audience`'s summary)
//   'exported' carries `slot` when the export was an applied file's
//   { type: 'error', message, sample }
//                                 what went wrong, naming the row and column where it can;
//                                 `sample` (absent mostly): the share of the rows that would fit,
//                                 when the file or its analysis is over a memory limit
//   { type: 'stopped', message }  the wasm module stopped (out of memory, or a trap): the worker
//                                 can do no more, and the page starts a fresh one. `message`
//                                 says in words what happened
//
// Cancel is not a message: the page terminates the worker and starts a fresh one.

export const TO_WORKER = Object.freeze({
  LOAD: 'load',
  SAMPLE: 'sample',
  ANALYZE: 'analyze',
  KEYWORDS: 'keywords',
  EXPORT: 'export',
  RFM: 'rfm',
  ORDERS: 'orders',
  MODEL: 'model',
  OPEN_MODEL: 'open-model',
  APPLY: 'apply',
  MOVEMENT: 'movement',
  MOVED_IDS: 'moved-ids',
  AUDIENCE: 'audience',
  LABEL: 'label',
  WORKERS: 'workers',
  HOST: 'host',
});

export const TO_PAGE = Object.freeze({
  READY: 'ready',
  LOADED: 'loaded',
  PROGRESS: 'progress',
  RESULT: 'result',
  KEYWORDS: 'keywords',
  EXPORTED: 'exported',
  ERROR: 'error',
  STOPPED: 'stopped',
  RFM: 'rfm',
  JOINED: 'joined',
  MODEL: 'model',
  MODEL_OPENED: 'model-opened',
  APPLIED: 'applied',
  MOVEMENT: 'movement',
  MOVED_IDS: 'moved-ids',
  AUDIENCE: 'audience',
});

const ANALYZE_OPTIONS = ['k', 'seed', 'columns', 'exclude', 'kinds', 'roles', 'lens', 'textColumns', 'log', 'kMin'];

/** Every option a page sends, by message type: `read` for 'load' and 'sample', `options` else. */
export const OPTIONS = Object.freeze({
  [TO_WORKER.LOAD]: Object.freeze(['delimiter', 'quote', 'header', 'decimal', 'encoding', 'sheet', 'entry', 'sample']),
  [TO_WORKER.SAMPLE]: Object.freeze(['delimiter', 'quote', 'header', 'decimal', 'encoding']),
  [TO_WORKER.ANALYZE]: Object.freeze(ANALYZE_OPTIONS),
  [TO_WORKER.KEYWORDS]: Object.freeze([...ANALYZE_OPTIONS, 'by']),
  [TO_WORKER.EXPORT]: Object.freeze(['names', 'bom', 'segment', 'slot']),
  [TO_WORKER.RFM]: Object.freeze(['customer', 'date', 'amount', 'quantity', 'price', 'order', 'asOf']),
  [TO_WORKER.ORDERS]: Object.freeze(['join']),
  [TO_WORKER.MODEL]: Object.freeze(['names']),
  [TO_WORKER.OPEN_MODEL]: Object.freeze([]),
  [TO_WORKER.APPLY]: Object.freeze([]),
  [TO_WORKER.MOVEMENT]: Object.freeze(['id']),
  [TO_WORKER.MOVED_IDS]: Object.freeze(['id', 'from', 'to']),
  [TO_WORKER.AUDIENCE]: Object.freeze(['format', 'segment', 'country', 'includeUnsubscribed']),
  [TO_WORKER.LABEL]: Object.freeze(['names', 'bom', 'segment']),
  [TO_WORKER.WORKERS]: Object.freeze([]),
  [TO_WORKER.HOST]: Object.freeze([]),
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

/**
 * Throws unless every option of the page -> worker message `msg` is one OPTIONS lists for its
 * type: an option added to the page without being listed here fails at once, in the tests.
 */
export function checkOptions(msg) {
  checkMessage(msg, TO_WORKER);
  const given = msg.type === TO_WORKER.LOAD || msg.type === TO_WORKER.SAMPLE ? msg.read : msg.options;
  const listed = OPTIONS[msg.type];
  for (const name of Object.keys(given || {})) {
    if (!listed.includes(name)) {
      throw new Error(`the page sent option "${name}" with '${msg.type}', which protocol.js does not list (${listed.join(', ')})`);
    }
  }
  return msg;
}
