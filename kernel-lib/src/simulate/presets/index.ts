// Simulator presets for the 25 MSA-3D galaxies with a published metallicity gradient (Ju et al. Table 1), with the
// case studies' published structure and kinematics (ID8365 §2.2, ID9960 §4.2.1, ID4391 §4.2.2). Every value says
// whether it is published or prescribed, and which prescription made it.
//
// How a preset is made (preset-for.ts): prescription.ts turns the Table 1 row into SimulationParams, taking a special
// galaxy's published values (id8365.ts, id9424.ts, id9960.ts, id4391.ts) in place of the generic ones; then the noise
// (noise-calibration.ts), the brightness (brightness-calibration.ts), the galaxy's own steps, and σ0
// (sigma0-calibration.ts). provenance.ts records the source of each value.
export type { GalaxyPreset, PresetOptions } from './galaxy-preset';
export { presetFor, listPresets } from './preset-for';
export { presetIds } from './table1-rows';
export { id8365NoiseSigmaErg, msa3dNoiseSigmaErg, MSA3D_MEAN_SPAXELS_PER_GALAXY } from './noise-calibration';
export { ID8365_CENTRAL } from './id8365';
export { ID4391_TAIL } from './id4391-tail';
export { MIN_EXPECTED_SELECTED_SPAXELS } from './selection-cuts';
export { RT_PER_RE } from './prescription';
export { MAX_STAR_FORMING_OH } from './central-abundance';
