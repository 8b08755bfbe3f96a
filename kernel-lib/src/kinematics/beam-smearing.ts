// Beam smearing of a rotating disk: the velocity a one-Gaussian fit measures in a spaxel is, to first order, the
// flux-weighted mean of the line-of-sight velocities the PSF mixes into it, v_obs = [P ⊗ (F v)] / [P ⊗ F]
// (the first moment of the PSF-convolved cube; e.g. Davies et al. 2011, ApJ 741, 69, §3; Bouché et al. 2015, AJ 150, 92).
//
// The disk model is sampled on subpixels (oversampling² per spaxel), weighted by a surface-brightness map F (e.g. the
// observed Hα flux, taken as uniform over each spaxel), and taken through the same separable Gaussian-PSF and
// pixel-integration operator as the simulator (instrument/psf-operator.ts). P ⊗ F does not depend on the rotation parameters and is
// computed once; each model evaluation costs one pass of the operator over F·(2/π) arctan(R/R_t) cos θ.
import { majorAxisOffset, minorAxisOffset } from '../geometry/deproject';
import { applyAxisOperators, axisOperator, type AxisOperator } from '../instrument/psf-operator';
import { checkPsf, psfSigmaPixels, type GaussianPsf } from '../instrument/psf';

/** What the beam-smeared model needs to know of the cube's sky grid (a SpaxelRadii / GalaxyGeometry has it). */
export interface BeamSmearingGrid {
  nx: number;
  ny: number;
  /** Sky offsets of every spaxel centre from the galaxy centre, arcsec (index y·nx + x). */
  eastArcsec: ArrayLike<number>;
  northArcsec: ArrayLike<number>;
  kpcPerArcsec: number;
}

export interface BeamSmearingSpec {
  /** The Gaussian PSF, FWHM along the cube's x (NAXIS1) and y (NAXIS2) axes (MSA-3D: MSA3D_PSF, 0.20" × 0.08"). */
  psf: GaussianPsf;
  /** Surface-brightness weight of every spaxel (index y·nx + x), e.g. the Hα flux map; NaN or ≤ 0 count as no light. */
  weight: ArrayLike<number>;
  /** Subpixels per spaxel side (default 3; odd keeps a subpixel on each spaxel centre). */
  oversampling?: number;
}

/** A prepared beam-smearing operator for one cube, PA and weight map (reused across every likelihood call). */
export interface BeamSmearing {
  readonly nx: number;
  readonly ny: number;
  readonly psf: GaussianPsf;
  readonly oversampling: number;
  readonly positionAngleDeg: number;
  /** Subpixels with light: their offsets along and across the major axis (kpc) and weights. */
  readonly fineIndex: Int32Array;
  readonly majorKpc: Float64Array;
  readonly minorKpc: Float64Array;
  readonly fineWeight: Float64Array;
  /** P ⊗ F at every spaxel. */
  readonly smearedWeight: Float64Array;
  readonly opX: AxisOperator;
  readonly opY: AxisOperator;
  /** Work buffers (one operator per fit; not shared between concurrent fits). */
  readonly fine: Float64Array;
  readonly coarse: Float64Array;
  readonly scratch: Float64Array;
}

/**
 * Prepares the beam-smearing operator of a cube grid for a major axis at positionAngleDeg: subpixel offsets along
 * (toward PA) and across the major axis in kpc, the weights, and P ⊗ F.
 */
export function prepareBeamSmearing(grid: BeamSmearingGrid, positionAngleDeg: number, spec: BeamSmearingSpec): BeamSmearing {
  const where = 'prepareBeamSmearing';
  const { nx, ny } = grid;
  if (!Number.isInteger(nx) || !Number.isInteger(ny) || nx < 2 || ny < 2) throw new Error(`${where}: the grid needs nx, ny ≥ 2 (got ${nx} × ${ny}); give geometry.nx and geometry.ny`);
  const n = nx * ny;
  if (grid.eastArcsec?.length !== n || grid.northArcsec?.length !== n) throw new Error(`${where}: eastArcsec and northArcsec must have nx·ny = ${n} values`);
  if (!(grid.kpcPerArcsec > 0)) throw new Error(`${where}: kpcPerArcsec must be > 0 (got ${grid.kpcPerArcsec})`);
  if (!Number.isFinite(positionAngleDeg)) throw new Error(`${where}: positionAngleDeg must be finite (got ${positionAngleDeg})`);
  checkPsf(spec.psf, where);
  if (spec.weight?.length !== n) throw new Error(`${where}: the weight map has ${spec.weight?.length ?? 'no'} values, expected nx·ny = ${n}`);
  const s = spec.oversampling ?? 3;
  if (!Number.isInteger(s) || s < 1 || s > 9) throw new Error(`${where}: oversampling must be an integer 1–9 (got ${s})`);

  // the sky grid is linear: offsets per spaxel step along x and y, from the first spaxels
  const eastPerX = grid.eastArcsec[1] - grid.eastArcsec[0];
  const northPerX = grid.northArcsec[1] - grid.northArcsec[0];
  const eastPerY = grid.eastArcsec[nx] - grid.eastArcsec[0];
  const northPerY = grid.northArcsec[nx] - grid.northArcsec[0];
  const pixelScaleArcsec = Math.hypot(eastPerX, northPerX);
  if (!(pixelScaleArcsec > 0) || !(Math.hypot(eastPerY, northPerY) > 0)) throw new Error(`${where}: the spaxel offsets do not change across the grid`);
  const opX = axisOperator(nx, 0, s, psfSigmaPixels(spec.psf.fwhmXArcsec, pixelScaleArcsec));
  const opY = axisOperator(ny, 0, s, psfSigmaPixels(spec.psf.fwhmYArcsec, Math.hypot(eastPerY, northPerY)));

  const pa = (positionAngleDeg * Math.PI) / 180;
  const sinPa = Math.sin(pa);
  const cosPa = Math.cos(pa);
  const nxFine = opX.nFine;
  const nFine = nxFine * opY.nFine;
  const allWeights = new Float64Array(nFine);
  const index: number[] = [];
  for (let iy = 0; iy < opY.nFine; iy++) {
    for (let ix = 0; ix < nxFine; ix++) {
      const w = spec.weight[Math.floor(iy / s) * nx + Math.floor(ix / s)];
      if (!(w > 0) || !Number.isFinite(w)) continue;
      const m = iy * nxFine + ix;
      allWeights[m] = w / (s * s);
      index.push(m);
    }
  }
  if (index.length === 0) throw new Error(`${where}: the weight map has no spaxel with finite flux > 0`);
  const fineIndex = Int32Array.from(index);
  const majorKpc = new Float64Array(fineIndex.length);
  const minorKpc = new Float64Array(fineIndex.length);
  const fineWeight = new Float64Array(fineIndex.length);
  const east0 = grid.eastArcsec[0];
  const north0 = grid.northArcsec[0];
  for (let k = 0; k < fineIndex.length; k++) {
    const m = fineIndex[k];
    const ix = m % nxFine;
    const iy = (m - ix) / nxFine;
    const xc = -0.5 + (ix + 0.5) / s; // subpixel centre in spaxel coordinates
    const yc = -0.5 + (iy + 0.5) / s;
    const east = east0 + eastPerX * xc + eastPerY * yc;
    const north = north0 + northPerX * xc + northPerY * yc;
    majorKpc[k] = majorAxisOffset(east, north, sinPa, cosPa) * grid.kpcPerArcsec;
    minorKpc[k] = minorAxisOffset(east, north, sinPa, cosPa) * grid.kpcPerArcsec;
    fineWeight[k] = allWeights[m];
  }
  const scratch = new Float64Array(ny * nxFine);
  const smearedWeight = new Float64Array(n);
  applyAxisOperators(allWeights, 0, opX, opY, smearedWeight, 0, scratch);
  return {
    nx, ny, psf: { fwhmXArcsec: spec.psf.fwhmXArcsec, fwhmYArcsec: spec.psf.fwhmYArcsec }, oversampling: s, positionAngleDeg,
    fineIndex, majorKpc, minorKpc, fineWeight, smearedWeight, opX, opY,
    fine: new Float64Array(nFine), coarse: new Float64Array(n), scratch,
  };
}

/** Throws unless every listed spaxel receives light through the PSF (P ⊗ F > 0), so the smeared model is defined there. */
export function checkSmearedSpaxels(smearing: BeamSmearing, spaxelIndex: ArrayLike<number>, where: string): void {
  const n = smearing.nx * smearing.ny;
  for (let k = 0; k < spaxelIndex.length; k++) {
    const i = spaxelIndex[k];
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new Error(`${where}: spaxelIndex[${k}] = ${i} is not a spaxel of the ${smearing.nx} × ${smearing.ny} grid`);
    if (!(smearing.smearedWeight[i] > 0)) throw new Error(`${where}: spaxel ${i} gets no light from the weight map through the PSF; the beam-smeared model is undefined there`);
  }
}

/**
 * The beam-smeared line-of-sight velocity at the listed spaxels, v0 + A [P ⊗ (F a)] / [P ⊗ F] with
 * a = arctan(R/R_t) cos θ, R = √(x² + (y/cos i)²), cos θ = x/R (thin disk), A = s_rot sin i (2/π) v_c. No allocation.
 */
export function smearedVelocityInto(
  smearing: BeamSmearing,
  v0Kms: number,
  amplitudeKms: number,
  rtKpc: number,
  cosInclination: number,
  spaxelIndex: ArrayLike<number>,
  out: Float64Array,
): void {
  const { fine, fineIndex, majorKpc, minorKpc, fineWeight, coarse, smearedWeight } = smearing;
  for (let k = 0; k < fineIndex.length; k++) {
    const x = majorKpc[k];
    const r = Math.hypot(x, minorKpc[k] / cosInclination);
    fine[fineIndex[k]] = r > 0 ? fineWeight[k] * Math.atan(r / rtKpc) * (x / r) : 0;
  }
  coarse.fill(0);
  applyAxisOperators(fine, 0, smearing.opX, smearing.opY, coarse, 0, smearing.scratch);
  for (let k = 0; k < spaxelIndex.length; k++) {
    const i = spaxelIndex[k];
    out[k] = v0Kms + (amplitudeKms * coarse[i]) / smearedWeight[i];
  }
}
