import type { PendingChange, Statement } from '@app/database';
import type { CurrentValues, FieldReaders, FieldSet, FieldWrite } from '@app/fields';
import type { KindRevert, RevertOutcome } from './changed-since';
import { changedSince } from './changed-since';

/**
 * Any field kind (contact columns, criteria, authorizations): puts back the logged old value where the field still
 * holds what the import wrote.
 */
export class FieldRevert implements KindRevert {
  private current: CurrentValues = new Map();
  private readonly writes: FieldWrite[] = [];

  constructor(
    private readonly set: FieldSet,
    private readonly readers: FieldReaders,
    private readonly institutionId: number,
  ) {}

  async load(contactIds: number[]): Promise<void> {
    const fieldIds = this.set.fields.map((field) => field.id);
    this.current = await this.set.loadCurrent(this.readers, this.institutionId, fieldIds, contactIds);
  }

  revert(change: PendingChange): RevertOutcome {
    const { contactId } = change;
    const field = this.set.byCode.get(change.fieldCode);
    const values = this.current.get(contactId);
    const now = field && values ? (values.get(field.id) ?? '') : undefined;
    const cell = field && this.set.restore(field, change.oldValue);
    if (!field || now !== change.newValue || !cell) return { restored: false, issue: changedSince(change, now) };
    this.writes.push({ contactId, field, oldValue: now, newValue: change.oldValue, cell, line: change.line });
    return { restored: true };
  }

  statements(): Statement[] {
    return this.set.writeStatements(this.writes, this.institutionId);
  }
}
