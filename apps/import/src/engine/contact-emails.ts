import type { CsvRecord } from '@app/csv-schema';
import type { ContactsRepository } from '@app/database';
import type { FieldColumn, Issue } from './row-check';

/** The e-mail column, by its code in the contact columns table. */
const EMAIL = 'email';

export type AddIssue = (
  column: string,
  value: string | null,
  code: Issue['code'],
  severity: Issue['severity'],
  message: string,
) => void;

/**
 * Each contact needs its own e-mail: one already used by another contact of the institution or by another
 * line of the file is a warning on create (the contact is created anyway) and an error on update.
 */
export class ContactEmails {
  private column: FieldColumn | undefined;
  /** lower-case e-mail -> first line of the file holding it. */
  private readonly firstLines = new Map<string, number>();

  /** The file's contact columns: the e-mail's, if any, is watched. */
  watch(columns: FieldColumn[]): void {
    this.column = columns.find((column) => column.field.code === EMAIL);
  }

  /** Remembers the line's e-mail (lines committed before a resume too). */
  rememberLine(record: CsvRecord): void {
    if (!this.column) return;
    const key = (record.cells[this.column.newIndex] ?? '').trim().toLowerCase();
    if (key && !this.firstLines.has(key)) this.firstLines.set(key, record.line);
  }

  /** lower-case e-mail -> ids of the institution's contacts using it, for the e-mails a batch writes. */
  usedBy(
    contacts: ContactsRepository,
    institutionId: number,
    written: (string | undefined)[],
  ): Promise<Map<string, number[]>> {
    if (!this.column) return Promise.resolve(new Map());
    const emails = [...new Set(written.map((email) => (email ?? '').toLowerCase()).filter(Boolean))];
    return contacts.idsByEmail(institutionId, emails);
  }

  /** Reports an e-mail the row writes that another contact or another line already has. */
  checkUse(
    row: { create: boolean; contactId: number | null; line: number },
    column: FieldColumn,
    raw: string,
    value: string,
    used: Map<string, number[]>,
    add: AddIssue,
  ): void {
    if (column !== this.column || value === '') return;
    const key = value.toLowerCase();
    const severity = row.create ? 'warning' : 'error';
    const consequence = row.create
      ? 'the contact is created anyway; check that it is not a duplicate'
      : 'the row is not applied; each contact needs its own e-mail';
    const others = (used.get(key) ?? []).filter((id) => id !== row.contactId);
    if (others.length) {
      add(
        column.newName,
        raw,
        'EMAIL_ALREADY_USED',
        severity,
        `${value} is already the e-mail of contact ${others[0]}; ${consequence}`,
      );
      return;
    }
    const firstLine = this.firstLines.get(key);
    if (firstLine !== undefined && firstLine !== row.line) {
      add(
        column.newName,
        raw,
        'DUPLICATE_EMAIL_IN_FILE',
        severity,
        `${value} is also on line ${firstLine} of the file; ${consequence}`,
      );
    }
  }

  /** Where the e-mail column sits among the file's contact columns (-1 when it has none). */
  indexIn(columns: FieldColumn[]): number {
    return this.column ? columns.indexOf(this.column) : -1;
  }
}
