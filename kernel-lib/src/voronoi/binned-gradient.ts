// The metallicity gradient from Voronoi-binned spectra, as Wang et al. 2020 (§3.6) measure theirs: bin the spaxels to a
// target S/N of one line (Cappellari & Copin 2003; Diehl & Statler 2006), co-add each bin's spectra, fit them, classify,
// take N2 metallicities (PP04 cubic + 0.18 dex, Ju et al. §3.1) and fit 12+log(O/H) against the bins' radii.
import type { Cube } from '../io/cube';
import { fitCube, type CubeFit, type FitCubeOptions } from '../linemaps/fit-cube';
import { lineMeasurementsFromCubeFit } from '../classify/line-measurements';
import { classifyMaps, type ClassificationMaps, type ClassifySpaxelOptions } from '../classify/classify-spaxel';
import type { ClassificationDiagnostic } from '../classify/class-codes';
import { metallicityMaps, type MetallicityMaps } from '../abundance/metallicity';
import { selectMetallicitySpaxels, MAX_METALLICITY_ERROR_DEX, type MetallicitySpaxelSelection } from '../abundance/select-spaxels';
import { fitMetallicityGradient, type GradientResult } from '../gradient/fit-gradient';
import { coaddCubeBins } from './coadd-cube-bins';
import { voronoiBinning, type VoronoiBinning, type VoronoiBinningOptions } from './voronoi-binning';
import { InputError } from '../errors/input-error';

export interface VoronoiBinnedGradientOptions {
  /** Target S/N of each bin on `line` (Wang et al. 2020 used 5 on [O III]). */
  targetSN: number;
  /** The line whose fitted spaxel flux and error drive the binning (default 'ha'). */
  line?: string;
  /** Spaxels whose own S/N on `line` is below this are left out (default 3: noise-only spaxels would only add noise). */
  minSpaxelSN?: number;
  /** Further binning options (wvt, cvt, covarianceAlpha, contiguous, keepBrightSpaxelsSingle). */
  binning?: Omit<VoronoiBinningOptions, 'minSpaxelSN' | 'pixelSize'>;
  /** Options of the fit of the binned spectra (redshift, instrument, windows, selection cuts …). */
  fit?: FitCubeOptions;
  /** Diagram for the classification of the bins (default 'auto': BPT where a bin's four lines pass, else WHAN). */
  diagnostic?: 'auto' | ClassificationDiagnostic;
  classificationMinSnr?: ClassifySpaxelOptions['minSnr'];
  /** Largest statistical metallicity error kept, dex (default 0.25, Ju et al. §3.1). */
  maxMetallicityErrDex?: number;
  /** Radial range of the fit, kpc (default [0.5, edge]: Ju et al. §3.2). */
  radialRangeKpc?: [number, number?];
}

export interface VoronoiBinnedGradient {
  binning: VoronoiBinning;
  /** Map from cube spaxel (y·nx + x) to bin, −1 where the spaxel was not binned. */
  spaxelBin: Int32Array;
  binnedCube: Cube;
  fit: CubeFit;
  classification: ClassificationMaps;
  metallicity: MetallicityMaps;
  usable: MetallicitySpaxelSelection;
  /** Per bin: signal-weighted mean deprojected radius (kpc), 12+log(O/H) and total error where usable, else NaN. */
  binRadiusKpc: Float64Array;
  binOh: Float64Array;
  binOhErr: Float64Array;
  /** Per cube spaxel: the metallicity of its bin (NaN outside usable bins), for maps. */
  ohMap: Float64Array;
  gradient: GradientResult;
}

/** Spaxels binned on one line's fitted flux S/N, and the map from cube spaxel to bin (−1 = not binned). */
export interface SpaxelBinning {
  binning: VoronoiBinning;
  spaxelBin: Int32Array;
}

/**
 * Voronoi bins on the fitted flux S/N of `line` (default 'ha') of a per-spaxel fit: signal = flux, noise = its 1σ
 * error, over the spaxels with a finite flux, a positive finite error (and a finite radius when `radiusKpc` is given);
 * spaxels below minSpaxelSN (default 3) are left out. Throws when no spaxel can be binned or all together stay below
 * the target (voronoiBinning's message).
 */
export function binSpaxelsOnLine(
  spaxelFit: CubeFit,
  targetSN: number,
  options: Pick<VoronoiBinnedGradientOptions, 'line' | 'minSpaxelSN' | 'binning'> & { radiusKpc?: ArrayLike<number> } = {},
): SpaxelBinning {
  const where = 'binSpaxelsOnLine';
  const plane = spaxelFit.nx * spaxelFit.ny;
  const line = options.line ?? 'ha';
  const flux = spaxelFit.maps[`${line}_flux`];
  const error = spaxelFit.maps[`${line}_flux_err`];
  if (!flux || !error) throw new InputError('missing', where, `the spaxel fit has no '${line}_flux' / '${line}_flux_err' maps (lines: ${spaxelFit.lineNames.join(', ')})`);
  const radiusKpc = options.radiusKpc;
  const spaxels: number[] = [];
  for (let s = 0; s < plane; s++) {
    if (Number.isFinite(flux[s]) && Number.isFinite(error[s]) && error[s] > 0 && (!radiusKpc || Number.isFinite(radiusKpc[s]))) spaxels.push(s);
  }
  if (spaxels.length === 0) throw new Error(`${where}: no spaxel has a finite ${line} flux with a positive error`);
  const x = spaxels.map((s) => s % spaxelFit.nx);
  const y = spaxels.map((s) => Math.floor(s / spaxelFit.nx));
  const binning = voronoiBinning(x, y, spaxels.map((s) => flux[s]), spaxels.map((s) => error[s]), targetSN, {
    ...options.binning,
    pixelSize: 1,
    minSpaxelSN: options.minSpaxelSN ?? 3,
  });
  const spaxelBin = new Int32Array(plane).fill(-1);
  spaxels.forEach((s, k) => (spaxelBin[s] = binning.binIndex[k]));
  return { binning, spaxelBin };
}

/**
 * Radius of each bin: the mean of its spaxels' radii weighted by the binning line's fitted flux, max(F, 0) (so a bin
 * sits where its line emission comes from); the plain mean where the weights sum to 0.
 */
export function binWeightedRadius(radius: ArrayLike<number>, spaxelBin: Int32Array, nBins: number, flux: ArrayLike<number>): Float64Array {
  const sumW = new Float64Array(nBins);
  const sumWr = new Float64Array(nBins);
  const sumR = new Float64Array(nBins);
  const count = new Float64Array(nBins);
  for (let s = 0; s < spaxelBin.length; s++) {
    const b = spaxelBin[s];
    if (b < 0) continue;
    const w = Number.isFinite(flux[s]) ? Math.max(flux[s], 0) : 0;
    sumW[b] += w;
    sumWr[b] += w * radius[s];
    sumR[b] += radius[s];
    count[b]++;
  }
  return Float64Array.from(sumW, (w, b) => (w > 0 ? sumWr[b] / w : sumR[b] / count[b]));
}

/**
 * Bins the spaxels of `cube` on the fitted flux S/N of one line (from `spaxelFit`, a fitCube result of the same cube),
 * co-adds and fits the binned spectra, and fits the N2 metallicity gradient of the usable bins against their radii
 * (`radiusKpc`: deprojected radius of every cube spaxel, e.g. galaxyGeometry(...).radiusKpc). Only spaxels with a
 * finite flux and a positive finite error are binned.
 */
export async function voronoiBinnedGradient(
  cube: Cube,
  spaxelFit: CubeFit,
  radiusKpc: ArrayLike<number>,
  options: VoronoiBinnedGradientOptions,
): Promise<VoronoiBinnedGradient> {
  const where = 'voronoiBinnedGradient';
  const plane = cube.nx * cube.ny;
  if (spaxelFit.nx !== cube.nx || spaxelFit.ny !== cube.ny) throw new InputError('length-mismatch', where, `the spaxel fit is ${spaxelFit.nx} × ${spaxelFit.ny}, the cube ${cube.nx} × ${cube.ny}`);
  if (radiusKpc.length !== plane) throw new InputError('length-mismatch', where, `radiusKpc has ${radiusKpc.length} entries, the cube ${plane} spaxels`);
  const { binning, spaxelBin } = binSpaxelsOnLine(spaxelFit, options.targetSN, { ...options, radiusKpc });
  const nBins = binning.nBins;
  const binRadiusKpc = binWeightedRadius(radiusKpc, spaxelBin, nBins, spaxelFit.maps[`${options.line ?? 'ha'}_flux`]);

  const binnedCube = coaddCubeBins(cube, spaxelBin, nBins);
  const fit = await fitCube(binnedCube, { redshift: spaxelFit.redshift, ...options.fit });
  const lines = lineMeasurementsFromCubeFit(fit);
  const classification = classifyMaps(lines, { mask: fit.selected, diagnostic: options.diagnostic ?? 'auto', minSnr: options.classificationMinSnr });
  const metallicity = metallicityMaps(lines);
  const usable = selectMetallicitySpaxels(classification.classCode, metallicity, {
    mask: fit.selected,
    maxErrDex: options.maxMetallicityErrDex ?? MAX_METALLICITY_ERROR_DEX,
  });
  const binOh = Float64Array.from(metallicity.oh, (v, b) => (usable.selected[b] ? v : NaN));
  const binOhErr = Float64Array.from(metallicity.ohErrTotal, (v, b) => (usable.selected[b] ? v : NaN));
  const ohMap = Float64Array.from(spaxelBin, (b) => (b >= 0 ? binOh[b] : NaN));
  const [rMin, rMax] = options.radialRangeKpc ?? [0.5];
  const gradient = fitMetallicityGradient(binRadiusKpc, binOh, { rMin, rMax, ohErr: binOhErr });
  return { binning, spaxelBin, binnedCube, fit, classification, metallicity, usable, binRadiusKpc, binOh, binOhErr, ohMap, gradient };
}
