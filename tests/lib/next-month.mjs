// A later export of the same customers, for the tests of saved segments (who moved).

/** The records of a CSV text (after its header line), each kept whole where a quoted field
 * holds a line break. */
function records(lines) {
  const out = [];
  let open = '';
  for (const line of lines) {
    if (!line && !open) continue;
    open = open ? `${open}\n${line}` : line;
    if ((open.match(/"/g) || []).length % 2 === 0) {
      out.push(open);
      open = '';
    }
  }
  return out;
}

/** A record's fields, quotes taken off (RFC 4180). */
function fields(record) {
  const out = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < record.length; i++) {
    const c = record[i];
    if (quoted && c === '"' && record[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) { out.push(cell); cell = ''; } else cell += c;
  }
  out.push(cell);
  return out;
}

/**
 * Last month's orders export: the records of an orders export (Shopify's layout) created before
 * `day` (YYYY-MM-DD), with its header, each record as it was written.
 */
export function ordersBefore(text, day) {
  const lines = text.split('\n');
  const created = fields(lines[0]).indexOf('Created at');
  if (created < 0) throw new Error('no Created at column');
  const kept = records(lines.slice(1)).filter((r) => fields(r)[created].slice(0, 10) < day);
  return `${lines[0]}\n${kept.join('\n')}\n`;
}

/**
 * Next month's export of the Shopify customers, as lines of the file: every seventh customer
 * gone, the spend and orders of every third grown (so some change segment), and five new
 * customers (copies of the first five with new ids). The header and quoting stay the file's.
 * Returns { text, gone, added }: the file, and how many customers left and came.
 */
export function nextMonth(text) {
  const lines = text.split('\n');
  const header = lines[0];
  // One customer per line in this fixture except where a Note holds a line break.
  const all = records(lines.slice(1));
  const cols = header.split(',');
  const spent = cols.indexOf('Total Spent');
  const orders = cols.indexOf('Total Orders');
  const out = [];
  all.forEach((r, i) => {
    if (i % 7 === 3) return;
    if (i % 3 === 0) {
      // The numeric columns come before the Note and Tags, which may hold commas; count from
      // the start, where no field is quoted before them in this export.
      const cells = r.split(',');
      if (cells.slice(0, orders + 1).some((c) => c.includes('"'))) throw new Error(`record ${i + 1}: a quoted field before Total Orders`);
      cells[spent] = (Number(cells[spent]) * 4 + 900).toFixed(2);
      cells[orders] = String(Number(cells[orders]) + 9);
      out.push(cells.join(','));
    } else {
      out.push(r);
    }
  });
  for (let i = 0; i < 5; i++) {
    const cells = all[i].split(',');
    cells[0] = `'72104483999${String(i).padStart(2, '0')}`;
    cells[3] = `new.customer${i}@example.com`;
    out.push(cells.join(','));
  }
  return { text: `${header}\n${out.join('\n')}\n`, gone: all.length + 5 - out.length, added: 5 };
}

