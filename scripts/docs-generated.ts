import { CONTACT_COLUMNS_BLOCK, renderContactColumnsTable } from './contact-columns-docs';
import { ERROR_CODES_DOC, renderErrorCodesDoc } from './error-codes-docs';
import { ISSUE_CODES_BLOCK, ISSUE_CODES_DOC, renderIssueCodesDoc, renderReadmeTable } from './issue-codes-docs';

/**
 * Everything `npm run docs` writes from the code; test/unit/docs.spec.ts fails while a committed text differs.
 * Whole files, and blocks between markers in hand-written files (generated-blocks.ts).
 */
export const GENERATED_FILES: { file: string; render: () => string }[] = [
  { file: ISSUE_CODES_DOC, render: renderIssueCodesDoc },
  { file: ERROR_CODES_DOC, render: renderErrorCodesDoc },
];

export const GENERATED_BLOCKS: { file: string; name: string; render: () => string }[] = [
  { ...ISSUE_CODES_BLOCK, render: renderReadmeTable },
  { ...CONTACT_COLUMNS_BLOCK, render: renderContactColumnsTable },
];
