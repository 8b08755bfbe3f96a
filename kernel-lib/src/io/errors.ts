// The typed error every io function throws for bad input: a machine-readable code and a one-line message naming the file.

/** What went wrong, as a stable string callers can switch on. */
export type FitsErrorCode =
  | 'missing-file' // the path does not exist
  | 'unreadable' // exists but cannot be read (directory, permissions)
  | 'empty' // zero bytes
  | 'not-fits' // does not start with a SIMPLE card
  | 'bad-gzip' // gzip magic bytes, but the compressed data is corrupt
  | 'truncated' // header or data runs past the end of the file
  | 'bad-header' // malformed mandatory keywords (BITPIX, NAXISn, ...)
  | 'absurd-size' // the header declares more data than any array can hold
  | 'not-a-cube' // a cube was needed, the HDU has fewer than 3 axes
  | 'not-a-spectrum' // a 1-D spectrum was needed: no 1-D image with a spectral WCS, no table with wavelength and flux
  | 'unknown-layout' // neither a cube nor a spectrum in any layout the reader knows
  | 'ambiguous' // several candidates (e.g. KMOS IFUs) and no option says which
  | 'not-an-image' // a table or empty HDU where pixels were needed
  | 'missing-extension' // the requested HDU index or EXTNAME does not exist
  | 'shape-mismatch' // error / DQ cube does not match the flux cube
  | 'no-wavelength-wcs' // no usable wavelength axis in the WCS
  | 'unsupported-wcs' // a WCS we recognise but do not implement (e.g. WAVE-TAB, coupled axes)
  | 'bad-unit' // a unit conversion was asked of a cube in another unit
  | 'bad-keyword' // writer: a keyword or value FITS cannot store
  | 'bad-data' // writer: data that does not fit the declared shape or type
  | 'exists'; // writer: the output exists and overwrite was not requested

/** Error thrown by the io module; `message` is one line: "<path>: <problem>". */
export class FitsError extends Error {
  readonly code: FitsErrorCode;
  readonly path: string;

  constructor(code: FitsErrorCode, path: string, problem: string) {
    super(`${path}: ${problem}`.replace(/\s*[\r\n]+\s*/g, ' '));
    this.name = 'FitsError';
    this.code = code;
    this.path = path;
  }
}
