// analyzeGalaxy: the MSA-3D chain for one cube (Ju et al. §2.2–§3.2) — fit every spaxel, classify (BPT, else WHAN),
// N2 metallicities (PP04 cubic + 0.18 dex), star-forming spaxels with σ_stat ≤ 0.25 dex, deprojected radii, and the
// radial gradient from 0.5 kpc to the edge of the field (and 0.5–2.5 R_e), with the binned profile; optionally on
// Voronoi bins of the Hα S/N instead of spaxels (Wang et al. 2020, ApJ 900, 183, §3.6; Cappellari & Copin 2003).
import type { Cube } from '../io/cube';
import { fitCube, checkFitCubeInput, type CubeFit, type FitCubeOptions } from '../linemaps/fit-cube';
import { lineMeasurementsFromCubeFit } from '../classify/line-measurements';
import type { ClassificationMaps, ClassifySpaxelOptions } from '../classify/classify-spaxel';
import { classifyGalaxy, type GalaxyClassification } from './classify-galaxy';
import type { ClassificationDiagnostic } from '../classify/class-codes';
import { N2_ONLY_ASSUMPTION } from '../classify/n2-only';
import { metallicityMaps, type MetallicityMaps } from '../abundance/metallicity';
import { strongLineCalibration, type CalibrationName } from '../abundance/calibrations';
import { selectMetallicitySpaxels, MIN_STAR_FORMING_SPAXELS, MAX_METALLICITY_ERROR_DEX, type MetallicitySpaxelSelection } from '../abundance/select-spaxels';
import { galaxyGeometry, type GalaxyGeometry } from '../geometry/galaxy-geometry';
import { NoContinuumWindowError } from '../geometry/continuum-centre';
import { fitMetallicityGradient, fitMetallicityGradientRe, gradientResidualMap, type GradientFit } from '../gradient/fit-gradient';
import { correlationAreaFromNeighbourCorrelation, mapNeighbourCorrelation } from '../stats/correlated-field';
import { binnedRadialProfile } from '../gradient/radial-profile';
import { checkFiniteNumber, checkInteger, checkOneOf } from '../errors/check-options';
import { InputError } from '../errors/input-error';
import type { Provenance, ProvenanceRecord } from '../provenance';
import { binSpaxelsOnLine, binWeightedRadius } from '../voronoi/binned-gradient';
import { coaddCubeBins } from '../voronoi/coadd-cube-bins';
import type { VoronoiBinning } from '../voronoi/voronoi-binning';
import { checkSpatialScaleInput, spatialScale } from './spatial-scale';

export interface GalaxyMeta {
  /** Redshift of the lines (default: the cube header's); also the kpc scale unless kpcPerArcsec or distanceMpc is given. */
  redshift?: number;
  /** kpc per arcsec, given (e.g. for a rest-frame cube, whose lines are at z = 0). Not with distanceMpc. */
  kpcPerArcsec?: number;
  /** Distance, Mpc: the kpc scale by the small-angle relation (D·π/648000·1000 kpc/″). Not with kpcPerArcsec. */
  distanceMpc?: number;
  /**
   * Bin the spaxels with Hα signal (their own fit's S/N ≥ voronoiMinSpaxelSnr) to this Hα S/N with Voronoi bins
   * before the final fit (Wang et al. 2020 §3.6; voronoi/): each bin's spectra are co-added, fitted, classified and
   * given a metallicity, and the gradient is fitted over the bins at their Hα-flux-weighted mean deprojected radius.
   * fit.selection then applies to the bins' fits, its minFluxSnr defaulting to VORONOI_BIN_MIN_FLUX_SNR (3).
   * Default: no binning (the paper's spaxel-by-spaxel chain).
   */
  voronoiTargetSnr?: number;
  /** Spaxels whose own Hα S/N is below this are left out of the bins (default 3, binSpaxelsOnLine's). */
  voronoiMinSpaxelSnr?: number;
  /** Major-axis position angle, degrees from north through east. */
  positionAngleDeg: number;
  /** Axis ratio b/a (cos i = b/a). */
  axisRatio: number;
  /** Centre in 0-based pixels; default the continuum peak at rest 5500 ± 25 Å, else 6500 ± 25 Å. */
  centre?: { xPix: number; yPix: number };
  /** Effective radius, kpc: enables the dex/R_e gradient. */
  reKpc?: number;
  /**
   * 'galaxy' (default, the paper's practice: "10 galaxies relied on the BPT diagram … the remaining … WHAN"): BPT for
   * the whole galaxy when at least `minStarFormingSpaxels` spaxels can be placed on it, else WHAN.
   * 'auto': per spaxel, BPT where its four lines pass, else WHAN. 'bpt' / 'whan' / 'n2' (log([N II]/Hα) alone,
   * classify/n2-only.ts): that diagram only.
   */
  diagnostic?: 'galaxy' | 'auto' | ClassificationDiagnostic;
  /**
   * With 'galaxy' or 'auto': when no selected spaxel has Hβ and [O III] (BPT) or a finite EW(Hα) (WHAN), classify by
   * N2 alone, stated in provenance.diagnostic and diagnosticAssumption (default true); false: no fallback.
   */
  n2Fallback?: boolean;
  /** Per-line S/N for the classification (default 3 each). */
  classificationMinSnr?: ClassifySpaxelOptions['minSnr'];
  /** Strong-line calibration (default 'pp04-n2-cubic', the paper's). */
  calibration?: CalibrationName;
  /** Largest statistical metallicity error kept, dex (default 0.25). */
  maxMetallicityErrDex?: number;
  /** Radial range of the kpc fit (default [0.5, edge of the field]). */
  radialRangeKpc?: [number, number?];
  /** Radial range of the R_e fit (default [0.5, 2.5]). */
  radialRangeRe?: [number, number];
  /** Fewest usable star-forming spaxels for a gradient (default 20, the paper's); with Voronoi bins, of bins (default MIN_STAR_FORMING_BINS = 5). */
  minStarFormingSpaxels?: number;
  /**
   * 'none' (default): ordinary least squares, the paper's "linear fit" (its per-spaxel errors are dominated by the
   * shared 0.18 dex calibration scatter, so weights by them would be nearly equal). 'intrinsic-scatter': weights
   * 1/(σ_stat² + s²), s solved so χ²/(n − 2) = 1 (gradient/fit-gradient.ts). Measured on 138 independent simulated
   * galaxies (test/recovery.test.ts): against the same fit on the noise-free cube, OLS is steeper by ≈ 0.6σ (faint
   * [N II] at the edge) while the weighted fit is unbiased (< 0.1σ, pulls of width 1.14); but the weights lean on the
   * bright, beam-smeared centre, so against the injected slope the weighted fit is the flatter one (+0.34σ, width 1.5,
   * vs OLS −0.54σ, width 1.1) and it flattens ID4391's steep inner profile to −0.037 (OLS −0.050, injected −0.074).
   */
  gradientWeighting?: 'intrinsic-scatter' | 'none';
  /**
   * How the gradient's errors treat neighbouring spaxels: 'none' (default, the paper's fit) as independent;
   * 'residuals' as correlated as the fit's residuals are — k = correlationAreaFromNeighbourCorrelation(their lag-1
   * correlation) (stats/correlated-field.ts), and both gradients refitted with spaxelsPerResolutionElement: k (errors
   * × √k, `errorInflation`). For resampled cubes (SAMI, MaNGA); spaxel analyses only (Voronoi bins are not a grid:
   * their gradient is left as it is).
   */
  spaxelCorrelation?: 'none' | 'residuals';
  /** Radial bin width of the profile, kpc (default 0.5). */
  binWidthKpc?: number;
  /** Options of the line fit (workers, instrument, selection cuts …); or pass a finished fit as `cubeFit`. */
  fit?: FitCubeOptions;
  cubeFit?: CubeFit;
}

/** The Voronoi-binned part of an analysis: the bins, their fit and their radii. */
export interface BinnedAnalysis {
  targetSnr: number;
  minSpaxelSnr: number;
  binning: VoronoiBinning;
  /** Bin of each spaxel (index y·nx + x), −1 where it was not binned. */
  spaxelBin: Int32Array;
  nBins: number;
  /** The fit of the co-added bin spectra (nx = nBins, ny = 1). */
  fit: CubeFit;
  /** Per bin: Hα-flux-weighted mean deprojected radius of its spaxels, kpc, and / R_e (null without R_e). */
  radiusKpc: Float64Array;
  radiusRe: Float64Array | null;
  /** Per bin: class code, 12+log(O/H) and its total error where the bin is usable, and whether it is. */
  classCode: Uint8Array;
  oh: Float64Array;
  ohErr: Float64Array;
  used: Uint8Array;
}

export interface GalaxyAnalysis {
  /** The fit of every spaxel (with Voronoi binning: the first pass that gives the Hα S/N to bin on). */
  fit: CubeFit;
  classification: ClassificationMaps;
  metallicity: MetallicityMaps;
  /** Star-forming spaxels with a usable metallicity (selected by the line fit, in range, σ_stat ≤ the cut). */
  usable: MetallicitySpaxelSelection;
  geometry: GalaxyGeometry;
  /** 12+log(O/H) of the usable spaxels, NaN elsewhere (index y·nx + x). */
  ohMap: Float64Array;
  ohErrMap: Float64Array;
  /** dex/kpc gradient, or null with `reason`. */
  gradient: GradientFit | null;
  /** dex/R_e gradient (0.5–2.5 R_e), null without R_e or with too few spaxels. */
  gradientRe: GradientFit | null;
  reason: string | null;
  profile: ReturnType<typeof binnedRadialProfile> | null;
  diagnostic: ClassificationDiagnostic | null;
  /** The assumption behind the diagnostic when it is 'n2' (N2_ONLY_ASSUMPTION), else null. */
  diagnosticAssumption: string | null;
  calibration: string;
  /** Values the analysis took from options, the header or defaults, with their origin (kpcPerArcsec, centre, voronoi, diagnostic). */
  provenance: ProvenanceRecord;
  /**
   * The Voronoi bins, null without binning. With bins, classification, metallicity, usable and ohMap are the bins'
   * values spread over their spaxels (counts count bins), and the gradient and profile are over bins.
   */
  bins: BinnedAnalysis | null;
}

/** What the checks before the line fit establish: the redshift of the lines, the kpc scale and the geometry. */
export interface AnalysisPreparation {
  redshift: number;
  scale: ReturnType<typeof spatialScale>;
  geometry: GalaxyGeometry;
}

/**
 * Every check analyzeGalaxy makes before any work (call it first to refuse bad input cheaply), and what they give:
 * the metadata; the centre inside the field; the line-fit options and a redshift that puts the lines inside the cube
 * (checkFitCubeInput); a kpc scale (a redshift ≤ 0 needs kpcPerArcsec or distanceMpc); and the geometry (without a
 * centre, a continuum window the cube covers). Throws InputError.
 */
export function checkAnalyzeGalaxyInput(cube: Cube, meta: GalaxyMeta): AnalysisPreparation {
  checkGalaxyMeta(meta);
  const where = 'analyzeGalaxy';
  checkCentreInField(cube, meta.centre);
  const redshift = meta.cubeFit ? meta.cubeFit.redshift : checkFitCubeInput(cube, { ...meta.fit, redshift: meta.redshift ?? meta.fit?.redshift }).redshift;
  checkSpatialScaleInput(where, { redshift, kpcPerArcsec: meta.kpcPerArcsec, distanceMpc: meta.distanceMpc });
  const scale = spatialScale({ redshift, kpcPerArcsec: meta.kpcPerArcsec, distanceMpc: meta.distanceMpc });
  let geometry: GalaxyGeometry;
  try {
    geometry = galaxyGeometry(cube, {
      redshift, kpcPerArcsec: scale.value, positionAngleDeg: meta.positionAngleDeg, axisRatio: meta.axisRatio, reKpc: meta.reKpc, centre: meta.centre,
    });
  } catch (error) {
    if (error instanceof NoContinuumWindowError) throw new InputError('missing', where, `${error.message} (msa3d analyze --center X,Y)`);
    throw error;
  }
  return { redshift, scale, geometry };
}

/** Refuses a given centre outside the field (0-based pixels, −0.5 to n − 0.5). */
export function checkCentreInField(cube: { nx: number; ny: number }, centre: GalaxyMeta['centre']): void {
  if (!centre) return;
  const { xPix, yPix } = centre;
  if (!(xPix >= -0.5 && xPix <= cube.nx - 0.5 && yPix >= -0.5 && yPix <= cube.ny - 0.5)) {
    throw new InputError('out-of-range', 'analyzeGalaxy', `centre (${xPix}, ${yPix}) is outside the ${cube.nx} × ${cube.ny} field (0-based pixels, -0.5 to ${cube.nx - 0.5}, -0.5 to ${cube.ny - 0.5})`);
  }
}

/** Refuses malformed metadata before the (expensive) line fit; the line-fit options are checked by fitCube. */
export function checkGalaxyMeta(meta: GalaxyMeta): void {
  const where = 'analyzeGalaxy';
  if (meta == null || typeof meta !== 'object') throw new InputError('missing', where, 'needs meta with positionAngleDeg and axisRatio');
  if (meta.centre !== undefined) {
    checkFiniteNumber(where, 'centre.xPix', meta.centre?.xPix);
    checkFiniteNumber(where, 'centre.yPix', meta.centre?.yPix);
  }
  if (meta.voronoiTargetSnr !== undefined) checkFiniteNumber(where, 'voronoiTargetSnr', meta.voronoiTargetSnr, { above: 0 });
  if (meta.voronoiMinSpaxelSnr !== undefined) checkFiniteNumber(where, 'voronoiMinSpaxelSnr', meta.voronoiMinSpaxelSnr, { min: 0 });
  checkFiniteNumber(where, 'positionAngleDeg', meta.positionAngleDeg);
  checkFiniteNumber(where, 'axisRatio', meta.axisRatio, { above: 0, max: 1 });
  if (meta.redshift !== undefined) checkFiniteNumber(where, 'redshift', meta.redshift, { above: -1 });
  if (meta.reKpc !== undefined) checkFiniteNumber(where, 'reKpc', meta.reKpc, { above: 0 });
  if (meta.diagnostic !== undefined) checkOneOf(where, 'diagnostic', meta.diagnostic, ['galaxy', 'auto', 'bpt', 'whan', 'n2'] as const);
  if (meta.n2Fallback !== undefined) checkOneOf(where, 'n2Fallback', meta.n2Fallback, [true, false] as const);
  if (meta.maxMetallicityErrDex !== undefined) checkFiniteNumber(where, 'maxMetallicityErrDex', meta.maxMetallicityErrDex, { above: 0 });
  if (meta.minStarFormingSpaxels !== undefined) checkInteger(where, 'minStarFormingSpaxels', meta.minStarFormingSpaxels, { min: 0 });
  if (meta.binWidthKpc !== undefined) checkFiniteNumber(where, 'binWidthKpc', meta.binWidthKpc, { above: 0 });
  if (meta.spaxelCorrelation !== undefined && meta.spaxelCorrelation !== 'none' && meta.spaxelCorrelation !== 'residuals') {
    throw new InputError('not-one-of', where, `spaxelCorrelation must be 'none' or 'residuals' (got ${String(meta.spaxelCorrelation)})`);
  }
  if (meta.gradientWeighting !== undefined) {
    const w = meta.gradientWeighting as unknown;
    if (w !== 'intrinsic-scatter' && w !== 'none') throw new InputError('not-one-of', where, `gradientWeighting must be 'intrinsic-scatter' or 'none' (got ${String(w)})`);
  }
}

/** The chain after the line fit, over "units" (spaxels, or Voronoi bins): classes, metallicities, the gradients. */
interface UnitChain {
  classification: GalaxyClassification;
  metallicity: MetallicityMaps;
  usable: MetallicitySpaxelSelection;
  oh: Float64Array;
  ohErr: Float64Array;
  gradient: GradientFit | null;
  gradientRe: GradientFit | null;
  reason: string | null;
  profile: GalaxyAnalysis['profile'];
  calibration: string;
}

/**
 * Fewest usable Voronoi bins for a gradient when minStarFormingSpaxels is not given: a straight line (2 parameters)
 * with its error from the scatter about it keeps n − 2 = 3 degrees of freedom (a stated choice, not the paper's).
 */
export const MIN_STAR_FORMING_BINS = 5;

/**
 * Hα flux S/N a Voronoi bin's own fit must exceed when fit.selection.minFluxSnr is not given: 3, the per-line detection
 * threshold of the classification (classify/: 3 each); the paper's 10 is a per-spaxel cut that the binning replaces,
 * and the metallicity-error cut (≤ 0.25 dex) still decides which bins are precise enough.
 */
export const VORONOI_BIN_MIN_FLUX_SNR = 3;

function chainOverUnits(fit: CubeFit, radiusKpc: Float64Array, radiusRe: Float64Array | null, meta: GalaxyMeta, unitName: string, defaultMinUnits: number, onGrid: boolean): UnitChain {
  const minUnits = meta.minStarFormingSpaxels ?? defaultMinUnits;
  const classification = classifyGalaxy(fit, { diagnostic: meta.diagnostic, n2Fallback: meta.n2Fallback, minSnr: meta.classificationMinSnr, minSpaxels: minUnits });
  const calibration = strongLineCalibration(meta.calibration ?? 'pp04-n2-cubic');
  const metallicity = metallicityMaps(lineMeasurementsFromCubeFit(fit), { calibration });
  const usable = selectMetallicitySpaxels(classification.classCode, metallicity, {
    mask: fit.selected,
    maxErrDex: meta.maxMetallicityErrDex ?? MAX_METALLICITY_ERROR_DEX,
  });
  const n = fit.nx * fit.ny;
  const oh = new Float64Array(n).fill(NaN);
  const ohErr = new Float64Array(n).fill(NaN);
  const ohErrStat = new Float64Array(n).fill(NaN);
  for (let s = 0; s < n; s++) {
    if (!usable.selected[s]) continue;
    oh[s] = metallicity.oh[s];
    ohErr[s] = metallicity.ohErrTotal[s];
    ohErrStat[s] = metallicity.ohErrStat[s];
  }
  const weighting = meta.gradientWeighting ?? 'none';
  const fitOptions = weighting === 'none' ? { ohErr } : { ohErr: ohErrStat, intrinsicScatter: true };
  let gradient: GradientFit | null = null;
  let gradientRe: GradientFit | null = null;
  let reason: string | null = null;
  let profile: GalaxyAnalysis['profile'] = null;
  if (usable.count < minUnits) {
    reason = `only ${usable.count} usable star-forming ${unitName} (need ≥ ${minUnits}): no gradient`;
  } else {
    const [rMin, rMax] = meta.radialRangeKpc ?? [0.5];
    let kpcFit = fitMetallicityGradient(radiusKpc, oh, { rMin, rMax, ...fitOptions });
    // errors for spaxels as correlated as the residuals (meta.spaxelCorrelation; spaxel grids only)
    let k = 1;
    if (kpcFit.ok && meta.spaxelCorrelation === 'residuals' && onGrid) {
      k = correlationAreaFromNeighbourCorrelation(mapNeighbourCorrelation(gradientResidualMap(kpcFit, radiusKpc, oh), fit.nx, fit.ny));
      if (k > 1) kpcFit = fitMetallicityGradient(radiusKpc, oh, { rMin, rMax, ...fitOptions, spaxelsPerResolutionElement: k });
    }
    if (kpcFit.ok) gradient = kpcFit;
    else reason = kpcFit.reason;
    if (radiusRe) {
      const [reMin, reMax] = meta.radialRangeRe ?? [0.5, 2.5];
      const reFit = fitMetallicityGradientRe(radiusRe, oh, { rMin: reMin, rMax: reMax, ...fitOptions, spaxelsPerResolutionElement: k });
      if (reFit.ok) gradientRe = reFit;
    }
    profile = binnedRadialProfile(radiusKpc, oh, { binWidth: meta.binWidthKpc ?? 0.5 });
  }
  return { classification, metallicity, usable, oh, ohErr, gradient, gradientRe, reason, profile, calibration: calibration.name };
}

/** The diagnostic's provenance and, for 'n2', its assumption. */
function diagnosticOf(c: GalaxyClassification): { provenance: Provenance; assumption: string | null } {
  return { provenance: { value: c.diagnostic, source: c.diagnosticSource }, assumption: c.diagnostic === 'n2' ? N2_ONLY_ASSUMPTION : null };
}

/** A per-bin array spread over the spaxels: each spaxel gets its bin's value, `fill` where it is in no bin. */
function spreadToSpaxels<T extends Float64Array | Uint8Array>(perBin: T, spaxelBin: Int32Array, fill: number): T {
  const out = new (perBin.constructor as new (n: number) => T)(spaxelBin.length);
  for (let s = 0; s < spaxelBin.length; s++) out[s] = spaxelBin[s] >= 0 ? perBin[spaxelBin[s]] : fill;
  return out;
}

/** The bins' class, metallicity and selection as per-spaxel maps (counts stay counts of bins). */
function spreadChain(chain: UnitChain, spaxelBin: Int32Array): Pick<UnitChain, 'classification' | 'metallicity' | 'usable' | 'oh' | 'ohErr'> {
  const c = chain.classification;
  const m = chain.metallicity;
  return {
    classification: { ...c, classCode: spreadToSpaxels(c.classCode, spaxelBin, 0), diagnosticCode: spreadToSpaxels(c.diagnosticCode, spaxelBin, 0), n2: spreadToSpaxels(c.n2, spaxelBin, NaN), o3: spreadToSpaxels(c.o3, spaxelBin, NaN) },
    metallicity: {
      ...m,
      oh: spreadToSpaxels(m.oh, spaxelBin, NaN), ohErrStat: spreadToSpaxels(m.ohErrStat, spaxelBin, NaN), ohErrTotal: spreadToSpaxels(m.ohErrTotal, spaxelBin, NaN),
      index: spreadToSpaxels(m.index, spaxelBin, NaN), indexErr: spreadToSpaxels(m.indexErr, spaxelBin, NaN), inRange: spreadToSpaxels(m.inRange, spaxelBin, 0),
    },
    usable: { ...chain.usable, selected: spreadToSpaxels(chain.usable.selected, spaxelBin, 0) },
    oh: spreadToSpaxels(chain.oh, spaxelBin, NaN),
    ohErr: spreadToSpaxels(chain.ohErr, spaxelBin, NaN),
  };
}

/**
 * Runs the whole chain on one cube. A cube with too few usable spaxels (or bins) still gets its maps, with gradient
 * null and a reason. Every input is checked first (checkAnalyzeGalaxyInput).
 */
export async function analyzeGalaxy(cube: Cube, meta: GalaxyMeta): Promise<GalaxyAnalysis> {
  const { scale, geometry } = checkAnalyzeGalaxyInput(cube, meta);
  // The redshift is passed on only when the caller gave one, so fitCube records where it came from (header or option).
  const fitOptions: FitCubeOptions = { ...meta.fit, redshift: meta.redshift ?? meta.fit?.redshift };
  const fit = meta.cubeFit ?? (await fitCube(cube, fitOptions));
  const provenance: ProvenanceRecord = {
    ...fit.provenance,
    kpcPerArcsec: scale,
    centre: {
      value: `${geometry.centreXPix},${geometry.centreYPix}`,
      unit: 'pixel (0-based x,y)',
      source: geometry.centreSource === 'given' || !geometry.continuum ? 'given (centre)'
        : `continuum peak, ${geometry.continuum.window.cubeMinAngstrom.toFixed(0)}–${geometry.continuum.window.cubeMaxAngstrom.toFixed(0)} Å (${geometry.continuum.statistic} over ${geometry.continuum.window.nChannels} channels)`,
    },
  };
  const base = { fit, geometry };
  if (meta.voronoiTargetSnr === undefined) {
    const chain = chainOverUnits(fit, geometry.radiusKpc, geometry.radiusRe, meta, 'spaxels', MIN_STAR_FORMING_SPAXELS, true);
    provenance.voronoi = { value: null, source: 'no binning (voronoiTargetSnr not given)' };
    const d = diagnosticOf(chain.classification);
    provenance.diagnostic = d.provenance;
    return {
      ...base, classification: chain.classification, metallicity: chain.metallicity, usable: chain.usable,
      ohMap: chain.oh, ohErrMap: chain.ohErr, gradient: chain.gradient, gradientRe: chain.gradientRe, reason: chain.reason,
      profile: chain.profile, diagnostic: chain.classification.diagnostic, diagnosticAssumption: d.assumption, calibration: chain.calibration, provenance, bins: null,
    };
  }
  const targetSnr = meta.voronoiTargetSnr;
  const minSpaxelSnr = meta.voronoiMinSpaxelSnr ?? 3;
  let binned: ReturnType<typeof binSpaxelsOnLine> | null = null;
  let binReason: string | null = null;
  try {
    binned = binSpaxelsOnLine(fit, targetSnr, { line: 'ha', minSpaxelSN: minSpaxelSnr });
  } catch (error) {
    binReason = `Voronoi binning to Hα S/N ${targetSnr}: ${(error as Error).message}`;
  }
  if (!binned) {
    const chain = chainOverUnits(fit, geometry.radiusKpc, geometry.radiusRe, meta, 'spaxels', MIN_STAR_FORMING_SPAXELS, true);
    provenance.voronoi = { value: targetSnr, unit: 'Hα S/N', source: `given (voronoiTargetSnr); no bins: ${binReason}` };
    const d = diagnosticOf(chain.classification);
    provenance.diagnostic = d.provenance;
    return {
      ...base, classification: chain.classification, metallicity: chain.metallicity, usable: chain.usable,
      ohMap: chain.oh, ohErrMap: chain.ohErr, gradient: null, gradientRe: null, reason: binReason, profile: null,
      diagnostic: chain.classification.diagnostic, diagnosticAssumption: d.assumption, calibration: chain.calibration, provenance, bins: null,
    };
  }
  const { binning, spaxelBin } = binned;
  const nBins = binning.nBins;
  const binSelection = { ...fitOptions.selection, minFluxSnr: fitOptions.selection?.minFluxSnr ?? VORONOI_BIN_MIN_FLUX_SNR };
  const binFit = await fitCube(coaddCubeBins(cube, spaxelBin, nBins), { ...fitOptions, redshift: fit.redshift, selection: binSelection, progress: 'none' });
  const radiusKpc = binWeightedRadius(geometry.radiusKpc, spaxelBin, nBins, fit.maps.ha_flux);
  const radiusRe = geometry.reKpc !== null ? radiusKpc.map((r) => r / geometry.reKpc!) : null;
  const chain = chainOverUnits(binFit, radiusKpc, radiusRe, meta, 'Voronoi bins', MIN_STAR_FORMING_BINS, false);
  const spread = spreadChain(chain, spaxelBin);
  const d = diagnosticOf(chain.classification);
  provenance.diagnostic = d.provenance;
  provenance.voronoi = {
    value: targetSnr, unit: 'Hα S/N',
    source: `given (voronoiTargetSnr): ${nBins} bins (Cappellari & Copin 2003 + WVT) of the spaxels with own Hα S/N ≥ ${minSpaxelSnr}; bin radius = Hα-flux-weighted mean deprojected radius`,
  };
  return {
    ...base, classification: spread.classification, metallicity: spread.metallicity, usable: spread.usable,
    ohMap: spread.oh, ohErrMap: spread.ohErr, gradient: chain.gradient, gradientRe: chain.gradientRe, reason: chain.reason,
    profile: chain.profile, diagnostic: chain.classification.diagnostic, diagnosticAssumption: d.assumption, calibration: chain.calibration, provenance,
    bins: {
      targetSnr, minSpaxelSnr, binning, spaxelBin, nBins, fit: binFit, radiusKpc, radiusRe,
      classCode: chain.classification.classCode, oh: chain.oh, ohErr: chain.ohErr, used: chain.usable.selected,
    },
  };
}
