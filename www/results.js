// The segments as the page draws them from the state: the persona cards, the charts, and what
// the customers' words say. Called by view.js when state.result or state.comparison changes.
//
// The listeners here dispatch events (renaming, a segment's CSV) or act on what is drawn and
// change no state: a chart's SVG or PNG download, and printing a card.

import { el, download, slug, number, whole, percent, average, plural } from './dom.js';
import { SEGMENT_COLORS, segmentColor } from './palette.js';
import { scatter, sizes, heatmap, kSelection, keywordBars, svgBlob, pngBlob } from './charts.js';
import { PAGE_EVENTS, baseName, personaInputs } from './state.js';
import { persona, traitText, localPercents } from './persona.js';

/** Kinds whose values make groups to compare words by. */
const GROUPABLE = ['categorical', 'boolean', 'ordinal'];

/** Terms as a list of labelled bars, ordered and sized by the same figure, their count. */
function termBars(terms, label) {
  const most = Math.max(1, ...terms.map((t) => t.count));
  const sorted = [...terms].sort((a, b) => b.count - a.count);
  return el('ul', { class: 'bars', 'aria-label': label }, ...sorted.map((t) => {
    const bar = el('span', { class: 'bar' });
    bar.style.width = `${(100 * t.count / most).toFixed(1)}%`;
    return el('li', {}, el('span', { class: 'term', text: t.term }), el('span', { class: 'track' }, bar),
      el('span', { class: 'v', text: whole.format(t.count) }));
  }));
}

/** A chart in a figure, with its downloads, named after `base` (the file's name). */
function figure(svg, name, base, dispatch) {
  const title = svg.querySelector('title').textContent;
  const asSvg = el('button', { type: 'button', class: 'small', text: 'Download SVG' });
  asSvg.setAttribute('aria-label', `Download SVG of ${title}`);
  asSvg.addEventListener('click', () => download(svgBlob(svg), `${base}-${name}.svg`));
  const asPng = el('button', { type: 'button', class: 'small', text: 'Download PNG' });
  asPng.setAttribute('aria-label', `Download PNG of ${title}`);
  // A chart fills its panel, up to half as large again as drawn (its text no larger than 18 px);
  // one that must stay readable on a phone keeps a minimum width, and its panel scrolls.
  svg.style.maxWidth = `${Math.round(Number(svg.getAttribute('width')) * 1.5)}px`;
  if (svg.dataset.minWidth) svg.style.minWidth = `${svg.dataset.minWidth}px`;
  asPng.addEventListener('click', () => pngBlob(svg)
    .then((b) => download(b, `${base}-${name}.png`))
    .catch((e) => dispatch({ type: PAGE_EVENTS.PAGE_FAILED, message: e.message })));
  return el('figure', { class: 'chart', 'data-chart': name }, el('div', { class: 'chart-scroll' }, svg),
    el('figcaption', {}, el('span', { text: title }), asSvg, asPng));
}

/** Gives `node` the accessible name `prefix` + the segment's name, renamed with it (renderNames). */
function named(node, prefix, name) {
  node.dataset.prefix = prefix;
  node.setAttribute('aria-label', `${prefix}${name}`);
}

function traitList(items) {
  return el('ul', {}, ...items.map(([label, value, cls]) =>
    el('li', {}, el('span', { text: label }), el('span', { class: `v ${cls || ''}`, text: value }))));
}

/** Prints one card's persona as a page (the print style sheet hides everything else). */
function printPersona(card) {
  const details = card.querySelector('details.persona');
  const wasOpen = details.open;
  details.open = true;
  document.body.classList.add('printing');
  card.classList.add('print-me');
  const done = () => {
    document.body.classList.remove('printing');
    card.classList.remove('print-me');
    details.open = wasOpen;
    window.removeEventListener('afterprint', done);
  };
  window.addEventListener('afterprint', done);
  window.print();
}

/**
 * A segment's stability in words, from its stability (the mean share of its customers found
 * together again in each resample) with the same lines as the core's verdict (quality.rs: HOLDS
 * 0.85, WEAK 0.6), so that the verdict's count of segments that hold is the count of cards that
 * say so; how many resamples recovered it is the evidence.
 */
function stabilityWords(segment) {
  const r = segment.recovery;
  if (segment.stability == null || !r || !r.resamples) return null;
  const evidence = `back in ${r.count} of ${r.resamples} resamples, ${Math.round(segment.stability * 100)}% of its customers the same on average`;
  if (segment.stability >= 0.85) return `Holds: ${evidence}.`;
  if (segment.stability >= 0.6) return `A pattern, though who is in it shifts: ${evidence}.`;
  return `Dissolves when resampled: ${evidence}; read it as a tendency.`;
}

/** The segment's rule, to type into a CRM filter, with a button that copies it. */
function ruleBlock(segment) {
  const box = el('div', { class: 'rule' });
  if (!segment.rule) {
    box.append(el('p', { class: 'hint', text: 'No simple rule: no filter of up to three conditions finds 70% of this segment.' }));
    return box;
  }
  const { rule } = segment;
  const copy = el('button', { type: 'button', class: 'small', text: 'Copy rule' });
  // The accessible name starts with the visible text, as speech input expects.
  named(copy, 'Copy rule of ', segment.name);
  copy.addEventListener('click', () => {
    // The rule's own text: plain numbers, no thousands separators, as a CRM filter takes them.
    const done = (ok) => { copy.textContent = ok ? 'Copied' : 'Select the rule to copy it'; };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(rule.text).then(() => done(true), () => done(false));
    } else {
      done(false);
    }
  });
  box.append(el('code', { class: 'rule-text', text: rule.text }),
    el('p', { class: 'hint', text: `Finds ${percent.format(rule.coverage)} of this segment; `
      + `${percent.format(rule.precision)} of the customers it finds are in it.` }), copy);
  return box;
}

/** The persona's sections, drawn from `persona` (persona.js). */
function personaBody(p) {
  return p.sections.flatMap((s) => [el('h5', { text: s.heading }),
    s.lines.length > 1 ? el('ul', {}, ...s.lines.map((l) => el('li', { text: l }))) : el('p', { text: s.lines[0] })]);
}

/** The persona of a card: its fictional name and role to change, and its one page. */
function personaBox(state, segment, dispatch) {
  const p = persona(state.result, segment.id, personaInputs(state, segment.id));
  const field = (label, value) => {
    const input = el('input', { type: 'text', value, 'aria-label': `${label} of the persona of segment ${segment.id + 1}` });
    return [el('label', { class: 'persona-field' }, el('span', { text: label }), input), input];
  };
  const [nameLabel, name] = field('Persona name', p.name);
  const [roleLabel, role] = field('Role', p.role);
  const edit = () => dispatch({ type: PAGE_EVENTS.PERSONA, segment: segment.id, name: name.value, role: role.value });
  name.addEventListener('input', edit);
  role.addEventListener('input', edit);
  return el('details', { class: 'persona' },
    el('summary', {}, 'Persona: ', el('span', { class: 'persona-title', text: p.title })),
    el('div', { class: 'persona-fields row' }, nameLabel, roleLabel),
    el('h4', { class: 'persona-heading', text: p.title }),
    el('div', { class: 'persona-body' }, ...personaBody(p)));
}

/** The personas' titles and sentences again, after a name or a persona was edited. */
export function renderPersonas(ui, state) {
  if (!state.result) return;
  for (const card of ui.cards.querySelectorAll('article[data-segment]')) {
    const id = Number(card.dataset.segment);
    const p = persona(state.result, id, personaInputs(state, id));
    card.querySelector('.persona-title').textContent = p.title;
    card.querySelector('.persona-heading').textContent = p.title;
    card.querySelector('.persona-body').replaceChildren(...personaBody(p));
  }
}

/** A segment renamed: its name everywhere else, the charts, the buttons' names, the personas. */
export function renderNames(ui, state, dispatch) {
  if (!state.result) return;
  for (const card of ui.cards.querySelectorAll('article[data-segment]')) {
    const name = state.names[Number(card.dataset.segment)];
    for (const node of card.querySelectorAll('[data-prefix]')) node.setAttribute('aria-label', `${node.dataset.prefix}${name}`);
  }
  renderCharts(ui, state, dispatch);
  renderPersonas(ui, state);
}

function segmentCard(state, segment, color, dispatch) {
  const { result } = state;
  const card = el('article', { class: 'segment', 'data-segment': String(segment.id) });
  card.style.setProperty('--swatch', color);
  const bar = el('div', { class: 'share' }, el('span'));
  bar.firstElementChild.style.width = `${(segment.share * 100).toFixed(1)}%`;
  // The name is the user's to change: plain text only, used by the exports. The element keeps
  // what is typed; the state keeps the name (state.names), and the card is not drawn again.
  const name = el('span', { class: 'name', contenteditable: 'plaintext-only', spellcheck: 'false',
    role: 'textbox', 'aria-label': `Name of segment ${segment.id + 1} (editable)`, text: segment.name });
  name.addEventListener('input', () => dispatch({ type: PAGE_EVENTS.RENAME, segment: segment.id, name: name.textContent }));
  name.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); name.blur(); } });
  // The number is the one its centre carries on the map and in the map's legend.
  card.append(
    el('h3', {}, el('span', { class: 'badge', 'aria-hidden': 'true', text: String(segment.id + 1) }), name),
    el('p', { class: 'size', text: `${whole.format(segment.size)} customers · ${percent.format(segment.share)}` }),
    bar,
  );
  const outcomes = segment.outcomes || [];
  if (outcomes.length) {
    card.append(el('ul', { class: 'outcomes' }, ...outcomes.map((o) => el('li', { text: localPercents(o.text) }))));
  }
  const stable = stabilityWords(segment);
  if (stable) card.append(el('p', { class: 'stability', text: stable }));
  card.append(el('h4', { text: 'Find them in your CRM' }), ruleBlock(segment));
  if (segment.traits.length) {
    card.append(el('h4', { text: 'What sets it apart' }),
      el('ul', { class: 'traits' }, ...segment.traits.map((t) => el('li', { text: traitText(t) }))));
  }
  // The average, as the traits say it, and its index (100 = all customers). The colour and the
  // arrow say above or below average, never good or bad: many days since the last order is
  // "above" too.
  const numeric = segment.profile.numeric.filter((s) => Number.isFinite(s.mean)).map((s) => {
    const mark = s.index == null ? '' : s.index >= 115 ? '▲ ' : s.index <= 87 ? '▼ ' : '';
    const idx = s.index == null ? '' : ` · ${mark}${Math.round(s.index)}`;
    const cls = s.index == null ? '' : s.index >= 115 ? 'up' : s.index <= 87 ? 'down' : '';
    return [s.column, `${average(s.mean, s.column)}${idx}`, cls];
  });
  if (numeric.length) {
    card.append(el('h4', { text: 'Average · index' }),
      el('p', { class: 'hint legend', text: 'Index 100 = the average of all customers; ▲ above, ▼ below it (not good or bad).' }),
      traitList(numeric));
  }
  const cats = segment.profile.categorical
    .filter((c) => c.values.length)
    .map((c) => {
      const top = c.values[0];
      const lift = top.lift / 100;
      const cls = lift >= 1.5 ? 'up' : '';
      return [`${c.column}: ${top.value}`, `${percent.format(top.share)} · ${number.format(lift)}×`, cls];
    });
  if (cats.length) card.append(el('h4', { text: 'Most common · times as likely' }), traitList(cats));
  for (const set of segment.keywords) {
    if (!set.terms.length) continue;
    card.append(el('h4', { text: `Their words · ${set.column}` }),
      termBars(set.terms.slice(0, 6), `Distinctive terms of ${segment.name} in ${set.column}`));
  }
  if (segment.representatives.length) {
    // The columns that set the segment apart; never an identifier, personal or owner column
    // (the core leaves those cells empty).
    const headers = result.columns.map((c) => c.name);
    const shown = (r) => (r.apart && r.apart.length ? r.apart.map((a) => [a.column, a.value])
      : r.cells.map((c, i) => [headers[i], c])).filter(([, c]) => c.trim() !== '').slice(0, 6);
    card.append(el('h4', { text: 'Typical customers' }), el('ul', { class: 'typical' },
      ...segment.representatives.map((r) => el('li', {
        text: `row ${r.row}: ${shown(r).map(([h, c]) => `${h} ${c}`).join(' · ')}`,
      }))));
  }
  const list = el('button', { type: 'button', class: 'small', text: 'Download CSV of this segment' });
  named(list, 'Download CSV of this segment, ', segment.name);
  list.addEventListener('click', () => dispatch({ type: PAGE_EVENTS.EXPORT_CSV, segment: segment.id }));
  const print = el('button', { type: 'button', class: 'small', text: 'Print persona' });
  named(print, 'Print persona of ', segment.name);
  print.addEventListener('click', () => printPersona(card));
  const markdown = el('button', { type: 'button', class: 'small', text: 'Download persona (Markdown)' });
  named(markdown, 'Download persona (Markdown) of ', segment.name);
  markdown.addEventListener('click', () => dispatch({ type: PAGE_EVENTS.EXPORT_PERSONA, segment: segment.id }));
  card.append(personaBox(state, segment, dispatch), el('div', { class: 'row card-actions' }, list, print, markdown));
  return card;
}

/** The charts of the result, with the segments' names as the user edited them. */
export function renderCharts(ui, state, dispatch) {
  const named = { ...state.result, segments: state.result.segments.map((s, i) => ({ ...s, name: state.names[i] || s.name })) };
  ui.charts.replaceChildren(...charts(named, baseName(state), dispatch, chartWidth(ui.charts)));
}

/**
 * The width to draw a chart at: that of one column of the charts' grid (two columns of 30rem or
 * more, else one; as style.css lays them out), less the figure's padding; 560 before the panel
 * is laid out.
 */
function chartWidth(box) {
  const room = box.clientWidth;
  if (!room) return 560;
  const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  const columns = room >= 2 * 30 * rem + rem ? 2 : 1;
  const column = (room - (columns - 1) * rem) / columns;
  return Math.round(Math.max(300, Math.min(640, column - 1.2 * rem - 2)));
}

function charts(result, base, dispatch, width = 560) {
  const figures = [
    figure(scatter(result, SEGMENT_COLORS, width), 'map', base, dispatch),
    figure(sizes(result, SEGMENT_COLORS, width), 'sizes', base, dispatch),
  ];
  if (result.segments[0] && result.segments[0].profile.numeric.length) figures.push(figure(heatmap(result), 'index-heatmap', base, dispatch));
  if (result.k_selection.length) figures.push(figure(kSelection(result, width), 'choosing-k', base, dispatch));
  return figures;
}

/** "What they talk about": each text column's most frequent terms, and the comparison picker. */
function talk(ui, result, base, dispatch) {
  ui.talkBox.hidden = !result.text.length;
  if (!result.text.length) return;
  ui.talk.replaceChildren(...result.text.map((t) => el('div', { class: 'talk' },
    el('h3', { text: `${t.column}: most frequent` }),
    el('p', { class: 'hint', text: `${whole.format(t.docs)} rows with text, language ${t.language}`
      + `${t.urls + t.emails ? `; ${t.urls} links and ${t.emails} e-mail addresses left out` : ''}.` }),
    figure(keywordBars(`Most frequent terms in ${t.column}`, t.terms, '#2f5bd3', 'number of times each term occurs'),
      `words-${slug(t.column)}`, base, dispatch))));
  ui.compareText.replaceChildren(...result.text.map((t) => el('option', { value: t.column, text: t.column })));
  const groupable = result.columns.filter((c) => GROUPABLE.includes(c.kind));
  ui.compareBy.replaceChildren(el('option', { value: '', text: 'segment' }),
    ...groupable.map((c) => el('option', { value: c.name, text: c.name })));
}

/** The verdict on the whole result in words, with the figures behind it in a disclosure. */
function renderQuality(box, quality) {
  box.hidden = !quality;
  if (!quality) {
    box.replaceChildren();
    return;
  }
  const figures = [
    ['Stability, weighted by size', `${quality.stability.toFixed(2)} (0 to 1; 0.85 and above holds, below 0.6 dissolves)`],
    ['Least stable segment', quality.least_stable.toFixed(2)],
    ['Segments that hold (stability 0.85 or more)', `${quality.holding} of ${quality.segments}`],
    ['Silhouette', quality.silhouette == null ? 'not measured'
      : `${quality.silhouette.toFixed(2)} (-1 to 1: how much nearer each customer is to its own segment than to the next)`],
    ['How it was measured', `${quality.resamples} resamples of ${whole.format(quality.sample_rows)} customers, each segmented again`],
  ];
  const parts = [el('p', { class: `verdict verdict-${quality.verdict}`, text: quality.text })];
  if (quality.suggestion) parts.push(el('p', { class: 'hint', text: quality.suggestion }));
  parts.push(el('details', {}, el('summary', { text: 'The figures behind this' }), traitList(figures)));
  box.replaceChildren(...parts);
}

/** The segments of state.result, or the empty results panel when there is none. */
export function renderResult(ui, state, dispatch) {
  const { result } = state;
  ui.exports.hidden = !result;
  if (!result) {
    ui.resultSummary.textContent = 'Segments appear here.';
    ui.formedOn.textContent = '';
    ui.quality.hidden = true;
    ui.cards.replaceChildren();
    ui.charts.replaceChildren();
    ui.talkBox.hidden = true;
    return;
  }
  const base = baseName(state);
  const skipped = result.input.skipped.length;
  const sil = result.metrics.silhouette == null ? '' : `, silhouette ${result.metrics.silhouette.toFixed(2)}`;
  const chosen = result.k_selection.length ? ' (chosen automatically)' : '';
  // When auto k found no clear structure (identical rows, one population, unstable segments), the
  // core's sentence says so before anything else is read as a finding.
  const note = result.structure_note ? ` Note: ${result.structure_note}.` : '';
  ui.resultSummary.textContent = `${plural(result.k, 'segment')}${chosen} of ${whole.format(result.input.rows)} customers`
    + `${skipped ? ` (${skipped} rows skipped)` : ''}${sil}.${note} Seed ${result.seed}: enter it to repeat this run.`;
  // How many workers shared k-means (the labels are the same on any number).
  ui.resultSummary.dataset.workers = String(state.workers || 1);
  const used = result.columns.filter((c) => c.role === 'feature' || c.role === 'derived').map((c) => c.name);
  const lens = result.lens && result.lens.name !== 'auto' ? ` (the ${result.lens.name} lens)` : '';
  // Columns that could form segments but were left out, and why ("no link with any other column").
  // Grouped by the reason's first clause, so that a long file reads as a few short lines (the
  // columns table has each column's full reason).
  const reasons = new Map();
  for (const c of result.columns.filter((col) => col.role === 'profile' && col.role_evidence)) {
    const reason = c.role_evidence.replace(/^left out: /, '').split(/[,;(]/)[0].trim();
    reasons.set(reason, [...(reasons.get(reason) || []), c.name]);
  }
  const left = [...reasons].map(([reason, names]) => ` Left out, ${reason}: ${names.join(', ')}.`);
  ui.formedOn.textContent = `Formed on: ${used.join(', ')}${lens}.${left.join('')}`;
  renderQuality(ui.quality, result.quality);
  ui.cards.replaceChildren(...result.segments.map((s, i) => segmentCard(state, s, segmentColor(i), dispatch)));
  renderCharts(ui, state, dispatch);
  talk(ui, result, base, dispatch);
}

/** The words of state.comparison, one group each, or nothing. */
export function renderComparison(ui, state, dispatch) {
  const answer = state.comparison;
  if (!answer) {
    ui.compare.replaceChildren();
    return;
  }
  const base = baseName(state);
  const by = answer.by === 'segment' ? 'segment' : answer.by;
  ui.compare.replaceChildren(...answer.groups.map((g, i) => el('div', { class: 'talk' },
    el('h3', { text: `${by}: ${g.group}` }),
    el('p', { class: 'hint', text: `${plural(g.size, 'row')}` }),
    figure(keywordBars(`Distinctive terms of ${by} ${g.group}`, g.terms, segmentColor(i),
      'number of times each term occurs in the group'), `words-${slug(by)}-${slug(g.group)}`, base, dispatch))));
}
