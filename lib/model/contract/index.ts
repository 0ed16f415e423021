export * from './capabilities';
export * from './fields';
export * from './schema';
