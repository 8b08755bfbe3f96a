export * from './analyze-galaxy';
export * from './analysis-json';
export * from './preset-recovery';
