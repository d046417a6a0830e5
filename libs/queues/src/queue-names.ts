// Queue and job names are stored in Redis with every waiting job: renaming one strands the jobs
// already queued under the old name. Change them only with a migration plan.
export const QueueName = {
  TemplateExport: 'template-export',
  Import: 'import',
  Notifications: 'notifications',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const JobName = {
  BuildTemplate: 'build-template',
  ProcessImport: 'process-import',
  RevertImport: 'revert-import',
  SendNotification: 'send-notification',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];
