// Low-level FITS reading: header cards, the HDU layout of a file (validated before any data is read) and image pixels.
//
// We parse headers ourselves rather than through fitsjs-ng, whose parser never throws on non-FITS, empty or truncated
// input, returns user booleans as the string 'T', drops CONTINUE/HIERARCH cards and reads 1.5D+03 as 1.5.
import * as fs from 'node:fs';
import { constants as bufferConstants } from 'node:buffer';
import { endianness } from 'node:os';
import { FitsError } from './errors';
import { GunzipStream, isGzipMagic } from './gunzip-stream';

/** A header value as FITS stores it: string, number (integer or real), logical, or null for an undefined value. */
export type FitsValue = string | number | boolean | null;

/** One header card. Commentary cards (COMMENT, HISTORY, blank keyword) carry their text as a string value. */
export interface FitsCard {
  key: string;
  value: FitsValue;
  comment: string;
}

/** Pixel arrays the reader returns; BITPIX 64 integers come back as Float64Array (exact only below 2^53). */
export type FitsImageArray =
  | Float32Array
  | Float64Array
  | Uint8Array
  | Int8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array;

/** Where one header-data unit sits in a file, with its parsed header. */
export interface FitsHduInfo {
  /** 0 = primary HDU. */
  index: number;
  /** EXTNAME (trailing spaces removed) or null. */
  extname: string | null;
  /** XTENSION value ('IMAGE', 'BINTABLE', 'TABLE', ...); null for the primary HDU. */
  xtension: string | null;
  bitpix: number;
  /** Axis lengths, NAXIS1 first (NAXIS1 is the fastest-varying axis in the data). Empty when NAXIS = 0. */
  naxis: number[];
  /** Value keywords; a keyword present twice keeps its first value (as astropy's header[key] does). */
  header: Record<string, FitsValue>;
  /** Every card in file order, including COMMENT / HISTORY; CONTINUE cards are merged into their string. */
  cards: FitsCard[];
  headerOffsetBytes: number;
  dataOffsetBytes: number;
  /** Bytes of data declared by the header, without the padding to 2880. */
  dataBytes: number;
}

/** An image HDU with its pixels; index = ((k * NAXIS2) + y) * NAXIS1 + x for a cube, as numpy's data[k, y, x]. */
export interface FitsImage extends FitsHduInfo {
  data: FitsImageArray;
}

/** Selects an HDU by index (0 = primary) or by EXTNAME (case-insensitive; 'PRIMARY' also means HDU 0). */
export type HduSelector = number | string;

const BLOCK_BYTES = 2880;
const CARD_BYTES = 80;
const MAX_HEADER_CARDS = 100_000;
const VALID_BITPIX = new Set([8, 16, 32, 64, -32, -64]);
const LITTLE_ENDIAN_HOST = endianness() === 'LE';

/**
 * The bytes of a FITS file: random access for a plain file; for a gzip-compressed one (.fits.gz, detected by its
 * magic bytes 1f 8b, not by the name) a forward-only stream that starts over when asked for an earlier offset.
 * `read` returns fewer bytes than asked only at the end of the (decompressed) data.
 */
export interface FitsByteSource {
  compressed: boolean;
  read(offset: number, length: number): Buffer;
  close(): void;
}

function fileSource(fd: number): FitsByteSource {
  return {
    compressed: false,
    read: (offset, length) => readBytes(fd, offset, length),
    close: () => fs.closeSync(fd),
  };
}

/** Decompresses in order; a read before the current position restarts the stream (callers read HDUs in file order). */
function gzipSource(path: string): FitsByteSource {
  let stream = new GunzipStream(path);
  const pull = (target: Uint8Array | null, length: number): number => {
    try {
      return stream.read(target, 0, length);
    } catch (error) {
      throw new FitsError('bad-gzip', path, `gzip data cannot be decompressed (${(error as Error).message})`);
    }
  };
  return {
    compressed: true,
    read(offset, length) {
      if (offset < stream.position) {
        stream.close();
        stream = new GunzipStream(path);
      }
      while (stream.position < offset) {
        const skip = Math.min(offset - stream.position, 1 << 24);
        if (pull(null, skip) === 0) return Buffer.alloc(0);
      }
      const buffer = Buffer.alloc(length);
      const n = pull(buffer, length);
      return n === length ? buffer : buffer.subarray(0, n);
    },
    close: () => stream.close(),
  };
}

/** An open FITS file: its byte source and validated HDU layout. Close with closeFits. */
export interface OpenFits {
  path: string;
  source: FitsByteSource;
  /** Bytes up to the end of the last HDU (of the decompressed data for a .fits.gz). */
  sizeBytes: number;
  hdus: FitsHduInfo[];
}

function parseNumberToken(token: string): FitsValue {
  if (/^[+-]?\d+$/.test(token)) return Number(token);
  if (/^[+-]?(\d+\.?\d*|\.\d+)([EeDd][+-]?\d+)?$/.test(token)) return Number(token.replace(/[Dd]/, 'E'));
  return token; // complex numbers and non-standard values stay as their text
}

/** Parses the value/comment field of a card (everything after "= "); FITS 4.0 §4.2. */
function parseValueField(field: string): { value: FitsValue; comment: string } {
  let i = 0;
  while (i < field.length && field[i] === ' ') i++;
  if (field[i] === "'") {
    let text = '';
    let j = i + 1;
    let closed = false;
    while (j < field.length) {
      if (field[j] === "'") {
        if (field[j + 1] === "'") {
          text += "'";
          j += 2;
          continue;
        }
        closed = true;
        break;
      }
      text += field[j];
      j++;
    }
    const rest = closed ? field.slice(j + 1) : '';
    const slash = rest.indexOf('/');
    // trailing spaces in a string value are not significant, leading ones are (FITS 4.0 §4.2.1.1)
    return { value: text.replace(/ +$/, ''), comment: slash >= 0 ? rest.slice(slash + 1).trim() : '' };
  }
  const slash = field.indexOf('/', i);
  const token = (slash >= 0 ? field.slice(i, slash) : field.slice(i)).trim();
  const comment = slash >= 0 ? field.slice(slash + 1).trim() : '';
  if (token === '') return { value: null, comment };
  if (token === 'T') return { value: true, comment };
  if (token === 'F') return { value: false, comment };
  return { value: parseNumberToken(token), comment };
}

/** Parses the 80-character cards of one header (END excluded) into FitsCards. */
export function parseHeaderCards(images: string[]): FitsCard[] {
  const cards: FitsCard[] = [];
  let continuable: FitsCard | null = null; // last string card whose value ended in '&'
  for (const image of images) {
    const key8 = image.slice(0, 8).trimEnd();
    if (key8 === 'CONTINUE' && continuable && image.slice(8, 10) !== '= ') {
      const part = parseValueField(image.slice(8));
      const previous = continuable.value as string;
      continuable.value = previous.slice(0, -1) + (typeof part.value === 'string' ? part.value : '');
      if (part.comment) continuable.comment = continuable.comment ? `${continuable.comment} ${part.comment}` : part.comment;
      if (!(typeof continuable.value === 'string' && continuable.value.endsWith('&'))) continuable = null;
      continue;
    }
    continuable = null;
    let card: FitsCard;
    if (key8 === 'HIERARCH' && image.indexOf('=') > 8) {
      const eq = image.indexOf('=');
      card = { key: image.slice(8, eq).trim(), ...parseValueField(image.slice(eq + 1)) };
    } else if (key8 === 'COMMENT' || key8 === 'HISTORY' || key8 === '' || image.slice(8, 10) !== '= ') {
      card = { key: key8, value: image.slice(8).trimEnd(), comment: '' };
    } else {
      card = { key: key8, ...parseValueField(image.slice(10)) };
      if (typeof card.value === 'string' && card.value.endsWith('&')) continuable = card;
    }
    cards.push(card);
  }
  return cards;
}

function valueMap(cards: FitsCard[]): Record<string, FitsValue> {
  const values: Record<string, FitsValue> = {};
  for (const card of cards) {
    if (card.key === 'COMMENT' || card.key === 'HISTORY' || card.key === '') continue;
    if (!(card.key in values)) values[card.key] = card.value;
  }
  return values;
}

function requireInteger(
  header: Record<string, FitsValue>,
  key: string,
  path: string,
  index: number,
  fallback?: number,
): number {
  const value = header[key];
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    const shown = value === undefined ? 'missing' : `= ${JSON.stringify(value)}`;
    throw new FitsError('bad-header', path, `HDU ${index}: ${key} ${shown}, expected a non-negative integer`);
  }
  return value;
}

function readBytes(fd: number, offset: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const n = fs.readSync(fd, buffer, done, length - done, offset + done);
    if (n === 0) break;
    done += n;
  }
  return done === length ? buffer : buffer.subarray(0, done);
}

/** Reads the header starting at `offset`; returns its card images and the offset of the data that follows. */
function readHeaderImages(
  source: FitsByteSource,
  offset: number,
  path: string,
  index: number,
): { images: string[]; dataOffset: number } {
  const images: string[] = [];
  let position = offset;
  for (;;) {
    const bytes = source.read(position, BLOCK_BYTES);
    if (bytes.length < BLOCK_BYTES) {
      const have = position + bytes.length - offset;
      throw new FitsError('truncated', path, `HDU ${index}: header has no END card before the end of the file (${have} bytes)`);
    }
    const block = bytes.toString('latin1');
    position += BLOCK_BYTES;
    for (let c = 0; c < BLOCK_BYTES; c += CARD_BYTES) {
      const image = block.slice(c, c + CARD_BYTES);
      if (image.startsWith('END') && image.slice(3, 8).trim() === '') return { images, dataOffset: position };
      images.push(image);
    }
    if (images.length > MAX_HEADER_CARDS) {
      throw new FitsError('bad-header', path, `HDU ${index}: no END card in the first ${MAX_HEADER_CARDS} header cards`);
    }
  }
}

/**
 * Opens a FITS file read-only and validates its structure (every HDU's size against the file) before any pixels are
 * decoded. A gzip-compressed file (magic bytes 1f 8b) is streamed through zlib: this first pass reads the headers and
 * skips the data without keeping it.
 */
export function openFits(path: string): OpenFits {
  let fd: number;
  try {
    fd = fs.openSync(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new FitsError('missing-file', path, 'no such file');
    throw new FitsError('unreadable', path, `cannot open (${code ?? String(error)})`);
  }
  let source: FitsByteSource | null = null;
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new FitsError('unreadable', path, 'not a regular file');
    if (stat.size === 0) throw new FitsError('empty', path, 'file is empty (0 bytes)');
    if (isGzipMagic(readBytes(fd, 0, 2))) {
      fs.closeSync(fd);
      source = gzipSource(path);
    } else {
      source = fileSource(fd);
    }
    const start = source.read(0, 10).toString('latin1');
    if (start.length === 0 && source.compressed) throw new FitsError('empty', path, 'gzip file decompresses to 0 bytes');
    if (!start.startsWith('SIMPLE  =')) {
      const what = source.compressed ? 'decompressed data starts' : 'starts';
      throw new FitsError('not-fits', path, `not a FITS file (${what} with ${JSON.stringify(start.slice(0, 9))}, not "SIMPLE  =")`);
    }
    const hdus: FitsHduInfo[] = [];
    let offset = 0;
    for (;;) {
      const index = hdus.length;
      if (index > 0) {
        const tag = source.read(offset, 8).toString('latin1');
        if (tag !== 'XTENSION') break; // end of file, or trailing bytes that are not an extension (ignored, as astropy does)
      }
      const { images, dataOffset } = readHeaderImages(source, offset, path, index);
      const cards = parseHeaderCards(images);
      const header = valueMap(cards);
      const bitpix = header.BITPIX;
      if (typeof bitpix !== 'number' || !VALID_BITPIX.has(bitpix)) {
        throw new FitsError('bad-header', path, `HDU ${index}: BITPIX = ${JSON.stringify(bitpix ?? null)} is not one of 8, 16, 32, 64, -32, -64`);
      }
      const nAxis = requireInteger(header, 'NAXIS', path, index);
      if (nAxis > 999) throw new FitsError('bad-header', path, `HDU ${index}: NAXIS = ${nAxis} exceeds 999`);
      const naxis: number[] = [];
      for (let n = 1; n <= nAxis; n++) naxis.push(requireInteger(header, `NAXIS${n}`, path, index));
      const pcount = requireInteger(header, 'PCOUNT', path, index, 0);
      const gcount = requireInteger(header, 'GCOUNT', path, index, 1);
      const randomGroups = index === 0 && header.GROUPS === true && naxis[0] === 0;
      const counted = randomGroups ? naxis.slice(1) : naxis;
      // FITS 4.0 Eq. 1 (primary) and Eq. 2 (extensions): Nbits = |BITPIX| × GCOUNT × (PCOUNT + NAXIS1 × ... × NAXISm)
      const elements = nAxis === 0 ? 0 : gcount * (pcount + counted.reduce((a, b) => a * b, 1));
      const dataBytes = (elements * Math.abs(bitpix)) / 8;
      if (!Number.isSafeInteger(dataBytes) || dataBytes > bufferConstants.MAX_LENGTH) {
        const shape = naxis.join(' × ');
        throw new FitsError('absurd-size', path, `HDU ${index}: header declares ${shape} pixels (${dataBytes.toExponential(2)} bytes), more than an array can hold; refusing to read`);
      }
      if (dataBytes > 0) {
        // the last data byte must exist (for a .fits.gz this streams past the data without keeping it)
        const last = source.read(dataOffset + dataBytes - 1, 1);
        if (last.length === 0) {
          const have = source.compressed ? 'the decompressed file ends before it' : `the file holds only ${Math.max(0, fs.fstatSync(fd).size - dataOffset)} after the header`;
          throw new FitsError('truncated', path, `HDU ${index}: header declares ${dataBytes} bytes of data but ${have}`);
        }
      }
      const extname = typeof header.EXTNAME === 'string' ? header.EXTNAME.trim() : null;
      const xtension = index === 0 ? null : typeof header.XTENSION === 'string' ? header.XTENSION.trim() : null;
      hdus.push({ index, extname, xtension, bitpix, naxis, header, cards, headerOffsetBytes: offset, dataOffsetBytes: dataOffset, dataBytes });
      offset = dataOffset + Math.ceil(dataBytes / BLOCK_BYTES) * BLOCK_BYTES;
    }
    return { path, source, sizeBytes: offset, hdus };
  } catch (error) {
    if (source) source.close();
    else fs.closeSync(fd);
    throw error;
  }
}

/** Closes a file opened with openFits. */
export function closeFits(file: OpenFits): void {
  file.source.close();
}

/** Finds an HDU by index or EXTNAME; throws 'missing-extension' listing what the file has. */
export function findHdu(file: OpenFits, selector: HduSelector): FitsHduInfo {
  let found: FitsHduInfo | undefined;
  if (typeof selector === 'number') {
    found = Number.isInteger(selector) ? file.hdus[selector] : undefined;
  } else {
    const wanted = selector.trim().toUpperCase();
    found = file.hdus.find((h) => h.extname !== null && h.extname.toUpperCase() === wanted);
    if (!found && wanted === 'PRIMARY') found = file.hdus[0];
  }
  if (!found) {
    const have = file.hdus.map((h) => (h.extname ? `${h.index} ${h.extname}` : `${h.index}`)).join(', ');
    const what = typeof selector === 'number' ? `HDU ${selector}` : `extension ${JSON.stringify(selector)}`;
    throw new FitsError('missing-extension', file.path, `${what} does not exist (HDUs: ${have})`);
  }
  return found;
}

/** Describes an HDU for messages: "HDU 1 (SCI)". */
export function describeHdu(hdu: FitsHduInfo): string {
  return hdu.extname ? `HDU ${hdu.index} (${hdu.extname})` : `HDU ${hdu.index}`;
}

function headerNumber(header: Record<string, FitsValue>, key: string, fallback: number): number {
  const value = header[key];
  return typeof value === 'number' ? value : fallback;
}

/** Decodes big-endian FITS pixels in `raw` (which it byte-swaps in place) into a typed array, applying BSCALE/BZERO/BLANK. */
export function decodePixels(raw: Uint8Array, bitpix: number, bscale = 1, bzero = 0, blank: number | null = null): FitsImageArray {
  const bytesPer = Math.abs(bitpix) / 8;
  const n = raw.byteLength / bytesPer;
  if (raw.byteOffset % 8 !== 0) raw = raw.slice(); // typed-array views need an aligned offset
  const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  if (LITTLE_ENDIAN_HOST) {
    if (bytesPer === 2) bytes.swap16();
    else if (bytesPer === 4) bytes.swap32();
    else if (bytesPer === 8) bytes.swap64();
  }
  const ab = raw.buffer;
  const at = raw.byteOffset;
  const identity = bscale === 1 && bzero === 0;
  if (bitpix === -32 && identity) return new Float32Array(ab, at, n);
  if (bitpix === -64 && identity) return new Float64Array(ab, at, n);
  if (bitpix === 8 && identity) return new Uint8Array(ab, at, n);
  if (bitpix === 16 && identity) return new Int16Array(ab, at, n);
  if (bitpix === 32 && identity) return new Int32Array(ab, at, n);
  // unsigned / signed-byte conventions (FITS 4.0 Table 11): flip the sign bit instead of scaling
  if (bscale === 1 && bitpix === 8 && bzero === -128) {
    const out = new Int8Array(ab, at, n);
    for (let i = 0; i < n; i++) out[i] = out[i]! ^ -128;
    return out;
  }
  if (bscale === 1 && bitpix === 16 && bzero === 32768) {
    const out = new Uint16Array(ab, at, n);
    for (let i = 0; i < n; i++) out[i] = out[i]! ^ 0x8000;
    return out;
  }
  if (bscale === 1 && bitpix === 32 && bzero === 2147483648) {
    const out = new Uint32Array(ab, at, n);
    for (let i = 0; i < n; i++) out[i] = (out[i]! ^ 0x80000000) >>> 0;
    return out;
  }
  const source: ArrayLike<number> | BigInt64Array =
    bitpix === 8 ? new Uint8Array(ab, at, n)
    : bitpix === 16 ? new Int16Array(ab, at, n)
    : bitpix === 32 ? new Int32Array(ab, at, n)
    : bitpix === 64 ? new BigInt64Array(ab, at, n)
    : bitpix === -32 ? new Float32Array(ab, at, n)
    : new Float64Array(ab, at, n);
  const out = new Float64Array(n);
  const isInteger = bitpix > 0;
  for (let i = 0; i < n; i++) {
    const stored = Number(source[i]!);
    // FITS 4.0 Eq. 3: physical_value = BZERO + BSCALE × array_value; BLANK marks undefined integer pixels
    out[i] = isInteger && blank !== null && stored === blank ? NaN : bzero + bscale * stored;
  }
  return out;
}

/** The raw (big-endian, undecoded) data bytes of an HDU; throws 'truncated' when the file ends first. */
export function readHduBytes(file: OpenFits, hdu: FitsHduInfo): Uint8Array {
  const raw = file.source.read(hdu.dataOffsetBytes, hdu.dataBytes);
  if (raw.length !== hdu.dataBytes) {
    throw new FitsError('truncated', file.path, `${describeHdu(hdu)}: read ${raw.length} of ${hdu.dataBytes} data bytes`);
  }
  return raw;
}

/** Reads and decodes the pixels of an image HDU of an open file. */
export function readHduPixels(file: OpenFits, hdu: FitsHduInfo): FitsImageArray {
  if (hdu.xtension !== null && hdu.xtension !== 'IMAGE') {
    throw new FitsError('not-an-image', file.path, `${describeHdu(hdu)} is a ${hdu.xtension} extension, not an image`);
  }
  if (hdu.naxis.length === 0 || hdu.dataBytes === 0) {
    throw new FitsError('not-an-image', file.path, `${describeHdu(hdu)} holds no pixels (NAXIS = ${hdu.naxis.length})`);
  }
  const raw = readHduBytes(file, hdu);
  const blank = hdu.header.BLANK;
  return decodePixels(
    raw,
    hdu.bitpix,
    headerNumber(hdu.header, 'BSCALE', 1),
    headerNumber(hdu.header, 'BZERO', 0),
    typeof blank === 'number' ? blank : null,
  );
}

/** Lists the HDUs of a FITS file (headers only; no pixels are read). */
export function listFitsHdus(path: string): FitsHduInfo[] {
  const file = openFits(path);
  try {
    return file.hdus;
  } finally {
    closeFits(file);
  }
}

/** Reads one image HDU (default the primary) with its header and pixels. */
export function readFitsImage(path: string, hdu: HduSelector = 0): FitsImage {
  const file = openFits(path);
  try {
    const info = findHdu(file, hdu);
    return { ...info, data: readHduPixels(file, info) };
  } finally {
    closeFits(file);
  }
}
