// The segments' colours, one list for the page (its cards, charts and word bars) and for the
// <tribes-segments> element, so that a segment has the same colour wherever it is drawn.

export const SEGMENT_COLORS = Object.freeze(['#2f5bd3', '#d9822b', '#2e9e6b', '#b8408e', '#7a5af5',
  '#c0392b', '#1f9bb4', '#8c7a2a', '#5d6d7e', '#e0559b']);

/** The colour of segment (or group) `i`: the list repeats beyond its length. */
export function segmentColor(i) {
  return SEGMENT_COLORS[i % SEGMENT_COLORS.length];
}
