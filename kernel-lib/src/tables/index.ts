export * from './csv';
export * from './table1';
export * from './frame';
