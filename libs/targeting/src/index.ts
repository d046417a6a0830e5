export * from './codes';
export * from './code-maps';
export * from './rule';
export * from './compile-rule';
export * from './target-resolver';
export * from './targeting.module';
