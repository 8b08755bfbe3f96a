// The intrinsic gas velocity dispersion field of the simulated disk: σ0 plus optional central and major-axis excesses
// (a prescription; the rotation is the arctan curve of kinematics/arctan-rotation-curve.ts, Ju et al. eq. 3).

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
