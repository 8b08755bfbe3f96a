// Table 1 loading (typed rows and the danfo DataFrame), Wang et al. 2020 Table 3's gradients, the CSV reader and the
// HTML table display.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readTable1Rows, loadTable1, gradientSample } from '../kernel-lib/src/tables/table1';
import { parseCsv } from '../kernel-lib/src/tables/csv';
import { readWang2020Table3, wang2020GradientSample } from '../kernel-lib/src/tables/wang2020-table3';
import { htmlTable, formatCell } from '../kernel-lib/src/notebook/html-table';
import { formatInterval } from '../kernel-lib/src/notebook/format-interval';

test('Table 1 has 43 galaxies, 25 with gradients, with numbers parsed at full precision', () => {
  const rows = readTable1Rows();
  assert.equal(rows.length, 43);
  const sample = gradientSample(rows);
  assert.equal(sample.ids.length, 25);
  assert.ok(sample.gradientErrDexPerKpc.every((e) => e > 0));
  const id9960 = rows.find((r) => r.id === '9960')!;
  assert.equal(id9960.logMstar, 11.2);
  assert.equal(id9960.gradientDexPerKpc, -0.0274);
  assert.equal(id9960.lines, 'Ha,[NII],[SII]');
  assert.ok(Number.isNaN(rows.find((r) => r.id === '2111')!.gradientDexPerKpc), 'a missing gradient is NaN, not 0');
});

test('loadTable1 gives a DataFrame with one row per galaxy and string ids', () => {
  const frame = loadTable1();
  assert.deepEqual(frame.shape, [43, 12]);
  assert.equal(frame.column('id').dtype, 'string');
  assert.equal(frame.column('gradientDexPerKpc').values[1], 0.0015);
});

test('Wang 2020 Table 3: the gradient column and the mass–gradient sample as typed arrays', () => {
  const rows = readWang2020Table3();
  const first = rows.find((r) => r.cluster === 'A2744' && r.id === '00144')!;
  assert.deepEqual(first.gradientDexPerKpc, { value: 0.02, error: 0.085, limit: '' });
  const sample = wang2020GradientSample(rows);
  assert.equal(sample.logMstar.length, 32);
  assert.equal(sample.logMstar[0], 9.56);
  assert.equal(sample.logMstarErr[0], 0.17);
  assert.equal(sample.gradientDexPerKpc[0], 0.02);
  assert.equal(sample.gradientErrDexPerKpc[0], 0.085);
  for (const v of Object.values(sample)) assert.ok(v.every(Number.isFinite));
});

test('the CSV reader handles quotes and refuses ragged rows with the file name', () => {
  const { header, rows } = parseCsv('a,b\n"x,1","say ""hi"""\n', 'mem.csv');
  assert.deepEqual(header, ['a', 'b']);
  assert.deepEqual(rows, [['x,1', 'say "hi"']]);
  assert.throws(() => parseCsv('a,b\n1\n', 'mem.csv'), /mem\.csv: row 2 has 1 cells, the header has 2/);
  assert.throws(() => parseCsv('', 'mem.csv'), /mem\.csv: empty CSV/);
});

test('a malformed Table 1 gives a clear error', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msa3d-t1-'));
  const bad = path.join(dir, 't1.csv');
  fs.writeFileSync(bad, fs.readFileSync(path.join(__dirname, '..', 'kernel-lib', 'data', 'msa3d_table1.csv'), 'utf8').replace('0.58', 'zero'));
  assert.throws(() => readTable1Rows(bad), /t1\.csv: row 2 column 'z' is not a number: 'zero'/);
  assert.throws(() => readTable1Rows(path.join(dir, 'none.csv')), /none\.csv: Table 1 not found/);
});

test('HTML tables escape text, show missing values as a dash and round numbers', () => {
  const html = htmlTable(loadTable1().head(2), { digits: 3 });
  assert.match(html, /<th>gradientDexPerKpc<\/th>/);
  assert.match(html, /<td>Ha,\[NII\],\[SII\]<\/td>/);
  assert.match(html, /<td style="text-align:right">—<\/td>/);
  assert.equal(formatCell(NaN), '—');
  assert.equal(formatCell(-0.0139943, 3), '-0.014');
  assert.equal(formatCell(42), '42');
  assert.equal(formatCell('<b>'), '<b>');
  const escaped = htmlTable(loadTable1().head(1).addColumn('note', ['<b>x</b>']) as never);
  assert.match(escaped, /&lt;b&gt;x&lt;\/b&gt;/);
});

test('formatInterval writes a posterior summary as median (+upper/−lower)', () => {
  assert.equal(formatInterval({ median: 250.26, p16: 245.1, p84: 256.4 }), '250.3 (+6.1/−5.2)');
  assert.equal(formatInterval({ median: 1.5, p16: 1.25, p84: 2 }, 2), '1.50 (+0.50/−0.25)');
});
