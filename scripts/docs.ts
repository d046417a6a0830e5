import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ISSUE_CODES_DOC, renderIssueCodesDoc, withReadmeTable } from './issue-codes-docs';

/**
 * `npm run docs`: writes docs/issue-codes.md and the issue-code table of README.md from the catalog in
 * libs/common. Run from the repository root after changing a code; `npm test` fails while they differ.
 */
function main(): void {
  const root = process.cwd();
  mkdirSync(join(root, 'docs'), { recursive: true });
  writeFileSync(join(root, ISSUE_CODES_DOC), renderIssueCodesDoc());
  console.log(ISSUE_CODES_DOC);
  const readme = join(root, 'README.md');
  writeFileSync(readme, withReadmeTable(readFileSync(readme, 'utf8')));
  console.log('README.md (issue codes)');
}

main();
