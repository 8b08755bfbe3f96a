// The six nebular lines of the Wang et al. (2020, ApJ 900, 183, §3.6) metallicity inference, named as that paper names
// them, and their Cardelli, Clayton & Mathis (1989, ApJ 345, 245) k(λ) = A(λ)/E(B−V) at R_V = 3.1 at the lines' rest
// air wavelengths, taken from the one emission-line catalogue (lines/emission-lines.ts).
import { CCM89_RV, ccm89K } from '../dust/ccm89';
import { emissionLine, isCatalogueLine } from '../lines/emission-lines';
import { InputError } from '../errors/input-error';
import type { Wang2020LineName } from '../tables/wang2020-table3';

/** Line identifiers: [O II]λλ3726,3729 (sum), Hγ, Hβ, [O III]λ5007, Hα, [S II]λλ6717,6731 (sum). */
export type NebularLine = Wang2020LineName;

/** All lines, in order of wavelength. */
export const NEBULAR_LINES: readonly NebularLine[] = ['OII3727', 'Hgamma', 'Hbeta', 'OIII5007', 'Halpha', 'SII6717_31'];

/** Rest air wavelength (Å) of each line, from the catalogue: the values Wang et al. 2020 use (e.g. Hα 6562.80). */
const AIR_WAVELENGTH_ANGSTROM: Readonly<Record<NebularLine, number>> = Object.freeze(
  Object.fromEntries(NEBULAR_LINES.map((line) => [line, emissionLine(line).airWavelengthAngstrom])) as Record<NebularLine, number>,
);

/**
 * The inference's name for a line given by any catalogue name or alias ('ha' or 'Halpha' → 'Halpha'); throws a one-line
 * error for an unknown line or a catalogue line the inference does not use.
 */
export function nebularLine(nameOrAlias: string, where = 'nebularLine'): NebularLine {
  if ((NEBULAR_LINES as readonly string[]).includes(nameOrAlias)) return nameOrAlias as NebularLine;
  if (!isCatalogueLine(nameOrAlias)) {
    throw new InputError('not-one-of', where, `unknown line "${nameOrAlias}" (known: ${NEBULAR_LINES.join(', ')}, or their catalogue names)`);
  }
  const line = emissionLine(nameOrAlias);
  const match = NEBULAR_LINES.find((n) => emissionLine(n) === line);
  if (!match) throw new InputError('not-one-of', where, `line "${nameOrAlias}" is not one of the inference's lines (${NEBULAR_LINES.join(', ')})`);
  return match;
}

/** k(λ) = R_V·a(x) + b(x) of CCM89 at R_V = 3.1 for each line (Hβ 3.609, Hα 2.535, [O II] 4.771; METHODS-REFERENCE §3.8). */
export function lineExtinctionK(line: NebularLine, rv: number = CCM89_RV): number {
  return ccm89K(AIR_WAVELENGTH_ANGSTROM[line], rv);
}

/**
 * Dust attenuation factor D = 10^(0.4·A_V·k(λ)/R_V) (CCM89 eq. 1 with A_λ/A_V = k/R_V): observed = intrinsic / D,
 * de-reddened = observed × D.
 */
export function dereddeningFactor(line: NebularLine, avMag: number, rv: number = CCM89_RV): number {
  return 10 ** ((0.4 * avMag * lineExtinctionK(line, rv)) / rv);
}
