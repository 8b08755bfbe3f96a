// A simulated 1-D galaxy spectrum on a STELLAR continuum that is not the fitter's model, for injection–recovery of the
// continuum and line-width models (test/local-continua.test.ts, test/line-widths.test.ts): a curved (quadratic)
// continuum with a Gaussian metal feature of depth 6 %, FWHM 59 Å at rest 5015 Å (like Lick Fe5015, under [O III]
// 5007) and one of 3 %, FWHM 47 Å at rest 6700 Å (beside [S II]); Gaussian Balmer troughs of FWHM 20 Å (not the
// fitter's Lorentzian); weak emission lines of given rest EW, the Balmer lines at one intrinsic σ and the others at
// another; a SAMI-like LSF (FWHM 1.6 Å), 1 Å pixels, z = 0.05, Gaussian noise of a constant continuum S/N per pixel.
import { emissionLine } from '../../kernel-lib/src/lines/emission-lines';
import { seededRandom } from '../../kernel-lib/src/stats/random';
import { SPEED_OF_LIGHT_KMS } from '../../kernel-lib/src/constants/physical';

export const STELLAR_SPECTRUM_Z = 0.05;
export const STELLAR_SPECTRUM_LSF_FWHM = 1.6;
/** Rest EW (Å) of the injected lines at ewScale 1: Hβ 3, [O III] 5007 2, Hα 12, [N II] 6584 5, [S II] 2 + 1.5. */
export const STELLAR_SPECTRUM_EW: Readonly<Record<string, number>> = { hb: 3, oiii4959: 2 / 2.98, oiii5007: 2, nii6548: 5 / 3.05, ha: 12, nii6584: 5, sii6717: 2, sii6731: 1.5 };

export interface StellarSpectrumOptions {
  /** Intrinsic σ of the Balmer lines and of the others, km/s (default 80 and 80). */
  sigmaBalmerKms?: number;
  sigmaForbiddenKms?: number;
  /** Continuum S/N per pixel (default 40). */
  snr?: number;
  /** Scale of every line's EW (default 1). */
  ewScale?: number;
  /** Rest EW of the Hβ trough, Å; Hα's is 3/4 of it (default 4). */
  troughEwAngstrom?: number;
}

const gauss = (x: number, mu: number, fwhm: number) => Math.exp(-0.5 * ((x - mu) / (fwhm / 2.3548)) ** 2);

/** The spectrum of `seed`: wavelengths (Å), flux, error, and each line's injected flux. */
export function simulateStellarSpectrum(seed: number, options: StellarSpectrumOptions = {}) {
  const { sigmaBalmerKms = 80, sigmaForbiddenKms = 80, snr = 40, ewScale = 1, troughEwAngstrom = 4 } = options;
  const Z = STELLAR_SPECTRUM_Z;
  const rng = seededRandom(seed);
  const lam: number[] = [];
  for (let l = 4650 * (1 + Z); l < 7000 * (1 + Z); l += 1) lam.push(l);
  const stellar = (rest: number) => {
    const t = (rest - 5800) / 1000;
    let c = 1 + 0.15 * t - 0.08 * t * t; // curvature of a stellar continuum, not a straight line
    c *= 1 - 0.06 * gauss(rest, 5015, 59) - 0.03 * gauss(rest, 6700, 47); // metal features
    return c;
  };
  const flux = new Float64Array(lam.length);
  const err = new Float64Array(lam.length).fill(1 / snr);
  const truth: Record<string, number> = {};
  for (const [name, ew] of Object.entries(STELLAR_SPECTRUM_EW)) truth[name] = ew * ewScale * (1 + Z) * stellar(emissionLine(name).restWavelengthAngstrom);
  for (let i = 0; i < lam.length; i++) {
    const rest = lam[i] / (1 + Z);
    let f = stellar(rest);
    // Balmer troughs: Gaussian, area EW × C
    for (const [name, ew] of [['hb', troughEwAngstrom], ['ha', 0.75 * troughEwAngstrom]] as const) {
      const r = emissionLine(name).restWavelengthAngstrom;
      const sigmaRest = 20 / 2.3548;
      f -= (ew * stellar(r) * gauss(rest, r, 20)) / (Math.sqrt(2 * Math.PI) * sigmaRest);
    }
    for (const name of Object.keys(STELLAR_SPECTRUM_EW)) {
      const mu = emissionLine(name).restWavelengthAngstrom * (1 + Z);
      const sigma = name === 'ha' || name === 'hb' ? sigmaBalmerKms : sigmaForbiddenKms;
      const sl = Math.hypot((mu * sigma) / SPEED_OF_LIGHT_KMS, STELLAR_SPECTRUM_LSF_FWHM / 2.3548);
      f += (truth[name] / (Math.sqrt(2 * Math.PI) * sl)) * Math.exp(-0.5 * ((lam[i] - mu) / sl) ** 2);
    }
    flux[i] = f + rng.normal(0, err[i]);
  }
  return { lam, flux, err, truth };
}
