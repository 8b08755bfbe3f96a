// Writes FITS binary tables (XTENSION = 'BINTABLE', FITS 4.0 §7.3): one column per quantity, one row per record,
// with TTYPEn / TFORMn / TUNITn (and TNULLn for integer columns with missing values), after a primary HDU.
import { FitsError } from './errors';
import { encodeFits, keywordCards, padded, userCards, writeFitsBytes, type FitsHduInput, type WriteFitsOptions } from './fits-write';
import type { FitsValue } from './fits-file';

/** Column storage, FITS 4.0 Table 18: L logical, B unsigned byte, I int16, J int32, E float32, D float64. */
export type FitsTableFormat = 'L' | 'B' | 'I' | 'J' | 'E' | 'D';

/** One column: a value per row. Integer formats need integer values in range; NaN in an integer column is written as TNULL. */
export interface FitsTableColumn {
  /** TTYPEn: the column's name (printable ASCII). */
  name: string;
  /** One value per row: numbers (NaN allowed in E/D; in I/J as TNULL) or, for 'L', booleans. */
  values: ArrayLike<number> | readonly boolean[];
  /** Storage; default 'D' for numbers, 'L' for booleans. */
  format?: FitsTableFormat;
  /** TUNITn; omitted when absent or ''. */
  unit?: string;
  /** Comment of the TTYPEn card. */
  comment?: string;
}

/** A binary-table HDU to write. */
export interface FitsTableHduInput {
  /** EXTNAME. */
  name?: string;
  columns: FitsTableColumn[];
  /** Extra keywords after the column keywords; must not repeat structural or column keywords. */
  header?: FitsHduInput['header'];
  comments?: string[];
  history?: string[];
}

const BYTES: Record<FitsTableFormat, number> = { L: 1, B: 1, I: 2, J: 4, E: 4, D: 8 };
const INTEGER_RANGE: Partial<Record<FitsTableFormat, [number, number]>> = {
  B: [0, 255],
  I: [-32768, 32767],
  J: [-2147483648, 2147483647],
};
/** TNULL written for a NaN in an integer column: the most negative value (0 for B is not free, so B refuses NaN). */
const NULL_VALUE: Partial<Record<FitsTableFormat, number>> = { I: -32768, J: -2147483648 };

function formatOf(column: FitsTableColumn): FitsTableFormat {
  if (column.format) return column.format;
  return column.values.length > 0 && typeof column.values[0] === 'boolean' ? 'L' : 'D';
}

/** Encodes one binary-table extension (header and data, each padded to 2880 bytes); `index` is its HDU number (≥ 1). */
export function encodeFitsTable(table: FitsTableHduInput, index: number, path = '<memory>'): Uint8Array {
  const { columns } = table;
  if (columns.length === 0) throw new FitsError('bad-data', path, `HDU ${index}: a binary table needs at least one column`);
  if (columns.length > 999) throw new FitsError('bad-data', path, `HDU ${index}: ${columns.length} columns; FITS allows 999`);
  const nRows = columns[0]!.values.length;
  const formats = columns.map(formatOf);
  columns.forEach((c, i) => {
    if (c.values.length !== nRows) {
      throw new FitsError('bad-data', path, `HDU ${index}: column ${c.name} has ${c.values.length} values but column ${columns[0]!.name} has ${nRows}`);
    }
    if (!(formats[i]! in BYTES)) throw new FitsError('bad-data', path, `HDU ${index}: column ${c.name}: unknown format ${formats[i]}`);
  });
  const offsets: number[] = [];
  let rowBytes = 0;
  for (const f of formats) {
    offsets.push(rowBytes);
    rowBytes += BYTES[f];
  }

  const nulls: (number | null)[] = columns.map((c, i) => {
    const f = formats[i]!;
    if (f === 'L' || f === 'E' || f === 'D') return null;
    for (let r = 0; r < nRows; r++) if (Number.isNaN(c.values[r] as number)) return NULL_VALUE[f] ?? null;
    return null;
  });

  const cards: string[] = [];
  const card = (key: string, value: FitsValue, comment?: string) => cards.push(...keywordCards(key, value, comment, path));
  card('XTENSION', 'BINTABLE', 'binary table extension');
  card('BITPIX', 8, 'array data type');
  card('NAXIS', 2, 'number of array dimensions');
  card('NAXIS1', rowBytes, 'bytes per row');
  card('NAXIS2', nRows, 'number of rows');
  card('PCOUNT', 0, 'size of special data area');
  card('GCOUNT', 1, 'one data group');
  card('TFIELDS', columns.length, 'number of columns');
  if (table.name !== undefined) card('EXTNAME', table.name, 'extension name');
  columns.forEach((c, i) => {
    const n = i + 1;
    card(`TTYPE${n}`, c.name, c.comment);
    card(`TFORM${n}`, `1${formats[i]}`);
    if (c.unit) card(`TUNIT${n}`, c.unit);
    if (nulls[i] !== null) card(`TNULL${n}`, nulls[i]!, 'value of a missing entry');
  });
  const reserved = /^(TTYPE|TFORM|TUNIT|TNULL|TSCAL|TZERO|TDISP|TDIM)\d+$|^(TFIELDS|THEAP)$/;
  if (table.header && !Array.isArray(table.header)) {
    for (const key of Object.keys(table.header)) {
      if (reserved.test(key.toUpperCase())) throw new FitsError('bad-keyword', path, `HDU ${index}: ${key} is set from the columns`);
    }
  }
  cards.push(...userCards(table, index, path));
  cards.push('END'.padEnd(80));

  const data = new Uint8Array(rowBytes * nRows);
  const view = new DataView(data.buffer);
  columns.forEach((c, i) => {
    const f = formats[i]!;
    const range = INTEGER_RANGE[f];
    for (let r = 0; r < nRows; r++) {
      const at = r * rowBytes + offsets[i]!;
      const v = c.values[r]!;
      if (f === 'L') {
        if (typeof v !== 'boolean') throw new FitsError('bad-data', path, `HDU ${index}: column ${c.name} row ${r}: a logical column needs booleans`);
        data[at] = v ? 0x54 : 0x46; // 'T' / 'F' (FITS 4.0 §7.3.3.1)
        continue;
      }
      const x = Number(v);
      if (f === 'D') view.setFloat64(at, x, false);
      else if (f === 'E') view.setFloat32(at, x, false);
      else {
        const stored = Number.isNaN(x) && nulls[i] !== null ? nulls[i]! : x;
        if (!Number.isInteger(stored) || stored < range![0] || stored > range![1]) {
          throw new FitsError('bad-data', path, `HDU ${index}: column ${c.name} row ${r} = ${x} cannot be stored as TFORM 1${f}`);
        }
        if (f === 'B') view.setUint8(at, stored);
        else if (f === 'I') view.setInt16(at, stored, false);
        else view.setInt32(at, stored, false);
      }
    }
  });
  const header = padded(Buffer.from(cards.join(''), 'latin1'), 0x20);
  const body = padded(data, 0);
  const out = new Uint8Array(header.byteLength + body.byteLength);
  out.set(header, 0);
  out.set(body, header.byteLength);
  return out;
}

/**
 * Writes a FITS file holding `primary` (an image HDU or header only; default empty) and then `tables` as binary-table
 * extensions, through a temporary file and a rename (never half a file); FitsError 'exists' unless overwrite.
 */
export function writeFitsTables(
  path: string,
  tables: FitsTableHduInput[],
  options: WriteFitsOptions & { primary?: FitsHduInput } = {},
): void {
  const parts = [encodeFits([options.primary ?? {}], path), ...tables.map((t, i) => encodeFitsTable(t, i + 1, path))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  writeFitsBytes(path, out, options);
}
