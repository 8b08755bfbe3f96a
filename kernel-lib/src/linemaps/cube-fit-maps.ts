// The maps file of a cube fit, laid out as the MaNGA DAP MAPS file (DAP docs "Data Model": DAP MAPS file and
// HDUCLASS): per-line quantities as multi-channel extensions (channel names C01, C02, … like EMLINE_GFLUX), errors as
// _IVAR, int32 _MASK maps (bits: map-mask.ts), HDUCLASS/HDUCLAS1/HDUCLAS2/ERRDATA/QUALDATA/SCIDATA tying them
// together, BUNIT on every map, and the cube's spatial WCS (spectral axis removed) in every map header.
import { writeFits, type FitsCardInput, type FitsHduInput, type WriteFitsOptions } from '../io/fits-write';
import { readFitsImage } from '../io/fits-file';
import { FitsError } from '../io/errors';
import type { FitsValue } from '../io/fits-file';
import { emissionLine, isCatalogueLine } from '../lines/emission-lines';
import { cubeFitPrimaryCards, fitsText, fitsUnit, inverseSquareFitsUnit } from './cube-fit-header';
import { MAP_MASK_BITS, MAP_MASK_SOURCE, mapMask } from './map-mask';
import { cubeFitMap, type CubeFit } from './fit-cube';

/** One extension of the maps file, for the README's layout table and the primary header's summary. */
export interface MapsExtension {
  name: string;
  /** 'per line' (one channel per fitted line) or 'spaxel' (one 2-D image). */
  channels: 'per line' | 'spaxel';
  /** Unit ('' dimensionless); FLUXUNIT stands for the fit's flux unit. */
  unit: string;
  what: string;
}

/** The extensions, in file order after the empty primary HDU. */
export const MAPS_EXTENSIONS: readonly MapsExtension[] = Object.freeze([
  { name: 'EMLINE_GFLUX', channels: 'per line', unit: 'FLUXUNIT (e.g. 10**(-20) erg s-1 cm-2)', what: 'Gaussian line flux per spaxel (`<line>_flux`)' },
  { name: 'EMLINE_GFLUX_IVAR', channels: 'per line', unit: 'FLUXUNIT inverse squared (e.g. 10**(40) erg-2 s2 cm4)', what: 'inverse variance of the flux from the fit residuals, the paper\'s error (1/`<line>_flux_err`^2; 0 = no error)' },
  { name: 'EMLINE_GFLUX_MASK', channels: 'per line', unit: '', what: 'int32 mask of the flux (bits: `msa3d flags`)' },
  { name: 'EMLINE_GFLUX_COV_IVAR', channels: 'per line', unit: 'FLUXUNIT inverse squared (e.g. 10**(40) erg-2 s2 cm4)', what: 'inverse variance of the flux from the cube\'s errors (1/`<line>_flux_err_cov`^2)' },
  { name: 'EMLINE_GEW', channels: 'per line', unit: 'Angstrom', what: 'rest-frame equivalent width (`<line>_ew`)' },
  { name: 'EMLINE_GEW_IVAR', channels: 'per line', unit: 'Angstrom-2', what: 'inverse variance of the EW, from the residuals' },
  { name: 'EMLINE_GEW_MASK', channels: 'per line', unit: '', what: 'int32 mask of the EW' },
  { name: 'GAS_VEL', channels: 'spaxel', unit: 'km/s', what: 'line-of-sight velocity relative to REDSHIFT (`velocity`)' },
  { name: 'GAS_VEL_IVAR', channels: 'spaxel', unit: 'km-2 s2', what: 'inverse variance of the velocity' },
  { name: 'GAS_VEL_MASK', channels: 'spaxel', unit: '', what: 'int32 mask of the velocity' },
  { name: 'GAS_SIGMA', channels: 'spaxel', unit: 'km/s', what: 'intrinsic dispersion, instrumental width removed (`sigma`)' },
  { name: 'GAS_SIGMA_IVAR', channels: 'spaxel', unit: 'km-2 s2', what: 'inverse variance of the intrinsic dispersion' },
  { name: 'GAS_SIGMA_MASK', channels: 'spaxel', unit: '', what: 'int32 mask of the intrinsic dispersion' },
  { name: 'GAS_SIGMA_OBS', channels: 'spaxel', unit: 'km/s', what: 'observed dispersion of the reference line (`sigma_obs`)' },
  { name: 'GAS_SIGMA_OBS_MASK', channels: 'spaxel', unit: '', what: 'int32 mask of the observed dispersion' },
  { name: 'FIT_CHI2', channels: 'spaxel', unit: '', what: 'reduced chi-square of the fit (`chi2_red`)' },
  { name: 'FIT_CHI2_MASK', channels: 'spaxel', unit: '', what: 'int32 mask: the spectrum\'s flag (every line and window)' },
  { name: 'SELECTED', channels: 'spaxel', unit: '', what: 'uint8, 1 where the spaxel passes the selection (SELLINE, SELSNR, SELEWSNR)' },
]);

/** The README's map-layout table (checked against this by test/maps.test.ts). */
export function mapsLayoutMarkdown(): string {
  const rows = MAPS_EXTENSIONS.map((e, i) => `| ${i + 1} | \`${e.name}\` | ${e.channels} | ${e.unit === '' ? '—' : e.unit} | ${e.what} |`);
  return ['| HDU | EXTNAME | channels | BUNIT | content |', '|---|---|---|---|---|', '| 0 | `PRIMARY` | — | — | header only: fit, units, selection, WCS source, provenance, bits and layout as COMMENT |', ...rows].join('\n');
}

/** float32 unless a finite value would overflow it or a non-zero one underflow to 0, then float64 (-64). */
function floatBitpix(data: Float64Array): -32 | -64 {
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!Number.isFinite(v) || v === 0) continue;
    const f = Math.fround(v);
    if (!Number.isFinite(f) || f === 0) return -64;
  }
  return -32;
}

/** 1/σ² where σ is finite and > 0, else 0 (no information), as the DAP writes _IVAR. */
function inverseVariance(err: Float64Array): Float64Array {
  return Float64Array.from(err, (e) => (e > 0 && Number.isFinite(e) ? 1 / (e * e) : 0));
}

function stack(planes: Float64Array[]): Float64Array {
  const n = planes[0]?.length ?? 0;
  const out = new Float64Array(n * planes.length);
  planes.forEach((p, k) => out.set(p, k * n));
  return out;
}

function stackInt(planes: Int32Array[]): Int32Array {
  const n = planes[0]?.length ?? 0;
  const out = new Int32Array(n * planes.length);
  planes.forEach((p, k) => out.set(p, k * n));
  return out;
}

/** Channel keyword of channel k (0-based): C01, C02, … (two digits at least; the DAP's C<n>). */
export function channelKeyword(k: number, nChannels: number): string {
  return `C${String(k + 1).padStart(Math.max(2, String(nChannels).length), '0')}`;
}

function channelComment(line: string): string {
  if (!isCatalogueLine(line)) return 'fitted line';
  const l = emissionLine(line);
  return fitsText(`${l.label} at ${l.restWavelengthAngstrom} A (vacuum)`);
}

/** WCS cards of a 2-D map, or of a multi-channel map (a third, linear CHANNEL axis: 1, 2, … as the DAP writes it). */
export function wcsCards(fit: Pick<CubeFit, 'spatialWcs'>, multichannel: boolean): FitsCardInput[] {
  const keywords = fit.spatialWcs?.keywords;
  if (!keywords) return [];
  const cards: FitsCardInput[] = Object.entries(keywords).map(([key, value]) => ({ key, value }));
  if (!multichannel) return cards;
  cards[cards.findIndex((c) => c.key === 'WCSAXES')] = { key: 'WCSAXES', value: 3, comment: 'x, y and the channel' };
  const usesCd = Object.keys(keywords).some((k) => /^CD\d_\d$/.test(k));
  cards.push(
    { key: 'CTYPE3', value: 'CHANNEL', comment: 'channel number; names in C01, C02, ...' },
    { key: 'CRPIX3', value: 1 },
    { key: 'CRVAL3', value: 1 },
    usesCd ? { key: 'CD3_3', value: 1 } : { key: 'CDELT3', value: 1 },
  );
  return cards;
}

interface MapHdu {
  name: string;
  data: Float64Array | Int32Array | Uint8Array;
  multichannel: boolean;
  unit: string;
  role: 'DATA' | 'ERROR' | 'QUALITY';
  /** For DATA: its error and mask extensions; for ERROR/QUALITY: the data they belong to (SCIDATA). */
  err?: string;
  qual?: string;
  sci?: string;
  comment?: string;
}

/** The HDUCLASS block (ESO DICD / DAP convention), BUNIT and the links of one map. */
function mapHeader(fit: CubeFit, m: MapHdu, channels: readonly string[]): FitsCardInput[] {
  const cards: FitsCardInput[] = [...wcsCards(fit, m.multichannel)];
  cards.push({ key: 'BUNIT', value: m.unit, comment: m.unit === '' ? 'dimensionless' : 'unit of pixel value' });
  cards.push({ key: 'HDUCLASS', value: 'SDSS', comment: 'MaNGA DAP MAPS layout (ESO HDUCLASS convention)' });
  cards.push({ key: 'HDUCLAS1', value: m.multichannel ? 'CUBE' : 'IMAGE', comment: 'data format' });
  cards.push({ key: 'HDUCLAS2', value: m.role });
  if (m.role === 'ERROR') cards.push({ key: 'HDUCLAS3', value: 'INVMSE', comment: 'value is inverse mean-square error' });
  if (m.role === 'QUALITY') cards.push({ key: 'HDUCLAS3', value: m.data instanceof Int32Array ? 'FLAG32BIT' : 'FLAG8BIT', comment: 'bit mask' });
  if (m.sci) cards.push({ key: 'SCIDATA', value: m.sci, comment: 'associated data extension' });
  if (m.err) cards.push({ key: 'ERRDATA', value: m.err, comment: 'associated inverse-variance extension' });
  if (m.qual) cards.push({ key: 'QUALDATA', value: m.qual, comment: 'associated quality extension' });
  if (m.multichannel) channels.forEach((line, k) => cards.push({ key: channelKeyword(k, channels.length), value: line, comment: channelComment(line) }));
  if (m.comment) cards.push({ key: 'COMMENT', value: fitsText(m.comment) });
  return cards;
}

/** The extensions of the maps file for `fit` (the primary HDU first). */
export function cubeFitMapsHdus(fit: CubeFit): FitsHduInput[] {
  const lines = fit.lineNames;
  const sel = fit.selected;
  const perLine = (suffix: string) => lines.map((l) => cubeFitMap(fit, `${l}_${suffix}`));
  const flux = perLine('flux');
  const fluxErr = perLine('flux_err');
  const fluxErrCov = perLine('flux_err_cov');
  const ew = perLine('ew');
  const ewErr = perLine('ew_err');
  const lineFlag = perLine('flag');
  const kinFlag = fit.maps.kinematics_flag ?? cubeFitMap(fit, 'flag'); // a CubeFit made before kinematics_flag: the spectrum's
  const spectrumFlag = cubeFitMap(fit, 'flag');
  const velocity = cubeFitMap(fit, 'velocity');
  const velocityErr = cubeFitMap(fit, 'velocity_err');
  const sigma = cubeFitMap(fit, 'sigma');
  const sigmaErr = cubeFitMap(fit, 'sigma_err');
  const sigmaObs = cubeFitMap(fit, 'sigma_obs');
  const chi2 = cubeFitMap(fit, 'chi2_red');
  const fu = fitsUnit(fit.fluxUnit);
  const ivarUnit = inverseSquareFitsUnit;
  const triple = (name: string, unit: string, values: Float64Array[], errors: Float64Array[], flags: Float64Array[], source: number, multichannel: boolean): MapHdu[] => [
    { name, data: stack(values), multichannel, unit, role: 'DATA', err: `${name}_IVAR`, qual: `${name}_MASK` },
    { name: `${name}_IVAR`, data: stack(errors.map(inverseVariance)), multichannel, unit: ivarUnit(unit), role: 'ERROR', sci: name, qual: `${name}_MASK` },
    { name: `${name}_MASK`, data: stackInt(values.map((v, k) => mapMask(flags[k]!, source, sel, v, errors[k]!))), multichannel, unit: '', role: 'QUALITY', sci: name, err: `${name}_IVAR` },
  ];
  const maps: MapHdu[] = [
    ...triple('EMLINE_GFLUX', fu, flux, fluxErr, lineFlag, MAP_MASK_SOURCE.flux, true),
    { name: 'EMLINE_GFLUX_COV_IVAR', data: stack(fluxErrCov.map(inverseVariance)), multichannel: true, unit: ivarUnit(fu), role: 'ERROR', sci: 'EMLINE_GFLUX', qual: 'EMLINE_GFLUX_MASK', comment: 'From the covariance with the cube errors; EMLINE_GFLUX_IVAR (from the residuals) is the one ERRDATA names.' },
    ...triple('EMLINE_GEW', 'Angstrom', ew, ewErr, lineFlag, MAP_MASK_SOURCE.ew, true),
    ...triple('GAS_VEL', 'km/s', [velocity], [velocityErr], [kinFlag], MAP_MASK_SOURCE.velocity, false),
    ...triple('GAS_SIGMA', 'km/s', [sigma], [sigmaErr], [kinFlag], MAP_MASK_SOURCE.sigma, false),
    { name: 'GAS_SIGMA_OBS', data: sigmaObs, multichannel: false, unit: 'km/s', role: 'DATA', qual: 'GAS_SIGMA_OBS_MASK' },
    { name: 'GAS_SIGMA_OBS_MASK', data: mapMask(kinFlag, MAP_MASK_SOURCE.velocity, sel, sigmaObs, null), multichannel: false, unit: '', role: 'QUALITY', sci: 'GAS_SIGMA_OBS' },
    { name: 'FIT_CHI2', data: chi2, multichannel: false, unit: '', role: 'DATA', qual: 'FIT_CHI2_MASK' },
    { name: 'FIT_CHI2_MASK', data: mapMask(spectrumFlag, MAP_MASK_SOURCE.spectrum, sel, chi2, null), multichannel: false, unit: '', role: 'QUALITY', sci: 'FIT_CHI2' },
    { name: 'SELECTED', data: sel, multichannel: false, unit: '', role: 'DATA', comment: '1 = passes the selection of the primary header (SELLINE, SELSNR, SELEWSNR).' },
  ];
  const names = maps.map((m) => m.name);
  if (names.join() !== MAPS_EXTENSIONS.map((e) => e.name).join()) throw new Error('cube-fit-maps: MAPS_EXTENSIONS is out of step with the writer');

  const primary: FitsCardInput[] = [
    ...cubeFitPrimaryCards(fit, 'MAPS'),
    { key: 'ERRTYPE', value: 'IVAR', comment: 'errors stored as inverse variance 1/sigma^2 (_IVAR)' },
    { key: 'MASKNAME', value: 'MSA3D_MAPMASK', comment: 'bits of the _MASK maps: msa3d flags' },
    { key: 'NCHANNEL', value: lines.length, comment: 'lines (channels) in EMLINE_* extensions' },
  ];
  lines.forEach((line, k) => primary.push({ key: channelKeyword(k, lines.length), value: line, comment: channelComment(line) }));
  const comments = [
    'Layout as the MaNGA DAP MAPS file: values, _IVAR (inverse variance, 0 = no error), _MASK (int32 bits).',
    'EMLINE_* extensions have one channel per line, named by C01, C02, ... in their header and here.',
    'NaN = not measured (its _MASK has DONOTUSE). S/N = value * sqrt(IVAR). Every map has the WCS named by WCSSRC.',
    ...MAPS_EXTENSIONS.map((e, i) => `HDU ${i + 1} ${e.name}: ${e.what.replace(/`/g, '')}`),
    ...MAP_MASK_BITS.map((b) => `mask bit ${b.bit} (${b.value}) ${b.name}: ${b.meaning}`),
  ];
  const n = fit.nx * fit.ny;
  const hdus: FitsHduInput[] = [{ header: primary, comments: comments.map(fitsText) }];
  for (const m of maps) {
    const multichannel = m.multichannel;
    const naxis = multichannel ? [fit.nx, fit.ny, m.data.length / n] : [fit.nx, fit.ny];
    const bitpix = m.data instanceof Float64Array ? floatBitpix(m.data) : undefined;
    hdus.push({ name: m.name, data: m.data, naxis, bitpix, header: mapHeader(fit, m, lines) });
  }
  return hdus;
}

/**
 * Writes the maps file of `fit` (layout: {@link MAPS_EXTENSIONS}; README "Map products"): an empty primary HDU with the
 * fit's description and provenance, then values, _IVAR and int32 _MASK maps with BUNIT, the HDUCLASS links and the
 * cube's spatial WCS. Written through a temporary file; FitsError 'exists' unless overwrite.
 */
export function writeCubeFitMaps(path: string, fit: CubeFit, options: WriteFitsOptions = {}): void {
  writeFits(path, cubeFitMapsHdus(fit), options);
}

/**
 * One map read back from a maps file: extension `extname` and, for multi-channel extensions, the channel named `channel`
 * (a line name, e.g. 'ha', found through the C01, C02, … keywords); pixels with index y·nx + x.
 */
export function readCubeFitMap(path: string, extname: string, channel?: string): { data: Float32Array | Float64Array | Int32Array | Uint8Array; header: Record<string, FitsValue> } {
  const image = readFitsImage(path, extname);
  const [nx, ny, nChannels] = image.naxis;
  const data = image.data as Float32Array | Float64Array | Int32Array | Uint8Array;
  if (image.naxis.length === 2) {
    if (channel !== undefined) throw new FitsError('missing-extension', path, `${extname} is a single map; it has no channel '${channel}'`);
    return { data, header: image.header };
  }
  const names: string[] = [];
  for (let k = 0; k < (nChannels ?? 0); k++) names.push(String(image.header[channelKeyword(k, nChannels!)] ?? ''));
  const k = channel === undefined ? -1 : names.indexOf(channel);
  if (k < 0) throw new FitsError('missing-extension', path, `${extname} has channels ${names.join(', ')}; name one${channel === undefined ? '' : ` (not '${channel}')`}`);
  const plane = nx! * ny!;
  return { data: data.subarray(k * plane, (k + 1) * plane), header: image.header };
}
