export * from './fit-cube';
export { LINE_QUANTITIES, SPAXEL_QUANTITIES, quantityNames } from './quantities';
export { describeInstrument, type InstrumentSpec } from './cube-fit-job';
export * from './cube-fit-table';
export * from './fit-spaxel';
export { closeWorkerPool } from './worker-pool';
export { compareWithPublished, binRepresentativeSpaxels, type PublishedComparison, type PublishedComparisonRow, type PublishedFlux, type PublishedComparisonOptions } from './published-comparison';
