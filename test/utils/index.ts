export * from './test-app';
export * from './http';
export * from './seed';
