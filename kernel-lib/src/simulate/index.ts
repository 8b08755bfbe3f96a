// Simulator of MSA-3D-like JWST/NIRSpec slit-stepping cubes (Ju et al.): forward model, presets from the published
// parameters, FITS writing in the team's layout or as s3d, and the truth table behind every cube. The physics it shares
// with the analysis lives in the analysis' folders (calibrations forward and inverse: abundance/; disk projection and
// inclination: geometry/; the arctan curve: kinematics/); helpers that other folders will own (CCM89) stay internal:
// import them from their files here only in tests.
export type { SimulatedCube } from './simulate-cube';
export { simulateCube, simulationPreview } from './simulate-cube';
export type { SimulatedCubeFormat, WriteSimulatedCubeOptions } from './write-cube';
export { writeSimulatedCube, simulatedCubeToCube, simulationTruthJson, SIMULATED_GAP_DQ } from './write-cube';
export type { SimulationParams, SimulationParamsInput, Clump as SimulatedClump, AgnCore as SimulatedAgnCore, HalphaNormalisation } from './params';
export { defaultSimulationParams, defaultAgnCore, resolveSimulationParams } from './params';
export type { SpaxelTruth, GlobalTruth, LineTruth, TruthRow } from './truth';
export { truthRows, TRUTH_FLUX_UNIT_ERG } from './truth';
export type { GalaxyPreset, PresetOptions } from './presets';
export {
  presetFor,
  listPresets,
  presetIds,
  id8365NoiseSigmaErg,
  msa3dNoiseSigmaErg,
  ID8365_CENTRAL,
  MIN_EXPECTED_SELECTED_SPAXELS,
  MSA3D_MEAN_SPAXELS_PER_GALAXY,
  RT_PER_RE,
} from './presets';
export type { WavelengthGrid as SimulatedWavelengthGrid } from './wavelength-grid';
export { g140hWavelengthGrid, linearWavelengthGrid } from './wavelength-grid';
export type { GapPlacement } from './detector-gap';
export {
  DETECTOR_GAP_WIDTH_MICRON,
  NOMINAL_DETECTOR_GAP_CENTRE_MICRON,
  detectorGapAt,
  nominalDetectorGap,
  unusableChannelMask,
  lineCoverage,
  parseObservedLines,
  placeDetectorGap,
} from './detector-gap';
export type { LineRatioSet, AgnLineRatios } from './line-ratios';
export { SIMULATED_LINES, SIMULATOR_CALIBRATIONS, starFormingLineRatios, agnLineRatios, DEFAULT_AGN_LINE_RATIOS } from './line-ratios';
export type {
  MetallicityProfile as SimulatedMetallicityProfile,
  LinearMetallicityProfile as SimulatedLinearMetallicityProfile,
  BrokenMetallicityProfile as SimulatedBrokenMetallicityProfile,
} from './metallicity-profile';
export type { ExpectedSignalToNoise } from './noise';
export { expectedSignalToNoise } from './noise';
export type { EmissionModel as SimulatedEmissionModel } from './emission-model';
export { buildEmissionModel } from './emission-model';
export type { NonCircularMotions, NonCircularField } from './non-circular-motions';
export { nonCircularVelocityField, NON_CIRCULAR_NODES_PER_CORRELATION_LENGTH } from './non-circular-motions';
export {
  vanDerWel2014LateTypeReKpc,
  tiley2016V80Kms,
  ubler2019Sigma0Kms,
  garnBest2010AHalphaMag,
  nelson2016HalphaToContinuumSize,
  prescribedCentralOh,
  prescribedCentralEwAngstrom,
} from './scaling-relations';
