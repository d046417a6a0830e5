import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ISSUE_CODE_LIST } from '@app/common';
import {
  ISSUE_CODES_DOC,
  README_END,
  README_START,
  renderIssueCodesDoc,
  renderReadmeTable,
} from '../../scripts/issue-codes-docs';

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
  it('docs/issue-codes.md is up to date', () => {
    expect(
      read(ISSUE_CODES_DOC) === renderIssueCodesDoc()
        ? 'up to date'
        : `${ISSUE_CODES_DOC} differs from the catalog: run npm run docs and commit the result`,
    ).toBe('up to date');
  });

  it("the README's issue-code table is up to date", () => {
    const readme = read('README.md') ?? '';
    const start = readme.indexOf(README_START);
    const end = readme.indexOf(README_END);
    const table = start < 0 || end < start ? undefined : readme.slice(start + README_START.length, end).trim();
    expect(
      table === renderReadmeTable()
        ? 'up to date'
        : 'README.md differs from the catalog: run npm run docs and commit the result',
    ).toBe('up to date');
  });

  it('every code of the catalog is produced somewhere in the apps or the libs', () => {
    const sources = [...filesUnder('apps', (p) => p.endsWith('.ts')), ...filesUnder('libs', (p) => p.endsWith('.ts'))]
      .filter((path) => !/\.(e2e-)?spec\.ts$/.test(path) && !path.includes('/test/') && !path.includes('api-client'))
      .filter((path) => !path.endsWith('issues/issue-codes.ts'))
      .map((path) => readFileSync(join(ROOT, path), 'utf8'))
      .join('\n');
    expect(ISSUE_CODE_LIST.filter((code) => !sources.includes(`'${code}'`))).toEqual([]);
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
