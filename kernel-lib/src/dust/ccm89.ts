// The Cardelli, Clayton & Mathis 1989 (ApJ 345, 245) extinction law, R_V = 3.1, and the transmission of a uniform
// foreground screen (coefficients: METHODS-REFERENCE §3.8): used by the simulator and the Bayesian metallicity inference.

/** R_V of the diffuse Milky Way ISM (Cardelli et al. 1989). */
export const CCM89_RV = 3.1;

/**
 * k(λ) = A(λ)/E(B−V) = a(x) R_V + b(x), x = 1/λ in µm⁻¹, for the infrared (0.3 ≤ x < 1.1, CCM89 eqs. 2a–b) and the
 * optical/NIR (1.1 ≤ x < 3.3, CCM89 eqs. 3a–b) — the range of the rest-frame optical nebular lines. Hα → 2.535.
 */
export function ccm89K(restWavelengthAngstrom: number, rv: number = CCM89_RV): number {
  const x = 1e4 / restWavelengthAngstrom;
  if (x >= 0.3 && x < 1.1) {
    const p = x ** 1.61;
    return 0.574 * p * rv - 0.527 * p;
  }
  if (x >= 1.1 && x < 3.3) {
    const y = x - 1.82;
    const a = 1 + y * (0.17699 + y * (-0.50447 + y * (-0.02427 + y * (0.72085 + y * (0.01979 + y * (-0.7753 + y * 0.32999))))));
    const b = y * (1.41338 + y * (2.28305 + y * (1.07233 + y * (-5.38434 + y * (-0.62251 + y * (5.3026 - y * 2.09002))))));
    return a * rv + b;
  }
  throw new Error(`ccm89K: λ = ${restWavelengthAngstrom} Å is outside 3030–33333 Å (the IR/optical CCM89 ranges used here)`);
}

/** Fraction of the light transmitted at rest λ through a screen of V-band attenuation A_V: 10^(−0.4 A_V k(λ)/R_V) (CCM89 eq. 1). */
export function dustTransmission(restWavelengthAngstrom: number, avMag: number, rv: number = CCM89_RV): number {
  return avMag === 0 ? 1 : 10 ** ((-0.4 * avMag * ccm89K(restWavelengthAngstrom, rv)) / rv);
}
