// Bayesian 12+log(O/H), nebular A_V and de-reddened Hβ flux of one galaxy or region from all its line fluxes at once,
// sampled with the affine-invariant ensemble sampler (Wang et al. 2020, ApJ 900, 183, §3.6, Eq. 2; Wang et al. 2017).
import { sampleEnsemble } from '../mcmc/ensemble-sampler';
import type { EnsembleChain } from '../mcmc/ensemble-sampler';
import { parameterSamples } from '../mcmc/summaries';
import { summarizeSamples } from '../stats/sample-summary';
import type { PosteriorSummary } from '../stats/sample-summary';
import { seededRandom } from '../stats/random';
import { expectedRatioToHbeta } from './calibrations';
import { dereddeningFactor } from './nebular-lines';
import type { NebularLine } from './nebular-lines';
import { prepareLineFluxes } from './line-fluxes';
import type { HalphaBlend, LineObservations, PreparedLine } from './line-fluxes';
import { THETA_AV, THETA_LN_HBETA, THETA_OH, metallicityLogPosterior, resolvePrior } from './posterior';
import type { MetallicityLikelihoodOptions } from './posterior';
import { checkSeed } from '../errors/check-options';
import { InputError } from '../errors/input-error';

/** Options of `inferMetallicity`. */
export interface InferMetallicityOptions extends MetallicityLikelihoodOptions {
  /** Seed of the walker start and of the sampler (required). */
  seed: number;
  /** Walkers (default 32, even, ≥ 6). */
  nWalkers?: number;
  /** Ensemble steps (default 10000: τ reaches ~140 steps when A_V is poorly constrained, and we want > 50 τ after burn-in). */
  nSteps?: number;
  /** Steps discarded before the summaries (default 2000). */
  burnIn?: number;
  /** Blended Hα + [N II] (HST grism): the [N II]/Hα ratio that removes [N II] from the Hα flux. */
  halphaBlend?: HalphaBlend;
}

/** Posterior of one inference. */
export interface MetallicityPosterior {
  /** 12 + log(O/H): median and 16/84 percentiles. */
  readonly oh: PosteriorSummary;
  /** Nebular A_V in mag. */
  readonly avMag: PosteriorSummary;
  /** De-reddened Hβ flux, in the unit of the input fluxes. */
  readonly hbetaFlux: PosteriorSummary;
  /** Post-burn-in samples of each parameter, pooled over walkers. */
  readonly samples: { readonly oh: Float64Array; readonly avMag: Float64Array; readonly hbetaFlux: Float64Array };
  /** The lines used, after any Hα de-blending. */
  readonly lines: readonly PreparedLine[];
  /** The full sampler run (chain, acceptance, τ, convergence verdict); its parameters are [O/H, A_V, ln f_Hβ]. */
  readonly run: EnsembleChain;
  readonly converged: boolean;
  /** Prior bounds used. */
  readonly prior: { readonly ohMin: number; readonly ohMax: number; readonly avMax: number };
}

/**
 * Samples p(12+log(O/H), A_V, f_Hβ | fluxes) ∝ exp(−χ²/2) of Wang et al. 2020 Eq. 2 (see `metallicityLogPosterior`)
 * under flat priors (O/H on 7.0–9.2 by default, 0 ≤ A_V ≤ 4, f_Hβ > 0). Walkers start from draws of a coarse grid of
 * the posterior over (O/H, A_V) with f_Hβ at its weighted least-squares value, so both branches of the double-valued
 * calibrations are seeded in proportion to their probability. Needs at least one measured Balmer line.
 */
export function inferMetallicity(lines: LineObservations, options: InferMetallicityOptions): MetallicityPosterior {
  const where = 'inferMetallicity';
  if (options == null || typeof options !== 'object') throw new InputError('missing', where, `options with a seed are required`);
  checkSeed(where, options);
  const nWalkers = options.nWalkers ?? 32;
  const nSteps = options.nSteps ?? 10000;
  const burnIn = options.burnIn ?? 2000;
  if (!Number.isInteger(nSteps) || nSteps < 2) throw new InputError('out-of-range', where, `nSteps must be an integer ≥ 2 (got ${nSteps})`);
  if (!Number.isInteger(burnIn) || burnIn < 0 || burnIn > nSteps - 2) throw new InputError('out-of-range', where, `burnIn must be an integer in [0, nSteps − 2] (got ${burnIn})`);
  const prepared = prepareLineFluxes(lines, options.halphaBlend);
  const logPosterior = metallicityLogPosterior(prepared, options);
  const prior = resolvePrior(options.prior);
  const initial = metallicityStartPositions(prepared, logPosterior, { prior, nWalkers, seed: options.seed, rv: options.rv });
  const run = sampleEnsemble(logPosterior, { initial, nDim: 3, nSteps, seed: options.seed, burnIn });
  const samples = {
    oh: parameterSamples(run, THETA_OH, { discard: burnIn }),
    avMag: parameterSamples(run, THETA_AV, { discard: burnIn }),
    hbetaFlux: parameterSamples(run, THETA_LN_HBETA, { discard: burnIn }).map(Math.exp),
  };
  return {
    oh: summarizeSamples(samples.oh),
    avMag: summarizeSamples(samples.avMag),
    hbetaFlux: summarizeSamples(samples.hbetaFlux),
    samples,
    lines: prepared,
    run,
    converged: run.convergence.converged,
    prior,
  };
}

/**
 * Walker starts (nWalkers × [O/H, A_V, ln f_Hβ]): ln p on a grid (O/H step 0.02, A_V step 0.05) with f_Hβ = Σ a_i f_i/σ_i² / Σ a_i²/σ_i²,
 * a_i = R_i/D_i (the weighted least-squares f_Hβ ignoring calibration scatter), then nWalkers cells drawn with
 * probability ∝ exp(ln p), jittered by half a cell in O/H and A_V and by 0.01 in ln f_Hβ, kept inside the prior.
 */
export function metallicityStartPositions(
  lines: readonly PreparedLine[],
  logPosterior: (theta: Float64Array) => number,
  options: { prior: { ohMin: number; ohMax: number; avMax: number }; nWalkers: number; seed: number; rv?: number },
): Float64Array {
  const where = 'inferMetallicity';
  const { prior, nWalkers, seed, rv } = options;
  if (!Number.isInteger(nWalkers) || nWalkers < 6 || nWalkers % 2 !== 0) throw new InputError('out-of-range', where, `nWalkers must be an even integer ≥ 6 (got ${nWalkers})`);
  const random = seededRandom(seed);
  const dOh = 0.02;
  const dAv = 0.05;
  const nOh = Math.floor((prior.ohMax - prior.ohMin) / dOh) + 1;
  const nAv = Math.floor(prior.avMax / dAv) + 1;
  const lnp = new Float64Array(nOh * nAv);
  const fHb = new Float64Array(nOh * nAv);
  const theta = new Float64Array(3);
  const measured = lines.filter((l) => l.kind === 'measured');
  const names: NebularLine[] = measured.map((l) => l.line);
  let best = -Infinity;
  for (let a = 0; a < nAv; a++) {
    const av = a * dAv;
    const inverseD = names.map((name) => 1 / dereddeningFactor(name, av, rv));
    for (let o = 0; o < nOh; o++) {
      const oh = prior.ohMin + o * dOh;
      let num = 0;
      let den = 0;
      for (let i = 0; i < measured.length; i++) {
        const ai = expectedRatioToHbeta(names[i], oh) * inverseD[i];
        const w = 1 / (measured[i].error * measured[i].error);
        num += ai * measured[i].flux * w;
        den += ai * ai * w;
      }
      const f = num > 0 ? num / den : Math.sqrt(1 / den); // a non-positive estimate → the 1σ flux scale
      const cell = a * nOh + o;
      theta[THETA_OH] = oh;
      theta[THETA_AV] = av;
      theta[THETA_LN_HBETA] = Math.log(f);
      fHb[cell] = f;
      lnp[cell] = logPosterior(theta);
      if (lnp[cell] > best) best = lnp[cell];
    }
  }
  if (!Number.isFinite(best)) throw new Error(`${where}: the posterior is zero everywhere on the start grid (check the fluxes)`);
  const cumulative = new Float64Array(nOh * nAv);
  let total = 0;
  for (let c = 0; c < lnp.length; c++) {
    total += Number.isFinite(lnp[c]) ? Math.exp(lnp[c] - best) : 0;
    cumulative[c] = total;
  }
  const initial = new Float64Array(nWalkers * 3);
  for (let w = 0; w < nWalkers; w++) {
    for (let tries = 0; ; tries++) {
      if (tries > 1000) throw new Error(`${where}: could not place walker ${w} inside the prior`);
      const u = random.uniform() * total;
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid] > u) hi = mid;
        else lo = mid + 1;
      }
      const o = lo % nOh;
      const a = (lo - o) / nOh;
      theta[THETA_OH] = prior.ohMin + o * dOh + dOh * (random.uniform() - 0.5);
      theta[THETA_AV] = a * dAv + dAv * (random.uniform() - 0.5);
      theta[THETA_LN_HBETA] = Math.log(fHb[lo]) + 0.01 * random.normal(0, 1);
      if (Number.isFinite(logPosterior(theta))) break;
    }
    initial.set(theta, w * 3);
  }
  return initial;
}
