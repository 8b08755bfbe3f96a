// analyzeGalaxy: the MSA-3D chain for one cube (Ju et al. §2.2–§3.2) — fit every spaxel, classify (BPT, else WHAN),
// N2 metallicities (PP04 cubic + 0.18 dex), star-forming spaxels with σ_stat ≤ 0.25 dex, deprojected radii, and the
// radial gradient from 0.5 kpc to the edge of the field (and 0.5–2.5 R_e), with the binned profile.
import type { Cube } from '../io/cube';
import { fitCube, type CubeFit, type FitCubeOptions } from '../linemaps/fit-cube';
import { lineMeasurementsFromCubeFit } from '../classify/line-measurements';
import type { ClassificationMaps, ClassifySpaxelOptions } from '../classify/classify-spaxel';
import { classifyGalaxy } from './classify-galaxy';
import type { ClassificationDiagnostic } from '../classify/class-codes';
import { metallicityMaps, type MetallicityMaps } from '../abundance/metallicity';
import { strongLineCalibration, type CalibrationName } from '../abundance/calibrations';
import { selectMetallicitySpaxels, MIN_STAR_FORMING_SPAXELS, MAX_METALLICITY_ERROR_DEX, type MetallicitySpaxelSelection } from '../abundance/select-spaxels';
import { galaxyGeometry, type GalaxyGeometry } from '../geometry/galaxy-geometry';
import { fitMetallicityGradient, fitMetallicityGradientRe, type GradientFit } from '../gradient/fit-gradient';
import { binnedRadialProfile } from '../gradient/radial-profile';
import { checkFiniteNumber, checkInteger, checkOneOf } from '../errors/check-options';
import { InputError } from '../errors/input-error';

export interface GalaxyMeta {
  /** Redshift (default: the cube header's). */
  redshift?: number;
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
   * 'auto': per spaxel, BPT where its four lines pass, else WHAN. 'bpt' / 'whan': that diagram only.
   */
  diagnostic?: 'galaxy' | 'auto' | ClassificationDiagnostic;
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
  /** Fewest usable star-forming spaxels for a gradient (default 20). */
  minStarFormingSpaxels?: number;
  /**
   * 'none' (default): ordinary least squares, the paper's "linear fit" (its per-spaxel errors are dominated by the
   * shared 0.18 dex calibration scatter, so weights by them would be nearly equal). 'intrinsic-scatter': weights
   * 1/(σ_stat² + s²), s solved so χ²/(n − 2) = 1 (gradient/fit-gradient.ts). Measured on 69 simulated galaxies
   * (test/recovery.test.ts): against the same fit on the noise-free cube, OLS is steeper by ≈ 0.5σ (faint [N II] at the
   * edge) while the weighted fit is unbiased (< 0.1σ, pulls of width ≈ 1.2); but the weights lean on the bright,
   * beam-smeared centre, so against the injected slope the weighted fit is the flatter one (+0.3σ, width 1.8, vs OLS
   * −0.4σ, width 1.3) and it flattens ID4391's steep inner profile to −0.037 (OLS −0.050, injected −0.074).
   */
  gradientWeighting?: 'intrinsic-scatter' | 'none';
  /** Radial bin width of the profile, kpc (default 0.5). */
  binWidthKpc?: number;
  /** Options of the line fit (workers, instrument, selection cuts …); or pass a finished fit as `cubeFit`. */
  fit?: FitCubeOptions;
  cubeFit?: CubeFit;
}

export interface GalaxyAnalysis {
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
  calibration: string;
}

/** Refuses malformed metadata before the (expensive) line fit; the line-fit options are checked by fitCube. */
export function checkGalaxyMeta(meta: GalaxyMeta): void {
  const where = 'analyzeGalaxy';
  if (meta == null || typeof meta !== 'object') throw new InputError('missing', where, 'needs meta with positionAngleDeg and axisRatio');
  checkFiniteNumber(where, 'positionAngleDeg', meta.positionAngleDeg);
  checkFiniteNumber(where, 'axisRatio', meta.axisRatio, { above: 0, max: 1 });
  if (meta.redshift !== undefined) checkFiniteNumber(where, 'redshift', meta.redshift, { above: -1 });
  if (meta.reKpc !== undefined) checkFiniteNumber(where, 'reKpc', meta.reKpc, { above: 0 });
  if (meta.diagnostic !== undefined) checkOneOf(where, 'diagnostic', meta.diagnostic, ['galaxy', 'auto', 'bpt', 'whan'] as const);
  if (meta.maxMetallicityErrDex !== undefined) checkFiniteNumber(where, 'maxMetallicityErrDex', meta.maxMetallicityErrDex, { above: 0 });
  if (meta.minStarFormingSpaxels !== undefined) checkInteger(where, 'minStarFormingSpaxels', meta.minStarFormingSpaxels, { min: 0 });
  if (meta.binWidthKpc !== undefined) checkFiniteNumber(where, 'binWidthKpc', meta.binWidthKpc, { above: 0 });
  if (meta.gradientWeighting !== undefined) {
    const w = meta.gradientWeighting as unknown;
    if (w !== 'intrinsic-scatter' && w !== 'none') throw new InputError('not-one-of', where, `gradientWeighting must be 'intrinsic-scatter' or 'none' (got ${String(w)})`);
  }
}

/** Runs the whole chain on one cube. A cube with too few usable spaxels still gets its maps, with gradient null and a reason. */
export async function analyzeGalaxy(cube: Cube, meta: GalaxyMeta): Promise<GalaxyAnalysis> {
  checkGalaxyMeta(meta);
  const fit = meta.cubeFit ?? (await fitCube(cube, { ...meta.fit, redshift: meta.redshift ?? meta.fit?.redshift }));
  const minSpaxels = meta.minStarFormingSpaxels ?? MIN_STAR_FORMING_SPAXELS;
  const classification = classifyGalaxy(fit, { diagnostic: meta.diagnostic, minSnr: meta.classificationMinSnr, minSpaxels });
  const calibration = strongLineCalibration(meta.calibration ?? 'pp04-n2-cubic');
  const metallicity = metallicityMaps(lineMeasurementsFromCubeFit(fit), { calibration });
  const usable = selectMetallicitySpaxels(classification.classCode, metallicity, {
    mask: fit.selected,
    maxErrDex: meta.maxMetallicityErrDex ?? MAX_METALLICITY_ERROR_DEX,
  });
  const geometry = galaxyGeometry(cube, {
    redshift: fit.redshift,
    positionAngleDeg: meta.positionAngleDeg,
    axisRatio: meta.axisRatio,
    reKpc: meta.reKpc,
    centre: meta.centre,
  });
  const n = fit.nx * fit.ny;
  const ohMap = new Float64Array(n).fill(NaN);
  const ohErrMap = new Float64Array(n).fill(NaN);
  const ohErrStatMap = new Float64Array(n).fill(NaN);
  for (let s = 0; s < n; s++) {
    if (!usable.selected[s]) continue;
    ohMap[s] = metallicity.oh[s];
    ohErrMap[s] = metallicity.ohErrTotal[s];
    ohErrStatMap[s] = metallicity.ohErrStat[s];
  }
  const weighting = meta.gradientWeighting ?? 'none';
  const fitOptions = weighting === 'none' ? { ohErr: ohErrMap } : { ohErr: ohErrStatMap, intrinsicScatter: true };
  let gradient: GradientFit | null = null;
  let gradientRe: GradientFit | null = null;
  let reason: string | null = null;
  let profile: GalaxyAnalysis['profile'] = null;
  if (usable.count < minSpaxels) {
    reason = `only ${usable.count} usable star-forming spaxels (need ≥ ${minSpaxels}): no gradient`;
  } else {
    const [rMin, rMax] = meta.radialRangeKpc ?? [0.5];
    const kpcFit = fitMetallicityGradient(geometry.radiusKpc, ohMap, { rMin, rMax, ...fitOptions });
    if (kpcFit.ok) gradient = kpcFit;
    else reason = kpcFit.reason;
    if (geometry.radiusRe) {
      const [reMin, reMax] = meta.radialRangeRe ?? [0.5, 2.5];
      const reFit = fitMetallicityGradientRe(geometry.radiusRe, ohMap, { rMin: reMin, rMax: reMax, ...fitOptions });
      if (reFit.ok) gradientRe = reFit;
    }
    profile = binnedRadialProfile(geometry.radiusKpc, ohMap, { binWidth: meta.binWidthKpc ?? 0.5 });
  }
  return {
    fit, classification, metallicity, usable, geometry, ohMap, ohErrMap, gradient, gradientRe, reason, profile,
    diagnostic: classification.diagnostic, calibration: calibration.name,
  };
}
