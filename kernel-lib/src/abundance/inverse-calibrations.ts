// Strong-line calibrations run backwards: from an injected 12+log(O/H) to the line ratios a star-forming region of that
// abundance shows, so that the analysis (PP04 N2, PP04/Marino O3N2, Dopita 2016 N2S2Hα) reads the injected value back.
// The forward formulas and their derivatives live once, in calibrations.ts beside this file; coefficients: METHODS-REFERENCE
// §3.5 (Pettini & Pagel 2004, MNRAS 348, L59; Dopita et al. 2016, Ap&SS 361, 61).
import { DOPITA16_N2S2HA, PP04_N2_CUBIC, ohPp04N2Cubic } from './calibrations';

/**
 * N2 = log([N II]6584/Hα) whose PP04 cubic gives `oh`: the unique real root (dOH/dN2 = 2.03 + 2.52 N2 + 0.96 N2² > 0
 * everywhere, its discriminant 2.52² − 4·0.96·2.03 < 0), by Newton's method from the linear PP04 inverse
 * (N2 = (OH − 8.90)/0.57, Pettini & Pagel 2004) with a bisection safeguard on [−6, 2]; |residual| < 1e-12 dex.
 */
export function n2FromOhPp04(oh: number): number {
  if (!Number.isFinite(oh)) throw new Error(`n2FromOhPp04: 12+log(O/H) must be finite (got ${oh})`);
  let low = -6;
  let high = 2;
  if (ohPp04N2Cubic(low) > oh || ohPp04N2Cubic(high) < oh) throw new Error(`n2FromOhPp04: 12+log(O/H) = ${oh} is outside the cubic's range on −6 < N2 < 2`);
  let n2 = Math.min(high, Math.max(low, (oh - 8.9) / 0.57));
  for (let i = 0; i < 100; i++) {
    const residual = ohPp04N2Cubic(n2) - oh;
    if (residual > 0) high = n2;
    else low = n2;
    if (Math.abs(residual) < 1e-13) break;
    const slope = PP04_N2_CUBIC.dOhdIndex(n2);
    let next = n2 - residual / slope;
    if (!(next > low && next < high)) next = 0.5 * (low + high);
    n2 = next;
  }
  return n2;
}

/**
 * log([O III]5007/Hβ) for abundance `oh` and N2: PP04 O3N2 ≡ O3 − N2 with 12+log(O/H) = 8.73 − 0.32 O3N2
 * (Pettini & Pagel 2004; valid O3N2 < 2, i.e. 12+log(O/H) > 8.09), so O3 = (8.73 − OH)/0.32 + N2.
 */
export function o3FromOhPp04(oh: number, n2: number): number {
  return (8.73 - oh) / 0.32 + n2;
}

/**
 * log([N II]6584/([S II]6717+6731)) for abundance `oh` and N2, inverting Dopita et al. 2016 eq. 2:
 * y = log([N II]/[S II]) + 0.264 N2, and y solves 8.77 + y + 0.45 (y + 0.3)⁵ = OH (monotonic: dy-derivative 1 + 2.25 (y + 0.3)⁴ > 0).
 */
export function logNiiSiiFromOhDopita16(oh: number, n2: number): number {
  const target = oh - 8.77;
  let low = -5;
  let high = 5;
  let y = Math.min(high, Math.max(low, target));
  for (let i = 0; i < 100; i++) {
    const residual = y + 0.45 * (y + 0.3) ** 5 - target;
    if (residual > 0) high = y;
    else low = y;
    if (Math.abs(residual) < 1e-14) break;
    let next = y - residual / DOPITA16_N2S2HA.dOhdIndex(y);
    if (!(next > low && next < high)) next = 0.5 * (low + high);
    y = next;
  }
  return y - 0.264 * n2;
}

/** An index-based calibration run backwards on a table: index(OH) and dOH/dindex there, by linear interpolation. */
export interface TabulatedInverseCalibration {
  /** The index (e.g. N2) whose calibration gives `oh`; the table's end value outside its OH range. */
  indexFromOh(oh: number): number;
  /** d(12+log O/H)/d index at the index of `oh`. */
  dOhdIndexAt(oh: number): number;
  /** OH range the table covers (the calibration evaluated on its index grid). */
  readonly ohRange: readonly [number, number];
}

/**
 * Any monotonic increasing calibration OH(x) tabulated on x ∈ [xLo, xHi] (default −4 to 1 in steps of 1e-4) and read
 * backwards by linear interpolation in OH (error ≲ h²·|x''|/8 ≈ 1e-8 for PP04 N2). Throws if OH(x) is not increasing
 * there (an O3N2 calibration decreases: run it as −index, or add a branch).
 */
export function tabulateInverseCalibration(
  calibration: { name: string; ohFromIndex(x: number): number; dOhdIndex(x: number): number },
  options: { xLo?: number; xHi?: number; step?: number } = {},
): TabulatedInverseCalibration {
  const xLo = options.xLo ?? -4;
  const xHi = options.xHi ?? 1;
  const step = options.step ?? 1e-4;
  const n = Math.round((xHi - xLo) / step) + 1;
  const oh = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    oh[k] = calibration.ohFromIndex(xLo + k * step);
    if (k > 0 && !(oh[k] > oh[k - 1])) throw new Error(`tabulateInverseCalibration: ${calibration.name} is not increasing at index ${xLo + k * step}`);
  }
  const locate = (v: number): number => {
    if (v <= oh[0]) return xLo;
    if (v >= oh[n - 1]) return xHi;
    let lo = 0;
    let hi = n - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (oh[mid] <= v) lo = mid;
      else hi = mid;
    }
    return xLo + (lo + (v - oh[lo]) / (oh[hi] - oh[lo])) * step;
  };
  return {
    indexFromOh: locate,
    dOhdIndexAt: (v) => calibration.dOhdIndex(locate(v)),
    ohRange: [oh[0], oh[n - 1]] as const,
  };
}
