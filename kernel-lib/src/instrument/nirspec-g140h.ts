// The JWST NIRSpec G140H grating with the F100LP filter, as MSA-3D observed (Ju et al. §2.1): its coverage, its
// dispersion and resolving-power curve (STScI exposure-time-calculator reference, 2016-08-30; R = λ / (2.2 × dλ/ds),
// shipped inside the library as nirspec-g140h-table.ts), and the instrumental σ the line fitter and simulator use.
import { NIRSPEC_G140H_TABLE } from './nirspec-g140h-table';
import { resolutionCurve, type ResolutionCurve } from './resolution-curve';
import { dispersionFromResolution, type InstrumentalDispersion } from './line-spread-function';

/** The G140H/F100LP coverage quoted by the MSA-3D paper, in µm (Ju et al. §2.1: 0.97 µm ≤ λ ≤ 1.82 µm). */
export const G140H_F100LP_RANGE_MICRON: readonly [number, number] = Object.freeze([0.97, 1.82]) as readonly [number, number];

/** The grating's dispersion dλ/ds against wavelength (µm per detector pixel). */
export interface GratingDispersionCurve {
  readonly wavelengthMicron: Float64Array;
  readonly dldsMicronPerPixel: Float64Array;
}

/** The G140H resolving-power curve R(λ), 0.5–1.9 µm (≈ 2300–3800 over the F100LP range). */
export function nirspecG140hResolutionCurve(): ResolutionCurve {
  return resolutionCurve(
    NIRSPEC_G140H_TABLE.map((row) => row[0]),
    NIRSPEC_G140H_TABLE.map((row) => row[2]),
  );
}

/** The G140H dispersion dλ/ds (µm per native detector pixel) against wavelength, 0.5–1.9 µm. */
export function nirspecG140hDispersionCurve(): GratingDispersionCurve {
  return {
    wavelengthMicron: Float64Array.from(NIRSPEC_G140H_TABLE, (row) => row[0]),
    dldsMicronPerPixel: Float64Array.from(NIRSPEC_G140H_TABLE, (row) => row[1]),
  };
}

let g140hCache: InstrumentalDispersion | null = null;

/** σ_inst(λ) of NIRSpec G140H from its resolving-power curve (built once): ≈ 37–50 km/s over 1.0–1.8 µm. */
export function nirspecG140hDispersion(): InstrumentalDispersion {
  if (!g140hCache) g140hCache = dispersionFromResolution(nirspecG140hResolutionCurve());
  return g140hCache;
}
