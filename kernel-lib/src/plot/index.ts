export * from './render';
export * from './node-document';
export * from './mass-relation-plot';
export * from './gradient-histogram-plot';
export * from './spectrum-plot';
export * from './map-plot';
