// One sweep of the LINMIX Gibbs sampler: every conditional draw of Kelly 2007 (ApJ 665, 1489, §6.1, steps 3–13,
// eqs. 53–103) in the order of the Python linmix (jmeyers314) and linmix_err.pro, for a K-Gaussian mixture prior on ξ.
import type { SeededRandom } from '../stats/random';
import type { LinmixData } from './linmix-data';
import type { LinmixState } from './linmix-state';
import { chiSquareDeviate, dirichletDeviateInto, gammaDeviate, scaledInverseChiSquareDeviate } from './random-deviates';

/** Updates `state` in place by one full Gibbs sweep (no allocation). */
export function gibbsSweep(data: LinmixData, s: LinmixState, random: SeededRandom): void {
  updateXi(data, s, random);
  updateEta(data, s, random);
  updateGroups(data, s, random);
  updateAlphaBeta(data, s, random);
  updateSigsqr(data, s, random);
  updatePi(s, random);
  updateMu(data, s, random);
  updateTausqr(data, s, random);
  updateMu0(s, random);
  updateUsqr(s, random);
  updateWsqr(s, random);
}

/**
 * Step 3: ξ_i | … ~ N(ξ̂_i, σ̂²_ξ,i) with σ̂⁻² = 1/(σ_x²(1 − ρ²)) + β²/σ² + 1/τ²_k and
 * ξ̂ = σ̂² [ξ̂_xy/(σ_x²(1 − ρ²)) + β(η − α)/σ² + μ_k/τ²_k], ξ̂_xy = x + σ_xy/σ_y² (η − y) (Kelly 2007, eqs. 53–58).
 * Only points with an x error are drawn; the others keep ξ = x.
 */
function updateXi(d: LinmixData, s: LinmixState, random: SeededRandom): void {
  const b2s = (s.beta * s.beta) / s.sigsqr;
  for (let i = 0; i < d.n; i++) {
    if (!d.hasXError[i]) continue;
    const k = s.group[i];
    const xVarEff = d.xVar[i] * (1 - d.xyCorr[i] * d.xyCorr[i]);
    const xiXY = d.hasYError[i] ? d.x[i] + (d.xyCov[i] / d.yVar[i]) * (s.eta[i] - d.y[i]) : d.x[i];
    const variance = 1 / (1 / xVarEff + b2s + 1 / s.tausqr[k]);
    const mean = variance * (xiXY / xVarEff + (s.beta * (s.eta[i] - s.alpha)) / s.sigsqr + s.mu[k] / s.tausqr[k]);
    s.xi[i] = random.normal(mean, Math.sqrt(variance));
  }
}

/**
 * Step 4: η_i | … ~ N(η̂_i, σ̂²_η,i), σ̂⁻² = 1/(σ_y²(1 − ρ²)) + 1/σ², η̂ = σ̂² [η_xy/(σ_y²(1 − ρ²)) + (α + β ξ)/σ²],
 * η_xy = y + σ_xy/σ_x² (ξ − x) (Kelly 2007, eqs. 66–68). Only points with a y error are drawn; the others keep η = y.
 */
function updateEta(d: LinmixData, s: LinmixState, random: SeededRandom): void {
  for (let i = 0; i < d.n; i++) {
    if (!d.hasYError[i]) continue;
    const yVarEff = d.yVar[i] * (1 - d.xyCorr[i] * d.xyCorr[i]);
    const etaXY = d.hasXError[i] ? d.y[i] + (d.xyCov[i] / d.xVar[i]) * (s.xi[i] - d.x[i]) : d.y[i];
    const variance = 1 / (1 / yVarEff + 1 / s.sigsqr);
    const mean = variance * (etaXY / yVarEff + (s.alpha + s.beta * s.xi[i]) / s.sigsqr);
    s.eta[i] = random.normal(mean, Math.sqrt(variance));
  }
}

/**
 * Step 5: G_i | … ~ Multinomial(1, q_i), q_ik ∝ π_k N(ξ_i | μ_k, τ²_k) (Kelly 2007, eqs. 73–74), in logarithms so that no
 * ξ far from every component underflows; also counts n_k (eq. 82).
 */
function updateGroups(d: LinmixData, s: LinmixState, random: SeededRandom): void {
  const K = s.mu.length;
  const q = s.work;
  const c = s.constants; // c[k] = ln π_k − ½ ln τ²_k, c[K + k] = 1/(2τ²_k)
  for (let k = 0; k < K; k++) {
    c[k] = Math.log(s.pi[k]) - 0.5 * Math.log(s.tausqr[k]);
    c[K + k] = 0.5 / s.tausqr[k];
  }
  s.nk.fill(0);
  for (let i = 0; i < d.n; i++) {
    let g = 0;
    if (K > 1) {
      let best = -Infinity;
      for (let k = 0; k < K; k++) {
        const r = s.xi[i] - s.mu[k];
        q[k] = c[k] - c[K + k] * r * r;
        if (q[k] > best) best = q[k];
      }
      let sum = 0;
      for (let k = 0; k < K; k++) {
        q[k] = Math.exp(q[k] - best);
        sum += q[k];
      }
      // categorical draw without normalising: u × Σq against the running sum
      const u = random.uniform() * sum;
      let cumulative = 0;
      g = K - 1;
      for (let k = 0; k < K - 1; k++) {
        cumulative += q[k];
        if (u < cumulative) {
          g = k;
          break;
        }
      }
    }
    s.group[i] = g;
    s.nk[g]++;
  }
}

/**
 * Step 6: (α, β) | … ~ N(ĉ, Σ̂), ĉ = (XᵀX)⁻¹Xᵀη, Σ̂ = σ²(XᵀX)⁻¹ with X = [1, ξ] (Kelly 2007, eqs. 75–77),
 * drawn through the Cholesky factor of the 2 × 2 covariance.
 */
function updateAlphaBeta(d: LinmixData, s: LinmixState, random: SeededRandom): void {
  const n = d.n;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += s.xi[i];
    sy += s.eta[i];
  }
  const xm = sx / n;
  const ym = sy / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = s.xi[i] - xm;
    sxx += dx * dx;
    sxy += dx * (s.eta[i] - ym);
  }
  const betaHat = sxy / sxx;
  const alphaHat = ym - betaHat * xm;
  // (XᵀX)⁻¹ in centred form: var α = 1/n + x̄²/Sxx, var β = 1/Sxx, cov = −x̄/Sxx
  const s11 = (1 / n + (xm * xm) / sxx) * s.sigsqr;
  const s12 = (-xm / sxx) * s.sigsqr;
  const s22 = s.sigsqr / sxx;
  const l11 = Math.sqrt(s11);
  const l21 = s12 / l11;
  const l22 = Math.sqrt(Math.max(s22 - l21 * l21, 0));
  const z1 = random.normal();
  const z2 = random.normal();
  s.alpha = alphaHat + l11 * z1;
  s.beta = betaHat + l21 * z1 + l22 * z2;
}

/** Step 7: σ² | … ~ Scaled-Inv-χ²(n − 2, s²), s² = Σ(η − α − βξ)²/(n − 2) (Kelly 2007, eqs. 78–80). */
function updateSigsqr(d: LinmixData, s: LinmixState, random: SeededRandom): void {
  let ss = 0;
  for (let i = 0; i < d.n; i++) {
    const r = s.eta[i] - s.alpha - s.beta * s.xi[i];
    ss += r * r;
  }
  const nu = d.n - 2;
  s.sigsqr = scaledInverseChiSquareDeviate(random, nu, ss / nu);
}

/** Step 8: π | G ~ Dirichlet(n_k + 1) (Kelly 2007, eqs. 81–82). */
function updatePi(s: LinmixState, random: SeededRandom): void {
  for (let k = 0; k < s.nk.length; k++) s.work[k] = s.nk[k] + 1;
  dirichletDeviateInto(random, s.work, s.pi);
}

/**
 * Step 9: μ_k | … ~ N(μ̂_k, σ̂²_μ,k), σ̂⁻² = 1/u² + n_k/τ²_k, μ̂ = σ̂² (μ₀/u² + n_k ξ̄_k/τ²_k); an empty component
 * draws from its prior N(μ₀, u²) (Kelly 2007, eqs. 83–86).
 */
function updateMu(d: LinmixData, s: LinmixState, random: SeededRandom): void {
  const K = s.mu.length;
  const sum = s.work;
  sum.fill(0);
  for (let i = 0; i < d.n; i++) sum[s.group[i]] += s.xi[i];
  for (let k = 0; k < K; k++) {
    if (s.nk[k] > 0) {
      const variance = 1 / (1 / s.usqr + s.nk[k] / s.tausqr[k]);
      const mean = variance * (s.mu0 / s.usqr + sum[k] / s.tausqr[k]);
      s.mu[k] = random.normal(mean, Math.sqrt(variance));
    } else {
      s.mu[k] = random.normal(s.mu0, Math.sqrt(s.usqr));
    }
  }
}

/** Step 10: τ²_k | … ~ Scaled-Inv-χ²(n_k + 1, (w² + Σ_{G=k}(ξ − μ_k)²)/(n_k + 1)) (Kelly 2007, eqs. 87–89). */
function updateTausqr(d: LinmixData, s: LinmixState, random: SeededRandom): void {
  const K = s.mu.length;
  const ss = s.work;
  ss.fill(0);
  for (let i = 0; i < d.n; i++) {
    const k = s.group[i];
    const r = s.xi[i] - s.mu[k];
    ss[k] += r * r;
  }
  for (let k = 0; k < K; k++) {
    const nu = s.nk[k] + 1;
    s.tausqr[k] = scaledInverseChiSquareDeviate(random, nu, (s.wsqr + ss[k]) / nu);
  }
}

/** Step 11: μ₀ | μ, u² ~ N(μ̄, u²/K) (Kelly 2007, eqs. 93–94; as the Python linmix, without linmix_err.pro's truncation to [min x, max x]). */
function updateMu0(s: LinmixState, random: SeededRandom): void {
  const K = s.mu.length;
  let m = 0;
  for (let k = 0; k < K; k++) m += s.mu[k];
  s.mu0 = random.normal(m / K, Math.sqrt(s.usqr / K));
}

/**
 * Step 12: u² | … ~ Scaled-Inv-χ²(K + 1, (w² + Σ(μ_k − μ₀)²)/(K + 1)) truncated to u² ≤ 1.5 var x by redrawing
 * (Kelly 2007, eqs. 95–97; the truncation of linmix_err.pro and the Python linmix).
 */
function updateUsqr(s: LinmixState, random: SeededRandom): void {
  const K = s.mu.length;
  let ss = 0;
  for (let k = 0; k < K; k++) ss += (s.mu[k] - s.mu0) ** 2;
  const nu = K + 1;
  const scale2 = (s.wsqr + ss) / nu;
  let usqr = Infinity;
  for (let tries = 0; !(usqr <= s.usqrMax); tries++) {
    if (tries > 100000) throw new Error('linmix: could not draw u² below its upper limit (1.5 var x) in 100000 tries');
    usqr = (nu * scale2) / chiSquareDeviate(random, nu);
  }
  s.usqr = usqr;
}

/** Step 13: w² | … ~ Gamma(a = (K + 3)/2, rate b = (1/u² + Σ1/τ²_k)/2) (Kelly 2007, eqs. 101–103). */
function updateWsqr(s: LinmixState, random: SeededRandom): void {
  const K = s.mu.length;
  let b = 1 / s.usqr;
  for (let k = 0; k < K; k++) b += 1 / s.tausqr[k];
  b *= 0.5;
  s.wsqr = gammaDeviate(random, 0.5 * (K + 3)) / b;
}
