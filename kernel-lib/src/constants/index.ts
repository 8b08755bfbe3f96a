// Constants: the speed of light and the astronomical units of length, time and angle, one home for the whole library.
export { SPEED_OF_LIGHT_KMS, SPEED_OF_LIGHT_ANGSTROM_PER_S } from './physical';
export { KM_PER_MPC, CM_PER_MPC, SECONDS_PER_GYR, ARCSEC_PER_RADIAN, RADIAN_PER_ARCSEC } from './astronomical-units';
