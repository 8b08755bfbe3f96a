// Astronomical units of length, time and angle: the parsec from the IAU 2012 astronomical unit (IAU 2012 Resolution B2,
// 1 au = 149 597 870 700 m; 1 pc = 648000/π au, IAU 2015 Resolution B2) and the Julian year of 365.25 days (as astropy's u.Gyr).

/** One megaparsec in km (IAU 2012 au × 648000/π × 10⁶ / 10³). */
export const KM_PER_MPC = 3.0856775814913673e19;

/** One megaparsec in cm (IAU 2012 au × 648000/π × 10⁶ × 10²). */
export const CM_PER_MPC = 3.0856775814913673e24;

/** One gigayear (10⁹ Julian years of 365.25 d) in seconds. */
export const SECONDS_PER_GYR = 3.15576e16;

/** Arcseconds per radian, 648000/π ≈ 206264.806. */
export const ARCSEC_PER_RADIAN = 648000 / Math.PI;

/** Radians per arcsecond, π/(180 × 3600). */
export const RADIAN_PER_ARCSEC = Math.PI / (180 * 3600);
