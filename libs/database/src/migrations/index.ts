import type { MigrationInterface } from 'typeorm';
import { InitialSchema1795656567136 } from './1795656567136-InitialSchema';
import { ImportRevertRequested1795667288554 } from './1795667288554-ImportRevertRequested';
import { ContactPhone1796220000000 } from './1796220000000-ContactPhone';
import { ImportFileErrorsOmitted1796300000000 } from './1796300000000-ImportFileErrorsOmitted';
import { ApiKeys1796400000000 } from './1796400000000-ApiKeys';
import { NotificationSubject1796400000001 } from './1796400000001-NotificationSubject';
import { IdempotencyDigest1796500000000 } from './1796500000000-IdempotencyDigest';

// Migrations run in this order; add new ones at the end.
export const MIGRATIONS: (new () => MigrationInterface)[] = [
  InitialSchema1795656567136,
  ImportRevertRequested1795667288554,
  ContactPhone1796220000000,
  ImportFileErrorsOmitted1796300000000,
  ApiKeys1796400000000,
  NotificationSubject1796400000001,
  IdempotencyDigest1796500000000,
];
