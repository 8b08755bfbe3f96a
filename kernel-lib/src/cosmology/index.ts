// Cosmology: flat ΛCDM distances and times (the MSA-3D paper's H0 = 69.32, Ω_m = 0.2865 by default).
export type { FlatLambdaCdm } from './flat-lcdm';
export {
  flatLambdaCdm,
  MSA3D_COSMOLOGY,
  WANG2020_COSMOLOGY,
  hubbleDistanceMpc,
  hubbleTimeGyr,
  hubbleParameterKmsPerMpc,
  comovingDistanceMpc,
  transverseComovingDistanceMpc,
  angularDiameterDistanceMpc,
  luminosityDistanceMpc,
  distanceModulusMag,
  kpcPerArcsec,
  ageGyr,
  lookbackTimeGyr,
} from './flat-lcdm';
