// The Gelman–Rubin potential scale reduction factor R̂ of several Markov chains (Gelman et al. 2004, Bayesian Data
// Analysis, 2nd ed., §11.6, eqs. 11.2–11.4), computed as LINMIX does on the second half of each chain.

/**
 * R̂ = √(var⁺/W) with W the mean within-chain variance, B = n/(m − 1) Σ(ψ̄_j − ψ̄)², var⁺ = (1 − 1/n) W + B/n
 * (Gelman et al. 2004, eqs. 11.2–11.4), over draws [from, to) of each of the m chains (chains[j][t]).
 * Returns NaN with fewer than 2 chains or 2 draws; Infinity when W = 0 but the chains differ.
 */
export function gelmanRubinRHat(chains: ArrayLike<ArrayLike<number>>, from: number, to: number): number {
  const m = chains.length;
  const n = to - from;
  if (m < 2 || n < 2) return NaN;
  let grandMean = 0;
  const means = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    let s = 0;
    for (let t = from; t < to; t++) s += chains[j][t];
    means[j] = s / n;
    grandMean += means[j] / m;
  }
  let within = 0;
  let between = 0;
  for (let j = 0; j < m; j++) {
    let ss = 0;
    for (let t = from; t < to; t++) {
      const d = chains[j][t] - means[j];
      ss += d * d;
    }
    within += ss / (n - 1) / m;
    between += (means[j] - grandMean) ** 2;
  }
  between *= n / (m - 1);
  const varPlus = (1 - 1 / n) * within + between / n;
  if (within === 0) return between === 0 ? 1 : Infinity;
  return Math.sqrt(varPlus / within);
}
