export * from './analyze-galaxy';
export * from './classify-galaxy';
export * from './analysis-json';
export * from './forward-gradient';
