// Galaxy centre as the peak of the continuum map over rest 5500 ± 25 Å, else 6500 ± 25 Å, windows free of strong
// emission lines (Ju et al., MSA-3D §3.2).
//
// The map is the per-spaxel MEDIAN of the unmasked channels in the window by default: robust to a stray hot pixel,
// cosmic-ray residual or line wing in a few channels, and equal to the mean for a flat noise-free continuum ('mean'
// is offered). The centre is the brightest spaxel (the paper's "peak"), optionally refined to sub-spaxel precision by
// a three-point parabola through the peak and its neighbours along x and along y (refine: 'parabolic'; off by default,
// since the paper quotes no refinement and its 0.08" spaxels are already finer than the 0.2" resolution element).
import { quantileSorted } from '../stats/quantile';

/** A rest-frame continuum window. */
export interface ContinuumWindow {
  restCentreAngstrom: number;
  halfWidthAngstrom: number;
}

/** The paper's windows in order of preference: rest 5500 ± 25 Å, else 6500 ± 25 Å (Ju et al. §3.2). */
export const MSA3D_CONTINUUM_WINDOWS: readonly ContinuumWindow[] = [
  { restCentreAngstrom: 5500, halfWidthAngstrom: 25 },
  { restCentreAngstrom: 6500, halfWidthAngstrom: 25 },
];

export interface ContinuumCentreOptions {
  /**
   * Redshift that takes rest wavelengths to the cube's wavelengths, λ_cube = λ_rest (1 + z): the galaxy's z for an
   * observed-frame cube, 0 for a cube already in the rest frame. Default: cube.redshift; required when that is null.
   */
  redshift?: number;
  /** Windows tried in order; default MSA3D_CONTINUUM_WINDOWS. */
  windows?: readonly ContinuumWindow[];
  /** Per-spaxel statistic over the window's unmasked channels; default 'median'. */
  statistic?: 'median' | 'mean';
  /** Sub-spaxel refinement of the peak; default 'none'. */
  refine?: 'none' | 'parabolic';
  /** Fewest channels inside a window for it to count as covered; default 3. */
  minChannels?: number;
}

/** What the window search found. */
export interface ContinuumWindowUse extends ContinuumWindow {
  /** The window in the cube's wavelengths, Å. */
  cubeMinAngstrom: number;
  cubeMaxAngstrom: number;
  /** Channels inside the window. */
  nChannels: number;
}

export interface ContinuumCentre {
  /** Centre in 0-based spaxel coordinates (= the peak spaxel unless refined). */
  xPix: number;
  yPix: number;
  /** The brightest spaxel of the map. */
  peakXPix: number;
  peakYPix: number;
  peakValue: number;
  /** The window used and its channels. */
  window: ContinuumWindowUse;
  /** Why earlier windows were skipped (empty when the first window was used). */
  skipped: string[];
  statistic: 'median' | 'mean';
  refine: 'none' | 'parabolic';
  /** The continuum map (flux units of the cube, per channel), length nx·ny, NaN where no channel is usable. */
  map: Float64Array;
  nx: number;
  ny: number;
}

/** Thrown when no window is covered by unmasked data; `reasons` has one line per window. */
export class NoContinuumWindowError extends Error {
  readonly reasons: string[];
  constructor(message: string, reasons: string[]) {
    super(message);
    this.name = 'NoContinuumWindowError';
    this.reasons = reasons;
  }
}

/** What the continuum map reads from a cube (a `Cube` qualifies; plain arrays serve in tests). */
export interface ContinuumCubeLike {
  flux: ArrayLike<number>;
  mask: ArrayLike<number>;
  nx: number;
  ny: number;
  nWave: number;
  wavelengthAngstrom: ArrayLike<number>;
  redshift: number | null;
}

/**
 * The continuum map over one window: per spaxel the median (or mean) of flux over channels with
 * λ_rest(1+z) within the window and mask = 0 and finite flux; NaN for spaxels with none.
 */
export function continuumMap(cube: ContinuumCubeLike, channels: ArrayLike<number>, statistic: 'median' | 'mean' = 'median'): Float64Array {
  const plane = cube.nx * cube.ny;
  const map = new Float64Array(plane);
  const scratch = new Float64Array(channels.length);
  for (let i = 0; i < plane; i++) {
    let m = 0;
    for (let c = 0; c < channels.length; c++) {
      const index = channels[c] * plane + i;
      const v = cube.flux[index];
      if (cube.mask[index] === 0 && Number.isFinite(v)) scratch[m++] = v;
    }
    if (m === 0) {
      map[i] = NaN;
    } else if (statistic === 'mean') {
      let s = 0;
      for (let k = 0; k < m; k++) s += scratch[k];
      map[i] = s / m;
    } else {
      map[i] = quantileSorted(scratch.subarray(0, m).sort(), 0.5);
    }
  }
  return map;
}

/** Channels k whose wavelength lies in [λ_rest − Δ, λ_rest + Δ] · (1 + z). */
function windowChannels(wavelengthAngstrom: ArrayLike<number>, lo: number, hi: number): Uint32Array {
  const out: number[] = [];
  for (let k = 0; k < wavelengthAngstrom.length; k++) {
    const w = wavelengthAngstrom[k];
    if (w >= lo && w <= hi) out.push(k);
  }
  return Uint32Array.from(out);
}

/**
 * Offset of the vertex of the parabola through (−1, a), (0, b), (+1, c): (a − c) / (2(a − 2b + c)) (three-point
 * peak interpolation, e.g. Press et al. 2007 §10.3's parabolic step), clamped to ±0.5; 0 when not a maximum.
 */
function parabolicOffset(a: number, b: number, c: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(c)) return 0;
  const curvature = a - 2 * b + c;
  if (!(curvature < 0)) return 0;
  return Math.max(-0.5, Math.min(0.5, (a - c) / (2 * curvature)));
}

/**
 * Finds the galaxy centre as the peak of the continuum map in the first usable window (Ju et al. §3.2). A window is
 * usable when ≥ minChannels channels fall in it and at least one spaxel has an unmasked finite value there. Throws
 * NoContinuumWindowError, naming each window's problem, when none is usable: then pass the centre explicitly.
 */
export function continuumCentre(cube: ContinuumCubeLike, options: ContinuumCentreOptions = {}): ContinuumCentre {
  const where = 'continuumCentre';
  const redshift = options.redshift ?? cube.redshift;
  if (redshift == null || !(redshift >= 0) || !Number.isFinite(redshift)) {
    throw new Error(`${where}: needs the redshift of the cube's wavelengths (options.redshift; 0 for a rest-frame cube); got ${redshift}`);
  }
  const windows = options.windows ?? MSA3D_CONTINUUM_WINDOWS;
  const statistic = options.statistic ?? 'median';
  const refine = options.refine ?? 'none';
  const minChannels = options.minChannels ?? 3;
  if (statistic !== 'median' && statistic !== 'mean') throw new Error(`${where}: statistic must be 'median' or 'mean' (got ${String(statistic)})`);
  if (refine !== 'none' && refine !== 'parabolic') throw new Error(`${where}: refine must be 'none' or 'parabolic' (got ${String(refine)})`);
  if (!Number.isInteger(minChannels) || minChannels < 1) throw new Error(`${where}: minChannels must be a positive integer (got ${minChannels})`);
  const { nx, ny } = cube;
  const skipped: string[] = [];
  for (const w of windows) {
    const lo = (w.restCentreAngstrom - w.halfWidthAngstrom) * (1 + redshift);
    const hi = (w.restCentreAngstrom + w.halfWidthAngstrom) * (1 + redshift);
    const label = `rest ${w.restCentreAngstrom} ± ${w.halfWidthAngstrom} Å (${lo.toFixed(1)}–${hi.toFixed(1)} Å at z = ${redshift})`;
    const channels = windowChannels(cube.wavelengthAngstrom, lo, hi);
    if (channels.length < minChannels) {
      skipped.push(`${label}: not covered (${channels.length} channel${channels.length === 1 ? '' : 's'}, need ${minChannels})`);
      continue;
    }
    const map = continuumMap(cube, channels, statistic);
    let peak = -1;
    for (let i = 0; i < map.length; i++) if (Number.isFinite(map[i]) && (peak < 0 || map[i] > map[peak])) peak = i;
    if (peak < 0) {
      skipped.push(`${label}: all ${channels.length} channels masked or not finite in every spaxel`);
      continue;
    }
    const peakXPix = peak % nx;
    const peakYPix = (peak - peakXPix) / nx;
    let xPix = peakXPix;
    let yPix = peakYPix;
    if (refine === 'parabolic') {
      const at = (x: number, y: number) => (x >= 0 && x < nx && y >= 0 && y < ny ? map[y * nx + x] : NaN);
      xPix += parabolicOffset(at(peakXPix - 1, peakYPix), map[peak], at(peakXPix + 1, peakYPix));
      yPix += parabolicOffset(at(peakXPix, peakYPix - 1), map[peak], at(peakXPix, peakYPix + 1));
    }
    return {
      xPix,
      yPix,
      peakXPix,
      peakYPix,
      peakValue: map[peak],
      window: { ...w, cubeMinAngstrom: lo, cubeMaxAngstrom: hi, nChannels: channels.length },
      skipped,
      statistic,
      refine,
      map,
      nx,
      ny,
    };
  }
  const waves = cube.wavelengthAngstrom;
  const range = waves.length > 0 ? `${Math.min(waves[0], waves[waves.length - 1]).toFixed(1)}–${Math.max(waves[0], waves[waves.length - 1]).toFixed(1)} Å` : 'no channels';
  throw new NoContinuumWindowError(
    `${where}: no continuum window is usable (cube covers ${range}): ${skipped.join('; ')}. Give the centre explicitly.`,
    skipped,
  );
}
