// Strong-line calibrations of 12+log(O/H): Pettini & Pagel 2004 (N2 cubic and linear, O3N2), Marino et al. 2013 (N2,
// O3N2) and Dopita et al. 2016 (N2S2Hα), each with its derivative, validity range and 1σ calibration scatter
// (coefficients: METHODS-REFERENCE §3.5).
import type { StrongLineIndex } from './strong-line-indices';

/** PP04 eq. 1 (Ju et al. eq. 1): 12+log(O/H) = 9.37 + 2.03 N2 + 1.26 N2² + 0.32 N2³, valid −2.5 < N2 < −0.3. */
export function ohPp04N2Cubic(n2: number): number {
  return 9.37 + n2 * (2.03 + n2 * (1.26 + n2 * 0.32));
}

/** PP04 eq. 2: 12+log(O/H) = 8.90 + 0.57 N2, valid −2.5 < N2 < −0.3. */
export function ohPp04N2Linear(n2: number): number {
  return 8.9 + 0.57 * n2;
}

/** PP04 eq. 3: 12+log(O/H) = 8.73 − 0.32 O3N2, valid O3N2 < 2. */
export function ohPp04O3n2(o3n2: number): number {
  return 8.73 - 0.32 * o3n2;
}

/** Marino et al. 2013 eq. 4 (Tₑ-based): 12+log(O/H) = 8.743 + 0.462 N2, valid −1.6 < N2 < −0.2. */
export function ohMarino13N2(n2: number): number {
  return 8.743 + 0.462 * n2;
}

/** Marino et al. 2013 eq. 2 (Tₑ-based): 12+log(O/H) = 8.533 − 0.214 O3N2, valid −1.1 < O3N2 < 1.7. */
export function ohMarino13O3n2(o3n2: number): number {
  return 8.533 - 0.214 * o3n2;
}

/** Dopita et al. 2016 eq. 2: 12+log(O/H) = 8.77 + y + 0.45 (y + 0.3)⁵ (sign "+", see DOPITA16_N2S2HA), valid ≈ −1.1 < y < 0.5. */
export function ohDopita16N2s2ha(y: number): number {
  return 8.77 + y + 0.45 * (y + 0.3) ** 5;
}

export type CalibrationName = 'pp04-n2-cubic' | 'pp04-n2-linear' | 'pp04-o3n2' | 'm13-n2' | 'm13-o3n2' | 'd16-n2s2ha';

/** A strong-line calibration: the index it reads, the formula and its derivative, where it holds, and its scatter. */
export interface StrongLineCalibration {
  readonly name: CalibrationName;
  /** Short label for plots, e.g. 'N2 (PP04 cubic)'. */
  readonly label: string;
  readonly index: StrongLineIndex;
  /** Paper and equation. */
  readonly citation: string;
  ohFromIndex(x: number): number;
  /** d(12+log O/H)/dx, for the error propagation. */
  dOhdIndex(x: number): number;
  /** Open interval of the index over which the calibration holds. */
  readonly validRange: readonly [number, number];
  /** 1σ scatter of the calibration itself, dex (added in quadrature for the total error). */
  readonly systematicDex: number;
  /** Where the scatter comes from. */
  readonly systematicSource: string;
}

function define(c: StrongLineCalibration): StrongLineCalibration {
  return Object.freeze({ ...c, validRange: Object.freeze([...c.validRange]) as readonly [number, number] });
}

/** The paper's choice (Ju et al. §3.1, eq. 1): PP04 N2 cubic with its 0.18 dex 1σ scatter added in quadrature. */
export const PP04_N2_CUBIC = define({
  name: 'pp04-n2-cubic',
  label: 'N2 (PP04 cubic)',
  index: 'n2',
  citation: 'Pettini & Pagel 2004, MNRAS 348, L59, eq. 1',
  ohFromIndex: ohPp04N2Cubic,
  dOhdIndex: (n2) => 2.03 + n2 * (2.52 + 0.96 * n2), // d/dN2 of PP04 eq. 1
  validRange: [-2.5, -0.3],
  systematicDex: 0.18,
  systematicSource: 'Ju et al. §3.1: "systematic 1-σ uncertainty of 0.18 dex", combined in quadrature',
});

export const PP04_N2_LINEAR = define({
  name: 'pp04-n2-linear',
  label: 'N2 (PP04 linear)',
  index: 'n2',
  citation: 'Pettini & Pagel 2004, MNRAS 348, L59, eq. 2',
  ohFromIndex: ohPp04N2Linear,
  dOhdIndex: () => 0.57,
  validRange: [-2.5, -0.3],
  systematicDex: 0.18,
  systematicSource: 'Pettini & Pagel 2004, eq. 2: 1σ = 0.18 dex',
});

export const PP04_O3N2 = define({
  name: 'pp04-o3n2',
  label: 'O3N2 (PP04)',
  index: 'o3n2',
  citation: 'Pettini & Pagel 2004, MNRAS 348, L59, eq. 3',
  ohFromIndex: ohPp04O3n2,
  dOhdIndex: () => -0.32,
  validRange: [-Infinity, 2],
  systematicDex: 0.14,
  systematicSource: 'Pettini & Pagel 2004, eq. 3: 1σ = 0.14 dex',
});

export const MARINO13_N2 = define({
  name: 'm13-n2',
  label: 'N2 (M13)',
  index: 'n2',
  citation: 'Marino et al. 2013, A&A 559, A114, eq. 4',
  ohFromIndex: ohMarino13N2,
  dOhdIndex: () => 0.462,
  validRange: [-1.6, -0.2],
  systematicDex: 0.16,
  systematicSource: 'Marino et al. 2013 abstract: N2 uncertainty 0.16 dex',
});

export const MARINO13_O3N2 = define({
  name: 'm13-o3n2',
  label: 'O3N2 (M13)',
  index: 'o3n2',
  citation: 'Marino et al. 2013, A&A 559, A114, eq. 2',
  ohFromIndex: ohMarino13O3n2,
  dOhdIndex: () => -0.214,
  validRange: [-1.1, 1.7],
  systematicDex: 0.18,
  systematicSource: 'Marino et al. 2013 abstract: O3N2 uncertainty 0.18 dex',
});

/**
 * Dopita et al. 2016 N2S2Hα. The fifth-power term is "+0.45 (y + 0.3)⁵": five independent codes (spaxelsleuth among
 * them) use "+", pyMCZ's "−" sits beside a second pyMCZ error ([S II]6717 alone), and "+" keeps the calibration
 * monotonic (derivative 1 + 2.25 (y + 0.3)⁴ > 0), steepening at low y where N/O reaches its primary plateau and
 * [N II]/[S II] stops tracking O/H; "−" would make dOH/dy vanish at y = −1.12 and 0.52, i.e. at the edges of the
 * validity range. No scatter is quoted (model-based calibration): systematicDex 0, total error = statistical.
 */
export const DOPITA16_N2S2HA = define({
  name: 'd16-n2s2ha',
  label: 'N2S2Hα (D16)',
  index: 'n2s2ha',
  citation: 'Dopita et al. 2016, Ap&SS 361, 61, eq. 2',
  ohFromIndex: ohDopita16N2s2ha,
  dOhdIndex: (y) => 1 + 2.25 * (y + 0.3) ** 4,
  validRange: [-1.1, 0.5],
  systematicDex: 0,
  systematicSource: 'none quoted by Dopita et al. 2016; validity range eyeballed from their Fig. 3 (spaxelsleuth)',
});

/** Every calibration by name. */
export const STRONG_LINE_CALIBRATIONS: Readonly<Record<CalibrationName, StrongLineCalibration>> = Object.freeze({
  'pp04-n2-cubic': PP04_N2_CUBIC,
  'pp04-n2-linear': PP04_N2_LINEAR,
  'pp04-o3n2': PP04_O3N2,
  'm13-n2': MARINO13_N2,
  'm13-o3n2': MARINO13_O3N2,
  'd16-n2s2ha': DOPITA16_N2S2HA,
});

/** The calibration called `name` (or `name` itself when it is one); throws naming the known ones. */
export function strongLineCalibration(name: CalibrationName | StrongLineCalibration): StrongLineCalibration {
  if (typeof name === 'object' && name !== null) return name;
  const c = (STRONG_LINE_CALIBRATIONS as Record<string, StrongLineCalibration>)[name];
  if (!c) throw new Error(`strongLineCalibration: unknown calibration '${name}' (known: ${Object.keys(STRONG_LINE_CALIBRATIONS).join(', ')})`);
  return c;
}
