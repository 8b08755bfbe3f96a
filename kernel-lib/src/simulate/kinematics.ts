// Gas kinematics of the simulated disk: the arctangent rotation curve (Ju et al. eq. 3; Jones et al. 2010b), its
// line-of-sight projection, and the intrinsic velocity dispersion field.

/** Rotation curve parameters (km/s, kpc). */
export interface RotationCurve {
  /** Systemic velocity v0 relative to the cube's redshift, km/s. */
  v0Kms: number;
  /** Asymptotic rotation velocity v_c, km/s. */
  vcKms: number;
  /** Turnover radius R_t, kpc. */
  rtKpc: number;
}

/** Intrinsic dispersion field: σ0 plus optional central and major-axis excesses (Gaussian in the disk plane), km/s. */
export interface DispersionField {
  sigma0Kms: number;
  /** Extra σ at the centre, added as Δσ exp(−R²/2r²). */
  centralExcessKms: number;
  centralRadiusKpc: number;
  /** Extra σ along the kinematic major axis, Δσ exp(−y_disk²/2w²) (ID4391: "amplified along the direction to the companion"). */
  majorAxisExcessKms: number;
  majorAxisWidthKpc: number;
}

/** Rotation speed at radius R: V(R) = (2/π) v_c arctan(R/R_t) (Ju et al. eq. 3 without v0; Jones et al. 2010b, MNRAS 404, 1247). */
export function arctanRotationKms(radiusKpc: number, vcKms: number, rtKpc: number): number {
  return rtKpc > 0 ? (2 / Math.PI) * vcKms * Math.atan(radiusKpc / rtKpc) : vcKms;
}

/** Line-of-sight velocity of a disk point: v = v0 + V(R) sin i cos φ (thin disk, circular orbits; e.g. Begeman 1989, A&A 223, 47). */
export function lineOfSightVelocityKms(curve: RotationCurve, radiusKpc: number, cosAzimuth: number, sinInclination: number): number {
  return curve.v0Kms + arctanRotationKms(radiusKpc, curve.vcKms, curve.rtKpc) * sinInclination * cosAzimuth;
}

/** Intrinsic σ at a disk point (xDisk, yDisk in kpc): σ0 + Δσ_c e^{−R²/2r_c²} + Δσ_maj e^{−y²/2w²}. A prescription. */
export function intrinsicDispersionKms(field: DispersionField, xDiskKpc: number, yDiskKpc: number): number {
  const r2 = xDiskKpc * xDiskKpc + yDiskKpc * yDiskKpc;
  let sigma = field.sigma0Kms;
  if (field.centralExcessKms !== 0 && field.centralRadiusKpc > 0) {
    sigma += field.centralExcessKms * Math.exp(-r2 / (2 * field.centralRadiusKpc * field.centralRadiusKpc));
  }
  if (field.majorAxisExcessKms !== 0 && field.majorAxisWidthKpc > 0) {
    sigma += field.majorAxisExcessKms * Math.exp(-(yDiskKpc * yDiskKpc) / (2 * field.majorAxisWidthKpc * field.majorAxisWidthKpc));
  }
  return sigma;
}
