// Integrated autocorrelation time of an ensemble chain: the walker-averaged normalised autocorrelation function and
// Sokal's automatic window (Goodman & Weare 2010, CAMCoS 5, 65, §3; Sokal 1997; as emcee's `autocorr.integrated_time`).
import { fftInPlace, nextPowerOfTwo } from './fft';

/** Default window constant c of Sokal's automatic windowing (emcee: c = 5). */
export const AUTOCORR_WINDOW_C = 5;

/**
 * Normalised autocorrelation ρ(τ), τ = 0…n−1, of series[offset + stride·t], t = 0…n−1, written into `out` (length n):
 * FFT of the mean-subtracted series zero-padded to 2·nextPow2(n), |F|², inverse FFT, divided by its lag-0 value
 * (emcee `autocorr.function_1d`). `re`/`im` are work arrays of length ≥ 2·nextPow2(n). A constant series gives ρ = NaN.
 */
export function autocorrelationInto(
  series: Float64Array,
  offset: number,
  stride: number,
  n: number,
  out: Float64Array,
  re: Float64Array,
  im: Float64Array,
): void {
  const size = 2 * nextPowerOfTwo(n);
  const r = re.length === size ? re : re.subarray(0, size);
  const i2 = im.length === size ? im : im.subarray(0, size);
  let mean = 0;
  for (let t = 0; t < n; t++) mean += series[offset + stride * t];
  mean /= n;
  for (let t = 0; t < size; t++) {
    r[t] = t < n ? series[offset + stride * t] - mean : 0;
    i2[t] = 0;
  }
  fftInPlace(r, i2);
  // Power spectrum |F|² is real and even, so its inverse DFT is the forward DFT divided by the length.
  for (let t = 0; t < size; t++) {
    r[t] = r[t] * r[t] + i2[t] * i2[t];
    i2[t] = 0;
  }
  fftInPlace(r, i2);
  const lag0 = r[0];
  for (let t = 0; t < n; t++) out[t] = r[t] / lag0;
}

/** Result of `integratedAutocorrelationTime`: τ per parameter, the window used and the reliability flag. */
export interface AutocorrelationTime {
  /** Integrated autocorrelation time per parameter, in steps. */
  readonly tau: Float64Array;
  /** Sokal window M chosen per parameter (the first M with M ≥ c·τ̂(M)). */
  readonly window: Int32Array;
  /** Steps used (after any discard). */
  readonly nSteps: number;
  /** True where nSteps > tol·τ for every parameter (emcee's AutocorrError test with tol = 50 by default). */
  readonly reliable: boolean;
  readonly tol: number;
}

/**
 * Integrated autocorrelation time τ_d for each parameter of an ensemble chain laid out step-major
 * (chain[(step·nWalkers + walker)·nDim + d]): ρ̄(t) = walker-mean of the normalised autocorrelations, τ̂(M) = 2 Σ_{t≤M} ρ̄(t) − 1,
 * M = the smallest index with M ≥ c·τ̂(M) (Sokal's window; Goodman & Weare 2010 §3; emcee `integrated_time`, c = 5),
 * else the last index. Steps before `discard` are skipped. `reliable` is false when nSteps ≤ tol·τ for some parameter.
 */
export function integratedAutocorrelationTime(
  chain: Float64Array,
  shape: { nSteps: number; nWalkers: number; nDim: number },
  options: { discard?: number; c?: number; tol?: number } = {},
): AutocorrelationTime {
  const where = 'integratedAutocorrelationTime';
  const { nSteps, nWalkers, nDim } = shape;
  for (const [name, v] of [['nSteps', nSteps], ['nWalkers', nWalkers], ['nDim', nDim]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`${where}: ${name} must be a positive integer (got ${v})`);
  }
  if (chain.length !== nSteps * nWalkers * nDim) {
    throw new Error(`${where}: chain has ${chain.length} values but nSteps × nWalkers × nDim = ${nSteps * nWalkers * nDim}`);
  }
  const discard = options.discard ?? 0;
  const c = options.c ?? AUTOCORR_WINDOW_C;
  const tol = options.tol ?? 50;
  if (!Number.isInteger(discard) || discard < 0 || discard >= nSteps - 1) {
    throw new Error(`${where}: discard must be an integer in [0, nSteps − 2] (got ${discard}, nSteps ${nSteps})`);
  }
  if (!(c > 0)) throw new Error(`${where}: c must be > 0 (got ${c})`);
  const n = nSteps - discard;
  const size = 2 * nextPowerOfTwo(n);
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  const spectrum = new Float64Array(size);
  const tau = new Float64Array(nDim);
  const window = new Int32Array(nDim);
  const stride = nWalkers * nDim;
  let reliable = true;
  for (let d = 0; d < nDim; d++) {
    // Walker-mean of ρ_w(t) = IDFT(P_w)(t)/IDFT(P_w)(0) = IDFT(Σ_w P_w/ΣP_w)(t)/nWalkers by linearity, P_w = |DFT(x_w − x̄_w)|²:
    // one inverse transform per parameter; two walkers share each forward transform as the real and imaginary parts.
    spectrum.fill(0);
    for (let w = 0; w < nWalkers; w += 2) {
      const paired = w + 1 < nWalkers;
      const offA = discard * stride + w * nDim + d;
      const offB = offA + nDim;
      let meanA = 0;
      let meanB = 0;
      for (let t = 0; t < n; t++) {
        meanA += chain[offA + stride * t];
        if (paired) meanB += chain[offB + stride * t];
      }
      meanA /= n;
      meanB /= n;
      for (let t = 0; t < size; t++) {
        re[t] = t < n ? chain[offA + stride * t] - meanA : 0;
        im[t] = t < n && paired ? chain[offB + stride * t] - meanB : 0;
      }
      fftInPlace(re, im);
      // Split the transform of a + ib: A_k = (F_k + F*_{N−k})/2, B_k = (F_k − F*_{N−k})/(2i) (Press et al. 2007 §12.3.2).
      let sumA = 0;
      let sumB = 0;
      for (let pass = 0; pass < 2; pass++) {
        for (let k = 0; k < size; k++) {
          const m = k === 0 ? 0 : size - k;
          const pa = ((re[k] + re[m]) ** 2 + (im[k] - im[m]) ** 2) / 4;
          const pb = ((im[k] + im[m]) ** 2 + (re[k] - re[m]) ** 2) / 4;
          if (pass === 0) {
            sumA += pa;
            sumB += pb;
          } else {
            spectrum[k] += pa / sumA + (paired ? pb / sumB : 0);
          }
        }
      }
    }
    // The summed spectrum is real and even, so its inverse DFT is its forward DFT divided by the length.
    re.set(spectrum);
    im.fill(0);
    fftInPlace(re, im);
    let cumulative = 0;
    let chosen = n - 1;
    let tauAtChosen = NaN;
    for (let t = 0; t < n; t++) {
      cumulative += re[t] / nWalkers;
      const tauHat = 2 * cumulative - 1;
      if (t === n - 1) tauAtChosen = tauHat;
      if (!(t < c * tauHat)) {
        chosen = t;
        tauAtChosen = tauHat;
        break;
      }
    }
    window[d] = chosen;
    tau[d] = tauAtChosen;
    if (!(tol * tau[d] < n)) reliable = false;
  }
  return { tau, window, nSteps: n, reliable, tol };
}
