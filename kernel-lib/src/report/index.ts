export * from './recorder';
export * from './tolerances';
export * from './jupyter';
export * from './run-notebooks';
export * from './write-report';
export * from './reproduce';
