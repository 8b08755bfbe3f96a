// The arctangent rotation curve V(R) = v0 + (2/π) v_c arctan(R/R_t) (Ju et al., MSA-3D eq. 3; Jones et al. 2010b,
// MNRAS 404, 1247; Courteau 1997, AJ 114, 2402) and its line-of-sight projection for a thin disk: the one home of this
// curve (the simulator, the fits and the dynamical mass call it; the likelihood hot loops, rotation-likelihood.ts and
// beam-smearing.ts, precompute its amplitude s sin i (2/π) v_c once per evaluation).
//
// Conventions (geometry/deproject.ts'): the major axis points toward the position angle PA (north through east); a sky
// offset has `major` = e sin PA + n cos PA along it and `minor` = e cos PA − n sin PA across it; the disk radius is R = √(major² + (minor / cos i)²) and the azimuth cos θ = major / R.
// With sense s = +1 the half of the major axis at PA recedes: v_los = v0 + s sin i (2/π) v_c arctan(R/R_t) cos θ.

const TWO_OVER_PI = 2 / Math.PI;

/** The parameters of eq. 3, km/s and kpc. */
export interface ArctanRotationCurve {
  /** Systemic velocity relative to the redshift of the velocity map, km/s. */
  v0Kms: number;
  /** Asymptotic rotation speed, km/s (intrinsic, i.e. corrected for inclination). */
  vcKms: number;
  /** Turnover radius, kpc (> 0). */
  rtKpc: number;
}

/**
 * The projected amplitude A = s sin i (2/π) v_c of eq. 3 on the sky, so that v_los = v0 + A arctan(R/R_t) cos θ: what
 * the likelihood hot loops (rotation-likelihood.ts, beam-smearing.ts) compute once per evaluation.
 */
export function projectedArctanAmplitudeKms(vcKms: number, inclinationRad: number, sense: number): number {
  return sense * Math.sin(inclinationRad) * TWO_OVER_PI * vcKms;
}

/** Intrinsic rotation speed at radius R: (2/π) v_c arctan(R/R_t) (Ju et al. eq. 3 without v0). Odd in R. */
export function arctanRotationSpeedKms(radiusKpc: number, vcKms: number, rtKpc: number): number {
  return TWO_OVER_PI * vcKms * Math.atan(radiusKpc / rtKpc);
}

/** Ju et al. eq. 3 as printed: V(R) = v0 + (2/π) v_c arctan(R/R_t), for a signed radius R along the major axis. */
export function arctanVelocityKms(radiusKpc: number, curve: ArctanRotationCurve): number {
  return curve.v0Kms + arctanRotationSpeedKms(radiusKpc, curve.vcKms, curve.rtKpc);
}

/**
 * Line-of-sight velocity along the major axis at signed offset x (toward PA positive):
 * v = v0 + s sin i (2/π) v_c arctan(x/R_t) (eq. 3 projected; cos θ = ±1 on the axis).
 */
export function majorAxisVelocityKms(majorKpc: number, curve: ArctanRotationCurve, inclinationDeg: number, sense: 1 | -1 = 1): number {
  return curve.v0Kms + sense * Math.sin((inclinationDeg * Math.PI) / 180) * arctanRotationSpeedKms(majorKpc, curve.vcKms, curve.rtKpc);
}

/**
 * Line-of-sight velocity of a thin disk at sky offset (major, minor) from the centre, kpc:
 * v = v0 + s sin i V(R) cos θ with R = √(major² + (minor/cos i)²), cos θ = major/R (0 at R = 0)
 * (circular orbits in a tilted disk, Begeman 1989, A&A 223, 47, eq. 1 with v_exp = 0).
 */
export function diskVelocityKms(majorKpc: number, minorKpc: number, curve: ArctanRotationCurve, inclinationDeg: number, sense: 1 | -1 = 1): number {
  const inc = (inclinationDeg * Math.PI) / 180;
  const deprojectedMinor = minorKpc / Math.cos(inc);
  const radius = Math.hypot(majorKpc, deprojectedMinor);
  if (radius === 0) return curve.v0Kms;
  return lineOfSightVelocityKms(curve, radius, majorKpc / radius, sense * Math.sin(inc));
}

/**
 * Line-of-sight velocity of a disk point at deprojected radius R and azimuth θ: v = v0 + V(R) sin i cos θ (circular
 * orbits in a thin disk, Begeman 1989, A&A 223, 47, eq. 1 with v_exp = 0); `sinInclination` carries the sense s.
 */
export function lineOfSightVelocityKms(curve: ArctanRotationCurve, radiusKpc: number, cosAzimuth: number, sinInclination: number): number {
  return curve.v0Kms + arctanRotationSpeedKms(radiusKpc, curve.vcKms, curve.rtKpc) * sinInclination * cosAzimuth;
}
