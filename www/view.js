// Draws the page from the state (state.js). `render(prev, next)` changes the parts of the DOM
// whose slice of the state changed (compared by identity: the machine makes a new object for
// every slice it changes), so a table is built once per file and the user's focus and typing are
// not disturbed by an unrelated change. Its listeners only dispatch events.

import { el, plural, number, whole, money, percent } from './dom.js';
import { PAGE_EVENTS, K_CHOICES, isBusy, canSegment, canAddOrders, vocabularyOf, labelsEveryRow } from './state.js';
import { stageWords } from './words.js';
import { renderResult, renderComparison, renderNames, renderPersonas } from './results.js';
import { createSavedView } from './saved.js';

const DELIMITER_NAMES = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

/** The lens choices in words (a lens the core adds without words shows as it is). */
const LENS_WORDS = {
  auto: 'Everything that forms groups',
  behaviour: 'How they buy (spend, orders, recency)',
  firmographics: 'Their company (industry, size, revenue)',
  location: 'Where they are',
  demographics: 'Who they are (age, gender, income)',
};

function setProgress(ui, { stage, fraction }) {
  const words = stageWords(stage);
  const pct = Math.round(Math.max(0, Math.min(1, fraction)) * 100);
  ui.progress.setAttribute('aria-valuenow', String(pct));
  ui.progress.setAttribute('aria-valuetext', `${words} ${pct}%`);
  ui.progress.firstElementChild.style.width = `${pct}%`;
  ui.progressText.textContent = `${words}… ${pct}%`;
}

/** Shows what was detected beside each "Detect" choice, so the user sees what to override. */
function showDetected(ui, input) {
  const label = (select, text) => { select.options[0].textContent = `Detect (${text})`; };
  label(ui.readDelimiter, DELIMITER_NAMES[input.delimiter] || `"${input.delimiter}"`);
  label(ui.readQuote, input.quote === "'" ? 'single' : 'double');
  label(ui.readHeader, input.header ? 'names the columns' : 'is data');
  label(ui.readDecimal, input.decimal === ',' ? 'comma' : 'point');
  label(ui.readEncoding, input.encoding);
}

/** The rows left out and why (the first 200). */
function showSkipped(ui, skipped, what) {
  ui.skippedBox.hidden = !skipped.length;
  ui.skippedSummary.textContent = `${plural(skipped.length, what)} skipped: why`;
  ui.skipped.replaceChildren(...skipped.slice(0, 200).map((s) =>
    el('li', { text: `${s.place || `row ${s.row} (line ${s.line})`}: ${s.reason}` })));
  if (skipped.length > 200) ui.skipped.append(el('li', { text: `…and ${skipped.length - 200} more` }));
}

/** "Segmenting on ...": the ticked columns of a kind segments are formed on. */
function showPlan(ui, state) {
  const usable = vocabularyOf(state).featureKinds;
  const columns = state.choices.columns;
  const segmenting = ['feature', 'derived'];
  const names = columns.filter((c) => c.use && (segmenting.includes(c.role) || !c.role)
    && (usable.includes(c.kind) || c.role === 'derived')).map((c) => c.name);
  const texts = columns.filter((c) => c.use && c.kind === 'text').map((c) => c.name);
  ui.plan.textContent = (names.length
    ? `Segmenting on ${names.join(', ')}${state.choices.lens === 'auto' ? ', those that form groups' : ` in the ${state.choices.lens} lens`}.`
    : 'No column to segment on is ticked: tick one, or set a column\'s kind to numeric or categorical.')
    + (texts.length ? ` Their words from ${texts.join(', ')}.` : '');
}

function columnRow(c, choice, index, vocabulary, dispatch) {
  const { kinds, roles } = vocabulary;
  const use = el('input', { type: 'checkbox', 'aria-label': `Use column ${c.name}` });
  use.checked = choice.use;
  const kind = el('select', { 'aria-label': `Kind of ${c.name}` },
    ...kinds.map((k) => el('option', { value: k, text: k })));
  kind.value = choice.kind;
  // A detected role the user cannot set (free text, nothing to use) shows as it is. A column
  // found personal offers only the roles that never show a value (the core refuses the others).
  const settable = c.role === 'personal' && vocabulary.hiddenRoles ? vocabulary.hiddenRoles : roles;
  const roleNames = settable.includes(choice.role) ? settable : [choice.role, ...settable];
  const role = el('select', { 'aria-label': `Role of ${c.name}` },
    ...roleNames.map((r) => el('option', { value: r, text: r })));
  role.value = choice.role;
  const row = el('tr', { 'data-column': c.name },
    el('td', { class: 'use' }, use),
    el('th', { scope: 'row', text: c.name }),
    el('td', {}, kind),
    el('td', {}, role),
    el('td', { text: (c.missing + c.invalid).toLocaleString() }),
    el('td', { class: 'examples', text: c.examples.join(', ') }),
    el('td', { class: 'why', text: `${c.evidence}. Role: ${c.role_evidence}` }));
  use.addEventListener('change', () => dispatch({ type: PAGE_EVENTS.EDIT_COLUMN, index, use: use.checked }));
  kind.addEventListener('change', () => dispatch({ type: PAGE_EVENTS.EDIT_COLUMN, index, kind: kind.value }));
  role.addEventListener('change', () => dispatch({ type: PAGE_EVENTS.EDIT_COLUMN, index, role: role.value }));
  row.classList.toggle('off', !choice.use);
  return row;
}

/** The ticks and kinds of the column table, as the state has them. */
function syncColumns(ui, state) {
  const rows = ui.columns.rows;
  state.choices.columns.forEach((choice, i) => {
    const row = rows[i];
    if (!row) return;
    row.querySelector('input').checked = choice.use;
    const [kind, role] = row.querySelectorAll('select');
    kind.value = choice.kind;
    if (role) role.value = choice.role;
    row.classList.toggle('off', !choice.use);
  });
}

const WORKBOOKS = { xlsx: 'Excel workbook', xlsb: 'Excel workbook', xls: 'Excel workbook', ods: 'OpenDocument workbook' };

/** What kind of file was read, and which part of it: "Excel workbook, sheet "Customers"". */
function sourceWords(input) {
  const { format, part, choices } = input.source;
  if (WORKBOOKS[format]) return `${WORKBOOKS[format]}, sheet "${part}"`;
  if (format === 'zip') {
    return part ? `ZIP archive, ${part}, ${input.encoding}`
      : `Mailchimp audience export: its ${choices.length} files joined, with a status column from their names`;
  }
  if (format === 'text') return `${input.encoding}, columns aligned with spaces`;
  return input.encoding;
}

/** The choice of sheet or archive file, when the file has more than one. */
function showPart(ui, source) {
  const workbook = Boolean(WORKBOOKS[source.format]);
  const joined = source.format === 'zip' && !source.part;
  ui.partBox.hidden = source.choices.length < 2;
  if (ui.partBox.hidden) return;
  ui.part.dataset.option = workbook ? 'sheet' : 'entry';
  ui.partLabel.textContent = workbook ? 'Sheet' : 'File in the archive';
  const options = source.choices.map((c) => el('option', { value: c, text: c }));
  // An audience export is read as its files joined; each file can still be read alone.
  if (source.format === 'zip' && (joined || source.choices.every(isAudienceFile))) {
    options.unshift(el('option', { value: '', text: `All ${source.choices.length} files, joined` }));
  }
  ui.part.replaceChildren(...options);
  ui.part.value = source.part || '';
}

/** A file of Mailchimp's audience export, by its name (as the core tells them). */
function isAudienceFile(path) {
  return /^(subscribed_|unsubscribed_|cleaned_|nonsubscribed_|members_export)/i.test(path.split('/').pop());
}

/**
 * What the drop zone offers, from the formats the worker's build reads: the single-file page's
 * build reads CSV and text files only (no workbooks or archives), and says so before a file is
 * chosen rather than after.
 */
function showReads(ui, formats) {
  if (!formats || formats.includes('xlsx')) return;
  ui.dropText.textContent = 'Drop a CSV or text file here (one row per customer, or an orders export with one '
    + 'row per order; this single-file copy reads no workbooks or ZIP archives: save a sheet as CSV first), or';
  ui.fileLabel.textContent = 'CSV file';
  ui.file.accept = '.csv,.tsv,.txt,text/csv';
  ui.ordersFile.accept = ui.file.accept;
}

function showFile(ui, state, dispatch) {
  const { file } = state;
  for (const box of [ui.fileSummary, ui.readBox, ui.columnsBox]) box.hidden = !file;
  if (!file) {
    ui.partBox.hidden = true;
    ui.fileNotes.hidden = true;
    ui.columns.replaceChildren();
    return;
  }
  const { name, size, inspection: { input, columns } } = file;
  const skipped = input.skipped.length ? `, ${plural(input.skipped.length, 'row')} skipped` : '';
  const kb = size >= 1 << 20 ? `${number.format(size / (1 << 20))} MB` : `${number.format(size / 1024)} KB`;
  showPart(ui, input.source);
  // A workbook has no delimiter, quote or encoding to choose.
  ui.readBox.hidden = Boolean(WORKBOOKS[input.source.format]);
  ui.fileSummary.replaceChildren(
    `${name} (${kb}, ${sourceWords(input)}): ${plural(input.rows, 'row')} used${skipped}, `
    + `${plural(input.columns, 'column')}. `,
    ui.plan,
  );
  ui.fileNotes.replaceChildren(...input.warnings.map((w) => el('li', { text: w })));
  ui.fileNotes.hidden = !input.warnings.length;
  // A known export (Shopify orders, HubSpot contacts...) says which of its columns mean what. The
  // customers made from an orders export carry some of its columns, but they are not that export:
  // the mapping would name columns the table does not have.
  const format = state.customers ? null : input.format;
  ui.formatMapping.hidden = !format;
  ui.formatMapping.textContent = format ? `Recognised: ${format.mapping}.` : '';
  showDetected(ui, input);
  const vocabulary = vocabularyOf(state);
  ui.lens.replaceChildren(...vocabulary.lenses.map((l) => el('option', { value: l, text: LENS_WORDS[l] || l })));
  ui.lens.value = state.choices.lens;
  ui.columns.replaceChildren(...columns.map((c, i) => columnRow(c, state.choices.columns[i], i, vocabulary, dispatch)));
}

/** The offer to turn an orders export into one row per customer, with the columns guessed. */
function showOrders(ui, state) {
  const { orders } = state;
  ui.ordersBox.hidden = !(orders && orders.transactions);
  if (ui.ordersBox.hidden) return;
  const columns = state.file.inspection.columns;
  ui.ordersEvidence.textContent = orders.evidence;
  const fill = (select, chosen, none) => {
    select.replaceChildren(...(none ? [el('option', { value: '', text: none })] : []),
      ...columns.map((c) => el('option', { value: c.name, text: c.name })));
    select.value = chosen || '';
  };
  fill(ui.ordersCustomer, orders.customer);
  fill(ui.ordersDate, orders.date);
  const product = orders.quantity && orders.price ? `${orders.quantity} × ${orders.price}` : null;
  fill(ui.ordersAmount, orders.amount, product);
  fill(ui.ordersOrder, orders.order, '(none: each row is an order)');
}

/** The join in plain words: "Joined 179 of 200 customers to their orders on Email; 21 never
 * ordered; 40 order rows for 9 customers not in this file". */
export function joinWords(join, ordersName) {
  const { key, orders } = join;
  const on = key.customers === key.orders ? key.customers : `${key.customers} (${key.orders} in the orders)`;
  const parts = [
    `Joined ${join.matched.toLocaleString()} of ${plural(join.customers, 'customer')} to their orders in ${ordersName} on ${on}`,
    `${join.never_ordered.toLocaleString()} never ordered`,
  ];
  if (join.without_key) parts.push(`${plural(join.without_key, 'customer')} without ${key.customers}`);
  if (orders.unmatched) {
    parts.push(`${plural(orders.unmatched, 'order row')} for ${plural(orders.unmatched_customers, 'customer')} not in this file`);
  }
  if (orders.skipped) parts.push(`${plural(orders.skipped, 'order row')} skipped`);
  const added = join.added.filter((c) => !['average_order', 'rfm_segment'].includes(c));
  return `${parts.join('; ')}. Each customer gains ${added.join(', ')} (days counted to ${join.as_of}).`;
}

/** The offer to add the loaded customers' orders, and what joining them did. */
function showJoin(ui, state) {
  const { joined } = state;
  ui.joinBox.hidden = !canAddOrders(state);
  ui.joinOffer.hidden = Boolean(joined);
  ui.joinReplace.hidden = !joined;
  ui.joinSummaryBox.hidden = !joined;
  if (!joined) return;
  const { join } = joined;
  ui.joinSummary.textContent = joinWords(join, joined.name);
  // The pairs of columns measured that share any customer, best first, when there was a choice.
  const chosen = `${join.key.customers}=${join.key.orders}`;
  const matching = joined.candidates.filter((p) => p.customers_matched > 0 && p.orders_matched > 0);
  const pairs = matching.map((p) => `${p.customers}=${p.orders}`);
  if (!pairs.includes(chosen)) pairs.unshift(chosen);
  ui.joinKeyBox.hidden = pairs.length < 2;
  ui.joinKey.replaceChildren(...pairs.map((p, i) => {
    const c = matching.find((x) => `${x.customers}=${x.orders}` === p);
    const rates = c ? ` (${percent.format(c.customers_matched)} of customers, ${percent.format(c.orders_matched)} of orders)` : '';
    return el('option', { value: p, text: `${p.replace('=', ' = ')}${rates}${i === 0 && c ? ', best' : ''}` });
  }));
  ui.joinKey.value = chosen;
  ui.joinNotes.replaceChildren(...join.warnings.map((w) => el('li', { text: w })));
  ui.joinNotes.hidden = !join.warnings.length;
  // In the file's order, whatever the reason.
  const rows = [...join.orders.unmatched_rows, ...join.orders.skipped_rows].sort((a, b) => a.row - b.row);
  ui.joinRowsBox.hidden = !rows.length;
  ui.joinRowsSummary.textContent = `${plural(rows.length, 'order row')} not joined: why`;
  ui.joinRows.replaceChildren(...rows.slice(0, 200).map((r) =>
    el('li', { text: `row ${r.row} (line ${r.line}): ${r.reason}` })));
  if (rows.length > 200) ui.joinRows.append(el('li', { text: `…and ${rows.length - 200} more` }));
}

/** The named RFM segments of the customers made from the orders. */
function showCustomers(ui, state) {
  const { customers } = state;
  ui.rfmBox.hidden = !customers;
  if (!customers) return;
  const { rfm } = customers;
  const { input } = rfm;
  ui.rfmSummary.textContent = `${plural(input.customers, 'customer')} from ${plural(input.rows_used, 'order row')}`
    + ` (${plural(input.returns, 'return')} netted out${input.skipped.length ? `, ${plural(input.skipped.length, 'row')} skipped: see above` : ''}),`
    + ` as of ${rfm.as_of}.${rfm.note ? ` Note: ${rfm.note}.` : ''} Segment them below on recency, frequency and monetary value (log-scaled), or untick and tick columns.`;
  const cell = (v, f = (x) => x) => el('td', { text: v == null ? '–' : f(v) });
  // A named segment no customer falls in ("New 0 (0%)") says nothing: it is left out.
  ui.rfmRows.replaceChildren(...rfm.segments.filter((s) => s.size > 0).map((s) => el('tr', { 'data-rfm-segment': s.name },
    el('th', { scope: 'row', text: s.name }),
    el('td', { text: `${whole.format(s.size)} (${percent.format(s.share)})` }),
    el('td', { text: s.rule }),
    cell(s.median_recency_days, (v) => whole.format(v)),
    cell(s.median_frequency, (v) => number.format(v)),
    cell(s.median_monetary_total, (v) => money.format(v)),
    el('td', { text: s.action }))));
}

/** A share of rows in words: "1 row in 4", or "27% of the rows". */
function sampleWords(share) {
  const one = 1 / share;
  return Number.isInteger(one) ? `1 row in ${one.toLocaleString('en-US')}` : `${(share * 100).toLocaleString('en-US', { maximumFractionDigits: 1 })}% of the rows`;
}

/** Returns `render(prev, next)`, which brings the DOM of `ui` from state `prev` (null: the page
 * as loaded) to state `next`. */
export function createRenderer(ui, dispatch) {
  const renderSaved = createSavedView(dispatch);
  return function render(prev, next) {
    const changed = (...keys) => !prev || keys.some((k) => prev[k] !== next[k]);

    const busy = isBusy(next);
    ui.run.disabled = !canSegment(next);
    ui.sample.disabled = busy;
    ui.file.disabled = busy;
    ui.ordersFile.disabled = busy;
    ui.cancel.hidden = !busy;
    ui.progressBox.hidden = !busy;
    if (busy && changed('progress')) setProgress(ui, next.progress);
    if (changed('error')) ui.error.textContent = next.error;
    if (changed('offer')) {
      ui.sampleOffer.hidden = !next.offer;
      // The share as people say it: one row in 4, rather than 0.25.
      if (next.offer) ui.sampleOffer.textContent = `Segment a sample (${sampleWords(next.offer.share)})`;
    }
    ui.sampleOffer.disabled = busy;
    if (next.forgotten && changed('forgotten')) {
      ui.forgotten.textContent = 'Forgotten: no setting or file is kept by this page now.';
    }
    if (prev && prev.source && !next.source) ui.file.value = '';

    if (next.ready && ui.k.options.length <= 1) {
      for (const k of K_CHOICES.slice(1)) ui.k.append(el('option', { value: k, text: k }));
    }
    if (changed('choices')) {
      const { k, seed, bom, lens } = next.choices;
      if (ui.k.value !== k && [...ui.k.options].some((o) => o.value === k)) ui.k.value = k;
      if (ui.lens.value !== lens && [...ui.lens.options].some((o) => o.value === lens)) ui.lens.value = lens;
      if (ui.seed.value !== seed) ui.seed.value = seed;
      ui.bom.checked = bom;
    }

    if (changed('vocabulary')) showReads(ui, vocabularyOf(next).formats);
    if (changed('file', 'vocabulary')) showFile(ui, next, dispatch);
    else if (changed('choices')) syncColumns(ui, next);
    if (next.file && changed('file', 'choices', 'vocabulary')) showPlan(ui, next);
    if (changed('file', 'customers')) {
      if (next.customers) showSkipped(ui, next.customers.rfm.input.skipped, 'order row');
      else if (next.file) showSkipped(ui, next.file.inspection.input.skipped, 'row');
      else ui.skippedBox.hidden = true;
    }
    if (changed('orders', 'file')) showOrders(ui, next);
    if (changed('customers')) showCustomers(ui, next);
    if (changed('joined', 'file', 'customers', 'orders')) showJoin(ui, next);

    if (changed('result')) {
      renderResult(ui, next, dispatch);
      // A new result: the keyboard and the screen reader land on it, not on the Segment button
      // thousands of pixels above the cards.
      if (next.result) {
        ui.resultsTitle.focus({ preventScroll: true });
        ui.resultsTitle.scrollIntoView({ block: 'start' });
      }
    } else if (changed('names')) {
      renderNames(ui, next, dispatch);
    } else if (changed('personas')) {
      renderPersonas(ui, next);
    }
    if (changed('comparison')) renderComparison(ui, next, dispatch);
    if (changed('result', 'loaded', 'labelled')) {
      // Segments of a sample: the download gives every row of the file its segment.
      const every = labelsEveryRow(next);
      ui.downloadCsv.textContent = every ? 'Download CSV of every row' : 'Download CSV';
      ui.labelled.textContent = every && next.labelled
        ? `${plural(next.labelled.rows, 'row')} of the whole file given a segment${next.labelled.skipped ? ` (${plural(next.labelled.skipped, 'row')} skipped)` : ''}.`
        : '';
    }
    ui.downloadCsv.disabled = busy;
    renderSaved(prev, next);
  };
}
