// Lines: the one emission-line catalogue (vacuum and air rest wavelengths, aliases for the names Wang et al. 2020 use),
// the fixed doublet ratios of atomic physics, and air ↔ vacuum conversion (Ciddor 1996).
export type { LineName, BlendName, EmissionLine, CatalogueLine } from './emission-lines';
export { EMISSION_LINES, LINE_BLENDS, emissionLine, isCatalogueLine, defineLine } from './emission-lines';
export { CASE_B_HALPHA_HBETA, CASE_B_HGAMMA_HBETA } from './case-b';
export type { DoubletRatio } from './doublet-ratios';
export { OIII_DOUBLET_RATIO, NII_DOUBLET_RATIO } from './doublet-ratios';
export {
  AIR_VACUUM_MIN_ANGSTROM,
  refractiveIndexOfAir,
  vacuumToAir,
  airToVacuum,
  vacuumToAirArray,
  airToVacuumArray,
} from './air-vacuum';
