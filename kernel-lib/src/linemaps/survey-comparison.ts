// Our fits of real survey data against the survey's own published fluxes of the same spectra: a SAMI DR3 sector-binned
// galaxy (every bin of both arms, against the LZIFU maps) and an SDSS spectrum (against its SPZLINE table). The redshift,
// line-spread function and wavelength medium come from the files (resolveCubeFitInputs: header keywords, the instrument
// catalogue, the SDSS wdisp column), with their provenance; nothing is read through the repository layout. Both sides
// are compared in 1e-20 erg/s/cm² per spaxel: ours fitted in fitCube's fitting unit (fittingUnit), the published
// fluxes converted by their own stated units (io/units.ts parseErgFluxUnit); a unit that cannot be read is an error.
import type { Cube } from '../io/cube';
import { readCube } from '../io/cube';
import { readSpectrum, spectrumAsCube, type Spectrum1D } from '../io/spectrum';
import { InputError } from '../errors/input-error';
import { instrumentFromSpec } from '../instrument/instrument-spec';
import { createSpectrumFitter, HA_NII_SII_WINDOW, HB_OIII_WINDOW, type SpectrumFit, type SpectrumFitterOptions } from '../spectra/index';
import type { ProvenanceRecord } from '../provenance';
import { readSamiLzifuMap, readSdssSpzline, SDSS_SPZLINE_FLUX_UNIT, type PublishedLineMap, type SamiLzifuLine, type SpzlineFlux } from '../io/survey-line-fluxes';
import { resolveCubeFitInputs } from './cube-fit-inputs';
import { fittingUnit, type FittingUnit } from './fit-cube';
import { factorTo1e20, FLUX_UNIT_1E20, parseErgFluxUnit } from '../io/units';
import { binRepresentativeSpaxels, compareWithPublished, type PublishedComparison, type PublishedComparisonRow, type PublishedFlux } from './published-comparison';

/** The five quantities compared ([S II] = 6717 + 6731), in this order. */
export const COMPARED_LINES = ['Hα', '[N II]', '[S II]', 'Hβ', '[O III]'] as const;
export type ComparedLine = (typeof COMPARED_LINES)[number];

/** Fitter options a comparison passes through (the redshift, LSF, medium and windows come from the data). */
export type ComparisonFitOptions = Omit<SpectrumFitterOptions, 'redshift' | 'instrument' | 'windows' | 'medium' | 'referenceLine'>;

/** One compared quantity of one bin (or spectrum): ours, the published flux, its S/N, the ratio ours/published. */
export interface ComparedLineRow {
  id: number | string;
  line: ComparedLine;
  ours: number;
  published: number;
  publishedErr: number;
  publishedSnr: number;
  ratio: number;
  /** Whether the row passes the comparison's selection (published Hα S/N). */
  selected: boolean;
}

function oursOf(fit: SpectrumFit): Record<ComparedLine, number> {
  const f = (name: string) => fit.lines[name]?.flux ?? NaN;
  return { 'Hα': f('ha'), '[N II]': f('nii6584'), '[S II]': f('sii6717') + f('sii6731'), 'Hβ': f('hb'), '[O III]': f('oiii5007') };
}

function lineRows(measured: readonly PublishedComparisonRow[], comparison: PublishedComparison): ComparedLineRow[] {
  return measured.flatMap((row, i) => COMPARED_LINES.map((line) => {
    const p = row.published[line];
    return {
      id: row.id, line, ours: row.ours[line], published: p.flux, publishedErr: p.fluxErr,
      publishedSnr: p.fluxErr > 0 ? p.flux / p.fluxErr : NaN, ratio: comparison.rows[i].ratios[line], selected: comparison.rows[i].selected,
    };
  }));
}

/** The fitting unit of a comparison's cube (fitCube's); an InputError when it cannot be converted to 1e-20 erg/s/cm². */
function comparisonUnit(cube: Cube, where: string): FittingUnit {
  const unit = fittingUnit(cube);
  if (!unit.converted) throw new InputError('not-one-of', where, `${cube.source.path}: ${unit.rule}; cannot compare with published fluxes`);
  return unit;
}

/** The factor from a published line-flux unit (per spaxel) to 1e-20 erg/s/cm²; an InputError when it cannot be read. */
function publishedFactor(unit: string, where: string, what: string): number {
  const parsed = parseErgFluxUnit(unit);
  if (parsed === null || parsed.kind !== 'line' || parsed.per !== 'spaxel') throw new InputError('not-one-of', where, `${what}: unit ${JSON.stringify(unit)} is not a line flux (erg s-1 cm-2) per spaxel`);
  return factorTo1e20(parsed);
}

/** One spaxel (index `spaxel` of planes of `plane` values) in the fitting unit: flux and error × factors[k], mask as is. */
function spaxelInUnit(cube: Cube, factors: Float64Array, spaxel: number, plane: number): { flux: Float64Array; error: Float64Array | null; mask: Uint8Array } {
  const flux = new Float64Array(cube.nWave);
  const error = cube.error ? new Float64Array(cube.nWave) : null;
  const mask = new Uint8Array(cube.nWave);
  for (let k = 0; k < cube.nWave; k++) {
    flux[k] = cube.flux[k * plane + spaxel]! * factors[k]!;
    if (error) error[k] = cube.error![k * plane + spaxel]! * factors[k]!;
    mask[k] = cube.mask[k * plane + spaxel]!;
  }
  return { flux, error, mask };
}

/** The SAMI LZIFU maps a sector comparison needs. */
const SAMI_MAPS_NEEDED: readonly SamiLzifuLine[] = ['Halpha', 'NII6583', 'SII6716', 'SII6731', 'Hbeta', 'OIII5007'];

export interface SamiSectorInput {
  /** The blue (580V) and red (1000R) arm cubes, as read or as paths (.fits or .fits.gz); the red one carries BIN_MASK. */
  blue: Cube | string;
  red: Cube | string;
  /** The LZIFU maps by line name (at least Halpha, NII6583, SII6716, SII6731, Hbeta, OIII5007), as read or as paths. */
  maps: Partial<Record<SamiLzifuLine, PublishedLineMap | string>>;
  /** The medians use the bins with published Hα S/N above this (default 10, issue 12's selection). */
  minPublishedHaSnr?: number;
}

/** One bin: its representative spaxel and both arms' fits (classify's lineMeasurementsFromSpectrumFits combines them). */
export interface SamiBinFit {
  bin: number;
  spaxel: number;
  red: SpectrumFit;
  blue: SpectrumFit;
}

export interface SamiSectorComparison extends PublishedComparison {
  bins: SamiBinFit[];
  /** Ours and published per bin and line (published flux, error, S/N; the ratio; selected or not). */
  lineRows: ComparedLineRow[];
  /** What each arm's fit used (redshift, LSF, medium, PSF) and where it came from. */
  provenance: { blue: ProvenanceRecord; red: ProvenanceRecord };
  /** The cubes as read (the bin map is red.binMask). */
  cubes: { blue: Cube; red: Cube };
  /** Unit of every flux compared (ours and published) and of the fits' line fluxes: FLUX_UNIT_1E20, per spaxel. */
  fluxUnit: string;
  /** How each side's unit was read: the arms' fitting-unit rules and each published map's unit and its source. */
  units: { blue: string; red: string; published: Partial<Record<SamiLzifuLine, string>> };
}

/**
 * Fits every bin of a SAMI DR3 sector-binned galaxy (one spaxel per bin: every spaxel of a bin carries the same
 * spectrum), both arms with the redshift, LSF and medium of their headers, and compares Hα, [N II], [S II], Hβ, [O III]
 * with the published LZIFU fluxes of the same bins: medians over the bins with published Hα S/N > 10 (minPublishedHaSnr).
 */
export function compareSamiSectors(input: SamiSectorInput, extra: ComparisonFitOptions = {}): SamiSectorComparison {
  const missing = SAMI_MAPS_NEEDED.filter((l) => input.maps[l] === undefined);
  if (missing.length > 0) throw new InputError('missing', 'compareSamiSectors', `no LZIFU map for ${missing.join(', ')}`);
  const minSnr = input.minPublishedHaSnr ?? 10;
  if (!(minSnr >= 0) || !Number.isFinite(minSnr)) throw new InputError('out-of-range', 'compareSamiSectors', `minPublishedHaSnr must be a finite number ≥ 0 (got ${minSnr})`);
  const cubes = { blue: typeof input.blue === 'string' ? readCube(input.blue) : input.blue, red: typeof input.red === 'string' ? readCube(input.red) : input.red };
  const binMask = cubes.red.binMask;
  if (!binMask) throw new InputError('missing', 'compareSamiSectors', `${cubes.red.source.path}: no BIN_MASK (not a binned SAMI cube)`);
  if (cubes.blue.nx !== cubes.red.nx || cubes.blue.ny !== cubes.red.ny) {
    throw new InputError('inconsistent', 'compareSamiSectors', `the arms differ in size (blue ${cubes.blue.nx} × ${cubes.blue.ny}, red ${cubes.red.nx} × ${cubes.red.ny})`);
  }
  const pub = Object.fromEntries(SAMI_MAPS_NEEDED.map((l) => {
    const m = input.maps[l]!;
    return [l, typeof m === 'string' ? readSamiLzifuMap(m) : m];
  })) as Record<SamiLzifuLine, PublishedLineMap>;
  const plane = cubes.red.nx * cubes.red.ny;
  for (const l of SAMI_MAPS_NEEDED) {
    if (pub[l].flux.length !== plane) throw new InputError('inconsistent', 'compareSamiSectors', `the ${l} map has ${pub[l].flux.length} spaxels, the cubes ${plane}`);
  }
  const units = { blue: comparisonUnit(cubes.blue, 'compareSamiSectors'), red: comparisonUnit(cubes.red, 'compareSamiSectors') };
  const toUnit = Object.fromEntries(SAMI_MAPS_NEEDED.map((l) => [l, publishedFactor(pub[l].unit, 'compareSamiSectors', `the ${l} map ${pub[l].path}`)])) as Record<SamiLzifuLine, number>;
  const inputs = { blue: resolveCubeFitInputs(cubes.blue), red: resolveCubeFitInputs(cubes.red) };
  const fitterOf = (arm: 'blue' | 'red') => createSpectrumFitter(cubes[arm].wavelengthAngstrom, {
    ...extra, redshift: inputs[arm].redshift, medium: inputs[arm].medium, instrument: instrumentFromSpec(inputs[arm].instrument),
    ...(arm === 'red' ? { windows: [HA_NII_SII_WINDOW] } : { windows: [HB_OIII_WINDOW], referenceLine: 'hb' }),
  });
  const fitters = { blue: fitterOf('blue'), red: fitterOf('red') };
  const measured: PublishedComparisonRow[] = [];
  const bins: SamiBinFit[] = [];
  for (const { bin, spaxel } of binRepresentativeSpaxels(binMask)) {
    const fitArm = (arm: 'blue' | 'red') => {
      const { flux, error, mask } = spaxelInUnit(cubes[arm], units[arm].factors, spaxel, plane);
      return fitters[arm].fit(flux, error, mask);
    };
    const red = fitArm('red');
    const blue = fitArm('blue');
    bins.push({ bin, spaxel, red, blue });
    const p = (l: SamiLzifuLine): PublishedFlux => ({ flux: pub[l].flux[spaxel] * toUnit[l], fluxErr: pub[l].fluxErr[spaxel] * toUnit[l] });
    const sii = { flux: p('SII6716').flux + p('SII6731').flux, fluxErr: Math.hypot(p('SII6716').fluxErr, p('SII6731').fluxErr) };
    measured.push({
      id: bin,
      ours: { ...oursOf(red), 'Hβ': oursOf(blue)['Hβ'], '[O III]': oursOf(blue)['[O III]'] },
      published: { 'Hα': p('Halpha'), '[N II]': p('NII6583'), '[S II]': sii, 'Hβ': p('Hbeta'), '[O III]': p('OIII5007') },
    });
  }
  const comparison = compareWithPublished(measured, { lines: COMPARED_LINES, selectLine: 'Hα', minPublishedSnr: minSnr });
  const published = Object.fromEntries(SAMI_MAPS_NEEDED.map((l) => [l, `${pub[l].unit}${pub[l].unitSource ? ` (${pub[l].unitSource})` : ''}`]));
  return {
    ...comparison, bins, lineRows: lineRows(measured, comparison), provenance: { blue: inputs.blue.provenance, red: inputs.red.provenance }, cubes,
    fluxUnit: FLUX_UNIT_1E20, units: { blue: units.blue.rule, red: units.red.rule, published },
  };
}

export interface SdssInput {
  /** The SDSS spec file's path, or its spectrum as read (readSpectrum). */
  spectrum: Spectrum1D | string;
  /** Its SPZLINE fluxes (readSdssSpzline), or the file to read them from (default: the spectrum's path). */
  spzline?: Record<string, SpzlineFlux> | string;
}

export interface SdssComparison {
  /** Ours / SPZLINE per line. */
  ratios: Record<ComparedLine, number>;
  ours: Record<ComparedLine, number>;
  published: Record<ComparedLine, PublishedFlux>;
  lineRows: ComparedLineRow[];
  fit: SpectrumFit;
  /**
   * Per compared line (its first SPZLINE line for [S II], 6716): our fitted continuum at the line and σ_obs, and
   * SPZLINE's (LINECONTLEVEL, LINESIGMA; both observed, as ours) — what a flux ratio off 1 comes from.
   */
  lineDetails: { line: ComparedLine; oursContinuum: number; publishedContinuum: number; oursSigmaObservedKms: number; publishedSigmaKms: number }[];
  spectrum: Spectrum1D;
  /** What the fit used (redshift from SPECOBJ, the LSF from wdisp, vacuum) and where it came from. */
  provenance: ProvenanceRecord;
  /** Unit of every flux compared and of the fit's line fluxes: FLUX_UNIT_1E20; continua in it per Å. */
  fluxUnit: string;
  /** The spectrum as fitted: flux and error in `fluxUnit` per Å (the spectrum's own × its factor), e.g. to draw the fit's model over. */
  fitted: { flux: Float64Array; error: Float64Array | null };
  /** How each side's unit was read: the spectrum's fitting-unit rule, and SPZLINE's flux unit. */
  units: { ours: string; published: string };
}

/** The SPZLINE names of the compared lines ([S II] is 6716 + 6730). */
const SPZLINE_NAMES: Record<ComparedLine, readonly string[]> = {
  'Hα': ['H_alpha'], '[N II]': ['[N_II] 6583'], '[S II]': ['[S_II] 6716', '[S_II] 6730'], 'Hβ': ['H_beta'], '[O III]': ['[O_III] 5007'],
};

/** Our line of each compared quantity whose continuum and width are compared ([S II]: 6717). */
const OUR_FIRST_LINE: Record<ComparedLine, string> = { 'Hα': 'ha', '[N II]': 'nii6584', '[S II]': 'sii6717', 'Hβ': 'hb', '[O III]': 'oiii5007' };

/** Fits an SDSS spectrum (Hβ+[O III] and Hα+[N II]+[S II] windows; z, LSF per pixel and medium from the file) against SPZLINE. */
export function compareSdssSpectrum(input: SdssInput, extra: ComparisonFitOptions = {}): SdssComparison {
  const spectrum = typeof input.spectrum === 'string' ? readSpectrum(input.spectrum) : input.spectrum;
  const spzSource = input.spzline ?? spectrum.source.path;
  const spz = typeof spzSource === 'string' ? readSdssSpzline(spzSource) : spzSource;
  const absent = Object.values(SPZLINE_NAMES).flat().filter((n) => spz[n] === undefined);
  if (absent.length > 0) throw new InputError('missing', 'compareSdssSpectrum', `SPZLINE has no ${absent.join(', ')}`);
  const cube = spectrumAsCube(spectrum);
  const unit = comparisonUnit(cube, 'compareSdssSpectrum');
  // SPZLINE's unit: LINEAREA's TUNIT as read, else (a record given without one) the SDSS data model's
  const spzUnitOf = (r: SpzlineFlux) => r.fluxUnit ?? SDSS_SPZLINE_FLUX_UNIT;
  const spzRows = Object.values(SPZLINE_NAMES).flat().map((n) => spz[n]);
  const spzFactor = new Map(spzRows.map((r) => [r, publishedFactor(spzUnitOf(r), 'compareSdssSpectrum', 'SPZLINE LINEAREA')]));
  const spzUnits = [...new Set(spzRows.map((r) => `${spzUnitOf(r)}${r.fluxUnit ? '' : ' (none given: the SDSS data model\'s)'}`))];
  const inputs = resolveCubeFitInputs(cube);
  const scaled = spaxelInUnit(cube, unit.factors, 0, 1);
  const fit = createSpectrumFitter(cube.wavelengthAngstrom, {
    ...extra, redshift: inputs.redshift, medium: inputs.medium, instrument: instrumentFromSpec(inputs.instrument), windows: [HB_OIII_WINDOW, HA_NII_SII_WINDOW],
  }).fit(scaled.flux, scaled.error, scaled.mask);
  const ours = oursOf(fit);
  const published = {} as Record<ComparedLine, PublishedFlux>;
  const ratios = {} as Record<ComparedLine, number>;
  const toUnit = (r: SpzlineFlux) => spzFactor.get(r)!;
  for (const line of COMPARED_LINES) {
    const rows = SPZLINE_NAMES[line].map((n) => spz[n]);
    published[line] = { flux: rows.reduce((s, r) => s + r.flux * toUnit(r), 0), fluxErr: Math.hypot(...rows.map((r) => r.fluxErr * toUnit(r))) };
    ratios[line] = ours[line] / published[line].flux;
  }
  // LINECONTLEVEL is in the spectrum's flux-density unit: the spectrum's factor at the channel nearest the line
  const densityFactorAt = (restAngstrom: number) => {
    const lam = restAngstrom * (1 + inputs.redshift);
    let best = 0;
    cube.wavelengthAngstrom.forEach((w, k) => { if (Math.abs(w - lam) < Math.abs(cube.wavelengthAngstrom[best] - lam)) best = k; });
    return unit.factors[best];
  };
  const measured: PublishedComparisonRow[] = [{ id: spectrum.source.path, ours, published }];
  const lineDetails = COMPARED_LINES.map((line) => {
    const ourLine = fit.lines[OUR_FIRST_LINE[line]];
    const spzLine = spz[SPZLINE_NAMES[line][0]];
    return {
      line, oursContinuum: ourLine?.continuumAtLine ?? NaN, publishedContinuum: spzLine.continuumLevel * densityFactorAt(spzLine.restWavelengthAngstrom),
      oursSigmaObservedKms: ourLine?.sigmaObservedKms ?? NaN, publishedSigmaKms: spzLine.sigmaKms,
    };
  });
  return {
    ratios, ours, published, lineDetails, lineRows: lineRows(measured, compareWithPublished(measured, { lines: COMPARED_LINES, minPublishedSnr: 0 })), fit, spectrum,
    provenance: inputs.provenance, fluxUnit: FLUX_UNIT_1E20, fitted: { flux: scaled.flux, error: scaled.error }, units: { ours: unit.rule, published: `SPZLINE LINEAREA in ${spzUnits.join(', ')}` },
  };
}
