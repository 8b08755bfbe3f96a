// The central 12+log(O/H) of a preset: the mass prescription (scaling-relations.ts), shifted so the profile stays
// star-forming by WHAN over the radii it is simulated at.
import { prescribedCentralOh } from '../scaling-relations';
import { ohAtRadius, type MetallicityProfile } from '../metallicity-profile';

/**
 * The highest 12+log(O/H) a star-forming spaxel is given: 8.64 (PP04 N2 ≈ −0.50), 0.1 dex in N2 inside WHAN's
 * star-forming class (N2 < −0.4). Why the margin: at the presets' noise a central spaxel's N2 scatters by 0.03–0.06
 * dex, so a profile touching the boundary (8.72, N2 = −0.41, our earlier ceiling) loses its upward-scattered metal-rich
 * spaxels to the sAGN class and its gradient flattens (measured: 6430 and 8942 recovered with the wrong sign).
 */
export const MAX_STAR_FORMING_OH = 8.64;
/** The lowest 12+log(O/H) a preset's profile reaches. */
export const MIN_OH = 7.95;

/**
 * The mass-prescribed central abundance, shifted (and then rounded to 1e-4) so that `profile(oh0)` stays within
 * MIN_OH–MAX_STAR_FORMING_OH over 0–rMaxKpc (201 radii); `clipped` says whether it moved.
 */
export function centralOhWithinRange(logMstar: number, profile: (oh0: number) => MetallicityProfile, rMaxKpc: number): { oh0: number; clipped: boolean } {
  let oh0 = prescribedCentralOh(logMstar);
  const range = (oh: number) => {
    let max = -Infinity;
    let min = Infinity;
    for (let i = 0; i <= 200; i++) {
      const v = ohAtRadius(profile(oh), (rMaxKpc * i) / 200);
      max = Math.max(max, v);
      min = Math.min(min, v);
    }
    return { max, min };
  };
  const { max, min } = range(oh0);
  let clipped = false;
  if (max > MAX_STAR_FORMING_OH) { oh0 -= max - MAX_STAR_FORMING_OH; clipped = true; }
  else if (min < MIN_OH) { oh0 += Math.min(MIN_OH - min, MAX_STAR_FORMING_OH - max); clipped = true; }
  return { oh0: Math.round(oh0 * 1e4) / 1e4, clipped };
}
