// Deprojection of a sky offset onto the plane of an infinitely thin circular disk of position angle PA and axis ratio
// b/a, cos i = b/a (Ju et al., MSA-3D §3.2 and §4.2.1; tilted-disk geometry as in Begeman 1989, A&A 223, 47, §3).
//
// Conventions: offsets (east, north) on the sky in any unit; PA of the major axis in degrees from north through east;
// the disk azimuth θ is measured in the disk plane from the major axis at PA, in the same sense as PA (θ = 90° on the
// half of the minor axis at PA + 90°). A rotating disk whose side at PA recedes has v_los = v_sys + V(R) sin i cos θ.

/** Inclination in degrees of a thin disk of apparent axis ratio b/a: cos i = b/a (Ju et al. §4.2.1). */
export function thinDiskInclinationDeg(axisRatio: number): number {
  checkAxisRatio(axisRatio, 'thinDiskInclinationDeg');
  return (Math.acos(axisRatio) * 180) / Math.PI;
}

/** A sky offset seen in the disk plane (same length unit as the input offsets). */
export interface DiskOffset {
  /** Along the major axis, positive toward PA (unchanged by the deprojection). */
  major: number;
  /** Along the minor axis, positive toward PA + 90°, divided by cos i = b/a. */
  minor: number;
  /** Deprojected radius √(major² + minor²). */
  radius: number;
  /** Disk azimuth θ in degrees, [0, 360), from the major axis at PA toward PA + 90°; 0 at the centre. */
  azimuthDeg: number;
}

/**
 * Deprojects the sky offset (east, north) from the centre. The sky offset along the major axis (unit vector
 * (sin PA, cos PA) in (east, north)) is a = e sin PA + n cos PA; along PA + 90° ((cos PA, −sin PA)) it is
 * b = e cos PA − n sin PA; in the disk, major = a and minor = b / cos i (Begeman 1989, §3, thin tilted ring).
 */
export function deprojectOffset(eastOffset: number, northOffset: number, positionAngleDeg: number, axisRatio: number): DiskOffset {
  checkAxisRatio(axisRatio, 'deprojectOffset');
  if (!Number.isFinite(positionAngleDeg)) throw new Error(`deprojectOffset: positionAngleDeg must be finite (got ${positionAngleDeg})`);
  const pa = (positionAngleDeg * Math.PI) / 180;
  const out = { major: 0, minor: 0, radius: 0, azimuthDeg: 0 };
  deprojectInto(eastOffset, northOffset, Math.sin(pa), Math.cos(pa), axisRatio, out);
  return out;
}

/** deprojectOffset without checks or allocation, from sin PA and cos PA; for loops over spaxels. */
export function deprojectInto(east: number, north: number, sinPa: number, cosPa: number, axisRatio: number, out: DiskOffset): void {
  const major = east * sinPa + north * cosPa;
  const minor = (east * cosPa - north * sinPa) / axisRatio;
  const radius = Math.hypot(major, minor);
  let azimuthDeg = radius > 0 ? (Math.atan2(minor, major) * 180) / Math.PI : 0;
  if (azimuthDeg < 0) azimuthDeg += 360;
  if (azimuthDeg >= 360) azimuthDeg -= 360; // −0 and rounding just below 0
  out.major = major;
  out.minor = minor;
  out.radius = radius;
  out.azimuthDeg = azimuthDeg;
}

export function checkAxisRatio(axisRatio: number, where: string): void {
  if (!(axisRatio > 0 && axisRatio <= 1)) throw new Error(`${where}: b/a must be in (0, 1] (got ${axisRatio})`);
}
