// Bayesian fit of the arctangent rotation curve (Ju et al., MSA-3D eq. 3, §4.2.1; the paper used nautilus, Lange 2023)
// to a major-axis velocity profile or to a 2-D velocity field, by nested sampling (Skilling 2006): posterior medians and
// 16/84 percentiles of v0, v_c, R_t (and i, and an extra scatter), ln Z ± error, and the RMSE about the median model.
//
// Likelihood: independent Gaussians with variance err² + s², s an optional intrinsic scatter (non-circular motions,
// beam smearing) — ln L = −½ Σ [(v − m)²/(err² + s²) + ln 2π(err² + s²)] (e.g. Hogg, Bovy & Lang 2010, arXiv:1008.4686,
// §7, eq. 35). Model: 'major-axis' m = v0 + s_rot sin i (2/π) v_c arctan(x/R_t) with x the signed offset along the slit
// (the paper's way, Fig. 4f); 'disk' m = v0 + s_rot sin i (2/π) v_c arctan(R/R_t) cos θ over every spaxel (see
// arctan-rotation-curve.ts for R, θ). s_rot = ±1 says which half of the major axis recedes; v_c ≥ 0. With a
// beamSmearing operator either model becomes the disk field smeared by the PSF at the data spaxels (beam-smearing.ts).
import { nestedSample, type NestedSamplingResult } from '../nested/nested-sample';
import { checkPriorSpec, priorQuantile, priorQuantilesInto, type PriorSpec } from '../nested/prior-transform';
import { fixedSummary, type PosteriorSummary } from '../stats/sample-summary';
import { quantileSorted } from '../stats/quantile';
import { checkSmearedSpaxels, type BeamSmearing } from './beam-smearing';
import { projectedArctanAmplitudeKms } from './arctan-rotation-curve';
import { precomputeDiskGeometry, rotationLogLikelihood, rotationModelInto, type RotationLikelihoodContext } from './rotation-likelihood';
import { checkSeed } from '../errors/check-options';
import { InputError } from '../errors/input-error';

/** Velocities at sky offsets from the centre. */
export interface RotationCurveData {
  /** Signed sky offset along the major axis (toward PA positive), kpc: the radius of a major-axis profile. */
  majorKpc: ArrayLike<number>;
  /** Sky offset across the major axis, kpc ('disk' model; ignored by 'major-axis'; default 0). */
  minorKpc?: ArrayLike<number>;
  velocityKms: ArrayLike<number>;
  /** 1σ errors, km/s, > 0. */
  velocityErrKms: ArrayLike<number>;
  /** Spaxel index (y·nx + x) of every point: required with options.beamSmearing. */
  spaxelIndex?: ArrayLike<number>;
}

export interface RotationCurvePriors {
  /** Default uniform [−300, 300] km/s (velocities are relative to the cube's redshift). */
  v0Kms?: PriorSpec;
  /** Default uniform [0, 500] km/s. */
  vcKms?: PriorSpec;
  /** Default uniform [0.01, 10] kpc. */
  rtKpc?: PriorSpec;
  /** Default uniform [0, 150] km/s. */
  scatterKms?: PriorSpec;
}

export interface RotationCurveFitOptions {
  /** Seed of the nested sampler (required). */
  seed: number;
  /** 'major-axis' (default, the paper's) or 'disk' (2-D field). */
  model?: 'major-axis' | 'disk';
  /** Fixed inclination, degrees (e.g. from cos i = b/a). Give this or inclinationPrior. */
  inclinationDeg?: number;
  /** Free inclination with this prior, degrees (bounds default to [0, 90]). */
  inclinationPrior?: PriorSpec;
  /** Fit an intrinsic scatter s added in quadrature to the errors (default true). */
  scatter?: boolean;
  priors?: RotationCurvePriors;
  /** +1: the half at PA recedes; −1: the other; 'auto' (default): the sign of Σ x (v − median v). */
  sense?: 'auto' | 1 | -1;
  /**
   * Live points (default 300), stopping tolerance (default 0.01), bound. Default 'single' with a fixed inclination: the
   * posterior of eq. 3 is unimodal once the sense of rotation is fixed, and 'multi' cost 2.5× the time there. Default
   * 'multi' with a free inclination: the curved v_c–i degeneracy (the data fix v_c sin i) fills a single ellipsoid so
   * poorly that ID4391's 2-D fit took 2.06 million likelihood calls against 24 thousand with 'multi'.
   */
  nLive?: number;
  tolerance?: number;
  bound?: 'multi' | 'single';
  /**
   * Fit the beam-smeared model (prepareBeamSmearing, for the same PA as majorKpc/minorKpc) at data.spaxelIndex instead of
   * the model at the points; default none, the paper's way.
   */
  beamSmearing?: BeamSmearing | null;
  /** Signed major-axis radii (kpc) at which to evaluate the posterior model band; default 101 points over the data ±10 %. */
  bandRadiusKpc?: ArrayLike<number>;
}

/**
 * The posterior model along the major axis: pointwise median and 16/84 percentiles of the line-of-sight velocity of the
 * intrinsic (not beam-smeared) curve.
 */
export interface RotationCurveBand {
  radiusKpc: Float64Array;
  medianKms: Float64Array;
  p16Kms: Float64Array;
  p84Kms: Float64Array;
}

export interface RotationCurveFit {
  model: 'major-axis' | 'disk';
  /** true when the beam-smeared model was fitted. */
  beamSmeared: boolean;
  sense: 1 | -1;
  nPoints: number;
  v0Kms: PosteriorSummary;
  vcKms: PosteriorSummary;
  rtKpc: PosteriorSummary;
  /** Fixed inclination: median = p16 = p84 = the value, sd 0. */
  inclinationDeg: PosteriorSummary;
  inclinationFree: boolean;
  /** null when no scatter term was fitted. */
  scatterKms: PosteriorSummary | null;
  logZ: number;
  logZErr: number;
  /** √(mean (v − m)²) of the data about the model at the posterior medians, km/s. */
  rmseKms: number;
  /** The model at the posterior medians, at each data point. */
  medianModelKms: Float64Array;
  band: RotationCurveBand;
  /** Equal-weight posterior samples of each parameter (inclination constant when fixed; scatter null when not fitted). */
  posterior: { v0Kms: Float64Array; vcKms: Float64Array; rtKpc: Float64Array; inclinationDeg: Float64Array; scatterKms: Float64Array | null };
  /** The full sampler output (weighted samples, ESS, calls, timing). */
  nested: NestedSamplingResult;
}

const DEFAULT_PRIORS: Required<RotationCurvePriors> = {
  v0Kms: { kind: 'uniform', lo: -300, hi: 300 },
  vcKms: { kind: 'uniform', lo: 0, hi: 500 },
  rtKpc: { kind: 'uniform', lo: 0.01, hi: 10 },
  scatterKms: { kind: 'uniform', lo: 0, hi: 150 },
};

const DEG = Math.PI / 180;

function checkArray(values: ArrayLike<number>, n: number, name: string, where: string, positive = false): void {
  if (values == null || values.length !== n) throw new InputError('length-mismatch', where, `${name} must have ${n} values (got ${values == null ? 'none' : values.length})`);
  for (let k = 0; k < n; k++) {
    if (!Number.isFinite(values[k])) throw new InputError('not-finite', where, `${name}[${k}] is not a finite number (got ${values[k]})`);
    if (positive && !(values[k] > 0)) throw new InputError('out-of-range', where, `${name}[${k}] must be > 0 (got ${values[k]})`);
  }
}

/**
 * Fits V(R) = v0 + (2/π) v_c arctan(R/R_t), projected with sin i (and cos θ for 'disk'), by nested sampling. Inclination
 * fixed (inclinationDeg) or free with a prior (inclinationPrior); with the 'major-axis' model a free i is constrained only
 * by its prior (the data fix v_c sin i).
 */
export function fitRotationCurve(data: RotationCurveData, options: RotationCurveFitOptions): RotationCurveFit {
  const where = 'fitRotationCurve';
  if (data == null || options == null) throw new InputError('missing', where, `needs data and options (with a seed)`);
  checkSeed(where, options);
  const n = data.velocityKms?.length ?? 0;
  const model = options.model ?? 'major-axis';
  if (model !== 'major-axis' && model !== 'disk') throw new InputError('not-one-of', where, `model must be 'major-axis' or 'disk' (got ${String(model)})`);
  checkArray(data.majorKpc, n, 'majorKpc', where);
  checkArray(data.velocityKms, n, 'velocityKms', where);
  checkArray(data.velocityErrKms, n, 'velocityErrKms', where, true);
  if (data.minorKpc) checkArray(data.minorKpc, n, 'minorKpc', where);
  const smearing = options.beamSmearing ?? null;
  let spaxelIndex: Int32Array | null = null;
  if (smearing) {
    if (!data.spaxelIndex) throw new InputError('missing', where, `the beam-smeared model needs data.spaxelIndex (the spaxel of every point)`);
    checkArray(data.spaxelIndex, n, 'spaxelIndex', where);
    checkSmearedSpaxels(smearing, data.spaxelIndex, where);
    spaxelIndex = Int32Array.from(data.spaxelIndex);
  }
  const fixedInclination = options.inclinationDeg;
  const hasPrior = options.inclinationPrior !== undefined;
  if ((fixedInclination === undefined) === !hasPrior) throw new InputError('inconsistent', where, `give exactly one of inclinationDeg (fixed) and inclinationPrior (free)`);
  if (fixedInclination !== undefined && !(fixedInclination > 0 && fixedInclination <= 90)) {
    throw new InputError('out-of-range', where, `inclinationDeg must be in (0, 90] (got ${fixedInclination})`);
  }
  const fitScatter = options.scatter ?? true;
  const priors = { ...DEFAULT_PRIORS, ...options.priors };
  const specs: PriorSpec[] = [priors.v0Kms, priors.vcKms, priors.rtKpc];
  const names = ['v0Kms', 'vcKms', 'rtKpc'];
  specs.forEach((s, j) => checkPriorSpec(s, names[j], where));
  const rtLowest = priorQuantile(priors.rtKpc, 0);
  if (!(rtLowest > 0)) throw new InputError('out-of-range', where, `the R_t prior must be > 0 everywhere (its lower end is ${rtLowest})`);
  if (priorQuantile(priors.vcKms, 0) < 0) throw new InputError('out-of-range', where, `the v_c prior must be ≥ 0 (the sense option sets the direction of rotation)`);
  let inclinationIndex = -1;
  if (hasPrior) {
    const p = { ...options.inclinationPrior! } as PriorSpec;
    if (p.kind === 'normal') {
      p.lo = p.lo ?? 0;
      p.hi = p.hi ?? 90;
    }
    checkPriorSpec(p, 'inclinationDeg', where);
    if (!(priorQuantile(p, 0) >= 0 && priorQuantile(p, 1) <= 90)) throw new InputError('out-of-range', where, `the inclination prior must lie within [0, 90] degrees`);
    inclinationIndex = specs.length;
    specs.push(p);
    names.push('inclinationDeg');
  }
  let scatterIndex = -1;
  if (fitScatter) {
    checkPriorSpec(priors.scatterKms, 'scatterKms', where);
    if (priorQuantile(priors.scatterKms, 0) < 0) throw new InputError('out-of-range', where, `the scatter prior must be ≥ 0`);
    scatterIndex = specs.length;
    specs.push(priors.scatterKms);
    names.push('scatterKms');
  }
  if (n < specs.length + 1) throw new InputError('too-few', where, `needs more data points than the ${specs.length} free parameters (got ${n})`);

  const x = Float64Array.from(data.majorKpc);
  const y = data.minorKpc ? Float64Array.from(data.minorKpc) : new Float64Array(n);
  const v = Float64Array.from(data.velocityKms);
  const err2 = Float64Array.from(data.velocityErrKms, (e) => e * e);
  let sense: 1 | -1;
  if (options.sense === 1 || options.sense === -1) sense = options.sense;
  else if (options.sense === undefined || options.sense === 'auto') {
    const vMedian = quantileSorted(Float64Array.from(v).sort(), 0.5);
    let s = 0;
    for (let k = 0; k < n; k++) s += x[k] * (v[k] - vMedian);
    sense = s >= 0 ? 1 : -1;
  } else throw new InputError('not-one-of', where, `sense must be 'auto', 1 or -1 (got ${String(options.sense)})`);

  const ctx: RotationLikelihoodContext = {
    majorAxis: model === 'major-axis',
    n,
    x,
    y,
    velocityKms: v,
    err2,
    sumLogErr2: err2.reduce((sum, e2) => sum + Math.log(e2), 0),
    sense,
    fixedInclinationRad: fixedInclination !== undefined ? fixedInclination * DEG : NaN,
    inclinationIndex,
    scatterIndex,
    radiusKpc: new Float64Array(n),
    cosAzimuth: new Float64Array(n),
    smearing,
    spaxelIndex,
    modelKms: new Float64Array(n),
  };
  if (model === 'disk' && fixedInclination !== undefined) precomputeDiskGeometry(ctx, fixedInclination * DEG);
  const frozen = specs.map((s) => ({ ...s }));
  const nested = nestedSample(
    (theta) => rotationLogLikelihood(ctx, theta),
    { nDim: specs.length, names, transform: (u, theta) => priorQuantilesInto(frozen, u, theta) },
    { seed: options.seed, nLive: options.nLive ?? 300, tolerance: options.tolerance, bound: options.bound ?? (inclinationIndex >= 0 ? 'multi' : 'single') },
  );

  if (!nested.converged) throw new Error(`${where}: nested sampling stopped before converging (${nested.stopReason}); check the data and priors`);
  const s = nested.summaryByName;
  const inclination = inclinationIndex >= 0 ? s.inclinationDeg : fixedSummary(fixedInclination!);
  // model at the posterior medians and its RMSE
  const medianModelKms = new Float64Array(n);
  rotationModelInto(ctx, names.map((name) => (name === 'inclinationDeg' ? inclination.median : s[name].median)), medianModelKms);
  let ss = 0;
  for (let k = 0; k < n; k++) ss += (v[k] - medianModelKms[k]) ** 2;
  const rmseKms = Math.sqrt(ss / n);

  // equal-weight columns
  const d = nested.nDim;
  const m = nested.nEqual;
  const column = (j: number) => {
    const c = new Float64Array(m);
    for (let r = 0; r < m; r++) c[r] = nested.equalWeightSamples[r * d + j];
    return c;
  };
  const posterior = {
    v0Kms: column(0),
    vcKms: column(1),
    rtKpc: column(2),
    inclinationDeg: inclinationIndex >= 0 ? column(inclinationIndex) : new Float64Array(m).fill(fixedInclination!),
    scatterKms: scatterIndex >= 0 ? column(scatterIndex) : null,
  };

  // posterior band along the major axis from ≤ 500 equal-weight draws (shuffled, so a prefix is a fair subsample)
  let gridRadius: Float64Array;
  if (options.bandRadiusKpc) {
    checkArray(options.bandRadiusKpc, options.bandRadiusKpc.length, 'bandRadiusKpc', where);
    gridRadius = Float64Array.from(options.bandRadiusKpc);
  } else {
    let reach = 0;
    for (let k = 0; k < n; k++) reach = Math.max(reach, Math.abs(x[k]));
    reach = reach > 0 ? reach * 1.1 : 1;
    gridRadius = Float64Array.from({ length: 101 }, (_, g) => -reach + (2 * reach * g) / 100);
  }
  const nBand = Math.min(m, 500);
  const amplitudes = new Float64Array(nBand);
  for (let r = 0; r < nBand; r++) amplitudes[r] = projectedArctanAmplitudeKms(posterior.vcKms[r], posterior.inclinationDeg[r] * DEG, sense);
  const values = new Float64Array(nBand);
  const band: RotationCurveBand = {
    radiusKpc: gridRadius,
    medianKms: new Float64Array(gridRadius.length),
    p16Kms: new Float64Array(gridRadius.length),
    p84Kms: new Float64Array(gridRadius.length),
  };
  for (let g = 0; g < gridRadius.length; g++) {
    for (let r = 0; r < nBand; r++) values[r] = posterior.v0Kms[r] + amplitudes[r] * Math.atan(gridRadius[g] / posterior.rtKpc[r]);
    values.sort();
    band.medianKms[g] = quantileSorted(values, 0.5);
    band.p16Kms[g] = quantileSorted(values, 0.16);
    band.p84Kms[g] = quantileSorted(values, 0.84);
  }

  return {
    model,
    beamSmeared: smearing !== null,
    sense,
    nPoints: n,
    v0Kms: s.v0Kms,
    vcKms: s.vcKms,
    rtKpc: s.rtKpc,
    inclinationDeg: inclination,
    inclinationFree: inclinationIndex >= 0,
    scatterKms: scatterIndex >= 0 ? s.scatterKms : null,
    logZ: nested.logZ,
    logZErr: nested.logZErr,
    rmseKms,
    medianModelKms,
    band,
    posterior,
    nested,
  };
}
