// The ratio v_c/σ0 of rotation to dispersion with its propagated error, and the kinematic class it implies: > 3 regular
// ("well-settled") rotation, 1–3 irregular ("disturbed") rotation, > 1 rotationally supported (Ju et al., MSA-3D §4.2.1,
// after Girard et al. 2020, ApJ 909, 12 and Kassin et al. 2012, ApJ 758, 106).

/** 'well-settled': v/σ > 3; 'disturbed': 1 < v/σ ≤ 3; 'dispersion-dominated': v/σ ≤ 1. */
export type KinematicClass = 'well-settled' | 'disturbed' | 'dispersion-dominated';

export interface VOverSigma {
  ratio: number;
  ratioErr: number;
  kinematicClass: KinematicClass;
  /** v/σ > 1 (Ju et al.: "rotationally supported"). */
  rotationSupported: boolean;
}

/** The class of a v/σ value (Ju et al. §4.2.1 thresholds 1 and 3). */
export function kinematicClassOf(ratio: number): KinematicClass {
  if (!Number.isFinite(ratio)) throw new Error(`kinematicClassOf: v/σ must be finite (got ${ratio})`);
  return ratio > 3 ? 'well-settled' : ratio > 1 ? 'disturbed' : 'dispersion-dominated';
}

/**
 * v_c/σ0 and its first-order error, δ(v/σ) = (v/σ) √((δv/v)² + (δσ/σ)²) (independent errors; e.g. Bevington & Robinson
 * 2003, Data Reduction and Error Analysis, eq. 3.14). With the paper's ID9960 values (250 ± 5.5, 48.9 ± 1.6) this gives
 * 5.11 ± 0.20, as published (5.13 ± 0.20).
 */
export function vOverSigma(vcKms: number, vcErrKms: number, sigma0Kms: number, sigma0ErrKms: number): VOverSigma {
  const where = 'vOverSigma';
  for (const [name, value] of [['vcKms', vcKms], ['vcErrKms', vcErrKms], ['sigma0Kms', sigma0Kms], ['sigma0ErrKms', sigma0ErrKms]] as const) {
    if (!Number.isFinite(value)) throw new Error(`${where}: ${name} must be finite (got ${value})`);
  }
  if (!(sigma0Kms > 0)) throw new Error(`${where}: sigma0Kms must be > 0 (got ${sigma0Kms})`);
  if (vcErrKms < 0 || sigma0ErrKms < 0) throw new Error(`${where}: errors must be ≥ 0 (got ${vcErrKms}, ${sigma0ErrKms})`);
  const ratio = vcKms / sigma0Kms;
  const relV = vcKms !== 0 ? vcErrKms / vcKms : 0;
  const relS = sigma0ErrKms / sigma0Kms;
  const ratioErr = vcKms !== 0 ? Math.abs(ratio) * Math.hypot(relV, relS) : vcErrKms / sigma0Kms;
  return { ratio, ratioErr, kinematicClass: kinematicClassOf(ratio), rotationSupported: ratio > 1 };
}
