export * from './csv';
export * from './table1';
export * from './wang2020-table3';
export * from './frame';
export * from './blobby3d-model-options';
