// Deprojected galactocentric radius and disk azimuth of every spaxel of a cube, in arcsec, kpc and R/R_e
// (Ju et al., MSA-3D §3.2: centre, CANDELS PA and b/a, thin disk cos i = b/a).
import { kpcPerArcsec as kpcPerArcsecAt, type FlatLambdaCdm } from '../cosmology/flat-lcdm';
import { checkAxisRatio, deprojectInto, type DiskOffset } from './deproject';
import { inclinationFromAxisRatioDeg } from './inclination';
import type { SkyOrientation } from './sky-orientation';

export interface DeprojectSpaxelsOptions {
  nx: number;
  ny: number;
  /** Galaxy centre in 0-based spaxel coordinates (spaxel centres are integers; fractions allowed). */
  centreXPix: number;
  centreYPix: number;
  /** Major-axis position angle, degrees from north through east. */
  positionAngleDeg: number;
  /** Apparent axis ratio b/a in (0, 1]; cos i = b/a. */
  axisRatio: number;
  /** Pixel → sky map (skyOrientationOf(cube), or defaultSkyOrientation(scale)). */
  orientation: SkyOrientation;
  /** Redshift of the galaxy for the kpc scale (the true z even when the cube is in the rest frame). */
  redshift: number;
  /** The kpc scale itself, kpc per arcsec (e.g. from a distance, for a rest-frame cube); overrides the redshift's. */
  kpcPerArcsec?: number;
  /** Cosmology of the kpc scale; default MSA3D_COSMOLOGY (H0 = 69.32, Ω_m = 0.2865). */
  cosmology?: FlatLambdaCdm;
  /** Effective radius in kpc (CANDELS, Stefanon et al. 2017 in the paper); gives radiusRe. */
  reKpc?: number;
}

/** Per-spaxel maps (length nx·ny, index y·nx + x, as one channel of a Cube) and the geometry that made them. */
export interface SpaxelRadii {
  nx: number;
  ny: number;
  centreXPix: number;
  centreYPix: number;
  positionAngleDeg: number;
  axisRatio: number;
  inclinationDeg: number;
  redshift: number;
  kpcPerArcsec: number;
  /** R_e in kpc, null when not given. */
  reKpc: number | null;
  /** Sky offsets from the centre, arcsec (east, north). */
  eastArcsec: Float64Array;
  northArcsec: Float64Array;
  /** Deprojected offsets along the major axis (toward PA) and minor axis (toward PA + 90°, / cos i), arcsec. */
  majorArcsec: Float64Array;
  minorArcsec: Float64Array;
  /** Deprojected radius, arcsec, kpc and R/R_e (radiusRe null without reKpc). */
  radiusArcsec: Float64Array;
  radiusKpc: Float64Array;
  radiusRe: Float64Array | null;
  /** Disk azimuth, degrees in [0, 360), from the major axis at PA toward PA + 90°. */
  azimuthDeg: Float64Array;
}

/**
 * Deprojects every spaxel (x, y): sky offset from the orientation matrix, then the thin-disk deprojection
 * (deprojectOffset); R_kpc = R_arcsec · kpcPerArcsec(z) (angular-diameter scale, Hogg 1999, eq. 18 / 206265), or
 * · the given kpcPerArcsec.
 */
export function deprojectSpaxels(options: DeprojectSpaxelsOptions): SpaxelRadii {
  const where = 'deprojectSpaxels';
  const { nx, ny, centreXPix, centreYPix, positionAngleDeg, axisRatio, orientation, redshift } = options;
  if (!Number.isInteger(nx) || !Number.isInteger(ny) || nx < 1 || ny < 1) throw new Error(`${where}: nx, ny must be positive integers (got ${nx}, ${ny})`);
  if (!Number.isFinite(centreXPix) || !Number.isFinite(centreYPix)) throw new Error(`${where}: centre must be finite (got ${centreXPix}, ${centreYPix})`);
  if (!Number.isFinite(positionAngleDeg)) throw new Error(`${where}: positionAngleDeg must be finite (got ${positionAngleDeg})`);
  checkAxisRatio(axisRatio, where);
  const given = options.kpcPerArcsec;
  if (given !== undefined && !(given > 0 && Number.isFinite(given))) throw new Error(`${where}: kpcPerArcsec must be finite and > 0 (got ${given})`);
  if (given === undefined && (!(redshift > 0) || !Number.isFinite(redshift))) throw new Error(`${where}: redshift must be > 0 for a kpc scale (got ${redshift}); give kpcPerArcsec for a rest-frame cube`);
  const reKpc = options.reKpc ?? null;
  if (reKpc !== null && !(reKpc > 0 && Number.isFinite(reKpc))) throw new Error(`${where}: reKpc must be > 0 (got ${reKpc})`);
  const scale = given ?? kpcPerArcsecAt(redshift, options.cosmology);
  const n = nx * ny;
  const eastArcsec = new Float64Array(n);
  const northArcsec = new Float64Array(n);
  const majorArcsec = new Float64Array(n);
  const minorArcsec = new Float64Array(n);
  const radiusArcsec = new Float64Array(n);
  const radiusKpc = new Float64Array(n);
  const radiusRe = reKpc !== null ? new Float64Array(n) : null;
  const azimuthDeg = new Float64Array(n);
  const pa = (positionAngleDeg * Math.PI) / 180;
  const sinPa = Math.sin(pa);
  const cosPa = Math.cos(pa);
  const o = orientation;
  const d: DiskOffset = { major: 0, minor: 0, radius: 0, azimuthDeg: 0 };
  for (let y = 0; y < ny; y++) {
    const dy = y - centreYPix;
    for (let x = 0; x < nx; x++) {
      const dx = x - centreXPix;
      const i = y * nx + x;
      const east = o.eastPerXArcsec * dx + o.eastPerYArcsec * dy;
      const north = o.northPerXArcsec * dx + o.northPerYArcsec * dy;
      deprojectInto(east, north, sinPa, cosPa, axisRatio, d);
      eastArcsec[i] = east;
      northArcsec[i] = north;
      majorArcsec[i] = d.major;
      minorArcsec[i] = d.minor;
      radiusArcsec[i] = d.radius;
      radiusKpc[i] = d.radius * scale;
      if (radiusRe) radiusRe[i] = (d.radius * scale) / reKpc!;
      azimuthDeg[i] = d.azimuthDeg;
    }
  }
  return {
    nx,
    ny,
    centreXPix,
    centreYPix,
    positionAngleDeg,
    axisRatio,
    inclinationDeg: inclinationFromAxisRatioDeg(axisRatio),
    redshift,
    kpcPerArcsec: scale,
    reKpc,
    eastArcsec,
    northArcsec,
    majorArcsec,
    minorArcsec,
    radiusArcsec,
    radiusKpc,
    radiusRe,
    azimuthDeg,
  };
}
