// The [N II]/Hα–[O III]/Hβ (BPT; Baldwin, Phillips & Terlevich 1981) demarcation curves: Kewley et al. 2001 (ApJ 556,
// 121, eq. 5) "maximum starburst" and Kauffmann et al. 2003 (MNRAS 346, 1055, eq. 1), with their asymptotes
// (coefficients: METHODS-REFERENCE §3.1–3.2).

/** Kewley et al. 2001's curve has its pole at log([N II]/Hα) = 0.47; at or beyond it every point is AGN. */
export const KEWLEY2001_N2_ASYMPTOTE = 0.47;
/** Kauffmann et al. 2003's curve has its pole at log([N II]/Hα) = 0.05; at or beyond it no point is star-forming. */
export const KAUFFMANN2003_N2_ASYMPTOTE = 0.05;

/** Kewley et al. 2001 eq. 5: log([O III]/Hβ) = 0.61/(N2 − 0.47) + 1.19, for N2 < 0.47 (NaN at and beyond the pole). */
export function kewley2001BptO3(n2: number): number {
  return n2 < KEWLEY2001_N2_ASYMPTOTE ? 0.61 / (n2 - 0.47) + 1.19 : NaN;
}

/** Kauffmann et al. 2003 eq. 1: log([O III]/Hβ) = 0.61/(N2 − 0.05) + 1.30, for N2 < 0.05 (NaN at and beyond the pole). */
export function kauffmann2003BptO3(n2: number): number {
  return n2 < KAUFFMANN2003_N2_ASYMPTOTE ? 0.61 / (n2 - 0.05) + 1.3 : NaN;
}

/** A sampled curve for plotting: x and y of equal length. */
export interface SampledCurve {
  x: Float64Array;
  y: Float64Array;
}

export interface BptCurveOptions {
  /** Left end of the sampled log([N II]/Hα) (default −2.5, the paper's N2 range). */
  n2Min?: number;
  /** Points per curve (default 200). */
  points?: number;
  /** Curves are cut where they fall below this log([O III]/Hβ) on the way into the pole (default −1.5). */
  o3Min?: number;
}

/**
 * Kewley 2001 and Kauffmann 2003 sampled from n2Min up to where they drop below o3Min next to their poles, for plots:
 * x = log([N II]/Hα), y = log([O III]/Hβ). Each stops at its asymptote, never wraps around it.
 */
export function bptDemarcationCurves(options: BptCurveOptions = {}): { kewley2001: SampledCurve; kauffmann2003: SampledCurve } {
  const n2Min = options.n2Min ?? -2.5;
  const points = Math.max(2, Math.floor(options.points ?? 200));
  const o3Min = options.o3Min ?? -1.5;
  const sample = (curve: (n2: number) => number, intercept: number, pole: number): SampledCurve => {
    // The curve reaches o3Min at N2 = pole + 0.61/(o3Min − intercept) (solving 0.61/(N2 − pole) + intercept = o3Min).
    const n2Max = Math.min(pole - 1e-9, pole + 0.61 / (o3Min - intercept));
    const x = new Float64Array(points);
    const y = new Float64Array(points);
    for (let i = 0; i < points; i++) {
      x[i] = n2Min + ((n2Max - n2Min) * i) / (points - 1);
      y[i] = curve(x[i]);
    }
    return { x, y };
  };
  return {
    kewley2001: sample(kewley2001BptO3, 1.19, KEWLEY2001_N2_ASYMPTOTE),
    kauffmann2003: sample(kauffmann2003BptO3, 1.3, KAUFFMANN2003_N2_ASYMPTOTE),
  };
}
