export * from './render';
export * from './node-document';
export * from './mass-relation-plot';
export * from './gradient-histogram-plot';
