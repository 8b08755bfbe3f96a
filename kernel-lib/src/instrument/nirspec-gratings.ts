// The JWST NIRSpec high-resolution gratings G235H and G395H: their resolving-power curves (STScI JDox dispersion files
// jwst_nirspec_<grating>_disp.fits, R = λ / (2.2 × dλ/ds), shipped as nirspec-g235h-table.ts / nirspec-g395h-table.ts
// by scripts/make_nirspec_tables.py) and σ_inst(λ). G140H, the MSA-3D grating, has its own file (nirspec-g140h.ts).
import { NIRSPEC_G235H_TABLE } from './nirspec-g235h-table';
import { NIRSPEC_G395H_TABLE } from './nirspec-g395h-table';
import { resolutionCurve, type ResolutionCurve } from './resolution-curve';
import { dispersionFromResolution, type InstrumentalDispersion } from './line-spread-function';

function curveOf(table: readonly (readonly [number, number, number])[]): ResolutionCurve {
  return resolutionCurve(table.map((row) => row[0]), table.map((row) => row[2]));
}

/** The G235H resolving-power curve R(λ), 1.5–3.1 µm (≈ 1700–3700). */
export function nirspecG235hResolutionCurve(): ResolutionCurve {
  return curveOf(NIRSPEC_G235H_TABLE);
}

/** The G395H resolving-power curve R(λ), 2.5–5.1 µm (≈ 1700–3600; the file's last row is at 6 µm). */
export function nirspecG395hResolutionCurve(): ResolutionCurve {
  return curveOf(NIRSPEC_G395H_TABLE);
}

const cache: Partial<Record<'g235h' | 'g395h', InstrumentalDispersion>> = {};

/** σ_inst(λ) of NIRSpec G235H from its resolving-power curve (built once). */
export function nirspecG235hDispersion(): InstrumentalDispersion {
  return (cache.g235h ??= dispersionFromResolution(nirspecG235hResolutionCurve()));
}

/** σ_inst(λ) of NIRSpec G395H from its resolving-power curve (built once). */
export function nirspecG395hDispersion(): InstrumentalDispersion {
  return (cache.g395h ??= dispersionFromResolution(nirspecG395hResolutionCurve()));
}
