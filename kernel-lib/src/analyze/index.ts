export * from './analyze-galaxy';
export * from './analysis-json';
