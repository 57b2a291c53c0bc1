// A buyer persona per segment, the one-page document marketing guides describe: a fictional name
// and role (the marketer can change both), who they are in sentences from the segment's figures,
// what they talk about, how they buy, the rule that finds them, and what to do. Pure: it reads the
// result and gives words, so state.js (the Markdown download) and results.js (the page and its
// print) say the same, and it runs under Node.
//
// Nothing personal is ever in it: the figures it reads are the profile's, which never holds an
// identifier, personal or owner column, and the columns are checked again against their roles.
// The first names are fictional, from a fixed list, never from the file.

import { average, percent, number } from './dom.js';

/** The core's shares ("49%") in the reader's locale ("49 %" in French). */
export const localPercents = (text) => text.replace(/(\d+(?:\.\d+)?)%/g, (_, p) => percent.format(Number(p) / 100));

/**
 * A trait in words with its figures in the reader's locale: the core's words, the page's numbers
 * (a number's average and the whole's, as the cards' table says them; a category's shares).
 */
export function traitText(t) {
  const cut = t.text.indexOf(': average ');
  if (t.direction === 'more' || cut < 0) return localPercents(t.text);
  const index = t.ratio == null ? '' : ` (index ${Math.round(t.ratio * 100)})`;
  return `${t.text.slice(0, cut)}: average ${average(t.segment, t.column)} against ${average(t.overall, t.column)} overall${index}`;
}

/** Fictional first names, one per initial, so that a persona's name can alliterate. */
const FIRST_NAMES = {
  a: 'Ava', b: 'Ben', c: 'Chloe', d: 'Dan', e: 'Eva', f: 'Finn', g: 'Grace', h: 'Hana', i: 'Ivan', j: 'Jade',
  k: 'Kai', l: 'Lena', m: 'Mia', n: 'Noah', o: 'Olivia', p: 'Paul', q: 'Quinn', r: 'Rosa', s: 'Sam', t: 'Tom',
  u: 'Uma', v: 'Vera', w: 'Will', x: 'Xena', y: 'Yusuf', z: 'Zoe',
};
const FALLBACK_NAMES = ['Alex', 'Robin', 'Kim', 'Sasha', 'Jordan', 'Charlie', 'Taylor', 'Morgan', 'Jamie', 'Riley'];

/** Columns whose value says what a customer does or is, best first: their top value is the role. */
const ROLE_COLUMNS = [/job|title|role|position|occupation|beruf|poste|puesto|department|abteilung/i,
  /industry|branche|sector|secteur|business|company.?type/i, /plan|tier|contract|membership|subscription/i];

const HIDDEN = ['identifier', 'personal', 'owner'];

/** The profile's columns that may be shown (the core leaves the others out; checked again). */
function shownColumns(result) {
  const hidden = new Set(result.columns.filter((c) => HIDDEN.includes(c.role)).map((c) => c.name));
  return (name) => !hidden.has(name);
}

/** A category's top value, when it is held by at least `min` of the segment. */
function topValue(segment, pattern, shown, min) {
  const stat = segment.profile.categorical.find((c) => pattern.test(c.column) && shown(c.column) && c.values.length);
  const top = stat && stat.values[0];
  return top && top.share >= min ? top.value : null;
}

/** The word a persona's name starts with, from the segment's strongest trait ("SaaS"). */
function descriptor(result, index) {
  const segment = result.segments[index];
  const shown = shownColumns(result);
  const strongest = segment.traits.find((t) => shown(t.column));
  let word = '';
  if (strongest && strongest.value && strongest.value.length <= 16 && !/^(yes|no|true|false|[01])$/i.test(strongest.value)) {
    word = strongest.value;
  } else if (strongest && strongest.direction === 'more') {
    // A yes/no column: its last word, "Citizen" of SeniorCitizen, "Marketing" of Accepts Marketing.
    const words = strongest.column.replace(/([a-z])([A-Z])/g, '$1 $2').split(/[\s_]+/).filter(Boolean);
    const last = words[words.length - 1] || '';
    word = /^(no|false|0)$/i.test(strongest.value || '') ? `Non-${last.toLowerCase()}` : last.charAt(0).toUpperCase() + last.slice(1);
  } else if (strongest) {
    // The last of the column's words as the core wrote them ("high monthly charges: ..."):
    // "High-charges".
    const words = strongest.text.split(':')[0].split(' ');
    word = `${strongest.direction === 'low' ? 'Low' : 'High'}-${words[words.length - 1]}`;
  }
  return word;
}

/** The fictional name and role a persona starts with: "SaaS Sam, Healthcare customer". Two
 * segments led by the same word get two different first names. */
export function suggestPersona(result, index) {
  const segment = result.segments[index];
  const shown = shownColumns(result);
  const word = descriptor(result, index);
  const initial = word.normalize('NFD').replace(/[^a-zA-Z]/g, '').charAt(0).toLowerCase();
  const taken = result.segments.slice(0, index).some((_, i) => descriptor(result, i) === word);
  const first = (!taken && FIRST_NAMES[initial]) || FALLBACK_NAMES[index % FALLBACK_NAMES.length];
  const name = word ? `${word} ${first}` : first;
  let role = 'customer';
  for (const pattern of ROLE_COLUMNS) {
    const value = topValue(segment, pattern, shown, 0.4);
    if (value) {
      role = pattern === ROLE_COLUMNS[0] ? value : `${value} customer`;
      break;
    }
  }
  return { name, role };
}

/** The RFM measures of a customers table made from orders, when they are there. */
const BUYING = [
  [/^(recency_days|days_since_last_order)$/, (v) => `their last order was ${average(v)} days ago`],
  [/^(frequency|orders)$/, (v) => `they have ordered ${number.format(v)} times`],
  [/^(monetary_total|order_total)$/, (v) => `they have spent ${average(v)} in all`],
  [/^(monetary_mean|average_order)$/, (v) => `${average(v)} per order`],
];

/**
 * The persona of segment `index` as sections of plain sentences: { title, name, role, segment,
 * sections: [{ heading, lines }] }. `names` are the segments' names as the user edited them,
 * `persona` the name and role as edited (or null for the suggested ones), `actions` the named RFM
 * segments' advice by name (from the customers made from orders), if any.
 */
export function persona(result, index, { names = [], persona: edited = null, actions = {} } = {}) {
  const segment = result.segments[index];
  const shown = shownColumns(result);
  const suggested = suggestPersona(result, index);
  const name = (edited && edited.name) || suggested.name;
  const role = (edited && edited.role) || suggested.role;
  const segmentName = names[index] || segment.name;
  const rows = result.input.rows;
  const who = [`${name} stands for ${segment.size.toLocaleString()} of your ${rows.toLocaleString()} customers (${percent.format(segment.share)}), the segment "${segmentName}".`];
  const numeric = segment.profile.numeric
    .filter((s) => shown(s.column) && Number.isFinite(s.mean) && !BUYING.some(([p]) => p.test(s.column)))
    .sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect));
  for (const s of numeric.slice(0, 3)) {
    const [low, high] = [average(s.q1, s.column), average(s.q3, s.column)];
    // A middle half on one value is said as that value ("between 1 and 1" read as a slip).
    const middle = low === high ? `at least half of them have ${low}` : `half of them are between ${low} and ${high}`;
    who.push(`Their ${s.column} averages ${average(s.mean, s.column)}, against ${average(s.overall_mean, s.column)} for all customers; ${middle}.`);
  }
  const categories = segment.profile.categorical
    .filter((c) => shown(c.column) && c.values.length && c.values[0].share >= 0.3 && !/rfm_segment/.test(c.column))
    .sort((a, b) => b.values[0].lift - a.values[0].lift);
  for (const c of categories.slice(0, 3)) {
    const top = c.values[0];
    who.push(`${percent.format(top.share)} have ${c.column} ${top.value} (${number.format(top.lift / 100)} times as likely as all customers).`);
  }
  const sections = [{ heading: 'Who they are', lines: who }];
  const talk = segment.keywords.filter((k) => k.terms.length)
    .map((k) => `In ${k.column}: ${[...k.terms].sort((a, b) => b.count - a.count).slice(0, 8).map((t) => t.term).join(', ')}.`);
  if (talk.length) sections.push({ heading: 'What they talk about', lines: talk });
  const buying = [];
  for (const [pattern, words] of BUYING) {
    const s = segment.profile.numeric.find((x) => pattern.test(x.column) && Number.isFinite(x.mean));
    if (s) buying.push(words(s.mean));
  }
  const rfm = segment.profile.categorical.find((c) => c.column === 'rfm_segment' && c.values.length);
  if (buying.length) {
    sections.push({ heading: 'How they buy', lines: [`On average ${buying.join(', ')}.`]
      .concat(rfm ? [`${percent.format(rfm.values[0].share)} are "${rfm.values[0].value}" by their recency and frequency.`] : []) });
  }
  sections.push({ heading: 'How to find them', lines: [segment.rule
    ? `${segment.rule.text} (finds ${percent.format(segment.rule.coverage)} of them; ${percent.format(segment.rule.precision)} of those it finds are in the segment).`
    : 'No simple rule: no filter of up to three conditions finds 70% of them. Use the segment\'s CSV export instead.'] });
  const todo = [];
  if (rfm && rfm.values[0].share >= 0.5 && actions[rfm.values[0].value]) todo.push(actions[rfm.values[0].value]);
  for (const o of segment.outcomes || []) {
    if (o.overall > 0 && o.share >= 1.2 * o.overall) {
      todo.push(`${o.column} ${percent.format(o.share)} against ${percent.format(o.overall)} overall: reach them before it happens, with what sets them apart.`);
    } else if (o.overall > 0 && o.share <= 0.8 * o.overall) {
      todo.push(`${o.column} ${percent.format(o.share)} against ${percent.format(o.overall)} overall: learn from them, and find more like them.`);
    }
  }
  const lead = segment.traits.find((t) => shown(t.column));
  todo.push(lead
    ? `Speak to what sets them apart first: ${traitText(lead)}.`
    : 'Nothing sets them far apart: treat them as your typical customer, and test messages on them.');
  sections.push({ heading: 'What to do', lines: todo });
  return { title: `${name}, ${role}`, name, role, segment: segmentName, sections };
}

/** The persona as a Markdown document. */
export function personaMarkdown(p) {
  const out = [`# ${p.title}`, '', `*Persona of the segment "${p.segment}". The name and role are fictional.*`];
  for (const s of p.sections) {
    out.push('', `## ${s.heading}`, '', ...s.lines.map((l) => (s.lines.length > 1 ? `- ${l}` : l)));
  }
  return `${out.join('\n')}\n`;
}
