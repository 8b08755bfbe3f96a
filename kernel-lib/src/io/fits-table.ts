// Reading FITS binary tables (XTENSION = 'BINTABLE'): column descriptions and the values of chosen columns.
// FITS Standard 4.0 (Pence et al. 2010, A&A 524, A42; IAU FITS WG 2016), §7.3: TFORMn = rTa, big-endian fields, a row of
// NAXIS1 bytes, NAXIS2 rows; physical value = TZEROn + TSCALn × stored (Eq. 7), TNULLn marks undefined integers.
import { FitsError } from './errors';
import { closeFits, describeHdu, findHdu, openFits, readHduBytes, type FitsHduInfo, type HduSelector, type OpenFits } from './fits-file';

/** TFORM type codes this reader decodes; X (bits), C/M (complex) and P/Q (variable-length arrays) are listed but refused. */
export type FitsColumnType = 'L' | 'X' | 'B' | 'I' | 'J' | 'K' | 'A' | 'E' | 'D' | 'C' | 'M' | 'P' | 'Q';

const BYTES_PER_ELEMENT: Record<FitsColumnType, number> = { L: 1, X: 1, B: 1, I: 2, J: 4, K: 8, A: 1, E: 4, D: 8, C: 8, M: 16, P: 8, Q: 16 };

/** One column of a binary table, as its header describes it. */
export interface FitsColumn {
  /** TTYPEn (trailing spaces removed); '' when absent. */
  name: string;
  /** 1-based column number n. */
  number: number;
  type: FitsColumnType;
  /** Elements per row (r of TFORMn = rT); for 'A' the string length. */
  repeat: number;
  /** Byte offset of the field inside a row. */
  offsetBytes: number;
  unit: string | null;
  scale: number;
  zero: number;
  /** TNULLn for integer columns, else null. */
  nullValue: number | null;
}

/** The values of one column: numbers (row-major, `repeat` per row; logical T = 1, F = 0, undefined = NaN) or strings. */
export type FitsColumnValues =
  | { kind: 'number'; column: FitsColumn; rows: number; repeat: number; values: Float64Array }
  | { kind: 'string'; column: FitsColumn; rows: number; values: string[] };

/** A binary table HDU: its columns, row count and (for the columns asked for) values keyed by upper-case name. */
export interface FitsTable {
  hdu: FitsHduInfo;
  columns: FitsColumn[];
  rows: number;
  values: Map<string, FitsColumnValues>;
}

/** Parses the column descriptions of a BINTABLE header; throws 'bad-header' for a malformed TFORMn or row width. */
export function tableColumns(hdu: FitsHduInfo, path: string): FitsColumn[] {
  const header = hdu.header;
  const fields = header.TFIELDS;
  if (typeof fields !== 'number' || !Number.isInteger(fields) || fields < 0 || fields > 999) {
    throw new FitsError('bad-header', path, `${describeHdu(hdu)}: TFIELDS = ${JSON.stringify(fields ?? null)}, expected 0–999`);
  }
  const columns: FitsColumn[] = [];
  let offset = 0;
  for (let n = 1; n <= fields; n++) {
    const form = header[`TFORM${n}`];
    const match = typeof form === 'string' ? /^\s*(\d*)([LXBIJKAEDCMPQ])/.exec(form.toUpperCase()) : null;
    if (!match) throw new FitsError('bad-header', path, `${describeHdu(hdu)}: TFORM${n} = ${JSON.stringify(form ?? null)} is not a binary-table format`);
    const repeat = match[1] === '' ? 1 : Number(match[1]);
    const type = match[2] as FitsColumnType;
    // FITS 4.0 Table 18: X packs bits into bytes; P and Q are array descriptors of 8 and 16 bytes whatever the repeat
    const bytes = type === 'X' ? Math.ceil(repeat / 8) : type === 'P' || type === 'Q' ? (repeat > 0 ? BYTES_PER_ELEMENT[type] : 0) : repeat * BYTES_PER_ELEMENT[type];
    const name = header[`TTYPE${n}`];
    const unit = header[`TUNIT${n}`];
    const scale = header[`TSCAL${n}`];
    const zero = header[`TZERO${n}`];
    const nullValue = header[`TNULL${n}`];
    columns.push({
      name: typeof name === 'string' ? name.trim() : '',
      number: n,
      type,
      repeat,
      offsetBytes: offset,
      unit: typeof unit === 'string' && unit.trim() !== '' ? unit.trim() : null,
      scale: typeof scale === 'number' ? scale : 1,
      zero: typeof zero === 'number' ? zero : 0,
      nullValue: typeof nullValue === 'number' && 'BIJK'.includes(type) ? nullValue : null,
    });
    offset += bytes;
  }
  const rowBytes = hdu.naxis[0] ?? 0;
  if (offset > rowBytes) throw new FitsError('bad-header', path, `${describeHdu(hdu)}: columns need ${offset} bytes per row but NAXIS1 = ${rowBytes}`);
  return columns;
}

/** Finds a column by name, case-insensitive. */
export function findColumn(columns: FitsColumn[], name: string): FitsColumn | undefined {
  const wanted = name.toUpperCase();
  return columns.find((c) => c.name.toUpperCase() === wanted);
}

function decodeColumn(raw: Uint8Array, rowBytes: number, rows: number, column: FitsColumn, path: string, hdu: FitsHduInfo): FitsColumnValues {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const { type, repeat, offsetBytes: at, scale, zero, nullValue } = column;
  if (type === 'A') {
    const values: string[] = [];
    for (let r = 0; r < rows; r++) {
      const start = r * rowBytes + at;
      let text = Buffer.from(raw.buffer, raw.byteOffset + start, repeat).toString('latin1');
      const nul = text.indexOf('\0'); // FITS 4.0 §7.3.3.1: an ASCII NUL ends the string
      if (nul >= 0) text = text.slice(0, nul);
      values.push(text.replace(/ +$/, ''));
    }
    return { kind: 'string', column, rows, values };
  }
  if (type === 'X' || type === 'C' || type === 'M' || type === 'P' || type === 'Q') {
    const what = { X: 'bit', C: 'complex', M: 'complex', P: 'variable-length', Q: 'variable-length' }[type];
    throw new FitsError('not-an-image', path, `${describeHdu(hdu)}: column ${column.name || column.number} is a ${what} column (TFORM ${type}), which this reader does not decode`);
  }
  const values = new Float64Array(rows * repeat);
  const size = BYTES_PER_ELEMENT[type];
  const scaled = scale !== 1 || zero !== 0;
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < repeat; j++) {
      const p = r * rowBytes + at + j * size;
      let stored: number;
      switch (type) {
        case 'L': {
          const byte = view.getUint8(p); // 'T', 'F', or 0 for undefined (FITS 4.0 §7.3.3.1)
          stored = byte === 0x54 ? 1 : byte === 0x46 ? 0 : NaN;
          break;
        }
        case 'B': stored = view.getUint8(p); break;
        case 'I': stored = view.getInt16(p, false); break;
        case 'J': stored = view.getInt32(p, false); break;
        case 'K': stored = Number(view.getBigInt64(p, false)); break; // exact below 2^53
        case 'E': stored = view.getFloat32(p, false); break;
        default: stored = view.getFloat64(p, false); break; // 'D'
      }
      if (nullValue !== null && stored === nullValue) {
        values[r * repeat + j] = NaN;
        continue;
      }
      // FITS 4.0 Eq. 7: physical = TZEROn + TSCALn × stored (L columns are not scaled)
      values[r * repeat + j] = scaled && type !== 'L' ? zero + scale * stored : stored;
    }
  }
  return { kind: 'number', column, rows, repeat, values };
}

/** Reads a binary table of an open file, decoding only the named columns (all when `names` is omitted). */
export function readTableFrom(file: OpenFits, hdu: FitsHduInfo, names?: string[]): FitsTable {
  if (hdu.xtension !== 'BINTABLE') {
    throw new FitsError('not-an-image', file.path, `${describeHdu(hdu)} is ${hdu.xtension === null ? 'the primary HDU' : `a ${hdu.xtension} extension`}, not a binary table`);
  }
  const columns = tableColumns(hdu, file.path);
  const rowBytes = hdu.naxis[0] ?? 0;
  const rows = hdu.naxis[1] ?? 0;
  const chosen = names === undefined ? columns : names.map((name) => {
    const column = findColumn(columns, name);
    if (!column) throw new FitsError('missing-extension', file.path, `${describeHdu(hdu)} has no column ${JSON.stringify(name)} (columns: ${columns.map((c) => c.name).join(', ')})`);
    return column;
  });
  const values = new Map<string, FitsColumnValues>();
  if (chosen.length > 0 && rows > 0) {
    const raw = readHduBytes(file, hdu);
    for (const column of chosen) values.set(column.name.toUpperCase(), decodeColumn(raw, rowBytes, rows, column, file.path, hdu));
  }
  return { hdu, columns, rows, values };
}

/** Reads a binary table HDU (by index or EXTNAME) of a FITS or .fits.gz file; `columns` limits what is decoded. */
export function readFitsTable(path: string, hdu: HduSelector, columns?: string[]): FitsTable {
  const file = openFits(path);
  try {
    return readTableFrom(file, findHdu(file, hdu), columns);
  } finally {
    closeFits(file);
  }
}
