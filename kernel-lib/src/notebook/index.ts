export * from './display';
export * from './html-table';
export * from './progress';
