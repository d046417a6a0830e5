import { CONTACT_COLUMNS } from '@app/common';
import { cell } from './generated-blocks';

/** The block of docs/file-format.md that `npm run docs` writes from the contact columns table. */
export const CONTACT_COLUMNS_BLOCK = { file: 'docs/file-format.md', name: 'contact-columns' };

const code = (text: string) => `\`${text}\``;

/**
 * The contact columns in template order: the template's code, the API's property, the stored spelling (what the
 * template writes and the API takes), what a contacts import accepts, and the issue codes of the column.
 */
export function renderContactColumnsTable(): string {
  return [
    '| column (template, import) | API property | written by the template, sent to the API as | a contacts import accepts | issue codes |',
    '| --- | --- | --- | --- | --- |',
    ...CONTACT_COLUMNS.map((column) =>
      [
        code(column.code),
        `${code(column.apiName)}${column.empty === null ? ' (`null` when empty)' : ''}`,
        cell(column.api.spelling),
        cell(column.accepts),
        column.issueCodes.map(code).join(', '),
      ].join(' | '),
    ).map((row) => `| ${row} |`),
  ].join('\n');
}
