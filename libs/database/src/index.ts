export * from './entities';
export * from './data-source';
export * from './database.module';
export * from './migrate';
export * from './repositories/statement';
export * from './repositories/field-values.repository';
export * from './repositories/batch-writer';
export * from './repositories/imports.repository';
