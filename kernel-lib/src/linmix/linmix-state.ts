// The state of one LINMIX Markov chain and its starting values: the BCES moment estimates of (α, β, σ²) dispersed at
// random, as linmix_err.pro and the Python linmix start their chains (Kelly 2007, ApJ 665, 1489, §6.1, step 1;
// BCES: Akritas & Bershady 1996, ApJ 470, 706).
import type { SeededRandom } from '../stats/random';
import { median } from '../stats/quantile';
import type { LinmixData } from './linmix-data';
import { chiSquareDeviate, dirichletDeviateInto } from './random-deviates';

/** Parameters of one chain; the arrays are updated in place by the Gibbs sweep. */
export interface LinmixState {
  /** Regression η = α + β ξ + ε, ε ~ N(0, σ²). */
  alpha: number;
  beta: number;
  sigsqr: number;
  /** Latent true values ξ_i, η_i. */
  readonly xi: Float64Array;
  readonly eta: Float64Array;
  /** Mixture component of each ξ_i (0..K−1), weights π, means μ, variances τ² and occupancies n_k. */
  readonly group: Int32Array;
  readonly pi: Float64Array;
  readonly mu: Float64Array;
  readonly tausqr: Float64Array;
  readonly nk: Float64Array;
  /** Hyper-parameters: μ_k ~ N(μ₀, u²), τ²_k and u² ~ Scaled-Inv-χ²(1, w²) (Kelly 2007, eqs. 12–14). */
  mu0: number;
  usqr: number;
  wsqr: number;
  /** Upper limit of u² (1.5 var x) and the range of μ₀ (min x, max x), as linmix_err.pro sets them. */
  readonly usqrMax: number;
  /** Scratch of length K (component probabilities, sums) and 2K (per-component constants). */
  readonly work: Float64Array;
  readonly constants: Float64Array;
}

/** Degrees of freedom of the Student-t dispersion of the starting values (linmix_err.pro uses 4 = its chain count). */
const START_DOF = 4;

function sampleVariance(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m += v[i];
  m /= v.length;
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] - m) ** 2;
  return s / (v.length - 1);
}

function meanOf(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m += v[i];
  return m / v.length;
}

/**
 * Starting values of one chain (linmix_err.pro / linmix Chain.initial_guess): BCES β = (cov(x,y) − ⟨σ_xy⟩)/(var x − ⟨σ_x²⟩),
 * α = ȳ − β x̄, σ² = max(var y − ⟨σ_y²⟩ − β(cov − ⟨σ_xy⟩), 0.05 var(y − α − β x)) (Kelly 2007 §6.1; Akritas & Bershady
 * 1996), then (α, β) + N(0, σ²(XᵀX)⁻¹)·√(4/χ²₄) and σ² × (n/2)/χ²_{n/2}; μ₀ = median x + t-like jitter kept inside
 * (min x, max x); w² = max(var x − median σ_x², 0.01 var x) × (n/2)/χ²_{n/2}; u² = var x/2; τ²_k = w²/2 × 4/χ²₄;
 * μ_k = μ₀ + N(0, w²); each ξ to the nearest μ_k; π ~ Dirichlet(n_k + 1); ξ = x, η = y. Where var x − ⟨σ_x²⟩ ≤ 0
 * (errors as large as the spread) BCES is undefined and the ordinary least-squares slope is used instead.
 */
export function initialLinmixState(data: LinmixData, K: number, random: SeededRandom): LinmixState {
  const { n, x, y } = data;
  const varX = sampleVariance(x);
  const xMean = meanOf(x);
  const yMean = meanOf(y);
  let covXY = 0;
  for (let i = 0; i < n; i++) covXY += (x[i] - xMean) * (y[i] - yMean);
  covXY /= n - 1;
  const meanXVar = meanOf(data.xVar);
  const meanYVar = meanOf(data.yVar);
  const meanXYCov = meanOf(data.xyCov);
  const denominator = varX - meanXVar;
  let beta = denominator > 0 ? (covXY - meanXYCov) / denominator : covXY / varX;
  let alpha = yMean - beta * xMean;
  const residual = Float64Array.from(x, (xi, i) => y[i] - alpha - beta * xi);
  let sigsqr = Math.max(sampleVariance(y) - meanYVar - beta * (covXY - meanXYCov), 0.05 * sampleVariance(residual));

  // (α, β) dispersed by a bivariate Student t around the estimate: Σ = σ² (XᵀX)⁻¹ (linmix_err.pro)
  let sx = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sx += x[i];
    sxx += x[i] * x[i];
  }
  const det = n * sxx - sx * sx;
  const s11 = (sxx / det) * sigsqr;
  const s12 = (-sx / det) * sigsqr;
  const s22 = (n / det) * sigsqr;
  const l11 = Math.sqrt(s11);
  const l21 = s12 / l11;
  const l22 = Math.sqrt(Math.max(s22 - l21 * l21, 0));
  const z1 = random.normal();
  const z2 = random.normal();
  const t = Math.sqrt(START_DOF / chiSquareDeviate(random, START_DOF));
  alpha += l11 * z1 * t;
  beta += (l21 * z1 + l22 * z2) * t;
  const halfN = Math.max(1, Math.floor(n / 2));
  sigsqr *= halfN / chiSquareDeviate(random, halfN);

  const xMin = Math.min(...x);
  const xMax = Math.max(...x);
  const medianX = median(x);
  let mu0 = NaN;
  while (!(mu0 > xMin && mu0 < xMax)) {
    mu0 = medianX + (Math.sqrt(varX / n) * random.normal()) / Math.sqrt(START_DOF / chiSquareDeviate(random, START_DOF));
  }
  let wsqr = Math.max(varX - median(data.xVar), 0.01 * varX);
  wsqr *= halfN / chiSquareDeviate(random, halfN);
  const usqr = 0.5 * varX;
  const tausqr = new Float64Array(K);
  const mu = new Float64Array(K);
  for (let k = 0; k < K; k++) tausqr[k] = (0.5 * wsqr * START_DOF) / chiSquareDeviate(random, START_DOF);
  for (let k = 0; k < K; k++) mu[k] = mu0 + Math.sqrt(wsqr) * random.normal();

  const group = new Int32Array(n);
  const nk = new Float64Array(K);
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    for (let k = 0; k < K; k++) {
      const d = Math.abs(x[i] - mu[k]);
      if (d < best) {
        best = d;
        group[i] = k;
      }
    }
    nk[group[i]]++;
  }
  const pi = new Float64Array(K);
  dirichletDeviateInto(random, Float64Array.from(nk, (c) => c + 1), pi);
  return {
    alpha, beta, sigsqr,
    xi: Float64Array.from(x),
    eta: Float64Array.from(y),
    group, pi, mu, tausqr, nk,
    mu0, usqr, wsqr,
    usqrMax: 1.5 * varX,
    work: new Float64Array(K),
    constants: new Float64Array(2 * K),
  };
}
