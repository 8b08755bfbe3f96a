// The spatial correlation of a cube's noise, measured in its line-free channels: a resampled cube (SAMI's drizzle of
// 1.6″ fibres onto 0.5″ spaxels, Sharp et al. 2015, MNRAS 446, 1551, §5) makes neighbouring spaxels covary, and a
// per-spaxel VARIANCE does not say by how much. Each spaxel's line-free channels get a weighted straight line (its
// continuum, or what continuum subtraction left), the residuals divided by the cube's σ are the noise planes, and
// their lag correlation (stats/correlated-field.ts, mapLagCorrelation) is pooled over the channels. A line flux,
// nearly linear in the channels of its spaxel, inherits that spatial correlation if it is the same in every channel
// (assumed: measured away from the lines, used for them).
import type { Cube } from '../io/cube';
import { checkFiniteNumber, checkInteger } from '../errors/check-options';
import { InputError } from '../errors/input-error';
import { kernelSigmaForLagOneCorrelation, lagOneCorrelation, mapLagCorrelation } from '../stats/correlated-field';

export interface SpatialNoiseCorrelation {
  /** Correlation at lag (dx, dy): rows dy = 0…maxLag, each dx = −maxLag…maxLag (index dx + maxLag). */
  readonly lagCorrelation: Float64Array[];
  readonly maxLag: number;
  /** Mean of the lag (1, 0) and (0, 1) correlations. */
  readonly neighbourCorrelation: number;
  /** σ (spaxels) of the separable Gaussian kernel with that lag-1 correlation (correlatedNormalField's model). */
  readonly kernelSigmaPx: number;
  /** RMS of the normalised residuals (1 if the cube's σ is right, times √(1 − 2/nChannels) for the fitted line). */
  readonly normalisedRms: number;
  /** Wavelengths (Å, as the cube's axis) of the channels used. */
  readonly channelsAngstrom: Float64Array;
}

/**
 * Measures the spatial noise correlation of `cube` in its channels farther than `maskHalfWidthAngstrom` from every
 * wavelength of `lineWavelengthsAngstrom` (in the cube's frame and medium). Throws InputError without an error cube or
 * with fewer than 5 such channels.
 */
export function measureSpatialNoiseCorrelation(
  cube: Pick<Cube, 'flux' | 'error' | 'mask' | 'nx' | 'ny' | 'nWave' | 'wavelengthAngstrom'>,
  options: { lineWavelengthsAngstrom: readonly number[]; maskHalfWidthAngstrom: number; maxLag?: number },
): SpatialNoiseCorrelation {
  const where = 'measureSpatialNoiseCorrelation';
  const halfWidth = checkFiniteNumber(where, 'maskHalfWidthAngstrom', options.maskHalfWidthAngstrom, { min: 0 });
  const maxLag = checkInteger(where, 'maxLag', options.maxLag ?? 3, { min: 1 });
  options.lineWavelengthsAngstrom.forEach((l, i) => checkFiniteNumber(where, `lineWavelengthsAngstrom[${i}]`, l, { above: 0 }));
  if (!cube.error) throw new InputError('missing', where, 'the cube has no error (VARIANCE/ERR) extension: the noise cannot be normalised');
  const { nx, ny, nWave } = cube;
  const ns = nx * ny;
  const w = cube.wavelengthAngstrom;
  const free: number[] = [];
  for (let k = 0; k < nWave; k++) if (options.lineWavelengthsAngstrom.every((l) => Math.abs(w[k] - l) > halfWidth)) free.push(k);
  if (free.length < 5) throw new InputError('too-few', where, `${free.length} channels lie farther than ${halfWidth} Å from the lines; at least 5 are needed`);
  const planes = free.map(() => new Float64Array(ns).fill(NaN));
  const x0 = free.reduce((s, k) => s + w[k], 0) / free.length;
  let sumSq = 0;
  let count = 0;
  for (let s = 0; s < ns; s++) {
    // weighted straight line over the free channels (normal equations of a 2-parameter least-squares fit)
    let S = 0; let Sx = 0; let Sy = 0; let Sxx = 0; let Sxy = 0;
    for (const k of free) {
      const i = k * ns + s;
      const f = cube.flux[i];
      const e = cube.error[i];
      if (cube.mask[i] || !(e > 0) || !Number.isFinite(f)) continue;
      const x = w[k] - x0;
      const wt = 1 / (e * e);
      S += wt; Sx += wt * x; Sy += wt * f; Sxx += wt * x * x; Sxy += wt * x * f;
    }
    const det = S * Sxx - Sx * Sx;
    if (!(det > 0)) continue;
    const b = (S * Sxy - Sx * Sy) / det;
    const a = (Sy - b * Sx) / S;
    free.forEach((k, j) => {
      const i = k * ns + s;
      const f = cube.flux[i];
      const e = cube.error![i];
      if (cube.mask[i] || !(e > 0) || !Number.isFinite(f)) return;
      const r = (f - a - b * (w[k] - x0)) / e;
      planes[j][s] = r;
      sumSq += r * r;
      count++;
    });
  }
  const lagCorrelation = mapLagCorrelation(planes, nx, ny, maxLag);
  const neighbourCorrelation = lagOneCorrelation(lagCorrelation, maxLag);
  return {
    lagCorrelation, maxLag, neighbourCorrelation,
    kernelSigmaPx: kernelSigmaForLagOneCorrelation(Math.max(0, neighbourCorrelation)),
    normalisedRms: Math.sqrt(sumSq / count),
    channelsAngstrom: Float64Array.from(free, (k) => w[k]),
  };
}
