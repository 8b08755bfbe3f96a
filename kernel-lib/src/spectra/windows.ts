// Fitting windows: rest-frame wavelength ranges, each with the lines fitted in it over one straight-line continuum;
// the MSA-3D paper's two windows are rest 4820–5100 Å (Hβ, [O III]) and 6520–6800 Å (Hα, [N II], [S II]) (Ju et al., §2.2).
import { emissionLine, type EmissionLine } from '../lines/emission-lines';

/** A rest-frame window (vacuum Å) fitted with a straight-line continuum plus one Gaussian per line. */
export interface FitWindow {
  /** Short name, e.g. 'hb-oiii'. */
  readonly name: string;
  /** Rest-frame range [low, high] in vacuum Å; the observed range is this × (1 + z). */
  readonly restRangeAngstrom: readonly [number, number];
  /** The lines modelled in the window; their rest wavelengths should lie inside the range. */
  readonly lines: readonly EmissionLine[];
}

/**
 * A window from a name, a rest range (vacuum Å) and lines given by catalogue name or as {@link EmissionLine}s.
 * Throws when the range is empty or a line falls outside it.
 */
export function defineWindow(
  name: string,
  restRangeAngstrom: readonly [number, number],
  lines: readonly (string | EmissionLine)[],
): FitWindow {
  const [low, high] = restRangeAngstrom;
  if (!(Number.isFinite(low) && Number.isFinite(high) && high > low && low > 0)) {
    throw new Error(`defineWindow '${name}': rest range must be 0 < low < high Å (got [${low}, ${high}])`);
  }
  if (lines.length === 0) throw new Error(`defineWindow '${name}': a window needs at least one line`);
  const resolved = lines.map((l) => (typeof l === 'string' ? emissionLine(l) : l));
  const seen = new Set<string>();
  for (const l of resolved) {
    if (seen.has(l.name)) throw new Error(`defineWindow '${name}': line '${l.name}' listed twice`);
    seen.add(l.name);
    if (l.restWavelengthAngstrom < low || l.restWavelengthAngstrom > high) {
      throw new Error(`defineWindow '${name}': line '${l.name}' (${l.restWavelengthAngstrom} Å) is outside [${low}, ${high}] Å`);
    }
  }
  return Object.freeze({ name, restRangeAngstrom: Object.freeze([low, high] as const), lines: Object.freeze(resolved) });
}

/** The paper's blue window: rest 4820–5100 Å with Hβ and [O III] 4959, 5007 (Ju et al., §2.2). */
export const HB_OIII_WINDOW: FitWindow = defineWindow('hb-oiii', [4820, 5100], ['hb', 'oiii4959', 'oiii5007']);

/** The paper's red window: rest 6520–6800 Å with [N II] 6548, Hα, [N II] 6584, [S II] 6717, 6731 (Ju et al., §2.2). */
export const HA_NII_SII_WINDOW: FitWindow = defineWindow('ha-nii-sii', [6520, 6800], [
  'nii6548',
  'ha',
  'nii6584',
  'sii6717',
  'sii6731',
]);

/** The two windows of the MSA-3D fit, blue first. */
export const MSA3D_WINDOWS: readonly FitWindow[] = Object.freeze([HB_OIII_WINDOW, HA_NII_SII_WINDOW]);
