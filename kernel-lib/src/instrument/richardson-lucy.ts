// Richardson–Lucy deconvolution (Richardson 1972, JOSA 62, 55; Lucy 1974, AJ 79, 745) of a non-negative map by the
// separable PSF operator of psf-operator.ts: u ← u · Kᵀ(d / K u), starting from u = d. Each step conserves the flux
// that stays in the field and keeps u ≥ 0; a few steps sharpen the map toward the light before the PSF without
// amplifying the noise much (the iteration count is the regulariser).
import { applySeparablePsf, type SeparablePsfMatrices } from './psf-operator';

function transpose(k: Float64Array, n: number): Float64Array {
  const t = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) t[j * n + i] = k[i * n + j];
  return t;
}

/** `nIter` Richardson–Lucy steps on `map` (values < 0 or not finite are taken as 0); returns the deconvolved map. */
export function richardsonLucy(psf: SeparablePsfMatrices, map: ArrayLike<number>, nIter: number): Float64Array {
  const n = psf.nx * psf.ny;
  if (map.length !== n) throw new Error(`richardsonLucy: map has ${map.length} values, expected ${psf.nx} × ${psf.ny}`);
  if (!(Number.isInteger(nIter) && nIter >= 0)) throw new Error(`richardsonLucy: nIter must be an integer ≥ 0 (got ${nIter})`);
  const psfT: SeparablePsfMatrices = { nx: psf.nx, ny: psf.ny, kx: transpose(psf.kx, psf.nx), ky: transpose(psf.ky, psf.ny) };
  const d = Float64Array.from({ length: n }, (_, i) => (Number.isFinite(map[i]) && map[i] > 0 ? map[i] : 0));
  const u = Float64Array.from(d);
  const ku = new Float64Array(n);
  const ratio = new Float64Array(n);
  const back = new Float64Array(n);
  const scratch = new Float64Array(n);
  // Kᵀ1: the fraction of each spaxel's light that stays in the field (normalises the update at the edges)
  const norm = new Float64Array(n);
  applySeparablePsf(psfT, new Float64Array(n).fill(1), norm, scratch);
  for (let it = 0; it < nIter; it++) {
    applySeparablePsf(psf, u, ku, scratch);
    for (let i = 0; i < n; i++) ratio[i] = ku[i] > 0 ? d[i] / ku[i] : 0;
    applySeparablePsf(psfT, ratio, back, scratch);
    for (let i = 0; i < n; i++) u[i] = norm[i] > 0 ? (u[i] * back[i]) / norm[i] : 0;
  }
  return u;
}
