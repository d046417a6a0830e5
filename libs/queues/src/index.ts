export * from './queue-names';
export * from './messages';
export * from './queues.module';
export * from './notifications';
export * from './queue-dashboard.module';
export * from './lost-jobs';
