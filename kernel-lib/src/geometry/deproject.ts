// Sky ↔ disk projection of an infinitely thin circular disk of position angle PA and axis ratio b/a, cos i = b/a
// (Ju et al., MSA-3D §3.2 and §4.2.1; tilted-disk geometry as in Begeman 1989, A&A 223, 47, §3). The one home of this
// formula: every other folder (kinematics, the simulator) calls these functions.
//
// Convention (the only one in the library): offsets (east, north) on the sky in any unit, east = increasing RA,
// north = increasing Dec; PA of the major axis in degrees from north through east. The major axis points toward PA,
// unit vector (sin PA, cos PA) in (east, north); the minor axis points toward PA + 90°, unit vector (cos PA, −sin PA).
// So `major` = e sin PA + n cos PA and `minor` = e cos PA − n sin PA (on the sky), and in the disk plane the minor
// offset is divided by cos i. The disk azimuth θ is measured in the disk plane from the major axis at PA, in the same
// sense as PA (θ = 90° on the half of the minor axis at PA + 90°). A rotating disk whose side at PA recedes has
// v_los = v_sys + V(R) sin i cos θ. (The simulator's disk y axis points the other way, toward PA − 90°: it mirrors
// `minor`, see simulate/emission-model.ts.)
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
  const major = majorAxisOffset(east, north, sinPa, cosPa);
  const minor = minorAxisOffset(east, north, sinPa, cosPa) / axisRatio;
  const radius = Math.hypot(major, minor);
  let azimuthDeg = radius > 0 ? (Math.atan2(minor, major) * 180) / Math.PI : 0;
  if (azimuthDeg < 0) azimuthDeg += 360;
  if (azimuthDeg >= 360) azimuthDeg -= 360; // −0 and rounding just below 0
  out.major = major;
  out.minor = minor;
  out.radius = radius;
  out.azimuthDeg = azimuthDeg;
}

/**
 * The inverse projection: the sky offset (east, north) of a disk point `major` along the major axis (toward PA) and
 * `minor` along the deprojected minor axis (toward PA + 90°): east = major sin PA + minor cos i cos PA,
 * north = major cos PA − minor cos i sin PA (the transpose of the rotation in deprojectInto, cos i = b/a).
 */
export function diskToSkyOffset(major: number, minor: number, positionAngleDeg: number, axisRatio: number): { east: number; north: number } {
  checkAxisRatio(axisRatio, 'diskToSkyOffset');
  if (!Number.isFinite(positionAngleDeg)) throw new Error(`diskToSkyOffset: positionAngleDeg must be finite (got ${positionAngleDeg})`);
  const pa = (positionAngleDeg * Math.PI) / 180;
  const sinPa = Math.sin(pa);
  const cosPa = Math.cos(pa);
  const skyMinor = minor * axisRatio;
  return { east: major * sinPa + skyMinor * cosPa, north: major * cosPa - skyMinor * sinPa };
}

/** Sky offset along the major axis, positive toward PA: e sin PA + n cos PA (same unit as the input). */
export function majorAxisOffset(east: number, north: number, sinPa: number, cosPa: number): number {
  return east * sinPa + north * cosPa;
}

/** Sky offset along the minor axis, positive toward PA + 90°: e cos PA − n sin PA (on the sky, not divided by cos i). */
export function minorAxisOffset(east: number, north: number, sinPa: number, cosPa: number): number {
  return east * cosPa - north * sinPa;
}

/** Throws a one-line Error naming `where` unless 0 < b/a ≤ 1. */
export function checkAxisRatio(axisRatio: number, where: string): void {
  if (!(axisRatio > 0 && axisRatio <= 1)) throw new Error(`${where}: b/a must be in (0, 1] (got ${axisRatio})`);
}
