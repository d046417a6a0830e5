import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { ApiErrorCode } from '@app/common';
import { API_ERROR_CODES, CONTACT_COLUMN_CODES, ISSUE_CODE_LIST } from '@app/common';
import { GENERATED_BLOCKS, GENERATED_FILES } from '../../scripts/docs-generated';
import { blockEnd, blockStart, readBlock } from '../../scripts/generated-blocks';

const ROOT = join(__dirname, '..', '..');
const read = (path: string) => (existsSync(join(ROOT, path)) ? readFileSync(join(ROOT, path), 'utf8') : undefined);

function filesUnder(dir: string, keep: (path: string) => boolean): string[] {
  const found: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (keep(path)) found.push(relative(ROOT, path));
    }
  };
  walk(join(ROOT, dir));
  return found;
}

const markdown = () => ['README.md', ...filesUnder('docs', (path) => path.endsWith('.md'))];

/** The docs generated from the code are what the code says, and the docs stand on their own. */
describe('docs', () => {
  it.each(GENERATED_FILES.map(({ file, render }) => [file, render]))('%s is up to date', (file, render) => {
    expect(
      read(file) === render() ? 'up to date' : `${file} differs from the code: run npm run docs and commit the result`,
    ).toBe('up to date');
  });

  it.each(GENERATED_BLOCKS.map(({ file, name, render }) => [`${file} (${name})`, file, name, render]))(
    'the generated block of %s is up to date',
    (_, file, name, render) => {
      const block = readBlock(read(file) ?? '', name);
      expect(
        block === render()
          ? 'up to date'
          : block === undefined
            ? `${file} lacks the markers ${blockStart(name)} and ${blockEnd(name)}`
            : `${file} (${name}) differs from the code: run npm run docs and commit the result`,
      ).toBe('up to date');
    },
  );

  it('list the contact columns only in the generated table, which hand-written text links to', () => {
    // A paragraph naming most of the columns is a hand list that the next column would miss.
    const handLists = markdown().flatMap((file) => {
      let text = readFileSync(join(ROOT, file), 'utf8');
      for (const { name } of GENERATED_BLOCKS.filter((block) => block.file === file)) {
        text = text.replace(`${blockStart(name)}\n${readBlock(text, name) ?? ''}\n${blockEnd(name)}`, '');
      }
      return text
        .split(/\n\s*\n/)
        .filter((paragraph) => CONTACT_COLUMN_CODES.filter((code) => paragraph.includes(`\`${code}\``)).length > 3)
        .map((paragraph) => `${file}: ${paragraph.slice(0, 120)}…`);
    });
    expect(handLists).toEqual([]);
  });

  const productionSources = (catalog: string) =>
    [...filesUnder('apps', (p) => p.endsWith('.ts')), ...filesUnder('libs', (p) => p.endsWith('.ts'))]
      .filter((path) => !/\.(e2e-)?spec\.ts$/.test(path) && !path.includes('/test/') && !path.includes('api-client'))
      .filter((path) => !path.endsWith(catalog))
      .map((path) => readFileSync(join(ROOT, path), 'utf8'))
      .join('\n');

  it('every code of the catalog is produced somewhere in the apps or the libs', () => {
    const sources = productionSources('issues/issue-codes.ts');
    expect(ISSUE_CODE_LIST.filter((code) => !sources.includes(`'${code}'`))).toEqual([]);
  });

  it('every error code of the catalog is answered somewhere in the apps or the libs', () => {
    const sources = productionSources('errors/error-codes.ts');
    const codes = Object.keys(API_ERROR_CODES) as ApiErrorCode[];
    expect(codes.filter((code) => !sources.includes(`'${code}'`))).toEqual([]);
  });

  it('link only to files that exist in the repository', () => {
    const broken: string[] = [];
    for (const file of markdown()) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/i.test(target) || target.startsWith('#')) continue;
        const path = join(dirname(join(ROOT, file)), target.split('#')[0]);
        if (!path.startsWith(ROOT + '/') || !existsSync(path)) broken.push(`${file}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('refer to no file outside the repository', () => {
    const outside = /\.\.\/shared|DESIGN\.md|STYLE\.md|\bseed\/|\bDESIGN\b/;
    const files = [
      ...markdown(),
      '.env.example',
      ...['apps', 'libs', 'scripts', 'test'].flatMap((dir) => filesUnder(dir, (path) => /\.(ts|hbs|json)$/.test(path))),
    ].filter((file) => file !== relative(ROOT, __filename));
    const found = files.flatMap((file) =>
      readFileSync(join(ROOT, file), 'utf8')
        .split('\n')
        .flatMap((line, i) => (outside.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(found).toEqual([]);
  });
});
