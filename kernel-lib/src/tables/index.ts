export * from './csv';
export * from './table1';
