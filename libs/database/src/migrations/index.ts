import type { MigrationInterface } from 'typeorm';
import { InitialSchema1795656567136 } from './1795656567136-InitialSchema';
import { ImportRevertRequested1795667288554 } from './1795667288554-ImportRevertRequested';

// Migrations run in this order; add new ones at the end.
export const MIGRATIONS: (new () => MigrationInterface)[] = [
  InitialSchema1795656567136,
  ImportRevertRequested1795667288554,
];
