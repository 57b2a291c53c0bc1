// The buyer persona (www/persona.js) under Node: its fictional name and role, its sentences from
// the segment's figures, its Markdown, and the state machine's events that edit and download it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../lib/paths.mjs';

const www = (file) => import(pathToFileURL(path.join(ROOT, 'www', file)));
const { persona, personaMarkdown, suggestPersona } = await www('persona.js');
const { PAGE_EVENTS: E, initialState, transition } = await www('state.js');
const { TO_PAGE } = await www('protocol.js');

const numeric = (column, mean, overall, effect, q1, q3) => ({
  column, mean, median: mean, q1, q3, overall_mean: overall, overall_median: overall, effect,
  index: (100 * mean) / overall, above: 0.7, below: 0.3,
});

/** One segment of 120 of 400 customers: job titles mostly "operations lead", big spenders, and
 * (should a profile ever carry one) an e-mail column, which the persona must never show. */
function result() {
  return {
    file: 'contacts.csv',
    input: { rows: 400 },
    columns: [
      { name: 'Job Title', role: 'feature' }, { name: 'Total Spent', role: 'feature' },
      { name: 'Signup Year', role: 'feature' }, { name: 'Email', role: 'personal' },
      { name: 'frequency', role: 'feature' }, { name: 'Seats', role: 'feature' },
    ],
    segments: [{
      id: 0, name: 'Operations · high total spent', size: 120, share: 0.3,
      traits: [{ column: 'Total Spent', direction: 'high', segment: 12500, overall: 4000, ratio: 3.125, effect: 1.4, holds: 0.8,
        text: 'high total spent: average 12,500 against 4,000 overall (index 313)' }],
      profile: {
        numeric: [numeric('Total Spent', 12500, 4000, 1.4, 9000, 15000), numeric('Signup Year', 2008, 2015, -0.9, 2005, 2011),
          numeric('frequency', 9, 4, 1.1, 6, 12), numeric('Seats', 1, 3, -0.5, 1, 1)],
        categorical: [
          { column: 'Job Title', values: [{ value: 'operations lead', count: 80, share: 0.67, lift: 250 }] },
          { column: 'Email', values: [{ value: 'olivia@example.com', count: 1, share: 0.9, lift: 400 }] },
        ],
      },
      keywords: [{ column: 'Notes', terms: [{ term: 'invoice', count: 4 }, { term: 'shipping', count: 9 }] }],
      rule: { text: 'Total Spent >= 8000', coverage: 0.82, precision: 0.9 },
      outcomes: [{ column: 'Churn', value: 'yes', share: 0.05, overall: 0.26 }],
    }],
  };
}

test('a persona has a fictional name and role, from the segment, never from a personal column', () => {
  assert.deepEqual(suggestPersona(result(), 0), { name: 'High-spent Hana', role: 'operations lead' });
  const p = persona(result(), 0);
  assert.equal(p.title, 'High-spent Hana, operations lead');
  const text = JSON.stringify(p);
  assert.doesNotMatch(text, /olivia@example\.com|Email/);
  const who = p.sections.find((s) => s.heading === 'Who they are').lines.join(' ');
  assert.match(who, /120 of your 400 customers \(30%\), the segment "Operations · high total spent"/);
  assert.match(who, /Total Spent averages 12,500, against 4,000 for all customers; half of them are between 9,000 and 15,000/);
  // A year is never grouped.
  assert.match(who, /Signup Year averages 2008, against 2015/);
  // A middle half on one value read "between 1 and 1" on a Shopify export.
  assert.match(who, /Seats averages 1, against 3 for all customers; at least half of them have 1\./);
  assert.deepEqual(p.sections.map((s) => s.heading), ['Who they are', 'What they talk about', 'How they buy', 'How to find them', 'What to do']);
  // Words ordered by their count, as the bars are.
  assert.deepEqual(p.sections[1].lines, ['In Notes: shipping, invoice.']);
  assert.match(p.sections[2].lines[0], /they have ordered 9 times/);
  assert.match(p.sections[3].lines[0], /^Total Spent >= 8000 \(finds 82% of them; 90% of those it finds are in the segment\)/);
  assert.match(p.sections[4].lines.join(' '), /Churn 5% against 26% overall: learn from them/);
});

test('the name and role as edited, the segment as renamed, and the Markdown', () => {
  const p = persona(result(), 0, { names: ['Big buyers'], persona: { name: 'Ops Olivia', role: '' } });
  assert.equal(p.title, 'Ops Olivia, operations lead', 'an empty role is the suggested one');
  const md = personaMarkdown(p);
  assert.match(md, /^# Ops Olivia, operations lead\n\n\*Persona of the segment "Big buyers"\. The name and role are fictional\.\*\n\n## Who they are\n\n- Ops Olivia stands for 120/);
  assert.match(md, /\n## How to find them\n\nTotal Spent >= 8000 /);
});

test('the state keeps a persona as edited and downloads its Markdown', () => {
  let state = { ...initialState(), phase: 'running' };
  ({ state } = transition(state, { type: TO_PAGE.RESULT, result: result() }));
  ({ state } = transition(state, { type: E.PERSONA, segment: 0, name: ' Ops Olivia ', role: 'operations lead' }));
  assert.deepEqual(state.personas, [{ name: 'Ops Olivia', role: 'operations lead' }]);
  assert.equal(transition(state, { type: E.PERSONA, segment: 5, name: 'x', role: 'y' }).ignored, true);
  const { effects } = transition(state, { type: E.EXPORT_PERSONA, segment: 0 });
  assert.equal(effects.length, 1);
  assert.equal(effects[0].type, 'download');
  assert.equal(effects[0].filename, 'contacts-persona-1.md');
  assert.equal(effects[0].mime, 'text/markdown');
  assert.match(effects[0].data, /^# Ops Olivia, operations lead\n/);
  // A new result starts from the suggested personas.
  ({ state } = transition({ ...state, phase: 'running' }, { type: TO_PAGE.RESULT, result: result() }));
  assert.deepEqual(state.personas, []);
});
