// Writes FITS files of image HDUs (maps, cubes; named extensions, typed header keywords) that astropy reads cleanly.
//
// Not built on fitsjs-ng's writeFITS: it writes mandatory cards in free format (astropy warns), silently cuts cards
// longer than 80 characters (breaking string values), writes NaN as a bare token, and drops a length-1 third axis.
import * as fs from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { endianness } from 'node:os';
import { FitsError } from './errors';
import type { FitsImageArray, FitsValue } from './fits-file';

/** Typed arrays writeFits stores; the FITS type follows the array (Int8/Uint16/Uint32 via the BZERO convention). */
export type FitsWritableArray = FitsImageArray;

/** A keyword value, optionally with a comment. */
export type FitsKeywordInput = FitsValue | { value: FitsValue; comment?: string };

/** One card for the array form of a header; key COMMENT / HISTORY (or '') makes a commentary card with `value` as text. */
export interface FitsCardInput {
  key: string;
  value: FitsValue;
  comment?: string;
}

/** One HDU to write. The first HDU of the list becomes the primary HDU (pass `{}` for an empty primary). */
export interface FitsHduInput {
  /** EXTNAME. */
  name?: string;
  /** Pixels, NAXIS1 fastest: index = ((k * NAXIS2) + y) * NAXIS1 + x. Omit for a header-only HDU. */
  data?: FitsWritableArray | null;
  /** Axis lengths, NAXIS1 first (e.g. [nx, ny, nWave]); required with data; product must equal data.length. */
  naxis?: number[];
  /** Storage type, default from the array: Float32 → -32, Float64 → -64, Int16 → 16, ... Integer targets need integer values in range. */
  bitpix?: 8 | 16 | 32 | 64 | -32 | -64;
  /** Keywords, in order: a record (key → value or {value, comment}) or an array of cards. Integer-valued numbers are written as FITS integers (2.0 reads back as 2). */
  header?: Record<string, FitsKeywordInput> | FitsCardInput[];
  /** COMMENT / HISTORY text, split over as many cards as needed. */
  comments?: string[];
  history?: string[];
}

export interface WriteFitsOptions {
  /** Replace an existing file (default false: throw FitsError 'exists'). */
  overwrite?: boolean;
}

const BLOCK_BYTES = 2880;
const CARD_BYTES = 80;
const LITTLE_ENDIAN_HOST = endianness() === 'LE';

/** Keywords writeFits derives from the data and the HDU position; a header passed in must not contain them. */
export const STRUCTURAL_KEYWORDS: readonly string[] = [
  'SIMPLE', 'XTENSION', 'BITPIX', 'NAXIS', 'EXTEND', 'PCOUNT', 'GCOUNT', 'GROUPS', 'END',
  'BSCALE', 'BZERO', 'EXTNAME', 'CONTINUE', 'CHECKSUM', 'DATASUM',
];

function isStructural(key: string): boolean {
  return STRUCTURAL_KEYWORDS.includes(key) || /^NAXIS\d+$/.test(key);
}

/** A copy of a header without the keywords writeFits sets itself, e.g. to write back a header that readCube returned. */
export function withoutStructuralKeywords(header: Record<string, FitsValue>): Record<string, FitsValue> {
  const out: Record<string, FitsValue> = {};
  for (const [key, value] of Object.entries(header)) if (!isStructural(key)) out[key] = value;
  return out;
}

function checkText(text: string, what: string, path: string): void {
  if (!/^[\x20-\x7e]*$/.test(text)) {
    throw new FitsError('bad-keyword', path, `${what} contains characters outside printable ASCII, which FITS headers cannot hold`);
  }
}

/** Text of a number or logical value; integers stay integers, reals get the shortest text that reads back exactly. */
function scalarText(key: string, value: number | boolean, path: string): string {
  if (typeof value === 'boolean') return value ? 'T' : 'F';
  if (!Number.isFinite(value)) {
    throw new FitsError('bad-keyword', path, `${key} = ${value}: FITS headers cannot hold NaN or infinity`);
  }
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return Object.is(value, -0) ? '0' : String(value);
  return String(value).toUpperCase();
}

/** Splits a string so that each piece, quotes doubled, fits in `room` characters, never splitting a doubled quote. */
function splitEscaped(text: string, room: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  let used = 0;
  for (const ch of text) {
    const cost = ch === "'" ? 2 : 1;
    if (used + cost > room) {
      pieces.push(piece);
      piece = '';
      used = 0;
    }
    piece += ch;
    used += cost;
  }
  pieces.push(piece);
  return pieces;
}

function withComment(card: string, comment: string | undefined): string {
  return (comment ? `${card} / ${comment}`.slice(0, CARD_BYTES) : card).padEnd(CARD_BYTES);
}

/**
 * The card(s) of one keyword, in fixed format (FITS 4.0 §4.2): numbers and logicals right-justified to column 30,
 * strings from column 11 padded to 8 characters. Strings longer than 68 characters continue on CONTINUE cards
 * (FITS 4.0 §4.2.1.2); keywords longer than 8 characters or with spaces become HIERARCH cards (ESO convention).
 */
export function keywordCards(key: string, value: FitsValue, comment: string | undefined, path: string): string[] {
  if (comment) checkText(comment, `comment of ${key}`, path);
  if (typeof value === 'string') checkText(value, `string value of ${key}`, path);
  if (key.length > 8 || key.includes(' ')) {
    const text = value === null ? '' : typeof value === 'string' ? `'${value.replace(/'/g, "''")}'` : scalarText(key, value, path);
    const card = `HIERARCH ${key} = ${text}`;
    if (card.length > CARD_BYTES) {
      throw new FitsError('bad-keyword', path, `HIERARCH ${key} with its value is ${card.length} characters; a card holds 80`);
    }
    return [withComment(card, comment)];
  }
  const head = `${key.padEnd(8)}= `;
  if (value === null) return [withComment(head, comment)];
  if (typeof value !== 'string') {
    const text = scalarText(key, value, path);
    return [withComment(head + (text.length <= 20 ? text.padStart(20) : text), comment)];
  }
  const escaped = value.replace(/'/g, "''");
  if (escaped.length <= 68) return [withComment(`${head}'${escaped.padEnd(8)}'`, comment)];
  const pieces = splitEscaped(value, 67);
  const lastText = `CONTINUE  '${pieces[pieces.length - 1]!.replace(/'/g, "''")}' / ${comment ?? ''}`;
  if (comment && lastText.length > CARD_BYTES) pieces.push(''); // the comment gets a card of its own
  return pieces.map((piece, i) => {
    const last = i === pieces.length - 1;
    const text = `'${piece.replace(/'/g, "''")}${last ? '' : '&'}'`;
    return last ? withComment(`CONTINUE  ${text}`, comment) : `${i === 0 ? head : 'CONTINUE  '}${text}`.padEnd(CARD_BYTES);
  });
}

function commentaryCards(key: 'COMMENT' | 'HISTORY' | '', text: string, path: string): string[] {
  checkText(text, `${key || 'blank-keyword'} text`, path);
  const cards: string[] = [];
  for (let at = 0; at === 0 || at < text.length; at += 72) cards.push(`${key.padEnd(8)}${text.slice(at, at + 72)}`.padEnd(CARD_BYTES));
  return cards;
}

/** The cards of an HDU's own keywords, COMMENT and HISTORY (checked: no structural keyword, none twice); also for table HDUs. */
export function userCards(hdu: Pick<FitsHduInput, 'header' | 'comments' | 'history'>, index: number, path: string): string[] {
  const entries: FitsCardInput[] = Array.isArray(hdu.header)
    ? hdu.header
    : Object.entries(hdu.header ?? {}).map(([key, input]) =>
        input !== null && typeof input === 'object' ? { key, value: input.value, comment: input.comment } : { key, value: input },
      );
  const cards: string[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    const key = entry.key.trim().toUpperCase();
    if (key === 'COMMENT' || key === 'HISTORY' || key === '') {
      cards.push(...commentaryCards(key, String(entry.value ?? ''), path));
      continue;
    }
    if (!/^[A-Z0-9_-]+( [A-Z0-9_-]+)*$/.test(key)) {
      throw new FitsError('bad-keyword', path, `HDU ${index}: keyword ${JSON.stringify(entry.key)} is not made of A-Z 0-9 _ - (words separated by single spaces for HIERARCH)`);
    }
    if (isStructural(key)) {
      throw new FitsError('bad-keyword', path, `HDU ${index}: ${key} is set by writeFits from the data; remove it (see withoutStructuralKeywords)`);
    }
    if (seen.has(key)) throw new FitsError('bad-keyword', path, `HDU ${index}: keyword ${key} given twice`);
    seen.add(key);
    cards.push(...keywordCards(key, entry.value, entry.comment, path));
  }
  for (const text of hdu.comments ?? []) cards.push(...commentaryCards('COMMENT', text, path));
  for (const text of hdu.history ?? []) cards.push(...commentaryCards('HISTORY', text, path));
  return cards;
}

interface Storage {
  bitpix: 8 | 16 | 32 | 64 | -32 | -64;
  bzero: number;
}

function defaultStorage(data: FitsWritableArray): Storage {
  if (data instanceof Float32Array) return { bitpix: -32, bzero: 0 };
  if (data instanceof Float64Array) return { bitpix: -64, bzero: 0 };
  if (data instanceof Uint8Array) return { bitpix: 8, bzero: 0 };
  if (data instanceof Int8Array) return { bitpix: 8, bzero: -128 };
  if (data instanceof Int16Array) return { bitpix: 16, bzero: 0 };
  if (data instanceof Uint16Array) return { bitpix: 16, bzero: 32768 };
  if (data instanceof Int32Array) return { bitpix: 32, bzero: 0 };
  return { bitpix: 32, bzero: 2147483648 }; // Uint32Array
}

const INTEGER_RANGE: Record<number, [number, number]> = {
  8: [0, 255],
  16: [-32768, 32767],
  32: [-2147483648, 2147483647],
  64: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/** Big-endian bytes of `data` stored as `storage`; stored = physical − BZERO (FITS 4.0 Eq. 3 inverted). */
function encodePixels(data: FitsWritableArray, storage: Storage, path: string, index: number): Uint8Array {
  const n = data.length;
  const { bitpix, bzero } = storage;
  let out: Float32Array | Float64Array | Uint8Array | Int16Array | Int32Array | BigInt64Array;
  if (bitpix === -32) out = Float32Array.from(data);
  else if (bitpix === -64) out = Float64Array.from(data);
  else {
    const [lo, hi] = INTEGER_RANGE[bitpix]!;
    out = bitpix === 8 ? new Uint8Array(n) : bitpix === 16 ? new Int16Array(n) : bitpix === 32 ? new Int32Array(n) : new BigInt64Array(n);
    for (let i = 0; i < n; i++) {
      const stored = data[i]! - bzero;
      if (!Number.isInteger(stored) || stored < lo || stored > hi) {
        throw new FitsError('bad-data', path, `HDU ${index}: pixel ${i} = ${data[i]} cannot be stored as BITPIX ${bitpix}${bzero ? ` with BZERO ${bzero}` : ''}`);
      }
      if (out instanceof BigInt64Array) out[i] = BigInt(stored);
      else out[i] = stored;
    }
  }
  const bytes = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  if (LITTLE_ENDIAN_HOST) {
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const size = Math.abs(bitpix) / 8;
    if (size === 2) view.swap16();
    else if (size === 4) view.swap32();
    else if (size === 8) view.swap64();
  }
  return bytes;
}

/** `bytes` padded to a whole number of 2880-byte blocks with `fill` (0x20 for headers, 0 for data). */
export function padded(bytes: Uint8Array, fill: number): Uint8Array {
  const size = Math.ceil(bytes.byteLength / BLOCK_BYTES) * BLOCK_BYTES;
  if (size === bytes.byteLength) return bytes;
  const out = new Uint8Array(size).fill(fill);
  out.set(bytes);
  return out;
}

/** Encodes HDUs as the bytes of a FITS file (header cards in fixed format, data big-endian, both padded to 2880). */
export function encodeFits(hdus: FitsHduInput[], path = '<memory>'): Uint8Array {
  if (hdus.length === 0) throw new FitsError('bad-data', path, 'no HDUs to write');
  const parts: Uint8Array[] = [];
  hdus.forEach((hdu, index) => {
    const data = hdu.data ?? null;
    const naxis = data ? hdu.naxis : [];
    if (data && naxis === undefined) throw new FitsError('bad-data', path, `HDU ${index}: naxis (axis lengths, NAXIS1 first) is required with data`);
    if (!data && hdu.naxis && hdu.naxis.length > 0) throw new FitsError('bad-data', path, `HDU ${index}: naxis given without data`);
    if (naxis!.length > 999 || naxis!.some((n) => !Number.isInteger(n) || n < 1)) {
      throw new FitsError('bad-data', path, `HDU ${index}: naxis ${JSON.stringify(naxis)} must be positive integers`);
    }
    const count = naxis!.reduce((a, b) => a * b, 1);
    if (data && count !== data.length) {
      throw new FitsError('bad-data', path, `HDU ${index}: naxis ${naxis!.join(' × ')} = ${count} pixels but data has ${data.length}`);
    }
    const storage: Storage = data ? (hdu.bitpix !== undefined ? { bitpix: hdu.bitpix, bzero: 0 } : defaultStorage(data)) : { bitpix: 8, bzero: 0 };
    if (hdu.name !== undefined) checkText(hdu.name, `HDU ${index} name`, path);

    const cards: string[] = [];
    const mandatory = (key: string, value: FitsValue, comment?: string) => cards.push(...keywordCards(key, value, comment, path));
    if (index === 0) mandatory('SIMPLE', true, 'conforms to FITS standard');
    else mandatory('XTENSION', 'IMAGE', 'image extension');
    mandatory('BITPIX', storage.bitpix, 'array data type');
    mandatory('NAXIS', naxis!.length, 'number of array dimensions');
    naxis!.forEach((n, i) => mandatory(`NAXIS${i + 1}`, n));
    if (index === 0) mandatory('EXTEND', true);
    else {
      mandatory('PCOUNT', 0, 'number of parameters');
      mandatory('GCOUNT', 1, 'number of groups');
    }
    if (storage.bzero !== 0) {
      mandatory('BSCALE', 1);
      mandatory('BZERO', storage.bzero, 'offset for unsigned/signed-byte integers');
    }
    if (hdu.name !== undefined) mandatory('EXTNAME', hdu.name, 'extension name');
    cards.push(...userCards(hdu, index, path));
    cards.push('END'.padEnd(CARD_BYTES));
    parts.push(padded(Buffer.from(cards.join(''), 'latin1'), 0x20));
    if (data) parts.push(padded(encodePixels(data, storage, path, index), 0));
  });
  const total = parts.reduce((sum, p) => sum + p.byteLength, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

/**
 * Writes image HDUs to a FITS file: the first becomes the primary HDU, the rest IMAGE extensions (EXTNAME from
 * `name`). Written to a temporary file beside `path` and renamed, so a failure never leaves half a file.
 */
export function writeFits(path: string, hdus: FitsHduInput[], options: WriteFitsOptions = {}): void {
  writeFitsBytes(path, encodeFits(hdus, path), options);
}

/** Writes encoded FITS bytes to `path` through a temporary file beside it and a rename (FitsError 'exists' unless overwrite). */
export function writeFitsBytes(path: string, bytes: Uint8Array, options: WriteFitsOptions = {}): void {
  if (!options.overwrite && fs.existsSync(path)) {
    throw new FitsError('exists', path, 'file exists; pass { overwrite: true } to replace it');
  }
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    fs.writeFileSync(temporary, bytes);
    fs.renameSync(temporary, path);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}
