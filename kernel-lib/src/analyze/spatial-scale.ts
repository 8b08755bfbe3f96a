// The kpc-per-arcsec scale of an analysis, and where it came from: given, from a distance (small angle), or from the
// redshift in a flat ΛCDM cosmology. A rest-frame cube (lines at z = 0) needs the first or the second.
import { kpcPerArcsec as kpcPerArcsecAt, MSA3D_COSMOLOGY, type FlatLambdaCdm } from '../cosmology/flat-lcdm';
import { ARCSEC_PER_RADIAN } from '../constants/astronomical-units';
import type { Provenance } from '../provenance';
import { InputError } from '../errors/input-error';
import { checkFiniteNumber } from '../errors/check-options';

export interface SpatialScaleInput {
  /** Redshift of the lines (used for the scale only when neither of the two below is given). */
  redshift: number;
  kpcPerArcsec?: number;
  /** Distance to the galaxy, Mpc (a nearby galaxy, or a rest-frame cube). */
  distanceMpc?: number;
  cosmology?: FlatLambdaCdm;
}

/** kpc per arcsec at a distance D: small-angle s = D·θ, θ = 1″ = π/648000 rad, so D[Mpc]·1000·π/648000 (e.g. Hogg 1999, §6, D_A ≈ D nearby). */
export function kpcPerArcsecAtDistance(distanceMpc: number): number {
  return (distanceMpc * 1000) / ARCSEC_PER_RADIAN;
}

/** Refuses a scale that cannot be given; call before any work. */
export function checkSpatialScaleInput(where: string, input: Omit<SpatialScaleInput, 'redshift'> & { redshift?: number }): void {
  if (input.kpcPerArcsec !== undefined && input.distanceMpc !== undefined) {
    throw new InputError('inconsistent', where, 'give kpcPerArcsec or distanceMpc, not both');
  }
  if (input.kpcPerArcsec !== undefined) checkFiniteNumber(where, 'kpcPerArcsec', input.kpcPerArcsec, { above: 0 });
  if (input.distanceMpc !== undefined) checkFiniteNumber(where, 'distanceMpc', input.distanceMpc, { above: 0 });
  if (input.kpcPerArcsec === undefined && input.distanceMpc === undefined && input.redshift !== undefined && !(input.redshift > 0)) {
    throw new InputError('missing', where,
      `the lines are at z = ${input.redshift}, which gives no kpc scale (a rest-frame cube?): give kpcPerArcsec or distanceMpc (msa3d analyze --kpc-per-arcsec X or --distance-mpc D)`);
  }
}

/** The scale and its provenance (`source` names the option, or the cosmology and redshift). */
export function spatialScale(input: SpatialScaleInput): Provenance & { value: number } {
  if (input.kpcPerArcsec !== undefined) return { value: input.kpcPerArcsec, unit: 'kpc/arcsec', source: 'given (kpcPerArcsec)' };
  if (input.distanceMpc !== undefined) {
    return { value: kpcPerArcsecAtDistance(input.distanceMpc), unit: 'kpc/arcsec', source: `distance ${input.distanceMpc} Mpc, small angle D·π/648000·1000` };
  }
  const c = input.cosmology ?? MSA3D_COSMOLOGY;
  return { value: kpcPerArcsecAt(input.redshift, c), unit: 'kpc/arcsec', source: `redshift ${input.redshift}, flat ΛCDM H0 = ${c.H0}, Ωm = ${c.Om0} (Hogg 1999)` };
}
