// SIMULATED 1-D spectra with stellar Balmer troughs for injection–recovery of the trough, continuum and line-width
// models (spectra/stellar-absorption.ts, local-continua.ts, lineWidths), used by test/stellar-absorption.test.ts,
// test/local-continua.test.ts, test/line-widths.test.ts and scripts/balmer-trough-recovery.ts.
// The troughs' shapes are deliberately not only the fitter's Lorentzian: 'gauss' (a Gaussian of the FWHM), 'sim' (the
// simulator's: half a Gaussian core of the FWHM, half Lorentzian wings of twice it; simulate/simulate-cube.ts) and
// 'lorentz'. The continuum is flat, or curved with two Gaussian metal features (depth 6 %, FWHM 59 Å at rest 5015 Å,
// like Lick Fe5015; 3 %, FWHM 47 Å at 6700 Å), as in test/local-continua.test.ts. Weak emission lines (rest EW: Hβ 3,
// [O III] 5007 2, Hα 12, [N II] 6584 5, [S II] 2 + 1.5 Å, × ewScale; doublet partners at their ratios), σ_int 80 km/s
// (or one σ for the Balmer lines and another for the rest), a SAMI-like
// LSF (FWHM 1.6 Å), 1 Å pixels over rest 4650–7000 Å at z = 0.05, white noise of 1/snr of the continuum; seeded.
import { emissionLine } from '../../kernel-lib/src/lines/emission-lines';
import { seededRandom } from '../../kernel-lib/src/stats/random';
import { SPEED_OF_LIGHT_KMS } from '../../kernel-lib/src/constants/physical';

export const TROUGH_SPECTRUM_Z = 0.05;
export const TROUGH_SPECTRUM_LSF_FWHM_ANGSTROM = 1.6;
export type TroughShape = 'gauss' | 'sim' | 'lorentz';

const LINE_EW_REST: Record<string, number> = {
  hb: 3, oiii4959: 2 / 2.98, oiii5007: 2, nii6548: 5 / 3.05, ha: 12, nii6584: 5, sii6717: 2, sii6731: 1.5,
};
const FWHM_PER_SIGMA = 2 * Math.sqrt(2 * Math.LN2);
const gaussian = (d: number, fwhm: number) => Math.exp(-0.5 * (d / (fwhm / FWHM_PER_SIGMA)) ** 2) / (Math.sqrt(2 * Math.PI) * (fwhm / FWHM_PER_SIGMA));
const lorentzian = (d: number, fwhm: number) => fwhm / 2 / (Math.PI * (d * d + (fwhm / 2) ** 2));

/** The unit-area trough profile of `shape` at rest offset d (Å) for rest FWHM `fwhm` (Å). */
export function troughShapeProfile(shape: TroughShape, d: number, fwhm: number): number {
  if (shape === 'gauss') return gaussian(d, fwhm);
  if (shape === 'lorentz') return lorentzian(d, fwhm);
  return 0.5 * gaussian(d, fwhm) + 0.5 * lorentzian(d, 2 * fwhm);
}

export interface TroughSpectrumSpec {
  seed: number;
  shape: TroughShape;
  fwhmRestAngstrom: number;
  /** Rest EWs of the Hβ and Hα troughs, Å. */
  ewRestAngstrom: { hb: number; ha: number };
  snr: number;
  curved: boolean;
  /** Intrinsic σ of the Balmer lines and of the others, km/s (default 80 and 80). */
  sigmaBalmerKms?: number;
  sigmaForbiddenKms?: number;
  /** Scale of every emission line's EW (default 1). */
  ewScale?: number;
}

/** One spectrum: observed wavelengths (Å), flux, error, and each line's injected flux. */
export function troughSpectrum(spec: TroughSpectrumSpec): { lam: number[]; flux: Float64Array; err: Float64Array; truth: Record<string, number> } {
  const z = TROUGH_SPECTRUM_Z;
  const rng = seededRandom(spec.seed);
  const lam: number[] = [];
  for (let l = 4650 * (1 + z); l < 7000 * (1 + z); l += 1) lam.push(l);
  const stellar = (rest: number) => {
    if (!spec.curved) return 1;
    const t = (rest - 5800) / 1000;
    const c = 1 + 0.15 * t - 0.08 * t * t;
    return c * (1 - 0.06 * Math.exp(-0.5 * ((rest - 5015) / (59 / FWHM_PER_SIGMA)) ** 2) - 0.03 * Math.exp(-0.5 * ((rest - 6700) / (47 / FWHM_PER_SIGMA)) ** 2));
  };
  const flux = new Float64Array(lam.length);
  const err = new Float64Array(lam.length).fill(1 / spec.snr);
  const truth: Record<string, number> = {};
  const { sigmaBalmerKms = 80, sigmaForbiddenKms = 80, ewScale = 1 } = spec;
  for (const [name, ew] of Object.entries(LINE_EW_REST)) truth[name] = ew * ewScale * (1 + z) * stellar(emissionLine(name).restWavelengthAngstrom);
  for (let i = 0; i < lam.length; i++) {
    const rest = lam[i] / (1 + z);
    let f = stellar(rest);
    for (const name of ['hb', 'ha'] as const) {
      const r = emissionLine(name).restWavelengthAngstrom;
      f -= spec.ewRestAngstrom[name] * stellar(r) * troughShapeProfile(spec.shape, rest - r, spec.fwhmRestAngstrom);
    }
    for (const name of Object.keys(LINE_EW_REST)) {
      const mu = emissionLine(name).restWavelengthAngstrom * (1 + z);
      const sigma = name === 'ha' || name === 'hb' ? sigmaBalmerKms : sigmaForbiddenKms;
      const s = Math.hypot((mu * sigma) / SPEED_OF_LIGHT_KMS, TROUGH_SPECTRUM_LSF_FWHM_ANGSTROM / FWHM_PER_SIGMA);
      f += (truth[name] / (Math.sqrt(2 * Math.PI) * s)) * Math.exp(-0.5 * ((lam[i] - mu) / s) ** 2);
    }
    flux[i] = f + rng.normal(0, err[i]);
  }
  return { lam, flux, err, truth };
}

export interface StellarSpectrumOptions {
  sigmaBalmerKms?: number;
  sigmaForbiddenKms?: number;
  /** Continuum S/N per pixel (default 40). */
  snr?: number;
  ewScale?: number;
  /** Rest EW of the Hβ trough, Å; Hα's is 3/4 of it (default 4). */
  troughEwAngstrom?: number;
}

/**
 * The continuum and line-width injections' spectrum: curved continuum with its metal features, Gaussian Balmer troughs
 * of rest FWHM 20 Å (not the fitter's Lorentzian) of EW troughEwAngstrom (Hβ) and 3/4 of it (Hα).
 */
export function simulateStellarSpectrum(seed: number, options: StellarSpectrumOptions = {}) {
  const { snr = 40, troughEwAngstrom = 4, ...widths } = options;
  return troughSpectrum({
    seed, shape: 'gauss', fwhmRestAngstrom: 20, ewRestAngstrom: { hb: troughEwAngstrom, ha: 0.75 * troughEwAngstrom }, snr, curved: true, ...widths,
  });
}
