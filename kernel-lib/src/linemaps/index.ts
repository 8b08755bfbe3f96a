export * from './fit-cube';
export { LINE_QUANTITIES, SPAXEL_QUANTITIES, quantityNames } from './quantities';
export { describeInstrument, type InstrumentSpec } from './cube-fit-job';
export * from './cube-fit-table';
export * from './cube-fit-maps';
export * from './map-mask';
export { cubeFitPrimaryCards, provenanceCards, CUBE_FIT_PRODUCT_VERSION } from './cube-fit-header';
export * from './fit-spaxel';
export { closeWorkerPool } from './worker-pool';
