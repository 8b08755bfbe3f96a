// The Gaussian log-likelihood of a projected arctan rotation curve (Ju et al., MSA-3D eq. 3) given velocities with
// errors and an optional intrinsic scatter: ln L = −½ Σ [(v − m)²/(err² + s²) + ln 2π(err² + s²)] (e.g. Hogg, Bovy &
// Lang 2010, arXiv:1008.4686, §7, eq. 35).
//
// With a BeamSmearing operator the model is the beam-smeared field at the data spaxels (beam-smearing.ts) instead.
//
// One top-level function over a context object, not a closure per fit, so V8 keeps one optimised copy across fits.

/** Everything the likelihood needs besides θ = [v0, v_c, R_t, (i in degrees), (s)]. */
import { smearedVelocityInto, type BeamSmearing } from './beam-smearing';
import { projectedArctanAmplitudeKms } from './arctan-rotation-curve';

export interface RotationLikelihoodContext {
  /** true: m = v0 + s_rot sin i (2/π) v_c arctan(x/R_t) ('major-axis'); false: the thin-disk field ('disk'). */
  majorAxis: boolean;
  n: number;
  /** Signed offset along the major axis and sky offset across it, kpc. */
  x: Float64Array;
  y: Float64Array;
  velocityKms: Float64Array;
  /** Squared errors, (km/s)². */
  err2: Float64Array;
  /** Σ ln err², used when there is no scatter term. */
  sumLogErr2: number;
  sense: 1 | -1;
  /** Fixed inclination in radians, or NaN when θ carries it (in degrees) at inclinationIndex. */
  fixedInclinationRad: number;
  inclinationIndex: number;
  /** Index of the scatter s in θ (km/s), −1 without one. */
  scatterIndex: number;
  /** For 'disk' with fixed i: R and cos θ of every point, precomputed. */
  radiusKpc: Float64Array;
  cosAzimuth: Float64Array;
  /** Beam-smeared model at the spaxels spaxelIndex (null: the model at the points' own x, y). */
  smearing: BeamSmearing | null;
  spaxelIndex: Int32Array | null;
  /** Work buffer of n model values (beam-smeared model). */
  modelKms: Float64Array;
}

const DEG = Math.PI / 180;
const LOG_TWO_PI = Math.log(2 * Math.PI);

/**
 * Fills the fixed-inclination disk geometry of the context: R = √(x² + (y/cos i)²), cos θ = x/R (0 at R = 0)
 * (thin tilted disk, Begeman 1989, A&A 223, 47).
 */
export function precomputeDiskGeometry(ctx: RotationLikelihoodContext, inclinationRad: number): void {
  const cosI = Math.cos(inclinationRad);
  for (let k = 0; k < ctx.n; k++) {
    const r = Math.hypot(ctx.x[k], ctx.y[k] / cosI);
    ctx.radiusKpc[k] = r;
    ctx.cosAzimuth[k] = r > 0 ? ctx.x[k] / r : 0;
  }
}

/** ln L(θ) of the projected arctan curve; no allocation. */
export function rotationLogLikelihood(ctx: RotationLikelihoodContext, theta: Float64Array): number {
  const v0 = theta[0];
  const vc = theta[1];
  const rt = theta[2];
  const free = ctx.inclinationIndex >= 0;
  const inc = free ? theta[ctx.inclinationIndex] * DEG : ctx.fixedInclinationRad;
  const s = ctx.scatterIndex >= 0 ? theta[ctx.scatterIndex] : 0;
  const s2 = s * s;
  const amplitude = projectedArctanAmplitudeKms(vc, inc, ctx.sense);
  const n = ctx.n;
  const x = ctx.x;
  const velocity = ctx.velocityKms;
  const err2 = ctx.err2;
  const model = ctx.majorAxis ? 0 : free ? 2 : 1;
  const radius = ctx.radiusKpc;
  const cosAzimuth = ctx.cosAzimuth;
  const y = ctx.y;
  const cosI = Math.cos(inc);
  const smeared = ctx.smearing !== null;
  if (smeared) smearedVelocityInto(ctx.smearing!, v0, amplitude, rt, cosI, ctx.spaxelIndex!, ctx.modelKms);
  let chi2 = 0;
  let logVar = 0;
  for (let k = 0; k < n; k++) {
    let m: number;
    if (smeared) {
      m = ctx.modelKms[k];
    } else if (model === 0) {
      m = v0 + amplitude * Math.atan(x[k] / rt);
    } else if (model === 1) {
      m = v0 + amplitude * Math.atan(radius[k] / rt) * cosAzimuth[k];
    } else {
      const r = Math.hypot(x[k], y[k] / cosI);
      m = r > 0 ? v0 + amplitude * Math.atan(r / rt) * (x[k] / r) : v0;
    }
    const resid = velocity[k] - m;
    const variance = err2[k] + s2;
    chi2 += (resid * resid) / variance;
    if (s2 > 0) logVar += Math.log(variance);
  }
  if (!(s2 > 0)) logVar = ctx.sumLogErr2;
  return -0.5 * (chi2 + logVar + n * LOG_TWO_PI);
}

/** The model at θ for every point of the context, written to out. */
export function rotationModelInto(ctx: RotationLikelihoodContext, theta: ArrayLike<number>, out: Float64Array): void {
  const inc = ctx.inclinationIndex >= 0 ? theta[ctx.inclinationIndex] * DEG : ctx.fixedInclinationRad;
  const amplitude = projectedArctanAmplitudeKms(theta[1], inc, ctx.sense);
  const cosI = Math.cos(inc);
  if (ctx.smearing) {
    smearedVelocityInto(ctx.smearing, theta[0], amplitude, theta[2], cosI, ctx.spaxelIndex!, out);
    return;
  }
  for (let k = 0; k < ctx.n; k++) {
    if (ctx.majorAxis) {
      out[k] = theta[0] + amplitude * Math.atan(ctx.x[k] / theta[2]);
    } else {
      const r = Math.hypot(ctx.x[k], ctx.y[k] / cosI);
      out[k] = r > 0 ? theta[0] + amplitude * Math.atan(r / theta[2]) * (ctx.x[k] / r) : theta[0];
    }
  }
}
