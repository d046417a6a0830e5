import type { ContactValues } from '@app/common';
import type { ContactsRepository, ImportsRepository, PendingChange, Statement } from '@app/database';
import { deleteContactsStatements } from '@app/database';
import type { KindRevert, RevertOutcome } from './changed-since';
import { changedSince } from './changed-since';

/** Contacts the import created: deleted unless changed since (by hand or by another import). */
export class CreatedContactRevert implements KindRevert {
  private contacts = new Map<number, ContactValues>();
  private touchedLater = new Set<number>();
  private readonly deletes: number[] = [];

  constructor(
    private readonly contactsRepository: ContactsRepository,
    private readonly imports: ImportsRepository,
    private readonly importId: number,
    private readonly institutionId: number,
  ) {}

  async load(contactIds: number[]): Promise<void> {
    [this.contacts, this.touchedLater] = await Promise.all([
      this.contactsRepository.findColumns(this.institutionId, contactIds),
      this.imports.touchedByOtherImports(this.importId, contactIds),
    ]);
  }

  revert(change: PendingChange): RevertOutcome {
    const { contactId } = change;
    const contact = this.contacts.get(contactId);
    if (!contact) return { restored: true }; // already deleted: nothing to undo
    const created = JSON.parse(change.newValue) as Partial<ContactValues>;
    const same = (Object.keys(created) as (keyof ContactValues)[]).every(
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

  statements(): Statement[] {
    return this.deletes.length ? deleteContactsStatements(this.institutionId, this.deletes) : [];
  }
}
