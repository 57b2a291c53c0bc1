// The words the page and the <tribes-segments> element show for the core's ids. The ids are the
// core's (the worker's 'ready' message lists them); the words are the page's.

const STAGE_WORDS = Object.freeze({
  read: 'Reading',
  aggregate: 'Summarising orders per customer',
  'choose-k': 'Choosing the number of segments',
  fit: 'Segmenting',
  profile: 'Describing segments',
  stability: 'Checking how well the segments hold',
  // Not a core stage: the page's own, until the comparison reports one.
  compare: 'Comparing',
  hash: 'Hashing contact details',
  label: 'Giving every row of the file its segment',
});

/** What a progress stage is called; an id without words shows as it is. */
export function stageWords(stage) {
  return Object.prototype.hasOwnProperty.call(STAGE_WORDS, stage) ? STAGE_WORDS[stage] : String(stage);
}
