// Small DOM helpers and number formats shared by the page's views. Every string that comes from
// the file is set as text, never as HTML: `el` has no way to set innerHTML.

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

/** Saves `blob` as `filename` through a temporary link (nothing leaves the machine). */
export function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A file-name-safe form of a name. */
export function slug(text) {
  return String(text).toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'x';
}

export const number = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
export const whole = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
export const money = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
export const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });

/** A year is never grouped: "2008", not "2,008". */
const year = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0, useGrouping: false });

/** Whether a column's name says it holds years (Year_Birth, year built, Jahr, année, año), as
 * the core's `years_column` reads it. */
export function yearsColumn(column) {
  const words = String(column).replace(/([a-z])([A-Z])/g, '$1 $2').normalize('NFD').replace(/\p{M}/gu, '')
    .toLowerCase().split(/[^a-z0-9]+/);
  return words.some((w) => ['year', 'yr', 'jahr', 'jahrgang', 'annee', 'ano', 'anio'].includes(w));
}

/** Averages in the reader's locale: whole numbers from 100 up (spend), one decimal below (age,
 * ratings); a column of years is never grouped. */
export const average = (v, column = '') => (yearsColumn(column) ? year : Math.abs(v) >= 100 ? whole : number).format(v);

export function plural(n, one, many = `${one}s`) {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}
