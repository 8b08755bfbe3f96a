// What `msa3d fit` and `analyze` fit with — LSF, redshift, medium, PSF — resolved before any work, as usage errors
// (exit 2) when the header does not say and no option does, and stated in one line on stderr.
import type { CubeInfo as Cube } from '../io/cube';
import { resolveCubeFitInputs, describeCubeFitInputs, type CubeFitInputs, type CubeFitInputOptions } from '../linemaps/cube-fit-inputs';
import { asUsageError } from './args';
import { fittingUnit } from '../linemaps/fit-cube';

/** resolveCubeFitInputs with an InputError (no redshift, unknown instrument, bad header value) as a UsageError. */
export function cubeFitInputsForCli(cube: Cube, options: CubeFitInputOptions): CubeFitInputs {
  return asUsageError(() => resolveCubeFitInputs(cube, options));
}

/** Writes the one stderr line naming the LSF, redshift and medium used (and `extra`, e.g. the PSF) with their sources. */
export function reportFitInputs(inputs: CubeFitInputs, extra?: string): void {
  process.stderr.write(`${describeCubeFitInputs(inputs.provenance)}${extra ? `; ${extra}` : ''}\n`);
}

/** Writes one stderr line when the cube's flux unit cannot be read: the fit then runs in it (never a guessed scale). */
export function reportFluxUnit(cube: Cube): void {
  const unit = fittingUnit(cube);
  if (!unit.converted) process.stderr.write(`${cube.source.path}: ${unit.rule}\n`);
}
