// The running evidence Z = Σ L_i w_i and information H of nested sampling, and the error of ln Z
// (Skilling 2006, Bayesian Analysis 1, 833, §§3, 5; Sivia & Skilling 2006, Data Analysis, §9.3).
import { logAddExp } from './log-sum-exp';

/** The running sums. */
export interface EvidenceAccumulator {
  /** ln Z so far (−∞ before the first positive weight). */
  logZ: number;
  /** Information H = ∫ P ln(P/π) dθ so far, nats. */
  information: number;
}

export function newEvidenceAccumulator(): EvidenceAccumulator {
  return { logZ: -Infinity, information: 0 };
}

/**
 * Adds a dead point of log-likelihood logL and log prior-mass weight logWidth: Z′ = Z + L w and
 * H′ = (L w / Z′) ln L + (Z / Z′)(H + ln Z) − ln Z′ (Sivia & Skilling 2006, §9.3.1, the "H" update of their program).
 * A point of zero weight changes nothing.
 */
export function addToEvidence(acc: EvidenceAccumulator, logL: number, logWidth: number): void {
  const logWeight = logL + logWidth;
  if (logWeight === -Infinity) return;
  const logZNew = logAddExp(acc.logZ, logWeight);
  const oldTerm = acc.logZ === -Infinity ? 0 : Math.exp(acc.logZ - logZNew) * (acc.information + acc.logZ);
  acc.information = Math.exp(logWeight - logZNew) * logL + oldTerm - logZNew;
  acc.logZ = logZNew;
}

/** Statistical error of ln Z, √(H/N) for N live points (Skilling 2006, §5; Sivia & Skilling 2006, §9.3.1). */
export function logEvidenceError(information: number, nLive: number): number {
  return Math.sqrt(Math.max(0, information) / nLive);
}
