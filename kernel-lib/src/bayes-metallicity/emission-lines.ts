// The six nebular lines of the Wang et al. (2020, ApJ 900, 183, §3.6) metallicity inference, their rest wavelengths
// and Cardelli, Clayton & Mathis (1989, ApJ 345, 245) k(λ) = A(λ)/E(B−V) at R_V = 3.1.
import { CCM89_RV, ccm89K } from '../dust/ccm89';

/** Line identifiers: [O II]λλ3726,3729 (sum), Hγ, Hβ, [O III]λ5007, Hα, [S II]λλ6717,6731 (sum). */
export type NebularLine = 'OII3727' | 'Hgamma' | 'Hbeta' | 'OIII5007' | 'Halpha' | 'SII6717_31';

/** All lines, in order of wavelength. */
export const NEBULAR_LINES: readonly NebularLine[] = ['OII3727', 'Hgamma', 'Hbeta', 'OIII5007', 'Halpha', 'SII6717_31'];

/**
 * Rest air wavelengths in Å: [O II] 3727 (the doublet as METHODS-REFERENCE §3.8 tabulates it), Hγ 4340.47,
 * Hβ 4861.33, [O III] 5006.84, Hα 6562.80 (NIST ASD), [S II] 6723.63 = mean of 6716.44 and 6730.82.
 */
export const LINE_WAVELENGTH_ANGSTROM: Readonly<Record<NebularLine, number>> = {
  OII3727: 3727.0,
  Hgamma: 4340.47,
  Hbeta: 4861.33,
  OIII5007: 5006.84,
  Halpha: 6562.8,
  SII6717_31: 6723.63,
};

/** k(λ) = R_V·a(x) + b(x) of CCM89 at R_V = 3.1 for each line (Hβ 3.609, Hα 2.535, [O II] 4.771; METHODS-REFERENCE §3.8). */
export function lineExtinctionK(line: NebularLine, rv: number = CCM89_RV): number {
  return ccm89K(LINE_WAVELENGTH_ANGSTROM[line], rv);
}

/**
 * Dust attenuation factor D = 10^(0.4·A_V·k(λ)/R_V) (CCM89 eq. 1 with A_λ/A_V = k/R_V): observed = intrinsic / D,
 * de-reddened = observed × D.
 */
export function dereddeningFactor(line: NebularLine, avMag: number, rv: number = CCM89_RV): number {
  return 10 ** ((0.4 * avMag * lineExtinctionK(line, rv)) / rv);
}
