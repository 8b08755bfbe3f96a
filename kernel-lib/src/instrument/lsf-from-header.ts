// Which line-spread function a cube's header names: INSTRUME plus the grating/arm/band keywords of each pipeline
// (JWST: GRATING; SAMI: GRATID, SPECTID; KMOS: ESO INS GRAT<n> ID; MUSE: INSTRUME alone; MaNGA: MANGAID/PLATEIFU and
// the per-channel LSF the reader took from its LSF/SPECRES extension; SDSS: the per-pixel LSF from its wdisp column).
// An instrument not in the catalogue is never given another instrument's LSF: the result is { ok: false } with what
// the header said.
import type { InstrumentSpec } from './instrument-spec';
import { LSF_CATALOGUE, type CatalogueLsfId } from './lsf-catalogue';

type HeaderValue = string | number | boolean | null | undefined;
type Header = Record<string, HeaderValue>;

/** A per-channel LSF FWHM read from the file itself (MaNGA's LSF/SPECRES extension), on the cube's wavelengths. */
export interface PerChannelLsf {
  wavelengthAngstrom: ArrayLike<number>;
  fwhmAngstrom: ArrayLike<number>;
  /** Where in the file it came from, e.g. 'MaNGA LSF extension'. */
  source: string;
}

export type LsfFromHeader =
  | { ok: true; spec: InstrumentSpec; description: string; source: string }
  | { ok: false; found: string; reason: string };

/** Keywords quoted in messages (those present). */
const IDENTIFYING = ['TELESCOP', 'INSTRUME', 'GRATING', 'GRATID', 'SPECTID', 'ESO INS GRAT1 ID', 'ESO INS GRAT2 ID', 'ESO INS GRAT3 ID', 'MANGAID', 'PLATEIFU'];
/** KMOS: one grating per spectrograph (ESO KMOS pipeline headers). */
const KMOS_GRATING_KEYS = ['ESO INS GRAT1 ID', 'ESO INS GRAT2 ID', 'ESO INS GRAT3 ID'];

function text(header: Header, key: string): string | null {
  const v = header[key];
  return typeof v === 'string' && v.trim() !== '' ? v.trim().toUpperCase() : null;
}

/** "INSTRUME='AAOMEGA-SAMI' GRATID='580V'", or 'no INSTRUME, GRATING, … keyword' when none is present. */
export function identifyingKeywords(header: Header): string {
  const present = IDENTIFYING.filter((k) => header[k] !== undefined && header[k] !== null);
  if (present.length === 0) return 'no INSTRUME, GRATING, GRATID or SPECTID keyword';
  return present.map((k) => `${k}=${JSON.stringify(header[k])}`).join(' ');
}

function catalogued(id: CatalogueLsfId, keys: string[], header: Header): LsfFromHeader {
  const entry = LSF_CATALOGUE[id];
  const said = keys.map((k) => `${k}=${JSON.stringify(header[k])}`).join(' ');
  return { ok: true, spec: id, description: entry.description, source: `header ${said}; ${entry.source}` };
}

function unknown(header: Header, reason: string): LsfFromHeader {
  return { ok: false, found: identifyingKeywords(header), reason };
}

/**
 * The LSF named by `header`: the file's own per-channel LSF when given (MaNGA), else the catalogue entry for its
 * INSTRUME and grating/arm/band; { ok: false } with the keywords found when the catalogue has none.
 */
export function lsfFromHeader(header: Header, perChannel?: PerChannelLsf | null): LsfFromHeader {
  if (perChannel && perChannel.fwhmAngstrom && perChannel.fwhmAngstrom.length > 0) {
    const spec: InstrumentSpec = { fwhmAngstromTable: { wavelengthAngstrom: perChannel.wavelengthAngstrom, fwhmAngstrom: perChannel.fwhmAngstrom } };
    return { ok: true, spec, description: 'LSF FWHM per channel from the file', source: perChannel.source };
  }
  const instrument = text(header, 'INSTRUME');
  if (instrument === 'NIRSPEC') {
    const grating = text(header, 'GRATING');
    const id = ({ G140H: 'nirspec-g140h', G235H: 'nirspec-g235h', G395H: 'nirspec-g395h' } as Record<string, CatalogueLsfId>)[grating ?? ''];
    if (id) return catalogued(id, ['INSTRUME', 'GRATING'], header);
    return unknown(header, `NIRSpec grating ${grating ?? '(no GRATING keyword)'} has no resolution curve in the catalogue (G140H, G235H, G395H)`);
  }
  if (instrument === 'MUSE') return catalogued('muse', ['INSTRUME'], header);
  if (instrument !== null && instrument.includes('SAMI')) {
    const grating = text(header, 'GRATID');
    if (grating === '580V') return catalogued('sami-580v', ['INSTRUME', 'GRATID'], header);
    if (grating === '1000R') return catalogued('sami-1000r', ['INSTRUME', 'GRATID'], header);
    return unknown(header, `SAMI grating ${grating ?? '(no GRATID keyword)'} is not the survey's 580V (blue) or 1000R (red)`);
  }
  if (instrument === 'KMOS') {
    const bands = [...new Set(KMOS_GRATING_KEYS.map((k) => text(header, k)).filter((b): b is string => b !== null))];
    if (bands.length > 1) return unknown(header, `KMOS spectrographs used different bands (${bands.join(', ')})`);
    const id = ({ IZ: 'kmos-iz', YJ: 'kmos-yj', H: 'kmos-h', K: 'kmos-k', HK: 'kmos-hk' } as Record<string, CatalogueLsfId>)[bands[0] ?? ''];
    if (id) return catalogued(id, ['INSTRUME', ...KMOS_GRATING_KEYS.filter((k) => text(header, k) !== null)], header);
    return unknown(header, `KMOS band ${bands[0] ?? '(no ESO INS GRAT1 ID keyword)'} is not IZ, YJ, H, K or HK`);
  }
  if ((instrument !== null && instrument.includes('MANGA')) || header.MANGAID != null || header.PLATEIFU != null) {
    return unknown(header, "MaNGA's LSF varies per channel and the cube's LSF/SPECRES extension was not read");
  }
  if (instrument === null && (text(header, 'TELESCOP') ?? '').includes('SDSS')) {
    return unknown(header, "an SDSS spectrum's LSF varies per pixel (the COADD table's wdisp column) and was not read");
  }
  return unknown(header, instrument === null ? 'the header names no instrument' : `instrument ${instrument} is not in the catalogue`);
}
