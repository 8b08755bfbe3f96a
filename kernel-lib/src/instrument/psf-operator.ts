// The PSF operator: an elliptical Gaussian PSF (psf.ts; MSA-3D: 0.20" × 0.08", Ju et al. §2.1) applied to light
// sampled on a finer grid and integrated over each spaxel, separable along x and y. The simulator and the beam-smeared
// kinematics use the same operator.
//
// A subpixel's flux at offset d (in spaxels) from the centre of spaxel i lands in it with weight
// Φ((i − d + ½)/σ) − Φ((i − d − ½)/σ): the Gaussian PSF integrated over the pixel box. The weights of one subpixel sum
// to 1 over an unbounded row (they telescope), so the operator conserves flux except for light carried off the field.
// With pixel integration the effective FWHM is √(FWHM² + (8 ln 2) Δ²/12): ≈ 0.209" × 0.100" for 0.08" spaxels.
import { normalCdf } from '../stats/normal-cdf';
import { MSA3D_PSF, checkPsf, psfSigmaPixels, type GaussianPsf } from './psf';

/** One axis of the separable fine → coarse operator: for fine index m, weights[m·width + j] go to coarse index first[m] + j. */
export interface AxisOperator {
  readonly nFine: number;
  readonly nCoarse: number;
  readonly width: number;
  readonly first: Int32Array;
  readonly weights: Float64Array;
}

/**
 * The operator taking a fine axis (nCoarse + 2·pad spaxels, each split into `oversampling` subpixels, starting `pad`
 * spaxels before coarse pixel 0) to the nCoarse spaxels, with Gaussian σ (spaxels) and pixel integration.
 * σ = 0 gives pure pixel binning. The kernel is cut at ±6σ (weight beyond < 2e-9).
 */
export function axisOperator(nCoarse: number, pad: number, oversampling: number, sigmaPix: number): AxisOperator {
  const nFine = (nCoarse + 2 * pad) * oversampling;
  const reach = sigmaPix > 0 ? Math.ceil(6 * sigmaPix + 1) : 1;
  const width = 2 * reach + 1;
  const first = new Int32Array(nFine);
  const weights = new Float64Array(nFine * width);
  for (let m = 0; m < nFine; m++) {
    const position = -pad - 0.5 + (m + 0.5) / oversampling; // subpixel centre in coarse pixel coordinates
    const centre = Math.round(position);
    first[m] = centre - reach;
    for (let j = 0; j < width; j++) {
      const i = centre - reach + j;
      if (i < 0 || i >= nCoarse) continue; // light carried off the field
      let w: number;
      if (sigmaPix > 0) w = normalCdf((i + 0.5 - position) / sigmaPix) - normalCdf((i - 0.5 - position) / sigmaPix);
      else w = position >= i - 0.5 && position < i + 0.5 ? 1 : 0;
      weights[m * width + j] = w;
    }
  }
  return { nFine, nCoarse, width, first, weights };
}

/**
 * Applies the separable operator to one fine plane (index iy·nxFine + ix) and ADDS the result to a coarse plane
 * (index y·nx + x) at `outOffset` of `out`. `scratch` must hold ny·nxFine numbers (reused, no allocation).
 */
export function applyAxisOperators(fine: Float64Array, fineOffset: number, opX: AxisOperator, opY: AxisOperator, out: Float64Array, outOffset: number, scratch: Float64Array): void {
  const nxFine = opX.nFine;
  const nyFine = opY.nFine;
  const nx = opX.nCoarse;
  const ny = opY.nCoarse;
  scratch.fill(0, 0, ny * nxFine);
  for (let iy = 0; iy < nyFine; iy++) {
    const row = fineOffset + iy * nxFine;
    const y0 = opY.first[iy];
    const wy = iy * opY.width;
    for (let j = 0; j < opY.width; j++) {
      const w = opY.weights[wy + j];
      if (w === 0) continue;
      const target = (y0 + j) * nxFine;
      for (let ix = 0; ix < nxFine; ix++) scratch[target + ix] += w * fine[row + ix];
    }
  }
  for (let y = 0; y < ny; y++) {
    const row = y * nxFine;
    const outRow = outOffset + y * nx;
    for (let ix = 0; ix < nxFine; ix++) {
      const v = scratch[row + ix];
      if (v === 0) continue;
      const x0 = opX.first[ix];
      const wx = ix * opX.width;
      for (let j = 0; j < opX.width; j++) {
        const w = opX.weights[wx + j];
        if (w !== 0) out[outRow + x0 + j] += w * v;
      }
    }
  }
}

/**
 * Convolves a map of nx × ny spaxels with a PSF (default MSA3D_PSF) in 0.08" spaxels (default), each spaxel's flux
 * treated as uniform over its box (3 × 3 subpixels) and the result integrated over the output spaxels. Flux is conserved
 * away from the edges. A convenience for maps; the cube builder uses the operators directly on its finer grid.
 */
export function convolveWithResolutionElement(
  map: ArrayLike<number>,
  nx: number,
  ny: number,
  options: { psf?: GaussianPsf; pixelScaleArcsec?: number; oversampling?: number } = {},
): Float64Array {
  if (map.length !== nx * ny) throw new Error(`convolveWithResolutionElement: map has ${map.length} values, expected ${nx} × ${ny}`);
  const psf = options.psf ?? MSA3D_PSF;
  checkPsf(psf, 'convolveWithResolutionElement');
  const scale = options.pixelScaleArcsec ?? 0.08;
  const s = options.oversampling ?? 3;
  const opX = axisOperator(nx, 0, s, psfSigmaPixels(psf.fwhmXArcsec, scale));
  const opY = axisOperator(ny, 0, s, psfSigmaPixels(psf.fwhmYArcsec, scale));
  const fine = new Float64Array(opX.nFine * opY.nFine);
  for (let iy = 0; iy < opY.nFine; iy++) {
    for (let ix = 0; ix < opX.nFine; ix++) fine[iy * opX.nFine + ix] = map[Math.floor(iy / s) * nx + Math.floor(ix / s)] / (s * s);
  }
  const out = new Float64Array(nx * ny);
  applyAxisOperators(fine, 0, opX, opY, out, 0, new Float64Array(ny * opX.nFine));
  return out;
}

/**
 * convolveWithResolutionElement as two dense matrices on the spaxel grid, for maps convolved many times (a forward
 * model): kx[i·nx + j] is the weight of column j in column i (ky likewise for rows), built by passing unit impulses
 * through the same operator along one axis (the other axis FWHM 0: pixel binning, the identity), so the convention is
 * the one above. out = Ky · map · Kxᵀ.
 */
export interface SeparablePsfMatrices {
  readonly nx: number;
  readonly ny: number;
  readonly kx: Float64Array;
  readonly ky: Float64Array;
}

export function separablePsfMatrices(nx: number, ny: number, options: { psf: GaussianPsf; pixelScaleArcsec: number; oversampling?: number }): SeparablePsfMatrices {
  checkPsf(options.psf, 'separablePsfMatrices');
  const axis = (n: number, fwhm: number): Float64Array => {
    const k = new Float64Array(n * n);
    const impulse = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      impulse.fill(0);
      impulse[j] = 1;
      const row = convolveWithResolutionElement(impulse, n, 1, {
        psf: { fwhmXArcsec: fwhm, fwhmYArcsec: 0 }, pixelScaleArcsec: options.pixelScaleArcsec, oversampling: options.oversampling,
      });
      for (let i = 0; i < n; i++) k[i * n + j] = row[i];
    }
    return k;
  };
  return { nx, ny, kx: axis(nx, options.psf.fwhmXArcsec), ky: axis(ny, options.psf.fwhmYArcsec) };
}

/** out = Ky · map · Kxᵀ (maps index y·nx + x); `scratch` holds nx·ny numbers. Entries below 1e-12 are skipped. */
export function applySeparablePsf(m: SeparablePsfMatrices, map: ArrayLike<number>, out: Float64Array, scratch: Float64Array): void {
  const { nx, ny, kx, ky } = m;
  // rows: scratch[y·nx + i] = Σ_j kx[i·nx + j] map[y·nx + j]
  for (let y = 0; y < ny; y++) {
    for (let i = 0; i < nx; i++) {
      let s = 0;
      for (let j = 0; j < nx; j++) {
        const w = kx[i * nx + j];
        if (w > 1e-12) s += w * map[y * nx + j];
      }
      scratch[y * nx + i] = s;
    }
  }
  out.fill(0, 0, nx * ny);
  for (let y = 0; y < ny; y++) {
    for (let yy = 0; yy < ny; yy++) {
      const w = ky[y * ny + yy];
      if (!(w > 1e-12)) continue;
      for (let x = 0; x < nx; x++) out[y * nx + x] += w * scratch[yy * nx + x];
    }
  }
}
