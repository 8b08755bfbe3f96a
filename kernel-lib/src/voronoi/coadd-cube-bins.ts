// Co-adding the spectra of a cube's spaxels bin by bin (summed flux, errors added in quadrature), giving a cube of one
// "spaxel" per bin that fitCube can fit — the binned spectra of Wang et al. 2020 §3.6: metallicities in Voronoi bins.
import type { Cube } from '../io/cube';
import { InputError } from '../errors/input-error';

/**
 * A cube with nx = nBins, ny = 1: spaxel b holds Σ flux of the spaxels with binIndex = b in each channel, and
 * √Σ error² (the errors of different spaxels taken as independent). A channel is masked in a bin when any member is
 * masked there (a partial sum would bias the line fit). Surface-brightness units (MJy/sr) stay as they are: fitCube's
 * conversion with one spaxel's solid angle then gives the bin's total flux. Spaxels with binIndex < 0 are ignored.
 * The input cube is not modified.
 */
export function coaddCubeBins(cube: Cube, binIndex: ArrayLike<number>, nBins: number): Cube {
  const where = 'coaddCubeBins';
  const plane = cube.nx * cube.ny;
  if (binIndex == null || binIndex.length !== plane) {
    throw new InputError('length-mismatch', where, `binIndex has ${binIndex?.length} entries, the cube ${plane} spaxels (${cube.nx} × ${cube.ny})`);
  }
  if (!Number.isInteger(nBins) || nBins < 1) throw new InputError('out-of-range', where, `nBins must be a positive integer (got ${nBins})`);
  const members = new Int32Array(nBins);
  for (let s = 0; s < plane; s++) {
    const b = binIndex[s];
    if (!Number.isInteger(b) || b >= nBins) throw new InputError('out-of-range', where, `binIndex[${s}] = ${b} is not an integer below nBins = ${nBins}`);
    if (b >= 0) members[b]++;
  }
  for (let b = 0; b < nBins; b++) if (members[b] === 0) throw new InputError('inconsistent', where, `bin ${b} has no spaxel`);

  const flux = new Float64Array(nBins * cube.nWave);
  const variance = cube.error ? new Float64Array(nBins * cube.nWave) : null;
  const mask = new Uint8Array(nBins * cube.nWave);
  for (let k = 0; k < cube.nWave; k++) {
    const offset = k * plane;
    const out = k * nBins;
    for (let s = 0; s < plane; s++) {
      const b = binIndex[s];
      if (b < 0) continue;
      const i = offset + s;
      if (cube.mask[i]) {
        mask[out + b] = 1;
        continue;
      }
      flux[out + b] += cube.flux[i];
      if (variance) variance[out + b] += cube.error![i] * cube.error![i];
    }
  }
  for (let i = 0; i < mask.length; i++) {
    if (mask[i]) {
      flux[i] = NaN;
      if (variance) variance[i] = NaN;
    } else if (variance) variance[i] = Math.sqrt(variance[i]);
  }
  return {
    flux,
    error: variance,
    mask,
    nx: nBins,
    ny: 1,
    nWave: cube.nWave,
    wavelengthAngstrom: Float64Array.from(cube.wavelengthAngstrom),
    airWavelengths: cube.airWavelengths,
    pixelScaleArcsec: cube.pixelScaleArcsec,
    fluxUnit: cube.fluxUnit,
    redshift: cube.redshift,
    header: { ...cube.header, VORBINS: nBins },
    source: { ...cube.source, path: `${cube.source.path} [${nBins} Voronoi bins]` },
  };
}
