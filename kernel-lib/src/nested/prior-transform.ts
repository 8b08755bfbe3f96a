// Priors as transforms of the unit hypercube (θ = F⁻¹(u), u ~ U(0,1)ᵈ), the form nested sampling draws from
// (Skilling 2006, Bayesian Analysis 1, 833, §3; as in MultiNest's and nautilus' prior cubes, Feroz et al. 2009 §4.1).
import { normalCdf } from '../stats/normal-cdf';
import { normalQuantile } from './normal-quantile';

/** One independent prior. 'normal' may be truncated to [lo, hi] (either bound optional). */
export type PriorSpec =
  | { kind: 'uniform'; lo: number; hi: number }
  | { kind: 'log-uniform'; lo: number; hi: number }
  | { kind: 'normal'; mean: number; sd: number; lo?: number; hi?: number };

/** Writes θ = F⁻¹(u) into `theta`; `u` has nDim entries in (0, 1). Must not keep either array. */
export type UnitCubeTransform = (u: Float64Array, theta: Float64Array) => void;

/** A prior built from independent one-dimensional priors. */
export interface ProductPrior {
  readonly nDim: number;
  readonly specs: readonly PriorSpec[];
  readonly transform: UnitCubeTransform;
}

/**
 * The inverse CDF of one prior at u ∈ [0, 1]: uniform lo + u(hi − lo); log-uniform lo (hi/lo)ᵘ; normal
 * μ + σ Φ⁻¹(u); truncated normal μ + σ Φ⁻¹(Φ(a) + u (Φ(b) − Φ(a))), a = (lo − μ)/σ, b = (hi − μ)/σ (inverse-CDF
 * sampling, e.g. Devroye 1986, Non-Uniform Random Variate Generation, §II.2.1).
 */
export function priorQuantile(spec: PriorSpec, u: number): number {
  switch (spec.kind) {
    case 'uniform':
      return spec.lo + u * (spec.hi - spec.lo);
    case 'log-uniform':
      return spec.lo * Math.pow(spec.hi / spec.lo, u);
    case 'normal': {
      if (spec.lo === undefined && spec.hi === undefined) return spec.mean + spec.sd * normalQuantile(u);
      const pa = spec.lo === undefined ? 0 : normalCdf((spec.lo - spec.mean) / spec.sd);
      const pb = spec.hi === undefined ? 1 : normalCdf((spec.hi - spec.mean) / spec.sd);
      const x = spec.mean + spec.sd * normalQuantile(pa + u * (pb - pa));
      // clamp: Φ is accurate to ~1e-7 relative, so the round trip may step a hair outside [lo, hi]
      return Math.min(spec.hi ?? Infinity, Math.max(spec.lo ?? -Infinity, x));
    }
  }
}

/** Throws a one-line error unless `spec` is a valid prior; `name` labels it in the message. */
export function checkPriorSpec(spec: PriorSpec, name: string, where: string): void {
  if (spec == null || typeof spec !== 'object') throw new Error(`${where}: prior ${name} must be an object (got ${String(spec)})`);
  const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  switch (spec.kind) {
    case 'uniform':
      if (!finite(spec.lo) || !finite(spec.hi) || !(spec.hi > spec.lo)) {
        throw new Error(`${where}: uniform prior ${name} needs finite lo < hi (got ${spec.lo}, ${spec.hi})`);
      }
      return;
    case 'log-uniform':
      if (!finite(spec.lo) || !finite(spec.hi) || !(spec.lo > 0) || !(spec.hi > spec.lo)) {
        throw new Error(`${where}: log-uniform prior ${name} needs finite 0 < lo < hi (got ${spec.lo}, ${spec.hi})`);
      }
      return;
    case 'normal':
      if (!finite(spec.mean) || !finite(spec.sd) || !(spec.sd > 0)) {
        throw new Error(`${where}: normal prior ${name} needs a finite mean and sd > 0 (got ${spec.mean}, ${spec.sd})`);
      }
      if ((spec.lo !== undefined && !finite(spec.lo)) || (spec.hi !== undefined && !finite(spec.hi))) {
        throw new Error(`${where}: normal prior ${name} bounds must be finite when given (got ${spec.lo}, ${spec.hi})`);
      }
      if (spec.lo !== undefined && spec.hi !== undefined && !(spec.hi > spec.lo)) {
        throw new Error(`${where}: normal prior ${name} needs lo < hi (got ${spec.lo}, ${spec.hi})`);
      }
      if (spec.lo !== undefined && normalCdf((spec.lo - spec.mean) / spec.sd) > 1 - 1e-12) {
        throw new Error(`${where}: normal prior ${name} is truncated to where it has no mass (lo ${spec.lo} ≫ mean ${spec.mean})`);
      }
      if (spec.hi !== undefined && normalCdf((spec.hi - spec.mean) / spec.sd) < 1e-12) {
        throw new Error(`${where}: normal prior ${name} is truncated to where it has no mass (hi ${spec.hi} ≪ mean ${spec.mean})`);
      }
      return;
    default:
      throw new Error(`${where}: prior ${name} has unknown kind '${(spec as { kind: unknown }).kind}' (uniform, log-uniform, normal)`);
  }
}

/** θ_j = F_j⁻¹(u_j) for every j: the transform of independent priors (top-level, so one optimised copy serves every fit). */
export function priorQuantilesInto(specs: readonly PriorSpec[], u: ArrayLike<number>, theta: Float64Array): void {
  for (let j = 0; j < specs.length; j++) theta[j] = priorQuantile(specs[j], u[j]);
}

/** The product of independent priors as one unit-cube transform; checks every spec. */
export function productPrior(specs: readonly PriorSpec[]): ProductPrior {
  const where = 'productPrior';
  if (!Array.isArray(specs) || specs.length === 0) throw new Error(`${where}: needs at least one prior`);
  specs.forEach((s, j) => checkPriorSpec(s, `#${j}`, where));
  const frozen = specs.map((s) => ({ ...s }));
  const transform: UnitCubeTransform = (u, theta) => priorQuantilesInto(frozen, u, theta);
  return { nDim: frozen.length, specs: frozen, transform };
}
