// Sky-plane offsets to coordinates in the plane of an infinitely thin inclined disk, with cos i = b/a (Ju et al. §4.2.1).
//
// Conventions: the cube's +y axis is north and −x is east (CDELT1 < 0 in the WCS written); the position angle PA of the
// major axis is measured from north through east; the receding half of the major axis lies at PA.

/** Inclination (degrees) of a thin disk of apparent axis ratio b/a: cos i = b/a (Ju et al. §4.2.1). */
export function inclinationDegFromAxisRatio(axisRatio: number): number {
  if (!(axisRatio > 0 && axisRatio <= 1)) throw new Error(`inclinationDegFromAxisRatio: b/a must be in (0, 1] (got ${axisRatio})`);
  return (Math.acos(axisRatio) * 180) / Math.PI;
}

/** A point in the disk plane: along the major axis (xDisk) and the deprojected minor axis (yDisk), same unit as the input. */
export interface DiskPoint {
  xDisk: number;
  yDisk: number;
  /** Deprojected radius √(xDisk² + yDisk²). */
  radius: number;
  /** cos of the azimuth from the receding major axis, xDisk/radius (0 at the centre). */
  cosAzimuth: number;
}

/**
 * Deprojects a sky offset (east, north) from the centre: along-major a = e sin PA + n cos PA, along-minor
 * b = −e cos PA + n sin PA, then xDisk = a and yDisk = b / cos i (thin tilted disk, as in tilted-ring models, e.g. Begeman 1989, A&A 223, 47).
 */
export function skyToDisk(eastOffset: number, northOffset: number, positionAngleDeg: number, axisRatio: number): DiskPoint {
  const pa = (positionAngleDeg * Math.PI) / 180;
  const sinPa = Math.sin(pa);
  const cosPa = Math.cos(pa);
  const xDisk = eastOffset * sinPa + northOffset * cosPa;
  const yDisk = (-eastOffset * cosPa + northOffset * sinPa) / axisRatio;
  const radius = Math.hypot(xDisk, yDisk);
  return { xDisk, yDisk, radius, cosAzimuth: radius > 0 ? xDisk / radius : 0 };
}
