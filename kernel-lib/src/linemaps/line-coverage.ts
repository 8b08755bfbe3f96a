// Whether a redshift puts the fitted lines inside a cube's wavelength range — refused before any fit, so that a wrong
// redshift (e.g. `--z -0.5`) is an error, not a cube of empty fits.
import { vacuumToAir } from '../lines/air-vacuum';
import type { EmissionLine } from '../lines/emission-lines';
import { InputError } from '../errors/input-error';

/** A line and where it falls: observed λ = λ_rest (1 + z), in the cube's medium. */
export interface LinePlacement {
  line: EmissionLine;
  observedAngstrom: number;
  inside: boolean;
}

/** The finite [min, max] of a wavelength axis, Å. */
export function wavelengthRangeAngstrom(wavelengthAngstrom: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < wavelengthAngstrom.length; i++) {
    const w = wavelengthAngstrom[i];
    if (!Number.isFinite(w)) continue;
    if (w < lo) lo = w;
    if (w > hi) hi = w;
  }
  return [lo, hi];
}

/** Where each line falls at `redshift` on the axis `wavelengthAngstrom` (vacuum rest wavelengths, converted to air when asked). */
export function placeLines(wavelengthAngstrom: ArrayLike<number>, redshift: number, medium: 'vacuum' | 'air', lines: readonly EmissionLine[]): LinePlacement[] {
  const [lo, hi] = wavelengthRangeAngstrom(wavelengthAngstrom);
  return lines.map((line) => {
    const rest = medium === 'air' ? vacuumToAir(line.restWavelengthAngstrom) : line.restWavelengthAngstrom;
    const observedAngstrom = rest * (1 + redshift);
    return { line, observedAngstrom, inside: observedAngstrom >= lo && observedAngstrom <= hi };
  });
}

/**
 * Throws InputError ('out-of-range') unless every one of `required` falls inside the axis at `redshift`; the message
 * names the line, where it falls and the axis range.
 */
export function checkLinesInCube(where: string, wavelengthAngstrom: ArrayLike<number>, redshift: number, medium: 'vacuum' | 'air', required: readonly EmissionLine[]): void {
  const [lo, hi] = wavelengthRangeAngstrom(wavelengthAngstrom);
  for (const p of placeLines(wavelengthAngstrom, redshift, medium, required)) {
    if (!p.inside) {
      throw new InputError('out-of-range', where,
        `at z = ${redshift} ${p.line.label} falls at ${p.observedAngstrom.toFixed(1)} Å, outside the cube's ${lo.toFixed(1)}–${hi.toFixed(1)} Å (${medium}); check the redshift`);
    }
  }
}
