// Intrinsic (dust-free) emission-line fluxes relative to Hα of a star-forming region of given 12+log(O/H), and of a
// Seyfert-like narrow-line AGN core: the spectral content of every simulated spaxel.
import type { LineName } from '../lines/emission-lines';
import { NII_DOUBLET_RATIO, OIII_DOUBLET_RATIO } from '../lines/doublet-ratios';
import { CASE_B_HALPHA_HBETA } from '../lines/case-b';
import { logNiiSiiFromOhDopita16, n2FromOhPp04, o3FromOhPp04 } from '../abundance/inverse-calibrations';
import type { CalibrationName } from '../abundance/calibrations';

/** The lines the simulator injects, bluest first. */
export const SIMULATED_LINES: readonly LineName[] = Object.freeze(['hb', 'oiii4959', 'oiii5007', 'nii6548', 'ha', 'nii6584', 'sii6717', 'sii6731'] as LineName[]);

/**
 * [S II] 6717/6731 = 1.3, the ratio at n_e ≈ 100–200 cm⁻³ and T = 10⁴ K (Osterbrock & Ferland 2006, Fig. 5.8), the
 * densities of z ~ 1–2 star-forming galaxies (e.g. Sanders et al. 2016, ApJ 816, 23). A choice, not a measurement.
 */
export const SII_DOUBLET_RATIO = 1.3;

/** Flux of each simulated line divided by Hα (Hα itself = 1), plus the log ratios that produced them. */
export interface LineRatioSet {
  relativeToHalpha: Record<LineName, number>;
  /** log([N II]6584/Hα). */
  n2: number;
  /** log([O III]5007/Hβ). */
  o3: number;
  /** log(([S II]6717 + 6731)/Hα). */
  s2: number;
}

function ratioSet(n2: number, o3: number, logNiiSii: number, halphaHbeta: number): LineRatioSet {
  const nii6584 = 10 ** n2;
  const hb = 1 / halphaHbeta;
  const oiii5007 = hb * 10 ** o3;
  const siiTotal = nii6584 / 10 ** logNiiSii;
  const sii6731 = siiTotal / (1 + SII_DOUBLET_RATIO);
  const relativeToHalpha = {
    hb,
    oiii4959: oiii5007 / OIII_DOUBLET_RATIO.ratio, // fixed atomic ratio, same value as the fitter (spectra/lines)
    oiii5007,
    nii6548: nii6584 / NII_DOUBLET_RATIO.ratio, // fixed atomic ratio, same value as the fitter (spectra/lines)
    ha: 1,
    nii6584,
    sii6717: siiTotal - sii6731,
    sii6731,
  } as Record<LineName, number>;
  return { relativeToHalpha, n2, o3, s2: Math.log10(siiTotal) };
}

/**
 * The calibrations whose inverses set a star-forming spaxel's line ratios (starFormingLineRatios): each returns the
 * injected 12+log(O/H) exactly; any other calibration reads the same ratios as another abundance.
 */
export const SIMULATOR_CALIBRATIONS: readonly CalibrationName[] = Object.freeze(['pp04-n2-cubic', 'pp04-o3n2', 'd16-n2s2ha'] as CalibrationName[]);

/**
 * A star-forming region of abundance `oh`: N2 from the inverted PP04 cubic, [O III]/Hβ from PP04 O3N2, [S II] from the
 * inverted Dopita et al. 2016 N2S2Hα, Hα/Hβ = 2.86 (Case B). All three calibrations then return `oh` exactly.
 */
export function starFormingLineRatios(oh: number): LineRatioSet {
  const n2 = n2FromOhPp04(oh);
  return ratioSet(n2, o3FromOhPp04(oh, n2), logNiiSiiFromOhDopita16(oh, n2), CASE_B_HALPHA_HBETA);
}

/** The AGN narrow-line core's ratios (log). */
export interface AgnLineRatios {
  /** log([N II]6584/Hα); default −0.1 ([N II]/Hα ≈ 0.8, above the WHAN −0.4 line). */
  n2: number;
  /** log([O III]5007/Hβ); default 0.85 (Seyfert branch, above Kewley et al. 2001). */
  o3: number;
  /** log(([S II]6717+6731)/Hα); default −0.3. */
  s2: number;
  /** Hα/Hβ; default 3.1, the usual AGN narrow-line value (Halpern & Steiner 1983, ApJ 269, L37). */
  halphaHbeta: number;
}

/** Default Seyfert-like narrow-line ratios: a point in the Seyfert region of the BPT diagram (Kewley et al. 2006), our choice. */
export const DEFAULT_AGN_LINE_RATIOS: Readonly<AgnLineRatios> = Object.freeze({ n2: -0.1, o3: 0.85, s2: -0.3, halphaHbeta: 3.1 });

/** Line fluxes relative to Hα of the AGN core. */
export function agnLineRatios(ratios: AgnLineRatios = DEFAULT_AGN_LINE_RATIOS): LineRatioSet {
  return ratioSet(ratios.n2, ratios.o3, ratios.n2 - ratios.s2, ratios.halphaHbeta);
}
