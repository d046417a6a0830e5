import type { PendingChange, Statement } from '@app/database';
import type { Issue } from '../engine/row-check';

/** A logged change a revert leaves alone because the value was changed after the import. */
export function changedSince(change: PendingChange, now: string | undefined, message?: string): Issue {
  return {
    line: change.line,
    contactId: String(change.contactId),
    column: change.fieldCode,
    value: now ?? null,
    code: 'CHANGED_SINCE_IMPORT',
    severity: 'conflict',
    message:
      message ??
      `${change.fieldCode} of contact ${change.contactId} was changed after the import (it holds "${now ?? ''}", the import wrote "${change.newValue}"); it was not restored to "${change.oldValue}"`,
  };
}

/** What reverting one logged change did: restored, or left as is with the report line saying why. */
export type RevertOutcome = { restored: true } | { restored: false; issue: Issue };

/** Reverts the logged changes of one kind of field within one batch: load, then one change at a time, then write. */
export interface KindRevert {
  load(contactIds: number[]): Promise<void>;
  revert(change: PendingChange): RevertOutcome;
  statements(): Statement[];
}
