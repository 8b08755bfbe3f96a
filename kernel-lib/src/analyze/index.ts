export * from './analyze-galaxy';
export * from './classify-galaxy';
export * from './analysis-json';
export * from './analyze-galaxy-file';
export * from './forward-gradient';
