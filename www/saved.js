// Saved segments in the page: "Download model" for the segments shown, and a saved model applied
// to an export, who moved between it and a later export, and each segment's campaign audiences.
// Drawn from state.model (state.js); the listeners only dispatch events.

import { el, plural, number, percent } from './dom.js';
import { PAGE_EVENTS, PHASES, isBusy, commonColumns } from './state.js';
import { stageWords } from './words.js';

/** What each format's audience file is, in words. */
const AUDIENCE_WORDS = Object.freeze({
  google: 'Google Ads Customer Match file',
  meta: 'Meta custom audience file',
  tags: 'e-mail and tag file (Mailchimp, Klaviyo)',
});

/** What the worker is doing for saved segments, in words, or ''. */
function savedStatus(state) {
  const m = state.model;
  const pct = state.progress ? ` ${Math.round(Math.max(0, Math.min(1, state.progress.fraction)) * 100)}%` : '';
  switch (state.phase) {
    case PHASES.OPENING_MODEL: return 'Opening the saved model…';
    case PHASES.APPLYING: return `${stageWords(state.progress ? state.progress.stage : 'read')} the export and giving it the saved segments…${pct}`;
    case PHASES.MOVING: return `Counting who moved between ${m.before.name} and ${m.after.name}…`;
    case PHASES.HASHING: return 'Writing the audience: contact details normalized and hashed on this device…';
    default: return '';
  }
}

/** "customers.tribes.json: 4 segments found in customers.csv (2,000 rows, as of 2024-12-31)...". */
function modelWords(m) {
  const { source, segments, needs, orders } = m.summary;
  const from = source.file ? ` in ${source.file}` : '';
  const date = source.date ? `, up to ${source.date}` : '';
  return `${m.name}: ${plural(segments.length, 'segment')} found${from} (${plural(source.rows, 'row')}${date}), `
    + `on ${needs.join(', ')}${orders ? ' (customers made from an orders export: give it the orders export)' : ''}. `
    + `Segments: ${segments.map((s) => s.name).join('; ')}.`;
}

/** The columns that changed since the model, in words a marketer reads. */
function driftItems(drift) {
  const changed = drift.columns.filter((c) => c.drifted).sort((a, b) => b.psi - a.psi);
  const items = changed.map((c) => el('li', { class: 'drifted', text: `${c.column} changed a lot since the model was made `
    + `(population stability index ${number.format(c.psi)}, above 0.2): segments that rely on it may fit these customers less well.` }));
  const some = drift.columns.filter((c) => !c.drifted && c.psi > 0.1).map((c) => c.column);
  if (some.length) items.push(el('li', { text: `Changed a little (index 0.1 to 0.2): ${some.join(', ')}.` }));
  if (!changed.length) items.push(el('li', { class: 'steady', text: 'No column changed much since the model was made (every population stability index at most 0.2).' }));
  return items;
}

/** One export given the model's segments: what happened to its rows, the segments and the drift. */
function appliedPart(file, slot, segments, dispatch) {
  const a = file.applied;
  const unseen = a.unseen.filter((u) => u.cells > 0);
  const notes = [`${plural(a.rows, 'row')} given the saved segments`];
  if (a.skipped) notes.push(`${plural(a.skipped, 'row')} skipped (no segment)`);
  if (unseen.length) {
    notes.push(`${plural(unseen.reduce((n, u) => n + u.cells, 0), 'value')} the model never saw, counted as "(other)" `
      + `(${unseen.map((u) => `${u.column}: ${u.cells.toLocaleString()}`).join(', ')})`);
  }
  if (a.ties) notes.push(`${plural(a.ties, 'row')} equally near two segments (given the lower id)`);
  const before = new Map(a.drift.segments.map((d) => [d.id, d.share_before]));
  const rows = a.segments.map((s) => el('tr', { 'data-segment': String(s.id) },
    el('th', { scope: 'row', text: segments[s.id] ? segments[s.id].name : s.name }),
    el('td', { text: s.size.toLocaleString() }),
    el('td', { text: percent.format(s.share) }),
    el('td', { text: before.has(s.id) ? percent.format(before.get(s.id)) : '–' })));
  const orders = Boolean(a.rfm);
  if (orders) {
    notes[0] = `${plural(a.rows, 'customer')} made from ${plural(a.rfm.input.rows, 'order row')} and given the saved segments, `
      + `recency counted to ${a.rfm.as_of}`;
  }
  const what = orders ? `the ${plural(a.rows, 'customer')} of ${file.name}` : file.name;
  const button = el('button', { type: 'button', text: `Download ${what} with segments (CSV)` });
  button.addEventListener('click', () => dispatch({ type: PAGE_EVENTS.EXPORT_APPLIED, slot }));
  const head = (cells) => el('thead', {}, el('tr', {}, ...cells.map((h) => el('th', { scope: 'col', text: h }))));
  return el('div', { class: 'applied', 'data-slot': slot },
    el('h3', { text: `Segments in ${file.name}` }),
    el('p', { class: 'summary', text: `${notes.join('; ')}.` }),
    el('div', { class: 'table-wrap' }, el('table', {},
      el('caption', { text: `Customers per segment in ${file.name}, and each segment's share when the model was made` }),
      head(['Segment', 'Customers', 'Share now', 'Share in the model']),
      el('tbody', {}, ...rows))),
    ...(orders ? [namedTable(file, a.rfm)] : []),
    el('ul', { class: 'notes drift' }, ...driftItems(a.drift)),
    el('div', { class: 'row' }, button));
}

/** Orders given a model made from orders: the named RFM segments (Champions, At risk...) now,
 * scored by the model's cut-offs, beside their share when it was made. */
function namedTable(file, rfm) {
  const shown = rfm.segments.filter((g) => g.size > 0 || g.share_before > 0);
  const share = (x) => (x == null ? '–' : percent.format(x));
  return el('div', { class: 'table-wrap' }, el('table', { class: 'named' },
    el('caption', { text: `Named RFM segments in ${file.name}, by the model's R, F and M cut-offs` }),
    el('thead', {}, el('tr', {}, ...['RFM segment', 'Customers', 'Share now', 'Share in the model'].map((h) => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, ...shown.map((g) => el('tr', {},
      el('th', { scope: 'row', text: g.name }),
      el('td', { text: g.size.toLocaleString() }),
      el('td', { text: share(g.share) }),
      el('td', { text: share(g.share_before) }))))));
}

/** Who moved between the named RFM segments (Champions to At risk), the segments no customer was
 * in on either side left out; counts only (the lists are by the model's segments, above). */
function namedMovement(m) {
  const mv = m.movement.rfm;
  const names = mv.segments.map((s) => s.name);
  const used = names.map((_, i) => mv.matrix[i].some((n) => n > 0) || mv.matrix.some((row) => row[i] > 0)
    || mv.only_before[i] > 0 || mv.only_after[i] > 0);
  const keep = names.map((_, i) => i).filter((i) => used[i]);
  const head = el('tr', {}, el('td', { text: '' }),
    ...keep.map((i) => el('th', { scope: 'col', text: names[i] })), el('th', { scope: 'col', text: 'Not in the later export' }));
  const body = keep.map((from) => el('tr', {},
    el('th', { scope: 'row', text: names[from] }),
    ...keep.map((to) => el('td', { class: mv.matrix[from][to] ? (from === to ? 'stayed' : 'moved') : '', text: mv.matrix[from][to].toLocaleString() })),
    el('td', { text: mv.only_before[from].toLocaleString() })));
  body.push(el('tr', { class: 'new' }, el('th', { scope: 'row', text: 'New in the later export' }),
    ...keep.map((i) => el('td', { text: mv.only_after[i].toLocaleString() })), el('td', { text: '' })));
  return [
    el('caption', { text: `Customers by named RFM segment in ${m.before.name} (rows) and in ${m.after.name} (columns): ${plural(mv.moved, 'customer')} changed` }),
    el('thead', {}, head),
    el('tbody', {}, ...body),
  ];
}

/** The movement as a table: a row per segment before, a column per segment after, each count a
 * button that downloads those customers' ids; then who is only in one of the two exports. */
function movementTable(m, dispatch) {
  const mv = m.movement;
  const names = mv.segments.map((s) => s.name);
  const cell = (n, from, to) => {
    if (!n) return el('td', { text: '0' });
    const b = el('button', { type: 'button', class: 'count', text: n.toLocaleString(),
      'aria-label': `${plural(n, 'customer')} from ${names[from]} to ${names[to]}: download their ${m.id}` });
    b.addEventListener('click', () => dispatch({ type: PAGE_EVENTS.LIST_MOVED, from, to }));
    return el('td', { class: from === to ? 'stayed' : 'moved' }, b);
  };
  const head = el('tr', {}, el('td', { text: '' }),
    ...names.map((n) => el('th', { scope: 'col', text: n })), el('th', { scope: 'col', text: 'Not in the later export' }));
  const body = mv.matrix.map((row, from) => el('tr', {},
    el('th', { scope: 'row', text: names[from] }),
    ...row.map((n, to) => cell(n, from, to)),
    el('td', { text: mv.only_before[from].toLocaleString() })));
  body.push(el('tr', { class: 'new' }, el('th', { scope: 'row', text: 'New in the later export' }),
    ...mv.only_after.map((n) => el('td', { text: n.toLocaleString() })), el('td', { text: '' })));
  return [
    el('caption', { text: `Customers by segment in ${m.before.name} (rows) and in ${m.after.name} (columns), matched on ${m.id}` }),
    el('thead', {}, head),
    el('tbody', {}, ...body),
  ];
}

function movementWords(m) {
  const mv = m.movement;
  const sum = (xs) => xs.reduce((a, b) => a + b, 0);
  const parts = [`${plural(mv.matched, 'customer')} in both exports, ${mv.moved.toLocaleString()} of them in another segment now`,
    `${sum(mv.only_before).toLocaleString()} only in ${m.before.name}`, `${sum(mv.only_after).toLocaleString()} new in ${m.after.name}`];
  const [rb, ra] = mv.repeated_ids;
  const [bb, ba] = mv.blank_ids;
  if (bb || ba) parts.push(`rows without ${m.id}: ${bb.toLocaleString()} and ${ba.toLocaleString()}`);
  if (rb || ra) parts.push(`rows whose ${m.id} repeats an earlier one (the last counts): ${rb.toLocaleString()} and ${ra.toLocaleString()}`);
  return `${parts.join('; ')}. Press a number to download those customers' ${m.id}.`;
}

/** Where every record of the last audience went, in words. */
function audienceWords(m) {
  const { summary: s, segment } = m.audience;
  const what = AUDIENCE_WORDS[s.format];
  const name = (s.segments.find((g) => g.id === segment) || { name: `segment ${segment}` }).name;
  const parts = [`${name}: ${plural(s.kept, 'contact')} in the ${what}`,
    `${s.without_consent.toLocaleString()} left out as they did not agree to marketing`,
    `${s.without_identifier.toLocaleString()} with no usable ${s.format === 'tags' ? 'e-mail address' : 'e-mail, phone or name'}`,
    `${s.other_segments.toLocaleString()} in other segments`];
  if (s.skipped) parts.push(`${plural(s.skipped, 'row')} skipped when read`);
  if (s.included_without_consent) parts.push(`${s.included_without_consent.toLocaleString()} kept without consent, as asked`);
  const read = s.columns.map((c) => `${c.column} (${c.field})`).join(', ');
  const hashed = s.format === 'tags' ? '' : ' Hashed on this device: no address or phone number is in the file.';
  return `${parts.join('; ')}, of ${plural(s.records, 'record')}. Read: ${read || 'no contact column'}.${hashed}`;
}

/** A row per segment, with its customers in the latest export and its audience's button; the
 * format, the phones' country and the consent choice are read when the button is pressed. */
function audienceRows(m, now, ui, dispatch) {
  const sizes = new Map(now.applied.segments.map((g) => [g.id, g.size]));
  return m.summary.segments.map((s) => {
    const b = el('button', { type: 'button', text: 'Download', 'aria-label': `Download the audience of ${s.name}` });
    b.addEventListener('click', () => dispatch({
      type: PAGE_EVENTS.MAKE_AUDIENCE, format: ui.format.value, segment: s.id,
      country: ui.country.value, includeUnsubscribed: ui.unsubscribed.checked,
    }));
    return el('tr', { 'data-segment': String(s.id) },
      el('th', { scope: 'row', text: s.name }),
      el('td', { text: (sizes.get(s.id) || 0).toLocaleString() }),
      el('td', {}, b));
  });
}

/** A drop zone whose file becomes the event `make(file)` makes. */
function savedDropZone(zone, make, dispatch) {
  for (const type of ['dragenter', 'dragover']) {
    zone.addEventListener(type, (e) => { e.preventDefault(); zone.classList.add('over'); });
  }
  for (const type of ['dragleave', 'drop']) zone.addEventListener(type, () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    const files = e.dataTransfer && e.dataTransfer.files;
    if (files && files.length) dispatch(make(files[0]));
  });
}

/** Wires the saved-segments part of the page; returns `render(prev, next)` for it. */
export function createSavedView(dispatch) {
  const $id = (id) => document.getElementById(id);
  const ui = {
    downloadModel: $id('download-model'), modelDrop: $id('model-drop'), modelFile: $id('model-file'),
    error: $id('model-error'), status: $id('model-status'), summary: $id('model-summary'),
    applyBox: $id('apply-box'), applyFile: $id('apply-file'), applied: $id('applied'),
    nextBox: $id('next-box'), nextFile: $id('next-file'), movementBox: $id('movement-box'), moveId: $id('move-id'),
    movementSummary: $id('movement-summary'), movement: $id('movement'), movementRfm: $id('movement-rfm'),
    audienceBox: $id('audience-box'), audienceTitle: $id('audience-title'), format: $id('audience-format'), country: $id('audience-country'),
    unsubscribed: $id('audience-unsubscribed'), audienceRows: document.querySelector('#audience-table tbody'),
    audienceSummary: $id('audience-summary'),
  };
  const open = (file) => ({ type: PAGE_EVENTS.OPEN_MODEL, source: file });
  const apply = (slot) => (file) => ({ type: PAGE_EVENTS.APPLY_MODEL, source: file, slot });
  const picked = (input, make) => input.addEventListener('change', () => {
    if (input.files.length) dispatch(make(input.files[0]));
    // The same file can be picked again (a model fixed by hand, the export saved anew).
    input.value = '';
  });
  picked(ui.modelFile, open);
  picked(ui.applyFile, apply('before'));
  picked(ui.nextFile, apply('after'));
  savedDropZone(ui.modelDrop, open, dispatch);
  savedDropZone(ui.applyBox, apply('before'), dispatch);
  savedDropZone(ui.nextBox, apply('after'), dispatch);
  ui.downloadModel.addEventListener('click', () => dispatch({ type: PAGE_EVENTS.SAVE_MODEL }));
  ui.moveId.addEventListener('change', () => dispatch({ type: PAGE_EVENTS.MOVE_BY, id: ui.moveId.value }));

  return function renderSaved(prev, next) {
    const busy = isBusy(next);
    for (const input of [ui.modelFile, ui.applyFile, ui.nextFile, ui.moveId, ui.format]) input.disabled = busy;
    for (const b of document.querySelectorAll('#saved button')) b.disabled = busy;
    ui.downloadModel.disabled = busy;
    // The single-file page's build reads no workbooks or archives: its pickers offer CSV only.
    const formats = next.vocabulary && next.vocabulary.formats;
    if ((!prev || prev.vocabulary !== next.vocabulary) && formats && !formats.includes('xlsx')) {
      for (const input of [ui.applyFile, ui.nextFile]) input.accept = '.csv,.tsv,.txt,text/csv';
    }
    if (prev && prev.model === next.model && prev.phase === next.phase && prev.progress === next.progress) return;
    ui.status.textContent = savedStatus(next);
    const m = next.model;
    ui.error.textContent = m ? m.error : '';
    ui.summary.hidden = !(m && m.summary);
    ui.applyBox.hidden = ui.summary.hidden;
    if (prev && prev.model === m) return;
    if (!m || !m.summary) {
      for (const box of [ui.nextBox, ui.movementBox, ui.audienceBox]) box.hidden = true;
      ui.applied.replaceChildren();
      return;
    }
    ui.summary.textContent = modelWords(m);
    const segments = m.summary.segments;
    ui.applied.replaceChildren(...['before', 'after'].filter((slot) => m[slot])
      .map((slot) => appliedPart(m[slot], slot, segments, dispatch)));
    ui.nextBox.hidden = !m.before;
    ui.movementBox.hidden = !(m.before && m.after);
    if (m.before && m.after) {
      const common = commonColumns(m.before, m.after);
      ui.moveId.replaceChildren(...(m.id ? [] : [el('option', { value: '', text: 'choose a column' })]),
        ...common.map((c) => el('option', { value: c, text: c })));
      ui.moveId.value = m.id;
      ui.movementSummary.textContent = m.movement ? movementWords(m)
        : 'Choose the column that names a customer in both exports (a customer id or an e-mail) to see who moved.';
      ui.movement.replaceChildren(...(m.movement ? movementTable(m, dispatch) : []));
      const named = Boolean(m.movement && m.movement.rfm);
      ui.movementRfm.hidden = !named;
      ui.movementRfm.replaceChildren(...(named ? namedMovement(m) : []));
    }
    const now = m.after || m.before;
    ui.audienceBox.hidden = !now;
    if (now) {
      ui.audienceTitle.textContent = `Campaign audiences from ${now.name}`;
      ui.audienceRows.replaceChildren(...audienceRows(m, now, ui, dispatch));
      ui.audienceSummary.textContent = m.audience ? audienceWords(m) : '';
    }
    // Buttons drawn anew take the state's busy flag too.
    for (const b of document.querySelectorAll('#saved button')) b.disabled = busy;
  };
}
