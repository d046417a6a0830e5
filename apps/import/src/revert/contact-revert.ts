import type { DataSource } from 'typeorm';
import type { ImportsRepository, PendingChange, Statement } from '@app/database';
import type { ContactColumnCode } from '../engine/contact-checks';
import { isContactColumn } from '../engine/contact-checks';
import type { ContactValues } from '../engine/contact-rows';
import { CONTACT_SQL_COLUMN, CREATED_FIELD, storedValue } from '../engine/contact-rows';
import type { KindRevert, RevertOutcome } from './changed-since';
import { changedSince } from './changed-since';

/**
 * Contact columns: a contact the import created is deleted unless changed since; a contact field it wrote
 * is restored where it still holds what the import wrote.
 */
export class ContactRevert implements KindRevert {
  private contacts = new Map<number, ContactValues>();
  private touchedLater = new Set<number>();
  private readonly updates: Statement[] = [];
  private readonly deletes: number[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly imports: ImportsRepository,
    private readonly importId: number,
    private readonly institutionId: number,
    private readonly createdIds: number[],
  ) {}

  async load(contactIds: number[]): Promise<void> {
    const [rows, later] = await Promise.all([
      this.dataSource.query(
        `SELECT id, first_name, last_name, email, COALESCE(DATE_FORMAT(birth_date, '%Y-%m-%d'), '') AS birth_date, COALESCE(language, '') AS language
           FROM contacts WHERE institution_id = ? AND id IN (?)`,
        [this.institutionId, contactIds],
      ) as Promise<(ContactValues & { id: number })[]>,
      this.imports.touchedByOtherImports(this.importId, this.createdIds),
    ]);
    this.contacts = new Map(rows.map((row) => [Number(row.id), row]));
    this.touchedLater = later;
  }

  revert(change: PendingChange): RevertOutcome {
    const { contactId } = change;
    const contact = this.contacts.get(contactId);
    if (change.fieldCode === CREATED_FIELD) {
      if (!contact) return { restored: true }; // already deleted: nothing to undo
      const created = JSON.parse(change.newValue) as ContactValues;
      const same = (Object.keys(created) as ContactColumnCode[]).every(
        (code) => String(contact[code] ?? '') === created[code],
      );
      if (same && !this.touchedLater.has(contactId)) {
        this.deletes.push(contactId);
        return { restored: true };
      }
      return {
        restored: false,
        issue: {
          ...changedSince(
            change,
            undefined,
            `Contact ${contactId}, created by this import, was changed after it; it was not deleted`,
          ),
          column: 'contact_id',
        },
      };
    }
    if (!isContactColumn(change.fieldCode)) return { restored: false, issue: changedSince(change, undefined) };
    const now = contact ? String(contact[change.fieldCode] ?? '') : undefined;
    if (now !== change.newValue) return { restored: false, issue: changedSince(change, now) };
    this.updates.push({
      sql: `UPDATE contacts SET ${CONTACT_SQL_COLUMN[change.fieldCode]} = ? WHERE id = ? AND institution_id = ?`,
      params: [storedValue(change.fieldCode, change.oldValue), contactId, this.institutionId],
    });
    return { restored: true };
  }

  statements(): Statement[] {
    if (!this.deletes.length) return this.updates;
    return [
      ...this.updates,
      { sql: 'DELETE FROM contact_criterion_values WHERE contact_id IN (?)', params: [this.deletes] },
      { sql: 'DELETE FROM contact_authorizations WHERE contact_id IN (?)', params: [this.deletes] },
      {
        sql: 'DELETE FROM contacts WHERE institution_id = ? AND id IN (?)',
        params: [this.institutionId, this.deletes],
      },
    ];
  }
}
