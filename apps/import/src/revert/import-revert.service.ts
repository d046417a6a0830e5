import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/common';
import type { Import } from '@app/database';
import { BatchWriter, FieldValuesRepository, ImportsRepository } from '@app/database';
import { loadFieldSets } from '@app/fields';
import { loadCodeMaps } from '@app/targeting';
import type { Issue } from '../engine/row-check';
import { CREATED_FIELD } from '../engine/contact-rows';
import type { KindRevert } from './changed-since';
import { changedSince } from './changed-since';
import { ContactRevert } from './contact-revert';
import { FieldRevert } from './field-revert';

/**
 * Undoes an applied import from its change log, batch by batch, whatever its data type: each logged change
 * goes to the revert of its field kind, which restores it where the field still holds what the import wrote
 * and else reports CHANGED_SINCE_IMPORT. Resumable: each batch marks its changes reverted in its transaction.
 */
@Injectable()
export class ImportRevert {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly values: FieldValuesRepository,
    private readonly imports: ImportsRepository,
    private readonly writer: BatchWriter,
  ) {}

  async run(imp: Import): Promise<void> {
    const fields = loadFieldSets(await loadCodeMaps(this.dataSource, imp.institutionId));
    let after = 0;
    for (;;) {
      const changes = await this.imports.pendingChanges(imp.id, after, this.config.IMPORT_BATCH_SIZE);
      if (!changes.length) break;
      after = changes[changes.length - 1].id;
      const createdIds = changes.filter((c) => c.fieldCode === CREATED_FIELD).map((c) => c.contactId);
      // In this order the batch's statements run: contact columns, then criteria, then authorizations.
      const reverts: Record<string, KindRevert> = {
        contact: new ContactRevert(this.dataSource, this.imports, imp.id, imp.institutionId, createdIds),
        criterion: new FieldRevert(fields.criterion, this.values, imp.institutionId),
        authorization: new FieldRevert(fields.authorization, this.values, imp.institutionId),
      };
      const kinds = new Set(changes.map((change) => change.fieldType));
      const contactIds = [...new Set(changes.map((change) => change.contactId))];
      await Promise.all([...kinds].map((kind) => reverts[kind]?.load(contactIds)));
      const issues: Issue[] = [];
      for (const change of changes) {
        const outcome = reverts[change.fieldType]?.revert(change) ?? {
          restored: false,
          issue: changedSince(change, undefined),
        };
        if (!outcome.restored) issues.push(outcome.issue);
      }
      await this.writer.commit([
        ...Object.values(reverts).flatMap((revert) => revert.statements()),
        this.imports.markRevertedStatement(changes.map((change) => change.id)),
        ...this.imports.issueStatements(imp.id, issues),
      ]);
    }
  }
}
