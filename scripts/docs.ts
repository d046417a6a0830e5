import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GENERATED_BLOCKS, GENERATED_FILES } from './docs-generated';
import { withBlock } from './generated-blocks';

/**
 * `npm run docs`: writes the docs generated from the code (docs-generated.ts: the issue-code and error-code
 * tables, the contact columns table) into docs/ and between the markers of README.md and docs/*.md. Run from the
 * repository root after changing a catalog or the contact columns; `npm test` fails while they differ.
 */
function main(): void {
  const root = process.cwd();
  for (const { file, render } of GENERATED_FILES) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), render());
    console.log(file);
  }
  for (const { file, name, render } of GENERATED_BLOCKS) {
    const path = join(root, file);
    writeFileSync(path, withBlock(readFileSync(path, 'utf8'), name, render(), file));
    console.log(`${file} (${name})`);
  }
}

main();
