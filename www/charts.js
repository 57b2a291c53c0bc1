// The result's charts, drawn as SVG from the data: no charting library, nothing from the network.
//
// The map, the sizes and the choice of k are drawn `W` units wide, the width of their panel, so
// that their text shows at its size on a phone as on a desktop.
//
// Each chart is a <figure> holding an <svg role="img"> with a <title> and a <desc> (the text
// alternative, with the numbers), and buttons to download it as SVG or PNG. Every string from the
// file reaches the SVG through textContent, never as markup. Colours are attributes, not CSS, so a
// downloaded SVG looks as it does on the page; text uses currentColor, which follows the page's
// light or dark scheme.

const NS = 'http://www.w3.org/2000/svg';

function svgEl(tag, attrs = {}, text) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text != null) node.textContent = text;
  return node;
}

let serial = 0;

/** An <svg> of `width` x `height` with its title and description. */
function frame(width, height, title, desc) {
  const id = `chart-${++serial}`;
  const svg = svgEl('svg', {
    xmlns: NS, viewBox: `0 0 ${width} ${height}`, width, height, role: 'img',
    'aria-labelledby': `${id}-title ${id}-desc`, 'font-family': 'system-ui, sans-serif', 'font-size': 12,
  });
  svg.append(svgEl('title', { id: `${id}-title` }, title), svgEl('desc', { id: `${id}-desc` }, desc));
  return svg;
}

/**
 * `text` in lines of at most `max` characters, broken between words, else where a column name
 * joins its words (`MonthlyCharges`, `total_spent`), else inside a word: labels are shown whole,
 * never cut with an ellipsis.
 */
export function lines(text, max) {
  const out = [];
  let line = '';
  const push = (piece, space) => {
    if (line && line.length + (space ? 1 : 0) + piece.length > max) { out.push(line); line = ''; }
    line = line ? `${line}${space ? ' ' : ''}${piece}` : piece;
  };
  for (const word of String(text).split(/\s+/).filter(Boolean)) {
    if (word.length <= max) { push(word, true); continue; }
    const parts = word.split(/(?<=[a-z])(?=[A-Z])|(?<=[_\-/.])/);
    parts.forEach((part, i) => {
      for (let rest = part; rest; rest = rest.slice(max)) push(rest.slice(0, max), i === 0 && rest === part);
    });
  }
  if (line || !out.length) out.push(line);
  return out;
}

const LINE = 14;

/** A <text> of `rows` (from `lines`), one <tspan> each, the first on `attrs.y`. */
function label(attrs, rows) {
  const node = svgEl('text', { fill: 'currentColor', ...attrs });
  rows.forEach((row, i) => node.append(svgEl('tspan', { x: attrs.x, dy: i ? LINE : 0 }, row)));
  return node;
}

const fmt = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const count = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const pct = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });

/**
 * Segments on the 2-D map: at most 4,000 rows (every n-th), each segment's centre with the
 * number its card shows, and under the map a legend of those numbers, colours, names and sizes,
 * the same as on the cards.
 */
export function scatter(result, colors, W = 560) {
  const P = 40, plotH = Math.round(Math.min(380, W * 0.7));
  const { x, y, explained } = result.projection;
  const labels = Array.from(result.labels).filter((l) => l >= 0);
  const n = Math.min(x.length, labels.length);
  const step = Math.max(1, Math.ceil(n / 4000));
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < n; i += step) {
    x0 = Math.min(x0, x[i]); x1 = Math.max(x1, x[i]); y0 = Math.min(y0, y[i]); y1 = Math.max(y1, y[i]);
  }
  if (!(x1 > x0)) { x0 -= 1; x1 += 1; }
  if (!(y1 > y0)) { y0 -= 1; y1 += 1; }
  const sx = (v) => P + ((v - x0) / (x1 - x0)) * (W - 2 * P);
  const sy = (v) => plotH - P - ((v - y0) / (y1 - y0)) * (plotH - 2 * P);
  const axis1 = `first principal axis (${pct.format(explained[0])} of the variance)`;
  const axis2 = `second principal axis (${pct.format(explained[1])})`;
  const entries = result.segments.map((s) => ({
    s, rows: lines(`${s.name} · ${count.format(s.size)} (${pct.format(s.share)})`, Math.floor((W - P - 40) / 6.5)),
  }));
  const H = plotH + 10 + entries.reduce((h, e) => h + e.rows.length * LINE + 8, 0);
  const desc = `${count.format(n)} customers${step > 1 ? ` (every ${step}th drawn)` : ''} on the features' `
    + `${axis1} and ${axis2}. Centres: `
    + result.segments.map((s) => `${s.id + 1}. ${s.name} at (${fmt.format(s.centre[0])}, ${fmt.format(s.centre[1])})`).join('; ') + '.';
  const svg = frame(W, H, 'Segments on a map of the features', desc);
  svg.append(svgEl('rect', { x: P, y: P / 2, width: W - 2 * P, height: plotH - 1.5 * P, fill: 'none', stroke: 'currentColor', 'stroke-opacity': 0.25 }));
  const dots = svgEl('g', { 'fill-opacity': 0.55 });
  for (let i = 0; i < n; i += step) {
    dots.append(svgEl('circle', { cx: sx(x[i]).toFixed(1), cy: sy(y[i]).toFixed(1), r: 2.2, fill: colors[labels[i] % colors.length] }));
  }
  svg.append(dots);
  const marker = (cx, cy, s) => {
    svg.append(svgEl('circle', { cx, cy, r: 9, fill: colors[s.id % colors.length], stroke: '#fff', 'stroke-width': 2 }));
    svg.append(svgEl('text', { x: cx, y: cy + 4, 'text-anchor': 'middle', fill: '#fff', 'font-weight': 700, 'font-size': 11 }, String(s.id + 1)));
  };
  for (const s of result.segments) marker(sx(s.centre[0]), sy(s.centre[1]), s);
  svg.append(svgEl('text', { x: W / 2, y: plotH - 8, 'text-anchor': 'middle', fill: 'currentColor' }, axis1));
  svg.append(svgEl('text', { x: 12, y: plotH / 2, 'text-anchor': 'middle', fill: 'currentColor', transform: `rotate(-90 12 ${plotH / 2})` }, axis2));
  let top = plotH + 10;
  for (const { s, rows } of entries) {
    marker(P + 9, top + 9, s);
    svg.append(label({ x: P + 26, y: top + 13, class: 'legend', 'data-segment': s.id }, rows));
    top += rows.length * LINE + 8;
  }
  return svg;
}

/** Segment sizes as horizontal bars, each named whole (on up to three lines). */
export function sizes(result, colors, W = 600) {
  const L = Math.round(Math.min(220, W * 0.4));
  const rows = result.segments.map((s) => lines(s.name, Math.floor(L / 7)));
  const heights = rows.map((r) => Math.max(26, r.length * LINE + 10));
  const H = heights.reduce((a, b) => a + b, 0) + 20;
  const most = Math.max(...result.segments.map((s) => s.size), 1);
  const desc = result.segments.map((s) => `${s.name}: ${count.format(s.size)} customers (${pct.format(s.share)})`).join('; ') + '.';
  const svg = frame(W, H, 'Segment sizes', desc);
  let y = 10;
  result.segments.forEach((s, i) => {
    const mid = y + heights[i] / 2;
    svg.append(label({ x: L - 8, y: mid + 4 - ((rows[i].length - 1) * LINE) / 2, 'text-anchor': 'end', 'data-segment': s.id }, rows[i]));
    const w = ((W - L - 90) * s.size) / most;
    svg.append(svgEl('rect', { x: L, y: mid - 9, width: Math.max(1, w).toFixed(1), height: 18, rx: 3, fill: colors[s.id % colors.length] }));
    svg.append(svgEl('text', { x: L + w + 6, y: mid + 4, fill: 'currentColor' }, `${count.format(s.size)} · ${pct.format(s.share)}`));
    y += heights[i];
  });
  return svg;
}

/** A colour for an index: blue below 100, red above, white at 100 (log scale, 50 and 200 full). */
function indexColor(index) {
  if (index == null || !Number.isFinite(index) || index <= 0) return '#cccccc';
  const t = Math.max(-1, Math.min(1, Math.log2(index / 100)));
  const mix = (a, b) => Math.round(255 + (b - 255) * Math.abs(t));
  return t >= 0 ? `rgb(${mix(0, 214)},${mix(0, 96)},${mix(0, 77)})` : `rgb(${mix(0, 67)},${mix(0, 147)},${mix(0, 195)})`;
}

/**
 * Each numeric column's index (100 = all customers) by segment, with a legend of its colours:
 * above average and below, which says nothing of good or bad. Names and column names are whole,
 * on several lines; the chart is drawn at no less than its size's `minimum` share, so that its
 * text stays readable on a phone (its panel scrolls instead).
 */
export function heatmap(result) {
  const columns = result.segments[0] ? result.segments[0].profile.numeric.map((n) => n.column) : [];
  const cellW = 76, cellH = 30, L = 170;
  const heads = columns.map((c) => lines(c, 10));
  const T = 16 + Math.max(1, ...heads.map((h) => h.length)) * LINE;
  const names = result.segments.map((s) => lines(s.name, 24));
  const heights = names.map((r) => Math.max(cellH, r.length * LINE + 8));
  // Wide enough for the legend below too: its five colours and "above average" after them.
  const W = Math.max(L + Math.max(1, columns.length) * cellW + 10, L + 5 * 40 + 100);
  const top = T + heights.reduce((a, b) => a + b, 0);
  const H = top + 56;
  const desc = result.segments.map((s) => `${s.name}: ` + s.profile.numeric
    .map((n) => `${n.column} ${n.index == null ? 'no index' : Math.round(n.index)}`).join(', ')).join('; ') + '.';
  const svg = frame(W, H, 'Index of each numeric column by segment (100 = all customers)', desc);
  heads.forEach((rows, j) => {
    const x = L + j * cellW + cellW / 2;
    svg.append(label({ x, y: T - 8 - (rows.length - 1) * LINE, 'text-anchor': 'middle' }, rows));
  });
  let y = T;
  result.segments.forEach((s, i) => {
    const h = heights[i];
    svg.append(label({ x: L - 8, y: y + h / 2 + 4 - ((names[i].length - 1) * LINE) / 2, 'text-anchor': 'end', 'data-segment': s.id }, names[i]));
    s.profile.numeric.forEach((n, j) => {
      const x = L + j * cellW;
      svg.append(svgEl('rect', { x: x + 1, y: y + 1, width: cellW - 2, height: h - 2, fill: indexColor(n.index) }));
      svg.append(svgEl('text', { x: x + cellW / 2, y: y + h / 2 + 4, 'text-anchor': 'middle', fill: '#1b1b1b' },
        n.index == null ? '–' : String(Math.round(n.index))));
    });
    y += h;
  });
  // The legend: the colour scale from 50 (half the average) to 200 (twice it).
  const scale = [50, 71, 100, 141, 200];
  const keyW = 40, keyX = L;
  scale.forEach((v, i) => {
    svg.append(svgEl('rect', { x: keyX + i * keyW, y: top + 12, width: keyW, height: 14, fill: indexColor(v) }));
    svg.append(svgEl('text', { x: keyX + i * keyW + keyW / 2, y: top + 40, 'text-anchor': 'middle', fill: 'currentColor', 'font-size': 11 }, String(v)));
  });
  svg.append(svgEl('text', { x: keyX - 8, y: top + 24, 'text-anchor': 'end', fill: 'currentColor', 'font-size': 11 }, 'below average'));
  svg.append(svgEl('text', { x: keyX + scale.length * keyW + 8, y: top + 24, fill: 'currentColor', 'font-size': 11 }, 'above average'));
  svg.dataset.minWidth = String(Math.round(W * 0.8));
  return svg;
}

/** Silhouette (left axis) and inertia (right axis) for every k tried; the chosen k marked. */
export function kSelection(result, W = 560) {
  const scores = result.k_selection;
  const H = Math.round(Math.min(300, W * 0.6)), L = 56, R = 70, T = 20, B = 46;
  const ks = scores.map((s) => s.k);
  const sil = scores.map((s) => (s.silhouette == null ? NaN : s.silhouette));
  const ine = scores.map((s) => s.inertia);
  const [k0, k1] = [Math.min(...ks), Math.max(...ks)];
  const sx = (k) => L + ((k - k0) / Math.max(1, k1 - k0)) * (W - L - R);
  const range = (v) => {
    const ok = v.filter(Number.isFinite);
    const lo = Math.min(...ok), hi = Math.max(...ok);
    return hi > lo ? [lo, hi] : [lo - 1, hi + 1];
  };
  const [s0, s1] = range(sil);
  const [i0, i1] = range(ine);
  const sy = (v, lo, hi) => H - B - ((v - lo) / (hi - lo)) * (H - T - B);
  const desc = `Chosen: k = ${result.k}. ` + scores.map((s) => `k ${s.k}: silhouette ${s.silhouette == null ? 'n/a' : s.silhouette.toFixed(3)}, inertia ${fmt.format(s.inertia)}`).join('; ') + '.';
  const svg = frame(W, H, 'Choosing the number of segments: silhouette (higher is better) and inertia by k', desc);
  svg.append(svgEl('line', { x1: L, y1: H - B, x2: W - R, y2: H - B, stroke: 'currentColor', 'stroke-opacity': 0.4 }));
  for (const k of ks) {
    svg.append(svgEl('text', { x: sx(k), y: H - B + 16, 'text-anchor': 'middle', fill: 'currentColor' }, String(k)));
  }
  svg.append(svgEl('text', { x: (L + W - R) / 2, y: H - 8, 'text-anchor': 'middle', fill: 'currentColor' }, 'k, the number of segments'));
  svg.append(svgEl('rect', { x: sx(result.k) - 12, y: T, width: 24, height: H - T - B, fill: '#2e9e6b', 'fill-opacity': 0.15 }));
  const line = (values, lo, hi, color, dash) => {
    const pts = ks.map((k, i) => (Number.isFinite(values[i]) ? `${sx(k).toFixed(1)},${sy(values[i], lo, hi).toFixed(1)}` : null)).filter(Boolean);
    svg.append(svgEl('polyline', { points: pts.join(' '), fill: 'none', stroke: color, 'stroke-width': 2.5, 'stroke-dasharray': dash || '' }));
    ks.forEach((k, i) => {
      if (Number.isFinite(values[i])) svg.append(svgEl('circle', { cx: sx(k), cy: sy(values[i], lo, hi), r: 3.5, fill: color }));
    });
  };
  line(sil, s0, s1, '#2f5bd3');
  line(ine, i0, i1, '#d9822b', '6 4');
  svg.append(svgEl('text', { x: L - 6, y: T + 4, 'text-anchor': 'end', fill: '#2f5bd3' }, s1.toFixed(2)));
  svg.append(svgEl('text', { x: L - 6, y: H - B, 'text-anchor': 'end', fill: '#2f5bd3' }, s0.toFixed(2)));
  svg.append(svgEl('text', { x: W - R + 6, y: T + 4, fill: '#d9822b' }, fmt.format(i1)));
  svg.append(svgEl('text', { x: W - R + 6, y: H - B, fill: '#d9822b' }, fmt.format(i0)));
  svg.append(svgEl('text', { x: L, y: T - 6, fill: '#2f5bd3' }, '— silhouette'));
  svg.append(svgEl('text', { x: W - R, y: T - 6, 'text-anchor': 'end', fill: '#d9822b' }, '- - inertia'));
  return svg;
}

/**
 * Terms as horizontal bars, ordered and sized by the same figure, their count (the terms are
 * chosen by how distinctive they are; the z score is in the text alternative). Each term's text
 * has class "term" and is whole, on up to two lines.
 */
export function keywordBars(title, terms, color, valueLabel = 'count') {
  const L = 130, W = 340;
  const sorted = [...terms].sort((a, b) => b.count - a.count);
  const rows = sorted.map((t) => lines(t.term, 16));
  const heights = rows.map((r) => Math.max(22, r.length * LINE + 8));
  const H = Math.max(22, heights.reduce((a, b) => a + b, 0)) + 12;
  const most = Math.max(1, ...terms.map((t) => t.count));
  const desc = terms.length
    ? sorted.map((t) => `${t.term}: ${count.format(t.count)}${t.score != null ? ` (z ${fmt.format(t.score)})` : ''}`).join('; ') + '.'
    : 'No term stands out.';
  const svg = frame(W, H, title, `${desc} Bars show the ${valueLabel}.`);
  let y = 6;
  sorted.forEach((t, i) => {
    const mid = y + heights[i] / 2;
    svg.append(label({ class: 'term', x: L - 8, y: mid + 4 - ((rows[i].length - 1) * LINE) / 2, 'text-anchor': 'end' }, rows[i]));
    const w = ((W - L - 50) * t.count) / most;
    svg.append(svgEl('rect', { x: L, y: mid - 7, width: Math.max(1, w).toFixed(1), height: 14, rx: 3, fill: color }));
    svg.append(svgEl('text', { x: L + w + 6, y: mid + 4, fill: 'currentColor' }, count.format(t.count)));
    y += heights[i];
  });
  return svg;
}

/** The SVG as a standalone file. */
export function svgBlob(svg) {
  const text = new XMLSerializer().serializeToString(svg);
  return new Blob([`<?xml version="1.0" encoding="UTF-8"?>\n${text}`], { type: 'image/svg+xml' });
}

/** The SVG drawn on a white canvas at twice its size, as PNG. */
export function pngBlob(svg) {
  return new Promise((resolve, reject) => {
    const copy = svg.cloneNode(true);
    copy.setAttribute('color', '#1b1b1b');
    const url = URL.createObjectURL(svgBlob(copy));
    const img = new Image();
    img.onload = () => {
      const w = Number(svg.getAttribute('width')) * 2, h = Number(svg.getAttribute('height')) * 2;
      const canvas = document.createElement('canvas');
      canvas.width = w;
      canvas.height = h;
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, w, h);
      ctx.drawImage(img, 0, 0, w, h);
      URL.revokeObjectURL(url);
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be made'))), 'image/png');
    };
    img.onerror = () => { URL.revokeObjectURL(url); reject(new Error('the chart could not be drawn as PNG')); };
    img.src = url;
  });
}
