export * from './display';
export * from './html-table';
export * from './progress';
export * from './format-interval';
