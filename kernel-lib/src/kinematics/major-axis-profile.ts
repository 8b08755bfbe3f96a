// The kinematic major-axis profile: spaxels inside a pseudo-slit of given width along the position angle, with their
// signed radius along the slit, and the profile binned in radius (Ju et al., MSA-3D §4.2.1, Fig. 4f / Fig. 5e).
//
// Conventions: sky offsets (east, north) in arcsec from the galaxy centre (geometry/deproject-spaxels.ts); the slit runs
// along PA (north through east) and the signed radius is the offset along it, positive toward PA: r = e sin PA + n cos PA
// (the same `major` as geometry/deproject.ts; on the major axis it needs no deprojection). A spaxel is in the slit when
// its distance across, |e cos PA − n sin PA|, is at most half the width.
import { majorAxisOffset, minorAxisOffset } from '../geometry/deproject';

/** What the pseudo-slit needs of the geometry (a SpaxelRadii or GalaxyGeometry has it all). */
export interface SlitGeometry {
  /** Sky offsets of every spaxel from the centre, arcsec (index y·nx + x). */
  eastArcsec: ArrayLike<number>;
  northArcsec: ArrayLike<number>;
  /** Photometric major-axis PA, degrees from north through east. */
  positionAngleDeg: number;
  /** Angular scale at the galaxy's redshift, kpc per arcsec. */
  kpcPerArcsec: number;
}

/** Default full width of the pseudo-slit, arcsec: three 0.08" MSA-3D spaxels. */
export const DEFAULT_SLIT_WIDTH_ARCSEC = 0.24;

export interface MajorAxisProfileOptions {
  /** Full width of the pseudo-slit, arcsec (default 0.24" = three 0.08" MSA-3D spaxels). */
  slitWidthArcsec?: number;
  /** PA of the slit, degrees (default geometry.positionAngleDeg, the photometric PA, as the paper). */
  positionAngleDeg?: number;
  /** Spaxels to consider: 1 = use (e.g. CubeFit.selected); default all. */
  selected?: ArrayLike<number>;
  /** Per-spaxel intrinsic dispersion, carried along for the dispersion profile (optional). */
  sigmaKms?: ArrayLike<number>;
}

/** The spaxels in the slit, sorted by signed radius. */
export interface MajorAxisProfile {
  /** Index of each spaxel in the maps. */
  index: Uint32Array;
  /** Signed offset along the slit (toward PA positive), arcsec and kpc. */
  radiusArcsec: Float64Array;
  radiusKpc: Float64Array;
  /** Offset across the slit (toward PA + 90° positive), arcsec on the sky. */
  acrossArcsec: Float64Array;
  velocityKms: Float64Array;
  velocityErrKms: Float64Array;
  /** Intrinsic σ of the same spaxels (NaN when no σ map was given). */
  sigmaKms: Float64Array;
  slitWidthArcsec: number;
  positionAngleDeg: number;
  kpcPerArcsec: number;
  /** Spaxels inside the slit skipped because velocity or its error was not finite or the error not > 0. */
  nSkipped: number;
}

/**
 * The pseudo-slit: every (selected) spaxel within slitWidth/2 of the line through the centre at PA, with finite velocity
 * and error > 0; radius r = e sin PA + n cos PA (arcsec; × kpcPerArcsec for kpc). Sorted by r.
 */
export function majorAxisProfile(
  velocityKms: ArrayLike<number>,
  velocityErrKms: ArrayLike<number>,
  geometry: SlitGeometry,
  options: MajorAxisProfileOptions = {},
): MajorAxisProfile {
  const where = 'majorAxisProfile';
  const n = velocityKms.length;
  if (velocityErrKms.length !== n) throw new Error(`${where}: velocity has ${n} spaxels but velocityErr has ${velocityErrKms.length}`);
  if (geometry.eastArcsec.length !== n || geometry.northArcsec.length !== n) {
    throw new Error(`${where}: the geometry has ${geometry.eastArcsec.length} spaxels but the maps have ${n}`);
  }
  if (options.selected && options.selected.length !== n) throw new Error(`${where}: selected has ${options.selected.length} spaxels, maps have ${n}`);
  if (options.sigmaKms && options.sigmaKms.length !== n) throw new Error(`${where}: sigma has ${options.sigmaKms.length} spaxels, maps have ${n}`);
  const width = options.slitWidthArcsec ?? DEFAULT_SLIT_WIDTH_ARCSEC;
  if (!(width > 0) || !Number.isFinite(width)) throw new Error(`${where}: slitWidthArcsec must be a finite number > 0 (got ${width})`);
  const pa = options.positionAngleDeg ?? geometry.positionAngleDeg;
  if (!Number.isFinite(pa)) throw new Error(`${where}: positionAngleDeg must be finite (got ${pa})`);
  if (!(geometry.kpcPerArcsec > 0)) throw new Error(`${where}: geometry.kpcPerArcsec must be > 0 (got ${geometry.kpcPerArcsec})`);
  const sinPa = Math.sin((pa * Math.PI) / 180);
  const cosPa = Math.cos((pa * Math.PI) / 180);
  const picked: number[] = [];
  const along: number[] = [];
  const across: number[] = [];
  let nSkipped = 0;
  for (let i = 0; i < n; i++) {
    if (options.selected && !options.selected[i]) continue;
    const e = geometry.eastArcsec[i];
    const no = geometry.northArcsec[i];
    const a = majorAxisOffset(e, no, sinPa, cosPa);
    const b = minorAxisOffset(e, no, sinPa, cosPa);
    if (!(Math.abs(b) <= width / 2 + 1e-12)) continue;
    if (!Number.isFinite(velocityKms[i]) || !(velocityErrKms[i] > 0) || !Number.isFinite(velocityErrKms[i])) {
      nSkipped++;
      continue;
    }
    picked.push(i);
    along.push(a);
    across.push(b);
  }
  const order = picked.map((_, k) => k).sort((p, q) => along[p] - along[q]);
  const m = order.length;
  const out: MajorAxisProfile = {
    index: new Uint32Array(m),
    radiusArcsec: new Float64Array(m),
    radiusKpc: new Float64Array(m),
    acrossArcsec: new Float64Array(m),
    velocityKms: new Float64Array(m),
    velocityErrKms: new Float64Array(m),
    sigmaKms: new Float64Array(m).fill(NaN),
    slitWidthArcsec: width,
    positionAngleDeg: pa,
    kpcPerArcsec: geometry.kpcPerArcsec,
    nSkipped,
  };
  order.forEach((k, j) => {
    const i = picked[k];
    out.index[j] = i;
    out.radiusArcsec[j] = along[k];
    out.radiusKpc[j] = along[k] * geometry.kpcPerArcsec;
    out.acrossArcsec[j] = across[k];
    out.velocityKms[j] = velocityKms[i];
    out.velocityErrKms[j] = velocityErrKms[i];
    if (options.sigmaKms) out.sigmaKms[j] = options.sigmaKms[i];
  });
  return out;
}

/** A major-axis profile binned in signed radius. */
export interface BinnedMajorAxisProfile {
  binWidthArcsec: number;
  /** Bin centres k · width (k integer, bins centred on the nucleus), arcsec and kpc. */
  centreArcsec: Float64Array;
  centreKpc: Float64Array;
  /** Median velocity of the spaxels in the bin, and its standard error (see binMajorAxisProfile). */
  velocityKms: Float64Array;
  velocityErrKms: Float64Array;
  /** Median intrinsic σ and its standard error (NaN without σ). */
  sigmaKms: Float64Array;
  sigmaErrKms: Float64Array;
  count: Uint32Array;
}

function medianOf(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) / 2;
  return 0.5 * (s[Math.floor(h)] + s[Math.ceil(h)]);
}

/**
 * Bins the profile in signed radius with bins [(k − ½)w, (k + ½)w): per bin the median velocity (the paper's black
 * dots, "the median observed velocity within the distance bins") with error s/√n (sample standard deviation, n ≥ 2;
 * the single spaxel's own error when n = 1), and the same for σ. Empty bins are left out.
 */
export function binMajorAxisProfile(profile: MajorAxisProfile, binWidthArcsec: number): BinnedMajorAxisProfile {
  const where = 'binMajorAxisProfile';
  if (!(binWidthArcsec > 0) || !Number.isFinite(binWidthArcsec)) throw new Error(`${where}: binWidthArcsec must be a finite number > 0 (got ${binWidthArcsec})`);
  const bins = new Map<number, number[]>();
  for (let j = 0; j < profile.radiusArcsec.length; j++) {
    const k = Math.round(profile.radiusArcsec[j] / binWidthArcsec);
    if (!bins.has(k)) bins.set(k, []);
    bins.get(k)!.push(j);
  }
  const keys = [...bins.keys()].sort((a, b) => a - b);
  const m = keys.length;
  const out: BinnedMajorAxisProfile = {
    binWidthArcsec,
    centreArcsec: new Float64Array(m),
    centreKpc: new Float64Array(m),
    velocityKms: new Float64Array(m),
    velocityErrKms: new Float64Array(m),
    sigmaKms: new Float64Array(m),
    sigmaErrKms: new Float64Array(m),
    count: new Uint32Array(m),
  };
  const spread = (values: number[], own: number): [number, number] => {
    if (values.length === 0) return [NaN, NaN];
    const med = medianOf(values);
    if (values.length === 1) return [med, own];
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
    return [med, sd / Math.sqrt(values.length)];
  };
  keys.forEach((k, b) => {
    const members = bins.get(k)!;
    out.centreArcsec[b] = k * binWidthArcsec;
    out.centreKpc[b] = k * binWidthArcsec * profile.kpcPerArcsec;
    out.count[b] = members.length;
    [out.velocityKms[b], out.velocityErrKms[b]] = spread(members.map((j) => profile.velocityKms[j]), profile.velocityErrKms[members[0]]);
    const sigmas = members.map((j) => profile.sigmaKms[j]).filter(Number.isFinite);
    [out.sigmaKms[b], out.sigmaErrKms[b]] = spread(sigmas, NaN);
  });
  return out;
}
