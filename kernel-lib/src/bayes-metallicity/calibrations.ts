// Expected line ratios to Hβ as functions of 12+log(O/H), with their intrinsic scatter, for Wang et al. 2020 Eq. 2:
// Case-B Balmer ratios, Maiolino et al. 2008 (A&A 488, 463) [O III]/Hβ and [O II]/Hβ, Curti et al. 2020 [S II]/Hα.
import type { NebularLine } from './nebular-lines';
import { CASE_B_HALPHA_HBETA, CASE_B_HGAMMA_HBETA } from '../lines/case-b';

/** Solar reference of the Maiolino 2008 and Curti 2020 polynomials: x = 12 + log(O/H) − 8.69. */
export const SOLAR_OH = 8.69;


/**
 * Maiolino et al. 2008 polynomials, log R = Σ cᵢ xⁱ, lowest order first (their Table 4; read from pyMCZ `M08_coefs`
 * and two other codebases, METHODS-REFERENCE §3.6 [V×3]).
 */
export const MAIOLINO2008_O3HB: readonly number[] = [0.1549, -1.5031, -0.979, -0.0297];
export const MAIOLINO2008_O2HB: readonly number[] = [0.5603, 0.045, -1.8017, -1.8434, -0.6549];

/**
 * Curti et al. 2020 (MNRAS 491, 944) Table 2, S2 = log(([S II]6717 + 6731)/Hα): c = (−0.442, −0.360, −6.271, −8.339,
 * −3.559), x = 12+log(O/H) − 8.69. Read from ≥ 4 independent public codes that agree to every digit (one of them
 * quotes the whole Table 2 row). A substitute: Wang et al. 2020 used their own [S II]/Hα calibration (Wang et al.
 * 2017), whose coefficients we could not read.
 */
export const CURTI2020_S2: readonly number[] = [-0.442, -0.36, -6.271, -8.339, -3.559];

/** 12+log(O/H) range over which the Curti 2020 S2 polynomial is evaluated; outside it the ratio is held at the edge value. */
export const CURTI2020_S2_RANGE: readonly [number, number] = [7.6, 8.9];

/**
 * Flat-prior range of 12+log(O/H): 7.0–9.2, the metallicity range of the Maiolino 2008 calibration sample (the
 * validity bounds written next to these coefficients in public code, e.g. "if OH > 9.2 or OH < 7.0: outside of
 * Maiolino+08 calibration range"; pyMCZ keeps roots in 7.1–9.4).
 */
export const MAIOLINO2008_OH_RANGE: readonly [number, number] = [7.0, 9.2];

/**
 * Intrinsic scatter σ(log R) in dex of each calibration, used as σ_R = R·ln10·σ(log R) in Eq. 2's denominator.
 * Wang et al. 2017/2020 do not print their values in the text we could read, nor does METHODS-REFERENCE (§3.6 [U]).
 * Adopted: the rms of log R about the Curti et al. 2020 calibrations of the same ratios (their Table 2 as quoted in
 * public code: R3 = [O III]/Hβ 0.09, R2 = [O II]/Hβ 0.11, S2 0.11) [U: read from a code comment, not the paper];
 * Balmer ratios 0 (Case B is a fixed atomic-physics ratio; Wang et al. give it no scatter). All are options.
 */
export const DEFAULT_LOG_SCATTER_DEX: Readonly<Record<NebularLine, number>> = {
  OII3727: 0.11,
  Hgamma: 0,
  Hbeta: 0,
  OIII5007: 0.09,
  Halpha: 0,
  SII6717_31: 0.11,
};

/** Horner evaluation of Σ cᵢ xⁱ. */
export function polynomial(coefficients: ArrayLike<number>, x: number): number {
  let s = 0;
  for (let i = coefficients.length - 1; i >= 0; i--) s = s * x + coefficients[i];
  return s;
}

/**
 * Expected flux ratio R = F(line)/F(Hβ) at metallicity oh (Wang et al. 2020 §3.6): 1 for Hβ, 0.47 for Hγ, 2.86 for
 * Hα, 10^(M08 polynomial) for [O III]5007 and [O II]3727, 2.86 × 10^(C20 S2 polynomial) for [S II].
 */
export function expectedRatioToHbeta(line: NebularLine, oh: number): number {
  const x = oh - SOLAR_OH;
  switch (line) {
    case 'Hbeta':
      return 1;
    case 'Hgamma':
      return CASE_B_HGAMMA_HBETA;
    case 'Halpha':
      return CASE_B_HALPHA_HBETA;
    case 'OIII5007':
      return 10 ** polynomial(MAIOLINO2008_O3HB, x);
    case 'OII3727':
      return 10 ** polynomial(MAIOLINO2008_O2HB, x);
    case 'SII6717_31': {
      const clamped = Math.min(CURTI2020_S2_RANGE[1], Math.max(CURTI2020_S2_RANGE[0], oh)) - SOLAR_OH;
      return CASE_B_HALPHA_HBETA * 10 ** polynomial(CURTI2020_S2, clamped);
    }
    default:
      throw new Error(`expectedRatioToHbeta: unknown line ${String(line)}`);
  }
}
