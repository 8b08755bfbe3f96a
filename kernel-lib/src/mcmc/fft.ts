// In-place radix-2 complex fast Fourier transform (Cooley & Tukey 1965, Math. Comp. 19, 297), for the
// autocorrelation of MCMC chains; lengths must be powers of two.

/** The smallest power of two ≥ n (n ≥ 1), as emcee's `autocorr.next_pow_two`. */
export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/**
 * Forward DFT X_k = Σ_j x_j e^(−2πi jk/N) of (re, im) in place, N = re.length a power of two: bit-reversal
 * permutation followed by log₂N butterfly passes (Cooley & Tukey 1965; iterative form of Press et al. 2007, §12.2.1).
 * Twiddles come from exact cos/sin per stage offset, so rounding does not accumulate along a stage.
 */
export function fftInPlace(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  if (im.length !== n) throw new Error(`fftInPlace: re has ${n} values but im has ${im.length}`);
  if (n < 1 || (n & (n - 1)) !== 0) throw new Error(`fftInPlace: length must be a power of two (got ${n})`);
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = re[i]; re[i] = re[j]; re[j] = t;
      t = im[i]; im[i] = im[j]; im[j] = t;
    }
  }
  for (let len = 2; len <= n; len *= 2) {
    const half = len >> 1;
    const step = (-2 * Math.PI) / len;
    for (let k = 0; k < half; k++) {
      const wr = Math.cos(step * k);
      const wi = Math.sin(step * k);
      for (let start = 0; start < n; start += len) {
        const a = start + k;
        const b = a + half;
        const xr = re[b] * wr - im[b] * wi;
        const xi = re[b] * wi + im[b] * wr;
        re[b] = re[a] - xr;
        im[b] = im[a] - xi;
        re[a] += xr;
        im[a] += xi;
      }
    }
  }
}
