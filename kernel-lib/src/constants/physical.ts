// Physical constants, exact by the SI definitions (BIPM 2019, The International System of Units, 9th ed., §2.2): one
// home for every module that needs them.

/** Speed of light in km/s (exact: c = 299 792 458 m/s, SI 2019). */
export const SPEED_OF_LIGHT_KMS = 299792.458;

/** Speed of light in Å/s (exact: c = 2.99792458 × 10¹⁸ Å/s, SI 2019). */
export const SPEED_OF_LIGHT_ANGSTROM_PER_S = 2.99792458e18;
