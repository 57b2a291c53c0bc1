// The result's charts, drawn as SVG from the data: no charting library, nothing from the network.
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

const fmt = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const pct = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });

/** Segments on the 2-D map: at most 4,000 rows (every n-th), and each segment's centre. */
export function scatter(result, colors) {
  const W = 560, H = 380, P = 40;
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
  const sy = (v) => H - P - ((v - y0) / (y1 - y0)) * (H - 2 * P);
  const axis1 = `first principal axis (${pct.format(explained[0])} of the variance)`;
  const axis2 = `second principal axis (${pct.format(explained[1])})`;
  const desc = `${n.toLocaleString()} customers${step > 1 ? ` (every ${step}th drawn)` : ''} on the features' `
    + `${axis1} and ${axis2}. Centres: `
    + result.segments.map((s) => `${s.name} at (${fmt.format(s.centre[0])}, ${fmt.format(s.centre[1])})`).join('; ') + '.';
  const svg = frame(W, H, 'Segments on a map of the features', desc);
  svg.append(svgEl('rect', { x: P, y: P / 2, width: W - 2 * P, height: H - 1.5 * P, fill: 'none', stroke: 'currentColor', 'stroke-opacity': 0.25 }));
  const dots = svgEl('g', { 'fill-opacity': 0.55 });
  for (let i = 0; i < n; i += step) {
    dots.append(svgEl('circle', { cx: sx(x[i]).toFixed(1), cy: sy(y[i]).toFixed(1), r: 2.2, fill: colors[labels[i] % colors.length] }));
  }
  svg.append(dots);
  for (const s of result.segments) {
    const cx = sx(s.centre[0]), cy = sy(s.centre[1]);
    svg.append(svgEl('circle', { cx, cy, r: 9, fill: colors[s.id % colors.length], stroke: '#fff', 'stroke-width': 2 }));
    svg.append(svgEl('text', { x: cx, y: cy + 4, 'text-anchor': 'middle', fill: '#fff', 'font-weight': 700, 'font-size': 11 }, String(s.id + 1)));
  }
  svg.append(svgEl('text', { x: W / 2, y: H - 8, 'text-anchor': 'middle', fill: 'currentColor' }, axis1));
  svg.append(svgEl('text', { x: 12, y: H / 2, 'text-anchor': 'middle', fill: 'currentColor', transform: `rotate(-90 12 ${H / 2})` }, axis2));
  return svg;
}

/** Segment sizes as horizontal bars. */
export function sizes(result, colors) {
  const rowH = 26, L = 220, W = 600;
  const H = result.segments.length * rowH + 20;
  const most = Math.max(...result.segments.map((s) => s.size), 1);
  const desc = result.segments.map((s) => `${s.name}: ${s.size.toLocaleString()} customers (${pct.format(s.share)})`).join('; ') + '.';
  const svg = frame(W, H, 'Segment sizes', desc);
  result.segments.forEach((s, i) => {
    const y = 10 + i * rowH;
    svg.append(svgEl('text', { x: L - 8, y: y + 15, 'text-anchor': 'end', fill: 'currentColor' }, clip(`${s.id + 1}. ${s.name}`, 32)));
    const w = ((W - L - 110) * s.size) / most;
    svg.append(svgEl('rect', { x: L, y: y + 3, width: Math.max(1, w).toFixed(1), height: rowH - 8, rx: 3, fill: colors[s.id % colors.length] }));
    svg.append(svgEl('text', { x: L + w + 6, y: y + 15, fill: 'currentColor' }, `${s.size.toLocaleString()} · ${pct.format(s.share)}`));
  });
  return svg;
}

function clip(text, max) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A colour for an index: blue below 100, red above, white at 100 (log scale, 50 and 200 full). */
function indexColor(index) {
  if (index == null || !Number.isFinite(index) || index <= 0) return '#cccccc';
  const t = Math.max(-1, Math.min(1, Math.log2(index / 100)));
  const mix = (a, b) => Math.round(255 + (b - 255) * Math.abs(t));
  return t >= 0 ? `rgb(${mix(0, 214)},${mix(0, 96)},${mix(0, 77)})` : `rgb(${mix(0, 67)},${mix(0, 147)},${mix(0, 195)})`;
}

/** Each numeric column's index (100 = all customers) by segment. */
export function heatmap(result) {
  const columns = result.segments[0] ? result.segments[0].profile.numeric.map((n) => n.column) : [];
  const cellW = 92, cellH = 28, L = 220, T = 60;
  const W = L + Math.max(1, columns.length) * cellW + 10;
  const H = T + result.segments.length * cellH + 10;
  const desc = result.segments.map((s) => `${s.name}: ` + s.profile.numeric
    .map((n) => `${n.column} ${n.index == null ? 'no index' : Math.round(n.index)}`).join(', ')).join('; ') + '.';
  const svg = frame(W, H, 'Index of each numeric column by segment (100 = all customers)', desc);
  columns.forEach((c, j) => {
    const x = L + j * cellW + cellW / 2;
    svg.append(svgEl('text', { x, y: T - 10, 'text-anchor': 'start', fill: 'currentColor', transform: `rotate(-25 ${x} ${T - 10})` }, clip(c, 18)));
  });
  result.segments.forEach((s, i) => {
    const y = T + i * cellH;
    svg.append(svgEl('text', { x: L - 8, y: y + 18, 'text-anchor': 'end', fill: 'currentColor' }, clip(`${s.id + 1}. ${s.name}`, 32)));
    s.profile.numeric.forEach((n, j) => {
      const x = L + j * cellW;
      svg.append(svgEl('rect', { x: x + 1, y: y + 1, width: cellW - 2, height: cellH - 2, fill: indexColor(n.index) }));
      svg.append(svgEl('text', { x: x + cellW / 2, y: y + 18, 'text-anchor': 'middle', fill: '#1b1b1b' },
        n.index == null ? '–' : String(Math.round(n.index))));
    });
  });
  return svg;
}

/** Silhouette (left axis) and inertia (right axis) for every k tried; the chosen k marked. */
export function kSelection(result) {
  const scores = result.k_selection;
  const W = 560, H = 300, L = 56, R = 70, T = 20, B = 46;
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

/** Terms as horizontal bars, longest the most frequent; each term's text has class "term". */
export function keywordBars(title, terms, color, valueLabel = 'count') {
  const rowH = 22, L = 130, W = 340;
  const H = Math.max(1, terms.length) * rowH + 12;
  const most = Math.max(1, ...terms.map((t) => t.count));
  const desc = terms.length
    ? terms.map((t) => `${t.term}: ${t.count.toLocaleString()}${t.score != null ? ` (z ${t.score.toFixed(1)})` : ''}`).join('; ') + '.'
    : 'No term stands out.';
  const svg = frame(W, H, title, `${desc} Bars show the ${valueLabel}.`);
  terms.forEach((t, i) => {
    const y = 6 + i * rowH;
    svg.append(svgEl('text', { class: 'term', x: L - 8, y: y + 14, 'text-anchor': 'end', fill: 'currentColor' }, clip(t.term, 18)));
    const w = ((W - L - 50) * t.count) / most;
    svg.append(svgEl('rect', { x: L, y: y + 3, width: Math.max(1, w).toFixed(1), height: rowH - 8, rx: 3, fill: color }));
    svg.append(svgEl('text', { x: L + w + 6, y: y + 14, fill: 'currentColor' }, t.count.toLocaleString()));
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
