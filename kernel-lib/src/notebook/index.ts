export * from './display';
export * from './html-table';
