import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/common';
import { Import } from '@app/database';
import { ContactColumnCode, isContactColumn } from './engine/contact-checks';
import { CONTACT_SQL_COLUMN, ContactValues, CREATED_FIELD, storedValue } from './engine/contact-rows';
import { FieldModel } from './engine/field-model';
import { ImportStore, Statement } from './engine/import-store';
import { FieldWrite, Issue, restoreCell } from './engine/row-check';

interface Change {
  id: number;
  contact_id: number;
  field_type: string;
  field_code: string;
  old_value: string;
  new_value: string;
  line: number;
}

/**
 * Reverts an import of contacts: a contact it created is deleted unless changed since, contact
 * fields and criterion/authorization values it wrote are restored where they still hold what it
 * wrote; anything changed since is reported CHANGED_SINCE_IMPORT. Resumable like every revert:
 * each batch marks its changes reverted in the same transaction.
 */
@Injectable()
export class ContactRevert {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly store: ImportStore,
  ) {}

  /** Reverts the remaining changes of a running contacts import, batch by batch (ImportRunner.revert calls it). */
  async run(imp: Import): Promise<void> {
    const [criteria, authorizations] = await Promise.all([
      FieldModel.load(this.dataSource, imp.institutionId, 'criteria'),
      FieldModel.load(this.dataSource, imp.institutionId, 'authorizations'),
    ]);
    const models = { criterion: criteria, authorization: authorizations };
    let after = 0;
    for (;;) {
      const changes: Change[] = await this.dataSource.query(
        'SELECT id, contact_id, field_type, field_code, old_value, new_value, line FROM import_changes WHERE import_id = ? AND reverted = 0 AND id > ? ORDER BY id LIMIT ?',
        [imp.id, after, this.config.IMPORT_BATCH_SIZE],
      );
      if (!changes.length) break;
      after = Number(changes[changes.length - 1].id);
      const ids = [...new Set(changes.map((change) => Number(change.contact_id)))];
      const createdIds = changes
        .filter((change) => change.field_code === CREATED_FIELD)
        .map((change) => Number(change.contact_id));
      const [contacts, later, criteriaNow, authorizationsNow] = await Promise.all([
        this.dataSource.query(
          `SELECT id, first_name, last_name, email, COALESCE(DATE_FORMAT(birth_date, '%Y-%m-%d'), '') AS birth_date, COALESCE(language, '') AS language
             FROM contacts WHERE institution_id = ? AND id IN (?)`,
          [imp.institutionId, ids],
        ) as Promise<(ContactValues & { id: number })[]>,
        createdIds.length
          ? (this.dataSource.query(
              'SELECT DISTINCT contact_id FROM import_changes WHERE contact_id IN (?) AND import_id <> ? AND reverted = 0',
              [createdIds, imp.id],
            ) as Promise<{ contact_id: number }[]>)
          : Promise.resolve([]),
        this.store.loadCurrent(
          imp.institutionId,
          criteria,
          [...criteria.byCode.values()].map((field) => field.id),
          ids,
        ),
        this.store.loadCurrent(
          imp.institutionId,
          authorizations,
          [...authorizations.byCode.values()].map((field) => field.id),
          ids,
        ),
      ]);
      const byId = new Map(contacts.map((contact) => [Number(contact.id), contact]));
      const touchedLater = new Set(later.map((row) => Number(row.contact_id)));
      const deletes: number[] = [];
      const statements: Statement[] = [];
      const writes = { criterion: [] as FieldWrite[], authorization: [] as FieldWrite[] };
      const issues: Issue[] = [];
      const changedSince = (change: Change, now: string | undefined, message: string) =>
        issues.push({
          line: Number(change.line),
          contactId: String(change.contact_id),
          column: change.field_code === CREATED_FIELD ? 'contact_id' : change.field_code,
          value: now ?? null,
          code: 'CHANGED_SINCE_IMPORT',
          severity: 'conflict',
          message,
        });
      for (const change of changes) {
        const contactId = Number(change.contact_id);
        const contact = byId.get(contactId);
        if (change.field_code === CREATED_FIELD) {
          if (!contact) continue; // already deleted: nothing to undo
          const created = JSON.parse(change.new_value) as ContactValues;
          const same = (Object.keys(created) as ContactColumnCode[]).every(
            (code) => String(contact[code] ?? '') === created[code],
          );
          if (same && !touchedLater.has(contactId)) deletes.push(contactId);
          else
            changedSince(
              change,
              undefined,
              `Contact ${contactId}, created by this import, was changed after it; it was not deleted`,
            );
          continue;
        }
        if (change.field_type === 'contact' && isContactColumn(change.field_code)) {
          const now = contact ? String(contact[change.field_code] ?? '') : undefined;
          if (now !== change.new_value) {
            changedSince(
              change,
              now,
              `${change.field_code} of contact ${contactId} was changed after the import (it holds "${now ?? ''}", the import wrote "${change.new_value}"); it was not restored to "${change.old_value}"`,
            );
            continue;
          }
          statements.push({
            sql: `UPDATE contacts SET ${CONTACT_SQL_COLUMN[change.field_code]} = ? WHERE id = ? AND institution_id = ?`,
            params: [storedValue(change.field_code, change.old_value), contactId, imp.institutionId],
          });
          continue;
        }
        const type = change.field_type === 'authorization' ? 'authorization' : 'criterion';
        const field = models[type].byCode.get(change.field_code);
        const values = (type === 'authorization' ? authorizationsNow : criteriaNow).get(contactId);
        const now = field && values ? (values.get(field.id) ?? '') : undefined;
        const cell = field && restoreCell(field, change.old_value);
        if (!field || now !== change.new_value || !cell) {
          changedSince(
            change,
            now,
            `${change.field_code} of contact ${contactId} was changed after the import (it holds "${now ?? ''}", the import wrote "${change.new_value}"); it was not restored to "${change.old_value}"`,
          );
          continue;
        }
        writes[type].push({
          contactId,
          field,
          oldValue: now,
          newValue: change.old_value,
          cell,
          line: Number(change.line),
        });
      }
      if (deletes.length) {
        statements.push(
          { sql: 'DELETE FROM contact_criterion_values WHERE contact_id IN (?)', params: [deletes] },
          { sql: 'DELETE FROM contact_authorizations WHERE contact_id IN (?)', params: [deletes] },
          { sql: 'DELETE FROM contacts WHERE institution_id = ? AND id IN (?)', params: [imp.institutionId, deletes] },
        );
      }
      await this.store.commit([
        ...statements,
        ...this.store.valueStatements(criteria, writes.criterion),
        ...this.store.valueStatements(authorizations, writes.authorization),
        {
          sql: 'UPDATE import_changes SET reverted = 1 WHERE id IN (?)',
          params: [changes.map((change) => Number(change.id))],
        },
        ...this.store.issueStatements(imp.id, issues),
      ]);
    }
  }
}
