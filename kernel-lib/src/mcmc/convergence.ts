// A convergence verdict for an ensemble chain: enough steps per autocorrelation time (Foreman-Mackey et al. 2013,
// PASP 125, 306, §3; emcee's tol = 50) and an acceptance fraction in a sane range (ibid. §4, rule of thumb 0.2–0.5).
import type { AutocorrelationTime } from './autocorrelation';

/** Thresholds of the verdict. */
export interface ConvergenceCriteria {
  /** Post-burn-in steps must exceed this many τ for every parameter (default 50, emcee's `tol`). */
  minStepsPerTau?: number;
  /** Lowest acceptable mean acceptance fraction (default 0.15). */
  minAcceptance?: number;
  /** Highest acceptable mean acceptance fraction (default 0.8: low-dimensional targets accept more than 0.5 legitimately). */
  maxAcceptance?: number;
}

/** The verdict with the numbers behind it. */
export interface ConvergenceVerdict {
  readonly converged: boolean;
  /** Post-burn-in steps divided by the largest τ. */
  readonly stepsPerTau: number;
  readonly maxTau: number;
  readonly meanAcceptanceFraction: number;
  /** Effective number of independent samples, nWalkers × steps / max τ. */
  readonly effectiveSamples: number;
  /** One line per failed criterion; empty when converged. */
  readonly reasons: string[];
}

/** Judges a run: every τ finite, steps > minStepsPerTau·τ_max, minAcceptance ≤ mean acceptance ≤ maxAcceptance. */
export function assessConvergence(
  run: { autocorrelation: AutocorrelationTime; meanAcceptanceFraction: number; nWalkers: number },
  criteria: ConvergenceCriteria = {},
): ConvergenceVerdict {
  const minStepsPerTau = criteria.minStepsPerTau ?? 50;
  const minAcceptance = criteria.minAcceptance ?? 0.15;
  const maxAcceptance = criteria.maxAcceptance ?? 0.8;
  const { tau, nSteps } = run.autocorrelation;
  let maxTau = 0;
  let finite = true;
  for (let d = 0; d < tau.length; d++) {
    if (!Number.isFinite(tau[d])) finite = false;
    else if (tau[d] > maxTau) maxTau = tau[d];
  }
  const reasons: string[] = [];
  if (!finite) reasons.push('an autocorrelation time is not finite (a parameter never moved?)');
  const stepsPerTau = finite && maxTau > 0 ? nSteps / maxTau : NaN;
  if (finite && !(stepsPerTau > minStepsPerTau)) {
    reasons.push(`chain too short: ${nSteps} steps = ${stepsPerTau.toFixed(1)} τ (need > ${minStepsPerTau} τ, τ_max = ${maxTau.toFixed(1)})`);
  }
  const acc = run.meanAcceptanceFraction;
  if (!(acc >= minAcceptance && acc <= maxAcceptance)) {
    reasons.push(`mean acceptance fraction ${acc.toFixed(3)} outside [${minAcceptance}, ${maxAcceptance}]`);
  }
  return {
    converged: reasons.length === 0,
    stepsPerTau,
    maxTau,
    meanAcceptanceFraction: acc,
    effectiveSamples: finite && maxTau > 0 ? (run.nWalkers * nSteps) / maxTau : NaN,
    reasons,
  };
}
