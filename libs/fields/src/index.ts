export * from './field-kind';
export * from './criterion.kind';
export * from './authorization.kind';
export * from './contact.kind';
export * from './registry';
export * from './similar-codes';
