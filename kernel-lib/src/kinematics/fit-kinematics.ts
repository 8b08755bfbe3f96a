// The kinematic analysis of one galaxy as Ju et al., MSA-3D §4.2 do it: inclination from b/a, a pseudo-slit along the
// major axis, the arctan rotation curve fitted by nested sampling, σ0 from the spaxels beyond 3 kpc, v_c/σ0 and its
// class, and the dynamical mass within a radius — one call, one typed summary.
import type { PriorSpec } from '../nested/prior-transform';
import { inclinationFromAxisRatioDeg } from '../geometry/inclination';
import { majorAxisOffset, minorAxisOffset } from '../geometry/deproject';
import type { PosteriorSummary } from '../stats/sample-summary';
import { binMajorAxisProfile, majorAxisProfile, type BinnedMajorAxisProfile, type MajorAxisProfile, type SlitGeometry } from './major-axis-profile';
import { fitRotationCurve, type RotationCurveFit, type RotationCurvePriors } from './rotation-fit';
import { sigma0, type Sigma0ErrorMethod } from './sigma0';
import { vOverSigma, type KinematicClass } from './v-over-sigma';
import { dynamicalMassPosterior, type DynamicalMass } from './dynamical-mass';
import { prepareBeamSmearing, type BeamSmearingSpec } from './beam-smearing';
import { spaxelClassCode, type SpaxelClass } from '../classify/class-codes';
import { checkSeed } from '../errors/check-options';
import { InputError } from '../errors/input-error';

/** Per-spaxel kinematic maps (index y·nx + x), km/s: what fitCube gives as velocity, velocity_err, sigma. */
export interface KinematicMaps {
  /** Line-of-sight velocity relative to the systemic redshift. */
  velocityKms: ArrayLike<number>;
  velocityErrKms: ArrayLike<number>;
  /** Intrinsic dispersion (instrumental width removed). */
  sigmaKms: ArrayLike<number>;
  /** 1 = spaxel passes the selection (CubeFit.selected); default all. */
  selected?: ArrayLike<number>;
}

/** Classes whose light is AGN-excited: their spaxels carry line emission that does not follow the disk's rotation. */
export const AGN_LIKE_CLASSES: readonly SpaxelClass[] = Object.freeze(['agn', 'sagn', 'wagn']);

export interface KinematicMapsOptions {
  /** Per-spaxel class codes (classifySpaxels' classCode); needed with excludeClasses. */
  classCode?: ArrayLike<number>;
  /** Spaxels of these classes are dropped from the selection, e.g. AGN_LIKE_CLASSES to fit the disk alone. */
  excludeClasses?: readonly SpaxelClass[];
}

/**
 * The maps of a CubeFit: velocity, velocity_err, sigma and its selection (S/N(Hα) > 10, S/N(EW) > 5), optionally without
 * the spaxels of some classes. The fit's own arrays are not modified.
 */
export function kinematicMapsFromCubeFit(
  fit: { maps: Record<string, Float64Array>; selected: Uint8Array; quantities?: string[] },
  options: KinematicMapsOptions = {},
): KinematicMaps {
  for (const q of ['velocity', 'velocity_err', 'sigma']) {
    if (!fit.maps[q]) throw new InputError('missing', 'kinematicMapsFromCubeFit', `the fit has no '${q}' map`);
  }
  let selected: ArrayLike<number> = fit.selected;
  const exclude = options.excludeClasses ?? [];
  if (exclude.length > 0) {
    const codes = options.classCode;
    if (!codes || codes.length !== fit.selected.length) {
      throw new InputError('missing', 'kinematicMapsFromCubeFit', `excludeClasses needs classCode with one code per spaxel (${fit.selected.length})`);
    }
    const drop = new Set(exclude.map((c) => spaxelClassCode(c)));
    selected = Uint8Array.from(fit.selected, (s, i) => (s && !drop.has(codes[i]) ? 1 : 0));
  }
  return { velocityKms: fit.maps.velocity, velocityErrKms: fit.maps.velocity_err, sigmaKms: fit.maps.sigma, selected };
}

/** What fitKinematics needs of the geometry: a SpaxelRadii / GalaxyGeometry (geometry/) has it all. */
export interface KinematicsGeometry extends SlitGeometry {
  /** Deprojected radius of every spaxel, kpc (for σ0 beyond 3 kpc). */
  radiusKpc: ArrayLike<number>;
  /** Apparent axis ratio b/a (inclination: cos i = b/a). */
  axisRatio: number;
  /** Effective radius, kpc; the default radius of the dynamical mass. */
  reKpc?: number | null;
  /** Grid size (needed by the beam-smeared model). */
  nx?: number;
  ny?: number;
}

export interface FitKinematicsOptions {
  /** Seed of the nested sampler (required). */
  seed: number;
  /** 'major-axis' (default): fit the pseudo-slit profile, the paper's way; 'disk': fit every selected spaxel. */
  method?: 'major-axis' | 'disk';
  /** Fit the slit's spaxels (default) or its binned medians ('bins'; major-axis only). */
  fitTo?: 'spaxels' | 'bins';
  /** Pseudo-slit full width, arcsec (default 0.24"). */
  slitWidthArcsec?: number;
  /** Bin width along the slit, arcsec (default 0.16"). */
  binWidthArcsec?: number;
  /** Kinematic PA, degrees (default the photometric geometry.positionAngleDeg). */
  positionAngleDeg?: number;
  /** 'axis-ratio' (default): fixed, cos i = b/a; { fixedDeg }; or { prior } in degrees (free). */
  inclination?: 'axis-ratio' | { fixedDeg: number } | { prior: PriorSpec };
  /** Intrinsic thickness q0 for the b/a → i conversion (default 0, thin disk). */
  thicknessQ0?: number;
  /** Fit an extra velocity scatter (default true). */
  scatter?: boolean;
  /**
   * Fit the beam-smeared disk model (beam-smearing.ts): the PSF ({ psf: GaussianPsf }, e.g. MSA3D_PSF) and a
   * surface-brightness weight map, e.g. the Hα flux. Default none: the intrinsic curve, the paper's way (§4.2.1).
   */
  beamSmearing?: BeamSmearingSpec | null;
  priors?: RotationCurvePriors;
  sense?: 'auto' | 1 | -1;
  /** Nested sampling live points (default 300), tolerance (default 0.01) and bound (default 'single'; see fitRotationCurve). */
  nLive?: number;
  tolerance?: number;
  bound?: 'single' | 'multi';
  /** σ0 from spaxels beyond this deprojected radius, kpc (default 3); its error convention (default 'standard-error'). */
  sigma0MinRadiusKpc?: number;
  sigma0ErrorMethod?: Sigma0ErrorMethod;
  /** Radius of M_dyn, kpc (default geometry.reKpc; null: no mass). */
  massRadiusKpc?: number | null;
}

export interface KinematicsSummary {
  method: 'major-axis' | 'disk';
  fitTo: 'spaxels' | 'bins';
  /** true when the beam-smeared model was fitted. */
  beamSmeared: boolean;
  /** Data points fitted (spaxels or bins). */
  nFitted: number;
  slitWidthArcsec: number;
  positionAngleDeg: number;
  /** +1: the half of the major axis at PA recedes; −1: the half at PA + 180°. */
  sense: 1 | -1;
  /** PA of the receding half of the major axis, degrees in [0, 360). */
  recedingPositionAngleDeg: number;
  vcKms: PosteriorSummary;
  rtKpc: PosteriorSummary;
  v0Kms: PosteriorSummary;
  inclinationDeg: PosteriorSummary;
  inclinationFree: boolean;
  scatterKms: PosteriorSummary | null;
  /** RMSE of the fitted data about the median model, km/s. */
  rmseKms: number;
  logZ: number;
  logZErr: number;
  /** σ0 and its standard error, km/s; null when fewer than 2 spaxels lie beyond the radius (see notes). */
  sigma0Kms: number | null;
  sigma0ErrKms: number | null;
  sigma0N: number;
  sigma0MinRadiusKpc: number;
  /** v_c/σ0 with v_c's error taken as half its 16–84 range; null without σ0. */
  vcOverSigma0: number | null;
  vcOverSigma0Err: number | null;
  kinematicClass: KinematicClass | null;
  rotationSupported: boolean | null;
  /** M_dyn within massRadiusKpc; null when no radius is known. */
  mdyn: DynamicalMass | null;
  notes: string[];
  /** The pseudo-slit profile, its bins, and the full rotation-curve fit (posterior, band, sampler output). */
  profile: MajorAxisProfile;
  bins: BinnedMajorAxisProfile;
  rotation: RotationCurveFit;
}

/**
 * The §4.2 kinematics of one galaxy from its maps and geometry: inclination (cos i = b/a unless told otherwise), the
 * major-axis profile in a pseudo-slit, the arctan rotation curve by nested sampling (to the profile, or to the whole
 * field with method 'disk'), σ0, v_c/σ0 with its class, and M_dyn(< R).
 */
export function fitKinematics(maps: KinematicMaps, geometry: KinematicsGeometry, options: FitKinematicsOptions): KinematicsSummary {
  const where = 'fitKinematics';
  if (maps == null || geometry == null || options == null) throw new InputError('missing', where, `needs maps, geometry and options (with a seed)`);
  checkSeed(where, options);
  const n = maps.velocityKms.length;
  for (const [name, a] of [['velocityErrKms', maps.velocityErrKms], ['sigmaKms', maps.sigmaKms], ['geometry.radiusKpc', geometry.radiusKpc]] as const) {
    if (a == null || a.length !== n) throw new InputError('length-mismatch', where, `${name} has ${a == null ? 'no' : a.length} spaxels but velocityKms has ${n}`);
  }
  const method = options.method ?? 'major-axis';
  if (method !== 'major-axis' && method !== 'disk') throw new InputError('not-one-of', where, `method must be 'major-axis' or 'disk' (got ${String(method)})`);
  const fitTo = options.fitTo ?? 'spaxels';
  if (fitTo !== 'spaxels' && fitTo !== 'bins') throw new InputError('not-one-of', where, `fitTo must be 'spaxels' or 'bins' (got ${String(fitTo)})`);
  if (fitTo === 'bins' && method === 'disk') throw new InputError('inconsistent', where, `fitTo 'bins' applies to the major-axis method only`);
  const smearingSpec = options.beamSmearing ?? null;
  if (smearingSpec && fitTo === 'bins') throw new InputError('inconsistent', where, `the beam-smeared model is fitted to spaxels, not to bins`);
  const notes: string[] = [];
  const positionAngleDeg = options.positionAngleDeg ?? geometry.positionAngleDeg;

  // inclination
  const incOption = options.inclination ?? 'axis-ratio';
  let inclinationDeg: number | undefined;
  let inclinationPrior: PriorSpec | undefined;
  if (incOption === 'axis-ratio') inclinationDeg = inclinationFromAxisRatioDeg(geometry.axisRatio, { q0: options.thicknessQ0 });
  else if (typeof incOption === 'object' && incOption !== null && 'fixedDeg' in incOption) inclinationDeg = incOption.fixedDeg;
  else if (typeof incOption === 'object' && incOption !== null && 'prior' in incOption) inclinationPrior = incOption.prior;
  else throw new InputError('not-one-of', where, `inclination must be 'axis-ratio', { fixedDeg } or { prior }`);

  // the pseudo-slit and its bins
  const profile = majorAxisProfile(maps.velocityKms, maps.velocityErrKms, geometry, {
    slitWidthArcsec: options.slitWidthArcsec,
    positionAngleDeg,
    selected: maps.selected,
    sigmaKms: maps.sigmaKms,
  });
  if (profile.nSkipped > 0) notes.push(`${profile.nSkipped} spaxel(s) in the slit skipped: velocity or its error not finite or not > 0`);
  const bins = binMajorAxisProfile(profile, options.binWidthArcsec ?? 0.16);

  // the data to fit
  let majorKpc: Float64Array;
  let minorKpc: Float64Array | undefined;
  let velocity: Float64Array;
  let velocityErr: Float64Array;
  let spaxelIndex: Int32Array;
  if (method === 'disk') {
    const sinPa = Math.sin((positionAngleDeg * Math.PI) / 180);
    const cosPa = Math.cos((positionAngleDeg * Math.PI) / 180);
    const a: number[] = [];
    const b: number[] = [];
    const v: number[] = [];
    const e: number[] = [];
    const index: number[] = [];
    let skipped = 0;
    for (let i = 0; i < n; i++) {
      if (maps.selected && !maps.selected[i]) continue;
      if (!Number.isFinite(maps.velocityKms[i]) || !(maps.velocityErrKms[i] > 0) || !Number.isFinite(maps.velocityErrKms[i])) {
        skipped++;
        continue;
      }
      const east = geometry.eastArcsec[i];
      const north = geometry.northArcsec[i];
      a.push(majorAxisOffset(east, north, sinPa, cosPa) * geometry.kpcPerArcsec);
      b.push(minorAxisOffset(east, north, sinPa, cosPa) * geometry.kpcPerArcsec);
      v.push(maps.velocityKms[i]);
      e.push(maps.velocityErrKms[i]);
      index.push(i);
    }
    if (skipped > 0) notes.push(`${skipped} selected spaxel(s) skipped: velocity or its error not finite or not > 0`);
    majorKpc = Float64Array.from(a);
    minorKpc = Float64Array.from(b);
    velocity = Float64Array.from(v);
    velocityErr = Float64Array.from(e);
    spaxelIndex = Int32Array.from(index);
  } else if (fitTo === 'bins') {
    majorKpc = bins.centreKpc;
    velocity = bins.velocityKms;
    velocityErr = bins.velocityErrKms;
    spaxelIndex = new Int32Array(0);
  } else {
    majorKpc = profile.radiusKpc;
    velocity = profile.velocityKms;
    velocityErr = profile.velocityErrKms;
    spaxelIndex = Int32Array.from(profile.index);
  }
  let beamSmearing = null;
  if (smearingSpec) {
    if (geometry.nx === undefined || geometry.ny === undefined) throw new InputError('missing', where, `the beam-smeared model needs geometry.nx and geometry.ny`);
    beamSmearing = prepareBeamSmearing({ nx: geometry.nx, ny: geometry.ny, eastArcsec: geometry.eastArcsec, northArcsec: geometry.northArcsec, kpcPerArcsec: geometry.kpcPerArcsec }, positionAngleDeg, smearingSpec);
  }

  const rotation = fitRotationCurve(
    { majorKpc, minorKpc, velocityKms: velocity, velocityErrKms: velocityErr, spaxelIndex },
    {
      seed: options.seed,
      model: method,
      inclinationDeg,
      inclinationPrior,
      scatter: options.scatter,
      priors: options.priors,
      sense: options.sense,
      nLive: options.nLive,
      tolerance: options.tolerance,
      bound: options.bound,
      beamSmearing,
    },
  );

  // σ0, v/σ, M_dyn
  const minRadius = options.sigma0MinRadiusKpc ?? 3;
  let s0: ReturnType<typeof sigma0> | null = null;
  let sigma0N = 0;
  try {
    s0 = sigma0(maps.sigmaKms, geometry.radiusKpc, { minRadiusKpc: minRadius, selected: maps.selected, errorMethod: options.sigma0ErrorMethod });
    sigma0N = s0.n;
  } catch (error) {
    notes.push(`no σ0: ${(error as Error).message}`);
  }
  const vc = rotation.vcKms;
  const ratio = s0 ? vOverSigma(vc.median, (vc.p84 - vc.p16) / 2, s0.sigma0Kms, s0.sigma0ErrKms) : null;
  const massRadius = options.massRadiusKpc === undefined ? geometry.reKpc ?? null : options.massRadiusKpc;
  if (massRadius === null) notes.push('no dynamical mass: no radius (give massRadiusKpc or geometry.reKpc)');
  const mdyn = massRadius !== null ? dynamicalMassPosterior(rotation.posterior.vcKms, rotation.posterior.rtKpc, massRadius) : null;
  const receding = (((positionAngleDeg + (rotation.sense === 1 ? 0 : 180)) % 360) + 360) % 360;

  return {
    method,
    fitTo,
    beamSmeared: rotation.beamSmeared,
    nFitted: rotation.nPoints,
    slitWidthArcsec: profile.slitWidthArcsec,
    positionAngleDeg,
    sense: rotation.sense,
    recedingPositionAngleDeg: receding,
    vcKms: rotation.vcKms,
    rtKpc: rotation.rtKpc,
    v0Kms: rotation.v0Kms,
    inclinationDeg: rotation.inclinationDeg,
    inclinationFree: rotation.inclinationFree,
    scatterKms: rotation.scatterKms ? rotation.scatterKms : null,
    rmseKms: rotation.rmseKms,
    logZ: rotation.logZ,
    logZErr: rotation.logZErr,
    sigma0Kms: s0 ? s0.sigma0Kms : null,
    sigma0ErrKms: s0 ? s0.sigma0ErrKms : null,
    sigma0N,
    sigma0MinRadiusKpc: minRadius,
    vcOverSigma0: ratio ? ratio.ratio : null,
    vcOverSigma0Err: ratio ? ratio.ratioErr : null,
    kinematicClass: ratio ? ratio.kinematicClass : null,
    rotationSupported: ratio ? ratio.rotationSupported : null,
    mdyn,
    notes,
    profile,
    bins,
    rotation,
  };
}
