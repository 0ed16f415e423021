export * from './acceptance';
export * from './application';
export * from './charts';
export * from './context';
export * from './guard';
export * from './hooks';
export * from './manifests';
export * from './preflight';
