// The single-file build behind tribes.html (wasm-pack.toml's [single]): it reads CSV and text
// files, leaves legacy encodings to the browser's TextDecoder, and reads them as the site's build
// does, which decodes them with encoding_rs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, FIXTURES } from '../lib/paths.mjs';

/** Imports a wasm-bindgen `--target web` package and instantiates it from its bytes. */
async function load(glue, wasm) {
  const pkg = await import(pathToFileURL(path.join(ROOT, glue)));
  pkg.initSync({ module: readFileSync(path.join(ROOT, wasm)) });
  return pkg;
}

const full = await load('target/site/pkg/tribes_wasm.js', 'target/site/pkg/tribes_wasm_bg.wasm');
const single = await load('target/single-pkg/tribes_single.js', 'target/single-pkg/tribes_single_bg.wasm');

/** Reads `bytes` pushed in chunks of `chunk` bytes, as the worker does, and returns the rows. */
function read(pkg, bytes, options = {}, chunk = 65536) {
  const session = new pkg.Session(options, bytes.length);
  try {
    for (let at = 0; at < bytes.length; at += chunk) session.push(bytes.subarray(at, at + chunk));
    return session.finish({ rows: true });
  } finally {
    session.free();
  }
}

/** "Zürich" and friends in Windows-1252, by hand: one byte per character. */
const latin1 = (text) => Uint8Array.from(text, (c) => c.charCodeAt(0));

test('the single-file build says it reads CSV and text only, the site build workbooks and archives too', () => {
  assert.deepEqual(single.vocabulary().formats, ['csv', 'text']);
  assert.ok(full.vocabulary().formats.includes('xlsx') && full.vocabulary().formats.includes('zip'));
});

// Node's TextDecoder reads 'windows-1252' as ISO-8859-1, so bytes 0x80 to 0x9F (the euro sign,
// curly quotes) come out as C1 controls there; browsers decode them as the Encoding Standard says,
// which tests/browser/offline.test.mjs checks with a euro sign in tribes.html. The file here keeps
// to the bytes both read alike.
const KUNDEN = latin1('Kundennr;Stadt;Umsatz;Notiz\nK1;D\xfcsseldorf;2.350,97;Gr\xfc\xdfe an Frau M\xfcller\n'
  + 'K2;K\xf6ln;12,50;\xabStammkunde\xbb\nK3;Saint-\xc9tienne;99;caf\xe9 cr\xe8me\n');

test('a Windows-1252 export reads as the site build reads it, in any chunking, with a warning that it was assumed', () => {
  const want = read(full, KUNDEN);
  assert.equal(want.rows[0][1], 'Düsseldorf');
  for (const chunk of [1, 7, 65536]) {
    const got = read(single, KUNDEN, {}, chunk);
    assert.equal(got.input.encoding, 'windows-1252');
    assert.deepEqual(got.rows, want.rows, `the same cells in chunks of ${chunk}`);
    assert.deepEqual(got.columns.map((c) => c.name), want.columns.map((c) => c.name));
  }
  const got = read(single, KUNDEN);
  assert.ok(got.input.warnings.some((w) => /not UTF-8 and was read as windows-1252/.test(w)), got.input.warnings.join('\n'));
  assert.ok(!want.input.warnings.some((w) => /was read as/.test(w)), 'the site build guesses and does not warn');
  // Named by the user, the encoding is not assumed and nothing is said.
  const named = read(single, KUNDEN, { encoding: 'windows-1252' });
  assert.ok(!named.input.warnings.some((w) => /was read as/.test(w)));
  assert.deepEqual(named.rows, want.rows);
});

test('an encoding the user chooses is decoded by the browser: Shift_JIS, UTF-16 with its mark, ISO-8859-2', () => {
  // "名前,都市\n山田,東京\n佐藤,大阪\n" in Shift_JIS, by the bytes the Encoding Standard gives.
  const sjis = Uint8Array.from([
    0x96, 0xbc, 0x91, 0x4f, 0x2c, 0x93, 0x73, 0x8e, 0x73, 0x0a,
    0x8e, 0x52, 0x93, 0x63, 0x2c, 0x93, 0x8c, 0x8b, 0x9e, 0x0a,
    0x8d, 0xb2, 0x93, 0xa1, 0x2c, 0x91, 0xe5, 0x8d, 0xe3, 0x0a,
  ]);
  for (const chunk of [1, 3, 65536]) {
    const got = read(single, sjis, { encoding: 'shift_jis' }, chunk);
    assert.equal(got.input.encoding, 'Shift_JIS');
    assert.deepEqual(got.rows, read(full, sjis, { encoding: 'shift_jis' }).rows);
    assert.deepEqual(got.rows, [['山田', '東京'], ['佐藤', '大阪']], `Shift_JIS in chunks of ${chunk}`);
  }
  // UTF-16LE with a byte-order mark is known by its mark, without a choice.
  const text = 'name,city\r\nZoë,Kraków\r\nÅsa,Malmö\r\n';
  const utf16 = new Uint8Array(2 + text.length * 2);
  utf16.set([0xff, 0xfe]);
  for (let i = 0; i < text.length; i += 1) {
    utf16[2 + 2 * i] = text.charCodeAt(i) & 0xff;
    utf16[3 + 2 * i] = text.charCodeAt(i) >> 8;
  }
  const u = read(single, utf16, {}, 5);
  assert.equal(u.input.encoding, 'UTF-16LE (BOM)');
  assert.deepEqual(u.rows, [['Zoë', 'Kraków'], ['Åsa', 'Malmö']]);
  // ISO-8859-2: 0xB3 is "ł", which Windows-1252 would read as "³".
  const polish = latin1('miasto,kwota\n\xa3\xf3d\xbc,10\nWroc\xb3aw,12\n');
  assert.deepEqual(read(single, polish, { encoding: 'iso-8859-2' }).rows, [['Łódź', '10'], ['Wrocław', '12']]);
});

test('a workbook or a ZIP archive is refused by the single-file build with what to do instead', () => {
  for (const name of ['customers.xlsx', 'audience.zip', 'customers.xls']) {
    const bytes = new Uint8Array(readFileSync(path.join(FIXTURES, 'files', name)));
    assert.throws(() => read(single, bytes), (e) => e instanceof Error && /save or export it as CSV first/.test(e.message), name);
  }
});
