export * from './codes';
export * from './code-maps';
