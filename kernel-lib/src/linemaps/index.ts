export * from './fit-cube';
export { LINE_QUANTITIES, SPAXEL_QUANTITIES, quantityNames } from './quantities';
export { describeInstrument, type InstrumentSpec } from './cube-fit-job';
export * from './cube-fit-table';
export { resolveCubeFitInputs, describeCubeFitInputs, type CubeFitInputs, type CubeFitInputOptions } from './cube-fit-inputs';
export * from './fit-spaxel';
export { closeWorkerPool } from './worker-pool';
