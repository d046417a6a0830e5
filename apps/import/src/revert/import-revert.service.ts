import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/common';
import type { Import, PendingChange } from '@app/database';
import {
  BatchWriter,
  CodesRepository,
  ContactsRepository,
  CREATED_CONTACT,
  FieldValuesRepository,
  ImportsRepository,
} from '@app/database';
import type { FieldKindName } from '@app/fields';
import { loadFieldSets } from '@app/fields';
import type { Issue } from '../engine/row-check';
import type { KindRevert } from './changed-since';
import { changedSince } from './changed-since';
import { CreatedContactRevert } from './created-contact-revert';
import { FieldRevert } from './field-revert';

/**
 * Undoes an applied import from its change log, batch by batch, whatever its data type: each logged change
 * goes to the revert of its field kind, which restores it where the field still holds what the import wrote
 * and else reports CHANGED_SINCE_IMPORT; a contact the import created goes to CreatedContactRevert.
 * Resumable: each batch marks its changes reverted in its transaction.
 */
@Injectable()
export class ImportRevert {
  constructor(
    private readonly config: AppConfig,
    private readonly codes: CodesRepository,
    private readonly values: FieldValuesRepository,
    private readonly contacts: ContactsRepository,
    private readonly imports: ImportsRepository,
    private readonly writer: BatchWriter,
  ) {}

  async run(imp: Import): Promise<void> {
    const fields = loadFieldSets(await this.codes.codeMaps(imp.institutionId));
    const readers = { values: this.values, contacts: this.contacts };
    let after = 0;
    for (;;) {
      const changes = await this.imports.pendingChanges(imp.id, after, this.config.IMPORT_BATCH_SIZE);
      if (!changes.length) break;
      after = changes[changes.length - 1].id;
      // In this order the batch's statements run: contact columns, created contacts, criteria, authorizations.
      const byKind: Record<FieldKindName | 'created', KindRevert> = {
        contact: new FieldRevert(fields.contact, readers, imp.institutionId),
        created: new CreatedContactRevert(this.contacts, this.imports, imp.id, imp.institutionId),
        criterion: new FieldRevert(fields.criterion, readers, imp.institutionId),
        authorization: new FieldRevert(fields.authorization, readers, imp.institutionId),
      };
      const revertOf = (change: PendingChange): KindRevert | undefined =>
        change.fieldCode === CREATED_CONTACT ? byKind.created : byKind[change.fieldType as FieldKindName];
      const idsByRevert = new Map<KindRevert, Set<number>>();
      for (const change of changes) {
        const revert = revertOf(change);
        if (revert) idsByRevert.set(revert, (idsByRevert.get(revert) ?? new Set()).add(change.contactId));
      }
      await Promise.all([...idsByRevert].map(([revert, ids]) => revert.load([...ids])));
      const issues: Issue[] = [];
      for (const change of changes) {
        const outcome = revertOf(change)?.revert(change) ?? { restored: false, issue: changedSince(change, undefined) };
        if (!outcome.restored) issues.push(outcome.issue);
      }
      await this.writer.commit([
        ...Object.values(byKind).flatMap((revert) => revert.statements()),
        this.imports.markRevertedStatement(changes.map((change) => change.id)),
        ...this.imports.issueStatements(imp.id, issues),
      ]);
    }
  }
}
