export * from './test-app';
export * from './api';
export * from './wait-for';
export * from './seed';
