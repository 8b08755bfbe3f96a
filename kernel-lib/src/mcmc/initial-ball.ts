// Starting positions for an ensemble sampler: a small Gaussian ball around a point, the usual emcee start
// (Foreman-Mackey et al. 2013, §4: "initialize the walkers in a tiny Gaussian ball around the maximum likelihood").
import { checkInteger, checkSeed } from '../errors/check-options';
import { InputError } from '../errors/input-error';
import { seededRandom } from '../stats/random';

/** Options of {@link initialBall}. */
export interface InitialBallOptions {
  /** Number of walkers (positions drawn). */
  nWalkers: number;
  /** Seed of the stream the positions are drawn from (required). */
  seed: number;
  /** Keeps a draw (e.g. inside the prior); a rejected draw is redrawn, up to 1000 times per walker. Default: keep all. */
  accept?: (theta: Float64Array) => boolean;
}

/**
 * nWalkers × nDim positions (walker-major) drawn as centre[d] + scale[d]·N(0, 1) from the stream of `options.seed`; a
 * draw rejected by `options.accept` (e.g. outside the prior) is redrawn, up to 1000 times per walker.
 */
export function initialBall(centre: ArrayLike<number>, scale: ArrayLike<number>, options: InitialBallOptions): Float64Array {
  const where = 'initialBall';
  const seed = checkSeed(where, options);
  const nWalkers = checkInteger(where, 'nWalkers', options.nWalkers, { min: 1 });
  const accept = options.accept ?? (() => true);
  const nDim = centre.length;
  if (nDim < 1) throw new InputError('too-few', where, `centre is empty`);
  if (scale.length !== nDim) throw new InputError('length-mismatch', where, `centre has ${nDim} values but scale has ${scale.length}`);
  for (let d = 0; d < nDim; d++) {
    if (!Number.isFinite(centre[d])) throw new InputError('not-finite', where, `centre[${d}] is not finite (got ${centre[d]})`);
    if (!(scale[d] >= 0) || !Number.isFinite(scale[d])) throw new InputError('out-of-range', where, `scale[${d}] must be finite and ≥ 0 (got ${scale[d]})`);
  }
  const random = seededRandom(seed);
  const out = new Float64Array(nWalkers * nDim);
  const theta = new Float64Array(nDim);
  for (let w = 0; w < nWalkers; w++) {
    let tries = 0;
    do {
      if (++tries > 1000) throw new Error(`${where}: could not draw an accepted start for walker ${w} in 1000 tries`);
      for (let d = 0; d < nDim; d++) theta[d] = centre[d] + scale[d] * random.normal(0, 1);
    } while (!accept(theta));
    out.set(theta, w * nDim);
  }
  return out;
}
