// Quality flags of an emission-line fit: a bitmask per line, per window and per spectrum (0 = clean fit), in the
// spirit of the MaNGA DAP's per-quantity quality bitmasks (Westfall et al. 2019, AJ 158, 231).

/** The bits. A spectrum's flag is the OR of its lines' and windows' flags. */
export const FIT_FLAG = Object.freeze({
  /** The solver stopped at maxIterations (or on a non-finite χ²) before a convergence criterion was met. */
  NOT_CONVERGED: 1,
  /** A parameter (velocity, dispersion or, with fluxSign 'positive', a flux) ended on its bound; its error is NaN. */
  AT_BOUND: 2,
  /** Fewer good pixels than parameters + minDegreesOfFreedom: not fitted (NaN). */
  TOO_FEW_PIXELS: 4,
  /**
   * The line centre lies in the spectrum's range but has < minLinePixels good pixels within ±lineCoreKms
   * (detector gap, masked, NaN): not fitted (NaN).
   */
  LINE_IN_GAP: 8,
  /** The line centre lies outside the spectrum's wavelength coverage: not fitted (NaN, never 0). */
  NOT_COVERED: 16,
  /** σ_obs < σ_inst: the intrinsic dispersion is reported as NaN (the observed one is kept). */
  SIGMA_UNRESOLVED: 32,
  /** The window has no good pixel at all. */
  NO_DATA: 64,
  /** The normal matrix at the solution is singular (errors NaN), or the model was not finite. */
  FIT_FAILED: 128,
  /** The fitted continuum at the line is ≤ 0, so the equivalent width is NaN. */
  CONTINUUM_NOT_POSITIVE: 256,
  /** kinematics 'tied', but the reference window could not be fitted: this window used its own velocity and dispersion. */
  KINEMATICS_UNTIED: 512,
});

/** Names of the bits set in `flag`, e.g. ['AT_BOUND', 'NOT_COVERED']. */
export function describeFitFlag(flag: number): string[] {
  const names: string[] = [];
  for (const [name, bit] of Object.entries(FIT_FLAG)) if (flag & bit) names.push(name);
  return names;
}

/** Bits meaning "no value was measured" (the quantity is NaN). */
export const FIT_FLAG_NOT_MEASURED = FIT_FLAG.TOO_FEW_PIXELS | FIT_FLAG.LINE_IN_GAP | FIT_FLAG.NOT_COVERED | FIT_FLAG.NO_DATA;

/** One line per bit, for tables (`msa3d flags`, the maps file's header, README). Same wording as the comments above. */
export const FIT_FLAG_DESCRIPTIONS: Readonly<Record<keyof typeof FIT_FLAG, string>> = Object.freeze({
  NOT_CONVERGED: 'the solver stopped at its iteration limit (or on a non-finite chi2) before converging',
  AT_BOUND: 'a parameter (velocity, dispersion, or a positive-only flux) ended on its bound; its error is NaN',
  TOO_FEW_PIXELS: 'fewer good pixels than parameters + minimum degrees of freedom: not fitted (NaN)',
  LINE_IN_GAP: 'the line centre is in the spectral range but has too few good pixels around it (gap, masked): NaN',
  NOT_COVERED: 'the line centre lies outside the spectrum\'s wavelength coverage: not fitted (NaN, never 0)',
  SIGMA_UNRESOLVED: 'observed sigma < instrumental sigma: the intrinsic dispersion is NaN (the observed one is kept)',
  NO_DATA: 'the fitting window has no good pixel at all',
  FIT_FAILED: 'the normal matrix at the solution is singular (errors NaN), or the model was not finite',
  CONTINUUM_NOT_POSITIVE: 'the fitted continuum at the line is <= 0, so the equivalent width is NaN',
  KINEMATICS_UNTIED: 'kinematics tied, but the reference window could not be fitted: this window used its own',
});
