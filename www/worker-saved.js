// The worker's answers for saved segments: the model of the segments shown, a saved model opened
// and checked, applied to an export (never fitted again), who moved between two exports under
// it and each cell's customers, and campaign audiences hashed here. Built after worker-page.js
// into the page's workers only (see protocol.js for the messages).

/* global Session, readModel, TO_WORKER, TO_PAGE, PAGE_HANDLERS, post, loaded, readInto */

/** A model file is a few hundred kilobytes; anything this large is not one, and is refused
 * before it is read. */
const MODEL_MAX_BYTES = 50 * 1024 * 1024;

/** The model opened ({ name, text, model }) and the exports it was applied to, by slot:
 * 'before' (the first) and 'after' (the later one), each { name, size, session }. */
const saved = { model: null, before: null, after: null };

/** The reading options the model's source was read with (as `tribes apply` reads a file). */
function modelReading(model) {
  const read = {};
  for (const key of ['delimiter', 'quote', 'decimal', 'encoding']) {
    if (model.options[key] != null) read[key] = model.options[key];
  }
  if (model.options.header && model.options.header !== 'auto') read.header = model.options.header;
  return read;
}

function openedModel() {
  if (!saved.model) throw new Error('no saved model is open: choose a .tribes.json file first');
  return saved.model;
}

function appliedFile(slot) {
  const file = saved[slot];
  if (!file) throw new Error('no export has the saved segments yet: choose a customers file first');
  return file;
}

function forget(slot) {
  if (saved[slot]) saved[slot].session.free();
  saved[slot] = null;
}

/** What the page shows of a model: where it came from, its segments, the columns it reads. */
function modelSummary(model) {
  return {
    version: model.version,
    source: model.source,
    seed: model.seed,
    segments: model.segments.map(({ id, name, size, share }) => ({ id, name, size, share })),
    needs: [...new Set(model.features.columns.map((c) => c.column))],
    orders: Boolean(model.rfm),
  };
}

async function openModel(file) {
  if (file.size > MODEL_MAX_BYTES) {
    throw new Error(`${file.name} is ${Math.round(file.size / 1048576)} MB: a saved model (.tribes.json) is far smaller; choose the model file`);
  }
  const text = await file.text();
  let model;
  try {
    model = readModel(text);
  } catch (err) {
    throw new Error(`${file.name}: ${err.message || err}`);
  }
  forget('before');
  forget('after');
  saved.model = { name: file.name, text, model };
  post(TO_PAGE.MODEL_OPENED, { name: file.name, model: modelSummary(model) });
}

async function applyTo(file, slot) {
  const { text, model } = openedModel();
  if (slot === 'after') appliedFile('before');
  const read = await readInto(file.name, file.size, file.stream(), modelReading(model));
  let applied;
  try {
    applied = read.session.apply(text);
  } catch (err) {
    read.session.free();
    throw new Error(`${file.name}: ${err.message || err}`);
  }
  // The page shows counts; the labels stay here, for the export.
  delete applied.labels;
  forget(slot);
  if (slot === 'before') forget('after');
  saved[slot] = { name: file.name, size: file.size, session: read.session };
  // An e-mail column can name a customer in both exports, as an id does (its values say so).
  // Orders given a model made from orders became customers, named by the model's customer column.
  const columns = applied.rfm
    ? [{ name: model.rfm.columns.customer, kind: 'identifier', role: 'identifier', email: false }]
    : read.inspection.columns.map(({ name, kind, role, examples }) => ({
      name, kind, role, email: role === 'personal' && examples.some((x) => /^[^@\s]+@[^@\s]+$/.test(x)),
    }));
  post(TO_PAGE.APPLIED, { slot, name: file.name, size: file.size, applied, columns });
}

Object.assign(PAGE_HANDLERS, {
  [TO_WORKER.MODEL]: (msg) => {
    const file = loaded();
    const text = file.session.model((msg.options || {}).names, file.name, file.rfmModel);
    post(TO_PAGE.MODEL, { text });
  },
  [TO_WORKER.OPEN_MODEL]: (msg) => openModel(msg.file),
  [TO_WORKER.APPLY]: (msg) => applyTo(msg.file, msg.slot),
  [TO_WORKER.MOVEMENT]: (msg) => {
    const { id } = msg.options;
    const movement = appliedFile('before').session.compare(appliedFile('after').session, openedModel().text, id);
    post(TO_PAGE.MOVEMENT, { movement, id });
  },
  [TO_WORKER.MOVED_IDS]: (msg) => {
    const { id, from, to } = msg.options;
    const bytes = appliedFile('before').session.movedIds(appliedFile('after').session, openedModel().text, id, from, to);
    post(TO_PAGE.MOVED_IDS, { bytes, from, to }, [bytes.buffer]);
  },
  [TO_WORKER.AUDIENCE]: (msg) => {
    // The latest export the model was applied to: this month's customers.
    const file = saved.after || appliedFile('before');
    const answer = file.session.audience(openedModel().text, msg.options);
    post(TO_PAGE.AUDIENCE, { files: answer.files, summary: answer.summary, segment: msg.options.segment });
  },
});

/** The export of an applied file: the file with the model's segments, as "Download CSV" writes
 * the segments shown (the same guard against spreadsheet formulas). */
function exportApplied(options) {
  const { slot, ...rest } = options;
  const bytes = appliedFile(slot).session.exportCsv(rest);
  post(TO_PAGE.EXPORTED, { bytes, slot }, [bytes.buffer]);
}
